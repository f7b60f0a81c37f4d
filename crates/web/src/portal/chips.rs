//! FTM providers' pages: their chips with filters, sorting and paging, the chip form, a chip's
//! page (status, current certificate with its dates and downloads, the certificate upload — a
//! file or pasted PEM — and the upload history), and the state changes behind confirmation pages:
//! the Partner Admin approves or rejects with a reason, the provider or the admin deactivates.

use super::devices::{is_admin, list_status, owns_no_partner, DecidePage, Decision, DecisionForm};
use super::session::{Session, SessionForm, SessionUpload};
use super::trust::{download, expiry, explain, upload_errors, uploaded_data, Expiry};
use super::{date, failure, list_params, render, render_refused, ErrorPage, FormErrors, Ltr, PageCtx, Pager, Query};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query as QueryParams, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use pms_domain::device::{self as rules, ChipAction, ChipStatus};
use pms_domain::roles;
use pms_service::devices::{ChipCertData, ChipCertInput, ChipQuery, ChipView, MAKE_MAX};
use pms_service::ServiceError;
use serde::Deserialize;

const FTM_PROVIDER_TYPE: &str = "FTM_Provider";

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListQuery {
    partner_id: Option<String>,
    org_name: Option<String>,
    make: Option<String>,
    model: Option<String>,
    status: Option<String>,
    sort_field_name: Option<String>,
    sort_type: Option<String>,
    page_no: Option<String>,
    page_size: Option<String>,
}

pub struct ChipRow {
    pub id: String,
    pub partner_id: String,
    pub org: String,
    pub make: String,
    pub model: String,
    pub created: Ltr,
    pub status: &'static str,
    pub certificate_till: Option<Ltr>,
    pub pending: bool,
    pub approved: bool,
}

impl From<ChipView> for ChipRow {
    fn from(v: ChipView) -> Self {
        let c = v.chip;
        ChipRow {
            created: date(&c.cr_dtimes),
            status: v.status.as_str(),
            pending: v.status == ChipStatus::PendingApproval,
            approved: v.status == ChipStatus::Approved,
            certificate_till: v.certificate.as_ref().map(|c| date(&c.not_after.min(c.signed_not_after))),
            org: c.partner_org_name.unwrap_or_default(),
            partner_id: c.foundational_trust_provider_id,
            make: c.make,
            model: c.model,
            id: c.id,
        }
    }
}

#[derive(Template)]
#[template(path = "chips_list.html")]
struct ListPage {
    ctx: PageCtx,
    admin: bool,
    creates: bool,
    q: Query,
    status: String,
    statuses: Vec<&'static str>,
    rows: Vec<ChipRow>,
    pager: Option<Pager>,
    error: Option<String>,
    no_partner: bool,
}

pub async fn list(State(state): State<AppState>, s: Session, QueryParams(p): QueryParams<ListQuery>) -> Response {
    let ctx = s.page();
    let admin = is_admin(&s);
    let q = Query::new(
        "/chips",
        &[
            ("partnerId", &p.partner_id),
            ("orgName", &p.org_name),
            ("make", &p.make),
            ("model", &p.model),
            ("status", &p.status),
            ("sortFieldName", &p.sort_field_name),
            ("sortType", &p.sort_type),
            ("pageSize", &p.page_size),
        ],
    );
    let status = list_status(&p.status, admin);
    let params = list_params(&p.sort_field_name, &p.sort_type, &p.page_no, &p.page_size);
    let query = ChipQuery {
        partner_id: p.partner_id,
        org_name: p.org_name,
        make: p.make,
        model: p.model,
        status: Some(status.clone()).filter(|s| s != "all"),
        ..Default::default()
    };
    let mut page = ListPage {
        ctx,
        admin,
        creates: s.actor().has_any(&[roles::FTM_PROVIDER]),
        q,
        status,
        statuses: ChipStatus::ALL.iter().map(|s| s.as_str()).collect(),
        rows: Vec::new(),
        pager: None,
        error: None,
        no_partner: false,
    };
    match state.services.chips(&s.ctx, &query, &params).await {
        Ok(found) => {
            page.pager = Some(Pager::new(&page.q, found.page_no, found.page_size, found.total));
            page.rows = found.items.into_iter().map(ChipRow::from).collect();
        }
        Err(e) if owns_no_partner(&e) => page.no_partner = true,
        Err(ServiceError::Business(e)) => page.error = Some(page.ctx.t.error(&e)),
        Err(e) => return failure(page.ctx, e),
    }
    render(page)
}

