//! Device providers and FTM providers (MOSIP §4.6–4.8, §6.4): secure biometric interfaces (SBI)
//! and the devices that work with them, FTM chips and their certificates, each decided by the
//! Partner Admin. Every status change goes through the state machines of
//! [`pms_domain::device`], the cascades included.
//!
//! Ownership is enforced everywhere (MOSIP's legacy endpoints check none): a provider's users
//! see and change only their own partners' items; the Partner Admin sees and decides all.

use crate::events;
use crate::partners::tell_partner;
use crate::view::{all, Chip, ChipCertificate, Device, DeviceSubType, DeviceType, Sbi};
use crate::write::{Action, Change, Write};
use crate::{Ctx, Result, Services};
use chrono::{DateTime, Utc};
use pms_domain::device::{self as rules, ChipAction, ChipStatus, DeviceAction, SbiAction, Status};
use pms_domain::list::{plan_list, text_filter, ListPage, ListParams, Paging};
use pms_domain::partner::PartnerStatus;
use pms_domain::roles::*;
use pms_domain::search::{plan_filter_values, plan_search, FilterValue, FilterValueRequest, Page, SearchRequest};
use pms_domain::trust::PartnerDomain;
use pms_domain::{error, validate, PmsError};
use pms_store::entity::{device_detail, ftp_chip_detail, partner, secure_biometric_interface as sbi};
use pms_store::new_id;
use pms_store::repo::devices::{self as repo, DeviceKind};
use pms_store::repo::partners;
use pms_store::sea_orm::ConnectionTrait;
use serde_json::json;

const DEVICE_PROVIDER_TYPE: &str = "Device_Provider";
const FTM_PROVIDER_TYPE: &str = "FTM_Provider";

/// `postsecurebiometricinterface`, `putsecurebiometricinterface`, the device-detail writes and the
/// legacy searches (#49–#56, #60–#67): ADM DP FTM.
const DEVICE_WRITERS: &[&str] = &[PARTNER_ADMIN, DEVICE_PROVIDER, FTM_PROVIDER];
/// `postadddevicetosbi`, `getsbidetails`, `patchdeactivatesbi`, `patchdeactivatedevice`,
/// `getallsbidetails` (#57, #68–#71): DP ADM.
const DEVICE_PROVIDERS: &[&str] = &[PARTNER_ADMIN, DEVICE_PROVIDER];
/// The chip endpoints (#72, #73, #75–#79, #81): ADM FTM.
const CHIP_USERS: &[&str] = &[PARTNER_ADMIN, FTM_PROVIDER];
/// The Partner Admin's decisions and lists (#51, #58, #62, #74, #80).
const ADMINS: &[&str] = &[PARTNER_ADMIN];

pub const MAKE_MAX: usize = 36;
pub const HASH_MAX: usize = 36;
pub const VERSION_MAX: usize = 64;
pub const CODE_MAX: usize = 36;

/// What a provider sends to register an SBI.
#[derive(Debug, Clone, Default)]
pub struct SbiInput {
    pub provider_id: Option<String>,
    pub binary_hash: Option<String>,
    pub version: Option<String>,
    pub created: Option<DateTime<Utc>>,
    pub expiry: Option<DateTime<Utc>>,
}

/// What a provider sends to register a device make and model.
#[derive(Debug, Clone, Default)]
pub struct DeviceInput {
    pub id: Option<String>,
    pub provider_id: Option<String>,
    pub type_code: Option<String>,
    pub sub_type_code: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
}

/// An SBI with what the lists show beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct SbiView {
    pub sbi: Sbi,
    pub status: Status,
    pub expired: bool,
    pub partner_type: Option<String>,
    pub devices: u64,
    pub approved_devices: u64,
    pub pending_devices: u64,
}

/// A device with the SBI it is listed under (one row per mapping).
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceView {
    pub device: Device,
    pub status: Status,
    pub sbi_id: Option<String>,
    pub sbi_version: Option<String>,
}

/// A chip with its current certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct ChipView {
    pub chip: Chip,
    pub status: ChipStatus,
    pub certificate: Option<ChipCertificate>,
    pub partner_status: Option<String>,
}

/// Both copies of a chip's certificate, judged at the clock's now.
#[derive(Debug, Clone, PartialEq)]
pub struct ChipCertData {
    pub certificate: ChipCertificate,
    pub original_expired: bool,
    pub signed_expired: bool,
    /// The original still chains to the active FTM trust store.
    pub trusted: bool,
}

/// The SBI and device lists' filters, as received.
#[derive(Debug, Clone, Default)]
pub struct SbiQuery {
    pub partner_id: Option<String>,
    pub org_name: Option<String>,
    pub sbi_id: Option<String>,
    pub sbi_version: Option<String>,
    pub status: Option<String>,
    pub sbi_expiry_status: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct DeviceQuery {
    pub partner_id: Option<String>,
    pub org_name: Option<String>,
    pub device_type: Option<String>,
    pub device_sub_type: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub sbi_id: Option<String>,
    pub sbi_version: Option<String>,
    pub device_id: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ChipQuery {
    pub partner_id: Option<String>,
    pub org_name: Option<String>,
    pub ftm_id: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub status: Option<String>,
}

/// The chip certificate upload (#75).
#[derive(Debug, Clone, Default)]
pub struct ChipCertInput {
    pub provider_id: Option<String>,
    pub chip_id: Option<String>,
    pub certificate_data: Option<String>,
    pub organization_name: Option<String>,
    pub partner_domain: Option<String>,
}

/// How many items wait for the Partner Admin.
pub use pms_store::repo::devices::Pending;

fn partner_status(p: &partner::Model) -> PartnerStatus {
    PartnerStatus::from_row(&p.approval_status, p.is_active)
}

fn sbi_status(s: &sbi::Model) -> Result<Status> {
    Status::from_row(&s.approval_status, s.is_active)
        .ok_or_else(|| crate::ServiceError::Internal(format!("SBI {} has an unknown status", s.id)))
}

fn device_status(d: &device_detail::Model) -> Result<Status> {
    Status::from_row(&d.approval_status, d.is_active)
        .ok_or_else(|| crate::ServiceError::Internal(format!("device {} has an unknown status", d.id)))
}

fn chip_status(c: &ftp_chip_detail::Model) -> Result<ChipStatus> {
    ChipStatus::from_row(&c.approval_status, c.is_active)
        .ok_or_else(|| crate::ServiceError::Internal(format!("chip {} has an unknown status", c.id)))
}

/// A status filter of a list: empty is none; anything else must be one of the statuses.
fn status_filter<T>(text: Option<&str>, parse: fn(&str) -> Option<T>) -> Result<Option<T>> {
    match text.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Ok(Some(parse(s).ok_or_else(|| error::INVALID_INPUT.with("status"))?)),
    }
}

/// The V2 deactivation body must say `De-Activate` (`PMS_DEVICE_ERROR_026`).
fn deactivate_word(status: Option<&str>) -> Result<()> {
    match status {
        Some("De-Activate") => Ok(()),
        _ => Err(error::DEACTIVATE_STATUS_VALUE.err().into()),
    }
}

fn device_kind_input(d: &DeviceInput) -> Result<(String, String, String, String)> {
    let mut checks = pms_domain::Checks::default();
    let t = checks.keep(validate::required("deviceTypeCode", d.type_code.as_deref(), 1, CODE_MAX));
    let st = checks.keep(validate::required("deviceSubTypeCode", d.sub_type_code.as_deref(), 1, CODE_MAX));
    let make = checks.keep(validate::required("make", d.make.as_deref(), 1, MAKE_MAX));
    let model = checks.keep(validate::required("model", d.model.as_deref(), 1, MAKE_MAX));
    checks.finish()?;
    match (t, st, make, model) {
        (Some(t), Some(st), Some(make), Some(model)) => Ok((t, st, make, model)),
        _ => Err(error::INVALID_INPUT.err().into()),
    }
}

/// A unique index won by a concurrent writer is the same refusal as the check made before the
/// write (PostgreSQL lets both writers pass the check).
fn or_taken(refusal: PmsError) -> impl FnOnce(pms_store::StoreError) -> crate::ServiceError {
    move |e| match e {
        pms_store::StoreError::Conflict(_) => refusal.into(),
        other => other.into(),
    }
}

/// Tells the provider's user of the Partner Admin's decision on one of its items.
async fn tell_provider(
    w: &mut Write<'_>,
    provider_id: &str,
    kind: &str,
    item: &str,
    decided: Status,
    reason: Option<&str>,
) -> Result<()> {
    let Some(p) = partners::find(&**w, provider_id).await? else { return Ok(()) };
    let key = if decided == Status::Approved { "email-device-approved" } else { "email-device-rejected" };
    tell_partner(w, &p.into(), key, &[("kind", kind), ("item", item), ("reason", reason.unwrap_or("-"))]);
    Ok(())
}

impl Services {
    /// The provider partner a caller acts for: it exists, the caller owns it unless Partner
    /// Admin, and it is of `kind`.
    async fn provider(
        &self,
        conn: &impl ConnectionTrait,
        ctx: &Ctx,
        id: &str,
        kind: &str,
        missing: PmsError,
        not_own: PmsError,
    ) -> Result<partner::Model> {
        let actor = ctx.actor()?;
        let p = partners::find(conn, id).await?.ok_or(missing)?;
        if !actor.is_partner_admin() && p.user_id != actor.username {
            return Err(not_own.into());
        }
        if p.partner_type_code != kind {
            return Err(error::DEVICE_PARTNER_TYPE.err().into());
        }
        Ok(p)
    }

