mod common;

use common::*;
use serde_json::json;

fn code_from(mail: &str) -> String {
    let re = regex::Regex::new(r"(?m)^\s*(\d{6})\s*$").unwrap();
    re.captures(mail).map(|c| c[1].to_string()).expect("a six-digit code on its own line")
}

#[tokio::test]
async fn sign_up_verify_approve_login() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_group(&admin, "Banking").await;
    let (status, body) = app
        .send(
            reqwest::Method::POST,
            "/v1/partnermanager/self-registration",
            None,
            Some(legacy(json!({
                "username": "bank-one", "organizationName": "Bank One", "partnerType": "Auth_Partner",
                "firstName": "Ana", "lastName": "Lopez", "emailId": "ana@bank-one.example",
                "contactNumber": "+33 1234 5678", "address": "1 Main Street", "langCode": "fra",
                "policyGroup": "banking", "password": "correct horse 42", "termsAccepted": true
            }))),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(error_code(&body), None, "{body}");
    let mails = app.mailbox().await;
    assert_eq!(mails.len(), 1);
    let code = code_from(&mails[0]);
    let (_, body) = app
        .send(
            reqwest::Method::POST,
            "/v1/partnermanager/self-registration/verify",
            None,
            Some(legacy(json!({"emailId": "ana@bank-one.example", "otp": code}))),
        )
        .await;
    assert_eq!(body["response"]["status"], "pending_approval", "{body}");
    let partner = app.login("bank-one", "correct horse 42").await;
    let (_, body) = app.get("/v1/partnermanager/partners/bank-one", &partner).await;
    assert_eq!(body["response"]["isActive"], false, "{body}");
    // The terms accepted on the sign-up form count as the user's consent.
    let (_, body) = app.get("/v1/partnermanager/users/user-consent", &partner).await;
    assert_eq!(body["response"]["consentGiven"], true, "{body}");
    let (_, body) = app
        .post(
            "/v1/partnermanager/admin-partners/bank-one/approve",
            &admin,
            v2("mosip.pms.partner.approve.post", json!({})),
        )
        .await;
    assert_eq!(body["response"]["partnerStatus"], "activated", "{body}");
    let (_, body) = app.get("/v1/partnermanager/partners/bank-one", &partner).await;
    assert_eq!(body["response"]["isActive"], true, "{body}");
    assert_eq!(app.events("PARTNER_UPDATED").await.len(), 1);
}
