//! The delivery queue: one row per event (or e-mail, or WebSub intent check) and recipient.
//! Rows are written in the business transaction that caused them; workers on any node lease due
//! rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite has one writer), try them and record the
//! answer. A row whose lease has run out is due again, so a crashed node's work is taken over.

use crate::entity::{delivery, outbox, webhook, webhook_topic, websub_subscription};
use crate::{new_id, Result};
use chrono::{DateTime, Utc};
use pms_domain::delivery::Status;
use pms_domain::search::Page;
use sea_orm::sea_query::{Expr, LockBehavior, LockType, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;

/// How a delivery reaches its recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `hub.mode=publish` to the configured WebSub hub.
    Hub,
    /// A signed POST to a webhook subscriber.
    Webhook,
    /// Distribution to a subscriber of the built-in WebSub hub.
    WebSub,
    /// A built-in hub's verification of intent (`hub.challenge`) before it (un)subscribes.
    Intent,
    Email,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Hub, Kind::Webhook, Kind::WebSub, Kind::Intent, Kind::Email];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Hub => "hub",
            Kind::Webhook => "webhook",
            Kind::WebSub => "websub",
            Kind::Intent => "intent",
            Kind::Email => "email",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

// The stored words of the domain's delivery statuses.
const PENDING: &str = Status::Pending.as_str();
const DELIVERED: &str = Status::Delivered.as_str();
const DEAD: &str = Status::Dead.as_str();

/// A delivery to queue.
#[derive(Debug, Clone)]
pub struct New {
    pub event_id: Option<String>,
    pub kind: Kind,
    pub target_id: Option<String>,
    pub target: String,
    pub payload: Option<String>,
}

fn row(d: New, at: DateTime<Utc>) -> delivery::ActiveModel {
    delivery::ActiveModel {
        id: Set(new_id()),
        event_id: Set(d.event_id),
        kind: Set(d.kind.as_str().to_string()),
        target_id: Set(d.target_id),
        target: Set(d.target),
        payload: Set(d.payload),
        status: Set(PENDING.into()),
        attempts: Set(0),
        available_at: Set(at),
        lease_owner: Set(None),
        lease_until: Set(None),
        last_status: Set(None),
        last_error: Set(None),
        latency_ms: Set(None),
        created_at: Set(at),
        delivered_at: Set(None),
    }
}

/// Queues deliveries, due at once.
pub async fn insert(conn: &impl ConnectionTrait, all: Vec<New>, at: DateTime<Utc>) -> Result<usize> {
    let n = all.len();
    // Bound the statement's parameters (SQLite allows 32,766; 16 per row).
    let rows: Vec<_> = all.into_iter().map(|d| row(d, at)).collect();
    for chunk in rows.chunks(500) {
        delivery::Entity::insert_many(chunk.to_vec()).exec_without_returning(conn).await?;
    }
    Ok(n)
}

/// Who receives the events of a write or a replay, looked up once per topic however many events
/// of that topic there are (a deactivated partner's keys each announce their change).
pub struct Recipients<'a> {
    hub: Option<&'a str>,
    webhook_id: Option<&'a str>,
    at: DateTime<Utc>,
    by_topic: HashMap<String, Vec<(Kind, Option<String>, String)>>,
}

impl<'a> Recipients<'a> {
    /// Recipients at `at`: the configured `hub`, or only the webhook `webhook_id` when given.
    pub fn new(hub: Option<&'a str>, webhook_id: Option<&'a str>, at: DateTime<Utc>) -> Recipients<'a> {
        Recipients { hub, webhook_id, at, by_topic: HashMap::new() }
    }

    /// The deliveries of one event of `topic`.
    pub async fn of(&mut self, conn: &impl ConnectionTrait, event_id: &str, topic: &str) -> Result<Vec<New>> {
        if !self.by_topic.contains_key(topic) {
            let targets = targets(conn, topic, self.hub, self.webhook_id, self.at).await?;
            self.by_topic.insert(topic.to_string(), targets);
        }
        let targets = self.by_topic.get(topic).map(Vec::as_slice).unwrap_or_default();
        Ok(targets
            .iter()
            .map(|(kind, target_id, target)| New {
                event_id: Some(event_id.to_string()),
                kind: *kind,
                target_id: target_id.clone(),
                target: target.clone(),
                payload: None,
            })
            .collect())
    }
}

