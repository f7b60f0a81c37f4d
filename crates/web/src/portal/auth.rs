//! Login, logout and the language switch.

use super::session::{
    clear_session_cookie, external_login_cookie, lang_cookie, safe_local_path, session_cookie, SessionForm, Visitor,
    VisitorForm, EXTERNAL_LOGIN_COOKIE,
};
use super::{render, PageCtx, Tr};
use crate::api::extract::cookie_in;
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use pms_domain::lang::Lang;
use pms_domain::{error, validate};
use pms_service::ServiceError;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    ctx: PageCtx,
    next: String,
    username: String,
    error: Option<String>,
    notice: Option<String>,
    /// The external provider's name, when users may log in with it.
    external: Option<String>,
    builtin: bool,
}

impl LoginPage {
    fn new(state: &AppState, ctx: PageCtx, next: String) -> LoginPage {
        LoginPage {
            ctx,
            next,
            username: String::new(),
            error: None,
            notice: None,
            external: state.services.federation().map(|f| f.name.clone()),
            builtin: state.services.config.builtin_login,
        }
    }

    fn refused(self, status: StatusCode) -> Response {
        let mut r = render(self);
        *r.status_mut() = status;
        r
    }
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    expired: Option<String>,
}

pub async fn login_page(State(state): State<AppState>, visitor: Visitor, Query(q): Query<LoginQuery>) -> Response {
    let ctx = visitor.page();
    let notice = q.expired.map(|_| ctx.t.get("login-expired"));
    render(LoginPage { notice, ..LoginPage::new(&state, ctx, safe_local_path(q.next.as_deref())) })
}

#[derive(Deserialize)]
pub struct LoginForm {
    csrf: String,
    username: Option<String>,
    password: Option<String>,
    next: Option<String>,
}

pub async fn login(State(state): State<AppState>, VisitorForm { visitor, form }: VisitorForm<LoginForm>) -> Response {
    let username = form.username.unwrap_or_default();
    let password = form.password.unwrap_or_default();
    let next = safe_local_path(form.next.as_deref());
    let t = Tr(visitor.lang);
    let failed = |message: String, status: StatusCode| {
        LoginPage {
            username: username.clone(),
            error: Some(message),
            ..LoginPage::new(&state, visitor.page(), next.clone())
        }
        .refused(status)
    };
    if let Err(e) = crate::api::auth::check_login_lengths(&username, &password) {
        return failed(t.error(&e), StatusCode::BAD_REQUEST);
    }
    let actor = match state.services.check_credentials(&visitor.ctx, &username, &password).await {
        Ok(a) => a,
        Err(ServiceError::Unauthenticated) => return failed(t.get("login-failed"), StatusCode::UNAUTHORIZED),
        Err(ServiceError::TooManyRequests(_)) => {
            return failed(t.get("login-rate-limited"), StatusCode::TOO_MANY_REQUESTS)
        }
        Err(ServiceError::Business(e)) => return failed(t.error(&e), StatusCode::FORBIDDEN),
        Err(e) => return super::failure(visitor.page(), e),
    };
    match state.services.open_session(&visitor.ctx, &actor).await {
        Ok((token, _csrf)) => {
            ([(header::SET_COOKIE, session_cookie(&state, &token))], Redirect::to(&next)).into_response()
        }
        Err(e) => super::failure(visitor.page(), e),
    }
}

#[derive(Deserialize)]
pub struct ExternalStart {
    next: Option<String>,
}

/// "Log in with …": off to the provider; the pending login waits in a sealed cookie.
pub async fn external_login(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(q): Query<ExternalStart>,
) -> Response {
    let next = safe_local_path(q.next.as_deref());
    match state.services.external_login_start(next.clone()).await {
        Ok((url, sealed)) => {
            ([(header::SET_COOKIE, external_login_cookie(&state, Some(&sealed)))], Redirect::to(&url)).into_response()
        }
        Err(e) => external_refused(&state, visitor, next, e),
    }
}

