//! Login, logout and the language switch.

use super::session::{
    clear_session_cookie, lang_cookie, safe_local_path, session_cookie, SessionForm, Visitor, VisitorForm,
};
use super::{render, PageCtx, Tr};
use crate::api::extract::cookie_in;
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use pms_domain::lang::Lang;
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
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    expired: Option<String>,
}

pub async fn login_page(visitor: Visitor, Query(q): Query<LoginQuery>) -> Response {
    let ctx = visitor.page();
    let notice = q.expired.map(|_| ctx.t.get("login-expired"));
    render(LoginPage { next: safe_local_path(q.next.as_deref()), username: String::new(), error: None, notice, ctx })
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
    let failed = |message: String| {
        let mut r = render(LoginPage {
            ctx: visitor.page(),
            next: next.clone(),
            username: username.clone(),
            error: Some(message),
            notice: None,
        });
        *r.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
        r
    };
    if let Err(e) = crate::api::auth::check_login_lengths(&username, &password) {
        let mut r = failed(t.error(&e));
        *r.status_mut() = axum::http::StatusCode::BAD_REQUEST;
        return r;
    }
    let actor = match state.services.check_credentials(&visitor.ctx, &username, &password).await {
        Ok(a) => a,
        Err(ServiceError::Unauthenticated) => return failed(t.get("login-failed")),
        Err(ServiceError::TooManyRequests(_)) => return failed(t.get("login-rate-limited")),
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
