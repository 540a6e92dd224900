//! TUI state and `update`, the only place it changes. `update` reads no clock and does no I/O:
//! time arrives as `Msg::Clock`, and what should happen outside comes back as `Effect`s.
//!
//! Here: `update` and the key routing shared by every pane. The state types are in `state`;
//! each pane's actions in `tasks_apply`, `focus_apply`, `calendar_apply` and `time_apply` (its
//! state in `tasks`, `focus`, `calendar`, `time`); the prompts in `prompt` (the Time pane's
//! words in `time_words`); the `:` line in `command_line`.

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
mod focus_apply;
mod prompt;
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
use crate::model::urgency::UrgencyCoefficients;
use crate::msg::{Effect, FocusOp, Msg, Op, UiState};
use calendar::{CalendarPane, View};
use focus::FocusPane;
use form::EditForm;
use input::{Edit, LineInput};
use keymap::{Action, Context, Key, Keymap};
use layout::Areas;
use tasks::{Detail, SortMode, TasksPane};
use time::{Period, TimePane};

/// Applies one message. The returned effects are run by `tui::Io` in order.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    let effects = match msg {
        Msg::Key(key) if key.kind != KeyEventKind::Release => on_key(state, key),
        Msg::Key(_) => vec![],
        Msg::Mouse(m) => on_mouse(state, m),
        Msg::Paste(text) => {
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
        Msg::Resize(w, h) => {
            state.size = (w, h);
            vec![]
        }
        Msg::Clock(now) => {
            state.now = now;
            state.toasts.retain(|t| t.until > now);
            if state.focus.due(now) {
                vec![Effect::Focus(FocusOp::Refresh)]
            } else {
                vec![]
            }
        }
        Msg::Focus(focus) => on_focus_state(state, *focus),
        Msg::FocusStats(stats) => {
            state.focus.stats = Some(*stats);
            vec![]
        }
        Msg::DataChanged => vec![Effect::Reload],
        Msg::Tasks(list) => {
            let (now, tz) = (state.now, state.tz);
            state.tasks.load(list, now, &tz, &state.settings.urgency);
            if let Some(d) = &state.tasks.detail {
                if state.tasks.item_by_uuid(&d.uuid).is_none() {
                    state.tasks.detail = None;
                }
            }
            // Tasks arrive after every change: the agenda (events, due tasks) follows — now if
            // it is on screen, else when the pane is next shown — and the time entries (the
            // running one is in every pane's status bar).
            let mut effects = reload_time(state);
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
        Msg::Time(data) => on_time_data(state, *data),
        Msg::Agenda { from, to, items } => {
            let c = &mut state.calendar;
            c.items = items;
            c.loaded = Some((from, to));
            if c.requested == Some((from, to)) {
                c.requested = None;
            }
            // The cursor may have moved on while this loaded.
            load_agenda(state)
        }
        Msg::History(uuid, history, source) => {
            if let Some(d) = state.tasks.detail.as_mut().filter(|d| d.uuid == uuid) {
                d.history = Some(history);
                d.source = source;
            }
            vec![]
        }
        Msg::OpResult(Ok(text)) => {
            state.toast(text, ToastKind::Info);
            vec![]
        }
        Msg::OpResult(Err(text)) => {
            state.toast(text, ToastKind::Error);
            vec![Effect::Bell]
        }
        Msg::Ran(Ok(text)) => {
            state.in_flight = None;
            state.toast(text, ToastKind::Info);
            vec![]
        }
        Msg::Ran(Err(text)) => match state.in_flight.take() {
            Some(mut p) if matches!(state.mode, Mode::Normal) => {
                p.error = Some(text);
                state.mode = Mode::Prompt(p);
                vec![Effect::Bell]
            }
            _ => {
                state.toast(text, ToastKind::Error);
                vec![Effect::Bell]
            }
        },
        // The focus pane already shows and rings a phase end; the desktop notification went
        // out all the same.
        Msg::Reminder(note) if note.focus && note.how != "missed" => vec![],
        Msg::Reminder(note) => {
            let first = note.body.lines().next().unwrap_or_default();
            let (text, kind) = match note.how.as_str() {
                "missed" => (
                    format!("Missed: {} — {first}", note.summary),
                    ToastKind::Error,
                ),
                "quiet" => (
                    format!("Held (quiet hours): {}", note.summary),
                    ToastKind::Info,
                ),
                _ => (format!("🔔 {} — {first}", note.summary), ToastKind::Info),
            };
            state.toast(text, kind);
            if note.how == "bell" {
                vec![Effect::Bell]
            } else {
                vec![]
            }
        }
        Msg::ReminderHistory(items) => {
            state.mode = Mode::Notifications { items, scroll: 0 };
            vec![]
        }
        Msg::SyncStatus(text) => {
            state.sync_status = Some(text);
            vec![]
        }
        Msg::Conflicts(items) => {
            // The top bar's count of conflicts is stale once none are left.
            if items.is_empty()
                && state
                    .sync_status
                    .as_deref()
                    .is_some_and(|s| s.starts_with('⚠'))
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
        Mode::Confirm { question, effect } => match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => vec![effect],
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => vec![],
            _ => {
                state.mode = Mode::Confirm { question, effect };
                vec![]
            }
        },
        Mode::Help { scroll } => {
            let k = Key::from_event(&key);
            let close = matches!(key.code, KeyCode::Esc | KeyCode::Char('q'))
                || state.settings.keymap.action(Context::Global, k) == Some(Action::Help);
            if !close {
                let scroll = match key.code {
                    KeyCode::Char('j') | KeyCode::Down => scroll.saturating_add(1),
                    KeyCode::Char('k') | KeyCode::Up => scroll.saturating_sub(1),
                    KeyCode::PageDown => scroll.saturating_add(10),
                    KeyCode::PageUp => scroll.saturating_sub(10),
                    _ => scroll,
                };
                state.mode = Mode::Help { scroll };
            }
            vec![]
        }
        Mode::Scope {
            delete,
            id,
            at,
            summary,
        } => {
            use crate::calendar::Scope;
            use crate::model::dates::When;
            let scope = match key.code {
                KeyCode::Char('o') | KeyCode::Char('1') => Scope::One(When::At(at)),
                KeyCode::Char('f') | KeyCode::Char('2') => Scope::Following(When::At(at)),
                KeyCode::Char('a') | KeyCode::Char('3') => Scope::All,
                KeyCode::Esc | KeyCode::Char('q') => return vec![],
                _ => {
                    state.mode = Mode::Scope {
                        delete,
                        id,
                        at,
                        summary,
                    };
                    return vec![];
                }
            };
            if delete {
                vec![Effect::Run(Op::CalDelete { id, scope })]
            } else {
                prompt(state, PromptKind::CalEdit { id, scope }, "");
                vec![]
            }
        }
        Mode::Notifications { items, scroll } => {
            let k = Key::from_event(&key);
            let close = matches!(key.code, KeyCode::Esc | KeyCode::Char('q'))
                || state.settings.keymap.action(Context::Global, k) == Some(Action::Notifications);
            if !close {
                let scroll = match key.code {
                    KeyCode::Char('j') | KeyCode::Down => scroll.saturating_add(1),
                    KeyCode::Char('k') | KeyCode::Up => scroll.saturating_sub(1),
                    _ => scroll,
                };
                state.mode = Mode::Notifications { items, scroll };
            }
            vec![]
        }
        Mode::Conflicts { items, selected } => {
            let k = Key::from_event(&key);
            let close = matches!(key.code, KeyCode::Esc | KeyCode::Char('q'))
                || state.settings.keymap.action(Context::Global, k) == Some(Action::Conflicts);
            if close {
                return vec![];
            }
            let last = items.len().saturating_sub(1);
            let chosen = items.get(selected).map(|c| c.id);
            let (selected, effects) = match (key.code, chosen) {
                (KeyCode::Char(c @ ('l' | 'r')), Some(id)) => (
                    selected,
                    vec![
                        Effect::Run(Op::Resolve {
                            id,
                            local: c == 'l',
                        }),
                        Effect::LoadConflicts,
                    ],
                ),
                (KeyCode::Char('j') | KeyCode::Down, _) => ((selected + 1).min(last), vec![]),
                (KeyCode::Char('k') | KeyCode::Up, _) => (selected.saturating_sub(1), vec![]),
                _ => (selected, vec![]),
            };
            state.mode = Mode::Conflicts { items, selected };
            effects
        }
        Mode::Presets { selected } => {
            let n = state.settings.presets.len();
            match key.code {
                KeyCode::Char('j') | KeyCode::Down if n > 0 => {
                    state.mode = Mode::Presets {
                        selected: (selected + 1) % n,
                    }
                }
                KeyCode::Char('k') | KeyCode::Up if n > 0 => {
                    state.mode = Mode::Presets {
                        selected: (selected + n - 1) % n,
                    }
                }
                KeyCode::Enter => {
                    if let Some(p) = state.settings.presets.get(selected).cloned() {
                        return apply_filter(state, p.filter, false);
                    }
                }
                KeyCode::Char(c) if c.is_ascii_digit() => {
                    let i = c.to_digit(10).unwrap_or(0) as usize;
                    if let Some(p) = i
                        .checked_sub(1)
                        .and_then(|i| state.settings.presets.get(i))
                        .cloned()
                    {
                        return apply_filter(state, p.filter, false);
                    }
                    state.mode = Mode::Presets { selected };
                }
                KeyCode::Esc | KeyCode::Char('q') => {}
                _ => state.mode = Mode::Presets { selected },
            }
            vec![]
        }
    }
}

