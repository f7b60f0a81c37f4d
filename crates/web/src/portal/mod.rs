//! The portal: server-rendered pages over the same services as the API. Plain forms and links;
//! every page works without JavaScript. Sessions are server-side and end after inactivity; every
//! form carries a CSRF token.

mod accounts;
mod admin;
mod api_keys;
mod audit;
mod auth;
mod certificates;
mod chips;
mod clients;
mod dashboard;
mod delivery;
mod devices;
mod groups;
mod policies;
mod policy_editor;
mod policy_requests;
mod registration;
pub mod session;
mod trust;

use crate::AppState;
use askama::Template;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use pms_domain::lang::Lang;
use pms_domain::roles;
use pms_domain::{FieldRule, PmsError};
use pms_service::{Actor, ServiceError};
pub use session::{Session, Visitor};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard::home))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/login/oidc", get(auth::external_login))
        .route("/login/oidc/callback", get(auth::external_callback))
        .route("/logout", post(auth::logout))
        .route("/lang", post(auth::switch_language))
        .route("/consent", get(dashboard::consent_page).post(dashboard::give_consent))
        .route("/profile", get(dashboard::profile).post(dashboard::update_profile))
        .route("/register", get(registration::form).post(registration::submit))
        .route("/register/verify", get(registration::verify_page).post(registration::verify))
        .route("/register/resend", post(registration::resend))
        .route("/register/done", get(registration::done))
        .route("/policy-groups", get(groups::list).post(groups::create))
        .route("/policy-groups/new", get(groups::new_form))
        .route("/policy-groups/{id}", get(groups::view).post(groups::update))
        .route("/policy-groups/{id}/edit", get(groups::edit_form))
        .route("/policy-groups/{id}/deactivate", get(groups::confirm_deactivate).post(groups::deactivate))
        .route("/policy-groups/{id}/activate", post(groups::activate))
        .route("/policies", get(policies::list).post(policy_editor::create))
        .route("/policies/new", get(policy_editor::new_form))
        .route("/policies/{id}", get(policies::view).post(policy_editor::update))
        .route("/policies/{id}/edit", get(policy_editor::edit_form))
        .route("/policies/{id}/document", get(policies::download))
        .route("/policies/{id}/versions/{rev}", get(policies::version_diff))
        .route("/policies/{id}/publish", get(policies::confirm_publish).post(policies::publish))
        .route("/policies/{id}/deactivate", get(policies::confirm_deactivate).post(policies::deactivate))
        .route("/policies/{id}/clone", get(policies::clone_form).post(policies::clone))
        .route("/partners", get(admin::list))
        .route("/partners/{id}", get(admin::view))
        .route("/partners/{id}/registration-token", post(admin::registration_token))
        .route("/partners/{id}/{action}", get(admin::confirm).post(admin::decide))
        .route("/audit", get(audit::page))
        .route("/audit.csv", get(audit::csv))
        .route("/audit.jsonl", get(audit::json_lines))
        .route("/admin/webhooks", get(delivery::webhooks).post(delivery::add_webhook))
        .route("/admin/webhooks/{id}/remove", get(delivery::confirm_remove).post(delivery::remove_webhook))
        .route("/admin/deliveries", get(delivery::deliveries))
        .route("/admin/deliveries/replay", post(delivery::replay))
        .route("/admin/deliveries/{id}/retry", post(delivery::retry))
        .route("/admin/websub", get(delivery::hub_subscriptions))
        .route("/notifications", get(delivery::notifications))
        .route("/notifications/read", post(delivery::mark_read))
        .route("/forgot-password", get(accounts::forgot_form).post(accounts::forgot))
        .route("/reset-password", get(accounts::reset_form).post(accounts::reset))
        .route("/password", get(accounts::change_form).post(accounts::change))
        .route("/users", get(accounts::list))
        .route("/users/{username}", get(accounts::view))
        .route("/users/{username}/password", get(accounts::password_form).post(accounts::set_password))
        .route("/users/{username}/{action}", get(accounts::confirm).post(accounts::decide))
        .route("/trust-store", get(trust::list))
        .route("/trust-store/upload", get(trust::upload_form).post(trust::upload))
        .route("/trust-store/expiring", get(trust::expiring))
        .route("/trust-store/{id}", get(trust::view))
        .route("/trust-store/{id}/certificate.pem", get(trust::certificate_file))
        .route("/trust-store/{id}/chain.p7b", get(trust::chain_file))
        .route("/trust-store/{id}/deactivate", get(trust::confirm_deactivate).post(trust::deactivate))
        .route("/certificates", get(certificates::list))
        .route("/certificates/{id}", get(certificates::view).post(certificates::upload))
        .route("/certificates/{id}/{file}", get(certificates::certificate_file))
        .route("/policy-requests", get(policy_requests::list).post(policy_requests::create))
        .route("/policy-requests/{id}/{action}", get(policy_requests::confirm).post(policy_requests::decide))
        .route("/approvals", get(devices::approvals))
        .route("/sbis", get(devices::sbi_list).post(devices::sbi_create))
        .route("/sbis/new", get(devices::sbi_new))
        .route("/sbis/{id}", get(devices::sbi_view))
        .route("/sbis/{id}/devices", post(devices::add_device))
        .route("/sbis/{id}/{action}", get(devices::sbi_confirm).post(devices::sbi_decide))
        .route("/devices", get(devices::device_list))
        .route("/devices/{id}/{action}", get(devices::device_confirm).post(devices::device_decide))
        .route("/chips", get(chips::list).post(chips::create))
        .route("/chips/new", get(chips::new_form))
        .route("/chips/{id}", get(chips::view))
        .route("/chips/{id}/certificate", post(chips::upload))
        .route("/chips/{id}/{action}", get(chips::confirm_or_file).post(chips::decide))
        .route("/api-keys", get(api_keys::list).post(api_keys::generate))
        .route("/api-keys/{id}", get(api_keys::view))
        .route("/api-keys/{id}/deactivate", get(api_keys::confirm_deactivate).post(api_keys::deactivate))
        .route("/api-keys/{id}/rotate", get(api_keys::rotate_form).post(api_keys::rotate))
        .route("/oidc-clients", get(clients::list).post(clients::create))
        .route("/oidc-clients/new", get(clients::new_form))
        .route("/oidc-clients/{id}", get(clients::view).post(clients::update))
        .route("/oidc-clients/{id}/edit", get(clients::edit_form))
        .route("/oidc-clients/{id}/deactivate", get(clients::confirm_deactivate).post(clients::deactivate))
        .route("/misp-licences", get(clients::licences).post(clients::generate))
        .route("/misp-licences/{id}/key", post(clients::reveal))
        .route("/misp-licences/{id}/{action}", get(clients::licence_confirm).post(clients::licence_decide))
        .route("/static/pms.css", get(stylesheet))
        .route("/static/pms.js", get(script))
        .route("/favicon.ico", get(favicon))
        .route("/static/bell.svg", get(bell_icon))
}

