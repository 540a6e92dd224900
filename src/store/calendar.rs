//! Calendars and calendar objects (per-UID iCalendar text plus the fields a window needs).

use rusqlite::{OptionalExtension, Row, params};

use super::{Store, StoreError, undo};

/// An object ready to write.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StoredObject {
    pub uid: String,
    /// "VEVENT" or "VTODO".
    pub kind: String,
    pub ics: String,
    pub summary: String,
    pub location: Option<String>,
    pub first_start: i64,
    /// `None`: the series never ends.
    pub last_end: Option<i64>,
    pub all_day: bool,
    pub recurring: bool,
    /// Reminder offsets, seconds before the start.
    pub alarms: Vec<i64>,
    /// A time block's task, or the task a VTODO became.
    pub task_uuid: Option<String>,
}

/// A stored object as read back.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ObjectRow {
    pub id: i64,
    pub uid: String,
    pub kind: String,
    pub calendar: String,
    /// The calendar's id: with the UID, what names the object.
    #[serde(skip)]
    pub calendar_id: i64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub colour: String,
    pub read_only: bool,
    /// Left out of window queries for rows whose fields say everything (single events).
    #[serde(skip)]
    pub ics: Option<String>,
    pub summary: String,
    pub location: Option<String>,
    #[serde(serialize_with = "rfc3339")]
    pub first_start: i64,
    #[serde(serialize_with = "rfc3339_or_null")]
    pub last_end: Option<i64>,
    /// `None` for rows written by schema version 6, whose fields must be parsed from `ics`.
    pub all_day: Option<bool>,
    pub recurring: bool,
    pub alarms: Vec<i64>,
    pub task_uuid: Option<String>,
}

/// Stored seconds shown as RFC 3339, as every time in the JSON output is.
fn rfc3339<S: serde::Serializer>(secs: &i64, s: S) -> Result<S::Ok, S::Error> {
    use serde::Serialize;
    chrono::DateTime::from_timestamp(*secs, 0).serialize(s)
}

