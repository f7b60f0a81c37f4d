//! Integration tests of authentication and the cross-cutting HTTP contract: login/logout, tokens
//! (bearer and cookie), 401/403 answers on every protected endpoint, role checks, envelope
//! transport errors, unknown paths and the API documentation.

mod common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use common::*;
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};

const LOGIN: &str = "/v1/auth/login";
const POLICIES: &str = "/v1/policymanager/policies";
const DEACTIVATE_POLICY_ID: &str = "mosip.pms.deactivate.policy.patch";
const DEACTIVATE_GROUP_ID: &str = "mosip.pms.deactivate.policy.group.patch";

// ------------------------------------------------------------------ helpers

async fn login_raw(app: &TestApp, username: &str, password: &str) -> reqwest::Response {
    app.client.post(app.url(LOGIN)).json(&json!({"username": username, "password": password})).send().await.unwrap()
}

fn claims(token: &str) -> Value {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWT has three parts: {token}");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).expect("base64url payload")).expect("JSON payload")
}

fn header_of(token: &str) -> Value {
    let first = token.split('.').next().unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(first).unwrap()).unwrap()
}

/// The same token with one character of its signature changed.
fn flip_signature(token: &str) -> String {
    let (head, sig) = token.rsplit_once('.').unwrap();
    let mut chars: Vec<char> = sig.chars().collect();
    let i = chars.len() / 2;
    chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
    format!("{head}.{}", chars.into_iter().collect::<String>())
}

/// The same signature over a payload granting itself an extra role.
fn forge_roles(token: &str) -> String {
    let parts: Vec<&str> = token.split('.').collect();
    let mut payload = claims(token);
    payload["realm_access"]["roles"] = json!(["PARTNER_ADMIN", "POLICYMANAGER"]);
    let forged = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).unwrap());
    format!("{}.{}.{}", parts[0], forged, parts[2])
}

