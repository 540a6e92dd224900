//! `capture pull activitywatch`: read what a running aw-server recorded since the last pull
//! and ingest it. The signals and every bucket's new cursor go through [`super::ingest`] in
//! one transaction, so a failed pull leaves the cursors where they were and the next one reads
//! the same events again.

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::{Batch, CaptureSource, IngestReport, ingest, refresh};
use crate::config::CaptureConfig;
use crate::interop::activitywatch::{self as aw, Source, cursor_key};
use crate::ops::{Result, usage};
use crate::store::Store;

/// What a pull did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AwPull {
    /// The server read (without any password in its address).
    pub url: String,
    /// Buckets of a type Tempo reads (window, AFK, editor, web).
    pub buckets: usize,
    /// Buckets of other types, left alone.
    pub skipped_buckets: Vec<String>,
    /// Events new since the last pull.
    pub events: usize,
    /// Events whose data could not be read.
    pub unreadable: usize,
    /// The signals the events gave.
    pub signals: usize,
    /// Suggestions added to the review queue.
    pub suggested: usize,
    /// The ingest of the signals; none when nothing was new.
    pub ingest: Option<IngestReport>,
}

/// Pulls from `source` (`since` overrides each bucket's cursor as the start).
pub fn pull_activitywatch(
    store: &mut Store,
    cfg: &CaptureConfig,
    source: &dyn Source,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<AwPull> {
    if let Some(s) = since.filter(|s| *s > now) {
        return Err(usage(format!(
            "--since {} is in the future; give a time before now",
            s.to_rfc3339_opts(SecondsFormat::Secs, true)
        )));
    }
    let buckets = source.buckets()?;
    let mut cursors = BTreeMap::new();
    for b in &buckets {
        let key = cursor_key(&b.id);
        if let Some(value) = store.capture_state(&key)? {
            cursors.insert(key, value);
        }
    }
    let read = aw::read(source, buckets, &cursors, since, now)?;
    let signals = read.signals.len();
    let (suggested, ingest) = if signals == 0 && read.cursors.is_empty() {
        // Nothing new, but activity that was still open at the last pass may have ended.
        (refresh(store, cfg, now)?.len(), None)
    } else {
        let batch = Batch {
            cursors: read.cursors,
            ..Batch::new(CaptureSource::ActivityWatch, read.signals)
        };
        let report = ingest(store, cfg, batch, now)?;
        (report.suggested, Some(report))
    };
    Ok(AwPull {
        url: source.shown().to_string(),
        buckets: read.buckets,
        skipped_buckets: read.skipped_buckets,
        events: read.events,
        unreadable: read.unreadable,
        signals,
        suggested,
        ingest,
    })
}

#[cfg(test)]
#[path = "activitywatch_tests.rs"]
mod tests;