    /// The partners of `kind` a non-admin acts for; the Partner Admin's scope is everyone.
    async fn provider_scope(&self, ctx: &Ctx, kind: &str) -> Result<Option<Vec<String>>> {
        let actor = ctx.actor()?;
        if actor.is_partner_admin() {
            return Ok(None);
        }
        let mine: Vec<String> = partners::by_user(self.store.db(), &actor.username)
            .await?
            .into_iter()
            .map(|(p, _)| p)
            .filter(|p| p.partner_type_code == kind)
            .map(|p| p.id)
            .collect();
        if mine.is_empty() {
            return Err(error::USER_OWNS_NO_PARTNER.err().into());
        }
        Ok(Some(mine))
    }

    /// An SBI the caller may act on, with its provider; a non-admin's provider must be active.
    async fn own_sbi(
        &self,
        conn: &impl ConnectionTrait,
        ctx: &Ctx,
        id: &str,
        missing: PmsError,
    ) -> Result<(sbi::Model, partner::Model)> {
        let actor = ctx.actor()?;
        let s = repo::find_sbi(conn, id).await?.ok_or(missing)?;
        let p = partners::find(conn, &s.provider_id).await?.ok_or_else(|| error::SBI_MISSING.err())?;
        if !actor.is_partner_admin() {
            if p.user_id != actor.username {
                return Err(error::SBI_NOT_OWN.err().into());
            }
            if !partner_status(&p).may_act() {
                return Err(error::PARTNER_NOT_ACTIVE.err().into());
            }
        }
        Ok((s, p))
    }

    async fn own_device(
        &self,
        conn: &impl ConnectionTrait,
        ctx: &Ctx,
        id: &str,
        missing: PmsError,
    ) -> Result<(device_detail::Model, partner::Model)> {
        let actor = ctx.actor()?;
        let d = repo::find_device(conn, id).await?.ok_or(missing)?;
        let p = partners::find(conn, &d.dprovider_id).await?.ok_or_else(|| error::DEVICE_MISSING.err())?;
        if !actor.is_partner_admin() {
            if p.user_id != actor.username {
                return Err(error::DEVICE_NOT_OWN.err().into());
            }
            if !partner_status(&p).may_act() {
                return Err(error::PARTNER_NOT_ACTIVE.err().into());
            }
        }
        Ok((d, p))
    }

    async fn own_chip(
        &self,
        conn: &impl ConnectionTrait,
        ctx: &Ctx,
        id: &str,
        missing: PmsError,
    ) -> Result<(ftp_chip_detail::Model, partner::Model)> {
        let actor = ctx.actor()?;
        let c = repo::find_chip(conn, id).await?.ok_or(missing)?;
        let p =
            partners::find(conn, &c.foundational_trust_provider_id).await?.ok_or_else(|| error::FTM_MISSING.err())?;
        if !actor.is_partner_admin() {
            if p.user_id != actor.username {
                return Err(error::FTM_NOT_OWN.err().into());
            }
            if !partner_status(&p).may_act() {
                return Err(error::PARTNER_NOT_ACTIVE.err().into());
            }
        }
        Ok((c, p))
    }

    fn sbi_view(&self, row: repo::SbiRow) -> Result<SbiView> {
        let status = sbi_status(&row.sbi)?;
        let expired = rules::sbi_expired(row.sbi.sw_expiry_dtimes, self.now());
        Ok(SbiView {
            sbi: row.sbi.into(),
            status,
            expired,
            partner_type: row.partner_type,
            devices: row.counts.all,
            approved_devices: row.counts.approved,
            pending_devices: row.counts.pending,
        })
    }

    // ------------------------------------------------------------------ SBIs

    fn checked_sbi(&self, input: &SbiInput) -> Result<(String, String, DateTime<Utc>, DateTime<Utc>)> {
        let mut checks = pms_domain::Checks::default();
        let hash = checks.keep(validate::required("swBinaryHash", input.binary_hash.as_deref(), 1, HASH_MAX));
        let version = checks.keep(validate::required("swVersion", input.version.as_deref(), 1, VERSION_MAX));
        if input.created.is_none() {
            checks.fail(PmsError::field_rule("swCreateDateTime", "must not be null", pms_domain::FieldRule::Required));
        }
        if input.expiry.is_none() {
            checks.fail(PmsError::field_rule("swExpiryDateTime", "must not be null", pms_domain::FieldRule::Required));
        }
        checks.finish()?;
        let (Some(hash), Some(version), Some(created), Some(expiry)) = (hash, version, input.created, input.expiry)
        else {
            return Err(error::INVALID_INPUT.err().into());
        };
        rules::check_sbi_dates(created, expiry, self.now())?;
        Ok((hash, version, created, expiry))
    }

    /// `POST /securebiometricinterface`: a provider registers an SBI version; it waits for the
    /// Partner Admin.
    pub async fn create_sbi(&self, ctx: &Ctx, input: &SbiInput) -> Result<Sbi> {
        let op = self.op(ctx, Action::SbiCreate, input.provider_id.as_deref().unwrap_or_default());
        op.run(async {
            ctx.require(DEVICE_WRITERS)?;
            let provider_id =
                validate::required("providerId", input.provider_id.as_deref(), 1, validate::PARTNER_ID_MAX)?;
            let (hash, version, created, expiry) = self.checked_sbi(input)?;
            let w = op.begin().await?;
            let p = self
                .provider(
                    &*w,
                    ctx,
                    &provider_id,
                    DEVICE_PROVIDER_TYPE,
                    error::PROVIDER_INACTIVE.err(),
                    error::DEVICE_PARTNER_NOT_OWN.err(),
                )
                .await?;
            if !partner_status(&p).may_act() {
                return Err(error::PROVIDER_INACTIVE.err().into());
            }
            if repo::sbi_version_taken(&*w, &p.id, &version, None).await? {
                return Err(error::SBI_VERSION_EXISTS.err().into());
            }
            let row = repo::insert_sbi(
                &*w,
                repo::NewSbi {
                    provider_id: &p.id,
                    org_name: &p.name,
                    binary_hash: &hash,
                    version: &version,
                    created: Some(created),
                    expiry: Some(expiry),
                    by: w.stamp(),
                },
            )
            .await
            .map_err(or_taken(error::SBI_VERSION_EXISTS.err()))?;
            let change = Change::of(&row.id)
                .status(None, Some(Status::PendingApproval.as_str()))
                .details(json!({ "providerId": p.id, "version": version }));
            w.commit(change).await?;
            Ok(row.into())
        })
        .await
    }

    /// `PUT /securebiometricinterface` (deprecated): changes an SBI's hash, version and dates
    /// while it waits for approval. MOSIP's `isActive` is not a way around the approval: it is
    /// ignored.
    pub async fn update_sbi(&self, ctx: &Ctx, id: Option<&str>, input: &SbiInput) -> Result<Sbi> {
        let op = self.op(ctx, Action::SbiUpdate, id.unwrap_or_default());
        op.run(async {
            ctx.require(DEVICE_WRITERS)?;
            let id = validate::required("id", id, 1, CODE_MAX)?;
            let (hash, version, created, expiry) = self.checked_sbi(input)?;
            let w = op.begin().await?;
            let missing = error::SBI_NOT_FOUND.fill(&[&id]);
            let (current, p) = self.own_sbi(&*w, ctx, &id, missing).await?;
            rules::sbi_editable(sbi_status(&current)?)?;
            if repo::sbi_version_taken(&*w, &p.id, &version, Some(&id)).await? {
                return Err(error::SBI_VERSION_EXISTS.err().into());
            }
            let change =
                repo::SbiChange { binary_hash: &hash, version: &version, created: Some(created), expiry: Some(expiry) };
            let row = repo::update_sbi(&*w, &id, change, w.stamp())
                .await
                .map_err(or_taken(error::SBI_VERSION_EXISTS.err()))?;
            w.commit(Change::of(&id).details(json!({ "version": version }))).await?;
            Ok(row.into())
        })
        .await
    }

