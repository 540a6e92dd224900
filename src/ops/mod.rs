//! Task operations shared by the command line and the TUI: each parses what the person typed,
//! applies the pure rules from `model` and writes through one `Store::edit` (one undo step).
//! Nothing here prints; callers report the returned outcome their own way.

pub mod calendar;
pub mod capture;
mod error;
pub mod focus;
pub mod insights;
pub mod plan;
pub mod plan_days;
pub mod plan_estimate;
pub mod reminders;
mod select;
mod sync_edge;
pub mod time;

pub(crate) use error::usage;
pub use error::{Error, Result, UsageError};
pub use select::Unconfirmed;
pub use sync_edge::SyncFailure;

use chrono::{DateTime, TimeZone, Utc};
use uuid::Uuid;

use crate::model::mods::{Mods, next_instance};
use crate::model::selector::{Selector, TaskRef};
use crate::model::{Annotation, Change, Status, Task};
use crate::store::{ListedTask, Store, StoreError, Tx, UndoneGroup};

/// A task an operation touched: its id and title, for the report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Touched {
    pub id: i64,
    pub title: String,
}

impl From<&Task> for Touched {
    fn from(t: &Task) -> Touched {
        Touched {
            id: t.id,
            title: t.title.clone(),
        }
    }
}

/// A recurring task's next instance, created by `done`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextInstance {
    pub id: i64,
    pub due: Option<DateTime<Utc>>,
}

/// A new task from attributes already parsed (by the CLI from its words, by the app at its
/// prompt): returns its id and UUID.
pub fn add_task<Tz: TimeZone>(
    store: &mut Store,
    mods: Mods,
    now: &DateTime<Tz>,
) -> Result<(i64, Uuid)> {
    let utc = now.with_timezone(&Utc);
    let mut task = Task::new("", utc);
    mods.apply_to(&mut task, now)?;
    if let Some(rec) = &task.recur {
        task.uuid = rec.instance_uuid(rec.anchor);
    }
    let uuid = task.uuid;
    let description = format!("add \"{}\"", task.title);
    let id = store.edit(&description, utc, |tx| {
        resolve_links(tx, &mut task, &mods)?;
        tx.apply(Change::Put(Box::new(task)))
    })?;
    Ok((id, uuid))
}

/// `tempo modify`: applies attributes already parsed (by the CLI from its words, by the app at
/// its prompt) to the tasks `target` selects (ids, a UUID prefix or a filter). A filter that
/// selects several tasks needs `confirmed` (else `Unconfirmed`, nothing changed).
pub fn modify_task<Tz: TimeZone>(
    store: &mut Store,
    target: &Selector,
    mods: Mods,
    confirmed: bool,
    now: &DateTime<Tz>,
) -> Result<Vec<Touched>> {
    if mods.is_empty() {
        return Err(UsageError(
            "nothing to change: give attributes (due:fri +tag) or a new title".into(),
        )
        .into());
    }
    let utc = now.with_timezone(&Utc);
    store.edit(&format!("modify {target}"), utc, |tx| {
        let mut changed = Vec::new();
        let selected = select::select(tx, target)?;
        for mut t in selected.confirm("modify", confirmed, false)? {
            let before = t.clone();
            mods.apply_to(&mut t, now)?;
            resolve_links(tx, &mut t, &mods)?;
            // A modify that changes nothing but the timestamp writes nothing (and so leaves
            // no undo step).
            let unchanged = Task {
                modified: before.modified,
                ..t.clone()
            } == before;
            if unchanged {
                continue;
            }
            changed.push(Touched::from(&t));
            tx.apply(Change::Put(Box::new(t)))?;
        }
        Ok(changed)
    })
}

/// Replaces one task's notes (the TUI's `$EDITOR` round trip).
pub fn set_notes(
    store: &mut Store,
    uuid: &Uuid,
    notes: &str,
    now: DateTime<Utc>,
) -> Result<Touched> {
    store.edit("edit notes", now, |tx| {
        let mut t = tx
            .task_by_uuid(uuid)?
            .ok_or_else(|| StoreError::NotFound(uuid.to_string()))?
            .task;
        t.notes = notes.to_string();
        t.modified = now;
        let touched = Touched::from(&t);
        tx.apply(Change::Put(Box::new(t)))?;
        Ok(touched)
    })
}

pub fn start_stop(
    store: &mut Store,
    ids: &[TaskRef],
    start: bool,
    now: DateTime<Utc>,
) -> Result<Vec<Touched>> {
    let command = if start { "start" } else { "stop" };
    store.edit(&format!("{command} {}", words(ids)), now, |tx| {
        let mut changed = Vec::new();
        for mut t in resolve_all(tx, ids)? {
            match (start, t.status) {
                (_, s) if !s.is_open() => {
                    return Err(UsageError(format!(
                        "task {} is {s}; reopen it with `tempo modify {} status:pending`",
                        t.id, t.id
                    ))
                    .into());
                }
                (true, Status::Started) => {
                    return Err(UsageError(format!("task {} is already started", t.id)).into());
                }
                (false, s) if s != Status::Started => {
                    return Err(UsageError(format!("task {} is not started", t.id)).into());
                }
                (true, _) => t.start(now),
                (false, _) => t.stop(now),
            }
            changed.push(Touched::from(&t));
            tx.apply(Change::Put(Box::new(t)))?;
        }
        Ok(changed)
    })
}

