//! `tempo cal …` and `tempo block`.

use std::process::ExitCode;
use std::str::FromStr;

use chrono::{DateTime, Days, Local, NaiveTime, Utc};
use chrono_tz::Tz;

use super::args::{CalCommand, CalendarsAction};
use super::context::{Context, UsageError};
use super::output::{Columns, Role, Table, import_counts, print_json};
use crate::config::local_zone;
use crate::model::dates::{When, local_instant, parse_since, parse_when};
use crate::model::selector::TaskRef;
use crate::ops::calendar::{self, AgendaItem, EventDefaults, EventWritten, ItemKind, Scope};
use crate::store::ObjectRow;

type Out = anyhow::Result<ExitCode>;

fn utc_now(ctx: &Context) -> DateTime<Utc> {
    ctx.now.with_timezone(&Utc)
}

pub(super) fn run(ctx: &mut Context, cmd: CalCommand) -> Out {
    let tz = local_zone();
    match cmd {
        CalCommand::Add { words } => {
            let (d, now) = (EventDefaults::events(&ctx.config.calendar), utc_now(ctx));
            let written = calendar::add(&mut ctx.store, &words, &d, tz, now)?;
            report_written(ctx, "Added", &written, tz)
        }
        CalCommand::Edit {
            event,
            at,
            from,
            words,
        } => {
            let scope = scope(ctx, at, from)?;
            let now = utc_now(ctx);
            let written = calendar::edit(&mut ctx.store, &event, &words, scope, tz, now)?;
            report_written(ctx, "Changed", &written, tz)
        }
        CalCommand::Delete { event, at, from } => delete(ctx, &event, at, from, tz),
        CalCommand::Import {
            file,
            calendar: name,
            read_only,
        } => import(ctx, &file, name, read_only),
        CalCommand::Export {
            from,
            to,
            tasks,
            calendar: name,
            output,
        } => export(ctx, (from, to), tasks, name, output, tz),
        CalCommand::Agenda {
            from,
            to,
            days,
            no_tasks,
        } => agenda(ctx, from, to, days, !no_tasks),
        CalCommand::List { calendar: name } => list(ctx, name.as_deref(), tz),
        CalCommand::Calendars { action } => calendars(ctx, action),
    }
}

/// `tempo cal delete EVENT [--at WHEN | --from WHEN]`.
fn delete(ctx: &mut Context, event: &str, at: Option<String>, from: Option<String>, tz: Tz) -> Out {
    let scope = scope(ctx, at, from)?;
    let now = utc_now(ctx);
    let d = calendar::delete(&mut ctx.store, event, scope, tz, now)?;
    if ctx.json {
        print_json(&d)?;
    } else {
        let what = match d.scope {
            crate::calendar::Extent::One => "one occurrence of",
            crate::calendar::Extent::Following => "the rest of",
            _ => "",
        };
        let line = format!("Deleted {what} event {} “{}”", d.id, d.summary);
        println!("{}", line.replace("  ", " "));
    }
    Ok(ExitCode::SUCCESS)
}

