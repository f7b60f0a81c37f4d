//! MOSIP policy service (`/v1/policymanager`): policy groups and policies.

use super::envelope::{
    MessageResponse, PageResponse, PageResponseV2, Reply, RequestWrapper, RequestWrapperV2, ResponseWrapper,
    ResponseWrapperV2,
};
use super::extract::{Caller, LegacyJson, V2Json, V2Request};
use super::{filter_values, time, FilterResponse};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use pms_domain::list::{ListParams, SortRule};
use pms_domain::policy::PolicyState;
use pms_domain::search::{FilterValueDto, SearchDto};
use pms_service::policies::{GroupListQuery, PolicyInput, PolicyListQuery, PolicyView};
use pms_service::ServiceError;
use pms_store::entity::{auth_policy, auth_policy_h, policy_group};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const TAG_GROUPS: &str = "Policy groups";
const TAG_POLICIES: &str = "Policies";

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_group))
        .routes(routes!(update_group, deactivate_group, get_group))
        .routes(routes!(all_groups))
        .routes(routes!(search_groups))
        .routes(routes!(group_filter_values))
        .routes(routes!(active_groups))
        .routes(routes!(list_groups))
        .routes(routes!(create_policy, all_policies))
        .routes(routes!(update_policy, deactivate_policy, get_policy))
        .routes(routes!(publish_policy))
        .routes(routes!(legacy_policy_status))
        .routes(routes!(policy_for_partner))
        .routes(routes!(search_policies))
        .routes(routes!(policy_filter_values))
        .routes(routes!(active_policies_of_group))
        .routes(routes!(list_policies))
        .routes(routes!(config_value))
        .routes(routes!(clone_policy))
        .routes(routes!(policy_history))
}

// ------------------------------------------------------------------ wire types

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[schema(example = json!({"name": "Banking", "desc": "Banks regulated by the central bank"}))]
pub struct GroupCreateRequest {
    pub name: Option<String>,
    pub desc: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"name": "Banking", "desc": "Banks and payment institutions", "isActive": true}))]
pub struct GroupUpdateRequest {
    pub name: Option<String>,
    pub desc: Option<String>,
    /// Omitted means "unchanged".
    pub is_active: Option<bool>,
}

/// MOSIP `PolicyGroupCreateResponseDto`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct GroupResponse {
    pub id: String,
    pub name: String,
    pub desc: String,
    #[serde(rename = "is_Active")]
    pub is_active: bool,
    pub cr_by: String,
    pub cr_dtimes: String,
    pub up_by: Option<String>,
    pub upd_dtimes: Option<String>,
}

impl From<policy_group::Model> for GroupResponse {
    fn from(g: policy_group::Model) -> Self {
        GroupResponse {
            id: g.id,
            name: g.name,
            desc: g.descr,
            is_active: g.is_active,
            cr_by: g.cr_by,
            cr_dtimes: time(g.cr_dtimes),
            up_by: g.upd_by,
            upd_dtimes: g.upd_dtimes.map(time),
        }
    }
}

/// The PolicyGroup entity as MOSIP serialises it in searches and group reads.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupEntity {
    pub id: String,
    pub name: String,
    pub desc: String,
    pub is_active: bool,
    pub is_deleted: bool,
    pub user_id: String,
    pub cr_by: String,
    pub cr_dtimes: String,
    pub upd_by: Option<String>,
    pub upd_dtimes: Option<String>,
    pub del_dtimes: Option<String>,
}

impl From<policy_group::Model> for GroupEntity {
    fn from(g: policy_group::Model) -> Self {
        GroupEntity {
            id: g.id,
            name: g.name,
            desc: g.descr,
            is_active: g.is_active,
            is_deleted: g.is_deleted,
            user_id: g.user_id,
            cr_by: g.cr_by,
            cr_dtimes: time(g.cr_dtimes),
            upd_by: g.upd_by,
            upd_dtimes: g.upd_dtimes.map(time),
            del_dtimes: g.del_dtimes.map(time),
        }
    }
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "policyGroupName": "Banking", "policyType": "Auth", "name": "KYC for banks",
    "desc": "e-KYC with name and photo", "version": "1.0",
    "policies": {"authTokenType": "partner",
        "allowedAuthTypes": [{"authType": "otp", "authSubType": "", "mandatory": false}],
        "allowedKycAttributes": [{"attributeName": "fullName"}], "kycLanguages": ["eng"]}
}))]
pub struct PolicyCreateRequest {
    /// Optional client-chosen id; generated when absent.
    pub policy_id: Option<String>,
    pub policy_group_name: Option<String>,
    /// `Auth`, `DataShare`, `CredentialIssuance` or `MISP` (case-insensitive).
    pub policy_type: Option<String>,
    pub name: Option<String>,
    pub desc: Option<String>,
    pub version: Option<String>,
    /// The policy document; validated against the JSON Schema of its type.
    #[schema(value_type = Object)]
    pub policies: Option<Value>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicyUpdateRequest {
    pub policy_group_name: Option<String>,
    pub name: Option<String>,
    pub desc: Option<String>,
    pub version: Option<String>,
    #[schema(value_type = Object)]
    pub policies: Option<Value>,
}

/// MOSIP `PolicyCreateResponseDto`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicyCreateResponse {
    pub id: String,
    pub policy_group_name: String,
    pub name: String,
    pub desc: String,
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
}