// ------------------------------------------------------------------ the chip form

#[derive(Template)]
#[template(path = "chip_form.html")]
struct FormPage {
    ctx: PageCtx,
    partners: Vec<(String, String)>,
    partner_id: String,
    make: String,
    model: String,
    make_max: usize,
    errors: FormErrors,
}

async fn my_providers(state: &AppState, s: &Session) -> Result<Vec<(String, String)>, ServiceError> {
    Ok(state
        .services
        .my_partners(&s.ctx)
        .await?
        .into_iter()
        .filter(|p| p.partner.partner_type_code == FTM_PROVIDER_TYPE && p.status().may_act())
        .map(|p| (p.partner.id, p.partner.name))
        .collect())
}

pub async fn new_form(State(state): State<AppState>, s: Session) -> Response {
    if let Err(e) = s.ctx.require(&[roles::FTM_PROVIDER]) {
        return failure(s.page(), e);
    }
    match my_providers(&state, &s).await {
        Ok(partners) => render(FormPage {
            ctx: s.page(),
            partner_id: partners.first().map(|p| p.0.clone()).unwrap_or_default(),
            partners,
            make: String::new(),
            model: String::new(),
            make_max: MAKE_MAX,
            errors: FormErrors::default(),
        }),
        Err(e) => failure(s.page(), e),
    }
}

#[derive(Deserialize)]
pub struct ChipForm {
    csrf: String,
    #[serde(rename = "ftpProviderId")]
    provider_id: Option<String>,
    make: Option<String>,
    model: Option<String>,
}

const CHIP_FIELDS: &[(&str, &str)] =
    &[("PMP_AUT_030", "ftpProviderId"), ("PMP_AUT_034", "ftpProviderId"), ("PMP_AUT_032", "model")];

pub async fn create(
    State(state): State<AppState>,
    SessionForm { session: s, form }: SessionForm<ChipForm>,
) -> Response {
    let result = state
        .services
        .create_chip(&s.ctx, form.provider_id.as_deref(), form.make.as_deref(), form.model.as_deref())
        .await;
    match result {
        Ok(chip) => Redirect::to(&format!("/chips/{}?done=chip-created", chip.id)).into_response(),
        Err(e) if e.is_rejection() => {
            let errors = FormErrors::from_error(s.page().t, &e, CHIP_FIELDS);
            match my_providers(&state, &s).await {
                Ok(partners) => render_refused(
                    FormPage {
                        ctx: s.page(),
                        partners,
                        partner_id: form.provider_id.unwrap_or_default(),
                        make: form.make.unwrap_or_default(),
                        model: form.model.unwrap_or_default(),
                        make_max: MAKE_MAX,
                        errors,
                    },
                    true,
                ),
                Err(e) => failure(s.page(), e),
            }
        }
        Err(e) => failure(s.page(), e),
    }
}

// ------------------------------------------------------------------ one chip

