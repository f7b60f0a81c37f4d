//! Request extractors: the caller's identity (bearer token or `Authorization` cookie) and MOSIP
//! envelopes, with every failure answered as a MOSIP-style JSON error.

use super::envelope::{Reply, Style};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::Response;
use pms_domain::{error, PmsError};
use pms_service::config::{Config, RequestTimeCheck, TrustedProxies};
use pms_service::{Actor, Ctx, ServiceError};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::net::{IpAddr, SocketAddr};

pub const REQUEST_ID: &str = "x-request-id";

fn request_id(parts: &Parts) -> Option<String> {
    parts.headers.get(REQUEST_ID).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// The client address: the socket peer, or, behind trusted proxies, the right-most
/// `X-Forwarded-For` hop that is not one of them.
pub fn client_ip(parts: &Parts, config: &Config) -> String {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let proxies = match &config.trusted_proxies {
        TrustedProxies::Hops(0) if config.trust_forwarded_for => TrustedProxies::Hops(1),
        other => other.clone(),
    };
    let forwarded: Vec<&str> = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    match forwarded_client(peer, &forwarded, &proxies) {
        Some(ip) => ip.to_string(),
        None => "unknown".into(),
    }
}

/// The client among `forwarded` hops (left to right, as `X-Forwarded-For` lists them) and the
/// socket `peer`: walking from the peer leftwards, the first address that is not a trusted proxy.
/// A hop that is not an IP address ends the walk at the last trusted one; when every hop is
/// trusted the left-most is the client.
pub fn forwarded_client(peer: Option<IpAddr>, forwarded: &[&str], proxies: &TrustedProxies) -> Option<IpAddr> {
    let trusted = |position: usize, ip: &IpAddr| match proxies {
        TrustedProxies::Hops(n) => position < *n,
        TrustedProxies::Addresses(list) => list.contains(ip),
    };
    let peer = peer?;
    if !trusted(0, &peer) {
        return Some(peer);
    }
    let mut client = peer;
    for (i, hop) in forwarded.iter().rev().enumerate() {
        let Ok(ip) = hop.parse::<IpAddr>() else { break };
        client = ip;
        if !trusted(i + 1, &ip) {
            break;
        }
    }
    Some(client)
}

/// Longest `X-Request-Id` accepted (the audit trail stores it).
pub const MAX_REQUEST_ID: usize = 128;

/// A request id of 1 to 128 visible ASCII characters.
pub fn valid_request_id(v: &[u8]) -> bool {
    (1..=MAX_REQUEST_ID).contains(&v.len()) && v.iter().all(|b| b.is_ascii_graphic())
}

/// The raw token from `Authorization: Bearer …` or from the `Authorization` cookie.
pub fn bearer_token(parts: &Parts) -> Option<String> {
    bearer_token_in(&parts.headers)
}

pub fn bearer_token_in(headers: &axum::http::HeaderMap) -> Option<String> {
    if let Some(v) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        let v = v.trim();
        let token = v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")).unwrap_or(v);
        if !token.is_empty() {
            return Some(token.trim().to_string());
        }
    }
    cookie_in(headers, "Authorization")
}

pub fn cookie(parts: &Parts, name: &str) -> Option<String> {
    cookie_in(&parts.headers, name)
}

pub fn cookie_in(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// An anonymous caller: address and request id only.
pub struct Client(pub Ctx);

impl FromRequestParts<AppState> for Client {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Client(Ctx {
            actor: None,
            request_id: request_id(parts),
            client_ip: client_ip(parts, &state.services.config),
        }))
    }
}

/// The user behind a request's token, verified once by the authentication middleware.
#[derive(Clone)]
pub struct Authenticated(pub Actor);

/// Verifies the request's token; failures are answered with `KER-ATH-401`.
pub async fn authenticate(parts: &Parts, state: &AppState) -> Result<Actor, Response> {
    let token = bearer_token(parts).ok_or_else(|| Reply::anonymous().error(ServiceError::Unauthenticated))?;
    state.services.authenticate_token(&token).await.map_err(|e| Reply::anonymous().error(e))
}

/// An authenticated caller. Missing, invalid or expired tokens are refused with `KER-ATH-401`.
pub struct Caller(pub Ctx);

impl FromRequestParts<AppState> for Caller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Client(mut ctx) = Client::from_request_parts(parts, state).await?;
        let actor = match parts.extensions.get::<Authenticated>() {
            Some(Authenticated(actor)) => actor.clone(),
            None => authenticate(parts, state).await?,
        };
        ctx.actor = Some(actor);
        Ok(Caller(ctx))
    }
}

