//! Device providers' SBIs and devices, FTM providers' chips (MOSIP §4.6–4.8): legacy and revamp
//! endpoints under `/v1/partnermanager`, with MOSIP's field names and envelopes.

use super::certificates::{CertificateDataResponse, CertificateResponse, PartnerCertUploadResponse};
use super::envelope::{
    PageResponse, PageResponseV2, Reply, RequestWrapper, RequestWrapperV2, ResponseWrapper, ResponseWrapperV2,
};
use super::extract::{Caller, LegacyJson, V2Json, V2Request};
use super::search::{FilterValueDto, SearchDto};
use super::{filter_values, time, FilterResponse};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use pms_domain::list::ListParams;
use pms_service::devices::{
    ChipCertInput, ChipQuery, ChipView, DeviceInput, DeviceQuery, DeviceView, SbiInput, SbiQuery, SbiView,
};
use pms_service::view::{Chip, Device, DeviceSubType, Sbi};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const TAG: &str = "Devices and FTM chips";

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_device, update_device, legacy_device_status, list_devices))
        .routes(routes!(search_devices))
        .routes(routes!(search_device_sub_types))
        .routes(routes!(device_filter_values))
        .routes(routes!(device_type_filter_values))
        .routes(routes!(device_sub_type_filter_values))
        .routes(routes!(deactivate_device))
        .routes(routes!(decide_device))
        .routes(routes!(create_sbi, update_sbi, decide_sbi, list_sbis))
        .routes(routes!(search_sbis))
        .routes(routes!(map_device))
        .routes(routes!(unmap_device))
        .routes(routes!(search_mappings))
        .routes(routes!(sbi_filter_values))
        .routes(routes!(add_device_to_sbi, sbi_devices))
        .routes(routes!(deactivate_sbi))
        .routes(routes!(create_chip, update_chip, decide_chip, my_chips))
        .routes(routes!(upload_chip_certificate))
        .routes(routes!(chip_certificate))
        .routes(routes!(search_chips))
        .routes(routes!(deactivate_chip))
        .routes(routes!(chip_certificate_data))
        .routes(routes!(list_chips))
}

// ------------------------------------------------------------------ wire

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct IdResponse {
    pub id: String,
}

/// A device make and model (`DeviceDetailDto`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceDetailRequest {
    /// Legacy create only: the id to give the device (1–36).
    pub id: Option<String>,
    #[schema(example = "acme-devices")]
    pub device_provider_id: Option<String>,
    #[schema(example = "Finger")]
    pub device_type_code: Option<String>,
    #[schema(example = "Slap")]
    pub device_sub_type_code: Option<String>,
    #[schema(example = "Acme")]
    pub make: Option<String>,
    #[schema(example = "FS-400")]
    pub model: Option<String>,
}

impl From<DeviceDetailRequest> for DeviceInput {
    fn from(r: DeviceDetailRequest) -> Self {
        DeviceInput {
            id: r.id,
            provider_id: r.device_provider_id,
            type_code: r.device_type_code,
            sub_type_code: r.device_sub_type_code,
            make: r.make,
            model: r.model,
        }
    }
}

