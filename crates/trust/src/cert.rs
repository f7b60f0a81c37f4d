//! Reading uploads into owned [`Certificate`] values.

use std::fmt;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};
use chrono::{DateTime, Utc};
use x509_parser::der_parser::asn1_rs::Tag;
use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::{AttributeTypeAndValue, FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;
use x509_parser::x509::{AlgorithmIdentifier, SubjectPublicKeyInfo};

use crate::der;
use crate::error::TrustError;
use crate::names::{Constraints, Name, DIRECTORY_NAME};

/// Uploads larger than this are refused before any parsing.
pub const MAX_INPUT_BYTES: usize = 1024 * 1024;
/// Bundles with more certificates than this are refused: a real chain has a handful.
pub const MAX_CERTIFICATES: usize = 10;

/// Extensions that may be critical: those webpki processes, so that the hand-written path check and
/// webpki refuse the same certificates.
const UNDERSTOOD_CRITICAL_EXTENSIONS: &[&str] = &[
    "2.5.29.15", // keyUsage
    "2.5.29.17", // subjectAltName
    "2.5.29.19", // basicConstraints
    "2.5.29.30", // nameConstraints
    "2.5.29.31", // cRLDistributionPoints
    "2.5.29.37", // extKeyUsage
];

/// Elliptic curve of an EC public key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EcCurve {
    P256,
    P384,
    /// Any other named curve (its OID), or `explicit parameters`.
    Other(String),
}

/// Algorithm and size of a subject public key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum KeyAlgorithm {
    Rsa {
        bits: u32,
    },
    Ec(EcCurve),
    Ed25519,
    /// Anything else, by OID (DSA, Ed448, RSASSA-PSS-only keys, GOST, …).
    Other(String),
}

impl fmt::Display for KeyAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyAlgorithm::Rsa { bits } => write!(f, "RSA {bits}"),
            KeyAlgorithm::Ec(EcCurve::P256) => f.write_str("EC P-256"),
            KeyAlgorithm::Ec(EcCurve::P384) => f.write_str("EC P-384"),
            KeyAlgorithm::Ec(EcCurve::Other(curve)) => write!(f, "EC {curve}"),
            KeyAlgorithm::Ed25519 => f.write_str("Ed25519"),
            KeyAlgorithm::Other(oid) => write!(f, "key algorithm {oid}"),
        }
    }
}

/// Signature algorithm of a certificate (the issuer's signature over it).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    RsaSha256,
    RsaSha384,
    RsaSha512,
    RsaPssSha256,
    RsaPssSha384,
    RsaPssSha512,
    EcdsaSha256,
    EcdsaSha384,
    EcdsaSha512,
    Ed25519,
    RsaSha1,
    RsaSha224,
    RsaMd5,
    RsaMd2,
    /// RSASSA-PSS with another hash (SHA-1 by default when the parameters omit it).
    RsaPssOther,
    EcdsaSha1,
    EcdsaSha224,
    DsaSha1,
    /// Anything else, by OID.
    Other(String),
}

impl SignatureAlgorithm {
    /// Java's name for it, as keymanager reports and checks it (`SHA256withRSA`, …).
    pub fn name(&self) -> &str {
        match self {
            SignatureAlgorithm::RsaSha256 => "SHA256withRSA",
            SignatureAlgorithm::RsaSha384 => "SHA384withRSA",
            SignatureAlgorithm::RsaSha512 => "SHA512withRSA",
            SignatureAlgorithm::RsaPssSha256 => "SHA256withRSA/PSS",
            SignatureAlgorithm::RsaPssSha384 => "SHA384withRSA/PSS",
            SignatureAlgorithm::RsaPssSha512 => "SHA512withRSA/PSS",
            SignatureAlgorithm::EcdsaSha256 => "SHA256withECDSA",
            SignatureAlgorithm::EcdsaSha384 => "SHA384withECDSA",
            SignatureAlgorithm::EcdsaSha512 => "SHA512withECDSA",
            SignatureAlgorithm::Ed25519 => "Ed25519",
            SignatureAlgorithm::RsaSha1 => "SHA1withRSA",
            SignatureAlgorithm::RsaSha224 => "SHA224withRSA",
            SignatureAlgorithm::RsaMd5 => "MD5withRSA",
            SignatureAlgorithm::RsaMd2 => "MD2withRSA",
            SignatureAlgorithm::RsaPssOther => "RSASSA-PSS",
            SignatureAlgorithm::EcdsaSha1 => "SHA1withECDSA",
            SignatureAlgorithm::EcdsaSha224 => "SHA224withECDSA",
            SignatureAlgorithm::DsaSha1 => "SHA1withDSA",
            SignatureAlgorithm::Other(oid) => oid,
        }
    }

