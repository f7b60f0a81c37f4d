//! Standard client registration (RFC 7591, RFC 7592) for approved authentication partners: a
//! partner's tooling registers, reads, changes and deletes OIDC clients without the portal, under
//! the same checks and policy guards as `POST /oauth/client`. Answers are RFC 7591's JSON (no
//! MOSIP envelope); refusals are `{"error", "error_description"}` with MOSIP's code in the text.

use super::envelope::{RequestWrapperV2, ResponseWrapperV2};
use super::extract::{bearer_token, Caller, Client, V2Json, V2Request};
use crate::AppState;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use pms_domain::client::ClientStatus;
use pms_service::clients::{ClientInput, ClientUpdate, ClientView, INITIAL_TOKEN_PREFIX};
use pms_service::esignet::ClientApi;
use pms_service::{Ctx, ServiceError};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const TAG: &str = "OIDC clients and MISP licences";
const BASE: &str = "/v1/pms/oidc/register";

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(read, update, delete))
        .routes(routes!(issue_initial_token))
}

/// RFC 7591 client metadata, with PMS's `policy_id` (an Auth policy the partner was approved for)
/// and, for a user holding several partners, `auth_partner_id`.
// The example is given whole: utoipa drops the example of a `value_type = Object` field.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[schema(example = json!({
    "client_name": "Booking tool",
    "redirect_uris": ["https://tool.example/callback"],
    "grant_types": ["authorization_code"],
    "token_endpoint_auth_method": "private_key_jwt",
    "logo_uri": "https://tool.example/logo.png",
    "jwks": {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]},
    "policy_id": "string",
    "auth_partner_id": "string"
}))]
pub struct ClientMetadata {
    pub client_name: Option<String>,
    pub redirect_uris: Option<Vec<String>>,
    #[schema(example = json!(["authorization_code"]))]
    pub grant_types: Option<Vec<String>>,
    #[schema(example = "private_key_jwt")]
    pub token_endpoint_auth_method: Option<String>,
    pub logo_uri: Option<String>,
    /// `{"keys": [<one public JWK>]}`.
    #[schema(value_type = Object)]
    pub jwks: Option<Value>,
    pub policy_id: Option<String>,
    pub auth_partner_id: Option<String>,
}

/// A registered client (RFC 7591 §3.2.1); the registration access token only in the answer to
/// the registration.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ClientInformation {
    pub client_id: String,
    pub client_id_issued_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_access_token: Option<String>,
    pub registration_client_uri: String,
    pub client_name: String,
    pub redirect_uris: Vec<String>,
    pub grant_types: Vec<String>,
    pub token_endpoint_auth_method: String,
    pub logo_uri: String,
    #[schema(value_type = Object)]
    pub jwks: Value,
    pub policy_id: String,
    pub auth_partner_id: String,
    /// `ACTIVE`; a deleted client is gone from these endpoints.
    pub status: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RegistrationError {
    pub error: String,
    pub error_description: String,
}

fn information(v: ClientView, token: Option<String>) -> ClientInformation {
    let c = v.client;
    let key: Value = serde_json::from_str(&c.public_key).unwrap_or(Value::Null);
    ClientInformation {
        registration_client_uri: format!("{BASE}/{}", c.id),
        client_id_issued_at: c.cr_dtimes.timestamp(),
        registration_access_token: token,
        redirect_uris: ClientView::list(&c.redirect_uris),
        grant_types: ClientView::list(&c.grant_types),
        token_endpoint_auth_method: ClientView::list(&c.auth_methods).into_iter().next().unwrap_or_default(),
        jwks: json!({ "keys": [key] }),
        client_id: c.id,
        client_name: c.name,
        logo_uri: c.logo_uri,
        policy_id: c.policy_id,
        auth_partner_id: c.rp_id,
        status: c.status,
    }
}

/// RFC 7591 §3.2.2: metadata faults are `invalid_redirect_uri` or `invalid_client_metadata`.
fn refusal(e: ServiceError) -> Response {
    let (status, error) = match &e {
        ServiceError::Unauthenticated => return unauthorised(),
        ServiceError::Forbidden => (StatusCode::FORBIDDEN, "access_denied"),
        ServiceError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "server_error"),
        _ => {
            let code = e.to_pms_error().code;
            let error = if code == "invalid_redirect_uri" { "invalid_redirect_uri" } else { "invalid_client_metadata" };
            (StatusCode::BAD_REQUEST, error)
        }
    };
    let description = match &e {
        ServiceError::Internal(_) => "internal error".to_string(),
        other => {
            let p = other.to_pms_error();
            format!("{}: {}", p.code, p.message)
        }
    };
    (status, Json(RegistrationError { error: error.into(), error_description: description })).into_response()
}

