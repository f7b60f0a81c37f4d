//! Integration tests of partner onboarding over HTTP, against a fresh database per test:
//! self-registration with an e-mailed code (`/self-registration`, `/verify`, `/resend`), MOSIP's
//! registration path for authenticated users (`POST /partners`, `/partners/v2`), profiles,
//! contacts, policy groups, ownership, the Partner Admin's decisions (V2 and legacy `PATCH`),
//! concurrency of decisions, the admin lists, consent, system configuration and roles.
//!
//! Reference: MOSIP PMS §2.4, §3, §4.1–4.4, §4.10, §7, §8.3, §10 (quirks #2 and #5 are fixed here
//! and deactivated partners can be re-activated).

mod common;

use common::*;
use pms_domain::lang::Lang;
use pms_domain::partner::ApprovalMode;
use pms_store::entity::{outbox, partner, partner_contact, partner_h, registration};
use pms_store::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::future::Future;
use std::time::Duration;

const PARTNERS: &str = "/v1/partnermanager/partners";
const SIGN_UP: &str = "/v1/partnermanager/self-registration";
const VERIFY: &str = "/v1/partnermanager/self-registration/verify";
const RESEND: &str = "/v1/partnermanager/self-registration/resend";
const ADMIN_PARTNERS: &str = "/v1/partnermanager/admin-partners";
const VALIDATE_TOKEN: &str = "/v1/partnermanager/authorize/admin/validateToken";
/// Password of self-registered users.
const PASSWORD: &str = "correct horse 42";
/// Password `TestApp::user_with_roles` gives every user.
const USER_PASSWORD: &str = "Staple-Battery-Horse-42";
const ENGLISH_OTP_SENTENCE: &str = "Use this code to confirm your e-mail address";

// ------------------------------------------------------------------ envelopes

fn code(body: &Value) -> String {
    error_code(body).unwrap_or_else(|| "<no error>".into())
}

fn message(body: &Value) -> String {
    body["errors"][0]["message"].as_str().unwrap_or_default().to_string()
}

fn utc_timestamp(v: &Value) -> bool {
    let re = regex::Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$").unwrap();
    v.as_str().is_some_and(|s| re.is_match(s))
}

/// A successful answer: HTTP 200, no errors; returns `response`.
#[track_caller]
fn ok(status: StatusCode, body: &Value) -> Value {
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["errors"], json!([]), "{body}");
    assert!(!body["response"].is_null(), "{body}");
    body["response"].clone()
}

/// A refusal with this HTTP status, `response: null` and exactly this first error code.
#[track_caller]
fn refused_http(status: StatusCode, body: &Value, http: StatusCode, expected: &str) {
    assert_eq!(status, http, "{body}");
    assert_eq!(code(body), expected, "{body}");
    assert!(body["response"].is_null(), "{body}");
}

/// A MOSIP business error: HTTP 200.
#[track_caller]
fn refused(status: StatusCode, body: &Value, expected: &str) {
    refused_http(status, body, StatusCode::OK, expected);
}

#[track_caller]
fn refused_with(status: StatusCode, body: &Value, expected: &str, text: &str) {
    refused(status, body, expected);
    assert_eq!(message(body), text, "{body}");
}

/// Sets (or, for `null`, removes) the keys of `patch` in `base`.
fn patched(mut base: Value, patch: &Value) -> Value {
    let obj = base.as_object_mut().unwrap();
    for (k, v) in patch.as_object().unwrap() {
        if v.is_null() {
            obj.remove(k);
        } else {
            obj.insert(k.clone(), v.clone());
        }
    }
    base
}

// ------------------------------------------------------------------ mailbox

#[derive(Debug, Clone)]
struct Mail {
    to: String,
    subject: String,
    /// Decoded (quoted-printable) text with `\n` line ends.
    body: String,
}

fn parse_mail(raw: &str) -> Mail {
    let norm = raw.replace("\r\n", "\n");
    let (head, body) = norm.split_once("\n\n").unwrap_or((norm.as_str(), ""));
    let head = head.replace("\n ", " ").replace("\n\t", " ");
    let header = |name: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    Mail { to: header("To"), subject: header("Subject"), body: qp_decode(body) }
}

async fn mails(app: &TestApp) -> Vec<Mail> {
    app.mailbox().await.iter().map(|m| parse_mail(m)).collect()
}

async fn mails_to(app: &TestApp, address: &str) -> Vec<Mail> {
    mails(app).await.into_iter().filter(|m| m.to.to_lowercase().contains(&address.to_lowercase())).collect()
}

fn otp_in(body: &str) -> Option<String> {
    let re = regex::Regex::new(r"(?m)^\s*(\d{6})\s*$").unwrap();
    re.captures(body).map(|c| c[1].to_string())
}

/// The code of the one verification e-mail sent to `address` so far.
async fn only_code(app: &TestApp, address: &str) -> String {
    let codes: Vec<String> = mails_to(app, address).await.iter().filter_map(|m| otp_in(&m.body)).collect();
    assert_eq!(codes.len(), 1, "expected exactly one verification e-mail to {address}: {codes:?}");
    codes[0].clone()
}

// The mailbox orders files by modification time, which the file system records with a coarse
// clock: e-mails written a few milliseconds apart may tie. "New" e-mails are therefore found by
// comparing with the mailbox taken before the action (`app.mailbox().await`).

/// E-mails to `address` written since `seen` was taken.
async fn new_mails_to(app: &TestApp, seen: &[String], address: &str) -> Vec<Mail> {
    app.mailbox()
        .await
        .iter()
        .filter(|raw| !seen.contains(raw))
        .map(|raw| parse_mail(raw))
        .filter(|m| m.to.to_lowercase().contains(&address.to_lowercase()))
        .collect()
}

/// The single e-mail to `address` written since `seen` was taken.
async fn new_mail_to(app: &TestApp, seen: &[String], address: &str) -> Mail {
    let mut fresh = new_mails_to(app, seen, address).await;
    assert_eq!(fresh.len(), 1, "expected exactly one new e-mail to {address}: {fresh:?}");
    fresh.remove(0)
}

/// The code of the single verification e-mail to `address` written since `seen` was taken.
async fn new_code(app: &TestApp, seen: &[String], address: &str) -> String {
    otp_in(&new_mail_to(app, seen, address).await.body).expect("a six-digit code on its own line")
}

fn other_code(code: &str) -> String {
    let n: u32 = code.parse().unwrap();
    format!("{:06}", (n + 1) % 1_000_000)
}

// ------------------------------------------------------------------ self-registration

async fn anonymous_post(app: &TestApp, path: &str, body: Value) -> (StatusCode, Value) {
    app.send(Method::POST, path, None, Some(body)).await
}

fn sign_up_request(username: &str, email: &str) -> Value {
    json!({
        "username": username, "organizationName": format!("{username} Org"), "partnerType": "Auth_Partner",
        "firstName": "Ana", "lastName": "Lopez", "emailId": email, "contactNumber": "+33 1234 5678",
        "address": "1 Main Street", "langCode": "eng", "policyGroup": "Banking",
        "password": PASSWORD, "termsAccepted": true
    })
}

async fn start(app: &TestApp, request: Value) -> (StatusCode, Value) {
    anonymous_post(app, SIGN_UP, legacy(request)).await
}

async fn verify(app: &TestApp, email: &str, otp: &str) -> (StatusCode, Value) {
    anonymous_post(app, VERIFY, legacy(json!({"emailId": email, "otp": otp}))).await
}

async fn resend(app: &TestApp, email: &str) -> (StatusCode, Value) {
    anonymous_post(app, RESEND, legacy(json!({"emailId": email}))).await
}

