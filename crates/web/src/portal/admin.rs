//! Partner Admin pages: the partner list, a partner's details with its history, the decisions
//! (approve, reject with a reason, deactivate, re-activate) behind confirmation pages.

use super::groups::ConfirmPage;
use super::session::{Session, SessionForm};
use super::{date, failure, list_params, render, Ltr, PageCtx, Pager, Query};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query as QueryParams, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pms_domain::partner::{PartnerAction, PartnerStatus};
use pms_service::partners::{AdminListQuery, PartnerDetails, PartnerView};
use pms_service::ServiceError;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListQuery {
    partner_id: Option<String>,
    partner_type: Option<String>,
    org_name: Option<String>,
    email_address: Option<String>,
    status: Option<String>,
    sort_field_name: Option<String>,
    sort_type: Option<String>,
    page_no: Option<String>,
    page_size: Option<String>,
}

pub struct Row {
    pub id: String,
    pub org: String,
    pub partner_type: String,
    pub email: String,
    pub group: String,
    pub status: &'static str,
    pub created: Ltr,
}

impl From<PartnerView> for Row {
    fn from(v: PartnerView) -> Self {
        Row {
            status: v.status().as_str(),
            created: date(&v.partner.cr_dtimes),
            group: v.group.map(|g| g.name).unwrap_or_default(),
            id: v.partner.id,
            org: v.partner.name,
            partner_type: v.partner.partner_type_code,
            email: v.partner.email_id,
        }
    }
}

#[derive(Template)]
#[template(path = "partners_list.html")]
struct ListPage {
    ctx: PageCtx,
    q: Query,
    rows: Vec<Row>,
    pager: Option<Pager>,
    error: Option<String>,
    statuses: Vec<&'static str>,
    types: Vec<pms_service::view::PartnerType>,
}

pub async fn list(State(state): State<AppState>, s: Session, QueryParams(p): QueryParams<ListQuery>) -> Response {
    let ctx = s.page();
    let q = Query::new(
        "/partners",
        &[
            ("partnerId", &p.partner_id),
            ("partnerType", &p.partner_type),
            ("orgName", &p.org_name),
            ("emailAddress", &p.email_address),
            ("status", &p.status),
            ("sortFieldName", &p.sort_field_name),
            ("sortType", &p.sort_type),
            ("pageSize", &p.page_size),
        ],
    );
    let params = list_params(&p.sort_field_name, &p.sort_type, &p.page_no, &p.page_size);
    let query = AdminListQuery {
        partner_id: p.partner_id,
        partner_type: p.partner_type,
        org_name: p.org_name,
        email: p.email_address,
        policy_group_name: None,
        is_active: None,
        certificate_upload_status: None,
        status: p.status,
    };
    let statuses = PartnerStatus::ALL.iter().map(|s| s.as_str()).collect();
    let types = match state.services.partner_types().await {
        Ok(types) => types,
        Err(e) => return failure(ctx, e),
    };
    match state.services.admin_partners(&s.ctx, &query, &params).await {
        Ok(page) => {
            let pager = Some(Pager::new(&q, page.page_no, page.page_size, page.total));
            render(ListPage {
                ctx,
                q,
                rows: page.items.into_iter().map(Row::from).collect(),
                pager,
                error: None,
                statuses,
                types,
            })
        }
        Err(ServiceError::Business(e)) => {
            let error = Some(ctx.t.error(&e));
            render(ListPage { ctx, q, rows: Vec::new(), pager: None, error, statuses, types })
        }
        Err(e) => failure(ctx, e),
    }
}

pub struct HistoryRow {
    pub at: Ltr,
    pub change: String,
    pub by: String,
    pub status: &'static str,
    pub reason: Option<String>,
}

