//! Whether two versions of a calendar item say the same thing, and which fields they differ
//! in. Servers re-serialise what they are sent (property order, line folding, parameter
//! spelling, `DTSTART;TZID=Etc/UTC:…Z` for `DTSTART:…Z`, a new DTSTAMP), so texts are
//! compared by meaning: each property's value normalised, instants compared as instants.
//! An upload that reached the server while its record here did not (a kill mid-sync) then
//! comes back as "the same", not as a conflict with itself.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;
use chrono_tz::Tz;

use crate::ical::lines::{self, Component};
use crate::ical::object;
use crate::model::dates::local_instant;

/// Bookkeeping properties every write changes (as in the three-way merge).
const STAMPS: [&str; 3] = ["DTSTAMP", "LAST-MODIFIED", "SEQUENCE"];
/// Properties whose values are dates or date-times.
const TIMES: [&str; 8] = [
    "DTSTART",
    "DTEND",
    "DUE",
    "RECURRENCE-ID",
    "EXDATE",
    "RDATE",
    "COMPLETED",
    "CREATED",
];
/// Properties whose value is a comma-separated list of texts, order aside.
const LISTS: [&str; 2] = ["CATEGORIES", "RESOURCES"];

/// One component's meaning: property name → its normalised values, sorted.
type Meaning = BTreeMap<String, Vec<String>>;

/// An item's components keyed by normalised RECURRENCE-ID ("" for the master), each with the
/// RECURRENCE-ID as written (for messages).
type Components = BTreeMap<String, (String, Meaning)>;

/// The two texts say the same (stamps, order, folding and spelling aside).
pub fn same_meaning(a: &str, b: &str) -> bool {
    matches!((components(a), components(b)), (Some(x), Some(y)) if strip_labels(&x) == strip_labels(&y))
}

/// What the two texts differ in, named as a conflict lists them: `SUMMARY`, `DTSTART of
/// occurrence 20261124T090000Z`, `occurrence 20261124T090000Z` (present on one side only),
/// `the whole item` (no common master), `unreadable`. Empty when they say the same.
pub fn differing_fields(a: &str, b: &str) -> Vec<String> {
    let (Some(x), Some(y)) = (components(a), components(b)) else {
        return vec!["unreadable".into()];
    };
    let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        match (x.get(key), y.get(key)) {
            (Some((label, m)), Some((_, n))) => {
                let names: BTreeSet<&String> = m.keys().chain(n.keys()).collect();
                for name in names.into_iter().filter(|k| m.get(*k) != n.get(*k)) {
                    out.push(if key.is_empty() {
                        name.clone()
                    } else {
                        format!("{name} of occurrence {label}")
                    });
                }
            }
            (Some((label, _)), None) | (None, Some((label, _))) => out.push(if key.is_empty() {
                "the whole item".into()
            } else {
                format!("occurrence {label}")
            }),
            (None, None) => {}
        }
    }
    out
}

/// The values of the fields a conflict names (`fields` as stored, comma-separated) in one
/// version, for the person to compare: `SUMMARY=Lunch  DTSTART=20261124T110000Z`.
pub fn field_values(text: &str, fields: &str) -> String {
    let Some(o) = object(text) else {
        return "(unreadable)".into();
    };
    let parsed: Vec<Component> = o
        .components
        .iter()
        .filter_map(|c| Component::parse(c))
        .collect();
    let occurrence = |k: &str| {
        parsed.iter().find(|c| {
            c.get("RECURRENCE-ID")
                .is_some_and(|r| r.value.trim() == k.trim())
        })
    };
    let master = parsed.iter().find(|c| c.get("RECURRENCE-ID").is_none());
    fields
        .split(", ")
        .map(|f| {
            if let Some((name, k)) = f.split_once(" of occurrence ") {
                return format!("{name} of {k}={}", values(occurrence(k), name));
            }
            if let Some(k) = f.strip_prefix("occurrence ") {
                let there = occurrence(k).map(|c| c.text("SUMMARY").unwrap_or_default());
                return format!("occurrence {k}={}", there.as_deref().unwrap_or("(none)"));
            }
            if is_property_name(f) {
                return format!("{f}={}", values(master, f));
            }
            // "the whole item": what identifies it to a person.
            ["SUMMARY", "DTSTART"]
                .iter()
                .map(|n| format!("{n}={}", values(master, n)))
                .collect::<Vec<_>>()
                .join("  ")
        })
        .collect::<Vec<_>>()
        .join("  ")
}

