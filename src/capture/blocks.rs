//! From signals to blocks of activity: exclusions, canonical order, AFK spans, the idle split
//! and the merge of nearby blocks of the same activity.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};

use super::Settings;
use super::rules::{Lowered, excluded, first_match};
use super::signal::{Signal, SignalType, Span};

/// A signal that counts as activity, with the rule that classified it.
#[derive(Debug, Clone)]
pub(crate) struct Item<'a> {
    pub(crate) signal: &'a Signal,
    pub(crate) start: DateTime<Utc>,
    /// The activity's end, cut short where an AFK span begins.
    pub(crate) end: DateTime<Utc>,
    pub(crate) rule: Option<usize>,
}

/// The signals that survived the door, in canonical order, and what was dropped.
#[derive(Debug, Default)]
pub(crate) struct Prepared<'a> {
    pub(crate) items: Vec<Item<'a>>,
    pub(crate) afk: Vec<Span>,
    pub(crate) excluded: usize,
    pub(crate) duplicates: usize,
    pub(crate) during_afk: usize,
}

/// Drops excluded and duplicate signals, sorts the rest canonically, separates AFK spans and
/// classifies each activity signal.
pub(crate) fn prepare<'a>(signals: &'a [Signal], settings: &Settings) -> Prepared<'a> {
    let mut out = Prepared::default();
    let mut kept: Vec<(&Signal, Option<usize>)> = Vec::with_capacity(signals.len());
    let needs_fields = !settings.rules.is_empty() || !settings.exclusions.is_empty();
    for signal in signals {
        let lowered = needs_fields.then(|| Lowered::of(signal));
        if lowered
            .as_ref()
            .is_some_and(|l| excluded(&settings.exclusions, l))
        {
            out.excluded += 1;
            continue;
        }
        let rule = lowered.and_then(|l| first_match(&settings.rules, &l));
        kept.push((signal, rule));
    }
    kept.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let before = kept.len();
    kept.dedup_by(|a, b| a.0 == b.0);
    out.duplicates = before - kept.len();
    out.afk = afk_spans(kept.iter().map(|(s, _)| *s));
    for (signal, rule) in kept {
        if signal.kind == SignalType::Afk {
            continue;
        }
        match clip_to_afk(signal, &out.afk) {
            Some(end) => out.items.push(Item {
                signal,
                start: signal.timestamp,
                end,
                rule,
            }),
            None => out.during_afk += 1,
        }
    }
    out
}

/// The AFK signals as sorted spans, overlapping ones joined.
fn afk_spans<'a>(signals: impl Iterator<Item = &'a Signal>) -> Vec<Span> {
    let mut spans: Vec<Span> = signals
        .filter(|s| s.kind == SignalType::Afk)
        .map(|s| Span::new(s.timestamp, s.end()))
        .collect();
    spans.sort_unstable();
    let mut joined: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match joined.last_mut() {
            Some(last) if span.start < last.end => last.end = last.end.max(span.end),
            _ => joined.push(span),
        }
    }
    joined
}

/// The end of the signal's activity before the next AFK span, or `None` when the signal falls
/// inside one (the person was away; a stray event then is not work).
fn clip_to_afk(signal: &Signal, afk: &[Span]) -> Option<DateTime<Utc>> {
    let t = signal.timestamp;
    let next = afk.partition_point(|a| a.start <= t);
    if next > 0 && t < afk[next - 1].end {
        return None;
    }
    let end = signal.end();
    Some(afk.get(next).map_or(end, |a| end.min(a.start)))
}

/// How many signals of each app and each rule a block holds; kept per block so merging two
/// blocks adds tallies instead of recounting their signals.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally<'a> {
    pub(crate) apps: BTreeMap<&'a str, usize>,
    pub(crate) rules: BTreeMap<Option<usize>, usize>,
}

