//! Whatever the bytes, parsing and validation answer with a value, never a panic.

mod common;

use common::corpus::{apply, exercise, fixture, Mutation};
use proptest::prelude::*;

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        (at, any::<u8>()).prop_map(|(at, mask)| Mutation::Flip { at, mask }),
        (at, any::<u8>()).prop_map(|(at, value)| Mutation::Set { at, value }),
        (at, any::<u8>(), any::<usize>()).prop_map(|(at, value, count)| Mutation::Insert { at, value, count }),
        (at, any::<usize>()).prop_map(|(at, count)| Mutation::Delete { at, count }),
        at.prop_map(|at| Mutation::Truncate { at }),
        (at, any::<usize>()).prop_map(|(at, count)| Mutation::Duplicate { at, count }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(data in prop::collection::vec(any::<u8>(), 0..2048)) {
        exercise(fixture(), &data);
    }

    #[test]
    fn arbitrary_text_around_pem_markers(prefix in ".{0,64}", body in "[A-Za-z0-9+/=\n]{0,512}", suffix in ".{0,64}") {
        let text = format!("{prefix}-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----{suffix}");
        exercise(fixture(), text.as_bytes());
    }

    #[test]
    fn mutated_valid_uploads(seed in any::<prop::sample::Index>(), edits in prop::collection::vec(mutation(), 1..6)) {
        let f = fixture();
        let mut data = seed.get(&f.seeds).clone();
        for edit in edits {
            apply(&mut data, edit);
        }
        exercise(f, &data);
    }
}

#[test]
fn seeds_are_accepted_or_refused_for_their_known_reason() {
    let f = fixture();
    let outcomes: Vec<&str> = f.seeds.iter().map(|s| exercise(f, s)).collect();
    assert_eq!(
        outcomes,
        [
            "accepted",
            "accepted",
            "accepted",
            "KER-PCM-015",
            "KER-PCM-018",
            "accepted",
            "accepted",
            "accepted",
            "KER-PCM-007",
            "KER-PCM-014"
        ]
    );
}
