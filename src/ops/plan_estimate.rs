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
use crate::planner::estimate::{
    Backtest, Completed, Estimate, Estimator, Learning, TaskInfo, backtest,
};
use crate::store::{HistoryRow, KeptLearning, Store, estimator_fingerprint};

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

/// The estimator trained on the whole history: the kept one while the history is unchanged;
/// when tasks were only completed since, the kept learning with those added (reading just
/// them); else trained anew from every task (40 ms at 10,000 tasks). Either way the result is
/// kept for the next run. Keeping is best effort: a read-only database or a busy writer only
/// costs a retrain.
pub fn trained(store: &Store, min_data_points: u32, now: DateTime<Utc>) -> Result<Estimator> {
    let rows = store.estimator_history()?;
    let fingerprint = estimator_fingerprint(&rows);
    let kept = store.kept_estimator(fingerprint)?;
    if let Some(kept) = kept.and_then(|b| Estimator::from_bytes(&b, min_data_points)) {
        return Ok(kept);
    }
    let mut hashes: Vec<u64> = rows.iter().map(|r| r.hash).collect();
    hashes.sort_unstable();
    let learning = match grown(store, &rows, &hashes)? {
        Some(l) => l,
        None => Learning::from_history(&history(store, None, now)?),
    };
    let fresh = learning.estimator(min_data_points);
    // Without history there is nothing worth keeping (and a first run writes nothing).
    if learning.history() > 0 {
        let kept = KeptLearning {
            learning: learning.to_bytes(),
            rows: hashes,
        };
        if let Err(e) = store.keep_estimator(fingerprint, &fresh.to_bytes(), &kept) {
            tracing::debug!("the trained estimator was not kept: {e}");
        }
    }
    Ok(fresh)
}

/// The kept learning with the newly completed tasks added, when the history only grew since
/// it was kept (every kept row is still there, unchanged); `None` when it must be retrained.
fn grown(store: &Store, rows: &[HistoryRow], hashes: &[u64]) -> Result<Option<Learning>> {
    let Some(kept) = store.kept_learning()? else {
        return Ok(None);
    };
    let Some(added) = added(hashes, &kept.rows) else {
        return Ok(None);
    };
    let Some(mut learning) = Learning::from_bytes(&kept.learning) else {
        return Ok(None);
    };
    let mut new = Vec::new();
    for row in rows.iter().filter(|r| added.binary_search(&r.hash).is_ok()) {
        let Some(uuid) = Uuid::parse_str(&row.uuid).ok() else {
            return Ok(None);
        };
        let Some(listed) = store.task_by_uuid(&uuid)? else {
            return Ok(None);
        };
        let t = listed.task;
        new.push(Completed {
            task: task_info(&t),
            done: t.done.unwrap_or(t.modified),
            actual_minutes: row.seconds as f64 / 60.0,
        });
    }
    new.sort_by_key(|c| c.done);
    tracing::debug!("the estimator learned {} newly completed tasks", new.len());
    for c in &new {
        learning.add(c);
    }
    Ok(Some(learning))
}

/// The hashes in `now` beyond those in `kept` (both sorted), or `None` if a kept one is gone.
fn added(now: &[u64], kept: &[u64]) -> Option<Vec<u64>> {
    let mut extra = Vec::new();
    let mut k = kept.iter().peekable();
    for &h in now {
        match k.peek() {
            Some(&&next) if next == h => {
                k.next();
            }
            Some(&&next) if next < h => return None,
            _ => extra.push(h),
        }
    }
    if k.next().is_some() || extra.is_empty() {
        return None;
    }
    extra.dedup();
    Some(extra)
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

#[cfg(test)]
mod tests {
    use super::added;

    #[test]
    fn only_a_history_that_grew_is_added_to() {
        assert_eq!(added(&[1, 2, 3, 5], &[2, 5]), Some(vec![1, 3]));
        assert_eq!(added(&[1, 2], &[]), Some(vec![1, 2]));
        assert_eq!(added(&[1, 3], &[2]), None, "a kept row is gone");
        assert_eq!(added(&[1, 2], &[1, 2, 9]), None, "a kept row is gone");
        assert_eq!(added(&[1, 2], &[1, 2]), None, "nothing new");
    }
}
