//! The partner lifecycle as an explicit state machine.
//!
//! Stored as MOSIP's two columns (`approval_status`, `is_active`); `Deactivated` is "approved but
//! inactive", exactly as MOSIP represents it, so data stays readable by MOSIP tooling.

use crate::error::{self, PmsError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartnerStatus {
    /// Registered, waiting for its own certificate upload (MOSIP's flow, `on-certificate` mode).
    InProgress,
    /// Registered and e-mail verified, waiting for the Partner Admin (the default flow).
    PendingApproval,
    Approved,
    Rejected,
    Deactivated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartnerAction {
    Approve,
    Reject,
    Deactivate,
    Reactivate,
    /// The partner's certificate upload succeeded.
    CertificateAccepted,
}

/// How a registered partner becomes approved (`PMS_PARTNER_APPROVAL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApprovalMode {
    /// The Partner Admin approves or rejects every verified registration.
    Admin,
    /// MOSIP's behaviour: the partner's own successful certificate upload approves it.
    OnCertificate,
}

impl ApprovalMode {
    pub fn parse(s: &str) -> Option<ApprovalMode> {
        match s.trim().to_ascii_lowercase().as_str() {
            "admin" => Some(ApprovalMode::Admin),
            "on-certificate" | "on_certificate" | "certificate" => Some(ApprovalMode::OnCertificate),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalMode::Admin => "admin",
            ApprovalMode::OnCertificate => "on-certificate",
        }
    }

    /// Status of a partner right after registration.
    pub fn initial_status(self) -> PartnerStatus {
        match self {
            ApprovalMode::Admin => PartnerStatus::PendingApproval,
            ApprovalMode::OnCertificate => PartnerStatus::InProgress,
        }
    }
}

impl PartnerStatus {
    pub const ALL: [PartnerStatus; 5] = [
        PartnerStatus::InProgress,
        PartnerStatus::PendingApproval,
        PartnerStatus::Approved,
        PartnerStatus::Rejected,
        PartnerStatus::Deactivated,
    ];

    /// Reads MOSIP's columns; seed rows written by MOSIP may say `Activated`.
    pub fn from_row(approval_status: &str, is_active: bool) -> PartnerStatus {
        match (approval_status.to_ascii_lowercase().as_str(), is_active) {
            ("approved" | "activated", true) => PartnerStatus::Approved,
            ("approved" | "activated", false) => PartnerStatus::Deactivated,
            ("pending_approval", _) => PartnerStatus::PendingApproval,
            ("rejected", _) => PartnerStatus::Rejected,
            _ => PartnerStatus::InProgress,
        }
    }

    /// Value of the `approval_status` column.
    pub fn approval_status(self) -> &'static str {
        match self {
            PartnerStatus::InProgress => "InProgress",
            PartnerStatus::PendingApproval => "pending_approval",
            PartnerStatus::Approved | PartnerStatus::Deactivated => "approved",
            PartnerStatus::Rejected => "rejected",
        }
    }

    /// Value of the `is_active` column.
    pub fn is_active(self) -> bool {
        self == PartnerStatus::Approved
    }

    /// The status word of MOSIP's revamp lists (`activated`, `deactivated`, `InProgress`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            PartnerStatus::InProgress => "InProgress",
            PartnerStatus::PendingApproval => "pending_approval",
            PartnerStatus::Approved => "activated",
            PartnerStatus::Rejected => "rejected",
            PartnerStatus::Deactivated => "deactivated",
        }
    }

    /// Accepts the words of [`PartnerStatus::as_str`] (case-insensitive) plus `approved`.
    pub fn parse(s: &str) -> Option<PartnerStatus> {
        match s.trim().to_ascii_lowercase().as_str() {
            "inprogress" | "in_progress" => Some(PartnerStatus::InProgress),
            "pending_approval" | "pending" => Some(PartnerStatus::PendingApproval),
            "activated" | "approved" | "active" => Some(PartnerStatus::Approved),
            "rejected" => Some(PartnerStatus::Rejected),
            "deactivated" | "inactive" => Some(PartnerStatus::Deactivated),
            _ => None,
        }
    }

    /// Whether the partner may use partner functions (certificates, policies, keys, …).
    pub fn may_act(self) -> bool {
        self == PartnerStatus::Approved
    }
}

