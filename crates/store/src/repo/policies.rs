use crate::entity::{auth_policy, auth_policy_h, partner_policy, partner_policy_request, policy_group};
use crate::query::{self, col, ColumnMap, Dialect, FilterValue};
use crate::{Result, Stamp, StoreError};
use chrono::{DateTime, Utc};
use pms_domain::list::ListPlan;
use pms_domain::policy::{PolicyState, PolicyType};
use pms_domain::search::{FieldKind, FieldSpec, FilterValuesPlan, Page, SearchPlan, SortDir};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait, Select, SelectTwo, Set,
};

const T: &str = "auth_policy";
const G: &str = "policy_group";

/// A policy with the group it belongs to.
pub type PolicyRow = (auth_policy::Model, Option<policy_group::Model>);

/// Searchable columns of `POST /policies/search` (MOSIP's AuthPolicy fields plus `policyGroupName`).
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec::text("id"),
    FieldSpec::text("name"),
    FieldSpec::text("desc"),
    FieldSpec::bool("isActive"),
    FieldSpec::text("policyType"),
    FieldSpec::text("version"),
    FieldSpec::text("schema"),
    FieldSpec::text("policyGroupId"),
    FieldSpec::text("policyGroupName"),
    FieldSpec::time("validFromDate"),
    FieldSpec::time("validToDate"),
    FieldSpec::text("crBy"),
    FieldSpec::time("crDtimes"),
    FieldSpec::text("updBy"),
    FieldSpec::time("updDtimes"),
];

fn column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    let (table, c, kind) = match name {
        "id" | "policyId" => (T, "id", FieldKind::Text),
        "name" | "policyName" => (T, "name", FieldKind::Text),
        "desc" | "policyDescription" => (T, "descr", FieldKind::Text),
        "isActive" => (T, "is_active", FieldKind::Bool),
        "policyType" => (T, "policy_type", FieldKind::Text),
        "version" => (T, "version", FieldKind::Text),
        "schema" => (T, "policy_schema", FieldKind::Text),
        "policyGroupId" => (T, "policy_group_id", FieldKind::Text),
        "policyGroupName" => (G, "name", FieldKind::Text),
        "validFromDate" => (T, "valid_from_date", FieldKind::Time),
        "validToDate" => (T, "valid_to_date", FieldKind::Time),
        "crBy" => (T, "cr_by", FieldKind::Text),
        "crDtimes" | "createdDateTime" => (T, "cr_dtimes", FieldKind::Time),
        "updBy" => (T, "upd_by", FieldKind::Text),
        "updDtimes" => (T, "upd_dtimes", FieldKind::Time),
        "status" => return Some((status_rank(), FieldKind::Int)),
        _ => return None,
    };
    Some((col(table, c), kind))
}

/// Draft (0) < activated (1) < deactivated (2), for sorting by status.
fn status_rank() -> SimpleExpr {
    Expr::case(Expr::expr(col(T, "policy_schema")).is_null(), 0)
        .case(Expr::expr(col(T, "is_active")).eq(true), 1)
        .finally(2)
        .into()
}

const COLUMNS: ColumnMap = column;

/// Sort aliases of the revamp `GET /policies/v2` list.
pub const LIST_SORT: &[&str] =
    &["policyId", "policyName", "policyDescription", "policyGroupId", "policyGroupName", "status", "createdDateTime"];

fn live() -> Select<auth_policy::Entity> {
    auth_policy::Entity::find().filter(auth_policy::Column::IsDeleted.eq(false))
}

fn with_group() -> SelectTwo<auth_policy::Entity, policy_group::Entity> {
    live().find_also_related(policy_group::Entity)
}

/// The policies joined to their groups, for filters and counts on group columns.
fn joined() -> Select<auth_policy::Entity> {
    live().join(sea_orm::JoinType::InnerJoin, auth_policy::Relation::PolicyGroup.def())
}

fn of_type(policy_type: Option<PolicyType>) -> Condition {
    match policy_type {
        Some(t) => Condition::all().add(auth_policy::Column::PolicyType.eq(t.as_str())),
        None => Condition::all(),
    }
}

pub struct NewPolicy<'a> {
    pub id: &'a str,
    pub group_id: &'a str,
    pub name: &'a str,
    pub desc: &'a str,
    pub policy_json: &'a str,
    pub policy_type: PolicyType,
    pub version: &'a str,
    pub valid_to: DateTime<Utc>,
    /// The policy this one is a clone of.
    pub cloned_from: Option<&'a str>,
    pub by: Stamp<'a>,
}

