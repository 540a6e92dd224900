//! Taking time out of the free slots for one task: earliest first, within a window, never
//! past the day's cap, no piece shorter than the minimum block unless it finishes the task,
//! and a buffer kept free around each piece.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;

use super::input::{KeptBlock, WorkRules};
use super::slots::Slot;

/// A stretch of time, start and end.
pub(super) type Span = (DateTime<Utc>, DateTime<Utc>);

/// The parts of a slot a task may use (the best focus hours, say).
pub(super) type Windows<'a> = &'a dyn Fn(&Slot) -> Vec<Span>;

/// Free time left, and the minutes already used on each day.
#[derive(Debug, Clone)]
pub(super) struct Free {
    pub(super) slots: Vec<Slot>,
    used: HashMap<NaiveDate, i64>,
    cap: i64,
    min_block: i64,
    buffer: Duration,
}

/// Where a task may go: not before `earliest`, ending by `until` if set.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bounds {
    pub(super) earliest: DateTime<Utc>,
    pub(super) until: Option<DateTime<Utc>>,
}

impl Free {
    pub(super) fn new(slots: Vec<Slot>, rules: &WorkRules, kept: &[KeptBlock], tz: &Tz) -> Free {
        let mut used = HashMap::new();
        for k in kept {
            let day = k.start.with_timezone(tz).date_naive();
            *used.entry(day).or_insert(0) += (k.end - k.start).num_minutes();
        }
        Free {
            slots,
            used,
            cap: i64::from(rules.daily_cap_minutes),
            min_block: i64::from(rules.min_block_minutes.max(1)),
            buffer: Duration::minutes(i64::from(rules.buffer_minutes)),
        }
    }

    /// Free minutes usable inside `bounds`, counting the daily cap.
    pub(super) fn room(&self, bounds: Bounds) -> i64 {
        let mut per_day: HashMap<NaiveDate, i64> = HashMap::new();
        for s in &self.slots {
            let start = s.start.max(bounds.earliest);
            let end = bounds.until.map_or(s.end, |u| s.end.min(u));
            if start < end {
                *per_day.entry(s.day).or_insert(0) += (end - start).num_minutes();
            }
        }
        per_day
            .into_iter()
            .map(|(d, m)| {
                m.min(self.cap - self.used.get(&d).copied().unwrap_or(0))
                    .max(0)
            })
            .sum()
    }

    /// Takes up to `want` minutes inside `bounds`, restricted to the windows `within` gives
    /// for a slot (the whole slot when `None`). Returns the pieces taken, in time order.
    pub(super) fn take(
        &mut self,
        want: i64,
        bounds: Bounds,
        within: Option<Windows<'_>>,
    ) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let mut left = want;
        let mut pieces = Vec::new();
        let mut i = self.slots.partition_point(|s| s.end <= bounds.earliest);
        while left > 0 && i < self.slots.len() {
            let slot = self.slots[i];
            if bounds.until.is_some_and(|u| slot.start >= u) {
                break;
            }
            let windows = match within {
                None => vec![(slot.start, slot.end)],
                Some(f) => f(&slot),
            };
            let taken = windows
                .into_iter()
                .find_map(|w| self.piece(&slot, w, left, bounds));
            match taken {
                Some((start, end)) => {
                    let minutes = (end - start).num_minutes();
                    *self.used.entry(slot.day).or_insert(0) += minutes;
                    left -= minutes;
                    pieces.push((start, end));
                    let parts: Vec<Slot> = [
                        (slot.start, start - self.buffer),
                        (end + self.buffer, slot.end),
                    ]
                    .into_iter()
                    .filter(|(a, b)| a < b)
                    .map(|(start, end)| Slot {
                        start,
                        end,
                        day: slot.day,
                    })
                    .collect();
                    let before = usize::from(parts.first().is_some_and(|p| p.end <= start));
                    self.slots.splice(i..=i, parts);
                    i += before;
                }
                None => i += 1,
            }
        }
        pieces
    }

    /// The piece of window `w` of `slot` a task with `left` minutes to go would take.
    fn piece(
        &self,
        slot: &Slot,
        w: (DateTime<Utc>, DateTime<Utc>),
        left: i64,
        bounds: Bounds,
    ) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let start = w.0.max(bounds.earliest).max(slot.start);
        let end = bounds.until.map_or(w.1, |u| w.1.min(u)).min(slot.end);
        let room = (end - start).num_minutes();
        let cap_left = self.cap - self.used.get(&slot.day).copied().unwrap_or(0);
        let mut len = room.min(left).min(cap_left);
        // A rest shorter than a block could not be placed: leave a whole block for later.
        if len < left && left - len < self.min_block {
            len = left - self.min_block;
        }
        (len > 0 && len >= self.min_block.min(left))
            .then(|| (start, start + Duration::minutes(len)))
    }
}

/// The parts of `slot` in the person's best focus hours.
pub(super) fn best_windows(
    slot: &Slot,
    rules: &WorkRules,
    tz: &Tz,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut out: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    let mut t = slot.start;
    while t < slot.end {
        let local = t.with_timezone(tz);
        let into_hour = i64::from(local.minute()) * 60 + i64::from(local.second());
        let e = (t + Duration::seconds(3600 - into_hour)).min(slot.end);
        if rules.is_best_hour(local.weekday(), local.hour()) {
            match out.last_mut() {
                Some(last) if last.1 == t => last.1 = e,
                _ => out.push((t, e)),
            }
        }
        t = e;
    }
    out
}
