//! What every command needs, resolved once: the store, the config, the clock and output style.

use std::io::IsTerminal;

use anyhow::Context as _;
use chrono::{DateTime, Local, Utc};

use crate::clock::Clock;

use super::args::Cli;
use crate::config::{ColorChoice, Config};
use crate::model::filter::{self, Filter};
use crate::store::Store;

pub use crate::ops::UsageError;

pub struct Context {
    pub store: Store,
    /// Where the database is (the log file sits beside it).
    pub db_path: std::path::PathBuf,
    pub config: Config,
    /// "Now" in the local zone, whole seconds (what is stored), read once from `clock`.
    pub now: DateTime<Local>,
    /// The clock the daemon and other long-running commands keep reading.
    pub clock: Clock,
    pub json: bool,
    pub color: bool,
    /// Terminal width for tables; `None` when output is not a terminal (no truncation).
    pub width: Option<usize>,
}

/// The config every command runs with, refused (exit 2) when the app could not build its
/// keymap or theme from it, as `tempo config check` does.
pub(super) fn load_config(cli: &Cli) -> Result<Config, crate::config::ConfigError> {
    Config::load_with(cli.config.as_deref(), crate::tui::check_config)
}

impl Context {
    pub fn from_cli(cli: &Cli) -> anyhow::Result<Context> {
        let config = load_config(cli)?;
        let clock = clock()?;
        let path = config.database_path(cli.db.as_deref()).ok_or_else(|| {
            UsageError("cannot find a home directory for the database; pass --db PATH".into())
        })?;
        let mut store =
            Store::open(&path).with_context(|| format!("opening {}", path.display()))?;
        store.set_undo_levels(config.general.undo_levels);
        for notice in store.take_notices() {
            eprintln!("note: {notice}");
        }
        let stdout_tty = std::io::stdout().is_terminal();
        let color = match cli.color.unwrap_or(config.display.color) {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                stdout_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        let width = if stdout_tty {
            crossterm::terminal::size()
                .ok()
                .map(|(w, _)| usize::from(w))
        } else {
            std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok())
        };
        Ok(Context {
            store,
            db_path: path,
            config,
            now: clock.now().with_timezone(&Local),
            clock,
            json: cli.json,
            color,
            width,
        })
    }

    pub fn now_utc(&self) -> DateTime<Utc> {
        self.now.with_timezone(&Utc)
    }

    /// Parses filter words given on the command line. Every argument is filter text, joined
    /// with spaces, as `modify`/`done`/`delete` read a filter: quoting changes nothing
    /// (`"project:work +next"` is the two words; a phrase keeps its own quotes, `'"buy milk"'`).
    pub fn filter(&self, words: &[String]) -> anyhow::Result<Filter> {
        Ok(filter::parse(&words.join(" "), &self.now)?)
    }
}

/// The clock: the wall clock, or `TEMPO_NOW` (see `crate::clock`). A bad value is the
/// caller's input, so it is a usage error.
pub(super) fn clock() -> anyhow::Result<Clock> {
    Clock::from_env().map_err(|e| UsageError(e.to_string()).into())
}
