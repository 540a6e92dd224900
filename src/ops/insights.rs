//! `tempo insights`: the history read from the store, turned into local-time facts, and put
//! through `planner::insights`.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::Result;
use crate::config::InsightsConfig;
use crate::model::Task;
use crate::model::filter::Filter;
use crate::model::focus::{FocusStatus, Kind};
use crate::model::task::Status;
use crate::planner::insights::week::{self, WeekReview};
use crate::planner::insights::{
    self, BlockFact, EntryFact, Input, Insights, Options, SessionFact, TaskFact,
};
use crate::store::Store;

/// Patterns over the `days` days ending today.
pub fn insights(
    store: &Store,
    config: &InsightsConfig,
    days: u32,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<Insights> {
    let today = now.with_timezone(&tz).date_naive();
    let opts = Options {
        today,
        days,
        min_sessions: config.min_sessions,
        daily_goal_minutes: config.daily_goal_minutes,
    };
    let input = input(store, (opts.from(), today), now, tz)?;
    Ok(insights::compute(&input, &opts))
}

/// The review of the week (Monday to Sunday) holding today.
pub fn week_review(
    store: &Store,
    config: &InsightsConfig,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<WeekReview> {
    let today = now.with_timezone(&tz).date_naive();
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let input = input(store, (monday, monday + Days::new(6)), now, tz)?;
    Ok(week::review(&input, today, config.daily_goal_minutes))
}

/// The whole history of sessions, entries and tasks; time blocks only in `days` (they are
/// expanded from the calendar, so only a window can be asked for).
fn input(
    store: &Store,
    (first, last): (NaiveDate, NaiveDate),
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<Input> {
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).naive_local();
    let mut tasks = HashMap::new();
    store.for_each(&Filter::all(now), |l| {
        tasks.insert(l.task.uuid, l.task);
        Ok::<_, crate::store::StoreError>(())
    })?;
    let energy = store.focus_energy()?;
    let sessions = store
        .focus_sessions(None, None)?
        .into_iter()
        .filter(|s| s.kind == Kind::Focus && !s.status.is_active())
        .map(|s| {
            let e = energy.get(&s.uuid).copied().unwrap_or_default();
            SessionFact {
                start: local(s.started),
                planned_minutes: s.planned_minutes,
                // Abandoned sessions count no focus time, as everywhere else.
                focus_minutes: if s.status.counts() {
                    s.elapsed(now).num_seconds() as f64 / 60.0
                } else {
                    0.0
                },
                completed: s.status == FocusStatus::Completed,
                score: s.score(now),
                interruptions: s
                    .interruptions
                    .iter()
                    .map(|i| (local(i.at), i.external))
                    .collect(),
                energy_start: e.at_start,
                energy_end: e.at_end,
            }
        })
        .collect();
    let entries = store
        .time_entries_overlapping(DateTime::UNIX_EPOCH, Some(now))?
        .into_iter()
        .map(|e| EntryFact {
            start: local(e.start),
            minutes: (e.end.unwrap_or(now).min(now) - e.start)
                .num_seconds()
                .max(0) as f64
                / 60.0,
            task: e.attrs.task,
            project: e.attrs.project.clone().or_else(|| {
                e.attrs
                    .task
                    .and_then(|t| tasks.get(&t))
                    .and_then(|t: &Task| t.project.clone())
            }),
        })
        .collect();
    Ok(Input {
        sessions,
        entries,
        blocks: blocks(store, (first, last), tz)?,
        tasks: tasks.into_values().map(|t| task_fact(t, &tz)).collect(),
    })
}

/// Time blocks (events linked to a task) starting in the days given.
fn blocks(store: &Store, (first, last): (NaiveDate, NaiveDate), tz: Tz) -> Result<Vec<BlockFact>> {
    let start_of = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| tz.from_local_datetime(&t).earliest())
            .map(|t| t.with_timezone(&Utc))
    };
    let (Some(from), Some(to)) = (start_of(first), last.succ_opt().and_then(start_of)) else {
        return Ok(Vec::new());
    };
    let (items, _) = super::calendar::agenda(store, from, to, tz, false)?;
    Ok(items
        .into_iter()
        .filter(|i| i.kind == super::calendar::ItemKind::Event && !i.occurrence.all_day)
        .filter_map(|i| {
            let task = Uuid::parse_str(i.task.as_deref()?).ok();
            Some(BlockFact {
                start: i.occurrence.start.with_timezone(&tz).naive_local(),
                minutes: (i.occurrence.end - i.occurrence.start).num_seconds() as f64 / 60.0,
                task,
            })
        })
        .collect())
}

fn task_fact(t: Task, tz: &Tz) -> TaskFact {
    TaskFact {
        uuid: t.uuid,
        id: t.id,
        done: t
            .done
            .filter(|_| t.status == Status::Done)
            .map(|d| d.with_timezone(tz).naive_local()),
        title: t.title,
        project: t.project,
        tags: t.tags,
        estimate_minutes: t.estimate_minutes,
    }
}