fn rfc3339_or_null<S: serde::Serializer>(secs: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    use serde::Serialize;
    secs.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .serialize(s)
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CalendarInfo {
    pub id: i64,
    pub name: String,
    pub colour: String,
    pub source: String,
    pub read_only: bool,
    /// Events (series count once).
    pub objects: i64,
    /// To-dos kept from imports (each also a task).
    pub todos: i64,
}

/// What a write of objects did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct ObjectsWritten {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

const ROW_COLUMNS: &str = "o.id, o.uid, o.kind, c.name, c.colour, c.read_only, o.ics, o.summary, \
     o.location, o.first_start, o.last_end, o.all_day, o.recurring, o.alarms, o.task_uuid, o.calendar_id";

/// The row columns with the text read as `ics` (an expression that may leave it out).
pub(super) fn select_columns(ics: &str) -> String {
    ROW_COLUMNS.replace("o.ics", ics)
}

pub(super) fn object_row(r: &Row) -> rusqlite::Result<ObjectRow> {
    let alarms: String = r.get(13)?;
    Ok(ObjectRow {
        id: r.get(0)?,
        uid: r.get(1)?,
        kind: r.get(2)?,
        calendar: r.get(3)?,
        calendar_id: r.get(15)?,
        colour: r.get(4)?,
        read_only: r.get(5)?,
        ics: r.get(6)?,
        summary: r.get(7)?,
        location: r.get(8)?,
        first_start: r.get(9)?,
        last_end: r.get(10)?,
        all_day: r.get(11)?,
        recurring: r.get(12)?,
        alarms: alarms
            .split(',')
            .filter_map(|a| a.trim().parse().ok())
            .collect(),
        task_uuid: r.get(14)?,
    })
}

const CALENDAR_QUERY: &str = "SELECT c.id, c.name, c.colour, c.source, c.read_only,
        (SELECT count(*) FROM calendar_objects o WHERE o.calendar_id = c.id AND o.kind = 'VEVENT'),
        (SELECT count(*) FROM calendar_objects o WHERE o.calendar_id = c.id AND o.kind = 'VTODO')
     FROM calendars c";

fn calendar_info(r: &Row) -> rusqlite::Result<CalendarInfo> {
    Ok(CalendarInfo {
        id: r.get(0)?,
        name: r.get(1)?,
        colour: r.get(2)?,
        source: r.get(3)?,
        read_only: r.get(4)?,
        objects: r.get(5)?,
        todos: r.get(6)?,
    })
}

fn alarms_text(alarms: &[i64]) -> String {
    alarms
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl Store {
    /// Records rows of `table` as they are now in the undo step in progress, if any: before
    /// a change or a delete, or right after an insert (so undo deletes the new row).
    fn remember(&mut self, table: &str, ids: &[i64]) -> Result<(), StoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        if let Some(g) = undo::step_group(&mut self.step, &self.conn, self.undo_levels)? {
            for id in ids {
                undo::record_row(&self.conn, g, table, *id)?;
            }
        }
        Ok(())
    }

    /// The calendar called `name`, created (local, writable) if it does not exist.
    pub fn calendar_id(&mut self, name: &str) -> Result<i64, StoreError> {
        if let Some(c) = self.calendar(name)? {
            return Ok(c.id);
        }
        self.add_calendar(name, "", "local", false)
    }

    pub fn calendar(&self, name: &str) -> Result<Option<CalendarInfo>, StoreError> {
        let sql = format!("{CALENDAR_QUERY} WHERE c.name = ?1");
        Ok(self
            .conn()
            .query_row(&sql, [name], calendar_info)
            .optional()?)
    }

    /// A new calendar; an existing name is an error.
    pub fn add_calendar(
        &mut self,
        name: &str,
        colour: &str,
        source: &str,
        read_only: bool,
    ) -> Result<i64, StoreError> {
        if name.trim().is_empty() {
            return Err(StoreError::Invalid("a calendar needs a name".into()));
        }
        if self.calendar(name)?.is_some() {
            return Err(StoreError::Invalid(format!(
                "a calendar called “{name}” exists already"
            )));
        }
        self.conn().execute(
            "INSERT INTO calendars (name, colour, source, read_only) VALUES (?1, ?2, ?3, ?4)",
            params![name, colour, source, read_only],
        )?;
        let id = self.conn().last_insert_rowid();
        // Recorded as missing: undo deletes it.
        if let Some(g) = undo::step_group(&mut self.step, &self.conn, self.undo_levels)? {
            self.conn.execute(
                "INSERT INTO undo_entries (grp, uuid, before) VALUES (?1, ?2, NULL)",
                params![g, format!("row:calendars:{id}")],
            )?;
        }
        Ok(id)
    }

    /// The calendar called `name`; an error naming the calendars there are if none is.
    pub fn existing_calendar(&self, name: &str) -> Result<CalendarInfo, StoreError> {
        self.calendar(name)?.ok_or_else(|| {
            let known: Vec<String> = self
                .calendars()
                .map(|cs| cs.into_iter().map(|c| c.name).collect())
                .unwrap_or_default();
            StoreError::Invalid(if known.is_empty() {
                format!("no calendar called “{name}” (there are none yet)")
            } else {
                format!(
                    "no calendar called “{name}” (calendars: {})",
                    known.join(", ")
                )
            })
        })
    }

    pub fn rename_calendar(&mut self, from: &str, to: &str) -> Result<(), StoreError> {
        let cal = self.existing_calendar(from)?;
        if to.trim().is_empty() {
            return Err(StoreError::Invalid("a calendar needs a name".into()));
        }
        if from != to && self.calendar(to)?.is_some() {
            return Err(StoreError::Invalid(format!(
                "a calendar called “{to}” exists already"
            )));
        }
        self.remember("calendars", &[cal.id])?;
        self.conn().execute(
            "UPDATE calendars SET name = ?1 WHERE id = ?2",
            params![to, cal.id],
        )?;
        Ok(())
    }

    pub fn set_calendar_colour(&mut self, name: &str, colour: &str) -> Result<(), StoreError> {
        let cal = self.existing_calendar(name)?;
        self.remember("calendars", &[cal.id])?;
        self.conn().execute(
            "UPDATE calendars SET colour = ?1 WHERE id = ?2",
            params![colour, cal.id],
        )?;
        Ok(())
    }

    pub fn set_calendar_read_only(
        &mut self,
        name: &str,
        read_only: bool,
    ) -> Result<(), StoreError> {
        let cal = self.existing_calendar(name)?;
        self.remember("calendars", &[cal.id])?;
        self.conn().execute(
            "UPDATE calendars SET read_only = ?1 WHERE id = ?2",
            params![read_only, cal.id],
        )?;
        Ok(())
    }

    /// Deletes a calendar and everything in it.
    pub fn delete_calendar(&mut self, name: &str) -> Result<usize, StoreError> {
        let cal = self.existing_calendar(name)?;
        // Events first: undo goes backwards, so the calendar is back before its events.
        let ids: Vec<i64> = self
            .conn()
            .prepare("SELECT id FROM calendar_objects WHERE calendar_id = ?1 ORDER BY id")?
            .query_map([cal.id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        self.remember("calendar_objects", &ids)?;
        self.remember("calendars", &[cal.id])?;
        self.conn()
            .execute("DELETE FROM calendars WHERE id = ?1", [cal.id])?;
        Ok((cal.objects + cal.todos) as usize)
    }

    pub fn calendars(&self) -> Result<Vec<CalendarInfo>, StoreError> {
        let sql = format!("{CALENDAR_QUERY} ORDER BY c.name");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([], calendar_info)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Writes objects into a calendar in one transaction; an object with the same UID in that
    /// calendar is replaced (re-importing updates, never duplicates) and keeps its id. The
    /// same UID in another calendar is another object and is left alone.
    pub fn put_calendar_objects(
        &mut self,
        calendar_id: i64,
        objects: &[StoredObject],
        now: i64,
    ) -> Result<ObjectsWritten, StoreError> {
        let tx = super::atomic::begin(&mut self.conn)?;
        let mut written = ObjectsWritten::default();
        {
            let mut put = PutObjects::prepare(&tx, calendar_id, now)?;
            for o in objects {
                let before = put.existing(o)?;
                let group = undo::step_group(&mut self.step, &tx, self.undo_levels)?;
                match before {
                    Some((ics, known, _)) if ics == o.ics && known => {
                        written.unchanged += 1;
                        continue;
                    }
                    Some((_, _, id)) => {
                        if let Some(g) = group {
                            undo::record_row(&tx, g, "calendar_objects", id)?;
                        }
                        written.updated += 1;
                    }
                    None => written.added += 1,
                }
                put.write(o, group)?;
            }
        }
        tx.commit()?;
        Ok(written)
    }

    /// Every event that may have an occurrence in `[from, to)`. The text is read only where
    /// the fields cannot stand for the event (recurring, all-day, or not yet known).
    pub fn calendar_objects_between(
        &self,
        from: i64,
        to: i64,
    ) -> Result<Vec<ObjectRow>, StoreError> {
        let sql = format!(
            "SELECT {} FROM calendar_objects o JOIN calendars c ON c.id = o.calendar_id
             WHERE o.kind = 'VEVENT' AND o.first_start < ?2
               AND (o.last_end IS NULL OR o.last_end > ?1 OR (o.last_end = o.first_start AND o.first_start >= ?1))",
            // All-day dates were placed with the zone at import; reading them again
            // keeps them on their day if the zone changed since.
            select_columns("CASE WHEN o.recurring OR o.all_day IS NOT 0 THEN o.ics END")
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([from, to], object_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every object of a kind (or all kinds), by first start, text included.
    pub fn calendar_objects(&self, kind: Option<&str>) -> Result<Vec<ObjectRow>, StoreError> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM calendar_objects o JOIN calendars c ON c.id = o.calendar_id
             WHERE ?1 IS NULL OR o.kind = ?1 ORDER BY o.first_start, o.id"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([kind], object_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One object by its id, or by a UID only one calendar holds.
    pub fn calendar_object(&self, key: &str) -> Result<ObjectRow, StoreError> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM calendar_objects o JOIN calendars c ON c.id = o.calendar_id
             WHERE o.id = ?1"
        );
        if let Ok(id) = key.parse::<i64>()
            && let Some(row) = self.conn().query_row(&sql, [id], object_row).optional()?
        {
            return Ok(row);
        }
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM calendar_objects o JOIN calendars c ON c.id = o.calendar_id
             WHERE o.uid = ?1 ORDER BY o.id"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let mut rows: Vec<ObjectRow> = stmt
            .query_map([key], object_row)?
            .collect::<Result<_, _>>()?;
        match rows.len() {
            0 => Err(StoreError::Invalid(format!(
                "no event or calendar to-do `{key}`"
            ))),
            1 => Ok(rows.remove(0)),
            _ => Err(StoreError::Invalid(format!(
                "UID `{key}` is in several calendars ({}): name it by its id ({})",
                rows.iter()
                    .map(|r| r.calendar.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                rows.iter()
                    .map(|r| r.id.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// The object with `uid` in one calendar.
    pub fn calendar_object_in(
        &self,
        calendar_id: i64,
        uid: &str,
    ) -> Result<Option<ObjectRow>, StoreError> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM calendar_objects o JOIN calendars c ON c.id = o.calendar_id
             WHERE o.calendar_id = ?1 AND o.uid = ?2"
        );
        Ok(self
            .conn()
            .query_row(&sql, params![calendar_id, uid], object_row)
            .optional()?)
    }

    /// The object with `uid` in one calendar; an error if there is none.
    pub fn calendar_object_at(&self, calendar_id: i64, uid: &str) -> Result<ObjectRow, StoreError> {
        self.calendar_object_in(calendar_id, uid)?
            .ok_or_else(|| StoreError::Invalid(format!("no event or calendar to-do `{uid}`")))
    }

    /// The VTODO kept for a task, if it came from (or went to) a calendar.
    pub fn calendar_todo_for_task(&self, task_uuid: &str) -> Result<Option<ObjectRow>, StoreError> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM calendar_objects o JOIN calendars c ON c.id = o.calendar_id
             WHERE o.kind = 'VTODO' AND o.task_uuid = ?1 ORDER BY o.id LIMIT 1"
        );
        Ok(self
            .conn()
            .query_row(&sql, [task_uuid], object_row)
            .optional()?)
    }

    /// Deletes the object with `uid` in one calendar; the same UID elsewhere stays.
    pub fn delete_calendar_object(
        &mut self,
        calendar_id: i64,
        uid: &str,
    ) -> Result<bool, StoreError> {
        let id: Option<i64> = self
            .conn()
            .query_row(
                "SELECT id FROM calendar_objects WHERE calendar_id = ?1 AND uid = ?2",
                params![calendar_id, uid],
                |r| r.get(0),
            )
            .optional()?;
        let Some(id) = id else {
            return Ok(false);
        };
        self.remember("calendar_objects", &[id])?;
        Ok(self
            .conn()
            .execute("DELETE FROM calendar_objects WHERE id = ?1", [id])?
            > 0)
    }
}

/// The statements `put_calendar_objects` runs for each object of one calendar.
struct PutObjects<'c> {
    conn: &'c rusqlite::Connection,
    calendar_id: i64,
    now: i64,
    existing: rusqlite::Statement<'c>,
    update: rusqlite::Statement<'c>,
    insert: rusqlite::Statement<'c>,
}

impl<'c> PutObjects<'c> {
    fn prepare(
        conn: &'c rusqlite::Connection,
        calendar_id: i64,
        now: i64,
    ) -> Result<PutObjects<'c>, StoreError> {
        let existing = conn.prepare(
            "SELECT ics, all_day IS NOT NULL, id FROM calendar_objects
             WHERE calendar_id = ?2 AND uid = ?1",
        )?;
        // UPDATE, then INSERT when nothing was there: an upsert would use up an id
        // from the AUTOINCREMENT sequence on every update.
        let update = conn.prepare(
            "UPDATE calendar_objects SET kind = ?3, ics = ?4, summary = ?5,
                location = ?6, first_start = ?7, last_end = ?8, all_day = ?9, recurring = ?10,
                alarms = ?11, task_uuid = ?12, modified = ?13
             WHERE calendar_id = ?2 AND uid = ?1",
        )?;
        let insert = conn.prepare(
            "INSERT INTO calendar_objects (uid, calendar_id, kind, ics, summary, location,
                first_start, last_end, all_day, recurring, alarms, task_uuid, modified)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?;
        Ok(PutObjects {
            conn,
            calendar_id,
            now,
            existing,
            update,
            insert,
        })
    }

    /// The stored object with `o`'s UID: its text, whether its fields are known, its id.
    fn existing(&mut self, o: &StoredObject) -> Result<Option<(String, bool, i64)>, StoreError> {
        Ok(self
            .existing
            .query_row(params![&o.uid, self.calendar_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?)
    }

    /// Writes `o` over the stored one, or as a new row (recorded for undo in `group`).
    fn write(&mut self, o: &StoredObject, group: Option<i64>) -> Result<(), StoreError> {
        let values = params![
            o.uid,
            self.calendar_id,
            o.kind,
            o.ics,
            o.summary,
            o.location,
            o.first_start,
            o.last_end,
            o.all_day,
            o.recurring,
            alarms_text(&o.alarms),
            o.task_uuid,
            self.now,
        ];
        if self.update.execute(values)? == 0 {
            self.insert.execute(values)?;
            if let Some(g) = group {
                let id = self.conn.last_insert_rowid();
                self.conn.execute(
                    "INSERT INTO undo_entries (grp, uuid, before) VALUES (?1, ?2, NULL)",
                    params![g, format!("row:calendar_objects:{id}")],
                )?;
            }
        }
        Ok(())
    }
}
