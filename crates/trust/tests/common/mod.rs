//! Test hierarchies made on the spot with rcgen, relative to a chosen `now`, plus hand-crafted DER for what
//! rcgen will not make (v1, SHA-1, MD5).
#![allow(dead_code)]

pub mod corpus;

use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};
use pms_trust::Certificate;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    PublicKeyData, SigningKey,
};
use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey};

/// A `now` for the tests: the present, to the second (certificates carry seconds).
pub fn now() -> DateTime<Utc> {
    let t = Utc::now();
    DateTime::from_timestamp(t.timestamp(), 0).unwrap()
}

pub fn to_time(t: DateTime<Utc>) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(t.timestamp()).unwrap()
}

/// RSA keys are slow to make, so each test binary makes a few once and shares them.
fn rsa_key(slot: usize) -> &'static rsa::PrivateKey {
    static KEYS: [OnceLock<rsa::PrivateKey>; 4] = [OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new()];
    KEYS[slot].get_or_init(|| rsa::PrivateKey::new(&mut rand::rng(), 2048).unwrap())
}

/// The public half of a 1024-bit RSA key, as SPKI DER (ring cannot sign with one, but rcgen can certify it).
pub fn rsa1024_spki() -> &'static [u8] {
    static SPKI: OnceLock<Vec<u8>> = OnceLock::new();
    SPKI.get_or_init(|| {
        let key = rsa::PrivateKey::new(&mut rand::rng(), 1024).unwrap();
        key.to_public_key().to_public_key_der().unwrap().as_bytes().to_vec()
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    P256,
    P384,
    Ed25519,
    /// One of four cached RSA-2048 keys.
    Rsa(usize),
}

pub fn key(alg: Alg) -> KeyPair {
    match alg {
        Alg::P256 => KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap(),
        Alg::P384 => KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384).unwrap(),
        Alg::Ed25519 => KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap(),
        Alg::Rsa(slot) => rsa_keypair(slot),
    }
}

pub fn rsa_keypair(slot: usize) -> KeyPair {
    let der = rsa_key(slot).to_pkcs8_der().unwrap();
    let der = rustls_pki_types::PrivatePkcs8KeyDer::from(der.as_bytes().to_vec());
    KeyPair::from_pkcs8_der_and_sign_algo(&der, &rcgen::PKCS_RSA_SHA256).unwrap()
}

/// What to put in a certificate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub cn: String,
    pub org: Option<String>,
    /// `None`: end entity; `Some(None)`: CA without pathLen; `Some(Some(n))`: CA with pathLen n.
    pub ca: Option<Option<u8>>,
    pub key_cert_sign: bool,
    pub not_before: Duration,
    pub not_after: Duration,
    pub alg: Alg,
    /// subjectAltName DNS names.
    pub dns: Vec<String>,
    pub name_constraints: Option<rcgen::NameConstraints>,
}

impl Spec {
    pub fn root(cn: &str) -> Spec {
        Spec {
            cn: cn.into(),
            org: Some("Test Trust".into()),
            ca: Some(None),
            key_cert_sign: true,
            not_before: Duration::days(-1),
            not_after: Duration::days(3650),
            alg: Alg::P256,
            dns: Vec::new(),
            name_constraints: None,
        }
    }

    pub fn leaf(cn: &str, org: &str) -> Spec {
        Spec {
            cn: cn.into(),
            org: Some(org.into()),
            ca: None,
            key_cert_sign: false,
            not_before: Duration::days(-1),
            not_after: Duration::days(400),
            alg: Alg::P256,
            dns: Vec::new(),
            name_constraints: None,
        }
    }

    pub fn alg(mut self, alg: Alg) -> Spec {
        self.alg = alg;
        self
    }

    pub fn path_len(mut self, n: u8) -> Spec {
        self.ca = Some(Some(n));
        self
    }

    pub fn valid(mut self, not_before: Duration, not_after: Duration) -> Spec {
        self.not_before = not_before;
        self.not_after = not_after;
        self
    }

    pub fn dns(mut self, name: &str) -> Spec {
        self.dns.push(name.into());
        self
    }

    /// DNS name constraints: permitted and excluded subtrees.
    pub fn dns_constraints(mut self, permitted: &[&str], excluded: &[&str]) -> Spec {
        let subtrees = |names: &[&str]| names.iter().map(|n| rcgen::GeneralSubtree::DnsName(n.to_string())).collect();
        self.name_constraints = Some(rcgen::NameConstraints {
            permitted_subtrees: subtrees(permitted),
            excluded_subtrees: subtrees(excluded),
        });
        self
    }

