//! The REST API: MOSIP paths under `/v1/partnermanager` and `/v1/policymanager`, PMS's own under
//! `/v1/auth`, `/v1/pms` and `/v1/partnermanager/self-registration`.

pub mod access;
pub mod auth;
pub mod certificates;
pub mod clients;
pub mod dcr;
pub mod delivery;
pub mod devices;
pub mod envelope;
pub mod extract;
pub mod operations;
pub mod partners;
pub mod policies;
pub mod registration;
pub mod search;
pub mod users;

use crate::AppState;
use chrono::{DateTime, Utc};
use pms_domain::search::FilterValue;
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;

/// Timestamps as MOSIP writes them (`2025-01-01T10:00:00.000Z`).
pub fn time(t: DateTime<Utc>) -> String {
    pms_service::events::utc(t)
}

/// `FilterResponseCodeDto`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FilterResponse {
    pub filters: Vec<FilterValueItem>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FilterValueItem {
    #[serde(rename = "fieldID")]
    pub field_id: String,
    pub field_value: String,
    pub field_code: String,
}

pub fn filter_values(values: Vec<FilterValue>) -> FilterResponse {
    FilterResponse {
        filters: values
            .into_iter()
            .map(|v| FilterValueItem { field_id: v.field.to_string(), field_value: v.value, field_code: v.code })
            .collect(),
    }
}

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "Authorization",
                "The raw JWT, as set by POST /v1/auth/login",
            ))),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "PMS — Partner Management System",
        description = "MOSIP-compatible partner management. Business errors are answered with HTTP 200 and \
            an `errors` array (MOSIP's convention); authentication failures with 401 `KER-ATH-401`, missing \
            roles with 403 `KER-ATH-403`. Legacy endpoints use the `requesttime`/`responsetime` envelope, \
            revamp (V2) endpoints `requestTime`/`responseTime`.",
        license(name = "MPL-2.0")
    ),
    modifiers(&Security),
    tags(
        (name = "Authentication", description = "Tokens for API clients"),
        (name = "Policy groups", description = "Regulators or sectors that policies belong to"),
        (name = "Policies", description = "Auth, data-share, credential-issuance and MISP policies"),
        (name = "Self-registration", description = "Sign-up with e-mail verification"),
        (name = "Partners", description = "Partner registration, details and profile"),
        (name = "Partner administration", description = "The Partner Admin's decisions and lists"),
        (name = "Policy requests and API keys", description = "Partners ask for policies, the Partner Admin decides, partners hold API keys"),
        (name = "Users", description = "Terms consent, UI configuration, roles"),
        (name = "Certificates", description = "Trust store, partner certificates, platform CA and trust bundle"),
        (name = "Operations", description = "Audit trail and event outbox"),
        (name = "Events and deliveries", description = "Webhooks, the delivery log, replays, the built-in WebSub hub and notifications"),
        (name = "Devices and FTM chips", description = "Device providers' secure biometric interfaces and devices, FTM providers' chips and chip certificates, and the Partner Admin's approvals"),
        (name = "OIDC clients and MISP licences", description = "Authentication partners' OIDC clients of eSignet and MISP partners' licence keys"),
        (name = "System", description = "Health and documentation"),
    )
)]
struct ApiDoc;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(auth::routes())
        .merge(registration::routes())
        .merge(partners::routes())
        .merge(access::routes())
        .merge(users::routes())
        .merge(policies::routes())
        .merge(operations::routes())
        .merge(certificates::routes())
        .merge(delivery::routes())
        .merge(devices::routes())
        .merge(clients::routes())
        .merge(dcr::routes())
}
