//! Policy requests and API keys over HTTP (MOSIP §4.1–4.4, §8.1): every endpoint and error code,
//! the ownership rules, the events and the whole story from sign-up to a refused key.

mod common;

use chrono::Duration;
use common::*;
use pms_domain::roles::{AUTH_PARTNER, CREDENTIAL_PARTNER};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const PM: &str = "/v1/partnermanager";

/// An Auth partner `id` registered in `group` and approved by the admin; returns its token.
async fn approved_partner(app: &TestApp, admin: &str, id: &str, group: &str) -> String {
    approved_partner_of(app, admin, id, group, "Auth_Partner", AUTH_PARTNER).await
}

async fn approved_partner_of(app: &TestApp, admin: &str, id: &str, group: &str, kind: &str, role: &str) -> String {
    let token = app.token_for_new_user(id, &[role]).await;
    let register = legacy(json!({"partnerId": id, "organizationName": format!("{id} Org"), "address": "1 Main Street",
        "contactNumber": "+33 1234 5678", "emailId": format!("{id}@example.org"), "partnerType": kind,
        "policyGroup": group, "langCode": "eng"}));
    let (s, b) = app.post(&format!("{PM}/partners"), &token, register).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    app.decide_partner(admin, id, "approve").await;
    token
}

async fn request(app: &TestApp, token: &str, partner: &str, policy: &str) -> (StatusCode, Value) {
    let body = legacy(json!({"policyName": policy, "useCaseDescription": "e-KYC when customers open an account"}));
    app.post(&format!("{PM}/partners/{partner}/policy/map"), token, body).await
}

async fn requested(app: &TestApp, token: &str, partner: &str, policy: &str) -> String {
    let (s, b) = request(app, token, partner, policy).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    assert_eq!(b["response"]["message"], "Policy mapping request submitted successfully.");
    b["response"]["mappingkey"].as_str().expect("mapping key").to_string()
}

async fn decide(app: &TestApp, admin: &str, id: &str, status: &str) -> (StatusCode, Value) {
    app.put(&format!("{PM}/partners/policy/{id}"), admin, legacy(json!({ "status": status }))).await
}

async fn generate(app: &TestApp, token: &str, partner: &str, policy: &str, label: &str) -> (StatusCode, Value) {
    let body = legacy(json!({"policyName": policy, "label": label}));
    app.patch(&format!("{PM}/partners/{partner}/generate/apikey"), token, body).await
}

async fn generated(app: &TestApp, token: &str, partner: &str, policy: &str, label: &str) -> Value {
    let (s, b) = generate(app, token, partner, policy, label).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    b["response"].clone()
}

async fn key_status(
    app: &TestApp,
    token: &str,
    partner: &str,
    policy_id: &str,
    label: &str,
    status: &str,
) -> (StatusCode, Value) {
    let body = legacy(json!({"label": label, "status": status}));
    app.patch(&format!("{PM}/partners/{partner}/policy/{policy_id}/apiKey/status"), token, body).await
}

async fn verify(app: &TestApp, token: &str, key: &str) -> Value {
    let (s, b) =
        app.post("/v1/pms/api-keys/verify", token, v2("mosip.pms.apikey.verify", json!({"apiKey": key}))).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b
}

/// A group `Banking` with the published policy `KYC`, and the admin's token.
async fn banking(app: &TestApp) -> (String, String, String) {
    let admin = app.admin_token().await;
    let group_id = app.create_group(&admin, "Banking").await;
    let policy_id = app.published_policy(&admin, &group_id, "Banking", "KYC").await;
    (admin, group_id, policy_id)
}