async fn login_status(app: &TestApp, username: &str, password: &str) -> StatusCode {
    app.client
        .post(app.url("/v1/auth/login"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .expect("login request")
        .status()
}

async fn pending_registrations(app: &TestApp) -> Vec<registration::Model> {
    registration::Entity::find().all(app.fixtures.db()).await.unwrap()
}

// ------------------------------------------------------------------ MOSIP registration path

fn partner_request(id: &str, partner_type: &str, group: Option<&str>) -> Value {
    let mut r = json!({
        "partnerId": id, "organizationName": format!("{id} Org"), "address": "1 Main Street",
        "contactNumber": "+33 1234 5678", "emailId": format!("contact@{id}.example"),
        "partnerType": partner_type, "langCode": "eng"
    });
    if let Some(g) = group {
        r["policyGroup"] = json!(g);
    }
    r
}

fn role_of(partner_type: &str) -> &'static str {
    match partner_type {
        "Auth_Partner" => "AUTH_PARTNER",
        "Credential_Partner" => "CREDENTIAL_PARTNER",
        "Device_Provider" => "DEVICE_PROVIDER",
        "SDK_Partner" => "SDK_PARTNER",
        _ => "PARTNER",
    }
}

async fn register(app: &TestApp, token: &str, request: Value) -> (StatusCode, Value) {
    app.post(PARTNERS, token, legacy(request)).await
}

/// A login user with the role of `partner_type` registers its partner through `POST /partners`.
async fn mosip_partner(app: &TestApp, id: &str, partner_type: &str, group: Option<&str>) -> String {
    let token = app.user_with_roles(id, &[role_of(partner_type)]).await;
    let (s, b) = register(app, &token, partner_request(id, partner_type, group)).await;
    ok(s, &b);
    token
}

/// A pending partner written by the test kit (for list tests that need many rows).
async fn insert_partner(app: &TestApp, id: &str, name: &str) {
    app.fixtures.partner_named(id, name, "Device_Provider", pms_domain::partner::PartnerStatus::PendingApproval).await;
}

async fn deactivate_group(app: &TestApp, token: &str, group_id: &str) {
    let (s, b) = app
        .patch(
            &format!("/v1/policymanager/policies/group/{group_id}"),
            token,
            v2("mosip.pms.deactivate.policy.group.patch", json!({"status": "De-Activate"})),
        )
        .await;
    ok(s, &b);
}

// ------------------------------------------------------------------ decisions

async fn decide(app: &TestApp, token: &str, id: &str, action: &str, request: Value) -> (StatusCode, Value) {
    let api = format!("mosip.pms.partner.{action}.post");
    app.post(&format!("{ADMIN_PARTNERS}/{id}/{action}"), token, v2(&api, request)).await
}

async fn approve(app: &TestApp, admin: &str, id: &str) -> Value {
    let (s, b) = decide(app, admin, id, "approve", json!({})).await;
    ok(s, &b)
}

async fn legacy_patch(app: &TestApp, token: &str, id: &str, status: Option<&str>) -> (StatusCode, Value) {
    let request = match status {
        Some(s) => json!({"status": s}),
        None => json!({}),
    };
    app.patch(&format!("{PARTNERS}/{id}"), token, legacy(request)).await
}

// ------------------------------------------------------------------ reading back

async fn details(app: &TestApp, admin: &str, id: &str) -> Value {
    app.fixtures.admin_partner("admin").await;
    let (s, b) = app.get(&format!("{ADMIN_PARTNERS}/{id}"), admin).await;
    ok(s, &b)
}

async fn admin_list(app: &TestApp, admin: &str, query: &str) -> Value {
    let (s, b) = app.get(&format!("{ADMIN_PARTNERS}?{query}"), admin).await;
    ok(s, &b)
}

fn ids(page: &Value) -> Vec<String> {
    page["data"].as_array().unwrap().iter().map(|p| p["partnerId"].as_str().unwrap().to_string()).collect()
}

/// `PARTNER_UPDATED` outbox events, newest first.
async fn partner_events(app: &TestApp, admin: &str) -> Vec<Value> {
    let (s, b) = app.get("/v1/pms/events?topic=PARTNER_UPDATED&pageNo=0&pageSize=1000", admin).await;
    ok(s, &b)["data"].as_array().cloned().unwrap_or_default()
}

fn events_of(events: &[Value], id: &str) -> Vec<Value> {
    events.iter().filter(|e| e["payload"]["event"]["data"]["partnerData"]["partnerId"] == id).cloned().collect()
}

/// MOSIP's `PARTNER_UPDATED` WebSub message (§8.3).
#[track_caller]
fn assert_partner_event(e: &Value, id: &str, org: &str, status: &str) {
    assert_eq!(e["topic"], "PARTNER_UPDATED", "{e}");
    let p = &e["payload"];
    assert_eq!(p["topic"], "PARTNER_UPDATED", "{e}");
    assert_eq!(p["publisher"], "PartnerManagementServiceImpl", "{e}");
    assert!(utc_timestamp(&p["publishedOn"]), "{e}");
    let event = &p["event"];
    assert!(event["id"].as_str().is_some_and(|s| !s.is_empty()), "{e}");
    assert_eq!(event["type"]["name"], "PartnerManagementServiceImpl", "{e}");
    assert_eq!(
        event["type"]["namespace"], "io.mosip.pmp.partner.manager.service.impl.PartnerManagementServiceImpl",
        "{e}"
    );
    assert!(utc_timestamp(&event["timestamp"]), "{e}");
    let data = &event["data"]["partnerData"];
    assert_eq!(data["partnerId"], id, "{e}");
    assert_eq!(data["partnerName"], org, "{e}");
    assert_eq!(data["partnerStatus"], status, "{e}");
    assert!(data.as_object().unwrap().contains_key("certificateData"), "{e}");
}

async fn audit(app: &TestApp, admin: &str, query: &str) -> Vec<Value> {
    let (s, b) = app.get(&format!("/v1/pms/audit?pageNo=0&pageSize=1000&{query}"), admin).await;
    ok(s, &b)["data"].as_array().cloned().unwrap_or_default()
}

/// Error codes of the failure audit rows of one entity, oldest first.
async fn failure_codes(app: &TestApp, admin: &str, entity_type: &str, id: &str) -> Vec<String> {
    let mut rows = audit(app, admin, &format!("entityType={entity_type}&entityId={id}&outcome=failure")).await;
    rows.reverse();
    rows.iter().map(|r| r["details"]["errorCode"].as_str().unwrap_or_default().to_string()).collect()
}

/// Actions of the success audit rows of one entity, oldest first.
async fn success_actions(app: &TestApp, admin: &str, entity_type: &str, id: &str) -> Vec<String> {
    let mut rows = audit(app, admin, &format!("entityType={entity_type}&entityId={id}&outcome=success")).await;
    rows.reverse();
    rows.iter().map(|r| r["action"].as_str().unwrap_or_default().to_string()).collect()
}

/// Everything a write could change about a partner, plus the outbox and the mailbox.
#[derive(Debug, PartialEq)]
struct Snapshot {
    partner: Option<partner::Model>,
    history: Vec<partner_h::Model>,
    contacts: Vec<partner_contact::Model>,
    events: u64,
    mails: usize,
}

async fn snapshot(app: &TestApp, id: &str) -> Snapshot {
    let db = app.fixtures.db();
    Snapshot {
        partner: partner::Entity::find_by_id(id.to_string()).one(db).await.unwrap(),
        history: partner_h::Entity::find()
            .filter(partner_h::Column::Id.eq(id))
            .order_by_asc(partner_h::Column::Rev)
            .all(db)
            .await
            .unwrap(),
        contacts: partner_contact::Entity::find()
            .filter(partner_contact::Column::PartnerId.eq(id))
            .order_by_asc(partner_contact::Column::EmailId)
            .all(db)
            .await
            .unwrap(),
        events: outbox::Entity::find().count(db).await.unwrap(),
        mails: app.mailbox().await.len(),
    }
}

/// A refused write on partner `id`: exactly this HTTP status and code, and nothing changed
/// (partner, history, contacts, outbox, mailbox). Returns the body and whether one more failure
/// row was written to the partner's audit trail (`Err` says what is missing).
async fn checked_refusal(
    app: &TestApp,
    admin: &str,
    id: &str,
    what: &str,
    http: StatusCode,
    expected: &str,
    call: impl Future<Output = (StatusCode, Value)>,
) -> (Value, Result<(), String>) {
    let before = snapshot(app, id).await;
    let audited = failure_codes(app, admin, "partner", id).await;
    let (s, b) = call.await;
    assert_eq!(s, http, "{what}: {b}");
    assert_eq!(code(&b), expected, "{what}: {b}");
    assert!(b["response"].is_null(), "{what}: {b}");
    assert_eq!(snapshot(app, id).await, before, "{what}: refused with {expected} but something changed");
    let after = failure_codes(app, admin, "partner", id).await;
    let result = if after.len() != audited.len() + 1 || after.last().map(String::as_str) != Some(expected) {
        Err(format!(
            "{what}: the refusal {expected} of partner {id} left no failure audit row (failure rows: {after:?})"
        ))
    } else {
        Ok(())
    };
    (b, result)
}

/// As [`checked_refusal`], and the refusal must be audited.
async fn refused_write(
    app: &TestApp,
    admin: &str,
    id: &str,
    what: &str,
    http: StatusCode,
    expected: &str,
    call: impl Future<Output = (StatusCode, Value)>,
) -> Value {
    let (b, audited) = checked_refusal(app, admin, id, what, http, expected, call).await;
    if let Err(e) = audited {
        panic!("{e}");
    }
    b
}

/// Sets a certificate alias directly (certificate upload is not part of onboarding).
async fn give_certificate(app: &TestApp, id: &str) {
    app.fixtures.certificate_alias(id, &format!("cert-{id}")).await;
}

// ================================================================== 1. self-registration

#[tokio::test]
async fn sign_up_reports_each_missing_field() {
    let app = TestApp::spawn_with(|c| c.registrations_per_hour = 1000).await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let fields = [
        "username",
        "organizationName",
        "partnerType",
        "firstName",
        "lastName",
        "emailId",
        "contactNumber",
        "address",
        "password",
    ];
    for field in fields {
        let blank = if field == "password" { json!("") } else { json!("   ") };
        for value in [Value::Null, blank] {
            let request = patched(sign_up_request("bank-one", "ana@bank-one.example"), &json!({ field: value }));
            let (s, b) = start(&app, request).await;
            refused(s, &b, "PMS_COR_001");
            assert!(message(&b).starts_with("Invalid request parameter - "), "{field}: {b}");
        }
    }
    let (s, b) = anonymous_post(&app, SIGN_UP, json!({"id": "x", "version": "1.0", "requesttime": now()})).await;
    refused_with(s, &b, "PMS_COR_001", "Invalid request parameter - must not be null :request");
    assert!(app.mailbox().await.is_empty());
    assert!(pending_registrations(&app).await.is_empty());
    assert_eq!(admin_list(&app, &admin, "").await["totalResults"], 0);
}

#[tokio::test]
async fn sign_up_missing_field_messages_name_the_field_sent() {
    let app = TestApp::spawn_with(|c| c.registrations_per_hour = 1000).await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    // MOSIP's bean validation names the field of the request: `… :<fieldName>`.
    for field in [
        "organizationName",
        "partnerType",
        "firstName",
        "lastName",
        "emailId",
        "contactNumber",
        "address",
        "password",
        "username",
    ] {
        let request = patched(sign_up_request("bank-one", "ana@bank-one.example"), &json!({ field: null }));
        let (s, b) = start(&app, request).await;
        refused_with(s, &b, "PMS_COR_001", &format!("Invalid request parameter - must not be null :{field}"));
    }
}

#[tokio::test]
async fn sign_up_refusals_come_in_mosip_order_and_leave_nothing_behind() {
    let app = TestApp::spawn_with(|c| c.registrations_per_hour = 1000).await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let closed = app.create_group(&admin, "Closed").await;
    deactivate_group(&app, &admin, &closed).await;
    mosip_partner(&app, "taken-id", "Auth_Partner", Some("Banking")).await;
    let mails_before = app.mailbox().await.len();

    let cases: Vec<(&str, Value, &str, Option<&str>)> = vec![
        ("phone with letters", json!({"contactNumber": "12;34"}), "PMS_PRT_013", Some("Invalid mobile number.Length should be less than 16")),
        ("phone too long", json!({"contactNumber": "12345678901234567"}), "PMS_PRT_013", None),
        ("phone before email", json!({"contactNumber": "abc", "emailId": "nope"}), "PMS_PRT_013", None),
        ("bad email", json!({"emailId": "ana.bank-one.example"}), "PMS_PRT_012", Some("Invalid emailId.")),
        ("email before id", json!({"emailId": "nope", "username": "bank one"}), "PMS_PRT_012", None),
        ("spaces in id", json!({"username": "bank one"}), "PMS_PRT_066", Some("PartnerId should not have any spaces")),
        ("id too long", json!({"username": "b".repeat(37)}), "PMS_PRT_052", Some("PartnerId max length should be 36")),
        ("email of a partner", json!({"emailId": "contact@taken-id.example"}), "PMS_PRT_011", Some("Email is already exists.")),
        ("email of a partner, other case", json!({"emailId": "Contact@Taken-Id.example"}), "PMS_PRT_011", None),
        ("email before language", json!({"emailId": "contact@taken-id.example", "langCode": "deu"}), "PMS_PRT_011", None),
        ("language", json!({"langCode": "deu"}), "PMS_PRT_056", Some("Given langCode is not supported")),
        ("language before id", json!({"langCode": "deu", "username": "taken-id"}), "PMS_PRT_056", None),
        ("id of a partner", json!({"username": "taken-id"}), "PMS_PRT_051", Some("A Partner is already registered with the same Id")),
        ("id before type", json!({"username": "taken-id", "partnerType": "Space_Partner"}), "PMS_PRT_051", None),
        ("type", json!({"partnerType": "Space_Partner"}), "PMS_PRT_010", Some("Partner Type does not exist")),
        ("no group", json!({"policyGroup": null}), "PMS_PRT_108", Some("Policy group is Mandatory for Auth_Partner")),
        ("blank group", json!({"policyGroup": "  "}), "PMS_PRT_108", None),
        ("unknown group", json!({"policyGroup": "Nowhere"}), "PMS_PRT_002", Some("Policy group does not exist")),
        ("inactive group", json!({"policyGroup": "Closed"}), "PMS_PMP_023", Some("Policy group is not active.")),
        ("admin type", json!({"partnerType": "Partner_Admin", "policyGroup": null}), "PMS_REG_003", Some("This partner type cannot register itself: Partner_Admin")),
        ("admin type before password", json!({"partnerType": "Partner_Admin", "policyGroup": null, "password": "weak"}), "PMS_REG_003", None),
        ("short password", json!({"password": "short1"}), "PMS_REG_001",
            Some("Password must be at least 12 characters long and contain a letter and a digit, and must not contain the username.")),
        ("password without digit", json!({"password": "no digits in this one"}), "PMS_REG_001", None),
        ("password with username", json!({"password": "bank-one password 42"}), "PMS_REG_001", None),
        ("password before terms", json!({"password": "short1", "termsAccepted": false}), "PMS_REG_001", None),
        ("terms refused", json!({"termsAccepted": false}), "PMS_REG_002", Some("The terms and conditions must be accepted.")),
        ("terms missing", json!({"termsAccepted": null}), "PMS_REG_002", None),
        ("terms before username", json!({"termsAccepted": false, "username": "admin"}), "PMS_REG_002", None),
        ("username of a user", json!({"username": "admin"}), "PMS_REG_004", Some("A user with this username already exists.")),
    ];
    let mut expected_codes = Vec::new();
    for (what, patch, expected, text) in &cases {
        let request = patched(sign_up_request("bank-one", "ana@bank-one.example"), patch);
        let (s, b) = start(&app, request).await;
        assert_eq!(s, StatusCode::OK, "{what}: {b}");
        assert_eq!(code(&b), *expected, "{what}: {b}");
        assert!(b["response"].is_null(), "{what}: {b}");
        if let Some(text) = text {
            assert_eq!(message(&b), *text, "{what}: {b}");
        }
        expected_codes.push(expected.to_string());
    }
    assert_eq!(app.mailbox().await.len(), mails_before, "a refused sign-up sent an e-mail");
    assert!(pending_registrations(&app).await.is_empty());
    let list = admin_list(&app, &admin, "").await;
    assert_eq!(ids(&list), vec!["taken-id"]);
    assert_eq!(login_status(&app, "bank-one", PASSWORD).await, StatusCode::UNAUTHORIZED);
    // Every refusal is in the audit trail.
    let mut rows = audit(&app, &admin, "entityType=registration&outcome=failure").await;
    rows.reverse();
    let mut got: Vec<String> = rows.iter().map(|r| r["details"]["errorCode"].as_str().unwrap().to_string()).collect();
    got.sort();
    expected_codes.sort();
    assert_eq!(got, expected_codes);
}

#[tokio::test]
async fn sign_up_sends_a_code_and_nothing_is_visible_before_verification() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let (s, b) = start(&app, sign_up_request("bank-one", "Ana@Bank-One.example")).await;
    assert_eq!(
        ok(s, &b),
        json!({"emailId": "ana@bank-one.example", "otpExpiresInSeconds": 600, "resendAfterSeconds": 60})
    );
    assert!(b.get("responsetime").is_some(), "legacy envelope: {b}");

    let sent = mails(&app).await;
    assert_eq!(sent.len(), 1);
    assert!(sent[0].to.contains("ana@bank-one.example"), "{:?}", sent[0]);
    assert_eq!(sent[0].subject, "Your PMS verification code");
    assert!(sent[0].body.contains("Hello Ana"), "{}", sent[0].body);
    assert!(sent[0].body.contains(ENGLISH_OTP_SENTENCE), "{}", sent[0].body);
    assert!(sent[0].body.contains("valid for 10 minutes"), "{}", sent[0].body);
    let code = otp_in(&sent[0].body).expect("code on its own line");
    assert!(!b.to_string().contains(&code), "the answer must not reveal the code");

    // Nothing exists for admins or the login until the address is verified.
    let list = admin_list(&app, &admin, "").await;
    assert_eq!(list, json!({"pageNo": 0, "pageSize": 0, "totalResults": 0, "data": []}));
    let (s, b) = app.get(PARTNERS, &admin).await;
    refused(s, &b, "PMS_PMP_013");
    app.fixtures.admin_partner("admin").await;
    let (s, b) = app.get(&format!("{ADMIN_PARTNERS}/bank-one"), &admin).await;
    refused(s, &b, "PMS_PRT_005");
    assert_eq!(login_status(&app, "bank-one", PASSWORD).await, StatusCode::UNAUTHORIZED);
    let (s, b) =
        app.put(&format!("{PARTNERS}/email/verify"), &admin, legacy(json!({"emailId": "ana@bank-one.example"}))).await;
    assert_eq!(ok(s, &b)["emailExists"], false);

    // The pending registration keeps neither the code nor the password in clear.
    let pending = pending_registrations(&app).await;
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].email, "ana@bank-one.example");
    assert_eq!(pending[0].username, "bank-one");
    assert!(!pending[0].otp_hash.contains(&code));
    assert!(!pending[0].password_hash.contains(PASSWORD));
    assert_eq!(pending[0].otp_attempts, 0);
}

#[tokio::test]
async fn verified_sign_up_creates_the_login_and_a_partner_awaiting_approval() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let group = app.create_group(&admin, "Banking").await;
    let (s, b) = start(&app, sign_up_request("bank-one", "ana@bank-one.example")).await;
    ok(s, &b);
    let code = only_code(&app, "ana@bank-one.example").await;
    // The address is matched case-insensitively.
    let (s, b) = verify(&app, "ANA@bank-one.EXAMPLE", &code).await;
    assert_eq!(ok(s, &b), json!({"partnerId": "bank-one", "status": "pending_approval"}));

    let token = app.login("bank-one", PASSWORD).await;
    let (s, b) = app.get(VALIDATE_TOKEN, &token).await;
    let user = ok(s, &b);
    assert_eq!(user["userId"], "bank-one");
    assert_eq!(user["role"], "AUTH_PARTNER");
    assert_eq!(user["mail"], "ana@bank-one.example");
    assert_eq!(user["name"], "Ana Lopez");
    assert_eq!(user["langCode"], "eng");

    let d = details(&app, &admin, "bank-one").await;
    assert_eq!(d["partnerStatus"], "pending_approval");
    assert_eq!(d["approvalStatus"], "pending_approval");
    assert_eq!(d["isActive"], false);
    assert_eq!(d["firstName"], "Ana");
    assert_eq!(d["lastName"], "Lopez");
    assert_eq!(d["organizationName"], "bank-one Org");
    assert_eq!(d["emailId"], "ana@bank-one.example");
    assert_eq!(d["contactNumber"], "+33 1234 5678");
    assert_eq!(d["address"], "1 Main Street");
    assert_eq!(d["partnerType"], "Auth_Partner");
    assert_eq!(d["policyGroupId"], group.as_str());
    assert_eq!(d["policyGroupName"], "Banking");
    assert_eq!(d["langCode"], "eng");

    // The partner sees its own partner, still inactive.
    let (s, b) = app.get(&format!("{PARTNERS}/bank-one"), &token).await;
    let own = ok(s, &b);
    assert_eq!(own["status"], "De-active");
    assert_eq!(own["isActive"], false);

    let to_ana = mails_to(&app, "ana@bank-one.example").await;
    assert_eq!(to_ana.len(), 2, "{to_ana:?}");
    let received: Vec<&Mail> = to_ana.iter().filter(|m| m.subject == "Your registration has been received").collect();
    assert_eq!(received.len(), 1, "{to_ana:?}");
    assert!(received[0].body.contains("bank-one"), "{}", received[0].body);
    assert!(received[0].body.contains("waiting for the Partner Admin"), "{}", received[0].body);
    assert!(pending_registrations(&app).await.is_empty());

    // The code is spent; the address and the id now belong to a partner.
    let (s, b) = verify(&app, "ana@bank-one.example", &code).await;
    refused(s, &b, "PMS_OTP_001");
    let (s, b) = start(&app, sign_up_request("bank-two", "ana@bank-one.example")).await;
    refused(s, &b, "PMS_PRT_011");
    let (s, b) = start(&app, sign_up_request("bank-one", "other@bank-one.example")).await;
    refused(s, &b, "PMS_PRT_051");
    assert_eq!(mails_to(&app, "other@bank-one.example").await.len(), 0);
    // bank-one and the admin's own partner, which reading details needs.
    assert_eq!(admin_list(&app, &admin, "").await["totalResults"], 2);

    assert_eq!(success_actions(&app, &admin, "partner", "bank-one").await, vec!["partner.register"]);

    // The login gets the role of its partner type.
    let device = patched(
        sign_up_request("device-one", "dan@device-one.example"),
        &json!({"partnerType": "Device_Provider", "policyGroup": null}),
    );
    let (s, b) = start(&app, device).await;
    ok(s, &b);
    let (s, b) = verify(&app, "dan@device-one.example", &only_code(&app, "dan@device-one.example").await).await;
    ok(s, &b);
    let token = app.login("device-one", PASSWORD).await;
    let (s, b) = app.get(VALIDATE_TOKEN, &token).await;
    assert_eq!(ok(s, &b)["role"], "DEVICE_PROVIDER");
    assert_eq!(details(&app, &admin, "device-one").await["policyGroupName"], Value::Null);

    let reg = audit(&app, &admin, "entityType=registration&outcome=success").await;
    let mut actions: Vec<&str> =
        reg.iter().filter(|r| r["entityId"] == "bank-one").map(|r| r["action"].as_str().unwrap()).collect();
    actions.sort();
    assert_eq!(actions, vec!["registration.start", "registration.verify"]);
}

