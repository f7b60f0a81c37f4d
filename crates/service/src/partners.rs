//! Partners: MOSIP's registration path for authenticated users, profiles, the Partner Admin's
//! decisions (approve, reject, deactivate, re-activate) and partner lists.

use crate::events;
use crate::view::{all, Consent, Partner, PartnerRevision, PartnerType, PolicyGroup};
use crate::write::{Action, Change, Write};
use crate::{Actor, Ctx, Result, ServiceError, Services};
use pms_domain::lang::Lang;
use pms_domain::list::{plan_list, text_filter, ListPage, ListParams, Paging};
use pms_domain::partner::{self as lifecycle, PartnerAction, PartnerStatus};
use pms_domain::roles::*;
use pms_domain::search::{
    plan_filter, plan_filter_values, plan_search, FilterOp, FilterValue, FilterValueRequest, Page, Scalar,
    SearchRequest,
};
use pms_domain::{error, validate, Checks, PmsError};
use pms_store::entity::{partner, partner_type, policy_group};
use pms_store::repo::{partners, policy_groups, users};
use pms_store::sea_orm::ConnectionTrait;
use pms_store::StoreError;
use serde_json::{json, Value};

/// Partner Admin, and MOSIP's legacy partner-manager role.
const ADMINS: &[&str] = &[PARTNER_ADMIN, "PARTNERMANAGER"];
/// Service accounts of other MOSIP modules that read any partner (resident, IDA, ID repository…).
const SERVICE_READERS: &[&str] =
    &["RESIDENT", "ID_AUTHENTICATION", "REGISTRATION_PROCESSOR", "CREDENTIAL_ISSUANCE", "ID_REPOSITORY"];
// Role sets of MOSIP's endpoints, as its controllers declare them (reference §4, per endpoint).
const P: &str = "PARTNER";
const PMS_USER: &str = "PMS_USER";
/// `userconsent` (#90, #91), and manual-adjudication and MISP partners, whom PMS's portal asks for
/// consent like every other partner (MOSIP's portal has no pages for them).
const CONSENT: &[&str] = &[
    AUTH_PARTNER,
    ABIS_PARTNER,
    SDK_PARTNER,
    DEVICE_PROVIDER,
    FTM_PROVIDER,
    CREDENTIAL_PARTNER,
    PARTNER_ADMIN,
    ONLINE_VERIFICATION_PARTNER,
    POLICYMANAGER,
    MANUAL_ADJUDICATION,
    MISP_PARTNER,
];
/// `GET /partners/{id}` (#5).
const PARTNER_READERS: &[&str] = &[
    P,
    AUTH_PARTNER,
    CREDENTIAL_PARTNER,
    "RESIDENT",
    PARTNER_ADMIN,
    ONLINE_VERIFICATION_PARTNER,
    DEVICE_PROVIDER,
    FTM_PROVIDER,
    ABIS_PARTNER,
    SDK_PARTNER,
    MANUAL_ADJUDICATION,
    MISP_PARTNER,
];
/// `GET /partners/v3` (#34).
const V3_READERS: &[&str] = &[
    DEVICE_PROVIDER,
    FTM_PROVIDER,
    PARTNER_ADMIN,
    AUTH_PARTNER,
    ABIS_PARTNER,
    SDK_PARTNER,
    CREDENTIAL_PARTNER,
    ONLINE_VERIFICATION_PARTNER,
];
/// Profile and contact edits (#3, #4, #6), and SDK partners, which MOSIP leaves without a way to
/// keep their own address and phone up to date.
const PROFILE_EDITORS: &[&str] = &[
    P,
    AUTH_PARTNER,
    CREDENTIAL_PARTNER,
    PARTNER_ADMIN,
    ONLINE_VERIFICATION_PARTNER,
    DEVICE_PROVIDER,
    FTM_PROVIDER,
    ABIS_PARTNER,
    MANUAL_ADJUDICATION,
    MISP_PARTNER,
    SDK_PARTNER,
];
/// `POST /partners/search` (#19).
const PARTNER_SEARCH: &[&str] = &[
    P,
    PMS_USER,
    AUTH_PARTNER,
    ABIS_PARTNER,
    SDK_PARTNER,
    DEVICE_PROVIDER,
    FTM_PROVIDER,
    PARTNER_ADMIN,
    CREDENTIAL_PARTNER,
    ONLINE_VERIFICATION_PARTNER,
];
/// `POST /partners/partnertype/search` (#20).
const TYPE_SEARCH: &[&str] = &[
    P,
    PMS_USER,
    AUTH_PARTNER,
    DEVICE_PROVIDER,
    FTM_PROVIDER,
    PARTNER_ADMIN,
    CREDENTIAL_PARTNER,
    ONLINE_VERIFICATION_PARTNER,
];
/// `POST /partners/filtervalues` (#21).
const PARTNER_FILTER_VALUES: &[&str] = &[
    P,
    PMS_USER,
    AUTH_PARTNER,
    DEVICE_PROVIDER,
    FTM_PROVIDER,
    CREDENTIAL_PARTNER,
    PARTNER_ADMIN,
    ONLINE_VERIFICATION_PARTNER,
    ABIS_PARTNER,
];

