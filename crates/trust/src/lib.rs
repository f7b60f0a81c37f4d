//! Certificate rules of the PMS trust store, as pure functions: parsing uploads, MOSIP keymanager's
//! algorithm, date and organisation rules, path validation of CA and partner certificates, and the
//! platform CA's re-signing of partner certificates.
//!
//! Nothing here reads the clock: every rule takes `now`. Errors carry keymanager's codes and messages.

mod cert;
mod der;
mod error;
mod path;
mod policy;
mod resign;
mod validate;

pub use cert::{
    parse_certificates, pkcs7_certs_only, Certificate, EcCurve, KeyAlgorithm, SignatureAlgorithm, MAX_CERTIFICATES,
    MAX_INPUT_BYTES,
};
pub use error::TrustError;
pub use path::MAX_INTERMEDIATES;
pub use policy::{
    check_algorithms, check_not_duplicate, check_organisation, check_validity, normalize_domain, CertRole, MinValidity,
    DEFAULT_PARTNER_DOMAINS, MAX_RSA_BITS, MIN_RSA_BITS,
};
pub use resign::{resign, KeyPairSigner, PlatformCa, Signer, SigningAlgorithm, RESIGNED_VALIDITY_DAYS};
pub use validate::{
    leaf_path_by_hand, leaf_path_webpki, validate_ca, validate_intermediate, validate_leaf, validate_root, CaKind,
};
