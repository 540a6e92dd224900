//! Mapping between task rows (with their tags, dependencies and annotations) and `Task`.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use super::StoreError;
use crate::model::recur::Recurrence;
use crate::model::urgency::Links;
use crate::model::{Annotation, Priority, Status, Task};

/// Everything needed to build a `ListedTask`, one row per task, aliased `t`.
pub(crate) const SELECT: &str = "SELECT t.id, t.uuid, t.title, t.notes, t.project, t.priority,
    t.status, t.due, t.scheduled, t.wait, t.estimate_minutes, t.parent, t.recur, t.created,
    t.modified, t.started, t.done,
    (SELECT group_concat(tag, char(31)) FROM task_tags WHERE task_id = t.id),
    (SELECT group_concat(depends_on, ',') FROM task_deps WHERE task_uuid = t.uuid),
    CASE WHEN EXISTS (SELECT 1 FROM annotations WHERE task_id = t.id) THEN
        (SELECT json_group_array(json_array(at, text))
         FROM (SELECT at, text FROM annotations WHERE task_id = t.id ORDER BY at, rowid))
    END,
    EXISTS (SELECT 1 FROM task_deps d JOIN tasks b ON b.uuid = d.depends_on
            WHERE d.task_uuid = t.uuid AND b.status IN ('pending', 'started', 'waiting')),
    EXISTS (SELECT 1 FROM task_deps d JOIN tasks b ON b.uuid = d.task_uuid
            WHERE d.depends_on = t.uuid AND b.status IN ('pending', 'started', 'waiting')),
    (SELECT json_group_object(name, value) FROM task_fields WHERE task_id = t.id)
    FROM tasks t";

/// The task columns alone, aliased `t` (no tags, dependencies, annotations or links).
pub(crate) const BARE_SELECT: &str = "SELECT t.id, t.uuid, t.title, t.notes, t.project, \
    t.priority, t.status, t.due, t.scheduled, t.wait, t.estimate_minutes, t.parent, t.recur, \
    t.created, t.modified, t.started, t.done";

pub(crate) fn ts(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

fn from_ts(secs: Option<i64>) -> Option<DateTime<Utc>> {
    secs.and_then(|s| DateTime::from_timestamp(s, 0))
}

fn corrupt(what: &str, detail: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        Box::new(StoreError::Corrupt(format!("{what}: {detail}"))),
    )
}

/// Reads one row of `SELECT` into a task and its links.
pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<(Task, Links)> {
    let mut task = from_bare_row(row)?;
    let tags: Option<String> = row.get(17)?;
    let deps: Option<String> = row.get(18)?;
    let notes_json: Option<String> = row.get(19)?;
    task.tags = tags
        .map(|s| s.split('\u{1f}').map(str::to_string).collect())
        .unwrap_or_default();
    task.tags.sort();
    for d in deps.iter().flat_map(|s| s.split(',')) {
        task.depends
            .push(Uuid::parse_str(d).map_err(|e| corrupt("dependency", e))?);
    }
    task.depends.sort();
    if let Some(json) = notes_json {
        task.annotations = parse_annotations(&json)?;
    }
    let links = Links {
        blocked: row.get(20)?,
        blocking: row.get(21)?,
    };
    let fields: Option<String> = row.get(22)?;
    if let Some(json) = fields {
        task.fields = serde_json::from_str(&json).map_err(|e| corrupt("custom fields", e))?;
    }
    Ok((task, links))
}

/// Reads the first 17 columns (`BARE_SELECT`) into a task without its related rows.
pub(crate) fn from_bare_row(row: &Row<'_>) -> rusqlite::Result<Task> {
    // Borrowed text where a value is only parsed: no allocation per row for these.
    let text = |i: usize| -> rusqlite::Result<Option<&str>> {
        row.get_ref(i)?
            .as_str_or_null()
            .map_err(|e| corrupt("text column", e))
    };
    let uuid = text(1)?.unwrap_or_default();
    Ok(Task {
        id: row.get(0)?,
        uuid: Uuid::parse_str(uuid).map_err(|e| corrupt("uuid", e))?,
        title: row.get(2)?,
        notes: row.get(3)?,
        tags: Vec::new(),
        project: row.get(4)?,
        priority: match text(5)? {
            Some(p) => Priority::parse_opt(p).map_err(|e| corrupt("priority", e))?,
            None => None,
        },
        status: text(6)?
            .unwrap_or_default()
            .parse::<Status>()
            .map_err(|e| corrupt("status", e))?,
        due: from_ts(row.get(7)?),
        scheduled: from_ts(row.get(8)?),
        wait: from_ts(row.get(9)?),
        estimate_minutes: row.get(10)?,
        parent: text(11)?
            .map(Uuid::parse_str)
            .transpose()
            .map_err(|e| corrupt("parent", e))?,
        depends: Vec::new(),
        annotations: Vec::new(),
        recur: text(12)?
            .map(serde_json::from_str::<Box<Recurrence>>)
            .transpose()
            .map_err(|e| corrupt("recurrence", e))?,
        created: from_ts(row.get(13)?).unwrap_or_default(),
        modified: from_ts(row.get(14)?).unwrap_or_default(),
        started: from_ts(row.get(15)?),
        done: from_ts(row.get(16)?),
        fields: Default::default(),
    })
}

