//! Focus sessions: a pure state machine over an injected clock.
//!
//! A session is stored from the moment it starts, with its pauses as intervals, so elapsed and
//! remaining time are always computed from instants and never counted: quitting and reopening
//! shows the right time, and an hour-long session is exact to the second.
//!
//! Rules (documented in README.md):
//! - `stop` completes a session at whatever length it reached; an interruption is logged and
//!   the session goes on, unless it is ended with it (`interrupt --end`), which records the
//!   session as interrupted. Abandoned sessions count no focus time.
//! - A countdown whose time ran out while nothing was watching completes at its planned end,
//!   not when it is next looked at.
//! - Productivity score: `10 × min(1, actual / planned) × max(0, 1 − 0.1 × interruptions)`;
//!   a flowtime session is measured against its target (`--minutes`, else the configured focus
//!   length), which it may run past.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod summary;
pub mod view;

pub const MIN_MINUTES: u32 = 1;
pub const MAX_MINUTES: u32 = 180;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Focus,
    ShortBreak,
    LongBreak,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Focus => "focus",
            Kind::ShortBreak => "short_break",
            Kind::LongBreak => "long_break",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Focus => "Focus",
            Kind::ShortBreak => "Short break",
            Kind::LongBreak => "Long break",
        }
    }

    pub fn is_break(self) -> bool {
        self != Kind::Focus
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Counts down a planned length (a pomodoro).
    Countdown,
    /// Open-ended stopwatch ("flowtime").
    Flow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FocusStatus {
    Running,
    Paused,
    Completed,
    Interrupted,
    Abandoned,
}

impl FocusStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FocusStatus::Running => "running",
            FocusStatus::Paused => "paused",
            FocusStatus::Completed => "completed",
            FocusStatus::Interrupted => "interrupted",
            FocusStatus::Abandoned => "abandoned",
        }
    }

    pub fn is_active(self) -> bool {
        matches!(self, FocusStatus::Running | FocusStatus::Paused)
    }

    /// Ended with focus time that counts (time entries, statistics).
    pub fn counts(self) -> bool {
        matches!(self, FocusStatus::Completed | FocusStatus::Interrupted)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interruption {
    pub at: DateTime<Utc>,
    pub external: bool,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FocusSession {
    pub uuid: Uuid,
    pub task: Option<Uuid>,
    pub title: String,
    pub kind: Kind,
    pub mode: Mode,
    /// Minutes for a countdown; for flowtime, the soft target (a reminder, and what the score is
    /// measured against).
    pub planned_minutes: u32,
    pub status: FocusStatus,
    pub started: DateTime<Utc>,
    pub pauses: Vec<Pause>,
    pub ended: Option<DateTime<Utc>>,
    pub interruptions: Vec<Interruption>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FocusError(pub String);

impl crate::error::Kinded for FocusError {
    fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::BadInput
    }
}

fn err<T>(msg: impl Into<String>) -> Result<T, FocusError> {
    Err(FocusError(msg.into()))
}

/// `12:34`, or `1:02:03` past an hour (negative durations show as zero).
pub fn clock(d: Duration) -> String {
    let s = d.num_seconds().max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

/// Checks a planned length typed by a person.
pub fn check_minutes(minutes: u32) -> Result<u32, FocusError> {
    if (MIN_MINUTES..=MAX_MINUTES).contains(&minutes) {
        Ok(minutes)
    } else {
        err(format!(
            "a session lasts {MIN_MINUTES} to {MAX_MINUTES} minutes, not {minutes}"
        ))
    }
}

impl FocusSession {
    /// A session that starts running at `now`.
    pub fn start(
        title: String,
        task: Option<Uuid>,
        kind: Kind,
        mode: Mode,
        planned_minutes: u32,
        now: DateTime<Utc>,
    ) -> Result<FocusSession, FocusError> {
        Ok(FocusSession {
            uuid: Uuid::new_v4(),
            task,
            title,
            kind,
            mode,
            planned_minutes: check_minutes(planned_minutes)?,
            status: FocusStatus::Running,
            started: now,
            pauses: Vec::new(),
            ended: None,
            interruptions: Vec::new(),
            notes: String::new(),
        })
    }

    pub fn planned(&self) -> Duration {
        Duration::minutes(i64::from(self.planned_minutes))
    }

    /// Time spent paused up to `now` (an open pause counts until `now`).
    pub fn paused_for(&self, now: DateTime<Utc>) -> Duration {
        self.pauses
            .iter()
            .map(|p| p.end.unwrap_or(now).min(now) - p.start.min(now))
            .fold(Duration::zero(), |a, b| a + b.max(Duration::zero()))
    }

    /// Focus time so far: from the start to the end (or `now`), pauses excluded.
    pub fn elapsed(&self, now: DateTime<Utc>) -> Duration {
        let until = self.ended.unwrap_or(now);
        ((until - self.started) - self.paused_for(until)).max(Duration::zero())
    }

    /// When a running countdown will reach its planned length (`None` for flowtime).
    pub fn planned_end(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        (self.mode == Mode::Countdown).then(|| self.started + self.planned() + self.paused_for(now))
    }

    /// Time left of a countdown (never negative); `None` for flowtime.
    pub fn remaining(&self, now: DateTime<Utc>) -> Option<Duration> {
        (self.mode == Mode::Countdown)
            .then(|| (self.planned() - self.elapsed(now)).max(Duration::zero()))
    }

    /// 0.0 to 1.0 of the planned length.
    pub fn progress(&self, now: DateTime<Utc>) -> f64 {
        let planned = self.planned().num_seconds().max(1) as f64;
        (self.elapsed(now).num_seconds() as f64 / planned).clamp(0.0, 1.0)
    }

    fn ensure_active(&self, what: &str) -> Result<(), FocusError> {
        if self.status.is_active() {
            Ok(())
        } else {
            err(format!(
                "cannot {what}: the session is {}",
                self.status.as_str()
            ))
        }
    }

    pub fn pause(&mut self, now: DateTime<Utc>) -> Result<(), FocusError> {
        match self.status {
            FocusStatus::Running => {
                self.pauses.push(Pause {
                    start: now,
                    end: None,
                });
                self.status = FocusStatus::Paused;
                Ok(())
            }
            FocusStatus::Paused => err("the session is already paused"),
            s => err(format!("cannot pause: the session is {}", s.as_str())),
        }
    }

    pub fn resume(&mut self, now: DateTime<Utc>) -> Result<(), FocusError> {
        match (self.status, self.pauses.last_mut()) {
            (FocusStatus::Paused, Some(p)) if p.end.is_none() => {
                p.end = Some(now.max(p.start));
                self.status = FocusStatus::Running;
                Ok(())
            }
            (FocusStatus::Running, _) => err("the session is not paused"),
            (s, _) => err(format!("cannot resume: the session is {}", s.as_str())),
        }
    }

    pub fn interrupt(
        &mut self,
        now: DateTime<Utc>,
        external: bool,
        note: &str,
    ) -> Result<(), FocusError> {
        self.ensure_active("log an interruption")?;
        self.interruptions.push(Interruption {
            at: now,
            external,
            note: note.to_string(),
        });
        Ok(())
    }

    /// Ends the session at `at` with `status` (closing an open pause at the same instant).
    fn end(&mut self, at: DateTime<Utc>, status: FocusStatus) {
        if let Some(p) = self.pauses.last_mut().filter(|p| p.end.is_none()) {
            p.end = Some(at.max(p.start));
        }
        self.status = status;
        self.ended = Some(at);
    }

    pub fn complete(&mut self, now: DateTime<Utc>) -> Result<(), FocusError> {
        self.ensure_active("complete")?;
        // A countdown never runs past its planned end: time beyond it is not focus time.
        let at = match self.planned_end(now) {
            Some(end) if end < now && self.status == FocusStatus::Running => end,
            _ => now,
        };
        self.end(at, FocusStatus::Completed);
        Ok(())
    }

    pub fn end_interrupted(&mut self, now: DateTime<Utc>) -> Result<(), FocusError> {
        self.ensure_active("end")?;
        self.end(now, FocusStatus::Interrupted);
        Ok(())
    }

    pub fn abandon(&mut self, now: DateTime<Utc>) -> Result<(), FocusError> {
        self.ensure_active("abandon")?;
        self.end(now, FocusStatus::Abandoned);
        Ok(())
    }

    /// Completes a running countdown whose planned end has passed, at that end. Returns whether
    /// anything changed.
    pub fn settle(&mut self, now: DateTime<Utc>) -> bool {
        match (self.status, self.planned_end(now)) {
            (FocusStatus::Running, Some(end)) if end <= now => {
                self.end(end, FocusStatus::Completed);
                true
            }
            _ => false,
        }
    }

    /// The intervals actually spent running, pauses cut out: what time entries record.
    pub fn running_intervals(&self) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let Some(end) = self.ended else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut from = self.started;
        for p in &self.pauses {
            let p_end = p.end.unwrap_or(end);
            if p.start > from {
                out.push((from, p.start.min(end)));
            }
            from = from.max(p_end);
        }
        if end > from {
            out.push((from, end));
        }
        out
    }

    /// `10 × min(1, actual/planned) × max(0, 1 − 0.1 × interruptions)`, from 0 to 10.
    pub fn score(&self, now: DateTime<Utc>) -> f64 {
        let planned = self.planned().num_seconds().max(1) as f64;
        let ratio = (self.elapsed(now).num_seconds() as f64 / planned).min(1.0);
        let penalty = (1.0 - 0.1 * self.interruptions.len() as f64).max(0.0);
        10.0 * ratio * penalty
    }
}

/// The focus timer as it stands after an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct FocusState {
    pub active: Option<FocusSession>,
    /// What a start with no arguments would begin (by the pomodoro cycle).
    pub next: Kind,
    pub done_in_cycle: u32,
    /// Sessions that ended on their own while settling (for "time's up" messages).
    pub ended: Vec<FocusSession>,
    /// The task the active session is for: (id, title, project).
    pub task: Option<(i64, String, Option<String>)>,
    /// The session the operation acted on (stopped, interrupted, paused…), as it stands after
    /// it; `None` when nothing was acted on (a status read, a start).
    pub acted: Option<FocusSession>,
}

/// Pomodoro cycle settings (`[focus]` in the config).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cycle {
    pub focus_minutes: u32,
    pub short_break_minutes: u32,
    pub long_break_minutes: u32,
    pub long_break_every: u32,
    pub auto_start_breaks: bool,
    pub auto_start_focus: bool,
}