impl V2Request for DeviceDetailRequest {
    const ID: &'static str = "mosip.pms.add.device.to.sbi.id.post";
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalStatusRequest {
    #[schema(example = "3fa85f64-5717-4562-b3fc-2c963f66afa6")]
    pub id: Option<String>,
    /// `Activate` or `De-activate`.
    #[schema(example = "Activate")]
    pub approval_status: Option<String>,
    /// Why, told to the provider (PMS's addition).
    pub reason: Option<String>,
}

/// The V2 deactivation bodies: `status` must be `De-Activate`.
macro_rules! deactivate_body {
    ($name:ident, $id:literal) => {
        #[derive(Debug, Deserialize, Serialize, ToSchema)]
        pub struct $name {
            #[schema(example = "De-Activate")]
            pub status: Option<String>,
        }
        impl V2Request for $name {
            const ID: &'static str = $id;
        }
    };
}

deactivate_body!(DeactivateDevice, "mosip.pms.deactivate.device.patch");
deactivate_body!(DeactivateSbi, "mosip.pms.deactivate.sbi.patch");
deactivate_body!(DeactivateFtm, "mosip.pms.deactivate.ftm.patch");

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceApprovalRequest {
    pub partner_id: Option<String>,
    pub sbi_id: Option<String>,
    /// `approved` or `rejected`.
    pub status: Option<String>,
    /// Why, told to the provider (PMS's addition).
    pub reason: Option<String>,
}

impl V2Request for DeviceApprovalRequest {
    const ID: &'static str = "mosip.pms.approval.mapping.device.to.sbi.post";
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceDeactivated {
    pub device_id: String,
    /// `deactivated`.
    pub status: String,
    pub is_active: bool,
}

/// `GET /devicedetail` item: one per device and SBI it is listed under.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceItem {
    pub device_id: String,
    pub partner_id: String,
    pub org_name: Option<String>,
    pub device_type: String,
    pub device_sub_type: String,
    /// `pending_approval`, `approved`, `rejected` or `deactivated`.
    pub status: String,
    pub make: String,
    pub model: String,
    pub created_date_time: String,
    pub sbi_id: Option<String>,
    pub sbi_version: Option<String>,
}

impl From<DeviceView> for DeviceItem {
    fn from(v: DeviceView) -> Self {
        let d = v.device;
        DeviceItem {
            device_id: d.id,
            partner_id: d.dprovider_id,
            org_name: d.partner_org_name,
            device_type: d.dtype_code,
            device_sub_type: d.dstype_code,
            status: v.status.as_str().into(),
            make: d.make,
            model: d.model,
            created_date_time: time(d.cr_dtimes),
            sbi_id: v.sbi_id,
            sbi_version: v.sbi_version,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct DeviceListParams {
    pub partner_id: Option<String>,
    pub org_name: Option<String>,
    pub device_type: Option<String>,
    pub device_sub_type: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub sbi_id: Option<String>,
    pub sbi_version: Option<String>,
    pub device_id: Option<String>,
    /// `pending_approval`, `approved`, `rejected` or `deactivated`.
    pub status: Option<String>,
    /// `deviceId`, `sbiId`, `sbiVersion`, `partnerId`, `orgName`, `deviceType`, `deviceSubType`,
    /// `make`, `model`, `status`, `createdDateTime`.
    pub sort_field_name: Option<String>,
    pub sort_type: Option<String>,
    pub page_no: Option<String>,
    pub page_size: Option<String>,
}

/// Legacy device search item.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceSearchItem {
    pub id: String,
    pub device_provider_id: String,
    pub device_type_code: String,
    pub device_sub_type_code: String,
    pub make: String,
    pub model: String,
    pub partner_organization_name: Option<String>,
    pub is_active: bool,
    pub approval_status: String,
    pub cr_by: String,
    pub cr_dtimes: String,
    pub upd_by: Option<String>,
    pub upd_dtimes: Option<String>,
}

impl From<Device> for DeviceSearchItem {
    fn from(d: Device) -> Self {
        DeviceSearchItem {
            id: d.id,
            device_provider_id: d.dprovider_id,
            device_type_code: d.dtype_code,
            device_sub_type_code: d.dstype_code,
            make: d.make,
            model: d.model,
            partner_organization_name: d.partner_org_name,
            is_active: d.is_active,
            approval_status: d.approval_status,
            cr_by: d.cr_by,
            cr_dtimes: time(d.cr_dtimes),
            upd_by: d.upd_by,
            upd_dtimes: d.upd_dtimes.map(time),
        }
    }
}

/// A device subtype (`POST /devicedetail/deviceType/search`; MOSIP spells `desciption`).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubTypeItem {
    pub code: String,
    pub device_type: String,
    pub name: String,
    pub desciption: Option<String>,
    pub is_active: bool,
    pub is_deleted: bool,
    pub cr_by: String,
    pub cr_dtimes: String,
    pub del_dtimes: Option<String>,
    pub upd_by: Option<String>,
    pub upd_dtimes: Option<String>,
}

impl From<DeviceSubType> for SubTypeItem {
    fn from(t: DeviceSubType) -> Self {
        SubTypeItem {
            code: t.code,
            device_type: t.dtyp_code,
            name: t.name,
            desciption: t.descr,
            is_active: t.is_active,
            is_deleted: t.is_deleted,
            cr_by: t.cr_by,
            cr_dtimes: time(t.cr_dtimes),
            del_dtimes: t.del_dtimes.map(time),
            upd_by: t.upd_by,
            upd_dtimes: t.upd_dtimes.map(time),
        }
    }
}

/// `SecureBiometricInterfaceCreateDto` / `…UpdateDto`.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SbiRequest {
    /// Update only.
    pub id: Option<String>,
    #[schema(example = "8d7c4ab2f1")]
    pub sw_binary_hash: Option<String>,
    #[schema(example = "1.0.0")]
    pub sw_version: Option<String>,
    #[serde(rename = "swCreateDateTime")]
    #[schema(example = "2026-01-15T00:00:00Z")]
    pub sw_create_date_time: Option<DateTime<Utc>>,
    #[serde(rename = "swExpiryDateTime")]
    #[schema(example = "2028-01-15T00:00:00Z")]
    pub sw_expiry_date_time: Option<DateTime<Utc>>,
    #[schema(example = "acme-devices")]
    pub provider_id: Option<String>,
    /// Update only; MOSIP writes it over the status, PMS ignores it (approval decides).
    pub is_active: Option<bool>,
}

impl SbiRequest {
    fn input(&self) -> SbiInput {
        SbiInput {
            provider_id: self.provider_id.clone(),
            binary_hash: self.sw_binary_hash.clone(),
            version: self.sw_version.clone(),
            created: self.sw_create_date_time,
            expiry: self.sw_expiry_date_time,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SbiDeactivated {
    pub sbi_id: String,
    pub sbi_version: String,
    /// `deactivated`.
    pub status: String,
    pub is_active: bool,
}

/// `GET /securebiometricinterface` item.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SbiItem {
    pub partner_id: String,
    pub org_name: Option<String>,
    pub sbi_id: String,
    pub sbi_version: String,
    /// `pending_approval`, `approved`, `rejected` or `deactivated`.
    pub status: String,
    pub is_active: bool,
    pub sbi_created_date_time: Option<String>,
    pub sbi_expiry_date_time: Option<String>,
    /// `expired` or `valid`.
    pub sbi_expiry_status: String,
    pub count_of_associated_devices: u64,
    pub count_of_approved_devices: u64,
    pub count_of_pending_devices: u64,
    pub created_date_time: String,
}

impl From<SbiView> for SbiItem {
    fn from(v: SbiView) -> Self {
        let s = v.sbi;
        SbiItem {
            partner_id: s.provider_id,
            org_name: s.partner_org_name,
            sbi_id: s.id,
            sbi_version: s.sw_version,
            status: v.status.as_str().into(),
            is_active: s.is_active,
            sbi_created_date_time: s.sw_cr_dtimes.map(time),
            sbi_expiry_date_time: s.sw_expiry_dtimes.map(time),
            sbi_expiry_status: if v.expired { "expired" } else { "valid" }.into(),
            count_of_associated_devices: v.devices,
            count_of_approved_devices: v.approved_devices,
            count_of_pending_devices: v.pending_devices,
            created_date_time: time(s.cr_dtimes),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct SbiListParams {
    pub partner_id: Option<String>,
    pub org_name: Option<String>,
    pub sbi_id: Option<String>,
    pub sbi_version: Option<String>,
    /// `pending_approval`, `approved`, `rejected` or `deactivated`.
    pub status: Option<String>,
    /// `expired` or `valid`.
    pub sbi_expiry_status: Option<String>,
    /// `partnerId`, `orgName`, `partnerType`, `sbiId`, `sbiVersion`, `sbiCreatedDateTime`,
    /// `sbiExpiryDateTime`, `status`, `createdDateTime`, `sbiExpiryStatus`,
    /// `countOfAssociatedDevices`.
    pub sort_field_name: Option<String>,
    pub sort_type: Option<String>,
    pub page_no: Option<String>,
    pub page_size: Option<String>,
}

/// Legacy SBI search item.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SbiSearchItem {
    pub id: String,
    pub sw_binary_hash: String,
    pub sw_version: String,
    pub sw_create_date_time: Option<String>,
    pub sw_expiry_date_time: Option<String>,
    pub is_active: bool,
    pub approval_status: String,
    pub provider_id: String,
    pub partner_organization_name: Option<String>,
    pub is_deleted: bool,
    pub cr_by: String,
    pub cr_dtimes: String,
    pub del_dtimes: Option<String>,
    pub upd_by: Option<String>,
    pub upd_dtimes: Option<String>,
}

impl From<Sbi> for SbiSearchItem {
    fn from(s: Sbi) -> Self {
        SbiSearchItem {
            id: s.id,
            sw_binary_hash: s.sw_binary_hash,
            sw_version: s.sw_version,
            sw_create_date_time: s.sw_cr_dtimes.map(time),
            sw_expiry_date_time: s.sw_expiry_dtimes.map(time),
            is_active: s.is_active,
            approval_status: s.approval_status,
            provider_id: s.provider_id,
            partner_organization_name: s.partner_org_name,
            is_deleted: false,
            cr_by: s.cr_by,
            cr_dtimes: time(s.cr_dtimes),
            del_dtimes: None,
            upd_by: s.upd_by,
            upd_dtimes: s.upd_dtimes.map(time),
        }
    }
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MappingRequest {
    pub device_detail_id: Option<String>,
    pub sbi_id: Option<String>,
}

/// Legacy mapping search item.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MappingItem {
    pub device_detail_id: String,
    pub sbi_id: String,
    pub provider_id: Option<String>,
    pub provider_name: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub device_type_code: Option<String>,
    pub device_sub_type_code: Option<String>,
    pub sw_binary_hash: Option<String>,
    pub sw_version: Option<String>,
    pub cr_by: String,
    pub cr_dtimes: String,
}

/// `GET /securebiometricinterface/{sbiId}/devices` item.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SbiDeviceItem {
    pub device_id: String,
    pub device_type_code: String,
    pub device_sub_type_code: String,
    pub device_provider_id: String,
    pub make: String,
    pub model: String,
    /// The stored approval status (`approved` also for deactivated devices, as MOSIP).
    pub status: String,
    pub is_active: bool,
    pub created_date_time: String,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChipRequest {
    /// Update and decision only.
    pub ftp_chip_detail_id: Option<String>,
    /// Create only.
    pub ftp_provider_id: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChipDecisionRequest {
    pub ftp_chip_detail_id: Option<String>,
    /// `true` approves, `false` rejects.
    pub approval_status: Option<bool>,
    /// Why, told to the provider (PMS's addition).
    pub reason: Option<String>,
}

/// `FtpChipCertificateUploadRequestDto` (MOSIP spells `ftpChipDeatilId`).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChipCertificateRequest {
    pub ftp_provider_id: Option<String>,
    pub ftp_chip_deatil_id: Option<String>,
    /// Unused, as in MOSIP.
    pub is_it_for_registration_device: Option<bool>,
    /// The chip certificate, PEM.
    pub certificate_data: Option<String>,
    /// Must be the provider's organisation, as the certificate's `O`.
    pub organization_name: Option<String>,
    /// `FTM`.
    pub partner_domain: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChipDeactivated {
    pub ftm_id: String,
    pub status: String,
    pub is_active: bool,
}

/// `GET /ftpchipdetail/v2` item.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChipItem {
    pub ftm_id: String,
    pub partner_id: String,
    pub org_name: Option<String>,
    pub make: String,
    pub model: String,
    /// `pending_cert_upload`, `pending_approval`, `approved`, `rejected` or `deactivated`.
    pub status: String,
    pub is_active: bool,
    pub is_certificate_available: bool,
    pub created_date_time: String,
}

impl From<ChipView> for ChipItem {
    fn from(v: ChipView) -> Self {
        let c = v.chip;
        ChipItem {
            ftm_id: c.id,
            partner_id: c.foundational_trust_provider_id,
            org_name: c.partner_org_name,
            make: c.make,
            model: c.model,
            status: v.status.as_str().into(),
            is_active: c.is_active,
            is_certificate_available: v.certificate.is_some(),
            created_date_time: time(c.cr_dtimes),
        }
    }
}

/// `GET /ftpchipdetail` item: the caller's chips with their certificate dates.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MyChipItem {
    pub ftm_id: String,
    pub partner_id: String,
    pub partner_status: Option<String>,
    pub make: String,
    pub model: String,
    pub status: String,
    pub is_active: bool,
    pub is_certificate_available: bool,
    pub certificate_upload_date_time: Option<String>,
    pub certificate_expiry_date_time: Option<String>,
    pub is_certificate_expired: bool,
    pub created_date_time: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ChipListParams {
    pub partner_id: Option<String>,
    pub org_name: Option<String>,
    pub ftm_id: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    /// `pending_cert_upload`, `pending_approval`, `approved`, `rejected` or `deactivated`.
    pub status: Option<String>,
    /// `partnerId`, `orgName`, `ftmId`, `make`, `model`, `status`, `createdDateTime`.
    pub sort_field_name: Option<String>,
    pub sort_type: Option<String>,
    pub page_no: Option<String>,
    pub page_size: Option<String>,
}

/// Legacy chip search item.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChipSearchItem {
    pub ftp_chip_detail_id: String,
    pub ftp_provider_id: String,
    pub make: String,
    pub model: String,
    pub certificate_alias: Option<String>,
    pub partner_organization_name: Option<String>,
    pub is_active: bool,
    pub is_deleted: bool,
    pub cr_by: String,
    pub cr_dtimes: String,
    pub del_dtimes: Option<String>,
    pub upd_by: Option<String>,
    pub upd_dtimes: Option<String>,
    pub approval_status: String,
}

impl From<Chip> for ChipSearchItem {
    fn from(c: Chip) -> Self {
        ChipSearchItem {
            ftp_chip_detail_id: c.id,
            ftp_provider_id: c.foundational_trust_provider_id,
            make: c.make,
            model: c.model,
            certificate_alias: c.certificate_alias,
            partner_organization_name: c.partner_org_name,
            is_active: c.is_active,
            is_deleted: false,
            cr_by: c.cr_by,
            cr_dtimes: time(c.cr_dtimes),
            del_dtimes: None,
            upd_by: c.upd_by,
            upd_dtimes: c.upd_dtimes.map(time),
            approval_status: c.approval_status,
        }
    }
}

fn list_params(
    sort_field_name: Option<String>,
    sort_type: Option<String>,
    page_no: Option<String>,
    page_size: Option<String>,
) -> ListParams {
    ListParams { sort_field_name, sort_type, page_no, page_size, ..ListParams::default() }
}

// ------------------------------------------------------------------ devices

/// Register a device make and model without an SBI (deprecated: use
/// `POST /securebiometricinterface/{sbiId}/devices`).
#[utoipa::path(post, path = "/v1/partnermanager/devicedetail", tag = TAG,
    request_body = RequestWrapper<DeviceDetailRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The device's id, or errors PMS_COR_001, PMS_AUT_001, PMS_AUT_002, PMS_AUT_003, PMS_DEVICE_ERROR_001, PMS_DEVICE_ERROR_003", body = ResponseWrapper<IdResponse>)))]
pub async fn create_device(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<DeviceDetailRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(s.services.create_device(&ctx, &request.into()).await.map(|d| IdResponse { id: d.id }))
}

/// Change a waiting device's type, make and model (deprecated).
#[utoipa::path(put, path = "/v1/partnermanager/devicedetail", tag = TAG,
    request_body = RequestWrapper<DeviceDetailRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The device's id, or errors PMS_COR_001, PMS_AUT_001, PMS_AUT_003, PMS_AUT_005, PMS_DEVICE_ERROR_010, PMS_DEVICE_ERROR_016", body = ResponseWrapper<IdResponse>)))]
pub async fn update_device(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<DeviceDetailRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(s.services.update_device(&ctx, &request.into()).await.map(|d| IdResponse { id: d.id }))
}

/// Approve (`Activate`) or turn down (`De-activate`) a device (deprecated: use
/// `POST /devicedetail/{id}/approval`). A decided device is not decided again.
#[utoipa::path(patch, path = "/v1/partnermanager/devicedetail", tag = TAG,
    request_body = RequestWrapper<ApprovalStatusRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A message, or errors PMS_COR_001, PMS_AUT_005, PMS_AUT_025, PMS_DEVICE_ERROR_010, PMS_DEVICE_ERROR_014", body = ResponseWrapper<String>)))]
pub async fn legacy_device_status(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<ApprovalStatusRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services.legacy_device_status(&ctx, request.id.as_deref(), request.approval_status.as_deref()).await.map(
            |to| match to {
                pms_domain::device::Status::Approved => "Device details approved successfully.",
                _ => "Device details rejected successfully.",
            },
        ),
    )
}

/// Devices with the SBI each is listed under, filtered, sorted and paged (default page 0 of
/// 8); device providers see their own.
#[utoipa::path(get, path = "/v1/partnermanager/devicedetail", tag = TAG, params(DeviceListParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS_CERTIFICATE_ERROR_002, PMS_PS_ERROR_006/007/008, PMS_PRT_357/358/360/361", body = ResponseWrapperV2<PageResponseV2<DeviceItem>>)))]
pub async fn list_devices(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Query(q): Query<DeviceListParams>,
) -> Response {
    let params = list_params(q.sort_field_name, q.sort_type, q.page_no, q.page_size);
    let query = DeviceQuery {
        partner_id: q.partner_id,
        org_name: q.org_name,
        device_type: q.device_type,
        device_sub_type: q.device_sub_type,
        make: q.make,
        model: q.model,
        sbi_id: q.sbi_id,
        sbi_version: q.sbi_version,
        device_id: q.device_id,
        status: q.status,
    };
    Reply::v2("mosip.pms.get.all.device.details.get").result(s.services.devices(&ctx, &query, &params).await.map(|p| {
        PageResponseV2::new(p.page_no, p.page_size, p.total, p.items.into_iter().map(DeviceItem::from).collect())
    }))
}

/// Search devices (legacy `SearchDto`), in SQL; providers find their own.
#[utoipa::path(post, path = "/v1/partnermanager/devicedetail/search", tag = TAG,
    request_body = RequestWrapper<SearchDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS-MSD-310…392", body = ResponseWrapper<PageResponse<DeviceSearchItem>>)))]
pub async fn search_devices(State(s): State<AppState>, Caller(ctx): Caller, body: LegacyJson<SearchDto>) -> Response {
    let dto = &body.request;
    body.reply.result(
        s.services
            .search_devices(&ctx, &dto.clone().into())
            .await
            .map(|p| PageResponse::of(dto, p, DeviceSearchItem::from)),
    )
}

/// Search device subtypes (MOSIP's reference data: Finger Slap/Single/Touchless, Iris
/// Single/Double, Face Full face).
#[utoipa::path(post, path = "/v1/partnermanager/devicedetail/deviceType/search", tag = TAG,
    request_body = RequestWrapper<SearchDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS-MSD-310…392", body = ResponseWrapper<PageResponse<SubTypeItem>>)))]
pub async fn search_device_sub_types(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<SearchDto>,
) -> Response {
    let dto = &body.request;
    body.reply.result(
        s.services
            .search_device_sub_types(&ctx, &dto.clone().into())
            .await
            .map(|p| PageResponse::of(dto, p, SubTypeItem::from)),
    )
}

/// Distinct values of device columns.
#[utoipa::path(post, path = "/v1/partnermanager/devicedetail/filtervalues", tag = TAG,
    request_body = RequestWrapper<FilterValueDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<FilterResponse>)))]
