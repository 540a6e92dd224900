//! Calendar operations shared by the command line and the TUI: importing and exporting
//! iCalendar, the agenda of a window (events, due tasks, conflicts), adding, editing and
//! deleting events (one occurrence, this and following, or all), and time blocks for tasks.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::{Result, usage};
use crate::calendar::mark_overlaps;
pub use crate::calendar::{AgendaItem, ItemKind, Scope, overlapping};
use crate::ical::event::{self as ev, Draft, Start};
use crate::ical::{self, CalendarObject, Component, Occurrence};
use crate::model::dates::{When, local_instant};
use crate::model::event_text::{self, EventText};
use crate::model::{Change, Task};
use crate::store::{ObjectRow, ObjectsWritten, Store, StoredObject};

mod blocks;
mod checks;
mod conflicts;
mod export;
mod rules;
mod todo_fields;
mod todo_import;

pub use blocks::{block, block_now, block_on, block_session};
pub use conflicts::Conflict;
pub use export::export;
use todo_import::{is_problem, todo_task};

/// How many instances one object may expand to when its span is measured; a series longer than
/// this is treated as open-ended (always considered for a window).
const SPAN_LIMIT: usize = 5000;

/// The calendar time blocks go to unless one is named.
pub const BLOCKS_CALENDAR: &str = "blocks";

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

