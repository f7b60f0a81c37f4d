//! The trust store's vocabulary and lifecycles: partner domains, CA certificate states and the
//! states of a partner's certificate uploads.

use crate::error::{self, PmsError};

/// The trust domains of keymanager (`mosip.kernel.partner.allowed.domains`); each has its own
/// CA certificates, and a partner's certificate must chain to those of its domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartnerDomain {
    Auth,
    Device,
    Ftm,
}

impl PartnerDomain {
    pub const ALL: [PartnerDomain; 3] = [PartnerDomain::Auth, PartnerDomain::Device, PartnerDomain::Ftm];

    /// Case-insensitive, as keymanager reads it.
    pub fn parse(s: &str) -> Option<PartnerDomain> {
        match s.trim().to_ascii_uppercase().as_str() {
            "AUTH" => Some(PartnerDomain::Auth),
            "DEVICE" => Some(PartnerDomain::Device),
            "FTM" => Some(PartnerDomain::Ftm),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PartnerDomain::Auth => "AUTH",
            PartnerDomain::Device => "DEVICE",
            PartnerDomain::Ftm => "FTM",
        }
    }

    /// The domain a partner's certificate belongs to, by partner type: device and FTM providers
    /// have their own; every other partner authenticates in AUTH.
    pub fn of_partner_type(partner_type: &str) -> PartnerDomain {
        match partner_type {
            "Device_Provider" => PartnerDomain::Device,
            "FTM_Provider" => PartnerDomain::Ftm,
            _ => PartnerDomain::Auth,
        }
    }
}

/// A CA certificate is a root (self-signed) or an intermediate (issued by a stored CA).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaType {
    Root,
    Intermediate,
}

impl CaType {
    pub fn parse(s: &str) -> Option<CaType> {
        match s.trim().to_ascii_uppercase().as_str() {
            "ROOT" => Some(CaType::Root),
            "INTERMEDIATE" => Some(CaType::Intermediate),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CaType::Root => "ROOT",
            CaType::Intermediate => "INTERMEDIATE",
        }
    }
}

/// A CA certificate anchors trust while active; a deactivated one no longer does (MOSIP cannot
/// take a CA out of its trust store at all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaStatus {
    Active,
    Deactivated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaAction {
    Deactivate,
}

impl CaStatus {
    pub fn parse(s: &str) -> Option<CaStatus> {
        match s.trim().to_ascii_lowercase().as_str() {
            "active" => Some(CaStatus::Active),
            "deactivated" => Some(CaStatus::Deactivated),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CaStatus::Active => "active",
            CaStatus::Deactivated => "deactivated",
        }
    }
}

pub fn ca_transition(from: CaStatus, action: CaAction) -> Result<CaStatus, PmsError> {
    match (action, from) {
        (CaAction::Deactivate, CaStatus::Active) => Ok(CaStatus::Deactivated),
        (CaAction::Deactivate, CaStatus::Deactivated) => Err(error::CA_ALREADY_DEACTIVATED.err()),
    }
}

/// One upload of a partner's certificate: the newest is active, a re-upload supersedes it (the
/// history stays).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartnerCertStatus {
    Active,
    Superseded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartnerCertAction {
    Supersede,
}

impl PartnerCertStatus {
    pub fn parse(s: &str) -> Option<PartnerCertStatus> {
        match s.trim().to_ascii_lowercase().as_str() {
            "active" => Some(PartnerCertStatus::Active),
            "superseded" => Some(PartnerCertStatus::Superseded),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PartnerCertStatus::Active => "active",
            PartnerCertStatus::Superseded => "superseded",
        }
    }
}

pub fn partner_cert_transition(
    from: PartnerCertStatus,
    action: PartnerCertAction,
) -> Result<PartnerCertStatus, PmsError> {
    match (action, from) {
        (PartnerCertAction::Supersede, PartnerCertStatus::Active) => Ok(PartnerCertStatus::Superseded),
        (PartnerCertAction::Supersede, PartnerCertStatus::Superseded) => {
            Err(error::INVALID_INPUT.with("certificate already superseded"))
        }
    }
}

/// Days a certificate has left at `now` (negative once expired), as the portal shows them.
pub fn days_left(not_after: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> i64 {
    (not_after - now).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_parse_in_any_case_and_follow_partner_types() {
        for d in PartnerDomain::ALL {
            assert_eq!(PartnerDomain::parse(&d.as_str().to_lowercase()), Some(d));
        }
        assert_eq!(PartnerDomain::parse("MISP"), None);
        assert_eq!(PartnerDomain::of_partner_type("Device_Provider"), PartnerDomain::Device);
        assert_eq!(PartnerDomain::of_partner_type("FTM_Provider"), PartnerDomain::Ftm);
        assert_eq!(PartnerDomain::of_partner_type("Credential_Partner"), PartnerDomain::Auth);
    }

    #[test]
    fn every_state_and_action() {
        assert_eq!(ca_transition(CaStatus::Active, CaAction::Deactivate), Ok(CaStatus::Deactivated));
        assert_eq!(ca_transition(CaStatus::Deactivated, CaAction::Deactivate).unwrap_err().code, "PMS_TRUST_002");
        assert_eq!(
            partner_cert_transition(PartnerCertStatus::Active, PartnerCertAction::Supersede),
            Ok(PartnerCertStatus::Superseded)
        );
        assert!(partner_cert_transition(PartnerCertStatus::Superseded, PartnerCertAction::Supersede).is_err());
        for s in [CaStatus::Active, CaStatus::Deactivated] {
            assert_eq!(CaStatus::parse(s.as_str()), Some(s));
        }
        for s in [PartnerCertStatus::Active, PartnerCertStatus::Superseded] {
            assert_eq!(PartnerCertStatus::parse(s.as_str()), Some(s));
        }
        for t in [CaType::Root, CaType::Intermediate] {
            assert_eq!(CaType::parse(t.as_str()), Some(t));
        }
    }
}
