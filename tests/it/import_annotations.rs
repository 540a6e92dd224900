//! Re-importing an unchanged Taskwarrior export is a no-op even when its annotations are not in
//! time order (Tempo keeps them by time): nothing updated, no undo step, the database as it was.

use crate::common::Env;

const EXPORT: &str = r#"[
{"description":"Call the bank","entry":"20261101T100000Z","modified":"20261105T100000Z","status":"pending","uuid":"7a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d","annotations":[{"entry":"20261104T090000Z","description":"later note"},{"entry":"20261102T090000Z","description":"earlier note"},{"entry":"20261102T090000Z","description":"same time, second"}]},
{"description":"Renew passport","entry":"20261101T100000Z","modified":"20261101T100000Z","status":"pending","uuid":"1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b"}
]"#;

#[test]
fn reimporting_annotations_out_of_time_order_changes_nothing() {
    let env = Env::new();
    let path = env.dir.path().join("export.json");
    std::fs::write(&path, EXPORT).expect("write");
    let file = path.to_str().expect("utf-8");
    let first = env.json(&["import", "taskwarrior", file]);
    assert_eq!(first["added"], 2, "{first}");
    let notes: Vec<String> = env.json(&["show", "1"])["annotations"]
        .as_array()
        .expect("array")
        .iter()
        .map(|a| a["text"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(notes, ["earlier note", "same time, second", "later note"]);

    for _ in 0..2 {
        let before = env.snapshot();
        let again = env.json(&["import", "taskwarrior", file]);
        assert_eq!(
            (again["updated"].as_u64(), again["unchanged"].as_u64()),
            (Some(0), Some(2)),
            "{again}"
        );
        // No undo step either: the database is exactly as it was.
        assert_eq!(env.snapshot(), before);
    }
}
