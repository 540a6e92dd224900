//! The kept estimator and what it was trained on. Each completed task with recorded time is a
//! row hashed from its identity, its last change, the fields the estimator reads and its total
//! time; the fingerprint is an order-free hash of all rows, so any change to the history — a
//! task completed or reopened, edited, its time entries changed, an undo, a sync — gives another
//! fingerprint and the kept model is not used. The kept rows tell a history that only grew
//! (tasks completed since) from one that changed. One indexed query, much cheaper than reading
//! and parsing every task.

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};
use crate::fnv::Fnv;

const HISTORY_ROWS: &str = "
    SELECT t.uuid, t.modified, t.title, t.project, t.priority, t.estimate_minutes,
           length(t.notes), s.secs
    FROM tasks t
    JOIN (SELECT task_uuid, SUM(end - start) AS secs FROM time_entries
          WHERE task_uuid IS NOT NULL AND end IS NOT NULL GROUP BY task_uuid) s
      ON s.task_uuid = t.uuid
    WHERE t.status = 'done' AND s.secs > 0";

/// One completed task of the history, as the fingerprint sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub uuid: String,
    /// Seconds of finished time entries.
    pub seconds: i64,
    pub hash: u64,
}

/// What the last training kept.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptLearning {
    pub learning: Vec<u8>,
    /// The rows' hashes, sorted.
    pub rows: Vec<u64>,
}

impl Store {
    /// Every completed task with recorded time, hashed.
    pub fn estimator_history(&self) -> Result<Vec<HistoryRow>, StoreError> {
        let mut stmt = self.conn().prepare_cached(HISTORY_ROWS)?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let uuid = r.get_ref(0)?.as_str().unwrap_or("").to_string();
            let seconds = r.get::<_, Option<i64>>(7)?.unwrap_or(0);
            let mut h = Fnv::new();
            h.text(&uuid);
            h.int(r.get::<_, Option<i64>>(1)?.unwrap_or(0));
            h.text(r.get_ref(2)?.as_str().unwrap_or(""));
            h.text(r.get_ref(3)?.as_str().unwrap_or("\u{0}"));
            h.text(r.get_ref(4)?.as_str().unwrap_or("\u{0}"));
            h.int(r.get::<_, Option<i64>>(5)?.unwrap_or(-1));
            h.int(r.get::<_, Option<i64>>(6)?.unwrap_or(0));
            h.int(seconds);
            out.push(HistoryRow {
                uuid,
                seconds,
                hash: h.finish(),
            });
        }
        Ok(out)
    }

    /// The kept model, if it was trained on the history with this fingerprint.
    pub fn kept_estimator(&self, fingerprint: i64) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT model FROM estimator_model WHERE id = 1 AND fingerprint = ?1",
                [fingerprint],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// What the last training learned, and from which rows.
    pub fn kept_learning(&self) -> Result<Option<KeptLearning>, StoreError> {
        let found: Option<(Vec<u8>, Vec<u8>)> = self
            .conn()
            .query_row(
                "SELECT learning, rows FROM estimator_model WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(found.and_then(|(learning, rows)| {
            (rows.len() % 8 == 0).then(|| KeptLearning {
                learning,
                rows: rows
                    .chunks_exact(8)
                    .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
                    .collect(),
            })
        }))
    }

    /// Keeps a model trained on the history with this fingerprint, what it learned and from
    /// which rows. Not an edit a person made: it bypasses the undo log.
    pub fn keep_estimator(
        &self,
        fingerprint: i64,
        model: &[u8],
        kept: &KeptLearning,
    ) -> Result<(), StoreError> {
        let rows: Vec<u8> = kept.rows.iter().flat_map(|h| h.to_le_bytes()).collect();
        self.conn().execute(
            "INSERT INTO estimator_model (id, fingerprint, model, learning, rows)
             VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT(id) DO UPDATE SET fingerprint = excluded.fingerprint,
                 model = excluded.model, learning = excluded.learning, rows = excluded.rows",
            params![fingerprint, model, kept.learning, rows],
        )?;
        Ok(())
    }
}

/// The history's fingerprint: a sum of the rows' hashes (so their order does not matter) and
/// their count, hashed.
pub fn estimator_fingerprint(rows: &[HistoryRow]) -> i64 {
    let sum = rows.iter().fold(0u64, |s, r| s.wrapping_add(r.hash));
    let mut h = Fnv::new();
    h.int(sum as i64);
    h.int(rows.len() as i64);
    h.finish() as i64
}
