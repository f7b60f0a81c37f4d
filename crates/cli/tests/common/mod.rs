//! Running the `pms` binary from tests: one-shot commands and servers on free ports.
#![allow(dead_code)]

use pms_testkit::TestDatabase;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn pms() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pms"))
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Runs `pms serve` against `db` and returns the child with the lines it printed at start.
/// Standard output keeps being drained in the background until the process ends.
pub fn serve(db: &TestDatabase, port: u16, envs: &[(&str, &str)]) -> (Child, Vec<String>) {
    let mut cmd = pms();
    cmd.args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--database-url", &db.url, "--data-dir"])
        .arg(&db.dir)
        .env_remove("PMS_ADMIN_PASSWORD")
        .env("PMS_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn pms serve");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                // Nobody listens any more; keep reading so the pipe stays open.
                continue;
            }
        }
    });
    let mut lines = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    // The banner ends with the "Log in as" line(s) and the e-mail line.
    while let Ok(line) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        let done = line.trim_start().starts_with("E-mails:");
        lines.push(line);
        if done {
            break;
        }
    }
    (child, lines)
}

pub async fn wait_healthy(port: u16) {
    let url = format!("http://127.0.0.1:{port}/healthz");
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(r) = reqwest::get(&url).await {
            if r.status() == 200 {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server on port {port} never became healthy");
}

pub async fn login(port: u16, username: &str, password: &str) -> reqwest::StatusCode {
    reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/v1/auth/login"))
        .json(&serde_json::json!({"username": username, "password": password}))
        .send()
        .await
        .expect("login")
        .status()
}

pub fn terminate(child: &mut Child) -> std::process::ExitStatus {
    let pid = child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().expect("kill");
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        assert!(Instant::now() < deadline, "pms did not stop after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Runs a one-shot `pms` command against `db`, feeding `stdin` if given.
pub fn run_pms(db: &TestDatabase, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let mut cmd = pms();
    cmd.args(args).args(["--database-url", &db.url, "--data-dir"]).arg(&db.dir).env("PMS_LOG", "warn");
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("output")
}
