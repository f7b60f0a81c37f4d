//! OIDC clients of eSignet and MISP licences: their lifecycles, and the rules by which a client's
//! claims and authentication context references follow from its Auth policy (MOSIP §9.4).

use crate::error::{self, FieldRule, PmsError};
use serde_json::Value;
use std::collections::BTreeSet;

pub const CLIENT_NAME_MAX: usize = 256;
pub const URI_MAX: usize = 2048;
pub const REDIRECT_URIS_MAX: usize = 5;
pub const LIST_ITEMS_MAX: usize = 3;
/// Languages a client name may be given in (ISO 639-3 codes of three letters).
pub const NAME_LANGUAGES_MAX: usize = 32;

/// An OIDC client's `status`: deactivation is final (MOSIP: `PMS_ESI_008`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientStatus {
    Active,
    Inactive,
}

impl ClientStatus {
    pub const ALL: [ClientStatus; 2] = [ClientStatus::Active, ClientStatus::Inactive];

    pub fn as_str(self) -> &'static str {
        match self {
            ClientStatus::Active => "ACTIVE",
            ClientStatus::Inactive => "INACTIVE",
        }
    }

    /// MOSIP compares case-insensitively.
    pub fn parse(text: &str) -> Option<ClientStatus> {
        ClientStatus::ALL.into_iter().find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// What an update of a client does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientChange {
    /// Same status: the name, logo, redirect URIs, grant types and auth methods are replaced.
    Edit,
    /// ACTIVE → INACTIVE: only the status changes.
    Deactivate,
}

/// The client state machine (MOSIP §2.4).
pub fn change_client(from: ClientStatus, to: ClientStatus) -> Result<ClientChange, PmsError> {
    match (from, to) {
        (ClientStatus::Inactive, _) => Err(error::CLIENT_ALREADY_INACTIVE.err()),
        (ClientStatus::Active, ClientStatus::Active) => Ok(ClientChange::Edit),
        (ClientStatus::Active, ClientStatus::Inactive) => Ok(ClientChange::Deactivate),
    }
}

/// A MISP licence's status as `PUT /misps` spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LicenceStatus {
    Active,
    Inactive,
}

impl LicenceStatus {
    pub fn from_active(active: bool) -> LicenceStatus {
        if active {
            LicenceStatus::Active
        } else {
            LicenceStatus::Inactive
        }
    }

    /// `active` or `de-active`, case-insensitive; anything else is `PMS_MSP_407`.
    pub fn parse(text: &str) -> Result<LicenceStatus, PmsError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "active" => Ok(LicenceStatus::Active),
            "de-active" => Ok(LicenceStatus::Inactive),
            _ => Err(error::LICENCE_STATUS_INVALID.err()),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LicenceStatus::Active => "active",
            LicenceStatus::Inactive => "de-active",
        }
    }

    /// The status of `mispLicenseData` in events.
    pub fn event_status(self) -> &'static str {
        match self {
            LicenceStatus::Active => "ACTIVE",
            LicenceStatus::Inactive => "NOT_ACTIVE",
        }
    }
}

/// Which identity attributes each eSignet claim is made of (`identity-mapping.json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityMapping(Vec<(String, Vec<String>)>);

/// eSignet's AMRs (sets of factor types) and the ACRs made of them (`amr-acr-mapping.json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcrMapping {
    amr: Vec<(String, Vec<String>)>,
    acr_amr: Vec<(String, Vec<String>)>,
}

fn object<'a>(doc: &'a Value, path: &str) -> Result<&'a serde_json::Map<String, Value>, String> {
    doc.pointer(path).and_then(Value::as_object).ok_or_else(|| format!("no object at {path}"))
}

impl IdentityMapping {
    /// From `{"identity": {"<claim>": {"value": "attr1,attr2"}}}`.
    pub fn parse(doc: &Value) -> Result<IdentityMapping, String> {
        let claims = object(doc, "/identity")?
            .iter()
            .map(|(claim, entry)| {
                let values = entry.get("value").and_then(Value::as_str).unwrap_or_default();
                let values = values.split(',').map(|v| v.trim().to_lowercase()).filter(|v| !v.is_empty()).collect();
                (claim.clone(), values)
            })
            .collect();
        Ok(IdentityMapping(claims))
    }

    pub fn claims(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(c, _)| c.as_str())
    }
}

impl AcrMapping {
    /// From `{"amr": {"<amr>": [{"type": "OTP"}, …]}, "acr_amr": {"<acr>": ["<amr>", …]}}`.
    pub fn parse(doc: &Value) -> Result<AcrMapping, String> {
        let names = |v: &Value, key: Option<&str>| -> Vec<String> {
            v.as_array()
                .into_iter()
                .flatten()
                .filter_map(|item| match key {
                    Some(k) => item.get(k).and_then(Value::as_str),
                    None => item.as_str(),
                })
                .map(str::to_string)
                .collect()
        };
        let amr = object(doc, "/amr")?
            .iter()
            .map(|(k, v)| (k.clone(), names(v, Some("type")).into_iter().map(|t| t.to_lowercase()).collect()))
            .collect();
        let acr_amr = object(doc, "/acr_amr")?.iter().map(|(k, v)| (k.clone(), names(v, None))).collect();
        Ok(AcrMapping { amr, acr_amr })
    }
}

