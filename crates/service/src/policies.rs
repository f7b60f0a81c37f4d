//! Policy groups and policies (MOSIP policy service, §4.12).

use crate::events;
use crate::view::{all, Policy, PolicyGroup, PolicyRevision};
use crate::write::{Action, Change};
use crate::{Ctx, Result, ServiceError, Services};
use pms_domain::list::{plan_list, text_filter, ListPage, ListParams, Paging};
use pms_domain::policy::{self as rules, GroupAction, GroupState, PolicyAction, PolicyState, PolicyType};
use pms_domain::roles::*;
use pms_domain::search::{plan_filter_values, plan_search, FilterValue, FilterValueRequest, Page, SearchRequest};
use pms_domain::{error, validate, Checks, PmsError};
use pms_store::entity::policy_group;
use pms_store::repo::{partners, policies, policy_groups};
use pms_store::{new_id, StoreError};
use serde_json::{json, Value};

/// Policy Manager or Partner Admin: either one is enough.
const MANAGE: &[&str] = POLICY_ADMINS;
/// `postpoliciesgroupsearch`.
const GROUP_SEARCH: &[&str] = &[PARTNER_ADMIN, AUTH_PARTNER, CREDENTIAL_PARTNER, POLICYMANAGER];
/// `postpoliciesgroupfiltervalues`.
const GROUP_FILTER_VALUES: &[&str] = &[
    PARTNER_ADMIN,
    "PARTNER",
    AUTH_PARTNER,
    CREDENTIAL_PARTNER,
    POLICYMANAGER,
    ABIS_PARTNER,
    FTM_PROVIDER,
    ONLINE_VERIFICATION_PARTNER,
    MANUAL_ADJUDICATION,
];
/// `postpoliciesfiltervalues`.
const POLICY_FILTER_VALUES: &[&str] = &[PARTNER_ADMIN, "PARTNER", AUTH_PARTNER, CREDENTIAL_PARTNER, POLICYMANAGER];
/// `getactivegroupgroupname` and `getpolicygroups`: partners choosing a group or a policy.
const POLICY_READERS: &[&str] = &[
    AUTH_PARTNER,
    CREDENTIAL_PARTNER,
    ONLINE_VERIFICATION_PARTNER,
    ABIS_PARTNER,
    MANUAL_ADJUDICATION,
    PARTNER_ADMIN,
    POLICYMANAGER,
];

/// A policy with its group.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyView {
    pub policy: Policy,
    pub group: PolicyGroup,
}

impl PolicyView {
    pub fn state(&self) -> PolicyState {
        PolicyState::from_row(self.policy.policy_schema.is_some(), self.policy.is_active)
    }

    pub fn policy_type(&self) -> Option<PolicyType> {
        PolicyType::parse(&self.policy.policy_type)
    }

    /// The policy document; stored text that no longer parses is reported as MOSIP does.
    pub fn document(&self) -> Result<Value> {
        serde_json::from_str(&self.policy.policy_file_id).map_err(|_| error::POLICY_JSON_UNPARSABLE.err().into())
    }
}

fn view(row: policies::PolicyRow) -> Result<PolicyView> {
    match row {
        (policy, Some(group)) => Ok(PolicyView { policy: policy.into(), group: group.into() }),
        (policy, None) => Err(ServiceError::Internal(format!("policy {} has no group", policy.id))),
    }
}

/// A unique-constraint race lost to a concurrent writer is the same business error as the check.
fn or_conflict(e: StoreError, err: PmsError) -> ServiceError {
    match e {
        StoreError::Conflict(_) => ServiceError::Business(err),
        other => other.into(),
    }
}

/// The fields of a policy create/update request, as received.
#[derive(Debug, Clone, Default)]
pub struct PolicyInput {
    pub policy_id: Option<String>,
    pub policy_group_name: Option<String>,
    pub policy_type: Option<String>,
    pub name: Option<String>,
    pub desc: Option<String>,
    pub version: Option<String>,
    pub policies: Option<Value>,
}

struct CheckedPolicy {
    group_name: String,
    name: String,
    desc: String,
    version: String,
    document: Value,
    text: String,
}

