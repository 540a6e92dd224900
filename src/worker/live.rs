//! What moved since the last look: the focus timer (its JSON changes every second while it
//! runs, by the injected clock, and on every pause, resume or end), time tracking starting or
//! stopping, reminders fired, and any other write to the database (SQLite's `data_version`).
//! The API's `/api/v1/stream` and `tempo focus status --watch` both poll this once a second
//! and send only what it returns, so nothing is sent while nothing moves.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::clock::Clock;
use crate::model::focus::Cycle;
use crate::model::focus::view::state_json;
use crate::ops::focus::{self as focus_ops, FocusState};
use crate::store::Store;

/// One message: its name (the SSE `event:`) and its data.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub event: &'static str,
    pub data: Value,
}

impl Message {
    /// The message as one Server-Sent Event.
    pub fn to_sse(&self) -> String {
        format!("event: {}\ndata: {}\n\n", self.event, self.data)
    }
}

/// The focus state without what drifts with the clock while nothing happens: a paused
/// session's planned end moves on and its score wears down, but nobody needs a message a
/// second for that. Nor are `acted`/`message`, which describe the change itself and are gone
/// on the next look.
pub fn moving_part(focus: &Value) -> Value {
    let mut key = focus.clone();
    if let Some(active) = key.get_mut("active").and_then(Value::as_object_mut) {
        active.remove("planned_end");
        active.remove("score");
    }
    if let Some(o) = key.as_object_mut() {
        o.remove("acted");
        o.remove("message");
    }
    key
}

/// The last state seen, to tell what changed.
pub struct Live {
    store: Store,
    clock: Clock,
    cycle: Cycle,
    long_break_every: u32,
    focus: Option<Value>,
    active: Option<uuid::Uuid>,
    tracking: Option<Value>,
    version: Option<i64>,
    last_reminder: Option<i64>,
}

impl Live {
    pub fn new(store: Store, clock: Clock, cycle: Cycle, long_break_every: u32) -> Live {
        Live {
            store,
            clock,
            cycle,
            long_break_every,
            focus: None,
            active: None,
            tracking: None,
            version: None,
            last_reminder: None,
        }
    }

    /// Forgets what was seen, so the next poll reports the whole state (a first client).
    pub fn reset(&mut self) {
        self.focus = None;
        self.tracking = None;
        self.version = None;
    }

    /// The focus state now (settling a session that ran out).
    pub fn focus_state(&mut self) -> crate::ops::Result<(FocusState, DateTime<Utc>)> {
        let now = self.clock.now();
        Ok((focus_ops::status(&mut self.store, &self.cycle, now)?, now))
    }

    /// The messages for what changed since the last poll (all of them on the first).
    pub fn poll(&mut self) -> crate::ops::Result<Vec<Message>> {
        let mut out = Vec::new();
        let version = self.store.data_version()?;
        let changed = self.version.is_some_and(|v| v != version);
        let first = self.version.is_none();
        let (mut state, now) = self.focus_state()?;
        let active = state.active.as_ref().map(|a| a.uuid);
        if let Some(gone) = self.active.filter(|g| Some(*g) != active) {
            // The session that just ended (completed, interrupted, run out) goes with the
            // message, as `acted`, so a client sees how it ended.
            state.acted = self
                .store
                .focus_sessions(None, None)?
                .into_iter()
                .rev()
                .find(|s| s.uuid == gone);
        }
        self.active = active;
        let focus = state_json(&state, now, self.long_break_every);
        let key = moving_part(&focus);
        if self.focus.as_ref() != Some(&key) {
            self.focus = Some(key);
            out.push(Message {
                event: "focus",
                data: focus,
            });
        }
        let tracking = json!({"running": self.store.running_entry()?});
        if self.tracking.as_ref() != Some(&tracking) {
            self.tracking = Some(tracking.clone());
            out.push(Message {
                event: "tracking",
                data: tracking,
            });
        }
        out.extend(self.fired_reminders(first)?);
        // Settling a session writes, which moves the version: read it again so that write
        // is not announced as someone else's.
        let version = self.store.data_version()?;
        if changed {
            out.push(Message {
                event: "changed",
                data: json!({"data_version": version}),
            });
        }
        self.version = Some(version);
        Ok(out)
    }

    /// Reminders handled since the last poll that fired (none on the first: those are old).
    fn fired_reminders(&mut self, first: bool) -> crate::ops::Result<Vec<Message>> {
        let recent = self.store.reminder_history(20)?;
        let newest = recent.first().map_or(i64::MIN, |r| r.handled);
        let since = self.last_reminder.unwrap_or(i64::MIN);
        self.last_reminder = Some(newest.max(since));
        if first && since == i64::MIN {
            return Ok(Vec::new());
        }
        let mut out: Vec<Message> = recent
            .into_iter()
            .filter(|r| r.handled > since && r.verdict == "fire")
            .map(|r| Message {
                event: "reminder",
                data: json!(r),
            })
            .collect();
        out.reverse();
        Ok(out)
    }
}
