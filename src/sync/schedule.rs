//! When each account is due for a background sync, and how long to wait after a failure:
//! backoff doubling up to an hour, with a jitter so many clients do not retry in step.

use chrono::{DateTime, Utc};

use crate::ops::Result;
use crate::store::Store;

/// Seconds to wait after `failures` failures in a row: 1, 2, 4… minutes up to an hour,
/// stretched by `jitter` (0.5–1.5) so many clients do not retry in step.
pub fn backoff_seconds(failures: i64, jitter: f64) -> i64 {
    let base = 60_i64.saturating_mul(1 << failures.clamp(1, 7).saturating_sub(1));
    ((base.min(3600) as f64) * jitter) as i64
}

/// A spread in 0.5–1.5 from the time and account, without a random source.
pub(crate) fn jitter(at: i64, account: &str) -> f64 {
    let h = account.bytes().fold(at as u64, |h, b| {
        h.wrapping_mul(1_099_511_628_211).wrapping_add(u64::from(b))
    });
    0.5 + (h % 1000) as f64 / 1000.0
}

/// Accounts due for a background sync: enabled, their interval passed, not backing off.
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
