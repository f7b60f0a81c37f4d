use crate::entity::registration;
use crate::Result;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Stores a pending registration, replacing any earlier unverified attempt for the same e-mail.
pub async fn replace(conn: &impl ConnectionTrait, model: registration::Model) -> Result<registration::Model> {
    registration::Entity::delete_many().filter(registration::Column::Email.eq(&model.email)).exec(conn).await?;
    let active: registration::ActiveModel = model.into();
    Ok(active.insert(conn).await?)
}

pub async fn find_by_email(conn: &impl ConnectionTrait, email: &str) -> Result<Option<registration::Model>> {
    Ok(registration::Entity::find().filter(registration::Column::Email.eq(email)).one(conn).await?)
}

/// Another pending registration already wants this username.
pub async fn username_pending(
    conn: &impl ConnectionTrait,
    username: &str,
    other_than_email: &str,
    at: DateTime<Utc>,
) -> Result<bool> {
    Ok(registration::Entity::find()
        .filter(registration::Column::Username.eq(username))
        .filter(registration::Column::Email.ne(other_than_email))
        .filter(registration::Column::OtpExpiresAt.gt(at))
        .one(conn)
        .await?
        .is_some())
}

/// Counts one verification attempt if fewer than `max` were made; returns the new count, or
/// `None` when the allowance is used up. Concurrent callers queue on the row, so the condition is
/// judged on the count the previous one left.
pub async fn reserve_attempt(conn: &impl ConnectionTrait, id: &str, max: i32) -> Result<Option<i32>> {
    let reserved = registration::Entity::update_many()
        .col_expr(registration::Column::OtpAttempts, Expr::col(registration::Column::OtpAttempts).add(1))
        .filter(registration::Column::Id.eq(id))
        .filter(registration::Column::OtpAttempts.lt(max))
        .exec(conn)
        .await?
        .rows_affected;
    if reserved == 0 {
        return Ok(None);
    }
    Ok(registration::Entity::find_by_id(id).one(conn).await?.map(|r| r.otp_attempts))
}

pub async fn replace_otp(
    conn: &impl ConnectionTrait,
    id: &str,
    otp_hash: &str,
    expires_at: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<()> {
    registration::Entity::update_many()
        .col_expr(registration::Column::OtpHash, Expr::value(otp_hash))
        .col_expr(registration::Column::OtpExpiresAt, Expr::value(expires_at))
        .col_expr(registration::Column::OtpAttempts, Expr::value(0))
        .col_expr(registration::Column::OtpSentAt, Expr::value(at))
        .filter(registration::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &impl ConnectionTrait, id: &str) -> Result<u64> {
    Ok(registration::Entity::delete_by_id(id).exec(conn).await?.rows_affected)
}

/// Drops registrations nobody verified, created before `before`.
pub async fn purge(conn: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64> {
    Ok(registration::Entity::delete_many()
        .filter(registration::Column::CreatedAt.lt(before))
        .exec(conn)
        .await?
        .rows_affected)
}
