//! Re-signing partner certificates by the platform CA, checked by this crate and independently by the
//! openssl command-line tool.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::Duration;
use common::{issue, now, Alg, Chain, Spec};
use pms_trust::{
    parse_certificates, resign, validate_leaf, KeyAlgorithm, KeyPairSigner, MinValidity, PlatformCa, Signer,
    SigningAlgorithm, TrustError, RESIGNED_VALIDITY_DAYS,
};

const OPENSSL: &str = "/usr/bin/openssl";

/// A fresh folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("pms-trust-{tag}-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(&self, name: &str, data: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, data).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn openssl(args: &[&str], dir: &Path) -> std::process::Output {
    assert!(
        Path::new(OPENSSL).exists(),
        "{OPENSSL} is missing: install the openssl package (apt-get install openssl) to check re-signed certificates"
    );
    Command::new(OPENSSL).args(args).current_dir(dir).output().unwrap()
}

/// `openssl verify` of `cert` against `ca` alone, at the real present (the certificates start at `now`).
fn openssl_verify(ca_pem: &str, cert_pem: &str) {
    let dir = TempDir::new("verify");
    dir.write("ca.pem", ca_pem.as_bytes());
    dir.write("cert.pem", cert_pem.as_bytes());
    let out = openssl(&["verify", "-x509_strict", "-CAfile", "ca.pem", "cert.pem"], &dir.0);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "openssl verify failed: {stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("cert.pem: OK"), "{stdout}");
}

fn check_resign(alg: Alg) {
    let now = now();
    let chain = Chain::new(alg, 1, "Acme Bank", now);
    let leaf = &chain.leaf.cert;
    let (ca, key_pem) = PlatformCa::generate("PMS Platform CA", now).unwrap();
    assert!(key_pem.contains("BEGIN PRIVATE KEY"));

    let resigned = resign(&ca, leaf, now, RESIGNED_VALIDITY_DAYS).unwrap();
    assert_eq!(resigned.subject(), leaf.subject());
    assert_eq!(resigned.subject_der(), leaf.subject_der());
    assert_eq!(resigned.spki_der(), leaf.spki_der());
    assert_eq!(resigned.issuer_der(), ca.certificate().subject_der());
    assert_eq!(resigned.issuer(), "CN=PMS Platform CA");
    assert_eq!(resigned.not_before(), now);
    assert_eq!(resigned.not_after(), now + Duration::days(365));
    assert!(!resigned.is_ca());
    assert!(!resigned.is_self_signed());
    assert_eq!(resigned.version(), 3);
    assert!(resigned.subject_key_id().is_some());
    assert_eq!(resigned.authority_key_id(), ca.certificate().subject_key_id());
    assert_ne!(resigned.serial_hex(), leaf.serial_hex());
    assert_eq!(resigned.organisation(), Some("Acme Bank"));

    // The copy passes the partner rules against the platform CA as its only root.
    let path =
        validate_leaf(&resigned, &[ca.certificate().clone()], &[], "Acme Bank", now, MinValidity::PARTNER_UPLOAD)
            .unwrap();
    assert_eq!(path.len(), 2);

    // And openssl agrees, without this crate in the loop.
    openssl_verify(&ca.to_pem(), resigned.pem());

    let dir = TempDir::new("text");
    dir.write("cert.pem", resigned.pem().as_bytes());
    let out = openssl(&["x509", "-in", "cert.pem", "-noout", "-text"], &dir.0);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Digital Signature"), "{text}");
    let rsa = matches!(leaf.key_algorithm(), KeyAlgorithm::Rsa { .. });
    assert_eq!(text.contains("Key Encipherment"), rsa, "{text}");
    assert!(text.contains("CA:FALSE"), "{text}");

    // A second copy of the same certificate gets its own serial.
    let again = resign(&ca, leaf, now, RESIGNED_VALIDITY_DAYS).unwrap();
    assert_ne!(again.serial_hex(), resigned.serial_hex());
}

#[test]
fn resigns_an_rsa_2048_leaf() {
    check_resign(Alg::Rsa(0));
}

#[test]
fn resigns_an_ecdsa_p256_leaf() {
    check_resign(Alg::P256);
}

#[test]
fn resigns_p384_and_ed25519_leaves() {
    check_resign(Alg::P384);
    check_resign(Alg::Ed25519);
}

#[test]
fn resigned_validity_is_the_requested_one() {
    let now = now();
    let chain = Chain::new(Alg::P256, 0, "Acme", now);
    let (ca, _) = PlatformCa::generate("PMS", now).unwrap();
    let copy = resign(&ca, &chain.leaf.cert, now, 30).unwrap();
    assert_eq!(copy.not_after() - copy.not_before(), Duration::days(30));
}

