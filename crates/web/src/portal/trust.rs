//! Partner Admin pages of the certificate trust store: the CA list with its tabs and filters, a
//! CA's details and downloads, deactivation behind a confirmation page, the upload form (a file or
//! pasted PEM), and every certificate expiring soon with a timeline drawn on the server.

use super::groups::{ConfirmPage, PlainForm};
use super::session::{Session, SessionForm, SessionUpload};
use super::{
    date, failure, list_params, render, render_refused, ErrorPage, FormErrors, Ltr, PageCtx, Pager, Query, Tr,
};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query as QueryParams, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, Utc};
use pms_domain::trust::{self, CaStatus};
use pms_domain::{FieldRule, PmsError};
use pms_service::certificates::{TrustListQuery, MAX_CERTIFICATE_DATA};
use pms_service::view::{CaCertificate, ChipCertificate, PartnerCertificate, Sbi};
use pms_service::ServiceError;
use serde::Deserialize;

// ------------------------------------------------------------------ shared with the partner pages

/// How close a certificate is to its end, for colour and words.
pub struct Expiry {
    /// `expired`, `expiring` (within the warning period) or `valid`: a CSS class.
    pub class: &'static str,
    pub label: String,
}

pub fn expiry(t: Tr, not_after: DateTime<Utc>, now: DateTime<Utc>, warning_days: u32) -> Expiry {
    let days = trust::days_left(not_after, now);
    if not_after <= now {
        return Expiry { class: "expired", label: t.get("cert-expired") };
    }
    let class = if days <= i64::from(warning_days) { "expiring" } else { "valid" };
    Expiry { class, label: t.count("cert-days-left", &days.unsigned_abs()) }
}

/// Keymanager's codes belong to the certificate; a wrong domain to the domain choice.
const FIELD_OF_CODE: &[(&str, &str)] = &[
    ("KER-PCM-001", "certificateData"),
    ("KER-PCM-003", "certificateData"),
    ("KER-PCM-004", "certificateData"),
    ("KER-PCM-005", "certificateData"),
    ("KER-PCM-006", "certificateData"),
    ("KER-PCM-007", "certificateData"),
    ("KER-PCM-008", "certificateData"),
    ("KER-PCM-011", "partnerDomain"),
    ("KER-PCM-013", "certificateData"),
    ("KER-PCM-014", "certificateData"),
    ("KER-PCM-015", "certificateData"),
    ("KER-PCM-017", "certificateData"),
    ("KER-PCM-018", "certificateData"),
    ("KER-PMS-020", "certificateData"),
];

/// An error of the certificate pages in plain words, with its MOSIP code for support. Some codes
/// mean something else here than elsewhere (`PMS_PRT_108`), hence the `error-certificate-` keys.
pub fn explain(t: Tr, e: &PmsError) -> String {
    let key = format!("error-certificate-{}", e.code);
    let specific = t.get(&key);
    let text = if specific == key { t.error(e) } else { specific };
    format!("{text} ({})", e.code)
}

/// Places an upload refusal next to the input at fault; `None` for failures that are no refusal.
pub fn upload_errors(t: Tr, e: &ServiceError) -> Option<FormErrors> {
    let ServiceError::Business(err) = e else { return None };
    let mut out = FormErrors::default();
    let (field, text) = match &err.field {
        Some(f) => {
            let text = match f.rule {
                FieldRule::Required => t.get("form-required"),
                FieldRule::TooLong(max) => t.arg("form-too-long", "max", &max.to_string()),
                FieldRule::Invalid if f.name == "certificateData" => t.get("cert-upload-one-only"),
                FieldRule::Invalid => explain(t, err),
            };
            (Some(f.name.clone()), text)
        }
        None => (FIELD_OF_CODE.iter().find(|(code, _)| *code == err.code).map(|(_, f)| f.to_string()), explain(t, err)),
    };
    match field {
        Some(f) => out.fields.push((f, text)),
        None => out.general.push(text),
    }
    Some(out)
}