#[tokio::test]
async fn from_sign_up_to_a_refused_key() {
    let app = TestApp::spawn().await;
    let (admin, _, policy_id) = banking(&app).await;
    let bank = approved_partner(&app, &admin, "bank-one", "Banking").await;
    let mut ida = app.user_with_roles("ida-service", &["ID_AUTHENTICATION"]).await;

    let id = requested(&app, &bank, "bank-one", "KYC").await;
    let (s, b) = decide(&app, &admin, &id, "Approved").await;
    assert_eq!(
        (s, error_code(&b), b["response"].as_str()),
        (StatusCode::OK, None, Some("Policy mapping approved successfully"))
    );

    let first = generated(&app, &bank, "bank-one", "KYC", "production").await;
    let key = first["apiKey"].as_str().expect("key").to_string();
    assert!(key.len() >= 43 + 4 && key.starts_with("pms_"), "{key}");
    assert_eq!((first["label"].as_str(), first["partnerId"].as_str()), (Some("production"), Some("bank-one")));
    assert_eq!(first["policyId"].as_str(), Some(policy_id.as_str()));
    let check = verify(&app, &ida, &key).await;
    assert_eq!(check["response"]["valid"], true, "{check}");
    assert_eq!(check["response"]["state"], "active");
    assert_eq!(check["response"]["partnerId"], "bank-one");
    assert_eq!(error_code(&verify(&app, &ida, &format!("{key}x")).await).as_deref(), Some("PMS_KEY_003"));

    // Rotation: a new key now, the old one valid for three more days.
    let until = app.services.now() + Duration::days(3);
    let body = v2("mosip.pms.apikey.rotate", json!({"label": "production 2", "oldKeyValidUntil": until}));
    let key_id = first["keyId"].as_str().expect("key id");
    let (s, b) = app.post(&format!("/v1/pms/api-keys/{key_id}/rotate"), &bank, body).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    let second = b["response"]["apiKey"].as_str().expect("new key").to_string();
    assert_ne!(second, key);
    assert_eq!(verify(&app, &ida, &key).await["response"]["state"], "expiring");
    assert_eq!(verify(&app, &ida, &second).await["response"]["valid"], true);

    // The old key's date comes: the job ends it and tells ID Authentication.
    app.clock.advance(Duration::days(3) + Duration::minutes(1));
    app.services.housekeeping().await.expect("housekeeping");
    let admin = app.admin_token().await;
    ida = app.login("ida-service", USER_PASSWORD).await;
    let old = verify(&app, &ida, &key).await;
    assert_eq!((old["response"]["state"].as_str(), old["response"]["valid"].as_bool()), (Some("expired"), Some(false)));
    assert_eq!(verify(&app, &ida, &second).await["response"]["valid"], true);
    let updates = app.events("APIKEY_UPDATED").await;
    assert!(
        updates.iter().any(|e| e["payload"]["event"]["data"]["apiKeyData"]["apiKeyId"] == key_id
            && e["payload"]["event"]["data"]["apiKeyData"]["apiKeyStatus"] == "DEACTIVE"),
        "{updates:?}"
    );
    let (s, b) = key_status(&app, &admin, "bank-one", &policy_id, "production", "Active").await;
    assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some("PMS_KEY_001")), "an expired key stays expired");

    // Deactivating the partner revokes its keys in the same transaction.
    app.decide_partner(&admin, "bank-one", "deactivate").await;
    let revoked = verify(&app, &ida, &second).await;
    assert_eq!(
        (revoked["response"]["state"].as_str(), revoked["response"]["valid"].as_bool()),
        (Some("revoked"), Some(false))
    );
    let second_id = b64_key_id(&second);
    assert!(app
        .events("APIKEY_UPDATED")
        .await
        .iter()
        .any(|e| e["payload"]["event"]["data"]["apiKeyData"]["apiKeyId"] == second_id));

    // No key value ever reaches the audit trail or the outbox.
    let (_, audit) = app.get("/v1/pms/audit?pageNo=0&pageSize=500", &admin).await;
    let (_, events) = app.get("/v1/pms/events?pageNo=0&pageSize=500", &admin).await;
    for text in [audit.to_string(), events.to_string()] {
        assert!(!text.contains(&key) && !text.contains(&second), "a key value was stored");
    }
    assert!(audit.to_string().contains("api_key.rotate") && audit.to_string().contains("api_key.revoke"));
}

/// The public id of a key (`pms_<id>`): the secret after it may itself hold `_`.
fn b64_key_id(key: &str) -> String {
    let id = key.split('_').nth(1).expect("key id");
    format!("pms_{id}")
}