pub async fn device_filter_values(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<FilterValueDto>,
) -> Response {
    let dto = &body.request;
    body.reply.result(s.services.device_filter_values(&ctx, &dto.clone().into()).await.map(filter_values))
}

/// Distinct values of device-type columns.
#[utoipa::path(post, path = "/v1/partnermanager/devicedetail/deviceType/filtervalues", tag = TAG,
    request_body = RequestWrapper<FilterValueDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<FilterResponse>)))]
pub async fn device_type_filter_values(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<FilterValueDto>,
) -> Response {
    let dto = &body.request;
    body.reply.result(s.services.device_type_filter_values(&ctx, &dto.clone().into()).await.map(filter_values))
}

/// Distinct values of device-subtype columns.
#[utoipa::path(post, path = "/v1/partnermanager/devicedetail/deviceSubType/filtervalues", tag = TAG,
    request_body = RequestWrapper<FilterValueDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<FilterResponse>)))]
pub async fn device_sub_type_filter_values(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<FilterValueDto>,
) -> Response {
    let dto = &body.request;
    body.reply.result(s.services.device_sub_type_filter_values(&ctx, &dto.clone().into()).await.map(filter_values))
}

/// Deactivate an approved device (its provider or the Partner Admin).
#[utoipa::path(patch, path = "/v1/partnermanager/devicedetail/{deviceId}", tag = TAG,
    params(("deviceId" = String, Path)),
    request_body(content = RequestWrapperV2<DeactivateDevice>, description = "id `mosip.pms.deactivate.device.patch`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or errors PMS_REQUEST_ERROR_002…006, PMS_DEVICE_ERROR_026, PMS_DEVICE_ERROR_013, PMS_DEVICE_ERROR_006, PMS_DEVICE_ERROR_016, PMS_PMP_016, PMS_DEVICE_ERROR_023, PMS_DEVICE_ERROR_014", body = ResponseWrapperV2<DeviceDeactivated>)))]
