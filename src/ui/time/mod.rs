//! The Time pane: a header with the period and its totals, then the day's timeline and entry
//! list, the week's or month's stacked bars by project, or the period's report. Projects are
//! told apart by a glyph (and, with colour, a colour) so the views read without colour too.
//! Also: the running tracker of every pane's status bar, and the Time prompts' labels.

mod bars;
mod report;
mod suggestions;
mod timeline;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::Widget;

use super::theme::Theme;
use crate::app::time::{Period, hm};
use crate::app::{PromptKind, State};
use crate::text::truncate;
use crate::time::Entry;
use crate::time::report::range_bounds;

pub(super) struct TimeView<'a> {
    pub(super) state: &'a State,
    pub(super) theme: &'a Theme,
}

/// What an entry without a project is listed as.
pub(super) const NO_PROJECT: &str = "(no project)";

const GLYPHS: [char; 6] = ['█', '▓', '▒', '░', '▞', '▚'];
const COLOURS: [Color; 6] = [
    Color::Cyan,
    Color::Green,
    Color::Yellow,
    Color::Magenta,
    Color::Blue,
    Color::Red,
];

fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, width: u16, style: Style) {
    if width == 0 {
        return;
    }
    let t = truncate(text, usize::from(width));
    buf.set_stringn(x, y, &t, usize::from(width), style);
}

pub(super) fn project_of(e: &Entry) -> &str {
    e.attrs.project.as_deref().unwrap_or(NO_PROJECT)
}

/// The projects of the period, in the order they first appear, each with its glyph and style.
pub(super) struct Palette {
    names: Vec<String>,
    colour: bool,
}

impl Palette {
    fn new(entries: &[Entry], theme: &Theme) -> Palette {
        let mut names: Vec<String> = Vec::new();
        for e in entries {
            let p = project_of(e);
            if !names.iter().any(|n| n == p) {
                names.push(p.to_string());
            }
        }
        // A theme without colours (NO_COLOR) has no foreground on its accent.
        Palette {
            names,
            colour: theme.accent.fg.is_some(),
        }
    }

    fn index(&self, project: &str) -> usize {
        self.names.iter().position(|n| n == project).unwrap_or(0)
    }

    pub(super) fn glyph(&self, project: &str) -> char {
        GLYPHS[self.index(project) % GLYPHS.len()]
    }

    pub(super) fn style(&self, project: &str) -> Style {
        if self.colour {
            Style::default().fg(COLOURS[self.index(project) % COLOURS.len()])
        } else {
            Style::default()
        }
    }
}

/// Seconds by project of the entries inside `[from, to)`, the running one up to `now`.
pub(super) fn seconds_by_project(
    entries: &[Entry],
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for e in entries {
        let s = crate::time::clipped_seconds(e.start, e.end, now, from, to);
        if s > 0 {
            *out.entry(project_of(e).to_string()).or_insert(0) += s;
        }
    }
    out
}

pub(super) fn day_bounds(tz: &Tz, day: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    range_bounds(tz, day, day)
}

/// `█ web 2:30  ▓ acme 1:15 …`, as much as fits in `width`.
fn legend(
    buf: &mut Buffer,
    (x, y, width): (u16, u16, u16),
    totals: &[(String, i64)],
    palette: &Palette,
) {
    let mut at = x;
    for (project, seconds) in totals {
        let glyph = palette.glyph(project).to_string();
        let text = format!(" {project} {}   ", hm(*seconds));
        let need = 1 + text.chars().count() as u16;
        if at + need > x + width {
            break;
        }
        put(buf, at, y, &glyph, 1, palette.style(project));
        put(buf, at + 1, y, &text, need - 1, Style::default());
        at += need;
    }
}

