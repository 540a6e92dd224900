//! clap definitions: the whole command-line surface in one place.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use super::capture_args::{CaptureCommand, ReviewCommand};
use super::sync::SyncCommand;
pub(super) use super::time_args::{
    ClientCommand, ClientSettings, RangeArgs, ReportArgs, TimeCommand, TrackCommand,
};
use crate::config::ColorChoice;

#[derive(Debug, Parser)]
#[command(
    name = "tempo",
    version,
    about = "Tasks, focus timer and calendar for the terminal, over one local SQLite file",
    long_about = "Tasks, focus timer and calendar for the terminal, over one local SQLite file.\n\n\
        Run without a command to see your task list.",
    after_help = "Dates: today, tomorrow, fri, next fri, eod, eow, eom, in 3d, in 2h, 2026-12-01, \
        tomorrow 15:00, fri 9am.\nFilters: project:work +tag -tag status:done pri:H due.before:fri \
        overdue blocked active, words, and/or/not, parentheses."
)]
pub struct Cli {
    /// Database file [env: TEMPO_DB] (default: the platform data directory; see `tempo config
    /// path`)
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Config file [env: TEMPO_CONFIG] (default: the platform config directory)
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// When to colour output; `always` and `never` win over NO_COLOR [default: from the config,
    /// `auto`]
    #[arg(long, global = true, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,
    /// Print machine-readable JSON (documented in README.md) instead of tables
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a task: tempo add Call Ann project:work +phone due:fri 9am pri:H est:30m recur:weekly
    Add {
        /// Title words and attributes (project: +tag due: scheduled: wait: pri: est: recur:
        /// until: depends: parent: notes:)
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
        words: Vec<String>,
    },
    /// List tasks matching a filter (default: pending and started tasks by urgency)
    #[command(alias = "ls")]
    List(ListArgs),
    /// Show one task in full
    Show {
        /// Task id or UUID prefix
        id: String,
    },
    /// Change tasks: tempo modify 12 due:fri -someday +next "New title"
    Modify {
        /// Task id(s) (12, 3,5, 10-14), a UUID prefix, or a quoted filter ("project:home +next")
        target: String,
        /// Attributes to set; plain words replace the title; -tag removes a tag
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
        mods: Vec<String>,
        /// Confirm changing several tasks chosen by a filter
        #[arg(long)]
        yes: bool,
    },
    /// Start working on tasks
    Start {
        #[arg(required = true, num_args = 1..)]
        ids: Vec<String>,
    },
    /// Stop working on tasks (back to pending)
    Stop {
        #[arg(required = true, num_args = 1..)]
        ids: Vec<String>,
    },
    /// Mark tasks done (a recurring task creates its next instance)
    Done {
        /// Task ids, UUID prefixes, or a filter (several tasks by filter: asks, or --yes)
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
        ids: Vec<String>,
        /// Confirm completing several tasks chosen by a filter
        #[arg(long)]
        yes: bool,
    },
    /// Delete tasks (undoable); more than one asks, or needs --yes
    Delete {
        /// Task ids, UUID prefixes, or a filter
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
        ids: Vec<String>,
        /// Confirm deleting several tasks
        #[arg(long, short)]
        yes: bool,
    },
    /// Add a timestamped note to a task
    Annotate {
        id: String,
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
        text: Vec<String>,
    },
    /// Revert the last command that changed tasks (repeat to go further back)
    Undo,
    /// Projects with their open and total task counts
    Projects,
    /// Tags with their open and total task counts
    Tags,
    /// Import tasks from another tool
    Import {
        #[command(subcommand)]
        format: ImportFormat,
    },
    /// Export tasks
    Export {
        #[command(subcommand)]
        format: ExportFormat,
    },
    /// Focus timer: pomodoro sessions and breaks, or open-ended flowtime
    Focus {
        #[command(subcommand)]
        action: FocusCommand,
    },
    /// Calendar: events, the agenda, iCalendar import/export, calendars
    Cal {
        #[command(subcommand)]
        action: CalCommand,
    },
    /// Block time for a task: tempo block 12 tomorrow 14:00 90m (an event linked to the task)
    Block {
        /// Task id or UUID prefix
        task: String,
        /// When, and for how long (default: the task's estimate, else calendar.event_minutes)
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
        words: Vec<String>,
    },
    /// Plan the day (or days) around the calendar: tempo plan [today|tomorrow|week|RANGE]
    /// [--apply]; tempo plan why TASK
    Plan(super::plan::PlanArgs),
    /// CalDAV accounts and calendar subscriptions: sync all now, or manage them
    Sync {
        #[command(subcommand)]
        action: Option<SyncCommand>,
        /// Refresh only this subscription
        #[arg(long)]
        calendar: Option<String>,
        /// Sync only this CalDAV account
        #[arg(long, conflicts_with = "calendar")]
        account: Option<String>,
    },
    /// The local HTTP API: print or rotate its token
    Api {
        #[command(subcommand)]
        action: super::api_args::ApiCommand,
    },
    /// Serve the local HTTP API (`[api]`) in the foreground until SIGTERM or Ctrl-C
    Serve(super::api_args::ServeArgs),
    /// Deliver reminders (focus ends, events, due tasks) without the TUI, in the foreground;
    /// assets/tempo.service runs it as a systemd user service
    Daemon,
    /// Notifications: send a test one, or list what fired
    Notify {
        #[command(subcommand)]
        action: NotifyCommand,
    },
    /// Track time: start, stop, continue, backfill, status
    Track {
        #[command(subcommand)]
        action: TrackCommand,
    },
    /// Recorded time entries: log, edit, split, join, move, delete
    Time {
        #[command(subcommand)]
        action: TimeCommand,
    },
    /// Time report: totals by project/client/tag/task/day/type, CSV, timesheet
    Report(ReportArgs),
    /// Clients: hourly rate, currency, rounding, projects
    Client {
        #[command(subcommand)]
        action: ClientCommand,
    },
    /// Automatic capture: ingest activity signals, pause, rules
    Capture {
        #[command(subcommand)]
        action: CaptureCommand,
    },
    /// Patterns in your history: best focus hours, session length, interruptions, estimates,
    /// energy, streaks; `insights week` for the weekly review
    Insights(super::insights_args::InsightsArgs),
    /// How long a task will take, learned from your history; `estimate backtest` shows how
    /// good those estimates have been
    Estimate(super::plan_estimate::EstimateCommand),
    /// Review suggested time entries: list, approve, reject, edit, split
    Review {
        #[command(subcommand)]
        action: Option<ReviewCommand>,
        /// Also list decided suggestions
        #[arg(long)]
        all: bool,
    },
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff)
    Man,
    /// Inspect the configuration
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
}