    pub fn org(mut self, org: Option<&str>) -> Spec {
        self.org = org.map(str::to_string);
        self
    }

    fn params(&self, now: DateTime<Utc>) -> CertificateParams {
        let mut params = CertificateParams::default();
        let mut name = DistinguishedName::new();
        name.push(DnType::CountryName, "IN");
        if let Some(org) = &self.org {
            name.push(DnType::OrganizationName, org.as_str());
        }
        name.push(DnType::CommonName, self.cn.as_str());
        params.distinguished_name = name;
        params.not_before = to_time(now + self.not_before);
        params.not_after = to_time(now + self.not_after);
        params.use_authority_key_identifier_extension = true;
        params.name_constraints = self.name_constraints.clone();
        params.subject_alt_names =
            self.dns.iter().map(|d| rcgen::SanType::DnsName(d.as_str().try_into().expect("an IA5 DNS name"))).collect();
        match self.ca {
            None => {
                params.is_ca = IsCa::ExplicitNoCa;
                params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
            }
            Some(len) => {
                params.is_ca = IsCa::Ca(match len {
                    None => BasicConstraints::Unconstrained,
                    Some(n) => BasicConstraints::Constrained(n),
                });
                params.key_usages = if self.key_cert_sign {
                    vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign]
                } else {
                    vec![KeyUsagePurpose::CrlSign]
                };
            }
        }
        params
    }
}

/// A made certificate with its key, able to issue more.
pub struct Node {
    pub cert: Certificate,
    pub key: KeyPair,
    params: CertificateParams,
}

impl Node {
    pub fn der(&self) -> &[u8] {
        self.cert.der()
    }
}

/// Makes the certificate of `spec`, self-signed when `issuer` is `None`.
pub fn issue(spec: &Spec, issuer: Option<&Node>, now: DateTime<Utc>) -> Node {
    let key = key(spec.alg);
    issue_with_key(spec, key, issuer, now)
}

pub fn issue_with_key(spec: &Spec, key: KeyPair, issuer: Option<&Node>, now: DateTime<Utc>) -> Node {
    let params = spec.params(now);
    let cert = match issuer {
        None => params.self_signed(&key).unwrap(),
        Some(issuer) => params.signed_by(&key, &Issuer::from_params(&issuer.params, &issuer.key)).unwrap(),
    };
    Node { cert: Certificate::from_der(cert.der()).unwrap(), key, params }
}

/// Certifies a public key nobody here can sign with (RSA-1024).
pub fn issue_for_spki(spec: &Spec, spki: &[u8], issuer: &Node, now: DateTime<Utc>) -> Certificate {
    let public = rcgen::SubjectPublicKeyInfo::from_der(spki).unwrap();
    let cert = spec.params(now).signed_by(&public, &Issuer::from_params(&issuer.params, &issuer.key)).unwrap();
    Certificate::from_der(cert.der()).unwrap()
}

/// root → intermediates (as many as `levels`) → leaf, all of `alg`.
pub struct Chain {
    pub root: Node,
    pub intermediates: Vec<Node>,
    pub leaf: Node,
}

impl Chain {
    pub fn new(alg: Alg, levels: usize, org: &str, now: DateTime<Utc>) -> Chain {
        let root = issue(&Spec::root("Test Root").alg(alg), None, now);
        let mut intermediates: Vec<Node> = Vec::new();
        for level in 0..levels {
            let spec = Spec::root(&format!("Test Intermediate {level}")).alg(alg);
            let node = issue(&spec, Some(intermediates.last().unwrap_or(&root)), now);
            intermediates.push(node);
        }
        let leaf = issue(&Spec::leaf("Partner", org).alg(alg), Some(intermediates.last().unwrap_or(&root)), now);
        Chain { root, intermediates, leaf }
    }

    pub fn roots(&self) -> Vec<Certificate> {
        vec![self.root.cert.clone()]
    }

    pub fn intermediate_certs(&self) -> Vec<Certificate> {
        self.intermediates.iter().map(|n| n.cert.clone()).collect()
    }

    /// Roots and intermediates together, as the CA store of a domain holds them.
    pub fn cas(&self) -> Vec<Certificate> {
        let mut all = self.roots();
        all.extend(self.intermediate_certs());
        all
    }
}

// ---- a little DER, for crafting certificates rcgen will not make

pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else if len < 0x100 {
        out.extend([0x81, len as u8]);
    } else {
        out.extend([0x82, (len >> 8) as u8, len as u8]);
    }
    out.extend_from_slice(content);
    out
}

