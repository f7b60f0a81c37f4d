//! Device providers' pages: their secure biometric interfaces (SBI) with filters, sorting and
//! paging, the SBI form, an SBI's page (details, history, devices, the "add device" form), the
//! device list, and the state changes behind confirmation pages: the Partner Admin approves or
//! rejects with a reason the provider is told, the provider or the admin deactivates (an SBI takes
//! its devices along). The Partner Admin's approvals page gathers everything that waits.

use super::session::{Session, SessionForm};
use super::{date, failure, list_params, render, render_refused, FormErrors, Ltr, PageCtx, Pager, Query, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query as QueryParams, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveDate, Utc};
use pms_domain::device::{self as rules, DeviceAction, SbiAction, Status};
use pms_domain::list::ListParams;
use pms_domain::roles;
use pms_domain::PmsError;
use pms_service::devices::{DeviceInput, DeviceQuery, DeviceView, SbiInput, SbiQuery, SbiView};
use pms_service::devices::{HASH_MAX, MAKE_MAX, VERSION_MAX};
use pms_service::view::Device;
use pms_service::ServiceError;
use serde::Deserialize;

pub const DEVICE_PROVIDER_TYPE: &str = "Device_Provider";

/// The Partner Admin's lists start with what waits for a decision; `status=all` shows everything.
const DEFAULT_ADMIN_STATUS: &str = "pending_approval";

pub fn is_admin(s: &Session) -> bool {
    s.actor().has_any(&[roles::PARTNER_ADMIN])
}

/// The status a list is narrowed to: as asked, or waiting items for the admin, or all.
pub fn list_status(given: &Option<String>, admin: bool) -> String {
    match given.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) if v.eq_ignore_ascii_case("all") => "all".into(),
        Some(v) => v.to_string(),
        None if admin => DEFAULT_ADMIN_STATUS.into(),
        None => "all".into(),
    }
}

/// "Nothing to list yet" from the services: the login owns no partner of the kind.
pub fn owns_no_partner(e: &ServiceError) -> bool {
    super::policy_requests::owns_no_partner(e)
}

/// The end of a day chosen in a date input (UTC), or its start.
fn day(text: &str, end: bool) -> Option<DateTime<Utc>> {
    let d = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    let t = if end { d.and_hms_opt(23, 59, 59)? } else { d.and_hms_opt(0, 0, 0)? };
    Some(t.and_utc())
}

/// A day as the lists show it.
fn short_day(t: &Option<DateTime<Utc>>) -> Option<Ltr> {
    t.map(|t| Ltr(t.format("%Y-%m-%d").to_string()))
}

// ------------------------------------------------------------------ SBI list

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SbiListQuery {
    partner_id: Option<String>,
    org_name: Option<String>,
    sbi_version: Option<String>,
    status: Option<String>,
    sbi_expiry_status: Option<String>,
    sort_field_name: Option<String>,
    sort_type: Option<String>,
    page_no: Option<String>,
    page_size: Option<String>,
}

pub struct SbiRow {
    pub id: String,
    pub partner_id: String,
    pub org: String,
    pub version: String,
    pub hash: String,
    pub created: Option<Ltr>,
    pub expiry: Option<Ltr>,
    pub expired: bool,
    pub submitted: Ltr,
    pub status: &'static str,
    pub devices: u64,
    pub approved_devices: u64,
    pub pending_devices: u64,
    pub pending: bool,
    pub approved: bool,
}

impl From<SbiView> for SbiRow {
    fn from(v: SbiView) -> Self {
        let s = v.sbi;
        SbiRow {
            created: short_day(&s.sw_cr_dtimes),
            expiry: short_day(&s.sw_expiry_dtimes),
            expired: v.expired,
            submitted: date(&s.cr_dtimes),
            status: v.status.as_str(),
            pending: v.status == Status::PendingApproval,
            approved: v.status == Status::Approved,
            devices: v.devices,
            approved_devices: v.approved_devices,
            pending_devices: v.pending_devices,
            org: s.partner_org_name.unwrap_or_default(),
            partner_id: s.provider_id,
            version: s.sw_version,
            hash: s.sw_binary_hash,
            id: s.id,
        }
    }
}

#[derive(Template)]
#[template(path = "sbis_list.html")]
struct SbiListPage {
    ctx: PageCtx,
    admin: bool,
    /// The user may register SBIs (a device provider).
    creates: bool,
    q: Query,
    status: String,
    statuses: Vec<&'static str>,
    rows: Vec<SbiRow>,
    pager: Option<Pager>,
    error: Option<String>,
    no_partner: bool,
}