fn policy_items<'a>(policy: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    policy.get(key).and_then(Value::as_array).into_iter().flatten()
}

/// The claims a client of this Auth policy may ask for: every claim of the mapping made of an
/// allowed KYC attribute, among those eSignet supports (`None`: all). None is `PMS_ESI_005`.
pub fn client_claims(
    policy: &Value,
    mapping: &IdentityMapping,
    supported: Option<&[String]>,
) -> Result<Vec<String>, PmsError> {
    let attributes: BTreeSet<String> = policy_items(policy, "allowedKycAttributes")
        .filter_map(|a| a.get("attributeName").and_then(Value::as_str))
        .map(str::to_lowercase)
        .collect();
    let claims: Vec<String> = mapping
        .0
        .iter()
        .filter(|(claim, _)| supported.is_none_or(|s| s.iter().any(|c| c == claim)))
        .filter(|(_, values)| values.iter().any(|v| attributes.contains(v)))
        .map(|(claim, _)| claim.clone())
        .collect();
    if claims.is_empty() {
        return Err(error::CLIENT_NO_CLAIMS.err());
    }
    Ok(claims)
}

/// The ACRs a client of this Auth policy gets: those whose every AMR is made only of allowed auth
/// types. A mandatory auth type is `PMS_ESI_003` (IDA would demand it on every request, which a
/// relying party of eSignet cannot meet); no ACR is `PMS_ESI_006`.
pub fn client_acrs(policy: &Value, mapping: &AcrMapping) -> Result<Vec<String>, PmsError> {
    let auth_types: Vec<&Value> = policy_items(policy, "allowedAuthTypes").collect();
    if auth_types.iter().any(|a| a.get("mandatory").and_then(Value::as_bool) == Some(true)) {
        return Err(error::CLIENT_POLICY_MANDATORY_AUTHS.err());
    }
    let allowed: BTreeSet<String> =
        auth_types.iter().filter_map(|a| a.get("authType").and_then(Value::as_str)).map(str::to_lowercase).collect();
    let amr_met = |name: &str| {
        mapping
            .amr
            .iter()
            .find(|(amr, _)| amr == name)
            .is_some_and(|(_, factors)| !factors.is_empty() && factors.iter().all(|f| allowed.contains(f)))
    };
    let acrs: Vec<String> = mapping
        .acr_amr
        .iter()
        .filter(|(_, amrs)| !amrs.is_empty() && amrs.iter().all(|a| amr_met(a)))
        .map(|(acr, _)| acr.clone())
        .collect();
    if acrs.is_empty() {
        return Err(error::CLIENT_NO_ACRS.err());
    }
    Ok(acrs)
}

