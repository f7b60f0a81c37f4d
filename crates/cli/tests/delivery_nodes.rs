//! Several `pms` nodes on one PostgreSQL database share the delivery queue: two servers deliver
//! 10,000 events to one receiver; one of them is killed mid-way and the other finishes. Nothing
//! is lost, and an event arrives twice only when the killed node had it in flight (its lease
//! runs out and the other node delivers it again). Also: webhooks, deliveries and the audit
//! export from the command line.

mod common;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use common::*;
use hmac::{KeyInit, Mac};
use pms_store::repo::{delivery, outbox};
use pms_store::{Store, StoreOptions};
use pms_testkit::TestDatabase;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const EVENTS: usize = 10_000;
const BATCH: usize = 100;
const SECRET: &str = "two-nodes-webhook-secret";

#[derive(Default)]
struct Received {
    /// Times each event id arrived.
    counts: HashMap<String, usize>,
    bad_signatures: usize,
}

async fn receiver() -> (String, Arc<Mutex<Received>>) {
    let received: Arc<Mutex<Received>> = Arc::default();
    let store = received.clone();
    let app = axum::Router::new().fallback(move |headers: HeaderMap, body: Bytes| {
        let store = store.clone();
        async move {
            let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();
            mac.update(&body);
            let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
            let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
            let mut r = store.lock().unwrap();
            if header("x-pms-signature") != expected {
                r.bad_signatures += 1;
            }
            *r.counts.entry(header("x-pms-event-id")).or_default() += 1;
            StatusCode::NO_CONTENT
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/events", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, received)
}

/// Queues `n` events for the webhooks subscribed to POLICY_UPDATED, as business writes would.
async fn queue_events(db: &TestDatabase, n: usize) {
    let store = Store::connect(&db.url, &StoreOptions { max_connections: 2 }).await.unwrap();
    let now = chrono::Utc::now();
    for chunk in 0..n.div_ceil(1000) {
        let tx = store.begin().await.unwrap();
        let mut rows = Vec::new();
        let mut recipients = delivery::Recipients::new(None, None, now);
        for i in chunk * 1000..((chunk + 1) * 1000).min(n) {
            let payload = serde_json::json!({"topic": "POLICY_UPDATED", "event": {"n": i}});
            let id = outbox::enqueue(&*tx, "POLICY_UPDATED", &payload, now).await.unwrap();
            rows.extend(recipients.of(&*tx, &id, "POLICY_UPDATED").await.unwrap());
        }
        delivery::insert(&*tx, rows, now).await.unwrap();
        tx.commit().await.unwrap();
    }
    store.close().await.unwrap();
}

fn kill(child: &mut std::process::Child) {
    std::process::Command::new("kill").args(["-KILL", &child.id().to_string()]).status().unwrap();
    let _ = child.wait();
}

#[tokio::test]
async fn two_nodes_deliver_every_event_and_one_survives_the_other() {
    let db = TestDatabase::create().await;
    if !db.is_postgres() {
        // Several nodes need a shared server database; the SQLite file belongs to one process.
        return;
    }
    let (url, received) = receiver().await;
    let out = run_pms(&db, &["webhook", "add", "--url", &url, "--topic", "POLICY_UPDATED", "--secret", SECRET], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    queue_events(&db, EVENTS).await;

    let envs = [
        ("PMS_DELIVERY_LEASE_SECONDS", "10"),
        ("PMS_DELIVERY_BATCH", "100"),
        ("PMS_DELIVERY_POLL_MILLIS", "50"),
        ("PMS_ADMIN_PASSWORD", "two-nodes-admin-1"),
    ];
    let (port_a, port_b) = (free_port(), free_port());
    let (mut a, _) = serve(&db, port_a, &envs);
    let (mut b, _) = serve(&db, port_b, &envs);
    let deadline = Instant::now() + Duration::from_secs(180);
    let total = || received.lock().unwrap().counts.len();
    while total() < EVENTS / 5 {
        assert!(Instant::now() < deadline, "deliveries did not start: {}", total());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    kill(&mut a);
    let at_kill = total();
    // Node B finishes the queue, the rows node A held included once their lease has run out.
    let store = Store::connect(&db.url, &StoreOptions { max_connections: 1 }).await.unwrap();
    let pending = delivery::Filter { status: Some("pending".into()), ..Default::default() };
    loop {
        let left = delivery::list(store.db(), &pending, 0, 1).await.unwrap().total;
        if left == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "node B did not finish: {left} deliveries left, {} events received",
            total()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    terminate(&mut b);

    {
        let r = received.lock().unwrap();
        assert_eq!(r.counts.len(), EVENTS, "every event arrived");
        assert_eq!(r.bad_signatures, 0);
        let twice = r.counts.values().filter(|&&n| n > 1).count();
        assert!(r.counts.values().all(|&n| n <= 2), "no event arrived three times");
        // Only the batch node A held when it died can arrive again.
        assert!(twice <= BATCH, "{twice} events arrived twice (killed after {at_kill})");
    }
    let filter = delivery::Filter { status: Some("delivered".into()), ..Default::default() };
    assert_eq!(delivery::list(store.db(), &filter, 0, 1).await.unwrap().total, EVENTS as u64);
    store.close().await.unwrap();
}

#[tokio::test]
async fn webhooks_deliveries_and_the_audit_trail_from_the_command_line() {
    let db = TestDatabase::create().await;
    let text = |out: std::process::Output| {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let added = text(run_pms(
        &db,
        &[
            "webhook",
            "add",
            "--url",
            "http://127.0.0.1:9/x",
            "--topic",
            "PARTNER_UPDATED",
            "--topic",
            "APIKEY_UPDATED",
            "--secret",
            SECRET,
        ],
        None,
    ));
    let id = added.split_whitespace().nth(2).unwrap().to_string();
    let listed = text(run_pms(&db, &["webhook", "list"], None));
    assert!(listed.contains(&id) && listed.contains("APIKEY_UPDATED,PARTNER_UPDATED"), "{listed}");
    assert!(!listed.contains(SECRET));
    let refused = run_pms(&db, &["webhook", "add", "--url", "x", "--topic", "NOPE", "--secret", "s"], None);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("PMS_EVT_"), "{refused:?}");

    let replay = text(run_pms(&db, &["delivery", "replay", "--from", "2020-01-01T00:00:00Z"], None));
    assert!(replay.starts_with("0 deliveries queued"), "{replay}");
    let log = text(run_pms(&db, &["delivery", "list", "--status", "dead"], None));
    assert!(log.contains("0 deliveries in all"), "{log}");
    let missing = run_pms(&db, &["delivery", "retry", "no-such-delivery"], None);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("PMS_EVT_006"), "{missing:?}");
    text(run_pms(&db, &["webhook", "remove", &id], None));
    assert!(!text(run_pms(&db, &["webhook", "list"], None)).contains(&id));

    // The audit trail holds those commands; JSON Lines carries the stored rows, CSV the sentences.
    let from = "2020-01-01T00:00:00Z";
    let to = "2100-01-01T00:00:00Z";
    let jsonl = text(run_pms(&db, &["audit", "export", "--from", from, "--to", to, "--format", "jsonl"], None));
    let rows: Vec<serde_json::Value> =
        jsonl.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    let actions: Vec<&str> = rows.iter().filter_map(|r| r["action"].as_str()).collect();
    for wanted in ["webhook.create", "webhook.remove", "event.replay"] {
        assert!(actions.contains(&wanted), "{wanted} in {actions:?}");
    }
    assert!(rows.iter().all(|r| r["actor"].as_str().is_some_and(|a| a.starts_with("cli:"))), "{rows:?}");
    let csv = text(run_pms(&db, &["audit", "export", "--from", from, "--to", to, "--format", "csv"], None));
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("occurredAt,actor,action"), "{csv}");
    assert_eq!(lines.count(), rows.len());
    let none = text(run_pms(
        &db,
        &["audit", "export", "--from", from, "--to", "2020-01-02T00:00:00Z", "--format", "jsonl"],
        None,
    ));
    assert!(none.is_empty());
    let bad = run_pms(&db, &["audit", "export", "--from", "yesterday", "--to", to], None);
    assert!(!bad.status.success());
}