#[derive(Debug, Args, Default)]
pub struct ListArgs {
    /// Filter expression (see `tempo --help`)
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub filter: Vec<String>,
    /// Sort keys, comma-separated, `-` for descending: urgency, due, priority, created,
    /// modified, id, project, title
    #[arg(long, allow_hyphen_values = true)]
    pub sort: Option<String>,
    /// Show at most N tasks
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Subcommand)]
pub enum ImportFormat {
    /// Taskwarrior's `task export` JSON (FILE or - for stdin); UUIDs are kept, so importing
    /// again updates instead of duplicating
    Taskwarrior { file: PathBuf },
    /// A todo.txt file (FILE or -)
    Todotxt { file: PathBuf },
    /// Timewarrior's `timew export` JSON (FILE or -) as time entries; importing again changes
    /// nothing. Tags become project and tags by the rule in README.md ([time] in the config)
    Timewarrior { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum ExportFormat {
    /// All tasks (or those matching a filter) as a JSON array, same shape as `list --json`
    Json {
        #[arg(num_args = 0.., allow_hyphen_values = true)]
        filter: Vec<String>,
    },
    /// todo.txt lines
    Todotxt {
        #[arg(num_args = 0.., allow_hyphen_values = true)]
        filter: Vec<String>,
    },
    /// Taskwarrior JSON that `task import` reads
    Taskwarrior {
        #[arg(num_args = 0.., allow_hyphen_values = true)]
        filter: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum FocusCommand {
    /// Start a focus session, optionally on a task
    Start {
        /// Task id or UUID prefix (the session takes its title)
        task: Option<String>,
        /// Planned length, 1-180 (default: `focus.focus_minutes`)
        #[arg(long, short)]
        minutes: Option<u32>,
        /// Open-ended stopwatch instead of a countdown
        #[arg(long)]
        flow: bool,
        /// Title (default: the task's title, or "Focus")
        #[arg(long)]
        title: Option<String>,
        /// How much energy you have, 1 (drained) to 5 (sharp), for `tempo insights`
        #[arg(long, value_name = "1-5", value_parser = clap::value_parser!(u8).range(1..=5))]
        energy: Option<u8>,
    },
    /// Start the break that is due (or a given one)
    Break {
        #[arg(long, conflicts_with = "short")]
        long: bool,
        #[arg(long)]
        short: bool,
        #[arg(long, short)]
        minutes: Option<u32>,
    },
    Pause,
    Resume,
    /// Log an interruption (the session goes on unless --end)
    Interrupt {
        /// Someone or something else interrupted (default: internal, your own)
        #[arg(long)]
        external: bool,
        /// The interruption ends the session (recorded as interrupted)
        #[arg(long)]
        end: bool,
        #[arg(num_args = 0.., allow_hyphen_values = true)]
        note: Vec<String>,
    },
    /// Complete the running session now, optionally with a note
    Stop {
        /// Energy at the end, 1 (drained) to 5 (sharp), for `tempo insights`
        #[arg(long, value_name = "1-5", value_parser = clap::value_parser!(u8).range(1..=5))]
        energy: Option<u8>,
        #[arg(num_args = 0.., allow_hyphen_values = true)]
        note: Vec<String>,
    },
    /// Abandon the running session (its time does not count)
    Abandon,
    /// End the running break, or skip the break that is due
    Skip,
    /// The running session in one line (fast enough for a shell prompt), or --json;
    /// --watch prints a line per change (and per second while a timer runs)
    Status {
        /// Keep printing: a line per change, and per second while a timer runs
        #[arg(long)]
        watch: bool,
        /// The lines' format with --watch
        #[arg(long, value_enum, requires = "watch")]
        format: Option<super::focus_watch::WatchFormat>,
    },
    /// Past sessions
    Log {
        /// Since a date (e.g. mon, 2026-11-01)
        #[arg(long)]
        since: Option<String>,
        /// Only sessions on this task (id or UUID prefix)
        #[arg(long)]
        task: Option<String>,
    },
    /// Statistics over the last N days
    Stats {
        #[arg(long, default_value_t = 7)]
        days: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum CalCommand {
    /// Add an event: tempo cal add Standup tomorrow 9:30 15m every weekday loc:Room4 cal:work
    Add {
        /// Title, start (tomorrow 9:30, fri 14:00-15:30, 2026-12-24 for all day), length
        /// (45m), repetition (every weekday, every mon,wed, weekly 10 times, until DATE),
        /// loc: cal: remind: notes:
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
        words: Vec<String>,
    },
    /// Change an event: tempo cal edit 12 fri 10:00 45m "New title" [--at DAY | --from DAY]
    Edit {
        /// Event id or UID
        event: String,
        /// Only the occurrence on this day (of a repeating event)
        #[arg(long, conflicts_with = "from")]
        at: Option<String>,
        /// This occurrence and all later ones
        #[arg(long)]
        from: Option<String>,
        /// What to change, written as for `cal add`; every part is optional
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
        words: Vec<String>,
    },
    /// Delete an event, one occurrence (--at DAY) or it and all later ones (--from DAY)
    Delete {
        /// Event id or UID
        event: String,
        #[arg(long, conflicts_with = "from")]
        at: Option<String>,
        #[arg(long)]
        from: Option<String>,
    },
    /// Occurrences and due tasks in a window, by start (default: today and the next 6 days)
    Agenda {
        /// First day (e.g. today, mon, 2026-12-01)
        #[arg(long)]
        from: Option<String>,
        /// Last day, included
        #[arg(long, conflicts_with = "days")]
        to: Option<String>,
        /// Number of days from --from
        #[arg(long)]
        days: Option<u32>,
        /// Leave out tasks that are due or scheduled
        #[arg(long)]
        no_tasks: bool,
    },
    /// Every event (one line per series), with its id
    List {
        /// Only this calendar
        #[arg(long)]
        calendar: Option<String>,
    },
    /// Import events and to-dos from an iCalendar file (FILE or -); importing again updates,
    /// never duplicates. To-dos become tasks.
    Import {
        file: PathBuf,
        /// The calendar to put them in (created if needed; default: calendar.default_calendar)
        #[arg(long)]
        calendar: Option<String>,
        /// Mark the calendar read-only (a source kept elsewhere: edits are refused)
        #[arg(long)]
        read_only: bool,
    },
    /// Write events (and with --tasks, tasks as to-dos) as an iCalendar file
    Export {
        /// Only events with an occurrence from this day on
        #[arg(long)]
        from: Option<String>,
        /// …up to and including this day
        #[arg(long)]
        to: Option<String>,
        /// Include tasks as VTODOs
        #[arg(long)]
        tasks: bool,
        /// Only this calendar
        #[arg(long)]
        calendar: Option<String>,
        /// Write to FILE instead of standard output
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Calendars with their number of events; add, rename, recolour or delete one
    Calendars {
        #[command(subcommand)]
        action: Option<CalendarsAction>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CalendarsAction {
    /// A new, empty calendar
    Add {
        name: String,
        /// A colour: a name (red, blue…) or #rrggbb
        #[arg(long)]
        colour: Option<String>,
        #[arg(long)]
        read_only: bool,
    },
    Rename {
        from: String,
        to: String,
    },
    /// Set a calendar's colour (a name or #rrggbb)
    Colour {
        name: String,
        colour: String,
    },
    /// Make a calendar read-only or writable again
    ReadOnly {
        name: String,
        #[arg(action = clap::ArgAction::Set, value_parser = clap::value_parser!(bool), default_value = "true")]
        on: bool,
    },
    /// Delete a calendar and all its events
    Delete {
        name: String,
        /// Needed: it removes every event in it (tempo undo brings them back)
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum NotifyCommand {
    /// Send a test notification and say which way it went (desktop or terminal bell)
    Test,
    /// Reminders handled lately: fired (and how), missed, or held by quiet hours
    Log {
        /// How many
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print the default configuration, every key documented
    Default,
    /// Print where the config file and the database are
    Path,
    /// Check a config file and report the first problem
    Check,
}
