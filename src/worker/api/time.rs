//! `/api/v1/time-entries`: tracked time, through the same `ops::time` calls as `tempo time log`,
//! `tempo track add`, `tempo time edit` and `tempo time delete`, with their words and their
//! `--json` shapes. The capture review routes share the resource (`endpoint::capture`).
//!
//! - `GET /time-entries?range=week&filter=project:web+%2Bcall` (or `from=DAY&to=DAY`): entries
//!   overlapping the days, oldest first; no range: all of them.
//! - `POST /time-entries {"text": "9:00-10:30 12 project:web", "adjust": false}`: a finished
//!   entry (a backfill); 201. An overlap is a conflict (409) unless `adjust` trims the others.
//! - `PATCH /time-entries/{id}`: a number is an entry: `{"text": "start:9:15 end:10:00
//!   project:web", "adjust": false}` as `time edit`. A UUID is a capture suggestion:
//!   `{"start": "9:15", "end": "10:00"}` changes its span (`review edit`), a `status` decides it
//!   (`endpoint::capture`).
//! - `DELETE /time-entries/{id}`: deletes the entry (undoable, as `time delete`).

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::input;
use crate::model::dates::{When, parse_since, parse_when};
use crate::model::selector::TaskRef;
use crate::ops::time::{self as time_ops, EntryChange, EntryFilter, EntrySpec};
use crate::time::report::range_bounds;
use crate::time::span_words::{instant_on, parse_range, parse_span};
use crate::time::words::parse_attrs;
use crate::time::{AttrEdit, Entry, TimeError};
use crate::worker::endpoint::{ApiError, Call, Method, Reply, Route, State};

pub(super) fn routes() -> Vec<Route<State>> {
    // This table comes before the capture one (`api::routes`), so a GET `{id}` here would take
    // its literal `pending-review`: entries are read through the list.
    vec![
        Route::new(Method::Get, "/api/v1/time-entries", list),
        Route::new(Method::Post, "/api/v1/time-entries", create),
        Route::new(Method::Patch, "/api/v1/time-entries/{id}", patch),
        Route::new(Method::Delete, "/api/v1/time-entries/{id}", delete),
    ]
}

/// An error of the time operations: an overlap refused is a conflict with the entries already
/// there (409); the rest by kind.
fn refused(e: &crate::ops::Error) -> ApiError {
    match e {
        crate::ops::Error::Time(TimeError::Clash { .. }) => ApiError::conflict(e.to_string()),
        _ => ApiError::from_op(e),
    }
}

fn bad(e: impl std::fmt::Display) -> ApiError {
    ApiError::bad_input(e.to_string())
}

/// First and last day (both included) of `range=WORD` or `from=`/`to=`; `None` for all time.
/// `from` alone runs to today, `to` alone from the first entry (`NaiveDate::MIN`).
pub(super) fn days(s: &State, q: &str) -> Result<Option<(NaiveDate, NaiveDate)>, ApiError> {
    let local = s.clock.now().with_timezone(&s.tz);
    let today = local.date_naive();
    let (from, to) = (input::query(q, "from")?, input::query(q, "to")?);
    if let Some(word) = input::query(q, "range")? {
        if from.is_some() || to.is_some() {
            return Err(ApiError::bad_input("give range or from/to, not both"));
        }
        return parse_range(&word, today).map(Some).map_err(bad);
    }
    let day = |key: &str, text: &str, since: bool| -> Result<NaiveDate, ApiError> {
        let when = if since {
            parse_since(text, &local)
        } else {
            parse_when(text, &local)
        };
        match when.map_err(|e| ApiError::bad_input(format!("{key}: {e}")))? {
            When::Day(d) => Ok(d),
            When::At(t) => Ok(t.with_timezone(&s.tz).date_naive()),
        }
    };
    Ok(match (from, to) {
        (None, None) => None,
        (f, t) => Some((
            f.map(|f| day("from", &f, true))
                .transpose()?
                .unwrap_or(NaiveDate::MIN),
            t.map(|t| day("to", &t, false))
                .transpose()?
                .unwrap_or(today),
        )),
    })
}