fn any_of(lists: &[&[&'static str]]) -> Vec<&'static str> {
    lists.iter().flat_map(|l| l.iter().copied()).collect()
}

/// A partner with its policy group.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerView {
    pub partner: Partner,
    pub group: Option<PolicyGroup>,
}

impl PartnerView {
    pub fn status(&self) -> PartnerStatus {
        PartnerStatus::from_row(&self.partner.approval_status, self.partner.is_active)
    }
}

impl From<partners::PartnerRow> for PartnerView {
    fn from((partner, group): partners::PartnerRow) -> Self {
        PartnerView { partner: partner.into(), group: group.map(Into::into) }
    }
}

/// Partner details as the Partner Admin sees them.
#[derive(Debug, Clone)]
pub struct PartnerDetails {
    pub view: PartnerView,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub partner_type: Option<PartnerType>,
    pub history: Vec<PartnerRevision>,
}

/// A MOSIP `POST /partners` request.
#[derive(Debug, Clone, Default)]
pub struct RegisterInput {
    pub partner_id: Option<String>,
    pub organization_name: Option<String>,
    pub address: Option<String>,
    pub contact_number: Option<String>,
    pub email_id: Option<String>,
    pub partner_type: Option<String>,
    pub policy_group: Option<String>,
    pub lang_code: Option<String>,
    pub logo_url: Option<String>,
    pub additional_info: Option<Value>,
}

/// Everything a new partner row needs, checked.
pub(crate) struct NewPartnerFields {
    pub id: String,
    pub organization_name: String,
    pub address: String,
    pub contact_number: String,
    pub email: String,
    pub partner_type: partner_type::Model,
    pub group: Option<policy_group::Model>,
    pub lang: Lang,
    pub logo_url: Option<String>,
    pub additional_info: Option<String>,
}

/// Filters of the admin partner list.
#[derive(Debug, Clone, Default)]
pub struct AdminListQuery {
    pub partner_id: Option<String>,
    pub partner_type: Option<String>,
    pub org_name: Option<String>,
    pub email: Option<String>,
    pub policy_group_name: Option<String>,
    pub is_active: Option<String>,
    pub certificate_upload_status: Option<String>,
    pub status: Option<String>,
}

/// Dashboard figures for the Partner Admin.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartnerCounts {
    pub pending_approval: u64,
    pub in_progress: u64,
    pub approved: u64,
    pub rejected: u64,
    pub deactivated: u64,
}

/// A concurrent registration won a unique index: report the clash the checks would have.
pub(crate) fn partner_conflict(e: StoreError) -> ServiceError {
    match e {
        StoreError::Conflict(what) if what.contains("email") => error::EMAIL_EXISTS.err().into(),
        StoreError::Conflict(_) => error::PARTNER_ID_EXISTS.err().into(),
        other => other.into(),
    }
}

impl Services {
    /// Checks a registration's fields and references in MOSIP's order. Shared by `POST /partners`
    /// and the e-mail-verified self-registration.
    pub(crate) async fn check_new_partner(
        &self,
        conn: &impl pms_store::sea_orm::ConnectionTrait,
        input: &RegisterInput,
    ) -> Result<NewPartnerFields> {
        let mut checks = Checks::default();
        let fields = self.collect_new_partner(conn, input, &mut checks).await?;
        checks.finish()?;
        fields.ok_or_else(|| ServiceError::Internal("partner checks passed without fields".into()))
    }

    /// Checks a new partner's fields in MOSIP's order, keeping every failure in `checks` (a check
    /// that needs an earlier value runs only when that value passed). `None` when any failed.
    pub(crate) async fn collect_new_partner(
        &self,
        conn: &impl pms_store::sea_orm::ConnectionTrait,
        input: &RegisterInput,
        checks: &mut Checks,
    ) -> Result<Option<NewPartnerFields>> {
        let id = checks.keep(validate::required("partnerId", input.partner_id.as_deref(), 1, 64));
        let organization_name =
            checks.keep(validate::required("organizationName", input.organization_name.as_deref(), 1, 128));
        let address = checks.keep(validate::required("address", input.address.as_deref(), 1, 2000));
        let contact = checks.keep(validate::required("contactNumber", input.contact_number.as_deref(), 1, 64));
        let email = checks.keep(validate::required("emailId", input.email_id.as_deref(), 1, 254));
        let type_code = checks.keep(validate::required("partnerType", input.partner_type.as_deref(), 1, 36));
        let contact_number = contact.and_then(|c| checks.keep(validate::phone(&c)));
        let email = email.and_then(|e| checks.keep(validate::email(&e)));
        let id = id.and_then(|id| checks.keep(validate::partner_id(&id)));
        if let Some(email) = &email {
            if partners::find_by_email(conn, email).await?.is_some() {
                checks.fail(error::EMAIL_EXISTS.err());
            }
        }
        let lang = match input.lang_code.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            None => Some(Lang::En),
            Some(code) => checks.keep(Lang::parse(code).ok_or_else(|| error::LANG_NOT_SUPPORTED.err())),
        };
        if let Some(id) = &id {
            if partners::id_taken(conn, id).await? {
                checks.fail(error::PARTNER_ID_EXISTS.err());
            }
        }
        let partner_type = match &type_code {
            Some(code) => {
                let found = partners::find_type(conn, code).await?.filter(|t| t.is_active);
                checks.keep(found.ok_or_else(|| error::PARTNER_TYPE_NOT_FOUND.err()))
            }
            None => None,
        };
        let group_name = input.policy_group.as_deref().map(str::trim).filter(|g| !g.is_empty());
        let group = match (&partner_type, group_name) {
            (Some(t), None) if t.is_policy_required => {
                checks.fail(error::POLICY_GROUP_MANDATORY.with(&t.code));
                None
            }
            (_, None) => Some(None),
            (_, Some(name)) => match policy_groups::find_by_name(conn, name).await? {
                None => checks.keep(Err(error::PARTNER_GROUP_NOT_FOUND.err())),
                Some(g) if !g.is_active => checks.keep(Err(error::GROUP_NOT_ACTIVE.err())),
                Some(g) => Some(Some(g)),
            },
        };
        let logo_url = checks.keep(validate::optional("logoUrl", input.logo_url.as_deref(), 256));
        let additional_info = input.additional_info.as_ref().filter(|v| !v.is_null()).map(Value::to_string);
        let (
            Some(id),
            Some(organization_name),
            Some(address),
            Some(contact_number),
            Some(email),
            Some(partner_type),
            Some(group),
            Some(lang),
            Some(logo_url),
        ) = (id, organization_name, address, contact_number, email, partner_type, group, lang, logo_url)
        else {
            return Ok(None);
        };
        Ok(checks.is_clean().then_some(NewPartnerFields {
            id,
            organization_name,
            address,
            contact_number,
            email,
            partner_type,
            group,
            lang,
            logo_url,
            additional_info,
        }))
    }

    pub(crate) async fn insert_partner(&self, w: &Write<'_>, f: &NewPartnerFields) -> Result<(partner::Model, Change)> {
        let status = self.config.partner_approval.initial_status();
        let created = partners::insert(
            &**w,
            partners::NewPartner {
                id: &f.id,
                policy_group_id: f.group.as_ref().map(|g| g.id.as_str()),
                name: &f.organization_name,
                address: &f.address,
                contact_no: &f.contact_number,
                email: &f.email,
                partner_type_code: &f.partner_type.code,
                status,
                lang_code: f.lang.mosip_code(),
                logo_url: f.logo_url.as_deref(),
                addl_info: f.additional_info.as_deref(),
                by: w.stamp(),
            },
        )
        .await
        .map_err(partner_conflict)?;
        let change = Change::of(&created.id)
            .status(None, Some(status.as_str()))
            .details(json!({ "partnerType": created.partner_type_code, "organizationName": created.name }));
        Ok((created, change))
    }

    /// MOSIP `POST /partners` (and `/partners/v2`): the caller registers its own partner; the
    /// partner id must be the caller's username, as MOSIP's portal guarantees.
    pub async fn register_partner(&self, ctx: &Ctx, input: RegisterInput) -> Result<Partner> {
        let label = input.partner_id.clone().unwrap_or_default();
        let op = self.op(ctx, Action::PartnerRegister, &label);
        op.run(async {
            let actor = ctx.actor()?;
            // Bean validation first, as MOSIP's controller does.
            for (field, value, max) in [
                ("partnerId", &input.partner_id, 64),
                ("organizationName", &input.organization_name, 128),
                ("address", &input.address, 2000),
                ("contactNumber", &input.contact_number, 64),
                ("emailId", &input.email_id, 254),
                ("partnerType", &input.partner_type, 36),
            ] {
                validate::required(field, value.as_deref(), 1, max)?;
            }
            if input.partner_id.as_deref().map(str::trim) != Some(actor.username.as_str()) {
                return Err(error::USER_NOT_AUTHORIZED.err().into());
            }
            let mut w = op.begin().await?;
            if let Ok(own_email) = validate::email(&actor.email) {
                if partners::find_by_email(&*w, &own_email).await?.is_some() {
                    return Err(error::USER_NOT_AUTHORIZED.err().into());
                }
            }
            let fields = self.check_new_partner(&*w, &input).await?;
            let (created, change) = self.insert_partner(&w, &fields).await?;
            let created = Partner::from(created);
            Self::tell_registered(&mut w, &created);
            w.commit(change).await?;
            Ok(created)
        })
        .await
    }

    /// Tells a newly registered partner what happens next.
    pub(crate) fn tell_registered(w: &mut Write<'_>, p: &Partner) {
        let key = match PartnerStatus::from_row(&p.approval_status, p.is_active) {
            PartnerStatus::PendingApproval => "email-registered-pending",
            _ => "email-registered-certificate",
        };
        tell_partner(w, p, key, &[]);
    }

    /// `PUT /partners/email/verify`: whether an e-mail already belongs to a partner, and which
    /// partner types need a policy group.
    pub async fn email_exists(&self, ctx: &Ctx, email: Option<&str>) -> Result<(bool, Vec<String>)> {
        ctx.actor()?;
        let email = validate::email(email.unwrap_or_default())?;
        let conn = self.store.db();
        let exists = partners::find_by_email(conn, &email).await?.is_some();
        let types = partners::types(conn)
            .await?
            .into_iter()
            .filter(|t| t.is_policy_required && t.is_active)
            .map(|t| t.code.to_uppercase())
            .collect();
        Ok((exists, types))
    }

    /// Loads a partner the caller may see: admins and MOSIP service accounts see all, partner
    /// users only their own (MOSIP's legacy endpoints forgot this check).
    async fn visible_partner(
        &self,
        conn: &impl ConnectionTrait,
        ctx: &Ctx,
        roles: &[&str],
        id: &str,
        not_found: PmsError,
    ) -> Result<PartnerView> {
        let actor = ctx.require(roles)?;
        let view: PartnerView = partners::find_with_group(conn, id).await?.ok_or(not_found)?.into();
        if !sees_all(actor) && view.partner.user_id != actor.username {
            return Err(error::USER_NOT_AUTHORIZED.err().into());
        }
        Ok(view)
    }

    /// MOSIP `GET /partners/{partnerId}`.
    pub async fn partner(&self, ctx: &Ctx, id: &str) -> Result<PartnerView> {
        let roles: &[&str] = PARTNER_READERS;
        self.visible_partner(self.store.db(), ctx, roles, id, error::PARTNER_NOT_FOUND.err()).await
    }

    /// Partners owned by the caller (the portal's dashboard, MOSIP `GET /partners/v3`).
    pub async fn my_partners(&self, ctx: &Ctx) -> Result<Vec<PartnerView>> {
        let actor = ctx.actor()?;
        Ok(partners::by_user(self.store.db(), &actor.username).await?.into_iter().map(PartnerView::from).collect())
    }

    /// MOSIP `GET /partners/v3`: the caller's partners in a given approval status.
    pub async fn my_partners_v3(
        &self,
        ctx: &Ctx,
        status: Option<&str>,
        partner_type: Option<&str>,
    ) -> Result<Vec<PartnerView>> {
        let roles: &[&str] = V3_READERS;
        ctx.require(roles)?;
        let status =
            status.map(str::trim).filter(|s| !s.is_empty()).ok_or_else(|| error::INVALID_INPUT.with("status"))?;
        let mine = self.my_partners(ctx).await?;
        if mine.is_empty() {
            return Err(error::USER_OWNS_NO_PARTNER.err().into());
        }
        Ok(mine
            .into_iter()
            .filter(|p| p.partner.approval_status.eq_ignore_ascii_case(status))
            .filter(|p| {
                partner_type
                    .is_none_or(|t| t.trim().is_empty() || p.partner.partner_type_code.eq_ignore_ascii_case(t.trim()))
            })
            .collect())
    }

    /// MOSIP `PUT /partners/{id}` and `/partners/v2/{id}`: address and phone (plus logo and
    /// additional information on v2). Unlike MOSIP's v1, fields not sent are left untouched.
    pub async fn update_partner_profile(
        &self,
        ctx: &Ctx,
        id: &str,
        address: Option<&str>,
        contact_number: Option<&str>,
        logo_url: Option<Option<&str>>,
        additional_info: Option<&Value>,
    ) -> Result<Partner> {
        let op = self.op(ctx, Action::PartnerUpdate, id);
        op.run(async {
            let mut checks = Checks::default();
            let address = checks.keep(validate::required("address", address, 1, 2000));
            let contact = checks.keep(validate::required("contactNumber", contact_number, 1, 64));
            let contact = contact.and_then(|c| checks.keep(validate::phone(&c)));
            let logo = match logo_url {
                Some(l) => checks.keep(validate::optional("logoUrl", l, 256)).map(Some),
                None => Some(None),
            };
            checks.finish()?;
            let (Some(address), Some(contact), Some(logo)) = (address, contact, logo) else {
                return Err(ServiceError::Internal("profile checks passed without values".into()));
            };
            let info = additional_info.filter(|v| !v.is_null()).map(Value::to_string);
            let roles: &[&str] = PROFILE_EDITORS;
            // Visibility and status are read in the transaction of the change, so a concurrent
            // deactivation cannot slip in between check and write.
            let w = op.begin().await?;
            let view = self.visible_partner(&*w, ctx, roles, id, error::PARTNER_NOT_FOUND.err()).await?;
            if matches!(view.status(), PartnerStatus::Deactivated | PartnerStatus::Rejected) && !is_admin(ctx) {
                return Err(error::PARTNER_NOT_ACTIVE.err().into());
            }
            partners::update_profile(
                &*w,
                id,
                partners::ProfileUpdate {
                    address: &address,
                    contact_no: &contact,
                    logo_url: logo.as_ref().map(|l| l.as_deref()),
                    addl_info: additional_info.map(|_| info.as_deref()),
                },
                w.stamp(),
            )
            .await?;
            let updated = partners::find(&*w, id).await?.ok_or_else(|| error::PARTNER_NOT_FOUND.err())?;
            partners::record_history(&*w, &updated, "profile-updated", w.stamp()).await?;
            w.commit(Change::of(id)).await?;
            Ok(updated.into())
        })
        .await
    }

    /// MOSIP `POST /partners/{id}/contact/add`: adds or updates a contact keyed by e-mail.
    /// Returns true when it was added.
    pub async fn upsert_partner_contact(
        &self,
        ctx: &Ctx,
        id: &str,
        email: Option<&str>,
        contact_number: Option<&str>,
        address: Option<&str>,
        is_active: Option<bool>,
    ) -> Result<bool> {
        let op = self.op(ctx, Action::PartnerContact, id);
        op.run(async {
            let email = validate::required("emailId", email, 1, 254)?;
            let contact = validate::required("contactNumber", contact_number, 1, 64)?;
            let address = validate::required("address", address, 1, 2000)?;
            let email = validate::email(&email)?;
            let contact = validate::phone(&contact)?;
            let roles: &[&str] = PROFILE_EDITORS;
            let w = op.begin().await?;
            let view = self.visible_partner(&*w, ctx, roles, id, error::PARTNER_NOT_FOUND.err()).await?;
            if !view.status().may_act() {
                return Err(error::PARTNER_NOT_ACTIVE.err().into());
            }
            let added =
                partners::upsert_contact(&*w, id, &email, &contact, &address, is_active.unwrap_or(true), w.stamp())
                    .await?;
            w.commit(Change::of(id).details(json!({ "email": email, "added": added }))).await?;
            Ok(added)
        })
        .await
    }

    /// MOSIP `PUT /partners/{id}/policygroup/{name}`: only while the partner is not active.
    pub async fn change_partner_policy_group(&self, ctx: &Ctx, id: &str, group_name: &str) -> Result<()> {
        let op = self.op(ctx, Action::PartnerPolicyGroup, id);
        op.run(async {
            let roles = any_of(&[
                &["PARTNER", "PMS_USER", AUTH_PARTNER, CREDENTIAL_PARTNER, ONLINE_VERIFICATION_PARTNER],
                ADMINS,
            ]);
            let w = op.begin().await?;
            let view = self.visible_partner(&*w, ctx, &roles, id, error::PARTNER_NOT_FOUND.err()).await?;
            if view.partner.is_active {
                return Err(error::PARTNER_GROUP_NOT_ACTIVE_FOR_UPDATE.err().into());
            }
            let partner_type = partners::find_type(&*w, &view.partner.partner_type_code)
                .await?
                .ok_or_else(|| error::PARTNER_TYPE_NOT_FOUND.err())?;
            if !partner_type.is_policy_required {
                return Err(error::PARTNER_GROUP_NOT_REQUIRED.err().into());
            }
            let group = policy_groups::find_by_name(&*w, group_name.trim())
                .await?
                .ok_or_else(|| error::PARTNER_GROUP_NOT_FOUND.err())?;
            if !group.is_active {
                return Err(error::GROUP_NOT_ACTIVE.err().into());
            }
            if partners::set_policy_group(&*w, id, &group.id, w.stamp()).await? == 0 {
                return Err(error::PARTNER_GROUP_NOT_ACTIVE_FOR_UPDATE.err().into());
            }
            let updated = partners::find(&*w, id).await?.ok_or_else(|| error::PARTNER_NOT_FOUND.err())?;
            partners::record_history(&*w, &updated, "policy-group-changed", w.stamp()).await?;
            w.commit(Change::of(id).status(view.group.as_ref().map(|g| g.name.as_str()), Some(&group.name))).await?;
            Ok(())
        })
        .await
    }

    // ------------------------------------------------------------ the Partner Admin's decisions

    /// Applies an admin decision. Concurrent decisions on one partner: the first wins, the
    /// others get the state error of the state it left, and only one event is written.
    pub async fn decide_partner(
        &self,
        ctx: &Ctx,
        id: &str,
        action: PartnerAction,
        reason: Option<&str>,
    ) -> Result<PartnerView> {
        let op = self.op(ctx, Action::Partner(action), id);
        op.run(async {
            ctx.require(ADMINS)?;
            let reason = validate::optional("reason", reason, validate::REASON_MAX)?;
            if action.needs_reason() && reason.is_none() {
                return Err(error::ONB_REASON_REQUIRED.err().into());
            }
            if action == PartnerAction::Deactivate {
                self.push_partner_clients_off(id).await?;
            }
            let mut w = op.begin().await?;
            let current = partners::find(&*w, id).await?.ok_or_else(|| error::PARTNER_ID_NOT_FOUND.err())?;
            let from = PartnerStatus::from_row(&current.approval_status, current.is_active);
            let to = lifecycle::transition(from, action, self.config.partner_approval)?;
            if to == from {
                return Ok(partners::find_with_group(&*w, id)
                    .await?
                    .ok_or_else(|| error::PARTNER_ID_NOT_FOUND.err())?
                    .into());
            }
            // The reason is kept on the partner (and shown to it) only for rejections and
            // deactivations; a comment on approval goes to the audit trail alone.
            let kept = reason.as_deref().filter(|_| matches!(to, PartnerStatus::Rejected | PartnerStatus::Deactivated));
            if partners::transition(&*w, id, from, to, kept, w.stamp()).await? == 0 {
                // Someone changed the partner between our read and our write: report as of now.
                let now = partners::find(&*w, id).await?.ok_or_else(|| error::PARTNER_ID_NOT_FOUND.err())?;
                let state = PartnerStatus::from_row(&now.approval_status, now.is_active);
                lifecycle::transition(state, action, self.config.partner_approval)?;
                return Err(error::ONB_NOT_PENDING.err().into());
            }
            let (revoked, stopped) = if to == PartnerStatus::Deactivated {
                let keys = self.revoke_keys(&mut w, id).await?
                    + self.stop_partner_clients(&mut w, &current).await?
                    + self.stop_partner_licences(&mut w, &current).await?;
                (keys, self.stop_provider_items(&mut w, &current).await?)
            } else {
                (0, 0)
            };
            let updated = partners::find(&*w, id).await?.ok_or_else(|| error::PARTNER_ID_NOT_FOUND.err())?;
            partners::record_history(&*w, &updated, action.as_str(), w.stamp()).await?;
            let view: PartnerView =
                partners::find_with_group(&*w, id).await?.ok_or_else(|| error::PARTNER_ID_NOT_FOUND.err())?.into();
            w.publish(events::partner_updated(&view.partner, w.now()));
            let change = Change::of(id)
                .status(Some(from.as_str()), Some(to.as_str()))
                .details(json!({ "reason": reason, "revokedCredentials": revoked, "stoppedDevices": stopped }));
            tell_decision(&mut w, &view.partner, action, reason.as_deref());
            w.commit(change).await?;
            Ok(view)
        })
        .await
    }

    /// MOSIP `PATCH /partners/{id}` with `Active` / `De-active`. `Active` approves a waiting
    /// partner and re-activates a deactivated one (MOSIP cannot).
    pub async fn legacy_partner_status(&self, ctx: &Ctx, id: &str, status: Option<&str>) -> Result<&'static str> {
        let checked = self
            .op(ctx, Action::PartnerStatus, id)
            .run(async {
                ctx.require(ADMINS)?;
                let status = validate::required("status", status, 1, 32)?;
                let current =
                    partners::find(self.store.db(), id).await?.ok_or_else(|| error::PARTNER_ID_NOT_FOUND.err())?;
                if !matches!(status.to_ascii_lowercase().as_str(), "active" | "de-active") {
                    return Err(error::PARTNER_STATUS_INVALID.err().into());
                }
                Ok((status, PartnerStatus::from_row(&current.approval_status, current.is_active)))
            })
            .await;
        let (status, state) = checked?;
        match status.to_ascii_lowercase().as_str() {
            "active" => {
                let action = match state {
                    PartnerStatus::Approved => return Ok("Partner activated successfully"),
                    PartnerStatus::Deactivated => PartnerAction::Reactivate,
                    _ => PartnerAction::Approve,
                };
                self.decide_partner(ctx, id, action, None).await?;
                Ok("Partner activated successfully")
            }
            "de-active" => {
                self.decide_partner(ctx, id, PartnerAction::Deactivate, None).await?;
                Ok("Partner de-activated successfully")
            }
            _ => Err(error::PARTNER_STATUS_INVALID.err().into()),
        }
    }

    // ------------------------------------------------------------ lists

    /// Revamp `GET /admin-partners` and the portal's partner list.
    pub async fn admin_partners(
        &self,
        ctx: &Ctx,
        q: &AdminListQuery,
        params: &ListParams,
    ) -> Result<ListPage<PartnerView>> {
        ctx.require(&[PARTNER_ADMIN])?;
        let plan = plan_list(params, partners::ADMIN_SORT, Paging::DefaultPage)?;
        let flag = |v: &Option<String>, field: &str| -> Result<Option<bool>> {
            match v.as_deref().map(|s| s.trim().to_ascii_lowercase()).as_deref() {
                None | Some("") => Ok(None),
                Some("true") | Some("uploaded") => Ok(Some(true)),
                Some("false") | Some("not_uploaded") => Ok(Some(false)),
                Some(_) => Err(error::INVALID_INPUT.with(field).into()),
            }
        };
        let status = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(PartnerStatus::parse(s).ok_or_else(|| error::INVALID_INPUT.with("status"))?),
        };
        let filter = partners::AdminFilter {
            partner_id: text_filter(q.partner_id.as_deref()),
            partner_type: text_filter(q.partner_type.as_deref()),
            org_name: text_filter(q.org_name.as_deref()),
            email: text_filter(q.email.as_deref()),
            policy_group_name: text_filter(q.policy_group_name.as_deref()),
            is_active: flag(&q.is_active, "isActive")?,
            certificate_uploaded: flag(&q.certificate_upload_status, "certificateUploadStatus")?,
            status,
        };
        let page = partners::admin_list(self.store.db(), &filter, &plan).await?;
        Ok(ListPage::new(page, &plan).map(PartnerView::from))
    }

    /// Revamp `GET /admin-partners/{id}` in MOSIP's order of checks: the admin must own a partner
    /// itself, then the id must be given and known, and a partner that needs a policy group must
    /// have one.
    pub async fn admin_partner_details(&self, ctx: &Ctx, id: &str) -> Result<PartnerDetails> {
        let actor = ctx.require(&[PARTNER_ADMIN])?;
        self.owns_a_partner(self.store.db(), actor).await?;
        if id.trim().is_empty() {
            return Err(error::REQUEST_INVALID.err().into());
        }
        let details = self.partner_details(ctx, id).await?;
        let needs_group = details.partner_type.as_ref().is_none_or(|t| t.is_policy_required);
        if needs_group && details.view.group.is_none() {
            return Err(error::POLICY_GROUP_ID_EMPTY.err().into());
        }
        Ok(details)
    }

    /// A partner with its login's names and status history (the portal's details page).
    pub async fn partner_details(&self, ctx: &Ctx, id: &str) -> Result<PartnerDetails> {
        ctx.require(ADMINS)?;
        let conn = self.store.db();
        let view: PartnerView =
            partners::find_with_group(conn, id).await?.ok_or_else(|| error::PARTNER_NOT_FOUND.err())?.into();
        let user = users::find_by_username(conn, &view.partner.user_id).await?;
        let partner_type = partners::find_type(conn, &view.partner.partner_type_code).await?.map(Into::into);
        let history = all(partners::history(conn, id).await?);
        Ok(PartnerDetails {
            first_name: user.as_ref().and_then(|u| u.user.first_name.clone()),
            last_name: user.as_ref().and_then(|u| u.user.last_name.clone()),
            partner_type,
            history,
            view,
        })
    }

    pub async fn partner_counts(&self, ctx: &Ctx) -> Result<PartnerCounts> {
        ctx.require(ADMINS)?;
        let mut c = PartnerCounts::default();
        for (status, n) in partners::status_counts(self.store.db()).await? {
            match status {
                PartnerStatus::PendingApproval => c.pending_approval = n,
                PartnerStatus::InProgress => c.in_progress = n,
                PartnerStatus::Approved => c.approved = n,
                PartnerStatus::Rejected => c.rejected = n,
                PartnerStatus::Deactivated => c.deactivated = n,
            }
        }
        Ok(c)
    }

    /// MOSIP `GET /partners?partnerType=` for other MOSIP modules.
    pub async fn all_partners(&self, ctx: &Ctx, partner_type: Option<&str>) -> Result<Vec<Partner>> {
        ctx.require(&any_of(&[ADMINS, SERVICE_READERS]))?;
        let list = partners::all(self.store.db(), partner_type.map(str::trim).filter(|t| !t.is_empty())).await?;
        if list.is_empty() {
            return Err(error::NO_PARTNERS.err().into());
        }
        Ok(all(list))
    }

    /// Legacy `POST /partners/search`; partner users only ever see their own partners.
    pub async fn search_partners(
        &self,
        ctx: &Ctx,
        dto: &SearchRequest,
        partner_type: Option<&str>,
    ) -> Result<Page<Partner>> {
        let actor = ctx.require(PARTNER_SEARCH)?;
        let partner_type = validate::required("partnerType", partner_type, 1, 36)?;
        let mut plan = plan_search(dto, partners::FIELDS)?;
        if !sees_all(actor) {
            plan.filters.push(pms_domain::search::Filter {
                field: "userId",
                op: FilterOp::Equals(Scalar::Text(actor.username.clone())),
            });
        }
        let partner_type = Some(partner_type.as_str()).filter(|t| !t.eq_ignore_ascii_case("all"));
        Ok(partners::search(self.store.db(), &plan, partner_type).await?.map(Into::into))
    }

    pub async fn partner_filter_values(&self, ctx: &Ctx, dto: &FilterValueRequest) -> Result<Vec<FilterValue>> {
        let actor = ctx.require(PARTNER_FILTER_VALUES)?;
        let mut plan = plan_filter_values(dto, partners::FIELDS)?;
        if !sees_all(actor) {
            let own = pms_domain::search::SearchFilter {
                column_name: Some("userId".into()),
                filter_type: Some("equals".into()),
                value: Some(Value::String(actor.username.clone())),
                ..Default::default()
            };
            plan.optional.push(plan_filter(&own, partners::FIELDS)?);
        }
        Ok(partners::filter_values(self.store.db(), &plan).await?)
    }

    /// Legacy `POST /partners/partnertype/search`.
    pub async fn search_partner_types(&self, ctx: &Ctx, dto: &SearchRequest) -> Result<Page<PartnerType>> {
        ctx.require(TYPE_SEARCH)?;
        let plan = plan_search(dto, partners::TYPE_FIELDS)?;
        Ok(partners::search_types(self.store.db(), &plan).await?.map(Into::into))
    }

    /// Partner types that may register themselves, for the sign-up page.
    /// Every active partner type, for the admin's list filters.
    pub async fn partner_types(&self) -> Result<Vec<PartnerType>> {
        Ok(partners::types(self.store.db()).await?.into_iter().filter(|t| t.is_active).map(Into::into).collect())
    }

    pub async fn self_service_partner_types(&self) -> Result<Vec<PartnerType>> {
        Ok(partners::types(self.store.db())
            .await?
            .into_iter()
            .filter(|t| t.is_active && t.role_code.is_some())
            .map(Into::into)
            .collect())
    }

    // ------------------------------------------------------------ terms consent

    /// MOSIP keeps consent for users who own a partner; anyone else is told so and nothing is read.
    pub async fn consent(&self, ctx: &Ctx) -> Result<Option<Consent>> {
        let actor = ctx.require(CONSENT)?;
        self.owns_a_partner(self.store.db(), actor).await?;
        Ok(partners::consent(self.store.db(), &actor.username).await?.map(Into::into))
    }

    pub async fn give_consent(&self, ctx: &Ctx) -> Result<Consent> {
        let op = self.op(ctx, Action::UserConsent, ctx.name());
        op.run(async {
            let actor = ctx.require(CONSENT)?;
            let w = op.begin().await?;
            self.owns_a_partner(&*w, actor).await?;
            let row = partners::give_consent(&*w, &actor.username, w.stamp()).await?;
            w.commit(Change::of(&actor.username).status(None, Some("YES"))).await?;
            Ok(row.into())
        })
        .await
    }

    async fn owns_a_partner(&self, conn: &impl ConnectionTrait, actor: &Actor) -> Result<()> {
        if partners::by_user(conn, &actor.username).await?.is_empty() {
            return Err(error::USER_OWNS_NO_PARTNER.err().into());
        }
        Ok(())
    }
}

