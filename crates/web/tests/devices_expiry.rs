//! SBIs and FTM chip certificates among the items that expire: the Partner Admin's expiring view
//! lists them, and their providers are reminded once per threshold as the clock moves.

mod common;

use chrono::Duration;
use common::*;
use pms_domain::partner::PartnerStatus;
use pms_domain::roles::{DEVICE_PROVIDER, FTM_PROVIDER};
use pms_testkit::pki::{Authority, Subject};
use reqwest::StatusCode;
use serde_json::{json, Value};

const PM: &str = "/v1/partnermanager";

fn ok(status: StatusCode, body: &Value) -> Value {
    assert_eq!((status, error_code(body)), (StatusCode::OK, None), "{body}");
    body["response"].clone()
}

/// Subjects of the e-mails sent to `to`, in order.
fn subjects(mails: &[String], to: &str) -> Vec<String> {
    mails
        .iter()
        .filter(|m| m.lines().any(|l| l.eq_ignore_ascii_case(&format!("To: {to}"))))
        .filter_map(|m| m.lines().find_map(|l| l.strip_prefix("Subject: ")).map(str::to_string))
        .collect()
}

fn stamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

#[tokio::test]
async fn sbis_and_chip_certificates_show_as_expiring_and_their_providers_are_reminded() {
    let app = TestApp::spawn_with(|c| c.expiry_reminder_days = "30".into()).await;
    let admin = app.admin_token().await;
    let now = app.services.now();

    app.fixtures.partner("dp-one", "Device_Provider", PartnerStatus::Approved).await;
    let dp = app.token_for_new_user("dp-one", &[DEVICE_PROVIDER]).await;
    let sbi = json!({"providerId": "dp-one", "swBinaryHash": "9f2c1e", "swVersion": "2.1.0",
        "swCreateDateTime": stamp(now - Duration::days(10)), "swExpiryDateTime": stamp(now + Duration::days(370))});
    let (s, b) = app.post(&format!("{PM}/securebiometricinterface"), &dp, legacy(sbi)).await;
    let sbi_id = ok(s, &b)["id"].as_str().unwrap().to_string();
    let decision = legacy(json!({"id": sbi_id, "approvalStatus": "Activate"}));
    let (s, b) = app.patch(&format!("{PM}/securebiometricinterface"), &admin, decision).await;
    ok(s, &b);

    app.fixtures.partner_named("ftm-one", "Chip Makers", "FTM_Provider", PartnerStatus::Approved).await;
    let ftm = app.token_for_new_user("ftm-one", &[FTM_PROVIDER]).await;
    let root = Authority::root(&Subject::new("FTM Root", "Trust Services"), now);
    let issuing = root.intermediate(&Subject::new("FTM Issuing", "Trust Services"), now);
    for ca in [&root.pem, &issuing.pem] {
        let body = legacy(json!({"certificateData": ca, "partnerDomain": "FTM"}));
        let (s, b) = app.post(&format!("{PM}/partners/certificate/ca/upload"), &admin, body).await;
        ok(s, &b);
    }
    let chip = legacy(json!({"ftpProviderId": "ftm-one", "make": "Acme", "model": "C1"}));
    let (s, b) = app.post(&format!("{PM}/ftpchipdetail"), &ftm, chip).await;
    let chip_id = ok(s, &b)["id"].as_str().unwrap().to_string();
    let leaf = issuing.leaf(&Subject::new("Acme C1", "Chip Makers").lasting(Duration::days(-1), 400), now);
    let upload =
        legacy(json!({"ftpProviderId": "ftm-one", "ftpChipDeatilId": chip_id, "isItForRegistrationDevice": true,
        "certificateData": leaf, "organizationName": "Chip Makers", "partnerDomain": "FTM"}));
    let (s, b) = app.post(&format!("{PM}/ftpchipdetail/uploadcertificate"), &ftm, upload).await;
    ok(s, &b);
    let decision = legacy(json!({"ftpChipDetailId": chip_id, "approvalStatus": true}));
    let (s, b) = app.patch(&format!("{PM}/ftpchipdetail"), &admin, decision).await;
    ok(s, &b);

    // Both end within 400 days (the platform-signed chip copy lasts a year), neither within 300.
    let (s, b) = app.get("/v1/pms/certificates/expiring?days=400", &admin).await;
    let expiring = ok(s, &b);
    assert_eq!(expiring["sbis"][0]["sbiId"], sbi_id.as_str(), "{expiring}");
    assert_eq!(expiring["sbis"][0]["sbiVersion"], "2.1.0");
    assert_eq!(expiring["chipCertificates"][0]["ftmId"], chip_id.as_str(), "{expiring}");
    let (s, b) = app.get("/v1/pms/certificates/expiring?days=300", &admin).await;
    let soon = ok(s, &b);
    assert_eq!((soon["sbis"].as_array().unwrap().len(), soon["chipCertificates"].as_array().unwrap().len()), (0, 0));

    let reminders = |mails: Vec<String>, to: &str| {
        subjects(&mails, to).into_iter().filter(|s| s.contains("expires in")).collect::<Vec<_>>()
    };
    app.services.housekeeping().await.unwrap();
    app.deliver().await;
    assert!(reminders(app.mailbox().await, "dp-one@example.org").is_empty(), "a year left: none yet");

    app.clock.advance(Duration::days(340));
    app.services.housekeeping().await.unwrap();
    app.services.housekeeping().await.unwrap();
    app.deliver().await;
    let mails = app.mailbox().await;
    assert_eq!(reminders(mails.clone(), "dp-one@example.org"), ["SBI 2.1.0 of partner dp-one expires in 30 days"]);
    assert_eq!(
        reminders(mails, "ftm-one@example.org"),
        ["The certificate of FTM chip Acme C1 expires in 30 days"],
        "once, at the threshold, to the chip's provider"
    );

    // A deactivated SBI is no longer anyone's concern (the tokens of a year ago have ended).
    let admin = app.admin_token().await;
    let body = v2("mosip.pms.deactivate.sbi.patch", json!({"status": "De-Activate"}));
    let (s, b) = app.patch(&format!("{PM}/securebiometricinterface/{sbi_id}"), &admin, body).await;
    ok(s, &b);
    let (s, b) = app.get("/v1/pms/certificates/expiring?days=400", &admin).await;
    assert_eq!(ok(s, &b)["sbis"].as_array().unwrap().len(), 0);
}
