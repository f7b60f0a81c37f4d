//! Every upload rule with the exact MOSIP code it gives.

mod common;

use chrono::Duration;
use common::{break_signature, issue, issue_for_spki, now, Alg, Chain, Node, Spec};
use pms_trust::{
    check_algorithms, check_not_duplicate, check_validity, leaf_path_by_hand, leaf_path_webpki, validate_ca,
    validate_intermediate, validate_leaf, validate_root, CaKind, CertRole, Certificate, MinValidity, TrustError,
};

const ORG: &str = "Acme Bank";

fn leaf_code(chain: &Chain, cert: &Certificate, now: chrono::DateTime<chrono::Utc>) -> &'static str {
    validate_leaf(cert, &chain.roots(), &chain.intermediate_certs(), ORG, now, MinValidity::PARTNER_UPLOAD)
        .unwrap_err()
        .code()
}

fn root_code(cert: &Certificate, now: chrono::DateTime<chrono::Utc>) -> &'static str {
    validate_root(cert, now, MinValidity::CA_UPLOAD).unwrap_err().code()
}

fn parse(der: &[u8]) -> Certificate {
    Certificate::from_der(der).unwrap()
}

#[test]
fn accepts_good_hierarchies() {
    let now = now();
    for alg in [Alg::P256, Alg::Rsa(0), Alg::P384, Alg::Ed25519] {
        for levels in [0, 1, 2] {
            let chain = Chain::new(alg, levels, ORG, now);
            validate_root(&chain.root.cert, now, MinValidity::CA_UPLOAD).unwrap();
            for (i, inter) in chain.intermediates.iter().enumerate() {
                let known: Vec<Certificate> =
                    std::iter::once(&chain.root).chain(&chain.intermediates[..i]).map(|n| n.cert.clone()).collect();
                let path = validate_intermediate(&inter.cert, &known, now, MinValidity::CA_UPLOAD).unwrap();
                assert_eq!(path.len(), i + 2);
                assert_eq!(path.last(), Some(&chain.root.cert));
            }
            let path = validate_leaf(
                &chain.leaf.cert,
                &chain.roots(),
                &chain.intermediate_certs(),
                ORG,
                now,
                MinValidity::PARTNER_UPLOAD,
            )
            .unwrap();
            let mut expected = vec![chain.leaf.cert.clone()];
            expected.extend(chain.intermediate_certs().into_iter().rev());
            expected.push(chain.root.cert.clone());
            assert_eq!(path, expected, "{alg:?} with {levels} intermediates");
        }
    }
}

#[test]
fn mixed_algorithms_chain() {
    let now = now();
    let root = issue(&Spec::root("RSA Root").alg(Alg::Rsa(0)), None, now);
    let inter = issue(&Spec::root("EC Inter").alg(Alg::P384), Some(&root), now);
    let leaf = issue(&Spec::leaf("Partner", ORG).alg(Alg::Rsa(1)), Some(&inter), now);
    let path = validate_leaf(
        &leaf.cert,
        std::slice::from_ref(&root.cert),
        std::slice::from_ref(&inter.cert),
        ORG,
        now,
        MinValidity::PARTNER_UPLOAD,
    )
    .unwrap();
    assert_eq!(path.len(), 3);
}

