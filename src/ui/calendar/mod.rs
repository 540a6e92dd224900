//! The calendar pane: a month grid, a week over a time axis, a day timeline and an agenda
//! list, with a header naming the period and a footer describing the selected item.

use std::str::FromStr;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Timelike, Utc};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::Widget;

use super::theme::Theme;
use crate::app::State;
use crate::app::calendar::{AGENDA_DAYS, View, month_grid_start, on_day, short_label, week_start};
use crate::calendar::{AgendaItem, ItemKind, lanes};
use crate::model::dates::local_instant;
use crate::text::truncate;

mod agenda;
mod grid;

use agenda::describe;

pub(super) struct CalendarView<'a> {
    pub(super) state: &'a State,
    pub(super) theme: &'a Theme,
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, width: u16, style: Style) {
    if width == 0 {
        return;
    }
    let t = truncate(text, usize::from(width));
    buf.set_stringn(x, y, &t, usize::from(width), style);
}

fn fill(buf: &mut Buffer, area: Rect, style: Style) {
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.set_style(style);
            }
        }
    }
}

fn day_bounds(day: NaiveDate, tz: &Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    (
        local_instant(tz, day.and_time(NaiveTime::MIN)),
        local_instant(tz, (day + Days::new(1)).and_time(NaiveTime::MIN)),
    )
}