async fn stylesheet() -> Response {
    static_file("text/css; charset=utf-8", include_str!("../../static/pms.css"))
}

async fn script() -> Response {
    static_file("text/javascript; charset=utf-8", include_str!("../../static/pms.js"))
}

/// Browsers ask for `/favicon.ico` on every page; an SVG serves every size.
async fn favicon() -> Response {
    static_file("image/svg+xml", include_str!("../../static/favicon.svg"))
}

/// The header's notifications bell: a file cached once, rather than a drawing in every page.
async fn bell_icon() -> Response {
    static_file("image/svg+xml", include_str!("../../static/bell.svg"))
}

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        body,
    )
        .into_response()
}

/// Translations for templates: `{{ t.get("key") }}`.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub Lang);

impl Tr {
    pub fn get(&self, key: &str) -> String {
        pms_i18n::t(self.0, key)
    }

    pub fn arg(&self, key: &str, name: &str, value: &str) -> String {
        pms_i18n::t_args(self.0, key, &[(name, value)])
    }

    pub fn count(&self, key: &str, n: &u64) -> String {
        pms_i18n::t_count(self.0, key, *n)
    }

    /// An error in the user's language when the catalogue has one, else MOSIP's message.
    pub fn error(&self, e: &PmsError) -> String {
        let key = format!("error-{}", e.code);
        let translated = pms_i18n::t(self.0, &key);
        if translated == key {
            e.message.clone()
        } else {
            translated
        }
    }

