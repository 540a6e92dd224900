//! `tempo sync add-subscription | list | remove`, and the subscriptions' part of a bare
//! `tempo sync`.

use std::process::ExitCode;

use clap::Args;

use super::{Out, when};
use crate::cli::context::{Context, UsageError};
use crate::cli::output::{Columns, Role, Table, print_json};
use crate::config::local_zone;
use crate::store::Subscription;
use crate::sync::dav::href;
use crate::sync::subscriptions::Refreshed;

#[derive(Debug, Args)]
pub struct AddSubscription {
    /// The calendar's name
    name: String,
    /// URL or path
    source: String,
    /// Refresh at most this often, in minutes (the daemon and the TUI refresh it)
    #[arg(long, default_value_t = 60)]
    every: u32,
    /// Also trust the certificate authorities in this PEM file (a private CA)
    #[arg(long, value_name = "PATH")]
    ca_file: Option<String>,
}

/// Refreshes `names` now, printing each outcome; how many failed.
pub(super) fn refresh(
    ctx: &mut Context,
    names: &[String],
    results: &mut Vec<serde_json::Value>,
) -> usize {
    let (tz, now) = (local_zone(), ctx.now_utc());
    let mut failed = 0;
    for name in names {
        match crate::sync::subscriptions::refresh(&mut ctx.store, name, tz, now) {
            Ok(r) => {
                if !ctx.json {
                    println!("{}", refreshed(name, &r));
                }
                results.push(serde_json::json!({"calendar": name, "result": r}));
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {name}: {e} (nothing changed)");
                results.push(serde_json::json!({"calendar": name, "error": e.to_string()}));
            }
        }
    }
    failed
}

/// A refresh's counts as one line.
fn refreshed(name: &str, r: &Refreshed) -> String {
    format!(
        "{name}: {} added, {} updated, {} removed, {} unchanged{}",
        r.added,
        r.updated,
        r.removed,
        r.unchanged,
        if r.skipped > 0 {
            format!(", {} unreadable (kept as they were)", r.skipped)
        } else {
            String::new()
        }
    )
}

pub(super) fn add(ctx: &mut Context, a: AddSubscription) -> Out {
    let (tz, now) = (local_zone(), ctx.now_utc());
    let (name, every) = (&a.name, a.every);
    if every == 0 {
        return Err(UsageError("--every must be at least 1 minute".into()).into());
    }
    let ca_file = crate::sync::trust::ca_file(a.ca_file.as_deref())?;
    let settings = (every, ca_file.as_deref());
    let r =
        crate::sync::subscriptions::subscribe(&mut ctx.store, name, &a.source, settings, tz, now)?;
    ctx.store
        .record_sync(name, now.timestamp(), (r.added, r.updated, r.removed), "")?;
    if ctx.json {
        print_json(&r)?;
    } else {
        println!(
            "Subscribed “{name}” to {}: {} events (read-only; refreshed every {every} min)",
            a.source, r.added
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn list(ctx: &mut Context) -> Out {
    let subs: Vec<_> = ctx
        .store
        .subscriptions()?
        .into_iter()
        .map(|s| Subscription {
            source: href::redact(&s.source),
            last_error: href::redact_text(&s.last_error),
            ..s
        })
        .collect();
    if ctx.json {
        print_json(&subs)?;
    } else if subs.is_empty() {
        println!("No subscriptions. Add one: tempo sync add-subscription NAME URL");
    } else {
        table(&subs).print(ctx.width, ctx.color)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn table(subs: &[Subscription]) -> Table {
    let rows = subs
        .iter()
        .map(|s| {
            (
                if s.last_error.is_empty() {
                    Role::Plain
                } else {
                    Role::Overdue
                },
                vec![
                    s.calendar.clone(),
                    s.events.to_string(),
                    when(s.last_sync),
                    format!("{} min", s.refresh_minutes),
                    s.source.clone(),
                    s.last_error.clone(),
                ],
            )
        })
        .collect();
    Table {
        columns: Columns::new(
            vec![
                "Calendar",
                "Events",
                "Last sync",
                "Every",
                "Source",
                "Last error",
            ],
            4,
            vec![1],
        ),
        rows,
    }
}

pub(super) fn remove(ctx: &mut Context, name: &str) -> Out {
    if ctx.store.subscription(name)?.is_none() {
        return Err(UsageError(format!("no subscription called “{name}”")).into());
    }
    let n = ctx.store.delete_calendar(name)?;
    println!("Removed the subscription “{name}” and its {n} events");
    Ok(ExitCode::SUCCESS)
}
