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

/// A policy group is activated or deactivated; deactivation is guarded by its policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupState {
    Activated,
    Deactivated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupAction {
    Activate,
    Deactivate,
}

impl GroupState {
    pub const ALL: [GroupState; 2] = [GroupState::Activated, GroupState::Deactivated];

    pub fn from_active(is_active: bool) -> GroupState {
        if is_active {
            GroupState::Activated
        } else {
            GroupState::Deactivated
        }
    }

    pub fn is_active(self) -> bool {
        self == GroupState::Activated
    }

    /// The same status words as policies and partners use in lists and the audit trail.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupState::Activated => "activated",
            GroupState::Deactivated => "deactivated",
        }
    }
}

/// The one rule for a group's status, used by every endpoint that changes it (the revamp PATCH,
/// the legacy PUT with `isActive`, the portal). `policies` are the group's numbers of (active,
/// draft) policies, read in the transaction of the change. Activating an active group changes
/// nothing; deactivating an inactive one is refused.
pub fn group_transition(from: GroupState, action: GroupAction, policies: (u64, u64)) -> Result<GroupState, PmsError> {
    match (action, from) {
        (GroupAction::Activate, _) => Ok(GroupState::Activated),
        (GroupAction::Deactivate, GroupState::Deactivated) => Err(error::GROUP_ALREADY_DEACTIVATED.err()),
        (GroupAction::Deactivate, GroupState::Activated) => {
            group_deactivation_guard(policies.0, policies.1)?;
            Ok(GroupState::Deactivated)
        }
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

/// A policy name cut to the column's limit (on a character boundary), so that a generated name
/// such as a clone's "Copy of …" of a long name is still accepted.
pub fn bounded_name(name: &str) -> String {
    name.trim().chars().take(NAME_MAX).collect::<String>().trim_end().to_string()
}

/// The default name of a clone when none is given through the API (the portal offers the
/// same default in the user's language).
pub fn copy_name(source: &str) -> String {
    bounded_name(&format!("Copy of {source}"))
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
    fn group_state_machine_every_state_and_action() {
        use GroupAction as A;
        use GroupState as S;
        for from in S::ALL {
            for action in [A::Activate, A::Deactivate] {
                for policies in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                    let got = group_transition(from, action, policies).map_err(|e| e.code);
                    let want = match (action, from, policies) {
                        (A::Activate, _, _) => Ok(S::Activated),
                        (A::Deactivate, S::Deactivated, _) => Err("PMS_POL_067"),
                        (A::Deactivate, S::Activated, (0, 0)) => Ok(S::Deactivated),
                        (A::Deactivate, S::Activated, (1, 1)) => Err("PMS_POL_069"),
                        (A::Deactivate, S::Activated, (1, 0)) => Err("PMS_POL_056"),
                        (A::Deactivate, S::Activated, _) => Err("PMS_POL_070"),
                    };
                    assert_eq!(got, want, "{from:?} {action:?} {policies:?}");
                }
            }
        }
        assert_eq!(GroupState::from_active(true).as_str(), PolicyState::Activated.as_str());
        assert_eq!(GroupState::from_active(false).as_str(), PolicyState::Deactivated.as_str());
    }

    #[test]
    fn policy_guard_codes() {
        assert_eq!(policy_deactivation_guard(1, 1).unwrap_err().code, "PMS_POL_063");
        assert_eq!(policy_deactivation_guard(0, 1).unwrap_err().code, "PMS_POL_064");
        assert!(policy_deactivation_guard(0, 0).is_ok());
    }

    #[test]
    fn copy_names_stay_within_the_limit() {
        assert_eq!(copy_name("KYC"), "Copy of KYC");
        let long = "é".repeat(NAME_MAX);
        let copy = copy_name(&long);
        assert_eq!(copy.chars().count(), NAME_MAX);
        assert!(copy.starts_with("Copy of é"));
        assert_eq!(bounded_name("  a b  "), "a b");
    }
}
