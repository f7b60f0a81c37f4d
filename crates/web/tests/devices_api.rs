//! Device providers' SBIs and devices, FTM providers' chips over HTTP (MOSIP §4.6–4.8): the two
//! stories end to end, every documented refusal, the V2 envelope and list parameter checks,
//! ownership between providers, the cascades of a provider's deactivation, the legacy endpoints
//! and the audit trail. Dates are relative to the server's clock, which tests move instead of
//! sleeping.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::*;
use pms_domain::roles::{AUTH_PARTNER, DEVICE_PROVIDER, FTM_PROVIDER};
use pms_testkit::pki::{Authority, Subject};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const P: &str = "/v1/partnermanager";
const SBI: &str = "/v1/partnermanager/securebiometricinterface";
const DEVICES: &str = "/v1/partnermanager/devicedetail";
const CHIPS: &str = "/v1/partnermanager/ftpchipdetail";
const CA_UPLOAD: &str = "/v1/partnermanager/partners/certificate/ca/upload";

const ADD_DEVICE: &str = "mosip.pms.add.device.to.sbi.id.post";
const DEACTIVATE_SBI: &str = "mosip.pms.deactivate.sbi.patch";
const DEACTIVATE_DEVICE: &str = "mosip.pms.deactivate.device.patch";
const DEACTIVATE_FTM: &str = "mosip.pms.deactivate.ftm.patch";
const DECIDE_DEVICE: &str = "mosip.pms.approval.mapping.device.to.sbi.post";

// ------------------------------------------------------------------ helpers

#[track_caller]
fn ok(status: StatusCode, body: &Value) -> Value {
    assert_eq!((status, error_code(body)), (StatusCode::OK, None), "{body}");
    body["response"].clone()
}

#[track_caller]
fn refused(status: StatusCode, body: &Value, code: &str) {
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(error_code(body).as_deref(), Some(code), "{body}");
    assert!(body["response"].is_null(), "{body}");
}

fn time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// A server whose tokens outlive the clock moves of the tests.
async fn spawn() -> (TestApp, String) {
    let app = TestApp::spawn_with(|c| c.token_ttl_minutes = 60 * 24 * 1000).await;
    let admin = app.admin_token().await;
    (app, admin)
}

/// A partner of `partner_type` registered by its new login `id` (with `role`); not yet approved.
async fn register(app: &TestApp, id: &str, org: &str, role: &str, partner_type: &str) -> String {
    let token = app.token_for_new_user(id, &[role]).await;
    let request = json!({"partnerId": id, "organizationName": org, "address": "1 Main Street",
        "contactNumber": "+33 1234 5678", "emailId": format!("contact@{id}.example"), "partnerType": partner_type,
        "langCode": "eng"});
    let (s, b) = app.post(&format!("{P}/partners"), &token, legacy(request)).await;
    ok(s, &b);
    token
}

/// An approved device provider; its user's token.
async fn device_provider(app: &TestApp, admin: &str, id: &str, org: &str) -> String {
    let token = register(app, id, org, DEVICE_PROVIDER, "Device_Provider").await;
    app.decide_partner(admin, id, "approve").await;
    token
}

/// An approved FTM provider; its user's token.
async fn ftm_provider(app: &TestApp, admin: &str, id: &str, org: &str) -> String {
    let token = register(app, id, org, FTM_PROVIDER, "FTM_Provider").await;
    app.decide_partner(admin, id, "approve").await;
    token
}

fn sbi_request(provider: &str, version: &str, created: DateTime<Utc>, expiry: DateTime<Utc>) -> Value {
    json!({"providerId": provider, "swBinaryHash": format!("hash-{version}"), "swVersion": version,
        "swCreateDateTime": time(created), "swExpiryDateTime": time(expiry)})
}

async fn post_sbi(app: &TestApp, token: &str, request: Value) -> (StatusCode, Value) {
    app.post(SBI, token, legacy(request)).await
}

/// A new SBI of `provider`, created yesterday, ending in a year; its id.
async fn new_sbi(app: &TestApp, token: &str, provider: &str, version: &str) -> String {
    let now = app.services.now();
    new_sbi_ending(app, token, provider, version, now + Duration::days(365)).await
}

async fn new_sbi_ending(app: &TestApp, token: &str, provider: &str, version: &str, expiry: DateTime<Utc>) -> String {
    let now = app.services.now();
    let (s, b) = post_sbi(app, token, sbi_request(provider, version, now - Duration::days(1), expiry)).await;
    ok(s, &b)["id"].as_str().unwrap().to_string()
}

async fn decide_sbi(app: &TestApp, admin: &str, id: &str, decision: &str) -> (StatusCode, Value) {
    app.patch(SBI, admin, legacy(json!({"id": id, "approvalStatus": decision}))).await
}

/// A new SBI of `provider`, approved by the Partner Admin.
async fn approved_sbi(app: &TestApp, admin: &str, token: &str, provider: &str, version: &str) -> String {
    let id = new_sbi(app, token, provider, version).await;
    let (s, b) = decide_sbi(app, admin, &id, "Activate").await;
    assert_eq!(ok(s, &b), "Secure biometric details approved successfully.");
    id
}

fn device_request(provider: &str, kind: (&str, &str), make: &str, model: &str) -> Value {
    json!({"deviceProviderId": provider, "deviceTypeCode": kind.0, "deviceSubTypeCode": kind.1,
        "make": make, "model": model})
}

async fn add_device(app: &TestApp, token: &str, sbi: &str, request: Value) -> (StatusCode, Value) {
    app.post(&format!("{SBI}/{sbi}/devices"), token, v2(ADD_DEVICE, request)).await
}

/// A new device of `provider` under `sbi`, waiting for approval; its id.
async fn new_device(app: &TestApp, token: &str, sbi: &str, provider: &str, model: &str) -> String {
    let (s, b) = add_device(app, token, sbi, device_request(provider, ("Finger", "Slap"), "Acme", model)).await;
    ok(s, &b)["id"].as_str().unwrap().to_string()
}

async fn decide_device(
    app: &TestApp,
    admin: &str,
    device: &str,
    provider: &str,
    sbi: &str,
    status: &str,
) -> (StatusCode, Value) {
    let request = json!({"partnerId": provider, "sbiId": sbi, "status": status, "reason": "checked by a test"});
    app.post(&format!("{DEVICES}/{device}/approval"), admin, v2(DECIDE_DEVICE, request)).await
}

async fn deactivate(app: &TestApp, token: &str, path: &str, id: &str) -> (StatusCode, Value) {
    app.patch(path, token, v2(id, json!({"status": "De-Activate"}))).await
}

/// The SBI as `GET /securebiometricinterface` lists it.
async fn sbi_item(app: &TestApp, token: &str, id: &str) -> Value {
    let (s, b) = app.get(&format!("{SBI}?sbiId={id}"), token).await;
    let page = ok(s, &b);
    let found: Vec<&Value> = page["data"].as_array().unwrap().iter().filter(|i| i["sbiId"] == id).collect();
    assert_eq!(found.len(), 1, "{page}");
    found[0].clone()
}

/// The derived status `GET /devicedetail` shows for a device.
async fn device_status(app: &TestApp, token: &str, id: &str) -> String {
    let (s, b) = app.get(&format!("{DEVICES}?deviceId={id}"), token).await;
    let page = ok(s, &b);
    let statuses: Vec<&str> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["deviceId"] == id)
        .map(|i| i["status"].as_str().unwrap())
        .collect();
    assert!(!statuses.is_empty(), "device {id} not listed: {page}");
    statuses[0].to_string()
}

async fn device_total(app: &TestApp, admin: &str) -> u64 {
    let (s, b) = app.get(&format!("{DEVICES}?pageNo=0&pageSize=100"), admin).await;
    ok(s, &b)["totalResults"].as_u64().unwrap()
}

async fn upload_ca(app: &TestApp, admin: &str, domain: &str, pem: &str) {
    let (s, b) = app.post(CA_UPLOAD, admin, legacy(json!({"certificateData": pem, "partnerDomain": domain}))).await;
    ok(s, &b);
}

/// An FTM root and intermediate in the trust store; the intermediate signs chip certificates.
async fn ftm_trust(app: &TestApp, admin: &str) -> Authority {
    let now = app.services.now();
    let root = Authority::root(&Subject::new("Chip Root CA", "Chip Trust"), now);
    let issuing = root.intermediate(&Subject::new("Chip Issuing CA", "Chip Trust"), now);
    upload_ca(app, admin, "FTM", &root.pem).await;
    upload_ca(app, admin, "FTM", &issuing.pem).await;
    issuing
}

async fn new_chip(app: &TestApp, token: &str, provider: &str, make: &str, model: &str) -> String {
    let (s, b) = app.post(CHIPS, token, legacy(json!({"ftpProviderId": provider, "make": make, "model": model}))).await;
    ok(s, &b)["id"].as_str().unwrap().to_string()
}

async fn upload_chip_cert(
    app: &TestApp,
    token: &str,
    provider: &str,
    chip: &str,
    pem: &str,
    org: &str,
    domain: &str,
) -> (StatusCode, Value) {
    let request = json!({"ftpProviderId": provider, "ftpChipDeatilId": chip, "isItForRegistrationDevice": false,
        "certificateData": pem, "organizationName": org, "partnerDomain": domain});
    app.post(&format!("{CHIPS}/uploadcertificate"), token, legacy(request)).await
}

fn chip_leaf(issuing: &Authority, app: &TestApp, org: &str) -> String {
    issuing.leaf(&Subject::new("chip.example", org).lasting(Duration::days(-1), 730), app.services.now())
}

async fn decide_chip(app: &TestApp, admin: &str, id: &str, approve: bool) -> (StatusCode, Value) {
    app.patch(CHIPS, admin, legacy(json!({"ftpChipDetailId": id, "approvalStatus": approve}))).await
}

/// The chip as `GET /ftpchipdetail/v2` lists it.
async fn chip_item(app: &TestApp, token: &str, id: &str) -> Value {
    let (s, b) = app.get(&format!("{CHIPS}/v2?ftmId={id}"), token).await;
    let page = ok(s, &b);
    let found: Vec<&Value> = page["data"].as_array().unwrap().iter().filter(|i| i["ftmId"] == id).collect();
    assert_eq!(found.len(), 1, "{page}");
    found[0].clone()
}

/// An approved chip with an uploaded certificate.
async fn approved_chip(
    app: &TestApp,
    admin: &str,
    token: &str,
    issuing: &Authority,
    provider: &str,
    org: &str,
    model: &str,
) -> String {
    let id = new_chip(app, token, provider, "Chipco", model).await;
    let (s, b) = upload_chip_cert(app, token, provider, &id, &chip_leaf(issuing, app, org), org, "FTM").await;
    ok(s, &b);
    let (s, b) = decide_chip(app, admin, &id, true).await;
    ok(s, &b);
    id
}

/// Audit rows of `action` about `entity`, newest first.
async fn audit(app: &TestApp, admin: &str, action: &str, entity: &str) -> Vec<Value> {
    let (s, b) = app.get(&format!("/v1/pms/audit?action={action}&entityId={entity}&pageNo=0&pageSize=50"), admin).await;
    ok(s, &b)["data"].as_array().unwrap().clone()
}

async fn certificate_data(app: &TestApp, token: &str, path: &str) -> Value {
    let (s, b) = app.get(path, token).await;
    ok(s, &b)
}

fn pem_body(pem: &str) -> String {
    pem.lines().filter(|l| !l.starts_with("-----")).collect::<String>()
}

// ------------------------------------------------------------------ the stories

#[tokio::test]
async fn the_device_story_from_registration_to_sbi_deactivation() {
    let (app, admin) = spawn().await;
    let now = app.services.now();
    // The Partner Admin first trusts the device makers' CA.
    let root = Authority::root(&Subject::new("Device Root CA", "Device Trust"), now);
    let issuing = root.intermediate(&Subject::new("Device Issuing CA", "Device Trust"), now);
    upload_ca(&app, &admin, "DEVICE", &root.pem).await;
    upload_ca(&app, &admin, "DEVICE", &issuing.pem).await;

    // A device provider registers; until it is approved it cannot register an SBI.
    let dp = register(&app, "acme-devices", "Acme Devices", DEVICE_PROVIDER, "Device_Provider").await;
    let yesterday = now - Duration::days(1);
    let next_year = now + Duration::days(365);
    let (s, b) = post_sbi(&app, &dp, sbi_request("acme-devices", "1.0.0", yesterday, next_year)).await;
    refused(s, &b, "PMS_AUT_002");
    app.decide_partner(&admin, "acme-devices", "approve").await;

    // A certificate whose names do not fit the store is refused, not a server error.
    let long = issuing.leaf(&Subject::new(&"d".repeat(1100), "Acme Devices").lasting(Duration::days(-1), 730), now);
    let request = json!({"partnerId": "acme-devices", "certificateData": long, "partnerDomain": "DEVICE"});
    let (s, b) = app.post(&format!("{P}/partners/certificate/upload"), &dp, legacy(request)).await;
    refused(s, &b, "PMS_COR_001");
    // Its certificate chains to the DEVICE trust store and is re-signed.
    let cert =
        issuing.leaf(&Subject::new("acme-devices.example", "Acme Devices").lasting(Duration::days(-1), 730), now);
    let request = json!({"partnerId": "acme-devices", "certificateData": cert, "partnerDomain": "DEVICE"});
    let (s, b) = app.post(&format!("{P}/partners/certificate/upload"), &dp, legacy(request)).await;
    assert!(ok(s, &b)["signedCertificateData"].as_str().unwrap().starts_with("-----BEGIN CERTIFICATE-----"));

    // The SBI waits for the Partner Admin, who approves it.
    let (s, b) = post_sbi(&app, &dp, sbi_request("acme-devices", "1.0.0", yesterday, next_year)).await;
    let sbi = ok(s, &b)["id"].as_str().unwrap().to_string();
    let item = sbi_item(&app, &dp, &sbi).await;
    assert_eq!((item["status"].as_str(), item["isActive"].as_bool()), (Some("pending_approval"), Some(false)));
    assert_eq!(item["sbiVersion"], "1.0.0");
    assert_eq!(item["orgName"], "Acme Devices");
    assert_eq!(item["sbiExpiryStatus"], "valid");
    let (s, b) = decide_sbi(&app, &admin, &sbi, "Activate").await;
    ok(s, &b);
    assert_eq!(sbi_item(&app, &dp, &sbi).await["status"], "approved");

    // Three devices, one of each type; the Partner Admin approves one, rejects one, leaves one.
    let mut ids = Vec::new();
    for (kind, model) in [(("Finger", "Slap"), "FS-400"), (("Iris", "Double"), "IR-2"), (("Face", "Full face"), "FC-1")]
    {
        let (s, b) = add_device(&app, &dp, &sbi, device_request("acme-devices", kind, "Acme", model)).await;
        assert_eq!(b["id"], ADD_DEVICE, "{b}");
        ids.push(ok(s, &b)["id"].as_str().unwrap().to_string());
    }
    let (approved, rejected, waiting) = (&ids[0], &ids[1], &ids[2]);
    for id in &ids {
        assert_eq!(device_status(&app, &dp, id).await, "pending_approval");
    }
    let (s, b) = decide_device(&app, &admin, approved, "acme-devices", &sbi, "approved").await;
    assert_eq!(ok(s, &b), true);
    let (s, b) = decide_device(&app, &admin, rejected, "acme-devices", &sbi, "rejected").await;
    assert_eq!(ok(s, &b), true);
    assert_eq!(device_status(&app, &dp, approved).await, "approved");
    assert_eq!(device_status(&app, &dp, rejected).await, "rejected");
    assert_eq!(device_status(&app, &dp, waiting).await, "pending_approval");
    let item = sbi_item(&app, &dp, &sbi).await;
    assert_eq!(
        (
            item["countOfAssociatedDevices"].as_u64(),
            item["countOfApprovedDevices"].as_u64(),
            item["countOfPendingDevices"].as_u64()
        ),
        (Some(3), Some(1), Some(1)),
        "{item}"
    );

    // The provider deactivates the SBI: the approved device stops, the waiting one is turned down.
    let (s, b) = deactivate(&app, &dp, &format!("{SBI}/{sbi}"), DEACTIVATE_SBI).await;
    let r = ok(s, &b);
    assert_eq!(
        (r["sbiId"].as_str(), r["status"].as_str(), r["isActive"].as_bool()),
        (Some(sbi.as_str()), Some("deactivated"), Some(false))
    );
    assert_eq!(r["sbiVersion"], "1.0.0");
    assert_eq!(device_status(&app, &dp, approved).await, "deactivated");
    assert_eq!(device_status(&app, &dp, rejected).await, "rejected");
    assert_eq!(device_status(&app, &dp, waiting).await, "rejected");
    let (s, b) = app.get(&format!("{SBI}/{sbi}/devices"), &dp).await;
    let listed = ok(s, &b);
    let state = |id: &str| {
        let d = listed.as_array().unwrap().iter().find(|d| d["deviceId"] == id).unwrap_or_else(|| panic!("{listed}"));
        (d["status"].as_str().unwrap().to_string(), d["isActive"].as_bool().unwrap())
    };
    assert_eq!(listed.as_array().unwrap().len(), 3, "{listed}");
    assert_eq!(state(approved), ("approved".to_string(), false), "deactivated: stored approved, not active");
    assert_eq!(state(rejected), ("rejected".to_string(), false));
    assert_eq!(state(waiting), ("rejected".to_string(), false));
    let item = sbi_item(&app, &dp, &sbi).await;
    assert_eq!(item["status"], "deactivated");
    assert_eq!(
        (
            item["countOfAssociatedDevices"].as_u64(),
            item["countOfApprovedDevices"].as_u64(),
            item["countOfPendingDevices"].as_u64()
        ),
        (Some(3), Some(0), Some(0)),
        "{item}"
    );
    let (s, b) = app.get(&format!("{DEVICES}?sbiId={sbi}&status=rejected&pageNo=0&pageSize=10"), &dp).await;
    assert_eq!(ok(s, &b)["totalResults"], 2);

    // The provider was told of each decision.
    let mail: Vec<String> = app
        .mailbox()
        .await
        .into_iter()
        .map(|m| qp_decode(&m))
        .filter(|m| m.contains("contact@acme-devices.example"))
        .collect();
    for subject in [
        "Your SBI 1.0.0 was approved",
        "Your device Acme FS-400 was approved",
        "Your device Acme IR-2 was not approved",
    ] {
        assert!(mail.iter().any(|m| m.contains(subject)), "no e-mail {subject:?} in {mail:#?}");
    }
    assert!(!mail.iter().any(|m| m.contains("FC-1")), "no decision was made on the third device");
    assert!(mail.iter().any(|m| m.contains("checked by a test")), "the reason is told");

    // The audit trail has the decisions and the cascade.
    let decided = audit(&app, &admin, "sbi.decide", &sbi).await;
    assert_eq!(decided.len(), 1, "{decided:?}");
    assert_eq!(
        (decided[0]["beforeStatus"].as_str(), decided[0]["afterStatus"].as_str()),
        (Some("pending_approval"), Some("approved"))
    );
    assert_eq!(decided[0]["actor"], "admin");
    let rows = audit(&app, &admin, "device.cascade", waiting).await;
    assert_eq!((rows.len(), rows[0]["afterStatus"].as_str()), (1, Some("rejected")), "{rows:?}");
    let rows = audit(&app, &admin, "device.cascade", approved).await;
    assert_eq!(rows[0]["afterStatus"], "deactivated", "{rows:?}");
    assert!(audit(&app, &admin, "device.cascade", rejected).await.is_empty(), "a rejected device does not move");
    let rows = audit(&app, &admin, "sbi.deactivate", &sbi).await;
    assert_eq!(rows[0]["actor"], "acme-devices");
    assert_eq!(
        (rows[0]["details"]["devicesDeactivated"].as_u64(), rows[0]["details"]["devicesRejected"].as_u64()),
        (Some(1), Some(1))
    );
}