#[derive(Template)]
#[template(path = "partner_view.html")]
struct ViewPage {
    ctx: PageCtx,
    d: PartnerDetails,
    status: &'static str,
    created: Ltr,
    history: Vec<HistoryRow>,
    actions: Vec<(&'static str, String, bool)>,
    token_error: Option<String>,
}

/// The decisions possible from a state, as (path segment, label, dangerous).
fn actions(ctx: &PageCtx, status: PartnerStatus) -> Vec<(&'static str, String, bool)> {
    let t = ctx.t;
    match status {
        PartnerStatus::PendingApproval | PartnerStatus::InProgress => {
            vec![("approve", t.get("action-approve"), false), ("reject", t.get("action-reject"), true)]
        }
        PartnerStatus::Approved => vec![("deactivate", t.get("action-deactivate"), true)],
        PartnerStatus::Deactivated => vec![("reactivate", t.get("action-reactivate"), false)],
        PartnerStatus::Rejected => Vec::new(),
    }
}

pub async fn view(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    view_with(&state, &s, &id, None).await
}

/// The partner's page; `token_error` says why a registration token was refused.
async fn view_with(state: &AppState, s: &Session, id: &str, token_error: Option<String>) -> Response {
    let ctx = s.page();
    match state.services.partner_details(&s.ctx, id).await {
        Ok(d) => {
            let status = d.view.status();
            let history = d
                .history
                .iter()
                .map(|h| HistoryRow {
                    at: date(&h.eff_dtimes),
                    change: h.change_kind.clone(),
                    by: h.changed_by.clone(),
                    status: PartnerStatus::from_row(&h.approval_status, h.is_active).as_str(),
                    reason: h.status_reason.clone(),
                })
                .collect();
            let refused = token_error.is_some();
            let mut page = render(ViewPage {
                token_error,
                actions: actions(&ctx, status),
                created: date(&d.view.partner.cr_dtimes),
                status: status.as_str(),
                history,
                ctx,
                d,
            });
            if refused {
                *page.status_mut() = StatusCode::BAD_REQUEST;
            }
            page
        }
        Err(e) => failure(ctx, e),
    }
}

fn action_of(segment: &str) -> Option<PartnerAction> {
    match segment {
        "approve" => Some(PartnerAction::Approve),
        "reject" => Some(PartnerAction::Reject),
        "deactivate" => Some(PartnerAction::Deactivate),
        "reactivate" => Some(PartnerAction::Reactivate),
        _ => None,
    }
}

pub async fn confirm(
    State(state): State<AppState>,
    s: Session,
    Path((id, segment)): Path<(String, String)>,
) -> Response {
    let ctx = s.page();
    let t = ctx.t;
    let Some(action) = action_of(&segment) else { return (StatusCode::NOT_FOUND, "no such action").into_response() };
    let d = match state.services.partner_details(&s.ctx, &id).await {
        Ok(d) => d,
        Err(e) => return failure(ctx, e),
    };
    let reason = match action {
        PartnerAction::Reject => Some(true),
        PartnerAction::Deactivate => Some(false),
        _ => None,
    };
    render(ConfirmPage {
        title: t.get(&format!("partner-{segment}-title")),
        message: t.arg(
            &format!("partner-{segment}-message"),
            "name",
            &format!("{} ({})", d.view.partner.name, d.view.partner.id),
        ),
        action: format!("/partners/{id}/{segment}"),
        button: t.get(&format!("action-{segment}")),
        cancel: format!("/partners/{id}"),
        reason,
        blocked: None,
        danger: matches!(action, PartnerAction::Reject | PartnerAction::Deactivate),
        ctx,
    })
}

#[derive(Deserialize)]
pub struct DecisionForm {
    csrf: String,
    reason: Option<String>,
}

pub async fn decide(
    State(state): State<AppState>,
    Path((id, segment)): Path<(String, String)>,
    SessionForm { session: s, form }: SessionForm<DecisionForm>,
) -> Response {
    let Some(action) = action_of(&segment) else { return (StatusCode::NOT_FOUND, "no such action").into_response() };
    match state.services.decide_partner(&s.ctx, &id, action, form.reason.as_deref()).await {
        Ok(_) => Redirect::to(&format!("/partners/{id}?done=partner-{segment}")).into_response(),
        Err(e) => failure(s.page(), e),
    }
}

#[derive(Template)]
#[template(path = "registration_token.html")]
struct RegistrationTokenPage {
    ctx: PageCtx,
    partner_id: String,
    token: String,
    expires: Ltr,
    endpoint: String,
}

#[derive(Deserialize)]
pub struct RegistrationTokenForm {
    csrf: String,
    #[serde(rename = "validityDays")]
    validity_days: Option<String>,
}

/// An initial access token (RFC 7591) for the partner's tooling, shown once.
pub async fn registration_token(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SessionForm { session: s, form }: SessionForm<RegistrationTokenForm>,
) -> Response {
    // A number the form cannot hold is sent on as out of range, for the service's message.
    let days = form.validity_days.as_deref().map(|d| d.trim().parse::<u32>().unwrap_or(0));
    match state.services.issue_initial_token(&s.ctx, Some(&id), days).await {
        Ok(t) => render(RegistrationTokenPage {
            endpoint: format!("{}/v1/pms/oidc/register", state.services.config.public_url()),
            expires: date(&t.expires_at),
            partner_id: t.partner_id,
            token: t.token,
            ctx: s.page(),
        }),
        Err(e) if e.is_rejection() => {
            let t = s.page().t;
            let err = e.to_pms_error();
            let days = err.field.as_ref().is_some_and(|f| f.name == "validityDays");
            let message = if days { t.get("registration-token-days-invalid") } else { t.error(&err) };
            view_with(&state, &s, &id, Some(message)).await
        }
        Err(e) => failure(s.page(), e),
    }
}

super::session::csrf_forms!(DecisionForm, RegistrationTokenForm);