/// Every occurrence overlapping `[from, to)` by start, with overlapping timed events marked.
/// Due and scheduled tasks are added when `tasks` is true.
pub fn agenda(
    store: &Store,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tz: Tz,
    tasks: bool,
) -> Result<(Vec<AgendaItem>, Vec<String>)> {
    // All-day and floating rows were placed with the zone at import; a day of slack on each
    // side lets a different zone still find them, and expansion then cuts exactly.
    let rows =
        store.calendar_objects_between(from.timestamp() - 86_400, to.timestamp() + 86_400)?;
    let mut items = Vec::new();
    let mut problems = Vec::new();
    for row in rows {
        let occurrences = match (&row.ics, row.all_day) {
            (None, Some(all_day)) => single(&row, all_day, from, to),
            (Some(ics), _) => {
                // Expanded a day past the window: a candidate found through the slack above
                // may start after `to`, and a rule bounded before its own start is invalid.
                let e = ical::expand(ics, from, to + TimeDelta::days(2), tz, 100_000)?;
                problems.extend(e.problems);
                e.occurrences.into_iter().filter(|o| o.start < to).collect()
            }
            (None, None) => Vec::new(),
        };
        items.extend(occurrences.into_iter().map(|o| item(&row, o)));
    }
    if tasks {
        items.extend(task_items(store, from, to)?);
    }
    items.sort_by(|a, b| {
        (a.occurrence.start, &a.occurrence.uid).cmp(&(b.occurrence.start, &b.occurrence.uid))
    });
    mark_overlaps(&mut items);
    Ok((items, problems))
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
fn single(
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
        .map_err(|e| anyhow::anyhow!("task window filter: {}", e.message))?;
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

fn writable(store: &Store, calendar: &str) -> Result<()> {
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

/// `tempo cal add WORDS…`.
pub fn add(
    store: &mut Store,
    words: &[String],
    defaults: &EventDefaults,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<EventWritten> {
    add_on(store, words, None, defaults, tz, now)
}

/// `add`, where a time alone (`Lunch 12:30`) or no date at all (`Dentist`: all day) falls on
/// `day` — the day selected in the calendar pane.
pub fn add_on(
    store: &mut Store,
    words: &[String],
    day: Option<NaiveDate>,
    defaults: &EventDefaults,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<EventWritten> {
    let mut text = event_text::parse(words, &now.with_timezone(&tz)).map_err(|e| usage(e.0))?;
    if day.is_none() {
        checks::not_passed(&text, tz, now)?;
    }
    on_day(&mut text, day, tz);
    let what = format!("cal add {}", words.join(" "));
    store.undo_step(&what, now, |s| add_parsed(s, text, None, defaults, tz, now))
}

fn on_day(text: &mut EventText, day: Option<NaiveDate>, tz: Tz) {
    let Some(day) = day else { return };
    match text.when {
        Some(When::At(t)) if text.time_only => {
            let time = t.with_timezone(&tz).time();
            text.when = Some(When::At(local_instant(&tz, day.and_time(time))));
        }
        None => text.when = Some(When::Day(day)),
        _ => {}
    }
}

fn add_parsed(
    store: &mut Store,
    text: EventText,
    task: Option<String>,
    defaults: &EventDefaults,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<EventWritten> {
    let when = text.when.ok_or_else(|| {
        usage(format!(
            "“{}” needs a start: a day (tomorrow, fri, 2026-12-01) and a time for a timed event (tomorrow 9:30)",
            text.title
        ))
    })?;
    let start = rules::first_matching_day(local_start(when, tz), text.rrule.as_deref());
    let rrule = text
        .rrule
        .as_deref()
        .map(|r| rules::typed_until(r, start, tz));
    let minutes = length(&text, start, defaults.minutes)?;
    checks::named_calendar(store, &text)?;
    let calendar = text
        .calendar
        .clone()
        .unwrap_or_else(|| defaults.calendar.clone());
    writable(store, &calendar)?;
    let draft = Draft {
        summary: text.title.clone(),
        location: text.location.clone(),
        description: text.notes.clone(),
        start,
        minutes,
        rrule: rrule.clone(),
        alarms: text.reminders.clone().unwrap_or_default(),
        task,
    };
    let uid = Uuid::new_v4().to_string();
    let component = ev::new_event(&draft, &uid, tz.name(), now);
    let object = CalendarObject {
        uid: uid.clone(),
        kind: "VEVENT".into(),
        components: vec![component.to_text()],
        timezones: Vec::new(),
        line: 0,
    };
    let stored = stored_event(&object, tz).map_err(usage)?;
    let id = store.calendar_id(&calendar)?;
    store.put_calendar_objects(id, std::slice::from_ref(&stored), now.timestamp())?;
    let row = store.calendar_object_at(id, &uid)?;
    let conflicts = conflicts::of(store, &row, None, tz)?;
    Ok(EventWritten {
        id: row.id,
        uid,
        summary: stored.summary,
        calendar,
        start: Utc
            .timestamp_opt(stored.first_start, 0)
            .single()
            .unwrap_or(now),
        end: Utc
            .timestamp_opt(stored.first_start + i64::from(minutes) * 60, 0)
            .single()
            .unwrap_or(now),
        all_day: stored.all_day,
        rrule,
        conflicts,
    })
}

/// The length in minutes: from an explicit end time, a duration, or the default.
fn length(text: &EventText, start: Start, default: u32) -> Result<u32> {
    match (start, text.until_time, text.minutes) {
        (Start::At(t), Some(end), _) => {
            let m = (end - t.time()).num_minutes();
            if m <= 0 {
                return Err(usage(format!(
                    "the event ends ({}) before it starts ({})",
                    end.format("%H:%M"),
                    t.format("%H:%M")
                )));
            }
            Ok(m as u32)
        }
        (Start::At(_), None, Some(m)) => Ok(m),
        (Start::At(_), None, None) => Ok(default),
        (Start::Day(_), _, Some(m)) => Ok(m.div_ceil(1440).max(1) * 1440),
        (Start::Day(_), _, None) => Ok(1440),
    }
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
    let row = store
        .calendar_object(key)
        .map_err(|e| usage(e.to_string()))?;
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

/// What a delete did, for the report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Deleted {
    pub id: i64,
    pub summary: String,
    /// "all", "one" or "following".
    pub scope: &'static str,
}

/// `tempo cal delete KEY [--at DAY | --from DAY]`.
pub fn delete(
    store: &mut Store,
    key: &str,
    scope: Scope,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Deleted> {
    let what = format!("cal delete {key}");
    store.undo_step(&what, now, |s| delete_in(s, key, scope, tz, now))
}

fn delete_in(
    store: &mut Store,
    key: &str,
    scope: Scope,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Deleted> {
    let found = target(store, key)?;
    let scope = checks::scope_for(&found, scope, tz)?;
    let Target { row, object } = found;
    let mut parts = parts(&object)?;
    let summary = row.summary.clone();
    let done = |scope| Deleted {
        id: row.id,
        summary: summary.clone(),
        scope,
    };
    let m = master_index(&parts);
    match scope {
        Scope::All => {
            store.delete_calendar_object(row.calendar_id, &row.uid)?;
            Ok(done("all"))
        }
        Scope::One(when) => {
            let o = occurrence(&object, &row, when, tz)?;
            if o.part != m && parts[o.part].get("RECURRENCE-ID").is_some() {
                let line = ev::exdate_for_override(&parts[o.part]);
                parts.remove(o.part);
                let m = master_index(&parts);
                if let Some(l) = line {
                    parts[m].push(l);
                }
                ev::touch(&mut parts[m], now);
            } else {
                ev::exclude(&mut parts[m], o.start, day_of(&o, tz), tz);
                ev::touch(&mut parts[m], now);
            }
            if save(store, &row, &row.uid, &parts, &object.timezones, tz, now).is_err() {
                // Nothing left: the last occurrence went.
                store.delete_calendar_object(row.calendar_id, &row.uid)?;
            }
            Ok(done("one"))
        }
        Scope::Following(when) => {
            let o = occurrence(&object, &row, when, tz)?;
            if o.start.timestamp() <= row.first_start {
                store.delete_calendar_object(row.calendar_id, &row.uid)?;
                return Ok(done("all"));
            }
            ev::end_before(&mut parts[m], o.start, day_of(&o, tz));
            ev::touch(&mut parts[m], now);
            let cut = o.start;
            let kept = drop_overrides_from(parts, m, cut, tz);
            save(store, &row, &row.uid, &kept, &object.timezones, tz, now)?;
            Ok(done("following"))
        }
    }
}

/// Keeps the master and the overrides of occurrences before `cut`.
fn drop_overrides_from(
    parts: Vec<Component>,
    master: usize,
    cut: DateTime<Utc>,
    tz: Tz,
) -> Vec<Component> {
    parts
        .into_iter()
        .enumerate()
        .filter(|(i, c)| {
            *i == master
                || c.get("RECURRENCE-ID")
                    .and_then(|l| ical::todo::instant(&l, tz, false))
                    .is_none_or(|t| t < cut)
        })
        .map(|(_, c)| c)
        .collect()
}

/// `tempo cal edit KEY [--at DAY | --from DAY] WORDS…`: words as for `cal add`, every part
/// optional (a title replaces the title, `fri 10:00` moves, `45m` changes the length…).
pub fn edit(
    store: &mut Store,
    key: &str,
    words: &[String],
    scope: Scope,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<EventWritten> {
    let what = format!("cal edit {key} {}", words.join(" "));
    store.undo_step(&what, now, |s| edit_in(s, key, words, scope, tz, now))
}

fn edit_in(
    store: &mut Store,
    key: &str,
    words: &[String],
    scope: Scope,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<EventWritten> {
    let changes =
        event_text::parse_changes(words, &now.with_timezone(&tz)).map_err(|e| usage(e.0))?;
    let found = target(store, key)?;
    let scope = checks::scope_for(&found, scope, tz)?;
    let Target { row, object } = found;
    let mut parts = parts(&object)?;
    let m = master_index(&parts);
    // The occurrence the edit is anchored on: the one named, or the first.
    let anchor = match scope {
        Scope::One(w) | Scope::Following(w) => occurrence(&object, &row, w, tz)?,
        Scope::All => {
            let first = Utc
                .timestamp_opt(row.first_start, 0)
                .single()
                .unwrap_or(now);
            occurrence(&object, &row, When::At(first), tz)?
        }
    };
    let length_now = ((anchor.end - anchor.start).num_minutes().max(0)) as u32;
    let new_start = match (changes.when, changes.time_only) {
        (None, _) => None,
        (Some(When::At(t)), true) => {
            // A time alone keeps the occurrence's day.
            let time = t.with_timezone(&tz).time();
            let day = anchor.start.with_timezone(&tz).date_naive();
            Some(Start::At(day.and_time(time)))
        }
        (Some(When::Day(d)), _) if !anchor.all_day => Some(Start::At(
            d.and_time(anchor.start.with_timezone(&tz).time()),
        )),
        (Some(w), _) => Some(local_start(w, tz)),
    };
    let anchor_start = if anchor.all_day {
        Start::Day(anchor.start.with_timezone(&tz).date_naive())
    } else {
        Start::At(anchor.start.with_timezone(&tz).naive_local())
    };
    let start = new_start.unwrap_or(anchor_start);
    let minutes = if changes.until_time.is_some() || changes.minutes.is_some() {
        length(&changes, start, length_now)?
    } else if matches!(start, Start::Day(_)) && !anchor.all_day {
        1440
    } else if matches!(start, Start::At(_)) && anchor.all_day {
        60
    } else {
        length_now
    };
    let times_change = new_start.is_some() || minutes != length_now;
    let apply = |c: &mut Component, start: Start| {
        if !changes.title.trim().is_empty() {
            c.set_text("SUMMARY", Some(&changes.title));
        }
        if let Some(l) = &changes.location {
            c.set_text("LOCATION", Some(l));
        }
        if let Some(n) = &changes.notes {
            c.set_text("DESCRIPTION", Some(n));
        }
        if let Some(r) = &changes.reminders {
            let summary = c.text("SUMMARY").unwrap_or_default();
            ev::set_alarms(c, r, &summary);
        }
        if times_change {
            ev::set_times(c, start, minutes, tz.name());
        }
        ev::touch(c, now);
    };
    let mut uid = row.uid.clone();
    match scope {
        Scope::All => {
            // Moving the whole series moves its first start by as much as the anchor moved.
            let master_start = match (start, anchor_start, times_change) {
                (Start::At(new), Start::At(old), true) => {
                    let first = Utc
                        .timestamp_opt(row.first_start, 0)
                        .single()
                        .unwrap_or(now);
                    Start::At(first.with_timezone(&tz).naive_local() + (new - old))
                }
                (Start::Day(new), Start::Day(old), true) => {
                    let first = Utc
                        .timestamp_opt(row.first_start, 0)
                        .single()
                        .unwrap_or(now);
                    let d = first.with_timezone(&tz).date_naive();
                    Start::Day(d + TimeDelta::days((new - old).num_days()))
                }
                (s, _, _) => s,
            };
            apply(&mut parts[m], master_start);
            if let Some(rule) = &changes.rrule {
                let rule = rules::typed_until(rule, master_start, tz);
                parts[m].set("RRULE", Some(format!("RRULE:{rule}")));
            }
        }
        Scope::One(_) => {
            if anchor.part != m && parts[anchor.part].get("RECURRENCE-ID").is_some() {
                apply(&mut parts[anchor.part], start);
            } else {
                let mut over = ev::override_of(&parts[m], anchor.start, day_of(&anchor, tz), tz);
                if !times_change {
                    ev::set_times(&mut over, anchor_start, length_now, tz.name());
                }
                apply(&mut over, start);
                parts.push(over);
            }
        }
        Scope::Following(_) => {
            if anchor.start.timestamp() <= row.first_start {
                return edit_in(store, key, words, Scope::All, tz, now);
            }
            // The old series ends before the anchor; a new one starts there with the changes.
            let mut next = parts[m].clone();
            let before =
                rules::generated_before(&parts[m], &row.uid, &object.timezones, anchor.start, tz)?;
            ev::end_before(&mut parts[m], anchor.start, day_of(&anchor, tz));
            ev::touch(&mut parts[m], now);
            let kept = drop_overrides_from(parts.clone(), m, anchor.start, tz);
            save(store, &row, &row.uid, &kept, &object.timezones, tz, now)?;
            uid = Uuid::new_v4().to_string();
            next.set("UID", Some(format!("UID:{uid}")));
            next.set("EXDATE", None);
            next.set("RDATE", None);
            if let Some(rule) = next.get("RRULE").map(|l| l.value.to_string()) {
                let rule = rule
                    .split(';')
                    .map(|p| match p.split_once('=') {
                        Some((k, v)) if k.eq_ignore_ascii_case("COUNT") => {
                            let left = v
                                .parse::<usize>()
                                .unwrap_or(1)
                                .saturating_sub(before)
                                .max(1);
                            format!("COUNT={left}")
                        }
                        _ => p.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(";");
                next.set("RRULE", Some(format!("RRULE:{rule}")));
            }
            if let Some(rule) = &changes.rrule {
                let rule = rules::typed_until(rule, start, tz);
                next.set("RRULE", Some(format!("RRULE:{rule}")));
            }
            let len_before = minutes;
            ev::set_times(&mut next, start, len_before, tz.name());
            apply(&mut next, start);
            parts = vec![next];
        }
    }
    let timezones = if uid == row.uid {
        object.timezones.clone()
    } else {
        Vec::new()
    };
    save(store, &row, &uid, &parts, &timezones, tz, now)?;
    let saved = store.calendar_object_at(row.calendar_id, &uid)?;
    let (start_utc, end_utc) = match start {
        Start::At(t) => {
            let s = local_instant(&tz, t);
            (s, s + TimeDelta::minutes(i64::from(minutes)))
        }
        Start::Day(d) => {
            let last = d + Days::new(u64::from(minutes.div_ceil(1440).max(1)));
            (
                local_instant(&tz, d.and_time(NaiveTime::MIN)),
                local_instant(&tz, last.and_time(NaiveTime::MIN)),
            )
        }
    };
    // Only the occurrences this edit touched: one, or those from it on.
    let touched = match scope {
        Scope::One(_) => Some((start_utc, start_utc + TimeDelta::seconds(1))),
        Scope::Following(_) => Some((start_utc, start_utc + TimeDelta::days(90))),
        Scope::All => None,
    };
    let conflicts = conflicts::of(store, &saved, touched, tz)?;
    Ok(EventWritten {
        id: saved.id,
        uid,
        summary: match (changes.title.trim().is_empty(), scope) {
            (false, _) => changes.title.clone(),
            (true, Scope::One(_)) => anchor.summary.clone(),
            (true, _) => saved.summary,
        },
        calendar: saved.calendar,
        start: start_utc,
        end: end_utc,
        all_day: matches!(start, Start::Day(_)),
        rrule: None,
        conflicts,
    })
}
