use crate::entity::{external_identity, user_role, users};
use crate::Result;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub user: users::Model,
    pub roles: Vec<String>,
}

pub struct NewUser<'a> {
    pub username: &'a str,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    pub lang_code: &'a str,
    pub roles: &'a [String],
}

pub async fn insert(conn: &impl ConnectionTrait, new: NewUser<'_>, at: DateTime<Utc>) -> Result<users::Model> {
    let user = users::ActiveModel {
        id: Set(crate::new_id()),
        username: Set(new.username.to_string()),
        email: Set(new.email.to_string()),
        password_hash: Set(new.password_hash.to_string()),
        first_name: Set(new.first_name.map(str::to_string)),
        last_name: Set(new.last_name.map(str::to_string)),
        lang_code: Set(new.lang_code.to_string()),
        is_active: Set(true),
        created_at: Set(at),
        updated_at: Set(at),
        token_generation: Set(0),
    }
    .insert(conn)
    .await?;
    set_roles(conn, &user.id, new.roles).await?;
    Ok(user)
}

pub async fn set_roles(conn: &impl ConnectionTrait, user_id: &str, roles: &[String]) -> Result<()> {
    user_role::Entity::delete_many().filter(user_role::Column::UserId.eq(user_id)).exec(conn).await?;
    if roles.is_empty() {
        return Ok(());
    }
    let mut unique: Vec<&String> = roles.iter().collect();
    unique.sort();
    unique.dedup();
    user_role::Entity::insert_many(
        unique
            .into_iter()
            .map(|role| user_role::ActiveModel { user_id: Set(user_id.to_string()), role: Set(role.clone()) }),
    )
    .exec(conn)
    .await?;
    Ok(())
}

async fn with_roles(conn: &impl ConnectionTrait, user: Option<users::Model>) -> Result<Option<User>> {
    let Some(user) = user else { return Ok(None) };
    let roles = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(&user.id))
        .order_by_asc(user_role::Column::Role)
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.role)
        .collect();
    Ok(Some(User { user, roles }))
}

pub async fn find_by_username(conn: &impl ConnectionTrait, username: &str) -> Result<Option<User>> {
    let user = users::Entity::find().filter(users::Column::Username.eq(username)).one(conn).await?;
    with_roles(conn, user).await
}

pub async fn find_by_id(conn: &impl ConnectionTrait, id: &str) -> Result<Option<User>> {
    let user = users::Entity::find_by_id(id).one(conn).await?;
    with_roles(conn, user).await
}

/// Whether a username is taken, ignoring case: `Admin` next to `admin` would invite impostors.
pub async fn username_exists(conn: &impl ConnectionTrait, username: &str) -> Result<bool> {
    use sea_orm::sea_query::{Alias, Func};
    let lower = Func::lower(Expr::col((Alias::new("users"), Alias::new("username"))));
    Ok(users::Entity::find().filter(Expr::expr(lower).eq(username.to_lowercase())).one(conn).await?.is_some())
}

pub async fn count(conn: &impl ConnectionTrait) -> Result<u64> {
    crate::query::count(conn, users::Entity::find()).await
}

pub async fn list(conn: &impl ConnectionTrait) -> Result<Vec<User>> {
    let all = users::Entity::find().order_by_asc(users::Column::Username).all(conn).await?;
    let roles = user_role::Entity::find().order_by_asc(user_role::Column::Role).all(conn).await?;
    Ok(all
        .into_iter()
        .map(|user| {
            let roles = roles.iter().filter(|r| r.user_id == user.id).map(|r| r.role.clone()).collect();
            User { user, roles }
        })
        .collect())
}

