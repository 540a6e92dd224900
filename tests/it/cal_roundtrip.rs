//! `cal export` writes RFC 5545 that Python's `icalendar` reads the same way Tempo does, and
//! export → import → export is the identity.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::{Env, python_icalendar};

fn python_components(file: &Path) -> serde_json::Value {
    python_icalendar(&["components", file.to_str().expect("utf-8")])
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ical")
        .join(name)
        .to_str()
        .expect("utf-8")
        .to_string()
}

/// A database with imported real-world events (Windows zones, Google) and events typed here:
/// repeating with an overridden and an excluded occurrence, split series, all-day, a block.
fn populated() -> Env {
    let env = Env::new();
    env.run(&[
        "cal",
        "import",
        &fixture("013.ics"),
        "--calendar",
        "outlook",
    ]);
    env.run(&["cal", "import", &fixture("219.ics"), "--calendar", "google"]);
    let standup = env.json(&[
        "cal",
        "add",
        "Standup tomorrow 9:30 15m every weekday loc:Room4 remind:10m",
    ])["id"]
        .to_string();
    env.run(&[
        "cal",
        "add",
        "Planning, with; punctuation mon 14:00-15:30 every 2 weeks 6 times",
    ]);
    // `cal:` names an existing calendar; a new name is refused rather than created.
    env.run(&["cal", "calendars", "add", "home"]);
    env.run(&["cal", "add", "Holiday 2026-12-24 cal:home"]);
    env.run(&["cal", "add", "Long title that goes on and on so that the summary line must be folded at seventy-five octets — ünïcödé tue 18:00"]);
    env.run(&[
        "cal",
        "edit",
        &standup,
        "--at",
        "2026-11-24",
        "10:00",
        "Standup (late)",
    ]);
    env.run(&["cal", "delete", &standup, "--at", "2026-11-25"]);
    env.run(&[
        "cal",
        "edit",
        &standup,
        "--from",
        "2026-12-07",
        "9:00",
        "20m",
    ]);
    env.run(&["add", "Write report", "due:fri", "pri:H", "+work"]);
    env.run(&["block", "1", "tomorrow", "14:00", "90m"]);
    env
}

fn export(env: &Env, name: &str) -> (std::path::PathBuf, String) {
    let path = env.dir.path().join(name);
    env.run(&[
        "cal",
        "export",
        "--tasks",
        "-o",
        path.to_str().expect("utf-8"),
    ]);
    let text = std::fs::read_to_string(&path).expect("exported");
    (path, text)
}

fn rule_parts(rule: &str) -> BTreeSet<String> {
    rule.split(';').map(str::to_string).collect()
}

