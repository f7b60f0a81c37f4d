//! Sign-up, e-mail code verification and resend, for visitors.

use super::session::{Visitor, VisitorForm};
use super::{failure, render, FormErrors, Ltr, PageCtx};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pms_service::registration::{CodeState, SignUpInput};
use pms_service::view::{PartnerType, PolicyGroup};
use pms_service::ServiceError;
use serde::Deserialize;

/// Which form field an error code belongs to.
const FIELDS: &[(&str, &str)] = &[
    ("PMS_PRT_013", "contactNumber"),
    ("PMS_PRT_012", "emailId"),
    ("PMS_PRT_011", "emailId"),
    ("PMS_PRT_066", "username"),
    ("PMS_PRT_052", "username"),
    ("PMS_PRT_051", "username"),
    ("PMS_REG_004", "username"),
    ("PMS_PRT_010", "partnerType"),
    ("PMS_REG_003", "partnerType"),
    ("PMS_PRT_108", "policyGroup"),
    ("PMS_PRT_002", "policyGroup"),
    ("PMS_PMP_023", "policyGroup"),
    ("PMS_PRT_056", "langCode"),
    ("PMS_REG_001", "password"),
    ("PMS_REG_002", "terms"),
];

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignUpForm {
    #[serde(default)]
    csrf: String,
    username: Option<String>,
    organization_name: Option<String>,
    partner_type: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    email_id: Option<String>,
    contact_number: Option<String>,
    address: Option<String>,
    lang_code: Option<String>,
    policy_group: Option<String>,
    password: Option<String>,
    password_confirm: Option<String>,
    terms: Option<String>,
}

