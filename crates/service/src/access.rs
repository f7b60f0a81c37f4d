//! Policy requests and API keys (MOSIP §4.1–4.4, §8.1): a partner asks for a policy of its group,
//! the Partner Admin decides, and the partner holds keys that ID Authentication checks.
//!
//! A key is `pms_<id>_<secret>`: 32 random bytes of secret (MOSIP's is a number below 1,000,000).
//! Only the id (public, shown in lists and logs) and the SHA-256 of the whole key are stored, so
//! the key is shown once, at creation, and never again.

use crate::events;
use crate::partners::tell_partner;
use crate::view::{ApiKey, Partner, Policy, PolicyGroup, PolicyRequest};
use crate::write::{Action, Change, Write};
use crate::{Ctx, Result, Services};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use pms_domain::access::{self as rules, Decision, KeyFacts, KeyState, KeyStatusChange, RequestStatus};
use pms_domain::list::{plan_list, text_filter, ListPage, ListParams, Paging};
use pms_domain::partner::PartnerStatus;
use pms_domain::policy::PolicyState;
use pms_domain::roles::*;
use pms_domain::search::{plan_filter_values, plan_search, FilterValue, FilterValueRequest, Page, SearchRequest};
use pms_domain::{error, validate, Checks, PmsError};
use pms_store::entity::{partner, partner_policy};
use pms_store::repo::access::{self as repo, KeyFilter, Names, RequestFilter};
use pms_store::repo::{partners, policy_groups};
use pms_store::sea_orm::ConnectionTrait;
use pms_store::StoreError;
use serde_json::json;
use sha2::{Digest, Sha256};

const P: &str = "PARTNER";
const ADMINS: &[&str] = &[PARTNER_ADMIN, "PARTNERMANAGER"];
const CREDENTIAL_ISSUANCE: &str = "CREDENTIAL_ISSUANCE";
/// `postpartnerspolicymap` (#9).
const REQUESTERS: &[&str] =
    &[AUTH_PARTNER, ABIS_PARTNER, CREDENTIAL_PARTNER, CREDENTIAL_ISSUANCE, ONLINE_VERIFICATION_PARTNER, PARTNER_ADMIN];
/// `putpartnerspolicymapping` (#31) and the admin key reads (#28–#30, #33).
const DECIDERS: &[&str] = ADMINS;
/// `getallpartnerpolicymappingrequests` (#39).
const REQUEST_READERS: &[&str] =
    &[PARTNER_ADMIN, AUTH_PARTNER, ABIS_PARTNER, SDK_PARTNER, CREDENTIAL_PARTNER, ONLINE_VERIFICATION_PARTNER];
/// `getpartnersapikeyrequest` (#10).
const PARTNER_REQUEST_READERS: &[&str] =
    &[P, AUTH_PARTNER, ABIS_PARTNER, CREDENTIAL_PARTNER, PARTNER_ADMIN, ONLINE_VERIFICATION_PARTNER];
/// `patchpartnersgenerateapikey` (#11): the partner itself, never an admin.
const KEY_MAKERS: &[&str] =
    &[AUTH_PARTNER, ABIS_PARTNER, CREDENTIAL_PARTNER, CREDENTIAL_ISSUANCE, ONLINE_VERIFICATION_PARTNER];
/// `patchpartnerspolicyapikeystatus` (#32).
const KEY_STATUS: &[&str] = &[
    PARTNER_ADMIN,
    "PARTNERMANAGER",
    AUTH_PARTNER,
    CREDENTIAL_PARTNER,
    CREDENTIAL_ISSUANCE,
    ONLINE_VERIFICATION_PARTNER,
];
/// `getpartnersapikeyrequests` (#40), and the partner-facing key lists of PMS's portal.
const KEY_READERS: &[&str] =
    &[PARTNER_ADMIN, AUTH_PARTNER, CREDENTIAL_PARTNER, CREDENTIAL_ISSUANCE, ONLINE_VERIFICATION_PARTNER, ABIS_PARTNER];
/// `postpartnersapikeyrequestfiltervalues` (#22).
const REQUEST_FILTER_VALUES: &[&str] =
    &[P, PARTNER_ADMIN, AUTH_PARTNER, CREDENTIAL_PARTNER, ONLINE_VERIFICATION_PARTNER, ABIS_PARTNER];
/// `postpartnersapikeyrequestsearch` and `postpartnersapikeysearch` (#23, #24).
const LEGACY_SEARCH: &[&str] =
    &[P, "PMS_USER", AUTH_PARTNER, ABIS_PARTNER, CREDENTIAL_PARTNER, PARTNER_ADMIN, ONLINE_VERIFICATION_PARTNER];
/// `postpartnersbioextractors`, `postpartnerscredentialtypepolicies` and their reads (#12–#15).
const CREDENTIAL_MAPPERS: &[&str] =
    &[P, CREDENTIAL_PARTNER, PARTNER_ADMIN, CREDENTIAL_ISSUANCE, "CREDENTIAL_SHARE", ONLINE_VERIFICATION_PARTNER];
/// Downstream services that check a key a partner presents.
const KEY_VERIFIERS: &[&str] = &["ID_AUTHENTICATION", CREDENTIAL_ISSUANCE, PARTNER_ADMIN];

pub const USE_CASE_MAX: usize = 4000;
pub const LABEL_MAX: usize = 36;
pub const POLICY_NAME_MAX: usize = 128;
pub const REJECT_REASON_MAX: usize = 1024;
/// Longest text accepted where a key is expected (ours are 61 characters).
const KEY_MAX: usize = 128;

/// A request with the partner, policy and group it names.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestView {
    pub request: PolicyRequest,
    pub partner: Option<Partner>,
    pub policy: Option<Policy>,
    pub group: Option<PolicyGroup>,
}

impl RequestView {
    pub fn status(&self) -> Option<RequestStatus> {
        RequestStatus::parse(&self.request.status_code)
    }

    pub fn partner_status(&self) -> Option<PartnerStatus> {
        self.partner.as_ref().map(|p| PartnerStatus::from_row(&p.approval_status, p.is_active))
    }
}

/// A key with its state at the time of the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyView {
    pub key: ApiKey,
    pub state: KeyState,
    pub partner: Option<Partner>,
    pub policy: Option<Policy>,
    pub group: Option<PolicyGroup>,
}

