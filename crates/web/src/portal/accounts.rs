//! Accounts in the portal: a forgotten password reset with an e-mail code, one's own password
//! changed, and the Partner Admin's user pages (list, details, set a password, deactivate and
//! re-activate behind a confirmation page).

use super::groups::ConfirmPage;
use super::session::{Session, SessionForm, Visitor, VisitorForm, SESSION_COOKIE};
use super::{date, failure, list_params, render, FormErrors, PageCtx, Pager, Query};
use crate::api::extract::cookie_in;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query as QueryParams, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use pms_domain::account::{AccountAction, AccountStatus};
use pms_service::accounts::{NewPassword, PasswordChange, PasswordResetInput, UserDetails, UserListQuery};
use pms_service::ServiceError;
use serde::Deserialize;

/// Which form field an error code without a field belongs to.
const FIELDS: &[(&str, &str)] = &[
    ("PMS_REG_001", "password"),
    ("PMS_REG_008", "passwordConfirm"),
    ("PMS_USR_006", "currentPassword"),
    ("PMS_USR_007", "code"),
];

fn with_status(mut r: Response, status: StatusCode) -> Response {
    *r.status_mut() = status;
    r
}

/// Form errors, or the failure page when the error is not about what was typed. A limit is
/// shown on the form, with 429.
fn form_refusal(ctx: &PageCtx, e: &ServiceError) -> Option<(FormErrors, StatusCode)> {
    match e {
        ServiceError::TooManyRequests(err) => {
            Some((FormErrors { general: vec![ctx.t.error(err)], fields: Vec::new() }, StatusCode::TOO_MANY_REQUESTS))
        }
        e if e.is_rejection() => Some((FormErrors::from_error(ctx.t, e, FIELDS), StatusCode::BAD_REQUEST)),
        _ => None,
    }
}

// ------------------------------------------------------------------ forgotten password

#[derive(Template)]
#[template(path = "password_forgot.html")]
struct ForgotPage {
    ctx: PageCtx,
    username: String,
    errors: FormErrors,
}

pub async fn forgot_form(visitor: Visitor) -> Response {
    render(ForgotPage { ctx: visitor.page(), username: String::new(), errors: FormErrors::default() })
}

#[derive(Deserialize)]
pub struct ForgotForm {
    csrf: String,
    username: Option<String>,
}

pub async fn forgot(State(state): State<AppState>, VisitorForm { visitor, form }: VisitorForm<ForgotForm>) -> Response {
    let username = form.username.unwrap_or_default();
    match state.services.request_password_reset(&visitor.ctx, Some(&username)).await {
        Ok(_) => {
            let q = serde_urlencoded::to_string([("username", username.trim()), ("done", "reset-code-sent")])
                .unwrap_or_default();
            Redirect::to(&format!("/reset-password?{q}")).into_response()
        }
        Err(e) => {
            let ctx = visitor.page();
            match form_refusal(&ctx, &e) {
                Some((errors, status)) => with_status(render(ForgotPage { ctx, username, errors }), status),
                None => failure(ctx, e),
            }
        }
    }
}

#[derive(Template)]
#[template(path = "password_reset.html")]
struct ResetPage {
    ctx: PageCtx,
    username: String,
    minutes: String,
    errors: FormErrors,
}

#[derive(Deserialize)]
pub struct ResetQuery {
    username: Option<String>,
}

fn minutes(state: &AppState) -> String {
    (state.services.config.otp_ttl_seconds / 60).max(1).to_string()
}