impl From<PolicyView> for PolicyCreateResponse {
    fn from(v: PolicyView) -> Self {
        PolicyCreateResponse {
            id: v.policy.id,
            policy_group_name: v.group.name,
            name: v.policy.name,
            desc: v.policy.descr,
            is_active: v.policy.is_active,
            cr_by: v.policy.cr_by,
            cr_dtimes: time(v.policy.cr_dtimes),
            up_by: v.policy.upd_by,
            upd_dtimes: v.policy.upd_dtimes.map(time),
        }
    }
}

/// The stored policy document; text that no longer parses is MOSIP's `PMS_POL_052`.
fn document(text: &str) -> Result<Value, ServiceError> {
    serde_json::from_str(text).map_err(|_| pms_domain::error::POLICY_JSON_UNPARSABLE.err().into())
}

/// MOSIP `PolicyResponseDto`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicyResponse {
    pub policy_group_id: String,
    pub policy_group_name: String,
    pub policy_group_desc: String,
    pub policy_group_status: bool,
    #[serde(rename = "policyGroup_cr_by")]
    pub policy_group_cr_by: String,
    #[serde(rename = "policyGroup_cr_dtimes")]
    pub policy_group_cr_dtimes: String,
    #[serde(rename = "policyGroup_up_by")]
    pub policy_group_up_by: Option<String>,
    #[serde(rename = "policyGroup_upd_dtimes")]
    pub policy_group_upd_dtimes: Option<String>,
    #[serde(flatten)]
    pub policy: PolicyDto,
    pub policy_type: String,
}

/// MOSIP `PolicyDto` (a policy without its group).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicyDto {
    pub policy_id: String,
    pub policy_name: String,
    pub policy_desc: String,
    pub publish_date: String,
    pub valid_till: String,
    /// `PUBLISHED` or `DRAFTED` (from `is_Active`, as MOSIP computes it).
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
    pub policies: Value,
}

fn policy_dto(p: auth_policy::Model) -> Result<PolicyDto, ServiceError> {
    Ok(PolicyDto {
        status: PolicyState::legacy_status(p.is_active).to_string(),
        policies: document(&p.policy_file_id)?,
        policy_id: p.id,
        policy_name: p.name,
        policy_desc: p.descr,
        publish_date: time(p.valid_from_date),
        valid_till: time(p.valid_to_date),
        version: p.version,
        schema: p.policy_schema,
        is_active: p.is_active,
        cr_by: p.cr_by,
        cr_dtimes: time(p.cr_dtimes),
        up_by: p.upd_by,
        upd_dtimes: p.upd_dtimes.map(time),
    })
}

fn policy_dtos(list: Vec<auth_policy::Model>) -> Result<Vec<PolicyDto>, ServiceError> {
    list.into_iter().map(policy_dto).collect()
}

