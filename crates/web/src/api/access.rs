//! Policy requests and API keys (MOSIP §4.1–4.4): legacy and revamp endpoints under
//! `/v1/partnermanager`, and PMS's own key rotation and verification under `/v1/pms/api-keys`.
//! Paths that carry a key value are logged with the value masked (see `edge::loggable_path`).

use super::envelope::{
    MessageResponse, PageResponse, PageResponseV2, Reply, RequestWrapper, RequestWrapperV2, ResponseWrapper,
    ResponseWrapperV2,
};
use super::extract::{Caller, LegacyJson, V2Json, V2Request};
use super::search::{FilterValueDto, SearchDto};
use super::{filter_values, time, FilterResponse};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use pms_domain::list::ListParams;
use pms_service::access::{ExtractorInput, IssuedKey, KeyQuery, KeyView, RequestQuery, RequestView};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const TAG: &str = "Policy requests and API keys";

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_policy))
        .routes(routes!(decide_legacy))
        .routes(routes!(list_requests))
        .routes(routes!(get_request, decide))
        .routes(routes!(partner_key_requests))
        .routes(routes!(legacy_all_requests))
        .routes(routes!(legacy_request))
        .routes(routes!(admin_key_binding))
        .routes(routes!(generate_key))
        .routes(routes!(key_status))
        .routes(routes!(remap_key))
        .routes(routes!(list_keys))
        .routes(routes!(search_requests))
        .routes(routes!(request_filter_values))
        .routes(routes!(search_keys))
        .routes(routes!(set_extractors, get_extractors))
        .routes(routes!(map_credential_type))
        .routes(routes!(credential_type_policy))
        .routes(routes!(rotate_key))
        .routes(routes!(verify_key))
}

