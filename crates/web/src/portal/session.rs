//! Portal sessions and CSRF protection.
//!
//! Logged-in users hold a `pms_session` cookie naming a server-side session (revocable, idle
//! timeout); its CSRF token must accompany every form. Visitors (login, sign-up, language switch)
//! get a `pms_csrf` cookie whose value their forms must echo (double submit).

use super::PageCtx;
use crate::api::extract::{client_ip, cookie};
use crate::AppState;
use axum::body::Body;
use axum::extract::{Form, FromRequest, FromRequestParts, Multipart, RawForm, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use pms_domain::lang::Lang;
use pms_domain::PmsError;
use pms_service::{Actor, Ctx};
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

pub const SESSION_COOKIE: &str = "pms_session";
pub const CSRF_COOKIE: &str = "pms_csrf";
pub const LANG_COOKIE: &str = "pms_lang";
/// The pending login at the external provider, sealed by the server.
pub const EXTERNAL_LOGIN_COOKIE: &str = "pms_external_login";

/// The visitor's CSRF token, set by [`ensure_csrf_cookie`] before any handler runs.
#[derive(Clone)]
struct VisitorToken(String);

fn cookie_header(state: &AppState, name: &str, value: &str, max_age: Option<u64>) -> HeaderValue {
    let secure = if state.services.config.public_url().starts_with("https://") { "; Secure" } else { "" };
    let age = max_age.map(|a| format!("; Max-Age={a}")).unwrap_or_default();
    HeaderValue::from_str(&format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax{age}{secure}"))
        .unwrap_or_else(|_| HeaderValue::from_static("pms_invalid=1; Path=/; Max-Age=0"))
}

pub fn session_cookie(state: &AppState, value: &str) -> HeaderValue {
    cookie_header(state, SESSION_COOKIE, value, None)
}

pub fn clear_session_cookie(state: &AppState) -> HeaderValue {
    cookie_header(state, SESSION_COOKIE, "", Some(0))
}

pub fn external_login_cookie(state: &AppState, sealed: Option<&str>) -> HeaderValue {
    // The provider has ten minutes to send the user back (the sealed value says so too).
    let max_age = if sealed.is_some() { 600 } else { 0 };
    cookie_header(state, EXTERNAL_LOGIN_COOKIE, sealed.unwrap_or_default(), Some(max_age))
}

pub fn lang_cookie(state: &AppState, lang: Lang) -> HeaderValue {
    cookie_header(state, LANG_COOKIE, lang.mosip_code(), Some(365 * 24 * 3600))
}

/// Gives every portal visitor a CSRF cookie.
pub async fn ensure_csrf_cookie(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let (parts, body) = req.into_parts();
    let existing = cookie(&parts, CSRF_COOKIE).filter(|v| v.len() >= 16);
    req = Request::from_parts(parts, body);
    let token = existing.clone().unwrap_or_else(|| pms_service::auth::random_token(24));
    req.extensions_mut().insert(VisitorToken(token.clone()));
    let mut response = next.run(req).await;
    if existing.is_none() {
        response.headers_mut().append(header::SET_COOKIE, cookie_header(&state, CSRF_COOKIE, &token, None));
    }
    response
}

fn same(a: &str, b: &str) -> bool {
    !a.is_empty() && a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Language for a page: the user's choice, else the cookie, else the browser's preference.
fn language(parts: &Parts, actor: Option<&Actor>) -> Lang {
    actor
        .and_then(|a| Lang::parse(&a.lang_code))
        .or_else(|| cookie(parts, LANG_COOKIE).and_then(|c| Lang::parse(&c)))
        .or_else(|| {
            parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or(Lang::En)
}

fn path_of(parts: &Parts) -> String {
    parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into())
}

fn flash(parts: &Parts) -> Option<String> {
    parts.uri.query().and_then(|q| {
        serde_urlencoded::from_str::<Vec<(String, String)>>(q)
            .ok()?
            .into_iter()
            .find(|(k, _)| k == "done")
            .map(|(_, v)| v)
            .filter(|v| v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    })
}

/// Anyone, logged in or not.
pub struct Visitor {
    pub ctx: Ctx,
    pub lang: Lang,
    pub csrf: String,
    pub path: String,
    pub flash: Option<String>,
    pub idle_minutes: u32,
}

impl Visitor {
    pub fn page(&self) -> PageCtx {
        PageCtx::new(self.lang, None, &self.csrf, &self.csrf, &self.path, self.flash.as_deref(), self.idle_minutes)
    }
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let csrf = parts.extensions.get::<VisitorToken>().map(|t| t.0.clone()).unwrap_or_default();
        Ok(Visitor {
            ctx: Ctx {
                actor: None,
                request_id: parts.headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_string),
                client_ip: client_ip(parts, &state.services.config),
            },
            lang: language(parts, None),
            csrf,
            path: path_of(parts),
            flash: flash(parts),
            idle_minutes: state.services.config.session_idle_minutes,
        })
    }
}

/// A logged-in user. Without a live session the browser is sent to the login page.
pub struct Session {
    /// The caller, as the services see it (`ctx.actor` is this session's user).
    pub ctx: Ctx,
    user: Actor,
    pub lang: Lang,
    pub csrf: String,
    pub visitor_csrf: String,
    pub path: String,
    pub flash: Option<String>,
    pub idle_minutes: u32,
    /// Unread notifications, for the bell of every page.
    pub unread: u64,
}

impl Session {
    pub fn actor(&self) -> &Actor {
        &self.user
    }

    pub fn page(&self) -> PageCtx {
        let page = PageCtx::new(
            self.lang,
            Some(&self.user),
            &self.csrf,
            &self.visitor_csrf,
            &self.path,
            self.flash.as_deref(),
            self.idle_minutes,
        );
        PageCtx { unread: self.unread, ..page }
    }
}

impl FromRequestParts<AppState> for Session {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let visitor = Visitor::from_request_parts(parts, state).await?;
        let to_login = || {
            let next = serde_urlencoded::to_string([("next", path_of(parts))]).unwrap_or_default();
            Redirect::to(&format!("/login?{next}")).into_response()
        };
        let Some(token) = cookie(parts, SESSION_COOKIE) else { return Err(to_login()) };
        let (actor, csrf) = match state.services.session(&token).await {
            Ok(Some(found)) => found,
            Ok(None) => {
                let next = serde_urlencoded::to_string([("next", path_of(parts)), ("expired", "1".into())])
                    .unwrap_or_default();
                return Err((
                    [(header::SET_COOKIE, clear_session_cookie(state))],
                    Redirect::to(&format!("/login?{next}")),
                )
                    .into_response());
            }
            Err(e) => {
                tracing::error!(%e, "session lookup failed");
                return Err((StatusCode::INTERNAL_SERVER_ERROR, "session store unavailable").into_response());
            }
        };
        let lang = language(parts, Some(&actor));
        let mut ctx = visitor.ctx;
        ctx.actor = Some(actor.clone());
        // The one count of the bell: every page of this request shares it. A failure only hides
        // the number, it does not take the page down.
        let unread = state.services.unread_notifications(&ctx).await.unwrap_or_else(|e| {
            tracing::warn!(%e, "unread notifications could not be counted");
            0
        });
        Ok(Session {
            ctx,
            user: actor,
            lang,
            csrf,
            visitor_csrf: visitor.csrf,
            path: visitor.path,
            flash: visitor.flash,
            idle_minutes: visitor.idle_minutes,
            unread,
        })
    }
}

/// Forms carry their CSRF token in a `csrf` field.
pub trait CsrfField {
    fn csrf(&self) -> &str;
}

/// Implements [`CsrfField`] for form structs whose token field is `csrf`.
macro_rules! csrf_forms {
    ($($form:ty),+ $(,)?) => {
        $(impl $crate::portal::session::CsrfField for $form {
            fn csrf(&self) -> &str {
                &self.csrf
            }
        })+
    };
}
pub(crate) use csrf_forms;

fn forbidden(lang: Lang) -> Response {
    (StatusCode::FORBIDDEN, pms_i18n::t(lang, "error-csrf")).into_response()
}

/// Why a posted form was not taken.
enum FormProblem {
    /// Not a form, or fields of the wrong shape: answered as axum words it.
    Unreadable(Response),
    /// A field holds a NUL character, which no text column can store.
    Invalid(PmsError),
}

impl FormProblem {
    fn answer(self, page: impl FnOnce() -> PageCtx) -> Response {
        match self {
            FormProblem::Unreadable(r) => r,
            FormProblem::Invalid(e) => super::failure(page(), e.into()),
        }
    }
}

/// Reads a URL-encoded form, refusing NUL characters in any name or value.
async fn read_form<T: DeserializeOwned>(parts: Parts, body: Body, state: &AppState) -> Result<T, FormProblem> {
    let unreadable = |r: Response| FormProblem::Unreadable(r);
    let RawForm(bytes) = RawForm::from_request(Request::from_parts(parts.clone(), body), state)
        .await
        .map_err(|e| unreadable((StatusCode::BAD_REQUEST, e.body_text()).into_response()))?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    if let Some((name, _)) = pairs.iter().find(|(k, v)| k.contains('\0') || v.contains('\0')) {
        return Err(FormProblem::Invalid(PmsError::invalid_field(name, "must not contain NUL characters")));
    }
    let Form(form) = Form::<T>::from_request(Request::from_parts(parts, Body::from(bytes)), state)
        .await
        .map_err(|e| unreadable((StatusCode::BAD_REQUEST, e.body_text()).into_response()))?;
    Ok(form)
}

/// A form posted by a logged-in user, with its CSRF token checked against the session.
pub struct SessionForm<T> {
    pub session: Session,
    pub form: T,
}

impl<T: DeserializeOwned + CsrfField + Send> FromRequest<AppState> for SessionForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let session = Session::from_request_parts(&mut parts, state).await?;
        let lang = session.lang;
        let form = read_form::<T>(parts, body, state).await.map_err(|e| e.answer(|| session.page()))?;
        if !same(form.csrf(), &session.csrf) {
            return Err(forbidden(lang));
        }
        Ok(SessionForm { session, form })
    }
}