pub struct Current {
    pub data: ChipCertData,
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
#[template(path = "chip_view.html")]
struct ViewPage {
    ctx: PageCtx,
    admin: bool,
    chip: ChipRow,
    current: Option<Current>,
    /// Why the certificate cannot be shown or downloaded, when there is one.
    unavailable: Option<String>,
    history: Vec<HistoryRow>,
    can_upload: bool,
    pasted: String,
    errors: FormErrors,
}

async fn view_page(
    state: &AppState,
    s: &Session,
    id: &str,
    errors: FormErrors,
    pasted: String,
) -> Result<ViewPage, ServiceError> {
    let ctx = s.page();
    let t = ctx.t;
    let view = state.services.chip(&s.ctx, id).await?;
    let history = state.services.chip_certificate_history(&s.ctx, id).await?;
    let status = view.status;
    let warning_days = state.services.config.certificate_expiry_warning_days;
    let now = state.services.now();
    let (current, unavailable) = if history.is_empty() {
        (None, None)
    } else {
        match state.services.chip_certificate_data(&s.ctx, id).await {
            Ok(data) => {
                let c = &data.certificate;
                let current = Current {
                    expiry: expiry(t, c.not_after.min(c.signed_not_after), now, warning_days),
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
    Ok(ViewPage {
        admin: is_admin(s),
        chip: ChipRow::from(view),
        current,
        unavailable,
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
        can_upload: rules::chip(status, ChipAction::UploadCertificate).is_ok(),
        pasted,
        errors,
        ctx,
    })
}

pub async fn view(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    match view_page(&state, &s, &id, FormErrors::default(), String::new()).await {
        Ok(p) => render(p),
        Err(e) => failure(s.page(), e),
    }
}

pub async fn upload(State(state): State<AppState>, Path(id): Path<String>, form: SessionUpload) -> Response {
    let s = &form.session;
    let chip = match state.services.chip(&s.ctx, &id).await {
        Ok(v) => v.chip,
        Err(e) => return failure(s.page(), e),
    };
    let result = match uploaded_data(&form) {
        Ok(data) => {
            let input = ChipCertInput {
                provider_id: Some(chip.foundational_trust_provider_id.clone()),
                chip_id: Some(chip.id.clone()),
                certificate_data: data,
                organization_name: chip.partner_org_name.clone(),
                partner_domain: Some("FTM".into()),
            };
            state.services.upload_chip_certificate(&s.ctx, &input).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Redirect::to(&format!("/chips/{id}?done=chip-certificate-uploaded")).into_response(),
        Err(e) => {
            let Some(mut errors) = upload_errors(s.page().t, &e) else { return failure(s.page(), e) };
            // The portal has one input for the certificate, whatever the service calls it.
            for (field, _) in errors.fields.iter_mut() {
                if field != "certificateData" {
                    *field = "certificateData".into();
                }
            }
            let pasted = form.text("certificateData").unwrap_or_default().to_string();
            match view_page(&state, s, &id, errors, pasted).await {
                Ok(p) => render_refused(p, true),
                Err(e) => failure(s.page(), e),
            }
        }
    }
}

/// The original or the platform-signed certificate, PEM.
async fn certificate_file(state: &AppState, s: &Session, id: &str, copy: &str) -> Response {
    let ctx = s.page();
    let t = ctx.t;
    let data = match state.services.chip_certificate_data(&s.ctx, id).await {
        Ok(d) => d,
        Err(e) => return failure(ctx, e),
    };
    let c = data.certificate;
    let (expired, pem, suffix) = match copy {
        "original" => (data.original_expired, c.original_pem, "original"),
        _ => (data.signed_expired, c.signed_pem, "signed"),
    };
    if expired {
        let title = t.get("error-title");
        let message = t.get("cert-copy-expired");
        let mut response = render(ErrorPage { ctx, title, message });
        *response.status_mut() = StatusCode::GONE;
        return response;
    }
    download("application/x-pem-file", &format!("chip-{}-{suffix}", c.chip_id), "pem", pem)
}

fn chip_action(d: Decision) -> ChipAction {
    match d {
        Decision::Approve => ChipAction::Approve,
        Decision::Reject => ChipAction::Reject,
        Decision::Deactivate => ChipAction::Deactivate,
    }
}

async fn decide_page(
    state: &AppState,
    s: &Session,
    id: &str,
    decision: Decision,
    reason: String,
    errors: FormErrors,
) -> Response {
    let ctx = s.page();
    let t = ctx.t;
    if decision.admin_only() {
        if let Err(e) = s.ctx.require(&[roles::PARTNER_ADMIN]) {
            return failure(ctx, e);
        }
    }
    let view = match state.services.chip(&s.ctx, id).await {
        Ok(v) => v,
        Err(e) => return failure(ctx, e),
    };
    let blocked = rules::chip(view.status, chip_action(decision)).err().map(|e| t.error(&e));
    let row = ChipRow::from(view);
    let failed = !errors.is_empty();
    let page = DecidePage {
        title: t.get(&format!("chip-{}-title", decision.as_str())),
        details: vec![
            (t.get("field-partner-id"), row.partner_id.clone()),
            (t.get("field-organisation"), row.org.clone()),
            (t.get("field-chip-id"), row.id.clone()),
            (t.get("field-make"), row.make.clone()),
            (t.get("field-model"), row.model.clone()),
            (t.get("field-valid-till"), row.certificate_till.as_ref().map(|d| d.0.clone()).unwrap_or_default()),
        ],
        status: row.status,
        notice: Some(t.get(if decision.admin_only() { "device-decision-told" } else { "chip-deactivate-notice" })),
        action: format!("/chips/{id}/{}", decision.as_str()),
        button: decision.button(t),
        danger: decision != Decision::Approve,
        reason: decision.reason(),
        reason_text: reason,
        sbi_choices: Vec::new(),
        sbi_id: String::new(),
        errors,
        blocked,
        cancel: format!("/chips/{id}"),
        ctx,
    };
    render_refused(page, failed)
}

/// `GET /chips/{id}/original.pem`, `/chips/{id}/signed.pem`, or a confirmation page.
pub async fn confirm_or_file(
    State(state): State<AppState>,
    s: Session,
    Path((id, segment)): Path<(String, String)>,
) -> Response {
    match segment.as_str() {
        "original.pem" => return certificate_file(&state, &s, &id, "original").await,
        "signed.pem" => return certificate_file(&state, &s, &id, "signed").await,
        _ => {}
    }
    let Some(decision) = Decision::parse(&segment) else {
        return (StatusCode::NOT_FOUND, "no such page").into_response();
    };
    decide_page(&state, &s, &id, decision, String::new(), FormErrors::default()).await
}

pub async fn decide(
    State(state): State<AppState>,
    Path((id, segment)): Path<(String, String)>,
    SessionForm { session: s, form }: SessionForm<DecisionForm>,
) -> Response {
    let Some(decision) = Decision::parse(&segment) else {
        return (StatusCode::NOT_FOUND, "no such action").into_response();
    };
    let t = s.page().t;
    let reason = form.reason.clone().unwrap_or_default();
    if decision == Decision::Reject && form.reason().is_none() {
        let errors = FormErrors::on("reason", t.get("device-reject-reason-required"));
        return decide_page(&state, &s, &id, decision, reason, errors).await;
    }
    let result = match decision {
        Decision::Approve => state.services.decide_chip(&s.ctx, Some(&id), Some(true), form.reason()).await.map(|_| ()),
        Decision::Reject => state.services.decide_chip(&s.ctx, Some(&id), Some(false), form.reason()).await.map(|_| ()),
        Decision::Deactivate => state.services.deactivate_chip(&s.ctx, &id, Some("De-Activate")).await.map(|_| ()),
    };
    match result {
        Ok(()) => Redirect::to(&format!("/chips/{id}?done=chip-{segment}")).into_response(),
        Err(e) if e.is_rejection() => {
            let errors = FormErrors::from_error(t, &e, &[]);
            decide_page(&state, &s, &id, decision, reason, errors).await
        }
        Err(e) => failure(s.page(), e),
    }
}

super::session::csrf_forms!(ChipForm);

impl ListPage {
    fn status_label(&self, status: &str) -> String {
        self.ctx.t.status(status)
    }
}
