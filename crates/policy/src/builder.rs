//! The policy builder: a form of checkboxes, selects and text fields that maps to exactly one
//! policy document, and back.
//!
//! The form is applied onto a base document (the JSON tab's current text) so that what the form
//! cannot express (attribute filters and formats, custom data-share settings, unknown keys) is
//! kept as it was; items keep the order they have in the base, new ones follow in form order.

use pms_domain::policy::PolicyType;
use serde_json::{json, Map, Value};

/// Authentication types offered as checkboxes: form key, `authType`, `authSubType`.
pub const AUTH_TYPES: &[(&str, &str, &str)] = &[
    ("otp", "otp", ""),
    ("demo", "demo", ""),
    ("bio:FINGER", "bio", "FINGER"),
    ("bio:IRIS", "bio", "IRIS"),
    ("bio:FACE", "bio", "FACE"),
    ("kyc", "kyc", ""),
];

/// Identity attributes offered for e-KYC and for sharing (MOSIP's default identity schema).
pub const ATTRIBUTES: &[&str] = &[
    "fullName",
    "dateOfBirth",
    "gender",
    "phone",
    "email",
    "addressLine1",
    "addressLine2",
    "addressLine3",
    "region",
    "province",
    "city",
    "zone",
    "postalCode",
    "residenceStatus",
    "preferredLang",
    "photo",
    "face",
    "finger",
    "iris",
];

/// e-KYC languages offered (ISO 639-3, as MOSIP's `kycLanguages`).
pub const LANGUAGES: &[&str] = &["eng", "fra", "ara", "spa", "por", "hin", "kan", "tam"];

/// `authTokenType` values, as the schema enumerates them.
pub const TOKEN_TYPES: &[&str] = &["random", "partner", "policy"];

/// Data-share settings: field name and whether the schema requires it.
pub const SHARE_FIELDS: &[(&str, bool)] = &[
    ("typeOfShare", true),
    ("validForInMinutes", true),
    ("transactionsAllowed", true),
    ("encryptionType", true),
    ("shareDomain", true),
    ("source", true),
    ("protocol", false),
];

pub const SHARE_TYPES: &[&str] = &["Data Share", "direct"];
pub const ENCRYPTION_TYPES: &[&str] = &["Partner Based", "none"];

/// MISP delegation flags and whether the schema requires them.
pub const MISP_FLAGS: &[(&str, bool)] = &[
    ("allowAuthRequestDelegation", true),
    ("allowKycRequestDelegation", true),
    ("allowKeyBindingDelegation", true),
    ("trustBindedAuthVerificationToken", false),
    ("allowVciRequestDelegation", false),
];

/// Form field names (each checkbox or multi-select sends one pair per chosen value).
pub mod field {
    pub const TOKEN_TYPE: &str = "authTokenType";
    pub const AUTH_TYPE: &str = "authType";
    pub const MANDATORY: &str = "mandatory";
    pub const KYC_ATTRIBUTE: &str = "kycAttribute";
    pub const LANGUAGE: &str = "kycLanguage";
    pub const SHAREABLE: &str = "shareableAttribute";
    pub const ENCRYPTED: &str = "encrypted";
    pub const MISP_FLAG: &str = "mispFlag";
}

/// What the builder form holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Builder {
    pub token_type: String,
    /// Chosen authentication types, by form key (`otp`, `bio:FINGER` …).
    pub auth_types: Vec<String>,
    /// Form keys of the chosen types that are mandatory.
    pub mandatory: Vec<String>,
    pub kyc_attributes: Vec<String>,
    pub languages: Vec<String>,
    /// Data-share settings, one per `SHARE_FIELDS` entry that was sent.
    pub share: Vec<(String, String)>,
    pub shareable: Vec<String>,
    /// Shareable attributes sent encrypted.
    pub encrypted: Vec<String>,
    pub misp_flags: Vec<String>,
}

/// The form key of an `allowedAuthTypes` item.
pub fn auth_key(auth_type: &str, sub_type: &str) -> String {
    if sub_type.is_empty() {
        auth_type.to_string()
    } else {
        format!("{auth_type}:{sub_type}")
    }
}

fn item_auth_key(item: &Value) -> Option<String> {
    let t = item.get("authType")?.as_str()?;
    Some(auth_key(t, item.get("authSubType").and_then(Value::as_str).unwrap_or_default()))
}

fn attribute_name(item: &Value) -> Option<String> {
    item.get("attributeName")?.as_str().map(str::to_string)
}

fn strings(v: Option<&Value>, f: impl Fn(&Value) -> Option<String>) -> Vec<String> {
    v.and_then(Value::as_array).into_iter().flatten().filter_map(f).collect()
}