#[tokio::test]
async fn in_on_certificate_mode_a_verified_partner_waits_for_its_certificate() {
    let app = TestApp::spawn_with(|c| c.partner_approval = ApprovalMode::OnCertificate).await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let (s, b) = start(&app, sign_up_request("bank-one", "ana@bank-one.example")).await;
    ok(s, &b);
    let seen = app.mailbox().await;
    let (s, b) = verify(&app, "ana@bank-one.example", &only_code(&app, "ana@bank-one.example").await).await;
    assert_eq!(ok(s, &b), json!({"partnerId": "bank-one", "status": "InProgress"}));
    let d = details(&app, &admin, "bank-one").await;
    assert_eq!(d["partnerStatus"], "InProgress");
    assert_eq!(d["approvalStatus"], "InProgress");
    assert_eq!(d["isActive"], false);
    let last = new_mail_to(&app, &seen, "ana@bank-one.example").await;
    assert_eq!(last.subject, "Your registration has been received");
    assert!(last.body.contains("once you upload its certificate"), "{}", last.body);
    let token = app.login("bank-one", PASSWORD).await;
    let (s, b) = app.get(VALIDATE_TOKEN, &token).await;
    assert_eq!(ok(s, &b)["role"], "AUTH_PARTNER");
    let (s, b) = app.get("/v1/partnermanager/system-config", &token).await;
    assert_eq!(ok(s, &b)["partnerApprovalMode"], "on-certificate");
}

#[tokio::test]
async fn verification_mail_is_written_in_the_chosen_language() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let english = patched(sign_up_request("bank-en", "ana@bank-en.example"), &json!({"langCode": "eng"}));
    let (s, b) = start(&app, english).await;
    ok(s, &b);
    let mail = mails_to(&app, "ana@bank-en.example").await.remove(0);
    assert!(mail.body.contains(ENGLISH_OTP_SENTENCE), "{}", mail.body);

    for (lang, code) in [(Lang::Fr, "fra"), (Lang::Ar, "ara")] {
        let email = format!("ana@bank-{code}.example");
        let request = patched(sign_up_request(&format!("bank-{code}"), &email), &json!({"langCode": code}));
        let (s, b) = start(&app, request).await;
        ok(s, &b);
        let mail = mails_to(&app, &email).await.remove(0);
        let otp = otp_in(&mail.body).expect("a code");
        // The registration keeps the language…
        let (s, b) = verify(&app, &email, &otp).await;
        ok(s, &b);
        assert_eq!(details(&app, &admin, &format!("bank-{code}")).await["langCode"], code);
        // …and the e-mail is written in it, not in English.
        let username = format!("bank-{code}");
        let organization = format!("{username} Org");
        let args = [
            ("name", "Ana"),
            ("code", otp.as_str()),
            ("minutes", "10"),
            ("username", username.as_str()),
            ("organization", organization.as_str()),
        ];
        let expected = pms_i18n::t_args(lang, "email-otp-body", &args);
        assert!(
            !mail.body.contains(ENGLISH_OTP_SENTENCE),
            "the {code} verification e-mail is in English (catalogue text: {expected:?}): {}",
            mail.body
        );
        for line in expected.lines().map(str::trim).filter(|l| !l.is_empty()) {
            assert!(mail.body.contains(line), "the {code} e-mail lacks {line:?}: {}", mail.body);
        }
    }
}

#[tokio::test]
async fn signing_up_again_with_an_unverified_address_replaces_the_attempt() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let email = "ana@bank-one.example";
    let (s, b) = start(&app, sign_up_request("bank-one", email)).await;
    ok(s, &b);
    let first = only_code(&app, email).await;
    // While pending, the username is reserved for that address.
    let (s, b) = start(&app, sign_up_request("bank-one", "someone@else.example")).await;
    refused(s, &b, "PMS_REG_004");

    let again = patched(
        sign_up_request("bank-one", email),
        &json!({"organizationName": "Bank One Renamed", "address": "2 Market Square"}),
    );
    let seen = app.mailbox().await;
    let (s, b) = start(&app, again).await;
    ok(s, &b);
    let second = new_code(&app, &seen, email).await;
    assert_eq!(mails_to(&app, email).await.len(), 2);
    let pending = pending_registrations(&app).await;
    assert_eq!(pending.len(), 1, "the second attempt replaces the first");
    assert_eq!(pending[0].organization_name, "Bank One Renamed");
    if first != second {
        let (s, b) = verify(&app, email, &first).await;
        refused(s, &b, "PMS_OTP_002");
    }
    let (s, b) = verify(&app, email, &second).await;
    ok(s, &b);
    let d = details(&app, &admin, "bank-one").await;
    assert_eq!(d["organizationName"], "Bank One Renamed");
    assert_eq!(d["address"], "2 Market Square");
    // bank-one and the admin's own partner, which reading details needs.
    assert_eq!(admin_list(&app, &admin, "").await["totalResults"], 2);
}

#[tokio::test]
async fn verification_errors_and_the_attempt_limit() {
    let app = TestApp::spawn_with(|c| {
        c.otp_max_attempts = 3;
        c.otp_resend_cooldown_seconds = 0;
    })
    .await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let email = "ana@bank-one.example";

    let (s, b) = verify(&app, "nobody@bank-one.example", "123456").await;
    refused_with(s, &b, "PMS_OTP_001", "There is no pending registration for this e-mail address.");
    let (s, b) = verify(&app, "not-an-email", "123456").await;
    refused(s, &b, "PMS_PRT_012");

    let (s, b) = start(&app, sign_up_request("bank-one", email)).await;
    ok(s, &b);
    let right = only_code(&app, email).await;
    let wrong = other_code(&right);
    let (s, b) = anonymous_post(&app, VERIFY, legacy(json!({"emailId": email}))).await;
    refused(s, &b, "PMS_COR_001");

    let (s, b) = verify(&app, email, &wrong).await;
    refused_with(s, &b, "PMS_OTP_002", "The verification code is not correct.");
    let (s, b) = verify(&app, email, &wrong).await;
    refused(s, &b, "PMS_OTP_002");
    // The last allowed wrong code kills the code…
    let (s, b) = verify(&app, email, &wrong).await;
    refused_with(s, &b, "PMS_OTP_004", "Too many wrong codes. Request a new one.");
    // …so that even the right one is refused now.
    let (s, b) = verify(&app, email, &right).await;
    refused(s, &b, "PMS_OTP_004");
    assert_eq!(login_status(&app, "bank-one", PASSWORD).await, StatusCode::UNAUTHORIZED);
    assert_eq!(admin_list(&app, &admin, "").await["totalResults"], 0);
    assert_eq!(pending_registrations(&app).await[0].otp_attempts, 3);

    // A new code starts over.
    let seen = app.mailbox().await;
    let (s, b) = resend(&app, email).await;
    ok(s, &b);
    let fresh = new_code(&app, &seen, email).await;
    assert_eq!(pending_registrations(&app).await[0].otp_attempts, 0);
    let (s, b) = verify(&app, email, &fresh).await;
    assert_eq!(ok(s, &b)["status"], "pending_approval");

    assert_eq!(
        failure_codes(&app, &admin, "registration", email).await,
        vec!["PMS_OTP_002", "PMS_OTP_002", "PMS_OTP_004", "PMS_OTP_004"]
    );
}

#[tokio::test]
async fn expired_codes_are_refused() {
    let app = TestApp::spawn_with(|c| {
        c.otp_ttl_seconds = 1;
        c.otp_resend_cooldown_seconds = 0;
    })
    .await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let email = "ana@bank-one.example";
    let (s, b) = start(&app, sign_up_request("bank-one", email)).await;
    assert_eq!(ok(s, &b)["otpExpiresInSeconds"], 1);
    let code = only_code(&app, email).await;
    app.clock.advance(chrono::Duration::milliseconds(1500));
    let (s, b) = verify(&app, email, &code).await;
    refused_with(s, &b, "PMS_OTP_003", "The verification code has expired. Request a new one.");
    assert_eq!(login_status(&app, "bank-one", PASSWORD).await, StatusCode::UNAUTHORIZED);
    assert_eq!(admin_list(&app, &admin, "").await["totalResults"], 0);
    // An expired code does not block a new one.
    let (s, b) = resend(&app, email).await;
    ok(s, &b);
    assert_eq!(mails_to(&app, email).await.len(), 2);
}

#[tokio::test]
async fn resend_within_the_cooldown_is_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let email = "ana@bank-one.example";
    let (s, b) = start(&app, sign_up_request("bank-one", email)).await;
    ok(s, &b);
    let code = only_code(&app, email).await;
    let (s, b) = resend(&app, email).await;
    refused_http(s, &b, StatusCode::TOO_MANY_REQUESTS, "PMS_OTP_005");
    let re = regex::Regex::new(r"^A new code can be requested in (59|60) seconds\.$").unwrap();
    assert!(re.is_match(&message(&b)), "{b}");
    assert_eq!(mails_to(&app, email).await.len(), 1);
    // An address without a pending sign-up gets the usual answer and no e-mail: the endpoint does
    // not tell who is signing up.
    let (s, b) = resend(&app, "nobody@bank-one.example").await;
    assert_eq!(ok(s, &b)["emailId"], "nobody@bank-one.example");
    assert_eq!(mails_to(&app, "nobody@bank-one.example").await.len(), 0);
    let (s, b) = resend(&app, "not-an-email").await;
    refused(s, &b, "PMS_PRT_012");
    // The refused resend changed nothing: the first code still works.
    let (s, b) = verify(&app, email, &code).await;
    ok(s, &b);
}

#[tokio::test]
async fn resend_after_the_cooldown_sends_a_new_code_and_kills_the_old_one() {
    let app = TestApp::spawn_with(|c| c.otp_resend_cooldown_seconds = 1).await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let email = "ana@bank-one.example";
    let (s, b) = start(&app, sign_up_request("bank-one", email)).await;
    assert_eq!(ok(s, &b)["resendAfterSeconds"], 1);
    let first = only_code(&app, email).await;
    let (s, b) = resend(&app, email).await;
    refused_http(s, &b, StatusCode::TOO_MANY_REQUESTS, "PMS_OTP_005");
    app.clock.advance(chrono::Duration::milliseconds(1100));
    let seen = app.mailbox().await;
    let (s, b) = resend(&app, email).await;
    assert_eq!(ok(s, &b), json!({"emailId": email, "otpExpiresInSeconds": 600, "resendAfterSeconds": 1}));
    assert_eq!(mails_to(&app, email).await.len(), 2);
    assert_eq!(new_mail_to(&app, &seen, email).await.subject, "Your PMS verification code");
    let second = new_code(&app, &seen, email).await;
    if first != second {
        let (s, b) = verify(&app, email, &first).await;
        refused(s, &b, "PMS_OTP_002");
    }
    let (s, b) = verify(&app, email, &second).await;
    ok(s, &b);
    app.login("bank-one", PASSWORD).await;
}

#[tokio::test]
async fn codes_per_address_are_limited_per_hour() {
    let app = TestApp::spawn_with(|c| {
        c.otp_sends_per_hour = 2;
        c.otp_resend_cooldown_seconds = 0;
    })
    .await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let email = "ana@bank-one.example";
    let (s, b) = start(&app, sign_up_request("bank-one", email)).await;
    ok(s, &b);
    let seen = app.mailbox().await;
    let (s, b) = resend(&app, email).await;
    ok(s, &b);
    let second = new_code(&app, &seen, email).await;
    let (s, b) = resend(&app, email).await;
    refused_http(s, &b, StatusCode::TOO_MANY_REQUESTS, "PMS_OTP_006");
    assert_eq!(message(&b), "Too many verification codes requested. Please try again later.");
    let (s, b) = start(&app, sign_up_request("bank-one", email)).await;
    refused_http(s, &b, StatusCode::TOO_MANY_REQUESTS, "PMS_OTP_006");
    assert_eq!(mails_to(&app, email).await.len(), 2);
    // Another address is not affected, and the refusals changed nothing.
    let (s, b) = start(&app, sign_up_request("bank-two", "bob@bank-two.example")).await;
    ok(s, &b);
    let (s, b) = verify(&app, email, &second).await;
    ok(s, &b);
}

#[tokio::test]
async fn sign_ups_per_client_address_are_limited_per_hour() {
    let app = TestApp::spawn_with(|c| c.registrations_per_hour = 2).await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    for (user, email) in [("bank-one", "ana@bank-one.example"), ("bank-two", "bob@bank-two.example")] {
        let (s, b) = start(&app, sign_up_request(user, email)).await;
        ok(s, &b);
    }
    let (s, b) = start(&app, sign_up_request("bank-three", "cy@bank-three.example")).await;
    refused_http(s, &b, StatusCode::TOO_MANY_REQUESTS, "PMS_REG_005");
    assert_eq!(message(&b), "Too many registration attempts. Please try again later.");
    assert_eq!(mails_to(&app, "cy@bank-three.example").await.len(), 0);
    assert_eq!(pending_registrations(&app).await.len(), 2);
}

#[tokio::test]
async fn verification_codes_are_neither_stored_nor_audited_in_clear() {
    let app = TestApp::spawn_with(|c| c.otp_resend_cooldown_seconds = 0).await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let email = "ana@bank-one.example";
    let (s, b) = start(&app, sign_up_request("bank-one", email)).await;
    ok(s, &b);
    let first = only_code(&app, email).await;
    let (s, b) = verify(&app, email, &other_code(&first)).await;
    refused(s, &b, "PMS_OTP_002");
    let seen = app.mailbox().await;
    let (s, b) = resend(&app, email).await;
    ok(s, &b);
    let second = new_code(&app, &seen, email).await;
    let stored = pending_registrations(&app).await;
    assert!(!stored[0].otp_hash.contains(&second) && !stored[0].otp_hash.contains(&first), "{:?}", stored[0].otp_hash);
    let (s, b) = verify(&app, email, &second).await;
    ok(s, &b);

    let rows = audit(&app, &admin, "").await;
    assert!(rows.len() >= 5, "{rows:?}");
    for row in &rows {
        let text = format!("{} {} {}", row["details"], row["beforeStatus"], row["afterStatus"]);
        for code in [&first, &second, &other_code(&first)] {
            assert!(!text.contains(code.as_str()), "code {code} in the audit trail: {row}");
        }
    }
}

// ================================================================== 2. MOSIP registration path

