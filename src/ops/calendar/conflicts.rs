//! The timed events a new or changed event overlaps, for the warning after `cal add`/`edit`.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use super::{agenda, overlapping};
use crate::ops::Result;
use crate::store::{ObjectRow, Store};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Conflict {
    pub summary: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Timed events overlapping `row`'s occurrences that start in `touched` (`None`: its first
/// 90 days). Only the occurrences a change touched count: moving one occurrence of a daily
/// series must not report what the others overlap.
pub(super) fn of(
    store: &Store,
    row: &ObjectRow,
    touched: Option<(DateTime<Utc>, DateTime<Utc>)>,
    tz: Tz,
) -> Result<Vec<Conflict>> {
    if row.all_day == Some(true) {
        return Ok(Vec::new());
    }
    let Some(first) = Utc.timestamp_opt(row.first_start, 0).single() else {
        return Ok(Vec::new());
    };
    let (from, to) = touched.unwrap_or((first, first + TimeDelta::days(90)));
    // A day earlier: an event that began the evening before may still be running.
    let (items, _) = agenda(
        store,
        from - TimeDelta::days(1),
        to + TimeDelta::days(1),
        tz,
        false,
    )?;
    let mine = |i: usize| {
        let o = &items[i].occurrence;
        items[i].id == row.id && o.start >= from && o.start < to
    };
    let mut out: Vec<Conflict> = (0..items.len())
        .filter(|&i| mine(i) && items[i].overlaps > 0)
        .flat_map(|i| overlapping(&items, i))
        .filter(|&j| items[j].id != row.id)
        .map(|j| Conflict {
            summary: items[j].occurrence.summary.clone(),
            start: items[j].occurrence.start,
            end: items[j].occurrence.end,
        })
        .collect();
    out.sort_by_key(|c| c.start);
    out.dedup();
    Ok(out)
}
