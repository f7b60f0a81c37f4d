//! The one write path and what it guarantees: every write serialised on SQLite (no "database is
//! locked" under mixed load), refusals audited with bounded values, attempts reserved before
//! they are checked, tokens revoked by logout, names that cannot impersonate each other, and one
//! status rule for policy groups.

mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const SIGN_UP: &str = "/v1/partnermanager/self-registration";
const VERIFY: &str = "/v1/partnermanager/self-registration/verify";
const GROUPS: &str = "/v1/policymanager/policies/group";

fn sign_up(username: &str, email: &str) -> Value {
    legacy(json!({
        "username": username, "organizationName": format!("{username} Org"), "partnerType": "Auth_Partner",
        "firstName": "Ana", "lastName": "Lopez", "emailId": email, "contactNumber": "+33 1234 5678",
        "address": "1 Main Street", "langCode": "eng", "policyGroup": "Banking",
        "password": "Correct-Horse-Battery-42", "termsAccepted": true
    }))
}

async fn audit(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let (s, b) = app.get(&format!("/v1/pms/audit?pageNo=0&pageSize=1000&{query}"), token).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["response"]["data"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn mixed_concurrent_writes_never_fail() {
    let app = TestApp::spawn_with(|c| {
        c.login_max_failures = 100_000;
        c.registrations_per_hour = 100_000;
    })
    .await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    // Successful writes, refused writes (audited), failed logins (rate-limit rows) and sign-ups,
    // all at once.
    let mut writes = tokio::task::JoinSet::new();
    for i in 0..240 {
        let client = app.client.clone();
        let base = app.base.clone();
        let admin = admin.clone();
        writes.spawn(async move {
            let req = match i % 4 {
                0 => client
                    .post(format!("{base}{GROUPS}/new"))
                    .bearer_auth(&admin)
                    .json(&legacy(json!({"name": format!("Sector {i}"), "desc": "d"}))),
                1 => client
                    .post(format!("{base}{GROUPS}/new"))
                    .bearer_auth(&admin)
                    .json(&legacy(json!({"name": "Banking", "desc": "taken"}))),
                2 => {
                    client.post(format!("{base}/v1/auth/login")).json(&json!({"username": "admin", "password": "nope"}))
                }
                _ => client
                    .post(format!("{base}{SIGN_UP}"))
                    .json(&sign_up(&format!("bank-{i}"), &format!("a{i}@b.example"))),
            };
            let res = req.send().await.expect("request");
            (i, res.status(), res.text().await.unwrap_or_default())
        });
    }
    let mut failures = Vec::new();
    while let Some(done) = writes.join_next().await {
        let (i, status, body) = done.unwrap();
        if status.is_server_error() {
            failures.push(format!("{i}: {status} {body}"));
        }
    }
    assert!(failures.is_empty(), "{} of 240 writes failed: {failures:?}", failures.len());
    // Every refused duplicate left its audit row.
    let refused = audit(&app, &admin, "action=policy_group.create&outcome=failure").await;
    assert_eq!(refused.len(), 60);
}

#[tokio::test]
async fn refused_requests_store_bounded_values() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let huge = "x".repeat(200_000);
    let (s, b) = app.send(Method::POST, SIGN_UP, None, Some(sign_up(&huge, "ana@bank.example"))).await;
    assert_eq!(s, StatusCode::OK);
    assert!(error_code(&b).is_some(), "{b}");
    let rows = audit(&app, &admin, "action=registration.start&outcome=failure").await;
    assert_eq!(rows.len(), 1);
    let id = rows[0]["entityId"].as_str().unwrap();
    assert!(id.chars().count() <= 128 && id.ends_with("…[truncated]"), "{id}");
    assert!(rows[0].to_string().len() < 4096, "{}", rows[0]);
}

#[tokio::test]
async fn a_burst_of_codes_cannot_pass_the_attempt_limit() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let email = "ana@bank-one.example";
    let (_, b) = app.send(Method::POST, SIGN_UP, None, Some(sign_up("bank-one", email))).await;
    assert!(error_code(&b).is_none(), "{b}");
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..40 {
        let client = app.client.clone();
        let url = app.url(VERIFY);
        guesses.spawn(async move {
            let body = legacy(json!({"emailId": email, "otp": format!("{:06}", 999_000 + i)}));
            let res = client.post(url).json(&body).send().await.expect("verify");
            let body: Value = res.json().await.expect("json");
            error_code(&body)
        });
    }
    let mut wrong = 0;
    while let Some(code) = guesses.join_next().await {
        match code.unwrap().as_deref() {
            Some("PMS_OTP_002") => wrong += 1,
            Some("PMS_OTP_004") => {}
            other => panic!("unexpected answer {other:?}"),
        }
    }
    // Five attempts are allowed: four say "wrong", the fifth and every later one "exceeded".
    assert_eq!(wrong, 4, "only the allowed attempts were checked");
}