pub async fn insert(conn: &impl ConnectionTrait, new: NewPolicy<'_>) -> Result<auth_policy::Model> {
    let at = new.by.at;
    let model = auth_policy::ActiveModel {
        id: Set(new.id.to_string()),
        policy_group_id: Set(new.group_id.to_string()),
        name: Set(new.name.to_string()),
        descr: Set(new.desc.to_string()),
        policy_file_id: Set(new.policy_json.to_string()),
        policy_type: Set(new.policy_type.as_str().to_string()),
        version: Set(new.version.to_string()),
        policy_schema: Set(None),
        valid_from_date: Set(at),
        valid_to_date: Set(new.valid_to),
        is_active: Set(false),
        cr_by: Set(new.by.actor.to_string()),
        cr_dtimes: Set(at),
        upd_by: Set(None),
        upd_dtimes: Set(None),
        is_deleted: Set(false),
        del_dtimes: Set(None),
        cloned_from: Set(new.cloned_from.map(str::to_string)),
    }
    .insert(conn)
    .await?;
    record_history(conn, &model, "created", new.by).await?;
    Ok(model)
}

/// Appends the policy's current content as its next version.
pub async fn record_history(
    conn: &impl ConnectionTrait,
    p: &auth_policy::Model,
    kind: &str,
    by: Stamp<'_>,
) -> Result<()> {
    let history = auth_policy_h::Entity::find().filter(auth_policy_h::Column::Id.eq(&p.id));
    auth_policy_h::ActiveModel {
        id: Set(p.id.clone()),
        rev: Set(query::next_revision(conn, history, auth_policy_h::Column::Rev).await?),
        eff_dtimes: Set(by.at),
        change_kind: Set(kind.to_string()),
        changed_by: Set(by.actor.to_string()),
        policy_group_id: Set(p.policy_group_id.clone()),
        name: Set(p.name.clone()),
        descr: Set(p.descr.clone()),
        policy_file_id: Set(p.policy_file_id.clone()),
        policy_type: Set(p.policy_type.clone()),
        version: Set(p.version.clone()),
        policy_schema: Set(p.policy_schema.clone()),
        valid_from_date: Set(p.valid_from_date),
        valid_to_date: Set(p.valid_to_date),
        is_active: Set(p.is_active),
    }
    .insert(conn)
    .await?;
    Ok(())
}

pub async fn history(conn: &impl ConnectionTrait, id: &str) -> Result<Vec<auth_policy_h::Model>> {
    Ok(auth_policy_h::Entity::find()
        .filter(auth_policy_h::Column::Id.eq(id))
        .order_by_desc(auth_policy_h::Column::Rev)
        .all(conn)
        .await?)
}

/// Version `rev` of a policy and the one before it (if any), oldest first.
pub async fn revision_pair(conn: &impl ConnectionTrait, id: &str, rev: i32) -> Result<Vec<auth_policy_h::Model>> {
    Ok(auth_policy_h::Entity::find()
        .filter(auth_policy_h::Column::Id.eq(id))
        .filter(auth_policy_h::Column::Rev.is_in([rev.saturating_sub(1), rev]))
        .order_by_asc(auth_policy_h::Column::Rev)
        .all(conn)
        .await?)
}

pub async fn find(conn: &impl ConnectionTrait, id: &str) -> Result<Option<PolicyRow>> {
    Ok(with_group().filter(auth_policy::Column::Id.eq(id)).one(conn).await?)
}

pub async fn find_plain(conn: &impl ConnectionTrait, id: &str) -> Result<Option<auth_policy::Model>> {
    Ok(live().filter(auth_policy::Column::Id.eq(id)).one(conn).await?)
}

/// Policy names are unique within a group, regardless of case.
pub async fn find_in_group_by_name(
    conn: &impl ConnectionTrait,
    group_id: &str,
    name: &str,
) -> Result<Option<auth_policy::Model>> {
    Ok(live()
        .filter(auth_policy::Column::PolicyGroupId.eq(group_id))
        .filter(Expr::expr(sea_orm::sea_query::Func::lower(col(T, "name"))).eq(name.to_lowercase()))
        .one(conn)
        .await?)
}

pub struct DraftUpdate<'a> {
    pub name: &'a str,
    pub desc: &'a str,
    pub version: &'a str,
    pub policy_json: &'a str,
}