pub async fn deactivate_device(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: V2Json<DeactivateDevice>,
) -> Response {
    let V2Json { request, reply } = body;
    reply.result(s.services.deactivate_device(&ctx, &id, request.status.as_deref()).await.map(|d| DeviceDeactivated {
        device_id: d.id,
        status: "deactivated".into(),
        is_active: d.is_active,
    }))
}

/// Approve or reject a device under the SBI it was added to.
#[utoipa::path(post, path = "/v1/partnermanager/devicedetail/{id}/approval", tag = TAG,
    params(("id" = String, Path, description = "The device's id")),
    request_body(content = RequestWrapperV2<DeviceApprovalRequest>, description = "id `mosip.pms.approval.mapping.device.to.sbi.post`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "`true`, or errors PMS_REQUEST_ERROR_001…006, PMS_DEVICE_ERROR_027, PMS_DEVICE_ERROR_024, PMS_DEVICE_ERROR_025, PMS_DEVICE_ERROR_005, PMS_DEVICE_ERROR_002, PMS_DEVICE_ERROR_009, PMS_DEVICE_ERROR_021, PMS_DEVICE_ERROR_028, PMS_DEVICE_ERROR_029, PMS_DEVICE_ERROR_006, PMS_DEVICE_ERROR_007, PMS_DEVICE_ERROR_010, PMS_DEVICE_ERROR_012", body = ResponseWrapperV2<bool>)))]
pub async fn decide_device(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: V2Json<DeviceApprovalRequest>,
) -> Response {
    let V2Json { request, reply } = body;
    reply.result(
        s.services
            .decide_device(
                &ctx,
                &id,
                request.partner_id.as_deref(),
                request.sbi_id.as_deref(),
                request.status.as_deref(),
                request.reason.as_deref(),
            )
            .await
            .map(|_| true),
    )
}

// ------------------------------------------------------------------ SBIs

/// Register an SBI version for a device provider; it waits for the Partner Admin.
#[utoipa::path(post, path = "/v1/partnermanager/securebiometricinterface", tag = TAG,
    request_body = RequestWrapper<SbiRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The SBI's id, or errors PMS_COR_001, PMS_AUT_514, PMS_AUT_508, PMS_AUT_516, PMS_AUT_515, PMS_AUT_002, PMS_AUT_512, PMS_DEVICE_ERROR_001, PMS_DEVICE_ERROR_003", body = ResponseWrapper<IdResponse>)))]
pub async fn create_sbi(State(s): State<AppState>, Caller(ctx): Caller, body: LegacyJson<SbiRequest>) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(s.services.create_sbi(&ctx, &request.input()).await.map(|s| IdResponse { id: s.id }))
}

