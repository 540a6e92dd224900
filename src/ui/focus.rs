//! The focus pane: a big clock, progress, phase and cycle, the task; or the statistics view
//! (or the insights view, in `focus_insights`).

use chrono::Duration;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Gauge, Paragraph, Widget};

use super::theme::Theme;
use crate::app::State;
use crate::app::keymap::Action;
use crate::model::focus::{FocusSession, FocusStatus, Kind, Mode, clock};
use crate::model::focus_stats::FocusStats;

pub(super) struct FocusView<'a> {
    pub(super) state: &'a State,
    pub(super) theme: &'a Theme,
}

/// What the clock shows: time left of a countdown, time so far of flowtime.
pub(super) fn clock_of(s: &FocusSession, now: chrono::DateTime<chrono::Utc>) -> String {
    clock(s.remaining(now).unwrap_or_else(|| s.elapsed(now)))
}

impl Widget for &FocusView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if self.state.focus.show_insights {
            self.insights(area, buf);
        } else if self.state.focus.show_stats {
            self.stats(area, buf);
        } else {
            self.timer(area, buf);
        }
    }
}

impl FocusView<'_> {
    fn timer(&self, area: Rect, buf: &mut Buffer) {
        let f = &self.state.focus;
        let active = f.state.as_ref().and_then(|s| s.active.as_ref());
        let scale = if area.height >= 26 && area.width >= 70 {
            2
        } else {
            1
        };
        let [header, _, big, _, gauge, _, task, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(5 * scale),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(area);

        let (kind, mode, paused) = match active {
            Some(a) => (a.kind, a.mode, a.status == FocusStatus::Paused),
            None => (f.next_kind(), Mode::Countdown, false),
        };
        let phase_style = if kind.is_break() {
            self.theme.info
        } else {
            self.theme.accent
        };
        let head = self.header_line(kind, mode, paused, phase_style);
        Paragraph::new(head).render(header, buf);
        self.big_clock(active, paused, phase_style, scale, big, buf);
        self.gauge(active, kind, phase_style, gauge, buf);
        Paragraph::new(self.task_line(active))
            .alignment(Alignment::Center)
            .render(task, buf);
        let lines = self.status_lines(active);
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .style(self.theme.muted)
            .render(status, buf);
    }

    /// The phase, its mode and where the cycle stands.
    fn header_line(
        &self,
        kind: Kind,
        mode: Mode,
        paused: bool,
        phase_style: Style,
    ) -> Line<'static> {
        let f = &self.state.focus;
        let cycle = &self.state.settings.cycle;
        let mut head = vec![Span::styled(
            format!(" {}", kind.label()),
            phase_style.add_modifier(Modifier::BOLD),
        )];
        if mode == Mode::Flow {
            head.push(Span::raw(" · flowtime"));
        }
        if paused {
            head.push(Span::styled(" · paused", self.theme.due_today));
        }
        if cycle.long_break_every > 0 {
            let done = f.state.as_ref().map_or(0, |s| s.done_in_cycle) % cycle.long_break_every;
            let dots: String = (0..cycle.long_break_every)
                .map(|i| if i < done { '●' } else { '○' })
                .collect();
            head.push(Span::styled(
                format!(
                    "   {dots}  {done} of {} before a long break",
                    cycle.long_break_every
                ),
                self.theme.muted,
            ));
        }
        Line::from(head)
    }

    fn big_clock(
        &self,
        active: Option<&FocusSession>,
        paused: bool,
        phase_style: Style,
        scale: u16,
        big: Rect,
        buf: &mut Buffer,
    ) {
        let f = &self.state.focus;
        let now = self.state.now;
        let cycle = &self.state.settings.cycle;
        let (text, style) = match active {
            Some(a) => (
                clock_of(a, now),
                if paused {
                    self.theme.muted
                } else {
                    phase_style
                },
            ),
            None => (
                clock(Duration::minutes(i64::from(f.next_minutes(cycle)))),
                self.theme.muted,
            ),
        };
        big_digits(&text, scale, style, big, buf);
    }

    fn gauge(
        &self,
        active: Option<&FocusSession>,
        kind: Kind,
        phase_style: Style,
        gauge: Rect,
        buf: &mut Buffer,
    ) {
        let f = &self.state.focus;
        let now = self.state.now;
        let km = &self.state.settings.keymap;
        let cycle = &self.state.settings.cycle;
        let ratio = active.map_or(0.0, |a| a.progress(now));
        let label = match active {
            Some(a) if a.mode == Mode::Countdown => {
                format!("{:.0}% of {} min", ratio * 100.0, a.planned_minutes)
            }
            Some(a) => format!(
                "{} so far (flowtime, measured against {} min)",
                clock(a.elapsed(now)),
                a.planned_minutes
            ),
            None => format!(
                "{} min {} · {} / {} change it",
                f.next_minutes(cycle),
                kind.label().to_lowercase(),
                km.hint(Action::FocusLonger),
                km.hint(Action::FocusShorter)
            ),
        };
        let gauge_area = Rect {
            x: gauge.x + gauge.width / 8,
            width: gauge.width - gauge.width / 4,
            ..gauge
        };
        Gauge::default()
            .ratio(ratio)
            .label(label)
            .gauge_style(phase_style)
            .render(gauge_area, buf);
    }

    /// What the session is about: its task, the break, or how to start one.
    fn task_line(&self, active: Option<&FocusSession>) -> Line<'static> {
        let f = &self.state.focus;
        let km = &self.state.settings.keymap;
        match (active, f.state.as_ref().and_then(|s| s.task.as_ref())) {
            (Some(_), Some((id, title, project))) => {
                let project = project
                    .as_deref()
                    .map(|p| format!(" [{p}]"))
                    .unwrap_or_default();
                Line::from(vec![
                    Span::styled("Task ", self.theme.muted),
                    Span::raw(format!("{id} · {title}{project}")),
                ])
            }
            (Some(a), None) if a.kind.is_break() => {
                let back = a
                    .planned_end(self.state.now)
                    .map(|e| e.with_timezone(&self.state.tz).format("%H:%M").to_string());
                Line::raw(format!(
                    "Step away from the screen{}",
                    back.map(|b| format!(" · back at {b}")).unwrap_or_default()
                ))
            }
            (Some(a), None) => Line::from(vec![
                Span::styled("Session ", self.theme.muted),
                Span::raw(a.title.clone()),
            ]),
            (None, _) => Line::styled(
                format!(
                    "{} on a task in the task list focuses on it",
                    km.hint(Action::FocusTask)
                ),
                self.theme.muted,
            ),
        }
    }

    fn status_lines(&self, active: Option<&FocusSession>) -> Vec<Line<'static>> {
        match active {
            None => self.idle_lines(),
            Some(a) => self.running_lines(a),
        }
    }

    /// How to start the next session, or skip the break.
    fn idle_lines(&self) -> Vec<Line<'static>> {
        let k = |a| self.state.settings.keymap.hint(a);
        let next = self.state.focus.next_kind();
        let mut l = vec![
            Line::raw(""),
            Line::raw(format!(
                "{} starts the {}",
                k(Action::FocusToggle),
                next.label().to_lowercase()
            )),
        ];
        if next.is_break() {
            l.push(Line::raw(format!(
                "{} skips the break · {} shows statistics",
                k(Action::FocusSkipBreak),
                k(Action::FocusStats)
            )));
        } else {
            l.push(Line::raw(format!(
                "{} shows statistics",
                k(Action::FocusStats)
            )));
        }
        l
    }

    /// When the session started, its interruptions and pauses, and its keys.
    fn running_lines(&self, a: &FocusSession) -> Vec<Line<'static>> {
        let k = |a| self.state.settings.keymap.hint(a);
        let now = self.state.now;
        let tz = self.state.tz;
        let started = a.started.with_timezone(&tz).format("%H:%M");
        let external = a.interruptions.iter().filter(|i| i.external).count();
        let interruptions = match a.interruptions.len() {
            0 => "no interruptions".to_string(),
            n => format!(
                "{n} interruption{} ({external} external)",
                if n == 1 { "" } else { "s" }
            ),
        };
        let paused = a.paused_for(now);
        let paused = if paused > Duration::zero() {
            format!(" · paused {}", clock(paused))
        } else {
            String::new()
        };
        let toggle = if a.status == FocusStatus::Paused {
            "resume"
        } else {
            "pause"
        };
        vec![
            Line::raw(""),
            Line::raw(format!("started {started} · {interruptions}{paused}")),
            Line::raw(format!(
                "{} {toggle} · {}/{} interruption · {} complete · {} abandon{}",
                k(Action::FocusToggle),
                k(Action::FocusInterrupt),
                k(Action::FocusInterruptExternal),
                k(Action::FocusComplete),
                k(Action::FocusAbandon),
                if a.kind.is_break() {
                    format!(" · {} skip", k(Action::FocusSkipBreak))
                } else {
                    String::new()
                }
            )),
        ]
    }

    fn stats(&self, area: Rect, buf: &mut Buffer) {
        let Some(s) = &self.state.focus.stats else {
            Paragraph::new("Loading statistics…")
                .alignment(Alignment::Center)
                .render(area, buf);
            return;
        };
        let [summary, days, hours] = Layout::vertical([
            Constraint::Length(5),
            Constraint::Fill(3),
            Constraint::Fill(2),
        ])
        .areas(area);
        Paragraph::new(self.stats_summary(s)).render(summary, buf);
        self.minutes_per_day(s, days, buf);
        self.minutes_per_hour(s, hours, buf);
    }

    fn stats_summary(&self, s: &FocusStats) -> Vec<Line<'static>> {
        let day = |n: u32| {
            if n == 1 {
                "1 day".to_string()
            } else {
                format!("{n} days")
            }
        };
        vec![
            Line::styled(
                format!(
                    " Focus, last {} ({} – {})",
                    day(s.days),
                    s.from.format("%a %d %b"),
                    s.to.format("%a %d %b")
                ),
                self.theme.header,
            ),
            Line::raw(format!(
                " {} sessions · {} completed ({:.0}%) · {} interrupted · {} abandoned",
                s.total_sessions,
                s.completed,
                s.completion_rate * 100.0,
                s.interrupted,
                s.abandoned
            )),
            Line::raw(format!(
                " {:.0} min focused · {:.1} min average · score {:.1}/10",
                s.total_focus_minutes, s.average_focus_minutes, s.average_score
            )),
            Line::raw(format!(
                " interruptions {} internal, {} external",
                s.interruptions.internal, s.interruptions.external
            )),
            Line::raw(format!(
                " streak {} · longest {}",
                day(s.current_streak_days),
                day(s.longest_streak_days)
            )),
        ]
    }

    fn minutes_per_day(&self, s: &FocusStats, days: Rect, buf: &mut Buffer) {
        let bars: Vec<Bar<'_>> = s
            .per_day
            .iter()
            .map(|d| {
                Bar::default()
                    .value(d.minutes.round() as u64)
                    .label(Line::from(d.date.format("%a").to_string()))
                    .text_value(format!("{:.0}", d.minutes))
            })
            .collect();
        let width = (days.width.saturating_sub(2) / s.per_day.len().max(1) as u16)
            .saturating_sub(1)
            .clamp(3, 12);
        BarChart::default()
            .block(
                Block::default()
                    .borders(Borders::TOP)
                    .title(" Focus minutes per day "),
            )
            .data(BarGroup::default().bars(&bars))
            .bar_width(width)
            .bar_gap(1)
            .bar_style(self.theme.accent)
            .value_style(Style::default().add_modifier(Modifier::REVERSED))
            .render(days, buf);
    }

    fn minutes_per_hour(&self, s: &FocusStats, hours: Rect, buf: &mut Buffer) {
        let hours_bars: Vec<Bar<'_>> = s
            .per_hour
            .iter()
            .enumerate()
            .map(|(h, m)| {
                let label = if h % 3 == 0 {
                    format!("{h:02}")
                } else {
                    String::new()
                };
                Bar::default()
                    .value(m.round() as u64)
                    .label(Line::from(label))
                    .text_value(String::new())
            })
            .collect();
        let hw = (hours.width.saturating_sub(2) / 24)
            .saturating_sub(1)
            .clamp(1, 5);
        BarChart::default()
            .block(
                Block::default()
                    .borders(Borders::TOP)
                    .title(" By hour of day "),
            )
            .data(BarGroup::default().bars(&hours_bars))
            .bar_width(hw)
            .bar_gap(1)
            .bar_style(self.theme.info)
            .render(hours, buf);
    }
}