#[tokio::test]
async fn authenticated_users_register_their_partner_with_post_partners() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let token = app.user_with_roles("bank-two", &["AUTH_PARTNER"]).await;
    let (s, b) = register(&app, &token, partner_request("bank-two", "Auth_Partner", Some("banking"))).await;
    assert_eq!(ok(s, &b), json!({"partnerId": "bank-two", "status": "pending_approval"}));
    assert_eq!(b["id"], "mosip.pms.test");
    let (s, b) = app.get(&format!("{PARTNERS}/bank-two"), &token).await;
    assert_eq!(
        ok(s, &b),
        json!({"partnerID": "bank-two", "status": "De-active", "organizationName": "bank-two Org",
               "contactNumber": "+33 1234 5678", "emailId": "contact@bank-two.example", "address": "1 Main Street",
               "partnerType": "Auth_Partner", "policyGroup": "Banking", "isActive": false})
    );
    let mail = mails_to(&app, "contact@bank-two.example").await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].subject, "Your registration has been received");
    // Registration announces nothing (§8.3).
    assert!(partner_events(&app, &admin).await.is_empty());
    assert_eq!(success_actions(&app, &admin, "partner", "bank-two").await, vec!["partner.register"]);
    let d = details(&app, &admin, "bank-two").await;
    assert_eq!(d["partnerStatus"], "pending_approval");
    assert_eq!(d["firstName"], "Test");
    assert_eq!(d["lastName"], "bank-two");

    // v2 keeps a logo URL and free-form additional information.
    let token = app.user_with_roles("bank-three", &["CREDENTIAL_PARTNER"]).await;
    let info = json!({"website": "https://bank-three.example", "branches": 12, "tags": ["retail", "kyc"]});
    let mut request = partner_request("bank-three", "Credential_Partner", Some("Banking"));
    request["logoUrl"] = json!("https://bank-three.example/logo.png");
    request["additionalInfo"] = info.clone();
    let (s, b) = app.post(&format!("{PARTNERS}/v2"), &token, legacy(request)).await;
    assert_eq!(ok(s, &b), json!({"partnerId": "bank-three", "status": "pending_approval"}));
    let (s, b) = app.get(&format!("{PARTNERS}/v2?partnerType=Credential_Partner"), &admin).await;
    let list = ok(s, &b)["partners"].clone();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["partnerID"], "bank-three");
    assert_eq!(list[0]["logoUrl"], "https://bank-three.example/logo.png");
    assert_eq!(list[0]["additionalInfo"], info);
    // In on-certificate mode the answer would say InProgress; here both wait for the admin.
    assert_eq!(admin_list(&app, &admin, "status=pending_approval").await["totalResults"], 2);
}

#[tokio::test]
async fn post_partners_refusals_come_in_mosip_order() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let closed = app.create_group(&admin, "Closed").await;
    deactivate_group(&app, &admin, &closed).await;
    mosip_partner(&app, "other-bank", "Auth_Partner", Some("Banking")).await;
    let token = app.user_with_roles("bank-two", &["AUTH_PARTNER"]).await;
    let base = partner_request("bank-two", "Auth_Partner", Some("Banking"));

    for field in ["partnerId", "organizationName", "address", "contactNumber", "emailId", "partnerType"] {
        let (s, b) = register(&app, &token, patched(base.clone(), &json!({ field: null }))).await;
        refused_with(s, &b, "PMS_COR_001", &format!("Invalid request parameter - must not be null :{field}"));
    }
    let cases: Vec<(&str, Value, &str)> = vec![
        ("someone else's id", json!({"partnerId": "other-bank"}), "PMS_PRT_055"),
        ("an id that is not the username", json!({"partnerId": "bank-22"}), "PMS_PRT_055"),
        ("not mine before bad phone", json!({"partnerId": "bank-22", "contactNumber": "x"}), "PMS_PRT_055"),
        ("phone", json!({"contactNumber": "12;34"}), "PMS_PRT_013"),
        ("email", json!({"emailId": "nope"}), "PMS_PRT_012"),
        ("email of a partner", json!({"emailId": "contact@other-bank.example"}), "PMS_PRT_011"),
        ("language", json!({"langCode": "deu"}), "PMS_PRT_056"),
        ("type", json!({"partnerType": "Space_Partner"}), "PMS_PRT_010"),
        ("no group", json!({"policyGroup": null}), "PMS_PRT_108"),
        ("unknown group", json!({"policyGroup": "Nowhere"}), "PMS_PRT_002"),
        ("inactive group", json!({"policyGroup": "Closed"}), "PMS_PMP_023"),
    ];
    for (what, patch, expected) in &cases {
        let (s, b) = register(&app, &token, patched(base.clone(), patch)).await;
        assert_eq!(s, StatusCode::OK, "{what}: {b}");
        assert_eq!(code(&b), *expected, "{what}: {b}");
    }
    let (s, b) = app.send(Method::POST, PARTNERS, None, Some(legacy(base.clone()))).await;
    refused_http(s, &b, StatusCode::UNAUTHORIZED, "KER-ATH-401");
    assert!(snapshot(&app, "bank-two").await.partner.is_none());
    let mut failures = failure_codes(&app, &admin, "partner", "bank-two").await;
    failures.retain(|c| c != "PMS_COR_001");
    let mut expected: Vec<String> =
        cases.iter().filter(|(_, p, _)| p.get("partnerId").is_none()).map(|(_, _, c)| c.to_string()).collect();
    failures.sort();
    expected.sort();
    assert_eq!(failures, expected);

    // Registered once, the same id cannot be registered again.
    let (s, b) = register(&app, &token, base.clone()).await;
    ok(s, &b);
    let second = patched(base.clone(), &json!({"emailId": "second@bank-two.example"}));
    let (s, b) = register(&app, &token, second).await;
    refused_with(s, &b, "PMS_PRT_051", "A Partner is already registered with the same Id");

    // A user whose own e-mail already belongs to a partner cannot register another (MOSIP rule).
    let four = app.user_with_roles("bank-four", &["AUTH_PARTNER"]).await;
    let five = app.user_with_roles("bank-five", &["AUTH_PARTNER"]).await;
    let (s, b) = register(
        &app,
        &five,
        patched(
            partner_request("bank-five", "Auth_Partner", Some("Banking")),
            &json!({"emailId": "bank-four@example.org"}),
        ),
    )
    .await;
    ok(s, &b);
    let (s, b) = register(&app, &four, partner_request("bank-four", "Auth_Partner", Some("Banking"))).await;
    refused_with(s, &b, "PMS_PRT_055", "User not authorized.");
    assert!(snapshot(&app, "bank-four").await.partner.is_none());
}

#[tokio::test]
async fn email_verify_tells_whether_an_address_is_taken() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let token = mosip_partner(&app, "bank-two", "Auth_Partner", Some("Banking")).await;
    let url = format!("{PARTNERS}/email/verify");
    let (s, b) = app.put(&url, &token, legacy(json!({"emailId": "Contact@Bank-Two.example"}))).await;
    let r = ok(s, &b);
    assert_eq!(r["emailExists"], true);
    let mut types: Vec<String> =
        r["policyRequiredPartnerTypes"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect();
    types.sort();
    assert_eq!(
        types,
        vec![
            "ABIS_PARTNER",
            "AUTH_PARTNER",
            "BINDING_PARTNER",
            "CREDENTIAL_PARTNER",
            "INTERNAL_PARTNER",
            "MANUAL_ADJUDICATION",
            "ONLINE_VERIFICATION_PARTNER",
            "PRINT_PARTNER"
        ]
    );
    let (s, b) = app.put(&url, &token, legacy(json!({"emailId": "free@bank-two.example"}))).await;
    assert_eq!(ok(s, &b)["emailExists"], false);
    let (s, b) = app.put(&url, &token, legacy(json!({"emailId": "nope"}))).await;
    refused_with(s, &b, "PMS_PRT_012", "Invalid emailId.");
    let (s, b) = app.send(Method::PUT, &url, None, Some(legacy(json!({"emailId": "free@bank-two.example"})))).await;
    refused_http(s, &b, StatusCode::UNAUTHORIZED, "KER-ATH-401");
}

#[tokio::test]
async fn profile_updates_keep_the_logo_and_additional_information() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let token = app.user_with_roles("bank-three", &["AUTH_PARTNER"]).await;
    let info = json!({"website": "https://bank-three.example"});
    let mut request = partner_request("bank-three", "Auth_Partner", Some("Banking"));
    request["logoUrl"] = json!("https://bank-three.example/logo.png");
    request["additionalInfo"] = info.clone();
    let (s, b) = app.post(&format!("{PARTNERS}/v2"), &token, legacy(request)).await;
    ok(s, &b);
    let url = format!("{PARTNERS}/bank-three");

    // v1 changes address and phone only (MOSIP's v1 wiped logo and additional info: quirk #5).
    let (s, b) =
        app.put(&url, &token, legacy(json!({"address": "2 Market Square", "contactNumber": "+33 1234 0000"}))).await;
    assert_eq!(ok(s, &b), json!({"partnerId": "bank-three", "status": "pending_approval"}));
    let row = snapshot(&app, "bank-three").await;
    let p = row.partner.clone().unwrap();
    assert_eq!(p.address, "2 Market Square");
    assert_eq!(p.contact_no, "+33 1234 0000");
    assert_eq!(p.logo_url.as_deref(), Some("https://bank-three.example/logo.png"));
    assert_eq!(p.addl_info.as_deref().map(|a| serde_json::from_str::<Value>(a).unwrap()), Some(info.clone()));
    assert_eq!(row.history.last().unwrap().change_kind, "profile-updated");
    let (s, b) = app.get(&format!("{PARTNERS}/v2?partnerType=Auth_Partner"), &admin).await;
    let listed = ok(s, &b)["partners"][0].clone();
    assert_eq!(listed["logoUrl"], "https://bank-three.example/logo.png");
    assert_eq!(listed["additionalInfo"], info);
    assert_eq!(listed["address"], "2 Market Square");

    // v2 replaces them.
    let new_info = json!({"website": "https://bank-three.example/new", "employees": 40});
    let (s, b) = app
        .put(
            &format!("{PARTNERS}/v2/bank-three"),
            &token,
            legacy(json!({"address": "3 Harbour Road", "contactNumber": "0123456789", "logoUrl": "https://cdn.example/b3.png", "additionalInfo": new_info})),
        )
        .await;
    assert_eq!(ok(s, &b), json!({"partnerId": "bank-three", "status": "pending_approval"}));
    let p = snapshot(&app, "bank-three").await.partner.unwrap();
    assert_eq!(p.address, "3 Harbour Road");
    assert_eq!(p.logo_url.as_deref(), Some("https://cdn.example/b3.png"));
    assert_eq!(p.addl_info.as_deref().map(|a| serde_json::from_str::<Value>(a).unwrap()), Some(new_info));

    // Refusals change nothing and are audited.
    let body = |v: Value| legacy(v);
    refused_write(
        &app,
        &admin,
        "bank-three",
        "no address",
        StatusCode::OK,
        "PMS_COR_001",
        app.put(&url, &token, body(json!({"contactNumber": "0123456789"}))),
    )
    .await;
    refused_write(
        &app,
        &admin,
        "bank-three",
        "bad phone",
        StatusCode::OK,
        "PMS_PRT_013",
        app.put(&url, &token, body(json!({"address": "4 Road", "contactNumber": "phone"}))),
    )
    .await;
    refused_write(
        &app,
        &admin,
        "bank-three",
        "v2 bad phone",
        StatusCode::OK,
        "PMS_PRT_013",
        app.put(
            &format!("{PARTNERS}/v2/bank-three"),
            &token,
            body(json!({"address": "4 Road", "contactNumber": "12345678901234567"})),
        ),
    )
    .await;
    let policy_manager = app.user_with_roles("policy-boss", &["POLICYMANAGER"]).await;
    refused_write(
        &app,
        &admin,
        "bank-three",
        "policy manager",
        StatusCode::FORBIDDEN,
        "KER-ATH-403",
        app.put(&url, &policy_manager, body(json!({"address": "4 Road", "contactNumber": "0123456789"}))),
    )
    .await;
    let (s, b) = app
        .put(&format!("{PARTNERS}/nobody"), &token, body(json!({"address": "4 Road", "contactNumber": "0123456789"})))
        .await;
    refused_with(s, &b, "PMS_PRT_005", "Partner does not exist");
    let (s, b) = app
        .send(Method::PUT, &url, None, Some(body(json!({"address": "4 Road", "contactNumber": "0123456789"}))))
        .await;
    refused_http(s, &b, StatusCode::UNAUTHORIZED, "KER-ATH-401");
    // The admin may edit any partner.
    let (s, b) = app.put(&url, &admin, body(json!({"address": "5 Admin Street", "contactNumber": "0123456789"}))).await;
    ok(s, &b);
}

#[tokio::test]
async fn contacts_can_be_added_once_the_partner_is_active() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let token = mosip_partner(&app, "bank-two", "Auth_Partner", Some("Banking")).await;
    let url = format!("{PARTNERS}/bank-two/contact/add");
    let contact = |email: &str, phone: &str| {
        legacy(json!({"emailId": email, "contactNumber": phone, "address": "Ops desk", "is_Active": true}))
    };

    let b = refused_write(
        &app,
        &admin,
        "bank-two",
        "pending partner",
        StatusCode::OK,
        "PMS_PMP_016",
        app.post(&url, &token, contact("ops@bank-two.example", "0123456789")),
    )
    .await;
    assert_eq!(message(&b), "Partner is not active.");
    approve(&app, &admin, "bank-two").await;

    let (s, b) = app.post(&url, &token, contact("ops@bank-two.example", "0123456789")).await;
    assert_eq!(ok(s, &b), json!("Contacts details added successfully."));
    let (s, b) = app.post(&url, &token, contact("OPS@bank-two.example", "0999999999")).await;
    assert_eq!(ok(s, &b), json!("Contacts details updated successfully."));
    let (s, b) = app.post(&url, &token, contact("it@bank-two.example", "0111111111")).await;
    assert_eq!(ok(s, &b), json!("Contacts details added successfully."));
    let contacts = snapshot(&app, "bank-two").await.contacts;
    let got: Vec<(&str, &str)> = contacts.iter().map(|c| (c.email_id.as_str(), c.contact_no.as_str())).collect();
    assert_eq!(got, vec![("it@bank-two.example", "0111111111"), ("ops@bank-two.example", "0999999999")]);

    refused_write(
        &app,
        &admin,
        "bank-two",
        "bad email",
        StatusCode::OK,
        "PMS_PRT_012",
        app.post(&url, &token, contact("nope", "0123456789")),
    )
    .await;
    refused_write(
        &app,
        &admin,
        "bank-two",
        "bad phone",
        StatusCode::OK,
        "PMS_PRT_013",
        app.post(&url, &token, contact("x@bank-two.example", "phone")),
    )
    .await;
    refused_write(
        &app,
        &admin,
        "bank-two",
        "no address",
        StatusCode::OK,
        "PMS_COR_001",
        app.post(&url, &token, legacy(json!({"emailId": "x@bank-two.example", "contactNumber": "0123456789"}))),
    )
    .await;
    let (s, b) =
        app.post(&format!("{PARTNERS}/nobody/contact/add"), &admin, contact("x@bank-two.example", "0123456789")).await;
    refused(s, &b, "PMS_PRT_005");
    let (s, b) = app.send(Method::POST, &url, None, Some(contact("x@bank-two.example", "0123456789"))).await;
    refused_http(s, &b, StatusCode::UNAUTHORIZED, "KER-ATH-401");
}

