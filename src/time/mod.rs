//! Pure rules of tracked time: the entry model, overlap rules, rounding, rates and report
//! totals. No I/O and no clock reads: instants and the zone are passed in, so every rule is
//! tested with a fixed "now" (and a 25-hour DST day is just another input).

pub mod billing;
pub mod entry;
pub mod overlap;
pub mod report;
pub mod rounding;
pub mod span_words;
pub mod words;

pub use billing::{Billing, ClientInfo, ProjectInfo, Rate};
pub use entry::{AttrEdit, Attrs, Entry, Source};
pub use overlap::{Fix, fit};
pub use report::{GroupBy, Report, ReportInput, WorkWeek};
pub use rounding::{Rounding, RoundingScope};

use chrono::{DateTime, Utc};

use crate::error::{ErrorKind, Kinded};

/// What can be wrong with a time-tracking request; every variant is the person's input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimeError {
    #[error("{what} overlaps entry {id} ({span}); pass --adjust to trim it, or pick other times")]
    Clash { what: String, id: i64, span: String },
    #[error("the end ({end}) is not after the start ({start})")]
    EndBeforeStart { start: String, end: String },
    #[error("{0}")]
    Invalid(String),
}

impl Kinded for TimeError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::BadInput
    }
}

/// Seconds of `[start, end)` that fall inside `[from, to)`; an open end counts up to `now`.
pub fn clipped_seconds(
    start: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> i64 {
    let end = end.unwrap_or(now.max(start));
    let a = start.max(from);
    let b = end.min(to);
    (b - a).num_seconds().max(0)
}