#[test]
fn dates() {
    let now = now();
    let expired = issue(&Spec::root("Old").valid(Duration::days(-800), Duration::days(-1)), None, now).cert;
    assert_eq!(root_code(&expired, now), "KER-PCM-004");
    let future = issue(&Spec::root("Future").valid(Duration::days(1), Duration::days(3000)), None, now).cert;
    assert_eq!(root_code(&future, now), "KER-PMS-020");
    let short = issue(&Spec::root("Short").valid(Duration::days(-1), Duration::days(300)), None, now).cert;
    assert_eq!(root_code(&short, now), "KER-PCM-017");
    assert!(validate_root(&short, now, MinValidity::Days(300)).is_ok(), "the minimum is a parameter");

    let chain = Chain::new(Alg::P256, 1, ORG, now);
    let parent = &chain.intermediates[0];
    let short_leaf = issue(&Spec::leaf("Short", ORG).valid(Duration::days(-1), Duration::days(300)), Some(parent), now);
    assert_eq!(leaf_code(&chain, &short_leaf.cert, now), "KER-PCM-004");
    let exactly = issue(&Spec::leaf("Exact", ORG).valid(Duration::days(-1), Duration::days(335)), Some(parent), now);
    assert!(validate_leaf(
        &exactly.cert,
        &chain.roots(),
        &chain.intermediate_certs(),
        ORG,
        now,
        MinValidity::PARTNER_UPLOAD
    )
    .is_ok());
    let future_leaf =
        issue(&Spec::leaf("Future", ORG).valid(Duration::days(2), Duration::days(500)), Some(parent), now);
    assert_eq!(leaf_code(&chain, &future_leaf.cert, now), "KER-PMS-020");
    let expired_leaf =
        issue(&Spec::leaf("Old", ORG).valid(Duration::days(-500), Duration::days(-2)), Some(parent), now);
    assert_eq!(leaf_code(&chain, &expired_leaf.cert, now), "KER-PCM-004");

    let short_inter =
        issue(&Spec::root("Short CA").valid(Duration::days(-1), Duration::days(200)), Some(&chain.root), now);
    let err = validate_intermediate(&short_inter.cert, &chain.cas(), now, MinValidity::CA_UPLOAD).unwrap_err();
    assert_eq!(err.code(), "KER-PCM-017");
}

#[test]
fn moving_time_expires_a_certificate() {
    let now = now();
    let chain = Chain::new(Alg::P256, 1, ORG, now);
    let leaf = &chain.leaf.cert;
    let validity = leaf.not_after() - now;
    assert!(check_validity(leaf, now, MinValidity::NONE, CertRole::Partner).is_ok());
    let later = now + validity + Duration::days(1);
    let err = check_validity(leaf, later, MinValidity::NONE, CertRole::Partner).unwrap_err();
    assert_eq!(err.code(), "KER-PCM-004");
    assert_eq!(leaf_code(&chain, leaf, later), "KER-PCM-004");
    // The CA chain itself expires too: the root's 10 years.
    let much_later = chain.root.cert.not_after() + Duration::days(1);
    assert_eq!(root_code(&chain.root.cert, much_later), "KER-PCM-004");
}

#[test]
fn organisation() {
    let now = now();
    let chain = Chain::new(Alg::P256, 1, ORG, now);
    let parent = &chain.intermediates[0];
    let other = issue(&Spec::leaf("Partner", "Other Bank"), Some(parent), now);
    assert_eq!(leaf_code(&chain, &other.cert, now), "KER-PCM-008");
    let case = issue(&Spec::leaf("Partner", "acme bank"), Some(parent), now);
    assert_eq!(leaf_code(&chain, &case.cert, now), "KER-PCM-008", "exact match, case included");
    let missing = issue(&Spec::leaf("Partner", ORG).org(None), Some(parent), now);
    let err = validate_leaf(
        &missing.cert,
        &chain.roots(),
        &chain.intermediate_certs(),
        ORG,
        now,
        MinValidity::PARTNER_UPLOAD,
    )
    .unwrap_err();
    assert_eq!(err.code(), "KER-PCM-008");
    assert_eq!(err.message(), "Partner Organization Name not Matched.");
    assert!(matches!(err, TrustError::OrganisationMismatch { found: None, .. }));
}

#[test]
fn roles() {
    let now = now();
    let chain = Chain::new(Alg::P256, 1, ORG, now);
    // A self-signed partner certificate.
    let self_signed = issue(&Spec::leaf("Partner", ORG), None, now);
    assert_eq!(leaf_code(&chain, &self_signed.cert, now), "KER-PCM-015");
    // A CA offered as a partner certificate.
    let ca_leaf = issue(&Spec::root("Sub CA").org(Some(ORG)), Some(&chain.intermediates[0]), now);
    assert_eq!(leaf_code(&chain, &ca_leaf.cert, now), "KER-PCM-018");
    // An end-entity certificate offered as a root or an intermediate.
    let mut not_ca = Spec::leaf("Not CA", ORG).valid(Duration::days(-1), Duration::days(800));
    not_ca.ca = None;
    let ee_root = issue(&not_ca, None, now);
    assert_eq!(root_code(&ee_root.cert, now), "KER-PCM-018");
    let ee_inter = issue(&not_ca, Some(&chain.root), now);
    let err = validate_intermediate(&ee_inter.cert, &chain.cas(), now, MinValidity::CA_UPLOAD).unwrap_err();
    assert_eq!(err.code(), "KER-PCM-018");
    // A CA without keyCertSign.
    let mut no_sign = Spec::root("No keyCertSign");
    no_sign.key_cert_sign = false;
    assert_eq!(root_code(&issue(&no_sign, None, now).cert, now), "KER-PCM-018");
    // A root that is not self-issued; a self-signed one uploaded as an intermediate.
    assert_eq!(root_code(&chain.intermediates[0].cert, now), "KER-PCM-018");
    let err = validate_intermediate(&chain.root.cert, &[], now, MinValidity::CA_UPLOAD).unwrap_err();
    assert_eq!(err.code(), "KER-PCM-018");
}

