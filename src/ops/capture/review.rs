//! The review queue: what is pending, and a person's decisions on it. Approving makes a time
//! entry (source `capture`) and may learn the rule that would have classified it; rejecting
//! keeps the span out of later suggestions. Each command is one undo step.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::super::{Result, one, usage};
use crate::capture::{Correction, Rule, Status, Stored, learned_rule};
use crate::config::CaptureConfig;
use crate::store::{Store, SuggestionQuery, Tx};
use crate::time::{Attrs, Entry, Source};
use crate::time::{TimeError, overlap};

/// An approval: the suggestion as decided, the entry it became, the rule it taught.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Approved {
    pub suggestion: Stored,
    pub entry: Entry,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learned: Option<Rule>,
}

/// Which suggestions a decision is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided<'a> {
    /// Ids as typed (the first characters of each).
    Ids(&'a [String]),
    /// Every pending suggestion at or above the verification threshold.
    Confident,
}

/// Learned rules, oldest first (a rule that no longer parses is skipped, not fatal).
pub fn learned_rules(store: &Store) -> Result<Vec<Rule>> {
    Ok(learned_rule_list(store)?
        .into_iter()
        .map(|(_, r)| r)
        .collect())
}

/// Learned rules with their ids, for listing.
pub fn learned_rule_list(store: &Store) -> Result<Vec<(i64, Rule)>> {
    Ok(store
        .capture_rules()?
        .into_iter()
        .filter_map(|(id, json)| Some((id, serde_json::from_str(&json).ok()?)))
        .collect())
}

/// Forgets learned rule `id`.
pub fn forget_rule(store: &mut Store, id: i64, now: DateTime<Utc>) -> Result<()> {
    store.edit("capture rules forget", now, |tx| {
        if tx.delete_capture_rule(id)? {
            Ok(())
        } else {
            Err(usage(format!(
                "no learned rule {id}; `tempo capture rules` lists them"
            )))
        }
    })
}

/// The queue (after re-making what changed): pending suggestions oldest first, or with `all`
/// the decided ones too.
pub fn pending(
    store: &mut Store,
    cfg: &CaptureConfig,
    all: bool,
    now: DateTime<Utc>,
) -> Result<Vec<Stored>> {
    super::refresh(store, cfg, now)?;
    Ok(store.capture_suggestions(SuggestionQuery {
        status: (!all).then_some(Status::Pending),
        from: None,
        to: None,
    })?)
}

fn find(tx: &Tx<'_>, id: &str) -> Result<Stored> {
    let mut found = tx.capture_suggestions_by_prefix(id.trim())?;
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(usage(format!(
            "no suggestion `{id}`; `tempo review` lists them"
        ))),
        n => Err(usage(format!(
            "`{id}` matches {n} suggestions; type more of its id"
        ))),
    }
}

fn find_pending(tx: &Tx<'_>, id: &str) -> Result<Stored> {
    let s = find(tx, id)?;
    if s.status != Status::Pending {
        return Err(usage(format!(
            "suggestion {} is already {}",
            s.short_id(),
            s.status
        )));
    }
    Ok(s)
}

fn selected(tx: &Tx<'_>, which: Decided<'_>) -> Result<Vec<Stored>> {
    let mut chosen: Vec<Stored> = match which {
        Decided::Ids([]) => return Err(usage("name at least one suggestion id")),
        Decided::Ids(ids) => ids
            .iter()
            .map(|id| find_pending(tx, id))
            .collect::<Result<_>>()?,
        Decided::Confident => tx
            .capture_suggestions(SuggestionQuery {
                status: Some(Status::Pending),
                from: None,
                to: None,
            })?
            .into_iter()
            .filter(|s| !s.needs_verification)
            .collect(),
    };
    chosen.sort_by_key(|s| s.row);
    chosen.dedup_by_key(|s| s.row);
    chosen.sort_by_key(|s| s.start);
    Ok(chosen)
}