impl CalendarView<'_> {
    fn cursor(&self) -> NaiveDate {
        self.state.calendar.cursor(self.state.today())
    }

    fn tz(&self) -> Tz {
        self.state.tz
    }

    /// The style an event is drawn in: its calendar's colour, or the theme's accent.
    fn event_style(&self, item: &AgendaItem) -> Style {
        match item.kind {
            ItemKind::Due => self.theme.due_today,
            ItemKind::Scheduled => self.theme.info,
            ItemKind::Event => Color::from_str(&item.colour)
                .map(|c| Style::default().fg(c))
                .unwrap_or(self.theme.accent.remove_modifier(Modifier::BOLD)),
        }
    }

    fn block_style(&self, item: &AgendaItem) -> Style {
        let base = match Color::from_str(&item.colour) {
            Ok(c) => Style::default().bg(c).fg(Color::Black),
            Err(_) if item.task.is_some() => Style::default().bg(Color::Green).fg(Color::Black),
            Err(_) => Style::default().bg(Color::Cyan).fg(Color::Black),
        };
        if item.overlaps > 0 {
            base.add_modifier(Modifier::BOLD)
        } else {
            base
        }
    }

    fn selected(&self) -> Option<&AgendaItem> {
        self.state
            .calendar
            .selected_item(self.state.today(), &self.tz())
    }

    fn is_selected(&self, item: &AgendaItem) -> bool {
        self.selected().is_some_and(|s| std::ptr::eq(s, item))
    }

    fn header(&self, area: Rect, buf: &mut Buffer) {
        let cal = &self.state.calendar;
        let c = self.cursor();
        let period = match cal.view {
            View::Month => c.format("%B %Y").to_string(),
            View::Week => {
                let s = week_start(c);
                format!(
                    "Week {} · {} – {}",
                    s.iso_week().week(),
                    s.format("%-d %b"),
                    (s + Days::new(6)).format("%-d %b %Y")
                )
            }
            View::Day => c.format("%A %-d %B %Y").to_string(),
            View::Agenda => format!(
                "{} – {}",
                c.format("%-d %b"),
                (c + Days::new(AGENDA_DAYS - 1)).format("%-d %b %Y")
            ),
        };
        put(
            buf,
            area.x + 1,
            area.y,
            &period,
            area.width.saturating_sub(2),
            self.theme.header,
        );
        let mut tabs = String::new();
        for v in View::ALL {
            if v == cal.view {
                tabs.push_str(&format!("[{}] ", v.name()));
            } else {
                tabs.push_str(&format!(" {}  ", v.name()));
            }
        }
        let tabs = tabs.trim_end().to_string();
        let w = crate::text::width_u16(&tabs);
        if area.width > w + crate::text::width_u16(&period) + 4 {
            put(
                buf,
                area.right() - w - 1,
                area.y,
                &tabs,
                w,
                self.theme.muted,
            );
        }
    }

    fn footer(&self, area: Rect, buf: &mut Buffer) {
        let tz = self.tz();
        if let Some(text) = self.proposal_footer() {
            let w = area.width.saturating_sub(2);
            put(buf, area.x + 1, area.y, &text, w, self.theme.info);
            return;
        }
        let text = match self.selected() {
            None if self.state.calendar.loaded.is_none() => "Loading…".to_string(),
            None => format!(
                "Nothing on {} · a: add an event · b: block time for a task",
                self.cursor().format("%a %-d %b")
            ),
            Some(item) => describe(item, &tz),
        };
        let style = match self.selected() {
            Some(i) if i.overlaps > 0 => self.theme.due_today,
            _ => self.theme.muted,
        };
        put(
            buf,
            area.x + 1,
            area.y,
            &text,
            area.width.saturating_sub(2),
            style,
        );
    }

    fn month(&self, area: Rect, buf: &mut Buffer) {
        let tz = self.tz();
        let cal = &self.state.calendar;
        let today = self.state.today();
        let cursor = self.cursor();
        let start = month_grid_start(cursor);
        let col_w = area.width / 7;
        for (i, name) in WEEKDAYS.iter().enumerate() {
            let x = area.x + col_w * i as u16;
            put(
                buf,
                x + 1,
                area.y,
                name,
                col_w.saturating_sub(1),
                self.theme.header,
            );
        }
        let rows_h = area.height.saturating_sub(1) / 6;
        if rows_h == 0 {
            return;
        }
        for week in 0..6u16 {
            for dow in 0..7u16 {
                let day = start + Days::new(u64::from(week * 7 + dow));
                let cell = Rect {
                    x: area.x + col_w * dow,
                    y: area.y + 1 + week * rows_h,
                    width: if dow == 6 {
                        area.width - col_w * 6
                    } else {
                        col_w
                    },
                    height: rows_h,
                };
                let look = CellLook {
                    in_month: day.month() == cursor.month(),
                    today: day == today,
                    cursor: day == cursor,
                };
                self.month_cell(cell, buf, day, look, &tz);
            }
        }
        let _ = cal;
    }

    fn month_cell(&self, cell: Rect, buf: &mut Buffer, day: NaiveDate, look: CellLook, tz: &Tz) {
        let cal = &self.state.calendar;
        let (from, to) = day_bounds(day, tz);
        let items = on_day(&cal.items, from, to);
        let inner_w = cell.width.saturating_sub(1);
        if look.cursor {
            let inner = Rect {
                x: cell.x,
                width: inner_w,
                ..cell
            };
            fill(buf, inner, self.theme.selection);
        }
        let conflict = items.iter().any(|&i| cal.items[i].overlaps > 0);
        self.month_cell_head(cell, buf, day, look, conflict);
        let lines = cell.height.saturating_sub(1);
        let shown = if items.len() as u16 > lines {
            lines.saturating_sub(1)
        } else {
            lines
        };
        for (n, &i) in items.iter().take(usize::from(shown)).enumerate() {
            let item = &cal.items[i];
            let mut style = self.event_style(item);
            if look.cursor {
                style = style.patch(self.theme.selection);
            }
            let y = cell.y + 1 + n as u16;
            put(
                buf,
                cell.x + 1,
                y,
                &short_label(item, tz),
                inner_w.saturating_sub(1),
                style,
            );
        }
        if items.len() as u16 > lines && lines > 0 {
            let more = items.len() - usize::from(shown);
            let dots = format!("+{more} more");
            let style = if look.cursor {
                self.theme.muted.patch(self.theme.selection)
            } else {
                self.theme.muted
            };
            put(
                buf,
                cell.x + 1,
                cell.y + lines,
                &dots,
                inner_w.saturating_sub(1),
                style,
            );
        }
    }

    /// The day's number (accented today, muted outside the month) and a `!` for overlaps.
    fn month_cell_head(
        &self,
        cell: Rect,
        buf: &mut Buffer,
        day: NaiveDate,
        look: CellLook,
        conflict: bool,
    ) {
        let inner_w = cell.width.saturating_sub(1);
        let mut number_style = if look.in_month {
            Style::default()
        } else {
            self.theme.muted
        };
        if look.today {
            number_style = self.theme.accent;
        }
        if look.cursor {
            number_style = number_style.patch(self.theme.selection);
        }
        let mut head = format!("{:>2}", day.day());
        if look.today {
            head.push_str(" today");
        }
        put(
            buf,
            cell.x + 1,
            cell.y,
            &head,
            inner_w.saturating_sub(1),
            number_style,
        );
        if conflict && inner_w > 4 {
            let style = number_style.patch(self.theme.due_today);
            put(buf, cell.x + inner_w - 1, cell.y, "!", 1, style);
        }
    }
}

/// How a month cell's day relates to the view: in the month shown, today, under the cursor.
#[derive(Clone, Copy)]
struct CellLook {
    in_month: bool,
    today: bool,
    cursor: bool,
}

impl Widget for &CalendarView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height < 4 {
            return;
        }
        let header = Rect { height: 1, ..area };
        let footer = Rect {
            y: area.bottom() - 1,
            height: 1,
            ..area
        };
        let body = Rect {
            y: area.y + 1,
            height: area.height - 2,
            ..area
        };
        self.header(header, buf);
        match self.state.calendar.view {
            View::Month => self.month(body, buf),
            View::Week => {
                let s = week_start(self.cursor());
                let days: Vec<NaiveDate> = (0..7).map(|i| s + Days::new(i)).collect();
                self.time_grid(body, buf, &days, false);
            }
            View::Day => self.time_grid(body, buf, &[self.cursor()], true),
            View::Agenda => self.agenda(body, buf),
        }
        self.footer(footer, buf);
    }
}
