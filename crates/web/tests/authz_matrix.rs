//! The authorisation matrix: every operation that `/openapi.json` documents, called without a
//! token, with invalid tokens and with a token of each role, against one table (`TABLE`) that states
//! who may call it.
//!
//! For each row the test expects:
//! * no token, or an invalid one (garbage, bad signature, tampered claims, expired, foreign key,
//!   `alg: none`, wrong issuer, unknown user) → HTTP 401 `KER-ATH-401` with a JSON body, unless
//!   the row is public;
//! * a token whose role is not in the row's set → HTTP 403 `KER-ATH-403` with a JSON body;
//! * a token whose role is in the set → neither 401 nor 403 nor a server error (a business error
//!   is fine: the role check is what is under test);
//! * on partner-scoped rows (a partner id the caller must own), a caller without a role that sees
//!   every partner gets the ownership refusal `PMS_PRT_055` (HTTP 200, as MOSIP answers business
//!   errors) for another user's partner, and not for its own.
//!
//! An operation of `/openapi.json` missing from the table, a row naming no documented operation, a
//! duplicate row and a row whose `security` disagrees with the document all fail the test too.
//! Every mismatch is collected and reported at once.
//!
//! **Adding an endpoint**: add one row to `TABLE` with its method and path exactly as in
//! `/openapi.json`, its access (`Public`, `AnyUser` or `Roles(SET)` with a set from the
//! constants below, or a new named set), `.owned(SEES_ALL)` if it takes a partner id the caller must
//! own, and `.legacy(..)`, `.v2(..)` or `.plain(..)` when the handler parses a body before it
//! checks roles. Path parameters are filled by name (`fill_path`): `partnerId`, `policyId`,
//! `policygroupId`, `groupName`/`policygroupName`; any other name gets a dummy value. Bodies may
//! use `$PARTNER`, `$GROUP_NAME`, `$GROUP_ID`, `$POLICY_ID`, `$PASSWORD` (of the test users), and
//! `$CREATED` / `$EXPIRY` (yesterday and a year ahead, for date rules checked before roles' data).
//!
//! Reference: MOSIP PMS §3.1 (401/403), §3.6 (ownership), §4 (roles per endpoint).

mod common;

use common::*;
use jsonwebtoken::{EncodingKey, Header};
use pms_service::auth::{Claims, RealmAccess, ISSUER};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

// ------------------------------------------------------------------ role codes

const ADM: &str = "PARTNER_ADMIN";
const POL: &str = "POLICYMANAGER";
/// MOSIP's legacy partner-manager role.
const PM: &str = "PARTNERMANAGER";
const AUTH: &str = "AUTH_PARTNER";
const CRED: &str = "CREDENTIAL_PARTNER";
const DP: &str = "DEVICE_PROVIDER";
const FTM: &str = "FTM_PROVIDER";
const OVP: &str = "ONLINE_VERIFICATION_PARTNER";
const MISPP: &str = "MISP_PARTNER";
const ABIS: &str = "ABIS_PARTNER";
const MA: &str = "MANUAL_ADJUDICATION";
const SDK: &str = "SDK_PARTNER";
/// MOSIP's generic legacy partner roles.
const PARTNER: &str = "PARTNER";
const PMS_USER: &str = "PMS_USER";
/// Service accounts of other MOSIP modules.
const IDA: &str = "ID_AUTHENTICATION";
const RES: &str = "RESIDENT";
const REGPROC: &str = "REGISTRATION_PROCESSOR";
const CRISS: &str = "CREDENTIAL_ISSUANCE";
const IDREPO: &str = "ID_REPOSITORY";
/// A valid role code that PMS gives no meaning to.
const OTHER: &str = "REGISTRATION_OFFICER";

/// One login user per role; each makes every call of the table.
const CALLERS: &[&str] =
    &[ADM, POL, PM, AUTH, CRED, DP, FTM, OVP, MISPP, ABIS, MA, SDK, PARTNER, PMS_USER, IDA, RES, OTHER];

/// The type of the partner a caller registers for itself; callers without one own no partner.
fn own_partner_type(role: &str) -> Option<&'static str> {
    Some(match role {
        AUTH | PARTNER | PMS_USER => "Auth_Partner",
        CRED => "Credential_Partner",
        DP => "Device_Provider",
        FTM => "FTM_Provider",
        OVP => "Online_Verification_Partner",
        MISPP => "MISP_Partner",
        ABIS => "ABIS_Partner",
        MA => "Manual_Adjudication",
        SDK => "SDK_Partner",
        _ => return None,
    })
}

// ------------------------------------------------------------------ role sets

/// Partner Admin, or Policy Manager (policy groups and policies; MOSIP "ADM POL").
const POLICY_ADMINS: &[&str] = &[ADM, POL];
/// Partner Admin and the legacy partner-manager role (`ADMINS` of the partner service).
const PARTNER_ADMINS: &[&str] = &[ADM, PM];
/// PMS's own operator endpoints.
const ADMIN_ONLY: &[&str] = &[ADM];
/// Legacy `GET /partners` for other modules (MOSIP #26: PM ADM pm IDA REGPROC RES CRISS IDREPO).
const PARTNER_LIST_READERS: &[&str] = &[ADM, PM, IDA, REGPROC, RES, CRISS, IDREPO];
/// Roles that see every partner, so the ownership check does not apply to them.
const SEES_ALL: &[&str] = &[ADM, PM, RES, IDA, REGPROC, CRISS, IDREPO];
/// MOSIP #17 `postpartnerscertificateupload`.
const CERT_UPLOADERS: &[&str] = &[PARTNER, PMS_USER, AUTH, ABIS, SDK, DP, FTM, CRED, CRISS, IDA, ADM, OVP];
/// MOSIP #18/#36 `getpartnerscertificate` (and CREDENTIAL_SHARE, which no caller here holds).
const CERT_READERS: &[&str] = &[PARTNER, PMS_USER, AUTH, ABIS, SDK, DP, FTM, CRED, CRISS, IDA, ADM, OVP];
/// MOSIP #35 `getpartnercertificates`.
const OWN_CERT_READERS: &[&str] = &[AUTH, ABIS, SDK, DP, FTM, CRED, ADM, OVP];
/// Roles that act on any partner's certificate.
const CERT_ANY_PARTNER: &[&str] = &[ADM, PM, IDA, CRISS];
/// MOSIP #8 `putpartnerspolicygroup`: PARTNER PMS_USER AUTH CRED ADM OVP (+ PM).
const POLICY_GROUP_CHANGERS: &[&str] = &[PARTNER, PMS_USER, AUTH, CRED, OVP, ADM, PM];
/// `userconsent` (MOSIP #90/#91: AUTH ABIS SDK DP FTM CRED ADM OVP POL), and MA and MISPP, whom
/// PMS's portal asks for consent too.
const CONSENT: &[&str] = &[AUTH, ABIS, SDK, DP, FTM, CRED, ADM, OVP, POL, MA, MISPP];
/// MOSIP #34 `getpartnersv3`.
const V3_READERS: &[&str] = &[DP, FTM, ADM, AUTH, ABIS, SDK, CRED, OVP];
/// MOSIP #5 `getpartnerspartnerid`.
const ONE_PARTNER_READERS: &[&str] = &[PARTNER, AUTH, CRED, RES, ADM, OVP, DP, FTM, ABIS, SDK, MA, MISPP];
/// MOSIP #3/#4/#6 (PARTNER AUTH CRED ADM OVP DP FTM ABIS MA MISPP), and SDK partners, which MOSIP
/// leaves without a way to keep their address up to date.
const PROFILE_EDITORS: &[&str] = &[PARTNER, AUTH, CRED, ADM, OVP, DP, FTM, ABIS, MA, MISPP, SDK];
/// MOSIP #19 `postpartnerssearch`.
const PARTNER_SEARCH: &[&str] = &[PARTNER, PMS_USER, AUTH, ABIS, SDK, DP, FTM, ADM, CRED, OVP];
/// MOSIP #20 `postpartnertypesearch`.
const TYPE_SEARCH: &[&str] = &[PARTNER, PMS_USER, AUTH, DP, FTM, ADM, CRED, OVP];
/// MOSIP #21 `postpartnersfiltervalues`.
const PARTNER_FILTER_VALUES: &[&str] = &[PARTNER, PMS_USER, AUTH, DP, FTM, CRED, ADM, OVP, ABIS];
/// MOSIP #105 `postpoliciesgroupsearch`: ADM AUTH CRED POL.
const GROUP_SEARCH: &[&str] = &[ADM, AUTH, CRED, POL];
/// MOSIP #108 `postpoliciesgroupfiltervalues`: ADM PARTNER AUTH CRED POL ABIS FTM OVP MA.
const GROUP_FILTER_VALUES: &[&str] = &[ADM, PARTNER, AUTH, CRED, POL, ABIS, FTM, OVP, MA];
/// MOSIP #109 `postpoliciesfiltervalues`: ADM PARTNER AUTH CRED POL.
const POLICY_FILTER_VALUES: &[&str] = &[ADM, PARTNER, AUTH, CRED, POL];
/// MOSIP #110/#111 `getactivegroupgroupname`, `getpolicygroups`: AUTH CRED OVP ABIS MA ADM POL.
const POLICY_READERS: &[&str] = &[AUTH, CRED, OVP, ABIS, MA, ADM, POL];

