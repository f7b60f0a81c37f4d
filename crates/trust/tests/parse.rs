//! Reading uploads: formats, refusals and the fields of a parsed certificate.

mod common;

use std::process::Command;

use base64::Engine;
use chrono::Duration;
use common::{issue, now, Alg, Chain, Spec};
use pms_trust::{
    parse_certificates, pkcs7_certs_only, Certificate, EcCurve, KeyAlgorithm, SignatureAlgorithm, MAX_CERTIFICATES,
    MAX_INPUT_BYTES,
};

fn code(data: &[u8]) -> &'static str {
    parse_certificates(data).unwrap_err().code()
}

fn pems(certs: &[&Certificate]) -> String {
    certs.iter().map(|c| c.pem()).collect()
}

#[test]
fn reads_pem_der_and_bundles() {
    let now = now();
    let chain = Chain::new(Alg::P256, 1, "Acme", now);
    let (root, inter, leaf) = (&chain.root.cert, &chain.intermediates[0].cert, &chain.leaf.cert);

    assert_eq!(parse_certificates(leaf.pem().as_bytes()).unwrap(), vec![leaf.clone()]);
    assert_eq!(parse_certificates(leaf.der()).unwrap(), vec![leaf.clone()]);
    let all = pems(&[leaf, inter, root]);
    assert_eq!(parse_certificates(all.as_bytes()).unwrap(), vec![leaf.clone(), inter.clone(), root.clone()]);

    // CRLF line ends, indentation and explanatory text around blocks (RFC 7468).
    let crlf = format!("subject=CN=Partner\r\n{}\r\n", leaf.pem().replace('\n', "\r\n  "));
    assert_eq!(parse_certificates(crlf.as_bytes()).unwrap(), vec![leaf.clone()]);

    // Certs-only PKCS#7: DER, PEM, and keymanager's unarmoured base64url.
    let p7 = pkcs7_certs_only(&[leaf.clone(), inter.clone(), root.clone()]);
    assert_eq!(parse_certificates(&p7).unwrap().len(), 3);
    let p7_pem = format!(
        "-----BEGIN PKCS7-----\n{}\n-----END PKCS7-----\n",
        base64::engine::general_purpose::STANDARD.encode(&p7)
    );
    assert_eq!(parse_certificates(p7_pem.as_bytes()).unwrap().len(), 3);
    let p7_url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&p7);
    assert_eq!(parse_certificates(p7_url.as_bytes()).unwrap().len(), 3);
    let der_b64 = base64::engine::general_purpose::STANDARD.encode(leaf.der());
    assert_eq!(parse_certificates(der_b64.as_bytes()).unwrap(), vec![leaf.clone()]);
}

#[test]
fn refuses_what_is_not_exactly_certificates() {
    let now = now();
    let chain = Chain::new(Alg::P256, 0, "Acme", now);
    let leaf = &chain.leaf.cert;
    let pem = leaf.pem();

    assert_eq!(code(b""), "KER-PCM-001", "empty");
    assert_eq!(code(b"  \n\t\r\n"), "KER-PCM-001", "blank");
    assert_eq!(code(b"hello, this is not a certificate"), "KER-PCM-001", "garbage text");
    assert_eq!(code(&[0x30, 0x03, 0x02, 0x01, 0x00]), "KER-PCM-001", "DER that is no certificate");
    assert_eq!(code(&[0xff; 64]), "KER-PCM-001", "binary garbage");

    let cut = &pem[..pem.len() / 2];
    assert_eq!(code(cut.as_bytes()), "KER-PCM-001", "PEM cut in the middle");
    let no_end = pem.replace("-----END CERTIFICATE-----\n", "");
    assert_eq!(code(no_end.as_bytes()), "KER-PCM-001", "PEM without END");
    let lines: Vec<&str> = pem.lines().collect();
    let short_body = format!("{}\n{}\n{}\n", lines[0], lines[1], lines[lines.len() - 1]);
    assert_eq!(code(short_body.as_bytes()), "KER-PCM-001", "PEM whose body lost lines");
    let bad_b64 = pem.replacen('M', "!", 1);
    assert_eq!(code(bad_b64.as_bytes()), "KER-PCM-001", "bad base64");
    let mismatched = pem.replace("END CERTIFICATE", "END PKCS7");
    assert_eq!(code(mismatched.as_bytes()), "KER-PCM-001", "END of another label");
    let key = chain.leaf.key.serialize_pem();
    assert_eq!(code(key.as_bytes()), "KER-PCM-001", "a private key");
    assert_eq!(code(format!("{pem}{key}").as_bytes()), "KER-PCM-001", "a certificate with its key");
    let empty_block = "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
    assert_eq!(code(empty_block.as_bytes()), "KER-PCM-001", "empty block");
    let headers = pem.replacen("\n", "\nProc-Type: 4,ENCRYPTED\n\n", 1);
    assert_eq!(code(headers.as_bytes()), "KER-PCM-001", "PEM headers");

    let mut trailing = leaf.der().to_vec();
    trailing.extend_from_slice(b"junk");
    assert_eq!(code(&trailing), "KER-PCM-001", "trailing garbage after DER");
    let mut two_ders = leaf.der().to_vec();
    two_ders.extend_from_slice(chain.root.der());
    assert_eq!(code(&two_ders), "KER-PCM-001", "two concatenated DER certificates");
    assert_eq!(code(&leaf.der()[..leaf.der().len() - 1]), "KER-PCM-001", "truncated DER");

    let mut p7 = pkcs7_certs_only(std::slice::from_ref(leaf));
    assert_eq!(code(&pkcs7_certs_only(&[])), "KER-PCM-001", "PKCS#7 without certificates");
    p7.push(0);
    assert_eq!(code(&p7), "KER-PCM-001", "PKCS#7 with trailing data");
}

