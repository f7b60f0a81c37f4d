//! The platform CA and the "platform-signed" copy of a partner certificate (keymanager's re-signing).
//!
//! rcgen writes the certificate; the key that signs it sits behind [`Signer`], so a PKCS#11 / HSM signer
//! can replace the software key without any caller changing. rcgen re-encodes names and keys rather than
//! copying them, so every re-signed certificate is checked after signing: same subject and public key
//! bytes as the partner's certificate, issuer bytes equal to the platform CA's subject, and a signature
//! that verifies with the platform CA's key (which also catches a faulty signer).

use std::fmt;

use chrono::{DateTime, Days, Months, Utc};
use rcgen::string::{BmpString, Ia5String, PrintableString, TeletexString, UniversalString};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, DnValue, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    PublicKeyData, SerialNumber, SigningKey,
};
use rustls_pki_types::CertificateDer;
use x509_parser::der_parser::asn1_rs::Tag;
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::x509::SubjectPublicKeyInfo;

use crate::cert::{Certificate, EcCurve, KeyAlgorithm};
use crate::error::TrustError;

/// Days of validity of a re-signed partner certificate (keymanager's
/// `mosip.kernel.partner.issuer.certificate.duration.years=1`).
pub const RESIGNED_VALIDITY_DAYS: u32 = 365;
/// Validity of a generated platform CA.
const PLATFORM_CA_VALIDITY_MONTHS: u32 = 120;

/// How a [`Signer`] signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SigningAlgorithm {
    /// ECDSA on P-256 with SHA-256; signatures DER-encoded (`ECDSA-Sig-Value`), not raw `r || s`.
    EcdsaP256Sha256,
    /// ECDSA on P-384 with SHA-384; signatures DER-encoded.
    EcdsaP384Sha384,
    /// RSA PKCS#1 v1.5 with SHA-256 (`SHA256withRSA`, keymanager's choice).
    RsaPkcs1Sha256,
    Ed25519,
}

impl SigningAlgorithm {
    fn rcgen(self) -> &'static rcgen::SignatureAlgorithm {
        match self {
            SigningAlgorithm::EcdsaP256Sha256 => &rcgen::PKCS_ECDSA_P256_SHA256,
            SigningAlgorithm::EcdsaP384Sha384 => &rcgen::PKCS_ECDSA_P384_SHA384,
            SigningAlgorithm::RsaPkcs1Sha256 => &rcgen::PKCS_RSA_SHA256,
            SigningAlgorithm::Ed25519 => &rcgen::PKCS_ED25519,
        }
    }
}

/// The platform CA's private key, wherever it lives.
///
/// An HSM implementation returns the public key it holds and signs through PKCS#11 (converting ECDSA's raw
/// `r || s` into DER). Implementations must be cheap to call from several threads.
pub trait Signer: Send + Sync {
    fn algorithm(&self) -> SigningAlgorithm;
    /// The public key as SubjectPublicKeyInfo DER.
    fn spki_der(&self) -> &[u8];
    /// Signs `message` (the encoded TBSCertificate) and returns the signature as it goes into the
    /// certificate's BIT STRING.
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, TrustError>;
}

/// A software key held in memory (development, tests, or a key file protected elsewhere).
pub struct KeyPairSigner {
    key: KeyPair,
    algorithm: SigningAlgorithm,
    spki: Vec<u8>,
}

impl fmt::Debug for KeyPairSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPairSigner").field("algorithm", &self.algorithm).finish_non_exhaustive()
    }
}

impl KeyPairSigner {
    /// A new ECDSA P-256 key.
    pub fn generate_p256() -> Result<KeyPairSigner, TrustError> {
        let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)
            .map_err(|e| TrustError::signing("could not generate a key", Some(Box::new(e))))?;
        KeyPairSigner::from_key(key)
    }

    /// A PKCS#8 `PRIVATE KEY` PEM (ECDSA P-256/P-384, Ed25519, or RSA, which signs SHA256withRSA).
    pub fn from_pkcs8_pem(pem: &str) -> Result<KeyPairSigner, TrustError> {
        let key = KeyPair::from_pem(pem)
            .map_err(|e| TrustError::platform_ca("the key is not a usable PKCS#8 PEM", Some(Box::new(e))))?;
        KeyPairSigner::from_key(key)
    }

    fn from_key(key: KeyPair) -> Result<KeyPairSigner, TrustError> {
        let alg = key.algorithm();
        let algorithm = [
            SigningAlgorithm::EcdsaP256Sha256,
            SigningAlgorithm::EcdsaP384Sha384,
            SigningAlgorithm::RsaPkcs1Sha256,
            SigningAlgorithm::Ed25519,
        ]
        .into_iter()
        .find(|a| a.rcgen() == alg)
        .ok_or_else(|| TrustError::platform_ca(format!("unsupported key algorithm {alg:?}"), None))?;
        let spki = key.subject_public_key_info();
        Ok(KeyPairSigner { key, algorithm, spki })
    }

    /// The key as PKCS#8 PEM. Secret: store it encrypted or in a secret store.
    pub fn to_pkcs8_pem(&self) -> String {
        self.key.serialize_pem()
    }
}

