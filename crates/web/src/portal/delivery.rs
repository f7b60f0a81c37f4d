//! Event delivery in the portal. The Partner Admin manages webhook subscribers, reads the
//! delivery log (with the queue at a glance), retries a delivery, replays past events and sees
//! the built-in WebSub hub's subscriptions. Every logged-in user reads their notifications,
//! which the bell of every page counts.

use super::groups::ConfirmPage;
use super::session::{safe_local_path, Session, SessionForm, SessionUpload};
use super::trust::Tab;
use super::{failure, list_params, render, render_refused, FormErrors, Ltr, PageCtx, Pager, Query, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query as QueryParams, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use pms_domain::delivery::Status;
use pms_domain::list::ListParams;
use pms_domain::roles::PARTNER_ADMIN;
use pms_service::delivery::{
    DeliveryQuery, DeliveryView, NotificationView, QueueStats, SubscriptionView, WebhookInput, WebhookView,
};
use pms_service::delivery::{DESCRIPTION_MAX, SECRET_MAX, URL_MAX};
use pms_service::events::Topic;
use pms_service::operations::parse_instant;
use pms_service::ServiceError;
use serde::Deserialize;

const WEBHOOKS: &str = "/admin/webhooks";
const LOG: &str = "/admin/deliveries";
const HUB: &str = "/admin/websub";
const NOTIFICATIONS: &str = "/notifications";

/// Webhooks offered in the replay form's choice (the log's filter takes any id).
const WEBHOOK_CHOICES: &str = "100";

/// A time of the delivery log, to the second: retries come seconds apart.
fn moment(t: &DateTime<Utc>) -> Ltr {
    Ltr(t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
}

fn require_admin(s: &Session) -> Result<(), ServiceError> {
    s.ctx.require(&[PARTNER_ADMIN]).map(|_| ())
}

/// The tabs over the three event pages.
fn tabs(t: Tr, current: &str) -> Vec<Tab> {
    let pages = [
        ("tab-webhooks", WEBHOOKS, "events-tab-webhooks"),
        ("tab-deliveries", LOG, "events-tab-deliveries"),
        ("tab-websub", HUB, "events-tab-websub"),
    ];
    pages
        .into_iter()
        .map(|(id, href, key)| Tab { id, label: t.get(key), href: href.into(), current: href == current })
        .collect()
}

/// Paging only: these lists have one order, newest first.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageQuery {
    page_no: Option<String>,
    page_size: Option<String>,
}

impl PageQuery {
    fn query(&self, path: &'static str) -> Query {
        Query::new(path, &[("pageSize", &self.page_size)])
    }

    fn params(&self) -> ListParams {
        list_params(&None, &None, &self.page_no, &self.page_size)
    }
}

#[derive(Deserialize)]
pub struct PlainForm {
    csrf: String,
}

// ------------------------------------------------------------------ webhooks

pub struct HookRow {
    pub id: String,
    pub url: String,
    pub topics: Vec<String>,
    pub description: String,
    pub created_by: String,
    pub created_at: Ltr,
    /// The log narrowed to this webhook's deliveries.
    pub log: String,
}

impl From<WebhookView> for HookRow {
    fn from(w: WebhookView) -> Self {
        let log = Query::new(LOG, &[]).with(&[("kind", "webhook"), ("targetId", &w.id)]);
        HookRow {
            log,
            url: w.url,
            topics: w.topics,
            description: w.description.unwrap_or_default(),
            created_by: w.created_by,
            created_at: moment(&w.created_at),
            id: w.id,
        }
    }
}

/// What the "Add webhook" form holds when it is shown again. The secret is never sent back.
#[derive(Default)]
pub struct HookDraft {
    pub url: String,
    pub topics: Vec<String>,
    pub description: String,
}

#[derive(Template)]
#[template(path = "webhooks.html")]
struct WebhooksPage {
    ctx: PageCtx,
    tabs: Vec<Tab>,
    q: Query,
    rows: Vec<HookRow>,
    pager: Option<Pager>,
    all_topics: Vec<&'static str>,
    draft: HookDraft,
    errors: FormErrors,
    url_max: usize,
    secret_max: usize,
    description_max: usize,
}

impl WebhooksPage {
    fn chosen(&self, topic: &str) -> bool {
        self.draft.topics.iter().any(|t| t == topic)
    }
}

async fn webhooks_page(
    state: &AppState,
    s: &Session,
    p: PageQuery,
    draft: HookDraft,
    errors: FormErrors,
) -> Result<WebhooksPage, ServiceError> {
    let found = state.services.webhooks(&s.ctx, &p.params()).await?;
    let ctx = s.page();
    let q = p.query(WEBHOOKS);
    Ok(WebhooksPage {
        tabs: tabs(ctx.t, WEBHOOKS),
        pager: Some(Pager::new(&q, found.page_no, found.page_size, found.total)),
        rows: found.items.into_iter().map(HookRow::from).collect(),
        q,
        ctx,
        all_topics: Topic::ALL.iter().map(|t| t.as_str()).collect(),
        draft,
        errors,
        url_max: URL_MAX,
        secret_max: SECRET_MAX,
        description_max: DESCRIPTION_MAX,
    })
}

pub async fn webhooks(State(state): State<AppState>, s: Session, QueryParams(p): QueryParams<PageQuery>) -> Response {
    match webhooks_page(&state, &s, p, HookDraft::default(), FormErrors::default()).await {
        Ok(page) => render(page),
        Err(e) => failure(s.page(), e),
    }
}

/// Service errors without a field of their own, placed at the input they are about.
const WEBHOOK_FIELDS: &[(&str, &str)] = &[("PMS_EVT_001", "topics"), ("PMS_EVT_002", "url"), ("PMS_EVT_007", "secret")];

/// The form is read as a list of fields: its topic checkboxes send one `topics` each.
pub async fn add_webhook(State(state): State<AppState>, form: SessionUpload) -> Response {
    let text = |name: &str| form.text(name).map(str::to_string);
    let input = WebhookInput {
        url: text("url"),
        topics: form.pairs().filter(|(k, _)| *k == "topics").map(|(_, v)| v.to_string()).collect(),
        secret: text("secret"),
        description: text("description").filter(|d| !d.trim().is_empty()),
    };
    let draft = HookDraft {
        url: input.url.clone().unwrap_or_default(),
        topics: input.topics.clone(),
        description: input.description.clone().unwrap_or_default(),
    };
    let s = &form.session;
    match state.services.add_webhook(&s.ctx, input).await {
        Ok(_) => Redirect::to(&format!("{WEBHOOKS}?done=webhook-added")).into_response(),
        Err(e) if e.is_rejection() => {
            let errors = FormErrors::from_error(s.page().t, &e, WEBHOOK_FIELDS);
            match webhooks_page(&state, s, PageQuery::default(), draft, errors).await {
                Ok(page) => render_refused(page, true),
                Err(e) => failure(s.page(), e),
            }
        }
        Err(e) => failure(s.page(), e),
    }
}

pub async fn confirm_remove(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    let ctx = s.page();
    let t = ctx.t;
    let hook = match state.services.webhook(&s.ctx, &id).await {
        Ok(h) => h,
        Err(e) => return failure(ctx, e),
    };
    render(ConfirmPage {
        title: t.get("webhook-remove-title"),
        message: t.arg("webhook-remove-message", "url", &hook.url),
        action: format!("{WEBHOOKS}/{id}/remove"),
        button: t.get("action-remove"),
        cancel: WEBHOOKS.into(),
        reason: None,
        blocked: None,
        danger: true,
        ctx,
    })
}

pub async fn remove_webhook(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SessionForm { session: s, .. }: SessionForm<PlainForm>,
) -> Response {
    match state.services.remove_webhook(&s.ctx, &id).await {
        Ok(()) => Redirect::to(&format!("{WEBHOOKS}?done=webhook-removed")).into_response(),
        Err(e) => failure(s.page(), e),
    }
}

// ------------------------------------------------------------------ the delivery log

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogQuery {
    kind: Option<String>,
    status: Option<String>,
    target_id: Option<String>,
    event_id: Option<String>,
    page_no: Option<String>,
    page_size: Option<String>,
    /// How many deliveries the replay that led here queued.
    replayed: Option<String>,
}

pub struct DeliveryRow {
    pub id: String,
    pub kind: String,
    pub target: String,
    pub target_id: Option<String>,
    pub event_id: Option<String>,
    pub status: String,
    pub attempts: i32,
    pub last_http_status: Option<i32>,
    pub last_error: Option<String>,
    pub latency_ms: Option<i32>,
    pub created_at: Ltr,
    pub next_attempt_at: Option<Ltr>,
    pub delivered_at: Option<Ltr>,
    /// Dead letters and rows waiting for their next attempt may be sent again now.
    pub retry: bool,
}

impl From<DeliveryView> for DeliveryRow {
    fn from(d: DeliveryView) -> Self {
        let retry = matches!(Status::parse(&d.status), Some(Status::Pending | Status::Dead));
        DeliveryRow {
            retry,
            created_at: moment(&d.created_at),
            next_attempt_at: d.next_attempt_at.as_ref().map(moment),
            delivered_at: d.delivered_at.as_ref().map(moment),
            id: d.id,
            kind: d.kind,
            target: d.target,
            target_id: d.target_id,
            event_id: d.event_id,
            status: d.status,
            attempts: d.attempts,
            last_http_status: d.last_http_status,
            last_error: d.last_error,
            latency_ms: d.latency_ms,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplayForm {
    csrf: String,
    from: Option<String>,
    to: Option<String>,
    topic: Option<String>,
    webhook_id: Option<String>,
}

/// The replay form as it is shown (again).
#[derive(Default)]
pub struct ReplayDraft {
    pub from: String,
    pub to: String,
    pub topic: String,
    pub webhook_id: String,
}

#[derive(Template)]
#[template(path = "deliveries.html")]
struct LogPage {
    ctx: PageCtx,
    tabs: Vec<Tab>,
    q: Query,
    rows: Vec<DeliveryRow>,
    pager: Option<Pager>,
    error: Option<String>,
    stats: QueueStats,
    oldest_pending: Option<Ltr>,
    statuses: Vec<&'static str>,
    replayed: Option<u64>,
    all_topics: Vec<&'static str>,
    webhooks: Vec<(String, String)>,
    replay: ReplayDraft,
    errors: FormErrors,
}

impl LogPage {
    /// The log narrowed to one kind and status (links of the queue's counts).
    fn narrowed(&self, kind: &str, status: &str) -> String {
        Query::new(LOG, &[]).with(&[("kind", kind), ("status", status)])
    }

    /// This log narrowed to one subscriber, or to one event.
    fn by_target(&self, id: &str) -> String {
        self.q.with(&[("targetId", id), ("pageNo", "")])
    }

    fn by_event(&self, id: &str) -> String {
        self.q.with(&[("eventId", id), ("pageNo", "")])
    }

    fn kind_label(&self, kind: &str) -> String {
        self.ctx.t.key("delivery-kind", kind)
    }

    fn status_label(&self, status: &str) -> String {
        self.ctx.t.key("delivery-status", status)
    }
}

/// The log page; `Ok((page, refused))` where `refused` tells that its filters were not taken.
async fn log_page(
    state: &AppState,
    s: &Session,
    p: LogQuery,
    replay: ReplayDraft,
    errors: FormErrors,
) -> Result<(LogPage, bool), ServiceError> {
    require_admin(s)?;
    let ctx = s.page();
    let t = ctx.t;
    let q = Query::new(
        LOG,
        &[
            ("kind", &p.kind),
            ("status", &p.status),
            ("targetId", &p.target_id),
            ("eventId", &p.event_id),
            ("pageSize", &p.page_size),
        ],
    );
    let stats = state.services.queue_stats().await?;
    let choices =
        ListParams { page_no: Some("0".into()), page_size: Some(WEBHOOK_CHOICES.into()), ..Default::default() };
    let webhooks = state.services.webhooks(&s.ctx, &choices).await?.items.into_iter().map(|w| (w.id, w.url)).collect();
    let params = list_params(&None, &None, &p.page_no, &p.page_size);
    let filter = DeliveryQuery { kind: p.kind, target_id: p.target_id, status: p.status, event_id: p.event_id };
    let mut page = LogPage {
        tabs: tabs(t, LOG),
        q,
        rows: Vec::new(),
        pager: None,
        error: None,
        oldest_pending: stats.oldest_pending_at.as_ref().map(moment),
        stats,
        statuses: [Status::Pending, Status::Delivered, Status::Dead].iter().map(|s| s.as_str()).collect(),
        replayed: p.replayed.and_then(|n| n.trim().parse().ok()),
        all_topics: Topic::ALL.iter().map(|t| t.as_str()).collect(),
        webhooks,
        replay,
        errors,
        ctx,
    };
    match state.services.deliveries(&s.ctx, &filter, &params).await {
        Ok(found) => {
            page.pager = Some(Pager::new(&page.q, found.page_no, found.page_size, found.total));
            page.rows = found.items.into_iter().map(DeliveryRow::from).collect();
            Ok((page, false))
        }
        Err(e) if e.is_rejection() => {
            page.error = Some(t.error(&e.to_pms_error()));
            Ok((page, true))
        }
        Err(e) => Err(e),
    }
}

pub async fn deliveries(State(state): State<AppState>, s: Session, QueryParams(p): QueryParams<LogQuery>) -> Response {
    match log_page(&state, &s, p, ReplayDraft::default(), FormErrors::default()).await {
        Ok((page, refused)) => render_refused(page, refused),
        Err(e) => failure(s.page(), e),
    }
}

#[derive(Deserialize)]
pub struct RetryForm {
    csrf: String,
    back: Option<String>,
}

/// The page of the log a form was sent from (its filters and page kept, an earlier message
/// dropped), with the message `done`; another page, or none, leads to the whole log.
fn back_to_log(back: Option<&str>, done: &str) -> String {
    let back = safe_local_path(back);
    let (path, query) = back.split_once('?').unwrap_or((back.as_str(), ""));
    let mut params: Vec<(String, String)> =
        if path == LOG { serde_urlencoded::from_str(query).unwrap_or_default() } else { Vec::new() };
    params.retain(|(k, _)| k != "done" && k != "replayed");
    params.push(("done".into(), done.into()));
    format!("{LOG}?{}", serde_urlencoded::to_string(&params).unwrap_or_default())
}

pub async fn retry(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SessionForm { session: s, form }: SessionForm<RetryForm>,
) -> Response {
    match state.services.retry_delivery(&s.ctx, &id).await {
        Ok(_) => Redirect::to(&back_to_log(form.back.as_deref(), "delivery-retried")).into_response(),
        Err(e) => failure(s.page(), e),
    }
}

/// Where the replay's problems are shown: the range's at its end, the webhook's at its choice.
const REPLAY_FIELDS: &[(&str, &str)] = &[("PMS_EVT_008", "to"), ("PMS_EVT_005", "webhookId"), ("PMS_EVT_001", "topic")];

/// A form's field, unless left empty.
fn given_text(v: &str) -> Option<&str> {
    Some(v).filter(|v| !v.is_empty())
}

pub async fn replay(
    State(state): State<AppState>,
    SessionForm { session: s, form }: SessionForm<ReplayForm>,
) -> Response {
    let given = |v: Option<String>| v.map(|v| v.trim().to_string()).unwrap_or_default();
    let draft = ReplayDraft {
        from: given(form.from),
        to: given(form.to),
        topic: given(form.topic),
        webhook_id: given(form.webhook_id),
    };
    let result = state
        .services
        .replay_events(
            &s.ctx,
            given_text(&draft.from),
            given_text(&draft.to),
            given_text(&draft.topic),
            given_text(&draft.webhook_id),
        )
        .await;
    match result {
        Ok(queued) => Redirect::to(&format!("{LOG}?done=events-replayed&replayed={queued}")).into_response(),
        Err(e) if e.is_rejection() => {
            let t = s.page().t;
            let mut errors = FormErrors::from_error(t, &e, REPLAY_FIELDS);
            // A time that could not be read: say how to give one rather than what it is.
            for (field, message) in errors.fields.iter_mut() {
                let typed = match field.as_str() {
                    "from" => &draft.from,
                    "to" => &draft.to,
                    _ => continue,
                };
                if !typed.is_empty() && parse_instant(field, typed).is_err() {
                    *message = t.get("audit-bad-date");
                }
            }
            match log_page(&state, &s, LogQuery::default(), draft, errors).await {
                Ok((page, _)) => render_refused(page, true),
                Err(e) => failure(s.page(), e),
            }
        }
        Err(e) => failure(s.page(), e),
    }
}

// ------------------------------------------------------------------ the built-in hub

pub struct SubscriptionRow {
    pub topic: String,
    pub callback: String,
    pub expires_at: Ltr,
    pub expired: bool,
    pub created_by: String,
    pub created_at: Ltr,
}

#[derive(Template)]
#[template(path = "websub.html")]
struct HubPage {
    ctx: PageCtx,
    tabs: Vec<Tab>,
    q: Query,
    rows: Vec<SubscriptionRow>,
    pager: Option<Pager>,
}

pub async fn hub_subscriptions(
    State(state): State<AppState>,
    s: Session,
    QueryParams(p): QueryParams<PageQuery>,
) -> Response {
    let found = match state.services.hub_subscriptions(&s.ctx, &p.params()).await {
        Ok(f) => f,
        Err(e) => return failure(s.page(), e),
    };
    let now = state.services.now();
    let row = |v: SubscriptionView| SubscriptionRow {
        expires_at: moment(&v.expires_at),
        expired: v.expires_at <= now,
        created_at: moment(&v.created_at),
        topic: v.topic,
        callback: v.callback,
        created_by: v.created_by,
    };
    let ctx = s.page();
    let q = p.query(HUB);
    render(HubPage {
        tabs: tabs(ctx.t, HUB),
        pager: Some(Pager::new(&q, found.page_no, found.page_size, found.total)),
        rows: found.items.into_iter().map(row).collect(),
        q,
        ctx,
    })
}

// ------------------------------------------------------------------ notifications

pub struct NotificationRow {
    pub id: String,
    pub subject: String,
    pub body: String,
    pub at: Ltr,
    pub read: bool,
}

impl From<NotificationView> for NotificationRow {
    fn from(n: NotificationView) -> Self {
        NotificationRow { at: moment(&n.created_at), id: n.id, subject: n.subject, body: n.body, read: n.read }
    }
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    ctx: PageCtx,
    q: Query,
    rows: Vec<NotificationRow>,
    pager: Option<Pager>,
}

/// The user's notifications, newest first. Reading the page marks nothing: the user says so.
pub async fn notifications(
    State(state): State<AppState>,
    s: Session,
    QueryParams(p): QueryParams<PageQuery>,
) -> Response {
    match state.services.notifications(&s.ctx, &p.params()).await {
        Ok(found) => {
            let q = p.query(NOTIFICATIONS);
            let pager = Some(Pager::new(&q, found.page_no, found.page_size, found.total));
            let rows = found.items.into_iter().map(NotificationRow::from).collect();
            render(NotificationsPage { ctx: s.page(), q, rows, pager })
        }
        Err(e) => failure(s.page(), e),
    }
}

pub async fn mark_read(
    State(state): State<AppState>,
    SessionForm { session: s, .. }: SessionForm<PlainForm>,
) -> Response {
    match state.services.mark_notifications_read(&s.ctx, None).await {
        Ok(_) => Redirect::to(&format!("{NOTIFICATIONS}?done=notifications-read")).into_response(),
        Err(e) => failure(s.page(), e),
    }
}

super::session::csrf_forms!(PlainForm, RetryForm, ReplayForm);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_retry_returns_to_the_same_page_of_the_log() {
        assert_eq!(
            back_to_log(
                Some("/admin/deliveries?status=dead&pageNo=2&done=events-replayed&replayed=3"),
                "delivery-retried"
            ),
            "/admin/deliveries?status=dead&pageNo=2&done=delivery-retried"
        );
        assert_eq!(
            back_to_log(Some("/admin/deliveries"), "delivery-retried"),
            "/admin/deliveries?done=delivery-retried"
        );
        for elsewhere in
            [None, Some("//evil.example/admin/deliveries"), Some("/partners?x=1"), Some("/admin/deliveriesX")]
        {
            assert_eq!(back_to_log(elsewhere, "delivery-retried"), "/admin/deliveries?done=delivery-retried");
        }
    }
}