/// Change a waiting SBI's hash, version and dates (deprecated). `isActive` is ignored.
#[utoipa::path(put, path = "/v1/partnermanager/securebiometricinterface", tag = TAG,
    request_body = RequestWrapper<SbiRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The SBI's id, or errors PMS_COR_001, PMS_AUT_007, PMS_AUT_508, PMS_AUT_512, PMS_AUT_514…518, PMS_DEVICE_ERROR_019, PMS_DEVICE_ERROR_020, PMS_PMP_016", body = ResponseWrapper<IdResponse>)))]
pub async fn update_sbi(State(s): State<AppState>, Caller(ctx): Caller, body: LegacyJson<SbiRequest>) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services.update_sbi(&ctx, request.id.as_deref(), &request.input()).await.map(|s| IdResponse { id: s.id }),
    )
}

/// Approve (`Activate`, also for a deactivated SBI) or reject (`De-activate`) an SBI.
#[utoipa::path(patch, path = "/v1/partnermanager/securebiometricinterface", tag = TAG,
    request_body = RequestWrapper<ApprovalStatusRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A message, or errors PMS_COR_001, PMS_AUT_007, PMS_AUT_026, PMS_AUT_517, PMS_AUT_518, PMS_DEVICE_ERROR_020", body = ResponseWrapper<String>)))]
pub async fn decide_sbi(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<ApprovalStatusRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services
            .decide_sbi(&ctx, request.id.as_deref(), request.approval_status.as_deref(), request.reason.as_deref())
            .await
            .map(|s| {
                if s.approval_status == "approved" {
                    "Secure biometric details approved successfully."
                } else {
                    "Secure biometric details rejected successfully."
                }
            }),
    )
}

