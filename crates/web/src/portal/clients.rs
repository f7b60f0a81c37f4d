//! OIDC clients and MISP licences. An authentication partner creates a client for an Auth policy
//! it was granted (its JWK pasted and checked on the server), lists, edits and deactivates it;
//! a MISP partner gets its licence key; the Partner Admin lists both and deactivates them.
//!
//! A licence key is shown only on the page answering the POST that made or revealed it, never
//! stored by the browser.

use super::groups::ConfirmPage;
use super::policy_requests::{approved_requests, owns_no_partner};
use super::session::{Session, SessionForm};
use super::{date, failure, list_params, render, render_refused, FormErrors, Ltr, PageCtx, Pager, Query};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query as QueryParams, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use pms_domain::client::{LicenceStatus, CLIENT_NAME_MAX, URI_MAX};
use pms_domain::roles;
use pms_service::clients::{ClientInput, ClientListItem, ClientQuery, ClientUpdate, ClientView};
use pms_service::config;
use pms_service::esignet::ClientApi;
use pms_service::misp::IssuedLicence;
use pms_service::view::MispLicence;
use pms_service::ServiceError;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

fn is_admin(s: &Session) -> bool {
    s.actor().has_any(&[roles::PARTNER_ADMIN])
}

// ------------------------------------------------------------------ OIDC clients

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientListQuery {
    partner_id: Option<String>,
    org_name: Option<String>,
    policy_name: Option<String>,
    client_name: Option<String>,
    status: Option<String>,
    sort_field_name: Option<String>,
    sort_type: Option<String>,
    page_no: Option<String>,
    page_size: Option<String>,
}

pub struct ClientRow {
    pub id: String,
    pub name: String,
    pub partner_id: String,
    pub org: String,
    pub policy: String,
    pub group: String,
    pub active: bool,
    pub created: Ltr,
}

impl From<ClientListItem> for ClientRow {
    fn from(c: ClientListItem) -> Self {
        ClientRow {
            active: c.status == "ACTIVE",
            created: date(&c.created),
            org: c.org_name.unwrap_or_default(),
            policy: c.policy_name.unwrap_or_default(),
            group: c.policy_group_name.unwrap_or_default(),
            id: c.id,
            name: c.name,
            partner_id: c.partner_id,
        }
    }
}

#[derive(Template)]
#[template(path = "clients_list.html")]
struct ClientListPage {
    ctx: PageCtx,
    admin: bool,
    q: Query,
    rows: Vec<ClientRow>,
    pager: Option<Pager>,
    error: Option<String>,
    no_partner: bool,
    /// Whether the partner holds an Auth policy a client can be made for.
    can_create: bool,
}

pub async fn list(State(state): State<AppState>, s: Session, QueryParams(p): QueryParams<ClientListQuery>) -> Response {
    let admin = is_admin(&s);
    let q = Query::new(
        "/oidc-clients",
        &[
            ("partnerId", &p.partner_id),
            ("orgName", &p.org_name),
            ("policyName", &p.policy_name),
            ("clientName", &p.client_name),
            ("status", &p.status),
            ("sortFieldName", &p.sort_field_name),
            ("sortType", &p.sort_type),
            ("pageSize", &p.page_size),
        ],
    );
    let params = list_params(&p.sort_field_name, &p.sort_type, &p.page_no, &p.page_size);
    let query = ClientQuery {
        partner_id: p.partner_id,
        org_name: p.org_name,
        policy_name: p.policy_name,
        client_name: p.client_name,
        status: p.status,
        ..Default::default()
    };
    let can_create = !admin && matches!(grants(&state, &s).await, Ok(g) if !g.is_empty());
    let mut page = ClientListPage {
        ctx: s.page(),
        admin,
        q,
        rows: Vec::new(),
        pager: None,
        error: None,
        no_partner: false,
        can_create,
    };
    match state.services.clients(&s.ctx, &query, &params).await {
        Ok(found) => {
            page.pager = Some(Pager::new(&page.q, found.page_no, found.page_size, found.total));
            page.rows = found.items.into_iter().map(ClientRow::from).collect();
        }
        Err(e) if owns_no_partner(&e) => page.no_partner = true,
        Err(ServiceError::Business(e)) => page.error = Some(page.ctx.t.error(&e)),
        Err(e) => return failure(s.page(), e),
    }
    render(page)
}

/// An Auth policy a client may be made for: an approved request of one of the caller's partners.
pub struct Grant {
    pub value: String,
    pub label: String,
}

