//! The week and day views: the all-day row and timed events in lanes over a time axis.

use super::*;

mod ghosts;

impl CalendarView<'_> {
    /// The hours shown on a time axis: 08–20, widened to every timed event in `days`.
    pub(super) fn hour_range(&self, days: &[NaiveDate]) -> (u32, u32) {
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
    pub(super) fn time_grid(
        &self,
        area: Rect,
        buf: &mut Buffer,
        days: &[NaiveDate],
        detailed: bool,
    ) {
        let gutter = 7u16;
        if area.height < 4 || area.width <= gutter + days.len() as u16 {
            return;
        }
        let (lo, hi) = self.hour_range(days);
        let grid = Grid::new(area, gutter, days.len() as u16, lo, hi, self.tz());
        self.day_names(&grid, buf, days, detailed);
        self.all_day_row(&grid, buf, days);
        self.axis(&grid, buf, days.len());
        for (i, d) in days.iter().enumerate() {
            self.timed_events(&grid, buf, i, *d, detailed);
            self.ghost_blocks(&grid, buf, i, *d);
        }
        self.now_line(&grid, buf, days);
    }

    fn day_names(&self, g: &Grid, buf: &mut Buffer, days: &[NaiveDate], detailed: bool) {
        let today = self.state.today();
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
                g.col_x(i) + 1,
                g.area.y,
                &label,
                g.col_w.saturating_sub(1),
                style,
            );
        }
    }

    /// All-day events and tasks with a time: one line under the names.
    fn all_day_row(&self, g: &Grid, buf: &mut Buffer, days: &[NaiveDate]) {
        let cal = &self.state.calendar;
        let y = g.area.y + 1;
        put(buf, g.area.x, y, "all-day", g.gutter, self.theme.muted);
        for (i, d) in days.iter().enumerate() {
            let (from, to) = day_bounds(*d, &g.tz);
            let untimed: Vec<&AgendaItem> = on_day(&cal.items, from, to)
                .into_iter()
                .map(|j| &cal.items[j])
                .filter(|it| it.kind != ItemKind::Event || it.occurrence.all_day)
                .collect();
            let Some(first) = untimed.first() else {
                continue;
            };
            let mut text = short_label(first, &g.tz);
            if untimed.len() > 1 {
                text = format!("{text} +{}", untimed.len() - 1);
            }
            let mut style = self.event_style(first);
            if self.is_selected(first) {
                style = style.patch(self.theme.selection);
            }
            put(
                buf,
                g.col_x(i) + 1,
                y,
                &text,
                g.col_w.saturating_sub(1),
                style,
            );
        }
    }

    /// Hour labels in the gutter and a rule left of each day.
    fn axis(&self, g: &Grid, buf: &mut Buffer, columns: usize) {
        for r in 0..g.visible_rows {
            let m = g.lo * 60 + u32::from(r) * g.per_row;
            if m.is_multiple_of(60) {
                let label = format!("{:02}:00", m / 60);
                put(buf, g.area.x, g.top + r, &label, g.gutter, self.theme.muted);
            }
            for i in 0..columns {
                put(buf, g.col_x(i), g.top + r, "│", 1, self.theme.muted);
            }
        }
    }

    /// The timed events of day `d` (column `i`), side by side where they overlap.
    fn timed_events(&self, g: &Grid, buf: &mut Buffer, i: usize, d: NaiveDate, detailed: bool) {
        let cal = &self.state.calendar;
        let (from, to) = day_bounds(d, &g.tz);
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
        let col_w = self.events_width(g, d);
        // Events closer than a row apart would land on the same row: each starts below
        // the last one drawn in its lane.
        let mut lane_bottom: Vec<i64> = Vec::new();
        let visible = i64::from(g.visible_rows);
        for (it, (lane, n)) in timed.iter().zip(placed) {
            if lane_bottom.len() <= lane {
                lane_bottom.resize(lane + 1, 0);
            }
            let lane_w = (col_w.saturating_sub(1) / n as u16).max(1);
            let r0 = g
                .row_of(it.occurrence.start, d)
                .max(lane_bottom[lane])
                .clamp(0, visible);
            let r1 = g.row_of(it.occurrence.end, d).max(r0 + 1).clamp(0, visible);
            lane_bottom[lane] = r1;
            if r0 >= visible {
                continue;
            }
            let rect = Rect {
                x: g.col_x(i) + 1 + lane_w * lane as u16,
                y: g.top + r0 as u16,
                width: lane_w.saturating_sub(u16::from(n > 1)).max(1),
                height: (r1 - r0).max(1) as u16,
            };
            self.event_block(buf, rect, it, &g.tz, detailed);
        }
    }

    /// One timed event drawn as a filled block: its title (with times and place when
    /// `detailed`), and its start time on the second row of a small block.
    fn event_block(&self, buf: &mut Buffer, rect: Rect, it: &AgendaItem, tz: &Tz, detailed: bool) {
        let mut style = self.block_style(it);
        if self.is_selected(it) {
            style = style.add_modifier(Modifier::REVERSED);
        }
        fill(buf, rect, style);
        let start = it.occurrence.start.with_timezone(tz);
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
                it.occurrence.end.with_timezone(tz).format("%H:%M"),
                it.occurrence.summary
            )
        } else {
            it.occurrence.summary.clone()
        };
        put(buf, rect.x, rect.y, &title, rect.width, style);
        if rect.height > 1 && !detailed {
            let at = start.format("%H:%M").to_string();
            put(buf, rect.x, rect.y + 1, &at, rect.width, style);
        }
    }

    /// Now, across today's column.
    fn now_line(&self, g: &Grid, buf: &mut Buffer, days: &[NaiveDate]) {
        let today = self.state.today();
        let now = self.state.now;
        let Some(i) = days.iter().position(|d| *d == today) else {
            return;
        };
        let r = g.row_of(now, today);
        if !(0..i64::from(g.visible_rows)).contains(&r) {
            return;
        }
        let y = g.top + r as u16;
        let label = format!("{}▶", now.with_timezone(&g.tz).format("%H:%M"));
        put(buf, g.area.x, y, &label, g.gutter, self.theme.error);
        for x in g.col_x(i) + 1..g.col_x(i) + g.col_w {
            if let Some(cell) = buf.cell_mut((x, y))
                && cell.symbol() == " "
            {
                cell.set_symbol("─").set_style(self.theme.error);
            }
        }
    }
}