/// SBIs with their device counts and expiry status, filtered, sorted and paged; device
/// providers see their own.
#[utoipa::path(get, path = "/v1/partnermanager/securebiometricinterface", tag = TAG, params(SbiListParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS_CERTIFICATE_ERROR_002, PMS_PS_ERROR_006/007/008, PMS_PRT_357/358/360/361", body = ResponseWrapperV2<PageResponseV2<SbiItem>>)))]
pub async fn list_sbis(State(s): State<AppState>, Caller(ctx): Caller, Query(q): Query<SbiListParams>) -> Response {
    let params = list_params(q.sort_field_name, q.sort_type, q.page_no, q.page_size);
    let query = SbiQuery {
        partner_id: q.partner_id,
        org_name: q.org_name,
        sbi_id: q.sbi_id,
        sbi_version: q.sbi_version,
        status: q.status,
        sbi_expiry_status: q.sbi_expiry_status,
    };
    Reply::v2("mosip.pms.all.sbi.details.get").result(s.services.sbis(&ctx, &query, &params).await.map(|p| {
        PageResponseV2::new(p.page_no, p.page_size, p.total, p.items.into_iter().map(SbiItem::from).collect())
    }))
}

/// Search SBIs (legacy `SearchDto`), in SQL; providers find their own.
#[utoipa::path(post, path = "/v1/partnermanager/securebiometricinterface/search", tag = TAG,
    request_body = RequestWrapper<SearchDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS-MSD-310…392", body = ResponseWrapper<PageResponse<SbiSearchItem>>)))]
pub async fn search_sbis(State(s): State<AppState>, Caller(ctx): Caller, body: LegacyJson<SearchDto>) -> Response {
    let dto = &body.request;
    body.reply.result(
        s.services.search_sbis(&ctx, &dto.clone().into()).await.map(|p| PageResponse::of(dto, p, SbiSearchItem::from)),
    )
}

/// Map an approved device to an approved SBI of the same provider (deprecated).
#[utoipa::path(put, path = "/v1/partnermanager/securebiometricinterface/devicedetails/map", tag = TAG,
    request_body = RequestWrapper<MappingRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "`Success` or `Mapping already exists`, or errors PMS_AUT_005, PMS_AUT_027, PMS_AUT_028, PMS_AUT_007, PMS_AUT_511, PMS_AUT_513, PMS_AUT_509", body = ResponseWrapper<String>)))]
pub async fn map_device(State(s): State<AppState>, Caller(ctx): Caller, body: LegacyJson<MappingRequest>) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(s.services.map_device(&ctx, request.device_detail_id.as_deref(), request.sbi_id.as_deref()).await.map(
        |made| {
            if made {
                "Success"
            } else {
                "Mapping already exists"
            }
        },
    ))
}

/// Remove a device's mapping to an SBI (deprecated).
#[utoipa::path(put, path = "/v1/partnermanager/securebiometricinterface/devicedetails/map/remove", tag = TAG,
    request_body = RequestWrapper<MappingRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "`Success`, or error PMS_AUT_510", body = ResponseWrapper<String>)))]
pub async fn unmap_device(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<MappingRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services
            .unmap_device(&ctx, request.device_detail_id.as_deref(), request.sbi_id.as_deref())
            .await
            .map(|()| "Success"),
    )
}

/// Search device↔SBI mappings (legacy `SearchDto`).
#[utoipa::path(post, path = "/v1/partnermanager/securebiometricinterface/devicedetails/map/search", tag = TAG,
    request_body = RequestWrapper<SearchDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS-MSD-310…392", body = ResponseWrapper<PageResponse<MappingItem>>)))]
pub async fn search_mappings(State(s): State<AppState>, Caller(ctx): Caller, body: LegacyJson<SearchDto>) -> Response {
    let dto = &body.request;
    body.reply.result(s.services.search_mappings(&ctx, &dto.clone().into()).await.map(|p| {
        PageResponse::of(dto, p, |(device_id, sbi_id, d, sbi, at, by)| MappingItem {
            device_detail_id: device_id,
            sbi_id,
            provider_id: d.as_ref().map(|d| d.dprovider_id.clone()),
            provider_name: d.as_ref().and_then(|d| d.partner_org_name.clone()),
            make: d.as_ref().map(|d| d.make.clone()),
            model: d.as_ref().map(|d| d.model.clone()),
            device_type_code: d.as_ref().map(|d| d.dtype_code.clone()),
            device_sub_type_code: d.map(|d| d.dstype_code),
            sw_binary_hash: sbi.as_ref().map(|s| s.sw_binary_hash.clone()),
            sw_version: sbi.map(|s| s.sw_version),
            cr_by: by,
            cr_dtimes: time(at),
        })
    }))
}

/// Distinct values of SBI columns.
#[utoipa::path(post, path = "/v1/partnermanager/securebiometricinterface/filtervalues", tag = TAG,
    request_body = RequestWrapper<FilterValueDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapper<FilterResponse>)))]
pub async fn sbi_filter_values(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<FilterValueDto>,
) -> Response {
    let dto = &body.request;
    body.reply.result(s.services.sbi_filter_values(&ctx, &dto.clone().into()).await.map(filter_values))
}

/// Add a device to an approved, unexpired SBI of the same provider; the device waits for the
/// Partner Admin. On any refusal nothing is stored.
#[utoipa::path(post, path = "/v1/partnermanager/securebiometricinterface/{sbiId}/devices", tag = TAG,
    params(("sbiId" = String, Path)),
    request_body(content = RequestWrapperV2<DeviceDetailRequest>, description = "id `mosip.pms.add.device.to.sbi.id.post`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The device's id, or errors PMS_REQUEST_ERROR_002…006, PMS_DEVICE_ERROR_001, PMS_AUT_001, PMS_AUT_002, PMS_AUT_003, PMS_DEVICE_ERROR_005, PMS_DEVICE_ERROR_002, PMS_DEVICE_ERROR_009, PMS_DEVICE_ERROR_028, PMS_DEVICE_ERROR_029, PMS_DEVICE_ERROR_021", body = ResponseWrapperV2<IdResponse>)))]
pub async fn add_device_to_sbi(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(sbi_id): Path<String>,
    body: V2Json<DeviceDetailRequest>,
) -> Response {
    let V2Json { request, reply } = body;
    reply.result(s.services.add_device_to_sbi(&ctx, &sbi_id, &request.into()).await.map(|d| IdResponse { id: d.id }))
}

