//! Event payloads in MOSIP's WebSub shapes (topics and `data` blocks of MOSIP PMS 1.2.2), written
//! to the outbox in the transaction of the change they announce.

use crate::view::{Partner, Policy};
use chrono::{DateTime, Utc};
use pms_domain::client::LicenceStatus;
use pms_store::entity::{misp_license, oidc_client, partner_policy};
use pms_store::repo::clients::split;
use serde_json::{json, Value};

/// MOSIP's WebSub topics that PMS publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    PolicyUpdated,
    PartnerUpdated,
    CaCertificateUploaded,
    ApiKeyApproved,
    ApiKeyUpdated,
    MispLicenseGenerated,
    MispLicenseUpdated,
    OidcClientCreated,
    OidcClientUpdated,
}

impl Topic {
    pub const ALL: [Topic; 9] = [
        Topic::PartnerUpdated,
        Topic::PolicyUpdated,
        Topic::CaCertificateUploaded,
        Topic::ApiKeyApproved,
        Topic::ApiKeyUpdated,
        Topic::MispLicenseGenerated,
        Topic::MispLicenseUpdated,
        Topic::OidcClientCreated,
        Topic::OidcClientUpdated,
    ];

    pub fn parse(text: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.as_str() == text.trim())
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::PolicyUpdated => "POLICY_UPDATED",
            Topic::PartnerUpdated => "PARTNER_UPDATED",
            Topic::CaCertificateUploaded => "CA_CERTIFICATE_UPLOADED",
            Topic::ApiKeyApproved => "APIKEY_APPROVED",
            Topic::ApiKeyUpdated => "APIKEY_UPDATED",
            Topic::MispLicenseGenerated => "MISP_LICENSE_GENERATED",
            Topic::MispLicenseUpdated => "MISP_LICENSE_UPDATED",
            Topic::OidcClientCreated => "OIDC_CLIENT_CREATED",
            Topic::OidcClientUpdated => "OIDC_CLIENT_UPDATED",
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

fn partner_data(p: &Partner, certificate_pem: Option<&str>) -> Value {
    json!({
        "partnerId": p.id,
        "partnerName": p.name,
        "certificateData": certificate_pem,
        "partnerStatus": status(p.is_active),
    })
}

fn status(active: bool) -> &'static str {
    if active {
        "ACTIVE"
    } else {
        "DEACTIVE"
    }
}

fn policy_data(p: &Policy) -> Value {
    let policy: Value = serde_json::from_str(&p.policy_file_id).unwrap_or(Value::Null);
    json!({
        "policyId": p.id,
        "policy": policy,
        "policyName": p.name,
        "policyStatus": status(p.is_active),
        "policyDescription": p.descr,
        "policyCommenceOn": local(p.valid_from_date),
        "policyExpiresOn": local(p.valid_to_date),
    })
}

pub fn policy_updated(p: &Policy, at: DateTime<Utc>) -> Event {
    envelope(
        Topic::PolicyUpdated,
        at,
        "PolicyManagementService",
        "io.mosip.pmp.policy.service",
        json!({ "policyData": policy_data(p) }),
    )
}

/// MOSIP's `apiKeyData`. `apiKeyId` is the key's public id, and `apiKeyHash` the hex SHA-256 of
/// the whole key, so that a consumer can check a key it is shown by hashing it; with
/// `api_key_in_events` the plain key is `apiKeyId` of `APIKEY_APPROVED`, as MOSIP sends it.
fn api_key_data(key: &partner_policy::Model, plain: Option<&str>) -> Value {
    let end = key.valid_to_datetime.map(utc);
    json!({
        "apiKeyId": plain.unwrap_or(&key.policy_api_key),
        "apiKeyHash": key.key_hash,
        "apiKeyCommenceOn": utc(key.valid_from_datetime),
        "apiKeyExpiresOn": end,
        "apiKeyStatus": status(key.is_active),
        "partnerId": key.part_id,
        "policyId": key.policy_id,
        "label": key.label,
    })
}

const MANAGER_PUBLISHER: &str = "PartnerManagementServiceImpl";
const MANAGER_NAMESPACE: &str = "io.mosip.pmp.partner.manager.service.impl.PartnerManagementServiceImpl";

