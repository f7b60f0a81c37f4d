//! Measures event delivery with release `pms serve` processes over loopback HTTP:
//! throughput (a backlog of events drained by one node, then by two nodes sharing one database)
//! and delivery lag p50/p99 (from the commit of a partner status change made through the API to
//! the event's arrival at a webhook receiver).
//!
//! `cargo run --release -p pms-bench --bin pms-bench-delivery -- --help`

use anyhow::{bail, Context, Result};
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use clap::Parser;
use pms_store::repo::{delivery, outbox};
use pms_store::{Store, StoreOptions};
use pms_testkit::TestDatabase;
use serde_json::json;
use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ADMIN_PASSWORD: &str = "bench-admin-password-1";

#[derive(Parser, Clone)]
struct Args {
    /// `sqlite` or `postgres` (two nodes need PostgreSQL).
    #[arg(long, default_value = "postgres")]
    database: String,
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432")]
    postgres: String,
    #[arg(long, default_value = "target/release/pms")]
    pms: String,
    /// Events in the backlog of each throughput run.
    #[arg(long, default_value_t = 20_000)]
    events: usize,
    /// Partner status changes of the lag run.
    #[arg(long, default_value_t = 500)]
    changes: usize,
}

/// When each event id arrived.
type Arrivals = Arc<Mutex<HashMap<String, Instant>>>;