/// MOSIP #9 `postpartnerspolicymap`.
const REQUESTERS: &[&str] = &[AUTH, ABIS, CRED, CRISS, OVP, ADM];
/// MOSIP #39 `getallpartnerpolicymappingrequests`.
const REQUEST_READERS: &[&str] = &[ADM, AUTH, ABIS, SDK, CRED, OVP];
/// MOSIP #10 `getpartnersapikeyrequest`.
const PARTNER_REQUEST_READERS: &[&str] = &[PARTNER, AUTH, ABIS, CRED, ADM, OVP];
/// MOSIP #11 `patchpartnersgenerateapikey`: partners only, and only for themselves.
const KEY_MAKERS: &[&str] = &[AUTH, ABIS, CRED, CRISS, OVP];
/// MOSIP #32 `patchpartnerspolicyapikeystatus`.
const KEY_STATUS: &[&str] = &[ADM, PM, AUTH, CRED, CRISS, OVP];
/// MOSIP #40 `getpartnersapikeyrequests` (ADM AUTH), and the other partners that hold keys.
const KEY_READERS: &[&str] = &[ADM, AUTH, CRED, CRISS, OVP, ABIS];
/// MOSIP #22 `postpartnersapikeyrequestfiltervalues`.
const REQUEST_FILTER_VALUES: &[&str] = &[PARTNER, ADM, AUTH, CRED, OVP, ABIS];
/// MOSIP #23/#24 `postpartnersapikeyrequestsearch`, `postpartnersapikeysearch`.
const LEGACY_KEY_SEARCH: &[&str] = &[PARTNER, PMS_USER, AUTH, ABIS, CRED, ADM, OVP];
/// MOSIP #12–#15 (PARTNER CRED ADM CRISS CSHARE OVP).
const CREDENTIAL_MAPPERS: &[&str] = &[PARTNER, CRED, ADM, CRISS, OVP];
/// Services that check a key a partner presents (PMS's own).
const KEY_VERIFIERS: &[&str] = &[IDA, CRISS, ADM];
/// MOSIP #49–#56, #60–#67: SBI and device-detail writes and the legacy searches.
const DEVICE_WRITERS: &[&str] = &[ADM, DP, FTM];
/// MOSIP #57, #68–#71: the revamp SBI and device endpoints.
const DEVICE_PROVIDERS: &[&str] = &[ADM, DP];
/// MOSIP #72–#81: the FTM chip endpoints (the decisions are the Partner Admin's alone).
const CHIP_USERS: &[&str] = &[ADM, FTM];
/// MOSIP #88 `getoauthpartnersclients`.
const CLIENT_LISTERS: &[&str] = &[ADM, AUTH];
/// MOSIP #43–#45, #47, #48 (MISPP MISP PM ADM; no caller here holds the bare `MISP` role).
const MISP_USERS: &[&str] = &[MISPP, PM, ADM];

// ------------------------------------------------------------------ the table

#[derive(Debug, Clone, Copy)]
enum Access {
    /// No token needed; tokens are ignored.
    Public,
    /// Any valid token.
    AnyUser,
    /// A valid token with at least one of these roles.
    Roles(&'static [&'static str]),
}

#[derive(Debug, Clone, Copy)]
enum Owner {
    /// Not partner-scoped.
    No,
    /// The partner id (`$PARTNER`: the `partnerId` path parameter or a body field) must be one the
    /// caller owns, unless the caller holds one of `bypass`; others get the `refusal` code.
    Yes { bypass: &'static [&'static str], refusal: &'static str },
}

#[derive(Debug, Clone, Copy)]
enum Body {
    None,
    /// A plain JSON body.
    Plain(&'static str),
    /// The `request` of a legacy envelope.
    Legacy(&'static str),
    /// The API id and the `request` of a V2 envelope.
    V2(&'static str, &'static str),
    /// An `application/x-www-form-urlencoded` body (W3C WebSub).
    Form(&'static str),
}

#[derive(Debug, Clone, Copy)]
struct Op {
    method: &'static str,
    path: &'static str,
    access: Access,
    owner: Owner,
    body: Body,
}

const fn op(method: &'static str, path: &'static str, access: Access) -> Op {
    Op { method, path, access, owner: Owner::No, body: Body::None }
}

impl Op {
    const fn owned(self, bypass: &'static [&'static str]) -> Op {
        self.owned_refusing(bypass, "PMS_PRT_055")
    }
    /// Partner-scoped with MOSIP's own refusal code for another user's partner.
    const fn owned_refusing(self, bypass: &'static [&'static str], refusal: &'static str) -> Op {
        Op { owner: Owner::Yes { bypass, refusal }, ..self }
    }
    const fn plain(self, body: &'static str) -> Op {
        Op { body: Body::Plain(body), ..self }
    }
    const fn legacy(self, request: &'static str) -> Op {
        Op { body: Body::Legacy(request), ..self }
    }
    const fn v2(self, id: &'static str, request: &'static str) -> Op {
        Op { body: Body::V2(id, request), ..self }
    }
    const fn form(self, body: &'static str) -> Op {
        Op { body: Body::Form(body), ..self }
    }
    fn name(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
    fn allows(&self, role: &str) -> bool {
        match self.access {
            Access::Public | Access::AnyUser => true,
            Access::Roles(set) => set.contains(&role),
        }
    }
}

use Access::{AnyUser, Public, Roles};

const LOGOUT: &str = "/v1/auth/logout";
const LOGIN: &str = r#"{"username": "az-login", "password": "$PASSWORD"}"#;
const REGISTER: &str = r#"{"partnerId": "$PARTNER", "organizationName": "$PARTNER Org", "address": "1 Main Street",
    "contactNumber": "+33 1234 5678", "emailId": "contact@$PARTNER.example", "partnerType": "Auth_Partner",
    "policyGroup": "$GROUP_NAME", "langCode": "eng"}"#;
const PROFILE: &str = r#"{"address": "2 Market Square", "contactNumber": "+33 1234 0000"}"#;
const CONTACT: &str = r#"{"address": "1 Main Street", "contactNumber": "+33 1234 5678", "emailId": "ops@example.org", "is_Active": true}"#;
const CLIENT_BODY: &str = r#"{"name": "az", "policyId": "az-dummy", "authPartnerId": "$PARTNER",
    "publicKey": {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
    "logoUri": "https://rp.example/logo.png", "redirectUris": ["https://rp.example/cb"],
    "grantTypes": ["authorization_code"], "clientAuthMethods": ["private_key_jwt"], "clientNameLangMap": {"eng": "az"}}"#;
const DCR_BODY: &str = r#"{"client_name": "az", "policy_id": "az-dummy", "redirect_uris": ["https://rp.example/cb"],
    "grant_types": ["authorization_code"], "token_endpoint_auth_method": "private_key_jwt",
    "logo_uri": "https://rp.example/logo.png",
    "jwks": {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}}"#;
