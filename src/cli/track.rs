//! `tempo track …`: start, stop, continue, backfill and status; plus the words → request
//! helpers `tempo time` shares.

use std::process::ExitCode;

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde_json::json;

use super::args::TrackCommand;
use super::context::{Context, UsageError};
use super::output::print_json;
use crate::model::dates::{When, local_instant, parse_time, parse_when};
use crate::model::selector::TaskRef;
use crate::ops::time::{self as time_ops, EntrySpec};
use crate::time::overlap::describe;
use crate::time::span_words::parse_span;
use crate::time::words::parse_attrs;
use crate::time::{AttrEdit, Entry};

type Out = anyhow::Result<ExitCode>;

pub(super) fn run(ctx: &mut Context, cmd: TrackCommand) -> Out {
    let now = ctx.now_utc();
    match cmd {
        TrackCommand::Start { words, adjust } => {
            let spec = spec_from_words(ctx, &words)?;
            let started = time_ops::start(&mut ctx.store, &spec, now, adjust, &Local)?;
            print_started(ctx, &started)
        }
        TrackCommand::Stop { at } => {
            let at = instant(ctx, &at, None)?;
            let e = time_ops::stop(&mut ctx.store, at, &Local)?;
            print_entry(ctx, "Stopped", &e)
        }
        TrackCommand::Continue { id } => {
            let started = time_ops::resume(&mut ctx.store, id, now, &Local)?;
            print_started(ctx, &started)
        }
        TrackCommand::Add { words, adjust } => {
            let (span, rest) = parse_span(&words, &ctx.now)?;
            let spec = spec_from_words(ctx, &rest)?;
            let e = time_ops::add(&mut ctx.store, &spec, span, adjust, now, &Local)?;
            print_entry(ctx, "Added", &e)
        }
        TrackCommand::Status => status(&ctx.store, ctx.json, now),
    }
}

/// Attribute words, an optional task id first among the rest, and the other words as the note.
pub(super) fn spec_from_words(ctx: &Context, words: &[String]) -> anyhow::Result<EntrySpec> {
    let (mut edit, rest) = parse_attrs(words, &ctx.config.time.activities)?;
    let (task, note_words) = match rest.split_first() {
        Some((first, tail)) if first.parse::<i64>().is_ok() => (Some(TaskRef::parse(first)?), tail),
        _ => (None, rest.as_slice()),
    };
    if !note_words.is_empty() {
        if edit.note.is_some() {
            return Err(UsageError(format!(
                "both note: and plain words (`{}`) give a note; use one",
                note_words.join(" ")
            ))
            .into());
        }
        edit.note = Some(note_words.join(" "));
    }
    Ok(EntrySpec { task, edit })
}

/// An instant from date words; nothing means now, and a bare time is on `day` (default today).
pub(super) fn instant(
    ctx: &Context,
    words: &[String],
    day: Option<NaiveDate>,
) -> anyhow::Result<DateTime<Utc>> {
    let text = words.join(" ");
    if text.trim().is_empty() {
        return Ok(ctx.now_utc());
    }
    if let (Some(t), Some(d)) = (parse_time(text.trim()), day) {
        return Ok(local_instant(&Local, d.and_time(t)));
    }
    match parse_when(&text, &ctx.now)? {
        When::At(t) => Ok(t),
        When::Day(_) => Err(UsageError(format!(
            "`{text}` is a day; give a time too (e.g. `{text} 14:00`)"
        ))
        .into()),
    }
}

/// The note words of `time edit` are not allowed: every word there is an attribute.
pub(super) fn edit_only(
    ctx: &Context,
    words: &[String],
) -> anyhow::Result<(AttrEdit, Vec<String>)> {
    Ok(parse_attrs(words, &ctx.config.time.activities)?)
}

/// `entry 4 · 09:00–10:30 (1:30) · web +call · note`.
pub(super) fn line(e: &Entry, now: DateTime<Utc>) -> String {
    let mut parts = vec![
        format!("entry {}", e.id),
        format!(
            "{} ({})",
            describe(&Local, e.start, e.end),
            hm(e.seconds(now))
        ),
    ];
    let mut what = Vec::new();
    if let Some(p) = &e.attrs.project {
        what.push(p.clone());
    }
    if let Some(c) = &e.attrs.client {
        what.push(format!("client:{c}"));
    }
    what.extend(e.attrs.tags.iter().map(|t| format!("+{t}")));
    if let Some(t) = &e.attrs.activity {
        what.push(format!("type:{t}"));
    }
    if !e.attrs.billable {
        what.push("billable:no".into());
    }
    if !what.is_empty() {
        parts.push(what.join(" "));
    }
    if !e.attrs.note.is_empty() {
        parts.push(e.attrs.note.clone());
    }
    parts.join(" · ")
}

/// Seconds as `H:MM`.
pub(super) fn hm(seconds: i64) -> String {
    let m = seconds.max(0) / 60;
    format!("{}:{:02}", m / 60, m % 60)
}

pub(super) fn print_entry(ctx: &Context, verb: &str, e: &Entry) -> Out {
    if ctx.json {
        print_json(e)?;
    } else {
        println!("{verb} {}", line(e, ctx.now_utc()));
    }
    Ok(ExitCode::SUCCESS)
}

fn print_started(ctx: &Context, s: &time_ops::Started) -> Out {
    if ctx.json {
        print_json(s)?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(stopped) = &s.stopped {
        println!("Stopped {}", line(stopped, ctx.now_utc()));
    }
    println!("Started {}", line(&s.entry, ctx.now_utc()));
    Ok(ExitCode::SUCCESS)
}

/// `track status`: the running entry; exit 1 when nothing runs (for prompts).
pub(super) fn status(store: &crate::store::Store, json: bool, now: DateTime<Utc>) -> Out {
    status_of(store.running_entry()?, json, now)
}

fn status_of(running: Option<Entry>, json: bool, now: DateTime<Utc>) -> Out {
    if json {
        print_json(
            &json!({ "running": running, "seconds": running.as_ref().map(|e| e.seconds(now)) }),
        )?;
    } else {
        match &running {
            Some(e) => println!("Tracking {}", line(e, now)),
            None => println!("Not tracking."),
        }
    }
    Ok(if running.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `track status` for prompts: the database opened read-only, no migration, no config unless
/// the database path needs it. `None` when the quick way cannot answer (an older schema).
pub(super) fn quick_status(cli: &super::Cli) -> anyhow::Result<Option<ExitCode>> {
    let path = match &cli.db {
        Some(p) => p.clone(),
        None => {
            let config = crate::config::Config::load(cli.config.as_deref())?;
            match config.database_path(None) {
                Some(p) => p,
                None => return Ok(None),
            }
        }
    };
    let now = super::context::clock()?.now();
    if !path.exists() {
        return status_of(None, cli.json, now).map(Some);
    }
    match crate::store::Store::open_for_reading(&path) {
        Ok(store) => status_of(store.running_entry()?, cli.json, now).map(Some),
        Err(crate::store::StoreError::ReadOnlyUpgrade { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
