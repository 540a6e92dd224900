//! Time blocks: events linked to a task (`tempo block TASK WHEN [LENGTH]`), and the block in
//! progress, which a focus session started inside it is for.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;

use super::edit::add_parsed;
use super::{EventDefaults, EventWritten, ItemKind, agenda};
use crate::model::Task;
use crate::model::event_text::{self, EventText};
use crate::model::focus::{MAX_MINUTES, MIN_MINUTES};
use crate::model::selector::TaskRef;
use crate::ops::{Result, usage};
use crate::store::Store;

/// `tempo block TASK WHEN LENGTH`: a time block for a task, an event linked to it.
pub fn block(
    store: &mut Store,
    task: &TaskRef,
    words: &[String],
    defaults: &EventDefaults,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<EventWritten> {
    block_on(store, task, words, None, defaults, tz, now)
}

/// `block`, where a time alone falls on `day`.
pub fn block_on(
    store: &mut Store,
    task: &TaskRef,
    words: &[String],
    day: Option<NaiveDate>,
    defaults: &EventDefaults,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<EventWritten> {
    let block =
        event_text::parse_block(words, day, &now.with_timezone(&tz)).map_err(|e| usage(e.0))?;
    block_event(store, task, block, defaults, tz, now)
}

/// A time block already parsed (by `parse_block`) for the one open task `task` names.
pub fn block_event(
    store: &mut Store,
    task: &TaskRef,
    block: EventText,
    defaults: &EventDefaults,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<EventWritten> {
    let t = open_task(store, task)?;
    let text = EventText {
        title: t.title.clone(),
        ..block
    };
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

/// The one open task `task` names.
fn open_task(store: &Store, task: &TaskRef) -> Result<Task> {
    let found = store.resolve_ref(task)?;
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
    Ok(t.clone())
}

/// The time block in progress at `now`, if any: its task's UUID, the minutes left (rounded
/// up) and a message saying so.
pub fn block_now(
    store: &Store,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<Option<(String, u32, String)>> {
    let (items, _) = agenda(store, now, now + TimeDelta::seconds(1), tz, false)?;
    Ok(items
        .into_iter()
        .filter(|i| {
            i.kind == ItemKind::Event && i.occurrence.start <= now && now < i.occurrence.end
        })
        .find_map(|i| {
            let (minutes, text) = block_session(i.occurrence.start, i.occurrence.end, now, &tz);
            i.task.map(|t| (t, minutes, text))
        }))
}

/// A focus session started from a time block starts now. Inside the block it runs until the
/// block ends; on a block that has not started (or is over) it runs for the block's planned
/// length, and the message says so, since "until it ends" would not be true. Returns the
/// session's length in minutes and the message.
pub fn block_session(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: &Tz,
) -> (u32, String) {
    let clamp = |secs: i64| {
        // Whole minutes, rounded up: a session never stops short of the block's end.
        let minutes = (secs + 59).div_euclid(60);
        minutes.clamp(i64::from(MIN_MINUTES), i64::from(MAX_MINUTES)) as u32
    };
    let hm = |t: DateTime<Utc>| t.with_timezone(tz).format("%H:%M").to_string();
    if start <= now && now < end {
        let minutes = clamp((end - now).num_seconds());
        (
            minutes,
            format!(
                "Focusing until the block ends at {} ({minutes} min)",
                hm(end)
            ),
        )
    } else {
        let minutes = clamp((end - start).num_seconds());
        let when = if now < start {
            let day = if start.with_timezone(tz).date_naive() == now.with_timezone(tz).date_naive()
            {
                String::new()
            } else {
                start.with_timezone(tz).format(" %a %-d %b").to_string()
            };
            format!("The block starts at {}{day}", hm(start))
        } else {
            "The block is over".to_string()
        };
        (
            minutes,
            format!("{when}: focusing now for its planned {minutes} min"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Berlin;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    #[test]
    fn inside_a_block_the_session_runs_until_it_ends() {
        let (minutes, text) = block_session(
            t("2026-11-22T09:00:00Z"),
            t("2026-11-22T10:00:00Z"),
            t("2026-11-22T09:30:00Z"),
            &Berlin,
        );
        assert_eq!(minutes, 30);
        assert_eq!(text, "Focusing until the block ends at 11:00 (30 min)");
        let (minutes, _) = block_session(
            t("2026-11-22T09:00:00Z"),
            t("2026-11-22T10:00:00Z"),
            t("2026-11-22T09:30:30Z"),
            &Berlin,
        );
        assert_eq!(minutes, 30, "rounded up to the end");
    }

    #[test]
    fn a_future_block_runs_for_its_planned_length_and_says_so() {
        let (minutes, text) = block_session(
            t("2026-11-23T13:00:00Z"),
            t("2026-11-23T14:30:00Z"),
            t("2026-11-22T09:30:00Z"),
            &Berlin,
        );
        assert_eq!(minutes, 90);
        assert_eq!(
            text,
            "The block starts at 14:00 Mon 23 Nov: focusing now for its planned 90 min"
        );
    }
}
