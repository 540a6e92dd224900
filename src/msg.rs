//! The vocabulary between the producers (input, clock, workers, `Io`) and the app: `Msg` flows
//! into `app::update`; `Effect`s flow out of it for `tui::Io` to run.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use crossterm::event::{KeyEvent, MouseEvent};
use uuid::Uuid;

use crate::calendar::{AgendaItem, Scope};
use crate::model::ListedTask;
use crate::model::event_text::EventText;
use crate::model::focus::{FocusState, Kind};
use crate::model::focus_stats::FocusStats;
use crate::model::mods::Mods;
use crate::model::reminder::Outcome;
use crate::model::selector::{Selector, TaskRef};
pub use crate::view_state::UiState;

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Paste(String),
    Resize(u16, u16),
    /// Time passes: stamped before every batch and on timed wake-ups.
    Clock(DateTime<Utc>),
    /// Another process changed the database.
    DataChanged,
    /// A fresh load of every task.
    Tasks(Vec<ListedTask>),
    /// Recent changes to one task, for its detail view.
    /// …and where it syncs (its calendar and that calendar's source), if anywhere.
    History(Uuid, Vec<(DateTime<Utc>, String)>, Option<String>),
    /// How long an open task will take, for its detail view.
    Estimate(Uuid, Box<crate::planner::estimate::Estimate>),
    /// What an operation did (shown as a toast), or why it failed.
    OpResult(Result<String, String>),
    /// The answer to an `Effect::Run`: like `OpResult`, but a failure goes back to the prompt
    /// the operation was typed in, with its text kept.
    Ran(Result<String, String>),
    /// The focus timer after a load or an operation.
    Focus(Box<FocusState>),
    FocusStats(Box<FocusStats>),
    /// Patterns in the history, for the focus pane's insights view.
    Insights(Box<crate::planner::insights::Insights>),
    /// The agenda of the local days `[from, to)`, and any problems reading it.
    Agenda {
        from: NaiveDate,
        to: NaiveDate,
        items: Vec<AgendaItem>,
    },
    /// A reminder the background worker handled (fired, missed, or held by quiet hours).
    Reminder(ReminderNote),
    /// The latest handled reminders (from every process), newest first.
    ReminderHistory(Vec<ReminderNote>),
    /// The sync thread's state for the top bar: syncing, last result, or an error.
    SyncStatus(SyncStatus),
    /// The open sync conflicts.
    Conflicts(Vec<ConflictNote>),
    /// The time entries of the local days `[from, to]` (both included), the running one, and
    /// the report of those days by project.
    Time(Box<TimeData>),
    /// The planner's proposal for the local days `first..=last`, or why there is none.
    Plan {
        first: NaiveDate,
        last: NaiveDate,
        plan: Result<Box<crate::planner::schedule::Plan>, String>,
    },
    /// A signal (SIGTERM, SIGINT, SIGHUP) asks us to leave.
    Quit,
}

/// What the sync thread is doing or how an account's last sync ended, for the top bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncStatus {
    Syncing {
        account: String,
    },
    /// Finished at this local time.
    Synced {
        account: String,
        at: NaiveTime,
    },
    /// Finished with conflicts for the person to settle (`C`).
    Conflicts {
        account: String,
        count: usize,
    },
    Failed {
        account: String,
        reason: String,
    },
    /// The sync thread cannot run at all (its database will not open).
    Off {
        reason: String,
    },
}

impl std::fmt::Display for SyncStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncStatus::Syncing { account } => write!(f, "⟳ syncing {account}…"),
            SyncStatus::Synced { account, at } => write!(f, "✓ {account} {}", at.format("%H:%M")),
            SyncStatus::Conflicts { account, count } => {
                write!(f, "⚠ {account}: {count} conflicts (C)")
            }
            SyncStatus::Failed { account, reason } => write!(f, "✗ {account}: {reason}"),
            SyncStatus::Off { reason } => write!(f, "✗ sync off: {reason}"),
        }
    }
}

/// What the Time pane shows of one range of days.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeData {
    /// First and last day, both included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The entries overlapping those days, oldest first.
    pub entries: Vec<crate::time::Entry>,
    pub running: Option<crate::time::Entry>,
    pub report: crate::time::report::Report,
    /// The captured suggestions over those days (pending and decided), oldest first.
    pub suggestions: Vec<crate::capture::Stored>,
}

/// A decision on a captured suggestion, taken in the Time pane (`app::review`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewOp {
    /// Approve it as a time entry, with what the person corrected.
    Approve {
        id: Uuid,
        correction: crate::capture::Correction,
    },
    Reject {
        id: Uuid,
    },
    /// Split it in two pending suggestions at `at`.
    Split {
        id: Uuid,
        at: DateTime<Utc>,
    },
    /// Approve every pending suggestion of this local day that needs no verification.
    ApproveConfident {
        day: NaiveDate,
    },
}

/// A time-tracking operation, parsed where it was typed (`app::time_words`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeOp {
    /// Start tracking now; the running entry stops.
    Start(crate::ops::time::EntrySpec),
    /// Stop the running entry now.
    Stop,
    /// Start a new entry like this one (default: the latest).
    Continue(Option<i64>),
    /// A finished entry over `span` (a backfill).
    Add {
        spec: crate::ops::time::EntrySpec,
        span: (DateTime<Utc>, DateTime<Utc>),
    },
    Edit {
        id: i64,
        change: crate::ops::time::EntryChange,
    },
    Split {
        id: i64,
        at: DateTime<Utc>,
    },
    Delete(i64),
}