fn policy_response(v: PolicyView) -> Result<PolicyResponse, ServiceError> {
    Ok(PolicyResponse {
        policy_group_id: v.group.id,
        policy_group_name: v.group.name,
        policy_group_desc: v.group.descr,
        policy_group_status: v.group.is_active,
        policy_group_cr_by: v.group.cr_by,
        policy_group_cr_dtimes: time(v.group.cr_dtimes),
        policy_group_up_by: v.group.upd_by,
        policy_group_upd_dtimes: v.group.upd_dtimes.map(time),
        policy_type: v.policy.policy_type.clone(),
        policy: policy_dto(v.policy)?,
    })
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupWithPolicies {
    pub policy_group: GroupEntity,
    pub policies: Vec<PolicyDto>,
}

/// An item of `POST /policies/search` (the AuthPolicy entity with its group name).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicySearchItem {
    pub id: String,
    pub name: String,
    pub desc: String,
    pub is_active: bool,
    pub is_deleted: bool,
    /// The policy document as JSON text, as MOSIP stores it.
    pub policies: String,
    pub policy_type: String,
    pub version: String,
    pub schema: Option<String>,
    pub policy_group_id: String,
    pub policy_group_name: String,
    pub valid_from_date: String,
    pub valid_to_date: String,
    pub cr_by: String,
    pub cr_dtimes: String,
    pub upd_by: Option<String>,
    pub upd_dtimes: Option<String>,
    pub del_dtimes: Option<String>,
}

impl From<PolicyView> for PolicySearchItem {
    fn from(v: PolicyView) -> Self {
        let p = v.policy;
        PolicySearchItem {
            id: p.id,
            name: p.name,
            desc: p.descr,
            is_active: p.is_active,
            is_deleted: p.is_deleted,
            policies: p.policy_file_id,
            policy_type: p.policy_type,
            version: p.version,
            schema: p.policy_schema,
            policy_group_id: p.policy_group_id,
            policy_group_name: v.group.name,
            valid_from_date: time(p.valid_from_date),
            valid_to_date: time(p.valid_to_date),
            cr_by: p.cr_by,
            cr_dtimes: time(p.cr_dtimes),
            upd_by: p.upd_by,
            upd_dtimes: p.upd_dtimes.map(time),
            del_dtimes: p.del_dtimes.map(time),
        }
    }
}

