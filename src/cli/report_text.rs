//! The report as text: groups with bar charts, day totals, estimates and gaps (every line fits
//! 80 columns), and the timesheet grid (a row per project, a column per day).

use std::collections::BTreeMap;
use std::io::{self, Write};

use chrono::{Datelike, Local, NaiveDate};

use super::track::hm;
use crate::text::{truncate, width};
use crate::time::billing::format_cents;
use crate::time::report::{Group, Report};

const KEY: usize = 22;
const BAR: usize = 28;

fn pad(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    let fill = w.saturating_sub(width(&t));
    format!("{t}{}", " ".repeat(fill))
}

fn bar(seconds: i64, max: i64) -> String {
    if max <= 0 || seconds <= 0 {
        return String::new();
    }
    let eighths = (seconds as i128 * (BAR as i128) * 8 / max as i128) as usize;
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push(['▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8 - 1]);
    }
    s
}

fn money(amounts: &BTreeMap<String, i64>) -> String {
    let parts: Vec<String> = amounts
        .iter()
        .filter(|(_, c)| **c != 0)
        .map(|(cur, c)| format!("{} {cur}", format_cents(*c)))
        .collect();
    parts.join(" + ")
}

/// `key  H:MM  bar  amount`, 80 columns at most.
fn row(out: &mut impl Write, key: &str, seconds: i64, max: i64, amount: &str) -> io::Result<()> {
    let line = format!(
        "{} {:>6} {} {}",
        pad(key, KEY),
        hm(seconds),
        pad(&bar(seconds, max), BAR),
        truncate(amount, 80 - KEY - BAR - 9)
    );
    writeln!(out, "{}", line.trim_end())
}

fn groups(out: &mut impl Write, gs: &[Group], depth: usize, max: i64) -> io::Result<()> {
    for g in gs {
        let key = format!("{}{}", "  ".repeat(depth), g.key);
        row(out, &key, g.seconds, max, &money(&g.amounts))?;
        groups(out, &g.groups, depth + 1, max)?;
    }
    Ok(())
}

pub(super) fn text(out: &mut impl Write, r: &Report) -> io::Result<()> {
    let span = if r.from == r.to {
        r.from.format("%a %Y-%m-%d").to_string()
    } else {
        format!("{} – {}", r.from, r.to)
    };
    writeln!(out, "Time {span}")?;
    if r.lines.is_empty() {
        writeln!(out, "\nNothing tracked in this range.")?;
        return Ok(());
    }
    let by = r
        .groups
        .first()
        .map_or("group".to_string(), |g| format!("{:?}", g.by));
    writeln!(out, "\n{} {:>6}", pad(&by, KEY), "Hours")?;
    groups(
        out,
        &r.groups,
        0,
        r.groups.iter().map(|g| g.seconds).max().unwrap_or(0),
    )?;
    writeln!(out, "{}", "─".repeat(KEY + 7))?;
    row(out, "Total", r.seconds, 0, &money(&r.amounts))?;
    if r.billable_seconds > 0 {
        row(out, "Billable", r.billable_seconds, 0, "")?;
        if r.billed_seconds != r.billable_seconds {
            row(out, "Billed (rounded)", r.billed_seconds, 0, "")?;
        }
    }
    days(out, r)?;
    estimates(out, r)?;
    gaps(out, r)
}

fn days(out: &mut impl Write, r: &Report) -> io::Result<()> {
    if r.days.len() < 2 || r.days.len() > 62 {
        return Ok(());
    }
    writeln!(out, "\nDays")?;
    let max = r.days.iter().map(|d| d.seconds).max().unwrap_or(0);
    for d in &r.days {
        row(
            out,
            &d.date.format("%a %Y-%m-%d").to_string(),
            d.seconds,
            max,
            "",
        )?;
    }
    Ok(())
}

fn estimates(out: &mut impl Write, r: &Report) -> io::Result<()> {
    if r.estimates.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nEstimate vs actual")?;
    for e in &r.estimates {
        let diff = e.actual_seconds - e.estimate_seconds;
        let sign = if diff < 0 { "-" } else { "+" };
        let line = format!(
            "{} {:>6} of {:>6} ({sign}{})",
            pad(&e.task, KEY + 20),
            hm(e.actual_seconds),
            hm(e.estimate_seconds),
            hm(diff.abs())
        );
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn gaps(out: &mut impl Write, r: &Report) -> io::Result<()> {
    if r.gaps.is_empty() {
        return Ok(());
    }
    let total: i64 = r.gaps.iter().map(|g| g.seconds).sum();
    writeln!(
        out,
        "\nGaps in working hours: {} ({})",
        r.gaps.len(),
        hm(total)
    )?;
    for g in r.gaps.iter().take(10) {
        let (a, b) = (g.start.with_timezone(&Local), g.end.with_timezone(&Local));
        writeln!(
            out,
            "  {} {}–{} {:>6}",
            g.date.format("%a %Y-%m-%d"),
            a.format("%H:%M"),
            b.format("%H:%M"),
            hm(g.seconds)
        )?;
    }
    if r.gaps.len() > 10 {
        writeln!(out, "  … and {} more", r.gaps.len() - 10)?;
    }
    Ok(())
}

/// A row per project, a column per day (at most 7), totals at the right and the bottom.
pub(super) fn timesheet(out: &mut impl Write, r: &Report) -> io::Result<()> {
    let days: Vec<NaiveDate> = r.days.iter().map(|d| d.date).take(7).collect();
    let mut grid: BTreeMap<String, BTreeMap<NaiveDate, i64>> = BTreeMap::new();
    for l in r.lines.iter().filter(|l| days.contains(&l.date)) {
        let key = l.project.clone().unwrap_or_else(|| "(no project)".into());
        *grid.entry(key).or_default().entry(l.date).or_insert(0) += l.seconds;
    }
    let head: String = days
        .iter()
        .map(|d| {
            format!(
                " {:>6}",
                format!("{} {}", &d.weekday().to_string()[..2], d.day())
            )
        })
        .collect();
    writeln!(out, "{}{head} {:>7}", pad("Project", 16), "Total")?;
    let cell = |s: i64| {
        if s == 0 {
            format!(" {:>6}", "·")
        } else {
            format!(" {:>6}", hm(s))
        }
    };
    for (project, row) in &grid {
        let cells: String = days
            .iter()
            .map(|d| cell(row.get(d).copied().unwrap_or(0)))
            .collect();
        writeln!(
            out,
            "{}{cells} {:>7}",
            pad(project, 16),
            hm(row.values().sum())
        )?;
    }
    let totals: String = days
        .iter()
        .map(|d| {
            cell(
                r.days
                    .iter()
                    .find(|x| x.date == *d)
                    .map_or(0, |x| x.seconds),
            )
        })
        .collect();
    let all: i64 = r.days.iter().take(7).map(|d| d.seconds).sum();
    writeln!(out, "{}{totals} {:>7}", pad("Total", 16), hm(all))
}
