//! Every write of the API, sent each text value at lengths around the usual column sizes and far
//! beyond them, one value at a time: each answer must be a JSON envelope (accepted, or refused with
//! a validation or business error), never a server error. SQLite ignores `VARCHAR(n)`; PostgreSQL
//! does not, so this test matters most in the PostgreSQL stage, where a value that passes
//! validation but not its column shows up as a 500.
//!
//! A write documented in `/openapi.json` but missing from `WRITES` fails the test: adding an
//! endpoint means adding its row (method, path as documented, envelope, caller, a valid body).

mod common;

use common::*;
use pms_domain::roles::{AUTH_PARTNER, DEVICE_PROVIDER, FTM_PROVIDER};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Lengths tried for every value: both sides of the usual column sizes, and far beyond.
const LENGTHS: &[usize] =
    &[1, 36, 37, 64, 65, 128, 129, 255, 256, 257, 512, 513, 1024, 1025, 2000, 2001, 4096, 100_000];
/// Lengths tried for path parameters (URLs stay within what HTTP servers accept).
const PATH_LENGTHS: &[usize] = &[37, 65, 129, 257, 1025, 4096];

#[derive(Clone, Copy)]
enum Envelope {
    Plain,
    Legacy,
    V2(&'static str),
    /// The body's fields as `application/x-www-form-urlencoded` (W3C WebSub); the answer is not JSON.
    Form,
}

#[derive(Clone, Copy, PartialEq)]
enum Caller {
    Anonymous,
    Admin,
    /// The partner user `bank-one`, owner of the partner `bank-one`.
    Partner,
    /// A new partner user for each request, so that a registration can succeed every time;
    /// `$PARTNER` is its username.
    NewPartnerUser,
}

struct Write {
    method: &'static str,
    path: &'static str,
    envelope: Envelope,
    caller: Caller,
    /// `$N` is unique per request (for names that must be unique); `$PARTNER`, `$GROUP_ID`,
    /// `$GROUP_NAME`, `$POLICY_ID`, `$SBI` (approved), `$SBI_PENDING`, `$DEVICE` (waiting, under
    /// `$SBI`) and `$CHIP` (waiting for its certificate) name the fixture's rows; `$CREATED` and
    /// `$EXPIRY` are valid SBI dates. The device provider `dp-one` and the FTM provider `ftm-one`
    /// are approved. Empty: no body.
    body: &'static str,
}

const fn w(method: &'static str, path: &'static str, envelope: Envelope, caller: Caller, body: &'static str) -> Write {
    Write { method, path, envelope, caller, body }
}

use Caller::{Admin, Anonymous, NewPartnerUser, Partner};
use Envelope::{Form, Legacy, Plain, V2};

const REGISTER: &str = r#"{"partnerId": "$PARTNER", "organizationName": "$PARTNER Org $N", "address": "1 Main Street",
    "contactNumber": "+33 1234 5678", "emailId": "contact-$N@example.org", "partnerType": "Auth_Partner",
    "policyGroup": "$GROUP_NAME", "langCode": "eng"}"#;
const SEARCH: &str = r#"{"filters": [{"columnName": "name", "type": "contains", "value": "bank"}],
    "sort": [{"sortField": "name", "sortType": "asc"}], "pagination": {"pageStart": 0, "pageFetch": 10}}"#;
const FILTER_VALUES: &str = r#"{"filters": [{"columnName": "name", "type": "unique", "text": "ba"}],
    "optionalFilters": [{"columnName": "name", "type": "contains", "value": "b"}]}"#;
const POLICY: &str = r#"{"policyGroupName": "$GROUP_NAME", "policyType": "Auth", "name": "KYC $N", "desc": "e-KYC",
    "version": "1.0", "policies": {"authTokenType": "partner",
    "allowedAuthTypes": [{"authType": "otp", "authSubType": "", "mandatory": false}],
    "allowedKycAttributes": [{"attributeName": "fullName"}], "kycLanguages": ["eng"]}}"#;

const DEVICE: &str = r#"{"id": "dev-$N", "deviceProviderId": "dp-one", "deviceTypeCode": "Finger", "deviceSubTypeCode": "Slap",
    "make": "Acme", "model": "M-$N"}"#;
const DEVICE_SEARCH: &str = r#"{"filters": [{"columnName": "make", "type": "contains", "value": "acme"}],
    "sort": [{"sortField": "model", "sortType": "asc"}], "pagination": {"pageStart": 0, "pageFetch": 10}}"#;
const CODE_VALUES: &str = r#"{"filters": [{"columnName": "code", "type": "unique", "text": "s"}]}"#;
const MAPPING: &str = r#"{"deviceDetailId": "$DEVICE", "sbiId": "$SBI"}"#;