/// Approves suggestions: each becomes a time entry with the correction applied. With
/// `learn`, the correction becomes a rule (from the suggestion's main repository or app).
pub fn approve<Tz: TimeZone>(
    store: &mut Store,
    which: Decided<'_>,
    correction: &Correction,
    learn: bool,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<Vec<Approved>>
where
    Tz::Offset: std::fmt::Display,
{
    if learn && !correction.reclassifies() {
        return Err(usage(
            "--learn needs a correction to learn: project:, client: or type:",
        ));
    }
    store.edit("review approve", now, |tx| {
        let chosen = selected(tx, which)?;
        chosen
            .into_iter()
            .map(|s| approve_one(tx, s, correction, learn, now, tz))
            .collect()
    })
}

fn approve_one<Tz: TimeZone>(
    tx: &mut Tx<'_>,
    mut s: Stored,
    correction: &Correction,
    learn: bool,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Result<Approved>
where
    Tz::Offset: std::fmt::Display,
{
    s.classification = correction.apply(&s.classification);
    if let Some(note) = &correction.note {
        s.note = note.clone();
    }
    let mut attrs = Attrs {
        project: s.classification.project.clone(),
        client: s.classification.client.clone(),
        activity: s.classification.activity_type.clone(),
        note: s.note.clone(),
        billable: true,
        ..Attrs::default()
    };
    if let Some(sel) = &s.classification.task {
        let task = one(tx.resolve(sel)?, sel).map_err(|_| {
            usage(format!(
                "suggestion {} names task `{sel}`, which is not there; fix the rule that says so",
                s.short_id()
            ))
        })?;
        attrs.task = Some(task.uuid);
        attrs.tags = task.tags.to_vec();
    }
    fits(tx, &s, tz)?;
    let mut entry = Entry {
        id: 0,
        start: s.start,
        end: Some(s.end),
        attrs,
        source: Source::Capture,
    };
    entry.id = tx.put_time_entry(&entry)?;
    s.status = Status::Approved;
    s.decided_at = Some(now);
    s.entry_id = Some(entry.id);
    tx.update_suggestion(&s)?;
    let learned = if learn {
        learned_rule(&s.evidence, &s.classification)
    } else {
        None
    };
    if let Some(rule) = &learned {
        let json = serde_json::to_string(rule)
            .map_err(|e| super::super::Error::Internal(e.to_string()))?;
        tx.add_capture_rule(&json, now)?;
    }
    Ok(Approved {
        suggestion: s,
        entry,
        learned,
    })
}

/// Refuses an approval over tracked time (time entries never overlap).
fn fits<Tz: TimeZone>(tx: &Tx<'_>, s: &Stored, tz: &Tz) -> Result<()>
where
    Tz::Offset: std::fmt::Display,
{
    let around = tx.time_entries_overlapping(s.start, Some(s.end))?;
    overlap::fit(&around, s.start, Some(s.end), &[], false, tz).map_err(|e| match e {
        // The tracking clash names `--adjust`, which approving does not have.
        TimeError::Clash { what, id, span } => usage(format!(
            "suggestion {}: {what} overlaps time entry {id} ({span}); split or edit the \
             suggestion, or change the entry, first",
            s.short_id()
        )),
        e => usage(format!("suggestion {}: {e}", s.short_id())),
    })?;
    Ok(())
}

/// Rejects suggestions: they leave the queue and their spans are not suggested again.
pub fn reject(store: &mut Store, ids: &[String], now: DateTime<Utc>) -> Result<Vec<Stored>> {
    store.edit("review reject", now, |tx| {
        let chosen = selected(tx, Decided::Ids(ids))?;
        chosen
            .into_iter()
            .map(|mut s| {
                s.status = Status::Rejected;
                s.decided_at = Some(now);
                tx.update_suggestion(&s)?;
                Ok(s)
            })
            .collect()
    })
}

/// Other suggestions (any status) overlapping `s`'s span.
fn clash(tx: &Tx<'_>, s: &Stored) -> Result<Option<Stored>> {
    Ok(tx
        .capture_suggestions(SuggestionQuery {
            status: None,
            from: Some(s.start),
            to: Some(s.end),
        })?
        .into_iter()
        .find(|o| o.row != s.row))
}

/// Moves a pending suggestion's start and/or end.
pub fn edit_span(
    store: &mut Store,
    id: &str,
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Stored> {
    if start.is_none() && end.is_none() {
        return Err(usage("nothing to change; e.g. start:9:15 end:10:00"));
    }
    store.edit("review edit", now, |tx| {
        let mut s = find_pending(tx, id)?;
        let before = s.clone();
        s.start = start.unwrap_or(s.start);
        s.end = end.unwrap_or(s.end);
        s.edited = true;
        if s.end <= s.start {
            return Err(usage(format!(
                "the end ({}) is not after the start ({})",
                s.end.to_rfc3339(),
                s.start.to_rfc3339()
            )));
        }
        if let Some(other) = clash(tx, &s)? {
            return Err(usage(format!(
                "suggestion {} would overlap suggestion {} ({})",
                s.short_id(),
                other.short_id(),
                other.status
            )));
        }
        for (a, b) in [(before.start, s.start), (s.end, before.end)] {
            if b > a {
                keep_out(tx, &before, a, b, now)?;
            }
        }
        tx.update_suggestion(&s)?;
        Ok(s)
    })
}

/// Records a part a person trimmed off as rejected, so the pass does not suggest it again.
fn keep_out(
    tx: &mut Tx<'_>,
    from: &Stored,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut trimmed = from.clone();
    let name = format!(
        "trim {} {}",
        start.timestamp_millis(),
        end.timestamp_millis()
    );
    trimmed.uuid = Uuid::new_v5(&from.uuid, name.as_bytes());
    trimmed.start = start;
    trimmed.end = end;
    trimmed.status = Status::Rejected;
    trimmed.decided_at = Some(now);
    trimmed.created_at = now;
    trimmed.edited = true;
    trimmed.note = format!("trimmed off {}", from.short_id());
    tx.add_suggestion(&trimmed)?;
    Ok(())
}

/// Splits a pending suggestion at `at` into two pending ones (the first keeps the id).
pub fn split(
    store: &mut Store,
    id: &str,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(Stored, Stored)> {
    store.edit("review split", now, |tx| {
        let mut first = find_pending(tx, id)?;
        if at <= first.start || at >= first.end {
            return Err(usage(format!(
                "{} is not inside suggestion {}",
                at.to_rfc3339(),
                first.short_id()
            )));
        }
        let mut second = first.clone();
        second.uuid = Uuid::new_v5(&first.uuid, at.timestamp_millis().to_string().as_bytes());
        second.start = at;
        second.created_at = now;
        first.end = at;
        first.edited = true;
        second.edited = true;
        tx.update_suggestion(&first)?;
        second.row = tx.add_suggestion(&second)?;
        Ok((first, second))
    })
}
