//! Series, the agenda and the list with the real binary: `until` days, COUNT across a split,
//! multi-day events, overlap warnings, and JSON times.

use crate::common::Env;

/// Local start days ("2026-11-23") of the events in the agenda from `from` to `to`.
fn days(env: &Env, from: &str, to: &str) -> Vec<String> {
    env.json(&["cal", "agenda", "--no-tasks", "--from", from, "--to", to])
        .as_array()
        .expect("array")
        .iter()
        .map(|i| {
            let start = i["start"].as_str().expect("start");
            chrono::DateTime::parse_from_rfc3339(start)
                .expect("RFC 3339")
                .with_timezone(&chrono_tz::Europe::Berlin)
                .format("%Y-%m-%d")
                .to_string()
        })
        .collect()
}

fn export(env: &Env) -> String {
    env.run(&["cal", "export"]).replace("\r\n ", "")
}

#[test]
fn until_includes_its_day_and_has_the_starts_type() {
    let env = Env::new();
    env.run(&[
        "cal",
        "add",
        "Walk tomorrow 7:00 every day until 2026-12-03",
    ]);
    let walks = days(&env, "2026-11-22", "2026-12-10");
    assert_eq!(walks.len(), 11, "{walks:?}");
    assert_eq!(walks.last().map(String::as_str), Some("2026-12-03"));
    // The end of 3 December in Berlin, in UTC: a DATE-TIME like DTSTART.
    assert!(export(&env).contains("RRULE:FREQ=DAILY;UNTIL=20261203T225959Z\r\n"));

    let env = Env::new();
    env.run(&["cal", "add", "Fair tomorrow every day until 2026-11-25"]);
    assert_eq!(
        days(&env, "2026-11-22", "2026-12-10"),
        ["2026-11-23", "2026-11-24", "2026-11-25"]
    );
    assert!(export(&env).contains("RRULE:FREQ=DAILY;UNTIL=20261125\r\n"));
}

#[test]
fn this_and_following_keeps_the_number_of_occurrences_of_a_counted_series() {
    let env = Env::new();
    // Tuesdays 24 Nov to 29 Dec; 1 Dec is cancelled: 5 left.
    env.run(&["cal", "add", "Class tue 18:00 weekly 6 times"]);
    env.run(&["cal", "delete", "1", "--at", "2026-12-01"]);
    assert_eq!(days(&env, "2026-11-22", "2027-03-01").len(), 5);
    env.run(&["cal", "edit", "1", "--from", "2026-12-15", "19:00"]);
    assert_eq!(
        days(&env, "2026-11-22", "2027-03-01"),
        [
            "2026-11-24",
            "2026-12-08",
            "2026-12-15",
            "2026-12-22",
            "2026-12-29"
        ]
    );
}

#[test]
fn the_agenda_lists_a_multi_day_event_on_each_day_inside_the_window() {
    let env = Env::new();
    env.run(&["cal", "add", "Trip 2026-12-03 3d"]);
    let out = env.run(&[
        "cal",
        "agenda",
        "--no-tasks",
        "--from",
        "2026-12-04",
        "--days",
        "3",
    ]);
    assert!(!out.contains("2026-12-03"), "{out}");
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with(char::is_alphabetic))
            .collect::<Vec<_>>(),
        ["Fri 2026-12-04", "Sat 2026-12-05"],
        "{out}"
    );
    assert_eq!(out.matches("Trip").count(), 2, "{out}");
}

#[test]
fn overlap_warnings_count_only_the_touched_occurrences_in_one_line() {
    let env = Env::new();
    env.run(&["cal", "add", "Breakfast tomorrow 8:45 1h every weekday"]);
    // Every standup overlaps breakfast: one line, not one per day.
    let out = env
        .cmd()
        .args(["cal", "add", "Standup tomorrow 9:30 15m every weekday"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("warning: overlaps “Breakfast” Mon 2026-11-23 08:45–09:45 and "),
        "{err}"
    );
    // Moved to 10:00 on Tuesday, that one standup overlaps nothing.
    let out = env
        .cmd()
        .args(["cal", "edit", "2", "--at", "tue", "10:00"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    // Moved to 9:00 on Wednesday, it overlaps that day's breakfast only.
    let out = env
        .cmd()
        .args(["cal", "edit", "2", "--at", "wed", "9:00"])
        .output()
        .expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "warning: overlaps “Breakfast” Wed 2026-11-25 08:45–09:45\n"
    );
}

#[test]
fn cal_list_json_times_are_rfc3339() {
    let env = Env::new();
    env.run(&["cal", "add", "Dentist tue 15:00 45m"]);
    env.run(&["cal", "add", "Gym tomorrow 7:00 every day"]);
    let rows = env.json(&["cal", "list"]);
    assert_eq!(
        rows[0]["first_start"].as_str(),
        Some("2026-11-23T06:00:00Z"),
        "{rows}"
    );
    assert_eq!(rows[0]["last_end"], serde_json::Value::Null, "{rows}");
    assert_eq!(
        rows[1]["first_start"].as_str(),
        Some("2026-11-24T14:00:00Z"),
        "{rows}"
    );
    assert_eq!(
        rows[1]["last_end"].as_str(),
        Some("2026-11-24T14:45:00Z"),
        "{rows}"
    );
}

#[test]
fn two_events_sharing_a_uid_without_recurrence_id_are_two_events() {
    let env = Env::new();
    let file = env.dir.path().join("two.ics");
    std::fs::write(
        &file,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n\
         BEGIN:VEVENT\r\nUID:same\r\nSUMMARY:First\r\nDTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:same\r\nSUMMARY:Second\r\nDTSTART:20261208T090000Z\r\nDTEND:20261208T100000Z\r\nEND:VEVENT\r\n\
         END:VCALENDAR\r\n",
    )
    .expect("write");
    env.run(&["cal", "import", file.to_str().expect("utf-8")]);
    let agenda = env.json(&[
        "cal",
        "agenda",
        "--no-tasks",
        "--from",
        "2026-11-30",
        "--to",
        "2026-12-31",
    ]);
    let got: Vec<(&str, &str, &str)> = agenda
        .as_array()
        .expect("array")
        .iter()
        .map(|i| {
            (
                i["summary"].as_str().unwrap_or(""),
                i["start"].as_str().unwrap_or(""),
                i["end"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("First", "2026-12-01T09:00:00Z", "2026-12-01T10:00:00Z"),
            ("Second", "2026-12-08T09:00:00Z", "2026-12-08T10:00:00Z"),
        ]
    );
}
