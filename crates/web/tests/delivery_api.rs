//! Events reaching downstream systems over HTTP: signed webhooks with retries, timeouts and dead
//! letters, manual retry and replay, the built-in WebSub hub (intent, distribution, unsubscribe,
//! lease), a crashed node's leases taken over by a restarted server, e-mails and notifications of
//! the partner story, expiry reminders once per threshold, and `/metrics`.

mod common;

use chrono::Duration;
use common::receiver::{signature, Answer, Receiver};
use common::*;
use pms_domain::roles::AUTH_PARTNER;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const PM: &str = "/v1/partnermanager";

async fn add_webhook(app: &TestApp, admin: &str, url: &str, topics: &[&str], secret: &str) -> String {
    let body = v2("mosip.pms.webhook.create", json!({"url": url, "topics": topics, "secret": secret}));
    let (s, b) = app.post("/v1/pms/webhooks", admin, body).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    b["response"]["id"].as_str().unwrap().to_string()
}

async fn deliveries(app: &TestApp, admin: &str, query: &str) -> Vec<Value> {
    let (s, b) = app.get(&format!("/v1/pms/deliveries?{query}"), admin).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    b["response"]["data"].as_array().cloned().unwrap_or_default()
}

/// The one delivery to a subscriber (newest first when there are several).
async fn delivery_to(app: &TestApp, admin: &str, target_id: &str) -> Value {
    deliveries(app, admin, &format!("targetId={target_id}")).await.into_iter().next().expect("a delivery")
}

async fn registered_partner(app: &TestApp, id: &str, group: &str) -> String {
    let token = app.token_for_new_user(id, &[AUTH_PARTNER]).await;
    let register = legacy(json!({"partnerId": id, "organizationName": format!("{id} Org"), "address": "1 Main Street",
        "contactNumber": "+33 1234 5678", "emailId": format!("{id}@example.org"), "partnerType": "Auth_Partner",
        "policyGroup": group, "langCode": "eng"}));
    let (s, b) = app.post(&format!("{PM}/partners"), &token, register).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    token
}

/// The stored events of a topic as `(id, exact payload text)`, oldest first.
async fn stored_events(app: &TestApp, topic: &str) -> Vec<(String, String)> {
    let rows = pms_store::repo::outbox::by_topic(app.services.store().db(), topic).await.unwrap();
    rows.into_iter().map(|e| (e.id, e.payload)).collect()
}

