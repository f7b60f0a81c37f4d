//! Storage for PMS: SQLite (embedded default) or PostgreSQL, chosen by URL, through one SeaORM code
//! path and one migration tree. Every list query filters, sorts and paginates in SQL.

pub mod entity;
pub mod migration;
pub mod query;
pub mod repo;

use chrono::{DateTime, Utc};
use sea_orm::sqlx::postgres::PgPoolOptions;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, SqlErr, SqlxPostgresConnector,
    SqlxSqliteConnector, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use std::ops::Deref;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

pub use sea_orm;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(DbErr),
    /// A unique constraint refused the write (a concurrent writer won).
    #[error("unique constraint violated: {0}")]
    Conflict(String),
    #[error("invalid database URL: {0}")]
    Url(String),
    /// A defect in the store itself (for example a search field without a column).
    #[error("store defect: {0}")]
    Internal(String),
}

impl From<DbErr> for StoreError {
    fn from(e: DbErr) -> Self {
        match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(what)) => StoreError::Conflict(what),
            _ => StoreError::Db(e),
        }
    }
}

impl From<sea_orm::sqlx::Error> for StoreError {
    fn from(e: sea_orm::sqlx::Error) -> Self {
        StoreError::Db(DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e)))
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Who writes and when: every row a write creates or changes is stamped with both. The time
/// comes from the caller's clock; the store never reads the system time.
#[derive(Debug, Clone, Copy)]
pub struct Stamp<'a> {
    pub actor: &'a str,
    pub at: DateTime<Utc>,
}

/// Time-ordered (UUID v7): rows created in one process sort in creation order, which keeps
/// audit and event listings stable when several rows share a millisecond.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub max_connections: u32,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions { max_connections: 10 }
    }
}

#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    /// SQLite has one writer; serialising write transactions in-process avoids `SQLITE_BUSY`
    /// when a read transaction would have to upgrade. PostgreSQL needs no such lock.
    write_lock: Option<Arc<Mutex<()>>>,
}

/// A write transaction. Dropping it without [`Tx::commit`] rolls back.
pub struct Tx {
    txn: DatabaseTransaction,
    _guard: Option<OwnedMutexGuard<()>>,
}

impl Deref for Tx {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        self.txn.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Opens `sqlite://path` (created if missing, WAL, foreign keys on) or `postgres://…`.
    pub async fn connect(url: &str, opts: &StoreOptions) -> Result<Store> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(opts.max_connections)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            return Ok(Store { db: SqlxPostgresConnector::from_sqlx_postgres_pool(pool), write_lock: None });
        }
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|e| StoreError::Url(e.to_string()))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true);
            let pool = SqlitePoolOptions::new().max_connections(opts.max_connections).connect_with(options).await?;
            return Ok(Store {
                db: SqlxSqliteConnector::from_sqlx_sqlite_pool(pool),
                write_lock: Some(Arc::new(Mutex::new(()))),
            });
        }
        Err(StoreError::Url("expected sqlite:// or postgres://".into()))
    }

    pub async fn migrate(&self) -> Result<()> {
        migration::Migrator::up(&self.db, None).await?;
        match self.backend() {
            DbBackend::Postgres => self.trigram_indexes().await,
            _ => self.optimize_with(true).await?,
        }
        Ok(())
    }

    /// SQLite plans queries from statistics it gathers only when asked; without them it may
    /// scan a whole table through an index. They are gathered when the database opens and
    /// refreshed by `PRAGMA optimize` from the periodic housekeeping. PostgreSQL's autovacuum
    /// does this by itself.
    pub async fn optimize(&self) -> Result<()> {
        self.optimize_with(false).await
    }

    async fn optimize_with(&self, opening: bool) -> Result<()> {
        if self.backend() != DbBackend::Sqlite {
            return Ok(());
        }
        // `analysis_limit` bounds the work per index, so this stays in the milliseconds.
        let pragma = if opening {
            "PRAGMA analysis_limit = 1000; ANALYZE;"
        } else {
            "PRAGMA analysis_limit = 1000; PRAGMA optimize;"
        };
        self.db.execute_unprepared(pragma).await?;
        Ok(())
    }

    /// PostgreSQL only: trigram indexes let case-insensitive substring searches use an index
    /// instead of scanning. They need the `pg_trgm` extension; without the right to create it,
    /// searches still work, by scanning.
    async fn trigram_indexes(&self) {
        const INDEXED: &[(&str, &str)] = &[
            ("partner", "id"),
            ("partner", "name"),
            ("partner", "email_id"),
            ("partner", "partner_type_code"),
            ("auth_policy", "name"),
            ("auth_policy", "descr"),
            ("policy_group", "name"),
            ("policy_group", "descr"),
            ("partner_policy_request", "part_id"),
            ("partner_policy_request", "request_detail"),
            ("partner_policy", "part_id"),
            ("partner_policy", "label"),
        ];
        if let Err(e) = self.db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS pg_trgm").await {
            tracing::warn!(%e, "pg_trgm is not available; substring searches will scan");
            return;
        }
        for (table, column) in INDEXED {
            let sql = format!(
                "CREATE INDEX IF NOT EXISTS tx_{table}_{column} ON {table} USING gin (lower({column}) gin_trgm_ops)"
            );
            if let Err(e) = self.db.execute_unprepared(&sql).await {
                tracing::warn!(%e, table, column, "trigram index not created");
            }
        }
    }

    /// Connection for reads (and single-statement writes outside a transaction).
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    pub async fn begin(&self) -> Result<Tx> {
        let guard = match &self.write_lock {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        };
        let txn = self.db.begin().await?;
        Ok(Tx { txn, _guard: guard })
    }

    /// Connections the pool holds, and how many of them are idle.
    pub fn pool_usage(&self) -> (u32, usize) {
        match self.backend() {
            DbBackend::Postgres => {
                let pool = self.db.get_postgres_connection_pool();
                (pool.size(), pool.num_idle())
            }
            _ => {
                let pool = self.db.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle())
            }
        }
    }

    pub async fn ping(&self) -> Result<()> {
        self.db.ping().await?;
        Ok(())
    }

    pub async fn close(self) -> Result<()> {
        self.db.close().await?;
        Ok(())
    }
}
