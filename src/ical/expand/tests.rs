use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::{America::New_York, Europe::Berlin, Tz};
use proptest::prelude::*;

use super::*;

pub(super) fn cal(body: &str) -> String {
    let lines: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{}\r\nEND:VCALENDAR\r\n",
        lines.join("\r\n")
    )
}

pub(super) fn utc(s: &str) -> DateTime<Utc> {
    s.parse().expect("valid")
}

fn year_2026() -> (DateTime<Utc>, DateTime<Utc>) {
    (utc("2026-01-01T00:00:00Z"), utc("2027-01-01T00:00:00Z"))
}

/// Occurrence starts as local "YYYY-MM-DD HH:MM" in `tz`.
fn local_starts(body: &str, tz: Tz) -> Vec<String> {
    let (from, to) = year_2026();
    let e = expand(&cal(body), from, to, tz, 10_000).expect("parses");
    assert!(e.problems.is_empty(), "{:?}", e.problems);
    e.occurrences
        .iter()
        .map(|o| {
            o.start
                .with_timezone(&tz)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .collect()
}

#[test]
fn weekly_stays_at_local_time_across_dst_in_berlin() {
    let starts = local_starts(
        "BEGIN:VEVENT
         UID:w1
         SUMMARY:Standup
         DTSTART;TZID=Europe/Berlin:20261014T090000
         DTEND;TZID=Europe/Berlin:20261014T091500
         RRULE:FREQ=WEEKLY;COUNT=4
         EXDATE;TZID=Europe/Berlin:20261021T090000
         END:VEVENT",
        Berlin,
    );
    // 25 October is the change to winter time; 21 October is excluded.
    assert_eq!(
        starts,
        vec!["2026-10-14 09:00", "2026-10-28 09:00", "2026-11-04 09:00"]
    );
}

#[test]
fn weekly_stays_at_local_time_across_dst_in_new_york() {
    let (from, to) = year_2026();
    let e = expand(
        &cal("BEGIN:VEVENT
              UID:ny
              DTSTART;TZID=America/New_York:20260301T090000
              DTEND;TZID=America/New_York:20260301T100000
              RRULE:FREQ=WEEKLY;COUNT=3
              END:VEVENT"),
        from,
        to,
        Berlin,
        100,
    )
    .expect("parses");
    let hours: Vec<String> = e.occurrences.iter().map(|o| o.start.to_rfc3339()).collect();
    // 8 March 2026 is the change to summer time: 14:00Z before, 13:00Z after.
    assert_eq!(
        hours,
        vec![
            "2026-03-01T14:00:00+00:00",
            "2026-03-08T13:00:00+00:00",
            "2026-03-15T13:00:00+00:00"
        ]
    );
    assert!(
        e.occurrences
            .iter()
            .all(|o| o.start.with_timezone(&New_York).format("%H:%M").to_string() == "09:00")
    );
    assert!(
        e.occurrences
            .iter()
            .all(|o| (o.end - o.start).num_minutes() == 60)
    );
}

#[test]
fn daily_count_and_weekly_byday_until() {
    let daily = local_starts(
        "BEGIN:VEVENT
         UID:d
         DTSTART;TZID=Europe/Berlin:20260105T080000
         RRULE:FREQ=DAILY;COUNT=3
         END:VEVENT",
        Berlin,
    );
    assert_eq!(
        daily,
        vec!["2026-01-05 08:00", "2026-01-06 08:00", "2026-01-07 08:00"]
    );
    let mwf = local_starts(
        "BEGIN:VEVENT
         UID:m
         DTSTART;TZID=Europe/Berlin:20260105T180000
         RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20260112T235959Z
         END:VEVENT",
        Berlin,
    );
    assert_eq!(
        mwf,
        vec![
            "2026-01-05 18:00",
            "2026-01-07 18:00",
            "2026-01-09 18:00",
            "2026-01-12 18:00"
        ]
    );
}

#[test]
fn monthly_bymonthday_and_bysetpos() {
    let thirty_first = local_starts(
        "BEGIN:VEVENT
         UID:m31
         DTSTART;TZID=Europe/Berlin:20260131T100000
         RRULE:FREQ=MONTHLY;BYMONTHDAY=31;COUNT=4
         END:VEVENT",
        Berlin,
    );
    // Months without a 31st are skipped, not clamped.
    assert_eq!(
        thirty_first,
        vec![
            "2026-01-31 10:00",
            "2026-03-31 10:00",
            "2026-05-31 10:00",
            "2026-07-31 10:00"
        ]
    );
    let last_monday = local_starts(
        "BEGIN:VEVENT
         UID:lm
         DTSTART;TZID=Europe/Berlin:20260126T150000
         RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1;COUNT=3
         END:VEVENT",
        Berlin,
    );
    assert_eq!(
        last_monday,
        vec!["2026-01-26 15:00", "2026-02-23 15:00", "2026-03-30 15:00"]
    );
}

#[test]
fn rdate_adds_and_recurrence_id_overrides() {
    let (from, to) = year_2026();
    let e = expand(
        &cal("BEGIN:VEVENT
              UID:series
              SUMMARY:Review
              DTSTART;TZID=Europe/Berlin:20260202T100000
              DTEND;TZID=Europe/Berlin:20260202T110000
              RRULE:FREQ=WEEKLY;COUNT=3
              RDATE;TZID=Europe/Berlin:20260205T160000
              END:VEVENT
              BEGIN:VEVENT
              UID:series
              SUMMARY:Review (moved)
              RECURRENCE-ID;TZID=Europe/Berlin:20260209T100000
              DTSTART;TZID=Europe/Berlin:20260210T140000
              DTEND;TZID=Europe/Berlin:20260210T150000
              END:VEVENT"),
        from,
        to,
        Berlin,
        100,
    )
    .expect("parses");
    let got: Vec<(String, String)> = e
        .occurrences
        .iter()
        .map(|o| {
            (
                o.start
                    .with_timezone(&Berlin)
                    .format("%m-%d %H:%M")
                    .to_string(),
                o.summary.clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("02-02 10:00".into(), "Review".into()),
            ("02-05 16:00".into(), "Review".into()),
            ("02-10 14:00".into(), "Review (moved)".into()),
            ("02-16 10:00".into(), "Review".into()),
        ]
    );
    assert!(
        e.occurrences
            .iter()
            .all(|o| o.recurring && o.uid == "series")
    );
}

#[test]
fn all_day_and_leap_years() {
    let (from, _) = year_2026();
    let e = expand(
        &cal("BEGIN:VEVENT
              UID:leap
              SUMMARY:Leap day
              DTSTART;VALUE=DATE:20240229
              DTEND;VALUE=DATE:20240301
              RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29
              END:VEVENT
              BEGIN:VEVENT
              UID:trip
              DTSTART;VALUE=DATE:20261230
              DTEND;VALUE=DATE:20270102
              END:VEVENT"),
        from,
        utc("2033-01-01T00:00:00Z"),
        Berlin,
        1000,
    )
    .expect("parses");
    let leap: Vec<NaiveDate> = e
        .occurrences
        .iter()
        .filter(|o| o.uid == "leap")
        .map(|o| o.start.with_timezone(&Berlin).date_naive())
        .collect();
    let d = |y| NaiveDate::from_ymd_opt(y, 2, 29).expect("leap day");
    assert_eq!(leap, vec![d(2028), d(2032)]);
    let trip = e
        .occurrences
        .iter()
        .find(|o| o.uid == "trip")
        .expect("trip");
    assert!(trip.all_day);
    assert_eq!((trip.end - trip.start).num_days(), 3);
    assert_eq!(
        trip.start
            .with_timezone(&Berlin)
            .format("%H:%M")
            .to_string(),
        "00:00"
    );
}

#[test]
fn windows_zone_names_resolve() {
    let starts = local_starts(
        "BEGIN:VEVENT
         UID:outlook
         DTSTART;TZID=W. Europe Standard Time:20260715T093000
         DTEND;TZID=W. Europe Standard Time:20260715T100000
         END:VEVENT",
        New_York,
    );
    // 09:30 in Berlin (summer) is 03:30 in New York.
    assert_eq!(starts, vec!["2026-07-15 03:30"]);
}

#[test]
fn utc_recurrences_stay_in_utc() {
    // Regression: calcard 0.3 read a recurring UTC DTSTART as a local floating time.
    let (from, to) = year_2026();
    let body = cal("BEGIN:VEVENT
                    UID:u
                    DTSTART:20260601T120000Z
                    DTEND:20260601T130000Z
                    RRULE:FREQ=DAILY;COUNT=2
                    END:VEVENT");
    for tz in [Berlin, New_York] {
        let e = expand(&body, from, to, tz, 100).expect("parses");
        let starts: Vec<String> = e.occurrences.iter().map(|o| o.start.to_rfc3339()).collect();
        assert_eq!(
            starts,
            vec!["2026-06-01T12:00:00+00:00", "2026-06-02T12:00:00+00:00"],
            "default zone {tz}"
        );
    }
}

#[test]
fn the_window_bounds_what_is_returned() {
    let body = cal("BEGIN:VEVENT
                    UID:daily
                    DTSTART:20260101T120000Z
                    DTEND:20260101T130000Z
                    RRULE:FREQ=DAILY
                    END:VEVENT");
    let e = expand(
        &body,
        utc("2026-06-10T00:00:00Z"),
        utc("2026-06-13T00:00:00Z"),
        Berlin,
        10_000,
    )
    .expect("parses");
    assert_eq!(e.occurrences.len(), 3);
    // Identity: UID plus the occurrence start.
    assert_eq!(e.occurrences[0].key(), "daily@20260610T120000Z");
    // An event that overlaps the start of the window is included.
    let e = expand(
        &body,
        utc("2026-06-10T12:30:00Z"),
        utc("2026-06-10T18:00:00Z"),
        Berlin,
        10_000,
    )
    .expect("parses");
    assert_eq!(e.occurrences.len(), 1);
}

#[test]
fn open_ended_series_do_not_starve_each_other() {
    // Regression: without a window end, the first open-ended series used up the instance
    // limit and later ones produced nothing.
    let events: String = (0..50)
        .map(|n| {
            format!(
                "BEGIN:VEVENT\nUID:s{n}\nDTSTART:2020{:02}01T100000Z\nDTEND:2020{:02}01T110000Z\nRRULE:FREQ=DAILY\nEND:VEVENT\n",
                n % 12 + 1,
                n % 12 + 1
            )
        })
        .collect();
    let e = expand(
        &cal(&events),
        utc("2026-06-10T00:00:00Z"),
        utc("2026-06-11T00:00:00Z"),
        Berlin,
        5000,
    )
    .expect("parses");
    assert_eq!(e.occurrences.len(), 50);
    // All-day open-ended series get a DATE until.
    let allday = cal("BEGIN:VEVENT
                      UID:ad
                      DTSTART;VALUE=DATE:20200101
                      RRULE:FREQ=WEEKLY
                      END:VEVENT");
    let e = expand(
        &allday,
        utc("2026-06-01T00:00:00Z"),
        utc("2026-06-15T00:00:00Z"),
        Berlin,
        1000,
    )
    .expect("parses");
    assert_eq!(e.occurrences.len(), 2, "{:?}", e.problems);
}

#[test]
fn ambiguous_fall_back_start_is_not_lost_silently() {
    // 02:30 on 25 October 2026 happens twice in Berlin.
    let (from, to) = year_2026();
    let e = expand(
        &cal("BEGIN:VEVENT
              UID:amb
              DTSTART;TZID=Europe/Berlin:20261025T023000
              DTEND;TZID=Europe/Berlin:20261025T030000
              END:VEVENT"),
        from,
        to,
        Berlin,
        100,
    )
    .expect("parses");
    assert!(e.occurrences.len() == 1 || !e.problems.is_empty(), "{e:?}");
}

#[test]
fn garbage_is_an_error_or_a_problem_never_a_panic() {
    let (from, to) = year_2026();
    for text in [
        "",
        "hello",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:nonsense\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    ] {
        if let Ok(e) = expand(text, from, to, Berlin, 100) {
            assert!(e.occurrences.is_empty());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn never_panics(rule in "FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;INTERVAL=[0-9]{1,2})?(;COUNT=[0-9]{1,3})?(;BYDAY=(MO|TU|-1FR|2WE))?(;BYMONTHDAY=-?[0-9]{1,2})?(;BYSETPOS=-?[0-9])?",
                    start in "2026(0[1-9]|1[0-2])(0[1-9]|[12][0-9])T(0[0-9]|1[0-9]|2[0-3])[0-5][0-9]00") {
        let body = cal(&format!("BEGIN:VEVENT\nUID:p\nDTSTART;TZID=Europe/Berlin:{start}\nRRULE:{rule}\nEND:VEVENT"));
        let (from, to) = year_2026();
        let _ = expand(&body, from, to, Berlin, 2000);
    }
}

#[test]
fn an_override_with_its_own_sequence_replaces_its_occurrence() {
    let starts = local_starts(
        "BEGIN:VEVENT
         UID:seq
         SEQUENCE:3
         DTSTART;TZID=Europe/Berlin:20261102T090000
         DTEND;TZID=Europe/Berlin:20261102T093000
         RRULE:FREQ=DAILY;COUNT=3
         END:VEVENT
         BEGIN:VEVENT
         UID:seq
         SEQUENCE:1
         RECURRENCE-ID;TZID=Europe/Berlin:20261103T090000
         DTSTART;TZID=Europe/Berlin:20261103T110000
         DTEND;TZID=Europe/Berlin:20261103T113000
         END:VEVENT",
        Berlin,
    );
    assert_eq!(
        starts,
        vec!["2026-11-02 09:00", "2026-11-03 11:00", "2026-11-04 09:00"]
    );
}
