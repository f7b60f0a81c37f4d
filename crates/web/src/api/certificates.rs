//! The trust store and partner certificates: MOSIP's certificate endpoints (§4.1, §4.3–4.4), the
//! trust-store lists, and PMS's own public reads (the platform CA, chains, the signed bundle).

use super::envelope::{PageResponseV2, Reply, RequestWrapper, RequestWrapperV2, ResponseWrapper, ResponseWrapperV2};
use super::extract::{Caller, LegacyJson, V2Json, V2Request};
use super::time;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use pms_domain::list::ListParams;
use pms_service::certificates::{PartnerCertData, TrustListQuery};
use pms_service::view::CaCertificate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const TAG: &str = "Certificates";

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload_ca))
        .routes(routes!(upload_partner_certificate))
        .routes(routes!(partner_certificate))
        .routes(routes!(partner_certificate_data))
        .routes(routes!(original_partner_certificate))
        .routes(routes!(my_partner_certificates))
        .routes(routes!(trust_certificates))
        .routes(routes!(trust_certificate))
        .routes(routes!(trust_certificate_file))
        .routes(routes!(deactivate_trust_certificate))
        .routes(routes!(expiring))
        .routes(routes!(trust_bundle))
        .routes(routes!(platform_ca))
        .routes(routes!(certificate_chain))
}

