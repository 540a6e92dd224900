//! `tempo cal import` and `tempo cal agenda` with the real binary.

use crate::common::Env;
use predicates::prelude::*;

const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:standup@example\r\nSUMMARY:Standup\r\nDTSTART;TZID=Europe/Berlin:20261019T091500\r\nDTEND;TZID=Europe/Berlin:20261019T093000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE\r\nEXDATE;TZID=Europe/Berlin:20261028T091500\r\nX-ORIGINAL:kept\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:trip@example\r\nSUMMARY:Trip\r\nLOCATION:Lisbon\r\nDTSTART;VALUE=DATE:20261027\r\nDTEND;VALUE=DATE:20261029\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:nostart@example\r\nSUMMARY:No start\r\nEND:VEVENT\r\nBEGIN:VTODO\r\nUID:todo@example\r\nSUMMARY:Pay\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";

fn import(env: &Env) -> serde_json::Value {
    let file = env.dir.path().join("cal.ics");
    std::fs::write(&file, ICS).expect("write");
    env.json(&[
        "cal",
        "import",
        file.to_str().expect("utf-8"),
        "--calendar",
        "work",
    ])
}

#[test]
fn import_is_idempotent_and_reports_what_it_skipped() {
    let env = Env::new();
    let first = import(&env);
    assert_eq!(
        (first["added"].as_i64(), first["tasks"]["added"].as_i64()),
        (Some(2), Some(1))
    );
    assert!(
        first["problems"][0]
            .as_str()
            .is_some_and(|p| p.starts_with("line 20: event nostart@example has no DTSTART")),
        "{first}"
    );
    let again = import(&env);
    assert_eq!(
        (
            again["added"].as_i64(),
            again["unchanged"].as_i64(),
            again["tasks"]["unchanged"].as_i64()
        ),
        (Some(0), Some(2), Some(1))
    );
    // The to-do became one task, still one after the second import.
    let tasks = env.json(&["list", "Pay"]);
    assert_eq!(tasks.as_array().map(Vec::len), Some(1), "{tasks}");
    let cals = env.json(&["cal", "calendars"]);
    assert_eq!(
        (cals[0]["name"].as_str(), cals[0]["objects"].as_i64()),
        (Some("work"), Some(2))
    );
    assert!(
        cals[0]["source"]
            .as_str()
            .is_some_and(|s| s.starts_with("file:") && s.ends_with("cal.ics")),
        "{cals}"
    );
}

