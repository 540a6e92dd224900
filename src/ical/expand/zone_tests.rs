//! TZIDs that are neither IANA nor Windows names: read through a vendor prefix or another
//! separator, else from the file's own VTIMEZONE rules. The local zone is Tokyo so that a
//! fallback to it would show.

use chrono::{DateTime, Utc};
use chrono_tz::Asia::Tokyo;

use super::*;

fn starts(body: &str) -> Vec<String> {
    let text = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{}\r\nEND:VCALENDAR\r\n",
        body.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\r\n")
    );
    let from: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().expect("valid");
    let to: DateTime<Utc> = "2027-01-01T00:00:00Z".parse().expect("valid");
    let e = expand(&text, from, to, Tokyo, 1000).expect("parses");
    assert!(e.problems.is_empty(), "{:?}", e.problems);
    e.occurrences
        .iter()
        .map(|o| o.start.format("%m-%dT%H:%MZ").to_string())
        .collect()
}

#[test]
fn iana_names_behind_prefixes_and_other_separators() {
    let got = starts(
        "BEGIN:VEVENT
         UID:evolution
         DTSTART;TZID=/freeassociation.sourceforge.net/Europe/Berlin:20260701T090000
         END:VEVENT
         BEGIN:VEVENT
         UID:icalnet
         DTSTART;TZID=US-Eastern:20260702T090000
         END:VEVENT
         BEGIN:VEVENT
         UID:underscore
         DTSTART;TZID=Europe_London:20260703T090000
         END:VEVENT",
    );
    assert_eq!(got, ["07-01T07:00Z", "07-02T13:00Z", "07-03T08:00Z"]);
}

#[test]
fn a_vtimezone_of_its_own_is_evaluated() {
    // Lotus Notes: Central European rules under a name no registry knows.
    let got = starts(
        "BEGIN:VTIMEZONE
         TZID:Western/Central Europe
         BEGIN:STANDARD
         DTSTART:19501029T030000
         TZOFFSETFROM:+0200
         TZOFFSETTO:+0100
         RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
         END:STANDARD
         BEGIN:DAYLIGHT
         DTSTART:19500326T020000
         TZOFFSETFROM:+0100
         TZOFFSETTO:+0200
         RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
         END:DAYLIGHT
         END:VTIMEZONE
         BEGIN:VTIMEZONE
         TZID:Island Time
         BEGIN:STANDARD
         DTSTART:20000101T000000
         TZOFFSETFROM:+0300
         TZOFFSETTO:+0300
         END:STANDARD
         BEGIN:DAYLIGHT
         DTSTART:20260601T000000
         TZOFFSETFROM:+0300
         TZOFFSETTO:+0430
         RDATE:20260601T000000
         END:DAYLIGHT
         END:VTIMEZONE
         BEGIN:VEVENT
         UID:lotus
         DTSTART;TZID=Western/Central Europe:20260323T090000
         RRULE:FREQ=WEEKLY;COUNT=2
         END:VEVENT
         BEGIN:VEVENT
         UID:island
         DTSTART;TZID=Island Time:20260531T120000
         RRULE:FREQ=DAILY;COUNT=2
         END:VEVENT",
    );
    // Summer time starts on 29 March 2026; the island's offset changes on 1 June.
    assert_eq!(
        got,
        [
            "03-23T08:00Z",
            "03-30T07:00Z",
            "05-31T09:00Z",
            "06-01T07:30Z"
        ]
    );
}

#[test]
fn floating_times_are_in_the_calendars_x_wr_timezone() {
    let got = starts(
        "X-WR-TIMEZONE:America/New_York
         BEGIN:VEVENT
         UID:floating
         DTSTART:20260702T090000
         RRULE:FREQ=DAILY;COUNT=2
         EXDATE:20260703T090000
         END:VEVENT
         BEGIN:VEVENT
         UID:day
         DTSTART;VALUE=DATE:20260710
         END:VEVENT",
    );
    // A whole day stays a local (Tokyo) day.
    assert_eq!(got, ["07-02T13:00Z", "07-09T15:00Z"]);
}

#[test]
fn utc_series_repeat_on_the_wall_clock_of_x_wr_timezone() {
    // Google: 09:00 in New York written as 14:00Z in winter stays 09:00 local in summer.
    let got = starts(
        "X-WR-TIMEZONE:America/New_York
         BEGIN:VEVENT
         UID:google
         DTSTART:20260302T140000Z
         RRULE:FREQ=WEEKLY;COUNT=2
         END:VEVENT",
    );
    // 8 March 2026 is the change to summer time in New York.
    assert_eq!(got, ["03-02T14:00Z", "03-09T13:00Z"]);
}
