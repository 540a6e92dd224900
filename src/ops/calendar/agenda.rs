//! The agenda of a window: the occurrences of stored events, due and scheduled tasks, and
//! which timed events overlap.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use super::{AgendaItem, ItemKind, Result};
use crate::calendar::mark_overlaps;
use crate::ical::{self, Occurrence};
use crate::store::{ObjectRow, Store};

/// Every occurrence overlapping `[from, to)` by start, with overlapping timed events marked.
/// Due and scheduled tasks are added when `tasks` is true.
pub fn agenda(
    store: &Store,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tz: Tz,
    tasks: bool,
) -> Result<(Vec<AgendaItem>, Vec<String>)> {
    agenda_from(store, from, to, tz, tasks, Expansions::Kept)
}

/// Where an agenda's recurring events come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expansions {
    /// The kept expansions, each expanded (and kept) when missing or too short.
    Kept,
    /// Every event expanded from its text: what the kept ones must always equal.
    #[cfg_attr(not(test), allow(dead_code))]
    Fresh,
}

/// The events of a window, each with its occurrences in it, and the problems met reading them.
#[derive(Debug, Default)]
pub(super) struct Found {
    pub(super) events: Vec<(ObjectRow, Vec<Occurrence>)>,
    pub(super) problems: Vec<String>,
}

pub(super) fn agenda_from(
    store: &Store,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tz: Tz,
    tasks: bool,
    expansions: Expansions,
) -> Result<(Vec<AgendaItem>, Vec<String>)> {
    // All-day and floating rows were placed with the zone at import; a day of slack on each
    // side lets a different zone still find them, and expansion then cuts exactly.
    let candidates = (from.timestamp() - 86_400, to.timestamp() + 86_400);
    let found = match expansions {
        Expansions::Kept => super::kept::events(store, candidates, (from, to), tz)?,
        Expansions::Fresh => None,
    };
    let found = match found {
        Some(found) => found,
        None => fresh(store, candidates, from, to, tz)?,
    };
    let mut items = Vec::new();
    for (row, occurrences) in found.events {
        items.extend(occurrences.into_iter().map(|o| item(&row, o)));
    }
    if tasks {
        items.extend(task_items(store, from, to)?);
    }
    items.sort_by(|a, b| {
        (a.occurrence.start, &a.occurrence.uid).cmp(&(b.occurrence.start, &b.occurrence.uid))
    });
    mark_overlaps(&mut items);
    Ok((items, found.problems))
}

/// Every candidate expanded from its text for the window.
fn fresh(
    store: &Store,
    (first, last): (i64, i64),
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tz: Tz,
) -> Result<Found> {
    let mut found = Found::default();
    for row in store.calendar_objects_between(first, last)? {
        let occurrences = match (&row.ics, row.all_day) {
            (None, Some(all_day)) => single(&row, all_day, from, to),
            (Some(ics), _) => {
                // Expanded a day past the window: a candidate found through the slack above
                // may start after `to`, and a rule bounded before its own start is invalid.
                let e = ical::expand(ics, from, to + TimeDelta::days(2), tz, super::kept::LIMIT)?;
                found.problems.extend(e.problems);
                e.occurrences.into_iter().filter(|o| o.start < to).collect()
            }
            (None, None) => Vec::new(),
        };
        found.events.push((row, occurrences));
    }
    Ok(found)
}

/// Whether `o` overlaps `[from, to)`, as expansion decides it: a zero-length event at `from`
/// counts.
pub(super) fn overlaps(o: &Occurrence, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
    o.start < to && (o.end > from || o.start >= from)
}

fn item(row: &ObjectRow, o: Occurrence) -> AgendaItem {
    AgendaItem {
        kind: ItemKind::Event,
        id: row.id,
        calendar: row.calendar.clone(),
        colour: row.colour.clone(),
        read_only: row.read_only,
        occurrence: o,
        reminders: row.alarms.clone(),
        task: row.task_uuid.clone(),
        overlaps: 0,
    }
}

/// The one occurrence of a non-recurring event, from its row.
pub(super) fn single(
    row: &ObjectRow,
    all_day: bool,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Occurrence> {
    let (Some(start), Some(end)) = (
        Utc.timestamp_opt(row.first_start, 0).single(),
        row.last_end.and_then(|e| Utc.timestamp_opt(e, 0).single()),
    ) else {
        return Vec::new();
    };
    if start >= to || (end <= from && start < from) {
        return Vec::new();
    }
    vec![Occurrence {
        uid: row.uid.clone(),
        summary: row.summary.clone(),
        location: row.location.clone(),
        start,
        end,
        all_day,
        recurring: false,
        part: 0,
    }]
}

/// Open tasks with any of `fields` (`due`, `scheduled`) in `[from, to)`. The window goes to
/// SQL: an agenda or a reminder pass must not read every task of a big database.
pub(crate) fn open_tasks_between(
    store: &Store,
    fields: &[&str],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<crate::model::Task>> {
    let iso = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let (a, b) = (iso(from - TimeDelta::seconds(1)), iso(to));
    let window: Vec<String> = fields
        .iter()
        .map(|f| format!("{f}.after:\"{a}\" {f}.before:\"{b}\""))
        .collect();
    let text = format!("status:open ({})", window.join(" or "));
    let filter = crate::model::filter::parse(&text, &from)
        .map_err(|e| crate::ops::Error::Internal(format!("task window filter: {}", e.message)))?;
    let mut out = Vec::new();
    store.for_each(&filter, |l| {
        out.push(l.task);
        Ok::<(), crate::store::StoreError>(())
    })?;
    Ok(out)
}

fn task_items(store: &Store, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<AgendaItem>> {
    let mut out = Vec::new();
    for t in open_tasks_between(store, &["due", "scheduled"], from, to)? {
        if !t.status.is_open() {
            continue;
        }
        for (kind, at) in [(ItemKind::Due, t.due), (ItemKind::Scheduled, t.scheduled)] {
            let Some(at) = at.filter(|a| *a >= from && *a < to) else {
                continue;
            };
            out.push(AgendaItem {
                kind,
                id: t.id,
                calendar: String::new(),
                colour: String::new(),
                read_only: false,
                occurrence: Occurrence {
                    uid: t.uuid.to_string(),
                    summary: t.title.clone(),
                    location: None,
                    start: at,
                    end: at,
                    all_day: false,
                    recurring: t.recur.is_some(),
                    part: 0,
                },
                reminders: Vec::new(),
                task: Some(t.uuid.to_string()),
                overlaps: 0,
            });
        }
    }
    Ok(out)
}
