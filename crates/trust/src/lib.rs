//! Certificate rules of the PMS trust store, as pure functions: parsing uploads, MOSIP keymanager's
//! algorithm, date and organisation rules, path validation of CA and partner certificates, and the
//! platform CA's re-signing of partner certificates.
//!
//! Nothing here reads the clock: every rule takes `now`. Errors carry keymanager's codes and messages:
//!
//! | code | when |
//! |---|---|
//! | KER-PCM-001 | unreadable upload; a root whose self-signature fails; a subject re-signing cannot copy exactly |
//! | KER-PCM-003 | [`check_not_duplicate`]: same SHA-1 thumbprint already stored |
//! | KER-PCM-004 | expired; a partner certificate valid for less than its minimum |
//! | KER-PCM-005 | intermediate CA without a path to a stored root |
//! | KER-PCM-006 | partner certificate without a path to its domain's roots |
//! | KER-PCM-007 | not X.509 v3 |
//! | KER-PCM-008 | subject `O` missing or not exactly the partner's organisation |
//! | KER-PCM-011 | [`normalize_domain`]: domain not allowed |
//! | KER-PCM-013 | RSA under 2048 (or over 8192) bits, EC off P-256/P-384, other key types |
//! | KER-PCM-014 | signature algorithm other than SHA-2 RSA (PKCS#1 or PSS), ECDSA SHA-256/384, Ed25519 |
//! | KER-PCM-015 | self-signed partner certificate |
//! | KER-PCM-017 | CA certificate valid for less than its minimum |
//! | KER-PCM-018 | wrong role: CA as partner, end entity or no keyCertSign as CA, non-self-issued root |
//! | KER-PMS-020 | `notBefore` after `now` |
//! | PMS_TRS_001/002 | platform CA signer failure / unusable platform CA |

mod cert;
mod der;
mod error;
mod jose;
mod jwk;
mod names;
mod path;
mod policy;
mod resign;
mod validate;

pub use cert::{
    parse_certificates, pem_encode, pkcs7_certs_only, Certificate, EcCurve, KeyAlgorithm, SignatureAlgorithm,
    MAX_CERTIFICATES, MAX_INPUT_BYTES,
};
pub use error::TrustError;
pub use jwk::{client_id_of, client_key, ClientKey, JwkError, MAX_JWK_BYTES};
pub use path::MAX_INTERMEDIATES;
pub use policy::{
    check_algorithms, check_not_duplicate, check_organisation, check_validity, normalize_domain, CertRole, MinValidity,
    DEFAULT_PARTNER_DOMAINS, MAX_RSA_BITS, MIN_RSA_BITS,
};
pub use resign::{resign, KeyPairSigner, PlatformCa, Signer, SigningAlgorithm, RESIGNED_VALIDITY_DAYS};
pub use validate::{
    leaf_path_by_hand, leaf_path_webpki, validate_ca, validate_intermediate, validate_leaf, validate_root, CaKind,
};