/// Who receives an event of `topic` now: active webhooks subscribed to it, the built-in hub's
/// subscribers whose lease runs, and the configured hub.
async fn targets(
    conn: &impl ConnectionTrait,
    topic: &str,
    hub: Option<&str>,
    webhook_id: Option<&str>,
    at: DateTime<Utc>,
) -> Result<Vec<(Kind, Option<String>, String)>> {
    let mut hooks = webhook::Entity::find().filter(webhook::Column::IsActive.eq(true)).filter(
        webhook::Column::Id.in_subquery(
            Query::select()
                .column(webhook_topic::Column::WebhookId)
                .from(webhook_topic::Entity)
                .and_where(webhook_topic::Column::Topic.eq(topic))
                .to_owned(),
        ),
    );
    if let Some(id) = webhook_id {
        hooks = hooks.filter(webhook::Column::Id.eq(id));
    }
    let mut out: Vec<_> = hooks.all(conn).await?.into_iter().map(|h| (Kind::Webhook, Some(h.id), h.url)).collect();
    if webhook_id.is_some() {
        return Ok(out);
    }
    let subscribers = websub_subscription::Entity::find()
        .filter(websub_subscription::Column::Topic.eq(topic))
        .filter(websub_subscription::Column::ExpiresAt.gt(at))
        .all(conn)
        .await?;
    out.extend(subscribers.into_iter().map(|s| (Kind::WebSub, Some(s.id), s.callback)));
    if let Some(hub) = hub {
        out.push((Kind::Hub, None, hub.to_string()));
    }
    Ok(out)
}

/// Leases up to `limit` due rows to `owner` until `until`, counting the attempt now: an attempt
/// cut short by a crash still counts.
pub async fn lease(
    conn: &impl ConnectionTrait,
    owner: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<delivery::Model>> {
    let mut due = Query::select();
    due.column(delivery::Column::Id)
        .from(delivery::Entity)
        .and_where(delivery::Column::Status.eq(PENDING))
        .and_where(delivery::Column::AvailableAt.lte(now))
        .cond_where(
            Condition::any().add(delivery::Column::LeaseUntil.is_null()).add(delivery::Column::LeaseUntil.lt(now)),
        )
        .order_by(delivery::Column::AvailableAt, sea_orm::Order::Asc)
        .limit(limit);
    if conn.get_database_backend() == DbBackend::Postgres {
        // Rows another node holds are skipped, not waited for.
        due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    Ok(delivery::Entity::update_many()
        .col_expr(delivery::Column::LeaseOwner, Expr::value(owner))
        .col_expr(delivery::Column::LeaseUntil, Expr::value(until))
        .col_expr(delivery::Column::Attempts, Expr::col(delivery::Column::Attempts).add(1))
        .filter(delivery::Column::Id.in_subquery(due.to_owned()))
        .exec_with_returning(conn)
        .await?)
}

/// What an attempt came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Delivered,
    /// Try again at this time.
    Retry(DateTime<Utc>),
    /// No more attempts (too many, or the recipient said it is gone).
    Dead,
}

/// The answer of one attempt.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub id: String,
    pub outcome: Outcome,
    pub http_status: Option<u16>,
    pub error: Option<String>,
    pub latency_ms: i64,
}

