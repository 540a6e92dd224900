//! Capture: raw signals, suggestions under review, ingest results, learned rules and the
//! small state sources keep (cursors, the pause).
//!
//! Signals are written outside the undo log (they are observations, not edits; re-sending
//! them is a no-op thanks to their content key). Deciding a suggestion is an edit: its
//! before-image goes into the command's undo group, so `undo` after `review approve` puts the
//! suggestion back in the queue along with removing the entry it made.

use std::collections::HashSet;

use chrono::{DateTime, TimeDelta, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use super::{Store, StoreError, Tx, undo};
use crate::capture::{Classification, Signal, SignalType, Status, Stored};

const SELECT_SUGGESTION: &str = "SELECT id, uuid, start, end, status, confidence, \
    needs_verification, project, client, activity, task, note, reasons, evidence, created_at, \
    decided_at, entry_id, edited FROM capture_suggestions";

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn from_ms(v: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(v).unwrap_or_default()
}

/// The content key that makes a re-sent signal a duplicate: FNV-1a (64 bits) over its fields,
/// each followed by a separator byte, absent ones by another. Fixed here, not taken from a
/// library, because stored keys must stay the same across versions; two different signals
/// ending in the same millisecond share one with odds of about 2⁻⁶⁴.
pub fn signal_key(s: &Signal) -> i64 {
    let mut hash = crate::fnv::Fnv::new();
    let mut eat = |bytes: &[u8]| hash.bytes(bytes);
    eat(&ms(s.timestamp).to_le_bytes());
    for field in [Some(&s.app), Some(&s.source_type)]
        .into_iter()
        .chain([&s.title, &s.cwd, &s.repository, &s.url].map(Option::as_ref))
    {
        match field {
            Some(text) => {
                eat(text.as_bytes());
                eat(&[0x1f]);
            }
            None => eat(&[0x1e]),
        }
    }
    eat(s.kind.as_str().as_bytes());
    eat(&s
        .duration
        .map_or(-1, |d| d.num_milliseconds())
        .to_le_bytes());
    hash.finish() as i64
}

fn signal_row(r: &Row<'_>) -> rusqlite::Result<Signal> {
    Ok(Signal {
        timestamp: from_ms(r.get(0)?),
        app: r.get(1)?,
        kind: SignalType::from(r.get::<_, String>(2)?),
        source_type: r.get(3)?,
        title: r.get(4)?,
        cwd: r.get(5)?,
        repository: r.get(6)?,
        url: r.get(7)?,
        duration: r.get::<_, Option<i64>>(8)?.map(TimeDelta::milliseconds),
    })
}

fn json<T: serde::de::DeserializeOwned>(text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn suggestion_row(r: &Row<'_>) -> rusqlite::Result<Stored> {
    let uuid: String = r.get(1)?;
    Ok(Stored {
        row: r.get(0)?,
        uuid: Uuid::parse_str(&uuid).unwrap_or_default(),
        start: from_ms(r.get(2)?),
        end: from_ms(r.get(3)?),
        status: Status::parse(&r.get::<_, String>(4)?).unwrap_or(Status::Pending),
        confidence: r.get(5)?,
        needs_verification: r.get(6)?,
        classification: Classification {
            project: r.get(7)?,
            client: r.get(8)?,
            activity_type: r.get(9)?,
            task: r.get(10)?,
        },
        note: r.get(11)?,
        reasons: json(&r.get::<_, String>(12)?)?,
        evidence: json(&r.get::<_, String>(13)?)?,
        created_at: from_ms(r.get(14)?),
        decided_at: r.get::<_, Option<i64>>(15)?.map(from_ms),
        entry_id: r.get(16)?,
        edited: r.get(17)?,
    })
}

/// Which suggestions a query wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SuggestionQuery {
    /// `None`: every status.
    pub status: Option<Status>,
    /// Only those ending after `from` and starting before `to`.
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

fn suggestions(conn: &Connection, q: SuggestionQuery) -> Result<Vec<Stored>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_SUGGESTION} WHERE (?1 IS NULL OR status = ?1) AND end > ?2 AND start < ?3 \
         ORDER BY start, id"
    ))?;
    let rows = stmt.query_map(
        params![
            q.status.map(Status::as_str),
            q.from.map_or(i64::MIN, ms),
            q.to.map_or(i64::MAX, ms)
        ],
        suggestion_row,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Suggestions whose id (hex, dashes ignored) starts with `prefix`.
fn suggestions_by_prefix(conn: &Connection, prefix: &str) -> Result<Vec<Stored>, StoreError> {
    let hex: String = prefix
        .chars()
        .filter(|c| *c != '-')
        .collect::<String>()
        .to_ascii_lowercase();
    if hex.is_empty() || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_SUGGESTION} WHERE replace(uuid, '-', '') LIKE ?1 || '%' ORDER BY start, id"
    ))?;
    let rows = stmt.query_map([hex], suggestion_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn rules(conn: &Connection) -> Result<Vec<(i64, String)>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT id, rule FROM capture_rules ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn state(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT value FROM capture_state WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

impl Store {
    /// A value sources and the capture pass keep between runs (cursors, the pause).
    pub fn capture_state(&self, key: &str) -> Result<Option<String>, StoreError> {
        state(self.conn(), key)
    }

    pub fn capture_suggestions(&self, q: SuggestionQuery) -> Result<Vec<Stored>, StoreError> {
        suggestions(self.conn(), q)
    }

    pub fn capture_suggestions_by_prefix(&self, prefix: &str) -> Result<Vec<Stored>, StoreError> {
        suggestions_by_prefix(self.conn(), prefix)
    }

    /// An ingest's recorded result (JSON), if that ingest happened.
    pub fn capture_ingest(&self, id: Uuid) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT result FROM capture_ingests WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?)
    }

    /// Learned rules (JSON), oldest first, with their ids.
    pub fn capture_rules(&self) -> Result<Vec<(i64, String)>, StoreError> {
        rules(self.conn())
    }

    /// How many raw signals are kept, and the oldest one's time.
    pub fn capture_signal_stats(&self) -> Result<(i64, Option<DateTime<Utc>>), StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT count(*), min(ts) FROM capture_signals", [], |r| {
                Ok((r.get(0)?, r.get::<_, Option<i64>>(1)?.map(from_ms)))
            })?)
    }
}