// ------------------------------------------------------------------ wire

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicyMapRequest {
    /// An active policy of the partner's policy group.
    #[schema(example = "Full KYC")]
    pub policy_name: Option<String>,
    /// What the partner will use the policy for (≤ 4000 characters).
    #[schema(example = "e-KYC when customers open an account")]
    pub use_case_description: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PolicyMapResponse {
    /// The request's id.
    pub mappingkey: String,
    pub message: String,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DecisionRequest {
    /// `Approved` or `Rejected`.
    #[schema(example = "Rejected")]
    pub status: Option<String>,
    /// Why, shown to the partner (rejections; PMS's addition).
    #[schema(example = "The use case needs a data-share policy instead.")]
    pub reason: Option<String>,
}

impl V2Request for DecisionRequest {
    const ID: &'static str = "mosip.pms.policy.request.decide";
}

/// A policy request as the revamp lists show it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RequestItem {
    pub id: String,
    pub partner_id: String,
    pub partner_type: Option<String>,
    /// `activated`, `deactivated`, `InProgress` or `rejected`.
    pub partner_status: Option<String>,
    pub org_name: Option<String>,
    pub policy_id: String,
    pub policy_name: Option<String>,
    pub policy_description: Option<String>,
    pub policy_group_id: Option<String>,
    pub policy_group_name: Option<String>,
    pub policy_group_description: Option<String>,
    pub partner_comment: String,
    /// `InProgress`, `approved` or `rejected`.
    pub status: String,
    /// The Partner Admin's reason for a rejection.
    pub reject_reason: Option<String>,
    pub created_date_time: String,
    pub updated_date_time: Option<String>,
}

impl From<RequestView> for RequestItem {
    fn from(v: RequestView) -> Self {
        let partner_status = v.partner_status().map(|s| match s.as_str() {
            "approved" => "activated".to_string(),
            other => other.to_string(),
        });
        let r = v.request;
        RequestItem {
            id: r.id,
            partner_id: r.part_id,
            partner_type: v.partner.as_ref().map(|p| p.partner_type_code.clone()),
            partner_status,
            org_name: v.partner.map(|p| p.name),
            policy_id: r.policy_id,
            policy_name: v.policy.as_ref().map(|p| p.name.clone()),
            policy_description: v.policy.map(|p| p.descr),
            policy_group_id: v.group.as_ref().map(|g| g.id.clone()),
            policy_group_name: v.group.as_ref().map(|g| g.name.clone()),
            policy_group_description: v.group.map(|g| g.descr),
            partner_comment: r.request_detail,
            status: r.status_code,
            reject_reason: r.reject_reason,
            created_date_time: time(r.cr_dtimes),
            updated_date_time: r.upd_dtimes.map(time),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct RequestListParams {
    pub partner_id: Option<String>,
    pub partner_type: Option<String>,
    pub org_name: Option<String>,
    pub policy_id: Option<String>,
    pub policy_name: Option<String>,
    pub policy_group_name: Option<String>,
    pub partner_comment: Option<String>,
    /// `InProgress`, `approved` or `rejected`.
    pub status: Option<String>,
    /// `partnerId`, `partnerType`, `orgName`, `policyId`, `policyGroupName`, `policyName`,
    /// `status`, `requestDetail`, `createdDateTime`.
    pub sort_field_name: Option<String>,
    pub sort_type: Option<String>,
    pub page_no: Option<String>,
    pub page_size: Option<String>,
}

/// `GET /partners/{partnerId}/apikey/request` item.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct KeyRequestItem {
    #[serde(rename = "apiKeyReqID")]
    pub api_key_req_id: String,
    pub api_key_request_status: String,
    /// The public id of the active key the request led to (the key itself is never shown again).
    pub partner_api_key: Option<String>,
    pub validity_till: Option<String>,
    pub apikey_status: Option<String>,
}

/// Legacy `ApikeyRequests` item.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LegacyRequestItem {
    #[serde(rename = "partnerID")]
    pub partner_id: String,
    pub status: String,
    pub organization_name: Option<String>,
    pub policy_id: String,
    pub policy_desc: String,
    pub api_key_req_no: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LegacyRequests {
    pub apikey_requests: Vec<LegacyRequestItem>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct KeyBinding {
    #[serde(rename = "partnerID")]
    pub partner_id: String,
    pub policy_id: String,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GenerateKeyRequest {
    #[schema(example = "Full KYC")]
    pub policy_name: Option<String>,
    /// Unique per partner and policy, ≤ 36 characters.
    #[schema(example = "production")]
    pub label: Option<String>,
}

/// The key, shown this once.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GeneratedKey {
    pub api_key: String,
    /// The key's public id, which lists and logs show.
    pub key_id: String,
    pub label: String,
    pub policy_id: String,
    pub partner_id: String,
    pub valid_to: Option<String>,
}

impl From<IssuedKey> for GeneratedKey {
    fn from(k: IssuedKey) -> Self {
        let key = k.view.key;
        GeneratedKey {
            api_key: k.value,
            key_id: key.policy_api_key,
            label: key.label,
            policy_id: key.policy_id,
            partner_id: key.part_id,
            valid_to: key.valid_to_datetime.map(time),
        }
    }
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct KeyStatusRequest {
    pub label: Option<String>,
    /// `Active` or `De-active`.
    pub status: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct RemapRequest {
    #[serde(rename = "oldPolicyID")]
    pub old_policy_id: Option<String>,
    #[serde(rename = "newPolicyID")]
    pub new_policy_id: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct KeyListParams {
    pub partner_id: Option<String>,
    pub api_key_label: Option<String>,
    pub org_name: Option<String>,
    pub policy_name: Option<String>,
    pub policy_group_name: Option<String>,
    /// `activated` or `deactivated`.
    pub status: Option<String>,
    /// `partnerId`, `apiKeyLabel`, `orgName`, `policyName`, `policyGroupName`, `status`,
    /// `createdDateTime`.
    pub sort_field_name: Option<String>,
    pub sort_type: Option<String>,
    pub page_no: Option<String>,
    pub page_size: Option<String>,
}

/// A key as lists show it: never its value.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct KeyItem {
    pub key_id: String,
    pub partner_id: String,
    pub api_key_label: String,
    pub org_name: Option<String>,
    pub policy_id: String,
    pub policy_name: Option<String>,
    pub policy_description: Option<String>,
    pub policy_group_id: Option<String>,
    pub policy_group_name: Option<String>,
    pub policy_group_description: Option<String>,
    /// `activated` or `deactivated`, as MOSIP.
    pub status: String,
    /// `active`, `expiring`, `expired` or `revoked`.
    pub state: String,
    pub valid_from: String,
    pub valid_to: Option<String>,
    /// The key that replaced this one on a rotation.
    pub replaced_by: Option<String>,
    pub created_date_time: String,
}

impl From<KeyView> for KeyItem {
    fn from(v: KeyView) -> Self {
        let k = v.key;
        KeyItem {
            key_id: k.policy_api_key,
            partner_id: k.part_id,
            api_key_label: k.label,
            org_name: v.partner.map(|p| p.name),
            policy_id: k.policy_id,
            policy_name: v.policy.as_ref().map(|p| p.name.clone()),
            policy_description: v.policy.map(|p| p.descr),
            policy_group_id: v.group.as_ref().map(|g| g.id.clone()),
            policy_group_name: v.group.as_ref().map(|g| g.name.clone()),
            policy_group_description: v.group.map(|g| g.descr),
            status: if k.is_active { "activated" } else { "deactivated" }.into(),
            state: v.state.as_str().into(),
            valid_from: time(k.valid_from_datetime),
            valid_to: k.valid_to_datetime.map(time),
            replaced_by: k.replaced_by,
            created_date_time: time(k.cr_dtimes),
        }
    }
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RotateRequest {
    /// The new key's label (unique per partner and policy).
    #[schema(example = "production-2027")]
    pub label: Option<String>,
    /// Until when the old key stays valid (default: a week); never later than its own end.
    #[schema(example = "2027-01-31T00:00:00Z")]
    pub old_key_valid_until: Option<DateTime<Utc>>,
}

impl V2Request for RotateRequest {
    const ID: &'static str = "mosip.pms.apikey.rotate";
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VerifyRequest {
    /// The key a partner presented.
    pub api_key: Option<String>,
}

impl V2Request for VerifyRequest {
    const ID: &'static str = "mosip.pms.apikey.verify";
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct KeyCheckResponse {
    /// Accept the key: it is active and so are its partner and policy.
    pub valid: bool,
    pub key_id: String,
    pub partner_id: String,
    pub policy_id: String,
    /// `active`, `expiring`, `expired` or `revoked`.
    pub state: String,
    pub valid_to: Option<String>,
}

/// Legacy search item of a policy request (MOSIP #23).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RequestSearchItem {
    pub apikey_request_id: String,
    pub partner_id: String,
    pub partner_name: Option<String>,
    pub policy_id: String,
    pub policy_name: Option<String>,
    pub request_datetimes: String,
    pub request_detail: String,
    pub status_code: String,
    pub cr_by: String,
    pub cr_dtimes: String,
    pub upd_by: Option<String>,
    pub upd_dtimes: Option<String>,
    pub is_deleted: bool,
    pub del_dtimes: Option<String>,
}

impl From<RequestView> for RequestSearchItem {
    fn from(v: RequestView) -> Self {
        let r = v.request;
        RequestSearchItem {
            apikey_request_id: r.id,
            partner_id: r.part_id,
            partner_name: v.partner.map(|p| p.name),
            policy_id: r.policy_id,
            policy_name: v.policy.map(|p| p.name),
            request_datetimes: time(r.request_datetimes),
            request_detail: r.request_detail,
            status_code: r.status_code,
            cr_by: r.cr_by,
            cr_dtimes: time(r.cr_dtimes),
            upd_by: r.upd_by,
            upd_dtimes: r.upd_dtimes.map(time),
            is_deleted: false,
            del_dtimes: None,
        }
    }
}

/// Legacy search item of a key (MOSIP #24): the key value is not part of it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct KeySearchItem {
    pub label: String,
    pub partner_id: String,
    pub partner_name: Option<String>,
    pub policy_id: String,
    pub valid_from_datetime: String,
    pub valid_to_datetime: Option<String>,
    pub is_active: bool,
    pub is_deleted: bool,
    pub cr_by: String,
    pub cr_dtimes: String,
    pub upd_by: Option<String>,
    pub upd_dtimes: Option<String>,
    pub del_dtimes: Option<String>,
}

impl From<KeyView> for KeySearchItem {
    fn from(v: KeyView) -> Self {
        let k = v.key;
        KeySearchItem {
            label: k.label,
            partner_id: k.part_id,
            partner_name: v.partner.map(|p| p.name),
            policy_id: k.policy_id,
            valid_from_datetime: time(k.valid_from_datetime),
            valid_to_datetime: k.valid_to_datetime.map(time),
            is_active: k.is_active,
            is_deleted: false,
            cr_by: k.cr_by,
            cr_dtimes: time(k.cr_dtimes),
            upd_by: k.upd_by,
            upd_dtimes: k.upd_dtimes.map(time),
            del_dtimes: None,
        }
    }
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct ExtractorsBody {
    pub extractors: Option<Vec<ExtractorItem>>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExtractorItem {
    #[schema(example = "photo")]
    pub attribute_name: Option<String>,
    /// `face`, `iris` or `finger[Left Thumb,Right Thumb]`.
    #[schema(example = "face")]
    pub biometric: Option<String>,
    pub extractor: Option<ExtractorProvider>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct ExtractorProvider {
    #[schema(example = "mock")]
    pub provider: Option<String>,
    #[schema(example = "1.1")]
    pub version: Option<String>,
}

/// The policy bound to a credential type (MOSIP #15).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CredentialTypePolicy {
    pub partner_id: String,
    pub credential_type: String,
    pub policy_id: String,
    pub policy_name: String,
    pub policy_desc: String,
    pub policy_type: String,
    pub publish_date: String,
    pub valid_till: String,
    /// `PUBLISHED` or `DRAFTED`.
    pub status: String,
    pub version: String,
    pub schema: Option<String>,
    #[serde(rename = "is_Active")]
    pub is_active: bool,
    #[serde(rename = "cr_by")]
    pub cr_by: String,
    #[serde(rename = "cr_dtimes")]
    pub cr_dtimes: String,
    #[serde(rename = "up_by")]
    pub up_by: Option<String>,
    #[serde(rename = "upd_dtimes")]
    pub upd_dtimes: Option<String>,
    #[schema(value_type = Object)]
    pub policies: serde_json::Value,
}

fn list_params(
    sort_field_name: Option<String>,
    sort_type: Option<String>,
    page_no: Option<String>,
    page_size: Option<String>,
) -> ListParams {
    ListParams { sort_field_name, sort_type, page_no, page_size, ..ListParams::default() }
}

// ------------------------------------------------------------------ policy requests

/// Ask for a policy of the partner's group. The partner must be approved; a request waiting or
/// approved for the same policy blocks another.
#[utoipa::path(post, path = "/v1/partnermanager/partners/{partnerId}/policy/map", tag = TAG,
    params(("partnerId" = String, Path)),
    request_body = RequestWrapper<PolicyMapRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The request's id, or errors PMS_COR_001, PMS_PRT_005, PMS_PRT_055, PMS_PMP_016, PMS_PRT_047, PMS_PRT_073, PMS_PRT_098, PMS_PMP_019, PMS_PMP_018, PMS_PMP_023, PMS_PRT_053, PMS_PRT_060", body = ResponseWrapper<PolicyMapResponse>)))]
pub async fn request_policy(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(partner_id): Path<String>,
    body: LegacyJson<PolicyMapRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services
            .request_policy(&ctx, &partner_id, request.policy_name.as_deref(), request.use_case_description.as_deref())
            .await
            .map(|r| PolicyMapResponse {
                mappingkey: r.id,
                message: "Policy mapping request submitted successfully.".into(),
            }),
    )
}

/// Approve or reject a policy request (MOSIP's path). A deactivated partner's request, or one
/// for a policy no longer active, cannot be approved.
#[utoipa::path(put, path = "/v1/partnermanager/partners/policy/{mappingkey}", tag = TAG,
    params(("mappingkey" = String, Path, description = "The request's id")),
    request_body = RequestWrapper<DecisionRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A message, or errors PMS_COR_001, PMS_PMP_007, PMS_PM_034, PMS_PM_035, PMS_PM_045, PMS_PMP_016, PMS_PMP_019, PMS_PMP_018, PMS_PMP_023", body = ResponseWrapper<String>)))]
pub async fn decide_legacy(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: LegacyJson<DecisionRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services.decide_policy_request(&ctx, &id, request.status.as_deref(), request.reason.as_deref()).await.map(
            |v| match v.status() {
                Some(pms_domain::access::RequestStatus::Rejected) => "Policy mapping rejected successfully",
                _ => "Policy mapping approved successfully",
            },
        ),
    )
}

/// Approve or reject a policy request (revamp envelope); answers the request as it now is.
#[utoipa::path(patch, path = "/v1/partnermanager/partner-policy-requests/{id}", tag = TAG,
    params(("id" = String, Path)),
    request_body(content = RequestWrapperV2<DecisionRequest>, description = "id `mosip.pms.policy.request.decide`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The request, or errors as the legacy decision", body = ResponseWrapperV2<RequestItem>)))]
pub async fn decide(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: V2Json<DecisionRequest>,
) -> Response {
    let V2Json { request, reply } = body;
    reply.result(
        s.services
            .decide_policy_request(&ctx, &id, request.status.as_deref(), request.reason.as_deref())
            .await
            .map(RequestItem::from),
    )
}

/// One policy request (non-admins: only their partners').
#[utoipa::path(get, path = "/v1/partnermanager/partner-policy-requests/{id}", tag = TAG,
    params(("id" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The request, or error PMS_PMP_007", body = ResponseWrapperV2<RequestItem>)))]
pub async fn get_request(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    Reply::v2("mosip.pms.policy.request.get").result(s.services.policy_request(&ctx, &id).await.map(RequestItem::from))
}

/// Policy requests, filtered, sorted and paged; non-admins see their own partners' only.
#[utoipa::path(get, path = "/v1/partnermanager/partner-policy-requests", tag = TAG, params(RequestListParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS_CERTIFICATE_ERROR_002, PMS_PS_ERROR_006/007/008, PMS_PRT_357/358/360/361", body = ResponseWrapperV2<PageResponseV2<RequestItem>>)))]
pub async fn list_requests(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Query(q): Query<RequestListParams>,
) -> Response {
    let params = list_params(q.sort_field_name, q.sort_type, q.page_no, q.page_size);
    let query = RequestQuery {
        partner_id: q.partner_id,
        partner_type: q.partner_type,
        org_name: q.org_name,
        policy_id: q.policy_id,
        policy_name: q.policy_name,
        policy_group_name: q.policy_group_name,
        partner_comment: q.partner_comment,
        status: q.status,
    };
    Reply::v2("mosip.pms.partner.policy.requests.get").result(
        s.services.policy_requests(&ctx, &query, &params).await.map(|page| {
            PageResponseV2::new(
                page.page_no,
                page.page_size,
                page.total,
                page.items.into_iter().map(RequestItem::from).collect(),
            )
        }),
    )
}

/// A partner's policy requests with the key each led to (MOSIP #10).
#[utoipa::path(get, path = "/v1/partnermanager/partners/{partnerId}/apikey/request", tag = TAG,
    params(("partnerId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or errors PMS_PRT_005, PMS_PRT_006", body = ResponseWrapper<Vec<KeyRequestItem>>)))]
pub async fn partner_key_requests(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(partner_id): Path<String>,
) -> Response {
    Reply::legacy("mosip.partnermanagement.partners.apikey.request").result(
        s.services.partner_key_requests(&ctx, &partner_id).await.map(|rows| {
            rows.into_iter()
                .map(|(r, key)| KeyRequestItem {
                    api_key_req_id: r.request.id,
                    api_key_request_status: r.request.status_code,
                    partner_api_key: key.as_ref().map(|k| k.key.policy_api_key.clone()),
                    validity_till: key.as_ref().and_then(|k| k.key.valid_to_datetime).map(time),
                    apikey_status: key.map(|k| if k.key.is_active { "ACTIVE" } else { "DEACTIVE" }.into()),
                })
                .collect::<Vec<_>>()
        }),
    )
}

fn legacy_item(r: RequestView) -> LegacyRequestItem {
    LegacyRequestItem {
        organization_name: r.partner.map(|p| p.name),
        partner_id: r.request.part_id,
        status: r.request.status_code,
        policy_id: r.request.policy_id,
        policy_desc: r.request.request_detail,
        api_key_req_no: r.request.id,
    }
}

/// Every policy request (MOSIP #29, deprecated).
#[utoipa::path(get, path = "/v1/partnermanager/partners/apikey", tag = TAG,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or error PMS_PMP_015", body = ResponseWrapper<LegacyRequests>)))]
pub async fn legacy_all_requests(State(s): State<AppState>, Caller(ctx): Caller) -> Response {
    Reply::legacy("mosip.partnermanagement.partners.apikey.get").result(
        s.services
            .legacy_requests(&ctx, None)
            .await
            .map(|rows| LegacyRequests { apikey_requests: rows.into_iter().map(legacy_item).collect() }),
    )
}

/// One policy request by its id (MOSIP #30: the path value is the request id, not a key).
#[utoipa::path(get, path = "/v1/partnermanager/partners/apikey/{apikey}", tag = TAG,
    params(("apikey" = String, Path, description = "The request's id")),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or error PMS_PMP_015", body = ResponseWrapper<LegacyRequestItem>)))]
pub async fn legacy_request(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    Reply::legacy("mosip.partnermanagement.partners.apikey.get").result(
        s.services.legacy_requests(&ctx, Some(&id)).await.and_then(|rows| {
            rows.into_iter()
                .next()
                .map(legacy_item)
                .ok_or_else(|| pms_domain::error::REQUESTS_NONE_FOR_GROUP.err().into())
        }),
    )
}

/// Search policy requests (legacy `SearchDto`; pseudo-columns `partnerName`, `apikeyRequestId`,
/// `policyName`), in SQL. Non-admins find their own partners' requests only.
#[utoipa::path(post, path = "/v1/partnermanager/partners/apikey/request/search", tag = TAG,
    request_body = RequestWrapper<SearchDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS-MSD-310…392", body = ResponseWrapper<PageResponse<RequestSearchItem>>)))]
pub async fn search_requests(State(s): State<AppState>, Caller(ctx): Caller, body: LegacyJson<SearchDto>) -> Response {
    let dto = &body.request;
    body.reply.result(
        s.services
            .search_policy_requests(&ctx, &dto.clone().into())
            .await
            .map(|page| PageResponse::of(dto, page, RequestSearchItem::from)),
    )
}

/// Distinct values of policy-request columns, for filter drop-downs.
#[utoipa::path(post, path = "/v1/partnermanager/partners/apikey/request/filtervalues", tag = TAG,
    request_body = RequestWrapper<FilterValueDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<FilterResponse>)))]
