use crate::entity::portal_session;
use crate::Result;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

pub async fn insert(
    conn: &impl ConnectionTrait,
    id_hash: &str,
    user_id: &str,
    csrf_token: &str,
    expires_at: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<portal_session::Model> {
    Ok(portal_session::ActiveModel {
        id: Set(id_hash.to_string()),
        user_id: Set(user_id.to_string()),
        csrf_token: Set(csrf_token.to_string()),
        created_at: Set(at),
        last_seen_at: Set(at),
        expires_at: Set(expires_at),
    }
    .insert(conn)
    .await?)
}

pub async fn find(conn: &impl ConnectionTrait, id_hash: &str) -> Result<Option<portal_session::Model>> {
    Ok(portal_session::Entity::find_by_id(id_hash).one(conn).await?)
}

pub async fn touch(conn: &impl ConnectionTrait, id_hash: &str, at: DateTime<Utc>) -> Result<()> {
    portal_session::Entity::update_many()
        .col_expr(portal_session::Column::LastSeenAt, Expr::value(at))
        .filter(portal_session::Column::Id.eq(id_hash))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &impl ConnectionTrait, id_hash: &str) -> Result<()> {
    portal_session::Entity::delete_by_id(id_hash).exec(conn).await?;
    Ok(())
}

pub async fn delete_for_user(conn: &impl ConnectionTrait, user_id: &str) -> Result<u64> {
    Ok(portal_session::Entity::delete_many()
        .filter(portal_session::Column::UserId.eq(user_id))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Removes sessions past their absolute expiry or idle for longer than `idle_before`.
pub async fn purge(conn: &impl ConnectionTrait, now: DateTime<Utc>, idle_before: DateTime<Utc>) -> Result<u64> {
    Ok(portal_session::Entity::delete_many()
        .filter(portal_session::Column::ExpiresAt.lt(now).or(portal_session::Column::LastSeenAt.lt(idle_before)))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Ends every session of the user but the one whose hash is `keep` (the browser that asked).
pub async fn delete_for_user_except(conn: &impl ConnectionTrait, user_id: &str, keep: &str) -> Result<u64> {
    Ok(portal_session::Entity::delete_many()
        .filter(portal_session::Column::UserId.eq(user_id))
        .filter(portal_session::Column::Id.ne(keep))
        .exec(conn)
        .await?
        .rows_affected)
}