/// What was uploaded: the chosen file if any, else the pasted text. A binary file (DER) goes on
/// as base64, which the upload reads as it reads MOSIP clients' bundles.
pub fn uploaded_data(form: &SessionUpload) -> Result<Option<String>, ServiceError> {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;
    match form.file("certificateFile") {
        Some(bytes) if bytes.len() > MAX_CERTIFICATE_DATA => {
            Err(PmsError::field_rule("certificateData", "is too large", FieldRule::TooLong(MAX_CERTIFICATE_DATA))
                .into())
        }
        Some(bytes) => Ok(Some(match std::str::from_utf8(bytes) {
            Ok(text) if text.contains("-----BEGIN") => text.to_string(),
            _ => STANDARD.encode(bytes),
        })),
        None => Ok(form.text("certificateData").map(str::to_string)),
    }
}

/// A download of a certificate file, named after its record.
pub fn download(content_type: &'static str, name: &str, extension: &str, body: String) -> Response {
    let name: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).take(64).collect();
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}.{extension}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

/// A failure of a certificate page, with the certificate wording of its code.
pub fn cert_failure(ctx: PageCtx, e: ServiceError) -> Response {
    let ServiceError::Business(err) = &e else { return failure(ctx, e) };
    let not_found = matches!(err.code, "PMS_TRUST_001" | "PMS_PRT_005" | "PMS_PRT_108");
    let title = ctx.t.get("error-title");
    let message = explain(ctx.t, err);
    let mut response = render(ErrorPage { ctx, title, message });
    *response.status_mut() = if not_found { StatusCode::NOT_FOUND } else { StatusCode::BAD_REQUEST };
    response
}

pub const DOMAINS: [&str; 3] = ["AUTH", "DEVICE", "FTM"];

// ------------------------------------------------------------------ the list

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListQuery {
    ca_certificate_type: Option<String>,
    partner_domain: Option<String>,
    certificate_id: Option<String>,
    issued_to: Option<String>,
    issued_by: Option<String>,
    status: Option<String>,
    sort_field_name: Option<String>,
    sort_type: Option<String>,
    page_no: Option<String>,
    page_size: Option<String>,
}

pub struct CaRow {
    pub id: String,
    pub ca_type: String,
    pub domain: String,
    pub issued_to: String,
    pub issued_by: String,
    pub valid_from: Ltr,
    pub valid_till: Ltr,
    pub uploaded: Ltr,
    pub active: bool,
    pub expiry: Expiry,
}

impl CaRow {
    fn of(t: Tr, c: CaCertificate, now: DateTime<Utc>, warning_days: u32) -> CaRow {
        CaRow {
            expiry: expiry(t, c.not_after, now, warning_days),
            active: c.status == CaStatus::Active.as_str(),
            valid_from: date(&c.not_before),
            valid_till: date(&c.not_after),
            uploaded: date(&c.uploaded_at),
            id: c.cert_id,
            ca_type: c.ca_type,
            domain: c.partner_domain,
            issued_to: c.subject_dn,
            issued_by: c.issuer_dn,
        }
    }
}

/// A tab of the trust store.
pub struct Tab {
    pub id: &'static str,
    pub label: String,
    pub href: String,
    pub current: bool,
}

/// The tabs over the list `q` (whose filters the type tabs keep), or over the expiring view.
fn tabs(t: Tr, q: Option<&Query>) -> Vec<Tab> {
    let empty = Query { path: "/trust-store", params: Vec::new() };
    let list = q.unwrap_or(&empty);
    let kind = q.map(|q| q.value("caCertificateType").to_ascii_uppercase());
    let kinds = [("tab-all", "", "trust-tab-all"), ("tab-root", "ROOT", "trust-tab-root")];
    let mut out: Vec<Tab> = kinds
        .into_iter()
        .chain([("tab-intermediate", "INTERMEDIATE", "trust-tab-intermediate")])
        .map(|(id, value, key)| Tab {
            id,
            label: t.get(key),
            href: list.with(&[("caCertificateType", value), ("pageNo", "")]),
            current: kind.as_deref() == Some(value),
        })
        .collect();
    out.push(Tab {
        id: "tab-expiring",
        label: t.get("trust-tab-expiring"),
        href: "/trust-store/expiring".into(),
        current: q.is_none(),
    });
    out
}

