use crate::entity::audit_log;
use crate::{new_id, Result};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Failure,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub at: DateTime<Utc>,
    pub actor: &'a str,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: &'a str,
    pub outcome: Outcome,
    pub request_id: Option<&'a str>,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
    pub details: Option<serde_json::Value>,
}

/// Audited values often come from the client (a refused sign-up's username, say): each is cut to a
/// bound so that refused requests cannot grow the database by more than a small, fixed amount.
const TEXT_MAX: usize = 128;
const DETAILS_MAX: usize = 2048;

fn bounded(text: &str, max: usize) -> String {
    pms_domain::validate::truncated(text, max).into_owned()
}

/// Details stay valid JSON when cut: the excerpt is kept inside a marker object.
fn bounded_details(details: serde_json::Value) -> String {
    let text = details.to_string();
    if text.len() <= DETAILS_MAX {
        return text;
    }
    serde_json::json!({ "truncated": true, "excerpt": bounded(&text, DETAILS_MAX - 64) }).to_string()
}

pub async fn record(conn: &impl ConnectionTrait, e: Entry<'_>) -> Result<()> {
    audit_log::ActiveModel {
        id: Set(new_id()),
        occurred_at: Set(e.at),
        actor: Set(bounded(e.actor, TEXT_MAX)),
        action: Set(bounded(e.action, TEXT_MAX)),
        entity_type: Set(bounded(e.entity_type, TEXT_MAX)),
        entity_id: Set(bounded(e.entity_id, TEXT_MAX)),
        outcome: Set(e.outcome.as_str().to_string()),
        request_id: Set(e.request_id.map(|r| bounded(r, TEXT_MAX))),
        before_status: Set(e.before.map(|s| bounded(s, TEXT_MAX))),
        after_status: Set(e.after.map(|s| bounded(s, TEXT_MAX))),
        details: Set(e.details.map(bounded_details)),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Latest entries about one entity, newest first.
pub async fn for_entity(
    conn: &impl ConnectionTrait,
    entity_type: &str,
    entity_id: &str,
    limit: u64,
) -> Result<Vec<audit_log::Model>> {
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::EntityType.eq(entity_type))
        .filter(audit_log::Column::EntityId.eq(entity_id))
        .order_by_desc(audit_log::Column::OccurredAt)
        .order_by_desc(audit_log::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub outcome: Option<String>,
    /// From this instant on (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Before this instant (exclusive).
    pub to: Option<DateTime<Utc>>,
}

/// Audit rows, newest first, filtered by exact values.
pub async fn list(
    conn: &impl ConnectionTrait,
    f: &Filter,
    offset: u64,
    limit: u64,
) -> Result<pms_domain::search::Page<audit_log::Model>> {
    let mut q = audit_log::Entity::find();
    for (value, column) in [
        (&f.entity_type, audit_log::Column::EntityType),
        (&f.entity_id, audit_log::Column::EntityId),
        (&f.actor, audit_log::Column::Actor),
        (&f.action, audit_log::Column::Action),
        (&f.outcome, audit_log::Column::Outcome),
    ] {
        if let Some(v) = value {
            q = q.filter(column.eq(v.as_str()));
        }
    }
    if let Some(from) = f.from {
        q = q.filter(audit_log::Column::OccurredAt.gte(from));
    }
    if let Some(to) = f.to {
        q = q.filter(audit_log::Column::OccurredAt.lt(to));
    }
    let total = crate::query::count(conn, q.clone()).await?;
    let items = q
        .order_by_desc(audit_log::Column::OccurredAt)
        .order_by_desc(audit_log::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await?;
    Ok(pms_domain::search::Page { items, total })
}

/// The people and processes that appear in the trail, for the actor filter (at most `limit`).
pub async fn actors(conn: &impl ConnectionTrait, limit: u64) -> Result<Vec<String>> {
    Ok(audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::Actor)
        .distinct()
        .order_by_asc(audit_log::Column::Actor)
        .limit(limit)
        .into_tuple::<String>()
        .all(conn)
        .await?)
}

/// Names for people of the entities `ids` of one kind that still exist: one query per kind.
pub async fn entity_names(
    conn: &impl ConnectionTrait,
    entity_type: &str,
    ids: &[String],
) -> Result<std::collections::HashMap<String, String>> {
    use crate::entity::{auth_policy, ca_certificate, partner, policy_group, users};
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let pairs: Vec<(String, String)> = match entity_type {
        "partner" | "partner_certificate" => {
            partner::Entity::find()
                .select_only()
                .column(partner::Column::Id)
                .column(partner::Column::Name)
                .filter(partner::Column::Id.is_in(ids.iter().cloned()))
                .into_tuple()
                .all(conn)
                .await?
        }
        "policy" => {
            auth_policy::Entity::find()
                .select_only()
                .column(auth_policy::Column::Id)
                .column(auth_policy::Column::Name)
                .filter(auth_policy::Column::Id.is_in(ids.iter().cloned()))
                .into_tuple()
                .all(conn)
                .await?
        }
        "policy_group" => {
            policy_group::Entity::find()
                .select_only()
                .column(policy_group::Column::Id)
                .column(policy_group::Column::Name)
                .filter(policy_group::Column::Id.is_in(ids.iter().cloned()))
                .into_tuple()
                .all(conn)
                .await?
        }
        "ca_certificate" => {
            ca_certificate::Entity::find()
                .select_only()
                .column(ca_certificate::Column::CertId)
                .column(ca_certificate::Column::SubjectDn)
                .filter(ca_certificate::Column::CertId.is_in(ids.iter().cloned()))
                .into_tuple()
                .all(conn)
                .await?
        }
        "user" | "registration" => {
            users::Entity::find()
                .select_only()
                .column(users::Column::Username)
                .column_as(users::Column::Username, "name")
                .filter(users::Column::Username.is_in(ids.iter().cloned()))
                .into_tuple()
                .all(conn)
                .await?
        }
        _ => Vec::new(),
    };
    Ok(pairs.into_iter().collect())
}
