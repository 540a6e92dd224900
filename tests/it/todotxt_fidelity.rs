//! todo.txt files survive Tempo: nothing merged, nothing skipped, and what Tempo writes reads the
//! same in an independent parser (Python's `pytodotxt`, installed by scripts/test).

use crate::common::{Env, python_todotxt};
use serde_json::Value;

/// Lines that once were merged (same title), skipped (rec: first, rec:1m, relative dates) or
/// changed (priority D, no creation date).
const LINES: &str = "\
(A) Call Mom +Family @phone
x 2011-03-03 Call Mom
(D) 2011-03-02 Read a book @home
rec:1m due:2026-12-01 Pay rent
2026-11-01 Water plants +garden due:2026-11-30 rec:+1w
x 2026-11-20 2026-11-01 File taxes pri:B
(Q) Renew passport t:2027-01-01 note:blue
";

fn write(env: &Env, name: &str, text: &str) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    path.to_str().expect("utf-8").to_string()
}

/// pytodotxt's reading, with `rec:` compared without its strictness `+` (Tempo always counts
/// from the due date and writes `+`).
fn read_back(path: &str) -> Vec<Value> {
    let mut tasks = python_todotxt(std::path::Path::new(path));
    for t in tasks.as_array_mut().expect("array") {
        if let Some(rec) = t["attributes"].get_mut("rec") {
            let plain: Vec<Value> = rec
                .as_array()
                .expect("list")
                .iter()
                .map(|v| v.as_str().expect("text").trim_start_matches('+').into())
                .collect();
            *rec = Value::Array(plain);
        }
    }
    tasks.as_array().expect("array").clone()
}

#[test]
fn todotxt_lines_round_trip_through_pytodotxt() {
    let env = Env::new();
    let original = write(&env, "todo.txt", LINES);
    let report = env.json(&["import", "todotxt", &original]);
    assert_eq!(
        (report["added"].as_i64(), report["warnings"].clone()),
        (Some(7), serde_json::json!([])),
        "{report}"
    );
    let same = env.json(&["import", "todotxt", &original]);
    assert_eq!(
        (same["added"].as_i64(), same["updated"].as_i64()),
        (Some(0), Some(0)),
        "{same}"
    );
    let exported = env.run(&["export", "todotxt"]);
    let exported_path = write(&env, "exported.txt", &exported);
    assert_eq!(
        read_back(&exported_path),
        read_back(&original),
        "{exported}"
    );

    // Re-importing Tempo's own export changes nothing; export → import → export is identical.
    let again = env.json(&["import", "todotxt", &exported_path]);
    assert_eq!(
        (again["added"].as_i64(), again["updated"].as_i64()),
        (Some(0), Some(0)),
        "{again}"
    );
    let other = Env::new();
    other.json(&["import", "todotxt", &exported_path]);
    assert_eq!(other.run(&["export", "todotxt"]), exported);
}

#[test]
fn cancelled_tasks_are_not_exported_as_done() {
    let env = Env::new();
    env.run(&["add", "Drop", "it"]);
    env.run(&["modify", "1", "status:cancelled"]);
    let line = env.run(&["export", "todotxt"]);
    assert!(
        line.starts_with("2026-11-22 Drop it cancelled:2026-11-22 uuid:"),
        "{line}"
    );
    let path = write(&env, "out.txt", &line);
    assert_eq!(read_back(&path)[0]["completed"], false);
    let other = Env::new();
    other.json(&["import", "todotxt", &path]);
    assert_eq!(
        other.json(&["list", "status:any"])[0]["status"],
        "cancelled"
    );
}

#[test]
fn a_title_with_a_line_break_stays_on_one_line() {
    let env = Env::new();
    let json = r#"[{"uuid":"8c3c1a37-6d6a-4f3e-9b1a-0a6c8d1f2e01","description":"First line\nsecond\u0007","status":"pending","entry":"20261101T100000Z"}]"#;
    let path = write(&env, "tw.json", json);
    env.json(&["import", "taskwarrior", &path]);
    let list = env.run(&["list"]);
    assert_eq!(list.lines().count(), 2, "{list:?}");
    assert!(list.contains("First line↵second\u{fffd}"), "{list:?}");
    let txt = env.run(&["export", "todotxt"]);
    assert_eq!(txt.lines().count(), 1, "{txt:?}");
    // The stored title is unchanged.
    assert_eq!(env.json(&["list"])[0]["title"], "First line\nsecond\u{7}");
}
