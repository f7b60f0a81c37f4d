//! Store-level checks that must hold on both backends: migrations apply, SQL-side search escapes
//! wildcards, and conditional transitions refuse stale states. Runs on PostgreSQL when
//! `PMS_TEST_DATABASE_URL` is set (see pms-testkit).

use pms_domain::partner::PartnerStatus;
use pms_domain::policy::PolicyType;
use pms_domain::search::{plan_search, SearchRequest};
use pms_store::repo::{partners, policies, policy_groups, rate_limit};
use pms_store::{Stamp, Store, StoreOptions};

fn at() -> chrono::DateTime<chrono::Utc> {
    pms_domain::Clock::now(&pms_domain::SystemClock)
}

fn by(actor: &str) -> Stamp<'_> {
    Stamp { actor, at: at() }
}
use pms_testkit::TestDatabase;
use serde_json::json;

async fn open() -> (TestDatabase, Store) {
    let db = TestDatabase::create().await;
    let store = Store::connect(&db.url, &StoreOptions::default()).await.unwrap();
    store.migrate().await.unwrap();
    // A second run is a no-op.
    store.migrate().await.unwrap();
    (db, store)
}

#[tokio::test]
async fn search_escapes_wildcards_and_pages_in_sql() {
    let (_db, store) = open().await;
    {
        let conn = store.db();
        for (id, name) in [("g1", "50% off"), ("g2", "a_b"), ("g3", "axb"), ("g4", "Banking"), ("g5", "Delta")] {
            policy_groups::insert(conn, id, name, "d", by("tester")).await.unwrap();
        }
        let search = |value: &str| {
            plan_search(
                &serde_json::from_value::<SearchRequest>(json!({
                    "filters": [{"columnName": "name", "type": "contains", "value": value}],
                    "sort": [{"sortField": "name", "sortType": "asc"}],
                    "pagination": {"pageStart": 0, "pageFetch": 10}
                }))
                .unwrap(),
                policy_groups::FIELDS,
            )
            .unwrap()
        };
        let names = |page: pms_domain::search::Page<pms_store::entity::policy_group::Model>| {
            page.items.into_iter().map(|g| g.name).collect::<Vec<_>>()
        };
        assert_eq!(names(policy_groups::search(conn, &search("0%")).await.unwrap()), vec!["50% off"]);
        assert_eq!(names(policy_groups::search(conn, &search("_")).await.unwrap()), vec!["a_b"]);
        assert_eq!(names(policy_groups::search(conn, &search("BANK")).await.unwrap()), vec!["Banking"]);

        let page = plan_search(
            &serde_json::from_value::<SearchRequest>(json!({
                "filters": [{"columnName": "name", "type": "contains", "value": "a"}],
                "sort": [{"sortField": "name", "sortType": "desc"}],
                "pagination": {"pageStart": 1, "pageFetch": 2}
            }))
            .unwrap(),
            policy_groups::FIELDS,
        )
        .unwrap();
        let got = policy_groups::search(conn, &page).await.unwrap();
        // Case-insensitive order: Delta, Banking, axb, a_b.
        assert_eq!(got.total, 4);
        assert_eq!(got.items.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(), vec!["axb", "a_b"]);
    }
}