/// RFC 7592 §2: a missing or unknown token, or a client that is gone, all answer 401 alike.
fn unauthorised() -> Response {
    let body = json!({ "error": "invalid_token", "error_description": "The access token is not valid for this client.",
        "errors": [{ "errorCode": "KER-ATH-401", "message": "Authentication Failed" }] });
    (StatusCode::UNAUTHORIZED, [("www-authenticate", "Bearer error=\"invalid_token\"")], Json(body)).into_response()
}

fn not_found() -> Response {
    let body = RegistrationError { error: "invalid_client_id".into(), error_description: "No such client.".into() };
    (StatusCode::NOT_FOUND, Json(body)).into_response()
}

fn input(m: ClientMetadata) -> ClientInput {
    let public_key = m.jwks.as_ref().map(|j| match j.get("keys").and_then(Value::as_array).map(Vec::as_slice) {
        Some([one]) => one.clone(),
        // Not one key: the service refuses it as a JWK, saying what it expects.
        _ => j.clone(),
    });
    ClientInput {
        name: m.client_name,
        policy_id: m.policy_id,
        public_key,
        auth_partner_id: m.auth_partner_id,
        logo_uri: m.logo_uri,
        redirect_uris: m.redirect_uris,
        grant_types: m.grant_types,
        client_auth_methods: m.token_endpoint_auth_method.map(|a| vec![a]),
        name_langs: None,
    }
}

/// Register a client (RFC 7591) with the partner's own token, or with an initial access token an
/// administrator issued for the partner (`pmsiat_…`, spent by the registration); the answer holds
/// the client id and a registration access token for the endpoints of RFC 7592.
#[utoipa::path(post, path = "/v1/pms/oidc/register", tag = TAG, request_body = ClientMetadata,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Registered", body = ClientInformation),
        (status = 400, description = "`invalid_redirect_uri` or `invalid_client_metadata`, MOSIP's code in the description", body = RegistrationError)))]
pub async fn register(State(s): State<AppState>, parts: Parts, Json(m): Json<ClientMetadata>) -> Response {
    let (ctx, initial) = match bearer_token(&parts).filter(|t| t.starts_with(INITIAL_TOKEN_PREFIX)) {
        // An initial access token an administrator issued for one partner (RFC 7591 §3).
        Some(token) => {
            let Client(ctx) = match Client::from_request_parts(&mut parts.clone(), &s).await {
                Ok(c) => c,
                Err(r) => return r,
            };
            match s.services.initial_access(&ctx, &token).await {
                Ok(Some((owner, access))) => (owner, Some(access)),
                Ok(None) => return unauthorised(),
                Err(e) => return refusal(e),
            }
        }
        None => match Caller::from_request_parts(&mut parts.clone(), &s).await {
            Ok(Caller(ctx)) => (ctx, None),
            Err(r) => return r,
        },
    };
    match s.services.register_client(&ctx, input(m), initial.as_ref()).await {
        Ok((view, token)) => (StatusCode::CREATED, Json(information(view, Some(token)))).into_response(),
        Err(e) => refusal(e),
    }
}

/// Who calls an RFC 7592 endpoint: the client's registration access token, or a PMS token of a
/// user (whose ownership the use case checks).
struct Registrant(Ctx);

impl Registrant {
    async fn of(s: &AppState, parts: &Parts, client_id: &str) -> Result<(Registrant, Option<ClientView>), Response> {
        let Client(ctx) = Client::from_request_parts(&mut parts.clone(), s).await?;
        let token = bearer_token(parts).ok_or_else(unauthorised)?;
        match s.services.registered_client(&ctx, client_id, &token).await.map_err(refusal)? {
            Some((view, owner)) => Ok((Registrant(owner), Some(view))),
            None => match s.services.authenticate_token(&token).await {
                Ok(actor) => Ok((Registrant(Ctx { actor: Some(actor), ..ctx }), None)),
                Err(_) => Err(unauthorised()),
            },
        }
    }

    /// The client, if the caller may see it and it is still active: a registration token of a
    /// client that is gone answers 401 (RFC 7592 §2); a user who may not see it, or asks for one
    /// that is gone, gets 404 without telling which.
    async fn client(&self, s: &AppState, client_id: &str, known: Option<ClientView>) -> Result<ClientView, Response> {
        let by_token = known.is_some();
        let view = match known {
            Some(v) => Some(v),
            None => match s.services.client(&self.0, client_id).await {
                Ok(v) => Some(v),
                Err(ServiceError::Business(_)) => None,
                Err(e) => return Err(refusal(e)),
            },
        };
        match view {
            Some(v) if ClientStatus::parse(&v.client.status) == Some(ClientStatus::Active) => Ok(v),
            _ if by_token => Err(unauthorised()),
            _ => Err(not_found()),
        }
    }
}