#[tokio::test]
async fn the_ftm_story_from_chip_to_deactivation() {
    let (app, admin) = spawn().await;
    let issuing = ftm_trust(&app, &admin).await;
    let ftm = ftm_provider(&app, &admin, "chip-makers", "Chip Makers").await;
    // A CA whose name does not fit the trust store is refused, not a server error.
    let long = Authority::root(&Subject::new(&"r".repeat(1100), "Chip Trust"), app.services.now());
    let (s, b) =
        app.post(CA_UPLOAD, &admin, legacy(json!({"certificateData": long.pem, "partnerDomain": "FTM"}))).await;
    refused(s, &b, "PMS_COR_001");

    let chip = new_chip(&app, &ftm, "chip-makers", "Chipco", "TPM-9").await;
    let item = chip_item(&app, &ftm, &chip).await;
    assert_eq!(
        (item["status"].as_str(), item["isCertificateAvailable"].as_bool()),
        (Some("pending_cert_upload"), Some(false))
    );
    assert_eq!(item["orgName"], "Chip Makers");
    // Nothing to approve or download before a certificate is uploaded.
    let (s, b) = decide_chip(&app, &admin, &chip, true).await;
    refused(s, &b, "PMP_AUT_033");
    let (s, b) = app.get(&format!("{CHIPS}/{chip}/certificate-data"), &ftm).await;
    refused(s, &b, "PMS_FTM_ERROR_008");
    let (s, b) = app.get(&format!("{CHIPS}/getPartnerCertificate/{chip}"), &ftm).await;
    refused(s, &b, "PMP_AUT_033");

    // The chip certificate chains to the FTM trust store and names the provider's organisation.
    let leaf = chip_leaf(&issuing, &app, "Chip Makers");
    let (s, b) = upload_chip_cert(&app, &ftm, "chip-makers", &chip, &leaf, "Chip Makers", "FTM").await;
    let first = ok(s, &b);
    let signed = first["signedCertificateData"].as_str().unwrap().to_string();
    assert!(signed.starts_with("-----BEGIN CERTIFICATE-----"), "{first}");
    assert_ne!(pem_body(&signed), pem_body(&leaf), "the platform CA re-signs it");
    assert_eq!(chip_item(&app, &ftm, &chip).await["status"], "pending_approval");
    app.deliver().await;
    let events = app.events("CA_CERTIFICATE_UPLOADED").await;
    let chip_event = events
        .iter()
        .find(|e| {
            e["payload"]["event"]["type"]["namespace"]
                == "io.mosip.pms.device.authdevice.service.impl.FTPChipDetailServiceImpl"
        })
        .unwrap_or_else(|| panic!("no chip CA_CERTIFICATE_UPLOADED event: {events:?}"));
    assert_eq!(chip_event["payload"]["event"]["data"]["partnerDomain"], "FTM");
    let url = chip_event["payload"]["event"]["data"]["certChainDatashareUrl"].as_str().unwrap();
    assert!(url.contains("/v1/pms/certificate-chains/"), "{url}");

    // Both copies can be read while the chip waits.
    let (s, b) = app.get(&format!("{CHIPS}/{chip}/certificate-data"), &ftm).await;
    let data = ok(s, &b);
    assert_eq!(pem_body(data["caSignedCertificateData"].as_str().unwrap()), pem_body(&leaf));
    assert_eq!(pem_body(data["mosipSignedCertificateData"].as_str().unwrap()), pem_body(&signed));
    assert_eq!(
        (data["isCaSignedCertificateExpired"].as_bool(), data["isMosipSignedCertificateExpired"].as_bool()),
        (Some(false), Some(false))
    );
    assert_eq!(data["isTrusted"], true);
    assert!((360..=365).contains(&data["daysLeft"].as_i64().unwrap()), "the platform copy ends first: {data}");
    let (s, b) = app.get(&format!("{CHIPS}/getPartnerCertificate/{chip}"), &ftm).await;
    assert_eq!(pem_body(ok(s, &b)["certificateData"].as_str().unwrap()), pem_body(&signed));

    // The Partner Admin approves it, once.
    let (s, b) = decide_chip(&app, &admin, &chip, true).await;
    assert_eq!(ok(s, &b), "Status updated successfully.");
    let (s, b) = decide_chip(&app, &admin, &chip, false).await;
    refused(s, &b, "PMS_FTM_011");
    let (s, b) = app.get(CHIPS, &ftm).await;
    let mine = ok(s, &b);
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
    assert_eq!((mine[0]["ftmId"].as_str(), mine[0]["status"].as_str()), (Some(chip.as_str()), Some("approved")));
    assert_eq!(
        (mine[0]["isCertificateAvailable"].as_bool(), mine[0]["isCertificateExpired"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(mine[0]["partnerStatus"], "approved");
    let item = chip_item(&app, &admin, &chip).await;
    assert_eq!((item["status"].as_str(), item["isActive"].as_bool()), (Some("approved"), Some(true)));

    // A new certificate is a new version, and the chip waits for approval again.
    let renewed = issuing
        .leaf(&Subject::new("chip-2.example", "Chip Makers").lasting(Duration::days(-1), 800), app.services.now());
    let (s, b) = upload_chip_cert(&app, &ftm, "chip-makers", &chip, &renewed, "chip makers", "ftm").await;
    let second = ok(s, &b);
    assert_ne!(second["certificateId"], first["certificateId"]);
    assert_eq!(chip_item(&app, &ftm, &chip).await["status"], "pending_approval");
    let (s, b) = app.get(&format!("{CHIPS}/{chip}/certificate-data"), &ftm).await;
    assert_eq!(pem_body(ok(s, &b)["caSignedCertificateData"].as_str().unwrap()), pem_body(&renewed));
    let history = audit(&app, &admin, "ftm_chip.certificate_upload", &chip).await;
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(history[0]["details"]["version"], 2);
    assert_eq!(
        (history[0]["beforeStatus"].as_str(), history[0]["afterStatus"].as_str()),
        (Some("approved"), Some("pending_approval"))
    );
    let (s, b) = decide_chip(&app, &admin, &chip, true).await;
    ok(s, &b);

    // Deactivated, the chip's certificates are no longer served nor replaced.
    let (s, b) = deactivate(&app, &ftm, &format!("{CHIPS}/{chip}"), DEACTIVATE_FTM).await;
    let r = ok(s, &b);
    assert_eq!(
        (r["ftmId"].as_str(), r["status"].as_str(), r["isActive"].as_bool()),
        (Some(chip.as_str()), Some("deactivated"), Some(false))
    );
    assert_eq!(chip_item(&app, &ftm, &chip).await["status"], "deactivated");
    let (s, b) = app.get(&format!("{CHIPS}/{chip}/certificate-data"), &ftm).await;
    refused(s, &b, "PMS_FTM_ERROR_009");
    let (s, b) = upload_chip_cert(&app, &ftm, "chip-makers", &chip, &renewed, "Chip Makers", "FTM").await;
    refused(s, &b, "PMP_AUT_039");
    let (s, b) = deactivate(&app, &ftm, &format!("{CHIPS}/{chip}"), DEACTIVATE_FTM).await;
    refused(s, &b, "PMS_FTM_ERROR_007");
    let (s, b) = decide_chip(&app, &admin, &chip, true).await;
    refused(s, &b, "PMS_FTM_011");
    let decisions = audit(&app, &admin, "ftm_chip.decide", &chip).await;
    assert_eq!(decisions.iter().filter(|a| a["outcome"] == "success").count(), 2, "{decisions:?}");
    assert!(decisions.iter().any(|a| a["outcome"] == "failure"), "refused decisions are audited too: {decisions:?}");

    // Refused uploads, on a second chip: it keeps waiting for its certificate.
    let other = new_chip(&app, &ftm, "chip-makers", "Chipco", "TPM-10").await;
    let now = app.services.now();
    let stranger = Authority::root(&Subject::new("Stranger Root", "Elsewhere"), now);
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("another organisation", chip_leaf(&issuing, &app, "Other Chips"), "Other Chips", "KER-PCM-008"),
        ("the organisation field differs", leaf.clone(), "Other Chips", "KER-PCM-008"),
        ("the wrong domain", leaf.clone(), "Chip Makers", "KER-PCM-011"),
    ];
    for (what, pem, org, code) in cases {
        let domain = if code == "KER-PCM-011" { "DEVICE" } else { "FTM" };
        let (s, b) = upload_chip_cert(&app, &ftm, "chip-makers", &other, &pem, org, domain).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{what}: {b}");
    }
    let foreign = stranger.leaf(&Subject::new("chip.example", "Chip Makers").lasting(Duration::days(-1), 730), now);
    let (s, b) = upload_chip_cert(&app, &ftm, "chip-makers", &other, &foreign, "Chip Makers", "FTM").await;
    assert_eq!(s, StatusCode::OK);
    let code = error_code(&b).unwrap_or_default();
    assert!(code.starts_with("KER-PCM-"), "a certificate of another trust chain: {b}");
    let (s, b) =
        upload_chip_cert(&app, &ftm, "chip-makers", &other, &format!("{leaf}{}", issuing.pem), "Chip Makers", "FTM")
            .await;
    refused(s, &b, "PMS_COR_001");
    // A chip of another FTM provider.
    let rival = ftm_provider(&app, &admin, "rival-chips", "Rival Chips").await;
    let rivals = new_chip(&app, &rival, "rival-chips", "Rivalco", "R-1").await;
    let (s, b) = upload_chip_cert(&app, &admin, "chip-makers", &rivals, &leaf, "Chip Makers", "FTM").await;
    refused(s, &b, "PMP_AUT_034");
    let (s, b) = upload_chip_cert(&app, &ftm, "chip-makers", &rivals, &leaf, "Chip Makers", "FTM").await;
    refused(s, &b, "PMS_FTM_ERROR_006");
    assert_eq!(chip_item(&app, &ftm, &other).await["status"], "pending_cert_upload");
    assert_eq!(chip_item(&app, &admin, &rivals).await["status"], "pending_cert_upload");
    assert!(audit(&app, &admin, "ftm_chip.certificate_upload", &other).await.iter().all(|a| a["outcome"] == "failure"));
}

// ------------------------------------------------------------------ SBI rules

#[tokio::test]
async fn sbi_registration_follows_mosips_date_and_version_rules() {
    let (app, admin) = spawn().await;
    let dp = device_provider(&app, &admin, "acme-devices", "Acme Devices").await;
    let now = app.services.now();
    let day = Duration::days(1);
    let cases: Vec<(&str, Value, &str)> = vec![
        ("created tomorrow", sbi_request("acme-devices", "1", now + day, now + day * 30), "PMS_AUT_514"),
        ("ending today", sbi_request("acme-devices", "1", now - day, now), "PMS_AUT_508"),
        ("ended yesterday", sbi_request("acme-devices", "1", now - day * 3, now - day), "PMS_AUT_508"),
        ("created eleven years ago", sbi_request("acme-devices", "1", now - day * 4020, now + day * 30), "PMS_AUT_516"),
        ("ending in eleven years", sbi_request("acme-devices", "1", now - day, now + day * 4020), "PMS_AUT_515"),
        (
            "no version",
            json!({"providerId": "acme-devices", "swBinaryHash": "h", "swCreateDateTime": time(now - day), "swExpiryDateTime": time(now + day * 30)}),
            "PMS_COR_001",
        ),
        (
            "no expiry",
            json!({"providerId": "acme-devices", "swBinaryHash": "h", "swVersion": "1", "swCreateDateTime": time(now - day)}),
            "PMS_COR_001",
        ),
        (
            "a hash beyond 36 characters",
            json!({"providerId": "acme-devices", "swBinaryHash": "h".repeat(37), "swVersion": "1", "swCreateDateTime": time(now - day), "swExpiryDateTime": time(now + day * 30)}),
            "PMS_COR_001",
        ),
        (
            "no provider",
            json!({"swBinaryHash": "h", "swVersion": "1", "swCreateDateTime": time(now - day), "swExpiryDateTime": time(now + day * 30)}),
            "PMS_COR_001",
        ),
        ("an unknown provider", sbi_request("no-such-provider", "1", now - day, now + day * 30), "PMS_AUT_002"),
    ];
    for (what, request, code) in cases {
        let (s, b) = post_sbi(&app, &dp, request).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{what}: {b}");
    }
    // The created date may be now, the expiry nearly ten years ahead.
    let (s, b) = post_sbi(&app, &dp, sbi_request("acme-devices", "1.0", now, now + day * 3600)).await;
    let first = ok(s, &b)["id"].as_str().unwrap().to_string();
    let (s, b) = post_sbi(&app, &dp, sbi_request("acme-devices", "1.0", now - day, now + day * 30)).await;
    refused(s, &b, "PMS_AUT_512");
    // Another provider may use the same version.
    let other = device_provider(&app, &admin, "other-devices", "Other Devices").await;
    let (s, b) = post_sbi(&app, &other, sbi_request("other-devices", "1.0", now - day, now + day * 30)).await;
    ok(s, &b);
    // An FTM provider's id is not a device provider's.
    ftm_provider(&app, &admin, "chip-makers", "Chip Makers").await;
    let (s, b) = post_sbi(&app, &admin, sbi_request("chip-makers", "1.0", now - day, now + day * 30)).await;
    refused(s, &b, "PMS_DEVICE_ERROR_003");
    let (s, b) = app.get(&format!("{SBI}?partnerId=acme-devices"), &admin).await;
    let page = ok(s, &b);
    assert_eq!(
        page["data"].as_array().unwrap().iter().filter(|i| i["partnerId"] == "acme-devices").count(),
        1,
        "refusals store nothing: {page}"
    );
    assert_eq!(audit(&app, &admin, "sbi.create", &first).await.len(), 1);

    // PUT changes a waiting SBI only.
    let put = |id: &str, request: Value| {
        let mut r = request;
        r["id"] = json!(id);
        r["isActive"] = json!(true);
        legacy(r)
    };
    let (s, b) = app.put(SBI, &dp, put(&first, sbi_request("acme-devices", "1.1", now - day, now + day * 60))).await;
    assert_eq!(ok(s, &b)["id"], first);
    let item = sbi_item(&app, &dp, &first).await;
    assert_eq!(
        (item["sbiVersion"].as_str(), item["status"].as_str()),
        (Some("1.1"), Some("pending_approval")),
        "isActive is ignored"
    );
    let second = new_sbi(&app, &dp, "acme-devices", "2.0").await;
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "the version of another SBI",
            put(&second, sbi_request("acme-devices", "1.1", now - day, now + day * 60)),
            "PMS_AUT_512",
        ),
        (
            "an unknown SBI",
            put("no-such-sbi", sbi_request("acme-devices", "3", now - day, now + day * 60)),
            "PMS_AUT_007",
        ),
        (
            "created tomorrow",
            put(&second, sbi_request("acme-devices", "2.0", now + day, now + day * 60)),
            "PMS_AUT_514",
        ),
        ("ending yesterday", put(&second, sbi_request("acme-devices", "2.0", now - day * 2, now - day)), "PMS_AUT_508"),
        (
            "created long ago",
            put(&second, sbi_request("acme-devices", "2.0", now - day * 4020, now + day)),
            "PMS_AUT_516",
        ),
        (
            "ending far ahead",
            put(&second, sbi_request("acme-devices", "2.0", now - day, now + day * 4020)),
            "PMS_AUT_515",
        ),
        ("no id", legacy(sbi_request("acme-devices", "2.0", now - day, now + day * 60)), "PMS_COR_001"),
    ];
    for (what, body, code) in cases {
        let (s, b) = app.put(SBI, &dp, body).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{what}: {b}");
    }
    let (s, b) =
        app.put(SBI, &other, put(&second, sbi_request("acme-devices", "2.0", now - day, now + day * 60))).await;
    refused(s, &b, "PMS_DEVICE_ERROR_019");

    // Decisions: Activate or De-activate, each once.
    let (s, b) = decide_sbi(&app, &admin, &first, "Approve").await;
    refused(s, &b, "PMS_AUT_026");
    let (s, b) = decide_sbi(&app, &admin, "no-such-sbi", "Activate").await;
    refused(s, &b, "PMS_AUT_007");
    let (s, b) = app.patch(SBI, &admin, legacy(json!({"id": first}))).await;
    refused(s, &b, "PMS_COR_001");
    let (s, b) = decide_sbi(&app, &dp, &first, "Activate").await;
    assert_eq!(
        (s, error_code(&b).as_deref()),
        (StatusCode::FORBIDDEN, Some("KER-ATH-403")),
        "only the Partner Admin decides"
    );
    let (s, b) = decide_sbi(&app, &admin, &first, "Activate").await;
    ok(s, &b);
    for decision in ["Activate", "De-activate"] {
        let (s, b) = decide_sbi(&app, &admin, &first, decision).await;
        refused(s, &b, "PMS_AUT_517");
    }
    let (s, b) = decide_sbi(&app, &admin, &second, "De-activate").await;
    assert_eq!(ok(s, &b), "Secure biometric details rejected successfully.");
    assert_eq!(sbi_item(&app, &dp, &second).await["status"], "rejected");
    for decision in ["Activate", "De-activate"] {
        let (s, b) = decide_sbi(&app, &admin, &second, decision).await;
        refused(s, &b, "PMS_AUT_518");
    }
    let (s, b) = app.put(SBI, &dp, put(&first, sbi_request("acme-devices", "1.2", now - day, now + day * 60))).await;
    refused(s, &b, "PMS_AUT_517");
    let (s, b) = app.put(SBI, &dp, put(&second, sbi_request("acme-devices", "2.1", now - day, now + day * 60))).await;
    refused(s, &b, "PMS_AUT_518");
    // A deactivated SBI can be approved again, not rejected nor edited.
    let (s, b) = deactivate(&app, &dp, &format!("{SBI}/{first}"), DEACTIVATE_SBI).await;
    ok(s, &b);
    let (s, b) = decide_sbi(&app, &admin, &first, "De-activate").await;
    refused(s, &b, "PMS_DEVICE_ERROR_020");
    let (s, b) = app.put(SBI, &dp, put(&first, sbi_request("acme-devices", "1.2", now - day, now + day * 60))).await;
    refused(s, &b, "PMS_DEVICE_ERROR_020");
    let (s, b) = decide_sbi(&app, &admin, &first, "Activate").await;
    ok(s, &b);
    assert_eq!(sbi_item(&app, &dp, &first).await["status"], "approved");
}

