//! Repetition rules as written for a new or changed series: a weekly start moved to a day its
//! rule allows, an `until` day of the start's value type, and how much of a COUNT is used up
//! before a split.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::SPAN_LIMIT;
use crate::ical::event::Start;
use crate::ical::{self, CalendarObject, Component};
use crate::model::dates::local_instant;
use crate::ops::Result;

/// Moves a start to the first day its weekly BYDAY rule allows (`Team sync 16:00 every mon`
/// typed on a Sunday starts on Monday): RFC 5545 counts DTSTART as an occurrence even when the
/// rule would not produce it, and other calendars would show that extra one.
pub(super) fn first_matching_day(start: Start, rule: Option<&str>) -> Start {
    let Some(days) = rule.and_then(|r| {
        r.split(';')
            .find_map(|p| p.strip_prefix("BYDAY="))
            .map(|d| d.split(',').map(str::to_string).collect::<Vec<_>>())
    }) else {
        return start;
    };
    const NAMES: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    let allowed = |d: NaiveDate| {
        let name = NAMES[d.weekday().num_days_from_monday() as usize];
        days.iter().any(|x| x == name)
    };
    let shift = |d: NaiveDate| (0..7).map(|n| d + Days::new(n)).find(|d| allowed(*d));
    match start {
        Start::At(t) => shift(t.date()).map_or(start, |d| Start::At(d.and_time(t.time()))),
        Start::Day(d) => shift(d).map_or(start, Start::Day),
    }
}

/// `UNTIL=YYYYMMDD` (how `until DATE` is typed) made inclusive and of the start's type:
/// kept as a DATE for an all-day series, the end of that day (local, in UTC) for a timed one.
/// RFC 5545 requires the types to match, and a bare date on a timed series is read by other
/// calendars (and by the expansion here) as midnight, losing that day.
pub(super) fn typed_until(rule: &str, start: Start, tz: Tz) -> String {
    rule.split(';')
        .map(|part| match part.split_once('=') {
            Some((k, v)) if k.eq_ignore_ascii_case("UNTIL") && v.len() == 8 => {
                match (start, NaiveDate::parse_from_str(v, "%Y%m%d")) {
                    (Start::At(_), Ok(day)) => {
                        let next =
                            local_instant(&tz, (day + Days::new(1)).and_time(NaiveTime::MIN));
                        let last = next - chrono::TimeDelta::seconds(1);
                        format!("UNTIL={}", last.format("%Y%m%dT%H%M%SZ"))
                    }
                    _ => part.to_string(),
                }
            }
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// How many instances the master's rule generates before `at`, excluded ones included: a
/// COUNT counts those, so the part of a split series after `at` keeps COUNT minus this.
pub(super) fn generated_before(
    master: &Component,
    uid: &str,
    timezones: &[String],
    at: DateTime<Utc>,
    tz: Tz,
) -> Result<usize> {
    let mut rule_only = master.clone();
    rule_only.set("EXDATE", None);
    rule_only.set("RDATE", None);
    let object = CalendarObject {
        uid: uid.to_string(),
        kind: "VEVENT".into(),
        components: vec![rule_only.to_text()],
        timezones: timezones.to_vec(),
        line: 0,
    };
    let far = Utc
        .with_ymd_and_hms(1800, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    Ok(
        ical::expand(&object.to_calendar(), far, at, tz, SPAN_LIMIT)?
            .occurrences
            .len(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn until_takes_the_starts_type_and_keeps_its_day() {
        let tz = chrono_tz::Europe::Berlin;
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid");
        let timed = Start::At(day.and_hms_opt(9, 30, 0).expect("valid"));
        assert_eq!(
            typed_until("FREQ=DAILY;UNTIL=20261203", timed, tz),
            "FREQ=DAILY;UNTIL=20261203T225959Z"
        );
        assert_eq!(
            typed_until("FREQ=DAILY;UNTIL=20261203", Start::Day(day), tz),
            "FREQ=DAILY;UNTIL=20261203"
        );
        assert_eq!(
            typed_until("FREQ=DAILY;COUNT=3", timed, tz),
            "FREQ=DAILY;COUNT=3"
        );
    }
}
