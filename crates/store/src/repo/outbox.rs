use crate::entity::outbox;
use crate::{new_id, Result};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

/// Queues an event in the caller's transaction; delivery happens after commit.
pub async fn enqueue(
    conn: &impl ConnectionTrait,
    topic: &str,
    payload: &serde_json::Value,
    at: DateTime<Utc>,
) -> Result<String> {
    let id = new_id();
    outbox::ActiveModel {
        id: Set(id.clone()),
        topic: Set(topic.to_string()),
        payload: Set(payload.to_string()),
        created_at: Set(at),
        available_at: Set(at),
        attempts: Set(0),
        lease_owner: Set(None),
        lease_until: Set(None),
        delivered_at: Set(None),
        last_error: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(id)
}

/// Events of a topic in the order they were written.
pub async fn by_topic(conn: &impl ConnectionTrait, topic: &str) -> Result<Vec<outbox::Model>> {
    Ok(outbox::Entity::find()
        .filter(outbox::Column::Topic.eq(topic))
        .order_by_asc(outbox::Column::CreatedAt)
        .order_by_asc(outbox::Column::Id)
        .all(conn)
        .await?)
}

/// Events, newest first, optionally of one topic.
pub async fn list(
    conn: &impl ConnectionTrait,
    topic: Option<&str>,
    offset: u64,
    limit: u64,
) -> Result<pms_domain::search::Page<outbox::Model>> {
    use sea_orm::QuerySelect;
    let mut q = outbox::Entity::find();
    if let Some(t) = topic {
        q = q.filter(outbox::Column::Topic.eq(t));
    }
    let total = crate::query::count(conn, q.clone()).await?;
    let items = q
        .order_by_desc(outbox::Column::CreatedAt)
        .order_by_desc(outbox::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await?;
    Ok(pms_domain::search::Page { items, total })
}