impl TimeView<'_> {
    fn header(&self, area: Rect, buf: &mut Buffer) {
        let (s, t) = (self.state, &self.state.time);
        let today = s.today();
        let (from, to) = t.range(today);
        let name = match t.period {
            Period::Day => from.format("%A %-d %B %Y").to_string(),
            Period::Week => format!("Week of {}", from.format("%a %-d %b %Y")),
            Period::Month => from.format("%B %Y").to_string(),
        };
        let mut parts = vec![name];
        if let Some(d) = t.shown(today) {
            let tracked: i64 = seconds_by_project(&d.entries, range_bounds(&s.tz, from, to), s.now)
                .values()
                .sum();
            parts.push(format!("{} tracked", hm(tracked)));
            parts.push(format!("{} billable", hm(d.report.billed_seconds)));
        } else {
            parts.push("loading…".into());
        }
        let view = if t.report_view {
            "report"
        } else {
            t.period.name()
        };
        let left = parts.join(" · ");
        put(
            buf,
            area.x + 1,
            area.y,
            &left,
            area.width.saturating_sub(2),
            self.theme.header,
        );
        let right = format!("{} · v period · r report", view.to_lowercase());
        let used = left.chars().count() as u16 + 4;
        if used + right.chars().count() as u16 <= area.width {
            let x = area
                .right()
                .saturating_sub(right.chars().count() as u16 + 1);
            put(buf, x, area.y, &right, area.width, self.theme.muted);
        }
    }
}

impl Widget for &TimeView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height < 3 {
            return;
        }
        self.header(area, buf);
        let body = Rect {
            y: area.y + 2,
            height: area.height - 2,
            ..area
        };
        let t = &self.state.time;
        let Some(data) = t.shown(self.state.today()) else {
            return;
        };
        let palette = Palette::new(&data.entries, self.theme);
        match (t.report_view, t.period) {
            (true, _) => report::render(self, &data.report, body, buf),
            (false, Period::Day) => timeline::render(self, data, &palette, body, buf),
            (false, _) => bars::render(self, data, &palette, body, buf),
        }
    }
}

/// The running tracker for the status bar: `⏱ 0:42 web` (the note when there is no project).
pub(super) fn status_tracker(state: &State) -> Option<String> {
    let e = state.time.running.as_ref()?;
    let mut text = format!("⏱ {}", hm(e.seconds(state.now)));
    let what = e.attrs.project.as_deref().unwrap_or(&e.attrs.note);
    if !what.is_empty() {
        let room = usize::from(crate::app::layout::STATUS_TRACKER_ROOM)
            .saturating_sub(text.chars().count() + 2);
        text.push(' ');
        text.push_str(&truncate(what, room));
    }
    Some(text)
}

/// A suggestion's id as people type it (its first eight characters).
fn short(id: uuid::Uuid) -> String {
    id.simple().to_string()[..8].to_string()
}

/// The label and hint of a Time prompt.
pub(super) fn prompt_label(kind: PromptKind) -> (String, &'static str) {
    match kind {
        PromptKind::TimeStart => (
            "start".into(),
            "e.g. 12 · project:web +call type:meeting Reviewing · billable:no · Enter: start",
        ),
        PromptKind::TimeAdd => (
            "backfill".into(),
            "e.g. 9:00-10:30 project:web · yesterday 14:00 for 45m +call Standup",
        ),
        PromptKind::TimeEdit { id, .. } => (
            format!("change entry {id}"),
            "e.g. start:9:15 end:10:00 project:web +call -draft note:Planning",
        ),
        PromptKind::TimeSplit { id, .. } => (
            format!("split entry {id} at"),
            "a time inside the entry, e.g. 12:30",
        ),
        PromptKind::ReviewCorrect { id } => (
            format!("correct suggestion {}", short(id)),
            "e.g. project:web client:acme type:work note:Planning · Enter: approve",
        ),
        PromptKind::ReviewSplit { id, .. } => (
            format!("split suggestion {} at", short(id)),
            "a time inside the suggestion, e.g. 12:30",
        ),
        _ => (String::new(), ""),
    }
}
