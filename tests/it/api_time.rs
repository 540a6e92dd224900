//! `/api/v1/time-entries` and `/api/v1/reports` over real HTTP: list, create, edit and delete
//! answer what `tempo time log`/`track add`/`time edit`/`time delete --json` print, an overlap
//! is 409, the capture review routes under the same resource, and every refusal (400, 404,
//! 409) leaves the database as it was.

use serde_json::{Value, json};

use crate::api_http::Server;
use crate::common::{Env, NOW};

/// Six minutes of typing an hour before `NOW`: one suggestion to review.
const SIGNALS: &str = r#"{"activity_signals": [
  {"timestamp": "2026-11-22T08:00:00Z", "app": "vscode", "type": "keyboard", "source_type": "keyboard", "repository": "tempo"},
  {"timestamp": "2026-11-22T08:03:00Z", "app": "vscode", "type": "keyboard", "source_type": "keyboard", "repository": "tempo"},
  {"timestamp": "2026-11-22T08:06:00Z", "app": "vscode", "type": "keyboard", "source_type": "keyboard", "repository": "tempo"}
 ], "idle_threshold_minutes": 5, "max_merge_idle_minutes": 10}"#;

#[test]
fn entries_are_listed_created_edited_and_deleted_as_the_cli_does() {
    let env = Env::new();
    env.run(&["add", "Write", "report", "project:web"]);
    let s = Server::start(&env, NOW, "");

    let a = s.api(
        "POST",
        "/api/v1/time-entries",
        Some(json!({"text": "8:00-9:00 1 +call note:kickoff"})),
    );
    assert_eq!(a.status, 201, "{a:?}");
    assert_eq!(a.body["project"], "web", "the task's project: {a:?}");
    assert_eq!(a.body["tags"], json!(["call"]));
    assert_eq!(a.body["start"], "2026-11-22T07:00:00Z");
    assert_eq!(a.body, env.json(&["time", "log"])[0]);
    let b = s.api(
        "POST",
        "/api/v1/time-entries",
        Some(json!({"text": "yesterday 14:00 for 45m project:ops type:meeting"})),
    );
    assert_eq!(b.status, 201, "{b:?}");

    for (query, words) in [
        ("", vec!["time", "log"]),
        ("?range=today", vec!["time", "log", "today"]),
        (
            "?range=week&filter=project:ops",
            vec!["time", "log", "week", "project:ops"],
        ),
        (
            "?from=yesterday&to=yesterday",
            vec!["time", "log", "--from", "yesterday", "--to", "yesterday"],
        ),
        ("?filter=%2Bcall", vec!["time", "log", "+call"]),
    ] {
        let listed = s.api("GET", &format!("/api/v1/time-entries{query}"), None);
        assert_eq!(listed.status, 200, "{query}: {listed:?}");
        assert_eq!(listed.body, env.json(&words), "{query}");
    }
    let today = s.api("GET", "/api/v1/time-entries?range=today", None);
    assert_eq!(today.body.as_array().map(Vec::len), Some(1), "{today:?}");

    let edited = s.api(
        "PATCH",
        "/api/v1/time-entries/1",
        Some(json!({"text": "end:9:15 -call project:web.front billable:no"})),
    );
    assert_eq!(edited.status, 200, "{edited:?}");
    assert_eq!(edited.body["end"], "2026-11-22T08:15:00Z");
    assert_eq!(edited.body["project"], "web.front");
    assert_eq!(edited.body["billable"], false);
    assert_eq!(edited.body, env.json(&["time", "log", "today"])[0]);

    let deleted = s.api("DELETE", "/api/v1/time-entries/2", None);
    assert_eq!(deleted.status, 200, "{deleted:?}");
    assert_eq!(deleted.body["project"], "ops");
    let left = env.json(&["time", "log"]);
    assert_eq!(left.as_array().map(Vec::len), Some(1), "{left}");
    // Undoable, as `tempo time delete` is.
    assert_eq!(s.api("POST", "/api/v1/undo", None).status, 200);
    assert_eq!(env.json(&["time", "log"]).as_array().map(Vec::len), Some(2));
}

