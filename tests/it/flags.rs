//! Where flags and words may go: global flags anywhere on the line, one reading of a filter in
//! every command, confirmation of changes to several tasks, `--since` looking back, and quiet
//! exits when the reader of a pipe goes away.

use std::io::Write;
use std::process::Stdio;

use crate::common::{Env, NOW};
use predicates::prelude::*;
use serde_json::Value;

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|t| t["id"].as_i64().expect("id"))
        .collect()
}

/// Runs `tempo ARGS` expecting JSON on stdout, with the flags wherever `args` puts them.
fn json_of(env: &Env, args: &[&str]) -> Value {
    serde_json::from_str(&env.run(args)).expect("valid JSON")
}

#[test]
fn global_flags_after_free_words_are_flags() {
    let env = Env::new();
    let t = json_of(&env, &["add", "tz", "test", "due:tomorrow", "--json"]);
    assert_eq!(t["title"], "tz test");
    assert_eq!(t["due"], "2026-11-23T22:59:59Z");
    env.run(&["add", "Call", "Ann", "+phone"]);
    assert_eq!(ids(&json_of(&env, &["list", "+phone", "--json"])), vec![2]);
    let a = json_of(&env, &["annotate", "2", "note", "--json"]);
    assert_eq!(a["action"], "annotated");
    assert_eq!(env.json(&["show", "2"])["annotations"][0]["text"], "note");
    let e = json_of(&env, &["cal", "add", "Foo", "tomorrow", "11:00", "--json"]);
    assert_eq!(e["summary"], "Foo");
    // The command's own flags too, with their values.
    env.run(&["add", "Call", "Bob", "+phone", "due:fri"]);
    let sorted = json_of(&env, &["list", "+phone", "--sort", "-due", "--json"]);
    assert_eq!(ids(&sorted), vec![3, 2]);
    let other = env.dir.path().join("other.sqlite");
    env.run(&["add", "elsewhere", "--db", other.to_str().expect("utf-8")]);
    assert!(other.exists());
}

#[test]
fn double_dash_ends_flags_so_a_title_can_hold_one() {
    let env = Env::new();
    env.run(&["add", "Read", "--", "--json", "docs"]);
    assert_eq!(env.json(&["show", "1"])["title"], "Read --json docs");
    env.run(&["add", "--", "--color"]);
    assert_eq!(env.json(&["show", "2"])["title"], "--color");
}

fn three_tasks() -> Env {
    let env = Env::new();
    env.run(&["add", "A", "project:work", "+next"]);
    env.run(&["add", "B", "+phone"]);
    env.run(&["add", "C", "project:work"]);
    env.run(&["add", "D", "project:home", "+next"]);
    env
}

#[test]
fn a_quoted_filter_is_the_same_filter_as_its_words() {
    let env = three_tasks();
    assert_eq!(ids(&env.json(&["list", "project:work +next"])), vec![1]);
    assert_eq!(
        ids(&env.json(&["list", "project:work +next"])),
        ids(&env.json(&["list", "project:work", "+next"]))
    );
    let mut or = ids(&env.json(&["list", "+next or +phone"]));
    or.sort_unstable();
    assert_eq!(or, vec![1, 2, 4]);
    // `modify` reads its quoted target the same way.
    let changed = env.json(&["modify", "project:work +next", "pri:H"]);
    assert_eq!(ids(&changed["tasks"]), vec![1]);
}

#[test]
fn several_tasks_by_filter_need_a_confirmation() {
    let env = three_tasks();
    let before = env.snapshot();
    for args in [
        &["modify", "+next or +phone", "pri:L"][..],
        &["done", "+next or +phone"],
        &["done", "+next"],
        &["delete", "project:work"],
    ] {
        env.cmd()
            .args(args)
            .write_stdin("")
            .assert()
            .code(2)
            .stderr(predicate::str::contains("add --yes to confirm"));
        assert_eq!(env.snapshot(), before, "{args:?} changed nothing");
    }
    env.cmd()
        .args(["modify", "+next or +phone", "pri:L"])
        .write_stdin("")
        .assert()
        .stderr(predicate::str::contains("would modify 3 tasks (1, 2, 4)"));
    let changed = env.json(&["modify", "+next or +phone", "pri:L", "--yes"]);
    assert_eq!(ids(&changed["tasks"]).len(), 3);
    let done = env.json(&["done", "+next", "--yes"]);
    assert_eq!(ids(&done["tasks"]), vec![1, 4]);
    // One task by filter, or several by id, goes ahead as before.
    assert_eq!(ids(&env.json(&["done", "+phone"])["tasks"]), vec![2]);
    env.run(&["add", "E"]);
    env.run(&["add", "F"]);
    assert_eq!(ids(&env.json(&["done", "5", "6"])["tasks"]), vec![5, 6]);
    let deleted = env.json(&["delete", "project:work", "-y"]);
    assert_eq!(ids(&deleted["tasks"]), vec![3]);
}

