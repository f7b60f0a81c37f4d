//! API keys. A partner makes a key for a policy it was granted, sees it once, deactivates or
//! rotates it; the Partner Admin lists every key and deactivates one behind a confirmation page.
//!
//! The key itself exists only in the answer to the POST that made it: that page is rendered
//! directly (no redirect, no GET that could be reloaded or cached) and is never shown again.

use super::groups::ConfirmPage;
use super::policy_requests::{approved_requests, owns_no_partner, REQUESTERS};
use super::session::{Session, SessionForm};
use super::{date, failure, list_params, render, render_refused, FormErrors, Ltr, PageCtx, Pager, Query};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query as QueryParams, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use pms_domain::roles;
use pms_service::access::{IssuedKey, KeyQuery, KeyView, LABEL_MAX};
use pms_service::ServiceError;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListQuery {
    partner_id: Option<String>,
    api_key_label: Option<String>,
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
    pub label: String,
    pub policy: String,
    pub group: String,
    pub state: &'static str,
    pub valid_from: Ltr,
    pub valid_to: Option<Ltr>,
    pub replaced_by: Option<String>,
    pub usable: bool,
}

impl From<KeyView> for Row {
    fn from(v: KeyView) -> Self {
        Row {
            state: v.state.as_str(),
            usable: v.state.is_usable(),
            valid_from: date(&v.key.valid_from_datetime),
            valid_to: v.key.valid_to_datetime.as_ref().map(date),
            org: v.partner.map(|p| p.name).unwrap_or_default(),
            policy: v.policy.map(|p| p.name).unwrap_or_default(),
            group: v.group.map(|g| g.name).unwrap_or_default(),
            replaced_by: v.key.replaced_by,
            label: v.key.label,
            partner_id: v.key.part_id,
            id: v.key.policy_api_key,
        }
    }
}

/// A policy a key may be made for: an approved request of one of the caller's partners.
pub struct Grant {
    pub request_id: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "api_keys.html")]
struct ListPage {
    ctx: PageCtx,
    admin: bool,
    q: Query,
    rows: Vec<Row>,
    pager: Option<Pager>,
    error: Option<String>,
    no_partner: bool,
    /// The partner's form: what keys may be made for (empty for the admin).
    grants: Vec<Grant>,
    request: String,
    label: String,
    label_max: usize,
    errors: FormErrors,
}

fn is_admin(s: &Session) -> bool {
    s.actor().has_any(&[roles::PARTNER_ADMIN])
}

async fn grants(state: &AppState, s: &Session) -> Result<Vec<Grant>, ServiceError> {
    let mine = approved_requests(state, s).await?;
    let many_partners = mine.iter().any(|r| r.request.part_id != mine[0].request.part_id);
    Ok(mine
        .into_iter()
        .map(|r| {
            let policy = r.policy.map(|p| p.name).unwrap_or_default();
            let group = r.group.map(|g| g.name).unwrap_or_default();
            let label = if many_partners {
                format!("{policy} ({group}) — {}", r.request.part_id)
            } else {
                format!("{policy} ({group})")
            };
            Grant { request_id: r.request.id, label }
        })
        .collect())
}

