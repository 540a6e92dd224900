//! Calendar changes in the one undo log, with the real binary: each command is one step, and
//! `tempo undo` reverts the newest command whether it changed tasks or calendars.

use crate::common::Env;

/// The calendar tables only: undo puts rows back, but SQLite's id counters move on.
fn calendar_state(env: &Env) -> String {
    env.snapshot_of_table("calendars") + &env.snapshot_of_table("calendar_objects")
}

/// Runs `args`, then `tempo undo`, and checks the calendar tables are as before.
fn undone(env: &Env, args: &[&str], description: &str) {
    let before = calendar_state(env);
    env.run(args);
    assert_ne!(calendar_state(env), before, "{args:?} changed nothing");
    let undo = env.json(&["undo"]);
    assert!(
        undo["undone"]
            .as_str()
            .is_some_and(|d| d.starts_with(description)),
        "{args:?}: {undo}"
    );
    assert_eq!(calendar_state(env), before, "{args:?} was not undone");
}

#[test]
fn undo_after_a_calendar_delete_restores_the_event_not_an_older_task_change() {
    let env = Env::new();
    env.run(&["add", "Pay rent"]);
    env.run(&["cal", "add", "Standup tomorrow 9:30 15m every weekday"]);
    env.run(&["cal", "delete", "1"]);
    let out = env.run(&["undo"]);
    assert!(out.contains("Undid `cal delete 1`"), "{out}");
    let events = env.json(&["cal", "list"]);
    assert_eq!(events[0]["summary"].as_str(), Some("Standup"), "{events}");
    assert_eq!(env.json(&["list"]).as_array().map(Vec::len), Some(1));
    // In order: next the add, then the task.
    env.run(&["undo"]);
    assert_eq!(env.json(&["cal", "list"]).as_array().map(Vec::len), Some(0));
    assert_eq!(env.json(&["list"]).as_array().map(Vec::len), Some(1));
    env.run(&["undo"]);
    assert_eq!(env.json(&["list"]).as_array().map(Vec::len), Some(0));
}

#[test]
fn every_calendar_change_is_one_undo_step() {
    let env = Env::new();
    env.run(&["add", "Write report"]);
    env.run(&["cal", "add", "Standup tomorrow 9:30 15m every weekday"]);
    env.run(&["cal", "add", "Dentist tue 15:00"]);
    undone(
        &env,
        &["cal", "add", "Lunch tomorrow 12:30 cal:personal"],
        "cal add",
    );
    undone(
        &env,
        &["cal", "edit", "2", "Dentist (moved) wed 16:00"],
        "cal edit 2",
    );
    undone(
        &env,
        &["cal", "edit", "1", "--at", "tue", "10:00"],
        "cal edit 1",
    );
    undone(
        &env,
        &["cal", "edit", "1", "--from", "wed", "9:45"],
        "cal edit 1",
    );
    undone(&env, &["cal", "delete", "1", "--at", "wed"], "cal delete 1");
    undone(
        &env,
        &["cal", "delete", "1", "--from", "thu"],
        "cal delete 1",
    );
    undone(&env, &["block", "1", "tomorrow", "14:00", "1h"], "block 1");
    undone(
        &env,
        &["cal", "calendars", "add", "work"],
        "cal calendars add",
    );
    undone(
        &env,
        &["cal", "calendars", "rename", "personal", "home"],
        "cal calendars rename",
    );
    undone(
        &env,
        &["cal", "calendars", "colour", "personal", "red"],
        "cal calendars colour",
    );
    undone(
        &env,
        &["cal", "calendars", "delete", "personal", "--yes"],
        "cal calendars delete",
    );
    let file = env.dir.path().join("in.ics");
    std::fs::write(
        &file,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:a@x\r\n\
         SUMMARY:Trip\r\nDTSTART;VALUE=DATE:20261201\r\nEND:VEVENT\r\nBEGIN:VTODO\r\n\
         UID:b@x\r\nSUMMARY:Pack\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
    )
    .expect("write");
    let tasks = env.snapshot_of_table("tasks");
    undone(
        &env,
        &[
            "cal",
            "import",
            file.to_str().expect("utf-8"),
            "--calendar",
            "trips",
            "--read-only",
        ],
        "cal import",
    );
    // The to-do's task went with the same step.
    assert_eq!(env.snapshot_of_table("tasks"), tasks);
}