impl<'a> Tally<'a> {
    pub(crate) fn of(items: &[Item<'a>]) -> Self {
        let mut tally = Tally::default();
        for item in items {
            *tally.apps.entry(item.signal.app.as_str()).or_default() += 1;
            *tally.rules.entry(item.rule).or_default() += 1;
        }
        tally
    }

    fn add(&mut self, other: &Tally<'a>) {
        for (app, n) in &other.apps {
            *self.apps.entry(app).or_default() += n;
        }
        for (rule, n) in &other.rules {
            *self.rules.entry(*rule).or_default() += n;
        }
    }

    /// The app with most signals; ties go to the alphabetically first.
    pub(crate) fn top_app(&self) -> Option<&'a str> {
        let mut best: Option<(&'a str, usize)> = None;
        for (&app, &n) in &self.apps {
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((app, n));
            }
        }
        best.map(|(app, _)| app)
    }

    /// The rule that classified most signals (unclassified counts as a contender); ties go to
    /// the earlier rule, and to a rule over no rule.
    pub(crate) fn top_rule(&self) -> Option<usize> {
        let mut best: Option<(Option<usize>, usize)> = None;
        for (&rule, &n) in self.rules.iter().filter(|(r, _)| r.is_some()) {
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((rule, n));
            }
        }
        let none = self.rules.get(&None).copied().unwrap_or(0);
        match best {
            Some((rule, n)) if n >= none => rule,
            _ => None,
        }
    }

    /// What "the same activity" means for merging: the same winning rule, or with no rule the
    /// same main app.
    fn activity(&self) -> (Option<usize>, Option<&'a str>) {
        match self.top_rule() {
            Some(rule) => (Some(rule), None),
            None => (None, self.top_app()),
        }
    }
}

/// A run of items `lo..hi` with no idle gap or AFK span inside (until merged).
#[derive(Debug, Clone)]
pub(crate) struct Block<'a> {
    pub(crate) lo: usize,
    pub(crate) hi: usize,
    pub(crate) span: Span,
    pub(crate) tally: Tally<'a>,
}

/// Splits the items into blocks: a gap longer than the idle threshold between one signal's
/// end and the next one's start, or an AFK span beginning in it, ends a block. A gap exactly
/// as long as the threshold does not.
pub(crate) fn split<'a>(prepared: &Prepared<'a>, idle: TimeDelta) -> Vec<Block<'a>> {
    let items = &prepared.items;
    let mut blocks = Vec::new();
    let mut lo = 0;
    let mut end = match items.first() {
        Some(first) => first.end,
        None => return blocks,
    };
    for (i, item) in items.iter().enumerate().skip(1) {
        if item.start - end > idle || afk_between(&prepared.afk, end, item.start) {
            blocks.push(block(items, lo, i, end));
            lo = i;
            end = item.end;
        } else {
            end = end.max(item.end);
        }
    }
    blocks.push(block(items, lo, items.len(), end));
    blocks
}

fn block<'a>(items: &[Item<'a>], lo: usize, hi: usize, end: DateTime<Utc>) -> Block<'a> {
    Block {
        lo,
        hi,
        span: Span::new(items[lo].start, end),
        tally: Tally::of(&items[lo..hi]),
    }
}

/// Whether an AFK span begins in `[from, to)`.
fn afk_between(afk: &[Span], from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
    let i = afk.partition_point(|a| a.start < from);
    afk.get(i).is_some_and(|a| a.start < to)
}

/// Joins neighbouring blocks of the same activity separated by at most `max_gap` (exactly
/// `max_gap` still merges). The idle time between them becomes part of the merged block.
pub(crate) fn merge(blocks: Vec<Block<'_>>, max_gap: TimeDelta) -> Vec<Block<'_>> {
    let mut merged: Vec<Block<'_>> = Vec::with_capacity(blocks.len());
    for next in blocks {
        match merged.last_mut() {
            Some(last)
                if next.span.start - last.span.end <= max_gap
                    && last.tally.activity() == next.tally.activity() =>
            {
                last.hi = next.hi;
                last.span.end = last.span.end.max(next.span.end);
                last.tally.add(&next.tally);
            }
            _ => merged.push(next),
        }
    }
    merged
}
