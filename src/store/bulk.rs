//! Loading every task at once (the TUI's working set): one scan per table, joined in memory,
//! which is several times faster than the per-row subqueries of `SELECT` on large databases.

use std::collections::HashMap;

use chrono::DateTime;
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
        let count: i64 = conn.query_row("SELECT count(*) FROM tasks", [], |r| r.get(0))?;
        let mut out: Vec<ListedTask> = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
        let mut stmt =
            conn.prepare(&format!("{} FROM tasks t ORDER BY t.id", rows::BARE_SELECT))?;
        let mut rows_iter = stmt.query([])?;
        while let Some(r) = rows_iter.next()? {
            out.push(ListedTask {
                task: rows::from_bare_row(r)?,
                links: Links::default(),
            });
        }
        let index: HashMap<i64, usize> = out
            .iter()
            .enumerate()
            .map(|(i, l)| (l.task.id, i))
            .collect();

        let mut stmt = conn.prepare("SELECT task_id, tag FROM task_tags")?;
        let mut rows_iter = stmt.query([])?;
        while let Some(r) = rows_iter.next()? {
            if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
                out[i].task.tags.push(r.get(1)?);
            }
        }
        let mut stmt =
            conn.prepare("SELECT task_id, at, text FROM annotations ORDER BY at, rowid")?;
        let mut rows_iter = stmt.query([])?;
        while let Some(r) = rows_iter.next()? {
            if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
                let at = DateTime::from_timestamp(r.get(1)?, 0).unwrap_or_default();
                out[i].task.annotations.push(Annotation {
                    at,
                    text: r.get(2)?,
                });
            }
        }
        let by_uuid: HashMap<Uuid, usize> = out
            .iter()
            .enumerate()
            .map(|(i, l)| (l.task.uuid, i))
            .collect();
        let mut stmt = conn.prepare("SELECT task_uuid, depends_on FROM task_deps")?;
        let mut rows_iter = stmt.query([])?;
        while let Some(r) = rows_iter.next()? {
            let (from, to): (String, String) = (r.get(0)?, r.get(1)?);
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
        for l in &mut out {
            l.task.tags.sort();
            l.task.depends.sort();
        }
        Ok(out)
    }
}
