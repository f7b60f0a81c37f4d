//! Policy documents are validated against JSON Schemas bundled in the binary (draft-04, as MOSIP's),
//! and every violation is reported with MOSIP's `PMS_PV_00x` code and the JSON path it concerns.

pub mod builder;
pub mod diff;
pub mod locate;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, Validator};
use pms_domain::error;
use pms_domain::policy::PolicyType;
use pms_domain::PmsError;
use serde_json::Value;
use std::sync::LazyLock;

const AUTH: &str = include_str!("../schemas/auth-policy.json");
const DATA_SHARE: &str = include_str!("../schemas/data-share-policy.json");
const MISP: &str = include_str!("../schemas/misp-policy.json");

struct Compiled {
    schema: Value,
    validator: Validator,
}

fn compile(text: &str) -> Compiled {
    // The bundled schemas are part of the binary; a broken one is a build defect caught by tests.
    let schema: Value = serde_json::from_str(text).expect("bundled policy schema is JSON");
    let validator =
        jsonschema::options().with_draft(Draft::Draft4).build(&schema).expect("bundled policy schema compiles");
    Compiled { schema, validator }
}

static SCHEMAS: LazyLock<[Compiled; 3]> = LazyLock::new(|| [compile(AUTH), compile(DATA_SHARE), compile(MISP)]);

fn compiled(policy_type: PolicyType) -> &'static Compiled {
    let index = match policy_type {
        PolicyType::Auth => 0,
        PolicyType::DataShare | PolicyType::CredentialIssuance => 1,
        PolicyType::Misp => 2,
    };
    &SCHEMAS[index]
}

/// The JSON Schema a policy of this type must satisfy.
pub fn schema(policy_type: PolicyType) -> &'static Value {
    &compiled(policy_type).schema
}

/// One schema violation: where it is (JSON pointer without the leading `/`) and the MOSIP error;
/// for an unknown key, the known key it probably misspells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub path: String,
    pub error: PmsError,
    pub suggestion: Option<String>,
}

fn join(pointer: &str, name: &str) -> String {
    let base = pointer.trim_start_matches('/');
    if base.is_empty() {
        name.to_string()
    } else {
        format!("{base}/{name}")
    }
}

fn type_name(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(t) => t.to_string(),
        TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect::<Vec<_>>().join("|"),
    }
}

/// Validates a policy document; returns every violation found, in schema order.
pub fn validate(policy_type: PolicyType, policy: &Value) -> Result<(), Vec<Violation>> {
    let violations: Vec<Violation> = compiled(policy_type)
        .validator
        .iter_errors(policy)
        .flat_map(|e| {
            let pointer = e.instance_path().as_str().to_string();
            let at = pointer.trim_start_matches('/').to_string();
            match e.kind() {
                ValidationErrorKind::Required { property } => {
                    let name = property.as_str().map(str::to_string).unwrap_or_else(|| property.to_string());
                    let path = join(&pointer, &name);
                    vec![Violation { error: error::PV_MISSING_PARAMETER.fill(&[&path]), path, suggestion: None }]
                }
                ValidationErrorKind::AdditionalProperties { unexpected } => unexpected
                    .iter()
                    .map(|name| {
                        let path = join(&pointer, name);
                        let suggestion = locate::did_you_mean(policy_type, &path);
                        Violation { error: error::PV_INVALID_PARAMETER.fill(&[&path]), path, suggestion }
                    })
                    .collect(),
                ValidationErrorKind::Enum { .. } => {
                    vec![Violation { error: error::PV_INVALID_PARAMETER.fill(&[&at]), path: at, suggestion: None }]
                }
                ValidationErrorKind::Type { kind } => {
                    let expected = join(&pointer, &type_name(kind));
                    vec![Violation { error: error::PV_FORMAT.fill(&[&expected]), path: at, suggestion: None }]
                }
                ValidationErrorKind::MinItems { .. } => {
                    vec![Violation { error: error::PV_EMPTY_ARRAY.fill(&[&at]), path: at, suggestion: None }]
                }
                ValidationErrorKind::MinLength { .. } => {
                    vec![Violation { error: error::PV_EMPTY_STRING.fill(&[&at]), path: at, suggestion: None }]
                }
                _ => vec![Violation {
                    error: error::PV_VALIDATION_FAILED.with(format!(" at {at}")),
                    path: at,
                    suggestion: None,
                }],
            }
        })
        .collect::<Vec<_>>();
    if violations.is_empty() {
        return Ok(());
    }
    // A misspelt key is both unwanted and missing; the unwanted one is the cause, so it comes first.
    let mut violations = violations;
    violations.sort_by_key(|v| v.error.code != error::PV_INVALID_PARAMETER.code);
    Err(violations)
}