impl Signer for KeyPairSigner {
    fn algorithm(&self) -> SigningAlgorithm {
        self.algorithm
    }

    fn spki_der(&self) -> &[u8] {
        &self.spki
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, TrustError> {
        SigningKey::sign(&self.key, message)
            .map_err(|e| TrustError::signing("the key refused to sign", Some(Box::new(e))))
    }
}

/// Adapts a [`Signer`] to rcgen.
struct RcgenKey<'a> {
    signer: &'a dyn Signer,
    raw_public_key: Vec<u8>,
}

impl<'a> RcgenKey<'a> {
    fn new(signer: &'a dyn Signer) -> Result<RcgenKey<'a>, TrustError> {
        let (rest, spki) = SubjectPublicKeyInfo::from_der(signer.spki_der()).map_err(|e| {
            TrustError::platform_ca("the signer's public key is not readable", Some(e.to_string().into()))
        })?;
        if !rest.is_empty() {
            return Err(TrustError::platform_ca("bytes after the signer's public key", None));
        }
        Ok(RcgenKey { signer, raw_public_key: spki.subject_public_key.data.to_vec() })
    }
}

impl PublicKeyData for RcgenKey<'_> {
    fn subject_public_key_info(&self) -> Vec<u8> {
        self.signer.spki_der().to_vec()
    }

    fn der_bytes(&self) -> &[u8] {
        &self.raw_public_key
    }

    fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
        self.signer.algorithm().rcgen()
    }
}

impl SigningKey for RcgenKey<'_> {
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        // rcgen's error type cannot carry ours; the signer's own error is lost here, so signers should log
        // their failures themselves.
        self.signer.sign(msg).map_err(|_| rcgen::Error::RingUnspecified)
    }
}

/// The partner's public key, handed to rcgen as it is.
struct PartnerKey<'a> {
    spki: &'a [u8],
    raw: Vec<u8>,
    algorithm: &'static rcgen::SignatureAlgorithm,
}

impl<'a> PartnerKey<'a> {
    fn new(leaf: &'a Certificate) -> Result<PartnerKey<'a>, TrustError> {
        let algorithm = match leaf.key_algorithm() {
            // Only the key part of these is used: rcgen writes the SubjectPublicKeyInfo from it.
            KeyAlgorithm::Rsa { .. } => &rcgen::PKCS_RSA_SHA256,
            KeyAlgorithm::Ec(EcCurve::P256) => &rcgen::PKCS_ECDSA_P256_SHA256,
            KeyAlgorithm::Ec(EcCurve::P384) => &rcgen::PKCS_ECDSA_P384_SHA384,
            KeyAlgorithm::Ed25519 => &rcgen::PKCS_ED25519,
            other => return Err(TrustError::WeakKey { detail: format!("{other} cannot be re-signed") }),
        };
        let (_, spki) = SubjectPublicKeyInfo::from_der(leaf.spki_der())
            .map_err(|e| TrustError::invalid_from("unreadable public key", e.to_string()))?;
        Ok(PartnerKey { spki: leaf.spki_der(), raw: spki.subject_public_key.data.to_vec(), algorithm })
    }
}

impl PublicKeyData for PartnerKey<'_> {
    fn subject_public_key_info(&self) -> Vec<u8> {
        self.spki.to_vec()
    }

    fn der_bytes(&self) -> &[u8] {
        &self.raw
    }

    fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
        self.algorithm
    }
}

/// The platform's own CA: its certificate and the signer of its key.
pub struct PlatformCa {
    certificate: Certificate,
    signer: Box<dyn Signer>,
}

impl fmt::Debug for PlatformCa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlatformCa").field("certificate", &self.certificate).finish_non_exhaustive()
    }
}

