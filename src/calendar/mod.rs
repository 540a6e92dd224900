//! The agenda as data: occurrences with where they come from, overlaps, and how overlapping
//! events share a column. Pure: no store, no clock.

use chrono::{NaiveDate, TimeDelta, TimeZone};

use crate::model::dates::When;
use crate::model::occurrence::Occurrence;

/// What an agenda line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Event,
    /// A task due in the window.
    Due,
    /// A task scheduled in the window.
    Scheduled,
}

/// An occurrence (or a task's due or scheduled time) and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AgendaItem {
    pub kind: ItemKind,
    /// The event's id (or the task's id for due/scheduled items).
    pub id: i64,
    pub calendar: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub colour: String,
    pub read_only: bool,
    #[serde(flatten)]
    pub occurrence: Occurrence,
    /// Reminders, seconds before the start.
    pub reminders: Vec<i64>,
    /// The task a time block is for.
    pub task: Option<String>,
    /// How many other timed events this one overlaps (0: no conflict).
    pub overlaps: u32,
}

impl AgendaItem {
    pub fn is_timed_event(&self) -> bool {
        self.kind == ItemKind::Event && !self.occurrence.all_day
    }
}

/// Which occurrences an edit or delete applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    /// The occurrence starting on this day (or at this instant).
    One(When),
    /// That occurrence and every later one.
    Following(When),
}

/// How much of an event an edit or delete reached, for its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Extent {
    All,
    One,
    Following,
}

/// Counts, for every timed event, the timed events it overlaps (sorted by start: a sweep).
pub fn mark_overlaps(items: &mut [AgendaItem]) {
    let timed: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].is_timed_event())
        .collect();
    for (n, &i) in timed.iter().enumerate() {
        for &j in &timed[n + 1..] {
            if items[j].occurrence.start >= items[i].occurrence.end {
                break;
            }
            if items[j].occurrence.end > items[i].occurrence.start {
                items[i].overlaps += 1;
                items[j].overlaps += 1;
            }
        }
    }
}

/// The indices of the timed events that overlap `items[i]` (items sorted by start; events
/// longer than a day are not looked back for).
pub fn overlapping(items: &[AgendaItem], i: usize) -> Vec<usize> {
    let me = &items[i];
    if !me.is_timed_event() {
        return Vec::new();
    }
    let earliest = me.occurrence.start - TimeDelta::days(1);
    let from = items.partition_point(|x| x.occurrence.start < earliest);
    (from..items.len())
        .take_while(|&j| items[j].occurrence.start < me.occurrence.end)
        .filter(|&j| {
            j != i && items[j].is_timed_event() && items[j].occurrence.end > me.occurrence.start
        })
        .collect()
}

/// The days from `first` to `last` that have items, with the items (indices, in order) listed
/// under each: an all-day event on every day it covers, anything else on its start day, or on
/// `first` when it began before the window and is still running.
pub fn by_day<Tz: TimeZone>(
    items: &[AgendaItem],
    first: NaiveDate,
    last: NaiveDate,
    tz: &Tz,
) -> Vec<(NaiveDate, Vec<usize>)> {
    let mut days: std::collections::BTreeMap<NaiveDate, Vec<usize>> = Default::default();
    for (i, item) in items.iter().enumerate() {
        let o = &item.occurrence;
        let start = o.start.with_timezone(tz).date_naive().max(first);
        let end = if o.all_day && o.end > o.start {
            (o.end - TimeDelta::seconds(1))
                .with_timezone(tz)
                .date_naive()
        } else {
            start
        };
        let mut day = start;
        while day <= end.min(last) {
            days.entry(day).or_default().push(i);
            let Some(next) = day.succ_opt() else { break };
            day = next;
        }
    }
    days.into_iter().collect()
}

/// Side-by-side placement for overlapping timed events: for each of `spans` (start, end) in
/// order of start, its lane and the number of lanes in its cluster of overlapping events.
pub fn lanes<T: Ord + Copy>(spans: &[(T, T)]) -> Vec<(usize, usize)> {
    let mut out = vec![(0, 1); spans.len()];
    let mut cluster_start = 0;
    let mut lane_ends: Vec<T> = Vec::new();
    let mut cluster_end: Option<T> = None;
    for (i, &(start, end)) in spans.iter().enumerate() {
        if cluster_end.is_some_and(|e| start >= e) {
            let n = lane_ends.len();
            for o in &mut out[cluster_start..i] {
                o.1 = n;
            }
            cluster_start = i;
            lane_ends.clear();
            cluster_end = None;
        }
        let lane = match lane_ends.iter().position(|&e| e <= start) {
            Some(l) => {
                lane_ends[l] = end;
                l
            }
            None => {
                lane_ends.push(end);
                lane_ends.len() - 1
            }
        };
        out[i].0 = lane;
        cluster_end = Some(cluster_end.map_or(end, |e| e.max(end)));
    }
    let n = lane_ends.len().max(1);
    for o in &mut out[cluster_start..] {
        o.1 = n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn event(start: (u32, u32), end: (u32, u32), all_day: bool) -> AgendaItem {
        let at = |(d, h): (u32, u32)| {
            chrono_tz::Europe::Berlin
                .with_ymd_and_hms(2026, 12, d, h, 0, 0)
                .single()
                .expect("valid")
                .with_timezone(&Utc)
        };
        AgendaItem {
            kind: ItemKind::Event,
            id: 1,
            calendar: String::new(),
            colour: String::new(),
            read_only: false,
            occurrence: Occurrence {
                uid: "u".into(),
                summary: "s".into(),
                location: None,
                start: at(start),
                end: at(end),
                all_day,
                recurring: false,
                part: 0,
            },
            reminders: Vec::new(),
            task: None,
            overlaps: 0,
        }
    }

    #[test]
    fn a_trip_is_listed_on_each_day_it_covers_inside_the_window() {
        let d = |n| NaiveDate::from_ymd_opt(2026, 12, n).expect("valid");
        // Trip Dec 3–5 (all day, ends at the start of Dec 6); a meeting on Dec 5.
        let items = [event((3, 0), (6, 0), true), event((5, 9), (5, 10), false)];
        let days = by_day(&items, d(4), d(6), &chrono_tz::Europe::Berlin);
        assert_eq!(days, vec![(d(4), vec![0]), (d(5), vec![0, 1])]);
        // A timed event running past midnight into the window counts on its first day.
        let late = [event((3, 23), (4, 2), false)];
        let days = by_day(&late, d(4), d(6), &chrono_tz::Europe::Berlin);
        assert_eq!(days, vec![(d(4), vec![0])]);
    }

    #[test]
    fn overlapping_events_share_the_column() {
        // 9–10, 9:30–11, 10–10:30 (fits lane 0 again), 12–13 alone.
        let spans = [(900, 1000), (930, 1100), (1000, 1030), (1200, 1300)];
        assert_eq!(lanes(&spans), vec![(0, 2), (1, 2), (0, 2), (0, 1)]);
        assert_eq!(lanes::<i32>(&[]), vec![]);
        let three = [(1, 10), (2, 9), (3, 8)];
        assert_eq!(lanes(&three), vec![(0, 3), (1, 3), (2, 3)]);
    }
}
