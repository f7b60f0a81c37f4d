//! Home page per role, terms consent and the partner's profile.

use super::certificates::{may_upload, partner_expiry};
use super::session::{Session, SessionForm};
use super::trust::Expiry;
use super::{failure, render, FormErrors, PageCtx, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use pms_domain::list::ListParams;
use pms_domain::partner::PartnerStatus;
use pms_domain::roles;
use pms_service::partners::{PartnerCounts, PartnerView};
use pms_service::policies::{GroupListQuery, PolicyListQuery};
use pms_service::{Result, ServiceError};
use serde::Deserialize;

pub struct Feature {
    pub id: String,
    pub title: String,
    pub text: String,
    pub href: Option<String>,
}

pub struct PartnerCard {
    pub id: String,
    pub org: String,
    pub partner_type: String,
    pub status: &'static str,
    pub reason: Option<String>,
    pub group: Option<String>,
    pub features: Vec<Feature>,
}

/// What waits for the Partner Admin, for the approvals card.
pub struct ApprovalCounts {
    pub total: u64,
    pub sbis: u64,
    pub devices: u64,
    pub chips: u64,
}

pub struct PolicyCounts {
    pub groups: u64,
    pub drafts: u64,
    pub activated: u64,
    pub deactivated: u64,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard {
    ctx: PageCtx,
    name: String,
    admin: Option<PartnerCounts>,
    /// Policy requests waiting for the Partner Admin.
    pending_requests: Option<u64>,
    approvals: Option<ApprovalCounts>,
    policy: Option<PolicyCounts>,
    partners: Vec<PartnerCard>,
    partner_without_record: bool,
}

/// The certificate card of a partner: days left, or that there is none yet.
fn certificate_card(t: Tr, partner_id: &str, certificate: Option<&Expiry>) -> Feature {
    Feature {
        id: format!("card-certificate-{partner_id}"),
        title: t.get("card-certificates"),
        text: certificate.map(|e| e.label.clone()).unwrap_or_else(|| t.get("cert-none-yet")),
        href: Some(format!("/certificates/{partner_id}")),
    }
}

fn features(
    ctx: &PageCtx,
    partner_id: &str,
    partner_type: &str,
    policy_required: bool,
    requests_policies: bool,
    certificate: Feature,
) -> Vec<Feature> {
    let t = ctx.t;
    let link = |key: &str, href: &str| Feature {
        id: format!("card-{key}-{partner_id}"),
        title: t.get(&format!("card-{key}")),
        text: t.get(&format!("card-{key}-text")),
        href: Some(href.into()),
    };
    let soon = |key: &str| Feature {
        id: format!("card-{key}-{partner_id}"),
        title: t.get(&format!("card-{key}")),
        text: t.get("card-coming-next"),
        href: None,
    };
    let mut out = vec![Feature {
        id: format!("card-profile-{partner_id}"),
        title: t.get("card-profile"),
        text: t.get("card-profile-text"),
        href: Some("/profile".into()),
    }];
    out.push(certificate);
    if policy_required && requests_policies {
        out.push(link("policies", "/policy-requests"));
        out.push(link("api-keys", "/api-keys"));
    } else if policy_required {
        out.push(soon("policies"));
    }
    match partner_type {
        "Auth_Partner" => out.push(link("auth-services", "/oidc-clients")),
        "Device_Provider" => {
            out.push(link("devices", "/sbis"));
            out.push(link("device-list", "/devices"));
        }
        "FTM_Provider" => out.push(link("ftm", "/chips")),
        "MISP_Partner" => out.push(link("misp", "/misp-licences")),
        _ => {}
    }
    out
}

async fn policy_counts(state: &AppState, s: &Session) -> Result<PolicyCounts> {
    let one = ListParams { page_no: Some("0".into()), page_size: Some("1".into()), ..Default::default() };
    let count = |status: &'static str| {
        let q = PolicyListQuery { status: Some(status.into()), ..Default::default() };
        let one = one.clone();
        async move { state.services.list_policies(&s.ctx, &q, &one).await.map(|p| p.total) }
    };
    Ok(PolicyCounts {
        groups: state.services.list_policy_groups(&s.ctx, &GroupListQuery::default(), &one).await?.total,
        drafts: count("draft").await?,
        activated: count("activated").await?,
        deactivated: count("deactivated").await?,
    })
}

pub async fn home(State(state): State<AppState>, s: Session) -> Response {
    let actor = s.actor().clone();
    let ctx = s.page();
    let admin = if actor.has_any(&[roles::PARTNER_ADMIN]) {
        match state.services.partner_counts(&s.ctx).await {
            Ok(c) => Some(c),
            Err(e) => return failure(ctx, e),
        }
    } else {
        None
    };
    let policy = if actor.has_any(roles::POLICY_ADMINS) {
        match policy_counts(&state, &s).await {
            Ok(c) => Some(c),
            Err(e) => return failure(ctx, e),
        }
    } else {
        None
    };
    let pending_requests = if actor.has_any(&[roles::PARTNER_ADMIN]) {
        match state.services.pending_policy_requests(&s.ctx).await {
            Ok(n) => Some(n),
            Err(e) => return failure(ctx, e),
        }
    } else {
        None
    };
    let approvals = match (&admin, pending_requests) {
        (Some(c), Some(requests)) => match state.services.pending_device_items(&s.ctx).await {
            Ok(p) => Some(ApprovalCounts {
                total: c.pending_approval + requests + p.sbis + p.devices + p.chips,
                sbis: p.sbis,
                devices: p.devices,
                chips: p.chips,
            }),
            Err(e) => return failure(ctx, e),
        },
        _ => None,
    };
    let requests_policies = actor.has_any(super::policy_requests::REQUESTERS);
    let mut partners = Vec::new();
    let is_partner_user = actor.has_any(roles::PARTNER_ROLES);
    if is_partner_user {
        let mine = match state.services.my_partners(&s.ctx).await {
            Ok(m) => m,
            Err(e) => return failure(ctx, e),
        };
        if !mine.is_empty() {
            match state.services.consent(&s.ctx).await {
                Ok(Some(c)) if c.consent_given == "YES" => {}
                Ok(_) => return Redirect::to("/consent").into_response(),
                Err(e) => return failure(ctx, e),
            }
        }
        let types = match state.services.self_service_partner_types().await {
            Ok(t) => t,
            Err(e) => return failure(ctx, e),
        };
        // Roles without certificates (MISP partners, …) simply get no certificate card.
        let certificates = if mine.is_empty() {
            Vec::new()
        } else {
            match state.services.my_partner_certificates(&s.ctx).await {
                Ok(c) => c,
                Err(ServiceError::Forbidden) => Vec::new(),
                Err(e) => return failure(ctx, e),
            }
        };
        let with_certificates = !certificates.is_empty();
        let warning_days = state.services.config.certificate_expiry_warning_days;
        let now = state.services.now();
        for PartnerView { partner: p, group } in mine {
            let status = PartnerStatus::from_row(&p.approval_status, p.is_active);
            let policy_required = types.iter().any(|t| t.code == p.partner_type_code && t.is_policy_required);
            let expiry = certificates
                .iter()
                .find(|c| c.partner.partner.id == p.id)
                .and_then(|c| c.certificate.as_ref())
                .map(|c| partner_expiry(ctx.t, c, now, warning_days));
            let card = certificate_card(ctx.t, &p.id, expiry.as_ref());
            partners.push(PartnerCard {
                features: if status.may_act() {
                    features(&ctx, &p.id, &p.partner_type_code, policy_required, requests_policies, card)
                } else if with_certificates && may_upload(status) {
                    // Before approval the certificate is the one thing to do (and may approve).
                    vec![card]
                } else {
                    Vec::new()
                },
                id: p.id,
                org: p.name,
                partner_type: ctx.t.get(&format!("type-{}", p.partner_type_code)),
                status: status.as_str(),
                reason: p.status_reason,
                group: group.map(|g| g.name),
            });
        }
    }
    render(Dashboard {
        name: actor.first_name.clone().unwrap_or_else(|| actor.username.clone()),
        partner_without_record: is_partner_user && partners.is_empty(),
        admin,
        pending_requests,
        approvals,
        policy,
        partners,
        ctx,
    })
}

#[derive(Template)]
#[template(path = "consent.html")]
struct ConsentPage {
    ctx: PageCtx,
    error: Option<String>,
}

pub async fn consent_page(s: Session) -> Response {
    render(ConsentPage { ctx: s.page(), error: None })
}

#[derive(Deserialize)]
pub struct ConsentForm {
    csrf: String,
    accept: Option<String>,
}

pub async fn give_consent(
    State(state): State<AppState>,
    SessionForm { session: s, form }: SessionForm<ConsentForm>,
) -> Response {
    if form.accept.is_none() {
        let ctx = s.page();
        let error = Some(ctx.t.get("consent-required"));
        return render(ConsentPage { ctx, error });
    }
    match state.services.give_consent(&s.ctx).await {
        Ok(_) => Redirect::to("/?done=consent").into_response(),
        Err(e) => failure(s.page(), e),
    }
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    ctx: PageCtx,
    user: pms_service::Actor,
    partners: Vec<PartnerView>,
    errors: FormErrors,
    /// The partner whose form was sent back with errors.
    edited: String,
    address: String,
    contact: String,
}

impl ProfilePage {
    fn status(&self, p: &PartnerView) -> &'static str {
        p.status().as_str()
    }
}