#[tokio::test]
async fn a_policy_request_is_checked_in_mosips_order() {
    let app = TestApp::spawn().await;
    let (admin, _, _) = banking(&app).await;
    let insurance = app.create_group(&admin, "Insurance").await;
    app.published_policy(&admin, &insurance, "Insurance", "Claims").await;
    app.create_policy(&admin, "Banking", "Draft KYC", "Auth").await;
    let bank = approved_partner(&app, &admin, "bank-one", "Banking").await;
    let other = approved_partner(&app, &admin, "bank-two", "Banking").await;

    let (_, b) = app.post(&format!("{PM}/partners/bank-one/policy/map"), &bank, legacy(json!({}))).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_COR_001"));
    let long = "x".repeat(4001);
    let body = legacy(json!({"policyName": "KYC", "useCaseDescription": long}));
    let (_, b) = app.post(&format!("{PM}/partners/bank-one/policy/map"), &bank, body).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_COR_001"));
    for (token, partner, policy, code) in [
        (&admin, "nobody", "KYC", "PMS_PRT_005"),
        (&other, "bank-one", "KYC", "PMS_PRT_055"),
        (&bank, "bank-one", "No such policy", "PMS_PRT_073"),
        (&bank, "bank-one", "Claims", "PMS_PRT_098"),
        (&bank, "bank-one", "Draft KYC", "PMS_PMP_019"),
    ] {
        let (s, b) = request(&app, token, partner, policy).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{partner} {policy}: {b}");
    }

    let first = requested(&app, &bank, "bank-one", "kyc").await;
    assert_eq!(error_code(&request(&app, &bank, "bank-one", "KYC").await.1).as_deref(), Some("PMS_PRT_053"));
    assert_eq!(error_code(&decide(&app, &admin, &first, "Rejected").await.1), None);
    // After a rejection the partner may ask again; after an approval it may not.
    let second = requested(&app, &bank, "bank-one", "KYC").await;
    assert_eq!(error_code(&decide(&app, &admin, &second, "approved").await.1), None);
    assert_eq!(error_code(&request(&app, &bank, "bank-one", "KYC").await.1).as_deref(), Some("PMS_PRT_060"));

    // A partner that is not approved cannot ask.
    let waiting = app.token_for_new_user("bank-three", &[AUTH_PARTNER]).await;
    let register =
        legacy(json!({"partnerId": "bank-three", "organizationName": "Bank Three", "address": "1 Main Street",
        "contactNumber": "+33 1234 5678", "emailId": "three@example.org", "partnerType": "Auth_Partner",
        "policyGroup": "Banking", "langCode": "eng"}));
    app.post(&format!("{PM}/partners"), &waiting, register).await;
    assert_eq!(error_code(&request(&app, &waiting, "bank-three", "KYC").await.1).as_deref(), Some("PMS_PMP_016"));
}

