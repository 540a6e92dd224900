//! Pop-ups drawn over the pane: help (generated from the keymap), presets, confirmation and
//! the edit form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::theme::Theme;
use crate::app::form::EditForm;
use crate::app::keymap::{Context, PROMPT_KEYS};
use crate::app::{Mode, State};
use crate::msg::{ConflictNote, ReminderNote};

pub(super) fn render(frame: &mut Frame<'_>, state: &State, theme: &Theme) {
    let area = frame.area();
    match &state.mode {
        Mode::Help { scroll } => help(frame, area, state, theme, *scroll),
        Mode::Presets { selected } => presets(frame, area, state, theme, *selected),
        Mode::Confirm { question, .. } => confirm(frame, area, theme, question),
        Mode::Conflicts { items, selected } => conflicts(frame, area, theme, items, *selected),
        Mode::Notifications { items, scroll } => {
            notifications(frame, area, state, theme, items, *scroll)
        }
        Mode::Scope {
            delete, summary, ..
        } => scope(frame, area, theme, *delete, summary),
        Mode::Form(form) => edit_form(frame, area, theme, form),
        _ => {}
    }
}

fn confirm(frame: &mut Frame<'_>, area: Rect, theme: &Theme, question: &str) {
    let width = (crate::text::width_u16(question) + 4).min(area.width.saturating_sub(4));
    let r = centered(area, width, 3);
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.error)
        .title(" Confirm ");
    frame.render_widget(
        Paragraph::new(question)
            .block(block)
            .wrap(Wrap { trim: true }),
        r,
    );
}

fn conflicts(
    frame: &mut Frame<'_>,
    area: Rect,
    theme: &Theme,
    items: &[ConflictNote],
    selected: usize,
) {
    let r = centered(
        area,
        area.width.saturating_sub(6).min(110),
        area.height.saturating_sub(4),
    );
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.accent)
        .title(" Sync conflicts — both sides changed the same fields ");
    let mut lines: Vec<Line> = Vec::new();
    if items.is_empty() {
        lines.push(Line::raw("No conflicts: everything synced agrees."));
    }
    for (i, c) in items.iter().enumerate() {
        let style = if i == selected {
            theme.selection
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::styled(
            format!("{}  {} · {} · {}", c.id, c.summary, c.calendar, c.fields),
            style,
        ));
        lines.push(Line::styled(
            format!("    here:   {}", c.local),
            theme.muted,
        ));
        lines.push(Line::styled(
            format!("    server: {}", c.remote),
            theme.muted,
        ));
    }
    let scroll = (selected as u16 * 3).saturating_sub(r.height.saturating_sub(5));
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), r);
}

fn notifications(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    theme: &Theme,
    items: &[ReminderNote],
    scroll: u16,
) {
    let r = centered(
        area,
        area.width.saturating_sub(6).min(100),
        area.height.saturating_sub(4),
    );
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.accent)
        .title(" Reminders — newest first · j/k scroll · Esc closes ");
    let lines: Vec<String> = if items.is_empty() {
        vec![
            "No reminders yet.".to_string(),
            String::new(),
            "Focus ends, event alarms and due tasks fire while Tempo (or `tempo daemon`) runs."
                .to_string(),
        ]
    } else {
        items
            .iter()
            .map(|n| {
                format!(
                    "{}  {:<8} {} — {}",
                    n.at.with_timezone(&state.tz).format("%a %d %b %H:%M"),
                    n.how.word(),
                    n.summary,
                    n.body.lines().next().unwrap_or_default()
                )
            })
            .collect()
    };
    frame.render_widget(
        Paragraph::new(lines.join("\n"))
            .block(block)
            .scroll((scroll, 0)),
        r,
    );
}