fn is_json(req: &Request) -> bool {
    req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).and_then(|v| v.split(';').next()).is_some_and(
        |v| {
            let v = v.trim().to_ascii_lowercase();
            v == "application/json" || (v.starts_with("application/") && v.ends_with("+json"))
        },
    )
}

/// Reads and parses a JSON body, answering transport-level problems in `reply`'s envelope.
pub(crate) async fn json_body(req: Request, state: &AppState, reply: &Reply) -> Result<Value, Response> {
    if !is_json(&req) {
        return Err(reply.error_with_status(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            error::INVALID_INPUT.with("Content-Type must be application/json"),
        ));
    }
    let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
        let status = rejection.status();
        let detail = if status == StatusCode::PAYLOAD_TOO_LARGE {
            format!("request body larger than {} bytes", state.services.config.max_body_bytes)
        } else {
            "request body could not be read".to_string()
        };
        reply.error_with_status(status, error::INVALID_INPUT.with(detail))
    })?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
        reply.error_with_status(
            StatusCode::BAD_REQUEST,
            error::INVALID_INPUT.with(format!("request body is not valid JSON ({e})")),
        )
    })?;
    match nul_in(&value, "body") {
        Some(path) => Err(reply.error_with_status(
            StatusCode::BAD_REQUEST,
            PmsError::invalid_field(&path, "must not contain NUL characters"),
        )),
        None => Ok(value),
    }
}

/// Where in a JSON value a string (or key) holds a NUL character, as `body.request.name`.
fn nul_in(v: &Value, at: &str) -> Option<String> {
    match v {
        Value::String(s) if s.contains('\0') => Some(at.to_string()),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| nul_in(item, &format!("{at}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, item)| {
            if k.contains('\0') {
                Some(at.to_string())
            } else {
                nul_in(item, &format!("{at}.{k}"))
            }
        }),
        _ => None,
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// The `request` part of an envelope as `T`: absent or null is a MOSIP bean-validation error.
fn inner<T: DeserializeOwned>(envelope: &Value) -> Result<T, PmsError> {
    match envelope.get("request") {
        None | Some(Value::Null) => Err(PmsError::invalid_field("request", "must not be null")),
        Some(v) => serde_json::from_value(v.clone()).map_err(|e| PmsError::invalid_field("request", &e.to_string())),
    }
}

/// A legacy envelope. The answer echoes the request's `id` and `version`.
pub struct LegacyJson<T> {
    pub request: T,
    pub reply: Reply,
}

impl<T: DeserializeOwned> FromRequest<AppState> for LegacyJson<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let fallback = Reply::legacy("mosip.pms");
        let envelope = json_body(req, state, &fallback).await?;
        if !envelope.is_object() {
            return Err(fallback.error(error::REQUEST_INVALID.err().into()));
        }
        let reply = Reply {
            style: Style::Legacy,
            id: text(&envelope, "id").or(fallback.id),
            version: text(&envelope, "version").or(fallback.version),
        };
        match inner(&envelope) {
            Ok(request) => Ok(LegacyJson { request, reply }),
            Err(e) => Err(reply.error(e.into())),
        }
    }
}

/// Revamp request bodies name the endpoint they are meant for.
pub trait V2Request: DeserializeOwned {
    const ID: &'static str;
}

/// A V2 envelope, checked as MOSIP's `RequestValidator` does: id, requestTime, version, request.
pub struct V2Json<T> {
    pub request: T,
    pub reply: Reply,
}

impl<T: V2Request> FromRequest<AppState> for V2Json<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let reply = Reply::v2(T::ID);
        let envelope = json_body(req, state, &reply).await?;
        let fail = |e: PmsError| reply.error(e.into());
        if text(&envelope, "id").as_deref() != Some(T::ID) {
            return Err(fail(error::REQUEST_ID_INVALID.err()));
        }
        let time = text(&envelope, "requestTime")
            .and_then(|t| pms_domain::search::parse_time(&t))
            .ok_or_else(|| fail(error::REQUEST_TIME_INVALID.err()))?;
        if state.services.config.request_time_check == RequestTimeCheck::SameDay
            && time.date_naive() != state.services.now().date_naive()
        {
            return Err(fail(error::REQUEST_DATE_NOT_TODAY.err()));
        }
        if !text(&envelope, "version").is_some_and(|v| v.eq_ignore_ascii_case("1.0")) {
            return Err(fail(error::REQUEST_VERSION_INVALID.err()));
        }
        let request = match envelope.get("request") {
            None | Some(Value::Null) => return Err(fail(error::REQUEST_BODY_INVALID.err())),
            Some(v) => serde_json::from_value(v.clone()).map_err(|_| fail(error::REQUEST_BODY_INVALID.err()))?,
        };
        Ok(V2Json { request, reply })
    }
}

