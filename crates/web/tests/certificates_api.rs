//! The trust store and partner certificates over HTTP: CA uploads with keymanager's codes, the
//! trust-store list, partner certificate upload with chain validation and re-signing (checked by
//! `openssl verify`), the reads, expiry as the clock moves, CA deactivation, the signed bundle.
//! Certificates are generated per test relative to the server's clock.

mod common;

use chrono::Duration;
use common::*;
use pms_domain::partner::ApprovalMode;
use pms_domain::roles::{AUTH_PARTNER, DEVICE_PROVIDER};
use pms_testkit::pki::{self_signed_leaf, Authority, Subject};
use reqwest::StatusCode;
use serde_json::{json, Value};

const CA_UPLOAD: &str = "/v1/partnermanager/partners/certificate/ca/upload";
const UPLOAD: &str = "/v1/partnermanager/partners/certificate/upload";
const TRUST: &str = "/v1/partnermanager/trust-chain-certificates";

fn ok(status: StatusCode, body: &Value) -> Value {
    assert_eq!((status, error_code(body)), (StatusCode::OK, None), "{body}");
    body["response"].clone()
}

fn refused(status: StatusCode, body: &Value, code: &str) {
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(error_code(body).as_deref(), Some(code), "{body}");
    assert!(body["response"].is_null(), "{body}");
}

async fn upload_ca(app: &TestApp, token: &str, domain: &str, pem: &str) -> (StatusCode, Value) {
    app.post(CA_UPLOAD, token, legacy(json!({"certificateData": pem, "partnerDomain": domain}))).await
}

async fn upload(app: &TestApp, token: &str, partner: &str, domain: &str, pem: &str) -> (StatusCode, Value) {
    app.post(UPLOAD, token, legacy(json!({"partnerId": partner, "certificateData": pem, "partnerDomain": domain})))
        .await
}

async fn trust_total(app: &TestApp, admin: &str) -> u64 {
    let (s, b) = app.get(TRUST, admin).await;
    ok(s, &b)["totalResults"].as_u64().unwrap()
}

/// A partner of type Auth_Partner in the Banking group, owned by its new login `id`.
async fn auth_partner(app: &TestApp, id: &str, org: &str) -> String {
    let token = app.token_for_new_user(id, &[AUTH_PARTNER]).await;
    let request = json!({"partnerId": id, "organizationName": org, "address": "1 Main Street",
        "contactNumber": "+33 1234 5678", "emailId": format!("contact@{id}.example"), "partnerType": "Auth_Partner",
        "policyGroup": "Banking", "langCode": "eng"});
    let (s, b) = app.post("/v1/partnermanager/partners", &token, legacy(request)).await;
    ok(s, &b);
    token
}

struct World {
    app: TestApp,
    admin: String,
    root: Authority,
    issuing: Authority,
}

async fn world_with(configure: impl FnOnce(&mut pms_service::Config)) -> World {
    let app = TestApp::spawn_with(configure).await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let now = app.services.now();
    let root = Authority::root(&Subject::new("Bank Root CA", "Trust Services"), now);
    let issuing = root.intermediate(&Subject::new("Bank Issuing CA", "Trust Services"), now);
    let (s, b) = upload_ca(&app, &admin, "AUTH", &root.pem).await;
    assert_eq!(ok(s, &b)["status"], "Upload Success.");
    let (s, b) = upload_ca(&app, &admin, "auth", &issuing.pem).await;
    ok(s, &b);
    World { app, admin, root, issuing }
}

async fn world() -> World {
    world_with(|_| {}).await
}

