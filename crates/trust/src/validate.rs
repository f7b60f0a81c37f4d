//! Upload rules for root CAs, intermediate CAs and partner certificates.
//!
//! Check order (the first failing rule gives the error): algorithms and version, dates, the certificate's
//! role, then (partner) organisation, then the trust path. keymanager checks dates first and the version
//! late; ours puts the cheap structural rules first so that a path failure never hides a precise reason
//! (webpki would refuse a v1 or SHA-1 certificate as merely "no path").

use std::time::Duration;

use chrono::{DateTime, Utc};
use rustls_pki_types::{CertificateDer, TrustAnchor, UnixTime};
use webpki::{EndEntityCert, KeyUsage};

use crate::cert::Certificate;
use crate::error::TrustError;
use crate::path::Search;
use crate::policy::{check_algorithms, check_organisation, check_validity, CertRole, MinValidity};

/// What an uploaded CA certificate is, once accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaKind {
    Root,
    /// The path from the certificate (first) up to its root (last).
    Intermediate {
        path: Vec<Certificate>,
    },
}

/// A root CA upload: v3 and algorithm rules, dates with `min` remaining (KER-PMS-020 / KER-PCM-004 /
/// KER-PCM-017), self-issued (else KER-PCM-018) with a signature that verifies with its own key (else
/// KER-PCM-001), `cA=true` and keyUsage with keyCertSign (else KER-PCM-018).
pub fn validate_root(cert: &Certificate, now: DateTime<Utc>, min: MinValidity) -> Result<(), TrustError> {
    check_algorithms(cert)?;
    check_validity(cert, now, min, CertRole::Ca)?;
    if !cert.is_self_issued() {
        return Err(TrustError::WrongType { detail: "a root CA names itself as its issuer".to_string() });
    }
    if !cert.is_self_signed() {
        return Err(TrustError::invalid("the signature does not verify with the certificate's own key"));
    }
    check_ca_flags(cert)
}

/// An intermediate CA upload: the rules of a root except self-signature, then a path through `known_cas`
/// (the domain's stored roots and intermediates, in any order) to one of its self-signed roots, checked hop
/// by hop (see the `path` module); no path → KER-PCM-005. The uploaded certificate counts against its
/// issuers' pathLenConstraint and the limit of six intermediates, since it will issue partner
/// certificates: a CA no partner path could ever use is refused now rather than later.
pub fn validate_intermediate(
    cert: &Certificate,
    known_cas: &[Certificate],
    now: DateTime<Utc>,
    min: MinValidity,
) -> Result<Vec<Certificate>, TrustError> {
    check_algorithms(cert)?;
    check_validity(cert, now, min, CertRole::Ca)?;
    if cert.is_self_signed() {
        return Err(TrustError::WrongType { detail: "a self-signed certificate is a root CA".to_string() });
    }
    check_ca_flags(cert)?;
    let anchors: Vec<&Certificate> = known_cas.iter().filter(|c| c.is_self_signed()).collect();
    let intermediates: Vec<&Certificate> = known_cas.iter().filter(|c| !c.is_self_signed() && *c != cert).collect();
    Search::new(&anchors, &intermediates, now, true).run(cert).map_err(|detail| TrustError::RootNotFound { detail })
}

/// A CA upload of either kind: self-issued certificates are judged as roots, the others as intermediates.
pub fn validate_ca(
    cert: &Certificate,
    known_cas: &[Certificate],
    now: DateTime<Utc>,
    min: MinValidity,
) -> Result<CaKind, TrustError> {
    if cert.is_self_issued() {
        validate_root(cert, now, min).map(|()| CaKind::Root)
    } else {
        validate_intermediate(cert, known_cas, now, min).map(|path| CaKind::Intermediate { path })
    }
}

fn check_ca_flags(cert: &Certificate) -> Result<(), TrustError> {
    if !cert.is_ca() {
        return Err(TrustError::WrongType {
            detail: "not a CA certificate (basicConstraints cA is not set)".to_string(),
        });
    }
    if !cert.key_cert_sign() {
        return Err(TrustError::WrongType { detail: "a CA certificate needs keyUsage keyCertSign".to_string() });
    }
    Ok(())
}