/// `PolicySearchDto`: a search plus the policy type (`all` for every type).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "policyType": "Auth",
    "filters": [{"columnName": "name", "type": "contains", "value": "kyc"}],
    "sort": [{"sortField": "crDtimes", "sortType": "desc"}],
    "pagination": {"pageStart": 0, "pageFetch": 10}
}))]
pub struct PolicySearchRequest {
    pub policy_type: Option<String>,
    #[serde(flatten)]
    pub search: SearchDto,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicyFilterValueRequest {
    pub policy_type: Option<String>,
    #[serde(flatten)]
    pub filter: FilterValueDto,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[schema(example = json!({"status": "De-Active"}))]
pub struct StatusRequest {
    pub status: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[schema(example = json!({"status": "De-Activate"}))]
pub struct DeactivatePolicyRequest {
    pub status: Option<String>,
}

impl V2Request for DeactivatePolicyRequest {
    const ID: &'static str = "mosip.pms.deactivate.policy.patch";
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[schema(example = json!({"status": "De-Activate"}))]
pub struct DeactivateGroupRequest {
    pub status: Option<String>,
}

impl V2Request for DeactivateGroupRequest {
    const ID: &'static str = "mosip.pms.deactivate.policy.group.patch";
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicyActiveResponse {
    pub policy_id: String,
    pub is_active: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupActiveResponse {
    pub policy_group_id: String,
    pub is_active: bool,
}

/// An item of `GET /policies/policy-groups`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ActiveGroup {
    pub id: String,
    pub name: String,
    pub description: String,
}

/// An item of `GET /policies/active/group/{groupName}`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActivePolicy {
    pub policy_group_id: String,
    pub policy_group_name: String,
    pub id: String,
    pub name: String,
    pub descr: String,
    pub policy_type: String,
}

/// An item of the revamp policy list.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicySummary {
    pub policy_id: String,
    pub policy_name: String,
    pub policy_description: String,
    pub policy_type: String,
    pub policy_group_id: String,
    pub policy_group_name: String,
    /// `draft`, `activated` or `deactivated`.
    pub status: String,
    pub created_date_time: String,
}

impl From<PolicyView> for PolicySummary {
    fn from(v: PolicyView) -> Self {
        PolicySummary {
            status: v.state().as_str().to_string(),
            policy_id: v.policy.id,
            policy_name: v.policy.name,
            policy_description: v.policy.descr,
            policy_type: v.policy.policy_type,
            policy_group_id: v.group.id,
            policy_group_name: v.group.name,
            created_date_time: time(v.policy.cr_dtimes),
        }
    }
}

/// An item of the revamp policy-group list.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupSummary {
    pub policy_group_id: String,
    pub policy_group_name: String,
    pub policy_group_description: String,
    pub is_active: bool,
    /// `activated` or `deactivated`.
    pub status: String,
    pub created_date_time: String,
    pub updated_date_time: Option<String>,
}

impl From<policy_group::Model> for GroupSummary {
    fn from(g: policy_group::Model) -> Self {
        GroupSummary {
            status: if g.is_active { "activated" } else { "deactivated" }.to_string(),
            policy_group_id: g.id,
            policy_group_name: g.name,
            policy_group_description: g.descr,
            is_active: g.is_active,
            created_date_time: time(g.cr_dtimes),
            updated_date_time: g.upd_dtimes.map(time),
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ConfigResponse {
    pub key: String,
    #[schema(value_type = Option<Object>)]
    pub value: Option<Value>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"policyGroupName": "Insurance", "name": "KYC for insurers"}))]
pub struct CloneRequest {
    /// Group that receives the copy.
    pub policy_group_name: Option<String>,
    /// Name of the copy; defaults to the original's name.
    pub name: Option<String>,
}

/// One version of a policy.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicyVersion {
    pub revision: i32,
    /// `created`, `updated`, `published` or `deactivated`.
    pub change: String,
    pub changed_by: String,
    pub changed_date_time: String,
    pub name: String,
    pub desc: String,
    pub version: String,
    pub status: String,
    pub policy_group_id: String,
    #[schema(value_type = Object)]
    pub policies: Value,
}

impl From<auth_policy_h::Model> for PolicyVersion {
    fn from(h: auth_policy_h::Model) -> Self {
        PolicyVersion {
            revision: h.rev,
            change: h.change_kind,
            changed_by: h.changed_by,
            changed_date_time: time(h.eff_dtimes),
            status: PolicyState::from_row(h.policy_schema.is_some(), h.is_active).as_str().to_string(),
            // Old versions are shown even if their text no longer parses.
            policies: serde_json::from_str(&h.policy_file_id).unwrap_or(Value::Null),
            name: h.name,
            desc: h.descr,
            version: h.version,
            policy_group_id: h.policy_group_id,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct PolicyListParams {
    /// `Auth`, `DataShare`, `CredentialIssuance`, `MISP`.
    pub policy_type: Option<String>,
    pub policy_id: Option<String>,
    pub policy_name: Option<String>,
    pub policy_description: Option<String>,
    pub policy_group_name: Option<String>,
    /// `activated`, `deactivated` or `draft`.
    pub status: Option<String>,
    /// `policyId`, `policyName`, `policyDescription`, `policyGroupId`, `policyGroupName`, `status`, `createdDateTime`.
    pub sort_field_name: Option<String>,
    /// `asc` or `desc`.
    pub sort_type: Option<String>,
    pub page_no: Option<String>,
    pub page_size: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct GroupListParams {
    pub policy_group_id: Option<String>,
    pub policy_group_name: Option<String>,
    pub policy_group_description: Option<String>,
    /// `activated` or `deactivated`.
    pub status: Option<String>,
    /// `policyGroupId`, `policyGroupName`, `policyGroupDescription`, `status`, `createdDateTime`.
    pub sort_field_name: Option<String>,
    pub sort_type: Option<String>,
    pub page_no: Option<String>,
    pub page_size: Option<String>,
}

fn policy_input(policy_id: Option<String>, policy_type: Option<String>, r: PolicyUpdateRequest) -> PolicyInput {
    PolicyInput {
        policy_id,
        policy_group_name: r.policy_group_name,
        policy_type,
        name: r.name,
        desc: r.desc,
        version: r.version,
        policies: r.policies,
    }
}

// ------------------------------------------------------------------ policy groups

/// Create a policy group (active). Names are unique regardless of case.
#[utoipa::path(post, path = "/v1/policymanager/policies/group/new", tag = TAG_GROUPS,
    request_body = RequestWrapper<GroupCreateRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Created, or errors PMS_COR_001, PMS_POL_014", body = ResponseWrapper<GroupResponse>),
              (status = 401, description = "KER-ATH-401"), (status = 403, description = "KER-ATH-403")))]
pub async fn create_group(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<GroupCreateRequest>,
) -> Response {
    let r = &body.request;
    body.reply.result(
        s.services.create_policy_group(&ctx, r.name.as_deref(), r.desc.as_deref()).await.map(GroupResponse::from),
    )
}

/// Rename, describe, activate or deactivate a group. Deactivation requires that no active or
/// draft policy remains in it.
#[utoipa::path(put, path = "/v1/policymanager/policies/group/{policygroupId}", tag = TAG_GROUPS,
    params(("policygroupId" = String, Path)),
    request_body = RequestWrapper<GroupUpdateRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Updated, or errors PMS_COR_001, PMS_POL_008 (unknown group, as MOSIP answers), PMS_POL_014, PMS_POL_056/069/070", body = ResponseWrapper<GroupResponse>)))]
pub async fn update_group(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: LegacyJson<GroupUpdateRequest>,
) -> Response {
    let r = &body.request;
    body.reply.result(
        s.services
            .update_policy_group(&ctx, &id, r.name.as_deref(), r.desc.as_deref(), r.is_active)
            .await
            .map(GroupResponse::from),
    )
}

/// Deactivate a policy group (revamp). Refused while active or draft policies remain.
#[utoipa::path(patch, path = "/v1/policymanager/policies/group/{policygroupId}", tag = TAG_GROUPS,
    params(("policygroupId" = String, Path)),
    request_body(content = RequestWrapperV2<DeactivateGroupRequest>, description = "id `mosip.pms.deactivate.policy.group.patch`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Deactivated, or errors PMS_REQUEST_ERROR_00x, PMS_POL_073, PMS_POL_068, PMS_POL_067, PMS_POL_069, PMS_POL_056, PMS_POL_070", body = ResponseWrapperV2<GroupActiveResponse>)))]
