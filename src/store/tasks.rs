//! Reading tasks (by filter, id, UUID prefix) and applying `Change`s with integrity checks.

use rusqlite::{Connection, params_from_iter};
use uuid::Uuid;

use super::filter_sql::compile;
use super::rows::{self, SELECT};
use super::{Store, StoreError, Tx, undo};
use crate::model::filter::Filter;
use crate::model::selector::TaskRef;
use crate::model::{Change, ListedTask, Task};

/// What a bulk write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct BulkReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// A name with how many open and how many tasks in all carry it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Counted {
    pub name: String,
    pub open: i64,
    pub total: i64,
}

fn query(
    conn: &Connection,
    condition: &str,
    params: &[rusqlite::types::Value],
) -> Result<Vec<ListedTask>, StoreError> {
    let mut out = Vec::new();
    query_each(conn, condition, params, |l| {
        out.push(l);
        Ok::<_, StoreError>(())
    })?;
    Ok(out)
}

/// Streams matching tasks in id order without collecting them.
fn query_each<E: From<StoreError>>(
    conn: &Connection,
    condition: &str,
    params: &[rusqlite::types::Value],
    mut f: impl FnMut(ListedTask) -> Result<(), E>,
) -> Result<(), E> {
    let sql = format!("{SELECT} WHERE {condition} ORDER BY t.id");
    let mut stmt = conn.prepare_cached(&sql).map_err(StoreError::from)?;
    let rows = stmt
        .query_map(params_from_iter(params), rows::from_row)
        .map_err(StoreError::from)?;
    for row in rows {
        let (task, links) = row.map_err(StoreError::from)?;
        f(ListedTask { task, links })?;
    }
    Ok(())
}

fn list(conn: &Connection, filter: &Filter) -> Result<Vec<ListedTask>, StoreError> {
    let sql = compile(filter);
    query(conn, &sql.condition, &sql.params)
}

fn by_uuid(conn: &Connection, uuid: &Uuid) -> Result<Option<ListedTask>, StoreError> {
    Ok(query(conn, "t.uuid = ?1", &[uuid.to_string().into()])?.pop())
}

/// Resolves what a person typed to name tasks: ids (`12`, `3,5`, `10-14`) or a UUID prefix.
/// Every id must exist; a UUID prefix must name exactly one task.
fn resolve(conn: &Connection, selector: &str) -> Result<Vec<ListedTask>, StoreError> {
    let task = TaskRef::parse(selector).map_err(|e| StoreError::Invalid(e.to_string()))?;
    resolve_ref(conn, &task)
}

fn resolve_ref(conn: &Connection, task: &TaskRef) -> Result<Vec<ListedTask>, StoreError> {
    let (ids, text) = match task {
        TaskRef::Uuid { prefix, text } => return by_uuid_prefix(conn, prefix, text),
        TaskRef::Ids { ids, text } => (ids, text),
    };
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    let found = query(conn, &format!("t.id IN ({})", list.join(",")), &[])?;
    if let Some(missing) = ids
        .iter()
        .find(|id| !found.iter().any(|t| t.task.id == **id))
    {
        // A UUID prefix can be all digits (1 in 40 of 8-digit prefixes): try it as one
        // before giving up.
        let all_digits = text.chars().all(|c| c.is_ascii_digit());
        if all_digits
            && text.len() >= 4
            && let Ok(by_uuid) = by_uuid_prefix(conn, text, text)
        {
            return Ok(by_uuid);
        }
        return Err(StoreError::NotFound(missing.to_string()));
    }
    Ok(found)
}