fn check_fields(input: &PolicyInput) -> Result<CheckedPolicy> {
    let mut checks = Checks::default();
    let group_name =
        checks.keep(validate::required("policyGroupName", input.policy_group_name.as_deref(), 1, rules::NAME_MAX));
    let name = checks.keep(validate::name("name", input.name.as_deref(), 1, rules::NAME_MAX));
    let desc = checks.keep(validate::required("desc", input.desc.as_deref(), 1, rules::DESC_MAX));
    let version = checks.keep(validate::required("version", input.version.as_deref(), 1, rules::VERSION_MAX));
    let document = match &input.policies {
        None | Some(Value::Null) => checks.keep(Err(PmsError::invalid_field("policies", "must not be null"))),
        Some(v) if v.to_string().len() > rules::POLICY_JSON_MAX => checks.keep(Err(PmsError::invalid_field(
            "policies",
            &format!("must not be larger than {} bytes", rules::POLICY_JSON_MAX),
        ))),
        Some(v) => Some(v.clone()),
    };
    checks.finish()?;
    let (Some(group_name), Some(name), Some(desc), Some(version), Some(document)) =
        (group_name, name, desc, version, document)
    else {
        return Err(ServiceError::Internal("policy checks passed without values".into()));
    };
    let text = document.to_string();
    Ok(CheckedPolicy { group_name, name, desc, version, document, text })
}

fn check_document(policy_type: PolicyType, document: &Value) -> Result<()> {
    pms_policy::validate(policy_type, document).map_err(ServiceError::PolicyDocument)
}

/// Values `GET /policies/config/{key}` may reveal. MOSIP returns any configuration property,
/// secrets included; PMS answers only for these and `null` otherwise.
pub fn config_value(key: &str) -> Option<Value> {
    let types = || PolicyType::ALL.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",");
    match key {
        "pmp.allowed.policy.types" => Some(Value::String(types())),
        "policy.auth.allowed.token.types" | "pmp.allowed.auth.token.types" => {
            Some(Value::String("random,partner,policy".into()))
        }
        "pmp.policy.schema.url" => Some(Value::String(PolicyType::Auth.schema_url().into())),
        "pmp.auth.policy.schema" => Some(pms_policy::schema(PolicyType::Auth).clone()),
        "pmp.datashare.policy.schema" | "pmp.credentialissuance.policy.schema" => {
            Some(pms_policy::schema(PolicyType::DataShare).clone())
        }
        "pmp.misp.policy.schema" => Some(pms_policy::schema(PolicyType::Misp).clone()),
        _ => None,
    }
}

/// Filters of the revamp policy-group list.
#[derive(Debug, Clone, Default)]
pub struct GroupListQuery {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub status: Option<String>,
}

/// Filters of the revamp policy list (`GET /policies/v2`).
#[derive(Debug, Clone, Default)]
pub struct PolicyListQuery {
    pub policy_type: Option<String>,
    pub policy_id: Option<String>,
    pub policy_name: Option<String>,
    pub policy_description: Option<String>,
    pub policy_group_id: Option<String>,
    pub policy_group_name: Option<String>,
    pub status: Option<String>,
}

/// A policy group's name and description, both checked before either is reported.
fn group_fields(name: Option<&str>, desc: Option<&str>) -> Result<(String, String)> {
    let mut checks = Checks::default();
    let name = checks.keep(validate::name("name", name, 1, rules::NAME_MAX));
    let desc = checks.keep(validate::required("desc", desc, 1, rules::DESC_MAX));
    checks.finish()?;
    name.zip(desc).ok_or_else(|| ServiceError::Internal("group checks passed without values".into()))
}

impl Services {
    // ---------------------------------------------------------------- policy groups

    pub async fn create_policy_group(&self, ctx: &Ctx, name: Option<&str>, desc: Option<&str>) -> Result<PolicyGroup> {
        let op = self.op(ctx, Action::PolicyGroupCreate, name.unwrap_or_default());
        op.run(async {
            ctx.require(MANAGE)?;
            let (name, desc) = group_fields(name, desc)?;
            let w = op.begin().await?;
            if policy_groups::find_by_name(&*w, &name).await?.is_some() {
                return Err(error::POLICY_GROUP_NAME_EXISTS.with(&name).into());
            }
            let group = policy_groups::insert(&*w, &new_id(), &name, &desc, w.stamp())
                .await
                .map_err(|e| or_conflict(e, error::POLICY_GROUP_NAME_EXISTS.with(&name)))?;
            let change = Change::of(&group.id)
                .status(None, Some(GroupState::Activated.as_str()))
                .details(json!({ "name": group.name }));
            w.commit(change).await?;
            Ok(group.into())
        })
        .await
    }

