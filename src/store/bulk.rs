//! Loading every task at once (the TUI's working set): one scan per table, joined in memory,
//! which is several times faster than the per-row subqueries of `SELECT` on large databases.

use std::collections::HashMap;

use chrono::DateTime;
use rusqlite::{Connection, OpenFlags};
use uuid::Uuid;

use super::rows;
use super::{Store, StoreError};
use crate::model::Annotation;
use crate::model::ListedTask;
use crate::model::urgency::Links;

impl Store {
    /// Every task with its links, in id order.
    pub fn load_all(&self) -> Result<Vec<ListedTask>, StoreError> {
        let conn = self.conn();
        // Ids are dense (AUTOINCREMENT), so half the largest id splits the work about evenly.
        let max_id: i64 =
            conn.query_row("SELECT coalesce(max(id), 0) FROM tasks", [], |r| r.get(0))?;
        // Large databases load in two halves on two connections at once (WAL allows
        // concurrent readers); small ones are not worth a thread.
        let path = conn
            .path()
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from);
        let mut out = match path {
            Some(path) if max_id >= 20_000 => {
                let split = max_id / 2;
                std::thread::scope(|scope| {
                    let upper = scope.spawn(|| {
                        let second = Connection::open_with_flags(
                            &path,
                            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                        )?;
                        second.busy_timeout(std::time::Duration::from_secs(5))?;
                        load_range(&second, split, i64::MAX)
                    });
                    let mut lower = load_range(conn, i64::MIN, split)?;
                    let upper = upper.join().unwrap_or_else(|_| {
                        Err(StoreError::Corrupt("loader thread panicked".into()))
                    })?;
                    lower.extend(upper);
                    Ok::<_, StoreError>(lower)
                })?
            }
            _ => load_range(conn, i64::MIN, i64::MAX)?,
        };
        self.load_dependencies(&mut out)?;
        Ok(out)
    }

    /// Fills `depends` and the blocked/blocking links; most databases have few dependencies,
    /// so the UUID index is only built when there are some.
    fn load_dependencies(&self, out: &mut [ListedTask]) -> Result<(), StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT task_uuid, depends_on FROM task_deps")?;
        let deps: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        if deps.is_empty() {
            return Ok(());
        }
        let by_uuid: HashMap<Uuid, usize> = out
            .iter()
            .enumerate()
            .map(|(i, l)| (l.task.uuid, i))
            .collect();
        for (from, to) in deps {
            let (Ok(from), Ok(to)) = (Uuid::parse_str(&from), Uuid::parse_str(&to)) else {
                continue;
            };
            let Some(&fi) = by_uuid.get(&from) else {
                continue;
            };
            out[fi].task.depends.push(to);
            if let Some(&ti) = by_uuid.get(&to) {
                if out[ti].task.status.is_open() {
                    out[fi].links.blocked = true;
                }
                if out[fi].task.status.is_open() {
                    out[ti].links.blocking = true;
                }
            }
        }
        for l in out.iter_mut() {
            l.task.depends.sort();
        }
        Ok(())
    }
}

/// Tasks with `lo <= id < hi` (plus `hi == i64::MAX` meaning no upper bound), with their tags
/// and annotations.
fn load_range(conn: &Connection, lo: i64, hi: i64) -> Result<Vec<ListedTask>, StoreError> {
    let range = "BETWEEN ?1 AND ?2";
    let hi = if hi == i64::MAX { hi } else { hi - 1 };
    let mut out: Vec<ListedTask> = Vec::new();
    let mut stmt = conn.prepare(&format!(
        "{} FROM tasks t WHERE t.id {range} ORDER BY t.id",
        rows::BARE_SELECT
    ))?;
    let mut rows_iter = stmt.query([lo, hi])?;
    while let Some(r) = rows_iter.next()? {
        out.push(ListedTask {
            task: rows::from_bare_row(r)?,
            links: Links::default(),
        });
    }
    // Both tables are read in task-id order, like `out`: a forward cursor finds each row's task
    // without hashing.
    let mut cursor = Cursor::default();
    let mut stmt = conn.prepare(&format!(
        "SELECT task_id, tag FROM task_tags WHERE task_id {range} ORDER BY task_id"
    ))?;
    let mut rows_iter = stmt.query([lo, hi])?;
    while let Some(r) = rows_iter.next()? {
        if let Some(i) = cursor.seek(&out, r.get(0)?) {
            out[i].task.tags.push(r.get(1)?);
        }
    }
    let mut cursor = Cursor::default();
    let mut stmt = conn.prepare(&format!(
        "SELECT task_id, at, text FROM annotations WHERE task_id {range} ORDER BY task_id, at, rowid"
    ))?;
    let mut rows_iter = stmt.query([lo, hi])?;
    while let Some(r) = rows_iter.next()? {
        if let Some(i) = cursor.seek(&out, r.get(0)?) {
            let at = DateTime::from_timestamp(r.get(1)?, 0).unwrap_or_default();
            out[i].task.annotations.push(Annotation {
                at,
                text: r.get(2)?,
            });
        }
    }
    let mut cursor = Cursor::default();
    let mut stmt = conn.prepare(&format!(
        "SELECT task_id, name, value FROM task_fields WHERE task_id {range} ORDER BY task_id"
    ))?;
    let mut rows_iter = stmt.query([lo, hi])?;
    while let Some(r) = rows_iter.next()? {
        if let Some(i) = cursor.seek(&out, r.get(0)?) {
            out[i].task.fields.insert(r.get(1)?, r.get(2)?);
        }
    }
    for l in &mut out {
        l.task.tags.sort();
    }
    Ok(out)
}

/// Walks `out` (sorted by id) forward to the task with a given id.
#[derive(Default)]
struct Cursor {
    at: usize,
}

impl Cursor {
    fn seek(&mut self, out: &[ListedTask], id: i64) -> Option<usize> {
        while self.at < out.len() && out[self.at].task.id < id {
            self.at += 1;
        }
        (self.at < out.len() && out[self.at].task.id == id).then_some(self.at)
    }
}
