//! `tempo focus` with the real binary; time moves by setting TEMPO_NOW.

use crate::common::Env;
use predicates::prelude::*;
use serde_json::Value;

fn at(env: &Env, minute: u32, args: &[&str]) -> Value {
    let now = format!("2026-11-22T09:{minute:02}:00Z");
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = env
        .cmd()
        .env("TEMPO_NOW", &now)
        .args(&all)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "tempo {args:?} at {now}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn a_session_with_a_pause_and_an_interruption() {
    let env = Env::new();
    env.run(&["add", "Write report", "project:work", "est:1h"]);
    let s = at(&env, 0, &["focus", "start", "1", "--minutes", "25"]);
    assert_eq!(s["active"]["title"], "Write report");
    assert_eq!(s["active"]["remaining_seconds"], 1500);
    assert_eq!(s["task"]["project"], "work");
    at(&env, 10, &["focus", "pause"]);
    let s = at(&env, 14, &["focus", "status"]);
    assert_eq!(
        (
            s["active"]["status"].as_str(),
            s["active"]["remaining_seconds"].as_i64()
        ),
        (Some("paused"), Some(900))
    );
    at(&env, 15, &["focus", "resume"]);
    at(&env, 16, &["focus", "interrupt", "--external", "phone"]);
    let s = at(&env, 20, &["focus", "status"]);
    assert_eq!(s["active"]["remaining_seconds"], 600);
    assert_eq!(s["active"]["interruptions"][0]["note"], "phone");
    let s = at(&env, 40, &["focus", "stop", "outline", "done"]);
    assert!(s["active"].is_null());
    assert_eq!(s["next"], "short_break");
    // Completed at the planned end (09:30), not at 09:40: the pause moved it by 5 minutes.
    let log = at(&env, 41, &["focus", "log"]);
    assert_eq!(log[0]["ended"], "2026-11-22T09:30:00Z");
    assert_eq!(log[0]["status"], "completed");
    assert_eq!(log[0]["notes"], "outline done");
    assert_eq!(log[0]["elapsed_seconds"], 1500);
    let entries = at(&env, 41, &["time", "log"]);
    let spans: Vec<(&str, &str)> = entries
        .as_array()
        .expect("array")
        .iter()
        .map(|e| {
            (
                e["start"].as_str().unwrap_or(""),
                e["end"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        spans,
        vec![
            ("2026-11-22T09:00:00Z", "2026-11-22T09:10:00Z"),
            ("2026-11-22T09:15:00Z", "2026-11-22T09:30:00Z")
        ]
    );
}

#[test]
fn time_running_out_while_closed_completes_at_the_planned_end() {
    let env = Env::new();
    at(
        &env,
        0,
        &["focus", "start", "--minutes", "20", "--title", "Reading"],
    );
    let s = at(&env, 55, &["focus", "status"]);
    assert!(s["active"].is_null());
    assert_eq!(s["ended"][0]["ended"], "2026-11-22T09:20:00Z");
    assert_eq!(s["ended"][0]["status"], "completed");
    assert_eq!(
        at(&env, 56, &["time", "log"]).as_array().map(Vec::len),
        Some(1)
    );
}

#[test]
fn breaks_skip_and_flowtime() {
    let env = Env::new();
    at(&env, 0, &["focus", "start", "--minutes", "1"]);
    let s = at(&env, 2, &["focus", "break"]);
    assert_eq!(
        (
            s["active"]["kind"].as_str(),
            s["active"]["planned_minutes"].as_i64()
        ),
        (Some("short_break"), Some(5))
    );
    let s = at(&env, 3, &["focus", "skip"]);
    assert!(s["active"].is_null());
    assert_eq!(s["next"], "focus");
    let s = at(&env, 4, &["focus", "start", "--flow"]);
    assert_eq!(
        (
            s["active"]["mode"].as_str(),
            s["active"]["remaining_seconds"].is_null()
        ),
        (Some("flow"), true)
    );
    let s = at(&env, 50, &["focus", "status"]);
    assert_eq!(s["active"]["elapsed_seconds"], 46 * 60);
    at(&env, 51, &["focus", "abandon"]);
    let stats = at(&env, 52, &["focus", "stats", "--days", "1"]);
    assert_eq!(
        (stats["completed"].as_i64(), stats["abandoned"].as_i64()),
        (Some(1), Some(1))
    );
    // Abandoned sessions leave no time entry.
    assert_eq!(
        at(&env, 52, &["time", "log"]).as_array().map(Vec::len),
        Some(1)
    );
}

#[test]
fn auto_start_runs_the_cycle_while_closed() {
    let env = Env::new();
    let cfg = env.dir.path().join("config.toml");
    std::fs::write(&cfg, "[focus]\nfocus_minutes = 10\nshort_break_minutes = 2\nauto_start_breaks = true\nauto_start_focus = true\n").expect("write");
    let cfg = cfg.to_str().expect("utf-8").to_string();
    at(
        &env,
        0,
        &["--config", &cfg, "focus", "start", "--title", "Essay"],
    );
    // 10 focus + 2 break + 10 focus + 2 break, then 3 minutes into the third focus.
    let s = at(&env, 27, &["--config", &cfg, "focus", "status"]);
    assert_eq!(s["active"]["kind"], "focus");
    assert_eq!(s["active"]["title"], "Essay");
    assert_eq!(s["active"]["started"], "2026-11-22T09:24:00Z");
    assert_eq!(s["ended"].as_array().map(Vec::len), Some(4));
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let env = Env::new();
    env.run(&["add", "x"]);
    let cases: &[(&[&str], &str)] = &[
        (
            &["focus", "start", "--minutes", "0"],
            "1 to 180 minutes, not 0",
        ),
        (
            &["focus", "start", "--minutes", "500"],
            "1 to 180 minutes, not 500",
        ),
        (&["focus", "start", "42"], "no task matches `42`"),
        (
            &["focus", "start", "zz"],
            "`zz` is not a task id or UUID prefix",
        ),
        (
            &["focus", "log", "--task", "5-3"],
            "`5-3` is not a task id or id list",
        ),
        (&["focus", "pause"], "no focus session is running"),
        (&["focus", "stop"], "no focus session is running"),
        (
            &["focus", "stats", "--days", "0"],
            "--days must be 1 to 3660",
        ),
        (
            &["focus", "log", "--since", "someday"],
            "cannot read `someday`",
        ),
    ];
    let before = env.snapshot();
    for (args, message) in cases {
        env.cmd()
            .args(*args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(*message));
        assert_eq!(
            env.snapshot(),
            before,
            "tempo {args:?} changed the database"
        );
    }
    // A second session while one runs.
    env.run(&["focus", "start"]);
    let running = env.snapshot();
    env.cmd()
        .args(["focus", "start"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already running"));
    env.cmd()
        .args(["focus", "resume"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not paused"));
    assert_eq!(env.snapshot(), running);
}

#[test]
fn status_line_for_a_prompt() {
    let env = Env::new();
    env.cmd()
        .args(["focus", "status"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "No focus session · next: focus",
        ));
    env.cmd()
        .env("TEMPO_NOW", "2026-11-22T09:00:00Z")
        .args(["focus", "start", "--title", "Deep work"])
        .assert()
        .success();
    env.cmd()
        .env("TEMPO_NOW", "2026-11-22T09:07:30Z")
        .args(["focus", "status"])
        .assert()
        .success()
        .stdout("Focus 17:30 left · Deep work\n");
}

/// Text output of `tempo ARGS` at 09:MM:SS.
fn text_at(env: &Env, time: &str, args: &[&str]) -> String {
    let out = env
        .cmd()
        .env("TEMPO_NOW", format!("2026-11-22T09:{time}Z"))
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn stop_and_interrupt_confirm_what_they_did() {
    let env = Env::new();
    text_at(
        &env,
        "00:00",
        &["focus", "start", "--minutes", "35", "--title", "Essay"],
    );
    let out = text_at(
        &env,
        "02:00",
        &["focus", "interrupt", "--external", "phone"],
    );
    assert!(
        out.starts_with(
            "Logged an external interruption · 1 interruption in this session · the session goes on\n"
        ),
        "{out}"
    );
    let out = text_at(&env, "07:07", &["focus", "stop"]);
    assert!(
        out.starts_with("Completed “Essay” · 7 min focused\n"),
        "{out}"
    );
    text_at(&env, "10:00", &["focus", "start", "--title", "Second"]);
    let v = at(&env, 12, &["focus", "interrupt", "--end"]);
    assert_eq!(
        v["message"],
        "Ended “Second” by an interruption · 2 min focused · 1 interruption"
    );
    assert_eq!(v["acted"]["status"], "interrupted");
    text_at(&env, "20:00", &["focus", "start", "--title", "Third"]);
    let v = at(&env, 21, &["focus", "stop"]);
    assert_eq!(v["message"], "Completed “Third” · 1 min focused");
    assert_eq!(v["acted"]["elapsed_seconds"], 60);
}

#[test]
fn a_flow_session_keeps_its_minutes_as_a_target() {
    let env = Env::new();
    let s = at(&env, 0, &["focus", "start", "--flow", "--minutes", "30"]);
    assert_eq!(s["active"]["planned_minutes"], 30);
    let out = text_at(&env, "40:00", &["focus", "status"]);
    assert_eq!(out, "Flow 40:00 of 30 min · Focus\n");
}

#[test]
fn focus_start_inside_a_block_runs_until_the_block_ends() {
    let env = Env::new();
    env.run(&["add", "Renew passport"]);
    env.run(&["block", "1", "today", "10:00", "60m"]);
    let out = env
        .cmd()
        .env("TEMPO_NOW", "2026-11-22T09:30:30Z")
        .args(["--json", "focus", "start"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("In a time block: Focusing until the block ends at 11:00 (30 min)"),
        "{stderr}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["active"]["title"], "Renew passport");
    assert_eq!(v["active"]["planned_minutes"], 30, "rounded up to the end");
}
