//! Policy requests. A partner asks for a policy of its group and follows the answer; the Partner
//! Admin sees every request, waiting ones first, and approves or rejects each (a rejection with
//! the reason the partner reads) behind a confirmation page.

use super::session::{Session, SessionForm};
use super::{date, failure, list_params, render, render_refused, FormErrors, Ltr, PageCtx, Pager, Query};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query as QueryParams, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pms_domain::access::RequestStatus;
use pms_domain::list::ListParams;
use pms_domain::roles;
use pms_service::access::{RequestQuery, RequestView, USE_CASE_MAX};
use pms_service::partners::PartnerView;
use pms_service::ServiceError;
use serde::Deserialize;

/// Partner roles that ask for policies and hold API keys.
pub const REQUESTERS: &[&str] =
    &[roles::AUTH_PARTNER, roles::CREDENTIAL_PARTNER, roles::ONLINE_VERIFICATION_PARTNER, roles::ABIS_PARTNER];

/// The admin's list starts with what waits for a decision; `status=all` shows everything.
const DEFAULT_ADMIN_STATUS: &str = "InProgress";

/// "Nothing to list yet" from the services, which is no failure for a page.
pub fn owns_no_partner(e: &ServiceError) -> bool {
    matches!(e, ServiceError::Business(err) if err.code == pms_domain::error::USER_OWNS_NO_PARTNER.code)
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListQuery {
    partner_id: Option<String>,
    org_name: Option<String>,
    policy_name: Option<String>,
    policy_group_name: Option<String>,
    status: Option<String>,
    sort_field_name: Option<String>,
    sort_type: Option<String>,
    page_no: Option<String>,
    page_size: Option<String>,
}

pub struct Row {
    pub id: String,
    pub partner_id: String,
    pub org: String,
    pub policy: String,
    pub group: String,
    pub use_case: String,
    pub requested: Ltr,
    /// MOSIP's spelling, which the badge classes use.
    pub status: String,
    pub reason: Option<String>,
    pub pending: bool,
}

impl From<RequestView> for Row {
    fn from(v: RequestView) -> Self {
        let status = v.status();
        Row {
            pending: status == Some(RequestStatus::InProgress),
            status: status.map_or_else(|| v.request.status_code.clone(), |s| s.as_str().to_string()),
            requested: date(&v.request.request_datetimes),
            org: v.partner.map(|p| p.name).unwrap_or_default(),
            policy: v.policy.map(|p| p.name).unwrap_or_default(),
            group: v.group.map(|g| g.name).unwrap_or_default(),
            reason: v.request.reject_reason.filter(|r| !r.trim().is_empty()),
            use_case: v.request.request_detail,
            partner_id: v.request.part_id,
            id: v.request.id,
        }
    }
}

/// The request form of a partner: its approved partners and the active policies of their groups.
pub struct RequestForm {
    pub partners: Vec<(String, String)>,
    /// (group name, policy names).
    pub groups: Vec<(String, Vec<String>)>,
    pub partner_id: String,
    pub policy_name: String,
    pub use_case: String,
    /// No group of the partner's has an active policy.
    pub no_policies: bool,
}

#[derive(Template)]
#[template(path = "policy_requests.html")]
struct ListPage {
    ctx: PageCtx,
    admin: bool,
    q: Query,
    /// The status the list is narrowed to (the admin's default included).
    status: String,
    statuses: Vec<&'static str>,
    rows: Vec<Row>,
    pager: Option<Pager>,
    error: Option<String>,
    /// The partner's login has no partner record yet.
    no_partner: bool,
    form: Option<RequestForm>,
    errors: FormErrors,
    use_case_max: usize,
}

impl ListPage {
    fn status_label(&self, status: &str) -> String {
        status_label(&self.ctx, status)
    }
}

pub fn status_label(ctx: &PageCtx, status: &str) -> String {
    ctx.t.key("request-status", &status.to_ascii_lowercase())
}

/// The request form with what the partner may choose.
async fn request_form(state: &AppState, s: &Session) -> Result<RequestForm, ServiceError> {
    let mine: Vec<PartnerView> = state
        .services
        .my_partners(&s.ctx)
        .await?
        .into_iter()
        .filter(|p| p.status().may_act() && p.group.is_some())
        .collect();
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for p in &mine {
        let Some(g) = &p.group else { continue };
        if groups.iter().any(|(name, _)| *name == g.name) {
            continue;
        }
        // A group deactivated since the partner joined it offers nothing.
        let policies = match state.services.active_policies_of_group(&s.ctx, &g.name).await {
            Ok((_, list)) => list.into_iter().map(|p| p.name).collect(),
            Err(e) if e.is_rejection() => Vec::new(),
            Err(e) => return Err(e),
        };
        groups.push((g.name.clone(), policies));
    }
    Ok(RequestForm {
        no_policies: groups.iter().all(|(_, p)| p.is_empty()),
        partners: mine.iter().map(|p| (p.partner.id.clone(), p.partner.name.clone())).collect(),
        partner_id: mine.first().map(|p| p.partner.id.clone()).unwrap_or_default(),
        groups,
        policy_name: String::new(),
        use_case: String::new(),
    })
}

async fn list_page(
    state: &AppState,
    s: &Session,
    p: ListQuery,
    form: Option<RequestForm>,
    errors: FormErrors,
) -> Result<ListPage, ServiceError> {
    let ctx = s.page();
    let admin = s.actor().has_any(&[roles::PARTNER_ADMIN]);
    if !admin {
        s.ctx.require(REQUESTERS)?;
    }
    let q = Query::new(
        "/policy-requests",
        &[
            ("partnerId", &p.partner_id),
            ("orgName", &p.org_name),
            ("policyName", &p.policy_name),
            ("policyGroupName", &p.policy_group_name),
            ("status", &p.status),
            ("sortFieldName", &p.sort_field_name),
            ("sortType", &p.sort_type),
            ("pageSize", &p.page_size),
        ],
    );
    let given = p.status.as_deref().map(str::trim).filter(|v| !v.is_empty());
    let status = match given {
        Some(v) if v.eq_ignore_ascii_case("all") => "all".to_string(),
        Some(v) => v.to_string(),
        None if admin => DEFAULT_ADMIN_STATUS.to_string(),
        None => "all".to_string(),
    };
    let params = list_params(&p.sort_field_name, &p.sort_type, &p.page_no, &p.page_size);
    let query = RequestQuery {
        partner_id: p.partner_id,
        org_name: p.org_name,
        policy_name: p.policy_name,
        policy_group_name: p.policy_group_name,
        status: Some(status.clone()).filter(|s| s != "all"),
        ..Default::default()
    };
    let form = match form {
        Some(f) => Some(f),
        None if !admin => Some(request_form(state, s).await?),
        None => None,
    };
    let statuses = RequestStatus::ALL.iter().map(|s| s.as_str()).collect();
    let mut page = ListPage {
        ctx,
        admin,
        q,
        status,
        statuses,
        rows: Vec::new(),
        pager: None,
        error: None,
        no_partner: false,
        form,
        errors,
        use_case_max: USE_CASE_MAX,
    };
    match state.services.policy_requests(&s.ctx, &query, &params).await {
        Ok(found) => {
            page.pager = Some(Pager::new(&page.q, found.page_no, found.page_size, found.total));
            page.rows = found.items.into_iter().map(Row::from).collect();
        }
        Err(e) if owns_no_partner(&e) => page.no_partner = true,
        Err(ServiceError::Business(e)) => page.error = Some(page.ctx.t.error(&e)),
        Err(e) => return Err(e),
    }
    Ok(page)
}

pub async fn list(State(state): State<AppState>, s: Session, QueryParams(p): QueryParams<ListQuery>) -> Response {
    match list_page(&state, &s, p, None, FormErrors::default()).await {
        Ok(page) => render(page),
        Err(e) => failure(s.page(), e),
    }
}

#[derive(Deserialize)]
pub struct NewRequestForm {
    csrf: String,
    #[serde(rename = "partnerId")]
    partner_id: Option<String>,
    #[serde(rename = "policyName")]
    policy_name: Option<String>,
    #[serde(rename = "useCaseDescription")]
    use_case: Option<String>,
}

/// Service errors about the partner or the policy, shown at the select they are about.
const REQUEST_FIELDS: &[(&str, &str)] = &[
    ("PMS_PRT_005", "partnerId"),
    ("PMS_PRT_055", "partnerId"),
    ("PMS_PMP_016", "partnerId"),
    ("PMS_PRT_047", "partnerId"),
    ("PMS_PRT_073", "policyName"),
    ("PMS_PRT_098", "policyName"),
    ("PMS_PMP_018", "policyName"),
    ("PMS_PMP_019", "policyName"),
    ("PMS_PMP_023", "policyName"),
    ("PMS_POL_053", "policyName"),
    ("PMS_PRT_053", "policyName"),
    ("PMS_PRT_060", "policyName"),
];

pub async fn create(
    State(state): State<AppState>,
    SessionForm { session: s, form }: SessionForm<NewRequestForm>,
) -> Response {
    let partner_id = form.partner_id.as_deref().map(str::trim).unwrap_or_default().to_string();
    let result =
        state.services.request_policy(&s.ctx, &partner_id, form.policy_name.as_deref(), form.use_case.as_deref()).await;
    match result {
        Ok(_) => Redirect::to("/policy-requests?done=policy-requested").into_response(),
        Err(e) if e.is_rejection() => {
            let t = s.page().t;
            let mut errors = FormErrors::from_error(t, &e, REQUEST_FIELDS);
            if partner_id.is_empty() && errors.field("partnerId").is_none() {
                errors.fields.insert(0, ("partnerId".into(), t.get("form-required")));
            }
            let mut request = match request_form(&state, &s).await {
                Ok(f) => f,
                Err(e) => return failure(s.page(), e),
            };
            request.partner_id = partner_id;
            request.policy_name = form.policy_name.unwrap_or_default();
            request.use_case = form.use_case.unwrap_or_default();
            match list_page(&state, &s, ListQuery::default(), Some(request), errors).await {
                Ok(page) => render_refused(page, true),
                Err(e) => failure(s.page(), e),
            }
        }
        Err(e) => failure(s.page(), e),
    }
}

// ------------------------------------------------------------------ the admin's decision

#[derive(Template)]
#[template(path = "policy_request_decide.html")]
struct DecidePage {
    ctx: PageCtx,
    row: Row,
    /// `approve` or `reject`.
    action: String,
    reason: String,
    errors: FormErrors,
}

impl DecidePage {
    fn title(&self) -> String {
        self.ctx.t.get(&format!("request-{}-title", self.action))
    }

    fn button(&self) -> String {
        self.ctx.t.get(&format!("action-{}", self.action))
    }

    fn status_label(&self, status: &str) -> String {
        status_label(&self.ctx, status)
    }
}

fn decision_of(segment: &str) -> Option<&'static str> {
    match segment {
        "approve" => Some("Approved"),
        "reject" => Some("Rejected"),
        _ => None,
    }
}

