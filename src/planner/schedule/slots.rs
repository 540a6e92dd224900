//! Free time: the working hours of each working day in the window (in local time, so a day
//! with a clock change has its true length), less lunch, busy events and kept blocks with a
//! buffer around each.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::input::{Busy, KeptBlock, WorkRules};
use crate::model::dates::local_instant;

/// A stretch of free time on one local day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub day: NaiveDate,
}

impl Slot {
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }
}

/// The instant of `minutes` after local midnight of `day`.
pub(super) fn at(day: NaiveDate, minutes: u32, tz: &Tz) -> DateTime<Utc> {
    let naive = day.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minutes));
    local_instant(tz, naive)
}

/// The working time of each working day that overlaps `[from, to)`, clipped to it, less lunch.
pub fn working_time(
    rules: &WorkRules,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tz: &Tz,
) -> Vec<Slot> {
    let mut out = Vec::new();
    let (first, last) = (
        from.with_timezone(tz).date_naive(),
        to.with_timezone(tz).date_naive(),
    );
    let mut day = first;
    while day <= last {
        if rules.works_on(day.weekday()) {
            let mut parts = vec![(rules.day_start, rules.day_end)];
            if let Some((a, b)) = rules.lunch {
                parts = vec![
                    (rules.day_start, a.min(rules.day_end)),
                    (b.max(rules.day_start), rules.day_end),
                ];
            }
            for (a, b) in parts.into_iter().filter(|(a, b)| a < b) {
                let start = at(day, a, tz).max(from);
                let end = at(day, b, tz).min(to);
                if start < end {
                    out.push(Slot { start, end, day });
                }
            }
        }
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    out
}

/// `slots` less every busy interval widened by `buffer` on each side. Both inputs may be in
/// any order; the result is sorted.
pub(super) fn subtract(
    slots: Vec<Slot>,
    busy: &[(DateTime<Utc>, DateTime<Utc>)],
    buffer: Duration,
) -> Vec<Slot> {
    let mut busy: Vec<_> = busy
        .iter()
        .map(|&(s, e)| (s - buffer, e + buffer))
        .collect();
    busy.sort();
    // The latest end so far, by start order: monotone, so a binary search finds the first
    // interval that can still reach into a slot, however long the ones before it are.
    let reach: Vec<DateTime<Utc>> = busy
        .iter()
        .scan(DateTime::<Utc>::MIN_UTC, |m, &(_, e)| {
            *m = (*m).max(e);
            Some(*m)
        })
        .collect();
    let mut out = Vec::with_capacity(slots.len());
    for slot in slots {
        let first = reach.partition_point(|&e| e <= slot.start);
        let mut cursor = slot.start;
        for &(s, e) in &busy[first..] {
            if s >= slot.end {
                break;
            }
            if e <= cursor {
                continue;
            }
            if s > cursor {
                out.push(Slot {
                    start: cursor,
                    end: s,
                    day: slot.day,
                });
            }
            cursor = cursor.max(e);
        }
        if cursor < slot.end {
            out.push(Slot {
                start: cursor,
                end: slot.end,
                day: slot.day,
            });
        }
    }
    out.sort_by_key(|s| s.start);
    out
}

/// Free slots of the window: working time less blocking events and kept blocks.
pub fn free_slots(
    rules: &WorkRules,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    busy: &[Busy],
    kept: &[KeptBlock],
    tz: &Tz,
) -> Vec<Slot> {
    let taken: Vec<_> = busy
        .iter()
        .filter(|b| b.blocks_time())
        .map(|b| (b.start, b.end))
        .chain(kept.iter().map(|k| (k.start, k.end)))
        .collect();
    subtract(
        working_time(rules, from, to, tz),
        &taken,
        Duration::minutes(i64::from(rules.buffer_minutes)),
    )
}
