//! Estimates from the database: the completed tasks with the time recorded on them (time
//! entries from focus sessions, tracking and approved capture, summed per task), the
//! estimator trained on them, and the backtest over the same history.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Result, UsageError};
use crate::model::Task;
use crate::model::filter;
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
    let history = history(store, Some(task.uuid), now)?;
    Ok(Estimator::train(&history, min_data_points).estimate(&task_info(task)))
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