/// Splits a DER sequence's content into its elements (whole TLVs).
pub fn elements(content: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        let (header, len) = match rest[1] {
            n if n < 0x80 => (2, usize::from(n)),
            0x81 => (3, usize::from(rest[2])),
            0x82 => (4, usize::from(rest[2]) << 8 | usize::from(rest[3])),
            _ => panic!("length form not used here"),
        };
        out.push(rest[..header + len].to_vec());
        rest = &rest[header + len..];
    }
    out
}

/// The content of the outermost element.
pub fn content(der: &[u8]) -> Vec<u8> {
    let e = elements(der);
    assert_eq!(e.len(), 1);
    let whole = &e[0];
    let header = match whole[1] {
        n if n < 0x80 => 2,
        0x81 => 3,
        _ => 4,
    };
    whole[header..].to_vec()
}

/// The TBS elements of a certificate.
pub fn tbs_elements(cert_der: &[u8]) -> Vec<Vec<u8>> {
    let outer = elements(&content(cert_der));
    elements(&content(&outer[0]))
}

/// Assembles a certificate from TBS elements, an algorithm identifier and a signature.
pub fn assemble(tbs_parts: &[Vec<u8>], alg_id: &[u8], signature: &[u8]) -> Vec<u8> {
    let tbs = tlv(0x30, &tbs_parts.concat());
    let mut bits = vec![0u8];
    bits.extend_from_slice(signature);
    tlv(0x30, &[tbs, alg_id.to_vec(), tlv(0x03, &bits)].concat())
}

pub fn sign_and_assemble(tbs_parts: &[Vec<u8>], alg_id: &[u8], sign: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let tbs = tlv(0x30, &tbs_parts.concat());
    let signature = sign(&tbs);
    assemble(tbs_parts, alg_id, &signature)
}

/// ecdsa-with-SHA256
pub const ALG_ECDSA_SHA256: &[u8] = &[0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
/// sha1WithRSAEncryption, NULL
pub const ALG_RSA_SHA1: &[u8] =
    &[0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05, 0x05, 0x00];
/// md5WithRSAEncryption, NULL
pub const ALG_RSA_MD5: &[u8] =
    &[0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x04, 0x05, 0x00];

/// A self-signed X.509 v1 root (no version field, no extensions), ECDSA P-256.
pub fn v1_root(now: DateTime<Utc>) -> Vec<u8> {
    let node = issue(&Spec::root("V1 Root"), None, now);
    let parts = tbs_elements(node.der());
    assert_eq!(parts[0][0], 0xa0, "rcgen writes v3");
    let v1: Vec<Vec<u8>> = parts[1..parts.len() - 1].to_vec();
    sign_and_assemble(&v1, ALG_ECDSA_SHA256, |tbs| SigningKey::sign(&node.key, tbs).unwrap())
}

/// A self-signed root signed with SHA-1 and RSA-2048, properly (the signature verifies).
pub fn sha1_root(now: DateTime<Utc>) -> Vec<u8> {
    let node = issue(&Spec::root("SHA-1 Root").alg(Alg::Rsa(3)), None, now);
    let mut parts = tbs_elements(node.der());
    parts[2] = ALG_RSA_SHA1.to_vec();
    sign_and_assemble(&parts, ALG_RSA_SHA1, |tbs| {
        let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, tbs);
        let mut info = vec![0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14];
        info.extend_from_slice(digest.as_ref());
        rsa_key(3).sign(rsa::Pkcs1v15Sign::new_unprefixed(), &info).unwrap()
    })
}

/// A root that claims MD5 with RSA; its signature is not even computed (the policy refuses it first).
pub fn md5_root(now: DateTime<Utc>) -> Vec<u8> {
    let node = issue(&Spec::root("MD5 Root").alg(Alg::Rsa(3)), None, now);
    let mut parts = tbs_elements(node.der());
    parts[2] = ALG_RSA_MD5.to_vec();
    assemble(&parts, ALG_RSA_MD5, &[0x55; 256])
}

/// The certificate with the last byte of its signature flipped.
pub fn break_signature(der: &[u8]) -> Vec<u8> {
    let mut broken = der.to_vec();
    if let Some(last) = broken.last_mut() {
        *last ^= 0x01;
    }
    broken
}

/// The public key data rcgen would write for a key pair, for comparisons.
pub fn spki_of(key: &KeyPair) -> Vec<u8> {
    key.subject_public_key_info()
}
