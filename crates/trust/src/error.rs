//! The one error type of the crate, carrying MOSIP keymanager's codes and messages.
//!
//! `code()` and `message()` are the wire contract (MOSIP clients branch on the code and show the message), so
//! `message()` is keymanager's text verbatim. What exactly went wrong is in `detail()`, for logs and for a
//! user interface that wants to say more than keymanager did.

use chrono::{DateTime, Utc};

type Source = Box<dyn std::error::Error + Send + Sync + 'static>;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TrustError {
    /// Not a certificate we can read: empty, garbage, truncated, trailing data, too large, too many, …
    #[error("KER-PCM-001 Invalid Certificate uploaded.: {detail}")]
    Invalid {
        detail: String,
        #[source]
        source: Option<Source>,
    },

    /// The same certificate (SHA-1 thumbprint) is already in the store of that domain.
    #[error("KER-PCM-003 Certificate already exists in store.: {thumbprint}")]
    AlreadyExists { thumbprint: String },

    /// The certificate has expired, or (partner certificates) expires sooner than the minimum allowed.
    #[error("KER-PCM-004 Certificate Dates are not valid.: {detail}")]
    Dates { detail: String },

    /// A CA certificate whose issuer chain does not reach a known root.
    #[error("KER-PCM-005 Root CA Certificate not found.: {detail}")]
    RootNotFound { detail: String },

    /// A partner certificate with no trust path to the roots of its domain.
    #[error("KER-PCM-006 Root CA/Intermediate CA Certificates not found.: {detail}")]
    ChainNotFound {
        detail: String,
        #[source]
        source: Option<Source>,
    },

    /// Not an X.509 v3 certificate.
    #[error("KER-PCM-007 Certificate version not supported.: X.509 v{version}")]
    UnsupportedVersion { version: u32 },

    /// The subject organisation (`O`) is missing or differs from the partner's registered organisation.
    #[error("KER-PCM-008 Partner Organization Name not Matched.: expected {expected:?}, found {found:?}")]
    OrganisationMismatch { expected: String, found: Option<String> },

    /// The partner domain is not one of the allowed domains.
    #[error("KER-PCM-011 Invalid Partner Domain.: {domain:?}")]
    InvalidDomain { domain: String },

    /// Key too small, curve not allowed, or key algorithm not supported at all.
    #[error("KER-PCM-013 Partner Certificate Key Size is less than allowed size.: {detail}")]
    WeakKey { detail: String },

    /// Signature algorithm refused (SHA-1, MD5, unknown, or outer and inner algorithms differ).
    #[error("KER-PCM-014 Partner Certificate Signature algorithm not supported.: {detail}")]
    SignatureAlgorithm { detail: String },

    /// A self-signed certificate offered as a partner certificate.
    #[error("KER-PCM-015 Self Signed Certificate not allowed as partner.")]
    SelfSignedPartner,

    /// A CA certificate that will not stay valid for the minimum the trust store requires.
    #[error("KER-PCM-017 The CA Certificate validity is less than required minimum validity.: {detail}")]
    CaValidityTooShort { detail: String },

    /// The certificate cannot play the role it is offered for: a CA certificate as a partner certificate, an
    /// end-entity certificate (or one without keyCertSign) as a CA, a certificate that is not self-issued
    /// as a root.
    #[error("KER-PCM-018 Invalid Certificate Type: {detail}")]
    WrongType { detail: String },

    /// `notBefore` lies after `now`.
    #[error("KER-PMS-020 Future Dated Certificate not allowed to upload.: not valid before {not_before}")]
    FutureDated { not_before: DateTime<Utc> },

    /// The platform CA's signer failed (key store, HSM, …).
    #[error("PMS_TRS_001 The platform CA could not sign the certificate.: {detail}")]
    Signing {
        detail: String,
        #[source]
        source: Option<Source>,
    },

    /// The platform CA's certificate or key is unusable or they do not belong together.
    #[error("PMS_TRS_002 The platform CA certificate or key is invalid.: {detail}")]
    PlatformCa {
        detail: String,
        #[source]
        source: Option<Source>,
    },
}

