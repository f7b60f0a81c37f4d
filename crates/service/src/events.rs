//! Event payloads in MOSIP's WebSub shapes (topics and `data` blocks of MOSIP PMS 1.2.2), written
//! to the outbox in the transaction of the change they announce.

use crate::view::{Partner, Policy};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

/// MOSIP's WebSub topics that PMS publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    PolicyUpdated,
    PartnerUpdated,
    CaCertificateUploaded,
}

impl Topic {
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::PolicyUpdated => "POLICY_UPDATED",
            Topic::PartnerUpdated => "PARTNER_UPDATED",
            Topic::CaCertificateUploaded => "CA_CERTIFICATE_UPLOADED",
        }
    }
}

/// An event ready for the outbox: its topic and MOSIP's payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub topic: Topic,
    pub payload: Value,
}

/// MOSIP's UTC timestamp format (`2025-01-01T10:00:00.000Z`).
pub fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// MOSIP serialises `LocalDateTime` without a zone.
fn local(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3f").to_string()
}

fn envelope(topic: Topic, at: DateTime<Utc>, publisher: &str, namespace: &str, data: Value) -> Event {
    let at = utc(at);
    let payload = json!({
        "publisher": publisher,
        "topic": topic.as_str(),
        "publishedOn": at,
        "event": {
            "id": uuid::Uuid::new_v4().to_string(),
            "type": { "namespace": namespace, "name": publisher },
            "timestamp": at,
            "data": data,
        }
    });
    Event { topic, payload }
}

fn status(active: bool) -> &'static str {
    if active {
        "ACTIVE"
    } else {
        "DEACTIVE"
    }
}

pub fn policy_updated(p: &Policy, at: DateTime<Utc>) -> Event {
    let policy: Value = serde_json::from_str(&p.policy_file_id).unwrap_or(Value::Null);
    envelope(
        Topic::PolicyUpdated,
        at,
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

pub fn partner_updated(p: &Partner, at: DateTime<Utc>) -> Event {
    partner_updated_with(p, None, at)
}

/// `PARTNER_UPDATED` carrying the partner's platform-signed certificate, as IDA needs it to
/// encrypt for the partner.
pub fn partner_updated_with(p: &Partner, certificate_pem: Option<&str>, at: DateTime<Utc>) -> Event {
    envelope(
        Topic::PartnerUpdated,
        at,
        "PartnerManagementServiceImpl",
        "io.mosip.pmp.partner.manager.service.impl.PartnerManagementServiceImpl",
        json!({
            "partnerData": {
                "partnerId": p.id,
                "partnerName": p.name,
                "certificateData": certificate_pem,
                "partnerStatus": status(p.is_active),
            }
        }),
    )
}

/// `CA_CERTIFICATE_UPLOADED`: where consumers fetch the certificate chain of a domain. MOSIP points
/// into datashare; PMS serves the chain itself.
pub fn ca_certificate_uploaded(chain_url: &str, domain: &str, at: DateTime<Utc>) -> Event {
    envelope(
        Topic::CaCertificateUploaded,
        at,
        "PartnerServiceImpl",
        "io.mosip.pms.partner.service.impl.PartnerServiceImpl",
        json!({ "certChainDatashareUrl": chain_url, "partnerDomain": domain }),
    )
}
