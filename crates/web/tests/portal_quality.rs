//! The portal's shared patterns, on the server-rendered pages: every error of a form at once, sort
//! state and page size on lists, empty states, left-to-right isolation, the code page's hints.

mod common;

use common::*;
use pms_domain::Clock;
use reqwest::StatusCode;
use serde_json::json;

fn sign_up_form(csrf: &str, fields: &[(&str, &str)]) -> String {
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(fields);
    serde_urlencoded::to_string(&all).unwrap()
}

/// Ids of the inputs marked invalid, each with the id of the message describing it.
fn invalid_inputs(page: &str) -> Vec<(String, String)> {
    let re = regex::Regex::new(r#"id="([\w-]+)" aria-invalid="true" aria-describedby="([\w-]+)""#).unwrap();
    re.captures_iter(page).map(|c| (c[1].to_string(), c[2].to_string())).collect()
}

#[tokio::test]
async fn the_sign_up_form_reports_every_error_at_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let csrf = app.visitor_csrf().await;
    // A bad e-mail, a short password, a different confirmation, six empty fields, terms unticked.
    let body = sign_up_form(
        &csrf,
        &[
            ("username", "bank-one"),
            ("organizationName", ""),
            ("partnerType", "Auth_Partner"),
            ("policyGroup", "Banking"),
            ("firstName", ""),
            ("lastName", ""),
            ("emailId", "not-an-address"),
            ("contactNumber", ""),
            ("address", ""),
            ("langCode", "eng"),
            ("password", "short1"),
            ("passwordConfirm", "other"),
        ],
    );
    let res = app.post_visitor_form("/register", &csrf, body).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    let invalid = invalid_inputs(&page);
    let fields: Vec<&str> = invalid.iter().map(|(f, _)| f.as_str()).collect();
    for field in [
        "firstName",
        "lastName",
        "organizationName",
        "address",
        "contactNumber",
        "emailId",
        "password",
        "passwordConfirm",
    ] {
        assert!(fields.contains(&field), "{field} not marked invalid: {fields:?}");
    }
    for (field, described_by) in &invalid {
        assert_eq!(described_by, &format!("{field}-error"));
        assert!(page.contains(&format!(r#"id="{field}-error""#)), "no message for {field}");
        assert!(page.contains(&format!(r##"<a href="#{field}">"##)), "the summary does not link to {field}");
    }
    assert!(fields.contains(&"terms"), "the unticked terms are reported");
    assert!(page.contains(r#"class="error-summary" id="error-summary" role="alert" tabindex="-1" autofocus"#));
    let count = invalid.len();
    assert!(page.contains(&format!("There are {count} problems with this form")), "{page}");
    assert!(app.mailbox().await.is_empty(), "nothing was sent");

    // The API keeps MOSIP's one-error envelope: the first of the same checks.
    let (_, b) = app
        .send(
            reqwest::Method::POST,
            "/v1/partnermanager/self-registration",
            None,
            Some(legacy(json!({"username": "bank-one", "partnerType": "Auth_Partner", "emailId": "not-an-address"}))),
        )
        .await;
    assert_eq!(b["errors"].as_array().unwrap().len(), 1, "{b}");
    assert_eq!(b["errors"][0]["message"], "Invalid request parameter - must not be null :firstName", "{b}");
}

#[tokio::test]
async fn the_policy_group_form_reports_both_fields() {
    let app = TestApp::spawn().await;
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    let res = app.portal_post(&admin, "/policy-groups", &[("name", ""), ("desc", &"d".repeat(300))]).await;
    let page = res.text().await.unwrap();
    let fields: Vec<String> = invalid_inputs(&page).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["name", "desc"], "{page}");
    assert!(page.contains("At most 256 characters."), "{page}");
}

#[tokio::test]
async fn lists_show_sorting_page_size_and_an_empty_state_to_start_from() {
    let app = TestApp::spawn().await;
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    let (_, page) = app.portal_get(&admin, "/policy-groups").await;
    assert!(
        page.contains(r#"id="empty-state""#)
            && page.contains(r#"href="/policy-groups/new">Create the first policy group"#)
    );
    assert!(page.contains(r#"<th aria-sort="none">"#), "sortable columns say so");
    let token = app.admin_token().await;
    for name in ["Banking", "Telecom", "Health"] {
        app.create_group(&token, name).await;
    }
    let (_, page) =
        app.portal_get(&admin, "/policy-groups?sortFieldName=policyGroupName&sortType=desc&pageSize=25").await;
    assert!(page.contains(r#"<th aria-sort="descending">"#), "{page}");
    assert!(page.contains(r#"<option value="25" selected>25</option>"#), "the page size is kept");
    let (_, filtered) = app.portal_get(&admin, "/policy-groups?policyGroupName=nothing-like-this").await;
    assert!(!filtered.contains(r#"id="empty-state""#), "a filter that finds nothing is no empty start");
    assert!(filtered.contains("<details class=\"collapsible filters-panel\" open>"), "filters in use stay open");

    // Times carry their zone and keep their order in Arabic; so do ids and addresses.
    let (_, page) = app.portal_get(&admin, "/policy-groups").await;
    assert!(
        regex::Regex::new(r#"<bdi dir="ltr">\d{4}-\d\d-\d\d \d\d:\d\d UTC</bdi>"#).unwrap().is_match(&page),
        "{page}"
    );
    let (s, icon) = app.portal_get(&admin, "/favicon.ico").await;
    assert_eq!(s, StatusCode::OK);
    assert!(icon.starts_with("<svg"));
}

#[tokio::test]
async fn the_partner_list_filters_by_type_and_status_with_labels() {
    let app = TestApp::spawn().await;
    let admin = app.portal_login("admin", ADMIN_PASSWORD).await;
    let (_, page) = app.portal_get(&admin, "/partners?partnerType=Device_Provider").await;
    assert!(page.contains(r#"<select name="partnerType" id="type-filter">"#), "{page}");
    assert!(page.contains(r#"<option value="Device_Provider" selected>"#), "{page}");
    assert!(page.contains(r#"<option value="pending_approval">Waiting for approval</option>"#), "{page}");
}

#[tokio::test]
async fn the_code_page_tells_attempts_left_and_when_to_ask_again() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let (_, b) = app
        .send(
            reqwest::Method::POST,
            "/v1/partnermanager/self-registration",
            None,
            Some(legacy(json!({
                "username": "bank-one", "organizationName": "Bank One", "partnerType": "Auth_Partner",
                "firstName": "Ana", "lastName": "Lopez", "emailId": "ana@bank-one.example",
                "contactNumber": "+33 1234 5678", "address": "1 Main Street", "policyGroup": "Banking",
                "password": "correct horse 42", "termsAccepted": true
            }))),
        )
        .await;
    assert_eq!(error_code(&b), None, "{b}");
    let sent = app.clock.now();
    let csrf = app.visitor_csrf().await;
    let res =
        app.raw(reqwest::Method::GET, "/register/verify?email=ana%40bank-one.example&done=code-sent").send().await;
    let page = res.unwrap().text().await.unwrap();
    let next = shown_time(&page);
    let cooldown = chrono::Duration::seconds(60);
    assert!(next >= (sent + cooldown).format("%H:%M:%S").to_string(), "{page}");
    assert!(next <= (app.clock.now() + cooldown).format("%H:%M:%S").to_string(), "{page}");

    app.clock.advance(chrono::Duration::seconds(5));
    let body =
        serde_urlencoded::to_string([("csrf", csrf.as_str()), ("email", "ana@bank-one.example"), ("code", "000000")])
            .unwrap();
    let page = app.post_visitor_form("/register/verify", &csrf, body).await.text().await.unwrap();
    // One of five attempts is used (unless 000000 happened to be the code, one in a million).
    assert!(page.contains(r#"<span id="attempts-left">4 attempts left.</span>"#), "{page}");
    assert!(shown_time(&page) <= next, "the cooldown runs from the code's sending: {page}");
}

/// The time of the "new code from" hint, `HH:MM:SS` (the same day in these tests' few seconds,
/// barring a run across midnight).
fn shown_time(page: &str) -> String {
    let re = regex::Regex::new(r#"id="resend-at">[^<]*(\d\d:\d\d:\d\d) UTC"#).unwrap();
    re.captures(page).map(|c| c[1].to_string()).expect("the resend hint")
}
