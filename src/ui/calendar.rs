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
        let w = tabs.chars().count() as u16;
        if area.width > w + period.chars().count() as u16 + 4 {
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
                self.month_cell(
                    cell,
                    buf,
                    day,
                    day.month() == cursor.month(),
                    day == today,
                    day == cursor,
                    &tz,
                );
            }
        }
        let _ = cal;
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "a cell is drawn from its day and three flags the caller already computed"
    )]
    fn month_cell(
        &self,
        cell: Rect,
        buf: &mut Buffer,
        day: NaiveDate,
        in_month: bool,
        today: bool,
        cursor: bool,
        tz: &Tz,
    ) {
        let cal = &self.state.calendar;
        let (from, to) = day_bounds(day, tz);
        let items = on_day(&cal.items, from, to);
        let inner_w = cell.width.saturating_sub(1);
        let mut number_style = if in_month {
            Style::default()
        } else {
            self.theme.muted
        };
        if today {
            number_style = self.theme.accent;
        }
        if cursor {
            fill(
                buf,
                Rect {
                    x: cell.x,
                    width: inner_w,
                    ..cell
                },
                self.theme.selection,
            );
            number_style = number_style.patch(self.theme.selection);
        }
        let conflict = items.iter().any(|&i| cal.items[i].overlaps > 0);
        let mut head = format!("{:>2}", day.day());
        if today {
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
            put(
                buf,
                cell.x + inner_w - 1,
                cell.y,
                "!",
                1,
                number_style.patch(self.theme.due_today),
            );
        }
        let lines = cell.height.saturating_sub(1);
        let shown = if items.len() as u16 > lines {
            lines.saturating_sub(1)
        } else {
            lines
        };
        for (n, &i) in items.iter().take(usize::from(shown)).enumerate() {
            let item = &cal.items[i];
            let mut style = self.event_style(item);
            if cursor {
                style = style.patch(self.theme.selection);
            }
            put(
                buf,
                cell.x + 1,
                cell.y + 1 + n as u16,
                &short_label(item, tz),
                inner_w.saturating_sub(1),
                style,
            );
        }
        if items.len() as u16 > lines && lines > 0 {
            let more = items.len() - usize::from(shown);
            let dots = format!("+{more} more");
            let style = if cursor {
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

    /// The hours shown on a time axis: 08–20, widened to every timed event in `days`.
    fn hour_range(&self, days: &[NaiveDate]) -> (u32, u32) {
        let tz = self.tz();
        let (mut lo, mut hi) = (8, 20);
        for &d in days {
            let (from, to) = day_bounds(d, &tz);
            for i in on_day(&self.state.calendar.items, from, to) {
                let it = &self.state.calendar.items[i];
                if it.kind != ItemKind::Event || it.occurrence.all_day {
                    continue;
                }
                let s = it.occurrence.start.max(from).with_timezone(&tz);
                let e = it.occurrence.end.min(to).with_timezone(&tz);
                lo = lo.min(s.hour());
                let end_hour = if e.date_naive() > d {
                    24
                } else {
                    e.hour() + u32::from(e.minute() > 0)
                };
                hi = hi.max(end_hour);
            }
        }
        (lo, hi.max(lo + 1))
    }

    /// Draws the all-day row and the timed events of `days` in `columns` over a time axis.
    fn time_grid(&self, area: Rect, buf: &mut Buffer, days: &[NaiveDate], detailed: bool) {
        let tz = self.tz();
        let cal = &self.state.calendar;
        let today = self.state.today();
        let gutter = 7u16;
        if area.height < 4 || area.width <= gutter + days.len() as u16 {
            return;
        }
        let cols = days.len() as u16;
        let col_w = (area.width - gutter) / cols;
        let col_x = |i: usize| area.x + gutter + col_w * i as u16;
        // Day names.
        for (i, d) in days.iter().enumerate() {
            let label = if detailed {
                d.format("%A %-d %B").to_string()
            } else {
                d.format("%a %-d").to_string()
            };
            let mut style = self.theme.header;
            if *d == today {
                style = self.theme.accent;
            }
            if *d == self.cursor() && !detailed {
                style = style.patch(self.theme.selection);
            }
            put(
                buf,
                col_x(i) + 1,
                area.y,
                &label,
                col_w.saturating_sub(1),
                style,
            );
        }
        // All-day events and tasks with a time: one line under the names.
        put(buf, area.x, area.y + 1, "all-day", gutter, self.theme.muted);
        for (i, d) in days.iter().enumerate() {
            let (from, to) = day_bounds(*d, &tz);
            let untimed: Vec<&AgendaItem> = on_day(&cal.items, from, to)
                .into_iter()
                .map(|j| &cal.items[j])
                .filter(|it| it.kind != ItemKind::Event || it.occurrence.all_day)
                .collect();
            if let Some(first) = untimed.first() {
                let mut text = short_label(first, &tz);
                if untimed.len() > 1 {
                    text = format!("{text} +{}", untimed.len() - 1);
                }
                let mut style = self.event_style(first);
                if self.is_selected(first) {
                    style = style.patch(self.theme.selection);
                }
                put(
                    buf,
                    col_x(i) + 1,
                    area.y + 1,
                    &text,
                    col_w.saturating_sub(1),
                    style,
                );
            }
        }
        let (mut lo, mut hi) = self.hour_range(days);
        let rows = area.height - 2;
        // Minutes per row, rounded up to a readable step.
        let per_row = [15u32, 30, 60, 120]
            .into_iter()
            .find(|step| ((hi - lo) * 60).div_ceil(*step) <= u32::from(rows))
            .unwrap_or(120);
        // Spare rows show more of the day: later first, then earlier.
        let fits = u32::from(rows) * per_row / 60;
        while hi - lo < fits && (hi < 24 || lo > 0) {
            if hi < 24 {
                hi += 1;
            } else {
                lo -= 1;
            }
        }
        let minutes = (hi - lo) * 60;
        let top = area.y + 2;
        let row_of = |t: DateTime<Utc>, day: NaiveDate| -> i64 {
            let local = t.with_timezone(&tz);
            let m = if local.date_naive() < day {
                0
            } else if local.date_naive() > day {
                24 * 60
            } else {
                i64::from(local.hour() * 60 + local.minute())
            };
            (m - i64::from(lo * 60)).div_euclid(i64::from(per_row))
        };
        let visible_rows = (minutes / per_row).min(u32::from(rows)) as u16;
        for r in 0..visible_rows {
            let m = lo * 60 + u32::from(r) * per_row;
            if m % 60 == 0 {
                put(
                    buf,
                    area.x,
                    top + r,
                    &format!("{:02}:00", m / 60),
                    gutter,
                    self.theme.muted,
                );
            }
            for i in 0..days.len() {
                put(buf, col_x(i), top + r, "│", 1, self.theme.muted);
            }
        }
        for (i, d) in days.iter().enumerate() {
            let (from, to) = day_bounds(*d, &tz);
            let timed: Vec<&AgendaItem> = on_day(&cal.items, from, to)
                .into_iter()
                .map(|j| &cal.items[j])
                .filter(|it| it.kind == ItemKind::Event && !it.occurrence.all_day)
                .collect();
            let spans: Vec<(DateTime<Utc>, DateTime<Utc>)> = timed
                .iter()
                .map(|it| {
                    (
                        it.occurrence.start,
                        it.occurrence.end.max(it.occurrence.start),
                    )
                })
                .collect();
            let placed = lanes(&spans);
            // Events closer than a row apart would land on the same row: each starts below
            // the last one drawn in its lane.
            let mut lane_bottom: Vec<i64> = Vec::new();
            for (it, (lane, n)) in timed.iter().zip(placed) {
                if lane_bottom.len() <= lane {
                    lane_bottom.resize(lane + 1, 0);
                }
                let width = col_w.saturating_sub(1);
                let lane_w = (width / n as u16).max(1);
                let x = col_x(i) + 1 + lane_w * lane as u16;
                let r0 = row_of(it.occurrence.start, *d)
                    .max(lane_bottom[lane])
                    .clamp(0, i64::from(visible_rows));
                let r1 = row_of(it.occurrence.end, *d)
                    .max(r0 + 1)
                    .clamp(0, i64::from(visible_rows));
                lane_bottom[lane] = r1;
                if r0 >= i64::from(visible_rows) {
                    continue;
                }
                let rect = Rect {
                    x,
                    y: top + r0 as u16,
                    width: lane_w.saturating_sub(u16::from(n > 1)).max(1),
                    height: (r1 - r0).max(1) as u16,
                };
                let mut style = self.block_style(it);
                if self.is_selected(it) {
                    style = style.add_modifier(Modifier::REVERSED);
                }
                fill(buf, rect, style);
                let start = it.occurrence.start.with_timezone(&tz);
                let title = if detailed {
                    let place = it
                        .occurrence
                        .location
                        .as_deref()
                        .map(|l| format!(" @ {l}"))
                        .unwrap_or_default();
                    format!(
                        "{}–{} {}{place}",
                        start.format("%H:%M"),
                        it.occurrence.end.with_timezone(&tz).format("%H:%M"),
                        it.occurrence.summary
                    )
                } else {
                    it.occurrence.summary.clone()
                };
                put(buf, rect.x, rect.y, &title, rect.width, style);
                if rect.height > 1 && !detailed {
                    put(
                        buf,
                        rect.x,
                        rect.y + 1,
                        &start.format("%H:%M").to_string(),
                        rect.width,
                        style,
                    );
                }
            }
        }
        // Now, across today's column.
        let now = self.state.now;
        if let Some(i) = days.iter().position(|d| *d == today) {
            let r = row_of(now, today);
            if (0..i64::from(visible_rows)).contains(&r) {
                let y = top + r as u16;
                put(
                    buf,
                    area.x,
                    y,
                    &format!("{}▶", now.with_timezone(&tz).format("%H:%M")),
                    gutter,
                    self.theme.error,
                );
                for x in col_x(i) + 1..col_x(i) + col_w {
                    if let Some(cell) = buf.cell_mut((x, y))
                        && cell.symbol() == " "
                    {
                        cell.set_symbol("─").set_style(self.theme.error);
                    }
                }
            }
        }
    }

    fn agenda(&self, area: Rect, buf: &mut Buffer) {
        let tz = self.tz();
        let cal = &self.state.calendar;
        let today = self.state.today();
        let cursor = self.cursor();
        // Lines: (text, style, is the selected item)
        let mut lines: Vec<(String, Style, bool)> = Vec::new();
        for n in 0..AGENDA_DAYS {
            let day = cursor + Days::new(n);
            let (from, to) = day_bounds(day, &tz);
            let items = on_day(&cal.items, from, to);
            if items.is_empty() && day != cursor {
                continue;
            }
            let mut head = day.format("%a %-d %b").to_string();
            if day == today {
                head.push_str(" · today");
            }
            lines.push((
                head,
                if day == today {
                    self.theme.accent
                } else {
                    self.theme.header
                },
                false,
            ));
            if items.is_empty() {
                lines.push(("  nothing".into(), self.theme.muted, false));
            }
            for i in items {
                let it = &cal.items[i];
                let o = &it.occurrence;
                let when = match it.kind {
                    ItemKind::Due => {
                        format!("due {:<7}", o.start.with_timezone(&tz).format("%H:%M"))
                    }
                    ItemKind::Scheduled => {
                        format!("sched {:<5}", o.start.with_timezone(&tz).format("%H:%M"))
                    }
                    ItemKind::Event if o.all_day => "all day    ".to_string(),
                    ItemKind::Event => format!(
                        "{}–{}",
                        o.start.max(from).with_timezone(&tz).format("%H:%M"),
                        o.end.min(to).with_timezone(&tz).format("%H:%M")
                    ),
                };
                let place = o
                    .location
                    .as_deref()
                    .map(|l| format!(" @ {l}"))
                    .unwrap_or_default();
                let flag = if it.overlaps > 0 { " ⚠" } else { "" };
                let source = if it.calendar.is_empty() {
                    String::new()
                } else {
                    format!("  · {}", it.calendar)
                };
                let text = format!("  {when}  {}{place}{source}{flag}", o.summary);
                let selected = day == cursor && self.is_selected(it);
                lines.push((text, self.event_style(it), selected));
            }
        }
        let h = usize::from(area.height);
        let sel = lines.iter().position(|l| l.2).unwrap_or(0);
        let skip = sel.saturating_sub(h.saturating_sub(2));
        for (row, (text, style, selected)) in lines.iter().skip(skip).take(h).enumerate() {
            let y = area.y + row as u16;
            let style = if *selected {
                fill(
                    buf,
                    Rect {
                        y,
                        height: 1,
                        ..area
                    },
                    self.theme.selection,
                );
                style.patch(self.theme.selection)
            } else {
                *style
            };
            put(
                buf,
                area.x + 1,
                y,
                text,
                area.width.saturating_sub(2),
                style,
            );
        }
    }
}

/// One line about an item for the footer.
fn describe(item: &AgendaItem, tz: &Tz) -> String {
    let o = &item.occurrence;
    let start = o.start.with_timezone(tz);
    let when = match item.kind {
        ItemKind::Due => format!("task {} due {}", item.id, start.format("%a %-d %b %H:%M")),
        ItemKind::Scheduled => format!(
            "task {} scheduled {}",
            item.id,
            start.format("%a %-d %b %H:%M")
        ),
        ItemKind::Event if o.all_day => {
            let last = (o.end - chrono::TimeDelta::seconds(1)).with_timezone(tz);
            if last.date_naive() > start.date_naive() {
                format!(
                    "{} – {}",
                    start.format("%a %-d %b"),
                    last.format("%a %-d %b")
                )
            } else {
                format!("{} (all day)", start.format("%a %-d %b"))
            }
        }
        ItemKind::Event => format!(
            "{}–{}",
            start.format("%a %-d %b %H:%M"),
            o.end.with_timezone(tz).format("%H:%M")
        ),
    };
    let mut parts = vec![format!("{when}  {}", o.summary)];
    if let Some(l) = &o.location {
        parts.push(format!("@ {l}"));
    }
    if !item.calendar.is_empty() {
        parts.push(item.calendar.clone());
    }
    if o.recurring && item.kind == ItemKind::Event {
        parts.push("repeats".into());
    }
    if item.task.is_some() && item.kind == ItemKind::Event {
        parts.push("time block (Enter: focus)".into());
    }
    if item.read_only {
        parts.push("read-only".into());
    }
    if item.overlaps > 0 {
        parts.push(format!("⚠ overlaps {}", item.overlaps));
    }
    parts.join(" · ")
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
