//! Policy requests (`partner_policy_request`) and API keys (`partner_policy`). Lists filter, sort
//! and page in SQL over the joins their filters need, then fetch the partners, policies and
//! groups of the page in one query each.

use crate::entity::{
    auth_policy, partner, partner_policy, partner_policy_bioextract, partner_policy_credential_type,
    partner_policy_request, policy_group,
};
use crate::query::{self, col, ColumnMap, Dialect};
use crate::{Result, Stamp, StoreError};
use chrono::{DateTime, Utc};
use pms_domain::access::RequestStatus;
use pms_domain::list::ListPlan;
use pms_domain::search::{FieldKind, FieldSpec, FilterValuesPlan, Page, SearchPlan, SortDir};
use query::FilterValue;
use sea_orm::sea_query::{Alias, Expr, Func, Query, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationDef, Select, Set,
};
use std::collections::HashMap;

const R: &str = "partner_policy_request";
const K: &str = "partner_policy";
const P: &str = "partner";
const POL: &str = "auth_policy";
const G: &str = "policy_group";

/// Sort aliases of `GET /partner-policy-requests`.
pub const REQUEST_SORT: &[&str] = &[
    "partnerId",
    "partnerType",
    "orgName",
    "policyId",
    "policyGroupName",
    "policyName",
    "status",
    "requestDetail",
    "createdDateTime",
];

/// Sort aliases of `GET /partner-api-keys`.
pub const KEY_SORT: &[&str] =
    &["partnerId", "apiKeyLabel", "orgName", "policyName", "policyGroupName", "status", "createdDateTime"];

fn request_column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    let (table, c, kind) = match name {
        "id" => (R, "id", FieldKind::Text),
        "partnerId" => (R, "part_id", FieldKind::Text),
        "partnerType" => (P, "partner_type_code", FieldKind::Text),
        "orgName" => (P, "name", FieldKind::Text),
        "policyId" => (R, "policy_id", FieldKind::Text),
        "policyName" => (POL, "name", FieldKind::Text),
        "policyGroupName" => (G, "name", FieldKind::Text),
        "status" => (R, "status_code", FieldKind::Text),
        "requestDetail" | "partnerComment" => (R, "request_detail", FieldKind::Text),
        "createdDateTime" => (R, "cr_dtimes", FieldKind::Time),
        _ => return None,
    };
    Some((col(table, c), kind))
}

fn key_column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    let (table, c, kind) = match name {
        "partnerId" => (K, "part_id", FieldKind::Text),
        "apiKeyLabel" => (K, "label", FieldKind::Text),
        "orgName" => (P, "name", FieldKind::Text),
        "policyId" => (K, "policy_id", FieldKind::Text),
        "policyName" => (POL, "name", FieldKind::Text),
        "policyGroupName" => (G, "name", FieldKind::Text),
        "status" => (K, "is_active", FieldKind::Bool),
        "createdDateTime" => (K, "cr_dtimes", FieldKind::Time),
        _ => return None,
    };
    Some((col(table, c), kind))
}

const REQUEST_COLUMNS: ColumnMap = request_column;
const KEY_COLUMNS: ColumnMap = key_column;

fn to_partner<E: EntityTrait>(from: E::Column) -> RelationDef {
    E::belongs_to(partner::Entity).from(from).to(partner::Column::Id).into()
}

fn to_policy<E: EntityTrait>(from: E::Column) -> RelationDef {
    E::belongs_to(auth_policy::Entity).from(from).to(auth_policy::Column::Id).into()
}

fn policy_to_group() -> RelationDef {
    auth_policy::Entity::belongs_to(policy_group::Entity)
        .from(auth_policy::Column::PolicyGroupId)
        .to(policy_group::Column::Id)
        .into()
}

/// The partner, policy and group a request or key names, as the lists show them.
#[derive(Debug, Clone)]
pub struct Names {
    pub partner: Option<partner::Model>,
    pub policy: Option<auth_policy::Model>,
    pub group: Option<policy_group::Model>,
}

/// The rows whose `column` is one of `ids` (each asked once), by their key.
async fn by_id<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    column: E::Column,
    mut ids: Vec<&str>,
    key: impl Fn(&E::Model) -> String,
) -> Result<HashMap<String, E::Model>> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(E::find().filter(column.is_in(ids)).all(conn).await?.into_iter().map(|m| (key(&m), m)).collect())
}

