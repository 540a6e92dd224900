//! How long will a task take? Learned from the tasks completed before it (ridge regression on
//! log minutes over hashed features, see `model`), blended with documented rules (`rules`)
//! while the history is short, and reported as a point estimate, a P10–P90 range, a confidence
//! and the factors that moved it most. Pure: the caller supplies the history.

mod backtest;
mod bytes;
mod features;
mod learning;
mod model;
mod rules;
pub mod synth;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use backtest::{Backtest, Errors, Group, backtest};
use features::{HAS_ESTIMATE, LOG_ESTIMATE, NOTES, features};
pub use learning::Learning;

/// The learned model never gets more weight than this: the rules keep a say.
pub const MAX_LEARNED_WEIGHT: f64 = 0.8;
/// Fewer out-of-sample residuals than this give no range of their own; the rules' is used.
const MIN_RESIDUALS: usize = 5;
/// Factors smaller than ×1.1 either way are not worth a line.
const MIN_FACTOR: f64 = 1.1;
const MAX_FACTORS: usize = 4;

/// What the estimator reads of a task.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskInfo {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// The person's own estimate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate_minutes: Option<f64>,
    #[serde(default)]
    pub notes_len: usize,
    /// Custom fields (a Taskwarrior `size` UDA, …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

/// A completed task and the time recorded on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Completed {
    #[serde(flatten)]
    pub task: TaskInfo,
    pub done: DateTime<Utc>,
    pub actual_minutes: f64,
}

/// One thing that moved an estimate: "project api ×1.6".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Factor {
    pub label: String,
    pub multiplier: f64,
}

impl Factor {
    pub(crate) fn new(label: impl Into<String>, multiplier: f64) -> Factor {
        Factor {
            label: label.into(),
            multiplier,
        }
    }
}

impl std::fmt::Display for Factor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: ×{:.1}", self.label, self.multiplier)
    }
}

/// An estimate, in minutes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    pub minutes: f64,
    pub p10: f64,
    /// What a plan reserves: four times in five the task is done within it.
    pub p80: f64,
    pub p90: f64,
    /// 0–1: how much history stands behind the estimate and how narrow its range is.
    pub confidence: f64,
    pub confidence_label: &'static str,
    /// Completed tasks with recorded time it learned from.
    pub history: usize,
    /// The learned model's share, `min(history / min_data_points, 0.8)`.
    pub learned_weight: f64,
    pub rules_minutes: f64,
    pub model_minutes: Option<f64>,
    /// The learned model's typical task, before this task's factors.
    pub typical_minutes: Option<f64>,
    pub factors: Vec<Factor>,
}

impl Estimate {
    /// "1h10m (P10–P90 40m–2h30m), confidence medium".
    pub fn summary(&self) -> String {
        format!(
            "{} (P10–P90 {}–{}), confidence {}",
            rounded_minutes(self.minutes),
            rounded_minutes(self.p10),
            rounded_minutes(self.p90),
            self.confidence_label
        )
    }
}

/// Minutes as a person reads them, at least one.
pub fn rounded_minutes(m: f64) -> String {
    crate::model::duration::format_minutes(m.round().max(1.0) as u32)
}

/// The learned model's share of a blended estimate after `n` completed tasks.
pub fn learned_weight(n: usize, min_data_points: u32) -> f64 {
    if n == 0 {
        0.0
    } else if min_data_points == 0 {
        MAX_LEARNED_WEIGHT
    } else {
        (n as f64 / f64::from(min_data_points)).min(MAX_LEARNED_WEIGHT)
    }
}

/// Point, P10 and P90 in minutes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Range {
    pub(crate) point: f64,
    pub(crate) p10: f64,
    pub(crate) p80: f64,
    pub(crate) p90: f64,
}

impl Range {
    fn rules(minutes: f64) -> Range {
        Range {
            point: minutes,
            p10: minutes * rules::P10,
            p80: minutes * rules::P80,
            p90: minutes * rules::P90,
        }
    }

    /// A log-space prediction `mu` spread by the out-of-sample residuals.
    fn learned(mu: f64, residuals: &[f64]) -> Range {
        let (q10, q50, q80, q90) = if residuals.len() < MIN_RESIDUALS {
            (rules::P10.ln(), 0.0, rules::P80.ln(), rules::P90.ln())
        } else {
            let mut sorted = residuals.to_vec();
            sorted.sort_by(f64::total_cmp);
            (
                quantile(&sorted, 0.1),
                quantile(&sorted, 0.5),
                quantile(&sorted, 0.8),
                quantile(&sorted, 0.9),
            )
        };
        Range {
            point: (mu + q50).exp(),
            p10: (mu + q10).exp(),
            p80: (mu + q80).exp(),
            p90: (mu + q90).exp(),
        }
    }

