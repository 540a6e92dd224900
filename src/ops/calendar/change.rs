//! `tempo cal edit` and the app's edit prompt: changes to one occurrence, to this and the
//! following ones (the series is split), or to the whole series (moved by as much as the
//! occurrence the edit is anchored on).

use chrono::{DateTime, Days, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::edit::{drop_overrides_from, length};
use super::{
    EventWritten, Result, Scope, Target, checks, conflicts, day_of, local_start, master_index,
    occurrence, parts, rules, save, target, usage,
};
use crate::ical::event::{self as ev, Start};
use crate::ical::{CalendarObject, Component, Occurrence};
use crate::model::dates::{When, local_instant};
use crate::model::event_text::{self, EventText};
use crate::store::{ObjectRow, Store};

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

/// Where and how long the edited occurrence is, before and after.
struct Retime {
    /// The anchor's start as it was.
    was: Start,
    was_minutes: u32,
    start: Start,
    minutes: u32,
    /// The start or the length changes.
    changes: bool,
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
    let anchor = anchor_of(&object, &row, scope, tz, now)?;
    let times = retime(&changes, &anchor, tz)?;
    let mut uid = row.uid.clone();
    let m = master_index(&parts);
    match scope {
        Scope::All => {
            let first = Utc
                .timestamp_opt(row.first_start, 0)
                .single()
                .unwrap_or(now);
            let master_start = shifted(first, &times, tz);
            apply(&mut parts[m], &changes, &times, master_start, tz, now);
            if let Some(rule) = &changes.rrule {
                let rule = rules::typed_until(rule, master_start, tz);
                parts[m].set("RRULE", Some(format!("RRULE:{rule}")));
            }
        }
        Scope::One(_) => edit_one(&mut parts, &anchor, &changes, &times, tz, now),
        Scope::Following(_) if anchor.start.timestamp() <= row.first_start => {
            return edit_in(store, key, changes, Scope::All, tz, now);
        }
        Scope::Following(_) => {
            let (next_uid, next) =
                split_at(store, &row, &object, &anchor, &changes, &times, tz, now)?;
            (uid, parts) = (next_uid, vec![next]);
        }
    }
    let timezones = if uid == row.uid {
        object.timezones.clone()
    } else {
        Vec::new()
    };
    save(store, &row, &uid, &parts, &timezones, tz, now)?;
    written(store, &row, uid, &changes, &anchor, &times, scope, tz)
}

/// The occurrence the edit is anchored on: the one named, or the first.
fn anchor_of(
    object: &CalendarObject,
    row: &ObjectRow,
    scope: Scope,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Occurrence> {
    match scope {
        Scope::One(w) | Scope::Following(w) => occurrence(object, row, w, tz),
        Scope::All => {
            let first = Utc
                .timestamp_opt(row.first_start, 0)
                .single()
                .unwrap_or(now);
            occurrence(object, row, When::At(first), tz)
        }
    }
}

/// The anchor's new start and length: a time alone keeps its day, a day alone keeps a timed
/// event's time; an all-day event given a time lasts an hour unless a length is given.
fn retime(changes: &EventText, anchor: &Occurrence, tz: Tz) -> Result<Retime> {
    let was_minutes = ((anchor.end - anchor.start).num_minutes().max(0)) as u32;
    let local = anchor.start.with_timezone(&tz);
    let new_start = match (changes.when, changes.time_only) {
        (None, _) => None,
        (Some(When::At(t)), true) => {
            let time = t.with_timezone(&tz).time();
            Some(Start::At(local.date_naive().and_time(time)))
        }
        (Some(When::Day(d)), _) if !anchor.all_day => Some(Start::At(d.and_time(local.time()))),
        (Some(w), _) => Some(local_start(w, tz)),
    };
    let was = if anchor.all_day {
        Start::Day(local.date_naive())
    } else {
        Start::At(local.naive_local())
    };
    let start = new_start.unwrap_or(was);
    let minutes = if changes.until_time.is_some() || changes.minutes.is_some() {
        length(changes, start, was_minutes)?
    } else if matches!(start, Start::Day(_)) && !anchor.all_day {
        1440
    } else if matches!(start, Start::At(_)) && anchor.all_day {
        60
    } else {
        was_minutes
    };
    Ok(Retime {
        was,
        was_minutes,
        start,
        minutes,
        changes: new_start.is_some() || minutes != was_minutes,
    })
}

/// The series' first start moved by as much as the anchor moved.
fn shifted(first: DateTime<Utc>, times: &Retime, tz: Tz) -> Start {
    match (times.start, times.was, times.changes) {
        (Start::At(new), Start::At(old), true) => {
            Start::At(first.with_timezone(&tz).naive_local() + (new - old))
        }
        (Start::Day(new), Start::Day(old), true) => {
            let d = first.with_timezone(&tz).date_naive();
            Start::Day(d + TimeDelta::days((new - old).num_days()))
        }
        (s, _, _) => s,
    }
}

/// Writes the changes into one component (the master, an override, or a new series).
fn apply(
    c: &mut Component,
    changes: &EventText,
    times: &Retime,
    start: Start,
    tz: Tz,
    now: DateTime<Utc>,
) {
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
    if times.changes {
        ev::set_times(c, start, times.minutes, tz.name());
    }
    ev::touch(c, now);
}

/// One occurrence: its override changes, or a new override is made from the master.
fn edit_one(
    parts: &mut Vec<Component>,
    anchor: &Occurrence,
    changes: &EventText,
    times: &Retime,
    tz: Tz,
    now: DateTime<Utc>,
) {
    let m = master_index(parts);
    if anchor.part != m && parts[anchor.part].get("RECURRENCE-ID").is_some() {
        apply(
            &mut parts[anchor.part],
            changes,
            times,
            times.start,
            tz,
            now,
        );
        return;
    }
    let mut over = ev::override_of(&parts[m], anchor.start, day_of(anchor, tz), tz);
    if !times.changes {
        ev::set_times(&mut over, times.was, times.was_minutes, tz.name());
    }
    apply(&mut over, changes, times, times.start, tz, now);
    parts.push(over);
}

/// This and the following occurrences: the old series ends before the anchor (and is saved);
/// a new one, returned with its UID, starts there with the changes.
#[expect(
    clippy::too_many_arguments,
    reason = "the parts of one edit, each used once"
)]
fn split_at(
    store: &mut Store,
    row: &ObjectRow,
    object: &CalendarObject,
    anchor: &Occurrence,
    changes: &EventText,
    times: &Retime,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<(String, Component)> {
    let mut parts = parts(object)?;
    let m = master_index(&parts);
    let mut next = parts[m].clone();
    let before = rules::generated_before(&parts[m], &row.uid, &object.timezones, anchor.start, tz)?;
    ev::end_before(&mut parts[m], anchor.start, day_of(anchor, tz));
    ev::touch(&mut parts[m], now);
    let kept = drop_overrides_from(parts, m, anchor.start, tz);
    save(store, row, &row.uid, &kept, &object.timezones, tz, now)?;
    let uid = Uuid::new_v4().to_string();
    next.set("UID", Some(format!("UID:{uid}")));
    next.set("EXDATE", None);
    next.set("RDATE", None);
    if let Some(rule) = next.get("RRULE").map(|l| l.value.to_string()) {
        next.set(
            "RRULE",
            Some(format!("RRULE:{}", count_left(&rule, before))),
        );
    }
    if let Some(rule) = &changes.rrule {
        let rule = rules::typed_until(rule, times.start, tz);
        next.set("RRULE", Some(format!("RRULE:{rule}")));
    }
    ev::set_times(&mut next, times.start, times.minutes, tz.name());
    apply(&mut next, changes, times, times.start, tz, now);
    Ok((uid, next))
}

/// A rule's COUNT less the `before` occurrences the old series keeps (at least one).
fn count_left(rule: &str, before: usize) -> String {
    rule.split(';')
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
        .join(";")
}

/// What the edit wrote, with the events the touched occurrences now overlap.
#[expect(
    clippy::too_many_arguments,
    reason = "the parts of one edit, each used once"
)]
fn written(
    store: &mut Store,
    row: &ObjectRow,
    uid: String,
    changes: &EventText,
    anchor: &Occurrence,
    times: &Retime,
    scope: Scope,
    tz: Tz,
) -> Result<EventWritten> {
    let saved = store.calendar_object_at(row.calendar_id, &uid)?;
    let (start, end) = span(times.start, times.minutes, tz);
    // Only the occurrences this edit touched: one, or those from it on.
    let touched = match scope {
        Scope::One(_) => Some((start, start + TimeDelta::seconds(1))),
        Scope::Following(_) => Some((start, start + TimeDelta::days(90))),
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
        start,
        end,
        all_day: matches!(times.start, Start::Day(_)),
        rrule: None,
        conflicts,
    })
}

/// The instants a start and length cover (whole days for an all-day start).
fn span(start: Start, minutes: u32, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    match start {
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
    }
}
