//! MISP licences (MOSIP §4.5, §9.6). A MISP partner holds a licence key that ID Authentication
//! checks on every request it forwards. The key is 50 random letters and digits, as MOSIP's; PMS
//! keeps its SHA-256 (what `PUT /misps` finds it by) and a sealed copy, because MOSIP's
//! `GET /misps/{id}/licenseKey` must show it again. Lists show only its first characters.

use crate::events;
use crate::view::{MispLicence, Policy};
use crate::write::{Action, Change, Write};
use crate::{Ctx, Result, ServiceError, Services};
use chrono::Duration;
use pms_domain::client::LicenceStatus;
use pms_domain::list::{plan_list, text_filter, ListPage, ListParams, Paging};
use pms_domain::partner::PartnerStatus;
use pms_domain::roles::*;
use pms_domain::search::{plan_filter_values, plan_search, FilterValue, FilterValueRequest, Page, SearchRequest};
use pms_domain::{error, validate, Checks};
use pms_store::entity::{misp_license, partner};
use pms_store::new_id;
use pms_store::repo::clients as repo;
use pms_store::repo::{access as requests, partners, policies};
use rand::distr::{Alphanumeric, SampleString};
use serde_json::json;

const MISP_TYPE: &str = "MISP_Partner";
/// `postmisplicense`, `putmisplicense`, `getmisplicense` and the searches (#43–#45, #47, #48).
const MISP_USERS: &[&str] = &[MISP_PARTNER, "MISP", "PARTNERMANAGER", PARTNER_ADMIN];
/// `getmisplicensekey` (#46) and who sees every MISP's licences.
const ADMINS: &[&str] = &["PARTNERMANAGER", PARTNER_ADMIN];

/// MOSIP's `mosip.kernel.idgenerator.misp.license-key-length`.
pub const LICENCE_KEY_LEN: usize = 50;
const HINT_LEN: usize = 6;
const SEAL_PURPOSE: &str = "misp_license";
pub const PROVIDER_ID_MAX: usize = 36;

/// A licence with its key, as the create, update and key endpoints answer.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuedLicence {
    pub licence: MispLicence,
    pub key: String,
}

impl IssuedLicence {
    pub fn status(&self) -> LicenceStatus {
        LicenceStatus::from_active(self.licence.is_active)
    }
}

fn hash(key: &str) -> String {
    crate::auth::sha256_hex(key)
}

impl Services {
    fn usable_now(&self, l: &misp_license::Model) -> bool {
        l.is_active && l.valid_to_date > self.now()
    }

    /// The active MISP partner a caller may hold licences for: admins any, others their own.
    async fn licence_partner(&self, ctx: &Ctx, id: &str) -> Result<partner::Model> {
        let actor = ctx.actor()?;
        let p = partners::find(self.store.db(), id).await?.ok_or_else(|| error::MISP_NOT_FOUND.err())?;
        if !actor.has_any(ADMINS) && p.user_id != actor.username {
            return Err(error::USER_NOT_AUTHORIZED.err().into());
        }
        if p.partner_type_code != MISP_TYPE {
            return Err(error::MISP_NOT_MISP.err().into());
        }
        if !PartnerStatus::from_row(&p.approval_status, p.is_active).may_act() {
            return Err(error::MISP_NOT_ACTIVE.err().into());
        }
        Ok(p)
    }

    /// The MISP's row in `w`, locked until `w` ends, and still active.
    async fn locked_misp(&self, w: &Write<'_>, id: &str) -> Result<partner::Model> {
        let p = repo::lock_partner(&**w, id).await?.ok_or_else(|| error::MISP_NOT_FOUND.err())?;
        if !PartnerStatus::from_row(&p.approval_status, p.is_active).may_act() {
            return Err(error::MISP_NOT_ACTIVE.err().into());
        }
        Ok(p)
    }

    /// The policy a licence names: MOSIP requires every policy request of the MISP to be
    /// approved, and takes the first one's policy.
    async fn licence_policy(&self, p: &partner::Model) -> Result<Option<pms_store::entity::auth_policy::Model>> {
        let ids = [p.id.clone()];
        let mine = requests::requests_of(self.store.db(), Some(&ids)).await?;
        let Some((first, _)) = mine.first() else { return Ok(None) };
        if mine.iter().any(|(r, _)| !r.status_code.eq_ignore_ascii_case("approved")) {
            return Err(error::LICENCE_POLICY_NOT_APPROVED.err().into());
        }
        let policy = policies::find_plain(self.store.db(), &first.policy_id)
            .await?
            .ok_or_else(|| error::LICENCE_POLICY_NOT_FOUND.err())?;
        Ok(Some(policy))
    }

