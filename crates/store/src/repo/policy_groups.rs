use crate::entity::{auth_policy, policy_group};
use crate::query::{self, col, ColumnMap, Dialect, FilterValue};
use crate::{Result, Stamp};
use pms_domain::list::ListPlan;
use pms_domain::search::{FieldKind, FieldSpec, FilterValuesPlan, Page, SearchPlan};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Select, Set,
};

const T: &str = "policy_group";

/// Searchable columns of `POST /policies/group/search` (MOSIP's PolicyGroup entity fields).
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec::text("id"),
    FieldSpec::text("name"),
    FieldSpec::text("desc"),
    FieldSpec::bool("isActive"),
    FieldSpec::text("userId"),
    FieldSpec::text("crBy"),
    FieldSpec::time("crDtimes"),
    FieldSpec::text("updBy"),
    FieldSpec::time("updDtimes"),
];

fn column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    let (c, kind) = match name {
        "id" => ("id", FieldKind::Text),
        "name" => ("name", FieldKind::Text),
        "desc" => ("descr", FieldKind::Text),
        "isActive" => ("is_active", FieldKind::Bool),
        "userId" => ("user_id", FieldKind::Text),
        "crBy" => ("cr_by", FieldKind::Text),
        "crDtimes" => ("cr_dtimes", FieldKind::Time),
        "updBy" => ("upd_by", FieldKind::Text),
        "updDtimes" => ("upd_dtimes", FieldKind::Time),
        // Revamp list aliases.
        "policyGroupId" => ("id", FieldKind::Text),
        "policyGroupName" => ("name", FieldKind::Text),
        "policyGroupDescription" => ("descr", FieldKind::Text),
        "status" => ("is_active", FieldKind::Bool),
        "createdDateTime" => ("cr_dtimes", FieldKind::Time),
        _ => return None,
    };
    Some((col(T, c), kind))
}

const COLUMNS: ColumnMap = column;

/// Sort aliases of the revamp `GET /policy-groups` list.
pub const LIST_SORT: &[&str] =
    &["policyGroupId", "policyGroupName", "policyGroupDescription", "status", "createdDateTime"];

fn live() -> Select<policy_group::Entity> {
    policy_group::Entity::find().filter(policy_group::Column::IsDeleted.eq(false))
}

pub async fn insert(
    conn: &impl ConnectionTrait,
    id: &str,
    name: &str,
    desc: &str,
    by: Stamp<'_>,
) -> Result<policy_group::Model> {
    Ok(policy_group::ActiveModel {
        id: Set(id.to_string()),
        name: Set(name.to_string()),
        descr: Set(desc.to_string()),
        user_id: Set(by.actor.to_string()),
        is_active: Set(true),
        cr_by: Set(by.actor.to_string()),
        cr_dtimes: Set(by.at),
        upd_by: Set(None),
        upd_dtimes: Set(None),
        is_deleted: Set(false),
        del_dtimes: Set(None),
    }
    .insert(conn)
    .await?)
}

pub async fn find(conn: &impl ConnectionTrait, id: &str) -> Result<Option<policy_group::Model>> {
    Ok(live().filter(policy_group::Column::Id.eq(id)).one(conn).await?)
}

/// Group names are unique regardless of case ("Banking" and "banking" are one regulator).
pub async fn find_by_name(conn: &impl ConnectionTrait, name: &str) -> Result<Option<policy_group::Model>> {
    Ok(live()
        .filter(Expr::expr(sea_orm::sea_query::Func::lower(col(T, "name"))).eq(name.to_lowercase()))
        .one(conn)
        .await?)
}

