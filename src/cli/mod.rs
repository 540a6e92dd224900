//! The command line: clap definitions, the shared context (store, config, clock), and dispatch
//! to one module per command group. Flags as given → resolved `Context` → run.

mod api_args;
mod args;
mod argv;
mod cal;
mod capture;
mod capture_args;
mod capture_hook;
mod capture_pull;
mod client;
mod confirm;
mod context;
mod endpoint;
mod focus;
mod focus_stats;
mod focus_watch;
mod insights;
mod insights_args;
mod list;
mod meta;
mod notify;
mod output;
mod pipe;
mod plan;
mod plan_estimate;
mod report;
mod report_text;
mod review;
mod sync;
mod tasks;
mod time_args;
mod time_log;
mod track;
mod transfer;

use std::io::IsTerminal;
use std::process::ExitCode;

pub use args::{Cli, Command, FocusCommand};
pub use argv::normalize as normalize_args;
pub use context::{Context, UsageError};
pub use pipe::{is_broken_pipe, quiet_on_broken_pipe};

/// Runs a parsed command line. Errors caused by the user's input are `UsageError`s (or carry
/// one of the library's input error types) and end with exit code 2.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let cli = with_env(cli);
    match &cli.command {
        Some(Command::Completions { shell }) => return meta::completions(*shell),
        Some(Command::Man) => return meta::man(),
        Some(Command::Config { action }) => return meta::config(&cli, action),
        Some(Command::Capture {
            action: capture_args::CaptureCommand::Hook { shell },
        }) => return capture_hook::hook(&cli, *shell),
        _ => {}
    }
    // Bare `tempo` on a terminal opens the full-screen app; piped, it prints the list.
    if cli.command.is_none() && std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        let config = context::load_config(&cli)?;
        let path = config.database_path(cli.db.as_deref()).ok_or_else(|| {
            UsageError("cannot find a home directory for the database; pass --db PATH".into())
        })?;
        crate::tui::run(&path, &config, context::clock()?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(Command::Track {
        action: args::TrackCommand::Status,
    }) = &cli.command
    {
        if let Some(code) = track::quick_status(&cli)? {
            return Ok(code);
        }
    }
    let mut ctx = Context::from_cli(&cli)?;
    match cli
        .command
        .unwrap_or(Command::List(args::ListArgs::default()))
    {
        Command::Add { words } => tasks::add(&mut ctx, &words),
        Command::List(a) => list::list(&ctx, &a),
        Command::Show { id } => tasks::show(&ctx, &id),
        Command::Modify { target, mods, yes } => tasks::modify(&mut ctx, &target, &mods, yes),
        Command::Start { ids } => tasks::start_stop(&mut ctx, &ids, true),
        Command::Stop { ids } => tasks::start_stop(&mut ctx, &ids, false),
        Command::Done { ids, yes } => tasks::done(&mut ctx, &ids, yes),
        Command::Delete { ids, yes } => tasks::delete(&mut ctx, &ids, yes),
        Command::Annotate { id, text } => tasks::annotate(&mut ctx, &id, &text),
        Command::Undo => tasks::undo(&mut ctx),
        Command::Projects => tasks::projects(&ctx),
        Command::Tags => tasks::tags(&ctx),
        Command::Import { format } => transfer::import(&mut ctx, &format),
        Command::Focus { action } => focus::run(&mut ctx, action),
        Command::Track { action } => track::run(&mut ctx, action),
        Command::Time { action } => time_log::run(&mut ctx, action),
        Command::Report(a) => report::run(&ctx, &a),
        Command::Client { action } => client::run(&mut ctx, action),
        Command::Capture { action } => capture::run(&mut ctx, action),
        Command::Review { action, all } => review::run(&mut ctx, action, all),
        Command::Insights(a) => insights::run(&ctx, &a),
        Command::Cal { action } => cal::run(&mut ctx, action),
        Command::Block { task, words } => cal::block(&mut ctx, &task, &words),
        Command::Plan(a) => plan::run(&mut ctx, a),
        Command::Daemon => notify::daemon(&ctx),
        Command::Serve(a) => endpoint::serve(&ctx, &a),
        Command::Api {
            action: api_args::ApiCommand::Token { rotate },
        } => endpoint::token(&ctx, rotate),
        Command::Sync {
            action,
            calendar,
            account,
        } => sync::run(&mut ctx, action, calendar, account),
        Command::Notify { action } => notify::run(&mut ctx, action),
        Command::Export { format } => transfer::export(&ctx, &format),
        Command::Estimate(cmd) => plan_estimate::run(&ctx, cmd),
        Command::Completions { .. } | Command::Man | Command::Config { .. } => {
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `TEMPO_DB` and `TEMPO_CONFIG` stand in for `--db` and `--config`. They are read here and not
/// by clap, whose usage lines show a flag set from the environment as if it were required
/// (`tempo add --db <PATH> <WORDS>...`).
fn with_env(mut cli: Cli) -> Cli {
    let var = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(std::path::PathBuf::from)
    };
    cli.db = cli.db.or_else(|| var("TEMPO_DB"));
    cli.config = cli.config.or_else(|| var("TEMPO_CONFIG"));
    cli
}

/// Exit code for an error, from the kind of the first kinded error in its chain (outermost
/// first): 2 for bad input, 1 for the system and for transient failures. An error no layer
/// classified (a failed write to standard output, say) is the system's.
pub fn exit_code_for(err: &anyhow::Error) -> u8 {
    crate::error::kind_in_chain(err.chain())
        .unwrap_or(crate::error::ErrorKind::System)
        .exit_code()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::SyncError;
    use crate::sync::dav::DavError;

    #[test]
    fn the_first_kinded_error_in_a_chain_decides() {
        use crate::error::{ErrorKind, kind_in_chain};
        let err = anyhow::Error::from(crate::ops::usage("bad id")).context("modifying");
        assert_eq!(kind_in_chain(err.chain()), Some(ErrorKind::BadInput));
        let plain = anyhow::anyhow!("no kind here");
        assert_eq!(kind_in_chain(plain.chain()), None);
    }

    #[test]
    fn exit_codes_come_from_the_first_kinded_error() {
        let usage = anyhow::Error::from(UsageError("bad".into())).context("adding");
        assert_eq!(exit_code_for(&usage), 2);
        let refused = anyhow::Error::from(SyncError::dav("home", DavError::Unauthorized));
        assert_eq!(exit_code_for(&refused), 2);
        let down = anyhow::Error::from(crate::ops::Error::sync(SyncError::dav(
            "home",
            DavError::Unreachable {
                host: "127.0.0.1".into(),
                why: "connection refused".into(),
            },
        )));
        assert_eq!(exit_code_for(&down), 1);
        let disk = anyhow::Error::from(crate::ops::Error::from(std::io::Error::other("full")));
        assert_eq!(exit_code_for(&disk), 1);
        assert_eq!(exit_code_for(&anyhow::anyhow!("unclassified")), 1);
    }
}