fn push_unique(list: &mut Vec<String>, value: &str) {
    let value = value.trim();
    if !value.is_empty() && !list.iter().any(|v| v == value) {
        list.push(value.to_string());
    }
}

impl Builder {
    /// Reads the builder's fields out of a posted form; other fields are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Builder {
        let mut b = Builder::default();
        for (name, value) in pairs {
            match name {
                field::TOKEN_TYPE => b.token_type = value.trim().to_string(),
                field::AUTH_TYPE => push_unique(&mut b.auth_types, value),
                field::MANDATORY => push_unique(&mut b.mandatory, value),
                field::KYC_ATTRIBUTE => push_unique(&mut b.kyc_attributes, value),
                field::LANGUAGE => push_unique(&mut b.languages, value),
                field::SHAREABLE => push_unique(&mut b.shareable, value),
                field::ENCRYPTED => push_unique(&mut b.encrypted, value),
                field::MISP_FLAG => push_unique(&mut b.misp_flags, value),
                other => {
                    if SHARE_FIELDS.iter().any(|(f, _)| *f == other) && b.share_value(other).is_none() {
                        b.share.push((other.to_string(), value.trim().to_string()));
                    }
                }
            }
        }
        b
    }

    /// A data-share setting as sent.
    pub fn share_value(&self, name: &str) -> Option<&str> {
        self.share.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// What the form says about a document of this type.
    pub fn from_document(policy_type: PolicyType, doc: &Value) -> Builder {
        let mut b = Builder::default();
        match policy_type {
            PolicyType::Auth => {
                b.token_type = doc.get("authTokenType").and_then(Value::as_str).unwrap_or_default().to_string();
                for item in doc.get("allowedAuthTypes").and_then(Value::as_array).into_iter().flatten() {
                    let Some(key) = item_auth_key(item) else { continue };
                    if item.get("mandatory").and_then(Value::as_bool) == Some(true) {
                        push_unique(&mut b.mandatory, &key);
                    }
                    push_unique(&mut b.auth_types, &key);
                }
                b.kyc_attributes = strings(doc.get("allowedKycAttributes"), attribute_name);
                b.languages = strings(doc.get("kycLanguages"), |v| v.as_str().map(str::to_string));
            }
            PolicyType::DataShare | PolicyType::CredentialIssuance => {
                let settings = doc.get("dataSharePolicies");
                for (name, _) in SHARE_FIELDS {
                    if let Some(v) = settings.and_then(|s| s.get(*name)).and_then(Value::as_str) {
                        b.share.push((name.to_string(), v.to_string()));
                    }
                }
                for item in doc.get("shareableAttributes").and_then(Value::as_array).into_iter().flatten() {
                    let Some(name) = attribute_name(item) else { continue };
                    if item.get("encrypted").and_then(Value::as_bool) == Some(true) {
                        push_unique(&mut b.encrypted, &name);
                    }
                    push_unique(&mut b.shareable, &name);
                }
            }
            PolicyType::Misp => {
                for (name, _) in MISP_FLAGS {
                    if doc.get(*name).and_then(Value::as_bool) == Some(true) {
                        b.misp_flags.push(name.to_string());
                    }
                }
            }
        }
        b
    }

    /// The document this form describes, applied onto `base` (see the module comment).
    pub fn to_document(&self, policy_type: PolicyType, base: Option<&Value>) -> Value {
        let mut doc = match base {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        match policy_type {
            PolicyType::Auth => self.auth_document(&mut doc),
            PolicyType::DataShare | PolicyType::CredentialIssuance => self.share_document(&mut doc),
            PolicyType::Misp => {
                for (name, required) in MISP_FLAGS {
                    let on = self.misp_flags.iter().any(|f| f == name);
                    if on || *required || doc.contains_key(*name) {
                        doc.insert(name.to_string(), Value::Bool(on));
                    }
                }
            }
        }
        Value::Object(doc)
    }

    fn auth_document(&self, doc: &mut Map<String, Value>) {
        let token = Value::String(self.token_type.clone());
        if self.token_type.is_empty() {
            doc.shift_remove("authTokenType");
        } else if doc.contains_key("authTokenType") {
            doc.insert("authTokenType".into(), token);
        } else {
            // Where the schema and the examples have it, so that clearing and choosing it again
            // does not move it.
            let rest = std::mem::take(doc);
            doc.insert("authTokenType".into(), token);
            doc.extend(rest);
        }
        let base_types = doc.get("allowedAuthTypes").and_then(Value::as_array).cloned().unwrap_or_default();
        let items = ordered(&self.auth_types, &base_types, item_auth_key)
            .into_iter()
            .map(|(key, base)| {
                let mandatory = Value::Bool(self.mandatory.contains(&key));
                match base {
                    Some(Value::Object(mut item)) => {
                        item.insert("mandatory".into(), mandatory);
                        Value::Object(item)
                    }
                    _ => {
                        let (t, sub) = key.split_once(':').unwrap_or((key.as_str(), ""));
                        json!({ "authType": t, "authSubType": sub, "mandatory": mandatory })
                    }
                }
            })
            .collect();
        doc.insert("allowedAuthTypes".into(), Value::Array(items));
        let base_kyc = doc.get("allowedKycAttributes").and_then(Value::as_array).cloned().unwrap_or_default();
        let kyc = ordered(&self.kyc_attributes, &base_kyc, attribute_name)
            .into_iter()
            .map(|(name, base)| base.unwrap_or_else(|| json!({ "attributeName": name })))
            .collect();
        doc.insert("allowedKycAttributes".into(), Value::Array(kyc));
        let base_langs = doc.get("kycLanguages").and_then(Value::as_array).cloned().unwrap_or_default();
        if self.languages.is_empty() && !doc.contains_key("kycLanguages") {
            return;
        }
        let langs = ordered(&self.languages, &base_langs, |v| v.as_str().map(str::to_string))
            .into_iter()
            .map(|(lang, _)| Value::String(lang))
            .collect();
        doc.insert("kycLanguages".into(), Value::Array(langs));
    }

    fn share_document(&self, doc: &mut Map<String, Value>) {
        let mut settings = match doc.get("dataSharePolicies") {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        for (name, required) in SHARE_FIELDS {
            let value = self.share_value(name).unwrap_or_default();
            if value.is_empty() && !required {
                settings.shift_remove(*name);
            } else {
                settings.insert(name.to_string(), Value::String(value.to_string()));
            }
        }
        doc.insert("dataSharePolicies".into(), Value::Object(settings));
        let base = doc.get("shareableAttributes").and_then(Value::as_array).cloned().unwrap_or_default();
        let items = ordered(&self.shareable, &base, attribute_name)
            .into_iter()
            .map(|(name, base)| {
                let encrypted = Value::Bool(self.encrypted.contains(&name));
                match base {
                    Some(Value::Object(mut item)) => {
                        item.insert("encrypted".into(), encrypted);
                        Value::Object(item)
                    }
                    _ => json!({ "attributeName": name, "source": [{ "attribute": name }], "encrypted": encrypted }),
                }
            })
            .collect();
        doc.insert("shareableAttributes".into(), Value::Array(items));
    }

    /// Whether the builder shows everything this document says, so that editing it there loses
    /// nothing a reader would notice (otherwise the portal opens the JSON tab).
    pub fn represents(policy_type: PolicyType, doc: &Value) -> bool {
        doc.is_object() && Builder::from_document(policy_type, doc).to_document(policy_type, Some(doc)) == *doc
    }
}

/// The chosen keys with their base item: first those the base has, in its order, then the new
/// ones in the order chosen.
fn ordered(chosen: &[String], base: &[Value], key: impl Fn(&Value) -> Option<String>) -> Vec<(String, Option<Value>)> {
    let mut out: Vec<(String, Option<Value>)> = Vec::new();
    for item in base {
        if let Some(k) = key(item) {
            if chosen.contains(&k) && !out.iter().any(|(o, _)| *o == k) {
                out.push((k, Some(item.clone())));
            }
        }
    }
    for k in chosen {
        if !out.iter().any(|(o, _)| o == k) {
            out.push((k.clone(), None));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{example, validate};

    fn pairs(list: &[(&'static str, &'static str)]) -> Builder {
        Builder::from_pairs(list.iter().copied())
    }

    #[test]
    fn an_auth_form_makes_a_valid_document() {
        let b = pairs(&[
            ("authTokenType", "partner"),
            ("authType", "otp"),
            ("authType", "bio:FINGER"),
            ("mandatory", "bio:FINGER"),
            ("kycAttribute", "fullName"),
            ("kycAttribute", "photo"),
            ("kycLanguage", "eng"),
            ("name", "ignored"),
        ]);
        let doc = b.to_document(PolicyType::Auth, None);
        assert_eq!(
            doc,
            json!({
                "authTokenType": "partner",
                "allowedAuthTypes": [
                    { "authType": "otp", "authSubType": "", "mandatory": false },
                    { "authType": "bio", "authSubType": "FINGER", "mandatory": true }
                ],
                "allowedKycAttributes": [{ "attributeName": "fullName" }, { "attributeName": "photo" }],
                "kycLanguages": ["eng"]
            })
        );
        assert_eq!(validate(PolicyType::Auth, &doc), Ok(()));
        assert_eq!(Builder::from_document(PolicyType::Auth, &doc), b);
    }

    #[test]
    fn examples_round_trip_through_the_builder() {
        for t in PolicyType::ALL {
            let doc = example(t);
            assert!(Builder::represents(t, &doc), "{t:?}");
            if matches!(t, PolicyType::Auth | PolicyType::Misp) {
                let form = Builder::from_document(t, &doc);
                assert_eq!(form.to_document(t, None), doc, "{t:?} without a base");
            }
        }
    }

    #[test]
    fn the_base_keeps_what_the_form_cannot_say() {
        let base = example(PolicyType::DataShare);
        let mut b = Builder::from_document(PolicyType::DataShare, &base);
        b.encrypted.push("fullName".into());
        b.shareable.push("email".into());
        let doc = b.to_document(PolicyType::DataShare, Some(&base));
        assert_eq!(doc["shareableAttributes"][0]["source"][0]["filter"], json!([{ "language": "eng" }]));
        assert_eq!(doc["shareableAttributes"][0]["encrypted"], json!(true));
        assert_eq!(doc["shareableAttributes"][1]["format"], json!("YYYY"));
        assert_eq!(
            doc["shareableAttributes"][2],
            json!({ "attributeName": "email", "source": [{ "attribute": "email" }], "encrypted": false })
        );
        assert_eq!(validate(PolicyType::DataShare, &doc), Ok(()));
    }

    #[test]
    fn unchecking_removes_and_order_follows_the_base() {
        let base = example(PolicyType::Auth);
        let b = pairs(&[("authTokenType", "random"), ("authType", "kyc"), ("authType", "otp"), ("mandatory", "otp")]);
        let doc = b.to_document(PolicyType::Auth, Some(&base));
        let keys: Vec<_> = doc["allowedAuthTypes"].as_array().unwrap().iter().filter_map(item_auth_key).collect();
        assert_eq!(keys, ["otp", "kyc"]);
        assert_eq!(doc["allowedAuthTypes"][0]["mandatory"], json!(true));
        assert_eq!(doc["allowedKycAttributes"], json!([]));
        assert_eq!(doc["kycLanguages"], json!([]));
        let mut cleared = b.clone();
        cleared.token_type.clear();
        let without = cleared.to_document(PolicyType::Auth, Some(&doc));
        let again = b.to_document(PolicyType::Auth, Some(&without));
        assert_eq!(again.as_object().unwrap().keys().next().map(String::as_str), Some("authTokenType"));
    }

    #[test]
    fn empty_and_unknown_values_reach_the_schema() {
        let doc = pairs(&[("authType", "otp")]).to_document(PolicyType::Auth, None);
        assert!(doc.get("authTokenType").is_none());
        let paths: Vec<_> = validate(PolicyType::Auth, &doc).unwrap_err().into_iter().map(|v| v.path).collect();
        assert_eq!(paths, ["authTokenType"]);
        let doc = pairs(&[("typeOfShare", "direct")]).to_document(PolicyType::DataShare, None);
        assert_eq!(doc["dataSharePolicies"]["validForInMinutes"], json!(""));
        assert!(doc["dataSharePolicies"].get("protocol").is_none());
        assert!(validate(PolicyType::DataShare, &doc).is_err());
    }

    #[test]
    fn unknown_auth_types_of_a_document_are_kept() {
        let doc = json!({
            "authTokenType": "policy",
            "allowedAuthTypes": [{ "authType": "otp-request", "mandatory": true }],
            "allowedKycAttributes": []
        });
        let b = Builder::from_document(PolicyType::Auth, &doc);
        assert_eq!(b.auth_types, ["otp-request"]);
        assert!(Builder::represents(PolicyType::Auth, &doc));
        let not_shown = json!({ "authTokenType": "policy", "allowedAuthTypes": [{ "authType": "otp", "mandatory": true, "x": 1 }, "odd"], "allowedKycAttributes": [] });
        assert!(!Builder::represents(PolicyType::Auth, &not_shown));
    }

    #[test]
    fn misp_flags() {
        let doc = pairs(&[("mispFlag", "allowKycRequestDelegation")]).to_document(PolicyType::Misp, None);
        assert_eq!(
            doc,
            json!({ "allowAuthRequestDelegation": false, "allowKycRequestDelegation": true, "allowKeyBindingDelegation": false })
        );
        assert_eq!(validate(PolicyType::Misp, &doc), Ok(()));
    }
}
