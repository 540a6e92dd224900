//! `tempo time …`: the entry log, and edit, split, join, move, delete by id.

use std::process::ExitCode;

use chrono::{DateTime, Local, NaiveDate, Utc};

use super::args::{RangeArgs, TimeCommand};
use super::context::{Context, UsageError};
use super::output::{Columns, Role, Table, print_json};
use super::track::{edit_only, hm, instant, print_entry};
use crate::model::dates::{When, parse_since, parse_when};
use crate::model::selector::TaskRef;
use crate::ops::time::{self as time_ops, EntryChange, EntryFilter};
use crate::time::Entry;
use crate::time::report::range_bounds;
use crate::time::span_words::{is_range_word, parse_range};

type Out = anyhow::Result<ExitCode>;

pub(super) fn run(ctx: &mut Context, cmd: TimeCommand) -> Out {
    let now = ctx.now_utc();
    match cmd {
        TimeCommand::Log { words, range } => log(ctx, &words, &range),
        TimeCommand::Edit { id, words, adjust } => {
            let change = change_from_words(ctx, id, &words)?;
            let e = time_ops::edit(&mut ctx.store, id, &change, adjust, now, &Local)?;
            print_entry(ctx, "Changed", &e)
        }
        TimeCommand::Split { id, at } => {
            let at = instant(ctx, &at, entry_day(ctx, id)?)?;
            let (a, b) = time_ops::split(&mut ctx.store, id, at, now, &Local)?;
            if ctx.json {
                print_json(&[a, b])?;
                return Ok(ExitCode::SUCCESS);
            }
            print_entry(ctx, "Split into", &a)?;
            print_entry(ctx, "       and", &b)
        }
        TimeCommand::Join { first, second } => {
            let e = time_ops::join(&mut ctx.store, first, second, now)?;
            print_entry(ctx, "Joined into", &e)
        }
        TimeCommand::Move { id, at, adjust } => {
            let at = instant(ctx, &at, entry_day(ctx, id)?)?;
            let e = time_ops::move_to(&mut ctx.store, id, at, adjust, now, &Local)?;
            print_entry(ctx, "Moved", &e)
        }
        TimeCommand::Delete { id } => {
            let e = time_ops::delete(&mut ctx.store, id, now)?;
            print_entry(ctx, "Deleted", &e)
        }
    }
}

/// The local day entry `id` starts on: a bare time in `split`/`move` means that day.
fn entry_day(ctx: &Context, id: i64) -> anyhow::Result<Option<NaiveDate>> {
    Ok(ctx
        .store
        .time_entry(id)?
        .map(|e| e.start.with_timezone(&Local).date_naive()))
}

/// `start:9:15 end:10:00 task:12 project:web +tag …`; a bare time is on the entry's day.
fn change_from_words(ctx: &Context, id: i64, words: &[String]) -> anyhow::Result<EntryChange> {
    let (edit, rest) = edit_only(ctx, words)?;
    let day = entry_day(ctx, id)?;
    let mut change = EntryChange {
        edit,
        ..EntryChange::default()
    };
    for word in rest {
        let Some((key, value)) = word.split_once(':') else {
            return Err(UsageError(format!(
                "`{word}` is not an attribute; `time edit` takes start: end: task: project: \
                 client: +tag -tag type: billable: note:"
            ))
            .into());
        };
        let at = || instant(ctx, &[value.to_string()], day);
        match key.to_ascii_lowercase().as_str() {
            "start" => change.start = Some(at()?),
            "end" => change.end = Some(at()?),
            "task" => {
                let task = (!value.is_empty())
                    .then(|| TaskRef::parse(value))
                    .transpose()?;
                change.task = Some(task);
            }
            _ => {
                return Err(UsageError(format!(
                    "unknown attribute `{key}:`; use start: end: task: project: client: type: \
                     billable: note:"
                ))
                .into());
            }
        }
    }
    Ok(change)
}

/// First and last day, both included.
pub(super) type Days = (NaiveDate, NaiveDate);