#[test]
fn export_is_valid_rfc5545_and_python_agrees() {
    let env = populated();
    let (path, text) = export(&env, "out.ics");

    // CRLF everywhere, no physical line over 75 octets.
    assert!(!text.replace("\r\n", "").contains('\n'), "bare LF");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let py = python_components(&path);
    let comps = py["components"].as_array().expect("components");
    for c in comps {
        assert_eq!(c["errors"], serde_json::json!([]), "{c}");
    }

    // One VTIMEZONE for every TZID used, and only those.
    let used: BTreeSet<String> = text
        .replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.starts_with("TZID:"))
        .filter_map(|l| l.split_once(";TZID=").map(|(_, r)| r))
        .map(|r| {
            r.split([':', ';'])
                .next()
                .unwrap_or("")
                .trim_matches('"')
                .to_string()
        })
        .collect();
    let zones: BTreeSet<String> = py["timezones"]
        .as_array()
        .expect("zones")
        .iter()
        .map(|z| z.as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(used, zones);
    assert!(zones.contains("Europe/Berlin") && zones.contains("W. Europe Standard Time"));

    // Same events (by UID) as Tempo lists, same first start, same rules.
    let listed = env.json(&["cal", "list"]);
    let tempo: BTreeMap<String, &serde_json::Value> = listed
        .as_array()
        .expect("list")
        .iter()
        .filter(|r| r["kind"] == "VEVENT")
        .map(|r| (r["uid"].as_str().unwrap_or("").to_string(), r))
        .collect();
    let masters: Vec<&serde_json::Value> = comps
        .iter()
        .filter(|c| c["kind"] == "VEVENT" && c["recurrence_id"].is_null())
        .collect();
    assert_eq!(masters.len(), tempo.len());
    let py_uids: BTreeSet<String> = masters
        .iter()
        .map(|c| c["uid"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(py_uids, tempo.keys().cloned().collect::<BTreeSet<_>>());
    let mut checked = 0;
    for m in &masters {
        let uid = m["uid"].as_str().unwrap_or("");
        let row = tempo[uid];
        let first = rfc3339(&row["first_start"]);
        let instant = first.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        // A whole day reads as a date; a date written with a TZID (Google's
        // `DTSTART;TZID=US/Pacific:20020126`) is read as that zone's midnight by both.
        let day = first
            .with_timezone(&chrono_tz::Europe::Berlin)
            .format("%Y-%m-%d")
            .to_string();
        let same = m["start"].as_str() == Some(instant.as_str())
            || (row["all_day"] == true && m["start"].as_str() == Some(day.as_str()));
        // DTSTART is the first occurrence even when it is not one of its rule's instances.
        assert!(same, "{uid}: Python {} / Tempo {instant}", m["start"]);
        checked += 1;
        if row["recurring"] == false && row["all_day"] == false {
            let end = rfc3339(&row["last_end"])
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string();
            if !m["end"].is_null() {
                assert_eq!(m["end"].as_str(), Some(end.as_str()), "{uid}");
            }
        }
        if let Some(rule) = m["rrule"].as_str() {
            let ours = text
                .replace("\r\n ", "")
                .split("BEGIN:VEVENT\r\n")
                .find(|c| c.contains(&format!("UID:{uid}\r\n")) && !c.contains("RECURRENCE-ID"))
                .and_then(|c| c.split("\r\n").find_map(|l| l.strip_prefix("RRULE:")))
                .map(str::to_string)
                .expect("our RRULE");
            assert_eq!(rule_parts(rule), rule_parts(&ours), "{uid}");
        }
    }
    assert!(
        checked >= masters.len() - 2,
        "{checked} of {}",
        masters.len()
    );

    // What was typed here reads back as typed.
    let by_summary = |s: &str| {
        comps
            .iter()
            .find(|c| c["summary"] == s && c["recurrence_id"].is_null())
            .unwrap_or_else(|| panic!("{s} missing"))
    };
    let standup = by_summary("Standup");
    assert_eq!(standup["start"], "2026-11-23T08:30:00Z");
    assert_eq!(
        rule_parts(standup["rrule"].as_str().expect("rule")),
        rule_parts("FREQ=WEEKLY;UNTIL=20261207T082959Z;BYDAY=MO,TU,WE,TH,FR")
    );
    let late = comps
        .iter()
        .find(|c| c["summary"] == "Standup (late)")
        .expect("override");
    assert_eq!(
        (late["recurrence_id"].as_str(), late["start"].as_str()),
        (Some("2026-11-24T08:30:00Z"), Some("2026-11-24T09:00:00Z"))
    );
    assert_eq!(
        by_summary("Planning, with; punctuation")["rrule"],
        "FREQ=WEEKLY;COUNT=6;INTERVAL=2"
    );
    assert_eq!(by_summary("Holiday")["start"], "2026-12-24");
    assert_eq!(by_summary("Holiday")["end"], "2026-12-25");
    let todo = comps.iter().find(|c| c["kind"] == "VTODO").expect("task");
    assert_eq!(todo["summary"], "Write report");
}

#[test]
fn export_then_import_is_the_identity() {
    let env = populated();
    let (path, first) = export(&env, "one.ics");
    let other = Env::new();
    other.run(&[
        "cal",
        "import",
        path.to_str().expect("utf-8"),
        "--calendar",
        "all",
    ]);
    let (_, second) = export(&other, "two.ics");
    assert_eq!(first, second);

    let window = ["cal", "agenda", "--from", "2020-01-01", "--days", "3000"];
    let strip = |v: serde_json::Value| -> Vec<serde_json::Value> {
        v.as_array()
            .expect("items")
            .iter()
            .map(|i| {
                let mut i = i.clone();
                for k in ["id", "calendar", "colour"] {
                    i.as_object_mut().expect("object").remove(k);
                }
                i
            })
            .collect()
    };
    let a = strip(env.json(&window));
    let b = strip(other.json(&window));
    assert!(a.len() > 100, "{}", a.len());
    assert_eq!(a, b);
}

/// `cal list --json` times are RFC 3339.
fn rfc3339(v: &serde_json::Value) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(v.as_str().expect("an RFC 3339 string"))
        .expect("RFC 3339")
        .with_timezone(&chrono::Utc)
}
