//! Time entries, clients and project rates. Every write records the row's before-image in the
//! command's undo group, so one `undo` reverts a whole tracking command.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use super::rows::ts;
use super::{Store, StoreError, Tx, undo};
use crate::time::{Attrs, ClientInfo, Entry, Fix, ProjectInfo, Rounding, Source};

const SELECT: &str = "SELECT id, start, end, task_uuid, source, project, client, tags, activity, \
    billable, note FROM time_entries";

const INSERT: &str = "INSERT INTO time_entries (start, end, task_uuid, source, project, client, \
    tags, activity, billable, note, import_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

/// An entry's import key, once set, stays (an edit passes none).
const UPDATE: &str = "UPDATE time_entries SET start = ?1, end = ?2, task_uuid = ?3, source = ?4, \
    project = ?5, client = ?6, tags = ?7, activity = ?8, billable = ?9, note = ?10, \
    import_key = COALESCE(?11, import_key) WHERE id = ?12";

fn instant(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

fn entry_row(r: &Row<'_>) -> rusqlite::Result<Entry> {
    let tags: String = r.get(7)?;
    Ok(Entry {
        id: r.get(0)?,
        start: instant(r.get(1)?),
        end: r.get::<_, Option<i64>>(2)?.map(instant),
        attrs: Attrs {
            task: r
                .get::<_, Option<String>>(3)?
                .and_then(|s| Uuid::parse_str(&s).ok()),
            project: r.get(5)?,
            client: r.get(6)?,
            tags: tags.split_whitespace().map(str::to_string).collect(),
            activity: r.get(8)?,
            billable: r.get(9)?,
            note: r.get(10)?,
        },
        source: Source::parse(&r.get::<_, String>(4)?),
    })
}

fn one(conn: &Connection, id: i64) -> Result<Option<Entry>, StoreError> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], entry_row)
        .optional()?)
}

fn running(conn: &Connection) -> Result<Option<Entry>, StoreError> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE end IS NULL"))?
        .query_row([], entry_row)
        .optional()?)
}

/// Entries that overlap `[from, to)`, oldest first. Entries never overlap, so ordered by
/// start they are ordered by end too: walking back from `to` stops at the first that ended
/// before `from` (an index range, however long the history).
fn overlapping(
    conn: &Connection,
    from: DateTime<Utc>,
    to: Option<DateTime<Utc>>,
) -> Result<Vec<Entry>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE start < ?1 ORDER BY start DESC, id DESC"
    ))?;
    let mut rows = stmt.query([to.map_or(i64::MAX, ts)])?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        let e = entry_row(r)?;
        if e.end.is_some_and(|end| end <= from) {
            break;
        }
        found.push(e);
    }
    found.reverse();
    Ok(found)
}

fn last(conn: &Connection) -> Result<Option<Entry>, StoreError> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} ORDER BY start DESC, id DESC LIMIT 1"))?
        .query_row([], entry_row)
        .optional()?)
}

fn clients(conn: &Connection) -> Result<Vec<ClientInfo>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, rate, currency, rounding FROM clients ORDER BY name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ClientInfo {
            id: r.get(0)?,
            name: r.get(1)?,
            rate: r.get(2)?,
            currency: r.get(3)?,
            rounding: Rounding::parse(&r.get::<_, String>(4)?).unwrap_or(Rounding::NONE),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn projects(conn: &Connection) -> Result<Vec<ProjectInfo>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, project, client, rate, currency FROM project_billing ORDER BY project",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ProjectInfo {
            id: r.get(0)?,
            project: r.get(1)?,
            client: r.get(2)?,
            rate: r.get(3)?,
            currency: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Store {
    pub fn time_entry(&self, id: i64) -> Result<Option<Entry>, StoreError> {
        one(self.conn(), id)
    }

    pub fn running_entry(&self) -> Result<Option<Entry>, StoreError> {
        running(self.conn())
    }

    /// Entries overlapping `[from, to)` (`to` `None`: up to the end of time), oldest first.
    pub fn time_entries_overlapping(
        &self,
        from: DateTime<Utc>,
        to: Option<DateTime<Utc>>,
    ) -> Result<Vec<Entry>, StoreError> {
        overlapping(self.conn(), from, to)
    }

    /// The latest entry (what `track continue` without an id continues).
    pub fn last_time_entry(&self) -> Result<Option<Entry>, StoreError> {
        last(self.conn())
    }

    /// Every project named by a task, a time entry or a client's project list.
    pub fn known_projects(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT project FROM tasks WHERE project IS NOT NULL
             UNION SELECT project FROM time_entries WHERE project IS NOT NULL
             UNION SELECT project FROM project_billing",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The earliest entry (where `report all` starts).
    pub fn first_time_entry(&self) -> Result<Option<Entry>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached(&format!("{SELECT} ORDER BY start, id LIMIT 1"))?
            .query_row([], entry_row)
            .optional()?)
    }

    pub fn clients(&self) -> Result<Vec<ClientInfo>, StoreError> {
        clients(self.conn())
    }

    pub fn project_billing(&self) -> Result<Vec<ProjectInfo>, StoreError> {
        projects(self.conn())
    }
}