/// Rewrites a draft; 0 rows means it was published meanwhile.
pub async fn update_draft(conn: &impl ConnectionTrait, id: &str, u: DraftUpdate<'_>, by: Stamp<'_>) -> Result<u64> {
    Ok(auth_policy::Entity::update_many()
        .col_expr(auth_policy::Column::Name, Expr::value(u.name))
        .col_expr(auth_policy::Column::Descr, Expr::value(u.desc))
        .col_expr(auth_policy::Column::Version, Expr::value(u.version))
        .col_expr(auth_policy::Column::PolicyFileId, Expr::value(u.policy_json))
        .col_expr(auth_policy::Column::UpdBy, Expr::value(by.actor))
        .col_expr(auth_policy::Column::UpdDtimes, Expr::value(by.at))
        .filter(auth_policy::Column::Id.eq(id))
        .filter(auth_policy::Column::PolicySchema.is_null())
        .exec(conn)
        .await?
        .rows_affected)
}

/// Draft → activated, only if still a draft.
pub async fn publish(conn: &impl ConnectionTrait, id: &str, schema_url: &str, by: Stamp<'_>) -> Result<u64> {
    let at = by.at;
    Ok(auth_policy::Entity::update_many()
        .col_expr(auth_policy::Column::PolicySchema, Expr::value(schema_url))
        .col_expr(auth_policy::Column::IsActive, Expr::value(true))
        .col_expr(auth_policy::Column::ValidFromDate, Expr::value(at))
        .col_expr(auth_policy::Column::UpdBy, Expr::value(by.actor))
        .col_expr(auth_policy::Column::UpdDtimes, Expr::value(at))
        .filter(auth_policy::Column::Id.eq(id))
        .filter(auth_policy::Column::PolicySchema.is_null())
        .exec(conn)
        .await?
        .rows_affected)
}

/// Activated → deactivated, only if still activated.
pub async fn deactivate(conn: &impl ConnectionTrait, id: &str, by: Stamp<'_>) -> Result<u64> {
    Ok(auth_policy::Entity::update_many()
        .col_expr(auth_policy::Column::IsActive, Expr::value(false))
        .col_expr(auth_policy::Column::UpdBy, Expr::value(by.actor))
        .col_expr(auth_policy::Column::UpdDtimes, Expr::value(by.at))
        .filter(auth_policy::Column::Id.eq(id))
        .filter(auth_policy::Column::PolicySchema.is_not_null())
        .filter(auth_policy::Column::IsActive.eq(true))
        .exec(conn)
        .await?
        .rows_affected)
}

pub async fn by_group(conn: &impl ConnectionTrait, group_id: &str) -> Result<Vec<auth_policy::Model>> {
    Ok(live()
        .filter(auth_policy::Column::PolicyGroupId.eq(group_id))
        .order_by_asc(auth_policy::Column::Name)
        .all(conn)
        .await?)
}

pub async fn all(conn: &impl ConnectionTrait) -> Result<Vec<PolicyRow>> {
    Ok(with_group().order_by_asc(auth_policy::Column::CrDtimes).order_by_asc(auth_policy::Column::Id).all(conn).await?)
}

/// Published and active policies of a group.
pub async fn active_in_group(conn: &impl ConnectionTrait, group_id: &str) -> Result<Vec<auth_policy::Model>> {
    Ok(live()
        .filter(auth_policy::Column::PolicyGroupId.eq(group_id))
        .filter(auth_policy::Column::PolicySchema.is_not_null())
        .filter(auth_policy::Column::IsActive.eq(true))
        .order_by_asc(auth_policy::Column::Name)
        .all(conn)
        .await?)
}

pub async fn search(
    conn: &impl ConnectionTrait,
    plan: &SearchPlan,
    policy_type: Option<PolicyType>,
) -> Result<Page<PolicyRow>> {
    let cond = query::condition(&plan.filters, COLUMNS, Dialect::of(conn))?;
    let on_group = plan.filters.iter().any(|f| f.field == "policyGroupName");
    let total = if on_group {
        query::count(conn, joined().filter(of_type(policy_type)).filter(cond.clone())).await?
    } else {
        query::count(conn, live().filter(of_type(policy_type)).filter(cond.clone())).await?
    };
    let base = with_group().filter(of_type(policy_type)).filter(cond);
    let items = query::sorted(base, &plan.sort, COLUMNS, col(T, "id"))?
        .limit(plan.page_fetch)
        .offset(plan.offset())
        .all(conn)
        .await?;
    Ok(Page { items, total })
}

