mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn health_login_and_a_policy_round_trip() {
    let app = TestApp::spawn().await;
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let token = app.admin_token().await;
    let group = app.create_group(&token, "Banking").await;
    let policy = app.create_policy(&token, "Banking", "KYC", "Auth").await;
    let (status, body) =
        app.post(&format!("/v1/policymanager/policies/{policy}/group/{group}/publish"), &token, json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(body["response"]["status"], "PUBLISHED", "{body}");
    let events = app.events("POLICY_UPDATED").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["payload"]["event"]["data"]["policyData"]["policyStatus"], "ACTIVE");
}