#[test]
fn since_a_weekday_means_the_last_one() {
    let env = Env::new();
    // A session on Tuesday 17 Nov; "now" is Sunday 22 Nov.
    for (at, action) in [
        ("2026-11-17T09:00:00Z", "start"),
        ("2026-11-17T09:20:00Z", "stop"),
    ] {
        env.cmd()
            .env("TEMPO_NOW", at)
            .args(["focus", action])
            .assert()
            .success();
    }
    assert_eq!(
        env.json(&["focus", "log", "--since", "mon"])
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(
        env.json(&["time", "log", "--since", "tue"])
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(
        env.json(&["time", "log", "--since", "wed"])
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    // Today counts as its own weekday.
    assert_eq!(
        env.json(&["focus", "log", "--since", "sun"])
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    env.run(&["cal", "add", "Past", "2026-11-18", "10:00"]);
    let agenda = env.json(&["cal", "agenda", "--from", "mon", "--days", "7"]);
    assert!(agenda.to_string().contains("Past"), "{agenda}");
}

#[test]
fn calendar_colour_takes_either_spelling() {
    let env = Env::new();
    env.run(&["cal", "calendars", "add", "x", "--color", "red"]);
    env.run(&["cal", "calendars", "add", "y", "--colour=blue"]);
    env.run(&[
        "--color",
        "never",
        "cal",
        "calendars",
        "add",
        "z",
        "--color=green",
    ]);
    let cals = env.json(&["cal", "calendars"]);
    let colours: Vec<(&str, &str)> = cals
        .as_array()
        .expect("array")
        .iter()
        .map(|c| {
            (
                c["name"].as_str().expect("name"),
                c["colour"].as_str().expect("colour"),
            )
        })
        .collect();
    assert_eq!(colours, vec![("x", "red"), ("y", "blue"), ("z", "green")]);
}

#[test]
fn deleting_a_missing_calendar_says_so() {
    let env = Env::new();
    env.run(&["cal", "calendars", "add", "work"]);
    let before = env.snapshot();
    for args in [
        &["cal", "calendars", "delete", "missing"][..],
        &["cal", "calendars", "delete", "missing", "--yes"],
    ] {
        env.cmd()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "no calendar called “missing” (calendars: work)",
            ));
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_explicit_color_flag_wins_over_no_color_as_documented() {
    let env = Env::new();
    env.run(&["add", "late", "due:yesterday"]);
    let out = env
        .cmd()
        .env("NO_COLOR", "1")
        .args(["--color", "always", "list"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("\x1b[31m"));
    let readme = include_str!("../../README.md");
    assert!(
        readme.contains("`--color always` colours even then"),
        "README.md says what NO_COLOR and --color always do together"
    );
}

#[test]
fn usage_lines_do_not_show_an_environment_set_db_as_required() {
    let env = Env::new();
    env.cmd()
        .arg("add")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Usage: tempo add <WORDS>..."))
        .stderr(predicate::str::contains("--db <PATH>").not());
}

/// Runs `tempo ARGS` writing into a pipe whose reader is closed before the output is read; the
/// output is larger than a pipe's buffer, so the writes certainly meet the closed end.
fn into_closed_pipe(env: &Env, args: &[&str]) -> std::process::Output {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("tempo"));
    cmd.env_clear()
        .env("HOME", env.dir.path())
        .env("TEMPO_DB", &env.db)
        .env("TEMPO_NOW", NOW)
        .env("TZ", "Europe/Berlin")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawns");
    drop(child.stdout.take());
    child.wait_with_output().expect("runs")
}

#[test]
fn a_reader_closing_the_pipe_early_ends_tempo_quietly() {
    let env = Env::new();
    let file = env.dir.path().join("todo.txt");
    let mut todo = std::fs::File::create(&file).expect("create");
    for i in 0..400 {
        writeln!(
            todo,
            "(A) Task number {i} with a fairly long title +tag{i} @ctx due:2026-12-01"
        )
        .expect("write");
    }
    drop(todo);
    env.run(&["import", "todotxt", file.to_str().expect("utf-8")]);
    for args in [
        &["completions", "bash"][..],
        &["export", "json"],
        &["export", "todotxt"],
        &["list", "--json"],
        &["list"],
    ] {
        let out = into_closed_pipe(&env, args);
        assert!(out.status.success(), "{args:?}: {}", out.status);
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

/// Runs `tempo ARGS` on a terminal (util-linux `script` makes one) typing `answer`.
#[cfg(target_os = "linux")]
fn on_a_terminal(env: &Env, args: &str, answer: &str) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("tempo");
    let mut child = std::process::Command::new("script")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.dir.path())
        .env("TEMPO_DB", &env.db)
        .env("TEMPO_NOW", NOW)
        .env("TZ", "Europe/Berlin")
        .args(["-qec", &format!("'{}' {args}", bin.display()), "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(answer.as_bytes())
        .expect("answer");
    child.wait_with_output().expect("runs")
}

#[cfg(target_os = "linux")]
#[test]
fn on_a_terminal_the_tasks_are_listed_and_the_answer_counts() {
    let env = three_tasks();
    let before = env.snapshot();
    let out = on_a_terminal(&env, "done +next", "n\n");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("1 A") && text.contains("4 D"), "{text}");
    assert!(text.contains("Complete these 2 tasks? [y/N]"), "{text}");
    assert!(text.contains("Nothing changed."), "{text}");
    assert_eq!(env.snapshot(), before);
    let out = on_a_terminal(&env, "done +next", "y\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let done = env.json(&["list", "status:done"]);
    assert_eq!(ids(&done), vec![1, 4]);
}