pub async fn request_filter_values(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<FilterValueDto>,
) -> Response {
    let dto = &body.request;
    body.reply.result(s.services.policy_request_filter_values(&ctx, &dto.clone().into()).await.map(filter_values))
}

/// Search API keys (legacy `SearchDto`; pseudo-columns `partnerName`, `policyName`); never their value.
#[utoipa::path(post, path = "/v1/partnermanager/partners/apikey/search", tag = TAG,
    request_body = RequestWrapper<SearchDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS-MSD-310…392", body = ResponseWrapper<PageResponse<KeySearchItem>>)))]
pub async fn search_keys(State(s): State<AppState>, Caller(ctx): Caller, body: LegacyJson<SearchDto>) -> Response {
    let dto = &body.request;
    body.reply.result(
        s.services
            .search_api_keys(&ctx, &dto.clone().into())
            .await
            .map(|page| PageResponse::of(dto, page, KeySearchItem::from)),
    )
}

// ------------------------------------------------------------------ credential partners

/// Set the biometric extractors of a policy request that waits for a decision (credential
/// partners need them before approval).
#[utoipa::path(post, path = "/v1/partnermanager/partners/{partnerId}/bioextractors/{policyId}", tag = TAG,
    params(("partnerId" = String, Path), ("policyId" = String, Path)),
    request_body = RequestWrapper<ExtractorsBody>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A message, or errors PMS_COR_001, PMS_PRT_005, PMS_PRT_055, PMS_PRT_061, PMS_PRT_062", body = ResponseWrapper<String>)))]
