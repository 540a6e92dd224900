//! Writing and changing events: a new VEVENT from a draft, new times, excluding an occurrence,
//! ending a series before one, overriding one occurrence. Everything not touched stays as it
//! was in the text (unknown properties, attendees, alarms).

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, TimeDelta, Utc};

use super::lines::{Component, escape};

/// When an event starts: a wall-clock time in the event's zone, or a whole day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    At(NaiveDateTime),
    Day(NaiveDate),
}

/// Everything needed to write a new event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub summary: String,
    pub location: Option<String>,
    pub description: Option<String>,
    pub start: Start,
    /// Minutes for a timed event, whole days (×1440) for an all-day one.
    pub minutes: u32,
    /// An RRULE value (`FREQ=WEEKLY;BYDAY=MO`), if the event repeats.
    pub rrule: Option<String>,
    /// Reminders, minutes before the start.
    pub alarms: Vec<u32>,
    /// The task this event blocks time for.
    pub task: Option<String>,
}

/// The property that links a time block to its task.
pub const TASK_PROPERTY: &str = "X-TEMPO-TASK";

pub fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// `NAME;TZID=…:local` for a timed start, `NAME;VALUE=DATE:day` for a whole day.
pub fn date_line(name: &str, at: Start, tzid: &str) -> String {
    match at {
        Start::At(t) if tzid == "UTC" => format!("{name}:{}Z", t.format("%Y%m%dT%H%M%S")),
        Start::At(t) => format!("{name};TZID={tzid}:{}", t.format("%Y%m%dT%H%M%S")),
        Start::Day(d) => format!("{name};VALUE=DATE:{}", d.format("%Y%m%d")),
    }
}

/// The start plus a length in minutes (all-day: in whole days, at least one).
pub fn end_of(start: Start, minutes: u32) -> Start {
    match start {
        Start::At(t) => Start::At(t + TimeDelta::minutes(i64::from(minutes))),
        Start::Day(d) => Start::Day(d + Days::new(u64::from(minutes.div_ceil(1440).max(1)))),
    }
}

pub fn new_event(d: &Draft, uid: &str, tzid: &str, now: DateTime<Utc>) -> Component {
    let mut c = Component::new("VEVENT");
    c.push(format!("UID:{}", escape(uid)));
    c.push(format!("DTSTAMP:{}", stamp(now)));
    c.push(format!("CREATED:{}", stamp(now)));
    c.push(format!("LAST-MODIFIED:{}", stamp(now)));
    c.push(format!("SUMMARY:{}", escape(&d.summary)));
    set_times(&mut c, d.start, d.minutes, tzid);
    if let Some(rule) = &d.rrule {
        c.push(format!("RRULE:{rule}"));
    }
    c.set_text("LOCATION", d.location.as_deref());
    c.set_text("DESCRIPTION", d.description.as_deref());
    if let Some(task) = &d.task {
        c.push(format!("{TASK_PROPERTY}:{task}"));
    }
    set_alarms(&mut c, &d.alarms, &d.summary);
    c
}

/// Replaces DTSTART and the end (DTEND or DURATION) with `start` and a length.
pub fn set_times(c: &mut Component, start: Start, minutes: u32, tzid: &str) {
    c.set("DTSTART", Some(date_line("DTSTART", start, tzid)));
    c.set("DURATION", None);
    c.set(
        "DTEND",
        Some(date_line("DTEND", end_of(start, minutes), tzid)),
    );
}

/// Replaces the component's VALARMs written by Tempo-style reminders: every VALARM goes, and
/// one display alarm per offset is added.
pub fn set_alarms(c: &mut Component, minutes: &[u32], summary: &str) {
    c.nested.retain(|n| {
        !n.first()
            .is_some_and(|l| l.eq_ignore_ascii_case("BEGIN:VALARM"))
    });
    for m in minutes {
        c.nested.push(vec![
            "BEGIN:VALARM".into(),
            "ACTION:DISPLAY".into(),
            format!("DESCRIPTION:{}", escape(summary)),
            format!("TRIGGER:-PT{m}M"),
            "END:VALARM".into(),
        ]);
    }
}

