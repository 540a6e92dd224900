//! Calendar operations shared by the command line and the TUI: importing and exporting
//! iCalendar, the agenda of a window (events, due tasks, conflicts), adding, editing and
//! deleting events (one occurrence, this and following, or all), and time blocks for tasks.
//!
//! Each job lives in a module of its own; this one holds the shared types, the re-exports
//! and the helpers that find and save the event an edit or delete names.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;

use super::{Result, usage};
pub use crate::calendar::{AgendaItem, ItemKind, Scope, overlapping};
use crate::ical::event::Start;
use crate::ical::{self, CalendarObject, Component, Occurrence};
use crate::model::dates::{When, local_instant};
use crate::store::{ObjectRow, Store};

mod agenda;
mod blocks;
mod change;
mod checks;
mod conflicts;
mod edit;
mod export;
mod import;
mod kept;
#[cfg(test)]
mod kept_tests;
mod rules;
mod todo_fields;
mod todo_import;

pub use agenda::agenda;
pub(crate) use agenda::open_tasks_between;
pub use blocks::{block, block_event, block_now, block_on, block_session};
pub use change::{edit, edit_event};
pub use conflicts::Conflict;
pub use edit::{Deleted, add, add_event, add_on, delete};
pub use export::export;
pub use import::{CalendarImport, import};
pub(crate) use import::{Written, import_todo, stored_event};

/// How many instances one object may expand to when its span is measured; a series longer than
/// this is treated as open-ended (always considered for a window).
const SPAN_LIMIT: usize = 5000;

/// The calendar time blocks go to unless one is named.
pub const BLOCKS_CALENDAR: &str = "blocks";

/// What `add` and `block` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EventWritten {
    pub id: i64,
    pub uid: String,
    pub summary: String,
    pub calendar: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub all_day: bool,
    pub rrule: Option<String>,
    /// Timed events this one overlaps (within its first 90 days).
    pub conflicts: Vec<Conflict>,
}

/// Defaults for events typed without them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDefaults {
    pub calendar: String,
    pub minutes: u32,
}

impl EventDefaults {
    /// For `cal add`: `calendar.default_calendar` and `calendar.event_minutes`.
    pub fn events(config: &crate::config::Calendar) -> EventDefaults {
        EventDefaults {
            calendar: config.default_calendar.clone(),
            minutes: config.event_minutes,
        }
    }

    /// For time blocks: `calendar.blocks_calendar`.
    pub fn blocks(config: &crate::config::Calendar) -> EventDefaults {
        EventDefaults {
            calendar: config.blocks_calendar.clone(),
            minutes: config.event_minutes,
        }
    }
}

fn local_start(when: When, tz: Tz) -> Start {
    match when {
        When::Day(d) => Start::Day(d),
        When::At(t) => Start::At(t.with_timezone(&tz).naive_local()),
    }
}

/// Refuses changes to a read-only calendar (a subscription, a source kept elsewhere); the API
/// checks this first to answer such a refusal as a conflict.
pub fn writable(store: &Store, calendar: &str) -> Result<()> {
    if let Some(c) = store.calendar(calendar)?
        && c.read_only
    {
        return Err(usage(format!(
            "the calendar “{calendar}” is read-only (source: {}); its events cannot be changed here",
            c.source
        )));
    }
    Ok(())
}

/// Events (and calendar to-dos) as a list, for `cal list`.
pub fn list(store: &Store, calendar: Option<&str>) -> Result<Vec<ObjectRow>> {
    let rows = store.calendar_objects(None)?;
    Ok(rows
        .into_iter()
        .filter(|r| calendar.is_none_or(|c| r.calendar == c))
        .collect())
}

/// The object `key` names (id or UID), its components, and the occurrence `when` selects.
struct Target {
    row: ObjectRow,
    object: CalendarObject,
}

fn target(store: &Store, key: &str) -> Result<Target> {
    // A missing event is bad input; a failing database stays the system's.
    let row = store.calendar_object(key)?;
    if row.kind != "VEVENT" {
        return Err(usage(format!(
            "`{key}` is a calendar to-do; change it as task instead (tempo modify)"
        )));
    }
    writable(store, &row.calendar)?;
    let ics = row.ics.clone().unwrap_or_default();
    let object =
        ical::object(&ics).ok_or_else(|| usage(format!("event `{key}` is stored unreadably")))?;
    Ok(Target { row, object })
}

/// The occurrence of `object` that `when` names: one starting at that instant, or the first
/// on that day.
fn occurrence(object: &CalendarObject, row: &ObjectRow, when: When, tz: Tz) -> Result<Occurrence> {
    let (from, to, exact) = match when {
        When::Day(d) => (
            local_instant(&tz, d.and_time(NaiveTime::MIN)),
            local_instant(&tz, (d + Days::new(1)).and_time(NaiveTime::MIN)),
            None,
        ),
        When::At(t) => (
            t.with_timezone(&tz)
                .date_naive()
                .and_time(NaiveTime::MIN)
                .and_local_timezone(tz)
                .earliest()
                .map_or(t, |d| d.with_timezone(&Utc)),
            t + TimeDelta::days(1),
            Some(t),
        ),
    };
    let e = ical::expand(&object.to_calendar(), from, to, tz, 10_000)?;
    let found = e
        .occurrences
        .into_iter()
        .filter(|o| o.start >= from)
        .find(|o| exact.is_none_or(|t| o.start == t));
    found.ok_or_else(|| {
        let day = match when {
            When::Day(d) => d,
            When::At(t) => t.with_timezone(&tz).date_naive(),
        };
        usage(format!(
            "event {} “{}” has no occurrence on {day}",
            row.id, row.summary
        ))
    })
}

fn parts(object: &CalendarObject) -> Result<Vec<Component>> {
    object
        .components
        .iter()
        .map(|c| {
            Component::parse(c).ok_or_else(|| usage(format!("event {} is unreadable", object.uid)))
        })
        .collect()
}

/// Index of the series master (the component without RECURRENCE-ID).
fn master_index(parts: &[Component]) -> usize {
    parts
        .iter()
        .position(|c| c.get("RECURRENCE-ID").is_none())
        .unwrap_or(0)
}

/// The day an all-day occurrence falls on (None for timed ones).
fn day_of(o: &Occurrence, tz: Tz) -> Option<NaiveDate> {
    o.all_day.then(|| o.start.with_timezone(&tz).date_naive())
}

fn save(
    store: &mut Store,
    row: &ObjectRow,
    uid: &str,
    parts: &[Component],
    timezones: &[String],
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<()> {
    let object = CalendarObject {
        uid: uid.to_string(),
        kind: "VEVENT".into(),
        components: parts.iter().map(Component::to_text).collect(),
        timezones: timezones.to_vec(),
        line: 0,
    };
    let stored = stored_event(&object, tz).map_err(usage)?;
    let cal = store.calendar_id(&row.calendar)?;
    store.put_calendar_objects(cal, &[stored], now.timestamp())?;
    Ok(())
}
