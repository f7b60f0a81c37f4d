//! Who receives events, and what operators do about deliveries: webhook subscriptions, the
//! built-in WebSub hub's subscribe and unsubscribe requests, the delivery log, retries and
//! replays, the portal's notifications, and the daily expiry reminders. The worker that makes the
//! attempts lives in `pms-events`.

use crate::events::Topic;
use crate::partners::tell_partner;
use crate::write::{Action, Change};
use crate::{Ctx, Result, ServiceError, Services};
use chrono::{DateTime, Duration, Utc};
use pms_domain::delivery::{self as rules, HubMode, Status};
use pms_domain::lang::Lang;
use pms_domain::list::{plan_list, ListPage, ListParams, Paging};
use pms_domain::roles::PARTNER_ADMIN;
use pms_domain::{error, validate, Checks, PmsError};
use pms_store::entity::{delivery as delivery_row, notification, websub_subscription};
use pms_store::repo::delivery::{self as repo, Kind};
use pms_store::repo::notifications;
use serde::Serialize;
use serde_json::json;

/// Longest webhook or callback URL, webhook description, and the bounds of a secret.
pub const URL_MAX: usize = 2048;
pub const DESCRIPTION_MAX: usize = 256;
pub const SECRET_MIN: usize = 16;
pub const SECRET_MAX: usize = 200;
/// Events one replay queues at most (a replay of more is done in steps).
pub const REPLAY_MAX: u64 = 100_000;
/// Role of a service account that may subscribe to every topic of the built-in hub; MOSIP's
/// `SUBSCRIBE_<TOPIC>_GENERAL` roles allow one topic each.
pub const EVENT_SUBSCRIBER: &str = "EVENT_SUBSCRIBER";

