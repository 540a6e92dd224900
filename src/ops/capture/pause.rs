//! Pausing capture: signals timed inside a pause are dropped at the door, whenever they
//! arrive (an ActivityWatch pull after `capture resume` still skips the paused hour).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::super::{Result, usage};
use crate::store::{Store, Tx};

const PAUSES_KEY: &str = "pauses";
/// Old pauses beyond this many are forgotten (their signals are long gone by retention).
const KEEP: usize = 100;

/// One pause: from `from` until `until` (`None`: until `capture resume`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub from: DateTime<Utc>,
    pub until: Option<DateTime<Utc>>,
}

impl Pause {
    pub fn covers(&self, t: DateTime<Utc>) -> bool {
        t >= self.from && self.until.is_none_or(|u| t < u)
    }
}

fn read(text: Option<String>) -> Vec<Pause> {
    text.and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

pub(super) fn windows(tx: &Tx<'_>) -> Result<Vec<Pause>> {
    Ok(read(tx.capture_state(PAUSES_KEY)?))
}

fn write(tx: &mut Tx<'_>, mut pauses: Vec<Pause>) -> Result<()> {
    if pauses.len() > KEEP {
        pauses.drain(..pauses.len() - KEEP);
    }
    let json =
        serde_json::to_string(&pauses).map_err(|e| super::super::Error::Internal(e.to_string()))?;
    tx.set_capture_state(PAUSES_KEY, &json)?;
    Ok(())
}

/// The pause in force at `now`, if any.
pub fn paused(store: &Store, now: DateTime<Utc>) -> Result<Option<Pause>> {
    Ok(read(store.capture_state(PAUSES_KEY)?)
        .into_iter()
        .rev()
        .find(|p| p.covers(now)))
}

/// Pauses capture from `now` until `until` (`None`: until resumed). A pause already in force
/// is replaced by the new one's end.
pub fn pause(store: &mut Store, until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<Pause> {
    if until.is_some_and(|u| u <= now) {
        return Err(usage(
            "the pause would end before it starts; give a later time",
        ));
    }
    store.edit("capture pause", now, |tx| {
        let mut pauses = windows(tx)?;
        let p = match pauses.iter_mut().rev().find(|p| p.covers(now)) {
            Some(p) => {
                p.until = until;
                *p
            }
            None => {
                let p = Pause { from: now, until };
                pauses.push(p);
                p
            }
        };
        write(tx, pauses)?;
        Ok(p)
    })
}

/// Ends the pause in force; `None` when capture was not paused.
pub fn resume(store: &mut Store, now: DateTime<Utc>) -> Result<Option<Pause>> {
    store.edit("capture resume", now, |tx| {
        let mut pauses = windows(tx)?;
        let Some(p) = pauses.iter_mut().rev().find(|p| p.covers(now)) else {
            return Ok(None);
        };
        p.until = Some(now);
        let ended = *p;
        write(tx, pauses)?;
        Ok(Some(ended))
    })
}
