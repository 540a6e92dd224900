//! Which session length works: completion per planned length.

use std::collections::BTreeMap;

use serde::Serialize;

use super::SessionFact;
use super::rate::{Rate, mean};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LengthRate {
    pub planned_minutes: u32,
    pub completion: Rate,
    pub mean_focus_minutes: f64,
}

pub(super) fn rates(sessions: &[&SessionFact]) -> Vec<LengthRate> {
    let mut by: BTreeMap<u32, Vec<&SessionFact>> = BTreeMap::new();
    for s in sessions {
        by.entry(s.planned_minutes).or_default().push(s);
    }
    by.into_iter()
        .map(|(planned_minutes, v)| LengthRate {
            planned_minutes,
            completion: Rate::of(v.iter().map(|s| s.completed)),
            mean_focus_minutes: mean(v.iter().map(|s| s.focus_minutes)),
        })
        .collect()
}

/// The length with the most expected focus minutes per started session, counting on the lower
/// bound of its completion rate: a longer length wins only when it completes reliably. Lengths
/// with fewer than `min` sessions take no part.
pub(super) fn recommend(rates: &[LengthRate], min: u32) -> Option<u32> {
    rates
        .iter()
        .filter(|r| r.completion.n >= min.max(1))
        .max_by(|a, b| {
            let value = |r: &LengthRate| r.completion.low * f64::from(r.planned_minutes);
            value(a)
                .total_cmp(&value(b))
                .then(b.planned_minutes.cmp(&a.planned_minutes))
        })
        .map(|r| r.planned_minutes)
}
