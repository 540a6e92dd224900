//! The whole pass: signals, the time already tracked and "now" in; suggestions out.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::blocks::{Block, Item, merge, prepare, split};
use super::ingest::{IngestRequest, minutes};
use super::rules::{Classification, Condition, Rule};
use super::score::{Evidence, Reason, evidence, score};
use super::signal::{Signal, Span};
use super::switch::split_on_switches;

/// Namespace of suggestion ids: an id is UUID v5 of the suggestion's span and evidence in it.
pub const SUGGESTION_NAMESPACE: Uuid = Uuid::from_u128(0x5d1c_7a3e_0b8f_4c26_9e41_2f6a_d0c3_b7e5);

/// How the engine decides; the defaults are the documented ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// A gap between signals longer than this ends a block (default 5 min).
    pub idle_threshold: TimeDelta,
    /// Blocks of the same activity at most this far apart merge (default 10 min).
    pub max_merge_gap: TimeDelta,
    /// Another activity lasting at least this long starts a new block (default 5 min).
    pub min_switch: TimeDelta,
    /// Below this confidence a suggestion needs verification (default 0.5).
    pub verify_threshold: f64,
    /// Shorter suggestions are not made (default 1 min).
    pub min_duration: TimeDelta,
    /// Classification rules, first match wins.
    pub rules: Vec<Rule>,
    /// A signal matching any of these is dropped before anything else looks at it.
    pub exclusions: Vec<Condition>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            idle_threshold: TimeDelta::minutes(5),
            max_merge_gap: TimeDelta::minutes(10),
            min_switch: TimeDelta::minutes(5),
            verify_threshold: 0.5,
            min_duration: TimeDelta::minutes(1),
            rules: Vec::new(),
            exclusions: Vec::new(),
        }
    }
}

impl Settings {
    /// These settings with the ingest's own idle and merge minutes where it gives them.
    pub fn with_ingest(mut self, ingest: &IngestRequest) -> Self {
        if let Some(m) = ingest.idle_threshold_minutes {
            self.idle_threshold = minutes(m);
        }
        if let Some(m) = ingest.max_merge_idle_minutes {
            self.max_merge_gap = minutes(m);
        }
        self
    }
}

/// A suggested time entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The same signals always give the same id (UUID v5 of span and evidence).
    pub id: Uuid,
    pub span: Span,
    /// The rule that classified it (index into [`Settings::rules`]), if any.
    pub rule: Option<usize>,
    /// The rule's classification, or all empty when no rule matched.
    pub classification: Classification,
    /// 0 to 1 (see the `score` module for how).
    pub confidence: f64,
    pub needs_verification: bool,
    /// What lowered the confidence; shown to the person when verification is needed.
    pub reasons: Vec<Reason>,
    pub evidence: Evidence,
}

impl Suggestion {
    /// The project, or "unclassified" when no rule matched.
    pub fn label(&self) -> &str {
        self.classification.label()
    }
}

/// What one pass produced, and what it left out and why.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Outcome {
    /// Oldest first; no two overlap.
    pub suggestions: Vec<Suggestion>,
    /// Signals dropped by an exclusion pattern.
    pub excluded: usize,
    /// Signals given more than once (counted once).
    pub duplicates: usize,
    /// Activity signals inside an AFK span, ignored.
    pub during_afk: usize,
    /// The latest activity, not suggested yet because a later signal could still extend it
    /// (it ended less than the idle or merge gap before `now`).
    pub open: Option<Span>,
}

/// Turns signals into suggestions. `covered` is time already tracked or focused (suggestions
/// are cut around it); `now` decides which activity may still be going on. Pure: the same
/// arguments, in any order, give the same outcome.
pub fn suggest(
    signals: &[Signal],
    covered: &[Span],
    now: DateTime<Utc>,
    settings: &Settings,
) -> Outcome {
    let prepared = prepare(signals, settings);
    let blocks = split(&prepared, settings.idle_threshold);
    let blocks = split_on_switches(blocks, &prepared.items, settings.min_switch);
    let blocks = merge(blocks, settings.max_merge_gap);
    let covered = normalise(covered);
    let wait = settings.idle_threshold.max(settings.max_merge_gap);
    let mut outcome = Outcome {
        excluded: prepared.excluded,
        duplicates: prepared.duplicates,
        during_afk: prepared.during_afk,
        ..Outcome::default()
    };
    for block in &blocks {
        if block.span.end + wait > now {
            outcome.open = Some(
                outcome
                    .open
                    .map_or(block.span, |o| Span::new(o.start, block.span.end)),
            );
            continue;
        }
        for piece in uncovered(block, &covered) {
            let items = items_in(&prepared.items[block.lo..block.hi], piece);
            if !items.is_empty() && piece.length() >= settings.min_duration {
                outcome.suggestions.push(suggestion(items, piece, settings));
            }
        }
    }
    outcome
}

fn suggestion(items: &[Item<'_>], span: Span, settings: &Settings) -> Suggestion {
    let score = score(items, span, settings.idle_threshold);
    let evidence = evidence(items);
    let classification = score
        .rule
        .and_then(|r| settings.rules.get(r))
        .map(|r| r.then.clone())
        .unwrap_or_default();
    Suggestion {
        id: suggestion_id(span, &classification, &evidence),
        span,
        rule: score.rule,
        classification,
        needs_verification: score.confidence < settings.verify_threshold,
        confidence: score.confidence,
        reasons: score.reasons,
        evidence,
    }
}

fn suggestion_id(span: Span, class: &Classification, evidence: &Evidence) -> Uuid {
    let mut name = format!(
        "{}|{}|{:?}|{}",
        span.start.timestamp_millis(),
        span.end.timestamp_millis(),
        class,
        evidence.signals
    );
    for app in &evidence.apps {
        name.push_str(&format!("|{}={}", app.app, app.signals));
    }
    Uuid::new_v5(&SUGGESTION_NAMESPACE, name.as_bytes())
}

/// Covered spans sorted, empty ones dropped and overlapping or touching ones joined.
fn normalise(covered: &[Span]) -> Vec<Span> {
    let mut spans: Vec<Span> = covered
        .iter()
        .copied()
        .filter(|s| s.end > s.start)
        .collect();
    spans.sort_unstable();
    let mut joined: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match joined.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => joined.push(span),
        }
    }
    joined
}

/// The parts of the block's span outside every covered span.
fn uncovered(block: &Block<'_>, covered: &[Span]) -> Vec<Span> {
    let mut pieces = Vec::new();
    let mut from = block.span.start;
    let first = covered.partition_point(|c| c.end <= block.span.start);
    for c in covered[first..]
        .iter()
        .take_while(|c| c.start < block.span.end)
    {
        if c.start > from {
            pieces.push(Span::new(from, c.start));
        }
        from = from.max(c.end);
    }
    if from < block.span.end {
        pieces.push(Span::new(from, block.span.end));
    }
    pieces
}

/// The items starting inside the piece, both ends included (a block's last signal sits on its
/// end).
fn items_in<'i, 'a>(items: &'i [Item<'a>], piece: Span) -> &'i [Item<'a>] {
    let lo = items.partition_point(|i| i.start < piece.start);
    let hi = items.partition_point(|i| i.start <= piece.end);
    &items[lo..hi.max(lo)]
}