#[tokio::test]
async fn decisions_follow_the_request_lifecycle_and_refuse_what_mosip_let_through() {
    let app = TestApp::spawn().await;
    let (admin, group_id, _) = banking(&app).await;
    let spare = app.published_policy(&admin, &group_id, "Banking", "Spare").await;
    let bank = approved_partner(&app, &admin, "bank-one", "Banking").await;
    let partner_view = app.token_for_new_user("viewer", &[AUTH_PARTNER]).await;

    assert_eq!(
        error_code(&decide(&app, &admin, "no-such-request", "Approved").await.1).as_deref(),
        Some("PMS_PMP_007")
    );
    let id = requested(&app, &bank, "bank-one", "KYC").await;
    let (_, b) = app.put(&format!("{PM}/partners/policy/{id}"), &admin, legacy(json!({}))).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_COR_001"));
    assert_eq!(error_code(&decide(&app, &admin, &id, "Maybe").await.1).as_deref(), Some("PMS_PM_045"));
    assert_eq!(decide(&app, &partner_view, &id, "Approved").await.0, StatusCode::FORBIDDEN);

    // The revamp decision carries a reason the partner reads.
    let body =
        v2("mosip.pms.policy.request.decide", json!({"status": "Rejected", "reason": "Use the data-share policy."}));
    let (s, b) = app.patch(&format!("{PM}/partner-policy-requests/{id}"), &admin, body).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    assert_eq!(
        (b["response"]["status"].as_str(), b["response"]["rejectReason"].as_str()),
        (Some("rejected"), Some("Use the data-share policy."))
    );
    let (_, mine) = app.get(&format!("{PM}/partner-policy-requests"), &bank).await;
    assert_eq!(mine["response"]["data"][0]["rejectReason"], "Use the data-share policy.", "{mine}");
    assert_eq!(error_code(&decide(&app, &admin, &id, "Approved").await.1).as_deref(), Some("PMS_PM_035"));

    let approved = requested(&app, &bank, "bank-one", "KYC").await;
    assert_eq!(error_code(&decide(&app, &admin, &approved, "Approved").await.1), None);
    assert_eq!(error_code(&decide(&app, &admin, &approved, "Rejected").await.1).as_deref(), Some("PMS_PM_034"));

    // MOSIP-38383: a deactivated partner's request is not approved; nor one for a retired policy.
    let pending = requested(&app, &bank, "bank-one", "Spare").await;
    app.decide_partner(&admin, "bank-one", "deactivate").await;
    assert_eq!(error_code(&decide(&app, &admin, &pending, "Approved").await.1).as_deref(), Some("PMS_PMP_016"));
    app.decide_partner(&admin, "bank-one", "reactivate").await;
    let (s, b) = app
        .patch(
            &format!("/v1/policymanager/policies/{spare}"),
            &admin,
            v2("mosip.pms.deactivate.policy.patch", json!({"status": "De-Activate"})),
        )
        .await;
    assert_eq!(
        (s, error_code(&b).as_deref()),
        (StatusCode::OK, Some("PMS_POL_064")),
        "a pending request guards the policy"
    );
    assert_eq!(error_code(&decide(&app, &admin, &pending, "Rejected").await.1), None);
    let (_, b) = app
        .patch(
            &format!("/v1/policymanager/policies/{spare}"),
            &admin,
            v2("mosip.pms.deactivate.policy.patch", json!({"status": "De-Activate"})),
        )
        .await;
    assert_eq!(error_code(&b), None, "{b}");
    app.fixtures.policy_request("bank-one", &spare, "InProgress").await;
    let (_, list) = app.get(&format!("{PM}/partner-policy-requests?status=InProgress&policyName=spare"), &admin).await;
    let late = list["response"]["data"][0]["id"].as_str().expect("request").to_string();
    assert_eq!(error_code(&decide(&app, &admin, &late, "Approved").await.1).as_deref(), Some("PMS_PMP_019"));
}

#[tokio::test]
async fn keys_are_for_the_partner_itself_under_unique_labels() {
    let app = TestApp::spawn().await;
    let (admin, _, policy_id) = banking(&app).await;
    let bank = approved_partner(&app, &admin, "bank-one", "Banking").await;
    let other = approved_partner(&app, &admin, "bank-two", "Banking").await;

    assert_eq!(error_code(&generate(&app, &bank, "bank-one", "KYC", "k").await.1).as_deref(), Some("PMS_PRT_109"));
    let id = requested(&app, &bank, "bank-one", "KYC").await;
    decide(&app, &admin, &id, "Approved").await;
    for (token, partner, policy, label, code) in [
        (&bank, "bank-one", "KYC", "", "PMS_COR_001"),
        (&bank, "bank-one", "KYC", &"x".repeat(37) as &str, "PMS_COR_001"),
        (&other, "bank-one", "KYC", "mine", "PMS_PRT_055"),
        (&bank, "bank-one", "Unknown", "k", "PMS_PMP_014"),
    ] {
        let (s, b) = generate(&app, token, partner, policy, label).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{label}: {b}");
    }
    assert_eq!(generate(&app, &admin, "bank-one", "KYC", "k").await.0, StatusCode::FORBIDDEN, "not even the admin");
    let key = generated(&app, &bank, "bank-one", "KYC", "production key").await;
    assert_eq!(
        error_code(&generate(&app, &bank, "bank-one", "KYC", "  production \t key ").await.1).as_deref(),
        Some("PMS_PRT_110")
    );

    // Lists never show the key; other partners do not see it; an owner of nothing gets MOSIP's code.
    let (_, list) = app.get(&format!("{PM}/partner-api-keys"), &bank).await;
    assert_eq!(list["response"]["totalResults"], 1, "{list}");
    assert_eq!(list["response"]["data"][0]["apiKeyLabel"], "production key");
    assert!(!list.to_string().contains(key["apiKey"].as_str().unwrap()));
    let (_, theirs) = app.get(&format!("{PM}/partner-api-keys"), &other).await;
    assert_eq!(theirs["response"]["totalResults"], 0, "{theirs}");
    let stranger = app.token_for_new_user("stranger", &[AUTH_PARTNER]).await;
    let (_, b) = app.get(&format!("{PM}/partner-api-keys"), &stranger).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_CERTIFICATE_ERROR_002"));

    // Status changes.
    for (token, label, status, code) in [
        (&bank, "nope", "De-active", Some("PMS_PRT_111")),
        (&other, "production key", "De-active", Some("PMS_PRT_055")),
        (&bank, "production key", "Gone", Some("PMS_PM_058")),
        (&bank, "production key", "De-active", None),
        (&bank, "production key", "De-active", Some("PMS_PMS_022")),
        (&bank, "production key", "Active", None),
        (&admin, "production key", "De-active", None),
    ] {
        let partner = "bank-one";
        let (s, b) = key_status(&app, token, partner, &policy_id, label, status).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, code), "{label} {status}: {b}");
    }
    let (_, list) = app.get(&format!("{PM}/partner-api-keys?status=deactivated"), &admin).await;
    assert_eq!(list["response"]["data"][0]["state"], "revoked", "{list}");
    assert_eq!(app.events("APIKEY_UPDATED").await.len(), 3);
}

