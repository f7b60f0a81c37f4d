//! Wire types of the partners endpoints: MOSIP's request and response bodies and their mapping
//! from the service's records.

use crate::api::extract::V2Request;
use crate::api::search::SearchDto;
use crate::api::time;
use pms_service::partners::{PartnerView, RegisterInput};
use pms_service::view::{Partner, PartnerType};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "partnerId": "bank-one", "organizationName": "Bank One", "address": "1 Main Street, Capital",
    "contactNumber": "+33 1234 5678", "emailId": "contact@bank-one.example", "partnerType": "Auth_Partner",
    "policyGroup": "Banking", "langCode": "eng"
}))]
pub struct PartnerRegisterRequest {
    /// Must equal the caller's username.
    pub partner_id: Option<String>,
    pub organization_name: Option<String>,
    pub address: Option<String>,
    pub contact_number: Option<String>,
    pub email_id: Option<String>,
    pub partner_type: Option<String>,
    /// Policy group **name**; required for partner types whose `is_policy_required` is true.
    pub policy_group: Option<String>,
    pub lang_code: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PartnerRegisterRequestV2 {
    #[serde(flatten)]
    pub base: PartnerRegisterRequest,
    pub logo_url: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub additional_info: Option<Value>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PartnerStatusResponse {
    pub partner_id: String,
    /// `pending_approval` (admin approval mode) or `InProgress` (MOSIP's certificate mode).
    pub status: String,
}

pub(super) fn register_input(
    r: PartnerRegisterRequest,
    logo_url: Option<String>,
    additional_info: Option<Value>,
) -> RegisterInput {
    RegisterInput {
        partner_id: r.partner_id,
        organization_name: r.organization_name,
        address: r.address,
        contact_number: r.contact_number,
        email_id: r.email_id,
        partner_type: r.partner_type,
        policy_group: r.policy_group,
        lang_code: r.lang_code,
        logo_url,
        additional_info,
    }
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"emailId": "contact@bank-one.example"}))]
pub struct EmailVerifyRequest {
    pub email_id: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailVerifyResponse {
    pub email_exists: bool,
    pub policy_required_partner_types: Vec<String>,
}

/// MOSIP `RetrievePartnerDetailsResponse`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PartnerResponse {
    #[serde(rename = "partnerID")]
    pub partner_id: String,
    /// `active` or `De-active`.
    pub status: String,
    pub organization_name: String,
    pub contact_number: String,
    pub email_id: String,
    pub address: String,
    pub partner_type: String,
    /// Policy group name.
    pub policy_group: Option<String>,
    pub is_active: bool,
}

impl From<PartnerView> for PartnerResponse {
    fn from(v: PartnerView) -> Self {
        let p = v.partner;
        PartnerResponse {
            status: active_word(p.is_active),
            partner_id: p.id,
            organization_name: p.name,
            contact_number: p.contact_no,
            email_id: p.email_id,
            address: p.address,
            partner_type: p.partner_type_code,
            policy_group: v.group.map(|g| g.name),
            is_active: p.is_active,
        }
    }
}

pub(super) fn active_word(active: bool) -> String {
    if active { "active" } else { "De-active" }.to_string()
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"address": "2 Market Square, Capital", "contactNumber": "+33 1234 0000"}))]
pub struct PartnerUpdateRequest {
    pub address: Option<String>,
    pub contact_number: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PartnerUpdateRequestV2 {
    pub address: Option<String>,
    pub contact_number: Option<String>,
    pub logo_url: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub additional_info: Option<Value>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"address": "1 Main Street", "contactNumber": "+33 1234 5678", "emailId": "ops@bank-one.example", "is_Active": true}))]
