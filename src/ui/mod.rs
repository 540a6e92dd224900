//! Pure rendering of `app::State`: it reads the state and draws, nothing else. Layout comes
//! from `app::layout` so mouse handling and drawing agree.

mod calendar;
mod detail;
mod focus;
mod focus_insights;
mod overlays;
mod tasks;
pub mod theme;
mod time;

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::keymap::{Action, Context};
use crate::app::layout::{self, MIN_HEIGHT, MIN_WIDTH, too_small};
use crate::app::{Mode, Pane, PromptKind, State, ToastKind};
use theme::Theme;

pub fn render(frame: &mut Frame<'_>, state: &State, theme: &Theme) {
    let area = frame.area();
    if too_small(area.width, area.height) {
        let text = format!(
            "Terminal too small ({}×{}).\nTempo needs at least {MIN_WIDTH}×{MIN_HEIGHT}.",
            area.width, area.height
        );
        let message = Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        frame.render_widget(message, area);
        return;
    }
    let areas = state.areas();
    if let Some(tabs) = areas.tabs {
        render_tabs(frame, tabs, state, theme);
    }
    match (state.pane, &state.tasks.detail) {
        (Pane::Focus, _) => frame.render_widget(&focus::FocusView { state, theme }, areas.pane),
        (Pane::Calendar, _) => {
            frame.render_widget(&calendar::CalendarView { state, theme }, areas.pane);
        }
        (Pane::Time, _) => frame.render_widget(&time::TimeView { state, theme }, areas.pane),
        (Pane::Tasks, Some(detail)) => {
            frame.render_widget(
                &detail::DetailView {
                    state,
                    detail,
                    theme,
                },
                areas.pane,
            );
        }
        (Pane::Tasks, None) => frame.render_widget(&tasks::TasksView { state, theme }, areas.pane),
    }
    if let (Some(area), Mode::Prompt(p)) = (areas.prompt, &state.mode) {
        render_prompt(frame, area, state, p, theme);
    }
    if let Some(status) = areas.status {
        render_status(frame, status, state, theme);
    }
    overlays::render(frame, state, theme);
}

fn render_prompt(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    p: &crate::app::Prompt,
    theme: &Theme,
) {
    let (label, hint) = prompt_label(&p.kind, state.tasks.fuzzy);
    let line = Line::from(vec![
        Span::styled(format!("{label} "), theme.accent),
        Span::raw(p.input.text()),
    ]);
    frame.render_widget(Paragraph::new(line), Rect { height: 1, ..area });
    // The whole error, wrapped over as many lines as the prompt area was given for it.
    let second = match p.shown_error() {
        Some(e) => Paragraph::new(e).style(theme.error),
        None => Paragraph::new(Span::styled(hint, theme.muted)),
    };
    frame.render_widget(
        second.wrap(Wrap { trim: false }),
        Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(1),
            ..area
        },
    );
    let x = area.x + crate::text::width_u16(&label) + 1 + p.input.cursor_column();
    frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
}

