//! clap definitions of `tempo capture …` and `tempo review …`.

use clap::Subcommand;

use super::capture_hook::HookShell;
use super::capture_pull::PullSource;

#[derive(Debug, Subcommand)]
pub enum CaptureCommand {
    /// Ingest activity signals in the JSON format ({"activity_signals": […]}) from FILE or - (stdin)
    Ingest {
        /// A JSON file, or - for standard input
        file: String,
    },
    /// Pause capture: `for 1h`, `until 17:00`, or nothing (until `capture resume`)
    Pause {
        #[arg(num_args = 0.., allow_hyphen_values = true)]
        words: Vec<String>,
    },
    /// Resume capture after a pause
    Resume,
    /// What capture keeps: signals, pending suggestions, the pause, learned rules
    Status,
    /// Print the bearer token of `tempo daemon`'s endpoint (made if there is none yet)
    Token,
    /// Rules learned in review (`review approve --learn`); `forget ID` removes one
    Rules {
        #[command(subcommand)]
        action: Option<RulesCommand>,
    },
    /// Print the shell hook that records each command: eval "$(tempo capture hook bash)"
    Hook {
        #[arg(value_enum)]
        shell: HookShell,
    },
    /// Read signals from a source: ActivityWatch, the shell hook's spool, git commits
    Pull {
        #[command(subcommand)]
        source: PullSource,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Forget a learned rule
    Forget { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Approve suggestions (they become time entries): IDs, then project: client: type: note:
    Approve {
        /// Suggestion ids (their first characters) and correction words
        #[arg(num_args = 0.., allow_hyphen_values = true)]
        words: Vec<String>,
        /// Approve every pending suggestion that needs no verification
        #[arg(long)]
        confident: bool,
        /// Remember the correction as a rule for next time
        #[arg(long)]
        learn: bool,
    },
    /// Reject suggestions (their time is not suggested again)
    Reject {
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Change a suggestion's span: ID start:TIME end:TIME
    Edit {
        id: String,
        #[arg(num_args = 1.., required = true)]
        words: Vec<String>,
    },
    /// Split a suggestion in two at a time: ID 10:30
    Split {
        id: String,
        #[arg(num_args = 1.., required = true)]
        at: Vec<String>,
    },
}
