//! The review side of `Io`: a decision on a captured suggestion, taken in the Time pane, run
//! through `ops::capture` (each one undo step); the text is the toast.

use chrono::{DateTime, NaiveDate, Utc};

use super::io::Io;
use crate::app::describe_entry;
use crate::capture::{Correction, Status, Stored};
use crate::msg::ReviewOp;
use crate::ops::capture::{self as capture_ops, Decided};
use crate::store::SuggestionQuery;
use crate::time::overlap::describe;
use crate::time::report::range_bounds;

impl Io {
    pub(crate) fn review(
        &mut self,
        op: ReviewOp,
        now: DateTime<Utc>,
    ) -> crate::ops::Result<String> {
        let (store, tz) = (&mut self.store, self.tz);
        let span = |s: &Stored| describe(&tz, s.start, Some(s.end));
        Ok(match op {
            ReviewOp::Approve { id, correction } => {
                let ids = [id.simple().to_string()];
                let done =
                    capture_ops::approve(store, Decided::Ids(&ids), &correction, false, now, &tz)?;
                match done.first() {
                    Some(a) => format!(
                        "Approved suggestion {} as {} (u undoes)",
                        a.suggestion.short_id(),
                        describe_entry(&a.entry, &tz, now)
                    ),
                    None => "Nothing approved".into(),
                }
            }
            ReviewOp::Reject { id } => {
                let done = capture_ops::reject(store, &[id.simple().to_string()], now)?;
                match done.first() {
                    Some(s) => format!(
                        "Rejected suggestion {} · {} (u undoes)",
                        s.short_id(),
                        span(s)
                    ),
                    None => "Nothing rejected".into(),
                }
            }
            ReviewOp::Split { id, at } => {
                let (a, b) = capture_ops::split(store, &id.simple().to_string(), at, now)?;
                format!(
                    "Split suggestion {} at {} into {} and {}",
                    a.short_id(),
                    at.with_timezone(&tz).format("%H:%M"),
                    a.short_id(),
                    b.short_id()
                )
            }
            ReviewOp::ApproveConfident { day } => self.approve_confident(day, now)?,
        })
    }

    /// The day's own confident suggestions, not the whole queue's: one approval (one undo
    /// step) that fails whole if any of them clashes with tracked time.
    fn approve_confident(
        &mut self,
        day: NaiveDate,
        now: DateTime<Utc>,
    ) -> crate::ops::Result<String> {
        let (store, tz) = (&mut self.store, self.tz);
        let (from, to) = range_bounds(&tz, day, day);
        let ids: Vec<String> = store
            .capture_suggestions(SuggestionQuery {
                status: Some(Status::Pending),
                from: Some(from),
                to: Some(to),
            })?
            .into_iter()
            .filter(|s| !s.needs_verification)
            .map(|s| s.uuid.simple().to_string())
            .collect();
        if ids.is_empty() {
            return Ok(format!(
                "Nothing to approve: no confident pending suggestion on {}",
                day.format("%a %-d %b")
            ));
        }
        let done = capture_ops::approve(
            store,
            Decided::Ids(&ids),
            &Correction::default(),
            false,
            now,
            &tz,
        )?;
        let entries: Vec<String> = done.iter().map(|a| a.entry.id.to_string()).collect();
        Ok(format!(
            "Approved {} confident suggestion{} as entr{} {} (u undoes)",
            done.len(),
            if done.len() == 1 { "" } else { "s" },
            if done.len() == 1 { "y" } else { "ies" },
            entries.join(", ")
        ))
    }
}
