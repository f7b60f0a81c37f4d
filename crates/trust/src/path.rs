//! Hand-written certification path building, hop by hop.
//!
//! webpki refuses a CA certificate as the end of a path, so an uploaded intermediate needs its own
//! builder; partner certificates go through both this one and webpki, which must agree.
//!
//! Rules at each hop (RFC 5280 §6.1, reduced to what a trust store of uploaded CAs needs): the issuer's
//! subject equals the certificate's issuer (DER, byte for byte, as webpki compares), key identifiers do not
//! contradict each other, the signature verifies with the issuer's key, the issuer is a CA whose keyUsage
//! (if present) allows keyCertSign, whose pathLenConstraint is not exceeded, which is valid at `now` and
//! passes the algorithm policy. Anchors get the same checks (webpki checks none of them on an anchor).
//! Name constraints of every issuer apply to every certificate below it (except self-issued CAs inside
//! the path, RFC 5280 §6.1.3), with webpki's semantics (see `names`).

use chrono::{DateTime, Utc};

use crate::cert::Certificate;
use crate::policy::{check_algorithms, valid_at};

/// Most intermediates in a path, webpki's limit.
pub const MAX_INTERMEDIATES: usize = 6;
/// Signature checks one path search may spend, as webpki's budget, so a store full of same-named CAs
/// cannot make a search explode.
const SIGNATURE_BUDGET: usize = 100;
const VISIT_BUDGET: usize = 2_000;

pub(crate) struct Search<'a> {
    anchors: &'a [&'a Certificate],
    intermediates: &'a [&'a Certificate],
    now: DateTime<Utc>,
    /// A CA target counts as an intermediate for the pathLen and depth of its issuers: it is uploaded to
    /// issue partner certificates, and a path through it must hold for them.
    target_is_ca: bool,
    signatures: usize,
    visits: usize,
    /// Why the deepest attempt failed, for the error detail.
    reason: (usize, String),
}

impl<'a> Search<'a> {
    pub(crate) fn new(
        anchors: &'a [&'a Certificate],
        intermediates: &'a [&'a Certificate],
        now: DateTime<Utc>,
        target_is_ca: bool,
    ) -> Search<'a> {
        Search {
            anchors,
            intermediates,
            now,
            target_is_ca,
            signatures: 0,
            visits: 0,
            reason: (0, "no known CA matches its issuer name and key identifier".to_string()),
        }
    }

    /// The path from `target` to an anchor, target first and anchor last, or why there is none.
    pub(crate) fn run(mut self, target: &'a Certificate) -> Result<Vec<Certificate>, String> {
        let mut path = vec![target];
        if self.extend(&mut path) {
            Ok(path.into_iter().cloned().collect())
        } else {
            Err(self.reason.1)
        }
    }

    fn fail(&mut self, depth: usize, why: String) {
        if depth >= self.reason.0 {
            self.reason = (depth, why);
        }
    }

    /// Intermediates already below the next issuer, in pathLen's sense.
    fn below(&self, path: &[&Certificate]) -> usize {
        path.len() - usize::from(!self.target_is_ca)
    }

    fn extend(&mut self, path: &mut Vec<&'a Certificate>) -> bool {
        let Some(&head) = path.last() else {
            return false;
        };
        let depth = path.len();
        let below = self.below(path);
        for &anchor in self.anchors {
            if self.accepts(head, anchor, path, below, depth) {
                path.push(anchor);
                return true;
            }
        }
        if below >= MAX_INTERMEDIATES {
            if self.intermediates.iter().any(|i| i.subject_der() == head.issuer_der()) {
                self.fail(depth, format!("more than {MAX_INTERMEDIATES} intermediate CAs"));
            }
            return false;
        }
        for &candidate in self.intermediates {
            if self.accepts(head, candidate, path, below, depth) {
                path.push(candidate);
                if self.extend(path) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }

    /// Whether `issuer` can issue `head` at this point of the path.
    fn accepts(
        &mut self,
        head: &Certificate,
        issuer: &Certificate,
        path: &[&Certificate],
        below: usize,
        depth: usize,
    ) -> bool {
        if issuer.subject_der() != head.issuer_der() {
            return false;
        }
        if let (Some(aki), Some(ski)) = (head.authority_key_id(), issuer.subject_key_id()) {
            if aki != ski {
                return false;
            }
        }
        if path.iter().any(|p| p.subject_der() == issuer.subject_der() && p.spki_der() == issuer.spki_der()) {
            return false;
        }
        self.visits += 1;
        if self.visits > VISIT_BUDGET || self.signatures >= SIGNATURE_BUDGET {
            self.fail(depth, "path search gave up: too many candidate issuers".to_string());
            return false;
        }
        let name = issuer.subject();
        if !issuer.is_ca() {
            self.fail(depth, format!("issuer {name:?} is not a CA"));
            return false;
        }
        if issuer.has_key_usage() && !issuer.key_cert_sign() {
            self.fail(depth, format!("issuer {name:?} may not sign certificates (no keyCertSign)"));
            return false;
        }
        if let Some(limit) = issuer.path_len() {
            if usize::try_from(limit).is_ok_and(|limit| below > limit) {
                self.fail(
                    depth,
                    format!("issuer {name:?} allows {limit} intermediate CAs below it, the path has {below}"),
                );
                return false;
            }
        }
        if !valid_at(issuer, self.now) {
            self.fail(depth, format!("issuer {name:?} is not valid at {}", self.now));
            return false;
        }
        if let Err(e) = check_algorithms(issuer) {
            self.fail(depth, format!("issuer {name:?}: {}", e.detail()));
            return false;
        }
        let constrained = path.iter().enumerate().filter(|&(i, c)| i == 0 || !c.is_self_issued());
        for (_, below) in constrained {
            if let Some(why) = below.name_constraint_violation(issuer) {
                self.fail(depth, format!("{:?} breaks the name constraints of {name:?}: {why}", below.subject()));
                return false;
            }
        }
        self.signatures += 1;
        if !head.is_signed_by(issuer) {
            self.fail(depth, format!("signature of {:?} does not verify with the key of {name:?}", head.subject()));
            return false;
        }
        true
    }
}
