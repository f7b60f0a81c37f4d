//! eSignet's client-management API (MOSIP §9.4): PMS registers and updates relying parties there
//! **before** it stores them, so that eSignet never lacks a client PMS shows as active. Without
//! `PMS_ESIGNET_URL`, PMS is the system of record alone and nothing is called.

use crate::events::utc;
use chrono::{DateTime, Utc};
use pms_domain::error;
use pms_domain::PmsError;
use serde_json::{json, Value};
use std::time::Duration;

/// Which of eSignet's two client APIs a client lives in: `oidc-client` (MOSIP's deprecated
/// endpoints) or `oauth-client` (with names per language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientApi {
    Oidc,
    Oauth,
}

impl ClientApi {
    pub fn as_str(self) -> &'static str {
        match self {
            ClientApi::Oidc => "oidc",
            ClientApi::Oauth => "oauth",
        }
    }

    pub fn parse(text: &str) -> ClientApi {
        if text == "oidc" {
            ClientApi::Oidc
        } else {
            ClientApi::Oauth
        }
    }

    fn path(self) -> &'static str {
        match self {
            ClientApi::Oidc => "client-mgmt/oidc-client",
            ClientApi::Oauth => "client-mgmt/oauth-client",
        }
    }
}

/// Why eSignet did not take a change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EsignetError {
    /// eSignet answered with an error of its own, passed on to the caller.
    #[error("eSignet refused: {code}: {message}")]
    Refused { code: String, message: String },
    /// No usable answer: unreachable, timed out, not JSON, a server error.
    #[error("eSignet unavailable: {0}")]
    Unavailable(String),
}

/// eSignet's error codes for client management, so that they reach callers as eSignet sent them.
const ESIGNET_CODES: &[&str] = &[
    "invalid_client_id",
    "duplicate_client_id",
    "invalid_public_key",
    "invalid_redirect_uri",
    "invalid_claim",
    "invalid_acr",
    "invalid_grant_type",
    "invalid_client_auth",
    "invalid_client_name",
    "invalid_client_name_value",
    "invalid_uri",
    "invalid_status",
    "invalid_input",
    "invalid_rp_id",
    "invalid_language_code",
    "unknown_error",
];

const MESSAGE_MAX: usize = 512;

impl EsignetError {
    pub fn to_pms_error(&self) -> PmsError {
        match self {
            EsignetError::Refused { code, message } => {
                let message: String = message.chars().take(MESSAGE_MAX).collect();
                match ESIGNET_CODES.iter().find(|c| **c == code) {
                    Some(known) => PmsError::coded(known, message),
                    None => {
                        error::ESIGNET_REFUSED.with(format!("{}: {message}", code.chars().take(64).collect::<String>()))
                    }
                }
            }
            EsignetError::Unavailable(_) => error::ESIGNET_UNAVAILABLE.err(),
        }
    }
}

/// The part of eSignet PMS talks to. One implementation speaks HTTP; the contract is tested
/// against a server that answers as eSignet does.
#[async_trait::async_trait]
pub trait Esignet: Send + Sync {
    async fn create(&self, api: ClientApi, request: Value, at: DateTime<Utc>) -> Result<(), EsignetError>;
    async fn update(
        &self,
        api: ClientApi,
        client_id: &str,
        request: Value,
        at: DateTime<Utc>,
    ) -> Result<(), EsignetError>;
    /// `claims_supported` of eSignet's OpenID configuration.
    async fn claims_supported(&self) -> Result<Vec<String>, EsignetError>;
}

/// eSignet over HTTP at `base` (for example `https://esignet.example/v1/esignet`).
pub struct HttpEsignet {
    base: String,
    http: reqwest::Client,
}

impl HttpEsignet {
    pub fn new(base: &str, timeout: Duration) -> Result<HttpEsignet, String> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("eSignet client: {e}"))?;
        Ok(HttpEsignet { base: base.trim_end_matches('/').to_string(), http })
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Result<Value, EsignetError> {
        let response = request.send().await.map_err(|e| EsignetError::Unavailable(e.to_string()))?;
        let status = response.status();
        let body: Value = response.json().await.map_err(|e| EsignetError::Unavailable(format!("{status}: {e}")))?;
        if let Some(first) = body.get("errors").and_then(Value::as_array).and_then(|e| e.first()) {
            let text = |k: &str| first.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
            return Err(EsignetError::Refused { code: text("errorCode"), message: text("errorMessage") });
        }
        if !status.is_success() {
            return Err(EsignetError::Unavailable(format!("answered {status}")));
        }
        Ok(body)
    }
}

fn envelope(request: Value, at: DateTime<Utc>) -> Value {
    json!({ "requestTime": utc(at), "request": request })
}

#[async_trait::async_trait]
impl Esignet for HttpEsignet {
    async fn create(&self, api: ClientApi, request: Value, at: DateTime<Utc>) -> Result<(), EsignetError> {
        let url = format!("{}/{}", self.base, api.path());
        self.send(self.http.post(url).json(&envelope(request, at))).await.map(drop)
    }

    async fn update(
        &self,
        api: ClientApi,
        client_id: &str,
        request: Value,
        at: DateTime<Utc>,
    ) -> Result<(), EsignetError> {
        let mut url = reqwest::Url::parse(&format!("{}/{}/", self.base, api.path()))
            .map_err(|e| EsignetError::Unavailable(e.to_string()))?;
        url.path_segments_mut()
            .map_err(|_| EsignetError::Unavailable("base URL".into()))?
            .pop_if_empty()
            .push(client_id);
        self.send(self.http.put(url).json(&envelope(request, at))).await.map(drop)
    }

    async fn claims_supported(&self) -> Result<Vec<String>, EsignetError> {
        let url = format!("{}/oidc/.well-known/openid-configuration", self.base);
        let body = self.send(self.http.get(url)).await?;
        let claims = body
            .get("claims_supported")
            .and_then(Value::as_array)
            .ok_or_else(|| EsignetError::Unavailable("the OpenID configuration has no claims_supported".into()))?;
        Ok(claims.iter().filter_map(Value::as_str).map(str::to_string).collect())
    }
}