// ------------------------------------------------------------------ devices

#[tokio::test]
async fn adding_a_device_checks_everything_and_a_refusal_stores_nothing() {
    let (app, admin) = spawn().await;
    let dp = device_provider(&app, &admin, "acme-devices", "Acme Devices").await;
    let other = device_provider(&app, &admin, "other-devices", "Other Devices").await;
    let sbi = approved_sbi(&app, &admin, &dp, "acme-devices", "1.0").await;
    let others_sbi = approved_sbi(&app, &admin, &other, "other-devices", "1.0").await;
    let pending = new_sbi(&app, &dp, "acme-devices", "2.0").await;
    let rejected = new_sbi(&app, &dp, "acme-devices", "3.0").await;
    let (s, b) = decide_sbi(&app, &admin, &rejected, "De-activate").await;
    ok(s, &b);
    let deactivated = approved_sbi(&app, &admin, &dp, "acme-devices", "4.0").await;
    let (s, b) = deactivate(&app, &dp, &format!("{SBI}/{deactivated}"), DEACTIVATE_SBI).await;
    ok(s, &b);
    let now = app.services.now();
    let expiring = new_sbi_ending(&app, &dp, "acme-devices", "5.0", now + Duration::days(2)).await;
    let (s, b) = decide_sbi(&app, &admin, &expiring, "Activate").await;
    ok(s, &b);
    let existing = new_device(&app, &dp, &sbi, "acme-devices", "FS-1").await;
    let before = device_total(&app, &admin).await;

    let good = device_request("acme-devices", ("Finger", "Slap"), "Acme", "FS-2");
    let cases: Vec<(&str, &str, &str, Value, &str)> = vec![
        (
            "another user's provider",
            &dp,
            &sbi,
            device_request("other-devices", ("Finger", "Slap"), "Acme", "FS-2"),
            "PMS_DEVICE_ERROR_001",
        ),
        (
            "an unknown subtype",
            &dp,
            &sbi,
            device_request("acme-devices", ("Finger", "Palm"), "Acme", "FS-2"),
            "PMS_AUT_001",
        ),
        (
            "a subtype of another type",
            &dp,
            &sbi,
            device_request("acme-devices", ("Face", "Slap"), "Acme", "FS-2"),
            "PMS_AUT_001",
        ),
        (
            "the same make and model again",
            &dp,
            &sbi,
            device_request("acme-devices", ("Finger", "Slap"), "Acme", "FS-1"),
            "PMS_AUT_003",
        ),
        ("an unknown SBI", &dp, "no-such-sbi", good.clone(), "PMS_DEVICE_ERROR_005"),
        ("another provider's SBI", &admin, &others_sbi, good.clone(), "PMS_DEVICE_ERROR_002"),
        ("a waiting SBI", &dp, &pending, good.clone(), "PMS_DEVICE_ERROR_009"),
        ("a rejected SBI", &dp, &rejected, good.clone(), "PMS_DEVICE_ERROR_028"),
        ("a deactivated SBI", &dp, &deactivated, good.clone(), "PMS_DEVICE_ERROR_029"),
        (
            "no make",
            &dp,
            &sbi,
            json!({"deviceProviderId": "acme-devices", "deviceTypeCode": "Finger", "deviceSubTypeCode": "Slap", "model": "FS-2"}),
            "PMS_COR_001",
        ),
        (
            "a model beyond 36 characters",
            &dp,
            &sbi,
            device_request("acme-devices", ("Finger", "Slap"), "Acme", &"M".repeat(37)),
            "PMS_COR_001",
        ),
        (
            "an unknown provider",
            &admin,
            &sbi,
            device_request("nobody", ("Finger", "Slap"), "Acme", "FS-2"),
            "PMS_AUT_002",
        ),
    ];
    for (what, token, sbi_id, request, code) in cases {
        let (s, b) = add_device(&app, token, sbi_id, request).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{what}: {b}");
        assert_eq!(b["id"], ADD_DEVICE, "{what}: the V2 reply carries the endpoint's id");
    }
    // Past its expiry date the SBI takes no more devices.
    app.clock.advance(Duration::days(3));
    let (s, b) = add_device(&app, &dp, &expiring, good.clone()).await;
    refused(s, &b, "PMS_DEVICE_ERROR_021");
    app.clock.advance(Duration::days(-3));
    // The Partner Admin may add a device for any provider.
    let (s, b) = app.post(&format!("{SBI}/{sbi}/devices"), &admin, v2(ADD_DEVICE, good.clone())).await;
    let added_by_admin = ok(s, &b)["id"].as_str().unwrap().to_string();
    assert_eq!(device_total(&app, &admin).await, before + 1, "nothing was left behind by the refusals");
    // The refused make and model is free: the admin's FS-2 took it, a second one is a duplicate.
    let (s, b) = add_device(&app, &dp, &sbi, good.clone()).await;
    refused(s, &b, "PMS_AUT_003");
    let (s, b) = app.get(&format!("{SBI}/{sbi}/devices"), &dp).await;
    let listed: Vec<String> =
        ok(s, &b).as_array().unwrap().iter().map(|d| d["deviceId"].as_str().unwrap().to_string()).collect();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(listed.contains(&existing) && listed.contains(&added_by_admin));
    for id in [&pending, &rejected, &deactivated, &expiring] {
        assert_eq!(sbi_item(&app, &dp, id).await["countOfAssociatedDevices"], 0, "no device under {id}");
    }
    // A rejected device's make and model may be registered again.
    let (s, b) = decide_device(&app, &admin, &existing, "acme-devices", &sbi, "rejected").await;
    ok(s, &b);
    let again = new_device(&app, &dp, &sbi, "acme-devices", "FS-1").await;
    assert_ne!(again, existing);

    // A provider the Partner Admin deactivated adds nothing.
    app.decide_partner(&admin, "acme-devices", "deactivate").await;
    let (s, b) = add_device(&app, &dp, &sbi, device_request("acme-devices", ("Iris", "Single"), "Acme", "IR-1")).await;
    refused(s, &b, "PMS_AUT_002");
    let (s, b) =
        add_device(&app, &other, &others_sbi, device_request("other-devices", ("Finger", "Slap"), "Acme", "FS-2"))
            .await;
    ok(s, &b);
}

#[tokio::test]
async fn device_decisions_are_guarded() {
    let (app, admin) = spawn().await;
    let dp = device_provider(&app, &admin, "acme-devices", "Acme Devices").await;
    let other = device_provider(&app, &admin, "other-devices", "Other Devices").await;
    let sbi = approved_sbi(&app, &admin, &dp, "acme-devices", "1.0").await;
    let second_sbi = approved_sbi(&app, &admin, &dp, "acme-devices", "1.1").await;
    let others_sbi = approved_sbi(&app, &admin, &other, "other-devices", "1.0").await;
    let others_device = new_device(&app, &other, &others_sbi, "other-devices", "OT-1").await;
    let device = new_device(&app, &dp, &sbi, "acme-devices", "FS-1").await;
    let pending = new_sbi(&app, &dp, "acme-devices", "2.0").await;
    let rejected = new_sbi(&app, &dp, "acme-devices", "3.0").await;
    let (s, b) = decide_sbi(&app, &admin, &rejected, "De-activate").await;
    ok(s, &b);
    let url = format!("{DEVICES}/{device}/approval");
    let send = |request: Value| {
        let (app, admin, url) = (&app, &admin, &url);
        async move { app.post(url, admin, v2(DECIDE_DEVICE, request)).await }
    };
    let cases: Vec<(&str, Value, &str)> = vec![
        ("no partner", json!({"sbiId": sbi, "status": "approved"}), "PMS_REQUEST_ERROR_001"),
        ("no status", json!({"partnerId": "acme-devices", "sbiId": sbi}), "PMS_REQUEST_ERROR_001"),
        (
            "an unknown status",
            json!({"partnerId": "acme-devices", "sbiId": sbi, "status": "Activate"}),
            "PMS_DEVICE_ERROR_027",
        ),
        ("approval without an SBI", json!({"partnerId": "acme-devices", "status": "approved"}), "PMS_DEVICE_ERROR_024"),
        (
            "rejection without an SBI",
            json!({"partnerId": "acme-devices", "sbiId": " ", "status": "rejected"}),
            "PMS_DEVICE_ERROR_025",
        ),
        (
            "an unknown SBI",
            json!({"partnerId": "acme-devices", "sbiId": "no-such-sbi", "status": "approved"}),
            "PMS_DEVICE_ERROR_005",
        ),
        (
            "the SBI of another partner",
            json!({"partnerId": "acme-devices", "sbiId": others_sbi, "status": "approved"}),
            "PMS_DEVICE_ERROR_002",
        ),
        (
            "a waiting SBI",
            json!({"partnerId": "acme-devices", "sbiId": pending, "status": "approved"}),
            "PMS_DEVICE_ERROR_009",
        ),
        (
            "a rejected SBI",
            json!({"partnerId": "acme-devices", "sbiId": rejected, "status": "approved"}),
            "PMS_DEVICE_ERROR_028",
        ),
        (
            "an SBI it is not mapped to",
            json!({"partnerId": "acme-devices", "sbiId": second_sbi, "status": "approved"}),
            "PMS_DEVICE_ERROR_012",
        ),
    ];
    for (what, request, code) in cases {
        let (s, b) = send(request).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{what}: {b}");
    }
    let (s, b) = decide_device(&app, &admin, "no-such-device", "acme-devices", &sbi, "approved").await;
    refused(s, &b, "PMS_DEVICE_ERROR_006");
    let (s, b) = decide_device(&app, &admin, &others_device, "acme-devices", &sbi, "approved").await;
    refused(s, &b, "PMS_DEVICE_ERROR_007");
    let (s, b) = decide_device(&app, &dp, &device, "acme-devices", &sbi, "approved").await;
    assert_eq!((s, error_code(&b).as_deref()), (StatusCode::FORBIDDEN, Some("KER-ATH-403")));
    assert_eq!(device_status(&app, &dp, &device).await, "pending_approval", "refusals change nothing");

    let (s, b) = decide_device(&app, &admin, &device, "acme-devices", &sbi, "approved").await;
    ok(s, &b);
    for status in ["approved", "rejected"] {
        let (s, b) = decide_device(&app, &admin, &device, "acme-devices", &sbi, status).await;
        refused(s, &b, "PMS_DEVICE_ERROR_010");
    }
    // The SBI's state matters for approvals, not rejections.
    let late = new_device(&app, &dp, &sbi, "acme-devices", "FS-2").await;
    let expiring = new_sbi_ending(&app, &dp, "acme-devices", "4.0", app.services.now() + Duration::days(2)).await;
    let (s, b) = decide_sbi(&app, &admin, &expiring, "Activate").await;
    ok(s, &b);
    let on_expiring = new_device(&app, &dp, &expiring, "acme-devices", "FS-3").await;
    let (s, b) = deactivate(&app, &dp, &format!("{SBI}/{sbi}"), DEACTIVATE_SBI).await;
    ok(s, &b);
    assert_eq!(device_status(&app, &dp, &late).await, "rejected", "the cascade turned the waiting device down");
    let cascaded = new_device(&app, &dp, &second_sbi, "acme-devices", "FS-4").await;
    let (s, b) = deactivate(&app, &dp, &format!("{SBI}/{second_sbi}"), DEACTIVATE_SBI).await;
    ok(s, &b);
    let (s, b) = decide_device(&app, &admin, &cascaded, "acme-devices", &second_sbi, "approved").await;
    refused(s, &b, "PMS_DEVICE_ERROR_029");
    app.clock.advance(Duration::days(3));
    let (s, b) = decide_device(&app, &admin, &on_expiring, "acme-devices", &expiring, "approved").await;
    refused(s, &b, "PMS_DEVICE_ERROR_021");
    let (s, b) = decide_device(&app, &admin, &on_expiring, "acme-devices", &expiring, "rejected").await;
    ok(s, &b);
    assert_eq!(device_status(&app, &admin, &on_expiring).await, "rejected");
    let rows = audit(&app, &admin, "device.decide", &on_expiring).await;
    let mut outcomes: Vec<&str> = rows.iter().map(|r| r["outcome"].as_str().unwrap()).collect();
    outcomes.sort();
    assert_eq!(outcomes, ["failure", "success"], "{rows:?}");
}

