//! `tempo cal …`.

use std::process::ExitCode;

use chrono::{Days, Local, NaiveTime};

use super::args::CalCommand;
use super::context::{Context, UsageError};
use super::output::{Columns, Role, Table, print_json};
use crate::config::local_zone;
use crate::model::dates::{When, local_instant, parse_when};
use crate::ops::calendar;

type Out = anyhow::Result<ExitCode>;

pub(super) fn run(ctx: &mut Context, cmd: CalCommand) -> Out {
    match cmd {
        CalCommand::Import {
            file,
            calendar: name,
        } => {
            let text = super::transfer::read_input(&file)?;
            if !text.contains("BEGIN:VCALENDAR") {
                return Err(UsageError(format!(
                    "{} is not an iCalendar file (no BEGIN:VCALENDAR)",
                    file.display()
                ))
                .into());
            }
            let report = calendar::import(&mut ctx.store, &text, &name, local_zone())?;
            for p in &report.problems {
                eprintln!("warning: {p}");
            }
            if ctx.json {
                print_json(&report)?;
            } else {
                let w = report.written;
                let mut line = format!(
                    "Imported {} events into “{name}”: {} new, {} updated, {} unchanged",
                    w.added + w.updated + w.unchanged,
                    w.added,
                    w.updated,
                    w.unchanged
                );
                if report.todos_not_imported > 0 {
                    line.push_str(&format!(
                        "; {} to-dos not imported (calendar to-dos are not supported yet)",
                        report.todos_not_imported
                    ));
                }
                if !report.problems.is_empty() {
                    line.push_str(&format!(
                        "; {} skipped (see warnings)",
                        report.problems.len()
                    ));
                }
                println!("{line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        CalCommand::Agenda { from, to, days } => agenda(ctx, from, to, days),
        CalCommand::Calendars => {
            let cals = ctx.store.calendars()?;
            if ctx.json {
                print_json(&cals)?;
            } else if cals.is_empty() {
                println!("No calendars yet. Import one: tempo cal import FILE.ics");
            } else {
                let rows = cals
                    .iter()
                    .map(|c| {
                        (
                            Role::Plain,
                            vec![c.name.clone(), c.objects.to_string(), c.source.clone()],
                        )
                    })
                    .collect();
                Table {
                    columns: Columns::new(vec!["Calendar", "Events", "Source"], 0, vec![1]),
                    rows,
                }
                .print(ctx.width, ctx.color)?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn day(ctx: &Context, text: &str) -> anyhow::Result<chrono::NaiveDate> {
    Ok(match parse_when(text, &ctx.now)? {
        When::Day(d) => d,
        When::At(t) => t.with_timezone(&Local).date_naive(),
    })
}

fn agenda(ctx: &Context, from: Option<String>, to: Option<String>, days: Option<u32>) -> Out {
    let first = match from {
        Some(f) => day(ctx, &f)?,
        None => ctx.now.date_naive(),
    };
    let last = match (to, days) {
        (Some(t), _) => day(ctx, &t)?,
        (None, Some(0)) => return Err(UsageError("--days must be at least 1".into()).into()),
        (None, Some(n)) if n > 3660 => {
            return Err(UsageError(format!("--days must be at most 3660, not {n}")).into());
        }
        (None, Some(n)) => first + Days::new(u64::from(n) - 1),
        (None, None) => first + Days::new(6),
    };
    if last < first {
        return Err(UsageError(format!(
            "the window ends ({last}) before it starts ({first})"
        ))
        .into());
    }
    let tz = local_zone();
    let start = local_instant(&tz, first.and_time(NaiveTime::MIN));
    let end = local_instant(&tz, (last + Days::new(1)).and_time(NaiveTime::MIN));
    let (items, problems) = calendar::agenda(&ctx.store, start, end, tz)?;
    for p in &problems {
        eprintln!("warning: {p}");
    }
    if ctx.json {
        print_json(&items)?;
        return Ok(ExitCode::SUCCESS);
    }
    if items.is_empty() {
        println!("Nothing between {first} and {last}.");
        return Ok(ExitCode::SUCCESS);
    }
    let mut current = None;
    for i in items.iter().map(|i| &i.occurrence) {
        let local = i.start.with_timezone(&tz);
        let date = local.date_naive();
        if current != Some(date) {
            println!("{}", local.format("%a %Y-%m-%d"));
            current = Some(date);
        }
        let when = if i.all_day {
            "all day    ".to_string()
        } else {
            format!(
                "{}–{}",
                local.format("%H:%M"),
                i.end.with_timezone(&tz).format("%H:%M")
            )
        };
        let place = i
            .location
            .as_deref()
            .map(|l| format!(" @ {l}"))
            .unwrap_or_default();
        println!("  {when}  {}{place}", i.summary);
    }
    Ok(ExitCode::SUCCESS)
}
