//! What a partner comes for: a policy request the Partner Admin decides, and the API keys an
//! approved request lets the partner hold. Both lifecycles are explicit state machines.

use crate::error::{self, PmsError};
use chrono::{DateTime, Duration, Utc};

/// A partner's request to use a policy (`partner_policy_request.status_code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestStatus {
    InProgress,
    Approved,
    Rejected,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 3] = [RequestStatus::InProgress, RequestStatus::Approved, RequestStatus::Rejected];

    /// MOSIP's spelling, stored and sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::InProgress => "InProgress",
            RequestStatus::Approved => "approved",
            RequestStatus::Rejected => "rejected",
        }
    }

    /// A stored or filtered status, in any case.
    pub fn parse(text: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// The Partner Admin's answer to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
}

impl Decision {
    /// `Approved` / `Rejected`, in any case (MOSIP's `PUT /partners/policy/{mappingkey}`).
    pub fn parse(text: &str) -> Result<Decision, PmsError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "approved" => Ok(Decision::Approve),
            "rejected" => Ok(Decision::Reject),
            _ => Err(error::REQUEST_STATUS_INVALID.err()),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Reject => "reject",
        }
    }
}

/// The one transition a decision makes: only a request in progress can be decided.
pub fn decide(from: RequestStatus, decision: Decision) -> Result<RequestStatus, PmsError> {
    match (from, decision) {
        (RequestStatus::InProgress, Decision::Approve) => Ok(RequestStatus::Approved),
        (RequestStatus::InProgress, Decision::Reject) => Ok(RequestStatus::Rejected),
        (RequestStatus::Approved, _) => Err(error::REQUEST_ALREADY_APPROVED.err()),
        (RequestStatus::Rejected, _) => Err(error::REQUEST_ALREADY_REJECTED.err()),
    }
}

/// A new request for a policy is refused while an earlier one waits or was approved; after a
/// rejection the partner may ask again.
pub fn may_request(earlier: impl IntoIterator<Item = RequestStatus>) -> Result<(), PmsError> {
    let mut approved = false;
    for status in earlier {
        match status {
            RequestStatus::InProgress => return Err(error::REQUEST_PENDING_EXISTS.err()),
            RequestStatus::Approved => approved = true,
            RequestStatus::Rejected => {}
        }
    }
    if approved {
        Err(error::REQUEST_APPROVED_EXISTS.err())
    } else {
        Ok(())
    }
}

/// What a person sees of an API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyState {
    Active,
    /// Active, but its end is near (within the warning period, or a rotation set it).
    Expiring,
    Expired,
    Revoked,
}

impl KeyState {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyState::Active => "active",
            KeyState::Expiring => "expiring",
            KeyState::Expired => "expired",
            KeyState::Revoked => "revoked",
        }
    }

    /// Whether a presented key in this state is accepted.
    pub fn is_usable(self) -> bool {
        matches!(self, KeyState::Active | KeyState::Expiring)
    }
}

/// The stored facts about a key, from which its state follows at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyFacts {
    pub is_active: bool,
    pub valid_to: Option<DateTime<Utc>>,
    /// Set when the expiry job ended the key (rather than a person).
    pub expired_at: Option<DateTime<Utc>>,
}

impl KeyFacts {
    pub fn state(&self, now: DateTime<Utc>, warning: Duration) -> KeyState {
        let past_end = self.valid_to.is_some_and(|end| end <= now);
        match (self.is_active, self.expired_at) {
            (false, Some(_)) => KeyState::Expired,
            (false, None) => KeyState::Revoked,
            (true, _) if past_end => KeyState::Expired,
            (true, _) if self.valid_to.is_some_and(|end| end - now <= warning) => KeyState::Expiring,
            (true, _) => KeyState::Active,
        }
    }
}

/// `Active` / `De-active` of `PATCH …/apiKey/status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStatusChange {
    Activate,
    Deactivate,
}

impl KeyStatusChange {
    pub fn parse(text: &str) -> Result<KeyStatusChange, PmsError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "active" => Ok(KeyStatusChange::Activate),
            "de-active" | "deactive" | "inactive" => Ok(KeyStatusChange::Deactivate),
            _ => Err(error::PARTNER_STATUS_INVALID.err()),
        }
    }
}

/// Whether the key is active after the change. An expired key stays expired: a partner rotates
/// instead, so an old key never comes back to life past its date.
pub fn change_key(state: KeyState, change: KeyStatusChange) -> Result<bool, PmsError> {
    match (state, change) {
        (KeyState::Active | KeyState::Expiring, KeyStatusChange::Activate) => Ok(true),
        (KeyState::Active | KeyState::Expiring, KeyStatusChange::Deactivate) => Ok(false),
        (KeyState::Revoked, KeyStatusChange::Activate) => Ok(true),
        (KeyState::Revoked, KeyStatusChange::Deactivate) => Err(error::KEY_NOT_ACTIVE.err()),
        (KeyState::Expired, KeyStatusChange::Activate) => Err(error::KEY_EXPIRED.err()),
        (KeyState::Expired, KeyStatusChange::Deactivate) => Err(error::KEY_NOT_ACTIVE.err()),
    }
}

