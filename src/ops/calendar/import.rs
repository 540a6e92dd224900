//! `tempo cal import`: reading an iCalendar text into a calendar, its events as stored rows
//! (with the span an agenda window is matched against) and its to-dos as tasks.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::todo_fields;
use super::todo_import::{is_problem, todo_task};
use super::{Result, SPAN_LIMIT, usage};
use crate::ical::event as ev;
use crate::ical::{self, CalendarObject, Component};
use crate::model::{Change, Task};
use crate::store::{ObjectsWritten, Store, StoredObject};

#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct CalendarImport {
    /// Events.
    #[serde(flatten)]
    pub written: ObjectsWritten,
    /// To-dos, imported as tasks.
    pub tasks: ObjectsWritten,
    /// One line per component that was skipped, with why.
    pub problems: Vec<String>,
}

/// Imports the VEVENTs and VTODOs of `text` into the calendar `calendar` (created if needed,
/// with `source` saying where it came from, e.g. `file:/home/ann/work.ics`). Importing the
/// same file again changes nothing; an object whose UID exists is replaced, a to-do updates
/// the task it became. All or nothing: a failed write leaves the database as it was.
pub fn import(
    store: &mut Store,
    text: &str,
    calendar: &str,
    source: &str,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<CalendarImport> {
    let what = format!("cal import into “{calendar}”");
    store.undo_step(&what, now, |s| {
        s.atomic(|s| import_in(s, text, calendar, source, tz, now))
    })
}

fn import_in(
    store: &mut Store,
    text: &str,
    calendar: &str,
    source: &str,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<CalendarImport> {
    let split = ical::split(text);
    let mut report = CalendarImport {
        problems: split.problems,
        ..CalendarImport::default()
    };
    let mut events = Vec::new();
    let mut todos = Vec::new();
    for object in split.objects {
        if object.kind == "VTODO" {
            todos.push(object);
            continue;
        }
        match stored_event(&object, tz) {
            Ok(o) => events.push(o),
            Err(problem) => report.problems.push(problem),
        }
    }
    let id = match store.calendar(calendar)? {
        Some(c) => c.id,
        None => store.add_calendar(calendar, "", source, false)?,
    };
    report.written = store.put_calendar_objects(id, &events, now.timestamp())?;
    for object in todos {
        match import_todo(store, id, &object, tz, now) {
            Ok(Written::Added) => report.tasks.added += 1,
            Ok(Written::Updated) => report.tasks.updated += 1,
            Ok(Written::Unchanged) => report.tasks.unchanged += 1,
            Err(e) if !is_problem(&e) => return Err(e),
            Err(e) => report.problems.push(format!("to-do {}: {e}", object.uid)),
        }
    }
    Ok(report)
}

pub(crate) enum Written {
    Added,
    Updated,
    Unchanged,
}

pub(crate) fn import_todo(
    store: &mut Store,
    calendar_id: i64,
    object: &CalendarObject,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Written> {
    let master = object.master().ok_or_else(|| usage("unreadable"))?;
    let fields = ical::todo::read(&master, tz);
    let ics = object.to_calendar();
    let existing = store.calendar_object_in(calendar_id, &object.uid)?;
    if existing
        .as_ref()
        .is_some_and(|e| e.ics.as_deref() == Some(ics.as_str()) && e.kind == "VTODO")
    {
        return Ok(Written::Unchanged);
    }
    let uuid = existing
        .as_ref()
        .and_then(|e| e.task_uuid.as_deref())
        .and_then(|u| Uuid::parse_str(u).ok())
        .map_or_else(|| todo_task(store, calendar_id, &object.uid), Ok)?;
    let before = store.task_by_uuid(&uuid)?.map(|t| t.task);
    let is_new = before.is_none();
    let mut task = before.unwrap_or_else(|| {
        let mut t = Task::new("", now);
        t.uuid = uuid;
        t
    });
    todo_fields::apply(&mut task, &fields, tz, now);
    task.modified = now;
    let description = format!("import to-do \"{}\"", task.title);
    store.edit(&description, now, |tx| {
        tx.apply(Change::Put(Box::new(task)))
    })?;
    let row = StoredObject {
        uid: object.uid.clone(),
        kind: "VTODO".into(),
        ics,
        summary: fields.summary,
        first_start: fields.due.map_or(0, |d| d.timestamp()),
        last_end: Some(fields.due.map_or(0, |d| d.timestamp())),
        task_uuid: Some(uuid.to_string()),
        ..StoredObject::default()
    };
    store.put_calendar_objects(calendar_id, &[row], now.timestamp())?;
    Ok(if is_new {
        Written::Added
    } else {
        Written::Updated
    })
}

pub(crate) fn stored_event(
    object: &CalendarObject,
    tz: Tz,
) -> std::result::Result<StoredObject, String> {
    let ics = object.to_calendar();
    let far = |y| {
        Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default()
    };
    let at = if object.line > 0 {
        format!("line {}: ", object.line)
    } else {
        String::new()
    };
    // A rule that never ends needs only its first instances (a few, as EXDATEs may remove
    // the first ones): expanding it to the limit would cost thousands per series for nothing.
    let never_ends = object.components.iter().any(|c| rule_never_ends(c));
    let limit = if never_ends { 64 } else { SPAN_LIMIT };
    let e = ical::expand(&ics, far(1000), far(3000), tz, limit)
        .map_err(|e| format!("{at}event {}: {e}", object.uid))?;
    if let Some(p) = e.problems.first() {
        return Err(format!("{at}{p}; skipped"));
    }
    let (Some(first), Some(last)) = (
        e.occurrences.first(),
        e.occurrences.iter().map(|o| o.end).max(),
    ) else {
        return Err(format!(
            "{at}event {} has no occurrences (all excluded?); skipped",
            object.uid
        ));
    };
    let master = object.master();
    let open_ended = never_ends || e.occurrences.len() >= SPAN_LIMIT;
    Ok(StoredObject {
        uid: object.uid.clone(),
        kind: "VEVENT".into(),
        summary: first.summary.clone(),
        location: first.location.clone(),
        first_start: first.start.timestamp(),
        last_end: (!open_ended).then(|| last.timestamp()),
        all_day: first.all_day,
        recurring: first.recurring || e.occurrences.len() > 1, // or several events, one UID
        alarms: master.as_ref().map(ev::alarms).unwrap_or_default(),
        task_uuid: master
            .as_ref()
            .and_then(|m| m.get(ev::TASK_PROPERTY).map(|l| l.value.trim().to_string())),
        ics,
    })
}

/// An RRULE with neither COUNT nor UNTIL.
fn rule_never_ends(component: &str) -> bool {
    Component::parse(component).is_some_and(|c| {
        c.all("RRULE").iter().any(|l| {
            let rule = l.value.to_ascii_uppercase();
            !rule.contains("COUNT=") && !rule.contains("UNTIL=")
        })
    })
}
