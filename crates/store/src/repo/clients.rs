//! OIDC clients of eSignet and MISP licences. Status changes are conditional `UPDATE`s from the
//! status the use case read; the client list joins partner, policy and group and pages in SQL.

use crate::entity::{
    auth_policy, misp_license, oidc_client, oidc_client_registration, oidc_initial_token, partner, policy_group,
};
use crate::query::{self, col, Dialect};
use crate::{Result, Stamp};
use chrono::{DateTime, Utc};
use pms_domain::list::ListPlan;
use pms_domain::search::{FieldKind, FieldSpec, FilterValuesPlan, Page, SearchPlan, SortDir};
use query::FilterValue;
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

const O: &str = "oidc_client";
const L: &str = "misp_license";

/// Comma-joined, as MOSIP stores lists.
pub fn joined(items: &[String]) -> String {
    items.join(",")
}

pub fn split(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

// ------------------------------------------------------------------ OIDC clients

pub struct NewClient<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub name_langs: Option<String>,
    pub policy_id: &'a str,
    pub partner_id: &'a str,
    pub logo_uri: &'a str,
    pub redirect_uris: &'a [String],
    pub claims: &'a [String],
    pub acr_values: &'a [String],
    pub grant_types: &'a [String],
    pub auth_methods: &'a [String],
    pub public_key: &'a str,
    pub api: &'a str,
    pub by: Stamp<'a>,
}

pub async fn insert_client(conn: &impl ConnectionTrait, new: NewClient<'_>) -> Result<oidc_client::Model> {
    Ok(oidc_client::ActiveModel {
        id: Set(new.id.to_string()),
        name: Set(new.name.to_string()),
        name_langs: Set(new.name_langs),
        policy_id: Set(new.policy_id.to_string()),
        rp_id: Set(new.partner_id.to_string()),
        logo_uri: Set(new.logo_uri.to_string()),
        redirect_uris: Set(joined(new.redirect_uris)),
        claims: Set(joined(new.claims)),
        acr_values: Set(joined(new.acr_values)),
        grant_types: Set(joined(new.grant_types)),
        auth_methods: Set(joined(new.auth_methods)),
        public_key: Set(new.public_key.to_string()),
        status: Set("ACTIVE".into()),
        api: Set(new.api.to_string()),
        cr_by: Set(new.by.actor.to_string()),
        cr_dtimes: Set(new.by.at),
        upd_by: Set(None),
        upd_dtimes: Set(None),
        is_deleted: Set(false),
        del_dtimes: Set(None),
    }
    .insert(conn)
    .await?)
}

pub async fn find_client(conn: &impl ConnectionTrait, id: &str) -> Result<Option<oidc_client::Model>> {
    Ok(oidc_client::Entity::find_by_id(id.to_string()).one(conn).await?)
}

/// What an edit of an active client replaces.
pub struct ClientEdit<'a> {
    pub name: &'a str,
    pub name_langs: Option<String>,
    pub logo_uri: &'a str,
    pub redirect_uris: &'a [String],
    pub grant_types: &'a [String],
    pub auth_methods: &'a [String],
}