#[test]
fn validate_ca_tells_roots_from_intermediates() {
    let now = now();
    let chain = Chain::new(Alg::P256, 1, ORG, now);
    assert_eq!(validate_ca(&chain.root.cert, &[], now, MinValidity::CA_UPLOAD).unwrap(), CaKind::Root);
    let kind = validate_ca(&chain.intermediates[0].cert, &chain.roots(), now, MinValidity::CA_UPLOAD).unwrap();
    assert_eq!(kind, CaKind::Intermediate { path: vec![chain.intermediates[0].cert.clone(), chain.root.cert.clone()] });
}

#[test]
fn no_path() {
    let now = now();
    let chain = Chain::new(Alg::P256, 1, ORG, now);
    let other_domain = Chain::new(Alg::P256, 1, ORG, now);
    // The roots of another domain (same names, other keys).
    let err = validate_leaf(
        &chain.leaf.cert,
        &other_domain.roots(),
        &other_domain.intermediate_certs(),
        ORG,
        now,
        MinValidity::PARTNER_UPLOAD,
    )
    .unwrap_err();
    assert_eq!(err.code(), "KER-PCM-006");
    assert_eq!(err.message(), "Root CA/Intermediate CA Certificates not found.");
    // No CA at all; the intermediate missing.
    let none = validate_leaf(&chain.leaf.cert, &[], &[], ORG, now, MinValidity::PARTNER_UPLOAD).unwrap_err();
    assert_eq!(none.code(), "KER-PCM-006");
    let missing =
        validate_leaf(&chain.leaf.cert, &chain.roots(), &[], ORG, now, MinValidity::PARTNER_UPLOAD).unwrap_err();
    assert_eq!(missing.code(), "KER-PCM-006");
    // An intermediate whose issuer is unknown.
    let unknown = validate_intermediate(&chain.intermediates[0].cert, &other_domain.cas(), now, MinValidity::CA_UPLOAD)
        .unwrap_err();
    assert_eq!(unknown.code(), "KER-PCM-005");
    assert_eq!(unknown.message(), "Root CA Certificate not found.");
    let nothing = validate_intermediate(&chain.intermediates[0].cert, &[], now, MinValidity::CA_UPLOAD).unwrap_err();
    assert_eq!(nothing.code(), "KER-PCM-005");
}

#[test]
fn broken_signatures() {
    let now = now();
    let chain = Chain::new(Alg::P256, 1, ORG, now);
    let root = parse(&break_signature(chain.root.der()));
    assert!(!root.is_self_signed() && root.is_self_issued());
    assert_eq!(root_code(&root, now), "KER-PCM-001");
    let inter = parse(&break_signature(chain.intermediates[0].der()));
    let err = validate_intermediate(&inter, &chain.roots(), now, MinValidity::CA_UPLOAD).unwrap_err();
    assert_eq!(err.code(), "KER-PCM-005");
    let leaf = parse(&break_signature(chain.leaf.der()));
    assert_eq!(leaf_code(&chain, &leaf, now), "KER-PCM-006");
    // A broken intermediate in the store breaks the partner's path too.
    let err =
        validate_leaf(&chain.leaf.cert, &chain.roots(), &[inter], ORG, now, MinValidity::PARTNER_UPLOAD).unwrap_err();
    assert_eq!(err.code(), "KER-PCM-006");
}

