//! The estimator on histories with known patterns: a project that runs 2× long, the cold-start
//! blend, the rules alone without history, the two training paths agreeing, and the committed
//! fixture being the generator's output.

use chrono::{DateTime, Duration, Utc};

use super::features::features;
use super::model::{Online, dot, fit};
use super::*;

fn at(i: usize) -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default() + Duration::hours(i as i64)
}

fn task(title: &str, project: &str, estimate: Option<f64>) -> TaskInfo {
    TaskInfo {
        title: title.into(),
        project: Some(project.into()),
        estimate_minutes: estimate,
        ..TaskInfo::default()
    }
}

/// Project `slow` always takes twice the person's estimate, `fast` exactly it.
fn two_speed_history(n: usize) -> Vec<Completed> {
    (0..n)
        .map(|i| {
            let est = [30.0, 60.0, 90.0][i % 3];
            let (project, factor) = if i % 2 == 0 {
                ("slow", 2.0)
            } else {
                ("fast", 1.0)
            };
            // A little deterministic noise, so the range is not zero-width.
            let noise = 1.0 + 0.05 * ((i % 5) as f64 - 2.0);
            Completed {
                task: task(&format!("Task number {i}"), project, Some(est)),
                done: at(i),
                actual_minutes: est * factor * noise,
            }
        })
        .collect()
}

#[test]
fn a_project_that_always_runs_twice_as_long_is_learned() {
    let e = Estimator::train(&two_speed_history(200), 50);
    let slow = e.estimate(&task("Something else", "slow", Some(60.0)));
    let fast = e.estimate(&task("Something else", "fast", Some(60.0)));
    let (ms, mf) = (
        slow.model_minutes.unwrap_or(0.0),
        fast.model_minutes.unwrap_or(0.0),
    );
    assert!((1.8..2.2).contains(&(ms / mf)), "slow {ms} fast {mf}");
    assert!(
        (105.0..135.0).contains(&ms),
        "slow takes about 2 × 60: {ms}"
    );
    let factor = slow
        .factors
        .iter()
        .find(|f| f.label == "project slow")
        .unwrap_or_else(|| panic!("no project factor in {:?}", slow.factors));
    assert!(factor.multiplier > 1.3, "{factor}");
    assert!(slow.p10 < slow.minutes && slow.minutes < slow.p90);
    assert!(slow.minutes > fast.minutes * 1.6);
}

#[test]
fn the_learned_weight_is_n_over_min_data_points_capped_at_0_8() {
    assert_eq!(learned_weight(0, 50), 0.0);
    assert_eq!(learned_weight(10, 50), 0.2);
    assert_eq!(learned_weight(25, 50), 0.5);
    assert_eq!(learned_weight(40, 50), 0.8);
    assert_eq!(learned_weight(49, 50), 0.8);
    assert_eq!(learned_weight(5000, 50), 0.8);
    assert_eq!(learned_weight(3, 10), 0.3);
    assert_eq!(learned_weight(1, 0), 0.8);
}

#[test]
fn a_short_history_blends_rules_and_model_by_the_formula() {
    for n in [1, 5, 10, 30, 120] {
        let e = Estimator::train(&two_speed_history(n), 50);
        let est = e.estimate(&task("Another", "slow", Some(40.0)));
        let w = (n as f64 / 50.0).min(0.8);
        assert_eq!(est.learned_weight, w);
        let model = est.model_minutes.unwrap_or(f64::NAN);
        let expected = (1.0 - w) * est.rules_minutes + w * model;
        assert!((est.minutes - expected).abs() < 1e-9, "n={n}: {est:?}");
        // The rules: the person's estimate × 1.3.
        assert!((est.rules_minutes - 52.0).abs() < 1e-9);
    }
}

#[test]
fn without_history_the_rules_alone_decide() {
    let e = Estimator::train(&[], 50);
    let mut t = task("Fix the login", "web", None);
    t.tags = vec!["bug".into()];
    let est = e.estimate(&t);
    assert_eq!(est.minutes, 45.0 * 1.5);
    assert_eq!((est.p10, est.p90), (45.0 * 1.5 * 0.5, 45.0 * 1.5 * 2.0));
    assert_eq!(est.model_minutes, None);
    assert_eq!(est.confidence_label, "low");
    assert_eq!(est.factors[0].to_string(), "+bug (rule): ×1.5");
    t.fields.insert("size".into(), "l".into());
    assert_eq!(e.estimate(&t).rules_minutes, 120.0 * 1.5);
}

#[test]
fn incremental_training_reaches_the_batch_weights() {
    let h = synth::history(120, 3);
    let xs: Vec<_> = h.iter().map(|c| features(&c.task).entries).collect();
    let ys: Vec<f64> = h.iter().map(|c| c.actual_minutes.ln()).collect();
    let batch = fit(&xs, &ys).unwrap_or_else(|| panic!("fits"));
    let mut online = Online::new();
    for (x, y) in xs.iter().zip(&ys) {
        online.add(x, *y);
    }
    for x in xs.iter().take(20) {
        assert!((online.predict(x) - dot(&batch.weights, x)).abs() < 1e-6);
    }
}

#[test]
fn training_is_deterministic() {
    let h = synth::history(300, 9);
    let t = &h[7].task;
    let a = Estimator::train(&h, 50).estimate(t);
    let b = Estimator::train(&h, 50).estimate(t);
    assert_eq!(a, b);
}

#[test]
fn the_generated_history_learns_its_patterns() {
    let h = synth::history(600, 17);
    let e = Estimator::train(&h, 50);
    let mut bug = task("Fix search crash", "web", Some(40.0));
    bug.tags = vec!["bug".into()];
    let est = e.estimate(&bug);
    assert!(
        est.factors
            .iter()
            .any(|f| f.label == "your estimates on +bug" && f.multiplier > 1.5),
        "{:?}",
        est.factors
    );
    let api = e.estimate(&task("Build search page", "api", None));
    let docs = e.estimate(&task("Build search page", "docs", None));
    let model = |e: &Estimate| e.model_minutes.unwrap_or(0.0);
    assert!(model(&api) > model(&docs) * 1.5, "{api:?} {docs:?}");
}

#[test]
fn the_backtest_beats_the_persons_estimates_on_the_generated_history() {
    let b = backtest(&synth::history(600, 17), 50);
    assert_eq!(b.tasks, 600);
    let w = &b.with_estimate;
    let (person, model) = (
        w.person.map_or(0.0, |e| e.median),
        w.model.map_or(f64::MAX, |e| e.median),
    );
    assert!(model < person, "model {model} person {person}");
    let inside = w.inside_p10_p90.unwrap_or(0.0);
    assert!((0.65..0.95).contains(&inside), "{inside}");
}

const FIXTURE: &str = include_str!("../../../tests/fixtures/planner_history.json");

/// `TEMPO_WRITE_FIXTURE=1` rewrites the file instead (see `scripts/planner-fixture`).
#[test]
fn the_committed_fixture_is_the_generators_output() {
    let text = synth::to_json(&synth::history(600, 17));
    if std::env::var_os("TEMPO_WRITE_FIXTURE").is_some() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/planner_history.json"
        );
        std::fs::write(path, &text).unwrap_or_else(|e| panic!("{e}"));
        return;
    }
    assert!(FIXTURE == text, "regenerate with scripts/planner-fixture");
    let parsed: Vec<Completed> = serde_json::from_str(FIXTURE).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed.len(), 600);
}