#[derive(Deserialize)]
pub struct ExternalAnswer {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// The provider sends the user back here, with a code or an error.
pub async fn external_callback(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Query(answer): Query<ExternalAnswer>,
) -> Response {
    let pending = cookie_in(&headers, EXTERNAL_LOGIN_COOKIE);
    let refused =
        |reason: &str| ServiceError::from(error::EXTERNAL_LOGIN_FAILED.with(validate::truncated(reason, 200)));
    let outcome = match (&answer.error, &answer.code, &answer.state) {
        (Some(error), _, _) => Err(refused(answer.error_description.as_deref().unwrap_or(error))),
        // Codes and states are opaque to us, but nothing unbounded is sent on to the provider.
        (None, Some(code), Some(st)) if code.len() <= 4096 && st.len() <= 512 => {
            state.services.external_login_finish(&visitor.ctx, code, st, pending.as_deref()).await
        }
        _ => Err(refused("the answer has no code")),
    };
    let (actor, next) = match outcome {
        Ok(done) => done,
        Err(e) => return external_refused(&state, visitor, "/".into(), e),
    };
    match state.services.open_session(&visitor.ctx, &actor).await {
        Ok((token, _csrf)) => (
            // Two cookies: appended, since a header array would keep only the last.
            AppendHeaders([
                (header::SET_COOKIE, session_cookie(&state, &token)),
                (header::SET_COOKIE, external_login_cookie(&state, None)),
            ]),
            Redirect::to(&next),
        )
            .into_response(),
        Err(e) => super::failure(visitor.page(), e),
    }
}

/// The login page again, saying why the provider's login did not work.
fn external_refused(state: &AppState, visitor: Visitor, next: String, e: ServiceError) -> Response {
    let t = Tr(visitor.lang);
    let (message, status) = match &e {
        ServiceError::Business(err) => (t.error(err), StatusCode::UNAUTHORIZED),
        ServiceError::Unauthenticated => (t.get("login-failed"), StatusCode::UNAUTHORIZED),
        _ => return super::failure(visitor.page(), e),
    };
    let mut r = LoginPage { error: Some(message), ..LoginPage::new(state, visitor.page(), next) }.refused(status);
    r.headers_mut().append(header::SET_COOKIE, external_login_cookie(state, None));
    r
}

#[derive(Deserialize)]
pub struct LogoutForm {
    csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    SessionForm { session, .. }: SessionForm<LogoutForm>,
) -> Response {
    if let Some(token) = cookie_in(&headers, super::session::SESSION_COOKIE) {
        if let Err(e) = state.services.close_session(&session.ctx, &token).await {
            return super::failure(session.page(), e);
        }
    }
    ([(header::SET_COOKIE, clear_session_cookie(&state))], Redirect::to("/login?done=logged-out")).into_response()
}

#[derive(Deserialize)]
pub struct LangForm {
    csrf: String,
    lang: Option<String>,
    back: Option<String>,
}

/// Stores the choice in a cookie and, for a logged-in user, on the user (e-mails follow it).
pub async fn switch_language(
    State(state): State<AppState>,
    headers: HeaderMap,
    VisitorForm { visitor, form }: VisitorForm<LangForm>,
) -> Response {
    let lang = form.lang.as_deref().and_then(Lang::parse).unwrap_or(Lang::En);
    if let Some(token) = cookie_in(&headers, super::session::SESSION_COOKIE) {
        if let Ok(Some((actor, _))) = state.services.session(&token).await {
            let mut ctx = visitor.ctx.clone();
            ctx.actor = Some(actor);
            if let Err(e) = state.services.set_language(&ctx, lang).await {
                return super::failure(visitor.page(), e);
            }
        }
    }
    let back = safe_local_path(form.back.as_deref());
    ([(header::SET_COOKIE, lang_cookie(&state, lang))], Redirect::to(&back)).into_response()
}

super::session::csrf_forms!(LoginForm, LogoutForm, LangForm);
