//! Tempo's occurrences agree with an independent expansion: Python's `icalendar` with
//! `recurring_ical_events` (tests/support/ical_occurrences.py; scripts/test installs both).
//! For each real-world file in tests/fixtures/ical, the start instants of every occurrence in
//! the file's first year (from the Berlin day of its earliest DTSTART, 366 days) must be the
//! same; the files where they are not are listed in `DIFFERENCES`, each with the reason.

use std::path::Path;

use crate::common::Env;

/// Files whose occurrences differ from the reference, and why. Tempo's reading is the
/// intended one in each.
const DIFFERENCES: &[(&str, &str)] = &[(
    "006.ics",
    "Exchange names zones by their display name without a VTIMEZONE \
     (TZID=\"(GMT+10:00) Canberra, Melbourne, Sydney\"); Tempo maps them to the IANA zone, \
     the reference reads the times as floating (local) times",
)];

/// Start instants ("YYYYMMDDTHHMMSSZ"), sorted, duplicates kept.
fn reference(file: &Path) -> (Option<String>, Vec<String>) {
    let out = std::process::Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/ical_occurrences.py"))
        .arg(file)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "the reference failed (scripts/test installs it: pip install icalendar \
         recurring_ical_events): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut starts: Vec<String> = v["occurrences"]
        .as_array()
        .expect("occurrences")
        .iter()
        .filter_map(|o| o.as_str()?.rsplit('@').next().map(str::to_string))
        .collect();
    starts.sort();
    (v["from"].as_str().map(str::to_string), starts)
}

fn tempo(file: &Path, from: &str) -> Vec<String> {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["cal", "import"])
        .arg(file)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let agenda = env.json(&[
        "cal",
        "agenda",
        "--no-tasks",
        "--from",
        from,
        "--days",
        "366",
    ]);
    let mut starts: Vec<String> = agenda
        .as_array()
        .expect("array")
        .iter()
        .map(|i| {
            chrono::DateTime::parse_from_rfc3339(i["start"].as_str().expect("start"))
                .expect("RFC 3339")
                .with_timezone(&chrono::Utc)
                .format("%Y%m%dT%H%M%SZ")
                .to_string()
        })
        .collect();
    starts.sort();
    starts
}

#[test]
fn occurrences_over_the_first_year_agree_with_the_reference() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ical");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ics"))
        .collect();
    files.sort();
    let mut same = 0;
    let mut unexplained = Vec::new();
    for file in &files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let (Some(from), expected) = reference(file) else {
            continue;
        };
        let got = tempo(file, &from);
        let listed = DIFFERENCES.iter().any(|(f, _)| *f == name);
        if got == expected {
            same += 1;
            assert!(!listed, "{name} agrees now: take it off DIFFERENCES");
        } else if !listed {
            let only = |a: &[String], b: &[String]| -> Vec<String> {
                a.iter()
                    .filter(|s| !b.contains(s))
                    .take(5)
                    .cloned()
                    .collect()
            };
            unexplained.push(format!(
                "{name}: Tempo {} / reference {}; only Tempo {:?}; only reference {:?}",
                got.len(),
                expected.len(),
                only(&got, &expected),
                only(&expected, &got)
            ));
        }
    }
    assert!(unexplained.is_empty(), "{unexplained:#?}");
    // The rate the README states.
    assert_eq!((same, files.len()), (16, 17));
}