#[tokio::test]
async fn conditional_transitions_refuse_stale_state() {
    let (_db, store) = open().await;
    {
        let conn = store.db();
        partners::insert(
            conn,
            partners::NewPartner {
                id: "p1",
                policy_group_id: None,
                name: "Org",
                address: "Street",
                contact_no: "123",
                email: "p1@org.example",
                partner_type_code: "Device_Provider",
                status: PartnerStatus::PendingApproval,
                lang_code: "eng",
                logo_url: None,
                addl_info: None,
                by: by("tester"),
            },
        )
        .await
        .unwrap();
        let from = PartnerStatus::PendingApproval;
        assert_eq!(partners::transition(conn, "p1", from, PartnerStatus::Approved, None, by("a")).await.unwrap(), 1);
        assert_eq!(
            partners::transition(conn, "p1", from, PartnerStatus::Rejected, Some("late"), by("b")).await.unwrap(),
            0
        );
        let p = partners::find(conn, "p1").await.unwrap().unwrap();
        assert_eq!(PartnerStatus::from_row(&p.approval_status, p.is_active), PartnerStatus::Approved);

        policy_groups::insert(conn, "g", "Group", "d", by("t")).await.unwrap();
        policies::insert(
            conn,
            policies::NewPolicy {
                id: "pol",
                group_id: "g",
                name: "P",
                desc: "d",
                policy_json: "{}",
                policy_type: PolicyType::Auth,
                version: "1.0",
                valid_to: at(),
                cloned_from: None,
                by: by("t"),
            },
        )
        .await
        .unwrap();
        assert_eq!(policies::publish(conn, "pol", "url", by("t")).await.unwrap(), 1);
        assert_eq!(policies::publish(conn, "pol", "url", by("t")).await.unwrap(), 0);
        assert_eq!(policy_groups::policy_counts(conn, "g").await.unwrap(), (1, 0));
    }
}

#[tokio::test]
async fn rate_limit_windows() {
    let (_db, store) = open().await;
    {
        let conn = store.db();
        let window = chrono::Duration::minutes(5);
        assert_eq!(rate_limit::current(conn, "k", window, at()).await.unwrap(), 0);
        assert_eq!(rate_limit::hit(conn, "k", window, at()).await.unwrap(), 1);
        assert_eq!(rate_limit::hit(conn, "k", window, at()).await.unwrap(), 2);
        // A zero-length window is always stale: the count restarts.
        assert_eq!(rate_limit::hit(conn, "k", chrono::Duration::zero(), at()).await.unwrap(), 0);
        rate_limit::reset(conn, "k").await.unwrap();
        assert_eq!(rate_limit::current(conn, "k", window, at()).await.unwrap(), 0);
    }
}

#[tokio::test]
async fn substring_search_ignores_case_as_far_as_the_backend_can() {
    let (db, store) = open().await;
    let conn = store.db();
    policy_groups::insert(conn, "g1", "ÉCOLE Supérieure", "d", by("t")).await.unwrap();
    policy_groups::insert(conn, "g2", "Bank of Nowhere", "d", by("t")).await.unwrap();
    let names = |value: &str| {
        let plan = plan_search(
            &serde_json::from_value::<SearchRequest>(json!({
                "filters": [{"columnName": "name", "type": "contains", "value": value}],
                "pagination": {"pageStart": 0, "pageFetch": 10}
            }))
            .unwrap(),
            policy_groups::FIELDS,
        )
        .unwrap();
        async move {
            policy_groups::search(conn, &plan).await.unwrap().items.into_iter().map(|g| g.name).collect::<Vec<_>>()
        }
    };
    assert_eq!(names("bANK").await, vec!["Bank of Nowhere"]);
    assert_eq!(names("SUPér").await, vec!["ÉCOLE Supérieure"], "ASCII letters fold, the accented one matches itself");
    // Only PostgreSQL folds non-ASCII letters; SQLite (without ICU) cannot.
    let folded = names("école").await;
    if db.is_postgres() {
        assert_eq!(folded, vec!["ÉCOLE Supérieure"]);
    } else {
        assert!(folded.is_empty());
    }
}

#[tokio::test]
async fn postgres_substring_searches_have_trigram_indexes() {
    use pms_store::sea_orm::{ConnectionTrait, Statement};
    let (db, store) = open().await;
    let conn = store.db();
    let backend = conn.get_database_backend();
    let sql = if db.is_postgres() {
        "SELECT count(*) AS n FROM pg_indexes WHERE indexname LIKE 'tx\\_%'"
    } else {
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name LIKE 'tx\\_%' ESCAPE '\\'"
    };
    let row = conn.query_one(Statement::from_string(backend, sql)).await.unwrap().unwrap();
    let n: i64 = row.try_get("", "n").unwrap();
    assert_eq!(n, if db.is_postgres() { 12 } else { 0 });
}
