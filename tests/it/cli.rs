//! The real binary on a temp database: every task command, and bad input.

use crate::common::Env;
use predicates::prelude::*;
use serde_json::Value;

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|t| t["id"].as_i64().expect("id"))
        .collect()
}

#[test]
fn empty_database_explains_how_to_start() {
    let env = Env::new();
    env.cmd()
        .assert()
        .success()
        .stdout(predicate::str::contains("No tasks yet. Add one: tempo add"));
}

#[test]
fn add_list_show_with_inline_attributes() {
    let env = Env::new();
    let t = env.json(&[
        "add",
        "Call",
        "Ann",
        "project:work.client-a",
        "+phone",
        "due:fri",
        "9am",
        "pri:H",
        "est:30m",
    ]);
    assert_eq!(t["id"], 1);
    assert_eq!(t["title"], "Call Ann");
    assert_eq!(t["project"], "work.client-a");
    assert_eq!(t["tags"], serde_json::json!(["phone"]));
    assert_eq!(t["priority"], "H");
    assert_eq!(t["status"], "pending");
    assert_eq!(t["due"], "2026-11-27T08:00:00Z");
    assert_eq!(t["estimate_minutes"], 30);
    env.run(&["add", "Buy", "milk", "due:tomorrow", "+errand"]);
    let out = env.run(&["list"]);
    assert!(out.starts_with("ID P Project"), "{out}");
    assert!(
        out.contains("Call Ann") && out.contains("Buy milk"),
        "{out}"
    );
    let shown = env.run(&["show", "1"]);
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with("Project ") && l.ends_with(" work.client-a")),
        "{shown}"
    );
    assert!(shown.contains("2026-11-27 09:00"), "{shown}");
    // By UUID prefix too.
    let uuid = t["uuid"].as_str().expect("uuid");
    let by_uuid = env.json(&["show", &uuid[..8]]);
    assert_eq!(by_uuid["id"], 1);
}

#[test]
fn list_filters_sorts_and_limits() {
    let env = Env::new();
    env.run(&["add", "A", "project:work.api", "+next", "due:2026-11-25"]);
    env.run(&["add", "B", "project:work", "pri:L"]);
    env.run(&["add", "C", "project:home", "due:2026-11-20"]);
    env.run(&["add", "D", "project:workshop", "+next"]);
    assert_eq!(ids(&env.json(&["list", "project:work"])), vec![1, 2]);
    assert_eq!(
        ids(&env.json(&["list", "project:work.api", "+next", "due.before:2026-12-01"])),
        vec![1]
    );
    assert_eq!(ids(&env.json(&["list", "overdue"])), vec![3]);
    assert_eq!(
        ids(&env.json(&["list", "+next", "or", "pri:L", "--sort", "id"])),
        vec![1, 2, 4]
    );
    assert_eq!(
        ids(&env.json(&[
            "list",
            "not",
            "(project:work",
            "or",
            "project:home)",
            "--sort",
            "id"
        ])),
        vec![4]
    );
    assert_eq!(
        ids(&env.json(&["list", "--sort", "due,id"])),
        vec![3, 1, 2, 4]
    );
    assert_eq!(
        ids(&env.json(&["list", "--sort", "-id", "--limit", "2"])),
        vec![4, 3]
    );
    // Default sort is urgency, highest first.
    let urgencies: Vec<f64> = env
        .json(&["list"])
        .as_array()
        .expect("array")
        .iter()
        .map(|t| t["urgency"].as_f64().expect("f64"))
        .collect();
    assert!(urgencies.windows(2).all(|w| w[0] >= w[1]), "{urgencies:?}");
}

#[test]
fn modify_by_id_and_by_filter() {
    let env = Env::new();
    env.run(&["add", "Draft", "+a", "+b", "project:home"]);
    env.run(&["add", "Other", "project:home"]);
    let out = env.json(&["modify", "1", "-a", "+c", "due:in 2d", "New", "title"]);
    assert_eq!(out["tasks"][0]["id"], 1);
    let t = env.json(&["show", "1"]);
    assert_eq!(t["title"], "New title");
    assert_eq!(t["tags"], serde_json::json!(["b", "c"]));
    assert_eq!(t["due"], "2026-11-24T22:59:59Z");
    // Two tasks by filter: only when confirmed.
    env.run(&["modify", "project:home", "pri:M", "--yes"]);
    assert_eq!(
        ids(&env.json(&["list", "pri:M", "--sort", "id"])),
        vec![1, 2]
    );
    env.run(&["modify", "2", "depends:1"]);
    assert_eq!(ids(&env.json(&["list", "blocked"])), vec![2]);
    env.cmd()
        .args(["modify", "1", "depends:2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cycle"));
}