pub struct ContactRequest {
    pub address: Option<String>,
    pub contact_number: Option<String>,
    pub email_id: Option<String>,
    #[serde(rename = "is_Active")]
    pub is_active: Option<bool>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[schema(example = json!({"status": "De-active"}))]
pub struct LegacyStatusRequest {
    /// `Active` or `De-active`.
    pub status: Option<String>,
}

/// Item of the legacy `GET /partners` list.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PartnerListItem {
    #[serde(rename = "partnerID")]
    pub partner_id: String,
    pub status: String,
    pub organization_name: String,
    pub contact_number: String,
    pub email_id: String,
    pub address: String,
    pub partner_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub additional_info: Option<Value>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PartnerList {
    pub partners: Vec<PartnerListItem>,
}

pub(super) fn list_item(p: Partner, v2: bool) -> PartnerListItem {
    PartnerListItem {
        status: active_word(p.is_active),
        logo_url: if v2 { p.logo_url.clone() } else { None },
        additional_info: if v2 { p.addl_info.as_deref().and_then(|a| serde_json::from_str(a).ok()) } else { None },
        partner_id: p.id,
        organization_name: p.name,
        contact_number: p.contact_no,
        email_id: p.email_id,
        address: p.address,
        partner_type: p.partner_type_code,
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct PartnerTypeParam {
    /// Exact partner type code, e.g. `Online_Verification_Partner`.
    pub partner_type: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct V3Params {
    /// Approval status to list, e.g. `approved` or `pending_approval`.
    pub status: Option<String>,
    /// Include the policy group fields.
    pub policy_group_available: Option<bool>,
    pub partner_type: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MyPartner {
    pub partner_id: String,
    pub partner_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_group_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_group_description: Option<String>,
}

/// The Partner entity as MOSIP's legacy search returns it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PartnerEntity {
    pub id: String,
    pub address: String,
    pub contact_no: String,
    pub email_id: String,
    pub is_active: bool,
    pub is_deleted: bool,
    pub name: String,
    pub policy_group_id: Option<String>,
    pub certificate_alias: Option<String>,
    pub partner_type_code: String,
    pub approval_status: String,
    pub user_id: String,
    pub lang_code: String,
    pub logo_url: Option<String>,
    pub additional_info: Option<String>,
    pub cr_by: String,
    pub cr_dtimes: String,
    pub upd_by: Option<String>,
    pub upd_dtimes: Option<String>,
    pub del_dtimes: Option<String>,
}

impl From<Partner> for PartnerEntity {
    fn from(p: Partner) -> Self {
        PartnerEntity {
            id: p.id,
            address: p.address,
            contact_no: p.contact_no,
            email_id: p.email_id,
            is_active: p.is_active,
            is_deleted: p.is_deleted,
            name: p.name,
            policy_group_id: p.policy_group_id,
            certificate_alias: p.certificate_alias,
            partner_type_code: p.partner_type_code,
            approval_status: p.approval_status,
            user_id: p.user_id,
            lang_code: p.lang_code,
            logo_url: p.logo_url,
            additional_info: p.addl_info,
            cr_by: p.cr_by,
            cr_dtimes: time(p.cr_dtimes),
            upd_by: p.upd_by,
            upd_dtimes: p.upd_dtimes.map(time),
            del_dtimes: p.del_dtimes.map(time),
        }
    }
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "partnerType": "all",
    "filters": [{"columnName": "name", "type": "contains", "value": "bank"}],
    "sort": [{"sortField": "crDtimes", "sortType": "desc"}],
    "pagination": {"pageStart": 0, "pageFetch": 10}
}))]
pub struct PartnerSearchRequest {
    /// `all` or a partner type code.
    pub partner_type: Option<String>,
    #[serde(flatten)]
    pub search: SearchDto,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PartnerTypeEntity {
    pub code: String,
    pub partner_description: String,
    pub is_policy_required: bool,
    pub is_active: bool,
    pub is_deleted: bool,
    pub cr_by: String,
    pub cr_dtimes: String,
    pub upd_by: Option<String>,
    pub upd_dtimes: Option<String>,
    pub del_dtimes: Option<String>,
}

impl From<PartnerType> for PartnerTypeEntity {
    fn from(t: PartnerType) -> Self {
        PartnerTypeEntity {
            code: t.code,
            partner_description: t.partner_description,
            is_policy_required: t.is_policy_required,
            is_active: t.is_active,
            is_deleted: t.is_deleted,
            cr_by: t.cr_by,
            cr_dtimes: time(t.cr_dtimes),
            upd_by: t.upd_by,
            upd_dtimes: t.upd_dtimes.map(time),
            del_dtimes: t.del_dtimes.map(time),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct AdminListParams {
    pub partner_id: Option<String>,
    pub partner_type: Option<String>,
    pub org_name: Option<String>,
    pub email_address: Option<String>,
    pub policy_group_name: Option<String>,
    /// `true` or `false`.
    pub is_active: Option<String>,
    /// `uploaded` or `not_uploaded`.
    pub certificate_upload_status: Option<String>,
    /// `pending_approval`, `activated`, `rejected`, `deactivated` or `InProgress`.
    pub status: Option<String>,
    /// `partnerId`, `partnerType`, `orgName`, `policyGroupId`, `policyGroupName`, `emailAddress`,
    /// `certificateUploadStatus`, `status`, `isActive`, `createdDateTime`.
    pub sort_field_name: Option<String>,
    pub sort_type: Option<String>,
    pub page_no: Option<String>,
    pub page_size: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AdminPartnerItem {
    pub partner_id: String,
    pub partner_type: String,
    pub org_name: String,
    pub policy_group_id: Option<String>,
    pub policy_group_name: Option<String>,
    pub email_address: String,
    /// `uploaded` or `not_uploaded`.
    pub certificate_upload_status: String,
    /// MOSIP's approval status column.
    pub status: String,
    /// Lifecycle state: `pending_approval`, `activated`, `rejected`, `deactivated`, `InProgress`.
    pub partner_status: String,
    pub is_active: bool,
    pub created_date_time: String,
}

impl From<PartnerView> for AdminPartnerItem {
    fn from(v: PartnerView) -> Self {
        let status = v.status();
        let p = v.partner;
        AdminPartnerItem {
            partner_id: p.id,
            partner_type: p.partner_type_code,
            org_name: p.name,
            policy_group_id: p.policy_group_id,
            policy_group_name: v.group.map(|g| g.name),
            email_address: p.email_id,
            certificate_upload_status: if p.certificate_alias.is_some() { "uploaded" } else { "not_uploaded" }.into(),
            status: p.approval_status,
            partner_status: status.as_str().into(),
            is_active: p.is_active,
            created_date_time: time(p.cr_dtimes),
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    pub revision: i32,
    pub change: String,
    pub changed_by: String,
    pub changed_date_time: String,
    pub status: String,
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AdminPartnerDetails {
    pub partner_id: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub approval_status: String,
    pub is_active: bool,
    pub partner_status: String,
    pub status_reason: Option<String>,
    pub created_date_time: String,
    pub partner_type: String,
    pub organization_name: String,
    pub contact_number: String,
    pub email_id: String,
    pub address: String,
    pub lang_code: String,
    pub policy_group_id: Option<String>,
    pub policy_group_name: Option<String>,
    pub policy_group_description: Option<String>,
    pub is_certificate_available: bool,
    pub certificate_upload_date_time: Option<String>,
    pub certificate_expiry_date_time: Option<String>,
    pub history: Vec<StatusChange>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[schema(example = json!({"comment": "Documents checked"}))]
pub struct ApproveRequest {
    pub comment: Option<String>,
}
impl V2Request for ApproveRequest {
    const ID: &'static str = "mosip.pms.partner.approve.post";
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[schema(example = json!({"reason": "The organisation could not be verified"}))]
pub struct RejectRequest {
    /// Required; shown to the partner.
    pub reason: Option<String>,
}
impl V2Request for RejectRequest {
    const ID: &'static str = "mosip.pms.partner.reject.post";
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[schema(example = json!({"reason": "Licence withdrawn by the regulator"}))]
pub struct DeactivateRequest {
    pub reason: Option<String>,
}
impl V2Request for DeactivateRequest {
    const ID: &'static str = "mosip.pms.partner.deactivate.post";
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[schema(example = json!({"comment": "Licence restored"}))]
pub struct ReactivateRequest {
    pub comment: Option<String>,
}
impl V2Request for ReactivateRequest {
    const ID: &'static str = "mosip.pms.partner.reactivate.post";
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DecisionResponse {
    pub partner_id: String,
    pub partner_status: String,
    pub is_active: bool,
    pub status_reason: Option<String>,
}

impl From<PartnerView> for DecisionResponse {
    fn from(v: PartnerView) -> Self {
        DecisionResponse {
            partner_status: v.status().as_str().into(),
            partner_id: v.partner.id,
            is_active: v.partner.is_active,
            status_reason: v.partner.status_reason,
        }
    }
}