#[test]
fn agenda_expands_in_the_events_zone() {
    let env = Env::new();
    import(&env);
    // The week of the change to winter time (25 October 2026).
    let items = env.json(&[
        "cal",
        "agenda",
        "--from",
        "2026-10-19",
        "--to",
        "2026-10-30",
    ]);
    let got: Vec<(String, String)> = items
        .as_array()
        .expect("array")
        .iter()
        .map(|i| {
            (
                i["summary"].as_str().unwrap_or("").to_string(),
                i["start"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("Standup".into(), "2026-10-19T07:15:00Z".into()),
            ("Standup".into(), "2026-10-21T07:15:00Z".into()),
            ("Standup".into(), "2026-10-26T08:15:00Z".into()),
            ("Trip".into(), "2026-10-26T23:00:00Z".into()),
        ]
    );
    assert_eq!(items[3]["all_day"], true);
    assert_eq!(items[3]["calendar"], "work");
    let text = env.run(&["cal", "agenda", "--from", "2026-10-26", "--days", "1"]);
    assert!(
        text.contains("Mon 2026-10-26\n  09:15–09:30  Standup"),
        "{text}"
    );
}

#[test]
fn bad_input_is_refused_cleanly() {
    let env = Env::new();
    import(&env);
    let before = env.snapshot();
    let not_ics = env.dir.path().join("notes.txt");
    std::fs::write(&not_ics, "just text").expect("write");
    env.cmd()
        .args(["cal", "import", not_ics.to_str().expect("utf-8")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not an iCalendar file"));
    env.cmd()
        .args(["cal", "import", "/no/such.ics"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
    env.cmd()
        .args(["cal", "agenda", "--from", "someday"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read `someday`"));
    env.cmd()
        .args([
            "cal",
            "agenda",
            "--from",
            "2026-10-30",
            "--to",
            "2026-10-01",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ends"));
    assert_eq!(env.snapshot(), before);
}

fn starts(env: &Env, from: &str, days: &str) -> Vec<(String, String)> {
    env.json(&[
        "cal",
        "agenda",
        "--from",
        from,
        "--days",
        days,
        "--no-tasks",
    ])
    .as_array()
    .expect("array")
    .iter()
    .map(|i| {
        (
            i["summary"].as_str().unwrap_or("").to_string(),
            i["start"].as_str().unwrap_or("").to_string(),
        )
    })
    .collect()
}

#[test]
fn add_edit_and_delete_occurrences() {
    let env = Env::new();
    let added = env.json(&["cal", "add", "Standup tomorrow 9:30 15m every weekday"]);
    assert_eq!(added["start"], "2026-11-23T08:30:00Z");
    assert_eq!(added["end"], "2026-11-23T08:45:00Z");
    let id = added["id"].to_string();
    // One occurrence moved and renamed, one removed, the rest from 30 Nov at 9:00.
    env.run(&["cal", "edit", &id, "--at", "tue", "10:00", "Standup (late)"]);
    env.run(&["cal", "delete", &id, "--at", "2026-11-25"]);
    let split = env.json(&["cal", "edit", &id, "--from", "2026-11-30", "9:00"]);
    assert_ne!(
        split["id"].to_string(),
        id,
        "the following ones are a new series"
    );
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        starts(&env, "2026-11-23", "9"),
        vec![
            s("Standup", "2026-11-23T08:30:00Z"),
            s("Standup (late)", "2026-11-24T09:00:00Z"),
            s("Standup", "2026-11-26T08:30:00Z"),
            s("Standup", "2026-11-27T08:30:00Z"),
            s("Standup", "2026-11-30T08:00:00Z"),
            s("Standup", "2026-12-01T08:00:00Z"),
        ]
    );
    // Deleting the moved occurrence leaves no trace of it.
    env.run(&["cal", "delete", &id, "--at", "2026-11-24"]);
    assert_eq!(starts(&env, "2026-11-24", "1"), vec![]);
    // This and following, then all.
    let next = split["id"].to_string();
    env.run(&["cal", "delete", &next, "--from", "2026-12-01"]);
    assert_eq!(
        starts(&env, "2026-11-30", "3"),
        vec![s("Standup", "2026-11-30T08:00:00Z")]
    );
    env.run(&["cal", "delete", &next]);
    env.run(&["cal", "delete", &id]);
    assert_eq!(env.json(&["cal", "list"]), serde_json::json!([]));
}

#[test]
fn overlaps_are_flagged_and_blocks_link_tasks() {
    let env = Env::new();
    env.run(&["cal", "add", "Review mon 14:00-15:00"]);
    env.run(&["add", "Write report", "est:90m", "due:tue"]);
    let out = env
        .cmd()
        .args(["--json", "block", "1", "mon", "14:30"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let block: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(block["summary"], "Write report");
    assert_eq!(block["calendar"], "blocks");
    assert_eq!(
        block["end"], "2026-11-23T15:00:00Z",
        "the task's estimate is the length"
    );
    assert_eq!(block["conflicts"][0]["summary"], "Review");
    let items = env.json(&["cal", "agenda", "--from", "tomorrow", "--days", "2"]);
    let items = items.as_array().expect("array");
    let task = items
        .iter()
        .find(|i| i["summary"] == "Write report" && i["kind"] == "event")
        .expect("block");
    assert!(task["task"].as_str().is_some_and(|t| t.len() == 36));
    assert_eq!(task["overlaps"], 1);
    assert!(
        items
            .iter()
            .any(|i| i["kind"] == "due" && i["summary"] == "Write report"),
        "due tasks are on the agenda: {items:?}"
    );
}

#[test]
fn calendars_can_be_added_renamed_recoloured_and_made_read_only() {
    let env = Env::new();
    env.run(&["cal", "calendars", "add", "work", "--colour", "blue"]);
    env.run(&["cal", "calendars", "rename", "work", "job"]);
    env.run(&["cal", "calendars", "colour", "job", "#ff8800"]);
    let cals = env.json(&["cal", "calendars"]);
    assert_eq!(
        (cals[0]["name"].as_str(), cals[0]["colour"].as_str()),
        (Some("job"), Some("#ff8800"))
    );
    env.run(&["cal", "add", "Sync fri 10:00 cal:job"]);
    env.run(&["cal", "calendars", "read-only", "job"]);
    let before = env.snapshot();
    let out = env
        .cmd()
        .args(["cal", "delete", "1"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("read-only"));
    assert_eq!(env.snapshot(), before);
}

#[test]
fn bad_input_is_a_clear_error_and_changes_nothing() {
    let env = Env::new();
    env.run(&["cal", "add", "Standup tomorrow 9:30 every weekday"]);
    let before = env.snapshot();
    for (args, needle) in [
        (vec!["cal", "add", "tomorrow"], "needs a title"),
        (vec!["cal", "add", "Lunch"], "needs a start"),
        (
            vec!["cal", "add", "Gym tomorrow 18:00 every blue"],
            "cannot read `every blue`",
        ),
        (
            vec!["cal", "add", "Gym tomorrow 18:00-17:00"],
            "ends (17:00) before it starts",
        ),
        (vec!["cal", "edit", "99", "10:00"], "no event"),
        (
            vec!["cal", "delete", "1", "--at", "2026-11-28"],
            "no occurrence on 2026-11-28",
        ),
        (vec!["cal", "delete", "1", "--at", "someday"], "someday"),
        (
            vec!["cal", "calendars", "colour", "personal", "plaid"],
            "not a colour",
        ),
        (
            vec!["cal", "calendars", "rename", "nope", "x"],
            "no calendar called “nope”",
        ),
        (vec!["cal", "calendars", "delete", "personal"], "--yes"),
        (vec!["block", "42", "tomorrow", "10:00"], "no task"),
        (
            vec!["block", "zz", "tomorrow", "10:00"],
            "`zz` is not a task id or UUID prefix",
        ),
        (vec!["cal", "import", "Cargo.toml"], "not an iCalendar file"),
    ] {
        let out = env.cmd().args(&args).output().expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn focus_started_in_a_block_is_for_its_task() {
    let env = Env::new();
    env.run(&["add", "Write report"]);
    // Now is Sunday 10:30 in Berlin: the block runs 10:00–11:30.
    env.run(&["block", "1", "today", "10:00", "90m"]);
    let started = env.json(&["focus", "start"]);
    assert_eq!(started["task"]["id"], 1, "{started}");
    assert_eq!(
        started["active"]["planned_minutes"], 60,
        "until the block ends"
    );
}

#[test]
fn a_weekly_rule_starts_on_its_first_matching_day() {
    // Sunday: "every mon" starts on Monday, so no client shows a Sunday occurrence.
    let env = Env::new();
    let added = env.json(&["cal", "add", "Team sync 16:00 30m every mon"]);
    assert_eq!(added["start"], "2026-11-23T15:00:00Z");
}

#[test]
fn a_repeating_event_is_confirmed_in_words() {
    let env = Env::new();
    let out = env.run(&[
        "cal", "add", "Standup", "tomorrow", "9:30", "15m", "every", "weekday",
    ]);
    assert!(out.contains(", every weekday"), "{out}");
    assert!(!out.contains("FREQ="), "{out}");
    let out = env.run(&["cal", "add", "Gym", "mon", "18:00", "every", "mon,wed"]);
    assert!(
        out.contains(", every week on Monday and Wednesday"),
        "{out}"
    );
}
