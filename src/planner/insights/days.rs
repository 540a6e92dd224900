//! Day by day: planned against done, and streaks of days that met the focus goal.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::{Input, Options, SessionFact};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Day {
    pub date: NaiveDate,
    /// Minutes of time blocks (planned work) starting that day.
    pub planned_minutes: f64,
    /// Minutes of time entries starting that day.
    pub tracked_minutes: f64,
    pub focus_minutes: f64,
    pub tasks_done: u32,
    pub goal_met: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Streaks {
    pub daily_goal_minutes: u32,
    /// Days in a row, up to today, that met the goal; today counts once it is met, and until
    /// then the streak still stands from yesterday.
    pub current_days: u32,
    /// The longest run in the whole history.
    pub longest_days: u32,
    pub today_minutes: f64,
}

pub(super) fn per_day(input: &Input, opts: &Options) -> Vec<Day> {
    let from = opts.from();
    let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
    let mut d = from;
    while d <= opts.today {
        days.insert(
            d,
            Day {
                date: d,
                planned_minutes: 0.0,
                tracked_minutes: 0.0,
                focus_minutes: 0.0,
                tasks_done: 0,
                goal_met: false,
            },
        );
        let Some(next) = d.checked_add_days(Days::new(1)) else {
            break;
        };
        d = next;
    }
    for b in &input.blocks {
        if let Some(day) = days.get_mut(&b.start.date()) {
            day.planned_minutes += b.minutes;
        }
    }
    for e in &input.entries {
        if let Some(day) = days.get_mut(&e.start.date()) {
            day.tracked_minutes += e.minutes;
        }
    }
    for s in &input.sessions {
        if let Some(day) = days.get_mut(&s.start.date()) {
            day.focus_minutes += s.focus_minutes;
        }
    }
    for t in &input.tasks {
        if let Some(day) = t.done.and_then(|d| days.get_mut(&d.date())) {
            day.tasks_done += 1;
        }
    }
    let goal = f64::from(opts.daily_goal_minutes);
    days.into_values()
        .map(|mut d| {
            d.goal_met = goal > 0.0 && d.focus_minutes >= goal;
            d
        })
        .collect()
}

pub(super) fn streaks(sessions: &[SessionFact], opts: &Options) -> Streaks {
    let mut minutes: BTreeMap<NaiveDate, f64> = BTreeMap::new();
    for s in sessions.iter().filter(|s| s.start.date() <= opts.today) {
        *minutes.entry(s.start.date()).or_default() += s.focus_minutes;
    }
    let goal = f64::from(opts.daily_goal_minutes);
    let met: Vec<NaiveDate> = minutes
        .iter()
        .filter(|(_, m)| goal > 0.0 && **m >= goal)
        .map(|(d, _)| *d)
        .collect();
    let mut longest = 0;
    let mut run = 0;
    let mut last: Option<NaiveDate> = None;
    for d in &met {
        run = match last {
            Some(l) if l.succ_opt() == Some(*d) => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        last = Some(*d);
    }
    let is_met = |d: NaiveDate| met.binary_search(&d).is_ok();
    let mut day = if is_met(opts.today) {
        Some(opts.today)
    } else {
        opts.today.pred_opt()
    };
    let mut current = 0;
    while let Some(d) = day.filter(|d| is_met(*d)) {
        current += 1;
        day = d.pred_opt();
    }
    Streaks {
        daily_goal_minutes: opts.daily_goal_minutes,
        current_days: current,
        longest_days: longest,
        today_minutes: minutes.get(&opts.today).copied().unwrap_or(0.0),
    }
}