/// Records attempts of rows `owner` holds; a row whose lease another node has since taken is
/// left to that node. E-mail bodies (which may hold codes) are dropped once delivered.
pub async fn finish(conn: &impl ConnectionTrait, owner: &str, at: DateTime<Utc>, attempts: &[Attempt]) -> Result<()> {
    for a in attempts {
        let mut update = delivery::Entity::update_many()
            .col_expr(delivery::Column::LeaseOwner, Expr::value(Option::<String>::None))
            .col_expr(delivery::Column::LeaseUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(delivery::Column::LastStatus, Expr::value(a.http_status.map(i32::from)))
            .col_expr(delivery::Column::LastError, Expr::value(a.error.as_deref().map(|e| bounded(e, 1024))))
            .col_expr(delivery::Column::LatencyMs, Expr::value(a.latency_ms.clamp(0, i32::MAX as i64) as i32));
        update = match a.outcome {
            Outcome::Delivered => update
                .col_expr(delivery::Column::Status, Expr::value(DELIVERED))
                .col_expr(delivery::Column::DeliveredAt, Expr::value(at))
                .col_expr(
                    delivery::Column::Payload,
                    Expr::case(delivery::Column::Kind.eq(Kind::Email.as_str()), Expr::value(Option::<String>::None))
                        .finally(Expr::col(delivery::Column::Payload))
                        .into(),
                ),
            Outcome::Retry(next) => update.col_expr(delivery::Column::AvailableAt, Expr::value(next)),
            Outcome::Dead => update.col_expr(delivery::Column::Status, Expr::value(DEAD)),
        };
        update
            .filter(delivery::Column::Id.eq(a.id.as_str()))
            .filter(delivery::Column::LeaseOwner.eq(owner))
            .exec(conn)
            .await?;
    }
    Ok(())
}

fn bounded(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// Payloads of the events `ids`, by id.
pub async fn events(
    conn: &impl ConnectionTrait,
    ids: &[String],
) -> Result<std::collections::HashMap<String, outbox::Model>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(outbox::Entity::find()
        .filter(outbox::Column::Id.is_in(ids.iter().cloned()))
        .all(conn)
        .await?
        .into_iter()
        .map(|e| (e.id.clone(), e))
        .collect())
}

/// Exact-value filters of the delivery log.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub kind: Option<Kind>,
    pub target_id: Option<String>,
    pub status: Option<String>,
    pub event_id: Option<String>,
}