#[tokio::test]
async fn policy_group_can_change_only_while_the_partner_is_not_active() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let health = app.create_group(&admin, "Health").await;
    let closed = app.create_group(&admin, "Closed").await;
    deactivate_group(&app, &admin, &closed).await;
    let token = mosip_partner(&app, "bank-two", "Auth_Partner", Some("Banking")).await;
    mosip_partner(&app, "device-one", "Device_Provider", None).await;
    let url = |id: &str, group: &str| format!("{PARTNERS}/{id}/policygroup/{group}");

    let (s, b) = app.put(&url("bank-two", "health"), &token, json!({})).await;
    assert_eq!(ok(s, &b), json!("Success"));
    let (s, b) = app.get(&format!("{PARTNERS}/bank-two"), &token).await;
    assert_eq!(ok(s, &b)["policyGroup"], "Health");
    let now = snapshot(&app, "bank-two").await;
    assert_eq!(now.partner.as_ref().unwrap().policy_group_id.as_deref(), Some(health.as_str()));
    assert_eq!(now.history.last().unwrap().change_kind, "policy-group-changed");
    assert_eq!(
        success_actions(&app, &admin, "partner", "bank-two").await,
        vec!["partner.register", "partner.policy_group"]
    );

    refused_write(
        &app,
        &admin,
        "bank-two",
        "unknown group",
        StatusCode::OK,
        "PMS_PRT_002",
        app.put(&url("bank-two", "Nowhere"), &token, json!({})),
    )
    .await;
    refused_write(
        &app,
        &admin,
        "bank-two",
        "inactive group",
        StatusCode::OK,
        "PMS_PMP_023",
        app.put(&url("bank-two", "Closed"), &token, json!({})),
    )
    .await;
    let b = refused_write(
        &app,
        &admin,
        "device-one",
        "type without policies",
        StatusCode::OK,
        "PMS_PRT_048",
        app.put(&url("device-one", "Banking"), &admin, json!({})),
    )
    .await;
    assert_eq!(message(&b), "policy group mapping is not required for given partner");
    let (s, b) = app.put(&url("nobody", "Banking"), &admin, json!({})).await;
    refused(s, &b, "PMS_PRT_005");
    approve(&app, &admin, "bank-two").await;
    let b = refused_write(
        &app,
        &admin,
        "bank-two",
        "active partner",
        StatusCode::OK,
        "PMS_PRT_050",
        app.put(&url("bank-two", "Banking"), &token, json!({})),
    )
    .await;
    assert_eq!(message(&b), "Policy group cannot be updated for approved partner");
    let (s, b) = app.send(Method::PUT, &url("bank-two", "Banking"), None, None).await;
    refused_http(s, &b, StatusCode::UNAUTHORIZED, "KER-ATH-401");
}

#[tokio::test]
async fn legacy_partner_lists_serve_admins_and_mosip_services_only() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let (s, b) = app.get(PARTNERS, &admin).await;
    refused_with(s, &b, "PMS_PMP_013", "Partner does not exist");

    let auth = mosip_partner(&app, "bank-two", "Auth_Partner", Some("Banking")).await;
    mosip_partner(&app, "device-one", "Device_Provider", None).await;
    let resident = app.user_with_roles("resident-service", &["RESIDENT"]).await;

    let (s, b) = app.get(PARTNERS, &admin).await;
    let all = ok(s, &b)["partners"].clone();
    assert_eq!(
        all,
        json!([
            {"partnerID": "bank-two", "status": "De-active", "organizationName": "bank-two Org", "contactNumber": "+33 1234 5678",
             "emailId": "contact@bank-two.example", "address": "1 Main Street", "partnerType": "Auth_Partner"},
            {"partnerID": "device-one", "status": "De-active", "organizationName": "device-one Org", "contactNumber": "+33 1234 5678",
             "emailId": "contact@device-one.example", "address": "1 Main Street", "partnerType": "Device_Provider"}
        ])
    );
    for path in [PARTNERS.to_string(), format!("{PARTNERS}/v2")] {
        let (s, b) = app.get(&format!("{path}?partnerType=Device_Provider"), &resident).await;
        let list = ok(s, &b)["partners"].clone();
        assert_eq!(list.as_array().unwrap().len(), 1, "{path}: {list}");
        assert_eq!(list[0]["partnerID"], "device-one");
        let (s, b) = app.get(&format!("{path}?partnerType=SDK_Partner"), &admin).await;
        refused(s, &b, "PMS_PMP_013");
        let (s, b) = app.get(&path, &auth).await;
        refused_http(s, &b, StatusCode::FORBIDDEN, "KER-ATH-403");
        let (s, b) = app.send(Method::GET, &path, None, None).await;
        refused_http(s, &b, StatusCode::UNAUTHORIZED, "KER-ATH-401");
    }
    // A MOSIP service reads any single partner too.
    let (s, b) = app.get(&format!("{PARTNERS}/bank-two"), &resident).await;
    assert_eq!(ok(s, &b)["partnerID"], "bank-two");
    let (s, b) = app.get(&format!("{PARTNERS}/nobody"), &resident).await;
    refused_with(s, &b, "PMS_PRT_005", "Partner does not exist");
}

#[tokio::test]
async fn partners_v3_lists_the_callers_own_partners() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let banking = app.create_group(&admin, "Banking").await;
    let token = mosip_partner(&app, "bank-two", "Auth_Partner", Some("Banking")).await;
    mosip_partner(&app, "bank-three", "Auth_Partner", Some("Banking")).await;
    let (s, b) = app.get(&format!("{PARTNERS}/v3?status=pending_approval"), &token).await;
    assert_eq!(ok(s, &b), json!([{"partnerId": "bank-two", "partnerType": "Auth_Partner"}]));
    assert_eq!(b["id"], "mosip.pms.partners.v3.get");
    let (s, b) = app.get(&format!("{PARTNERS}/v3?status=pending_approval&policyGroupAvailable=true"), &token).await;
    assert_eq!(
        ok(s, &b),
        json!([{"partnerId": "bank-two", "partnerType": "Auth_Partner", "policyGroupId": banking,
                "policyGroupName": "Banking", "policyGroupDescription": "Banking sector"}])
    );
    let (s, b) = app.get(&format!("{PARTNERS}/v3?status=approved"), &token).await;
    assert_eq!(ok(s, &b), json!([]));
    approve(&app, &admin, "bank-two").await;
    let (s, b) = app.get(&format!("{PARTNERS}/v3?status=approved&partnerType=Auth_Partner"), &token).await;
    assert_eq!(ok(s, &b), json!([{"partnerId": "bank-two", "partnerType": "Auth_Partner"}]));
    let (s, b) = app.get(&format!("{PARTNERS}/v3"), &token).await;
    refused(s, &b, "PMS_COR_002");
    let (s, b) = app.get(&format!("{PARTNERS}/v3?status=approved"), &admin).await;
    refused_with(s, &b, "PMS_CERTIFICATE_ERROR_002", "User Id does not exists.");
    let resident = app.user_with_roles("resident-service", &["RESIDENT"]).await;
    let (s, b) = app.get(&format!("{PARTNERS}/v3?status=approved"), &resident).await;
    refused_http(s, &b, StatusCode::FORBIDDEN, "KER-ATH-403");
}

#[tokio::test]
async fn legacy_search_shows_a_partner_user_only_its_own_rows() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let alpha = mosip_partner(&app, "alpha-bank", "Auth_Partner", Some("Banking")).await;
    mosip_partner(&app, "beta-bank", "Auth_Partner", Some("Banking")).await;
    mosip_partner(&app, "gamma-devices", "Device_Provider", None).await;
    let search = |partner_type: &str, filters: Value| {
        legacy(
            json!({"partnerType": partner_type, "filters": filters, "sort": [{"sortField": "id", "sortType": "asc"}],
                      "pagination": {"pageStart": 0, "pageFetch": 10}}),
        )
    };
    let url = format!("{PARTNERS}/search");
    let (s, b) = app.post(&url, &alpha, search("all", json!([]))).await;
    let page = ok(s, &b);
    assert_eq!(page["totalRecord"], 1, "{page}");
    assert_eq!(page["fromRecord"], 1);
    assert_eq!(page["toRecord"], 1);
    assert_eq!(page["data"][0]["id"], "alpha-bank");
    assert_eq!(page["data"][0]["userId"], "alpha-bank");
    assert_eq!(page["data"][0]["approvalStatus"], "pending_approval");
    let (s, b) = app
        .post(&url, &alpha, search("all", json!([{"columnName": "name", "type": "contains", "value": "beta"}])))
        .await;
    assert_eq!(ok(s, &b), json!({"fromRecord": 0, "toRecord": 0, "totalRecord": 0, "data": null}));
    let (s, b) = app
        .post(
            &url,
            &alpha,
            search("Auth_Partner", json!([{"columnName": "userId", "type": "equals", "value": "beta-bank"}])),
        )
        .await;
    assert_eq!(ok(s, &b)["totalRecord"], 0);
    let (s, b) = app.post(&url, &admin, search("all", json!([]))).await;
    let page = ok(s, &b);
    assert_eq!(page["totalRecord"], 3);
    let got: Vec<&str> = page["data"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(got, vec!["alpha-bank", "beta-bank", "gamma-devices"]);
    let (s, b) = app.post(&url, &admin, search("auth_partner", json!([]))).await;
    assert_eq!(ok(s, &b)["totalRecord"], 2);
    let (s, b) =
        app.post(&url, &admin, legacy(json!({"filters": [], "pagination": {"pageStart": 0, "pageFetch": 10}}))).await;
    refused(s, &b, "PMS_COR_001");
    let (s, b) =
        app.post(&url, &admin, search("all", json!([{"columnName": "secret", "type": "equals", "value": "x"}]))).await;
    refused_with(s, &b, "PMS-MSD-310", "Invalid column received : secret");

    // Filter values: only the caller's own rows too.
    let values = legacy(json!({"filters": [{"columnName": "name", "type": "unique", "text": ""}]}));
    let url = format!("{PARTNERS}/filtervalues");
    let (s, b) = app.post(&url, &alpha, values.clone()).await;
    assert_eq!(
        ok(s, &b),
        json!({"filters": [{"fieldID": "name", "fieldValue": "alpha-bank Org", "fieldCode": "alpha-bank"}]})
    );
    let (s, b) = app.post(&url, &admin, values).await;
    let all = ok(s, &b);
    let got: Vec<&str> = all["filters"].as_array().unwrap().iter().map(|f| f["fieldValue"].as_str().unwrap()).collect();
    assert_eq!(got, vec!["alpha-bank Org", "beta-bank Org", "gamma-devices Org"]);

    // Partner types.
    let url = format!("{PARTNERS}/partnertype/search");
    let (s, b) = app
        .post(&url, &alpha, legacy(json!({"filters": [{"columnName": "code", "type": "equals", "value": "Auth_Partner"}], "pagination": {"pageStart": 0, "pageFetch": 10}})))
        .await;
    let page = ok(s, &b);
    assert_eq!(page["totalRecord"], 1);
    assert_eq!(page["data"][0]["code"], "Auth_Partner");
    assert_eq!(page["data"][0]["partnerDescription"], "Authentication Partner");
    assert_eq!(page["data"][0]["isPolicyRequired"], true);
    let (s, b) = app.post(&url, &admin, legacy(json!({"pagination": {"pageStart": 0, "pageFetch": 100}}))).await;
    assert_eq!(ok(s, &b)["totalRecord"], 13);
    let (s, b) =
        app.send(Method::POST, &url, None, Some(legacy(json!({"pagination": {"pageStart": 0, "pageFetch": 1}})))).await;
    refused_http(s, &b, StatusCode::UNAUTHORIZED, "KER-ATH-401");
}

// ================================================================== 3. ownership

#[tokio::test]
async fn a_partner_can_neither_read_nor_change_another_partner() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    app.create_group(&admin, "Health").await;
    let a = mosip_partner(&app, "alpha-bank", "Auth_Partner", Some("Banking")).await;
    mosip_partner(&app, "beta-bank", "Auth_Partner", Some("Banking")).await;
    approve(&app, &admin, "alpha-bank").await;
    let other = "beta-bank";
    let (s, b) = app.get(&format!("{PARTNERS}/{other}"), &a).await;
    refused_with(s, &b, "PMS_PRT_055", "User not authorized.");
    let profile = json!({"address": "Stolen Street", "contactNumber": "0123456789"});
    refused_write(
        &app,
        &admin,
        other,
        "PUT",
        StatusCode::OK,
        "PMS_PRT_055",
        app.put(&format!("{PARTNERS}/{other}"), &a, legacy(profile.clone())),
    )
    .await;
    refused_write(
        &app,
        &admin,
        other,
        "PUT v2",
        StatusCode::OK,
        "PMS_PRT_055",
        app.put(
            &format!("{PARTNERS}/v2/{other}"),
            &a,
            legacy(patched(profile, &json!({"logoUrl": "https://evil.example/x.png"}))),
        ),
    )
    .await;
    refused_write(
        &app,
        &admin,
        other,
        "policy group",
        StatusCode::OK,
        "PMS_PRT_055",
        app.put(&format!("{PARTNERS}/{other}/policygroup/Health"), &a, json!({})),
    )
    .await;
    let contact = legacy(
        json!({"emailId": "x@evil.example", "contactNumber": "0123456789", "address": "Evil", "is_Active": true}),
    );
    refused_write(
        &app,
        &admin,
        other,
        "contact, pending partner",
        StatusCode::OK,
        "PMS_PRT_055",
        app.post(&format!("{PARTNERS}/{other}/contact/add"), &a, contact.clone()),
    )
    .await;
    approve(&app, &admin, other).await;
    refused_write(
        &app,
        &admin,
        other,
        "contact, active partner",
        StatusCode::OK,
        "PMS_PRT_055",
        app.post(&format!("{PARTNERS}/{other}/contact/add"), &a, contact),
    )
    .await;
    let p = snapshot(&app, other).await.partner.unwrap();
    assert_eq!(p.address, "1 Main Street");
    assert_eq!(p.logo_url, None);
    // Its own partner still works for A.
    let (s, b) = app.get(&format!("{PARTNERS}/alpha-bank"), &a).await;
    assert_eq!(ok(s, &b)["status"], "active");
}

// ================================================================== 4. admin decisions

#[tokio::test]
async fn approval_activates_the_partner_announces_it_and_tells_the_partner() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let token = mosip_partner(&app, "bank-two", "Auth_Partner", Some("Banking")).await;
    let seen = app.mailbox().await;
    let (s, b) = decide(&app, &admin, "bank-two", "approve", json!({"comment": "Documents checked"})).await;
    assert_eq!(
        ok(s, &b),
        json!({"partnerId": "bank-two", "partnerStatus": "activated", "isActive": true, "statusReason": null})
    );
    assert_eq!(b["id"], "mosip.pms.partner.approve.post");
    assert_eq!(b["version"], "1.0");
    assert!(utc_timestamp(&b["responseTime"]), "{b}");

    let events = partner_events(&app, &admin).await;
    assert_eq!(events.len(), 1);
    assert_partner_event(&events[0], "bank-two", "bank-two Org", "ACTIVE");
    let sent = new_mail_to(&app, &seen, "contact@bank-two.example").await;
    assert_eq!(sent.subject, "Your partner registration is approved");
    assert!(sent.body.contains("Partner bank-two has been approved"), "{}", sent.body);
    assert_eq!(app.mailbox().await.len(), seen.len() + 1, "one e-mail, to the partner only");

    let d = details(&app, &admin, "bank-two").await;
    assert_eq!(
        (d["partnerStatus"].clone(), d["approvalStatus"].clone(), d["isActive"].clone()),
        (json!("activated"), json!("approved"), json!(true))
    );
    assert_eq!(d["statusReason"], Value::Null);
    let h = d["history"].as_array().unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(
        (h[0]["revision"].clone(), h[0]["change"].clone(), h[0]["status"].clone(), h[0]["changedBy"].clone()),
        (json!(2), json!("approve"), json!("activated"), json!("admin"))
    );
    assert_eq!(
        (h[1]["revision"].clone(), h[1]["change"].clone(), h[1]["status"].clone()),
        (json!(1), json!("registered"), json!("pending_approval"))
    );

    let rows = audit(&app, &admin, "entityType=partner&entityId=bank-two&action=partner.approve").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["outcome"], "success");
    assert_eq!(rows[0]["beforeStatus"], "pending_approval");
    assert_eq!(rows[0]["afterStatus"], "activated");
    assert_eq!(rows[0]["actor"], "admin");
    assert_eq!(rows[0]["details"]["reason"], "Documents checked");
    let (s, b) = app.get(&format!("{PARTNERS}/bank-two"), &token).await;
    let own = ok(s, &b);
    assert_eq!((own["status"].clone(), own["isActive"].clone()), (json!("active"), json!(true)));
}

