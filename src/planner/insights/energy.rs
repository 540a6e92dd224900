//! Energy check-ins (1–5, at a session's start and end) against how sessions went.

use serde::Serialize;

use super::SessionFact;
use super::rate::{Rate, mean};

/// Sessions started at one energy band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnergyBand {
    /// `1-2`, `3` or `4-5`.
    pub band: String,
    pub completion: Rate,
    pub mean_score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnergyPatterns {
    /// Sessions with an energy given at the start.
    pub checked_in: u32,
    pub by_start: Vec<EnergyBand>,
    /// Mean energy at the end of completed sessions, and of the others.
    pub end_after_completed: Option<f64>,
    pub end_after_not_completed: Option<f64>,
    /// "Sessions started at energy ≤ 2 complete 40% less often", when both sides have the
    /// minimum sample.
    pub finding: Option<String>,
}

fn band(sessions: &[&SessionFact], name: &str, levels: &[u8]) -> EnergyBand {
    let v: Vec<&&SessionFact> = sessions
        .iter()
        .filter(|s| s.energy_start.is_some_and(|e| levels.contains(&e)))
        .collect();
    EnergyBand {
        band: name.into(),
        completion: Rate::of(v.iter().map(|s| s.completed)),
        mean_score: mean(v.iter().map(|s| s.score)),
    }
}

fn end_mean(sessions: &[&SessionFact], completed: bool) -> Option<f64> {
    let v: Vec<f64> = sessions
        .iter()
        .filter(|s| s.completed == completed)
        .filter_map(|s| s.energy_end.map(f64::from))
        .collect();
    (!v.is_empty()).then(|| mean(v))
}

pub(super) fn patterns(sessions: &[&SessionFact], min: u32) -> EnergyPatterns {
    let low = band(sessions, "1-2", &[1, 2]);
    let rest = band(sessions, "3-5", &[3, 4, 5]);
    let finding = (low.completion.n >= min.max(1)
        && rest.completion.n >= min.max(1)
        && rest.completion.rate > 0.0)
        .then(|| {
            let change = 1.0 - low.completion.rate / rest.completion.rate;
            let (how, by) = if change >= 0.0 {
                ("less", change)
            } else {
                ("more", -change)
            };
            format!(
                "Sessions started at energy ≤ 2 complete {:.0}% {how} often than at 3 or more \
                 ({} vs {}).",
                by * 100.0,
                low.completion.text(),
                rest.completion.text()
            )
        });
    EnergyPatterns {
        checked_in: sessions.iter().filter(|s| s.energy_start.is_some()).count() as u32,
        by_start: vec![
            low,
            band(sessions, "3", &[3]),
            band(sessions, "4-5", &[4, 5]),
        ],
        end_after_completed: end_mean(sessions, true),
        end_after_not_completed: end_mean(sessions, false),
        finding,
    }
}