pub async fn set_extractors(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path((partner_id, policy_id)): Path<(String, String)>,
    body: LegacyJson<ExtractorsBody>,
) -> Response {
    let LegacyJson { request, reply } = body;
    let extractors: Vec<ExtractorInput> = request
        .extractors
        .unwrap_or_default()
        .into_iter()
        .map(|e| ExtractorInput {
            attribute_name: e.attribute_name,
            biometric: e.biometric,
            provider: e.extractor.as_ref().and_then(|x| x.provider.clone()),
            version: e.extractor.and_then(|x| x.version),
        })
        .collect();
    reply.result(
        s.services
            .set_bio_extractors(&ctx, &partner_id, &policy_id, &extractors)
            .await
            .map(|()| "Extractors added successfully."),
    )
}

/// The biometric extractors of a partner's policy.
#[utoipa::path(get, path = "/v1/partnermanager/partners/{partnerId}/bioextractors/{policyId}", tag = TAG,
    params(("partnerId" = String, Path), ("policyId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or errors PMS_PRT_005, PMS_PRT_055, PMS_PRT_064", body = ResponseWrapper<ExtractorsBody>)))]
pub async fn get_extractors(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path((partner_id, policy_id)): Path<(String, String)>,
) -> Response {
    Reply::legacy("mosip.pms.bioextractors.get").result(
        s.services.bio_extractors(&ctx, &partner_id, &policy_id).await.map(|rows| ExtractorsBody {
            extractors: Some(
                rows.into_iter()
                    .map(|e| ExtractorItem {
                        attribute_name: Some(e.attribute_name),
                        biometric: Some(e.biometric),
                        extractor: Some(ExtractorProvider { provider: Some(e.provider), version: e.version }),
                    })
                    .collect(),
            ),
        }),
    )
}