/// MOSIP compares labels trimmed and with inner whitespace collapsed.
pub fn normalise_label(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// When a rotated key must stop: in the future, and not after its own end.
pub fn rotation_end(
    now: DateTime<Utc>,
    requested: DateTime<Utc>,
    current_end: Option<DateTime<Utc>>,
) -> Result<DateTime<Utc>, PmsError> {
    if requested <= now {
        return Err(error::KEY_ROTATION_END_INVALID.err());
    }
    Ok(current_end.map_or(requested, |end| end.min(requested)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, day, 12, 0, 0).unwrap()
    }

    #[test]
    fn every_request_state_and_decision() {
        use Decision::*;
        use RequestStatus::*;
        for (from, d, to) in [
            (InProgress, Approve, Ok(Approved)),
            (InProgress, Reject, Ok(Rejected)),
            (Approved, Approve, Err("PMS_PM_034")),
            (Approved, Reject, Err("PMS_PM_034")),
            (Rejected, Approve, Err("PMS_PM_035")),
            (Rejected, Reject, Err("PMS_PM_035")),
        ] {
            assert_eq!(decide(from, d).map_err(|e| e.code), to, "{from:?} {d:?}");
        }
    }

    #[test]
    fn decisions_and_statuses_parse_as_mosip_spells_them() {
        assert_eq!(Decision::parse(" APPROVED ").unwrap(), Decision::Approve);
        assert_eq!(Decision::parse("rejected").unwrap(), Decision::Reject);
        assert_eq!(Decision::parse("maybe").unwrap_err().code, "PMS_PM_045");
        for s in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(&s.as_str().to_uppercase()), Some(s));
        }
        assert_eq!(RequestStatus::parse("pending"), None);
    }

    #[test]
    fn a_waiting_or_approved_request_blocks_another() {
        use RequestStatus::*;
        assert!(may_request([]).is_ok());
        assert!(may_request([Rejected, Rejected]).is_ok());
        assert_eq!(may_request([Rejected, InProgress]).unwrap_err().code, "PMS_PRT_053");
        assert_eq!(may_request([Approved]).unwrap_err().code, "PMS_PRT_060");
        assert_eq!(may_request([Approved, InProgress]).unwrap_err().code, "PMS_PRT_053");
    }

    #[test]
    fn key_state_follows_flags_and_dates() {
        let warn = Duration::days(3);
        let facts = |is_active, valid_to, expired_at| KeyFacts { is_active, valid_to, expired_at };
        assert_eq!(facts(true, None, None).state(at(1), warn), KeyState::Active);
        assert_eq!(facts(true, Some(at(20)), None).state(at(1), warn), KeyState::Active);
        assert_eq!(facts(true, Some(at(20)), None).state(at(18), warn), KeyState::Expiring);
        assert_eq!(facts(true, Some(at(20)), None).state(at(20), warn), KeyState::Expired);
        assert_eq!(facts(false, Some(at(20)), Some(at(20))).state(at(21), warn), KeyState::Expired);
        assert_eq!(facts(false, Some(at(20)), None).state(at(2), warn), KeyState::Revoked);
        assert!(KeyState::Expiring.is_usable() && !KeyState::Expired.is_usable() && !KeyState::Revoked.is_usable());
    }

    #[test]
    fn every_key_state_and_status_change() {
        use KeyState::*;
        use KeyStatusChange::*;
        for (state, change, out) in [
            (Active, Activate, Ok(true)),
            (Active, Deactivate, Ok(false)),
            (Expiring, Activate, Ok(true)),
            (Expiring, Deactivate, Ok(false)),
            (Revoked, Activate, Ok(true)),
            (Revoked, Deactivate, Err("PMS_PMS_022")),
            (Expired, Activate, Err("PMS_KEY_001")),
            (Expired, Deactivate, Err("PMS_PMS_022")),
        ] {
            assert_eq!(change_key(state, change).map_err(|e| e.code), out, "{state:?} {change:?}");
        }
        assert_eq!(KeyStatusChange::parse("De-Active").unwrap(), Deactivate);
        assert_eq!(KeyStatusChange::parse("gone").unwrap_err().code, "PMS_PM_058");
    }

    #[test]
    fn labels_compare_with_whitespace_collapsed() {
        assert_eq!(normalise_label("  my \t key  one "), "my key one");
    }

    #[test]
    fn a_rotation_ends_the_old_key_in_the_future_and_never_later_than_it_would() {
        assert_eq!(rotation_end(at(1), at(1), None).unwrap_err().code, "PMS_KEY_002");
        assert_eq!(rotation_end(at(1), at(5), None).unwrap(), at(5));
        assert_eq!(rotation_end(at(1), at(9), Some(at(4))).unwrap(), at(4));
    }
}
