//! The kept estimator and what it was trained on. The fingerprint is an order-free hash of
//! every completed task with recorded time (its identity, its last change, the fields the
//! estimator reads and its total time), so any change to the history — a task completed or
//! reopened, edited, its time entries changed, an undo, a sync — gives another fingerprint and
//! the kept model is not used. Computing it is one indexed query, much cheaper than reading and
//! parsing every task to retrain.

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};

const HISTORY_ROWS: &str = "
    SELECT t.uuid, t.modified, t.title, t.project, t.priority, t.estimate_minutes,
           length(t.notes), s.secs
    FROM tasks t
    JOIN (SELECT task_uuid, SUM(end - start) AS secs FROM time_entries
          WHERE task_uuid IS NOT NULL AND end IS NOT NULL GROUP BY task_uuid) s
      ON s.task_uuid = t.uuid
    WHERE t.status = 'done' AND s.secs > 0";

impl Store {
    /// The fingerprint of the history an estimator learns from.
    pub fn estimator_fingerprint(&self) -> Result<i64, StoreError> {
        let mut stmt = self.conn().prepare_cached(HISTORY_ROWS)?;
        let mut rows = stmt.query([])?;
        let mut sum: u64 = 0;
        let mut count: u64 = 0;
        while let Some(r) = rows.next()? {
            let mut h = Fnv::new();
            h.text(r.get_ref(0)?.as_str().unwrap_or(""));
            h.int(r.get::<_, Option<i64>>(1)?.unwrap_or(0));
            h.text(r.get_ref(2)?.as_str().unwrap_or(""));
            h.text(r.get_ref(3)?.as_str().unwrap_or("\u{0}"));
            h.text(r.get_ref(4)?.as_str().unwrap_or("\u{0}"));
            h.int(r.get::<_, Option<i64>>(5)?.unwrap_or(-1));
            h.int(r.get::<_, Option<i64>>(6)?.unwrap_or(0));
            h.int(r.get::<_, Option<i64>>(7)?.unwrap_or(0));
            // A sum of per-row hashes does not depend on the order rows come in.
            sum = sum.wrapping_add(h.0);
            count += 1;
        }
        let mut h = Fnv::new();
        h.int(sum as i64);
        h.int(count as i64);
        Ok(h.0 as i64)
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

    /// Keeps a model trained on the history with this fingerprint. Not an edit a person made:
    /// it bypasses the undo log.
    pub fn keep_estimator(&self, fingerprint: i64, model: &[u8]) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO estimator_model (id, fingerprint, model) VALUES (1, ?1, ?2)
             ON CONFLICT(id) DO UPDATE SET fingerprint = excluded.fingerprint,
                                           model = excluded.model",
            params![fingerprint, model],
        )?;
        Ok(())
    }
}

struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= u64::from(x);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Length first, so ("ab", "c") and ("a", "bc") differ.
    fn text(&mut self, s: &str) {
        self.int(s.len() as i64);
        self.bytes(s.as_bytes());
    }

    fn int(&mut self, v: i64) {
        self.bytes(&v.to_le_bytes());
    }
}