#[tokio::test]
async fn webhooks_get_signed_events_with_retries_timeouts_and_dead_letters() {
    let app = TestApp::spawn_with(|c| {
        c.delivery_timeout_seconds = 1;
        c.delivery_max_attempts = 3;
    })
    .await;
    let admin = app.admin_token().await;
    let flaky = Receiver::start(|n, _| if n < 2 { Answer::Status(500) } else { Answer::Status(204) }).await;
    let gone = Receiver::answering(410).await;
    let hanging = Receiver::start(|_, _| Answer::Hang).await;
    let other_topic = Receiver::answering(200).await;
    let flaky_id = add_webhook(&app, &admin, &flaky.url, &["POLICY_UPDATED"], "flaky-receiver-secret").await;
    let gone_id = add_webhook(&app, &admin, &gone.url, &["POLICY_UPDATED"], "gone-receiver-secret!").await;
    let hanging_id = add_webhook(&app, &admin, &hanging.url, &["POLICY_UPDATED"], "hanging-receiver-secret").await;
    add_webhook(&app, &admin, &other_topic.url, &["APIKEY_UPDATED"], "other-topic-secret-1").await;

    let group_id = app.create_group(&admin, "Banking").await;
    app.published_policy(&admin, &group_id, "Banking", "KYC").await;
    let events = stored_events(&app, "POLICY_UPDATED").await;
    assert_eq!(events.len(), 1);
    let (event_id, payload) = events[0].clone();
    assert!(flaky.hits().is_empty(), "nothing is sent before the worker runs: the write does not wait");

    // First round: 500, 410 and a timeout.
    app.deliver().await;
    let d = delivery_to(&app, &admin, &flaky_id).await;
    assert_eq!(
        (d["status"].as_str(), d["attempts"].as_i64(), d["lastHttpStatus"].as_i64()),
        (Some("pending"), Some(1), Some(500)),
        "{d}"
    );
    assert!(d["latencyMs"].is_i64() && d["nextAttemptAt"].is_string(), "{d}");
    let d = delivery_to(&app, &admin, &gone_id).await;
    assert_eq!(
        (d["status"].as_str(), d["lastHttpStatus"].as_i64()),
        (Some("dead"), Some(410)),
        "410 ends it at once: {d}"
    );
    let d = delivery_to(&app, &admin, &hanging_id).await;
    assert_eq!((d["status"].as_str(), d["lastError"].as_str()), (Some("pending"), Some("timed out")), "{d}");
    assert!(other_topic.hits().is_empty(), "a webhook gets only its topics");

    // Not due yet: nothing happens until the clock reaches the backoff.
    app.deliver().await;
    assert_eq!(flaky.hits().len(), 1);
    app.clock.advance(Duration::minutes(1));
    app.deliver().await;
    app.clock.advance(Duration::minutes(1));
    app.deliver().await;
    let d = delivery_to(&app, &admin, &flaky_id).await;
    assert_eq!(
        (d["status"].as_str(), d["attempts"].as_i64(), d["lastHttpStatus"].as_i64()),
        (Some("delivered"), Some(3), Some(204)),
        "{d}"
    );
    let d = delivery_to(&app, &admin, &hanging_id).await;
    assert_eq!((d["status"].as_str(), d["attempts"].as_i64()), (Some("dead"), Some(3)), "out of attempts: {d}");
    let dead = deliveries(&app, &admin, "status=dead").await;
    assert_eq!(dead.len(), 2, "{dead:?}");

    // Every attempt carried the event exactly as stored, its id, its topic and a valid signature.
    let posts = flaky.posts();
    assert_eq!(posts.len(), 3);
    for hit in &posts {
        assert_eq!(hit.body, payload.as_bytes(), "the body is the stored event, byte for byte");
        assert_eq!(hit.header("x-pms-event-id").as_deref(), Some(event_id.as_str()));
        assert_eq!(hit.header("x-pms-topic").as_deref(), Some("POLICY_UPDATED"));
        assert_eq!(hit.header("content-type").as_deref(), Some("application/json"));
        assert_eq!(hit.header("x-pms-signature"), Some(signature("flaky-receiver-secret", &hit.body)));
    }
    assert_ne!(posts[0].header("x-pms-signature"), Some(signature("gone-receiver-secret!", &posts[0].body)));

    // A dead letter can be retried by hand, with a fresh count.
    let dead_id = delivery_to(&app, &admin, &gone_id).await["id"].as_str().unwrap().to_string();
    let (_, b) = app.post(&format!("/v1/pms/deliveries/{dead_id}/retry"), &admin, json!({})).await;
    assert_eq!(
        (b["response"]["status"].as_str(), b["response"]["attempts"].as_i64()),
        (Some("pending"), Some(0)),
        "{b}"
    );
    app.deliver().await;
    assert_eq!(gone.hits().len(), 2);
    let (_, b) = app.get("/v1/pms/deliveries/no-such-delivery", &admin).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_EVT_006"));

    // Replay from a time, for one webhook: the same event, the same id, again.
    let from = events_time(&app).await - Duration::seconds(1);
    let body = v2("mosip.pms.events.replay", json!({"from": pms_service::events::utc(from), "webhookId": flaky_id}));
    let (_, b) = app.post("/v1/pms/events/replay", &admin, body).await;
    assert_eq!(b["response"]["queued"], 1, "{b}");
    app.deliver().await;
    let posts = flaky.posts();
    assert_eq!(posts.len(), 4);
    assert_eq!(posts[3].header("x-pms-event-id").as_deref(), Some(event_id.as_str()));
    assert_eq!(deliveries(&app, &admin, &format!("targetId={flaky_id}")).await.len(), 2, "the log keeps both");
    let body = v2("mosip.pms.events.replay", json!({"from": "2030-01-01T00:00:00Z", "to": "2029-01-01T00:00:00Z"}));
    let (_, b) = app.post("/v1/pms/events/replay", &admin, body).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_EVT_008"));

    // Removing a webhook gives up what still waits for it.
    app.published_policy(&admin, &group_id, "Banking", "KYC 2").await;
    let (_, b) = app.send(Method::DELETE, &format!("/v1/pms/webhooks/{hanging_id}"), Some(&admin), None).await;
    assert_eq!(error_code(&b), None, "{b}");
    app.deliver().await;
    assert_eq!(hanging.hits().len(), 3, "no call after removal");
    let (_, b) = app.get(&format!("/v1/pms/webhooks/{hanging_id}"), &admin).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_EVT_005"));

    // Refused webhooks store nothing.
    for (body, code) in [
        (
            json!({"url": "ftp://x.example/", "topics": ["POLICY_UPDATED"], "secret": "long-enough-secret"}),
            "PMS_EVT_002",
        ),
        (
            json!({"url": "http://user:pw@x.example/", "topics": ["POLICY_UPDATED"], "secret": "long-enough-secret"}),
            "PMS_EVT_002",
        ),
        (
            json!({"url": "http://x.example/", "topics": ["NO_SUCH_TOPIC"], "secret": "long-enough-secret"}),
            "PMS_EVT_001",
        ),
        (json!({"url": "http://x.example/", "topics": ["POLICY_UPDATED"], "secret": "short"}), "PMS_EVT_007"),
        (json!({"url": "http://x.example/", "topics": [], "secret": "long-enough-secret"}), "PMS_COR_001"),
    ] {
        let (_, b) = app.post("/v1/pms/webhooks", &admin, v2("mosip.pms.webhook.create", body)).await;
        assert_eq!(error_code(&b).as_deref(), Some(code), "{b}");
    }
    let (_, b) = app.get("/v1/pms/webhooks", &admin).await;
    assert_eq!(b["response"]["totalResults"], 3, "{b}");
    assert!(!b.to_string().contains("flaky-receiver-secret"), "secrets are never shown");
}