    /// The message `<prefix>-<code>`, e.g. `type-Auth_Partner`.
    pub fn key(&self, prefix: &str, code: &str) -> String {
        self.get(&format!("{prefix}-{code}"))
    }

    /// Status words (`activated`, `pending_approval`, …) as labels.
    pub fn status(&self, status: &str) -> String {
        self.get(&format!("status-{}", status.to_ascii_lowercase().replace('_', "-")))
    }
}

/// Where the navigation's "Events" item leads: the first of the event pages.
const EVENTS_HOME: &str = "/admin/webhooks";

pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub active: bool,
}

pub struct LangChoice {
    pub code: &'static str,
    pub name: &'static str,
    pub selected: bool,
}

/// What every page's layout needs.
pub struct PageCtx {
    pub t: Tr,
    pub lang_tag: &'static str,
    pub dir: &'static str,
    pub user: Option<String>,
    /// Token for forms of logged-in users (the session's).
    pub csrf: String,
    /// Token for the language switch, which visitors use too.
    pub lang_csrf: String,
    pub back: String,
    pub nav: Vec<NavItem>,
    pub languages: Vec<LangChoice>,
    pub flash: Option<String>,
    pub idle_minutes: u32,
    /// The user's unread notifications, counted once per request (none for visitors).
    pub unread: u64,
}

impl PageCtx {
    /// `{{ ctx.ltr(partner.email_id) }}`: an id or address that keeps its order in Arabic.
    pub fn ltr(&self, text: &str) -> Ltr {
        Ltr(text.to_string())
    }

