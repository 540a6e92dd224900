//! `/api/v1/focus-sessions`: the focus timer, through the same `ops::focus` calls as
//! `tempo focus …`, in the JSON shapes of `tempo focus … --json`.
//!
//! - `GET /focus-sessions[?since=WHEN&task=ID&status=S]`: sessions, oldest first.
//! - `POST /focus-sessions {"task", "planned_minutes", "flow", "title"}`: starts one (201; 409
//!   when one is already active).
//! - `GET /focus-sessions/current`: the timer's state.
//! - `PATCH /focus-sessions/{current|uuid} {"status", "interruptions", "note"}`: `paused`,
//!   `running` (resume), `completed` (stop) or `interrupted` (end as interrupted), after
//!   recording each of `interruptions` (`[{"external": bool, "note": "…"}]`).
//! - `GET /focus-sessions/analytics?days=N`: `tempo focus stats --json`.

use serde_json::{Map, Value, json};

use super::input;
use crate::model::dates::parse_since;
use crate::model::focus::FocusStatus;
use crate::model::focus::view::{session_json, state_json};
use crate::model::selector::TaskRef;
use crate::ops::focus::{self as focus_ops, Action, FocusState, StartArgs};
use crate::worker::endpoint::{ApiError, Call, Method, Reply, Route, State};

pub(super) fn routes() -> Vec<Route<State>> {
    vec![
        Route::new(Method::Get, "/api/v1/focus-sessions", list),
        Route::new(Method::Post, "/api/v1/focus-sessions", start),
        Route::new(Method::Get, "/api/v1/focus-sessions/current", current),
        Route::new(Method::Get, "/api/v1/focus-sessions/analytics", analytics),
        Route::new(Method::Patch, "/api/v1/focus-sessions/{id}", patch),
    ]
}

fn state_reply(s: &State, state: &FocusState, status: u16) -> Reply {
    let now = s.clock.now();
    Reply::status(
        status,
        state_json(state, now, s.config.focus.long_break_every),
    )
}

/// A refusal from the timer: a session already active, or none to act on, is a conflict
/// with its state (409); anything else keeps its kind.
fn refused(e: &crate::ops::Error) -> ApiError {
    match e {
        crate::ops::Error::Usage(m) => ApiError::conflict(m.clone()),
        crate::ops::Error::Focus(_) => ApiError::conflict(e.to_string()),
        _ => ApiError::from_op(e),
    }
}

fn list(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let local = s.clock.now().with_timezone(&s.tz);
    let since = match input::query(&call.query, "since")? {
        Some(t) => Some(
            parse_since(&t, &local)
                .map_err(|e| ApiError::bad_input(format!("since: {e}")))?
                .start(&s.tz),
        ),
        None => None,
    };
    let status = match input::query(&call.query, "status")? {
        Some(t) => Some(parse_status(&t)?),
        None => None,
    };
    let now = s.clock.now();
    let cycle = s.config.focus.cycle();
    focus_ops::status(&mut s.store, &cycle, now).map_err(|e| ApiError::from_op(&e))?;
    let task = match input::query(&call.query, "task")? {
        Some(t) => {
            let r = TaskRef::parse(&t).map_err(|e| ApiError::bad_input(format!("task: {e}")))?;
            Some(focus_ops::task_uuid(&s.store, &r).map_err(|e| ApiError::from_kinded(&e))?)
        }
        None => None,
    };
    let sessions = s
        .store
        .focus_sessions(since, task)
        .map_err(|e| ApiError::from_kinded(&e))?;
    let items: Vec<Value> = sessions
        .iter()
        .filter(|x| status.is_none_or(|st| x.status == st))
        .map(|x| session_json(x, now))
        .collect();
    Ok(Reply::ok(json!(items)))
}

fn parse_status(t: &str) -> Result<FocusStatus, ApiError> {
    Ok(match t {
        "running" => FocusStatus::Running,
        "paused" => FocusStatus::Paused,
        "completed" => FocusStatus::Completed,
        "interrupted" => FocusStatus::Interrupted,
        "abandoned" => FocusStatus::Abandoned,
        _ => {
            return Err(ApiError::bad_input(format!(
                "status: {t:?} is not running, paused, completed, interrupted or abandoned"
            )));
        }
    })
}

