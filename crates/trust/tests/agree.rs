//! webpki and the hand-written path builder agree on generated hierarchies, and both match a model of the
//! rules. The one deliberate difference: webpki treats a root as a bare name and key, so it ignores the
//! root's own pathLenConstraint; the builder honours it (and `validate_leaf` requires both to accept).

mod common;

use std::cell::Cell;

use chrono::{DateTime, Duration, Utc};
use common::{break_signature, issue, now, Alg, Node, Spec};
use pms_trust::{leaf_path_by_hand, leaf_path_webpki, validate_intermediate, Certificate, MinValidity};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

#[derive(Debug, Clone)]
struct Hop {
    alg: Alg,
    path_len: Option<u8>,
    is_ca: bool,
    expired: bool,
    future: bool,
    broken: bool,
    /// Issued, but missing from the store.
    omitted: bool,
}

#[derive(Debug, Clone)]
struct Shape {
    root_alg: Alg,
    root_path_len: Option<u8>,
    hops: Vec<Hop>,
    leaf_alg: Alg,
    leaf_broken: bool,
}

fn alg() -> impl Strategy<Value = Alg> {
    prop_oneof![
        6 => Just(Alg::P256),
        2 => Just(Alg::P384),
        1 => Just(Alg::Ed25519),
        1 => (0usize..4).prop_map(Alg::Rsa),
    ]
}

fn rare() -> impl Strategy<Value = bool> {
    prop::bool::weighted(0.04)
}

fn hop() -> impl Strategy<Value = Hop> {
    (alg(), prop::option::weighted(0.3, 0u8..3), prop::bool::weighted(0.95), rare(), rare(), rare(), rare()).prop_map(
        |(alg, path_len, is_ca, expired, future, broken, omitted)| Hop {
            alg,
            path_len,
            is_ca,
            expired,
            future,
            broken,
            omitted,
        },
    )
}

fn shape() -> impl Strategy<Value = Shape> {
    (alg(), prop::option::weighted(0.2, 0u8..4), prop::collection::vec(hop(), 0..=7), alg(), rare()).prop_map(
        |(root_alg, root_path_len, hops, leaf_alg, leaf_broken)| Shape {
            root_alg,
            root_path_len,
            hops,
            leaf_alg,
            leaf_broken,
        },
    )
}

/// The verdict the rules give on a path through `hops` (root first) to an end entity below them.
fn model(hops: &[Hop], root_path_len: Option<u8>, honour_root_path_len: bool) -> bool {
    let n = hops.len();
    let hops_ok = hops.iter().enumerate().all(|(i, h)| {
        let below = n - 1 - i;
        h.is_ca
            && !h.expired
            && !h.future
            && !h.broken
            && !h.omitted
            && h.path_len.is_none_or(|limit| below <= usize::from(limit))
    });
    let root_ok = !honour_root_path_len || root_path_len.is_none_or(|limit| n <= usize::from(limit));
    n <= 6 && hops_ok && root_ok
}

struct Built {
    root: Certificate,
    /// As issued, broken ones included, for use as upload targets.
    hops: Vec<Certificate>,
    /// What the store holds.
    stored: Vec<Certificate>,
    leaf: Certificate,
}

fn build(shape: &Shape, now: DateTime<Utc>) -> Built {
    let root = issue(&Spec::root("Model Root").alg(shape.root_alg).path_len_opt(shape.root_path_len), None, now);
    let mut nodes: Vec<Node> = Vec::new();
    let mut hops = Vec::new();
    let mut stored = Vec::new();
    for (i, hop) in shape.hops.iter().enumerate() {
        let mut spec = Spec::root(&format!("Model Hop {i}")).alg(hop.alg).path_len_opt(hop.path_len);
        if !hop.is_ca {
            spec.ca = None;
        }
        if hop.expired {
            spec = spec.valid(Duration::days(-800), Duration::days(-1));
        }
        if hop.future {
            spec = spec.valid(Duration::days(1), Duration::days(800));
        }
        let node = issue(&spec, Some(nodes.last().unwrap_or(&root)), now);
        let cert =
            if hop.broken { Certificate::from_der(&break_signature(node.der())).unwrap() } else { node.cert.clone() };
        hops.push(cert.clone());
        if !hop.omitted {
            stored.push(cert);
        }
        nodes.push(node);
    }
    let leaf =
        issue(&Spec::leaf("Model Partner", "Acme").alg(shape.leaf_alg), Some(nodes.last().unwrap_or(&root)), now);
    let leaf = if shape.leaf_broken { Certificate::from_der(&break_signature(leaf.der())).unwrap() } else { leaf.cert };
    Built { root: root.cert, hops, stored, leaf }
}

trait PathLenOpt {
    fn path_len_opt(self, n: Option<u8>) -> Self;
}

impl PathLenOpt for Spec {
    fn path_len_opt(self, n: Option<u8>) -> Spec {
        match n {
            Some(n) => self.path_len(n),
            None => self,
        }
    }
}

#[test]
fn webpki_and_the_builder_agree() {
    let now = now();
    let accepted = Cell::new(0usize);
    let refused = Cell::new(0usize);
    let uploads_checked = Cell::new(0usize);
    let mut runner = TestRunner::new(Config { cases: 96, failure_persistence: None, ..Config::default() });
    runner
        .run(&shape(), |shape| {
            let built = build(&shape, now);
            let roots = vec![built.root.clone()];
            let webpki = leaf_path_webpki(&built.leaf, &roots, &built.stored, now);
            let by_hand = leaf_path_by_hand(&built.leaf, &roots, &built.stored, now);

            let leaf_ok = !shape.leaf_broken;
            let expect_webpki = leaf_ok && model(&shape.hops, shape.root_path_len, false);
            let expect_hand = leaf_ok && model(&shape.hops, shape.root_path_len, true);
            prop_assert_eq!(webpki.is_ok(), expect_webpki, "webpki: {:?}", webpki.as_ref().err().map(|e| e.detail()));
            prop_assert_eq!(by_hand.is_ok(), expect_hand, "builder: {:?}", by_hand.as_ref().err().map(|e| e.detail()));
            if expect_webpki == expect_hand {
                prop_assert_eq!(webpki.is_ok(), by_hand.is_ok());
            }
            if let (Ok(a), Ok(b)) = (&webpki, &by_hand) {
                prop_assert_eq!(a, b, "both find the same path");
                prop_assert_eq!(a.len(), shape.hops.len() + 2);
            }
            if by_hand.is_ok() {
                accepted.set(accepted.get() + 1)
            } else {
                refused.set(refused.get() + 1)
            }

            // Uploading the last intermediate: accepted exactly when it could carry partner paths.
            if let Some((target_hop, above)) = shape.hops.split_last() {
                let target = &built.hops[built.hops.len() - 1];
                let mut known = roots.clone();
                known.extend(built.stored.iter().filter(|c| *c != target).cloned());
                let upload = validate_intermediate(target, &known, now, MinValidity::NONE);
                let mut as_stored = above.to_vec();
                as_stored.push(Hop { omitted: false, ..target_hop.clone() });
                let expected = model(&as_stored, shape.root_path_len, true);
                prop_assert_eq!(upload.is_ok(), expected, "upload: {:?}", upload.as_ref().err().map(|e| e.detail()));
                uploads_checked.set(uploads_checked.get() + 1);
            }
            Ok(())
        })
        .unwrap();
    assert!(accepted.get() > 10 && refused.get() > 10, "accepted {}, refused {}", accepted.get(), refused.get());
    assert!(uploads_checked.get() > 10);
}