fn is_property_name(f: &str) -> bool {
    !f.is_empty()
        && f.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

fn values(c: Option<&Component>, name: &str) -> String {
    let v: Vec<String> = c
        .map(|c| c.all(name))
        .unwrap_or_default()
        .iter()
        .map(|l| lines::unescape(l.value))
        .collect();
    if v.is_empty() {
        "(none)".into()
    } else {
        v.join(",")
    }
}

fn strip_labels(c: &Components) -> BTreeMap<&String, &Meaning> {
    c.iter().map(|(k, (_, m))| (k, m)).collect()
}

fn components(text: &str) -> Option<Components> {
    let o = object(text)?;
    let mut out = Components::new();
    for c in o.components.iter().filter_map(|c| Component::parse(c)) {
        let (key, label) = c.get("RECURRENCE-ID").map_or_else(Default::default, |l| {
            (time_values(&l).join(","), l.value.trim().to_string())
        });
        out.insert(key, (label, meaning(&c.props, &c.nested)));
    }
    Some(out)
}

fn meaning(props: &[String], nested: &[Vec<String>]) -> Meaning {
    let mut out = Meaning::new();
    for l in props.iter().filter_map(|l| lines::parse(l)) {
        if STAMPS.contains(&l.name.as_str()) {
            continue;
        }
        let value = normalise(&l);
        out.entry(l.name.clone()).or_default().push(value);
    }
    for n in nested {
        let kind = n
            .first()
            .and_then(|b| b.split_once(':'))
            .map_or("NESTED".to_string(), |(_, k)| k.trim().to_ascii_uppercase());
        let inner = n.get(1..n.len().saturating_sub(1)).unwrap_or_default();
        out.entry(kind)
            .or_default()
            .push(format!("{:?}", meaning(inner, &[])));
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

/// A property's parameters and value in one canonical spelling.
fn normalise(l: &lines::Line) -> String {
    let is_time = TIMES.contains(&l.name.as_str())
        || (l.name == "TRIGGER"
            && l.param("VALUE")
                .is_some_and(|v| v.eq_ignore_ascii_case("DATE-TIME")));
    let mut params: Vec<String> = split_unquoted(l.params)
        .into_iter()
        .filter(|p| !p.is_empty())
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            let k = k.trim().to_ascii_uppercase();
            // A time's zone and type are in its normalised value.
            if is_time && (k == "TZID" || k == "VALUE") {
                return None;
            }
            Some(format!("{k}={}", v.trim_matches('"')))
        })
        .collect();
    params.sort();
    let value = if is_time
        && l.param("VALUE")
            .is_none_or(|v| !v.eq_ignore_ascii_case("PERIOD"))
    {
        time_values(l).join(",")
    } else if LISTS.contains(&l.name.as_str()) {
        let mut items: Vec<String> = split_list(l.value)
            .iter()
            .map(|i| lines::unescape(i).trim().to_string())
            .collect();
        items.sort();
        items.join("\u{1}")
    } else if l.name == "RRULE" || l.name == "EXRULE" {
        let mut parts: Vec<String> = l
            .value
            .split(';')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) if k.eq_ignore_ascii_case("UNTIL") => {
                    format!("UNTIL={}", time_value(v, None))
                }
                _ => p.to_ascii_uppercase(),
            })
            .collect();
        parts.sort();
        parts.join(";")
    } else {
        lines::unescape(l.value)
    };
    format!("{}|{value}", params.join(";"))
}

/// Each date or date-time of a (possibly comma-separated) value, normalised and sorted.
fn time_values(l: &lines::Line) -> Vec<String> {
    let tzid = l.param("TZID");
    let mut v: Vec<String> = l
        .value
        .split(',')
        .map(|v| time_value(v, tzid.as_deref()))
        .collect();
    v.sort();
    v
}

