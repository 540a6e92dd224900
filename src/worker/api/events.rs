//! `/api/v1/events`: the calendar, through the same `ops::calendar` calls as `tempo cal
//! agenda/add/edit/delete`, with their date words and their `--json` shapes.
//!
//! - `GET /events?from=DAY&to=DAY|days=N&tasks=false`: the agenda of the window (default today
//!   and the next 6 days): occurrences by start, due and scheduled tasks unless `tasks=false`.
//! - `POST /events {"text": "Standup tomorrow 9:30 15m every weekday"}`: 201 with the event.
//! - `PATCH /events/{id} {"text": "fri 10:00 45m", "at": DAY | "from": DAY}`: changes the
//!   event, one occurrence (`at`), it and the later ones (`from`), or the whole series.
//! - `DELETE /events/{id}[?at=DAY | ?from=DAY]`: the same three scopes.
//!
//! An event in a read-only calendar (a subscription) cannot change here: 409, as the command
//! line refuses it.

use chrono::{Days, NaiveDate, NaiveTime, Utc};
use serde_json::json;

use super::input;
use crate::calendar::Scope;
use crate::model::dates::{When, local_instant, parse_since, parse_when};
use crate::ops::calendar::{self as cal, EventDefaults};
use crate::store::StoreError;
use crate::worker::endpoint::{ApiError, Call, Method, Reply, Route, State};

const ADD: &str = "`tempo cal add`, like \"Standup tomorrow 9:30 15m\"";
const EDIT: &str = "`tempo cal edit`, like \"fri 10:00 45m\"";

pub(super) fn routes() -> Vec<Route<State>> {
    vec![
        Route::new(Method::Get, "/api/v1/events", agenda),
        Route::new(Method::Post, "/api/v1/events", create),
        Route::new(Method::Patch, "/api/v1/events/{id}", edit),
        Route::new(Method::Delete, "/api/v1/events/{id}", delete),
    ]
}

/// The local day a date word names; `since` reads a weekday as the most recent one (the
/// first day of a window), as `cal agenda --from` does.
fn day(s: &State, key: &str, text: &str, since: bool) -> Result<NaiveDate, ApiError> {
    let local = s.clock.now().with_timezone(&s.tz);
    let when = if since {
        parse_since(text, &local)
    } else {
        parse_when(text, &local)
    };
    match when.map_err(|e| ApiError::bad_input(format!("{key}: {e}")))? {
        When::Day(d) => Ok(d),
        When::At(t) => Ok(t.with_timezone(&s.tz).date_naive()),
    }
}

fn agenda(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let q = &call.query;
    let first = match input::query(q, "from")? {
        Some(f) => day(s, "from", &f, true)?,
        None => s.clock.now().with_timezone(&s.tz).date_naive(),
    };
    let days = input::query_number(q, "days", 1..=3660)?;
    let last = match (input::query(q, "to")?, days) {
        (Some(_), Some(_)) => return Err(ApiError::bad_input("give to or days, not both")),
        (Some(t), None) => day(s, "to", &t, false)?,
        (None, Some(n)) => first + Days::new(u64::from(n) - 1),
        (None, None) => first + Days::new(6),
    };
    if last < first {
        return Err(ApiError::bad_input(format!(
            "the window ends ({last}) before it starts ({first})"
        )));
    }
    let tasks = match input::query(q, "tasks")?.as_deref() {
        None | Some("true") => true,
        Some("false") => false,
        Some(other) => {
            return Err(ApiError::bad_input(format!(
                "tasks={other}: give tasks=true or tasks=false"
            )));
        }
    };
    let start = local_instant(&s.tz, first.and_time(NaiveTime::MIN));
    let end = local_instant(&s.tz, (last + Days::new(1)).and_time(NaiveTime::MIN));
    let (items, _problems) =
        cal::agenda(&s.store, start, end, s.tz, tasks).map_err(|e| ApiError::from_op(&e))?;
    Ok(Reply::ok(json!(items)))
}

/// A refusal because the calendar is read-only is a conflict with its state (409).
fn writable(s: &State, calendar: &str) -> Result<(), ApiError> {
    cal::writable(&s.store, calendar).map_err(|e| match e {
        crate::ops::Error::Usage(m) => ApiError::conflict(m),
        e => ApiError::from_op(&e),
    })
}

fn create(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let fields = input::object(&call.body, &["text"])?;
    let words = input::words_like(&fields, "text", ADD)?;
    let now = s.clock.now();
    let defaults = EventDefaults::events(&s.config.calendar);
    // Words that do not parse are refused by `add` below, with its message.
    if let Ok(text) = crate::model::event_text::parse(&words, &now.with_timezone(&s.tz)) {
        writable(s, text.calendar.as_deref().unwrap_or(&defaults.calendar))?;
    }
    let written =
        cal::add(&mut s.store, &words, &defaults, s.tz, now).map_err(|e| ApiError::from_op(&e))?;
    Ok(Reply::status(201, json!(written)))
}

/// The event the path names (id or UID): 404 when there is none, 409 when its calendar is
/// read-only. Checked before anything is changed.
fn target(s: &State, call: &Call) -> Result<String, ApiError> {
    let key = call.param("id").to_string();
    let row = s.store.calendar_object(&key).map_err(|e| match e {
        // The store words a missing key as invalid (the CLI's exit 2); here it is a 404.
        StoreError::NotFound(m) => ApiError::not_found(m),
        StoreError::Invalid(m) if m.starts_with("no event") => ApiError::not_found(m),
        e => ApiError::from_kinded(&e),
    })?;
    writable(s, &row.calendar)?;
    Ok(key)
}

/// `at` (one occurrence) or `from` (it and the later ones); neither: the whole series.
fn scope(s: &State, at: Option<String>, from: Option<String>) -> Result<Scope, ApiError> {
    let local = s.clock.now().with_timezone(&s.tz);
    let when = |key: &str, text: &str| {
        parse_when(text, &local).map_err(|e| ApiError::bad_input(format!("{key}: {e}")))
    };
    match (at, from) {
        (Some(_), Some(_)) => Err(ApiError::bad_input(
            "give at (one occurrence) or from (it and the later ones), not both",
        )),
        (Some(a), None) => Ok(Scope::One(when("at", &a)?)),
        (None, Some(f)) => Ok(Scope::Following(when("from", &f)?)),
        (None, None) => Ok(Scope::All),
    }
}

fn edit(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let fields = input::object(&call.body, &["text", "at", "from"])?;
    let words = input::words_like(&fields, "text", EDIT)?;
    let scope = scope(
        s,
        input::string(&fields, "at")?,
        input::string(&fields, "from")?,
    )?;
    let key = target(s, call)?;
    let now = s.clock.now();
    let written = cal::edit(&mut s.store, &key, &words, scope, s.tz, now)
        .map_err(|e| ApiError::from_op(&e))?;
    Ok(Reply::ok(json!(written)))
}

fn delete(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let scope = scope(
        s,
        input::query(&call.query, "at")?,
        input::query(&call.query, "from")?,
    )?;
    let key = target(s, call)?;
    let now: chrono::DateTime<Utc> = s.clock.now();
    let deleted =
        cal::delete(&mut s.store, &key, scope, s.tz, now).map_err(|e| ApiError::from_op(&e))?;
    Ok(Reply::ok(json!(deleted)))
}
