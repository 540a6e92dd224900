//! `list --limit N` by urgency ranks only the tasks that can reach the top; what it prints must
//! be the first N of the full list, ties and all.

use crate::common::Env;
use serde_json::Value;

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|t| t["id"].as_i64().expect("id"))
        .collect()
}

#[test]
fn the_limited_list_is_the_top_of_the_full_one() {
    let env = Env::new();
    let dues = ["due:2026-11-01", "due:2026-11-21", "due:2026-12-24", ""];
    let pris = ["pri:H", "pri:M", "", "pri:L"];
    let tags = ["+next", "+deep", "+next +bug +home", ""];
    for i in 0..24 {
        let mut words = vec!["add".to_string(), format!("Task {i}")];
        for w in [dues[i % 4], pris[(i / 2) % 4], tags[(i / 3) % 4]] {
            words.extend(w.split_whitespace().map(str::to_string));
        }
        if i % 5 == 0 {
            words.push("project:work".into());
        }
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        env.run(&args);
    }
    env.run(&["annotate", "7", "called", "back"]);
    env.run(&["add", "Blocked", "depends:3"]);
    env.run(&["start", "9"]);
    env.run(&["done", "2"]);
    for sort in ["-urgency", "-urgency,due", "urgency"] {
        let full = ids(&env.json(&["list", "--sort", sort]));
        for n in [1, 3, 7, 20] {
            let limited = ids(&env.json(&["list", "--sort", sort, "--limit", &n.to_string()]));
            assert_eq!(
                limited,
                full[..n.min(full.len())],
                "--sort {sort} --limit {n}"
            );
        }
    }
    let top = env.run(&["list", "+next", "--limit", "3"]);
    assert_eq!(top.lines().count(), 4, "{top}");
}
