//! Login through an external OpenID provider, on both databases. The provider here is an HTTP
//! server of the test that publishes its discovery document and keys; the test signs the tokens
//! the provider would issue (ES256) and tokens it never would. The browser test drives a real
//! provider (npm's `oidc-provider`) through the portal.

mod common;

use axum::response::IntoResponse;
use common::*;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const CLIENT_ID: &str = "pms";
const AUDIENCE: &str = "pms-api";
const ME: &str = "/v1/partnermanager/authorize/admin/validateToken";

struct Idp {
    issuer: String,
    key: EncodingKey,
    /// Reads of the key set, to see that unknown key ids do not become a flood of requests.
    jwks_reads: Arc<AtomicUsize>,
}

impl Idp {
    async fn start() -> Idp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let issuer = format!("http://{}/realms/agency", listener.local_addr().expect("address"));
        let (mut jwk, pem) = pms_testkit::jwk::ec_signer();
        jwk["kid"] = json!("idp-key");
        jwk["alg"] = json!("ES256");
        // A key of a type the verifier does not use must not hide the others.
        let keys = json!({"keys": [{"kty": "oct", "k": "c2VjcmV0", "kid": "hmac"}, jwk]});
        let jwks_reads = Arc::new(AtomicUsize::new(0));
        let metadata = json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/protocol/openid-connect/auth"),
            "token_endpoint": format!("{issuer}/protocol/openid-connect/token"),
            "jwks_uri": format!("{issuer}/protocol/openid-connect/certs"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["ES256"],
        });
        let reads = jwks_reads.clone();
        let app = axum::Router::new()
            .route(
                "/realms/agency/.well-known/openid-configuration",
                axum::routing::get(move || {
                    let metadata = metadata.clone();
                    async move { axum::Json(metadata).into_response() }
                }),
            )
            .route(
                "/realms/agency/protocol/openid-connect/certs",
                axum::routing::get(move || {
                    let (keys, reads) = (keys.clone(), reads.clone());
                    async move {
                        reads.fetch_add(1, Ordering::SeqCst);
                        axum::Json(keys).into_response()
                    }
                }),
            );
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let key = EncodingKey::from_ec_pem(pem.as_bytes()).expect("signing key");
        Idp { issuer, key, jwks_reads }
    }

    /// The claims of an access token the provider issues for `username`, valid for five minutes
    /// from `now` (the server's clock).
    fn claims(&self, app: &TestApp, username: &str, roles: &[&str]) -> Value {
        let now = app.services.now().timestamp();
        json!({
            "iss": self.issuer,
            "sub": format!("sub-{username}"),
            "aud": [AUDIENCE, "account"],
            "azp": "tool",
            "iat": now,
            "exp": now + 300,
            "preferred_username": username,
            "email": format!("{username}@agency.example"),
            "given_name": "Ida",
            "realm_access": {"roles": roles},
        })
    }

    fn sign(&self, claims: &Value) -> String {
        self.sign_with(claims, "idp-key")
    }

    fn sign_with(&self, claims: &Value, kid: &str) -> String {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(kid.into());
        jsonwebtoken::encode(&header, claims, &self.key).expect("sign")
    }

    fn token(&self, app: &TestApp, username: &str, roles: &[&str]) -> String {
        self.sign(&self.claims(app, username, roles))
    }
}

async fn app_with(idp: &Idp, configure: impl FnOnce(&mut pms_service::Config)) -> TestApp {
    let issuer = idp.issuer.clone();
    TestApp::spawn_with(move |c| {
        c.oidc_issuer = Some(issuer);
        c.oidc_client_id = Some(CLIENT_ID.into());
        c.oidc_client_secret = Some("client-secret-of-the-test".into());
        c.oidc_audience = Some(AUDIENCE.into());
        configure(c);
    })
    .await
}

async fn me(app: &TestApp, token: &str) -> (StatusCode, Value) {
    app.get(ME, token).await
}

async fn login_page(app: &TestApp) -> (StatusCode, String) {
    let res = app.client.get(app.url("/login")).send().await.expect("login page");
    (res.status(), res.text().await.expect("page"))
}

async fn users_named(app: &TestApp, username: &str) -> Vec<pms_service::view::User> {
    app.services.list_users().await.expect("users").into_iter().filter(|u| u.user.username == username).collect()
}