pub async fn sbi_list(
    State(state): State<AppState>,
    s: Session,
    QueryParams(p): QueryParams<SbiListQuery>,
) -> Response {
    let ctx = s.page();
    let admin = is_admin(&s);
    let q = Query::new(
        "/sbis",
        &[
            ("partnerId", &p.partner_id),
            ("orgName", &p.org_name),
            ("sbiVersion", &p.sbi_version),
            ("status", &p.status),
            ("sbiExpiryStatus", &p.sbi_expiry_status),
            ("sortFieldName", &p.sort_field_name),
            ("sortType", &p.sort_type),
            ("pageSize", &p.page_size),
        ],
    );
    let status = list_status(&p.status, admin);
    let params = list_params(&p.sort_field_name, &p.sort_type, &p.page_no, &p.page_size);
    let query = SbiQuery {
        partner_id: p.partner_id,
        org_name: p.org_name,
        sbi_version: p.sbi_version,
        status: Some(status.clone()).filter(|s| s != "all"),
        sbi_expiry_status: p.sbi_expiry_status,
        ..Default::default()
    };
    let mut page = SbiListPage {
        ctx,
        admin,
        creates: s.actor().has_any(&[roles::DEVICE_PROVIDER]),
        q,
        status,
        statuses: Status::ALL.iter().map(|s| s.as_str()).collect(),
        rows: Vec::new(),
        pager: None,
        error: None,
        no_partner: false,
    };
    match state.services.sbis(&s.ctx, &query, &params).await {
        Ok(found) => {
            page.pager = Some(Pager::new(&page.q, found.page_no, found.page_size, found.total));
            page.rows = found.items.into_iter().map(SbiRow::from).collect();
        }
        Err(e) if owns_no_partner(&e) => page.no_partner = true,
        Err(ServiceError::Business(e)) => page.error = Some(page.ctx.t.error(&e)),
        Err(e) => return failure(page.ctx, e),
    }
    render(page)
}

// ------------------------------------------------------------------ SBI form

#[derive(Template)]
#[template(path = "sbi_form.html")]
struct SbiFormPage {
    ctx: PageCtx,
    partners: Vec<(String, String)>,
    partner_id: String,
    hash: String,
    version: String,
    created: String,
    expiry: String,
    hash_max: usize,
    version_max: usize,
    errors: FormErrors,
}

/// The caller's device-provider partners that may register SBIs and devices.
async fn my_providers(state: &AppState, s: &Session, kind: &str) -> Result<Vec<(String, String)>, ServiceError> {
    Ok(state
        .services
        .my_partners(&s.ctx)
        .await?
        .into_iter()
        .filter(|p| p.partner.partner_type_code == kind && p.status().may_act())
        .map(|p| (p.partner.id, p.partner.name))
        .collect())
}

pub async fn sbi_new(State(state): State<AppState>, s: Session) -> Response {
    if let Err(e) = s.ctx.require(&[roles::DEVICE_PROVIDER]) {
        return failure(s.page(), e);
    }
    let partners = match my_providers(&state, &s, DEVICE_PROVIDER_TYPE).await {
        Ok(p) => p,
        Err(e) => return failure(s.page(), e),
    };
    let today = state.services.now().format("%Y-%m-%d").to_string();
    render(SbiFormPage {
        ctx: s.page(),
        partner_id: partners.first().map(|p| p.0.clone()).unwrap_or_default(),
        partners,
        hash: String::new(),
        version: String::new(),
        created: today,
        expiry: String::new(),
        hash_max: HASH_MAX,
        version_max: VERSION_MAX,
        errors: FormErrors::default(),
    })
}

#[derive(Deserialize)]
pub struct SbiForm {
    csrf: String,
    #[serde(rename = "providerId")]
    provider_id: Option<String>,
    #[serde(rename = "swBinaryHash")]
    hash: Option<String>,
    #[serde(rename = "swVersion")]
    version: Option<String>,
    #[serde(rename = "swCreateDateTime")]
    created: Option<String>,
    #[serde(rename = "swExpiryDateTime")]
    expiry: Option<String>,
}

/// Service errors shown at the input they are about.
const SBI_FIELDS: &[(&str, &str)] = &[
    ("PMS_AUT_002", "providerId"),
    ("PMS_DEVICE_ERROR_001", "providerId"),
    ("PMS_DEVICE_ERROR_003", "providerId"),
    ("PMS_AUT_512", "swVersion"),
    ("PMS_AUT_514", "swCreateDateTime"),
    ("PMS_AUT_516", "swCreateDateTime"),
    ("PMS_AUT_507", "swExpiryDateTime"),
    ("PMS_AUT_508", "swExpiryDateTime"),
    ("PMS_AUT_515", "swExpiryDateTime"),
];

