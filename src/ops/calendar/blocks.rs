//! Time blocks: events linked to a task (`tempo block TASK WHEN [LENGTH]`), and the block in
//! progress, which a focus session started inside it is for.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;

use super::{EventDefaults, EventWritten, ItemKind, add_parsed, agenda, on_day};
use crate::model::dates::When;
use crate::model::event_text;
use crate::ops::{Result, usage};
use crate::store::Store;

/// `tempo block TASK WHEN LENGTH`: a time block for a task, an event linked to it.
pub fn block(
    store: &mut Store,
    task: &str,
    words: &[String],
    defaults: &EventDefaults,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<EventWritten> {
    block_on(store, task, words, None, defaults, tz, now)
}

/// `block`, where a time alone falls on `day`.
#[allow(clippy::too_many_arguments)]
pub fn block_on(
    store: &mut Store,
    task: &str,
    words: &[String],
    day: Option<NaiveDate>,
    defaults: &EventDefaults,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<EventWritten> {
    let found = store.resolve(task)?;
    let [listed] = found.as_slice() else {
        return Err(usage(if found.is_empty() {
            format!("no task matches `{task}`")
        } else {
            format!(
                "`{task}` matches {} tasks; block one at a time",
                found.len()
            )
        }));
    };
    let t = &listed.task;
    if !t.status.is_open() {
        return Err(usage(format!(
            "task {} is {}; nothing to block time for",
            t.id,
            t.status.as_str()
        )));
    }
    let mut text =
        event_text::parse_changes(words, &now.with_timezone(&tz)).map_err(|e| usage(e.0))?;
    if !text.title.trim().is_empty() {
        return Err(usage(format!(
            "cannot read `{}` as a time: block TASK WHEN [LENGTH], e.g. tempo block 12 tomorrow 14:00 90m",
            text.title
        )));
    }
    text.title = t.title.clone();
    if text.when.is_some() {
        on_day(&mut text, day, tz);
    }
    if matches!(text.when, Some(When::Day(_))) {
        return Err(usage(
            "a block needs a time of day: tempo block 12 tomorrow 14:00 90m",
        ));
    }
    let defaults = EventDefaults {
        calendar: text
            .calendar
            .clone()
            .unwrap_or_else(|| defaults.calendar.clone()),
        minutes: t.estimate_minutes.unwrap_or(defaults.minutes),
    };
    let (what, task) = (format!("block {task}"), t.uuid.to_string());
    store.undo_step(&what, now, |s| {
        add_parsed(s, text, Some(task), &defaults, tz, now)
    })
}

/// The time block in progress at `now`, if any: its task's UUID and the minutes left.
pub fn block_now(store: &Store, now: DateTime<Utc>, tz: Tz) -> Result<Option<(String, u32)>> {
    let (items, _) = agenda(store, now, now + TimeDelta::seconds(1), tz, false)?;
    Ok(items
        .into_iter()
        .filter(|i| {
            i.kind == ItemKind::Event && i.occurrence.start <= now && now < i.occurrence.end
        })
        .find_map(|i| {
            let left = (i.occurrence.end - now).num_minutes().clamp(1, 180) as u32;
            i.task.map(|t| (t, left))
        }))
}