/// Fetches the partners, policies and groups of a page: three queries, whatever its length.
async fn names_of(conn: &impl ConnectionTrait, pairs: impl Iterator<Item = (String, String)>) -> Result<Vec<Names>> {
    let pairs: Vec<(String, String)> = pairs.collect();
    let partner_ids = pairs.iter().map(|(p, _)| p.as_str()).collect();
    let policy_ids = pairs.iter().map(|(_, p)| p.as_str()).collect();
    let partners = by_id::<partner::Entity>(conn, partner::Column::Id, partner_ids, |p| p.id.clone()).await?;
    let policies = by_id::<auth_policy::Entity>(conn, auth_policy::Column::Id, policy_ids, |p| p.id.clone()).await?;
    let group_ids = policies.values().map(|p| p.policy_group_id.as_str()).collect();
    let groups = by_id::<policy_group::Entity>(conn, policy_group::Column::Id, group_ids, |g| g.id.clone()).await?;
    Ok(pairs
        .iter()
        .map(|(partner_id, policy_id)| {
            let policy = policies.get(policy_id).cloned();
            let group = policy.as_ref().and_then(|p| groups.get(&p.policy_group_id)).cloned();
            Names { partner: partners.get(partner_id).cloned(), policy, group }
        })
        .collect())
}

// ------------------------------------------------------------------ policy requests

pub struct NewRequest<'a> {
    pub partner_id: &'a str,
    pub policy_id: &'a str,
    pub detail: &'a str,
    pub by: Stamp<'a>,
}

pub async fn insert_request(conn: &impl ConnectionTrait, new: NewRequest<'_>) -> Result<partner_policy_request::Model> {
    Ok(partner_policy_request::ActiveModel {
        id: Set(crate::new_id()),
        part_id: Set(new.partner_id.into()),
        policy_id: Set(new.policy_id.into()),
        request_datetimes: Set(new.by.at),
        request_detail: Set(new.detail.into()),
        status_code: Set(RequestStatus::InProgress.as_str().into()),
        reject_reason: Set(None),
        cr_by: Set(new.by.actor.into()),
        cr_dtimes: Set(new.by.at),
        upd_by: Set(None),
        upd_dtimes: Set(None),
    }
    .insert(conn)
    .await?)
}

pub async fn find_request(conn: &impl ConnectionTrait, id: &str) -> Result<Option<partner_policy_request::Model>> {
    Ok(partner_policy_request::Entity::find_by_id(id).one(conn).await?)
}

/// The statuses of a partner's earlier requests for a policy.
pub async fn request_statuses(
    conn: &impl ConnectionTrait,
    partner_id: &str,
    policy_id: &str,
) -> Result<Vec<RequestStatus>> {
    let codes: Vec<String> = partner_policy_request::Entity::find()
        .select_only()
        .column(partner_policy_request::Column::StatusCode)
        .filter(partner_policy_request::Column::PartId.eq(partner_id))
        .filter(partner_policy_request::Column::PolicyId.eq(policy_id))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(codes.iter().filter_map(|c| RequestStatus::parse(c)).collect())
}

/// Moves a request from `from` to `to`; 0 rows when someone decided it first.
pub async fn decide_request(
    conn: &impl ConnectionTrait,
    id: &str,
    from: RequestStatus,
    to: RequestStatus,
    reason: Option<&str>,
    by: Stamp<'_>,
) -> Result<u64> {
    Ok(partner_policy_request::Entity::update_many()
        .col_expr(partner_policy_request::Column::StatusCode, Expr::value(to.as_str()))
        .col_expr(partner_policy_request::Column::RejectReason, Expr::value(reason))
        .col_expr(partner_policy_request::Column::UpdBy, Expr::value(by.actor))
        .col_expr(partner_policy_request::Column::UpdDtimes, Expr::value(by.at))
        .filter(partner_policy_request::Column::Id.eq(id))
        .filter(partner_policy_request::Column::StatusCode.eq(from.as_str()))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Requests of these partners (all when `None`), oldest first.
pub async fn requests_of(
    conn: &impl ConnectionTrait,
    partner_ids: Option<&[String]>,
) -> Result<Vec<(partner_policy_request::Model, Names)>> {
    let mut q = partner_policy_request::Entity::find();
    if let Some(ids) = partner_ids {
        q = q.filter(partner_policy_request::Column::PartId.is_in(ids.iter().map(String::as_str)));
    }
    let rows = q
        .order_by_asc(partner_policy_request::Column::CrDtimes)
        .order_by_asc(partner_policy_request::Column::Id)
        .limit(10_000)
        .all(conn)
        .await?;
    with_names(conn, rows).await
}

/// A row that names a partner and a policy (a request or a key).
trait PartnerAndPolicy {
    fn ids(&self) -> (String, String);
}

impl PartnerAndPolicy for partner_policy_request::Model {
    fn ids(&self) -> (String, String) {
        (self.part_id.clone(), self.policy_id.clone())
    }
}

impl PartnerAndPolicy for partner_policy::Model {
    fn ids(&self) -> (String, String) {
        (self.part_id.clone(), self.policy_id.clone())
    }
}

async fn with_names<M: PartnerAndPolicy>(conn: &impl ConnectionTrait, rows: Vec<M>) -> Result<Vec<(M, Names)>> {
    let names = names_of(conn, rows.iter().map(PartnerAndPolicy::ids)).await?;
    Ok(rows.into_iter().zip(names).collect())
}

/// Filters of the request list; text filters match case-insensitive substrings.
#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    /// Only these partners' requests (a non-admin's own partners).
    pub partners: Option<Vec<String>>,
    pub partner_id: Option<String>,
    pub partner_type: Option<String>,
    pub org_name: Option<String>,
    pub policy_id: Option<String>,
    pub policy_name: Option<String>,
    pub policy_group_name: Option<String>,
    pub partner_comment: Option<String>,
    pub status: Option<RequestStatus>,
}

fn joined_requests() -> Select<partner_policy_request::Entity> {
    partner_policy_request::Entity::find()
        .join(JoinType::InnerJoin, to_partner::<partner_policy_request::Entity>(partner_policy_request::Column::PartId))
        .join(
            JoinType::InnerJoin,
            to_policy::<partner_policy_request::Entity>(partner_policy_request::Column::PolicyId),
        )
        .join(JoinType::LeftJoin, policy_to_group())
}

/// Sort fields that live in the partner, policy or group tables.
const JOINED_SORTS: &[&str] = &["partnerType", "orgName", "policyName", "policyGroupName"];

/// Text filters on the partner, policy and group a row names.
struct Related<'a> {
    partner_type: &'a Option<String>,
    org_name: &'a Option<String>,
    policy_name: &'a Option<String>,
    group_name: &'a Option<String>,
}

