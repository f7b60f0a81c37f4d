//! Wire types of the policies endpoints: MOSIP's request and response bodies and their mapping
//! from the service's records.

use crate::api::extract::V2Request;
use crate::api::search::{FilterValueDto, SearchDto};
use crate::api::time;
use pms_domain::policy::PolicyState;
use pms_service::policies::{PolicyInput, PolicyView};
use pms_service::view::{Policy, PolicyGroup, PolicyRevision};
use pms_service::ServiceError;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

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

impl From<PolicyGroup> for GroupResponse {
    fn from(g: PolicyGroup) -> Self {
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

impl From<PolicyGroup> for GroupEntity {
    fn from(g: PolicyGroup) -> Self {
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
pub(super) fn document(text: &str) -> Result<Value, ServiceError> {
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

pub(super) fn policy_dto(p: Policy) -> Result<PolicyDto, ServiceError> {
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

pub(super) fn policy_dtos(list: Vec<Policy>) -> Result<Vec<PolicyDto>, ServiceError> {
    list.into_iter().map(policy_dto).collect()
}

pub(super) fn policy_response(v: PolicyView) -> Result<PolicyResponse, ServiceError> {
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

impl From<PolicyGroup> for GroupSummary {
    fn from(g: PolicyGroup) -> Self {
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

impl From<PolicyRevision> for PolicyVersion {
    fn from(h: PolicyRevision) -> Self {
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

pub(super) fn policy_input(
    policy_id: Option<String>,
    policy_type: Option<String>,
    r: PolicyUpdateRequest,
) -> PolicyInput {
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