/// Sample documents that satisfy each schema; used by the portal's "start from an example".
pub fn example(policy_type: PolicyType) -> Value {
    let text = match policy_type {
        PolicyType::Auth => include_str!("../examples/auth-policy.json"),
        PolicyType::DataShare | PolicyType::CredentialIssuance => include_str!("../examples/data-share-policy.json"),
        PolicyType::Misp => include_str!("../examples/misp-policy.json"),
    };
    serde_json::from_str(text).expect("bundled example is JSON")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn first(policy_type: PolicyType, v: Value) -> (String, &'static str, String) {
        let errs = validate(policy_type, &v).unwrap_err();
        let e = &errs[0];
        (e.path.clone(), e.error.code, e.error.message.clone())
    }

    #[test]
    fn examples_are_valid() {
        for t in PolicyType::ALL {
            assert_eq!(validate(t, &example(t)), Ok(()), "{t:?}");
        }
    }

    #[test]
    fn missing_required_names_the_path() {
        let mut p = example(PolicyType::Auth);
        p.as_object_mut().unwrap().remove("authTokenType");
        assert_eq!(
            first(PolicyType::Auth, p),
            ("authTokenType".into(), "PMS_PV_006", "Missing input parameter - authTokenType in policy data".into())
        );
        let mut p = example(PolicyType::Auth);
        p["allowedAuthTypes"][1].as_object_mut().unwrap().remove("mandatory");
        let (path, code, _) = first(PolicyType::Auth, p);
        assert_eq!((path.as_str(), code), ("allowedAuthTypes/1/mandatory", "PMS_PV_006"));
    }

    #[test]
    fn wrong_spelling_of_kyc_attributes_is_rejected() {
        let mut p = example(PolicyType::Auth);
        let kyc = p.as_object_mut().unwrap().remove("allowedKycAttributes").unwrap();
        p["allowedKYCAttributes"] = kyc;
        let errs = validate(PolicyType::Auth, &p).unwrap_err();
        let codes: Vec<_> = errs.iter().map(|e| (e.path.as_str(), e.error.code)).collect();
        assert_eq!(codes[0], ("allowedKYCAttributes", "PMS_PV_005"), "the cause comes first");
        assert_eq!(errs[0].suggestion.as_deref(), Some("allowedKycAttributes"));
        assert!(codes.contains(&("allowedKycAttributes", "PMS_PV_006")), "{codes:?}");
    }

    #[test]
    fn type_enum_and_emptiness() {
        let mut p = example(PolicyType::Auth);
        p["allowedAuthTypes"][0]["mandatory"] = json!("no");
        assert_eq!(
            first(PolicyType::Auth, p),
            (
                "allowedAuthTypes/0/mandatory".into(),
                "PMS_PV_007",
                "Format Error: Expected format is allowedAuthTypes/0/mandatory/boolean.".into()
            )
        );
        let mut p = example(PolicyType::Auth);
        p["authTokenType"] = json!("session");
        assert_eq!(first(PolicyType::Auth, p).1, "PMS_PV_005");
        let mut p = example(PolicyType::Auth);
        p["allowedAuthTypes"] = json!([]);
        assert_eq!(
            first(PolicyType::Auth, p),
            ("allowedAuthTypes".into(), "PMS_PV_008", "Empty array is not allowed in allowedAuthTypes.".into())
        );
        let mut p = example(PolicyType::DataShare);
        p["shareableAttributes"][0]["attributeName"] = json!("");
        assert_eq!(first(PolicyType::DataShare, p).1, "PMS_PV_009");
    }

    #[test]
    fn extra_keys_inside_items_are_rejected() {
        let mut p = example(PolicyType::Auth);
        p["allowedKycAttributes"][0]["required"] = json!(true);
        assert_eq!(first(PolicyType::Auth, p).0, "allowedKycAttributes/0/required");
    }

    #[test]
    fn data_share_and_misp_rules() {
        let mut p = example(PolicyType::DataShare);
        p["dataSharePolicies"]["encryptionType"] = json!("AES");
        assert_eq!(first(PolicyType::DataShare, p).0, "dataSharePolicies/encryptionType");
        let mut p = example(PolicyType::DataShare);
        p["dataSharePolicies"]["custom"] = json!("allowed");
        assert_eq!(validate(PolicyType::DataShare, &p), Ok(()));
        assert_eq!(first(PolicyType::Misp, json!({"allowAuthRequestDelegation": true})).1, "PMS_PV_006");
        assert_eq!(first(PolicyType::CredentialIssuance, json!({})).1, "PMS_PV_006");
    }

    #[test]
    fn top_level_must_be_an_object() {
        assert_eq!(first(PolicyType::Misp, json!([1])).2, "Format Error: Expected format is object.");
    }
}
