//! A database per test. SQLite in a temporary directory by default; with `PMS_TEST_DATABASE_URL`
//! (e.g. `postgres://postgres@127.0.0.1:5432`) a uniquely named PostgreSQL database that is
//! dropped when the test ends, even if it panicked.

pub mod fixtures;
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
                admin.db().execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
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
