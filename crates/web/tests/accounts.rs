//! Accounts through the portal and the API: a forgotten password reset with the e-mailed code
//! (limited attempts, cooldown, no account enumeration, every session ended, the code used once),
//! one's own password changed with the current one, the Partner Admin's user pages with their
//! protections, and the audit trail with real actors, sentences, filters and CSV.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::Value;

const NEW_PASSWORD: &str = "Brand-New-Secret-2024";

// ------------------------------------------------------------------ helpers

/// Reset codes in e-mails to `address`, oldest first.
async fn codes_to(app: &TestApp, address: &str) -> Vec<String> {
    let re = regex::Regex::new(r"(?m)^\s*(\d{6})\s*$").unwrap();
    app.mailbox()
        .await
        .iter()
        .filter(|raw| {
            let head = raw.split("\r\n\r\n").next().unwrap_or_default().to_lowercase();
            head.lines().any(|l| l.starts_with("to:") && l.contains(&address.to_lowercase()))
        })
        .filter_map(|raw| re.captures(&qp_decode(&raw.replace("\r\n", "\n"))).map(|c| c[1].to_string()))
        .collect()
}

fn other_code(code: &str) -> String {
    let n: u32 = code.parse().unwrap();
    format!("{:06}", (n + 1) % 1_000_000)
}

async fn visitor_post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let csrf = app.visitor_csrf().await;
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    app.post_visitor_form(path, &csrf, serde_urlencoded::to_string(&all).unwrap()).await
}

async fn request_reset(app: &TestApp, who: &str) -> reqwest::Response {
    visitor_post(app, "/forgot-password", &[("username", who)]).await
}

async fn reset(app: &TestApp, who: &str, code: &str, password: &str) -> (StatusCode, String, String) {
    let res = visitor_post(
        app,
        "/reset-password",
        &[("username", who), ("code", code), ("password", password), ("passwordConfirm", password)],
    )
    .await;
    let status = res.status();
    let location = location(&res);
    (status, location, res.text().await.unwrap())
}