    /// Mints a licence in `w`, with its event (`generated` or updated).
    async fn mint_licence(
        &self,
        w: &mut Write<'_>,
        p: &partner::Model,
        policy: Option<&pms_store::entity::auth_policy::Model>,
        generated: bool,
    ) -> Result<IssuedLicence> {
        let key = Alphanumeric.sample_string(&mut rand::rng(), LICENCE_KEY_LEN);
        let sealed = self.keys.seal.seal(SEAL_PURPOSE, &key).map_err(ServiceError::Internal)?;
        let id = new_id();
        let hint: String = key.chars().take(HINT_LEN).collect();
        let row = repo::insert_licence(
            &**w,
            repo::NewLicence {
                id: &id,
                misp_id: &p.id,
                key_hash: &hash(&key),
                key_hint: &hint,
                key_sealed: &sealed,
                valid_to: w.now() + Duration::days(i64::from(self.config.misp_licence_days)),
                policy_id: policy.map(|p| p.id.as_str()),
                by: w.stamp(),
            },
        )
        .await?;
        let policy_view: Option<Policy> = policy.cloned().map(Into::into);
        w.publish(events::misp_licence(generated, &row, &key, policy_view.as_ref(), w.now()));
        Ok(IssuedLicence { licence: row.into(), key })
    }

    /// MOSIP `POST /misps`: the first licence of an active MISP partner.
    pub async fn create_licence(&self, ctx: &Ctx, provider_id: Option<&str>) -> Result<IssuedLicence> {
        let target = provider_id.unwrap_or_default().to_string();
        let op = self.op(ctx, Action::LicenceCreate, validate::truncated(&target, PROVIDER_ID_MAX));
        op.run(async {
            ctx.require(MISP_USERS)?;
            let provider_id = validate::required("providerId", provider_id, 1, PROVIDER_ID_MAX)?;
            let p = self.licence_partner(ctx, &provider_id).await?;
            if !repo::licences_of(self.store.db(), &p.id).await?.is_empty() {
                return Err(error::LICENCE_EXISTS.err().into());
            }
            let policy = self.licence_policy(&p).await?;
            let mut w = op.begin().await?;
            let p = self.locked_misp(&w, &p.id).await?;
            if !repo::licences_of(&*w, &p.id).await?.is_empty() {
                return Err(error::LICENCE_EXISTS.err().into());
            }
            let issued = self.mint_licence(&mut w, &p, policy.as_ref(), true).await?;
            let change = Change::of(&issued.licence.id).status(None, Some(LicenceStatus::Active.as_str())).details(
                json!({ "mispId": p.id, "policyId": issued.licence.policy_id, "keyHint": issued.licence.key_hint }),
            );
            w.commit(change).await?;
            Ok(issued)
        })
        .await
    }