const CLIENT_UPDATE: &str = r#"{"clientName": "az", "logoUri": "https://rp.example/logo.png",
    "redirectUris": ["https://rp.example/cb"], "status": "ACTIVE", "grantTypes": ["authorization_code"],
    "clientAuthMethods": ["private_key_jwt"], "clientNameLangMap": {"eng": "az"}}"#;
const SEARCH: &str = r#"{"filters": [], "sort": [], "pagination": {"pageStart": 0, "pageFetch": 10}}"#;
const FILTER_VALUES: &str = r#"{"filters": [{"columnName": "name", "type": "unique"}]}"#;
const SBI_BODY: &str = r#"{"id": "az-dummy", "providerId": "$PARTNER", "swBinaryHash": "az-hash", "swVersion": "az-1.0",
    "swCreateDateTime": "$CREATED", "swExpiryDateTime": "$EXPIRY"}"#;
const DEVICE_BODY: &str = r#"{"id": "az-dummy", "deviceProviderId": "$PARTNER", "deviceTypeCode": "Finger",
    "deviceSubTypeCode": "Slap", "make": "az", "model": "az"}"#;
const MAPPING: &str = r#"{"deviceDetailId": "az-dummy", "sbiId": "az-dummy"}"#;
const DEACTIVATE: &str = r#"{"status": "De-Activate"}"#;

