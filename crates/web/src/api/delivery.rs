//! Events reaching downstream systems: webhook subscriptions, the delivery log with retries and
//! replays, the built-in WebSub hub (`POST /websub/hub`, W3C form parameters) and the caller's
//! portal notifications.

use super::envelope::{PageResponseV2, Reply, RequestWrapperV2, ResponseWrapperV2};
use super::extract::{Caller, V2Json, V2Request};
use super::time;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use pms_domain::list::{ListPage, ListParams};
use pms_service::delivery::{
    DeliveryQuery, DeliveryView, HubRequest, NotificationView, SubscriptionView, WebhookInput, WebhookView,
};
use pms_service::ServiceError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const TAG: &str = "Events and deliveries";

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_webhooks, add_webhook))
        .routes(routes!(get_webhook, remove_webhook))
        .routes(routes!(list_deliveries))
        .routes(routes!(get_delivery))
        .routes(routes!(retry_delivery))
        .routes(routes!(replay))
        .routes(routes!(subscriptions))
        .routes(routes!(hub))
        .routes(routes!(notifications))
        .routes(routes!(read_notifications))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    pub page_no: Option<String>,
    pub page_size: Option<String>,
}

impl PageParams {
    fn list(self) -> ListParams {
        ListParams { page_no: self.page_no, page_size: self.page_size, ..Default::default() }
    }
}

fn page_of<T, U: From<T>>(page: ListPage<T>) -> PageResponseV2<U> {
    PageResponseV2::new(page.page_no, page.page_size, page.total, page.items.into_iter().map(U::from).collect())
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookItem {
    pub id: String,
    pub url: String,
    pub topics: Vec<String>,
    pub description: Option<String>,
    pub is_active: bool,
    pub created_by: String,
    pub created_at: String,
}

impl From<WebhookView> for WebhookItem {
    fn from(w: WebhookView) -> Self {
        WebhookItem {
            id: w.id,
            url: w.url,
            topics: w.topics,
            description: w.description,
            is_active: w.is_active,
            created_by: w.created_by,
            created_at: time(w.created_at),
        }
    }
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookRequest {
    /// Where events are POSTed (http or https).
    #[schema(example = "https://ida.example.org/pms-events")]
    pub url: Option<String>,
    /// Topics to receive.
    #[schema(example = json!(["PARTNER_UPDATED", "APIKEY_UPDATED"]))]
    #[serde(default)]
    pub topics: Vec<String>,
    /// Key of the `X-PMS-Signature: sha256=<hex HMAC-SHA256 of the body>` header (16–200
    /// characters); never shown again.
    #[schema(example = "a-long-random-shared-secret")]
    pub secret: Option<String>,
    #[schema(example = "ID Authentication, production")]
    pub description: Option<String>,
}

impl V2Request for WebhookRequest {
    const ID: &'static str = "mosip.pms.webhook.create";
}

/// Webhooks, newest first (secrets are never shown).
#[utoipa::path(get, path = "/v1/pms/webhooks", tag = TAG, params(PageParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapperV2<PageResponseV2<WebhookItem>>), (status = 403, description = "Partner Admin only")))]
pub async fn list_webhooks(State(s): State<AppState>, Caller(ctx): Caller, Query(q): Query<PageParams>) -> Response {
    Reply::v2("mosip.pms.webhook.list")
        .result(s.services.webhooks(&ctx, &q.list()).await.map(page_of::<_, WebhookItem>))
}

/// Subscribe a URL to topics. Each event is POSTed with its MOSIP WebSub body, `X-PMS-Event-Id`
/// (the same on every retry and replay), `X-PMS-Topic`, `X-PMS-Delivery` and `X-PMS-Signature`.
/// A 2xx answer delivers; 410 ends the delivery at once; anything else is retried with backoff
/// until the dead letters.
#[utoipa::path(post, path = "/v1/pms/webhooks", tag = TAG,
    request_body(content = RequestWrapperV2<WebhookRequest>, description = "id `mosip.pms.webhook.create`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The webhook, or errors PMS_COR_001, PMS_EVT_001, PMS_EVT_002, PMS_EVT_007", body = ResponseWrapperV2<WebhookItem>),
        (status = 403, description = "Partner Admin only")))]