/// Bind a credential type of the partner to an active policy of its group.
#[utoipa::path(post, path = "/v1/partnermanager/partners/{partnerId}/credentialtype/{credentialType}/policies/{policyName}", tag = TAG,
    params(("partnerId" = String, Path), ("credentialType" = String, Path), ("policyName" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A message, or errors PMS_PRT_072, PMS_PRT_005, PMS_PRT_055, PMS_PMP_016, PMS_PRT_070, PMS_PRT_073, PMS_PRT_098, PMS_PMP_019, PMS_PMP_018, PMS_PMP_023", body = ResponseWrapper<String>)))]
pub async fn map_credential_type(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path((partner_id, credential_type, policy_name)): Path<(String, String, String)>,
) -> Response {
    Reply::legacy("mosip.pms.credentialtype.policies.post").result(
        s.services
            .map_credential_type(&ctx, &partner_id, &credential_type, &policy_name)
            .await
            .map(|()| "Partner, policy and credentialType mapping done successfully."),
    )
}

/// The policy the credential service applies to a credential type of this partner.
#[utoipa::path(get, path = "/v1/partnermanager/partners/{partnerId}/credentialtype/{credentialType}/policies", tag = TAG,
    params(("partnerId" = String, Path), ("credentialType" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or errors PMS_PRT_005, PMS_PRT_055, PMS_PRT_064, PMS_PRT_071", body = ResponseWrapper<CredentialTypePolicy>)))]
pub async fn credential_type_policy(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path((partner_id, credential_type)): Path<(String, String)>,
) -> Response {
    Reply::legacy("mosip.pms.credentialtype.policies.get").result(
        s.services.credential_type_policy(&ctx, &partner_id, &credential_type).await.and_then(
            |(credential_type, p)| {
                let policies = serde_json::from_str(&p.policy_file_id).map_err(|_| {
                    pms_service::ServiceError::from(pms_domain::error::CREDENTIAL_POLICY_UNPARSABLE.err())
                })?;
                Ok(CredentialTypePolicy {
                    partner_id: partner_id.clone(),
                    credential_type,
                    policy_id: p.id,
                    policy_name: p.name,
                    policy_desc: p.descr,
                    policy_type: p.policy_type,
                    publish_date: time(p.valid_from_date),
                    valid_till: time(p.valid_to_date),
                    status: if p.is_active { "PUBLISHED" } else { "DRAFTED" }.into(),
                    version: p.version,
                    schema: p.policy_schema,
                    is_active: p.is_active,
                    cr_by: p.cr_by,
                    cr_dtimes: time(p.cr_dtimes),
                    up_by: p.upd_by,
                    upd_dtimes: p.upd_dtimes.map(time),
                    policies,
                })
            },
        ),
    )
}

// ------------------------------------------------------------------ API keys

/// The policy a key binds (MOSIP #28). The key value in the path is never logged.
#[utoipa::path(get, path = "/v1/partnermanager/partners/{partnerId}/apikey/{apikey}", tag = TAG,
    params(("partnerId" = String, Path), ("apikey" = String, Path, description = "The key value")),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or error PMS_PMP_009", body = ResponseWrapper<KeyBinding>)))]
pub async fn admin_key_binding(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path((partner_id, value)): Path<(String, String)>,
) -> Response {
    Reply::legacy("mosip.partnermanagement.partners.apikey.get").result(
        s.services
            .admin_key_binding(&ctx, &partner_id, &value)
            .await
            .map(|(partner_id, policy_id)| KeyBinding { partner_id, policy_id }),
    )
}

/// Make an API key for an approved policy request. Only the partner itself may; the answer
/// holds the key this once — PMS keeps only its hash.
#[utoipa::path(patch, path = "/v1/partnermanager/partners/{partnerId}/generate/apikey", tag = TAG,
    params(("partnerId" = String, Path)),
    request_body = RequestWrapper<GenerateKeyRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The key, or errors PMS_COR_001, PMS_PRT_055, PMS_PMP_005, PMS_PMP_016, PMS_PMP_014, PMS_PRT_109, PMS_PRT_110", body = ResponseWrapper<GeneratedKey>)))]
pub async fn generate_key(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(partner_id): Path<String>,
    body: LegacyJson<GenerateKeyRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services
            .generate_api_key(&ctx, &partner_id, request.policy_name.as_deref(), request.label.as_deref())
            .await
            .map(GeneratedKey::from),
    )
}

/// Deactivate or re-activate a key by its label. Partners change only their own keys; an
/// expired key cannot be re-activated (`PMS_KEY_001`).
#[utoipa::path(patch, path = "/v1/partnermanager/partners/{partnerId}/policy/{policyId}/apiKey/status", tag = TAG,
    params(("partnerId" = String, Path), ("policyId" = String, Path)),
    request_body = RequestWrapper<KeyStatusRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A message, or errors PMS_COR_001, PMS_PRT_111, PMS_PRT_055, PMS_PMP_016, PMS_PMS_022, PMS_PM_058, PMS_KEY_001", body = ResponseWrapper<String>)))]
pub async fn key_status(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path((partner_id, policy_id)): Path<(String, String)>,
    body: LegacyJson<KeyStatusRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services
            .set_api_key_status(&ctx, &partner_id, &policy_id, request.label.as_deref(), request.status.as_deref())
            .await
            .map(|k| {
                if k.key.is_active {
                    "Partner apikey activated successfully."
                } else {
                    "Partner apikey de-activated successfully."
                }
            }),
    )
}

/// Bind a key to another policy of the partner's group (MOSIP #33).
#[utoipa::path(put, path = "/v1/partnermanager/partners/{partnerId}/apikey/{apikey}/policies", tag = TAG,
    params(("partnerId" = String, Path), ("apikey" = String, Path, description = "The key value")),
    request_body = RequestWrapper<RemapRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A message, or errors PMS_COR_001, PMS_PMP_50, PMS_PMS_022, PMS_PMP_014, PMS_PMP_019, PMS_PMP_023", body = ResponseWrapper<MessageResponse>)))]
pub async fn remap_key(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path((partner_id, value)): Path<(String, String)>,
    body: LegacyJson<RemapRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services
            .remap_api_key(
                &ctx,
                &partner_id,
                &value,
                request.old_policy_id.as_deref(),
                request.new_policy_id.as_deref(),
            )
            .await
            .map(|()| MessageResponse { message: "Given apikey updated with policy successfully. ".into() }),
    )
}

/// API keys, filtered, sorted and paged, with their state; never their value.
#[utoipa::path(get, path = "/v1/partnermanager/partner-api-keys", tag = TAG, params(KeyListParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS_CERTIFICATE_ERROR_002, PMS_PS_ERROR_006/007/008, PMS_PRT_357/358/360/361", body = ResponseWrapperV2<PageResponseV2<KeyItem>>)))]
pub async fn list_keys(State(s): State<AppState>, Caller(ctx): Caller, Query(q): Query<KeyListParams>) -> Response {
    let params = list_params(q.sort_field_name, q.sort_type, q.page_no, q.page_size);
    let query = KeyQuery {
        partner_id: q.partner_id,
        label: q.api_key_label,
        org_name: q.org_name,
        policy_name: q.policy_name,
        policy_group_name: q.policy_group_name,
        status: q.status,
    };
    Reply::v2("mosip.pms.partner.api.keys.get").result(s.services.api_keys(&ctx, &query, &params).await.map(|page| {
        PageResponseV2::new(
            page.page_no,
            page.page_size,
            page.total,
            page.items.into_iter().map(KeyItem::from).collect(),
        )
    }))
}

/// Replace a key: a new key for the same partner and policy, while the old one stays valid
/// until the given time (a week by default, never past its own end). Only the partner itself.
#[utoipa::path(post, path = "/v1/pms/api-keys/{keyId}/rotate", tag = TAG,
    params(("keyId" = String, Path, description = "The old key's public id")),
    request_body(content = RequestWrapperV2<RotateRequest>, description = "id `mosip.pms.apikey.rotate`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The new key, or errors PMS_COR_001, PMS_KEY_003, PMS_PRT_055, PMS_PRT_110, PMS_PMS_022, PMS_KEY_002", body = ResponseWrapperV2<GeneratedKey>)))]