/// Reminder offsets of a component's VALARMs, in seconds before the start. Alarms relative to
/// the end, or at an absolute time, are left to the calendar that wrote them.
pub fn alarms(c: &Component) -> Vec<i64> {
    let mut out: Vec<i64> = c
        .nested
        .iter()
        .filter(|n| {
            n.first()
                .is_some_and(|l| l.eq_ignore_ascii_case("BEGIN:VALARM"))
        })
        .filter_map(|n| {
            let trigger = n.iter().find_map(|l| {
                let p = super::lines::parse(l)?;
                (p.name == "TRIGGER").then(|| (p.param("RELATED"), p.value.to_string()))
            })?;
            match trigger {
                (Some(rel), _) if rel.eq_ignore_ascii_case("END") => None,
                (_, value) => parse_duration(&value).map(|s| -s),
            }
        })
        .filter(|s| *s >= 0)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// An iCalendar DURATION (`-PT15M`, `P1D`, `-P1DT2H`, `PT0S`, `P1W`) in seconds.
pub fn parse_duration(value: &str) -> Option<i64> {
    let v = value.trim().to_ascii_uppercase();
    let (sign, rest) = match v.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, v.strip_prefix('+').unwrap_or(&v)),
    };
    let rest = rest.strip_prefix('P')?;
    let mut total = 0i64;
    let mut number = String::new();
    let mut in_time = false;
    for ch in rest.chars() {
        match ch {
            '0'..='9' => number.push(ch),
            'T' => in_time = true,
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                total += n * match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
            }
        }
    }
    number.is_empty().then_some(sign * total)
}

/// The value written for an occurrence's original start, in the form of the series' DTSTART
/// (a DATE, a time in its zone, UTC, or floating), so every reader matches it to the instance.
fn occurrence_value(
    master: &Component,
    original: DateTime<Utc>,
    day: Option<NaiveDate>,
    local: chrono_tz::Tz,
) -> (String, String) {
    if let Some(d) = day {
        return (";VALUE=DATE".into(), d.format("%Y%m%d").to_string());
    }
    let fmt = "%Y%m%dT%H%M%S";
    let Some(start) = master.get("DTSTART") else {
        return (String::new(), stamp(original));
    };
    if let Some(id) = start.param("TZID") {
        return match id.parse::<chrono_tz::Tz>() {
            Ok(zone) => (
                format!(";TZID={id}"),
                original.with_timezone(&zone).format(fmt).to_string(),
            ),
            Err(_) => (String::new(), stamp(original)),
        };
    }
    if start.value.trim().to_ascii_uppercase().ends_with('Z') {
        (String::new(), stamp(original))
    } else {
        (
            String::new(),
            original.with_timezone(&local).format(fmt).to_string(),
        )
    }
}

/// Adds an EXDATE for one occurrence to the series master.
pub fn exclude(
    master: &mut Component,
    original: DateTime<Utc>,
    day: Option<NaiveDate>,
    local: chrono_tz::Tz,
) {
    let (params, value) = occurrence_value(master, original, day, local);
    master.push(format!("EXDATE{params}:{value}"));
}

/// An EXDATE line standing for an override's RECURRENCE-ID (same parameters, same value).
pub fn exdate_for_override(over: &Component) -> Option<String> {
    over.get("RECURRENCE-ID")
        .map(|l| format!("EXDATE{}:{}", l.params, l.value))
}