    /// `PUT /policies/group/{id}`: name, description and (optionally) the active flag. A change
    /// of the flag follows the groups' one status rule; sending the current value changes nothing.
    pub async fn update_policy_group(
        &self,
        ctx: &Ctx,
        id: &str,
        name: Option<&str>,
        desc: Option<&str>,
        is_active: Option<bool>,
    ) -> Result<PolicyGroup> {
        let op = self.op(ctx, Action::PolicyGroupUpdate, id);
        op.run(async {
            ctx.require(MANAGE)?;
            let (name, desc) = group_fields(name, desc)?;
            let w = op.begin().await?;
            // MOSIP answers an unknown group id here with the policy-id code; clients rely on it.
            let group = policy_groups::find(&*w, id).await?.ok_or_else(|| error::POLICY_ID_NOT_FOUND.err())?;
            if let Some(other) = policy_groups::find_by_name(&*w, &name).await? {
                if other.id != group.id {
                    return Err(error::POLICY_GROUP_NAME_EXISTS.with(&name).into());
                }
            }
            let from = GroupState::from_active(group.is_active);
            let to = match is_active {
                Some(wanted) if wanted != from.is_active() => {
                    let action = if wanted { GroupAction::Activate } else { GroupAction::Deactivate };
                    rules::group_transition(from, action, policy_groups::policy_counts(&*w, id).await?)?
                }
                _ => from,
            };
            policy_groups::update(&*w, id, &name, &desc, to.is_active(), w.stamp())
                .await
                .map_err(|e| or_conflict(e, error::POLICY_GROUP_NAME_EXISTS.with(&name)))?;
            let updated = policy_groups::find(&*w, id).await?.ok_or_else(|| error::POLICY_ID_NOT_FOUND.err())?;
            let change = Change::of(id)
                .status(Some(from.as_str()), Some(to.as_str()))
                .details(json!({ "name": updated.name, "previousName": group.name }));
            w.commit(change).await?;
            Ok(updated.into())
        })
        .await
    }

    /// Activates or deactivates a group (the portal and the revamp PATCH).
    pub async fn set_policy_group_active(&self, ctx: &Ctx, id: &str, active: bool) -> Result<PolicyGroup> {
        let (action, audited) = if active {
            (GroupAction::Activate, Action::PolicyGroupActivate)
        } else {
            (GroupAction::Deactivate, Action::PolicyGroupDeactivate)
        };
        let op = self.op(ctx, audited, id);
        op.run(async {
            ctx.require(MANAGE)?;
            let w = op.begin().await?;
            let group = policy_groups::find(&*w, id).await?.ok_or_else(|| error::GROUP_NOT_FOUND.err())?;
            let from = GroupState::from_active(group.is_active);
            let to = rules::group_transition(from, action, policy_groups::policy_counts(&*w, id).await?)?;
            if to == from {
                return Ok(group.into());
            }
            if policy_groups::set_active(&*w, id, to.is_active(), w.stamp()).await? == 0 {
                return Err(error::GROUP_ALREADY_DEACTIVATED.err().into());
            }
            let updated = policy_groups::find(&*w, id).await?.ok_or_else(|| error::GROUP_NOT_FOUND.err())?;
            w.commit(Change::of(id).status(Some(from.as_str()), Some(to.as_str()))).await?;
            Ok(updated.into())
        })
        .await
    }

    /// `PATCH /policies/group/{id}` (revamp): the only accepted status is `De-Activate`.
    pub async fn deactivate_policy_group(&self, ctx: &Ctx, id: &str, status: Option<&str>) -> Result<PolicyGroup> {
        self.op(ctx, Action::PolicyGroupDeactivate, id)
            .run(async {
                ctx.require(MANAGE)?;
                deactivation_request("policyGroupId", id, status)
            })
            .await?;
        self.set_policy_group_active(ctx, id, false).await
    }

    pub async fn policy_group(&self, ctx: &Ctx, id: &str) -> Result<PolicyGroup> {
        ctx.require(MANAGE)?;
        let group = policy_groups::find(self.store.db(), id).await?;
        Ok(group.ok_or_else(|| error::POLICY_GROUP_ID_NOT_FOUND.err())?.into())
    }