pub async fn sbi_create(
    State(state): State<AppState>,
    SessionForm { session: s, form }: SessionForm<SbiForm>,
) -> Response {
    let t = s.page().t;
    let text = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or_default().to_string();
    let (created_text, expiry_text) = (text(&form.created), text(&form.expiry));
    let created = day(&created_text, false);
    let expiry = day(&expiry_text, true);
    let input = SbiInput {
        provider_id: form.provider_id.clone(),
        binary_hash: form.hash.clone(),
        version: form.version.clone(),
        created,
        expiry,
    };
    let mut errors = FormErrors::default();
    let bad_date = |text: &str, parsed: Option<DateTime<Utc>>| !text.is_empty() && parsed.is_none();
    if bad_date(&created_text, created) {
        errors.fields.push(("swCreateDateTime".into(), t.get("sbi-date-invalid")));
    }
    if bad_date(&expiry_text, expiry) {
        errors.fields.push(("swExpiryDateTime".into(), t.get("sbi-date-invalid")));
    }
    // An unreadable date is None to the service, which still reports every other problem.
    match state.services.create_sbi(&s.ctx, &input).await {
        Ok(sbi) => return Redirect::to(&format!("/sbis/{}?done=sbi-created", sbi.id)).into_response(),
        Err(e) if e.is_rejection() => {
            let found = FormErrors::from_error(t, &e, SBI_FIELDS);
            for (field, message) in found.fields {
                if errors.field(&field).is_none() {
                    errors.fields.push((field, message));
                }
            }
            errors.general.extend(found.general);
        }
        Err(e) => return failure(s.page(), e),
    }
    let partners = match my_providers(&state, &s, DEVICE_PROVIDER_TYPE).await {
        Ok(p) => p,
        Err(e) => return failure(s.page(), e),
    };
    render_refused(
        SbiFormPage {
            ctx: s.page(),
            partners,
            partner_id: text(&form.provider_id),
            hash: form.hash.unwrap_or_default(),
            version: form.version.unwrap_or_default(),
            created: created_text,
            expiry: expiry_text,
            hash_max: HASH_MAX,
            version_max: VERSION_MAX,
            errors,
        },
        true,
    )
}

// ------------------------------------------------------------------ one SBI

pub struct DeviceRow {
    pub id: String,
    pub partner_id: String,
    pub org: String,
    pub type_code: String,
    pub sub_type_code: String,
    pub make: String,
    pub model: String,
    pub created: Ltr,
    pub status: &'static str,
    pub sbi_id: Option<String>,
    pub sbi_version: Option<String>,
    pub pending: bool,
    pub approved: bool,
}

impl DeviceRow {
    fn of(d: Device, status: Status, sbi_id: Option<String>, sbi_version: Option<String>) -> DeviceRow {
        DeviceRow {
            created: date(&d.cr_dtimes),
            status: status.as_str(),
            pending: status == Status::PendingApproval,
            approved: status == Status::Approved,
            org: d.partner_org_name.unwrap_or_default(),
            partner_id: d.dprovider_id,
            type_code: d.dtype_code,
            sub_type_code: d.dstype_code,
            make: d.make,
            model: d.model,
            id: d.id,
            sbi_id,
            sbi_version,
        }
    }
}

impl From<DeviceView> for DeviceRow {
    fn from(v: DeviceView) -> Self {
        DeviceRow::of(v.device, v.status, v.sbi_id, v.sbi_version)
    }
}

pub struct SubTypeOption {
    pub type_code: String,
    pub code: String,
    pub name: String,
}

/// What the "add device" form offers and holds.
pub struct DeviceForm {
    pub types: Vec<(String, String)>,
    pub sub_types: Vec<SubTypeOption>,
    pub type_code: String,
    pub sub_type_code: String,
    pub make: String,
    pub model: String,
}

