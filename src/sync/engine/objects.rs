//! Local items in the store: how one stands (its task read for `state::classify`), writing a
//! server item here (an event row, or the task behind a to-do), and the task a to-do stands
//! for.

use super::*;

/// How a local object stands against `known` (what both sides last agreed on), its task
/// read from the store for a to-do.
pub(in crate::sync) fn classify(
    store: &Store,
    local: &LocalObject,
    known: Option<&RemoteObject>,
    clock: (DateTime<Utc>, Tz),
) -> Result<Local> {
    let task = match local.kind.as_str() {
        "VTODO" => linked_task(store, local.task_uuid.as_deref())?,
        _ => None,
    };
    Ok(state::classify(local, task.as_ref(), known, clock))
}

/// Stores an object in a calendar (an event row, or a task and its VTODO); for a to-do, the
/// task's fingerprint after the write. `None` when it could not be read (the reason goes to
/// `problems`) and nothing was stored.
pub(in crate::sync) fn write_object(
    store: &mut Store,
    calendar_id: i64,
    object: &CalendarObject,
    (tz, now): (Tz, DateTime<Utc>),
    problems: &mut Vec<String>,
) -> Result<Option<Option<i64>>> {
    if object.kind == "VTODO" {
        match import_todo(store, calendar_id, object, tz, now) {
            Ok(Written::Added | Written::Updated | Written::Unchanged) => {}
            Err(e) => {
                problems.push(format!("to-do {}: {e}", object.uid));
                return Ok(None);
            }
        }
        let row = store.calendar_object_at(calendar_id, &object.uid)?;
        let modified = linked_task(store, row.task_uuid.as_deref())?.map(|t| fingerprint(&t));
        return Ok(Some(modified));
    }
    match stored_event(object, tz) {
        Ok(o) => {
            store.put_calendar_objects(calendar_id, &[o], now.timestamp())?;
            Ok(Some(None))
        }
        Err(problem) => {
            problems.push(problem);
            Ok(None)
        }
    }
}

/// The task a VTODO object stands for, if it still exists.
pub(in crate::sync) fn linked_task(
    store: &Store,
    task_uuid: Option<&str>,
) -> Result<Option<crate::model::Task>> {
    let Some(uuid) = task_uuid.and_then(|u| Uuid::parse_str(u).ok()) else {
        return Ok(None);
    };
    Ok(store.task_by_uuid(&uuid)?.map(|l| l.task))
}