#[derive(Debug, Clone, Default)]
pub struct WebhookInput {
    pub url: Option<String>,
    pub topics: Vec<String>,
    pub secret: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WebhookView {
    pub id: String,
    pub url: String,
    pub topics: Vec<String>,
    pub description: Option<String>,
    pub is_active: bool,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl From<repo::Webhook> for WebhookView {
    fn from(w: repo::Webhook) -> Self {
        WebhookView {
            id: w.hook.id,
            url: w.hook.url,
            topics: w.topics,
            description: w.hook.descr,
            is_active: w.hook.is_active,
            created_by: w.hook.cr_by,
            created_at: w.hook.cr_dtimes,
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryView {
    pub id: String,
    pub event_id: Option<String>,
    pub kind: String,
    pub target_id: Option<String>,
    pub target: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_http_status: Option<i32>,
    pub last_error: Option<String>,
    pub latency_ms: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

impl From<delivery_row::Model> for DeliveryView {
    fn from(d: delivery_row::Model) -> Self {
        let pending = d.status == Status::Pending.as_str();
        DeliveryView {
            id: d.id,
            event_id: d.event_id,
            kind: d.kind,
            target_id: d.target_id,
            target: d.target,
            status: d.status,
            attempts: d.attempts,
            next_attempt_at: pending.then_some(d.available_at),
            last_http_status: d.last_status,
            last_error: d.last_error,
            latency_ms: d.latency_ms,
            created_at: d.created_at,
            delivered_at: d.delivered_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionView {
    pub id: String,
    pub topic: String,
    pub callback: String,
    pub expires_at: DateTime<Utc>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl From<websub_subscription::Model> for SubscriptionView {
    fn from(s: websub_subscription::Model) -> Self {
        SubscriptionView {
            id: s.id,
            topic: s.topic,
            callback: s.callback,
            expires_at: s.expires_at,
            created_by: s.cr_by,
            created_at: s.cr_dtimes,
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NotificationView {
    pub id: String,
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

impl From<notification::Model> for NotificationView {
    fn from(n: notification::Model) -> Self {
        NotificationView {
            id: n.id,
            kind: n.kind,
            subject: n.subject,
            body: n.body,
            created_at: n.created_at,
            read: n.read_at.is_some(),
        }
    }
}

/// Exact-value filters of the delivery log; blank ones are ignored.
#[derive(Debug, Clone, Default)]
pub struct DeliveryQuery {
    pub kind: Option<String>,
    pub target_id: Option<String>,
    pub status: Option<String>,
    pub event_id: Option<String>,
}

/// The queue at a glance: rows not yet delivered by kind and status, and the oldest due row.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueStats {
    /// Every kind of delivery with its rows waiting and its dead letters.
    pub kinds: Vec<KindStats>,
    pub oldest_pending_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KindStats {
    pub kind: &'static str,
    pub pending: i64,
    pub dead: i64,
}

impl QueueStats {
    pub fn pending_of(&self, kind: &str) -> i64 {
        self.kinds.iter().find(|k| k.kind == kind).map(|k| k.pending).unwrap_or(0)
    }
}

/// A built-in hub request (`application/x-www-form-urlencoded`, W3C WebSub names).
#[derive(Debug, Clone, Default)]
pub struct HubRequest {
    pub mode: Option<String>,
    pub topic: Option<String>,
    pub callback: Option<String>,
    pub secret: Option<String>,
    pub lease_seconds: Option<String>,
}

/// An absolute `http(s)` URL without user or password, bounded: the host it names.
pub fn check_url(field: &str, text: Option<&str>) -> Result<(String, String), PmsError> {
    let text = validate::required(field, text, 1, URL_MAX)?;
    let bad = || error::EVT_URL_INVALID.with(field).on(field, pms_domain::FieldRule::Invalid);
    let url = url::Url::parse(&text).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https") || !url.username().is_empty() || url.password().is_some() {
        return Err(bad());
    }
    let host = url.host_str().ok_or_else(bad)?.trim_start_matches('[').trim_end_matches(']').to_string();
    Ok((text, host))
}

fn check_topic(field: &str, text: &str) -> Result<Topic, PmsError> {
    Topic::parse(text).ok_or_else(|| {
        error::EVT_TOPIC_UNKNOWN
            .with(text.chars().take(64).collect::<String>().as_str())
            .on(field, pms_domain::FieldRule::Invalid)
    })
}

fn non_blank(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

impl Services {
    /// Adds a webhook subscriber. The secret is kept to sign deliveries (HMAC needs it) and never
    /// shown again.
    pub async fn add_webhook(&self, ctx: &Ctx, input: WebhookInput) -> Result<WebhookView> {
        let op = self.op(
            ctx,
            Action::WebhookCreate,
            input.url.as_deref().unwrap_or_default().chars().take(256).collect::<String>(),
        );
        op.run(async {
            ctx.require(&[PARTNER_ADMIN])?;
            let mut checks = Checks::default();
            let url = checks.keep(check_url("url", input.url.as_deref()));
            if input.topics.is_empty() {
                checks.fail(error::MISSING_INPUT.err().on("topics", pms_domain::FieldRule::Required));
            }
            let mut topics: Vec<String> = Vec::new();
            for t in input.topics.iter().take(Topic::ALL.len() + 1) {
                if let Some(topic) = checks.keep(check_topic("topics", t)) {
                    topics.push(topic.as_str().to_string());
                }
            }
            topics.sort();
            topics.dedup();
            let secret = input.secret.as_deref().map(str::trim).unwrap_or_default().to_string();
            if !(SECRET_MIN..=SECRET_MAX).contains(&secret.chars().count()) {
                checks.fail(error::EVT_SECRET_INVALID.err().on("secret", pms_domain::FieldRule::Invalid));
            }
            let description =
                checks.keep(validate::optional("description", input.description.as_deref(), DESCRIPTION_MAX));
            checks.finish()?;
            let (Some((url, _)), Some(description)) = (url, description) else {
                return Err(error::INVALID_INPUT.err().into());
            };
            let w = op.begin().await?;
            let hook =
                repo::add_webhook(&*w, &url, &secret, description.as_deref(), &topics, ctx.name(), w.now()).await?;
            w.commit(
                Change::of(&hook.hook.id).status(None, Some("active")).details(json!({ "url": url, "topics": topics })),
            )
            .await?;
            Ok(hook.into())
        })
        .await
    }

    pub async fn webhooks(&self, ctx: &Ctx, params: &ListParams) -> Result<ListPage<WebhookView>> {
        ctx.require(&[PARTNER_ADMIN])?;
        let plan = plan_list(params, &[], Paging::DefaultPage)?;
        let page = repo::webhooks(self.store.db(), plan.offset(), plan.page_size).await?;
        Ok(ListPage::new(page.map(Into::into), &plan))
    }

    pub async fn webhook(&self, ctx: &Ctx, id: &str) -> Result<WebhookView> {
        ctx.require(&[PARTNER_ADMIN])?;
        let hook = repo::webhook(self.store.db(), id).await?.ok_or_else(|| error::EVT_WEBHOOK_NOT_FOUND.err())?;
        Ok(hook.into())
    }

    /// Removes a webhook; deliveries still waiting for it are given up.
    pub async fn remove_webhook(&self, ctx: &Ctx, id: &str) -> Result<()> {
        let op = self.op(ctx, Action::WebhookRemove, id);
        op.run(async {
            ctx.require(&[PARTNER_ADMIN])?;
            let w = op.begin().await?;
            let hook = repo::webhook(&*w, id).await?.ok_or_else(|| error::EVT_WEBHOOK_NOT_FOUND.err())?;
            repo::remove_webhook(&*w, id).await?;
            w.commit(Change::of(id).status(Some("active"), None).details(json!({ "url": hook.hook.url }))).await
        })
        .await
    }

    /// `POST /websub/hub`: a subscriber asks to (un)subscribe a callback. The hub answers at once
    /// (202) and checks the subscriber's intent on the callback before it changes anything.
    pub async fn hub_request(&self, ctx: &Ctx, input: HubRequest) -> Result<()> {
        let mode = HubMode::parse(input.mode.as_deref().unwrap_or_default());
        let action = match mode {
            Ok(HubMode::Unsubscribe) => Action::HubUnsubscribe,
            _ => Action::HubSubscribe,
        };
        let callback_label: String = input.callback.as_deref().unwrap_or_default().chars().take(256).collect();
        let op = self.op(ctx, action, callback_label);
        op.run(async {
            let actor = ctx.actor()?;
            let subscriber = actor.roles.iter().any(|r| {
                r == PARTNER_ADMIN || r == EVENT_SUBSCRIBER || (r.starts_with("SUBSCRIBE_") && r.ends_with("_GENERAL"))
            });
            if !subscriber {
                return Err(ServiceError::Forbidden);
            }
            let mut checks = Checks::default();
            let mode = checks.keep(mode.map_err(|e| e.on("hub.mode", pms_domain::FieldRule::Invalid)));
            let topic = checks.keep(check_topic("hub.topic", input.topic.as_deref().unwrap_or_default()));
            let callback = checks.keep(check_url("hub.callback", input.callback.as_deref()));
            let secret = non_blank(&input.secret);
            if secret.as_ref().is_some_and(|s| s.len() >= SECRET_MAX) {
                checks.fail(error::EVT_SECRET_INVALID.err().on("hub.secret", pms_domain::FieldRule::Invalid));
            }
            let asked = match non_blank(&input.lease_seconds) {
                None => None,
                Some(text) => checks.keep(text.parse::<u64>().map_err(|_| {
                    error::INVALID_INPUT
                        .with("hub.lease_seconds")
                        .on("hub.lease_seconds", pms_domain::FieldRule::Invalid)
                })),
            };
            checks.finish()?;
            let (Some(mode), Some(topic), Some((callback, host))) = (mode, topic, callback) else {
                return Err(error::INVALID_INPUT.err().into());
            };
            let subscriber_role = format!("SUBSCRIBE_{}_GENERAL", topic.as_str());
            if !actor.has_any(&[PARTNER_ADMIN, EVENT_SUBSCRIBER, &subscriber_role]) {
                return Err(ServiceError::Forbidden);
            }
            if !rules::callback_allowed(&host, &crate::config::list(&self.config.websub_callback_allow)) {
                return Err(error::EVT_CALLBACK_NOT_ALLOWED
                    .with(host.chars().take(253).collect::<String>().as_str())
                    .into());
            }
            let lease =
                rules::granted_lease(asked, self.config.websub_lease_seconds, self.config.websub_max_lease_seconds);
            let mut w = op.begin().await?;
            let intent = json!({
                "mode": mode.as_str(),
                "topic": topic.as_str(),
                "callback": callback,
                "secret": secret,
                "leaseSeconds": lease,
                "by": ctx.name(),
            });
            w.deliver(repo::New {
                event_id: None,
                kind: Kind::Intent,
                target_id: None,
                target: callback.clone(),
                payload: Some(intent.to_string()),
            });
            let change = Change::of(&callback).details(json!({ "topic": topic.as_str(), "leaseSeconds": lease }));
            w.commit(change).await
        })
        .await
    }

    pub async fn hub_subscriptions(&self, ctx: &Ctx, params: &ListParams) -> Result<ListPage<SubscriptionView>> {
        ctx.require(&[PARTNER_ADMIN])?;
        let plan = plan_list(params, &[], Paging::DefaultPage)?;
        let page = repo::subscriptions(self.store.db(), plan.offset(), plan.page_size).await?;
        Ok(ListPage::new(page.map(Into::into), &plan))
    }

    /// The delivery log, newest first.
    pub async fn deliveries(
        &self,
        ctx: &Ctx,
        q: &DeliveryQuery,
        params: &ListParams,
    ) -> Result<ListPage<DeliveryView>> {
        ctx.require(&[PARTNER_ADMIN])?;
        let plan = plan_list(params, &[], Paging::DefaultPage)?;
        let mut checks = Checks::default();
        let kind = non_blank(&q.kind).and_then(|k| {
            checks.keep(
                Kind::parse(&k)
                    .ok_or_else(|| error::INVALID_INPUT.with("kind").on("kind", pms_domain::FieldRule::Invalid)),
            )
        });
        let status = non_blank(&q.status);
        if let Some(s) = &status {
            if Status::parse(s).is_none() {
                checks.fail(error::INVALID_INPUT.with("status").on("status", pms_domain::FieldRule::Invalid));
            }
        }
        let target_id = checks.keep(validate::optional("targetId", q.target_id.as_deref(), 64)).flatten();
        let event_id = checks.keep(validate::optional("eventId", q.event_id.as_deref(), 64)).flatten();
        checks.finish()?;
        let filter = repo::Filter { kind, target_id, status, event_id };
        let page = repo::list(self.store.db(), &filter, plan.offset(), plan.page_size).await?;
        Ok(ListPage::new(page.map(Into::into), &plan))
    }

    pub async fn delivery(&self, ctx: &Ctx, id: &str) -> Result<DeliveryView> {
        ctx.require(&[PARTNER_ADMIN])?;
        let row = repo::find(self.store.db(), id).await?.ok_or_else(|| error::EVT_DELIVERY_NOT_FOUND.err())?;
        Ok(row.into())
    }

    /// Puts a delivery (a dead letter, or one waiting for its next attempt) back in the queue
    /// now, with a fresh count of attempts.
    pub async fn retry_delivery(&self, ctx: &Ctx, id: &str) -> Result<DeliveryView> {
        let op = self.op(ctx, Action::DeliveryRetry, id);
        op.run(async {
            ctx.require(&[PARTNER_ADMIN])?;
            let mut w = op.begin().await?;
            let row = repo::find(&*w, id).await?.ok_or_else(|| error::EVT_DELIVERY_NOT_FOUND.err())?;
            let status = Status::parse(&row.status).ok_or_else(|| error::EVT_DELIVERY_NOT_FOUND.err())?;
            rules::may_retry(status, row.kind == Kind::Email.as_str())?;
            repo::retry(&*w, id, w.now()).await?;
            w.wake();
            let after = repo::find(&*w, id).await?.ok_or_else(|| error::EVT_DELIVERY_NOT_FOUND.err())?;
            w.commit(
                Change::of(id)
                    .status(Some(status.as_str()), Some(Status::Pending.as_str()))
                    .details(json!({ "attempts": row.attempts })),
            )
            .await?;
            Ok(after.into())
        })
        .await
    }

    /// Queues again every event written in `[from, to)` (optionally of one topic, for one
    /// webhook) for today's subscribers. Events keep their ids, so a receiver that has one
    /// already can tell. Returns how many deliveries were queued.
    pub async fn replay_events(
        &self,
        ctx: &Ctx,
        from: Option<&str>,
        to: Option<&str>,
        topic: Option<&str>,
        webhook_id: Option<&str>,
    ) -> Result<u64> {
        let label =
            format!("{}..{}", from.unwrap_or_default(), to.unwrap_or_default()).chars().take(128).collect::<String>();
        let op = self.op(ctx, Action::EventReplay, label);
        op.run(async {
            ctx.require(&[PARTNER_ADMIN])?;
            let mut checks = Checks::default();
            let from = checks.keep(
                validate::required("from", from, 1, 64).and_then(|f| crate::operations::parse_instant("from", &f)),
            );
            let to = match to.map(str::trim).filter(|t| !t.is_empty()) {
                Some(t) => checks.keep(crate::operations::parse_instant("to", t)),
                None => Some(self.now() + Duration::seconds(1)),
            };
            let topic = match topic.map(str::trim).filter(|t| !t.is_empty()) {
                Some(t) => checks.keep(check_topic("topic", t)).map(Some),
                None => Some(None),
            };
            let webhook_id = checks.keep(validate::optional("webhookId", webhook_id, 64)).flatten();
            checks.finish()?;
            let (Some(from), Some(to), Some(topic)) = (from, to, topic) else {
                return Err(error::INVALID_INPUT.err().into());
            };
            if from >= to {
                return Err(error::EVT_RANGE_INVALID.with("from must be before to").into());
            }
            let mut w = op.begin().await?;
            if let Some(id) = &webhook_id {
                repo::webhook(&*w, id).await?.ok_or_else(|| error::EVT_WEBHOOK_NOT_FOUND.err())?;
            }
            let events = repo::events_between(&*w, from, to, topic.map(Topic::as_str), REPLAY_MAX).await?;
            let hub = if webhook_id.is_some() { None } else { self.config.websub_hub_url.as_deref() };
            let mut queued = 0u64;
            let mut recipients = repo::Recipients::new(hub, webhook_id.as_deref(), w.now());
            for (event_id, event_topic) in &events {
                for r in recipients.of(&*w, event_id, event_topic).await? {
                    queued += 1;
                    w.deliver(r);
                }
            }
            let details = json!({
                "from": crate::events::utc(from),
                "to": crate::events::utc(to),
                "topic": topic.map(Topic::as_str),
                "webhookId": webhook_id,
                "events": events.len(),
                "deliveries": queued,
            });
            w.commit(Change::of(crate::events::utc(from)).details(details)).await?;
            Ok(queued)
        })
        .await
    }

    /// What `/metrics` and the admin page show of the queue.
    pub async fn queue_stats(&self) -> Result<QueueStats> {
        let mut kinds: Vec<KindStats> =
            Kind::ALL.iter().map(|k| KindStats { kind: k.as_str(), ..Default::default() }).collect();
        for (kind, status, n) in repo::counts(self.store.db()).await? {
            let Some(entry) = kinds.iter_mut().find(|k| k.kind == kind) else { continue };
            match Status::parse(&status) {
                Some(Status::Pending) => entry.pending = n,
                Some(Status::Dead) => entry.dead = n,
                _ => {}
            }
        }
        Ok(QueueStats { kinds, oldest_pending_at: repo::oldest_pending(self.store.db()).await? })
    }

    // ---- the bell

    pub async fn notifications(&self, ctx: &Ctx, params: &ListParams) -> Result<ListPage<NotificationView>> {
        let actor = ctx.actor()?;
        let plan = plan_list(params, &[], Paging::DefaultPage)?;
        let page = notifications::of_user(self.store.db(), &actor.username, plan.offset(), plan.page_size).await?;
        Ok(ListPage::new(page.map(Into::into), &plan))
    }

    pub async fn unread_notifications(&self, ctx: &Ctx) -> Result<u64> {
        let actor = ctx.actor()?;
        Ok(notifications::unread(self.store.db(), &actor.username).await?)
    }

    /// Marks the caller's notifications read (one, or all); others' are out of reach.
    pub async fn mark_notifications_read(&self, ctx: &Ctx, id: Option<&str>) -> Result<u64> {
        let actor = ctx.actor()?;
        let id = validate::optional("id", id, 64)?;
        let tx = self.store.begin().await?;
        let n = notifications::mark_read(&*tx, &actor.username, id.as_deref(), self.now()).await?;
        tx.commit().await?;
        Ok(n)
    }

    // ---- reminders

    /// Reminds owners of API keys and partner certificates, and the Partner Admins of CA
    /// certificates, that an end is near: once per configured number of days before it, by
    /// e-mail and in the portal. Run daily by the housekeeping job; returns how many were sent.
    pub async fn send_expiry_reminders(&self) -> Result<u64> {
        let mut thresholds: Vec<i32> = crate::config::list(&self.config.expiry_reminder_days)
            .iter()
            .filter_map(|d| d.parse::<i32>().ok())
            .filter(|d| (1..=3650).contains(d))
            .collect();
        // The nearest threshold first: an item inside several is reminded once, at the nearest.
        thresholds.sort();
        thresholds.dedup();
        let now = self.now();
        let mut sent = 0;
        let Some(&furthest) = thresholds.last() else { return Ok(0) };
        // Everything ending within the furthest threshold, read once; each threshold takes its part.
        let all = self.expiring_items(now, now + Duration::days(i64::from(furthest))).await?;
        let mut done: std::collections::HashSet<(&'static str, String)> = Default::default();
        for &days in &thresholds {
            let until = now + Duration::days(i64::from(days));
            let items: Vec<&Expiring> = all.iter().filter(|i| i.ends <= until).collect();
            // Those already reminded at this threshold: one query per kind of item.
            let mut reminded: std::collections::HashSet<(&'static str, String)> = Default::default();
            for kind in EXPIRING_KINDS {
                let ids: Vec<String> = items.iter().filter(|i| i.kind == kind).map(|i| i.id.clone()).collect();
                let known = notifications::reminded(self.store.db(), kind, &ids, days).await?;
                reminded.extend(known.into_iter().map(|id| (kind, id)));
            }
            for item in items {
                let key = (item.kind, item.id.clone());
                if reminded.contains(&key) || !done.insert(key) {
                    continue;
                }
                self.remind(item, days, &thresholds).await?;
                sent += 1;
            }
        }
        Ok(sent)
    }

    async fn remind(&self, item: &Expiring, days: i32, thresholds: &[i32]) -> Result<()> {
        let ctx = Ctx::system();
        let op = self.op(&ctx, Action::ExpiryReminder, format!("{}:{}", item.kind, item.id));
        op.run(async {
            let mut w = op.begin().await?;
            let expires = crate::events::utc(item.ends);
            let days_text = days.to_string();
            let mut args = vec![("expires", expires.as_str()), ("days", days_text.as_str())];
            args.extend(item.args.iter().map(|(k, v)| (*k, v.as_str())));
            match &item.owner {
                Some(p) => tell_partner(&mut w, &p.clone().into(), item.key, &args),
                None => {
                    for admin in pms_store::repo::users::with_role(&*w, PARTNER_ADMIN).await? {
                        let lang = Lang::parse(&admin.lang_code).unwrap_or(Lang::En);
                        w.tell(&admin.username, &admin.email, lang, item.key, &args);
                    }
                }
            }
            // Every larger threshold is passed too: it is not sent later.
            for &t in thresholds.iter().filter(|&&t| t >= days) {
                let known = notifications::reminded(&*w, item.kind, std::slice::from_ref(&item.id), t).await?;
                if known.is_empty() {
                    notifications::remember(&*w, item.kind, &item.id, t, w.now()).await?;
                }
            }
            w.commit(
                Change::of(format!("{}:{}", item.kind, item.id)).details(json!({ "days": days, "endsAt": expires })),
            )
            .await
        })
        .await
    }

    async fn expiring_items(&self, now: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<Expiring>> {
        let db = self.store.db();
        let mut out = Vec::new();
        for (key, partner, policy_name) in pms_store::repo::access::keys_ending(db, now, until).await? {
            out.push(Expiring {
                kind: "api_key",
                id: key.policy_api_key.clone(),
                ends: key.valid_to_datetime.unwrap_or(until),
                key: "email-key-expiring",
                owner: Some(partner),
                args: vec![("label", key.label.clone()), ("policyName", policy_name)],
            });
        }
        for (cert, partner) in pms_store::repo::certificates::partner_certs_ending(db, now, until).await? {
            out.push(Expiring {
                kind: "partner_certificate",
                id: cert.cert_id.clone(),
                ends: cert.signed_not_after,
                key: "email-certificate-expiring",
                owner: Some(partner),
                args: vec![],
            });
        }
        let sbis = pms_store::repo::devices::sbis_ending(db, now, until).await?;
        let chips = pms_store::repo::devices::chip_certs_ending(db, now, until).await?;
        let providers = pms_store::repo::partners::many(
            db,
            sbis.iter()
                .map(|s| s.provider_id.clone())
                .chain(chips.iter().filter_map(|(_, c)| c.as_ref().map(|c| c.foundational_trust_provider_id.clone()))),
        )
        .await?;
        for sbi in sbis {
            let Some(owner) = providers.get(&sbi.provider_id) else { continue };
            out.push(Expiring {
                kind: "sbi",
                id: sbi.id.clone(),
                ends: sbi.sw_expiry_dtimes.unwrap_or(until),
                key: "email-sbi-expiring",
                owner: Some(owner.clone()),
                args: vec![("version", sbi.sw_version.clone())],
            });
        }
        for (cert, chip) in chips {
            let Some(chip) = chip else { continue };
            let Some(owner) = providers.get(&chip.foundational_trust_provider_id) else { continue };
            out.push(Expiring {
                kind: "chip_certificate",
                id: cert.cert_id.clone(),
                ends: cert.not_after.min(cert.signed_not_after),
                key: "email-chip-certificate-expiring",
                owner: Some(owner.clone()),
                args: vec![("item", format!("{} {}", chip.make, chip.model))],
            });
        }
        for ca in pms_store::repo::certificates::cas_ending(db, now, until).await? {
            out.push(Expiring {
                kind: "ca_certificate",
                id: ca.cert_id.clone(),
                ends: ca.not_after,
                key: "email-ca-expiring",
                owner: None,
                args: vec![("domain", ca.partner_domain.clone()), ("subject", ca.subject_dn.clone())],
            });
        }
        Ok(out)
    }
}

const EXPIRING_KINDS: [&str; 5] = ["api_key", "partner_certificate", "ca_certificate", "sbi", "chip_certificate"];

/// Something whose end is near, and whom to tell.
struct Expiring {
    kind: &'static str,
    id: String,
    ends: DateTime<Utc>,
    key: &'static str,
    /// The partner to tell; none for CA certificates, which concern the Partner Admins.
    owner: Option<pms_store::entity::partner::Model>,
    args: Vec<(&'static str, String)>,
}