#[tokio::test]
async fn deactivations_are_guarded() {
    let (app, admin) = spawn().await;
    let dp = device_provider(&app, &admin, "acme-devices", "Acme Devices").await;
    let other = device_provider(&app, &admin, "other-devices", "Other Devices").await;
    let sbi = approved_sbi(&app, &admin, &dp, "acme-devices", "1.0").await;
    let pending_sbi = new_sbi(&app, &dp, "acme-devices", "2.0").await;
    let device = new_device(&app, &dp, &sbi, "acme-devices", "FS-1").await;
    let waiting = new_device(&app, &dp, &sbi, "acme-devices", "FS-2").await;
    let (s, b) = decide_device(&app, &admin, &device, "acme-devices", &sbi, "approved").await;
    ok(s, &b);

    // Devices.
    let path = |id: &str| format!("{DEVICES}/{id}");
    let (s, b) = app.patch(&path(&device), &dp, v2(DEACTIVATE_DEVICE, json!({"status": "De-activate"}))).await;
    refused(s, &b, "PMS_DEVICE_ERROR_026");
    let (s, b) = app.patch(&path(&device), &dp, v2(DEACTIVATE_DEVICE, json!({}))).await;
    refused(s, &b, "PMS_DEVICE_ERROR_026");
    let (s, b) = deactivate(&app, &dp, &path(&"d".repeat(37)), DEACTIVATE_DEVICE).await;
    refused(s, &b, "PMS_DEVICE_ERROR_013");
    let (s, b) = deactivate(&app, &dp, &path("no-such-device"), DEACTIVATE_DEVICE).await;
    refused(s, &b, "PMS_DEVICE_ERROR_006");
    let (s, b) = deactivate(&app, &other, &path(&device), DEACTIVATE_DEVICE).await;
    refused(s, &b, "PMS_DEVICE_ERROR_016");
    let (s, b) = deactivate(&app, &dp, &path(&waiting), DEACTIVATE_DEVICE).await;
    refused(s, &b, "PMS_DEVICE_ERROR_023");
    let (s, b) = deactivate(&app, &dp, &path(&device), DEACTIVATE_DEVICE).await;
    let r = ok(s, &b);
    assert_eq!(
        (r["deviceId"].as_str(), r["status"].as_str(), r["isActive"].as_bool()),
        (Some(device.as_str()), Some("deactivated"), Some(false))
    );
    assert_eq!(device_status(&app, &dp, &device).await, "deactivated");
    let (s, b) = deactivate(&app, &admin, &path(&device), DEACTIVATE_DEVICE).await;
    refused(s, &b, "PMS_DEVICE_ERROR_014");
    assert_eq!(device_status(&app, &dp, &waiting).await, "pending_approval", "the SBI's other device is untouched");

    // SBIs.
    let spath = |id: &str| format!("{SBI}/{id}");
    let (s, b) = app.patch(&spath(&sbi), &dp, v2(DEACTIVATE_SBI, json!({"status": "Deactivate"}))).await;
    refused(s, &b, "PMS_DEVICE_ERROR_026");
    let (s, b) = deactivate(&app, &dp, &spath(&"s".repeat(37)), DEACTIVATE_SBI).await;
    refused(s, &b, "PMS_DEVICE_ERROR_017");
    let (s, b) = deactivate(&app, &dp, &spath("no-such-sbi"), DEACTIVATE_SBI).await;
    refused(s, &b, "PMS_DEVICE_ERROR_005");
    let (s, b) = deactivate(&app, &other, &spath(&sbi), DEACTIVATE_SBI).await;
    refused(s, &b, "PMS_DEVICE_ERROR_019");
    let (s, b) = deactivate(&app, &dp, &spath(&pending_sbi), DEACTIVATE_SBI).await;
    refused(s, &b, "PMS_DEVICE_ERROR_022");
    let (s, b) = deactivate(&app, &admin, &spath(&sbi), DEACTIVATE_SBI).await;
    ok(s, &b);
    let (s, b) = deactivate(&app, &dp, &spath(&sbi), DEACTIVATE_SBI).await;
    refused(s, &b, "PMS_DEVICE_ERROR_020");
    let rows = audit(&app, &admin, "sbi.deactivate", &sbi).await;
    let successes: Vec<&str> =
        rows.iter().filter(|r| r["outcome"] == "success").map(|r| r["actor"].as_str().unwrap()).collect();
    assert_eq!(successes, ["admin"], "{rows:?}");
    assert!(rows.iter().any(|r| r["outcome"] == "failure" && r["actor"] == "other-devices"), "{rows:?}");

    // A provider the Partner Admin deactivated acts on nothing (PMS_PMP_016).
    let other_sbi = approved_sbi(&app, &admin, &other, "other-devices", "1.0").await;
    let other_device = new_device(&app, &other, &other_sbi, "other-devices", "OT-1").await;
    app.decide_partner(&admin, "other-devices", "deactivate").await;
    let (s, b) = deactivate(&app, &other, &spath(&other_sbi), DEACTIVATE_SBI).await;
    refused(s, &b, "PMS_PMP_016");
    let (s, b) = deactivate(&app, &other, &path(&other_device), DEACTIVATE_DEVICE).await;
    refused(s, &b, "PMS_PMP_016");
    // FTM providers and partners of other kinds may not call these at all.
    let ftm = register(&app, "chip-makers", "Chip Makers", FTM_PROVIDER, "FTM_Provider").await;
    let (s, b) = deactivate(&app, &ftm, &spath(&sbi), DEACTIVATE_SBI).await;
    assert_eq!((s, error_code(&b).as_deref()), (StatusCode::FORBIDDEN, Some("KER-ATH-403")));
}

// ------------------------------------------------------------------ chips

#[tokio::test]
async fn chip_writes_and_reads_answer_their_codes() {
    let (app, admin) = spawn().await;
    let issuing = ftm_trust(&app, &admin).await;
    let ftm = ftm_provider(&app, &admin, "chip-makers", "Chip Makers").await;
    let rival = ftm_provider(&app, &admin, "rival-chips", "Rival Chips").await;
    let waiting = register(&app, "new-chips", "New Chips", FTM_PROVIDER, "FTM_Provider").await;
    device_provider(&app, &admin, "acme-devices", "Acme Devices").await;
    let create = |token: &str, request: Value| {
        let (app, token) = (&app, token.to_string());
        async move { app.post(CHIPS, &token, legacy(request)).await }
    };

    // POST /ftpchipdetail
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        ("no make", &ftm, json!({"ftpProviderId": "chip-makers", "model": "M"}), "PMS_COR_001"),
        (
            "a make beyond 36 characters",
            &ftm,
            json!({"ftpProviderId": "chip-makers", "make": "m".repeat(37), "model": "M"}),
            "PMS_COR_001",
        ),
        ("an unknown provider", &admin, json!({"ftpProviderId": "nobody", "make": "C", "model": "M"}), "PMP_AUT_030"),
        (
            "a device provider",
            &admin,
            json!({"ftpProviderId": "acme-devices", "make": "C", "model": "M"}),
            "PMP_AUT_030",
        ),
        (
            "a provider not yet approved",
            &waiting,
            json!({"ftpProviderId": "new-chips", "make": "C", "model": "M"}),
            "PMP_AUT_030",
        ),
        (
            "another user's provider",
            &ftm,
            json!({"ftpProviderId": "rival-chips", "make": "C", "model": "M"}),
            "PMP_AUT_034",
        ),
    ];
    for (what, token, request, code) in cases {
        let (s, b) = create(token, request).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{what}: {b}");
    }
    let chip = new_chip(&app, &ftm, "chip-makers", "Chipco", "TPM-1").await;
    let (s, b) = create(&ftm, json!({"ftpProviderId": "chip-makers", "make": "Chipco", "model": "TPM-1"})).await;
    refused(s, &b, "PMP_AUT_032");
    new_chip(&app, &rival, "rival-chips", "Chipco", "TPM-1").await;

    // PUT /ftpchipdetail, until approved.
    let update = |token: &str, request: Value| {
        let (app, token) = (&app, token.to_string());
        async move { app.put(CHIPS, &token, legacy(request)).await }
    };
    let (s, b) = update(&ftm, json!({"ftpChipDetailId": chip, "make": "Chipco", "model": "TPM-1b"})).await;
    assert_eq!(ok(s, &b)["id"], chip);
    assert_eq!(chip_item(&app, &ftm, &chip).await["model"], "TPM-1b");
    new_chip(&app, &ftm, "chip-makers", "Chipco", "TPM-2").await;
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        ("no id", &ftm, json!({"make": "Chipco", "model": "X"}), "PMS_COR_001"),
        (
            "an unknown chip",
            &ftm,
            json!({"ftpChipDetailId": "no-such-chip", "make": "Chipco", "model": "X"}),
            "PMP_AUT_031",
        ),
        (
            "another chip's make and model",
            &ftm,
            json!({"ftpChipDetailId": chip, "make": "Chipco", "model": "TPM-2"}),
            "PMP_AUT_032",
        ),
        (
            "another provider's chip",
            &rival,
            json!({"ftpChipDetailId": chip, "make": "Chipco", "model": "X"}),
            "PMS_FTM_ERROR_006",
        ),
    ];
    for (what, token, request, code) in cases {
        let (s, b) = update(token, request).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{what}: {b}");
    }

    // Certificate uploads.
    let leaf = chip_leaf(&issuing, &app, "Chip Makers");
    let cases: Vec<(&str, &str, &str, &str, &str)> = vec![
        ("no certificate", "chip-makers", &chip, "", "PMS_COR_001"),
        ("an unknown provider", "nobody", &chip, &leaf, "PMP_AUT_030"),
        ("an unknown chip", "chip-makers", "no-such-chip", &leaf, "PMP_AUT_031"),
    ];
    for (what, provider, chip_id, pem, code) in cases {
        let (s, b) = upload_chip_cert(&app, &ftm, provider, chip_id, pem, "Chip Makers", "FTM").await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{what}: {b}");
    }

    // A certificate whose names do not fit the store is refused, not a server error.
    let now = app.services.now();
    let long = issuing.leaf(&Subject::new(&"c".repeat(1100), "Chip Makers").lasting(Duration::days(-1), 730), now);
    let (s, b) = upload_chip_cert(&app, &ftm, "chip-makers", &chip, &long, "Chip Makers", "FTM").await;
    refused(s, &b, "PMS_COR_001");
    assert_eq!(chip_item(&app, &ftm, &chip).await["status"], "pending_cert_upload");

    // Decisions.
    let (s, b) = app.patch(CHIPS, &admin, legacy(json!({"ftpChipDetailId": chip}))).await;
    refused(s, &b, "PMS_COR_001");
    let (s, b) = decide_chip(&app, &admin, "no-such-chip", true).await;
    refused(s, &b, "PMP_AUT_031");
    let (s, b) = decide_chip(&app, &admin, &chip, true).await;
    refused(s, &b, "PMP_AUT_033");
    let (s, b) = upload_chip_cert(&app, &ftm, "chip-makers", &chip, &leaf, "Chip Makers", "FTM").await;
    ok(s, &b);
    let (s, b) = decide_chip(&app, &ftm, &chip, true).await;
    assert_eq!((s, error_code(&b).as_deref()), (StatusCode::FORBIDDEN, Some("KER-ATH-403")));
    // Rejected, the chip may get a new certificate and wait again.
    let (s, b) = decide_chip(&app, &admin, &chip, false).await;
    ok(s, &b);
    assert_eq!(chip_item(&app, &ftm, &chip).await["status"], "rejected");
    let (s, b) = decide_chip(&app, &admin, &chip, true).await;
    refused(s, &b, "PMS_FTM_011");
    let (s, b) = app.get(&format!("{CHIPS}/{chip}/certificate-data"), &ftm).await;
    refused(s, &b, "PMS_FTM_ERROR_008");
    let (s, b) = deactivate(&app, &ftm, &format!("{CHIPS}/{chip}"), DEACTIVATE_FTM).await;
    refused(s, &b, "PMS_FTM_ERROR_010");
    let (s, b) = upload_chip_cert(&app, &ftm, "chip-makers", &chip, &leaf, "Chip Makers", "FTM").await;
    ok(s, &b);
    assert_eq!(chip_item(&app, &ftm, &chip).await["status"], "pending_approval");
    let (s, b) = deactivate(&app, &ftm, &format!("{CHIPS}/{chip}"), DEACTIVATE_FTM).await;
    refused(s, &b, "PMS_FTM_ERROR_010");
    let (s, b) = decide_chip(&app, &admin, &chip, true).await;
    ok(s, &b);
    let (s, b) = update(&ftm, json!({"ftpChipDetailId": chip, "make": "Chipco", "model": "TPM-1c"})).await;
    refused(s, &b, "PMS_FTM_011");

    // Reads and deactivation of another provider's chip, of unknown chips, with bad ids.
    let (s, b) = app.get(&format!("{CHIPS}/getPartnerCertificate/{chip}"), &rival).await;
    refused(s, &b, "PMS_FTM_ERROR_006");
    let (s, b) = app.get(&format!("{CHIPS}/getPartnerCertificate/no-such-chip"), &ftm).await;
    refused(s, &b, "PMP_AUT_031");
    let (s, b) = app.get(&format!("{CHIPS}/getPartnerCertificate/{chip}"), &admin).await;
    assert!(ok(s, &b)["certificateData"].as_str().unwrap().contains("BEGIN CERTIFICATE"));
    for (path, code) in [
        (format!("{CHIPS}/{chip}/certificate-data"), "PMS_FTM_ERROR_006"),
        (format!("{CHIPS}/no-such-chip/certificate-data"), "PMS_FTM_ERROR_005"),
        (format!("{CHIPS}/{}/certificate-data", "c".repeat(37)), "PMS_FTM_ERROR_004"),
    ] {
        let (s, b) = app.get(&path, &rival).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{path}: {b}");
    }
    let wrong_word = v2(DEACTIVATE_FTM, json!({"status": "Inactive"}));
    let (s, b) = app.patch(&format!("{CHIPS}/{chip}"), &ftm, wrong_word).await;
    refused(s, &b, "PMS_DEVICE_ERROR_026");
    for (id, code) in [
        (chip.clone(), "PMS_FTM_ERROR_006"),
        ("no-such-chip".into(), "PMS_FTM_ERROR_005"),
        ("c".repeat(37), "PMS_FTM_ERROR_004"),
    ] {
        let (s, b) = deactivate(&app, &rival, &format!("{CHIPS}/{id}"), DEACTIVATE_FTM).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{id}: {b}");
    }
    assert_eq!(chip_item(&app, &ftm, &chip).await["status"], "approved");
    // The admin may deactivate any chip.
    let (s, b) = deactivate(&app, &admin, &format!("{CHIPS}/{chip}"), DEACTIVATE_FTM).await;
    ok(s, &b);
    assert_eq!(audit(&app, &admin, "ftm_chip.deactivate", &chip).await[0]["actor"], "admin");

    // A deactivated provider's user acts on nothing; a user owning no FTM provider lists nothing.
    let rivals = approved_chip(&app, &admin, &rival, &issuing, "rival-chips", "Rival Chips", "R-2").await;
    app.decide_partner(&admin, "rival-chips", "deactivate").await;
    let (s, b) = app.get(&format!("{CHIPS}/{rivals}/certificate-data"), &rival).await;
    refused(s, &b, "PMS_PMP_016");
    let (s, b) = deactivate(&app, &rival, &format!("{CHIPS}/{rivals}"), DEACTIVATE_FTM).await;
    refused(s, &b, "PMS_PMP_016");
    let lonely = app.token_for_new_user("lonely-ftm", &[FTM_PROVIDER]).await;
    let (s, b) = app.get(CHIPS, &lonely).await;
    refused(s, &b, "PMS_CERTIFICATE_ERROR_002");
    let (s, b) = app.get(&format!("{CHIPS}/v2"), &lonely).await;
    refused(s, &b, "PMS_CERTIFICATE_ERROR_002");
    let (s, b) = app.get(CHIPS, &admin).await;
    refused(s, &b, "PMS_CERTIFICATE_ERROR_002");
}