async fn grants(state: &AppState, s: &Session) -> Result<Vec<Grant>, ServiceError> {
    let mine: Vec<_> = approved_requests(state, s)
        .await?
        .into_iter()
        .filter(|r| r.policy.as_ref().is_some_and(|p| p.policy_type == "Auth"))
        .collect();
    let many_partners = mine.iter().any(|r| r.request.part_id != mine[0].request.part_id);
    Ok(mine
        .into_iter()
        .filter_map(|r| {
            let policy = r.policy?;
            let label = if many_partners { format!("{} — {}", policy.name, r.request.part_id) } else { policy.name };
            Some(Grant { value: format!("{}|{}", r.request.part_id, policy.id), label })
        })
        .collect())
}

#[derive(Template)]
#[template(path = "client_form.html")]
struct ClientFormPage {
    ctx: PageCtx,
    /// `None` when creating.
    client_id: Option<String>,
    grants: Vec<Grant>,
    grant: String,
    name: String,
    public_key: String,
    logo_uri: String,
    redirect_uris: String,
    grant_types: Vec<String>,
    grant_type: String,
    auth_methods: Vec<String>,
    auth_method: String,
    name_max: usize,
    uri_max: usize,
    errors: FormErrors,
}

fn choices(setting: &str) -> Vec<String> {
    config::list(setting).into_iter().map(str::to_string).collect()
}

fn empty_form(state: &AppState, s: &Session, grants: Vec<Grant>) -> ClientFormPage {
    let grant_types = choices(&state.services.config.oidc_grant_types);
    let auth_methods = choices(&state.services.config.oidc_client_auth_methods);
    ClientFormPage {
        ctx: s.page(),
        client_id: None,
        grant: String::new(),
        name: String::new(),
        public_key: String::new(),
        logo_uri: String::new(),
        redirect_uris: String::new(),
        grant_type: grant_types.first().cloned().unwrap_or_default(),
        auth_method: auth_methods.first().cloned().unwrap_or_default(),
        grant_types,
        auth_methods,
        grants,
        name_max: CLIENT_NAME_MAX,
        uri_max: URI_MAX,
        errors: FormErrors::default(),
    }
}

