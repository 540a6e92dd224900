//! What the scheduler is given: the working rules, busy time, kept blocks and the tasks with
//! the minutes each needs. Durations come through an estimator function so a learned
//! estimator can replace the default without touching the scheduler.

use std::collections::HashSet;

use chrono::{DateTime, NaiveTime, Timelike, Utc, Weekday};
use uuid::Uuid;

use crate::model::Task;

/// Minutes a task without an estimate of its own is planned for.
pub const DEFAULT_ESTIMATE_MINUTES: u32 = 60;

/// A duration estimate: the median and the 80th percentile, in minutes. Planning uses the P80
/// so a plan does not run over as often as half the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Estimate {
    pub p50: u32,
    pub p80: u32,
}

/// The estimate used until a learned one is plugged in: the task's own `est:` for both
/// percentiles, else `DEFAULT_ESTIMATE_MINUTES`.
pub fn own_estimate(task: &Task) -> Estimate {
    let m = task
        .estimate_minutes
        .filter(|m| *m > 0)
        .unwrap_or(DEFAULT_ESTIMATE_MINUTES);
    Estimate { p50: m, p80: m }
}

/// When and how much may be planned. Times of day are minutes after local midnight.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkRules {
    /// Start and end of the working day (end up to 1440, midnight).
    pub day_start: u32,
    pub day_end: u32,
    /// Working weekdays, Monday first.
    pub days: [bool; 7],
    /// A daily break taken out of the working day (start, end).
    pub lunch: Option<(u32, u32)>,
    /// Free minutes kept between a planned block and anything next to it.
    pub buffer_minutes: u32,
    /// No block shorter than this, unless it finishes its task.
    pub min_block_minutes: u32,
    /// Most minutes of blocks (kept and planned) in one day.
    pub daily_cap_minutes: u32,
    /// Tasks with one of these tags or projects are deep work.
    pub deep_tags: Vec<String>,
    pub deep_projects: Vec<String>,
    /// A task estimated at this many minutes or more is deep work too (0: never by length).
    pub deep_minutes: u32,
    /// The person's best focus hours (weekday, hour of the day), best first; empty when
    /// not known yet.
    pub best_hours: Vec<(Weekday, u32)>,
}

impl Default for WorkRules {
    fn default() -> Self {
        WorkRules {
            day_start: 9 * 60,
            day_end: 17 * 60,
            days: [true, true, true, true, true, false, false],
            lunch: Some((12 * 60, 13 * 60)),
            buffer_minutes: 10,
            min_block_minutes: 25,
            daily_cap_minutes: 6 * 60,
            deep_tags: vec!["deep".into()],
            deep_projects: Vec::new(),
            deep_minutes: 120,
            best_hours: Vec::new(),
        }
    }
}

impl WorkRules {
    pub fn works_on(&self, day: Weekday) -> bool {
        self.days[day.num_days_from_monday() as usize]
    }

    pub(super) fn is_best_hour(&self, day: Weekday, hour: u32) -> bool {
        self.best_hours.iter().any(|&(d, h)| d == day && h == hour)
    }

    fn is_deep(&self, task: &Task, minutes: u32) -> bool {
        (self.deep_minutes > 0 && minutes >= self.deep_minutes)
            || task.tags.iter().any(|t| self.deep_tags.contains(t))
            || task
                .project
                .as_ref()
                .is_some_and(|p| self.deep_projects.contains(p))
    }
}

/// A calendar occurrence that may take time away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub all_day: bool,
    /// Marked free (`TRANSP:TRANSPARENT`): shown, but not blocking.
    pub transparent: bool,
}

impl Busy {
    pub fn blocks_time(&self) -> bool {
        !self.all_day && !self.transparent && self.end > self.start
    }
}

/// A time block that stays where it is: one the person placed, or a planned one already
/// started or over. Its minutes count towards its task and the day's cap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptBlock {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub task: Option<Uuid>,
}

/// One task as the scheduler sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanTask {
    pub uuid: Uuid,
    pub id: i64,
    pub title: String,
    pub due: Option<DateTime<Utc>>,
    /// Not before this (`scheduled:` or `wait:`).
    pub not_before: Option<DateTime<Utc>>,
    /// Tasks that must be finished first.
    pub depends: Vec<Uuid>,
    /// Minutes to plan (the P80).
    pub minutes: u32,
    pub estimate: Estimate,
    pub urgency: f64,
    pub deep: bool,
}

impl PlanTask {
    /// `task` with its estimate from `estimate`; `open` holds the UUIDs of open tasks, so a
    /// dependency on a finished task is dropped.
    pub fn from_task(
        task: &Task,
        estimate: &dyn Fn(&Task) -> Estimate,
        urgency: f64,
        rules: &WorkRules,
        open: &HashSet<Uuid>,
    ) -> PlanTask {
        let e = estimate(task);
        PlanTask {
            uuid: task.uuid,
            id: task.id,
            title: task.title.clone(),
            due: task.due,
            not_before: task.scheduled.max(task.wait),
            depends: task
                .depends
                .iter()
                .filter(|d| open.contains(d))
                .copied()
                .collect(),
            minutes: e.p80.max(1),
            estimate: e,
            urgency,
            deep: rules.is_deep(task, e.p80),
        }
    }
}

/// `HH:MM` (or `24:00`) as minutes after midnight.
pub fn parse_clock(text: &str) -> Option<u32> {
    let text = text.trim();
    if text == "24:00" {
        return Some(1440);
    }
    let t = NaiveTime::parse_from_str(text, "%H:%M").ok()?;
    Some(t.hour() * 60 + t.minute())
}
