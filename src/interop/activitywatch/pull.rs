//! One pull: every bucket of a server read from its cursor to now, converted to signals, with
//! the cursors to save once the signals are stored. No database here: the caller passes the
//! cursors it has and stores what comes back, in one transaction.

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};

use super::{AwError, Bucket, BucketKind, Source, convert};
use crate::capture::Signal;

/// The prefix of a bucket's cursor key in `capture_state`: `aw:<bucket id>`.
pub const CURSOR_PREFIX: &str = "aw:";
/// How far back the first pull of a bucket reads when `--since` does not say: a server may
/// hold years, and a review queue of years helps no one.
pub const FIRST_PULL_DAYS: i64 = 7;

/// The cursor key of a bucket.
pub fn cursor_key(bucket: &str) -> String {
    format!("{CURSOR_PREFIX}{bucket}")
}

/// What a pull read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Read {
    /// Buckets of a type Tempo reads.
    pub buckets: usize,
    /// The ids of the others, left alone.
    pub skipped_buckets: Vec<String>,
    /// Events new since each bucket's cursor.
    pub events: usize,
    /// Events whose data could not be read.
    pub unreadable: usize,
    pub signals: Vec<Signal>,
    /// `(key, value)` for `capture_state`: each bucket's new cursor, the end of the last
    /// event read (RFC 3339). A cursor never moves back.
    pub cursors: Vec<(String, String)>,
}

/// Reads each of `buckets` (the server's listing) from its cursor (from `since` when given;
/// else from [`FIRST_PULL_DAYS`] ago for a bucket never read) up to `now`.
pub fn read(
    source: &dyn Source,
    buckets: Vec<Bucket>,
    cursors: &BTreeMap<String, String>,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Read, AwError> {
    let mut out = Read::default();
    for bucket in buckets {
        if BucketKind::of(&bucket.kind).is_none() {
            out.skipped_buckets.push(bucket.id);
            continue;
        }
        out.buckets += 1;
        let key = cursor_key(&bucket.id);
        let cursor = cursors
            .get(&key)
            .and_then(|v| DateTime::parse_from_rfc3339(v).ok())
            .map(|t| t.with_timezone(&Utc));
        let start = since
            .or(cursor)
            .unwrap_or(now - TimeDelta::days(FIRST_PULL_DAYS));
        if start > now {
            continue;
        }
        let events = source.events(&bucket.id, start, now)?;
        let got = convert(&bucket, &events, Some(start));
        out.events += got.events;
        out.unreadable += got.unreadable;
        out.signals.extend(got.signals);
        if let Some(end) = got.last_end.filter(|e| cursor.is_none_or(|c| *e > c)) {
            out.cursors
                .push((key, end.to_rfc3339_opts(SecondsFormat::Millis, true)));
        }
    }
    Ok(out)
}

#[cfg(test)]
#[path = "pull_tests.rs"]
mod tests;
