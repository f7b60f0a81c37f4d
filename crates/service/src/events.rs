//! Event payloads in MOSIP's WebSub shapes (topics and `data` blocks of MOSIP PMS 1.2.2), written
//! to the outbox in the transaction of the change they announce.

use chrono::{DateTime, Utc};
use pms_store::entity::{auth_policy, partner};
use serde_json::{json, Value};

pub const POLICY_UPDATED: &str = "POLICY_UPDATED";
pub const PARTNER_UPDATED: &str = "PARTNER_UPDATED";

/// MOSIP's UTC timestamp format (`2025-01-01T10:00:00.000Z`).
pub fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// MOSIP serialises `LocalDateTime` without a zone.
fn local(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3f").to_string()
}

fn envelope(topic: &str, publisher: &str, namespace: &str, data: Value) -> Value {
    let at = utc(pms_store::now());
    json!({
        "publisher": publisher,
        "topic": topic,
        "publishedOn": at,
        "event": {
            "id": uuid::Uuid::new_v4().to_string(),
            "type": { "namespace": namespace, "name": publisher },
            "timestamp": at,
            "data": data,
        }
    })
}

fn status(active: bool) -> &'static str {
    if active {
        "ACTIVE"
    } else {
        "DEACTIVE"
    }
}

pub fn policy_updated(p: &auth_policy::Model) -> Value {
    let policy: Value = serde_json::from_str(&p.policy_file_id).unwrap_or(Value::Null);
    envelope(
        POLICY_UPDATED,
        "PolicyManagementService",
        "io.mosip.pmp.policy.service",
        json!({
            "policyData": {
                "policyId": p.id,
                "policy": policy,
                "policyName": p.name,
                "policyStatus": status(p.is_active),
                "policyDescription": p.descr,
                "policyCommenceOn": local(p.valid_from_date),
                "policyExpiresOn": local(p.valid_to_date),
            }
        }),
    )
}

pub fn partner_updated(p: &partner::Model) -> Value {
    envelope(
        PARTNER_UPDATED,
        "PartnerManagementServiceImpl",
        "io.mosip.pmp.partner.manager.service.impl.PartnerManagementServiceImpl",
        json!({
            "partnerData": {
                "partnerId": p.id,
                "partnerName": p.name,
                // Certificates arrive with the trust store; until then there is none to send.
                "certificateData": Value::Null,
                "partnerStatus": status(p.is_active),
            }
        }),
    )
}
