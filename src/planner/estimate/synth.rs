//! A generated, shareable history with known patterns, for tests, the benchmark and the
//! README's backtest figures: projects that run at different speeds, +bug tasks that take long
//! and that the person underestimates about 2×, "migrate" in a title doubling the work, a
//! `size` field on some tasks, and log-normal noise with an occasional blow-up (heavy tail).
//! Deterministic: the same `n` and `seed` always give the same history, whole minutes only.
//!
//! `tests/fixtures/planner_history.json` is `history(600, 17)`; regenerate it with
//! `scripts/planner-fixture`.

use chrono::{DateTime, Duration, Utc};

use super::{Completed, TaskInfo};

/// splitmix64: tiny, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u = self.unit().max(1e-12);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// Project and how much slower (>1) or faster than usual its work runs.
const PROJECTS: &[(&str, f64)] = &[
    ("api", 1.6),
    ("web", 1.0),
    ("docs", 0.6),
    ("infra", 1.3),
    ("mobile", 1.1),
];

const THINGS: &[&str] = &[
    "login",
    "billing",
    "search",
    "export",
    "settings",
    "onboarding",
    "cache",
    "invoices",
    "dashboard",
    "uploads",
    "webhooks",
    "reports",
];

/// A kind of task: its tag, title patterns, typical minutes, how the person's estimate
/// relates to the typical time (0.45: they guess under half), and the noise (log-space σ).
struct Kind {
    tag: &'static str,
    titles: &'static [&'static str],
    minutes: f64,
    guess: f64,
    sigma: f64,
}

const KINDS: &[Kind] = &[
    Kind {
        tag: "bug",
        titles: &["Fix {} crash", "Fix broken {}", "Debug {} timeout"],
        minutes: 90.0,
        guess: 0.45,
        sigma: 0.45,
    },
    Kind {
        tag: "feature",
        titles: &[
            "Add {} filters",
            "Build {} page",
            "Migrate {} to the new API",
        ],
        minutes: 120.0,
        guess: 0.8,
        sigma: 0.4,
    },
    Kind {
        tag: "review",
        titles: &["Review {} pull request", "Check {} changes"],
        minutes: 25.0,
        guess: 1.0,
        sigma: 0.3,
    },
    Kind {
        tag: "writing",
        titles: &["Write {} guide", "Update {} docs"],
        minutes: 50.0,
        guess: 0.9,
        sigma: 0.35,
    },
    Kind {
        tag: "meeting",
        titles: &["Sync about {}", "Plan {} work"],
        minutes: 30.0,
        guess: 1.0,
        sigma: 0.15,
    },
    Kind {
        tag: "research",
        titles: &["Investigate {} options", "Research {} tools"],
        minutes: 60.0,
        guess: 0.7,
        sigma: 0.8,
    },
];

/// `n` completed tasks, about four a working day from 2025-01-06.
pub fn history(n: usize, seed: u64) -> Vec<Completed> {
    let mut rng = Rng(seed);
    let start: DateTime<Utc> = DateTime::from_timestamp(1_736_154_000, 0).unwrap_or_default();
    let mut done = start;
    (0..n)
        .map(|_| {
            done += Duration::minutes(60 + (rng.next() % 300) as i64);
            one(&mut rng, done)
        })
        .collect()
}

fn one(rng: &mut Rng, done: DateTime<Utc>) -> Completed {
    let &(project, speed) = rng.pick(PROJECTS);
    let kind = rng.pick(KINDS);
    let pattern = *rng.pick(kind.titles);
    let thing = *rng.pick(THINGS);
    let title = pattern.replace("{}", thing);
    // How big this particular task is: the person sees it, the model only through their estimate.
    let scope = (0.5 * rng.normal()).exp();
    let mut typical = kind.minutes * speed * scope;
    if title.starts_with("Migrate") {
        typical *= 2.0;
    }
    let notes_len = if rng.unit() < 0.3 {
        (rng.next() % 1200) as usize
    } else {
        0
    };
    typical *= 1.0 + notes_len as f64 / 2400.0;
    let priority = ["H", "M", "L", ""][(rng.next() % 4) as usize];
    let mut tail = 1.0;
    if rng.unit() < 0.05 {
        tail = 2.0 + 2.0 * rng.unit();
    }
    let actual = (typical * (kind.sigma * rng.normal()).exp() * tail)
        .round()
        .max(1.0);
    // People see the project's pace only half: their guesses follow the kind, shaded a little.
    let estimate = (rng.unit() < 0.6).then(|| {
        let guess = kind.minutes * kind.guess * speed.sqrt() * scope * (0.2 * rng.normal()).exp();
        (guess / 5.0).round().max(1.0) * 5.0
    });
    let mut fields = std::collections::BTreeMap::new();
    if rng.unit() < 0.2 {
        let size = match typical {
            t if t < 25.0 => "xs",
            t if t < 50.0 => "s",
            t if t < 100.0 => "m",
            t if t < 200.0 => "l",
            _ => "xl",
        };
        fields.insert("size".to_string(), size.to_string());
    }
    Completed {
        task: TaskInfo {
            title,
            project: Some(project.to_string()),
            tags: vec![kind.tag.to_string()],
            priority: (!priority.is_empty()).then(|| priority.to_string()),
            estimate_minutes: estimate,
            notes_len,
            fields,
        },
        done,
        actual_minutes: actual,
    }
}

/// The fixture's text: a JSON array, one task a line.
pub fn to_json(history: &[Completed]) -> String {
    let lines: Vec<String> = history
        .iter()
        .map(|c| serde_json::to_string(c).unwrap_or_default())
        .collect();
    format!("[\n{}\n]\n", lines.join(",\n"))
}