    /// `GET /policies/group/{id}`: the group and all its policies.
    pub async fn policy_group_with_policies(&self, ctx: &Ctx, id: &str) -> Result<(PolicyGroup, Vec<Policy>)> {
        let group = self.policy_group(ctx, id).await?;
        let list = policies::by_group(self.store.db(), id).await?;
        Ok((group, all(list)))
    }

    /// `GET /policies/group/all`: every group with its policies, in two queries.
    pub async fn all_policy_groups_with_policies(&self, ctx: &Ctx) -> Result<Vec<(PolicyGroup, Vec<Policy>)>> {
        ctx.require(MANAGE)?;
        let conn = self.store.db();
        let mut by_group: std::collections::HashMap<String, Vec<Policy>> = std::collections::HashMap::new();
        for (policy, _) in policies::all(conn).await? {
            by_group.entry(policy.policy_group_id.clone()).or_default().push(policy.into());
        }
        Ok(policy_groups::all(conn)
            .await?
            .into_iter()
            .map(|g| {
                let list = by_group.remove(&g.id).unwrap_or_default();
                (g.into(), list)
            })
            .collect())
    }

    pub async fn all_policy_groups(&self, ctx: &Ctx) -> Result<Vec<PolicyGroup>> {
        ctx.require(MANAGE)?;
        Ok(all(policy_groups::all(self.store.db()).await?))
    }

    /// `GET /policies/policy-groups`: active groups, for partners choosing one.
    pub async fn active_policy_groups(&self, ctx: &Ctx) -> Result<Vec<PolicyGroup>> {
        ctx.require(POLICY_READERS)?;
        self.active_policy_groups_public().await
    }

    /// Active groups for the public sign-up page.
    pub async fn active_policy_groups_public(&self) -> Result<Vec<PolicyGroup>> {
        let groups = policy_groups::active(self.store.db()).await?;
        if groups.is_empty() {
            return Err(error::NO_ACTIVE_POLICY_GROUPS.err().into());
        }
        Ok(all(groups))
    }

    pub async fn search_policy_groups(&self, ctx: &Ctx, dto: &SearchRequest) -> Result<Page<PolicyGroup>> {
        ctx.require(GROUP_SEARCH)?;
        let plan = plan_search(dto, policy_groups::FIELDS)?;
        Ok(policy_groups::search(self.store.db(), &plan).await?.map(Into::into))
    }

    pub async fn policy_group_filter_values(&self, ctx: &Ctx, dto: &FilterValueRequest) -> Result<Vec<FilterValue>> {
        ctx.require(GROUP_FILTER_VALUES)?;
        let plan = plan_filter_values(dto, policy_groups::FIELDS)?;
        Ok(policy_groups::filter_values(self.store.db(), &plan).await?)
    }

