//! The delivery worker. Business writes put one `delivery` row per event (or e-mail, or hub
//! intent check) and recipient in their own transaction; this worker leases due rows (any number
//! of nodes may run it against one PostgreSQL database), makes the attempts concurrently and
//! records each answer: delivered, retry later (exponential backoff with jitter) or dead letter.
//! A failure here never touches the write that queued the row.
//!
//! Delivery is at least once. A row is attempted by one node at a time while its lease holds; a
//! node that dies mid-attempt leaves its rows to be taken again once their lease has run out, so
//! the recipient may then see that event twice (with the same `X-PMS-Event-Id`).

pub mod mail;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use hmac::{KeyInit, Mac};
use pms_domain::delivery::{Answer, Next, RetryPolicy};
use pms_service::Services;
use pms_store::entity::delivery as row;
use pms_store::repo::delivery::{self as repo, Attempt, Kind, Outcome};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use mail::Mailer;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// The header carrying a webhook body's HMAC-SHA256 (`sha256=<hex>`).
pub const SIGNATURE_HEADER: &str = "X-PMS-Signature";
/// The event's id: the same on every attempt and replay, for receivers to drop repeats.
pub const EVENT_ID_HEADER: &str = "X-PMS-Event-Id";
pub const TOPIC_HEADER: &str = "X-PMS-Topic";
pub const DELIVERY_HEADER: &str = "X-PMS-Delivery";
/// W3C WebSub's signature header of content distribution.
pub const HUB_SIGNATURE_HEADER: &str = "X-Hub-Signature";

#[derive(Debug)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<pms_store::StoreError> for Error {
    fn from(e: pms_store::StoreError) -> Self {
        Error(e.to_string())
    }
}

/// The hex HMAC-SHA256 of `body` under `secret`, as the signature headers carry it.
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

pub struct Worker {
    services: Arc<Services>,
    owner: String,
    http: reqwest::Client,
    mailer: Mailer,
    retry: RetryPolicy,
    /// Topics already registered at the configured hub by this process (MOSIP registers before
    /// each publish and ignores the answer; once per process is enough).
    registered: Mutex<HashSet<String>>,
    stop: Arc<AtomicBool>,
}

/// What one attempt needs besides its row.
struct Context {
    events: HashMap<String, pms_store::entity::outbox::Model>,
    secrets: HashMap<String, Option<String>>,
}

/// An attempt's answer and, for a verified hub intent, the subscription change it allows.
struct Tried {
    attempt: Attempt,
    intent: Option<Value>,
}