    fn from_identifier(id: &AlgorithmIdentifier<'_>) -> SignatureAlgorithm {
        let oid = id.algorithm.to_id_string();
        match oid.as_str() {
            "1.2.840.113549.1.1.11" => SignatureAlgorithm::RsaSha256,
            "1.2.840.113549.1.1.12" => SignatureAlgorithm::RsaSha384,
            "1.2.840.113549.1.1.13" => SignatureAlgorithm::RsaSha512,
            "1.2.840.113549.1.1.14" => SignatureAlgorithm::RsaSha224,
            "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" => SignatureAlgorithm::RsaSha1,
            "1.2.840.113549.1.1.4" => SignatureAlgorithm::RsaMd5,
            "1.2.840.113549.1.1.2" => SignatureAlgorithm::RsaMd2,
            "1.2.840.113549.1.1.10" => pss_hash(id),
            "1.2.840.10045.4.3.2" => SignatureAlgorithm::EcdsaSha256,
            "1.2.840.10045.4.3.3" => SignatureAlgorithm::EcdsaSha384,
            "1.2.840.10045.4.3.4" => SignatureAlgorithm::EcdsaSha512,
            "1.2.840.10045.4.3.1" => SignatureAlgorithm::EcdsaSha224,
            "1.2.840.10045.4.1" => SignatureAlgorithm::EcdsaSha1,
            "1.2.840.10040.4.3" => SignatureAlgorithm::DsaSha1,
            "1.3.101.112" => SignatureAlgorithm::Ed25519,
            _ => SignatureAlgorithm::Other(oid),
        }
    }
}

fn pss_hash(id: &AlgorithmIdentifier<'_>) -> SignatureAlgorithm {
    use x509_parser::signature_algorithm::RsaSsaPssParams;
    let Some(params) = id.parameters.as_ref().and_then(|p| RsaSsaPssParams::try_from(p).ok()) else {
        return SignatureAlgorithm::RsaPssOther;
    };
    match params.hash_algorithm_oid().to_id_string().as_str() {
        "2.16.840.1.101.3.4.2.1" => SignatureAlgorithm::RsaPssSha256,
        "2.16.840.1.101.3.4.2.2" => SignatureAlgorithm::RsaPssSha384,
        "2.16.840.1.101.3.4.2.3" => SignatureAlgorithm::RsaPssSha512,
        _ => SignatureAlgorithm::RsaPssOther,
    }
}

impl fmt::Display for SignatureAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One parsed X.509 certificate, owning everything the trust store needs to know about it.
///
/// Only [`parse_certificates`] makes one, so every value was readable, had no trailing data and no critical
/// extension we do not understand. Equality is equality of the DER encoding.
#[derive(Clone)]
pub struct Certificate {
    der: Vec<u8>,
    pem: String,
    subject: String,
    issuer: String,
    subject_der: Vec<u8>,
    issuer_der: Vec<u8>,
    organisation: Option<String>,
    serial_hex: String,
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
    sha1_thumbprint: String,
    sha256_thumbprint: String,
    subject_key_id: Option<String>,
    authority_key_id: Option<String>,
    is_ca: bool,
    path_len: Option<u32>,
    has_key_usage: bool,
    key_cert_sign: bool,
    has_extended_key_usage: bool,
    is_self_issued: bool,
    is_self_signed: bool,
    key_algorithm: KeyAlgorithm,
    signature_algorithm: SignatureAlgorithm,
    signature_algorithms_match: bool,
    version: u32,
    spki_der: Vec<u8>,
    /// Its subject (as a directory name) and subjectAltNames, for its issuers' name constraints.
    presented_names: Vec<Name>,
    name_constraints: Option<Constraints>,
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Self) -> bool {
        self.der == other.der
    }
}