/// `outer IN (SELECT key FROM table WHERE cond)`.
fn where_in(outer: (&str, &str), table: &str, key: &str, cond: SimpleExpr) -> SimpleExpr {
    let select =
        Query::select().column((Alias::new(table), Alias::new(key))).from(Alias::new(table)).and_where(cond).to_owned();
    Expr::col((Alias::new(outer.0), Alias::new(outer.1))).in_subquery(select)
}

/// The related filters as subqueries on the row's partner and policy columns, which the
/// trigram indexes serve on PostgreSQL.
fn named_by(dialect: Dialect, partner_col: (&str, &str), policy_col: (&str, &str), r: &Related<'_>) -> Condition {
    let mut cond = Condition::all();
    for (value, column) in [(r.partner_type, "partner_type_code"), (r.org_name, "name")] {
        if let Some(v) = value {
            cond = cond.add(where_in(partner_col, P, "id", dialect.contains(col(P, column), v)));
        }
    }
    if let Some(v) = r.policy_name {
        cond = cond.add(where_in(policy_col, POL, "id", dialect.contains(col(POL, "name"), v)));
    }
    if let Some(v) = r.group_name {
        let groups = where_in((POL, "policy_group_id"), G, "id", dialect.contains(col(G, "name"), v));
        cond = cond.add(where_in(policy_col, POL, "id", groups));
    }
    cond
}

pub async fn list_requests(
    conn: &impl ConnectionTrait,
    f: &RequestFilter,
    plan: &ListPlan,
) -> Result<Page<(partner_policy_request::Model, Names)>> {
    let dialect = Dialect::of(conn);
    let mut cond = Condition::all();
    if let Some(ids) = &f.partners {
        cond = cond.add(partner_policy_request::Column::PartId.is_in(ids.iter().map(String::as_str)));
    }
    for (value, field) in
        [(&f.partner_id, "partnerId"), (&f.policy_id, "policyId"), (&f.partner_comment, "partnerComment")]
    {
        if let Some(v) = value {
            let (expr, _) = request_column(field).ok_or_else(|| StoreError::Internal(field.into()))?;
            cond = cond.add(dialect.contains(expr, v));
        }
    }
    cond = cond.add(named_by(
        dialect,
        (R, "part_id"),
        (R, "policy_id"),
        &Related {
            partner_type: &f.partner_type,
            org_name: &f.org_name,
            policy_name: &f.policy_name,
            group_name: &f.policy_group_name,
        },
    ));
    if let Some(status) = f.status {
        cond = cond.add(partner_policy_request::Column::StatusCode.eq(status.as_str()));
    }
    let sort = match plan.sort {
        Some(s) => vec![s],
        None => vec![("createdDateTime", SortDir::Desc)],
    };
    // Joins only for a sort on a joined column: filters on them are subqueries, so the count and
    // the usual sorts read this table's indexes alone.
    let total = query::count(conn, partner_policy_request::Entity::find().filter(cond.clone())).await?;
    let base = if sort.iter().any(|(f, _)| JOINED_SORTS.contains(f)) {
        joined_requests()
    } else {
        partner_policy_request::Entity::find()
    }
    .filter(cond);
    let rows = query::sorted(base, &sort, REQUEST_COLUMNS, col(R, "id"))?
        .limit(plan.page_size)
        .offset(plan.offset())
        .all(conn)
        .await?;
    let items = with_names(conn, rows).await?;
    Ok(Page { items, total })
}

