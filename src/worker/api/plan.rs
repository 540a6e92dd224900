//! `/api/v1/plan`: the day (or days) laid out around the calendar, through the same
//! `ops::plan_days` as `tempo plan`, in the shape of `tempo plan --json`.
//!
//! - `GET /plan?range=today|tomorrow|week|DAY|FROM..TO`: the proposal (`applied` is null);
//!   nothing is written.
//! - `POST /plan {"range": …}`: `tempo plan --apply`: the blocks written into
//!   `calendar.blocks_calendar`, replacing planned blocks not yet worked (one undo step);
//!   409 when that calendar is read-only.

use serde_json::Value;

use super::input;
use crate::ops::plan as plan_ops;
use crate::ops::plan_days::{Settings, plan_days, plan_json, window};
use crate::planner::schedule::Plan;
use crate::worker::endpoint::{ApiError, Call, Method, Reply, Route, State};

pub(super) fn routes() -> Vec<Route<State>> {
    vec![
        Route::new(Method::Get, "/api/v1/plan", propose),
        Route::new(Method::Post, "/api/v1/plan", apply),
    ]
}

/// The plan of `range` with what it was made from.
fn make(s: &State, range: Option<&str>) -> Result<(Plan, plan_ops::Gathered), ApiError> {
    let local = s.clock.now().with_timezone(&s.tz);
    let days = window(range, local).map_err(|e| ApiError::from_op(&e))?;
    let settings = Settings {
        planner: &s.config.planner,
        insights: &s.config.insights,
        urgency: &s.config.urgency,
    };
    plan_days(&s.store, settings, days, s.clock.now(), s.tz).map_err(|e| ApiError::from_op(&e))
}

fn propose(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let range = input::query(&call.query, "range")?;
    let (plan, _) = make(s, range.as_deref())?;
    Ok(Reply::ok(plan_json(&plan, None)))
}

fn apply(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let range = if call.body.is_empty() {
        None
    } else {
        let fields = input::object(&call.body, &["range"])?;
        input::string(&fields, "range")?
    };
    let (plan, gathered) = make(s, range.as_deref())?;
    let calendar = s.config.calendar.blocks_calendar.clone();
    let read_only = s
        .store
        .calendar(&calendar)
        .map_err(|e| ApiError::from_kinded(&e))?
        .is_some_and(|c| c.read_only);
    let now = s.clock.now();
    let applied = plan_ops::apply(&mut s.store, &plan, &gathered.movable, &calendar, s.tz, now)
        .map_err(|e| {
            // The planner refuses to write into a read-only calendar: the calendar's state
            // is in the way, not the request.
            if read_only {
                ApiError::conflict(e.to_string())
            } else {
                ApiError::from_op(&e)
            }
        })?;
    let body: Value = plan_json(&plan, Some(&applied));
    Ok(Reply::ok(body))
}
