//! The Time pane's side of `Io`: loading a range of days (entries, the running one, the
//! report by project, the captured suggestions) and running the typed time-tracking operations.

use chrono::{DateTime, NaiveDate, Utc};

use super::io::Io;
use crate::app::describe_entry;
use crate::msg::{Msg, TimeData, TimeOp};
use crate::ops::time::report::{ReportRequest, run as report};
use crate::ops::time::{self as time_ops, EntryFilter};
use crate::store::SuggestionQuery;
use crate::time::report::{GroupBy, WorkWeek, range_bounds};

impl Io {
    pub(crate) fn load_time(&mut self, from: NaiveDate, to: NaiveDate, now: DateTime<Utc>) -> Msg {
        let (a, b) = range_bounds(&self.tz, from, to);
        let request = ReportRequest {
            from,
            to,
            by: vec![GroupBy::Project],
            filter: EntryFilter::default(),
            work: WorkWeek::default(),
        };
        let loaded = (|| -> crate::ops::Result<TimeData> {
            // Signals that arrived since the last pass become suggestions before they show.
            crate::ops::capture::refresh(&mut self.store, &self.capture, now)?;
            let suggestions = self.store.capture_suggestions(SuggestionQuery {
                status: None,
                from: Some(a),
                to: Some(b),
            })?;
            Ok(TimeData {
                from,
                to,
                entries: time_ops::log(&self.store, Some(a), Some(b), &EntryFilter::default())?,
                running: self.store.running_entry()?,
                report: report(&self.store, &request, now, &self.tz)?,
                suggestions,
            })
        })();
        match loaded {
            Ok(data) => Msg::Time(Box::new(data)),
            Err(e) => Msg::OpResult(Err(format!("could not load time entries: {e}"))),
        }
    }

    /// One time-tracking operation; the text is the toast.
    pub(crate) fn track(&mut self, op: TimeOp, now: DateTime<Utc>) -> crate::ops::Result<String> {
        let (store, tz) = (&mut self.store, self.tz);
        let say =
            |verb: &str, e: &crate::time::Entry| format!("{verb} {}", describe_entry(e, &tz, now));
        Ok(match op {
            TimeOp::Start(spec) => started(time_ops::start(store, &spec, now, false, &tz)?, &say),
            TimeOp::Stop => say("Stopped", &time_ops::stop(store, now, &tz)?),
            TimeOp::Continue(id) => started(time_ops::resume(store, id, now, &tz)?, &say),
            TimeOp::Add { spec, span } => say(
                "Added",
                &time_ops::add(store, &spec, span, false, now, &tz)?,
            ),
            TimeOp::Edit { id, change } => say(
                "Changed",
                &time_ops::edit(store, id, &change, false, now, &tz)?,
            ),
            TimeOp::Split { id, at } => {
                let (a, b) = time_ops::split(store, id, at, now, &tz)?;
                format!(
                    "Split entry {} at {} into {} and {}",
                    id,
                    at.with_timezone(&tz).format("%H:%M"),
                    a.id,
                    b.id
                )
            }
            TimeOp::Delete(id) => {
                let e = time_ops::delete(store, id, now)?;
                format!("{} (u undoes)", say("Deleted", &e))
            }
        })
    }
}

fn started(s: time_ops::Started, say: &dyn Fn(&str, &crate::time::Entry) -> String) -> String {
    let text = say("Started", &s.entry);
    match s.stopped {
        Some(stopped) => format!("{text} · stopped entry {}", stopped.id),
        None => text,
    }
}