pub async fn reset_form(
    State(state): State<AppState>,
    visitor: Visitor,
    QueryParams(q): QueryParams<ResetQuery>,
) -> Response {
    let username = q.username.unwrap_or_default().chars().take(254).collect();
    render(ResetPage { ctx: visitor.page(), username, minutes: minutes(&state), errors: FormErrors::default() })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResetForm {
    csrf: String,
    username: Option<String>,
    code: Option<String>,
    password: Option<String>,
    password_confirm: Option<String>,
}

pub async fn reset(State(state): State<AppState>, VisitorForm { visitor, form }: VisitorForm<ResetForm>) -> Response {
    let username = form.username.clone().unwrap_or_default();
    let input = PasswordResetInput {
        identifier: form.username,
        code: form.code,
        new: NewPassword { password: form.password, confirm: form.password_confirm },
    };
    match state.services.reset_password(&visitor.ctx, input).await {
        Ok(()) => Redirect::to("/login?done=password-reset").into_response(),
        Err(e) => {
            let ctx = visitor.page();
            match form_refusal(&ctx, &e) {
                Some((errors, status)) => {
                    with_status(render(ResetPage { ctx, username, minutes: minutes(&state), errors }), status)
                }
                None => failure(ctx, e),
            }
        }
    }
}

// ------------------------------------------------------------------ own password

#[derive(Template)]
#[template(path = "password_change.html")]
struct ChangePage {
    ctx: PageCtx,
    errors: FormErrors,
}

pub async fn change_form(s: Session) -> Response {
    render(ChangePage { ctx: s.page(), errors: FormErrors::default() })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeForm {
    csrf: String,
    current_password: Option<String>,
    password: Option<String>,
    password_confirm: Option<String>,
}

pub async fn change(
    State(state): State<AppState>,
    headers: HeaderMap,
    SessionForm { session: s, form }: SessionForm<ChangeForm>,
) -> Response {
    let input = PasswordChange {
        current: form.current_password,
        new: NewPassword { password: form.password, confirm: form.password_confirm },
    };
    let cookie = cookie_in(&headers, SESSION_COOKIE);
    match state.services.change_password(&s.ctx, input, cookie.as_deref()).await {
        Ok(()) => Redirect::to("/password?done=password-changed").into_response(),
        Err(e) => {
            let ctx = s.page();
            match form_refusal(&ctx, &e) {
                Some((errors, status)) => with_status(render(ChangePage { ctx, errors }), status),
                None => failure(ctx, e),
            }
        }
    }
}

// ------------------------------------------------------------------ user administration

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsersQuery {
    username: Option<String>,
    email: Option<String>,
    role: Option<String>,
    status: Option<String>,
    sort_field_name: Option<String>,
    sort_type: Option<String>,
    page_no: Option<String>,
    page_size: Option<String>,
}

pub struct UserRow {
    pub username: String,
    pub name: String,
    pub email: String,
    pub roles: String,
    pub status: &'static str,
    pub created: String,
}

#[derive(Template)]
#[template(path = "users_list.html")]
struct UsersPage {
    ctx: PageCtx,
    q: Query,
    rows: Vec<UserRow>,
    pager: Option<Pager>,
    error: Option<String>,
    statuses: Vec<&'static str>,
}

fn full_name(first: &Option<String>, last: &Option<String>) -> String {
    [first.as_deref(), last.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ")
}

pub async fn list(State(state): State<AppState>, s: Session, QueryParams(p): QueryParams<UsersQuery>) -> Response {
    let ctx = s.page();
    let q = Query::new(
        "/users",
        &[
            ("username", &p.username),
            ("email", &p.email),
            ("role", &p.role),
            ("status", &p.status),
            ("sortFieldName", &p.sort_field_name),
            ("sortType", &p.sort_type),
            ("pageSize", &p.page_size),
        ],
    );
    let params = list_params(&p.sort_field_name, &p.sort_type, &p.page_no, &p.page_size);
    let query = UserListQuery { username: p.username, email: p.email, role: p.role, status: p.status };
    let statuses = AccountStatus::ALL.iter().map(|s| s.as_str()).collect();
    match state.services.admin_users(&s.ctx, query, &params).await {
        Ok(page) => {
            let pager = Some(Pager::new(&q, page.page_no, page.page_size, page.total));
            let rows = page
                .items
                .into_iter()
                .map(|u| UserRow {
                    name: full_name(&u.user.first_name, &u.user.last_name),
                    status: AccountStatus::of(u.user.is_active).as_str(),
                    created: date(&u.user.created_at),
                    roles: u.roles.join(", "),
                    username: u.user.username,
                    email: u.user.email,
                })
                .collect();
            render(UsersPage { ctx, q, rows, pager, error: None, statuses })
        }
        Err(e) if e.is_rejection() => {
            let error = Some(ctx.t.error(&e.to_pms_error()));
            render(UsersPage { ctx, q, rows: Vec::new(), pager: None, error, statuses })
        }
        Err(e) => failure(ctx, e),
    }
}

pub struct HistoryRow {
    pub at: String,
    pub action: String,
    pub by: String,
    pub outcome: String,
}

#[derive(Template)]
#[template(path = "user_view.html")]
struct UserPage {
    ctx: PageCtx,
    d: UserDetails,
    name: String,
    status: &'static str,
    created: String,
    is_self: bool,
    history: Vec<HistoryRow>,
}

pub async fn view(State(state): State<AppState>, s: Session, Path(username): Path<String>) -> Response {
    let ctx = s.page();
    match state.services.user_details(&s.ctx, &username).await {
        Ok(d) => {
            let history = d
                .history
                .iter()
                .map(|h| HistoryRow {
                    at: date(&h.occurred_at),
                    action: super::audit::action_label(ctx.t, &h.action),
                    by: h.actor.clone(),
                    outcome: h.outcome.clone(),
                })
                .collect();
            render(UserPage {
                name: full_name(&d.user.user.first_name, &d.user.user.last_name),
                status: d.status.as_str(),
                created: date(&d.user.user.created_at),
                is_self: d.user.user.username.eq_ignore_ascii_case(&s.actor().username),
                history,
                ctx,
                d,
            })
        }
        Err(e) => failure(ctx, e),
    }
}

#[derive(Template)]
#[template(path = "user_password.html")]
struct SetPasswordPage {
    ctx: PageCtx,
    username: String,
    errors: FormErrors,
}

pub async fn password_form(State(state): State<AppState>, s: Session, Path(username): Path<String>) -> Response {
    let ctx = s.page();
    match state.services.user_details(&s.ctx, &username).await {
        Ok(d) => render(SetPasswordPage { ctx, username: d.user.user.username, errors: FormErrors::default() }),
        Err(e) => failure(ctx, e),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetPasswordForm {
    csrf: String,
    password: Option<String>,
    password_confirm: Option<String>,
}

pub async fn set_password(
    State(state): State<AppState>,
    Path(username): Path<String>,
    SessionForm { session: s, form }: SessionForm<SetPasswordForm>,
) -> Response {
    let new = NewPassword { password: form.password, confirm: form.password_confirm };
    match state.services.set_user_password(&s.ctx, &username, new).await {
        Ok(()) => Redirect::to(&format!("/users/{}?done=user-password-set", urlencode(&username))).into_response(),
        Err(e) => {
            let ctx = s.page();
            match form_refusal(&ctx, &e) {
                Some((errors, status)) if !matches!(&e, ServiceError::Business(b) if b.code == "PMS_USR_001") => {
                    with_status(render(SetPasswordPage { ctx, username, errors }), status)
                }
                _ => failure(ctx, e),
            }
        }
    }
}

fn urlencode(segment: &str) -> String {
    // Usernames are letters, digits and `. _ - @`; `@` is the only one that needs care in a path.
    segment.replace('%', "%25").replace('@', "%40")
}

fn account_action(segment: &str) -> Option<AccountAction> {
    match segment {
        "deactivate" => Some(AccountAction::Deactivate),
        "activate" => Some(AccountAction::Activate),
        _ => None,
    }
}

pub async fn confirm(
    State(state): State<AppState>,
    s: Session,
    Path((username, segment)): Path<(String, String)>,
) -> Response {
    let ctx = s.page();
    let t = ctx.t;
    let Some(action) = account_action(&segment) else {
        return (StatusCode::NOT_FOUND, "no such action").into_response();
    };
    let d = match state.services.user_details(&s.ctx, &username).await {
        Ok(d) => d,
        Err(e) => return failure(ctx, e),
    };
    let name = d.user.user.username.clone();
    let blocked = match d.status.apply(action) {
        Err(e) => Some(t.error(&e)),
        Ok(_) if action == AccountAction::Deactivate && name.eq_ignore_ascii_case(&s.actor().username) => {
            Some(t.get("error-PMS_USR_003"))
        }
        Ok(_) => None,
    };
    render(ConfirmPage {
        title: t.get(&format!("user-{segment}-title")),
        message: t.arg(&format!("user-{segment}-message"), "name", &name),
        action: format!("/users/{}/{segment}", urlencode(&name)),
        button: t.get(&format!("action-user-{segment}")),
        cancel: format!("/users/{}", urlencode(&name)),
        reason: None,
        blocked,
        danger: action == AccountAction::Deactivate,
        ctx,
    })
}

#[derive(Deserialize)]
pub struct DecisionForm {
    csrf: String,
}

pub async fn decide(
    State(state): State<AppState>,
    Path((username, segment)): Path<(String, String)>,
    SessionForm { session: s, form: _ }: SessionForm<DecisionForm>,
) -> Response {
    let Some(action) = account_action(&segment) else {
        return (StatusCode::NOT_FOUND, "no such action").into_response();
    };
    match state.services.set_user_active(&s.ctx, &username, action).await {
        Ok(_) => Redirect::to(&format!("/users/{}?done=user-{segment}", urlencode(&username))).into_response(),
        Err(e) => failure(s.page(), e),
    }
}

super::session::csrf_forms!(ForgotForm, ResetForm, ChangeForm, SetPasswordForm, DecisionForm);