pub async fn deactivate_group(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: V2Json<DeactivateGroupRequest>,
) -> Response {
    body.reply.result(
        s.services
            .deactivate_policy_group(&ctx, &id, body.request.status.as_deref())
            .await
            .map(|g| GroupActiveResponse { policy_group_id: g.id, is_active: g.is_active }),
    )
}

/// A policy group with all its policies.
#[utoipa::path(get, path = "/v1/policymanager/policies/group/{policygroupId}", tag = TAG_GROUPS,
    params(("policygroupId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The group, or error PMS_POL_016", body = ResponseWrapper<GroupWithPolicies>)))]
pub async fn get_group(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    Reply::legacy("mosip.partnermanagement.policies.group.retrieve").result(
        s.services
            .policy_group_with_policies(&ctx, &id)
            .await
            .and_then(|(g, p)| Ok(GroupWithPolicies { policy_group: g.into(), policies: policy_dtos(p)? })),
    )
}

/// Every policy group with its policies.
#[utoipa::path(get, path = "/v1/policymanager/policies/group/all", tag = TAG_GROUPS,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<Vec<GroupWithPolicies>>)))]
pub async fn all_groups(State(s): State<AppState>, Caller(ctx): Caller) -> Response {
    Reply::legacy("mosip.partnermanagement.policies.group.retrieve").result(
        s.services.all_policy_groups_with_policies(&ctx).await.and_then(|all| {
            all.into_iter()
                .map(|(g, p)| Ok(GroupWithPolicies { policy_group: g.into(), policies: policy_dtos(p)? }))
                .collect::<Result<Vec<_>, ServiceError>>()
        }),
    )
}

/// Search policy groups (legacy `SearchDto`), filtered, sorted and paged in SQL.
#[utoipa::path(post, path = "/v1/policymanager/policies/group/search", tag = TAG_GROUPS,
    request_body = RequestWrapper<SearchDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS-MSD-310…392", body = ResponseWrapper<PageResponse<GroupEntity>>)))]
pub async fn search_groups(State(s): State<AppState>, Caller(ctx): Caller, body: LegacyJson<SearchDto>) -> Response {
    let dto = &body.request;
    body.reply.result(
        s.services.search_policy_groups(&ctx, dto).await.map(|page| PageResponse::of(dto, page, GroupEntity::from)),
    )
}

/// Distinct values of policy-group columns, for filter drop-downs.
#[utoipa::path(post, path = "/v1/policymanager/policies/group/filtervalues", tag = TAG_GROUPS,
    request_body = RequestWrapper<FilterValueDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<FilterResponse>)))]
pub async fn group_filter_values(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<FilterValueDto>,
) -> Response {
    body.reply.result(s.services.policy_group_filter_values(&ctx, &body.request).await.map(filter_values))
}

/// Active policy groups, for partners choosing one at registration.
#[utoipa::path(get, path = "/v1/policymanager/policies/policy-groups", tag = TAG_GROUPS,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Active groups, or error PMS_POL_059", body = ResponseWrapperV2<Vec<ActiveGroup>>)))]
pub async fn active_groups(State(s): State<AppState>, Caller(ctx): Caller) -> Response {
    Reply::v2("mosip.pms.policy.groups.get").result(s.services.active_policy_groups(&ctx).await.map(|groups| {
        groups.into_iter().map(|g| ActiveGroup { id: g.id, name: g.name, description: g.descr }).collect::<Vec<_>>()
    }))
}