impl Worker {
    pub fn new(services: Arc<Services>) -> Result<Worker, Error> {
        let config = &services.config;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(config.delivery_timeout_seconds.max(1)))
            .connect_timeout(Duration::from_secs(config.delivery_timeout_seconds.clamp(1, 10)))
            // A subscriber's redirect must not send PMS elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("PMS/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error(e.to_string()))?;
        let mailer = Mailer::new(config).map_err(Error)?;
        let retry = RetryPolicy {
            max_attempts: config.delivery_max_attempts.max(1),
            base: Duration::from_secs(config.delivery_retry_base_seconds.max(1)),
            max: Duration::from_secs(config.delivery_retry_max_seconds.max(1)),
        };
        let owner = format!("{}:{}", hostname(), uuid::Uuid::new_v4().simple());
        Ok(Worker {
            services,
            owner,
            http,
            mailer,
            retry,
            registered: Mutex::new(HashSet::new()),
            stop: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The name this worker's leases carry.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// One round: leases a batch of due rows, attempts them and records the answers. Returns how
    /// many rows it attempted.
    pub async fn round(&self) -> Result<usize, Error> {
        let config = &self.services.config;
        let now = self.services.now();
        let until = now + chrono::Duration::seconds(config.delivery_lease_seconds.max(10) as i64);
        let leased = {
            let tx = self.services.store().begin().await?;
            let rows = repo::lease(&*tx, &self.owner, now, until, u64::from(config.delivery_batch.max(1))).await?;
            tx.commit().await?;
            rows
        };
        if leased.is_empty() {
            return Ok(0);
        }
        let n = leased.len();
        let context = self.context(&leased).await?;
        let tried: Vec<Tried> = futures::stream::iter(leased.clone())
            .map(|d| self.attempt(d, &context))
            .buffer_unordered(config.delivery_concurrency.max(1) as usize)
            .collect()
            .await;
        let at = self.services.now();
        let tx = self.services.store().begin().await?;
        for t in &tried {
            if let (Some(intent), Outcome::Delivered) = (&t.intent, &t.attempt.outcome) {
                apply_intent(&*tx, intent, at).await?;
            }
        }
        let attempts: Vec<Attempt> = tried.into_iter().map(|t| t.attempt).collect();
        repo::finish(&*tx, &self.owner, at, &attempts).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Rounds until nothing is due: what tests and one-off tools call instead of waiting.
    pub async fn drain(&self) -> Result<usize, Error> {
        let mut total = 0;
        loop {
            let n = self.round().await?;
            if n == 0 {
                return Ok(total);
            }
            total += n;
        }
    }

    /// Runs rounds until [`Worker::stop`]: at once when a write of this process queued
    /// something, otherwise every `delivery_poll_millis` (for rows other nodes queued, and
    /// retries coming due).
    pub async fn run(self: Arc<Self>) {
        let wake = self.services.delivery_wakeup();
        let poll = Duration::from_millis(self.services.config.delivery_poll_millis.max(10));
        while !self.stop.load(Ordering::Relaxed) {
            match self.round().await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(%e, "delivery round failed"),
            }
            let _ = tokio::time::timeout(poll, wake.notified()).await;
        }
    }

    /// Asks [`Worker::run`] to return after its current round.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
        self.services.delivery_wakeup().notify_one();
    }

    async fn context(&self, leased: &[row::Model]) -> Result<Context, Error> {
        let db = self.services.store().db();
        let mut event_ids: Vec<String> = leased.iter().filter_map(|d| d.event_id.clone()).collect();
        event_ids.sort();
        event_ids.dedup();
        let mut targets: Vec<String> = leased.iter().filter_map(|d| d.target_id.clone()).collect();
        targets.sort();
        targets.dedup();
        Ok(Context { events: repo::events(db, &event_ids).await?, secrets: repo::secrets(db, &targets).await? })
    }

    async fn attempt(&self, d: row::Model, context: &Context) -> Tried {
        let started = Instant::now();
        let result = match Kind::parse(&d.kind) {
            Some(Kind::Email) => self.email(&d).await,
            Some(Kind::Intent) => self.verify_intent(&d).await,
            Some(kind) => self.post_event(kind, &d, context).await,
            None => Err(Failure::gone(format!("unknown kind {}", d.kind))),
        };
        let latency_ms = started.elapsed().as_millis() as i64;
        let (answer, http_status, error, intent) = match result {
            Ok(done) => (Answer::Accepted, done.status, None, done.intent),
            Err(f) => (f.answer, f.status, Some(f.message), None),
        };
        let jitter: f64 = rand::random();
        let outcome = match self.retry.next(d.attempts.max(1) as u32, answer, jitter) {
            Next::Delivered => Outcome::Delivered,
            Next::Dead => Outcome::Dead,
            Next::RetryAfter(wait) => Outcome::Retry(
                self.services.now() + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1)),
            ),
        };
        if let Some(e) = &error {
            tracing::info!(delivery = %d.id, kind = %d.kind, attempt = d.attempts, error = %e, "delivery attempt failed");
        }
        let attempt = Attempt { id: d.id.clone(), outcome, http_status, error, latency_ms };
        record_metrics(&d, &attempt, self.services.now());
        Tried { attempt, intent }
    }

    async fn email(&self, d: &row::Model) -> Result<Done, Failure> {
        let payload: Value = d
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .ok_or_else(|| Failure::gone("the e-mail's content is gone".into()))?;
        let field = |name: &str| payload[name].as_str().unwrap_or_default().to_string();
        self.mailer.send(&field("to"), &field("subject"), &field("body")).await.map_err(Failure::failed)?;
        Ok(Done::default())
    }

    async fn post_event(&self, kind: Kind, d: &row::Model, context: &Context) -> Result<Done, Failure> {
        let event = d
            .event_id
            .as_ref()
            .and_then(|id| context.events.get(id))
            .ok_or_else(|| Failure::gone("the event is gone".into()))?;
        let body = event.payload.clone().into_bytes();
        let request = match kind {
            Kind::Hub => {
                self.register_topic(&d.target, &event.topic).await;
                let mut r = self
                    .http
                    .post(&d.target)
                    .query(&[("hub.mode", "publish"), ("hub.topic", event.topic.as_str())])
                    .header(reqwest::header::CONTENT_TYPE, "application/json");
                if let Some(token) = &self.services.config.websub_hub_token {
                    r = r.bearer_auth(token);
                }
                r
            }
            Kind::Webhook | Kind::WebSub => {
                let secret = match d.target_id.as_ref().and_then(|id| context.secrets.get(id)) {
                    Some(secret) => secret.clone(),
                    None => return Err(Failure::gone("the subscription no longer exists".into())),
                };
                let mut r = self
                    .http
                    .post(&d.target)
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .header(EVENT_ID_HEADER, &event.id)
                    .header(TOPIC_HEADER, &event.topic)
                    .header(DELIVERY_HEADER, &d.id);
                if kind == Kind::WebSub {
                    let hub = format!("{}/websub/hub", self.services.config.public_url());
                    r = r.header(
                        reqwest::header::LINK,
                        format!("<{hub}>; rel=\"hub\", <{}>; rel=\"self\"", event.topic),
                    );
                }
                if let Some(secret) = secret {
                    let signature = format!("sha256={}", sign(&secret, &body));
                    let header = if kind == Kind::WebSub { HUB_SIGNATURE_HEADER } else { SIGNATURE_HEADER };
                    r = r.header(header, signature);
                }
                r
            }
            Kind::Email | Kind::Intent => return Err(Failure::gone("not an event delivery".into())),
        };
        let response = request.body(body).send().await.map_err(|e| Failure::failed(describe(e)))?;
        let status = response.status().as_u16();
        match Answer::of_http(status) {
            Answer::Accepted => Ok(Done { status: Some(status), intent: None }),
            answer => Err(Failure { answer, status: Some(status), message: format!("HTTP {status}") }),
        }
    }

    async fn register_topic(&self, hub: &str, topic: &str) {
        let key = format!("{hub} {topic}");
        if self.registered.lock().map(|r| r.contains(&key)).unwrap_or(false) {
            return;
        }
        let mut r = self.http.post(hub).form(&[("hub.mode", "register"), ("hub.topic", topic)]);
        if let Some(token) = &self.services.config.websub_hub_token {
            r = r.bearer_auth(token);
        }
        match r.send().await {
            Ok(_) => {
                if let Ok(mut registered) = self.registered.lock() {
                    registered.insert(key);
                }
            }
            Err(e) => tracing::info!(error = %describe(e), topic, "topic registration at the hub failed (ignored)"),
        }
    }

    /// W3C WebSub verification of intent: the callback must echo a random challenge.
    async fn verify_intent(&self, d: &row::Model) -> Result<Done, Failure> {
        let intent: Value = d
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .ok_or_else(|| Failure::gone("the request is gone".into()))?;
        let challenge = uuid::Uuid::new_v4().simple().to_string();
        let lease = intent["leaseSeconds"].as_u64().unwrap_or(0).to_string();
        let mode = intent["mode"].as_str().unwrap_or_default();
        let topic = intent["topic"].as_str().unwrap_or_default();
        let mut query = vec![("hub.mode", mode), ("hub.topic", topic), ("hub.challenge", challenge.as_str())];
        if mode == "subscribe" {
            query.push(("hub.lease_seconds", lease.as_str()));
        }
        let response = self.http.get(&d.target).query(&query).send().await.map_err(|e| Failure::failed(describe(e)))?;
        let status = response.status().as_u16();
        let echoed = response.text().await.unwrap_or_default();
        if Answer::of_http(status) == Answer::Accepted && echoed.trim() == challenge {
            Ok(Done { status: Some(status), intent: Some(intent) })
        } else {
            // The subscriber did not confirm: nothing changes and the request is not retried.
            Err(Failure { answer: Answer::Gone, status: Some(status), message: "intent not verified".into() })
        }
    }
}