/// A form of a logged-in user that may carry files: `multipart/form-data` as browsers send a file
/// input, or URL-encoded when there is none. Its CSRF token is checked against the session.
pub struct SessionUpload {
    pub session: Session,
    fields: Vec<(String, String)>,
    files: Vec<(String, Vec<u8>)>,
}

impl SessionUpload {
    /// A text field, as sent.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Every text field in the order sent (a multi-select or a checkbox group sends one per value).
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.fields.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// A file field, unless no file was chosen (browsers then send an empty part).
    pub fn file(&self, name: &str) -> Option<&[u8]> {
        self.files.iter().find(|(k, v)| k == name && !v.is_empty()).map(|(_, v)| v.as_slice())
    }
}

impl FromRequest<AppState> for SessionUpload {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let session = Session::from_request_parts(&mut parts, state).await?;
        let multipart = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
        let mut files = Vec::new();
        let fields: Vec<(String, String)> = if multipart {
            let bad = |e: axum::extract::multipart::MultipartError| e.into_response();
            let mut form = Multipart::from_request(Request::from_parts(parts, body), state)
                .await
                .map_err(|e| e.into_response())?;
            let mut fields = Vec::new();
            while let Some(field) = form.next_field().await.map_err(bad)? {
                let name = field.name().unwrap_or_default().to_string();
                if field.file_name().is_some() {
                    files.push((name, field.bytes().await.map_err(bad)?.to_vec()));
                } else {
                    fields.push((name, field.text().await.map_err(bad)?));
                }
            }
            if let Some((name, _)) = fields.iter().find(|(k, v)| k.contains('\0') || v.contains('\0')) {
                let e = PmsError::invalid_field(name, "must not contain NUL characters");
                return Err(super::failure(session.page(), e.into()));
            }
            fields
        } else {
            read_form(parts, body, state).await.map_err(|e| e.answer(|| session.page()))?
        };
        let csrf = fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or_default();
        if !same(csrf, &session.csrf) {
            return Err(forbidden(session.lang));
        }
        Ok(SessionUpload { session, fields, files })
    }
}

