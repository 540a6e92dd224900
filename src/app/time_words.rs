//! What is typed at the Time pane's prompts, read into typed operations with the CLI's own
//! parsers (`time::span_words`, `time::words`, `model::dates`), so the pane takes the same
//! words as `tempo track start`, `track add`, `time edit` and `time split`. A parse error is
//! returned as text for the prompt; no operation is sent.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use crate::msg::TimeOp;
use crate::ops::time::{EntryChange, EntrySpec};
use crate::time::span_words::{instant_on, parse_span};
use crate::time::words::parse_attrs;

/// `12 project:web +call Reviewing`: a task id first, attributes, and the other words as the
/// note (as `track start` reads them).
pub fn spec(words: &[String], activities: &[String]) -> Result<EntrySpec, String> {
    let (mut edit, rest) = parse_attrs(words, activities).map_err(|e| e.to_string())?;
    let (task, note_words) = match rest.split_first() {
        Some((first, tail)) if first.parse::<i64>().is_ok() => (Some(first.clone()), tail),
        _ => (None, rest.as_slice()),
    };
    if !note_words.is_empty() {
        if edit.note.is_some() {
            return Err(format!(
                "both note: and plain words (`{}`) give a note; use one",
                note_words.join(" ")
            ));
        }
        edit.note = Some(note_words.join(" "));
    }
    Ok(EntrySpec { task, edit })
}

pub fn start(text: &str, activities: &[String]) -> Result<TimeOp, String> {
    Ok(TimeOp::Start(spec(
        &crate::text::split_words(text)?,
        activities,
    )?))
}

/// `9:00-10:30 project:web`, `yesterday 14:00 for 45m 12 +call`.
pub fn backfill<Tz: TimeZone>(
    text: &str,
    now: &DateTime<Tz>,
    activities: &[String],
) -> Result<TimeOp, String> {
    let words = crate::text::split_words(text)?;
    let (span, rest) = parse_span(&words, now).map_err(|e| e.to_string())?;
    Ok(TimeOp::Add {
        spec: spec(&rest, activities)?,
        span,
    })
}

/// `start:9:15 end:10:00 task:12 project:web +tag`; a bare time is on `day`, the entry's day.
pub fn edit<Tz: TimeZone>(
    id: i64,
    text: &str,
    day: NaiveDate,
    now: &DateTime<Tz>,
    activities: &[String],
) -> Result<TimeOp, String> {
    let words = crate::text::split_words(text)?;
    let (edit, rest) = parse_attrs(&words, activities).map_err(|e| e.to_string())?;
    let mut change = EntryChange {
        edit,
        ..EntryChange::default()
    };
    for word in rest {
        let Some((key, value)) = word.split_once(':') else {
            return Err(format!(
                "`{word}` is not an attribute; use start: end: task: project: client: +tag -tag \
                 type: billable: note:"
            ));
        };
        match key.to_ascii_lowercase().as_str() {
            "start" => change.start = Some(instant(value, day, now)?),
            "end" => change.end = Some(instant(value, day, now)?),
            "task" => change.task = Some((!value.is_empty()).then(|| value.to_string())),
            _ => {
                return Err(format!(
                    "unknown attribute `{key}:`; use start: end: task: project: client: type: \
                     billable: note:"
                ));
            }
        }
    }
    if change == EntryChange::default() {
        return Err("nothing to change; e.g. start:9:15 end:10:00 project:web +call".into());
    }
    Ok(TimeOp::Edit { id, change })
}

/// `12:30`, or a date and time, where entry `id` (on `day`) splits in two.
pub fn split<Tz: TimeZone>(
    id: i64,
    text: &str,
    day: NaiveDate,
    now: &DateTime<Tz>,
) -> Result<TimeOp, String> {
    Ok(TimeOp::Split {
        id,
        at: instant(text, day, now)?,
    })
}

/// An instant from date words; a bare time is on `day`.
fn instant<Tz: TimeZone>(
    text: &str,
    day: NaiveDate,
    now: &DateTime<Tz>,
) -> Result<DateTime<Utc>, String> {
    instant_on(text, day, now).map_err(|e| e.to_string())
}
