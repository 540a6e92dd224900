//! Splitting a block where the work changes: a different activity that lasts at least
//! `min_switch` starts a new block, so an unbroken day of coding then reading is two
//! suggestions, while a short look at chat inside a coding session stays part of it.

use chrono::{DateTime, TimeDelta, Utc};

use super::blocks::{Block, Item, Tally};
use super::signal::Span;

/// What one signal is doing: its rule, or with no rule its app (as blocks are compared when
/// merging).
fn activity<'a>(item: &Item<'a>) -> (Option<usize>, Option<&'a str>) {
    match item.rule {
        Some(rule) => (Some(rule), None),
        None => (None, Some(item.signal.app.as_str())),
    }
}

/// Each block cut where a run of another activity lasting at least `min_switch` begins.
pub(crate) fn split_on_switches<'a>(
    blocks: Vec<Block<'a>>,
    items: &[Item<'a>],
    min_switch: TimeDelta,
) -> Vec<Block<'a>> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        let cuts = switches(&items[block.lo..block.hi], block.span, min_switch);
        if cuts.is_empty() {
            out.push(block);
            continue;
        }
        let mut lo = block.lo;
        let mut start = block.span.start;
        for cut in cuts.into_iter().map(|c| block.lo + c) {
            out.push(piece(items, lo, cut, Span::new(start, items[cut].start)));
            lo = cut;
            start = items[cut].start;
        }
        out.push(piece(items, lo, block.hi, Span::new(start, block.span.end)));
    }
    out
}

fn piece<'a>(items: &[Item<'a>], lo: usize, hi: usize, span: Span) -> Block<'a> {
    Block {
        lo,
        hi,
        span,
        tally: Tally::of(&items[lo..hi]),
    }
}

/// A stretch of one activity: its first item, and when it began.
struct Run<'a> {
    first: usize,
    start: DateTime<Utc>,
    activity: (Option<usize>, Option<&'a str>),
}

/// The runs of one activity, noise folded into the run before it: a run shorter than a fifth
/// of `min_switch` (a stray event from another app) neither breaks a stretch of work nor counts
/// as a switch.
fn runs<'a>(items: &[Item<'a>], min_switch: TimeDelta) -> Vec<Run<'a>> {
    let mut raw: Vec<Run<'a>> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let this = activity(item);
        if raw.last().is_none_or(|r| r.activity != this) {
            raw.push(Run {
                first: i,
                start: item.start,
                activity: this,
            });
        }
    }
    let noise = min_switch / 5;
    let mut runs: Vec<Run<'a>> = Vec::with_capacity(raw.len());
    let ends: Vec<DateTime<Utc>> = raw.iter().skip(1).map(|r| r.start).collect();
    for (n, run) in raw.into_iter().enumerate() {
        // The last run lasts to the block's end: never noise.
        let until = ends.get(n).copied().unwrap_or(run.start + noise);
        let folded = runs
            .last()
            .is_some_and(|last| until - run.start < noise || last.activity == run.activity);
        if !folded {
            runs.push(run);
        }
    }
    runs
}

/// The indexes (into `items`) where a new activity begins: the first item of a run lasting at
/// least `min_switch` (until the next run or the block's end) whose activity differs from that
/// of the last such run.
fn switches(items: &[Item<'_>], span: Span, min_switch: TimeDelta) -> Vec<usize> {
    let runs = runs(items, min_switch);
    let mut cuts = Vec::new();
    let mut current = None;
    for (n, run) in runs.iter().enumerate() {
        let until = runs.get(n + 1).map_or(span.end, |next| next.start);
        if until - run.start < min_switch {
            continue;
        }
        match current {
            Some(c) if c != run.activity => {
                cuts.push(run.first);
                current = Some(run.activity);
            }
            Some(_) => {}
            None => current = Some(run.activity),
        }
    }
    cuts
}
