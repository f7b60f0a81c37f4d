//! Role codes. A role is any upper-case code; these are the ones PMS itself gives meaning to.

pub const PARTNER_ADMIN: &str = "PARTNER_ADMIN";
pub const POLICYMANAGER: &str = "POLICYMANAGER";
pub const AUTH_PARTNER: &str = "AUTH_PARTNER";
pub const CREDENTIAL_PARTNER: &str = "CREDENTIAL_PARTNER";
pub const DEVICE_PROVIDER: &str = "DEVICE_PROVIDER";
pub const FTM_PROVIDER: &str = "FTM_PROVIDER";
pub const ONLINE_VERIFICATION_PARTNER: &str = "ONLINE_VERIFICATION_PARTNER";
pub const MISP_PARTNER: &str = "MISP_PARTNER";
pub const ABIS_PARTNER: &str = "ABIS_PARTNER";
pub const MANUAL_ADJUDICATION: &str = "MANUAL_ADJUDICATION";
pub const SDK_PARTNER: &str = "SDK_PARTNER";

/// Roles that may manage policy groups and policies (either one is enough).
pub const POLICY_ADMINS: &[&str] = &[PARTNER_ADMIN, POLICYMANAGER];

/// Roles carried by partner organisations (one per self-registrable partner type).
pub const PARTNER_ROLES: &[&str] = &[
    AUTH_PARTNER,
    CREDENTIAL_PARTNER,
    DEVICE_PROVIDER,
    FTM_PROVIDER,
    ONLINE_VERIFICATION_PARTNER,
    MISP_PARTNER,
    ABIS_PARTNER,
    MANUAL_ADJUDICATION,
    SDK_PARTNER,
];

/// Roles the portal offers menus for, as MOSIP's `GET /roles` reports them.
pub const UI_ROLES: &[&str] =
    &[AUTH_PARTNER, DEVICE_PROVIDER, CREDENTIAL_PARTNER, FTM_PROVIDER, MISP_PARTNER, POLICYMANAGER, PARTNER_ADMIN];

/// `A-Z`, digits and `_`, starting with a letter, at most 64 characters.
pub fn is_valid_role_code(role: &str) -> bool {
    let mut chars = role.chars();
    matches!(chars.next(), Some('A'..='Z'))
        && role.len() <= 64
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

pub fn has_any(roles: &[String], wanted: &[&str]) -> bool {
    roles.iter().any(|r| wanted.contains(&r.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_codes() {
        for ok in ["PARTNER_ADMIN", "REGISTRATION_PROCESSOR", "RESIDENT", "A1"] {
            assert!(is_valid_role_code(ok), "{ok}");
        }
        for bad in ["", "partner_admin", "1ABC", "ROLE-X", "ROLE X", &"A".repeat(65)] {
            assert!(!is_valid_role_code(bad), "{bad}");
        }
    }

    #[test]
    fn has_any_role() {
        let roles = vec!["POLICYMANAGER".to_string()];
        assert!(has_any(&roles, POLICY_ADMINS));
        assert!(!has_any(&roles, &[PARTNER_ADMIN]));
    }
}
