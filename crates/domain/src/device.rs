//! The lifecycles of device providers' secure biometric interfaces (SBI) and devices, and of FTM
//! providers' chips, as explicit state machines. Cascades are transitions too: deactivating an SBI
//! moves its devices, and deactivating a provider moves everything it has.
//!
//! Decisions where MOSIP's own behaviour is a known defect (reference §2.4, §10):
//! - MOSIP's legacy device `PATCH` moves any device to approved or rejected without a source-state
//!   check; here every path goes through [`DeviceStatus::apply`].
//! - MOSIP's chip approval has no source-state guard (a rejected chip can be approved); here only a
//!   chip waiting for approval is decided.
//! - A chip certificate may be uploaded again while the chip waits for approval or after a
//!   rejection (MOSIP refused both), never for a deactivated chip (MOSIP allowed it through an
//!   approved-status check); every upload is a new version and the chip waits for approval again.

use crate::error::{self, PmsError};

/// Stored as `approval_status` + `is_active`, as MOSIP's `secure_biometric_interface` and
/// `device_detail` tables do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    PendingApproval,
    Approved,
    Rejected,
    /// Approved once, no longer active.
    Deactivated,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::PendingApproval, Status::Approved, Status::Rejected, Status::Deactivated];

    /// The derived status MOSIP's lists show.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::PendingApproval => "pending_approval",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::Deactivated => "deactivated",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// From the stored columns (an approved row that is not active is deactivated).
    pub fn from_row(approval_status: &str, is_active: bool) -> Option<Status> {
        match (approval_status, is_active) {
            ("approved", true) => Some(Status::Approved),
            ("approved", false) => Some(Status::Deactivated),
            ("pending_approval", _) => Some(Status::PendingApproval),
            ("rejected", _) => Some(Status::Rejected),
            _ => None,
        }
    }

    /// The stored columns of a status.
    pub fn to_row(self) -> (&'static str, bool) {
        match self {
            Status::PendingApproval => ("pending_approval", false),
            Status::Approved => ("approved", true),
            Status::Rejected => ("rejected", false),
            Status::Deactivated => ("approved", false),
        }
    }
}

/// What may happen to an SBI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SbiAction {
    /// The Partner Admin approves (`approvalStatus=Activate`); a deactivated SBI may be approved again.
    Approve,
    Reject,
    /// Its provider or the Partner Admin deactivates it (devices follow: [`device_on_sbi_deactivation`]).
    Deactivate,
    /// Its provider partner is deactivated.
    ProviderDeactivated,
}

impl SbiAction {
    pub const ALL: [SbiAction; 4] =
        [SbiAction::Approve, SbiAction::Reject, SbiAction::Deactivate, SbiAction::ProviderDeactivated];
}

/// The SBI's next status, or MOSIP's refusal.
pub fn sbi(from: Status, action: SbiAction) -> Result<Status, PmsError> {
    use SbiAction::*;
    use Status::*;
    match (from, action) {
        (PendingApproval | Deactivated, Approve) => Ok(Approved),
        (PendingApproval, Reject) => Ok(Rejected),
        (Approved, Approve | Reject) => Err(error::SBI_ALREADY_APPROVED.err()),
        (Rejected, Approve | Reject) => Err(error::SBI_ALREADY_REJECTED.err()),
        (Deactivated, Reject) => Err(error::SBI_ALREADY_DEACTIVATED.err()),
        (Approved, Deactivate) => Ok(Deactivated),
        (Deactivated, Deactivate) => Err(error::SBI_ALREADY_DEACTIVATED.err()),
        (PendingApproval | Rejected, Deactivate) => Err(error::SBI_NOT_APPROVED.err()),
        (Approved | Deactivated, ProviderDeactivated) => Ok(Deactivated),
        (PendingApproval | Rejected, ProviderDeactivated) => Ok(Rejected),
    }
}

/// What may happen to a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceAction {
    Approve,
    Reject,
    Deactivate,
    /// Its SBI (or its provider) is deactivated.
    ParentDeactivated,
}

