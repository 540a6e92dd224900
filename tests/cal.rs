//! `tempo cal import` and `tempo cal agenda` with the real binary.

mod common;

use common::Env;
use predicates::prelude::*;

const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:standup@example\r\nSUMMARY:Standup\r\nDTSTART;TZID=Europe/Berlin:20261019T091500\r\nDTEND;TZID=Europe/Berlin:20261019T093000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE\r\nEXDATE;TZID=Europe/Berlin:20261028T091500\r\nX-ORIGINAL:kept\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:trip@example\r\nSUMMARY:Trip\r\nLOCATION:Lisbon\r\nDTSTART;VALUE=DATE:20261027\r\nDTEND;VALUE=DATE:20261029\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:No UID\r\nDTSTART:20261027T100000Z\r\nEND:VEVENT\r\nBEGIN:VTODO\r\nUID:todo@example\r\nSUMMARY:Pay\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";

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
        (
            first["added"].as_i64(),
            first["todos_not_imported"].as_i64()
        ),
        (Some(2), Some(1))
    );
    assert!(
        first["problems"][0]
            .as_str()
            .is_some_and(|p| p.contains("without a UID")),
        "{first}"
    );
    let again = import(&env);
    assert_eq!(
        (again["added"].as_i64(), again["unchanged"].as_i64()),
        (Some(0), Some(2))
    );
    let cals = env.json(&["cal", "calendars"]);
    assert_eq!(
        (cals[0]["name"].as_str(), cals[0]["objects"].as_i64()),
        (Some("work"), Some(2))
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
