//! `tempo estimate` and `tempo estimate backtest` through the real binary: a project that
//! always takes twice the estimate is learned from tracked time, `show` carries the estimate,
//! the backtest's figures on the committed fixture, and bad input (exit 2, nothing changed).

use crate::common::{Env, refused};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/planner_history.json"
);

/// Twelve tasks on project `slow` that took 60 minutes for a 30-minute estimate, twelve on
/// `fast` that took 30, each tracked on its own day of November; `min_data_points` 10.
pub(crate) fn two_speed_env() -> (Env, String) {
    let env = Env::new();
    let config = env.dir.path().join("config.toml");
    std::fs::write(&config, "[planner]\nmin_data_points = 10\n").expect("write config");
    let config = config.display().to_string();
    for i in 1..=24 {
        let (project, end) = if i % 2 == 0 {
            ("slow", "10:00")
        } else {
            ("fast", "9:30")
        };
        let title = format!("Task {i} {project}");
        env.run(&["add", &title, &format!("project:{project}"), "est:30m"]);
        let day = format!("2026-11-{i:02}");
        let span = format!("9:00-{end}");
        env.run(&["track", "add", &day, &span, &i.to_string()]);
    }
    env.run(&["done", "1-24"]);
    (env, config)
}

#[test]
fn a_project_that_always_takes_twice_as_long_is_learned_from_tracked_time() {
    let (env, config) = two_speed_env();
    env.run(&["add", "Next slow one", "project:slow", "est:30m"]);
    env.run(&["add", "Next fast one", "project:fast", "est:30m"]);
    let slow = env.json(&["--config", &config, "estimate", "25"]);
    let fast = env.json(&["--config", &config, "estimate", "26"]);
    assert_eq!(slow["history"], 24);
    assert_eq!(slow["learned_weight"], 0.8);
    let model = |v: &serde_json::Value| v["model_minutes"].as_f64().expect("a model");
    let ratio = model(&slow) / model(&fast);
    assert!(ratio > 1.6 && ratio < 2.2, "slow {slow} fast {fast}");
    let labels: Vec<&str> = slow["factors"]
        .as_array()
        .expect("factors")
        .iter()
        .filter_map(|f| f["label"].as_str())
        .collect();
    assert!(labels.contains(&"project slow"), "{labels:?}");
    // The blend: 80 % model, 20 % rules (the person's 30 minutes × 1.3).
    let blended = 0.2 * 39.0 + 0.8 * model(&slow);
    assert!((slow["minutes"].as_f64().expect("minutes") - blended).abs() < 1e-6);

    let text = env.run(&["--config", &config, "estimate", "25"]);
    assert!(
        text.contains("From      24 completed tasks (model 80%, rules 20%)"),
        "{text}"
    );
    assert!(text.contains("project slow: ×"), "{text}");
    let show = env.run(&["--config", &config, "show", "25"]);
    assert!(show.contains("Learned estimate  "), "{show}");
    assert!(show.contains("(P10–P90 "), "{show}");
}

#[test]
fn without_history_the_rules_decide_and_say_so() {
    let env = Env::new();
    env.run(&["add", "Fix the parser", "+bug"]);
    let text = env.run(&["estimate", "1"]);
    assert!(
        text.contains("Estimate  1h8m (P10–P90 34m–2h15m), confidence low"),
        "{text}"
    );
    assert!(text.contains("the rules alone"), "{text}");
    assert!(text.contains("+bug (rule): ×1.5"), "{text}");
    let b = env.json(&["estimate", "backtest"]);
    assert_eq!(b["tasks"], 0);
}

#[test]
fn the_backtest_on_the_committed_fixture() {
    let env = Env::new();
    let b = env.json(&["estimate", "backtest", "--history", FIXTURE]);
    assert_eq!(b["tasks"], 600);
    assert_eq!(b["min_data_points"], 50);
    let round = |v: &serde_json::Value| (v.as_f64().expect("a number") * 10.0).round() / 10.0;
    let w = &b["with_estimate"];
    let wo = &b["without_estimate"];
    assert_eq!(
        (w["tasks"].clone(), wo["tasks"].clone()),
        (359.into(), 241.into())
    );
    let figures = [
        round(&w["person"]["median"]),
        round(&w["person"]["mean"]),
        round(&w["rules"]["median"]),
        round(&w["rules"]["mean"]),
        round(&w["model"]["median"]),
        round(&w["model"]["mean"]),
        round(&(w["inside_p10_p90"].as_f64().expect("share") * 100.0).into()),
        round(&wo["rules"]["median"]),
        round(&wo["rules"]["mean"]),
        round(&wo["model"]["median"]),
        round(&wo["model"]["mean"]),
        round(&(wo["inside_p10_p90"].as_f64().expect("share") * 100.0).into()),
    ];
    // Person, rules, model (median, mean), then the share inside P10–P90 in percent: the
    // numbers in the README's "Estimates" section.
    assert_eq!(
        figures,
        [
            22.0, 73.6, 21.0, 66.4, 20.7, 61.6, 85.8, 26.0, 71.0, 27.5, 64.9, 75.9
        ],
        "{b}"
    );
    assert!(wo["person"].is_null());
    let text = env.run(&["estimate", "backtest", "--history", FIXTURE]);
    assert!(text.contains("Backtest over 600 completed tasks"), "{text}");
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let env = Env::new();
    env.run(&["add", "Something"]);
    refused(&env, &["estimate"], "name a task");
    refused(&env, &["estimate", "99"], "99");
    refused(
        &env,
        &["estimate", "backtest", "--history", "/no/such/file"],
        "cannot read the history",
    );
    let bad = env.dir.path().join("bad.json");
    std::fs::write(&bad, "{\"not\": \"a list\"}").expect("write");
    let bad = bad.display().to_string();
    refused(
        &env,
        &["estimate", "backtest", "--history", &bad],
        "is not a history",
    );
    let negative = env.dir.path().join("negative.json");
    std::fs::write(
        &negative,
        r#"[{"title":"x","done":"2026-01-01T10:00:00Z","actual_minutes":-5}]"#,
    )
    .expect("write");
    let negative = negative.display().to_string();
    refused(
        &env,
        &["estimate", "backtest", "--history", &negative],
        "needs positive minutes",
    );
    let config = env.dir.path().join("config.toml");
    std::fs::write(&config, "[planner]\nmin_data_points = \"many\"\n").expect("write config");
    let config = config.display().to_string();
    refused(
        &env,
        &["--config", &config, "estimate", "1"],
        "min_data_points",
    );
}