    /// Revamp `GET /policy-groups` and the portal list.
    pub async fn list_policy_groups(
        &self,
        ctx: &Ctx,
        q: &GroupListQuery,
        params: &ListParams,
    ) -> Result<ListPage<PolicyGroup>> {
        ctx.require(MANAGE)?;
        let plan = plan_list(params, policy_groups::LIST_SORT, Paging::DefaultPage)?;
        let active = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => match PolicyState::parse(s) {
                Some(PolicyState::Activated) => Some(true),
                Some(PolicyState::Deactivated) => Some(false),
                _ => return Err(error::INVALID_INPUT.with("status").into()),
            },
        };
        let filter = policy_groups::ListFilter {
            id: text_filter(q.id.as_deref()),
            name: text_filter(q.name.as_deref()),
            description: text_filter(q.description.as_deref()),
            active,
        };
        Ok(ListPage::new(policy_groups::list(self.store.db(), &filter, &plan).await?.map(Into::into), &plan))
    }

    /// Numbers of (active, draft) policies of a group, as the portal shows before deactivation.
    pub async fn policy_group_counts(&self, ctx: &Ctx, id: &str) -> Result<(u64, u64)> {
        ctx.require(MANAGE)?;
        Ok(policy_groups::policy_counts(self.store.db(), id).await?)
    }

    // ---------------------------------------------------------------- policies

    pub async fn create_policy(&self, ctx: &Ctx, input: PolicyInput) -> Result<PolicyView> {
        self.insert_policy(ctx, input, None).await
    }

    /// Creates a draft; a clone names the policy it was copied from.
    async fn insert_policy(&self, ctx: &Ctx, input: PolicyInput, cloned_from: Option<&str>) -> Result<PolicyView> {
        let label = input.name.clone().unwrap_or_default();
        let op = self.op(ctx, Action::PolicyCreate, &label);
        op.run(async {
            ctx.require(MANAGE)?;
            let checked = check_fields(&input)?;
            let type_text = validate::required("policyType", input.policy_type.as_deref(), 1, rules::NAME_MAX)?;
            let policy_type = PolicyType::parse(&type_text).ok_or_else(|| error::POLICY_TYPE_NOT_ALLOWED.err())?;
            let id = match input.policy_id.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                Some(id) => validate::partner_id(id)
                    .map_err(|_| PmsError::invalid_field("policyId", "must be 1 to 36 letters, digits or . _ - @"))?,
                None => new_id(),
            };
            let w = op.begin().await?;
            let group = policy_groups::find_by_name(&*w, &checked.group_name)
                .await?
                .ok_or_else(|| error::POLICY_GROUP_NAME_NOT_FOUND.err())?;
            if !group.is_active {
                return Err(error::POLICY_GROUP_INACTIVE.err().into());
            }
            if policies::find_in_group_by_name(&*w, &group.id, &checked.name).await?.is_some() {
                return Err(error::POLICY_NAME_EXISTS.with(&checked.name).into());
            }
            if policies::find_plain(&*w, &id).await?.is_some() {
                return Err(error::INVALID_INPUT.with("policyId already exists").into());
            }
            check_document(policy_type, &checked.document)?;
            let valid_to = w.now() + chrono::Duration::days(365 * i64::from(rules::VALIDITY_YEARS));
            let created = policies::insert(
                &*w,
                policies::NewPolicy {
                    id: &id,
                    group_id: &group.id,
                    name: &checked.name,
                    desc: &checked.desc,
                    policy_json: &checked.text,
                    policy_type,
                    version: &checked.version,
                    valid_to,
                    cloned_from,
                    by: w.stamp(),
                },
            )
            .await
            .map_err(|e| or_conflict(e, error::POLICY_NAME_EXISTS.with(&checked.name)))?;
            w.commit(Change::of(&created.id).status(None, Some(PolicyState::Draft.as_str())).details(json!({
                "name": created.name,
                "policyGroupId": group.id,
                "policyType": created.policy_type,
                "clonedFrom": cloned_from,
            })))
            .await?;
            Ok(PolicyView { policy: created.into(), group: group.into() })
        })
        .await
    }

    /// `PUT /policies/{id}`: rewrites a draft (published policies are frozen).
    pub async fn update_policy(&self, ctx: &Ctx, id: &str, input: PolicyInput) -> Result<PolicyView> {
        let op = self.op(ctx, Action::PolicyUpdate, id);
        op.run(async {
            ctx.require(MANAGE)?;
            let checked = check_fields(&input)?;
            let mut w = op.begin().await?;
            let group = policy_groups::find_by_name(&*w, &checked.group_name)
                .await?
                .ok_or_else(|| error::POLICY_GROUP_NAME_NOT_FOUND.err())?;
            let current = self.policy_in_group(&*w, id, &group).await?;
            rules::transition(current.state(), PolicyAction::Update)?;
            if let Some(other) = policies::find_in_group_by_name(&*w, &group.id, &checked.name).await? {
                if other.id != id {
                    return Err(error::POLICY_NAME_EXISTS.with(&checked.name).into());
                }
            }
            let policy_type = current.policy_type().ok_or_else(|| {
                ServiceError::Internal(format!("policy {id} has unknown type {}", current.policy.policy_type))
            })?;
            check_document(policy_type, &checked.document)?;
            let changed = policies::update_draft(
                &*w,
                id,
                policies::DraftUpdate {
                    name: &checked.name,
                    desc: &checked.desc,
                    version: &checked.version,
                    policy_json: &checked.text,
                },
                w.stamp(),
            )
            .await
            .map_err(|e| or_conflict(e, error::POLICY_NAME_EXISTS.with(&checked.name)))?;
            if changed == 0 {
                return Err(error::POLICY_PUBLISHED_NO_UPDATE.err().into());
            }
            let row = policies::find(&*w, id).await?.ok_or_else(|| error::POLICY_ID_NOT_FOUND.err())?;
            policies::record_history(&*w, &row.0, "updated", w.stamp()).await?;
            let updated = view(row)?;
            // MOSIP announces draft updates too; consumers that cache policies rely on it.
            w.publish(events::policy_updated(&updated.policy, w.now()));
            w.commit(
                Change::of(id)
                    .status(Some(PolicyState::Draft.as_str()), Some(PolicyState::Draft.as_str()))
                    .details(json!({ "name": updated.policy.name, "version": updated.policy.version })),
            )
            .await?;
            Ok(updated)
        })
        .await
    }

    /// Loads a policy and checks it belongs to an active `group` (MOSIP's mapping check).
    async fn policy_in_group(
        &self,
        conn: &impl pms_store::sea_orm::ConnectionTrait,
        id: &str,
        group: &policy_group::Model,
    ) -> Result<PolicyView> {
        if !group.is_active {
            return Err(error::POLICY_GROUP_INACTIVE.err().into());
        }
        let current = view(policies::find(conn, id).await?.ok_or_else(|| error::POLICY_ID_NOT_FOUND.err())?)?;
        if current.policy.policy_group_id != group.id {
            return Err(error::POLICY_NOT_IN_GROUP.err().into());
        }
        Ok(current)
    }

    /// `POST /policies/{id}/group/{groupId}/publish`: draft → activated.
    pub async fn publish_policy(&self, ctx: &Ctx, id: &str, group_id: &str) -> Result<PolicyView> {
        let op = self.op(ctx, Action::PolicyPublish, id);
        op.run(async {
            ctx.require(MANAGE)?;
            let mut w = op.begin().await?;
            let group =
                policy_groups::find(&*w, group_id).await?.ok_or_else(|| error::POLICY_GROUP_ID_NOT_FOUND.err())?;
            let current = self.policy_in_group(&*w, id, &group).await?;
            rules::transition(current.state(), PolicyAction::Publish)?;
            let policy_type = current.policy_type().unwrap_or(PolicyType::Auth);
            if policies::publish(&*w, id, policy_type.schema_url(), w.stamp()).await? == 0 {
                return Err(error::POLICY_ALREADY_PUBLISHED.err().into());
            }
            let row = policies::find(&*w, id).await?.ok_or_else(|| error::POLICY_ID_NOT_FOUND.err())?;
            policies::record_history(&*w, &row.0, "published", w.stamp()).await?;
            let published = view(row)?;
            w.publish(events::policy_updated(&published.policy, w.now()));
            w.commit(Change::of(id).status(Some(PolicyState::Draft.as_str()), Some(PolicyState::Activated.as_str())))
                .await?;
            Ok(published)
        })
        .await
    }

    /// Legacy `PATCH /policies/{id}/group/{groupId}` with `Active` / `De-Active`. In MOSIP 1.2.2
    /// it changes nothing; its checks are kept so that clients see the same answers.
    pub async fn legacy_policy_status(&self, ctx: &Ctx, id: &str, group_id: &str, status: Option<&str>) -> Result<()> {
        let op = self.op(ctx, Action::PolicyStatus, id);
        op.run(async {
            ctx.require(MANAGE)?;
            let activate = match status.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
                Some("active") => true,
                Some("de-active") => false,
                _ => return Err(error::POLICY_STATUS_INVALID.err().into()),
            };
            let w = op.begin().await?;
            let group =
                policy_groups::find(&*w, group_id).await?.ok_or_else(|| error::POLICY_GROUP_ID_NOT_FOUND.err())?;
            let current = self.policy_in_group(&*w, id, &group).await?;
            if current.state() != PolicyState::Draft {
                return Err(error::POLICY_PUBLISHED_NO_STATUS_CHANGE.err().into());
            }
            if activate {
                return Err(error::POLICY_ACTIVATE_UNPUBLISHED.err().into());
            }
            if policies::active_key_count(&*w, id).await? > 0 {
                return Err(error::POLICY_HAS_ACTIVE_KEYS.err().into());
            }
            w.commit(
                Change::of(id)
                    .status(Some(PolicyState::Draft.as_str()), Some(PolicyState::Draft.as_str()))
                    .details(json!({ "status": status, "changed": false })),
            )
            .await?;
            Ok(())
        })
        .await
    }

    /// `PATCH /policies/{id}` (revamp): activated → deactivated. Unlike MOSIP, consumers are told
    /// (`POLICY_UPDATED` with status `DEACTIVE`), so IDA stops honouring the policy.
    pub async fn deactivate_policy(&self, ctx: &Ctx, id: &str, status: Option<&str>) -> Result<PolicyView> {
        let op = self.op(ctx, Action::PolicyDeactivate, id);
        op.run(async {
            ctx.require(MANAGE)?;
            deactivation_request("policyId", id, status)?;
            let mut w = op.begin().await?;
            let current = view(policies::find(&*w, id).await?.ok_or_else(|| error::POLICY_NOT_FOUND.err())?)?;
            rules::transition(current.state(), PolicyAction::Deactivate)?;
            let (approved, pending) = policies::request_counts(&*w, id).await?;
            rules::policy_deactivation_guard(approved, pending)?;
            if policies::deactivate(&*w, id, w.stamp()).await? == 0 {
                return Err(error::POLICY_ALREADY_DEACTIVATED.err().into());
            }
            let row = policies::find(&*w, id).await?.ok_or_else(|| error::POLICY_NOT_FOUND.err())?;
            policies::record_history(&*w, &row.0, "deactivated", w.stamp()).await?;
            let done = view(row)?;
            w.publish(events::policy_updated(&done.policy, w.now()));
            w.commit(
                Change::of(id).status(Some(PolicyState::Activated.as_str()), Some(PolicyState::Deactivated.as_str())),
            )
            .await?;
            Ok(done)
        })
        .await
    }

    /// Copies a policy into a group (the same or another) as a new draft that records its source.
    /// Without a name the copy is called "Copy of <name>", cut to the name limit.
    pub async fn clone_policy(
        &self,
        ctx: &Ctx,
        id: &str,
        group_name: Option<&str>,
        new_name: Option<&str>,
    ) -> Result<PolicyView> {
        let op = self.op(ctx, Action::PolicyClone, id);
        op.run(async {
            ctx.require(MANAGE)?;
            let group_name = validate::required("policyGroupName", group_name, 1, rules::NAME_MAX)?;
            let new_name = validate::optional("name", new_name, rules::NAME_MAX)?;
            let source = self.policy(ctx, id).await?;
            let input = PolicyInput {
                policy_id: None,
                policy_group_name: Some(group_name),
                policy_type: Some(source.policy.policy_type.clone()),
                name: Some(new_name.unwrap_or_else(|| rules::copy_name(&source.policy.name))),
                desc: Some(source.policy.descr.clone()),
                version: Some(source.policy.version.clone()),
                policies: Some(source.document()?),
            };
            self.insert_policy(ctx, input, Some(&source.policy.id)).await
        })
        .await
    }

    /// Version `rev` of a policy and the version before it (`None` for the first version).
    pub async fn policy_version_pair(
        &self,
        ctx: &Ctx,
        id: &str,
        rev: i32,
    ) -> Result<(Option<PolicyRevision>, PolicyRevision)> {
        ctx.require(MANAGE)?;
        let mut pair = policies::revision_pair(self.store.db(), id, rev).await?.into_iter().map(PolicyRevision::from);
        let (first, second) = (pair.next(), pair.next());
        match (first, second) {
            (Some(before), Some(after)) => Ok((Some(before), after)),
            (Some(only), None) if only.rev == rev => Ok((None, only)),
            _ => Err(error::POLICY_ID_NOT_FOUND.err().into()),
        }
    }

    pub async fn policy(&self, ctx: &Ctx, id: &str) -> Result<PolicyView> {
        ctx.require(MANAGE)?;
        view(policies::find(self.store.db(), id).await?.ok_or_else(|| error::POLICY_ID_NOT_FOUND.err())?)
    }

    pub async fn all_policies(&self, ctx: &Ctx) -> Result<Vec<PolicyView>> {
        ctx.require(MANAGE)?;
        policies::all(self.store.db()).await?.into_iter().map(view).collect()
    }

    /// Every version of a policy, newest first.
    pub async fn policy_history(&self, ctx: &Ctx, id: &str) -> Result<Vec<PolicyRevision>> {
        ctx.require(MANAGE)?;
        Ok(all(policies::history(self.store.db(), id).await?))
    }

    /// `GET /policies/{policyId}/partner/{partnerId}`: the policy, if the partner holds an active
    /// API key for it (how MOSIP binds data-share policies to credential partners).
    pub async fn policy_for_partner(&self, ctx: &Ctx, policy_id: &str, partner_id: &str) -> Result<PolicyView> {
        ctx.require(MANAGE)?;
        let conn = self.store.db();
        let found = view(policies::find(conn, policy_id).await?.ok_or_else(|| error::POLICY_ID_NOT_FOUND.err())?)?;
        if partners::find(conn, partner_id).await?.is_none()
            || !policies::partner_has_active_key(conn, partner_id, policy_id, self.now()).await?
        {
            return Err(error::POLICY_NOT_FOR_PARTNER.err().into());
        }
        Ok(found)
    }

    pub async fn search_policies(
        &self,
        ctx: &Ctx,
        dto: &SearchRequest,
        policy_type: Option<&str>,
    ) -> Result<Page<PolicyView>> {
        ctx.require(MANAGE)?;
        let policy_type = parse_type_filter(Some(&validate::required("policyType", policy_type, 1, 36)?))?;
        let plan = plan_search(dto, policies::FIELDS)?;
        let page = policies::search(self.store.db(), &plan, policy_type).await?;
        Ok(Page { total: page.total, items: page.items.into_iter().map(view).collect::<Result<_>>()? })
    }

    pub async fn policy_filter_values(
        &self,
        ctx: &Ctx,
        dto: &FilterValueRequest,
        policy_type: Option<&str>,
    ) -> Result<Vec<FilterValue>> {
        ctx.require(POLICY_FILTER_VALUES)?;
        let policy_type = parse_type_filter(Some(&validate::required("policyType", policy_type, 1, 36)?))?;
        let plan = plan_filter_values(dto, policies::FIELDS)?;
        Ok(policies::filter_values(self.store.db(), &plan, policy_type).await?)
    }

    /// `GET /policies/active/group/{groupName}`.
    pub async fn active_policies_of_group(&self, ctx: &Ctx, group_name: &str) -> Result<(PolicyGroup, Vec<Policy>)> {
        ctx.require(POLICY_READERS)?;
        let conn = self.store.db();
        let group = policy_groups::find_by_name(conn, group_name)
            .await?
            .ok_or_else(|| error::POLICY_GROUP_NAME_NOT_FOUND.err())?;
        if !group.is_active {
            return Err(error::POLICY_GROUP_INACTIVE.err().into());
        }
        let list = policies::active_in_group(conn, &group.id).await?;
        Ok((group.into(), all(list)))
    }

    /// Revamp `GET /policies/v2` and the portal lists.
    pub async fn list_policies(
        &self,
        ctx: &Ctx,
        q: &PolicyListQuery,
        params: &ListParams,
    ) -> Result<ListPage<PolicyView>> {
        ctx.require(MANAGE)?;
        let plan = plan_list(params, policies::LIST_SORT, Paging::DefaultPage)?;
        let status = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(PolicyState::parse(s).ok_or_else(|| error::INVALID_INPUT.with("status"))?),
        };
        let filter = policies::ListFilter {
            policy_type: parse_type_filter(q.policy_type.as_deref())?,
            id: text_filter(q.policy_id.as_deref()),
            name: text_filter(q.policy_name.as_deref()),
            description: text_filter(q.policy_description.as_deref()),
            group_id: q.policy_group_id.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string),
            group_name: text_filter(q.policy_group_name.as_deref()),
            status,
        };
        let page = policies::list(self.store.db(), &filter, &plan).await?;
        let items = page.items.into_iter().map(view).collect::<Result<_>>()?;
        Ok(ListPage::new(Page { items, total: page.total }, &plan))
    }
}

/// The revamp deactivation endpoints take an id and the single status `De-Activate`.
fn deactivation_request(id_field: &str, id: &str, status: Option<&str>) -> Result<()> {
    if id.trim().is_empty() {
        return Err(error::INVALID_INPUT.with(id_field).into());
    }
    if !status.is_some_and(|s| s.trim().eq_ignore_ascii_case("De-Activate")) {
        return Err(error::STATUS_MUST_BE_DEACTIVATE.err().into());
    }
    Ok(())
}

/// `all` (or nothing) means every type; anything else must be a known policy type.
fn parse_type_filter(t: Option<&str>) -> Result<Option<PolicyType>> {
    match t.map(str::trim).filter(|t| !t.is_empty() && !t.eq_ignore_ascii_case("all")) {
        None => Ok(None),
        Some(t) => Ok(Some(PolicyType::parse(t).ok_or_else(|| error::POLICY_TYPE_NOT_ALLOWED.err())?)),
    }
}
