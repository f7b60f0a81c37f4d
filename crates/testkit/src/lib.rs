//! A database per test. SQLite in a temporary directory by default; with `PMS_TEST_DATABASE_URL`
//! (e.g. `postgres://postgres@127.0.0.1:5432`) a uniquely named PostgreSQL database that is
//! dropped when the test ends, even if it panicked.

pub mod fixtures;
pub mod jwk;
pub mod pki;

pub use pms_domain::ShiftedClock;
use pms_store::sea_orm::ConnectionTrait;
use pms_store::{Store, StoreOptions};
use std::path::PathBuf;

pub const POSTGRES_ENV: &str = "PMS_TEST_DATABASE_URL";

pub struct TestDatabase {
    pub url: String,
    /// Temporary directory holding the SQLite file (and anything else the test writes).
    pub dir: PathBuf,
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    pub async fn create() -> TestDatabase {
        let dir = std::env::temp_dir().join(format!("pms-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("create test directory");
        match std::env::var(POSTGRES_ENV).ok().filter(|v| !v.is_empty()) {
            Some(base) => {
                let base = base.trim_end_matches('/').to_string();
                let name = format!("pms_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Store::connect(&base, &StoreOptions { max_connections: 1 })
                    .await
                    .expect("connect to the PostgreSQL server of PMS_TEST_DATABASE_URL");
                match run_template(&admin, &base).await {
                    Some(template) => {
                        let create = format!("CREATE DATABASE {name} TEMPLATE {template}");
                        let result = admin.db().execute_unprepared(&create).await;
                        admin
                            .db()
                            .execute_unprepared(&format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK})"))
                            .await
                            .ok();
                        result.expect("create test database from the run's template");
                    }
                    None => {
                        let create = format!("CREATE DATABASE {name}");
                        admin.db().execute_unprepared(&create).await.expect("create test database");
                    }
                }
                admin.close().await.ok();
                TestDatabase { url: format!("{base}/{name}"), dir, postgres: Some((base, name)) }
            }
            None => TestDatabase { url: format!("sqlite://{}", dir.join("pms.db").display()), dir, postgres: None },
        }
    }

    pub async fn fixtures(&self) -> fixtures::Fixtures {
        fixtures::Fixtures::connect(&self.url).await
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }
}

/// Serialises the making of a run's template and the copies from it (PostgreSQL refuses to copy a
/// database that another session is reading).
const TEMPLATE_LOCK: i64 = 0x504d_5354_504c;

/// Prefix of the per-run template databases; the test script drops them when the run ends.
pub const TEMPLATE_PREFIX: &str = "pms_tpl_";

/// Under nextest (one process per test), a database already migrated for this run, to copy
/// instead of migrating every test's database again. Returns with the template lock held;
/// `None` (no lock held) outside nextest or when the template cannot be made.
async fn run_template(admin: &Store, base: &str) -> Option<String> {
    let run: String =
        std::env::var("NEXTEST_RUN_ID").ok()?.chars().filter(char::is_ascii_alphanumeric).take(32).collect();
    if run.is_empty() {
        return None;
    }
    let template = format!("{TEMPLATE_PREFIX}{}", run.to_ascii_lowercase());
    let db = admin.db();
    db.execute_unprepared(&format!("SELECT pg_advisory_lock({TEMPLATE_LOCK})")).await.ok()?;
    let exists = db
        .query_one(pms_store::sea_orm::Statement::from_string(
            db.get_database_backend(),
            format!("SELECT 1 FROM pg_database WHERE datname = '{template}'"),
        ))
        .await
        .ok()?
        .is_some();
    if !exists && make_template(admin, base, &template).await.is_none() {
        db.execute_unprepared(&format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK})")).await.ok();
        return None;
    }
    Some(template)
}

/// Migrates a database under a temporary name, then gives it the template's name, so that no
/// test ever copies a half-migrated template.
async fn make_template(admin: &Store, base: &str, template: &str) -> Option<()> {
    let building = format!("{template}_building");
    let db = admin.db();
    db.execute_unprepared(&format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)")).await.ok()?;
    db.execute_unprepared(&format!("CREATE DATABASE {building}")).await.ok()?;
    let store = Store::connect(&format!("{base}/{building}"), &StoreOptions { max_connections: 1 }).await.ok()?;
    let migrated = store.migrate().await;
    store.close().await.ok();
    migrated.ok()?;
    db.execute_unprepared(&format!("ALTER DATABASE {building} RENAME TO {template}")).await.ok()?;
    Some(())
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((base, name)) = self.postgres.take() {
            // Drop runs inside the test's runtime; a fresh thread with its own runtime can block.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                rt.block_on(async {
                    let admin = Store::connect(&base, &StoreOptions { max_connections: 1 }).await.ok()?;
                    admin
                        .db()
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await
                        .ok()?;
                    admin.close().await.ok()
                })
            })
            .join();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
