//! Test harness: the real server on a random port against a fresh database (SQLite by default,
//! PostgreSQL with `PMS_TEST_DATABASE_URL`), driven over HTTP.
#![allow(dead_code)]

pub mod receiver;

use pms_service::{Config, Ctx, Services};
use pms_testkit::fixtures::Fixtures;
use pms_testkit::{ShiftedClock, TestDatabase};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::Arc;

pub const ADMIN_PASSWORD: &str = "admin-password-42";
/// The password `TestApp::user_with_roles` gives every user.
pub const USER_PASSWORD: &str = "Staple-Battery-Horse-42";

/// A browser logged in to the portal.
pub struct PortalUser {
    /// The `Cookie` header value carrying the session.
    pub cookie: String,
    pub csrf: String,
}

pub struct TestApp {
    pub base: String,
    pub services: Arc<Services>,
    pub client: reqwest::Client,
    /// The server's clock: tests move it forward instead of sleeping.
    pub clock: ShiftedClock,
    pub fixtures: Fixtures,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    // Dropped last: the database outlives the server.
    pub db: TestDatabase,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

pub fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// A legacy envelope around `request`.
pub fn legacy(request: Value) -> Value {
    json!({"id": "mosip.pms.test", "version": "1.0", "requesttime": now(), "metadata": {}, "request": request})
}

/// A V2 envelope with the endpoint's id.
pub fn v2(id: &str, request: Value) -> Value {
    json!({"id": id, "version": "1.0", "requestTime": now(), "metadata": {}, "request": request})
}

/// Decodes a quoted-printable e-mail body (soft line breaks with either line end).
pub fn qp_decode(s: &str) -> String {
    let joined = s.replace("=\r\n", "").replace("=\n", "");
    let b = joined.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' && i + 2 < b.len() {
            if let Some(byte) = std::str::from_utf8(&b[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The first error code of an envelope, if any.
pub fn error_code(body: &Value) -> Option<String> {
    body["errors"].as_array().and_then(|e| e.first()).and_then(|e| e["errorCode"].as_str()).map(str::to_string)
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(configure: impl FnOnce(&mut Config)) -> TestApp {
        let db = TestDatabase::create().await;
        let mut config = Config {
            listen: "127.0.0.1:0".into(),
            database_url: Some(db.url.clone()),
            data_dir: db.dir.clone(),
            admin_password: Some(ADMIN_PASSWORD.into()),
            ..Config::default()
        };
        configure(&mut config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let clock = ShiftedClock::default();
        let services = Services::open_with_clock(config, Arc::new(clock.clone())).await.expect("open services");
        let fixtures = db.fixtures().await;
        services.bootstrap_admin().await.expect("bootstrap admin");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let served = services.clone();
        tokio::spawn(async move {
            let _ = pms_web::serve(listener, served, async {
                let _ = rx.await;
            })
            .await;
        });
        let client = reqwest::Client::builder().cookie_store(false).build().expect("client");
        TestApp { base: format!("http://{address}"), services, client, clock, fixtures, shutdown: Some(tx), db }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn login(&self, username: &str, password: &str) -> String {
        let res = self
            .client
            .post(self.url("/v1/auth/login"))
            .json(&json!({"username": username, "password": password}))
            .send()
            .await
            .expect("login request");
        assert_eq!(res.status(), StatusCode::OK, "login of {username}");
        let body: Value = res.json().await.expect("login body");
        body["token"].as_str().expect("token").to_string()
    }

    pub async fn admin_token(&self) -> String {
        self.login("admin", ADMIN_PASSWORD).await
    }

    /// A user with `roles` and a token the server issued for it, without a password (fast: for
    /// tests that need many users).
    pub async fn token_for_new_user(&self, username: &str, roles: &[&str]) -> String {
        let user_id = self.fixtures.user(username, roles).await;
        let actor = pms_service::Actor {
            user_id,
            username: username.into(),
            email: format!("{username}@example.org"),
            first_name: Some("Test".into()),
            last_name: Some(username.into()),
            lang_code: "eng".into(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            token_generation: 0,
        };
        self.services.issue_token(&actor).expect("issue token").token
    }

    /// Creates a login user (as `pms user add` does) and returns a token for it.
    pub async fn user_with_roles(&self, username: &str, roles: &[&str]) -> String {
        // The password rules refuse a password that contains the username.
        let password = USER_PASSWORD.to_string();
        let ctx = Ctx { actor: None, request_id: None, client_ip: "test".into() };
        self.services
            .add_user(
                &ctx,
                pms_service::auth::NewUserInput {
                    username: username.into(),
                    email: format!("{username}@example.org"),
                    password: password.clone(),
                    roles: roles.iter().map(|r| r.to_string()).collect(),
                    first_name: Some("Test".into()),
                    last_name: Some(username.into()),
                },
            )
            .await
            .expect("add user");
        self.login(username, &password).await
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("request");
        let status = res.status();
        let text = res.text().await.expect("body");
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, value)
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::PUT, path, Some(token), Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::PATCH, path, Some(token), Some(body)).await
    }

    /// A request with no body, bearer token or redirect following: for checks of status, headers
    /// and raw paths.
    pub fn raw(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        client.request(method, self.url(path))
    }

    /// The CSRF token a portal visitor gets in the `pms_csrf` cookie.
    pub async fn visitor_csrf(&self) -> String {
        let res = self.raw(reqwest::Method::GET, "/login").send().await.expect("login page");
        res.headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| c.strip_prefix("pms_csrf="))
            .and_then(|c| c.split(';').next())
            .expect("pms_csrf cookie")
            .to_string()
    }

    /// Posts an already URL-encoded portal form as a visitor holding `csrf`; redirects are not
    /// followed.
    pub async fn post_visitor_form(&self, path: &str, csrf: &str, body: String) -> reqwest::Response {
        self.raw(reqwest::Method::POST, path)
            .header(reqwest::header::COOKIE, format!("pms_csrf={csrf}"))
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("form post")
    }

    /// Logs in through the portal's form; the browser's session cookie and the CSRF token of its
    /// forms (read from the logout form every page has).
    pub async fn portal_login(&self, username: &str, password: &str) -> PortalUser {
        let visitor = self.visitor_csrf().await;
        let body = serde_urlencoded::to_string([
            ("csrf", visitor.as_str()),
            ("username", username),
            ("password", password),
            ("next", "/profile"),
        ])
        .expect("login form");
        let res = self.post_visitor_form("/login", &visitor, body).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "portal login of {username}");
        let cookie = res
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| c.strip_prefix("pms_session="))
            .and_then(|c| c.split(';').next())
            .expect("pms_session cookie")
            .to_string();
        let mut user = PortalUser { cookie: format!("pms_session={cookie}"), csrf: String::new() };
        let (status, page) = self.portal_get(&user, "/profile").await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let re = regex::Regex::new(r#"action="/logout">\s*<input type="hidden" name="csrf" value="([^"]+)""#).unwrap();
        user.csrf = re.captures(&page).map(|c| c[1].to_string()).expect("CSRF token of the logout form");
        user
    }

    /// A portal page as `user` sees it; redirects are not followed.
    pub async fn portal_get(&self, user: &PortalUser, path: &str) -> (StatusCode, String) {
        let res = self.portal_get_raw(user, path).await;
        let status = res.status();
        (status, res.text().await.expect("page"))
    }

    pub async fn portal_get_raw(&self, user: &PortalUser, path: &str) -> reqwest::Response {
        self.raw(reqwest::Method::GET, path)
            .header(reqwest::header::COOKIE, &user.cookie)
            .send()
            .await
            .expect("portal page")
    }

    /// Posts a URL-encoded portal form as `user` (the CSRF token is added); redirects are not
    /// followed.
    pub async fn portal_post(&self, user: &PortalUser, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut all = vec![("csrf", user.csrf.as_str())];
        all.extend_from_slice(fields);
        self.raw(reqwest::Method::POST, path)
            .header(reqwest::header::COOKIE, &user.cookie)
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(&all).expect("form"))
            .send()
            .await
            .expect("form post")
    }

    /// Posts a `multipart/form-data` portal form as a browser sends one with a file input:
    /// `fields` as text parts (give `csrf` yourself), `files` as (name, file name, content).
    pub async fn portal_post_multipart(
        &self,
        user: &PortalUser,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> reqwest::Response {
        let boundary = "----pms-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        for (name, file_name, content) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.raw(reqwest::Method::POST, path)
            .header(reqwest::header::COOKIE, &user.cookie)
            .header(reqwest::header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(body)
            .send()
            .await
            .expect("multipart post")
    }

    /// Sends `bytes` over a fresh TCP connection and returns what the server wrote until it closed
    /// the connection, with how long that took; `None` if it was still open after `wait`.
    pub async fn raw_tcp(&self, bytes: &[u8], wait: std::time::Duration) -> Option<(Vec<u8>, std::time::Duration)> {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let address = self.base.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(address).await.expect("connect");
        let started = std::time::Instant::now();
        stream.write_all(bytes).await.expect("write");
        let mut received = Vec::new();
        let read = tokio::time::timeout(wait, async {
            let mut buf = [0u8; 4096];
            loop {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => received.extend_from_slice(&buf[..n]),
                }
            }
        })
        .await;
        read.ok().map(|()| (received, started.elapsed()))
    }

    /// Makes every delivery that is due now (e-mails, events, hub intent checks), as the
    /// server's worker would; tests call this instead of waiting for it.
    pub async fn deliver(&self) -> usize {
        pms_events::Worker::new(self.services.clone()).expect("worker").drain().await.expect("deliver")
    }

    /// Raw e-mails written to the development mailbox, oldest first, once those due are sent.
    pub async fn mailbox(&self) -> Vec<String> {
        self.deliver().await;
        let dir = self.db.dir.join("mailbox");
        let mut files: Vec<_> =
            std::fs::read_dir(&dir).map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect()).unwrap_or_default();
        files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        files.into_iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
    }

    /// Outbox events of a topic, through the admin events endpoint.
    pub async fn events(&self, topic: &str) -> Vec<Value> {
        let token = self.admin_token().await;
        let (_, body) = self.get(&format!("/v1/pms/events?topic={topic}"), &token).await;
        body["response"]["data"].as_array().cloned().unwrap_or_default()
    }

    // ---- policy fixtures

    pub async fn create_group(&self, token: &str, name: &str) -> String {
        let (_, body) = self
            .post(
                "/v1/policymanager/policies/group/new",
                token,
                legacy(json!({"name": name, "desc": format!("{name} sector")})),
            )
            .await;
        body["response"]["id"].as_str().unwrap_or_else(|| panic!("group not created: {body}")).to_string()
    }

    /// An Auth policy `name` of `group`, published; returns its id.
    pub async fn published_policy(&self, admin: &str, group_id: &str, group: &str, name: &str) -> String {
        let id = self.create_policy(admin, group, name, "Auth").await;
        let path = format!("/v1/policymanager/policies/{id}/group/{group_id}/publish");
        let (s, b) = self.send(reqwest::Method::POST, &path, Some(admin), None).await;
        assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
        id
    }

    /// The Partner Admin's `approve`, `reject`, `deactivate` or `reactivate` of a partner.
    pub async fn decide_partner(&self, admin: &str, id: &str, action: &str) {
        let field = if action == "approve" || action == "reactivate" { "comment" } else { "reason" };
        let body = v2(&format!("mosip.pms.partner.{action}.post"), json!({ field: "decided by a test" }));
        let (s, b) = self.post(&format!("/v1/partnermanager/admin-partners/{id}/{action}"), admin, body).await;
        assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    }

    pub async fn create_policy(&self, token: &str, group: &str, name: &str, policy_type: &str) -> String {
        let document = match policy_type {
            "DataShare" | "CredentialIssuance" => data_share_policy(),
            "MISP" => {
                json!({"allowAuthRequestDelegation": true, "allowKycRequestDelegation": false, "allowKeyBindingDelegation": false})
            }
            _ => auth_policy(),
        };
        let (_, body) = self
            .post(
                "/v1/policymanager/policies",
                token,
                legacy(json!({"policyGroupName": group, "policyType": policy_type, "name": name, "desc": format!("{name} policy"), "version": "1.0", "policies": document})),
            )
            .await;
        body["response"]["id"].as_str().unwrap_or_else(|| panic!("policy not created: {body}")).to_string()
    }
}

pub fn auth_policy() -> Value {
    json!({
        "authTokenType": "partner",
        "allowedAuthTypes": [{"authType": "otp", "authSubType": "", "mandatory": false}, {"authType": "bio", "authSubType": "FINGER", "mandatory": false}],
        "allowedKycAttributes": [{"attributeName": "fullName"}, {"attributeName": "dateOfBirth"}],
        "kycLanguages": ["eng"]
    })
}

pub fn data_share_policy() -> Value {
    json!({
        "dataSharePolicies": {"typeOfShare": "Data Share", "validForInMinutes": "30", "transactionsAllowed": "2",
            "encryptionType": "Partner Based", "shareDomain": "datashare.datashare", "source": "ID Repository"},
        "shareableAttributes": [{"attributeName": "fullName", "source": [{"attribute": "fullName"}], "encrypted": false}]
    })
}