/// The kept model's row, to see whether a run kept one.
fn kept(env: &Env) -> String {
    env.snapshot_of_table("estimator_model")
}

#[test]
fn the_trained_model_is_kept_and_dropped_when_the_history_changes() {
    let (env, config) = two_speed_env();
    env.run(&["add", "Next slow one", "project:slow", "est:30m"]);
    env.run(&["add", "Next fast one", "project:fast", "est:30m"]);
    assert_eq!(kept(&env), "", "nothing kept before an estimate");
    let first = env.json(&["--config", &config, "estimate", "25"]);
    let row = kept(&env);
    assert!(!row.is_empty(), "the first estimate keeps the model");
    let again = env.json(&["--config", &config, "estimate", "25"]);
    assert_eq!(again, first, "the kept model gives the same estimate");
    assert_eq!(kept(&env), row, "an unchanged history keeps the same model");

    // More time on a task already done: the history changed, so the model is retrained, and
    // what it says is what a model trained from nothing kept says.
    env.run(&["track", "add", "2026-11-02", "13:00-15:00", "2"]);
    let after = env.json(&["--config", &config, "estimate", "25"]);
    assert_ne!(kept(&env), row, "a changed history replaces the kept model");
    assert_ne!(after["model_minutes"], first["model_minutes"], "{after}");
    let db = rusqlite::Connection::open(&env.db).expect("open");
    db.execute("DELETE FROM estimator_model", []).expect("drop");
    drop(db);
    let fresh = env.json(&["--config", &config, "estimate", "25"]);
    assert_eq!(after, fresh, "kept and freshly trained agree");

    // A task completed with time joins the history.
    env.run(&["track", "add", "2026-11-25", "9:00-9:30", "26"]);
    env.run(&["done", "26"]);
    let more = env.json(&["--config", &config, "estimate", "25"]);
    assert_eq!(more["history"], 25, "{more}");
    // That one was added to the kept learning; trained from nothing, the model is the same
    // (but for the order of floating-point sums).
    let db = rusqlite::Connection::open(&env.db).expect("open");
    db.execute("DELETE FROM estimator_model", []).expect("drop");
    drop(db);
    let fresh = env.json(&["--config", &config, "estimate", "25"]);
    for k in [
        "minutes",
        "p10",
        "p80",
        "p90",
        "model_minutes",
        "confidence",
    ] {
        let (a, b) = (more[k].as_f64().expect(k), fresh[k].as_f64().expect(k));
        assert!((a - b).abs() <= 1e-9 * b.abs(), "{k}: {a} vs {b}");
    }
    // Undo takes it out again: back to the first history (and its estimate).
    env.run(&["undo"]);
    let undone = env.json(&["--config", &config, "estimate", "25"]);
    assert_eq!(undone["history"], 24, "{undone}");
}

#[test]
fn a_damaged_kept_model_is_retrained_not_trusted() {
    let (env, config) = two_speed_env();
    env.run(&["add", "Next slow one", "project:slow", "est:30m"]);
    let first = env.json(&["--config", &config, "estimate", "25"]);
    let db = rusqlite::Connection::open(&env.db).expect("open");
    db.execute("UPDATE estimator_model SET model = x'00ff'", [])
        .expect("damage");
    drop(db);
    let again = env.json(&["--config", &config, "estimate", "25"]);
    assert_eq!(again, first);
}

#[test]
fn a_plan_reserves_the_learned_p80_once_there_is_history() {
    let (env, config) = two_speed_env();
    env.run(&["add", "Next slow one", "project:slow", "est:30m"]);
    let e = env.json(&["--config", &config, "estimate", "25"]);
    let p80 = e["p80"].as_f64().expect("p80");
    assert!(p80 > e["minutes"].as_f64().expect("minutes"), "{e}");
    let plan = env.json(&["--config", &config, "plan", "tomorrow"]);
    let minutes: i64 = plan["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .filter(|b| b["id"] == 25)
        .map(|b| {
            let at = |k: &str| {
                chrono::DateTime::parse_from_rfc3339(b[k].as_str().expect("time")).expect("rfc3339")
            };
            (at("end") - at("start")).num_minutes()
        })
        .sum();
    assert_eq!(minutes, p80.round() as i64, "{plan}");
}
