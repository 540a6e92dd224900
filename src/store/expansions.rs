//! The kept occurrences of each event for a horizon (`event_expansions`, `event_instances`):
//! what lets an agenda read a range instead of expanding every series from its text.
//!
//! A kept expansion stands for the object's text only as long as that text is unchanged: the
//! schema's triggers drop it on every insert, text change and delete of the object, so no write
//! path has to remember it. It is also tied to the local zone and the build that expanded it
//! (all-day dates and floating times depend on the first, the rules on the second).

use std::collections::HashMap;

use chrono::DateTime;
use rusqlite::{Connection, params};

use super::calendar::{ObjectRow, object_row, select_columns};
use super::{Store, StoreError};
use crate::model::occurrence::Occurrence;

/// Which kept expansions fit: expanded in `zone` by the expansion rules named `expander`.
#[derive(Debug, Clone, Copy)]
pub struct ExpansionKey<'a> {
    pub zone: &'a str,
    pub expander: &'a str,
}

/// A window candidate and, when a kept expansion covers the window, that expansion's
/// problems (its occurrences come from `kept_occurrences`).
#[derive(Debug, Clone)]
pub struct AgendaRow {
    pub row: ObjectRow,
    pub kept: Option<Vec<String>>,
}

/// One object's expansion over `[covers_from, covers_to)`, to keep.
#[derive(Debug, Clone)]
pub struct Expanded<'a> {
    pub object_id: i64,
    /// The text it was expanded from: kept only if the object still has it.
    pub ics: &'a str,
    pub covers_from: i64,
    pub covers_to: i64,
    pub problems: &'a [String],
    /// In expansion order (by start, then UID).
    pub occurrences: &'a [Occurrence],
}

const ALL_DAY: i64 = 1;
const RECURRING: i64 = 2;

impl Store {
    /// Every event that may have an occurrence in `[from, to)`, as `calendar_objects_between`
    /// finds them, marking the ones whose kept expansion covers `window`; their text is not read.
    pub fn agenda_objects(
        &self,
        (from, to): (i64, i64),
        window: (i64, i64),
        key: ExpansionKey,
    ) -> Result<Vec<AgendaRow>, StoreError> {
        let sql = format!(
            "SELECT {}, x.problems FROM calendar_objects o JOIN calendars c ON c.id = o.calendar_id
             LEFT JOIN event_expansions x ON x.object_id = o.id AND x.zone = ?3
                AND x.expander = ?4 AND x.covers_from <= ?5 AND x.covers_to >= ?6
             WHERE o.kind = 'VEVENT' AND o.first_start < ?2
               AND (o.last_end IS NULL OR o.last_end > ?1 OR (o.last_end = o.first_start AND o.first_start >= ?1))",
            select_columns(
                "CASE WHEN (o.recurring OR o.all_day IS NOT 0) AND x.object_id IS NULL THEN o.ics END"
            )
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![from, to, key.zone, key.expander, window.0, window.1],
            |r| {
                let problems: Option<String> = r.get(16)?;
                Ok((object_row(r)?, problems))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (row, problems) = row?;
            let kept = match problems {
                None => None,
                Some(p) if p.is_empty() => Some(Vec::new()),
                Some(p) => Some(
                    serde_json::from_str(&p)
                        .map_err(|e| StoreError::Corrupt(format!("kept expansion: {e}")))?,
                ),
            };
            out.push(AgendaRow { row, kept });
        }
        Ok(out)
    }

    /// The kept occurrences overlapping `[from, to)` of every object whose kept expansion
    /// covers that window, by object, each in expansion order.
    pub fn kept_occurrences(
        &self,
        (from, to): (i64, i64),
        key: ExpansionKey,
    ) -> Result<HashMap<i64, Vec<Occurrence>>, StoreError> {
        // Only an occurrence no longer than the longest kept one can start before `from` and
        // still reach into the window: that bounds the range read on the start index.
        let longest: Option<i64> =
            self.conn()
                .query_row("SELECT max(longest) FROM event_expansions", [], |r| {
                    r.get(0)
                })?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT i.object_id, i.seq, i.starts, i.ends, i.flags, p.uid, p.summary, p.location,
                    i.part
             FROM event_instances i
             JOIN event_expansions x ON x.object_id = i.object_id
             JOIN event_expansion_parts p ON p.object_id = i.object_id AND p.part = i.part
             WHERE i.starts >= ?1 - ?5 AND i.starts < ?2 AND (i.ends > ?1 OR i.starts >= ?1)
               AND x.zone = ?3 AND x.expander = ?4 AND x.covers_from <= ?1 AND x.covers_to >= ?2",
        )?;
        let rows = stmt.query_map(
            params![from, to, key.zone, key.expander, longest.unwrap_or(0)],
            |r| {
                let flags: i64 = r.get(4)?;
                let at = |i| -> rusqlite::Result<_> {
                    let secs: i64 = r.get(i)?;
                    DateTime::from_timestamp(secs, 0)
                        .ok_or(rusqlite::Error::IntegralValueOutOfRange(i, secs))
                };
                let part: i64 = r.get(8)?;
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    Occurrence {
                        uid: r.get(5)?,
                        summary: r.get(6)?,
                        location: r.get(7)?,
                        start: at(2)?,
                        end: at(3)?,
                        all_day: flags & ALL_DAY != 0,
                        recurring: flags & RECURRING != 0,
                        part: usize::try_from(part).unwrap_or_default(),
                    },
                ))
            },
        )?;
        let mut found: Vec<(i64, i64, Occurrence)> = rows.collect::<Result<_, _>>()?;
        found.sort_unstable_by_key(|(id, seq, _)| (*id, *seq));
        let mut out: HashMap<i64, Vec<Occurrence>> = HashMap::new();
        for (id, _, o) in found {
            out.entry(id).or_default().push(o);
        }
        Ok(out)
    }

    /// The window the kept expansion of `object_id` covers, if it fits `key`.
    pub fn kept_window(
        &self,
        object_id: i64,
        key: ExpansionKey,
    ) -> Result<Option<(i64, i64)>, StoreError> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn()
            .query_row(
                "SELECT covers_from, covers_to FROM event_expansions
                 WHERE object_id = ?1 AND zone = ?2 AND expander = ?3",
                params![object_id, key.zone, key.expander],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Keeps expansions in one transaction, each replacing the object's kept one. An object
    /// whose text changed since it was read is skipped: its expansion would be stale.
    pub fn keep_expansions(
        &self,
        key: ExpansionKey,
        expanded: &[Expanded],
    ) -> Result<(), StoreError> {
        if expanded.is_empty() || self.conn.is_readonly("main").unwrap_or(true) {
            return Ok(());
        }
        let conn = &self.conn;
        let own = conn.is_autocommit();
        conn.execute_batch(if own {
            "BEGIN IMMEDIATE"
        } else {
            "SAVEPOINT keep_expansions"
        })?;
        let done = expanded.iter().try_for_each(|e| keep_one(conn, key, e));
        let end = match (&done, own) {
            (Ok(()), true) => "COMMIT",
            (Ok(()), false) => "RELEASE keep_expansions",
            (Err(_), true) => "ROLLBACK",
            (Err(_), false) => "ROLLBACK TO keep_expansions; RELEASE keep_expansions",
        };
        conn.execute_batch(end)?;
        done
    }
}