    /// `PATCH /securebiometricinterface`: the Partner Admin approves (`Activate`) or rejects
    /// (`De-activate`) an SBI.
    pub async fn decide_sbi(
        &self,
        ctx: &Ctx,
        id: Option<&str>,
        approval: Option<&str>,
        reason: Option<&str>,
    ) -> Result<Sbi> {
        let op = self.op(ctx, Action::SbiDecide, id.unwrap_or_default());
        op.run(async {
            ctx.require(ADMINS)?;
            let id = validate::required("id", id, 1, CODE_MAX)?;
            let approval = validate::required("approvalStatus", approval, 1, 16)?;
            let reason = validate::optional("reason", reason, validate::REASON_MAX)?;
            let mut w = op.begin().await?;
            let current = repo::find_sbi(&*w, &id).await?.ok_or_else(|| error::SBI_NOT_FOUND.fill(&[&id]))?;
            let action = match approval.as_str() {
                "Activate" => SbiAction::Approve,
                "De-activate" => SbiAction::Reject,
                _ => return Err(error::SBI_STATUS_VALUE.err().into()),
            };
            let from = sbi_status(&current)?;
            let to = rules::sbi(from, action)?;
            if action == SbiAction::Approve {
                provider_acts(&*w, &current.provider_id).await?;
            }
            let Some(row) = repo::move_sbi(&*w, &id, from, to, w.stamp()).await? else {
                // Decided meanwhile: report as of the status it now has.
                let now = repo::find_sbi(&*w, &id).await?.ok_or_else(|| error::SBI_NOT_FOUND.fill(&[&id]))?;
                rules::sbi(sbi_status(&now)?, action)?;
                return Err(error::SBI_ALREADY_APPROVED.err().into());
            };
            tell_provider(&mut w, &row.provider_id, "sbi", &row.sw_version, to, reason.as_deref()).await?;
            let change =
                Change::of(&id).status(Some(from.as_str()), Some(to.as_str())).details(json!({ "reason": reason }));
            w.commit(change).await?;
            Ok(row.into())
        })
        .await
    }

    /// `PATCH /securebiometricinterface/{sbiId}`: deactivates an approved SBI; its approved
    /// devices stop working and those still waiting are rejected, in the same transaction.
    pub async fn deactivate_sbi(&self, ctx: &Ctx, id: &str, status: Option<&str>) -> Result<SbiView> {
        let op = self.op(ctx, Action::SbiDeactivate, id);
        op.run(async {
            ctx.require(DEVICE_PROVIDERS)?;
            deactivate_word(status)?;
            if id.trim().is_empty() || id.chars().count() > CODE_MAX {
                return Err(error::SBI_ID_INVALID.err().into());
            }
            let mut w = op.begin().await?;
            let (current, _) = self.own_sbi(&*w, ctx, id, error::SBI_MISSING.err()).await?;
            let from = sbi_status(&current)?;
            let to = rules::sbi(from, SbiAction::Deactivate)?;
            let row = repo::move_sbi(&*w, id, from, to, w.stamp())
                .await?
                .ok_or_else(|| error::SBI_ALREADY_DEACTIVATED.err())?;
            let moved = self.cascade_sbi_devices(&mut w, id, DeviceAction::ParentDeactivated).await?;
            let change = Change::of(id)
                .status(Some(from.as_str()), Some(to.as_str()))
                .details(json!({ "devicesDeactivated": moved.0, "devicesRejected": moved.1 }));
            w.commit(change).await?;
            let counts = repo::device_counts(self.store.db(), &[id.to_string()]).await?;
            self.sbi_view(repo::SbiRow {
                sbi: row,
                partner_type: None,
                counts: counts.get(id).copied().unwrap_or_default(),
            })
        })
        .await
    }

    /// Moves every device of the SBI by `action`; answers how many were deactivated and rejected.
    async fn cascade_sbi_devices(&self, w: &mut Write<'_>, sbi_id: &str, action: DeviceAction) -> Result<(u64, u64)> {
        let devices: Vec<device_detail::Model> =
            repo::devices_of_sbi(&**w, sbi_id).await?.into_iter().map(|(d, _)| d).collect();
        self.cascade_devices(w, devices, action).await
    }

    async fn cascade_devices(
        &self,
        w: &mut Write<'_>,
        devices: Vec<device_detail::Model>,
        action: DeviceAction,
    ) -> Result<(u64, u64)> {
        let (mut deactivated, mut rejected) = (0, 0);
        for d in devices {
            let from = device_status(&d)?;
            let to = rules::device(from, action)?;
            if to == from || !repo::move_device(&**w, &d.id, from, to, w.stamp()).await? {
                continue;
            }
            match to {
                Status::Deactivated => deactivated += 1,
                _ => rejected += 1,
            }
            w.record(Action::DeviceCascade, Change::of(&d.id).status(Some(from.as_str()), Some(to.as_str())));
        }
        Ok((deactivated, rejected))
    }

    /// `GET /securebiometricinterface`: SBIs with their device counts; non-admins see their own
    /// partners'.
    pub async fn sbis(&self, ctx: &Ctx, q: &SbiQuery, params: &ListParams) -> Result<ListPage<SbiView>> {
        ctx.require(DEVICE_PROVIDERS)?;
        let plan = plan_list(params, repo::SBI_SORT, Paging::AllowUnpaged)?;
        let expired = match q.sbi_expiry_status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some("expired") => Some(true),
            Some("valid") => Some(false),
            Some(_) => return Err(error::INVALID_INPUT.with("sbiExpiryStatus").into()),
        };
        let now = self.now();
        let filter = repo::SbiFilter {
            providers: self.provider_scope(ctx, DEVICE_PROVIDER_TYPE).await?,
            partner_id: text_filter(q.partner_id.as_deref()),
            org_name: text_filter(q.org_name.as_deref()),
            sbi_id: text_filter(q.sbi_id.as_deref()),
            sbi_version: text_filter(q.sbi_version.as_deref()),
            status: status_filter(q.status.as_deref(), Status::parse)?,
            expired,
            today: now.date_naive().and_hms_opt(0, 0, 0).map(|t| t.and_utc()).unwrap_or(now),
        };
        let page = repo::list_sbis(self.store.db(), &filter, &plan).await?;
        let items = page.items.into_iter().map(|r| self.sbi_view(r)).collect::<Result<Vec<_>>>()?;
        Ok(ListPage::new(Page { items, total: page.total }, &plan))
    }

    /// One SBI with its counts, for its page.
    pub async fn sbi(&self, ctx: &Ctx, id: &str) -> Result<SbiView> {
        ctx.require(DEVICE_PROVIDERS)?;
        let conn = self.store.db();
        let (s, p) = self.own_sbi(conn, ctx, id, error::SBI_MISSING.err()).await?;
        let counts = repo::device_counts(conn, &[id.to_string()]).await?;
        self.sbi_view(repo::SbiRow {
            counts: counts.get(id).copied().unwrap_or_default(),
            sbi: s,
            partner_type: Some(p.partner_type_code),
        })
    }

    /// `GET /securebiometricinterface/{sbiId}/devices`: the devices of one of the caller's SBIs.
    pub async fn sbi_devices(&self, ctx: &Ctx, sbi_id: &str) -> Result<Vec<(Device, bool)>> {
        ctx.require(DEVICE_PROVIDERS)?;
        let conn = self.store.db();
        let (s, p) = self.own_sbi(conn, ctx, sbi_id, error::SBI_MISSING.err()).await?;
        if p.partner_type_code != DEVICE_PROVIDER_TYPE {
            return Err(error::DEVICE_PARTNER_TYPE.err().into());
        }
        Ok(repo::devices_of_sbi(conn, &s.id).await?.into_iter().map(|(d, m)| (d.into(), m.is_active)).collect())
    }

    /// Every state the SBI has had, oldest first (its page's history).
    pub async fn sbi_history(&self, ctx: &Ctx, id: &str) -> Result<Vec<(DateTime<Utc>, Status)>> {
        ctx.require(DEVICE_PROVIDERS)?;
        let conn = self.store.db();
        self.own_sbi(conn, ctx, id, error::SBI_MISSING.err()).await?;
        Ok(repo::sbi_history(conn, id)
            .await?
            .into_iter()
            .filter_map(|h| Status::from_row(&h.approval_status, h.is_active).map(|s| (h.eff_dtimes, s)))
            .collect())
    }

    /// `POST /securebiometricinterface/search` (deprecated), in SQL; non-admins find their own.
    pub async fn search_sbis(&self, ctx: &Ctx, request: &SearchRequest) -> Result<Page<Sbi>> {
        ctx.require(DEVICE_WRITERS)?;
        let plan = plan_search(request, repo::SBI_FIELDS)?;
        let scope = self.provider_scope(ctx, DEVICE_PROVIDER_TYPE).await?;
        let page = repo::search_sbis(self.store.db(), &plan, scope.as_deref()).await?;
        Ok(Page { items: all(page.items), total: page.total })
    }

