//! The one clock. Everything that needs "now" — the CLI, the full-screen app, `tempo daemon`,
//! the worker threads — gets a [`Clock`] handed to it; nothing else reads the wall clock.
//!
//! `TEMPO_NOW` pins it everywhere, so scripts and tests control time instead of sleeping:
//! - `TEMPO_NOW=2026-11-22T09:30:00Z` (RFC 3339): time stands still at that instant;
//! - `TEMPO_NOW=file:/path` : the instant written in that file, read again each time the clock
//!   is asked, so a test moves time forward by rewriting the file (a focus session of an hour
//!   ends the moment the file says it has).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};

/// A bad `TEMPO_NOW`: the person's (or the test's) input, so it is a usage error.
#[derive(Debug, thiserror::Error)]
#[error("TEMPO_NOW=`{value}` is not an RFC 3339 instant or `file:PATH` of one: {reason}")]
pub struct ClockError {
    value: String,
    reason: String,
}

impl crate::error::Kinded for ClockError {
    fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::BadInput
    }
}

#[derive(Debug)]
enum Source {
    System,
    Fixed(DateTime<Utc>),
    /// The file to read and the last instant read from it (kept when a read fails half-way
    /// through a rewrite).
    File(PathBuf, Mutex<DateTime<Utc>>),
}

/// Cheap to clone; every clone reads the same source.
#[derive(Clone, Debug)]
pub struct Clock(Arc<Source>);

impl Clock {
    /// The real clock.
    pub fn system() -> Clock {
        Clock(Arc::new(Source::System))
    }

    /// Time standing still at `at`.
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock(Arc::new(Source::Fixed(at.trunc_subsecs(0))))
    }

    /// `TEMPO_NOW` if set (see the module doc), the real clock otherwise.
    pub fn from_env() -> Result<Clock, ClockError> {
        match std::env::var("TEMPO_NOW") {
            Ok(s) if !s.is_empty() => Clock::parse(&s),
            _ => Ok(Clock::system()),
        }
    }

    fn parse(value: &str) -> Result<Clock, ClockError> {
        let err = |reason: String| ClockError {
            value: value.to_string(),
            reason,
        };
        if let Some(path) = value.strip_prefix("file:") {
            let path = PathBuf::from(path);
            let first = read_instant(&path).map_err(err)?;
            return Ok(Clock(Arc::new(Source::File(path, Mutex::new(first)))));
        }
        parse_instant(value).map(Clock::fixed).map_err(err)
    }

    /// Now, in whole seconds (what the store keeps).
    pub fn now(&self) -> DateTime<Utc> {
        match &*self.0 {
            Source::System => Utc::now().trunc_subsecs(0),
            Source::Fixed(t) => *t,
            Source::File(path, last) => {
                let mut last = last.lock().unwrap_or_else(|p| p.into_inner());
                if let Ok(t) = read_instant(path) {
                    *last = t;
                }
                *last
            }
        }
    }

    /// Whether time is under a script's control rather than the wall clock's.
    pub fn is_controlled(&self) -> bool {
        !matches!(&*self.0, Source::System)
    }

    /// How long a thread waiting for a moment may sleep before asking the clock again: on the
    /// real clock a sleep ends on time by itself; a controlled clock can jump at any moment.
    pub fn recheck(&self, longest: Duration) -> Duration {
        if self.is_controlled() {
            longest.min(Duration::from_millis(100))
        } else {
            longest
        }
    }
}

/// The wall clock's local time, for timestamps on log lines only (they record when a thing
/// really happened, whatever a test pinned).
pub fn wall_local() -> DateTime<chrono::Local> {
    chrono::Local::now()
}

fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc).trunc_subsecs(0))
        .map_err(|e| e.to_string())
}

fn read_instant(path: &std::path::Path) -> Result<DateTime<Utc>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse_instant(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_stands_still_and_drops_fractions() {
        let c = Clock::parse("2026-11-22T10:30:00.750+01:00").expect("valid");
        assert_eq!(c.now().to_rfc3339(), "2026-11-22T09:30:00+00:00");
        assert_eq!(c.now(), c.clone().now());
        assert!(c.is_controlled());
        assert_eq!(
            c.recheck(Duration::from_secs(5)),
            Duration::from_millis(100)
        );
    }

    #[test]
    fn a_file_clock_follows_the_file_and_keeps_the_last_good_instant() {
        let dir = tempfile::tempdir().expect("dir");
        let f = dir.path().join("now");
        std::fs::write(&f, "2026-11-22T09:30:00Z\n").expect("write");
        let c = Clock::parse(&format!("file:{}", f.display())).expect("valid");
        assert_eq!(c.now().to_rfc3339(), "2026-11-22T09:30:00+00:00");
        std::fs::write(&f, "2026-11-22T10:31:00Z").expect("write");
        assert_eq!(c.now().to_rfc3339(), "2026-11-22T10:31:00+00:00");
        std::fs::write(&f, "").expect("write");
        assert_eq!(c.now().to_rfc3339(), "2026-11-22T10:31:00+00:00");
    }

    #[test]
    fn bad_values_say_what_is_wrong() {
        let e = Clock::parse("tomorrow").expect_err("not an instant");
        assert!(e.to_string().contains("TEMPO_NOW=`tomorrow`"), "{e}");
        let e = Clock::parse("file:/nonexistent/now").expect_err("no file");
        assert!(
            e.to_string().contains("cannot read /nonexistent/now"),
            "{e}"
        );
        assert!(!Clock::system().is_controlled());
    }
}