/// A key just made: the only time its value exists outside the partner's hands.
#[derive(Debug, Clone)]
pub struct IssuedKey {
    pub value: String,
    pub view: KeyView,
}

/// What a downstream service learns about a presented key.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyCheck {
    pub key_id: String,
    pub partner_id: String,
    pub policy_id: String,
    pub state: KeyState,
    pub valid_to: Option<DateTime<Utc>>,
    /// The key is usable and so are its partner and policy.
    pub valid: bool,
}

/// Filters of the request list, as received.
#[derive(Debug, Clone, Default)]
pub struct RequestQuery {
    pub partner_id: Option<String>,
    pub partner_type: Option<String>,
    pub org_name: Option<String>,
    pub policy_id: Option<String>,
    pub policy_name: Option<String>,
    pub policy_group_name: Option<String>,
    pub partner_comment: Option<String>,
    pub status: Option<String>,
}

/// Filters of the key list, as received.
#[derive(Debug, Clone, Default)]
pub struct KeyQuery {
    pub partner_id: Option<String>,
    pub label: Option<String>,
    pub org_name: Option<String>,
    pub policy_name: Option<String>,
    pub policy_group_name: Option<String>,
    /// `activated` or `deactivated`.
    pub status: Option<String>,
}

/// One extractor as a partner sends it.
#[derive(Debug, Clone, Default)]
pub struct ExtractorInput {
    pub attribute_name: Option<String>,
    /// `face`, `iris`, `finger[Left Thumb,Right Thumb]`.
    pub biometric: Option<String>,
    pub provider: Option<String>,
    pub version: Option<String>,
}

/// One extractor as stored, its biometric rebuilt as `modality[subTypes]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Extractor {
    pub attribute_name: String,
    pub biometric: String,
    pub provider: String,
    pub version: Option<String>,
}

/// `finger[Left Thumb,Right Thumb]` → (`finger`, `Left Thumb,Right Thumb`).
fn split_biometric(text: &str) -> (String, Option<String>) {
    match text.split_once('[') {
        Some((modality, rest)) => {
            let sub = rest.trim().trim_end_matches(']').trim();
            (modality.trim().to_string(), (!sub.is_empty()).then(|| sub.to_string()))
        }
        None => (text.trim().to_string(), None),
    }
}

/// Whether the partner may use partner functions (requests, keys, mappings).
fn acts(partner: &partner::Model) -> bool {
    PartnerStatus::from_row(&partner.approval_status, partner.is_active).may_act()
}