async fn send_raw(
    app: &TestApp,
    method: Method,
    path: &str,
    headers: &[(header::HeaderName, String)],
    body: Option<Value>,
) -> (StatusCode, Option<String>, Value) {
    let mut req = app.client.request(method, app.url(path));
    for (k, v) in headers {
        req = req.header(k.clone(), v.as_str());
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let content_type = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string);
    let text = res.text().await.unwrap();
    (status, content_type, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn send_bytes(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    let res = app
        .client
        .request(method, app.url(path))
        .bearer_auth(token)
        .header(header::CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

#[track_caller]
fn assert_json_error(
    status: StatusCode,
    content_type: &Option<String>,
    body: &Value,
    want_status: StatusCode,
    want_code: &str,
    what: &str,
) {
    assert_eq!(status, want_status, "{what}: {body}");
    assert!(
        content_type.as_deref().is_some_and(|c| c.starts_with("application/json")),
        "{what}: content type {content_type:?}"
    );
    assert_eq!(error_code(body).as_deref(), Some(want_code), "{what}: {body}");
    assert!(body["response"].is_null(), "{what}: {body}");
    assert!(body["errors"][0]["message"].as_str().is_some_and(|m| !m.is_empty()), "{what}: {body}");
}

/// Every protected endpoint, with a body it would accept.
fn protected_endpoints() -> Vec<(Method, String, Option<Value>)> {
    let group = json!({"name": "Banking", "desc": "Banks"});
    let policy = json!({"policyGroupName": "Banking", "policyType": "Auth", "name": "KYC", "desc": "KYC", "version": "1.0", "policies": auth_policy()});
    let search = json!({"filters": [], "sort": [], "pagination": {"pageStart": 0, "pageFetch": 10}});
    let p = POLICIES;
    vec![
        (Method::GET, "/v1/partnermanager/authorize/admin/validateToken".into(), None),
        (Method::GET, "/v1/pms/audit".into(), None),
        (Method::GET, "/v1/pms/events".into(), None),
        (Method::POST, format!("{p}/group/new"), Some(legacy(group.clone()))),
        (Method::PUT, format!("{p}/group/g1"), Some(legacy(group))),
        (Method::PATCH, format!("{p}/group/g1"), Some(v2(DEACTIVATE_GROUP_ID, json!({"status": "De-Activate"})))),
        (Method::GET, format!("{p}/group/g1"), None),
        (Method::GET, format!("{p}/group/all"), None),
        (Method::POST, format!("{p}/group/search"), Some(legacy(search.clone()))),
        (Method::POST, format!("{p}/group/filtervalues"), Some(legacy(json!({"filters": [{"columnName": "name"}]})))),
        (Method::GET, format!("{p}/policy-groups"), None),
        (Method::GET, "/v1/policymanager/policy-groups".into(), None),
        (Method::POST, p.into(), Some(legacy(policy.clone()))),
        (Method::GET, p.into(), None),
        (Method::PUT, format!("{p}/p1"), Some(legacy(policy))),
        (Method::PATCH, format!("{p}/p1"), Some(v2(DEACTIVATE_POLICY_ID, json!({"status": "De-Activate"})))),
        (Method::GET, format!("{p}/p1"), None),
        (Method::POST, format!("{p}/p1/group/g1/publish"), Some(json!({}))),
        (Method::PATCH, format!("{p}/p1/group/g1"), Some(legacy(json!({"status": "De-Active"})))),
        (Method::GET, format!("{p}/p1/partner/partner1"), None),
        (
            Method::POST,
            format!("{p}/search"),
            Some(legacy({
                let mut s = search;
                s["policyType"] = json!("all");
                s
            })),
        ),
        (
            Method::POST,
            format!("{p}/filtervalues"),
            Some(legacy(json!({"policyType": "all", "filters": [{"columnName": "name"}]}))),
        ),
        (Method::GET, format!("{p}/active/group/Banking"), None),
        (Method::GET, format!("{p}/v2"), None),
        (Method::GET, format!("{p}/config/pmp.allowed.policy.types"), None),
        (Method::POST, format!("{p}/p1/clone"), Some(legacy(json!({"policyGroupName": "Banking"})))),
        (Method::GET, format!("{p}/p1/history"), None),
    ]
}

// ------------------------------------------------------------------ login / logout

#[tokio::test]
async fn login_returns_a_token_and_an_http_only_cookie() {
    let app = TestApp::spawn().await;
    let res = login_raw(&app, "admin", ADMIN_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookies: Vec<String> =
        res.headers().get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_string()).collect();
    let body: Value = res.json().await.unwrap();
    let token = body["token"].as_str().expect("token").to_string();
    assert_eq!(body["expiresIn"], 3600, "{body}");

    assert_eq!(cookies.len(), 1, "{cookies:?}");
    let cookie = &cookies[0];
    assert!(cookie.starts_with(&format!("Authorization={token};")), "the cookie carries the raw JWT: {cookie}");
    let attributes: Vec<&str> = cookie.split(';').map(str::trim).collect();
    assert!(attributes.contains(&"HttpOnly"), "{cookie}");
    assert!(attributes.contains(&"SameSite=Lax"), "{cookie}");
    assert!(attributes.contains(&"Path=/"), "{cookie}");
    assert!(attributes.contains(&"Max-Age=3600"), "{cookie}");
    assert!(!attributes.contains(&"Secure"), "plain HTTP deployment: {cookie}");

    assert_eq!(header_of(&token)["alg"], "HS256");
    let c = claims(&token);
    assert!(c["sub"].as_str().is_some_and(|s| !s.is_empty()), "{c}");
    assert_eq!(c["preferred_username"], "admin");
    assert_eq!(c["email"], "admin@pms.localhost");
    let mut roles: Vec<String> =
        c["realm_access"]["roles"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_string()).collect();
    roles.sort();
    assert_eq!(roles, vec!["PARTNER_ADMIN", "POLICYMANAGER"]);
    let now = chrono::Utc::now().timestamp();
    let exp = c["exp"].as_i64().expect("exp");
    assert!((now + 3600 - 10..=now + 3600 + 10).contains(&exp), "exp one hour ahead: {exp} vs {now}");
    if let Some(iat) = c["iat"].as_i64() {
        assert_eq!(exp - iat, 3600);
    }

    // A user of the CLI gets its own claims.
    let pm = app.user_with_roles("policy.lead", &["POLICYMANAGER"]).await;
    let c = claims(&pm);
    assert_eq!(c["preferred_username"], "policy.lead");
    assert_eq!(c["email"], "policy.lead@example.org");
    assert_eq!(c["realm_access"]["roles"], json!(["POLICYMANAGER"]));
    assert_ne!(c["sub"], claims(&token)["sub"]);
}

#[tokio::test]
async fn wrong_password_and_unknown_user_are_indistinguishable() {
    let app = TestApp::spawn().await;
    let wrong = login_raw(&app, "admin", "not-the-password-1").await;
    let unknown = login_raw(&app, "ghost", "not-the-password-1").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), wrong.status());
    assert!(wrong.headers().get(header::SET_COOKIE).is_none());
    assert!(unknown.headers().get(header::SET_COOKIE).is_none());
    let a: Value = wrong.json().await.unwrap();
    let b: Value = unknown.json().await.unwrap();
    assert_eq!(a["errors"], json!([{"errorCode": "PMS_AUTH_001", "message": "Invalid username or password."}]), "{a}");
    assert_eq!(a["errors"], b["errors"]);
    assert!(a["response"].is_null() && b["response"].is_null());
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&a), keys(&b));
    let strip = |v: &Value| {
        let mut v = v.clone();
        v.as_object_mut().unwrap().remove("responsetime");
        v
    };
    assert_eq!(strip(&a), strip(&b), "bodies differ only by their timestamp");
}