impl Eq for Certificate {}

impl std::hash::Hash for Certificate {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.der.hash(state);
    }
}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Certificate")
            .field("subject", &self.subject)
            .field("issuer", &self.issuer)
            .field("serial", &self.serial_hex)
            .field("sha1", &self.sha1_thumbprint)
            .finish_non_exhaustive()
    }
}

impl Certificate {
    /// Parses exactly one DER-encoded certificate.
    pub fn from_der(der: &[u8]) -> Result<Certificate, TrustError> {
        let (element, rest) = der::read_tlv(der).map_err(|e| TrustError::invalid(format!("not DER: {e}")))?;
        if !rest.is_empty() {
            return Err(TrustError::invalid(format!("{} bytes after the certificate", rest.len())));
        }
        if element.tag != der::TAG_SEQUENCE {
            return Err(TrustError::invalid("not a certificate"));
        }
        Certificate::from_x509_der(der)
    }

    fn from_x509_der(der: &[u8]) -> Result<Certificate, TrustError> {
        let (rest, x509) = X509Certificate::from_der(der)
            .map_err(|e| TrustError::invalid_from("not a readable X.509 certificate", e.to_string()))?;
        if !rest.is_empty() {
            return Err(TrustError::invalid(format!("{} bytes after the certificate", rest.len())));
        }
        let not_before = timestamp(x509.validity().not_before.timestamp())?;
        let not_after = timestamp(x509.validity().not_after.timestamp())?;
        if not_after < not_before {
            return Err(TrustError::invalid("notAfter lies before notBefore"));
        }

        let mut subject_key_id = None;
        let mut authority_key_id = None;
        let mut basic_constraints = None;
        let mut key_usage = None;
        let mut has_extended_key_usage = false;
        let mut presented_names = vec![DIRECTORY_NAME];
        let mut name_constraints = None;
        for ext in x509.extensions() {
            let oid = ext.oid.to_id_string();
            if ext.critical && !UNDERSTOOD_CRITICAL_EXTENSIONS.contains(&oid.as_str()) {
                return Err(TrustError::invalid(format!("unsupported critical extension {oid}")));
            }
            match ext.parsed_extension() {
                ParsedExtension::SubjectKeyIdentifier(id) => subject_key_id = Some(hex::encode(id.0)),
                ParsedExtension::AuthorityKeyIdentifier(aki) => {
                    authority_key_id = aki.key_identifier.as_ref().map(|id| hex::encode(id.0));
                }
                ParsedExtension::BasicConstraints(bc) => basic_constraints = Some((bc.ca, bc.path_len_constraint)),
                ParsedExtension::KeyUsage(ku) => key_usage = Some(ku.key_cert_sign()),
                ParsedExtension::ExtendedKeyUsage(_) => has_extended_key_usage = true,
                ParsedExtension::SubjectAlternativeName(san) => {
                    presented_names.extend(san.general_names.iter().map(Name::from_general));
                }
                ParsedExtension::NameConstraints(nc) => name_constraints = Some(Constraints::from_extension(nc)),
                ParsedExtension::ParseError { error } if relied_upon(&oid) => {
                    return Err(TrustError::invalid(format!("malformed extension {oid}: {error}")));
                }
                _ => {}
            }
        }

        let organisation = x509.subject().iter_organization().next().and_then(attribute_text);
        let spki = x509.public_key();
        let key_algorithm = key_algorithm(spki)?;
        let subject_der = x509.subject().as_raw().to_vec();
        let issuer_der = x509.issuer().as_raw().to_vec();
        let is_self_issued = subject_der == issuer_der;
        let is_self_signed = is_self_issued && x509.verify_signature(None).is_ok();
        let (is_ca, path_len) = basic_constraints.map_or((false, None), |(ca, len)| (ca, len));

        Ok(Certificate {
            pem: pem_encode("CERTIFICATE", der),
            subject: name_string(x509.subject())?,
            issuer: name_string(x509.issuer())?,
            organisation,
            serial_hex: x509.tbs_certificate.serial.to_str_radix(16),
            not_before,
            not_after,
            sha1_thumbprint: hex::encode(ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, der)),
            sha256_thumbprint: hex::encode(ring::digest::digest(&ring::digest::SHA256, der)),
            subject_key_id,
            authority_key_id,
            is_ca,
            path_len,
            has_key_usage: key_usage.is_some(),
            key_cert_sign: key_usage.unwrap_or(false),
            has_extended_key_usage,
            is_self_issued,
            is_self_signed,
            key_algorithm,
            signature_algorithm: SignatureAlgorithm::from_identifier(&x509.signature_algorithm),
            signature_algorithms_match: x509.signature_algorithm == x509.tbs_certificate.signature,
            version: x509.version().0.saturating_add(1),
            spki_der: spki.raw.to_vec(),
            presented_names,
            name_constraints,
            subject_der,
            issuer_der,
            der: der.to_vec(),
        })
    }

    /// The DER encoding, as uploaded.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// One `CERTIFICATE` PEM block, 64 columns, ending with a newline.
    pub fn pem(&self) -> &str {
        &self.pem
    }

    /// Subject DN as x509-parser prints it: `C=IN, O=Acme, CN=Acme CA`, in encoding order, values not
    /// escaped. For display and storage; compare names with [`Certificate::subject_der`].
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// Issuer DN, printed like [`Certificate::subject`].
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The encoded subject name, as path building compares it.
    pub fn subject_der(&self) -> &[u8] {
        &self.subject_der
    }

    /// The encoded issuer name.
    pub fn issuer_der(&self) -> &[u8] {
        &self.issuer_der
    }

    /// The first organisation (`O`) of the subject, if any.
    pub fn organisation(&self) -> Option<&str> {
        self.organisation.as_deref()
    }

    /// Serial number in lower-case hexadecimal without leading zeros (Java's `BigInteger.toString(16)`).
    pub fn serial_hex(&self) -> &str {
        &self.serial_hex
    }

    pub fn not_before(&self) -> DateTime<Utc> {
        self.not_before
    }

    pub fn not_after(&self) -> DateTime<Utc> {
        self.not_after
    }

    /// SHA-1 of the DER, lower-case hex: keymanager's `certThumbprint`, the duplicate key of a domain.
    pub fn sha1_thumbprint(&self) -> &str {
        &self.sha1_thumbprint
    }

    /// SHA-256 of the DER, lower-case hex.
    pub fn sha256_thumbprint(&self) -> &str {
        &self.sha256_thumbprint
    }

    /// Subject key identifier, lower-case hex.
    pub fn subject_key_id(&self) -> Option<&str> {
        self.subject_key_id.as_deref()
    }

    /// Key identifier of the authority key identifier extension, lower-case hex.
    pub fn authority_key_id(&self) -> Option<&str> {
        self.authority_key_id.as_deref()
    }

    /// basicConstraints `cA`.
    pub fn is_ca(&self) -> bool {
        self.is_ca
    }

    /// basicConstraints `pathLenConstraint`.
    pub fn path_len(&self) -> Option<u32> {
        self.path_len
    }

    /// Whether the keyUsage extension is present at all.
    pub fn has_key_usage(&self) -> bool {
        self.has_key_usage
    }

    /// keyUsage `keyCertSign` (false when keyUsage is absent).
    pub fn key_cert_sign(&self) -> bool {
        self.key_cert_sign
    }

    /// Whether the extendedKeyUsage extension is present.
    pub fn has_extended_key_usage(&self) -> bool {
        self.has_extended_key_usage
    }

    /// Subject and issuer names are identical.
    pub fn is_self_issued(&self) -> bool {
        self.is_self_issued
    }

    /// Self-issued and the signature verifies with the certificate's own key.
    pub fn is_self_signed(&self) -> bool {
        self.is_self_signed
    }

    pub fn key_algorithm(&self) -> &KeyAlgorithm {
        &self.key_algorithm
    }

    pub fn signature_algorithm(&self) -> &SignatureAlgorithm {
        &self.signature_algorithm
    }

    /// The outer signature algorithm equals the one inside the signed part, as RFC 5280 requires.
    pub fn signature_algorithms_match(&self) -> bool {
        self.signature_algorithms_match
    }

    /// X.509 version number: 1, 2 or 3.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The SubjectPublicKeyInfo, DER.
    pub fn spki_der(&self) -> &[u8] {
        &self.spki_der
    }

    /// Whether `issuer`'s key signed this certificate.
    /// Why this certificate's names break `issuer`'s name constraints, if they do.
    pub(crate) fn name_constraint_violation(&self, issuer: &Certificate) -> Option<String> {
        issuer.name_constraints.as_ref()?.violation(&self.presented_names)
    }

    pub(crate) fn is_signed_by(&self, issuer: &Certificate) -> bool {
        let Ok((_, x509)) = X509Certificate::from_der(&self.der) else {
            return false;
        };
        let Ok((_, spki)) = SubjectPublicKeyInfo::from_der(&issuer.spki_der) else {
            return false;
        };
        x509.verify_signature(Some(&spki)).is_ok()
    }
}

