//! Focus statistics, pure: sessions and a little task information in, numbers out.
//!
//! Only focus sessions count (breaks do not). The window (`days`, ending today) bounds every
//! figure except the streaks, which look at the whole history, and estimate-vs-actual, which
//! compares a task's estimate with all the focus time it ever got. Minutes are split exactly
//! at local hour and day boundaries, pauses excluded.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Days, Duration, NaiveDate, TimeZone, Timelike, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::focus::{FocusSession, FocusStatus, Kind};

/// What statistics need to know of a task.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskInfo {
    pub id: i64,
    pub title: String,
    pub project: Option<String>,
    pub estimate_minutes: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayMinutes {
    pub date: NaiveDate,
    pub minutes: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedMinutes {
    pub name: String,
    pub minutes: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskMinutes {
    pub task: Uuid,
    pub id: i64,
    pub title: String,
    pub sessions: usize,
    pub minutes: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EstimateVsActual {
    pub task: Uuid,
    pub id: i64,
    pub title: String,
    pub estimate_minutes: u32,
    pub actual_minutes: f64,
    /// actual / estimate.
    pub ratio: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Interruptions {
    pub internal: usize,
    pub external: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FocusStats {
    pub days: u32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Focus sessions that ended in the window (completed, interrupted or abandoned).
    pub total_sessions: usize,
    pub completed: usize,
    pub interrupted: usize,
    pub abandoned: usize,
    /// completed / total_sessions; 0 when there are none.
    pub completion_rate: f64,
    pub total_focus_minutes: f64,
    /// Per completed or interrupted session; 0 when there are none.
    pub average_focus_minutes: f64,
    pub average_score: f64,
    pub interruptions: Interruptions,
    pub current_streak_days: u32,
    pub longest_streak_days: u32,
    /// Every day of the window, oldest first, zeros included.
    pub per_day: Vec<DayMinutes>,
    /// Minutes per local hour of the day, 0–23.
    pub per_hour: Vec<f64>,
    pub per_project: Vec<NamedMinutes>,
    pub per_task: Vec<TaskMinutes>,
    pub estimates: Vec<EstimateVsActual>,
}

/// Statistics of `sessions` for the `days` days ending on `now`'s local date.
pub fn compute<Tz: TimeZone>(
    sessions: &[FocusSession],
    tasks: &HashMap<Uuid, TaskInfo>,
    now: &DateTime<Tz>,
    days: u32,
) -> FocusStats {
    let days = days.max(1);
    let tz = now.timezone();
    let utc_now = now.with_timezone(&Utc);
    let to = now.date_naive();
    let from = to - Days::new(u64::from(days - 1));
    let local_day = |t: DateTime<Utc>| t.with_timezone(&tz).date_naive();
    let focus: Vec<&FocusSession> = sessions.iter().filter(|s| s.kind == Kind::Focus).collect();
    let in_window: Vec<&FocusSession> = focus
        .iter()
        .copied()
        .filter(|s| s.ended.is_some_and(|e| (from..=to).contains(&local_day(e))))
        .collect();
    let count = |st: FocusStatus| in_window.iter().filter(|s| s.status == st).count();
    let counted: Vec<&FocusSession> = in_window
        .iter()
        .copied()
        .filter(|s| s.status.counts())
        .collect();
    let total_focus_minutes: f64 = counted.iter().map(|s| minutes(s, utc_now)).sum();
    let score_sum: f64 = counted.iter().map(|s| s.score(utc_now)).sum();
    let spread = Spread::of(&counted, tasks, &tz, (from, to), utc_now);
    let (current_streak_days, longest_streak_days) = streaks(&focus, to, &local_day);
    FocusStats {
        days,
        from,
        to,
        total_sessions: in_window.len(),
        completed: count(FocusStatus::Completed),
        interrupted: count(FocusStatus::Interrupted),
        abandoned: count(FocusStatus::Abandoned),
        completion_rate: round2(mean(count(FocusStatus::Completed) as f64, in_window.len())),
        total_focus_minutes: round1(total_focus_minutes),
        average_focus_minutes: round1(mean(total_focus_minutes, counted.len())),
        average_score: round2(mean(score_sum, counted.len())),
        interruptions: interruptions(&in_window),
        current_streak_days,
        longest_streak_days,
        per_day: spread.per_day(from, days),
        per_hour: spread.per_hour.into_iter().map(round1).collect(),
        per_project: per_project(spread.by_project),
        per_task: per_task(spread.by_task, tasks),
        estimates: estimates(&focus, tasks, utc_now),
    }
}

fn minutes(s: &FocusSession, now: DateTime<Utc>) -> f64 {
    s.elapsed(now).num_seconds() as f64 / 60.0
}

fn mean(sum: f64, n: usize) -> f64 {
    if n == 0 { 0.0 } else { sum / n as f64 }
}

fn interruptions(sessions: &[&FocusSession]) -> Interruptions {
    let mut interruptions = Interruptions::default();
    for i in sessions.iter().flat_map(|s| &s.interruptions) {
        if i.external {
            interruptions.external += 1;
        } else {
            interruptions.internal += 1;
        }
    }
    interruptions
}

/// Focus minutes by local day and hour (from the running intervals split at hour
/// boundaries, inside the window), by project and by task (whole sessions).
struct Spread {
    by_day: BTreeMap<NaiveDate, f64>,
    per_hour: Vec<f64>,
    by_project: BTreeMap<String, f64>,
    by_task: BTreeMap<Uuid, (usize, f64)>,
}

impl Spread {
    fn of<Tz: TimeZone>(
        counted: &[&FocusSession],
        tasks: &HashMap<Uuid, TaskInfo>,
        tz: &Tz,
        (from, to): (NaiveDate, NaiveDate),
        now: DateTime<Utc>,
    ) -> Spread {
        let mut spread = Spread {
            by_day: BTreeMap::new(),
            per_hour: vec![0.0; 24],
            by_project: BTreeMap::new(),
            by_task: BTreeMap::new(),
        };
        for s in counted {
            for (a, b) in s.running_intervals() {
                for (start, mins) in split_by_hour(a, b, tz) {
                    let local = start.with_timezone(tz);
                    if (from..=to).contains(&local.date_naive()) {
                        *spread.by_day.entry(local.date_naive()).or_default() += mins;
                        spread.per_hour[local.hour() as usize] += mins;
                    }
                }
            }
            let project = s
                .task
                .and_then(|t| tasks.get(&t))
                .and_then(|t| t.project.clone())
                .unwrap_or_else(|| "(no project)".into());
            *spread.by_project.entry(project).or_default() += minutes(s, now);
            if let Some(t) = s.task {
                let e = spread.by_task.entry(t).or_default();
                e.0 += 1;
                e.1 += minutes(s, now);
            }
        }
        spread
    }

    /// Every day of the window, zeros included.
    fn per_day(&self, from: NaiveDate, days: u32) -> Vec<DayMinutes> {
        (0..days)
            .map(|i| {
                let date = from + Days::new(u64::from(i));
                DayMinutes {
                    date,
                    minutes: round1(self.by_day.get(&date).copied().unwrap_or(0.0)),
                }
            })
            .collect()
    }
}

/// Most minutes first, then by name.
fn per_project(by_project: BTreeMap<String, f64>) -> Vec<NamedMinutes> {
    let mut per_project: Vec<NamedMinutes> = by_project
        .into_iter()
        .map(|(name, m)| NamedMinutes {
            name,
            minutes: round1(m),
        })
        .collect();
    per_project.sort_by(|a, b| {
        b.minutes
            .total_cmp(&a.minutes)
            .then_with(|| a.name.cmp(&b.name))
    });
    per_project
}

/// Most minutes first, then by id; a task no longer there is named so.
fn per_task(
    by_task: BTreeMap<Uuid, (usize, f64)>,
    tasks: &HashMap<Uuid, TaskInfo>,
) -> Vec<TaskMinutes> {
    let mut per_task: Vec<TaskMinutes> = by_task
        .into_iter()
        .map(|(task, (n, m))| {
            let info = tasks.get(&task);
            TaskMinutes {
                task,
                id: info.map_or(0, |i| i.id),
                title: info.map_or_else(|| "(deleted task)".into(), |i| i.title.clone()),
                sessions: n,
                minutes: round1(m),
            }
        })
        .collect();
    per_task.sort_by(|a, b| {
        b.minutes
            .total_cmp(&a.minutes)
            .then_with(|| a.id.cmp(&b.id))
    });
    per_task
}

/// Days in a row with at least one completed focus session: the run ending today (or
/// yesterday, since today is not over), and the longest run ever.
fn streaks(
    focus: &[&FocusSession],
    today: NaiveDate,
    local_day: &dyn Fn(DateTime<Utc>) -> NaiveDate,
) -> (u32, u32) {
    let days: BTreeSet<NaiveDate> = focus
        .iter()
        .filter(|s| s.status == FocusStatus::Completed)
        .filter_map(|s| s.ended.map(local_day))
        .collect();
    let mut longest = 0;
    let mut run = 0;
    let mut previous: Option<NaiveDate> = None;
    for d in &days {
        run = if previous.and_then(|p| p.succ_opt()) == Some(*d) {
            run + 1
        } else {
            1
        };
        longest = longest.max(run);
        previous = Some(*d);
    }
    let mut current = 0;
    let mut day = if days.contains(&today) {
        Some(today)
    } else {
        today.pred_opt()
    };
    while let Some(d) = day.filter(|d| days.contains(d)) {
        current += 1;
        day = d.pred_opt();
    }
    (current, longest)
}

fn estimates(
    focus: &[&FocusSession],
    tasks: &HashMap<Uuid, TaskInfo>,
    now: DateTime<Utc>,
) -> Vec<EstimateVsActual> {
    let mut actual: BTreeMap<Uuid, f64> = BTreeMap::new();
    for s in focus.iter().filter(|s| s.status.counts()) {
        if let Some(t) = s.task {
            *actual.entry(t).or_default() += s.elapsed(now).num_seconds() as f64 / 60.0;
        }
    }
    let mut out: Vec<EstimateVsActual> = actual
        .into_iter()
        .filter_map(|(task, minutes)| {
            let info = tasks.get(&task)?;
            let estimate = info.estimate_minutes?;
            Some(EstimateVsActual {
                task,
                id: info.id,
                title: info.title.clone(),
                estimate_minutes: estimate,
                actual_minutes: round1(minutes),
                ratio: round2(minutes / f64::from(estimate.max(1))),
            })
        })
        .collect();
    out.sort_by_key(|e| e.id);
    out
}

/// Splits `[a, b)` at local hour boundaries: (start of each piece, its minutes).
fn split_by_hour<Tz: TimeZone>(
    a: DateTime<Utc>,
    b: DateTime<Utc>,
    tz: &Tz,
) -> Vec<(DateTime<Utc>, f64)> {
    let mut out = Vec::new();
    let mut cur = a;
    while cur < b {
        let local = cur.with_timezone(tz);
        let into_hour = Duration::seconds(i64::from(local.minute() * 60 + local.second()));
        let next = (cur - into_hour + Duration::hours(1)).min(b);
        out.push((cur, (next - cur).num_seconds() as f64 / 60.0));
        cur = next;
    }
    out
}

// `+ 0.0` turns a negative zero (an empty float sum starts at -0.0) into 0, which would
// otherwise print as "-0".
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0 + 0.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0 + 0.0
}

#[cfg(test)]
mod tests;