#[test]
fn an_overlap_is_a_conflict_unless_adjusted() {
    let env = Env::new();
    env.run(&["track", "add", "8:00-9:00", "project:web"]);
    let s = Server::start(&env, NOW, "");
    let before = env.snapshot();
    let body = json!({"text": "8:30-9:30 project:ops"});
    let a = s.api("POST", "/api/v1/time-entries", Some(body));
    a.assert_refused(409, "overlaps entry 1");
    assert_eq!(a.body["error"]["code"], "conflict");
    let a = s.api(
        "PATCH",
        "/api/v1/time-entries/1",
        Some(json!({"text": "end:9:00"})),
    );
    assert_eq!(a.status, 200, "{a:?}");
    env.run(&["track", "add", "9:00-9:30", "project:ops"]);
    let before_edit = env.snapshot();
    let a = s.api(
        "PATCH",
        "/api/v1/time-entries/1",
        Some(json!({"text": "end:9:20"})),
    );
    a.assert_refused(409, "overlaps entry 2");
    assert_eq!(env.snapshot(), before_edit);
    assert_ne!(env.snapshot(), before);
    let a = s.api(
        "POST",
        "/api/v1/time-entries",
        Some(json!({"text": "8:30-9:10 project:ops", "adjust": true})),
    );
    assert_eq!(a.status, 201, "{a:?}");
    let log = env.json(&["time", "log"]);
    assert_eq!(log[0]["end"], "2026-11-22T07:30:00Z", "trimmed: {log}");
}

#[test]
fn bad_input_is_400_unknown_entries_404_and_nothing_changes() {
    let env = Env::new();
    env.run(&["track", "add", "8:00-9:00", "project:web"]);
    let s = Server::start(&env, NOW, "");
    let before = env.snapshot();
    let cases: Vec<(&str, &str, Option<Value>, u16, &str)> = vec![
        (
            "GET",
            "/api/v1/time-entries?range=fortnight",
            None,
            400,
            "fortnight",
        ),
        (
            "GET",
            "/api/v1/time-entries?range=week&from=mon",
            None,
            400,
            "not both",
        ),
        (
            "GET",
            "/api/v1/time-entries?from=someday-maybe",
            None,
            400,
            "from:",
        ),
        (
            "GET",
            "/api/v1/time-entries?filter=colour:red",
            None,
            400,
            "colour",
        ),
        (
            "POST",
            "/api/v1/time-entries",
            Some(json!({"text": "project:web"})),
            400,
            "cannot read a time span",
        ),
        (
            "POST",
            "/api/v1/time-entries",
            Some(json!({})),
            400,
            "text: missing",
        ),
        (
            "POST",
            "/api/v1/time-entries",
            Some(json!({"text": "7:00-7:30", "adjust": "yes"})),
            400,
            "adjust:",
        ),
        (
            "POST",
            "/api/v1/time-entries",
            Some(json!({"text": "7:00-7:30", "billable": true})),
            400,
            "billable:",
        ),
        (
            "PATCH",
            "/api/v1/time-entries/1",
            Some(json!({"text": "colour:red"})),
            400,
            "colour",
        ),
        (
            "PATCH",
            "/api/v1/time-entries/1",
            Some(json!({"text": "end:someday-maybe"})),
            400,
            "someday-maybe",
        ),
        (
            "PATCH",
            "/api/v1/time-entries/abc",
            Some(json!({"text": "end:9:00"})),
            400,
            "neither",
        ),
        (
            "DELETE",
            "/api/v1/time-entries/abc",
            None,
            400,
            "not a time entry id",
        ),
        (
            "PATCH",
            "/api/v1/time-entries/99",
            Some(json!({"text": "end:9:00"})),
            404,
            "no time entry 99",
        ),
        (
            "DELETE",
            "/api/v1/time-entries/99",
            None,
            404,
            "no time entry 99",
        ),
        ("GET", "/api/v1/reports?by=weekday", None, 400, "by:"),
        (
            "GET",
            "/api/v1/reports?range=fortnight",
            None,
            400,
            "fortnight",
        ),
        ("GET", "/api/v1/reports?filter=oops", None, 400, "oops"),
    ];
    s.refuses_all(&env, &before, cases);
}

