//! The estimator's costs on the generated history (`tempo::planner::estimate::synth`):
//! retraining on N completed tasks (target: 10,000 in ≤ 200 ms), one estimate, and the
//! backtest's replay. `benches/planner_estimate.sh` times the whole `tempo estimate` process.
//!
//!   cargo bench --bench planner_estimate [-- TASKS RUNS]

use std::time::{Duration, Instant};

use tempo::planner::estimate::{Estimator, backtest, synth};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .filter_map(|a| a.parse::<usize>().ok());
    let count = args.next().unwrap_or(10_000);
    let runs = args.next().unwrap_or(7).max(1);
    let history = synth::history(count, 1);
    let probe = &history[count / 2].task;

    let (mut train, mut one, mut replay) = (Vec::new(), Vec::new(), Vec::new());
    let mut minutes = 0.0;
    for _ in 0..runs {
        let t = Instant::now();
        let e = Estimator::train(&history, 50);
        train.push(t.elapsed());
        let t = Instant::now();
        minutes = e.estimate(probe).minutes;
        one.push(t.elapsed());
    }
    for _ in 0..runs.min(3) {
        let t = Instant::now();
        let b = backtest(&history, 50);
        replay.push(t.elapsed());
        assert_eq!(b.tasks, count);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let train = median(train);
    println!("planner estimate, {count} completed tasks, median of {runs} runs");
    println!(
        "  retrain            {:>9.2} ms (target ≤ 200 ms)",
        ms(train)
    );
    println!(
        "  one estimate       {:>9.3} ms ({minutes:.0} min)",
        ms(median(one))
    );
    println!("  backtest replay    {:>9.2} ms", ms(median(replay)));
    if count >= 10_000 && train > Duration::from_millis(200) {
        eprintln!("retraining took longer than 200 ms");
        std::process::exit(1);
    }
}