impl PlatformCa {
    /// Pairs a CA certificate with the signer of its key. Refused (PMS_TRS_002) when the signer's public
    /// key is not the certificate's, the certificate is not a CA allowed to sign certificates, or rcgen
    /// cannot reproduce its subject as an issuer name.
    pub fn new(certificate: Certificate, signer: Box<dyn Signer>) -> Result<PlatformCa, TrustError> {
        if signer.spki_der() != certificate.spki_der() {
            return Err(TrustError::platform_ca("the key does not belong to the certificate", None));
        }
        if !certificate.is_ca() || (certificate.has_key_usage() && !certificate.key_cert_sign()) {
            return Err(TrustError::platform_ca("the certificate is not a CA allowed to sign certificates", None));
        }
        let ca = PlatformCa { certificate, signer };
        ca.issuer()?;
        Ok(ca)
    }

    /// A new self-signed ECDSA P-256 CA named `CN=<subject_cn>`, valid from `now` for ten years, allowed to
    /// issue end-entity certificates only (pathLen 0). Returns the CA and its key as PKCS#8 PEM, which the
    /// caller must keep secret.
    pub fn generate(subject_cn: &str, now: DateTime<Utc>) -> Result<(PlatformCa, String), TrustError> {
        let signer = KeyPairSigner::generate_p256()?;
        let mut params = CertificateParams::default();
        let mut name = DistinguishedName::new();
        name.push(DnType::CommonName, subject_cn);
        params.distinguished_name = name;
        params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        params.key_usages =
            vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
        params.serial_number = Some(random_serial()?);
        let until = now
            .checked_add_months(Months::new(PLATFORM_CA_VALIDITY_MONTHS))
            .ok_or_else(|| TrustError::platform_ca("validity end out of range", None))?;
        params.not_before = offset_time(now)?;
        params.not_after = offset_time(until)?;
        let cert = params
            .self_signed(&signer.key)
            .map_err(|e| TrustError::platform_ca("could not create the CA certificate", Some(Box::new(e))))?;
        let certificate = Certificate::from_der(cert.der())?;
        let key_pem = signer.to_pkcs8_pem();
        Ok((PlatformCa::new(certificate, Box::new(signer))?, key_pem))
    }

    /// A CA from its certificate PEM and its PKCS#8 key PEM.
    pub fn from_pem(cert_pem: &str, key_pem: &str) -> Result<PlatformCa, TrustError> {
        let mut certs = crate::parse_certificates(cert_pem.as_bytes())?;
        if certs.len() != 1 {
            return Err(TrustError::platform_ca("expected exactly one CA certificate", None));
        }
        let certificate = certs.remove(0);
        PlatformCa::new(certificate, Box::new(KeyPairSigner::from_pkcs8_pem(key_pem)?))
    }

    /// The CA certificate as PEM (never the key).
    pub fn to_pem(&self) -> String {
        self.certificate.pem().to_string()
    }

    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    pub(crate) fn signer(&self) -> &dyn Signer {
        self.signer.as_ref()
    }

    fn issuer(&self) -> Result<Issuer<'static, RcgenKey<'_>>, TrustError> {
        let key = RcgenKey::new(self.signer.as_ref())?;
        Issuer::from_ca_cert_der(&CertificateDer::from(self.certificate.der()), key)
            .map_err(|e| TrustError::platform_ca("rcgen cannot use the CA certificate", Some(Box::new(e))))
    }
}