/// The devices of one of the caller's SBIs.
#[utoipa::path(get, path = "/v1/partnermanager/securebiometricinterface/{sbiId}/devices", tag = TAG,
    params(("sbiId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or errors PMS_DEVICE_ERROR_005, PMS_DEVICE_ERROR_019, PMS_DEVICE_ERROR_003", body = ResponseWrapperV2<Vec<SbiDeviceItem>>)))]
pub async fn sbi_devices(State(s): State<AppState>, Caller(ctx): Caller, Path(sbi_id): Path<String>) -> Response {
    Reply::v2("mosip.pms.sbi.devices.get").result(s.services.sbi_devices(&ctx, &sbi_id).await.map(|rows| {
        rows.into_iter()
            .map(|(d, _)| SbiDeviceItem {
                device_id: d.id,
                device_type_code: d.dtype_code,
                device_sub_type_code: d.dstype_code,
                device_provider_id: d.dprovider_id,
                make: d.make,
                model: d.model,
                status: d.approval_status,
                is_active: d.is_active,
                created_date_time: time(d.cr_dtimes),
            })
            .collect::<Vec<_>>()
    }))
}

/// Deactivate an approved SBI: its approved devices are deactivated and its waiting devices
/// rejected, in the same transaction.
#[utoipa::path(patch, path = "/v1/partnermanager/securebiometricinterface/{sbiId}", tag = TAG,
    params(("sbiId" = String, Path)),
    request_body(content = RequestWrapperV2<DeactivateSbi>, description = "id `mosip.pms.deactivate.sbi.patch`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or errors PMS_REQUEST_ERROR_002…006, PMS_DEVICE_ERROR_026, PMS_DEVICE_ERROR_017, PMS_DEVICE_ERROR_005, PMS_DEVICE_ERROR_019, PMS_PMP_016, PMS_DEVICE_ERROR_022, PMS_DEVICE_ERROR_020", body = ResponseWrapperV2<SbiDeactivated>)))]
pub async fn deactivate_sbi(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(sbi_id): Path<String>,
    body: V2Json<DeactivateSbi>,
) -> Response {
    let V2Json { request, reply } = body;
    reply.result(s.services.deactivate_sbi(&ctx, &sbi_id, request.status.as_deref()).await.map(|v| SbiDeactivated {
        sbi_id: v.sbi.id,
        sbi_version: v.sbi.sw_version,
        status: v.status.as_str().into(),
        is_active: v.sbi.is_active,
    }))
}

// ------------------------------------------------------------------ FTM chips

/// Register an FTM chip make and model; it waits for its certificate.
#[utoipa::path(post, path = "/v1/partnermanager/ftpchipdetail", tag = TAG,
    request_body = RequestWrapper<ChipRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The chip's id, or errors PMS_COR_001, PMP_AUT_030, PMP_AUT_032, PMP_AUT_034", body = ResponseWrapper<IdResponse>)))]
pub async fn create_chip(State(s): State<AppState>, Caller(ctx): Caller, body: LegacyJson<ChipRequest>) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services
            .create_chip(&ctx, request.ftp_provider_id.as_deref(), request.make.as_deref(), request.model.as_deref())
            .await
            .map(|c| IdResponse { id: c.id }),
    )
}

/// Change a chip's make and model until it is approved (deprecated).
#[utoipa::path(put, path = "/v1/partnermanager/ftpchipdetail", tag = TAG,
    request_body = RequestWrapper<ChipRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The chip's id, or errors PMS_COR_001, PMP_AUT_031, PMP_AUT_032, PMS_FTM_011", body = ResponseWrapper<IdResponse>)))]
pub async fn update_chip(State(s): State<AppState>, Caller(ctx): Caller, body: LegacyJson<ChipRequest>) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services
            .update_chip(&ctx, request.ftp_chip_detail_id.as_deref(), request.make.as_deref(), request.model.as_deref())
            .await
            .map(|c| IdResponse { id: c.id }),
    )
}

/// Approve (`true`) or reject (`false`) a chip waiting for approval.
#[utoipa::path(patch, path = "/v1/partnermanager/ftpchipdetail", tag = TAG,
    request_body = RequestWrapper<ChipDecisionRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A message, or errors PMS_COR_001, PMP_AUT_031, PMP_AUT_033, PMS_FTM_011", body = ResponseWrapper<String>)))]
pub async fn decide_chip(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<ChipDecisionRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services
            .decide_chip(
                &ctx,
                request.ftp_chip_detail_id.as_deref(),
                request.approval_status,
                request.reason.as_deref(),
            )
            .await
            .map(|_| "Status updated successfully."),
    )
}

/// The caller's chips with their certificate dates.
#[utoipa::path(get, path = "/v1/partnermanager/ftpchipdetail", tag = TAG,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or error PMS_CERTIFICATE_ERROR_002", body = ResponseWrapperV2<Vec<MyChipItem>>)))]
pub async fn my_chips(State(s): State<AppState>, Caller(ctx): Caller) -> Response {
    let now = s.services.now();
    Reply::v2("mosip.pms.ftm.chip.details.get").result(s.services.my_chips(&ctx).await.map(|rows| {
        rows.into_iter()
            .map(|v| {
                let cert = v.certificate.as_ref();
                MyChipItem {
                    ftm_id: v.chip.id,
                    partner_id: v.chip.foundational_trust_provider_id,
                    partner_status: v.partner_status,
                    make: v.chip.make,
                    model: v.chip.model,
                    status: v.status.as_str().into(),
                    is_active: v.chip.is_active,
                    is_certificate_available: cert.is_some(),
                    certificate_upload_date_time: cert.map(|c| time(c.uploaded_at)),
                    certificate_expiry_date_time: cert.map(|c| time(c.signed_not_after)),
                    is_certificate_expired: cert.is_some_and(|c| c.signed_not_after < now),
                    created_date_time: time(v.chip.cr_dtimes),
                }
            })
            .collect::<Vec<_>>()
    }))
}

