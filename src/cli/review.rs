//! `tempo review …`: the queue of suggested time entries, and approving, rejecting, editing
//! and splitting them.

use std::process::ExitCode;

use chrono::{DateTime, Local, Utc};

use super::capture_args::ReviewCommand;
use super::context::{Context, UsageError};
use super::output::print_json;
use super::track::hm;
use crate::capture::{Correction, Status, Stored};
use crate::ops::capture::{self as ops, Decided};
use crate::time::span_words::instant_on;

type Out = anyhow::Result<ExitCode>;

pub(super) fn run(ctx: &mut Context, cmd: Option<ReviewCommand>, all: bool) -> Out {
    let now = ctx.now_utc();
    match cmd {
        None => {
            super::capture_hook::drain_first(ctx);
            list(ctx, all)
        }
        Some(ReviewCommand::Approve {
            words,
            confident,
            learn,
        }) => {
            let (ids, correction) = correction(ctx, &words)?;
            let which = match (confident, ids.is_empty()) {
                (true, true) => Decided::Confident,
                (false, false) => Decided::Ids(&ids),
                (true, false) => {
                    return Err(
                        UsageError("give suggestion ids or --confident, not both".into()).into(),
                    );
                }
                (false, true) => {
                    return Err(UsageError(
                        "name the suggestions to approve (`tempo review` lists them), or pass \
                         --confident"
                            .into(),
                    )
                    .into());
                }
            };
            let done = ops::approve(&mut ctx.store, which, &correction, learn, now, &Local)?;
            if ctx.json {
                print_json(&done)?;
            } else if done.is_empty() {
                println!("Nothing to approve: no pending suggestion is above the threshold.");
            } else {
                for a in &done {
                    println!(
                        "Approved {} as time entry {}",
                        line(&a.suggestion),
                        a.entry.id
                    );
                    if let Some(rule) = &a.learned {
                        println!("  learned: {}", super::capture::describe_rule(rule));
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(ReviewCommand::Reject { ids }) => {
            let done = ops::reject(&mut ctx.store, &ids, now)?;
            print_decided(ctx, "Rejected", &done)
        }
        Some(ReviewCommand::Edit { id, words }) => {
            let (start, end) = span_words(ctx, &id, &words)?;
            let s = ops::edit_span(&mut ctx.store, &id, start, end, now)?;
            print_decided(ctx, "Changed", &[s])
        }
        Some(ReviewCommand::Split { id, at }) => {
            let day = day_of(ctx, &id)?;
            let at = instant_on(&at.join(" "), day, &ctx.now)?;
            let (a, b) = ops::split(&mut ctx.store, &id, at, now)?;
            print_decided(ctx, "Split into", &[a, b])
        }
    }
}

/// Ids, and the correction words among them (`project:web client:acme type:work note:…`).
fn correction(ctx: &Context, words: &[String]) -> anyhow::Result<(Vec<String>, Correction)> {
    let (c, ids) = Correction::parse(words, &ctx.config.time.activities)?;
    Ok((ids, c))
}

/// The suggestion's local day, for bare times in `start:`/`end:`/split.
fn day_of(ctx: &Context, id: &str) -> anyhow::Result<chrono::NaiveDate> {
    let found = ctx.store.capture_suggestions_by_prefix(id)?;
    Ok(found.first().map_or(ctx.now.date_naive(), |s| {
        s.start.with_timezone(&Local).date_naive()
    }))
}

type Ends = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

fn span_words(ctx: &Context, id: &str, words: &[String]) -> anyhow::Result<Ends> {
    let day = day_of(ctx, id)?;
    let (mut start, mut end) = (None, None);
    for word in words {
        match word
            .split_once(':')
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
        {
            Some((k, v)) if k == "start" => start = Some(instant_on(v, day, &ctx.now)?),
            Some((k, v)) if k == "end" => end = Some(instant_on(v, day, &ctx.now)?),
            _ => {
                return Err(UsageError(format!(
                    "`{word}` is not start:TIME or end:TIME (e.g. start:9:15 end:10:00)"
                ))
                .into());
            }
        }
    }
    Ok((start, end))
}

fn local(t: DateTime<Utc>) -> DateTime<Local> {
    t.with_timezone(&Local)
}

/// `a1b2c3d4  Mon 24 Nov 09:00–10:30  1:30  tempo (acme, work)  0.82`
fn line(s: &Stored) -> String {
    let (a, b) = (local(s.start), local(s.end));
    let end = if a.date_naive() == b.date_naive() {
        b.format("%H:%M").to_string()
    } else {
        b.format("%a %-d %b %H:%M").to_string()
    };
    let mut extra: Vec<&str> = Vec::new();
    if s.classification.project.is_some() {
        extra.extend(s.classification.client.as_deref());
        extra.extend(s.classification.activity_type.as_deref());
    } else {
        extra.extend(s.classification.client.as_deref());
    }
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(" ({})", extra.join(", "))
    };
    format!(
        "{}  {}–{}  {:>5}  {}{}  {:.2}",
        s.short_id(),
        a.format("%a %-d %b %H:%M"),
        end,
        hm((s.end - s.start).num_seconds()),
        s.label(),
        extra,
        s.confidence
    )
}

fn evidence(s: &Stored) -> Vec<String> {
    let mut lines = Vec::new();
    let apps: Vec<String> = s
        .evidence
        .apps
        .iter()
        .take(4)
        .map(|a| format!("{} {:.0}%", a.app, a.share * 100.0))
        .collect();
    lines.push(format!(
        "{} signals: {}",
        s.evidence.signals,
        apps.join(" · ")
    ));
    for (what, items) in [
        ("titles", &s.evidence.titles),
        ("commands", &s.evidence.commands),
        ("repositories", &s.evidence.repositories),
    ] {
        if !items.is_empty() {
            let shown: Vec<&str> = items.iter().take(3).map(String::as_str).collect();
            let more = items.len().saturating_sub(3);
            let more = if more > 0 {
                format!(" (+{more})")
            } else {
                String::new()
            };
            lines.push(format!("{what}: {}{more}", shown.join(" | ")));
        }
    }
    if s.status != Status::Pending {
        lines.push(match s.entry_id {
            Some(id) => format!("{} (time entry {id})", s.status),
            None => s.status.to_string(),
        });
    } else if s.needs_verification {
        lines.push(format!("⚠ needs verification: {}", s.reason_text()));
    }
    lines
}

fn list(ctx: &mut Context, all: bool) -> Out {
    let now = ctx.now_utc();
    let found = ops::pending(&mut ctx.store, &ctx.config.capture, all, now)?;
    if ctx.json {
        print_json(&found)?;
        return Ok(ExitCode::SUCCESS);
    }
    if found.is_empty() {
        println!(
            "Nothing to review. Signals come from `tempo capture ingest`, `capture pull` and \
             the shell hook; `tempo capture status` says what is kept."
        );
        return Ok(ExitCode::SUCCESS);
    }
    for s in &found {
        println!("{}", line(s));
        for l in evidence(s) {
            println!("          {l}");
        }
    }
    let verify = found
        .iter()
        .filter(|s| s.status == Status::Pending && s.needs_verification)
        .count();
    let pending = found.iter().filter(|s| s.status == Status::Pending).count();
    println!(
        "{pending} pending, {verify} need verification. `tempo review approve ID…` or \
         `--confident`; `review reject ID…`"
    );
    Ok(ExitCode::SUCCESS)
}

fn print_decided(ctx: &Context, verb: &str, done: &[Stored]) -> Out {
    if ctx.json {
        print_json(&done)?;
    } else {
        for s in done {
            println!("{verb} {}", line(s));
        }
    }
    Ok(ExitCode::SUCCESS)
}
