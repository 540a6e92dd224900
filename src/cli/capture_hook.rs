//! `tempo capture hook bash|zsh|fish`, `tempo capture pull shell|git`, and draining the shell
//! spool before `tempo review`, `tempo capture ingest` and in the daemon.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, TimeDelta, Utc};
use clap::ValueEnum;

use super::args::Cli;
use super::capture::print_report;
use super::context::{Context, UsageError, load_config};
use super::output::print_json;
use crate::clock::Clock;
use crate::config::CaptureConfig;
use crate::interop::shell_hook::{self, Shell};
use crate::log;
use crate::model::dates::parse_since;
use crate::ops::capture::{self as ops, GitPull, SpoolDrain};
use crate::store::Store;

type Out = anyhow::Result<ExitCode>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HookShell {
    Bash,
    Zsh,
    Fish,
}

impl From<HookShell> for Shell {
    fn from(s: HookShell) -> Shell {
        match s {
            HookShell::Bash => Shell::Bash,
            HookShell::Zsh => Shell::Zsh,
            HookShell::Fish => Shell::Fish,
        }
    }
}

/// `tempo capture hook SHELL`: the script, with the spool path baked in. Run once per shell
/// start, so it makes sure the spool exists (private) but does not open the database.
pub(super) fn hook(cli: &Cli, shell: HookShell) -> Out {
    let config = load_config(cli)?;
    let db = config.database_path(cli.db.as_deref()).ok_or_else(|| {
        UsageError("cannot find a home directory for the database; pass --db PATH".into())
    })?;
    let spool = ops::spool_path(&config.capture, &db);
    ops::prepare_spool(&spool).map_err(|e| {
        anyhow::Error::from(crate::ops::Error::from(e))
            .context(format!("creating the spool {}", spool.display()))
    })?;
    print!("{}", shell_hook::script(shell.into(), &spool));
    Ok(ExitCode::SUCCESS)
}

pub(super) fn pull_shell(ctx: &mut Context) -> Out {
    let now = ctx.now_utc();
    let spool = ops::spool_path(&ctx.config.capture, &ctx.db_path);
    let drain = ops::drain_spool(&mut ctx.store, &ctx.config.capture, &spool, now)?;
    if ctx.json {
        print_json(&drain)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_drain(&drain);
    match &drain.ingest {
        Some(r) => print_report(ctx, r),
        None => Ok(ExitCode::SUCCESS),
    }
}

fn print_drain(d: &SpoolDrain) {
    let plural = if d.commands == 1 { "" } else { "s" };
    println!(
        "Shell: {} command{plural} read from {}",
        d.commands,
        d.spool.display()
    );
    if d.unreadable > 0 {
        println!(
            "  {} line(s) not in the hook's format skipped",
            d.unreadable
        );
    }
}

pub(super) fn pull_git(ctx: &mut Context, repos: &[PathBuf], since: Option<&str>) -> Out {
    let since = since
        .map(|s| parse_since(s, &ctx.now).map(|w| w.start(&ctx.now.timezone())))
        .transpose()?;
    let now = ctx.now_utc();
    let pull = ops::pull_git(&mut ctx.store, &ctx.config.capture, repos, since, now)?;
    if ctx.json {
        print_json(&pull)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_git(&pull);
    match &pull.ingest {
        Some(r) => print_report(ctx, r),
        None => Ok(ExitCode::SUCCESS),
    }
}

fn print_git(pull: &GitPull) {
    for r in &pull.repos {
        println!(
            "Git {} ({}): {} commit{} by {} ({} read)",
            r.repository,
            r.path.display(),
            r.commits,
            if r.commits == 1 { "" } else { "s" },
            r.author,
            r.read
        );
    }
}

/// Before `tempo review` and `tempo capture ingest`: the commands the hook recorded since the
/// last drain, so the queue is current. A failure is reported and does not stop the command.
pub(super) fn drain_first(ctx: &mut Context) {
    let spool = ops::spool_path(&ctx.config.capture, &ctx.db_path);
    if !spool.exists() {
        return;
    }
    let now = ctx.now_utc();
    if let Err(e) = ops::drain_spool(&mut ctx.store, &ctx.config.capture, &spool, now) {
        eprintln!(
            "warning: the shell spool {} was not read: {e}",
            spool.display()
        );
    }
}

/// The daemon's share: drains the spool when it starts and then every minute (by `clock`, so
/// tests move it), on a connection of its own, until `stop` is raised.
pub(super) fn spawn_daemon_drain(
    db_path: PathBuf,
    cfg: CaptureConfig,
    clock: Clock,
    stop: Arc<AtomicBool>,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("capture-spool".into())
        .spawn(move || {
            let spool = ops::spool_path(&cfg, &db_path);
            let mut last: Option<DateTime<Utc>> = None;
            while !stop.load(Ordering::Relaxed) {
                let now = clock.now();
                // A clock set back also drains: waiting for it to catch up could take hours.
                if last.is_none_or(|l| now - l >= TimeDelta::minutes(1) || now < l) {
                    last = Some(now);
                    drain_once(&db_path, &cfg, &spool, now);
                }
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
        })
}

fn drain_once(db: &Path, cfg: &CaptureConfig, spool: &Path, now: DateTime<Utc>) {
    // No spool: no hook was ever set up here, and none is created for it.
    if !spool.exists() {
        return;
    }
    let result = Store::open(db)
        .map_err(crate::ops::Error::from)
        .and_then(|mut store| ops::drain_spool(&mut store, cfg, spool, now));
    match result {
        Ok(d) if d.commands > 0 => log::line(&format!(
            "capture: {} command(s) from the shell spool {}",
            d.commands,
            spool.display()
        )),
        Ok(_) => {}
        Err(e) => log::line(&format!(
            "capture: draining the shell spool {} failed: {e}",
            spool.display()
        )),
    }
}