impl SignUpForm {
    fn v(v: &Option<String>) -> String {
        v.clone().unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    ctx: PageCtx,
    form: SignUpForm,
    types: Vec<PartnerType>,
    groups: Vec<PolicyGroup>,
    errors: FormErrors,
    lang_code: String,
}

impl RegisterPage {
    fn value(&self, v: &Option<String>) -> String {
        SignUpForm::v(v)
    }
}

async fn choices(state: &AppState) -> pms_service::Result<(Vec<PartnerType>, Vec<PolicyGroup>)> {
    let types = state.services.self_service_partner_types().await?;
    let groups = match state.services.active_policy_groups_public().await {
        Ok(g) => g,
        Err(ServiceError::Business(_)) => Vec::new(),
        Err(e) => return Err(e),
    };
    Ok((types, groups))
}

async fn page(state: &AppState, visitor: &Visitor, form: SignUpForm, errors: FormErrors) -> Response {
    let ctx = visitor.page();
    match choices(state).await {
        Ok((types, groups)) => {
            let lang_code = form.lang_code.clone().unwrap_or_else(|| visitor.lang.mosip_code().to_string());
            render(RegisterPage { ctx, form, types, groups, errors, lang_code })
        }
        Err(e) => failure(ctx, e),
    }
}

pub async fn form(State(state): State<AppState>, visitor: Visitor) -> Response {
    page(&state, &visitor, SignUpForm::default(), FormErrors::default()).await
}

pub async fn submit(State(state): State<AppState>, VisitorForm { visitor, form }: VisitorForm<SignUpForm>) -> Response {
    let t = visitor.page().t;
    let input = SignUpInput {
        username: form.username.clone(),
        organization_name: form.organization_name.clone(),
        partner_type: form.partner_type.clone(),
        first_name: form.first_name.clone(),
        last_name: form.last_name.clone(),
        email: form.email_id.clone(),
        contact_number: form.contact_number.clone(),
        address: form.address.clone(),
        lang_code: form.lang_code.clone(),
        policy_group: form.policy_group.clone(),
        password: form.password.clone(),
        password_confirm: Some(form.password_confirm.clone().unwrap_or_default()),
        terms_accepted: form.terms.is_some(),
    };
    match state.services.start_registration(&visitor.ctx, input).await {
        Ok(sent) => {
            let q = serde_urlencoded::to_string([("email", sent.email.as_str()), ("done", "code-sent")])
                .unwrap_or_default();
            Redirect::to(&format!("/register/verify?{q}")).into_response()
        }
        Err(ServiceError::Internal(detail)) => failure(visitor.page(), ServiceError::Internal(detail)),
        Err(e) => {
            let errors = FormErrors::from_error(t, &e, FIELDS);
            let mut form = form;
            form.password = None;
            form.password_confirm = None;
            page(&state, &visitor, form, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "register_verify.html")]
struct VerifyPage {
    ctx: PageCtx,
    email: String,
    error: Option<String>,
    minutes: String,
    attempts_left: Option<u64>,
    /// When a new code may be asked for, shown once one was (re)sent or a code was wrong.
    resend_at: Option<Ltr>,
}

#[derive(Deserialize)]
pub struct EmailQuery {
    email: Option<String>,
    done: Option<String>,
}

fn verify_page_for(
    state: &AppState,
    visitor: &Visitor,
    email: String,
    error: Option<String>,
    code: Option<CodeState>,
) -> Response {
    let minutes = (state.services.config.otp_ttl_seconds / 60).max(1).to_string();
    let (attempts_left, resend_at) = match code {
        Some(c) => (Some(u64::from(c.attempts_left)), Some(date_seconds(&c.resend_at))),
        None => (None, None),
    };
    render(VerifyPage { ctx: visitor.page(), email, error, minutes, attempts_left, resend_at })
}

/// A time to the second, for the few places where a minute is too coarse.
fn date_seconds(t: &chrono::DateTime<chrono::Utc>) -> Ltr {
    Ltr(t.format("%H:%M:%S UTC").to_string())
}

pub async fn verify_page(State(state): State<AppState>, visitor: Visitor, Query(q): Query<EmailQuery>) -> Response {
    // Right after a code went out (to a real sign-up or, with the same answer, to nobody), the next
    // one may be asked for after the cooldown.
    let sent = matches!(q.done.as_deref(), Some("code-sent" | "code-resent"));
    let resend_at = sent.then(|| date_seconds(&state.services.next_code_at()));
    let minutes = (state.services.config.otp_ttl_seconds / 60).max(1).to_string();
    let email = q.email.unwrap_or_default();
    render(VerifyPage { ctx: visitor.page(), email, error: None, minutes, attempts_left: None, resend_at })
}

#[derive(Deserialize)]
pub struct VerifyForm {
    csrf: String,
    email: Option<String>,
    code: Option<String>,
}

pub async fn verify(State(state): State<AppState>, VisitorForm { visitor, form }: VisitorForm<VerifyForm>) -> Response {
    let email = form.email.unwrap_or_default();
    match state.services.verify_registration(&visitor.ctx, Some(&email), form.code.as_deref()).await {
        Ok(p) => {
            let q = serde_urlencoded::to_string([("id", p.id.as_str()), ("status", p.approval_status.as_str())])
                .unwrap_or_default();
            Redirect::to(&format!("/register/done?{q}")).into_response()
        }
        Err(ServiceError::Internal(detail)) => failure(visitor.page(), ServiceError::Internal(detail)),
        Err(e) => {
            let error = e.to_pms_error();
            let message = visitor.page().t.error(&error);
            let code = if error.code == pms_domain::error::OTP_WRONG.code {
                state.services.registration_code_state(&email).await.ok().flatten()
            } else {
                None
            };
            verify_page_for(&state, &visitor, email, Some(message), code)
        }
    }
}

#[derive(Deserialize)]
pub struct ResendForm {
    csrf: String,
    email: Option<String>,
}

pub async fn resend(State(state): State<AppState>, VisitorForm { visitor, form }: VisitorForm<ResendForm>) -> Response {
    let email = form.email.unwrap_or_default();
    match state.services.resend_registration_code(&visitor.ctx, Some(&email)).await {
        Ok(_) => {
            let q =
                serde_urlencoded::to_string([("email", email.as_str()), ("done", "code-resent")]).unwrap_or_default();
            Redirect::to(&format!("/register/verify?{q}")).into_response()
        }
        Err(ServiceError::Internal(detail)) => failure(visitor.page(), ServiceError::Internal(detail)),
        Err(e) => {
            let message = visitor.page().t.error(&e.to_pms_error());
            verify_page_for(&state, &visitor, email, Some(message), None)
        }
    }
}

#[derive(Template)]
#[template(path = "register_done.html")]
struct DonePage {
    ctx: PageCtx,
    partner_id: String,
    pending: bool,
}

#[derive(Deserialize)]
pub struct DoneQuery {
    id: Option<String>,
    status: Option<String>,
}

pub async fn done(visitor: Visitor, Query(q): Query<DoneQuery>) -> Response {
    let pending = q.status.as_deref() == Some("pending_approval");
    render(DonePage { ctx: visitor.page(), partner_id: q.id.unwrap_or_default(), pending })
}

super::session::csrf_forms!(SignUpForm, VerifyForm, ResendForm);
