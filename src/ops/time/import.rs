//! Importing entries from another tracker (Timewarrior): one transaction, idempotent. An
//! interval already imported (same identity) is updated only if it changed, so importing the
//! same export again writes nothing and leaves no undo step. An interval that overlaps an
//! entry Tempo has is refused, naming the clash, and nothing is imported.

use chrono::{DateTime, TimeZone, Utc};

use super::super::Result;
use crate::interop::timewarrior::Imported;
use crate::store::{Store, Tx};
use crate::time::overlap;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportCounts {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

pub fn entries<Tz: TimeZone>(
    store: &mut Store,
    items: &[Imported],
    description: &str,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<ImportCounts>
where
    Tz::Offset: std::fmt::Display,
{
    store.edit(description, now, |tx| {
        let mut counts = ImportCounts::default();
        for item in items {
            one(tx, item, &mut counts, tz)?;
        }
        Ok(counts)
    })
}

fn one<Tz: TimeZone>(
    tx: &mut Tx<'_>,
    item: &Imported,
    counts: &mut ImportCounts,
    tz: &Tz,
) -> Result<()>
where
    Tz::Offset: std::fmt::Display,
{
    let mut e = item.entry.clone();
    let skip = match tx.time_entry_by_import_key(&item.key)? {
        Some(old) if old.end == e.end && old.attrs == e.attrs => {
            counts.unchanged += 1;
            return Ok(());
        }
        Some(old) => {
            e.id = old.id;
            counts.updated += 1;
            vec![old.id]
        }
        None => {
            counts.added += 1;
            Vec::new()
        }
    };
    let around = tx.time_entries_overlapping(e.start, e.end)?;
    overlap::fit(&around, e.start, e.end, &skip, false, tz)?;
    tx.put_time_entry_keyed(&e, Some(&item.key))?;
    Ok(())
}