#[tokio::test]
async fn rejection_needs_a_reason_that_is_kept_and_sent_to_the_partner() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    mosip_partner(&app, "bank-two", "Auth_Partner", Some("Banking")).await;
    for (what, request) in
        [("no reason", json!({})), ("blank reason", json!({"reason": "   "})), ("null reason", json!({"reason": null}))]
    {
        let b = refused_write(
            &app,
            &admin,
            "bank-two",
            what,
            StatusCode::OK,
            "PMS_ONB_002",
            decide(&app, &admin, "bank-two", "reject", request),
        )
        .await;
        assert_eq!(message(&b), "A reason is required.");
        assert_eq!(b["id"], "mosip.pms.partner.reject.post");
    }
    refused_write(
        &app,
        &admin,
        "bank-two",
        "reason too long",
        StatusCode::OK,
        "PMS_COR_001",
        decide(&app, &admin, "bank-two", "reject", json!({"reason": "x".repeat(1001)})),
    )
    .await;

    let reason = "The organisation could not be verified";
    let seen = app.mailbox().await;
    let (s, b) = decide(&app, &admin, "bank-two", "reject", json!({"reason": reason})).await;
    assert_eq!(
        ok(s, &b),
        json!({"partnerId": "bank-two", "partnerStatus": "rejected", "isActive": false, "statusReason": reason})
    );
    let d = details(&app, &admin, "bank-two").await;
    assert_eq!(d["partnerStatus"], "rejected");
    assert_eq!(d["approvalStatus"], "rejected");
    assert_eq!(d["statusReason"], reason);
    assert_eq!(d["history"][0]["change"], "reject");
    assert_eq!(d["history"][0]["reason"], reason);
    let mail = new_mail_to(&app, &seen, "contact@bank-two.example").await;
    assert_eq!(mail.subject, "Your partner registration was not approved");
    assert!(mail.body.contains(&format!("Reason: {reason}")), "{}", mail.body);
    let events = partner_events(&app, &admin).await;
    assert_eq!(events.len(), 1);
    assert_partner_event(&events[0], "bank-two", "bank-two Org", "DEACTIVE");
    assert_eq!(admin_list(&app, &admin, "status=rejected").await["totalResults"], 1);
    // A rejected partner cannot edit its profile any more.
    let token = app.login("bank-two", USER_PASSWORD).await;
    refused_write(
        &app,
        &admin,
        "bank-two",
        "profile of a rejected partner",
        StatusCode::OK,
        "PMS_PMP_016",
        app.put(
            &format!("{PARTNERS}/bank-two"),
            &token,
            legacy(json!({"address": "2 Road", "contactNumber": "0123456789"})),
        ),
    )
    .await;
}

#[tokio::test]
async fn deactivation_blocks_partner_functions_until_reactivation() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let token = mosip_partner(&app, "bank-two", "Auth_Partner", Some("Banking")).await;
    approve(&app, &admin, "bank-two").await;
    let contact_url = format!("{PARTNERS}/bank-two/contact/add");
    let contact = |email: &str| {
        legacy(json!({"emailId": email, "contactNumber": "0123456789", "address": "Ops desk", "is_Active": true}))
    };
    let (s, b) = app.post(&contact_url, &token, contact("ops@bank-two.example")).await;
    ok(s, &b);

    let reason = "Licence withdrawn by the regulator";
    let seen = app.mailbox().await;
    let (s, b) = decide(&app, &admin, "bank-two", "deactivate", json!({"reason": reason})).await;
    assert_eq!(
        ok(s, &b),
        json!({"partnerId": "bank-two", "partnerStatus": "deactivated", "isActive": false, "statusReason": reason})
    );
    let mail = new_mail_to(&app, &seen, "contact@bank-two.example").await;
    assert_eq!(mail.subject, "Your partner account has been deactivated");
    assert!(mail.body.contains(&format!("Reason: {reason}")), "{}", mail.body);
    assert_eq!(details(&app, &admin, "bank-two").await["statusReason"], reason);

    // The login still works; the partner functions do not.
    assert_eq!(login_status(&app, "bank-two", USER_PASSWORD).await, StatusCode::OK);
    let token = app.login("bank-two", USER_PASSWORD).await;
    let (s, b) = app.get(&format!("{PARTNERS}/bank-two"), &token).await;
    assert_eq!(ok(s, &b)["status"], "De-active");
    refused_write(
        &app,
        &admin,
        "bank-two",
        "contact while deactivated",
        StatusCode::OK,
        "PMS_PMP_016",
        app.post(&contact_url, &token, contact("it@bank-two.example")),
    )
    .await;
    let profile = json!({"address": "2 Market Square", "contactNumber": "0123456789"});
    refused_write(
        &app,
        &admin,
        "bank-two",
        "profile while deactivated",
        StatusCode::OK,
        "PMS_PMP_016",
        app.put(&format!("{PARTNERS}/bank-two"), &token, legacy(profile.clone())),
    )
    .await;
    refused_write(
        &app,
        &admin,
        "bank-two",
        "v2 profile while deactivated",
        StatusCode::OK,
        "PMS_PMP_016",
        app.put(&format!("{PARTNERS}/v2/bank-two"), &token, legacy(profile.clone())),
    )
    .await;

    let seen = app.mailbox().await;
    let (s, b) = decide(&app, &admin, "bank-two", "reactivate", json!({"comment": "Licence restored"})).await;
    assert_eq!(
        ok(s, &b),
        json!({"partnerId": "bank-two", "partnerStatus": "activated", "isActive": true, "statusReason": null})
    );
    let mail = new_mail_to(&app, &seen, "contact@bank-two.example").await;
    assert_eq!(mail.subject, "Your partner account is active again");
    let (s, b) = app.post(&contact_url, &token, contact("it@bank-two.example")).await;
    assert_eq!(ok(s, &b), json!("Contacts details added successfully."));
    let (s, b) = app.put(&format!("{PARTNERS}/bank-two"), &token, legacy(profile)).await;
    ok(s, &b);

    let events = partner_events(&app, &admin).await;
    let statuses: Vec<&str> = events
        .iter()
        .map(|e| e["payload"]["event"]["data"]["partnerData"]["partnerStatus"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, vec!["ACTIVE", "DEACTIVE", "ACTIVE"], "newest first");
    for e in &events {
        assert_partner_event(
            e,
            "bank-two",
            "bank-two Org",
            e["payload"]["event"]["data"]["partnerData"]["partnerStatus"].as_str().unwrap(),
        );
    }
    // One e-mail per status change: registration, approval, deactivation, re-activation.
    assert_eq!(mails_to(&app, "contact@bank-two.example").await.len(), 4);
}

#[tokio::test]
async fn refused_decisions_change_nothing_in_any_state() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    for id in ["p-pending", "p-active", "p-rejected", "p-deactivated"] {
        mosip_partner(&app, id, "Auth_Partner", Some("Banking")).await;
    }
    approve(&app, &admin, "p-active").await;
    approve(&app, &admin, "p-deactivated").await;
    let (s, b) = decide(&app, &admin, "p-deactivated", "deactivate", json!({"reason": "Audit failed"})).await;
    ok(s, &b);
    let (s, b) = decide(&app, &admin, "p-rejected", "reject", json!({"reason": "Unknown organisation"})).await;
    ok(s, &b);

    let request = |action: &str| match action {
        "reject" => json!({"reason": "Not eligible"}),
        "deactivate" => json!({"reason": "Suspended"}),
        _ => json!({}),
    };
    let matrix = [
        ("p-pending", "deactivate", "PMS_PMP_016"),
        ("p-pending", "reactivate", "PMS_ONB_003"),
        ("p-active", "approve", "PMS_ONB_001"),
        ("p-active", "reject", "PMS_ONB_001"),
        ("p-active", "reactivate", "PMS_ONB_003"),
        ("p-rejected", "approve", "PMS_ONB_004"),
        ("p-rejected", "reject", "PMS_ONB_004"),
        ("p-rejected", "deactivate", "PMS_PMP_016"),
        ("p-rejected", "reactivate", "PMS_ONB_003"),
        ("p-deactivated", "approve", "PMS_ONB_001"),
        ("p-deactivated", "reject", "PMS_ONB_001"),
        ("p-deactivated", "deactivate", "PMS_PM_063"),
        ("nobody", "approve", "PMS_PMP_005"),
        ("nobody", "reject", "PMS_PMP_005"),
        ("nobody", "deactivate", "PMS_PMP_005"),
        ("nobody", "reactivate", "PMS_PMP_005"),
    ];
    for (id, action, expected) in matrix {
        let b = refused_write(
            &app,
            &admin,
            id,
            &format!("{action} {id}"),
            StatusCode::OK,
            expected,
            decide(&app, &admin, id, action, request(action)),
        )
        .await;
        assert_eq!(b["id"], format!("mosip.pms.partner.{action}.post"), "{b}");
        assert!(utc_timestamp(&b["responseTime"]), "{b}");
    }
    let (_, b) = decide(&app, &admin, "p-deactivated", "deactivate", request("deactivate")).await;
    assert_eq!(message(&b), "The selected partner has already been deactivated.");
    let (_, b) = decide(&app, &admin, "p-active", "approve", json!({})).await;
    assert_eq!(message(&b), "The partner is not awaiting approval.");
    let (_, b) = decide(&app, &admin, "p-rejected", "approve", json!({})).await;
    assert_eq!(message(&b), "The partner registration was rejected.");
    let (_, b) = decide(&app, &admin, "p-active", "reactivate", json!({})).await;
    assert_eq!(message(&b), "The partner is not deactivated.");

    // V2 envelope checks come first and change nothing either.
    let before = snapshot(&app, "p-pending").await;
    let url = format!("{ADMIN_PARTNERS}/p-pending/approve");
    let mut wrong_id = v2("mosip.pms.partner.reject.post", json!({}));
    let (s, b) = app.post(&url, &admin, wrong_id.clone()).await;
    refused(s, &b, "PMS_REQUEST_ERROR_002");
    assert_eq!(b["id"], "mosip.pms.partner.approve.post");
    wrong_id["id"] = json!("mosip.pms.partner.approve.post");
    wrong_id["version"] = json!("2.0");
    let (s, b) = app.post(&url, &admin, wrong_id.clone()).await;
    refused(s, &b, "PMS_REQUEST_ERROR_003");
    wrong_id["version"] = json!("1.0");
    wrong_id.as_object_mut().unwrap().remove("requestTime");
    let (s, b) = app.post(&url, &admin, wrong_id.clone()).await;
    refused(s, &b, "PMS_REQUEST_ERROR_004");
    let (s, b) = app
        .post(&url, &admin, json!({"id": "mosip.pms.partner.approve.post", "version": "1.0", "requestTime": now()}))
        .await;
    refused(s, &b, "PMS_REQUEST_ERROR_005");
    assert_eq!(snapshot(&app, "p-pending").await, before);
}

#[tokio::test]
async fn in_on_certificate_mode_admins_cannot_approve_without_a_certificate() {
    let app = TestApp::spawn_with(|c| c.partner_approval = ApprovalMode::OnCertificate).await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let token = app.user_with_roles("bank-two", &["AUTH_PARTNER"]).await;
    let (s, b) = register(&app, &token, partner_request("bank-two", "Auth_Partner", Some("Banking"))).await;
    assert_eq!(ok(s, &b), json!({"partnerId": "bank-two", "status": "InProgress"}));
    let b = refused_write(
        &app,
        &admin,
        "bank-two",
        "approve",
        StatusCode::OK,
        "PMS_PRT_108",
        decide(&app, &admin, "bank-two", "approve", json!({})),
    )
    .await;
    assert_eq!(message(&b), "Certficate is not uploaded for the given partner.Cannot activate the same.");
    refused_write(
        &app,
        &admin,
        "bank-two",
        "legacy Active",
        StatusCode::OK,
        "PMS_PRT_108",
        legacy_patch(&app, &admin, "bank-two", Some("Active")),
    )
    .await;
    refused_write(
        &app,
        &admin,
        "bank-two",
        "deactivate",
        StatusCode::OK,
        "PMS_PMP_016",
        decide(&app, &admin, "bank-two", "deactivate", json!({})),
    )
    .await;
    refused_write(
        &app,
        &admin,
        "bank-two",
        "reactivate",
        StatusCode::OK,
        "PMS_ONB_003",
        decide(&app, &admin, "bank-two", "reactivate", json!({})),
    )
    .await;
    assert_eq!(admin_list(&app, &admin, "status=InProgress").await["totalResults"], 1);
    let (s, b) = decide(&app, &admin, "bank-two", "reject", json!({"reason": "Never uploaded a certificate"})).await;
    assert_eq!(ok(s, &b)["partnerStatus"], "rejected");
    assert_eq!(partner_events(&app, &admin).await.len(), 1);
}