async fn receiver() -> Result<(String, Arrivals)> {
    let arrivals: Arrivals = Arc::default();
    let seen = arrivals.clone();
    let app = axum::Router::new().fallback(move |headers: HeaderMap, _body: Bytes| {
        let seen = seen.clone();
        async move {
            let id = headers.get("x-pms-event-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
            seen.lock().unwrap().entry(id).or_insert_with(Instant::now);
            StatusCode::NO_CONTENT
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/events", listener.local_addr()?);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok((url, arrivals))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(18080)
}

struct Node {
    child: Child,
    port: u16,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start(args: &Args, db: &TestDatabase) -> Result<Node> {
    let port = free_port();
    let child = Command::new(&args.pms)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--database-url", &db.url, "--data-dir"])
        .arg(&db.dir)
        .env("PMS_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("PMS_LOG", "warn")
        .env("PMS_DELIVERY_POLL_MILLIS", "100")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("cannot start {}", args.pms))?;
    let node = Node { child, port };
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(r) = reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await {
            if r.status() == 200 {
                return Ok(node);
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bail!("pms on port {port} did not become healthy")
}

async fn queue_backlog(store: &Store, n: usize) -> Result<()> {
    let now = chrono::Utc::now();
    for chunk in 0..n.div_ceil(1000) {
        let tx = store.begin().await?;
        let mut rows = Vec::new();
        let mut recipients = delivery::Recipients::new(None, None, now);
        for i in chunk * 1000..((chunk + 1) * 1000).min(n) {
            let payload = json!({"topic": "POLICY_UPDATED", "event": {"n": i, "data": "x".repeat(200)}});
            let id = outbox::enqueue(&*tx, "POLICY_UPDATED", &payload, now).await?;
            rows.extend(recipients.of(&*tx, &id, "POLICY_UPDATED").await?);
        }
        delivery::insert(&*tx, rows, now).await?;
        tx.commit().await?;
    }
    Ok(())
}

async fn drain_with(args: &Args, db: &TestDatabase, store: &Store, arrivals: &Arrivals, nodes: usize) -> Result<f64> {
    arrivals.lock().unwrap().clear();
    queue_backlog(store, args.events).await?;
    let started = Instant::now();
    let mut running = Vec::new();
    for _ in 0..nodes {
        running.push(start(args, db).await?);
    }
    let deadline = Instant::now() + Duration::from_secs(600);
    while arrivals.lock().unwrap().len() < args.events {
        if Instant::now() > deadline {
            bail!("only {} of {} events arrived", arrivals.lock().unwrap().len(), args.events);
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let last = arrivals.lock().unwrap().values().max().copied().unwrap_or(started);
    drop(running);
    Ok(args.events as f64 / (last - started).as_secs_f64())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn lag(args: &Args, db: &TestDatabase, arrivals: &Arrivals) -> Result<(f64, f64)> {
    arrivals.lock().unwrap().clear();
    let node = start(args, db).await?;
    let base = format!("http://127.0.0.1:{}", node.port);
    let http = reqwest::Client::new();
    let login: serde_json::Value = http
        .post(format!("{base}/v1/auth/login"))
        .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
        .send()
        .await?
        .json()
        .await?;
    let token = login["response"]["token"].as_str().or(login["token"].as_str()).context("no token")?.to_string();
    // One partner, approved, then deactivated and re-activated in turn: each change publishes
    // PARTNER_UPDATED through the write path.
    let group = json!({"id": "x", "version": "1.0", "requesttime": "2026-01-01T00:00:00.000Z",
        "request": {"name": "Bench", "desc": "benchmark"}});
    http.post(format!("{base}/v1/policymanager/policies/group/new")).bearer_auth(&token).json(&group).send().await?;
    let register = json!({"id": "x", "version": "1.0", "requesttime": "2026-01-01T00:00:00.000Z", "request": {
        "partnerId": "admin", "organizationName": "Bench Org", "address": "1 Main Street", "contactNumber": "+33 1234 5678",
        "emailId": "bench@example.org", "partnerType": "Auth_Partner", "policyGroup": "Bench", "langCode": "eng"}});
    let b: serde_json::Value = http
        .post(format!("{base}/v1/partnermanager/partners"))
        .bearer_auth(&token)
        .json(&register)
        .send()
        .await?
        .json()
        .await?;
    if !b["errors"].as_array().is_none_or(|e| e.is_empty()) {
        bail!("partner not registered: {b}");
    }
    let mut sent: Vec<Instant> = Vec::new();
    for i in 0..args.changes + 1 {
        let action = if i == 0 {
            "approve"
        } else if i % 2 == 1 {
            "deactivate"
        } else {
            "reactivate"
        };
        let field = if action == "deactivate" { "reason" } else { "comment" };
        let body = json!({"id": format!("mosip.pms.partner.{action}.post"), "version": "1.0",
            "requestTime": chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(), "request": { field: "bench" }});
        let at = Instant::now();
        let r = http
            .post(format!("{base}/v1/partnermanager/admin-partners/admin/{action}"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await?;
        if !r.status().is_success() {
            bail!("{action}: {}", r.status());
        }
        sent.push(at);
        // About 50 changes a second: the lag of a steady stream, not of a backlog.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while arrivals.lock().unwrap().len() < sent.len() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Event ids are time-ordered (UUIDv7), so sorting them pairs each arrival with its request.
    let mut got: Vec<(String, Instant)> = arrivals.lock().unwrap().iter().map(|(k, v)| (k.clone(), *v)).collect();
    got.sort();
    if got.len() != sent.len() {
        bail!("{} of {} events arrived", got.len(), sent.len());
    }
    let mut lags: Vec<f64> =
        got.iter().zip(&sent).map(|((_, arrived), at)| (*arrived - *at).as_secs_f64() * 1000.0).collect();
    lags.sort_by(|a, b| a.total_cmp(b));
    drop(node);
    Ok((percentile(&lags, 0.5), percentile(&lags, 0.99)))
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    if args.database == "postgres" {
        std::env::set_var("PMS_TEST_DATABASE_URL", &args.postgres);
    } else {
        std::env::remove_var("PMS_TEST_DATABASE_URL");
    }
    let db = TestDatabase::create().await;
    let store = Store::connect(&db.url, &StoreOptions { max_connections: 4 }).await?;
    store.migrate().await?;
    let (url, arrivals) = receiver().await?;
    let out = Command::new(&args.pms)
        .args(["webhook", "add", "--url", &url, "--topic", "POLICY_UPDATED", "--topic", "PARTNER_UPDATED"])
        .args(["--secret", "benchmark-webhook-secret", "--database-url", &db.url, "--data-dir"])
        .arg(&db.dir)
        .env("PMS_LOG", "warn")
        .output()?;
    if !out.status.success() {
        bail!("webhook add failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    println!("database: {}", args.database);
    let one = drain_with(&args, &db, &store, &arrivals, 1).await?;
    println!("throughput, one node:  {one:.0} events/s ({} events)", args.events);
    if db.is_postgres() {
        let two = drain_with(&args, &db, &store, &arrivals, 2).await?;
        println!("throughput, two nodes: {two:.0} events/s ({} events)", args.events);
    }
    let (p50, p99) = lag(&args, &db, &arrivals).await?;
    println!("delivery lag (API commit to arrival, {} changes): p50 {p50:.1} ms, p99 {p99:.1} ms", args.changes + 1);
    store.close().await?;
    Ok(())
}