#[test]
fn algorithms() {
    let now = now();
    // SHA-1, genuinely signed: refused for the algorithm, not for the signature.
    let sha1 = parse(&common::sha1_root(now));
    assert_eq!(check_algorithms(&sha1).unwrap_err().code(), "KER-PCM-014");
    assert_eq!(root_code(&sha1, now), "KER-PCM-014");
    let md5 = parse(&common::md5_root(now));
    assert_eq!(md5.signature_algorithm().name(), "MD5withRSA");
    assert_eq!(root_code(&md5, now), "KER-PCM-014");
    // RSA-1024 partner key.
    let chain = Chain::new(Alg::P256, 1, ORG, now);
    let weak = issue_for_spki(&Spec::leaf("Weak", ORG), common::rsa1024_spki(), &chain.intermediates[0], now);
    assert_eq!(weak.key_algorithm(), &pms_trust::KeyAlgorithm::Rsa { bits: 1024 });
    assert_eq!(leaf_code(&chain, &weak, now), "KER-PCM-013");
    // X.509 v1.
    let v1 = parse(&common::v1_root(now));
    let err = validate_root(&v1, now, MinValidity::CA_UPLOAD).unwrap_err();
    assert_eq!(err.code(), "KER-PCM-007");
    assert_eq!(err.message(), "Certificate version not supported.");
    // Outer and inner signature algorithms that differ.
    let node = issue(&Spec::root("Mismatch"), None, now);
    let mut parts = common::tbs_elements(node.der());
    parts[2] = common::ALG_RSA_SHA1.to_vec();
    let mismatch = parse(&common::assemble(&parts, common::ALG_ECDSA_SHA256, &[0x30, 0x00]));
    assert_eq!(check_algorithms(&mismatch).unwrap_err().code(), "KER-PCM-014");
}

#[test]
fn duplicates() {
    let now = now();
    let chain = Chain::new(Alg::P256, 1, ORG, now);
    let err = check_not_duplicate(&chain.root.cert, &chain.cas()).unwrap_err();
    assert_eq!(err.code(), "KER-PCM-003");
    assert!(check_not_duplicate(&chain.leaf.cert, &chain.cas()).is_ok());
}

/// root → `n` intermediates, each issuing the next.
fn ladder(n: usize, now: chrono::DateTime<chrono::Utc>) -> (Node, Vec<Node>) {
    let root = issue(&Spec::root("Ladder Root"), None, now);
    let mut rungs: Vec<Node> = Vec::new();
    for i in 0..n {
        let node = issue(&Spec::root(&format!("Rung {i}")), Some(rungs.last().unwrap_or(&root)), now);
        rungs.push(node);
    }
    (root, rungs)
}

#[test]
fn depth_limit() {
    let now = now();
    let (root, rungs) = ladder(7, now);
    let certs: Vec<Certificate> = rungs.iter().map(|n| n.cert.clone()).collect();
    let roots = vec![root.cert.clone()];
    // Six intermediates below the root are fine, the seventh is one too many.
    let six = issue(&Spec::leaf("Six", ORG), Some(&rungs[5]), now);
    validate_leaf(&six.cert, &roots, &certs[..6], ORG, now, MinValidity::PARTNER_UPLOAD).unwrap();
    let seven = issue(&Spec::leaf("Seven", ORG), Some(&rungs[6]), now);
    let err = validate_leaf(&seven.cert, &roots, &certs, ORG, now, MinValidity::PARTNER_UPLOAD).unwrap_err();
    assert_eq!(err.code(), "KER-PCM-006");
    assert!(leaf_path_webpki(&seven.cert, &roots, &certs, now).is_err());
    let by_hand = leaf_path_by_hand(&seven.cert, &roots, &certs, now).unwrap_err();
    assert!(by_hand.detail().contains("more than 6"), "{}", by_hand.detail());
    // The uploaded intermediate counts: the sixth rung is the last one that may join.
    let mut known = roots.clone();
    known.extend_from_slice(&certs[..5]);
    validate_intermediate(&certs[5], &known, now, MinValidity::CA_UPLOAD).unwrap();
    known.push(certs[5].clone());
    let err = validate_intermediate(&certs[6], &known, now, MinValidity::CA_UPLOAD).unwrap_err();
    assert_eq!(err.code(), "KER-PCM-005");
}

