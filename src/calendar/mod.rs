//! The agenda as data: occurrences with where they come from, overlaps, and how overlapping
//! events share a column. Pure: no store, no clock.

use chrono::TimeDelta;

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
