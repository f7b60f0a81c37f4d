//! Time is an input: services read the current time from an injected [`Clock`], so tests can set
//! and advance it instead of sleeping, and validity periods are judged against one notion of now.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use std::sync::{Arc, Mutex};

pub trait Clock: Send + Sync + 'static {
    /// The current time, to the millisecond (SQLite's text form then sorts like PostgreSQL's).
    fn now(&self) -> DateTime<Utc>;
}

/// The operating system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now().trunc_subsecs(3)
    }
}

/// A clock that stands still until told to move; shared by clones.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    pub fn new(at: DateTime<Utc>) -> ManualClock {
        ManualClock(Arc::new(Mutex::new(at.trunc_subsecs(3))))
    }

    /// Starts at the system time, so that fixtures built from it look current.
    pub fn starting_now() -> ManualClock {
        ManualClock::new(SystemClock.now())
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = at.trunc_subsecs(3);
    }

    pub fn advance(&self, by: Duration) {
        let mut at = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *at = (*at + by).trunc_subsecs(3);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The system clock shifted by an offset that tests move forward: time still passes on its own
/// (rows created one after another keep their order), and a test can jump past an expiry.
#[derive(Debug, Clone, Default)]
pub struct ShiftedClock(Arc<Mutex<Duration>>);

impl ShiftedClock {
    pub fn advance(&self, by: Duration) {
        let mut offset = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *offset += by;
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> DateTime<Utc> {
        (SystemClock.now() + *self.0.lock().unwrap_or_else(|p| p.into_inner())).trunc_subsecs(3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_told() {
        let clock = ManualClock::new(DateTime::from_timestamp(1_000_000, 123_456_789).unwrap());
        let first = clock.now();
        assert_eq!(first.timestamp_subsec_millis(), 123);
        assert_eq!(clock.now(), first);
        let shared = clock.clone();
        shared.advance(Duration::minutes(61));
        assert_eq!(clock.now() - first, Duration::minutes(61));
    }

    #[test]
    fn shifted_clock_jumps_ahead() {
        let clock = ShiftedClock::default();
        let before = clock.now();
        clock.advance(Duration::hours(2));
        assert!(clock.now() - before >= Duration::hours(2));
    }

    #[test]
    fn system_clock_is_millisecond_precise() {
        assert_eq!(SystemClock.now().timestamp_subsec_nanos() % 1_000_000, 0);
    }
}