fn sees_all(actor: &Actor) -> bool {
    actor.has_any(ADMINS) || actor.has_any(SERVICE_READERS)
}

fn is_admin(ctx: &Ctx) -> bool {
    ctx.actor.as_ref().is_some_and(|a| a.has_any(ADMINS))
}

/// Tells a partner, by e-mail and in the portal of its user, in its language; `name` and
/// `partnerId` are always among the arguments.
pub(crate) fn tell_partner(w: &mut Write<'_>, p: &Partner, key: &str, args: &[(&str, &str)]) {
    let lang = Lang::parse(&p.lang_code).unwrap_or(Lang::En);
    let mut all: Vec<(&str, &str)> = vec![("name", &p.name), ("partnerId", &p.id)];
    all.extend_from_slice(args);
    w.tell(&p.user_id, &p.email_id, lang, key, &all);
}

fn tell_decision(w: &mut Write<'_>, p: &Partner, action: PartnerAction, reason: Option<&str>) {
    let key = match action {
        PartnerAction::Approve | PartnerAction::CertificateAccepted => "email-approved",
        PartnerAction::Reject => "email-rejected",
        PartnerAction::Deactivate => "email-deactivated",
        PartnerAction::Reactivate => "email-reactivated",
    };
    tell_partner(w, p, key, &[("reason", reason.unwrap_or("-"))]);
}