const WRITES: &[Write] = &[
    w("POST", "/v1/auth/login", Plain, Anonymous, r#"{"username": "bank-one", "password": "not-the-password"}"#),
    w(
        "POST",
        "/v1/partnermanager/self-registration",
        Legacy,
        Anonymous,
        r#"{"username": "signup$N", "organizationName": "Sign-up Org $N", "partnerType": "Auth_Partner",
        "firstName": "Ana", "lastName": "Lopez", "emailId": "signup-$N@example.org", "contactNumber": "+33 1234 5678",
        "address": "1 Main Street", "langCode": "eng", "policyGroup": "$GROUP_NAME",
        "password": "Staple-Battery-Horse-42", "termsAccepted": true}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/self-registration/verify",
        Legacy,
        Anonymous,
        r#"{"emailId": "nobody@example.org", "otp": "000000"}"#,
    ),
    w("POST", "/v1/partnermanager/self-registration/resend", Legacy, Anonymous, r#"{"emailId": "nobody@example.org"}"#),
    w("POST", "/v1/partnermanager/partners", Legacy, NewPartnerUser, REGISTER),
    w("POST", "/v1/partnermanager/partners/v2", Legacy, NewPartnerUser, REGISTER),
    w("PUT", "/v1/partnermanager/partners/email/verify", Legacy, Partner, r#"{"emailId": "someone@example.org"}"#),
    w(
        "PUT",
        "/v1/partnermanager/partners/{partnerId}",
        Legacy,
        Partner,
        r#"{"address": "2 Market Square", "contactNumber": "+33 1234 0000"}"#,
    ),
    w(
        "PUT",
        "/v1/partnermanager/partners/v2/{partnerId}",
        Legacy,
        Partner,
        r#"{"address": "2 Market Square", "contactNumber": "+33 1234 0000", "logoUrl": "https://bank.example/logo.png",
        "additionalInfo": [{"note": "head office"}]}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/partners/{partnerId}/contact/add",
        Legacy,
        Partner,
        r#"{"address": "1 Main Street", "contactNumber": "+33 1234 5678", "emailId": "ops-$N@example.org", "is_Active": true}"#,
    ),
    w("PUT", "/v1/partnermanager/partners/{partnerId}/policygroup/{policygroupName}", Legacy, Partner, ""),
    w(
        "POST",
        "/v1/partnermanager/partners/search",
        Legacy,
        Partner,
        r#"{"partnerType": "all", "filters": [{"columnName": "name", "type": "contains", "value": "bank"}],
        "sort": [{"sortField": "name", "sortType": "asc"}], "pagination": {"pageStart": 0, "pageFetch": 10}}"#,
    ),
    w("POST", "/v1/partnermanager/partners/partnertype/search", Legacy, Partner, SEARCH),
    w("POST", "/v1/partnermanager/partners/filtervalues", Legacy, Partner, FILTER_VALUES),
    w("PATCH", "/v1/partnermanager/partners/{partnerId}", Legacy, Admin, r#"{"status": "Active"}"#),
    w(
        "POST",
        "/v1/partnermanager/admin-partners/{partnerId}/approve",
        V2("mosip.pms.partner.approve.post"),
        Admin,
        r#"{"comment": "documents checked"}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/admin-partners/{partnerId}/reject",
        V2("mosip.pms.partner.reject.post"),
        Admin,
        r#"{"reason": "documents missing"}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/admin-partners/{partnerId}/deactivate",
        V2("mosip.pms.partner.deactivate.post"),
        Admin,
        r#"{"reason": "licence withdrawn"}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/admin-partners/{partnerId}/reactivate",
        V2("mosip.pms.partner.reactivate.post"),
        Admin,
        r#"{"comment": "licence renewed"}"#,
    ),
    w("POST", "/v1/policymanager/policies/group/new", Legacy, Admin, r#"{"name": "Group $N", "desc": "A sector"}"#),
    w(
        "PUT",
        "/v1/policymanager/policies/group/{policygroupId}",
        Legacy,
        Admin,
        r#"{"name": "$GROUP_NAME", "desc": "Banking sector", "isActive": true}"#,
    ),
    w(
        "PATCH",
        "/v1/policymanager/policies/group/{policygroupId}",
        V2("mosip.pms.deactivate.policy.group.patch"),
        Admin,
        r#"{"status": "De-Activate"}"#,
    ),
    w("POST", "/v1/policymanager/policies/group/search", Legacy, Admin, SEARCH),
    w("POST", "/v1/policymanager/policies/group/filtervalues", Legacy, Admin, FILTER_VALUES),
    w("POST", "/v1/policymanager/policies", Legacy, Admin, POLICY),
    w("PUT", "/v1/policymanager/policies/{policyId}", Legacy, Admin, POLICY),
    w(
        "PATCH",
        "/v1/policymanager/policies/{policyId}",
        V2("mosip.pms.deactivate.policy.patch"),
        Admin,
        r#"{"status": "De-Activate"}"#,
    ),
    w("POST", "/v1/policymanager/policies/{policyId}/group/{policygroupId}/publish", Legacy, Admin, ""),
    w(
        "PATCH",
        "/v1/policymanager/policies/{policyId}/group/{policygroupId}",
        Legacy,
        Admin,
        r#"{"status": "De-Active"}"#,
    ),
    w(
        "POST",
        "/v1/policymanager/policies/search",
        Legacy,
        Admin,
        r#"{"policyType": "all", "filters": [{"columnName": "name", "type": "contains", "value": "kyc"}],
        "sort": [{"sortField": "name", "sortType": "asc"}], "pagination": {"pageStart": 0, "pageFetch": 10}}"#,
    ),
    w(
        "POST",
        "/v1/policymanager/policies/filtervalues",
        Legacy,
        Admin,
        r#"{"policyType": "all", "filters": [{"columnName": "name", "type": "unique", "text": "k"}]}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/partners/certificate/ca/upload",
        Legacy,
        Admin,
        r#"{"certificateData": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "partnerDomain": "AUTH"}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/partners/certificate/upload",
        Legacy,
        Partner,
        r#"{"partnerId": "bank-one", "certificateData": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
        "partnerDomain": "AUTH"}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/trust-chain-certificates/{certificateId}/deactivate",
        V2("mosip.pms.trust.certificate.deactivate.post"),
        Admin,
        r#"{"reason": "key compromised"}"#,
    ),
    w(
        "POST",
        "/v1/policymanager/policies/{policyId}/clone",
        Legacy,
        Admin,
        r#"{"policyGroupName": "$GROUP_NAME", "name": "Clone $N"}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/partners/{partnerId}/policy/map",
        Legacy,
        Partner,
        r#"{"policyName": "Live KYC", "useCaseDescription": "e-KYC $N"}"#,
    ),
    w(
        "PUT",
        "/v1/partnermanager/partners/policy/{mappingkey}",
        Legacy,
        Admin,
        r#"{"status": "Rejected", "reason": "no"}"#,
    ),
    w(
        "PATCH",
        "/v1/partnermanager/partner-policy-requests/{id}",
        V2("mosip.pms.policy.request.decide"),
        Admin,
        r#"{"status": "Rejected", "reason": "not this use case"}"#,
    ),
    w(
        "PATCH",
        "/v1/partnermanager/partners/{partnerId}/generate/apikey",
        Legacy,
        Partner,
        r#"{"policyName": "Live KYC", "label": "key $N"}"#,
    ),
    w(
        "PATCH",
        "/v1/partnermanager/partners/{partnerId}/policy/{policyId}/apiKey/status",
        Legacy,
        Partner,
        r#"{"label": "key 1", "status": "De-active"}"#,
    ),
    w(
        "PUT",
        "/v1/partnermanager/partners/{partnerId}/apikey/{apikey}/policies",
        Legacy,
        Admin,
        r#"{"oldPolicyID": "$POLICY_ID", "newPolicyID": "$POLICY_ID"}"#,
    ),
    w("POST", "/v1/pms/api-keys/{keyId}/rotate", V2("mosip.pms.apikey.rotate"), Partner, r#"{"label": "rotated $N"}"#),
    w(
        "POST",
        "/v1/partnermanager/partners/apikey/request/search",
        Legacy,
        Partner,
        r#"{"filters": [{"columnName": "partnerName", "type": "contains", "value": "bank"}],
        "sort": [{"sortField": "crDtimes", "sortType": "desc"}], "pagination": {"pageStart": 0, "pageFetch": 10}}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/partners/apikey/search",
        Legacy,
        Partner,
        r#"{"filters": [{"columnName": "label", "type": "equals", "value": "key"}],
        "sort": [{"sortField": "label", "sortType": "asc"}], "pagination": {"pageStart": 0, "pageFetch": 10}}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/partners/apikey/request/filtervalues",
        Legacy,
        Admin,
        r#"{"filters": [{"columnName": "statusCode", "type": "unique", "text": "in"}]}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/partners/{partnerId}/bioextractors/{policyId}",
        Legacy,
        Partner,
        r#"{"extractors": [{"attributeName": "photo", "biometric": "finger[Left Thumb]", "extractor": {"provider": "mock", "version": "1.1"}}]}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/partners/{partnerId}/credentialtype/{credentialType}/policies/{policyName}",
        Legacy,
        Partner,
        "",
    ),
    w("POST", "/v1/pms/api-keys/verify", V2("mosip.pms.apikey.verify"), Admin, r#"{"apiKey": "pms_0_x"}"#),
    w(
        "POST",
        "/v1/pms/webhooks",
        V2("mosip.pms.webhook.create"),
        Admin,
        r#"{"url": "http://h.example/hook", "topics": ["PARTNER_UPDATED"], "secret": "hostile-lengths-secret-$N", "description": "d"}"#,
    ),
    w("DELETE", "/v1/pms/webhooks/{id}", Plain, Admin, ""),
    w("POST", "/v1/pms/deliveries/{id}/retry", Plain, Admin, ""),
    w(
        "POST",
        "/v1/pms/events/replay",
        V2("mosip.pms.events.replay"),
        Admin,
        r#"{"from": "2026-01-01T00:00:00Z", "to": "2030-01-01T00:00:00Z", "topic": "PARTNER_UPDATED", "webhookId": "x"}"#,
    ),
    w("POST", "/v1/pms/notifications/read", V2("mosip.pms.notifications.read"), Partner, r#"{"id": "x"}"#),
    w(
        "POST",
        "/websub/hub",
        Form,
        Admin,
        r#"{"hub.mode": "subscribe", "hub.topic": "PARTNER_UPDATED", "hub.callback": "http://h.example/cb", "hub.secret": "s", "hub.lease_seconds": "3600"}"#,
    ),
    // ---- devices, SBIs and FTM chips: the admin acts for the fixture's providers
    w("POST", "/v1/partnermanager/devicedetail", Legacy, Admin, DEVICE),
    w(
        "PUT",
        "/v1/partnermanager/devicedetail",
        Legacy,
        Admin,
        r#"{"id": "$DEVICE", "deviceTypeCode": "Finger", "deviceSubTypeCode": "Slap", "make": "Acme", "model": "U-$N"}"#,
    ),
    w("PATCH", "/v1/partnermanager/devicedetail", Legacy, Admin, r#"{"id": "$DEVICE", "approvalStatus": "Activate"}"#),
    w("POST", "/v1/partnermanager/devicedetail/search", Legacy, Admin, DEVICE_SEARCH),
    w(
        "POST",
        "/v1/partnermanager/devicedetail/deviceType/search",
        Legacy,
        Admin,
        r#"{"filters": [{"columnName": "code", "type": "contains", "value": "sl"}],
        "sort": [{"sortField": "code", "sortType": "asc"}], "pagination": {"pageStart": 0, "pageFetch": 10}}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/devicedetail/filtervalues",
        Legacy,
        Admin,
        r#"{"filters": [{"columnName": "make", "type": "unique", "text": "ac"}],
        "optionalFilters": [{"columnName": "model", "type": "contains", "value": "m"}]}"#,
    ),
    w("POST", "/v1/partnermanager/devicedetail/deviceType/filtervalues", Legacy, Admin, CODE_VALUES),
    w("POST", "/v1/partnermanager/devicedetail/deviceSubType/filtervalues", Legacy, Admin, CODE_VALUES),
    w(
        "PATCH",
        "/v1/partnermanager/devicedetail/{deviceId}",
        V2("mosip.pms.deactivate.device.patch"),
        Admin,
        r#"{"status": "De-Activate"}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/devicedetail/{id}/approval",
        V2("mosip.pms.approval.mapping.device.to.sbi.post"),
        Admin,
        r#"{"partnerId": "dp-one", "sbiId": "$SBI", "status": "approved", "reason": "checked"}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/securebiometricinterface",
        Legacy,
        Admin,
        r#"{"providerId": "dp-one", "swBinaryHash": "hash", "swVersion": "v-$N", "swCreateDateTime": "$CREATED",
        "swExpiryDateTime": "$EXPIRY"}"#,
    ),
    w(
        "PUT",
        "/v1/partnermanager/securebiometricinterface",
        Legacy,
        Admin,
        r#"{"id": "$SBI_PENDING", "swBinaryHash": "hash", "swVersion": "u-$N", "swCreateDateTime": "$CREATED",
        "swExpiryDateTime": "$EXPIRY"}"#,
    ),
    w(
        "PATCH",
        "/v1/partnermanager/securebiometricinterface",
        Legacy,
        Admin,
        r#"{"id": "$SBI", "approvalStatus": "Activate", "reason": "checked"}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/securebiometricinterface/search",
        Legacy,
        Admin,
        r#"{"filters": [{"columnName": "swVersion", "type": "contains", "value": "v"}],
        "sort": [{"sortField": "swVersion", "sortType": "asc"}], "pagination": {"pageStart": 0, "pageFetch": 10}}"#,
    ),
    w("PUT", "/v1/partnermanager/securebiometricinterface/devicedetails/map", Legacy, Admin, MAPPING),
    w("PUT", "/v1/partnermanager/securebiometricinterface/devicedetails/map/remove", Legacy, Admin, MAPPING),
    w(
        "POST",
        "/v1/partnermanager/securebiometricinterface/devicedetails/map/search",
        Legacy,
        Admin,
        r#"{"filters": [{"columnName": "sbiId", "type": "equals", "value": "$SBI"}],
        "sort": [{"sortField": "crDtimes", "sortType": "desc"}], "pagination": {"pageStart": 0, "pageFetch": 10}}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/securebiometricinterface/filtervalues",
        Legacy,
        Admin,
        r#"{"filters": [{"columnName": "swVersion", "type": "unique", "text": "v"}]}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/securebiometricinterface/{sbiId}/devices",
        V2("mosip.pms.add.device.to.sbi.id.post"),
        Admin,
        r#"{"deviceProviderId": "dp-one", "deviceTypeCode": "Iris", "deviceSubTypeCode": "Single", "make": "Acme",
        "model": "S-$N"}"#,
    ),
    w(
        "PATCH",
        "/v1/partnermanager/securebiometricinterface/{sbiId}",
        V2("mosip.pms.deactivate.sbi.patch"),
        Admin,
        r#"{"status": "De-Activate"}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/ftpchipdetail",
        Legacy,
        Admin,
        r#"{"ftpProviderId": "ftm-one", "make": "Chipco", "model": "C-$N"}"#,
    ),
    w(
        "PUT",
        "/v1/partnermanager/ftpchipdetail",
        Legacy,
        Admin,
        r#"{"ftpChipDetailId": "$CHIP", "make": "Chipco", "model": "U-$N"}"#,
    ),
    w(
        "PATCH",
        "/v1/partnermanager/ftpchipdetail",
        Legacy,
        Admin,
        r#"{"ftpChipDetailId": "$CHIP", "approvalStatus": true, "reason": "checked"}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/ftpchipdetail/uploadcertificate",
        Legacy,
        Admin,
        r#"{"ftpProviderId": "ftm-one", "ftpChipDeatilId": "$CHIP", "isItForRegistrationDevice": false,
        "certificateData": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "organizationName": "FTM One",
        "partnerDomain": "FTM"}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/ftpchipdetail/search",
        Legacy,
        Admin,
        r#"{"filters": [{"columnName": "make", "type": "contains", "value": "chip"}],
        "sort": [{"sortField": "model", "sortType": "asc"}], "pagination": {"pageStart": 0, "pageFetch": 10}}"#,
    ),
    w(
        "PATCH",
        "/v1/partnermanager/ftpchipdetail/{ftmId}",
        V2("mosip.pms.deactivate.ftm.patch"),
        Admin,
        r#"{"status": "De-Activate"}"#,
    ),
    w("POST", "/v1/partnermanager/oauth/client", Legacy, Admin, CLIENT),
    w("POST", "/v1/partnermanager/oidc/client", Legacy, Admin, CLIENT),
    w("PUT", "/v1/partnermanager/oauth/client/{client_id}", Legacy, Admin, CLIENT_UPDATE),
    w("PUT", "/v1/partnermanager/oidc/client/{client_id}", Legacy, Admin, CLIENT_UPDATE),
    w("POST", "/v1/pms/oidc/register", Plain, Admin, DCR),
    w("PUT", "/v1/pms/oidc/register/{client_id}", Plain, Admin, DCR),
    w(
        "POST",
        "/v1/pms/oidc/initial-access-tokens",
        V2("mosip.pms.oidc.initialtoken.create"),
        Admin,
        r#"{"partnerId": "$N", "validityDays": 7}"#,
    ),
    w("POST", "/v1/partnermanager/misps", Legacy, Admin, r#"{"providerId": "misp-one"}"#),
    w(
        "PUT",
        "/v1/partnermanager/misps",
        Legacy,
        Admin,
        r#"{"providerId": "misp-one", "licenseKey": "$LICENCE", "licenseKeyStatus": "active"}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/misps/filtervalues",
        Legacy,
        Admin,
        r#"{"filters": [{"columnName": "mispId", "type": "unique", "text": "misp"}]}"#,
    ),
    w(
        "POST",
        "/v1/partnermanager/misps/search",
        Legacy,
        Admin,
        r#"{"filters": [{"columnName": "mispId", "type": "contains", "value": "misp"}],
        "sort": [{"sortField": "mispId", "sortType": "asc"}], "pagination": {"pageStart": 0, "pageFetch": 10}}"#,
    ),
];