#[tokio::test]
async fn a_live_sign_up_is_not_replaced_by_someone_else() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let email = "ana@bank-one.example";
    let (_, b) = app.send(Method::POST, SIGN_UP, None, Some(sign_up("bank-one", email))).await;
    assert!(error_code(&b).is_none(), "{b}");
    let (_, b) = app.send(Method::POST, SIGN_UP, None, Some(sign_up("impostor", email))).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_REG_007"), "{b}");
    // The owner may correct its own form; the e-mail says which account it confirms.
    let (_, b) = app.send(Method::POST, SIGN_UP, None, Some(sign_up("bank-one", email))).await;
    assert!(error_code(&b).is_none(), "{b}");
    let mails = app.mailbox().await;
    assert!(mails.iter().all(|m| m.contains("bank-one") && m.contains("bank-one Org")), "{mails:?}");
    // Once the code has expired the address is free again.
    app.clock.advance(chrono::Duration::minutes(11));
    let (_, b) = app.send(Method::POST, SIGN_UP, None, Some(sign_up("someone-else", email))).await;
    assert!(error_code(&b).is_none(), "{b}");
}

#[tokio::test]
async fn logout_revokes_the_token() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let other = app.admin_token().await;
    let (s, _) = app.get(&format!("{GROUPS}/all"), &token).await;
    assert_eq!(s, StatusCode::OK);
    let res = app.client.post(app.url("/v1/auth/logout")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    for t in [&token, &other] {
        let (s, b) = app.get(&format!("{GROUPS}/all"), t).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::UNAUTHORIZED, Some("KER-ATH-401")), "{b}");
    }
    // A new login works.
    let fresh = app.admin_token().await;
    assert_eq!(app.get(&format!("{GROUPS}/all"), &fresh).await.0, StatusCode::OK);
}

#[tokio::test]
async fn tokens_expire_on_the_servers_clock() {
    let app = TestApp::spawn_with(|c| c.token_ttl_minutes = 60).await;
    let token = app.admin_token().await;
    app.clock.advance(chrono::Duration::minutes(59));
    assert_eq!(app.get(&format!("{GROUPS}/all"), &token).await.0, StatusCode::OK);
    app.clock.advance(chrono::Duration::minutes(2));
    assert_eq!(app.get(&format!("{GROUPS}/all"), &token).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn look_alike_names_are_refused_and_case_is_one_name() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    for name in ["Bank\u{200b}ing", "\u{feff}Banking", "Bank\u{202e}gni", "Bank\u{2066}ing"] {
        let (_, b) = app.post(&format!("{GROUPS}/new"), &admin, legacy(json!({"name": name, "desc": "d"}))).await;
        assert_eq!(error_code(&b).as_deref(), Some("PMS_COR_001"), "{name:?}: {b}");
    }
    let (_, b) = app.post(&format!("{GROUPS}/new"), &admin, legacy(json!({"name": "BANKING", "desc": "d"}))).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_POL_014"), "{b}");
    // Composed and decomposed forms are one name.
    app.create_group(&admin, "Caf\u{e9}").await;
    let (_, b) = app.post(&format!("{GROUPS}/new"), &admin, legacy(json!({"name": "Cafe\u{301}", "desc": "d"}))).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_POL_014"), "{b}");
}

#[tokio::test]
async fn put_and_patch_follow_one_group_status_rule() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let id = app.create_group(&admin, "Banking").await;
    app.create_policy(&admin, "Banking", "Draft KYC", "Auth").await;
    let put = |active: bool| legacy(json!({"name": "Banking", "desc": "Banks", "isActive": active}));
    let patch = v2("mosip.pms.deactivate.policy.group.patch", json!({"status": "De-Activate"}));
    // Both refuse to deactivate a group that still has a draft, with the same code.
    let (_, b) = app.put(&format!("{GROUPS}/{id}"), &admin, put(false)).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_POL_070"), "{b}");
    let (_, b) = app.patch(&format!("{GROUPS}/{id}"), &admin, patch.clone()).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_POL_070"), "{b}");
    let rows = audit(&app, &admin, &format!("entityId={id}&outcome=success")).await;
    assert!(rows.iter().all(|r| r["afterStatus"] == "activated"), "{rows:?}");
}

#[tokio::test]
async fn consent_needs_a_partner() {
    let app = TestApp::spawn().await;
    let token = app.user_with_roles("lonely", &["AUTH_PARTNER"]).await;
    let url = "/v1/partnermanager/users/user-consent";
    for method in [Method::GET, Method::POST] {
        let body = (method == Method::POST).then(|| v2("mosip.pms.user.consent.post", json!({})));
        let (_, b) = app.send(method, url, Some(&token), body).await;
        assert_eq!(error_code(&b).as_deref(), Some("PMS_CERTIFICATE_ERROR_002"), "{b}");
        assert!(b["response"].is_null(), "{b}");
    }
    let admin = app.admin_token().await;
    assert!(audit(&app, &admin, "action=user.consent&outcome=success").await.is_empty());
}
