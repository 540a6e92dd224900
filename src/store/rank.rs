//! The most urgent tasks without scoring every task. Urgency changes with time, so it cannot be
//! stored and indexed; instead one light scan reads only the `tasks` columns urgency depends on
//! and the few cheap sets of ids (tasks carrying a tag with a coefficient, tasks blocking or
//! blocked by an open one), all of it held by indexes (`tasks_by_status` covers the columns),
//! which fixes every term but two: the tag-count factor and the
//! annotations flag. Those are bounded by their coefficients, so each task gets an interval
//! that holds its urgency. A task whose upper end is below the `n`-th highest lower end cannot
//! be among the `n` most urgent; the rest are the candidates, loaded in full and scored exactly
//! by the caller, so the ranking is the one a full sort gives.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params_from_iter};

use super::filter_sql::compile;
use super::{Store, StoreError};
use crate::model::filter::Filter;
use crate::model::urgency::{Links, UrgencyCoefficients, urgency};
use crate::model::{Priority, Status, Task};

/// Slack for sums taken in another order than `urgency` takes them.
const EPSILON: f64 = 1e-6;

impl Store {
    /// The ids (in no particular order) of the tasks matching `filter` that can be among the
    /// `n` most urgent at `now`: every task of the top `n` is there, whatever breaks ties.
    pub fn urgency_candidates(
        &self,
        filter: &Filter,
        n: usize,
        now: DateTime<Utc>,
        c: &UrgencyCoefficients,
    ) -> Result<Vec<i64>, StoreError> {
        candidates(self.conn(), filter, n, now, c)
    }
}

/// An urgency that orders (by `total_cmp`) in a heap.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Score(f64);

impl Eq for Score {}

impl PartialOrd for Score {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Score {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// The `n` highest lower bounds seen so far; the lowest of them only ever rises.
struct Threshold {
    n: usize,
    lows: BinaryHeap<Reverse<Score>>,
}

impl Threshold {
    fn push(&mut self, low: f64) {
        if self.lows.len() < self.n {
            self.lows.push(Reverse(Score(low)));
        } else if self.lows.peek().is_some_and(|Reverse(min)| low > min.0) {
            self.lows.pop();
            self.lows.push(Reverse(Score(low)));
        }
    }

    /// Below this a task cannot reach the top `n` (nothing is excluded until `n` are seen).
    fn value(&self) -> f64 {
        match self.lows.peek() {
            Some(Reverse(min)) if self.lows.len() == self.n => min.0 - EPSILON,
            _ => f64::NEG_INFINITY,
        }
    }
}

fn candidates(
    conn: &Connection,
    filter: &Filter,
    n: usize,
    now: DateTime<Utc>,
    c: &UrgencyCoefficients,
) -> Result<Vec<i64>, StoreError> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let tagged: Vec<(f64, Vec<i64>)> = c
        .tag
        .iter()
        .filter(|(_, coefficient)| **coefficient != 0.0)
        .map(|(tag, coefficient)| Ok((*coefficient, tagged_ids(conn, tag)?)))
        .collect::<Result<_, StoreError>>()?;
    let blocking = if c.blocking == 0.0 {
        vec![]
    } else {
        ids(conn, BLOCKING)?
    };
    let blocked = if c.blocked == 0.0 {
        vec![]
    } else {
        ids(conn, BLOCKED)?
    };
    // The two terms the scan does not see, at their least and most.
    let unseen = [c.tags, c.annotations];
    let slack_low: f64 = unseen.iter().map(|v| v.min(0.0)).sum();
    let slack_high: f64 = unseen.iter().map(|v| v.max(0.0)).sum();

    let sql = compile(filter);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT t.id, t.status, t.due, t.priority, t.created, t.scheduled, t.wait, \
         t.project FROM tasks t WHERE {}",
        sql.condition
    ))?;
    let mut rows = stmt.query(params_from_iter(&sql.params))?;
    let mut threshold = Threshold {
        n,
        lows: BinaryHeap::with_capacity(n + 1),
    };
    // (id, upper bound) of every task that could still make the top.
    let mut kept: Vec<(i64, f64)> = Vec::new();
    let mut bare = Task::new(String::new(), now);
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        read_columns(row, &mut bare)?;
        let (low, high) = if bare.effective_status(now).is_open() {
            let has = |set: &[i64]| set.binary_search(&id).is_ok();
            let links = Links {
                blocking: has(&blocking),
                blocked: has(&blocked),
            };
            let tags: f64 = tagged
                .iter()
                .filter(|(_, set)| has(set))
                .map(|(coefficient, _)| coefficient)
                .sum();
            let known = urgency(&bare, links, now, c) + tags;
            (known + slack_low, known + slack_high)
        } else {
            (0.0, 0.0)
        };
        threshold.push(low);
        if high >= threshold.value() {
            kept.push((id, high));
        }
    }
    let cut = threshold.value();
    Ok(kept
        .into_iter()
        .filter(|(_, high)| *high >= cut)
        .map(|(id, _)| id)
        .collect())
}

/// The columns urgency reads, into a task reused for every row (no allocation per row).
fn read_columns(row: &rusqlite::Row<'_>, task: &mut Task) -> Result<(), StoreError> {
    let at = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
        Ok(row
            .get::<_, Option<i64>>(i)?
            .and_then(|s| DateTime::from_timestamp(s, 0)))
    };
    let text = |i: usize| -> rusqlite::Result<Option<&str>> {
        row.get_ref(i)?.as_str_or_null().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
    };
    task.status = text(1)?
        .unwrap_or_default()
        .parse::<Status>()
        .map_err(StoreError::Corrupt)?;
    task.due = at(2)?;
    task.priority = match text(3)? {
        Some(p) => Priority::parse_opt(p).map_err(StoreError::Corrupt)?,
        None => None,
    };
    task.created = at(4)?.unwrap_or_default();
    task.scheduled = at(5)?;
    task.wait = at(6)?;
    // Only whether there is one counts (the text is not copied).
    task.project = text(7)?.map(|_| String::new());
    Ok(())
}

/// Tasks an open task depends on (urgency's `blocking`).
const BLOCKING: &str = "SELECT DISTINCT t.id FROM task_deps d
    JOIN tasks b ON b.uuid = d.task_uuid JOIN tasks t ON t.uuid = d.depends_on
    WHERE b.status IN ('pending', 'started', 'waiting')";

/// Tasks that depend on an open task (urgency's `blocked`).
const BLOCKED: &str = "SELECT DISTINCT t.id FROM task_deps d
    JOIN tasks b ON b.uuid = d.depends_on JOIN tasks t ON t.uuid = d.task_uuid
    WHERE b.status IN ('pending', 'started', 'waiting')";

/// Sorted ids from a query of one id column.
fn ids(conn: &Connection, sql: &str) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut out = stmt
        .query_map([], |r| r.get::<_, i64>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    out.sort_unstable();
    Ok(out)
}

/// Sorted ids of the tasks with this tag (read from the tag index alone).
fn tagged_ids(conn: &Connection, tag: &str) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT task_id FROM task_tags WHERE tag = ?1")?;
    let mut out = stmt
        .query_map([tag], |r| r.get::<_, i64>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    out.sort_unstable();
    Ok(out)
}

#[cfg(test)]
#[path = "rank_tests.rs"]
mod tests;