#[tokio::test]
async fn events_carry_a_hash_unless_the_plain_key_is_configured() {
    for plain in [false, true] {
        let app = TestApp::spawn_with(|c| c.api_key_in_events = plain).await;
        let (admin, _, policy_id) = banking(&app).await;
        let bank = approved_partner(&app, &admin, "bank-one", "Banking").await;
        let id = requested(&app, &bank, "bank-one", "KYC").await;
        decide(&app, &admin, &id, "Approved").await;
        let key = generated(&app, &bank, "bank-one", "KYC", "production").await;
        let value = key["apiKey"].as_str().unwrap();
        let events = app.events("APIKEY_APPROVED").await;
        assert_eq!(events.len(), 1);
        let data = &events[0]["payload"]["event"]["data"];
        assert_eq!(data["partnerData"]["partnerId"], "bank-one");
        assert_eq!(data["policyData"]["policyId"], policy_id.as_str());
        assert_eq!(data["apiKeyData"]["apiKeyStatus"], "ACTIVE");
        assert_eq!(data["apiKeyData"]["apiKeyHash"], hex::encode(Sha256::digest(value.as_bytes())));
        let expected = if plain { value.to_string() } else { key["keyId"].as_str().unwrap().to_string() };
        assert_eq!(data["apiKeyData"]["apiKeyId"], expected.as_str());
        assert_eq!(events[0]["payload"]["publisher"], "PartnerManagementServiceImpl");
    }
}

