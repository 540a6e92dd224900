//! Captured suggestions in the day view: their own lane under the tracked bars (hatched, a
//! `?` where each starts, `⚠` when it needs verification), their list with confidence, and
//! the selected one's reasons and evidence, so a person decides with what the guess rests on.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::{TimeView, put};
use crate::app::time::hm;
use crate::capture::{Status, Stored};

/// Rows the selected suggestion's detail takes while reviewing.
pub(super) const DETAIL_ROWS: u16 = 3;

/// The lane's cell for a suggestion at column `c` (`first`: the suggestion starts there).
pub(super) fn cell(s: &Stored, first: bool) -> char {
    match (s.status, first) {
        (Status::Pending, true) if s.needs_verification => '⚠',
        (Status::Pending, true) => '?',
        (Status::Pending, false) => '░',
        (Status::Approved, true) => '✓',
        (Status::Rejected, true) => '×',
        (_, false) => ' ',
    }
}

/// The style of a suggestion's lane cells and list row: dim, like a guess, except for the
/// selection while reviewing.
pub(super) fn style(v: &TimeView<'_>, s: &Stored) -> Style {
    let selected = v
        .state
        .time
        .selected_suggestion(v.state.today())
        .is_some_and(|sel| sel.uuid == s.uuid);
    if selected {
        v.theme.selection
    } else {
        v.theme.muted
    }
}

fn mark(s: &Stored) -> char {
    cell(s, true)
}

/// `? a1b2c3d4  09:00–10:30   1:30   82%  web (acme, work) — no rule matched`.
fn row(s: &Stored, tz: &Tz) -> String {
    let local = |t: DateTime<Utc>| t.with_timezone(tz).format("%H:%M").to_string();
    let mut extra: Vec<&str> = Vec::new();
    extra.extend(s.classification.client.as_deref());
    if s.classification.project.is_some() {
        extra.extend(s.classification.activity_type.as_deref());
    }
    let mut text = format!(
        "{} {}  {}–{}  {:>5}  {:>3}%  {}",
        mark(s),
        s.short_id(),
        local(s.start),
        local(s.end),
        hm((s.end - s.start).num_seconds()),
        (s.confidence * 100.0).round() as i64,
        s.label()
    );
    if !extra.is_empty() {
        text.push_str(&format!(" ({})", extra.join(", ")));
    }
    match s.status {
        Status::Pending if s.needs_verification => {
            text.push_str(&format!(" — {}", s.reason_text()));
        }
        Status::Pending => {}
        Status::Approved => match s.entry_id {
            Some(id) => text.push_str(&format!(" — approved, entry {id}")),
            None => text.push_str(" — approved"),
        },
        Status::Rejected => text.push_str(" — rejected"),
    }
    text
}

/// The list of the day's suggestions under a header, scrolled to the selection.
pub(super) fn list(v: &TimeView<'_>, list: &[Stored], area: Rect, buf: &mut Buffer) {
    let (s, theme) = (v.state, v.theme);
    if area.height == 0 {
        return;
    }
    let width = area.width.saturating_sub(2);
    let pending = list.iter().filter(|x| x.status == Status::Pending).count();
    let hint = if s.time.review {
        "reviewing · R entries"
    } else {
        "R review"
    };
    let header = format!("   suggested   start–end    time  conf  ({pending} pending · {hint})");
    put(buf, area.x + 1, area.y, &header, width, theme.header);
    let rows = usize::from(area.height.saturating_sub(1));
    let selected = if s.time.review {
        s.time.suggestion.min(list.len().saturating_sub(1))
    } else {
        0
    };
    let first = (selected + 1).saturating_sub(rows);
    for (i, item) in list.iter().enumerate().skip(first).take(rows) {
        let y = area.y + 1 + (i - first) as u16;
        let style = style(v, item);
        put(
            buf,
            area.x + 1,
            y,
            &" ".repeat(usize::from(width)),
            width,
            style,
        );
        put(buf, area.x + 1, y, &row(item, &s.tz), width, style);
    }
}

/// The selected suggestion's confidence, reasons and evidence (apps, titles, commands,
/// repositories), one line each while there is room.
pub(super) fn detail(v: &TimeView<'_>, area: Rect, buf: &mut Buffer) {
    let (s, theme) = (v.state, v.theme);
    let Some(item) = s.time.selected_suggestion(s.today()) else {
        return;
    };
    let width = area.width.saturating_sub(2);
    for (i, line) in detail_lines(item)
        .iter()
        .take(usize::from(area.height))
        .enumerate()
    {
        let style = if i == 0 { theme.header } else { theme.muted };
        put(buf, area.x + 1, area.y + i as u16, line, width, style);
    }
}

fn detail_lines(s: &Stored) -> Vec<String> {
    let mut first = format!(
        "{} · {} · {:.0}% confident",
        s.short_id(),
        s.status,
        s.confidence * 100.0
    );
    if s.needs_verification {
        first.push_str(" · ⚠ needs verification");
    }
    if !s.reasons.is_empty() {
        first.push_str(&format!(": {}", s.reason_text()));
    }
    let apps: Vec<String> = s
        .evidence
        .apps
        .iter()
        .take(4)
        .map(|a| format!("{} {:.0}%", a.app, a.share * 100.0))
        .collect();
    let second = format!("{} signals: {}", s.evidence.signals, apps.join(" · "));
    let mut third: Vec<String> = Vec::new();
    for (what, items) in [
        ("titles", &s.evidence.titles),
        ("commands", &s.evidence.commands),
        ("repositories", &s.evidence.repositories),
    ] {
        if !items.is_empty() {
            let shown: Vec<&str> = items.iter().take(3).map(String::as_str).collect();
            third.push(format!("{what}: {}", shown.join(" | ")));
        }
    }
    let mut lines = vec![first, second];
    if !third.is_empty() {
        lines.push(third.join(" · "));
    }
    lines
}