/// Policy groups, filtered, sorted and paged (revamp list).
#[utoipa::path(get, path = "/v1/policymanager/policy-groups", tag = TAG_GROUPS,
    params(GroupListParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS_PRT_357/358/360/361", body = ResponseWrapperV2<PageResponseV2<GroupSummary>>)))]
pub async fn list_groups(State(s): State<AppState>, Caller(ctx): Caller, Query(q): Query<GroupListParams>) -> Response {
    let params = ListParams {
        sort_field_name: q.sort_field_name,
        sort_type: q.sort_type,
        page_no: q.page_no,
        page_size: q.page_size,
        ..ListParams::default()
    };
    let query = GroupListQuery {
        id: q.policy_group_id,
        name: q.policy_group_name,
        description: q.policy_group_description,
        status: q.status,
    };
    let reply = Reply::v2("mosip.pms.policy.groups.get");
    reply.result(s.services.list_policy_groups(&ctx, &query, &params).await.map(|page| {
        PageResponseV2::new(
            page.page_no,
            page.page_size,
            page.total,
            page.items.into_iter().map(GroupSummary::from).collect(),
        )
    }))
}

// ------------------------------------------------------------------ policies

/// Create a policy as a draft. Its document is checked against the JSON Schema of its type.
#[utoipa::path(post, path = "/v1/policymanager/policies", tag = TAG_POLICIES,
    request_body = RequestWrapper<PolicyCreateRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Created (draft), or errors PMS_COR_001, PMS_POL_023, PMS_POL_019, PMS_POL_053, PMS_POL_009, PMS_PV_005…009", body = ResponseWrapper<PolicyCreateResponse>)))]
pub async fn create_policy(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<PolicyCreateRequest>,
) -> Response {
    let LegacyJson { request: r, reply } = body;
    let input = PolicyInput {
        policy_id: r.policy_id,
        policy_group_name: r.policy_group_name,
        policy_type: r.policy_type,
        name: r.name,
        desc: r.desc,
        version: r.version,
        policies: r.policies,
    };
    reply.result(s.services.create_policy(&ctx, input).await.map(PolicyCreateResponse::from))
}

/// Every policy, drafts included.
#[utoipa::path(get, path = "/v1/policymanager/policies", tag = TAG_POLICIES,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<Vec<PolicyResponse>>)))]
pub async fn all_policies(State(s): State<AppState>, Caller(ctx): Caller) -> Response {
    Reply::legacy("mosip.partnermanagement.policies.retrieve").result(
        s.services
            .all_policies(&ctx)
            .await
            .and_then(|all| all.into_iter().map(policy_response).collect::<Result<Vec<_>, _>>()),
    )
}

/// Rewrite a draft policy. Published policies cannot change. Announced as `POLICY_UPDATED`.
#[utoipa::path(put, path = "/v1/policymanager/policies/{policyId}", tag = TAG_POLICIES,
    params(("policyId" = String, Path)),
    request_body = RequestWrapper<PolicyUpdateRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Updated, or errors PMS_COR_001, PMS_POL_019, PMS_POL_053, PMS_POL_008, PMS_POL_015, PMS_POL_055, PMS_POL_009, PMS_PV_00x", body = ResponseWrapper<PolicyCreateResponse>)))]
pub async fn update_policy(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: LegacyJson<PolicyUpdateRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services.update_policy(&ctx, &id, policy_input(None, None, request)).await.map(PolicyCreateResponse::from),
    )
}

/// Deactivate an activated policy (revamp). Refused while partner policy requests reference it.
/// Announced as `POLICY_UPDATED` with status `DEACTIVE` (MOSIP forgets to tell consumers).
#[utoipa::path(patch, path = "/v1/policymanager/policies/{policyId}", tag = TAG_POLICIES,
    params(("policyId" = String, Path)),
    request_body(content = RequestWrapperV2<DeactivatePolicyRequest>, description = "id `mosip.pms.deactivate.policy.patch`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Deactivated, or errors PMS_REQUEST_ERROR_00x, PMS_POL_073, PMS_POL_065, PMS_POL_072, PMS_POL_062, PMS_POL_063, PMS_POL_064", body = ResponseWrapperV2<PolicyActiveResponse>)))]
