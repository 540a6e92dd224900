//! One week of dense activity through capture: 100,000 signals, one every 6 s, from several
//! apps, as a JSON ingest document. Times reading the document and the engine's pass apart,
//! then the whole ingest as `tempo capture ingest` does it (parse, store every signal in a
//! fresh SQLite file, make and store the suggestions) and the same document sent again, and
//! prints the medians. Run with `cargo bench --bench capture` (optionally `-- SIGNALS RUNS`).

use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use tempo::capture::{
    Classification, Condition, Pattern, Rule, Settings, Signal, SignalType, Span, parse_ingest,
    suggest,
};

/// (app, type, title, cwd): the activities the week cycles through, ten minutes each.
const ACTIVITIES: [(&str, &str, &str, &str); 5] = [
    (
        "vscode",
        "keyboard",
        "engine.rs - tempo",
        "/home/ada/src/tempo",
    ),
    ("firefox", "window", "docs.rs - chrono", "/home/ada"),
    ("terminal", "command", "cargo test", "/home/ada/src/tempo"),
    ("slack", "window", "#team - Slack", "/home/ada"),
    (
        "vscode",
        "keyboard",
        "invoice.py - billing",
        "/home/ada/src/billing",
    ),
];

fn week(count: usize, start: DateTime<Utc>) -> Vec<Signal> {
    (0..count)
        .map(|i| {
            let at = start + TimeDelta::seconds(6 * i as i64);
            // Mostly one activity per ten minutes, with a stray signal from the next one.
            let slot = (i / 100 + usize::from(i % 17 == 0)) % ACTIVITIES.len();
            let (app, kind, title, cwd) = ACTIVITIES[slot];
            let mut s = Signal::new(at, app, SignalType::from(kind.to_string()), kind);
            s.title = Some(title.to_string());
            s.cwd = Some(cwd.to_string());
            s
        })
        .collect()
}

fn settings() -> Settings {
    let rule = |cwd: &str, project: &str| Rule {
        when: Condition {
            cwd: Some(Pattern::new(cwd).expect("pattern")),
            ..Condition::default()
        },
        then: Classification {
            project: Some(project.to_string()),
            ..Classification::default()
        },
    };
    Settings {
        rules: vec![rule("*/src/tempo", "tempo"), rule("billing", "billing")],
        exclusions: vec![Condition {
            title: Some(Pattern::new("*bank*").expect("pattern")),
            ..Condition::default()
        }],
        ..Settings::default()
    }
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .filter_map(|a| a.parse::<usize>().ok());
    let count = args.next().unwrap_or(100_000);
    let runs = args.next().unwrap_or(7).max(1);
    let start: DateTime<Utc> = "2024-01-22T00:00:00Z".parse().expect("start");
    let signals = week(count, start);
    let document = serde_json::json!({
        "activity_signals": signals,
        "idle_threshold_minutes": 5,
        "max_merge_idle_minutes": 10,
    })
    .to_string();
    let settings = settings();
    let now = start + TimeDelta::days(8);
    let tracked = [Span::new(
        start + TimeDelta::hours(30),
        start + TimeDelta::hours(32),
    )];

    let (mut parse_times, mut engine_times) = (Vec::new(), Vec::new());
    let mut suggestions = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let ingest = parse_ingest(&document).expect("parse");
        parse_times.push(t.elapsed());
        let settings = settings.clone().with_ingest(&ingest);
        let t = Instant::now();
        let outcome = suggest(&ingest.activity_signals, &tracked, now, &settings);
        engine_times.push(t.elapsed());
        suggestions = outcome.suggestions.len();
    }
    let (parse, engine) = (median(parse_times), median(engine_times));
    println!(
        "capture: {count} signals ({:.1} MB of JSON) -> {suggestions} suggestions, median of {runs}",
        document.len() as f64 / 1e6
    );
    println!("  parse  {:>8.1} ms", parse.as_secs_f64() * 1e3);
    println!("  engine {:>8.1} ms", engine.as_secs_f64() * 1e3);
    println!("  total  {:>8.1} ms", (parse + engine).as_secs_f64() * 1e3);
    let (first, again) = stored_ingest(&document, now, runs);
    println!("  ingest into SQLite   {:>8.1} ms", first.as_secs_f64() * 1e3);
    println!("  the same sent again  {:>8.1} ms", again.as_secs_f64() * 1e3);
}

/// The whole ingest on a fresh database each run, then the same document again (every
/// signal a duplicate).
fn stored_ingest(document: &str, now: DateTime<Utc>, runs: usize) -> (Duration, Duration) {
    use tempo::ops::capture::{Batch, CaptureSource, ingest};
    let config = tempo::config::CaptureConfig::default();
    let (mut first, mut again) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = tempo::store::Store::open(&dir.path().join("b.sqlite")).expect("open");
        for times in [&mut first, &mut again] {
            let t = Instant::now();
            let request = parse_ingest(document).expect("parse");
            let batch = Batch {
                idle_threshold_minutes: request.idle_threshold_minutes,
                max_merge_idle_minutes: request.max_merge_idle_minutes,
                ..Batch::new(CaptureSource::Ingest, request.activity_signals)
            };
            ingest(&mut store, &config, batch, now).expect("ingest");
            times.push(t.elapsed());
        }
    }
    (median(first), median(again))
}
