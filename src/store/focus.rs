//! Focus sessions and time entries.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use super::rows::ts;
use super::{Store, StoreError, Tx};
use crate::model::focus::{FocusSession, FocusStatus, Kind, Mode};

const SELECT: &str = "SELECT uuid, task_uuid, title, kind, mode, planned_minutes, status, started, \
    ended, pauses, interruptions, notes FROM focus_sessions";

/// One recorded stretch of work.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TimeEntry {
    pub id: i64,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub task: Option<Uuid>,
    pub source: String,
    pub session: Option<Uuid>,
}

fn bad(what: &str, e: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        Box::new(StoreError::Corrupt(format!("focus session {what}: {e}"))),
    )
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<FocusSession> {
    let json = |i: usize| -> rusqlite::Result<String> { r.get(i) };
    let parse_enum =
        |i: usize| -> rusqlite::Result<String> { Ok(format!("\"{}\"", r.get::<_, String>(i)?)) };
    let uuid = |s: String| Uuid::parse_str(&s).map_err(|e| bad("uuid", e));
    Ok(FocusSession {
        uuid: uuid(r.get(0)?)?,
        task: r.get::<_, Option<String>>(1)?.map(uuid).transpose()?,
        title: r.get(2)?,
        kind: serde_json::from_str::<Kind>(&parse_enum(3)?).map_err(|e| bad("kind", e))?,
        mode: serde_json::from_str::<Mode>(&parse_enum(4)?).map_err(|e| bad("mode", e))?,
        planned_minutes: r.get(5)?,
        status: serde_json::from_str::<FocusStatus>(&parse_enum(6)?)
            .map_err(|e| bad("status", e))?,
        started: DateTime::from_timestamp(r.get(7)?, 0).unwrap_or_default(),
        ended: r
            .get::<_, Option<i64>>(8)?
            .and_then(|t| DateTime::from_timestamp(t, 0)),
        pauses: serde_json::from_str(&json(9)?).map_err(|e| bad("pauses", e))?,
        interruptions: serde_json::from_str(&json(10)?).map_err(|e| bad("interruptions", e))?,
        notes: r.get(11)?,
    })
}

fn active(conn: &Connection) -> Result<Option<FocusSession>, StoreError> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE status IN ('running', 'paused')"))?
        .query_row([], from_row)
        .optional()?)
}

fn query(
    conn: &Connection,
    condition: &str,
    p: &[&dyn rusqlite::ToSql],
) -> Result<Vec<FocusSession>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE {condition} ORDER BY started, uuid"
    ))?;
    let rows = stmt.query_map(p, from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Where the pomodoro cycle stands, from the recent history.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CyclePosition {
    /// Focus sessions completed since the last completed long break.
    pub done_in_cycle: u32,
    /// Task and title of the last focus session (what an auto-started focus continues).
    pub last_focus: Option<(Option<Uuid>, String)>,
    /// Kind and status of the last ended session.
    pub last_ended: Option<(Kind, FocusStatus)>,
}

fn cycle_position(conn: &Connection) -> Result<CyclePosition, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE status IN ('completed', 'interrupted', 'abandoned') ORDER BY started DESC, ended DESC LIMIT 64"
    ))?;
    let recent: Vec<FocusSession> = stmt.query_map([], from_row)?.collect::<Result<_, _>>()?;
    let mut done = 0;
    for s in &recent {
        match (s.kind, s.status) {
            (Kind::LongBreak, FocusStatus::Completed) => break,
            (Kind::Focus, FocusStatus::Completed) => done += 1,
            _ => {}
        }
    }
    Ok(CyclePosition {
        done_in_cycle: done,
        last_focus: recent
            .iter()
            .find(|s| s.kind == Kind::Focus)
            .map(|s| (s.task, s.title.clone())),
        last_ended: recent.first().map(|s| (s.kind, s.status)),
    })
}

impl Store {
    pub fn active_focus(&self) -> Result<Option<FocusSession>, StoreError> {
        active(self.conn())
    }

    /// Sessions that started at or after `since` (all when `None`), optionally for one task.
    pub fn focus_sessions(
        &self,
        since: Option<DateTime<Utc>>,
        task: Option<Uuid>,
    ) -> Result<Vec<FocusSession>, StoreError> {
        let since = since.map_or(i64::MIN, ts);
        match task {
            Some(t) => query(
                self.conn(),
                "started >= ?1 AND task_uuid = ?2",
                &[&since, &t.to_string()],
            ),
            None => query(self.conn(), "started >= ?1", &[&since]),
        }
    }

    pub fn focus_cycle_position(&self) -> Result<CyclePosition, StoreError> {
        cycle_position(self.conn())
    }

    pub fn time_entries(&self, since: Option<DateTime<Utc>>) -> Result<Vec<TimeEntry>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT id, start, end, task_uuid, source, session_uuid FROM time_entries
             WHERE start >= ?1 AND end IS NOT NULL ORDER BY start, id",
        )?;
        let rows = stmt.query_map([since.map_or(i64::MIN, ts)], |r| {
            let uuid = |s: Option<String>| s.and_then(|s| Uuid::parse_str(&s).ok());
            Ok(TimeEntry {
                id: r.get(0)?,
                start: DateTime::from_timestamp(r.get(1)?, 0).unwrap_or_default(),
                end: DateTime::from_timestamp(r.get(2)?, 0).unwrap_or_default(),
                task: uuid(r.get(3)?),
                source: r.get(4)?,
                session: uuid(r.get(5)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl Tx<'_> {
    pub fn active_focus(&self) -> Result<Option<FocusSession>, StoreError> {
        active(self.conn())
    }

    pub fn focus_cycle_position(&self) -> Result<CyclePosition, StoreError> {
        cycle_position(self.conn())
    }

    /// Writes a session whole. An ended session that counts leaves one time entry per running
    /// stretch (pauses cut out); writing it again adds nothing twice.
    pub fn save_focus(&mut self, s: &FocusSession) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached(
                "INSERT INTO focus_sessions (uuid, task_uuid, title, kind, mode, planned_minutes, status,
                    started, ended, pauses, interruptions, notes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT(uuid) DO UPDATE SET task_uuid = excluded.task_uuid, title = excluded.title,
                    planned_minutes = excluded.planned_minutes, status = excluded.status,
                    ended = excluded.ended, pauses = excluded.pauses,
                    interruptions = excluded.interruptions, notes = excluded.notes",
            )?
            .execute(params![
                s.uuid.to_string(),
                s.task.map(|t| t.to_string()),
                s.title,
                s.kind.as_str(),
                match s.mode {
                    Mode::Countdown => "countdown",
                    Mode::Flow => "flow",
                },
                s.planned_minutes,
                s.status.as_str(),
                ts(s.started),
                s.ended.map(ts),
                to_json(&s.pauses)?,
                to_json(&s.interruptions)?,
                s.notes,
            ])
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                    StoreError::Invalid("another focus session is already running".into())
                }
                other => other.into(),
            })?;
        if s.kind == Kind::Focus && s.status.counts() {
            let mut stmt = self.conn().prepare_cached(
                "INSERT OR IGNORE INTO time_entries (start, end, task_uuid, source, session_uuid)
                 VALUES (?1, ?2, ?3, 'focus', ?4)",
            )?;
            for (a, b) in s.running_intervals() {
                stmt.execute(params![
                    ts(a),
                    ts(b),
                    s.task.map(|t| t.to_string()),
                    s.uuid.to_string()
                ])?;
            }
        }
        Ok(())
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}
