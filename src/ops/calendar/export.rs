//! `tempo cal export`: events, and optionally every task as a VTODO, as one iCalendar text.

use chrono::{DateTime, Datelike, TimeZone, Utc};
use chrono_tz::Tz;

use crate::ical;
use crate::model::filter::Filter;
use crate::ops::Result;
use crate::store::{ObjectRow, Store};

/// `tempo cal export`: every event overlapping the window (all when open), and with `tasks`
/// every task as a VTODO, as one RFC 5545 text.
pub fn export(
    store: &Store,
    window: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    tasks: bool,
    calendar: Option<&str>,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<String> {
    let mut components = Vec::new();
    let mut zones = Vec::new();
    let (from, to) = window;
    let mut years = (now.with_timezone(&tz).year_ce().1 as i32, 0);
    for row in store.calendar_objects(Some("VEVENT"))? {
        if calendar.is_some_and(|c| c != row.calendar) {
            continue;
        }
        if !in_window(&row, from, to) {
            continue;
        }
        let Some(object) = row.ics.as_deref().and_then(ical::object) else {
            continue;
        };
        let year = |t: i64| {
            Utc.timestamp_opt(t, 0)
                .single()
                .map_or(1970, |d| d.with_timezone(&tz).year_ce().1 as i32)
        };
        years.0 = years.0.min(year(row.first_start));
        years.1 = years.1.max(year(row.last_end.unwrap_or(row.first_start)));
        components.extend(object.components);
        zones.extend(object.timezones);
    }
    if tasks {
        components.extend(task_todos(store, tz, now)?);
    }
    let years = (years.0, years.1.max(years.0) + 1);
    Ok(ical::export::calendar(
        &components,
        &zones,
        years,
        "-//tempo//tempo//EN",
    ))
}

/// Whether an event's span meets `[from, to)` (an instant event at `from` counts).
fn in_window(row: &ObjectRow, from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> bool {
    let starts_before_end = to.is_none_or(|t| row.first_start < t.timestamp());
    let ends_after_start = from.is_none_or(|f| {
        row.last_end.is_none_or(|e| {
            e > f.timestamp() || e == row.first_start && row.first_start >= f.timestamp()
        })
    });
    starts_before_end && ends_after_start
}

/// Every task as a VTODO, written over the one it was imported from where there is one (so
/// what Tempo does not model survives).
fn task_todos(store: &Store, tz: Tz, now: DateTime<Utc>) -> Result<Vec<String>> {
    let mut todos = Vec::new();
    store.for_each(&Filter::all(now), |l| {
        todos.push(l.task.clone());
        Ok::<(), crate::store::StoreError>(())
    })?;
    let mut out = Vec::new();
    for t in todos {
        let original = store.calendar_todo_for_task(&t.uuid.to_string())?;
        let (uid, component) = match original {
            Some(o) => (
                o.uid.clone(),
                o.ics
                    .as_deref()
                    .and_then(ical::object)
                    .and_then(|ob| ob.master()),
            ),
            None => (t.uuid.to_string(), None),
        };
        out.push(ical::todo::write(&t, &uid, component, now, tz).to_text());
    }
    Ok(out)
}
