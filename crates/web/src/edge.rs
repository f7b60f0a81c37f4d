//! Checks every request passes before any handler runs, and headers every response gets.

use crate::api::envelope::Reply;
use crate::api::extract::{authenticate, valid_request_id, Authenticated, REQUEST_ID};
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use pms_domain::{error, PmsError};

fn bad_request(e: PmsError) -> Response {
    Reply::anonymous().error_with_status(StatusCode::BAD_REQUEST, e)
}

/// `X-Request-Id` ends up in the audit trail: 1 to 128 visible ASCII characters, or refused.
pub async fn check_request_id(req: Request, next: Next) -> Response {
    if req.headers().get_all(REQUEST_ID).iter().any(|v| !valid_request_id(v.as_bytes())) {
        return bad_request(PmsError::invalid_field("X-Request-Id", "must be 1 to 128 visible ASCII characters"));
    }
    next.run(req).await
}

/// Paths must decode to UTF-8, and neither path nor query may carry a NUL character (`%00`),
/// which no database text column stores.
pub async fn check_uri(req: Request, next: Next) -> Response {
    let uri = req.uri();
    if uri.path().contains("%00") {
        return bad_request(PmsError::invalid_field("path", "must not contain NUL characters"));
    }
    if uri.query().is_some_and(|q| q.contains("%00")) {
        return bad_request(PmsError::invalid_field("query", "must not contain NUL characters"));
    }
    if percent_encoding::percent_decode_str(uri.path()).decode_utf8().is_err() {
        return bad_request(PmsError::invalid_field("path", "must be UTF-8 once percent-decoded"));
    }
    next.run(req).await
}

/// MOSIP's public endpoints under the guarded prefixes: self-registration.
const PUBLIC: &[&str] = &[
    "/v1/partnermanager/self-registration",
    "/v1/partnermanager/self-registration/verify",
    "/v1/partnermanager/self-registration/resend",
];

/// Whether a path needs a token before the router even looks at it.
pub fn guarded(path: &str) -> bool {
    let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
    (under("/v1/partnermanager") || under("/v1/policymanager")) && !PUBLIC.contains(&path)
}

/// Everything under `/v1/partnermanager` and `/v1/policymanager` (bar self-registration) needs
/// a valid token, served path or not: unknown paths answer 401 to strangers and 404 to users.
/// The verified user rides along in the request for the `Caller` extractor.
pub async fn require_auth(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !guarded(req.uri().path()) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    match authenticate(&parts, &state).await {
        Ok(actor) => {
            parts.extensions.insert(Authenticated(actor));
            next.run(Request::from_parts(parts, body)).await
        }
        Err(refused) => refused,
    }
}

/// The path as logs may show it: MOSIP puts API-key values in some paths
/// (`/partners/{id}/apikey/{key}`), and a key must never reach a log.
pub fn loggable_path(path: &str) -> String {
    let mut out = Vec::new();
    let mut after_apikey = false;
    for segment in path.split('/') {
        if after_apikey && segment != "request" {
            out.push("***");
        } else {
            out.push(segment);
        }
        after_apikey = segment.eq_ignore_ascii_case("apikey");
    }
    out.join("/")
}

/// Axum answers a known path with the wrong method by an empty 405; API clients get a MOSIP body.
pub async fn json_method_not_allowed(req: Request, next: Next) -> Response {
    let (method, path) = (req.method().clone(), req.uri().path().to_string());
    let response = next.run(req).await;
    if response.status() != StatusCode::METHOD_NOT_ALLOWED || response.headers().contains_key(header::CONTENT_TYPE) {
        return response;
    }
    let mut json = Reply::anonymous().error_with_status(
        StatusCode::METHOD_NOT_ALLOWED,
        error::INVALID_INPUT.with(format!("method {method} is not allowed on {path}")),
    );
    if let Some(allow) = response.headers().get(header::ALLOW) {
        json.headers_mut().insert(header::ALLOW, allow.clone());
    }
    json
}

/// The content security policy: the portal loads only its own stylesheet and script.
pub const CSP: &str = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=()";
pub const HSTS: &str = "max-age=31536000";

tokio::task_local! {
    static CLOCK: std::sync::Arc<dyn pms_domain::Clock>;
}

/// Runs the request with the services' clock at hand, so that envelope timestamps agree with
/// the time the rules saw (a test that moves the clock sees it in `responsetime` too).
pub async fn with_clock(State(state): State<AppState>, req: Request, next: Next) -> Response {
    CLOCK.scope(state.services.clock(), next.run(req)).await
}

/// The request's clock; the system clock outside a request.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    CLOCK.try_with(|c| c.now()).unwrap_or_else(|_| pms_domain::Clock::now(&pms_domain::SystemClock))
}

/// API answers are never cached; HTTPS deployments tell browsers to stay on HTTPS.
pub async fn response_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/v1/");
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    if api {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.services.config.public_url().starts_with("https://") {
        headers.entry(header::STRICT_TRANSPORT_SECURITY).or_insert(HeaderValue::from_static(HSTS));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_values_in_paths_are_masked() {
        assert_eq!(
            loggable_path("/v1/partnermanager/partners/p1/apikey/pms_ab_secret/policies"),
            "/v1/partnermanager/partners/p1/apikey/***/policies"
        );
        assert_eq!(
            loggable_path("/v1/partnermanager/partners/p1/apikey/request"),
            "/v1/partnermanager/partners/p1/apikey/request"
        );
        assert_eq!(
            loggable_path("/v1/partnermanager/partners/p1/generate/apikey"),
            "/v1/partnermanager/partners/p1/generate/apikey"
        );
    }

    #[test]
    fn guarded_paths() {
        for p in [
            "/v1/partnermanager",
            "/v1/partnermanager/",
            "/v1/partnermanager/nothing",
            "/v1/policymanager/policies/x/y",
            "/v1/partnermanager/self-registration/other",
            "/v1/partnermanager/self-registration/",
        ] {
            assert!(guarded(p), "{p}");
        }
        for p in [
            "/v1/partnermanager/self-registration",
            "/v1/partnermanager/self-registration/verify",
            "/v1/partnermanager/self-registration/resend",
            "/v1/partnermanagerx",
            "/v1/auth/login",
            "/v1/pms/events",
            "/policies",
            "/",
        ] {
            assert!(!guarded(p), "{p}");
        }
    }
}
