//! `tempo sync …`: the subcommands, one module per group with its arguments beside it
//! (`accounts`, `calendars`, `conflicts`, `subscriptions`, `log`); a bare `tempo sync` syncs
//! every account and subscription now.

mod accounts;
mod calendars;
mod conflicts;
mod log;
mod oauth;
mod subscriptions;

use std::process::ExitCode;

use clap::Subcommand;

use super::context::Context;
use super::output::print_json;
use crate::config::local_zone;

type Out = anyhow::Result<ExitCode>;

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Subscribe a read-only calendar to an .ics URL (http, https, webcal) or file
    AddSubscription(subscriptions::AddSubscription),
    /// Subscriptions, when they last synced, and their last error
    List,
    /// Remove a subscription and its calendar's events
    Remove { name: String },
    /// What each sync did: when, how many added, updated, removed, and errors
    Log(log::LogArgs),
    /// Add a CalDAV account: finds its calendars (via /.well-known/caldav) and syncs them
    /// both ways. The password is never stored by Tempo: give where to get it.
    AddAccount(accounts::AddAccount),
    /// Sign an OAuth account in again (after "sign in again: tempo sync login NAME")
    Login(oauth::Login),
    /// CalDAV accounts, their calendars, last sync, pending local changes and last error
    ListAccounts,
    /// Remove a CalDAV account and the local copies of its calendars (the server keeps them)
    RemoveAccount(accounts::RemoveAccount),
    /// Turn an account's sync on or off, or change how often it syncs in the background
    Account(accounts::AccountSettings),
    /// Choose what a synced calendar syncs: events, tasks, or nothing
    Calendar(calendars::CalendarArgs),
    /// Items both sides changed in the same field: both versions, for you to choose
    Conflicts,
    /// Settle a conflict by keeping one version
    Resolve(conflicts::ResolveArgs),
}

pub(super) fn run(
    ctx: &mut Context,
    cmd: Option<SyncCommand>,
    only: Option<String>,
    account: Option<String>,
) -> Out {
    match cmd {
        None => sync_now(ctx, only, account),
        Some(SyncCommand::AddSubscription(a)) => subscriptions::add(ctx, a),
        Some(SyncCommand::List) => subscriptions::list(ctx),
        Some(SyncCommand::Remove { name }) => subscriptions::remove(ctx, &name),
        Some(SyncCommand::Log(a)) => log::show(ctx, &a),
        Some(SyncCommand::AddAccount(a)) => accounts::add(ctx, a),
        Some(SyncCommand::Login(a)) => oauth::login(ctx, &a),
        Some(SyncCommand::ListAccounts) => accounts::list(ctx),
        Some(SyncCommand::RemoveAccount(a)) => accounts::remove(ctx, &a),
        Some(SyncCommand::Account(a)) => accounts::settings(ctx, &a),
        Some(SyncCommand::Calendar(a)) => calendars::set(ctx, &a),
        Some(SyncCommand::Conflicts) => conflicts::list(ctx),
        Some(SyncCommand::Resolve(a)) => conflicts::resolve(ctx, &a),
    }
}

/// `tempo sync`: every account and subscription now (or just the one named); exit 2 when
/// what failed was the person's input, 1 for any other failure.
fn sync_now(ctx: &mut Context, only: Option<String>, account: Option<String>) -> Out {
    // What a sync does goes to the log too, each pass traced, as in the background.
    let _ = crate::log::init(
        &crate::config::log_path(&ctx.db_path),
        ctx.config.general.log_level,
    );
    let now = ctx.now_utc();
    let (accounts, names) = match (only, account) {
        (Some(n), _) => (vec![], vec![n]),
        (None, Some(a)) => (vec![a], vec![]),
        (None, None) => (
            crate::sync::due(&ctx.store, now, true)?,
            crate::sync::subscriptions::due(&ctx.store, now, true)?,
        ),
    };
    if names.is_empty() && accounts.is_empty() {
        println!(
            "Nothing to sync. Add a CalDAV account: tempo sync add-account NAME URL --user USER --password-env VAR\nor subscribe to a calendar: tempo sync add-subscription NAME URL"
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut results = Vec::new();
    let mut failed = accounts::sync(ctx, &accounts, &mut results);
    failed.extend(std::iter::repeat_n(
        1,
        subscriptions::refresh(ctx, &names, &mut results),
    ));
    if ctx.json {
        print_json(&results)?;
    }
    // Exit 2 only when every failure was in what the person gave (a password, a URL).
    Ok(match failed.iter().max() {
        None => ExitCode::SUCCESS,
        Some(_) if failed.iter().all(|c| *c == 2) => ExitCode::from(2),
        Some(_) => ExitCode::from(1),
    })
}

/// A time as the local date and minute, or "never".
fn when(t: Option<i64>) -> String {
    t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|t| {
            t.with_timezone(&local_zone())
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| "never".into())
}
