//! `/api/v1/reports`: the time report of `tempo report --json`, through the same
//! `ops::time::report`, its range and filter words and its groupings as query parameters.
//!
//! - `GET /reports?range=week&filter=client:acme&by=project,day` (or `from=DAY&to=DAY`):
//!   totals over the days (default today; `range=all` from the first entry), grouped by
//!   project, client, tag, task, day or type (comma-separated for sub-totals; default project).

use chrono::NaiveDate;
use serde_json::json;

use super::input;
use super::time::{days, filter};
use crate::ops::time::report::{ReportRequest, run};
use crate::time::report::{GroupBy, WorkWeek};
use crate::worker::endpoint::{ApiError, Call, Method, Reply, Route, State};

pub(super) fn routes() -> Vec<Route<State>> {
    vec![Route::new(Method::Get, "/api/v1/reports", report)]
}

fn report(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let q = &call.query;
    let today = s.clock.now().with_timezone(&s.tz).date_naive();
    let (from, to) = days(s, q)?.unwrap_or((today, today));
    let from = if from == NaiveDate::MIN {
        let first = s
            .store
            .first_time_entry()
            .map_err(|e| ApiError::from_kinded(&e))?;
        first.map_or(today, |e| e.start.with_timezone(&s.tz).date_naive())
    } else {
        from
    };
    let mut by = Vec::new();
    for word in input::query(q, "by")?.unwrap_or_default().split(',') {
        let word = word.trim();
        if !word.is_empty() {
            by.push(GroupBy::parse(word).map_err(|e| ApiError::bad_input(format!("by: {e}")))?);
        }
    }
    if by.is_empty() {
        by.push(GroupBy::Project);
    }
    let req = ReportRequest {
        from,
        to,
        by,
        filter: filter(s, q)?,
        work: WorkWeek::default(),
    };
    let report = run(&s.store, &req, s.clock.now(), &s.tz).map_err(|e| ApiError::from_op(&e))?;
    Ok(Reply::ok(json!(report)))
}