pub async fn profile(State(state): State<AppState>, s: Session) -> Response {
    let ctx = s.page();
    match state.services.my_partners(&s.ctx).await {
        Ok(partners) => {
            let (address, contact) =
                partners.first().map(|p| (p.partner.address.clone(), p.partner.contact_no.clone())).unwrap_or_default();
            render(ProfilePage {
                user: s.actor().clone(),
                ctx,
                partners,
                errors: FormErrors::default(),
                edited: String::new(),
                address,
                contact,
            })
        }
        Err(e) => failure(ctx, e),
    }
}

#[derive(Deserialize)]
pub struct ProfileForm {
    csrf: String,
    partner_id: Option<String>,
    address: Option<String>,
    contact: Option<String>,
}

pub async fn update_profile(
    State(state): State<AppState>,
    SessionForm { session: s, form }: SessionForm<ProfileForm>,
) -> Response {
    let id = form.partner_id.unwrap_or_default();
    let result = state
        .services
        .update_partner_profile(&s.ctx, &id, form.address.as_deref(), form.contact.as_deref(), None, None)
        .await;
    match result {
        Ok(_) => Redirect::to("/profile?done=profile-saved").into_response(),
        Err(e) => {
            let ctx = s.page();
            let mut errors = FormErrors::from_error(ctx.t, &e, &[("PMS_PRT_013", "contactNumber")]);
            // Each partner has its own form: the summary links to this one's fields.
            for (field, _) in errors.fields.iter_mut() {
                let input = if field == "contactNumber" { "contact" } else { field.as_str() };
                *field = format!("{input}-{id}");
            }
            match state.services.my_partners(&s.ctx).await {
                Ok(partners) => render(ProfilePage {
                    user: s.actor().clone(),
                    ctx,
                    partners,
                    errors,
                    edited: id,
                    address: form.address.unwrap_or_default(),
                    contact: form.contact.unwrap_or_default(),
                }),
                Err(e) => failure(ctx, e),
            }
        }
    }
}

super::session::csrf_forms!(ConsentForm, ProfileForm);