    pub async fn sbi_filter_values(&self, ctx: &Ctx, request: &FilterValueRequest) -> Result<Vec<FilterValue>> {
        ctx.require(DEVICE_WRITERS)?;
        let plan = plan_filter_values(request, repo::SBI_FIELDS)?;
        let scope = self.provider_scope(ctx, DEVICE_PROVIDER_TYPE).await?;
        Ok(repo::sbi_filter_values(self.store.db(), &plan, scope.as_deref()).await?)
    }

    // ------------------------------------------------------------------ devices

    /// Registers a device make and model for a provider (the start of #49 and #68).
    async fn insert_device(
        &self,
        w: &Write<'_>,
        ctx: &Ctx,
        input: &DeviceInput,
        not_own: PmsError,
    ) -> Result<device_detail::Model> {
        let provider_id =
            validate::required("deviceProviderId", input.provider_id.as_deref(), 1, validate::PARTNER_ID_MAX)?;
        let id = validate::optional("id", input.id.as_deref(), CODE_MAX)?;
        let (t, st, make, model) = device_kind_input(input)?;
        if repo::sub_type(&**w, &t, &st).await?.is_none() {
            return Err(error::SUB_TYPE_NOT_FOUND.err().into());
        }
        let p = self
            .provider(&**w, ctx, &provider_id, DEVICE_PROVIDER_TYPE, error::PROVIDER_INACTIVE.err(), not_own)
            .await?;
        if !partner_status(&p).may_act() {
            return Err(error::PROVIDER_INACTIVE.err().into());
        }
        let kind = DeviceKind { type_code: &t, sub_type_code: &st, make: &make, model: &model };
        if repo::live_device_exists(&**w, &p.id, &kind, None).await? {
            return Err(error::DEVICE_EXISTS.err().into());
        }
        if let Some(id) = &id {
            if repo::find_device(&**w, id).await?.is_some() {
                return Err(error::DEVICE_EXISTS.err().into());
            }
        }
        repo::insert_device(
            &**w,
            repo::NewDevice {
                provider_id: &p.id,
                org_name: &p.name,
                type_code: &t,
                sub_type_code: &st,
                make: &make,
                model: &model,
                id: id.as_deref(),
                by: w.stamp(),
            },
        )
        .await
        .map_err(or_taken(error::DEVICE_EXISTS.err()))
    }

    /// `POST /devicedetail` (deprecated): a device without an SBI; it can be mapped later.
    pub async fn create_device(&self, ctx: &Ctx, input: &DeviceInput) -> Result<Device> {
        let op = self.op(ctx, Action::DeviceCreate, input.provider_id.as_deref().unwrap_or_default());
        op.run(async {
            ctx.require(DEVICE_WRITERS)?;
            let w = op.begin().await?;
            let d = self.insert_device(&w, ctx, input, error::DEVICE_PARTNER_NOT_OWN.err()).await?;
            let change = Change::of(&d.id)
                .status(None, Some(Status::PendingApproval.as_str()))
                .details(json!({ "providerId": d.dprovider_id, "make": d.make, "model": d.model }));
            w.commit(change).await?;
            Ok(d.into())
        })
        .await
    }

    /// `POST /securebiometricinterface/{sbiId}/devices`: a device for an approved, unexpired SBI
    /// of the same provider; device and mapping are written together or not at all.
    pub async fn add_device_to_sbi(&self, ctx: &Ctx, sbi_id: &str, input: &DeviceInput) -> Result<Device> {
        let op = self.op(ctx, Action::DeviceCreate, input.provider_id.as_deref().unwrap_or_default());
        op.run(async {
            ctx.require(DEVICE_PROVIDERS)?;
            let w = op.begin().await?;
            let d = self.insert_device(&w, ctx, input, error::DEVICE_PARTNER_NOT_OWN.err()).await?;
            let s = repo::find_sbi(&*w, sbi_id).await?.ok_or_else(|| error::SBI_MISSING.err())?;
            if s.provider_id != d.dprovider_id {
                return Err(error::SBI_OTHER_PARTNER.err().into());
            }
            match sbi_status(&s)? {
                Status::PendingApproval => return Err(error::ADD_SBI_PENDING.err().into()),
                Status::Rejected => return Err(error::ADD_SBI_REJECTED.err().into()),
                Status::Deactivated => return Err(error::ADD_SBI_DEACTIVATED.err().into()),
                Status::Approved => {}
            }
            if rules::sbi_expired(s.sw_expiry_dtimes, w.now()) {
                return Err(error::ADD_SBI_EXPIRED.err().into());
            }
            repo::insert_mapping(&*w, &d, &s.id, false, w.stamp()).await?;
            let change = Change::of(&d.id)
                .status(None, Some(Status::PendingApproval.as_str()))
                .details(json!({ "providerId": d.dprovider_id, "sbiId": s.id, "make": d.make, "model": d.model }));
            w.commit(change).await?;
            Ok(d.into())
        })
        .await
    }

    /// `PUT /devicedetail` (deprecated): changes a waiting device's type, make and model.
    pub async fn update_device(&self, ctx: &Ctx, input: &DeviceInput) -> Result<Device> {
        let op = self.op(ctx, Action::DeviceUpdate, input.id.as_deref().unwrap_or_default());
        op.run(async {
            ctx.require(DEVICE_WRITERS)?;
            let id = validate::required("id", input.id.as_deref(), 1, CODE_MAX)?;
            let (t, st, make, model) = device_kind_input(input)?;
            let w = op.begin().await?;
            let missing = error::DEVICE_DETAIL_NOT_FOUND.fill(&[&id]);
            let (current, p) = self.own_device(&*w, ctx, &id, missing).await?;
            if repo::sub_type(&*w, &t, &st).await?.is_none() {
                return Err(error::SUB_TYPE_NOT_FOUND.err().into());
            }
            rules::device_editable(device_status(&current)?)?;
            let kind = DeviceKind { type_code: &t, sub_type_code: &st, make: &make, model: &model };
            if repo::live_device_exists(&*w, &p.id, &kind, Some(&id)).await? {
                return Err(error::DEVICE_EXISTS.err().into());
            }
            let row =
                repo::update_device(&*w, &id, &kind, w.stamp()).await.map_err(or_taken(error::DEVICE_EXISTS.err()))?;
            w.commit(Change::of(&id).details(json!({ "make": make, "model": model }))).await?;
            Ok(row.into())
        })
        .await
    }

    /// `PATCH /devicedetail` (deprecated): `Activate` approves a waiting device; `De-activate`
    /// rejects a waiting one or deactivates an approved one (MOSIP moves any device anywhere).
    pub async fn legacy_device_status(&self, ctx: &Ctx, id: Option<&str>, approval: Option<&str>) -> Result<Status> {
        let op = self.op(ctx, Action::DeviceDecide, id.unwrap_or_default());
        op.run(async {
            ctx.require(ADMINS)?;
            let id = validate::required("id", id, 1, CODE_MAX)?;
            let approval = validate::required("approvalStatus", approval, 1, 16)?;
            let mut w = op.begin().await?;
            let current =
                repo::find_device(&*w, &id).await?.ok_or_else(|| error::DEVICE_DETAIL_NOT_FOUND.fill(&[&id]))?;
            let from = device_status(&current)?;
            let action = match (approval.as_str(), from) {
                ("Activate", _) => DeviceAction::Approve,
                ("De-activate", Status::Approved | Status::Deactivated) => DeviceAction::Deactivate,
                ("De-activate", _) => DeviceAction::Reject,
                _ => return Err(error::DEVICE_STATUS_VALUE.err().into()),
            };
            if action == DeviceAction::Approve {
                provider_acts(&*w, &current.dprovider_id).await?;
            }
            let to = self.move_device(&mut w, &current, from, action).await?;
            w.commit(Change::of(&id).status(Some(from.as_str()), Some(to.as_str()))).await?;
            Ok(to)
        })
        .await
    }

    /// Applies a device transition; a device moved by someone else meanwhile is reported as of
    /// its new state.
    async fn move_device(
        &self,
        w: &mut Write<'_>,
        d: &device_detail::Model,
        from: Status,
        action: DeviceAction,
    ) -> Result<Status> {
        let to = rules::device(from, action)?;
        if !repo::move_device(&**w, &d.id, from, to, w.stamp()).await? {
            let now = repo::find_device(&**w, &d.id).await?.ok_or_else(|| error::DEVICE_MISSING.err())?;
            rules::device(device_status(&now)?, action)?;
            return Err(error::DEVICE_NOT_PENDING.err().into());
        }
        Ok(to)
    }