/// `filter=project:web +call -meeting type:work billable:yes client:acme`.
pub(super) fn filter(s: &State, q: &str) -> Result<EntryFilter, ApiError> {
    let text = input::query(q, "filter")?.unwrap_or_default();
    let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    let (edit, rest) = parse_attrs(&words, &s.config.time.activities).map_err(bad)?;
    if let Some(w) = rest.first() {
        return Err(ApiError::bad_input(format!(
            "filter: `{w}` is not a filter word; use project: client: +tag -tag type: billable:"
        )));
    }
    Ok(EntryFilter::from_edit(&edit))
}

fn list(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let days = days(s, &call.query)?;
    let filter = filter(s, &call.query)?;
    let (from, to) = match days {
        Some((f, t)) if f == NaiveDate::MIN => (None, Some(range_bounds(&s.tz, t, t).1)),
        Some((f, t)) => {
            let (a, b) = range_bounds(&s.tz, f, t);
            (Some(a), Some(b))
        }
        None => (None, None),
    };
    let entries = time_ops::log(&s.store, from, to, &filter).map_err(|e| ApiError::from_op(&e))?;
    Ok(Reply::ok(json!(entries)))
}

/// Attribute words, an optional task id first among the rest, the other words as the note
/// (as `tempo track add` reads them).
fn spec(s: &State, words: &[String]) -> Result<EntrySpec, ApiError> {
    let (mut edit, rest) = parse_attrs(words, &s.config.time.activities).map_err(bad)?;
    let (task, note_words) = match rest.split_first() {
        Some((first, tail)) if first.parse::<i64>().is_ok() => {
            (Some(TaskRef::parse(first).map_err(bad)?), tail)
        }
        _ => (None, rest.as_slice()),
    };
    if !note_words.is_empty() {
        if edit.note.is_some() {
            return Err(ApiError::bad_input(format!(
                "both note: and plain words (`{}`) give a note; use one",
                note_words.join(" ")
            )));
        }
        edit.note = Some(note_words.join(" "));
    }
    Ok(EntrySpec { task, edit })
}

const ADD: &str = "`tempo track add`, like \"9:00-10:30 project:web\"";
const EDIT: &str = "`tempo time edit`, like \"start:9:15 end:10:00 project:web\"";

fn create(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let fields = input::object(&call.body, &["text", "adjust"])?;
    let words = input::words_like(&fields, "text", ADD)?;
    let adjust = input::boolean(&fields, "adjust")?.unwrap_or(false);
    let local = s.clock.now().with_timezone(&s.tz);
    let (span, rest) = parse_span(&words, &local).map_err(bad)?;
    let spec = spec(s, &rest)?;
    let now = s.clock.now();
    let e =
        time_ops::add(&mut s.store, &spec, span, adjust, now, &s.tz).map_err(|e| refused(&e))?;
    Ok(Reply::status(201, json!(e)))
}

/// The entry a numeric id names (404 when there is none).
fn entry(s: &State, id: i64) -> Result<Entry, ApiError> {
    s.store
        .time_entry(id)
        .map_err(|e| ApiError::from_kinded(&e))?
        .ok_or_else(|| ApiError::not_found(format!("no time entry {id}")))
}

fn patch(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let id = call.param("id");
    if let Ok(n) = id.parse::<i64>() {
        return edit(s, call, n);
    }
    let Ok(uuid) = Uuid::parse_str(id) else {
        return Err(ApiError::bad_input(format!(
            "`{id}` is neither a time entry id (a number) nor a suggestion id (a UUID)"
        )));
    };
    let body: Value = serde_json::from_slice(&call.body).unwrap_or_default();
    if body.get("start").is_some() || body.get("end").is_some() {
        return edit_suggestion(s, call, uuid);
    }
    crate::worker::endpoint::decide_suggestion(s, call)
}

