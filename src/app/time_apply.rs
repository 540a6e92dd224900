//! The Time pane's actions: moving through days, weeks and months; starting, stopping,
//! continuing, backfilling, editing, splitting and deleting entries (each a typed
//! `Op::Track`); and loading the period shown.

use super::*;
use crate::msg::{TimeData, TimeOp};
use time::Period;

/// Asks for the entries of the period shown unless they are loaded or on their way.
pub(super) fn load_time(state: &mut State) -> Vec<Effect> {
    let (from, to) = state.time.range(state.today());
    let t = &state.time;
    let loaded = t
        .data
        .as_ref()
        .is_some_and(|d| (d.from, d.to) == (from, to));
    if loaded || t.requested == Some((from, to)) {
        return vec![];
    }
    state.time.requested = Some((from, to));
    vec![Effect::LoadTime { from, to }]
}

/// The data changed (every operation ends in a reload of the tasks): load again what is
/// shown, and the running entry the status bar shows.
pub(super) fn reload_time(state: &mut State) -> Vec<Effect> {
    let (from, to) = state.time.range(state.today());
    state.time.requested = Some((from, to));
    vec![Effect::LoadTime { from, to }]
}

pub(super) fn on_time_data(state: &mut State, data: TimeData) -> Vec<Effect> {
    state.time.load(data);
    // The cursor may have moved on while this loaded.
    load_time(state)
}

pub(super) fn on_time_action(state: &mut State, action: Action) -> Vec<Effect> {
    let today = state.today();
    let t = &mut state.time;
    match action {
        Action::TimeDown => t.move_selection(today, 1),
        Action::TimeUp => t.move_selection(today, -1),
        Action::TimePrev => t.step(today, -1),
        Action::TimeNext => t.step(today, 1),
        Action::TimeToday => {
            t.cursor = None;
            t.selected = 0;
            t.suggestion = 0;
        }
        Action::TimeSplit if t.review => return super::review::on_action(state, action),
        Action::TimeReview
        | Action::ReviewApprove
        | Action::ReviewReject
        | Action::ReviewCorrect
        | Action::ReviewConfident => return super::review::on_action(state, action),
        Action::TimeView | Action::TimeReport => return switch_view(state, action),
        Action::TimeStart => prompt(state, PromptKind::TimeStart, ""),
        Action::TimeAdd => prompt(state, PromptKind::TimeAdd, ""),
        Action::TimeToggle if t.running.is_some() => return run(TimeOp::Stop),
        Action::TimeToggle | Action::TimeContinue => {
            let id = t.selected_entry(today).map(|e| e.id);
            return run(TimeOp::Continue(id));
        }
        Action::TimeUndo => return vec![Effect::Run(Op::Undo)],
        Action::TimeEdit | Action::TimeSplit | Action::TimeDelete => {
            return on_entry(state, action);
        }
        _ => {}
    }
    load_time(state)
}

fn run(op: TimeOp) -> Vec<Effect> {
    vec![Effect::Run(Op::Track(op))]
}

fn switch_view(state: &mut State, action: Action) -> Vec<Effect> {
    let t = &mut state.time;
    let text = if action == Action::TimeView {
        t.period = t.period.next();
        t.selected = 0;
        format!("{} view", t.period.name())
    } else {
        t.report_view = !t.report_view;
        if t.report_view {
            format!("Report of the {}", t.period.name().to_lowercase())
        } else {
            format!("{} view", t.period.name())
        }
    };
    state.toast(text, ToastKind::Info);
    let mut effects = vec![Effect::SaveUiState(state.ui_state())];
    effects.extend(load_time(state));
    effects
}

/// Edit, split and delete act on the entry selected in the day view.
fn on_entry(state: &mut State, action: Action) -> Vec<Effect> {
    let (today, tz) = (state.today(), state.tz);
    let Some(e) = state.time.selected_entry(today).cloned() else {
        let text = if state.time.review {
            "No entry selected: the selection is on the suggestions (R goes back)"
        } else if state.time.period == Period::Day {
            "No entry selected"
        } else {
            "Pick an entry in the day view (v)"
        };
        state.toast(text, ToastKind::Error);
        return vec![];
    };
    let day = e.start.with_timezone(&tz).date_naive();
    match action {
        Action::TimeEdit => prompt(state, PromptKind::TimeEdit { id: e.id, day }, ""),
        Action::TimeSplit => prompt(state, PromptKind::TimeSplit { id: e.id, day }, ""),
        _ => {
            let span = crate::time::overlap::describe(&tz, e.start, e.end);
            state.mode = Mode::Confirm {
                question: format!("Delete entry {} ({span})?", e.id),
                effect: Effect::Run(Op::Track(TimeOp::Delete(e.id))),
            };
        }
    }
    vec![]
}

/// A Time prompt's text as an operation; a parse error stays in the prompt and sends nothing.
pub(super) fn submit_time_prompt(state: &mut State, mut p: Prompt, text: &str) -> Vec<Effect> {
    let now = state.now.with_timezone(&state.tz);
    let activities = &state.settings.activities;
    let parsed = match p.kind {
        PromptKind::TimeStart => time_words::start(text, activities),
        PromptKind::TimeAdd => time_words::backfill(text, &now, activities),
        PromptKind::TimeEdit { id, day } => time_words::edit(id, text, day, &now, activities),
        PromptKind::TimeSplit { id, day } => time_words::split(id, text, day, &now),
        _ => return vec![],
    };
    match parsed {
        Ok(op) => run(op),
        Err(e) => {
            p.error = Some(e);
            state.mode = Mode::Prompt(p);
            vec![Effect::Bell]
        }
    }
}

/// The toast after a time operation, from what the store answered.
pub fn describe_entry(e: &crate::time::Entry, tz: &Tz, now: DateTime<Utc>) -> String {
    let span = crate::time::overlap::describe(tz, e.start, e.end);
    let mut text = format!("entry {} · {span} ({})", e.id, time::hm(e.seconds(now)));
    if let Some(p) = &e.attrs.project {
        text.push_str(&format!(" · {p}"));
    }
    text
}
