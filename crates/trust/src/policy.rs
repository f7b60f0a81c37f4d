//! Rules on a single certificate: version, keys, signature algorithms, dates, organisation, domain.

use chrono::{DateTime, Days, Months, Utc};

use crate::cert::{Certificate, EcCurve, KeyAlgorithm, SignatureAlgorithm};
use crate::error::TrustError;

/// Smallest RSA modulus accepted (keymanager's rule).
pub const MIN_RSA_BITS: u32 = 2048;
/// Largest RSA modulus accepted: webpki verifies no larger, and a huge key makes every check slow.
pub const MAX_RSA_BITS: u32 = 8192;

/// keymanager's `mosip.kernel.partner.allowed.domains` default.
pub const DEFAULT_PARTNER_DOMAINS: &[&str] = &["AUTH", "DEVICE", "FTM", "MISP"];

/// Which kind of upload a minimum remaining validity applies to: keymanager reports a short-lived CA
/// certificate (KER-PCM-017) and a short-lived partner certificate (KER-PCM-004) differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CertRole {
    /// Root or intermediate CA certificate uploaded into the trust store.
    Ca,
    /// Partner (end-entity) certificate.
    Partner,
}

/// How long a certificate must still be valid after `now` to be accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MinValidity {
    /// Calendar months, as keymanager adds them (`now.plusMonths(n)`).
    Months(u32),
    Days(u32),
}

impl MinValidity {
    /// keymanager's `mosip.kernel.partner.cacertificate.upload.minimumvalidity.month=12`.
    pub const CA_UPLOAD: MinValidity = MinValidity::Months(12);
    /// keymanager's issuer duration (1 year of 365 days) less its 30-day grace.
    pub const PARTNER_UPLOAD: MinValidity = MinValidity::Days(335);
    /// No minimum beyond being valid at `now`.
    pub const NONE: MinValidity = MinValidity::Days(0);

    /// The instant until which a certificate must be valid; `None` when it is beyond representable time.
    pub fn until(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            MinValidity::Months(n) => now.checked_add_months(Months::new(n)),
            MinValidity::Days(n) => now.checked_add_days(Days::new(u64::from(n))),
        }
    }
}

/// Version and algorithm rules: X.509 v3 only (KER-PCM-007); RSA of [`MIN_RSA_BITS`]..=[`MAX_RSA_BITS`],
/// ECDSA on P-256 or P-384, or Ed25519, nothing else (KER-PCM-013); signatures with SHA-256/384/512
/// (PKCS#1 v1.5 or PSS), ECDSA with SHA-256/384 or Ed25519, and the same algorithm inside and outside the
/// signed part (KER-PCM-014). SHA-1, MD5 and the rest are refused.
pub fn check_algorithms(cert: &Certificate) -> Result<(), TrustError> {
    if cert.version() != 3 {
        return Err(TrustError::UnsupportedVersion { version: cert.version() });
    }
    match cert.key_algorithm() {
        KeyAlgorithm::Rsa { bits } if *bits < MIN_RSA_BITS => {
            return Err(TrustError::WeakKey {
                detail: format!("RSA key of {bits} bits, at least {MIN_RSA_BITS} needed"),
            });
        }
        KeyAlgorithm::Rsa { bits } if *bits > MAX_RSA_BITS => {
            return Err(TrustError::WeakKey {
                detail: format!("RSA key of {bits} bits, at most {MAX_RSA_BITS} supported"),
            });
        }
        KeyAlgorithm::Rsa { .. } | KeyAlgorithm::Ec(EcCurve::P256 | EcCurve::P384) | KeyAlgorithm::Ed25519 => {}
        other => return Err(TrustError::WeakKey { detail: format!("{other} is not supported") }),
    }
    let allowed = matches!(
        cert.signature_algorithm(),
        SignatureAlgorithm::RsaSha256
            | SignatureAlgorithm::RsaSha384
            | SignatureAlgorithm::RsaSha512
            | SignatureAlgorithm::RsaPssSha256
            | SignatureAlgorithm::RsaPssSha384
            | SignatureAlgorithm::RsaPssSha512
            | SignatureAlgorithm::EcdsaSha256
            | SignatureAlgorithm::EcdsaSha384
            | SignatureAlgorithm::Ed25519
    );
    if !allowed {
        return Err(TrustError::SignatureAlgorithm {
            detail: format!("{} is not accepted", cert.signature_algorithm()),
        });
    }
    if !cert.signature_algorithms_match() {
        return Err(TrustError::SignatureAlgorithm {
            detail: "the signed part names another signature algorithm than the certificate".to_string(),
        });
    }
    Ok(())
}

