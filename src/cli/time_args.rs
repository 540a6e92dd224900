//! clap definitions of the time-tracking commands: `track`, `time`, `report`, `client`.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum TrackCommand {
    /// Start tracking now (the running entry stops): tempo track start 12 +call type:meeting
    Start {
        /// A task id, then attributes (project: client: +tag type: billable:no note:) and
        /// note words
        #[arg(num_args = 0.., allow_hyphen_values = true)]
        words: Vec<String>,
        /// Trim entries the new one would overlap instead of refusing
        #[arg(long)]
        adjust: bool,
    },
    /// Stop the running entry, now or at a time (tempo track stop 17:30)
    Stop {
        #[arg(num_args = 0..)]
        at: Vec<String>,
    },
    /// Start a new entry like entry ID (default: the latest)
    Continue { id: Option<i64> },
    /// Backfill: tempo track add 9:00-10:30 project:web, tempo track add yesterday 14:00 for 45m 12
    Add {
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
        words: Vec<String>,
        /// Trim entries the new one would overlap instead of refusing
        #[arg(long)]
        adjust: bool,
    },
    /// What is being tracked (fast: for shell prompts)
    Status,
}

#[derive(Debug, Subcommand)]
pub enum TimeCommand {
    /// Time entries: tempo time log week project:web
    Log {
        /// A range word (today, yesterday, week, last-week, month, last-month, year, all),
        /// then a filter (project: client: +tag -tag type: billable:)
        #[arg(num_args = 0.., allow_hyphen_values = true)]
        words: Vec<String>,
        #[command(flatten)]
        range: RangeArgs,
    },
    /// Change an entry: tempo time edit 4 start:9:15 end:10:00 project:web +call
    Edit {
        id: i64,
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
        words: Vec<String>,
        #[arg(long)]
        adjust: bool,
    },
    /// Split an entry in two at a time
    Split {
        id: i64,
        #[arg(required = true, num_args = 1..)]
        at: Vec<String>,
    },
    /// Join two neighbouring entries into the first
    Join { first: i64, second: i64 },
    /// Move an entry to start at a time, keeping its length
    Move {
        id: i64,
        #[arg(required = true, num_args = 1..)]
        at: Vec<String>,
        #[arg(long)]
        adjust: bool,
    },
    /// Delete an entry (undoable)
    Delete { id: i64 },
}

#[derive(Debug, Args, Default, Clone)]
pub struct RangeArgs {
    /// First day (Tempo's date words: mon, 2026-11-01, yesterday)
    #[arg(long, value_name = "DAY")]
    pub from: Option<String>,
    /// Last day, included
    #[arg(long, value_name = "DAY")]
    pub to: Option<String>,
    /// Same as --from
    #[arg(long, value_name = "DAY", conflicts_with = "from", hide = true)]
    pub since: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A range word (today, yesterday, week, last-week, month, last-month, year, all), then a
    /// filter (project: client: +tag -tag type: billable:)
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub words: Vec<String>,
    #[command(flatten)]
    pub range: RangeArgs,
    /// Group by project, client, tag, task, day or type (repeat, or comma-separated, for
    /// sub-totals) [default: project]
    #[arg(long, value_delimiter = ',')]
    pub by: Vec<String>,
    /// One row per entry and day as CSV (RFC 4180) for invoicing tools
    #[arg(long, conflicts_with = "timesheet")]
    pub csv: bool,
    /// A day × project grid of the week
    #[arg(long)]
    pub timesheet: bool,
}

#[derive(Debug, Subcommand)]
pub enum ClientCommand {
    /// Add a client: tempo client add Acme --rate 85 --currency EUR --rounding 15m --project web
    Add {
        name: String,
        #[command(flatten)]
        settings: ClientSettings,
    },
    /// Clients with their rates, rounding and projects
    List,
    /// Change a client's settings
    Edit {
        name: String,
        /// A new name
        #[arg(long)]
        rename: Option<String>,
        #[command(flatten)]
        settings: ClientSettings,
    },
}

#[derive(Debug, Args, Clone)]
pub struct ClientSettings {
    /// Hourly rate (85, 92.50)
    #[arg(long)]
    pub rate: Option<String>,
    /// Currency code (EUR, USD)
    #[arg(long)]
    pub currency: Option<String>,
    /// Billing rounding: none, 6m, 15m, 30m, or 15m/day to round each day's total
    #[arg(long)]
    pub rounding: Option<String>,
    /// A project of this client (its entries bill to the client); PROJECT=RATE gives the
    /// project its own rate. Repeatable.
    #[arg(long = "project", value_name = "PROJECT[=RATE]")]
    pub projects: Vec<String>,
}
