//! `tempo cal export`: events, and optionally every task as a VTODO, as one iCalendar text.

use chrono::{DateTime, Datelike, TimeZone, Utc};
use chrono_tz::Tz;

use crate::ical;
use crate::model::filter::Filter;
use crate::ops::Result;
use crate::store::Store;

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
        let starts_before_end = to.is_none_or(|t| row.first_start < t.timestamp());
        let ends_after_start = from.is_none_or(|f| {
            row.last_end.is_none_or(|e| {
                e > f.timestamp() || e == row.first_start && row.first_start >= f.timestamp()
            })
        });
        if !(starts_before_end && ends_after_start) {
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
        let mut todos = Vec::new();
        store.for_each(&Filter::all(now), |l| {
            todos.push(l.task.clone());
            Ok::<(), crate::store::StoreError>(())
        })?;
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
            components.push(ical::todo::write(&t, &uid, component, now, tz).to_text());
        }
    }
    let years = (years.0, years.1.max(years.0) + 1);
    Ok(ical::export::calendar(
        &components,
        &zones,
        years,
        "-//tempo//tempo//EN",
    ))
}
