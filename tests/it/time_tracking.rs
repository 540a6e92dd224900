//! Time tracking through the real binary: a first session, backfills and their clashes, every
//! entry command and its bad input (exit 2, nothing changed), undo, and the old schema.
//! Now is Sunday 2026-11-22 10:30 in Berlin.

use crate::common::{Env, refused};

fn spans(env: &Env) -> Vec<(i64, String, String)> {
    let log = env.json(&["time", "log"]);
    log.as_array()
        .expect("array")
        .iter()
        .map(|e| {
            (
                e["id"].as_i64().unwrap_or(0),
                e["start"].as_str().unwrap_or("").to_string(),
                e["end"].as_str().unwrap_or("running").to_string(),
            )
        })
        .collect()
}

/// `tempo --json ARGS` with the clock at `utc` instead of the pinned now.
fn at(env: &Env, utc: &str, args: &[&str]) -> serde_json::Value {
    let out = env
        .cmd()
        .env("TEMPO_NOW", utc)
        .arg("--json")
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "tempo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn a_first_session_starts_switches_stops_and_continues() {
    let env = Env::new();
    env.run(&["add", "Write report", "project:docs", "+writing"]);
    let started = env.json(&["track", "start", "1", "type:research"]);
    assert_eq!(started["entry"]["project"], "docs");
    assert_eq!(started["entry"]["tags"], serde_json::json!(["writing"]));
    assert_eq!(started["entry"]["activity"], "research");
    assert!(started["entry"]["end"].is_null());
    assert_eq!(env.json(&["track", "status"])["running"]["id"], 1);
    let switched = at(
        &env,
        "2026-11-22T09:45:00Z",
        &["track", "start", "project:mail", "answer", "Ann"],
    );
    assert_eq!(switched["stopped"]["end"], "2026-11-22T09:45:00Z");
    assert_eq!(switched["entry"]["note"], "answer Ann");
    at(&env, "2026-11-22T10:00:00Z", &["track", "stop"]);
    let again = at(&env, "2026-11-22T10:10:00Z", &["track", "continue", "1"]);
    assert_eq!(
        (
            again["entry"]["id"].as_i64(),
            again["entry"]["project"].as_str()
        ),
        (Some(3), Some("docs"))
    );
    let status = at(&env, "2026-11-22T10:20:00Z", &["track", "status"]);
    assert_eq!(
        (status["running"]["id"].as_i64(), status["seconds"].as_i64()),
        (Some(3), Some(600))
    );
    refused(&env, &["track", "stop", "10:00"], "cannot stop");
    at(&env, "2026-11-22T10:20:00Z", &["track", "stop", "11:15"]);
    let out = env.cmd().args(["track", "status"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "nothing runs: exit 1");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "Not tracking.");
    refused(&env, &["track", "stop"], "nothing is being tracked");
    assert_eq!(
        spans(&env),
        vec![
            (
                1,
                "2026-11-22T09:30:00Z".into(),
                "2026-11-22T09:45:00Z".into()
            ),
            (
                2,
                "2026-11-22T09:45:00Z".into(),
                "2026-11-22T10:00:00Z".into()
            ),
            (
                3,
                "2026-11-22T10:10:00Z".into(),
                "2026-11-22T10:15:00Z".into()
            ),
        ]
    );
}

#[test]
fn a_backfill_that_overlaps_is_refused_naming_the_clash_or_trims_with_adjust() {
    let env = Env::new();
    env.run(&["track", "add", "yesterday", "9:00-10:30", "project:web"]);
    refused(
        &env,
        &["track", "add", "yesterday", "10:00-11:00", "project:home"],
        "overlaps entry 1 (2026-11-21 09:00–10:30)",
    );
    env.run(&[
        "track",
        "add",
        "yesterday",
        "10:00",
        "for",
        "1h",
        "project:home",
        "--adjust",
    ]);
    assert_eq!(
        spans(&env),
        vec![
            (
                1,
                "2026-11-21T08:00:00Z".into(),
                "2026-11-21T09:00:00Z".into()
            ),
            (
                2,
                "2026-11-21T09:00:00Z".into(),
                "2026-11-21T10:00:00Z".into()
            ),
        ]
    );
    env.run(&["undo"]);
    assert_eq!(
        spans(&env),
        vec![(
            1,
            "2026-11-21T08:00:00Z".into(),
            "2026-11-21T09:30:00Z".into()
        )]
    );
}

