//! One occurrence of an event, as the agenda and the views see it.

use chrono::{DateTime, Utc};

/// One occurrence of an event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Occurrence {
    pub uid: String,
    pub summary: String,
    pub location: Option<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// A whole-day event (DATE values): start and end are local midnights.
    pub all_day: bool,
    /// Part of a recurring series (or an override of one of its occurrences).
    pub recurring: bool,
    /// Which of the object's VEVENT components this occurrence comes from (0: the first).
    #[serde(skip)]
    pub part: usize,
}

impl Occurrence {
    /// The occurrence's identity: series UID plus its start.
    pub fn key(&self) -> String {
        use chrono::{Datelike, Timelike};
        use std::fmt::Write;
        // Written by hand: strftime re-parses its pattern on every call, and an agenda of a
        // busy year asks for tens of thousands of keys.
        let t = &self.start;
        let mut key = String::with_capacity(self.uid.len() + 17);
        key.push_str(&self.uid);
        let _ = write!(
            key,
            "@{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        );
        key
    }
}