fn current(s: &mut State, _: &Call) -> Result<Reply, ApiError> {
    let now = s.clock.now();
    let cycle = s.config.focus.cycle();
    let state = focus_ops::status(&mut s.store, &cycle, now).map_err(|e| ApiError::from_op(&e))?;
    Ok(state_reply(s, &state, 200))
}

fn start(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let f = input::object(&call.body, &["task", "planned_minutes", "flow", "title"])?;
    let task = match input::string(&f, "task")? {
        Some(t) => Some(TaskRef::parse(&t).map_err(|e| ApiError::bad_input(format!("task: {e}")))?),
        None => None,
    };
    let minutes = input::number(&f, "planned_minutes")?;
    if let Some(m) = minutes {
        crate::model::focus::check_minutes(m)
            .map_err(|e| ApiError::bad_input(format!("planned_minutes: {e}")))?;
    }
    let args = StartArgs::focus(
        task,
        minutes,
        input::boolean(&f, "flow")?.unwrap_or(false),
        input::string(&f, "title")?,
    );
    let now = s.clock.now();
    let cycle = s.config.focus.cycle();
    let state = focus_ops::start(&mut s.store, &cycle, &args, now).map_err(|e| match &e {
        crate::ops::Error::Usage(m) if m.contains("already") => ApiError::conflict(m.clone()),
        _ => ApiError::from_op(&e),
    })?;
    Ok(state_reply(s, &state, 201))
}

/// The interruptions to record first, checked whole before anything is recorded.
fn interruptions(f: &Map<String, Value>) -> Result<Vec<Action>, ApiError> {
    let Some(list) = f.get("interruptions").filter(|v| !v.is_null()) else {
        return Ok(Vec::new());
    };
    let Value::Array(items) = list else {
        return Err(ApiError::bad_input(
            "interruptions: must be a list of {\"external\": bool, \"note\": \"…\"}",
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let Value::Object(o) = item else {
                return Err(ApiError::bad_input(format!(
                    "interruptions[{i}]: must be an object"
                )));
            };
            let item = input::object(
                serde_json::to_string(o).unwrap_or_default().as_bytes(),
                &["external", "note"],
            )
            .map_err(|e| ApiError::bad_input(format!("interruptions[{i}].{}", e.message)))?;
            Ok(Action::Interrupt {
                external: input::boolean(&item, "external")?.unwrap_or(false),
                note: input::string(&item, "note")?.unwrap_or_default(),
                end: false,
            })
        })
        .collect()
}

fn patch(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let f = input::object(&call.body, &["status", "interruptions", "note"])?;
    let note = input::string(&f, "note")?.unwrap_or_default();
    let last = match input::string(&f, "status")?.as_deref() {
        None => None,
        Some("paused") => Some(Action::Pause),
        Some("running") => Some(Action::Resume),
        Some("completed") => Some(Action::Stop { note }),
        Some("interrupted") => Some(Action::Interrupt {
            external: false,
            note,
            end: true,
        }),
        Some(other) => {
            return Err(ApiError::bad_input(format!(
                "status: {other:?} is not paused, running, completed or interrupted"
            )));
        }
    };
    let mut actions = interruptions(&f)?;
    actions.extend(last);
    if actions.is_empty() {
        return Err(ApiError::bad_input(
            "nothing to change: give a status or interruptions",
        ));
    }
    let now = s.clock.now();
    let cycle = s.config.focus.cycle();
    let state = focus_ops::status(&mut s.store, &cycle, now).map_err(|e| ApiError::from_op(&e))?;
    let id = call.param("id");
    match &state.active {
        Some(a) if id == "current" || id == a.uuid.to_string() => {}
        Some(_) | None if id != "current" => {
            return Err(ApiError::not_found(format!(
                "no active focus session {id} (only the active one can change)"
            )));
        }
        _ => return Err(ApiError::conflict("no focus session is active")),
    }
    let mut state = state;
    for action in &actions {
        state = focus_ops::act(&mut s.store, &cycle, action, now).map_err(|e| refused(&e))?;
    }
    Ok(state_reply(s, &state, 200))
}

fn analytics(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let days = input::query_number(&call.query, "days", 1..=3660)?.unwrap_or(7);
    let local = s.clock.now().with_timezone(&s.tz);
    let cycle = s.config.focus.cycle();
    let stats =
        focus_ops::stats(&mut s.store, &cycle, &local, days).map_err(|e| ApiError::from_op(&e))?;
    Ok(Reply::ok(json!(stats)))
}