/// The extensions path building relies on: a malformed one must not read as absent.
fn relied_upon(oid: &str) -> bool {
    matches!(oid, "2.5.29.14" | "2.5.29.15" | "2.5.29.19" | "2.5.29.35" | "2.5.29.37" | "2.5.29.30" | "2.5.29.17")
}

fn timestamp(seconds: i64) -> Result<DateTime<Utc>, TrustError> {
    DateTime::from_timestamp(seconds, 0).ok_or_else(|| TrustError::invalid("validity date out of range"))
}

fn name_string(name: &x509_parser::x509::X509Name<'_>) -> Result<String, TrustError> {
    name.to_string_with_registry(x509_parser::objects::oid_registry())
        .map_err(|e| TrustError::invalid_from("unreadable distinguished name", e.to_string()))
}

/// Text of a directory string, whatever its ASN.1 string type.
fn attribute_text(attr: &AttributeTypeAndValue<'_>) -> Option<String> {
    let value = attr.attr_value();
    let data = value.data;
    match value.tag() {
        Tag::BmpString => {
            let units: Vec<u16> = data.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            (data.len() % 2 == 0).then(|| String::from_utf16(&units).ok()).flatten()
        }
        Tag::UniversalString => {
            let chars: Option<String> =
                data.chunks_exact(4).map(|c| char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]]))).collect();
            chars.filter(|_| data.len() % 4 == 0)
        }
        _ => std::str::from_utf8(data).ok().map(str::to_string),
    }
}