impl DeviceAction {
    pub const ALL: [DeviceAction; 4] =
        [DeviceAction::Approve, DeviceAction::Reject, DeviceAction::Deactivate, DeviceAction::ParentDeactivated];
}

/// The device's next status, or MOSIP's refusal.
pub fn device(from: Status, action: DeviceAction) -> Result<Status, PmsError> {
    use DeviceAction::*;
    use Status::*;
    match (from, action) {
        (PendingApproval, Approve) => Ok(Approved),
        (PendingApproval, Reject) => Ok(Rejected),
        (Approved | Rejected | Deactivated, Approve | Reject) => Err(error::DEVICE_NOT_PENDING.err()),
        (Approved, Deactivate) => Ok(Deactivated),
        (Deactivated, Deactivate) => Err(error::DEVICE_ALREADY_DEACTIVATED.err()),
        (PendingApproval | Rejected, Deactivate) => Err(error::DEVICE_NOT_APPROVED.err()),
        // A cascade never fails: what is approved stops working, what waits is turned down.
        (Approved | Deactivated, ParentDeactivated) => Ok(Deactivated),
        (PendingApproval | Rejected, ParentDeactivated) => Ok(Rejected),
    }
}

/// A device's status once its SBI is deactivated.
pub fn device_on_sbi_deactivation(from: Status) -> Status {
    device(from, DeviceAction::ParentDeactivated).unwrap_or(from)
}

/// An FTM chip (`ftp_chip_detail`): it waits for its certificate, then for approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChipStatus {
    PendingCertUpload,
    PendingApproval,
    Approved,
    Rejected,
    Deactivated,
}