pub async fn add_webhook(State(s): State<AppState>, Caller(ctx): Caller, body: V2Json<WebhookRequest>) -> Response {
    let V2Json { request, reply } = body;
    let input = WebhookInput {
        url: request.url,
        topics: request.topics,
        secret: request.secret,
        description: request.description,
    };
    reply.result(s.services.add_webhook(&ctx, input).await.map(WebhookItem::from))
}

#[utoipa::path(get, path = "/v1/pms/webhooks/{id}", tag = TAG, params(("id" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The webhook, or error PMS_EVT_005", body = ResponseWrapperV2<WebhookItem>)))]
pub async fn get_webhook(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    Reply::v2("mosip.pms.webhook.get").result(s.services.webhook(&ctx, &id).await.map(WebhookItem::from))
}

/// Remove a webhook; its deliveries still waiting are given up, its log stays.
#[utoipa::path(delete, path = "/v1/pms/webhooks/{id}", tag = TAG, params(("id" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Removed, or error PMS_EVT_005", body = ResponseWrapperV2<String>)))]
pub async fn remove_webhook(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    Reply::v2("mosip.pms.webhook.remove").result(s.services.remove_webhook(&ctx, &id).await.map(|()| "Webhook removed"))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct DeliveryParams {
    /// `webhook`, `websub`, `hub`, `intent` or `email`
    pub kind: Option<String>,
    /// `pending`, `delivered` or `dead`
    pub status: Option<String>,
    /// A webhook's or hub subscription's id
    pub target_id: Option<String>,
    pub event_id: Option<String>,
    pub page_no: Option<String>,
    pub page_size: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryItem {
    pub id: String,
    pub event_id: Option<String>,
    pub kind: String,
    pub target_id: Option<String>,
    /// The URL, or the e-mail address.
    pub target: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: Option<String>,
    pub last_http_status: Option<i32>,
    pub last_error: Option<String>,
    pub latency_ms: Option<i32>,
    pub created_at: String,
    pub delivered_at: Option<String>,
}

impl From<DeliveryView> for DeliveryItem {
    fn from(d: DeliveryView) -> Self {
        DeliveryItem {
            id: d.id,
            event_id: d.event_id,
            kind: d.kind,
            target_id: d.target_id,
            target: d.target,
            status: d.status,
            attempts: d.attempts,
            next_attempt_at: d.next_attempt_at.map(time),
            last_http_status: d.last_http_status,
            last_error: d.last_error,
            latency_ms: d.latency_ms,
            created_at: time(d.created_at),
            delivered_at: d.delivered_at.map(time),
        }
    }
}

/// The delivery log, newest first: every attempt's last answer, per recipient.
#[utoipa::path(get, path = "/v1/pms/deliveries", tag = TAG, params(DeliveryParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or error PMS_COR_002", body = ResponseWrapperV2<PageResponseV2<DeliveryItem>>)))]
pub async fn list_deliveries(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Query(q): Query<DeliveryParams>,
) -> Response {
    let params = ListParams { page_no: q.page_no, page_size: q.page_size, ..Default::default() };
    let query = DeliveryQuery { kind: q.kind, target_id: q.target_id, status: q.status, event_id: q.event_id };
    Reply::v2("mosip.pms.delivery.list")
        .result(s.services.deliveries(&ctx, &query, &params).await.map(page_of::<_, DeliveryItem>))
}

#[utoipa::path(get, path = "/v1/pms/deliveries/{id}", tag = TAG, params(("id" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The delivery, or error PMS_EVT_006", body = ResponseWrapperV2<DeliveryItem>)))]
pub async fn get_delivery(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    Reply::v2("mosip.pms.delivery.get").result(s.services.delivery(&ctx, &id).await.map(DeliveryItem::from))
}

/// Queue a delivery again now with a fresh count of attempts: a dead letter, one waiting for its
/// next attempt, or a delivered event (a delivered e-mail cannot be sent again).
#[utoipa::path(post, path = "/v1/pms/deliveries/{id}/retry", tag = TAG, params(("id" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The delivery, or error PMS_EVT_006", body = ResponseWrapperV2<DeliveryItem>)))]
pub async fn retry_delivery(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    Reply::v2("mosip.pms.delivery.retry").result(s.services.retry_delivery(&ctx, &id).await.map(DeliveryItem::from))
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReplayRequest {
    /// From this instant on (RFC 3339).
    #[schema(example = "2026-12-01T00:00:00Z")]
    pub from: Option<String>,
    /// Before this instant (default: now).
    #[schema(example = "2026-12-02T00:00:00Z")]
    pub to: Option<String>,
    /// Only events of this topic.
    #[schema(example = "PARTNER_UPDATED")]
    pub topic: Option<String>,
    /// Only to this webhook (otherwise to every current subscriber and the configured hub).
    #[schema(nullable, example = json!(null))]
    pub webhook_id: Option<String>,
}

impl V2Request for ReplayRequest {
    const ID: &'static str = "mosip.pms.events.replay";
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReplayResponse {
    pub queued: u64,
}

/// Queue again, for today's subscribers, the events written in a time range. Events keep their
/// ids, so receivers can tell the ones they have.
#[utoipa::path(post, path = "/v1/pms/events/replay", tag = TAG,
    request_body(content = RequestWrapperV2<ReplayRequest>, description = "id `mosip.pms.events.replay`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "How many deliveries were queued, or errors PMS_COR_001, PMS_COR_002, PMS_EVT_001, PMS_EVT_005, PMS_EVT_008", body = ResponseWrapperV2<ReplayResponse>)))]
pub async fn replay(State(s): State<AppState>, Caller(ctx): Caller, body: V2Json<ReplayRequest>) -> Response {
    let V2Json { request, reply } = body;
    let r = request;
    reply.result(
        s.services
            .replay_events(&ctx, r.from.as_deref(), r.to.as_deref(), r.topic.as_deref(), r.webhook_id.as_deref())
            .await
            .map(|queued| ReplayResponse { queued }),
    )
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionItem {
    pub id: String,
    pub topic: String,
    pub callback: String,
    pub expires_at: String,
    pub created_by: String,
    pub created_at: String,
}

impl From<SubscriptionView> for SubscriptionItem {
    fn from(s: SubscriptionView) -> Self {
        SubscriptionItem {
            id: s.id,
            topic: s.topic,
            callback: s.callback,
            expires_at: time(s.expires_at),
            created_by: s.created_by,
            created_at: time(s.created_at),
        }
    }
}

/// The built-in hub's verified subscriptions, newest first.
#[utoipa::path(get, path = "/v1/pms/websub/subscriptions", tag = TAG, params(PageParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapperV2<PageResponseV2<SubscriptionItem>>)))]
pub async fn subscriptions(State(s): State<AppState>, Caller(ctx): Caller, Query(q): Query<PageParams>) -> Response {
    Reply::v2("mosip.pms.websub.subscriptions")
        .result(s.services.hub_subscriptions(&ctx, &q.list()).await.map(page_of::<_, SubscriptionItem>))
}

/// W3C WebSub's subscription request.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct HubForm {
    #[serde(rename = "hub.mode")]
    #[schema(example = "subscribe")]
    pub mode: Option<String>,
    #[serde(rename = "hub.topic")]
    #[schema(example = "PARTNER_UPDATED")]
    pub topic: Option<String>,
    #[serde(rename = "hub.callback")]
    #[schema(example = "https://ida.example.org/websub/partner-updated")]
    pub callback: Option<String>,
    /// Key of `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>` (fewer than 200 bytes).
    #[serde(rename = "hub.secret")]
    pub secret: Option<String>,
    #[serde(rename = "hub.lease_seconds")]
    #[schema(example = "864000")]
    pub lease_seconds: Option<String>,
}

/// PMS's own WebSub hub for its topics. Answers 202 and then verifies intent: a GET on the
/// callback with `hub.mode`, `hub.topic`, `hub.challenge` (and `hub.lease_seconds`), which must
/// answer 2xx with the challenge as its body. Each event is then POSTed to the callback with
/// `X-Hub-Signature` until the lease ends. Callers need the Partner Admin role, `EVENT_SUBSCRIBER`,
/// or MOSIP's `SUBSCRIBE_<TOPIC>_GENERAL`; callback hosts must be in `PMS_WEBSUB_CALLBACK_ALLOW`.
#[utoipa::path(post, path = "/websub/hub", tag = TAG,
    request_body(content = HubForm, content_type = "application/x-www-form-urlencoded"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 202, description = "Accepted; intent is verified next"),
        (status = 400, description = "The request is invalid: `<code>: <message>` in plain text (PMS_EVT_001 to 004, PMS_EVT_007, PMS_COR_001, PMS_COR_002)"),
        (status = 401, description = "Not authenticated"), (status = 403, description = "No subscriber role")))]
pub async fn hub(State(s): State<AppState>, Caller(ctx): Caller, Form(form): Form<HubForm>) -> Response {
    let request = HubRequest {
        mode: form.mode,
        topic: form.topic,
        callback: form.callback,
        secret: form.secret,
        lease_seconds: form.lease_seconds,
    };
    match s.services.hub_request(&ctx, request).await {
        Ok(()) => StatusCode::ACCEPTED.into_response(),
        Err(e @ (ServiceError::Unauthenticated | ServiceError::Forbidden | ServiceError::Internal(_))) => {
            Reply::anonymous().error(e)
        }
        Err(e) => {
            let e = e.to_pms_error();
            (StatusCode::BAD_REQUEST, format!("{}: {}", e.code, e.message)).into_response()
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationItem {
    pub id: String,
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub created_at: String,
    pub read: bool,
}

impl From<NotificationView> for NotificationItem {
    fn from(n: NotificationView) -> Self {
        NotificationItem {
            id: n.id,
            kind: n.kind,
            subject: n.subject,
            body: n.body,
            created_at: time(n.created_at),
            read: n.read,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationPage {
    pub unread: u64,
    #[serde(flatten)]
    pub page: PageResponseV2<NotificationItem>,
}

/// The caller's notifications, newest first, and how many are unread.
#[utoipa::path(get, path = "/v1/pms/notifications", tag = TAG, params(PageParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapperV2<NotificationPage>)))]
pub async fn notifications(State(s): State<AppState>, Caller(ctx): Caller, Query(q): Query<PageParams>) -> Response {
    let reply = Reply::v2("mosip.pms.notifications.get");
    let page = match s.services.notifications(&ctx, &q.list()).await {
        Ok(page) => page,
        Err(e) => return reply.error(e),
    };
    reply.result(
        s.services.unread_notifications(&ctx).await.map(|unread| NotificationPage { unread, page: page_of(page) }),
    )
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReadRequest {
    /// One notification; none marks all of them read.
    pub id: Option<String>,
}

impl V2Request for ReadRequest {
    const ID: &'static str = "mosip.pms.notifications.read";
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReadResponse {
    pub marked: u64,
}

/// Mark the caller's notifications read.
#[utoipa::path(post, path = "/v1/pms/notifications/read", tag = TAG,
    request_body(content = RequestWrapperV2<ReadRequest>, description = "id `mosip.pms.notifications.read`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "How many were marked, or error PMS_COR_002", body = ResponseWrapperV2<ReadResponse>)))]
pub async fn read_notifications(State(s): State<AppState>, Caller(ctx): Caller, body: V2Json<ReadRequest>) -> Response {
    let V2Json { request, reply } = body;
    reply.result(
        s.services.mark_notifications_read(&ctx, request.id.as_deref()).await.map(|marked| ReadResponse { marked }),
    )
}
