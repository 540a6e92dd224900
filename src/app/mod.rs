//! TUI state and `update`, the only place it changes. `update` reads no clock and does no I/O:
//! time arrives as `Msg::Clock`, and what should happen outside comes back as `Effect`s.
//!
//! Here: `update` and the key routing shared by every pane. The state types are in `state`;
//! each pane's actions in `tasks_apply`, `focus_apply`, `calendar_apply` and `time_apply` (its
//! state in `tasks`, `focus`, `calendar`, `time`); the prompts in `prompt` (the Time pane's
//! words in `time_words`, its review of captured suggestions in `review`); the `:` line in
//! `command_line`.

pub mod calendar;
pub mod command_line;
pub mod focus;
pub mod form;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod tasks;
pub mod time;
pub mod time_words;

mod calendar_apply;
pub mod calendar_plan;
mod focus_apply;
mod intents;
mod messages;
mod overlay_keys;
mod prompt;
mod review;
mod state;
mod tasks_apply;
mod time_apply;

use calendar_apply::{load_agenda, on_calendar_action};
use focus_apply::{on_focus_action, on_focus_state};
use prompt::{apply_filter, live_filter, on_prompt, prompt};
pub use state::*;
use tasks_apply::{on_form, on_mouse, on_task_action, selected_task};
pub use time_apply::describe_entry;
use time_apply::{load_time, on_time_action, on_time_data, reload_time, submit_time_prompt};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};

use crate::model::Priority;
use crate::model::Status;
use crate::model::focus::{Cycle, Kind};
use crate::model::reminder::Outcome;
use crate::model::urgency::UrgencyCoefficients;
use crate::msg::{Effect, FocusOp, Msg, Op, SyncStatus, UiState};
use calendar::{CalendarPane, View};
use focus::FocusPane;
use form::EditForm;
use input::{Edit, LineInput};
use keymap::{Action, Context, Key, Keymap};
use layout::Areas;
use tasks::{Detail, TasksPane};
use time::TimePane;

/// Applies one message. The returned effects are run by `tui::Io` in order.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    let effects = match msg {
        Msg::Key(key) if key.kind != KeyEventKind::Release => on_key(state, key),
        Msg::Key(_) => vec![],
        Msg::Mouse(m) => on_mouse(state, m),
        Msg::Paste(text) => messages::on_paste(state, &text),
        Msg::Resize(w, h) => {
            state.size = (w, h);
            vec![]
        }
        Msg::Clock(now) => messages::on_clock(state, now),
        Msg::Focus(focus) => on_focus_state(state, *focus),
        Msg::FocusStats(stats) => {
            state.focus.stats = Some(*stats);
            vec![]
        }
        Msg::Insights(insights) => {
            state.focus.insights = Some(insights);
            vec![]
        }
        Msg::DataChanged => vec![Effect::Reload],
        Msg::Tasks(list) => messages::on_tasks(state, list),
        Msg::Time(data) => on_time_data(state, *data),
        Msg::Agenda { from, to, items } => messages::on_agenda(state, from, to, items),
        Msg::Plan { first, last, plan } => calendar_plan::on_plan(state, first, last, plan),
        Msg::History(uuid, history, source) => messages::on_history(state, uuid, history, source),
        Msg::Estimate(uuid, estimate) => messages::on_estimate(state, uuid, estimate),
        Msg::OpResult(Ok(text)) => {
            state.toast(text, ToastKind::Info);
            vec![]
        }
        Msg::Ran(Ok(text)) => {
            state.in_flight = None;
            state.toast(text, ToastKind::Info);
            vec![]
        }
        Msg::OpResult(Err(text)) => {
            state.toast(text, ToastKind::Error);
            vec![Effect::Bell]
        }
        Msg::Ran(Err(text)) => messages::on_failed(state, text),
        Msg::Reminder(note) => messages::on_reminder(state, &note),
        Msg::ReminderHistory(items) => {
            messages::show(state, Mode::Notifications { items, scroll: 0 })
        }
        Msg::SyncStatus(status) => {
            state.sync_status = Some(status);
            vec![]
        }
        Msg::Conflicts(items) => messages::on_conflicts(state, items),
        Msg::Quit => quit(state),
    };
    state.fit();
    effects
}

fn quit(state: &mut State) -> Vec<Effect> {
    state.quitting = true;
    vec![Effect::SaveUiState(state.ui_state()), Effect::Quit]
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    match std::mem::replace(&mut state.mode, Mode::Normal) {
        Mode::Normal => on_action(state, key),
        Mode::Prompt(p) => on_prompt(state, p, key),
        Mode::Form(f) => on_form(state, f, key),
        Mode::Confirm { question, effect } => overlay_keys::confirm(state, key, question, effect),
        Mode::Help { scroll } => overlay_keys::help(state, key, scroll),
        Mode::Scope {
            delete,
            id,
            at,
            summary,
        } => overlay_keys::scope(state, key, delete, id, at, summary),
        Mode::Notifications { items, scroll } => {
            overlay_keys::notifications(state, key, items, scroll)
        }
        Mode::Conflicts { items, selected } => overlay_keys::conflicts(state, key, items, selected),
        Mode::Presets { selected } => overlay_keys::presets(state, key, selected),
    }
}