#[test]
fn bounds_size_and_count() {
    let now = now();
    let leaf = Chain::new(Alg::P256, 0, "Acme", now).leaf.cert;
    let max: Vec<Certificate> = vec![leaf.clone(); MAX_CERTIFICATES];
    let refs: Vec<&Certificate> = max.iter().collect();
    assert_eq!(parse_certificates(pems(&refs).as_bytes()).unwrap().len(), MAX_CERTIFICATES);
    let too_many = format!("{}{}", pems(&refs), leaf.pem());
    assert_eq!(code(too_many.as_bytes()), "KER-PCM-001", "PEM blocks");
    let mut bundle = max.clone();
    bundle.push(leaf.clone());
    assert_eq!(code(&pkcs7_certs_only(&bundle)), "KER-PCM-001", "PKCS#7 certificates");

    let mut padded = leaf.pem().to_string();
    padded.push_str(&" ".repeat(MAX_INPUT_BYTES));
    let err = parse_certificates(padded.as_bytes()).unwrap_err();
    assert_eq!(err.code(), "KER-PCM-001");
    assert!(err.detail().contains("larger"), "{}", err.detail());
}

#[test]
fn exposes_the_fields() {
    let now = now();
    let chain = Chain::new(Alg::P256, 1, "Acme Bank", now);
    let root = &chain.root.cert;
    let inter = &chain.intermediates[0].cert;
    let leaf = &chain.leaf.cert;

    assert_eq!(leaf.subject(), "C=IN, O=Acme Bank, CN=Partner");
    assert_eq!(leaf.issuer(), "C=IN, O=Test Trust, CN=Test Intermediate 0");
    assert_eq!(leaf.issuer_der(), inter.subject_der());
    assert_eq!(leaf.organisation(), Some("Acme Bank"));
    assert_eq!(leaf.not_before(), now - Duration::days(1));
    assert_eq!(leaf.not_after(), now + Duration::days(400));
    assert_eq!(leaf.version(), 3);
    assert!(!leaf.is_ca() && !leaf.is_self_issued() && !leaf.is_self_signed());
    assert_eq!(leaf.path_len(), None);
    assert_eq!(leaf.key_algorithm(), &KeyAlgorithm::Ec(EcCurve::P256));
    assert_eq!(leaf.signature_algorithm(), &SignatureAlgorithm::EcdsaSha256);
    assert_eq!(leaf.signature_algorithm().name(), "SHA256withECDSA");
    assert_eq!(leaf.spki_der(), common::spki_of(&chain.leaf.key).as_slice());
    assert_eq!(leaf.authority_key_id(), inter.subject_key_id());
    assert!(leaf.subject_key_id().is_some());
    let sha1 = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, leaf.der());
    assert_eq!(leaf.sha1_thumbprint(), hex::encode(sha1));
    let sha256 = ring::digest::digest(&ring::digest::SHA256, leaf.der());
    assert_eq!(leaf.sha256_thumbprint(), hex::encode(sha256));
    assert_eq!(leaf.sha1_thumbprint().len(), 40);

    assert!(root.is_ca() && root.key_cert_sign() && root.has_key_usage() && root.is_self_signed());
    assert!(inter.is_ca() && !inter.is_self_issued());

    let rsa = issue(&Spec::root("RSA").alg(Alg::Rsa(0)).path_len(2), None, now).cert;
    assert_eq!(rsa.key_algorithm(), &KeyAlgorithm::Rsa { bits: 2048 });
    assert_eq!(rsa.signature_algorithm().name(), "SHA256withRSA");
    assert_eq!(rsa.path_len(), Some(2));
    let p384 = issue(&Spec::root("P384").alg(Alg::P384), None, now).cert;
    assert_eq!(p384.key_algorithm(), &KeyAlgorithm::Ec(EcCurve::P384));
    assert_eq!(p384.signature_algorithm(), &SignatureAlgorithm::EcdsaSha384);
    let ed = issue(&Spec::root("Ed").alg(Alg::Ed25519), None, now).cert;
    assert_eq!(ed.key_algorithm(), &KeyAlgorithm::Ed25519);

    let v1 = Certificate::from_der(&common::v1_root(now)).unwrap();
    assert_eq!(v1.version(), 1);
    assert!(v1.is_self_signed());
    let sha1_root = Certificate::from_der(&common::sha1_root(now)).unwrap();
    assert_eq!(sha1_root.signature_algorithm(), &SignatureAlgorithm::RsaSha1);
    assert!(sha1_root.is_self_signed(), "the crafted SHA-1 signature is genuine");
}

