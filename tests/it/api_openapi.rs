//! The OpenAPI document at `/api/v1/openapi.json` describes the real answers: every response a
//! session of calls gets (successes and refusals) is checked against the schema the document
//! gives for its path, method and status, by a small checker of the JSON Schema subset the
//! document uses ($ref, allOf, nullable, type, required, properties, items, enum).

use serde_json::{Value, json};

use crate::api_http::{Answer, Server};
use crate::common::{Env, NOW};

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => {
            let pointer = r.trim_start_matches('#');
            doc.pointer(pointer)
                .unwrap_or_else(|| panic!("no {r} in the document"))
        }
        None => schema,
    }
}

/// Where `value` breaks `schema` (empty: it conforms).
fn check(doc: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    if value.is_null() && schema["nullable"] == json!(true) {
        return;
    }
    if let Some(all) = schema["allOf"].as_array() {
        for s in all {
            check(doc, s, value, at, errors);
        }
    }
    if let Some(t) = schema["type"].as_str() {
        let ok = match t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            _ => false,
        };
        if !ok {
            errors.push(format!("{at}: {value} is not {t}"));
            return;
        }
    }
    if let Some(options) = schema["enum"].as_array()
        && !options.contains(value)
    {
        errors.push(format!("{at}: {value} is not one of {options:?}"));
    }
    for key in schema["required"].as_array().into_iter().flatten() {
        let key = key.as_str().unwrap_or_default();
        if value.get(key).is_none() {
            errors.push(format!("{at}: `{key}` is missing"));
        }
    }
    if let (Some(props), Some(obj)) = (schema["properties"].as_object(), value.as_object()) {
        for (k, s) in props {
            if let Some(v) = obj.get(k) {
                check(doc, s, v, &format!("{at}.{k}"), errors);
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate() {
            check(doc, items, v, &format!("{at}[{i}]"), errors);
        }
    }
}

/// The document's path template for a concrete path and method (literal segments win).
fn template<'a>(doc: &'a Value, method: &str, path: &str) -> &'a str {
    let path = path.split('?').next().unwrap_or(path);
    let got: Vec<&str> = path.split('/').collect();
    let mut best: Option<(&str, usize)> = None;
    for t in doc["paths"].as_object().expect("paths").keys() {
        let want: Vec<&str> = t.split('/').collect();
        if want.len() != got.len() {
            continue;
        }
        let fits = want
            .iter()
            .zip(&got)
            .all(|(w, g)| w.starts_with('{') || w == g);
        let literal = want.iter().filter(|w| !w.starts_with('{')).count();
        let has_method = doc["paths"][t][method.to_lowercase()].is_object();
        if fits && has_method && best.is_none_or(|(_, n)| literal > n) {
            best = Some((t, literal));
        }
    }
    best.unwrap_or_else(|| panic!("no path in the document for {path}"))
        .0
}

fn conforms(doc: &Value, method: &str, path: &str, a: &Answer) {
    let t = template(doc, method, path);
    let op = &doc["paths"][t][method.to_lowercase()];
    assert!(op.is_object(), "{method} {t} is not in the document");
    let response = &op["responses"][a.status.to_string()];
    assert!(
        response.is_object(),
        "{method} {t}: status {} is not in the document ({a:?})",
        a.status
    );
    let schema = &response["content"]["application/json"]["schema"];
    let mut errors = Vec::new();
    check(doc, schema, &a.body, "$", &mut errors);
    assert!(
        errors.is_empty(),
        "{method} {path} {}: {errors:?}\n{}",
        a.status,
        a.body
    );
}

