//! Random and mutated uploads through parsing and every validation, counting outcomes; any panic aborts.
//!
//! `cargo run --release -p pms-trust --example fuzz_parse -- [iterations] [seed]` (defaults: 1000000, time-based)

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use common::corpus::{apply, exercise, fixture, Mutation};

/// xorshift64*: fast, seedable, enough to pick edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn mutation(rng: &mut Rng) -> Mutation {
    let at = rng.next() as usize;
    let byte = rng.next() as u8;
    let count = rng.next() as usize;
    match rng.below(6) {
        0 => Mutation::Flip { at, mask: byte },
        1 => Mutation::Set { at, value: byte },
        2 => Mutation::Insert { at, value: byte, count },
        3 => Mutation::Delete { at, count },
        4 => Mutation::Truncate { at },
        _ => Mutation::Duplicate { at, count },
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let iterations: u64 = args.next().map_or(1_000_000, |a| a.parse().expect("iterations: a number"));
    let seed: u64 = args.next().map_or_else(
        || SystemTime::now().duration_since(UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64),
        |a| a.parse().expect("seed: a number"),
    );
    let f = fixture();
    let mut rng = Rng(seed | 1);
    let mut outcomes: BTreeMap<&'static str, u64> = BTreeMap::new();
    let started = Instant::now();
    for _ in 0..iterations {
        let data = if rng.below(4) == 0 {
            let len = rng.below(1024);
            (0..len).map(|_| rng.next() as u8).collect()
        } else {
            let mut data = f.seeds[rng.below(f.seeds.len())].clone();
            for _ in 0..=rng.below(4) {
                apply(&mut data, mutation(&mut rng));
            }
            data
        };
        *outcomes.entry(exercise(f, &data)).or_default() += 1;
    }
    let elapsed = started.elapsed();
    println!(
        "{iterations} inputs, seed {seed}, {:.1} s ({:.1} µs each)",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / iterations.max(1) as f64
    );
    for (outcome, count) in outcomes {
        println!("  {outcome}: {count}");
    }
}