#[derive(Template)]
#[template(path = "sbi_view.html")]
struct SbiPage {
    ctx: PageCtx,
    admin: bool,
    sbi: SbiRow,
    history: Vec<(Ltr, &'static str)>,
    devices: Vec<DeviceRow>,
    /// Why no device can be added, when none can.
    add_blocked: Option<String>,
    form: DeviceForm,
    make_max: usize,
    errors: FormErrors,
}

async fn device_form(state: &AppState) -> Result<DeviceForm, ServiceError> {
    let (types, sub_types) = state.services.device_types().await?;
    Ok(DeviceForm {
        types: types.into_iter().filter(|t| t.is_active && !t.is_deleted).map(|t| (t.code, t.name)).collect(),
        sub_types: sub_types
            .into_iter()
            .filter(|t| t.is_active && !t.is_deleted)
            .map(|t| SubTypeOption { type_code: t.dtyp_code, code: t.code, name: t.name })
            .collect(),
        type_code: String::new(),
        sub_type_code: String::new(),
        make: String::new(),
        model: String::new(),
    })
}

async fn sbi_page(
    state: &AppState,
    s: &Session,
    id: &str,
    form: Option<DeviceForm>,
    errors: FormErrors,
) -> Result<SbiPage, ServiceError> {
    let ctx = s.page();
    let t = ctx.t;
    let view = state.services.sbi(&s.ctx, id).await?;
    let history = state.services.sbi_history(&s.ctx, id).await?;
    let devices = state.services.sbi_devices(&s.ctx, id).await?;
    let add_blocked = match view.status {
        Status::Approved if view.expired => Some(t.get("sbi-add-expired")),
        Status::Approved => None,
        Status::PendingApproval => Some(t.get("sbi-add-pending")),
        Status::Rejected | Status::Deactivated => Some(t.get("sbi-add-closed")),
    };
    let form = match form {
        Some(f) => f,
        None => device_form(state).await?,
    };
    let sbi = SbiRow::from(view);
    let (sbi_id, sbi_version) = (sbi.id.clone(), sbi.version.clone());
    Ok(SbiPage {
        admin: is_admin(s),
        history: history.into_iter().map(|(at, st)| (date(&at), st.as_str())).collect(),
        devices: devices
            .into_iter()
            .filter_map(|(d, _)| {
                let status = d.status()?;
                Some(DeviceRow::of(d, status, Some(sbi_id.clone()), Some(sbi_version.clone())))
            })
            .collect(),
        add_blocked,
        form,
        make_max: MAKE_MAX,
        errors,
        sbi,
        ctx,
    })
}

pub async fn sbi_view(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    match sbi_page(&state, &s, &id, None, FormErrors::default()).await {
        Ok(p) => render(p),
        Err(e) => failure(s.page(), e),
    }
}

#[derive(Deserialize)]
pub struct AddDeviceForm {
    csrf: String,
    #[serde(rename = "deviceTypeCode")]
    type_code: Option<String>,
    #[serde(rename = "deviceSubTypeCode")]
    sub_type_code: Option<String>,
    make: Option<String>,
    model: Option<String>,
}

const DEVICE_FIELDS: &[(&str, &str)] = &[("PMS_AUT_001", "deviceSubTypeCode"), ("PMS_AUT_003", "model")];

pub async fn add_device(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SessionForm { session: s, form }: SessionForm<AddDeviceForm>,
) -> Response {
    let sbi = match state.services.sbi(&s.ctx, &id).await {
        Ok(v) => v.sbi,
        Err(e) => return failure(s.page(), e),
    };
    let input = DeviceInput {
        id: None,
        provider_id: Some(sbi.provider_id.clone()),
        type_code: form.type_code.clone(),
        sub_type_code: form.sub_type_code.clone(),
        make: form.make.clone(),
        model: form.model.clone(),
    };
    match state.services.add_device_to_sbi(&s.ctx, &id, &input).await {
        Ok(_) => Redirect::to(&format!("/sbis/{id}?done=device-added#devices-title")).into_response(),
        Err(e) if e.is_rejection() => {
            let errors = FormErrors::from_error(s.page().t, &e, DEVICE_FIELDS);
            let mut device = match device_form(&state).await {
                Ok(f) => f,
                Err(e) => return failure(s.page(), e),
            };
            device.type_code = form.type_code.unwrap_or_default();
            device.sub_type_code = form.sub_type_code.unwrap_or_default();
            device.make = form.make.unwrap_or_default();
            device.model = form.model.unwrap_or_default();
            match sbi_page(&state, &s, &id, Some(device), errors).await {
                Ok(p) => render_refused(p, true),
                Err(e) => failure(s.page(), e),
            }
        }
        Err(e) => failure(s.page(), e),
    }
}

// ------------------------------------------------------------------ confirmation pages

/// The confirmation page of a decision on an SBI, a device or a chip.
#[derive(Template)]
#[template(path = "device_decide.html")]
pub struct DecidePage {
    pub ctx: PageCtx,
    pub title: String,
    pub details: Vec<(String, String)>,
    pub status: &'static str,
    /// What else happens (a cascade, who is told).
    pub notice: Option<String>,
    pub action: String,
    pub button: String,
    pub danger: bool,
    /// `Some(true)`: a reason must be given; `Some(false)`: it may be; `None`: none is asked.
    pub reason: Option<bool>,
    pub reason_text: String,
    /// The SBIs a device may be decided under (a choice when there are several).
    pub sbi_choices: Vec<String>,
    pub sbi_id: String,
    pub errors: FormErrors,
    pub blocked: Option<String>,
    pub cancel: String,
}

/// `approve`, `reject` or `deactivate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
    Deactivate,
}

impl Decision {
    pub fn parse(segment: &str) -> Option<Decision> {
        match segment {
            "approve" => Some(Decision::Approve),
            "reject" => Some(Decision::Reject),
            "deactivate" => Some(Decision::Deactivate),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Reject => "reject",
            Decision::Deactivate => "deactivate",
        }
    }

    /// Approvals and rejections are the Partner Admin's.
    pub fn admin_only(self) -> bool {
        self != Decision::Deactivate
    }