impl PartnerAction {
    pub const ALL: [PartnerAction; 5] = [
        PartnerAction::Approve,
        PartnerAction::Reject,
        PartnerAction::Deactivate,
        PartnerAction::Reactivate,
        PartnerAction::CertificateAccepted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PartnerAction::Approve => "approve",
            PartnerAction::Reject => "reject",
            PartnerAction::Deactivate => "deactivate",
            PartnerAction::Reactivate => "reactivate",
            PartnerAction::CertificateAccepted => "certificate-accepted",
        }
    }

    /// Actions whose outcome the partner must be told about, with a reason.
    pub fn needs_reason(self) -> bool {
        self == PartnerAction::Reject
    }
}

/// The whole transition table. Who may trigger an action is decided by the service layer.
pub fn transition(from: PartnerStatus, action: PartnerAction, mode: ApprovalMode) -> Result<PartnerStatus, PmsError> {
    use PartnerAction as A;
    use PartnerStatus as S;
    match (action, from) {
        (A::Approve, S::PendingApproval) => Ok(S::Approved),
        (A::Approve, S::InProgress) => match mode {
            ApprovalMode::Admin => Ok(S::Approved),
            ApprovalMode::OnCertificate => Err(error::CERTIFICATE_NOT_UPLOADED.err()),
        },
        (A::Approve, S::Rejected) => Err(error::ONB_REJECTED.err()),
        (A::Approve, S::Approved | S::Deactivated) => Err(error::ONB_NOT_PENDING.err()),

        (A::Reject, S::PendingApproval | S::InProgress) => Ok(S::Rejected),
        (A::Reject, S::Rejected) => Err(error::ONB_REJECTED.err()),
        (A::Reject, S::Approved | S::Deactivated) => Err(error::ONB_NOT_PENDING.err()),

        (A::Deactivate, S::Approved) => Ok(S::Deactivated),
        (A::Deactivate, S::Deactivated) => Err(error::PARTNER_ALREADY_DEACTIVATED.err()),
        (A::Deactivate, S::InProgress | S::PendingApproval | S::Rejected) => Err(error::PARTNER_NOT_ACTIVE.err()),

        (A::Reactivate, S::Deactivated) => Ok(S::Approved),
        (A::Reactivate, _) => Err(error::ONB_NOT_DEACTIVATED.err()),

        (A::CertificateAccepted, S::InProgress) => match mode {
            ApprovalMode::OnCertificate => Ok(S::Approved),
            ApprovalMode::Admin => Ok(S::InProgress),
        },
        (A::CertificateAccepted, S::PendingApproval | S::Approved) => Ok(from),
        (A::CertificateAccepted, S::Deactivated) => Err(error::PARTNER_NOT_ACTIVE.err()),
        (A::CertificateAccepted, S::Rejected) => Err(error::ONB_REJECTED.err()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ApprovalMode::{Admin, OnCertificate};
    use PartnerAction as A;
    use PartnerStatus as S;

    /// Expected outcome of every state × action × mode: `Ok(next)` or `Err(code)`.
    fn expected(from: S, action: A, mode: ApprovalMode) -> Result<S, &'static str> {
        match (from, action, mode) {
            (S::InProgress, A::Approve, Admin) => Ok(S::Approved),
            (S::InProgress, A::Approve, OnCertificate) => Err("PMS_PRT_108"),
            (S::InProgress, A::Reject, _) => Ok(S::Rejected),
            (S::InProgress, A::Deactivate, _) => Err("PMS_PMP_016"),
            (S::InProgress, A::Reactivate, _) => Err("PMS_ONB_003"),
            (S::InProgress, A::CertificateAccepted, Admin) => Ok(S::InProgress),
            (S::InProgress, A::CertificateAccepted, OnCertificate) => Ok(S::Approved),

            (S::PendingApproval, A::Approve, _) => Ok(S::Approved),
            (S::PendingApproval, A::Reject, _) => Ok(S::Rejected),
            (S::PendingApproval, A::Deactivate, _) => Err("PMS_PMP_016"),
            (S::PendingApproval, A::Reactivate, _) => Err("PMS_ONB_003"),
            (S::PendingApproval, A::CertificateAccepted, _) => Ok(S::PendingApproval),

            (S::Approved, A::Approve, _) => Err("PMS_ONB_001"),
            (S::Approved, A::Reject, _) => Err("PMS_ONB_001"),
            (S::Approved, A::Deactivate, _) => Ok(S::Deactivated),
            (S::Approved, A::Reactivate, _) => Err("PMS_ONB_003"),
            (S::Approved, A::CertificateAccepted, _) => Ok(S::Approved),

            (S::Rejected, A::Approve, _) => Err("PMS_ONB_004"),
            (S::Rejected, A::Reject, _) => Err("PMS_ONB_004"),
            (S::Rejected, A::Deactivate, _) => Err("PMS_PMP_016"),
            (S::Rejected, A::Reactivate, _) => Err("PMS_ONB_003"),
            (S::Rejected, A::CertificateAccepted, _) => Err("PMS_ONB_004"),

            (S::Deactivated, A::Approve, _) => Err("PMS_ONB_001"),
            (S::Deactivated, A::Reject, _) => Err("PMS_ONB_001"),
            (S::Deactivated, A::Deactivate, _) => Err("PMS_PM_063"),
            (S::Deactivated, A::Reactivate, _) => Ok(S::Approved),
            (S::Deactivated, A::CertificateAccepted, _) => Err("PMS_PMP_016"),
        }
    }

    #[test]
    fn every_state_action_and_mode() {
        let mut checked = 0;
        for from in S::ALL {
            for action in A::ALL {
                for mode in [Admin, OnCertificate] {
                    let got = transition(from, action, mode).map_err(|e| e.code);
                    assert_eq!(got, expected(from, action, mode), "{from:?} --{action:?}/{mode:?}-->");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 5 * 5 * 2);
    }

    #[test]
    fn columns_round_trip() {
        for s in S::ALL {
            assert_eq!(S::from_row(s.approval_status(), s.is_active()), s);
            assert_eq!(S::parse(s.as_str()), Some(s));
        }
        assert_eq!(S::from_row("Activated", true), S::Approved);
        assert_eq!(S::from_row("something-else", false), S::InProgress);
    }

    #[test]
    fn initial_status_follows_mode() {
        assert_eq!(Admin.initial_status(), S::PendingApproval);
        assert_eq!(OnCertificate.initial_status(), S::InProgress);
        assert_eq!(ApprovalMode::parse("on-certificate"), Some(OnCertificate));
        assert_eq!(ApprovalMode::parse("ADMIN"), Some(Admin));
        assert_eq!(ApprovalMode::parse("auto"), None);
    }

    fn any_action() -> impl Strategy<Value = A> {
        prop::sample::select(A::ALL.to_vec())
    }

    proptest! {
        /// Whatever happens, only approved partners are active, rejection is final, and a
        /// partner that was ever approved never goes back to waiting.
        #[test]
        fn invariants_hold_along_any_path(
            actions in prop::collection::vec(any_action(), 0..40),
            on_cert in any::<bool>(),
        ) {
            let mode = if on_cert { OnCertificate } else { Admin };
            let mut state = mode.initial_status();
            let mut was_approved = false;
            for action in actions {
                let before = state;
                if let Ok(next) = transition(state, action, mode) {
                    state = next;
                }
                prop_assert_eq!(state.is_active(), state == S::Approved);
                if before == S::Rejected { prop_assert_eq!(state, S::Rejected); }
                was_approved |= state == S::Approved;
                if was_approved {
                    prop_assert!(matches!(state, S::Approved | S::Deactivated));
                }
            }
        }
    }
}