pub async fn rotate_key(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(key_id): Path<String>,
    body: V2Json<RotateRequest>,
) -> Response {
    let V2Json { request, reply } = body;
    reply.result(
        s.services
            .rotate_api_key(&ctx, &key_id, request.label.as_deref(), request.old_key_valid_until)
            .await
            .map(GeneratedKey::from),
    )
}

/// Check a key a partner presented: for ID Authentication and other services that keep no copy
/// of PMS's keys.
#[utoipa::path(post, path = "/v1/pms/api-keys/verify", tag = TAG,
    request_body(content = RequestWrapperV2<VerifyRequest>, description = "id `mosip.pms.apikey.verify`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "What the key is, or errors PMS_COR_001, PMS_KEY_003", body = ResponseWrapperV2<KeyCheckResponse>)))]
pub async fn verify_key(State(s): State<AppState>, Caller(ctx): Caller, body: V2Json<VerifyRequest>) -> Response {
    let V2Json { request, reply } = body;
    reply.result(s.services.verify_api_key(&ctx, request.api_key.as_deref()).await.map(|c| KeyCheckResponse {
        valid: c.valid,
        key_id: c.key_id,
        partner_id: c.partner_id,
        policy_id: c.policy_id,
        state: c.state.as_str().into(),
        valid_to: c.valid_to.map(time),
    }))
}
