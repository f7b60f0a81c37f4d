//! The `pms` binary as an operator uses it: first start prints the portal address and a one-time
//! admin password, users are added from the command line, configuration layers apply in order,
//! and SIGTERM stops the server gracefully.

mod common;

use common::*;
use pms_testkit::TestDatabase;
use std::io::Write;
use std::process::Stdio;

#[tokio::test]
async fn first_start_prints_the_portal_and_a_one_time_admin_password() {
    let db = TestDatabase::create().await;
    let port = free_port();
    let (mut child, lines) = serve(&db, port, &[]);
    let text = lines.join("\n");
    assert!(text.contains(&format!("http://127.0.0.1:{port}/")), "{text}");
    let password = lines
        .iter()
        .find_map(|l| l.split("admin / ").nth(1))
        .map(|p| p.trim().to_string())
        .unwrap_or_else(|| panic!("no generated password in:\n{text}"));
    wait_healthy(port).await;
    assert_eq!(login(port, "admin", &password).await, 200);
    assert_eq!(login(port, "admin", "not-the-password-1").await, 401);
    assert!(terminate(&mut child).success(), "graceful shutdown exits with 0");

    // The second start finds users and prints no password.
    let (mut child, lines) = serve(&db, port, &[]);
    assert!(!lines.join("\n").contains("admin / "), "{lines:?}");
    wait_healthy(port).await;
    assert_eq!(login(port, "admin", &password).await, 200);
    terminate(&mut child);
}