pub async fn deactivate_policy(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: V2Json<DeactivatePolicyRequest>,
) -> Response {
    body.reply.result(
        s.services
            .deactivate_policy(&ctx, &id, body.request.status.as_deref())
            .await
            .map(|v| PolicyActiveResponse { policy_id: v.policy.id, is_active: v.policy.is_active }),
    )
}

/// One policy with its group.
#[utoipa::path(get, path = "/v1/policymanager/policies/{policyId}", tag = TAG_POLICIES,
    params(("policyId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The policy, or error PMS_POL_008", body = ResponseWrapper<PolicyResponse>)))]
pub async fn get_policy(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    Reply::legacy("mosip.partnermanagement.policies.retrieve")
        .result(s.services.policy(&ctx, &id).await.and_then(policy_response))
}

/// Publish a draft: it becomes active and frozen. Announced as `POLICY_UPDATED`.
#[utoipa::path(post, path = "/v1/policymanager/policies/{policyId}/group/{policygroupId}/publish", tag = TAG_POLICIES,
    params(("policyId" = String, Path), ("policygroupId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Published, or errors PMS_POL_016, PMS_POL_053, PMS_POL_008, PMS_POL_015, PMS_POL_020", body = ResponseWrapper<PolicyResponse>)))]
pub async fn publish_policy(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path((id, group)): Path<(String, String)>,
) -> Response {
    Reply::legacy("mosip.partnermanagement.policies.publish")
        .result(s.services.publish_policy(&ctx, &id, &group).await.and_then(policy_response))
}

/// Legacy status change (`Active` / `De-Active`). As in MOSIP 1.2.2 it changes nothing; its
/// checks answer as MOSIP's do.
#[utoipa::path(patch, path = "/v1/policymanager/policies/{policyId}/group/{policygroupId}", tag = TAG_POLICIES,
    params(("policyId" = String, Path), ("policygroupId" = String, Path)),
    request_body = RequestWrapper<StatusRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Errors PMS_POL_045, PMS_POL_016, PMS_POL_053, PMS_POL_008, PMS_POL_015, PMS_POL_058, PMS_POL_054, PMS_POL_057", body = ResponseWrapper<MessageResponse>)))]
pub async fn legacy_policy_status(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path((id, group)): Path<(String, String)>,
    body: LegacyJson<StatusRequest>,
) -> Response {
    body.reply.result(
        s.services
            .legacy_policy_status(&ctx, &id, &group, body.request.status.as_deref())
            .await
            .map(|_| MessageResponse { message: "status updated successfully".into() }),
    )
}

/// The policy, if the partner holds an active API key for it (used by datashare).
#[utoipa::path(get, path = "/v1/policymanager/policies/{policyId}/partner/{partnerId}", tag = TAG_POLICIES,
    params(("policyId" = String, Path), ("partnerId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The policy, or errors PMS_POL_008, PMS_POL_017", body = ResponseWrapper<PolicyResponse>)))]
pub async fn policy_for_partner(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path((id, partner)): Path<(String, String)>,
) -> Response {
    Reply::legacy("mosip.partnermanagement.policies.retrieve")
        .result(s.services.policy_for_partner(&ctx, &id, &partner).await.and_then(policy_response))
}

/// Search policies (legacy `SearchDto` plus `policyType`), in SQL.
#[utoipa::path(post, path = "/v1/policymanager/policies/search", tag = TAG_POLICIES,
    request_body = RequestWrapper<PolicySearchRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS-MSD-310…392, PMS_POL_023", body = ResponseWrapper<PageResponse<PolicySearchItem>>)))]
pub async fn search_policies(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<PolicySearchRequest>,
) -> Response {
    let r = &body.request;
    body.reply.result(
        s.services
            .search_policies(&ctx, &r.search, r.policy_type.as_deref())
            .await
            .map(|page| PageResponse::of(&r.search, page, PolicySearchItem::from)),
    )
}

/// Distinct values of policy columns, for filter drop-downs.
#[utoipa::path(post, path = "/v1/policymanager/policies/filtervalues", tag = TAG_POLICIES,
    request_body = RequestWrapper<PolicyFilterValueRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<FilterResponse>)))]
pub async fn policy_filter_values(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<PolicyFilterValueRequest>,
) -> Response {
    let r = &body.request;
    body.reply
        .result(s.services.policy_filter_values(&ctx, &r.filter, r.policy_type.as_deref()).await.map(filter_values))
}

