//! Writing an iCalendar file (RFC 5545): CRLF line ends, lines folded at 75 octets, one
//! VTIMEZONE for every TZID used — the one the event came with, or one written from the tz
//! database for zones Tempo itself named.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::lines::{self, Component, push_folded};

/// Builds a VCALENDAR around components (each BEGIN…END text, folded or not) and the
/// VTIMEZONE blocks that came with them. `years` bounds the transitions written for zones
/// taken from the tz database; the last year's rule repeats from there on.
pub fn calendar(
    components: &[String],
    known_zones: &[String],
    years: (i32, i32),
    prodid: &str,
) -> String {
    let mut zones: BTreeMap<String, String> = BTreeMap::new();
    for z in known_zones {
        if let Some(c) = Component::parse(z)
            && let Some(id) = c.get("TZID").map(|l| l.value.to_string())
        {
            zones.entry(id).or_insert_with(|| z.clone());
        }
    }
    let mut used = BTreeSet::new();
    for c in components {
        for l in lines::unfold(c) {
            if let Some(p) = lines::parse(&l)
                && let Some(id) = p.param("TZID")
            {
                used.insert(id);
            }
        }
    }
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        &format!("PRODID:{prodid}"),
        "CALSCALE:GREGORIAN",
    ] {
        push_folded(&mut out, l);
    }
    // Imported objects carry their file's X-WR-TIMEZONE (where their floating times are);
    // it is kept when the objects agree on it.
    let mut calendar_zones: Vec<&str> = known_zones
        .iter()
        .map(|z| z.trim_end())
        .filter(|z| z.to_ascii_uppercase().starts_with("X-WR-TIMEZONE:"))
        .collect();
    calendar_zones.sort_unstable();
    calendar_zones.dedup();
    if let [line] = calendar_zones[..] {
        push_folded(&mut out, line);
    }
    for id in &used {
        let block = zones.get(id).cloned().or_else(|| {
            id.parse::<Tz>()
                .ok()
                .map(|tz| vtimezone(tz, years.0, years.1))
        });
        if let Some(b) = block {
            for l in lines::unfold(&b) {
                push_folded(&mut out, &l);
            }
        }
    }
    for c in components {
        for l in lines::unfold(c) {
            push_folded(&mut out, &l);
        }
    }
    push_folded(&mut out, "END:VCALENDAR");
    out
}

/// One offset change: the instant, the offsets around it, and whether daylight time begins.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Transition {
    at: DateTime<Utc>,
    from: i32,
    to: i32,
    dst: bool,
    name: String,
}

fn offset_at(tz: Tz, t: DateTime<Utc>) -> (i32, bool, String) {
    let o = tz.offset_from_utc_datetime(&t.naive_utc());
    (
        o.fix().local_minus_utc(),
        !o.dst_offset().is_zero(),
        o.abbreviation().unwrap_or("").to_string(),
    )
}