/// Upload a chip's certificate: it must chain to the FTM trust store and name the provider's
/// organisation; the platform CA re-signs it. Each upload is a new version; the chip waits for
/// approval again.
#[utoipa::path(post, path = "/v1/partnermanager/ftpchipdetail/uploadcertificate", tag = TAG,
    request_body = RequestWrapper<ChipCertificateRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The platform-signed certificate, or errors PMS_COR_001, PMP_AUT_030, PMP_AUT_031, PMP_AUT_034, PMP_AUT_039, KER-PCM-*", body = ResponseWrapper<PartnerCertUploadResponse>)))]
pub async fn upload_chip_certificate(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<ChipCertificateRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    let input = ChipCertInput {
        provider_id: request.ftp_provider_id,
        chip_id: request.ftp_chip_deatil_id,
        certificate_data: request.certificate_data,
        organization_name: request.organization_name,
        partner_domain: request.partner_domain,
    };
    reply.result(s.services.upload_chip_certificate(&ctx, &input).await.map(|(_, c)| PartnerCertUploadResponse {
        signed_certificate_data: c.signed_pem,
        certificate_id: c.cert_id,
        timestamp: time(c.uploaded_at),
    }))
}

/// The chip's platform-signed certificate.
#[utoipa::path(get, path = "/v1/partnermanager/ftpchipdetail/getPartnerCertificate/{ftpChipDetailId}", tag = TAG,
    params(("ftpChipDetailId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or errors PMP_AUT_031, PMP_AUT_033, PMS_FTM_ERROR_006", body = ResponseWrapper<CertificateResponse>)))]
pub async fn chip_certificate(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    Reply::legacy("mosip.partnermanagement.ftpchipdetail.certificate.get").result(
        s.services
            .chip_certificate(&ctx, &id)
            .await
            .map(|c| CertificateResponse { certificate_data: c.signed_pem, timestamp: time(c.uploaded_at) }),
    )
}

/// Search chips (legacy `SearchDto`); FTM providers find their own.
#[utoipa::path(post, path = "/v1/partnermanager/ftpchipdetail/search", tag = TAG,
    request_body = RequestWrapper<SearchDto>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS-MSD-310…392", body = ResponseWrapper<PageResponse<ChipSearchItem>>)))]
pub async fn search_chips(State(s): State<AppState>, Caller(ctx): Caller, body: LegacyJson<SearchDto>) -> Response {
    let dto = &body.request;
    body.reply.result(
        s.services
            .search_chips(&ctx, &dto.clone().into())
            .await
            .map(|p| PageResponse::of(dto, p, ChipSearchItem::from)),
    )
}

/// Deactivate an approved chip (its provider or the Partner Admin).
#[utoipa::path(patch, path = "/v1/partnermanager/ftpchipdetail/{ftmId}", tag = TAG,
    params(("ftmId" = String, Path)),
    request_body(content = RequestWrapperV2<DeactivateFtm>, description = "id `mosip.pms.deactivate.ftm.patch`"),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or errors PMS_REQUEST_ERROR_002…006, PMS_DEVICE_ERROR_026, PMS_FTM_ERROR_004, PMS_FTM_ERROR_005, PMS_FTM_ERROR_006, PMS_PMP_016, PMS_FTM_ERROR_010, PMS_FTM_ERROR_007", body = ResponseWrapperV2<ChipDeactivated>)))]
pub async fn deactivate_chip(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: V2Json<DeactivateFtm>,
) -> Response {
    let V2Json { request, reply } = body;
    reply.result(s.services.deactivate_chip(&ctx, &id, request.status.as_deref()).await.map(|c| ChipDeactivated {
        ftm_id: c.id,
        status: "deactivated".into(),
        is_active: c.is_active,
    }))
}

/// Both copies of a chip's certificate with their dates; an expired copy's data is `""`.
#[utoipa::path(get, path = "/v1/partnermanager/ftpchipdetail/{ftmId}/certificate-data", tag = TAG,
    params(("ftmId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or errors PMS_FTM_ERROR_004, PMS_FTM_ERROR_005, PMS_FTM_ERROR_006, PMS_PMP_016, PMS_FTM_ERROR_008, PMS_FTM_ERROR_009", body = ResponseWrapperV2<CertificateDataResponse>)))]
pub async fn chip_certificate_data(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    let now = s.services.now();
    Reply::v2("mosip.pms.original.ftm.certificate.get").result(s.services.chip_certificate_data(&ctx, &id).await.map(
        |d| {
            let c = d.certificate;
            let blank = |expired: bool, pem: String| if expired { String::new() } else { pem };
            CertificateDataResponse {
                ca_signed_certificate_data: blank(d.original_expired, c.original_pem),
                is_ca_signed_certificate_expired: d.original_expired,
                ca_signed_cert_upload_date_time: time(c.not_before),
                ca_signed_cert_expiry_date_time: time(c.not_after),
                mosip_signed_certificate_data: blank(d.signed_expired, c.signed_pem),
                is_mosip_signed_certificate_expired: d.signed_expired,
                mosip_signed_cert_upload_date_time: time(c.uploaded_at),
                mosip_signed_cert_expiry_date_time: time(c.signed_not_after),
                is_trusted: d.trusted,
                days_left: (c.not_after.min(c.signed_not_after) - now).num_days(),
            }
        },
    ))
}

/// Chips, filtered, sorted and paged (default page 0 of 8); FTM providers see their own.
#[utoipa::path(get, path = "/v1/partnermanager/ftpchipdetail/v2", tag = TAG, params(ChipListParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS_CERTIFICATE_ERROR_002, PMS_PS_ERROR_006/007/008, PMS_PRT_357/358/360/361", body = ResponseWrapperV2<PageResponseV2<ChipItem>>)))]
pub async fn list_chips(State(s): State<AppState>, Caller(ctx): Caller, Query(q): Query<ChipListParams>) -> Response {
    let params = list_params(q.sort_field_name, q.sort_type, q.page_no, q.page_size);
    let query = ChipQuery {
        partner_id: q.partner_id,
        org_name: q.org_name,
        ftm_id: q.ftm_id,
        make: q.make,
        model: q.model,
        status: q.status,
    };
    Reply::v2("mosip.pms.partners.ftm.chip.details.get").result(s.services.chips(&ctx, &query, &params).await.map(
        |p| PageResponseV2::new(p.page_no, p.page_size, p.total, p.items.into_iter().map(ChipItem::from).collect()),
    ))
}
