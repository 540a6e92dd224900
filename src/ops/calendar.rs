//! Calendar operations: importing iCalendar files and listing occurrences in a window.

use std::collections::HashMap;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::Result;
use crate::ical::{self, CalendarObject, Occurrence};
use crate::store::{ObjectsWritten, Store, StoredObject};

/// How many instances one object may expand to when its span is measured; a series longer than
/// this is treated as open-ended (always considered for a window).
const SPAN_LIMIT: usize = 5000;

#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct CalendarImport {
    #[serde(flatten)]
    pub written: ObjectsWritten,
    /// To-dos in the file (imported as tasks by a later version; counted, not stored, now).
    pub todos_not_imported: usize,
    /// One line per component that was skipped, with why.
    pub problems: Vec<String>,
}

/// Imports the VEVENTs of `text` into the calendar `calendar` (created if needed). Importing
/// the same file again changes nothing; an object whose UID exists is replaced.
pub fn import(store: &mut Store, text: &str, calendar: &str, tz: Tz) -> Result<CalendarImport> {
    let split = ical::split(text);
    let mut report = CalendarImport {
        problems: split.problems,
        ..CalendarImport::default()
    };
    let mut objects = Vec::new();
    for object in split.objects {
        if object.kind != "VEVENT" {
            report.todos_not_imported += 1;
            continue;
        }
        match stored(&object, tz) {
            Ok(o) => objects.push(o),
            Err(problem) => report.problems.push(problem),
        }
    }
    let id = store.calendar_id(calendar)?;
    report.written = store.put_calendar_objects(id, &objects)?;
    Ok(report)
}

fn stored(object: &CalendarObject, tz: Tz) -> std::result::Result<StoredObject, String> {
    let ics = object.to_calendar();
    let far = |y| {
        Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default()
    };
    let e = ical::expand(&ics, far(1800), far(2400), tz, SPAN_LIMIT)
        .map_err(|e| format!("event {}: {e}", object.uid))?;
    if let Some(p) = e.problems.first() {
        return Err(p.clone());
    }
    let (Some(first), Some(last)) = (
        e.occurrences.first(),
        e.occurrences.iter().map(|o| o.end).max(),
    ) else {
        return Err(format!(
            "event {}: no occurrences (all excluded?)",
            object.uid
        ));
    };
    let open_ended =
        e.occurrences.len() >= SPAN_LIMIT || object.components.iter().any(|c| rule_never_ends(c));
    Ok(StoredObject {
        uid: object.uid.clone(),
        summary: first.summary.clone(),
        first_start: first.start.timestamp(),
        last_end: (!open_ended).then(|| last.timestamp()),
        recurring: first.recurring,
        ics,
    })
}

/// An RRULE with neither COUNT nor UNTIL.
fn rule_never_ends(component: &str) -> bool {
    component
        .replace("\r\n ", "")
        .lines()
        .filter(|l| l.to_ascii_uppercase().starts_with("RRULE"))
        .any(|l| {
            let l = l.to_ascii_uppercase();
            !l.contains("COUNT=") && !l.contains("UNTIL=")
        })
}

/// An occurrence and the calendar it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AgendaItem {
    pub calendar: String,
    #[serde(flatten)]
    pub occurrence: Occurrence,
}

/// Every occurrence overlapping `[from, to)`, by start.
pub fn agenda(
    store: &Store,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tz: Tz,
) -> Result<(Vec<AgendaItem>, Vec<String>)> {
    let objects = store.calendar_objects_between(from.timestamp(), to.timestamp())?;
    let calendars: HashMap<&str, &str> = objects
        .iter()
        .map(|(uid, _, cal)| (uid.as_str(), cal.as_str()))
        .collect();
    // One text for all candidates; `expand` takes it apart again per series.
    let text: String = objects.iter().map(|(_, ics, _)| ics.as_str()).collect();
    let limit = 100_000;
    let e = ical::expand(&text, from, to, tz, limit)?;
    let items = e
        .occurrences
        .into_iter()
        .map(|o: Occurrence| AgendaItem {
            calendar: calendars
                .get(o.uid.as_str())
                .copied()
                .unwrap_or_default()
                .to_string(),
            occurrence: o,
        })
        .collect();
    Ok((items, e.problems))
}