#[tokio::test]
async fn ca_uploads_follow_keymanager_rules_and_refusals_store_nothing() {
    let World { app, admin, root, issuing } = world().await;
    let now = app.services.now();
    assert_eq!(trust_total(&app, &admin).await, 2);

    let (s, b) = upload_ca(&app, &admin, "AUTH", &root.pem).await;
    refused(s, &b, "KER-PCM-003");
    // The same root may anchor another domain.
    let (s, b) = upload_ca(&app, &admin, "DEVICE", &root.pem).await;
    ok(s, &b);

    let stranger = Authority::root(&Subject::new("Other Root", "Elsewhere"), now);
    let orphan = stranger.intermediate(&Subject::new("Orphan CA", "Elsewhere"), now);
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("an intermediate of an unknown root", orphan.pem.clone(), "AUTH", "KER-PCM-005"),
        ("garbage", "not a certificate".into(), "AUTH", "KER-PCM-001"),
        ("truncated PEM", root.pem[..root.pem.len() / 2].to_string(), "AUTH", "KER-PCM-001"),
        ("a partner certificate", issuing.leaf(&Subject::new("leaf", "Bank One"), now), "AUTH", "KER-PCM-018"),
        (
            "a root valid for less than a year",
            Authority::root(&Subject::new("Short Root", "T").lasting(Duration::days(-1), 200), now).pem,
            "AUTH",
            "KER-PCM-017",
        ),
        (
            "a future-dated root",
            Authority::root(&Subject::new("Future Root", "T").lasting(Duration::days(2), 3650), now).pem,
            "AUTH",
            "KER-PMS-020",
        ),
        (
            "an expired root",
            Authority::root(&Subject::new("Old Root", "T").lasting(Duration::days(-400), 300), now).pem,
            "AUTH",
            "KER-PCM-004",
        ),
        ("an unknown domain", stranger.pem.clone(), "MISP", "KER-PCM-011"),
        ("a blank certificate", "  ".into(), "AUTH", "PMS_COR_001"),
    ];
    for (what, pem, domain, code) in cases {
        let (s, b) = upload_ca(&app, &admin, domain, &pem).await;
        assert_eq!(error_code(&b).as_deref(), Some(code), "{what}: {b}");
        assert_eq!(s, StatusCode::OK, "{what}");
    }
    let (s, b) = app.post(CA_UPLOAD, &admin, legacy(json!({"certificateData": stranger.pem}))).await;
    refused(s, &b, "PMS_COR_001");
    // A 10 MB upload is refused at the edge, with a JSON answer.
    let huge = "A".repeat(10 * 1024 * 1024);
    let (s, b) = upload_ca(&app, &admin, "AUTH", &huge).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{b}");
    assert!(error_code(&b).is_some(), "{b}");
    assert_eq!(trust_total(&app, &admin).await, 3, "refusals store nothing");

    // A bundle in any order: the intermediate waits for its root.
    let bundle = format!("{}{}", orphan.pem, stranger.pem);
    let (s, b) = upload_ca(&app, &admin, "FTM", &bundle).await;
    let r = ok(s, &b);
    assert_eq!(r["status"], "Upload Success.");
    assert_eq!(r["certificateIds"].as_array().unwrap().len(), 2);
    // A bundle with one certificate already stored: the rest is stored, the answer says partial.
    let third = stranger.intermediate(&Subject::new("Third CA", "Elsewhere"), now);
    let (s, b) = upload_ca(&app, &admin, "FTM", &format!("{}{}", stranger.pem, third.pem)).await;
    assert_eq!(ok(s, &b)["status"], "Partial Upload Success.");

    // Only the Partner Admin (and MOSIP's partner manager) upload CA certificates.
    let partner = app.token_for_new_user("bank-one", &[AUTH_PARTNER]).await;
    let (s, b) = upload_ca(&app, &partner, "AUTH", &stranger.pem).await;
    assert_eq!((s, error_code(&b).as_deref()), (StatusCode::FORBIDDEN, Some("KER-ATH-403")));
}

