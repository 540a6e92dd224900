//! The undo log: a stack of groups (one per command), each holding the before-image of every
//! task the command touched. Undo writes the before-images back (or deletes tasks that did not
//! exist before) and pops the group.

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

pub(crate) fn pop(conn: &Connection) -> Result<Option<UndoneGroup>, StoreError> {
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
    for (uuid, before) in &entries {
        let uuid = Uuid::parse_str(uuid).map_err(|e| StoreError::Corrupt(e.to_string()))?;
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
    Ok(Some(UndoneGroup {
        description,
        at: DateTime::from_timestamp(at, 0).unwrap_or_default(),
        tasks: entries.len(),
    }))
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