/// A DATE as itself, a UTC or zoned date-time as its instant, a floating one (or one in a
/// zone we cannot name) as written.
fn time_value(v: &str, tzid: Option<&str>) -> String {
    let v = v.trim();
    if v.len() == 8 {
        return format!("date {v}");
    }
    if let Some(utc) = v.strip_suffix(['Z', 'z'])
        && let Ok(t) = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S")
    {
        return format!("at {}", t.and_utc().timestamp());
    }
    let zone = tzid.and_then(|id| id.trim_start_matches('/').parse::<Tz>().ok());
    match (zone, NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S")) {
        (Some(z), Ok(t)) => format!("at {}", local_instant(&z, t).timestamp()),
        _ => format!("floating {} {v}", tzid.unwrap_or_default()),
    }
}

/// `text` split at separators `;` outside double quotes.
fn split_unquoted(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// A list value split at commas that are not escaped.
fn split_list(value: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in value.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            ',' if !escaped => {
                parts.push(&value[start..i]);
                start = i + 1;
            }
            _ => escaped = false,
        }
    }
    parts.push(&value[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENT: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tempo//EN\r\nBEGIN:VEVENT\r\nUID:ev-1\r\nDTSTAMP:20261122T093000Z\r\nSUMMARY:Planning\\, with Ann\r\nDTSTART:20261124T090000Z\r\nDTEND:20261124T100000Z\r\nCATEGORIES:work,team\r\nRRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3\r\nDESCRIPTION:A long description that the server folds at seventy-five octets somewhere in here\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nDESCRIPTION:Planning\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    /// SENT as a server writes it back: reordered, refolded, zoned as Etc/UTC, a new stamp.
    const STORED: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Radicale//NONSGML Radicale Server//EN\r\nBEGIN:VEVENT\r\nUID:ev-1\r\nDTSTART;TZID=Etc/UTC:20261124T090000Z\r\nDTEND;TZID=Europe/Berlin:20261124T110000\r\nSUMMARY:Planning\\, with Ann\r\nCATEGORIES:team,work\r\nDESCRIPTION:A long description that the server folds at seventy-five octets \r\n somewhere in here\r\nDTSTAMP:20261129T120000Z\r\nRRULE:COUNT=3;FREQ=WEEKLY;BYDAY=TU\r\nBEGIN:VALARM\r\nTRIGGER:-PT15M\r\nACTION:DISPLAY\r\nDESCRIPTION:Planning\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    #[test]
    fn a_server_re_serialisation_means_the_same() {
        assert!(
            same_meaning(SENT, STORED),
            "{:?}",
            differing_fields(SENT, STORED)
        );
        assert!(differing_fields(SENT, STORED).is_empty());
    }

    #[test]
    fn a_different_instant_or_text_is_named() {
        let moved = SENT.replace(
            "DTSTART:20261124T090000Z",
            "DTSTART;TZID=Europe/Berlin:20261124T090000",
        );
        assert!(!same_meaning(SENT, &moved));
        assert_eq!(differing_fields(SENT, &moved), vec!["DTSTART"]);
        let renamed = SENT.replace("Planning\\, with", "Planning with");
        assert_eq!(differing_fields(SENT, &renamed), vec!["SUMMARY"]);
        let alarm = SENT.replace("-PT15M", "-PT5M");
        assert_eq!(differing_fields(SENT, &alarm), vec!["VALARM"]);
        assert_eq!(differing_fields(SENT, "junk"), vec!["unreadable"]);
    }

    #[test]
    fn field_values_name_each_field() {
        assert_eq!(
            field_values(SENT, "SUMMARY, LOCATION"),
            "SUMMARY=Planning, with Ann  LOCATION=(none)"
        );
        assert_eq!(
            field_values(SENT, "the whole item"),
            "SUMMARY=Planning, with Ann  DTSTART=20261124T090000Z"
        );
        assert_eq!(
            field_values(SENT, "occurrence 20261201T090000Z"),
            "occurrence 20261201T090000Z=(none)"
        );
    }
}
