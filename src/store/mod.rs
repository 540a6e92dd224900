//! The only module that names rusqlite: the schema and its migrations, reading tasks, compiling
//! filters to SQL, and applying `Change`s in IMMEDIATE transactions with an undo log.

mod accounts;
mod atomic;
mod bulk;
mod calendar;
mod capture;
mod energy;
mod estimator;
mod expansions;
mod filter_sql;
mod focus;
pub mod migrations;
mod oauth;
mod rank;
mod reminders;
mod rows;
mod sync;
mod tasks;
mod time;
mod trust;
mod undo;
mod written;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::ErrorKind;
pub use crate::model::ListedTask;
pub use accounts::{Account, Conflict, LocalObject, RemoteCalendarRow, RemoteObject};
pub use calendar::{CalendarInfo, ObjectRow, ObjectsWritten, StoredObject};
pub use capture::{SuggestionQuery, signal_key};
pub use energy::{Energy, EnergyAt};
pub use estimator::{HistoryRow, KeptLearning, estimator_fingerprint};
pub use expansions::{AgendaRow, Expanded, ExpansionKey};
pub use focus::{CyclePosition, TimeEntry};
pub use oauth::OAuthAccount;
pub use reminders::Handled;
pub use sync::{Subscription, SyncLogEntry};
pub use tasks::{BulkReport, Counted};
pub use undo::UndoneGroup;
pub use written::Written;

pub use crate::config::DEFAULT_UNDO_LEVELS;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error(
        "the database was written by a newer tempo (schema version {found}; this tempo knows up \
         to {known}); upgrade tempo to open it"
    )]
    NewerSchema { found: i64, known: i64 },
    #[error("cannot open the database at {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("cannot open the database at {path}: it is a directory, not a database file")]
    IsDirectory { path: PathBuf },
    #[error("the database at {path} needs an upgrade for this tempo, but it is read-only here")]
    ReadOnlyUpgrade { path: PathBuf },
    #[error("no task matches `{0}`")]
    NotFound(String),
    #[error("`{selector}` matches several tasks ({candidates}); give more of the UUID")]
    Ambiguous {
        selector: String,
        candidates: String,
    },
    /// The edit breaks a rule that needs the data to check (a dependency cycle, say).
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored task data is unreadable: {0}")]
    Corrupt(String),
}

impl crate::error::Kinded for StoreError {
    fn kind(&self) -> ErrorKind {
        match self {
            StoreError::NotFound(_)
            | StoreError::Ambiguous { .. }
            | StoreError::Invalid(_)
            // Upgrading tempo is up to the person; nothing is wrong with the file.
            | StoreError::NewerSchema { .. } => ErrorKind::BadInput,
            // Another process holds the write lock past the busy timeout: it will let go.
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                ErrorKind::Transient
            }
            StoreError::Open { .. }
            | StoreError::IsDirectory { .. }
            | StoreError::ReadOnlyUpgrade { .. }
            | StoreError::Sqlite(_)
            | StoreError::Corrupt(_) => ErrorKind::System,
        }
    }
}