#[test]
fn the_report_is_tempo_report_json_with_its_options_as_query_parameters() {
    let env = Env::new();
    env.run(&["track", "add", "8:00-9:00", "project:web", "client:acme"]);
    env.run(&[
        "track",
        "add",
        "yesterday",
        "14:00",
        "for",
        "45m",
        "project:ops",
    ]);
    let s = Server::start(&env, NOW, "");
    for (query, words) in [
        ("", vec!["report"]),
        (
            "?range=week&by=project,day",
            vec!["report", "week", "--by", "project,day"],
        ),
        (
            "?from=yesterday&to=today&by=client&filter=project:ops",
            vec![
                "report",
                "--from",
                "yesterday",
                "--to",
                "today",
                "--by",
                "client",
                "project:ops",
            ],
        ),
        ("?range=all", vec!["report", "all"]),
    ] {
        let a = s.api("GET", &format!("/api/v1/reports{query}"), None);
        assert_eq!(a.status, 200, "{query}: {a:?}");
        assert_eq!(a.body, env.json(&words), "{query}");
    }
    let week = s.api("GET", "/api/v1/reports?range=week", None);
    assert_eq!(week.body["seconds"], 3600 + 45 * 60, "{week:?}");
}

#[test]
fn suggestions_are_reviewed_under_time_entries() {
    let env = Env::new();
    let s = Server::start(&env, NOW, "");
    let signals: Value = serde_json::from_str(SIGNALS).expect("signals");
    let ingest = s.api("POST", "/api/v1/time-entries/ingest", Some(signals));
    assert_eq!(ingest.status, 201, "{ingest:?}");
    let queue = s.api("GET", "/api/v1/time-entries/pending-review", None);
    let id = queue.body[0]["id"]
        .as_str()
        .expect("a suggestion")
        .to_string();
    let path = format!("/api/v1/time-entries/{id}");

    let before = env.snapshot();
    let a = s.api("PATCH", &path, Some(json!({"start": "someday-maybe"})));
    a.assert_refused(400, "start:");
    let a = s.api(
        "PATCH",
        &path,
        Some(json!({"start": "9:00", "project": "x"})),
    );
    a.assert_refused(400, "project:");
    let nil = format!("/api/v1/time-entries/{}", uuid::Uuid::nil());
    s.api("PATCH", &nil, Some(json!({"end": "9:10"})))
        .assert_refused(404, "no suggestion");
    assert_eq!(env.snapshot(), before);

    let edited = s.api(
        "PATCH",
        &path,
        Some(json!({"start": "8:55", "end": "9:10"})),
    );
    assert_eq!(edited.status, 200, "{edited:?}");
    assert_eq!(edited.body["suggestion"]["start"], "2026-11-22T07:55:00Z");
    assert_eq!(edited.body["suggestion"]["end"], "2026-11-22T08:10:00Z");

    let approved = s.api(
        "PATCH",
        &path,
        Some(json!({"status": "approved", "project": "tempo"})),
    );
    assert_eq!(approved.status, 200, "{approved:?}");
    let listed = s.api("GET", "/api/v1/time-entries", None);
    assert_eq!(listed.body, env.json(&["time", "log"]));
    assert_eq!(listed.body[0]["project"], "tempo");
    assert_eq!(listed.body[0]["start"], "2026-11-22T07:55:00Z");
    let before = env.snapshot();
    let again = s.api("PATCH", &path, Some(json!({"end": "9:20"})));
    again.assert_refused(409, "already approved");
    assert_eq!(env.snapshot(), before);

    // The same typing two hours earlier: a second suggestion, rejected.
    let earlier: Value = serde_json::from_str(&SIGNALS.replace("T08:", "T06:")).expect("signals");
    let ingest = s.api("POST", "/api/v1/time-entries/ingest", Some(earlier));
    assert_eq!(ingest.status, 201, "{ingest:?}");
    let queue = s.api("GET", "/api/v1/time-entries/pending-review", None);
    assert_eq!(queue.body, env.json(&["review"]));
    let second = queue.body[0]["id"].as_str().expect("a suggestion");
    let path = format!("/api/v1/time-entries/{second}");
    let rejected = s.api("PATCH", &path, Some(json!({"status": "rejected"})));
    assert_eq!(rejected.status, 200, "{rejected:?}");
    assert_eq!(rejected.body["suggestion"]["status"], "rejected");
    let decided = s.api("GET", "/api/v1/time-entries/pending-review?all=true", None);
    assert_eq!(decided.body, env.json(&["review", "--all"]));
    assert_eq!(
        decided.body.as_array().map(Vec::len),
        Some(2),
        "{decided:?}"
    );
    assert_eq!(
        s.api("GET", "/api/v1/time-entries", None).body,
        env.json(&["time", "log"])
    );
}
