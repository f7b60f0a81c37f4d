//! Login and logout for API clients, and MOSIP's token-validation endpoint.

use super::envelope::{Reply, ResponseWrapper};
use super::extract::{Caller, Client, PlainJson};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use pms_domain::{error, PmsError};
use pms_service::ServiceError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(login)).routes(routes!(logout)).routes(routes!(validate_token))
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"username": "admin", "password": "correct horse battery 42"}))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoginResponse {
    /// A signed JWT with `sub`, `preferred_username`, `email`, `realm_access.roles` and `exp`.
    pub token: String,
    /// Seconds until the token expires.
    #[schema(example = 3600)]
    pub expires_in: u64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LogoutResponse {
    pub message: String,
}

/// `Secure` is added when the portal is served over HTTPS.
pub fn auth_cookie(state: &AppState, value: &str, max_age: u64) -> HeaderValue {
    let secure = if state.services.config.public_url().starts_with("https://") { "; Secure" } else { "" };
    let cookie = format!("Authorization={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static("Authorization=; Path=/; Max-Age=0"))
}

/// Longest username a login may name.
pub const MAX_LOGIN_USERNAME: usize = 64;
/// Longest password a login may carry (hashing longer ones only costs the server).
pub const MAX_LOGIN_PASSWORD: usize = 1024;

/// Refuses oversized credentials before any lookup or hashing.
pub fn check_login_lengths(username: &str, password: &str) -> Result<(), PmsError> {
    if username.chars().count() > MAX_LOGIN_USERNAME {
        return Err(PmsError::invalid_field("username", &format!("size must be between 0 and {MAX_LOGIN_USERNAME}")));
    }
    if password.chars().count() > MAX_LOGIN_PASSWORD {
        return Err(PmsError::invalid_field("password", &format!("size must be between 0 and {MAX_LOGIN_PASSWORD}")));
    }
    Ok(())
}

/// Log in with a username and password. The token is returned in the body and set as the
/// `Authorization` cookie (raw JWT, as MOSIP clients send it). Unknown users and wrong passwords
/// get the same answer; repeated failures are rate-limited per username and per client address.
#[utoipa::path(
    post,
    path = "/v1/auth/login",
    tag = "Authentication",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = LoginResponse,
         headers(("Set-Cookie" = String, description = "Authorization=<jwt>; HttpOnly; SameSite=Lax"))),
        (status = 400, description = "Username over 64 or password over 1024 characters, or a NUL character (PMS_COR_001)", body = ResponseWrapper<serde_json::Value>),
        (status = 401, description = "Wrong credentials (PMS_AUTH_001)", body = ResponseWrapper<serde_json::Value>),
        (status = 403, description = "Passwords are turned off: log in through the identity provider (PMS_AUTH_003)", body = ResponseWrapper<serde_json::Value>),
        (status = 429, description = "Too many failures (PMS_AUTH_002)", body = ResponseWrapper<serde_json::Value>),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    Client(ctx): Client,
    PlainJson(req): PlainJson<LoginRequest>,
) -> Response {
    let reply = Reply::anonymous();
    if let Err(e) = check_login_lengths(&req.username, &req.password) {
        return reply.error_with_status(axum::http::StatusCode::BAD_REQUEST, e);
    }
    let actor = match state.services.check_credentials(&ctx, &req.username, &req.password).await {
        Ok(a) => a,
        Err(ServiceError::Unauthenticated) => {
            return reply.error_with_status(axum::http::StatusCode::UNAUTHORIZED, error::LOGIN_FAILED.err())
        }
        Err(ServiceError::Business(e)) if e.code == error::BUILTIN_LOGIN_OFF.code => {
            return reply.error_with_status(axum::http::StatusCode::FORBIDDEN, e)
        }
        Err(e) => return reply.error(e),
    };
    match state.services.issue_login_token(&ctx, &actor).await {
        Ok(t) => {
            let cookie = auth_cookie(&state, &t.token, t.expires_in);
            ([(header::SET_COOKIE, cookie)], axum::Json(LoginResponse { token: t.token, expires_in: t.expires_in }))
                .into_response()
        }
        Err(e) => reply.error(e),
    }
}

/// Revoke the caller's tokens (every token issued to this user so far stops working) and clear
/// the `Authorization` cookie. Without a valid token only the cookie is cleared.
#[utoipa::path(post, path = "/v1/auth/logout", tag = "Authentication",
    responses((status = 200, description = "Tokens revoked, cookie cleared", body = LogoutResponse)))]
pub async fn logout(
    State(state): State<AppState>,
    Client(mut ctx): Client,
    headers: axum::http::HeaderMap,
) -> Response {
    let token = super::extract::bearer_token_in(&headers);
    if let Some(actor) = match token {
        Some(t) => state.services.authenticate_token(&t).await.ok(),
        None => None,
    } {
        ctx.actor = Some(actor);
        if let Err(e) = state.services.logout(&ctx).await {
            return Reply::anonymous().error(e);
        }
    }
    ([(header::SET_COOKIE, auth_cookie(&state, "", 0))], axum::Json(LogoutResponse { message: "Logged out".into() }))
        .into_response()
}

/// MOSIP `MosipUserDto`, as the portal of MOSIP reads the current user.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserDto {
    pub user_id: String,
    pub mail: String,
    pub mobile: Option<String>,
    pub lang_code: String,
    pub name: String,
    /// Comma-separated role codes.
    pub role: String,
}

/// The user behind the token (MOSIP `authorize/admin/validateToken`).
#[utoipa::path(get, path = "/v1/partnermanager/authorize/admin/validateToken", tag = "Authentication",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, body = ResponseWrapper<UserDto>),
        (status = 401, description = "Missing, invalid or expired token (KER-ATH-401)", body = ResponseWrapper<serde_json::Value>),
    ))]
pub async fn validate_token(Caller(ctx): Caller) -> Response {
    let reply = Reply::legacy("mosip.pms.authorize.validatetoken");
    let Ok(actor) = ctx.actor() else { return reply.error(ServiceError::Unauthenticated) };
    let name =
        [actor.first_name.as_deref(), actor.last_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    reply.ok(UserDto {
        user_id: actor.username.clone(),
        mail: actor.email.clone(),
        mobile: None,
        lang_code: actor.lang_code.clone(),
        name: if name.is_empty() { actor.username.clone() } else { name },
        role: actor.roles.join(","),
    })
}