/// Digits 3 cells wide and 5 tall (`:` is 1 wide), drawn `scale` times larger and centred.
fn big_digits(text: &str, scale: u16, style: Style, area: Rect, buf: &mut Buffer) {
    const GLYPHS: [(char, [&str; 5]); 11] = [
        ('0', ["███", "█ █", "█ █", "█ █", "███"]),
        ('1', ["██ ", " █ ", " █ ", " █ ", "███"]),
        ('2', ["███", "  █", "███", "█  ", "███"]),
        ('3', ["███", "  █", "███", "  █", "███"]),
        ('4', ["█ █", "█ █", "███", "  █", "  █"]),
        ('5', ["███", "█  ", "███", "  █", "███"]),
        ('6', ["███", "█  ", "███", "█ █", "███"]),
        ('7', ["███", "  █", "  █", "  █", "  █"]),
        ('8', ["███", "█ █", "███", "█ █", "███"]),
        ('9', ["███", "█ █", "███", "  █", "███"]),
        (':', [" ", "█", " ", "█", " "]),
    ];
    let glyphs: Vec<&[&str; 5]> = text
        .chars()
        .filter_map(|c| GLYPHS.iter().find(|(g, _)| *g == c).map(|(_, rows)| rows))
        .collect();
    let width: u16 = glyphs
        .iter()
        .map(|g| (crate::text::width_u16(g[0]) + 1) * scale)
        .sum::<u16>()
        .saturating_sub(scale);
    let x0 = area.x + area.width.saturating_sub(width) / 2;
    for row in 0..5u16 {
        let mut x = x0;
        for g in &glyphs {
            for cell in g[row as usize].chars() {
                for dy in 0..scale {
                    for dx in 0..scale {
                        let (cx, cy) = (x + dx, area.y + row * scale + dy);
                        if cell != ' ' && cx < area.right() && cy < area.bottom() {
                            buf[(cx, cy)].set_symbol("█").set_style(style);
                        }
                    }
                }
                x += scale;
            }
            x += scale;
        }
    }
}

/// The status bar's timer (shown from every pane): `● Focus 12:34`.
pub(super) fn status_timer(state: &State) -> Option<(String, Kind, bool)> {
    let a = state.focus.state.as_ref()?.active.as_ref()?;
    let paused = a.status == FocusStatus::Paused;
    let icon = if paused { "⏸" } else { "●" };
    let label = if a.mode == Mode::Flow {
        "Flow"
    } else {
        a.kind.label()
    };
    Some((
        format!("{icon} {label} {}", clock_of(a, state.now)),
        a.kind,
        paused,
    ))
}
