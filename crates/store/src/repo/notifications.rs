//! In-portal notifications (the bell) and the expiry reminders already sent.

use crate::entity::{notification, reminder};
use crate::{new_id, Result};
use chrono::{DateTime, Utc};
use pms_domain::search::Page;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

/// A notification to write.
#[derive(Debug, Clone)]
pub struct New {
    pub username: String,
    pub kind: String,
    pub subject: String,
    pub body: String,
}

pub async fn insert(conn: &impl ConnectionTrait, all: Vec<New>, at: DateTime<Utc>) -> Result<()> {
    let rows: Vec<_> = all
        .into_iter()
        .map(|n| notification::ActiveModel {
            id: Set(new_id()),
            username: Set(n.username),
            kind: Set(n.kind),
            subject: Set(n.subject),
            body: Set(n.body),
            created_at: Set(at),
            read_at: Set(None),
        })
        .collect();
    for chunk in rows.chunks(500) {
        notification::Entity::insert_many(chunk.to_vec()).exec_without_returning(conn).await?;
    }
    Ok(())
}

/// A user's notifications, newest first.
pub async fn of_user(
    conn: &impl ConnectionTrait,
    username: &str,
    offset: u64,
    limit: u64,
) -> Result<Page<notification::Model>> {
    let q = notification::Entity::find().filter(notification::Column::Username.eq(username));
    let total = crate::query::count(conn, q.clone()).await?;
    let items = q
        .order_by_desc(notification::Column::CreatedAt)
        .order_by_desc(notification::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await?;
    Ok(Page { items, total })
}

pub async fn unread(conn: &impl ConnectionTrait, username: &str) -> Result<u64> {
    let q = notification::Entity::find()
        .filter(notification::Column::Username.eq(username))
        .filter(notification::Column::ReadAt.is_null());
    crate::query::count(conn, q).await
}

/// Marks the user's notifications read: one, or all of them.
pub async fn mark_read(
    conn: &impl ConnectionTrait,
    username: &str,
    id: Option<&str>,
    at: DateTime<Utc>,
) -> Result<u64> {
    let mut q = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(at))
        .filter(notification::Column::Username.eq(username))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(id) = id {
        q = q.filter(notification::Column::Id.eq(id));
    }
    Ok(q.exec(conn).await?.rows_affected)
}

/// Of `ids`, those already reminded at `threshold_days` (one query).
pub async fn reminded(
    conn: &impl ConnectionTrait,
    entity_type: &str,
    ids: &[String],
    threshold_days: i32,
) -> Result<std::collections::HashSet<String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(reminder::Entity::find()
        .select_only()
        .column(reminder::Column::EntityId)
        .filter(reminder::Column::EntityType.eq(entity_type))
        .filter(reminder::Column::ThresholdDays.eq(threshold_days))
        .filter(reminder::Column::EntityId.is_in(ids.iter().cloned()))
        .into_tuple::<String>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}

pub async fn remember(
    conn: &impl ConnectionTrait,
    entity_type: &str,
    entity_id: &str,
    threshold_days: i32,
    at: DateTime<Utc>,
) -> Result<()> {
    reminder::Entity::insert(reminder::ActiveModel {
        entity_type: Set(entity_type.to_string()),
        entity_id: Set(entity_id.to_string()),
        threshold_days: Set(threshold_days),
        sent_at: Set(at),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}