#[test]
fn fields_agree_with_openssl() {
    let now = now();
    let leaf = Chain::new(Alg::Rsa(0), 0, "Acme", now).leaf.cert;
    let dir = std::env::temp_dir().join(format!("pms-trust-fields-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cert.pem");
    std::fs::write(&file, leaf.pem()).unwrap();
    let out = Command::new("/usr/bin/openssl")
        .args(["x509", "-noout", "-serial", "-fingerprint", "-sha1", "-in"])
        .arg(&file)
        .output()
        .expect("/usr/bin/openssl is needed by this test");
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap().to_lowercase().replace(':', "");
    let serial = text.lines().find_map(|l| l.strip_prefix("serial=")).unwrap();
    assert_eq!(serial.trim_start_matches('0'), leaf.serial_hex());
    let fingerprint = text.lines().find_map(|l| l.split_once("fingerprint=").map(|(_, f)| f.to_string())).unwrap();
    assert_eq!(fingerprint, leaf.sha1_thumbprint());
}

#[test]
fn pkcs7_bundle_is_read_by_openssl() {
    let now = now();
    let chain = Chain::new(Alg::P256, 1, "Acme", now);
    let bundle =
        pkcs7_certs_only(&[chain.leaf.cert.clone(), chain.intermediates[0].cert.clone(), chain.root.cert.clone()]);
    let dir = std::env::temp_dir().join(format!("pms-trust-p7-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bundle.p7b");
    std::fs::write(&file, &bundle).unwrap();
    let out = Command::new("/usr/bin/openssl")
        .args(["pkcs7", "-inform", "DER", "-print_certs", "-in"])
        .arg(&file)
        .output()
        .expect("/usr/bin/openssl is needed by this test");
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(parse_certificates(text.as_bytes()).unwrap().len(), 3, "{text}");
}

#[test]
fn unknown_critical_extensions_are_refused() {
    let now = now();
    let mut params = rcgen::CertificateParams::default();
    params.distinguished_name.push(rcgen::DnType::CommonName, "Critical");
    params.not_before = common::to_time(now);
    params.not_after = common::to_time(now + Duration::days(400));
    let mut ext = rcgen::CustomExtension::from_oid_content(&[1, 2, 3, 4], vec![0x05, 0x00]);
    ext.set_criticality(true);
    params.custom_extensions = vec![ext];
    let key = common::key(Alg::P256);
    let cert = params.self_signed(&key).unwrap();
    let err = Certificate::from_der(cert.der()).unwrap_err();
    assert_eq!(err.code(), "KER-PCM-001");
    assert!(err.detail().contains("1.2.3.4"), "{}", err.detail());
}