/// A client of a fresh Ed25519 key each time (`$KEY`), for the published Auth policy.
const CLIENT: &str = r#"{"name": "RP $N", "policyId": "$LIVE_POLICY", "authPartnerId": "bank-one",
    "publicKey": {"kty": "OKP", "crv": "Ed25519", "x": "$KEY"}, "logoUri": "https://rp.example/logo.png",
    "redirectUris": ["https://rp.example/cb"], "grantTypes": ["authorization_code"],
    "clientAuthMethods": ["private_key_jwt"], "clientNameLangMap": {"eng": "RP $N"}}"#;
/// RFC 7591 metadata for the same partner and policy.
const DCR: &str = r#"{"client_name": "Tool $N", "policy_id": "$LIVE_POLICY", "auth_partner_id": "bank-one",
    "redirect_uris": ["https://rp.example/cb"], "grant_types": ["authorization_code"],
    "token_endpoint_auth_method": "private_key_jwt", "logo_uri": "https://rp.example/logo.png",
    "jwks": {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "$KEY"}]}}"#;
const CLIENT_UPDATE: &str = r#"{"clientName": "RP $N", "logoUri": "https://rp.example/logo.png",
    "redirectUris": ["https://rp.example/cb"], "status": "ACTIVE", "grantTypes": ["authorization_code"],
    "clientAuthMethods": ["private_key_jwt"], "clientNameLangMap": {"eng": "RP $N"}}"#;