fn keep_one(conn: &Connection, key: ExpansionKey, e: &Expanded) -> Result<(), StoreError> {
    for table in [
        "event_instances",
        "event_expansion_parts",
        "event_expansions",
    ] {
        conn.prepare_cached(&format!("DELETE FROM {table} WHERE object_id = ?1"))?
            .execute([e.object_id])?;
    }
    let current = conn
        .prepare_cached("SELECT 1 FROM calendar_objects WHERE id = ?1 AND ics = ?2")?
        .exists(params![e.object_id, e.ics])?;
    if !current {
        return Ok(());
    }
    let longest = e
        .occurrences
        .iter()
        .map(|o| (o.end - o.start).num_seconds())
        .max()
        .unwrap_or(0);
    let problems = if e.problems.is_empty() {
        String::new()
    } else {
        serde_json::to_string(e.problems).map_err(|x| StoreError::Corrupt(x.to_string()))?
    };
    conn.prepare_cached(
        "INSERT INTO event_expansions (object_id, zone, expander, covers_from, covers_to,
            longest, problems) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        e.object_id,
        key.zone,
        key.expander,
        e.covers_from,
        e.covers_to,
        longest,
        problems
    ])?;
    let mut part = conn.prepare_cached(
        "INSERT OR IGNORE INTO event_expansion_parts (object_id, part, uid, summary, location)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut instance = conn.prepare_cached(
        "INSERT INTO event_instances (starts, object_id, seq, ends, part, flags)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (seq, o) in e.occurrences.iter().enumerate() {
        let p = i64::try_from(o.part).unwrap_or(i64::MAX);
        part.execute(params![e.object_id, p, o.uid, o.summary, o.location])?;
        let flags = if o.all_day { ALL_DAY } else { 0 } | if o.recurring { RECURRING } else { 0 };
        instance.execute(params![
            o.start.timestamp(),
            e.object_id,
            seq as i64,
            o.end.timestamp(),
            p,
            flags
        ])?;
    }
    Ok(())
}