/// Date rules at `now`: `notBefore` after `now` → KER-PMS-020; `notAfter` before `now` → KER-PCM-004;
/// `notAfter` before `min.until(now)` → KER-PCM-017 for a CA, KER-PCM-004 for a partner.
pub fn check_validity(
    cert: &Certificate,
    now: DateTime<Utc>,
    min: MinValidity,
    role: CertRole,
) -> Result<(), TrustError> {
    if cert.not_before() > now {
        return Err(TrustError::FutureDated { not_before: cert.not_before() });
    }
    if cert.not_after() < now {
        return Err(TrustError::Dates { detail: format!("expired on {}", cert.not_after()) });
    }
    let long_enough = min.until(now).is_some_and(|until| cert.not_after() >= until);
    if !long_enough {
        let detail = format!("valid until {}, must stay valid for {} after {now}", cert.not_after(), describe(min));
        return Err(match role {
            CertRole::Ca => TrustError::CaValidityTooShort { detail },
            CertRole::Partner => TrustError::Dates { detail },
        });
    }
    Ok(())
}

fn describe(min: MinValidity) -> String {
    match min {
        MinValidity::Months(n) => format!("{n} months"),
        MinValidity::Days(n) => format!("{n} days"),
    }
}

/// Whether the certificate is valid at `now`, bounds included, as webpki counts it.
pub(crate) fn valid_at(cert: &Certificate, now: DateTime<Utc>) -> bool {
    cert.not_before() <= now && now <= cert.not_after()
}

/// The subject organisation must be exactly the partner's organisation name (no trimming, no case
/// folding), else KER-PCM-008.
pub fn check_organisation(cert: &Certificate, organisation: &str) -> Result<(), TrustError> {
    match cert.organisation() {
        Some(found) if found == organisation => Ok(()),
        found => Err(TrustError::OrganisationMismatch {
            expected: organisation.to_string(),
            found: found.map(str::to_string),
        }),
    }
}

/// KER-PCM-003 when a certificate with the same SHA-1 thumbprint is already among `stored` (the
/// certificates of one domain).
pub fn check_not_duplicate(cert: &Certificate, stored: &[Certificate]) -> Result<(), TrustError> {
    if stored.iter().any(|s| s.sha1_thumbprint() == cert.sha1_thumbprint()) {
        return Err(TrustError::AlreadyExists { thumbprint: cert.sha1_thumbprint().to_string() });
    }
    Ok(())
}

/// The partner domain upper-cased, if it is one of `allowed` (compared case-insensitively), else
/// KER-PCM-011.
pub fn normalize_domain(domain: &str, allowed: &[&str]) -> Result<String, TrustError> {
    allowed
        .iter()
        .find(|a| a.eq_ignore_ascii_case(domain))
        .map(|a| a.to_ascii_uppercase())
        .ok_or_else(|| TrustError::InvalidDomain { domain: domain.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn months_are_calendar_months() {
        let now = Utc.with_ymd_and_hms(2025, 1, 31, 12, 0, 0).unwrap();
        assert_eq!(MinValidity::Months(1).until(now), Utc.with_ymd_and_hms(2025, 2, 28, 12, 0, 0).single());
        assert_eq!(MinValidity::CA_UPLOAD.until(now), Utc.with_ymd_and_hms(2026, 1, 31, 12, 0, 0).single());
        assert_eq!(MinValidity::PARTNER_UPLOAD.until(now), Some(now + chrono::Duration::days(335)));
        assert_eq!(MinValidity::NONE.until(now), Some(now));
        assert_eq!(MinValidity::Days(u32::MAX).until(DateTime::<Utc>::MAX_UTC), None);
    }

    #[test]
    fn domains() {
        assert_eq!(normalize_domain("auth", DEFAULT_PARTNER_DOMAINS).unwrap(), "AUTH");
        assert_eq!(normalize_domain("Ftm", DEFAULT_PARTNER_DOMAINS).unwrap(), "FTM");
        let e = normalize_domain("OTHER", DEFAULT_PARTNER_DOMAINS).unwrap_err();
        assert_eq!(e.code(), "KER-PCM-011");
        assert_eq!(normalize_domain("", DEFAULT_PARTNER_DOMAINS).unwrap_err().code(), "KER-PCM-011");
    }
}