#[test]
fn split_join_move_edit_and_delete_by_id_each_undoable() {
    let env = Env::new();
    env.run(&["track", "add", "fri", "9:00-12:00", "project:web"]);
    let parts = env.json(&["time", "split", "1", "10:00"]);
    assert_eq!(parts[1]["start"], "2026-11-20T09:00:00Z");
    env.run(&["time", "join", "1", "2"]);
    assert_eq!(
        spans(&env),
        vec![(
            1,
            "2026-11-20T08:00:00Z".into(),
            "2026-11-20T11:00:00Z".into()
        )]
    );
    let moved = env.json(&["time", "move", "1", "13:00"]);
    assert_eq!(
        (moved["start"].as_str(), moved["end"].as_str()),
        (Some("2026-11-20T12:00:00Z"), Some("2026-11-20T15:00:00Z"))
    );
    let edited = env.json(&[
        "time",
        "edit",
        "1",
        "+call",
        "billable:no",
        "client:Acme",
        "note:kick-off",
    ]);
    assert_eq!(
        (
            edited["billable"].as_bool(),
            edited["client"].as_str(),
            edited["note"].as_str()
        ),
        (Some(false), Some("Acme"), Some("kick-off"))
    );
    env.run(&["time", "delete", "1"]);
    assert!(spans(&env).is_empty());
    for _ in 0..5 {
        env.run(&["undo"]);
    }
    assert_eq!(
        spans(&env),
        vec![(
            1,
            "2026-11-20T08:00:00Z".into(),
            "2026-11-20T11:00:00Z".into()
        )]
    );
}

#[test]
fn bad_input_exits_2_and_changes_nothing() {
    let env = Env::new();
    env.run(&["track", "add", "yesterday", "9:00-10:00", "project:web"]);
    env.run(&["client", "add", "Acme", "--rate", "80"]);
    let cases: &[(&[&str], &str)] = &[
        (&["track", "add", "blursday", "9:00-10:00"], "blursday"),
        (&["track", "add", "project:web"], "cannot read a time span"),
        (
            &["track", "add", "10:00-11:00", "type:nap"],
            "unknown activity type `nap`",
        ),
        (&["track", "add", "10:00", "for", "ages"], "ages"),
        (&["track", "start", "billable:maybe"], "yes or no"),
        (&["track", "start", "99"], "99"),
        (&["track", "start", "0"], "`0` is not a task id or id list"),
        (
            &["time", "edit", "1", "task:zz"],
            "`zz` is not a task id or UUID prefix",
        ),
        (&["track", "continue", "42"], "no time entry 42"),
        (
            &["time", "edit", "1", "colour:red"],
            "unknown attribute `colour:`",
        ),
        (&["time", "edit", "1", "end:8:00"], "is not after the start"),
        (&["time", "edit", "9", "+x"], "no time entry 9"),
        (&["time", "split", "1", "12:00"], "is not inside entry 1"),
        (&["time", "join", "1", "1"], "two different entries"),
        (&["time", "move", "1", "tomorrow"], "is a day; give a time"),
        (&["time", "delete", "7"], "no time entry 7"),
        (
            &["time", "log", "fortnight"],
            "not a range or a filter word",
        ),
        (&["client", "add", "acme"], "already exists"),
        (
            &["client", "add", "Beta", "--rate", "eighty"],
            "hourly rate",
        ),
        (
            &["client", "add", "Beta", "--rounding", "7h"],
            "rounding rule",
        ),
        (
            &["client", "add", "Beta", "--currency", "euros"],
            "currency code",
        ),
        (
            &["client", "edit", "Nobody", "--rate", "5"],
            "no client named `Nobody`",
        ),
        (
            &["report", "week", "--by", "colour"],
            "cannot group by `colour`",
        ),
        (&["report", "--from", "blursday"], "blursday"),
        (&["report", "week", "--from", "mon"], "not both"),
    ];
    for (args, says) in cases {
        refused(&env, args, says);
    }
}

