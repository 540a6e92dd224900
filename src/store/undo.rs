//! The undo log: a stack of groups (one per command), each holding the before-image of every
//! task the command touched. Undo writes the before-images back (or deletes tasks that did not
//! exist before) and pops the group.
//!
//! Calendar changes share the log, so one `undo` always reverts the newest command of either
//! kind. Their entries name a row instead of a task: `row:calendar_objects:12` in the `uuid`
//! column, and the row's columns as a JSON object as the before-image.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::StoreError;
use super::rows::{self, ts};
use crate::model::Task;

/// What `undo` reverted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoneGroup {
    pub description: String,
    pub at: DateTime<Utc>,
    pub tasks: usize,
    /// Calendars and calendar objects put back.
    pub calendar_rows: usize,
    /// Time entries, clients and project rates put back.
    pub time_rows: usize,
}

/// An undo step spanning several writes (a calendar command): its group is opened by the first
/// write that records anything.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub(crate) description: String,
    pub(crate) now: DateTime<Utc>,
    pub(crate) group: Option<i64>,
}

/// The group of the active step, opened now if this is its first write; `None` without a
/// step (sync writes what a server has; that is not a command to undo).
pub(crate) fn step_group(
    step: &mut Option<Step>,
    conn: &Connection,
    levels: usize,
) -> Result<Option<i64>, StoreError> {
    let Some(step) = step else {
        return Ok(None);
    };
    if let Some(g) = step.group {
        return Ok(Some(g));
    }
    let g = open_group(conn, step.now, &step.description)?;
    prune(conn, levels)?;
    step.group = Some(g);
    Ok(Some(g))
}

const ROW_PREFIX: &str = "row:";

/// Records the current state of row `id` of `table` (`None` in the log if it does not exist).
pub(crate) fn record_row(
    conn: &Connection,
    group: i64,
    table: &str,
    id: i64,
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT * FROM {table} WHERE id = ?1"))?;
    let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let before = stmt
        .query_row([id], |r| {
            let mut map = serde_json::Map::new();
            for (i, name) in names.iter().enumerate() {
                use rusqlite::types::ValueRef;
                let v = match r.get_ref(i)? {
                    ValueRef::Null => serde_json::Value::Null,
                    ValueRef::Integer(n) => n.into(),
                    ValueRef::Real(f) => f.into(),
                    ValueRef::Text(t) | ValueRef::Blob(t) => {
                        String::from_utf8_lossy(t).into_owned().into()
                    }
                };
                map.insert(name.clone(), v);
            }
            Ok(serde_json::Value::Object(map).to_string())
        })
        .optional()?;
    conn.prepare_cached("INSERT INTO undo_entries (grp, uuid, before) VALUES (?1, ?2, ?3)")?
        .execute(params![group, format!("{ROW_PREFIX}{table}:{id}"), before])?;
    Ok(())
}

/// Puts a recorded row back: updated in place when it exists (deleting a calendar row would
/// take its events with it), inserted when it was deleted, deleted when it was new.
fn restore_row(conn: &Connection, key: &str, before: Option<&str>) -> Result<bool, StoreError> {
    let corrupt = || StoreError::Corrupt(format!("undo entry `{key}`"));
    let (table, id) = key.rsplit_once(':').ok_or_else(corrupt)?;
    let id: i64 = id.parse().map_err(|_| corrupt())?;
    let time = matches!(
        table,
        "time_entries" | "clients" | "project_billing" | "capture_suggestions" | "capture_rules"
    );
    if !time && !matches!(table, "calendars" | "calendar_objects") {
        return Err(corrupt());
    }
    let Some(json) = before else {
        conn.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])?;
        return Ok(time);
    };
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(json).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let names: Vec<&String> = map.keys().collect();
    if names
        .iter()
        .any(|n| !n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    {
        return Err(corrupt());
    }
    let values: Vec<rusqlite::types::Value> = map.values().map(sql_value).collect();
    if update_row(conn, table, id, &names, &values)? == 0 {
        let columns: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
        let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
        conn.execute(
            &format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                columns.join(", "),
                marks.join(", ")
            ),
            rusqlite::params_from_iter(values.iter()),
        )?;
    }
    Ok(time)
}

