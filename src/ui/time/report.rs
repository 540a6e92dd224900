//! The report view: the period by project with hours, billable hours after rounding and
//! amounts, and a total line; it fits 80 columns.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::{NO_PROJECT, TimeView, put};
use crate::app::time::hm;
use crate::time::billing::format_cents;
use crate::time::report::Report;
use std::collections::BTreeMap;

pub(super) fn render(v: &TimeView<'_>, report: &Report, area: Rect, buf: &mut Buffer) {
    let theme = v.theme;
    let width = area.width.saturating_sub(2);
    let x = area.x + 1;
    put(
        buf,
        x,
        area.y,
        &line("project", "hours", "billable", "amount"),
        width,
        theme.header,
    );
    if report.groups.is_empty() {
        put(
            buf,
            x,
            area.y + 1,
            "Nothing tracked in this period",
            width,
            theme.muted,
        );
        return;
    }
    let rows = usize::from(area.height.saturating_sub(3));
    groups(report, (x, area.y + 1, width), rows, buf);
    let y = area.y + 1 + report.groups.len().min(rows) as u16;
    let total = line(
        "Total",
        &hm(report.seconds),
        &hm(report.billed_seconds),
        &amounts(&report.amounts),
    );
    put(buf, x, y + 1, &total, width, theme.accent);
}

/// A line per project, at most `rows`.
fn groups(report: &Report, (x, y, width): (u16, u16, u16), rows: usize, buf: &mut Buffer) {
    for (i, g) in report.groups.iter().take(rows).enumerate() {
        let key = if g.key.is_empty() {
            NO_PROJECT
        } else {
            g.key.as_str()
        };
        let text = line(
            key,
            &hm(g.seconds),
            &hm(g.billed_seconds),
            &amounts(&g.amounts),
        );
        put(buf, x, y + i as u16, &text, width, Style::default());
    }
}

/// Columns: project (30), hours, billable, amount: 78 columns in all.
fn line(project: &str, hours: &str, billable: &str, amount: &str) -> String {
    let project = crate::text::truncate(project, 30);
    let pad = 30usize.saturating_sub(unicode_width::UnicodeWidthStr::width(project.as_str()));
    format!(
        "{project}{}  {hours:>8}  {billable:>8}  {amount:>26}",
        " ".repeat(pad)
    )
}

fn amounts(by_currency: &BTreeMap<String, i64>) -> String {
    by_currency
        .iter()
        .filter(|(_, cents)| **cents != 0)
        .map(|(c, cents)| format!("{c} {}", format_cents(*cents)).trim().to_string())
        .collect::<Vec<_>>()
        .join(" + ")
}