impl Tx<'_> {
    pub fn capture_state(&self, key: &str) -> Result<Option<String>, StoreError> {
        state(self.conn(), key)
    }

    pub fn set_capture_state(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached(
                "INSERT INTO capture_state (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([key, value])?;
        Ok(())
    }

    pub fn clear_capture_state(&mut self, key: &str) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached("DELETE FROM capture_state WHERE key = ?1")?
            .execute([key])?;
        Ok(())
    }

    /// Stores the signals not already stored (nor given twice); returns the indices of those
    /// it stored. Duplicates are found by reading the keys stored over the batch's range of end
    /// times (one index range), under the transaction's write lock.
    pub fn insert_capture_signals(
        &mut self,
        signals: &[Signal],
        source: &str,
    ) -> Result<Vec<usize>, StoreError> {
        let keys: Vec<i64> = signals.iter().map(signal_key).collect();
        let ends = signals.iter().map(|s| ms(s.end()));
        let (Some(lo), Some(hi)) = (ends.clone().min(), ends.max()) else {
            return Ok(Vec::new());
        };
        let mut known: HashSet<i64> = self
            .conn()
            .prepare_cached("SELECT key FROM capture_signals WHERE end_ts BETWEEN ?1 AND ?2")?
            .query_map([lo, hi], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut stmt = self.conn().prepare_cached(
            "INSERT INTO capture_signals (key, ts, end_ts, source, app, kind, source_type, \
             title, cwd, repository, url, duration_ms) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        let mut stored = Vec::new();
        for (i, (s, key)) in signals.iter().zip(keys).enumerate() {
            if !known.insert(key) {
                continue;
            }
            stmt.execute(params![
                key,
                ms(s.timestamp),
                ms(s.end()),
                source,
                s.app,
                s.kind.as_str(),
                s.source_type,
                s.title,
                s.cwd,
                s.repository,
                s.url,
                s.duration.map(|d| d.num_milliseconds()),
            ])?;
            stored.push(i);
        }
        Ok(stored)
    }

    /// The highest signal row id (0 with none): rows above it were stored after this call.
    pub fn last_capture_signal(&self) -> Result<i64, StoreError> {
        Ok(self.conn().query_row(
            "SELECT coalesce(max(id), 0) FROM capture_signals",
            [],
            |r| r.get(0),
        )?)
    }

    /// Signals whose activity reaches `from` or later, stored up to row `upto`, in no
    /// particular order (the engine sorts them canonically). One range of the end index: a
    /// signal ends at or after it starts.
    pub fn capture_signals_since(
        &self,
        from: DateTime<Utc>,
        upto: i64,
    ) -> Result<Vec<Signal>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT ts, app, kind, source_type, title, cwd, repository, url, duration_ms \
             FROM capture_signals WHERE end_ts >= ?1 AND id <= ?2",
        )?;
        let rows = stmt.query_map([ms(from), upto], signal_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Drops raw signals older than `before` (the retention setting); suggestions stay.
    pub fn purge_capture_signals(&mut self, before: DateTime<Utc>) -> Result<usize, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("DELETE FROM capture_signals WHERE end_ts < ?1")?
            .execute([ms(before)])?)
    }

    pub fn capture_suggestions(&self, q: SuggestionQuery) -> Result<Vec<Stored>, StoreError> {
        suggestions(self.conn(), q)
    }

    pub fn capture_suggestions_by_prefix(&self, prefix: &str) -> Result<Vec<Stored>, StoreError> {
        suggestions_by_prefix(self.conn(), prefix)
    }

    /// Forgets pending suggestions starting at or after `from` that no person reshaped: the
    /// pass is about to make them again from the signals.
    pub fn drop_pending_suggestions_from(
        &mut self,
        from: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        Ok(self
            .conn()
            .prepare_cached(
                "DELETE FROM capture_suggestions WHERE status = 'pending' AND edited = 0 AND start >= ?1",
            )?
            .execute([ms(from)])?)
    }

    /// Adds a suggestion unless one with its id exists (decided ones keep their decision).
    pub fn insert_suggestion(&mut self, s: &Stored) -> Result<bool, StoreError> {
        let added = self
            .conn()
            .prepare_cached(
                "INSERT OR IGNORE INTO capture_suggestions (uuid, start, end, status, confidence, \
                 needs_verification, project, client, activity, task, note, reasons, evidence, \
                 created_at, decided_at, entry_id, edited) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
                 ?17)",
            )?
            .execute(params![
                s.uuid.to_string(),
                ms(s.start),
                ms(s.end),
                s.status.as_str(),
                s.confidence,
                s.needs_verification,
                s.classification.project,
                s.classification.client,
                s.classification.activity_type,
                s.classification.task,
                s.note,
                serde_json::to_string(&s.reasons).unwrap_or_else(|_| "[]".into()),
                serde_json::to_string(&s.evidence).unwrap_or_else(|_| "{}".into()),
                ms(s.created_at),
                s.decided_at.map(ms),
                s.entry_id,
                s.edited,
            ])?;
        Ok(added == 1)
    }

    /// Records a decision or correction (status, span, classification, note, entry); undoable.
    pub fn update_suggestion(&mut self, s: &Stored) -> Result<(), StoreError> {
        let group = self.undo_group()?;
        undo::record_row(self.conn(), group, "capture_suggestions", s.row)?;
        self.conn()
            .prepare_cached(
                "UPDATE capture_suggestions SET start = ?1, end = ?2, status = ?3, project = ?4, \
                 client = ?5, activity = ?6, note = ?7, decided_at = ?8, entry_id = ?9, \
                 edited = ?10 WHERE id = ?11",
            )?
            .execute(params![
                ms(s.start),
                ms(s.end),
                s.status.as_str(),
                s.classification.project,
                s.classification.client,
                s.classification.activity_type,
                s.note,
                s.decided_at.map(ms),
                s.entry_id,
                s.edited,
                s.row,
            ])?;
        Ok(())
    }

    /// Adds a suggestion made by a person (a split's second half); undoable.
    pub fn add_suggestion(&mut self, s: &Stored) -> Result<i64, StoreError> {
        self.insert_suggestion(s)?;
        let row = self.conn().last_insert_rowid();
        self.remember_new("capture_suggestions", row)?;
        Ok(row)
    }

    pub fn put_capture_ingest(
        &mut self,
        id: Uuid,
        at: DateTime<Utc>,
        source: &str,
        result: &str,
    ) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached(
                "INSERT OR REPLACE INTO capture_ingests (id, at, source, result) \
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![id.to_string(), ms(at), source, result])?;
        Ok(())
    }

    pub fn capture_rules(&self) -> Result<Vec<(i64, String)>, StoreError> {
        rules(self.conn())
    }

    pub fn add_capture_rule(&mut self, rule: &str, at: DateTime<Utc>) -> Result<i64, StoreError> {
        self.conn()
            .prepare_cached("INSERT INTO capture_rules (rule, created_at) VALUES (?1, ?2)")?
            .execute(params![rule, ms(at)])?;
        let id = self.conn().last_insert_rowid();
        self.remember_new("capture_rules", id)?;
        Ok(id)
    }

    pub fn delete_capture_rule(&mut self, id: i64) -> Result<bool, StoreError> {
        let group = self.undo_group()?;
        undo::record_row(self.conn(), group, "capture_rules", id)?;
        Ok(self
            .conn()
            .prepare_cached("DELETE FROM capture_rules WHERE id = ?1")?
            .execute([id])?
            == 1)
    }
}