#[tokio::test]
async fn the_trust_store_lists_filters_sorts_and_serves_chains() {
    let World { app, admin, root, .. } = world().await;
    let (s, b) = app.get(&format!("{TRUST}?caCertificateType=ROOT&partnerDomain=AUTH"), &admin).await;
    let page = ok(s, &b);
    assert_eq!(page["totalResults"], 1);
    let root_item = page["data"][0].clone();
    assert_eq!(root_item["caCertificateType"], "ROOT");
    assert_eq!(root_item["status"], "active");
    assert_eq!(root_item["isExpired"], false);
    assert_eq!(root_item["uploadedBy"], "admin");
    assert!(root_item["issuedTo"].as_str().unwrap().contains("Bank Root CA"), "{root_item}");
    assert_eq!(root_item["certThumbprint"].as_str().unwrap().len(), 40);

    let (s, b) = app.get(&format!("{TRUST}?sortFieldName=issuedTo&sortType=desc&pageNo=0&pageSize=1"), &admin).await;
    let page = ok(s, &b);
    assert_eq!((page["totalResults"].as_u64(), page["data"].as_array().unwrap().len()), (Some(2), 1));
    assert!(page["data"][0]["issuedTo"].as_str().unwrap().contains("Bank Root CA"), "{page}");
    let (s, b) = app.get(&format!("{TRUST}?sortFieldName=issuedTo"), &admin).await;
    refused(s, &b, "PMS_PS_ERROR_007");
    let (s, b) = app.get(&format!("{TRUST}?sortFieldName=nope&sortType=asc"), &admin).await;
    refused(s, &b, "PMS_PRT_357");
    let (s, b) = app.get(&format!("{TRUST}?issuedTo=issuing"), &admin).await;
    let intermediate = ok(s, &b)["data"][0].clone();
    assert_eq!(intermediate["caCertificateType"], "INTERMEDIATE");
    assert_eq!(intermediate["issuerId"], root_item["certId"]);

    let id = intermediate["certId"].as_str().unwrap();
    let (s, b) = app.get(&format!("{TRUST}/{id}"), &admin).await;
    assert!(ok(s, &b)["certificateData"].as_str().unwrap().starts_with("-----BEGIN CERTIFICATE-----"));
    let (s, b) = app.get(&format!("{TRUST}/{id}/certificateFile"), &admin).await;
    let p7b = ok(s, &b)["p7bFile"].as_str().unwrap().to_string();
    assert!(p7b.starts_with("-----BEGIN PKCS7-----"), "{p7b}");
    // The chain holds the intermediate and its root, as openssl reads it.
    let printed = openssl(&["pkcs7", "-print_certs", "-noout"], &p7b);
    assert!(printed.contains("Bank Issuing CA") && printed.contains("Bank Root CA"), "{printed}");
    // The public chain endpoint serves the same file without a token.
    let res = app.client.get(app.url(&format!("/v1/pms/certificate-chains/{id}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), p7b);
    let (s, b) = app.get(&format!("{TRUST}/no-such-id"), &admin).await;
    refused(s, &b, "PMS_TRUST_001");
    // Past the root's validity the list says it has expired.
    app.clock.advance(Duration::days(3700));
    let later = app.admin_token().await;
    let (s, b) = app.get(&format!("{TRUST}?caCertificateType=ROOT"), &later).await;
    assert_eq!(ok(s, &b)["data"][0]["isExpired"], true);
    app.clock.advance(Duration::days(-3700));
    let _ = root;
}

/// Runs `openssl` with `input` on standard input and returns what it printed; fails the test if
/// openssl is missing or refuses.
fn openssl(args: &[&str], input: &str) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("openssl")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the openssl command is needed by this test");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn a_partner_certificate_is_validated_re_signed_and_readable() {
    let World { app, admin, issuing, root } = world().await;
    let now = app.services.now();
    let token = auth_partner(&app, "bank-one", "Bank One").await;
    let good = issuing.leaf(&Subject::new("bank-one.example", "Bank One").lasting(Duration::days(-1), 730), now);

    // Refusals, each with its code, storing nothing.
    let other_root = Authority::root(&Subject::new("Device Root", "Makers"), now);
    let (s, b) = upload_ca(&app, &admin, "DEVICE", &other_root.pem).await;
    ok(s, &b);
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("another organisation", issuing.leaf(&Subject::new("x", "Bank Two"), now), "AUTH", "KER-PCM-008"),
        ("self-signed", self_signed_leaf(&Subject::new("x", "Bank One"), now), "AUTH", "KER-PCM-015"),
        ("the wrong domain", good.clone(), "DEVICE", "KER-PCM-011"),
        ("an unknown domain", good.clone(), "MISP", "KER-PCM-011"),
        (
            "a chain to another domain's root",
            other_root.leaf(&Subject::new("x", "Bank One"), now),
            "AUTH",
            "KER-PCM-006",
        ),
        (
            "too short a validity",
            issuing.leaf(&Subject::new("x", "Bank One").lasting(Duration::days(-1), 100), now),
            "AUTH",
            "KER-PCM-004",
        ),
        ("two certificates", format!("{good}{}", issuing.pem), "AUTH", "PMS_COR_001"),
        ("garbage", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".into(), "AUTH", "KER-PCM-001"),
    ];
    for (what, pem, domain, code) in cases {
        let (s, b) = upload(&app, &token, "bank-one", domain, &pem).await;
        assert_eq!((s, error_code(&b).as_deref()), (StatusCode::OK, Some(code)), "{what}: {b}");
    }
    let (s, b) = app.get("/v1/partnermanager/partners/bank-one/certificate", &token).await;
    refused(s, &b, "PMS_PRT_108");
    let (s, b) = upload(&app, &token, "nobody", "AUTH", &good).await;
    refused(s, &b, "PMS_PRT_005");
    let other = auth_partner(&app, "bank-two", "Bank Two").await;
    let (s, b) = upload(&app, &other, "bank-one", "AUTH", &good).await;
    refused(s, &b, "PMS_PRT_055");
    let (s, b) = app.post(UPLOAD, &token, legacy(json!({"partnerId": "bank-one", "certificateData": good}))).await;
    refused(s, &b, "PMS_COR_001");

    let (s, b) = upload(&app, &token, "bank-one", "AUTH", &good).await;
    let r = ok(s, &b);
    let signed = r["signedCertificateData"].as_str().unwrap().to_string();
    // The platform CA's copy verifies on its own, carries the partner's subject and key.
    let res = app.client.get(app.url("/v1/pms/platform-ca")).send().await.unwrap();
    let platform = res.text().await.unwrap();
    let dir = std::env::temp_dir().join(format!("pms-cert-test-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("ca.pem"), &platform).unwrap();
    let verified = openssl(&["verify", "-CAfile", dir.join("ca.pem").to_str().unwrap()], &signed);
    assert!(verified.contains("OK"), "{verified}");
    let subject = |pem: &str| openssl(&["x509", "-noout", "-subject", "-nameopt", "RFC2253"], pem);
    let pubkey = |pem: &str| openssl(&["x509", "-noout", "-pubkey"], pem);
    assert_eq!(subject(&signed), subject(&good));
    assert_eq!(pubkey(&signed), pubkey(&good));
    let _ = std::fs::remove_dir_all(&dir);

    let (s, b) = app.get("/v1/partnermanager/partners/bank-one/certificate", &token).await;
    assert_eq!(ok(s, &b)["certificateData"], signed.as_str());
    let (s, b) = app.get("/v1/partnermanager/partners/bank-one/certificate-data", &token).await;
    let data = ok(s, &b);
    assert_eq!(data["caSignedCertificateData"], good.trim_end().to_string() + "\n", "{data}");
    assert_eq!(data["mosipSignedCertificateData"], signed.as_str());
    assert_eq!(
        (data["isCaSignedCertificateExpired"].as_bool(), data["isMosipSignedCertificateExpired"].as_bool()),
        (Some(false), Some(false))
    );
    assert_eq!(data["isTrusted"], true);
    assert!((363..=366).contains(&data["daysLeft"].as_i64().unwrap()), "{data}");
    let (s, b) = app.get("/v1/partnermanager/partners/bank-one/certificate-data", &other).await;
    refused(s, &b, "PMS_CERTIFICATE_ERROR_007");
    let (s, b) = app.get("/v1/partnermanager/partners/partner-certificates-details", &token).await;
    let list = ok(s, &b);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["isCertificateAvailable"], true);
    assert_eq!(list[0]["partnerType"], "Auth_Partner");

    // Events: the partner with its certificate, and the chain for consumers' trust stores.
    let updated = app.events("PARTNER_UPDATED").await;
    assert!(
        updated.iter().any(|e| e["payload"]["event"]["data"]["partnerData"]["certificateData"] == signed.as_str()),
        "PARTNER_UPDATED with the signed certificate: {updated:?}"
    );
    let chains = app.events("CA_CERTIFICATE_UPLOADED").await;
    let url = chains[0]["payload"]["event"]["data"]["certChainDatashareUrl"].as_str().unwrap().to_string();
    assert!(url.contains("/v1/pms/certificate-chains/"), "{url}");

    // Another partner cannot present the same certificate; the owner may upload it again.
    let (s, b) = app
        .post(
            UPLOAD,
            &admin,
            legacy(json!({"partnerId": "bank-two", "certificateData": good, "partnerDomain": "AUTH"})),
        )
        .await;
    refused(s, &b, "KER-PCM-003");

    // Re-upload: a new version, the first kept as history.
    let renewed = issuing.leaf(&Subject::new("bank-one.example", "Bank One").lasting(Duration::days(-1), 800), now);
    let (s, b) = upload(&app, &token, "bank-one", "AUTH", &renewed).await;
    let second = ok(s, &b);
    assert_ne!(second["certificateId"], r["certificateId"]);
    let history = app.services.partner_certificate_history(&ctx_of(&app, &admin).await, "bank-one").await.unwrap();
    assert_eq!(
        history.iter().map(|c| (c.version, c.status.as_str())).collect::<Vec<_>>(),
        vec![(2, "active"), (1, "superseded")]
    );

    // Time passes beyond the platform-signed copy's year: the reads say so.
    app.clock.advance(Duration::days(367));
    let later = app.admin_token().await;
    let (s, b) = app.get("/v1/partnermanager/partners/bank-one/certificate-data", &later).await;
    let data = ok(s, &b);
    assert_eq!(data["isMosipSignedCertificateExpired"], true);
    assert_eq!(data["mosipSignedCertificateData"], "");
    assert_eq!(data["isCaSignedCertificateExpired"], false);
    assert!(data["daysLeft"].as_i64().unwrap() < 0, "{data}");
    app.clock.advance(Duration::days(-367));

    // Taking the issuing CA out of the trust store makes the partner certificate untrusted.
    let (s, b) = app.get(&format!("{TRUST}?caCertificateType=INTERMEDIATE&partnerDomain=AUTH"), &admin).await;
    let id = ok(s, &b)["data"][0]["certId"].as_str().unwrap().to_string();
    let deactivate = v2("mosip.pms.trust.certificate.deactivate.post", json!({"reason": "key compromised"}));
    let (s, b) = app.post(&format!("{TRUST}/{id}/deactivate"), &admin, deactivate.clone()).await;
    assert_eq!(ok(s, &b)["status"], "deactivated");
    let (s, b) = app.post(&format!("{TRUST}/{id}/deactivate"), &admin, deactivate).await;
    refused(s, &b, "PMS_TRUST_002");
    let (s, b) = app.get("/v1/partnermanager/partners/bank-one/certificate-data", &token).await;
    assert_eq!(ok(s, &b)["isTrusted"], false);
    let third = issuing.leaf(&Subject::new("bank-one.example", "Bank One").lasting(Duration::days(-1), 700), now);
    let (s, b) = upload(&app, &token, "bank-one", "AUTH", &third).await;
    refused(s, &b, "KER-PCM-006");
    let _ = root;
}

async fn ctx_of(app: &TestApp, token: &str) -> pms_service::Ctx {
    let actor = app.services.authenticate_token(token).await.expect("token");
    pms_service::Ctx { actor: Some(actor), request_id: None, client_ip: "test".into() }
}

#[tokio::test]
async fn in_on_certificate_mode_the_upload_approves_the_partner() {
    let World { app, admin, issuing, .. } = world_with(|c| c.partner_approval = ApprovalMode::OnCertificate).await;
    let now = app.services.now();
    let token = auth_partner(&app, "bank-one", "Bank One").await;
    app.fixtures.admin_partner("admin").await;
    let (s, b) = app.get("/v1/partnermanager/admin-partners/bank-one", &admin).await;
    assert_eq!(ok(s, &b)["partnerStatus"], "InProgress");
    let leaf = issuing.leaf(&Subject::new("bank-one.example", "Bank One").lasting(Duration::days(-1), 730), now);
    let (s, b) = upload(&app, &token, "bank-one", "AUTH", &leaf).await;
    ok(s, &b);
    let (s, b) = app.get("/v1/partnermanager/admin-partners/bank-one", &admin).await;
    let d = ok(s, &b);
    assert_eq!((d["partnerStatus"].as_str(), d["isCertificateAvailable"].as_bool()), (Some("activated"), Some(true)));
    let (s, b) = app.get("/v1/partnermanager/partners/v3?status=approved", &token).await;
    assert_eq!(ok(s, &b).as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn device_providers_upload_into_the_device_domain() {
    let World { app, admin, .. } = world().await;
    let now = app.services.now();
    let root = Authority::root(&Subject::new("Device Root", "Makers"), now);
    let (s, b) = upload_ca(&app, &admin, "DEVICE", &root.pem).await;
    ok(s, &b);
    let token = app.token_for_new_user("maker", &[DEVICE_PROVIDER]).await;
    let request = json!({"partnerId": "maker", "organizationName": "Maker Ltd", "address": "1 Main Street",
        "contactNumber": "+33 1234 5678", "emailId": "contact@maker.example", "partnerType": "Device_Provider",
        "langCode": "eng"});
    let (s, b) = app.post("/v1/partnermanager/partners", &token, legacy(request)).await;
    ok(s, &b);
    let leaf = root.leaf(&Subject::new("maker.example", "Maker Ltd").lasting(Duration::days(-1), 730), now);
    let (s, b) = upload(&app, &token, "maker", "AUTH", &leaf).await;
    refused(s, &b, "KER-PCM-011");
    let (s, b) = upload(&app, &token, "maker", "DEVICE", &leaf).await;
    ok(s, &b);
}

#[tokio::test]
async fn expiring_certificates_are_listed_soonest_first() {
    let World { app, admin, issuing, .. } = world().await;
    let now = app.services.now();
    let short = Authority::root(&Subject::new("Ageing Root", "T").lasting(Duration::days(-1), 400), now);
    let (s, b) = upload_ca(&app, &admin, "FTM", &short.pem).await;
    ok(s, &b);
    let token = auth_partner(&app, "bank-one", "Bank One").await;
    let leaf = issuing.leaf(&Subject::new("bank-one.example", "Bank One").lasting(Duration::days(-1), 730), now);
    let (s, b) = upload(&app, &token, "bank-one", "AUTH", &leaf).await;
    ok(s, &b);
    let (s, b) = app.get("/v1/pms/certificates/expiring", &admin).await;
    let e = ok(s, &b);
    assert_eq!((e["days"].as_u64(), e["caCertificates"].as_array().unwrap().len()), (Some(90), 0));
    let (s, b) = app.get("/v1/pms/certificates/expiring?days=400", &admin).await;
    let e = ok(s, &b);
    assert!(e["caCertificates"][0]["issuedTo"].as_str().unwrap().contains("Ageing Root"), "{e}");
    assert_eq!(e["partnerCertificates"][0]["partnerId"], "bank-one");
    let (s, b) = app.get(&format!("{TRUST}?expiringWithinDays=400"), &admin).await;
    assert_eq!(ok(s, &b)["totalResults"], 1);
    let (s, b) = app.get("/v1/pms/certificates/expiring", &token).await;
    assert_eq!((s, error_code(&b).as_deref()), (StatusCode::FORBIDDEN, Some("KER-ATH-403")));
}

#[tokio::test]
async fn the_trust_bundle_is_signed_by_the_platform_ca() {
    let World { app, .. } = world().await;
    let res = app.client.get(app.url("/v1/pms/trust-bundle")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/jwt");
    let jws = res.text().await.unwrap();
    // Verified with Node's own crypto (another JWS implementation than the server's): the
    // signature against the public key of the x5c certificate, which must be the platform CA.
    let script = r#"
        const crypto = require('crypto');
        const [h, p, s] = require('fs').readFileSync(0, 'utf8').trim().split('.');
        const header = JSON.parse(Buffer.from(h, 'base64url'));
        const cert = new crypto.X509Certificate(Buffer.from(header.x5c[0], 'base64'));
        const ok = crypto.verify('sha256', Buffer.from(h + '.' + p), { key: cert.publicKey, dsaEncoding: 'ieee-p1363' },
            Buffer.from(s, 'base64url'));
        if (!ok || header.alg !== 'ES256') process.exit(1);
        process.stdout.write(JSON.stringify({ subject: cert.subject, payload: JSON.parse(Buffer.from(p, 'base64url')) }));
    "#;
    use std::io::Write;
    let mut child = std::process::Command::new("node")
        .args(["-e", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node is needed by this test");
    child.stdin.take().unwrap().write_all(jws.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the bundle's signature does not verify");
    let verified: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(verified["subject"].as_str().unwrap().contains("PMS Platform CA"), "{verified}");
    let payload = &verified["payload"];
    assert_eq!(payload["domains"]["AUTH"].as_array().unwrap().len(), 2, "{payload}");
    assert_eq!(payload["domains"]["DEVICE"].as_array().unwrap().len(), 0);
    assert_eq!(payload["platformCertificates"].as_array().unwrap().len(), 1);
    assert!(payload["version"].as_i64().unwrap() > 0);
}

#[tokio::test]
async fn a_rotated_platform_ca_keeps_the_earlier_one_published() {
    let now = chrono::Utc::now();
    let (first, first_key) = pms_trust::PlatformCa::generate("PMS Platform CA 2026", now).unwrap();
    let (second, second_key) = pms_trust::PlatformCa::generate("PMS Platform CA 2027", now).unwrap();
    let (first_pem, second_pem) = (first.to_pem(), second.to_pem());
    let World { app, issuing, .. } = world_with(|c| {
        c.platform_ca_cert = Some(first_pem.clone());
        c.platform_ca_key = Some(first_key);
    })
    .await;
    let token = auth_partner(&app, "bank-one", "Bank One").await;
    let leaf = issuing.leaf(&Subject::new("bank-one.example", "Bank One").lasting(Duration::days(-1), 730), now);
    let (s, b) = upload(&app, &token, "bank-one", "AUTH", &leaf).await;
    let signed = ok(s, &b)["signedCertificateData"].as_str().unwrap().to_string();
    assert!(openssl(&["x509", "-noout", "-issuer"], &signed).contains("PMS Platform CA 2026"));

    // A second node (or a restart) configured with the new CA: it signs from now on, and the
    // bundle publishes both until the first expires, so the earlier signature stays verifiable.
    let mut config = app.services.config.as_ref().clone();
    config.platform_ca_cert = Some(second_pem.clone());
    config.platform_ca_key = Some(second_key);
    let rotated = pms_service::Services::open(config).await.expect("open with the new CA");
    assert_eq!(rotated.platform_certificate_pem(), second_pem);
    let bundle = rotated.trust_bundle().await.unwrap();
    let payload = bundle.split('.').nth(1).unwrap();
    use base64::Engine;
    let claims: Value =
        serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    let published: Vec<&str> = claims["platformCertificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["certificateData"].as_str().unwrap())
        .collect();
    assert_eq!(published.len(), 2, "{claims}");
    assert!(published.contains(&first_pem.as_str()) && published.contains(&second_pem.as_str()));
    // Only one of key and certificate is a configuration error, not a silent new CA.
    let mut half = app.services.config.as_ref().clone();
    half.platform_ca_key = None;
    assert!(pms_service::Services::open(half).await.is_err());
}
