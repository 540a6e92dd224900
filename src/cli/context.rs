//! What every command needs, resolved once: the store, the config, the clock and output style.

use std::io::IsTerminal;

use anyhow::Context as _;
use chrono::{DateTime, Local, SubsecRound, Utc};

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
    /// "Now" in the local zone, whole seconds (what is stored).
    pub now: DateTime<Local>,
    pub json: bool,
    pub color: bool,
    /// Terminal width for tables; `None` when output is not a terminal (no truncation).
    pub width: Option<usize>,
}

impl Context {
    pub fn from_cli(cli: &Cli) -> anyhow::Result<Context> {
        let config = Config::load(cli.config.as_deref())?;
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
            now: clock()?,
            json: cli.json,
            color,
            width,
        })
    }

    pub fn now_utc(&self) -> DateTime<Utc> {
        self.now.with_timezone(&Utc)
    }

    /// Parses filter words given on the command line (each argument one or more words).
    pub fn filter(&self, words: &[String]) -> anyhow::Result<Filter> {
        let text = join_words(words);
        Ok(filter::parse(&text, &self.now)?)
    }
}

/// The wall clock, or `TEMPO_NOW` (an RFC 3339 instant) so scripts and tests can pin time.
fn clock() -> anyhow::Result<DateTime<Local>> {
    match std::env::var("TEMPO_NOW") {
        Ok(s) if !s.is_empty() => {
            let t = DateTime::parse_from_rfc3339(&s).map_err(|e| {
                UsageError(format!("TEMPO_NOW=`{s}` is not an RFC 3339 instant: {e}"))
            })?;
            Ok(t.with_timezone(&Local).trunc_subsecs(0))
        }
        _ => Ok(Local::now().trunc_subsecs(0)),
    }
}

/// Joins shell words back into one filter text, quoting an argument that contained spaces so
/// `due.before:"tomorrow 15:00"` survives the shell's quote removal.
pub(super) fn join_words(words: &[String]) -> String {
    words
        .iter()
        .map(|w| match w.split_once(':') {
            _ if !w.contains(char::is_whitespace) || w.contains('"') => w.clone(),
            Some((name, value)) if !name.contains(char::is_whitespace) => {
                format!("{name}:\"{value}\"")
            }
            _ => format!("\"{w}\""),
        })
        .collect::<Vec<_>>()
        .join(" ")
}