/// Hex SHA-256 of a whole key: what the store keeps and what a presented key is looked up by.
pub fn key_hash(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

fn new_key() -> (String, String) {
    let id: [u8; 6] = rand::random();
    let secret: [u8; 32] = rand::random();
    let id = hex::encode(id);
    let value = format!("pms_{id}_{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret));
    (format!("pms_{id}"), value)
}

fn request_view(row: (pms_store::entity::partner_policy_request::Model, Names)) -> RequestView {
    let (request, names) = row;
    RequestView {
        request: request.into(),
        partner: names.partner.map(Into::into),
        policy: names.policy.map(Into::into),
        group: names.group.map(Into::into),
    }
}

impl Services {
    /// A key's state at `at`, with the configured warning period.
    fn key_state(&self, key: &partner_policy::Model, at: DateTime<Utc>) -> KeyState {
        let warning = Duration::days(i64::from(self.config.api_key_expiry_warning_days));
        KeyFacts { is_active: key.is_active, valid_to: key.valid_to_datetime, expired_at: key.expired_at }
            .state(at, warning)
    }

    fn key_view(&self, row: (partner_policy::Model, Names)) -> KeyView {
        let (key, names) = row;
        let state = self.key_state(&key, self.now());
        KeyView {
            key: key.into(),
            state,
            partner: names.partner.map(Into::into),
            policy: names.policy.map(Into::into),
            group: names.group.map(Into::into),
        }
    }

    /// A partner the caller may act for: admins any, partner users their own.
    async fn own_partner(
        &self,
        conn: &impl ConnectionTrait,
        ctx: &Ctx,
        id: &str,
        not_found: PmsError,
    ) -> Result<partner::Model> {
        let actor = ctx.actor()?;
        let found = partners::find(conn, id).await?.ok_or(not_found)?;
        if !actor.has_any(ADMINS) && found.user_id != actor.username {
            return Err(error::USER_NOT_AUTHORIZED.err().into());
        }
        Ok(found)
    }

    /// The partners a non-admin acts for; an admin's scope is everyone (`None`).
    async fn scope(&self, ctx: &Ctx) -> Result<Option<Vec<String>>> {
        let actor = ctx.actor()?;
        if actor.has_any(ADMINS) {
            return Ok(None);
        }
        let mine: Vec<String> = partners::by_user(self.store.db(), &actor.username)
            .await?
            .into_iter()
            .map(|(p, _)| p)
            .filter(|p| !matches!(p.partner_type_code.as_str(), "Device_Provider" | "FTM_Provider"))
            .map(|p| p.id)
            .collect();
        if mine.is_empty() {
            return Err(error::USER_OWNS_NO_PARTNER.err().into());
        }
        Ok(Some(mine))
    }

    // ------------------------------------------------------------------ policy requests

    /// MOSIP `POST /partners/{partnerId}/policy/map`: an approved partner asks for an active
    /// policy of its own group.
    pub async fn request_policy(
        &self,
        ctx: &Ctx,
        partner_id: &str,
        policy_name: Option<&str>,
        use_case: Option<&str>,
    ) -> Result<PolicyRequest> {
        let op = self.op(ctx, Action::PolicyRequestCreate, partner_id);
        op.run(async {
            ctx.require(REQUESTERS)?;
            let mut checks = Checks::default();
            let policy_name = checks.keep(validate::required("policyName", policy_name, 1, POLICY_NAME_MAX));
            let use_case = checks.keep(validate::required("useCaseDescription", use_case, 1, USE_CASE_MAX));
            checks.finish()?;
            let (Some(policy_name), Some(use_case)) = (policy_name, use_case) else {
                return Err(error::INVALID_INPUT.err().into());
            };
            let w = op.begin().await?;
            let partner = self.own_partner(&*w, ctx, partner_id, error::PARTNER_NOT_FOUND.err()).await?;
            if !acts(&partner) {
                return Err(error::REQUEST_PARTNER_DEACTIVATED.err().into());
            }
            let policy = self.group_policy_named(&*w, &partner, &policy_name).await?;
            rules::may_request(repo::request_statuses(&*w, &partner.id, &policy.id).await?)?;
            let row = repo::insert_request(
                &*w,
                repo::NewRequest { partner_id: &partner.id, policy_id: &policy.id, detail: &use_case, by: w.stamp() },
            )
            .await?;
            let change = Change::of(&row.id)
                .status(None, Some(RequestStatus::InProgress.as_str()))
                .details(json!({ "partnerId": partner.id, "policyId": policy.id, "policyName": policy.name }));
            w.commit(change).await?;
            Ok(row.into())
        })
        .await
    }

    /// The usable policy of this name in the partner's group, refused in MOSIP's order: the
    /// partner has no group, no policy has the name, none of the partner's group has it, it is
    /// not usable.
    async fn group_policy_named(
        &self,
        conn: &impl ConnectionTrait,
        partner: &partner::Model,
        name: &str,
    ) -> Result<pms_store::entity::auth_policy::Model> {
        let group_id = partner.policy_group_id.as_deref().ok_or_else(|| error::REQUEST_PARTNER_NO_GROUP.err())?;
        let named = repo::policies_named(conn, name).await?;
        if named.is_empty() {
            return Err(error::REQUEST_POLICY_NOT_FOUND.err().into());
        }
        let policy = named
            .into_iter()
            .find(|p| p.policy_group_id == group_id)
            .ok_or_else(|| error::REQUEST_POLICY_OTHER_GROUP.err())?;
        self.usable_policy(conn, &policy, false).await?;
        Ok(policy)
    }

    /// A policy a request or key may name: published, active, not expired, in an active group.
    async fn usable_policy(
        &self,
        conn: &impl ConnectionTrait,
        policy: &pms_store::entity::auth_policy::Model,
        for_partner: bool,
    ) -> Result<()> {
        let (inactive, expired) = if for_partner {
            (error::REQUEST_PARTNER_POLICY_INACTIVE, error::REQUEST_PARTNER_POLICY_EXPIRED)
        } else {
            (error::REQUEST_POLICY_INACTIVE, error::REQUEST_POLICY_EXPIRED)
        };
        if PolicyState::from_row(policy.policy_schema.is_some(), policy.is_active) != PolicyState::Activated {
            return Err(inactive.err().into());
        }
        if policy.valid_to_date <= self.now() {
            return Err(expired.err().into());
        }
        let group = policy_groups::find(conn, &policy.policy_group_id).await?;
        if !group.is_some_and(|g| g.is_active) {
            return Err(error::GROUP_NOT_ACTIVE.err().into());
        }
        Ok(())
    }

    /// The Partner Admin approves or rejects a request. Unlike MOSIP (MOSIP-38383), a
    /// deactivated partner's request or one for a policy that is no longer usable cannot be
    /// approved; a rejection may carry a reason the partner reads.
    pub async fn decide_policy_request(
        &self,
        ctx: &Ctx,
        id: &str,
        status: Option<&str>,
        reason: Option<&str>,
    ) -> Result<RequestView> {
        let decision = status.map(Decision::parse).transpose();
        let action = match decision {
            Ok(Some(Decision::Reject)) => Action::PolicyRequestReject,
            _ => Action::PolicyRequestApprove,
        };
        let op = self.op(ctx, action, id);
        op.run(async {
            ctx.require(DECIDERS)?;
            validate::required("status", status, 1, 32)?;
            let reason = validate::optional("reason", reason, REJECT_REASON_MAX)?;
            let mut w = op.begin().await?;
            let current = repo::find_request(&*w, id).await?.ok_or_else(|| error::REQUEST_NOT_FOUND.err())?;
            let from = RequestStatus::parse(&current.status_code).ok_or_else(|| error::REQUEST_NOT_FOUND.err())?;
            let decision = decision?.ok_or_else(|| error::REQUEST_STATUS_INVALID.err())?;
            let to = rules::decide(from, decision)?;
            if decision == Decision::Approve {
                let partner =
                    partners::find(&*w, &current.part_id).await?.ok_or_else(|| error::PARTNER_NOT_FOUND.err())?;
                // MOSIP asks for extractors before a rejection too; a rejection needs none here.
                if crate::config::list(&self.config.bio_extractors_required_types)
                    .contains(&partner.partner_type_code.as_str())
                    && repo::extractors(&*w, &current.part_id, &current.policy_id).await?.is_empty()
                {
                    return Err(error::EXTRACTORS_MISSING.err().into());
                }
                if !acts(&partner) {
                    return Err(error::REQUEST_PARTNER_DEACTIVATED.err().into());
                }
                let policy = pms_store::repo::policies::find_plain(&*w, &current.policy_id)
                    .await?
                    .ok_or_else(|| error::POLICY_NOT_FOR_PARTNER.err())?;
                self.usable_policy(&*w, &policy, true).await?;
            }
            let kept = reason.as_deref().filter(|_| decision == Decision::Reject);
            if repo::decide_request(&*w, id, from, to, kept, w.stamp()).await? == 0 {
                let now = repo::find_request(&*w, id).await?.ok_or_else(|| error::REQUEST_NOT_FOUND.err())?;
                let state = RequestStatus::parse(&now.status_code).unwrap_or(to);
                rules::decide(state, decision)?;
            }
            let change = Change::of(id)
                .status(Some(from.as_str()), Some(to.as_str()))
                .details(json!({ "partnerId": current.part_id, "policyId": current.policy_id, "reason": reason }));
            let view =
                repo::request_named(&*w, id).await?.map(request_view).ok_or_else(|| error::REQUEST_NOT_FOUND.err())?;
            let partner = partners::find(&*w, &current.part_id).await?.ok_or_else(|| error::PARTNER_NOT_FOUND.err())?;
            let policy = pms_store::repo::policies::find_plain(&*w, &current.policy_id).await?;
            let policy_name = policy.map(|p| p.name).unwrap_or_else(|| current.policy_id.clone());
            let (key, reason) = match decision {
                Decision::Approve => ("email-request-approved", "-"),
                Decision::Reject => ("email-request-rejected", reason.as_deref().unwrap_or("-")),
            };
            tell_partner(&mut w, &partner.into(), key, &[("policyName", &policy_name), ("reason", reason)]);
            w.commit(change).await?;
            Ok(view)
        })
        .await
    }

    /// Revamp `GET /partner-policy-requests` and the portal's request lists.
    pub async fn policy_requests(
        &self,
        ctx: &Ctx,
        q: &RequestQuery,
        params: &ListParams,
    ) -> Result<ListPage<RequestView>> {
        ctx.require(REQUEST_READERS)?;
        let plan = plan_list(params, repo::REQUEST_SORT, Paging::AllowUnpaged)?;
        let status = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(RequestStatus::parse(s).ok_or_else(|| error::INVALID_INPUT.with("status"))?),
        };
        let filter = RequestFilter {
            partners: self.scope(ctx).await?,
            partner_id: text_filter(q.partner_id.as_deref()),
            partner_type: text_filter(q.partner_type.as_deref()),
            org_name: text_filter(q.org_name.as_deref()),
            policy_id: text_filter(q.policy_id.as_deref()),
            policy_name: text_filter(q.policy_name.as_deref()),
            policy_group_name: text_filter(q.policy_group_name.as_deref()),
            partner_comment: text_filter(q.partner_comment.as_deref()),
            status,
        };
        let page = repo::list_requests(self.store.db(), &filter, &plan).await?;
        Ok(ListPage::new(page, &plan).map(request_view))
    }

    /// One request, for its page.
    pub async fn policy_request(&self, ctx: &Ctx, id: &str) -> Result<RequestView> {
        ctx.require(REQUEST_READERS)?;
        let view = repo::request_named(self.store.db(), id)
            .await?
            .map(request_view)
            .ok_or_else(|| error::REQUEST_NOT_FOUND.err())?;
        if let Some(mine) = self.scope(ctx).await? {
            if !mine.contains(&view.request.part_id) {
                return Err(error::REQUEST_NOT_FOUND.err().into());
            }
        }
        Ok(view)
    }

    /// Requests waiting for a decision (the admin dashboard's count).
    pub async fn pending_policy_requests(&self, ctx: &Ctx) -> Result<u64> {
        ctx.require(DECIDERS)?;
        Ok(repo::pending_requests(self.store.db()).await?)
    }

    /// MOSIP `GET /partners/{partnerId}/apikey/request`: a partner's requests with the key each
    /// led to.
    pub async fn partner_key_requests(
        &self,
        ctx: &Ctx,
        partner_id: &str,
    ) -> Result<Vec<(RequestView, Option<KeyView>)>> {
        ctx.require(PARTNER_REQUEST_READERS)?;
        let conn = self.store.db();
        self.own_partner(conn, ctx, partner_id, error::PARTNER_NOT_FOUND.err()).await?;
        let ids = [partner_id.to_string()];
        let requests = repo::requests_of(conn, Some(&ids)).await?;
        if requests.is_empty() {
            return Err(error::REQUEST_NONE.err().into());
        }
        let keys = repo::keys_of(conn, Some(&ids)).await?;
        Ok(requests
            .into_iter()
            .map(|row| {
                let view = request_view(row);
                let key = keys
                    .iter()
                    .find(|(k, _)| k.policy_id == view.request.policy_id && k.is_active)
                    .cloned()
                    .map(|k| self.key_view(k));
                (view, key)
            })
            .collect())
    }

    /// MOSIP `GET /partners/apikey` (every request; PMS_PMP_015 when there is none) and
    /// `GET /partners/apikey/{id}` (one request by id).
    pub async fn legacy_requests(&self, ctx: &Ctx, id: Option<&str>) -> Result<Vec<RequestView>> {
        ctx.require(DECIDERS)?;
        let conn = self.store.db();
        let rows: Vec<RequestView> = match id {
            Some(id) => repo::request_named(conn, id).await?.into_iter().map(request_view).collect(),
            None => repo::requests_of(conn, None).await?.into_iter().map(request_view).collect(),
        };
        if rows.is_empty() {
            return Err(error::REQUESTS_NONE_FOR_GROUP.err().into());
        }
        Ok(rows)
    }

    /// The partners a legacy search may show: everyone for an admin, else the caller's own
    /// (MOSIP's legacy searches forget to scope; a caller owning none finds nothing).
    async fn search_scope(&self, ctx: &Ctx) -> Result<Option<Vec<String>>> {
        match self.scope(ctx).await {
            Err(crate::ServiceError::Business(e)) if e.code == error::USER_OWNS_NO_PARTNER.code => Ok(Some(Vec::new())),
            other => other,
        }
    }

    /// MOSIP `POST /partners/apikey/request/search`.
    pub async fn search_policy_requests(&self, ctx: &Ctx, dto: &SearchRequest) -> Result<Page<RequestView>> {
        ctx.require(LEGACY_SEARCH)?;
        let plan = plan_search(dto, repo::REQUEST_FIELDS)?;
        let scope = self.search_scope(ctx).await?;
        let page = repo::search_requests(self.store.db(), &plan, scope.as_deref()).await?;
        Ok(Page { total: page.total, items: page.items.into_iter().map(request_view).collect() })
    }

    /// MOSIP `POST /partners/apikey/request/filtervalues`.
    pub async fn policy_request_filter_values(&self, ctx: &Ctx, dto: &FilterValueRequest) -> Result<Vec<FilterValue>> {
        ctx.require(REQUEST_FILTER_VALUES)?;
        let plan = plan_filter_values(dto, repo::REQUEST_FIELDS)?;
        let scope = self.search_scope(ctx).await?;
        Ok(repo::request_filter_values(self.store.db(), &plan, scope.as_deref()).await?)
    }

    /// MOSIP `POST /partners/apikey/search`: keys without their value.
    pub async fn search_api_keys(&self, ctx: &Ctx, dto: &SearchRequest) -> Result<Page<KeyView>> {
        ctx.require(LEGACY_SEARCH)?;
        let plan = plan_search(dto, repo::KEY_FIELDS)?;
        let scope = self.search_scope(ctx).await?;
        let page = repo::search_keys(self.store.db(), &plan, scope.as_deref()).await?;
        Ok(Page { total: page.total, items: page.items.into_iter().map(|row| self.key_view(row)).collect() })
    }

    // ------------------------------------------------------------------ credential partners

    /// MOSIP `POST /partners/{partnerId}/bioextractors/{policyId}`: the extractor of each
    /// biometric attribute, set while the partner's request waits.
    pub async fn set_bio_extractors(
        &self,
        ctx: &Ctx,
        partner_id: &str,
        policy_id: &str,
        extractors: &[ExtractorInput],
    ) -> Result<()> {
        let op = self.op(ctx, Action::BioExtractorsSet, partner_id);
        op.run(async {
            ctx.require(CREDENTIAL_MAPPERS)?;
            let mut checks = Checks::default();
            if extractors.is_empty() {
                checks.fail(PmsError::field_rule("extractors", "must not be empty", pms_domain::FieldRule::Required));
            }
            let mut rows = Vec::with_capacity(extractors.len());
            for (i, e) in extractors.iter().take(64).enumerate() {
                let field = |name: &str| format!("extractors[{i}].{name}");
                let attribute =
                    checks.keep(validate::required(&field("attributeName"), e.attribute_name.as_deref(), 1, 128));
                let biometric = checks.keep(validate::required(&field("biometric"), e.biometric.as_deref(), 1, 130));
                let provider = checks.keep(validate::required(&field("provider"), e.provider.as_deref(), 1, 128));
                let version = checks.keep(validate::optional(&field("version"), e.version.as_deref(), 8));
                if let (Some(a), Some(b), Some(p), Some(v)) = (attribute, biometric, provider, version) {
                    let (modality, sub_types) = split_biometric(&b);
                    if modality.chars().count() > 64 || sub_types.as_ref().is_some_and(|s| s.chars().count() > 64) {
                        checks.fail(PmsError::field_rule(
                            &field("biometric"),
                            "size must be between 1 and 64",
                            pms_domain::FieldRule::TooLong(64),
                        ));
                    }
                    rows.push((a, p, v, modality, sub_types));
                }
            }
            checks.finish()?;
            let w = op.begin().await?;
            self.own_partner(&*w, ctx, partner_id, error::PARTNER_NOT_FOUND.err()).await?;
            let statuses = repo::request_statuses(&*w, partner_id, policy_id).await?;
            if statuses.is_empty() {
                return Err(error::EXTRACTORS_NO_REQUEST.err().into());
            }
            if statuses.contains(&RequestStatus::Approved) {
                return Err(error::EXTRACTORS_REQUEST_APPROVED.err().into());
            }
            let new: Vec<repo::NewExtractor> = rows
                .iter()
                .map(|(a, p, v, m, s)| repo::NewExtractor {
                    attribute_name: a,
                    provider: p,
                    version: v.as_deref(),
                    modality: m,
                    sub_types: s.as_deref(),
                })
                .collect();
            repo::upsert_extractors(&*w, partner_id, policy_id, &new, w.stamp()).await?;
            let attributes: Vec<&str> = rows.iter().map(|(a, ..)| a.as_str()).collect();
            w.commit(Change::of(partner_id).details(json!({ "policyId": policy_id, "attributes": attributes })))
                .await?;
            Ok(())
        })
        .await
    }

    /// MOSIP `GET /partners/{partnerId}/bioextractors/{policyId}`.
    pub async fn bio_extractors(&self, ctx: &Ctx, partner_id: &str, policy_id: &str) -> Result<Vec<Extractor>> {
        ctx.require(CREDENTIAL_MAPPERS)?;
        let conn = self.store.db();
        self.own_partner(conn, ctx, partner_id, error::PARTNER_NOT_FOUND.err()).await?;
        let rows = repo::extractors(conn, partner_id, policy_id).await?;
        if rows.is_empty() {
            return Err(error::NO_DETAILS.err().into());
        }
        Ok(rows
            .into_iter()
            .map(|r| Extractor {
                biometric: match r.biometric_sub_types {
                    Some(sub) => format!("{}[{sub}]", r.biometric_modality),
                    None => r.biometric_modality,
                },
                attribute_name: r.attribute_name,
                provider: r.extractor_provider,
                version: r.extractor_provider_version,
            })
            .collect())
    }

    /// MOSIP `POST /partners/{partnerId}/credentialtype/{credentialType}/policies/{policyName}`:
    /// which policy the credential service applies to a credential type of this partner.
    pub async fn map_credential_type(
        &self,
        ctx: &Ctx,
        partner_id: &str,
        credential_type: &str,
        policy_name: &str,
    ) -> Result<()> {
        let op = self.op(ctx, Action::CredentialTypeMap, partner_id);
        op.run(async {
            ctx.require(CREDENTIAL_MAPPERS)?;
            let allowed = crate::config::list(&self.config.allowed_credential_types);
            let credential_type = credential_type.trim();
            if !allowed.iter().any(|t| t.eq_ignore_ascii_case(credential_type)) {
                return Err(error::CREDENTIAL_TYPE_NOT_ALLOWED.with(allowed.join(",")).into());
            }
            let policy_name = validate::required("policyName", Some(policy_name), 1, POLICY_NAME_MAX)?;
            let w = op.begin().await?;
            let partner = self.own_partner(&*w, ctx, partner_id, error::PARTNER_NOT_FOUND.err()).await?;
            if !acts(&partner) {
                return Err(error::REQUEST_PARTNER_DEACTIVATED.err().into());
            }
            let types = crate::config::list(&self.config.credential_type_partner_types);
            if !types.contains(&partner.partner_type_code.as_str()) {
                return Err(error::CREDENTIAL_PARTNER_TYPE_NOT_ALLOWED.with(types.join(",")).into());
            }
            let policy = self.group_policy_named(&*w, &partner, &policy_name).await?;
            let credential_type = credential_type.to_ascii_lowercase();
            repo::map_credential_type(&*w, partner_id, &credential_type, &policy.id, w.stamp()).await?;
            w.commit(
                Change::of(partner_id).details(json!({ "credentialType": credential_type, "policyId": policy.id })),
            )
            .await?;
            Ok(())
        })
        .await
    }

    /// MOSIP `GET /partners/{partnerId}/credentialtype/{credentialType}/policies`.
    pub async fn credential_type_policy(
        &self,
        ctx: &Ctx,
        partner_id: &str,
        credential_type: &str,
    ) -> Result<(String, Policy)> {
        ctx.require(CREDENTIAL_MAPPERS)?;
        let conn = self.store.db();
        self.own_partner(conn, ctx, partner_id, error::PARTNER_NOT_FOUND.err()).await?;
        let mapping = repo::credential_type_mapping(conn, partner_id, &credential_type.trim().to_ascii_lowercase())
            .await?
            .ok_or_else(|| error::NO_DETAILS.err())?;
        let policy = pms_store::repo::policies::find_plain(conn, &mapping.policy_id)
            .await?
            .ok_or_else(|| error::REQUEST_POLICY_NOT_FOUND.err())?;
        Ok((mapping.credential_type, policy.into()))
    }

    // ------------------------------------------------------------------ API keys

    /// MOSIP `PATCH /partners/{partnerId}/generate/apikey`: only the partner itself, for a policy
    /// of its group with an approved request, under a label new for that policy.
    pub async fn generate_api_key(
        &self,
        ctx: &Ctx,
        partner_id: &str,
        policy_name: Option<&str>,
        label: Option<&str>,
    ) -> Result<IssuedKey> {
        self.issue_key(ctx, partner_id, policy_name, label, None).await
    }

    /// A new key for the same partner and policy as `old_key_id`; the old one stays valid until
    /// `old_valid_until` (not after its own end), then expires.
    pub async fn rotate_api_key(
        &self,
        ctx: &Ctx,
        old_key_id: &str,
        label: Option<&str>,
        old_valid_until: Option<DateTime<Utc>>,
    ) -> Result<IssuedKey> {
        ctx.require(KEY_MAKERS)?;
        let conn = self.store.db();
        let old = repo::find_key(conn, old_key_id).await?.ok_or_else(|| error::KEY_UNKNOWN.err())?;
        let policy = pms_store::repo::policies::find_plain(conn, &old.policy_id)
            .await?
            .ok_or_else(|| error::KEY_POLICY_NOT_FOUND.err())?;
        let until = old_valid_until.unwrap_or_else(|| self.now() + Duration::days(7));
        self.issue_key(ctx, &old.part_id, Some(&policy.name), label, Some((old_key_id, until))).await
    }

    async fn issue_key(
        &self,
        ctx: &Ctx,
        partner_id: &str,
        policy_name: Option<&str>,
        label: Option<&str>,
        rotate: Option<(&str, DateTime<Utc>)>,
    ) -> Result<IssuedKey> {
        let action = if rotate.is_some() { Action::ApiKeyRotate } else { Action::ApiKeyCreate };
        let op = self.op(ctx, action, partner_id);
        op.run(async {
            let actor = ctx.require(KEY_MAKERS)?;
            let mut checks = Checks::default();
            let policy_name = checks.keep(validate::required("policyName", policy_name, 1, POLICY_NAME_MAX));
            let label = checks.keep(validate::required("label", label, 1, LABEL_MAX));
            checks.finish()?;
            let (Some(policy_name), Some(label)) = (policy_name, label) else {
                return Err(error::INVALID_INPUT.err().into());
            };
            let label = rules::normalise_label(&label);
            if actor.username != partner_id {
                return Err(error::USER_NOT_AUTHORIZED.err().into());
            }
            let mut w = op.begin().await?;
            let partner = partners::find(&*w, partner_id).await?.ok_or_else(|| error::PARTNER_ID_NOT_FOUND.err())?;
            if !acts(&partner) {
                return Err(error::REQUEST_PARTNER_DEACTIVATED.err().into());
            }
            let group_id = partner.policy_group_id.as_deref().unwrap_or_default();
            let policy = pms_store::repo::policies::find_in_group_by_name(&*w, group_id, &policy_name)
                .await?
                .ok_or_else(|| error::KEY_POLICY_NOT_FOUND.err())?;
            let request = repo::approved_request(&*w, partner_id, &policy.id)
                .await?
                .ok_or_else(|| error::KEY_NO_APPROVED_REQUEST.err())?;
            if repo::find_key_by_label(&*w, partner_id, &policy.id, &label).await?.is_some() {
                return Err(error::KEY_LABEL_EXISTS.err().into());
            }
            let (key_id, value) = new_key();
            let hash = key_hash(&value);
            let valid_to = w.now() + Duration::days(i64::from(self.config.api_key_validity_days));
            let row = repo::insert_key(
                &*w,
                repo::NewKey {
                    key_id: &key_id,
                    key_hash: &hash,
                    partner_id,
                    policy_id: &policy.id,
                    request_id: Some(&request.id),
                    label: &label,
                    valid_to,
                    by: w.stamp(),
                },
            )
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => error::KEY_LABEL_EXISTS.err().into(),
                other => crate::ServiceError::from(other),
            })?;
            let mut details = json!({ "partnerId": partner_id, "label": label, "policyId": policy.id });
            if let Some((old_id, until)) = rotate {
                let old = repo::find_key(&*w, old_id).await?.ok_or_else(|| error::KEY_UNKNOWN.err())?;
                if old.part_id != partner_id || old.policy_id != policy.id {
                    return Err(error::KEY_UNKNOWN.err().into());
                }
                let state = self.key_state(&old, w.now());
                if !state.is_usable() {
                    return Err(error::KEY_NOT_ACTIVE.err().into());
                }
                let end = rules::rotation_end(w.now(), until, old.valid_to_datetime)?;
                repo::end_key(&*w, old_id, end, &key_id, w.stamp()).await?;
                let old = repo::find_key(&*w, old_id).await?.ok_or_else(|| error::KEY_UNKNOWN.err())?;
                w.publish(events::api_key_updated(&old, w.now()));
                details["replaces"] = json!(old_id);
                details["oldKeyValidUntil"] = json!(events::utc(end));
            }
            let certificate =
                pms_store::repo::certificates::active_partner_cert(&*w, partner_id).await?.map(|c| c.signed_pem);
            let view: Partner = partner.clone().into();
            w.publish(events::api_key_approved(
                &view,
                certificate.as_deref(),
                &policy.clone().into(),
                &row,
                self.config.api_key_in_events.then_some(value.as_str()),
                w.now(),
            ));
            let expires = events::utc(valid_to);
            tell_partner(
                &mut w,
                &view,
                "email-key-created",
                &[("label", &label), ("policyName", &policy.name), ("expires", &expires)],
            );
            w.commit(Change::of(&key_id).status(None, Some(KeyState::Active.as_str())).details(details)).await?;
            let names = Names { partner: Some(partner), policy: Some(policy), group: None };
            Ok(IssuedKey { value, view: self.key_view((row, names)) })
        })
        .await
    }

    /// MOSIP `PATCH /partners/{partnerId}/policy/{policyId}/apiKey/status`. A partner changes
    /// only its own keys (MOSIP checks no ownership); an expired key cannot come back.
    pub async fn set_api_key_status(
        &self,
        ctx: &Ctx,
        partner_id: &str,
        policy_id: &str,
        label: Option<&str>,
        status: Option<&str>,
    ) -> Result<KeyView> {
        let op = self.op(ctx, Action::ApiKeyStatus, partner_id);
        op.run(async {
            let actor = ctx.require(KEY_STATUS)?;
            let mut checks = Checks::default();
            let label = checks.keep(validate::required("label", label, 1, LABEL_MAX));
            let status = checks.keep(validate::required("status", status, 1, 32));
            checks.finish()?;
            let (Some(label), Some(status)) = (label, status) else {
                return Err(error::INVALID_INPUT.err().into());
            };
            let mut w = op.begin().await?;
            let partner = self.own_partner(&*w, ctx, partner_id, error::KEY_NOT_FOUND.err()).await?;
            let key = repo::find_key_by_label(&*w, partner_id, policy_id, &rules::normalise_label(&label))
                .await?
                .ok_or_else(|| error::KEY_NOT_FOUND.err())?;
            if !actor.has_any(ADMINS) && !acts(&partner) {
                return Err(error::PARTNER_NOT_ACTIVE.err().into());
            }
            let change = KeyStatusChange::parse(&status)?;
            let from = self.key_state(&key, w.now());
            let active = rules::change_key(from, change)?;
            let changed = active != key.is_active;
            if changed && repo::set_key_active(&*w, &key.policy_api_key, active, w.stamp()).await? == 0 {
                return Err(error::KEY_NOT_ACTIVE.err().into());
            }
            let updated = repo::find_key(&*w, &key.policy_api_key).await?.ok_or_else(|| error::KEY_NOT_FOUND.err())?;
            if changed {
                w.publish(events::api_key_updated(&updated, w.now()));
            }
            if changed && !active {
                let policy = pms_store::repo::policies::find_plain(&*w, policy_id).await?;
                let policy_name = policy.map(|p| p.name).unwrap_or_else(|| policy_id.to_string());
                let args = [("label", key.label.as_str()), ("policyName", policy_name.as_str())];
                tell_partner(&mut w, &partner.clone().into(), "email-key-deactivated", &args);
            }
            let to = self.key_state(&updated, w.now());
            w.commit(
                Change::of(&key.policy_api_key)
                    .status(Some(from.as_str()), Some(to.as_str()))
                    .details(json!({ "partnerId": partner_id, "label": key.label, "policyId": policy_id })),
            )
            .await?;
            Ok(self.key_view((updated, Names { partner: Some(partner), policy: None, group: None })))
        })
        .await
    }

    /// Revamp `GET /partner-api-keys` and the portal's key lists; the key value is never shown.
    pub async fn api_keys(&self, ctx: &Ctx, q: &KeyQuery, params: &ListParams) -> Result<ListPage<KeyView>> {
        ctx.require(KEY_READERS)?;
        let plan = plan_list(params, repo::KEY_SORT, Paging::AllowUnpaged)?;
        let active = match q.status.as_deref().map(|s| s.trim().to_ascii_lowercase()).as_deref() {
            None | Some("") => None,
            Some("activated" | "active") => Some(true),
            Some("deactivated" | "inactive") => Some(false),
            Some(_) => return Err(error::INVALID_INPUT.with("status").into()),
        };
        let filter = KeyFilter {
            partners: self.scope(ctx).await?,
            partner_type: None,
            partner_id: text_filter(q.partner_id.as_deref()),
            label: text_filter(q.label.as_deref()),
            org_name: text_filter(q.org_name.as_deref()),
            policy_name: text_filter(q.policy_name.as_deref()),
            policy_group_name: text_filter(q.policy_group_name.as_deref()),
            active,
        };
        let page = repo::list_keys(self.store.db(), &filter, &plan).await?;
        Ok(ListPage::new(page, &plan).map(|row| self.key_view(row)))
    }

    /// One key by its public id, for its page and the admin's deactivation.
    pub async fn api_key(&self, ctx: &Ctx, key_id: &str) -> Result<KeyView> {
        ctx.require(KEY_READERS)?;
        let row = repo::key_named(self.store.db(), key_id).await?.ok_or_else(|| error::KEY_UNKNOWN.err())?;
        if let Some(mine) = self.scope(ctx).await? {
            if !mine.contains(&row.0.part_id) {
                return Err(error::KEY_UNKNOWN.err().into());
            }
        }
        Ok(self.key_view(row))
    }

    /// MOSIP `GET /partners/{partnerId}/apikey/{apikey}` (admin): the policy a key binds.
    pub async fn admin_key_binding(&self, ctx: &Ctx, partner_id: &str, value: &str) -> Result<(String, String)> {
        ctx.require(DECIDERS)?;
        let found = self.find_by_value(value).await?.filter(|k| k.part_id == partner_id);
        let key = found.ok_or_else(|| error::KEY_MAPPING_NOT_FOUND.err())?;
        Ok((key.part_id, key.policy_id))
    }

    async fn find_by_value(&self, value: &str) -> Result<Option<partner_policy::Model>> {
        let value = value.trim();
        if value.is_empty() || value.chars().count() > KEY_MAX {
            return Ok(None);
        }
        Ok(repo::find_key_by_hash(self.store.db(), &key_hash(value)).await?)
    }

    /// `POST /v1/pms/api-keys/verify`: what a downstream service needs to accept or refuse a key
    /// a partner presents, without keeping a copy of PMS's keys.
    pub async fn verify_api_key(&self, ctx: &Ctx, value: Option<&str>) -> Result<KeyCheck> {
        ctx.require(KEY_VERIFIERS)?;
        let value = validate::required("apiKey", value, 1, KEY_MAX)?;
        let key = self.find_by_value(&value).await?.ok_or_else(|| error::KEY_UNKNOWN.err())?;
        let conn = self.store.db();
        let state = self.key_state(&key, self.now());
        let partner_ok = partners::find(conn, &key.part_id).await?.is_some_and(|p| acts(&p));
        let policy = pms_store::repo::policies::find_plain(conn, &key.policy_id).await?;
        let policy_ok = match &policy {
            Some(p) => self.usable_policy(conn, p, true).await.is_ok(),
            None => false,
        };
        Ok(KeyCheck {
            key_id: key.policy_api_key,
            partner_id: key.part_id,
            policy_id: key.policy_id,
            state,
            valid_to: key.valid_to_datetime,
            valid: state.is_usable() && partner_ok && policy_ok,
        })
    }

    /// MOSIP `PUT /partners/{partnerId}/apikey/{apikey}/policies`: binds a key to another
    /// policy of the partner's group.
    pub async fn remap_api_key(
        &self,
        ctx: &Ctx,
        partner_id: &str,
        value: &str,
        old_policy_id: Option<&str>,
        new_policy_id: Option<&str>,
    ) -> Result<()> {
        let op = self.op(ctx, Action::ApiKeyRemap, partner_id);
        op.run(async {
            ctx.require(DECIDERS)?;
            let mut checks = Checks::default();
            let old_policy = checks.keep(validate::required("oldPolicyID", old_policy_id, 1, 36));
            let new_policy = checks.keep(validate::required("newPolicyID", new_policy_id, 1, 36));
            checks.finish()?;
            let (Some(old_policy), Some(new_policy)) = (old_policy, new_policy) else {
                return Err(error::INVALID_INPUT.err().into());
            };
            let key = self
                .find_by_value(value)
                .await?
                .filter(|k| k.part_id == partner_id && k.policy_id == old_policy)
                .ok_or_else(|| error::KEY_REMAP_NOT_FOUND.err())?;
            let mut w = op.begin().await?;
            if !self.key_state(&key, w.now()).is_usable() {
                return Err(error::KEY_NOT_ACTIVE.err().into());
            }
            let partner = partners::find(&*w, partner_id).await?.ok_or_else(|| error::KEY_REMAP_NOT_FOUND.err())?;
            let policy = pms_store::repo::policies::find_plain(&*w, &new_policy)
                .await?
                .filter(|p| partner.policy_group_id.as_deref() == Some(p.policy_group_id.as_str()))
                .ok_or_else(|| error::KEY_POLICY_NOT_FOUND.with(format!(" {new_policy}")))?;
            self.usable_policy(&*w, &policy, false).await?;
            repo::remap_key(&*w, &key.policy_api_key, &policy.id, w.stamp()).await?;
            let updated = repo::find_key(&*w, &key.policy_api_key).await?.ok_or_else(|| error::KEY_UNKNOWN.err())?;
            w.publish(events::api_key_updated(&updated, w.now()));
            w.commit(
                Change::of(&key.policy_api_key)
                    .details(json!({ "partnerId": partner_id, "oldPolicyId": old_policy, "newPolicyId": policy.id })),
            )
            .await?;
            Ok(())
        })
        .await
    }

    /// Revokes every active key of a partner being deactivated, in its transaction, each with
    /// `APIKEY_UPDATED` and an audit row.
    pub(crate) async fn revoke_keys(&self, w: &mut Write<'_>, partner_id: &str) -> Result<u64> {
        let keys = repo::active_keys_of(&**w, partner_id).await?;
        for key in &keys {
            repo::set_key_active(&**w, &key.policy_api_key, false, w.stamp()).await?;
            let updated = repo::find_key(&**w, &key.policy_api_key).await?.ok_or_else(|| error::KEY_UNKNOWN.err())?;
            w.publish(events::api_key_updated(&updated, w.now()));
            w.record(
                Action::ApiKeyRevoke,
                Change::of(&key.policy_api_key)
                    .status(Some(KeyState::Active.as_str()), Some(KeyState::Revoked.as_str()))
                    .details(json!({ "partnerId": partner_id, "label": key.label })),
            );
        }
        Ok(keys.len() as u64)
    }

    /// Ends every active key whose date has come, each with `APIKEY_UPDATED`; run by the
    /// housekeeping job. Returns how many keys it ended.
    pub async fn expire_api_keys(&self) -> Result<u64> {
        let ctx = Ctx::system();
        let mut ended = 0;
        loop {
            let due = repo::keys_due(self.store.db(), self.now(), 200).await?;
            if due.is_empty() {
                return Ok(ended);
            }
            for key in due {
                let op = self.op(&ctx, Action::ApiKeyExpire, &key.part_id);
                op.run(async {
                    let mut w = op.begin().await?;
                    if repo::expire_key(&*w, &key.policy_api_key, w.stamp()).await? == 0 {
                        return Ok(());
                    }
                    let updated =
                        repo::find_key(&*w, &key.policy_api_key).await?.ok_or_else(|| error::KEY_UNKNOWN.err())?;
                    w.publish(events::api_key_updated(&updated, w.now()));
                    w.commit(
                        Change::of(&key.policy_api_key)
                            .status(Some(KeyState::Active.as_str()), Some(KeyState::Expired.as_str()))
                            .details(json!({ "partnerId": key.part_id, "label": key.label })),
                    )
                    .await?;
                    ended += 1;
                    Ok(())
                })
                .await?;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_biometric_splits_into_modality_and_sub_types() {
        assert_eq!(split_biometric("face"), ("face".into(), None));
        assert_eq!(
            split_biometric("finger[Left Thumb,Right Thumb]"),
            ("finger".into(), Some("Left Thumb,Right Thumb".into()))
        );
        assert_eq!(split_biometric(" iris[] "), ("iris".into(), None));
    }

    #[test]
    fn keys_carry_an_id_and_256_bits_of_secret() {
        let (id, value) = new_key();
        assert!(value.starts_with(&format!("{id}_")));
        assert_eq!(value.len(), id.len() + 1 + 43);
        assert_ne!(new_key().1, value);
        assert_eq!(key_hash(&value).len(), 64);
    }
}
