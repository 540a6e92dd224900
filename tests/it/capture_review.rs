//! Capture and review through the real binary: the seed ingest format from a file and from
//! standard input, idempotent re-ingest, the review queue with its evidence and reasons,
//! approve (with a correction, `--confident`, `--learn`), reject, edit, split, undo, the pause,
//! and bad input (exit 2, nothing changed). Now is Sunday 2026-11-22 10:30 in Berlin.

use crate::common::{Env, refused};

/// `count` signals of `app`, one a minute from `start` (UTC, `YYYY-MM-DDTHH:MM`).
fn signals(start: &str, count: i64, app: &str, extra: &str) -> Vec<String> {
    let t0 = chrono::NaiveDateTime::parse_from_str(start, "%Y-%m-%dT%H:%M").expect("start");
    (0..count)
        .map(|i| {
            let t = t0 + chrono::Duration::minutes(i);
            format!(
                r#"{{"timestamp": "{}Z", "app": "{app}", "type": "keyboard", "source_type": "keyboard"{extra}}}"#,
                t.format("%Y-%m-%dT%H:%M:%S")
            )
        })
        .collect()
}

/// The seed format: a morning of editor work, then mixed browser and chat.
fn seed() -> String {
    let mut all = signals(
        "2026-11-20T08:00",
        90,
        "vscode",
        r#", "title": "main.rs — tempo", "repository": "tempo""#,
    );
    for i in 0..20 {
        let app = if i % 2 == 0 { "firefox" } else { "slack" };
        all.extend(signals(&format!("2026-11-20T10:{:02}", i * 2), 2, app, ""));
    }
    format!(
        r#"{{"activity_signals": [{}], "idle_threshold_minutes": 5, "max_merge_idle_minutes": 10}}"#,
        all.join(", ")
    )
}

fn ingest(env: &Env, json: &str) -> serde_json::Value {
    let path = env.dir.path().join("signals.json");
    std::fs::write(&path, json).expect("write");
    env.json(&["capture", "ingest", path.to_str().expect("utf-8")])
}

fn queue(env: &Env) -> Vec<serde_json::Value> {
    env.json(&["review"]).as_array().expect("array").clone()
}

#[test]
fn the_seed_format_becomes_a_review_queue_and_re_ingest_changes_nothing() {
    let env = Env::new();
    let first = ingest(&env, &seed());
    assert_eq!(first["received"], 130);
    assert_eq!(first["stored"], 130);
    assert_eq!(first["suggested"], 2);
    assert_eq!(
        first["needs_verification"].as_array().expect("list").len(),
        1
    );
    let reason = &first["needs_verification"][0]["reasons"][0];
    assert_eq!(reason["reason"], "mixed_usage", "{reason}");
    let before = env.snapshot_of_table("capture_suggestions");
    let again = ingest(&env, &seed());
    assert_eq!(
        (again["stored"].as_i64(), again["duplicates"].as_i64()),
        (Some(0), Some(130))
    );
    assert_eq!(again["suggested"], 0);
    assert_eq!(env.snapshot_of_table("capture_suggestions"), before);

    let text = env.run(&["review"]);
    assert!(text.contains("Fri 20 Nov 09:00–10:29"), "{text}");
    assert!(text.contains("vscode 100%"), "{text}");
    assert!(text.contains("titles: main.rs — tempo"), "{text}");
    assert!(
        text.contains("⚠ needs verification: mixed firefox and slack usage; no rule matched"),
        "{text}"
    );
    assert!(text.contains("2 pending, 1 need verification"), "{text}");
}

#[test]
fn standard_input_works_like_a_file() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["--json", "capture", "ingest", "-"])
        .write_stdin(seed())
        .output()
        .expect("runs");
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["stored"], 130);
}

#[test]
fn approve_reject_edit_split_and_undo() {
    let env = Env::new();
    ingest(&env, &seed());
    let q = queue(&env);
    let (code, mixed) = (
        q[0]["id"].as_str().expect("id"),
        q[1]["id"].as_str().expect("id"),
    );
    let out = env.run(&[
        "review",
        "approve",
        &code[..8],
        "project:tempo",
        "client:acme",
        "--learn",
    ]);
    assert!(out.contains("as time entry 1"), "{out}");
    assert!(
        out.contains("learned: repository tempo → project tempo, client acme"),
        "{out}"
    );
    let log = env.json(&["time", "log", "all"]);
    assert_eq!(log[0]["source"], "capture", "{log}");
    assert_eq!(log[0]["project"], "tempo");
    assert_eq!(log[0]["client"], "acme");
    assert!(
        env.run(&["capture", "rules"])
            .contains("repository tempo → project tempo")
    );

    let split = env.run(&["review", "split", &mixed[..8], "11:20"]);
    assert!(
        split.contains("11:00–11:20") && split.contains("11:20–11:39"),
        "{split}"
    );
    let edited = env.run(&["review", "edit", &mixed[..8], "start:11:05"]);
    assert!(edited.contains("11:05–11:20"), "{edited}");
    env.run(&["review", "reject", &mixed[..8]]);
    let left = queue(&env);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(
        left[0]["start"]
            .as_str()
            .expect("start")
            .starts_with("2026-11-20T10:20")
    );

    let undo = env.run(&["undo"]);
    assert!(undo.contains("review reject"), "{undo}");
    assert_eq!(queue(&env).len(), 2);
    let all = env.json(&["review", "--all"]);
    let statuses: Vec<&str> = all
        .as_array()
        .expect("array")
        .iter()
        .map(|s| s["status"].as_str().expect("status"))
        .collect();
    assert_eq!(
        statuses,
        ["approved", "rejected", "pending", "pending"],
        "{all}"
    );
}

