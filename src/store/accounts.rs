//! CalDAV accounts, the calendars they sync, what each side last agreed on, and conflicts.

use rusqlite::{OptionalExtension, Row, params};

use super::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub url: String,
    pub username: String,
    /// `keyring`, `command:…` or `env:VAR`: where the password comes from.
    pub password_from: String,
    pub enabled: bool,
    pub home: String,
    pub interval_minutes: i64,
    pub last_sync: Option<i64>,
    pub last_error: String,
    pub failures: i64,
    pub retry_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RemoteCalendarRow {
    pub calendar_id: i64,
    pub calendar: String,
    pub account_id: i64,
    pub href: String,
    pub events: bool,
    pub tasks: bool,
    pub enabled: bool,
    pub sync_token: Option<String>,
    pub ctag: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteObject {
    pub uid: String,
    pub calendar_id: i64,
    pub href: String,
    pub etag: String,
    pub base: String,
    pub task_fingerprint: Option<i64>,
}

/// A local object in a synced calendar, as the sync sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalObject {
    pub uid: String,
    pub kind: String,
    pub ics: String,
    pub task_uuid: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Conflict {
    pub id: i64,
    pub uid: String,
    pub calendar_id: i64,
    pub calendar: String,
    pub at: i64,
    pub fields: String,
    pub local: String,
    pub remote: String,
    pub remote_etag: String,
}

fn account(r: &Row) -> rusqlite::Result<Account> {
    Ok(Account {
        id: r.get(0)?,
        name: r.get(1)?,
        url: r.get(2)?,
        username: r.get(3)?,
        password_from: r.get(4)?,
        enabled: r.get(5)?,
        home: r.get(6)?,
        interval_minutes: r.get(7)?,
        last_sync: r.get(8)?,
        last_error: r.get(9)?,
        failures: r.get(10)?,
        retry_at: r.get(11)?,
    })
}

const REMOTE_CALENDAR_SELECT: &str = "SELECT r.calendar_id, c.name, r.account_id, r.href,
    r.events, r.tasks, r.enabled, r.sync_token, r.ctag
    FROM remote_calendars r JOIN calendars c ON c.id = r.calendar_id";

fn remote_calendar(r: &Row) -> rusqlite::Result<RemoteCalendarRow> {
    Ok(RemoteCalendarRow {
        calendar_id: r.get(0)?,
        calendar: r.get(1)?,
        account_id: r.get(2)?,
        href: r.get(3)?,
        events: r.get(4)?,
        tasks: r.get(5)?,
        enabled: r.get(6)?,
        sync_token: r.get(7)?,
        ctag: r.get(8)?,
    })
}

const REMOTE_OBJECT_SELECT: &str =
    "SELECT uid, calendar_id, href, etag, base, task_fingerprint FROM remote_objects";

fn remote_object(r: &Row) -> rusqlite::Result<RemoteObject> {
    Ok(RemoteObject {
        uid: r.get(0)?,
        calendar_id: r.get(1)?,
        href: r.get(2)?,
        etag: r.get(3)?,
        base: r.get(4)?,
        task_fingerprint: r.get(5)?,
    })
}

const ACCOUNT_COLUMNS: &str = "id, name, url, username, password_from, enabled, home,
    interval_minutes, last_sync, last_error, failures, retry_at";

impl Store {
    pub fn add_account(
        &mut self,
        name: &str,
        url: &str,
        username: &str,
        password_from: &str,
        interval_minutes: u32,
        home: &str,
    ) -> Result<i64, StoreError> {
        if self.account(name)?.is_some() {
            return Err(StoreError::Invalid(format!(
                "there is already an account called “{name}”"
            )));
        }
        self.conn().execute(
            "INSERT INTO accounts (name, url, username, password_from, interval_minutes, home)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![name, url, username, password_from, interval_minutes, home],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    pub fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY name"
        ))?;
        let rows = stmt.query_map([], account)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn account(&self, name: &str) -> Result<Option<Account>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE name = ?1"),
                [name],
                account,
            )
            .optional()?)
    }

    /// Removes an account and the local copies of its calendars (the server keeps them).
    pub fn remove_account(&mut self, name: &str) -> Result<usize, StoreError> {
        let Some(a) = self.account(name)? else {
            return Err(StoreError::Invalid(format!("no account called “{name}”")));
        };
        let tx = self.conn.transaction()?;
        let calendars = tx.execute(
            "DELETE FROM calendars WHERE id IN
                (SELECT calendar_id FROM remote_calendars WHERE account_id = ?1)",
            [a.id],
        )?;
        tx.execute("DELETE FROM accounts WHERE id = ?1", [a.id])?;
        tx.commit()?;
        Ok(calendars)
    }

    pub fn set_account_enabled(&mut self, name: &str, enabled: bool) -> Result<(), StoreError> {
        let n = self.conn().execute(
            "UPDATE accounts SET enabled = ?2, failures = 0, retry_at = NULL WHERE name = ?1",
            params![name, enabled],
        )?;
        if n == 0 {
            return Err(StoreError::Invalid(format!("no account called “{name}”")));
        }
        Ok(())
    }

    pub fn set_account_interval(&mut self, name: &str, minutes: u32) -> Result<(), StoreError> {
        let n = self.conn().execute(
            "UPDATE accounts SET interval_minutes = ?2 WHERE name = ?1",
            params![name, minutes],
        )?;
        if n == 0 {
            return Err(StoreError::Invalid(format!("no account called “{name}”")));
        }
        Ok(())
    }

    /// Records how a sync of the account ended: on failure, when to try again.
    pub fn set_account_outcome(
        &mut self,
        id: i64,
        at: i64,
        error: &str,
        failures: i64,
        retry_at: Option<i64>,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE accounts SET last_sync = CASE WHEN ?3 = '' THEN ?2 ELSE last_sync END,
                last_error = ?3, failures = ?4, retry_at = ?5 WHERE id = ?1",
            params![id, at, error, failures, retry_at],
        )?;
        Ok(())
    }

    pub fn set_account_home(&mut self, id: i64, home: &str) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE accounts SET home = ?2 WHERE id = ?1",
            params![id, home],
        )?;
        Ok(())
    }

    pub fn remote_calendars(&self, account_id: i64) -> Result<Vec<RemoteCalendarRow>, StoreError> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{REMOTE_CALENDAR_SELECT} WHERE r.account_id = ?1 ORDER BY c.name"
        ))?;
        let rows = stmt.query_map([account_id], remote_calendar)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The synced calendar behind a local calendar name, if it is one.
    pub fn remote_calendar(&self, calendar: &str) -> Result<Option<RemoteCalendarRow>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                &format!("{REMOTE_CALENDAR_SELECT} WHERE c.name = ?1"),
                [calendar],
                remote_calendar,
            )
            .optional()?)
    }

    pub fn add_remote_calendar(
        &mut self,
        account_id: i64,
        calendar_id: i64,
        href: &str,
        events: bool,
        tasks: bool,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO remote_calendars (calendar_id, account_id, href, events, tasks)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![calendar_id, account_id, href, events, tasks],
        )?;
        Ok(())
    }

    pub fn set_remote_calendar_options(
        &mut self,
        calendar_id: i64,
        events: bool,
        tasks: bool,
        enabled: bool,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE remote_calendars SET events = ?2, tasks = ?3, enabled = ?4
             WHERE calendar_id = ?1",
            params![calendar_id, events, tasks, enabled],
        )?;
        Ok(())
    }

    pub fn set_remote_calendar_state(
        &mut self,
        calendar_id: i64,
        sync_token: Option<&str>,
        ctag: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE remote_calendars SET sync_token = ?2, ctag = ?3 WHERE calendar_id = ?1",
            params![calendar_id, sync_token, ctag],
        )?;
        Ok(())
    }

    pub fn remote_objects(&self, calendar_id: i64) -> Result<Vec<RemoteObject>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("{REMOTE_OBJECT_SELECT} WHERE calendar_id = ?1"))?;
        let rows = stmt.query_map([calendar_id], remote_object)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn remote_object(
        &self,
        calendar_id: i64,
        uid: &str,
    ) -> Result<Option<RemoteObject>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                &format!("{REMOTE_OBJECT_SELECT} WHERE calendar_id = ?1 AND uid = ?2"),
                params![calendar_id, uid],
                remote_object,
            )
            .optional()?)
    }

    pub fn put_remote_object(&mut self, o: &RemoteObject) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT OR REPLACE INTO remote_objects (uid, calendar_id, href, etag, base, task_fingerprint)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![o.uid, o.calendar_id, o.href, o.etag, o.base, o.task_fingerprint],
        )?;
        Ok(())
    }

    pub fn delete_remote_object(&mut self, calendar_id: i64, uid: &str) -> Result<(), StoreError> {
        self.conn().execute(
            "DELETE FROM remote_objects WHERE calendar_id = ?1 AND uid = ?2",
            params![calendar_id, uid],
        )?;
        Ok(())
    }

    /// The objects of one calendar with their full text.
    pub fn local_objects(&self, calendar_id: i64) -> Result<Vec<LocalObject>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT uid, kind, ics, task_uuid FROM calendar_objects WHERE calendar_id = ?1",
        )?;
        let rows = stmt.query_map([calendar_id], |r| {
            Ok(LocalObject {
                uid: r.get(0)?,
                kind: r.get(1)?,
                ics: r.get(2)?,
                task_uuid: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn add_conflict(
        &mut self,
        uid: &str,
        calendar_id: i64,
        at: i64,
        fields: &str,
        (local, remote, remote_etag): (&str, &str, &str),
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT OR REPLACE INTO sync_conflicts
                (uid, calendar_id, at, fields, local, remote, remote_etag)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![uid, calendar_id, at, fields, local, remote, remote_etag],
        )?;
        Ok(())
    }

    /// A newer server version of an item in conflict replaces the one kept.
    /// `key`: the calendar and the UID.
    pub fn update_conflict_remote(
        &mut self,
        (calendar_id, uid): (i64, &str),
        remote: &str,
        remote_etag: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE sync_conflicts SET remote = ?2, remote_etag = ?3, at = ?4
             WHERE uid = ?1 AND calendar_id = ?5",
            params![uid, remote, remote_etag, at, calendar_id],
        )?;
        Ok(())
    }

    pub fn conflicts(&self) -> Result<Vec<Conflict>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT s.id, s.uid, s.calendar_id, c.name, s.at, s.fields, s.local, s.remote,
                    s.remote_etag
             FROM sync_conflicts s JOIN calendars c ON c.id = s.calendar_id ORDER BY s.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Conflict {
                id: r.get(0)?,
                uid: r.get(1)?,
                calendar_id: r.get(2)?,
                calendar: r.get(3)?,
                at: r.get(4)?,
                fields: r.get(5)?,
                local: r.get(6)?,
                remote: r.get(7)?,
                remote_etag: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The UIDs of one calendar's items in conflict, waiting for the person.
    pub fn conflict_uids(
        &self,
        calendar_id: i64,
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT uid FROM sync_conflicts WHERE calendar_id = ?1")?;
        let rows = stmt.query_map([calendar_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn delete_conflict(&mut self, id: i64) -> Result<(), StoreError> {
        self.conn()
            .execute("DELETE FROM sync_conflicts WHERE id = ?1", [id])?;
        Ok(())
    }
}

impl Store {
    /// Where a task syncs: its calendar and that calendar's source, if it has a VTODO.
    pub fn task_source(&self, uuid: &uuid::Uuid) -> Result<Option<String>, StoreError> {
        let Some(row) = self.calendar_todo_for_task(&uuid.to_string())? else {
            return Ok(None);
        };
        let source = self.calendar(&row.calendar)?.map(|c| c.source);
        Ok(Some(match source.as_deref() {
            Some(s) if s.starts_with("caldav:") => {
                format!("{} (CalDAV account {})", row.calendar, &s[7..])
            }
            Some("local") | None => row.calendar,
            Some(s) => format!("{} ({s})", row.calendar),
        }))
    }

    /// Open tasks (pending, started, waiting) that no calendar holds a VTODO for.
    pub fn open_tasks_without_calendar(&self) -> Result<Vec<uuid::Uuid>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT uuid FROM tasks WHERE status IN ('pending', 'started', 'waiting')
             AND uuid NOT IN (SELECT task_uuid FROM calendar_objects WHERE task_uuid IS NOT NULL)
             ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for r in rows {
            if let Ok(u) = uuid::Uuid::parse_str(&r?) {
                out.push(u);
            }
        }
        Ok(out)
    }
}