// ------------------------------------------------------------------ wire types

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"certificateData": "-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----", "partnerDomain": "AUTH"}))]
pub struct CaUploadRequest {
    /// PEM (one certificate or several), or base64 of DER or a PKCS#7 bundle.
    pub certificate_data: Option<String>,
    /// `AUTH`, `DEVICE` or `FTM`.
    pub partner_domain: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct CaUploadResponse {
    /// `Upload Success.` or `Partial Upload Success.`
    pub status: String,
    pub timestamp: String,
    /// PMS's addition: the ids of the stored certificates.
    #[serde(rename = "certificateIds")]
    pub certificate_ids: Vec<String>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PartnerCertUploadRequest {
    pub partner_id: Option<String>,
    /// The partner certificate, PEM.
    pub certificate_data: Option<String>,
    /// `AUTH`, `DEVICE` or `FTM`, as the partner's type requires.
    pub partner_domain: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PartnerCertUploadResponse {
    /// The platform-signed certificate, PEM.
    pub signed_certificate_data: String,
    pub certificate_id: String,
    pub timestamp: String,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CertificateResponse {
    pub certificate_data: String,
    pub timestamp: String,
}

/// Both copies of a partner's certificate; an expired copy's data is `""`, as MOSIP answers.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CertificateDataResponse {
    pub ca_signed_certificate_data: String,
    pub is_ca_signed_certificate_expired: bool,
    pub ca_signed_cert_upload_date_time: String,
    pub ca_signed_cert_expiry_date_time: String,
    pub mosip_signed_certificate_data: String,
    pub is_mosip_signed_certificate_expired: bool,
    pub mosip_signed_cert_upload_date_time: String,
    pub mosip_signed_cert_expiry_date_time: String,
    /// PMS's additions: whether the original still chains to active CA certificates, and the
    /// days left until the first of the two copies expires.
    pub is_trusted: bool,
    pub days_left: i64,
}

impl From<PartnerCertData> for CertificateDataResponse {
    fn from(d: PartnerCertData) -> Self {
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
            days_left: d.days_left,
        }
    }
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PartnerCertSummaryItem {
    pub partner_id: String,
    pub partner_type: String,
    pub is_certificate_available: bool,
    /// The subject of the platform-signed certificate.
    pub certificate_issued_to: Option<String>,
    pub certificate_upload_date_time: Option<String>,
    pub certificate_expiry_date_time: Option<String>,
    /// False only for an approved partner that was deactivated.
    pub is_partner_active: bool,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrustCertificateItem {
    pub cert_id: String,
    pub ca_certificate_type: String,
    pub partner_domain: String,
    pub issued_to: String,
    pub issued_by: String,
    pub cert_thumbprint: String,
    pub valid_from_date: String,
    pub valid_till_date: String,
    pub upload_time: String,
    pub uploaded_by: String,
    /// `active` or `deactivated` (PMS can take a CA out of the trust store).
    pub status: String,
    /// Whether `validTillDate` has passed, at the server's clock.
    pub is_expired: bool,
    pub issuer_id: Option<String>,
    pub serial: String,
    pub sha256_thumbprint: String,
}

impl TrustCertificateItem {
    fn at(c: CaCertificate, now: chrono::DateTime<chrono::Utc>) -> Self {
        TrustCertificateItem {
            is_expired: c.not_after < now,
            cert_id: c.cert_id,
            ca_certificate_type: c.ca_type,
            partner_domain: c.partner_domain,
            issued_to: c.subject_dn,
            issued_by: c.issuer_dn,
            cert_thumbprint: c.sha1_thumbprint,
            valid_from_date: time(c.not_before),
            valid_till_date: time(c.not_after),
            upload_time: time(c.uploaded_at),
            uploaded_by: c.uploaded_by,
            status: c.status,
            issuer_id: c.issuer_id,
            serial: c.serial,
            sha256_thumbprint: c.sha256_thumbprint,
        }
    }
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrustCertificateDetails {
    #[serde(flatten)]
    pub item: TrustCertificateItem,
    pub certificate_data: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct TrustListParams {
    /// `ROOT` or `INTERMEDIATE`.
    pub ca_certificate_type: Option<String>,
    /// `AUTH`, `DEVICE` or `FTM`.
    pub partner_domain: Option<String>,
    pub certificate_id: Option<String>,
    pub issued_to: Option<String>,
    pub issued_by: Option<String>,
    /// `active` or `deactivated`.
    pub status: Option<String>,
    /// Only certificates expiring within this many days.
    pub expiring_within_days: Option<String>,
    /// `caCertificateType`, `certificateId`, `partnerDomain`, `issuedTo`, `issuedBy`, `validFrom`,
    /// `validTill`, `uploadedDateTime`, `status`.
    pub sort_field_name: Option<String>,
    pub sort_type: Option<String>,
    pub page_no: Option<String>,
    pub page_size: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct P7bResponse {
    /// PEM-armoured PKCS#7 holding the certificate and the chain above it.
    pub p7b_file: String,
    pub timestamp: String,
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeactivateCaRequest {
    /// Why, for the audit trail.
    pub reason: Option<String>,
}

impl V2Request for DeactivateCaRequest {
    const ID: &'static str = "mosip.pms.trust.certificate.deactivate.post";
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExpiringParams {
    /// Days ahead (the configured warning period, 90 by default, when absent).
    pub days: Option<u32>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExpiringPartnerCertificate {
    pub partner_id: String,
    pub certificate_id: String,
    pub issued_to: String,
    pub ca_signed_cert_expiry_date_time: String,
    pub mosip_signed_cert_expiry_date_time: String,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExpiringResponse {
    pub days: u32,
    pub ca_certificates: Vec<TrustCertificateItem>,
    pub partner_certificates: Vec<ExpiringPartnerCertificate>,
    /// Approved SBIs whose expiry date comes within the period.
    pub sbis: Vec<ExpiringSbi>,
    /// Current certificates of approved FTM chips.
    pub chip_certificates: Vec<ExpiringChipCertificate>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExpiringSbi {
    pub sbi_id: String,
    pub partner_id: String,
    pub sbi_version: String,
    pub sbi_expiry_date_time: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExpiringChipCertificate {
    pub ftm_id: String,
    pub certificate_id: String,
    pub issued_to: String,
    pub ca_signed_cert_expiry_date_time: String,
    pub mosip_signed_cert_expiry_date_time: String,
}

// ------------------------------------------------------------------ handlers

/// Upload root or intermediate CA certificates into a partner domain's trust store.
#[utoipa::path(post, path = "/v1/partnermanager/partners/certificate/ca/upload", tag = TAG,
    request_body = RequestWrapper<CaUploadRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Stored, or errors PMS_COR_001, KER-PCM-001/003/004/005/007/011/013/014/017/018, KER-PMS-020", body = ResponseWrapper<CaUploadResponse>)))]
pub async fn upload_ca(State(s): State<AppState>, Caller(ctx): Caller, body: LegacyJson<CaUploadRequest>) -> Response {
    let LegacyJson { request, reply } = body;
    let now = time(s.services.now());
    reply.result(
        s.services
            .upload_ca_certificates(&ctx, request.partner_domain.as_deref(), request.certificate_data.as_deref())
            .await
            .map(|u| CaUploadResponse {
                status: u.status.into(),
                timestamp: now,
                certificate_ids: u.stored.into_iter().map(|c| c.cert_id).collect(),
            }),
    )
}

/// Upload a partner's certificate: validated against its domain's trust store and re-signed by
/// the platform CA. With `PMS_PARTNER_APPROVAL=on-certificate` it approves the partner.
#[utoipa::path(post, path = "/v1/partnermanager/partners/certificate/upload", tag = TAG,
    request_body = RequestWrapper<PartnerCertUploadRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Stored, or errors PMS_COR_001, PMS_PRT_005, PMS_PRT_055, PMS_PMP_016, PMS_PRT_010, PMS_PRT_054, KER-PCM-*", body = ResponseWrapper<PartnerCertUploadResponse>)))]
pub async fn upload_partner_certificate(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    body: LegacyJson<PartnerCertUploadRequest>,
) -> Response {
    let LegacyJson { request, reply } = body;
    reply.result(
        s.services
            .upload_partner_certificate(
                &ctx,
                request.partner_id.as_deref(),
                request.partner_domain.as_deref(),
                request.certificate_data.as_deref(),
            )
            .await
            .map(|u| PartnerCertUploadResponse {
                signed_certificate_data: u.certificate.signed_pem,
                certificate_id: u.certificate.cert_id,
                timestamp: time(u.certificate.uploaded_at),
            }),
    )
}

/// The partner's platform-signed certificate.
#[utoipa::path(get, path = "/v1/partnermanager/partners/{partnerId}/certificate", tag = TAG,
    params(("partnerId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or errors PMS_PRT_005, PMS_PRT_055, PMS_PRT_108", body = ResponseWrapper<CertificateResponse>)))]
pub async fn partner_certificate(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    let now = time(s.services.now());
    Reply::legacy("mosip.pms.partner.certificate.get").result(
        s.services
            .partner_certificate(&ctx, &id)
            .await
            .map(|c| CertificateResponse { certificate_data: c.signed_pem, timestamp: now }),
    )
}

/// Both copies of the partner's certificate with their dates and expiry.
#[utoipa::path(get, path = "/v1/partnermanager/partners/{partnerId}/certificate-data", tag = TAG,
    params(("partnerId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or errors PMS_CERTIFICATE_ERROR_002/007/009, PMS_PRT_005, PMS_PRT_108", body = ResponseWrapperV2<CertificateDataResponse>)))]
pub async fn partner_certificate_data(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
) -> Response {
    Reply::v2("mosip.pms.get.partner.certificate.data.get")
        .result(s.services.partner_certificate_data(&ctx, &id).await.map(CertificateDataResponse::from))
}

/// The revamp portal's earlier name of `certificate-data`.
#[utoipa::path(get, path = "/v1/partnermanager/partners/{partnerId}/original-partner-certificate", tag = TAG,
    params(("partnerId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "As certificate-data", body = ResponseWrapperV2<CertificateDataResponse>)))]
pub async fn original_partner_certificate(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
) -> Response {
    Reply::v2("mosip.pms.original.partner.certificate.get")
        .result(s.services.partner_certificate_data(&ctx, &id).await.map(CertificateDataResponse::from))
}

/// Each of the caller's partners with its certificate.
#[utoipa::path(get, path = "/v1/partnermanager/partners/partner-certificates-details", tag = TAG,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or error PMS_CERTIFICATE_ERROR_002", body = ResponseWrapperV2<Vec<PartnerCertSummaryItem>>)))]
pub async fn my_partner_certificates(State(s): State<AppState>, Caller(ctx): Caller) -> Response {
    Reply::v2("mosip.pms.partner.certificates.get").result(s.services.my_partner_certificates(&ctx).await.map(|list| {
        list.into_iter()
            .map(|row| {
                let status = row.partner.status();
                let p = row.partner.partner;
                PartnerCertSummaryItem {
                    partner_id: p.id,
                    partner_type: p.partner_type_code,
                    is_certificate_available: row.certificate.is_some(),
                    certificate_issued_to: row.certificate.as_ref().map(|c| c.subject_dn.clone()),
                    certificate_upload_date_time: row.certificate.as_ref().map(|c| time(c.uploaded_at)),
                    certificate_expiry_date_time: row.certificate.as_ref().map(|c| time(c.signed_not_after)),
                    is_partner_active: status != pms_domain::partner::PartnerStatus::Deactivated,
                }
            })
            .collect::<Vec<_>>()
    }))
}

/// The trust store: root and intermediate CA certificates, filtered, sorted and paged.
#[utoipa::path(get, path = "/v1/partnermanager/trust-chain-certificates", tag = TAG, params(TrustListParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "A page, or errors PMS_PS_ERROR_006/007, PMS_PRT_357/358/360/361", body = ResponseWrapperV2<PageResponseV2<TrustCertificateItem>>)))]
pub async fn trust_certificates(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Query(q): Query<TrustListParams>,
) -> Response {
    let now = s.services.now();
    let params = ListParams {
        sort_field_name: q.sort_field_name,
        sort_type: q.sort_type,
        page_no: q.page_no,
        page_size: q.page_size,
        ..ListParams::default()
    };
    let query = TrustListQuery {
        ca_certificate_type: q.ca_certificate_type,
        partner_domain: q.partner_domain,
        certificate_id: q.certificate_id,
        issued_to: q.issued_to,
        issued_by: q.issued_by,
        status: q.status,
        expiring_within_days: q.expiring_within_days,
    };
    Reply::v2("mosip.pms.trust.certificates.get").result(
        s.services.trust_certificates(&ctx, &query, &params).await.map(|page| {
            let items = page.items.into_iter().map(|c| TrustCertificateItem::at(c, now)).collect();
            PageResponseV2::new(page.page_no, page.page_size, page.total, items)
        }),
    )
}

/// One CA certificate of the trust store, with its PEM.
#[utoipa::path(get, path = "/v1/partnermanager/trust-chain-certificates/{certificateId}", tag = TAG,
    params(("certificateId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or errors PMS_CERTIFICATE_ERROR_012, PMS_TRUST_001", body = ResponseWrapperV2<TrustCertificateDetails>)))]
pub async fn trust_certificate(State(s): State<AppState>, Caller(ctx): Caller, Path(id): Path<String>) -> Response {
    let now = s.services.now();
    Reply::v2("mosip.pms.trust.certificate.get").result(s.services.trust_certificate(&ctx, &id).await.map(|c| {
        let certificate_data = c.cert_pem.clone();
        TrustCertificateDetails { item: TrustCertificateItem::at(c, now), certificate_data }
    }))
}

/// A CA certificate with its chain as a PKCS#7 file.
#[utoipa::path(get, path = "/v1/partnermanager/trust-chain-certificates/{certificateId}/certificateFile", tag = TAG,
    params(("certificateId" = String, Path)),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or errors PMS_CERTIFICATE_ERROR_012, PMS_TRUST_001", body = ResponseWrapperV2<P7bResponse>)))]
pub async fn trust_certificate_file(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
) -> Response {
    let reply = Reply::v2("mosip.pms.download.trust.certificate.get");
    if let Err(e) = s.services.trust_certificate(&ctx, &id).await {
        return reply.error(e);
    }
    let now = time(s.services.now());
    reply.result(s.services.certificate_chain(&id).await.map(|p7b_file| P7bResponse { p7b_file, timestamp: now }))
}

/// Takes a CA certificate out of the trust store (partner certificates chaining only through it
/// become untrusted).
#[utoipa::path(post, path = "/v1/partnermanager/trust-chain-certificates/{certificateId}/deactivate", tag = TAG,
    params(("certificateId" = String, Path)),
    request_body = RequestWrapperV2<DeactivateCaRequest>,
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Or errors PMS_TRUST_001, PMS_TRUST_002", body = ResponseWrapperV2<TrustCertificateItem>)))]
pub async fn deactivate_trust_certificate(
    State(s): State<AppState>,
    Caller(ctx): Caller,
    Path(id): Path<String>,
    body: V2Json<DeactivateCaRequest>,
) -> Response {
    let now = s.services.now();
    body.reply.result(s.services.deactivate_ca(&ctx, &id).await.map(|c| TrustCertificateItem::at(c, now)))
}

/// CA and partner certificates, SBIs and FTM chip certificates expiring within the given number
/// of days.
#[utoipa::path(get, path = "/v1/pms/certificates/expiring", tag = TAG, params(ExpiringParams),
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = ResponseWrapperV2<ExpiringResponse>), (status = 403, description = "Partner Admin only")))]
pub async fn expiring(State(s): State<AppState>, Caller(ctx): Caller, Query(q): Query<ExpiringParams>) -> Response {
    let now = s.services.now();
    Reply::v2("pms.certificates.expiring.get").result(s.services.expiring_certificates(&ctx, q.days).await.map(|e| {
        ExpiringResponse {
            days: e.days,
            ca_certificates: e.ca_certificates.into_iter().map(|c| TrustCertificateItem::at(c, now)).collect(),
            partner_certificates: e
                .partner_certificates
                .into_iter()
                .map(|c| ExpiringPartnerCertificate {
                    partner_id: c.partner_id,
                    certificate_id: c.cert_id,
                    issued_to: c.subject_dn,
                    ca_signed_cert_expiry_date_time: time(c.not_after),
                    mosip_signed_cert_expiry_date_time: time(c.signed_not_after),
                })
                .collect(),
            sbis: e
                .sbis
                .into_iter()
                .map(|s| ExpiringSbi {
                    sbi_id: s.id,
                    partner_id: s.provider_id,
                    sbi_version: s.sw_version,
                    sbi_expiry_date_time: s.sw_expiry_dtimes.map(time),
                })
                .collect(),
            chip_certificates: e
                .chip_certificates
                .into_iter()
                .map(|c| ExpiringChipCertificate {
                    ftm_id: c.chip_id,
                    certificate_id: c.cert_id,
                    issued_to: c.subject_dn,
                    ca_signed_cert_expiry_date_time: time(c.not_after),
                    mosip_signed_cert_expiry_date_time: time(c.signed_not_after),
                })
                .collect(),
        }
    }))
}

fn text(content_type: &'static str, body: String) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// Every active CA certificate per domain and the platform CA certificates, as a JWS (compact
/// serialisation) signed by the platform CA, whose certificate is in the `x5c` header.
#[utoipa::path(get, path = "/v1/pms/trust-bundle", tag = TAG,
    responses((status = 200, description = "`application/jwt`", content_type = "application/jwt", body = String)))]
pub async fn trust_bundle(State(s): State<AppState>) -> Response {
    match s.services.trust_bundle().await {
        Ok(jws) => text("application/jwt", jws),
        Err(e) => Reply::anonymous().error(e),
    }
}

/// The platform CA certificate that signs partner certificates (PEM).
#[utoipa::path(get, path = "/v1/pms/platform-ca", tag = TAG,
    responses((status = 200, description = "PEM", content_type = "application/x-pem-file", body = String)))]
pub async fn platform_ca(State(s): State<AppState>) -> Response {
    text("application/x-pem-file", s.services.platform_certificate_pem())
}

/// A CA certificate and the chain above it as a PEM PKCS#7: where `CA_CERTIFICATE_UPLOADED`
/// points consumers (CA certificates are public).
#[utoipa::path(get, path = "/v1/pms/certificate-chains/{certificateId}", tag = TAG,
    params(("certificateId" = String, Path)),
    responses((status = 200, description = "PEM PKCS#7", content_type = "application/x-pem-file", body = String), (status = 404, description = "Unknown certificate")))]
pub async fn certificate_chain(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    match s.services.certificate_chain(&id).await {
        Ok(p7b) => text("application/x-pem-file", p7b),
        Err(pms_service::ServiceError::Business(e)) => Reply::anonymous().error_with_status(StatusCode::NOT_FOUND, e),
        Err(e) => Reply::anonymous().error(e),
    }
}
