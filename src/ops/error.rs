//! The one error every operation returns. Each variant keeps the lower layer's error whole
//! (its message and its kind), so what went wrong is decided where it went wrong and the
//! command line only maps the kind to an exit code.

use crate::config::ConfigError;
use crate::error::{ErrorKind, Kinded};
use crate::ical::IcalError;
use crate::interop::taskwarrior::TwError;
use crate::model::dates::DateError;
use crate::model::event_text::EventTextError;
use crate::model::filter::FilterError;
use crate::model::focus::FocusError;
use crate::model::mods::ModError;
use crate::store::StoreError;

use super::Unconfirmed;
use super::sync_edge::SyncFailure;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// What the person typed or gave cannot be done as asked.
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Unconfirmed(#[from] Unconfirmed),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Date(#[from] DateError),
    #[error(transparent)]
    Filter(#[from] FilterError),
    #[error(transparent)]
    Mod(#[from] ModError),
    #[error(transparent)]
    Focus(#[from] FocusError),
    #[error(transparent)]
    EventText(#[from] EventTextError),
    #[error(transparent)]
    Ical(#[from] IcalError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Taskwarrior(#[from] TwError),
    #[error(transparent)]
    Time(#[from] crate::time::TimeError),
    #[error(transparent)]
    Ingest(#[from] crate::capture::IngestError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// Tempo broke one of its own rules (a filter it built does not parse, say).
    #[error("internal error: {0}")]
    Internal(String),
    /// From the sync code, whose own error type keeps its kind.
    #[error(transparent)]
    Sync(#[from] SyncFailure),
}

pub type Result<T> = std::result::Result<T, Error>;

/// An error in what the person typed, as its own type for callers outside `ops` (the command
/// line's and the app's own checks).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

impl Kinded for UsageError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::BadInput
    }
}

impl From<UsageError> for Error {
    fn from(e: UsageError) -> Error {
        Error::Usage(e.0)
    }
}

/// A usage error: what was asked cannot be done (exit 2, nothing changed).
pub(crate) fn usage(msg: impl Into<String>) -> Error {
    Error::Usage(msg.into())
}

impl Kinded for Error {
    fn kind(&self) -> ErrorKind {
        match self {
            Error::Usage(_) => ErrorKind::BadInput,
            Error::Unconfirmed(e) => e.kind(),
            Error::Store(e) => e.kind(),
            Error::Date(e) => e.kind(),
            Error::Filter(e) => e.kind(),
            Error::Mod(e) => e.kind(),
            Error::Focus(e) => e.kind(),
            Error::EventText(e) => e.kind(),
            Error::Ical(e) => e.kind(),
            Error::Config(e) => e.kind(),
            Error::Taskwarrior(e) => e.kind(),
            Error::Time(e) => e.kind(),
            Error::Ingest(e) => e.kind(),
            Error::Io(_) | Error::Internal(_) => ErrorKind::System,
            Error::Sync(e) => e.kind(),
        }
    }
}

impl Error {
    /// Wraps an error from the sync code, keeping its kind.
    pub fn sync(e: impl Into<SyncFailure>) -> Error {
        Error::Sync(e.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::kind_in_chain;

    #[test]
    fn each_wrapped_error_keeps_its_kind() {
        assert_eq!(usage("no").kind(), ErrorKind::BadInput);
        let store = |e| Error::from(e).kind();
        assert_eq!(store(StoreError::NotFound("9".into())), ErrorKind::BadInput);
        assert_eq!(store(StoreError::Corrupt("x".into())), ErrorKind::System);
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        );
        assert_eq!(store(StoreError::Sqlite(busy)), ErrorKind::Transient);
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-22T09:30:00Z").expect("instant");
        let date = crate::model::dates::parse_when("someday", &now);
        let date = date.expect_err("not a date");
        assert_eq!(Error::from(date).kind(), ErrorKind::BadInput);
        assert_eq!(
            Error::from(std::io::Error::other("disk")).kind(),
            ErrorKind::System
        );
        assert_eq!(Error::Internal("x".into()).kind(), ErrorKind::System);
    }

    #[test]
    fn the_first_kinded_error_in_a_chain_decides() {
        let err = anyhow::Error::from(usage("bad id")).context("modifying");
        assert_eq!(kind_in_chain(err.chain()), Some(ErrorKind::BadInput));
        let plain = anyhow::anyhow!("no kind here");
        assert_eq!(kind_in_chain(plain.chain()), None);
    }

    #[test]
    fn a_failing_database_under_an_event_command_is_the_systems() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("t.sqlite");
        drop(crate::store::Store::open(&path).expect("open"));
        let conn = rusqlite::Connection::open(&path).expect("raw open");
        conn.execute_batch("DROP TABLE calendar_objects")
            .expect("drop");
        drop(conn);
        let mut store = crate::store::Store::open(&path).expect("reopen");
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-22T09:30:00Z")
            .expect("instant")
            .with_timezone(&chrono::Utc);
        let scope = crate::calendar::Scope::All;
        let err = crate::ops::calendar::delete(&mut store, "1", scope, chrono_tz::UTC, now)
            .expect_err("no table");
        assert_eq!(err.kind(), ErrorKind::System, "{err}");
        let missing = tempfile::tempdir().expect("temp dir");
        let mut fresh = crate::store::Store::open(&missing.path().join("f.sqlite")).expect("open");
        let err = crate::ops::calendar::delete(&mut fresh, "1", scope, chrono_tz::UTC, now)
            .expect_err("no event");
        assert_eq!(err.kind(), ErrorKind::BadInput, "{err}");
    }
}