fn by_uuid_prefix(
    conn: &Connection,
    prefix: &str,
    selector: &str,
) -> Result<Vec<ListedTask>, StoreError> {
    let found = query(
        conn,
        &format!("substr(t.uuid, 1, {}) = ?1", prefix.len()),
        &[prefix.to_string().into()],
    )?;
    match found.len() {
        0 => Err(StoreError::NotFound(selector.to_string())),
        1 => Ok(found),
        _ => Err(StoreError::Ambiguous {
            selector: selector.to_string(),
            candidates: found
                .iter()
                .take(5)
                .map(|t| format!("{} {}", t.task.id, t.task.uuid))
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

fn counts(conn: &Connection, sql: &str) -> Result<Vec<Counted>, StoreError> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| {
        Ok(Counted {
            name: r.get(0)?,
            open: r.get(1)?,
            total: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

const OPEN: &str = "status IN ('pending', 'started', 'waiting')";

impl Store {
    pub fn list(&self, filter: &Filter) -> Result<Vec<ListedTask>, StoreError> {
        list(self.conn(), filter)
    }

    /// Calls `f` for each task matching `filter`, in id order, holding one task at a time (for
    /// lists and exports of the whole database).
    pub fn for_each<E: From<StoreError>>(
        &self,
        filter: &Filter,
        f: impl FnMut(ListedTask) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = compile(filter);
        query_each(self.conn(), &sql.condition, &sql.params, f)
    }

    /// The tasks with these ids, in the order given (missing ids are left out).
    pub fn by_ids(&self, ids: &[i64]) -> Result<Vec<ListedTask>, StoreError> {
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        let mut found = query(self.conn(), &format!("t.id IN ({})", list.join(",")), &[])?;
        let order: std::collections::HashMap<i64, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        found.sort_by_key(|l| order.get(&l.task.id).copied().unwrap_or(usize::MAX));
        Ok(found)
    }

    pub fn resolve(&self, selector: &str) -> Result<Vec<ListedTask>, StoreError> {
        resolve(self.conn(), selector)
    }

    /// The tasks a reference read at the edge names.
    pub fn resolve_ref(&self, task: &TaskRef) -> Result<Vec<ListedTask>, StoreError> {
        resolve_ref(self.conn(), task)
    }

    pub fn task_by_uuid(&self, uuid: &Uuid) -> Result<Option<ListedTask>, StoreError> {
        by_uuid(self.conn(), uuid)
    }

    /// The direct subtasks of `parent`.
    pub fn children(&self, parent: &Uuid) -> Result<Vec<ListedTask>, StoreError> {
        query(self.conn(), "t.parent = ?1", &[parent.to_string().into()])
    }

    pub fn projects(&self) -> Result<Vec<Counted>, StoreError> {
        counts(
            self.conn(),
            &format!(
                "SELECT project, sum({OPEN}), count(*) FROM tasks WHERE project IS NOT NULL
                 GROUP BY project ORDER BY project"
            ),
        )
    }

    pub fn tags(&self) -> Result<Vec<Counted>, StoreError> {
        counts(
            self.conn(),
            &format!(
                "SELECT g.tag, sum(t.{OPEN}), count(*) FROM task_tags g JOIN tasks t ON t.id = g.task_id
                 GROUP BY g.tag ORDER BY g.tag"
            ),
        )
    }

    pub fn task_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM tasks", [], |r| r.get(0))?)
    }
}

impl Tx<'_> {
    pub fn list(&self, filter: &Filter) -> Result<Vec<ListedTask>, StoreError> {
        list(self.conn(), filter)
    }

    pub fn resolve(&self, selector: &str) -> Result<Vec<ListedTask>, StoreError> {
        resolve(self.conn(), selector)
    }

    /// The tasks a reference read at the edge names.
    pub fn resolve_ref(&self, task: &TaskRef) -> Result<Vec<ListedTask>, StoreError> {
        resolve_ref(self.conn(), task)
    }

    pub fn task_by_uuid(&self, uuid: &Uuid) -> Result<Option<ListedTask>, StoreError> {
        by_uuid(self.conn(), uuid)
    }

    /// Every instance of a recurring series, whatever its status.
    pub fn series_instances(&self, series: &Uuid) -> Result<Vec<ListedTask>, StoreError> {
        query(
            self.conn(),
            "json_extract(t.recur, '$.series') = ?1",
            &[series.to_string().into()],
        )
    }

    /// Applies one change, recording the before-image for undo. Returns the task's id (0 for a
    /// delete). Refuses dependency and parent cycles.
    pub fn apply(&mut self, change: Change) -> Result<i64, StoreError> {
        let uuid = match &change {
            Change::Put(t) => t.uuid,
            Change::Delete(u) => *u,
        };
        let before = by_uuid(self.conn(), &uuid)?.map(|l| l.task);
        if let Change::Put(task) = &change {
            if before.as_ref() == Some(task.as_ref()) {
                return Ok(task.id);
            }
            self.check_links(task)?;
        }
        let group = self.undo_group()?;
        undo::record(self.conn(), group, &uuid, before.as_ref())?;
        self.wrote_task(uuid);
        match change {
            Change::Put(task) => rows::write(self.conn(), &task),
            Change::Delete(u) => rows::delete(self.conn(), &u).map(|()| 0),
        }
    }

    /// Writes many new or updated tasks quickly (imports): no cycle checks, since imported
    /// graphs may arrive in any order, but still recorded for undo. Existing tasks (by UUID) keep
    /// their id.
    pub fn apply_bulk(&mut self, tasks: Vec<Task>) -> Result<BulkReport, StoreError> {
        let mut report = BulkReport::default();
        for mut task in tasks {
            // Kept by time (stably, so notes of one instant keep their order), as they are
            // read back: an unchanged task then compares equal whatever order it came in.
            task.annotations.sort_by_key(|a| a.at);
            let before = match rows::id_of(self.conn(), &task.uuid)? {
                Some(_) => by_uuid(self.conn(), &task.uuid)?.map(|l| l.task),
                None => None,
            };
            if let Some(b) = &before {
                task.id = b.id;
                if *b == task {
                    report.unchanged += 1;
                    continue;
                }
                report.updated += 1;
            } else {
                report.added += 1;
            }
            let group = self.undo_group()?;
            undo::record(self.conn(), group, &task.uuid, before.as_ref())?;
            self.wrote_task(task.uuid);
            rows::write(self.conn(), &task)?;
        }
        Ok(report)
    }

    /// This command's undo group, opened on its first write (a command that changes nothing
    /// leaves no undo step).
    pub(super) fn undo_group(&mut self) -> Result<i64, StoreError> {
        if let Some(g) = self.group {
            return Ok(g);
        }
        let g = undo::open_group(self.conn(), self.now, &self.description)?;
        self.group = Some(g);
        Ok(g)
    }

    fn check_links(&self, task: &Task) -> Result<(), StoreError> {
        if task.depends.contains(&task.uuid) {
            return Err(StoreError::Invalid("a task cannot depend on itself".into()));
        }
        for dep in &task.depends {
            if self.reaches(
                "SELECT depends_on FROM task_deps WHERE task_uuid = ?1",
                "SELECT d.depends_on FROM task_deps d JOIN reach r ON d.task_uuid = r.u",
                dep,
                &task.uuid,
            )? {
                let name = match by_uuid(self.conn(), dep)? {
                    Some(l) => format!("task {} “{}”", l.task.id, l.task.title),
                    None => format!("task {dep}"),
                };
                return Err(StoreError::Invalid(format!(
                    "refusing a dependency cycle: {name} already depends on task {} “{}”",
                    task.id, task.title
                )));
            }
        }
        if let Some(parent) = &task.parent
            && (*parent == task.uuid
                || self.reaches(
                    "SELECT parent FROM tasks WHERE uuid = ?1",
                    "SELECT t.parent FROM tasks t JOIN reach r ON t.uuid = r.u",
                    parent,
                    &task.uuid,
                )?)
        {
            return Err(StoreError::Invalid(
                "refusing a parent cycle: a task cannot be its own ancestor".into(),
            ));
        }
        Ok(())
    }

    /// Whether following `step` from `start` reaches `target` (recursive CTE).
    fn reaches(
        &self,
        seed: &str,
        step: &str,
        start: &Uuid,
        target: &Uuid,
    ) -> Result<bool, StoreError> {
        let sql = format!(
            "WITH RECURSIVE reach(u) AS ({seed} UNION {step})
             SELECT EXISTS (SELECT 1 FROM reach WHERE u = ?2)"
        );
        Ok(self
            .conn()
            .query_row(&sql, [start.to_string(), target.to_string()], |r| r.get(0))?)
    }
}
