//! Real-world iCalendar exports (Google, Outlook/Exchange, Apple, Thunderbird, Nextcloud,
//! SabreDAV): each imports without a panic, and the number of events and to-dos matches what
//! Python's `icalendar` (an independent parser) finds, less the components Tempo reports as
//! unreadable, each named with its line.

use std::path::Path;

use crate::common::{Env, python_icalendar};

/// Components Tempo skips on purpose, with why (checked against its warnings).
const SKIPPED: &[(&str, &str)] = &[
    (
        // DTSTART;TZID="W. Europe Standard Time:20200609T090000": the quote swallows the value.
        "013.ics",
        "line 145: event 040000008200E00074C5B7101A82E008000000008001F1896B63D3010000000000000000100000005D0552D848712746896D6C8E2E066560: its start (DTSTART) is missing or unreadable",
    ),
    (
        // A Thunderbird "faked master" whose only date (DTSTART, also its RDATE) is an
        // EXDATE: RFC 5545 leaves it no occurrence.
        "186.ics",
        "line 1178: event 6d6d35c2-7bec-47d7-8dcb-28280b7ea7fd has no occurrences (all excluded?); skipped",
    ),
];

#[test]
fn real_world_files_import_and_agree_with_an_independent_parser() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ical");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ics"))
        .collect();
    files.sort();
    assert!(files.len() >= 15, "fixtures missing: {files:?}");
    let mut total = 0;
    for file in &files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let env = Env::new();
        let out = env
            .cmd()
            .args(["--json", "cal", "import"])
            .arg(file)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let expected = python_icalendar(&["events", file.to_str().expect("utf-8")]);
        let skipped: Vec<&str> = SKIPPED
            .iter()
            .filter(|(f, _)| *f == name)
            .map(|(_, why)| *why)
            .collect();
        let problems: Vec<&str> = report["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .filter_map(|p| p.as_str())
            .collect();
        for why in &skipped {
            assert!(
                problems.iter().any(|p| p.starts_with(why)),
                "{name}: expected the warning {why:?}, got {problems:?}"
            );
        }
        assert_eq!(
            problems.len(),
            skipped.len(),
            "{name}: unexpected problems {problems:?}"
        );
        let events = report["added"].as_u64().expect("added");
        assert_eq!(
            events + skipped.len() as u64,
            expected["events"].as_u64().expect("count"),
            "{name}: events"
        );
        assert_eq!(
            report["tasks"]["added"].as_u64(),
            expected["todos"].as_u64(),
            "{name}: to-dos"
        );
        // Everything imported can be listed over its whole span without a problem.
        let agenda = env
            .cmd()
            .args([
                "--json",
                "cal",
                "agenda",
                "--from",
                "1990-01-01",
                "--days",
                "3660",
            ])
            .output()
            .expect("runs");
        assert!(agenda.status.success(), "{name}");
        // And importing again changes nothing.
        let again = env.json(&["cal", "import", file.to_str().expect("utf-8")]);
        assert_eq!(
            (again["added"].as_u64(), again["updated"].as_u64()),
            (Some(0), Some(0)),
            "{name}: {again}"
        );
        total += events;
    }
    assert!(total > 250, "{total} events in all");
}

#[test]
fn windows_1252_and_utf16_files_are_decoded_not_refused() {
    let body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:enc\r\nSUMMARY:Café – Zoë\r\nDTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let cp1252: Vec<u8> = body
        .chars()
        .map(|c| match c {
            '–' => 0x96,
            c => u8::try_from(u32::from(c)).expect("Latin-1"),
        })
        .collect();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(body.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    for (name, bytes, warning) in [
        (
            "cp1252.ics",
            cp1252,
            Some("warning: line 6: not UTF-8 (byte 0xE9); the file was read as Windows-1252"),
        ),
        ("utf16.ics", utf16, None),
    ] {
        let env = Env::new();
        let file = env.dir.path().join(name);
        std::fs::write(&file, bytes).expect("write");
        let out = env
            .cmd()
            .args(["cal", "import"])
            .arg(&file)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: {stderr}");
        match warning {
            Some(w) => assert!(stderr.contains(w), "{name}: {stderr}"),
            None => assert!(stderr.is_empty(), "{name}: {stderr}"),
        }
        let agenda = env.json(&[
            "cal",
            "agenda",
            "--no-tasks",
            "--from",
            "2026-12-01",
            "--days",
            "1",
        ]);
        assert_eq!(agenda[0]["summary"], "Café – Zoë", "{name}");
    }
}

#[test]
fn floating_times_follow_x_wr_timezone_through_import_and_export() {
    let env = Env::new();
    let file = env.dir.path().join("google.ics");
    std::fs::write(
        &file,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nX-WR-TIMEZONE:America/New_York\r\n\
         BEGIN:VEVENT\r\nUID:fl\r\nSUMMARY:Floating\r\nDTSTART:20261201T090000\r\nDTEND:20261201T100000\r\nEND:VEVENT\r\n\
         END:VCALENDAR\r\n",
    )
    .expect("write");
    env.run(&["cal", "import", file.to_str().expect("utf-8")]);
    let agenda = env.json(&[
        "cal",
        "agenda",
        "--no-tasks",
        "--from",
        "2026-12-01",
        "--days",
        "1",
    ]);
    assert_eq!(agenda[0]["start"], "2026-12-01T14:00:00Z");
    let exported = env.run(&["cal", "export"]);
    assert!(
        exported.contains("\r\nX-WR-TIMEZONE:America/New_York\r\n"),
        "{exported}"
    );
}