/// `start:9:15 end:10:00 task:12 project:web +tag …`; a bare time is on the entry's day.
fn change(s: &State, words: &[String], day: NaiveDate) -> Result<EntryChange, ApiError> {
    let (edit, rest): (AttrEdit, Vec<String>) =
        parse_attrs(words, &s.config.time.activities).map_err(bad)?;
    let local = s.clock.now().with_timezone(&s.tz);
    let mut change = EntryChange {
        edit,
        ..EntryChange::default()
    };
    for word in rest {
        let Some((key, value)) = word.split_once(':') else {
            return Err(ApiError::bad_input(format!(
                "`{word}` is not an attribute; `time edit` takes start: end: task: project: \
                 client: +tag -tag type: billable: note:"
            )));
        };
        let at = || instant_on(value, day, &local).map_err(bad);
        match key.to_ascii_lowercase().as_str() {
            "start" => change.start = Some(at()?),
            "end" => change.end = Some(at()?),
            "task" => {
                let task = (!value.is_empty())
                    .then(|| TaskRef::parse(value))
                    .transpose()
                    .map_err(bad)?;
                change.task = Some(task);
            }
            _ => {
                return Err(ApiError::bad_input(format!(
                    "unknown attribute `{key}:`; use start: end: task: project: client: type: \
                     billable: note:"
                )));
            }
        }
    }
    Ok(change)
}

fn edit(s: &mut State, call: &Call, id: i64) -> Result<Reply, ApiError> {
    let fields = input::object(&call.body, &["text", "adjust"])?;
    let words = input::words_like(&fields, "text", EDIT)?;
    let adjust = input::boolean(&fields, "adjust")?.unwrap_or(false);
    let day = entry(s, id)?.start.with_timezone(&s.tz).date_naive();
    let change = change(s, &words, day)?;
    let now = s.clock.now();
    let e =
        time_ops::edit(&mut s.store, id, &change, adjust, now, &s.tz).map_err(|e| refused(&e))?;
    Ok(Reply::ok(json!(e)))
}

fn delete(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let id = call.param("id");
    let Ok(n) = id.parse::<i64>() else {
        return Err(ApiError::bad_input(format!(
            "`{id}` is not a time entry id (a number)"
        )));
    };
    entry(s, n)?;
    let e = time_ops::delete(&mut s.store, n, s.clock.now()).map_err(|e| ApiError::from_op(&e))?;
    Ok(Reply::ok(json!(e)))
}

/// `{"start": "9:15", "end": "10:00"}` on a pending suggestion, as `tempo review edit ID
/// start:9:15 end:10:00`: a bare time is on the suggestion's day.
fn edit_suggestion(s: &mut State, call: &Call, id: Uuid) -> Result<Reply, ApiError> {
    let fields: Map<String, Value> = input::object(&call.body, &["start", "end"])?;
    let key = id.to_string();
    let found = s
        .store
        .capture_suggestions_by_prefix(&key)
        .map_err(|e| ApiError::from_kinded(&e))?;
    let Some(current) = found.into_iter().find(|x| x.uuid == id) else {
        return Err(ApiError::not_found(format!("no suggestion {id}")));
    };
    if current.status != crate::capture::Status::Pending {
        return Err(ApiError::conflict(format!(
            "suggestion {id} is already {}",
            current.status
        )));
    }
    let local = s.clock.now().with_timezone(&s.tz);
    let day = current.start.with_timezone(&s.tz).date_naive();
    let at = |k: &str| -> Result<Option<DateTime<Utc>>, ApiError> {
        input::string(&fields, k)?
            .map(|t| instant_on(&t, day, &local))
            .transpose()
            .map_err(|e| ApiError::bad_input(format!("{k}: {e}")))
    };
    let (start, end) = (at("start")?, at("end")?);
    let now = s.clock.now();
    let changed = crate::ops::capture::edit_span(&mut s.store, &key, start, end, now)
        .map_err(|e| ApiError::from_op(&e))?;
    Ok(Reply::ok(json!({"suggestion": changed})))
}