impl Tx<'_> {
    /// The entries billed to client `name`, oldest first (what a rename carries along).
    pub fn time_entries_of_client(&self, name: &str) -> Result<Vec<Entry>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("{SELECT} WHERE client = ?1 ORDER BY start, id"))?;
        let rows = stmt.query_map([name], entry_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn time_entry(&self, id: i64) -> Result<Option<Entry>, StoreError> {
        one(self.conn(), id)
    }

    pub fn running_entry(&self) -> Result<Option<Entry>, StoreError> {
        running(self.conn())
    }

    pub fn time_entries_overlapping(
        &self,
        from: DateTime<Utc>,
        to: Option<DateTime<Utc>>,
    ) -> Result<Vec<Entry>, StoreError> {
        overlapping(self.conn(), from, to)
    }

    pub fn last_time_entry(&self) -> Result<Option<Entry>, StoreError> {
        last(self.conn())
    }

    pub fn clients(&self) -> Result<Vec<ClientInfo>, StoreError> {
        clients(self.conn())
    }

    pub fn project_billing(&self) -> Result<Vec<ProjectInfo>, StoreError> {
        projects(self.conn())
    }

    fn remember(&mut self, table: &str, id: i64) -> Result<(), StoreError> {
        let group = self.undo_group()?;
        undo::record_row(self.conn(), group, table, id)
    }

    /// Writes an entry whole: inserted when `e.id` is 0 (the new id is returned), else updated.
    pub fn put_time_entry(&mut self, e: &Entry) -> Result<i64, StoreError> {
        self.put_time_entry_keyed(e, None)
    }

    /// Like `put_time_entry`, with the identity an import gave it.
    pub fn put_time_entry_keyed(
        &mut self,
        e: &Entry,
        import_key: Option<&str>,
    ) -> Result<i64, StoreError> {
        let a = &e.attrs;
        let values = params![
            ts(e.start),
            e.end.map(ts),
            a.task.map(|t| t.to_string()),
            e.source.as_str(),
            a.project,
            a.client,
            a.tags.join(" "),
            a.activity,
            a.billable,
            a.note,
            import_key,
        ];
        let id = if e.id == 0 {
            self.conn()
                .prepare_cached(INSERT)?
                .execute(values)
                .map_err(running_clash)?;
            self.conn().last_insert_rowid()
        } else {
            self.remember("time_entries", e.id)?;
            self.conn()
                .prepare_cached(UPDATE)?
                .execute(rusqlite::params_from_iter(
                    values
                        .iter()
                        .copied()
                        .chain(std::iter::once(&e.id as &dyn rusqlite::ToSql)),
                ))
                .map_err(running_clash)?;
            e.id
        };
        if e.id == 0 {
            self.remember_new("time_entries", id)?;
        }
        Ok(id)
    }

    /// Records that row `id` did not exist before this command.
    pub(super) fn remember_new(&mut self, table: &str, id: i64) -> Result<(), StoreError> {
        let group = self.undo_group()?;
        self.conn()
            .prepare_cached("INSERT INTO undo_entries (grp, uuid, before) VALUES (?1, ?2, NULL)")?
            .execute(params![group, format!("row:{table}:{id}")])?;
        Ok(())
    }

    pub fn delete_time_entry(&mut self, id: i64) -> Result<(), StoreError> {
        self.remember("time_entries", id)?;
        self.conn()
            .prepare_cached("DELETE FROM time_entries WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    /// Applies what `time::overlap` planned; returns the ids of the copies it made.
    pub fn apply_time_fixes(&mut self, fixes: &[Fix]) -> Result<Vec<i64>, StoreError> {
        let mut made = Vec::new();
        for fix in fixes {
            match *fix {
                Fix::Delete { id } => self.delete_time_entry(id)?,
                Fix::Span { id, start, end } | Fix::Copy { id, start, end } => {
                    let mut e = self
                        .time_entry(id)?
                        .ok_or_else(|| StoreError::Invalid(format!("no time entry {id}")))?;
                    e.start = start;
                    e.end = end;
                    if matches!(fix, Fix::Copy { .. }) {
                        e.id = 0;
                        made.push(self.put_time_entry(&e)?);
                    } else {
                        self.put_time_entry(&e)?;
                    }
                }
            }
        }
        Ok(made)
    }

    /// The entry an import made under `key`, if any.
    pub fn time_entry_by_import_key(&self, key: &str) -> Result<Option<Entry>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached(&format!("{SELECT} WHERE import_key = ?1"))?
            .query_row([key], entry_row)
            .optional()?)
    }

    /// Inserts (`id` 0) or updates a client.
    pub fn put_client(&mut self, c: &ClientInfo) -> Result<i64, StoreError> {
        let values = params![c.name, c.rate, c.currency, c.rounding.to_string()];
        if c.id == 0 {
            self.conn()
                .prepare_cached(
                    "INSERT INTO clients (name, rate, currency, rounding) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(values)
                .map_err(|e| name_clash(e, "client", &c.name))?;
            let id = self.conn().last_insert_rowid();
            self.remember_new("clients", id)?;
            return Ok(id);
        }
        self.remember("clients", c.id)?;
        self.conn()
            .prepare_cached(
                "UPDATE clients SET name = ?1, rate = ?2, currency = ?3, rounding = ?4 WHERE id = ?5",
            )?
            .execute(params![c.name, c.rate, c.currency, c.rounding.to_string(), c.id])
            .map_err(|e| name_clash(e, "client", &c.name))?;
        Ok(c.id)
    }

    /// Inserts (`id` 0) or updates a project's client and rate.
    pub fn put_project_billing(&mut self, p: &ProjectInfo) -> Result<i64, StoreError> {
        if p.id == 0 {
            self.conn()
                .prepare_cached(
                    "INSERT INTO project_billing (project, client, rate, currency)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![p.project, p.client, p.rate, p.currency])?;
            let id = self.conn().last_insert_rowid();
            self.remember_new("project_billing", id)?;
            return Ok(id);
        }
        self.remember("project_billing", p.id)?;
        self.conn()
            .prepare_cached(
                "UPDATE project_billing SET project = ?1, client = ?2, rate = ?3, currency = ?4
                 WHERE id = ?5",
            )?
            .execute(params![p.project, p.client, p.rate, p.currency, p.id])?;
        Ok(p.id)
    }
}

fn is_constraint(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.code == rusqlite::ErrorCode::ConstraintViolation)
}

fn running_clash(e: rusqlite::Error) -> StoreError {
    if is_constraint(&e) {
        StoreError::Invalid("another time entry is already running; stop it first".into())
    } else {
        e.into()
    }
}

fn name_clash(e: rusqlite::Error, what: &str, name: &str) -> StoreError {
    if is_constraint(&e) {
        StoreError::Invalid(format!("a {what} named `{name}` already exists"))
    } else {
        e.into()
    }
}

#[cfg(test)]
#[path = "time_tests.rs"]
mod tests;
