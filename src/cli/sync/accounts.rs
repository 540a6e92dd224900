//! `tempo sync add-account | list-accounts | remove-account | account`, and the accounts'
//! part of a bare `tempo sync`.

use std::process::ExitCode;

use clap::Args;

use super::{Out, when};
use crate::cli::context::{Context, UsageError};
use crate::cli::output::print_json;
use crate::config::local_zone;
use crate::store::Account;
use crate::sync::dav::href;
use crate::sync::schedule::is_paused;

#[derive(Debug, Args)]
pub struct AddAccount {
    /// A name for the account
    name: String,
    /// The server (https://dav.example.com) or the account's CalDAV URL
    url: String,
    #[arg(long, required_unless_present = "oauth_kind")]
    user: Option<String>,
    /// Read the password from this environment variable
    #[arg(long, group = "secret")]
    password_env: Option<String>,
    /// Run this shell command and take the first line it prints (e.g. `pass show dav`)
    #[arg(long, group = "secret")]
    password_command: Option<String>,
    /// Keep the password in the OS keyring (Secret Service); it is read from standard input
    #[arg(long, group = "secret")]
    keyring: bool,
    /// Sync in the background this often, in minutes
    #[arg(long, default_value_t = 15)]
    every: u32,
    /// Also trust the certificate authorities in this PEM file (a private CA)
    #[arg(long, value_name = "PATH")]
    ca_file: Option<String>,
    /// Allow sending the password over plain http:// to a host other than this machine
    #[arg(long)]
    allow_http: bool,
    #[command(flatten)]
    oauth: super::oauth::OAuthArgs,
}

#[derive(Debug, Args)]
pub struct RemoveAccount {
    name: String,
    /// Remove it even though local changes were never uploaded
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Args)]
pub struct AccountSettings {
    name: String,
    #[arg(long, conflicts_with = "disable")]
    enable: bool,
    #[arg(long)]
    disable: bool,
    /// Sync in the background this often, in minutes
    #[arg(long)]
    every: Option<u32>,
}

/// Syncs `names` now, printing each outcome; the exit code each failure asks for.
pub(super) fn sync(
    ctx: &mut Context,
    names: &[String],
    results: &mut Vec<serde_json::Value>,
) -> Vec<u8> {
    let (tz, now) = (local_zone(), ctx.now_utc());
    let mut failed = Vec::new();
    for name in names {
        match crate::sync::sync_account(&mut ctx.store, name, tz, now) {
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
                failed.push(crate::error::Kinded::kind(&e).exit_code());
                eprintln!("error: {e} (local data unchanged)");
                results.push(serde_json::json!({"account": name, "error": e.to_string()}));
            }
        }
    }
    failed
}

pub(super) fn add(ctx: &mut Context, a: AddAccount) -> Out {
    if a.every == 0 {
        return Err(UsageError("--every must be at least 1 minute".into()).into());
    }
    // Before any password is asked for: the URL must not hold one itself, nor go
    // unencrypted over the network unless the person says so.
    // With --google the "URL" is the Google address, checked as such.
    if !a.oauth.google {
        href::refuse_userinfo(&a.url).map_err(UsageError)?;
    }
    let ca_file = crate::sync::trust::ca_file(a.ca_file.as_deref())?;
    if let Some(warning) = crate::sync::trust::plain_http(&a.url, a.allow_http)? {
        eprintln!("warning: {warning}");
    }
    let name = &a.name;
    let (added, from, password) = if a.oauth.any() {
        let settings = (a.every, ca_file.as_deref());
        let added = super::oauth::add(ctx, (name, &a.url), &a.oauth, settings)?;
        (added, "oauth".to_string(), String::new())
    } else {
        let (from, password) = password_source(&a)?;
        let user = a.user.clone().unwrap_or_default();
        let added = crate::sync::add_account(
            &mut ctx.store,
            name,
            (&a.url, &user, &from),
            &password,
            (a.every, ca_file.as_deref()),
        )?;
        (added, from, password)
    };
    if from == "keyring"
        && let Err(e) = crate::sync::keyring_store(name, &password)
    {
        ctx.store.remove_account(name)?;
        return Err(e.into());
    }
    for r in &added.refused {
        eprintln!("warning: {name}: {r}");
    }
    if ctx.json {
        print_json(&added)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "Added account “{name}” ({} calendars at {}):",
        added.calendars.len(),
        added.home
    );
    for (cal, kinds) in &added.calendars {
        let kinds = if kinds.is_empty() {
            "VEVENT,VTODO"
        } else {
            kinds
        };
        println!("  {cal}  ({kinds})");
    }
    println!("Sync now: tempo sync --account {name}");
    Ok(ExitCode::SUCCESS)
}

/// Where the password comes from (as recorded) and the password itself.
fn password_source(a: &AddAccount) -> anyhow::Result<(String, String)> {
    if let Some(var) = &a.password_env {
        let pw = std::env::var(var)
            .map_err(|_| UsageError(format!("the environment variable {var} is not set")))?;
        return Ok((format!("env:{var}"), pw));
    }
    if let Some(cmd) = &a.password_command {
        let from = format!("command:{cmd}");
        let pw = crate::sync::password_from(&a.name, &from)?;
        return Ok((from, pw));
    }
    if a.keyring {
        let user = a.user.as_deref().unwrap_or_default();
        let pw = read_password(&format!("Password for {user} at {}: ", a.url))?;
        if pw.is_empty() {
            return Err(UsageError("no password on standard input".into()).into());
        }
        return Ok(("keyring".to_string(), pw));
    }
    Err(UsageError(
        "say where the password comes from: --password-env VAR, --password-command CMD or --keyring"
            .into(),
    )
    .into())
}