/// What a prompt is called, and the example shown under it until there is an error.
fn prompt_label(kind: &PromptKind, fuzzy: bool) -> (Cow<'static, str>, &'static str) {
    match *kind {
        PromptKind::CalAdd(day) => (
            format!("add on {}", day.format("%a %-d %b")).into(),
            "e.g. Lunch with Ann 12:30 45m · Standup 9:30 15m every weekday · fri 14:00-15:30 Review",
        ),
        PromptKind::CalEdit { scope, .. } => {
            let label = match scope {
                crate::calendar::Scope::All => "change".to_string(),
                crate::calendar::Scope::One(_) => "change this one".to_string(),
                crate::calendar::Scope::Following(_) => "change from here on".to_string(),
            };
            (
                label.into(),
                "what changes: 10:00 · fri 14:00 · 45m · New title · loc:Room 4 · Enter: save",
            )
        }
        PromptKind::Block { task, day } => (
            format!("block task {task} on {}", day.format("%a %-d %b")).into(),
            "when and how long: 14:00 90m · tomorrow 9:00 (default: the task's estimate)",
        ),
        PromptKind::Filter if fuzzy => (
            "fuzzy /".into(),
            "Tab: filter language · Enter: keep · Esc: cancel",
        ),
        PromptKind::Filter => (
            "filter /".into(),
            "e.g. project:work +next due.before:fri · Tab: fuzzy · Enter: keep · Esc: cancel",
        ),
        PromptKind::Add => (
            "add".into(),
            "e.g. Call Ann project:work +phone due:fri 9am pri:H · Enter: add · Esc: cancel",
        ),
        PromptKind::Command => (
            ":".into(),
            "e.g. modify 12 due:fri · done 3 · list +next · undo",
        ),
        PromptKind::Tags => ("tags".into(), "space-separated · Enter: save · Esc: cancel"),
        PromptKind::Interruption(true) => (
            "external interruption".into(),
            "an optional note · Enter: log it · Esc: cancel",
        ),
        PromptKind::Energy { at_start, .. } => (
            if at_start {
                "energy now (1–5)".into()
            } else {
                "energy after the session (1–5)".into()
            },
            "1 low … 5 high · Enter: record · Esc or empty Enter: skip",
        ),
        PromptKind::Interruption(false) => (
            "interruption".into(),
            "an optional note · Enter: log it · Esc: cancel",
        ),
        PromptKind::TimeStart
        | PromptKind::TimeAdd
        | PromptKind::TimeEdit { .. }
        | PromptKind::TimeSplit { .. }
        | PromptKind::ReviewCorrect { .. }
        | PromptKind::ReviewSplit { .. } => {
            let (label, hint) = time::prompt_label(*kind);
            (label.into(), hint)
        }
    }
}