fn on_action(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let km = &state.settings.keymap;
    let key = Key::from_event(&key);
    // In the detail view, the list's task keys (d, e, E, s, p, t, x, u) act on the task shown.
    let action = km.action(state.context(), key).or_else(|| {
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
    });
    let Some(action) = action else {
        return vec![];
    };
    let task = selected_task(state);
    let need_task = |state: &mut State| {
        state.toast("No task selected", ToastKind::Error);
        vec![]
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
        Action::FocusToggle
        | Action::FocusInterrupt
        | Action::FocusInterruptExternal
        | Action::FocusComplete
        | Action::FocusAbandon
        | Action::FocusLonger
        | Action::FocusShorter
        | Action::FocusSkipBreak
        | Action::FocusStats => return on_focus_action(state, action),
        a if a.context() == Context::Time => return on_time_action(state, a),
        Action::Zoom => state.zoomed = !state.zoomed,
        Action::Notifications => return vec![Effect::LoadReminderHistory],
        Action::Conflicts => return vec![Effect::LoadConflicts],
        Action::SyncNow => return vec![Effect::SyncNow],
        Action::CommandLine => prompt(state, PromptKind::Command, ""),
        Action::Suspend => return vec![Effect::Suspend],
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
            let (now, tz) = (state.now, state.tz);
            state.tasks.resort(now, &tz);
            state.toast(
                format!("Sorted by {}", state.tasks.sort.name()),
                ToastKind::Info,
            );
            return vec![Effect::SaveUiState(state.ui_state())];
        }
        Action::GroupByProject => {
            state.tasks.group = !state.tasks.group;
            let (now, tz) = (state.now, state.tz);
            state.tasks.resort(now, &tz);
            return vec![Effect::SaveUiState(state.ui_state())];
        }
        Action::Back => state.tasks.detail = None,
        Action::ScrollDown => {
            if let Some(d) = &mut state.tasks.detail {
                d.scroll = d.scroll.saturating_add(1);
            }
        }
        Action::ScrollUp => {
            if let Some(d) = &mut state.tasks.detail {
                d.scroll = d.scroll.saturating_sub(1);
            }
        }
        Action::Undo => return vec![Effect::Run(Op::Undo)],
        // The rest act on the selected task.
        _ => {
            let Some(t) = task else {
                return need_task(state);
            };
            return on_task_action(state, action, t);
        }
    }
    vec![]
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
    effects
}

#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_prompt;
#[cfg(test)]
pub(crate) mod tests_time;