pub async fn set_lang(conn: &impl ConnectionTrait, user_id: &str, lang_code: &str, at: DateTime<Utc>) -> Result<()> {
    users::Entity::update_many()
        .col_expr(users::Column::LangCode, Expr::value(lang_code))
        .col_expr(users::Column::UpdatedAt, Expr::value(at))
        .filter(users::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn set_password_hash(
    conn: &impl ConnectionTrait,
    user_id: &str,
    hash: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    users::Entity::update_many()
        .col_expr(users::Column::PasswordHash, Expr::value(hash))
        .col_expr(users::Column::UpdatedAt, Expr::value(at))
        .col_expr(users::Column::TokenGeneration, Expr::col(users::Column::TokenGeneration).add(1))
        .filter(users::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn set_active(conn: &impl ConnectionTrait, user_id: &str, active: bool, at: DateTime<Utc>) -> Result<()> {
    users::Entity::update_many()
        .col_expr(users::Column::IsActive, Expr::value(active))
        .col_expr(users::Column::UpdatedAt, Expr::value(at))
        .col_expr(users::Column::TokenGeneration, Expr::col(users::Column::TokenGeneration).add(1))
        .filter(users::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Invalidates every token issued to the user so far, in the caller's transaction.
pub async fn bump_token_generation(conn: &impl ConnectionTrait, user_id: &str, at: DateTime<Utc>) -> Result<()> {
    users::Entity::update_many()
        .col_expr(users::Column::TokenGeneration, Expr::col(users::Column::TokenGeneration).add(1))
        .col_expr(users::Column::UpdatedAt, Expr::value(at))
        .filter(users::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// The user's token generation and whether it may log in: one indexed row, no roles.
pub async fn token_state(conn: &impl ConnectionTrait, user_id: &str) -> Result<Option<(i64, bool)>> {
    use sea_orm::QuerySelect;
    Ok(users::Entity::find_by_id(user_id)
        .select_only()
        .column(users::Column::TokenGeneration)
        .column(users::Column::IsActive)
        .into_tuple::<(i64, bool)>()
        .one(conn)
        .await?)
}

/// Filters of the administrators' user list; text filters match substrings, ignoring case.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub username: Option<String>,
    pub email: Option<String>,
    pub role: Option<String>,
    pub is_active: Option<bool>,
}

/// Sort fields of the user list.
pub const SORT_FIELDS: &[&str] = &["username", "email", "status", "createdDateTime"];

fn user_column(name: &str) -> Option<(sea_orm::sea_query::SimpleExpr, pms_domain::search::FieldKind)> {
    use pms_domain::search::FieldKind;
    let (c, kind) = match name {
        "username" => ("username", FieldKind::Text),
        "email" => ("email", FieldKind::Text),
        "status" => ("is_active", FieldKind::Bool),
        "createdDateTime" => ("created_at", FieldKind::Time),
        _ => return None,
    };
    Some((crate::query::col("users", c), kind))
}

/// One page of users with their roles: two queries whatever the page size.
pub async fn search(
    conn: &impl ConnectionTrait,
    f: &UserFilter,
    plan: &pms_domain::list::ListPlan,
) -> Result<pms_domain::search::Page<User>> {
    use crate::query::{col, Dialect};
    use pms_domain::search::SortDir;
    use sea_orm::sea_query::Query;
    use sea_orm::Condition;
    let dialect = Dialect::of(conn);
    let mut cond = Condition::all();
    for (column, value) in [("username", &f.username), ("email", &f.email)] {
        if let Some(v) = value {
            cond = cond.add(dialect.contains(col("users", column), v));
        }
    }
    if let Some(role) = &f.role {
        cond = cond.add(
            users::Column::Id.in_subquery(
                Query::select()
                    .column(user_role::Column::UserId)
                    .from(user_role::Entity)
                    .and_where(user_role::Column::Role.eq(role.as_str()))
                    .to_owned(),
            ),
        );
    }
    if let Some(active) = f.is_active {
        cond = cond.add(users::Column::IsActive.eq(active));
    }
    let sort = plan.sort.map(|s| vec![s]).unwrap_or_else(|| vec![("username", SortDir::Asc)]);
    let page = crate::query::page(
        conn,
        users::Entity::find().filter(cond),
        &sort,
        user_column,
        col("users", "id"),
        plan.offset(),
        plan.page_size,
    )
    .await?;
    let ids: Vec<&str> = page.items.iter().map(|u| u.id.as_str()).collect();
    let roles = if ids.is_empty() {
        Vec::new()
    } else {
        user_role::Entity::find()
            .filter(user_role::Column::UserId.is_in(ids))
            .order_by_asc(user_role::Column::Role)
            .all(conn)
            .await?
    };
    let items = page
        .items
        .into_iter()
        .map(|user| {
            let roles = roles.iter().filter(|r| r.user_id == user.id).map(|r| r.role.clone()).collect();
            User { user, roles }
        })
        .collect();
    Ok(pms_domain::search::Page { items, total: page.total })
}

/// The ids of the users holding `role`.
fn holders_of(role: &str) -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(user_role::Column::UserId)
        .from(user_role::Entity)
        .and_where(user_role::Column::Role.eq(role))
        .to_owned()
}

/// Active holders of `role` other than `except`, locked until the transaction ends (on
/// PostgreSQL), so that two administrators deactivating each other at once cannot both succeed.
pub async fn active_with_role_except(conn: &impl ConnectionTrait, role: &str, except: &str) -> Result<u64> {
    use sea_orm::QuerySelect;
    let holders = users::Entity::find()
        .filter(users::Column::IsActive.eq(true))
        .filter(users::Column::Id.ne(except))
        .filter(users::Column::Id.in_subquery(holders_of(role)))
        .select_only()
        .column(users::Column::Id)
        .lock_exclusive()
        .into_tuple::<String>()
        .all(conn)
        .await?;
    Ok(holders.len() as u64)
}

/// Users whose e-mail address is `email` (addresses are stored in lower case); at most two, enough
/// to tell whether the address names one account.
pub async fn find_by_email(conn: &impl ConnectionTrait, email: &str) -> Result<Vec<users::Model>> {
    use sea_orm::QuerySelect;
    Ok(users::Entity::find().filter(users::Column::Email.eq(email)).limit(2).all(conn).await?)
}

/// Active holders of `role` (the Partner Admins told of CA certificates about to end).
pub async fn with_role(conn: &impl ConnectionTrait, role: &str) -> Result<Vec<users::Model>> {
    Ok(users::Entity::find()
        .filter(users::Column::IsActive.eq(true))
        .filter(users::Column::Id.in_subquery(holders_of(role)))
        .all(conn)
        .await?)
}

/// The user an external provider's (issuer, subject) was linked to.
pub async fn find_by_external(conn: &impl ConnectionTrait, issuer: &str, subject: &str) -> Result<Option<User>> {
    let link = external_identity::Entity::find_by_id((issuer.to_string(), subject.to_string())).one(conn).await?;
    match link {
        Some(link) => find_by_id(conn, &link.user_id).await,
        None => Ok(None),
    }
}

/// Whether the user is linked to an identity at this provider already.
pub async fn has_external(conn: &impl ConnectionTrait, user_id: &str, issuer: &str) -> Result<bool> {
    Ok(external_identity::Entity::find()
        .filter(external_identity::Column::UserId.eq(user_id))
        .filter(external_identity::Column::Issuer.eq(issuer))
        .one(conn)
        .await?
        .is_some())
}

pub async fn link_external(
    conn: &impl ConnectionTrait,
    issuer: &str,
    subject: &str,
    user_id: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    external_identity::ActiveModel {
        issuer: Set(issuer.to_string()),
        subject: Set(subject.to_string()),
        user_id: Set(user_id.to_string()),
        cr_dtimes: Set(at),
    }
    .insert(conn)
    .await?;
    Ok(())
}