/// Writes that take no input at all, so no length can be tried.
const NO_INPUT: &[&str] =
    &["POST /v1/auth/logout", "POST /v1/partnermanager/users/user-consent", "DELETE /v1/pms/oidc/register/{client_id}"];

/// The probe value for a field: shaped as the field expects where it has a format, so that the
/// length, not the format, is what reaches the database.
fn value_of(field: &str, len: usize) -> String {
    let field = field.to_ascii_lowercase();
    if (field.contains("url") || field.contains("callback")) && len > 17 {
        format!("http://h.example/{}", "x".repeat(len - 17))
    } else if field.contains("email") && len > 12 {
        format!("{}@example.org", "x".repeat(len - 12))
    } else if field.contains("contactnumber") {
        "1".repeat(len)
    } else {
        "x".repeat(len)
    }
}

/// JSON pointers of every text value in `v`.
fn text_leaves(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::String(_) => out.push(at),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, x)| text_leaves(x, format!("{at}/{i}"), out)),
        Value::Object(m) => m.iter().for_each(|(k, x)| text_leaves(x, format!("{at}/{k}"), out)),
        _ => {}
    }
}

struct Fixture {
    admin: String,
    partner: String,
    group_id: String,
    group_name: String,
    policy_id: String,
    sbi: String,
    sbi_pending: String,
    device: String,
    chip: String,
    created: String,
    expiry: String,
    live_policy: String,
    client: String,
    licence: String,
}

