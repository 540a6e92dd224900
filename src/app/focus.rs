//! The focus pane's state: the timer as `Io` last reported it, the length of the next session,
//! and which view (timer or statistics) shows.

use chrono::{DateTime, Utc};

use crate::model::focus::{Cycle, FocusState, FocusStatus, Kind, MAX_MINUTES, MIN_MINUTES, Mode};
use crate::model::focus_stats::FocusStats;
use crate::msg::FocusOp;
use crate::planner::insights::Insights;

/// Days of history the statistics view shows.
pub const STATS_DAYS: u32 = 7;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct FocusPane {
    pub state: Option<FocusState>,
    /// Length of the next session when changed with +/- (otherwise the cycle's length).
    pub adjusted_minutes: Option<u32>,
    pub show_stats: bool,
    pub stats: Option<FocusStats>,
    /// The insights view (best hours, session length, energy, streaks) instead of the timer.
    pub show_insights: bool,
    pub insights: Option<Box<Insights>>,
}

impl FocusPane {
    pub fn next_kind(&self) -> Kind {
        self.state.as_ref().map_or(Kind::Focus, |s| s.next)
    }

    pub fn next_minutes(&self, cycle: &Cycle) -> u32 {
        self.adjusted_minutes
            .unwrap_or_else(|| cycle.minutes(self.next_kind()))
    }

    pub fn adjust(&mut self, cycle: &Cycle, delta: i64) {
        let current = i64::from(self.next_minutes(cycle));
        // Steps land on multiples of 5, except at the bounds.
        let stepped = if delta > 0 {
            (current / 5 + 1) * 5
        } else {
            ((current + 4) / 5 - 1) * 5
        };
        self.adjusted_minutes =
            Some(stepped.clamp(i64::from(MIN_MINUTES), i64::from(MAX_MINUTES)) as u32);
    }

    /// The toast for a session this report's operation ended (`c`, `x`, an interruption that
    /// ends it), naming the time actually focused. A session that ran out by itself just before
    /// has its own "done" toast already.
    pub fn ended_toast(report: &FocusState) -> Option<String> {
        let s = report.acted.as_ref()?;
        let ended = s.ended?;
        if report.ended.iter().any(|e| e.uuid == s.uuid) {
            return None;
        }
        Some(crate::model::focus::summary::outcome(s, ended))
    }

    pub fn running(&self) -> bool {
        self.state
            .as_ref()
            .and_then(|s| s.active.as_ref())
            .is_some_and(|a| a.status == FocusStatus::Running)
    }

    /// Whether a running countdown has reached its end by `now` (time to settle).
    pub fn due(&self, now: DateTime<Utc>) -> bool {
        self.state
            .as_ref()
            .and_then(|s| s.active.as_ref())
            .is_some_and(|a| {
                a.status == FocusStatus::Running
                    && a.mode == Mode::Countdown
                    && a.planned_end(now).is_some_and(|e| e <= now)
            })
    }

    /// Space: start the next phase, or pause / resume the running one.
    pub fn toggle(&mut self, cycle: &Cycle) -> FocusOp {
        match self
            .state
            .as_ref()
            .and_then(|s| s.active.as_ref())
            .map(|a| a.status)
        {
            Some(FocusStatus::Running) => FocusOp::Pause,
            Some(FocusStatus::Paused) => FocusOp::Resume,
            _ => {
                let op = FocusOp::Start {
                    task: None,
                    kind: self.next_kind(),
                    minutes: self.next_minutes(cycle),
                };
                self.adjusted_minutes = None;
                op
            }
        }
    }
}