    /// Arrows that point backwards and forwards in the reading direction.
    pub fn back_arrow(&self) -> &'static str {
        if self.dir == "rtl" {
            "→"
        } else {
            "←"
        }
    }

    pub fn forward_arrow(&self) -> &'static str {
        if self.dir == "rtl" {
            "←"
        } else {
            "→"
        }
    }

    /// What the bell says to screen readers: "3 unread notifications", or just its name.
    pub fn bell_label(&self) -> String {
        if self.unread == 0 {
            self.t.get("bell-label")
        } else {
            self.t.count("bell-unread", &self.unread)
        }
    }

    /// The number on the bell, capped so that the header keeps its size.
    pub fn bell_count(&self) -> String {
        if self.unread > 99 {
            "99+".into()
        } else {
            self.unread.to_string()
        }
    }

    /// A language by its own name (`Français`), from MOSIP's code (`fra`).
    pub fn lang_name(&self, code: &str) -> String {
        Lang::parse(code).map_or_else(|| code.to_string(), |l| l.native_name().to_string())
    }

    pub fn new(
        lang: Lang,
        actor: Option<&Actor>,
        csrf: &str,
        lang_csrf: &str,
        path: &str,
        flash: Option<&str>,
        idle_minutes: u32,
    ) -> PageCtx {
        let t = Tr(lang);
        let mut nav = Vec::new();
        if let Some(a) = actor {
            let mut item = |href: &'static str, key: &str| {
                let active = match href {
                    "/" => path == "/",
                    // One item for the three event pages.
                    EVENTS_HOME => path.starts_with("/admin/"),
                    _ => path.starts_with(href),
                };
                nav.push(NavItem { href, label: t.get(key), active });
            };
            item("/", "nav-home");
            if a.has_any(&[roles::PARTNER_ADMIN]) {
                item("/partners", "nav-partners");
                item("/policy-requests", "nav-policy-requests");
                item("/api-keys", "nav-api-keys");
                item("/oidc-clients", "nav-oidc-clients");
                item("/misp-licences", "nav-misp-licences");
                item("/trust-store", "nav-trust-store");
            }
            if a.has_any(&[roles::PARTNER_ADMIN]) {
                item("/approvals", "nav-approvals");
                item("/sbis", "nav-sbis");
                item("/devices", "nav-devices");
                item("/chips", "nav-chips");
            }
            if a.has_any(roles::POLICY_ADMINS) {
                item("/policy-groups", "nav-policy-groups");
                item("/policies", "nav-policies");
            }
            if a.has_any(&[roles::PARTNER_ADMIN]) {
                item("/users", "nav-users");
                item("/audit", "nav-audit");
                item(EVENTS_HOME, "nav-events");
            }
            if a.has_any(policy_requests::REQUESTERS) && !a.has_any(&[roles::PARTNER_ADMIN]) {
                item("/policy-requests", "nav-my-policies");
                item("/api-keys", "nav-api-keys");
            }
            if a.has_any(&[roles::DEVICE_PROVIDER]) && !a.has_any(&[roles::PARTNER_ADMIN]) {
                item("/sbis", "nav-sbis");
                item("/devices", "nav-devices");
            }
            if a.has_any(&[roles::FTM_PROVIDER]) && !a.has_any(&[roles::PARTNER_ADMIN]) {
                item("/chips", "nav-chips");
            }
            if a.has_any(&[roles::AUTH_PARTNER]) && !a.has_any(&[roles::PARTNER_ADMIN]) {
                item("/oidc-clients", "nav-oidc-clients");
            }
            if a.has_any(&[roles::MISP_PARTNER]) && !a.has_any(&[roles::PARTNER_ADMIN]) {
                item("/misp-licences", "nav-misp-licences");
            }
            if a.has_any(roles::PARTNER_ROLES) {
                item("/certificates", "nav-certificates");
                item("/profile", "nav-profile");
            }
        }
        PageCtx {
            t,
            lang_tag: lang.tag(),
            dir: if lang.is_rtl() { "rtl" } else { "ltr" },
            user: actor.map(|a| a.username.clone()),
            csrf: csrf.to_string(),
            lang_csrf: lang_csrf.to_string(),
            back: path.to_string(),
            nav,
            languages: Lang::ALL
                .iter()
                .map(|l| LangChoice { code: l.mosip_code(), name: l.native_name(), selected: *l == lang })
                .collect(),
            flash: flash.map(|key| t.get(&format!("flash-{key}"))),
            idle_minutes,
            unread: 0,
        }
    }
}

/// A form's page shown again because of what it said (HTTP 400), or shown as asked when `refused`
/// is false.
pub fn render_refused(page: impl Template, refused: bool) -> Response {
    let mut response = render(page);
    if refused {
        *response.status_mut() = StatusCode::BAD_REQUEST;
    }
    response
}

