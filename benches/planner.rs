//! Planning a week: 1,000 open tasks (a third with due dates, some depending on others, some
//! deep work) around 200 events, with the default `[planner]` rules. Prints the median of
//! several runs; the target is 100 ms. Run with `cargo bench --bench planner` (optionally
//! `-- TASKS EVENTS RUNS`).

use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc, Weekday};
use chrono_tz::Europe::Berlin;
use tempo::planner::schedule::{Busy, Estimate, PlanTask, Request, WorkRules, plan};
use uuid::Uuid;

/// A small deterministic generator: the same instance every run, no extra dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn events(count: usize, monday: DateTime<Utc>, rng: &mut Lcg) -> Vec<Busy> {
    (0..count)
        .map(|_| {
            // Any quarter hour of the week, so about a third fall in working hours.
            let start = monday + TimeDelta::minutes(15 * rng.next(7 * 96) as i64);
            Busy {
                start,
                end: start + TimeDelta::minutes(15 * (1 + rng.next(4)) as i64),
                all_day: rng.next(20) == 0,
                transparent: rng.next(15) == 0,
            }
        })
        .collect()
}

fn tasks(count: usize, monday: DateTime<Utc>, rng: &mut Lcg) -> Vec<PlanTask> {
    let uuid = |i: usize| Uuid::from_u128(i as u128 + 1);
    (0..count)
        .map(|i| {
            let minutes = 15 * (1 + rng.next(16)) as u32;
            let due =
                (rng.next(3) == 0).then(|| monday + TimeDelta::hours(8 + rng.next(24 * 10) as i64));
            let depends = if i > 0 && rng.next(10) == 0 {
                vec![uuid(rng.next(i as u64) as usize)]
            } else {
                Vec::new()
            };
            PlanTask {
                uuid: uuid(i),
                id: i as i64 + 1,
                title: format!("Task {i}"),
                due,
                not_before: (rng.next(20) == 0)
                    .then(|| monday + TimeDelta::hours(rng.next(24 * 5) as i64)),
                depends,
                minutes,
                estimate: Estimate {
                    p50: minutes * 4 / 5,
                    p80: minutes,
                },
                urgency: rng.next(200) as f64 / 10.0,
                deep: minutes >= 120 || rng.next(8) == 0,
            }
        })
        .collect()
}

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .filter_map(|a| a.parse::<usize>().ok());
    let task_count = args.next().unwrap_or(1_000);
    let event_count = args.next().unwrap_or(200);
    let runs = args.next().unwrap_or(9).max(1);
    let monday: DateTime<Utc> = "2026-11-22T23:00:00Z".parse().expect("Monday, Berlin");
    let mut rng = Lcg(17);
    let busy = events(event_count, monday, &mut rng);
    let tasks = tasks(task_count, monday, &mut rng);
    let rules = WorkRules {
        best_hours: vec![(Weekday::Tue, 9), (Weekday::Tue, 10), (Weekday::Thu, 14)],
        ..WorkRules::default()
    };
    let request = Request {
        from: monday,
        to: monday + TimeDelta::days(7),
        now: monday,
        tz: Berlin,
        rules: &rules,
        busy: &busy,
        kept: &[],
        tasks: &tasks,
    };
    let mut times: Vec<Duration> = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let p = plan(&request);
        times.push(t.elapsed());
        last = Some(p);
    }
    times.sort();
    let median = times[times.len() / 2];
    let p = last.expect("at least one run");
    println!(
        "plan a week: {task_count} tasks, {event_count} events: median {:.2} ms over {runs} runs \
         ({} blocks, {} tasks not (fully) planned, {} free minutes)",
        median.as_secs_f64() * 1000.0,
        p.blocks.len(),
        p.unplaced().count(),
        p.free_minutes
    );
    if median > Duration::from_millis(100) {
        println!("SLOWER than the 100 ms target");
        std::process::exit(1);
    }
}