async fn decide_page(
    state: &AppState,
    s: &Session,
    id: &str,
    segment: &str,
    reason: String,
    errors: FormErrors,
) -> Response {
    if let Err(e) = s.ctx.require(&[roles::PARTNER_ADMIN]) {
        return failure(s.page(), e);
    }
    if decision_of(segment).is_none() {
        return (StatusCode::NOT_FOUND, "no such action").into_response();
    }
    match state.services.policy_request(&s.ctx, id).await {
        Ok(v) => {
            let failed = !errors.is_empty();
            render_refused(
                DecidePage { ctx: s.page(), row: Row::from(v), action: segment.to_string(), reason, errors },
                failed,
            )
        }
        Err(e) => failure(s.page(), e),
    }
}

pub async fn confirm(
    State(state): State<AppState>,
    s: Session,
    Path((id, segment)): Path<(String, String)>,
) -> Response {
    decide_page(&state, &s, &id, &segment, String::new(), FormErrors::default()).await
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
    let Some(decision) = decision_of(&segment) else {
        return (StatusCode::NOT_FOUND, "no such action").into_response();
    };
    let reason = form.reason.unwrap_or_default();
    let t = s.page().t;
    // The service takes a rejection without a reason (MOSIP does); people deserve one.
    if segment == "reject" && reason.trim().is_empty() {
        let errors = FormErrors::on("reason", t.get("request-reject-reason-required"));
        return decide_page(&state, &s, &id, &segment, reason, errors).await;
    }
    let given = Some(reason.as_str()).filter(|r| !r.trim().is_empty());
    match state.services.decide_policy_request(&s.ctx, &id, Some(decision), given).await {
        Ok(_) => Redirect::to(&format!("/policy-requests?done=policy-request-{segment}")).into_response(),
        Err(e) if e.is_rejection() => {
            let errors = FormErrors::from_error(t, &e, &[]);
            decide_page(&state, &s, &id, &segment, reason, errors).await
        }
        Err(e) => failure(s.page(), e),
    }
}

/// Approved requests of the caller's partners: what a key may be made for.
pub async fn approved_requests(state: &AppState, s: &Session) -> Result<Vec<RequestView>, ServiceError> {
    let q = RequestQuery { status: Some(RequestStatus::Approved.as_str().into()), ..Default::default() };
    match state.services.policy_requests(&s.ctx, &q, &ListParams::default()).await {
        Ok(page) => Ok(page.items),
        Err(e) if owns_no_partner(&e) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

super::session::csrf_forms!(NewRequestForm, DecisionForm);