// ------------------------------------------------------------------ envelopes and lists

#[tokio::test]
async fn revamp_writes_check_their_v2_envelope() {
    let (app, admin) = spawn().await;
    let dp = device_provider(&app, &admin, "acme-devices", "Acme Devices").await;
    let sbi = approved_sbi(&app, &admin, &dp, "acme-devices", "1.0").await;
    let before = device_total(&app, &admin).await;
    let good = v2(ADD_DEVICE, device_request("acme-devices", ("Finger", "Slap"), "Acme", "FS-1"));
    let mut wrong_id = good.clone();
    wrong_id["id"] = json!(DEACTIVATE_SBI);
    let mut bad_version = good.clone();
    bad_version["version"] = json!("2.0");
    let mut no_time = good.clone();
    no_time.as_object_mut().unwrap().remove("requestTime");
    let mut bad_time = good.clone();
    bad_time["requestTime"] = json!("yesterday");
    let mut no_request = good.clone();
    no_request.as_object_mut().unwrap().remove("request");
    let url = format!("{SBI}/{sbi}/devices");
    for (what, body, code) in [
        ("wrong id", wrong_id, "PMS_REQUEST_ERROR_002"),
        ("wrong version", bad_version, "PMS_REQUEST_ERROR_003"),
        ("no request time", no_time, "PMS_REQUEST_ERROR_004"),
        ("a request time that is no time", bad_time, "PMS_REQUEST_ERROR_004"),
        ("no request", no_request, "PMS_REQUEST_ERROR_005"),
    ] {
        let (s, b) = app.post(&url, &dp, body).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{what}: {b}");
        assert_eq!(b["id"], ADD_DEVICE, "{what}");
    }
    // The deactivations check theirs too.
    let mut wrong = v2(DEACTIVATE_DEVICE, json!({"status": "De-Activate"}));
    let (s, b) = app.patch(&format!("{SBI}/{sbi}"), &dp, wrong.clone()).await;
    refused(s, &b, "PMS_REQUEST_ERROR_002");
    wrong["id"] = json!(DEACTIVATE_FTM);
    let (s, b) = app.patch(&format!("{DEVICES}/x"), &dp, wrong.clone()).await;
    refused(s, &b, "PMS_REQUEST_ERROR_002");
    wrong["id"] = json!(DEACTIVATE_SBI);
    let (s, b) = app.patch(&format!("{CHIPS}/x"), &admin, wrong.clone()).await;
    refused(s, &b, "PMS_REQUEST_ERROR_002");
    let (s, b) = app.post(&format!("{DEVICES}/x/approval"), &admin, wrong).await;
    refused(s, &b, "PMS_REQUEST_ERROR_002");
    assert_eq!(device_total(&app, &admin).await, before);
    let (s, b) = app.post(&url, &dp, good).await;
    ok(s, &b);

    // With the same-day rule, a request dated two days ago is refused.
    let strict = TestApp::spawn_with(|c| c.request_time_check = pms_service::config::RequestTimeCheck::SameDay).await;
    let admin = strict.admin_token().await;
    let dp = device_provider(&strict, &admin, "acme-devices", "Acme Devices").await;
    let sbi = approved_sbi(&strict, &admin, &dp, "acme-devices", "1.0").await;
    let mut stale = v2(ADD_DEVICE, device_request("acme-devices", ("Finger", "Slap"), "Acme", "FS-1"));
    stale["requestTime"] = json!(time(strict.services.now() - Duration::days(2)));
    let (s, b) = strict.post(&format!("{SBI}/{sbi}/devices"), &dp, stale.clone()).await;
    refused(s, &b, "PMS_REQUEST_ERROR_006");
    stale["requestTime"] = json!(time(strict.services.now()));
    let (s, b) = strict.post(&format!("{SBI}/{sbi}/devices"), &dp, stale).await;
    ok(s, &b);
}

#[tokio::test]
async fn the_lists_filter_sort_and_page() {
    let (app, admin) = spawn().await;
    let dp = device_provider(&app, &admin, "acme-devices", "Acme Devices").await;
    let other = device_provider(&app, &admin, "zeta-devices", "Zeta Devices").await;
    let now = app.services.now();
    // Three SBIs of acme with 0, 2 and 1 devices; one of them ends in two days.
    let empty = approved_sbi(&app, &admin, &dp, "acme-devices", "1.0").await;
    let busy = approved_sbi(&app, &admin, &dp, "acme-devices", "2.0").await;
    let short = new_sbi_ending(&app, &dp, "acme-devices", "3.0", now + Duration::days(2)).await;
    let (s, b) = decide_sbi(&app, &admin, &short, "Activate").await;
    ok(s, &b);
    let d1 = new_device(&app, &dp, &busy, "acme-devices", "A-1").await;
    let (s, b) = add_device(&app, &dp, &busy, device_request("acme-devices", ("Iris", "Single"), "Acme", "A-2")).await;
    ok(s, &b);
    new_device(&app, &dp, &short, "acme-devices", "A-3").await;
    let (s, b) = decide_device(&app, &admin, &d1, "acme-devices", &busy, "approved").await;
    ok(s, &b);
    let zeta = new_sbi(&app, &other, "zeta-devices", "9.0").await;

    let ids = |page: &Value, key: &str| -> Vec<String> {
        page["data"].as_array().unwrap().iter().map(|i| i[key].as_str().unwrap().to_string()).collect()
    };
    let list = |path: String, token: String| {
        let app = &app;
        async move {
            let (s, b) = app.get(&path, &token).await;
            ok(s, &b)
        }
    };
    // SBIs: unpaged by default, the caller's own for a provider.
    let page = list(SBI.to_string(), dp.clone()).await;
    assert_eq!(page["totalResults"], 3);
    assert!(!ids(&page, "sbiId").contains(&zeta));
    assert_eq!(list(SBI.to_string(), admin.clone()).await["totalResults"], 4);
    let page =
        list(format!("{SBI}?sortFieldName=countOfAssociatedDevices&sortType=desc&pageNo=0&pageSize=10"), dp.clone())
            .await;
    assert_eq!(ids(&page, "sbiId"), [busy.clone(), short.clone(), empty.clone()]);
    let counts: Vec<u64> =
        page["data"].as_array().unwrap().iter().map(|i| i["countOfAssociatedDevices"].as_u64().unwrap()).collect();
    assert_eq!(counts, [2, 1, 0]);
    assert_eq!(page["data"][0]["countOfApprovedDevices"], 1);
    assert_eq!(page["data"][0]["countOfPendingDevices"], 1);
    let page =
        list(format!("{SBI}?sortFieldName=countOfAssociatedDevices&sortType=asc&pageNo=0&pageSize=2"), dp.clone())
            .await;
    assert_eq!((ids(&page, "sbiId"), page["totalResults"].as_u64()), (vec![empty.clone(), short.clone()], Some(3)));
    let page =
        list(format!("{SBI}?sortFieldName=countOfAssociatedDevices&sortType=asc&pageNo=1&pageSize=2"), dp.clone())
            .await;
    assert_eq!(ids(&page, "sbiId"), [busy.as_str()]);
    let page = list(format!("{SBI}?sortFieldName=sbiVersion&sortType=desc&pageNo=0&pageSize=10"), admin.clone()).await;
    assert_eq!(ids(&page, "sbiId"), [zeta.clone(), short.clone(), busy.clone(), empty.clone()]);
    let page = list(format!("{SBI}?status=pending_approval"), admin.clone()).await;
    assert_eq!(ids(&page, "sbiId"), [zeta.as_str()]);
    let page = list(format!("{SBI}?orgName=zeta"), admin.clone()).await;
    assert_eq!(ids(&page, "sbiId"), [zeta.as_str()]);
    assert_eq!(list(format!("{SBI}?sbiExpiryStatus=expired"), dp.clone()).await["totalResults"], 0);

    // Past the short SBI's expiry date it is listed as expired, and sorts first.
    app.clock.advance(Duration::days(3));
    let page = list(format!("{SBI}?sbiExpiryStatus=expired"), dp.clone()).await;
    assert_eq!(ids(&page, "sbiId"), [short.as_str()]);
    assert_eq!(page["data"][0]["sbiExpiryStatus"], "expired");
    assert_eq!(list(format!("{SBI}?sbiExpiryStatus=valid"), dp.clone()).await["totalResults"], 2);
    let page = list(format!("{SBI}?sortFieldName=sbiExpiryStatus&sortType=asc&pageNo=0&pageSize=10"), dp.clone()).await;
    assert_eq!(ids(&page, "sbiId")[0], short);
    assert_eq!(page["data"][0]["sbiExpiryStatus"], "expired");
    assert_eq!(page["data"][1]["sbiExpiryStatus"], "valid");
    app.clock.advance(Duration::days(-3));

    // Devices: paged by default (0 of 8), one row per device and SBI.
    let page = list(DEVICES.to_string(), dp.clone()).await;
    assert_eq!(
        (page["pageNo"].as_u64(), page["pageSize"].as_u64(), page["totalResults"].as_u64()),
        (Some(0), Some(8), Some(3))
    );
    let page = list(format!("{DEVICES}?status=approved"), dp.clone()).await;
    assert_eq!(ids(&page, "deviceId"), [d1.as_str()]);
    assert_eq!(
        (page["data"][0]["sbiId"].as_str(), page["data"][0]["sbiVersion"].as_str()),
        (Some(busy.as_str()), Some("2.0"))
    );
    let page = list(format!("{DEVICES}?deviceType=iris"), dp.clone()).await;
    assert_eq!(page["totalResults"], 1);
    assert_eq!(page["data"][0]["deviceSubType"], "Single");
    let page = list(format!("{DEVICES}?sortFieldName=model&sortType=desc&pageNo=0&pageSize=2"), dp.clone()).await;
    let models: Vec<&str> = page["data"].as_array().unwrap().iter().map(|i| i["model"].as_str().unwrap()).collect();
    assert_eq!((models, page["totalResults"].as_u64()), (vec!["A-3", "A-2"], Some(3)));
    assert_eq!(list(format!("{DEVICES}?status=pending_approval"), other.clone()).await["totalResults"], 0);

    // Status filter values, and the parameter rules of every list.
    for status in ["pending_approval", "approved", "rejected", "deactivated"] {
        list(format!("{SBI}?status={status}"), admin.clone()).await;
        list(format!("{DEVICES}?status={status}"), admin.clone()).await;
    }
    for status in ["pending_cert_upload", "pending_approval", "approved", "rejected", "deactivated"] {
        list(format!("{CHIPS}/v2?status={status}"), admin.clone()).await;
    }
    let cases: Vec<(String, &str)> = vec![
        (format!("{SBI}?status=active"), "PMS_COR_002"),
        (format!("{SBI}?sbiExpiryStatus=soon"), "PMS_COR_002"),
        (format!("{DEVICES}?status=Approved"), "PMS_COR_002"),
        (format!("{CHIPS}/v2?status=pending_cert"), "PMS_COR_002"),
        (format!("{SBI}?sortFieldName=sbiVersion&sortType=asc"), "PMS_PS_ERROR_008"),
        (format!("{SBI}?sortFieldName=sbiVersion&pageNo=0&pageSize=2"), "PMS_PS_ERROR_007"),
        (format!("{SBI}?pageNo=0"), "PMS_PS_ERROR_006"),
        (format!("{SBI}?sortFieldName=make&sortType=asc&pageNo=0&pageSize=2"), "PMS_PRT_357"),
        (format!("{SBI}?sortFieldName=sbiVersion&sortType=up&pageNo=0&pageSize=2"), "PMS_PRT_358"),
        (format!("{SBI}?pageNo=-1&pageSize=2"), "PMS_PRT_360"),
        (format!("{SBI}?pageNo=0&pageSize=0"), "PMS_PRT_361"),
        (format!("{DEVICES}?sortType=asc"), "PMS_PS_ERROR_007"),
        (format!("{DEVICES}?pageSize=5"), "PMS_PS_ERROR_006"),
        (format!("{DEVICES}?sortFieldName=countOfAssociatedDevices&sortType=asc"), "PMS_PRT_357"),
        (format!("{DEVICES}?pageNo=x&pageSize=5"), "PMS_PRT_360"),
        (format!("{DEVICES}?pageNo=0&pageSize=-5"), "PMS_PRT_361"),
        (format!("{CHIPS}/v2?sortFieldName=sbiId&sortType=asc"), "PMS_PRT_357"),
        (format!("{CHIPS}/v2?sortFieldName=make&sortType=sideways"), "PMS_PRT_358"),
        (format!("{CHIPS}/v2?pageNo=1"), "PMS_PS_ERROR_006"),
    ];
    for (path, code) in cases {
        let (s, b) = app.get(&path, &admin).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{path}: {b}");
    }
    // A user owning no device provider has no list.
    let lonely = app.token_for_new_user("lonely-dp", &[DEVICE_PROVIDER]).await;
    for path in [SBI, DEVICES] {
        let (s, b) = app.get(path, &lonely).await;
        refused(s, &b, "PMS_CERTIFICATE_ERROR_002");
    }

    // Chips: sorted by make and model, paged.
    let issuing = ftm_trust(&app, &admin).await;
    let ftm = ftm_provider(&app, &admin, "chip-makers", "Chip Makers").await;
    let c1 = new_chip(&app, &ftm, "chip-makers", "Beta", "B-1").await;
    let c2 = approved_chip(&app, &admin, &ftm, &issuing, "chip-makers", "Chip Makers", "A-1").await;
    let c3 = new_chip(&app, &ftm, "chip-makers", "Alpha", "Z-1").await;
    let page = list(format!("{CHIPS}/v2?sortFieldName=make&sortType=asc&pageNo=0&pageSize=2"), ftm.clone()).await;
    assert_eq!((ids(&page, "ftmId"), page["totalResults"].as_u64()), (vec![c3.clone(), c1.clone()], Some(3)));
    let page = list(format!("{CHIPS}/v2?status=approved"), admin.clone()).await;
    assert_eq!(ids(&page, "ftmId"), [c2.as_str()]);
    assert_eq!(page["data"][0]["isCertificateAvailable"], true);
    let page = list(format!("{CHIPS}/v2"), ftm.clone()).await;
    assert_eq!((page["pageNo"].as_u64(), page["pageSize"].as_u64()), (Some(0), Some(8)));
}