async fn list_page(
    state: &AppState,
    s: &Session,
    p: ListQuery,
    request: String,
    label: String,
    errors: FormErrors,
) -> Result<ListPage, ServiceError> {
    let admin = is_admin(s);
    if !admin {
        s.ctx.require(REQUESTERS)?;
    }
    let q = Query::new(
        "/api-keys",
        &[
            ("partnerId", &p.partner_id),
            ("apiKeyLabel", &p.api_key_label),
            ("orgName", &p.org_name),
            ("policyName", &p.policy_name),
            ("policyGroupName", &p.policy_group_name),
            ("status", &p.status),
            ("sortFieldName", &p.sort_field_name),
            ("sortType", &p.sort_type),
            ("pageSize", &p.page_size),
        ],
    );
    let params = list_params(&p.sort_field_name, &p.sort_type, &p.page_no, &p.page_size);
    let query = KeyQuery {
        partner_id: p.partner_id,
        label: p.api_key_label,
        org_name: p.org_name,
        policy_name: p.policy_name,
        policy_group_name: p.policy_group_name,
        status: p.status,
    };
    let grants = if admin { Vec::new() } else { grants(state, s).await? };
    let mut page = ListPage {
        ctx: s.page(),
        admin,
        q,
        rows: Vec::new(),
        pager: None,
        error: None,
        no_partner: false,
        grants,
        request,
        label,
        label_max: LABEL_MAX,
        errors,
    };
    match state.services.api_keys(&s.ctx, &query, &params).await {
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
    match list_page(&state, &s, p, String::new(), String::new(), FormErrors::default()).await {
        Ok(page) => render(page),
        Err(e) => failure(s.page(), e),
    }
}

// ------------------------------------------------------------------ the key, once

#[derive(Template)]
#[template(path = "api_key_issued.html")]
struct IssuedPage {
    ctx: PageCtx,
    value: String,
    row: Row,
}

/// The one page that holds a key's value: never stored by the browser or a proxy, never
/// offered to a password manager, never referenced by the pages that follow.
fn issued(s: &Session, key: IssuedKey) -> Response {
    let mut response = render(IssuedPage { ctx: s.page(), value: key.value, row: Row::from(key.view) });
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

#[derive(Deserialize)]
pub struct GenerateForm {
    csrf: String,
    request: Option<String>,
    label: Option<String>,
}

/// Service errors about the chosen policy, shown at its select; about the label, at the label.
const GENERATE_FIELDS: &[(&str, &str)] = &[
    ("PMS_PMP_014", "request"),
    ("PMS_PRT_109", "request"),
    ("PMS_PMP_016", "request"),
    ("PMS_PRT_055", "request"),
    ("PMS_PMP_007", "request"),
    ("PMS_PRT_110", "label"),
];

/// Field errors named as the service names them, moved to the portal's inputs.
fn renamed(mut errors: FormErrors, names: &[(&str, &str)]) -> FormErrors {
    for (field, _) in errors.fields.iter_mut() {
        if let Some((_, to)) = names.iter().find(|(from, _)| from == field) {
            *field = to.to_string();
        }
    }
    errors
}

pub async fn generate(
    State(state): State<AppState>,
    SessionForm { session: s, form }: SessionForm<GenerateForm>,
) -> Response {
    let t = s.page().t;
    let request_id = form.request.as_deref().map(str::trim).unwrap_or_default().to_string();
    let result = if request_id.is_empty() {
        // Still asked, so that every problem of the form is reported at once.
        state.services.generate_api_key(&s.ctx, s.actor().username.as_str(), None, form.label.as_deref()).await
    } else {
        match state.services.policy_request(&s.ctx, &request_id).await {
            Ok(r) => {
                let policy = r.policy.map(|p| p.name);
                state
                    .services
                    .generate_api_key(&s.ctx, &r.request.part_id, policy.as_deref(), form.label.as_deref())
                    .await
            }
            Err(e) => Err(e),
        }
    };
    match result {
        Ok(key) => issued(&s, key),
        Err(e) if e.is_rejection() => {
            let mut errors = renamed(FormErrors::from_error(t, &e, GENERATE_FIELDS), &[("policyName", "request")]);
            if request_id.is_empty() && errors.field("request").is_none() {
                errors.fields.insert(0, ("request".into(), t.get("form-required")));
            }
            let label = form.label.unwrap_or_default();
            match list_page(&state, &s, ListQuery::default(), request_id, label, errors).await {
                Ok(page) => render_refused(page, true),
                Err(e) => failure(s.page(), e),
            }
        }
        Err(e) => failure(s.page(), e),
    }
}

// ------------------------------------------------------------------ one key

#[derive(Template)]
#[template(path = "api_key_view.html")]
struct ViewPage {
    ctx: PageCtx,
    row: Row,
    /// Partners rotate their own keys; the admin only deactivates.
    can_rotate: bool,
}

pub async fn view(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    match state.services.api_key(&s.ctx, &id).await {
        Ok(v) => {
            let row = Row::from(v);
            let can_rotate = row.usable && !is_admin(&s) && s.actor().username == row.partner_id;
            render(ViewPage { ctx: s.page(), row, can_rotate })
        }
        Err(e) => failure(s.page(), e),
    }
}

pub async fn confirm_deactivate(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    let ctx = s.page();
    let t = ctx.t;
    let key = match state.services.api_key(&s.ctx, &id).await {
        Ok(k) => k,
        Err(e) => return failure(ctx, e),
    };
    let row = Row::from(key);
    let blocked = (!row.usable).then(|| t.get("api-key-not-active"));
    render(ConfirmPage {
        title: t.get("api-key-deactivate-title"),
        message: t.arg(
            "api-key-deactivate-message",
            "name",
            &format!("{} ({}, {})", row.label, row.policy, row.partner_id),
        ),
        action: format!("/api-keys/{id}/deactivate"),
        button: t.get("action-deactivate"),
        cancel: format!("/api-keys/{id}"),
        reason: None,
        blocked,
        danger: true,
        ctx,
    })
}

#[derive(Deserialize)]
pub struct PlainForm {
    csrf: String,
}

pub async fn deactivate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SessionForm { session: s, .. }: SessionForm<PlainForm>,
) -> Response {
    let key = match state.services.api_key(&s.ctx, &id).await {
        Ok(k) => k.key,
        Err(e) => return failure(s.page(), e),
    };
    match state
        .services
        .set_api_key_status(&s.ctx, &key.part_id, &key.policy_id, Some(&key.label), Some("De-active"))
        .await
    {
        Ok(_) => Redirect::to(&format!("/api-keys/{id}?done=api-key-deactivated")).into_response(),
        Err(e) => failure(s.page(), e),
    }
}

// ------------------------------------------------------------------ rotation

#[derive(Template)]
#[template(path = "api_key_rotate.html")]
struct RotatePage {
    ctx: PageCtx,
    row: Row,
    label: String,
    until: String,
    label_max: usize,
    errors: FormErrors,
}

impl RotatePage {
    fn message(&self) -> String {
        self.ctx.t.arg("api-key-rotate-message", "name", &format!("{} ({})", self.row.label, self.row.policy))
    }
}

/// How long the old key keeps working by default.
const ROTATION_OVERLAP_DAYS: i64 = 7;

async fn rotate_page(
    state: &AppState,
    s: &Session,
    id: &str,
    label: String,
    until: Option<String>,
    errors: FormErrors,
) -> Response {
    match state.services.api_key(&s.ctx, id).await {
        Ok(v) => {
            let failed = !errors.is_empty();
            let until = until.unwrap_or_else(|| {
                (state.services.now() + Duration::days(ROTATION_OVERLAP_DAYS)).format("%Y-%m-%d").to_string()
            });
            let row = Row::from(v);
            render_refused(RotatePage { ctx: s.page(), row, label, until, label_max: LABEL_MAX, errors }, failed)
        }
        Err(e) => failure(s.page(), e),
    }
}

pub async fn rotate_form(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    if let Err(e) = s.ctx.require(REQUESTERS) {
        return failure(s.page(), e);
    }
    rotate_page(&state, &s, &id, String::new(), None, FormErrors::default()).await
}

#[derive(Deserialize)]
pub struct RotateForm {
    csrf: String,
    label: Option<String>,
    #[serde(rename = "oldValidUntil")]
    old_valid_until: Option<String>,
}

/// The end of the chosen day (UTC): the old key works through the whole of it.
fn end_of_day(text: &str) -> Option<DateTime<Utc>> {
    let day = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(23, 59, 59)?.and_utc())
}

