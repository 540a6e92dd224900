//! Capture's use cases: signals in (from any source), suggestions re-made over the time they
//! touch, the review queue out, and decisions that turn suggestions into time entries.
//!
//! Each source (the JSON ingest, ActivityWatch, the shell spool, git) hands [`ingest`] a
//! [`Batch`]; the signals and the source's cursors are written in one transaction with the
//! suggestions they lead to, so a crash never leaves a cursor ahead of what was stored.
//!
//! Re-making suggestions: the pass looks at the signals from a day before the earliest new
//! (or still open) activity onwards. Pending suggestions starting in that stretch are made
//! again (same signals, same ids); everything decided, tracked or pending before it counts as
//! covered, so suggestions never overlap each other or tracked time.

mod activitywatch;
pub mod git;
mod pause;
mod review;
pub mod spool;

pub use activitywatch::{AwPull, pull_activitywatch};
pub use git::{GitPull, RepoPull, pull_git};
pub use pause::{Pause, pause, paused, resume};
pub use review::{
    Approved, Decided, approve, edit_span, forget_rule, learned_rule_list, learned_rules, pending,
    reject, split,
};
pub use spool::{SpoolDrain, drain_spool, prepare_spool, spool_path};

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::{Result, usage};
use crate::capture::{Signal, Span, Status, Stored, suggest};
use crate::config::CaptureConfig;
use crate::store::{Store, SuggestionQuery, Tx};

/// The earliest time whose suggestions may still change (new signals, or activity that was
/// still going on at the last pass).
const DIRTY_KEY: &str = "dirty_from";

/// How far before the earliest changed time the pass re-reads signals: a block that began
/// before a new signal arrived is re-made whole.
const LOOKBACK: TimeDelta = TimeDelta::days(1);

/// Where a batch of signals came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptureSource {
    Ingest,
    ActivityWatch,
    Shell,
    Git,
}

impl CaptureSource {
    pub fn as_str(self) -> &'static str {
        match self {
            CaptureSource::Ingest => "ingest",
            CaptureSource::ActivityWatch => "activitywatch",
            CaptureSource::Shell => "shell",
            CaptureSource::Git => "git",
        }
    }
}

/// Signals from one source, with what the source wants remembered once they are stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    pub source: CaptureSource,
    pub signals: Vec<Signal>,
    /// This batch's own idle and merge settings (the ingest format's optional fields).
    pub idle_threshold_minutes: Option<f64>,
    pub max_merge_idle_minutes: Option<f64>,
    /// `capture_state` keys and values written in the same transaction (cursors).
    pub cursors: Vec<(String, String)>,
}

impl Batch {
    pub fn new(source: CaptureSource, signals: Vec<Signal>) -> Self {
        Batch {
            source,
            signals,
            idle_threshold_minutes: None,
            max_merge_idle_minutes: None,
            cursors: Vec::new(),
        }
    }
}

/// What an ingest did; kept so `GET …/ingest/{id}` can answer later.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct IngestReport {
    pub id: Uuid,
    pub status: String,
    pub source: String,
    pub received: usize,
    /// New signals kept.
    pub stored: usize,
    /// Already known (re-sent).
    pub duplicates: usize,
    /// Dropped by an exclusion pattern.
    pub excluded: usize,
    /// Dropped because capture was paused at their time.
    pub paused: usize,
    /// Suggestions this ingest added to the queue.
    pub suggested: usize,
    pub created: Vec<Uuid>,
    /// The new suggestions that need a person's look, with why.
    pub needs_verification: Vec<Stored>,
}

/// Stores a batch and re-makes the suggestions it affects.
pub fn ingest(
    store: &mut Store,
    cfg: &CaptureConfig,
    batch: Batch,
    now: DateTime<Utc>,
) -> Result<IngestReport> {
    check_minutes(&batch)?;
    let mut settings = cfg.settings(learned_rules(store)?);
    if let Some(m) = batch.idle_threshold_minutes {
        settings.idle_threshold = crate::capture::minutes(m);
    }
    if let Some(m) = batch.max_merge_idle_minutes {
        settings.max_merge_gap = crate::capture::minutes(m);
    }
    let id = Uuid::new_v4();
    store.edit("capture ingest", now, |tx| {
        let pauses = pause::windows(tx)?;
        let received = batch.signals.len();
        let (mut kept, mut excluded, mut paused) = (Vec::with_capacity(received), 0, 0);
        for s in batch.signals {
            if settings.exclusions.iter().any(|c| c.matches(&s)) {
                excluded += 1;
            } else if pauses.iter().any(|p| p.covers(s.timestamp)) {
                paused += 1;
            } else {
                kept.push(s);
            }
        }
        let upto = tx.last_capture_signal()?;
        let fresh = tx.insert_capture_signals(&kept, batch.source.as_str())?;
        let (stored, known) = (fresh.len(), kept.len() - fresh.len());
        let mut is_fresh = vec![false; kept.len()];
        for i in fresh {
            is_fresh[i] = true;
        }
        let fresh: Vec<Signal> = kept
            .into_iter()
            .zip(is_fresh)
            .filter_map(|(s, f)| f.then_some(s))
            .collect();
        if let Some(earliest) = fresh.iter().map(|s| s.timestamp).min() {
            mark_dirty(tx, earliest)?;
        }
        for (key, value) in &batch.cursors {
            tx.set_capture_state(key, value)?;
        }
        purge(tx, cfg, now)?;
        let created = refresh_in(tx, &settings, now, fresh, upto)?;
        let needs_verification = created
            .iter()
            .filter(|s| s.needs_verification)
            .cloned()
            .collect();
        let report = IngestReport {
            id,
            status: "done".into(),
            source: batch.source.as_str().into(),
            received,
            stored,
            duplicates: known,
            excluded,
            paused,
            suggested: created.len(),
            created: created.iter().map(|s| s.uuid).collect(),
            needs_verification,
        };
        let json =
            serde_json::to_string(&report).map_err(|e| super::Error::Internal(e.to_string()))?;
        tx.put_capture_ingest(id, now, batch.source.as_str(), &json)?;
        Ok(report)
    })
}

