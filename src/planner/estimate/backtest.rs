//! Replays a history in time order, each completed task estimated from the ones completed
//! before it, and scores the person's own estimate, the rules and the model (the blended
//! estimate `tempo estimate` shows) against what the task took.

use serde::Serialize;

use super::features::features;
use super::model::Online;
use super::{Completed, Range, learned_weight, quantile, rules, usable};

/// Out-of-sample residuals kept for the range: the latest this many.
const RESIDUAL_WINDOW: usize = 300;

/// Absolute errors in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Errors {
    pub median: f64,
    pub mean: f64,
}

impl Errors {
    fn of(mut errors: Vec<f64>) -> Option<Errors> {
        if errors.is_empty() {
            return None;
        }
        errors.sort_by(f64::total_cmp);
        Some(Errors {
            median: quantile(&errors, 0.5),
            mean: errors.iter().sum::<f64>() / errors.len() as f64,
        })
    }
}

/// The scores for one group of tasks (with or without a person's estimate).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub tasks: usize,
    pub person: Option<Errors>,
    pub rules: Option<Errors>,
    pub model: Option<Errors>,
    /// Share of tasks whose actual time fell inside the model's P10–P90.
    pub inside_p10_p90: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    pub tasks: usize,
    pub min_data_points: u32,
    pub with_estimate: Group,
    pub without_estimate: Group,
}

#[derive(Default)]
struct Tally {
    person: Vec<f64>,
    rules: Vec<f64>,
    model: Vec<f64>,
    inside: usize,
}

impl Tally {
    fn group(self) -> Group {
        let tasks = self.rules.len();
        Group {
            tasks,
            person: Errors::of(self.person),
            rules: Errors::of(self.rules),
            model: Errors::of(self.model),
            inside_p10_p90: (tasks > 0).then(|| self.inside as f64 / tasks as f64),
        }
    }
}

pub fn backtest(history: &[Completed], min_data_points: u32) -> Backtest {
    let mut order: Vec<&Completed> = history.iter().filter(|c| usable(c)).collect();
    order.sort_by_key(|c| c.done);
    let mut online = Online::new();
    let mut residuals: Vec<f64> = Vec::new();
    let (mut with, mut without) = (Tally::default(), Tally::default());
    for c in &order {
        let actual = c.actual_minutes;
        let x = features(&c.task).entries;
        let (rules_minutes, _) = rules::rules(&c.task);
        let mu = (online.n > 0).then(|| online.predict(&x));
        let from = residuals.len().saturating_sub(RESIDUAL_WINDOW);
        let learned = mu.map(|mu| Range::learned(mu, &residuals[from..]));
        let w = learned_weight(online.n, min_data_points);
        let range = Range::blend(Range::rules(rules_minutes), learned, w);
        let tally = match c.task.estimate_minutes.filter(|m| *m > 0.0) {
            Some(own) => {
                with.person.push((own - actual).abs());
                &mut with
            }
            None => &mut without,
        };
        tally.rules.push((rules_minutes - actual).abs());
        tally.model.push((range.point - actual).abs());
        tally.inside += usize::from(range.contains(actual));
        if let Some(mu) = mu {
            residuals.push(actual.ln() - mu);
        }
        online.add(&x, actual.ln());
    }
    Backtest {
        tasks: order.len(),
        min_data_points,
        with_estimate: with.group(),
        without_estimate: without.group(),
    }
}
