//! What an object needs before it goes to a server, beyond what the person edited:
//! - one VTIMEZONE for every TZID it names (RFC 5545 §3.6.5), written from the tz database
//!   (`export::vtimezone`) for zones Tempo named itself;
//! - a SEQUENCE above the server's when its time changed (RFC 5546 §2.1.4: a change to
//!   DTSTART, DTEND, DUE, DURATION, RRULE, RDATE or EXDATE), so clients that order revisions
//!   by SEQUENCE take the new time.
//!
//! Pure: the text to send and the server's last agreed version in, the text out.

use std::collections::{BTreeMap, BTreeSet};

use chrono_tz::Tz;

use super::export::vtimezone;
use super::lines::{self, Component};
use super::split::{CalendarObject, object};

/// Properties whose change is a new revision of the schedule.
const TIMING: [&str; 7] = [
    "DTSTART", "DTEND", "DUE", "DURATION", "RRULE", "RDATE", "EXDATE",
];

fn timing(c: &Component) -> Vec<String> {
    let mut out: Vec<String> = c
        .props
        .iter()
        .filter(|l| lines::parse(l).is_some_and(|p| TIMING.contains(&p.name.as_str())))
        .cloned()
        .collect();
    out.sort();
    out
}

fn sequence(c: &Component) -> i64 {
    c.get("SEQUENCE")
        .and_then(|l| l.value.trim().parse().ok())
        .unwrap_or(0)
}

fn key(c: &Component) -> String {
    c.get("RECURRENCE-ID")
        .map(|l| l.value.to_string())
        .unwrap_or_default()
}

/// The TZIDs the components name, and the years their zoned values fall in.
fn zones_used(components: &[String]) -> (BTreeSet<String>, Option<(i32, i32)>) {
    let mut ids = BTreeSet::new();
    let mut years: Option<(i32, i32)> = None;
    for l in components.iter().flat_map(|c| lines::unfold(c)) {
        let Some(p) = lines::parse(&l) else { continue };
        let Some(id) = p.param("TZID") else { continue };
        for y in p
            .value
            .split(',')
            .filter_map(|v| v.trim().get(..4)?.parse::<i32>().ok())
        {
            years = Some(years.map_or((y, y), |(a, b)| (a.min(y), b.max(y))));
        }
        ids.insert(id);
    }
    (ids, years)
}

/// `text` ready to upload over `base` (the version both sides last agreed on, if any), or
/// `None` when it already is.
pub fn prepare(text: &str, base: Option<&str>) -> Option<String> {
    let mut o: CalendarObject = object(text)?;
    let mut changed = false;
    let before: BTreeMap<String, Component> = base
        .and_then(object)
        .map(|b| {
            b.components
                .iter()
                .filter_map(|c| Component::parse(c))
                .map(|c| (key(&c), c))
                .collect()
        })
        .unwrap_or_default();
    for block in &mut o.components {
        let Some(mut c) = Component::parse(block) else {
            continue;
        };
        let Some(b) = before.get(&key(&c)) else {
            continue;
        };
        if timing(&c) != timing(b) && sequence(&c) <= sequence(b) {
            c.set("SEQUENCE", Some(format!("SEQUENCE:{}", sequence(b) + 1)));
            *block = c.to_text();
            changed = true;
        }
    }
    let have: BTreeSet<String> = o
        .timezones
        .iter()
        .filter_map(|z| {
            Component::parse(z)?
                .get("TZID")
                .map(|l| l.value.to_string())
        })
        .collect();
    let (used, years) = zones_used(&o.components);
    let (from, to) = years.unwrap_or((1970, 1970));
    for id in used.difference(&have) {
        // A zone the tz database does not know and the object did not bring cannot be
        // written; the server and other clients then fall back as they do for any such TZID.
        if let Ok(tz) = id.trim_start_matches('/').parse::<Tz>() {
            let block = vtimezone(tz, from, to + 1);
            o.timezones.push(block.replacen(
                &format!("TZID:{}", tz.name()),
                &format!("TZID:{id}"),
                1,
            ));
            changed = true;
        }
    }
    changed.then(|| o.to_calendar())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cal(body: &str) -> String {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tempo//EN\r\n{}END:VCALENDAR\r\n",
            body.replace('\n', "\r\n")
        )
    }

    fn event(start: &str, extra: &str) -> String {
        cal(&format!(
            "BEGIN:VEVENT\nUID:u1\nSUMMARY:Review\nDTSTART;TZID=Europe/Berlin:{start}\nDTEND;TZID=America/New_York:20261123T100000\n{extra}END:VEVENT\n"
        ))
    }

    #[test]
    fn every_zone_named_gets_its_vtimezone_once() {
        let text = event("20261123T090000", "");
        let out = prepare(&text, None).expect("zones added");
        assert_eq!(out.matches("BEGIN:VTIMEZONE").count(), 2, "{out}");
        assert!(out.contains("TZID:Europe/Berlin\r\n") && out.contains("TZID:America/New_York"));
        assert!(
            out.find("BEGIN:VTIMEZONE") < out.find("BEGIN:VEVENT"),
            "zones come first: {out}"
        );
        assert!(
            out.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
            "{out}"
        );
        // Ready as it is: nothing to do.
        assert_eq!(prepare(&out, None), None);
    }

    #[test]
    fn a_time_change_raises_the_sequence_above_the_servers() {
        let base = event("20261123T090000", "SEQUENCE:3\n");
        let base = prepare(&base, None).expect("zones");
        let moved = base.replace("20261123T090000", "20261123T110000");
        let out = prepare(&moved, Some(&base)).expect("bumped");
        assert!(out.contains("SEQUENCE:4\r\n"), "{out}");
        // Sent and stored, it is not bumped again.
        assert_eq!(prepare(&out, Some(&base)), None);
        // A new title alone is no new schedule.
        let renamed = base.replace("SUMMARY:Review", "SUMMARY:Design review");
        assert_eq!(prepare(&renamed, Some(&base)), None);
        // No SEQUENCE yet counts as 0.
        let plain = prepare(&event("20261123T090000", ""), None).expect("zones");
        let out = prepare(&plain.replace("DTEND;", "EXDATE;"), Some(&plain)).expect("bump");
        assert!(out.contains("SEQUENCE:1\r\n"), "{out}");
    }
}
