//! Cases from the real-world corpus (tests/it/cal_reference.rs) where Tempo's reading was wrong.

use chrono::{DateTime, Utc};

use super::expand;
use super::tests::{cal, utc};

fn starts_in(body: &str, from: &str, to: &str) -> (Vec<DateTime<Utc>>, Vec<String>) {
    let e = expand(
        &cal(body),
        utc(from),
        utc(to),
        chrono_tz::Europe::Berlin,
        10_000,
    )
    .expect("parses");
    (e.occurrences.iter().map(|o| o.start).collect(), e.problems)
}

/// calendarlabs.com writes `RRULE:` with nothing after it on every one-off holiday.
#[test]
fn an_empty_rrule_is_no_rule() {
    let (starts, problems) = starts_in(
        "BEGIN:VEVENT
         UID:holiday
         DTSTART;VALUE=DATE:20190101
         DTEND;VALUE=DATE:20190102
         RRULE:
         END:VEVENT",
        "2019-01-01T00:00:00Z",
        "2020-01-01T00:00:00Z",
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(starts, vec![utc("2018-12-31T23:00:00Z")]);
}

/// A DURATION too long for any calendar is a problem with that event, not a panic.
#[test]
fn an_absurd_duration_is_a_problem_not_a_panic() {
    let (starts, problems) = starts_in(
        "BEGIN:VEVENT
         UID:long
         DTSTART:20240101T000000Z
         DURATION:P999999999999999999W
         END:VEVENT",
        "2024-01-01T00:00:00Z",
        "2025-01-01T00:00:00Z",
    );
    assert!(starts.is_empty());
    assert_eq!(problems.len(), 1, "{problems:?}");
}

/// A VTIMEZONE's TZID is text, so a comma in it is escaped (`\,`); the DTSTART parameter that
/// names it is quoted instead. Both name the same zone.
#[test]
fn a_vtimezone_tzid_with_an_escaped_comma_is_found() {
    let (starts, problems) = starts_in(
        "BEGIN:VTIMEZONE
         TZID:Pacific Time (US & Canada)\\, Tijuana
         BEGIN:STANDARD
         DTSTART:16010101T020000
         TZOFFSETFROM:-0700
         TZOFFSETTO:-0800
         RRULE:FREQ=YEARLY;WKST=MO;INTERVAL=1;BYMONTH=10;BYDAY=-1SU
         END:STANDARD
         BEGIN:DAYLIGHT
         DTSTART:16010101T020000
         TZOFFSETFROM:-0800
         TZOFFSETTO:-0700
         RRULE:FREQ=YEARLY;WKST=MO;INTERVAL=1;BYMONTH=4;BYDAY=1SU
         END:DAYLIGHT
         END:VTIMEZONE
         BEGIN:VEVENT
         UID:tijuana
         DTSTART;TZID=\"Pacific Time (US & Canada), Tijuana\":20041011T223000
         DTEND;TZID=\"Pacific Time (US & Canada), Tijuana\":20041012T000000
         END:VEVENT",
        "2004-10-01T00:00:00Z",
        "2004-11-01T00:00:00Z",
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(starts, vec![utc("2004-10-12T05:30:00Z")]);
}

/// An occurrence moved onto another one's time is a second occurrence at that time: each has
/// its own RECURRENCE-ID, so neither replaces the other.
#[test]
fn an_override_moved_onto_another_instance_keeps_both() {
    let (starts, problems) = starts_in(
        "BEGIN:VEVENT
         UID:weekly
         DTSTART;TZID=Europe/Berlin:20200301T150000
         DTEND;TZID=Europe/Berlin:20200301T160000
         RRULE:FREQ=WEEKLY;COUNT=3
         END:VEVENT
         BEGIN:VEVENT
         UID:weekly
         RECURRENCE-ID;TZID=Europe/Berlin:20200301T150000
         DTSTART;TZID=Europe/Berlin:20200315T150000
         DTEND;TZID=Europe/Berlin:20200315T160000
         END:VEVENT",
        "2020-03-01T00:00:00Z",
        "2020-04-01T00:00:00Z",
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        starts,
        vec![
            utc("2020-03-08T14:00:00Z"),
            utc("2020-03-15T14:00:00Z"),
            utc("2020-03-15T14:00:00Z")
        ]
    );
}

/// Confluence writes `COUNT=-1` for "no count" next to the UNTIL that ends the series.
#[test]
fn a_negative_count_is_no_count() {
    let (starts, problems) = starts_in(
        "BEGIN:VEVENT
         UID:confluence
         DTSTART;VALUE=DATE:20231002
         DTEND;VALUE=DATE:20231009
         RRULE:FREQ=WEEKLY;UNTIL=20231127;COUNT=-1;INTERVAL=4;BYDAY=MO
         END:VEVENT",
        "2023-10-01T00:00:00Z",
        "2024-10-01T00:00:00Z",
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        starts,
        vec![
            utc("2023-10-01T22:00:00Z"),
            utc("2023-10-29T23:00:00Z"),
            utc("2023-11-26T23:00:00Z")
        ]
    );
}