fn on_action(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(action) = action_for(state, key) else {
        return vec![];
    };
    match action {
        Action::Quit => return quit(state),
        Action::Help => state.mode = Mode::Help { scroll: 0 },
        Action::NextPane => return switch_pane(state, state.pane.step(1)),
        Action::PrevPane => return switch_pane(state, state.pane.step(-1)),
        Action::PaneTasks => return switch_pane(state, Pane::Tasks),
        Action::PaneFocus => return switch_pane(state, Pane::Focus),
        Action::PaneCalendar => return switch_pane(state, Pane::Calendar),
        Action::PaneTime => return switch_pane(state, Pane::Time),
        Action::CalPrevDay
        | Action::CalNextDay
        | Action::CalDown
        | Action::CalUp
        | Action::CalPrevPage
        | Action::CalNextPage
        | Action::CalToday
        | Action::CalView
        | Action::CalOpen
        | Action::CalBack
        | Action::CalAdd
        | Action::CalEdit
        | Action::CalDelete
        | Action::CalBlock => return on_calendar_action(state, action),
        Action::CalPlan | Action::CalPlanDrop | Action::CalPlanReplan => {
            return calendar_plan::on_plan_action(state, action);
        }
        Action::FocusToggle
        | Action::FocusInterrupt
        | Action::FocusInterruptExternal
        | Action::FocusComplete
        | Action::FocusAbandon
        | Action::FocusLonger
        | Action::FocusShorter
        | Action::FocusSkipBreak
        | Action::FocusStats
        | Action::FocusInsights => return on_focus_action(state, action),
        a if a.context() == Context::Time => return on_time_action(state, a),
        Action::Zoom => state.zoomed = !state.zoomed,
        Action::Notifications => return vec![Effect::LoadReminderHistory],
        Action::Conflicts => return vec![Effect::LoadConflicts],
        Action::SyncNow => return vec![Effect::SyncNow],
        Action::CommandLine => prompt(state, PromptKind::Command, ""),
        Action::Suspend => return vec![Effect::Suspend],
        _ => return on_list_action(state, action),
    }
    vec![]
}

/// The action `key` means here.
fn action_for(state: &State, key: KeyEvent) -> Option<Action> {
    let km = &state.settings.keymap;
    let key = Key::from_event(&key);
    // In the detail view, the list's task keys (d, e, E, s, p, t, x, u) act on the task shown.
    km.action(state.context(), key).or_else(|| {
        km.action(Context::Tasks, key).filter(|a| {
            state.context() == Context::Detail
                && matches!(
                    a,
                    Action::Edit
                        | Action::EditNotes
                        | Action::Done
                        | Action::Delete
                        | Action::StartStop
                        | Action::CyclePriority
                        | Action::EditTags
                        | Action::Undo
                )
        })
    })
}

/// The task list's and detail view's actions; the ones on a task need one selected.
fn on_list_action(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Down => state.tasks.move_by(1),
        Action::Up => state.tasks.move_by(-1),
        Action::PageDown => state.tasks.move_by(state.page()),
        Action::PageUp => state.tasks.move_by(-state.page()),
        Action::Top => state.tasks.move_to_end(false),
        Action::Bottom => state.tasks.move_to_end(true),
        Action::Filter => {
            let text = state.tasks.filter_text.clone();
            prompt(state, PromptKind::Filter, &text);
        }
        Action::ClearFilter if !state.tasks.filter_text.is_empty() || state.tasks.fuzzy => {
            return apply_filter(state, String::new(), false);
        }
        Action::ClearFilter => {}
        Action::Presets => state.mode = Mode::Presets { selected: 0 },
        Action::Add => prompt(state, PromptKind::Add, ""),
        Action::CycleSort => {
            state.tasks.sort = state.tasks.sort.next();
            let sorted = format!("Sorted by {}", state.tasks.sort.name());
            state.toast(sorted, ToastKind::Info);
            return resort(state);
        }
        Action::GroupByProject => {
            state.tasks.group = !state.tasks.group;
            return resort(state);
        }
        Action::Back => state.tasks.detail = None,
        Action::ScrollDown | Action::ScrollUp => {
            if let Some(d) = &mut state.tasks.detail {
                d.scroll = match action {
                    Action::ScrollDown => d.scroll.saturating_add(1),
                    _ => d.scroll.saturating_sub(1),
                };
            }
        }
        Action::Undo => return vec![Effect::Run(Op::Undo)],
        // The rest act on the selected task.
        _ => {
            let Some(t) = selected_task(state) else {
                state.toast("No task selected", ToastKind::Error);
                return vec![];
            };
            return on_task_action(state, action, t);
        }
    }
    vec![]
}

/// The list in its new order or grouping, which is remembered.
fn resort(state: &mut State) -> Vec<Effect> {
    let (now, tz) = (state.now, state.tz);
    state.tasks.resort(now, &tz);
    vec![Effect::SaveUiState(state.ui_state())]
}

fn switch_pane(state: &mut State, pane: Pane) -> Vec<Effect> {
    if state.pane != pane {
        // What the last pane said ("Week view") means nothing on the next one; errors stay
        // until they expire so they can still be read.
        state.toasts.retain(|t| t.kind == ToastKind::Error);
    }
    state.pane = pane;
    let mut effects = vec![Effect::SaveUiState(state.ui_state())];
    if pane == Pane::Calendar {
        effects.extend(load_agenda(state));
    }
    if pane == Pane::Time {
        effects.extend(load_time(state));
    }
    if pane == Pane::Focus && state.focus.show_stats {
        effects.push(Effect::Focus(FocusOp::Stats {
            days: focus::STATS_DAYS,
        }));
    }
    if pane == Pane::Focus && state.focus.show_insights {
        effects.push(Effect::Focus(FocusOp::Insights));
    }
    effects
}

#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_prompt;
#[cfg(test)]
pub(crate) mod tests_review;
#[cfg(test)]
pub(crate) mod tests_time;