#[tokio::test]
async fn legacy_status_patch_approves_deactivates_and_reactivates() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    mosip_partner(&app, "bank-two", "Auth_Partner", Some("Banking")).await;
    mosip_partner(&app, "bank-three", "Auth_Partner", Some("Banking")).await;
    let email = "contact@bank-two.example";

    let seen = app.mailbox().await;
    let (s, b) = legacy_patch(&app, &admin, "bank-two", Some("Active")).await;
    assert_eq!(ok(s, &b), json!({"message": "Partner activated successfully"}));
    assert_eq!(b["id"], "mosip.pms.test");
    assert_eq!(details(&app, &admin, "bank-two").await["partnerStatus"], "activated");
    assert_eq!(partner_events(&app, &admin).await.len(), 1);
    assert_eq!(new_mail_to(&app, &seen, email).await.subject, "Your partner registration is approved");

    // Already active: success, nothing announced (MOSIP: "unchanged (success msg)").
    let before = snapshot(&app, "bank-two").await;
    let (s, b) = legacy_patch(&app, &admin, "bank-two", Some("active")).await;
    assert_eq!(ok(s, &b), json!({"message": "Partner activated successfully"}));
    assert_eq!(snapshot(&app, "bank-two").await, before);

    let seen = app.mailbox().await;
    let (s, b) = legacy_patch(&app, &admin, "bank-two", Some("De-active")).await;
    assert_eq!(ok(s, &b), json!({"message": "Partner de-activated successfully"}));
    assert_eq!(details(&app, &admin, "bank-two").await["partnerStatus"], "deactivated");
    assert_eq!(new_mail_to(&app, &seen, email).await.subject, "Your partner account has been deactivated");
    let b = refused_write(
        &app,
        &admin,
        "bank-two",
        "De-active again",
        StatusCode::OK,
        "PMS_PM_063",
        legacy_patch(&app, &admin, "bank-two", Some("DE-ACTIVE")),
    )
    .await;
    assert_eq!(message(&b), "The selected partner has already been deactivated.");

    let seen = app.mailbox().await;
    let (s, b) = legacy_patch(&app, &admin, "bank-two", Some("Active")).await;
    assert_eq!(ok(s, &b), json!({"message": "Partner activated successfully"}));
    assert_eq!(details(&app, &admin, "bank-two").await["partnerStatus"], "activated");
    assert_eq!(new_mail_to(&app, &seen, email).await.subject, "Your partner account is active again");
    let events = partner_events(&app, &admin).await;
    let statuses: Vec<&str> = events
        .iter()
        .map(|e| e["payload"]["event"]["data"]["partnerData"]["partnerStatus"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, vec!["ACTIVE", "DEACTIVE", "ACTIVE"]);

    // A rejected partner stays rejected.
    let (s, b) = decide(&app, &admin, "bank-three", "reject", json!({"reason": "Unknown organisation"})).await;
    ok(s, &b);
    refused_write(
        &app,
        &admin,
        "bank-three",
        "Active on rejected",
        StatusCode::OK,
        "PMS_ONB_004",
        legacy_patch(&app, &admin, "bank-three", Some("Active")),
    )
    .await;
    refused_write(
        &app,
        &admin,
        "bank-three",
        "De-active on rejected",
        StatusCode::OK,
        "PMS_PMP_016",
        legacy_patch(&app, &admin, "bank-three", Some("De-active")),
    )
    .await;
}

#[tokio::test]
async fn legacy_status_patch_refusals_change_nothing_and_are_audited() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    mosip_partner(&app, "bank-two", "Auth_Partner", Some("Banking")).await;
    approve(&app, &admin, "bank-two").await;
    let policy_manager = app.user_with_roles("policy-boss", &["POLICYMANAGER"]).await;
    let mut missing_audit = Vec::new();
    let (b, audited) = checked_refusal(
        &app,
        &admin,
        "bank-two",
        "unknown status",
        StatusCode::OK,
        "PMS_PM_058",
        legacy_patch(&app, &admin, "bank-two", Some("Blocked")),
    )
    .await;
    assert_eq!(message(&b), "Status should be either Active or De-Active");
    missing_audit.extend(audited.err());
    let (_, audited) = checked_refusal(
        &app,
        &admin,
        "bank-two",
        "missing status",
        StatusCode::OK,
        "PMS_COR_001",
        legacy_patch(&app, &admin, "bank-two", None),
    )
    .await;
    missing_audit.extend(audited.err());
    let (_, audited) = checked_refusal(
        &app,
        &admin,
        "bank-two",
        "policy manager",
        StatusCode::FORBIDDEN,
        "KER-ATH-403",
        legacy_patch(&app, &policy_manager, "bank-two", Some("De-active")),
    )
    .await;
    missing_audit.extend(audited.err());
    let (b, audited) = checked_refusal(
        &app,
        &admin,
        "nobody",
        "unknown partner",
        StatusCode::OK,
        "PMS_PMP_005",
        legacy_patch(&app, &admin, "nobody", Some("De-active")),
    )
    .await;
    assert_eq!(message(&b), "Partner ID does not exist");
    missing_audit.extend(audited.err());
    // The V2 endpoints audit the same refusals (PMS_PMP_005, KER-ATH-403); the legacy PATCH must too.
    assert!(missing_audit.is_empty(), "refused legacy status changes are not audited:\n{}", missing_audit.join("\n"));
}

#[tokio::test]
async fn only_partner_admins_decide() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let own = mosip_partner(&app, "bank-two", "Auth_Partner", Some("Banking")).await;
    let policy_manager = app.user_with_roles("policy-boss", &["POLICYMANAGER"]).await;
    for (who, token) in [("policy manager", &policy_manager), ("the partner itself", &own)] {
        for (action, request) in [
            ("approve", json!({})),
            ("reject", json!({"reason": "r"})),
            ("deactivate", json!({})),
            ("reactivate", json!({})),
        ] {
            refused_write(
                &app,
                &admin,
                "bank-two",
                &format!("{who} {action}"),
                StatusCode::FORBIDDEN,
                "KER-ATH-403",
                decide(&app, token, "bank-two", action, request),
            )
            .await;
        }
        let (s, b) = legacy_patch(&app, token, "bank-two", Some("Active")).await;
        refused_http(s, &b, StatusCode::FORBIDDEN, "KER-ATH-403");
        let (s, b) = app.get(ADMIN_PARTNERS, token).await;
        refused_http(s, &b, StatusCode::FORBIDDEN, "KER-ATH-403");
        let (s, b) = app.get(&format!("{ADMIN_PARTNERS}/bank-two"), token).await;
        refused_http(s, &b, StatusCode::FORBIDDEN, "KER-ATH-403");
    }
    let before = snapshot(&app, "bank-two").await;
    let (s, b) = app
        .send(
            Method::POST,
            &format!("{ADMIN_PARTNERS}/bank-two/approve"),
            None,
            Some(v2("mosip.pms.partner.approve.post", json!({}))),
        )
        .await;
    refused_http(s, &b, StatusCode::UNAUTHORIZED, "KER-ATH-401");
    let (s, b) =
        app.send(Method::PATCH, &format!("{PARTNERS}/bank-two"), None, Some(legacy(json!({"status": "Active"})))).await;
    refused_http(s, &b, StatusCode::UNAUTHORIZED, "KER-ATH-401");
    assert_eq!(snapshot(&app, "bank-two").await, before);
    assert_eq!(details(&app, &admin, "bank-two").await["partnerStatus"], "pending_approval");
}

// ================================================================== 5. concurrency

#[tokio::test]
async fn two_admins_deciding_at_once_one_wins() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let second = app.user_with_roles("admin-two", &["PARTNER_ADMIN"]).await;
    app.create_group(&admin, "Banking").await;
    let ids: Vec<String> = (1..=7).map(|i| format!("bank-{i}")).collect();
    for id in &ids {
        mosip_partner(&app, id, "Auth_Partner", Some("Banking")).await;
    }
    // Five races of approve against approve.
    for id in &ids[..5] {
        let (one, two) = tokio::join!(
            decide(&app, &admin, id, "approve", json!({})),
            decide(&app, &second, id, "approve", json!({}))
        );
        let mut outcomes = [one, two];
        outcomes.sort_by_key(|(_, b)| code(b));
        let [(s1, b1), (s2, b2)] = outcomes;
        assert_eq!(code(&b1), "<no error>", "{id}: {b1} / {b2}");
        assert_eq!(ok(s1, &b1)["partnerStatus"], "activated");
        refused(s2, &b2, "PMS_ONB_001");
    }
    // Two races of approve against reject: the loser is told the state the winner left.
    for id in &ids[5..] {
        let (approval, rejection) = tokio::join!(
            decide(&app, &admin, id, "approve", json!({})),
            decide(&app, &second, id, "reject", json!({"reason": "Duplicate"}))
        );
        let approved = code(&approval.1) == "<no error>";
        let rejected = code(&rejection.1) == "<no error>";
        assert!(approved != rejected, "{id}: exactly one decision wins: {} / {}", approval.1, rejection.1);
        if approved {
            refused(rejection.0, &rejection.1, "PMS_ONB_001");
        } else {
            refused(approval.0, &approval.1, "PMS_ONB_004");
        }
    }
    let events = partner_events(&app, &admin).await;
    for id in &ids {
        let mine = events_of(&events, id);
        assert_eq!(mine.len(), 1, "{id}: one PARTNER_UPDATED per status change, got {mine:?}");
        let decisions = audit(&app, &admin, &format!("entityType=partner&entityId={id}")).await;
        let successes =
            decisions.iter().filter(|r| r["outcome"] == "success" && r["action"] != "partner.register").count();
        let failures = decisions.iter().filter(|r| r["outcome"] == "failure").count();
        assert_eq!((successes, failures), (1, 1), "{id}: {decisions:?}");
        let decision_mails = mails_to(&app, &format!("contact@{id}.example")).await.len();
        assert_eq!(decision_mails, 2, "{id}: registration and one decision e-mail");
        assert_eq!(snapshot(&app, id).await.history.len(), 2, "{id}: one history row per change");
    }
}

#[tokio::test]
async fn concurrent_verifications_of_one_code_create_one_partner() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    for i in 1..=3 {
        let (user, email) = (format!("bank-{i}"), format!("ana@bank-{i}.example"));
        let (s, b) = start(&app, sign_up_request(&user, &email)).await;
        ok(s, &b);
        let otp = only_code(&app, &email).await;
        let (one, two) = tokio::join!(verify(&app, &email, &otp), verify(&app, &email, &otp));
        let mut outcomes = [one, two];
        outcomes.sort_by_key(|(_, b)| code(b));
        let [(s1, b1), (s2, b2)] = outcomes;
        assert_eq!(code(&b1), "<no error>", "{user}: {b1} / {b2}");
        assert_eq!(ok(s1, &b1)["partnerId"], user.as_str());
        // The loser finds the registration already verified, as if the two had run one after the other.
        assert_eq!(s2, StatusCode::OK, "{user}: the second verification failed with a server error: {b2}");
        assert_eq!(code(&b2), "PMS_OTP_001", "{user}: {b2}");
        app.login(&user, PASSWORD).await;
    }
    assert_eq!(admin_list(&app, &admin, "").await["totalResults"], 3);
}

#[tokio::test]
async fn concurrent_registrations_with_one_email_address_admit_one() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    for round in 1..=3 {
        let (a, b) = (format!("first-{round}"), format!("second-{round}"));
        let ta = app.user_with_roles(&a, &["AUTH_PARTNER"]).await;
        let tb = app.user_with_roles(&b, &["AUTH_PARTNER"]).await;
        let shared = json!({"emailId": format!("shared-{round}@bank.example")});
        let ra = patched(partner_request(&a, "Auth_Partner", Some("Banking")), &shared);
        let rb = patched(partner_request(&b, "Auth_Partner", Some("Banking")), &shared);
        let (one, two) = tokio::join!(register(&app, &ta, ra), register(&app, &tb, rb));
        let mut outcomes = [one, two];
        outcomes.sort_by_key(|(_, b)| code(b));
        let [(s1, b1), (s2, b2)] = outcomes;
        ok(s1, &b1);
        assert_eq!(s2, StatusCode::OK, "round {round}: {b2}");
        assert_eq!(code(&b2), "PMS_PRT_011", "round {round}: the address is what clashed: {b2}");
    }
    assert_eq!(admin_list(&app, &admin, "").await["totalResults"], 3);
}

#[tokio::test]
async fn concurrent_sign_ups_for_one_address_leave_one_pending_registration() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    for i in 1..=3 {
        let email = format!("ana@bank-{i}.example");
        let (one, two) = tokio::join!(
            start(&app, sign_up_request(&format!("bank-{i}"), &email)),
            start(&app, sign_up_request(&format!("bank-{i}"), &email))
        );
        for (s, b) in [&one, &two] {
            assert_eq!(*s, StatusCode::OK, "bank-{i}: a concurrent sign-up failed with a server error: {b}");
        }
        let pending: Vec<_> = pending_registrations(&app).await.into_iter().filter(|r| r.email == email).collect();
        assert_eq!(pending.len(), 1, "bank-{i}");
        // The surviving attempt's code (one of the two sent) verifies.
        let codes: Vec<String> = mails_to(&app, &email).await.iter().filter_map(|m| otp_in(&m.body)).collect();
        let mut verified = false;
        for otp in &codes {
            let (_, b) = verify(&app, &email, otp).await;
            verified |= code(&b) == "<no error>";
        }
        assert!(verified, "bank-{i}: none of {codes:?} verifies");
    }
}

// ================================================================== 6. admin lists

/// alpha-bank (Auth, Banking, pending), beta-health (Credential, Health, activated),
/// gamma-devices (Device, rejected), delta-bank (Auth, Banking, deactivated),
/// epsilon-sdk (SDK, activated, certificate uploaded); created in this order.
async fn seed_partners(app: &TestApp, admin: &str) -> String {
    let banking = app.create_group(admin, "Banking").await;
    app.create_group(admin, "Health").await;
    mosip_partner(app, "alpha-bank", "Auth_Partner", Some("Banking")).await;
    mosip_partner(app, "beta-health", "Credential_Partner", Some("Health")).await;
    mosip_partner(app, "gamma-devices", "Device_Provider", None).await;
    mosip_partner(app, "delta-bank", "Auth_Partner", Some("Banking")).await;
    mosip_partner(app, "epsilon-sdk", "SDK_Partner", None).await;
    approve(app, admin, "beta-health").await;
    let (s, b) = decide(app, admin, "gamma-devices", "reject", json!({"reason": "No devices"})).await;
    ok(s, &b);
    approve(app, admin, "delta-bank").await;
    let (s, b) = decide(app, admin, "delta-bank", "deactivate", json!({})).await;
    ok(s, &b);
    approve(app, admin, "epsilon-sdk").await;
    give_certificate(app, "epsilon-sdk").await;
    banking
}

#[tokio::test]
async fn admin_partner_list_filters() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let banking = seed_partners(&app, &admin).await;
    let sorted = "sortFieldName=partnerId&sortType=asc";
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("", vec!["alpha-bank", "beta-health", "delta-bank", "epsilon-sdk", "gamma-devices"]),
        ("partnerId=ALPHA", vec!["alpha-bank"]),
        ("partnerId=-b", vec!["alpha-bank", "delta-bank"]),
        ("partnerType=auth_partner", vec!["alpha-bank", "delta-bank"]),
        ("orgName=health%20org", vec!["beta-health"]),
        ("emailAddress=contact@gamma", vec!["gamma-devices"]),
        ("policyGroupName=bank", vec!["alpha-bank", "delta-bank"]),
        ("isActive=true", vec!["beta-health", "epsilon-sdk"]),
        ("isActive=false", vec!["alpha-bank", "delta-bank", "gamma-devices"]),
        ("certificateUploadStatus=uploaded", vec!["epsilon-sdk"]),
        ("certificateUploadStatus=not_uploaded", vec!["alpha-bank", "beta-health", "delta-bank", "gamma-devices"]),
        ("status=pending_approval", vec!["alpha-bank"]),
        ("status=activated", vec!["beta-health", "epsilon-sdk"]),
        ("status=rejected", vec!["gamma-devices"]),
        ("status=deactivated", vec!["delta-bank"]),
        ("partnerType=Auth_Partner&status=deactivated", vec!["delta-bank"]),
        ("policyGroupName=bank&isActive=true", vec![]),
        ("orgName=%20%20", vec!["alpha-bank", "beta-health", "delta-bank", "epsilon-sdk", "gamma-devices"]),
    ];
    for (query, expected) in cases {
        let page = admin_list(&app, &admin, &format!("{query}&{sorted}")).await;
        assert_eq!(ids(&page), expected, "{query}: {page}");
        assert_eq!(page["totalResults"], expected.len(), "{query}");
        if expected.is_empty() {
            assert_eq!(page, json!({"pageNo": 0, "pageSize": 0, "totalResults": 0, "data": []}));
        }
    }
    let page = admin_list(&app, &admin, "partnerId=alpha-bank").await;
    let item = page["data"][0].clone();
    assert!(utc_timestamp(&item["createdDateTime"]), "{item}");
    let mut item = item;
    item.as_object_mut().unwrap().remove("createdDateTime");
    assert_eq!(
        item,
        json!({"partnerId": "alpha-bank", "partnerType": "Auth_Partner", "orgName": "alpha-bank Org", "policyGroupId": banking,
               "policyGroupName": "Banking", "emailAddress": "contact@alpha-bank.example", "certificateUploadStatus": "not_uploaded",
               "status": "pending_approval", "partnerStatus": "pending_approval", "isActive": false})
    );
    let page = admin_list(&app, &admin, "partnerId=delta").await;
    assert_eq!(
        (page["data"][0]["status"].clone(), page["data"][0]["partnerStatus"].clone()),
        (json!("approved"), json!("deactivated"))
    );
    let page = admin_list(&app, &admin, "partnerId=epsilon").await;
    assert_eq!(page["data"][0]["certificateUploadStatus"], "uploaded");
    assert_eq!(page["data"][0]["policyGroupId"], Value::Null);

    for query in ["status=bogus", "isActive=maybe", "certificateUploadStatus=maybe"] {
        let (s, b) = app.get(&format!("{ADMIN_PARTNERS}?{query}"), &admin).await;
        refused(s, &b, "PMS_COR_002");
    }
}