    pub fn reason(self) -> Option<bool> {
        match self {
            Decision::Approve => Some(false),
            Decision::Reject => Some(true),
            Decision::Deactivate => None,
        }
    }

    pub fn button(self, t: Tr) -> String {
        t.get(&format!("action-{}", self.as_str()))
    }
}

fn no_such_action() -> Response {
    (StatusCode::NOT_FOUND, "no such action").into_response()
}

/// A refusal of the state machine, in the user's words.
fn refusal(t: Tr, r: Result<Status, PmsError>) -> Option<String> {
    r.err().map(|e| t.error(&e))
}

#[derive(Deserialize)]
pub struct DecisionForm {
    csrf: String,
    pub reason: Option<String>,
    #[serde(rename = "sbiId")]
    pub sbi_id: Option<String>,
}

impl DecisionForm {
    pub fn reason(&self) -> Option<&str> {
        self.reason.as_deref().filter(|r| !r.trim().is_empty())
    }
}

/// The reason a rejection needs (the service takes none; people deserve one).
fn missing_reason(t: Tr, decision: Decision, form: &DecisionForm) -> Option<FormErrors> {
    (decision == Decision::Reject && form.reason().is_none())
        .then(|| FormErrors::on("reason", t.get("device-reject-reason-required")))
}

fn sbi_action(d: Decision) -> SbiAction {
    match d {
        Decision::Approve => SbiAction::Approve,
        Decision::Reject => SbiAction::Reject,
        Decision::Deactivate => SbiAction::Deactivate,
    }
}

async fn sbi_decide_page(
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
    let view = match state.services.sbi(&s.ctx, id).await {
        Ok(v) => v,
        Err(e) => return failure(ctx, e),
    };
    let blocked = refusal(t, rules::sbi(view.status, sbi_action(decision)));
    let notice = match decision {
        Decision::Deactivate => Some(pms_i18n::t_args(
            t.0,
            "sbi-deactivate-cascade",
            &[("approved", &view.approved_devices.to_string()), ("pending", &view.pending_devices.to_string())],
        )),
        _ => Some(t.get("device-decision-told")),
    };
    let row = SbiRow::from(view);
    let failed = !errors.is_empty();
    let page = DecidePage {
        title: t.get(&format!("sbi-{}-title", decision.as_str())),
        details: vec![
            (t.get("field-partner-id"), row.partner_id.clone()),
            (t.get("field-organisation"), row.org.clone()),
            (t.get("field-sbi-version"), row.version.clone()),
            (t.get("field-sbi-hash"), row.hash.clone()),
            (t.get("field-sbi-expiry"), row.expiry.as_ref().map(|d| d.0.clone()).unwrap_or_default()),
            (t.get("field-devices"), row.devices.to_string()),
        ],
        status: row.status,
        notice,
        action: format!("/sbis/{id}/{}", decision.as_str()),
        button: decision.button(t),
        danger: decision != Decision::Approve,
        reason: decision.reason(),
        reason_text: reason,
        sbi_choices: Vec::new(),
        sbi_id: String::new(),
        errors,
        blocked,
        cancel: format!("/sbis/{id}"),
        ctx,
    };
    render_refused(page, failed)
}

pub async fn sbi_confirm(
    State(state): State<AppState>,
    s: Session,
    Path((id, segment)): Path<(String, String)>,
) -> Response {
    let Some(decision) = Decision::parse(&segment) else { return no_such_action() };
    sbi_decide_page(&state, &s, &id, decision, String::new(), FormErrors::default()).await
}

pub async fn sbi_decide(
    State(state): State<AppState>,
    Path((id, segment)): Path<(String, String)>,
    SessionForm { session: s, form }: SessionForm<DecisionForm>,
) -> Response {
    let Some(decision) = Decision::parse(&segment) else { return no_such_action() };
    let t = s.page().t;
    let reason = form.reason.clone().unwrap_or_default();
    if let Some(errors) = missing_reason(t, decision, &form) {
        return sbi_decide_page(&state, &s, &id, decision, reason, errors).await;
    }
    let result = match decision {
        Decision::Approve => state.services.decide_sbi(&s.ctx, Some(&id), Some("Activate"), form.reason()).await,
        Decision::Reject => state.services.decide_sbi(&s.ctx, Some(&id), Some("De-activate"), form.reason()).await,
        Decision::Deactivate => state.services.deactivate_sbi(&s.ctx, &id, Some("De-Activate")).await.map(|v| v.sbi),
    };
    match result {
        Ok(_) => Redirect::to(&format!("/sbis/{id}?done=sbi-{segment}")).into_response(),
        Err(e) if e.is_rejection() => {
            let errors = FormErrors::from_error(t, &e, &[]);
            sbi_decide_page(&state, &s, &id, decision, reason, errors).await
        }
        Err(e) => failure(s.page(), e),
    }
}