#[tokio::test]
async fn the_providers_tokens_call_the_api_as_a_user_that_follows_the_provider() {
    let idp = Idp::start().await;
    let app = app_with(&idp, |_| {}).await;

    let (status, body) = me(&app, &idp.token(&app, "ops-lead", &["PARTNER_ADMIN", "offline_access"])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["response"]["userId"], "ops-lead");
    assert_eq!(body["response"]["role"], "PARTNER_ADMIN");
    assert_eq!(body["response"]["mail"], "ops-lead@agency.example");
    // The Partner Admin's operations are open to it.
    let (status, _) = app.get("/v1/partnermanager/partners", &idp.token(&app, "ops-lead", &["PARTNER_ADMIN"])).await;
    assert_eq!(status, StatusCode::OK);

    // The provider takes the role away and gives another: the next token is that user.
    let token = idp.token(&app, "ops-lead", &["POLICYMANAGER"]);
    let (status, body) = me(&app, &token).await;
    assert_eq!((status, body["response"]["role"].as_str()), (StatusCode::OK, Some("POLICYMANAGER")));
    let (status, _) = app.get("/v1/partnermanager/partners", &token).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let users = users_named(&app, "ops-lead").await;
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].roles, vec!["POLICYMANAGER"]);

    let admin = app.admin_token().await;
    let (_, audit) = app.get("/v1/pms/audit?entityType=user&entityId=ops-lead", &admin).await;
    // Newest first.
    let actions: Vec<&str> =
        audit["response"]["data"].as_array().into_iter().flatten().filter_map(|r| r["action"].as_str()).collect();
    assert_eq!(actions, vec!["user.roles_sync", "user.provision"], "{audit}");

    // PMS keeps no password for such a user: none can be set, and a forgotten one sends no code.
    let password = Some("a long enough password 42".to_string());
    let new = pms_service::accounts::NewPassword { password: password.clone(), confirm: password };
    let refused = app.services.set_user_password(&pms_service::Ctx::operator("test"), "ops-lead", new).await;
    assert_eq!(refused.unwrap_err().to_pms_error().code, "PMS_USR_008");
    let ctx = pms_service::Ctx { client_ip: "test".into(), ..Default::default() };
    app.services.request_password_reset(&ctx, Some("ops-lead")).await.expect("same answer as for anyone");
    app.deliver().await;
    assert!(app.mailbox().await.is_empty());

    // A user the provider gives no PMS role gets no account.
    let (status, _) = me(&app, &idp.token(&app, "visitor", &["offline_access"])).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(users_named(&app, "visitor").await.is_empty());

    // Deactivated in PMS: the provider's tokens no longer work either.
    app.services
        .set_user_active(
            &pms_service::Ctx::operator("test"),
            "ops-lead",
            pms_domain::account::AccountAction::Deactivate,
        )
        .await
        .expect("deactivate");
    let (status, _) = me(&app, &idp.token(&app, "ops-lead", &["POLICYMANAGER"])).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn tokens_that_are_expired_foreign_forged_or_for_someone_else_are_refused() {
    let idp = Idp::start().await;
    let app = app_with(&idp, |_| {}).await;
    let good = idp.claims(&app, "ops-lead", &["PARTNER_ADMIN"]);
    assert_eq!(me(&app, &idp.sign(&good)).await.0, StatusCode::OK);

    let with = |changes: Value| {
        let mut claims = good.clone();
        for (k, v) in changes.as_object().unwrap() {
            claims[k] = v.clone();
        }
        claims
    };
    let refused = [
        ("another audience", idp.sign(&with(json!({"aud": "another-api"})))),
        ("no audience", idp.sign(&with(json!({"aud": null})))),
        ("another issuer", idp.sign(&with(json!({"iss": "https://elsewhere.example/realms/agency"})))),
        ("no expiry", idp.sign(&with(json!({"exp": null})))),
        ("not valid yet", idp.sign(&with(json!({"nbf": app.services.now().timestamp() + 600})))),
        ("a key the provider never published", {
            let (_, pem) = pms_testkit::jwk::ec_signer();
            let mut header = Header::new(Algorithm::ES256);
            header.kid = Some("idp-key".into());
            jsonwebtoken::encode(&header, &good, &EncodingKey::from_ec_pem(pem.as_bytes()).unwrap()).unwrap()
        }),
        // The provider's `oct` key as an HMAC secret: symmetric signatures are never accepted.
        ("HS256", {
            let mut header = Header::new(Algorithm::HS256);
            header.kid = Some("hmac".into());
            jsonwebtoken::encode(&header, &good, &EncodingKey::from_secret(b"secret").unwrap()).unwrap()
        }),
        ("a tampered payload", {
            let token = idp.sign(&good);
            let parts: Vec<&str> = token.split('.').collect();
            let other = idp.sign(&with(json!({"realm_access": {"roles": ["PARTNER_ADMIN", "POLICYMANAGER"]}})));
            format!("{}.{}.{}", parts[0], other.split('.').nth(1).unwrap(), parts[2])
        }),
    ];
    for (what, token) in refused {
        let (status, body) = me(&app, &token).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}: {body}");
    }

    // Unknown key ids make the server read the provider's keys again, but not at every token.
    let reads = idp.jwks_reads.load(Ordering::SeqCst);
    for n in 0..5 {
        assert_eq!(me(&app, &idp.sign_with(&good, &format!("rotated-{n}"))).await.0, StatusCode::UNAUTHORIZED);
    }
    assert!(idp.jwks_reads.load(Ordering::SeqCst) <= reads + 1, "keys read at every unknown key id");

    // Expiry is judged on the server's clock.
    let token = idp.sign(&good);
    assert_eq!(me(&app, &token).await.0, StatusCode::OK);
    app.clock.advance(chrono::Duration::minutes(6));
    assert_eq!(me(&app, &token).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_local_user_is_not_taken_over_by_a_provider_user_of_the_same_name() {
    let idp = Idp::start().await;
    let app = app_with(&idp, |_| {}).await;
    app.user_with_roles("bank-ops", &["AUTH_PARTNER"]).await;
    let (status, _) = me(&app, &idp.token(&app, "bank-ops", &["PARTNER_ADMIN"])).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(users_named(&app, "bank-ops").await[0].roles, vec!["AUTH_PARTNER"]);

    // An agency whose provider holds the partners' accounts links them by name instead.
    let idp = Idp::start().await;
    let app = app_with(&idp, |c| c.oidc_link_by_username = true).await;
    app.user_with_roles("bank-ops", &["AUTH_PARTNER"]).await;
    let (status, body) = me(&app, &idp.token(&app, "bank-ops", &["AUTH_PARTNER", "PARTNER"])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(users_named(&app, "bank-ops").await[0].roles, vec!["AUTH_PARTNER", "PARTNER"]);
    // Linked once: another subject of the same name is still refused.
    let mut claims = idp.claims(&app, "bank-ops", &["PARTNER_ADMIN"]);
    claims["sub"] = json!("someone-else");
    assert_eq!(me(&app, &idp.sign(&claims)).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn hostile_claims_are_refused_before_the_database() {
    let idp = Idp::start().await;
    let app = app_with(&idp, |_| {}).await;
    let long = "x".repeat(5000);
    let mut cases = Vec::new();
    let mut claims = idp.claims(&app, "ops-lead", &["PARTNER_ADMIN"]);
    claims["sub"] = json!(long);
    cases.push(claims);
    cases.push(idp.claims(&app, &long, &["PARTNER_ADMIN"]));
    cases.push(idp.claims(&app, "two words", &["PARTNER_ADMIN"]));
    for claims in cases {
        let (status, body) = me(&app, &idp.sign(&claims)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    }
    // Long names and a flood of roles are cut to what the columns hold.
    let mut claims = idp.claims(&app, "ops-lead", &["PARTNER_ADMIN"]);
    claims["given_name"] = json!(long);
    claims["email"] = json!(format!("{long}@agency.example"));
    let mut roles: Vec<String> = (0..5000).map(|n| format!("ROLE_{n}")).collect();
    roles.push("PARTNER_ADMIN".into());
    roles.push("R".repeat(500));
    claims["realm_access"]["roles"] = json!(roles);
    let (status, body) = me(&app, &idp.sign(&claims)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let user = &users_named(&app, "ops-lead").await[0];
    assert!(user.roles.len() <= 64 && user.roles.iter().all(|r| r.len() <= 64));
    assert!(user.user.first_name.as_ref().is_some_and(|n| n.chars().count() <= 128));
    assert!(user.user.email.ends_with("@users.invalid"), "{}", user.user.email);
    assert_eq!(users_named(&app, &long).await.len(), 0);
}

#[tokio::test]
async fn simultaneous_first_calls_make_one_user() {
    let idp = Idp::start().await;
    let app = Arc::new(app_with(&idp, |_| {}).await);
    let token = idp.token(&app, "ops-lead", &["PARTNER_ADMIN"]);
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let (app, token) = (app.clone(), token.clone());
            tokio::spawn(async move { me(&app, &token).await.0 })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap(), StatusCode::OK);
    }
    assert_eq!(users_named(&app, "ops-lead").await.len(), 1);
}

#[tokio::test]
async fn the_portal_sends_users_to_the_provider_and_refuses_answers_it_did_not_ask_for() {
    let idp = Idp::start().await;
    let app = app_with(&idp, |c| c.oidc_provider_name = Some("Agency ID".into())).await;
    let (status, page) = login_page(&app).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Log in with Agency ID") && page.contains("id=\"password\""));

    let res = app.raw(reqwest::Method::GET, "/login/oidc?next=/policies").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("pms_external_login=") && cookie.contains("HttpOnly"), "{cookie}");
    let to = reqwest::Url::parse(res.headers()["location"].to_str().unwrap()).unwrap();
    assert!(to.as_str().starts_with(&format!("{}/protocol/openid-connect/auth", idp.issuer)), "{to}");
    let query: std::collections::HashMap<_, _> = to.query_pairs().into_owned().collect();
    assert_eq!(query["client_id"], CLIENT_ID);
    assert_eq!(query["response_type"], "code");
    assert_eq!(query["code_challenge_method"], "S256");
    assert_eq!(query["redirect_uri"], format!("{}/login/oidc/callback", app.services.config.public_url()));
    assert!(query["scope"].split(' ').any(|s| s == "openid"));
    assert!(query.contains_key("nonce") && query.contains_key("state"));
    let pending = cookie.split(';').next().unwrap().to_string();

    // The answer comes back without the cookie, with another state, or as an error.
    let state = &query["state"];
    for (url, cookie) in [
        (format!("/login/oidc/callback?code=abc&state={state}"), None),
        ("/login/oidc/callback?code=abc&state=forged".to_string(), Some(pending.as_str())),
        ("/login/oidc/callback?error=access_denied&error_description=The+user+said+no".to_string(), Some(&pending)),
        (format!("/login/oidc/callback?code={}&state={state}", "c".repeat(10_000)), Some(&pending)),
    ] {
        let mut req = app.raw(reqwest::Method::GET, &url);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{url}");
        let page = res.text().await.unwrap();
        assert!(page.contains("id=\"login-error\""), "{url}");
        if url.contains("error=") {
            assert!(page.contains("The user said no"));
        }
    }
    assert!(app.services.list_users().await.unwrap().iter().all(|u| u.user.username == "admin"));
}

#[tokio::test]
async fn with_built_in_login_off_only_the_provider_logs_users_in() {
    let idp = Idp::start().await;
    let app = app_with(&idp, |c| c.builtin_login = false).await;
    let (status, body) = app
        .send(
            reqwest::Method::POST,
            "/v1/auth/login",
            None,
            Some(json!({"username": "admin", "password": ADMIN_PASSWORD})),
        )
        .await;
    assert_eq!((status, error_code(&body).as_deref()), (StatusCode::FORBIDDEN, Some("PMS_AUTH_003")));
    let (_, page) = login_page(&app).await;
    assert!(page.contains("id=\"external-login\"") && !page.contains("id=\"password\""));
    let csrf = app.visitor_csrf().await;
    let res =
        app.post_visitor_form("/login", &csrf, format!("csrf={csrf}&username=admin&password={ADMIN_PASSWORD}")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(me(&app, &idp.token(&app, "ops-lead", &["PARTNER_ADMIN"])).await.0, StatusCode::OK);
}