impl ChipStatus {
    pub const ALL: [ChipStatus; 5] = [
        ChipStatus::PendingCertUpload,
        ChipStatus::PendingApproval,
        ChipStatus::Approved,
        ChipStatus::Rejected,
        ChipStatus::Deactivated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChipStatus::PendingCertUpload => "pending_cert_upload",
            ChipStatus::PendingApproval => "pending_approval",
            ChipStatus::Approved => "approved",
            ChipStatus::Rejected => "rejected",
            ChipStatus::Deactivated => "deactivated",
        }
    }

    pub fn parse(text: &str) -> Option<ChipStatus> {
        ChipStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn from_row(approval_status: &str, is_active: bool) -> Option<ChipStatus> {
        match (approval_status, is_active) {
            ("approved", true) => Some(ChipStatus::Approved),
            ("approved", false) => Some(ChipStatus::Deactivated),
            (other, _) => [ChipStatus::PendingCertUpload, ChipStatus::PendingApproval, ChipStatus::Rejected]
                .into_iter()
                .find(|s| s.as_str() == other),
        }
    }

    pub fn to_row(self) -> (&'static str, bool) {
        match self {
            ChipStatus::Approved => ("approved", true),
            ChipStatus::Deactivated => ("approved", false),
            other => (other.as_str(), false),
        }
    }

    /// Whether the chip's certificates may be downloaded (`PMS_FTM_ERROR_008/009`).
    pub fn certificate_readable(self) -> Result<(), PmsError> {
        match self {
            ChipStatus::PendingApproval | ChipStatus::Approved => Ok(()),
            ChipStatus::Deactivated => Err(error::FTM_CERT_DEACTIVATED.err()),
            ChipStatus::PendingCertUpload | ChipStatus::Rejected => Err(error::FTM_CERT_STATE.err()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChipAction {
    /// A (new) chip certificate, validated against the FTM trust store.
    UploadCertificate,
    Approve,
    Reject,
    Deactivate,
    ProviderDeactivated,
}

impl ChipAction {
    pub const ALL: [ChipAction; 5] = [
        ChipAction::UploadCertificate,
        ChipAction::Approve,
        ChipAction::Reject,
        ChipAction::Deactivate,
        ChipAction::ProviderDeactivated,
    ];
}

/// The chip's next status, or the refusal.
pub fn chip(from: ChipStatus, action: ChipAction) -> Result<ChipStatus, PmsError> {
    use ChipAction::*;
    use ChipStatus::*;
    match (from, action) {
        (PendingCertUpload | PendingApproval | Approved | Rejected, UploadCertificate) => Ok(PendingApproval),
        (Deactivated, UploadCertificate) => Err(error::FTM_UPLOAD_DEACTIVATED.err()),
        (PendingApproval, Approve) => Ok(Approved),
        (PendingApproval, Reject) => Ok(Rejected),
        (PendingCertUpload, Approve | Reject) => Err(error::FTM_CERT_NOT_UPLOADED.err()),
        (Approved | Rejected | Deactivated, Approve | Reject) => Err(error::FTM_NOT_PENDING.err()),
        (Approved, Deactivate) => Ok(Deactivated),
        (Deactivated, Deactivate) => Err(error::FTM_ALREADY_DEACTIVATED.err()),
        (PendingCertUpload | PendingApproval | Rejected, Deactivate) => Err(error::FTM_NOT_APPROVED.err()),
        (Approved | Deactivated, ProviderDeactivated) => Ok(Deactivated),
        (PendingCertUpload | PendingApproval | Rejected, ProviderDeactivated) => Ok(Rejected),
    }
}

/// Whether an SBI's details may still be changed: only while it waits for approval, so that an
/// approved hash or version is never swapped behind the Partner Admin's back (MOSIP overwrites
/// them, and `is_active`, in any state).
pub fn sbi_editable(s: Status) -> Result<(), PmsError> {
    match s {
        Status::PendingApproval => Ok(()),
        Status::Approved => Err(error::SBI_ALREADY_APPROVED.err()),
        Status::Rejected => Err(error::SBI_ALREADY_REJECTED.err()),
        Status::Deactivated => Err(error::SBI_ALREADY_DEACTIVATED.err()),
    }
}

/// Whether a device's make and model may still be changed: only while it waits for approval.
pub fn device_editable(s: Status) -> Result<(), PmsError> {
    match s {
        Status::PendingApproval => Ok(()),
        _ => Err(error::DEVICE_NOT_PENDING.err()),
    }
}

/// Whether a chip's make and model may still be changed: not once it has been approved.
pub fn chip_editable(s: ChipStatus) -> Result<(), PmsError> {
    match s {
        ChipStatus::PendingCertUpload | ChipStatus::PendingApproval | ChipStatus::Rejected => Ok(()),
        ChipStatus::Approved | ChipStatus::Deactivated => Err(error::FTM_NOT_PENDING.err()),
    }
}

/// MOSIP's `mosip.pms.created.date.max.year` and `mosip.pms.expiry.date.max.year`.
pub const SBI_MAX_YEARS: i32 = 10;

/// The SBI date rules, in MOSIP's order: created not in the future (`PMS_AUT_514`), expiry after
/// today (`PMS_AUT_508`), created at most ten years ago (`PMS_AUT_516`), expiry at most ten years
/// ahead (`PMS_AUT_515`).
pub fn check_sbi_dates(
    created: chrono::DateTime<chrono::Utc>,
    expiry: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), PmsError> {
    let years = |n: i32| chrono::Months::new(12 * n.unsigned_abs());
    if created > now {
        return Err(error::SBI_CREATED_IN_FUTURE.err());
    }
    if expiry.date_naive() <= now.date_naive() {
        return Err(error::SBI_EXPIRY_BEFORE_TODAY.err());
    }
    if now.checked_sub_months(years(SBI_MAX_YEARS)).is_some_and(|limit| created < limit) {
        return Err(error::SBI_CREATED_TOO_OLD.fill(&[&SBI_MAX_YEARS]));
    }
    if now.checked_add_months(years(SBI_MAX_YEARS)).is_some_and(|limit| expiry > limit) {
        return Err(error::SBI_EXPIRY_TOO_FAR.fill(&[&SBI_MAX_YEARS]));
    }
    Ok(())
}

/// `expired` once the expiry date is before today, else `valid` (MOSIP's `sbiExpiryStatus`).
pub fn sbi_expired(expiry: Option<chrono::DateTime<chrono::Utc>>, now: chrono::DateTime<chrono::Utc>) -> bool {
    expiry.is_some_and(|e| e.date_naive() < now.date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code<T: std::fmt::Debug>(r: Result<T, PmsError>) -> String {
        match r {
            Ok(v) => format!("{v:?}"),
            Err(e) => e.code.to_string(),
        }
    }

    #[test]
    fn statuses_round_trip_through_their_columns_and_names() {
        for s in Status::ALL {
            let (approval, active) = s.to_row();
            assert_eq!(Status::from_row(approval, active), Some(s));
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for s in ChipStatus::ALL {
            let (approval, active) = s.to_row();
            assert_eq!(ChipStatus::from_row(approval, active), Some(s));
            assert_eq!(ChipStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::from_row("activated", true), None);
        assert_eq!(ChipStatus::from_row("", false), None);
    }

    #[test]
    fn every_sbi_state_and_action() {
        use SbiAction::*;
        use Status::*;
        let table = [
            (PendingApproval, ["Approved", "Rejected", "PMS_DEVICE_ERROR_022", "Rejected"]),
            (Approved, ["PMS_AUT_517", "PMS_AUT_517", "Deactivated", "Deactivated"]),
            (Rejected, ["PMS_AUT_518", "PMS_AUT_518", "PMS_DEVICE_ERROR_022", "Rejected"]),
            (Deactivated, ["Approved", "PMS_DEVICE_ERROR_020", "PMS_DEVICE_ERROR_020", "Deactivated"]),
        ];
        assert_eq!(table.len(), Status::ALL.len());
        for (from, expected) in table {
            for (action, want) in [Approve, Reject, Deactivate, ProviderDeactivated].into_iter().zip(expected) {
                assert_eq!(code(sbi(from, action)), want, "{from:?} {action:?}");
            }
        }
    }

    #[test]
    fn every_device_state_and_action() {
        use DeviceAction::*;
        use Status::*;
        let table = [
            (PendingApproval, ["Approved", "Rejected", "PMS_DEVICE_ERROR_023", "Rejected"]),
            (Approved, ["PMS_DEVICE_ERROR_010", "PMS_DEVICE_ERROR_010", "Deactivated", "Deactivated"]),
            (Rejected, ["PMS_DEVICE_ERROR_010", "PMS_DEVICE_ERROR_010", "PMS_DEVICE_ERROR_023", "Rejected"]),
            (Deactivated, ["PMS_DEVICE_ERROR_010", "PMS_DEVICE_ERROR_010", "PMS_DEVICE_ERROR_014", "Deactivated"]),
        ];
        assert_eq!(table.len(), Status::ALL.len());
        for (from, expected) in table {
            for (action, want) in [Approve, Reject, Deactivate, ParentDeactivated].into_iter().zip(expected) {
                assert_eq!(code(device(from, action)), want, "{from:?} {action:?}");
            }
        }
    }

    #[test]
    fn an_sbi_deactivation_stops_approved_devices_and_turns_down_waiting_ones() {
        assert_eq!(device_on_sbi_deactivation(Status::Approved), Status::Deactivated);
        assert_eq!(device_on_sbi_deactivation(Status::PendingApproval), Status::Rejected);
        assert_eq!(device_on_sbi_deactivation(Status::Rejected), Status::Rejected);
        assert_eq!(device_on_sbi_deactivation(Status::Deactivated), Status::Deactivated);
    }

    #[test]
    fn every_chip_state_and_action() {
        use ChipStatus::*;
        let table = [
            (PendingCertUpload, ["PendingApproval", "PMP_AUT_033", "PMP_AUT_033", "PMS_FTM_ERROR_010", "Rejected"]),
            (PendingApproval, ["PendingApproval", "Approved", "Rejected", "PMS_FTM_ERROR_010", "Rejected"]),
            (Approved, ["PendingApproval", "PMS_FTM_011", "PMS_FTM_011", "Deactivated", "Deactivated"]),
            (Rejected, ["PendingApproval", "PMS_FTM_011", "PMS_FTM_011", "PMS_FTM_ERROR_010", "Rejected"]),
            (Deactivated, ["PMP_AUT_039", "PMS_FTM_011", "PMS_FTM_011", "PMS_FTM_ERROR_007", "Deactivated"]),
        ];
        assert_eq!(table.len(), ChipStatus::ALL.len());
        for (from, expected) in table {
            for (action, want) in ChipAction::ALL.into_iter().zip(expected) {
                assert_eq!(code(chip(from, action)), want, "{from:?} {action:?}");
            }
        }
    }

    #[test]
    fn chip_certificates_are_readable_while_waiting_or_approved() {
        for s in ChipStatus::ALL {
            let expected = match s {
                ChipStatus::PendingApproval | ChipStatus::Approved => "()",
                ChipStatus::Deactivated => "PMS_FTM_ERROR_009",
                _ => "PMS_FTM_ERROR_008",
            };
            assert_eq!(code(s.certificate_readable()), expected, "{s:?}");
        }
    }

    #[test]
    fn a_provider_deactivation_leaves_nothing_usable() {
        for s in Status::ALL {
            assert!(matches!(sbi(s, SbiAction::ProviderDeactivated), Ok(Status::Deactivated | Status::Rejected)));
            assert!(matches!(device(s, DeviceAction::ParentDeactivated), Ok(Status::Deactivated | Status::Rejected)));
        }
        for s in ChipStatus::ALL {
            let after = chip(s, ChipAction::ProviderDeactivated);
            assert!(matches!(after, Ok(ChipStatus::Deactivated | ChipStatus::Rejected)), "{s:?}");
        }
    }

    #[test]
    fn only_waiting_items_can_be_edited() {
        for st in Status::ALL {
            assert_eq!(sbi_editable(st).is_ok(), st == Status::PendingApproval, "{st:?}");
            assert_eq!(device_editable(st).is_ok(), st == Status::PendingApproval, "{st:?}");
        }
        assert_eq!(code(sbi_editable(Status::Approved)), "PMS_AUT_517");
        assert_eq!(code(sbi_editable(Status::Rejected)), "PMS_AUT_518");
        assert_eq!(code(sbi_editable(Status::Deactivated)), "PMS_DEVICE_ERROR_020");
        for st in ChipStatus::ALL {
            let open = !matches!(st, ChipStatus::Approved | ChipStatus::Deactivated);
            assert_eq!(chip_editable(st).is_ok(), open, "{st:?}");
        }
    }

    #[test]
    fn sbi_dates_follow_mosip_rules_in_order() {
        use chrono::{Duration, TimeZone, Utc};
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 12, 0, 0).unwrap();
        let ok = check_sbi_dates(now - Duration::days(30), now + Duration::days(365), now);
        assert!(ok.is_ok());
        // Created in the future wins over every other fault.
        assert_eq!(code(check_sbi_dates(now + Duration::hours(1), now - Duration::days(1), now)), "PMS_AUT_514");
        // Expiry today or before.
        assert_eq!(code(check_sbi_dates(now - Duration::days(1), now + Duration::hours(2), now)), "PMS_AUT_508");
        assert_eq!(code(check_sbi_dates(now - Duration::days(1), now - Duration::days(1), now)), "PMS_AUT_508");
        // Ten years is the edge on both sides.
        let old = check_sbi_dates(now - Duration::days(3660), now + Duration::days(10), now).unwrap_err();
        assert_eq!(old.code, "PMS_AUT_516");
        assert!(old.message.contains("10 years"), "{}", old.message);
        assert_eq!(code(check_sbi_dates(now - Duration::days(1), now + Duration::days(3660), now)), "PMS_AUT_515");
        assert!(check_sbi_dates(now - Duration::days(3650), now + Duration::days(3650), now).is_ok());
    }

    #[test]
    fn an_sbi_expires_after_its_expiry_day() {
        use chrono::{Duration, TimeZone, Utc};
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 12, 0, 0).unwrap();
        assert!(!sbi_expired(None, now));
        assert!(!sbi_expired(Some(now - Duration::hours(11)), now), "ends today: still valid today");
        assert!(sbi_expired(Some(now - Duration::days(1)), now));
        assert!(!sbi_expired(Some(now + Duration::days(1)), now));
    }
}