// ------------------------------------------------------------------ devices

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceListQuery {
    partner_id: Option<String>,
    org_name: Option<String>,
    device_type: Option<String>,
    make: Option<String>,
    model: Option<String>,
    sbi_version: Option<String>,
    status: Option<String>,
    sort_field_name: Option<String>,
    sort_type: Option<String>,
    page_no: Option<String>,
    page_size: Option<String>,
}

#[derive(Template)]
#[template(path = "devices_list.html")]
struct DeviceListPage {
    ctx: PageCtx,
    admin: bool,
    q: Query,
    status: String,
    statuses: Vec<&'static str>,
    types: Vec<(String, String)>,
    rows: Vec<DeviceRow>,
    pager: Option<Pager>,
    error: Option<String>,
    no_partner: bool,
}

pub async fn device_list(
    State(state): State<AppState>,
    s: Session,
    QueryParams(p): QueryParams<DeviceListQuery>,
) -> Response {
    let ctx = s.page();
    let admin = is_admin(&s);
    let q = Query::new(
        "/devices",
        &[
            ("partnerId", &p.partner_id),
            ("orgName", &p.org_name),
            ("deviceType", &p.device_type),
            ("make", &p.make),
            ("model", &p.model),
            ("sbiVersion", &p.sbi_version),
            ("status", &p.status),
            ("sortFieldName", &p.sort_field_name),
            ("sortType", &p.sort_type),
            ("pageSize", &p.page_size),
        ],
    );
    let status = list_status(&p.status, admin);
    let params = list_params(&p.sort_field_name, &p.sort_type, &p.page_no, &p.page_size);
    let query = DeviceQuery {
        partner_id: p.partner_id,
        org_name: p.org_name,
        device_type: p.device_type,
        make: p.make,
        model: p.model,
        sbi_version: p.sbi_version,
        status: Some(status.clone()).filter(|s| s != "all"),
        ..Default::default()
    };
    let types = match state.services.device_types().await {
        Ok((types, _)) => types.into_iter().map(|t| (t.code, t.name)).collect(),
        Err(e) => return failure(ctx, e),
    };
    let mut page = DeviceListPage {
        ctx,
        admin,
        q,
        status,
        statuses: Status::ALL.iter().map(|s| s.as_str()).collect(),
        types,
        rows: Vec::new(),
        pager: None,
        error: None,
        no_partner: false,
    };
    match state.services.devices(&s.ctx, &query, &params).await {
        Ok(found) => {
            page.pager = Some(Pager::new(&page.q, found.page_no, found.page_size, found.total));
            page.rows = found.items.into_iter().map(DeviceRow::from).collect();
        }
        Err(e) if owns_no_partner(&e) => page.no_partner = true,
        Err(ServiceError::Business(e)) => page.error = Some(page.ctx.t.error(&e)),
        Err(e) => return failure(page.ctx, e),
    }
    render(page)
}

