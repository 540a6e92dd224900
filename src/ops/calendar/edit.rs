//! Adding and deleting events: `tempo cal add` (and the app's add prompt) and `cal delete`,
//! the latter for one occurrence, this and following, or the whole series. Edits are in
//! `change`.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::{
    EventDefaults, EventWritten, Result, Scope, Target, checks, conflicts, day_of, local_start,
    master_index, occurrence, parts, rules, save, stored_event, target, usage, writable,
};
use crate::calendar::Extent;
use crate::ical::event::{self as ev, Draft, Start};
use crate::ical::{self, CalendarObject, Component};
use crate::model::dates::When;
use crate::model::event_text::{self, EventText};
use crate::store::Store;

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
    match day {
        Some(day) => text.fall_on(day, &tz),
        None => checks::not_passed(&text, tz, now)?,
    }
    let what = format!("cal add {}", words.join(" "));
    store.undo_step(&what, now, |s| add_parsed(s, text, None, defaults, tz, now))
}

/// A new event from its parsed text (the app's add prompt, which placed it on its day).
pub fn add_event(
    store: &mut Store,
    text: EventText,
    defaults: &EventDefaults,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<EventWritten> {
    let what = format!("cal add {}", text.title);
    store.undo_step(&what, now, |s| add_parsed(s, text, None, defaults, tz, now))
}

pub(super) fn add_parsed(
    store: &mut Store,
    text: EventText,
    task: Option<String>,
    defaults: &EventDefaults,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<EventWritten> {
    let draft = draft_of(&text, task, defaults.minutes, tz)?;
    checks::named_calendar(store, &text)?;
    let calendar = text
        .calendar
        .clone()
        .unwrap_or_else(|| defaults.calendar.clone());
    writable(store, &calendar)?;
    write_new(store, draft, calendar, tz, now)
}

/// The event `text` describes: its start on a day its rule matches, its length, its rule
/// with a typed end date made inclusive.
fn draft_of(text: &EventText, task: Option<String>, default_minutes: u32, tz: Tz) -> Result<Draft> {
    let when = text.when.ok_or_else(|| {
        usage(format!(
            "“{}” needs a start: a day (tomorrow, fri, 2026-12-01) and a time for a timed event (tomorrow 9:30)",
            text.title
        ))
    })?;
    let start = rules::first_matching_day(local_start(when, tz), text.rrule.as_deref());
    Ok(Draft {
        summary: text.title.clone(),
        location: text.location.clone(),
        description: text.notes.clone(),
        start,
        minutes: length(text, start, default_minutes)?,
        rrule: text
            .rrule
            .as_deref()
            .map(|r| rules::typed_until(r, start, tz)),
        alarms: text.reminders.clone().unwrap_or_default(),
        task,
    })
}

/// Stores a new event in `calendar` and reports it with the events it overlaps.
fn write_new(
    store: &mut Store,
    draft: Draft,
    calendar: String,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<EventWritten> {
    let minutes = draft.minutes;
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
    let at = |t: i64| Utc.timestamp_opt(t, 0).single().unwrap_or(now);
    Ok(EventWritten {
        id: row.id,
        uid,
        summary: stored.summary,
        calendar,
        start: at(stored.first_start),
        end: at(stored.first_start + i64::from(minutes) * 60),
        all_day: stored.all_day,
        rrule: draft.rrule,
        conflicts,
    })
}

/// The length in minutes: from an explicit end time, a duration, or the default.
pub(super) fn length(text: &EventText, start: Start, default: u32) -> Result<u32> {
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

/// What a delete did, for the report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Deleted {
    pub id: i64,
    pub summary: String,
    pub scope: Extent,
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
    let extent = match scope {
        Scope::All => {
            store.delete_calendar_object(found.row.calendar_id, &found.row.uid)?;
            Extent::All
        }
        Scope::One(when) => delete_one(store, &found, when, tz, now)?,
        Scope::Following(when) => delete_following(store, &found, when, tz, now)?,
    };
    Ok(Deleted {
        id: found.row.id,
        summary: found.row.summary,
        scope: extent,
    })
}

/// Removes the occurrence at `when`: an override goes (its date excluded from the series),
/// else the master excludes the date. The last occurrence takes the event with it.
fn delete_one(
    store: &mut Store,
    found: &Target,
    when: When,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Extent> {
    let Target { row, object } = found;
    let mut parts = parts(object)?;
    let m = master_index(&parts);
    let o = occurrence(object, row, when, tz)?;
    if o.part != m && parts[o.part].get("RECURRENCE-ID").is_some() {
        let line = ev::exdate_for_override(&parts[o.part]);
        parts.remove(o.part);
        let m = master_index(&parts);
        if let Some(l) = line {
            parts[m].push(l);
        }
    } else {
        ev::exclude(&mut parts[m], o.start, day_of(&o, tz), tz);
    }
    let m = master_index(&parts);
    ev::touch(&mut parts[m], now);
    if save(store, row, &row.uid, &parts, &object.timezones, tz, now).is_err() {
        // Nothing left: the last occurrence went.
        store.delete_calendar_object(row.calendar_id, &row.uid)?;
    }
    Ok(Extent::One)
}

/// Ends the series before the occurrence at `when` (from the first one: the whole event).
fn delete_following(
    store: &mut Store,
    found: &Target,
    when: When,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Extent> {
    let Target { row, object } = found;
    let mut parts = parts(object)?;
    let m = master_index(&parts);
    let o = occurrence(object, row, when, tz)?;
    if o.start.timestamp() <= row.first_start {
        store.delete_calendar_object(row.calendar_id, &row.uid)?;
        return Ok(Extent::All);
    }
    ev::end_before(&mut parts[m], o.start, day_of(&o, tz));
    ev::touch(&mut parts[m], now);
    let kept = drop_overrides_from(parts, m, o.start, tz);
    save(store, row, &row.uid, &kept, &object.timezones, tz, now)?;
    Ok(Extent::Following)
}

/// Keeps the master and the overrides of occurrences before `cut`.
pub(super) fn drop_overrides_from(
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