#[test]
fn platform_ca_round_trips_through_pem() {
    let now = now();
    let (ca, key_pem) = PlatformCa::generate("PMS Platform CA", now).unwrap();
    let cert = ca.certificate();
    assert!(cert.is_ca() && cert.key_cert_sign() && cert.is_self_signed());
    assert_eq!(cert.path_len(), Some(0));
    assert_eq!(cert.not_before(), now);
    assert!(cert.not_after() >= now + Duration::days(3650));
    assert!(pms_trust::validate_root(cert, now, MinValidity::CA_UPLOAD).is_ok());

    let again = PlatformCa::from_pem(&ca.to_pem(), &key_pem).unwrap();
    assert_eq!(again.certificate(), cert);
    let chain = Chain::new(Alg::P256, 0, "Acme", now);
    let copy = resign(&again, &chain.leaf.cert, now, 365).unwrap();
    openssl_verify(&ca.to_pem(), copy.pem());
}

#[test]
fn platform_ca_refuses_a_key_of_another_certificate() {
    let now = now();
    let (ca, _) = PlatformCa::generate("PMS", now).unwrap();
    let (_, other_key) = PlatformCa::generate("Other", now).unwrap();
    let err = PlatformCa::from_pem(&ca.to_pem(), &other_key).unwrap_err();
    assert_eq!(err.code(), "PMS_TRS_002");
    let err = PlatformCa::from_pem(&ca.to_pem(), "not a key").unwrap_err();
    assert_eq!(err.code(), "PMS_TRS_002");
    let leaf = Chain::new(Alg::P256, 0, "Acme", now).leaf;
    let signer = KeyPairSigner::from_pkcs8_pem(&leaf.key.serialize_pem()).unwrap();
    let err = PlatformCa::new(leaf.cert.clone(), Box::new(signer)).unwrap_err();
    assert_eq!(err.code(), "PMS_TRS_002", "an end-entity certificate cannot be the platform CA");
}

/// An RSA platform CA, as keymanager's SHA256withRSA signing certificate is.
#[test]
fn rsa_platform_ca_signs_sha256_with_rsa() {
    let now = now();
    let root = issue(&Spec::root("PMS RSA CA").alg(Alg::Rsa(1)).path_len(0), None, now);
    let signer = KeyPairSigner::from_pkcs8_pem(&root.key.serialize_pem()).unwrap();
    assert_eq!(signer.algorithm(), SigningAlgorithm::RsaPkcs1Sha256);
    let ca = PlatformCa::new(root.cert.clone(), Box::new(signer)).unwrap();
    let chain = Chain::new(Alg::P256, 0, "Acme", now);
    let copy = resign(&ca, &chain.leaf.cert, now, 365).unwrap();
    assert_eq!(copy.signature_algorithm().name(), "SHA256withRSA");
    openssl_verify(&ca.to_pem(), copy.pem());
}

/// A signer that returns garbage, as a broken HSM might.
struct BrokenSigner(KeyPairSigner);