#[test]
fn confident_approves_only_suggestions_above_the_threshold() {
    let env = Env::new();
    ingest(&env, &seed());
    let done = env.json(&["review", "approve", "--confident"]);
    assert_eq!(done.as_array().expect("array").len(), 1, "{done}");
    assert_eq!(done[0]["suggestion"]["needs_verification"], false);
    let left = queue(&env);
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["needs_verification"], true);
}

#[test]
fn configured_rules_classify_and_exclusions_drop_at_the_door() {
    let env = Env::new();
    let config = env.dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[capture]\nexclude = [{ app = \"slack\" }]\n[[capture.rules]]\nrepository = \"tempo\"\n\
         project = \"tempo\"\ntype = \"work\"\n",
    )
    .expect("config");
    let path = env.dir.path().join("signals.json");
    std::fs::write(&path, seed()).expect("write");
    let out = env
        .cmd()
        .env("TEMPO_CONFIG", &config)
        .args(["--json", "capture", "ingest", path.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["excluded"], 20);
    assert_eq!(report["stored"], 110);
    let out = env
        .cmd()
        .env("TEMPO_CONFIG", &config)
        .args(["--json", "review"])
        .output()
        .expect("runs");
    let q: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(q[0]["project"], "tempo", "{q}");
    assert_eq!(q[0]["activity_type"], "work", "{q}");
}

#[test]
fn pausing_keeps_signals_of_the_paused_time_out() {
    let env = Env::new();
    let out = env.run(&["capture", "pause", "for", "1h"]);
    assert!(
        out.contains("Capture paused until Sun 22 Nov 11:30"),
        "{out}"
    );
    let json = format!(
        r#"{{"activity_signals": [{}]}}"#,
        signals("2026-11-22T09:40", 10, "vscode", "").join(", ")
    );
    let r = ingest(&env, &json);
    assert_eq!(
        (r["paused"].as_i64(), r["stored"].as_i64()),
        (Some(10), Some(0))
    );
    assert!(
        env.run(&["capture", "status"])
            .contains("Capture: paused until Sun 22 Nov 11:30")
    );
    assert!(env.run(&["capture", "resume"]).contains("Capture resumed"));
    assert!(env.run(&["capture", "status"]).contains("Capture: on"));
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let env = Env::new();
    ingest(&env, &seed());
    let id = queue(&env)[0]["id"].as_str().expect("id")[..8].to_string();
    let bad = env.dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"activity_signals": [{"timestamp": "yesterday", "app": "x", "type": "keyboard", "source_type": "k"}]}"#,
    )
    .expect("write");
    let bad = bad.to_str().expect("utf-8");
    refused(
        &env,
        &["capture", "ingest", bad],
        "activity_signals[0].timestamp",
    );
    refused(
        &env,
        &["capture", "ingest", "/nonexistent.json"],
        "cannot read /nonexistent.json",
    );
    refused(
        &env,
        &["review", "approve", "ffffffff"],
        "no suggestion `ffffffff`",
    );
    refused(
        &env,
        &["review", "approve"],
        "name the suggestions to approve",
    );
    refused(&env, &["review", "approve", &id, "--confident"], "not both");
    refused(
        &env,
        &["review", "approve", &id, "--learn"],
        "--learn needs a correction",
    );
    refused(
        &env,
        &["review", "approve", &id, "+tag"],
        "takes project: client: type: note:",
    );
    refused(&env, &["review", "approve", &id, "type:nap"], "nap");
    refused(&env, &["review", "edit", &id, "start:tomorow"], "tomorow");
    refused(
        &env,
        &["review", "edit", &id, "start:10:00", "end:09:00"],
        "not after the start",
    );
    refused(
        &env,
        &["review", "split", &id, "23:00"],
        "is not inside suggestion",
    );
    refused(
        &env,
        &["capture", "pause", "for", "a while"],
        "pause with `for 1h`",
    );
    refused(
        &env,
        &["capture", "pause", "until", "yesterday", "9:00"],
        "end before it starts",
    );
    refused(
        &env,
        &["capture", "rules", "forget", "7"],
        "no learned rule 7",
    );
    env.run(&["review", "reject", &id]);
    refused(&env, &["review", "approve", &id], "already rejected");
}