impl Cycle {
    /// What follows a session of `kind` when `done_in_cycle` focus sessions have completed
    /// since the last long break (including the one just ended).
    pub fn next_kind(&self, kind: Kind, done_in_cycle: u32) -> Kind {
        match kind {
            Kind::Focus
                if self.long_break_every > 0
                    && done_in_cycle > 0
                    && done_in_cycle % self.long_break_every == 0 =>
            {
                Kind::LongBreak
            }
            Kind::Focus => Kind::ShortBreak,
            Kind::ShortBreak | Kind::LongBreak => Kind::Focus,
        }
    }

    pub fn minutes(&self, kind: Kind) -> u32 {
        match kind {
            Kind::Focus => self.focus_minutes,
            Kind::ShortBreak => self.short_break_minutes,
            Kind::LongBreak => self.long_break_minutes,
        }
    }

    fn auto_starts(&self, next: Kind) -> bool {
        if next.is_break() {
            self.auto_start_breaks
        } else {
            self.auto_start_focus
        }
    }
}

/// Brings the active session up to `now`: a countdown that ran out completes at its planned
/// end, and with auto-start the next phase begins at that same instant (repeatedly, if it too
/// ran out while nobody looked). Returns every session written, oldest first, and the
/// focus-in-cycle count afterwards.
/// `last_focus` is the task and title an auto-started focus session continues with.
pub fn advance(
    active: FocusSession,
    last_focus: (Option<Uuid>, String),
    mut done_in_cycle: u32,
    cycle: &Cycle,
    now: DateTime<Utc>,
) -> (Vec<FocusSession>, u32) {
    let mut written = Vec::new();
    let mut last_focus = last_focus;
    let mut current = active;
    // Bounded: a week away with everything on auto-start is still a finite chain.
    for _ in 0..1000 {
        if !current.settle(now) {
            written.push(current);
            return (written, done_in_cycle);
        }
        let ended = current.ended.unwrap_or(now);
        if current.kind == Kind::Focus {
            done_in_cycle += 1;
        } else if current.kind == Kind::LongBreak {
            done_in_cycle = 0;
        }
        let next = cycle.next_kind(current.kind, done_in_cycle);
        let follow = cycle.auto_starts(next);
        if current.kind == Kind::Focus {
            last_focus = (current.task, current.title.clone());
        }
        written.push(current);
        if !follow {
            return (written, done_in_cycle);
        }
        let (task, title) = if next.is_break() {
            (None, next.label().to_string())
        } else {
            last_focus.clone()
        };
        match FocusSession::start(
            title,
            task,
            next,
            Mode::Countdown,
            cycle.minutes(next),
            ended,
        ) {
            Ok(s) => current = s,
            Err(_) => return (written, done_in_cycle),
        }
    }
    written.push(current);
    (written, done_in_cycle)
}

#[cfg(test)]
mod tests;
