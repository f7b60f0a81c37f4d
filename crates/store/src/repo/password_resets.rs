//! Password resets waiting for their e-mail code.

use crate::entity::password_reset;
use crate::Result;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Stores the user's reset, replacing an earlier one (whose code stops working).
pub async fn replace(conn: &impl ConnectionTrait, model: password_reset::Model) -> Result<password_reset::Model> {
    password_reset::Entity::delete_many().filter(password_reset::Column::UserId.eq(&model.user_id)).exec(conn).await?;
    let active: password_reset::ActiveModel = model.into();
    Ok(active.insert(conn).await?)
}

pub async fn find_for_user(conn: &impl ConnectionTrait, user_id: &str) -> Result<Option<password_reset::Model>> {
    Ok(password_reset::Entity::find().filter(password_reset::Column::UserId.eq(user_id)).one(conn).await?)
}

/// Counts one attempt if fewer than `max` were made; returns the new count, or `None` when the
/// allowance is used up. Concurrent callers queue on the row.
pub async fn reserve_attempt(conn: &impl ConnectionTrait, id: &str, max: i32) -> Result<Option<i32>> {
    let reserved = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::OtpAttempts, Expr::col(password_reset::Column::OtpAttempts).add(1))
        .filter(password_reset::Column::Id.eq(id))
        .filter(password_reset::Column::OtpAttempts.lt(max))
        .exec(conn)
        .await?
        .rows_affected;
    if reserved == 0 {
        return Ok(None);
    }
    Ok(password_reset::Entity::find_by_id(id).one(conn).await?.map(|r| r.otp_attempts))
}

pub async fn delete(conn: &impl ConnectionTrait, id: &str) -> Result<u64> {
    Ok(password_reset::Entity::delete_by_id(id).exec(conn).await?.rows_affected)
}

pub async fn delete_for_user(conn: &impl ConnectionTrait, user_id: &str) -> Result<u64> {
    Ok(password_reset::Entity::delete_many()
        .filter(password_reset::Column::UserId.eq(user_id))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Drops resets whose code expired before `before`.
pub async fn purge(conn: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64> {
    Ok(password_reset::Entity::delete_many()
        .filter(password_reset::Column::OtpExpiresAt.lt(before))
        .exec(conn)
        .await?
        .rows_affected)
}
