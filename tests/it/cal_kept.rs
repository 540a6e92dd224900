//! Kept expansions never go stale: after an agenda has expanded and kept a series, every way
//! its text can change (cal add/edit/delete of one occurrence, the following ones or all,
//! import, undo, a subscription refresh, a CalDAV pull) shows in the next agenda, which reads
//! exactly what a database without kept expansions reads.

use crate::caldav::{add_account, setup, sync};
use crate::common::Env;
use crate::common::radicale::{Radicale, event};

/// The agenda's lines (`when  summary  [id]`) for the two weeks from 2026-11-23.
fn agenda(env: &Env) -> Vec<String> {
    let out = env.run(&[
        "cal",
        "agenda",
        "--from",
        "2026-11-23",
        "--days",
        "14",
        "--no-tasks",
    ]);
    out.lines().map(str::to_string).collect()
}

/// The agenda as a database that never kept an expansion reads it: a copy with them removed.
fn agenda_unkept(env: &Env) -> Vec<String> {
    let copy = Env::new();
    std::fs::copy(&env.db, &copy.db).expect("copy");
    let conn = rusqlite::Connection::open(&copy.db).expect("open copy");
    conn.execute_batch(
        "DELETE FROM event_instances; DELETE FROM event_expansion_parts;
         DELETE FROM event_expansions;",
    )
    .expect("clear");
    drop(conn);
    agenda(&copy)
}

fn kept_count(env: &Env) -> i64 {
    let conn = rusqlite::Connection::open(&env.db).expect("open");
    conn.query_row("SELECT count(*) FROM event_expansions", [], |r| r.get(0))
        .expect("count")
}

/// Asserts the agenda reads as without kept expansions, that it contains `expect` (and
/// not `gone`), and that the series is kept again afterwards.
fn check(env: &Env, expect: &str, gone: &str) {
    let lines = agenda(env);
    assert_eq!(lines, agenda_unkept(env));
    let text = lines.join("\n");
    assert!(text.contains(expect), "{expect} missing:\n{text}");
    assert!(
        gone.is_empty() || !text.contains(gone),
        "{gone} still there:\n{text}"
    );
    assert!(kept_count(env) > 0);
}

const WEEKLY: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\n\
UID:weekly-1\r\nSUMMARY:Planning\r\nDTSTART;TZID=Europe/Berlin:20261102T090000\r\n\
DURATION:PT1H\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

#[test]
fn every_cal_command_and_undo_changes_what_the_next_agenda_reads() {
    let env = Env::new();
    let file = env.dir.path().join("w.ics");
    std::fs::write(&file, WEEKLY).expect("write");
    env.run(&["cal", "import", file.to_str().expect("utf-8")]);
    check(&env, "Planning", "");

    env.run(&[
        "cal",
        "edit",
        "1",
        "--at",
        "2026-11-25",
        "Planning (moved)",
        "14:00",
    ]);
    check(&env, "14:00–15:00  Planning (moved)", "");
    env.run(&["cal", "delete", "1", "--at", "2026-11-30"]);
    check(&env, "Planning", "Mon 2026-11-30\n  09:00");
    env.run(&["cal", "edit", "1", "--from", "2026-12-02", "Review"]);
    check(&env, "Review", "");
    // The edit split the series: the first part ends before 2026-12-02.
    env.run(&["cal", "delete", "1", "--from", "2026-11-23"]);
    check(&env, "Review", "09:00–10:00  Planning  [1]");
    env.run(&["undo"]);
    check(&env, "09:00–10:00  Planning  [1]", "");
    env.run(&["cal", "edit", "1", "Roadmap"]);
    check(
        &env,
        "09:00–10:00  Roadmap  [1]",
        "09:00–10:00  Planning  [1]",
    );
    env.run(&["undo"]);
    check(&env, "09:00–10:00  Planning  [1]", "Roadmap");

    // A new series, then the file imported again over the edited one.
    env.run(&[
        "cal",
        "add",
        "Standup",
        "2026-11-23",
        "9:30",
        "15m",
        "every",
        "weekday",
    ]);
    check(&env, "Standup", "");
    std::fs::write(&file, WEEKLY.replace("Planning", "Sprint planning")).expect("write");
    env.run(&["cal", "import", file.to_str().expect("utf-8")]);
    check(&env, "Sprint planning", "Planning (moved)");
    env.run(&["cal", "delete", "1"]);
    check(&env, "Standup", "Sprint planning");
    env.run(&["undo"]);
    check(&env, "Sprint planning", "");
}

#[test]
fn a_subscription_refresh_changes_what_the_next_agenda_reads() {
    let env = Env::new();
    let file = env.dir.path().join("team.ics");
    std::fs::write(&file, WEEKLY).expect("write");
    env.run(&[
        "sync",
        "add-subscription",
        "team",
        file.to_str().expect("utf-8"),
    ]);
    check(&env, "Planning", "");
    std::fs::write(&file, WEEKLY.replace("BYDAY=MO,WE", "BYDAY=TU")).expect("write");
    env.run(&["sync"]);
    check(
        &env,
        "Tue 2026-11-24\n  09:00–10:00  Planning",
        "Mon 2026-11-23\n  09:00",
    );
}

#[test]
fn a_caldav_pull_changes_what_the_next_agenda_reads() {
    let server = Radicale::start();
    let env = setup(&server);
    let rule = "RRULE:FREQ=WEEKLY;BYDAY=MO\r\n";
    server.put(
        "work",
        "p.ics",
        &event("pull-1", "Sync me", "20261102T080000Z", rule),
    );
    add_account(&env, &server);
    sync(&env);
    check(&env, "Sync me", "");
    server.put(
        "work",
        "p.ics",
        &event("pull-1", "Synced", "20261102T080000Z", rule),
    );
    sync(&env);
    check(&env, "Synced", "Sync me");
}