fn render_tabs(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let mut spans = vec![Span::styled(layout::BRAND, theme.accent)];
    for pane in Pane::ALL {
        let label = layout::tab_label(pane);
        spans.push(if pane == state.pane {
            Span::styled(label, theme.selection)
        } else {
            Span::raw(label)
        });
    }
    // The list's count, sort and filter describe the task pane only.
    let mut parts: Vec<String> = state.sync_status.iter().map(ToString::to_string).collect();
    if state.pane == Pane::Tasks {
        let t = &state.tasks;
        if !t.filter_text.is_empty() {
            let kind = if t.fuzzy { "fuzzy" } else { "filter" };
            parts.push(format!("{kind}: {}", t.filter_text));
        }
        parts.push(format!(
            "{} of {} tasks · sort: {}",
            t.matching,
            t.len(),
            t.sort.name()
        ));
        if t.group {
            parts.push("by project".into());
        }
    }
    let right = parts.join(" · ");
    let used: usize = spans.iter().map(|s| crate::text::width(&s.content)).sum();
    let room = usize::from(area.width).saturating_sub(used + 1);
    let right = crate::text::truncate(&right, room);
    spans.push(Span::raw(
        " ".repeat(room.saturating_sub(crate::text::width(&right))),
    ));
    spans.push(Span::styled(right, theme.muted));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Joins hints with `·`, dropping middle ones until the line fits (the last two, help and
/// quit, always stay).
fn fit_hints(mut hints: Vec<String>, width: u16) -> String {
    let len = |h: &[String]| h.iter().map(|s| crate::text::width(s) + 1).sum::<usize>();
    while len(&hints) > usize::from(width) && hints.len() > 2 {
        hints.remove(hints.len() - 3);
    }
    hints.join("·")
}

/// Key hints for the current context, or the newest toast.
fn render_status(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let left = render_timer(frame, area, state, theme);
    if let Some(toast) = state.toasts.last() {
        let style = if toast.kind == ToastKind::Error {
            theme.error
        } else {
            theme.info
        };
        // A message longer than the bar wraps (the bar grew to fit it) rather than being cut.
        frame.render_widget(
            Paragraph::new(format!(" {}", toast.text))
                .style(style)
                .wrap(Wrap { trim: false }),
            left,
        );
        return;
    }
    let text = status_hints(state, left.width);
    frame.render_widget(Paragraph::new(Span::styled(text, theme.muted)), left);
}

/// The running focus timer, at the right of the status bar in every pane; the rest of the bar.
fn render_timer(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) -> Rect {
    let timer = focus::status_timer(state);
    let timer_width = timer
        .as_ref()
        .map_or(0, |(t, _, _)| crate::text::width_u16(t) + 2);
    // …and the running tracker beside it.
    let tracker = time::status_tracker(state);
    let tracker_width = tracker
        .as_ref()
        .map_or(0, |t| crate::text::width_u16(t) + 2);
    let left = Rect {
        width: area.width.saturating_sub(timer_width + tracker_width),
        ..area
    };
    if let Some(text) = tracker {
        let right = Rect {
            x: left.right(),
            width: tracker_width,
            ..area
        };
        frame.render_widget(
            Paragraph::new(Span::styled(format!("{text} "), theme.info))
                .alignment(Alignment::Right),
            right,
        );
    }
    if let Some((text, kind, paused)) = timer {
        let style = if paused {
            theme.muted
        } else if kind.is_break() {
            theme.info
        } else {
            theme.accent
        };
        let right = Rect {
            x: area.right().saturating_sub(timer_width),
            width: timer_width,
            ..area
        };
        frame.render_widget(
            Paragraph::new(Span::styled(format!("{text} "), style)).alignment(Alignment::Right),
            right,
        );
    }
    left
}

/// The keys worth knowing in the current pane and mode, fitted to `width`.
fn status_hints(state: &State, width: u16) -> String {
    let km = &state.settings.keymap;
    match &state.mode {
        Mode::Form(_) => {
            " Tab/↓ next field · shift-tab/↑ previous · Enter save · Esc cancel".to_string()
        }
        Mode::Confirm { .. } => " y confirm · n cancel".to_string(),
        Mode::Conflicts { .. } => {
            " j/k choose · l keep this machine's · r keep the server's · Esc close".to_string()
        }
        Mode::Scope { .. } => {
            " o only this one · f this and the following · a all · Esc cancel".to_string()
        }
        _ => fit_hints(
            status_actions(state)
                .iter()
                .map(|(a, label)| format!(" {} {label} ", km.hint(*a)))
                .collect(),
            width,
        ),
    }
}

/// The actions the status bar names for the current context.
fn status_actions(state: &State) -> &'static [(Action, &'static str)] {
    match (&state.mode, state.context()) {
        (Mode::Form(_), _) => &[],
        (_, Context::Detail) => &[
            (Action::Back, "back"),
            (Action::Edit, "edit"),
            (Action::EditNotes, "notes"),
            (Action::Done, "done"),
            (Action::Help, "help"),
        ],
        (_, Context::Focus) => &[
            (Action::FocusToggle, "start/pause"),
            (Action::FocusInterrupt, "interruption"),
            (Action::FocusComplete, "complete"),
            (Action::FocusStats, "stats"),
            (Action::PaneTasks, "tasks"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
        ],
        (_, Context::Calendar) => &[
            (Action::CalAdd, "add"),
            (Action::CalEdit, "edit"),
            (Action::CalDelete, "delete"),
            (Action::CalBlock, "block task"),
            (Action::CalView, "view"),
            (Action::CalToday, "today"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
        ],
        (_, Context::Time) if state.time.review => &[
            (Action::ReviewApprove, "approve"),
            (Action::ReviewReject, "reject"),
            (Action::ReviewCorrect, "correct"),
            (Action::TimeSplit, "split"),
            (Action::ReviewConfident, "approve confident"),
            (Action::TimeUndo, "undo"),
            (Action::TimeReview, "entries"),
            (Action::Help, "help"),
        ],
        (_, Context::Time) => &[
            (Action::TimeStart, "start"),
            (Action::TimeToggle, "stop/continue"),
            (Action::TimeAdd, "backfill"),
            (Action::TimeEdit, "edit"),
            (Action::TimeSplit, "split"),
            (Action::TimeDelete, "delete"),
            (Action::TimeView, "period"),
            (Action::TimeReport, "report"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
        ],
        _ if state.tasks.is_empty() => &[
            (Action::Add, "add a task"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
        ],
        _ => &[
            (Action::Add, "add"),
            (Action::Done, "done"),
            (Action::FocusTask, "focus"),
            (Action::Edit, "edit"),
            (Action::Filter, "filter"),
            (Action::Presets, "presets"),
            (Action::Undo, "undo"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
        ],
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_insights;
#[cfg(test)]
mod tests_plan;
#[cfg(test)]
mod tests_review;
#[cfg(test)]
mod tests_time;