pub async fn update(
    conn: &impl ConnectionTrait,
    id: &str,
    name: &str,
    desc: &str,
    is_active: bool,
    by: Stamp<'_>,
) -> Result<u64> {
    Ok(policy_group::Entity::update_many()
        .col_expr(policy_group::Column::Name, Expr::value(name))
        .col_expr(policy_group::Column::Descr, Expr::value(desc))
        .col_expr(policy_group::Column::IsActive, Expr::value(is_active))
        .col_expr(policy_group::Column::UpdBy, Expr::value(by.actor))
        .col_expr(policy_group::Column::UpdDtimes, Expr::value(by.at))
        .filter(policy_group::Column::Id.eq(id))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Flips `is_active` only if it still has the opposite value; 0 rows means someone else did.
pub async fn set_active(conn: &impl ConnectionTrait, id: &str, active: bool, by: Stamp<'_>) -> Result<u64> {
    Ok(policy_group::Entity::update_many()
        .col_expr(policy_group::Column::IsActive, Expr::value(active))
        .col_expr(policy_group::Column::UpdBy, Expr::value(by.actor))
        .col_expr(policy_group::Column::UpdDtimes, Expr::value(by.at))
        .filter(policy_group::Column::Id.eq(id))
        .filter(policy_group::Column::IsActive.eq(!active))
        .exec(conn)
        .await?
        .rows_affected)
}

pub async fn all(conn: &impl ConnectionTrait) -> Result<Vec<policy_group::Model>> {
    Ok(live().order_by_asc(policy_group::Column::Name).all(conn).await?)
}

pub async fn active(conn: &impl ConnectionTrait) -> Result<Vec<policy_group::Model>> {
    Ok(live()
        .filter(policy_group::Column::IsActive.eq(true))
        .order_by_asc(policy_group::Column::Name)
        .all(conn)
        .await?)
}

pub async fn search(conn: &impl ConnectionTrait, plan: &SearchPlan) -> Result<Page<policy_group::Model>> {
    let cond = query::condition(&plan.filters, COLUMNS, Dialect::of(conn))?;
    query::page(conn, live().filter(cond), &plan.sort, COLUMNS, col(T, "id"), plan.offset(), plan.page_fetch).await
}

pub async fn filter_values(conn: &impl ConnectionTrait, plan: &FilterValuesPlan) -> Result<Vec<FilterValue>> {
    query::filter_values(conn, live(), plan, COLUMNS, col(T, "name")).await
}

#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub active: Option<bool>,
}

pub async fn list(conn: &impl ConnectionTrait, f: &ListFilter, plan: &ListPlan) -> Result<Page<policy_group::Model>> {
    let mut cond = Condition::all();
    if let Some(v) = &f.id {
        cond = cond.add(Dialect::of(conn).contains(col(T, "id"), v));
    }
    if let Some(v) = &f.name {
        cond = cond.add(Dialect::of(conn).contains(col(T, "name"), v));
    }
    if let Some(v) = &f.description {
        cond = cond.add(Dialect::of(conn).contains(col(T, "descr"), v));
    }
    if let Some(v) = f.active {
        cond = cond.add(policy_group::Column::IsActive.eq(v));
    }
    let sort =
        plan.sort.map(|s| vec![s]).unwrap_or_else(|| vec![("createdDateTime", pms_domain::search::SortDir::Desc)]);
    query::page(conn, live().filter(cond), &sort, COLUMNS, col(T, "id"), plan.offset(), plan.page_size).await
}

/// Numbers of (active, draft) policies in a group, for the deactivation guards.
pub async fn policy_counts(conn: &impl ConnectionTrait, group_id: &str) -> Result<(u64, u64)> {
    let in_group = || auth_policy::Entity::find().filter(auth_policy::Column::PolicyGroupId.eq(group_id));
    let active = query::count(
        conn,
        in_group()
            .filter(auth_policy::Column::PolicySchema.is_not_null())
            .filter(auth_policy::Column::IsActive.eq(true)),
    )
    .await?;
    let draft = query::count(conn, in_group().filter(auth_policy::Column::PolicySchema.is_null())).await?;
    Ok((active, draft))
}