/// A plain JSON body (no MOSIP envelope), for PMS's own endpoints such as login.
pub struct PlainJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for PlainJson<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let reply = Reply::anonymous();
        let value = json_body(req, state, &reply).await?;
        serde_json::from_value(value)
            .map(PlainJson)
            .map_err(|e| reply.error(PmsError::invalid_field("body", &e.to_string()).into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn client(peer: &str, forwarded: &[&str], proxies: &TrustedProxies) -> String {
        forwarded_client(Some(ip(peer)), forwarded, proxies).unwrap().to_string()
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client() {
        let none = TrustedProxies::Hops(0);
        assert_eq!(client("10.0.0.1", &["1.2.3.4"], &none), "10.0.0.1");
        assert_eq!(client("10.0.0.1", &[], &none), "10.0.0.1");
        assert_eq!(forwarded_client(None, &["1.2.3.4"], &TrustedProxies::Hops(1)), None);
    }

    #[test]
    fn trusted_hops_are_counted_from_the_right() {
        let one = TrustedProxies::Hops(1);
        // The client put "6.6.6.6" in the header itself; the proxy appended the real address.
        assert_eq!(client("10.0.0.1", &["6.6.6.6", "1.2.3.4"], &one), "1.2.3.4");
        assert_eq!(client("10.0.0.1", &["1.2.3.4"], &one), "1.2.3.4");
        assert_eq!(client("10.0.0.1", &[], &one), "10.0.0.1");
        let two = TrustedProxies::Hops(2);
        assert_eq!(client("10.0.0.1", &["6.6.6.6", "1.2.3.4", "10.0.0.2"], &two), "1.2.3.4");
        // Fewer hops than proxies: the left-most one known.
        assert_eq!(client("10.0.0.1", &["1.2.3.4"], &TrustedProxies::Hops(5)), "1.2.3.4");
    }

    #[test]
    fn trusted_addresses_are_skipped_from_the_right() {
        let list = TrustedProxies::Addresses(vec![ip("10.0.0.1"), ip("10.0.0.2")]);
        assert_eq!(client("10.0.0.1", &["6.6.6.6", "1.2.3.4", "10.0.0.2"], &list), "1.2.3.4");
        assert_eq!(client("10.0.0.1", &["10.0.0.2", "1.2.3.4"], &list), "1.2.3.4");
        // A peer that is no proxy of ours: its header means nothing.
        assert_eq!(client("9.9.9.9", &["1.2.3.4"], &list), "9.9.9.9");
        // Only proxies: the left-most.
        assert_eq!(client("10.0.0.1", &["10.0.0.2"], &list), "10.0.0.2");
        assert_eq!(client("::1", &["1.2.3.4"], &TrustedProxies::Addresses(vec![ip("::1")])), "1.2.3.4");
    }

    #[test]
    fn garbage_hops_stop_the_walk() {
        let two = TrustedProxies::Hops(2);
        assert_eq!(client("10.0.0.1", &["1.2.3.4", "evil\u{7}", "10.0.0.2"], &two), "10.0.0.2");
        assert_eq!(client("10.0.0.1", &["", "1.2.3.4"], &TrustedProxies::Hops(3)), "1.2.3.4");
        assert_eq!(client("10.0.0.1", &["not-an-ip"], &TrustedProxies::Hops(1)), "10.0.0.1");
    }

    #[test]
    fn request_ids() {
        assert!(valid_request_id(b"req-42"));
        assert!(valid_request_id("a".repeat(128).as_bytes()));
        assert!(!valid_request_id("a".repeat(129).as_bytes()));
        assert!(!valid_request_id(b""));
        assert!(!valid_request_id(b"with space"));
        assert!(!valid_request_id("caf\u{e9}".as_bytes()));
        assert!(!valid_request_id(b"tab\there"));
    }

    #[test]
    fn nul_characters_are_found_anywhere() {
        use serde_json::json;
        assert_eq!(nul_in(&json!({"request": {"name": "a\u{0}b"}}), "body").as_deref(), Some("body.request.name"));
        assert_eq!(
            nul_in(&json!({"request": {"list": ["ok", "\u{0}"]}}), "body").as_deref(),
            Some("body.request.list[1]")
        );
        assert_eq!(nul_in(&json!({"re\u{0}": 1}), "body").as_deref(), Some("body"));
        assert_eq!(nul_in(&json!({"request": {"name": "fine", "n": 1}}), "body"), None);
    }
}