pub(super) fn remove(ctx: &mut Context, a: &RemoveAccount) -> Out {
    let name = &a.name;
    let account = ctx
        .store
        .account(name)?
        .ok_or_else(|| UsageError(format!("no account called “{name}”")))?;
    let pending: usize = crate::sync::pending(&ctx.store, &account, (ctx.now_utc(), local_zone()))?
        .iter()
        .map(|(_, n)| n)
        .sum();
    if pending > 0 && !a.force {
        return Err(UsageError(format!(
            "“{name}” has {pending} local changes not yet uploaded; sync first (tempo sync --account {name}) or add --force"
        ))
        .into());
    }
    let oauth = ctx.store.account_oauth(name)?.is_some();
    let n = ctx.store.remove_account(name)?;
    if oauth && let Ok(db) = crate::sync::oauth::db_path(&ctx.store) {
        crate::sync::oauth::vault::forget(name, &db);
    }
    println!("Removed the account “{name}” and the local copies of its {n} calendars");
    Ok(ExitCode::SUCCESS)
}

pub(super) fn settings(ctx: &mut Context, a: &AccountSettings) -> Out {
    let name = &a.name;
    if !a.enable && !a.disable && a.every.is_none() {
        return Err(UsageError("say --enable, --disable or --every MINUTES".into()).into());
    }
    if a.every == Some(0) {
        return Err(UsageError("--every must be at least 1 minute".into()).into());
    }
    if let Some(m) = a.every {
        ctx.store.set_account_interval(name, m)?;
        println!("“{name}” syncs every {m} min in the background");
    }
    if a.enable || a.disable {
        ctx.store.set_account_enabled(name, a.enable)?;
        println!(
            "Sync of “{name}” is {}",
            if a.enable { "on" } else { "off" }
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn list(ctx: &mut Context) -> Out {
    let accounts = ctx.store.accounts()?;
    if ctx.json {
        return list_json(ctx, &accounts);
    }
    if accounts.is_empty() {
        println!(
            "No accounts. Add one: tempo sync add-account NAME URL --user USER --password-env VAR"
        );
        return Ok(ExitCode::SUCCESS);
    }
    for a in &accounts {
        let (_, sign_in) = super::oauth::auth_state(ctx, &a.name)?;
        println!("{}", account_line(a));
        if let Some(note) = sign_in {
            println!("  {note}");
        }
        print_calendars(ctx, a)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn list_json(ctx: &Context, accounts: &[Account]) -> Out {
    let mut out = Vec::new();
    for a in accounts {
        let cals = ctx.store.remote_calendars(a.id)?;
        let pending = crate::sync::pending(&ctx.store, a, (ctx.now_utc(), local_zone()))?;
        let shown = Account {
            url: href::redact(&a.url),
            last_error: href::redact_text(&a.last_error),
            ..a.clone()
        };
        let (auth, _) = super::oauth::auth_state(ctx, &a.name)?;
        out.push(serde_json::json!({
            "account": shown,
            "auth": auth,
            "paused": is_paused(a),
            "calendars": cals,
            "pending": pending.iter().map(|(c, n)| serde_json::json!({"calendar": c, "changes": n})).collect::<Vec<_>>(),
        }));
    }
    print_json(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// An account's line: where, as whom, whether it syncs, when it last did, its last error.
fn account_line(a: &Account) -> String {
    let state = match (a.enabled, is_paused(a)) {
        (false, _) => "off",
        (true, true) => "paused",
        (true, false) => "on",
    };
    format!(
        "{}  {} {}  ({state}; every {} min; last sync {}{})",
        a.name,
        href::redact(&a.url),
        if a.password_from == "oauth" {
            "with OAuth".to_string()
        } else {
            format!("as {}", a.username)
        },
        a.interval_minutes,
        when(a.last_sync),
        if a.last_error.is_empty() {
            String::new()
        } else {
            format!("; last error: {}", href::redact_text(&a.last_error))
        }
    )
}

/// An account's calendars, each with what it syncs and its local changes to upload.
fn print_calendars(ctx: &Context, a: &Account) -> anyhow::Result<()> {
    let pending = crate::sync::pending(&ctx.store, a, (ctx.now_utc(), local_zone()))?;
    let tasks_home = ctx.store.setting(crate::sync::TASKS_CALENDAR)?;
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
    Ok(())
}

/// A password from standard input: typed without echo at a terminal, else its first line.
fn read_password(prompt: &str) -> anyhow::Result<String> {
    use std::io::{IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    eprint!("{prompt}");
    std::io::stderr().flush()?;
    crossterm::terminal::enable_raw_mode()?;
    let result = read_hidden();
    let _ = crossterm::terminal::disable_raw_mode();
    eprintln!();
    result
}

/// Keys up to Enter, not echoed (the terminal is in raw mode).
fn read_hidden() -> anyhow::Result<String> {
    use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
    let mut pw = String::new();
    loop {
        match event::read()? {
            Event::Key(k) if k.kind == KeyEventKind::Press => match k.code {
                KeyCode::Enter => return Ok(pw),
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                    return Err(anyhow::anyhow!("cancelled"));
                }
                KeyCode::Backspace => {
                    pw.pop();
                }
                KeyCode::Char(c) => pw.push(c),
                _ => {}
            },
            _ => {}
        }
    }
}
