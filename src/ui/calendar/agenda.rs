//! The agenda view (a list of days and their items) and the footer's one-line description of
//! the selected item.

use super::*;

impl CalendarView<'_> {
    pub(super) fn agenda(&self, area: Rect, buf: &mut Buffer) {
        let lines = self.agenda_lines();
        let h = usize::from(area.height);
        let sel = lines.iter().position(|l| l.2).unwrap_or(0);
        let skip = sel.saturating_sub(h.saturating_sub(2));
        for (row, (text, style, selected)) in lines.iter().skip(skip).take(h).enumerate() {
            let y = area.y + row as u16;
            let style = if *selected {
                let line = Rect {
                    y,
                    height: 1,
                    ..area
                };
                fill(buf, line, self.theme.selection);
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

    /// The agenda's lines from the cursor's day on: (text, style, is the selected item).
    fn agenda_lines(&self) -> Vec<(String, Style, bool)> {
        let tz = self.tz();
        let cal = &self.state.calendar;
        let today = self.state.today();
        let cursor = self.cursor();
        let mut lines: Vec<(String, Style, bool)> = Vec::new();
        for n in 0..AGENDA_DAYS {
            let day = cursor + Days::new(n);
            let (from, to) = day_bounds(day, &tz);
            let items = on_day(&cal.items, from, to);
            if items.is_empty() && day != cursor {
                continue;
            }
            let mut head = day.format("%a %-d %b").to_string();
            let style = if day == today {
                head.push_str(" · today");
                self.theme.accent
            } else {
                self.theme.header
            };
            lines.push((head, style, false));
            if items.is_empty() {
                lines.push(("  nothing".into(), self.theme.muted, false));
            }
            for i in items {
                let it = &cal.items[i];
                let text = agenda_line(it, from, to, &tz);
                let selected = day == cursor && self.is_selected(it);
                lines.push((text, self.event_style(it), selected));
            }
        }
        lines
    }
}

/// One item of a day in the agenda: its time (cut to the day), title, place, calendar, and a
/// mark when it overlaps another.
fn agenda_line(it: &AgendaItem, from: DateTime<Utc>, to: DateTime<Utc>, tz: &Tz) -> String {
    let o = &it.occurrence;
    let when = match it.kind {
        ItemKind::Due => format!("due {:<7}", o.start.with_timezone(tz).format("%H:%M")),
        ItemKind::Scheduled => format!("sched {:<5}", o.start.with_timezone(tz).format("%H:%M")),
        ItemKind::Event if o.all_day => "all day    ".to_string(),
        ItemKind::Event => format!(
            "{}–{}",
            o.start.max(from).with_timezone(tz).format("%H:%M"),
            o.end.min(to).with_timezone(tz).format("%H:%M")
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
    format!("  {when}  {}{place}{source}{flag}", o.summary)
}

/// One line about an item for the footer.
pub(super) fn describe(item: &AgendaItem, tz: &Tz) -> String {
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