fn key_algorithm(spki: &SubjectPublicKeyInfo<'_>) -> Result<KeyAlgorithm, TrustError> {
    let oid = spki.algorithm.algorithm.to_id_string();
    Ok(match oid.as_str() {
        "1.2.840.113549.1.1.1" => match spki.parsed() {
            Ok(PublicKey::RSA(rsa)) => KeyAlgorithm::Rsa { bits: bit_length(rsa.modulus) },
            _ => return Err(TrustError::invalid("unreadable RSA public key")),
        },
        "1.2.840.10045.2.1" => {
            let curve = spki.algorithm.parameters.as_ref().and_then(|p| p.as_oid().ok()).map(|o| o.to_id_string());
            KeyAlgorithm::Ec(match curve.as_deref() {
                Some("1.2.840.10045.3.1.7") => EcCurve::P256,
                Some("1.3.132.0.34") => EcCurve::P384,
                Some(other) => EcCurve::Other(other.to_string()),
                None => EcCurve::Other("explicit parameters".to_string()),
            })
        }
        "1.3.101.112" => KeyAlgorithm::Ed25519,
        _ => KeyAlgorithm::Other(oid),
    })
}

/// Bits of an unsigned big-endian integer. x509-parser's own `key_size` miscounts moduli encoded without
/// a leading zero byte.
fn bit_length(bytes: &[u8]) -> u32 {
    let significant: &[u8] = match bytes.iter().position(|b| *b != 0) {
        Some(first) => &bytes[first..],
        None => return 0,
    };
    let whole = u32::try_from(significant.len() - 1).unwrap_or(u32::MAX / 16).saturating_mul(8);
    whole.saturating_add(8 - significant[0].leading_zeros())
}

