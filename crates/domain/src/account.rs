//! Login accounts: whether a user may log in, and the rules that keep the platform administrable
//! (an administrator never locks themselves out, and one active Partner Admin always remains).

use crate::error::{self, PmsError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountStatus {
    Active,
    Deactivated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountAction {
    Deactivate,
    Activate,
}

impl AccountStatus {
    pub const ALL: [AccountStatus; 2] = [AccountStatus::Active, AccountStatus::Deactivated];

    pub fn of(is_active: bool) -> AccountStatus {
        if is_active {
            AccountStatus::Active
        } else {
            AccountStatus::Deactivated
        }
    }

    pub fn parse(s: &str) -> Option<AccountStatus> {
        match s.trim().to_ascii_lowercase().as_str() {
            "active" => Some(AccountStatus::Active),
            "deactivated" => Some(AccountStatus::Deactivated),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Active => "active",
            AccountStatus::Deactivated => "deactivated",
        }
    }

    pub fn is_active(self) -> bool {
        self == AccountStatus::Active
    }

    /// The state `action` leads to, or why it cannot be taken from this one.
    pub fn apply(self, action: AccountAction) -> Result<AccountStatus, PmsError> {
        match (self, action) {
            (AccountStatus::Active, AccountAction::Deactivate) => Ok(AccountStatus::Deactivated),
            (AccountStatus::Deactivated, AccountAction::Activate) => Ok(AccountStatus::Active),
            (AccountStatus::Deactivated, AccountAction::Deactivate) => Err(error::USER_ALREADY_DEACTIVATED.err()),
            (AccountStatus::Active, AccountAction::Activate) => Err(error::USER_ALREADY_ACTIVE.err()),
        }
    }
}

impl AccountAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountAction::Deactivate => "deactivate",
            AccountAction::Activate => "activate",
        }
    }
}

/// What a deactivation must respect, besides the state machine.
pub struct Deactivation<'a> {
    /// The user asking (a CLI operator is no user and never themselves the target).
    pub by: &'a str,
    pub target: &'a str,
    pub target_is_partner_admin: bool,
    /// Active Partner Admins other than the target.
    pub other_active_admins: u64,
}

/// Refuses deactivating oneself and the last active Partner Admin.
pub fn check_deactivation(d: &Deactivation<'_>) -> Result<(), PmsError> {
    if d.by.eq_ignore_ascii_case(d.target) {
        return Err(error::USER_SELF_DEACTIVATION.err());
    }
    if d.target_is_partner_admin && d.other_active_admins == 0 {
        return Err(error::USER_LAST_ADMIN.err());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lifecycle_moves_between_two_states() {
        use AccountAction::*;
        use AccountStatus::*;
        assert_eq!(Active.apply(Deactivate), Ok(Deactivated));
        assert_eq!(Deactivated.apply(Activate), Ok(Active));
        assert_eq!(Active.apply(Activate).unwrap_err().code, error::USER_ALREADY_ACTIVE.code);
        assert_eq!(Deactivated.apply(Deactivate).unwrap_err().code, error::USER_ALREADY_DEACTIVATED.code);
        for s in AccountStatus::ALL {
            assert_eq!(AccountStatus::parse(s.as_str()), Some(s));
            assert_eq!(AccountStatus::of(s.is_active()), s);
        }
    }

    #[test]
    fn nobody_deactivates_themselves_or_the_last_admin() {
        let d = |by, target, admin, others| Deactivation {
            by,
            target,
            target_is_partner_admin: admin,
            other_active_admins: others,
        };
        assert_eq!(check_deactivation(&d("admin", "Admin", true, 3)).unwrap_err().code, "PMS_USR_003");
        assert_eq!(check_deactivation(&d("cli:root", "admin", true, 0)).unwrap_err().code, "PMS_USR_004");
        assert!(check_deactivation(&d("cli:root", "admin", true, 1)).is_ok());
        assert!(check_deactivation(&d("admin", "partner1", false, 0)).is_ok());
    }
}