    /// MOSIP `PUT /misps`: turns a licence on or off, found by its MISP and key.
    pub async fn set_licence_status(
        &self,
        ctx: &Ctx,
        provider_id: Option<&str>,
        key: Option<&str>,
        status: Option<&str>,
    ) -> Result<IssuedLicence> {
        let target = provider_id.unwrap_or_default().to_string();
        let op = self.op(ctx, Action::LicenceStatus, validate::truncated(&target, PROVIDER_ID_MAX));
        op.run(async {
            let actor = ctx.require(MISP_USERS)?;
            let mut checks = Checks::default();
            let provider_id = checks.keep(validate::required("providerId", provider_id, 1, PROVIDER_ID_MAX));
            let key = checks.keep(validate::required("licenseKey", key, 1, 128));
            let status = checks.keep(validate::required("licenseKeyStatus", status, 1, 16));
            checks.finish()?;
            let (Some(provider_id), Some(key), Some(status)) = (provider_id, key, status) else {
                return Err(error::INVALID_INPUT.err().into());
            };
            let to = LicenceStatus::parse(&status)?;
            let mut w = op.begin().await?;
            // Locked first, so that two changes of one licence are one after the other: the
            // second reads what the first made.
            let p = repo::lock_partner(&*w, &provider_id).await?.ok_or_else(|| error::LICENCE_NOT_FOUND.err())?;
            let licence = repo::licence_by_hash(&*w, &hash(&key))
                .await?
                .filter(|l| l.misp_id == provider_id)
                .ok_or_else(|| error::LICENCE_NOT_FOUND.err())?;
            if !actor.has_any(ADMINS) && p.user_id != actor.username {
                return Err(error::LICENCE_NOT_FOUND.err().into());
            }
            let active = to == LicenceStatus::Active;
            if active && !PartnerStatus::from_row(&p.approval_status, p.is_active).may_act() {
                return Err(error::MISP_NOT_ACTIVE.err().into());
            }
            let from = LicenceStatus::from_active(licence.is_active);
            if from != to {
                if repo::set_licence_active(&*w, &licence.id, licence.is_active, active, w.stamp()).await? == 0 {
                    return Err(error::LICENCE_NOT_FOUND.err().into());
                }
                let updated =
                    repo::find_licence(&*w, &licence.id).await?.ok_or_else(|| error::LICENCE_NOT_FOUND.err())?;
                w.publish(events::misp_licence(false, &updated, &key, None, w.now()));
            }
            let updated = repo::find_licence(&*w, &licence.id).await?.ok_or_else(|| error::LICENCE_NOT_FOUND.err())?;
            w.commit(
                Change::of(&licence.id)
                    .status(Some(from.as_str()), Some(to.as_str()))
                    .details(json!({ "mispId": provider_id })),
            )
            .await?;
            Ok(IssuedLicence { licence: updated.into(), key })
        })
        .await
    }

    /// MOSIP `GET /misps/{mispId}/licenseKey`: the first usable licence, or a new one when all
    /// have ended or been turned off (`MISP_LICENSE_UPDATED`).
    pub async fn licence_key(&self, ctx: &Ctx, misp_id: &str) -> Result<IssuedLicence> {
        let op = self.op(ctx, Action::LicenceRenew, validate::truncated(misp_id, PROVIDER_ID_MAX));
        op.run(async {
            ctx.require(ADMINS)?;
            let p = self.licence_partner(ctx, misp_id).await?;
            let held = repo::licences_of(self.store.db(), &p.id).await?;
            if held.is_empty() {
                return Err(error::LICENCE_NOT_FOUND.err().into());
            }
            if let Some(l) = held.iter().find(|l| self.usable_now(l)) {
                let key = self.keys.seal.open(SEAL_PURPOSE, &l.key_sealed).map_err(ServiceError::Internal)?;
                return Ok(IssuedLicence { licence: l.clone().into(), key });
            }
            let policy = self.licence_policy(&p).await?;
            let mut w = op.begin().await?;
            // Another request may have minted one since: show that one (nothing to commit).
            let p = self.locked_misp(&w, &p.id).await?;
            if let Some(l) = repo::licences_of(&*w, &p.id).await?.into_iter().find(|l| self.usable_now(l)) {
                let key = self.keys.seal.open(SEAL_PURPOSE, &l.key_sealed).map_err(ServiceError::Internal)?;
                return Ok(IssuedLicence { licence: l.into(), key });
            }
            let issued = self.mint_licence(&mut w, &p, policy.as_ref(), false).await?;
            w.commit(
                Change::of(&issued.licence.id)
                    .status(None, Some(LicenceStatus::Active.as_str()))
                    .details(json!({ "mispId": p.id, "keyHint": issued.licence.key_hint })),
            )
            .await?;
            Ok(issued)
        })
        .await
    }

    /// The MISPs whose licences the caller sees: all for admins, else its own partners (MOSIP
    /// lists everyone's to anyone).
    async fn licence_scope(&self, ctx: &Ctx) -> Result<Option<Vec<String>>> {
        let actor = ctx.require(MISP_USERS)?;
        if actor.has_any(ADMINS) {
            return Ok(None);
        }
        Ok(Some(partners::by_user(self.store.db(), &actor.username).await?.into_iter().map(|(p, _)| p.id).collect()))
    }