#[tokio::test]
async fn ca_certificates_are_imported_and_listed_from_the_command_line() {
    use pms_testkit::pki::{Authority, Subject};
    let db = TestDatabase::create().await;
    let now = chrono::Utc::now();
    let root = Authority::root(&Subject::new("Operator Root", "Trust Services"), now);
    let file = db.dir.join("root.pem");
    std::fs::write(&file, &root.pem).unwrap();
    let path = file.to_str().unwrap();
    let out = run_pms(&db, &["trust", "import-ca", "--domain", "DEVICE", path], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Upload Success."));
    let again = run_pms(&db, &["trust", "import-ca", "--domain", "DEVICE", path], None);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("KER-PCM-003"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    std::fs::write(&file, "not a certificate").unwrap();
    let garbage = run_pms(&db, &["trust", "import-ca", "--domain", "AUTH", path], None);
    assert!(String::from_utf8_lossy(&garbage.stderr).contains("KER-PCM-001"));
    let out = run_pms(&db, &["trust", "list"], None);
    let listed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(listed.lines().count(), 2, "{listed}");
    assert!(listed.contains("DEVICE") && listed.contains("ROOT") && listed.contains("Operator Root"), "{listed}");
}

#[tokio::test]
async fn users_added_from_the_command_line_can_log_in() {
    let db = TestDatabase::create().await;
    let run = |args: &[&str], stdin: Option<&str>| run_pms(&db, args, stdin);
    let out = run(&["migrate"], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let out = run(
        &[
            "user",
            "add",
            "--username",
            "regproc",
            "--email",
            "regproc@mosip.example",
            "--password-stdin",
            "--role",
            "REGISTRATION_PROCESSOR",
            "--role",
            "POLICYMANAGER",
        ],
        Some("a-long-service-secret-9\n"),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // A weak password, an invalid role and a duplicate are refused with a message.
    for (args, why) in [
        (
            vec!["--username", "weak", "--email", "w@x.example", "--password", "short", "--role", "AUTH_PARTNER"],
            "at least 12",
        ),
        (
            vec![
                "--username",
                "bad-role",
                "--email",
                "b@x.example",
                "--password",
                "long-enough-pass-1",
                "--role",
                "partner_admin",
            ],
            "role",
        ),
        (
            vec![
                "--username",
                "regproc",
                "--email",
                "r2@x.example",
                "--password",
                "long-enough-pass-1",
                "--role",
                "RESIDENT",
            ],
            "already exists",
        ),
    ] {
        let mut all = vec!["user", "add"];
        all.extend(args);
        let out = run(&all, None);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains(why), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let out = run(&["user", "list"], None);
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(listed.contains("regproc") && listed.contains("POLICYMANAGER,REGISTRATION_PROCESSOR"), "{listed}");

    let port = free_port();
    let (mut child, _) = serve(&db, port, &[("PMS_ADMIN_PASSWORD", "admin-password-77")]);
    wait_healthy(port).await;
    assert_eq!(login(port, "regproc", "a-long-service-secret-9").await, 200);
    // Users existed, so no admin was bootstrapped.
    assert_eq!(login(port, "admin", "admin-password-77").await, 401);
    terminate(&mut child);
}

#[tokio::test]
async fn flags_beat_environment_which_beats_the_config_file() {
    let db = TestDatabase::create().await;
    let file_port = free_port();
    let env_port = free_port();
    let flag_port = free_port();
    let config = db.dir.join("pms.toml");
    std::fs::write(
        &config,
        format!(
            "listen = \"127.0.0.1:{file_port}\"\ndatabase_url = \"{}\"\nrequest_time_check = \"same-day\"\n",
            db.url
        ),
    )
    .unwrap();
    let start = |envs: Vec<(&str, String)>, flag: Option<u16>| {
        let mut cmd = pms();
        cmd.arg("serve").arg("--config").arg(&config).arg("--data-dir").arg(&db.dir);
        if let Some(p) = flag {
            cmd.args(["--listen", &format!("127.0.0.1:{p}")]);
        }
        cmd.env("PMS_LOG", "warn").env("PMS_ADMIN_PASSWORD", "admin-password-77").env_remove("PMS_LISTEN");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn")
    };
    let mut child = start(vec![], None);
    wait_healthy(file_port).await;
    terminate(&mut child);
    let mut child = start(vec![("PMS_LISTEN", format!("127.0.0.1:{env_port}"))], None);
    wait_healthy(env_port).await;
    terminate(&mut child);
    let mut child = start(vec![("PMS_LISTEN", format!("127.0.0.1:{env_port}"))], Some(flag_port));
    wait_healthy(flag_port).await;
    terminate(&mut child);

    // A broken configuration is refused with a message, not a panic.
    std::fs::write(&config, "partner_approval = \"sometimes\"\n").unwrap();
    let out = pms().arg("serve").arg("--config").arg(&config).output().unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("partner_approval"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn the_server_keeps_running_when_its_output_is_closed() {
    let db = TestDatabase::create().await;
    let port = free_port();
    let mut child = pms()
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--database-url", &db.url, "--data-dir"])
        .arg(&db.dir)
        .env("PMS_ADMIN_PASSWORD", "admin-password-77")
        .env("PMS_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Close our end of its standard output before it prints its banner.
    drop(child.stdout.take());
    wait_healthy(port).await;
    assert_eq!(login(port, "admin", "admin-password-77").await, 200);
    assert!(child.try_wait().unwrap().is_none(), "still running");
    terminate(&mut child);
}

#[tokio::test]
async fn logs_to_a_pipe_carry_no_colour_codes() {
    let db = TestDatabase::create().await;
    let port = free_port();
    let mut child = pms()
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--database-url", &db.url, "--data-dir"])
        .arg(&db.dir)
        .env("PMS_LOG", "info")
        .env("PMS_ADMIN_PASSWORD", "admin-password-77")
        // The newer settings load from the environment too.
        .env("PMS_TRUSTED_PROXIES", "10.0.0.1,10.0.0.2")
        .env("PMS_HEADER_READ_TIMEOUT_SECONDS", "5")
        .env("PMS_IDLE_TIMEOUT_SECONDS", "30")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn pms serve");
    let mut stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut all = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stderr, &mut all);
        all
    });
    wait_healthy(port).await;
    assert!(terminate(&mut child).success());
    let logged = String::from_utf8_lossy(&reader.join().expect("stderr reader")).to_string();
    assert!(logged.contains("listening"), "{logged}");
    assert!(!logged.contains("\x1b["), "{logged:?}");
}

/// `pms user set-password`, `disable` and `enable`: the way back in when a password is lost, and
/// account switches that end sessions at once, audited as the operator.
#[tokio::test]
async fn passwords_are_set_and_users_disabled_from_the_command_line() {
    let db = TestDatabase::create().await;
    let run = |args: &[&str], stdin: Option<&str>| {
        let mut cmd = pms();
        cmd.args(args).args(["--database-url", &db.url, "--data-dir"]).arg(&db.dir);
        cmd.env("PMS_LOG", "warn").env("USER", "night-operator");
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn");
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.unwrap_or_default().as_bytes()).unwrap();
        drop(input);
        child.wait_with_output().expect("output")
    };
    let text = |out: &std::process::Output| {
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    };
    for (name, role) in [("ops", "PARTNER_ADMIN"), ("clerk", "POLICYMANAGER")] {
        let email = format!("{name}@example.org");
        let args = ["user", "add", "--username", name, "--email", &email, "--password-stdin", "--role", role];
        let out = run(&args, Some("First-password-1234\n"));
        assert!(out.status.success(), "{}", text(&out));
    }

    // Only the first line of standard input is the password.
    let out =
        run(&["user", "set-password", "--username", "ops", "--password-stdin"], Some("Fresh-Secret-5678\nnoise\n"));
    assert!(out.status.success(), "{}", text(&out));
    // The password is never taken from the command line, weak ones and unknown users are refused.
    let out = run(&["user", "set-password", "--username", "ops", "--password", "Fresh-Secret-5678"], None);
    assert!(!out.status.success());
    let out = run(&["user", "set-password", "--username", "ops"], Some("Fresh-Secret-5678\n"));
    assert!(!out.status.success(), "--password-stdin is required");
    let out = run(&["user", "set-password", "--username", "ops", "--password-stdin"], Some("short\n"));
    assert!(!out.status.success() && text(&out).contains("PMS_REG_001"), "{}", text(&out));
    let out = run(&["user", "set-password", "--username", "nobody", "--password-stdin"], Some("Fresh-Secret-5678\n"));
    assert!(!out.status.success() && text(&out).contains("PMS_USR_001"), "{}", text(&out));

    let out = run(&["user", "disable", "--username", "clerk"], None);
    assert!(out.status.success() && text(&out).contains("deactivated"), "{}", text(&out));
    let out = run(&["user", "disable", "--username", "clerk"], None);
    assert!(!out.status.success() && text(&out).contains("PMS_USR_002"), "{}", text(&out));
    // The only Partner Admin stays active.
    let out = run(&["user", "disable", "--username", "ops"], None);
    assert!(!out.status.success() && text(&out).contains("PMS_USR_004"), "{}", text(&out));
    let listed = text(&run(&["user", "list"], None));
    let clerk = listed.lines().find(|l| l.starts_with("clerk")).unwrap_or_default().to_string();
    assert!(clerk.contains("false"), "{listed}");

    let port = free_port();
    let (mut child, _) = serve(&db, port, &[]);
    wait_healthy(port).await;
    assert_eq!(login(port, "ops", "Fresh-Secret-5678").await, 200);
    assert_eq!(login(port, "ops", "First-password-1234").await, 401);
    assert_eq!(login(port, "clerk", "First-password-1234").await, 401, "a disabled user cannot log in");
    let out = run(&["user", "enable", "--username", "clerk"], None);
    assert!(out.status.success() && text(&out).contains("active"), "{}", text(&out));
    assert_eq!(login(port, "clerk", "First-password-1234").await, 200);

    // Each change is in the audit trail under the operator's name.
    let token: serde_json::Value = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/v1/auth/login"))
        .json(&serde_json::json!({"username": "ops", "password": "Fresh-Secret-5678"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let audit: serde_json::Value = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{port}/v1/pms/audit?actor=cli:night-operator&pageSize=50&pageNo=0"))
        .bearer_auth(token["token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let rows: Vec<(String, String, String)> = audit["response"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
            (s("action"), s("entityId"), s("outcome"))
        })
        .collect();
    for expected in [
        ("user.password_set", "ops", "success"),
        ("user.deactivate", "clerk", "success"),
        ("user.deactivate", "ops", "failure"),
        ("user.activate", "clerk", "success"),
    ] {
        let expected = (expected.0.to_string(), expected.1.to_string(), expected.2.to_string());
        assert!(rows.contains(&expected), "{expected:?} not in {rows:?}");
    }
    terminate(&mut child);
}