/// Ends the master's rule before `original` (the first occurrence to drop).
pub fn end_before(master: &mut Component, original: DateTime<Utc>, day: Option<NaiveDate>) {
    let Some(rule) = master.get("RRULE").map(|l| l.value.to_string()) else {
        return;
    };
    let kept: Vec<&str> = rule
        .split(';')
        .filter(|p| {
            let key = p.split('=').next().unwrap_or("").to_ascii_uppercase();
            key != "COUNT" && key != "UNTIL"
        })
        .collect();
    let until = match day {
        Some(d) => d.pred_opt().unwrap_or(d).format("%Y%m%d").to_string(),
        None => stamp(original - TimeDelta::seconds(1)),
    };
    master.set(
        "RRULE",
        Some(format!("RRULE:{};UNTIL={until}", kept.join(";"))),
    );
}

/// A copy of the master standing for one occurrence, ready for edits: no rule, no exceptions,
/// and a RECURRENCE-ID naming the occurrence it replaces.
pub fn override_of(
    master: &Component,
    original: DateTime<Utc>,
    day: Option<NaiveDate>,
    local: chrono_tz::Tz,
) -> Component {
    let (params, value) = occurrence_value(master, original, day, local);
    let mut c = master.clone();
    for name in ["RRULE", "RDATE", "EXDATE", "EXRULE", "RECURRENCE-ID"] {
        c.set(name, None);
    }
    let at = c
        .props
        .iter()
        .position(|l| l.to_ascii_uppercase().starts_with("DTSTART"))
        .unwrap_or(c.props.len());
    c.props.insert(at, format!("RECURRENCE-ID{params}:{value}"));
    c
}

/// Bumps SEQUENCE and LAST-MODIFIED, as other clients expect of an edited event.
pub fn touch(c: &mut Component, now: DateTime<Utc>) {
    let seq = c
        .get("SEQUENCE")
        .and_then(|l| l.value.trim().parse::<u32>().ok())
        .map_or(0, |s| s + 1);
    c.set("SEQUENCE", Some(format!("SEQUENCE:{seq}")));
    c.set(
        "LAST-MODIFIED",
        Some(format!("LAST-MODIFIED:{}", stamp(now))),
    );
    c.set("DTSTAMP", Some(format!("DTSTAMP:{}", stamp(now))));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("-PT15M"), Some(-900));
        assert_eq!(parse_duration("P1DT2H"), Some(93_600));
        assert_eq!(parse_duration("-P1W"), Some(-604_800));
        assert_eq!(parse_duration("PT0S"), Some(0));
        assert_eq!(parse_duration("15M"), None);
        assert_eq!(parse_duration("-PT"), Some(0));
        assert_eq!(parse_duration("P1H"), None);
    }

    #[test]
    fn alarms_relative_to_the_start_only() {
        let text = "BEGIN:VEVENT\r\nUID:a\r\nBEGIN:VALARM\r\nTRIGGER:-PT10M\r\nEND:VALARM\r\nBEGIN:VALARM\r\nTRIGGER;RELATED=END:-PT5M\r\nEND:VALARM\r\nBEGIN:VALARM\r\nTRIGGER;VALUE=DATE-TIME:20261101T100000Z\r\nEND:VALARM\r\nBEGIN:VALARM\r\nTRIGGER:-P1D\r\nEND:VALARM\r\nEND:VEVENT\r\n";
        let c = Component::parse(text).expect("component");
        assert_eq!(alarms(&c), vec![600, 86_400]);
    }

    #[test]
    fn ending_a_rule_drops_count() {
        let mut c = Component::parse(
            "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261102T090000Z\r\nRRULE:FREQ=DAILY;COUNT=10;BYHOUR=9\r\nEND:VEVENT\r\n",
        )
        .expect("component");
        let at = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 5, 9, 0, 0)
            .single()
            .expect("valid");
        end_before(&mut c, at, None);
        assert_eq!(
            c.get("RRULE").map(|l| l.value.to_string()).as_deref(),
            Some("FREQ=DAILY;BYHOUR=9;UNTIL=20261105T085959Z")
        );
    }
}
