//! Adding, editing and deleting events: `tempo cal add`, `cal edit` and `cal delete`, the
//! latter two for one occurrence, this and following, or the whole series.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::{
    EventDefaults, EventWritten, Result, Scope, Target, checks, conflicts, day_of, local_start,
    master_index, occurrence, parts, rules, save, stored_event, target, usage, writable,
};
use crate::calendar::Extent;
use crate::ical::event::{self as ev, Draft, Start};
use crate::ical::{self, CalendarObject, Component};
use crate::model::dates::{When, local_instant};
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
        ev::touch(&mut parts[m], now);
    } else {
        ev::exclude(&mut parts[m], o.start, day_of(&o, tz), tz);
        ev::touch(&mut parts[m], now);
    }
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
    let changes =
        event_text::parse_changes(words, &now.with_timezone(&tz)).map_err(|e| usage(e.0))?;
    let what = format!("cal edit {key} {}", words.join(" "));
    store.undo_step(&what, now, |s| edit_in(s, key, changes, scope, tz, now))
}

/// Changes already parsed (the app's edit prompt) to the occurrences `scope` names.
pub fn edit_event(
    store: &mut Store,
    key: &str,
    changes: EventText,
    scope: Scope,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<EventWritten> {
    let what = format!("cal edit {key}");
    store.undo_step(&what, now, |s| edit_in(s, key, changes, scope, tz, now))
}

fn edit_in(
    store: &mut Store,
    key: &str,
    changes: EventText,
    scope: Scope,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<EventWritten> {
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
                return edit_in(store, key, changes.clone(), Scope::All, tz, now);
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