/// An absolute URI of at most [`URI_MAX`] characters with a scheme and no fragment (RFC 6749
/// §3.1.2); `web` also asks for http(s), as for a logo.
pub fn uri_ok(text: &str, web: bool) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    let web_ok = !web || (matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") && rest.starts_with("//"));
    text.chars().count() <= URI_MAX
        && scheme_ok
        && web_ok
        && rest.len() > 2
        && !text.contains('#')
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A list field of a client: 1..=`max` non-blank items, each in `allowed` when given; the first
/// fault is PMS_COR_001 on the field, or `refused` (eSignet's code) for an item not allowed.
pub fn client_list(
    field: &str,
    items: Option<&[String]>,
    max: usize,
    item_ok: &dyn Fn(&str) -> bool,
    refused: crate::error::Code,
) -> Result<Vec<String>, PmsError> {
    let items = items.unwrap_or_default();
    if items.is_empty() || items.len() > max {
        let rule = if items.is_empty() { FieldRule::Required } else { FieldRule::Invalid };
        return Err(PmsError::field_rule(field, &format!("size must be between 1 and {max}"), rule));
    }
    let mut seen = Vec::with_capacity(items.len());
    for item in items {
        let item = item.trim();
        if item.is_empty() {
            return Err(PmsError::field_rule(field, "must not be blank", FieldRule::Required));
        }
        if item.chars().count() > URI_MAX {
            return Err(PmsError::field_rule(
                field,
                &format!("items must be at most {URI_MAX}"),
                FieldRule::TooLong(URI_MAX),
            ));
        }
        if !item_ok(item) {
            return Err(refused.err().on(field, FieldRule::Invalid));
        }
        if !seen.iter().any(|s: &String| s == item) {
            seen.push(item.to_string());
        }
    }
    Ok(seen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_status_and_target_of_a_client() {
        use ClientStatus::*;
        assert_eq!(change_client(Active, Active), Ok(ClientChange::Edit));
        assert_eq!(change_client(Active, Inactive), Ok(ClientChange::Deactivate));
        for to in ClientStatus::ALL {
            assert_eq!(change_client(Inactive, to).map_err(|e| e.code), Err("PMS_ESI_008"));
        }
        assert_eq!(ClientStatus::parse(" inactive"), Some(Inactive));
        assert_eq!(ClientStatus::parse("deleted"), None);
    }

    #[test]
    fn licence_status_is_spelt_as_mosip_does() {
        assert_eq!(LicenceStatus::parse("De-Active"), Ok(LicenceStatus::Inactive));
        assert_eq!(LicenceStatus::parse("ACTIVE"), Ok(LicenceStatus::Active));
        assert_eq!(LicenceStatus::parse("inactive").map_err(|e| e.code), Err("PMS_MSP_407"));
        assert_eq!(LicenceStatus::from_active(false).event_status(), "NOT_ACTIVE");
    }

    fn mappings() -> (IdentityMapping, AcrMapping) {
        let identity = json!({ "identity": {
            "name": { "value": "fullName" },
            "email": { "value": "email" },
            "address": { "value": "addressLine1, city" },
            "picture": { "value": "face" }
        }});
        let acr = json!({
            "amr": { "PIN": [{ "type": "PIN" }], "OTP": [{ "type": "OTP" }], "L1-bio": [{ "type": "BIO", "count": 1 }] },
            "acr_amr": {
                "mosip:idp:acr:static-code": ["PIN"],
                "mosip:idp:acr:generated-code": ["OTP"],
                "mosip:idp:acr:biometrics": ["L1-bio"],
                "mosip:idp:acr:otp-and-bio": ["OTP", "L1-bio"]
            }
        });
        (IdentityMapping::parse(&identity).expect("identity"), AcrMapping::parse(&acr).expect("acr"))
    }

    #[test]
    fn claims_follow_the_kyc_attributes_case_insensitively() {
        let (identity, _) = mappings();
        let policy = json!({ "allowedKycAttributes": [{ "attributeName": "FULLNAME" }, { "attributeName": "city" }] });
        assert_eq!(client_claims(&policy, &identity, None), Ok(vec!["name".to_string(), "address".to_string()]));
        let supported = vec!["address".to_string()];
        assert_eq!(client_claims(&policy, &identity, Some(&supported)), Ok(vec!["address".to_string()]));
        let none = json!({ "allowedKycAttributes": [{ "attributeName": "gender" }] });
        assert_eq!(client_claims(&none, &identity, None).map_err(|e| e.code), Err("PMS_ESI_005"));
        assert_eq!(client_claims(&json!({}), &identity, None).map_err(|e| e.code), Err("PMS_ESI_005"));
    }

    #[test]
    fn acrs_need_every_factor_of_every_amr_and_no_mandatory_auth() {
        let (_, acr) = mappings();
        let auth = |types: &[(&str, bool)]| {
            let items: Vec<Value> = types.iter().map(|(t, m)| json!({ "authType": t, "mandatory": m })).collect();
            json!({ "allowedAuthTypes": items })
        };
        assert_eq!(client_acrs(&auth(&[("otp", false)]), &acr), Ok(vec!["mosip:idp:acr:generated-code".to_string()]));
        let both = client_acrs(&auth(&[("OTP", false), ("bio", false)]), &acr).expect("acrs");
        assert_eq!(both, ["mosip:idp:acr:generated-code", "mosip:idp:acr:biometrics", "mosip:idp:acr:otp-and-bio"]);
        assert_eq!(client_acrs(&auth(&[("demo", false)]), &acr).map_err(|e| e.code), Err("PMS_ESI_006"));
        assert_eq!(client_acrs(&auth(&[("otp", false), ("bio", true)]), &acr).map_err(|e| e.code), Err("PMS_ESI_003"));
    }

    #[test]
    fn uris_and_lists() {
        assert!(uri_ok("https://rp.example/cb", false));
        assert!(uri_ok("io.example.app:/callback", false));
        assert!(!uri_ok("io.example.app:/callback", true));
        assert!(!uri_ok("https://rp.example/cb#frag", false));
        assert!(!uri_ok("not a uri", false));
        assert!(!uri_ok("https://", true));
        assert!(!uri_ok(&format!("https://rp.example/{}", "a".repeat(URI_MAX)), false));
        let allowed = |s: &str| s == "authorization_code";
        let code = error::CLIENT_GRANT_TYPE_INVALID;
        let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            client_list("grantTypes", Some(&list(&["authorization_code", " authorization_code"])), 3, &allowed, code),
            Ok(list(&["authorization_code"]))
        );
        assert_eq!(client_list("grantTypes", Some(&[]), 3, &allowed, code).map_err(|e| e.code), Err("PMS_COR_001"));
        assert_eq!(client_list("grantTypes", None, 3, &allowed, code).map_err(|e| e.code), Err("PMS_COR_001"));
        let four = list(&["a", "b", "c", "d"]);
        assert_eq!(client_list("grantTypes", Some(&four), 3, &allowed, code).map_err(|e| e.code), Err("PMS_COR_001"));
        let refused = client_list("grantTypes", Some(&list(&["implicit"])), 3, &allowed, code).expect_err("refused");
        assert_eq!((refused.code, refused.field.map(|f| f.name)), ("invalid_grant_type", Some("grantTypes".into())));
    }
}