#[tokio::test]
async fn lists_filter_sort_and_page_in_the_callers_scope() {
    let app = TestApp::spawn().await;
    let (admin, group_id, _) = banking(&app).await;
    for name in ["Alpha", "Beta", "Gamma"] {
        app.published_policy(&admin, &group_id, "Banking", name).await;
    }
    let one = approved_partner(&app, &admin, "bank-one", "Banking").await;
    let two = approved_partner(&app, &admin, "bank-two", "Banking").await;
    for policy in ["Alpha", "Beta", "Gamma"] {
        requested(&app, &one, "bank-one", policy).await;
    }
    let rejected = requested(&app, &two, "bank-two", "KYC").await;
    decide(&app, &admin, &rejected, "Rejected").await;

    let page = |q: &str| format!("{PM}/partner-policy-requests{q}");
    let (_, all) = app.get(&page(""), &admin).await;
    assert_eq!(all["response"]["totalResults"], 4);
    let (_, b) =
        app.get(&page("?status=InProgress&sortFieldName=policyName&sortType=desc&pageNo=0&pageSize=2"), &admin).await;
    let names: Vec<&str> =
        b["response"]["data"].as_array().unwrap().iter().map(|r| r["policyName"].as_str().unwrap()).collect();
    assert_eq!((names, b["response"]["totalResults"].as_u64()), (vec!["Gamma", "Beta"], Some(3)), "{b}");
    let (_, b) = app.get(&page("?orgName=TWO&policyGroupName=bank"), &admin).await;
    assert_eq!(b["response"]["data"][0]["partnerId"], "bank-two", "{b}");
    assert_eq!(b["response"]["data"][0]["orgName"], "bank-two Org");
    assert_eq!(b["response"]["data"][0]["policyGroupName"], "Banking");
    assert_eq!(b["response"]["data"][0]["partnerStatus"], "activated");
    let (_, b) = app.get(&page("?status=done"), &admin).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_COR_002"));
    let (_, b) = app.get(&page("?sortFieldName=secret&sortType=asc&pageNo=0&pageSize=2"), &admin).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_PRT_357"));
    let (_, b) = app.get(&page("?sortFieldName=policyName&sortType=asc"), &admin).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_PS_ERROR_008"));

    // A partner sees its own partners' requests only, and not another's by id.
    let (_, mine) = app.get(&page(""), &two).await;
    assert_eq!(mine["response"]["totalResults"], 1, "{mine}");
    let theirs = all["response"]["data"].as_array().unwrap().iter().find(|r| r["partnerId"] == "bank-one").unwrap();
    let (_, b) = app.get(&format!("{PM}/partner-policy-requests/{}", theirs["id"].as_str().unwrap()), &two).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_PMP_007"));
    let cred = app.token_for_new_user("cred-only", &[CREDENTIAL_PARTNER]).await;
    assert_eq!(error_code(&app.get(&page(""), &cred).await.1).as_deref(), Some("PMS_CERTIFICATE_ERROR_002"));
}

#[tokio::test]
async fn legacy_reads_remapping_and_the_datashare_binding() {
    let app = TestApp::spawn().await;
    let (admin, group_id, policy_id) = banking(&app).await;
    let other_policy = app.published_policy(&admin, &group_id, "Banking", "Other").await;
    let bank = approved_partner(&app, &admin, "bank-one", "Banking").await;

    let (_, b) = app.get(&format!("{PM}/partners/bank-one/apikey/request"), &bank).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_PRT_006"));
    let (_, b) = app.get(&format!("{PM}/partners/apikey"), &admin).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_PMP_015"));
    let binding = format!("/v1/policymanager/policies/{policy_id}/partner/bank-one");
    assert_eq!(error_code(&app.get(&binding, &admin).await.1).as_deref(), Some("PMS_POL_017"));

    let id = requested(&app, &bank, "bank-one", "KYC").await;
    decide(&app, &admin, &id, "Approved").await;
    let key = generated(&app, &bank, "bank-one", "KYC", "production").await;
    let value = key["apiKey"].as_str().unwrap();

    let (_, b) = app.get(&format!("{PM}/partners/bank-one/apikey/request"), &bank).await;
    assert_eq!(b["response"][0]["apiKeyReqID"], id.as_str(), "{b}");
    assert_eq!(b["response"][0]["apikeyStatus"], "ACTIVE");
    assert_eq!(b["response"][0]["partnerApiKey"], key["keyId"]);
    let (_, b) = app.get(&format!("{PM}/partners/apikey"), &admin).await;
    assert_eq!(b["response"]["apikeyRequests"][0]["apiKeyReqNo"], id.as_str(), "{b}");
    let (_, b) = app.get(&format!("{PM}/partners/apikey/{id}"), &admin).await;
    assert_eq!(b["response"]["status"], "approved", "{b}");
    let (_, b) = app.get(&format!("{PM}/partners/bank-one/apikey/{value}"), &admin).await;
    assert_eq!(
        (b["response"]["partnerID"].as_str(), b["response"]["policyId"].as_str()),
        (Some("bank-one"), Some(policy_id.as_str()))
    );
    let (_, b) = app.get(&format!("{PM}/partners/bank-two/apikey/{value}"), &admin).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_PMP_009"));
    let (_, b) = app.get(&binding, &admin).await;
    assert_eq!(error_code(&b), None, "an active key binds the policy: {b}");
    // Past its end the key binds nothing, before the expiry job has run.
    app.clock.advance(Duration::days(366));
    let later = app.admin_token().await;
    assert_eq!(error_code(&app.get(&binding, &later).await.1).as_deref(), Some("PMS_POL_017"));
    app.clock.advance(-Duration::days(366));

    // Remapping the key to another policy of the group.
    let remap = |old: &str, new: &str| legacy(json!({"oldPolicyID": old, "newPolicyID": new}));
    let path = format!("{PM}/partners/bank-one/apikey/{value}/policies");
    let (_, b) = app.put(&path, &admin, remap(&other_policy, &other_policy)).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_PMP_50"));
    let (_, b) = app.put(&path, &admin, remap(&policy_id, "no-such-policy")).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_PMP_014"));
    let (_, b) = app.put(&path, &admin, remap(&policy_id, &other_policy)).await;
    assert_eq!(error_code(&b), None, "{b}");
    let (_, b) = app.get(&format!("{PM}/partners/bank-one/apikey/{value}"), &admin).await;
    assert_eq!(b["response"]["policyId"], other_policy.as_str());
    assert_eq!(app.events("APIKEY_UPDATED").await.len(), 1);
}

