//! Calendars and calendar objects (per-UID iCalendar text).

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};

/// A stored object, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    pub uid: String,
    pub ics: String,
    pub summary: String,
    pub first_start: i64,
    /// `None`: the series never ends.
    pub last_end: Option<i64>,
    pub recurring: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CalendarInfo {
    pub id: i64,
    pub name: String,
    pub colour: String,
    pub source: String,
    pub read_only: bool,
    pub objects: i64,
}

/// What a write of objects did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct ObjectsWritten {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl Store {
    /// The calendar called `name`, created (local, writable) if it does not exist.
    pub fn calendar_id(&mut self, name: &str) -> Result<i64, StoreError> {
        let conn = self.conn();
        if let Some(id) = conn
            .query_row("SELECT id FROM calendars WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?
        {
            return Ok(id);
        }
        conn.execute("INSERT INTO calendars (name) VALUES (?1)", [name])?;
        Ok(conn.last_insert_rowid())
    }

    pub fn calendars(&self) -> Result<Vec<CalendarInfo>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT c.id, c.name, c.colour, c.source, c.read_only,
                    (SELECT count(*) FROM calendar_objects o WHERE o.calendar_id = c.id)
             FROM calendars c ORDER BY c.name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(CalendarInfo {
                id: r.get(0)?,
                name: r.get(1)?,
                colour: r.get(2)?,
                source: r.get(3)?,
                read_only: r.get(4)?,
                objects: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Writes objects into a calendar in one transaction; an object with the same UID is
    /// replaced (re-importing updates, never duplicates).
    pub fn put_calendar_objects(
        &mut self,
        calendar_id: i64,
        objects: &[StoredObject],
    ) -> Result<ObjectsWritten, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut written = ObjectsWritten::default();
        {
            let mut existing =
                tx.prepare("SELECT ics, calendar_id FROM calendar_objects WHERE uid = ?1")?;
            let mut upsert = tx.prepare(
                "INSERT INTO calendar_objects (uid, calendar_id, ics, summary, first_start, last_end, recurring)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(uid) DO UPDATE SET calendar_id = excluded.calendar_id, ics = excluded.ics,
                    summary = excluded.summary, first_start = excluded.first_start,
                    last_end = excluded.last_end, recurring = excluded.recurring",
            )?;
            for o in objects {
                let before: Option<(String, i64)> = existing
                    .query_row([&o.uid], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                match before {
                    Some((ics, cal)) if ics == o.ics && cal == calendar_id => {
                        written.unchanged += 1;
                        continue;
                    }
                    Some(_) => written.updated += 1,
                    None => written.added += 1,
                }
                upsert.execute(params![
                    o.uid,
                    calendar_id,
                    o.ics,
                    o.summary,
                    o.first_start,
                    o.last_end,
                    o.recurring
                ])?;
            }
        }
        tx.commit()?;
        Ok(written)
    }

    /// (UID, iCalendar text, calendar name) of every object that may have an occurrence in
    /// `[from, to)`.
    pub fn calendar_objects_between(
        &self,
        from: i64,
        to: i64,
    ) -> Result<Vec<(String, String, String)>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT o.uid, o.ics, c.name FROM calendar_objects o JOIN calendars c ON c.id = o.calendar_id
             WHERE o.first_start < ?2 AND (o.last_end IS NULL OR o.last_end > ?1)",
        )?;
        let rows = stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
