//! Measures a release `pms serve` as a separate process, over loopback HTTP:
//! start-up time to the first `/healthz` 200, resident memory idle and under load, and
//! requests/second with p50/p99 latency for policy reads, policy searches over 10,000 policies and
//! partner-list searches over 100,000 partners, the policy-request list over 100,000 requests, the
//! SBI and device lists over 10,000 SBIs and 100,000 devices, API-key generation and verification,
//! on SQLite and on PostgreSQL.
//!
//! `cargo run --release -p pms-bench -- --help`

use anyhow::{bail, Context, Result};
use clap::Parser;
use pms_domain::partner::PartnerStatus;
use pms_domain::policy::PolicyType;
use pms_store::entity::{auth_policy, partner, partner_policy, partner_policy_request, policy_group};
use pms_store::sea_orm::{EntityTrait, Set};
use pms_store::{Store, StoreOptions};
use pms_testkit::TestDatabase;
use rand::Rng;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const ADMIN_PASSWORD: &str = "bench-admin-password-1";

#[derive(Parser, Clone)]
struct Args {
    /// `sqlite`, `postgres` or `both`.
    #[arg(long, default_value = "both")]
    database: String,
    /// PostgreSQL server for the `postgres` run (a fresh database is created and dropped).
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432")]
    postgres: String,
    /// The `pms` binary to measure.
    #[arg(long, default_value = "target/release/pms")]
    pms: String,
    #[arg(long, default_value_t = 10_000)]
    policies: usize,
    #[arg(long, default_value_t = 100_000)]
    partners: usize,
    #[arg(long, default_value_t = 100_000)]
    requests: usize,
    /// SBIs, and devices mapped to them, for the device lists.
    #[arg(long, default_value_t = 10_000)]
    sbis: usize,
    #[arg(long, default_value_t = 100_000)]
    devices: usize,
    /// API keys seeded for the verification scenario.
    #[arg(long, default_value_t = 10_000)]
    keys: usize,
    /// Concurrent client connections.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Seconds per scenario.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Keep the seeded database (its path is printed) for inspection.
    #[arg(long)]
    keep: bool,
    /// Internal: serve the baseline (a bare axum handler reading one policy row) on this
    /// database, at `--listen`, instead of measuring.
    #[arg(long, hide = true)]
    baseline_database: Option<String>,
    #[arg(long, hide = true, default_value = "127.0.0.1:0")]
    listen: String,
}

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Starts `pms serve` and returns it with the time until `/healthz` answered 200.
async fn start(args: &Args, db: &TestDatabase) -> Result<(Server, Duration)> {
    let port = free_port()?;
    let started = Instant::now();
    let child = Command::new(&args.pms)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--database-url", &db.url, "--data-dir"])
        .arg(&db.dir)
        .env("PMS_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("PMS_LOG", std::env::var("PMS_LOG").unwrap_or_else(|_| "warn".into()))
        .env("PMS_DB_MAX_CONNECTIONS", "16")
        // Many clients share one address here; the login limit is not what is measured.
        .env("PMS_LOGIN_MAX_FAILURES", "1000000")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("cannot start {} (build it with `cargo build --release`)", args.pms))?;
    let server = Server { child, base: format!("http://127.0.0.1:{port}") };
    wait_healthy(&server, started).await?;
    let elapsed = started.elapsed();
    Ok((server, elapsed))
}

/// The baseline to compare the hot path with: the same store, pool and row read, and nothing
/// else (no authentication, no envelope, no audit).
async fn serve_baseline(url: &str, listen: &str) -> Result<()> {
    use axum::extract::{Path, State};
    use axum::routing::get;
    let store = Store::connect(url, &StoreOptions { max_connections: 16 }).await?;
    async fn policy(State(store): State<Arc<Store>>, Path(id): Path<String>) -> axum::response::Response {
        use axum::response::IntoResponse;
        match pms_store::repo::policies::find_plain(store.db(), &id).await {
            Ok(Some(p)) => {
                axum::Json(json!({"id": p.id, "name": p.name, "policies": p.policy_file_id})).into_response()
            }
            _ => axum::http::StatusCode::NOT_FOUND.into_response(),
        }
    }
    let app = axum::Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/v1/policymanager/policies/{id}", get(policy))
        .with_state(Arc::new(store));
    axum::serve(tokio::net::TcpListener::bind(listen).await?, app).await?;
    Ok(())
}