fn scope(frame: &mut Frame<'_>, area: Rect, theme: &Theme, delete: bool, summary: &str) {
    let verb = if delete { "Delete" } else { "Change" };
    let lines = [
        format!("{verb} “{summary}”, a repeating event:"),
        String::new(),
        "  o  only this occurrence".to_string(),
        "  f  this and the following ones".to_string(),
        "  a  all occurrences".to_string(),
        "  Esc  cancel".to_string(),
    ];
    let width = lines
        .iter()
        .map(|l| crate::text::width_u16(l) + 4)
        .max()
        .unwrap_or(20)
        .min(area.width.saturating_sub(4));
    let r = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if delete { theme.error } else { theme.accent })
        .title(format!(" {verb} "));
    frame.render_widget(Paragraph::new(lines.join("\n")).block(block), r);
}

fn edit_form(frame: &mut Frame<'_>, area: Rect, theme: &Theme, form: &EditForm) {
    let r = centered(
        area,
        area.width.saturating_sub(8).min(90),
        form.fields.len() as u16 + 4,
    );
    frame.render_widget(Clear, r);
    let title = format!(" Edit task {} ", form.id);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.accent)
        .title(title);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    for (n, (field, input, _)) in form.fields.iter().enumerate() {
        let focused = n == form.focus;
        let label_style = if focused { theme.accent } else { theme.muted };
        let line = Line::from(vec![
            Span::styled(format!("{:>11} ", field.label()), label_style),
            Span::raw(input.text()),
        ]);
        let row = Rect {
            y: inner.y + n as u16,
            height: 1,
            ..inner
        };
        frame.render_widget(Paragraph::new(line), row);
        if focused {
            let x = row.x + 12 + input.cursor() as u16;
            frame.set_cursor_position((x.min(row.right().saturating_sub(1)), row.y));
        }
    }
    let msg = match &form.error {
        Some(e) => Span::styled(
            e.lines().next().unwrap_or_default().to_string(),
            theme.error,
        ),
        None => Span::styled(
            "Enter saves · Esc cancels · dates like fri 9am, in 3d, 2026-12-01",
            theme.muted,
        ),
    };
    let row = Rect {
        y: inner.y + inner.height.saturating_sub(1),
        height: 1,
        ..inner
    };
    frame.render_widget(Paragraph::new(Line::from(msg)), row);
}

fn help(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme, scroll: u16) {
    let r = centered(
        area,
        area.width.saturating_sub(4).min(100),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, r);
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut current: Option<Context> = None;
    for (ctx, keys, help) in state.settings.keymap.help_rows() {
        if current != Some(ctx) {
            if current.is_some() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(ctx.title(), theme.header));
            current = Some(ctx);
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {keys:<18}"), theme.accent),
            Span::raw(help),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Text input", theme.header));
    for (keys, help) in PROMPT_KEYS {
        lines.push(Line::from(vec![
            Span::styled(format!("  {keys:<26}"), theme.accent),
            Span::raw(*help),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Mouse: click selects a task or a pane, the wheel scrolls.",
        theme.muted,
    ));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.accent)
        .title(" Keys — j/k scroll · Esc closes ");
    // Scrolling stops at the last line rather than running into blank space.
    let visible = r.height.saturating_sub(2);
    let scroll = scroll.min((lines.len() as u16).saturating_sub(visible));
    let help = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0));
    frame.render_widget(help, r);
}

fn presets(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme, selected: usize) {
    let presets = &state.settings.presets;
    let width = presets
        .iter()
        .map(|p| crate::text::width(&p.name) + crate::text::width(&p.filter) + 10)
        .max()
        .unwrap_or(20)
        .max(34) as u16;
    let r = centered(
        area,
        width.min(area.width.saturating_sub(4)),
        presets.len() as u16 + 2,
    );
    frame.render_widget(Clear, r);
    let lines: Vec<Line<'_>> = presets
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let filter = if p.filter.is_empty() {
                "(default)".to_string()
            } else {
                p.filter.clone()
            };
            let line = Line::from(vec![
                Span::raw(format!(" {} {} ", i + 1, crate::text::pad(&p.name, 10))),
                Span::styled(filter, theme.muted),
            ]);
            if i == selected {
                line.style(theme.selection)
            } else {
                line
            }
        })
        .collect();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.accent)
        .title(" Presets — Enter or 1-9 ");
    frame.render_widget(Paragraph::new(lines).block(block), r);
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
