//! Partner certificate pages: the user's partners with their certificates, and per partner the
//! upload (a file or pasted PEM), the current certificate with both copies to download, its expiry
//! and trust, and the upload history. The Partner Admin reaches any partner's page.

use super::session::{Session, SessionUpload};
use super::trust::{cert_failure, download, expiry, explain, upload_errors, uploaded_data, Expiry, DOMAINS};
use super::{date, failure, render, render_refused, FormErrors, Ltr, PageCtx, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use pms_domain::partner::{ApprovalMode, PartnerStatus};
use pms_domain::roles;
use pms_domain::trust::PartnerDomain;
use pms_service::certificates::PartnerCertData;
use pms_service::partners::PartnerView;
use pms_service::view::PartnerCertificate;
use pms_service::ServiceError;

/// Days left of a partner's certificate: the first of its two copies to expire.
pub fn partner_expiry(t: Tr, c: &PartnerCertificate, now: DateTime<Utc>, warning_days: u32) -> Expiry {
    expiry(t, c.not_after.min(c.signed_not_after), now, warning_days)
}

/// Whether certificates can be uploaded for a partner in this state.
pub fn may_upload(status: PartnerStatus) -> bool {
    matches!(status, PartnerStatus::InProgress | PartnerStatus::PendingApproval | PartnerStatus::Approved)
}

// ------------------------------------------------------------------ the user's partners

pub struct SummaryRow {
    pub id: String,
    pub org: String,
    pub partner_type: String,
    pub domain: &'static str,
    pub status: &'static str,
    pub certificate: Option<(Ltr, Expiry)>,
}

#[derive(Template)]
#[template(path = "certificates_list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<SummaryRow>,
}

pub async fn list(State(state): State<AppState>, s: Session) -> Response {
    let ctx = s.page();
    let t = ctx.t;
    let warning_days = state.services.config.certificate_expiry_warning_days;
    let now = state.services.now();
    match state.services.my_partner_certificates(&s.ctx).await {
        Ok(summaries) => {
            let rows = summaries
                .into_iter()
                .map(|sum| {
                    let p = sum.partner.partner;
                    SummaryRow {
                        status: PartnerStatus::from_row(&p.approval_status, p.is_active).as_str(),
                        domain: PartnerDomain::of_partner_type(&p.partner_type_code).as_str(),
                        partner_type: t.key("type", &p.partner_type_code),
                        certificate: sum
                            .certificate
                            .map(|c| (date(&c.uploaded_at), partner_expiry(t, &c, now, warning_days))),
                        id: p.id,
                        org: p.name,
                    }
                })
                .collect();
            render(ListPage { ctx, rows })
        }
        Err(ServiceError::Business(e)) if e.code == "PMS_CERTIFICATE_ERROR_002" => {
            render(ListPage { ctx, rows: Vec::new() })
        }
        Err(e) => cert_failure(ctx, e),
    }
}

// ------------------------------------------------------------------ one partner

pub struct Current {
    pub data: PartnerCertData,
    pub expiry: Expiry,
    pub uploaded: Ltr,
    pub valid_from: Ltr,
    pub original_till: Ltr,
    pub signed_till: Ltr,
}

pub struct HistoryRow {
    pub version: i32,
    pub uploaded: Ltr,
    pub by: String,
    pub valid_till: Ltr,
    pub thumbprint: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "certificate_view.html")]
