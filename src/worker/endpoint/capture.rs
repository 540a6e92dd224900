//! The capture routes: the JSON ingest and the review queue, calling the same
//! `ops::capture` functions as `tempo capture ingest` and `tempo review`.
//!
//! - `POST /api/v1/time-entries/ingest`: the ingest format; 201 with the ingest's report and
//!   `Location` of its status.
//! - `GET /api/v1/time-entries/ingest/{id}`: that report again (404 for an unknown id).
//! - `GET /api/v1/time-entries/pending-review[?all=true]`: the queue, oldest first.
//! - `PATCH /api/v1/time-entries/{id}`: `{"status": "approved"|"rejected", "project",
//!   "client", "activity_type", "notes"}` on a suggestion; 409 when it is decided already.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::routes::{Call, Method, Route};
use super::{ApiError, Reply, State};
use crate::capture::{Correction, Status, parse_ingest};
use crate::ops::capture::{self as ops, Batch, CaptureSource, Decided};

pub(super) fn routes() -> Vec<Route<State>> {
    vec![
        Route::new(Method::Post, "/api/v1/time-entries/ingest", ingest),
        Route::new(
            Method::Get,
            "/api/v1/time-entries/ingest/{id}",
            ingest_status,
        ),
        Route::new(
            Method::Get,
            "/api/v1/time-entries/pending-review",
            pending_review,
        ),
        Route::new(Method::Patch, "/api/v1/time-entries/{id}", decide),
    ]
}

fn failed(e: &crate::ops::Error) -> ApiError {
    ApiError::from_kinded(e)
}

fn ingest(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let text = std::str::from_utf8(&call.body)
        .map_err(|_| ApiError::bad_input("the body is not UTF-8 text"))?;
    let request = parse_ingest(text).map_err(|e| ApiError::bad_input(e.to_string()))?;
    let batch = Batch {
        idle_threshold_minutes: request.idle_threshold_minutes,
        max_merge_idle_minutes: request.max_merge_idle_minutes,
        ..Batch::new(CaptureSource::Ingest, request.activity_signals)
    };
    let now = s.clock.now();
    let report = ops::ingest(&mut s.store, &s.capture, batch, now).map_err(|e| failed(&e))?;
    let location = format!("/api/v1/time-entries/ingest/{}", report.id);
    Ok(Reply::status(201, json!(report)).with_header("Location", location))
}

fn uuid_param(call: &Call, what: &str) -> Result<Uuid, ApiError> {
    let id = call.param("id");
    Uuid::parse_str(id).map_err(|_| ApiError::bad_input(format!("`{id}` is not {what} (a UUID)")))
}

fn ingest_status(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let id = uuid_param(call, "an ingest id")?;
    match ops::ingest_status(&s.store, id).map_err(|e| failed(&e))? {
        Some(report) => Ok(Reply::ok(json!(report))),
        None => Err(ApiError::not_found(format!("no ingest {id}"))),
    }
}

fn pending_review(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let all = match query_value(&call.query, "all") {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(ApiError::bad_input(format!(
                "all={other}: give all=true or all=false"
            )));
        }
    };
    let now = s.clock.now();
    let queue = ops::pending(&mut s.store, &s.capture, all, now).map_err(|e| failed(&e))?;
    Ok(Reply::ok(json!(queue)))
}

fn query_value<'q>(query: &'q str, key: &str) -> Option<&'q str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

/// A PATCH body: the decision and the corrections that go with an approval.
fn parse_decision(body: &[u8]) -> Result<(Status, Correction), ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_input(format!("the body is not valid JSON: {e}")))?;
    let Value::Object(fields) = value else {
        return Err(ApiError::bad_input(
            "the body must be a JSON object with a \"status\"",
        ));
    };
    for key in fields.keys() {
        if !["status", "project", "client", "activity_type", "notes"].contains(&key.as_str()) {
            return Err(ApiError::bad_input(format!(
                "{key}: not a field here (status, project, client, activity_type, notes)"
            )));
        }
    }
    let status = match text(&fields, "status")?.as_deref().map(Status::parse) {
        Some(Some(s @ (Status::Approved | Status::Rejected))) => s,
        Some(_) => {
            return Err(ApiError::bad_input(
                "status: must be \"approved\" or \"rejected\"",
            ));
        }
        None => {
            return Err(ApiError::bad_input(
                "status: missing (approved or rejected)",
            ));
        }
    };
    let correction = Correction {
        project: text(&fields, "project")?,
        client: text(&fields, "client")?,
        activity_type: text(&fields, "activity_type")?,
        note: text(&fields, "notes")?,
    };
    if status == Status::Rejected && !correction.is_empty() {
        return Err(ApiError::bad_input(
            "a rejection takes no project, client, activity_type or notes",
        ));
    }
    Ok((status, correction))
}

fn text(fields: &Map<String, Value>, key: &str) -> Result<Option<String>, ApiError> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::bad_input(format!("{key}: must be a string"))),
    }
}

pub(crate) fn decide(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let id = uuid_param(call, "a suggestion id")?;
    let (status, correction) = parse_decision(&call.body)?;
    let found = s
        .store
        .capture_suggestions_by_prefix(&id.to_string())
        .map_err(|e| ApiError::from_kinded(&e))?;
    let Some(current) = found.into_iter().find(|x| x.uuid == id) else {
        return Err(ApiError::not_found(format!("no suggestion {id}")));
    };
    if current.status != Status::Pending {
        return Err(ApiError::conflict(format!(
            "suggestion {id} is already {}",
            current.status
        )));
    }
    let now = s.clock.now();
    let ids = [id.to_string()];
    if status == Status::Rejected {
        let mut done = ops::reject(&mut s.store, &ids, now).map_err(|e| failed(&e))?;
        return Ok(Reply::ok(json!({"suggestion": done.pop()})));
    }
    let tz = s.tz;
    let mut done = ops::approve(
        &mut s.store,
        Decided::Ids(&ids),
        &correction,
        false,
        now,
        &tz,
    )
    .map_err(|e| failed(&e))?;
    match done.pop() {
        Some(approved) => Ok(Reply::ok(json!(approved))),
        None => Err(ApiError::internal(format!(
            "suggestion {id} was not approved"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decision_names_the_field_that_is_wrong() {
        let err = |body: &str| parse_decision(body.as_bytes()).expect_err(body).message;
        assert!(err("{").contains("not valid JSON"));
        assert!(err("[]").contains("JSON object"));
        assert!(err("{}").starts_with("status: missing"));
        assert!(err(r#"{"status": "maybe"}"#).starts_with("status:"));
        assert!(err(r#"{"status": "pending"}"#).starts_with("status:"));
        assert!(err(r#"{"status": "approved", "project": 3}"#).starts_with("project:"));
        assert!(err(r#"{"status": "approved", "billable": true}"#).starts_with("billable:"));
        assert!(err(r#"{"status": "rejected", "notes": "x"}"#).contains("rejection"));
        let (status, c) =
            parse_decision(br#"{"status": "approved", "project": "tempo", "notes": "n"}"#)
                .expect("valid");
        assert_eq!(status, Status::Approved);
        assert_eq!(c.project.as_deref(), Some("tempo"));
        assert_eq!(c.note.as_deref(), Some("n"));
    }

    #[test]
    fn query_values_are_found_by_key() {
        assert_eq!(query_value("all=true", "all"), Some("true"));
        assert_eq!(query_value("x=1&all=false", "all"), Some("false"));
        assert_eq!(query_value("all", "all"), Some(""));
        assert_eq!(query_value("", "all"), None);
    }
}