/// Published, active policies of a group (by group name).
#[utoipa::path(get, path = "/v1/policymanager/policies/active/group/{groupName}", tag = TAG_POLICIES,
    params(("groupName" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Active policies, or errors PMS_POL_019, PMS_POL_053", body = ResponseWrapper<Vec<ActivePolicy>>)))]
pub async fn active_policies_of_group(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(name): Path<String>,
) -> Response {
    Reply::legacy("mosip.partnermanagement.policies.retrieve").result(
        s.services.active_policies_of_group(&ctx, &name).await.map(|(g, list)| {
            list.into_iter()
                .map(|p| ActivePolicy {
                    policy_group_id: g.id.clone(),
                    policy_group_name: g.name.clone(),
                    id: p.id,
                    name: p.name,
                    descr: p.descr,
                    policy_type: p.policy_type,
                })
                .collect::<Vec<_>>()
        }),
    )
}

/// Policies, filtered, sorted and paged (revamp list; 8 per page by default).
#[utoipa::path(get, path = "/v1/policymanager/policies/v2", tag = TAG_POLICIES,
    params(PolicyListParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS_PRT_357/358/360/361", body = ResponseWrapperV2<PageResponseV2<PolicySummary>>)))]
pub async fn list_policies(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Query(q): Query<PolicyListParams>,
) -> Response {
    // MOSIP checks this list's sort parameters one by one (`PolicyUtil`), never as a pair.
    let params = ListParams {
        sort_field_name: q.sort_field_name,
        sort_type: q.sort_type,
        page_no: q.page_no,
        page_size: q.page_size,
        sort_rule: SortRule::Independent,
    };
    let query = PolicyListQuery {
        policy_type: q.policy_type,
        policy_id: q.policy_id,
        policy_name: q.policy_name,
        policy_description: q.policy_description,
        policy_group_id: None,
        policy_group_name: q.policy_group_name,
        status: q.status,
    };
    Reply::v2("mosip.pms.policies.get").result(s.services.list_policies(&ctx, &query, &params).await.map(|page| {
        PageResponseV2::new(
            page.page_no,
            page.page_size,
            page.total,
            page.items.into_iter().map(PolicySummary::from).collect(),
        )
    }))
}

/// A policy-related configuration value. Only a fixed list of non-secret keys is answered
/// (`pmp.allowed.policy.types`, `policy.auth.allowed.token.types`, `pmp.<type>.policy.schema`, …);
/// other keys give `null`.
#[utoipa::path(get, path = "/v1/policymanager/policies/config/{key}", tag = TAG_POLICIES,
    params(("key" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<ConfigResponse>)))]
pub async fn config_value(Caller(ctx): Caller, Path(key): Path<String>) -> Response {
    let reply = Reply::legacy("mosip.partnermanagement.policies.config");
    match ctx.require(pms_domain::roles::POLICY_ADMINS) {
        Ok(_) => reply.ok(ConfigResponse { value: pms_service::policies::config_value(&key), key }),
        Err(e) => reply.error(e),
    }
}

/// Copy a policy into a group as a new draft (its name must be free there).
#[utoipa::path(post, path = "/v1/policymanager/policies/{policyId}/clone", tag = TAG_POLICIES,
    params(("policyId" = String, Path)),
    request_body = RequestWrapper<CloneRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The copy, or errors PMS_POL_008, PMS_POL_019, PMS_POL_053, PMS_POL_009", body = ResponseWrapper<PolicyCreateResponse>)))]
pub async fn clone_policy(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: LegacyJson<CloneRequest>,
) -> Response {
    let r = &body.request;
    body.reply.result(
        s.services
            .clone_policy(&ctx, &id, r.policy_group_name.as_deref(), r.name.as_deref())
            .await
            .map(PolicyCreateResponse::from),
    )
}

/// Every version of a policy, newest first.
#[utoipa::path(get, path = "/v1/policymanager/policies/{policyId}/history", tag = TAG_POLICIES,
    params(("policyId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Versions, or error PMS_POL_008", body = ResponseWrapper<Vec<PolicyVersion>>)))]
pub async fn policy_history(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    let reply = Reply::legacy("mosip.partnermanagement.policies.history");
    let result = async {
        s.services.policy(&ctx, &id).await?;
        s.services.policy_history(&ctx, &id).await
    }
    .await;
    reply.result(result.map(|h| h.into_iter().map(PolicyVersion::from).collect::<Vec<_>>()))
}