#[test]
fn path_length_constraints() {
    let now = now();
    let root = issue(&Spec::root("Root"), None, now);
    let zero = issue(&Spec::root("Zero").path_len(0), Some(&root), now);
    let below_zero = issue(&Spec::root("Below Zero"), Some(&zero), now);
    let known = vec![root.cert.clone(), zero.cert.clone()];
    let err = validate_intermediate(&below_zero.cert, &known, now, MinValidity::CA_UPLOAD).unwrap_err();
    assert_eq!(err.code(), "KER-PCM-005");
    assert!(err.detail().contains("allows 0"), "{}", err.detail());
    // A partner certificate under it: both validators refuse.
    let leaf = issue(&Spec::leaf("Partner", ORG), Some(&below_zero), now);
    let inters = vec![zero.cert.clone(), below_zero.cert.clone()];
    let roots = vec![root.cert.clone()];
    assert!(leaf_path_webpki(&leaf.cert, &roots, &inters, now).is_err());
    assert!(leaf_path_by_hand(&leaf.cert, &roots, &inters, now).is_err());
    assert_eq!(
        validate_leaf(&leaf.cert, &roots, &inters, ORG, now, MinValidity::PARTNER_UPLOAD).unwrap_err().code(),
        "KER-PCM-006"
    );
    // Directly under the pathLen-0 CA is fine.
    let direct = issue(&Spec::leaf("Direct", ORG), Some(&zero), now);
    validate_leaf(&direct.cert, &roots, &inters, ORG, now, MinValidity::PARTNER_UPLOAD).unwrap();

    // A root's own pathLen: webpki ignores it (an anchor is only a name and a key), the builder does not.
    let tight_root = issue(&Spec::root("Tight Root").path_len(0), None, now);
    let sub = issue(&Spec::root("Sub"), Some(&tight_root), now);
    let err = validate_intermediate(&sub.cert, std::slice::from_ref(&tight_root.cert), now, MinValidity::CA_UPLOAD)
        .unwrap_err();
    assert_eq!(err.code(), "KER-PCM-005");
    let leaf = issue(&Spec::leaf("Partner", ORG), Some(&sub), now);
    let roots = vec![tight_root.cert.clone()];
    let inters = vec![sub.cert.clone()];
    assert!(leaf_path_webpki(&leaf.cert, &roots, &inters, now).is_ok());
    assert!(leaf_path_by_hand(&leaf.cert, &roots, &inters, now).is_err());
    assert_eq!(
        validate_leaf(&leaf.cert, &roots, &inters, ORG, now, MinValidity::PARTNER_UPLOAD).unwrap_err().code(),
        "KER-PCM-006"
    );
}

#[test]
fn hops_must_be_valid_cas_at_now() {
    let now = now();
    let root = issue(&Spec::root("Root"), None, now);
    let expired = issue(&Spec::root("Expired CA").valid(Duration::days(-900), Duration::days(-1)), Some(&root), now);
    let leaf = issue(&Spec::leaf("Partner", ORG), Some(&expired), now);
    let roots = vec![root.cert.clone()];
    let err =
        validate_leaf(&leaf.cert, &roots, std::slice::from_ref(&expired.cert), ORG, now, MinValidity::PARTNER_UPLOAD)
            .unwrap_err();
    assert_eq!(err.code(), "KER-PCM-006");
    assert!(leaf_path_webpki(&leaf.cert, &roots, std::slice::from_ref(&expired.cert), now).is_err());

    // An issuer whose keyUsage lacks keyCertSign: webpki ignores keyUsage, the builder refuses (RFC 5280
    // §4.2.1.3). Stored CAs always have it, since uploads require it.
    let mut spec = Spec::root("No keyCertSign");
    spec.key_cert_sign = false;
    let no_sign = issue(&spec, Some(&root), now);
    let leaf = issue(&Spec::leaf("Partner", ORG), Some(&no_sign), now);
    let inters = vec![no_sign.cert.clone()];
    assert!(leaf_path_webpki(&leaf.cert, &roots, &inters, now).is_ok());
    assert!(leaf_path_by_hand(&leaf.cert, &roots, &inters, now).is_err());
    assert_eq!(
        validate_leaf(&leaf.cert, &roots, &inters, ORG, now, MinValidity::PARTNER_UPLOAD).unwrap_err().code(),
        "KER-PCM-006"
    );
}

