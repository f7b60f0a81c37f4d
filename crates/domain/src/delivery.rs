//! Delivery of events and e-mails: what an attempt's answer leads to, how long to wait before the
//! next one, and which callbacks the built-in WebSub hub may call.
//!
//! A delivery is `pending` until an attempt succeeds (`delivered`) or it has no attempts left or
//! its recipient is gone (`dead`); an operator may put a `dead` or `pending` one back to a fresh
//! `pending`. Delivered e-mails cannot be retried (their bodies are dropped on delivery).

use crate::error::{self, PmsError};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pending,
    Delivered,
    Dead,
}

impl Status {
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Delivered => "delivered",
            Status::Dead => "dead",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        [Status::Pending, Status::Delivered, Status::Dead].into_iter().find(|s| s.as_str() == text)
    }
}

/// How a recipient answered one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// 2xx, or the mail server took the message.
    Accepted,
    /// 410 Gone: the subscriber asks not to be called again.
    Gone,
    /// Any other answer, a timeout or a refused connection.
    Failed,
}

impl Answer {
    pub fn of_http(status: u16) -> Answer {
        match status {
            200..=299 => Answer::Accepted,
            410 => Answer::Gone,
            _ => Answer::Failed,
        }
    }
}

/// Exponential backoff with jitter, bounded, and a number of attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base: Duration,
    pub max: Duration,
}

/// What follows an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Delivered,
    RetryAfter(Duration),
    Dead,
}

impl RetryPolicy {
    /// After attempt number `attempt` (1 for the first) answered `answer`. `jitter` in `[0, 1)`
    /// spreads the retries of many rows that failed together over ±50 % of the wait.
    pub fn next(&self, attempt: u32, answer: Answer, jitter: f64) -> Next {
        match answer {
            Answer::Accepted => Next::Delivered,
            Answer::Gone => Next::Dead,
            Answer::Failed if attempt >= self.max_attempts => Next::Dead,
            Answer::Failed => Next::RetryAfter(self.wait(attempt, jitter)),
        }
    }

    fn wait(&self, attempt: u32, jitter: f64) -> Duration {
        let doubling = 2f64.powi(attempt.saturating_sub(1).min(30) as i32);
        let plain = (self.base.as_secs_f64() * doubling).min(self.max.as_secs_f64());
        let factor = 0.5 + jitter.clamp(0.0, 1.0);
        Duration::from_secs_f64((plain * factor).min(self.max.as_secs_f64()))
    }
}

/// Whether an operator may put a delivery back in the queue.
pub fn may_retry(status: Status, is_email: bool) -> Result<(), PmsError> {
    match (status, is_email) {
        (Status::Delivered, true) => Err(error::EVT_DELIVERY_NOT_FOUND.err()),
        _ => Ok(()),
    }
}

/// What a subscriber asks of the built-in hub (`hub.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HubMode {
    Subscribe,
    Unsubscribe,
}

impl HubMode {
    pub fn parse(text: &str) -> Result<HubMode, PmsError> {
        match text.trim() {
            "subscribe" => Ok(HubMode::Subscribe),
            "unsubscribe" => Ok(HubMode::Unsubscribe),
            _ => Err(error::EVT_MODE_INVALID.err()),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            HubMode::Subscribe => "subscribe",
            HubMode::Unsubscribe => "unsubscribe",
        }
    }
}

/// The lease the hub grants: what was asked, else the default, never more than the maximum and
/// never less than a minute.
pub fn granted_lease(asked: Option<u64>, default: u64, max: u64) -> u64 {
    asked.unwrap_or(default).clamp(60, max.max(60))
}

/// A callback host is allowed when it equals an entry of the allow list (case-insensitive); an
/// empty list allows none, so the hub cannot be turned into a way to make PMS call anywhere.
pub fn callback_allowed(host: &str, allow: &[&str]) -> bool {
    let host = host.trim_end_matches('.');
    allow.iter().any(|a| a.trim().trim_end_matches('.').eq_ignore_ascii_case(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy { max_attempts: 6, base: Duration::from_secs(5), max: Duration::from_secs(60) }
    }

    #[test]
    fn every_answer_at_every_attempt() {
        let p = policy();
        for attempt in 1..=7 {
            assert_eq!(p.next(attempt, Answer::Accepted, 0.3), Next::Delivered);
            assert_eq!(p.next(attempt, Answer::Gone, 0.3), Next::Dead);
            let failed = p.next(attempt, Answer::Failed, 0.5);
            if attempt >= 6 {
                assert_eq!(failed, Next::Dead, "attempt {attempt}");
            } else {
                assert!(matches!(failed, Next::RetryAfter(_)), "attempt {attempt}");
            }
        }
    }

    #[test]
    fn waits_double_within_the_jitter_and_stop_at_the_maximum() {
        let p = policy();
        let wait = |attempt, jitter| match p.next(attempt, Answer::Failed, jitter) {
            Next::RetryAfter(d) => d.as_secs_f64(),
            other => panic!("{other:?}"),
        };
        assert_eq!(wait(1, 0.5), 5.0);
        assert_eq!(wait(2, 0.5), 10.0);
        assert_eq!(wait(3, 0.5), 20.0);
        assert_eq!(wait(1, 0.0), 2.5);
        assert!(wait(1, 0.999) < 7.5);
        assert_eq!(wait(5, 0.999), 60.0, "capped");
        assert_eq!(wait(4, 0.5), 40.0);
        let long = RetryPolicy { max_attempts: 100, ..p };
        assert!(matches!(long.next(90, Answer::Failed, 0.5), Next::RetryAfter(d) if d <= Duration::from_secs(60)));
        // E-mails: the first retries come within a minute.
        assert!(wait(1, 0.999) + wait(2, 0.999) + wait(3, 0.999) < 60.0);
    }

    #[test]
    fn http_answers() {
        assert_eq!(Answer::of_http(200), Answer::Accepted);
        assert_eq!(Answer::of_http(204), Answer::Accepted);
        assert_eq!(Answer::of_http(410), Answer::Gone);
        for s in [301, 400, 404, 429, 500, 503] {
            assert_eq!(Answer::of_http(s), Answer::Failed, "{s}");
        }
    }

    #[test]
    fn retries_of_every_status() {
        for status in [Status::Pending, Status::Delivered, Status::Dead] {
            assert_eq!(Status::parse(status.as_str()), Some(status));
            assert!(may_retry(status, false).is_ok());
            assert_eq!(may_retry(status, true).is_err(), status == Status::Delivered);
        }
    }

    #[test]
    fn hub_modes_leases_and_callbacks() {
        assert_eq!(HubMode::parse("subscribe"), Ok(HubMode::Subscribe));
        assert_eq!(HubMode::parse("unsubscribe"), Ok(HubMode::Unsubscribe));
        assert!(HubMode::parse("publish").is_err());
        assert_eq!(granted_lease(None, 864_000, 1_000_000), 864_000);
        assert_eq!(granted_lease(Some(5), 864_000, 1_000_000), 60);
        assert_eq!(granted_lease(Some(u64::MAX), 864_000, 1_000_000), 1_000_000);
        assert!(callback_allowed("ida.example", &["ida.example", "127.0.0.1"]));
        assert!(callback_allowed("IDA.example.", &["ida.example"]));
        assert!(!callback_allowed("evil.example", &["ida.example"]));
        assert!(!callback_allowed("ida.example.evil", &["ida.example"]));
        assert!(!callback_allowed("anything", &[]));
    }
}