#[derive(Template)]
#[template(path = "trust_list.html")]
struct ListPage {
    ctx: PageCtx,
    q: Query,
    tabs: Vec<Tab>,
    rows: Vec<CaRow>,
    pager: Option<Pager>,
    error: Option<String>,
    domains: [&'static str; 3],
    warning_days: u64,
}

pub async fn list(State(state): State<AppState>, s: Session, QueryParams(p): QueryParams<ListQuery>) -> Response {
    let ctx = s.page();
    let t = ctx.t;
    let q = Query::new(
        "/trust-store",
        &[
            ("caCertificateType", &p.ca_certificate_type),
            ("partnerDomain", &p.partner_domain),
            ("certificateId", &p.certificate_id),
            ("issuedTo", &p.issued_to),
            ("issuedBy", &p.issued_by),
            ("status", &p.status),
            ("sortFieldName", &p.sort_field_name),
            ("sortType", &p.sort_type),
            ("pageSize", &p.page_size),
        ],
    );
    let params = list_params(&p.sort_field_name, &p.sort_type, &p.page_no, &p.page_size);
    let query = TrustListQuery {
        ca_certificate_type: p.ca_certificate_type,
        partner_domain: p.partner_domain,
        certificate_id: p.certificate_id,
        issued_to: p.issued_to,
        issued_by: p.issued_by,
        status: p.status,
        expiring_within_days: None,
    };
    let warning_days = state.services.config.certificate_expiry_warning_days;
    let now = state.services.now();
    let tabs = tabs(t, Some(&q));
    let period = u64::from(warning_days);
    match state.services.trust_certificates(&s.ctx, &query, &params).await {
        Ok(page) => {
            let pager = Some(Pager::new(&q, page.page_no, page.page_size, page.total));
            let rows = page.items.into_iter().map(|c| CaRow::of(t, c, now, warning_days)).collect();
            render(ListPage { ctx, q, tabs, rows, pager, error: None, domains: DOMAINS, warning_days: period })
        }
        Err(ServiceError::Business(e)) => {
            let error = Some(explain(t, &e));
            render(ListPage {
                ctx,
                q,
                tabs,
                rows: Vec::new(),
                pager: None,
                error,
                domains: DOMAINS,
                warning_days: period,
            })
        }
        Err(e) => failure(ctx, e),
    }
}

// ------------------------------------------------------------------ one CA certificate

#[derive(Template)]
#[template(path = "trust_view.html")]
struct ViewPage {
    ctx: PageCtx,
    c: CaCertificate,
    row: CaRow,
    self_signed: bool,
    deactivated: Option<String>,
}

pub async fn view(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    let ctx = s.page();
    let warning_days = state.services.config.certificate_expiry_warning_days;
    match state.services.trust_certificate(&s.ctx, &id).await {
        Ok(c) => {
            let row = CaRow::of(ctx.t, c.clone(), state.services.now(), warning_days);
            let deactivated =
                c.deactivated_at.map(|at| format!("{} · {}", date(&at), c.deactivated_by.clone().unwrap_or_default()));
            let self_signed = c.issuer_id.as_deref() == Some(c.cert_id.as_str());
            render(ViewPage { ctx, c, row, self_signed, deactivated })
        }
        Err(e) => cert_failure(ctx, e),
    }
}

pub async fn certificate_file(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    match state.services.trust_certificate(&s.ctx, &id).await {
        Ok(c) => download("application/x-pem-file", &c.cert_id, "pem", c.cert_pem),
        Err(e) => cert_failure(s.page(), e),
    }
}

pub async fn chain_file(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    let c = match state.services.trust_certificate(&s.ctx, &id).await {
        Ok(c) => c,
        Err(e) => return cert_failure(s.page(), e),
    };
    match state.services.certificate_chain(&c.cert_id).await {
        Ok(p7b) => download("application/x-pkcs7-certificates", &c.cert_id, "p7b", p7b),
        Err(e) => cert_failure(s.page(), e),
    }
}

pub async fn confirm_deactivate(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    let ctx = s.page();
    let t = ctx.t;
    let c = match state.services.trust_certificate(&s.ctx, &id).await {
        Ok(c) => c,
        Err(e) => return cert_failure(ctx, e),
    };
    let blocked = (c.status != CaStatus::Active.as_str()).then(|| t.get("error-PMS_TRUST_002"));
    render(ConfirmPage {
        title: t.get("trust-deactivate-title"),
        message: t.arg("trust-deactivate-message", "name", &c.subject_dn),
        action: format!("/trust-store/{}/deactivate", c.cert_id),
        button: t.get("action-deactivate"),
        cancel: format!("/trust-store/{}", c.cert_id),
        reason: None,
        blocked,
        danger: true,
        ctx,
    })
}

pub async fn deactivate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SessionForm { session: s, .. }: SessionForm<PlainForm>,
) -> Response {
    match state.services.deactivate_ca(&s.ctx, &id).await {
        Ok(c) => Redirect::to(&format!("/trust-store/{}?done=ca-deactivated", c.cert_id)).into_response(),
        Err(e) => cert_failure(s.page(), e),
    }
}

