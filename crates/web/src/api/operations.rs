//! PMS's own operator endpoints: the audit trail and the event outbox (Partner Admin only).

use super::envelope::{PageResponseV2, Reply, ResponseWrapperV2};
use super::extract::Caller;
use super::time;
use crate::AppState;
use axum::extract::{Query, State};
use axum::response::Response;
use pms_domain::list::ListParams;
use pms_service::operations::AuditQuery;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const TAG: &str = "Operations";

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(audit_trail)).routes(routes!(events))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// `policy_group`, `policy`, `partner`, `user`, `registration`, …
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    /// e.g. `policy.publish`, `partner.approve`
    pub action: Option<String>,
    /// `success` or `failure`
    pub outcome: Option<String>,
    /// From this instant on (RFC 3339, or `YYYY-MM-DDTHH:MM` in UTC)
    pub from: Option<String>,
    /// Before this instant (same forms)
    pub to: Option<String>,
    pub page_no: Option<String>,
    pub page_size: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: String,
    pub occurred_at: String,
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub outcome: String,
    pub request_id: Option<String>,
    pub before_status: Option<String>,
    pub after_status: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub details: Option<Value>,
}

/// The audit trail, newest first: one row per write, including refused attempts.
#[utoipa::path(get, path = "/v1/pms/audit", tag = TAG, params(AuditParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapperV2<PageResponseV2<AuditEntry>>), (status = 403, description = "Partner Admin only")))]
pub async fn audit_trail(State(s): State<AppState>, Caller(ctx): Caller, Query(q): Query<AuditParams>) -> Response {
    let params = ListParams { page_no: q.page_no, page_size: q.page_size, ..Default::default() };
    let filter = AuditQuery {
        entity_type: q.entity_type,
        entity_id: q.entity_id,
        actor: q.actor,
        action: q.action,
        outcome: q.outcome,
        from: q.from,
        to: q.to,
    };
    Reply::v2("pms.audit.get").result(s.services.audit_trail(&ctx, filter, &params).await.map(|page| {
        let items = page
            .items
            .into_iter()
            .map(|a| AuditEntry {
                id: a.id,
                occurred_at: time(a.occurred_at),
                actor: a.actor,
                action: a.action,
                entity_type: a.entity_type,
                entity_id: a.entity_id,
                outcome: a.outcome,
                request_id: a.request_id,
                before_status: a.before_status,
                after_status: a.after_status,
                details: a.details.and_then(|d| serde_json::from_str(&d).ok()),
            })
            .collect();
        PageResponseV2::new(page.page_no, page.page_size, page.total, items)
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct EventParams {
    /// `POLICY_UPDATED`, `PARTNER_UPDATED`, …
    pub topic: Option<String>,
    pub page_no: Option<String>,
    pub page_size: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OutboxEvent {
    pub id: String,
    pub topic: String,
    pub created_at: String,
    pub delivered_at: Option<String>,
    pub attempts: i32,
    pub last_error: Option<String>,
    /// The WebSub message, in MOSIP's shape.
    #[schema(value_type = Object)]
    pub payload: Value,
}

/// Events written to the outbox with the changes they announce, newest first.
#[utoipa::path(get, path = "/v1/pms/events", tag = TAG, params(EventParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapperV2<PageResponseV2<OutboxEvent>>), (status = 403, description = "Partner Admin only")))]
pub async fn events(State(s): State<AppState>, Caller(ctx): Caller, Query(q): Query<EventParams>) -> Response {
    let params = ListParams { page_no: q.page_no, page_size: q.page_size, ..Default::default() };
    Reply::v2("pms.events.get").result(s.services.outbox_events(&ctx, q.topic, &params).await.map(|page| {
        let items = page
            .items
            .into_iter()
            .map(|e| OutboxEvent {
                payload: serde_json::from_str(&e.payload).unwrap_or(Value::Null),
                id: e.id,
                topic: e.topic,
                created_at: time(e.created_at),
                delivered_at: e.delivered_at.map(time),
                attempts: e.attempts,
                last_error: e.last_error,
            })
            .collect();
        PageResponseV2::new(page.page_no, page.page_size, page.total, items)
    }))
}
