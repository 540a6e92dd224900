//! Automatic capture, the pure part: activity signals in, suggested time entries out.
//!
//! Nothing here reads the clock, a file or the database: "now", the signals and the time
//! already tracked are arguments, so the same input always gives the same suggestions.
//!
//! The pass ([`suggest`]), in order:
//!
//! 1. **Exclusions.** A signal matching any exclusion [`Condition`] is dropped at the door and
//!    only counted. Exact duplicates count once, and signals are sorted canonically, so neither
//!    re-sending nor arrival order changes anything.
//! 2. **AFK.** Signals of type `afk` are spans away (`timestamp` for `duration`). Activity that
//!    starts inside one is ignored; activity running into one is cut where it begins.
//! 3. **Idle split.** A signal covers its timestamp, or `[timestamp, timestamp + duration]`.
//!    A gap between the activity so far and the next signal *longer* than `idle_threshold`
//!    (default 5 min) ends a block; a gap of exactly the threshold does not. An AFK span
//!    beginning in the gap ends the block whatever its length.
//! 4. **Classification.** Each signal gets the first [`Rule`] whose condition matches its app,
//!    title, cwd, repository and URL patterns (case-insensitive; glob with `*`/`?`, otherwise
//!    substring). A block takes the rule that classified most of its signals; with none it is
//!    "unclassified". A signal's *activity* is its rule, or with no rule its app.
//! 5. **Switches.** Inside a block, a run of another activity lasting at least `min_switch`
//!    (default 5 min, until the next run or the block's end) starts a new block there, so a
//!    morning of coding then an afternoon of mail are two suggestions while a two-minute look at
//!    chat stays inside the coding (and lowers its share). Runs shorter than a fifth of
//!    `min_switch` are noise, folded into the run before them, so stray events from another
//!    app neither break a run nor start one.
//! 6. **Merge.** Neighbouring blocks of the same activity (the same winning rule, or with no
//!    rule the same main app) at most `max_merge_gap` apart (default 10 min, exactly the gap
//!    still merges) become one block, the idle time between them included.
//! 7. **Open activity.** A block that ended less than the larger of the two gaps before `now`
//!    may still grow, so it is reported as open instead of suggested.
//! 8. **Tracked time.** The parts of a block covered by tracked or focus spans are cut out;
//!    each remaining piece with signals in it and at least `min_duration` (default 1 min) long
//!    is a suggestion. Blocks never overlap, so suggestions never do.
//! 9. **Confidence** in 0–1: 0.3 if a rule matched, plus 0.7 × the main app's share of the
//!    signals × density (the share of the span with activity, each signal counting for at
//!    least a minute). Below `verify_threshold` (default 0.5) a suggestion needs verification.
//!    Its reasons say what lowered the confidence: "mixed vscode and firefox usage" (main app
//!    under 75 % of the signals), "no rule matched", "little activity (N % of the time)"
//!    (density under 50 %), "long idle inside (N min)" (a gap over the idle threshold, which
//!    only a merge leaves inside a block).
//! 10. **Identity.** A suggestion's id is UUID v5 of its span, classification and evidence, so
//!     ingesting the same signals again yields the same ids.

mod blocks;
mod engine;
mod ingest;
mod review;
mod rules;
mod score;
mod signal;
mod switch;

pub use engine::{Outcome, SUGGESTION_NAMESPACE, Settings, Suggestion, suggest};
pub use ingest::{
    IngestError, IngestRequest, MAX_SETTING_MINUTES, MAX_SIGNAL_DURATION_SECS, minutes,
    parse_ingest,
};
pub use review::{Correction, Status, Stored, learned_rule};
pub use rules::{Classification, Condition, Pattern, Rule, UNCLASSIFIED};
pub use score::{
    AppShare, Evidence, MIXED_BELOW_SHARE, Reason, SIGNAL_REACH, SPARSE_BELOW_DENSITY,
};
pub use signal::{Signal, SignalType, Span};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_ingest;
#[cfg(test)]
mod tests_props;
