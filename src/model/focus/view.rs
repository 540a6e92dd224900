//! The focus timer as people and programs read it: the one status line and the JSON shapes
//! shared by `tempo focus`, the HTTP API and its live stream.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::summary::outcome;
use super::{FocusSession, FocusState, Mode, clock};

/// One line: what is running and how long is left, or what comes next.
pub fn line(state: &FocusState, now: DateTime<Utc>, long_break_every: u32) -> String {
    let Some(s) = &state.active else {
        let done = if long_break_every > 0 {
            format!(
                " ({} of {long_break_every} before a long break)",
                state.done_in_cycle % long_break_every.max(1)
            )
        } else {
            String::new()
        };
        return format!(
            "No focus session · next: {}{done}",
            state.next.label().to_lowercase()
        );
    };
    let time = match s.remaining(now) {
        Some(left) => format!("{} left", clock(left)),
        // A flow session's length is a soft target: shown, never enforced.
        None => format!("{} of {} min", clock(s.elapsed(now)), s.planned_minutes),
    };
    let label = match s.mode {
        Mode::Flow => "Flow",
        Mode::Countdown => s.kind.label(),
    };
    let paused = if s.status == crate::model::focus::FocusStatus::Paused {
        " (paused)"
    } else {
        ""
    };
    let project = state
        .task
        .as_ref()
        .and_then(|t| t.2.as_ref())
        .map(|p| format!(" [{p}]"))
        .unwrap_or_default();
    format!("{label}{paused} {time} · {}{project}", s.title)
}

/// A session with what follows from the clock: elapsed, remaining, planned end, score.
pub fn session_json(s: &FocusSession, now: DateTime<Utc>) -> serde_json::Value {
    let mut v = serde_json::to_value(s).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert(
            "elapsed_seconds".into(),
            json!(s.elapsed(now).num_seconds()),
        );
        o.insert(
            "remaining_seconds".into(),
            json!(s.remaining(now).map(|d| d.num_seconds())),
        );
        o.insert(
            "planned_end".into(),
            json!(if s.status.is_active() {
                s.planned_end(now)
            } else {
                None
            }),
        );
        o.insert(
            "score".into(),
            json!((s.score(now) * 100.0).round() / 100.0),
        );
    }
    v
}

/// The state as `focus status --json`, the API and the stream show it.
pub fn state_json(
    state: &FocusState,
    now: DateTime<Utc>,
    long_break_every: u32,
) -> serde_json::Value {
    json!({
        "active": state.active.as_ref().map(|s| session_json(s, now)),
        "task": state.task.as_ref().map(|(id, title, project)| json!({"id": id, "title": title, "project": project})),
        "next": state.next.as_str(),
        "done_in_cycle": state.done_in_cycle,
        "long_break_every": long_break_every,
        "ended": state.ended.iter().map(|s| session_json(s, now)).collect::<Vec<_>>(),
        "acted": state.acted.as_ref().map(|s| session_json(s, now)),
        "message": state.acted.as_ref().map(|s| outcome(s, now)),
    })
}
