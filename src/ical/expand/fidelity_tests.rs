//! RFC 5545 cases real calendars rely on, each as the smallest file that shows it.

use chrono_tz::Europe::Berlin;

use super::tests::{cal, utc};
use super::*;

/// Occurrences between `from` and `to` as "YYYY-MM-DD HH:MM+minutes" in Berlin.
fn spans(body: &str, from: &str, to: &str) -> Vec<String> {
    let e = expand(&cal(body), utc(from), utc(to), Berlin, 10_000).expect("parses");
    assert!(e.problems.is_empty(), "{:?}", e.problems);
    e.occurrences
        .iter()
        .map(|o| {
            format!(
                "{}+{}",
                o.start.with_timezone(&Berlin).format("%Y-%m-%d %H:%M"),
                (o.end - o.start).num_minutes()
            )
        })
        .collect()
}

fn year(body: &str) -> Vec<String> {
    spans(body, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z")
}

#[test]
fn dtstart_is_the_first_occurrence_even_off_rule() {
    // 5 November 2026 is a Thursday; the rule names Mondays.
    let got = year(
        "BEGIN:VEVENT
         UID:thu
         DTSTART;TZID=Europe/Berlin:20261105T100000
         DTEND;TZID=Europe/Berlin:20261105T110000
         RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2
         END:VEVENT",
    );
    assert_eq!(
        got,
        vec![
            "2026-11-05 10:00+60",
            "2026-11-09 10:00+60",
            "2026-11-16 10:00+60"
        ]
    );
}

#[test]
fn apple_holiday_with_an_off_rule_start_has_occurrences() {
    let body = "BEGIN:VEVENT
                UID:apple-holiday
                SUMMARY:Town Meeting Day
                DTSTART;VALUE=DATE:20040224
                DTEND;VALUE=DATE:20040225
                RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=1TU
                END:VEVENT";
    // The whole history, as import measures it: DTSTART comes first.
    let e = expand(
        &cal(body),
        utc("1000-01-01T00:00:00Z"),
        utc("3000-01-01T00:00:00Z"),
        Berlin,
        64,
    )
    .expect("parses");
    let first = e.occurrences.first().expect("occurrences");
    assert_eq!(
        first.start.with_timezone(&Berlin).date_naive().to_string(),
        "2004-02-24"
    );
    // 3 March 2026 is the first Tuesday of March.
    assert_eq!(year(body), vec!["2026-03-03 00:00+1440"]);
}

#[test]
fn no_end_is_zero_time_or_one_day() {
    let got = year(
        "BEGIN:VEVENT
         UID:timed
         DTSTART;TZID=Europe/Berlin:20260310T150000
         END:VEVENT
         BEGIN:VEVENT
         UID:day
         DTSTART;VALUE=DATE:20260311
         END:VEVENT",
    );
    assert_eq!(got, vec!["2026-03-10 15:00+0", "2026-03-11 00:00+1440"]);
}

#[test]
fn exdate_removes_dtstart_rdates_and_whole_days() {
    let got = year(
        "BEGIN:VEVENT
         UID:ex
         DTSTART;TZID=Europe/Berlin:20260302T090000
         DTEND;TZID=Europe/Berlin:20260302T093000
         RRULE:FREQ=DAILY;COUNT=4
         RDATE;TZID=Europe/Berlin:20260310T090000
         EXDATE;TZID=Europe/Berlin:20260302T090000
         EXDATE;TZID=Europe/Berlin:20260310T090000
         EXDATE;VALUE=DATE:20260304
         END:VEVENT",
    );
    assert_eq!(got, vec!["2026-03-03 09:00+30", "2026-03-05 09:00+30"]);
}

#[test]
fn every_rrule_is_used() {
    let got = year(
        "BEGIN:VEVENT
         UID:two-rules
         DTSTART;TZID=Europe/Berlin:20260302T090000
         DTEND;TZID=Europe/Berlin:20260302T100000
         RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2
         RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=2
         END:VEVENT",
    );
    assert_eq!(
        got,
        vec![
            "2026-03-02 09:00+60",
            "2026-03-04 09:00+60",
            "2026-03-09 09:00+60",
            "2026-03-11 09:00+60"
        ]
    );
}

#[test]
fn open_ended_series_reach_the_window_however_old() {
    // An hourly series from 2007 is about 170,000 hours old by 2026.
    let got = spans(
        "BEGIN:VEVENT
         UID:hourly
         DTSTART:20070101T001500Z
         DTEND:20070101T003000Z
         RRULE:FREQ=HOURLY;INTERVAL=5
         END:VEVENT",
        "2026-05-31T00:00:00Z",
        "2026-06-01T00:00:00Z",
    );
    // 2026-05-31 00:15Z is 170,159 hours after the start: the instances that day are at
    // 00:15Z + 1h, 6h, 11h, 16h, 21h (Berlin is two hours ahead).
    assert_eq!(
        got,
        vec![
            "2026-05-31 02:15+15",
            "2026-05-31 07:15+15",
            "2026-05-31 12:15+15",
            "2026-05-31 17:15+15",
            "2026-05-31 22:15+15",
        ]
    );
    let got = spans(
        "BEGIN:VEVENT
         UID:monthly
         DTSTART;TZID=Europe/Berlin:20070131T120000
         RRULE:FREQ=MONTHLY
         END:VEVENT
         BEGIN:VEVENT
         UID:yearly
         DTSTART;VALUE=DATE:20070601
         RRULE:FREQ=YEARLY
         END:VEVENT",
        "2026-01-01T00:00:00Z",
        "2026-07-01T00:00:00Z",
    );
    assert_eq!(
        got,
        vec![
            "2026-01-31 12:00+0",
            "2026-03-31 12:00+0",
            "2026-05-31 12:00+0",
            "2026-06-01 00:00+1440"
        ]
    );
}

#[test]
fn a_utc_until_equal_to_the_last_instance_keeps_it() {
    // 09:00 Berlin in summer is 07:00Z.
    let got = year(
        "BEGIN:VEVENT
         UID:until
         DTSTART;TZID=Europe/Berlin:20260601T090000
         DTEND;TZID=Europe/Berlin:20260601T100000
         RRULE:FREQ=DAILY;UNTIL=20260603T070000Z
         END:VEVENT",
    );
    assert_eq!(
        got,
        vec![
            "2026-06-01 09:00+60",
            "2026-06-02 09:00+60",
            "2026-06-03 09:00+60"
        ]
    );
}

#[test]
fn two_masters_with_one_uid_are_two_events() {
    let got = year(
        "BEGIN:VEVENT
         UID:same
         DTSTART;TZID=Europe/Berlin:20260401T090000
         DTEND;TZID=Europe/Berlin:20260401T100000
         END:VEVENT
         BEGIN:VEVENT
         UID:same
         DTSTART;TZID=Europe/Berlin:20260408T090000
         DTEND;TZID=Europe/Berlin:20260408T100000
         END:VEVENT",
    );
    assert_eq!(got, vec!["2026-04-01 09:00+60", "2026-04-08 09:00+60"]);
}

#[test]
fn overrides_match_by_instant_across_types_and_zones() {
    let got = year(
        "BEGIN:VEVENT
         UID:outlook
         SUMMARY:Holiday
         DTSTART;VALUE=DATE:20260105
         DTEND;VALUE=DATE:20260106
         RRULE:FREQ=DAILY;COUNT=3
         END:VEVENT
         BEGIN:VEVENT
         UID:outlook
         RECURRENCE-ID;TZID=GMT Standard Time:20260106T000000
         DTSTART;VALUE=DATE:20260109
         DTEND;VALUE=DATE:20260110
         END:VEVENT
         BEGIN:VEVENT
         UID:zoned
         DTSTART;TZID=Europe/Berlin:20260302T090000
         DTEND;TZID=Europe/Berlin:20260302T100000
         RRULE:FREQ=DAILY;COUNT=2
         END:VEVENT
         BEGIN:VEVENT
         UID:zoned
         RECURRENCE-ID:20260303T080000Z
         DTSTART;TZID=Europe/Berlin:20260303T120000
         DTEND;TZID=Europe/Berlin:20260303T130000
         RRULE:FREQ=DAILY;COUNT=5
         END:VEVENT",
    );
    assert_eq!(
        got,
        vec![
            "2026-01-05 00:00+1440",
            "2026-01-07 00:00+1440",
            "2026-01-09 00:00+1440",
            "2026-03-02 09:00+60",
            "2026-03-03 12:00+60",
        ]
    );
}

#[test]
fn this_and_future_moves_the_later_instances() {
    let got = year(
        "BEGIN:VEVENT
         UID:tf
         SUMMARY:Old
         DTSTART;TZID=Europe/Berlin:20260302T090000
         DTEND;TZID=Europe/Berlin:20260302T100000
         RRULE:FREQ=DAILY;COUNT=4
         END:VEVENT
         BEGIN:VEVENT
         UID:tf
         SUMMARY:New
         RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20260303T090000
         DTSTART;TZID=Europe/Berlin:20260303T110000
         DTEND;TZID=Europe/Berlin:20260303T113000
         END:VEVENT",
    );
    assert_eq!(
        got,
        vec![
            "2026-03-02 09:00+60",
            "2026-03-03 11:00+30",
            "2026-03-04 11:00+30",
            "2026-03-05 11:00+30"
        ]
    );
}

#[test]
fn a_rule_ending_before_its_start_leaves_dtstart() {
    let got = year(
        "BEGIN:VEVENT
         UID:backwards
         DTSTART;TZID=Europe/Berlin:20260601T090000
         RRULE:FREQ=DAILY;UNTIL=20250101T000000Z
         END:VEVENT",
    );
    assert_eq!(got, vec!["2026-06-01 09:00+0"]);
}
