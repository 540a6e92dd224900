//! Energy check-ins on focus sessions: 1–5 at the start and at the end, each optional.

use std::collections::HashMap;

use rusqlite::params;
use uuid::Uuid;

use super::{Store, StoreError, Tx};

/// The check-ins of one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Energy {
    pub at_start: Option<u8>,
    pub at_end: Option<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnergyAt {
    Start,
    End,
}

impl Tx<'_> {
    /// Whether a focus session with this id is kept.
    pub fn has_focus_session(&self, session: Uuid) -> Result<bool, StoreError> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM focus_sessions WHERE uuid = ?1)",
            [session.to_string()],
            |r| r.get(0),
        )?)
    }

    /// Records a level (already checked to be 1–5), replacing an earlier one at the same point.
    pub fn set_focus_energy(
        &mut self,
        session: Uuid,
        at: EnergyAt,
        level: u8,
    ) -> Result<(), StoreError> {
        let sql = match at {
            EnergyAt::Start => {
                "INSERT INTO focus_energy (session_uuid, at_start) VALUES (?1, ?2)
                 ON CONFLICT(session_uuid) DO UPDATE SET at_start = excluded.at_start"
            }
            EnergyAt::End => {
                "INSERT INTO focus_energy (session_uuid, at_end) VALUES (?1, ?2)
                 ON CONFLICT(session_uuid) DO UPDATE SET at_end = excluded.at_end"
            }
        };
        self.conn()
            .prepare_cached(sql)?
            .execute(params![session.to_string(), level])?;
        Ok(())
    }
}

impl Store {
    /// Every session's check-ins, by session.
    pub fn focus_energy(&self) -> Result<HashMap<Uuid, Energy>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT session_uuid, at_start, at_end FROM focus_energy")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Energy {
                    at_start: r.get(1)?,
                    at_end: r.get(2)?,
                },
            ))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (uuid, energy) = row?;
            if let Ok(uuid) = Uuid::parse_str(&uuid) {
                out.insert(uuid, energy);
            }
        }
        Ok(out)
    }
}
