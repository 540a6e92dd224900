//! The endpoint's limits: a token bucket of requests per minute for the whole server (one
//! person's machine, so one bucket, not one per caller), on the injected clock; and a request
//! body read no further than the size limit.

use std::io::Read;

use chrono::{DateTime, Utc};

/// Up to `per_minute` requests at once, refilled evenly over the minute. Counted in whole
/// numbers (a request costs one minute's worth of milliseconds, each millisecond refills
/// `per_minute`), so the bucket is exact however the time is cut.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    per_minute: u64,
    credit: u64,
    last: Option<DateTime<Utc>>,
}

const COST: u64 = 60_000;

impl RateLimiter {
    pub fn per_minute(per_minute: u32) -> RateLimiter {
        let per_minute = u64::from(per_minute.max(1));
        RateLimiter {
            per_minute,
            credit: per_minute * COST,
            last: None,
        }
    }

    /// Takes one request's token at `now`, or says in how many seconds one will be there.
    /// A clock that goes back refills nothing (and takes nothing away).
    pub fn admit(&mut self, now: DateTime<Utc>) -> Result<(), u64> {
        if let Some(last) = self.last {
            let elapsed = u64::try_from((now - last).num_milliseconds()).unwrap_or(0);
            self.credit = self
                .credit
                .saturating_add(elapsed.saturating_mul(self.per_minute))
                .min(self.per_minute * COST);
        }
        if self.last.is_none_or(|l| now > l) {
            self.last = Some(now);
        }
        if self.credit >= COST {
            self.credit -= COST;
            return Ok(());
        }
        let wait_ms = (COST - self.credit).div_ceil(self.per_minute);
        Err(wait_ms.div_ceil(1000).max(1))
    }
}

/// Why a body was not read.
#[derive(Debug, thiserror::Error)]
pub(super) enum BodyError {
    #[error("the request body is over the limit of {limit} bytes")]
    TooLarge { limit: usize },
    #[error("cannot read the request body: {0}")]
    Io(#[from] std::io::Error),
}

/// Reads at most `limit` bytes of `body`: one byte more than that and it stops with
/// `TooLarge`, whatever the rest would have been.
pub(super) fn read_capped(body: &mut dyn Read, limit: usize) -> Result<Vec<u8>, BodyError> {
    let mut buf = Vec::new();
    body.take(limit as u64 + 1).read_to_end(&mut buf)?;
    if buf.len() > limit {
        return Err(BodyError::TooLarge { limit });
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + secs, 0).expect("valid")
    }

    #[test]
    fn a_full_bucket_then_one_token_per_share_of_the_minute() {
        let mut r = RateLimiter::per_minute(3);
        assert_eq!(r.admit(at(0)), Ok(()));
        assert_eq!(r.admit(at(0)), Ok(()));
        assert_eq!(r.admit(at(0)), Ok(()));
        assert_eq!(r.admit(at(0)), Err(20));
        assert_eq!(r.admit(at(19)), Err(1));
        assert_eq!(r.admit(at(20)), Ok(()));
        assert_eq!(r.admit(at(20)), Err(20));
        // A long pause fills the bucket, never beyond its size.
        for _ in 0..3 {
            assert_eq!(r.admit(at(3600)), Ok(()));
        }
        assert!(r.admit(at(3600)).is_err());
    }

    #[test]
    fn a_clock_going_back_refills_nothing() {
        let mut r = RateLimiter::per_minute(1);
        assert_eq!(r.admit(at(100)), Ok(()));
        assert!(r.admit(at(0)).is_err());
        assert!(r.admit(at(100)).is_err());
        assert_eq!(r.admit(at(160)), Ok(()));
    }

    #[test]
    fn a_body_is_read_up_to_the_limit_and_no_further() {
        let small = read_capped(&mut &b"12345"[..], 5).expect("at the limit");
        assert_eq!(small, b"12345");
        let mut big = std::io::repeat(b'x');
        let err = read_capped(&mut big, 1024).expect_err("endless body");
        assert!(matches!(err, BodyError::TooLarge { limit: 1024 }), "{err}");
    }
}