    /// `POST /devicedetail/{id}/approval`: the Partner Admin approves or rejects a device under
    /// the SBI it was added to; the SBI must be approved, active and unexpired to approve.
    pub async fn decide_device(
        &self,
        ctx: &Ctx,
        id: &str,
        partner_id: Option<&str>,
        sbi_id: Option<&str>,
        status: Option<&str>,
        reason: Option<&str>,
    ) -> Result<Status> {
        let op = self.op(ctx, Action::DeviceDecide, id);
        op.run(async {
            ctx.require(ADMINS)?;
            let reason = validate::optional("reason", reason, validate::REASON_MAX)?;
            let (Some(partner_id), Some(status)) = (partner_id.filter(|p| !p.trim().is_empty()), status) else {
                return Err(error::REQUEST_INVALID.err().into());
            };
            let action = match status {
                "approved" => DeviceAction::Approve,
                "rejected" => DeviceAction::Reject,
                _ => return Err(error::DEVICE_DECISION_VALUE.err().into()),
            };
            let Some(sbi_id) = sbi_id.map(str::trim).filter(|s| !s.is_empty()) else {
                return Err(match action {
                    DeviceAction::Approve => error::APPROVE_WITHOUT_SBI.err(),
                    _ => error::REJECT_WITHOUT_SBI.err(),
                }
                .into());
            };
            let mut w = op.begin().await?;
            let s = repo::find_sbi(&*w, sbi_id).await?.ok_or_else(|| error::SBI_MISSING.err())?;
            if s.provider_id != partner_id {
                return Err(error::SBI_OTHER_PARTNER.err().into());
            }
            let d = repo::find_device(&*w, id).await?.ok_or_else(|| error::DEVICE_MISSING.err())?;
            if d.dprovider_id != partner_id {
                return Err(error::DEVICE_OTHER_PARTNER.err().into());
            }
            if action == DeviceAction::Approve {
                provider_acts(&*w, &d.dprovider_id).await?;
                match sbi_status(&s)? {
                    Status::Approved => {}
                    Status::Rejected => return Err(error::ADD_SBI_REJECTED.err().into()),
                    Status::Deactivated => return Err(error::ADD_SBI_DEACTIVATED.err().into()),
                    Status::PendingApproval => return Err(error::ADD_SBI_PENDING.err().into()),
                }
                if rules::sbi_expired(s.sw_expiry_dtimes, w.now()) {
                    return Err(error::ADD_SBI_EXPIRED.err().into());
                }
            }
            let from = device_status(&d)?;
            if from != Status::PendingApproval {
                return Err(error::DEVICE_NOT_PENDING.err().into());
            }
            if repo::find_mapping(&*w, id, sbi_id).await?.is_none() {
                return Err(error::MAPPING_MISSING.err().into());
            }
            let to = self.move_device(&mut w, &d, from, action).await?;
            // MOSIP marks the mapping active on both decisions; it records that a decision was made.
            repo::set_mapping_active(&*w, id, sbi_id, true, w.stamp()).await?;
            let item = format!("{} {}", d.make, d.model);
            tell_provider(&mut w, &d.dprovider_id, "device", &item, to, reason.as_deref()).await?;
            let change = Change::of(id)
                .status(Some(from.as_str()), Some(to.as_str()))
                .details(json!({ "sbiId": sbi_id, "reason": reason }));
            w.commit(change).await?;
            Ok(to)
        })
        .await
    }

    /// `PATCH /devicedetail/{deviceId}`: the provider or the Partner Admin deactivates an
    /// approved device.
    pub async fn deactivate_device(&self, ctx: &Ctx, id: &str, status: Option<&str>) -> Result<Device> {
        let op = self.op(ctx, Action::DeviceDeactivate, id);
        op.run(async {
            ctx.require(DEVICE_PROVIDERS)?;
            deactivate_word(status)?;
            if id.trim().is_empty() || id.chars().count() > CODE_MAX {
                return Err(error::DEVICE_ID_INVALID.err().into());
            }
            let mut w = op.begin().await?;
            let (d, _) = self.own_device(&*w, ctx, id, error::DEVICE_MISSING.err()).await?;
            let from = device_status(&d)?;
            let to = self.move_device(&mut w, &d, from, DeviceAction::Deactivate).await?;
            let row = repo::find_device(&*w, id).await?.ok_or_else(|| error::DEVICE_MISSING.err())?;
            w.commit(Change::of(id).status(Some(from.as_str()), Some(to.as_str()))).await?;
            Ok(row.into())
        })
        .await
    }

    /// `PUT /securebiometricinterface/devicedetails/map` (deprecated): maps an approved device to
    /// an approved SBI of the same provider.
    pub async fn map_device(&self, ctx: &Ctx, device_id: Option<&str>, sbi_id: Option<&str>) -> Result<bool> {
        let op = self.op(ctx, Action::DeviceMap, device_id.unwrap_or_default());
        op.run(async {
            ctx.require(DEVICE_WRITERS)?;
            let device_id = validate::required("deviceDetailId", device_id, 1, CODE_MAX)?;
            let sbi_id = validate::required("sbiId", sbi_id, 1, CODE_MAX)?;
            let w = op.begin().await?;
            let missing = error::DEVICE_DETAIL_NOT_FOUND.fill(&[&device_id]);
            let (d, _) = self.own_device(&*w, ctx, &device_id, missing).await?;
            match device_status(&d)? {
                Status::Rejected => return Err(error::MAP_DEVICE_REJECTED.fill(&[&device_id]).into()),
                Status::Approved => {}
                _ => return Err(error::MAP_DEVICE_NOT_APPROVED.fill(&[&device_id]).into()),
            }
            let missing = error::SBI_NOT_FOUND.fill(&[&sbi_id]);
            let (s, _) = self.own_sbi(&*w, ctx, &sbi_id, missing).await?;
            if sbi_status(&s)? != Status::Approved {
                return Err(error::MAP_SBI_NOT_APPROVED.err().into());
            }
            if rules::sbi_expired(s.sw_expiry_dtimes, w.now()) {
                return Err(error::MAP_SBI_EXPIRED.err().into());
            }
            if s.provider_id != d.dprovider_id {
                return Err(error::MAP_OTHER_PROVIDER.err().into());
            }
            if repo::find_mapping(&*w, &device_id, &sbi_id).await?.is_some() {
                return Ok(false);
            }
            repo::insert_mapping(&*w, &d, &sbi_id, true, w.stamp())
                .await
                .map_err(or_taken(error::MAPPING_EXISTS.err()))?;
            w.commit(Change::of(&device_id).details(json!({ "sbiId": sbi_id }))).await?;
            Ok(true)
        })
        .await
    }

    /// `PUT /securebiometricinterface/devicedetails/map/remove` (deprecated).
    pub async fn unmap_device(&self, ctx: &Ctx, device_id: Option<&str>, sbi_id: Option<&str>) -> Result<()> {
        let op = self.op(ctx, Action::DeviceUnmap, device_id.unwrap_or_default());
        op.run(async {
            ctx.require(DEVICE_WRITERS)?;
            let device_id = validate::required("deviceDetailId", device_id, 1, CODE_MAX)?;
            let sbi_id = validate::required("sbiId", sbi_id, 1, CODE_MAX)?;
            let w = op.begin().await?;
            self.own_device(&*w, ctx, &device_id, error::MAPPING_NOT_FOUND.err()).await?;
            if repo::delete_mapping(&*w, &device_id, &sbi_id).await? == 0 {
                return Err(error::MAPPING_NOT_FOUND.err().into());
            }
            w.commit(Change::of(&device_id).details(json!({ "sbiId": sbi_id }))).await?;
            Ok(())
        })
        .await
    }

    /// `GET /devicedetail`: devices with their SBI; non-admins see their own partners'.
    pub async fn devices(&self, ctx: &Ctx, q: &DeviceQuery, params: &ListParams) -> Result<ListPage<DeviceView>> {
        ctx.require(DEVICE_PROVIDERS)?;
        let plan = plan_list(params, repo::DEVICE_SORT, Paging::DefaultPage)?;
        let filter = repo::DeviceFilter {
            providers: self.provider_scope(ctx, DEVICE_PROVIDER_TYPE).await?,
            partner_id: text_filter(q.partner_id.as_deref()),
            org_name: text_filter(q.org_name.as_deref()),
            device_type: text_filter(q.device_type.as_deref()),
            device_sub_type: text_filter(q.device_sub_type.as_deref()),
            make: text_filter(q.make.as_deref()),
            model: text_filter(q.model.as_deref()),
            sbi_id: text_filter(q.sbi_id.as_deref()),
            sbi_version: text_filter(q.sbi_version.as_deref()),
            device_id: text_filter(q.device_id.as_deref()),
            status: status_filter(q.status.as_deref(), Status::parse)?,
        };
        let page = repo::list_devices(self.store.db(), &filter, &plan).await?;
        let mut items = Vec::with_capacity(page.items.len());
        for r in page.items {
            let status = Status::from_row(&r.approval_status, r.is_active)
                .ok_or_else(|| crate::ServiceError::Internal(format!("device {} has an unknown status", r.id)))?;
            items.push(DeviceView {
                device: Device {
                    id: r.id,
                    dprovider_id: r.dprovider_id,
                    dtype_code: r.dtype_code,
                    dstype_code: r.dstype_code,
                    make: r.make,
                    model: r.model,
                    partner_org_name: r.partner_org_name,
                    approval_status: r.approval_status,
                    is_active: r.is_active,
                    cr_by: String::new(),
                    cr_dtimes: r.cr_dtimes,
                    upd_by: None,
                    upd_dtimes: None,
                },
                status,
                sbi_id: r.sbi_id,
                sbi_version: r.sbi_version,
            });
        }
        Ok(ListPage::new(Page { items, total: page.total }, &plan))
    }