pub async fn filter_values(
    conn: &impl ConnectionTrait,
    plan: &FilterValuesPlan,
    policy_type: Option<PolicyType>,
) -> Result<Vec<FilterValue>> {
    query::filter_values(conn, joined().filter(of_type(policy_type)), plan, COLUMNS, col(T, "id")).await
}

#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub policy_type: Option<PolicyType>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub group_id: Option<String>,
    pub group_name: Option<String>,
    pub status: Option<PolicyState>,
}

fn state_condition(state: PolicyState) -> Condition {
    match state {
        PolicyState::Draft => Condition::all().add(auth_policy::Column::PolicySchema.is_null()),
        PolicyState::Activated => Condition::all()
            .add(auth_policy::Column::PolicySchema.is_not_null())
            .add(auth_policy::Column::IsActive.eq(true)),
        PolicyState::Deactivated => Condition::all()
            .add(auth_policy::Column::PolicySchema.is_not_null())
            .add(auth_policy::Column::IsActive.eq(false)),
    }
}

/// Revamp `GET /policies/v2` and the portal's policy lists.
pub async fn list(conn: &impl ConnectionTrait, f: &ListFilter, plan: &ListPlan) -> Result<Page<PolicyRow>> {
    let mut cond = of_type(f.policy_type);
    for (value, field) in
        [(&f.id, "id"), (&f.name, "name"), (&f.description, "desc"), (&f.group_name, "policyGroupName")]
    {
        if let Some(v) = value {
            let (expr, _) = column(field).ok_or_else(|| StoreError::Internal(field.into()))?;
            cond = cond.add(Dialect::of(conn).contains(expr, v));
        }
    }
    if let Some(g) = &f.group_id {
        cond = cond.add(auth_policy::Column::PolicyGroupId.eq(g.as_str()));
    }
    if let Some(state) = f.status {
        cond = cond.add(state_condition(state));
    }
    let total = if f.group_name.is_some() {
        query::count(conn, joined().filter(cond.clone())).await?
    } else {
        query::count(conn, live().filter(cond.clone())).await?
    };
    let base = with_group().filter(cond);
    let sort = plan.sort.map(|s| vec![s]).unwrap_or_else(|| vec![("createdDateTime", SortDir::Desc)]);
    let q = query::sorted(base, &sort, COLUMNS, col(T, "id"))?;
    let items = q.limit(plan.page_size).offset(plan.offset()).all(conn).await?;
    Ok(Page { items, total })
}

/// (approved, pending) partner policy requests for a policy.
pub async fn request_counts(conn: &impl ConnectionTrait, policy_id: &str) -> Result<(u64, u64)> {
    let of = |status: &str| {
        partner_policy_request::Entity::find().filter(partner_policy_request::Column::PolicyId.eq(policy_id)).filter(
            Expr::expr(sea_orm::sea_query::Func::lower(col("partner_policy_request", "status_code"))).eq(status),
        )
    };
    Ok((query::count(conn, of("approved")).await?, query::count(conn, of("inprogress")).await?))
}

pub async fn active_key_count(conn: &impl ConnectionTrait, policy_id: &str) -> Result<u64> {
    query::count(
        conn,
        partner_policy::Entity::find()
            .filter(partner_policy::Column::PolicyId.eq(policy_id))
            .filter(partner_policy::Column::IsActive.eq(true)),
    )
    .await
}

/// Whether the partner holds an active API key for the policy (how MOSIP binds a data-share
/// policy to a credential partner).
pub async fn partner_has_active_key(
    conn: &impl ConnectionTrait,
    partner_id: &str,
    policy_id: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    // A key past its end no longer binds, even before the expiry job has ended it.
    let n = query::count(
        conn,
        partner_policy::Entity::find()
            .filter(partner_policy::Column::PartId.eq(partner_id))
            .filter(partner_policy::Column::PolicyId.eq(policy_id))
            .filter(partner_policy::Column::IsActive.eq(true))
            .filter(
                Condition::any()
                    .add(partner_policy::Column::ValidToDatetime.is_null())
                    .add(partner_policy::Column::ValidToDatetime.gt(now)),
            ),
    )
    .await?;
    Ok(n > 0)
}