/// Waiting requests, for the dashboard.
pub async fn pending_requests(conn: &impl ConnectionTrait) -> Result<u64> {
    query::count(
        conn,
        partner_policy_request::Entity::find()
            .filter(partner_policy_request::Column::StatusCode.eq(RequestStatus::InProgress.as_str())),
    )
    .await
}

/// The approved request of a partner for a policy, if any.
pub async fn approved_request(
    conn: &impl ConnectionTrait,
    partner_id: &str,
    policy_id: &str,
) -> Result<Option<partner_policy_request::Model>> {
    Ok(partner_policy_request::Entity::find()
        .filter(partner_policy_request::Column::PartId.eq(partner_id))
        .filter(partner_policy_request::Column::PolicyId.eq(policy_id))
        .filter(partner_policy_request::Column::StatusCode.eq(RequestStatus::Approved.as_str()))
        .one(conn)
        .await?)
}

// ------------------------------------------------------------------ API keys

pub struct NewKey<'a> {
    pub key_id: &'a str,
    pub key_hash: &'a str,
    pub partner_id: &'a str,
    pub policy_id: &'a str,
    pub request_id: Option<&'a str>,
    pub label: &'a str,
    pub valid_to: DateTime<Utc>,
    pub by: Stamp<'a>,
}

pub async fn insert_key(conn: &impl ConnectionTrait, new: NewKey<'_>) -> Result<partner_policy::Model> {
    Ok(partner_policy::ActiveModel {
        policy_api_key: Set(new.key_id.into()),
        part_id: Set(new.partner_id.into()),
        policy_id: Set(new.policy_id.into()),
        label: Set(new.label.into()),
        valid_from_datetime: Set(new.by.at),
        valid_to_datetime: Set(Some(new.valid_to)),
        is_active: Set(true),
        key_hash: Set(new.key_hash.into()),
        request_id: Set(new.request_id.map(str::to_string)),
        expired_at: Set(None),
        replaced_by: Set(None),
        cr_by: Set(new.by.actor.into()),
        cr_dtimes: Set(new.by.at),
        upd_by: Set(None),
        upd_dtimes: Set(None),
    }
    .insert(conn)
    .await?)
}

pub async fn find_key(conn: &impl ConnectionTrait, key_id: &str) -> Result<Option<partner_policy::Model>> {
    Ok(partner_policy::Entity::find_by_id(key_id).one(conn).await?)
}

pub async fn find_key_by_hash(conn: &impl ConnectionTrait, hash: &str) -> Result<Option<partner_policy::Model>> {
    Ok(partner_policy::Entity::find().filter(partner_policy::Column::KeyHash.eq(hash)).one(conn).await?)
}

/// A partner's key for a policy by its label, compared as MOSIP does (already normalised).
pub async fn find_key_by_label(
    conn: &impl ConnectionTrait,
    partner_id: &str,
    policy_id: &str,
    label: &str,
) -> Result<Option<partner_policy::Model>> {
    Ok(partner_policy::Entity::find()
        .filter(partner_policy::Column::PartId.eq(partner_id))
        .filter(partner_policy::Column::PolicyId.eq(policy_id))
        .filter(Expr::expr(Func::lower(col(K, "label"))).eq(label.to_lowercase()))
        .one(conn)
        .await?)
}