/// A form posted by any visitor, with the double-submit CSRF check.
pub struct VisitorForm<T> {
    pub visitor: Visitor,
    pub form: T,
}

impl<T: DeserializeOwned + CsrfField + Send> FromRequest<AppState> for VisitorForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let visitor = Visitor::from_request_parts(&mut parts, state).await?;
        let from_cookie = cookie(&parts, CSRF_COOKIE).unwrap_or_default();
        let lang = visitor.lang;
        let form = read_form::<T>(parts, body, state).await.map_err(|e| e.answer(|| visitor.page()))?;
        if !same(form.csrf(), &from_cookie) {
            return Err(forbidden(lang));
        }
        Ok(VisitorForm { visitor, form })
    }
}

/// A local path to return to: one `/` then a path (and query) without backslashes, whitespace
/// or control characters. Anything else (other hosts, schemes, `//`, `/\`, `/\t/…`) goes home.
pub fn safe_local_path(p: Option<&str>) -> String {
    match p {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && !p.contains("://")
                && !p.chars().any(|c| c.is_control() || c.is_whitespace()) =>
        {
            p.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_local_path(Some("/policies?x=1")), "/policies?x=1");
        assert_eq!(safe_local_path(Some("/partners/p1?sortType=asc&pageNo=2")), "/partners/p1?sortType=asc&pageNo=2");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "/\\/evil",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil",
            "/x\u{0}",
            "/ /evil",
            "/\u{a0}/evil",
            "/\u{2028}/evil",
            "/x?next=https://evil",
            "evil",
            "",
        ] {
            assert_eq!(safe_local_path(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_local_path(None), "/");
    }

    #[test]
    fn tokens_compare_in_full() {
        assert!(same("abcdef", "abcdef"));
        assert!(!same("abcdef", "abcdeg"));
        assert!(!same("", ""));
        assert!(!same("abc", "abcdef"));
    }
}