fn location(res: &reqwest::Response) -> String {
    res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

async fn api_login(app: &TestApp, username: &str, password: &str) -> StatusCode {
    app.client
        .post(app.url("/v1/auth/login"))
        .json(&serde_json::json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
}

async fn portal_login_status(app: &TestApp, username: &str, password: &str) -> StatusCode {
    let res = visitor_post(app, "/login", &[("username", username), ("password", password), ("next", "/")]).await;
    res.status()
}

/// Audit rows through the API, newest first.
async fn audit(app: &TestApp, query: &str) -> Vec<Value> {
    let token = app.admin_token().await;
    let (status, body) = app.get(&format!("/v1/pms/audit?pageNo=0&pageSize=200&{query}"), &token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["response"]["data"].as_array().cloned().unwrap_or_default()
}

fn has_row(rows: &[Value], action: &str, actor: &str, entity: &str, outcome: &str) -> bool {
    rows.iter()
        .any(|r| r["action"] == action && r["actor"] == actor && r["entityId"] == entity && r["outcome"] == outcome)
}

// ------------------------------------------------------------------ forgotten password

#[tokio::test]
async fn a_forgotten_password_is_reset_with_the_emailed_code_and_every_session_ends() {
    let app = TestApp::spawn().await;
    let token = app.user_with_roles("ana", &["POLICYMANAGER"]).await;
    let browser = app.portal_login("ana", USER_PASSWORD).await;

    // The login page leads to the form.
    let (_, login) = app.portal_get(&PortalUser { cookie: String::new(), csrf: String::new() }, "/login").await;
    assert!(login.contains(r#"href="/forgot-password""#), "{login}");

    let res = request_reset(&app, "ana").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/reset-password?username=ana"), "{}", location(&res));
    let codes = codes_to(&app, "ana@example.org").await;
    assert_eq!(codes.len(), 1, "one e-mail with a code");
    let code = codes[0].clone();

    // A weak password is refused next to its field and uses up nothing.
    let (status, _, page) = reset(&app, "ana", &code, "short").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains(r#"id="password" aria-invalid="true""#), "{page}");

    let (status, to, _) = reset(&app, "ana", &code, NEW_PASSWORD).await;
    assert_eq!((status, to.as_str()), (StatusCode::SEE_OTHER, "/login?done=password-reset"));
    assert_eq!(api_login(&app, "ana", USER_PASSWORD).await, StatusCode::UNAUTHORIZED);
    assert_eq!(api_login(&app, "ana", NEW_PASSWORD).await, StatusCode::OK);

    // The reset ended the portal session and revoked the API token.
    let res = app.portal_get_raw(&browser, "/password").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "the old session is over");
    let (status, _) = app.get("/v1/partnermanager/authorize/admin/validateToken", &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // The code works once.
    app.clock.advance(chrono::Duration::seconds(61));
    let (status, _, page) = reset(&app, "ana", &code, "Another-Secret-9876").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("PMS_USR_007") || page.contains("request a new one"), "{page}");
    assert_eq!(api_login(&app, "ana", NEW_PASSWORD).await, StatusCode::OK);

    // Audited as the user, who proved who they are with the code.
    let rows = audit(&app, "entityId=ana").await;
    assert!(has_row(&rows, "user.password_reset", "ana", "ana", "success"), "{rows:?}");
    assert!(has_row(&rows, "user.password_reset_request", "anonymous", "ana", "success"), "{rows:?}");
}

#[tokio::test]
async fn the_reset_code_dies_after_the_allowed_wrong_attempts_and_new_codes_wait_for_the_cooldown() {
    let app = TestApp::spawn().await;
    app.user_with_roles("bea", &["POLICYMANAGER"]).await;
    // By e-mail address as well as by username.
    assert_eq!(request_reset(&app, "bea@example.org").await.status(), StatusCode::SEE_OTHER);
    let code = codes_to(&app, "bea@example.org").await.pop().expect("code");
    for _ in 0..5 {
        let (status, _, page) = reset(&app, "bea", &other_code(&code), NEW_PASSWORD).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains(r#"id="code" aria-invalid="true""#), "{page}");
    }
    let (status, _, _) = reset(&app, "bea", &code, NEW_PASSWORD).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "the right code no longer works");
    assert_eq!(api_login(&app, "bea", USER_PASSWORD).await, StatusCode::OK);

    // A new code only after the cooldown: named the other way the answer is the same but no
    // e-mail goes out; asked again the same way, the wait is told.
    assert_eq!(request_reset(&app, "bea").await.status(), StatusCode::SEE_OTHER);
    let res = request_reset(&app, "bea").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(codes_to(&app, "bea@example.org").await.len(), 1);
    app.clock.advance(chrono::Duration::seconds(61));
    assert_eq!(request_reset(&app, "bea").await.status(), StatusCode::SEE_OTHER);
    let fresh = codes_to(&app, "bea@example.org").await;
    assert_eq!(fresh.len(), 2);
    let (status, _, _) = reset(&app, "bea", &fresh[1], NEW_PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // An expired code is refused.
    app.clock.advance(chrono::Duration::seconds(61));
    assert_eq!(request_reset(&app, "bea").await.status(), StatusCode::SEE_OTHER);
    let late = codes_to(&app, "bea@example.org").await.pop().unwrap();
    app.clock.advance(chrono::Duration::seconds(601));
    let (status, _, _) = reset(&app, "bea", &late, "Yet-Another-Secret-55").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(api_login(&app, "bea", NEW_PASSWORD).await, StatusCode::OK);
}

#[tokio::test]
async fn unknown_accounts_get_the_same_answer_and_no_email() {
    let app = TestApp::spawn().await;
    app.user_with_roles("cid", &["POLICYMANAGER"]).await;
    let known = request_reset(&app, "cid").await;
    let known_to = location(&known).replace("cid", "WHO");
    let known_page = known.text().await.unwrap();
    let before = app.mailbox().await.len();
    for who in ["nobody", "nobody@example.org"] {
        let res = request_reset(&app, who).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&res).replace(&urlencode(who), "WHO"), known_to);
        assert_eq!(res.text().await.unwrap(), known_page);
        // The same cooldown applies.
        assert_eq!(request_reset(&app, who).await.status(), StatusCode::TOO_MANY_REQUESTS);
        let (status, _, page) = reset(&app, who, "123456", NEW_PASSWORD).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains(r#"id="code" aria-invalid="true""#), "{page}");
    }
    assert_eq!(app.mailbox().await.len(), before, "nothing was sent");
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("x", s)]).unwrap().trim_start_matches("x=").to_string()
}

// ------------------------------------------------------------------ own password

#[tokio::test]
async fn changing_ones_password_needs_the_current_one_and_ends_the_other_sessions() {
    let app = TestApp::spawn().await;
    let token = app.user_with_roles("dee", &["POLICYMANAGER"]).await;
    let here = app.portal_login("dee", USER_PASSWORD).await;
    let elsewhere = app.portal_login("dee", USER_PASSWORD).await;
    let (status, page) = app.portal_get(&here, "/password").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"id="currentPassword""#), "{page}");

    let res = app
        .portal_post(
            &here,
            "/password",
            &[("currentPassword", "not-my-password-1"), ("password", NEW_PASSWORD), ("passwordConfirm", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert!(page.contains(r#"id="currentPassword" aria-invalid="true""#), "{page}");
    let res = app
        .portal_post(
            &here,
            "/password",
            &[("currentPassword", USER_PASSWORD), ("password", NEW_PASSWORD), ("passwordConfirm", "something-else-1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains(r#"id="passwordConfirm" aria-invalid="true""#));
    assert_eq!(api_login(&app, "dee", USER_PASSWORD).await, StatusCode::OK, "nothing changed");

    let res = app
        .portal_post(
            &here,
            "/password",
            &[("currentPassword", USER_PASSWORD), ("password", NEW_PASSWORD), ("passwordConfirm", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/password?done=password-changed");
    assert_eq!(app.portal_get(&here, "/password").await.0, StatusCode::OK, "this session stays");
    assert_eq!(app.portal_get_raw(&elsewhere, "/password").await.status(), StatusCode::SEE_OTHER);
    let (status, _) = app.get("/v1/partnermanager/authorize/admin/validateToken", &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "tokens are revoked");
    assert_eq!(api_login(&app, "dee", NEW_PASSWORD).await, StatusCode::OK);
    let rows = audit(&app, "action=user.password_change").await;
    assert!(has_row(&rows, "user.password_change", "dee", "dee", "success"), "{rows:?}");
    assert!(has_row(&rows, "user.password_change", "dee", "dee", "failure"), "{rows:?}");
}

// ------------------------------------------------------------------ user administration

#[tokio::test]
async fn a_deactivated_user_cannot_log_in_and_their_sessions_end_at_once() {
    let app = TestApp::spawn().await;
    let token = app.user_with_roles("eve", &["POLICYMANAGER"]).await;
    let eve = app.portal_login("eve", USER_PASSWORD).await;
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;

    let (status, page) = app.portal_get(&admin, "/users?username=ev&sortFieldName=username&sortType=asc").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"href="/users/eve""#) && !page.contains(r#"href="/users/admin""#), "{page}");
    let (_, page) = app.portal_get(&admin, "/users?status=deactivated").await;
    assert!(!page.contains(r#"href="/users/eve""#), "{page}");
    let (_, page) = app.portal_get(&admin, "/users/eve").await;
    assert!(page.contains(r#"href="/users/eve/deactivate""#), "{page}");
    let (status, page) = app.portal_get(&admin, "/users/eve/deactivate").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"action="/users/eve/deactivate""#), "{page}");

    let res = app.portal_post(&admin, "/users/eve/deactivate", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/users/eve?done=user-deactivate");
    assert_eq!(app.portal_get_raw(&eve, "/password").await.status(), StatusCode::SEE_OTHER, "session ended");
    let (status, _) = app.get("/v1/partnermanager/authorize/admin/validateToken", &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(api_login(&app, "eve", USER_PASSWORD).await, StatusCode::UNAUTHORIZED);
    assert_eq!(portal_login_status(&app, "eve", USER_PASSWORD).await, StatusCode::UNAUTHORIZED);
    let (_, page) = app.portal_get(&admin, "/users?status=deactivated").await;
    assert!(page.contains(r#"href="/users/eve""#), "{page}");

    // The failed login is recorded with the reason and the typed name.
    let rows = audit(&app, "action=session.login_failed").await;
    let failed = rows.iter().find(|r| r["entityId"] == "eve").expect("failed login row");
    assert_eq!(failed["details"]["reason"], "deactivated", "{failed}");

    // The admin sets a password and re-activates.
    let res = app
        .portal_post(&admin, "/users/eve/password", &[("password", NEW_PASSWORD), ("passwordConfirm", NEW_PASSWORD)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = app.portal_post(&admin, "/users/eve/activate", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(api_login(&app, "eve", NEW_PASSWORD).await, StatusCode::OK);
    let res = app.portal_post(&admin, "/users/eve/activate", &[]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "already active");

    // Only Partner Admins see these pages.
    let other = app.portal_login("eve", NEW_PASSWORD).await;
    for path in ["/users", "/users/admin", "/users/admin/deactivate", "/users/admin/password", "/audit", "/audit.csv"] {
        assert_eq!(app.portal_get(&other, path).await.0, StatusCode::FORBIDDEN, "{path}");
    }
    let res = app.portal_post(&other, "/users/admin/deactivate", &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .portal_post(&other, "/users/admin/password", &[("password", NEW_PASSWORD), ("passwordConfirm", NEW_PASSWORD)])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(api_login(&app, "admin", ADMIN_PASSWORD).await, StatusCode::OK);
}

#[tokio::test]
async fn the_admin_cannot_deactivate_themselves_and_one_active_partner_admin_always_remains() {
    let app = TestApp::spawn().await;
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    let (_, page) = app.portal_get(&admin, "/users/admin").await;
    assert!(!page.contains(r#"href="/users/admin/deactivate""#), "{page}");
    let (_, page) = app.portal_get(&admin, "/users/admin/deactivate").await;
    assert!(page.contains(r#"id="blocked""#), "{page}");
    let res = app.portal_post(&admin, "/users/admin/deactivate", &[]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("your own account"));

    // A second admin may deactivate the first, but then not be deactivated by anyone.
    app.user_with_roles("second", &["PARTNER_ADMIN"]).await;
    let second = app.portal_login("second", USER_PASSWORD).await;
    let res = app.portal_post(&second, "/users/admin/deactivate", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let operator = pms_service::Ctx::operator("root");
    let refused = app
        .services
        .set_user_active(&operator, "second", pms_domain::account::AccountAction::Deactivate)
        .await
        .unwrap_err();
    assert_eq!(refused.to_pms_error().code, "PMS_USR_004");
    assert_eq!(api_login(&app, "second", USER_PASSWORD).await, StatusCode::OK);
}

#[tokio::test]
async fn hostile_lengths_on_the_account_forms_change_nothing() {
    let app = TestApp::spawn().await;
    app.user_with_roles("fay", &["POLICYMANAGER"]).await;
    let fay = app.portal_login("fay", USER_PASSWORD).await;
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    let huge = "x".repeat(100_000);
    let long_digits = format!("Aa1{}", "9".repeat(5000));
    let res = request_reset(&app, &huge).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let (status, _, _) = reset(&app, &huge, &huge, &long_digits).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let res = app
        .portal_post(
            &fay,
            "/password",
            &[("currentPassword", &huge), ("password", &long_digits), ("passwordConfirm", &long_digits)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app
        .portal_post(&admin, "/users/fay/password", &[("password", &long_digits), ("passwordConfirm", &long_digits)])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let long = "x".repeat(5000);
    let (status, _) = app.portal_get(&admin, &format!("/users?username={long}")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app.portal_get(&admin, &format!("/users/{}", "y".repeat(3000))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.portal_get(&admin, &format!("/audit?actor={long}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // A failed login with a long name is recorded, cut to its bound.
    let long_name = "n".repeat(64);
    assert_eq!(portal_login_status(&app, &long_name, "whatever-password-1").await, StatusCode::UNAUTHORIZED);
    assert_eq!(api_login(&app, "fay", USER_PASSWORD).await, StatusCode::OK);
    let rows = audit(&app, "action=session.login_failed").await;
    assert!(rows.iter().any(|r| r["entityId"] == long_name.as_str()), "{rows:?}");
}

// ------------------------------------------------------------------ audit trail

#[tokio::test]
async fn logins_failed_logins_logouts_and_sign_ups_have_real_actors() {
    let app = TestApp::spawn().await;
    app.user_with_roles("gus", &["POLICYMANAGER"]).await;
    let browser = app.portal_login("gus", USER_PASSWORD).await;
    assert_eq!(api_login(&app, "gus", "wrong-password-123").await, StatusCode::UNAUTHORIZED);
    assert_eq!(api_login(&app, "ghost", "wrong-password-123").await, StatusCode::UNAUTHORIZED);
    let res = app.portal_post(&browser, "/logout", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let token = app.login("gus", USER_PASSWORD).await;
    let (status, _) = app.post("/v1/auth/logout", &token, serde_json::json!({})).await;
    assert_eq!(status, StatusCode::OK);

    let rows = audit(&app, "entityType=user").await;
    assert!(has_row(&rows, "session.open", "gus", "gus", "success"), "{rows:?}");
    assert!(has_row(&rows, "session.token", "gus", "gus", "success"), "{rows:?}");
    assert!(has_row(&rows, "session.logout", "gus", "gus", "success"), "{rows:?}");
    assert_eq!(rows.iter().filter(|r| r["action"] == "session.logout").count(), 2, "portal and API logouts");
    let failed: Vec<&Value> = rows.iter().filter(|r| r["action"] == "session.login_failed").collect();
    assert!(failed.iter().any(|r| r["entityId"] == "gus" && r["details"]["reason"] == "wrong_password"));
    assert!(failed.iter().any(|r| r["entityId"] == "ghost" && r["details"]["reason"] == "unknown_user"));
    for r in &failed {
        assert!(!r.to_string().contains("wrong-password-123"), "the password is never stored: {r}");
        assert_eq!(r["outcome"], "failure");
    }
    let sessions = rows.iter().filter(|r| r["action"].as_str().unwrap_or_default().starts_with("session."));
    assert!(sessions.clone().all(|r| r["actor"] != "anonymous" || r["action"] == "session.login_failed"), "{rows:?}");

    // Self-registration: the rows name the partner signing up.
    let admin = app.admin_token().await;
    let group = app.create_group(&admin, "Banking").await;
    let _ = group;
    let signup = serde_json::json!({
        "username": "selfco", "organizationName": "Self Co", "partnerType": "Auth_Partner",
        "firstName": "Sam", "lastName": "Self", "emailId": "sam@selfco.example", "contactNumber": "+33 1234 5678",
        "address": "1 Main Street", "langCode": "eng", "policyGroup": "Banking", "password": "Sunny-Garden-1234",
        "termsAccepted": true
    });
    let (status, body) =
        app.send(reqwest::Method::POST, "/v1/partnermanager/self-registration", None, Some(legacy(signup))).await;
    assert_eq!((status, error_code(&body)), (StatusCode::OK, None), "{body}");
    let code = codes_to(&app, "sam@selfco.example").await.pop().expect("sign-up code");
    let (status, body) = app
        .send(
            reqwest::Method::POST,
            "/v1/partnermanager/self-registration/verify",
            None,
            Some(legacy(serde_json::json!({"emailId": "sam@selfco.example", "otp": code}))),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let rows = audit(&app, "actor=selfco").await;
    for action in ["registration.start", "registration.verify", "partner.register"] {
        assert!(rows.iter().any(|r| r["action"] == action && r["outcome"] == "success"), "{action}: {rows:?}");
    }
}

#[tokio::test]
async fn the_audit_page_reads_as_sentences_with_links_and_its_filters_and_csv_agree() {
    let app = TestApp::spawn().await;
    let admin_token = app.admin_token().await;
    let group = app.create_group(&admin_token, "Insurance").await;
    app.user_with_roles("hal", &["POLICYMANAGER"]).await;
    assert_eq!(api_login(&app, "hal", "wrong-password-123").await, StatusCode::UNAUTHORIZED);
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    app.portal_post(&admin, "/users/hal/deactivate", &[]).await;

    let (status, page) = app.portal_get(&admin, "/audit").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!(r#"admin created policy group <a href="/policy-groups/{group}">Insurance</a>"#)),
        "{page}"
    );
    assert!(page.contains(r#"admin deactivated user <a href="/users/hal">hal</a>"#), "{page}");
    assert!(page.contains("Failed login as <a href=\"/users/hal\">hal</a> from"), "{page}");
    // The actor and action filters are selects offering what the trail holds.
    assert!(
        page.contains(r#"<option value="hal">hal</option>"#)
            || page.contains(r#"<option value="admin">admin</option>"#)
    );
    assert!(page.contains(r#"<option value="user.deactivate">User deactivated</option>"#), "{page}");

    // In French, the sentence and the status words are translated.
    let res = app
        .raw(reqwest::Method::POST, "/lang")
        .header(reqwest::header::COOKIE, &admin.cookie)
        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string([("csrf", app.visitor_csrf().await.as_str()), ("lang", "fra")]).unwrap())
        .send()
        .await
        .unwrap();
    let _ = res;
    let ctx = pms_service::Ctx::operator("root");
    let fr = app
        .services
        .audit_csv(
            &ctx,
            pms_service::operations::AuditQuery { action: Some("user.deactivate".into()), ..Default::default() },
            pms_domain::lang::Lang::Fr,
        )
        .await
        .unwrap();
    let fr = String::from_utf8(fr).unwrap();
    assert!(fr.contains("admin a désactivé l'utilisateur hal"), "{fr}");

    // Filters narrow the rows; the CSV link keeps them and holds the same rows.
    let (_, page) = app.portal_get(&admin, "/audit?action=user.deactivate").await;
    assert!(page.contains("deactivated user") && !page.contains("created policy group"), "{page}");
    assert!(page.contains(r#"href="/audit.csv?action=user.deactivate""#), "{page}");
    let (_, page) = app.portal_get(&admin, "/audit?actor=hal").await;
    assert!(!page.contains("admin deactivated user"), "{page}");
    let now = app.services.now();
    let later = (now + chrono::Duration::hours(1)).format("%Y-%m-%dT%H:%M").to_string();
    let (_, page) = app.portal_get(&admin, &format!("/audit?from={later}")).await;
    assert!(page.contains(r#"class="empty""#), "nothing after the clock: {page}");
    let earlier = (now - chrono::Duration::hours(1)).format("%Y-%m-%dT%H:%M").to_string();
    let (_, page) = app.portal_get(&admin, &format!("/audit?from={earlier}&to={later}&entityType=policy_group")).await;
    assert!(page.contains("created policy group") && !page.contains("deactivated user"), "{page}");
    let (status, page) = app.portal_get(&admin, "/audit?from=not-a-date").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains(r#"id="audit-error""#), "{page}");

    let res = app.portal_get_raw(&admin, "/audit.csv?action=user.deactivate").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let body = res.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.as_ref());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(&records[0][column("action")], "user.deactivate");
    assert_eq!(&records[0][column("actor")], "admin");
    assert_eq!(&records[0][column("entityId")], "hal");
    assert_eq!(&records[0][column("description")], "admin deactivated user hal");
    let all = app.portal_get_raw(&admin, "/audit.csv").await.bytes().await.unwrap();
    let total = csv::Reader::from_reader(all.as_ref()).records().count();
    let rows = audit(&app, "").await;
    assert!(total >= rows.len() - 1 && total > 5, "{total} rows in the CSV");
}
