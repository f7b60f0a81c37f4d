//! Policy groups and policies: types and lifecycles.

use crate::error::{self, PmsError};

pub const NAME_MAX: usize = 128;
pub const DESC_MAX: usize = 256;
pub const VERSION_MAX: usize = 8;
/// MOSIP's column held 5,120 characters; we store text, but keep a bound against abuse.
pub const POLICY_JSON_MAX: usize = 65_536;
/// MOSIP's "valid till" of a new policy: two hundred years ahead.
pub const VALIDITY_YEARS: i32 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyType {
    Auth,
    DataShare,
    CredentialIssuance,
    Misp,
}

impl PolicyType {
    pub const ALL: [PolicyType; 4] =
        [PolicyType::Auth, PolicyType::DataShare, PolicyType::CredentialIssuance, PolicyType::Misp];

    /// Case-insensitive, as MOSIP's `pmp.allowed.policy.types` check.
    pub fn parse(s: &str) -> Option<PolicyType> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auth" => Some(PolicyType::Auth),
            "datashare" => Some(PolicyType::DataShare),
            "credentialissuance" => Some(PolicyType::CredentialIssuance),
            "misp" => Some(PolicyType::Misp),
            _ => None,
        }
    }

    /// Canonical spelling stored in `auth_policy.policy_type`.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyType::Auth => "Auth",
            PolicyType::DataShare => "DataShare",
            PolicyType::CredentialIssuance => "CredentialIssuance",
            PolicyType::Misp => "MISP",
        }
    }

    /// URL written to `policy_schema` on publish (MOSIP's `pmp.policy.schema.url` per type).
    pub fn schema_url(self) -> &'static str {
        match self {
            PolicyType::Auth => "https://schemas.mosip.io/v1/auth-policy",
            PolicyType::DataShare | PolicyType::CredentialIssuance => "https://schemas.mosip.io/v1/data-share-policy",
            PolicyType::Misp => "https://schemas.mosip.io/v1/misp-policy",
        }
    }
}

/// Derived from `policy_schema` (NULL while draft) and `is_active`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyState {
    Draft,
    Activated,
    Deactivated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyAction {
    Update,
    Publish,
    Deactivate,
}

impl PolicyState {
    pub const ALL: [PolicyState; 3] = [PolicyState::Draft, PolicyState::Activated, PolicyState::Deactivated];

    pub fn from_row(published: bool, is_active: bool) -> PolicyState {
        match (published, is_active) {
            (false, _) => PolicyState::Draft,
            (true, true) => PolicyState::Activated,
            (true, false) => PolicyState::Deactivated,
        }
    }

    /// Revamp status word (`draft`, `activated`, `deactivated`).
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyState::Draft => "draft",
            PolicyState::Activated => "activated",
            PolicyState::Deactivated => "deactivated",
        }
    }

    pub fn parse(s: &str) -> Option<PolicyState> {
        match s.trim().to_ascii_lowercase().as_str() {
            "draft" => Some(PolicyState::Draft),
            "activated" | "active" | "published" => Some(PolicyState::Activated),
            "deactivated" | "inactive" => Some(PolicyState::Deactivated),
            _ => None,
        }
    }

    /// Legacy views show `PUBLISHED` / `DRAFTED` from `is_active` alone.
    pub fn legacy_status(is_active: bool) -> &'static str {
        if is_active {
            "PUBLISHED"
        } else {
            "DRAFTED"
        }
    }
}

pub fn transition(from: PolicyState, action: PolicyAction) -> Result<PolicyState, PmsError> {
    use PolicyAction as A;
    use PolicyState as S;
    match (action, from) {
        (A::Update, S::Draft) => Ok(S::Draft),
        (A::Update, S::Activated | S::Deactivated) => Err(error::POLICY_PUBLISHED_NO_UPDATE.err()),
        (A::Publish, S::Draft) => Ok(S::Activated),
        (A::Publish, S::Activated | S::Deactivated) => Err(error::POLICY_ALREADY_PUBLISHED.err()),
        (A::Deactivate, S::Activated) => Ok(S::Deactivated),
        (A::Deactivate, S::Draft) => Err(error::POLICY_NOT_ACTIVATED.err()),
        (A::Deactivate, S::Deactivated) => Err(error::POLICY_ALREADY_DEACTIVATED.err()),
    }
}