/// A sync conflict as the TUI shows it: both versions of the fields that clash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictNote {
    pub id: i64,
    pub summary: String,
    pub calendar: String,
    pub fields: String,
    pub local: String,
    pub remote: String,
}

/// A reminder as the TUI shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderNote {
    pub at: DateTime<Utc>,
    pub summary: String,
    pub body: String,
    pub how: Outcome,
    /// A focus or break end (the focus pane says those itself).
    pub focus: bool,
}

/// A focus-timer operation the app asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FocusOp {
    /// Bring the timer up to now (completes what ran out) and report it.
    Refresh,
    Start {
        task: Option<i64>,
        kind: Kind,
        minutes: u32,
    },
    Pause,
    Resume,
    Interrupt {
        external: bool,
        note: String,
    },
    Stop,
    Abandon,
    Skip,
    Stats {
        days: u32,
    },
    /// Patterns over the configured window (`insights.days`).
    Insights,
    /// An energy check-in (1–5) on a session that started (`at_start`) or ended.
    Energy {
        session: Uuid,
        at_start: bool,
        level: u8,
    },
}

/// A store operation the app asks for, typed: the app parsed what the person typed at its
/// prompt (with the parsers the CLI uses), so nothing here is text to be read again.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// A new task with these attributes (title included).
    Add(Box<Mods>),
    /// Apply these attributes to the task `id`.
    Modify {
        id: i64,
        edit: Box<Mods>,
    },
    Done(i64),
    StartStop {
        id: i64,
        start: bool,
    },
    Delete(i64),
    Undo,
    /// A task command typed on the `:` line.
    Task(TaskCommand),
    /// A new event, already placed on the selected day when it named none.
    CalAdd(Box<EventText>),
    /// Changes to the occurrences `scope` names.
    CalEdit {
        id: i64,
        scope: Scope,
        edit: Box<EventText>,
    },
    CalDelete {
        id: i64,
        scope: Scope,
    },
    /// Settle a sync conflict with the local (else the server's) version.
    Resolve {
        id: i64,
        local: bool,
    },
    /// A time block for a task (a start and a length; the title is the task's).
    Block {
        task: i64,
        block: Box<EventText>,
    },
    /// Time tracking.
    Track(TimeOp),
    /// Reviewing captured suggestions.
    Review(ReviewOp),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Quit,
    /// Load every task again (answered by `Msg::Tasks`).
    Reload,
    Run(Op),
    /// Hand the terminal to `$EDITOR` on these notes, then save them.
    EditNotes {
        uuid: Uuid,
        notes: String,
    },
    LoadHistory(Uuid),
    SaveUiState(UiState),
    Focus(FocusOp),
    /// Refresh every subscription now, in the background (the result comes as a toast).
    SyncNow,
    /// Load the reminder history (answered by `Msg::ReminderHistory`).
    LoadReminderHistory,
    /// Load the open sync conflicts (answered by `Msg::Conflicts`).
    LoadConflicts,
    /// Load the agenda of the local days `[from, to)` (answered by `Msg::Agenda`).
    LoadAgenda {
        from: NaiveDate,
        to: NaiveDate,
    },
    /// Load the time entries of the local days `[from, to]` (answered by `Msg::Time`).
    LoadTime {
        from: NaiveDate,
        to: NaiveDate,
    },
    /// Plan the local days `first..=last` (answered by `Msg::Plan`).
    Plan {
        first: NaiveDate,
        last: NaiveDate,
    },
    /// Write these proposed blocks for `first..=last` as planned time blocks, replacing the
    /// planned blocks a new plan may move.
    ApplyPlan {
        first: NaiveDate,
        last: NaiveDate,
        blocks: Vec<crate::planner::schedule::PlannedBlock>,
    },
    Bell,
    Suspend,
}

/// A task command from the app's `:` line, in the CLI's words (`modify 12 due:fri`), parsed once
/// where it was typed (`app::command_line`).
#[derive(Debug, Clone, PartialEq)]
pub enum TaskCommand {
    Add(Box<Mods>),
    /// `target` is ids or a filter; `yes` confirms a change to several tasks.
    Modify {
        target: Selector,
        mods: Box<Mods>,
        yes: bool,
    },
    Done {
        ids: Selector,
        yes: bool,
    },
    Start(Vec<TaskRef>),
    Stop(Vec<TaskRef>),
    Delete {
        ids: Selector,
        yes: bool,
    },
    Annotate {
        id: TaskRef,
        text: Vec<String>,
    },
    Undo,
}

impl TaskCommand {
    /// The past tense the confirmation uses ("Modified task 3").
    pub fn verb(&self) -> &'static str {
        match self {
            TaskCommand::Add(_) => "Created",
            TaskCommand::Modify { .. } => "Modified",
            TaskCommand::Done { .. } => "Completed",
            TaskCommand::Start(_) => "Started",
            TaskCommand::Stop(_) => "Stopped",
            TaskCommand::Delete { .. } => "Deleted",
            TaskCommand::Annotate { .. } => "Annotated",
            TaskCommand::Undo => "Undid",
        }
    }
}