impl TrustError {
    /// MOSIP's error code (`KER-PCM-…`), or ours (`PMS_TRS_…`) for failures MOSIP has no code for.
    pub fn code(&self) -> &'static str {
        self.catalogue().0
    }

    /// MOSIP's message for the code, verbatim.
    pub fn message(&self) -> String {
        self.catalogue().1.to_string()
    }

    /// What exactly was wrong, in plain English.
    pub fn detail(&self) -> String {
        match self {
            TrustError::Invalid { detail, .. }
            | TrustError::Dates { detail }
            | TrustError::RootNotFound { detail }
            | TrustError::ChainNotFound { detail, .. }
            | TrustError::WeakKey { detail }
            | TrustError::SignatureAlgorithm { detail }
            | TrustError::CaValidityTooShort { detail }
            | TrustError::WrongType { detail }
            | TrustError::Signing { detail, .. }
            | TrustError::PlatformCa { detail, .. } => detail.clone(),
            TrustError::AlreadyExists { thumbprint } => format!("certificate {thumbprint} is already stored"),
            TrustError::UnsupportedVersion { version } => format!("X.509 v{version}, only v3 is accepted"),
            TrustError::OrganisationMismatch { expected, found: Some(found) } => {
                format!("the certificate names organisation {found:?}, the partner is {expected:?}")
            }
            TrustError::OrganisationMismatch { expected, found: None } => {
                format!("the certificate names no organisation (O), the partner is {expected:?}")
            }
            TrustError::InvalidDomain { domain } => format!("{domain:?} is not an allowed partner domain"),
            TrustError::SelfSignedPartner => "a partner certificate must be issued by a CA".to_string(),
            TrustError::FutureDated { not_before } => format!("not valid before {not_before}"),
        }
    }

    fn catalogue(&self) -> (&'static str, &'static str) {
        match self {
            TrustError::Invalid { .. } => ("KER-PCM-001", "Invalid Certificate uploaded."),
            TrustError::AlreadyExists { .. } => ("KER-PCM-003", "Certificate already exists in store."),
            TrustError::Dates { .. } => ("KER-PCM-004", "Certificate Dates are not valid."),
            TrustError::RootNotFound { .. } => ("KER-PCM-005", "Root CA Certificate not found."),
            TrustError::ChainNotFound { .. } => ("KER-PCM-006", "Root CA/Intermediate CA Certificates not found."),
            TrustError::UnsupportedVersion { .. } => ("KER-PCM-007", "Certificate version not supported."),
            TrustError::OrganisationMismatch { .. } => ("KER-PCM-008", "Partner Organization Name not Matched."),
            TrustError::InvalidDomain { .. } => ("KER-PCM-011", "Invalid Partner Domain."),
            TrustError::WeakKey { .. } => ("KER-PCM-013", "Partner Certificate Key Size is less than allowed size."),
            TrustError::SignatureAlgorithm { .. } => {
                ("KER-PCM-014", "Partner Certificate Signature algorithm not supported.")
            }
            TrustError::SelfSignedPartner => ("KER-PCM-015", "Self Signed Certificate not allowed as partner."),
            TrustError::CaValidityTooShort { .. } => {
                ("KER-PCM-017", "The CA Certificate validity is less than required minimum validity.")
            }
            TrustError::WrongType { .. } => ("KER-PCM-018", "Invalid Certificate Type"),
            TrustError::FutureDated { .. } => ("KER-PMS-020", "Future Dated Certificate not allowed to upload."),
            TrustError::Signing { .. } => ("PMS_TRS_001", "The platform CA could not sign the certificate."),
            TrustError::PlatformCa { .. } => ("PMS_TRS_002", "The platform CA certificate or key is invalid."),
        }
    }

    pub(crate) fn invalid(detail: impl Into<String>) -> TrustError {
        TrustError::Invalid { detail: detail.into(), source: None }
    }

    pub(crate) fn invalid_from(detail: impl Into<String>, source: impl Into<Source>) -> TrustError {
        TrustError::Invalid { detail: detail.into(), source: Some(source.into()) }
    }

    pub(crate) fn signing(detail: impl Into<String>, source: Option<Source>) -> TrustError {
        TrustError::Signing { detail: detail.into(), source }
    }

    pub(crate) fn platform_ca(detail: impl Into<String>, source: Option<Source>) -> TrustError {
        TrustError::PlatformCa { detail: detail.into(), source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_messages_are_keymanagers() {
        let e = TrustError::ChainNotFound { detail: "x".into(), source: None };
        assert_eq!(e.code(), "KER-PCM-006");
        assert_eq!(e.message(), "Root CA/Intermediate CA Certificates not found.");
        let e = TrustError::OrganisationMismatch { expected: "A".into(), found: None };
        assert_eq!(e.code(), "KER-PCM-008");
        assert_eq!(e.message(), "Partner Organization Name not Matched.");
        assert!(e.to_string().starts_with("KER-PCM-008 Partner Organization Name not Matched."));
    }

    #[test]
    fn display_starts_with_code_and_message() {
        let all = [
            TrustError::invalid("d"),
            TrustError::AlreadyExists { thumbprint: "ab".into() },
            TrustError::Dates { detail: "d".into() },
            TrustError::RootNotFound { detail: "d".into() },
            TrustError::ChainNotFound { detail: "d".into(), source: None },
            TrustError::UnsupportedVersion { version: 1 },
            TrustError::OrganisationMismatch { expected: "a".into(), found: Some("b".into()) },
            TrustError::InvalidDomain { domain: "X".into() },
            TrustError::WeakKey { detail: "d".into() },
            TrustError::SignatureAlgorithm { detail: "d".into() },
            TrustError::SelfSignedPartner,
            TrustError::CaValidityTooShort { detail: "d".into() },
            TrustError::WrongType { detail: "d".into() },
            TrustError::FutureDated { not_before: DateTime::UNIX_EPOCH },
            TrustError::signing("d", None),
            TrustError::platform_ca("d", None),
        ];
        for e in all {
            let shown = e.to_string();
            assert!(shown.starts_with(&format!("{} {}", e.code(), e.message())), "{shown}");
            assert!(!e.detail().is_empty());
        }
    }
}