async fn events_time(app: &TestApp) -> chrono::DateTime<chrono::Utc> {
    let rows = pms_store::repo::outbox::by_topic(app.services.store().db(), "POLICY_UPDATED").await.unwrap();
    rows[0].created_at
}

async fn hub(app: &TestApp, token: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let form = serde_urlencoded::to_string(fields).unwrap();
    let res = app
        .raw(Method::POST, "/websub/hub")
        .bearer_auth(token)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

async fn subscriptions(app: &TestApp, admin: &str) -> Vec<Value> {
    let (_, b) = app.get("/v1/pms/websub/subscriptions", admin).await;
    b["response"]["data"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn the_built_in_hub_verifies_intent_then_distributes_signed_events_until_unsubscribed_or_expired() {
    let app = TestApp::spawn_with(|c| c.websub_callback_allow = "127.0.0.1".into()).await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let ida =
        Receiver::start(|_, hit| if hit.method == Method::GET { Answer::Echo } else { Answer::Status(200) }).await;
    let subscriber = app.token_for_new_user("ida-service", &["SUBSCRIBE_PARTNER_UPDATED_GENERAL"]).await;
    let subscribe = |callback: &str, topic: &str, lease: &str| {
        vec![
            ("hub.mode", "subscribe".to_string()),
            ("hub.topic", topic.to_string()),
            ("hub.callback", callback.to_string()),
            ("hub.secret", "ida-hub-secret".to_string()),
            ("hub.lease_seconds", lease.to_string()),
        ]
    };
    let as_refs = |v: &Vec<(&'static str, String)>| v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let form = as_refs(&subscribe(&ida.url, "PARTNER_UPDATED", "3600"));
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _) = hub(&app, &subscriber, &fields).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert!(subscriptions(&app, &admin).await.is_empty(), "nothing changes before the intent is verified");

    app.deliver().await;
    let check = &ida.hits()[0];
    assert_eq!(check.method, Method::GET);
    assert_eq!(check.query("hub.mode").as_deref(), Some("subscribe"));
    assert_eq!(check.query("hub.topic").as_deref(), Some("PARTNER_UPDATED"));
    assert_eq!(check.query("hub.lease_seconds").as_deref(), Some("3600"));
    assert!(check.query("hub.challenge").is_some_and(|c| c.len() >= 16));
    let subs = subscriptions(&app, &admin).await;
    assert_eq!(subs.len(), 1, "{subs:?}");
    assert_eq!(
        (subs[0]["topic"].as_str(), subs[0]["callback"].as_str()),
        (Some("PARTNER_UPDATED"), Some(ida.url.as_str()))
    );

    // A partner is deactivated: the subscriber gets PARTNER_UPDATED, signed with its secret.
    registered_partner(&app, "bank-one", "Banking").await;
    app.decide_partner(&admin, "bank-one", "approve").await;
    app.decide_partner(&admin, "bank-one", "deactivate").await;
    app.deliver().await;
    let posts = ida.posts();
    assert_eq!(posts.len(), 2, "approval and deactivation");
    // Deliveries run concurrently: they may arrive in any order, each with its event's id.
    let stored: std::collections::HashMap<String, String> =
        stored_events(&app, "PARTNER_UPDATED").await.into_iter().collect();
    for hit in &posts {
        let id = hit.header("x-pms-event-id").expect("event id");
        assert_eq!(hit.body, stored[&id].as_bytes());
        assert_eq!(hit.header("x-hub-signature"), Some(signature("ida-hub-secret", &hit.body)));
        assert!(
            hit.header("link").is_some_and(|l| l.contains("/websub/hub>; rel=\"hub\"")),
            "{:?}",
            hit.header("link")
        );
    }
    let statuses: Vec<Value> =
        posts.iter().map(|h| h.json()["event"]["data"]["partnerData"]["partnerStatus"].clone()).collect();
    assert!(statuses.contains(&json!("DEACTIVE")) && statuses.contains(&json!("ACTIVE")), "{statuses:?}");

    // The role names one topic; callbacks must be on an allowed host; the form is checked.
    let form = as_refs(&subscribe(&ida.url, "POLICY_UPDATED", "3600"));
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(hub(&app, &subscriber, &fields).await.0, StatusCode::FORBIDDEN);
    let partner = app.token_for_new_user("a-partner", &[AUTH_PARTNER]).await;
    assert_eq!(hub(&app, &partner, &fields).await.0, StatusCode::FORBIDDEN);
    for (callback, mode, topic, code) in [
        ("http://localhost:9/x", "subscribe", "PARTNER_UPDATED", "PMS_EVT_003"),
        ("http://10.0.0.1/x", "subscribe", "PARTNER_UPDATED", "PMS_EVT_003"),
        (ida.url.as_str(), "publish", "PARTNER_UPDATED", "PMS_EVT_004"),
        (ida.url.as_str(), "subscribe", "NOT_A_TOPIC", "PMS_EVT_001"),
        ("not a url", "subscribe", "PARTNER_UPDATED", "PMS_EVT_002"),
    ] {
        let (status, text) =
            hub(&app, &admin, &[("hub.mode", mode), ("hub.topic", topic), ("hub.callback", callback)]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{callback} {mode} {topic}: {text}");
        assert!(text.starts_with(code), "{text}");
    }
    let anonymous = app.raw(Method::POST, "/websub/hub").form(&[("hub.mode", "subscribe")]).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    // A callback that does not confirm is not subscribed.
    let silent = Receiver::answering(200).await;
    let (status, _) =
        hub(&app, &admin, &[("hub.mode", "subscribe"), ("hub.topic", "POLICY_UPDATED"), ("hub.callback", &silent.url)])
            .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    app.deliver().await;
    assert_eq!(subscriptions(&app, &admin).await.len(), 1);
    let intents = deliveries(&app, &admin, "kind=intent&status=dead").await;
    assert_eq!(intents[0]["lastError"], "intent not verified", "{intents:?}");

    // Unsubscribing is verified too, and ends the distribution.
    let (status, _) = hub(
        &app,
        &subscriber,
        &[("hub.mode", "unsubscribe"), ("hub.topic", "PARTNER_UPDATED"), ("hub.callback", &ida.url)],
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    app.deliver().await;
    assert_eq!(ida.hits().last().unwrap().query("hub.mode").as_deref(), Some("unsubscribe"));
    assert!(subscriptions(&app, &admin).await.is_empty());
    app.decide_partner(&admin, "bank-one", "reactivate").await;
    app.deliver().await;
    assert_eq!(ida.posts().len(), 2, "nothing after unsubscribing");

    // A lease runs out: no more events, without anyone asking.
    let form = as_refs(&subscribe(&ida.url, "PARTNER_UPDATED", "120"));
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(hub(&app, &subscriber, &fields).await.0, StatusCode::ACCEPTED);
    app.deliver().await;
    app.decide_partner(&admin, "bank-one", "deactivate").await;
    app.deliver().await;
    assert_eq!(ida.posts().len(), 3, "delivered while the lease runs");
    app.clock.advance(Duration::seconds(121));
    app.decide_partner(&admin, "bank-one", "reactivate").await;
    app.deliver().await;
    assert_eq!(ida.posts().len(), 3, "not after the lease");
}

#[tokio::test]
async fn a_crashed_nodes_deliveries_are_taken_over_by_a_restarted_server_exactly_as_published() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let receiver = Receiver::answering(200).await;
    add_webhook(&app, &admin, &receiver.url, &["POLICY_UPDATED"], "restart-test-secret").await;
    let group_id = app.create_group(&admin, "Banking").await;
    for name in ["KYC", "KYC 2", "KYC 3"] {
        app.published_policy(&admin, &group_id, "Banking", name).await;
    }
    // A node leases the rows and dies before it records anything.
    let store = app.services.store();
    let now = app.services.now();
    let tx = store.begin().await.unwrap();
    let taken =
        pms_store::repo::delivery::lease(&*tx, "crashed-node", now, now + Duration::minutes(2), 100).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(taken.len(), 3);

    // The server restarts: a new process on the same database. While the lease holds, nothing
    // is delivered twice; once it has run out, everything arrives.
    let config = app.services.config.as_ref().clone();
    let clock = std::sync::Arc::new(app.clock.clone());
    let restarted = pms_service::Services::open_with_clock(config, clock).await.unwrap();
    let worker = pms_events::Worker::new(restarted.clone()).unwrap();
    assert_eq!(worker.drain().await.unwrap(), 0);
    assert!(receiver.hits().is_empty());
    app.clock.advance(Duration::minutes(2) + Duration::seconds(1));
    assert_eq!(worker.drain().await.unwrap(), 3);
    let stored = stored_events(&app, "POLICY_UPDATED").await;
    let mut got: Vec<(String, Vec<u8>)> =
        receiver.posts().into_iter().map(|h| (h.header("x-pms-event-id").unwrap(), h.body.to_vec())).collect();
    got.sort();
    let mut expected: Vec<(String, Vec<u8>)> = stored.into_iter().map(|(id, p)| (id, p.into_bytes())).collect();
    expected.sort();
    assert_eq!(got, expected, "each event once, byte for byte");
    for hit in receiver.posts() {
        assert_eq!(hit.header("x-pms-signature"), Some(signature("restart-test-secret", &hit.body)));
    }
    let log = deliveries(&app, &admin, "kind=webhook").await;
    assert!(
        log.iter().all(|d| d["status"] == "delivered" && d["attempts"] == 2),
        "the crashed attempt counts: {log:?}"
    );
}

fn subjects(mails: &[String], to: &str) -> Vec<String> {
    mails
        .iter()
        .filter(|m| m.contains(&format!("To: {to}")))
        .filter_map(|m| m.lines().find_map(|l| l.strip_prefix("Subject: ").map(str::to_string)))
        .collect()
}

async fn notifications(app: &TestApp, token: &str) -> Value {
    let (s, b) = app.get("/v1/pms/notifications", token).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    b["response"].clone()
}

#[tokio::test]
async fn the_partner_story_reaches_a_webhook_the_mailbox_and_the_bell() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let receiver = Receiver::answering(200).await;
    let topics = ["PARTNER_UPDATED", "POLICY_UPDATED", "APIKEY_APPROVED", "APIKEY_UPDATED", "CA_CERTIFICATE_UPLOADED"];
    add_webhook(&app, &admin, &receiver.url, &topics, "story-webhook-secret").await;
    let group_id = app.create_group(&admin, "Banking").await;
    app.published_policy(&admin, &group_id, "Banking", "KYC").await;

    // Register, approve, upload a certificate.
    let token = registered_partner(&app, "bank-one", "Banking").await;
    app.decide_partner(&admin, "bank-one", "approve").await;
    let now = app.services.now();
    let root = pms_testkit::pki::Authority::root(&pms_testkit::pki::Subject::new("Bank Root CA", "Trust"), now);
    let ca = legacy(json!({"certificateData": root.pem, "partnerDomain": "AUTH"}));
    let (_, b) = app.post(&format!("{PM}/partners/certificate/ca/upload"), &admin, ca).await;
    assert_eq!(error_code(&b), None, "{b}");
    let leaf = root.leaf(&pms_testkit::pki::Subject::new("bank-one.example", "bank-one Org"), now);
    let upload = legacy(json!({"partnerId": "bank-one", "certificateData": leaf, "partnerDomain": "AUTH"}));
    let (_, b) = app.post(&format!("{PM}/partners/certificate/upload"), &token, upload).await;
    assert_eq!(error_code(&b), None, "{b}");

    // Request the policy, approved; generate a key.
    let body = legacy(json!({"policyName": "KYC", "useCaseDescription": "e-KYC for new accounts"}));
    let (_, b) = app.post(&format!("{PM}/partners/bank-one/policy/map"), &token, body).await;
    let request = b["response"]["mappingkey"].as_str().expect("request id").to_string();
    let (_, b) =
        app.put(&format!("{PM}/partners/policy/{request}"), &admin, legacy(json!({"status": "Approved"}))).await;
    assert_eq!(error_code(&b), None, "{b}");
    let body = legacy(json!({"policyName": "KYC", "label": "production"}));
    let (_, b) = app.patch(&format!("{PM}/partners/bank-one/generate/apikey"), &token, body).await;
    assert_eq!(error_code(&b), None, "{b}");

    app.deliver().await;
    let posts = receiver.posts();
    let topics_got: Vec<String> = posts.iter().map(|h| h.header("x-pms-topic").unwrap()).collect();
    for wanted in ["POLICY_UPDATED", "PARTNER_UPDATED", "CA_CERTIFICATE_UPLOADED", "APIKEY_APPROVED"] {
        assert!(topics_got.iter().any(|t| t == wanted), "{wanted} in {topics_got:?}");
    }
    for hit in &posts {
        assert_eq!(hit.header("x-pms-signature"), Some(signature("story-webhook-secret", &hit.body)));
        assert_eq!(hit.json()["topic"], hit.header("x-pms-topic").unwrap().as_str());
    }
    let approved: Vec<Value> = posts
        .iter()
        .filter(|h| h.header("x-pms-topic").as_deref() == Some("APIKEY_APPROVED"))
        .map(|h| h.json())
        .collect();
    assert_eq!(approved[0]["event"]["data"]["partnerData"]["partnerId"], "bank-one");

    let mails = app.mailbox().await;
    let got = subjects(&mails, "bank-one@example.org");
    for wanted in [
        "Your registration has been received",
        "Your partner registration is approved",
        "Your request for policy KYC is approved",
        "A new API key for policy KYC",
    ] {
        assert!(got.iter().any(|s| s == wanted), "{wanted:?} in {got:?}");
    }
    let bell = notifications(&app, &token).await;
    assert_eq!(bell["unread"], got.len() as u64, "each e-mail to the partner is in its bell too: {bell}");
    assert_eq!(bell["data"][0]["subject"], "A new API key for policy KYC", "newest first: {bell}");
    // Another user's bell is their own.
    let other = app.token_for_new_user("someone-else", &[AUTH_PARTNER]).await;
    assert_eq!(notifications(&app, &other).await["unread"], 0);
    let one = bell["data"][1]["id"].as_str().unwrap();
    let (_, b) =
        app.post("/v1/pms/notifications/read", &other, v2("mosip.pms.notifications.read", json!({"id": one}))).await;
    assert_eq!(b["response"]["marked"], 0, "{b}");
    let (_, b) =
        app.post("/v1/pms/notifications/read", &token, v2("mosip.pms.notifications.read", json!({"id": one}))).await;
    assert_eq!(b["response"]["marked"], 1, "{b}");
    let (_, b) = app.post("/v1/pms/notifications/read", &token, v2("mosip.pms.notifications.read", json!({}))).await;
    assert_eq!(b["response"]["marked"], got.len() as u64 - 1, "{b}");
    assert_eq!(notifications(&app, &token).await["unread"], 0);

    // Deactivating the key tells the partner.
    let (_, b) = app
        .patch(
            &format!(
                "{PM}/partners/bank-one/policy/{}/apiKey/status",
                approved[0]["event"]["data"]["policyData"]["policyId"].as_str().unwrap()
            ),
            &token,
            legacy(json!({"label": "production", "status": "De-active"})),
        )
        .await;
    assert_eq!(error_code(&b), None, "{b}");
    let got = subjects(&app.mailbox().await, "bank-one@example.org");
    assert!(got.iter().any(|s| s == "API key production has been deactivated"), "{got:?}");
}

#[tokio::test]
async fn expiry_reminders_are_sent_once_per_threshold() {
    let app = TestApp::spawn_with(|c| {
        c.api_key_validity_days = 40;
        c.expiry_reminder_days = "30,7".into();
    })
    .await;
    let admin = app.admin_token().await;
    let group_id = app.create_group(&admin, "Banking").await;
    app.published_policy(&admin, &group_id, "Banking", "KYC").await;
    let token = registered_partner(&app, "bank-one", "Banking").await;
    app.decide_partner(&admin, "bank-one", "approve").await;
    let body = legacy(json!({"policyName": "KYC", "useCaseDescription": "e-KYC for new accounts"}));
    let (_, b) = app.post(&format!("{PM}/partners/bank-one/policy/map"), &token, body).await;
    let request = b["response"]["mappingkey"].as_str().unwrap().to_string();
    app.put(&format!("{PM}/partners/policy/{request}"), &admin, legacy(json!({"status": "Approved"}))).await;
    let body = legacy(json!({"policyName": "KYC", "label": "production"}));
    app.patch(&format!("{PM}/partners/bank-one/generate/apikey"), &token, body).await;
    let reminders = |mails: Vec<String>| {
        subjects(&mails, "bank-one@example.org")
            .into_iter()
            .filter(|s| s.starts_with("API key production expires"))
            .collect::<Vec<_>>()
    };

    app.services.housekeeping().await.unwrap();
    assert!(reminders(app.mailbox().await).is_empty(), "40 days left: no reminder yet");
    app.clock.advance(Duration::days(11));
    app.services.housekeeping().await.unwrap();
    app.services.housekeeping().await.unwrap();
    assert_eq!(reminders(app.mailbox().await), ["API key production expires in 30 days"], "once");
    app.clock.advance(Duration::days(24));
    app.services.housekeeping().await.unwrap();
    app.services.housekeeping().await.unwrap();
    assert_eq!(
        reminders(app.mailbox().await),
        ["API key production expires in 30 days", "API key production expires in 7 days"]
    );
    let bell = pms_store::repo::notifications::of_user(app.services.store().db(), "bank-one", 0, 1).await.unwrap();
    assert_eq!(bell.items[0].subject, "API key production expires in 7 days");
    // A key whose end has passed is not reminded again; the expiry job ends it.
    app.clock.advance(Duration::days(6));
    app.services.housekeeping().await.unwrap();
    assert_eq!(reminders(app.mailbox().await).len(), 2);
    let admin = app.admin_token().await;
    let (_, b) = app.get("/v1/pms/audit?action=reminder.send", &admin).await;
    assert_eq!(b["response"]["totalResults"], 2, "{b}");
}

#[tokio::test]
async fn metrics_show_requests_by_route_and_the_delivery_queue() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let dead_end = Receiver::answering(503).await;
    add_webhook(&app, &admin, &dead_end.url, &["POLICY_UPDATED"], "metrics-test-secret").await;
    let group_id = app.create_group(&admin, "Banking").await;
    app.published_policy(&admin, &group_id, "Banking", "KYC").await;
    app.get("/v1/policymanager/policies/group/all", &admin).await;
    let text = app.client.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(
        text.lines().any(|l| l.starts_with("pms_http_requests_total{")
            && l.contains("route=\"/v1/policymanager/policies/group/all\"")),
        "{text}"
    );
    assert!(text.contains("pms_http_request_duration_seconds_bucket{"), "{text}");
    assert!(text.lines().any(|l| l == "pms_delivery_queue_depth{kind=\"webhook\"} 1"), "{text}");
    assert!(text.contains("pms_db_pool_connections "), "{text}");
    app.deliver().await;
    let text = app.client.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(
        text.lines().any(|l| l.starts_with("pms_delivery_attempts_total{") && l.contains("outcome=\"retry\"")),
        "{text}"
    );
    assert!(text.contains("pms_delivery_failures_total{"), "{text}");
}

/// A TCP proxy to the database that the test can cut and restore.
struct Cut {
    port: u16,
    task: tokio::task::JoinHandle<()>,
}

async fn proxy(port: u16, to: std::net::SocketAddr) -> Cut {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        let mut links = tokio::task::JoinSet::new();
        while let Ok((mut inbound, _)) = listener.accept().await {
            links.spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(to).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    Cut { port, task }
}

#[tokio::test]
async fn readiness_fails_while_the_database_is_unreachable_and_comes_back() {
    let db = pms_testkit::TestDatabase::create().await;
    if !db.is_postgres() {
        // An embedded SQLite file cannot become unreachable.
        return;
    }
    let target: std::net::SocketAddr = "127.0.0.1:5432".parse().unwrap();
    let cut = proxy(0, target).await;
    let port = cut.port;
    let url = db.url.replacen("127.0.0.1:5432", &format!("127.0.0.1:{port}"), 1);
    assert_ne!(url, db.url, "the test database is on 127.0.0.1:5432");
    let app = TestApp::spawn_with(|c| c.database_url = Some(url)).await;
    let ready = || async { app.client.get(app.url("/readyz")).send().await.unwrap().status() };
    assert_eq!(ready().await, StatusCode::OK);
    // Dropping the proxy's task closes its listener and every connection through it.
    cut.task.abort();
    let _ = cut.task.await;
    assert_eq!(ready().await, StatusCode::SERVICE_UNAVAILABLE);
    let live = app.client.get(app.url("/healthz")).send().await.unwrap().status();
    assert_eq!(live, StatusCode::OK, "alive, though not ready");
    let back = proxy(port, target).await;
    assert_eq!(ready().await, StatusCode::OK, "ready again once the database answers");
    back.task.abort();
}

#[tokio::test]
async fn events_are_published_to_the_configured_websub_hub_as_mosips_consumers_expect() {
    let hub_receiver = Receiver::start(|n, _| if n == 1 { Answer::Status(503) } else { Answer::Status(204) }).await;
    let url = hub_receiver.url.clone();
    let app = TestApp::spawn_with(|c| {
        c.websub_hub_url = Some(url);
        c.websub_hub_token = Some("hub-publisher-token".into());
    })
    .await;
    let admin = app.admin_token().await;
    let group_id = app.create_group(&admin, "Banking").await;
    app.published_policy(&admin, &group_id, "Banking", "KYC").await;
    let (event_id, payload) = stored_events(&app, "POLICY_UPDATED").await.remove(0);

    // The topic is registered first (its answer does not matter), then the event is published;
    // the hub's 503 is retried like any other failure.
    app.deliver().await;
    let hits = hub_receiver.posts();
    assert_eq!(hits.len(), 2, "{hits:?}");
    let register: Vec<(String, String)> = serde_urlencoded::from_bytes(&hits[0].body).unwrap();
    assert_eq!(
        register,
        [("hub.mode".to_string(), "register".to_string()), ("hub.topic".into(), "POLICY_UPDATED".into())]
    );
    assert_eq!(hits[0].header("authorization").as_deref(), Some("Bearer hub-publisher-token"));
    let d = deliveries(&app, &admin, "kind=hub").await;
    assert_eq!((d[0]["status"].as_str(), d[0]["lastHttpStatus"].as_i64()), (Some("pending"), Some(503)), "{d:?}");
    app.clock.advance(Duration::minutes(1));
    app.deliver().await;
    // Each `deliver()` is a new worker, which registers the topic again before its first publish.
    let hits = hub_receiver.posts();
    assert_eq!(hits.len(), 4, "{hits:?}");
    assert_eq!(hits[2].body, hits[0].body);
    let publish = &hits[3];
    assert_eq!(publish.query("hub.mode").as_deref(), Some("publish"));
    assert_eq!(publish.query("hub.topic").as_deref(), Some("POLICY_UPDATED"));
    assert_eq!(publish.header("content-type").as_deref(), Some("application/json"));
    assert_eq!(publish.header("authorization").as_deref(), Some("Bearer hub-publisher-token"));
    assert_eq!(publish.body, payload.as_bytes(), "MOSIP's payload, as stored");
    assert_eq!(publish.json()["topic"], "POLICY_UPDATED");
    let d = deliveries(&app, &admin, &format!("eventId={event_id}")).await;
    assert_eq!((d[0]["kind"].as_str(), d[0]["status"].as_str()), (Some("hub"), Some("delivered")), "{d:?}");
}

#[tokio::test]
async fn certificates_about_to_end_remind_the_partner_and_the_partner_admins() {
    let app = TestApp::spawn_with(|c| c.expiry_reminder_days = "30".into()).await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let now = app.services.now();
    let subject = pms_testkit::pki::Subject::new("Short Root CA", "Trust").lasting(Duration::days(-1), 400);
    let root = pms_testkit::pki::Authority::root(&subject, now);
    let ca = legacy(json!({"certificateData": root.pem, "partnerDomain": "AUTH"}));
    let (_, b) = app.post(&format!("{PM}/partners/certificate/ca/upload"), &admin, ca).await;
    assert_eq!(error_code(&b), None, "{b}");
    // The partner's certificate: the platform CA's copy lasts a year.
    let token = registered_partner(&app, "bank-one", "Banking").await;
    let leaf = root.leaf(&pms_testkit::pki::Subject::new("bank-one.example", "bank-one Org"), now);
    let upload = legacy(json!({"partnerId": "bank-one", "certificateData": leaf, "partnerDomain": "AUTH"}));
    let (_, b) = app.post(&format!("{PM}/partners/certificate/upload"), &token, upload).await;
    assert_eq!(error_code(&b), None, "{b}");
    let count =
        |mails: &[String], to: &str, start: &str| subjects(mails, to).iter().filter(|s| s.starts_with(start)).count();
    const CA: &str = "A AUTH CA certificate expires";
    const PARTNER: &str = "The certificate of partner bank-one expires";

    app.services.housekeeping().await.unwrap();
    let mails = app.mailbox().await;
    assert_eq!((count(&mails, "admin@", CA), count(&mails, "bank-one@", PARTNER)), (0, 0), "more than 30 days left");
    app.clock.advance(Duration::days(340));
    app.services.housekeeping().await.unwrap();
    let mails = app.mailbox().await;
    assert_eq!(
        (count(&mails, "admin@", CA), count(&mails, "bank-one@", PARTNER)),
        (0, 1),
        "the partner's copy ends first"
    );
    app.clock.advance(Duration::days(35));
    app.services.housekeeping().await.unwrap();
    app.services.housekeeping().await.unwrap();
    let mails = app.mailbox().await;
    assert_eq!((count(&mails, "admin@", CA), count(&mails, "bank-one@", PARTNER)), (1, 1), "each once");
    let bell = pms_store::repo::notifications::of_user(app.services.store().db(), "admin", 0, 1).await.unwrap();
    assert_eq!(bell.items[0].subject, "A AUTH CA certificate expires in 30 days");
}
