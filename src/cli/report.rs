//! `tempo report`: totals over a range as text (bar charts, 80 columns), JSON, CSV for
//! invoicing tools, or a week's timesheet grid.

use std::io::Write;
use std::process::ExitCode;

use chrono::{Local, NaiveDate};

use super::args::ReportArgs;
use super::context::Context;
use super::output::print_json;
use super::time_log::{days, filter};
use crate::ops::time::report::{ReportRequest, run as compute};
use crate::time::billing::format_cents;
use crate::time::report::{GroupBy, Report, WorkWeek, week_start};

type Out = anyhow::Result<ExitCode>;

pub(super) fn run(ctx: &Context, args: &ReportArgs) -> Out {
    let (range, rest) = days(ctx, &args.words, &args.range)?;
    let today = ctx.now.date_naive();
    let (from, to) = match range {
        Some(r) => r,
        None if args.timesheet => (week_start(today), week_start(today) + chrono::Days::new(6)),
        None => (today, today),
    };
    let from = if from == NaiveDate::MIN {
        first_day(ctx)?.unwrap_or(today)
    } else {
        from
    };
    let mut by = Vec::new();
    for word in &args.by {
        by.push(GroupBy::parse(word.trim())?);
    }
    if by.is_empty() {
        by.push(GroupBy::Project);
    }
    let req = ReportRequest {
        from,
        to,
        by,
        filter: filter(ctx, &rest)?,
        work: WorkWeek::default(),
    };
    let report = compute(&ctx.store, &req, ctx.now_utc(), &Local)?;
    let mut out = std::io::stdout().lock();
    if args.csv {
        write_csv(&mut out, &report)?;
    } else if ctx.json {
        print_json(&report)?;
    } else if args.timesheet {
        super::report_text::timesheet(&mut out, &report)?;
    } else {
        super::report_text::text(&mut out, &report)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The first day with an entry (`report all` starts there, not at the dawn of time).
fn first_day(ctx: &Context) -> anyhow::Result<Option<NaiveDate>> {
    Ok(ctx
        .store
        .first_time_entry()?
        .map(|e| e.start.with_timezone(&Local).date_naive()))
}

/// The CSV header; README documents each column.
pub(super) const CSV_COLUMNS: [&str; 12] = [
    "date", "start", "end", "duration", "client", "project", "task", "tags", "note", "billable",
    "rate", "amount",
];

/// RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One row per entry and day. `duration` is decimal hours of tracked time; `amount` prices
/// the billed time (after rounding) at `rate` (per hour, in the row's currency).
fn write_csv(out: &mut impl Write, r: &Report) -> std::io::Result<()> {
    let mut header: Vec<&str> = CSV_COLUMNS.to_vec();
    header.push("currency");
    write!(out, "{}\r\n", header.join(","))?;
    for l in &r.lines {
        let local = |t: chrono::DateTime<chrono::Utc>| {
            t.with_timezone(&Local)
                .format("%Y-%m-%dT%H:%M:%S")
                .to_string()
        };
        let fields = [
            l.date.to_string(),
            local(l.start),
            local(l.end),
            format!("{:.4}", l.seconds as f64 / 3600.0),
            l.client.clone().unwrap_or_default(),
            l.project.clone().unwrap_or_default(),
            l.task.clone().unwrap_or_default(),
            l.tags.join(" "),
            l.note.clone(),
            if l.billable { "yes" } else { "no" }.to_string(),
            l.rate
                .as_ref()
                .map(|r| format_cents(r.cents_per_hour))
                .unwrap_or_default(),
            l.rate
                .as_ref()
                .map(|_| format_cents(l.amount))
                .unwrap_or_default(),
            l.rate
                .as_ref()
                .map(|r| r.currency.clone())
                .unwrap_or_default(),
        ];
        let cells: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        write!(out, "{}\r\n", cells.join(","))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
