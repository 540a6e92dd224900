//! Handled reminders: the claim that makes delivery exactly-once across processes, and the
//! history the TUI and `tempo notify log` show.

use std::collections::HashSet;

use rusqlite::params;

use super::{Store, StoreError};
use crate::model::reminder::Outcome;

/// A handled reminder, as listed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Handled {
    pub key: String,
    pub kind: String,
    /// When it was due (Unix seconds).
    pub due: i64,
    /// When it was handled.
    pub handled: i64,
    /// "fire", "missed" or "quiet".
    pub verdict: String,
    /// "desktop", "bell", or "" (not delivered).
    pub delivered_by: String,
    /// Which process handled it ("tui 1234", "daemon 99").
    pub holder: String,
    pub summary: String,
    pub body: String,
}

impl Handled {
    /// How it went, read from the stored words once here.
    pub fn how(&self) -> Outcome {
        match (self.verdict.as_str(), self.delivered_by.as_str()) {
            ("fire", "") => Outcome::Firing,
            ("fire", "desktop") => Outcome::Desktop,
            ("fire", _) => Outcome::Bell,
            ("missed", _) => Outcome::Missed,
            _ => Outcome::Quiet,
        }
    }
}

impl Store {
    /// Keys of the reminders handled that were due at or after `since`.
    pub fn handled_reminders_since(&self, since: i64) -> Result<HashSet<String>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT key FROM reminders WHERE due >= ?1")?;
        let rows = stmt.query_map([since], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// When the newest reminder was handled: reminders due since then that nobody handled
    /// were missed (Tempo was closed, or the machine slept).
    pub fn last_reminder_handled(&self) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT max(handled) FROM reminders", [], |r| r.get(0))?)
    }

    /// Claims a reminder for this process: true if nobody had (then it is ours to deliver).
    #[expect(
        clippy::too_many_arguments,
        reason = "one row of the reminders table, column by column"
    )]
    pub fn claim_reminder(
        &mut self,
        key: &str,
        kind: &str,
        due: i64,
        now: i64,
        verdict: &str,
        holder: &str,
        summary: &str,
        body: &str,
    ) -> Result<bool, StoreError> {
        let n = self.conn().execute(
            "INSERT OR IGNORE INTO reminders (key, kind, due, handled, verdict, holder, summary, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![key, kind, due, now, verdict, holder, summary, body],
        )?;
        Ok(n == 1)
    }

    pub fn set_reminder_delivery(&mut self, key: &str, by: &str) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE reminders SET delivered_by = ?2 WHERE key = ?1",
            params![key, by],
        )?;
        Ok(())
    }

    /// The latest handled reminders, newest first.
    pub fn reminder_history(&self, limit: usize) -> Result<Vec<Handled>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT key, kind, due, handled, verdict, delivered_by, holder, summary, body
             FROM reminders ORDER BY handled DESC, due DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok(Handled {
                key: r.get(0)?,
                kind: r.get(1)?,
                due: r.get(2)?,
                handled: r.get(3)?,
                verdict: r.get(4)?,
                delivered_by: r.get(5)?,
                holder: r.get(6)?,
                summary: r.get(7)?,
                body: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_words_become_one_outcome() {
        let row = |verdict: &str, by: &str| Handled {
            key: "k".into(),
            kind: "event".into(),
            due: 0,
            handled: 0,
            verdict: verdict.into(),
            delivered_by: by.into(),
            holder: "tui 1".into(),
            summary: String::new(),
            body: String::new(),
        };
        assert_eq!(row("fire", "").how(), Outcome::Firing);
        assert_eq!(row("fire", "desktop").how(), Outcome::Desktop);
        assert_eq!(row("fire", "bell").how(), Outcome::Bell);
        assert_eq!(row("missed", "").how(), Outcome::Missed);
        assert_eq!(row("quiet", "").how(), Outcome::Quiet);
        assert_eq!(Outcome::Quiet.word(), "quiet");
    }
}
