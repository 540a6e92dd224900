//! `tempo capture …`: signals in (the JSON ingest), the pause, what capture keeps, learned
//! rules.

use std::io::Read;
use std::process::ExitCode;

use chrono::{DateTime, Local, TimeDelta, Utc};
use serde_json::json;

use super::capture_args::{CaptureCommand, RulesCommand};
use super::context::{Context, UsageError};
use super::output::print_json;
use crate::capture::{Rule, Status, parse_ingest};
use crate::model::dates::{When, parse_when};
use crate::model::duration::parse_minutes;
use crate::ops::capture::{self as ops, Batch, CaptureSource, IngestReport};
use crate::store::SuggestionQuery;

type Out = anyhow::Result<ExitCode>;

pub(super) fn run(ctx: &mut Context, cmd: CaptureCommand) -> Out {
    match cmd {
        CaptureCommand::Ingest { file } => {
            super::capture_hook::drain_first(ctx);
            ingest(ctx, &file)
        }
        // Handled before the database is opened (`cli::run`).
        CaptureCommand::Hook { .. } => Ok(ExitCode::SUCCESS),
        CaptureCommand::Pause { words } => pause(ctx, &words),
        CaptureCommand::Resume => resume(ctx),
        CaptureCommand::Pull { source } => super::capture_pull::run(ctx, source),
        CaptureCommand::Status => status(ctx),
        CaptureCommand::Token => super::endpoint::token(ctx, false),
        CaptureCommand::Rules { action: None } => rules(ctx),
        CaptureCommand::Rules {
            action: Some(RulesCommand::Forget { id }),
        } => {
            let now = ctx.now_utc();
            ops::forget_rule(&mut ctx.store, id, now)?;
            println!("Forgot learned rule {id}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The text of FILE, or of standard input for `-`.
pub(super) fn read_input(file: &str) -> anyhow::Result<String> {
    let mut text = String::new();
    if file == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| UsageError(format!("cannot read standard input: {e}")))?;
    } else {
        text = std::fs::read_to_string(file)
            .map_err(|e| UsageError(format!("cannot read {file}: {e}")))?;
    }
    Ok(text)
}

fn ingest(ctx: &mut Context, file: &str) -> Out {
    let request = parse_ingest(&read_input(file)?)?;
    let batch = Batch {
        idle_threshold_minutes: request.idle_threshold_minutes,
        max_merge_idle_minutes: request.max_merge_idle_minutes,
        ..Batch::new(CaptureSource::Ingest, request.activity_signals)
    };
    let now = ctx.now_utc();
    let report = ops::ingest(&mut ctx.store, &ctx.config.capture, batch, now)?;
    print_report(ctx, &report)
}

/// What an ingest or pull did, in one or two lines (or as JSON).
pub(super) fn print_report(ctx: &Context, r: &IngestReport) -> Out {
    if ctx.json {
        print_json(r)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut parts = vec![format!("{} new", r.stored)];
    for (n, what) in [
        (r.duplicates, "already known"),
        (r.excluded, "excluded"),
        (r.paused, "paused"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    println!("Signals: {} received ({})", r.received, parts.join(", "));
    let verify = r.needs_verification.len();
    match r.suggested {
        0 => println!("No new suggestions."),
        n => println!(
            "{n} new suggestion{}{}; `tempo review` lists them",
            if n == 1 { "" } else { "s" },
            if verify > 0 {
                format!(" ({verify} need verification)")
            } else {
                String::new()
            }
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// `for 1h` / `1h`, `until 17:00`, or nothing.
fn pause_end(ctx: &Context, words: &[String]) -> anyhow::Result<Option<DateTime<Utc>>> {
    let text = words.join(" ");
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let lower = text.to_lowercase();
    if let Some(rest) = lower.strip_prefix("until ") {
        return match parse_when(rest.trim(), &ctx.now)? {
            When::At(t) => Ok(Some(t)),
            When::Day(_) => Err(UsageError(format!(
                "`{rest}` is a day; give a time too (e.g. `until {rest} 17:00`)"
            ))
            .into()),
        };
    }
    let amount = lower.strip_prefix("for ").unwrap_or(&lower).trim();
    let minutes = parse_minutes(amount).map_err(|e| {
        UsageError(format!(
            "{e}; pause with `for 1h`, `until 17:00`, or nothing (until resumed)"
        ))
    })?;
    Ok(Some(ctx.now_utc() + TimeDelta::minutes(i64::from(minutes))))
}

fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local)
        .format("%a %-d %b %H:%M")
        .to_string()
}

fn pause(ctx: &mut Context, words: &[String]) -> Out {
    let until = pause_end(ctx, words)?;
    let now = ctx.now_utc();
    let p = ops::pause(&mut ctx.store, until, now)?;
    if ctx.json {
        print_json(&p)?;
    } else {
        match p.until {
            Some(u) => println!("Capture paused until {}", local(u)),
            None => println!("Capture paused until `tempo capture resume`"),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn resume(ctx: &mut Context) -> Out {
    let now = ctx.now_utc();
    match ops::resume(&mut ctx.store, now)? {
        Some(_) => println!("Capture resumed"),
        None => println!("Capture was not paused"),
    }
    Ok(ExitCode::SUCCESS)
}

fn status(ctx: &mut Context) -> Out {
    let now = ctx.now_utc();
    let pending = ops::pending(&mut ctx.store, &ctx.config.capture, false, now)?;
    let (signals, oldest) = ctx.store.capture_signal_stats()?;
    let paused = ops::paused(&ctx.store, now)?;
    let learned = ops::learned_rule_list(&ctx.store)?.len();
    let decided = ctx.store.capture_suggestions(SuggestionQuery {
        status: Some(Status::Approved),
        from: None,
        to: None,
    })?;
    if ctx.json {
        print_json(&json!({
            "signals": signals,
            "oldest_signal": oldest,
            "pending": pending.len(),
            "needs_verification": pending.iter().filter(|s| s.needs_verification).count(),
            "approved": decided.len(),
            "paused": paused,
            "learned_rules": learned,
            "configured_rules": ctx.config.capture.rules.len(),
            "retention_days": ctx.config.capture.retention_days,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    match paused {
        Some(p) => println!(
            "Capture: paused {}",
            p.until
                .map_or("until `tempo capture resume`".into(), |u| format!(
                    "until {}",
                    local(u)
                ))
        ),
        None => println!("Capture: on"),
    }
    println!(
        "Signals kept: {signals}{} (kept {} days)",
        oldest.map_or(String::new(), |o| format!(", oldest {}", local(o))),
        ctx.config.capture.retention_days
    );
    println!(
        "Suggestions: {} pending ({} need verification), {} approved",
        pending.len(),
        pending.iter().filter(|s| s.needs_verification).count(),
        decided.len()
    );
    println!(
        "Rules: {} configured, {learned} learned",
        ctx.config.capture.rules.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// A rule in one line: `repository *tempo* → project tempo, client acme`.
pub(super) fn describe_rule(rule: &Rule) -> String {
    let when: Vec<String> = [
        ("app", &rule.when.app),
        ("title", &rule.when.title),
        ("cwd", &rule.when.cwd),
        ("repository", &rule.when.repository),
        ("url", &rule.when.url),
    ]
    .iter()
    .filter_map(|(k, p)| p.as_ref().map(|p| format!("{k} {}", p.as_str())))
    .collect();
    let then: Vec<String> = [
        ("project", &rule.then.project),
        ("client", &rule.then.client),
        ("type", &rule.then.activity_type),
        ("task", &rule.then.task),
    ]
    .iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} {v}")))
    .collect();
    format!("{} → {}", when.join(", "), then.join(", "))
}

fn rules(ctx: &Context) -> Out {
    let learned = ops::learned_rule_list(&ctx.store)?;
    if ctx.json {
        let learned: Vec<_> = learned
            .iter()
            .map(|(id, r)| json!({"id": id, "rule": r}))
            .collect();
        let configured: Vec<Rule> = ctx.config.capture.rules.iter().map(|r| r.rule()).collect();
        print_json(&json!({"learned": learned, "configured": configured}))?;
        return Ok(ExitCode::SUCCESS);
    }
    if learned.is_empty() && ctx.config.capture.rules.is_empty() {
        println!(
            "No rules yet. Add [[capture.rules]] to the config, or approve with a correction \
             and --learn."
        );
        return Ok(ExitCode::SUCCESS);
    }
    if !learned.is_empty() {
        println!("Learned (checked first):");
        for (id, r) in &learned {
            println!("  {id:>3}  {}", describe_rule(r));
        }
    }
    if !ctx.config.capture.rules.is_empty() {
        println!("From the config:");
        for r in &ctx.config.capture.rules {
            println!("       {}", describe_rule(&r.rule()));
        }
    }
    Ok(ExitCode::SUCCESS)
}