#[test]
fn path_search_survives_loops_and_crowds() {
    let now = now();
    // Two CAs that certify each other, neither reaching a root.
    let a_self = issue(&Spec::root("Loop A"), None, now);
    let b = issue(&Spec::root("Loop B"), Some(&a_self), now);
    let a_again = rcgen::KeyPair::from_pem(&a_self.key.serialize_pem()).unwrap();
    let a = common::issue_with_key(&Spec::root("Loop A"), a_again, Some(&b), now);
    assert!(b.cert.authority_key_id() == a.cert.subject_key_id(), "a and b certify each other");
    let leaf = issue(&Spec::leaf("Partner", ORG), Some(&a), now);
    let unrelated_root = issue(&Spec::root("Elsewhere"), None, now);
    let inters = vec![a.cert.clone(), b.cert.clone()];
    let err = validate_leaf(
        &leaf.cert,
        std::slice::from_ref(&unrelated_root.cert),
        &inters,
        ORG,
        now,
        MinValidity::PARTNER_UPLOAD,
    )
    .unwrap_err();
    assert_eq!(err.code(), "KER-PCM-006");
    let err = validate_intermediate(&b.cert, &inters, now, MinValidity::CA_UPLOAD).unwrap_err();
    assert_eq!(err.code(), "KER-PCM-005");
    assert!(leaf_path_by_hand(&leaf.cert, std::slice::from_ref(&unrelated_root.cert), &inters, now).is_err());

    // Many CAs sharing one name, only the last one real: the search still finds it.
    let root = issue(&Spec::root("Crowd Root"), None, now);
    let mut crowd: Vec<Certificate> = (0..30).map(|_| issue(&Spec::root("Crowd CA"), Some(&root), now).cert).collect();
    let real = issue(&Spec::root("Crowd CA"), Some(&root), now);
    crowd.push(real.cert.clone());
    let leaf = issue(&Spec::leaf("Partner", ORG), Some(&real), now);
    let path =
        validate_leaf(&leaf.cert, std::slice::from_ref(&root.cert), &crowd, ORG, now, MinValidity::PARTNER_UPLOAD)
            .unwrap();
    assert_eq!(path[1], real.cert);
}

/// Name constraints of a root bind the intermediates uploaded under it (webpki checks them only for
/// partner certificates) and the partner certificates below, and both checks agree.
#[test]
fn name_constraints_bind_every_certificate_below() {
    let now = now();
    let root = issue(&Spec::root("Bank Root").dns_constraints(&["bank.in"], &["test.bank.in"]), None, now);
    let known = [root.cert.clone()];
    let inside = issue(&Spec::root("Bank CA").dns("ca.bank.in"), Some(&root), now);
    assert!(validate_intermediate(&inside.cert, &known, now, MinValidity::CA_UPLOAD).is_ok());
    let no_names = issue(&Spec::root("Plain CA"), Some(&root), now);
    assert!(validate_intermediate(&no_names.cert, &known, now, MinValidity::CA_UPLOAD).is_ok());

    for outside in ["ca.other.in", "ca.test.bank.in", "notbank.in"] {
        let inter = issue(&Spec::root("Other CA").dns(outside), Some(&root), now);
        let err = validate_intermediate(&inter.cert, &known, now, MinValidity::CA_UPLOAD).unwrap_err();
        assert_eq!(err.code(), "KER-PCM-005", "{outside}: {err:?}");
        assert!(format!("{err:?}").contains("name constraints"), "{err:?}");
    }

    // Partner certificates: the builder and webpki refuse the same leaf.
    let good = issue(&Spec::leaf("Partner", ORG).dns("api.bank.in"), Some(&inside), now);
    let path = |leaf: &Certificate| {
        validate_leaf(leaf, &known, std::slice::from_ref(&inside.cert), ORG, now, MinValidity::PARTNER_UPLOAD)
    };
    assert!(path(&good.cert).is_ok());
    let bad = issue(&Spec::leaf("Partner", ORG).dns("api.test.bank.in"), Some(&inside), now);
    assert_eq!(path(&bad.cert).unwrap_err().code(), "KER-PCM-006");
    let inters = [inside.cert.clone()];
    assert!(pms_trust::leaf_path_webpki(&bad.cert, &known, &inters, now).is_err());
    let by_hand = pms_trust::leaf_path_by_hand(&bad.cert, &known, &inters, now).unwrap_err();
    assert!(format!("{by_hand:?}").contains("excluded subtree"), "{by_hand:?}");
}
