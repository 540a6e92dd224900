//! Where flags and words may go: global flags anywhere on the line, one reading of a filter in
//! every command, confirmation of changes to several tasks, `--since` looking back, and quiet
//! exits when the reader of a pipe goes away.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::{Env, NOW};
use predicates::prelude::*;

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
    let readme = include_str!("../README.md");
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