fn device_action(d: Decision) -> DeviceAction {
    match d {
        Decision::Approve => DeviceAction::Approve,
        Decision::Reject => DeviceAction::Reject,
        Decision::Deactivate => DeviceAction::Deactivate,
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct DeviceConfirmQuery {
    sbi: Option<String>,
}

async fn device_decide_page(
    state: &AppState,
    s: &Session,
    id: &str,
    decision: Decision,
    sbi: Option<String>,
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
    let (device, sbis) = match state.services.device(&s.ctx, id).await {
        Ok(d) => d,
        Err(e) => return failure(ctx, e),
    };
    let Some(status) = device.status() else {
        return failure(ctx, ServiceError::Internal(format!("device {id} has an unknown status")));
    };
    let mut blocked = refusal(t, rules::device(status, device_action(decision)));
    if blocked.is_none() && decision.admin_only() && sbis.is_empty() {
        let e = if decision == Decision::Approve {
            pms_domain::error::APPROVE_WITHOUT_SBI.err()
        } else {
            pms_domain::error::REJECT_WITHOUT_SBI.err()
        };
        blocked = Some(t.error(&e));
    }
    let sbi_id = sbi.filter(|s| sbis.contains(s)).or_else(|| sbis.first().cloned()).unwrap_or_default();
    let cancel =
        if sbi_id.is_empty() || decision.admin_only() { "/devices".to_string() } else { format!("/sbis/{sbi_id}") };
    let failed = !errors.is_empty();
    let page = DecidePage {
        title: t.get(&format!("device-{}-title", decision.as_str())),
        details: vec![
            (t.get("field-partner-id"), device.dprovider_id.clone()),
            (t.get("field-organisation"), device.partner_org_name.clone().unwrap_or_default()),
            (t.get("field-device-id"), device.id.clone()),
            (t.get("field-device-type"), format!("{} / {}", device.dtype_code, device.dstype_code)),
            (t.get("field-make"), device.make.clone()),
            (t.get("field-model"), device.model.clone()),
        ],
        status: status.as_str(),
        notice: decision.admin_only().then(|| t.get("device-decision-told")),
        action: format!("/devices/{id}/{}", decision.as_str()),
        button: decision.button(t),
        danger: decision != Decision::Approve,
        reason: decision.reason(),
        reason_text: reason,
        sbi_choices: if decision.admin_only() { sbis } else { Vec::new() },
        sbi_id,
        errors,
        blocked,
        cancel,
        ctx,
    };
    render_refused(page, failed)
}

pub async fn device_confirm(
    State(state): State<AppState>,
    s: Session,
    Path((id, segment)): Path<(String, String)>,
    QueryParams(q): QueryParams<DeviceConfirmQuery>,
) -> Response {
    let Some(decision) = Decision::parse(&segment) else { return no_such_action() };
    device_decide_page(&state, &s, &id, decision, q.sbi, String::new(), FormErrors::default()).await
}

pub async fn device_decide(
    State(state): State<AppState>,
    Path((id, segment)): Path<(String, String)>,
    SessionForm { session: s, form }: SessionForm<DecisionForm>,
) -> Response {
    let Some(decision) = Decision::parse(&segment) else { return no_such_action() };
    let t = s.page().t;
    let reason = form.reason.clone().unwrap_or_default();
    let sbi = form.sbi_id.clone().filter(|s| !s.trim().is_empty());
    if let Some(errors) = missing_reason(t, decision, &form) {
        return device_decide_page(&state, &s, &id, decision, sbi, reason, errors).await;
    }
    let result = match decision {
        Decision::Deactivate => state.services.deactivate_device(&s.ctx, &id, Some("De-Activate")).await.map(|_| ()),
        Decision::Approve | Decision::Reject => {
            let partner = match state.services.device(&s.ctx, &id).await {
                Ok((d, _)) => d.dprovider_id,
                Err(e) => return failure(s.page(), e),
            };
            let word = if decision == Decision::Approve { "approved" } else { "rejected" };
            state
                .services
                .decide_device(&s.ctx, &id, Some(&partner), sbi.as_deref(), Some(word), form.reason())
                .await
                .map(|_| ())
        }
    };
    match result {
        Ok(()) => Redirect::to(&format!("/devices?done=device-{segment}")).into_response(),
        Err(e) if e.is_rejection() => {
            let errors = FormErrors::from_error(t, &e, &[]);
            device_decide_page(&state, &s, &id, decision, sbi, reason, errors).await
        }
        Err(e) => failure(s.page(), e),
    }
}

// ------------------------------------------------------------------ the admin's approvals

pub struct PendingItem {
    pub id: String,
    pub label: String,
    pub detail: String,
    pub href: String,
    /// (href, label, dangerous).
    pub actions: Vec<(String, String, bool)>,
}

pub struct Section {
    pub id: &'static str,
    pub title: String,
    pub count: u64,
    pub link: String,
    pub items: Vec<PendingItem>,
}

#[derive(Template)]
#[template(path = "approvals.html")]
struct ApprovalsPage {
    ctx: PageCtx,
    total: u64,
    sections: Vec<Section>,
}

/// How many items each section previews.
const PREVIEW: &str = "5";

fn preview() -> ListParams {
    ListParams { page_no: Some("0".into()), page_size: Some(PREVIEW.into()), ..Default::default() }
}

fn decide_links(t: Tr, base: &str, query: &str) -> Vec<(String, String, bool)> {
    vec![
        (format!("{base}/approve{query}"), t.get("action-approve"), false),
        (format!("{base}/reject{query}"), t.get("action-reject"), true),
    ]
}

async fn sections(state: &AppState, s: &Session, t: Tr) -> Result<Vec<Section>, ServiceError> {
    use pms_domain::access::RequestStatus;
    use pms_domain::partner::PartnerStatus;
    let c = &s.ctx;
    let services = &state.services;
    let partners = services
        .admin_partners(
            c,
            &pms_service::partners::AdminListQuery {
                status: Some(PartnerStatus::PendingApproval.as_str().into()),
                partner_id: None,
                partner_type: None,
                org_name: None,
                email: None,
                policy_group_name: None,
                is_active: None,
                certificate_upload_status: None,
            },
            &preview(),
        )
        .await?;
    let requests = services
        .policy_requests(
            c,
            &pms_service::access::RequestQuery {
                status: Some(RequestStatus::InProgress.as_str().into()),
                ..Default::default()
            },
            &preview(),
        )
        .await?;
    let pending = services.pending_device_items(c).await?;
    let waiting = Some(DEFAULT_ADMIN_STATUS.to_string());
    let sbis = services.sbis(c, &SbiQuery { status: waiting.clone(), ..Default::default() }, &preview()).await?;
    let devices =
        services.devices(c, &DeviceQuery { status: waiting.clone(), ..Default::default() }, &preview()).await?;
    let chips = services
        .chips(c, &pms_service::devices::ChipQuery { status: waiting.clone(), ..Default::default() }, &preview())
        .await?;
    Ok(vec![
        Section {
            id: "partners",
            title: t.get("approvals-partners"),
            count: services.partner_counts(c).await?.pending_approval,
            link: format!("/partners?status={}", PartnerStatus::PendingApproval.as_str()),
            items: partners
                .items
                .into_iter()
                .map(|p| {
                    let p = p.partner;
                    PendingItem {
                        href: format!("/partners/{}", p.id),
                        actions: decide_links(t, &format!("/partners/{}", p.id), ""),
                        detail: t.key("type", &p.partner_type_code),
                        label: format!("{} ({})", p.name, p.id),
                        id: p.id,
                    }
                })
                .collect(),
        },
        Section {
            id: "policy-requests",
            title: t.get("approvals-policy-requests"),
            count: services.pending_policy_requests(c).await?,
            link: "/policy-requests?status=InProgress".into(),
            items: requests
                .items
                .into_iter()
                .map(|r| PendingItem {
                    href: format!("/policy-requests/{}/approve", r.request.id),
                    actions: decide_links(t, &format!("/policy-requests/{}", r.request.id), ""),
                    label: format!(
                        "{} — {}",
                        r.partner.as_ref().map(|p| p.name.clone()).unwrap_or_else(|| r.request.part_id.clone()),
                        r.policy.as_ref().map(|p| p.name.clone()).unwrap_or_default()
                    ),
                    detail: r.request.request_detail.clone(),
                    id: r.request.id,
                })
                .collect(),
        },
        Section {
            id: "sbis",
            title: t.get("approvals-sbis"),
            count: pending.sbis,
            link: "/sbis?status=pending_approval".into(),
            items: sbis
                .items
                .into_iter()
                .map(|v| {
                    let r = SbiRow::from(v);
                    PendingItem {
                        href: format!("/sbis/{}", r.id),
                        actions: decide_links(t, &format!("/sbis/{}", r.id), ""),
                        label: format!("{} — {} {}", r.org, t.get("field-sbi-version"), r.version),
                        detail: r.partner_id,
                        id: r.id,
                    }
                })
                .collect(),
        },
        Section {
            id: "devices",
            title: t.get("approvals-devices"),
            count: pending.devices,
            link: "/devices?status=pending_approval".into(),
            items: devices
                .items
                .into_iter()
                .map(|v| {
                    let r = DeviceRow::from(v);
                    let query = r.sbi_id.as_ref().map(|s| format!("?sbi={s}")).unwrap_or_default();
                    PendingItem {
                        href: r.sbi_id.as_ref().map(|s| format!("/sbis/{s}")).unwrap_or_else(|| "/devices".into()),
                        actions: decide_links(t, &format!("/devices/{}", r.id), &query),
                        label: format!("{} — {} {}", r.org, r.make, r.model),
                        detail: format!("{} / {}", r.type_code, r.sub_type_code),
                        id: r.id,
                    }
                })
                .collect(),
        },
        Section {
            id: "chips",
            title: t.get("approvals-chips"),
            count: pending.chips,
            link: "/chips?status=pending_approval".into(),
            items: chips
                .items
                .into_iter()
                .map(|v| {
                    let c = v.chip;
                    PendingItem {
                        href: format!("/chips/{}", c.id),
                        actions: decide_links(t, &format!("/chips/{}", c.id), ""),
                        label: format!("{} — {} {}", c.partner_org_name.unwrap_or_default(), c.make, c.model),
                        detail: c.foundational_trust_provider_id,
                        id: c.id,
                    }
                })
                .collect(),
        },
    ])
}

pub async fn approvals(State(state): State<AppState>, s: Session) -> Response {
    let ctx = s.page();
    if let Err(e) = s.ctx.require(&[roles::PARTNER_ADMIN]) {
        return failure(ctx, e);
    }
    match sections(&state, &s, ctx.t).await {
        Ok(sections) => render(ApprovalsPage { total: sections.iter().map(|s| s.count).sum(), sections, ctx }),
        Err(e) => failure(ctx, e),
    }
}

super::session::csrf_forms!(SbiForm, AddDeviceForm, DecisionForm);

/// A status as its badge says it.
fn status_label(ctx: &PageCtx, status: &str) -> String {
    ctx.t.status(status)
}

impl SbiListPage {
    fn status_label(&self, status: &str) -> String {
        status_label(&self.ctx, status)
    }
}

impl SbiPage {
    fn status_label(&self, status: &str) -> String {
        status_label(&self.ctx, status)
    }
}

impl DeviceListPage {
    fn status_label(&self, status: &str) -> String {
        status_label(&self.ctx, status)
    }
}

impl DecidePage {
    fn status_label(&self, status: &str) -> String {
        status_label(&self.ctx, status)
    }
}