    /// One device with the SBIs it is mapped to, for its page.
    pub async fn device(&self, ctx: &Ctx, id: &str) -> Result<(Device, Vec<String>)> {
        ctx.require(DEVICE_PROVIDERS)?;
        let conn = self.store.db();
        let (d, _) = self.own_device(conn, ctx, id, error::DEVICE_MISSING.err()).await?;
        let sbis = repo::mappings_of_device(conn, id).await?.into_iter().map(|m| m.sbi_id).collect();
        Ok((d.into(), sbis))
    }

    /// `POST /devicedetail/search` (deprecated).
    pub async fn search_devices(&self, ctx: &Ctx, request: &SearchRequest) -> Result<Page<Device>> {
        ctx.require(DEVICE_WRITERS)?;
        let plan = plan_search(request, repo::DEVICE_FIELDS)?;
        let scope = self.provider_scope(ctx, DEVICE_PROVIDER_TYPE).await?;
        let page = repo::search_devices(self.store.db(), &plan, scope.as_deref()).await?;
        Ok(Page { items: all(page.items), total: page.total })
    }

    pub async fn device_filter_values(&self, ctx: &Ctx, request: &FilterValueRequest) -> Result<Vec<FilterValue>> {
        ctx.require(DEVICE_WRITERS)?;
        let plan = plan_filter_values(request, repo::DEVICE_FIELDS)?;
        let scope = self.provider_scope(ctx, DEVICE_PROVIDER_TYPE).await?;
        Ok(repo::device_filter_values(self.store.db(), &plan, scope.as_deref()).await?)
    }

    /// `POST /securebiometricinterface/devicedetails/map/search` (deprecated).
    pub async fn search_mappings(
        &self,
        ctx: &Ctx,
        request: &SearchRequest,
    ) -> Result<Page<(String, String, Option<Device>, Option<Sbi>, DateTime<Utc>, String)>> {
        ctx.require(DEVICE_WRITERS)?;
        let plan = plan_search(request, repo::MAPPING_FIELDS)?;
        let scope = self.provider_scope(ctx, DEVICE_PROVIDER_TYPE).await?;
        let page = repo::search_mappings(self.store.db(), &plan, scope.as_deref()).await?;
        let items = page
            .items
            .into_iter()
            .map(|(m, d, s)| (m.device_detail_id, m.sbi_id, d.map(Into::into), s.map(Into::into), m.cr_dtimes, m.cr_by))
            .collect();
        Ok(Page { items, total: page.total })
    }

    /// `POST /devicedetail/deviceType/search`: device subtypes (MOSIP's reference data).
    pub async fn search_device_sub_types(&self, ctx: &Ctx, request: &SearchRequest) -> Result<Page<DeviceSubType>> {
        ctx.require(DEVICE_WRITERS)?;
        let plan = plan_search(request, repo::SUB_TYPE_FIELDS)?;
        let page = repo::search_sub_types(self.store.db(), &plan).await?;
        Ok(Page { items: all(page.items), total: page.total })
    }

    pub async fn device_type_filter_values(&self, ctx: &Ctx, request: &FilterValueRequest) -> Result<Vec<FilterValue>> {
        ctx.require(DEVICE_WRITERS)?;
        let plan = plan_filter_values(request, repo::TYPE_FIELDS)?;
        Ok(repo::type_filter_values(self.store.db(), &plan).await?)
    }

    pub async fn device_sub_type_filter_values(
        &self,
        ctx: &Ctx,
        request: &FilterValueRequest,
    ) -> Result<Vec<FilterValue>> {
        ctx.require(DEVICE_WRITERS)?;
        let plan = plan_filter_values(request, repo::SUB_TYPE_FIELDS)?;
        Ok(repo::sub_type_filter_values(self.store.db(), &plan).await?)
    }

    /// Device types with their subtypes, for the portal's forms.
    pub async fn device_types(&self) -> Result<(Vec<DeviceType>, Vec<DeviceSubType>)> {
        let conn = self.store.db();
        Ok((all(repo::device_types(conn).await?), all(repo::sub_types(conn).await?)))
    }

    // ------------------------------------------------------------------ FTM chips

    /// `POST /ftpchipdetail`: an FTM provider registers a chip make and model; it waits for its
    /// certificate.
    pub async fn create_chip(
        &self,
        ctx: &Ctx,
        provider_id: Option<&str>,
        make: Option<&str>,
        model: Option<&str>,
    ) -> Result<Chip> {
        let op = self.op(ctx, Action::ChipCreate, provider_id.unwrap_or_default());
        op.run(async {
            ctx.require(CHIP_USERS)?;
            let mut checks = pms_domain::Checks::default();
            let provider_id =
                checks.keep(validate::required("ftpProviderId", provider_id, 1, validate::PARTNER_ID_MAX));
            let make = checks.keep(validate::required("make", make, 1, MAKE_MAX));
            let model = checks.keep(validate::required("model", model, 1, MAKE_MAX));
            checks.finish()?;
            let (Some(provider_id), Some(make), Some(model)) = (provider_id, make, model) else {
                return Err(error::INVALID_INPUT.err().into());
            };
            let w = op.begin().await?;
            let p = self
                .provider(
                    &*w,
                    ctx,
                    &provider_id,
                    FTM_PROVIDER_TYPE,
                    error::FTM_PROVIDER_INVALID.err(),
                    error::FTM_CHIP_OTHER_PROVIDER.err(),
                )
                .await
                .map_err(|e| match e.to_pms_error().code {
                    "PMS_DEVICE_ERROR_003" => error::FTM_PROVIDER_INVALID.err().into(),
                    _ => e,
                })?;
            if !partner_status(&p).may_act() {
                return Err(error::FTM_PROVIDER_INVALID.err().into());
            }
            if repo::live_chip_exists(&*w, &p.id, &make, &model, None).await? {
                return Err(error::FTM_CHIP_EXISTS.err().into());
            }
            let row = repo::insert_chip(
                &*w,
                repo::NewChip { provider_id: &p.id, org_name: &p.name, make: &make, model: &model, by: w.stamp() },
            )
            .await
            .map_err(or_taken(error::FTM_CHIP_EXISTS.err()))?;
            let change = Change::of(&row.id)
                .status(None, Some(ChipStatus::PendingCertUpload.as_str()))
                .details(json!({ "providerId": p.id, "make": make, "model": model }));
            w.commit(change).await?;
            Ok(row.into())
        })
        .await
    }

    /// `PUT /ftpchipdetail` (deprecated): changes a chip's make and model until it is approved.
    pub async fn update_chip(
        &self,
        ctx: &Ctx,
        id: Option<&str>,
        make: Option<&str>,
        model: Option<&str>,
    ) -> Result<Chip> {
        let op = self.op(ctx, Action::ChipUpdate, id.unwrap_or_default());
        op.run(async {
            ctx.require(CHIP_USERS)?;
            let mut checks = pms_domain::Checks::default();
            let id = checks.keep(validate::required("ftpChipDetailId", id, 1, CODE_MAX));
            let make = checks.keep(validate::required("make", make, 1, MAKE_MAX));
            let model = checks.keep(validate::required("model", model, 1, MAKE_MAX));
            checks.finish()?;
            let (Some(id), Some(make), Some(model)) = (id, make, model) else {
                return Err(error::INVALID_INPUT.err().into());
            };
            let w = op.begin().await?;
            let (c, p) = self.own_chip(&*w, ctx, &id, error::FTM_CHIP_NOT_FOUND.err()).await?;
            rules::chip_editable(chip_status(&c)?)?;
            if repo::live_chip_exists(&*w, &p.id, &make, &model, Some(&id)).await? {
                return Err(error::FTM_CHIP_EXISTS.err().into());
            }
            let row = repo::update_chip(&*w, &id, &make, &model, w.stamp())
                .await
                .map_err(or_taken(error::FTM_CHIP_EXISTS.err()))?;
            w.commit(Change::of(&id).details(json!({ "make": make, "model": model }))).await?;
            Ok(row.into())
        })
        .await
    }