/// Completes tasks (ids or a filter; a filter that selects several needs `confirmed`);
/// recurring ones get their next instance (never twice).
pub fn done<Tz: TimeZone>(
    store: &mut Store,
    ids: &Selector,
    confirmed: bool,
    now: &DateTime<Tz>,
) -> Result<(Vec<Touched>, Vec<NextInstance>)> {
    let utc = now.with_timezone(&Utc);
    store.edit(&format!("done {ids}"), utc, |tx| {
        let mut changed = Vec::new();
        let mut created = Vec::new();
        let selected = select::select(tx, ids)?;
        for mut t in selected.confirm("complete", confirmed, false)? {
            if !t.status.is_open() {
                return Err(UsageError(format!("task {} is already {}", t.id, t.status)).into());
            }
            t.complete(utc);
            changed.push(Touched::from(&t));
            let next = next_instance(&t, now);
            tx.apply(Change::Put(Box::new(t)))?;
            if let Some(next) = next
                && !instance_exists(tx, &next, now)?
            {
                let due = next.due;
                let id = tx.apply(Change::Put(Box::new(next)))?;
                created.push(NextInstance { id, due });
            }
        }
        Ok((changed, created))
    })
}

/// Whether the series already has an instance on `next`'s day, in any status: one made by an
/// earlier completion (its UUID is derived from the date), or one imported with another tool's
/// UUID (Taskwarrior makes its instances ahead of time, and a deleted one must stay deleted).
fn instance_exists<Tz: TimeZone>(tx: &Tx<'_>, next: &Task, now: &DateTime<Tz>) -> Result<bool> {
    if tx.task_by_uuid(&next.uuid)?.is_some() {
        return Ok(true);
    }
    let (Some(rec), Some(at)) = (&next.recur, next.due.or(next.scheduled)) else {
        return Ok(false);
    };
    let tz = now.timezone();
    let day = at.with_timezone(&tz).date_naive();
    Ok(tx.series_instances(&rec.series)?.iter().any(|l| {
        l.task
            .due
            .or(l.task.scheduled)
            .is_some_and(|d| d.with_timezone(&tz).date_naive() == day)
    }))
}

/// Deletes tasks (ids or a filter); more than one needs `confirmed`.
pub fn delete(
    store: &mut Store,
    ids: &Selector,
    confirmed: bool,
    now: DateTime<Utc>,
) -> Result<Vec<Touched>> {
    store.edit(&format!("delete {ids}"), now, |tx| {
        let tasks = select::select(tx, ids)?.confirm("delete", confirmed, true)?;
        let mut changed = Vec::new();
        for t in tasks {
            changed.push(Touched::from(&t));
            tx.apply(Change::Delete(t.uuid))?;
        }
        Ok(changed)
    })
}

pub fn annotate(
    store: &mut Store,
    selector: &TaskRef,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Touched> {
    if text.trim().is_empty() {
        return Err(UsageError("an annotation needs some text".into()).into());
    }
    store.edit(&format!("annotate {selector}"), now, |tx| {
        let mut t = one(tx.resolve_ref(selector)?, selector.text())?;
        t.annotations.push(Annotation {
            at: now,
            text: text.to_string(),
        });
        t.modified = now;
        let touched = Touched::from(&t);
        tx.apply(Change::Put(Box::new(t)))?;
        Ok(touched)
    })
}

pub fn undo(store: &mut Store) -> Result<Option<UndoneGroup>> {
    Ok(store.undo()?)
}

/// Exactly one task for `sel`.
pub fn one(mut found: Vec<ListedTask>, sel: &str) -> std::result::Result<Task, StoreError> {
    match found.len() {
        1 => Ok(found.remove(0).task),
        _ => Err(StoreError::Invalid(format!(
            "`{sel}` must name exactly one task"
        ))),
    }
}

/// Resolves `depends:` and `parent:` selectors to UUIDs, inside the write transaction.
fn resolve_links(tx: &Tx<'_>, task: &mut Task, mods: &Mods) -> std::result::Result<(), StoreError> {
    if let Some(deps) = &mods.depends {
        let mut uuids = Vec::new();
        for sel in deps {
            uuids.extend(tx.resolve_ref(sel)?.into_iter().map(|l| l.task.uuid));
        }
        uuids.sort();
        uuids.dedup();
        task.depends = uuids;
    }
    if let Some(parent) = &mods.parent {
        task.parent = match parent {
            Some(sel) => Some(one(tx.resolve_ref(sel)?, sel.text())?.uuid),
            None => None,
        };
    }
    Ok(())
}

/// The references as they were typed, for the undo step's description.
fn words(refs: &[TaskRef]) -> String {
    let words: Vec<&str> = refs.iter().map(TaskRef::text).collect();
    words.join(" ")
}

/// Resolves every reference first, so one bad id changes nothing.
fn resolve_all(tx: &Tx<'_>, refs: &[TaskRef]) -> std::result::Result<Vec<Task>, StoreError> {
    let mut tasks: Vec<Task> = Vec::new();
    for r in refs {
        for l in tx.resolve_ref(r)? {
            if !tasks.iter().any(|t| t.uuid == l.task.uuid) {
                tasks.push(l.task);
            }
        }
    }
    Ok(tasks)
}