/// A policy group may be deactivated only when no policy in it is active or draft.
pub fn group_deactivation_guard(active_policies: u64, draft_policies: u64) -> Result<(), PmsError> {
    match (active_policies > 0, draft_policies > 0) {
        (true, true) => Err(error::GROUP_HAS_ACTIVE_AND_DRAFT_POLICIES.err()),
        (true, false) => Err(error::GROUP_HAS_ACTIVE_POLICIES.err()),
        (false, true) => Err(error::GROUP_HAS_DRAFT_POLICIES.err()),
        (false, false) => Ok(()),
    }
}

/// Policy deactivation guards on partner policy requests (MOSIP `PMS_POL_063` / `_064`).
pub fn policy_deactivation_guard(approved_requests: u64, pending_requests: u64) -> Result<(), PmsError> {
    if approved_requests > 0 {
        return Err(error::POLICY_HAS_APPROVED_REQUEST.err());
    }
    if pending_requests > 0 {
        return Err(error::POLICY_HAS_PENDING_REQUEST.err());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use PolicyAction as A;
    use PolicyState as S;

    #[test]
    fn every_state_and_action() {
        let table = [
            (S::Draft, A::Update, Ok(S::Draft)),
            (S::Draft, A::Publish, Ok(S::Activated)),
            (S::Draft, A::Deactivate, Err("PMS_POL_072")),
            (S::Activated, A::Update, Err("PMS_POL_055")),
            (S::Activated, A::Publish, Err("PMS_POL_020")),
            (S::Activated, A::Deactivate, Ok(S::Deactivated)),
            (S::Deactivated, A::Update, Err("PMS_POL_055")),
            (S::Deactivated, A::Publish, Err("PMS_POL_020")),
            (S::Deactivated, A::Deactivate, Err("PMS_POL_062")),
        ];
        assert_eq!(table.len(), S::ALL.len() * 3);
        for (from, action, want) in table {
            assert_eq!(transition(from, action).map_err(|e| e.code), want, "{from:?} --{action:?}-->");
        }
    }

    #[test]
    fn state_from_columns() {
        assert_eq!(S::from_row(false, false), S::Draft);
        assert_eq!(S::from_row(false, true), S::Draft);
        assert_eq!(S::from_row(true, true), S::Activated);
        assert_eq!(S::from_row(true, false), S::Deactivated);
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn policy_types_parse_case_insensitively() {
        assert_eq!(PolicyType::parse("auth"), Some(PolicyType::Auth));
        assert_eq!(PolicyType::parse("DATASHARE"), Some(PolicyType::DataShare));
        assert_eq!(PolicyType::parse("misp"), Some(PolicyType::Misp));
        assert_eq!(PolicyType::parse("kyc"), None);
        for t in PolicyType::ALL {
            assert_eq!(PolicyType::parse(t.as_str()), Some(t));
        }
    }

    #[test]
    fn group_guard_codes() {
        assert_eq!(group_deactivation_guard(1, 1).unwrap_err().code, "PMS_POL_069");
        assert_eq!(group_deactivation_guard(2, 0).unwrap_err().code, "PMS_POL_056");
        assert_eq!(group_deactivation_guard(0, 3).unwrap_err().code, "PMS_POL_070");
        assert!(group_deactivation_guard(0, 0).is_ok());
    }

    #[test]
    fn policy_guard_codes() {
        assert_eq!(policy_deactivation_guard(1, 1).unwrap_err().code, "PMS_POL_063");
        assert_eq!(policy_deactivation_guard(0, 1).unwrap_err().code, "PMS_POL_064");
        assert!(policy_deactivation_guard(0, 0).is_ok());
    }
}