/// The transitions of `tz` in the years `from..=to`, found by stepping a day at a time and
/// narrowing each change down to the minute.
fn transitions(tz: Tz, from: i32, to: i32) -> Vec<Transition> {
    let (Some(mut t), Some(end)) = (
        Utc.with_ymd_and_hms(from, 1, 1, 0, 0, 0).single(),
        Utc.with_ymd_and_hms(to + 1, 1, 1, 0, 0, 0).single(),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut before = offset_at(tz, t);
    while t < end {
        let next = t + TimeDelta::hours(12);
        let after = offset_at(tz, next);
        if after.0 != before.0 || after.1 != before.1 {
            let (mut lo, mut hi) = (t, next);
            while hi - lo > TimeDelta::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if offset_at(tz, mid) == before {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push(Transition {
                at: hi,
                from: before.0,
                to: after.0,
                dst: after.1,
                name: after.2.clone(),
            });
        }
        before = after;
        t = next;
    }
    out
}

fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    if s % 60 == 0 {
        format!("{sign}{:02}{:02}", s / 3600, s % 3600 / 60)
    } else {
        format!("{sign}{:02}{:02}{:02}", s / 3600, s % 3600 / 60, s % 60)
    }
}

/// The transition's local onset as RFC 5545 wants it: wall time in the offset before.
fn onset(t: &Transition) -> NaiveDateTime {
    t.at.naive_utc() + TimeDelta::seconds(i64::from(t.from))
}

/// `BYMONTH=3;BYDAY=-1SU` for an onset on the last Sunday of March, `2SU` for the second.
fn yearly_rule(local: NaiveDateTime) -> String {
    let d = local.date();
    let wd = match d.weekday() {
        chrono::Weekday::Mon => "MO",
        chrono::Weekday::Tue => "TU",
        chrono::Weekday::Wed => "WE",
        chrono::Weekday::Thu => "TH",
        chrono::Weekday::Fri => "FR",
        chrono::Weekday::Sat => "SA",
        chrono::Weekday::Sun => "SU",
    };
    let days_in_month = chrono::NaiveDate::from_ymd_opt(d.year(), d.month(), 1)
        .and_then(|f| f.checked_add_months(chrono::Months::new(1)))
        .map_or(31, |n| n.pred_opt().map_or(31, |l| l.day()));
    let n = if d.day() + 7 > days_in_month {
        "-1".to_string()
    } else {
        d.day().div_ceil(7).to_string()
    };
    format!("FREQ=YEARLY;BYMONTH={};BYDAY={n}{wd}", d.month())
}

/// A VTIMEZONE for `tz`: every transition from `from` through `to`, with the last year's
/// changes repeating yearly after that when they follow a weekday rule (as DST rules do).
pub fn vtimezone(tz: Tz, from: i32, to: i32) -> String {
    let mut out = String::new();
    push_folded(&mut out, "BEGIN:VTIMEZONE");
    push_folded(&mut out, &format!("TZID:{}", tz.name()));
    let all = transitions(tz, from - 1, to);
    let last_year = all.last().map(|t| onset(t).year());
    let repeating = |t: &Transition| {
        // A rule repeats when the same change happened by the same rule a year earlier.
        let year = onset(t).year();
        Some(year) == last_year
            && all.iter().any(|p| {
                onset(p).year() == year - 1
                    && p.dst == t.dst
                    && yearly_rule(onset(p)) == yearly_rule(onset(t))
                    && onset(p).time() == onset(t).time()
            })
    };
    let mut wrote = false;
    for t in all.iter().filter(|t| onset(t).year() >= from) {
        let kind = if t.dst { "DAYLIGHT" } else { "STANDARD" };
        push_folded(&mut out, &format!("BEGIN:{kind}"));
        push_folded(
            &mut out,
            &format!("DTSTART:{}", onset(t).format("%Y%m%dT%H%M%S")),
        );
        if repeating(t) {
            push_folded(&mut out, &format!("RRULE:{}", yearly_rule(onset(t))));
        }
        push_folded(&mut out, &format!("TZOFFSETFROM:{}", offset_text(t.from)));
        push_folded(&mut out, &format!("TZOFFSETTO:{}", offset_text(t.to)));
        if !t.name.is_empty() && !t.name.starts_with(['+', '-']) {
            push_folded(&mut out, &format!("TZNAME:{}", t.name));
        }
        push_folded(&mut out, &format!("END:{kind}"));
        wrote = true;
    }
    if !wrote {
        // No change in the window: one standard block with the offset in force.
        let at = Utc
            .with_ymd_and_hms(from, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default();
        let (offset, dst, name) = offset_at(tz, at);
        let kind = if dst { "DAYLIGHT" } else { "STANDARD" };
        push_folded(&mut out, &format!("BEGIN:{kind}"));
        push_folded(&mut out, &format!("DTSTART:{from}0101T000000"));
        push_folded(&mut out, &format!("TZOFFSETFROM:{}", offset_text(offset)));
        push_folded(&mut out, &format!("TZOFFSETTO:{}", offset_text(offset)));
        if !name.is_empty() && !name.starts_with(['+', '-']) {
            push_folded(&mut out, &format!("TZNAME:{name}"));
        }
        push_folded(&mut out, &format!("END:{kind}"));
    }
    push_folded(&mut out, "END:VTIMEZONE");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn berlin_repeats_the_eu_rule() {
        let z = vtimezone(chrono_tz::Europe::Berlin, 2025, 2027);
        assert!(z.contains("TZID:Europe/Berlin\r\n"), "{z}");
        assert!(z.contains("DTSTART:20270328T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST"), "{z}");
        assert!(z.contains("DTSTART:20271031T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100"), "{z}");
        assert!(z.contains("DTSTART:20250330T020000\r\nTZOFFSETFROM"), "{z}");
    }

    #[test]
    fn new_york_uses_second_and_first_sundays() {
        let z = vtimezone(chrono_tz::America::New_York, 2026, 2026);
        assert!(z.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"), "{z}");
        assert!(z.contains("RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"), "{z}");
        assert!(z.contains("TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400"), "{z}");
    }

    #[test]
    fn a_zone_without_changes_gets_one_block() {
        let z = vtimezone(chrono_tz::Asia::Tokyo, 2026, 2026);
        assert!(z.contains("BEGIN:STANDARD\r\nDTSTART:20260101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nTZNAME:JST\r\nEND:STANDARD"), "{z}");
    }

    #[test]
    fn the_calendar_names_every_zone_once() {
        let ev = "BEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=Europe/Berlin:20261123T090000\r\nDTEND;TZID=America/New_York:20261123T100000\r\nEND:VEVENT\r\n";
        let cal = calendar(
            &[ev.to_string(), ev.replace("UID:x", "UID:y")],
            &[],
            (2026, 2026),
            "-//t//EN",
        );
        assert_eq!(cal.matches("BEGIN:VTIMEZONE").count(), 2);
        assert!(cal.ends_with("END:VCALENDAR\r\n"));
        assert!(!cal.replace("\r\n", "").contains('\n'));
    }
}