/// Starts the baseline server as a separate process, as `pms` is.
async fn start_baseline(db: &TestDatabase) -> Result<Server> {
    let port = free_port()?;
    let child = Command::new(std::env::current_exe()?)
        .args(["--baseline-database", &db.url, "--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()?;
    let server = Server { child, base: format!("http://127.0.0.1:{port}") };
    wait_healthy(&server, Instant::now()).await?;
    Ok(server)
}

async fn wait_healthy(server: &Server, started: Instant) -> Result<()> {
    let client = reqwest::Client::new();
    loop {
        if let Ok(r) = client.get(format!("{}/healthz", server.base)).send().await {
            if r.status() == 200 {
                return Ok(());
            }
        }
        if started.elapsed() > Duration::from_secs(60) {
            bail!("{} did not become healthy", server.base);
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

async fn login(base: &str) -> Result<String> {
    login_as(base, "admin", ADMIN_PASSWORD).await
}

async fn login_as(base: &str, username: &str, password: &str) -> Result<String> {
    let login: Value = reqwest::Client::new()
        .post(format!("{base}/v1/auth/login"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await?
        .json()
        .await?;
    Ok(login["token"].as_str().context("login failed")?.to_string())
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

/// The partner whose login generates keys in the benchmark: approved, in group 1.
const KEY_PARTNER: &str = "partner-0000001";
/// Policies of group 1 that are published and active (see the seed's rules), which the key
/// partner has approved requests for.
fn key_policies(policies: usize) -> Vec<String> {
    (0..policies).filter(|i| i % 50 == 1 && i % 3 != 0 && i % 7 != 0).map(|i| format!("Policy {i:06}")).collect()
}

/// What the seed made: policy ids and plain values of the seeded keys.
struct Seeded {
    policy_ids: Vec<String>,
    keys: Vec<String>,
}

/// Inserts the data set directly through the store, in batches.
async fn seed(args: &Args, db: &TestDatabase) -> Result<Seeded> {
    let store = Store::connect(&db.url, &StoreOptions { max_connections: 2 }).await?;
    store.migrate().await?;
    let now = pms_domain::Clock::now(&pms_domain::SystemClock);
    let groups: Vec<policy_group::ActiveModel> = (0..50)
        .map(|i| policy_group::ActiveModel {
            id: Set(format!("group-{i:03}")),
            name: Set(format!("Sector {i:03}")),
            descr: Set(format!("Regulated sector number {i}")),
            user_id: Set("bench".into()),
            is_active: Set(true),
            cr_by: Set("bench".into()),
            cr_dtimes: Set(now),
            upd_by: Set(None),
            upd_dtimes: Set(None),
            is_deleted: Set(false),
            del_dtimes: Set(None),
        })
        .collect();
    policy_group::Entity::insert_many(groups).exec(store.db()).await?;

    let document = json!({"authTokenType": "partner", "allowedAuthTypes": [{"authType": "otp", "authSubType": "", "mandatory": false}],
        "allowedKycAttributes": [{"attributeName": "fullName"}], "kycLanguages": ["eng"]})
    .to_string();
    let types = PolicyType::ALL;
    let mut ids = Vec::with_capacity(args.policies);
    let tx = store.begin().await?;
    for chunk in (0..args.policies).collect::<Vec<_>>().chunks(500) {
        let rows: Vec<auth_policy::ActiveModel> = chunk
            .iter()
            .map(|&i| {
                let id = format!("policy-{i:06}");
                ids.push(id.clone());
                let published = i % 3 != 0;
                auth_policy::ActiveModel {
                    id: Set(id),
                    policy_group_id: Set(format!("group-{:03}", i % 50)),
                    name: Set(format!("Policy {i:06}")),
                    descr: Set(format!("Benchmark policy {i} for sector {}", i % 50)),
                    policy_file_id: Set(document.clone()),
                    policy_type: Set(types[i % types.len()].as_str().into()),
                    version: Set("1.0".into()),
                    policy_schema: Set(published.then(|| types[i % types.len()].schema_url().to_string())),
                    valid_from_date: Set(now),
                    valid_to_date: Set(now + chrono::Duration::days(365 * 200)),
                    is_active: Set(published && i % 7 != 0),
                    cr_by: Set("bench".into()),
                    cr_dtimes: Set(now - chrono::Duration::seconds(i as i64)),
                    upd_by: Set(None),
                    upd_dtimes: Set(None),
                    is_deleted: Set(false),
                    del_dtimes: Set(None),
                    cloned_from: Set(None),
                }
            })
            .collect();
        auth_policy::Entity::insert_many(rows).exec(&*tx).await?;
    }
    let partner_types =
        ["Auth_Partner", "Credential_Partner", "Device_Provider", "FTM_Provider", "Online_Verification_Partner"];
    let statuses = [
        PartnerStatus::PendingApproval,
        PartnerStatus::Approved,
        PartnerStatus::Approved,
        PartnerStatus::Rejected,
        PartnerStatus::Deactivated,
    ];
    for chunk in (0..args.partners).collect::<Vec<_>>().chunks(500) {
        let rows: Vec<partner::ActiveModel> = chunk
            .iter()
            .map(|&i| {
                let status = statuses[i % statuses.len()];
                partner::ActiveModel {
                    id: Set(format!("partner-{i:07}")),
                    policy_group_id: Set(Some(format!("group-{:03}", i % 50))),
                    name: Set(format!("Organisation {i:07} {}", ["Bank", "Telecom", "Insurance", "Devices"][i % 4])),
                    address: Set(format!("{i} Main Street")),
                    contact_no: Set("+33 1234 5678".into()),
                    email_id: Set(format!("contact{i}@org{}.example", i % 997)),
                    certificate_alias: Set(None),
                    user_id: Set(format!("partner-{i:07}")),
                    partner_type_code: Set(partner_types[i % partner_types.len()].into()),
                    approval_status: Set(status.approval_status().into()),
                    is_active: Set(status.is_active()),
                    status_reason: Set(None),
                    lang_code: Set("eng".into()),
                    logo_url: Set(None),
                    addl_info: Set(None),
                    cr_by: Set("bench".into()),
                    cr_dtimes: Set(now - chrono::Duration::seconds(i as i64)),
                    upd_by: Set(None),
                    upd_dtimes: Set(None),
                    is_deleted: Set(false),
                    del_dtimes: Set(None),
                }
            })
            .collect();
        partner::Entity::insert_many(rows).exec(&*tx).await?;
    }
    // Requests: partner i asks for a policy of its own group; every status, newest first.
    let request_statuses = ["InProgress", "approved", "rejected"];
    for chunk in (0..args.requests).collect::<Vec<_>>().chunks(500) {
        let rows: Vec<partner_policy_request::ActiveModel> = chunk
            .iter()
            .map(|&i| {
                let partner = i % args.partners;
                let policy = (partner % 50 + 50 * (i / args.partners)) % args.policies;
                partner_policy_request::ActiveModel {
                    id: Set(format!("request-{i:07}")),
                    part_id: Set(format!("partner-{partner:07}")),
                    policy_id: Set(format!("policy-{policy:06}")),
                    request_datetimes: Set(now - chrono::Duration::seconds(i as i64)),
                    request_detail: Set(format!("Use case {i} for residents' e-KYC")),
                    status_code: Set(request_statuses[i % 3].into()),
                    reject_reason: Set(None),
                    cr_by: Set("bench".into()),
                    cr_dtimes: Set(now - chrono::Duration::seconds(i as i64)),
                    upd_by: Set(None),
                    upd_dtimes: Set(None),
                }
            })
            .collect();
        partner_policy_request::Entity::insert_many(rows).exec(&*tx).await?;
    }
    let approved: Vec<partner_policy_request::ActiveModel> = key_policies(args.policies)
        .iter()
        .map(|name| {
            let number = name.trim_start_matches("Policy ");
            partner_policy_request::ActiveModel {
                id: Set(format!("key-request-{number}")),
                part_id: Set(KEY_PARTNER.into()),
                policy_id: Set(format!("policy-{number}")),
                request_datetimes: Set(now),
                request_detail: Set("Keys for the benchmark".into()),
                status_code: Set("approved".into()),
                reject_reason: Set(None),
                cr_by: Set("bench".into()),
                cr_dtimes: Set(now),
                upd_by: Set(None),
                upd_dtimes: Set(None),
            }
        })
        .collect();
    if !approved.is_empty() {
        partner_policy_request::Entity::insert_many(approved).exec(&*tx).await?;
    }
    // Keys as PMS stores them: a public id and the SHA-256 of the whole key.
    let mut keys = Vec::with_capacity(args.keys);
    for chunk in (0..args.keys).collect::<Vec<_>>().chunks(500) {
        let rows: Vec<partner_policy::ActiveModel> = chunk
            .iter()
            .map(|&i| {
                let partner = i % args.partners;
                let key_id = format!("pms_{i:012x}");
                let value = format!("{key_id}_{}", uuid::Uuid::new_v4().simple());
                let hash = hex::encode(Sha256::digest(value.as_bytes()));
                keys.push(value);
                partner_policy::ActiveModel {
                    policy_api_key: Set(key_id),
                    part_id: Set(format!("partner-{partner:07}")),
                    policy_id: Set(format!("policy-{:06}", (partner % 50) % args.policies)),
                    label: Set(format!("key {i}")),
                    valid_from_datetime: Set(now),
                    valid_to_datetime: Set(Some(now + chrono::Duration::days(365))),
                    is_active: Set(true),
                    key_hash: Set(hash),
                    request_id: Set(None),
                    expired_at: Set(None),
                    replaced_by: Set(None),
                    cr_by: Set("bench".into()),
                    cr_dtimes: Set(now - chrono::Duration::seconds(i as i64)),
                    upd_by: Set(None),
                    upd_dtimes: Set(None),
                }
            })
            .collect();
        partner_policy::Entity::insert_many(rows).exec(&*tx).await?;
    }
    seed_devices(args, &*tx, now).await?;
    tx.commit().await?;
    store.close().await?;
    Ok(Seeded { policy_ids: ids, keys })
}

/// SBIs of the approved device providers (every fifth partner, from the third) and devices
/// mapped to them, in every status, newest first.
async fn seed_devices(
    args: &Args,
    conn: &impl pms_store::sea_orm::ConnectionTrait,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    use pms_domain::device::Status;
    use pms_store::entity::{device_detail, device_detail_sbi, secure_biometric_interface as sbi};
    let providers = (args.partners / 5).max(1);
    let provider = |j: usize| format!("partner-{:07}", 5 * (j % providers) + 2);
    let statuses = [Status::Approved, Status::PendingApproval, Status::Approved, Status::Rejected, Status::Deactivated];
    for chunk in (0..args.sbis).collect::<Vec<_>>().chunks(500) {
        let rows: Vec<sbi::ActiveModel> = chunk
            .iter()
            .map(|&j| {
                let (approval, active) = statuses[j % statuses.len()].to_row();
                sbi::ActiveModel {
                    id: Set(format!("sbi-{j:06}")),
                    sw_binary_hash: Set(format!("{j:032x}")),
                    sw_version: Set(format!("{}.{}.{}", j / 10_000, (j / 100) % 100, j % 100)),
                    sw_cr_dtimes: Set(Some(now - chrono::Duration::days(30))),
                    sw_expiry_dtimes: Set(Some(now + chrono::Duration::days((j % 730) as i64 - 30))),
                    approval_status: Set(approval.into()),
                    is_active: Set(active),
                    provider_id: Set(provider(j)),
                    partner_org_name: Set(Some(format!("Organisation {} Devices", provider(j)))),
                    cr_by: Set("bench".into()),
                    cr_dtimes: Set(now - chrono::Duration::seconds(j as i64)),
                    upd_by: Set(None),
                    upd_dtimes: Set(None),
                    is_deleted: Set(false),
                    del_dtimes: Set(None),
                }
            })
            .collect();
        sbi::Entity::insert_many(rows).exec(conn).await?;
    }
    let sub_types = [("Finger", "Slap"), ("Finger", "Single"), ("Iris", "Double"), ("Face", "Full face")];
    for chunk in (0..args.devices).collect::<Vec<_>>().chunks(500) {
        let mut devices = Vec::with_capacity(chunk.len());
        let mut mappings = Vec::with_capacity(chunk.len());
        for &k in chunk {
            let j = k % args.sbis.max(1);
            let (typ, sub) = sub_types[k % sub_types.len()];
            let (approval, active) = statuses[(k / 7) % statuses.len()].to_row();
            let at = now - chrono::Duration::seconds(k as i64);
            let org = Some(format!("Organisation {} Devices", provider(j)));
            devices.push(device_detail::ActiveModel {
                id: Set(format!("device-{k:07}")),
                dprovider_id: Set(provider(j)),
                dtype_code: Set(typ.into()),
                dstype_code: Set(sub.into()),
                make: Set(format!("Make {:03}", k % 1000)),
                model: Set(format!("Model {k:07}")),
                partner_org_name: Set(org.clone()),
                approval_status: Set(approval.into()),
                is_active: Set(active),
                cr_by: Set("bench".into()),
                cr_dtimes: Set(at),
                upd_by: Set(None),
                upd_dtimes: Set(None),
                is_deleted: Set(false),
                del_dtimes: Set(None),
            });
            mappings.push(device_detail_sbi::ActiveModel {
                device_detail_id: Set(format!("device-{k:07}")),
                sbi_id: Set(format!("sbi-{j:06}")),
                dprovider_id: Set(provider(j)),
                partner_org_name: Set(org),
                is_active: Set(active),
                cr_by: Set("bench".into()),
                cr_dtimes: Set(at),
                upd_by: Set(None),
                upd_dtimes: Set(None),
                is_deleted: Set(false),
                del_dtimes: Set(None),
            });
        }
        device_detail::Entity::insert_many(devices).exec(conn).await?;
        device_detail_sbi::Entity::insert_many(mappings).exec(conn).await?;
    }
    Ok(())
}

/// Adds the key partner's login with the `pms user add` command.
fn add_key_partner_user(args: &Args, db: &TestDatabase) -> Result<()> {
    let status = Command::new(&args.pms)
        .args(["user", "add", "--database-url", &db.url, "--data-dir"])
        .arg(&db.dir)
        .args(["--username", KEY_PARTNER, "--email", "keys@bench.example", "--role", "AUTH_PARTNER", "--password"])
        .arg(ADMIN_PASSWORD)
        .stdout(Stdio::null())
        .status()?;
    if !status.success() {
        bail!("pms user add failed");
    }
    Ok(())
}

struct Outcome {
    requests: u64,
    errors: u64,
    seconds: f64,
    p50_ms: f64,
    p99_ms: f64,
    peak_rss_kib: u64,
}

type MakeRequest = Arc<dyn Fn(&reqwest::Client, &str) -> reqwest::RequestBuilder + Send + Sync>;

/// Runs `make` from `concurrency` workers for `seconds`, recording every latency.
async fn load(args: &Args, server: &Server, token: &str, make: MakeRequest) -> Result<Outcome> {
    let client = reqwest::Client::builder().pool_max_idle_per_host(args.concurrency).build()?;
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(AtomicU64::new(0));
    let peak = Arc::new(AtomicU64::new(0));
    let pid = server.child.id();
    let sampler = {
        let (stop, peak) = (stop.clone(), peak.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                peak.fetch_max(rss_kib(pid), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..args.concurrency {
        let (client, stop, errors, make) = (client.clone(), stop.clone(), errors.clone(), make.clone());
        let (base, token) = (server.base.clone(), token.to_string());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(100_000);
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                let ok = match make(&client, &base).bearer_auth(&token).send().await {
                    Ok(r) if r.status() == 200 => {
                        r.bytes().await.map(|b| !b.windows(11).any(|w| w == b"\"errorCode\"")).unwrap_or(false)
                    }
                    _ => false,
                };
                latencies.push(t.elapsed().as_micros() as u64);
                if !ok {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
            latencies
        }));
    }
    tokio::time::sleep(Duration::from_secs(args.seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await?);
    }
    let seconds = started.elapsed().as_secs_f64();
    sampler.await?;
    all.sort_unstable();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1))).copied().unwrap_or(0) as f64
            / 1000.0
    };
    Ok(Outcome {
        requests: all.len() as u64,
        errors: errors.load(Ordering::Relaxed),
        seconds,
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        peak_rss_kib: peak.load(Ordering::Relaxed),
    })
}

async fn run(args: &Args, backend: &str) -> Result<()> {
    if backend == "postgres" {
        std::env::set_var(pms_testkit::POSTGRES_ENV, &args.postgres);
    } else {
        std::env::remove_var(pms_testkit::POSTGRES_ENV);
    }
    let db = TestDatabase::create().await;

    // Cold start: empty database, so migrations and the bootstrap admin are included.
    let (server, cold) = start(args, &db).await?;
    drop(server);

    let seeding = Instant::now();
    let seeded = seed(args, &db).await?;
    add_key_partner_user(args, &db)?;
    let seeded_in = seeding.elapsed();
    let ids = Arc::new(seeded.policy_ids);
    let keys = Arc::new(seeded.keys);

    let (server, warm) = start(args, &db).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle_rss = rss_kib(server.child.id());
    let token = login(&server.base).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after_login_rss = rss_kib(server.child.id());
    // Parallel logins put a hash on several blocking threads at once.
    let logins: Vec<_> = (0..8)
        .map(|_| {
            tokio::spawn({
                let base = server.base.clone();
                async move { login(&base).await }
            })
        })
        .collect();
    for l in logins {
        l.await??;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after_logins_rss = rss_kib(server.child.id());

    println!(
        "\n### {backend}: {} policies, {} partners, {} policy requests, {} API keys (seeded in {:.1} s)\n",
        args.policies,
        args.partners,
        args.requests,
        args.keys,
        seeded_in.as_secs_f64()
    );
    println!("- start to first `/healthz` 200: {:.0} ms on an empty database (migrations included), {:.0} ms on the seeded one", cold.as_secs_f64() * 1000.0, warm.as_secs_f64() * 1000.0);
    println!(
        "- resident memory: {:.1} MiB idle after start, {:.1} MiB after one login, {:.1} MiB after 8 more in parallel\n",
        mib(idle_rss),
        mib(after_login_rss),
        mib(after_logins_rss)
    );
    println!("| scenario | requests/s | p50 ms | p99 ms | errors | peak RSS MiB |");
    println!("|---|---:|---:|---:|---:|---:|");

    let policy_count = ids.len();
    let key_token = login_as(&server.base, KEY_PARTNER, ADMIN_PASSWORD).await?;
    let key_policy_names = Arc::new(key_policies(args.policies));
    let labels = Arc::new(AtomicU64::new(0));
    let scenarios: Vec<(&str, MakeRequest)> = vec![
        ("GET /v1/policymanager/policies/{id}", {
            let ids = ids.clone();
            Arc::new(move |c: &reqwest::Client, base: &str| {
                let id = &ids[rand::rng().random_range(0..policy_count)];
                c.get(format!("{base}/v1/policymanager/policies/{id}"))
            })
        }),
        ("POST /v1/policymanager/policies/search (contains + type + sort + page)", {
            Arc::new(|c: &reqwest::Client, base: &str| {
                let mut r = rand::rng();
                let body = json!({"id": "bench", "version": "1.0", "request": {
                    "policyType": "Auth",
                    "filters": [{"columnName": "name", "type": "contains", "value": format!("{:02}", r.random_range(0..100))}],
                    "sort": [{"sortField": "crDtimes", "sortType": "desc"}],
                    "pagination": {"pageStart": r.random_range(0..3), "pageFetch": 10}}});
                c.post(format!("{base}/v1/policymanager/policies/search")).json(&body)
            })
        }),
        ("GET /v1/policymanager/policies/v2 (status + sort + page)", {
            Arc::new(|c: &reqwest::Client, base: &str| {
                let page = rand::rng().random_range(0..50);
                c.get(format!("{base}/v1/policymanager/policies/v2?policyType=DataShare&status=activated&sortFieldName=createdDateTime&sortType=desc&pageNo={page}&pageSize=20"))
            })
        }),
        ("GET /v1/partnermanager/admin-partners (org contains + sort + page)", {
            Arc::new(|c: &reqwest::Client, base: &str| {
                let mut r = rand::rng();
                let org = format!("{:03}", r.random_range(0..1000));
                let page = r.random_range(0..5);
                c.get(format!("{base}/v1/partnermanager/admin-partners?orgName={org}&sortFieldName=createdDateTime&sortType=desc&pageNo={page}&pageSize=20"))
            })
        }),
        ("GET /v1/partnermanager/admin-partners (type + status + sort + deep page)", {
            Arc::new(|c: &reqwest::Client, base: &str| {
                let page = rand::rng().random_range(0..200);
                c.get(format!("{base}/v1/partnermanager/admin-partners?partnerType=Auth_Partner&status=pending_approval&sortFieldName=createdDateTime&sortType=desc&pageNo={page}&pageSize=20"))
            })
        }),
        ("GET /v1/partnermanager/partner-policy-requests (status + sort + page)", {
            Arc::new(|c: &reqwest::Client, base: &str| {
                let page = rand::rng().random_range(0..100);
                c.get(format!("{base}/v1/partnermanager/partner-policy-requests?status=InProgress&sortFieldName=createdDateTime&sortType=desc&pageNo={page}&pageSize=20"))
            })
        }),
        ("GET /v1/partnermanager/partner-policy-requests (policy name contains + org contains + page)", {
            Arc::new(|c: &reqwest::Client, base: &str| {
                let mut r = rand::rng();
                let policy = format!("{:03}", r.random_range(0..100));
                c.get(format!("{base}/v1/partnermanager/partner-policy-requests?policyName={policy}&orgName=bank&pageNo=0&pageSize=20"))
            })
        }),
        ("GET /v1/partnermanager/securebiometricinterface (status + sort + page)", {
            Arc::new(|c: &reqwest::Client, base: &str| {
                let page = rand::rng().random_range(0..100);
                c.get(format!("{base}/v1/partnermanager/securebiometricinterface?status=approved&sortFieldName=createdDateTime&sortType=desc&pageNo={page}&pageSize=20"))
            })
        }),
        ("GET /v1/partnermanager/securebiometricinterface (sort by device count + page)", {
            Arc::new(|c: &reqwest::Client, base: &str| {
                let page = rand::rng().random_range(0..10);
                c.get(format!("{base}/v1/partnermanager/securebiometricinterface?sortFieldName=countOfAssociatedDevices&sortType=desc&pageNo={page}&pageSize=20"))
            })
        }),
        ("GET /v1/partnermanager/devicedetail (status + sort + page)", {
            Arc::new(|c: &reqwest::Client, base: &str| {
                let page = rand::rng().random_range(0..100);
                c.get(format!("{base}/v1/partnermanager/devicedetail?status=pending_approval&sortFieldName=createdDateTime&sortType=desc&pageNo={page}&pageSize=20"))
            })
        }),
        ("GET /v1/partnermanager/devicedetail (make contains + sort by SBI version + page)", {
            Arc::new(|c: &reqwest::Client, base: &str| {
                let make = format!("{:03}", rand::rng().random_range(0..1000));
                c.get(format!("{base}/v1/partnermanager/devicedetail?make={make}&sortFieldName=sbiVersion&sortType=asc&pageNo=0&pageSize=20"))
            })
        }),
        ("POST /v1/pms/api-keys/verify (one of the seeded keys)", {
            let keys = keys.clone();
            Arc::new(move |c: &reqwest::Client, base: &str| {
                let key = &keys[rand::rng().random_range(0..keys.len().max(1))];
                let body = json!({"id": "mosip.pms.apikey.verify", "version": "1.0", "requestTime": pms_now(), "request": {"apiKey": key}});
                c.post(format!("{base}/v1/pms/api-keys/verify")).json(&body)
            })
        }),
    ];
    let generate: MakeRequest = {
        let names = key_policy_names.clone();
        Arc::new(move |c: &reqwest::Client, base: &str| {
            let n = labels.fetch_add(1, Ordering::Relaxed);
            let policy = &names[n as usize % names.len().max(1)];
            let body = json!({"id": "bench", "version": "1.0", "request": {"policyName": policy, "label": format!("bench {n}")}});
            c.patch(format!("{base}/v1/partnermanager/partners/{KEY_PARTNER}/generate/apikey")).json(&body)
        })
    };
    let mut peak_overall = 0;
    let mut hot_rate = 0.0;
    for (i, (name, make)) in scenarios.into_iter().enumerate() {
        let o = load(args, &server, &token, make).await?;
        peak_overall = peak_overall.max(o.peak_rss_kib);
        if i == 0 {
            hot_rate = o.requests as f64 / o.seconds;
        }
        println!(
            "| {name} | {:.0} | {:.2} | {:.2} | {} | {:.1} |",
            o.requests as f64 / o.seconds,
            o.p50_ms,
            o.p99_ms,
            o.errors,
            mib(o.peak_rss_kib)
        );
    }
    let o = load(args, &server, &key_token, generate).await?;
    peak_overall = peak_overall.max(o.peak_rss_kib);
    println!(
        "| PATCH /v1/partnermanager/partners/{{id}}/generate/apikey (a new label each time) | {:.0} | {:.2} | {:.2} | {} | {:.1} |",
        o.requests as f64 / o.seconds,
        o.p50_ms,
        o.p99_ms,
        o.errors,
        mib(o.peak_rss_kib)
    );
    println!("\nPeak resident memory under load: {:.1} MiB.", mib(peak_overall));
    drop(server);
    if backend == "sqlite" {
        let baseline = start_baseline(&db).await?;
        let make: MakeRequest = {
            let ids = ids.clone();
            Arc::new(move |c: &reqwest::Client, base: &str| {
                let id = &ids[rand::rng().random_range(0..policy_count)];
                c.get(format!("{base}/v1/policymanager/policies/{id}"))
            })
        };
        let o = load(args, &baseline, &token, make).await?;
        let rate = o.requests as f64 / o.seconds;
        println!(
            "\nBaseline, a bare axum handler reading the same row through the same store (no authentication, \
             no envelope): {rate:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, {} errors.",
            o.p50_ms, o.p99_ms, o.errors
        );
        println!("`GET /v1/policymanager/policies/{{id}}` reached {:.0} % of it.", 100.0 * hot_rate / rate);
    }
    if args.keep {
        println!("Kept the database: {}", db.url);
        std::mem::forget(db);
    }
    Ok(())
}

fn pms_now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    if let Some(url) = &args.baseline_database {
        return serve_baseline(url, &args.listen).await;
    }
    println!(
        "pms-bench: {} clients for {} s per scenario, {} CPUs, binary {}",
        args.concurrency,
        args.seconds,
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        args.pms
    );
    let backends: Vec<&str> = match args.database.as_str() {
        "both" => vec!["sqlite", "postgres"],
        "sqlite" => vec!["sqlite"],
        "postgres" => vec!["postgres"],
        other => bail!("--database must be sqlite, postgres or both, not {other}"),
    };
    for backend in backends {
        run(&args, backend).await?;
    }
    Ok(())
}
