//! The day view: the day as a timeline (hours across, entries as bars in their project's
//! glyph, gaps dotted, the running entry up to now, captured suggestions in a lane of their
//! own), a legend with each project's total, and the list of the day's entries with the
//! selection, then its suggestions (`suggestions`).

use chrono::{DateTime, Duration, NaiveTime, Timelike, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::suggestions::{self, DETAIL_ROWS};
use super::{Palette, TimeView, day_bounds, legend, project_of, put, seconds_by_project};
use crate::app::time::hm;
use crate::model::dates::local_instant;
use crate::msg::TimeData;
use crate::time::Entry;

/// The hours the timeline always spans (more when entries fall outside them).
const DAY_HOURS: (u32, u32) = (8, 18);

pub(super) fn render(
    v: &TimeView<'_>,
    data: &TimeData,
    palette: &Palette,
    area: Rect,
    buf: &mut Buffer,
) {
    let (s, theme) = (v.state, v.theme);
    let day = data.from;
    let axis = Axis::new(v, data, area);
    axis.scale(buf, area.y, theme.muted);
    let bar_rows = if area.height >= 14 { 2 } else { 1 };
    for row in 0..bar_rows {
        axis.bar(v, data, palette, area.y + 1 + row, buf);
    }
    let mut y = area.y + 1 + bar_rows;
    if !data.suggestions.is_empty() {
        axis.lane(v, data, y, buf);
        y += 1;
    }
    if let Some(x) = axis.column_of(s.now).filter(|_| s.today() == day) {
        put(
            buf,
            axis.x + x,
            y,
            "▲ now",
            area.right().saturating_sub(axis.x + x),
            theme.muted,
        );
    }
    y += 1;
    legend(
        buf,
        (area.x + 1, y, area.width.saturating_sub(2)),
        &day_totals(v, data),
        palette,
    );
    y += 2;
    if y < area.bottom() {
        lists(
            v,
            data,
            palette,
            Rect::new(area.x, y, area.width, area.bottom() - y),
            buf,
        );
    }
}

/// The day's seconds by project, most first.
fn day_totals(v: &TimeView<'_>, data: &TimeData) -> Vec<(String, i64)> {
    let s = v.state;
    let bounds = day_bounds(&s.tz, data.from);
    let mut totals: Vec<(String, i64)> = seconds_by_project(&data.entries, bounds, s.now)
        .into_iter()
        .collect();
    totals.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    totals
}

/// The entries, then (when the day has any) the suggestions and, while reviewing, the
/// selected one's detail at the bottom. Each list gets what it needs while both fit, else
/// the suggestions at least half of what is left.
fn lists(v: &TimeView<'_>, data: &TimeData, palette: &Palette, area: Rect, buf: &mut Buffer) {
    if data.suggestions.is_empty() {
        list(v, data, palette, area, buf);
        return;
    }
    let detail = if v.state.time.review {
        DETAIL_ROWS.min(area.height / 4)
    } else {
        0
    };
    let rest = area.height - detail;
    let want_entries = data.entries.len().max(1) as u16 + 1;
    let want_suggested = data.suggestions.len() as u16 + 1;
    let suggested = want_suggested.min((rest / 2).max(rest.saturating_sub(want_entries + 1)));
    let entries = rest.saturating_sub(suggested + 1).min(want_entries);
    list(
        v,
        data,
        palette,
        Rect::new(area.x, area.y, area.width, entries),
        buf,
    );
    let below = Rect::new(
        area.x,
        area.y + entries + 1,
        area.width,
        rest.saturating_sub(entries + 1),
    );
    suggestions::list(v, &data.suggestions, below, buf);
    let at = Rect::new(area.x, area.bottom() - detail, area.width, detail);
    suggestions::detail(v, at, buf);
}

/// Where each instant of the day falls on screen.
struct Axis {
    x: u16,
    first_hour: u32,
    hours: u32,
    cols_per_hour: u16,
    start: DateTime<Utc>,
}

impl Axis {
    fn new(v: &TimeView<'_>, data: &TimeData, area: Rect) -> Axis {
        let (s, day) = (v.state, data.from);
        let (day_start, day_end) = day_bounds(&s.tz, day);
        let local_hour = |t: DateTime<Utc>, up: bool| -> u32 {
            if t <= day_start {
                return 0;
            }
            if t >= day_end {
                return 24;
            }
            let l = t.with_timezone(&s.tz);
            l.hour() + u32::from(up && (l.minute() > 0 || l.second() > 0))
        };
        let mut first = DAY_HOURS.0;
        let mut last = DAY_HOURS.1;
        for e in &data.entries {
            first = first.min(local_hour(e.start, false));
            last = last.max(local_hour(e.end.unwrap_or(s.now.max(e.start)), true));
        }
        for g in &data.suggestions {
            first = first.min(local_hour(g.start, false));
            last = last.max(local_hour(g.end, true));
        }
        let hours = last.saturating_sub(first).max(1);
        let room = area.width.saturating_sub(2);
        let cols_per_hour = (u32::from(room) / hours).max(1) as u16;
        let start = local_instant(
            &s.tz,
            day.and_time(NaiveTime::from_hms_opt(first, 0, 0).unwrap_or(NaiveTime::MIN)),
        );
        Axis {
            x: area.x + 1,
            first_hour: first,
            hours,
            cols_per_hour,
            start,
        }
    }

    fn width(&self) -> u16 {
        self.cols_per_hour * self.hours as u16
    }

    fn slot(&self) -> Duration {
        Duration::seconds(3600 / i64::from(self.cols_per_hour))
    }

    /// The middle instant of column `c`.
    fn at(&self, c: u16) -> DateTime<Utc> {
        self.start + self.slot() * i32::from(c) + self.slot() / 2
    }

    fn column_of(&self, t: DateTime<Utc>) -> Option<u16> {
        let secs = (t - self.start).num_seconds();
        let c = secs / self.slot().num_seconds().max(1);
        (0..i64::from(self.width()))
            .contains(&c)
            .then_some(c as u16)
    }

    /// Hour labels, as many as have room.
    fn scale(&self, buf: &mut Buffer, y: u16, style: Style) {
        let every = if self.cols_per_hour >= 3 { 1 } else { 3 };
        for h in (0..self.hours).step_by(every) {
            let x = self.x + h as u16 * self.cols_per_hour;
            let label = format!("{}", (self.first_hour + h) % 24);
            put(buf, x, y, &label, 3, style);
        }
    }

    /// The suggestions' lane: each suggestion's cells from its start column on.
    fn lane(&self, v: &TimeView<'_>, data: &TimeData, y: u16, buf: &mut Buffer) {
        let mut last = None;
        for c in 0..self.width() {
            let mid = self.at(c);
            let hit = data
                .suggestions
                .iter()
                .find(|g| g.start <= mid && mid < g.end);
            let Some(g) = hit else {
                last = None;
                continue;
            };
            let first = last != Some(g.uuid);
            last = Some(g.uuid);
            let text = suggestions::cell(g, first).to_string();
            put(buf, self.x + c, y, &text, 1, suggestions::style(v, g));
        }
    }

    fn bar(&self, v: &TimeView<'_>, data: &TimeData, palette: &Palette, y: u16, buf: &mut Buffer) {
        let (now, theme) = (v.state.now, v.theme);
        let selected = v.state.time.selected_entry(v.state.today()).map(|e| e.id);
        for c in 0..self.width() {
            let mid = self.at(c);
            let hit = data
                .entries
                .iter()
                .find(|e| e.start <= mid && mid < e.end.unwrap_or(now));
            let (text, style) = match hit {
                Some(e) if Some(e.id) == selected => (
                    palette.glyph(project_of(e)).to_string(),
                    palette.style(project_of(e)).patch(theme.selection),
                ),
                Some(e) => (
                    palette.glyph(project_of(e)).to_string(),
                    palette.style(project_of(e)),
                ),
                None if mid < now => ("·".to_string(), theme.muted),
                None => (" ".to_string(), Style::default()),
            };
            put(buf, self.x + c, y, &text, 1, style);
        }
    }
}

fn list(v: &TimeView<'_>, data: &TimeData, palette: &Palette, area: Rect, buf: &mut Buffer) {
    let (s, theme) = (v.state, v.theme);
    if area.height == 0 {
        return;
    }
    let width = area.width.saturating_sub(2);
    put(
        buf,
        area.x + 1,
        area.y,
        "   id  start–end    time   $  project · note",
        width,
        theme.header,
    );
    if data.entries.is_empty() {
        put(
            buf,
            area.x + 1,
            area.y + 1,
            "Nothing tracked this day · s start · a backfill",
            width,
            theme.muted,
        );
        return;
    }
    let rows = usize::from(area.height.saturating_sub(1));
    let selected = s.time.selected.min(data.entries.len() - 1);
    let first = (selected + 1).saturating_sub(rows);
    for (i, e) in data.entries.iter().enumerate().skip(first).take(rows) {
        let y = area.y + 1 + (i - first) as u16;
        let style = if i == selected && !s.time.review {
            theme.selection
        } else {
            Style::default()
        };
        let text = row(e, s.now, &s.tz);
        let at = Rect::new(area.x + 1, y, width, 1);
        draw_row(at, &text, palette, project_of(e), style, buf);
    }
}

/// A list row on a background of its style, the project's glyph first.
fn draw_row(
    at: Rect,
    text: &str,
    palette: &Palette,
    project: &str,
    style: Style,
    buf: &mut Buffer,
) {
    put(
        buf,
        at.x,
        at.y,
        &" ".repeat(usize::from(at.width)),
        at.width,
        style,
    );
    put(buf, at.x, at.y, text, at.width, style);
    let glyph = palette.glyph(project).to_string();
    put(
        buf,
        at.x,
        at.y,
        &glyph,
        1,
        palette.style(project).patch(style),
    );
}

/// ` ▶  4  09:00–10:30   1:30   $  web · client:acme +call type:meeting — note`.
fn row(e: &Entry, now: DateTime<Utc>, tz: &chrono_tz::Tz) -> String {
    let start = e.start.with_timezone(tz).format("%H:%M");
    let end = match e.end {
        Some(end) => end.with_timezone(tz).format("%H:%M").to_string(),
        None => "now  ".into(),
    };
    let a = &e.attrs;
    let mut what: Vec<String> = vec![project_of(e).to_string()];
    what.extend(a.client.iter().map(|c| format!("client:{c}")));
    what.extend(a.tags.iter().map(|t| format!("+{t}")));
    what.extend(a.activity.iter().map(|t| format!("type:{t}")));
    let mut text = format!(
        "  {:>3}  {start}–{end}  {:>5}  {}  {}",
        e.id,
        hm(e.seconds(now)),
        if a.billable { "$" } else { " " },
        what.join(" ")
    );
    if !a.note.is_empty() {
        text.push_str(&format!(" — {}", a.note));
    }
    text
}
