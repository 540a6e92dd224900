//! Estimates from the database: the completed tasks with the time recorded on them (time
//! entries from focus sessions, tracking and approved capture, summed per task), the
//! estimator trained on them, and the backtest over the same history.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Result, UsageError};
use crate::model::filter;
use crate::model::{Status, Task};
use crate::planner::estimate::{Backtest, Completed, Estimate, Estimator, TaskInfo, backtest};
use crate::store::Store;

/// What the estimator reads of a task: its own estimate is `est:`, custom fields are the
/// Taskwarrior UDAs and the like kept on the task.
pub fn task_info(t: &Task) -> TaskInfo {
    TaskInfo {
        title: t.title.clone(),
        project: t.project.clone(),
        tags: t.tags.clone(),
        priority: t.priority.map(|p| p.as_str().to_string()),
        estimate_minutes: t.estimate_minutes.map(f64::from),
        notes_len: t.notes.chars().count(),
        fields: t.fields.clone(),
    }
}

/// Seconds of finished time entries per task.
fn recorded_seconds(store: &Store) -> Result<HashMap<Uuid, i64>> {
    let conn = store.conn();
    let mut stmt = conn
        .prepare(
            "SELECT task_uuid, SUM(end - start) FROM time_entries
             WHERE task_uuid IS NOT NULL AND end IS NOT NULL GROUP BY task_uuid",
        )
        .map_err(crate::store::StoreError::from)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .map_err(crate::store::StoreError::from)?;
    let mut seconds = HashMap::new();
    for row in rows {
        let (uuid, secs) = row.map_err(crate::store::StoreError::from)?;
        if let Ok(uuid) = Uuid::parse_str(&uuid) {
            seconds.insert(uuid, secs);
        }
    }
    Ok(seconds)
}

/// The completed tasks with time recorded on them, but `except`.
pub fn history(store: &Store, except: Option<Uuid>, now: DateTime<Utc>) -> Result<Vec<Completed>> {
    let seconds = recorded_seconds(store)?;
    let mut found = Vec::new();
    if seconds.is_empty() {
        return Ok(found);
    }
    let done = filter::parse("status:done", &now)?;
    store.for_each(&done, |l| -> Result<()> {
        let t = &l.task;
        let secs = seconds.get(&t.uuid).copied().unwrap_or(0);
        if secs > 0 && Some(t.uuid) != except {
            found.push(Completed {
                task: task_info(t),
                done: t.done.unwrap_or(t.modified),
                actual_minutes: secs as f64 / 60.0,
            });
        }
        Ok(())
    })?;
    Ok(found)
}

/// The estimate for one task, learned from every other completed task.
pub fn estimate(
    store: &Store,
    task: &Task,
    min_data_points: u32,
    now: DateTime<Utc>,
) -> Result<Estimate> {
    if task.status == Status::Done {
        // Its own time is in the history: learn from the others only (rare, so no kept model).
        let history = history(store, Some(task.uuid), now)?;
        return Ok(Estimator::train(&history, min_data_points).estimate(&task_info(task)));
    }
    Ok(trained(store, min_data_points, now)?.estimate(&task_info(task)))
}

/// The estimator trained on the whole history: the kept one while the history is unchanged,
/// else trained anew and kept for the next run (a full retrain, 40 ms at 10,000 tasks, paid by
/// the first estimate after the history changes rather than by the command that changed it).
/// Keeping is best effort: a read-only database or a busy writer only costs a retrain.
pub fn trained(store: &Store, min_data_points: u32, now: DateTime<Utc>) -> Result<Estimator> {
    let fingerprint = store.estimator_fingerprint()?;
    let kept = store.kept_estimator(fingerprint)?;
    if let Some(kept) = kept.and_then(|b| Estimator::from_bytes(&b, min_data_points)) {
        return Ok(kept);
    }
    let fresh = Estimator::train(&history(store, None, now)?, min_data_points);
    // Without history there is nothing worth keeping (and a first run writes nothing).
    if fresh.history() > 0
        && let Err(e) = store.keep_estimator(fingerprint, &fresh.to_bytes())
    {
        tracing::debug!("the trained estimator was not kept: {e}");
    }
    Ok(fresh)
}

/// The backtest over the database's history.
pub fn backtest_store(store: &Store, min_data_points: u32, now: DateTime<Utc>) -> Result<Backtest> {
    Ok(backtest(&history(store, None, now)?, min_data_points))
}

/// A history file in the fixture's format (`tests/fixtures/planner_history.json`): a JSON
/// array of completed tasks with `title`, `done` and `actual_minutes`.
pub fn read_history(path: &Path) -> Result<Vec<Completed>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| UsageError(format!("cannot read the history {}: {e}", path.display())))?;
    let history: Vec<Completed> = serde_json::from_str(&text).map_err(|e| {
        UsageError(format!(
            "{} is not a history (a JSON array of {{title, done, actual_minutes, …}}): {e}",
            path.display()
        ))
    })?;
    for (i, c) in history.iter().enumerate() {
        let bad_actual = !(c.actual_minutes.is_finite() && c.actual_minutes > 0.0);
        let bad_estimate = c
            .task
            .estimate_minutes
            .is_some_and(|m| !(m.is_finite() && m > 0.0));
        if bad_actual || bad_estimate {
            return Err(UsageError(format!(
                "{}: task {} (`{}`) needs positive minutes for actual_minutes and estimate_minutes",
                path.display(),
                i + 1,
                c.task.title
            ))
            .into());
        }
    }
    Ok(history)
}