impl Fixture {
    fn subst(&self, text: &str, n: usize, partner: &str) -> String {
        text.replace("$N", &n.to_string())
            .replace("$PARTNER", partner)
            .replace("$GROUP_NAME", &self.group_name)
            .replace("$GROUP_ID", &self.group_id)
            .replace("$POLICY_ID", &self.policy_id)
            .replace("$SBI_PENDING", &self.sbi_pending)
            .replace("$SBI", &self.sbi)
            .replace("$DEVICE", &self.device)
            .replace("$CHIP", &self.chip)
            .replace("$CREATED", &self.created)
            .replace("$EXPIRY", &self.expiry)
            .replace("$LIVE_POLICY", &self.live_policy)
            .replace("$LICENCE", &self.licence)
            // 43 base64url characters are the 32 bytes of an Ed25519 key; a final `A` keeps the
            // unused bits zero.
            .replace("$KEY", &format!("{n:0>42}A"))
    }

    fn path(&self, template: &str, partner: &str, probe: Option<(&str, &str)>) -> String {
        let mut out = template.to_string();
        for (name, value) in [
            ("partnerId", partner),
            ("policyId", self.policy_id.as_str()),
            ("policygroupId", self.group_id.as_str()),
            ("policygroupName", self.group_name.as_str()),
            ("certificateId", "no-such-certificate"),
            ("sbiId", self.sbi.as_str()),
            ("deviceId", self.device.as_str()),
            ("ftmId", self.chip.as_str()),
            ("client_id", self.client.as_str()),
            ("id", if template.contains("/devicedetail/") { self.device.as_str() } else { "{id}" }),
        ] {
            let value = match probe {
                Some((p, v)) if p == name => v,
                _ => value,
            };
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }
}

fn params(path: &str) -> Vec<&str> {
    path.split('{').skip(1).filter_map(|s| s.split('}').next()).collect()
}

/// One request: which write, which value (a body pointer or a path parameter) and its length.
struct Probe {
    write: usize,
    pointer: Option<String>,
    path_param: Option<&'static str>,
    len: usize,
    /// For `NewPartnerUser` rows: the user's name, its token and the probed value.
    new_user: Option<(String, String, String)>,
}

fn probes() -> Vec<Probe> {
    let mut out = Vec::new();
    for (i, wr) in WRITES.iter().enumerate() {
        if !wr.body.is_empty() {
            let template: Value =
                serde_json::from_str(wr.body).unwrap_or_else(|e| panic!("{} {}: {e}", wr.method, wr.path));
            let mut leaves = Vec::new();
            text_leaves(&template, String::new(), &mut leaves);
            for pointer in leaves {
                out.extend(LENGTHS.iter().map(|&len| Probe {
                    write: i,
                    pointer: Some(pointer.clone()),
                    path_param: None,
                    len,
                    new_user: None,
                }));
            }
        }
        for param in params(wr.path) {
            out.extend(PATH_LENGTHS.iter().map(|&len| Probe {
                write: i,
                pointer: None,
                path_param: Some(param),
                len,
                new_user: None,
            }));
        }
    }
    out
}

async fn send(app: &TestApp, fx: &Fixture, probe: &Probe, n: usize) -> Result<(), String> {
    let wr = &WRITES[probe.write];
    let field = probe.pointer.as_deref().or(probe.path_param).unwrap_or_default();
    let mut value = value_of(field, probe.len);
    let (token, partner) = match (&wr.caller, &probe.new_user) {
        (Anonymous, _) => (None, "bank-one".to_string()),
        (Admin, _) => (Some(fx.admin.clone()), "bank-one".to_string()),
        (Partner, _) => (Some(fx.partner.clone()), "bank-one".to_string()),
        (NewPartnerUser, Some((name, token, probed))) => {
            value = probed.clone();
            (Some(token.clone()), name.clone())
        }
        (NewPartnerUser, None) => unreachable!("users are made before the probes run"),
    };
    let path = fx.path(wr.path, &partner, probe.path_param.map(|p| (p, value.as_str())));
    let body = if wr.body.is_empty() {
        None
    } else {
        let mut request: Value = serde_json::from_str(&fx.subst(wr.body, n, &partner)).expect("body");
        if let Some(pointer) = &probe.pointer {
            *request.pointer_mut(pointer).expect("pointer") = json!(value);
        }
        Some(match wr.envelope {
            Plain => request,
            Legacy => legacy(request),
            V2(id) => v2(id, request),
            Form => request,
        })
    };
    let method = Method::from_bytes(wr.method.as_bytes()).expect("method");
    let what = format!("{} {} with {field} of {} characters", wr.method, wr.path, probe.len);
    if let (Form, Some(fields)) = (wr.envelope, &body) {
        let form = serde_urlencoded::to_string(fields).expect("form");
        let mut req = app.raw(method, &path).header("content-type", "application/x-www-form-urlencoded").body(form);
        if let Some(t) = &token {
            req = req.bearer_auth(t);
        }
        let status = req.send().await.map_err(|e| format!("{what}: {e}"))?.status();
        return if status.is_server_error() { Err(format!("{what}: HTTP {status}")) } else { Ok(()) };
    }
    let (status, answer) = app.send(method, &path, token.as_deref(), body).await;
    if status.is_server_error() {
        return Err(format!("{what}: HTTP {status}: {answer}"));
    }
    if !answer.is_object() {
        return Err(format!("{what}: HTTP {status} without a JSON body"));
    }
    Ok(())
}

#[tokio::test]
async fn every_write_takes_values_of_any_length_without_a_server_error() {
    let app = Arc::new(
        TestApp::spawn_with(|c| {
            c.registrations_per_hour = 1_000_000;
            c.otp_sends_per_hour = 1_000_000;
            c.otp_resend_cooldown_seconds = 0;
            c.login_max_failures = 1_000_000;
            c.max_body_bytes = 1 << 20;
            c.websub_callback_allow = "h.example".into();
        })
        .await,
    );
    let admin = app.admin_token().await;
    let group_id = app.create_group(&admin, "Banking").await;
    let policy_id = app.create_policy(&admin, "Banking", "KYC", "Auth").await;
    let partner = app.token_for_new_user("bank-one", &[AUTH_PARTNER]).await;
    let register: Value = serde_json::from_str(
        &REGISTER.replace("$PARTNER", "bank-one").replace("$N", "0").replace("$GROUP_NAME", "Banking"),
    )
    .unwrap();
    let (s, b) = app.post("/v1/partnermanager/partners", &partner, legacy(register)).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    // An approved partner and a published policy, so that policy requests and keys reach the
    // database rather than stop at a status check.
    let approve = v2("mosip.pms.partner.approve.post", json!({"comment": "hostile lengths"}));
    let (s, b) = app.post("/v1/partnermanager/admin-partners/bank-one/approve", &admin, approve.clone()).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    let live = app.create_policy(&admin, "Banking", "Live KYC", "Auth").await;
    let publish = format!("/v1/policymanager/policies/{live}/group/{group_id}/publish");
    let (s, b) = app.send(Method::POST, &publish, Some(&admin), None).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    // A device provider with an approved and a waiting SBI and a waiting device, an FTM provider
    // with a chip waiting for its certificate, so that their writes reach the database.
    let now = app.services.now();
    let (created, expiry) =
        ((now - chrono::Duration::days(1)).to_rfc3339(), (now + chrono::Duration::days(365)).to_rfc3339());
    for (id, role, partner_type) in
        [("dp-one", DEVICE_PROVIDER, "Device_Provider"), ("ftm-one", FTM_PROVIDER, "FTM_Provider")]
    {
        let token = app.token_for_new_user(id, &[role]).await;
        let org = if id == "dp-one" { "DP One" } else { "FTM One" };
        let request = json!({"partnerId": id, "organizationName": org, "address": "1 Main Street",
            "contactNumber": "+33 1234 5678", "emailId": format!("contact@{id}.example"), "partnerType": partner_type,
            "langCode": "eng"});
        let (s, b) = app.post("/v1/partnermanager/partners", &token, legacy(request)).await;
        assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
        let (s, b) =
            app.post(&format!("/v1/partnermanager/admin-partners/{id}/approve"), &admin, approve.clone()).await;
        assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    }
    let mut sbis = Vec::new();
    for version in ["1.0", "2.0"] {
        let request = json!({"providerId": "dp-one", "swBinaryHash": "hash", "swVersion": version,
            "swCreateDateTime": created, "swExpiryDateTime": expiry});
        let (s, b) = app.post("/v1/partnermanager/securebiometricinterface", &admin, legacy(request)).await;
        assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
        sbis.push(b["response"]["id"].as_str().expect("SBI id").to_string());
    }
    let decide = legacy(json!({"id": sbis[0], "approvalStatus": "Activate"}));
    let (s, b) = app.patch("/v1/partnermanager/securebiometricinterface", &admin, decide).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    let device = json!({"deviceProviderId": "dp-one", "deviceTypeCode": "Face", "deviceSubTypeCode": "Full face",
        "make": "Acme", "model": "F-1"});
    let path = format!("/v1/partnermanager/securebiometricinterface/{}/devices", sbis[0]);
    let (s, b) = app.post(&path, &admin, v2("mosip.pms.add.device.to.sbi.id.post", device)).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    let device = b["response"]["id"].as_str().expect("device id").to_string();
    let chip = legacy(json!({"ftpProviderId": "ftm-one", "make": "Chipco", "model": "F-1"}));
    let (s, b) = app.post("/v1/partnermanager/ftpchipdetail", &admin, chip).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    let chip = b["response"]["id"].as_str().expect("chip id").to_string();
    let [sbi, sbi_pending] = <[String; 2]>::try_from(sbis).expect("two SBIs");
    // An approved request for the published policy and a client of it; a MISP with its licence.
    let map = legacy(json!({"partnerId": "bank-one", "policyName": "Live KYC", "useCaseDescription": "clients"}));
    let (s, b) = app.post("/v1/partnermanager/partners/bank-one/policy/map", &partner, map).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    let mapping = b["response"]["mappingkey"].as_str().expect("request id").to_string();
    let approve_request = legacy(json!({"status": "Approved"}));
    let (s, b) = app.put(&format!("/v1/partnermanager/partners/policy/{mapping}"), &admin, approve_request).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    let client =
        CLIENT.replace("$LIVE_POLICY", &live).replace("$N", "setup").replace("$KEY", &format!("{:0>42}A", "9"));
    let client: Value = serde_json::from_str(&client).expect("client JSON");
    let (s, b) = app.post("/v1/partnermanager/oauth/client", &admin, legacy(client)).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    let client = b["response"]["clientId"].as_str().expect("client id").to_string();
    let misp = app.token_for_new_user("misp-one", &[pms_domain::roles::MISP_PARTNER]).await;
    let request = json!({"partnerId": "misp-one", "organizationName": "MISP One", "address": "1 Main Street",
        "contactNumber": "+33 1234 5678", "emailId": "contact@misp-one.example", "partnerType": "MISP_Partner",
        "langCode": "eng"});
    let (s, b) = app.post("/v1/partnermanager/partners", &misp, legacy(request)).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    let (s, b) = app.post("/v1/partnermanager/admin-partners/misp-one/approve", &admin, approve.clone()).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    let (s, b) = app.post("/v1/partnermanager/misps", &admin, legacy(json!({"providerId": "misp-one"}))).await;
    assert_eq!((s, error_code(&b)), (StatusCode::OK, None), "{b}");
    let licence = b["response"]["licenseKey"].as_str().expect("licence key").to_string();
    let fx = Arc::new(Fixture {
        admin,
        partner,
        group_id,
        group_name: "Banking".into(),
        policy_id,
        sbi,
        sbi_pending,
        device,
        chip,
        created,
        expiry,
        live_policy: live,
        client,
        licence,
    });

    // Every documented write has a row (or takes no input).
    let (_, doc) = app.send(Method::GET, "/openapi.json", None, None).await;
    let documented: BTreeSet<String> = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .into_iter()
                .flat_map(|m| m.keys())
                .filter(|m| matches!(m.as_str(), "post" | "put" | "patch" | "delete"))
                .map(move |m| format!("{} {path}", m.to_uppercase()))
        })
        .collect();
    let covered: BTreeSet<String> = WRITES
        .iter()
        .map(|wr| format!("{} {}", wr.method, wr.path))
        .chain(NO_INPUT.iter().map(|s| s.to_string()))
        .collect();
    let missing: Vec<&String> = documented.difference(&covered).collect();
    let stale: Vec<&String> = covered.difference(&documented).collect();
    assert!(missing.is_empty() && stale.is_empty(), "writes without a row: {missing:?}; rows for no write: {stale:?}");

    // Users are made first and one by one: the fixture writes beside the server, and SQLite
    // serialises writers only within a process.
    let mut all = probes();
    for (n, probe) in all.iter_mut().enumerate() {
        if WRITES[probe.write].caller != NewPartnerUser {
            continue;
        }
        let (name, probed) = match probe.pointer.as_deref() {
            // Registering needs the partner id to be the caller's username: a probe of the id
            // that validation lets through gets a user of that name, distinct per write.
            Some("/partnerId") if probe.len <= 36 => {
                let name = char::from(b'a' + (probe.write % 26) as u8).to_string().repeat(probe.len);
                (name.clone(), name)
            }
            field => (format!("probe-{n}"), value_of(field.unwrap_or_default(), probe.len)),
        };
        let token = app.token_for_new_user(&name, &[AUTH_PARTNER]).await;
        probe.new_user = Some((name, token, probed));
    }
    let counter = Arc::new(AtomicUsize::new(1));
    let permits = Arc::new(Semaphore::new(4));
    let mut tasks = tokio::task::JoinSet::new();
    let total = all.len();
    for probe in all {
        let (app, fx, counter, permits) = (app.clone(), fx.clone(), counter.clone(), permits.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire().await.expect("semaphore");
            send(&app, &fx, &probe, counter.fetch_add(1, Ordering::Relaxed)).await
        });
    }
    let mut failures = Vec::new();
    while let Some(done) = tasks.join_next().await {
        if let Err(e) = done.expect("probe task") {
            failures.push(e);
        }
    }
    failures.sort();
    assert!(failures.is_empty(), "{} of {total} requests failed:\n{}", failures.len(), failures.join("\n"));
}