struct ViewPage {
    ctx: PageCtx,
    partner: PartnerView,
    /// Where the page sits: the user's certificates, or the partner for the Partner Admin.
    crumb: (String, String),
    status: &'static str,
    current: Option<Current>,
    /// Why there is nothing to show or download, when the certificate cannot be read.
    unavailable: Option<String>,
    history: Vec<HistoryRow>,
    can_upload: bool,
    approves: bool,
    domains: [&'static str; 3],
    domain: String,
    pasted: String,
    errors: FormErrors,
}

/// The partner, if the caller may see its certificates: its own, or any for the Partner Admin.
async fn partner_of(state: &AppState, s: &Session, id: &str) -> Result<PartnerView, ServiceError> {
    if s.actor().has_any(roles::PARTNER_ROLES) {
        if let Some(v) = state.services.my_partners(&s.ctx).await?.into_iter().find(|v| v.partner.id == id) {
            return Ok(v);
        }
    }
    if s.actor().has_any(&[roles::PARTNER_ADMIN]) {
        return Ok(state.services.partner_details(&s.ctx, id).await?.view);
    }
    Err(pms_domain::error::USER_NOT_AUTHORIZED.err().into())
}

/// The page for a partner, with the upload form as given (errors, domain and pasted text).
async fn page(
    state: &AppState,
    s: &Session,
    id: &str,
    errors: FormErrors,
    domain: Option<String>,
    pasted: String,
) -> Result<ViewPage, ServiceError> {
    let ctx = s.page();
    let t = ctx.t;
    let partner = partner_of(state, s, id).await?;
    let history = state.services.partner_certificate_history(&s.ctx, id).await?;
    let warning_days = state.services.config.certificate_expiry_warning_days;
    let now = state.services.now();
    let (current, unavailable) = if history.is_empty() {
        (None, None)
    } else {
        match state.services.partner_certificate_data(&s.ctx, id).await {
            Ok(data) => {
                let c = &data.certificate;
                let current = Current {
                    expiry: partner_expiry(t, c, now, warning_days),
                    uploaded: date(&c.uploaded_at),
                    valid_from: date(&c.not_before),
                    original_till: date(&c.not_after),
                    signed_till: date(&c.signed_not_after),
                    data,
                };
                (Some(current), None)
            }
            Err(ServiceError::Business(e)) => (None, Some(explain(t, &e))),
            Err(e) => return Err(e),
        }
    };
    let status = partner.status();
    let crumb = if s.actor().has_any(roles::PARTNER_ROLES) {
        ("/certificates".to_string(), t.get("nav-certificates"))
    } else {
        (format!("/partners/{}", partner.partner.id), partner.partner.name.clone())
    };
    let domain =
        domain.unwrap_or_else(|| PartnerDomain::of_partner_type(&partner.partner.partner_type_code).as_str().into());
    Ok(ViewPage {
        history: history
            .into_iter()
            .map(|h| HistoryRow {
                version: h.version,
                uploaded: date(&h.uploaded_at),
                by: h.uploaded_by,
                valid_till: date(&h.not_after),
                thumbprint: h.sha1_thumbprint,
                status: h.status,
            })
            .collect(),
        can_upload: may_upload(status),
        approves: status == PartnerStatus::InProgress
            && state.services.config.partner_approval == ApprovalMode::OnCertificate,
        status: status.as_str(),
        crumb,
        partner,
        current,
        unavailable,
        domains: DOMAINS,
        domain,
        pasted,
        errors,
        ctx,
    })
}

pub async fn view(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    match page(&state, &s, &id, FormErrors::default(), None, String::new()).await {
        Ok(p) => render(p),
        Err(e) => cert_failure(s.page(), e),
    }
}

pub async fn upload(State(state): State<AppState>, Path(id): Path<String>, form: SessionUpload) -> Response {
    let s = &form.session;
    let before = match partner_of(&state, s, &id).await {
        Ok(p) => p.status(),
        Err(e) => return cert_failure(s.page(), e),
    };
    let domain = form.text("partnerDomain").map(str::to_string);
    let result = match uploaded_data(&form) {
        Ok(data) => {
            state.services.upload_partner_certificate(&s.ctx, Some(&id), domain.as_deref(), data.as_deref()).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(done) => {
            let approved = before != PartnerStatus::Approved && done.partner.status() == PartnerStatus::Approved;
            let flash = if approved { "certificate-uploaded-approved" } else { "certificate-uploaded" };
            Redirect::to(&format!("/certificates/{}?done={flash}", done.partner.partner.id)).into_response()
        }
        Err(e) => {
            let t = s.page().t;
            let Some(errors) = upload_errors(t, &e) else { return failure(s.page(), e) };
            let pasted = form.text("certificateData").unwrap_or_default().to_string();
            match page(&state, s, &id, errors, domain, pasted).await {
                Ok(p) => render_refused(p, true),
                Err(e) => cert_failure(s.page(), e),
            }
        }
    }
}

/// The original (`original`) or the platform-signed copy (`signed`), PEM.
pub async fn certificate_file(
    State(state): State<AppState>,
    s: Session,
    Path((id, copy)): Path<(String, String)>,
) -> Response {
    let ctx = s.page();
    let t = ctx.t;
    let data = match state.services.partner_certificate_data(&s.ctx, &id).await {
        Ok(d) => d,
        Err(e) => return cert_failure(ctx, e),
    };
    let c = data.certificate;
    let (expired, pem, suffix) = match copy.as_str() {
        "original.pem" => (data.original_expired, c.original_pem, "original"),
        "signed.pem" => (data.signed_expired, c.signed_pem, "signed"),
        _ => return (StatusCode::NOT_FOUND, "no such file").into_response(),
    };
    if expired {
        let title = t.get("error-title");
        let message = t.get("cert-copy-expired");
        let mut response = render(super::ErrorPage { ctx, title, message });
        *response.status_mut() = StatusCode::GONE;
        return response;
    }
    download("application/x-pem-file", &format!("{}-{suffix}", c.partner_id), "pem", pem)
}
