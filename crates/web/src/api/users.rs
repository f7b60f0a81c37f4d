//! Terms consent, UI configuration and roles (MOSIP `UserController` / `RoleController`).

use super::envelope::{Reply, ResponseWrapper, ResponseWrapperV2};
use super::extract::Caller;
use super::time;
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use pms_service::view::Consent;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const TAG: &str = "Users";

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_consent, give_consent))
        .routes(routes!(system_config))
        .routes(routes!(roles))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConsentResponse {
    pub user_id: String,
    pub consent_given: bool,
    pub consent_given_date_time: Option<String>,
}

fn consent(user: &str, row: Option<Consent>) -> ConsentResponse {
    match row {
        Some(r) => ConsentResponse {
            user_id: user.to_string(),
            consent_given: r.consent_given == "YES",
            consent_given_date_time: Some(time(r.consent_given_dtimes)),
        },
        None => ConsentResponse { user_id: user.to_string(), consent_given: false, consent_given_date_time: None },
    }
}

/// Whether the caller accepted the terms and conditions.
#[utoipa::path(get, path = "/v1/partnermanager/users/user-consent", tag = TAG,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapperV2<ConsentResponse>)))]
pub async fn get_consent(State(s): State<AppState>, Caller(ctx): Caller) -> Response {
    let user = ctx.name().to_string();
    Reply::v2("mosip.pms.user.consent.get").result(s.services.consent(&ctx).await.map(|row| consent(&user, row)))
}

/// Record the caller's acceptance of the terms and conditions.
#[utoipa::path(post, path = "/v1/partnermanager/users/user-consent", tag = TAG,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapperV2<ConsentResponse>)))]
pub async fn give_consent(State(s): State<AppState>, Caller(ctx): Caller) -> Response {
    let user = ctx.name().to_string();
    Reply::v2("mosip.pms.user.consent.post")
        .result(s.services.give_consent(&ctx).await.map(|row| consent(&user, Some(row))))
}

/// Settings the MOSIP portal reads (all values are strings, as MOSIP sends them).
#[utoipa::path(get, path = "/v1/partnermanager/system-config", tag = TAG,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapperV2<BTreeMap<String, String>>)))]
pub async fn system_config(State(s): State<AppState>, Caller(_ctx): Caller) -> Response {
    let c = &s.services.config;
    let idle = c.session_idle_minutes.saturating_sub(5).max(1);
    let map: BTreeMap<String, String> = [
        ("grantTypes", c.oidc_grant_types.clone()),
        ("clientAuthMethods", c.oidc_client_auth_methods.clone()),
        ("inActivityTimer", idle.to_string()),
        ("inActivityPromptTimer", c.session_idle_minutes.saturating_sub(idle).to_string()),
        ("axiosTimeout", "3".to_string()),
        ("maxAllowedExpiryYear", "10".to_string()),
        ("maxAllowedCreatedYear", "10".to_string()),
        ("itemsPerPage", pms_domain::list::DEFAULT_PAGE_SIZE.to_string()),
        ("isCaSignedPartnerCertificateAvailable", "false".to_string()),
        ("isOidcClientAvailable", c.oidc_clients.to_string()),
        ("isRootIntermediateCertAvailable", "false".to_string()),
        ("partnerApprovalMode", c.partner_approval.as_str().to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    Reply::v2("mosip.pms.configs.get").ok(map)
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RolesResponse {
    pub roles: Vec<String>,
}

/// Roles the portal offers menus for.
#[utoipa::path(get, path = "/v1/partnermanager/roles", tag = TAG,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<RolesResponse>)))]
pub async fn roles(Caller(_ctx): Caller) -> Response {
    Reply::legacy("mosip.pms.roles.get")
        .ok(RolesResponse { roles: pms_domain::roles::UI_ROLES.iter().map(|r| r.to_string()).collect() })
}