#[tokio::test]
async fn legacy_searches_run_in_sql_within_the_callers_partners() {
    let app = TestApp::spawn().await;
    let (admin, group_id, _) = banking(&app).await;
    app.published_policy(&admin, &group_id, "Banking", "Savings").await;
    let one = approved_partner(&app, &admin, "bank-one", "Banking").await;
    let two = approved_partner(&app, &admin, "bank-two", "Banking").await;
    let id = requested(&app, &one, "bank-one", "KYC").await;
    decide(&app, &admin, &id, "Approved").await;
    requested(&app, &one, "bank-one", "Savings").await;
    requested(&app, &two, "bank-two", "KYC").await;
    let key = generated(&app, &one, "bank-one", "KYC", "production").await;

    let search = |filters: Value| {
        legacy(json!({"filters": filters, "sort": [{"sortField": "policyName", "sortType": "desc"}],
            "pagination": {"pageStart": 0, "pageFetch": 10}}))
    };
    let path = format!("{PM}/partners/apikey/request/search");
    let (_, b) = app
        .post(&path, &admin, search(json!([{"columnName": "partnerName", "type": "contains", "value": "ONE"}])))
        .await;
    assert_eq!(b["response"]["totalRecord"], 2, "{b}");
    assert_eq!(b["response"]["data"][0]["policyName"], "Savings");
    assert_eq!(b["response"]["data"][1]["apikeyRequestId"], id.as_str());
    let (_, b) = app
        .post(&path, &admin, search(json!([{"columnName": "statusCode", "type": "equals", "value": "approved"}])))
        .await;
    assert_eq!(b["response"]["totalRecord"], 1, "{b}");
    let (_, b) = app.post(&path, &two, search(json!([]))).await;
    assert_eq!(b["response"]["totalRecord"], 1, "a partner finds its own requests only: {b}");
    let (_, b) =
        app.post(&path, &admin, search(json!([{"columnName": "secret", "type": "equals", "value": "x"}]))).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS-MSD-310"));

    let values = legacy(json!({"filters": [{"columnName": "statusCode", "type": "unique"}]}));
    let (_, b) = app.post(&format!("{PM}/partners/apikey/request/filtervalues"), &admin, values).await;
    let mut found: Vec<&str> =
        b["response"]["filters"].as_array().unwrap().iter().map(|f| f["fieldValue"].as_str().unwrap()).collect();
    found.sort();
    assert_eq!(found, ["InProgress", "approved"], "{b}");

    let keys = legacy(json!({"filters": [{"columnName": "label", "type": "equals", "value": "production"}],
        "sort": [], "pagination": {"pageStart": 0, "pageFetch": 10}}));
    let (_, b) = app.post(&format!("{PM}/partners/apikey/search"), &one, keys.clone()).await;
    assert_eq!(
        (b["response"]["totalRecord"].as_u64(), b["response"]["data"][0]["partnerName"].as_str()),
        (Some(1), Some("bank-one Org")),
        "{b}"
    );
    assert!(!b.to_string().contains(key["apiKey"].as_str().unwrap()));
    let (_, b) = app.post(&format!("{PM}/partners/apikey/search"), &two, keys).await;
    assert_eq!(b["response"]["totalRecord"], 0, "{b}");
}

