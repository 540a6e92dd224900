//! `tempo report`: the CSV read back by Python's csv module, the text within 80 columns, the
//! timesheet grid, and the JSON totals. Now is Sunday 2026-11-22 10:30 in Berlin.

use crate::common::Env;

fn fixture() -> Env {
    let env = Env::new();
    env.run(&[
        "client",
        "add",
        "Acme",
        "--rate",
        "90",
        "--rounding",
        "15m",
        "--project",
        "web",
    ]);
    env.run(&[
        "track",
        "add",
        "fri",
        "9:00-9:50",
        "project:web",
        "+a",
        "note:call Ann, \"the\" client",
    ]);
    env.run(&["track", "add", "fri", "10:00-10:07", "project:web"]);
    env.run(&[
        "track",
        "add",
        "sat",
        "11:00-12:00",
        "project:home",
        "billable:no",
    ]);
    env.run(&["track", "add", "thu", "23:00-01:00", "project:web", "+late"]);
    env
}

#[test]
fn the_csv_reads_back_in_python_with_the_expected_totals() {
    let env = fixture();
    let csv = env.run(&["report", "week", "--csv"]);
    let path = env.dir.path().join("report.csv");
    std::fs::write(&path, &csv).expect("write");
    let script = r#"
import csv, json, sys
with open(sys.argv[1], newline='') as f:
    rows = list(csv.DictReader(f))
print(json.dumps({
    "columns": list(rows[0].keys()),
    "rows": len(rows),
    "minutes": round(sum(float(r["duration"]) for r in rows) * 60, 2),
    "amount": round(sum(float(r["amount"] or 0) for r in rows), 2),
    "notes": [r["note"] for r in rows],
    "dates": [r["date"] for r in rows],
    "billable": [r["billable"] for r in rows],
}))
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        r["columns"],
        serde_json::json!([
            "date", "start", "end", "duration", "client", "project", "task", "tags", "note",
            "billable", "rate", "amount", "currency"
        ])
    );
    // The night entry is cut at midnight into two rows.
    assert_eq!(r["rows"], 5);
    assert_eq!(r["minutes"], 237.0);
    // Billed after rounding each entry up to 15 minutes: 60 + 15 + 120 minutes at 90/h.
    assert_eq!(r["amount"], 292.5);
    assert_eq!(r["notes"][2], "call Ann, \"the\" client");
    assert_eq!(
        r["dates"],
        serde_json::json!([
            "2026-11-19",
            "2026-11-20",
            "2026-11-20",
            "2026-11-20",
            "2026-11-21"
        ])
    );
    assert_eq!(r["billable"][4], "no");
}

#[test]
fn the_json_report_has_totals_groups_and_days() {
    let env = fixture();
    let r = env.json(&["report", "week", "--by", "client,project"]);
    assert_eq!(r["seconds"], 237 * 60);
    assert_eq!(r["billable_seconds"], 177 * 60);
    assert_eq!(r["billed_seconds"], 195 * 60);
    assert_eq!(r["amounts"]["EUR"], 29250);
    assert_eq!(r["groups"][0]["key"], "Acme");
    assert_eq!(r["groups"][0]["groups"][0]["key"], "web");
    assert_eq!(r["groups"][1]["key"], "(no client)");
    let days: Vec<i64> = r["days"]
        .as_array()
        .expect("days")
        .iter()
        .map(|d| d["seconds"].as_i64().unwrap_or(-1))
        .collect();
    assert_eq!(days, vec![0, 0, 0, 3600, 60 * 117, 3600, 0]);
    let filtered = env.json(&["report", "week", "+late"]);
    assert_eq!(filtered["seconds"], 7200);
}

#[test]
fn text_reports_fit_80_columns() {
    let env = fixture();
    env.run(&[
        "track",
        "add",
        "mon",
        "9:00-10:00",
        "project:a.very.long.project.name.that.goes.on.and.on",
        "client:Some Client With A Long Name",
    ]);
    for args in [
        &["report", "week", "--by", "project,tag"][..],
        &["report", "--timesheet"],
        &["report", "month", "--by", "day"],
    ] {
        let text = env.run(args);
        for line in text.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= 80,
                "{args:?}: {line:?}"
            );
        }
        assert!(text.contains("Total"), "{args:?}: {text}");
    }
    let text = env.run(&["report", "week"]);
    assert!(
        text.contains("web                      2:57 ████"),
        "{text}"
    );
    let sheet = env.run(&["report", "--timesheet"]);
    let home = sheet
        .lines()
        .find(|l| l.starts_with("home"))
        .expect("home row");
    assert_eq!(
        home.split_whitespace().collect::<Vec<_>>(),
        vec!["home", "·", "·", "·", "·", "·", "1:00", "·", "1:00"]
    );
}