// ------------------------------------------------------------------ upload

#[derive(Template)]
#[template(path = "trust_upload.html")]
struct UploadPage {
    ctx: PageCtx,
    domains: [&'static str; 3],
    domain: String,
    pasted: String,
    errors: FormErrors,
}

pub async fn upload_form(s: Session) -> Response {
    if let Err(e) = s.ctx.require(&[pms_domain::roles::PARTNER_ADMIN]) {
        return failure(s.page(), e);
    }
    render(UploadPage {
        ctx: s.page(),
        domains: DOMAINS,
        domain: String::new(),
        pasted: String::new(),
        errors: FormErrors::default(),
    })
}

pub async fn upload(State(state): State<AppState>, form: SessionUpload) -> Response {
    let s = &form.session;
    let domain = form.text("partnerDomain").map(str::to_string);
    let result = match uploaded_data(&form) {
        Ok(data) => state.services.upload_ca_certificates(&s.ctx, domain.as_deref(), data.as_deref()).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(done) => {
            let flash = if done.status == "Upload Success." { "ca-upload-success" } else { "ca-upload-partial" };
            match done.stored.as_slice() {
                [one] => Redirect::to(&format!("/trust-store/{}?done={flash}", one.cert_id)).into_response(),
                _ => {
                    let domain = done.stored.first().map(|c| c.partner_domain.as_str()).unwrap_or_default();
                    let to = Query { path: "/trust-store", params: Vec::new() }.with(&[
                        ("partnerDomain", domain),
                        ("sortFieldName", "uploadedDateTime"),
                        ("sortType", "desc"),
                        ("done", flash),
                    ]);
                    Redirect::to(&to).into_response()
                }
            }
        }
        Err(e) => {
            let ctx = s.page();
            let Some(errors) = upload_errors(ctx.t, &e) else { return failure(ctx, e) };
            let page = UploadPage {
                ctx,
                domains: DOMAINS,
                domain: domain.unwrap_or_default(),
                pasted: form.text("certificateData").unwrap_or_default().to_string(),
                errors,
            };
            render_refused(page, true)
        }
    }
}

// ------------------------------------------------------------------ expiring soon

#[derive(Debug, Default, Deserialize)]
pub struct ExpiringQuery {
    days: Option<String>,
}

pub struct ExpiringRow {
    pub kind: String,
    pub name: String,
    pub href: String,
    pub domain: String,
    pub expires: Ltr,
    pub expiry: Expiry,
    not_after: DateTime<Utc>,
}

/// One bar of the timeline, in the drawing's coordinates.
pub struct Bar {
    pub y: u32,
    pub text_y: u32,
    pub x_end: u32,
    pub label: String,
    pub title: String,
    pub class: &'static str,
}

pub struct Tick {
    pub x: u32,
    pub label: String,
}

/// The timeline: one bar per certificate from today to its expiry, on a scale of `days`.
pub struct Timeline {
    pub height: u32,
    pub axis_y: u32,
    pub bars: Vec<Bar>,
    pub ticks: Vec<Tick>,
    pub title: String,
    pub left: u32,
    pub right: u32,
    pub omitted: u64,
}

const TIMELINE_ROWS: usize = 40;
const LEFT: u32 = 230;
const RIGHT: u32 = 670;

fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

fn timeline(t: Tr, rows: &[ExpiringRow], now: DateTime<Utc>, days: u32) -> Timeline {
    let span = Duration::days(i64::from(days.max(1)));
    let x_of = |at: DateTime<Utc>| {
        let fraction = ((at - now).num_seconds() as f64 / span.num_seconds() as f64).clamp(0.0, 1.0);
        LEFT + (fraction * f64::from(RIGHT - LEFT)).round() as u32
    };
    let bars: Vec<Bar> = rows
        .iter()
        .take(TIMELINE_ROWS)
        .enumerate()
        .map(|(i, r)| {
            let y = 30 + 22 * i as u32;
            Bar {
                y,
                text_y: y + 12,
                x_end: x_of(r.not_after).max(LEFT + 3),
                label: short(&r.name, 34),
                title: format!("{} — {} — {} ({})", r.name, r.kind, r.expires, r.expiry.label),
                class: r.expiry.class,
            }
        })
        .collect();
    let axis_y = 30 + 22 * bars.len() as u32 + 6;
    let ticks = (0..=4)
        .map(|i| {
            let at = now + Duration::seconds(span.num_seconds() * i / 4);
            Tick { x: x_of(at), label: at.format("%Y-%m-%d").to_string() }
        })
        .collect();
    Timeline {
        height: axis_y + 30,
        axis_y,
        title: t.count("expiring-timeline-title", &u64::from(days)),
        omitted: rows.len().saturating_sub(TIMELINE_ROWS) as u64,
        bars,
        ticks,
        left: LEFT,
        right: RIGHT,
    }
}

#[derive(Template)]
#[template(path = "trust_expiring.html")]
struct ExpiringPage {
    ctx: PageCtx,
    tabs: Vec<Tab>,
    days: String,
    error: Option<String>,
    count: u64,
    rows: Vec<ExpiringRow>,
    timeline: Option<Timeline>,
}

fn partner_row(t: Tr, c: PartnerCertificate, now: DateTime<Utc>, warning_days: u32) -> ExpiringRow {
    let not_after = c.not_after.min(c.signed_not_after);
    ExpiringRow {
        kind: t.get("expiring-kind-partner"),
        name: format!("{} ({})", c.org_name, c.partner_id),
        href: format!("/certificates/{}", c.partner_id),
        domain: c.partner_domain,
        expires: date(&not_after),
        expiry: expiry(t, not_after, now, warning_days),
        not_after,
    }
}

fn ca_row(t: Tr, c: CaCertificate, now: DateTime<Utc>, warning_days: u32) -> ExpiringRow {
    ExpiringRow {
        kind: t.key("ca-type", &c.ca_type),
        name: common_name(&c.subject_dn),
        href: format!("/trust-store/{}", c.cert_id),
        domain: c.partner_domain,
        expires: date(&c.not_after),
        expiry: expiry(t, c.not_after, now, warning_days),
        not_after: c.not_after,
    }
}

fn sbi_row(t: Tr, sbi: Sbi, now: DateTime<Utc>, warning_days: u32) -> Option<ExpiringRow> {
    let not_after = sbi.sw_expiry_dtimes?;
    Some(ExpiringRow {
        kind: t.get("expiring-kind-sbi"),
        name: format!("{} ({})", sbi.sw_version, sbi.provider_id),
        href: format!("/sbis/{}", sbi.id),
        domain: "DEVICE".into(),
        expires: date(&not_after),
        expiry: expiry(t, not_after, now, warning_days),
        not_after,
    })
}

fn chip_row(t: Tr, c: ChipCertificate, now: DateTime<Utc>, warning_days: u32) -> ExpiringRow {
    let not_after = c.not_after.min(c.signed_not_after);
    ExpiringRow {
        kind: t.get("expiring-kind-chip"),
        name: common_name(&c.subject_dn),
        href: format!("/chips/{}", c.chip_id),
        domain: "FTM".into(),
        expires: date(&not_after),
        expiry: expiry(t, not_after, now, warning_days),
        not_after,
    }
}

/// The `CN` of a distinguished name, else the whole name.
fn common_name(dn: &str) -> String {
    dn.split(',')
        .map(str::trim)
        .find_map(|part| part.strip_prefix("CN=").map(str::to_string))
        .unwrap_or_else(|| dn.to_string())
}

pub async fn expiring(
    State(state): State<AppState>,
    s: Session,
    QueryParams(p): QueryParams<ExpiringQuery>,
) -> Response {
    let ctx = s.page();
    let t = ctx.t;
    let warning_days = state.services.config.certificate_expiry_warning_days;
    let given = p.days.as_deref().map(str::trim).filter(|d| !d.is_empty());
    let days = match given.map(str::parse::<u32>) {
        None => None,
        Some(Ok(d)) if d <= 36_500 => Some(d),
        Some(_) => {
            let error = Some(t.get("expiring-days-invalid"));
            let tabs = tabs(t, None);
            let days = given.unwrap_or_default().to_string();
            let page = ExpiringPage { ctx, tabs, days, error, count: 0, rows: Vec::new(), timeline: None };
            return render_refused(page, true);
        }
    };
    match state.services.expiring_certificates(&s.ctx, days).await {
        Ok(e) => {
            let now = state.services.now();
            let mut rows: Vec<ExpiringRow> = e
                .ca_certificates
                .into_iter()
                .map(|c| ca_row(t, c, now, warning_days))
                .chain(e.partner_certificates.into_iter().map(|c| partner_row(t, c, now, warning_days)))
                .chain(e.sbis.into_iter().filter_map(|sbi| sbi_row(t, sbi, now, warning_days)))
                .chain(e.chip_certificates.into_iter().map(|c| chip_row(t, c, now, warning_days)))
                .collect();
            rows.sort_by_key(|r| r.not_after);
            let timeline = (!rows.is_empty()).then(|| timeline(t, &rows, now, e.days));
            let tabs = tabs(t, None);
            let count = rows.len() as u64;
            render(ExpiringPage { ctx, tabs, days: e.days.to_string(), error: None, count, rows, timeline })
        }
        Err(e) => failure(ctx, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pms_domain::lang::Lang;

    #[test]
    fn expiry_is_judged_against_the_warning_period() {
        let t = Tr(Lang::En);
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).expect("a fixed instant");
        let e = expiry(t, now - Duration::hours(1), now, 90);
        assert_eq!((e.class, e.label.as_str()), ("expired", "Expired"));
        let e = expiry(t, now + Duration::days(30) + Duration::hours(1), now, 90);
        assert_eq!((e.class, e.label.as_str()), ("expiring", "30 days left"));
        let e = expiry(t, now + Duration::days(1) + Duration::hours(1), now, 90);
        assert_eq!(e.label, "1 day left");
        assert_eq!(expiry(t, now + Duration::days(200), now, 90).class, "valid");
    }

    #[test]
    fn every_refusal_of_an_upload_has_words_in_every_language() {
        let others =
            ["PMS_TRUST_001", "PMS_TRUST_002", "PMS_PRT_054", "PMS_CERTIFICATE_ERROR_007", "PMS_CERTIFICATE_ERROR_009"];
        for lang in Lang::ALL {
            for code in FIELD_OF_CODE.iter().map(|(c, _)| *c).chain(others) {
                let key = format!("error-{code}");
                assert_ne!(pms_i18n::t(lang, &key), key, "{lang:?}");
            }
            // PMS_PRT_108 also means "policy group required" elsewhere.
            let key = "error-certificate-PMS_PRT_108";
            assert_ne!(pms_i18n::t(lang, key), key, "{lang:?}");
        }
        let e = pms_domain::error::CERT_NOT_UPLOADED.err();
        assert_eq!(explain(Tr(Lang::En), &e), "No certificate has been uploaded for this partner yet. (PMS_PRT_108)");
    }

    #[test]
    fn names_are_shortened_for_the_timeline() {
        assert_eq!(common_name("CN=Bank Root CA,O=Trust Services"), "Bank Root CA");
        assert_eq!(common_name("O=No Name"), "O=No Name");
        assert_eq!(short("abcdef", 4), "abc…");
        assert_eq!(short("ab", 4), "ab");
    }
}
