//! The week and month views: one stacked bar per day (per week when a month's days do not
//! fit), each project in its glyph, the day's total at its end; a legend with each project's
//! total, and the period's totals with billable hours and amounts.

use chrono::{Datelike, Days, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::{Palette, TimeView, legend, put, seconds_by_project};
use crate::app::time::hm;
use crate::msg::TimeData;
use crate::time::report::range_bounds;

/// Rows the totals under the bars take (a blank line, the legend, a blank line, the totals).
const FOOTER: u16 = 4;

/// Columns of a bar's label (`Mon 16`, `wk 47`).
const LABEL_WIDTH: u16 = 8;

/// A bar's scale never shows less than a working day.
const MIN_SCALE_SECONDS: i64 = 8 * 3600;

pub(super) fn render(
    v: &TimeView<'_>,
    data: &TimeData,
    palette: &Palette,
    area: Rect,
    buf: &mut Buffer,
) {
    let s = v.state;
    let rows = bar_rows(data.from, data.to, area.height.saturating_sub(FOOTER));
    let sums: Vec<(String, Vec<(String, i64)>)> = rows
        .iter()
        .map(|(label, from, to)| {
            let by = seconds_by_project(&data.entries, range_bounds(&s.tz, *from, *to), s.now);
            (label.clone(), by.into_iter().collect())
        })
        .collect();
    let biggest = sums
        .iter()
        .map(|(_, by)| by.iter().map(|(_, secs)| secs).sum::<i64>())
        .max()
        .unwrap_or(0)
        .max(MIN_SCALE_SECONDS);
    let bar_width = area.width.saturating_sub(LABEL_WIDTH + 9);
    for (i, (label, by)) in sums.iter().enumerate() {
        let y = area.y + i as u16;
        if y >= area.bottom() {
            break;
        }
        let today = rows[i].1 <= s.today() && s.today() <= rows[i].2;
        let style = if today {
            v.theme.accent
        } else {
            Style::default()
        };
        put(buf, area.x + 1, y, label, LABEL_WIDTH, style);
        let scale = (bar_width, biggest);
        stack(v, palette, (area.x + 1 + LABEL_WIDTH, y), by, scale, buf);
    }
    let y = area.y + (sums.len() as u16).min(area.height.saturating_sub(FOOTER)) + 1;
    footer(
        v,
        data,
        palette,
        Rect::new(area.x, y, area.width, area.bottom().saturating_sub(y)),
        buf,
    );
}

/// One stacked bar from `(x, y)`, `bar_width` columns standing for `biggest` seconds, and its
/// total after it.
fn stack(
    v: &TimeView<'_>,
    palette: &Palette,
    (mut x, y): (u16, u16),
    by: &[(String, i64)],
    (bar_width, biggest): (u16, i64),
    buf: &mut Buffer,
) {
    let mut total = 0;
    for (project, secs) in by {
        total += secs;
        let cols = (i64::from(bar_width) * secs / biggest) as u16;
        let text: String = std::iter::repeat_n(palette.glyph(project), usize::from(cols)).collect();
        put(buf, x, y, &text, cols, palette.style(project));
        x += cols;
    }
    if total > 0 {
        put(buf, x + 1, y, &hm(total), 6, v.theme.muted);
    }
}

/// `(label, first day, last day)` per bar: the days, or the weeks when the days do not fit.
fn bar_rows(from: NaiveDate, to: NaiveDate, room: u16) -> Vec<(String, NaiveDate, NaiveDate)> {
    let days: Vec<NaiveDate> = from.iter_days().take_while(|d| *d <= to).collect();
    if days.len() <= usize::from(room) {
        return days
            .into_iter()
            .map(|d| (d.format("%a %-d").to_string(), d, d))
            .collect();
    }
    let mut out = Vec::new();
    let mut start = from;
    while start <= to {
        let sunday = start + Days::new(u64::from(6 - start.weekday().num_days_from_monday()));
        let end = sunday.min(to);
        out.push((format!("wk {}", start.iso_week().week()), start, end));
        start = end + Days::new(1);
    }
    out
}

fn footer(v: &TimeView<'_>, data: &TimeData, palette: &Palette, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let s = v.state;
    let mut totals: Vec<(String, i64)> = seconds_by_project(
        &data.entries,
        range_bounds(&s.tz, data.from, data.to),
        s.now,
    )
    .into_iter()
    .collect();
    totals.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let width = area.width.saturating_sub(2);
    legend(buf, (area.x + 1, area.y, width), &totals, palette);
    let sum: i64 = totals.iter().map(|(_, secs)| secs).sum();
    let r = &data.report;
    let mut text = format!("Total {} · billable {}", hm(sum), hm(r.billed_seconds));
    for (currency, cents) in &r.amounts {
        text.push_str(&format!(
            " · {currency} {}",
            crate::time::billing::format_cents(*cents)
        ));
    }
    if area.height >= 3 {
        put(buf, area.x + 1, area.y + 2, &text, width, v.theme.accent);
    }
}