/// Read a client's registration (RFC 7592 §2.1).
#[utoipa::path(get, path = "/v1/pms/oidc/register/{client_id}", tag = TAG, params(("client_id" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ClientInformation), (status = 401, description = "`invalid_token`")))]
pub async fn read(State(s): State<AppState>, Path(id): Path<String>, parts: Parts) -> Response {
    let (who, known) = match Registrant::of(&s, &parts, &id).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    match who.client(&s, &id, known).await {
        Ok(view) => Json(information(view, None)).into_response(),
        Err(r) => r,
    }
}

/// Replace a client's metadata (RFC 7592 §2.2); claims and ACRs stay as registered.
#[utoipa::path(put, path = "/v1/pms/oidc/register/{client_id}", tag = TAG, params(("client_id" = String, Path)),
    request_body = ClientMetadata,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ClientInformation), (status = 400, body = RegistrationError),
        (status = 401, description = "`invalid_token`")))]
pub async fn update(
    State(s): State<AppState>,
    Path(id): Path<String>,
    parts: Parts,
    Json(m): Json<ClientMetadata>,
) -> Response {
    let (who, known) = match Registrant::of(&s, &parts, &id).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let current = match who.client(&s, &id, known).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut langs = current.name_langs().unwrap_or_default();
    if let Some(name) = &m.client_name {
        let lang = who.0.actor.as_ref().map(|a| a.lang_code.clone()).unwrap_or_else(|| "eng".into());
        langs.insert(lang, name.clone());
    }
    let change = ClientUpdate {
        client_name: m.client_name,
        logo_uri: m.logo_uri,
        redirect_uris: m.redirect_uris,
        status: Some(ClientStatus::Active.as_str().into()),
        grant_types: m.grant_types,
        client_auth_methods: m.token_endpoint_auth_method.map(|a| vec![a]),
        name_langs: Some(langs),
    };
    let api = ClientApi::parse(&current.client.api);
    match s.services.update_client(&who.0, api, &id, &change).await {
        Ok(view) => Json(information(view, None)).into_response(),
        Err(e) => refusal(e),
    }
}

/// Delete a client (RFC 7592 §2.3): it is deactivated for good, in eSignet too, and its
/// registration token stops working.
#[utoipa::path(delete, path = "/v1/pms/oidc/register/{client_id}", tag = TAG, params(("client_id" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 204, description = "Deleted"), (status = 401, description = "`invalid_token`")))]
pub async fn delete(State(s): State<AppState>, Path(id): Path<String>, parts: Parts) -> Response {
    let (who, known) = match Registrant::of(&s, &parts, &id).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let current = match who.client(&s, &id, known).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let c = &current.client;
    let change = ClientUpdate {
        client_name: Some(c.name.clone()),
        logo_uri: Some(c.logo_uri.clone()),
        redirect_uris: Some(ClientView::list(&c.redirect_uris)),
        status: Some(ClientStatus::Inactive.as_str().into()),
        grant_types: Some(ClientView::list(&c.grant_types)),
        client_auth_methods: Some(ClientView::list(&c.auth_methods)),
        name_langs: current.name_langs(),
    };
    match s.services.update_client(&who.0, ClientApi::parse(&c.api), &id, &change).await {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => refusal(e),
    }
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InitialTokenRequest {
    /// An approved, active authentication partner.
    #[schema(example = "bank-1")]
    pub partner_id: Option<String>,
    /// 1–90 days; 7 when left out.
    #[schema(example = 7)]
    pub validity_days: Option<u32>,
}

impl V2Request for InitialTokenRequest {
    const ID: &'static str = "mosip.pms.oidc.initialtoken.create";
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InitialTokenItem {
    pub id: String,
    /// Shown only now: the partner's tooling sends it as the bearer token of one
    /// `POST /v1/pms/oidc/register`.
    pub token: String,
    pub partner_id: String,
    pub expires_at: String,
}

/// Issue an initial access token (RFC 7591 §3): it lets one partner's tooling register one client
/// without a user's token, until it is used or expires.
#[utoipa::path(post, path = "/v1/pms/oidc/initial-access-tokens", tag = TAG,
    request_body(content = RequestWrapperV2<InitialTokenRequest>, description = "id `mosip.pms.oidc.initialtoken.create`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The token, or errors PMS_COR_001, PMS_PRT_058, PMS_PRT_059, PMS_PMP_016", body = ResponseWrapperV2<InitialTokenItem>),
        (status = 403, description = "Partner Admin only")))]
pub async fn issue_initial_token(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: V2Json<InitialTokenRequest>,
) -> Response {
    let V2Json { request, reply } = body;
    let issued = s.services.issue_initial_token(&ctx, request.partner_id.as_deref(), request.validity_days).await;
    reply.result(issued.map(|t| InitialTokenItem {
        id: t.id,
        token: t.token,
        partner_id: t.partner_id,
        expires_at: super::time(t.expires_at),
    }))
}