/// Edits an active client; 0 means it is no longer active.
pub async fn edit_client(conn: &impl ConnectionTrait, id: &str, e: ClientEdit<'_>, by: Stamp<'_>) -> Result<u64> {
    let result = oidc_client::Entity::update_many()
        .col_expr(oidc_client::Column::Name, Expr::value(e.name))
        .col_expr(oidc_client::Column::NameLangs, Expr::value(e.name_langs))
        .col_expr(oidc_client::Column::LogoUri, Expr::value(e.logo_uri))
        .col_expr(oidc_client::Column::RedirectUris, Expr::value(joined(e.redirect_uris)))
        .col_expr(oidc_client::Column::GrantTypes, Expr::value(joined(e.grant_types)))
        .col_expr(oidc_client::Column::AuthMethods, Expr::value(joined(e.auth_methods)))
        .col_expr(oidc_client::Column::UpdBy, Expr::value(by.actor))
        .col_expr(oidc_client::Column::UpdDtimes, Expr::value(by.at))
        .filter(oidc_client::Column::Id.eq(id))
        .filter(oidc_client::Column::Status.eq("ACTIVE"))
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// ACTIVE → INACTIVE; 0 means it was not active.
pub async fn deactivate_client(conn: &impl ConnectionTrait, id: &str, by: Stamp<'_>) -> Result<u64> {
    let result = oidc_client::Entity::update_many()
        .col_expr(oidc_client::Column::Status, Expr::value("INACTIVE"))
        .col_expr(oidc_client::Column::UpdBy, Expr::value(by.actor))
        .col_expr(oidc_client::Column::UpdDtimes, Expr::value(by.at))
        .filter(oidc_client::Column::Id.eq(id))
        .filter(oidc_client::Column::Status.eq("ACTIVE"))
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

pub async fn active_clients_of(conn: &impl ConnectionTrait, partner_id: &str) -> Result<Vec<oidc_client::Model>> {
    Ok(oidc_client::Entity::find()
        .filter(oidc_client::Column::RpId.eq(partner_id))
        .filter(oidc_client::Column::Status.eq("ACTIVE"))
        .order_by_asc(oidc_client::Column::CrDtimes)
        .all(conn)
        .await?)
}

pub const CLIENT_SORT: &[&str] =
    &["partnerId", "orgName", "policyGroupName", "policyName", "clientId", "clientName", "status", "createdDateTime"];

fn client_column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    let (table, c, kind) = match name {
        "partnerId" => (O, "rp_id", FieldKind::Text),
        "orgName" => ("partner", "name", FieldKind::Text),
        "policyGroupName" => ("policy_group", "name", FieldKind::Text),
        "policyName" => ("auth_policy", "name", FieldKind::Text),
        "clientId" => (O, "id", FieldKind::Text),
        "clientName" => (O, "name", FieldKind::Text),
        "status" => (O, "status", FieldKind::Text),
        "createdDateTime" => (O, "cr_dtimes", FieldKind::Time),
        _ => return None,
    };
    Some((col(table, c), kind))
}

#[derive(Debug, Clone, Default)]
pub struct ClientFilter {
    /// The partners a non-admin acts for; `None` is everyone's.
    pub partners: Option<Vec<String>>,
    pub partner_id: Option<String>,
    pub org_name: Option<String>,
    pub policy_group_name: Option<String>,
    pub policy_name: Option<String>,
    pub client_name: Option<String>,
    pub status: Option<String>,
}

/// A client with the names of its partner, policy and group.
#[derive(Debug, Clone, FromQueryResult)]
pub struct ClientRow {
    pub id: String,
    pub name: String,
    pub name_langs: Option<String>,
    pub rp_id: String,
    pub policy_id: String,
    pub status: String,
    pub cr_dtimes: DateTime<Utc>,
    pub upd_dtimes: Option<DateTime<Utc>>,
    pub org_name: Option<String>,
    pub policy_name: Option<String>,
    pub policy_description: Option<String>,
    pub policy_group_id: Option<String>,
    pub policy_group_name: Option<String>,
    pub policy_group_description: Option<String>,
}

fn joined_clients() -> sea_orm::Select<oidc_client::Entity> {
    oidc_client::Entity::find()
        .join(
            JoinType::LeftJoin,
            oidc_client::Entity::belongs_to(partner::Entity)
                .from(oidc_client::Column::RpId)
                .to(partner::Column::Id)
                .into(),
        )
        .join(
            JoinType::LeftJoin,
            oidc_client::Entity::belongs_to(auth_policy::Entity)
                .from(oidc_client::Column::PolicyId)
                .to(auth_policy::Column::Id)
                .into(),
        )
        .join(
            JoinType::LeftJoin,
            auth_policy::Entity::belongs_to(policy_group::Entity)
                .from(auth_policy::Column::PolicyGroupId)
                .to(policy_group::Column::Id)
                .into(),
        )
}

fn client_row_columns(q: sea_orm::Select<oidc_client::Entity>) -> sea_orm::Select<oidc_client::Entity> {
    q.select_only()
        .columns([
            oidc_client::Column::Id,
            oidc_client::Column::Name,
            oidc_client::Column::NameLangs,
            oidc_client::Column::RpId,
            oidc_client::Column::PolicyId,
            oidc_client::Column::Status,
            oidc_client::Column::CrDtimes,
            oidc_client::Column::UpdDtimes,
        ])
        .column_as(col("partner", "name"), "org_name")
        .column_as(col("auth_policy", "name"), "policy_name")
        .column_as(col("auth_policy", "descr"), "policy_description")
        .column_as(col("policy_group", "id"), "policy_group_id")
        .column_as(col("policy_group", "name"), "policy_group_name")
        .column_as(col("policy_group", "descr"), "policy_group_description")
}

pub async fn list_clients(conn: &impl ConnectionTrait, f: &ClientFilter, plan: &ListPlan) -> Result<Page<ClientRow>> {
    let dialect = Dialect::of(conn);
    let mut cond = Condition::all().add(oidc_client::Column::IsDeleted.eq(false));
    if let Some(ids) = &f.partners {
        cond = cond.add(oidc_client::Column::RpId.is_in(ids.iter().map(String::as_str)));
    }
    for (value, field) in [
        (&f.partner_id, "partnerId"),
        (&f.org_name, "orgName"),
        (&f.policy_group_name, "policyGroupName"),
        (&f.policy_name, "policyName"),
        (&f.client_name, "clientName"),
    ] {
        if let (Some(v), Some((expr, _))) = (value, client_column(field)) {
            cond = cond.add(dialect.contains(expr, v));
        }
    }
    if let Some(s) = &f.status {
        cond = cond.add(oidc_client::Column::Status.eq(s.as_str()));
    }
    let sort = plan.sort.map(|s| vec![s]).unwrap_or_else(|| vec![("createdDateTime", SortDir::Desc)]);
    let base = joined_clients().filter(cond);
    let total = query::count(conn, base.clone()).await?;
    let items = query::sorted(client_row_columns(base), &sort, client_column, col(O, "id"))?
        .limit(plan.page_size)
        .offset(plan.offset())
        .into_model::<ClientRow>()
        .all(conn)
        .await?;
    Ok(Page { items, total })
}

/// One client with its names, for `GET /oauth/client/{id}`.
pub async fn client_row(conn: &impl ConnectionTrait, id: &str) -> Result<Option<ClientRow>> {
    Ok(client_row_columns(joined_clients().filter(oidc_client::Column::Id.eq(id)))
        .into_model::<ClientRow>()
        .one(conn)
        .await?)
}

// ------------------------------------------------------------------ RFC 7591 registrations

pub async fn insert_registration(
    conn: &impl ConnectionTrait,
    client_id: &str,
    token_hash: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    oidc_client_registration::ActiveModel {
        client_id: Set(client_id.to_string()),
        token_hash: Set(token_hash.to_string()),
        cr_dtimes: Set(at),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The stored hash of a client's registration access token, if it was registered by RFC 7591.
pub async fn registration_hash(conn: &impl ConnectionTrait, client_id: &str) -> Result<Option<String>> {
    Ok(oidc_client_registration::Entity::find_by_id(client_id.to_string()).one(conn).await?.map(|r| r.token_hash))
}

/// An initial access token of RFC 7591, by the SHA-256 of its text.
pub async fn find_initial_token(
    conn: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<oidc_initial_token::Model>> {
    Ok(oidc_initial_token::Entity::find()
        .filter(oidc_initial_token::Column::TokenHash.eq(token_hash))
        .one(conn)
        .await?)
}

pub async fn insert_initial_token(conn: &impl ConnectionTrait, row: oidc_initial_token::Model) -> Result<()> {
    oidc_initial_token::ActiveModel {
        id: Set(row.id),
        partner_id: Set(row.partner_id),
        token_hash: Set(row.token_hash),
        expires_at: Set(row.expires_at),
        used_at: Set(row.used_at),
        cr_by: Set(row.cr_by),
        cr_dtimes: Set(row.cr_dtimes),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Spends an initial access token; false when it was spent (or had expired) meanwhile.
pub async fn spend_initial_token(conn: &impl ConnectionTrait, id: &str, at: DateTime<Utc>) -> Result<bool> {
    let done = oidc_initial_token::Entity::update_many()
        .col_expr(oidc_initial_token::Column::UsedAt, Expr::value(at))
        .filter(oidc_initial_token::Column::Id.eq(id))
        .filter(oidc_initial_token::Column::UsedAt.is_null())
        .filter(oidc_initial_token::Column::ExpiresAt.gt(at))
        .exec(conn)
        .await?;
    Ok(done.rows_affected == 1)
}

// ------------------------------------------------------------------ MISP licences

pub struct NewLicence<'a> {
    pub id: &'a str,
    pub misp_id: &'a str,
    pub key_hash: &'a str,
    pub key_hint: &'a str,
    pub key_sealed: &'a str,
    pub valid_to: DateTime<Utc>,
    pub policy_id: Option<&'a str>,
    pub by: Stamp<'a>,
}

pub async fn insert_licence(conn: &impl ConnectionTrait, new: NewLicence<'_>) -> Result<misp_license::Model> {
    Ok(misp_license::ActiveModel {
        id: Set(new.id.to_string()),
        misp_id: Set(new.misp_id.to_string()),
        key_hash: Set(new.key_hash.to_string()),
        key_hint: Set(new.key_hint.to_string()),
        key_sealed: Set(new.key_sealed.to_string()),
        valid_from_date: Set(new.by.at),
        valid_to_date: Set(new.valid_to),
        policy_id: Set(new.policy_id.map(str::to_string)),
        is_active: Set(true),
        cr_by: Set(new.by.actor.to_string()),
        cr_dtimes: Set(new.by.at),
        upd_by: Set(None),
        upd_dtimes: Set(None),
        is_deleted: Set(false),
        del_dtimes: Set(None),
    }
    .insert(conn)
    .await?)
}

/// A partner's row, locked until the transaction ends (on PostgreSQL; SQLite has one writer):
/// concurrent requests never mint two licences for one MISP, and a client or licence change
/// waits for a deactivation of its partner that is under way (and then sees it).
pub async fn lock_partner(conn: &impl ConnectionTrait, partner_id: &str) -> Result<Option<partner::Model>> {
    Ok(partner::Entity::find_by_id(partner_id.to_string()).lock_exclusive().one(conn).await?)
}

pub async fn licences_of(conn: &impl ConnectionTrait, misp_id: &str) -> Result<Vec<misp_license::Model>> {
    Ok(misp_license::Entity::find()
        .filter(misp_license::Column::MispId.eq(misp_id))
        .order_by_asc(misp_license::Column::CrDtimes)
        .order_by_asc(misp_license::Column::Id)
        .all(conn)
        .await?)
}

pub async fn licence_by_hash(conn: &impl ConnectionTrait, key_hash: &str) -> Result<Option<misp_license::Model>> {
    Ok(misp_license::Entity::find().filter(misp_license::Column::KeyHash.eq(key_hash)).one(conn).await?)
}

pub async fn find_licence(conn: &impl ConnectionTrait, id: &str) -> Result<Option<misp_license::Model>> {
    Ok(misp_license::Entity::find_by_id(id.to_string()).one(conn).await?)
}

/// Sets a licence's flag from the value read; 0 means someone changed it first.
pub async fn set_licence_active(
    conn: &impl ConnectionTrait,
    id: &str,
    from: bool,
    to: bool,
    by: Stamp<'_>,
) -> Result<u64> {
    let result = misp_license::Entity::update_many()
        .col_expr(misp_license::Column::IsActive, Expr::value(to))
        .col_expr(misp_license::Column::UpdBy, Expr::value(by.actor))
        .col_expr(misp_license::Column::UpdDtimes, Expr::value(by.at))
        .filter(misp_license::Column::Id.eq(id))
        .filter(misp_license::Column::IsActive.eq(from))
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

pub const LICENCE_SORT: &[&str] = &["mispId", "validFromDate", "validToDate", "isActive", "createdDateTime"];

fn licence_column(name: &str) -> Option<(SimpleExpr, FieldKind)> {
    let (c, kind) = match name {
        "mispId" => ("misp_id", FieldKind::Text),
        "policyId" => ("policy_id", FieldKind::Text),
        "validFromDate" => ("valid_from_date", FieldKind::Time),
        "validToDate" => ("valid_to_date", FieldKind::Time),
        "isActive" => ("is_active", FieldKind::Bool),
        "createdBy" => ("cr_by", FieldKind::Text),
        "createdDateTime" => ("cr_dtimes", FieldKind::Time),
        _ => return None,
    };
    Some((col(L, c), kind))
}

/// Licences of these MISPs (`None`: all), newest first, one page.
pub async fn list_licences(
    conn: &impl ConnectionTrait,
    misps: Option<&[String]>,
    misp_id: Option<&str>,
    plan: &ListPlan,
) -> Result<Page<misp_license::Model>> {
    let mut cond = Condition::all().add(misp_license::Column::IsDeleted.eq(false));
    if let Some(ids) = misps {
        cond = cond.add(misp_license::Column::MispId.is_in(ids.iter().map(String::as_str)));
    }
    if let Some(id) = misp_id {
        cond = cond.add(Dialect::of(conn).contains(col(L, "misp_id"), id));
    }
    let sort = plan.sort.map(|s| vec![s]).unwrap_or_else(|| vec![("createdDateTime", SortDir::Desc)]);
    query::page(
        conn,
        misp_license::Entity::find().filter(cond),
        &sort,
        licence_column,
        col(L, "id"),
        plan.offset(),
        plan.page_size,
    )
    .await
}

/// Searchable columns of `POST /misps/search` and `/misps/filtervalues` (MOSIP's entity names).
pub const LICENCE_FIELDS: &[FieldSpec] = &[
    FieldSpec::text("mispId"),
    FieldSpec::text("policyId"),
    FieldSpec::time("validFromDate"),
    FieldSpec::time("validToDate"),
    FieldSpec::bool("isActive"),
    FieldSpec::text("createdBy"),
    FieldSpec::time("createdDateTime"),
];

pub async fn search_licences(
    conn: &impl ConnectionTrait,
    plan: &SearchPlan,
    misps: Option<&[String]>,
) -> Result<Page<misp_license::Model>> {
    let mut cond = query::condition(&plan.filters, licence_column, Dialect::of(conn))?
        .add(misp_license::Column::IsDeleted.eq(false));
    if let Some(ids) = misps {
        cond = cond.add(misp_license::Column::MispId.is_in(ids.iter().map(String::as_str)));
    }
    query::page(
        conn,
        misp_license::Entity::find().filter(cond),
        &plan.sort,
        licence_column,
        col(L, "id"),
        plan.offset(),
        plan.page_fetch,
    )
    .await
}

pub async fn licence_filter_values(
    conn: &impl ConnectionTrait,
    plan: &FilterValuesPlan,
    misps: Option<&[String]>,
) -> Result<Vec<FilterValue>> {
    let mut base = misp_license::Entity::find().filter(misp_license::Column::IsDeleted.eq(false));
    if let Some(ids) = misps {
        base = base.filter(misp_license::Column::MispId.is_in(ids.iter().map(String::as_str)));
    }
    query::filter_values(conn, base, plan, licence_column, col(L, "id")).await
}