/// One row per operation of `/openapi.json`, grouped as the API modules are.
const TABLE: &[Op] = &[
    // ---- system and authentication
    op("GET", "/healthz", Public),
    op("GET", "/readyz", Public),
    op("GET", "/metrics", Public),
    op("POST", "/v1/auth/login", Public).plain(LOGIN),
    op("POST", LOGOUT, Public),
    op("GET", "/v1/partnermanager/authorize/admin/validateToken", AnyUser),
    // ---- self-registration (PMS's own; MOSIP leaves sign-up to Keycloak)
    op("POST", "/v1/partnermanager/self-registration", Public).legacy("{}"),
    op("POST", "/v1/partnermanager/self-registration/verify", Public)
        .legacy(r#"{"emailId": "nobody@example.org", "otp": "000000"}"#),
    op("POST", "/v1/partnermanager/self-registration/resend", Public).legacy(r#"{"emailId": "nobody@example.org"}"#),
    // ---- partners (MOSIP §4.1–4.3)
    // MOSIP #1/#2 (auth): the partner id must be the caller's own username, for admins too.
    op("POST", "/v1/partnermanager/partners", AnyUser).owned(&[]).legacy(REGISTER),
    op("POST", "/v1/partnermanager/partners/v2", AnyUser).owned(&[]).legacy(REGISTER),
    op("GET", "/v1/partnermanager/partners", Roles(PARTNER_LIST_READERS)),
    op("GET", "/v1/partnermanager/partners/v2", Roles(PARTNER_LIST_READERS)),
    op("GET", "/v1/partnermanager/partners/v3", Roles(V3_READERS)),
    op("PUT", "/v1/partnermanager/partners/email/verify", AnyUser).legacy(r#"{"emailId": "someone@example.org"}"#),
    op("GET", "/v1/partnermanager/partners/{partnerId}", Roles(ONE_PARTNER_READERS)).owned(SEES_ALL),
    op("PUT", "/v1/partnermanager/partners/{partnerId}", Roles(PROFILE_EDITORS)).owned(SEES_ALL).legacy(PROFILE),
    op("PUT", "/v1/partnermanager/partners/v2/{partnerId}", Roles(PROFILE_EDITORS)).owned(SEES_ALL).legacy(PROFILE),
    op("POST", "/v1/partnermanager/partners/{partnerId}/contact/add", Roles(PROFILE_EDITORS))
        .owned(SEES_ALL)
        .legacy(CONTACT),
    op("PUT", "/v1/partnermanager/partners/{partnerId}/policygroup/{policygroupName}", Roles(POLICY_GROUP_CHANGERS))
        .owned(SEES_ALL),
    op("POST", "/v1/partnermanager/partners/search", Roles(PARTNER_SEARCH))
        .legacy(r#"{"partnerType": "all", "filters": [], "sort": [], "pagination": {"pageStart": 0, "pageFetch": 10}}"#),
    op("POST", "/v1/partnermanager/partners/partnertype/search", Roles(TYPE_SEARCH)).legacy(SEARCH),
    op("POST", "/v1/partnermanager/partners/filtervalues", Roles(PARTNER_FILTER_VALUES)).legacy(FILTER_VALUES),
    // ---- partner administration (MOSIP §4.2, §4.4; the decisions are PMS's own)
    op("PATCH", "/v1/partnermanager/partners/{partnerId}", Roles(PARTNER_ADMINS)).legacy(r#"{"status": "Active"}"#),
    op("GET", "/v1/partnermanager/admin-partners", Roles(ADMIN_ONLY)),
    op("GET", "/v1/partnermanager/admin-partners/{partnerId}", Roles(ADMIN_ONLY)),
    op("POST", "/v1/partnermanager/admin-partners/{partnerId}/approve", Roles(PARTNER_ADMINS))
        .v2("mosip.pms.partner.approve.post", r#"{"comment": "authorisation matrix"}"#),
    op("POST", "/v1/partnermanager/admin-partners/{partnerId}/reject", Roles(PARTNER_ADMINS))
        .v2("mosip.pms.partner.reject.post", r#"{"reason": "authorisation matrix"}"#),
    op("POST", "/v1/partnermanager/admin-partners/{partnerId}/deactivate", Roles(PARTNER_ADMINS))
        .v2("mosip.pms.partner.deactivate.post", r#"{"reason": "authorisation matrix"}"#),
    op("POST", "/v1/partnermanager/admin-partners/{partnerId}/reactivate", Roles(PARTNER_ADMINS))
        .v2("mosip.pms.partner.reactivate.post", r#"{"comment": "authorisation matrix"}"#),
    // ---- policy requests and API keys (MOSIP §4.1, §4.2, §4.4; rotation and verification PMS's own)
    op("POST", "/v1/partnermanager/partners/{partnerId}/policy/map", Roles(REQUESTERS))
        .owned(PARTNER_ADMINS)
        .legacy(r#"{"policyName": "no such policy", "useCaseDescription": "authorisation matrix"}"#),
    op("PUT", "/v1/partnermanager/partners/policy/{mappingkey}", Roles(PARTNER_ADMINS)).legacy(r#"{"status": "Approved"}"#),
    op("PATCH", "/v1/partnermanager/partner-policy-requests/{id}", Roles(PARTNER_ADMINS))
        .v2("mosip.pms.policy.request.decide", r#"{"status": "Rejected", "reason": "authorisation matrix"}"#),
    op("GET", "/v1/partnermanager/partner-policy-requests", Roles(REQUEST_READERS)),
    op("GET", "/v1/partnermanager/partner-policy-requests/{id}", Roles(REQUEST_READERS)),
    op("GET", "/v1/partnermanager/partners/{partnerId}/apikey/request", Roles(PARTNER_REQUEST_READERS))
        .owned(PARTNER_ADMINS),
    op("GET", "/v1/partnermanager/partners/apikey", Roles(PARTNER_ADMINS)),
    op("GET", "/v1/partnermanager/partners/apikey/{apikey}", Roles(PARTNER_ADMINS)),
    op("GET", "/v1/partnermanager/partners/{partnerId}/apikey/{apikey}", Roles(PARTNER_ADMINS)),
    op("PATCH", "/v1/partnermanager/partners/{partnerId}/generate/apikey", Roles(KEY_MAKERS))
        .owned(&[])
        .legacy(r#"{"policyName": "no such policy", "label": "authorisation matrix"}"#),
    op("PATCH", "/v1/partnermanager/partners/{partnerId}/policy/{policyId}/apiKey/status", Roles(KEY_STATUS))
        .owned(PARTNER_ADMINS)
        .legacy(r#"{"label": "authorisation matrix", "status": "De-active"}"#),
    op("PUT", "/v1/partnermanager/partners/{partnerId}/apikey/{apikey}/policies", Roles(PARTNER_ADMINS))
        .legacy(r#"{"oldPolicyID": "$POLICY_ID", "newPolicyID": "$POLICY_ID"}"#),
    op("GET", "/v1/partnermanager/partner-api-keys", Roles(KEY_READERS)),
    op("POST", "/v1/partnermanager/partners/{partnerId}/bioextractors/{policyId}", Roles(CREDENTIAL_MAPPERS))
        .owned(PARTNER_ADMINS)
        .legacy(r#"{"extractors": [{"attributeName": "photo", "biometric": "face", "extractor": {"provider": "mock", "version": "1.1"}}]}"#),
    op("GET", "/v1/partnermanager/partners/{partnerId}/bioextractors/{policyId}", Roles(CREDENTIAL_MAPPERS))
        .owned(PARTNER_ADMINS),
    op(
        "POST",
        "/v1/partnermanager/partners/{partnerId}/credentialtype/{credentialType}/policies/{policyName}",
        Roles(CREDENTIAL_MAPPERS),
    ),
    op("GET", "/v1/partnermanager/partners/{partnerId}/credentialtype/{credentialType}/policies", Roles(CREDENTIAL_MAPPERS))
        .owned(PARTNER_ADMINS),
    op("POST", "/v1/partnermanager/partners/apikey/request/search", Roles(LEGACY_KEY_SEARCH)).legacy(SEARCH),
    op("POST", "/v1/partnermanager/partners/apikey/search", Roles(LEGACY_KEY_SEARCH)).legacy(SEARCH),
    op("POST", "/v1/partnermanager/partners/apikey/request/filtervalues", Roles(REQUEST_FILTER_VALUES))
        .legacy(r#"{"filters": [{"columnName": "statusCode", "type": "unique"}]}"#),
    op("POST", "/v1/pms/api-keys/{keyId}/rotate", Roles(KEY_MAKERS))
        .v2("mosip.pms.apikey.rotate", r#"{"label": "authorisation matrix"}"#),
    op("POST", "/v1/pms/api-keys/verify", Roles(KEY_VERIFIERS))
        .v2("mosip.pms.apikey.verify", r#"{"apiKey": "pms_000000000000_not-a-key"}"#),
    // ---- certificates and the trust store (MOSIP §4.1, §4.3–4.4, §6; PMS's own reads)
    op("POST", "/v1/partnermanager/partners/certificate/ca/upload", Roles(PARTNER_ADMINS))
        .legacy(r#"{"certificateData": "not a certificate", "partnerDomain": "AUTH"}"#),
    op("POST", "/v1/partnermanager/partners/certificate/upload", Roles(CERT_UPLOADERS))
        .owned(CERT_ANY_PARTNER)
        .legacy(r#"{"partnerId": "$PARTNER", "certificateData": "not a certificate", "partnerDomain": "AUTH"}"#),
    op("GET", "/v1/partnermanager/partners/{partnerId}/certificate", Roles(CERT_READERS)).owned(CERT_ANY_PARTNER),
    op("GET", "/v1/partnermanager/partners/{partnerId}/certificate-data", Roles(CERT_READERS))
        .owned_refusing(CERT_ANY_PARTNER, "PMS_CERTIFICATE_ERROR_007"),
    op("GET", "/v1/partnermanager/partners/{partnerId}/original-partner-certificate", Roles(CERT_READERS))
        .owned_refusing(CERT_ANY_PARTNER, "PMS_CERTIFICATE_ERROR_007"),
    op("GET", "/v1/partnermanager/partners/partner-certificates-details", Roles(OWN_CERT_READERS)),
    op("GET", "/v1/partnermanager/trust-chain-certificates", Roles(ADMIN_ONLY)),
    op("GET", "/v1/partnermanager/trust-chain-certificates/{certificateId}", Roles(ADMIN_ONLY)),
    op("GET", "/v1/partnermanager/trust-chain-certificates/{certificateId}/certificateFile", Roles(ADMIN_ONLY)),
    op("POST", "/v1/partnermanager/trust-chain-certificates/{certificateId}/deactivate", Roles(ADMIN_ONLY))
        .v2("mosip.pms.trust.certificate.deactivate.post", "{}"),
    op("GET", "/v1/pms/certificates/expiring", Roles(ADMIN_ONLY)),
    op("GET", "/v1/pms/trust-bundle", Public),
    op("GET", "/v1/pms/platform-ca", Public),
    op("GET", "/v1/pms/certificate-chains/{certificateId}", Public),
    // ---- devices and SBIs (MOSIP §4.6, §4.7)
    op("POST", "/v1/partnermanager/devicedetail", Roles(DEVICE_WRITERS))
        .owned_refusing(ADMIN_ONLY, "PMS_DEVICE_ERROR_001")
        .legacy(DEVICE_BODY),
    op("PUT", "/v1/partnermanager/devicedetail", Roles(DEVICE_WRITERS)).legacy(DEVICE_BODY),
    op("PATCH", "/v1/partnermanager/devicedetail", Roles(ADMIN_ONLY))
        .legacy(r#"{"id": "az-dummy", "approvalStatus": "Activate"}"#),
    op("GET", "/v1/partnermanager/devicedetail", Roles(DEVICE_PROVIDERS)),
    op("POST", "/v1/partnermanager/devicedetail/search", Roles(DEVICE_WRITERS)).legacy(SEARCH),
    op("POST", "/v1/partnermanager/devicedetail/deviceType/search", Roles(DEVICE_WRITERS)).legacy(SEARCH),
    op("POST", "/v1/partnermanager/devicedetail/filtervalues", Roles(DEVICE_WRITERS))
        .legacy(r#"{"filters": [{"columnName": "make", "type": "unique"}]}"#),
    op("POST", "/v1/partnermanager/devicedetail/deviceType/filtervalues", Roles(DEVICE_WRITERS))
        .legacy(r#"{"filters": [{"columnName": "code", "type": "unique"}]}"#),
    op("POST", "/v1/partnermanager/devicedetail/deviceSubType/filtervalues", Roles(DEVICE_WRITERS))
        .legacy(r#"{"filters": [{"columnName": "code", "type": "unique"}]}"#),
    op("PATCH", "/v1/partnermanager/devicedetail/{deviceId}", Roles(DEVICE_PROVIDERS))
        .v2("mosip.pms.deactivate.device.patch", DEACTIVATE),
    op("POST", "/v1/partnermanager/devicedetail/{id}/approval", Roles(ADMIN_ONLY)).v2(
        "mosip.pms.approval.mapping.device.to.sbi.post",
        r#"{"partnerId": "az-dummy", "sbiId": "az-dummy", "status": "approved"}"#,
    ),
    op("POST", "/v1/partnermanager/securebiometricinterface", Roles(DEVICE_WRITERS))
        .owned_refusing(ADMIN_ONLY, "PMS_DEVICE_ERROR_001")
        .legacy(SBI_BODY),
    op("PUT", "/v1/partnermanager/securebiometricinterface", Roles(DEVICE_WRITERS)).legacy(SBI_BODY),
    op("PATCH", "/v1/partnermanager/securebiometricinterface", Roles(ADMIN_ONLY))
        .legacy(r#"{"id": "az-dummy", "approvalStatus": "Activate"}"#),
    op("GET", "/v1/partnermanager/securebiometricinterface", Roles(DEVICE_PROVIDERS)),
    op("POST", "/v1/partnermanager/securebiometricinterface/search", Roles(DEVICE_WRITERS)).legacy(SEARCH),
    op("PUT", "/v1/partnermanager/securebiometricinterface/devicedetails/map", Roles(DEVICE_WRITERS)).legacy(MAPPING),
    op("PUT", "/v1/partnermanager/securebiometricinterface/devicedetails/map/remove", Roles(DEVICE_WRITERS))
        .legacy(MAPPING),
    op("POST", "/v1/partnermanager/securebiometricinterface/devicedetails/map/search", Roles(DEVICE_WRITERS))
        .legacy(SEARCH),
    op("POST", "/v1/partnermanager/securebiometricinterface/filtervalues", Roles(DEVICE_WRITERS))
        .legacy(r#"{"filters": [{"columnName": "swVersion", "type": "unique"}]}"#),
    op("POST", "/v1/partnermanager/securebiometricinterface/{sbiId}/devices", Roles(DEVICE_PROVIDERS))
        .owned_refusing(ADMIN_ONLY, "PMS_DEVICE_ERROR_001")
        .v2("mosip.pms.add.device.to.sbi.id.post", DEVICE_BODY),
    op("GET", "/v1/partnermanager/securebiometricinterface/{sbiId}/devices", Roles(DEVICE_PROVIDERS)),
    op("PATCH", "/v1/partnermanager/securebiometricinterface/{sbiId}", Roles(DEVICE_PROVIDERS))
        .v2("mosip.pms.deactivate.sbi.patch", DEACTIVATE),
    // ---- FTM chips (MOSIP §4.8)
    op("POST", "/v1/partnermanager/ftpchipdetail", Roles(CHIP_USERS))
        .owned_refusing(ADMIN_ONLY, "PMP_AUT_034")
        .legacy(r#"{"ftpProviderId": "$PARTNER", "make": "az", "model": "az"}"#),
    op("PUT", "/v1/partnermanager/ftpchipdetail", Roles(CHIP_USERS))
        .legacy(r#"{"ftpChipDetailId": "az-dummy", "make": "az", "model": "az"}"#),
    op("PATCH", "/v1/partnermanager/ftpchipdetail", Roles(ADMIN_ONLY))
        .legacy(r#"{"ftpChipDetailId": "az-dummy", "approvalStatus": true}"#),
    op("GET", "/v1/partnermanager/ftpchipdetail", Roles(CHIP_USERS)),
    op("POST", "/v1/partnermanager/ftpchipdetail/uploadcertificate", Roles(CHIP_USERS)).legacy(
        r#"{"ftpProviderId": "$PARTNER", "ftpChipDeatilId": "az-dummy", "certificateData": "not a certificate",
        "organizationName": "$PARTNER Org", "partnerDomain": "FTM"}"#,
    ),
    op("GET", "/v1/partnermanager/ftpchipdetail/getPartnerCertificate/{ftpChipDetailId}", Roles(CHIP_USERS)),
    op("POST", "/v1/partnermanager/ftpchipdetail/search", Roles(CHIP_USERS)).legacy(SEARCH),
    op("PATCH", "/v1/partnermanager/ftpchipdetail/{ftmId}", Roles(CHIP_USERS))
        .v2("mosip.pms.deactivate.ftm.patch", DEACTIVATE),
    op("GET", "/v1/partnermanager/ftpchipdetail/{ftmId}/certificate-data", Roles(CHIP_USERS)),
    op("GET", "/v1/partnermanager/ftpchipdetail/v2", Roles(CHIP_USERS)),
    // ---- OIDC clients of eSignet (MOSIP §4.9): any caller, ownership checked in the use case
    op("POST", "/v1/partnermanager/oauth/client", AnyUser).legacy(CLIENT_BODY),
    op("GET", "/v1/partnermanager/oauth/client", Roles(CLIENT_LISTERS)),
    op("PUT", "/v1/partnermanager/oauth/client/{client_id}", AnyUser).legacy(CLIENT_UPDATE),
    op("GET", "/v1/partnermanager/oauth/client/{client_id}", AnyUser),
    op("POST", "/v1/partnermanager/oidc/client", AnyUser).legacy(CLIENT_BODY),
    op("PUT", "/v1/partnermanager/oidc/client/{client_id}", AnyUser).legacy(CLIENT_UPDATE),
    op("GET", "/v1/partnermanager/oidc/client/{client_id}", AnyUser),
    // ---- RFC 7591/7592 client registration (PMS's own)
    op("POST", "/v1/pms/oidc/register", AnyUser).plain(DCR_BODY),
    op("GET", "/v1/pms/oidc/register/{client_id}", AnyUser),
    op("PUT", "/v1/pms/oidc/register/{client_id}", AnyUser).plain(DCR_BODY),
    op("DELETE", "/v1/pms/oidc/register/{client_id}", AnyUser),
    op("POST", "/v1/pms/oidc/initial-access-tokens", Roles(ADMIN_ONLY))
        .v2("mosip.pms.oidc.initialtoken.create", r#"{"partnerId": "no-such-partner", "validityDays": 7}"#),
    // ---- MISP licences (MOSIP §4.5)
    op("POST", "/v1/partnermanager/misps", Roles(MISP_USERS)).owned(PARTNER_ADMINS).legacy(r#"{"providerId": "$PARTNER"}"#),
    op("PUT", "/v1/partnermanager/misps", Roles(MISP_USERS))
        .legacy(r#"{"providerId": "$PARTNER", "licenseKey": "az-dummy", "licenseKeyStatus": "de-active"}"#),
    op("GET", "/v1/partnermanager/misps", Roles(MISP_USERS)),
    op("GET", "/v1/partnermanager/misps/{mispId}/licenseKey", Roles(PARTNER_ADMINS)),
    op("POST", "/v1/partnermanager/misps/filtervalues", Roles(MISP_USERS))
        .legacy(r#"{"filters": [{"columnName": "mispId", "type": "unique"}]}"#),
    op("POST", "/v1/partnermanager/misps/search", Roles(MISP_USERS)).legacy(SEARCH),
    // ---- users (MOSIP §4.10)
    op("GET", "/v1/partnermanager/users/user-consent", Roles(CONSENT)),
    op("POST", "/v1/partnermanager/users/user-consent", Roles(CONSENT)),
    op("GET", "/v1/partnermanager/system-config", AnyUser),
    op("GET", "/v1/partnermanager/roles", AnyUser),
    // ---- operations (PMS's own)
    op("GET", "/v1/pms/audit", Roles(ADMIN_ONLY)),
    op("GET", "/v1/pms/events", Roles(ADMIN_ONLY)),
    // ---- event delivery (PMS's own)
    op("GET", "/v1/pms/webhooks", Roles(ADMIN_ONLY)),
    op("POST", "/v1/pms/webhooks", Roles(ADMIN_ONLY)).v2(
        "mosip.pms.webhook.create",
        r#"{"url": "http://127.0.0.1:9/hook", "topics": ["PARTNER_UPDATED"], "secret": "authorisation-matrix-secret"}"#,
    ),
    op("GET", "/v1/pms/webhooks/{id}", Roles(ADMIN_ONLY)),
    op("DELETE", "/v1/pms/webhooks/{id}", Roles(ADMIN_ONLY)),
    op("GET", "/v1/pms/deliveries", Roles(ADMIN_ONLY)),
    op("GET", "/v1/pms/deliveries/{id}", Roles(ADMIN_ONLY)),
    op("POST", "/v1/pms/deliveries/{id}/retry", Roles(ADMIN_ONLY)),
    op("POST", "/v1/pms/events/replay", Roles(ADMIN_ONLY))
        .v2("mosip.pms.events.replay", r#"{"from": "2026-01-01T00:00:00Z"}"#),
    op("GET", "/v1/pms/websub/subscriptions", Roles(ADMIN_ONLY)),
    // The hub's other subscriber roles (EVENT_SUBSCRIBER, SUBSCRIBE_<TOPIC>_GENERAL) are held by
    // none of the callers here; the hub's own tests use them.
    op("POST", "/websub/hub", Roles(ADMIN_ONLY))
        .form("hub.mode=subscribe&hub.topic=PARTNER_UPDATED&hub.callback=http%3A%2F%2F127.0.0.1%3A9%2Fcb"),
    op("GET", "/v1/pms/notifications", AnyUser),
    op("POST", "/v1/pms/notifications/read", AnyUser).v2("mosip.pms.notifications.read", "{}"),
    // ---- policy groups (MOSIP §4.12)
    op("POST", "/v1/policymanager/policies/group/new", Roles(POLICY_ADMINS))
        .legacy(r#"{"name": "az-new-group", "desc": "created by the authorisation matrix"}"#),
    op("PUT", "/v1/policymanager/policies/group/{policygroupId}", Roles(POLICY_ADMINS))
        .legacy(r#"{"name": "$GROUP_NAME", "desc": "Banking sector", "isActive": true}"#),
    op("PATCH", "/v1/policymanager/policies/group/{policygroupId}", Roles(POLICY_ADMINS))
        .v2("mosip.pms.deactivate.policy.group.patch", r#"{"status": "De-Activate"}"#),
    op("GET", "/v1/policymanager/policies/group/{policygroupId}", Roles(POLICY_ADMINS)),
    op("GET", "/v1/policymanager/policies/group/all", Roles(POLICY_ADMINS)),
    op("POST", "/v1/policymanager/policies/group/search", Roles(GROUP_SEARCH)).legacy(SEARCH),
    op("POST", "/v1/policymanager/policies/group/filtervalues", Roles(GROUP_FILTER_VALUES)).legacy(FILTER_VALUES),
    op("GET", "/v1/policymanager/policies/policy-groups", Roles(POLICY_READERS)),
    op("GET", "/v1/policymanager/policy-groups", Roles(POLICY_ADMINS)),
    // ---- policies (MOSIP §4.12)
    op("POST", "/v1/policymanager/policies", Roles(POLICY_ADMINS)).legacy(
        r#"{"policyGroupName": "$GROUP_NAME", "policyType": "Auth", "name": "az-new-policy", "desc": "d", "version": "1.0", "policies": {}}"#,
    ),
    op("GET", "/v1/policymanager/policies", Roles(POLICY_ADMINS)),
    op("PUT", "/v1/policymanager/policies/{policyId}", Roles(POLICY_ADMINS))
        .legacy(r#"{"policyGroupName": "$GROUP_NAME", "name": "KYC", "desc": "d", "version": "1.0", "policies": {}}"#),
    op("PATCH", "/v1/policymanager/policies/{policyId}", Roles(POLICY_ADMINS))
        .v2("mosip.pms.deactivate.policy.patch", r#"{"status": "De-Activate"}"#),
    op("GET", "/v1/policymanager/policies/{policyId}", Roles(POLICY_ADMINS)),
    op("POST", "/v1/policymanager/policies/{policyId}/group/{policygroupId}/publish", Roles(POLICY_ADMINS)),
    op("PATCH", "/v1/policymanager/policies/{policyId}/group/{policygroupId}", Roles(POLICY_ADMINS))
        .legacy(r#"{"status": "De-Active"}"#),
    // Not partner-scoped: datashare's service account reads it with ADM or POL (MOSIP #102).
    op("GET", "/v1/policymanager/policies/{policyId}/partner/{partnerId}", Roles(POLICY_ADMINS)),
    op("POST", "/v1/policymanager/policies/search", Roles(POLICY_ADMINS))
        .legacy(r#"{"policyType": "all", "filters": [], "sort": [], "pagination": {"pageStart": 0, "pageFetch": 10}}"#),
    op("POST", "/v1/policymanager/policies/filtervalues", Roles(POLICY_FILTER_VALUES))
        .legacy(r#"{"policyType": "all", "filters": [{"columnName": "name", "type": "unique"}]}"#),
    op("GET", "/v1/policymanager/policies/active/group/{groupName}", Roles(POLICY_READERS)),
    op("GET", "/v1/policymanager/policies/v2", Roles(POLICY_ADMINS)),
    op("GET", "/v1/policymanager/policies/config/{key}", Roles(POLICY_ADMINS)),
    op("POST", "/v1/policymanager/policies/{policyId}/clone", Roles(POLICY_ADMINS))
        .legacy(r#"{"policyGroupName": "$GROUP_NAME", "name": "az-clone"}"#),
    op("GET", "/v1/policymanager/policies/{policyId}/history", Roles(POLICY_ADMINS)),
];

// ------------------------------------------------------------------ fixture

/// Ids the requests are filled with.
struct Vars {
    base: String,
    group_id: String,
    group_name: String,
    policy_id: String,
}

impl Vars {
    fn subst(&self, text: &str, partner: &str) -> String {
        text.replace("$PARTNER", partner)
            .replace("$GROUP_NAME", &self.group_name)
            .replace("$GROUP_ID", &self.group_id)
            .replace("$POLICY_ID", &self.policy_id)
            .replace("$PASSWORD", USER_PASSWORD)
            .replace("$CREATED", &(chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339())
            .replace("$EXPIRY", &(chrono::Utc::now() + chrono::Duration::days(365)).to_rfc3339())
    }

    /// Fills each `{name}` of an OpenAPI path template.
    fn fill_path(&self, template: &str, partner: &str) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').map(|c| open + c).expect("unbalanced path template");
            out.push_str(&rest[..open]);
            out.push_str(match &rest[open + 1..close] {
                "partnerId" => partner,
                "policyId" => &self.policy_id,
                "policygroupId" => &self.group_id,
                "groupName" | "policygroupName" => &self.group_name,
                _ => "az-dummy",
            });
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }

    fn body(&self, body: Body, partner: &str) -> Option<Value> {
        let parse = |text: &str| -> Value {
            serde_json::from_str(&self.subst(text, partner)).unwrap_or_else(|e| panic!("bad body in the table: {e}"))
        };
        match body {
            Body::None | Body::Form(_) => None,
            Body::Plain(text) => Some(parse(text)),
            Body::Legacy(text) => Some(legacy(parse(text))),
            Body::V2(id, text) => Some(v2(id, parse(text))),
        }
    }
}

struct Caller {
    role: &'static str,
    token: String,
    /// The partner it owns (its username), if any.
    partner: Option<String>,
}

/// The policy group every policy-requiring partner of the fixture belongs to.
const GROUP_NAME: &str = "Banking";
/// The partner that belongs to a user who makes no calls: "another user's partner".
const VICTIM: &str = "az-victim";

fn username(role: &str) -> String {
    format!("az-{}", role.to_ascii_lowercase().replace('_', "-"))
}

fn partner_request(id: &str, partner_type: &str, group: &str) -> Value {
    let mut r = json!({
        "partnerId": id, "organizationName": format!("{id} Org"), "address": "1 Main Street",
        "contactNumber": "+33 1234 5678", "emailId": format!("contact@{id}.example"),
        "partnerType": partner_type, "langCode": "eng"
    });
    if !matches!(partner_type, "Device_Provider" | "FTM_Provider" | "MISP_Partner" | "SDK_Partner") {
        r["policyGroup"] = json!(group);
    }
    r
}

/// A login user with one role; with `partner_type`, it registers its own partner (id = username).
async fn caller(app: &TestApp, name: String, role: &'static str, partner_type: Option<&'static str>) -> Caller {
    let token = app.user_with_roles(&name, &[role]).await;
    let partner = match partner_type {
        None => None,
        Some(t) => {
            let request = legacy(partner_request(&name, t, GROUP_NAME));
            let (status, body) = app.post("/v1/partnermanager/partners", &token, request).await;
            assert!(status == StatusCode::OK && error_code(&body).is_none(), "partner {name} not registered: {body}");
            Some(name)
        }
    };
    Caller { role, token, partner }
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Tokens that must all be refused with `KER-ATH-401`; `low` is a genuine token of a user
/// without PMS roles, whose claims are tampered with. Also returns a token minted the same way as
/// the refused ones but valid, to show that they are refused for the flaw each one carries.
async fn bad_tokens(app: &TestApp, low: &str) -> (Vec<(&'static str, String)>, String) {
    use base64::Engine;
    let secret = pms_store::repo::settings::get(app.fixtures.db(), "jwt_hs256_secret")
        .await
        .expect("read the token secret")
        .expect("token secret");
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(secret).expect("secret is base64");
    let admin = pms_store::repo::users::find_by_username(app.fixtures.db(), "admin")
        .await
        .expect("find admin")
        .expect("admin exists");
    let now = chrono::Utc::now().timestamp();
    let claims = |sub: &str, iss: &str, exp: i64| Claims {
        sub: sub.into(),
        preferred_username: "admin".into(),
        email: "admin@pms.localhost".into(),
        given_name: None,
        family_name: None,
        locale: "eng".into(),
        realm_access: RealmAccess { roles: vec![ADM.into(), POL.into()] },
        iss: iss.into(),
        iat: now - 7200,
        exp,
        token_generation: admin.user.token_generation,
    };
    let sign = |c: &Claims, key: &[u8]| {
        jsonwebtoken::encode(&Header::default(), c, &EncodingKey::from_secret(key).expect("hs256 key"))
            .expect("sign a test token")
    };
    let parts: Vec<&str> = low.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWT");
    // The first character: every bit of it is significant (the last one has padding bits).
    let mut signature = parts[2].to_string();
    let first = if signature.starts_with('A') { "B" } else { "A" };
    signature.replace_range(..1, first);
    let mut payload: Value =
        serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    payload["exp"] = json!(now + 86_400);
    payload["realm_access"]["roles"] = json!([ADM, POL, "ROOT"]);
    let tampered = format!("{}.{}.{}", parts[0], b64(payload.to_string().as_bytes()), parts[2]);
    let unsigned = format!(
        "{}.{}.",
        b64(br#"{"alg":"none","typ":"JWT"}"#),
        b64(serde_json::to_string(&claims(&admin.user.id, ISSUER, now + 3600)).unwrap().as_bytes())
    );
    let control = sign(&claims(&admin.user.id, ISSUER, now + 3600), &secret);
    let bad = vec![
        ("garbage token", "not-a-token".to_string()),
        ("three empty parts", "..".to_string()),
        ("bad signature", format!("{}.{}.{signature}", parts[0], parts[1])),
        ("tampered claims", tampered),
        ("expired token", sign(&claims(&admin.user.id, ISSUER, now - 3600), &secret)),
        ("foreign key", sign(&claims(&admin.user.id, ISSUER, now + 3600), b"not the server's secret")),
        ("alg none", unsigned),
        ("wrong issuer", sign(&claims(&admin.user.id, "keycloak", now + 3600), &secret)),
        ("unknown user", sign(&claims("no-such-user", ISSUER, now + 3600), &secret)),
    ];
    (bad, control)
}

// ------------------------------------------------------------------ probes

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// 401 `KER-ATH-401`, JSON.
    Unauthenticated,
    /// 403 `KER-ATH-403`, JSON.
    Forbidden,
    /// Neither 401, 403, a server error nor `PMS_PRT_055`.
    Allowed,
    /// HTTP 200 with the row's ownership refusal (`PMS_PRT_055` unless the row says otherwise).
    NotOwner(&'static str),
}

impl Expect {
    fn describe(self) -> String {
        match self {
            Expect::Unauthenticated => "401 KER-ATH-401".into(),
            Expect::Forbidden => "403 KER-ATH-403".into(),
            Expect::Allowed => "allowed (not 401/403/5xx/an ownership refusal)".into(),
            Expect::NotOwner(code) => format!("200 {code} (not the caller's partner)"),
        }
    }
}

struct Probe {
    op: usize,
    caller: String,
    token: Option<String>,
    partner: String,
    expect: Expect,
}

struct Answer {
    status: StatusCode,
    json: bool,
    body: Value,
}

impl Answer {
    fn code(&self) -> Option<String> {
        error_code(&self.body)
    }

    fn meets(&self, expect: Expect) -> bool {
        let code = self.code();
        let code = code.as_deref();
        match expect {
            Expect::Unauthenticated => {
                self.status == StatusCode::UNAUTHORIZED && self.json && code == Some("KER-ATH-401")
            }
            Expect::Forbidden => self.status == StatusCode::FORBIDDEN && self.json && code == Some("KER-ATH-403"),
            Expect::Allowed => {
                self.status != StatusCode::UNAUTHORIZED
                    && self.status != StatusCode::FORBIDDEN
                    && !self.status.is_server_error()
                    && !matches!(
                        code,
                        Some("KER-ATH-401" | "KER-ATH-403" | "PMS_PRT_055" | "PMS_CERTIFICATE_ERROR_007")
                    )
            }
            Expect::NotOwner(refusal) => self.status == StatusCode::OK && code == Some(refusal),
        }
    }

    fn describe(&self) -> String {
        let mut text = format!("{} {}", self.status.as_u16(), self.code().unwrap_or_else(|| "(no error code)".into()));
        if !self.json {
            let raw = self.body.to_string();
            text.push_str(&format!(" non-JSON body {}", &raw[..raw.len().min(80)]));
        }
        text
    }
}

async fn send(client: reqwest::Client, vars: Arc<Vars>, probe: &Probe) -> Answer {
    let op = &TABLE[probe.op];
    let url = format!("{}{}", vars.base, vars.fill_path(op.path, &probe.partner));
    let method = Method::from_bytes(op.method.as_bytes()).expect("method");
    let mut req = client.request(method, url);
    if let Some(t) = &probe.token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = vars.body(op.body, &probe.partner) {
        req = req.json(&b);
    }
    if let Body::Form(form) = op.body {
        req = req.header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(form);
    }
    let res = req.send().await.expect("request");
    let status = res.status();
    let json = res
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let text = res.text().await.expect("body");
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Answer { status, json: json && body.is_object(), body }
}

/// Every `METHOD path` of an OpenAPI document, with whether it declares a security requirement.
fn documented_operations(doc: &Value) -> BTreeMap<String, bool> {
    let mut ops = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().expect("openapi paths") {
        for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
            if let Some(operation) = item.get(method) {
                let secured = operation["security"].as_array().is_some_and(|s| !s.is_empty());
                ops.insert(format!("{} {path}", method.to_ascii_uppercase()), secured);
            }
        }
    }
    ops
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_documented_operation_answers_each_caller_as_the_table_says() {
    let started = Instant::now();
    let app = TestApp::spawn_with(|c| {
        c.login_max_failures = 1000;
        c.registrations_per_hour = 100_000;
        c.otp_sends_per_hour = 100_000;
    })
    .await;
    let mut failures: Vec<String> = Vec::new();

    // ---- the table against the document
    let res = app.client.get(app.url("/openapi.json")).send().await.expect("openapi request");
    assert_eq!(res.status(), StatusCode::OK);
    let documented = documented_operations(&res.json::<Value>().await.expect("openapi json"));
    let mut rows = BTreeSet::new();
    for op in TABLE {
        if !rows.insert(op.name()) {
            failures.push(format!("{}: the table has two rows for this operation", op.name()));
        }
        match documented.get(&op.name()) {
            None => failures.push(format!("{}: table row for an operation /openapi.json does not document", op.name())),
            Some(&secured) if secured == matches!(op.access, Access::Public) => failures.push(format!(
                "{}: /openapi.json says {} but the table says {}",
                op.name(),
                if secured { "a token is required" } else { "no token is required" },
                if secured { "public" } else { "a token is required" },
            )),
            Some(_) => {}
        }
    }
    for name in documented.keys().filter(|name| !rows.contains(*name)) {
        failures.push(format!("{name}: documented in /openapi.json but missing from the authorisation table"));
    }

    // ---- fixture: a group, a policy, one user per role, partners owned by the partner roles
    let admin = app.admin_token().await;
    let group_id = app.create_group(&admin, GROUP_NAME).await;
    let policy_id = app.create_policy(&admin, GROUP_NAME, "KYC", "Auth").await;
    let vars = Arc::new(Vars { base: app.base.clone(), group_id, group_name: GROUP_NAME.into(), policy_id });
    let mut callers = Vec::new();
    for &role in CALLERS {
        callers.push(caller(&app, username(role), role, own_partner_type(role)).await);
    }
    // The partner that belongs to someone else: owned by a user who makes no calls.
    let victim = caller(&app, VICTIM.into(), AUTH, Some("Auth_Partner")).await.partner.expect("victim partner");
    let low = app.user_with_roles("az-login", &[OTHER]).await;
    let (bad, control) = bad_tokens(&app, &low).await;
    let (status, body) = app.get("/v1/partnermanager/authorize/admin/validateToken", &control).await;
    if status != StatusCode::OK || body["response"]["userId"] != "admin" {
        failures.push(format!("a token minted by the test with the server's key is refused: {status} {body}"));
    }
    let setup = started.elapsed();

    // ---- probes
    let mut probes = Vec::new();
    for (i, op) in TABLE.iter().enumerate() {
        if !documented.contains_key(&op.name()) {
            continue;
        }
        let refused = if matches!(op.access, Access::Public) { Expect::Allowed } else { Expect::Unauthenticated };
        let anonymous = |caller: &str, token: Option<String>| Probe {
            op: i,
            caller: caller.to_string(),
            token,
            partner: victim.clone(),
            expect: refused,
        };
        probes.push(anonymous("no token", None));
        for (label, token) in &bad {
            probes.push(anonymous(label, Some(token.clone())));
        }
        for c in &callers {
            let (bypass, refusal) = match op.owner {
                Owner::No => (true, ""),
                Owner::Yes { bypass, refusal } => (bypass.contains(&c.role), refusal),
            };
            let who = |what: &str| format!("{} ({what})", c.role);
            let probe = |caller: String, partner: &str, expect: Expect| Probe {
                op: i,
                caller,
                token: Some(c.token.clone()),
                partner: partner.to_string(),
                expect,
            };
            if !op.allows(c.role) {
                probes.push(probe(who("role not allowed"), c.partner.as_deref().unwrap_or(&victim), Expect::Forbidden));
                continue;
            }
            let others = if bypass { Expect::Allowed } else { Expect::NotOwner(refusal) };
            match (&c.partner, op.owner) {
                (Some(own), Owner::Yes { .. }) => {
                    probes.push(probe(who("own partner"), own, Expect::Allowed));
                    probes.push(probe(who("another user's partner"), &victim, others));
                }
                (_, Owner::Yes { .. }) => probes.push(probe(who("another user's partner"), &victim, others)),
                // Rows that are not partner-scoped get another user's partner id, so a row that
                // checks ownership but is not marked `.owned(..)` fails too.
                (_, Owner::No) => probes.push(probe(who("role allowed"), &victim, Expect::Allowed)),
            }
        }
    }

    let total = probes.len();
    // Logout revokes the caller's tokens, so its probes run after every other.
    let (last, first): (Vec<Probe>, Vec<Probe>) = probes.into_iter().partition(|p| TABLE[p.op].path == LOGOUT);
    let mut answers = Vec::new();
    for batch in [first, last] {
        let limit = Arc::new(Semaphore::new(16));
        let mut running = JoinSet::new();
        for probe in batch {
            let (client, vars, limit) = (app.client.clone(), vars.clone(), limit.clone());
            running.spawn(async move {
                let _permit = limit.acquire_owned().await.expect("semaphore");
                let answer = send(client, vars, &probe).await;
                (probe, answer)
            });
        }
        answers.extend(running.join_all().await);
    }
    let mut server_errors = 0;
    for (probe, answer) in answers {
        if answer.status.is_server_error() {
            server_errors += 1;
        }
        if !answer.meets(probe.expect) {
            failures.push(format!(
                "{} as {}: expected {}, got {}",
                TABLE[probe.op].name(),
                probe.caller,
                probe.expect.describe(),
                answer.describe()
            ));
        }
    }
    eprintln!(
        "authorisation matrix: {} operations, {total} requests ({server_errors} server errors); setup {:.1?}, total {:.1?}",
        documented.len(),
        setup,
        started.elapsed()
    );
    failures.sort();
    assert!(failures.is_empty(), "{} authorisation mismatches:\n{}", failures.len(), failures.join("\n"));
}