/// PEM armour (`-----BEGIN <label>-----`, 64-character lines) around DER.
pub fn pem_encode(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let mut out = String::with_capacity(body.len() + body.len() / 64 + 2 * label.len() + 40);
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    for line in body.as_bytes().chunks(64) {
        // base64 output is ASCII, so every chunk is valid UTF-8.
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

/// A certs-only PKCS#7 bundle (DER) of the given certificates, in that order: what keymanager returns as
/// `signedCertificateData` and serves as a trust path. Base64 or PEM-armour it (label `PKCS7`) as the
/// caller needs.
pub fn pkcs7_certs_only(certificates: &[Certificate]) -> Vec<u8> {
    der::pkcs7_certs_only(certificates.iter().map(Certificate::der))
}

/// Reads one upload: PEM (one or more `CERTIFICATE` blocks, or a `PKCS7` block), DER (one certificate or a
/// certs-only PKCS#7 bundle), or the same DER in base64 / base64url without armour (keymanager's p7b form).
///
/// Explanatory text around PEM blocks is ignored, as RFC 7468 allows; anything else that is not exactly
/// certificates is refused with KER-PCM-001: empty input, garbage, a PEM block without its end line or
/// with bad base64, bytes after a DER certificate, other PEM types (keys, CSRs), more than
/// [`MAX_CERTIFICATES`] certificates, more than [`MAX_INPUT_BYTES`] bytes.
pub fn parse_certificates(data: &[u8]) -> Result<Vec<Certificate>, TrustError> {
    if data.len() > MAX_INPUT_BYTES {
        return Err(TrustError::invalid(format!("upload larger than {MAX_INPUT_BYTES} bytes")));
    }
    if data.iter().all(u8::is_ascii_whitespace) {
        return Err(TrustError::invalid("no certificate data"));
    }
    let ders = if data.windows(11).any(|w| w == b"-----BEGIN ") {
        let text = std::str::from_utf8(data).map_err(|_| TrustError::invalid("PEM data is not text"))?;
        pem_certificates(text)?
    } else if data.first() == Some(&der::TAG_SEQUENCE) {
        der_certificates(data)?
    } else if let Some(decoded) = unarmoured_base64(data) {
        der_certificates(&decoded)?
    } else {
        return Err(TrustError::invalid("neither PEM nor DER"));
    };
    if ders.is_empty() {
        return Err(TrustError::invalid("the bundle holds no certificate"));
    }
    if ders.len() > MAX_CERTIFICATES {
        return Err(TrustError::invalid(format!("more than {MAX_CERTIFICATES} certificates")));
    }
    ders.iter().map(|d| Certificate::from_der(d)).collect()
}

/// DER certificates of one DER element: a certificate or a PKCS#7 ContentInfo.
fn der_certificates(data: &[u8]) -> Result<Vec<Vec<u8>>, TrustError> {
    let (element, rest) = der::read_tlv(data).map_err(|e| TrustError::invalid(format!("not DER: {e}")))?;
    if !rest.is_empty() {
        return Err(TrustError::invalid(format!("{} bytes after the DER data", rest.len())));
    }
    if der::looks_like_content_info(&element) {
        let certs = der::pkcs7_certificates(element.whole).map_err(|e| TrustError::invalid(format!("PKCS#7: {e}")))?;
        if certs.len() > MAX_CERTIFICATES {
            return Err(TrustError::invalid(format!("more than {MAX_CERTIFICATES} certificates")));
        }
        Ok(certs.into_iter().map(<[u8]>::to_vec).collect())
    } else {
        Ok(vec![element.whole.to_vec()])
    }
}

fn unarmoured_base64(data: &[u8]) -> Option<Vec<u8>> {
    let compact: Vec<u8> = data.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
    let lenient = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let engine = if compact.iter().any(|b| matches!(b, b'-' | b'_')) {
        GeneralPurpose::new(&alphabet::URL_SAFE, lenient)
    } else {
        GeneralPurpose::new(&alphabet::STANDARD, lenient)
    };
    engine.decode(&compact).ok()
}

fn pem_certificates(text: &str) -> Result<Vec<Vec<u8>>, TrustError> {
    let mut certs = Vec::new();
    let mut open: Option<(&str, String)> = None;
    for line in text.lines() {
        let line = line.trim();
        match open.take() {
            None => {
                if let Some(label) = line.strip_prefix("-----BEGIN ").and_then(|l| l.strip_suffix("-----")) {
                    if label != "CERTIFICATE" && label != "PKCS7" {
                        return Err(TrustError::invalid(format!("PEM block {label:?} is not a certificate")));
                    }
                    open = Some((label, String::new()));
                } else if line.starts_with("-----") {
                    return Err(TrustError::invalid("PEM boundary outside a block"));
                }
            }
            Some((label, mut body)) => {
                if let Some(end) = line.strip_prefix("-----END ").and_then(|l| l.strip_suffix("-----")) {
                    if end != label {
                        return Err(TrustError::invalid(format!("PEM block {label:?} ends as {end:?}")));
                    }
                    let der = STANDARD
                        .decode(body.as_bytes())
                        .map_err(|e| TrustError::invalid_from("PEM block is not valid base64", e))?;
                    if label == "PKCS7" {
                        certs.extend(der_certificates(&der)?);
                    } else {
                        certs.push(der);
                    }
                    if certs.len() > MAX_CERTIFICATES {
                        return Err(TrustError::invalid(format!("more than {MAX_CERTIFICATES} certificates")));
                    }
                } else if line.starts_with("-----") {
                    return Err(TrustError::invalid("PEM block cut short: no END line"));
                } else if line.contains(':') {
                    return Err(TrustError::invalid("PEM headers (encrypted PEM) are not supported"));
                } else {
                    body.push_str(line);
                    open = Some((label, body));
                }
            }
        }
    }
    if open.is_some() {
        return Err(TrustError::invalid("PEM block cut short: no END line"));
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_length_counts_significant_bits() {
        assert_eq!(bit_length(&[]), 0);
        assert_eq!(bit_length(&[0, 0]), 0);
        assert_eq!(bit_length(&[1]), 1);
        assert_eq!(bit_length(&[0x80]), 8);
        assert_eq!(bit_length(&[0x00, 0x80, 0x00]), 16);
        let mut modulus = vec![0u8; 257];
        modulus[1] = 0xc0;
        assert_eq!(bit_length(&modulus), 2048);
    }

    #[test]
    fn pem_is_wrapped_at_64() {
        let pem = pem_encode("CERTIFICATE", &[0u8; 100]);
        let lines: Vec<&str> = pem.lines().collect();
        assert_eq!(lines.first(), Some(&"-----BEGIN CERTIFICATE-----"));
        assert_eq!(lines.last(), Some(&"-----END CERTIFICATE-----"));
        assert!(lines.iter().all(|l| l.len() <= 64 || l.starts_with("-----")));
    }
}
