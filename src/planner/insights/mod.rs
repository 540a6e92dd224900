//! Patterns in a person's own history, pure: focus sessions, time entries, time blocks and
//! tasks in (already in local time), figures out.
//!
//! - Best focus hours: the hours of the week (and, for thinner histories, of the day) whose
//!   sessions complete most often, ranked by the lower bound of a Wilson interval so a slot
//!   needs both a high rate and enough sessions; slots with fewer than `min_sessions` are left
//!   out, never guessed.
//! - Session length: the completion rate per planned length; the recommendation is the length
//!   that gives the most focus minutes per started session at the rate's lower bound.
//! - Interruptions per focus hour, internal and external, by hour of the day and by weekday.
//! - Estimate accuracy: actual tracked time over the estimate of completed tasks, by project
//!   and by tag.
//! - Per day: planned (time-block minutes), tracked, focus minutes and tasks done; streaks of
//!   days that met the daily focus goal.
//! - Energy (the 1–5 check-in at start and end): completion by energy at the start.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::Serialize;
use uuid::Uuid;

mod accuracy;
mod days;
mod energy;
mod hours;
mod length;
pub mod rate;
pub mod week;

#[cfg(test)]
mod tests;

pub use accuracy::Accuracy;
pub use days::{Day, Streaks};
pub use energy::{EnergyBand, EnergyPatterns};
pub use hours::{Interruptions, Slot};
pub use length::LengthRate;
pub use rate::Rate;

/// One ended focus session (breaks and running sessions are not facts yet).
#[derive(Debug, Clone, PartialEq)]
pub struct SessionFact {
    pub start: NaiveDateTime,
    pub planned_minutes: u32,
    pub focus_minutes: f64,
    /// Ended as completed (not interrupted, not abandoned).
    pub completed: bool,
    /// The productivity score, 0–10.
    pub score: f64,
    /// Local times of the interruptions: `true` for external ones.
    pub interruptions: Vec<(NaiveDateTime, bool)>,
    pub energy_start: Option<u8>,
    pub energy_end: Option<u8>,
}

/// A stretch of tracked time, with the project it counts for (its own, else its task's).
#[derive(Debug, Clone, PartialEq)]
pub struct EntryFact {
    pub start: NaiveDateTime,
    pub minutes: f64,
    pub task: Option<Uuid>,
    pub project: Option<String>,
}

/// A time block: planned time for a task.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockFact {
    pub start: NaiveDateTime,
    pub minutes: f64,
    pub task: Option<Uuid>,
}

/// What the patterns need of a task.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskFact {
    pub uuid: Uuid,
    pub id: i64,
    pub title: String,
    pub project: Option<String>,
    pub tags: Vec<String>,
    pub estimate_minutes: Option<u32>,
    /// When it was completed (local), if it was.
    pub done: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The last day of the window (today).
    pub today: NaiveDate,
    /// How many days the window holds, ending today.
    pub days: u32,
    /// Fewer sessions than this in a slot and the slot says nothing.
    pub min_sessions: u32,
    pub daily_goal_minutes: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Input {
    /// The whole history: the window is applied here, and streaks look further back.
    pub sessions: Vec<SessionFact>,
    pub entries: Vec<EntryFact>,
    pub blocks: Vec<BlockFact>,
    pub tasks: Vec<TaskFact>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Insights {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub min_sessions: u32,
    pub sessions: u32,
    pub completion: Rate,
    pub best_hours_of_week: Vec<Slot>,
    pub best_hours_of_day: Vec<Slot>,
    pub session_lengths: Vec<LengthRate>,
    pub recommended_minutes: Option<u32>,
    pub interruptions: Interruptions,
    pub estimate_accuracy: Vec<Accuracy>,
    pub days: Vec<Day>,
    pub streaks: Streaks,
    pub energy: EnergyPatterns,
    /// The findings in words, the strongest first.
    pub findings: Vec<String>,
}

impl Options {
    pub fn from(&self) -> NaiveDate {
        self.today - chrono::Days::new(u64::from(self.days.max(1) - 1))
    }

    fn contains(&self, t: NaiveDateTime) -> bool {
        (self.from()..=self.today).contains(&t.date())
    }
}

pub fn compute(input: &Input, opts: &Options) -> Insights {
    let window: Vec<&SessionFact> = input
        .sessions
        .iter()
        .filter(|s| opts.contains(s.start))
        .collect();
    let best_hours_of_week = hours::best(&window, opts.min_sessions, |t| {
        (t.weekday().num_days_from_monday(), t.hour())
    });
    let best_hours_of_day = hours::best(&window, opts.min_sessions, |t| (7, t.hour()));
    let session_lengths = length::rates(&window);
    let recommended_minutes = length::recommend(&session_lengths, opts.min_sessions);
    let interruptions = hours::interruptions(&window, opts.min_sessions);
    let energy = energy::patterns(&window, opts.min_sessions);
    let mut out = Insights {
        from: opts.from(),
        to: opts.today,
        min_sessions: opts.min_sessions,
        sessions: window.len() as u32,
        completion: Rate::of(window.iter().map(|s| s.completed)),
        best_hours_of_week,
        best_hours_of_day,
        session_lengths,
        recommended_minutes,
        interruptions,
        estimate_accuracy: accuracy::by_group(input, opts),
        days: days::per_day(input, opts),
        streaks: days::streaks(&input.sessions, opts),
        energy,
        findings: Vec::new(),
    };
    out.findings = findings(&out);
    out
}

fn findings(i: &Insights) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(best) = i.best_hours_of_week.first().or(i.best_hours_of_day.first()) {
        out.push(format!(
            "Your best focus hour: {} (sessions complete {}).",
            best.label,
            best.completion.text()
        ));
    } else {
        out.push(format!(
            "No focus hour has {} sessions yet: best hours need more history.",
            i.min_sessions
        ));
    }
    if let Some(m) = i.recommended_minutes {
        out.push(format!("Recommended session length: {m} minutes."));
    }
    if let Some(h) = i.interruptions.prone_hours.first() {
        out.push(format!(
            "Most interrupted: {} ({:.1} per focus hour, {} internal, {} external).",
            h.label, h.per_hour, h.internal, h.external
        ));
    }
    if let Some(s) = &i.energy.finding {
        out.push(s.clone());
    }
    if let Some(a) = i.estimate_accuracy.first() {
        out.push(format!(
            "Estimates on {} run {:.1}× (median of {} tasks).",
            a.group, a.median_ratio, a.tasks
        ));
    }
    out
}

/// `Mon`, …, `Sun` (index from Monday), or "any day" past the week.
pub(crate) fn weekday_name(i: u32) -> &'static str {
    const NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    NAMES.get(i as usize).copied().unwrap_or("any day")
}
