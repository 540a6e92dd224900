//! Runs one tool as the CLI: `tempo --json [globals] COMMAND…` in a child process, its output
//! captured.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// What the CLI made of a tool call.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Outcome {
    /// It succeeded: its JSON output.
    Done(String),
    /// It refused the input or failed: its error message (nothing was changed).
    Refused(String),
}

/// The program and the flags every command line gets.
#[derive(Debug, Clone)]
pub(super) struct Runner {
    program: PathBuf,
    globals: Vec<OsString>,
}

impl Runner {
    pub(super) fn new(program: PathBuf, globals: Vec<OsString>) -> Runner {
        Runner { program, globals }
    }

    /// Runs `args` (a command and its words) with `--json`. Standard input is closed, so a
    /// command that would ask for confirmation refuses instead of waiting on the protocol's
    /// stream.
    pub(super) fn run(&self, args: &[String]) -> std::io::Result<Outcome> {
        let out = Command::new(&self.program)
            .args(&self.globals)
            .args(["--json", "--color=never"])
            .args(args)
            .stdin(Stdio::null())
            .output()?;
        if out.status.success() {
            let text = String::from_utf8_lossy(&out.stdout);
            return Ok(Outcome::Done(text.trim_end().to_string()));
        }
        let message = String::from_utf8_lossy(&out.stderr).trim().to_string();
        Ok(Outcome::Refused(if message.is_empty() {
            format!("tempo {} failed ({})", args.join(" "), out.status)
        } else {
            message
        }))
    }
}
