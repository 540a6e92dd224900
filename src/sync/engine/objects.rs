//! Local items against the server's: how a local item stands, writing a server item here
//! (an event row or the task behind a to-do), and the href a new item is uploaded to.

use super::*;

/// How a local object stands against `known` (what both sides last agreed on). A to-do
/// whose task is gone is `Absent`.
pub(in crate::sync) fn classify(
    store: &Store,
    local: &LocalObject,
    known: Option<&RemoteObject>,
    (now, tz): (DateTime<Utc>, Tz),
) -> Result<Local> {
    if local.kind == "VTODO" {
        let Some(task) = linked_task(store, local.task_uuid.as_deref())? else {
            return Ok(Local::Absent);
        };
        let changed = known
            .and_then(|k| k.task_fingerprint)
            .is_none_or(|m| fingerprint(&task) != m);
        return Ok(if changed {
            Local::Changed(todo_text(&task, &local.uid, &local.ics, (now, tz)))
        } else {
            Local::Clean
        });
    }
    Ok(match known {
        Some(k) if k.base == local.ics => Local::Clean,
        _ => Local::Changed(local.ics.clone()),
    })
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

/// A task as the VTODO text to send: written over the one kept from the server (`original`,
/// a VCALENDAR; empty for none), so properties Tempo has no field for survive.
pub(in crate::sync) fn todo_text(
    task: &crate::model::Task,
    uid: &str,
    original: &str,
    (now, tz): (DateTime<Utc>, Tz),
) -> String {
    let object = ical::object(original);
    let master = object.as_ref().and_then(CalendarObject::master);
    let todo = ical::todo::write(task, uid, master, now, tz);
    CalendarObject {
        uid: uid.to_string(),
        kind: "VTODO".into(),
        components: vec![todo.to_text()],
        timezones: object.map(|o| o.timezones).unwrap_or_default(),
        line: 0,
    }
    .to_calendar()
}