impl Signer for BrokenSigner {
    fn algorithm(&self) -> SigningAlgorithm {
        self.0.algorithm()
    }
    fn spki_der(&self) -> &[u8] {
        self.0.spki_der()
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, TrustError> {
        let mut sig = self.0.sign(message)?;
        if let Some(last) = sig.last_mut() {
            *last ^= 1;
        }
        Ok(sig)
    }
}

/// A signer that fails, as an unreachable HSM does.
struct FailingSigner(KeyPairSigner);

impl Signer for FailingSigner {
    fn algorithm(&self) -> SigningAlgorithm {
        self.0.algorithm()
    }
    fn spki_der(&self) -> &[u8] {
        self.0.spki_der()
    }
    fn sign(&self, _: &[u8]) -> Result<Vec<u8>, TrustError> {
        Err(pms_trust::TrustError::Signing { detail: "HSM unreachable".into(), source: None })
    }
}

#[test]
fn a_faulty_signer_is_caught() {
    let now = now();
    let (ca, key_pem) = PlatformCa::generate("PMS", now).unwrap();
    let leaf = Chain::new(Alg::P256, 0, "Acme", now).leaf.cert;

    let broken = BrokenSigner(KeyPairSigner::from_pkcs8_pem(&key_pem).unwrap());
    let broken_ca = PlatformCa::new(ca.certificate().clone(), Box::new(broken)).unwrap();
    assert_eq!(resign(&broken_ca, &leaf, now, 365).unwrap_err().code(), "PMS_TRS_001");

    let failing = FailingSigner(KeyPairSigner::from_pkcs8_pem(&key_pem).unwrap());
    let failing_ca = PlatformCa::new(ca.certificate().clone(), Box::new(failing)).unwrap();
    assert_eq!(resign(&failing_ca, &leaf, now, 365).unwrap_err().code(), "PMS_TRS_001");
}

#[test]
fn a_subject_rcgen_would_alter_is_refused() {
    // Two OU attributes: rcgen keeps one value per attribute type.
    let now = now();
    let dir = TempDir::new("two-ou");
    let out = openssl(
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "k.pem",
            "-out",
            "c.pem",
            "-days",
            "400",
            "-subj",
            "/C=IN/O=Acme/OU=One/OU=Two/CN=Partner",
        ],
        &dir.0,
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let cert = parse_certificates(&std::fs::read(dir.0.join("c.pem")).unwrap()).unwrap().remove(0);
    let (ca, _) = PlatformCa::generate("PMS", now).unwrap();
    let err = resign(&ca, &cert, now, 365).unwrap_err();
    assert_eq!(err.code(), "KER-PCM-001");
    assert!(err.detail().contains("twice"), "{}", err.detail());
}

/// Verifies a compact JWS with ring against the public key of the certificate in its `x5c` header,
/// returning the header and payload.
fn verify_jws(jws: &str, alg: &'static dyn ring::signature::VerificationAlgorithm) -> (serde_json::Value, Vec<u8>) {
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    use base64::Engine;
    use x509_parser::prelude::FromDer;
    let parts: Vec<&str> = jws.split('.').collect();
    assert_eq!(parts.len(), 3, "{jws}");
    let header: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
    let der = STANDARD.decode(header["x5c"][0].as_str().unwrap()).unwrap();
    let (_, cert) = x509_parser::certificate::X509Certificate::from_der(&der).unwrap();
    let key = ring::signature::UnparsedPublicKey::new(alg, cert.public_key().subject_public_key.data.to_vec());
    let signature = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    key.verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature).expect("the JWS signature verifies");
    (header, URL_SAFE_NO_PAD.decode(parts[1]).unwrap())
}

/// A signer that counts its signatures, standing in for an HSM.
struct CountingSigner(KeyPairSigner, &'static std::sync::atomic::AtomicUsize);

impl Signer for CountingSigner {
    fn algorithm(&self) -> SigningAlgorithm {
        self.0.algorithm()
    }
    fn spki_der(&self) -> &[u8] {
        self.0.spki_der()
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, TrustError> {
        self.1.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.0.sign(message)
    }
}

#[test]
fn the_platform_ca_signs_a_jws_through_its_signer() {
    let now = now();
    let (ca, key_pem) = PlatformCa::generate("PMS Platform CA", now).unwrap();
    static SIGNATURES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let counting = CountingSigner(KeyPairSigner::from_pkcs8_pem(&key_pem).unwrap(), &SIGNATURES);
    let hsm_ca = PlatformCa::new(ca.certificate().clone(), Box::new(counting)).unwrap();
    let jws = hsm_ca.sign_jws("trust-bundle+jwt", br#"{"version":1}"#).unwrap();
    assert_eq!(SIGNATURES.load(std::sync::atomic::Ordering::SeqCst), 1, "signed by the Signer, not a key copy");
    let (header, payload) = verify_jws(&jws, &ring::signature::ECDSA_P256_SHA256_FIXED);
    assert_eq!((header["alg"].as_str(), header["typ"].as_str()), (Some("ES256"), Some("trust-bundle+jwt")));
    assert_eq!(payload, br#"{"version":1}"#);

    let failing = FailingSigner(KeyPairSigner::from_pkcs8_pem(&key_pem).unwrap());
    let failing_ca = PlatformCa::new(ca.certificate().clone(), Box::new(failing)).unwrap();
    assert_eq!(failing_ca.sign_jws("x", b"{}").unwrap_err().code(), "PMS_TRS_001");
}

#[test]
fn an_rsa_platform_ca_signs_rs256() {
    let now = now();
    let root = issue(&Spec::root("PMS RSA CA").alg(Alg::Rsa(1)).path_len(0), None, now);
    let ca =
        PlatformCa::new(root.cert.clone(), Box::new(KeyPairSigner::from_pkcs8_pem(&root.key.serialize_pem()).unwrap()))
            .unwrap();
    let jws = ca.sign_jws("trust-bundle+jwt", b"{}").unwrap();
    let (header, _) = verify_jws(&jws, &ring::signature::RSA_PKCS1_2048_8192_SHA256);
    assert_eq!(header["alg"], "RS256");
}