    /// `PATCH /ftpchipdetail`: the Partner Admin approves (`true`) or rejects (`false`) a chip
    /// waiting for approval.
    pub async fn decide_chip(
        &self,
        ctx: &Ctx,
        id: Option<&str>,
        approve: Option<bool>,
        reason: Option<&str>,
    ) -> Result<ChipStatus> {
        let op = self.op(ctx, Action::ChipDecide, id.unwrap_or_default());
        op.run(async {
            ctx.require(ADMINS)?;
            let id = validate::required("ftpChipDetailId", id, 1, CODE_MAX)?;
            let reason = validate::optional("reason", reason, validate::REASON_MAX)?;
            let Some(approve) = approve else {
                return Err(PmsError::field_rule(
                    "approvalStatus",
                    "must not be null",
                    pms_domain::FieldRule::Required,
                )
                .into());
            };
            let mut w = op.begin().await?;
            let c = repo::find_chip(&*w, &id).await?.ok_or_else(|| error::FTM_CHIP_NOT_FOUND.err())?;
            let action = if approve { ChipAction::Approve } else { ChipAction::Reject };
            if approve {
                provider_acts(&*w, &c.foundational_trust_provider_id).await?;
            }
            let from = chip_status(&c)?;
            let to = rules::chip(from, action)?;
            if !repo::move_chip(&*w, &id, from, to, w.stamp()).await? {
                return Err(error::FTM_NOT_PENDING.err().into());
            }
            let item = format!("{} {}", c.make, c.model);
            let decided = if to == ChipStatus::Approved { Status::Approved } else { Status::Rejected };
            tell_provider(&mut w, &c.foundational_trust_provider_id, "chip", &item, decided, reason.as_deref()).await?;
            let change =
                Change::of(&id).status(Some(from.as_str()), Some(to.as_str())).details(json!({ "reason": reason }));
            w.commit(change).await?;
            Ok(to)
        })
        .await
    }

    /// `PATCH /ftpchipdetail/{ftmId}`: the provider or the Partner Admin deactivates an approved
    /// chip.
    pub async fn deactivate_chip(&self, ctx: &Ctx, id: &str, status: Option<&str>) -> Result<Chip> {
        let op = self.op(ctx, Action::ChipDeactivate, id);
        op.run(async {
            ctx.require(CHIP_USERS)?;
            deactivate_word(status)?;
            if id.trim().is_empty() || id.chars().count() > CODE_MAX {
                return Err(error::FTM_ID_INVALID.err().into());
            }
            let w = op.begin().await?;
            let (c, _) = self.own_chip(&*w, ctx, id, error::FTM_MISSING.err()).await?;
            let from = chip_status(&c)?;
            let to = rules::chip(from, ChipAction::Deactivate)?;
            if !repo::move_chip(&*w, id, from, to, w.stamp()).await? {
                return Err(error::FTM_ALREADY_DEACTIVATED.err().into());
            }
            let row = repo::find_chip(&*w, id).await?.ok_or_else(|| error::FTM_MISSING.err())?;
            w.commit(Change::of(id).status(Some(from.as_str()), Some(to.as_str()))).await?;
            Ok(row.into())
        })
        .await
    }

    /// `POST /ftpchipdetail/uploadcertificate`: the chip's certificate must chain to the FTM
    /// trust store and name the provider's organisation; the platform CA re-signs it. Every upload
    /// is a new version, and the chip waits for approval again.
    pub async fn upload_chip_certificate(&self, ctx: &Ctx, input: &ChipCertInput) -> Result<(Chip, ChipCertificate)> {
        let op = self.op(ctx, Action::ChipCertificateUpload, input.chip_id.as_deref().unwrap_or_default());
        op.run(async {
            ctx.require(CHIP_USERS)?;
            let mut checks = pms_domain::Checks::default();
            let provider_id = checks.keep(validate::required(
                "ftpProviderId",
                input.provider_id.as_deref(),
                1,
                validate::PARTNER_ID_MAX,
            ));
            let chip_id = checks.keep(validate::required("ftpChipDeatilId", input.chip_id.as_deref(), 1, CODE_MAX));
            let org = checks.keep(validate::required("organizationName", input.organization_name.as_deref(), 1, 128));
            let domain = checks.keep(validate::required("partnerDomain", input.partner_domain.as_deref(), 1, 16));
            let data = checks.keep(
                crate::certificates::required_data(input.certificate_data.as_deref()).map_err(|e| e.to_pms_error()),
            );
            checks.finish()?;
            let (Some(provider_id), Some(chip_id), Some(org), Some(domain), Some(data)) =
                (provider_id, chip_id, org, domain, data)
            else {
                return Err(error::INVALID_INPUT.err().into());
            };
            let mut w = op.begin().await?;
            let now = w.now();
            let p = partners::find(&*w, &provider_id).await?.ok_or_else(|| error::FTM_PROVIDER_INVALID.err())?;
            if p.partner_type_code != FTM_PROVIDER_TYPE || !partner_status(&p).may_act() {
                return Err(error::FTM_PROVIDER_INVALID.err().into());
            }
            let (c, _) = self.own_chip(&*w, ctx, &chip_id, error::FTM_CHIP_NOT_FOUND.err()).await?;
            if c.foundational_trust_provider_id != p.id {
                return Err(error::FTM_CHIP_OTHER_PROVIDER.err().into());
            }
            // A deactivated chip takes no certificate (checked again once its row is locked).
            rules::chip(chip_status(&c)?, ChipAction::UploadCertificate)?;
            if PartnerDomain::parse(&domain) != Some(PartnerDomain::Ftm) {
                return Err(PmsError::coded(
                    "KER-PCM-011",
                    format!("Invalid Partner Domain.: {domain} (chips use FTM)"),
                )
                .into());
            }
            if !org.eq_ignore_ascii_case(&p.name) {
                return Err(PmsError::coded(
                    "KER-PCM-008",
                    format!("Partner Organization Name not Matched.: the chip's provider is {}", p.name),
                )
                .into());
            }
            let mut uploaded = pms_trust::parse_certificates(data.as_bytes())?;
            if uploaded.len() != 1 {
                return Err(PmsError::invalid_field(
                    "certificateData",
                    "must hold the chip certificate alone (CA certificates go to the trust store)",
                )
                .into());
            }
            let leaf = uploaded.remove(0);
            crate::certificates::names_fit(&leaf)?;
            let (signed, issuer_id) = self.trust_and_resign(&*w, &leaf, PartnerDomain::Ftm, &p.name, now).await?;
            let cert_id = new_id();
            let cert = repo::insert_chip_cert(
                &*w,
                repo::NewChipCert {
                    cert_id: &cert_id,
                    chip_id: &chip_id,
                    org_name: &p.name,
                    subject_dn: leaf.subject(),
                    issuer_dn: leaf.issuer(),
                    issuer_id: issuer_id.as_deref(),
                    sha1_thumbprint: leaf.sha1_thumbprint(),
                    not_before: leaf.not_before(),
                    not_after: leaf.not_after(),
                    original_pem: leaf.pem(),
                    signed_pem: signed.pem(),
                    signed_not_after: signed.not_after(),
                    by: w.stamp(),
                },
            )
            .await?;
            // The chip's row is locked now: judge the move by its status after any concurrent
            // upload or decision.
            let locked = repo::find_chip(&*w, &chip_id).await?.ok_or_else(|| error::FTM_CHIP_NOT_FOUND.err())?;
            let from = chip_status(&locked)?;
            let to = rules::chip(from, ChipAction::UploadCertificate)?;
            if from != to && !repo::move_chip(&*w, &chip_id, from, to, w.stamp()).await? {
                return Err(error::FTM_UPLOAD_NOT_ALLOWED.err().into());
            }
            if let Some(issuer) = &issuer_id {
                w.publish(events::chip_certificate_uploaded(&self.chain_url(issuer), now));
            }
            let row = repo::find_chip(&*w, &chip_id).await?.ok_or_else(|| error::FTM_CHIP_NOT_FOUND.err())?;
            let change = Change::of(&chip_id).status(Some(from.as_str()), Some(to.as_str())).details(
                json!({ "certificateId": cert_id, "version": cert.version, "thumbprint": cert.sha1_thumbprint }),
            );
            w.commit(change).await?;
            Ok((row.into(), cert.into()))
        })
        .await
    }

