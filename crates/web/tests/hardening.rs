//! Hostile and malformed input at the edge: redirects, forwarded addresses, request ids, NUL
//! characters, oversized pages, list parameters, authentication of unknown paths, security
//! headers and slow clients.

mod common;

use common::{error_code, legacy, v2, TestApp, ADMIN_PASSWORD};
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

const GROUPS: &str = "/v1/policymanager/policy-groups";
const POLICIES_V2: &str = "/v1/policymanager/policies/v2";
const ADMIN_PARTNERS: &str = "/v1/partnermanager/admin-partners";
const GROUP_NEW: &str = "/v1/policymanager/policies/group/new";

fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).expect("form")
}

fn location(res: &reqwest::Response) -> String {
    res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

async fn json_of(res: reqwest::Response) -> (StatusCode, Option<String>, Value) {
    let status = res.status();
    let ct = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string);
    let text = res.text().await.expect("body");
    (status, ct, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

fn refused(status: StatusCode, body: &Value, expected_status: StatusCode, code: &str) {
    assert_eq!(status, expected_status, "{body}");
    assert_eq!(error_code(body).as_deref(), Some(code), "{body}");
}

/// Variants of a return path that must not leave the site, as raw URL-encoded form values.
const HOSTILE: &[&str] = &[
    "%2F%2Fevil.example",
    "%2F%5Cevil.example",
    "%2F%09%2Fevil.example",
    "/%09/evil.example",
    "%2F%0A%2Fevil.example",
    "%2F%0D%0A%2Fevil.example",
    "https%3A%2F%2Fevil.example",
    "%2F%00",
    "evil.example",
];

#[tokio::test]
async fn login_and_language_switch_redirect_only_to_local_paths() {
    let app = TestApp::spawn().await;
    let csrf = app.visitor_csrf().await;
    let login = |next: &str| format!("csrf={csrf}&username=admin&password={ADMIN_PASSWORD}&next={next}");
    for next in HOSTILE {
        let res = app.post_visitor_form("/login", &csrf, login(next)).await;
        if *next == "%2F%00" {
            // NUL characters are refused before anything else.
            assert_eq!(res.status(), StatusCode::BAD_REQUEST, "next={next}");
            continue;
        }
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "next={next}");
        assert_eq!(location(&res), "/", "next={next}");
    }
    let res = app.post_visitor_form("/login", &csrf, login("%2Fpolicies%3Fx%3D1")).await;
    assert_eq!((res.status(), location(&res)), (StatusCode::SEE_OTHER, "/policies?x=1".to_string()));

    let lang = |back: &str| format!("csrf={csrf}&lang=fra&back={back}");
    for back in HOSTILE {
        let res = app.post_visitor_form("/lang", &csrf, lang(back)).await;
        if *back == "%2F%00" {
            assert_eq!(res.status(), StatusCode::BAD_REQUEST, "back={back}");
            continue;
        }
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "back={back}");
        assert_eq!(location(&res), "/", "back={back}");
    }
    let res = app.post_visitor_form("/lang", &csrf, lang("%2Fpolicies%3Fx%3D1")).await;
    assert_eq!((res.status(), location(&res)), (StatusCode::SEE_OTHER, "/policies?x=1".to_string()));

    // The login page does not carry a hostile `next` into its form either.
    let res = app.raw(Method::GET, "/login?next=%2F%09%2Fevil.example").send().await.expect("login page");
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.expect("page");
    assert!(page.contains(r#"<input type="hidden" name="next" value="/">"#), "{page}");
}

async fn failed_login(app: &TestApp, username: &str, forwarded_for: &str) -> StatusCode {
    app.raw(Method::POST, "/v1/auth/login")
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({"username": username, "password": "wrong password 42"}))
        .send()
        .await
        .expect("login")
        .status()
}

#[tokio::test]
async fn forwarded_for_is_read_from_the_right() {
    // One trusted proxy (the old switch): the client is the hop the proxy appended, whatever the
    // client wrote before it.
    let app = TestApp::spawn_with(|c| {
        c.trust_forwarded_for = true;
        c.login_max_failures = 2;
    })
    .await;
    // Failures are limited per (username, address): the same username from one address.
    for i in 0..2 {
        let spoofed = format!("10.9.9.{i}, 203.0.113.7");
        assert_eq!(failed_login(&app, "u", &spoofed).await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(failed_login(&app, "u", "10.9.9.3, 203.0.113.7").await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(failed_login(&app, "u", "203.0.113.8").await, StatusCode::UNAUTHORIZED, "another client");

    // A list of proxy addresses: the test client itself (127.0.0.1) is the proxy.
    let app = TestApp::spawn_with(|c| {
        c.trusted_proxies = pms_service::config::TrustedProxies::parse("127.0.0.1, 10.0.0.2").unwrap();
        c.login_max_failures = 2;
    })
    .await;
    assert_eq!(failed_login(&app, "u", "1.1.1.1, 203.0.113.7, 10.0.0.2").await, StatusCode::UNAUTHORIZED);
    assert_eq!(failed_login(&app, "u", "2.2.2.2, 203.0.113.7").await, StatusCode::UNAUTHORIZED);
    assert_eq!(failed_login(&app, "u", "3.3.3.3, 203.0.113.7").await, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn request_ids_must_be_short_visible_ascii() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let long = "a".repeat(129);
    let bad: Vec<(&str, &[u8])> =
        vec![("129 characters", long.as_bytes()), ("non-ASCII", "café".as_bytes()), ("space", b"with space")];
    for (why, id) in bad {
        for path in [GROUPS, "/login", "/v1/policymanager/nothing-here"] {
            let res = app
                .raw(Method::GET, path)
                .bearer_auth(&token)
                .header("x-request-id", header::HeaderValue::from_bytes(id).unwrap())
                .send()
                .await
                .expect("request");
            let (s, ct, b) = json_of(res).await;
            refused(s, &b, StatusCode::BAD_REQUEST, "PMS_COR_001");
            assert!(ct.is_some_and(|c| c.starts_with("application/json")), "{why}");
            let message = b["errors"][0]["message"].as_str().unwrap_or_default();
            assert!(message.starts_with("Invalid request parameter - ") && message.ends_with(":X-Request-Id"), "{b}");
        }
    }
    // 128 visible characters are fine, writes included.
    let id = format!("req-{}", "x".repeat(124));
    let res = app
        .raw(Method::POST, GROUP_NEW)
        .bearer_auth(&token)
        .header("x-request-id", &id)
        .json(&legacy(json!({"name": "Banking", "desc": "Banks"})))
        .send()
        .await
        .expect("request");
    assert_eq!(res.headers().get("x-request-id").and_then(|v| v.to_str().ok()), Some(id.as_str()));
    let (s, _, b) = json_of(res).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
}

#[tokio::test]
async fn nul_characters_are_refused_at_the_edge() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    for path in [
        "/v1/policymanager/policies/abc%00def",
        "/v1/policymanager/policy-groups?policyGroupName=a%00b",
        "/policies?policyName=%00",
        "/v1/auth/login?x=%00",
    ] {
        let res = app.raw(Method::GET, path).bearer_auth(&token).send().await.expect("request");
        let (s, _, b) = json_of(res).await;
        refused(s, &b, StatusCode::BAD_REQUEST, "PMS_COR_001");
    }
    let (s, b) = app.post(GROUP_NEW, &token, legacy(json!({"name": "Bank\u{0}ing", "desc": "Banks"}))).await;
    refused(s, &b, StatusCode::BAD_REQUEST, "PMS_COR_001");
    assert!(b["errors"][0]["message"].as_str().unwrap_or_default().ends_with(":body.request.name"), "{b}");
    let (s, b) = app
        .patch(
            "/v1/policymanager/policies/group/x",
            &token,
            v2("mosip.pms.deactivate.policy.group.patch", json!({"status": "De-\u{0}Activate"})),
        )
        .await;
    refused(s, &b, StatusCode::BAD_REQUEST, "PMS_COR_001");
    let (s, b) =
        app.send(Method::POST, "/v1/auth/login", None, Some(json!({"username": "ad\u{0}min", "password": "x"}))).await;
    refused(s, &b, StatusCode::BAD_REQUEST, "PMS_COR_001");

    // Portal forms.
    let csrf = app.visitor_csrf().await;
    let res =
        app.post_visitor_form("/login", &csrf, format!("csrf={csrf}&username=ad%00min&password=secret&next=%2F")).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app.post_visitor_form("/lang", &csrf, format!("csrf={csrf}&lang=eng%00&back=%2F")).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn oversized_credentials_are_refused_at_the_edge() {
    let app = TestApp::spawn().await;
    let login = |username: String, password: String| {
        let app = &app;
        async move {
            app.send(Method::POST, "/v1/auth/login", None, Some(json!({"username": username, "password": password})))
                .await
        }
    };
    let (s, b) = login("u".repeat(65), "password".into()).await;
    refused(s, &b, StatusCode::BAD_REQUEST, "PMS_COR_001");
    assert!(b["errors"][0]["message"].as_str().unwrap_or_default().ends_with(":username"), "{b}");
    let (s, b) = login("admin".into(), "p".repeat(1025)).await;
    refused(s, &b, StatusCode::BAD_REQUEST, "PMS_COR_001");
    assert!(b["errors"][0]["message"].as_str().unwrap_or_default().ends_with(":password"), "{b}");
    // At the limits the credentials are only wrong.
    let (s, _) = login("u".repeat(64), "p".repeat(1024)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    let csrf = app.visitor_csrf().await;
    let too_long = form(&[("csrf", &csrf), ("username", &"u".repeat(65)), ("password", "x"), ("next", "/")]);
    let res = app.post_visitor_form("/login", &csrf, too_long).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let too_long = form(&[("csrf", &csrf), ("username", "admin"), ("password", &"p".repeat(1025)), ("next", "/")]);
    let res = app.post_visitor_form("/login", &csrf, too_long).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn huge_pages_are_refused_not_overflowed() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    app.create_group(&token, "Banking").await;
    for list in [ADMIN_PARTNERS, POLICIES_V2, GROUPS] {
        let (s, b) = app.get(&format!("{list}?pageNo=9223372036854775807&pageSize=1000"), &token).await;
        refused(s, &b, StatusCode::OK, "PMS_PRT_360");
        let (s, b) = app.get(&format!("{list}?pageNo=1000001&pageSize=8"), &token).await;
        refused(s, &b, StatusCode::OK, "PMS_PRT_360");
        let (s, b) = app.get(&format!("{list}?pageNo=1000000&pageSize=99999999999999999999999"), &token).await;
        assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{list}: {b}");
        assert_eq!(b["response"]["data"], json!([]), "{list}: {b}");
    }
    for search in ["/v1/policymanager/policies/group/search", "/v1/policymanager/policies/search"] {
        for start in [i64::MAX, 1_000_001] {
            let request = json!({"filters": [], "sort": [], "policyType": "all",
                "pagination": {"pageStart": start, "pageFetch": 1000}});
            let (s, b) = app.post(search, &token, legacy(request)).await;
            refused(s, &b, StatusCode::OK, "PMS-MSD-313");
        }
        let request = json!({"filters": [], "sort": [], "policyType": "all",
            "pagination": {"pageStart": 1_000_000, "pageFetch": i64::MAX}});
        let (s, b) = app.post(search, &token, legacy(request)).await;
        assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{search}: {b}");
    }
}

#[tokio::test]
async fn list_parameters_given_empty_count_as_given() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    app.create_group(&token, "Banking").await;
    for list in [ADMIN_PARTNERS, GROUPS] {
        for (query, code) in [
            ("sortFieldName=", "PMS_PS_ERROR_007"),
            ("sortType=", "PMS_PS_ERROR_007"),
            ("sortType=asc", "PMS_PS_ERROR_007"),
            ("sortFieldName=nope&pageNo=-1", "PMS_PS_ERROR_007"),
            ("pageNo=-1", "PMS_PS_ERROR_006"),
            ("pageSize=0", "PMS_PS_ERROR_006"),
            ("pageNo=", "PMS_PS_ERROR_006"),
            ("pageSize=", "PMS_PS_ERROR_006"),
            ("sortFieldName=nope&sortType=up&pageNo=0", "PMS_PS_ERROR_006"),
            ("sortFieldName=&sortType=asc", "PMS_PRT_357"),
            ("sortFieldName=nope&sortType=up&pageNo=-1&pageSize=0", "PMS_PRT_357"),
            ("sortFieldName=createdDateTime&sortType=", "PMS_PRT_358"),
            ("sortFieldName=createdDateTime&sortType=upward&pageNo=-1&pageSize=0", "PMS_PRT_358"),
            ("pageNo=&pageSize=8", "PMS_PRT_360"),
            ("pageNo=-1&pageSize=0", "PMS_PRT_360"),
            ("pageNo=0&pageSize=", "PMS_PRT_361"),
            ("pageNo=0&pageSize=-1", "PMS_PRT_361"),
        ] {
            let (s, b) = app.get(&format!("{list}?{query}"), &token).await;
            assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{list}?{query}: {b}");
        }
        let (s, b) = app.get(&format!("{list}?sortFieldName=createdDateTime&sortType=DeSc"), &token).await;
        assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{list}: {b}");
    }
}

#[tokio::test]
async fn the_policy_list_checks_its_sort_parameters_one_by_one() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    app.create_group(&token, "Banking").await;
    app.create_policy(&token, "Banking", "Alpha", "Auth").await;
    for query in ["sortType=asc", "sortType=DESC", "sortFieldName=status", "sortFieldName=policyName&sortType=desc"] {
        let (s, b) = app.get(&format!("{POLICIES_V2}?{query}"), &token).await;
        assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{query}: {b}");
        assert_eq!(b["response"]["totalResults"], 1, "{query}: {b}");
    }
    for (query, code) in [
        ("sortType=", "PMS_PRT_358"),
        ("sortType=up", "PMS_PRT_358"),
        ("sortFieldName=", "PMS_PRT_357"),
        ("sortFieldName=colour", "PMS_PRT_357"),
        ("sortFieldName=colour&sortType=up", "PMS_PRT_357"),
        ("sortType=asc&pageNo=0", "PMS_PS_ERROR_006"),
        ("pageNo=-1&pageSize=8", "PMS_PRT_360"),
        ("pageNo=0&pageSize=0", "PMS_PRT_361"),
    ] {
        let (s, b) = app.get(&format!("{POLICIES_V2}?{query}"), &token).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{query}: {b}");
    }
}

#[tokio::test]
async fn mosip_paths_need_a_token_before_routing() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    for (method, path) in [
        (Method::GET, "/v1/partnermanager/nothing-here"),
        (Method::POST, "/v1/partnermanager/nothing/deeper"),
        (Method::GET, "/v1/policymanager/policies/p1/unknown/deeper"),
        (Method::DELETE, "/v1/policymanager/policy-groups"),
        (Method::GET, "/v1/partnermanager/self-registration/other"),
        (Method::GET, "/v1/policymanager"),
    ] {
        for auth in [None, Some("Bearer not-a-token")] {
            let mut req = app.raw(method.clone(), path);
            if let Some(a) = auth {
                req = req.header(header::AUTHORIZATION, a);
            }
            let (s, ct, b) = json_of(req.send().await.expect("request")).await;
            refused(s, &b, StatusCode::UNAUTHORIZED, "KER-ATH-401");
            assert!(ct.is_some_and(|c| c.starts_with("application/json")), "{method} {path}");
        }
        let res = app.raw(method.clone(), path).bearer_auth(&token).send().await.expect("request");
        let expected = if method == Method::DELETE { StatusCode::METHOD_NOT_ALLOWED } else { StatusCode::NOT_FOUND };
        assert_eq!(res.status(), expected, "{method} {path}");
    }
    // Self-registration stays public.
    for path in [
        "/v1/partnermanager/self-registration",
        "/v1/partnermanager/self-registration/verify",
        "/v1/partnermanager/self-registration/resend",
    ] {
        let (s, b) = app.send(Method::POST, path, None, Some(legacy(json!({})))).await;
        assert_ne!(s, StatusCode::UNAUTHORIZED, "{path}: {b}");
        assert_ne!(error_code(&b).as_deref(), Some("KER-ATH-401"), "{path}: {b}");
    }
}

#[tokio::test]
async fn security_headers_and_json_errors() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    for path in ["/login", "/api-docs", "/healthz", GROUPS] {
        let res = app.raw(Method::GET, path).send().await.expect("request");
        let h = res.headers();
        assert_eq!(
            h.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()),
            Some("default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
            "{path}"
        );
        assert_eq!(
            h.get("permissions-policy").and_then(|v| v.to_str().ok()),
            Some("camera=(), microphone=(), geolocation=(), payment=()"),
            "{path}"
        );
        assert!(h.get(header::STRICT_TRANSPORT_SECURITY).is_none(), "{path}: plain HTTP");
    }
    // Every API answer, errors included, is kept out of caches.
    for (method, path, auth) in [
        (Method::GET, GROUPS, true),
        (Method::GET, GROUPS, false),
        (Method::GET, "/v1/auth/login", false),
        (Method::GET, "/v1/nothing", false),
    ] {
        let mut req = app.raw(method.clone(), path);
        if auth {
            req = req.bearer_auth(&token);
        }
        let res = req.send().await.expect("request");
        assert_eq!(
            res.headers().get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "{method} {path}"
        );
    }

    // Wrong method: a MOSIP error body, and the methods that would do.
    let res = app.raw(Method::GET, "/v1/auth/login").send().await.expect("request");
    let allow = res.headers().get(header::ALLOW).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let (s, ct, b) = json_of(res).await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED, "{b}");
    assert!(ct.is_some_and(|c| c.starts_with("application/json")));
    assert!(error_code(&b).is_some(), "{b}");
    assert!(allow.contains("POST"), "{allow}");
    let res = app.raw(Method::PUT, GROUPS).bearer_auth(&token).send().await.expect("request");
    let (s, _, b) = json_of(res).await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED, "{b}");
    assert!(error_code(&b).is_some(), "{b}");

    // A path that is not UTF-8 once decoded.
    for path in ["/v1/policymanager/policies/%FF", "/v1/policymanager/policy-groups/%C3%28", "/policies/%FF"] {
        let res = app.raw(Method::GET, path).bearer_auth(&token).send().await.expect("request");
        let (s, ct, b) = json_of(res).await;
        refused(s, &b, StatusCode::BAD_REQUEST, "PMS_COR_001");
        assert!(ct.is_some_and(|c| c.starts_with("application/json")), "{path}");
    }

    // HTTPS deployments ask browsers to stay on HTTPS.
    let https = TestApp::spawn_with(|c| c.public_url = Some("https://pms.example.org".into())).await;
    for path in ["/login", "/healthz", GROUPS] {
        let res = https.raw(Method::GET, path).send().await.expect("request");
        assert_eq!(
            res.headers().get(header::STRICT_TRANSPORT_SECURITY).and_then(|v| v.to_str().ok()),
            Some("max-age=31536000"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn slow_and_idle_connections_are_closed() {
    let app = TestApp::spawn_with(|c| {
        c.header_read_timeout_seconds = 1;
        c.idle_timeout_seconds = 30;
    })
    .await;
    // Half a request: the server hangs up once the header timeout passes.
    let (_, after) = app
        .raw_tcp(b"GET /healthz HTTP/1.1\r\nHost: pms\r\nX-Slow: ", Duration::from_secs(10))
        .await
        .expect("the server closes a connection whose headers never end");
    assert!(after >= Duration::from_millis(900) && after < Duration::from_secs(5), "{after:?}");
    // A whole request is answered.
    let (answer, _) = app
        .raw_tcp(b"GET /healthz HTTP/1.1\r\nHost: pms\r\nConnection: close\r\n\r\n", Duration::from_secs(10))
        .await
        .expect("answer");
    assert!(answer.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&answer));

    // An idle keep-alive connection is closed after the idle timeout.
    let app = TestApp::spawn_with(|c| {
        c.header_read_timeout_seconds = 30;
        c.idle_timeout_seconds = 1;
    })
    .await;
    let (answer, after) = app
        .raw_tcp(b"GET /healthz HTTP/1.1\r\nHost: pms\r\n\r\n", Duration::from_secs(10))
        .await
        .expect("the server closes an idle connection");
    assert!(answer.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&answer));
    assert!(after >= Duration::from_millis(900) && after < Duration::from_secs(5), "{after:?}");
}