/// Renders a page; authenticated pages must not be cached by browsers or proxies.
pub fn render(page: impl Template) -> Response {
    match page.render() {
        Ok(html) => ([(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], Html(html)).into_response(),
        Err(e) => {
            tracing::error!(%e, "template rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "The page could not be rendered.").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub ctx: PageCtx,
    pub title: String,
    pub message: String,
}

/// Error codes that mean "no such thing".
const NOT_FOUND: &[&str] = &[
    "PMS_POL_008",
    "PMS_POL_016",
    "PMS_POL_065",
    "PMS_POL_068",
    "PMS_PRT_005",
    "PMS_PMP_005",
    "PMS_USR_001",
    "PMS_PMP_007",
    "PMS_KEY_003",
    "PMS_EVT_005",
    "PMS_EVT_006",
    "PMS_AUT_007",
    "PMS_DEVICE_ERROR_005",
    "PMS_DEVICE_ERROR_006",
    "PMS_FTM_ERROR_005",
    "PMP_AUT_031",
];

/// Error codes that mean "not yours": another provider's SBI, device or chip.
const NOT_YOURS: &[&str] = &["PMS_DEVICE_ERROR_016", "PMS_DEVICE_ERROR_019", "PMS_FTM_ERROR_006"];

/// Turns a service failure into a page: business errors are shown, missing roles are 403,
/// lost sessions go back to the login page.
pub fn failure(ctx: PageCtx, e: ServiceError) -> Response {
    let t = ctx.t;
    let (status, title, message) = match &e {
        ServiceError::Unauthenticated => return Redirect::to("/login").into_response(),
        ServiceError::Forbidden => (StatusCode::FORBIDDEN, t.get("error-forbidden-title"), t.get("error-forbidden")),
        ServiceError::Internal(detail) => {
            tracing::error!(%detail, "portal request failed");
            (StatusCode::INTERNAL_SERVER_ERROR, t.get("error-internal-title"), t.get("error-internal"))
        }
        other => {
            let err = other.to_pms_error();
            let status = if NOT_FOUND.contains(&err.code) {
                StatusCode::NOT_FOUND
            } else if NOT_YOURS.contains(&err.code) {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::BAD_REQUEST
            };
            (status, t.get("error-title"), t.error(&err))
        }
    };
    let mut response = render(ErrorPage { ctx, title, message });
    *response.status_mut() = status;
    response
}

/// What is wrong with a submitted form: messages tied to the field they are about, and the rest.
/// Templates show them with `form_summary.html` and the macros of `forms.html`.
#[derive(Debug, Clone, Default)]
pub struct FormErrors {
    pub general: Vec<String>,
    pub fields: Vec<(String, String)>,
}

impl FormErrors {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(f, _)| f == name).map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.general.is_empty() && self.fields.is_empty()
    }

    pub fn count(&self) -> u64 {
        (self.general.len() + self.fields.len()) as u64
    }

    /// One message about one field (the first kept when a field has several).
    pub fn on(field: &str, message: String) -> FormErrors {
        FormErrors { general: Vec::new(), fields: vec![(field.to_string(), message)] }
    }

    /// Places a service error: each of its errors next to its field (named by the error, or by
    /// `field_map` from its code), the rest on top.
    pub fn from_error(t: Tr, e: &ServiceError, field_map: &[(&str, &str)]) -> FormErrors {
        let mut out = FormErrors::default();
        match e {
            ServiceError::PolicyDocument(violations) => {
                for v in violations {
                    out.fields.push(("policies".into(), format!("{} — {}", v.path, t.error(&v.error))));
                }
            }
            ServiceError::Invalid(all) => all.all().iter().for_each(|err| out.place(t, err, field_map)),
            other => out.place(t, &other.to_pms_error(), field_map),
        }
        out
    }

    fn place(&mut self, t: Tr, err: &PmsError, field_map: &[(&str, &str)]) {
        let field = match &err.field {
            Some(f) => Some((f.name.clone(), f.rule)),
            None => {
                field_map.iter().find(|(code, _)| *code == err.code).map(|(_, f)| (f.to_string(), FieldRule::Invalid))
            }
        };
        match field {
            Some((f, _)) if self.field(&f).is_some() => {}
            Some((f, rule)) => {
                let why = match rule {
                    FieldRule::Required => t.get("form-required"),
                    FieldRule::TooLong(max) => t.arg("form-too-long", "max", &max.to_string()),
                    FieldRule::Invalid => t.error(err),
                };
                self.fields.push((f, why));
            }
            None => self.general.push(t.error(err)),
        }
    }
}

/// Builds list links that keep the current filters.
pub struct Query {
    pub path: &'static str,
    pub params: Vec<(String, String)>,
}

impl Query {
    pub fn new(path: &'static str, params: &[(&str, &Option<String>)]) -> Query {
        Query {
            path,
            params: params
                .iter()
                .filter_map(|(k, v)| {
                    v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(|v| (k.to_string(), v.to_string()))
                })
                .collect(),
        }
    }

    /// Whether the list is narrowed by a filter (not just sorted or paged).
    pub fn has_filters(&self) -> bool {
        self.params.iter().any(|(k, _)| !matches!(k.as_str(), "sortFieldName" | "sortType" | "pageNo" | "pageSize"))
    }

    pub fn page_size(&self) -> String {
        Some(self.value("pageSize")).filter(|v| !v.is_empty()).unwrap_or_else(|| PAGE_SIZE.to_string())
    }

    pub fn value(&self, key: &str) -> String {
        self.params.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// This list with some parameters replaced (an empty value removes one).
    pub fn with(&self, changes: &[(&str, &str)]) -> String {
        let mut params: Vec<(String, String)> =
            self.params.iter().filter(|(k, _)| !changes.iter().any(|(c, _)| c == k)).cloned().collect();
        params.extend(changes.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (k.to_string(), v.to_string())));
        if params.is_empty() {
            return self.path.to_string();
        }
        format!("{}?{}", self.path, serde_urlencoded::to_string(&params).unwrap_or_default())
    }

    /// Link of a sortable column header: ascending first, then toggles.
    pub fn sort(&self, field: &str) -> String {
        let dir = if self.value("sortFieldName") == field && self.value("sortType") == "asc" { "desc" } else { "asc" };
        self.with(&[("sortFieldName", field), ("sortType", dir), ("pageNo", "")])
    }

    /// `▲`/`▼` next to the sorted column, `↕` on the others: each header shows that it sorts.
    pub fn arrow(&self, field: &str) -> &'static str {
        match self.aria_sort(field) {
            "ascending" => "▲",
            "descending" => "▼",
            _ => "↕",
        }
    }

    /// The column's `aria-sort`.
    pub fn aria_sort(&self, field: &str) -> &'static str {
        match (self.value("sortFieldName") == field, self.value("sortType").as_str()) {
            (true, "asc") => "ascending",
            (true, "desc") => "descending",
            _ => "none",
        }
    }
}

