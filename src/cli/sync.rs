//! `tempo sync …`.

use std::process::ExitCode;

use super::args::SyncCommand;
use super::context::{Context, UsageError};
use super::output::{Columns, Role, Table, print_json};
use crate::config::local_zone;
use crate::ops::sync;

type Out = anyhow::Result<ExitCode>;

fn when(t: Option<i64>) -> String {
    t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|t| {
            t.with_timezone(&local_zone())
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| "never".into())
}

pub(super) fn run(ctx: &mut Context, cmd: Option<SyncCommand>, only: Option<String>) -> Out {
    let (tz, now) = (local_zone(), ctx.now_utc());
    match cmd {
        None => {
            let names = match only {
                Some(n) => vec![n],
                None => sync::due(&ctx.store, now, true)?,
            };
            if names.is_empty() {
                println!("Nothing to sync. Subscribe: tempo sync add-subscription NAME URL");
                return Ok(ExitCode::SUCCESS);
            }
            let mut failed = 0;
            let mut results = Vec::new();
            for name in names {
                match sync::refresh(&mut ctx.store, &name, tz, now) {
                    Ok(r) => {
                        if !ctx.json {
                            println!(
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
                            );
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
            if ctx.json {
                print_json(&results)?;
            }
            Ok(if failed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Some(SyncCommand::AddSubscription {
            name,
            source,
            every,
        }) => {
            if every == 0 {
                return Err(UsageError("--every must be at least 1 minute".into()).into());
            }
            let r = sync::subscribe(&mut ctx.store, &name, &source, every, tz, now)?;
            ctx.store
                .record_sync(&name, now.timestamp(), (r.added, r.updated, r.removed), "")?;
            if ctx.json {
                print_json(&r)?;
            } else {
                println!(
                    "Subscribed “{name}” to {source}: {} events (read-only; refreshed every {every} min)",
                    r.added
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(SyncCommand::List) => {
            let subs = ctx.store.subscriptions()?;
            if ctx.json {
                print_json(&subs)?;
            } else if subs.is_empty() {
                println!("No subscriptions. Add one: tempo sync add-subscription NAME URL");
            } else {
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
                .print(ctx.width, ctx.color)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(SyncCommand::Remove { name }) => {
            if ctx.store.subscription(&name)?.is_none() {
                return Err(UsageError(format!("no subscription called “{name}”")).into());
            }
            let n = ctx.store.delete_calendar(&name)?;
            println!("Removed the subscription “{name}” and its {n} events");
            Ok(ExitCode::SUCCESS)
        }
        Some(SyncCommand::Log { limit }) => {
            let log = ctx.store.sync_log(limit)?;
            if ctx.json {
                print_json(&log)?;
            } else if log.is_empty() {
                println!("No syncs yet.");
            } else {
                let rows = log
                    .iter()
                    .map(|l| {
                        (
                            if l.error.is_empty() {
                                Role::Plain
                            } else {
                                Role::Overdue
                            },
                            vec![
                                when(Some(l.at)),
                                l.target.clone(),
                                l.added.to_string(),
                                l.updated.to_string(),
                                l.removed.to_string(),
                                l.error.clone(),
                            ],
                        )
                    })
                    .collect();
                Table {
                    columns: Columns::new(
                        vec!["When", "Calendar", "Added", "Updated", "Removed", "Error"],
                        5,
                        vec![2, 3, 4],
                    ),
                    rows,
                }
                .print(ctx.width, ctx.color)?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