fn check_minutes(batch: &Batch) -> Result<()> {
    for (field, m) in [
        ("idle_threshold_minutes", batch.idle_threshold_minutes),
        ("max_merge_idle_minutes", batch.max_merge_idle_minutes),
    ] {
        if let Some(m) = m
            && !(m > 0.0 && m <= crate::capture::MAX_SETTING_MINUTES)
        {
            return Err(usage(format!(
                "{field} must be more than 0 and at most 1440"
            )));
        }
    }
    Ok(())
}

/// An ingest's recorded result.
pub fn ingest_status(store: &Store, id: Uuid) -> Result<Option<IngestReport>> {
    store
        .capture_ingest(id)?
        .map(|json| serde_json::from_str(&json).map_err(|e| super::Error::Internal(e.to_string())))
        .transpose()
}

/// Re-makes suggestions for whatever changed since the last pass (activity that was still
/// open then may have ended); returns the suggestions added.
pub fn refresh(store: &mut Store, cfg: &CaptureConfig, now: DateTime<Utc>) -> Result<Vec<Stored>> {
    if store.capture_state(DIRTY_KEY)?.is_none() {
        return Ok(Vec::new());
    }
    let settings = cfg.settings(learned_rules(store)?);
    store.edit("capture refresh", now, |tx| {
        refresh_in(tx, &settings, now, Vec::new(), i64::MAX)
    })
}

fn mark_dirty(tx: &mut Tx<'_>, at: DateTime<Utc>) -> Result<()> {
    let current = tx.capture_state(DIRTY_KEY)?.and_then(|v| parse_instant(&v));
    if current.is_none_or(|c| at < c) {
        tx.set_capture_state(DIRTY_KEY, &at.to_rfc3339())?;
    }
    Ok(())
}

pub(crate) fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The pass over the stored signals up to row `upto`, and the `fresh` ones just stored after
/// it (handed over rather than read back).
fn refresh_in(
    tx: &mut Tx<'_>,
    settings: &crate::capture::Settings,
    now: DateTime<Utc>,
    fresh: Vec<Signal>,
    upto: i64,
) -> Result<Vec<Stored>> {
    let Some(dirty) = tx.capture_state(DIRTY_KEY)?.and_then(|v| parse_instant(&v)) else {
        return Ok(Vec::new());
    };
    let from = dirty - LOOKBACK;
    let mut signals = tx.capture_signals_since(from, upto)?;
    // Every fresh signal is after `from`: the pass starts a day before the earliest of them.
    signals.extend(fresh);
    let known = tx.capture_suggestions(SuggestionQuery {
        status: None,
        from: Some(from),
        to: None,
    })?;
    let mut covered: Vec<Span> = tx
        .time_entries_overlapping(from, None)?
        .iter()
        .map(|e| Span::new(e.start, e.end.unwrap_or(now).max(e.start)))
        .collect();
    covered.extend(
        known
            .iter()
            .filter(|s| s.status != Status::Pending || s.edited || s.start < from)
            .map(Stored::span),
    );
    let before: std::collections::HashSet<Uuid> = known
        .iter()
        .filter(|s| s.status == Status::Pending && !s.edited && s.start >= from)
        .map(|s| s.uuid)
        .collect();
    tx.drop_pending_suggestions_from(from)?;
    let outcome = suggest(&signals, &covered, now, settings);
    let mut created = Vec::new();
    for s in &outcome.suggestions {
        let stored = Stored::pending(s, now);
        if tx.insert_suggestion(&stored)? && !before.contains(&s.id) {
            created.push(stored);
        }
    }
    match outcome.open {
        Some(open) => tx.set_capture_state(DIRTY_KEY, &open.start.to_rfc3339())?,
        None => tx.clear_capture_state(DIRTY_KEY)?,
    }
    Ok(created)
}

/// Deletes raw signals past the retention period.
fn purge(tx: &mut Tx<'_>, cfg: &CaptureConfig, now: DateTime<Utc>) -> Result<usize> {
    if cfg.retention_days == 0 {
        return Ok(0);
    }
    Ok(tx.purge_capture_signals(now - TimeDelta::days(i64::from(cfg.retention_days)))?)
}

#[cfg(test)]
mod tests;