#[test]
fn start_stop_done_and_recurrence() {
    let env = Env::new();
    env.run(&["add", "Standup", "due:mon", "9:30", "recur:weekdays"]);
    env.run(&["start", "1"]);
    assert_eq!(ids(&env.json(&["list", "active"])), vec![1]);
    env.run(&["stop", "1"]);
    assert!(ids(&env.json(&["list", "active"])).is_empty());
    let out = env.run(&["done", "1"]);
    assert!(out.contains("Next occurrence: task 2"), "{out}");
    let next = env.json(&["show", "2"]);
    assert_eq!(next["due"], "2026-11-24T08:30:00Z");
    assert_eq!(next["status"], "pending");
    env.cmd()
        .args(["done", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already done"));
    // Undo the completion and do it again: the next instance is not created twice.
    env.run(&["undo"]);
    env.run(&["done", "1"]);
    let all = env.json(&["list", "status:any"]);
    assert_eq!(all.as_array().expect("array").len(), 2, "{all}");
}

#[test]
fn delete_needs_yes_for_several_and_undo_restores() {
    let env = Env::new();
    for t in ["a", "b", "c"] {
        env.run(&["add", t]);
    }
    let before = env.snapshot();
    env.cmd()
        .args(["delete", "1", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--yes"));
    assert_eq!(env.snapshot(), before);
    env.run(&["delete", "1-2", "--yes"]);
    assert_eq!(ids(&env.json(&["list"])), vec![3]);
    env.run(&["undo"]);
    assert_eq!(ids(&env.json(&["list", "--sort", "id"])), vec![1, 2, 3]);
}

#[test]
fn annotate_projects_tags() {
    let env = Env::new();
    env.run(&["add", "x", "project:work.api", "+a"]);
    env.run(&["add", "y", "project:work", "+a", "+b"]);
    env.run(&["annotate", "1", "called", "back"]);
    let t = env.json(&["show", "1"]);
    assert_eq!(t["annotations"][0]["text"], "called back");
    assert_eq!(t["annotations"][0]["at"], crate::common::NOW);
    let p = env.json(&["projects"]);
    assert_eq!(
        p,
        serde_json::json!([{"name": "work", "open": 1, "total": 1}, {"name": "work.api", "open": 1, "total": 1}])
    );
    let tags = env.json(&["tags"]);
    assert_eq!(
        tags[0],
        serde_json::json!({"name": "a", "open": 2, "total": 2})
    );
}

#[test]
fn undo_walks_back_through_every_mutating_command() {
    let env = Env::new();
    env.run(&["add", "x"]);
    env.run(&["modify", "1", "pri:H"]);
    env.run(&["start", "1"]);
    env.run(&["annotate", "1", "note"]);
    env.run(&["done", "1"]);
    for expected in ["done 1", "annotate 1", "start 1", "modify 1", "add \"x\""] {
        let out = env.json(&["undo"]);
        assert_eq!(out["undone"], expected);
    }
    env.cmd()
        .arg("undo")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Nothing to undo"));
    assert!(ids(&env.json(&["list", "status:any"])).is_empty());
}

#[test]
fn bad_input_is_exit_2_with_a_clear_message_and_changes_nothing() {
    let env = Env::new();
    env.run(&["add", "seed", "+a"]);
    let before = env.snapshot();
    let cases: &[(&[&str], &str)] = &[
        (
            &["add", "x", "due:someday"],
            "cannot read `someday` as a date",
        ),
        (&["add", "x", "prio:H"], "did you mean `pri:`"),
        (&["add", "+onlytag"], "needs a title"),
        (&["add", "x", "est:forever"], "as a duration"),
        (
            &["list", "prio:H"],
            "unknown filter attribute `prio` at column 1",
        ),
        (&["list", "(+a"], "missing `)`"),
        (&["list", "--sort", "bogus"], "unknown sort key"),
        (&["show", "99"], "no task matches `99`"),
        (&["show", "zz"], "not a task id or UUID prefix"),
        (&["modify", "1", "due:blursday"], "cannot read `blursday`"),
        (&["modify", "42", "pri:H"], "no task matches `42`"),
        (&["done", "1", "77"], "no task matches `77`"),
        (&["start", "abc"], "not a task id"),
        (&["annotate", "5", "x"], "no task matches `5`"),
        (&["done", "due:someday"], "cannot read `someday` as a date"),
        (&["modify", "(+a", "pri:H"], "missing `)`"),
        (&["delete", "0000-"], "`0000-` is not a task id or id list"),
        (&["done", "1", "+5"], "`+5` is not a task id or UUID prefix"),
        (&["stop", "+a"], "`+a` is not a task id or UUID prefix"),
        (
            &["annotate", "zz", "x"],
            "`zz` is not a task id or UUID prefix",
        ),
        (
            &["add", "x", "depends:1,zz"],
            "`zz` is not a task id or UUID prefix",
        ),
        (
            &["modify", "1", "parent:0"],
            "`0` is not a task id or id list",
        ),
        (
            &["modify", "1", "recur:sometimes"],
            "cannot read recurrence",
        ),
    ];
    for (args, message) in cases {
        env.cmd()
            .args(*args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(*message).and(predicate::str::starts_with("error: ")));
        assert_eq!(
            env.snapshot(),
            before,
            "tempo {args:?} changed the database"
        );
    }
    // clap's own usage errors are exit 2 as well.
    env.cmd().args(["frobnicate"]).assert().code(2);
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let env = Env::new();
    env.run(&["add", "x"]);
    let conn = rusqlite::Connection::open(&env.db).expect("open");
    conn.pragma_update(None, "user_version", 999).expect("bump");
    drop(conn);
    let before = env.snapshot();
    env.cmd()
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("newer tempo (schema version 999"));
    assert_eq!(env.snapshot(), before);
}

#[test]
fn bad_config_names_the_key_and_line() {
    let env = Env::new();
    let cfg = env.dir.path().join("config.toml");
    std::fs::write(&cfg, "[display]\ncolor = \"never\"\nshiny = true\n").expect("write");
    env.cmd()
        .args(["--config", cfg.to_str().expect("utf-8"), "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("shiny").and(predicate::str::contains("line 3")));
    env.cmd()
        .args(["--config", "/nonexistent/tempo.toml", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read the config file"));
}

#[test]
fn config_urgency_changes_the_order() {
    let env = Env::new();
    env.run(&["add", "low", "pri:L"]);
    env.run(&["add", "tagged", "+boss"]);
    assert_eq!(ids(&env.json(&["list"])), vec![1, 2]);
    let cfg = env.dir.path().join("config.toml");
    std::fs::write(&cfg, "[urgency.tag]\nboss = 20.0\n").expect("write");
    let out = env
        .cmd()
        .args(["--json", "--config", cfg.to_str().expect("utf-8"), "list"])
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(ids(&v), vec![2, 1]);
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let env = Env::new();
    env.run(&["add", "late", "due:yesterday"]);
    let plain = env.run(&["list"]);
    assert!(!plain.contains('\x1b'), "piped output is plain");
    let coloured = env.run(&["--color", "always", "list"]);
    assert!(
        coloured.contains("\x1b[31m"),
        "overdue is red: {coloured:?}"
    );
    let out = env
        .cmd()
        .env("NO_COLOR", "1")
        .args(["list"])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\x1b'));
}

#[test]
fn table_fits_the_width() {
    let env = Env::new();
    env.run(&["add", &"very long title ".repeat(20), "project:work"]);
    let out = env
        .cmd()
        .env("COLUMNS", "60")
        .arg("list")
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for line in text.lines() {
        assert!(line.chars().count() <= 60, "{line:?} is wider than 60");
    }
    assert!(text.contains('…'));
}

#[test]
fn export_json_and_todotxt_round_trip() {
    let env = Env::new();
    env.run(&[
        "add",
        "Water",
        "plants",
        "project:home",
        "+garden",
        "due:2026-11-30",
        "pri:M",
    ]);
    env.run(&["add", "Done", "thing"]);
    env.run(&["done", "2"]);
    let json = env.json(&["export", "json"]);
    assert_eq!(json.as_array().expect("array").len(), 2);
    let txt = env.run(&["export", "todotxt"]);
    assert!(
        txt.contains("(B) 2026-11-22 Water plants +home @garden due:2026-11-30 uuid:"),
        "{txt}"
    );
    assert!(
        txt.contains("x 2026-11-22 2026-11-22 Done thing uuid:"),
        "{txt}"
    );
    // Importing the export into a fresh database gives the same tasks; again changes nothing.
    let other = Env::new();
    let file = other.dir.path().join("todo.txt");
    std::fs::write(&file, &txt).expect("write");
    let first = other.json(&["import", "todotxt", file.to_str().expect("utf-8")]);
    assert_eq!(first["added"], 2);
    let again = other.json(&["import", "todotxt", file.to_str().expect("utf-8")]);
    assert_eq!(
        (again["added"].clone(), again["unchanged"].clone()),
        (0.into(), 2.into())
    );
    assert_eq!(other.run(&["export", "todotxt"]), txt);
}

#[test]
fn completions_and_man_page() {
    let env = Env::new();
    env.cmd()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("_tempo"));
    env.cmd().args(["completions", "zsh"]).assert().success();
    env.cmd().args(["completions", "fish"]).assert().success();
    env.cmd()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH tempo"));
    env.cmd()
        .args(["config", "default"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[urgency]"));
}

#[test]
fn db_flag_beats_environment() {
    let env = Env::new();
    let other = env.dir.path().join("other.sqlite");
    env.cmd()
        .args(["--db", other.to_str().expect("utf-8"), "add", "elsewhere"])
        .assert()
        .success();
    assert!(other.exists());
    assert!(!env.db.exists() || ids(&env.json(&["list"])).is_empty());
}

#[test]
fn a_preset_with_a_bad_filter_is_refused_at_load() {
    let env = Env::new();
    env.run(&["add", "kept"]);
    let cfg = env.dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        "[tui]\npresets = [{name = \"x\", filter = \"+next prio:H\"}]\n",
    )
    .expect("write");
    let before = env.snapshot();
    for args in [vec!["config", "check"], vec!["list"], vec!["add", "more"]] {
        let mut all = vec!["--config", cfg.to_str().expect("utf-8")];
        all.extend(args);
        env.cmd().args(&all).assert().code(2).stderr(
            predicate::str::contains("preset \"x\"").and(predicate::str::contains("prio:H")),
        );
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_dependency_cycle_names_the_task_id_and_title() {
    let env = Env::new();
    env.run(&["add", "Write draft"]);
    env.run(&["add", "Review draft", "depends:1"]);
    let list = env.json(&["list"]);
    let uuid = list
        .as_array()
        .and_then(|a| a.iter().find(|t| t["id"] == 2))
        .and_then(|t| t["uuid"].as_str())
        .expect("task 2's uuid")
        .to_string();
    let before = env.snapshot();
    env.cmd()
        .args(["modify", "1", "depends:2"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(
                "task 2 “Review draft” already depends on task 1 “Write draft”",
            )
            .and(predicate::str::contains(uuid.as_str()).not()),
        );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_modify_that_changes_nothing_writes_nothing() {
    let env = Env::new();
    env.run(&["add", "one"]);
    env.run(&["add", "two"]);
    env.run(&["modify", "2", "depends:1"]);
    let before = env.snapshot();
    let out = env.run(&["modify", "2", "depends:1"]);
    assert!(out.contains("Nothing changed"), "{out}");
    assert_eq!(env.snapshot(), before, "no write, no undo step");
    let v = env.json(&["modify", "2", "depends:1"]);
    assert_eq!(v["tasks"], serde_json::json!([]));
    assert_eq!(env.snapshot(), before);
}

#[test]
fn sort_keys_take_their_natural_order() {
    let env = Env::new();
    env.run(&["add", "low", "pri:L", "due:2026-12-20"]);
    env.run(&["add", "high", "pri:H", "due:2026-11-23"]);
    env.run(&["add", "mid", "pri:M"]);
    let default = ids(&env.json(&["list"]));
    assert_eq!(default, vec![2, 1, 3], "default: most urgent first");
    assert_eq!(ids(&env.json(&["list", "--sort", "urgency"])), default);
    assert_eq!(ids(&env.json(&["list", "--sort", "-urgency"])), default);
    assert_eq!(
        ids(&env.json(&["list", "--sort", "+urgency"])),
        vec![3, 1, 2]
    );
    assert_eq!(
        ids(&env.json(&["list", "--sort", "priority"])),
        vec![2, 3, 1]
    );
    assert_eq!(ids(&env.json(&["list", "--sort", "due"])), vec![2, 1, 3]);
    assert_eq!(ids(&env.json(&["list", "--sort", "-due"])), vec![1, 2, 3]);
    // Newest first, as in the app: task 1 modified an hour later.
    env.cmd()
        .env("TEMPO_NOW", "2026-11-22T10:30:00Z")
        .args(["modify", "1", "+later"])
        .assert()
        .success();
    assert_eq!(
        ids(&env.json(&["list", "--sort", "modified"])),
        vec![1, 2, 3]
    );
    assert_eq!(
        ids(&env.json(&["list", "--sort", "+modified"])),
        vec![2, 3, 1]
    );
}

#[test]
fn cut_titles_end_in_an_ellipsis_and_fit_by_display_width() {
    let env = Env::new();
    env.run(&["add", "会議の資料を準備してから部長に送る", "project:work"]);
    env.run(&["add", "Prepare the quarterly numbers for the board meeting"]);
    let out = env
        .cmd()
        .env("COLUMNS", "40")
        .args(["list"])
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for line in text.lines() {
        let width: usize = line
            .chars()
            .map(|c| {
                if ('\u{3000}'..='\u{9fff}').contains(&c) {
                    2
                } else {
                    1
                }
            })
            .sum();
        assert!(width <= 40, "{line:?} is {width} columns wide:\n{text}");
    }
    let cut: Vec<&str> = text.lines().filter(|l| l.contains('…')).collect();
    assert_eq!(cut.len(), 2, "{text}");
}