fn parse_annotations(json: &str) -> rusqlite::Result<Vec<Annotation>> {
    let pairs: Vec<(i64, String)> =
        serde_json::from_str(json).map_err(|e| corrupt("annotations", e))?;
    Ok(pairs
        .into_iter()
        .map(|(at, text)| Annotation {
            at: from_ts(Some(at)).unwrap_or_default(),
            text,
        })
        .collect())
}

pub(crate) fn id_of(conn: &Connection, uuid: &Uuid) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT id FROM tasks WHERE uuid = ?1")?
        .query_row([uuid.to_string()], |r| r.get(0))
        .optional()?)
}

/// Inserts or replaces `task` (matched by UUID) with its tags, dependencies and annotations.
/// Returns the task's id. A task with `id == 0` gets the next free id.
pub(crate) fn write(conn: &Connection, task: &Task) -> Result<i64, StoreError> {
    let existing = id_of(conn, &task.uuid)?;
    upsert_row(conn, task, existing)?;
    let id = match existing {
        Some(id) => id,
        None => conn.last_insert_rowid(),
    };
    if existing.is_some() {
        clear_attached(conn, id, &task.uuid.to_string())?;
    }
    write_attached(conn, id, task)?;
    Ok(id)
}

/// The `tasks` row itself: inserted, or updated in place (keeping its id) when the UUID is
/// there.
fn upsert_row(conn: &Connection, task: &Task, existing: Option<i64>) -> Result<(), StoreError> {
    let recur = task
        .recur
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let wanted_id = (task.id > 0).then_some(task.id);
    conn.prepare_cached(
        "INSERT INTO tasks (id, uuid, title, notes, project, priority, status, due, scheduled,
            wait, estimate_minutes, parent, recur, created, modified, started, done)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
         ON CONFLICT(uuid) DO UPDATE SET title = excluded.title, notes = excluded.notes,
            project = excluded.project, priority = excluded.priority, status = excluded.status,
            due = excluded.due, scheduled = excluded.scheduled, wait = excluded.wait,
            estimate_minutes = excluded.estimate_minutes, parent = excluded.parent,
            recur = excluded.recur, created = excluded.created, modified = excluded.modified,
            started = excluded.started, done = excluded.done",
    )?
    .execute(params![
        existing.or(wanted_id),
        task.uuid.to_string(),
        task.title,
        task.notes,
        task.project,
        task.priority.map(Priority::as_str),
        task.status.as_str(),
        task.due.map(ts),
        task.scheduled.map(ts),
        task.wait.map(ts),
        task.estimate_minutes,
        task.parent.map(|p| p.to_string()),
        recur,
        ts(task.created),
        ts(task.modified),
        task.started.map(ts),
        task.done.map(ts),
    ])?;
    Ok(())
}

/// Removes a stored task's tags, dependencies, annotations and fields, to be written anew.
fn clear_attached(conn: &Connection, id: i64, uuid: &str) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM task_tags WHERE task_id = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM task_deps WHERE task_uuid = ?1")?
        .execute([uuid])?;
    conn.prepare_cached("DELETE FROM annotations WHERE task_id = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM task_fields WHERE task_id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Writes the task's tags, dependencies, annotations and fields.
fn write_attached(conn: &Connection, id: i64, task: &Task) -> Result<(), StoreError> {
    let uuid = task.uuid.to_string();
    let mut tag_stmt = conn.prepare_cached("INSERT OR IGNORE INTO task_tags VALUES (?1, ?2)")?;
    for tag in &task.tags {
        tag_stmt.execute(params![id, tag])?;
    }
    let mut dep_stmt = conn.prepare_cached("INSERT OR IGNORE INTO task_deps VALUES (?1, ?2)")?;
    for dep in &task.depends {
        dep_stmt.execute(params![uuid, dep.to_string()])?;
    }
    let mut note_stmt = conn.prepare_cached("INSERT INTO annotations VALUES (?1, ?2, ?3)")?;
    for a in &task.annotations {
        note_stmt.execute(params![id, ts(a.at), a.text])?;
    }
    let mut field_stmt = conn.prepare_cached("INSERT INTO task_fields VALUES (?1, ?2, ?3)")?;
    for (name, value) in &task.fields {
        field_stmt.execute(params![id, name, value])?;
    }
    Ok(())
}

/// Removes a task with everything that hangs off it; other tasks' references become dangling
/// (and are ignored) rather than being rewritten, so undo restores the exact former state.
pub(crate) fn delete(conn: &Connection, uuid: &Uuid) -> Result<(), StoreError> {
    let uuid = uuid.to_string();
    conn.prepare_cached("DELETE FROM task_deps WHERE task_uuid = ?1")?
        .execute([&uuid])?;
    conn.prepare_cached("DELETE FROM tasks WHERE uuid = ?1")?
        .execute([&uuid])?;
    Ok(())
}
