//! The week and day views: the all-day row and timed events in lanes over a time axis.

use super::*;

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
}
