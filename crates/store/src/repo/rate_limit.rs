//! Fixed-window counters in the database, so that limits hold across nodes and restarts.

use crate::entity::rate_limit;
use crate::Result;
use chrono::Duration;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// Hits recorded in the current window of `bucket`.
pub async fn current(conn: &impl ConnectionTrait, bucket: &str, window: Duration, at: DateTime<Utc>) -> Result<u32> {
    let row = rate_limit::Entity::find_by_id(bucket).one(conn).await?;
    Ok(match row {
        Some(r) if r.window_start > at - window => r.hits.max(0) as u32,
        _ => 0,
    })
}

/// Records one hit and returns the count in the current window (a stale window restarts at 1).
pub async fn hit(conn: &impl ConnectionTrait, bucket: &str, window: Duration, at: DateTime<Utc>) -> Result<u32> {
    let cutoff = at - window;
    let stale = Expr::col((rate_limit::Entity, rate_limit::Column::WindowStart)).lt(cutoff);
    rate_limit::Entity::insert(rate_limit::ActiveModel {
        bucket: Set(bucket.to_string()),
        window_start: Set(at),
        hits: Set(1),
    })
    .on_conflict(
        OnConflict::column(rate_limit::Column::Bucket)
            .value(
                rate_limit::Column::Hits,
                Expr::case(stale.clone(), 1).finally(Expr::col((rate_limit::Entity, rate_limit::Column::Hits)).add(1)),
            )
            .value(
                rate_limit::Column::WindowStart,
                Expr::case(stale, at).finally(Expr::col((rate_limit::Entity, rate_limit::Column::WindowStart))),
            )
            .to_owned(),
    )
    .exec(conn)
    .await?;
    current(conn, bucket, window, at).await
}

/// When the current window of `bucket` started, if it has one.
pub async fn window_start(conn: &impl ConnectionTrait, bucket: &str) -> Result<Option<DateTime<Utc>>> {
    Ok(rate_limit::Entity::find_by_id(bucket).one(conn).await?.map(|r| r.window_start))
}

pub async fn reset(conn: &impl ConnectionTrait, bucket: &str) -> Result<()> {
    rate_limit::Entity::delete_many().filter(rate_limit::Column::Bucket.eq(bucket)).exec(conn).await?;
    Ok(())
}

/// Drops counters whose window started before `before` (housekeeping; they count nothing).
pub async fn purge(conn: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64> {
    Ok(rate_limit::Entity::delete_many()
        .filter(rate_limit::Column::WindowStart.lt(before))
        .exec(conn)
        .await?
        .rows_affected)
}
