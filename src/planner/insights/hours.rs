//! When focus works: completion by hour slot, and interruptions per focus hour.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDateTime, Timelike};
use serde::Serialize;

use super::rate::{Rate, mean};
use super::{SessionFact, weekday_name};

/// How many slots a list shows.
const TOP: usize = 3;

/// An hour of the week (or of any day).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slot {
    /// `Tue 09:00` or `09:00`.
    pub label: String,
    /// 0 = Monday … 6 = Sunday; 7 for an hour of any day.
    pub weekday: u32,
    pub hour: u32,
    pub completion: Rate,
    pub mean_score: f64,
}

fn label(weekday: u32, hour: u32) -> String {
    if weekday < 7 {
        format!("{} {hour:02}:00", weekday_name(weekday))
    } else {
        format!("{hour:02}:00")
    }
}

/// The best slots by the session's start: those with at least `min` sessions, ranked by the
/// lower bound of their completion rate, then by mean score.
pub(super) fn best(
    sessions: &[&SessionFact],
    min: u32,
    slot: impl Fn(NaiveDateTime) -> (u32, u32),
) -> Vec<Slot> {
    let mut by: BTreeMap<(u32, u32), Vec<&SessionFact>> = BTreeMap::new();
    for s in sessions {
        by.entry(slot(s.start)).or_default().push(s);
    }
    let mut slots: Vec<Slot> = by
        .into_iter()
        .filter(|(_, v)| v.len() as u32 >= min.max(1))
        .map(|((weekday, hour), v)| Slot {
            label: label(weekday, hour),
            weekday,
            hour,
            completion: Rate::of(v.iter().map(|s| s.completed)),
            mean_score: mean(v.iter().map(|s| s.score)),
        })
        .collect();
    slots.sort_by(|a, b| {
        b.completion
            .low
            .total_cmp(&a.completion.low)
            .then(b.mean_score.total_cmp(&a.mean_score))
    });
    slots.truncate(TOP);
    slots
}

/// Interruptions in one hour of the day or on one weekday.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prone {
    pub label: String,
    pub sessions: u32,
    pub focus_minutes: f64,
    pub internal: u32,
    pub external: u32,
    /// Interruptions per hour of focus.
    pub per_hour: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interruptions {
    pub internal: u32,
    pub external: u32,
    /// The hours of the day with the most interruptions per focus hour (at least the minimum
    /// sample of sessions), the worst first.
    pub prone_hours: Vec<Prone>,
    pub prone_days: Vec<Prone>,
}

#[derive(Default)]
struct Tally {
    sessions: u32,
    minutes: f64,
    internal: u32,
    external: u32,
}

pub(super) fn interruptions(sessions: &[&SessionFact], min: u32) -> Interruptions {
    let mut hours: BTreeMap<u32, Tally> = BTreeMap::new();
    let mut days: BTreeMap<u32, Tally> = BTreeMap::new();
    // Exposure goes to the slot the session started in; each interruption to the slot it
    // happened in, so a long session that spans two hours blames the right one.
    for s in sessions {
        for (map, key) in [
            (&mut hours, s.start.hour()),
            (&mut days, s.start.weekday().num_days_from_monday()),
        ] {
            let t = map.entry(key).or_default();
            t.sessions += 1;
            t.minutes += s.focus_minutes;
        }
        for &(at, external) in &s.interruptions {
            for (map, key) in [
                (&mut hours, at.hour()),
                (&mut days, at.weekday().num_days_from_monday()),
            ] {
                let t = map.entry(key).or_default();
                if external {
                    t.external += 1;
                } else {
                    t.internal += 1;
                }
            }
        }
    }
    let all = |ext: bool| {
        sessions
            .iter()
            .flat_map(|s| &s.interruptions)
            .filter(|i| i.1 == ext)
            .count() as u32
    };
    Interruptions {
        internal: all(false),
        external: all(true),
        prone_hours: prone(hours, min, |h| format!("{h:02}:00")),
        prone_days: prone(days, min, |d| weekday_name(d).to_string()),
    }
}

fn prone(map: BTreeMap<u32, Tally>, min: u32, name: impl Fn(u32) -> String) -> Vec<Prone> {
    let mut out: Vec<Prone> = map
        .into_iter()
        .filter(|(_, t)| t.sessions >= min.max(1) && t.minutes > 0.0 && t.internal + t.external > 0)
        .map(|(k, t)| Prone {
            label: name(k),
            sessions: t.sessions,
            focus_minutes: t.minutes,
            internal: t.internal,
            external: t.external,
            per_hour: f64::from(t.internal + t.external) / (t.minutes / 60.0),
        })
        .collect();
    out.sort_by(|a, b| b.per_hour.total_cmp(&a.per_hour));
    out.truncate(TOP);
    out
}