#[tokio::test]
async fn credential_partners_set_extractors_before_approval_and_bind_credential_types() {
    let app = TestApp::spawn().await;
    let (admin, group_id, _) = banking(&app).await;
    let share = app.create_policy(&admin, "Banking", "Card share", "DataShare").await;
    let path = format!("/v1/policymanager/policies/{share}/group/{group_id}/publish");
    app.send(Method::POST, &path, Some(&admin), None).await;
    let printer =
        approved_partner_of(&app, &admin, "printer", "Banking", "Credential_Partner", CREDENTIAL_PARTNER).await;
    let extractors = format!("{PM}/partners/printer/bioextractors/{share}");
    let body = |items: Value| legacy(json!({ "extractors": items }));
    let face = json!([{"attributeName": "photo", "biometric": "face", "extractor": {"provider": "mock", "version": "1.1"}},
        {"attributeName": "thumbs", "biometric": "finger[Left Thumb,Right Thumb]", "extractor": {"provider": "mock"}}]);

    let (_, b) = app.post(&extractors, &printer, body(face.clone())).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_PRT_061"), "no request yet: {b}");
    let id = requested(&app, &printer, "printer", "Card share").await;
    assert_eq!(error_code(&decide(&app, &admin, &id, "Approved").await.1).as_deref(), Some("PMS_PM_051"));
    let (_, b) = app.get(&extractors, &printer).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_PRT_064"));
    let (_, b) = app.post(&extractors, &printer, body(json!([]))).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_COR_001"));
    let (_, b) = app.post(&extractors, &printer, body(json!([{"attributeName": "photo"}]))).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_COR_001"));
    let (_, b) = app.post(&extractors, &printer, body(face)).await;
    assert_eq!((error_code(&b), b["response"].as_str()), (None, Some("Extractors added successfully.")), "{b}");
    let (_, b) = app.get(&extractors, &printer).await;
    assert_eq!(b["response"]["extractors"][1]["biometric"], "finger[Left Thumb,Right Thumb]", "{b}");
    assert_eq!(b["response"]["extractors"][0]["extractor"]["version"], "1.1");
    assert_eq!(error_code(&decide(&app, &admin, &id, "Approved").await.1), None);
    let (_, b) = app
        .post(
            &extractors,
            &printer,
            body(json!([{"attributeName": "photo", "biometric": "iris", "extractor": {"provider": "x"}}])),
        )
        .await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_PRT_062"));

    // Credential types.
    let map = |t: &str, p: &str| format!("{PM}/partners/printer/credentialtype/{t}/policies/{p}");
    assert_eq!(
        error_code(&app.send(Method::POST, &map("passport", "Card%20share"), Some(&printer), None).await.1).as_deref(),
        Some("PMS_PRT_072")
    );
    assert_eq!(
        error_code(&app.send(Method::POST, &map("qrcode", "Nothing"), Some(&printer), None).await.1).as_deref(),
        Some("PMS_PRT_073")
    );
    let (_, b) = app.send(Method::POST, &map("qrcode", "Card%20share"), Some(&printer), None).await;
    assert_eq!(b["response"], "Partner, policy and credentialType mapping done successfully.", "{b}");
    let (_, b) = app.get(&format!("{PM}/partners/printer/credentialtype/QRCODE/policies"), &printer).await;
    assert_eq!(
        (b["response"]["policyName"].as_str(), b["response"]["status"].as_str()),
        (Some("Card share"), Some("PUBLISHED")),
        "{b}"
    );
    assert_eq!(b["response"]["policies"]["dataSharePolicies"]["typeOfShare"], "Data Share");
    let (_, b) = app.get(&format!("{PM}/partners/printer/credentialtype/euin/policies"), &printer).await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_PRT_064"));
    app.fixtures.partner("maker", "Device_Provider", pms_domain::partner::PartnerStatus::Approved).await;
    let (_, b) = app
        .send(Method::POST, &format!("{PM}/partners/maker/credentialtype/qrcode/policies/KYC"), Some(&admin), None)
        .await;
    assert_eq!(error_code(&b).as_deref(), Some("PMS_PRT_070"));
}