#[test]
fn the_document_describes_every_answer() {
    let env = Env::new();
    let s = Server::start(&env, NOW, "");
    let doc = s.api("GET", "/api/v1/openapi.json", None).body;
    assert_eq!(doc["openapi"], "3.0.3");
    let calls: Vec<(&str, &str, Option<Value>)> = vec![
        (
            "POST",
            "/api/v1/tasks",
            Some(json!({"text": "Write report due:tomorrow +work"})),
        ),
        ("POST", "/api/v1/tasks", Some(json!({"text": "Buy milk"}))),
        ("POST", "/api/v1/tasks", Some(json!({"title": "x"}))),
        ("GET", "/api/v1/tasks?filter=%2Bwork", None),
        ("GET", "/api/v1/tasks/1", None),
        ("GET", "/api/v1/tasks/99", None),
        (
            "PATCH",
            "/api/v1/tasks/1",
            Some(json!({"text": "priority:H"})),
        ),
        ("POST", "/api/v1/tasks/2/done", None),
        ("POST", "/api/v1/undo", None),
        ("DELETE", "/api/v1/tasks/2", None),
        (
            "POST",
            "/api/v1/focus-sessions",
            Some(json!({"task": "1", "planned_minutes": 25})),
        ),
        ("POST", "/api/v1/focus-sessions", Some(json!({}))),
        ("GET", "/api/v1/focus-sessions/current", None),
        (
            "PATCH",
            "/api/v1/focus-sessions/current",
            Some(json!({"status": "paused"})),
        ),
        (
            "PATCH",
            "/api/v1/focus-sessions/current",
            Some(json!({"status": "completed"})),
        ),
        (
            "PATCH",
            "/api/v1/focus-sessions/current",
            Some(json!({"status": "paused"})),
        ),
        ("GET", "/api/v1/focus-sessions", None),
        ("GET", "/api/v1/focus-sessions/analytics?days=7", None),
        ("GET", "/api/v1/time-entries/pending-review", None),
    ];
    for (method, path, body) in calls {
        let a = s.api(method, path, body);
        conforms(&doc, method, path, &a);
    }
    // The resources added since: each route's success and a refusal, at the status meant.
    let more: Vec<(u16, &str, &str, Option<Value>)> = vec![
        (
            201,
            "POST",
            "/api/v1/events",
            Some(json!({"text": "Standup tomorrow 9:30 15m every weekday loc:Room4"})),
        ),
        (
            201,
            "POST",
            "/api/v1/events",
            Some(json!({"text": "Review tomorrow 9:00-10:00"})),
        ),
        (
            400,
            "POST",
            "/api/v1/events",
            Some(json!({"text": "Lunch"})),
        ),
        (200, "GET", "/api/v1/events?from=tomorrow&days=3", None),
        (400, "GET", "/api/v1/events?from=someday-maybe", None),
        (
            200,
            "PATCH",
            "/api/v1/events/1",
            Some(json!({"text": "10:00", "at": "2026-11-24"})),
        ),
        (
            404,
            "PATCH",
            "/api/v1/events/99",
            Some(json!({"text": "10:00"})),
        ),
        (200, "DELETE", "/api/v1/events/1?at=2026-11-25", None),
        (200, "DELETE", "/api/v1/events/1?from=2026-11-27", None),
        (200, "DELETE", "/api/v1/events/1", None),
        (404, "DELETE", "/api/v1/events/99", None),
        (
            201,
            "POST",
            "/api/v1/time-entries",
            Some(json!({"text": "8:00-9:00 1 +call"})),
        ),
        (
            409,
            "POST",
            "/api/v1/time-entries",
            Some(json!({"text": "8:30-9:30 project:ops"})),
        ),
        (
            400,
            "POST",
            "/api/v1/time-entries",
            Some(json!({"text": "x"})),
        ),
        (200, "GET", "/api/v1/time-entries?range=today", None),
        (400, "GET", "/api/v1/time-entries?range=fortnight", None),
        (
            200,
            "PATCH",
            "/api/v1/time-entries/1",
            Some(json!({"text": "end:9:15 note:kickoff"})),
        ),
        (
            404,
            "PATCH",
            "/api/v1/time-entries/99",
            Some(json!({"text": "end:9:15"})),
        ),
        (
            200,
            "GET",
            "/api/v1/reports?range=week&by=project,day",
            None,
        ),
        (400, "GET", "/api/v1/reports?by=weekday", None),
        (200, "GET", "/api/v1/plan?range=tomorrow", None),
        (400, "GET", "/api/v1/plan?range=someday-maybe", None),
        (
            200,
            "POST",
            "/api/v1/plan",
            Some(json!({"range": "tomorrow"})),
        ),
        (400, "POST", "/api/v1/plan", Some(json!({"range": 5}))),
        (200, "DELETE", "/api/v1/time-entries/1", None),
        (404, "DELETE", "/api/v1/time-entries/1", None),
    ];
    for (status, method, path, body) in more {
        let a = s.api(method, path, body);
        assert_eq!(a.status, status, "{method} {path}: {a:?}");
        conforms(&doc, method, path, &a);
    }
    let a = s.call("GET", "/api/v1/tasks", None, Some("wrong"));
    conforms(&doc, "GET", "/api/v1/tasks", &a);
}