    /// `GET /ftpchipdetail/getPartnerCertificate/{id}`: the platform-signed certificate.
    pub async fn chip_certificate(&self, ctx: &Ctx, id: &str) -> Result<ChipCertificate> {
        ctx.require(CHIP_USERS)?;
        let conn = self.store.db();
        self.own_chip(conn, ctx, id, error::FTM_CHIP_NOT_FOUND.err()).await?;
        Ok(repo::active_chip_cert(conn, id).await?.ok_or_else(|| error::FTM_CERT_NOT_UPLOADED.err())?.into())
    }

    /// `GET /ftpchipdetail/{ftmId}/certificate-data`: both copies, while the chip waits or is
    /// approved.
    pub async fn chip_certificate_data(&self, ctx: &Ctx, id: &str) -> Result<ChipCertData> {
        ctx.require(CHIP_USERS)?;
        if id.trim().is_empty() || id.chars().count() > CODE_MAX {
            return Err(error::FTM_ID_INVALID.err().into());
        }
        let conn = self.store.db();
        let (c, _) = self.own_chip(conn, ctx, id, error::FTM_MISSING.err()).await?;
        chip_status(&c)?.certificate_readable()?;
        let cert: ChipCertificate =
            repo::active_chip_cert(conn, id).await?.ok_or_else(|| error::FTM_CERT_NOT_UPLOADED.err())?.into();
        let now = self.now();
        let trusted = self.chains_now(PartnerDomain::Ftm, &cert.original_pem, now).await?;
        Ok(ChipCertData {
            original_expired: cert.not_after < now,
            signed_expired: cert.signed_not_after < now,
            trusted,
            certificate: cert,
        })
    }

    /// Every certificate upload of a chip, newest first.
    pub async fn chip_certificate_history(&self, ctx: &Ctx, id: &str) -> Result<Vec<ChipCertificate>> {
        ctx.require(CHIP_USERS)?;
        let conn = self.store.db();
        self.own_chip(conn, ctx, id, error::FTM_CHIP_NOT_FOUND.err()).await?;
        Ok(all(repo::chip_cert_history(conn, id).await?))
    }

    fn chip_views(
        &self,
        chips: Vec<ftp_chip_detail::Model>,
        mut certs: std::collections::HashMap<String, pms_store::entity::ftm_chip_certificate::Model>,
        partners: &std::collections::HashMap<String, partner::Model>,
    ) -> Result<Vec<ChipView>> {
        chips
            .into_iter()
            .map(|c| {
                let status = chip_status(&c)?;
                let certificate = certs.remove(&c.id).map(Into::into);
                let partner_status = partners.get(&c.foundational_trust_provider_id).map(|p| match partner_status(p) {
                    PartnerStatus::Approved => "approved".to_string(),
                    PartnerStatus::Deactivated => "deactivated".to_string(),
                    other => other.as_str().to_string(),
                });
                Ok(ChipView { chip: c.into(), status, certificate, partner_status })
            })
            .collect()
    }

    /// `GET /ftpchipdetail`: the chips of the caller's FTM providers, with certificate dates.
    pub async fn my_chips(&self, ctx: &Ctx) -> Result<Vec<ChipView>> {
        let actor = ctx.require(CHIP_USERS)?;
        let conn = self.store.db();
        let mine: Vec<partner::Model> = partners::by_user(conn, &actor.username)
            .await?
            .into_iter()
            .map(|(p, _)| p)
            .filter(|p| p.partner_type_code == FTM_PROVIDER_TYPE)
            .collect();
        if mine.is_empty() {
            return Err(error::USER_OWNS_NO_PARTNER.err().into());
        }
        let ids: Vec<String> = mine.iter().map(|p| p.id.clone()).collect();
        let chips = repo::chips_of(conn, &ids).await?;
        let chip_ids: Vec<String> = chips.iter().map(|c| c.id.clone()).collect();
        let certs = repo::active_chip_certs(conn, &chip_ids).await?;
        let partners = mine.into_iter().map(|p| (p.id.clone(), p)).collect();
        self.chip_views(chips, certs, &partners)
    }

    /// One chip with its certificate, for its page.
    pub async fn chip(&self, ctx: &Ctx, id: &str) -> Result<ChipView> {
        ctx.require(CHIP_USERS)?;
        let conn = self.store.db();
        let (c, p) = self.own_chip(conn, ctx, id, error::FTM_MISSING.err()).await?;
        let certs = repo::active_chip_certs(conn, std::slice::from_ref(&c.id)).await?;
        let partners = [(p.id.clone(), p)].into_iter().collect();
        Ok(self.chip_views(vec![c], certs, &partners)?.remove(0))
    }

    /// `GET /ftpchipdetail/v2`: every chip, for the Partner Admin (PMS also lets FTM providers
    /// list their own).
    pub async fn chips(&self, ctx: &Ctx, q: &ChipQuery, params: &ListParams) -> Result<ListPage<ChipView>> {
        ctx.require(CHIP_USERS)?;
        let plan = plan_list(params, repo::CHIP_SORT, Paging::DefaultPage)?;
        let filter = repo::ChipFilter {
            providers: self.provider_scope(ctx, FTM_PROVIDER_TYPE).await?,
            partner_id: text_filter(q.partner_id.as_deref()),
            org_name: text_filter(q.org_name.as_deref()),
            ftm_id: text_filter(q.ftm_id.as_deref()),
            make: text_filter(q.make.as_deref()),
            model: text_filter(q.model.as_deref()),
            status: status_filter(q.status.as_deref(), ChipStatus::parse)?,
        };
        let conn = self.store.db();
        let page = repo::list_chips(conn, &filter, &plan).await?;
        let chip_ids: Vec<String> = page.items.iter().map(|c| c.id.clone()).collect();
        let certs = repo::active_chip_certs(conn, &chip_ids).await?;
        let items = self.chip_views(page.items, certs, &Default::default())?;
        Ok(ListPage::new(Page { items, total: page.total }, &plan))
    }

    /// `POST /ftpchipdetail/search` (deprecated).
    pub async fn search_chips(&self, ctx: &Ctx, request: &SearchRequest) -> Result<Page<Chip>> {
        ctx.require(CHIP_USERS)?;
        let plan = plan_search(request, repo::CHIP_FIELDS)?;
        let scope = self.provider_scope(ctx, FTM_PROVIDER_TYPE).await?;
        let page = repo::search_chips(self.store.db(), &plan, scope.as_deref()).await?;
        Ok(Page { items: all(page.items), total: page.total })
    }

    // ------------------------------------------------------------------ cascades and queues

    /// A device or FTM provider was deactivated: its SBIs, devices and chips stop in the same
    /// transaction (MOSIP leaves them approved). Answers how many items moved.
    pub(crate) async fn stop_provider_items(&self, w: &mut Write<'_>, p: &partner::Model) -> Result<u64> {
        let mut moved = 0;
        match p.partner_type_code.as_str() {
            DEVICE_PROVIDER_TYPE => {
                for s in repo::sbis_of(&**w, &p.id).await? {
                    let from = sbi_status(&s)?;
                    let to = rules::sbi(from, SbiAction::ProviderDeactivated)?;
                    if to != from && repo::move_sbi(&**w, &s.id, from, to, w.stamp()).await?.is_some() {
                        moved += 1;
                        w.record(Action::SbiCascade, Change::of(&s.id).status(Some(from.as_str()), Some(to.as_str())));
                    }
                }
                let devices = repo::devices_of_provider(&**w, &p.id).await?;
                let (d, r) = self.cascade_devices(w, devices, DeviceAction::ParentDeactivated).await?;
                moved += d + r;
            }
            FTM_PROVIDER_TYPE => {
                for c in repo::chips_of(&**w, std::slice::from_ref(&p.id)).await? {
                    let from = chip_status(&c)?;
                    let to = rules::chip(from, ChipAction::ProviderDeactivated)?;
                    if to != from && repo::move_chip(&**w, &c.id, from, to, w.stamp()).await? {
                        moved += 1;
                        w.record(Action::ChipCascade, Change::of(&c.id).status(Some(from.as_str()), Some(to.as_str())));
                    }
                }
            }
            _ => {}
        }
        Ok(moved)
    }

    /// What waits for the Partner Admin: SBIs, devices and chips.
    pub async fn pending_device_items(&self, ctx: &Ctx) -> Result<Pending> {
        ctx.require(ADMINS)?;
        Ok(repo::pending(self.store.db()).await?)
    }
}

/// Approval needs a provider that may act: a deactivated provider's items stay stopped (MOSIP
/// lets the admin approve them again, which brings them back into use).
async fn provider_acts(conn: &impl ConnectionTrait, provider_id: &str) -> Result<()> {
    let p = partners::find(conn, provider_id).await?;
    if p.is_some_and(|p| PartnerStatus::from_row(&p.approval_status, p.is_active).may_act()) {
        Ok(())
    } else {
        Err(error::PARTNER_NOT_ACTIVE.err().into())
    }
}
