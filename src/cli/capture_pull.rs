//! `tempo capture pull SOURCE`: signals read from another program's record of activity.

use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::context::Context;
use super::output::print_json;
use crate::interop::activitywatch::Client;
use crate::model::dates::parse_since;
use crate::ops::capture::{AwPull, pull_activitywatch};

type Out = anyhow::Result<ExitCode>;

#[derive(Debug, Subcommand)]
pub enum PullSource {
    /// Read a running ActivityWatch server (window, AFK, editor and web buckets) from where
    /// the last pull stopped (the first pull reads the last 7 days)
    #[command(name = "activitywatch")]
    ActivityWatch(AwArgs),
    /// Commands the shell hook recorded (the spool; `tempo daemon` also drains it every minute)
    Shell,
    /// Your commits in git repositories (each remembers what was read)
    Git {
        /// Repositories (default: [capture] git_repos)
        repos: Vec<std::path::PathBuf>,
        /// Read commits from this time on instead of since the last pull: 2026-11-01, mon, "in -7d"
        #[arg(long, value_name = "WHEN")]
        since: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct AwArgs {
    /// The aw-server to read [default: capture.activitywatch_url, http://127.0.0.1:5600]
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Read from this time instead of from where the last pull stopped: `mon`, `2026-11-20`,
    /// `yesterday 9:00`
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
}

pub(super) fn run(ctx: &mut Context, source: PullSource) -> Out {
    match source {
        PullSource::ActivityWatch(args) => activitywatch(ctx, &args),
        PullSource::Shell => super::capture_hook::pull_shell(ctx),
        PullSource::Git { repos, since } => {
            super::capture_hook::pull_git(ctx, &repos, since.as_deref())
        }
    }
}

fn activitywatch(ctx: &mut Context, args: &AwArgs) -> Out {
    let url = args
        .url
        .as_deref()
        .unwrap_or(&ctx.config.capture.activitywatch_url);
    let client = Client::new(url).map_err(crate::ops::Error::from)?;
    let since = match &args.since {
        Some(text) => Some(parse_since(text, &ctx.now)?.start(&ctx.now.timezone())),
        None => None,
    };
    let now = ctx.now_utc();
    let pull = pull_activitywatch(&mut ctx.store, &ctx.config.capture, &client, since, now)?;
    if ctx.json {
        print_json(&pull)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_pull(ctx, &pull)
}

fn print_pull(ctx: &Context, p: &AwPull) -> Out {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    println!(
        "Read {} from {}: {} → {}{}",
        plural(p.buckets, "bucket", "buckets"),
        p.url,
        plural(p.events, "new event", "new events"),
        plural(p.signals, "signal", "signals"),
        match p.unreadable {
            0 => String::new(),
            n => format!(" ({} could not be read)", plural(n, "event", "events")),
        }
    );
    match &p.ingest {
        Some(report) => {
            super::capture::print_report(ctx, report)?;
        }
        None if p.suggested > 0 => println!(
            "{}; `tempo review` lists them",
            plural(p.suggested, "new suggestion", "new suggestions")
        ),
        None => println!("Nothing new since the last pull."),
    }
    if !p.skipped_buckets.is_empty() {
        println!(
            "Skipped {} of a type Tempo does not read: {}",
            plural(p.skipped_buckets.len(), "bucket", "buckets"),
            p.skipped_buckets.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}
