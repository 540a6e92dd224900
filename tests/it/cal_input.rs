//! Mistyped event text and occurrence dates with the real binary: each is a clear error,
//! exit code 2, and the database is left exactly as it was.

use crate::common::{Env, refused};

fn setup() -> Env {
    let env = Env::new();
    env.run(&["cal", "add", "Standup tomorrow 9:30 every weekday"]);
    env.run(&["cal", "add", "Dentist tue 15:00 cal:personal"]);
    env.run(&["cal", "calendars", "add", "work"]);
    env
}

#[test]
fn mistyped_dates_times_and_lengths_are_not_title_words() {
    let env = setup();
    for (text, needle) in [
        ("Meeting tomorow 10:00", "tomorow → tomorrow?"),
        ("Meeting 2026-02-30 10:00", "`2026-02-30` is not a date"),
        ("Meeting tomorrow 25:00", "`25:00` is not a time"),
        ("Meeting tomorrow 10:00 for -2h", "`-2h` is not a length"),
        ("Meeting tomorrow 10:00-25:00", "not a time"),
    ] {
        refused(&env, &["cal", "add", text], needle);
    }
    refused(
        &env,
        &["cal", "edit", "2", "tomorow"],
        "tomorow → tomorrow?",
    );
    refused(&env, &["cal", "edit", "2", "fri", "25:00"], "`25:00`");
    env.run(&["add", "Write report"]);
    refused(
        &env,
        &["block", "1", "tomorow", "10:00"],
        "tomorow → tomorrow?",
    );
}

#[test]
fn an_unknown_calendar_is_named_with_the_ones_that_exist() {
    let env = setup();
    refused(
        &env,
        &["cal", "add", "Meeting tomorrow 10:00 cal:wrok"],
        "no calendar called “wrok” (calendars: personal, work;",
    );
    // A calendar that exists is still used.
    let added = env.json(&["cal", "add", "Meeting tomorrow 10:00 cal:work"]);
    assert_eq!(added["calendar"].as_str(), Some("work"), "{added}");
}

#[test]
fn a_time_alone_that_has_passed_today_must_say_the_day() {
    let env = setup();
    // It is 10:30 on Sunday: 9:00 today is over.
    refused(
        &env,
        &["cal", "add", "Meeting 9:00"],
        "09:00 today has passed (it is 10:30)",
    );
    let added = env.json(&["cal", "add", "Meeting today 9:00"]);
    assert_eq!(added["start"].as_str(), Some("2026-11-22T08:00:00Z"));
    let later = env.json(&["cal", "add", "Lunch 12:30"]);
    assert_eq!(later["start"].as_str(), Some("2026-11-22T11:30:00Z"));
}

#[test]
fn a_one_off_event_needs_its_own_day_for_at_and_from() {
    let env = setup();
    // Dentist (2) is on Tuesday 2026-11-24 only.
    for args in [
        vec!["cal", "delete", "2", "--at", "2026-11-25"],
        vec!["cal", "delete", "2", "--from", "2027-01-01"],
        vec!["cal", "edit", "2", "--at", "wed", "Dentist again"],
        vec!["cal", "edit", "2", "--from", "wed", "16:00"],
    ] {
        refused(&env, &args, "has no occurrence on");
    }
    // Its own day works.
    let edited = env.json(&["cal", "edit", "2", "--at", "tue", "16:00"]);
    assert_eq!(edited["start"].as_str(), Some("2026-11-24T15:00:00Z"));
    env.run(&["cal", "delete", "2", "--at", "2026-11-24"]);
}