    /// MOSIP `GET /misps`, paged through the shared validator.
    pub async fn licences(
        &self,
        ctx: &Ctx,
        misp_id: Option<&str>,
        params: &ListParams,
    ) -> Result<ListPage<MispLicence>> {
        let scope = self.licence_scope(ctx).await?;
        let plan = plan_list(params, repo::LICENCE_SORT, Paging::AllowUnpaged)?;
        let misp_id = text_filter(misp_id);
        let page = repo::list_licences(self.store.db(), scope.as_deref(), misp_id.as_deref(), &plan).await?;
        Ok(ListPage::new(Page { items: page.items.into_iter().map(Into::into).collect(), total: page.total }, &plan))
    }

    /// MOSIP `POST /misps/search`.
    pub async fn search_licences(&self, ctx: &Ctx, dto: &SearchRequest) -> Result<Page<MispLicence>> {
        let scope = self.licence_scope(ctx).await?;
        let plan = plan_search(dto, repo::LICENCE_FIELDS)?;
        let page = repo::search_licences(self.store.db(), &plan, scope.as_deref()).await?;
        Ok(Page { items: page.items.into_iter().map(Into::into).collect(), total: page.total })
    }

    /// MOSIP `POST /misps/filtervalues`.
    pub async fn licence_filter_values(&self, ctx: &Ctx, dto: &FilterValueRequest) -> Result<Vec<FilterValue>> {
        let scope = self.licence_scope(ctx).await?;
        let plan = plan_filter_values(dto, repo::LICENCE_FIELDS)?;
        Ok(repo::licence_filter_values(self.store.db(), &plan, scope.as_deref()).await?)
    }

    /// In a MISP's deactivation: its licences are turned off, each with `MISP_LICENSE_UPDATED`
    /// (as MOSIP does).
    pub(crate) async fn stop_partner_licences(&self, w: &mut Write<'_>, p: &partner::Model) -> Result<u64> {
        let mut stopped = 0;
        for l in repo::licences_of(&**w, &p.id).await?.into_iter().filter(|l| l.is_active) {
            if repo::set_licence_active(&**w, &l.id, true, false, w.stamp()).await? == 0 {
                continue;
            }
            let key = self.keys.seal.open(SEAL_PURPOSE, &l.key_sealed).map_err(ServiceError::Internal)?;
            let updated = repo::find_licence(&**w, &l.id).await?.ok_or_else(|| error::LICENCE_NOT_FOUND.err())?;
            w.publish(events::misp_licence(false, &updated, &key, None, w.now()));
            w.record(
                Action::LicenceCascade,
                Change::of(&l.id)
                    .status(Some(LicenceStatus::Active.as_str()), Some(LicenceStatus::Inactive.as_str()))
                    .details(json!({ "mispId": p.id })),
            );
            stopped += 1;
        }
        Ok(stopped)
    }

    /// Whether a licence works now (on and not ended).
    pub fn licence_usable(&self, l: &MispLicence) -> bool {
        l.is_active && l.valid_to_date > self.now()
    }

    /// One licence the caller sees (the portal's pages name licences by id, not by key).
    pub async fn licence(&self, ctx: &Ctx, id: &str) -> Result<MispLicence> {
        let scope = self.licence_scope(ctx).await?;
        let l = repo::find_licence(self.store.db(), id).await?.ok_or_else(|| error::LICENCE_NOT_FOUND.err())?;
        if scope.is_some_and(|mine| !mine.contains(&l.misp_id)) {
            return Err(error::LICENCE_NOT_FOUND.err().into());
        }
        Ok(l.into())
    }

    /// `PUT /misps` for a licence named by id: the key is taken from the sealed copy.
    pub async fn set_licence_status_by_id(&self, ctx: &Ctx, id: &str, status: LicenceStatus) -> Result<IssuedLicence> {
        self.licence(ctx, id).await?;
        let l = repo::find_licence(self.store.db(), id).await?.ok_or_else(|| error::LICENCE_NOT_FOUND.err())?;
        let key = self.keys.seal.open(SEAL_PURPOSE, &l.key_sealed).map_err(ServiceError::Internal)?;
        self.set_licence_status(ctx, Some(&l.misp_id), Some(&key), Some(status.as_str())).await
    }
}
