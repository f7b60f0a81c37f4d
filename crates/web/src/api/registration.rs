//! Self-registration with e-mail verification (PMS's own endpoints; MOSIP delegates this to
//! Keycloak). No token needed; every step is rate-limited.

use super::envelope::{RequestWrapper, ResponseWrapper};
use super::extract::{Client, LegacyJson};
use super::partners::PartnerStatusResponse;
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use pms_service::registration::{CodeSent, SignUpInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const TAG: &str = "Self-registration";

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(start)).routes(routes!(verify)).routes(routes!(resend))
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "username": "bank-one", "organizationName": "Bank One", "partnerType": "Auth_Partner",
    "firstName": "Ana", "lastName": "Lopez", "emailId": "ana@bank-one.example",
    "contactNumber": "+33 1234 5678", "address": "1 Main Street, Capital", "langCode": "fra",
    "policyGroup": "Banking", "password": "correct horse battery 42", "termsAccepted": true
}))]
pub struct SignUpRequest {
    /// Becomes both the login name and the partner id: at most 36 characters, no spaces.
    pub username: Option<String>,
    pub organization_name: Option<String>,
    /// A self-registrable type: `Auth_Partner`, `Credential_Partner`, `Device_Provider`, `FTM_Provider`, …
    pub partner_type: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email_id: Option<String>,
    pub contact_number: Option<String>,
    pub address: Option<String>,
    /// `eng`, `fra` or `ara`: the language of e-mails and of the portal.
    pub lang_code: Option<String>,
    /// Policy group **name**, for partner types that need one.
    pub policy_group: Option<String>,
    /// At least 12 characters with a letter and a digit.
    pub password: Option<String>,
    pub terms_accepted: Option<bool>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CodeSentResponse {
    pub email_id: String,
    /// Seconds the code stays valid.
    pub otp_expires_in_seconds: u64,
    /// Seconds before another code may be requested.
    pub resend_after_seconds: u64,
}

impl From<CodeSent> for CodeSentResponse {
    fn from(c: CodeSent) -> Self {
        CodeSentResponse {
            email_id: c.email,
            otp_expires_in_seconds: c.expires_in,
            resend_after_seconds: c.resend_after,
        }
    }
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"emailId": "ana@bank-one.example", "otp": "123456"}))]
pub struct VerifyRequest {
    pub email_id: Option<String>,
    pub otp: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"emailId": "ana@bank-one.example"}))]
pub struct ResendRequest {
    pub email_id: Option<String>,
}

/// Start a registration: checks every field (MOSIP's partner rules, password strength, terms)
/// and e-mails a six-digit code valid 10 minutes. Registering an unverified address again
/// replaces the earlier attempt; a verified one gets MOSIP's duplicate errors.
#[utoipa::path(post, path = "/v1/partnermanager/self-registration", tag = TAG,
    request_body = RequestWrapper<SignUpRequest>,
    responses(
        (status = 200, description = "Code sent, or errors PMS_COR_001, PMS_PRT_013, PMS_PRT_012, PMS_PRT_066, PMS_PRT_052, PMS_PRT_011, PMS_PRT_056, PMS_PRT_051, PMS_PRT_010, PMS_PRT_108, PMS_PRT_002, PMS_PMP_023, PMS_REG_001…004", body = ResponseWrapper<CodeSentResponse>),
        (status = 429, description = "PMS_REG_005 (per client address) or PMS_OTP_006 (per e-mail)", body = ResponseWrapper<serde_json::Value>),
    ))]
pub async fn start(State(s): State<AppState>, Client(ctx): Client, body: LegacyJson<SignUpRequest>) -> Response {
    let LegacyJson { request: r, reply } = body;
    let input = SignUpInput {
        username: r.username,
        organization_name: r.organization_name,
        partner_type: r.partner_type,
        first_name: r.first_name,
        last_name: r.last_name,
        email: r.email_id,
        contact_number: r.contact_number,
        address: r.address,
        lang_code: r.lang_code,
        policy_group: r.policy_group,
        password: r.password,
        password_confirm: None,
        terms_accepted: r.terms_accepted.unwrap_or(false),
    };
    reply.result(s.services.start_registration(&ctx, input).await.map(CodeSentResponse::from))
}

/// Verify the e-mailed code: creates the login user and the partner (waiting for approval).
/// At most 5 wrong codes; then a new code must be requested.
#[utoipa::path(post, path = "/v1/partnermanager/self-registration/verify", tag = TAG,
    request_body = RequestWrapper<VerifyRequest>,
    responses((status = 200, description = "Registered, or errors PMS_OTP_001 (no pending registration), PMS_OTP_002 (wrong code), PMS_OTP_003 (expired), PMS_OTP_004 (too many attempts), PMS_PRT_011, PMS_PRT_051", body = ResponseWrapper<PartnerStatusResponse>)))]
pub async fn verify(State(s): State<AppState>, Client(ctx): Client, body: LegacyJson<VerifyRequest>) -> Response {
    let r = &body.request;
    body.reply.result(
        s.services
            .verify_registration(&ctx, r.email_id.as_deref(), r.otp.as_deref())
            .await
            .map(|p| PartnerStatusResponse { partner_id: p.id, status: p.approval_status }),
    )
}

/// Send a new code (the previous one stops working), after a cooldown and within an hourly limit.
#[utoipa::path(post, path = "/v1/partnermanager/self-registration/resend", tag = TAG,
    request_body = RequestWrapper<ResendRequest>,
    responses(
        (status = 200, description = "Code sent, or errors PMS_OTP_001, PMS_PRT_012", body = ResponseWrapper<CodeSentResponse>),
        (status = 429, description = "PMS_OTP_005 (cooldown) or PMS_OTP_006 (hourly limit)", body = ResponseWrapper<serde_json::Value>),
    ))]
pub async fn resend(State(s): State<AppState>, Client(ctx): Client, body: LegacyJson<ResendRequest>) -> Response {
    body.reply.result(
        s.services.resend_registration_code(&ctx, body.request.email_id.as_deref()).await.map(CodeSentResponse::from),
    )
}