pub struct Store {
    conn: Connection,
    undo_levels: usize,
    /// The calendar command in progress, whose writes form one undo step.
    step: Option<undo::Step>,
    /// Things the person should hear about opening (a file made private), said once.
    notices: Vec<String>,
    /// The tasks this connection wrote since they were last taken, when someone keeps them
    /// in memory and asked (`track_writes`).
    written: Option<written::Written>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and upgrades its schema in place.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Self::open_at_version(path, migrations::LATEST)
    }

    /// Opens and migrates only up to `version`: for tests that build old-schema databases.
    pub fn open_at_version(path: &Path, version: i64) -> Result<Store, StoreError> {
        // SQLite would only say "disk I/O error".
        if path.is_dir() {
            return Err(StoreError::IsDirectory {
                path: path.to_path_buf(),
            });
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::private_files::create_dir(dir).map_err(|e| StoreError::Open {
                path: path.to_path_buf(),
                source: rusqlite::Error::InvalidPath(PathBuf::from(e.to_string())),
            })?;
        }
        let notices = make_private(path);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut conn = match Connection::open_with_flags(path, flags).and_then(|c| {
            configure(&c)?;
            Ok(c)
        }) {
            Ok(c) => c,
            // Readable but not writable here (a read-only file or directory): commands that
            // only read still work; one that writes fails at its first write.
            Err(e) if is_read_only(&e) && path.exists() => {
                return Self::open_read_only(path, version, notices);
            }
            Err(e) => return Err(open_err(e)),
        };
        // Fail early with a clear message on a file that is not a database.
        migrations::version(&conn).map_err(|e| match e {
            StoreError::Sqlite(source) => open_err(source),
            other => other,
        })?;
        migrations::migrate_to(&mut conn, version)?;
        Ok(Store {
            conn,
            undo_levels: DEFAULT_UNDO_LEVELS,
            step: None,
            notices,
            written: None,
        })
    }

    /// Opens an existing database for reading only, without upgrading it: for quick reads
    /// such as `track status`. An older schema is `ReadOnlyUpgrade` (open it normally then).
    pub fn open_for_reading(path: &Path) -> Result<Store, StoreError> {
        Self::open_read_only(path, migrations::LATEST, Vec::new())
    }

    fn open_read_only(
        path: &Path,
        version: i64,
        notices: Vec<String>,
    ) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let open = |target: &str, flags: OpenFlags| -> rusqlite::Result<(Connection, i64)> {
            let conn = Connection::open_with_flags(target, flags)?;
            configure_session(&conn)?;
            let found = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            Ok((conn, found))
        };
        let plain = path.to_string_lossy();
        let (conn, found) = match open(&plain, flags) {
            // In a read-only directory there can be no -shm file for the WAL index. With
            // no WAL content waiting either (the last writer checkpointed it), the file
            // alone is the whole database: read it as immutable, without locks.
            Err(e) if is_read_only(&e) && !has_wal_content(path) => {
                open(&immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)
            }
            other => other,
        }
        .map_err(open_err)?;
        if found > migrations::LATEST {
            return Err(StoreError::NewerSchema {
                found,
                known: migrations::LATEST,
            });
        }
        if found < version {
            return Err(StoreError::ReadOnlyUpgrade {
                path: path.to_path_buf(),
            });
        }
        Ok(Store {
            conn,
            undo_levels: DEFAULT_UNDO_LEVELS,
            step: None,
            notices,
            written: None,
        })
    }

    /// Re-samples the query planner's statistics (after a bulk write changed the data's
    /// shape); cheap, as `analysis_limit` bounds the rows each index reads.
    pub fn refresh_statistics(&self) -> Result<(), StoreError> {
        self.conn
            .execute_batch("PRAGMA analysis_limit = 1000; ANALYZE;")?;
        Ok(())
    }

    /// What opening found worth saying (once: the cause is gone afterwards).
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    pub fn set_undo_levels(&mut self, levels: usize) {
        self.undo_levels = levels.max(1);
    }

    pub fn schema_version(&self) -> Result<i64, StoreError> {
        migrations::version(&self.conn)
    }

    /// Changes whenever another connection commits; cheap to poll.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Runs `f` in one IMMEDIATE transaction; the changes it applies form one undo step named
    /// `description`. Nothing is written if `f` fails.
    pub fn edit<T, E: From<StoreError>>(
        &mut self,
        description: &str,
        now: DateTime<Utc>,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        // Inside a step (a calendar import that also writes tasks) the step's group is used.
        let (group, description) = match &self.step {
            Some(s) => (s.group, s.description.clone()),
            None => (None, description.to_string()),
        };
        let tx = atomic::begin(&mut self.conn).map_err(StoreError::from)?;
        let mut handle = Tx {
            tx,
            group,
            description,
            now,
            tasks_written: false,
            written: self.written.as_ref().map(|_| Vec::new()),
        };
        let value = f(&mut handle)?;
        let wrote = handle.group.is_some();
        if wrote {
            undo::prune(&handle.tx, self.undo_levels).map_err(StoreError::from)?;
        }
        if handle.tasks_written {
            written::bump_epoch(&handle.tx)?;
        }
        let group = handle.group;
        handle.tx.commit().map_err(StoreError::from)?;
        if let (Some(all), Some(new)) = (&mut self.written, handle.written) {
            all.tasks.extend(new);
            all.commits += u64::from(handle.tasks_written);
        }
        if let Some(s) = &mut self.step {
            s.group = group;
        }
        Ok(value)
    }

    /// Runs `f` as one undo step named `description`: every calendar and task write it makes
    /// is reverted by one `undo`. Inside another step, `f` simply joins it.
    pub fn undo_step<T>(
        &mut self,
        description: &str,
        now: DateTime<Utc>,
        f: impl FnOnce(&mut Store) -> T,
    ) -> T {
        if self.step.is_some() {
            return f(self);
        }
        self.step = Some(undo::Step {
            description: description.to_string(),
            now,
            group: None,
        });
        let value = f(self);
        self.step = None;
        value
    }

    /// Reverts the most recent command; `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<UndoneGroup>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some((undone, tasks)) = undo::pop(&tx)? else {
            return Ok(None);
        };
        if !tasks.is_empty() {
            written::bump_epoch(&tx)?;
        }
        tx.commit()?;
        if let Some(all) = &mut self.written
            && !tasks.is_empty()
        {
            all.tasks.extend(tasks);
            all.commits += 1;
        }
        Ok(Some(undone))
    }

    /// Descriptions of the commands `undo` would revert, newest first.
    pub fn undo_history(&self, limit: usize) -> Result<Vec<(DateTime<Utc>, String)>, StoreError> {
        undo::history(&self.conn, limit)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// A stored setting (not part of the undo log).
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    /// Recent undo-log entries that touched `uuid`: when and which command.
    pub fn task_history(
        &self,
        uuid: &uuid::Uuid,
    ) -> Result<Vec<(DateTime<Utc>, String)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT g.at, g.description FROM undo_entries e JOIN undo_groups g ON g.grp = e.grp
             WHERE e.uuid = ?1 ORDER BY e.seq DESC LIMIT 50",
        )?;
        let rows = stmt.query_map([uuid.to_string()], |r| {
            Ok((
                DateTime::from_timestamp(r.get(0)?, 0).unwrap_or_default(),
                r.get(1)?,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A write transaction in progress; see `Store::edit`.
pub struct Tx<'c> {
    tx: atomic::Write<'c>,
    group: Option<i64>,
    description: String,
    now: DateTime<Utc>,
    /// Whether this transaction wrote a task (readers that keep tasks in memory then reload).
    tasks_written: bool,
    /// Which tasks it wrote, when the store tracks them.
    written: Option<Vec<uuid::Uuid>>,
}

impl Tx<'_> {
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.tx
    }
}

/// Creates a new database file private to its owner (SQLite gives its -wal and -shm files the
/// database's mode), and tightens an existing one other users can read; says so when it did.
/// A file that cannot be created or changed here is left for SQLite to report or use.
fn make_private(path: &Path) -> Vec<String> {
    use crate::private_files::{create_file, tighten};
    let _ = create_file(path);
    let mut notices = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        if let Ok(Some(mode)) = tighten(Path::new(&p))
            && suffix.is_empty()
        {
            notices.push(format!(
                "{} was readable by other users (mode {mode:o}); it is now private (mode 600)",
                path.display()
            ));
        }
    }
    notices
}

/// True when the database's -wal file holds frames not yet in the main file.
fn has_wal_content(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(Path::new(&wal)).is_ok_and(|m| m.len() > 0)
}

/// `file:PATH?immutable=1`, the path escaped as a URI.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// SQLite's way of saying the file or its directory may not be written.
fn is_read_only(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen)
    )
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    // WAL lets the TUI read while a CLI or daemon writes; NORMAL sync is safe with WAL.
    let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    configure_session(conn)
}

/// What every connection needs, a read-only one too.
fn configure_session(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    // Reading pages through a memory map spares a read() system call and a copy per page,
    // which was most of the time a large list spent beyond its query.
    conn.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA mmap_size = 1073741824;",
    )?;
    // Case-insensitive substring match that handles non-ASCII letters (LIKE only folds ASCII).
    conn.create_scalar_function(
        "tempo_contains",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let hay: Option<String> = ctx.get(0)?;
            let needle: String = ctx.get(1)?;
            Ok(hay.is_some_and(|h| h.to_lowercase().contains(&needle)))
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests;
