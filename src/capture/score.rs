//! How sure a suggestion is, why it may need a person's look, and the evidence shown for it.
//!
//! confidence = 0.3 × (a rule matched) + 0.7 × share of the main app × density, where density
//! is the share of the span with activity, each signal counting for at least a minute after it.
//! A one-app, dense, rule-matched block scores 1.0; the same block with no rule 0.7; half and
//! half of two apps with no rule 0.35. The product makes either weakness alone enough to ask
//! for a look when no rule vouches for the block.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::blocks::{Item, Tally};
use super::signal::{SignalType, Span};

const RULE_WEIGHT: f64 = 0.3;
/// Below this density a block counts as sparse.
pub const SPARSE_BELOW_DENSITY: f64 = 0.5;
/// Below this share of its main app a block counts as mixed usage.
pub const MIXED_BELOW_SHARE: f64 = 0.75;
/// How long one signal without a duration stands for activity.
pub const SIGNAL_REACH: TimeDelta = TimeDelta::minutes(1);
const SAMPLE_TITLES: usize = 5;
const SAMPLE_COMMANDS: usize = 10;
const SAMPLE_REPOSITORIES: usize = 5;

/// Why a suggestion may be wrong, in words a person understands (see `Display`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// No single app dominates; the two most used are named.
    MixedUsage {
        first: String,
        second: String,
    },
    NoRuleMatched,
    /// Activity during only this share of the span.
    SparseActivity {
        percent: u8,
    },
    /// The longest stretch without activity inside the span, in whole minutes.
    LongIdleInside {
        minutes: i64,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::MixedUsage { first, second } => write!(f, "mixed {first} and {second} usage"),
            Reason::NoRuleMatched => f.write_str("no rule matched"),
            Reason::SparseActivity { percent } => {
                write!(f, "little activity ({percent} % of the time)")
            }
            Reason::LongIdleInside { minutes } => write!(f, "long idle inside ({minutes} min)"),
        }
    }
}

/// One app's part of a suggestion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppShare {
    pub app: String,
    pub signals: usize,
    /// Its share of the suggestion's signals, 0 to 1.
    pub share: f64,
}

/// What the suggestion was made from, for the person reviewing it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Evidence {
    pub signals: usize,
    /// Most used first.
    pub apps: Vec<AppShare>,
    /// The most frequent window, editor and page titles.
    pub titles: Vec<String>,
    /// Shell commands (the title of `command` signals) in the order they ran.
    pub commands: Vec<String>,
    pub repositories: Vec<String>,
}

/// The score of one suggestion's items.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Score {
    pub(crate) confidence: f64,
    pub(crate) rule: Option<usize>,
    pub(crate) reasons: Vec<Reason>,
}

pub(crate) fn score(items: &[Item<'_>], span: Span, idle: TimeDelta) -> Score {
    let tally = Tally::of(items);
    let rule = tally.top_rule();
    let apps = ranked_apps(&tally);
    let share = apps.first().map_or(0.0, |a| a.share);
    let density = density(items, span);
    let matched = if rule.is_some() { 1.0 } else { 0.0 };
    let raw = RULE_WEIGHT * matched + (1.0 - RULE_WEIGHT) * share * density;
    // Rounded so equal inputs print and compare equal however the floats were summed.
    let confidence = (raw.clamp(0.0, 1.0) * 1000.0).round() / 1000.0;
    let mut reasons = Vec::new();
    if share < MIXED_BELOW_SHARE && apps.len() > 1 {
        reasons.push(Reason::MixedUsage {
            first: apps[0].app.clone(),
            second: apps[1].app.clone(),
        });
    }
    if rule.is_none() {
        reasons.push(Reason::NoRuleMatched);
    }
    if density < SPARSE_BELOW_DENSITY {
        reasons.push(Reason::SparseActivity {
            percent: (density * 100.0).round() as u8,
        });
    }
    let gap = longest_gap(items);
    if gap > idle {
        reasons.push(Reason::LongIdleInside {
            minutes: gap.num_minutes(),
        });
    }
    Score {
        confidence,
        rule,
        reasons,
    }
}

fn ranked_apps(tally: &Tally<'_>) -> Vec<AppShare> {
    let total: usize = tally.apps.values().sum();
    let mut apps: Vec<AppShare> = tally
        .apps
        .iter()
        .map(|(app, &n)| AppShare {
            app: app.to_string(),
            signals: n,
            share: n as f64 / total.max(1) as f64,
        })
        .collect();
    // Stable sort: equal counts stay in alphabetical order.
    apps.sort_by_key(|a| std::cmp::Reverse(a.signals));
    apps
}

/// The share of `span` covered by activity, each item reaching at least [`SIGNAL_REACH`].
fn density(items: &[Item<'_>], span: Span) -> f64 {
    let length = span.length();
    if length <= TimeDelta::zero() {
        return 1.0;
    }
    let mut active = TimeDelta::zero();
    let mut covered_to: DateTime<Utc> = span.start;
    for item in items {
        let start = item.start.max(covered_to);
        let end = item.end.max(item.start + SIGNAL_REACH).min(span.end);
        if end > start {
            active += end - start;
            covered_to = end;
        }
    }
    (active.num_milliseconds() as f64 / length.num_milliseconds() as f64).min(1.0)
}

/// The longest time between one item's activity and the next item's start.
fn longest_gap(items: &[Item<'_>]) -> TimeDelta {
    let mut longest = TimeDelta::zero();
    let Some(first) = items.first() else {
        return longest;
    };
    let mut end = first.end;
    for item in &items[1..] {
        longest = longest.max(item.start - end);
        end = end.max(item.end);
    }
    longest
}

pub(crate) fn evidence(items: &[Item<'_>]) -> Evidence {
    let mut titles: BTreeMap<&str, usize> = BTreeMap::new();
    let mut commands: Vec<String> = Vec::new();
    let mut repositories: BTreeSet<&str> = BTreeSet::new();
    for item in items {
        let s = item.signal;
        if let Some(title) = s.title.as_deref() {
            if s.kind != SignalType::Command {
                *titles.entry(title).or_default() += 1;
            } else if commands.len() < SAMPLE_COMMANDS && !commands.iter().any(|c| c == title) {
                commands.push(title.to_string());
            }
        }
        if let Some(repo) = s.repository.as_deref() {
            repositories.insert(repo);
        }
    }
    let mut titles: Vec<(&str, usize)> = titles.into_iter().collect();
    titles.sort_by_key(|t| std::cmp::Reverse(t.1));
    Evidence {
        signals: items.len(),
        apps: ranked_apps(&Tally::of(items)),
        titles: titles
            .into_iter()
            .take(SAMPLE_TITLES)
            .map(|(t, _)| t.to_string())
            .collect(),
        commands,
        repositories: repositories
            .into_iter()
            .take(SAMPLE_REPOSITORIES)
            .map(str::to_string)
            .collect(),
    }
}
