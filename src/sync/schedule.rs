//! When each account is due for a background sync, and what a failure does to that, by its
//! kind: a transient one backs off (doubling up to an hour, with a jitter so many clients do
//! not retry in step), bad input pauses the account, a system failure waits an interval.
//! Pure decisions over an `Account`; `sync::record_outcome` stores them.

use chrono::{DateTime, Utc};

use crate::error::ErrorKind;
use crate::store::{Account, Store};
use crate::sync::Result;

/// The `retry_at` of an account paused until the person acts: a sync they ask for
/// (`tempo sync`, the TUI's sync key) or `tempo sync account NAME --enable` lifts it.
pub const PAUSED: i64 = i64::MAX;

/// When an account is tried again after a failed sync, and what to tell the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retry {
    /// Failures in a row, this one included.
    pub failures: i64,
    pub at: i64,
    pub note: String,
}

/// What the schedule does after a sync of `account` failed at `at` with an error of `kind`:
/// only a transient failure is retried soon, with backoff and jitter; bad input (a refused
/// password, a wrong URL) pauses the background sync until the person fixes it, since
/// retrying cannot help and would hammer the server with a wrong password; a system failure
/// (a certificate, a server that speaks no CalDAV) waits for the next regular sync.
pub fn after_failure(kind: ErrorKind, account: &Account, at: i64) -> Retry {
    let failures = account.failures + 1;
    let (at, note) = if kind.is_transient() {
        let wait = backoff_seconds(failures, jitter(at, &account.name));
        (at + wait, format!("retrying in {} min", (wait + 59) / 60))
    } else if kind == ErrorKind::BadInput {
        let note = format!(
            "background sync paused until this is fixed; then tempo sync --account {}",
            account.name
        );
        (PAUSED, note)
    } else {
        let wait = account.interval_minutes.max(1) * 60;
        (at + wait, format!("trying again in {} min", wait / 60))
    };
    Retry { failures, at, note }
}

/// A server's `Retry-After` (seconds from `at`) is a floor under the backoff: never sooner.
pub fn respect_retry_after(retry: &mut Retry, at: i64, wait: i64) {
    let earliest = at.saturating_add(wait);
    if retry.at < earliest {
        retry.at = earliest;
        retry.note = format!(
            "the server asked to wait; retrying in {} min",
            (wait + 59) / 60
        );
    }
}

/// Whether the background sync of `account` waits for the person.
pub fn is_paused(account: &Account) -> bool {
    account.retry_at == Some(PAUSED)
}

/// Seconds to wait after `failures` failures in a row: 1, 2, 4… minutes up to an hour,
/// stretched by `jitter` (0.5–1.5) so many clients do not retry in step.
pub fn backoff_seconds(failures: i64, jitter: f64) -> i64 {
    let base = 60_i64.saturating_mul(1 << failures.clamp(1, 7).saturating_sub(1));
    ((base.min(3600) as f64) * jitter) as i64
}

/// A spread in 0.5–1.5 from the time and account, without a random source.
fn jitter(at: i64, account: &str) -> f64 {
    let h = account.bytes().fold(at as u64, |h, b| {
        h.wrapping_mul(1_099_511_628_211).wrapping_add(u64::from(b))
    });
    0.5 + (h % 1000) as f64 / 1000.0
}

/// Accounts due for a background sync: enabled, their interval passed, not backing off nor
/// paused (`force`: every enabled one, paused or not).
pub fn due(store: &Store, now: DateTime<Utc>, force: bool) -> Result<Vec<String>> {
    let t = now.timestamp();
    Ok(store
        .accounts()?
        .into_iter()
        .filter(|a| a.enabled)
        .filter(|a| {
            force
                || match a.retry_at {
                    Some(r) => t >= r,
                    None => a.last_sync.is_none_or(|l| t - l >= a.interval_minutes * 60),
                }
        })
        .map(|a| a.name)
        .collect())
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn account(failures: i64) -> Account {
        Account {
            id: 1,
            name: "work".into(),
            url: "https://dav.example/".into(),
            username: "ann".into(),
            password_from: "env:PW".into(),
            enabled: true,
            home: "/ann/".into(),
            interval_minutes: 15,
            last_sync: None,
            last_error: String::new(),
            failures,
            retry_at: None,
        }
    }

    #[test]
    fn only_transient_failures_are_retried_with_backoff() {
        let at = 1_000_000;
        let r = after_failure(ErrorKind::Transient, &account(2), at);
        assert_eq!(r.failures, 3);
        assert!((at + 120..=at + 360).contains(&r.at), "{r:?}");
        assert!(r.note.starts_with("retrying in"), "{r:?}");
    }

    #[test]
    fn bad_input_pauses_the_account_until_the_person_acts() {
        let r = after_failure(ErrorKind::BadInput, &account(0), 1_000_000);
        assert_eq!((r.failures, r.at), (1, PAUSED));
        assert!(r.note.contains("tempo sync --account work"), "{r:?}");
        let paused = Account {
            retry_at: Some(r.at),
            ..account(1)
        };
        assert!(is_paused(&paused));
    }

    #[test]
    fn retry_after_is_never_cut_short_by_the_backoff() {
        let at = 1_000_000;
        let mut r = after_failure(ErrorKind::Transient, &account(0), at);
        respect_retry_after(&mut r, at, 7200);
        assert_eq!(r.at, at + 7200);
        assert!(r.note.contains("120 min"), "{r:?}");
        let mut short = after_failure(ErrorKind::Transient, &account(0), at);
        let before = short.at;
        respect_retry_after(&mut short, at, 1);
        assert_eq!(short.at, before, "a longer backoff stands");
    }

    #[test]
    fn a_system_failure_waits_for_the_next_regular_sync() {
        let r = after_failure(ErrorKind::System, &account(4), 1_000_000);
        assert_eq!((r.failures, r.at), (5, 1_000_000 + 15 * 60));
    }

    #[test]
    fn backoff_doubles_up_to_an_hour_with_jitter() {
        assert_eq!(backoff_seconds(1, 1.0), 60);
        assert_eq!(backoff_seconds(2, 1.0), 120);
        assert_eq!(backoff_seconds(5, 1.0), 960);
        assert_eq!(backoff_seconds(30, 1.0), 3600);
        assert_eq!(backoff_seconds(1, 0.5), 30);
        let spread: HashSet<i64> = (0..50)
            .map(|i| backoff_seconds(3, jitter(1_000_000 + i, "a")))
            .collect();
        assert!(spread.len() > 10, "{spread:?}");
        assert!(spread.iter().all(|s| (120..=360).contains(s)));
    }
}