pub async fn new_form(State(state): State<AppState>, s: Session) -> Response {
    match grants(&state, &s).await {
        Ok(g) => render(empty_form(&state, &s, g)),
        Err(e) => failure(s.page(), e),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientForm {
    csrf: String,
    grant: Option<String>,
    name: Option<String>,
    public_key: Option<String>,
    logo_uri: Option<String>,
    redirect_uris: Option<String>,
    grant_type: Option<String>,
    auth_method: Option<String>,
}

/// Errors of the service that belong to an input of the form.
const CLIENT_FIELDS: &[(&str, &str)] = &[
    ("PMS_ESI_007", "publicKey"),
    ("PMS_ESI_001", "publicKey"),
    ("PMS_ESI_002", "grant"),
    ("PMS_ESI_003", "grant"),
    ("PMS_ESI_005", "grant"),
    ("PMS_ESI_006", "grant"),
    ("PMS_PRT_057", "grant"),
    ("PMS_PRT_061", "grant"),
    ("PMS_PRT_073", "grant"),
    ("PMS_PMP_016", "grant"),
    ("PMS_POLICY_ERROR_009", "grant"),
    ("invalid_redirect_uri", "redirectUris"),
];

fn lines(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default().lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

fn one(value: Option<&str>) -> Option<Vec<String>> {
    value.map(str::trim).filter(|v| !v.is_empty()).map(|v| vec![v.to_string()])
}

pub async fn create(
    State(state): State<AppState>,
    SessionForm { session: s, form }: SessionForm<ClientForm>,
) -> Response {
    let t = s.page().t;
    let (partner_id, policy_id) = match form.grant.as_deref().and_then(|g| g.split_once('|')) {
        Some((partner, policy)) => (Some(partner.to_string()), Some(policy.to_string())),
        None => (None, None),
    };
    let key_text = form.public_key.clone().unwrap_or_default();
    // Text that is not JSON still goes to the service, which says what a JWK must be.
    let public_key = (!key_text.trim().is_empty())
        .then(|| serde_json::from_str::<Value>(&key_text).unwrap_or_else(|_| Value::String(key_text.clone())));
    let name = form.name.clone().unwrap_or_default();
    let langs = BTreeMap::from([(s.actor().lang_code.clone(), name.clone())]);
    let input = ClientInput {
        name: form.name.clone(),
        policy_id,
        public_key,
        auth_partner_id: partner_id,
        logo_uri: form.logo_uri.clone(),
        redirect_uris: Some(lines(form.redirect_uris.as_deref())),
        grant_types: one(form.grant_type.as_deref()),
        client_auth_methods: one(form.auth_method.as_deref()),
        name_langs: Some(langs),
    };
    match state.services.create_client(&s.ctx, ClientApi::Oauth, &input).await {
        Ok(c) => Redirect::to(&format!("/oidc-clients/{}?done=client-created", c.client.id)).into_response(),
        Err(e) if e.is_rejection() => {
            let mut errors = FormErrors::from_error(t, &e, CLIENT_FIELDS);
            for (from, to) in [("authPartnerId", "grant"), ("policyId", "grant"), ("clientNameLangMap", "name")] {
                if let Some(f) = errors.fields.iter_mut().find(|(f, _)| f == from) {
                    f.0 = to.to_string();
                }
            }
            let grants = match grants(&state, &s).await {
                Ok(g) => g,
                Err(e) => return failure(s.page(), e),
            };
            let mut page = empty_form(&state, &s, grants);
            page.grant = form.grant.unwrap_or_default();
            page.name = name;
            page.public_key = key_text;
            page.logo_uri = form.logo_uri.unwrap_or_default();
            page.redirect_uris = form.redirect_uris.unwrap_or_default();
            page.grant_type = form.grant_type.unwrap_or_default();
            page.auth_method = form.auth_method.unwrap_or_default();
            page.errors = errors;
            render_refused(page, true)
        }
        Err(e) => failure(s.page(), e),
    }
}

#[derive(Template)]
#[template(path = "client_view.html")]
struct ClientViewPage {
    ctx: PageCtx,
    client: ClientView,
    redirect_uris: Vec<String>,
    claims: Vec<String>,
    acrs: Vec<String>,
    grant_types: Vec<String>,
    auth_methods: Vec<String>,
    created: Ltr,
    active: bool,
}

pub async fn view(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    match state.services.client(&s.ctx, &id).await {
        Ok(client) => {
            let c = &client.client;
            render(ClientViewPage {
                ctx: s.page(),
                redirect_uris: ClientView::list(&c.redirect_uris),
                claims: ClientView::list(&c.claims),
                acrs: ClientView::list(&c.acr_values),
                grant_types: ClientView::list(&c.grant_types),
                auth_methods: ClientView::list(&c.auth_methods),
                created: date(&c.cr_dtimes),
                active: c.status == "ACTIVE",
                client,
            })
        }
        Err(e) => failure(s.page(), e),
    }
}

pub async fn edit_form(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    match state.services.client(&s.ctx, &id).await {
        Ok(client) => {
            let mut page = empty_form(&state, &s, Vec::new());
            let c = client.client;
            page.name = c.name;
            page.logo_uri = c.logo_uri;
            page.redirect_uris = ClientView::list(&c.redirect_uris).join("\n");
            page.grant_type = ClientView::list(&c.grant_types).into_iter().next().unwrap_or_default();
            page.auth_method = ClientView::list(&c.auth_methods).into_iter().next().unwrap_or_default();
            page.client_id = Some(c.id);
            render(page)
        }
        Err(e) => failure(s.page(), e),
    }
}

async fn send_update(state: &AppState, s: &Session, id: &str, input: ClientUpdate) -> Result<ClientView, ServiceError> {
    let api = ClientApi::parse(&state.services.client(&s.ctx, id).await?.client.api);
    state.services.update_client(&s.ctx, api, id, &input).await
}

pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SessionForm { session: s, form }: SessionForm<ClientForm>,
) -> Response {
    let t = s.page().t;
    let name = form.name.clone().unwrap_or_default();
    let current = match state.services.client(&s.ctx, &id).await {
        Ok(c) => c,
        Err(e) => return failure(s.page(), e),
    };
    // The names in other languages stay; the one of the user's language is the edited name.
    let mut langs = current.name_langs().unwrap_or_default();
    langs.insert(s.actor().lang_code.clone(), name.clone());
    let input = ClientUpdate {
        client_name: form.name.clone(),
        logo_uri: form.logo_uri.clone(),
        redirect_uris: Some(lines(form.redirect_uris.as_deref())),
        status: Some("ACTIVE".into()),
        grant_types: one(form.grant_type.as_deref()),
        client_auth_methods: one(form.auth_method.as_deref()),
        name_langs: Some(langs),
    };
    match send_update(&state, &s, &id, input).await {
        Ok(_) => Redirect::to(&format!("/oidc-clients/{id}?done=client-updated")).into_response(),
        Err(e) if e.is_rejection() => {
            let mut page = empty_form(&state, &s, Vec::new());
            page.client_id = Some(id);
            page.name = name;
            page.logo_uri = form.logo_uri.unwrap_or_default();
            page.redirect_uris = form.redirect_uris.unwrap_or_default();
            page.grant_type = form.grant_type.unwrap_or_default();
            page.auth_method = form.auth_method.unwrap_or_default();
            page.errors = FormErrors::from_error(t, &e, CLIENT_FIELDS);
            render_refused(page, true)
        }
        Err(e) => failure(s.page(), e),
    }
}

pub async fn confirm_deactivate(State(state): State<AppState>, s: Session, Path(id): Path<String>) -> Response {
    let ctx = s.page();
    let t = ctx.t;
    let client = match state.services.client(&s.ctx, &id).await {
        Ok(c) => c,
        Err(e) => return failure(ctx, e),
    };
    let blocked = (client.client.status != "ACTIVE").then(|| t.get("client-not-active"));
    render(ConfirmPage {
        title: t.get("client-deactivate-title"),
        message: t.arg("client-deactivate-message", "name", &client.client.name),
        action: format!("/oidc-clients/{id}/deactivate"),
        button: t.get("action-deactivate"),
        cancel: format!("/oidc-clients/{id}"),
        reason: None,
        blocked,
        danger: true,
        ctx,
    })
}

#[derive(Deserialize)]
pub struct PlainForm {
    csrf: String,
}

pub async fn deactivate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SessionForm { session: s, .. }: SessionForm<PlainForm>,
) -> Response {
    let c = match state.services.client(&s.ctx, &id).await {
        Ok(c) => c.client,
        Err(e) => return failure(s.page(), e),
    };
    let split = ClientView::list;
    let input = ClientUpdate {
        client_name: Some(c.name.clone()),
        logo_uri: Some(c.logo_uri.clone()),
        redirect_uris: Some(split(&c.redirect_uris)),
        status: Some("INACTIVE".into()),
        grant_types: Some(split(&c.grant_types)),
        client_auth_methods: Some(split(&c.auth_methods)),
        name_langs: c.name_langs.as_deref().and_then(|t| serde_json::from_str(t).ok()),
    };
    match send_update(&state, &s, &id, input).await {
        Ok(_) => Redirect::to(&format!("/oidc-clients/{id}?done=client-deactivated")).into_response(),
        Err(e) => failure(s.page(), e),
    }
}

// ------------------------------------------------------------------ MISP licences

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LicenceListQuery {
    misp_id: Option<String>,
    sort_field_name: Option<String>,
    sort_type: Option<String>,
    page_no: Option<String>,
    page_size: Option<String>,
}

pub struct LicenceRow {
    pub id: String,
    pub misp_id: String,
    pub hint: String,
    pub from: Ltr,
    pub to: Ltr,
    /// `active`, `expired` or `deactivated`.
    pub state: &'static str,
    pub active: bool,
}

fn licence_row(state: &AppState, l: MispLicence) -> LicenceRow {
    let usable = state.services.licence_usable(&l);
    LicenceRow {
        state: if usable {
            "active"
        } else if l.is_active {
            "expired"
        } else {
            "deactivated"
        },
        active: l.is_active,
        from: date(&l.valid_from_date),
        to: date(&l.valid_to_date),
        hint: l.key_hint,
        misp_id: l.misp_id,
        id: l.id,
    }
}

#[derive(Template)]
#[template(path = "licences.html")]
struct LicencePage {
    ctx: PageCtx,
    admin: bool,
    q: Query,
    rows: Vec<LicenceRow>,
    pager: Option<Pager>,
    /// The caller's MISP partners that hold no licence yet.
    can_generate: Vec<String>,
}

pub async fn licences(
    State(state): State<AppState>,
    s: Session,
    QueryParams(p): QueryParams<LicenceListQuery>,
) -> Response {
    let admin = is_admin(&s);
    let q = Query::new(
        "/misp-licences",
        &[
            ("mispId", &p.misp_id),
            ("sortFieldName", &p.sort_field_name),
            ("sortType", &p.sort_type),
            ("pageSize", &p.page_size),
        ],
    );
    let params = list_params(&p.sort_field_name, &p.sort_type, &p.page_no, &p.page_size);
    let found = match state.services.licences(&s.ctx, p.misp_id.as_deref(), &params).await {
        Ok(f) => f,
        Err(e) => return failure(s.page(), e),
    };
    let can_generate = if admin {
        Vec::new()
    } else {
        match state.services.my_partners(&s.ctx).await {
            Ok(mine) => mine
                .into_iter()
                .filter(|p| p.partner.partner_type_code == "MISP_Partner")
                .map(|p| p.partner.id)
                .filter(|id| !found.items.iter().any(|l| &l.misp_id == id))
                .collect(),
            Err(e) => return failure(s.page(), e),
        }
    };
    let pager = Some(Pager::new(&q, found.page_no, found.page_size, found.total));
    let rows = found.items.into_iter().map(|l| licence_row(&state, l)).collect();
    render(LicencePage { ctx: s.page(), admin, q, rows, pager, can_generate })
}

#[derive(Template)]
#[template(path = "licence_key.html")]
struct KeyPage {
    ctx: PageCtx,
    key: String,
    misp_id: String,
    to: Ltr,
}

/// The page holding a licence key: never cached, never sent as a referrer.
fn key_page(s: &Session, l: IssuedLicence) -> Response {
    let page = KeyPage { ctx: s.page(), to: date(&l.licence.valid_to_date), misp_id: l.licence.misp_id, key: l.key };
    let mut response = render(page);
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateForm {
    csrf: String,
    misp_id: Option<String>,
}

pub async fn generate(
    State(state): State<AppState>,
    SessionForm { session: s, form }: SessionForm<GenerateForm>,
) -> Response {
    match state.services.create_licence(&s.ctx, form.misp_id.as_deref()).await {
        Ok(l) => key_page(&s, l),
        Err(e) => failure(s.page(), e),
    }
}

/// The Partner Admin reveals a MISP's key (MOSIP's `GET /misps/{id}/licenseKey`, which mints a
/// new one when none is usable).
pub async fn reveal(
    State(state): State<AppState>,
    Path(misp_id): Path<String>,
    SessionForm { session: s, .. }: SessionForm<PlainForm>,
) -> Response {
    match state.services.licence_key(&s.ctx, &misp_id).await {
        Ok(l) => key_page(&s, l),
        Err(e) => failure(s.page(), e),
    }
}

fn licence_action(action: &str) -> Option<LicenceStatus> {
    match action {
        "activate" => Some(LicenceStatus::Active),
        "deactivate" => Some(LicenceStatus::Inactive),
        _ => None,
    }
}

pub async fn licence_confirm(
    State(state): State<AppState>,
    s: Session,
    Path((id, action)): Path<(String, String)>,
) -> Response {
    let ctx = s.page();
    let t = ctx.t;
    let Some(to) = licence_action(&action) else {
        return failure(ctx, ServiceError::Business(pms_domain::error::LICENCE_STATUS_INVALID.err()));
    };
    let l = match state.services.licence(&s.ctx, &id).await {
        Ok(l) => l,
        Err(e) => return failure(ctx, e),
    };
    let blocked = (LicenceStatus::from_active(l.is_active) == to).then(|| t.get("licence-already"));
    render(ConfirmPage {
        title: t.get(&format!("licence-{action}-title")),
        message: t.arg(&format!("licence-{action}-message"), "name", &l.misp_id),
        action: format!("/misp-licences/{id}/{action}"),
        button: t.get(&format!("action-{action}")),
        cancel: "/misp-licences".into(),
        reason: None,
        blocked,
        danger: to == LicenceStatus::Inactive,
        ctx,
    })
}

pub async fn licence_decide(
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    SessionForm { session: s, .. }: SessionForm<PlainForm>,
) -> Response {
    let Some(to) = licence_action(&action) else {
        return failure(s.page(), ServiceError::Business(pms_domain::error::LICENCE_STATUS_INVALID.err()));
    };
    match state.services.set_licence_status_by_id(&s.ctx, &id, to).await {
        Ok(_) => Redirect::to(&format!("/misp-licences?done=licence-{action}d")).into_response(),
        Err(e) => failure(s.page(), e),
    }
}

super::session::csrf_forms!(ClientForm, PlainForm, GenerateForm);