#[tokio::test]
async fn login_is_rate_limited_after_ten_failures() {
    let app = TestApp::spawn().await;
    for i in 0..10 {
        let res = login_raw(&app, "admin", &format!("wrong-password-{i}")).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "failure {i}");
        // Wait out the growing delay after each failure (1 s after the third, then doubling).
        app.clock.advance(chrono::Duration::seconds(if i >= 2 { 1 << (i - 2) } else { 0 }));
    }
    // Even the right password is refused now.
    let res = login_raw(&app, "admin", ADMIN_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().get(header::SET_COOKIE).is_none());
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body["errors"],
        json!([{"errorCode": "PMS_AUTH_002", "message": "Too many failed attempts. Please try again later."}]),
        "{body}"
    );
    assert!(body["response"].is_null());
    let res = login_raw(&app, "admin", "wrong-again-11").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn failed_logins_slow_down_progressively() {
    let app = TestApp::spawn().await;
    let status = |password: &'static str| {
        let app = &app;
        async move { login_raw(app, "admin", password).await.status() }
    };
    for _ in 0..3 {
        assert_eq!(status("wrong-password").await, StatusCode::UNAUTHORIZED);
    }
    // After the third failure the pair waits one second; even the right password is held back.
    assert_eq!(status(ADMIN_PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    app.clock.advance(chrono::Duration::seconds(1));
    assert_eq!(status("wrong-password").await, StatusCode::UNAUTHORIZED);
    // The fourth failure doubles the wait.
    app.clock.advance(chrono::Duration::seconds(1));
    assert_eq!(status(ADMIN_PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    app.clock.advance(chrono::Duration::seconds(1));
    assert_eq!(status(ADMIN_PASSWORD).await, StatusCode::OK);
    // Success forgets the failures: three more are answered at once again.
    for _ in 0..3 {
        assert_eq!(status("wrong-password").await, StatusCode::UNAUTHORIZED);
    }
}

async fn login_from(app: &TestApp, address: &str, username: &str, password: &str) -> StatusCode {
    let body = json!({"username": username, "password": password});
    let res = app.client.post(app.url(LOGIN)).header("x-forwarded-for", address).json(&body).send().await.unwrap();
    res.status()
}

#[tokio::test]
async fn a_third_party_cannot_lock_a_user_out() {
    let app = TestApp::spawn_with(|c| {
        c.login_max_failures = 3;
        c.trust_forwarded_for = true;
    })
    .await;
    for _ in 0..3 {
        assert_eq!(login_from(&app, "10.0.0.66", "admin", "wrong-password-1").await, StatusCode::UNAUTHORIZED);
    }
    // The attacker's address is done with `admin`…
    assert_eq!(login_from(&app, "10.0.0.66", "admin", ADMIN_PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    // …but the real admin, elsewhere, logs in.
    assert_eq!(login_from(&app, "10.0.0.1", "admin", ADMIN_PASSWORD).await, StatusCode::OK);
}

#[tokio::test]
async fn an_address_trying_many_usernames_meets_a_higher_ceiling() {
    let app = TestApp::spawn_with(|c| {
        c.login_max_failures = 3;
        c.trust_forwarded_for = true;
    })
    .await;
    // Three failures per username, ten usernames: thirty failures, the address ceiling.
    for i in 0..30 {
        let name = format!("ghost{}", i / 3);
        assert_eq!(login_from(&app, "10.0.0.66", &name, "wrong-password-1").await, StatusCode::UNAUTHORIZED, "{i}");
    }
    assert_eq!(login_from(&app, "10.0.0.66", "ghost-new", "wrong-password-1").await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(login_from(&app, "10.0.0.66", "admin", ADMIN_PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(login_from(&app, "10.0.0.1", "admin", ADMIN_PASSWORD).await, StatusCode::OK);
}

#[tokio::test]
async fn a_parallel_burst_cannot_pass_the_login_limit() {
    let app = TestApp::spawn_with(|c| c.login_max_failures = 5).await;
    // Two hundred guesses at once, the right password among the last ones: every attempt is
    // counted before its password is verified, so no more than five are ever verified.
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..200 {
        let client = app.client.clone();
        let url = app.url(LOGIN);
        let password = if i == 190 { ADMIN_PASSWORD.to_string() } else { format!("wrong-password-{i}") };
        guesses.spawn(async move {
            let body = json!({"username": "admin", "password": password});
            client.post(url).json(&body).send().await.map(|r| r.status()).unwrap_or(StatusCode::BAD_GATEWAY)
        });
    }
    let mut verified = 0;
    while let Some(status) = guesses.join_next().await {
        match status.unwrap() {
            StatusCode::TOO_MANY_REQUESTS => {}
            // The right password may be among the five allowed attempts; that is no bypass.
            StatusCode::UNAUTHORIZED | StatusCode::OK => verified += 1,
            other => panic!("a guess got {other}"),
        }
    }
    assert_eq!(verified, 5, "exactly the allowance was verified");
}

#[tokio::test]
async fn logout_clears_the_cookie() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let res = app
        .client
        .post(app.url("/v1/auth/logout"))
        .header(header::COOKIE, format!("Authorization={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers().get(header::SET_COOKIE).expect("Set-Cookie").to_str().unwrap().to_string();
    let attributes: Vec<&str> = cookie.split(';').map(str::trim).collect();
    assert_eq!(attributes[0], "Authorization=", "{cookie}");
    assert!(attributes.contains(&"Max-Age=0"), "{cookie}");
    assert!(attributes.contains(&"Path=/"), "{cookie}");
    assert!(attributes.contains(&"HttpOnly"), "{cookie}");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body, json!({"message": "Logged out"}));
}

// ------------------------------------------------------------------ tokens on protected endpoints

#[tokio::test]
async fn every_protected_endpoint_refuses_missing_garbage_and_tampered_tokens() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let flipped = flip_signature(&token);
    let forged = forge_roles(&app.user_with_roles("resident1", &["RESIDENT"]).await);
    let cases: Vec<(&str, Vec<(header::HeaderName, String)>)> = vec![
        ("no token", vec![]),
        ("empty bearer", vec![(header::AUTHORIZATION, "Bearer ".into())]),
        ("garbage bearer", vec![(header::AUTHORIZATION, "Bearer not-a-jwt".into())]),
        ("garbage three-part bearer", vec![(header::AUTHORIZATION, "Bearer aaa.bbb.ccc".into())]),
        ("flipped signature", vec![(header::AUTHORIZATION, format!("Bearer {flipped}"))]),
        ("forged roles", vec![(header::AUTHORIZATION, format!("Bearer {forged}"))]),
        ("garbage cookie", vec![(header::COOKIE, "Authorization=not-a-jwt".into())]),
        ("flipped cookie", vec![(header::COOKIE, format!("Authorization={flipped}"))]),
        ("other cookie only", vec![(header::COOKIE, format!("Session={token}"))]),
    ];
    for (method, path, body) in protected_endpoints() {
        for (what, headers) in &cases {
            let (status, content_type, answer) = send_raw(&app, method.clone(), &path, headers, body.clone()).await;
            assert_json_error(
                status,
                &content_type,
                &answer,
                StatusCode::UNAUTHORIZED,
                "KER-ATH-401",
                &format!("{method} {path} with {what}"),
            );
        }
    }
    // Authentication is checked before the body is read.
    let res = app
        .client
        .post(app.url(&format!("{POLICIES}/group/new")))
        .header(header::CONTENT_TYPE, "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // Nothing was written by any of these calls.
    let (s, b) = app.get(&format!("{POLICIES}/group/all"), &token).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(b["response"], json!([]), "{b}");
}

#[tokio::test]
async fn expired_tokens_are_refused() {
    // A zero lifetime makes the token expire at once; the server allows five seconds of clock skew.
    let app = TestApp::spawn_with(|c| c.token_ttl_minutes = 0).await;
    let token = app.admin_token().await;
    let c = claims(&token);
    assert_eq!(c["exp"], c["iat"]);
    app.clock.advance(chrono::Duration::seconds(7));
    for (method, path, body) in [
        (Method::GET, "/v1/partnermanager/authorize/admin/validateToken".to_string(), None),
        (Method::GET, POLICIES.to_string(), None),
        (Method::POST, format!("{POLICIES}/group/new"), Some(legacy(json!({"name": "Banking", "desc": "Banks"})))),
    ] {
        let bearer = [(header::AUTHORIZATION, format!("Bearer {token}"))];
        let (status, ct, answer) = send_raw(&app, method.clone(), &path, &bearer, body.clone()).await;
        assert_json_error(
            status,
            &ct,
            &answer,
            StatusCode::UNAUTHORIZED,
            "KER-ATH-401",
            &format!("{method} {path} bearer"),
        );
        let cookie = [(header::COOKIE, format!("Authorization={token}"))];
        let (status, ct, answer) = send_raw(&app, method.clone(), &path, &cookie, body).await;
        assert_json_error(
            status,
            &ct,
            &answer,
            StatusCode::UNAUTHORIZED,
            "KER-ATH-401",
            &format!("{method} {path} cookie"),
        );
    }
}

#[tokio::test]
async fn the_token_is_accepted_as_bearer_raw_header_or_cookie() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let ways: Vec<(&str, Vec<(header::HeaderName, String)>)> = vec![
        ("bearer", vec![(header::AUTHORIZATION, format!("Bearer {token}"))]),
        ("raw Authorization header", vec![(header::AUTHORIZATION, token.clone())]),
        ("Authorization cookie", vec![(header::COOKIE, format!("Authorization={token}"))]),
        (
            "Authorization cookie among others",
            vec![(header::COOKIE, format!("theme=dark; Authorization={token}; lang=eng"))],
        ),
    ];
    for (i, (what, headers)) in ways.iter().enumerate() {
        let (status, _, body) =
            send_raw(&app, Method::GET, "/v1/partnermanager/authorize/admin/validateToken", headers, None).await;
        assert_eq!(status, StatusCode::OK, "{what}: {body}");
        assert_eq!(body["response"]["userId"], "admin", "{what}: {body}");
        // A write works the same way and is attributed to the token's user.
        let request = legacy(json!({"name": format!("Group {i}"), "desc": "created with a cookie or header"}));
        let (status, _, body) =
            send_raw(&app, Method::POST, &format!("{POLICIES}/group/new"), headers, Some(request)).await;
        assert_eq!(status, StatusCode::OK, "{what}: {body}");
        assert_eq!(body["errors"], json!([]), "{what}: {body}");
        assert_eq!(body["response"]["cr_by"], "admin", "{what}: {body}");
    }
}

#[tokio::test]
async fn validate_token_returns_the_user() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let (s, b) = app.get("/v1/partnermanager/authorize/admin/validateToken", &token).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["id"], "mosip.pms.authorize.validatetoken");
    assert_eq!(b["errors"], json!([]));
    let u = &b["response"];
    assert_eq!(u["userId"], "admin");
    assert_eq!(u["mail"], "admin@pms.localhost");
    // The bootstrap admin has no first or last name: the name falls back to the username.
    assert_eq!(u["name"], "admin");
    assert_eq!(u["langCode"], "eng");
    assert!(u["mobile"].is_null());
    let mut roles: Vec<&str> = u["role"].as_str().unwrap().split(',').collect();
    roles.sort();
    assert_eq!(roles, vec!["PARTNER_ADMIN", "POLICYMANAGER"]);

    let pm = app.user_with_roles("pm1", &["POLICYMANAGER"]).await;
    let (s, b) = app.get("/v1/partnermanager/authorize/admin/validateToken", &pm).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["response"]["userId"], "pm1");
    assert_eq!(b["response"]["mail"], "pm1@example.org");
    assert_eq!(b["response"]["name"], "Test pm1");
    assert_eq!(b["response"]["role"], "POLICYMANAGER");
}

// ------------------------------------------------------------------ roles

#[tokio::test]
async fn an_unrelated_role_is_forbidden_on_every_policy_endpoint() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let banking = app.create_group(&admin, "Banking").await;
    let policy = app.create_policy(&admin, "Banking", "KYC", "Auth").await;
    let resident = app.user_with_roles("resident1", &["RESIDENT"]).await;
    for (method, path, body) in protected_endpoints() {
        if path.ends_with("validateToken") {
            continue;
        }
        let path = path.replace("/g1", &format!("/{banking}")).replace("/p1", &format!("/{policy}"));
        let headers = [(header::AUTHORIZATION, format!("Bearer {resident}"))];
        let (status, ct, answer) = send_raw(&app, method.clone(), &path, &headers, body).await;
        assert_json_error(
            status,
            &ct,
            &answer,
            StatusCode::FORBIDDEN,
            "KER-ATH-403",
            &format!("{method} {path} as RESIDENT"),
        );
    }
    // Nothing changed, and the refused write is in the audit trail.
    let (s, b) = app.get(&format!("{POLICIES}/{policy}"), &admin).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(b["response"]["policyName"], "KYC");
    assert_eq!(b["response"]["status"], "DRAFTED");
    let (_, b) = app.get(&format!("{POLICIES}/group/{banking}"), &admin).await;
    assert_eq!(b["response"]["policyGroup"]["isActive"], true);
    assert_eq!(b["response"]["policyGroup"]["name"], "Banking");
    let (_, b) = app.get("/v1/pms/audit?actor=resident1&action=policy_group.create", &admin).await;
    let rows = b["response"]["data"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 1, "{b}");
    assert_eq!(rows[0]["outcome"], "failure");
    assert_eq!(rows[0]["details"]["errorCode"], "KER-ATH-403");
}

#[tokio::test]
async fn policy_manager_alone_and_partner_admin_alone_can_both_manage_policies() {
    let app = TestApp::spawn().await;
    for (user, role) in [("policy.manager", "POLICYMANAGER"), ("partner.admin", "PARTNER_ADMIN")] {
        let token = app.user_with_roles(user, &[role]).await;
        let group_name = format!("Group of {role}");
        let group = app.create_group(&token, &group_name).await;
        let policy = app.create_policy(&token, &group_name, "KYC", "Auth").await;
        let (s, b) = app
            .put(&format!("{POLICIES}/{policy}"), &token, legacy(json!({"policyGroupName": group_name, "name": "KYC", "desc": "updated", "version": "1.1", "policies": auth_policy()})))
            .await;
        assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{role} update: {b}");
        assert_eq!(b["response"]["up_by"], user);
        let (s, b) = app.post(&format!("{POLICIES}/{policy}/group/{group}/publish"), &token, json!({})).await;
        assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{role} publish: {b}");
        for path in [
            POLICIES.to_string(),
            format!("{POLICIES}/{policy}"),
            format!("{POLICIES}/{policy}/history"),
            format!("{POLICIES}/group/{group}"),
            format!("{POLICIES}/group/all"),
            format!("{POLICIES}/v2"),
            "/v1/policymanager/policy-groups".to_string(),
            format!("{POLICIES}/policy-groups"),
            format!("{POLICIES}/active/group/{}", group_name.replace(' ', "%20")),
            format!("{POLICIES}/config/pmp.allowed.policy.types"),
        ] {
            let (s, b) = app.get(&path, &token).await;
            assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{role} GET {path}: {b}");
        }
        let (s, b) = app
            .post(
                &format!("{POLICIES}/search"),
                &token,
                legacy(json!({"policyType": "all", "pagination": {"pageStart": 0, "pageFetch": 5}})),
            )
            .await;
        assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{role} search: {b}");
        let (s, b) = app
            .post(
                &format!("{POLICIES}/{policy}/clone"),
                &token,
                legacy(json!({"policyGroupName": group_name, "name": "KYC copy"})),
            )
            .await;
        assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{role} clone: {b}");
        let (s, b) = app
            .patch(&format!("{POLICIES}/{policy}"), &token, v2(DEACTIVATE_POLICY_ID, json!({"status": "De-Activate"})))
            .await;
        assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{role} deactivate: {b}");
        let empty = app.create_group(&token, &format!("Empty of {role}")).await;
        let (s, b) = app
            .patch(
                &format!("{POLICIES}/group/{empty}"),
                &token,
                v2(DEACTIVATE_GROUP_ID, json!({"status": "De-Activate"})),
            )
            .await;
        assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{role} group deactivate: {b}");
        // The audit trail and the outbox are for Partner Admins only.
        let (s, b) = app.get("/v1/pms/audit", &token).await;
        let (s2, b2) = app.get("/v1/pms/events", &token).await;
        if role == "PARTNER_ADMIN" {
            assert_eq!((s, s2), (StatusCode::OK, StatusCode::OK), "{b} {b2}");
        } else {
            assert_eq!((s, error_code(&b)), (StatusCode::FORBIDDEN, Some("KER-ATH-403".into())), "{b}");
            assert_eq!((s2, error_code(&b2)), (StatusCode::FORBIDDEN, Some("KER-ATH-403".into())), "{b2}");
        }
    }
}

#[tokio::test]
async fn partner_roles_may_read_groups_but_not_manage() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let banking = app.create_group(&admin, "Banking").await;
    let policy = app.create_policy(&admin, "Banking", "KYC", "Auth").await;
    let (s, _) = app.post(&format!("{POLICIES}/{policy}/group/{banking}/publish"), &admin, json!({})).await;
    assert_eq!(s, StatusCode::OK);
    let search = legacy(json!({"filters": [], "pagination": {"pageStart": 0, "pageFetch": 10}}));
    let group_values = legacy(json!({"filters": [{"columnName": "name"}]}));
    let policy_values = legacy(json!({"policyType": "all", "filters": [{"columnName": "name"}]}));

    let auth = app.user_with_roles("auth.partner", &["AUTH_PARTNER"]).await;
    let (s, b) = app.get(&format!("{POLICIES}/policy-groups"), &auth).await;
    assert_eq!((s, b["response"][0]["name"].clone()), (StatusCode::OK, json!("Banking")), "{b}");
    let (s, b) = app.get(&format!("{POLICIES}/active/group/Banking"), &auth).await;
    assert_eq!((s, b["response"][0]["id"].clone()), (StatusCode::OK, json!(policy)), "{b}");
    let (s, b) = app.post(&format!("{POLICIES}/group/search"), &auth, search.clone()).await;
    assert_eq!((s, b["response"]["totalRecord"].clone()), (StatusCode::OK, json!(1)), "{b}");
    let (s, b) = app.post(&format!("{POLICIES}/group/filtervalues"), &auth, group_values.clone()).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    let (s, b) = app.post(&format!("{POLICIES}/filtervalues"), &auth, policy_values.clone()).await;
    assert_eq!((s, b["response"]["filters"][0]["fieldValue"].clone()), (StatusCode::OK, json!("KYC")), "{b}");
    for (method, path, body) in [
        (Method::GET, POLICIES.to_string(), None),
        (Method::GET, format!("{POLICIES}/{policy}"), None),
        (Method::GET, format!("{POLICIES}/v2"), None),
        (
            Method::POST,
            format!("{POLICIES}/search"),
            Some(legacy(json!({"policyType": "all", "pagination": {"pageStart": 0, "pageFetch": 10}}))),
        ),
        (Method::POST, format!("{POLICIES}/group/new"), Some(legacy(json!({"name": "Mine", "desc": "Mine"})))),
    ] {
        let headers = [(header::AUTHORIZATION, format!("Bearer {auth}"))];
        let (s, ct, b) = send_raw(&app, method.clone(), &path, &headers, body).await;
        assert_json_error(s, &ct, &b, StatusCode::FORBIDDEN, "KER-ATH-403", &format!("AUTH_PARTNER {method} {path}"));
    }

    // PARTNER may use the filter drop-downs but not search groups nor list active groups.
    let partner = app.user_with_roles("plain.partner", &["PARTNER"]).await;
    let (s, _) = app.post(&format!("{POLICIES}/group/filtervalues"), &partner, group_values.clone()).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app.post(&format!("{POLICIES}/filtervalues"), &partner, policy_values).await;
    assert_eq!(s, StatusCode::OK);
    let (s, b) = app.post(&format!("{POLICIES}/group/search"), &partner, search).await;
    assert_eq!((s, error_code(&b)), (StatusCode::FORBIDDEN, Some("KER-ATH-403".into())), "{b}");
    let (s, b) = app.get(&format!("{POLICIES}/policy-groups"), &partner).await;
    assert_eq!((s, error_code(&b)), (StatusCode::FORBIDDEN, Some("KER-ATH-403".into())), "{b}");

    // A device provider is not among the policy readers.
    let device = app.user_with_roles("device.maker", &["DEVICE_PROVIDER"]).await;
    let (s, b) = app.get(&format!("{POLICIES}/active/group/Banking"), &device).await;
    assert_eq!((s, error_code(&b)), (StatusCode::FORBIDDEN, Some("KER-ATH-403".into())), "{b}");
    let (s, b) = app.post(&format!("{POLICIES}/group/filtervalues"), &device, group_values).await;
    assert_eq!((s, error_code(&b)), (StatusCode::FORBIDDEN, Some("KER-ATH-403".into())), "{b}");
}

// ------------------------------------------------------------------ envelope transport errors

#[tokio::test]
async fn malformed_json_wrong_content_type_and_missing_request_are_json_errors() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let group_new = format!("{POLICIES}/group/new");

    let (s, b) =
        send_bytes(&app, Method::POST, &group_new, &token, "application/json", b"{\"request\": {\"name\": ".to_vec())
            .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    assert_eq!(error_code(&b).as_deref(), Some("PMS_COR_002"), "{b}");
    assert!(b["response"].is_null());
    assert!(b["errors"][0]["message"].as_str().unwrap().starts_with("Invalid Input Parameter - "), "{b}");
    // The same on a V2 endpoint, in its envelope.
    let (s, b) = send_bytes(
        &app,
        Method::PATCH,
        &format!("{POLICIES}/group/g1"),
        &token,
        "application/json",
        b"not json".to_vec(),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    assert_eq!(error_code(&b).as_deref(), Some("PMS_COR_002"), "{b}");
    assert_eq!(b["id"], DEACTIVATE_GROUP_ID);

    let valid = serde_json::to_vec(&legacy(json!({"name": "Banking", "desc": "Banks"}))).unwrap();
    for content_type in ["text/plain", "application/x-www-form-urlencoded", "application/xml"] {
        let (s, b) = send_bytes(&app, Method::POST, &group_new, &token, content_type, valid.clone()).await;
        assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type}: {b}");
        assert_eq!(error_code(&b).as_deref(), Some("PMS_COR_002"), "{content_type}: {b}");
    }
    let res = app.client.post(app.url(&group_new)).bearer_auth(&token).body(valid.clone()).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "no Content-Type at all");
    // A charset parameter is fine.
    let (s, b) = send_bytes(&app, Method::POST, &group_new, &token, "application/json; charset=utf-8", valid).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");

    // A missing or null `request` is a bean-validation error, answered with HTTP 200.
    for envelope in [
        json!({"id": "mosip.pms.test", "version": "1.0", "requesttime": now(), "metadata": {}}),
        json!({"id": "mosip.pms.test", "version": "1.0", "requesttime": now(), "metadata": {}, "request": null}),
    ] {
        let (s, b) = app.post(&group_new, &token, envelope.clone()).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        assert_eq!(error_code(&b).as_deref(), Some("PMS_COR_001"), "{b}");
        assert_eq!(b["errors"][0]["message"], "Invalid request parameter - must not be null :request", "{b}");
        assert!(b["response"].is_null());
        assert_eq!(b["id"], "mosip.pms.test");
    }
    let (s, b) = app.post(&group_new, &token, legacy(json!("a string"))).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(error_code(&b).as_deref(), Some("PMS_COR_001"), "{b}");
    assert!(b["errors"][0]["message"].as_str().unwrap().ends_with(" :request"), "{b}");

    // None of these created anything.
    let (_, b) = app.get(&format!("{POLICIES}/group/all"), &token).await;
    assert_eq!(b["response"].as_array().unwrap().len(), 1, "only the charset request created a group: {b}");
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let app = TestApp::spawn_with(|c| c.max_body_bytes = 2048).await;
    let token = app.admin_token().await;
    let big = legacy(json!({"name": "Banking", "desc": "d".repeat(4000)}));
    let (s, b) = send_bytes(
        &app,
        Method::POST,
        &format!("{POLICIES}/group/new"),
        &token,
        "application/json",
        serde_json::to_vec(&big).unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{b}");
    assert_eq!(error_code(&b).as_deref(), Some("PMS_COR_002"), "{b}");
    assert!(b["errors"][0]["message"].as_str().unwrap().contains("2048"), "{b}");
    let mut doc = auth_policy();
    doc["kycLanguages"] = json!(vec!["eng"; 600]);
    let (s, b) = app
        .post(POLICIES, &token, legacy(json!({"policyGroupName": "Banking", "policyType": "Auth", "name": "KYC", "desc": "x", "version": "1", "policies": doc})))
        .await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{b}");
    // Under the limit all is well.
    let (s, b) =
        app.post(&format!("{POLICIES}/group/new"), &token, legacy(json!({"name": "Banking", "desc": "Banks"}))).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
}

#[tokio::test]
async fn unknown_paths_answer_404_in_json() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    for (method, path, with_token) in [
        (Method::GET, "/v1/policymanager/nothing-here", true),
        (Method::POST, "/v1/unknown/endpoint", true),
        (Method::GET, "/v1/policymanager/policies/p1/unknown/deeper", true),
    ] {
        let headers: Vec<(header::HeaderName, String)> =
            if with_token { vec![(header::AUTHORIZATION, format!("Bearer {token}"))] } else { vec![] };
        let (s, ct, b) = send_raw(&app, method.clone(), path, &headers, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{method} {path}: {b}");
        assert!(ct.as_deref().is_some_and(|c| c.starts_with("application/json")), "{method} {path}: {ct:?}");
        assert!(b["errors"][0]["errorCode"].is_string(), "{method} {path}: {b}");
        assert!(b["errors"][0]["message"].as_str().unwrap().contains(path), "{method} {path}: {b}");
        assert!(b["response"].is_null());
    }
}

// ------------------------------------------------------------------ documentation

/// Every (method, path) of `crates/web/src/api/policies.rs`.
fn policy_operations() -> Vec<(&'static str, &'static str)> {
    vec![
        ("post", "/v1/policymanager/policies/group/new"),
        ("put", "/v1/policymanager/policies/group/{policygroupId}"),
        ("patch", "/v1/policymanager/policies/group/{policygroupId}"),
        ("get", "/v1/policymanager/policies/group/{policygroupId}"),
        ("get", "/v1/policymanager/policies/group/all"),
        ("post", "/v1/policymanager/policies/group/search"),
        ("post", "/v1/policymanager/policies/group/filtervalues"),
        ("get", "/v1/policymanager/policies/policy-groups"),
        ("get", "/v1/policymanager/policy-groups"),
        ("post", "/v1/policymanager/policies"),
        ("get", "/v1/policymanager/policies"),
        ("put", "/v1/policymanager/policies/{policyId}"),
        ("patch", "/v1/policymanager/policies/{policyId}"),
        ("get", "/v1/policymanager/policies/{policyId}"),
        ("post", "/v1/policymanager/policies/{policyId}/group/{policygroupId}/publish"),
        ("patch", "/v1/policymanager/policies/{policyId}/group/{policygroupId}"),
        ("get", "/v1/policymanager/policies/{policyId}/partner/{partnerId}"),
        ("post", "/v1/policymanager/policies/search"),
        ("post", "/v1/policymanager/policies/filtervalues"),
        ("get", "/v1/policymanager/policies/active/group/{groupName}"),
        ("get", "/v1/policymanager/policies/v2"),
        ("get", "/v1/policymanager/policies/config/{key}"),
        ("post", "/v1/policymanager/policies/{policyId}/clone"),
        ("get", "/v1/policymanager/policies/{policyId}/history"),
    ]
}

#[tokio::test]
async fn openapi_document_is_3_1_and_lists_every_policy_path() {
    let app = TestApp::spawn().await;
    let res = app.client.get(app.url("/openapi.json")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let doc: Value = res.json().await.unwrap();
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "{}", doc["openapi"]);
    let paths = doc["paths"].as_object().expect("paths");
    for (method, path) in policy_operations() {
        let op = &paths.get(path).unwrap_or_else(|| panic!("{path} missing from /openapi.json"))[method];
        assert!(op.is_object(), "{method} {path} missing from /openapi.json");
        assert!(op["responses"]["200"].is_object(), "{method} {path} documents its 200 answer");
        assert!(op["security"].is_array(), "{method} {path} declares its security");
    }
    for (method, path) in [
        ("post", "/v1/auth/login"),
        ("post", "/v1/auth/logout"),
        ("get", "/v1/partnermanager/authorize/admin/validateToken"),
    ] {
        assert!(paths.get(path).is_some_and(|p| p[method].is_object()), "{method} {path}");
    }
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer", "{schemes}");
    assert_eq!(schemes["cookie"]["in"], "cookie", "{schemes}");
    assert_eq!(schemes["cookie"]["name"], "Authorization", "{schemes}");
    // The documented error codes of the endpoints are part of the contract.
    let create = &paths["/v1/policymanager/policies"]["post"]["responses"]["200"]["description"];
    for code in ["PMS_POL_023", "PMS_POL_019", "PMS_POL_053", "PMS_POL_009"] {
        assert!(create.as_str().unwrap().contains(code), "{code} not documented: {create}");
    }
}

#[tokio::test]
async fn api_docs_page_is_html_listing_every_policy_path() {
    let app = TestApp::spawn().await;
    let res = app.client.get(app.url("/api-docs")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let content_type =
        res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let html = res.text().await.unwrap();
    assert!(html.to_ascii_lowercase().contains("<html"), "not an HTML page");
    for (_, path) in policy_operations() {
        assert!(html.contains(&format!("<code>{path}</code>")), "{path} missing from /api-docs");
    }
    for method in ["GET", "POST", "PUT", "PATCH"] {
        assert!(html.contains(&format!(">{method}<")), "{method} badge missing");
    }
}