/// `APIKEY_APPROVED`: the partner, its policy and the new key, which ID Authentication binds.
pub fn api_key_approved(
    partner: &Partner,
    certificate_pem: Option<&str>,
    policy: &Policy,
    key: &partner_policy::Model,
    plain: Option<&str>,
    at: DateTime<Utc>,
) -> Event {
    envelope(
        Topic::ApiKeyApproved,
        at,
        MANAGER_PUBLISHER,
        MANAGER_NAMESPACE,
        json!({
            "partnerData": partner_data(partner, certificate_pem),
            "policyData": policy_data(policy),
            "apiKeyData": api_key_data(key, plain),
        }),
    )
}

/// `APIKEY_UPDATED`: a key's new status or dates.
pub fn api_key_updated(key: &partner_policy::Model, at: DateTime<Utc>) -> Event {
    envelope(
        Topic::ApiKeyUpdated,
        at,
        MANAGER_PUBLISHER,
        MANAGER_NAMESPACE,
        json!({ "apiKeyData": api_key_data(key, None) }),
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
        MANAGER_PUBLISHER,
        MANAGER_NAMESPACE,
        json!({ "partnerData": partner_data(p, certificate_pem) }),
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

/// `CA_CERTIFICATE_UPLOADED` for a chip certificate, under MOSIP's FTM namespace.
pub fn chip_certificate_uploaded(chain_url: &str, at: DateTime<Utc>) -> Event {
    envelope(
        Topic::CaCertificateUploaded,
        at,
        "PartnerServiceImpl",
        "io.mosip.pms.device.authdevice.service.impl.FTPChipDetailServiceImpl",
        json!({ "certChainDatashareUrl": chain_url, "partnerDomain": "FTM" }),
    )
}

/// MOSIP's `clientData`.
fn client_data(c: &oidc_client::Model) -> Value {
    json!({
        "clientId": c.id,
        "clientName": c.name,
        "clientStatus": c.status,
        "userClaims": split(&c.claims),
        "authContextRefs": split(&c.acr_values),
        "clientAuthMethods": split(&c.auth_methods),
    })
}

/// `OIDC_CLIENT_CREATED`: the partner, its Auth policy and the client.
pub fn oidc_client_created(
    partner: &Partner,
    certificate_pem: Option<&str>,
    policy: &Policy,
    client: &oidc_client::Model,
    at: DateTime<Utc>,
) -> Event {
    envelope(
        Topic::OidcClientCreated,
        at,
        MANAGER_PUBLISHER,
        MANAGER_NAMESPACE,
        json!({
            "partnerData": partner_data(partner, certificate_pem),
            "policyData": policy_data(policy),
            "clientData": client_data(client),
        }),
    )
}

/// `OIDC_CLIENT_UPDATED`: the client as it now is.
pub fn oidc_client_updated(client: &oidc_client::Model, at: DateTime<Utc>) -> Event {
    envelope(
        Topic::OidcClientUpdated,
        at,
        MANAGER_PUBLISHER,
        MANAGER_NAMESPACE,
        json!({ "clientData": client_data(client) }),
    )
}

const MISP_PUBLISHER: &str = "InfraProviderServiceImpl";
const MISP_NAMESPACE: &str = "io.mosip.pmp.partner.service.impl.InfraProviderServiceImpl";

/// MOSIP's `mispLicenseData`; the key is sent as MOSIP sends it, because IDA checks the key a
/// request carries against it.
fn licence_data(l: &misp_license::Model, key: &str, at: DateTime<Utc>) -> Value {
    let status = LicenceStatus::from_active(l.is_active && l.valid_to_date > at);
    json!({
        "mispId": l.misp_id,
        "licenseKey": key,
        "mispCommenceOn": utc(l.valid_from_date),
        "mispExpiresOn": utc(l.valid_to_date),
        "mispStatus": status.event_status(),
    })
}

/// `MISP_LICENSE_GENERATED` (`generated`) or `MISP_LICENSE_UPDATED`, with the MISP's policy when
/// the licence names one.
pub fn misp_licence(
    generated: bool,
    l: &misp_license::Model,
    key: &str,
    policy: Option<&Policy>,
    at: DateTime<Utc>,
) -> Event {
    let topic = if generated { Topic::MispLicenseGenerated } else { Topic::MispLicenseUpdated };
    let mut data = json!({ "mispLicenseData": licence_data(l, key, at) });
    if let Some(p) = policy {
        data["policyData"] = policy_data(p);
    }
    envelope(topic, at, MISP_PUBLISHER, MISP_NAMESPACE, data)
}