/// A partner certificate upload. In order: v3 and algorithm rules (KER-PCM-007/013/014); dates with `min`
/// remaining (KER-PMS-020, KER-PCM-004); self-signed → KER-PCM-015; a CA certificate → KER-PCM-018; subject
/// `O` not exactly `organisation` → KER-PCM-008; then a trust path to one of `roots` through
/// `intermediates` (the partner's domain only) → else KER-PCM-006. The path must satisfy both webpki (RFC
/// 5280 path building with name constraints, extendedKeyUsage clientAuth if the extension is present) and
/// the hand-written builder. Returns webpki's path: the certificate first, its root last.
pub fn validate_leaf(
    cert: &Certificate,
    roots: &[Certificate],
    intermediates: &[Certificate],
    organisation: &str,
    now: DateTime<Utc>,
    min: MinValidity,
) -> Result<Vec<Certificate>, TrustError> {
    check_algorithms(cert)?;
    check_validity(cert, now, min, CertRole::Partner)?;
    if cert.is_self_signed() {
        return Err(TrustError::SelfSignedPartner);
    }
    if cert.is_ca() {
        return Err(TrustError::WrongType { detail: "a CA certificate is not a partner certificate".to_string() });
    }
    check_organisation(cert, organisation)?;
    let path = leaf_path_webpki(cert, roots, intermediates, now)?;
    leaf_path_by_hand(cert, roots, intermediates, now)?;
    Ok(path)
}

/// webpki's verdict alone on a partner certificate's path (KER-PCM-006 when there is none).
pub fn leaf_path_webpki(
    cert: &Certificate,
    roots: &[Certificate],
    intermediates: &[Certificate],
    now: DateTime<Utc>,
) -> Result<Vec<Certificate>, TrustError> {
    let no_path = |detail: String, source: Option<webpki::Error>| TrustError::ChainNotFound {
        detail,
        source: source.map(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>),
    };
    let root_ders: Vec<CertificateDer<'_>> = roots.iter().map(|r| CertificateDer::from(r.der())).collect();
    let anchors: Vec<TrustAnchor<'_>> =
        root_ders.iter().filter_map(|der| webpki::anchor_from_trusted_cert(der).ok()).collect();
    let anchor_roots: Vec<&Certificate> = roots
        .iter()
        .zip(&root_ders)
        .filter(|(_, der)| webpki::anchor_from_trusted_cert(der).is_ok())
        .map(|(r, _)| r)
        .collect();
    let intermediate_ders: Vec<CertificateDer<'_>> =
        intermediates.iter().map(|i| CertificateDer::from(i.der())).collect();
    let leaf_der = CertificateDer::from(cert.der());
    let leaf = EndEntityCert::try_from(&leaf_der)
        .map_err(|e| no_path(format!("webpki cannot read the certificate: {e}"), Some(e)))?;
    let seconds = u64::try_from(now.timestamp()).map_err(|_| no_path("time before 1970".to_string(), None))?;
    let verified = leaf
        .verify_for_usage(
            webpki::ALL_VERIFICATION_ALGS,
            &anchors,
            &intermediate_ders,
            UnixTime::since_unix_epoch(Duration::from_secs(seconds)),
            KeyUsage::client_auth(),
            None,
            None,
        )
        .map_err(|e| no_path(format!("no trust path: {e}"), Some(e)))?;

    let mut path = vec![cert.clone()];
    for hop in verified.intermediate_certificates() {
        let der = hop.der();
        let found = intermediates.iter().find(|i| i.der() == der.as_ref());
        path.push(found.cloned().ok_or_else(|| no_path("webpki chose an unknown intermediate".to_string(), None))?);
    }
    let anchor = anchors
        .iter()
        .position(|a| std::ptr::eq(a, verified.anchor()))
        .and_then(|index| anchor_roots.get(index))
        .ok_or_else(|| no_path("webpki chose an unknown root".to_string(), None))?;
    path.push((*anchor).clone());
    Ok(path)
}

/// The hand-written builder's verdict alone on a partner certificate's path (KER-PCM-006 when there is
/// none).
pub fn leaf_path_by_hand(
    cert: &Certificate,
    roots: &[Certificate],
    intermediates: &[Certificate],
    now: DateTime<Utc>,
) -> Result<Vec<Certificate>, TrustError> {
    let anchors: Vec<&Certificate> = roots.iter().collect();
    let intermediates: Vec<&Certificate> = intermediates.iter().collect();
    Search::new(&anchors, &intermediates, now, false)
        .run(cert)
        .map_err(|detail| TrustError::ChainNotFound { detail, source: None })
}