#[test]
fn tempo_start_and_stop_on_a_task_track_it() {
    let env = Env::new();
    env.run(&["add", "Fix bug", "project:web", "+urgent"]);
    env.run(&["start", "1"]);
    let status = env.json(&["track", "status"]);
    assert_eq!(status["running"]["project"], "web");
    assert!(status["running"]["task"].is_string());
    // One undo takes back both the task's start and the tracking.
    env.run(&["undo"]);
    assert!(
        env.json(&["time", "log"])
            .as_array()
            .is_some_and(Vec::is_empty)
    );
    assert_eq!(env.json(&["show", "1"])["status"], "pending");
    env.run(&["start", "1"]);
    // Ids are never handed out again: the undone entry was 1.
    at(
        &env,
        "2026-11-22T09:30:00Z",
        &["time", "edit", "2", "start:9:00"],
    );
    env.run(&["stop", "1"]);
    assert_eq!(
        spans(&env),
        vec![(
            2,
            "2026-11-22T08:00:00Z".into(),
            "2026-11-22T09:30:00Z".into()
        )]
    );
}

#[test]
fn an_old_database_keeps_its_focus_time() {
    let env = Env::new();
    {
        drop(tempo::store::Store::open_at_version(&env.db, 13).expect("v13"));
        let conn = rusqlite::Connection::open(&env.db).expect("open");
        conn.execute(
            "INSERT INTO time_entries (start, end, task_uuid, source, session_uuid)
             VALUES (1763800000, 1763801500, NULL, 'focus', 's1')",
            [],
        )
        .expect("old entry");
    }
    // The quick read-only status cannot read the old schema: it falls back and upgrades.
    let out = env.cmd().args(["track", "status"]).output().expect("runs");
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).trim()
        ),
        (Some(1), "Not tracking.")
    );
    let log = env.json(&["time", "log"]);
    assert_eq!(log[0]["source"], "focus");
    assert_eq!(log[0]["billable"], true);
    env.run(&["track", "start", "project:web"]);
    assert_eq!(env.json(&["time", "log"]).as_array().map(Vec::len), Some(2));
}

#[test]
fn clients_are_added_edited_renamed_and_listed_with_their_projects_and_time() {
    let env = Env::new();
    env.run(&[
        "client",
        "add",
        "Acme",
        "--rate",
        "80",
        "--currency",
        "USD",
        "--rounding",
        "15m",
        "--project",
        "web=95",
    ]);
    env.run(&["track", "add", "yesterday", "9:00-10:00", "client:Acme"]);
    env.run(&[
        "client",
        "edit",
        "Acme",
        "--rename",
        "Acme Corp",
        "--rate",
        "85.50",
    ]);
    let list = env.json(&["client", "list"]);
    let client = &list["clients"][0];
    assert_eq!(
        (
            client["name"].as_str(),
            client["rate"].as_i64(),
            client["currency"].as_str()
        ),
        (Some("Acme Corp"), Some(8550), Some("USD"))
    );
    assert_eq!(client["rounding"]["step_minutes"], 15);
    // The project and the tracked time follow the new name.
    let project = &list["projects"][0];
    assert_eq!(
        (project["project"].as_str(), project["client"].as_str()),
        (Some("web"), Some("Acme Corp"))
    );
    assert_eq!(project["rate"], 9500);
    let log = env.json(&["time", "log"]);
    assert_eq!(log[0]["client"], "Acme Corp");
    let text = env.run(&["client", "list"]);
    assert!(text.contains("Acme Corp") && text.contains("web"), "{text}");
    // One undo step takes the whole edit back.
    env.run(&["undo"]);
    let list = env.json(&["client", "list"]);
    assert_eq!(list["clients"][0]["name"], "Acme");
    assert_eq!(list["projects"][0]["client"], "Acme");
    assert_eq!(env.json(&["time", "log"])[0]["client"], "Acme");
}