/// The geometry of a time grid: where columns and rows are, and which minutes a row holds.
struct Grid {
    area: Rect,
    gutter: u16,
    col_w: u16,
    /// The first hour shown.
    lo: u32,
    /// Minutes per row.
    per_row: u32,
    visible_rows: u16,
    /// The first row of the axis.
    top: u16,
    tz: Tz,
}

impl Grid {
    fn new(area: Rect, gutter: u16, cols: u16, mut lo: u32, mut hi: u32, tz: Tz) -> Grid {
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
        Grid {
            area,
            gutter,
            col_w: (area.width - gutter) / cols,
            lo,
            per_row,
            visible_rows: (minutes / per_row).min(u32::from(rows)) as u16,
            top: area.y + 2,
            tz,
        }
    }

    fn col_x(&self, i: usize) -> u16 {
        self.area.x + self.gutter + self.col_w * i as u16
    }

    /// The row (from the top of the axis) that instant `t` falls on in `day`'s column.
    fn row_of(&self, t: DateTime<Utc>, day: NaiveDate) -> i64 {
        let local = t.with_timezone(&self.tz);
        let m = if local.date_naive() < day {
            0
        } else if local.date_naive() > day {
            24 * 60
        } else {
            i64::from(local.hour() * 60 + local.minute())
        };
        (m - i64::from(self.lo * 60)).div_euclid(i64::from(self.per_row))
    }
}
