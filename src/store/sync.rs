//! Subscriptions (read-only calendars fed from an .ics URL or file) and the sync log.

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Subscription {
    pub calendar: String,
    pub source: String,
    pub refresh_minutes: i64,
    pub last_sync: Option<i64>,
    pub last_error: String,
    pub events: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SyncLogEntry {
    pub at: i64,
    pub target: String,
    pub added: i64,
    pub updated: i64,
    pub removed: i64,
    pub error: String,
}

impl Store {
    /// A new read-only calendar fed from `source`.
    pub fn add_subscription(
        &mut self,
        calendar: &str,
        source: &str,
        refresh_minutes: u32,
    ) -> Result<(), StoreError> {
        let id = self.add_calendar(calendar, "", &format!("subscription:{source}"), true)?;
        self.conn().execute(
            "INSERT INTO subscriptions (calendar_id, source, refresh_minutes) VALUES (?1, ?2, ?3)",
            params![id, source, refresh_minutes],
        )?;
        Ok(())
    }

    pub fn subscriptions(&self) -> Result<Vec<Subscription>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.name, s.source, s.refresh_minutes, s.last_sync, s.last_error,
                    (SELECT count(*) FROM calendar_objects o WHERE o.calendar_id = c.id)
             FROM subscriptions s JOIN calendars c ON c.id = s.calendar_id ORDER BY c.name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Subscription {
                calendar: r.get(0)?,
                source: r.get(1)?,
                refresh_minutes: r.get(2)?,
                last_sync: r.get(3)?,
                last_error: r.get(4)?,
                events: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn subscription(&self, calendar: &str) -> Result<Option<Subscription>, StoreError> {
        Ok(self
            .subscriptions()?
            .into_iter()
            .find(|s| s.calendar == calendar))
    }

    /// UIDs of the objects in a calendar.
    pub fn calendar_uids(&self, calendar: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT o.uid FROM calendar_objects o JOIN calendars c ON c.id = o.calendar_id
             WHERE c.name = ?1",
        )?;
        let rows = stmt.query_map([calendar], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn record_sync(
        &mut self,
        calendar: &str,
        at: i64,
        counts: (usize, usize, usize),
        error: &str,
    ) -> Result<(), StoreError> {
        let id: Option<i64> = self
            .conn()
            .query_row(
                "SELECT id FROM calendars WHERE name = ?1",
                [calendar],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = id {
            if error.is_empty() {
                self.conn().execute(
                    "UPDATE subscriptions SET last_sync = ?2, last_error = '' WHERE calendar_id = ?1",
                    params![id, at],
                )?;
            } else {
                self.conn().execute(
                    "UPDATE subscriptions SET last_error = ?2 WHERE calendar_id = ?1",
                    params![id, error],
                )?;
            }
        }
        self.conn().execute(
            "INSERT INTO sync_log (at, target, added, updated, removed, error)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                at,
                calendar,
                counts.0 as i64,
                counts.1 as i64,
                counts.2 as i64,
                error
            ],
        )?;
        Ok(())
    }

    pub fn sync_log(&self, limit: usize) -> Result<Vec<SyncLogEntry>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT at, target, added, updated, removed, error FROM sync_log
             ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok(SyncLogEntry {
                at: r.get(0)?,
                target: r.get(1)?,
                added: r.get(2)?,
                updated: r.get(3)?,
                removed: r.get(4)?,
                error: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