/// Subscribes or unsubscribes as a verified intent asked.
async fn apply_intent(
    conn: &impl pms_store::sea_orm::ConnectionTrait,
    intent: &Value,
    at: DateTime<Utc>,
) -> Result<(), Error> {
    let text = |name: &str| intent[name].as_str().unwrap_or_default();
    match text("mode") {
        "subscribe" => {
            let lease = intent["leaseSeconds"].as_i64().unwrap_or(0);
            let expires = at + chrono::Duration::seconds(lease);
            repo::subscribe(conn, text("topic"), text("callback"), intent["secret"].as_str(), expires, text("by"), at)
                .await?;
        }
        _ => {
            repo::unsubscribe(conn, text("topic"), text("callback")).await?;
        }
    }
    Ok(())
}

#[derive(Default)]
struct Done {
    status: Option<u16>,
    intent: Option<Value>,
}

struct Failure {
    answer: Answer,
    status: Option<u16>,
    message: String,
}

impl Failure {
    fn failed(message: String) -> Failure {
        Failure { answer: Answer::Failed, status: None, message }
    }

    fn gone(message: String) -> Failure {
        Failure { answer: Answer::Gone, status: None, message }
    }
}

/// A transport error without the URL (which may carry a token in its query).
fn describe(e: reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "connection failed".into()
    } else {
        e.without_url().to_string()
    }
}