pub async fn rotate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SessionForm { session: s, form }: SessionForm<RotateForm>,
) -> Response {
    let t = s.page().t;
    let until_text = form.old_valid_until.clone().unwrap_or_default();
    let until = if until_text.trim().is_empty() { None } else { end_of_day(&until_text) };
    let mut errors = FormErrors::default();
    if !until_text.trim().is_empty() && until.is_none() {
        errors.fields.push(("oldValidUntil".into(), t.get("api-key-until-invalid")));
    }
    if errors.is_empty() {
        match state.services.rotate_api_key(&s.ctx, &id, form.label.as_deref(), until).await {
            Ok(key) => return issued(&s, key),
            Err(e) if e.is_rejection() => {
                errors = FormErrors::from_error(t, &e, &[("PMS_PRT_110", "label"), ("PMS_KEY_002", "oldValidUntil")]);
            }
            Err(e) => return failure(s.page(), e),
        }
    }
    rotate_page(&state, &s, &id, form.label.unwrap_or_default(), Some(until_text), errors).await
}

super::session::csrf_forms!(GenerateForm, PlainForm, RotateForm);

/// A key state as its badge says it.
pub fn state_label(ctx: &PageCtx, state: &str) -> String {
    ctx.t.key("key-state", state)
}

impl ListPage {
    fn state_label(&self, state: &str) -> String {
        state_label(&self.ctx, state)
    }
}

impl ViewPage {
    fn state_label(&self, state: &str) -> String {
        state_label(&self.ctx, state)
    }
}

impl IssuedPage {
    fn state_label(&self, state: &str) -> String {
        state_label(&self.ctx, state)
    }
}