// ------------------------------------------------------------------ ownership

#[tokio::test]
async fn a_provider_sees_and_changes_only_its_own_items() {
    let (app, admin) = spawn().await;
    let a = device_provider(&app, &admin, "alpha-devices", "Alpha Devices").await;
    let b = device_provider(&app, &admin, "beta-devices", "Beta Devices").await;
    let a_sbi = approved_sbi(&app, &admin, &a, "alpha-devices", "1.0").await;
    let b_sbi = approved_sbi(&app, &admin, &b, "beta-devices", "1.0").await;
    let b_pending = new_sbi(&app, &b, "beta-devices", "2.0").await;
    new_device(&app, &a, &a_sbi, "alpha-devices", "A-1").await;
    let b_device = new_device(&app, &b, &b_sbi, "beta-devices", "B-1").await;
    let (s, body) = decide_device(&app, &admin, &b_device, "beta-devices", &b_sbi, "approved").await;
    ok(s, &body);

    // Lists are scoped.
    let (s, body) = app.get(SBI, &a).await;
    let page = ok(s, &body);
    assert!(page["data"].as_array().unwrap().iter().all(|i| i["partnerId"] == "alpha-devices"), "{page}");
    let (s, body) = app.get(&format!("{SBI}?partnerId=beta"), &a).await;
    assert_eq!(ok(s, &body)["totalResults"], 0);
    let (s, body) = app.get(&format!("{DEVICES}?deviceId={b_device}"), &a).await;
    assert_eq!(ok(s, &body)["totalResults"], 0);
    let search = legacy(json!({"filters": [], "sort": [], "pagination": {"pageStart": 0, "pageFetch": 10}}));
    for path in [format!("{SBI}/search"), format!("{DEVICES}/search"), format!("{SBI}/devicedetails/map/search")] {
        let (s, body) = app.post(&path, &a, search.clone()).await;
        let r = ok(s, &body);
        assert_eq!(r["totalRecord"], 1, "{path}: {r}");
    }
    let (s, body) = app.get(&format!("{SBI}/{b_sbi}/devices"), &a).await;
    refused(s, &body, "PMS_DEVICE_ERROR_019");

    // Writes are refused.
    let now = app.services.now();
    let (s, body) =
        post_sbi(&app, &a, sbi_request("beta-devices", "3.0", now - Duration::days(1), now + Duration::days(30))).await;
    refused(s, &body, "PMS_DEVICE_ERROR_001");
    let (s, body) = add_device(&app, &a, &b_sbi, device_request("beta-devices", ("Finger", "Slap"), "X", "X")).await;
    refused(s, &body, "PMS_DEVICE_ERROR_001");
    let (s, body) = add_device(&app, &a, &b_sbi, device_request("alpha-devices", ("Finger", "Slap"), "X", "X")).await;
    refused(s, &body, "PMS_DEVICE_ERROR_002");
    let (s, body) = deactivate(&app, &a, &format!("{SBI}/{b_sbi}"), DEACTIVATE_SBI).await;
    refused(s, &body, "PMS_DEVICE_ERROR_019");
    let (s, body) = deactivate(&app, &a, &format!("{DEVICES}/{b_device}"), DEACTIVATE_DEVICE).await;
    refused(s, &body, "PMS_DEVICE_ERROR_016");
    let put = legacy(json!({"id": b_pending, "swBinaryHash": "h", "swVersion": "2.1",
        "swCreateDateTime": time(now - Duration::days(1)), "swExpiryDateTime": time(now + Duration::days(30))}));
    let (s, body) = app.put(SBI, &a, put).await;
    refused(s, &body, "PMS_DEVICE_ERROR_019");
    let (s, body) = app
        .put(DEVICES, &a, legacy(json!({"id": b_device, "deviceTypeCode": "Finger", "deviceSubTypeCode": "Slap", "make": "X", "model": "X"})))
        .await;
    refused(s, &body, "PMS_DEVICE_ERROR_016");
    let map = legacy(json!({"deviceDetailId": b_device, "sbiId": b_sbi}));
    let (s, body) = app.put(&format!("{SBI}/devicedetails/map"), &a, map.clone()).await;
    refused(s, &body, "PMS_DEVICE_ERROR_016");
    let (s, body) = app.put(&format!("{SBI}/devicedetails/map/remove"), &a, map).await;
    refused(s, &body, "PMS_DEVICE_ERROR_016");
    assert_eq!(sbi_item(&app, &b, &b_sbi).await["status"], "approved");
    assert_eq!(device_status(&app, &b, &b_device).await, "approved");
    assert_eq!(sbi_item(&app, &b, &b_pending).await["sbiVersion"], "2.0");

    // Chips.
    let issuing = ftm_trust(&app, &admin).await;
    let x = ftm_provider(&app, &admin, "x-chips", "X Chips").await;
    let y = ftm_provider(&app, &admin, "y-chips", "Y Chips").await;
    new_chip(&app, &x, "x-chips", "X", "X-1").await;
    let y_chip = approved_chip(&app, &admin, &y, &issuing, "y-chips", "Y Chips", "Y-1").await;
    let (s, body) = app.get(CHIPS, &x).await;
    let mine = ok(s, &body);
    assert!(mine.as_array().unwrap().iter().all(|c| c["partnerId"] == "x-chips"), "{mine}");
    let (s, body) = app.get(&format!("{CHIPS}/v2"), &x).await;
    assert_eq!(ok(s, &body)["totalResults"], 1);
    let (s, body) = app.post(&format!("{CHIPS}/search"), &x, search.clone()).await;
    assert_eq!(ok(s, &body)["totalRecord"], 1);
    for path in [format!("{CHIPS}/{y_chip}/certificate-data"), format!("{CHIPS}/getPartnerCertificate/{y_chip}")] {
        let (s, body) = app.get(&path, &x).await;
        refused(s, &body, "PMS_FTM_ERROR_006");
    }
    let (s, body) = deactivate(&app, &x, &format!("{CHIPS}/{y_chip}"), DEACTIVATE_FTM).await;
    refused(s, &body, "PMS_FTM_ERROR_006");
    let (s, body) = app.put(CHIPS, &x, legacy(json!({"ftpChipDetailId": y_chip, "make": "X", "model": "X"}))).await;
    refused(s, &body, "PMS_FTM_ERROR_006");
    let (s, body) = app.post(CHIPS, &x, legacy(json!({"ftpProviderId": "y-chips", "make": "X", "model": "X-9"}))).await;
    refused(s, &body, "PMP_AUT_034");
    assert_eq!(chip_item(&app, &y, &y_chip).await["status"], "approved");
    // A device provider's user has no chips, an FTM provider's no SBIs.
    let (s, body) = app.get(CHIPS, &a).await;
    assert_eq!((s, error_code(&body).as_deref()), (StatusCode::FORBIDDEN, Some("KER-ATH-403")));
    let (s, body) = app.get(SBI, &x).await;
    assert_eq!((s, error_code(&body).as_deref()), (StatusCode::FORBIDDEN, Some("KER-ATH-403")));
}

// ------------------------------------------------------------------ cascades

#[tokio::test]
async fn deactivating_a_provider_stops_its_sbis_devices_and_chips() {
    let (app, admin) = spawn().await;
    let dp = device_provider(&app, &admin, "acme-devices", "Acme Devices").await;
    let bystander = device_provider(&app, &admin, "other-devices", "Other Devices").await;
    let live = approved_sbi(&app, &admin, &dp, "acme-devices", "1.0").await;
    let waiting_sbi = new_sbi(&app, &dp, "acme-devices", "2.0").await;
    let approved = new_device(&app, &dp, &live, "acme-devices", "A-1").await;
    let waiting = new_device(&app, &dp, &live, "acme-devices", "A-2").await;
    let rejected = new_device(&app, &dp, &live, "acme-devices", "A-3").await;
    for (id, status) in [(&approved, "approved"), (&rejected, "rejected")] {
        let (s, b) = decide_device(&app, &admin, id, "acme-devices", &live, status).await;
        ok(s, &b);
    }
    let other_sbi = approved_sbi(&app, &admin, &bystander, "other-devices", "1.0").await;
    let other_device = new_device(&app, &bystander, &other_sbi, "other-devices", "O-1").await;

    app.decide_partner(&admin, "acme-devices", "deactivate").await;
    assert_eq!(sbi_item(&app, &admin, &live).await["status"], "deactivated");
    assert_eq!(sbi_item(&app, &admin, &waiting_sbi).await["status"], "rejected");
    assert_eq!(device_status(&app, &admin, &approved).await, "deactivated");
    assert_eq!(device_status(&app, &admin, &waiting).await, "rejected");
    assert_eq!(device_status(&app, &admin, &rejected).await, "rejected");
    assert_eq!(sbi_item(&app, &admin, &other_sbi).await["status"], "approved", "other providers are untouched");
    assert_eq!(device_status(&app, &admin, &other_device).await, "pending_approval");
    let partner = audit(&app, &admin, "partner.deactivate", "acme-devices").await;
    assert_eq!(partner[0]["details"]["stoppedDevices"], 4, "two SBIs and two devices moved: {partner:?}");
    let sbi_rows = audit(&app, &admin, "sbi.cascade", &live).await;
    assert_eq!(
        (sbi_rows[0]["beforeStatus"].as_str(), sbi_rows[0]["afterStatus"].as_str()),
        (Some("approved"), Some("deactivated"))
    );
    // The cascade is part of the partner's write: same request id.
    assert!(partner[0]["requestId"].is_string(), "{partner:?}");
    assert_eq!(sbi_rows[0]["requestId"], partner[0]["requestId"]);
    let device_rows = audit(&app, &admin, "device.cascade", &waiting).await;
    assert_eq!(
        (device_rows[0]["beforeStatus"].as_str(), device_rows[0]["afterStatus"].as_str()),
        (Some("pending_approval"), Some("rejected"))
    );
    assert!(audit(&app, &admin, "device.cascade", &rejected).await.is_empty());
    // The deactivated provider's user sees its items but acts on none.
    let (s, b) = app.get(&format!("{SBI}/{live}/devices"), &dp).await;
    refused(s, &b, "PMS_PMP_016");
    // While the provider is deactivated the admin cannot bring its SBI back (MOSIP can).
    let (s, b) = decide_sbi(&app, &admin, &live, "Activate").await;
    refused(s, &b, "PMS_PMP_016");
    assert_eq!(sbi_item(&app, &admin, &live).await["status"], "deactivated");
    // Re-activated, its items stay stopped; the SBI may be approved again.
    app.decide_partner(&admin, "acme-devices", "reactivate").await;
    assert_eq!(sbi_item(&app, &dp, &live).await["status"], "deactivated");
    let (s, b) = decide_sbi(&app, &admin, &live, "Activate").await;
    ok(s, &b);
    assert_eq!(device_status(&app, &dp, &approved).await, "deactivated");

    // FTM chips.
    let issuing = ftm_trust(&app, &admin).await;
    let ftm = ftm_provider(&app, &admin, "chip-makers", "Chip Makers").await;
    let chip = approved_chip(&app, &admin, &ftm, &issuing, "chip-makers", "Chip Makers", "C-1").await;
    let no_cert = new_chip(&app, &ftm, "chip-makers", "Chipco", "C-2").await;
    let pending = new_chip(&app, &ftm, "chip-makers", "Chipco", "C-3").await;
    let (s, b) = upload_chip_cert(
        &app,
        &ftm,
        "chip-makers",
        &pending,
        &chip_leaf(&issuing, &app, "Chip Makers"),
        "Chip Makers",
        "FTM",
    )
    .await;
    ok(s, &b);
    // MOSIP's legacy status change goes the same way.
    let (s, b) = app.patch(&format!("{P}/partners/chip-makers"), &admin, legacy(json!({"status": "De-active"}))).await;
    ok(s, &b);
    assert_eq!(chip_item(&app, &admin, &chip).await["status"], "deactivated");
    assert_eq!(chip_item(&app, &admin, &no_cert).await["status"], "rejected");
    assert_eq!(chip_item(&app, &admin, &pending).await["status"], "rejected");
    let rows = audit(&app, &admin, "ftm_chip.cascade", &chip).await;
    assert_eq!((rows.len(), rows[0]["afterStatus"].as_str()), (1, Some("deactivated")));
    let partner = audit(&app, &admin, "partner.deactivate", "chip-makers").await;
    assert_eq!(partner[0]["details"]["stoppedDevices"], 3);
    let (s, b) = app.get(CHIPS, &ftm).await;
    let mine = ok(s, &b);
    assert!(mine.as_array().unwrap().iter().all(|c| c["partnerStatus"] == "deactivated"), "{mine}");
}

// ------------------------------------------------------------------ legacy endpoints

