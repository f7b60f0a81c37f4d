use crate::entity::server_setting;
use crate::Result;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

pub async fn get(conn: &impl ConnectionTrait, key: &str) -> Result<Option<String>> {
    Ok(server_setting::Entity::find_by_id(key).one(conn).await?.map(|s| s.value))
}

/// Stores `value` unless the key already has one; returns the value in force. Several nodes
/// starting together therefore agree on one secret.
pub async fn get_or_insert(conn: &impl ConnectionTrait, key: &str, value: &str) -> Result<String> {
    server_setting::Entity::insert(server_setting::ActiveModel {
        key: Set(key.to_string()),
        value: Set(value.to_string()),
    })
    .on_conflict(OnConflict::column(server_setting::Column::Key).do_nothing().to_owned())
    .do_nothing()
    .exec(conn)
    .await?;
    Ok(get(conn, key).await?.unwrap_or_else(|| value.to_string()))
}