/// Paging controls of a list.
pub struct Pager {
    pub page_no: u64,
    pub pages: u64,
    pub total: u64,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    pub fn new(q: &Query, page_no: u64, page_size: u64, total: u64) -> Pager {
        let pages = total.div_ceil(page_size.max(1)).max(1);
        let link = |n: u64| q.with(&[("pageNo", &n.to_string())]);
        Pager {
            page_no,
            pages,
            total,
            prev: (page_no > 0).then(|| link(page_no - 1)),
            next: (page_no + 1 < pages).then(|| link(page_no + 1)),
        }
    }

    pub fn human_page(&self) -> u64 {
        self.page_no + 1
    }
}

/// Portal list pages show 10 rows unless asked otherwise.
pub const PAGE_SIZE: &str = "10";

/// Paging and sorting of a portal list: first page, 10 rows, unless the query says otherwise.
/// Links and forms of the portal may leave a parameter empty, which here means "not given".
pub fn list_params(
    sort_field_name: &Option<String>,
    sort_type: &Option<String>,
    page_no: &Option<String>,
    page_size: &Option<String>,
) -> pms_domain::list::ListParams {
    let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    pms_domain::list::ListParams {
        sort_field_name: given(sort_field_name),
        sort_type: given(sort_type),
        page_no: Some(given(page_no).unwrap_or_else(|| "0".into())),
        page_size: Some(given(page_size).unwrap_or_else(|| PAGE_SIZE.into())),
        ..Default::default()
    }
}

/// A time as the portal shows it: to the minute, with its time zone, in left-to-right order.
pub fn date(t: &chrono::DateTime<chrono::Utc>) -> Ltr {
    Ltr(t.format("%Y-%m-%d %H:%M UTC").to_string())
}

/// Text that keeps its left-to-right order inside right-to-left pages (times, ids, e-mail
/// addresses): rendered escaped inside an isolating `<bdi dir="ltr">`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ltr(pub String);

impl std::fmt::Display for Ltr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use askama::filters::Escaper;
        f.write_str("<bdi dir=\"ltr\">")?;
        askama::filters::Html.write_escaped_str(&mut *f, &self.0)?;
        f.write_str("</bdi>")
    }
}

impl askama::filters::HtmlSafe for Ltr {}
