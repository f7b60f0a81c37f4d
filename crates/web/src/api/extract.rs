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
use pms_service::config::RequestTimeCheck;
use pms_service::{Ctx, ServiceError};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::net::SocketAddr;

pub const REQUEST_ID: &str = "x-request-id";

fn request_id(parts: &Parts) -> Option<String> {
    parts.headers.get(REQUEST_ID).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// The client address: the socket peer, or the first `X-Forwarded-For` hop when configured.
pub fn client_ip(parts: &Parts, trust_forwarded_for: bool) -> String {
    if trust_forwarded_for {
        if let Some(first) = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            return first.to_string();
        }
    }
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "unknown".into())
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
            client_ip: client_ip(parts, state.services.config.trust_forwarded_for),
        }))
    }
}

/// An authenticated caller. Missing, invalid or expired tokens are refused with `KER-ATH-401`.
pub struct Caller(pub Ctx);

impl FromRequestParts<AppState> for Caller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Client(mut ctx) = Client::from_request_parts(parts, state).await?;
        let token = bearer_token(parts).ok_or_else(|| Reply::anonymous().error(ServiceError::Unauthenticated))?;
        let actor = state.services.authenticate_token(&token).await.map_err(|e| Reply::anonymous().error(e))?;
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
    serde_json::from_slice(&bytes).map_err(|e| {
        reply.error_with_status(
            StatusCode::BAD_REQUEST,
            error::INVALID_INPUT.with(format!("request body is not valid JSON ({e})")),
        )
    })
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
            && time.date_naive() != chrono::Utc::now().date_naive()
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