/// A recorded JSON value as SQLite holds it.
fn sql_value(v: &serde_json::Value) -> rusqlite::types::Value {
    match v {
        serde_json::Value::Null => rusqlite::types::Value::Null,
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(rusqlite::types::Value::Integer)
            .unwrap_or_else(|| rusqlite::types::Value::Real(n.as_f64().unwrap_or_default())),
        serde_json::Value::String(s) => rusqlite::types::Value::Text(s.clone()),
        other => rusqlite::types::Value::Text(other.to_string()),
    }
}

/// Sets the row's columns to the recorded values; the number of rows changed (0: it is gone).
fn update_row(
    conn: &Connection,
    table: &str,
    id: i64,
    names: &[&String],
    values: &[rusqlite::types::Value],
) -> Result<usize, StoreError> {
    let sets: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{n} = ?{}", i + 1))
        .collect();
    Ok(conn.execute(
        &format!(
            "UPDATE {table} SET {} WHERE id = ?{}",
            sets.join(", "),
            names.len() + 1
        ),
        rusqlite::params_from_iter(
            values
                .iter()
                .chain(std::iter::once(&rusqlite::types::Value::Integer(id))),
        ),
    )?)
}

pub(crate) fn open_group(
    conn: &Connection,
    now: DateTime<Utc>,
    description: &str,
) -> Result<i64, StoreError> {
    conn.prepare_cached("INSERT INTO undo_groups (at, description) VALUES (?1, ?2)")?
        .execute(params![ts(now), description])?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn record(
    conn: &Connection,
    group: i64,
    uuid: &Uuid,
    before: Option<&Task>,
) -> Result<(), StoreError> {
    let before = before
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    conn.prepare_cached("INSERT INTO undo_entries (grp, uuid, before) VALUES (?1, ?2, ?3)")?
        .execute(params![group, uuid.to_string(), before])?;
    Ok(())
}

/// Keeps only the newest `levels` groups.
pub(crate) fn prune(conn: &Connection, levels: usize) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM undo_groups WHERE grp <= (SELECT grp FROM undo_groups ORDER BY grp DESC
         LIMIT 1 OFFSET ?1)",
        [levels as i64],
    )?;
    Ok(())
}

/// Reverts the newest group; with what it reverted, the tasks it wrote back.
pub(crate) fn pop(conn: &Connection) -> Result<Option<(UndoneGroup, Vec<Uuid>)>, StoreError> {
    let Some((group, at, description)) = conn
        .query_row(
            "SELECT grp, at, description FROM undo_groups ORDER BY grp DESC LIMIT 1",
            [],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )
        .optional()?
    else {
        return Ok(None);
    };
    let mut stmt =
        conn.prepare("SELECT uuid, before FROM undo_entries WHERE grp = ?1 ORDER BY seq DESC")?;
    let entries: Vec<(String, Option<String>)> = stmt
        .query_map([group], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let (mut calendar_rows, mut time_rows) = (0, 0);
    let mut tasks = Vec::new();
    for (uuid, before) in &entries {
        if let Some(key) = uuid.strip_prefix(ROW_PREFIX) {
            if restore_row(conn, key, before.as_deref())? {
                time_rows += 1;
            } else {
                calendar_rows += 1;
            }
            continue;
        }
        let uuid = Uuid::parse_str(uuid).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        tasks.push(uuid);
        match before {
            Some(json) => {
                let task: Task =
                    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                rows::write(conn, &task)?;
            }
            None => rows::delete(conn, &uuid)?,
        }
    }
    conn.execute("DELETE FROM undo_groups WHERE grp = ?1", [group])?;
    let undone = UndoneGroup {
        description,
        at: DateTime::from_timestamp(at, 0).unwrap_or_default(),
        tasks: entries.len() - calendar_rows - time_rows,
        calendar_rows,
        time_rows,
    };
    Ok(Some((undone, tasks)))
}

pub(crate) fn history(
    conn: &Connection,
    limit: usize,
) -> Result<Vec<(DateTime<Utc>, String)>, StoreError> {
    let mut stmt =
        conn.prepare("SELECT at, description FROM undo_groups ORDER BY grp DESC LIMIT ?1")?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok((
            DateTime::from_timestamp(r.get(0)?, 0).unwrap_or_default(),
            r.get(1)?,
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