    /// The cold-start blend: `w` of the learned range, the rest the rules'.
    fn blend(rules: Range, learned: Option<Range>, w: f64) -> Range {
        let Some(l) = learned else { return rules };
        let mix = |r: f64, l: f64| (1.0 - w) * r + w * l;
        Range {
            point: mix(rules.point, l.point),
            p10: mix(rules.p10, l.p10),
            p80: mix(rules.p80, l.p80),
            p90: mix(rules.p90, l.p90),
        }
    }

    pub(crate) fn contains(&self, minutes: f64) -> bool {
        self.p10 <= minutes && minutes <= self.p90
    }
}

/// Linear interpolation between order statistics of a sorted, non-empty slice.
pub(crate) fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// A model trained on a whole history, ready to estimate any task.
#[derive(Debug, Clone)]
pub struct Estimator {
    fitted: Option<model::Fitted>,
    n: usize,
    min_data_points: u32,
}

impl Estimator {
    /// Trains on the completed tasks with recorded time (others are skipped).
    pub fn train(history: &[Completed], min_data_points: u32) -> Estimator {
        Learning::from_history(history).estimator(min_data_points)
    }

    pub fn history(&self) -> usize {
        self.n
    }

    pub fn estimate(&self, t: &TaskInfo) -> Estimate {
        let (rules_minutes, rule_factors) = rules::rules(t);
        let f = features(t);
        let learned = self
            .fitted
            .as_ref()
            .map(|m| (m, model::dot(&m.weights, &f.entries)));
        let w = learned_weight(self.n, self.min_data_points);
        let learned_range = learned.map(|(m, mu)| Range::learned(mu, &m.residuals));
        let range = Range::blend(Range::rules(rules_minutes), learned_range, w);
        let (confidence, confidence_label) = confidence(&range, w);
        let (factors, typical) = match learned {
            Some((m, _)) => {
                let typical = Range::learned(m.weights[features::BIAS], &m.residuals).point;
                (explain(&m.weights, &f), Some(typical))
            }
            None => (rule_factors, None),
        };
        Estimate {
            minutes: range.point,
            p10: range.p10,
            p80: range.p80,
            p90: range.p90,
            confidence,
            confidence_label,
            history: self.n,
            learned_weight: w,
            rules_minutes,
            model_minutes: learned_range.map(|r| r.point),
            typical_minutes: typical,
            factors,
        }
    }
}

/// A completed task the model can learn from: positive, finite time recorded.
pub(crate) fn usable(c: &Completed) -> bool {
    c.actual_minutes.is_finite() && c.actual_minutes > 0.0
}

/// `(0.25 + 0.75 · w/0.8) · narrowness`, narrowness falling from 1 (P90 = P10) to 0 (P90 =
/// 16 × P10): high from 0.55, medium from 0.3.
fn confidence(r: &Range, w: f64) -> (f64, &'static str) {
    let spread = (r.p90 / r.p10.max(f64::MIN_POSITIVE)).ln();
    let narrow = (1.0 - spread / 16f64.ln()).clamp(0.0, 1.0);
    let c = (0.25 + 0.75 * w / MAX_LEARNED_WEIGHT) * narrow;
    let label = if c >= 0.55 {
        "high"
    } else if c >= 0.3 {
        "medium"
    } else {
        "low"
    };
    (c, label)
}

/// The learned factors of this task's features, largest first.
fn explain(weights: &[f64], f: &features::Features) -> Vec<Factor> {
    let mut factors: Vec<Factor> = Vec::new();
    let own: f64 = f
        .entries
        .iter()
        .filter(|e| e.0 == HAS_ESTIMATE || e.0 == LOG_ESTIMATE)
        .map(|&(i, v)| weights[i] * v)
        .sum();
    if let Some(&(_, log_est)) = f.entries.iter().find(|e| e.0 == LOG_ESTIMATE) {
        let minutes = (log_est.exp() * 60.0).round() as u32;
        let label = format!(
            "your estimate {}",
            crate::model::duration::format_minutes(minutes)
        );
        factors.push(Factor::new(label, own.exp()));
    }
    if let Some(&(i, v)) = f.entries.iter().find(|e| e.0 == NOTES) {
        factors.push(Factor::new("notes length", (weights[i] * v).exp()));
    }
    for (i, name) in &f.names {
        let v = f.entries.iter().find(|e| e.0 == *i).map_or(0.0, |e| e.1);
        factors.push(Factor::new(name.clone(), (weights[*i] * v).exp()));
    }
    factors.retain(|x| x.multiplier >= MIN_FACTOR || x.multiplier <= 1.0 / MIN_FACTOR);
    factors.sort_by(|a, b| {
        b.multiplier
            .ln()
            .abs()
            .total_cmp(&a.multiplier.ln().abs())
            .then_with(|| a.label.cmp(&b.label))
    });
    factors.truncate(MAX_FACTORS);
    factors
}