/// `tempo cal export`: to a file (counting what was written) or to standard output.
fn export(
    ctx: &Context,
    (from, to): (Option<String>, Option<String>),
    tasks: bool,
    name: Option<String>,
    output: Option<std::path::PathBuf>,
    tz: Tz,
) -> Out {
    let from = from
        .map(|f| since_day(ctx, &f).map(|d| local_instant(&tz, d.and_time(NaiveTime::MIN))))
        .transpose()?;
    let to = to.map(|t| day_end(ctx, &t, tz)).transpose()?;
    if let Some(name) = &name
        && ctx.store.calendar(name)?.is_none()
    {
        return Err(UsageError(format!("no calendar called “{name}”")).into());
    }
    let text = calendar::export(
        &ctx.store,
        (from, to),
        tasks,
        name.as_deref(),
        tz,
        utc_now(ctx),
    )?;
    match output {
        Some(path) => {
            std::fs::write(&path, &text)
                .map_err(|e| UsageError(format!("cannot write {}: {e}", path.display())))?;
            let events = text.matches("\r\nBEGIN:VEVENT\r\n").count();
            let todos = text.matches("\r\nBEGIN:VTODO\r\n").count();
            eprintln!(
                "Wrote {events} event components and {todos} to-dos to {}",
                path.display()
            );
        }
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `tempo cal list [--calendar NAME]`.
fn list(ctx: &Context, name: Option<&str>, tz: Tz) -> Out {
    let rows = calendar::list(&ctx.store, name)?;
    if ctx.json {
        print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        println!("No events. Add one: tempo cal add Lunch with Ann fri 12:30");
        return Ok(ExitCode::SUCCESS);
    }
    let rows = rows.iter().map(|r| list_row(r, tz)).collect();
    Table {
        columns: Columns::new(vec!["ID", "First", "", "Calendar", "Summary"], 4, vec![0]),
        rows,
    }
    .print(ctx.width, ctx.color)?;
    Ok(ExitCode::SUCCESS)
}

/// One event's row: id, first start, whether it repeats or is a to-do, calendar, summary.
fn list_row(r: &ObjectRow, tz: Tz) -> (Role, Vec<String>) {
    let start = chrono::TimeZone::timestamp_opt(&Utc, r.first_start, 0)
        .single()
        .map(|t| {
            let l = t.with_timezone(&tz);
            if r.all_day == Some(true) {
                l.format("%Y-%m-%d").to_string()
            } else {
                l.format("%Y-%m-%d %H:%M").to_string()
            }
        })
        .unwrap_or_default();
    let kind = match (r.kind.as_str(), r.recurring) {
        ("VTODO", _) => "to-do",
        (_, true) => "repeats",
        _ => "",
    };
    (
        Role::Plain,
        vec![
            r.id.to_string(),
            start,
            kind.to_string(),
            r.calendar.clone(),
            r.summary.clone(),
        ],
    )
}

fn report_written(ctx: &Context, verb: &str, w: &EventWritten, tz: Tz) -> Out {
    if ctx.json {
        print_json(w)?;
        return Ok(ExitCode::SUCCESS);
    }
    let start = w.start.with_timezone(&tz);
    let when = if w.all_day {
        start.format("%a %Y-%m-%d (all day)").to_string()
    } else {
        format!(
            "{}–{}",
            start.format("%a %Y-%m-%d %H:%M"),
            w.end.with_timezone(&tz).format("%H:%M")
        )
    };
    let repeat = w
        .rrule
        .as_deref()
        .map(
            |r| match crate::model::rrule_words::describe(r, start.date_naive()) {
                Some(words) => format!(", {words}"),
                None => format!(", repeating {r}"),
            },
        )
        .unwrap_or_default();
    println!(
        "{verb} event {} “{}” in {}: {when}{repeat}",
        w.id, w.summary, w.calendar
    );
    // One line however many: a daily series would otherwise print a warning per day.
    if let Some(c) = w.conflicts.first() {
        let more = match w.conflicts.len() - 1 {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        eprintln!(
            "warning: overlaps “{}” {}–{}{more}",
            c.summary,
            c.start.with_timezone(&tz).format("%a %Y-%m-%d %H:%M"),
            c.end.with_timezone(&tz).format("%H:%M")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn when(ctx: &Context, text: &str) -> anyhow::Result<When> {
    Ok(parse_when(text, &ctx.now)?)
}

fn scope(ctx: &Context, at: Option<String>, from: Option<String>) -> anyhow::Result<Scope> {
    Ok(match (at, from) {
        (Some(a), _) => Scope::One(when(ctx, &a)?),
        (None, Some(f)) => Scope::Following(when(ctx, &f)?),
        (None, None) => Scope::All,
    })
}

fn import(ctx: &mut Context, file: &std::path::Path, name: Option<String>, read_only: bool) -> Out {
    let decoded = crate::ical::decode::decode(&super::transfer::read_bytes(file)?);
    let text = decoded.text;
    if !text.to_ascii_uppercase().contains("BEGIN:VCALENDAR") {
        return Err(UsageError(format!(
            "{} is not an iCalendar file (no BEGIN:VCALENDAR)",
            file.display()
        ))
        .into());
    }
    let name = name.unwrap_or_else(|| ctx.config.calendar.default_calendar.clone());
    let now = utc_now(ctx);
    let source = if file.as_os_str() == "-" {
        "stdin".to_string()
    } else {
        let full = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
        format!("file:{}", full.display())
    };
    let what = format!("cal import into “{name}”");
    let report = ctx.store.undo_step(&what, now, |store| {
        let report = calendar::import(store, &text, &name, &source, local_zone(), now)?;
        if read_only {
            store.set_calendar_read_only(&name, true)?;
        }
        anyhow::Ok(report)
    })?;
    for p in decoded.warning.iter().chain(&report.problems) {
        eprintln!("warning: {p}");
    }
    if ctx.json {
        print_json(&report)?;
    } else {
        let w = report.written;
        let t = report.tasks;
        let what = format!("events into “{name}”");
        let mut line = import_counts(&what, w.added, w.updated, w.unchanged);
        if t.added + t.updated + t.unchanged > 0 {
            let todos = import_counts("to-dos as tasks", t.added, t.updated, t.unchanged);
            line.push_str(&format!("; {}", todos.replacen("Imported ", "", 1)));
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

fn check_colour(colour: &str) -> anyhow::Result<()> {
    ratatui::style::Color::from_str(colour).map_err(|_| {
        UsageError(format!(
            "`{colour}` is not a colour (use a name such as red, blue, lightgreen, or #rrggbb)"
        ))
    })?;
    Ok(())
}

fn calendars(ctx: &mut Context, action: Option<CalendarsAction>) -> Out {
    let now = utc_now(ctx);
    let what = match &action {
        None => String::new(),
        Some(CalendarsAction::Add { name, .. }) => format!("cal calendars add {name}"),
        Some(CalendarsAction::Rename { from, to }) => format!("cal calendars rename {from} {to}"),
        Some(CalendarsAction::Colour { name, colour }) => {
            format!("cal calendars colour {name} {colour}")
        }
        Some(CalendarsAction::ReadOnly { name, on }) => {
            format!("cal calendars read-only {name} {on}")
        }
        Some(CalendarsAction::Delete { name, .. }) => format!("cal calendars delete {name}"),
    };
    ctx.store
        .undo_step(&what, now, |store| change_calendars(store, action))?;
    let cals = ctx.store.calendars()?;
    show_calendars(ctx, cals)
}

fn change_calendars(
    store: &mut crate::store::Store,
    action: Option<CalendarsAction>,
) -> anyhow::Result<()> {
    match action {
        None => {}
        Some(CalendarsAction::Add {
            name,
            colour,
            read_only,
        }) => {
            if let Some(c) = &colour {
                check_colour(c)?;
            }
            store.add_calendar(&name, colour.as_deref().unwrap_or(""), "local", read_only)?;
            eprintln!("Added calendar “{name}”");
        }
        Some(CalendarsAction::Rename { from, to }) => {
            store.rename_calendar(&from, &to)?;
            eprintln!("Renamed “{from}” to “{to}”");
        }
        Some(CalendarsAction::Colour { name, colour }) => {
            check_colour(&colour)?;
            store.set_calendar_colour(&name, &colour)?;
            eprintln!("“{name}” is now {colour}");
        }
        Some(CalendarsAction::ReadOnly { name, on }) => {
            store.set_calendar_read_only(&name, on)?;
            eprintln!(
                "“{name}” is now {}",
                if on { "read-only" } else { "writable" }
            );
        }
        Some(CalendarsAction::Delete { name, yes }) => {
            store.existing_calendar(&name)?;
            if !yes {
                return Err(UsageError(format!(
                    "deleting “{name}” removes all its events; add --yes"
                ))
                .into());
            }
            let n = store.delete_calendar(&name)?;
            eprintln!("Deleted calendar “{name}” and its {n} events (tempo undo brings them back)");
        }
    }
    Ok(())
}

fn show_calendars(ctx: &Context, cals: Vec<crate::store::CalendarInfo>) -> Out {
    // A subscription's source URL may carry a password from an older version: not shown.
    let cals: Vec<_> = cals
        .into_iter()
        .map(|c| crate::store::CalendarInfo {
            source: crate::sync::dav::href::redact_text(&c.source),
            ..c
        })
        .collect();
    if ctx.json {
        print_json(&cals)?;
    } else if cals.is_empty() {
        println!(
            "No calendars yet. Add an event (tempo cal add …) or import a file (tempo cal import FILE.ics)"
        );
    } else {
        let rows = cals
            .iter()
            .map(|c| {
                let mut source = c.source.clone();
                if c.read_only {
                    source.push_str(" (read-only)");
                }
                (
                    Role::Plain,
                    vec![
                        c.name.clone(),
                        c.objects.to_string(),
                        c.colour.clone(),
                        source,
                    ],
                )
            })
            .collect();
        Table {
            columns: Columns::new(vec!["Calendar", "Events", "Colour", "Source"], 0, vec![1]),
            rows,
        }
        .print(ctx.width, ctx.color)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `tempo block TASK WHEN [LENGTH]`.
pub(super) fn block(ctx: &mut Context, task: &str, words: &[String]) -> Out {
    let tz = local_zone();
    let defaults = EventDefaults::blocks(&ctx.config.calendar);
    let now = utc_now(ctx);
    let task = TaskRef::parse(task)?;
    let written = calendar::block(&mut ctx.store, &task, words, &defaults, tz, now)?;
    report_written(ctx, "Blocked", &written, tz)
}

fn day(ctx: &Context, text: &str) -> anyhow::Result<chrono::NaiveDate> {
    Ok(match parse_when(text, &ctx.now)? {
        When::Day(d) => d,
        When::At(t) => t.with_timezone(&Local).date_naive(),
    })
}

/// The first day of a window (`--from`): a weekday is the most recent one.
fn since_day(ctx: &Context, text: &str) -> anyhow::Result<chrono::NaiveDate> {
    Ok(match parse_since(text, &ctx.now)? {
        When::Day(d) => d,
        When::At(t) => t.with_timezone(&Local).date_naive(),
    })
}

fn day_end(ctx: &Context, text: &str, tz: Tz) -> anyhow::Result<DateTime<Utc>> {
    Ok(local_instant(
        &tz,
        (day(ctx, text)? + Days::new(1)).and_time(NaiveTime::MIN),
    ))
}

fn agenda(
    ctx: &Context,
    from: Option<String>,
    to: Option<String>,
    days: Option<u32>,
    tasks: bool,
) -> Out {
    let first = match from {
        Some(f) => since_day(ctx, &f)?,
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
    let (items, problems) = calendar::agenda(&ctx.store, start, end, tz, tasks)?;
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
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (day, on_day) in crate::calendar::by_day(&items, first, last, &tz) {
        writeln!(out, "{}", day.format("%a %Y-%m-%d"))?;
        for n in on_day {
            writeln!(out, "  {}", agenda_line(&items, n, tz))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `HH:MM`, written out: `format("%H:%M")` parses its pattern and writes the zone's name
/// on every call, and a year's agenda has tens of thousands of lines.
fn hm(t: DateTime<Tz>) -> String {
    use chrono::Timelike;
    format!("{:02}:{:02}", t.hour(), t.minute())
}

fn agenda_line(items: &[AgendaItem], n: usize, tz: Tz) -> String {
    let item = &items[n];
    let i = &item.occurrence;
    let local = i.start.with_timezone(&tz);
    let when = match item.kind {
        ItemKind::Due => format!("due {}  ", hm(local)),
        ItemKind::Scheduled => format!("sched {}", hm(local)),
        ItemKind::Event if i.all_day => "all day    ".to_string(),
        ItemKind::Event => format!("{}–{}", hm(local), hm(i.end.with_timezone(&tz))),
    };
    let id = match item.kind {
        ItemKind::Event => format!("[{}]", item.id),
        _ => format!("task {}", item.id),
    };
    let place = i
        .location
        .as_deref()
        .map(|l| format!(" @ {l}"))
        .unwrap_or_default();
    let mut line = format!("{when}  {}{place}  {id}", i.summary);
    match item.overlaps {
        0 => {}
        1..=3 => {
            let names: Vec<&str> = calendar::overlapping(items, n)
                .into_iter()
                .map(|j| items[j].occurrence.summary.as_str())
                .collect();
            line.push_str(&format!("  ⚠ overlaps {}", names.join(", ")));
        }
        k => line.push_str(&format!("  ⚠ overlaps {k} events")),
    }
    line
}