/// The days a command covers: a range word first among `words`, or --from/--to; `None`
/// when neither is given. The rest of `words` is returned as the filter.
pub(super) fn days(
    ctx: &Context,
    words: &[String],
    range: &RangeArgs,
) -> anyhow::Result<(Option<Days>, Vec<String>)> {
    let today = ctx.now.date_naive();
    let (word_range, rest) = match words.split_first() {
        Some((w, rest)) if is_range_word(w) => (Some(parse_range(w, today)?), rest.to_vec()),
        _ => (None, words.to_vec()),
    };
    let from = range.from.as_ref().or(range.since.as_ref());
    if word_range.is_some() && (from.is_some() || range.to.is_some()) {
        return Err(UsageError("give a range word or --from/--to, not both".into()).into());
    }
    let day = |text: &String, since: bool| -> anyhow::Result<NaiveDate> {
        let when = if since {
            parse_since(text, &ctx.now)?
        } else {
            parse_when(text, &ctx.now)?
        };
        Ok(match when {
            When::Day(d) => d,
            When::At(t) => t.with_timezone(&Local).date_naive(),
        })
    };
    let explicit = match (from, &range.to) {
        (None, None) => None,
        (f, t) => Some((
            f.map(|f| day(f, true))
                .transpose()?
                .unwrap_or(NaiveDate::MIN),
            t.as_ref()
                .map(|t| day(t, false))
                .transpose()?
                .unwrap_or(today),
        )),
    };
    Ok((word_range.or(explicit), rest))
}

/// The filter words (`project:web +call`) as a filter.
pub(super) fn filter(ctx: &Context, words: &[String]) -> anyhow::Result<EntryFilter> {
    let (edit, rest) = edit_only(ctx, words)?;
    if let Some(w) = rest.first() {
        return Err(UsageError(format!(
            "`{w}` is not a range or a filter word; use today, week, month … and project: \
             client: +tag -tag type: billable:"
        ))
        .into());
    }
    Ok(EntryFilter::from_edit(&edit))
}

fn log(ctx: &Context, words: &[String], range: &RangeArgs) -> Out {
    let (days, rest) = days(ctx, words, range)?;
    let filter = filter(ctx, &rest)?;
    let (from, to) = match days {
        Some((f, t)) if f == NaiveDate::MIN => (None, Some(range_bounds(&Local, t, t).1)),
        Some((f, t)) => {
            let (a, b) = range_bounds(&Local, f, t);
            (Some(a), Some(b))
        }
        None => (None, None),
    };
    let entries = time_ops::log(&ctx.store, from, to, &filter)?;
    if ctx.json {
        print_json(&entries)?;
        return Ok(ExitCode::SUCCESS);
    }
    if entries.is_empty() {
        println!(
            "No time recorded here. `tempo track start` starts tracking; focus sessions record their time too."
        );
        return Ok(ExitCode::SUCCESS);
    }
    print_table(ctx, &entries)
}

fn print_table(ctx: &Context, entries: &[Entry]) -> Out {
    let now = ctx.now_utc();
    let local = |t: DateTime<Utc>| t.with_timezone(&Local);
    let rows = entries
        .iter()
        .map(|e| {
            let mut what: Vec<String> = e.attrs.project.iter().cloned().collect();
            what.extend(e.attrs.tags.iter().map(|t| format!("+{t}")));
            if !e.attrs.note.is_empty() {
                what.push(e.attrs.note.clone());
            }
            let cells = vec![
                e.id.to_string(),
                local(e.start).format("%Y-%m-%d").to_string(),
                local(e.start).format("%H:%M").to_string(),
                e.end
                    .map_or_else(|| "…".to_string(), |t| local(t).format("%H:%M").to_string()),
                hm(e.seconds(now)),
                what.join(" "),
                e.source.as_str().to_string(),
            ];
            (
                if e.is_running() {
                    Role::Started
                } else {
                    Role::Plain
                },
                cells,
            )
        })
        .collect();
    let columns = Columns::new(
        vec!["ID", "Date", "Start", "End", "Length", "What", "Source"],
        5,
        vec![0, 4],
    );
    Table { columns, rows }.print(ctx.width, ctx.color)?;
    Ok(ExitCode::SUCCESS)
}
