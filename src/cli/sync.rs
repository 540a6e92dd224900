//! `tempo sync …`.

use std::process::ExitCode;

use super::args::{KeepSide, SyncCommand, Toggle};
use super::context::{Context, UsageError};
use super::output::{Columns, Role, Table, print_json};
use crate::caldav::href;
use crate::config::local_zone;
use crate::ops::{caldav, sync};

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

pub(super) fn run(
    ctx: &mut Context,
    cmd: Option<SyncCommand>,
    only: Option<String>,
    account: Option<String>,
) -> Out {
    let (tz, now) = (local_zone(), ctx.now_utc());
    match cmd {
        None => {
            let (accounts, names) = match (only, account) {
                (Some(n), _) => (vec![], vec![n]),
                (None, Some(a)) => (vec![a], vec![]),
                (None, None) => (
                    caldav::due(&ctx.store, now, true)?,
                    sync::due(&ctx.store, now, true)?,
                ),
            };
            if names.is_empty() && accounts.is_empty() {
                println!(
                    "Nothing to sync. Add a CalDAV account: tempo sync add-account NAME URL --user USER --password-env VAR\nor subscribe to a calendar: tempo sync add-subscription NAME URL"
                );
                return Ok(ExitCode::SUCCESS);
            }
            let mut failed = 0;
            let mut results = Vec::new();
            for name in accounts {
                match caldav::sync_account(&mut ctx.store, &name, tz, now) {
                    Ok(r) => {
                        if !ctx.json {
                            println!("{}", r.describe());
                            for p in &r.problems {
                                eprintln!("warning: {name}: {p}");
                            }
                        }
                        results.push(serde_json::json!({"account": name, "result": r}));
                    }
                    Err(e) => {
                        failed += 1;
                        eprintln!("error: {e} (local data unchanged)");
                        results.push(serde_json::json!({"account": name, "error": e.to_string()}));
                    }
                }
            }
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
        Some(SyncCommand::AddAccount {
            name,
            url,
            user,
            password_env,
            password_command,
            keyring,
            every,
            ca_file,
            allow_http,
        }) => {
            if every == 0 {
                return Err(UsageError("--every must be at least 1 minute".into()).into());
            }
            // Before any password is asked for: the URL must not hold one itself, nor go
            // unencrypted over the network unless the person says so.
            href::refuse_userinfo(&url).map_err(UsageError)?;
            let ca_file = crate::ops::trust::ca_file(ca_file.as_deref())?;
            if let Some(warning) = crate::ops::trust::plain_http(&url, allow_http)? {
                eprintln!("warning: {warning}");
            }
            let (from, password) = if let Some(var) = password_env {
                let pw = std::env::var(&var).map_err(|_| {
                    UsageError(format!("the environment variable {var} is not set"))
                })?;
                (format!("env:{var}"), pw)
            } else if let Some(cmd) = password_command {
                let from = format!("command:{cmd}");
                let pw = caldav::password_from(&name, &from)?;
                (from, pw)
            } else if keyring {
                let pw = read_password(&format!("Password for {user} at {url}: "))?;
                if pw.is_empty() {
                    return Err(UsageError("no password on standard input".into()).into());
                }
                ("keyring".to_string(), pw)
            } else {
                return Err(UsageError(
                    "say where the password comes from: --password-env VAR, --password-command CMD or --keyring"
                        .into(),
                )
                .into());
            };
            let added = caldav::add_account(
                &mut ctx.store,
                &name,
                (&url, &user, &from),
                &password,
                (every, ca_file.as_deref()),
            )?;
            if from == "keyring" {
                if let Err(e) = caldav::keyring_store(&name, &password) {
                    ctx.store.remove_account(&name)?;
                    return Err(e.into());
                }
            }
            for r in &added.refused {
                eprintln!("warning: {name}: {r}");
            }
            if ctx.json {
                print_json(&added)?;
            } else {
                println!(
                    "Added account “{name}” ({} calendars at {}):",
                    added.calendars.len(),
                    added.home
                );
                for (cal, kinds) in &added.calendars {
                    println!(
                        "  {cal}  ({})",
                        if kinds.is_empty() {
                            "VEVENT,VTODO"
                        } else {
                            kinds
                        }
                    );
                }
                println!("Sync now: tempo sync --account {name}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(SyncCommand::ListAccounts) => list_accounts(ctx),
        Some(SyncCommand::RemoveAccount { name, force }) => {
            let account = ctx
                .store
                .account(&name)?
                .ok_or_else(|| UsageError(format!("no account called “{name}”")))?;
            let pending: usize =
                caldav::pending(&ctx.store, &account, (ctx.now_utc(), local_zone()))?
                    .iter()
                    .map(|(_, n)| n)
                    .sum();
            if pending > 0 && !force {
                return Err(UsageError(format!(
                    "“{name}” has {pending} local changes not yet uploaded; sync first (tempo sync --account {name}) or add --force"
                ))
                .into());
            }
            let n = ctx.store.remove_account(&name)?;
            println!("Removed the account “{name}” and the local copies of its {n} calendars");
            Ok(ExitCode::SUCCESS)
        }
        Some(SyncCommand::Account {
            name,
            enable,
            disable,
            every,
        }) => {
            if !enable && !disable && every.is_none() {
                return Err(UsageError("say --enable, --disable or --every MINUTES".into()).into());
            }
            if every == Some(0) {
                return Err(UsageError("--every must be at least 1 minute".into()).into());
            }
            if let Some(m) = every {
                ctx.store.set_account_interval(&name, m)?;
                println!("“{name}” syncs every {m} min in the background");
            }
            if enable || disable {
                ctx.store.set_account_enabled(&name, enable)?;
                println!("Sync of “{name}” is {}", if enable { "on" } else { "off" });
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(SyncCommand::Calendar {
            name,
            events,
            tasks,
            sync: on,
            new_tasks,
        }) => {
            let rc = ctx
                .store
                .remote_calendar(&name)?
                .ok_or_else(|| UsageError(format!("“{name}” is not a CalDAV calendar")))?;
            let is_on = |t: Option<Toggle>, current: bool| t.map_or(current, |t| t == Toggle::On);
            let (e, t, s) = (
                is_on(events, rc.events),
                is_on(tasks, rc.tasks),
                is_on(on, rc.enabled),
            );
            ctx.store
                .set_remote_calendar_options(rc.calendar_id, e, t, s)?;
            if new_tasks {
                ctx.store.set_setting(caldav::TASKS_CALENDAR, &name)?;
            }
            let yn = |b: bool| if b { "on" } else { "off" };
            println!(
                "“{name}”: sync {}, events {}, tasks {}{}",
                yn(s),
                yn(e),
                yn(t),
                if ctx.store.setting(caldav::TASKS_CALENDAR)?.as_deref() == Some(name.as_str()) {
                    "; new tasks go here"
                } else {
                    ""
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(SyncCommand::Conflicts) => {
            let list = ctx.store.conflicts()?;
            if ctx.json {
                print_json(&list)?;
            } else if list.is_empty() {
                println!("No conflicts.");
            } else {
                for c in &list {
                    println!(
                        "{}  {}  in {} ({}): both sides changed {}",
                        c.id,
                        caldav::summary_of(&c.local),
                        c.calendar,
                        when(Some(c.at)),
                        c.fields
                    );
                    println!("    here:   {}", caldav::field_values(&c.local, &c.fields));
                    println!("    server: {}", caldav::field_values(&c.remote, &c.fields));
                }
                println!("Keep one: tempo sync resolve ID --keep local|remote");
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(SyncCommand::Resolve { id, keep }) => {
            let k = match keep {
                KeepSide::Local => caldav::Keep::Local,
                KeepSide::Remote => caldav::Keep::Remote,
            };
            let title = caldav::resolve(&mut ctx.store, id, k, tz, now)?;
            println!(
                "Kept the {} version of “{title}”{}",
                if k == caldav::Keep::Local {
                    "local"
                } else {
                    "server's"
                },
                if k == caldav::Keep::Local {
                    "; it is uploaded at the next sync"
                } else {
                    ""
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(SyncCommand::AddSubscription {
            name,
            source,
            every,
            ca_file,
        }) => {
            if every == 0 {
                return Err(UsageError("--every must be at least 1 minute".into()).into());
            }
            let ca_file = crate::ops::trust::ca_file(ca_file.as_deref())?;
            let settings = (every, ca_file.as_deref());
            let r = sync::subscribe(&mut ctx.store, &name, &source, settings, tz, now)?;
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
            let subs: Vec<_> = ctx
                .store
                .subscriptions()?
                .into_iter()
                .map(|s| crate::store::Subscription {
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
            let log: Vec<_> = ctx
                .store
                .sync_log(limit)?
                .into_iter()
                .map(|l| crate::store::SyncLogEntry {
                    error: href::redact_text(&l.error),
                    ..l
                })
                .collect();
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

fn list_accounts(ctx: &mut Context) -> Out {
    let accounts = ctx.store.accounts()?;
    if ctx.json {
        let mut out = Vec::new();
        for a in &accounts {
            let cals = ctx.store.remote_calendars(a.id)?;
            let pending = caldav::pending(&ctx.store, a, (ctx.now_utc(), local_zone()))?;
            let shown = crate::store::Account {
                url: href::redact(&a.url),
                last_error: href::redact_text(&a.last_error),
                ..a.clone()
            };
            out.push(serde_json::json!({
                "account": shown,
                "calendars": cals,
                "pending": pending.iter().map(|(c, n)| serde_json::json!({"calendar": c, "changes": n})).collect::<Vec<_>>(),
            }));
        }
        print_json(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if accounts.is_empty() {
        println!(
            "No accounts. Add one: tempo sync add-account NAME URL --user USER --password-env VAR"
        );
        return Ok(ExitCode::SUCCESS);
    }
    for a in &accounts {
        println!(
            "{}  {} as {}  ({}; every {} min; last sync {}{})",
            a.name,
            href::redact(&a.url),
            a.username,
            if a.enabled { "on" } else { "off" },
            a.interval_minutes,
            when(a.last_sync),
            if a.last_error.is_empty() {
                String::new()
            } else {
                format!("; last error: {}", href::redact_text(&a.last_error))
            }
        );
        let pending = caldav::pending(&ctx.store, a, (ctx.now_utc(), local_zone()))?;
        let tasks_home = ctx.store.setting(caldav::TASKS_CALENDAR)?;
        for rc in ctx.store.remote_calendars(a.id)? {
            let n = pending
                .iter()
                .find(|(c, _)| c == &rc.calendar)
                .map_or(0, |(_, n)| *n);
            let mut what = Vec::new();
            if rc.events {
                what.push("events");
            }
            if rc.tasks {
                what.push("tasks");
            }
            println!(
                "  {}  {}{}{}{}",
                rc.calendar,
                if rc.enabled {
                    what.join("+")
                } else {
                    "not synced".into()
                },
                if tasks_home.as_deref() == Some(rc.calendar.as_str()) {
                    " · new tasks go here"
                } else {
                    ""
                },
                if n > 0 {
                    format!(" · {n} local changes to upload")
                } else {
                    String::new()
                },
                format_args!("  {}", rc.href)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A password from standard input: typed without echo at a terminal, else its first line.
fn read_password(prompt: &str) -> anyhow::Result<String> {
    use std::io::{IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
    eprint!("{prompt}");
    std::io::stderr().flush()?;
    crossterm::terminal::enable_raw_mode()?;
    let mut pw = String::new();
    let result = loop {
        match event::read() {
            Ok(Event::Key(k)) if k.kind == KeyEventKind::Press => match k.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                    break Err(anyhow::anyhow!("cancelled"));
                }
                KeyCode::Backspace => {
                    pw.pop();
                }
                KeyCode::Char(c) => pw.push(c),
                _ => {}
            },
            Ok(_) => {}
            Err(e) => break Err(e.into()),
        }
    };
    let _ = crossterm::terminal::disable_raw_mode();
    eprintln!();
    result.map(|()| pw)
}
