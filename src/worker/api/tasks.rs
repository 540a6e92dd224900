//! `/api/v1/tasks`: the same operations as `tempo list/show/add/modify/done/delete/undo`, with
//! the same parsing (the filter language, the attribute words) and the same JSON shapes as
//! their `--json` output.
//!
//! - `GET /tasks?filter=…&limit=N`: open tasks matching the filter, most urgent first (50 by
//!   default, at most 1000).
//! - `GET /tasks/{id}`: one task by id or UUID (prefix).
//! - `POST /tasks {"text": "Buy milk due:fri +errand"}`: 201 with the new task.
//! - `PATCH /tasks/{id} {"text": "due:mon -errand"}`: the changed task.
//! - `POST /tasks/{id}/done`, `DELETE /tasks/{id}`, `POST /undo` (409 when there is nothing).

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::input;
use crate::model::ListedTask;
use crate::model::mods::parse_mods;
use crate::model::selector::{Selector, TaskRef};
use crate::model::urgency::{UrgencyCoefficients, urgency};
use crate::ops;
use crate::store::StoreError;
use crate::worker::endpoint::{ApiError, Call, Method, Reply, Route, State};

const DEFAULT_LIMIT: u32 = 50;

pub(super) fn routes() -> Vec<Route<State>> {
    vec![
        Route::new(Method::Get, "/api/v1/tasks", list),
        Route::new(Method::Post, "/api/v1/tasks", create),
        Route::new(Method::Get, "/api/v1/tasks/{id}", get),
        Route::new(Method::Patch, "/api/v1/tasks/{id}", modify),
        Route::new(Method::Delete, "/api/v1/tasks/{id}", delete),
        Route::new(Method::Post, "/api/v1/tasks/{id}/done", done),
        Route::new(Method::Post, "/api/v1/undo", undo),
    ]
}

/// A task as `tempo show --json` prints it.
pub(super) fn task_json(l: &ListedTask, now: DateTime<Utc>, c: &UrgencyCoefficients) -> Value {
    let mut v = serde_json::to_value(&l.task).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        let u = urgency(&l.task, l.links, now, c);
        o.insert("urgency".into(), json!((u * 100.0).round() / 100.0));
        o.insert("blocked".into(), json!(l.links.blocked));
        o.insert("blocking".into(), json!(l.links.blocking));
    }
    v
}

fn list(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let text = input::query(&call.query, "filter")?.unwrap_or_default();
    let limit = input::query_number(&call.query, "limit", 1..=1000)?.unwrap_or(DEFAULT_LIMIT);
    let local = s.clock.now().with_timezone(&s.tz);
    let filter = crate::model::filter::parse(&text, &local)
        .map_err(|e| ApiError::bad_input(e.to_string()))?
        .with_default_status();
    let now = s.clock.now();
    let c = &s.config.urgency;
    // Only the sort key of every match is kept; the page is serialized afterwards.
    let mut rows: Vec<(f64, i64, ListedTask)> = Vec::new();
    s.store
        .for_each(&filter, |l| {
            rows.push((urgency(&l.task, l.links, now, c), l.task.id, l));
            Ok::<_, StoreError>(())
        })
        .map_err(|e| ApiError::from_kinded(&e))?;
    let limit = limit as usize;
    if rows.len() > limit {
        rows.select_nth_unstable_by(limit - 1, order);
        rows.truncate(limit);
    }
    rows.sort_by(order);
    let page: Vec<Value> = rows.iter().map(|(_, _, l)| task_json(l, now, c)).collect();
    Ok(Reply::ok(json!(page)))
}

fn order(a: &(f64, i64, ListedTask), b: &(f64, i64, ListedTask)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

fn task_ref(call: &Call) -> Result<TaskRef, ApiError> {
    TaskRef::parse(call.param("id")).map_err(|e| ApiError::bad_input(e.to_string()))
}

/// The task `r` names, as JSON (404 when there is none).
fn fetch(s: &State, r: &TaskRef) -> Result<Value, ApiError> {
    let missing = |e: StoreError| match e {
        StoreError::NotFound(_) | StoreError::Invalid(_) => {
            ApiError::not_found(format!("no task {}", r.text()))
        }
        e => ApiError::from_kinded(&e),
    };
    let found = s.store.resolve_ref(r).map_err(missing)?;
    let task = ops::one(found, r.text()).map_err(missing)?;
    let l = s
        .store
        .task_by_uuid(&task.uuid)
        .map_err(|e| ApiError::from_kinded(&e))?
        .ok_or_else(|| ApiError::not_found(format!("no task {}", r.text())))?;
    Ok(task_json(&l, s.clock.now(), &s.config.urgency))
}

fn get(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let r = task_ref(call)?;
    Ok(Reply::ok(fetch(s, &r)?))
}

fn create(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let fields = input::object(&call.body, &["text"])?;
    let words = input::words(&fields, "text")?;
    let local = s.clock.now().with_timezone(&s.tz);
    let mods = parse_mods(&words, &local, true).map_err(|e| ApiError::bad_input(e.to_string()))?;
    let (id, _) = ops::add_task(&mut s.store, mods, &local).map_err(|e| ApiError::from_op(&e))?;
    let task = fetch(s, &TaskRef::id(id))?;
    Ok(Reply::status(201, task).with_header("Location", format!("/api/v1/tasks/{id}")))
}

/// The one task the path names, checked to exist before anything is changed.
fn target(s: &State, call: &Call) -> Result<Selector, ApiError> {
    let r = task_ref(call)?;
    fetch(s, &r)?;
    Ok(Selector::Tasks(vec![r]))
}

fn modify(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let fields = input::object(&call.body, &["text"])?;
    let words = input::words(&fields, "text")?;
    let target = target(s, call)?;
    let local = s.clock.now().with_timezone(&s.tz);
    let mods = parse_mods(&words, &local, false).map_err(|e| ApiError::bad_input(e.to_string()))?;
    ops::modify_task(&mut s.store, &target, mods, false, &local)
        .map_err(|e| ApiError::from_op(&e))?;
    Ok(Reply::ok(fetch(s, &task_ref(call)?)?))
}

fn done(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let target = target(s, call)?;
    let local = s.clock.now().with_timezone(&s.tz);
    let (tasks, created) =
        ops::done(&mut s.store, &target, false, &local).map_err(|e| ApiError::from_op(&e))?;
    let next: Vec<Value> = created
        .iter()
        .map(|n| json!({"id": n.id, "due": n.due}))
        .collect();
    Ok(Reply::ok(
        json!({"action": "done", "tasks": tasks, "next": next}),
    ))
}

fn delete(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    let target = target(s, call)?;
    let tasks = ops::delete(&mut s.store, &target, false, s.clock.now())
        .map_err(|e| ApiError::from_op(&e))?;
    Ok(Reply::ok(json!({"action": "delete", "tasks": tasks})))
}

fn undo(s: &mut State, call: &Call) -> Result<Reply, ApiError> {
    if !call.body.is_empty() {
        input::object(&call.body, &[])?;
    }
    match ops::undo(&mut s.store).map_err(|e| ApiError::from_op(&e))? {
        Some(g) => Ok(Reply::ok(json!({
            "undone": g.description,
            "at": g.at,
            "tasks": g.tasks,
            "calendar_rows": g.calendar_rows,
            "time_rows": g.time_rows,
        }))),
        None => Err(ApiError::conflict("nothing to undo")),
    }
}