/// The platform-signed copy of a partner certificate: the partner's subject and public key, issued by the
/// platform CA, valid from `now` for `validity_days` days ([`RESIGNED_VALIDITY_DAYS`] in MOSIP), with a
/// random serial, subject and authority key identifiers, keyUsage digitalSignature (plus keyEncipherment
/// for RSA keys) and basicConstraints `cA=false`. The signature algorithm is the platform CA's.
///
/// KER-PCM-001 when the subject cannot be reproduced exactly (multi-valued RDNs, an attribute type present
/// twice, or a string type rcgen does not write); PMS_TRS_001 when the signer fails or its signature does
/// not verify.
pub fn resign(
    ca: &PlatformCa,
    leaf: &Certificate,
    now: DateTime<Utc>,
    validity_days: u32,
) -> Result<Certificate, TrustError> {
    let key = PartnerKey::new(leaf)?;
    let mut params = CertificateParams::default();
    params.distinguished_name = copy_name(leaf)?;
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    if matches!(leaf.key_algorithm(), KeyAlgorithm::Rsa { .. }) {
        params.key_usages.push(KeyUsagePurpose::KeyEncipherment);
    }
    params.use_authority_key_identifier_extension = true;
    params.serial_number = Some(random_serial()?);
    let until = now
        .checked_add_days(Days::new(u64::from(validity_days)))
        .ok_or_else(|| TrustError::signing("validity end out of range", None))?;
    params.not_before = offset_time(now)?;
    params.not_after = offset_time(until)?;

    let issuer = ca.issuer()?;
    let signed = params
        .signed_by(&key, &issuer)
        .map_err(|e| TrustError::signing("the platform CA could not sign", Some(Box::new(e))))?;
    let resigned = Certificate::from_der(signed.der())?;

    if resigned.subject_der() != leaf.subject_der() {
        return Err(TrustError::invalid("the subject name cannot be reproduced exactly in the re-signed copy"));
    }
    if resigned.spki_der() != leaf.spki_der() {
        return Err(TrustError::invalid("the public key cannot be reproduced exactly in the re-signed copy"));
    }
    if resigned.issuer_der() != ca.certificate.subject_der() {
        return Err(TrustError::platform_ca("rcgen did not reproduce the CA's name as issuer", None));
    }
    if !resigned.is_signed_by(&ca.certificate) {
        return Err(TrustError::signing("the signer's signature does not verify with the CA's key", None));
    }
    Ok(resigned)
}

/// The partner's subject in rcgen's terms, refusing what rcgen would silently change: its names are maps
/// (a repeated attribute type would keep only the last value) of single-attribute RDNs.
fn copy_name(leaf: &Certificate) -> Result<DistinguishedName, TrustError> {
    let (_, x509) = X509Certificate::from_der(leaf.der())
        .map_err(|e| TrustError::invalid_from("not a readable X.509 certificate", e.to_string()))?;
    let cannot = |why: &str| TrustError::invalid(format!("the subject cannot be copied: {why}"));
    let mut name = DistinguishedName::new();
    let mut seen: Vec<DnType> = Vec::new();
    for rdn in x509.subject().iter() {
        let mut attributes = rdn.iter();
        let (Some(attr), None) = (attributes.next(), attributes.next()) else {
            return Err(cannot("multi-valued or empty RDN"));
        };
        let oid: Vec<u64> = attr.attr_type().iter().ok_or_else(|| cannot("attribute type too large"))?.collect();
        let ty = DnType::from_oid(&oid);
        if seen.contains(&ty) {
            return Err(cannot("an attribute type appears twice"));
        }
        seen.push(ty.clone());
        let value = attr.attr_value();
        let data = value.data;
        let text = || std::str::from_utf8(data).map_err(|_| cannot("attribute value is not text"));
        let bad = |_| cannot("attribute value does not fit its string type");
        let value = match value.tag() {
            Tag::Utf8String => DnValue::Utf8String(text()?.to_string()),
            Tag::PrintableString => DnValue::PrintableString(PrintableString::try_from(text()?).map_err(bad)?),
            Tag::Ia5String => DnValue::Ia5String(Ia5String::try_from(text()?).map_err(bad)?),
            Tag::T61String => DnValue::TeletexString(TeletexString::try_from(text()?).map_err(bad)?),
            Tag::BmpString => DnValue::BmpString(BmpString::from_utf16be(data.to_vec()).map_err(bad)?),
            Tag::UniversalString => {
                DnValue::UniversalString(UniversalString::from_utf32be(data.to_vec()).map_err(bad)?)
            }
            _ => return Err(cannot("unsupported attribute value type")),
        };
        name.push(ty, value);
    }
    Ok(name)
}

/// 16 random bytes, positive and without a leading zero byte, so the encoding keeps all of them.
fn random_serial() -> Result<SerialNumber, TrustError> {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 16];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| TrustError::signing("no randomness for a serial number", None))?;
    bytes[0] = (bytes[0] & 0x7f) | 0x40;
    Ok(SerialNumber::from_slice(&bytes))
}

fn offset_time(at: DateTime<Utc>) -> Result<time::OffsetDateTime, TrustError> {
    time::OffsetDateTime::from_unix_timestamp(at.timestamp())
        .map_err(|e| TrustError::signing("date out of range for a certificate", Some(Box::new(e))))
}