#[tokio::test]
async fn the_legacy_device_endpoints() {
    let (app, admin) = spawn().await;
    let dp = device_provider(&app, &admin, "acme-devices", "Acme Devices").await;
    let other = device_provider(&app, &admin, "other-devices", "Other Devices").await;
    register(&app, "new-devices", "New Devices", DEVICE_PROVIDER, "Device_Provider").await;
    ftm_provider(&app, &admin, "chip-makers", "Chip Makers").await;

    // POST /devicedetail: a device without an SBI.
    let create = |token: &str, request: Value| {
        let (app, token) = (&app, token.to_string());
        async move { app.post(DEVICES, &token, legacy(request)).await }
    };
    let (s, b) = create(
        &dp,
        json!({"id": "acme-fs-1", "deviceProviderId": "acme-devices", "deviceTypeCode": "Finger",
        "deviceSubTypeCode": "Slap", "make": "Acme", "model": "FS-1"}),
    )
    .await;
    assert_eq!(ok(s, &b)["id"], "acme-fs-1");
    let (s, b) = create(&dp, device_request("acme-devices", ("Iris", "Double"), "Acme", "IR-1")).await;
    let iris = ok(s, &b)["id"].as_str().unwrap().to_string();
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        (
            "no model",
            &dp,
            json!({"deviceProviderId": "acme-devices", "deviceTypeCode": "Finger", "deviceSubTypeCode": "Slap", "make": "Acme"}),
            "PMS_COR_001",
        ),
        (
            "an id beyond 36 characters",
            &dp,
            json!({"id": "i".repeat(37), "deviceProviderId": "acme-devices", "deviceTypeCode": "Finger", "deviceSubTypeCode": "Slap", "make": "Acme", "model": "X"}),
            "PMS_COR_001",
        ),
        ("an unknown subtype", &dp, device_request("acme-devices", ("Iris", "Triple"), "Acme", "X"), "PMS_AUT_001"),
        (
            "a provider not approved",
            &admin,
            device_request("new-devices", ("Iris", "Single"), "Acme", "X"),
            "PMS_AUT_002",
        ),
        (
            "the same make and model",
            &dp,
            device_request("acme-devices", ("Finger", "Slap"), "Acme", "FS-1"),
            "PMS_AUT_003",
        ),
        (
            "a taken id",
            &dp,
            json!({"id": "acme-fs-1", "deviceProviderId": "acme-devices", "deviceTypeCode": "Face", "deviceSubTypeCode": "Full face", "make": "Acme", "model": "X"}),
            "PMS_AUT_003",
        ),
        (
            "another user's provider",
            &other,
            device_request("acme-devices", ("Iris", "Single"), "Acme", "X"),
            "PMS_DEVICE_ERROR_001",
        ),
        (
            "an FTM provider",
            &admin,
            device_request("chip-makers", ("Iris", "Single"), "Acme", "X"),
            "PMS_DEVICE_ERROR_003",
        ),
    ];
    for (what, token, request, code) in cases {
        let (s, b) = create(token, request).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{what}: {b}");
    }
    // Without an SBI, a device is listed with none.
    let (s, b) = app.get(&format!("{DEVICES}?deviceId=acme-fs-1"), &dp).await;
    let page = ok(s, &b);
    assert_eq!((page["totalResults"].as_u64(), page["data"][0]["sbiId"].is_null()), (Some(1), true), "{page}");

    // PUT /devicedetail while waiting.
    let update = |token: &str, request: Value| {
        let (app, token) = (&app, token.to_string());
        async move { app.put(DEVICES, &token, legacy(request)).await }
    };
    let changed =
        json!({"id": iris, "deviceTypeCode": "Iris", "deviceSubTypeCode": "Single", "make": "Acme", "model": "IR-1s"});
    let (s, b) = update(&dp, changed).await;
    assert_eq!(ok(s, &b)["id"], iris);
    let (s, b) = app.get(&format!("{DEVICES}?deviceId={iris}"), &dp).await;
    assert_eq!(ok(s, &b)["data"][0]["model"], "IR-1s");
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        (
            "no id",
            &dp,
            json!({"deviceTypeCode": "Iris", "deviceSubTypeCode": "Single", "make": "Acme", "model": "X"}),
            "PMS_COR_001",
        ),
        (
            "an unknown device",
            &dp,
            json!({"id": "no-such-device", "deviceTypeCode": "Iris", "deviceSubTypeCode": "Single", "make": "Acme", "model": "X"}),
            "PMS_AUT_005",
        ),
        (
            "an unknown subtype",
            &dp,
            json!({"id": iris, "deviceTypeCode": "Iris", "deviceSubTypeCode": "Triple", "make": "Acme", "model": "X"}),
            "PMS_AUT_001",
        ),
        (
            "another device's make and model",
            &dp,
            json!({"id": iris, "deviceTypeCode": "Finger", "deviceSubTypeCode": "Slap", "make": "Acme", "model": "FS-1"}),
            "PMS_AUT_003",
        ),
        (
            "another provider's device",
            &other,
            json!({"id": iris, "deviceTypeCode": "Iris", "deviceSubTypeCode": "Single", "make": "Acme", "model": "X"}),
            "PMS_DEVICE_ERROR_016",
        ),
    ];
    for (what, token, request, code) in cases {
        let (s, b) = update(token, request).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{what}: {b}");
    }

    // PATCH /devicedetail: Activate approves, De-activate rejects a waiting device or stops an
    // approved one; a decided device is not decided again.
    let status = |id: &str, approval: &str| legacy(json!({"id": id, "approvalStatus": approval}));
    let (s, b) = app.patch(DEVICES, &admin, status("acme-fs-1", "Approve")).await;
    refused(s, &b, "PMS_AUT_025");
    let (s, b) = app.patch(DEVICES, &admin, status("no-such-device", "Activate")).await;
    refused(s, &b, "PMS_AUT_005");
    let (s, b) = app.patch(DEVICES, &admin, legacy(json!({"approvalStatus": "Activate"}))).await;
    refused(s, &b, "PMS_COR_001");
    let (s, b) = app.patch(DEVICES, &admin, status("acme-fs-1", "Activate")).await;
    assert_eq!(ok(s, &b), "Device details approved successfully.");
    let (s, b) = app.patch(DEVICES, &admin, status("acme-fs-1", "Activate")).await;
    refused(s, &b, "PMS_DEVICE_ERROR_010");
    let (s, b) = update(&dp, json!({"id": "acme-fs-1", "deviceTypeCode": "Finger", "deviceSubTypeCode": "Slap", "make": "Acme", "model": "FS-9"})).await;
    refused(s, &b, "PMS_DEVICE_ERROR_010");
    let (s, b) = app.patch(DEVICES, &admin, status(&iris, "De-activate")).await;
    assert_eq!(ok(s, &b), "Device details rejected successfully.");
    assert_eq!(device_status(&app, &dp, &iris).await, "rejected");
    let (s, b) = app.patch(DEVICES, &admin, status(&iris, "Activate")).await;
    refused(s, &b, "PMS_DEVICE_ERROR_010");

    // Mapping an approved device to an approved SBI of the same provider.
    let sbi = approved_sbi(&app, &admin, &dp, "acme-devices", "1.0").await;
    let pending_sbi = new_sbi(&app, &dp, "acme-devices", "2.0").await;
    let short = new_sbi_ending(&app, &dp, "acme-devices", "3.0", app.services.now() + Duration::days(2)).await;
    let (s, b) = decide_sbi(&app, &admin, &short, "Activate").await;
    ok(s, &b);
    let others_sbi = approved_sbi(&app, &admin, &other, "other-devices", "1.0").await;
    let (s, b) = create(&dp, device_request("acme-devices", ("Face", "Full face"), "Acme", "FC-1")).await;
    let waiting = ok(s, &b)["id"].as_str().unwrap().to_string();
    let map = |device: &str, sbi: &str| legacy(json!({"deviceDetailId": device, "sbiId": sbi}));
    let map_url = format!("{SBI}/devicedetails/map");
    let (s, b) = app.put(&map_url, &dp, map("acme-fs-1", &sbi)).await;
    assert_eq!(ok(s, &b), "Success");
    let (s, b) = app.put(&map_url, &dp, map("acme-fs-1", &sbi)).await;
    assert_eq!(ok(s, &b), "Mapping already exists");
    // Mapped to two SBIs, the device is listed once under each.
    let (s, b) = app.put(&map_url, &dp, map("acme-fs-1", &short)).await;
    assert_eq!(ok(s, &b), "Success");
    let (s, b) = app.get(&format!("{DEVICES}?deviceId=acme-fs-1"), &dp).await;
    let page = ok(s, &b);
    let mut under: Vec<&str> = page["data"].as_array().unwrap().iter().map(|d| d["sbiId"].as_str().unwrap()).collect();
    under.sort();
    let mut expected = vec![sbi.as_str(), short.as_str()];
    expected.sort();
    assert_eq!((under, page["totalResults"].as_u64()), (expected, Some(2)), "{page}");
    let (s, b) = app.get(&format!("{DEVICES}?deviceId=acme-fs-1&pageNo=0&pageSize=1"), &dp).await;
    let page = ok(s, &b);
    assert_eq!((page["data"].as_array().unwrap().len(), page["totalResults"].as_u64()), (1, Some(2)), "{page}");
    let cases: Vec<(&str, Value, &str)> = vec![
        ("an unknown device", map("no-such-device", &sbi), "PMS_AUT_005"),
        ("a waiting device", map(&waiting, &sbi), "PMS_AUT_027"),
        ("a rejected device", map(&iris, &sbi), "PMS_AUT_028"),
        ("an unknown SBI", map("acme-fs-1", "no-such-sbi"), "PMS_AUT_007"),
        ("a waiting SBI", map("acme-fs-1", &pending_sbi), "PMS_AUT_511"),
        ("another provider's SBI", map("acme-fs-1", &others_sbi), "PMS_AUT_509"),
    ];
    for (what, body, code) in cases {
        let (s, b) = app.put(&map_url, &admin, body).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{what}: {b}");
    }
    let (s, b) = app.put(&map_url, &dp, map("acme-fs-1", &others_sbi)).await;
    refused(s, &b, "PMS_DEVICE_ERROR_019");
    app.clock.advance(Duration::days(3));
    let (s, b) = app.put(&map_url, &dp, map("acme-fs-1", &short)).await;
    refused(s, &b, "PMS_AUT_513");
    app.clock.advance(Duration::days(-3));
    let (s, b) = app.get(&format!("{SBI}/{sbi}/devices"), &dp).await;
    let listed = ok(s, &b);
    assert_eq!((listed.as_array().unwrap().len(), listed[0]["deviceId"].as_str()), (1, Some("acme-fs-1")), "{listed}");
    let (s, b) = app.post(&format!("{SBI}/devicedetails/map/search"), &dp,
        legacy(json!({"filters": [{"columnName": "sbiId", "type": "equals", "value": sbi}], "sort": [], "pagination": {"pageStart": 0, "pageFetch": 10}}))).await;
    let r = ok(s, &b);
    assert_eq!(
        (r["totalRecord"].as_u64(), r["data"][0]["deviceDetailId"].as_str(), r["data"][0]["swVersion"].as_str()),
        (Some(1), Some("acme-fs-1"), Some("1.0")),
        "{r}"
    );
    let remove_url = format!("{SBI}/devicedetails/map/remove");
    let (s, b) = app.put(&remove_url, &dp, map("acme-fs-1", &sbi)).await;
    assert_eq!(ok(s, &b), "Success");
    let (s, b) = app.put(&remove_url, &dp, map("acme-fs-1", &sbi)).await;
    refused(s, &b, "PMS_AUT_510");
    let (s, b) = app.put(&remove_url, &dp, map("no-such-device", &sbi)).await;
    refused(s, &b, "PMS_AUT_510");
    let (s, b) = app.get(&format!("{SBI}/{sbi}/devices"), &dp).await;
    assert_eq!(ok(s, &b).as_array().unwrap().len(), 0);
    assert!(audit(&app, &admin, "device.map", "acme-fs-1").await.iter().any(|a| a["outcome"] == "success"));
    let unmaps = audit(&app, &admin, "device.unmap", "acme-fs-1").await;
    let mut outcomes: Vec<&str> = unmaps.iter().map(|r| r["outcome"].as_str().unwrap()).collect();
    outcomes.sort();
    assert_eq!(outcomes, ["failure", "success"], "{unmaps:?}");

    // De-activate stops an approved device, once.
    let (s, b) = app.patch(DEVICES, &admin, status("acme-fs-1", "De-activate")).await;
    ok(s, &b);
    assert_eq!(device_status(&app, &dp, "acme-fs-1").await, "deactivated");
    let (s, b) = app.patch(DEVICES, &admin, status("acme-fs-1", "De-activate")).await;
    refused(s, &b, "PMS_DEVICE_ERROR_014");
    let (s, b) = app.put(&map_url, &dp, map("acme-fs-1", &sbi)).await;
    refused(s, &b, "PMS_AUT_027");

    // Searches and filter values, in SQL, scoped to the caller's providers.
    let search = |filters: Value, sort: Value| {
        legacy(json!({"filters": filters, "sort": sort, "pagination": {"pageStart": 0, "pageFetch": 10}}))
    };
    let (s, b) = app
        .post(
            &format!("{DEVICES}/search"),
            &dp,
            search(
                json!([{"columnName": "make", "type": "equals", "value": "Acme"}]),
                json!([{"sortField": "model", "sortType": "asc"}]),
            ),
        )
        .await;
    let r = ok(s, &b);
    let models: Vec<&str> = r["data"].as_array().unwrap().iter().map(|d| d["model"].as_str().unwrap()).collect();
    assert_eq!(models, ["FC-1", "FS-1", "IR-1s"], "{r}");
    assert_eq!(r["data"][1]["approvalStatus"], "approved");
    let (s, b) = app
        .post(
            &format!("{DEVICES}/search"),
            &dp,
            search(json!([{"columnName": "nope", "type": "equals", "value": "x"}]), json!([])),
        )
        .await;
    refused(s, &b, "PMS-MSD-310");
    let (s, b) = app
        .post(
            &format!("{SBI}/search"),
            &admin,
            search(
                json!([{"columnName": "providerId", "type": "equals", "value": "acme-devices"}]),
                json!([{"sortField": "swVersion", "sortType": "desc"}]),
            ),
        )
        .await;
    let r = ok(s, &b);
    let versions: Vec<&str> = r["data"].as_array().unwrap().iter().map(|d| d["swVersion"].as_str().unwrap()).collect();
    assert_eq!(versions, ["3.0", "2.0", "1.0"], "{r}");
    let (s, b) = app
        .post(&format!("{SBI}/search"), &dp, search(json!([]), json!([{"sortField": "nope", "sortType": "asc"}])))
        .await;
    refused(s, &b, "PMS-MSD-357");
    let (s, b) = app
        .post(
            &format!("{DEVICES}/deviceType/search"),
            &dp,
            search(json!([]), json!([{"sortField": "code", "sortType": "asc"}])),
        )
        .await;
    let r = ok(s, &b);
    let mut kinds: Vec<(String, String)> = r["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["deviceType"].as_str().unwrap().to_string(), t["code"].as_str().unwrap().to_string()))
        .collect();
    kinds.sort();
    let expected: Vec<(String, String)> = [
        ("Face", "Full face"),
        ("Finger", "Single"),
        ("Finger", "Slap"),
        ("Finger", "Touchless"),
        ("Iris", "Double"),
        ("Iris", "Single"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!((kinds, r["totalRecord"].as_u64()), (expected, Some(6)), "{r}");
    let (s, b) = app
        .post(
            &format!("{DEVICES}/deviceType/search"),
            &dp,
            search(json!([{"columnName": "deviceType", "type": "equals", "value": "Iris"}]), json!([])),
        )
        .await;
    assert_eq!(ok(s, &b)["totalRecord"], 2);
    let values = |b: &Value| -> Vec<String> {
        let mut v: Vec<String> = b["response"]["filters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["fieldValue"].as_str().unwrap_or_default().to_string())
            .collect();
        v.sort();
        v
    };
    let filter = |column: &str| legacy(json!({"filters": [{"columnName": column, "type": "unique"}]}));
    let (s, b) = app.post(&format!("{DEVICES}/filtervalues"), &other, filter("model")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(values(&b).is_empty(), "another provider's devices are not its values: {b}");
    let (s, b) = app.post(&format!("{DEVICES}/filtervalues"), &dp, filter("model")).await;
    assert_eq!((s, values(&b)), (StatusCode::OK, vec!["FC-1".to_string(), "FS-1".into(), "IR-1s".into()]), "{b}");
    let (s, b) = app.post(&format!("{SBI}/filtervalues"), &dp, filter("swVersion")).await;
    assert_eq!((s, values(&b)), (StatusCode::OK, vec!["1.0".to_string(), "2.0".into(), "3.0".into()]), "{b}");
    let (s, b) = app.post(&format!("{DEVICES}/deviceType/filtervalues"), &dp, filter("code")).await;
    assert_eq!((s, values(&b)), (StatusCode::OK, vec!["Face".to_string(), "Finger".into(), "Iris".into()]), "{b}");
    let (s, b) = app.post(&format!("{DEVICES}/deviceSubType/filtervalues"), &dp, filter("code")).await;
    assert_eq!(
        (s, values(&b)),
        (
            StatusCode::OK,
            vec!["Double".to_string(), "Full face".into(), "Single".into(), "Slap".into(), "Touchless".into()]
        ),
        "{b}"
    );
    let (s, b) = app.post(&format!("{SBI}/filtervalues"), &dp, filter("nope")).await;
    refused(s, &b, "PMS-MSD-310");
    let auth = app.token_for_new_user("bank-one", &[AUTH_PARTNER]).await;
    let (s, b) = app.post(&format!("{DEVICES}/search"), &auth, search(json!([]), json!([]))).await;
    assert_eq!((s, error_code(&b).as_deref()), (StatusCode::FORBIDDEN, Some("KER-ATH-403")));
}

#[tokio::test]
async fn the_legacy_chip_endpoints() {
    let (app, admin) = spawn().await;
    let issuing = ftm_trust(&app, &admin).await;
    let ftm = ftm_provider(&app, &admin, "chip-makers", "Chip Makers").await;
    let rival = ftm_provider(&app, &admin, "rival-chips", "Rival Chips").await;
    let a = approved_chip(&app, &admin, &ftm, &issuing, "chip-makers", "Chip Makers", "M-2").await;
    let b_chip = new_chip(&app, &ftm, "chip-makers", "Chipco", "M-1").await;
    new_chip(&app, &rival, "rival-chips", "Rivalco", "R-1").await;
    let search = |filters: Value, sort: Value| {
        legacy(json!({"filters": filters, "sort": sort, "pagination": {"pageStart": 0, "pageFetch": 10}}))
    };
    let (s, b) = app
        .post(&format!("{CHIPS}/search"), &ftm, search(json!([]), json!([{"sortField": "model", "sortType": "asc"}])))
        .await;
    let r = ok(s, &b);
    let ids: Vec<&str> = r["data"].as_array().unwrap().iter().map(|c| c["ftpChipDetailId"].as_str().unwrap()).collect();
    assert_eq!(ids, [b_chip.as_str(), a.as_str()], "{r}");
    assert_eq!(
        (r["data"][1]["approvalStatus"].as_str(), r["data"][1]["isActive"].as_bool()),
        (Some("approved"), Some(true))
    );
    assert_eq!(r["data"][1]["partnerOrganizationName"], "Chip Makers");
    let (s, b) = app
        .post(
            &format!("{CHIPS}/search"),
            &admin,
            search(json!([{"columnName": "ftpProviderId", "type": "equals", "value": "rival-chips"}]), json!([])),
        )
        .await;
    assert_eq!(ok(s, &b)["totalRecord"], 1);
    let (s, b) = app
        .post(
            &format!("{CHIPS}/search"),
            &admin,
            search(json!([{"columnName": "nope", "type": "equals", "value": "x"}]), json!([])),
        )
        .await;
    refused(s, &b, "PMS-MSD-310");
    let (s, b) =
        app.put(CHIPS, &ftm, legacy(json!({"ftpChipDetailId": b_chip, "make": "Chipco", "model": "M-0"}))).await;
    ok(s, &b);
    let (s, b) = app
        .post(
            &format!("{CHIPS}/search"),
            &ftm,
            search(json!([{"columnName": "model", "type": "equals", "value": "M-0"}]), json!([])),
        )
        .await;
    assert_eq!(ok(s, &b)["data"][0]["ftpChipDetailId"], b_chip);
    let (s, b) = app.get(&format!("{CHIPS}/getPartnerCertificate/{a}"), &ftm).await;
    let cert = ok(s, &b);
    assert!(cert["certificateData"].as_str().unwrap().starts_with("-----BEGIN CERTIFICATE-----"), "{cert}");
    assert!(cert["timestamp"].is_string());
    let (s, b) = app.get(&format!("{CHIPS}/getPartnerCertificate/{b_chip}"), &ftm).await;
    refused(s, &b, "PMP_AUT_033");
    let dp = app.token_for_new_user("acme-devices", &[DEVICE_PROVIDER]).await;
    let (s, b) =
        app.send(Method::POST, &format!("{CHIPS}/search"), Some(&dp), Some(search(json!([]), json!([])))).await;
    assert_eq!((s, error_code(&b).as_deref()), (StatusCode::FORBIDDEN, Some("KER-ATH-403")));
}

#[tokio::test]
async fn chip_certificates_lose_trust_and_expire_as_the_clock_moves() {
    let (app, admin) = spawn().await;
    let issuing = ftm_trust(&app, &admin).await;
    let ftm = ftm_provider(&app, &admin, "chip-makers", "Chip Makers").await;
    let chip = approved_chip(&app, &admin, &ftm, &issuing, "chip-makers", "Chip Makers", "C-1").await;
    let path = format!("{CHIPS}/{chip}/certificate-data");
    assert_eq!(certificate_data(&app, &ftm, &path).await["isTrusted"], true);

    // Without the intermediate in the trust store the original no longer chains.
    let (s, b) = app
        .get("/v1/partnermanager/trust-chain-certificates?caCertificateType=INTERMEDIATE&partnerDomain=FTM", &admin)
        .await;
    let ca = ok(s, &b)["data"][0]["certId"].as_str().unwrap().to_string();
    let body = v2("mosip.pms.trust.certificate.deactivate.post", json!({"reason": "key compromised"}));
    let (s, b) = app.post(&format!("/v1/partnermanager/trust-chain-certificates/{ca}/deactivate"), &admin, body).await;
    ok(s, &b);
    let d = certificate_data(&app, &ftm, &path).await;
    assert_eq!(d["isTrusted"], false, "{d}");
    assert!(!d["caSignedCertificateData"].as_str().unwrap().is_empty());

    // The platform copy ends after a year, the original after two: an expired copy's data is "".
    app.clock.advance(Duration::days(400));
    let d = certificate_data(&app, &ftm, &path).await;
    assert_eq!(
        (d["isMosipSignedCertificateExpired"].as_bool(), d["mosipSignedCertificateData"].as_str()),
        (Some(true), Some("")),
        "{d}"
    );
    assert_eq!(d["isCaSignedCertificateExpired"], false);
    assert!(d["caSignedCertificateData"].as_str().unwrap().contains("BEGIN CERTIFICATE"));
    assert!(d["daysLeft"].as_i64().unwrap() < 0, "{d}");
    let (s, b) = app.get(CHIPS, &ftm).await;
    assert_eq!(ok(s, &b)[0]["isCertificateExpired"], true);
    app.clock.advance(Duration::days(400));
    let d = certificate_data(&app, &ftm, &path).await;
    assert_eq!(
        (d["isCaSignedCertificateExpired"].as_bool(), d["caSignedCertificateData"].as_str()),
        (Some(true), Some("")),
        "{d}"
    );
}

/// A list's sort fields, each with the item key it orders (if the item shows it as stored).
type SortFields = &'static [(&'static str, Option<&'static str>)];

#[tokio::test]
async fn every_advertised_sort_field_sorts_on_this_engine() {
    let (app, admin) = spawn().await;
    let issuing = ftm_trust(&app, &admin).await;
    for (n, (id, org)) in [("alpha-devices", "Alpha Devices"), ("beta-devices", "Beta Devices")].into_iter().enumerate()
    {
        let token = device_provider(&app, &admin, id, org).await;
        let now = app.services.now();
        for (i, version) in ["1.0", "2.0"].into_iter().enumerate() {
            let expiry = now + Duration::days(30 + 100 * (i as i64) + 10 * n as i64);
            let sbi = new_sbi_ending(&app, &token, id, version, expiry).await;
            if i == 0 {
                let (s, b) = decide_sbi(&app, &admin, &sbi, "Activate").await;
                ok(s, &b);
                for m in 0..=n {
                    new_device(&app, &token, &sbi, id, &format!("{id}-m{m}")).await;
                }
            }
        }
    }
    for (id, org) in [("chip-a", "Chip A"), ("chip-b", "Chip B")] {
        let token = ftm_provider(&app, &admin, id, org).await;
        new_chip(&app, &token, id, &format!("{id}-make"), "m-1").await;
        approved_chip(&app, &admin, &token, &issuing, id, org, "m-2").await;
    }
    let lists: [(&str, SortFields); 3] = [
        (
            SBI,
            &[
                ("partnerId", Some("partnerId")),
                ("orgName", Some("orgName")),
                ("partnerType", None),
                ("sbiId", Some("sbiId")),
                ("sbiVersion", Some("sbiVersion")),
                ("sbiCreatedDateTime", Some("sbiCreatedDateTime")),
                ("sbiExpiryDateTime", Some("sbiExpiryDateTime")),
                ("status", None),
                ("createdDateTime", Some("createdDateTime")),
                ("sbiExpiryStatus", Some("sbiExpiryDateTime")),
                ("countOfAssociatedDevices", Some("countOfAssociatedDevices")),
            ],
        ),
        (
            DEVICES,
            &[
                ("deviceId", Some("deviceId")),
                ("sbiId", Some("sbiId")),
                ("sbiVersion", Some("sbiVersion")),
                ("partnerId", Some("partnerId")),
                ("orgName", Some("orgName")),
                ("deviceType", Some("deviceType")),
                ("deviceSubType", Some("deviceSubType")),
                ("make", Some("make")),
                ("model", Some("model")),
                ("status", None),
                ("createdDateTime", Some("createdDateTime")),
            ],
        ),
        (
            "/v1/partnermanager/ftpchipdetail/v2",
            &[
                ("partnerId", Some("partnerId")),
                ("orgName", Some("orgName")),
                ("ftmId", Some("ftmId")),
                ("make", Some("make")),
                ("model", Some("model")),
                ("status", None),
                ("createdDateTime", Some("createdDateTime")),
            ],
        ),
    ];
    for (path, fields) in lists {
        let (s, b) = app.get(&format!("{path}?pageNo=0&pageSize=50"), &admin).await;
        let total = ok(s, &b)["totalResults"].as_u64().unwrap();
        assert!(total >= 3, "{path}: {b}");
        for (field, key) in fields {
            for dir in ["asc", "desc"] {
                let url = format!("{path}?sortFieldName={field}&sortType={dir}&pageNo=0&pageSize=50");
                let (s, b) = app.get(&url, &admin).await;
                let page = ok(s, &b);
                assert_eq!(page["totalResults"].as_u64(), Some(total), "{url}");
                let Some(key) = key else { continue };
                let values: Vec<Value> = page["data"].as_array().unwrap().iter().map(|i| i[*key].clone()).collect();
                let ordered = values.windows(2).all(|w| {
                    let (a, b) = (&w[0], &w[1]);
                    let cmp = match (a.as_u64(), b.as_u64()) {
                        (Some(x), Some(y)) => x.cmp(&y),
                        _ => a
                            .as_str()
                            .unwrap_or_default()
                            .to_lowercase()
                            .cmp(&b.as_str().unwrap_or_default().to_lowercase()),
                    };
                    if dir == "asc" {
                        cmp != std::cmp::Ordering::Greater
                    } else {
                        cmp != std::cmp::Ordering::Less
                    }
                });
                assert!(ordered, "{url}: {values:?}");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_duplicates_get_one_success_and_business_refusals() {
    let (app, admin) = spawn().await;
    let dp = device_provider(&app, &admin, "acme-devices", "Acme Devices").await;
    let ftm = ftm_provider(&app, &admin, "chip-makers", "Chip Makers").await;
    let sbi = approved_sbi(&app, &admin, &dp, "acme-devices", "1.0").await;
    let app = std::sync::Arc::new(app);
    let now = app.services.now();
    let same_sbi = legacy(sbi_request("acme-devices", "2.0", now - Duration::days(1), now + Duration::days(30)));
    let same_device = v2(ADD_DEVICE, device_request("acme-devices", ("Finger", "Slap"), "Acme", "FS-1"));
    let same_chip = legacy(json!({"ftpProviderId": "chip-makers", "make": "Chipco", "model": "C-1"}));
    for (what, path, token, body, duplicate) in [
        ("SBI version", SBI.to_string(), dp.clone(), same_sbi, "PMS_AUT_512"),
        ("device make and model", format!("{SBI}/{sbi}/devices"), dp.clone(), same_device, "PMS_AUT_003"),
        ("chip make and model", CHIPS.to_string(), ftm.clone(), same_chip, "PMP_AUT_032"),
    ] {
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let (app, path, token, body) = (app.clone(), path.clone(), token.clone(), body.clone());
            tasks.spawn(async move { app.post(&path, &token, body).await });
        }
        let answers = tasks.join_all().await;
        let codes: Vec<Option<String>> = answers
            .iter()
            .map(|(s, b)| {
                assert_eq!(*s, StatusCode::OK, "{what}: {b}");
                error_code(b)
            })
            .collect();
        assert_eq!(codes.iter().filter(|c| c.is_none()).count(), 1, "{what}: {codes:?}");
        assert!(codes.iter().flatten().all(|c| c == duplicate), "{what}: {codes:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_decisions_and_uploads_are_made_once_each() {
    let (app, admin) = spawn().await;
    let issuing = ftm_trust(&app, &admin).await;
    let dp = device_provider(&app, &admin, "acme-devices", "Acme Devices").await;
    let ftm = ftm_provider(&app, &admin, "chip-makers", "Chip Makers").await;
    let sbi = approved_sbi(&app, &admin, &dp, "acme-devices", "1.0").await;
    let device = new_device(&app, &dp, &sbi, "acme-devices", "FS-1").await;
    let chip = new_chip(&app, &ftm, "chip-makers", "Chipco", "C-1").await;
    let leaves: Vec<String> = (0..6).map(|_| chip_leaf(&issuing, &app, "Chip Makers")).collect();
    let app = std::sync::Arc::new(app);

    // Six uploads at once: each is a version of its own, none is lost.
    let mut tasks = tokio::task::JoinSet::new();
    for leaf in leaves {
        let (app, ftm, chip) = (app.clone(), ftm.clone(), chip.clone());
        tasks.spawn(
            async move { upload_chip_cert(&app, &ftm, "chip-makers", &chip, &leaf, "Chip Makers", "FTM").await },
        );
    }
    let answers = tasks.join_all().await;
    for (s, b) in &answers {
        assert_eq!(*s, StatusCode::OK, "{b}");
    }
    let stored = answers.iter().filter(|(_, b)| error_code(b).is_none()).count();
    let rows = audit(&app, &admin, "ftm_chip.certificate_upload", &chip).await;
    let versions: std::collections::BTreeSet<u64> =
        rows.iter().filter(|r| r["outcome"] == "success").map(|r| r["details"]["version"].as_u64().unwrap()).collect();
    assert_eq!(stored, 6, "{answers:?}");
    assert_eq!(versions, (1..=stored as u64).collect(), "every stored upload has its own version: {rows:?}");
    assert_eq!(chip_item(&app, &ftm, &chip).await["status"], "pending_approval");

    // Eight decisions of one device, of one chip, eight deactivations of one SBI: one each.
    let device_path = format!("{DEVICES}/{device}/approval");
    let device_body = v2(DECIDE_DEVICE, json!({"partnerId": "acme-devices", "sbiId": sbi, "status": "approved"}));
    let chip_body = legacy(json!({"ftpChipDetailId": chip, "approvalStatus": true}));
    let sbi_path = format!("{SBI}/{sbi}");
    let sbi_body = v2(DEACTIVATE_SBI, json!({"status": "De-Activate"}));
    for (what, method, path, body, refusal) in [
        ("device approval", Method::POST, device_path, device_body, "PMS_DEVICE_ERROR_010"),
        ("chip approval", Method::PATCH, CHIPS.to_string(), chip_body, "PMS_FTM_011"),
        ("SBI deactivation", Method::PATCH, sbi_path, sbi_body, "PMS_DEVICE_ERROR_020"),
    ] {
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let (app, admin, method, path, body) =
                (app.clone(), admin.clone(), method.clone(), path.clone(), body.clone());
            tasks.spawn(async move { app.send(method, &path, Some(&admin), Some(body)).await });
        }
        let codes: Vec<Option<String>> = tasks
            .join_all()
            .await
            .into_iter()
            .map(|(s, b)| {
                assert_eq!(s, StatusCode::OK, "{what}: {b}");
                error_code(&b)
            })
            .collect();
        assert_eq!(codes.iter().filter(|c| c.is_none()).count(), 1, "{what}: {codes:?}");
        assert!(codes.iter().flatten().all(|c| c == refusal), "{what}: {codes:?}");
    }
    assert_eq!(device_status(&app, &admin, &device).await, "deactivated");
    let mail = app.mailbox().await;
    assert_eq!(
        mail.iter().filter(|m| qp_decode(m).contains("Your device Acme FS-1 was approved")).count(),
        1,
        "one e-mail per decision"
    );
}
