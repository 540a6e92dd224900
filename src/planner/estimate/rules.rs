//! The rule-based estimate used before there is history (and blended in after): a few
//! documented rules of thumb, each shown as a factor like the model's.
//!
//! 1. The person's own estimate × 1.3 (people underestimate; the planning fallacy), else the
//!    `size` field (xs 15m, s 30m, m 1h, l 2h, xl 4h), else 45 minutes.
//! 2. Without the person's estimate: +bug × 1.5 (a fix includes finding the cause).
//! 3. Notes longer than 500 characters × 1.25 (a task that needs a page of notes is bigger).
//! 4. The range is × 0.5 to × 2 of the point estimate, and P80 × 1.6 (where a log-normal whose
//!    P10–P90 is × 0.5–2 has it).

use super::{Factor, TaskInfo};

pub(super) const OWN_ESTIMATE: f64 = 1.3;
pub(super) const DEFAULT_MINUTES: f64 = 45.0;
pub(super) const BUG: f64 = 1.5;
pub(super) const LONG_NOTES: f64 = 1.25;
const LONG_NOTES_CHARS: usize = 500;
pub(super) const P10: f64 = 0.5;
pub(super) const P90: f64 = 2.0;
pub(super) const P80: f64 = 1.6;

/// The rules' point estimate in minutes, with the factors that moved it.
pub(super) fn rules(t: &TaskInfo) -> (f64, Vec<Factor>) {
    let mut factors = Vec::new();
    let own = t.estimate_minutes.filter(|m| *m > 0.0);
    let mut minutes = if let Some(m) = own {
        factors.push(Factor::new("your estimates run long (rule)", OWN_ESTIMATE));
        m * OWN_ESTIMATE
    } else if let Some(m) = t.fields.get("size").and_then(|s| size_minutes(s)) {
        m
    } else {
        DEFAULT_MINUTES
    };
    if own.is_none() && t.tags.iter().any(|tag| tag == "bug") {
        minutes *= BUG;
        factors.push(Factor::new("+bug (rule)", BUG));
    }
    if t.notes_len > LONG_NOTES_CHARS {
        minutes *= LONG_NOTES;
        factors.push(Factor::new("long notes (rule)", LONG_NOTES));
    }
    (minutes, factors)
}

/// A T-shirt size in minutes.
pub(super) fn size_minutes(size: &str) -> Option<f64> {
    match size.to_ascii_lowercase().as_str() {
        "xs" => Some(15.0),
        "s" => Some(30.0),
        "m" => Some(60.0),
        "l" => Some(120.0),
        "xl" => Some(240.0),
        _ => None,
    }
}