/// The delivery log, newest first.
pub async fn list(conn: &impl ConnectionTrait, f: &Filter, offset: u64, limit: u64) -> Result<Page<delivery::Model>> {
    let mut q = delivery::Entity::find();
    if let Some(k) = f.kind {
        q = q.filter(delivery::Column::Kind.eq(k.as_str()));
    }
    for (value, column) in [
        (&f.target_id, delivery::Column::TargetId),
        (&f.status, delivery::Column::Status),
        (&f.event_id, delivery::Column::EventId),
    ] {
        if let Some(v) = value {
            q = q.filter(column.eq(v.as_str()));
        }
    }
    let total = crate::query::count(conn, q.clone()).await?;
    let items = q
        .order_by_desc(delivery::Column::CreatedAt)
        .order_by_desc(delivery::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await?;
    Ok(Page { items, total })
}

pub async fn find(conn: &impl ConnectionTrait, id: &str) -> Result<Option<delivery::Model>> {
    Ok(delivery::Entity::find_by_id(id).one(conn).await?)
}

/// Makes a delivery due again now with a fresh count of attempts (a dead one included).
pub async fn retry(conn: &impl ConnectionTrait, id: &str, now: DateTime<Utc>) -> Result<bool> {
    let done = delivery::Entity::update_many()
        .col_expr(delivery::Column::Status, Expr::value(PENDING))
        .col_expr(delivery::Column::Attempts, Expr::value(0))
        .col_expr(delivery::Column::AvailableAt, Expr::value(now))
        .col_expr(delivery::Column::LeaseOwner, Expr::value(Option::<String>::None))
        .col_expr(delivery::Column::LeaseUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(delivery::Column::Id.eq(id))
        .filter(delivery::Column::Status.ne(DELIVERED).or(delivery::Column::Kind.ne(Kind::Email.as_str())))
        .exec(conn)
        .await?;
    Ok(done.rows_affected > 0)
}

/// Events written in `[from, to)`, optionally of one topic, oldest first, at most `limit`.
pub async fn events_between(
    conn: &impl ConnectionTrait,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    topic: Option<&str>,
    limit: u64,
) -> Result<Vec<(String, String)>> {
    let mut q = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .column(outbox::Column::Topic)
        .filter(outbox::Column::CreatedAt.gte(from))
        .filter(outbox::Column::CreatedAt.lt(to));
    if let Some(t) = topic {
        q = q.filter(outbox::Column::Topic.eq(t));
    }
    Ok(q.order_by_asc(outbox::Column::CreatedAt)
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(conn)
        .await?)
}

/// Rows by kind and status (the queue's depth and its dead letters).
pub async fn counts(conn: &impl ConnectionTrait) -> Result<Vec<(String, String, i64)>> {
    Ok(delivery::Entity::find()
        .select_only()
        .column(delivery::Column::Kind)
        .column(delivery::Column::Status)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .filter(delivery::Column::Status.ne(DELIVERED))
        .group_by(delivery::Column::Kind)
        .group_by(delivery::Column::Status)
        .into_tuple()
        .all(conn)
        .await?)
}

/// The oldest due row's time: how far delivery lags behind.
pub async fn oldest_pending(conn: &impl ConnectionTrait) -> Result<Option<DateTime<Utc>>> {
    Ok(delivery::Entity::find()
        .select_only()
        .column(delivery::Column::AvailableAt)
        .filter(delivery::Column::Status.eq(PENDING))
        .order_by_asc(delivery::Column::AvailableAt)
        .limit(1)
        .into_tuple()
        .one(conn)
        .await?)
}

// ---- webhooks

/// A webhook with its topics.
#[derive(Debug, Clone)]
pub struct Webhook {
    pub hook: webhook::Model,
    pub topics: Vec<String>,
}

pub async fn add_webhook(
    conn: &impl ConnectionTrait,
    url: &str,
    secret: &str,
    descr: Option<&str>,
    topics: &[String],
    actor: &str,
    at: DateTime<Utc>,
) -> Result<Webhook> {
    let hook = webhook::ActiveModel {
        id: Set(new_id()),
        url: Set(url.to_string()),
        secret: Set(secret.to_string()),
        descr: Set(descr.map(str::to_string)),
        is_active: Set(true),
        cr_by: Set(actor.to_string()),
        cr_dtimes: Set(at),
    }
    .insert(conn)
    .await?;
    let rows: Vec<_> = topics
        .iter()
        .map(|t| webhook_topic::ActiveModel { webhook_id: Set(hook.id.clone()), topic: Set(t.clone()) })
        .collect();
    webhook_topic::Entity::insert_many(rows).exec_without_returning(conn).await?;
    Ok(Webhook { hook, topics: topics.to_vec() })
}

/// Webhooks, newest first, with their topics (one query for the topics of the page).
pub async fn webhooks(conn: &impl ConnectionTrait, offset: u64, limit: u64) -> Result<Page<Webhook>> {
    let q = webhook::Entity::find();
    let total = crate::query::count(conn, q.clone()).await?;
    let hooks = q
        .order_by_desc(webhook::Column::CrDtimes)
        .order_by_desc(webhook::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await?;
    let items = with_topics(conn, hooks).await?;
    Ok(Page { items, total })
}

async fn with_topics(conn: &impl ConnectionTrait, hooks: Vec<webhook::Model>) -> Result<Vec<Webhook>> {
    let mut topics: std::collections::HashMap<String, Vec<String>> = Default::default();
    if !hooks.is_empty() {
        let rows = webhook_topic::Entity::find()
            .filter(webhook_topic::Column::WebhookId.is_in(hooks.iter().map(|h| h.id.clone())))
            .order_by_asc(webhook_topic::Column::Topic)
            .all(conn)
            .await?;
        for r in rows {
            topics.entry(r.webhook_id).or_default().push(r.topic);
        }
    }
    Ok(hooks.into_iter().map(|hook| Webhook { topics: topics.remove(&hook.id).unwrap_or_default(), hook }).collect())
}

pub async fn webhook(conn: &impl ConnectionTrait, id: &str) -> Result<Option<Webhook>> {
    let Some(hook) = webhook::Entity::find_by_id(id).one(conn).await? else {
        return Ok(None);
    };
    Ok(with_topics(conn, vec![hook]).await?.pop())
}

/// Secrets of the webhooks and hub subscriptions `ids` (whichever exist), for signing.
pub async fn secrets(
    conn: &impl ConnectionTrait,
    ids: &[String],
) -> Result<std::collections::HashMap<String, Option<String>>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let mut out: std::collections::HashMap<String, Option<String>> = webhook::Entity::find()
        .filter(webhook::Column::Id.is_in(ids.iter().cloned()))
        .filter(webhook::Column::IsActive.eq(true))
        .all(conn)
        .await?
        .into_iter()
        .map(|h| (h.id, Some(h.secret)))
        .collect();
    let subs = websub_subscription::Entity::find()
        .filter(websub_subscription::Column::Id.is_in(ids.iter().cloned()))
        .all(conn)
        .await?;
    out.extend(subs.into_iter().map(|s| (s.id, s.secret)));
    Ok(out)
}

/// Removes a webhook; its past deliveries stay in the log, its pending ones die.
pub async fn remove_webhook(conn: &impl ConnectionTrait, id: &str) -> Result<bool> {
    delivery::Entity::update_many()
        .col_expr(delivery::Column::Status, Expr::value(DEAD))
        .col_expr(delivery::Column::LastError, Expr::value("webhook removed"))
        .filter(delivery::Column::TargetId.eq(id))
        .filter(delivery::Column::Status.eq(PENDING))
        .exec(conn)
        .await?;
    webhook_topic::Entity::delete_many().filter(webhook_topic::Column::WebhookId.eq(id)).exec(conn).await?;
    Ok(webhook::Entity::delete_by_id(id).exec(conn).await?.rows_affected > 0)
}

// ---- the built-in WebSub hub

/// Records a verified subscription (a renewal replaces the secret and the lease).
pub async fn subscribe(
    conn: &impl ConnectionTrait,
    topic: &str,
    callback: &str,
    secret: Option<&str>,
    expires_at: DateTime<Utc>,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let existing = websub_subscription::Entity::find()
        .filter(websub_subscription::Column::Topic.eq(topic))
        .filter(websub_subscription::Column::Callback.eq(callback))
        .one(conn)
        .await?;
    match existing {
        Some(s) => {
            let mut s: websub_subscription::ActiveModel = s.into();
            s.secret = Set(secret.map(str::to_string));
            s.expires_at = Set(expires_at);
            s.update(conn).await?;
        }
        None => {
            websub_subscription::ActiveModel {
                id: Set(new_id()),
                topic: Set(topic.to_string()),
                callback: Set(callback.to_string()),
                secret: Set(secret.map(str::to_string)),
                expires_at: Set(expires_at),
                cr_by: Set(actor.to_string()),
                cr_dtimes: Set(at),
            }
            .insert(conn)
            .await?;
        }
    }
    Ok(())
}

pub async fn unsubscribe(conn: &impl ConnectionTrait, topic: &str, callback: &str) -> Result<bool> {
    Ok(websub_subscription::Entity::delete_many()
        .filter(websub_subscription::Column::Topic.eq(topic))
        .filter(websub_subscription::Column::Callback.eq(callback))
        .exec(conn)
        .await?
        .rows_affected
        > 0)
}

/// The hub's subscriptions, newest first.
pub async fn subscriptions(
    conn: &impl ConnectionTrait,
    offset: u64,
    limit: u64,
) -> Result<Page<websub_subscription::Model>> {
    let q = websub_subscription::Entity::find();
    let total = crate::query::count(conn, q.clone()).await?;
    let items = q
        .order_by_desc(websub_subscription::Column::CrDtimes)
        .order_by_desc(websub_subscription::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await?;
    Ok(Page { items, total })
}
