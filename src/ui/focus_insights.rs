//! The focus pane's insights view: findings in words, then best hours, session lengths,
//! interruptions, energy and the goal streak; two columns when the pane is wide enough.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::focus::FocusView;
use crate::planner::insights::week::hm;
use crate::planner::insights::{Insights, Slot};

/// From this width on the figures stand in two columns.
const TWO_COLUMNS: u16 = 120;

impl FocusView<'_> {
    pub(super) fn insights(&self, area: Rect, buf: &mut Buffer) {
        let Some(i) = &self.state.focus.insights else {
            Paragraph::new("Loading insights…")
                .alignment(Alignment::Center)
                .render(area, buf);
            return;
        };
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let mut head = vec![Line::styled(
            format!(
                "Insights · {} to {} · {} sessions, {} completed",
                i.from, i.to, i.sessions, i.completion.k
            ),
            bold,
        )];
        head.extend(i.findings.iter().map(|f| Line::raw(format!("• {f}"))));
        // Findings wrap in a narrow pane: each takes as many rows as its width needs.
        let width = usize::from(area.width.max(1));
        let rows: usize = head.iter().map(|l| l.width().div_ceil(width).max(1)).sum();
        let findings_height = (rows as u16).min(area.height / 2);
        let [top, _, rest] = Layout::vertical([
            Constraint::Length(findings_height),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(area);
        Paragraph::new(head)
            .wrap(Wrap { trim: true })
            .render(top, buf);
        let (left, right) = (hours_and_lengths(i), interruptions_energy_goal(i));
        if area.width >= TWO_COLUMNS {
            let [l, r] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(rest);
            Paragraph::new(left).render(l, buf);
            Paragraph::new(right).render(r, buf);
        } else {
            Paragraph::new([left, vec![Line::raw("")], right].concat()).render(rest, buf);
        }
    }
}

fn title(text: String) -> Line<'static> {
    Line::styled(text, Style::default().add_modifier(Modifier::BOLD))
}

fn slot_lines(lines: &mut Vec<Line<'static>>, slots: &[Slot]) {
    for s in slots {
        lines.push(Line::raw(format!(
            "  {:<10} {}  score {:.1}",
            s.label,
            s.completion.text(),
            s.mean_score
        )));
    }
}

fn hours_and_lengths(i: &Insights) -> Vec<Line<'static>> {
    let mut lines = vec![title(format!("Best hours (≥ {} sessions)", i.min_sessions))];
    if i.best_hours_of_week.is_empty() && i.best_hours_of_day.is_empty() {
        lines.push(Line::raw("  not enough sessions yet"));
    }
    slot_lines(&mut lines, &i.best_hours_of_week);
    slot_lines(&mut lines, &i.best_hours_of_day);
    lines.push(title("Session length".into()));
    for l in &i.session_lengths {
        let mark = if Some(l.planned_minutes) == i.recommended_minutes {
            " ← recommended"
        } else {
            ""
        };
        lines.push(Line::raw(format!(
            "  {:>3} min  {}{mark}",
            l.planned_minutes,
            l.completion.text()
        )));
    }
    lines
}

fn interruptions_energy_goal(i: &Insights) -> Vec<Line<'static>> {
    let mut lines = vec![title(format!(
        "Interruptions: {} internal, {} external",
        i.interruptions.internal, i.interruptions.external
    ))];
    for p in i
        .interruptions
        .prone_hours
        .iter()
        .chain(&i.interruptions.prone_days)
    {
        lines.push(Line::raw(format!(
            "  {:<6} {:.1}/focus hour ({} int, {} ext)",
            p.label, p.per_hour, p.internal, p.external
        )));
    }
    if i.energy.checked_in > 0 {
        lines.push(title(format!("Energy ({} check-ins)", i.energy.checked_in)));
        for b in i.energy.by_start.iter().filter(|b| b.completion.n > 0) {
            lines.push(Line::raw(format!(
                "  start {:<4} completed {}",
                b.band,
                b.completion.text()
            )));
        }
    }
    let s = &i.streaks;
    if s.daily_goal_minutes > 0 {
        lines.push(title(format!(
            "Goal {} min/day · today {}",
            s.daily_goal_minutes,
            hm(s.today_minutes)
        )));
        lines.push(Line::raw(format!(
            "  streak {} days · longest {}",
            s.current_days, s.longest_days
        )));
    }
    lines
}
