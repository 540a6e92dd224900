//! What the app does with the messages that are not keys: loads arriving, operations ending,
//! reminders and sync news.

use super::*;
use crate::calendar::AgendaItem;
use crate::model::ListedTask;
use crate::msg::{ConflictNote, ReminderNote};

/// Pasted text goes into the open prompt or form field, on one line.
pub(super) fn on_paste(state: &mut State, text: &str) -> Vec<Effect> {
    let clean = text.replace(['\n', '\r'], " ");
    match &mut state.mode {
        Mode::Prompt(p) => {
            p.input.insert(&clean);
            if p.kind == PromptKind::Filter {
                return live_filter(state);
            }
        }
        Mode::Form(f) => f.focused().insert(&clean),
        _ => {}
    }
    vec![]
}

/// Time passes: toasts expire, and a focus phase that ran out is brought up to date.
pub(super) fn on_clock(state: &mut State, now: DateTime<Utc>) -> Vec<Effect> {
    state.now = now;
    state.toasts.retain(|t| t.until > now);
    if state.focus.due(now) {
        vec![Effect::Focus(FocusOp::Refresh)]
    } else {
        vec![]
    }
}

pub(super) fn on_tasks(state: &mut State, list: Vec<ListedTask>) -> Vec<Effect> {
    let (now, tz) = (state.now, state.tz);
    state.tasks.load(list, now, &tz, &state.settings.urgency);
    if let Some(d) = &state.tasks.detail
        && state.tasks.item_by_uuid(&d.uuid).is_none()
    {
        state.tasks.detail = None;
    }
    // Tasks arrive after every change: the agenda (events, due tasks) follows — now if
    // it is on screen, else when the pane is next shown — and the time entries (the running
    // one is in every pane's status bar).
    let mut effects = super::reload_time(state);
    effects.extend(match state.calendar.loaded {
        Some((from, to)) if state.pane == Pane::Calendar => {
            state.calendar.requested = Some((from, to));
            vec![Effect::LoadAgenda { from, to }]
        }
        Some(_) => {
            state.calendar.loaded = None;
            vec![]
        }
        None if state.pane == Pane::Calendar => load_agenda(state),
        None => vec![],
    });
    effects
}

pub(super) fn on_agenda(
    state: &mut State,
    from: NaiveDate,
    to: NaiveDate,
    items: Vec<AgendaItem>,
) -> Vec<Effect> {
    let c = &mut state.calendar;
    c.items = items;
    c.loaded = Some((from, to));
    if c.requested == Some((from, to)) {
        c.requested = None;
    }
    // The cursor may have moved on while this loaded.
    load_agenda(state)
}

/// The detail view's history and source, if it still shows that task.
pub(super) fn on_history(
    state: &mut State,
    uuid: uuid::Uuid,
    history: Vec<(DateTime<Utc>, String)>,
    source: Option<String>,
) -> Vec<Effect> {
    if let Some(d) = state.tasks.detail.as_mut().filter(|d| d.uuid == uuid) {
        d.history = Some(history);
        d.source = source;
    }
    vec![]
}

pub(super) fn on_estimate(
    state: &mut State,
    uuid: uuid::Uuid,
    estimate: Box<crate::planner::estimate::Estimate>,
) -> Vec<Effect> {
    if let Some(d) = state.tasks.detail.as_mut().filter(|d| d.uuid == uuid) {
        d.estimate = Some(estimate);
    }
    vec![]
}

/// Opens an overlay that needs nothing else.
pub(super) fn show(state: &mut State, mode: Mode) -> Vec<Effect> {
    state.mode = mode;
    vec![]
}

/// An operation typed at a prompt failed: the prompt comes back with its text and the error
/// (unless something else is open by now, when the error is a toast).
pub(super) fn on_failed(state: &mut State, text: String) -> Vec<Effect> {
    match state.in_flight.take() {
        Some(mut p) if matches!(state.mode, Mode::Normal) => {
            p.error = Some(text);
            state.mode = Mode::Prompt(p);
        }
        _ => state.toast(text, ToastKind::Error),
    }
    vec![Effect::Bell]
}

pub(super) fn on_reminder(state: &mut State, note: &ReminderNote) -> Vec<Effect> {
    // The focus pane already shows and rings a phase end; the desktop notification went
    // out all the same.
    if note.focus && note.how != Outcome::Missed {
        return vec![];
    }
    let first = note.body.lines().next().unwrap_or_default();
    let (text, kind) = match note.how {
        Outcome::Missed => (
            format!("Missed: {} — {first}", note.summary),
            ToastKind::Error,
        ),
        Outcome::Quiet => (
            format!("Held (quiet hours): {}", note.summary),
            ToastKind::Info,
        ),
        _ => (format!("🔔 {} — {first}", note.summary), ToastKind::Info),
    };
    state.toast(text, kind);
    if note.how == Outcome::Bell {
        vec![Effect::Bell]
    } else {
        vec![]
    }
}

pub(super) fn on_conflicts(state: &mut State, items: Vec<ConflictNote>) -> Vec<Effect> {
    // The top bar's count of conflicts is stale once none are left.
    if items.is_empty()
        && state
            .sync_status
            .as_ref()
            .is_some_and(|s| matches!(s, SyncStatus::Conflicts { .. }))
    {
        state.sync_status = None;
    }
    let selected = match &state.mode {
        Mode::Conflicts { selected, .. } => *selected,
        _ => 0,
    };
    state.mode = Mode::Conflicts {
        selected: selected.min(items.len().saturating_sub(1)),
        items,
    };
    vec![]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::tests::state_with;

    #[test]
    fn the_conflict_status_clears_once_no_conflicts_are_left_and_no_other_status_does() {
        let mut s = state_with((80, 24));
        let conflicts = SyncStatus::Conflicts {
            account: "home".into(),
            count: 2,
        };
        update(&mut s, Msg::SyncStatus(conflicts.clone()));
        assert_eq!(
            s.sync_status.as_ref().map(ToString::to_string).as_deref(),
            Some("⚠ home: 2 conflicts (C)")
        );
        update(&mut s, Msg::Conflicts(vec![]));
        assert_eq!(s.sync_status, None);
        // An account whose name starts like the warning sign is still a failure, not a conflict.
        let failed = SyncStatus::Failed {
            account: "⚠ old".into(),
            reason: "401".into(),
        };
        update(&mut s, Msg::SyncStatus(failed.clone()));
        update(&mut s, Msg::Conflicts(vec![]));
        assert_eq!(s.sync_status, Some(failed));
    }
}