#[tokio::test]
async fn admin_partner_list_sorts_and_pages() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let names = ["delta", "Alpha", "charlie", "Bravo", "echo", "Foxtrot", "golf", "Hotel", "india", "Juliet"];
    for (i, name) in names.iter().enumerate() {
        insert_partner(&app, &format!("p{i:02}"), name).await;
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let newest_first: Vec<String> = (0..10).rev().map(|i| format!("p{i:02}")).collect();
    let (s, b) = app.get(ADMIN_PARTNERS, &admin).await;
    let page = ok(s, &b);
    assert_eq!(b["id"], "mosip.pms.admin.partners.get");
    assert!(utc_timestamp(&b["responseTime"]), "{b}");
    assert_eq!(
        (page["pageNo"].clone(), page["pageSize"].clone(), page["totalResults"].clone()),
        (json!(0), json!(8), json!(10))
    );
    assert_eq!(ids(&page), newest_first[..8].to_vec());
    let page = admin_list(&app, &admin, "pageNo=1&pageSize=8").await;
    assert_eq!((page["pageNo"].clone(), page["pageSize"].clone()), (json!(1), json!(8)));
    assert_eq!(ids(&page), newest_first[8..].to_vec());
    let page = admin_list(&app, &admin, "pageNo=2&pageSize=8").await;
    assert_eq!(page, json!({"pageNo": 2, "pageSize": 8, "totalResults": 10, "data": []}));
    let page = admin_list(&app, &admin, "pageNo=3&pageSize=3").await;
    assert_eq!(ids(&page), vec!["p00"]);
    let page = admin_list(&app, &admin, "pageNo=0&pageSize=20").await;
    assert_eq!(ids(&page), newest_first);

    let asc: Vec<String> = (0..10).map(|i| format!("p{i:02}")).collect();
    assert_eq!(ids(&admin_list(&app, &admin, "sortFieldName=partnerId&sortType=asc&pageNo=0&pageSize=10").await), asc);
    assert_eq!(
        ids(&admin_list(&app, &admin, "sortFieldName=partnerId&sortType=DESC&pageNo=0&pageSize=10").await),
        newest_first
    );
    assert_eq!(
        ids(&admin_list(&app, &admin, "sortFieldName=createdDateTime&sortType=asc&pageNo=0&pageSize=10").await),
        asc
    );
    // Names sort as people read them, whatever their case.
    let by_name = admin_list(&app, &admin, "sortFieldName=orgName&sortType=asc&pageNo=0&pageSize=10").await;
    let got: Vec<&str> = by_name["data"].as_array().unwrap().iter().map(|p| p["orgName"].as_str().unwrap()).collect();
    assert_eq!(got, vec!["Alpha", "Bravo", "charlie", "delta", "echo", "Foxtrot", "golf", "Hotel", "india", "Juliet"]);
    let by_name = admin_list(&app, &admin, "sortFieldName=orgName&sortType=desc&pageNo=0&pageSize=2").await;
    let got: Vec<&str> = by_name["data"].as_array().unwrap().iter().map(|p| p["orgName"].as_str().unwrap()).collect();
    assert_eq!(got, vec!["Juliet", "india"]);

    let errors = [
        ("sortFieldName=nope&sortType=asc", "PMS_PRT_357", "Invalid sort field nope"),
        ("sortFieldName=partnerId&sortType=up", "PMS_PRT_358", "Sort type up is not supported"),
        ("pageNo=-1&pageSize=8", "PMS_PRT_360", "Invalid Page No"),
        ("pageNo=x&pageSize=8", "PMS_PRT_360", "Invalid Page No"),
        ("pageNo=0&pageSize=0", "PMS_PRT_361", "Invalid page size"),
        (
            "pageNo=-1",
            "PMS_PS_ERROR_006",
            "Invalid pagination request: 'pageNo' and 'pageSize' must be specified together.",
        ),
        ("pageNo=0&pageSize=-3", "PMS_PRT_361", "Invalid page size"),
        (
            "sortFieldName=partnerId",
            "PMS_PS_ERROR_007",
            "Invalid Sorting request: 'sortType' and 'sortFieldName' must be specified together.",
        ),
    ];
    for (query, expected, text) in errors {
        let (s, b) = app.get(&format!("{ADMIN_PARTNERS}?{query}"), &admin).await;
        refused_with(s, &b, expected, text);
    }
    let policy_manager = app.user_with_roles("policy-boss", &["POLICYMANAGER"]).await;
    let (s, b) = app.get(ADMIN_PARTNERS, &policy_manager).await;
    refused_http(s, &b, StatusCode::FORBIDDEN, "KER-ATH-403");
    let (s, b) = app.send(Method::GET, ADMIN_PARTNERS, None, None).await;
    refused_http(s, &b, StatusCode::UNAUTHORIZED, "KER-ATH-401");
}

#[tokio::test]
async fn admin_partner_list_inverts_the_sort_of_is_active_and_certificate_status_as_mosip() {
    // Reference §4.4 #38: "sort direction is inverted for certificateUploadStatus and isActive".
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    seed_partners(&app, &admin).await;
    let page = admin_list(&app, &admin, "sortFieldName=isActive&sortType=asc").await;
    let flags: Vec<bool> = page["data"].as_array().unwrap().iter().map(|p| p["isActive"].as_bool().unwrap()).collect();
    assert_eq!(flags, vec![true, true, false, false, false], "{page}");
    let page = admin_list(&app, &admin, "sortFieldName=certificateUploadStatus&sortType=asc").await;
    assert_eq!(page["data"][0]["partnerId"], "epsilon-sdk", "{page}");
}

#[tokio::test]
async fn admin_partner_details_show_names_and_status_history() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let banking = app.create_group(&admin, "Banking").await;
    let mut request = sign_up_request("bank-one", "ana@bank-one.example");
    request["langCode"] = json!("fra");
    request["lastName"] = json!("Lopez Garcia");
    let (s, b) = start(&app, request).await;
    ok(s, &b);
    let (s, b) = verify(&app, "ana@bank-one.example", &only_code(&app, "ana@bank-one.example").await).await;
    ok(s, &b);
    approve(&app, &admin, "bank-one").await;
    let (s, b) = decide(&app, &admin, "bank-one", "deactivate", json!({"reason": "Licence withdrawn"})).await;
    ok(s, &b);
    let (s, b) = decide(&app, &admin, "bank-one", "reactivate", json!({})).await;
    ok(s, &b);

    let (s, b) = app.get(&format!("{ADMIN_PARTNERS}/bank-one"), &admin).await;
    refused(s, &b, "PMS_CERTIFICATE_ERROR_002");
    app.fixtures.admin_partner("admin").await;
    let (s, b) = app.get(&format!("{ADMIN_PARTNERS}/bank-one"), &admin).await;
    let mut d = ok(s, &b);
    assert_eq!(b["id"], "mosip.pms.partner.details.get");
    assert!(utc_timestamp(&d["createdDateTime"]), "{d}");
    let history = d["history"].clone();
    let obj = d.as_object_mut().unwrap();
    obj.remove("createdDateTime");
    obj.remove("history");
    assert_eq!(
        d,
        json!({"partnerId": "bank-one", "firstName": "Ana", "lastName": "Lopez Garcia", "approvalStatus": "approved",
               "isActive": true, "partnerStatus": "activated", "statusReason": null, "partnerType": "Auth_Partner",
               "organizationName": "bank-one Org", "contactNumber": "+33 1234 5678", "emailId": "ana@bank-one.example",
               "address": "1 Main Street", "langCode": "fra", "policyGroupId": banking, "policyGroupName": "Banking",
               "policyGroupDescription": "Banking sector", "isCertificateAvailable": false,
               "certificateUploadDateTime": null, "certificateExpiryDateTime": null})
    );
    let h = history.as_array().unwrap();
    let summary: Vec<(i64, &str, &str, Option<&str>)> = h
        .iter()
        .map(|x| {
            (
                x["revision"].as_i64().unwrap(),
                x["change"].as_str().unwrap(),
                x["status"].as_str().unwrap(),
                x["reason"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (4, "reactivate", "activated", None),
            (3, "deactivate", "deactivated", Some("Licence withdrawn")),
            (2, "approve", "activated", None),
            (1, "registered", "pending_approval", None),
        ]
    );
    let times: Vec<&str> = h.iter().map(|x| x["changedDateTime"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first: {times:?}");
    assert!(h[..3].iter().all(|x| x["changedBy"] == "admin"), "{history}");

    let (s, b) = app.get(&format!("{ADMIN_PARTNERS}/nobody"), &admin).await;
    refused_with(s, &b, "PMS_PRT_005", "Partner does not exist");
    let (s, b) = app.get(&format!("{ADMIN_PARTNERS}/%20"), &admin).await;
    refused(s, &b, "PMS_REQUEST_ERROR_001");
    // A partner type that needs a policy group but has none (MOSIP asks this of every type but
    // device and FTM providers; PMS of the types that need one).
    app.fixtures.partner("groupless", "Auth_Partner", pms_domain::partner::PartnerStatus::Approved).await;
    let (s, b) = app.get(&format!("{ADMIN_PARTNERS}/groupless"), &admin).await;
    refused(s, &b, "PMS_POLICY_ERROR_005");
    app.fixtures.partner("maker", "Device_Provider", pms_domain::partner::PartnerStatus::Approved).await;
    let (s, b) = app.get(&format!("{ADMIN_PARTNERS}/maker"), &admin).await;
    ok(s, &b);
    assert_eq!(b["id"], "mosip.pms.partner.details.get");
    let (s, b) = app.send(Method::GET, &format!("{ADMIN_PARTNERS}/bank-one"), None, None).await;
    refused_http(s, &b, StatusCode::UNAUTHORIZED, "KER-ATH-401");
}

// ================================================================== 7. consent, configuration, roles

#[tokio::test]
async fn consent_is_false_until_given() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let token = mosip_partner(&app, "bank-two", "Auth_Partner", Some("Banking")).await;
    let url = "/v1/partnermanager/users/user-consent";
    let (s, b) = app.get(url, &token).await;
    assert_eq!(ok(s, &b), json!({"userId": "bank-two", "consentGiven": false, "consentGivenDateTime": null}));
    assert_eq!(b["id"], "mosip.pms.user.consent.get");
    assert!(utc_timestamp(&b["responseTime"]), "{b}");

    let (s, b) = app.send(Method::POST, url, Some(&token), None).await;
    let given = ok(s, &b);
    assert_eq!(b["id"], "mosip.pms.user.consent.post");
    assert_eq!(given["userId"], "bank-two");
    assert_eq!(given["consentGiven"], true);
    assert!(utc_timestamp(&given["consentGivenDateTime"]), "{given}");
    let (s, b) = app.get(url, &token).await;
    assert_eq!(ok(s, &b), given);
    tokio::time::sleep(Duration::from_millis(10)).await;
    let (s, b) = app.send(Method::POST, url, Some(&token), None).await;
    let again = ok(s, &b);
    assert_eq!(again["consentGiven"], true);
    assert!(
        again["consentGivenDateTime"].as_str().unwrap() > given["consentGivenDateTime"].as_str().unwrap(),
        "{again} vs {given}"
    );
    assert_eq!(
        success_actions(&app, &admin, "user", "bank-two").await.iter().filter(|a| *a == "user.consent").count(),
        2
    );

    // Consent is per login: another user has not given it.
    let other = mosip_partner(&app, "bank-three", "Auth_Partner", Some("Banking")).await;
    let (s, b) = app.get(url, &other).await;
    assert_eq!(ok(s, &b)["consentGiven"], false);
    let resident = app.user_with_roles("resident-service", &["RESIDENT"]).await;
    let (s, b) = app.get(url, &resident).await;
    refused_http(s, &b, StatusCode::FORBIDDEN, "KER-ATH-403");
    for method in [Method::GET, Method::POST] {
        let (s, b) = app.send(method, url, None, None).await;
        refused_http(s, &b, StatusCode::UNAUTHORIZED, "KER-ATH-401");
    }
}

#[tokio::test]
async fn system_config_and_roles() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let token = mosip_partner(&app, "bank-two", "Auth_Partner", Some("Banking")).await;
    let (s, b) = app.get("/v1/partnermanager/system-config", &token).await;
    let config = ok(s, &b);
    assert_eq!(b["id"], "mosip.pms.configs.get");
    assert!(utc_timestamp(&b["responseTime"]), "{b}");
    assert!(config.as_object().unwrap().values().all(Value::is_string), "all values are strings: {config}");
    for (key, value) in [
        ("grantTypes", "authorization_code"),
        ("clientAuthMethods", "private_key_jwt"),
        ("inActivityTimer", "25"),
        ("inActivityPromptTimer", "5"),
        ("axiosTimeout", "3"),
        ("maxAllowedExpiryYear", "10"),
        ("maxAllowedCreatedYear", "10"),
        ("itemsPerPage", "8"),
        ("partnerApprovalMode", "admin"),
    ] {
        assert_eq!(config[key], value, "{key}: {config}");
    }
    for key in ["isCaSignedPartnerCertificateAvailable", "isOidcClientAvailable", "isRootIntermediateCertAvailable"] {
        assert!(matches!(config[key].as_str(), Some("true" | "false")), "{key}: {config}");
    }

    let (s, b) = app.get("/v1/partnermanager/roles", &token).await;
    assert_eq!(
        ok(s, &b),
        json!({"roles": ["AUTH_PARTNER", "DEVICE_PROVIDER", "CREDENTIAL_PARTNER", "FTM_PROVIDER", "MISP_PARTNER", "POLICYMANAGER", "PARTNER_ADMIN"]})
    );
    assert!(b.get("responsetime").is_some(), "legacy envelope: {b}");
    for path in ["/v1/partnermanager/system-config", "/v1/partnermanager/roles"] {
        let (s, b) = app.send(Method::GET, path, None, None).await;
        refused_http(s, &b, StatusCode::UNAUTHORIZED, "KER-ATH-401");
        let (s, b) = app.send(Method::GET, path, Some("not-a-token"), None).await;
        refused_http(s, &b, StatusCode::UNAUTHORIZED, "KER-ATH-401");
    }
}