fn record_metrics(d: &row::Model, a: &Attempt, at: DateTime<Utc>) {
    let outcome = match a.outcome {
        Outcome::Delivered => "delivered",
        Outcome::Retry(_) => "retry",
        Outcome::Dead => "dead",
    };
    let subscriber = d.target_id.clone().unwrap_or_else(|| d.kind.clone());
    metrics::counter!("pms_delivery_attempts_total", "kind" => d.kind.clone(), "outcome" => outcome).increment(1);
    if outcome != "delivered" {
        metrics::counter!("pms_delivery_failures_total", "kind" => d.kind.clone(), "subscriber" => subscriber.clone())
            .increment(1);
    }
    metrics::histogram!("pms_delivery_latency_seconds", "kind" => d.kind.clone()).record(a.latency_ms as f64 / 1000.0);
    if outcome == "delivered" {
        let lag = (at - d.created_at).num_milliseconds().max(0) as f64 / 1000.0;
        metrics::histogram!("pms_delivery_lag_seconds", "kind" => d.kind.clone(), "subscriber" => subscriber)
            .record(lag);
    }
}

fn hostname() -> String {
    std::env::var("HOSTNAME").ok().filter(|h| !h.is_empty()).unwrap_or_else(|| "pms".into())
}

/// Starts a worker in the background; the handle stops it.
pub fn spawn(services: Arc<Services>) -> Result<Running, Error> {
    let worker = Arc::new(Worker::new(services)?);
    let task = tokio::spawn(worker.clone().run());
    Ok(Running { worker, task })
}

pub struct Running {
    worker: Arc<Worker>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Lets the current round finish, then returns.
    pub async fn stop(self) {
        self.worker.stop();
        let _ = self.task.await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_hex_hmac_sha256() {
        // RFC 4231, test case 2.
        assert_eq!(
            sign("Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