/// Sets a key's active flag if it still has the other value; 0 rows when someone was first.
pub async fn set_key_active(conn: &impl ConnectionTrait, key_id: &str, active: bool, by: Stamp<'_>) -> Result<u64> {
    Ok(partner_policy::Entity::update_many()
        .col_expr(partner_policy::Column::IsActive, Expr::value(active))
        .col_expr(partner_policy::Column::UpdBy, Expr::value(by.actor))
        .col_expr(partner_policy::Column::UpdDtimes, Expr::value(by.at))
        .filter(partner_policy::Column::PolicyApiKey.eq(key_id))
        .filter(partner_policy::Column::IsActive.eq(!active))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Ends a key at `end` because `replaced_by` takes over (a rotation).
pub async fn end_key(
    conn: &impl ConnectionTrait,
    key_id: &str,
    end: DateTime<Utc>,
    replaced_by: &str,
    by: Stamp<'_>,
) -> Result<u64> {
    Ok(partner_policy::Entity::update_many()
        .col_expr(partner_policy::Column::ValidToDatetime, Expr::value(end))
        .col_expr(partner_policy::Column::ReplacedBy, Expr::value(replaced_by))
        .col_expr(partner_policy::Column::UpdBy, Expr::value(by.actor))
        .col_expr(partner_policy::Column::UpdDtimes, Expr::value(by.at))
        .filter(partner_policy::Column::PolicyApiKey.eq(key_id))
        .filter(partner_policy::Column::IsActive.eq(true))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Binds a key to another policy.
pub async fn remap_key(conn: &impl ConnectionTrait, key_id: &str, policy_id: &str, by: Stamp<'_>) -> Result<u64> {
    Ok(partner_policy::Entity::update_many()
        .col_expr(partner_policy::Column::PolicyId, Expr::value(policy_id))
        .col_expr(partner_policy::Column::UpdBy, Expr::value(by.actor))
        .col_expr(partner_policy::Column::UpdDtimes, Expr::value(by.at))
        .filter(partner_policy::Column::PolicyApiKey.eq(key_id))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Active keys whose end has come, oldest end first, at most `limit`.
pub async fn keys_due(
    conn: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<partner_policy::Model>> {
    Ok(partner_policy::Entity::find()
        .filter(partner_policy::Column::IsActive.eq(true))
        .filter(partner_policy::Column::ValidToDatetime.lte(now))
        .order_by_asc(partner_policy::Column::ValidToDatetime)
        .limit(limit)
        .all(conn)
        .await?)
}

/// Ends a key by expiry; 0 rows when it was no longer active.
pub async fn expire_key(conn: &impl ConnectionTrait, key_id: &str, by: Stamp<'_>) -> Result<u64> {
    Ok(partner_policy::Entity::update_many()
        .col_expr(partner_policy::Column::IsActive, Expr::value(false))
        .col_expr(partner_policy::Column::ExpiredAt, Expr::value(by.at))
        .col_expr(partner_policy::Column::UpdBy, Expr::value(by.actor))
        .col_expr(partner_policy::Column::UpdDtimes, Expr::value(by.at))
        .filter(partner_policy::Column::PolicyApiKey.eq(key_id))
        .filter(partner_policy::Column::IsActive.eq(true))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Active keys of a partner (what its deactivation revokes).
pub async fn active_keys_of(conn: &impl ConnectionTrait, partner_id: &str) -> Result<Vec<partner_policy::Model>> {
    Ok(partner_policy::Entity::find()
        .filter(partner_policy::Column::PartId.eq(partner_id))
        .filter(partner_policy::Column::IsActive.eq(true))
        .order_by_asc(partner_policy::Column::CrDtimes)
        .all(conn)
        .await?)
}

/// Keys of these partners (all when `None`), newest first, with their names.
pub async fn keys_of(
    conn: &impl ConnectionTrait,
    partner_ids: Option<&[String]>,
) -> Result<Vec<(partner_policy::Model, Names)>> {
    let mut q = partner_policy::Entity::find();
    if let Some(ids) = partner_ids {
        q = q.filter(partner_policy::Column::PartId.is_in(ids.iter().map(String::as_str)));
    }
    let rows = q
        .order_by_desc(partner_policy::Column::CrDtimes)
        .order_by_desc(partner_policy::Column::PolicyApiKey)
        .limit(10_000)
        .all(conn)
        .await?;
    with_names(conn, rows).await
}

#[derive(Debug, Clone, Default)]
pub struct KeyFilter {
    pub partners: Option<Vec<String>>,
    /// Only keys of partners of this type (MOSIP lists authentication partners' keys).
    pub partner_type: Option<String>,
    pub partner_id: Option<String>,
    pub label: Option<String>,
    pub org_name: Option<String>,
    pub policy_name: Option<String>,
    pub policy_group_name: Option<String>,
    pub active: Option<bool>,
}

pub async fn list_keys(
    conn: &impl ConnectionTrait,
    f: &KeyFilter,
    plan: &ListPlan,
) -> Result<Page<(partner_policy::Model, Names)>> {
    let dialect = Dialect::of(conn);
    let mut cond = Condition::all();
    if let Some(ids) = &f.partners {
        cond = cond.add(partner_policy::Column::PartId.is_in(ids.iter().map(String::as_str)));
    }
    if let Some(t) = &f.partner_type {
        cond = cond.add(where_in(
            (K, "part_id"),
            P,
            "id",
            Expr::col((Alias::new(P), Alias::new("partner_type_code"))).eq(t.as_str()),
        ));
    }
    for (value, field) in [(&f.partner_id, "partnerId"), (&f.label, "apiKeyLabel")] {
        if let Some(v) = value {
            let (expr, _) = key_column(field).ok_or_else(|| StoreError::Internal(field.into()))?;
            cond = cond.add(dialect.contains(expr, v));
        }
    }
    cond = cond.add(named_by(
        dialect,
        (K, "part_id"),
        (K, "policy_id"),
        &Related {
            partner_type: &None,
            org_name: &f.org_name,
            policy_name: &f.policy_name,
            group_name: &f.policy_group_name,
        },
    ));
    if let Some(active) = f.active {
        cond = cond.add(partner_policy::Column::IsActive.eq(active));
    }
    let sort = match plan.sort {
        // MOSIP sorts the status flag the other way round (ascending lists active keys first).
        Some(("status", dir)) => vec![("status", if dir == SortDir::Asc { SortDir::Desc } else { SortDir::Asc })],
        Some(s) => vec![s],
        None => vec![("createdDateTime", SortDir::Desc)],
    };
    let total = query::count(conn, partner_policy::Entity::find().filter(cond.clone())).await?;
    let base = if sort.iter().any(|(f, _)| JOINED_SORTS.contains(f)) {
        partner_policy::Entity::find()
            .join(JoinType::InnerJoin, to_partner::<partner_policy::Entity>(partner_policy::Column::PartId))
            .join(JoinType::InnerJoin, to_policy::<partner_policy::Entity>(partner_policy::Column::PolicyId))
            .join(JoinType::LeftJoin, policy_to_group())
    } else {
        partner_policy::Entity::find()
    }
    .filter(cond);
    let rows = query::sorted(base, &sort, KEY_COLUMNS, col(K, "policy_api_key"))?
        .limit(plan.page_size)
        .offset(plan.offset())
        .all(conn)
        .await?;
    let items = with_names(conn, rows).await?;
    Ok(Page { items, total })
}

/// Every live policy of this name, whatever its group (names are unique only within a group).
pub async fn policies_named(conn: &impl ConnectionTrait, name: &str) -> Result<Vec<auth_policy::Model>> {
    Ok(auth_policy::Entity::find()
        .filter(auth_policy::Column::IsDeleted.eq(false))
        .filter(Expr::expr(Func::lower(col(POL, "name"))).eq(name.to_lowercase()))
        .order_by_asc(auth_policy::Column::Id)
        .all(conn)
        .await?)
}

// ------------------------------------------------------------------ legacy searches (MOSIP #22–#24)

/// Searchable columns of `POST /partners/apikey/request/search` and its filter values: the
/// request's fields and MOSIP's pseudo-columns (`partnerName`, `apikeyRequestId`, `policyName`).
pub const REQUEST_FIELDS: &[FieldSpec] = &[
    FieldSpec::text("id"),
    FieldSpec::text("apikeyRequestId"),
    FieldSpec::text("partnerId"),
    FieldSpec::text("partnerName"),
    FieldSpec::text("policyId"),
    FieldSpec::text("policyName"),
    FieldSpec::time("requestDatetimes"),
    FieldSpec::text("requestDetail"),
    FieldSpec::text("statusCode"),
    FieldSpec::text("crBy"),
    FieldSpec::time("crDtimes"),
    FieldSpec::text("updBy"),
    FieldSpec::time("updDtimes"),
];

/// Searchable columns of `POST /partners/apikey/search` (never the key).
pub const KEY_FIELDS: &[FieldSpec] = &[
    FieldSpec::text("label"),
    FieldSpec::text("partnerId"),
    FieldSpec::text("partnerName"),
    FieldSpec::text("policyId"),
    FieldSpec::text("policyName"),
    FieldSpec::time("validFromDatetime"),
    FieldSpec::time("validToDatetime"),
    FieldSpec::bool("isActive"),
    FieldSpec::text("crBy"),
    FieldSpec::time("crDtimes"),
    FieldSpec::text("updBy"),
    FieldSpec::time("updDtimes"),
];

fn request_search_column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    let (table, c, kind) = match name {
        "id" | "apikeyRequestId" => (R, "id", FieldKind::Text),
        "partnerId" => (R, "part_id", FieldKind::Text),
        "partnerName" => (P, "name", FieldKind::Text),
        "policyId" => (R, "policy_id", FieldKind::Text),
        "policyName" => (POL, "name", FieldKind::Text),
        "requestDatetimes" => (R, "request_datetimes", FieldKind::Time),
        "requestDetail" => (R, "request_detail", FieldKind::Text),
        "statusCode" => (R, "status_code", FieldKind::Text),
        "crBy" => (R, "cr_by", FieldKind::Text),
        "crDtimes" => (R, "cr_dtimes", FieldKind::Time),
        "updBy" => (R, "upd_by", FieldKind::Text),
        "updDtimes" => (R, "upd_dtimes", FieldKind::Time),
        _ => return None,
    };
    Some((col(table, c), kind))
}

fn key_search_column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    let (table, c, kind) = match name {
        "label" => (K, "label", FieldKind::Text),
        "partnerId" => (K, "part_id", FieldKind::Text),
        "partnerName" => (P, "name", FieldKind::Text),
        "policyId" => (K, "policy_id", FieldKind::Text),
        "policyName" => (POL, "name", FieldKind::Text),
        "validFromDatetime" => (K, "valid_from_datetime", FieldKind::Time),
        "validToDatetime" => (K, "valid_to_datetime", FieldKind::Time),
        "isActive" => (K, "is_active", FieldKind::Bool),
        "crBy" => (K, "cr_by", FieldKind::Text),
        "crDtimes" => (K, "cr_dtimes", FieldKind::Time),
        "updBy" => (K, "upd_by", FieldKind::Text),
        "updDtimes" => (K, "upd_dtimes", FieldKind::Time),
        _ => return None,
    };
    Some((col(table, c), kind))
}

fn scoped_requests(partners: Option<&[String]>) -> Select<partner_policy_request::Entity> {
    let base = joined_requests();
    match partners {
        Some(ids) => base.filter(partner_policy_request::Column::PartId.is_in(ids.iter().map(String::as_str))),
        None => base,
    }
}

pub async fn search_requests(
    conn: &impl ConnectionTrait,
    plan: &SearchPlan,
    partners: Option<&[String]>,
) -> Result<Page<(partner_policy_request::Model, Names)>> {
    let cond = query::condition(&plan.filters, request_search_column, Dialect::of(conn))?;
    let page = query::page(
        conn,
        scoped_requests(partners).filter(cond),
        &plan.sort,
        request_search_column,
        col(R, "id"),
        plan.offset(),
        plan.page_fetch,
    )
    .await?;
    let items = with_names(conn, page.items).await?;
    Ok(Page { items, total: page.total })
}

pub async fn request_filter_values(
    conn: &impl ConnectionTrait,
    plan: &FilterValuesPlan,
    partners: Option<&[String]>,
) -> Result<Vec<FilterValue>> {
    query::filter_values(conn, scoped_requests(partners), plan, request_search_column, col(R, "id")).await
}

pub async fn search_keys(
    conn: &impl ConnectionTrait,
    plan: &SearchPlan,
    partners: Option<&[String]>,
) -> Result<Page<(partner_policy::Model, Names)>> {
    let cond = query::condition(&plan.filters, key_search_column, Dialect::of(conn))?;
    let mut base = partner_policy::Entity::find()
        .join(JoinType::InnerJoin, to_partner::<partner_policy::Entity>(partner_policy::Column::PartId))
        .join(JoinType::InnerJoin, to_policy::<partner_policy::Entity>(partner_policy::Column::PolicyId))
        .filter(cond);
    if let Some(ids) = partners {
        base = base.filter(partner_policy::Column::PartId.is_in(ids.iter().map(String::as_str)));
    }
    let page = query::page(
        conn,
        base,
        &plan.sort,
        key_search_column,
        col(K, "policy_api_key"),
        plan.offset(),
        plan.page_fetch,
    )
    .await?;
    let items = with_names(conn, page.items).await?;
    Ok(Page { items, total: page.total })
}

// ------------------------------------------------------------------ credential partners (MOSIP §9.5)

pub struct NewExtractor<'a> {
    pub attribute_name: &'a str,
    pub provider: &'a str,
    pub version: Option<&'a str>,
    pub modality: &'a str,
    pub sub_types: Option<&'a str>,
}

/// Sets the extractor of each attribute of a partner's policy (insert or replace).
pub async fn upsert_extractors(
    conn: &impl ConnectionTrait,
    partner_id: &str,
    policy_id: &str,
    extractors: &[NewExtractor<'_>],
    by: Stamp<'_>,
) -> Result<()> {
    for e in extractors {
        let existing = partner_policy_bioextract::Entity::find()
            .filter(partner_policy_bioextract::Column::PartId.eq(partner_id))
            .filter(partner_policy_bioextract::Column::PolicyId.eq(policy_id))
            .filter(partner_policy_bioextract::Column::AttributeName.eq(e.attribute_name))
            .one(conn)
            .await?;
        match existing {
            Some(row) => {
                let mut row: partner_policy_bioextract::ActiveModel = row.into();
                row.extractor_provider = Set(e.provider.into());
                row.extractor_provider_version = Set(e.version.map(str::to_string));
                row.biometric_modality = Set(e.modality.into());
                row.biometric_sub_types = Set(e.sub_types.map(str::to_string));
                row.upd_by = Set(Some(by.actor.into()));
                row.upd_dtimes = Set(Some(by.at));
                row.update(conn).await?;
            }
            None => {
                partner_policy_bioextract::ActiveModel {
                    id: Set(crate::new_id()),
                    part_id: Set(partner_id.into()),
                    policy_id: Set(policy_id.into()),
                    attribute_name: Set(e.attribute_name.into()),
                    extractor_provider: Set(e.provider.into()),
                    extractor_provider_version: Set(e.version.map(str::to_string)),
                    biometric_modality: Set(e.modality.into()),
                    biometric_sub_types: Set(e.sub_types.map(str::to_string)),
                    cr_by: Set(by.actor.into()),
                    cr_dtimes: Set(by.at),
                    upd_by: Set(None),
                    upd_dtimes: Set(None),
                }
                .insert(conn)
                .await?;
            }
        }
    }
    Ok(())
}

pub async fn extractors(
    conn: &impl ConnectionTrait,
    partner_id: &str,
    policy_id: &str,
) -> Result<Vec<partner_policy_bioextract::Model>> {
    Ok(partner_policy_bioextract::Entity::find()
        .filter(partner_policy_bioextract::Column::PartId.eq(partner_id))
        .filter(partner_policy_bioextract::Column::PolicyId.eq(policy_id))
        .order_by_asc(partner_policy_bioextract::Column::AttributeName)
        .all(conn)
        .await?)
}

/// Binds a partner's credential type to a policy, replacing an earlier binding.
pub async fn map_credential_type(
    conn: &impl ConnectionTrait,
    partner_id: &str,
    credential_type: &str,
    policy_id: &str,
    by: Stamp<'_>,
) -> Result<()> {
    let existing =
        partner_policy_credential_type::Entity::find_by_id((partner_id.to_string(), credential_type.to_string()))
            .one(conn)
            .await?;
    match existing {
        Some(row) => {
            let mut row: partner_policy_credential_type::ActiveModel = row.into();
            row.policy_id = Set(policy_id.into());
            row.is_active = Set(true);
            row.upd_by = Set(Some(by.actor.into()));
            row.upd_dtimes = Set(Some(by.at));
            row.update(conn).await?;
        }
        None => {
            partner_policy_credential_type::ActiveModel {
                part_id: Set(partner_id.into()),
                credential_type: Set(credential_type.into()),
                policy_id: Set(policy_id.into()),
                is_active: Set(true),
                cr_by: Set(by.actor.into()),
                cr_dtimes: Set(by.at),
                upd_by: Set(None),
                upd_dtimes: Set(None),
            }
            .insert(conn)
            .await?;
        }
    }
    Ok(())
}

pub async fn credential_type_mapping(
    conn: &impl ConnectionTrait,
    partner_id: &str,
    credential_type: &str,
) -> Result<Option<partner_policy_credential_type::Model>> {
    Ok(partner_policy_credential_type::Entity::find_by_id((partner_id.to_string(), credential_type.to_string()))
        .filter(partner_policy_credential_type::Column::IsActive.eq(true))
        .one(conn)
        .await?)
}

/// One request with its names.
pub async fn request_named(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<(partner_policy_request::Model, Names)>> {
    let Some(row) = find_request(conn, id).await? else { return Ok(None) };
    Ok(with_names(conn, vec![row]).await?.pop())
}

/// One key with its names.
pub async fn key_named(conn: &impl ConnectionTrait, key_id: &str) -> Result<Option<(partner_policy::Model, Names)>> {
    let Some(row) = find_key(conn, key_id).await? else { return Ok(None) };
    Ok(with_names(conn, vec![row]).await?.pop())
}

/// Active keys whose end falls in `(now, until]`, with their partner and policy name, for the
/// expiry reminders (the partners and policies of all of them in one query each).
pub async fn keys_ending(
    conn: &impl ConnectionTrait,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<(partner_policy::Model, partner::Model, String)>> {
    let keys = partner_policy::Entity::find()
        .filter(partner_policy::Column::IsActive.eq(true))
        .filter(partner_policy::Column::ValidToDatetime.gt(now))
        .filter(partner_policy::Column::ValidToDatetime.lte(until))
        .order_by_asc(partner_policy::Column::ValidToDatetime)
        .all(conn)
        .await?;
    let partners: HashMap<String, partner::Model> = partner::Entity::find()
        .filter(partner::Column::Id.is_in(keys.iter().map(|k| k.part_id.clone())))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id.clone(), p))
        .collect();
    let policies: HashMap<String, String> = auth_policy::Entity::find()
        .select_only()
        .column(auth_policy::Column::Id)
        .column(auth_policy::Column::Name)
        .filter(auth_policy::Column::Id.is_in(keys.iter().map(|k| k.policy_id.clone())))
        .into_tuple::<(String, String)>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    Ok(keys
        .into_iter()
        .filter_map(|k| {
            let partner = partners.get(&k.part_id)?.clone();
            let policy = policies.get(&k.policy_id).cloned().unwrap_or_else(|| k.policy_id.clone());
            Some((k, partner, policy))
        })
        .collect())
}
