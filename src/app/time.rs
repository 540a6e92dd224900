//! The Time pane's state: the period shown (a day, a week or a month, or its report), the
//! entries loaded for it, the running entry (shown in every pane's status bar) and the
//! selected entry of the day, or (reviewing) the selected captured suggestion.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};

use crate::capture::{Status, Stored};
use crate::msg::TimeData;
use crate::time::Entry;
use crate::time::report::{Report, week_start};

pub use crate::view_state::Period;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimePane {
    pub period: Period,
    /// The report of the period instead of its timeline or bars.
    pub report_view: bool,
    /// The day the period is around; `None` follows today.
    pub cursor: Option<NaiveDate>,
    /// The loaded range and what it holds.
    pub data: Option<TimeData>,
    /// The running entry, kept apart from `data` because every pane's status bar shows it.
    pub running: Option<Entry>,
    /// The range asked for and not answered yet.
    pub requested: Option<(NaiveDate, NaiveDate)>,
    /// Index into `day_entries`.
    pub selected: usize,
    /// The selection is on the day's captured suggestions instead of its entries.
    pub review: bool,
    /// Index into `day_suggestions`.
    pub suggestion: usize,
}

impl TimePane {
    pub fn cursor(&self, today: NaiveDate) -> NaiveDate {
        self.cursor.unwrap_or(today)
    }

    /// The first and last day of the period around the cursor.
    pub fn range(&self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let day = self.cursor(today);
        match self.period {
            Period::Day => (day, day),
            Period::Week => {
                let from = week_start(day);
                (from, from + Days::new(6))
            }
            Period::Month => {
                let from = day.with_day(1).unwrap_or(day);
                let to = (from + Months::new(1)).pred_opt().unwrap_or(from);
                (from, to)
            }
        }
    }

    /// Moves the cursor a whole period back (`-1`) or on (`1`).
    pub fn step(&mut self, today: NaiveDate, sign: i32) {
        let day = self.cursor(today);
        let moved = match (self.period, sign >= 0) {
            (Period::Day, true) => day.succ_opt(),
            (Period::Day, false) => day.pred_opt(),
            (Period::Week, true) => day.checked_add_days(Days::new(7)),
            (Period::Week, false) => day.checked_sub_days(Days::new(7)),
            (Period::Month, true) => day.checked_add_months(Months::new(1)),
            (Period::Month, false) => day.checked_sub_months(Months::new(1)),
        };
        self.cursor = Some(moved.unwrap_or(day)).filter(|d| *d != today);
        self.selected = 0;
        self.suggestion = 0;
    }

    /// The loaded data, if it is for the period shown.
    pub fn shown(&self, today: NaiveDate) -> Option<&TimeData> {
        let (from, to) = self.range(today);
        self.data.as_ref().filter(|d| d.from == from && d.to == to)
    }

    pub fn report(&self, today: NaiveDate) -> Option<&Report> {
        self.shown(today).map(|d| &d.report)
    }

    /// The entries the day view lists (those of the day shown), oldest first.
    pub fn day_entries(&self, today: NaiveDate) -> &[Entry] {
        match (self.period, self.shown(today)) {
            (Period::Day, Some(d)) => &d.entries,
            _ => &[],
        }
    }

    /// The selected entry; none while the selection is on the suggestions.
    pub fn selected_entry(&self, today: NaiveDate) -> Option<&Entry> {
        if self.review {
            return None;
        }
        self.day_entries(today).get(self.selected)
    }

    /// The captured suggestions of the day shown (pending and decided), oldest first.
    pub fn day_suggestions(&self, today: NaiveDate) -> &[Stored] {
        match (self.period, self.shown(today)) {
            (Period::Day, Some(d)) => &d.suggestions,
            _ => &[],
        }
    }

    /// The selected suggestion, while reviewing.
    pub fn selected_suggestion(&self, today: NaiveDate) -> Option<&Stored> {
        if !self.review {
            return None;
        }
        self.day_suggestions(today).get(self.suggestion)
    }

    /// Takes a fresh load; the selection stays in range, and moves to the newest entry (the
    /// highest id) when one was added, so an entry just added or split off is selected.
    pub fn load(&mut self, data: TimeData) {
        if self.requested == Some((data.from, data.to)) {
            self.requested = None;
        }
        let grew = self
            .data
            .as_ref()
            .is_some_and(|d| d.from == data.from && d.entries.len() < data.entries.len());
        self.running = data.running.clone();
        let last = data.entries.len().saturating_sub(1);
        let newest = data
            .entries
            .iter()
            .enumerate()
            .max_by_key(|(_, e)| e.id)
            .map(|(i, _)| i);
        self.selected = match newest {
            Some(i) if grew => i,
            _ => self.selected.min(last),
        };
        self.suggestion = self.next_suggestion(&data);
        self.data = Some(data);
    }

    /// Where the suggestion selection goes in a fresh load: it stays on its suggestion, but
    /// moves on to the next pending one when that was just decided, so a person reviewing
    /// key after key goes down the day.
    fn next_suggestion(&self, data: &TimeData) -> usize {
        let list = &data.suggestions;
        let before = self
            .data
            .as_ref()
            .filter(|d| d.from == data.from)
            .and_then(|d| d.suggestions.get(self.suggestion));
        let kept = before.and_then(|b| list.iter().position(|s| s.uuid == b.uuid));
        let pending = |from: usize| {
            (from..list.len())
                .chain(0..from)
                .find(|i| list[*i].status == Status::Pending)
        };
        match (before, kept) {
            (Some(b), Some(i)) if b.status == Status::Pending && list[i].status != b.status => {
                pending(i).unwrap_or(i)
            }
            (_, Some(i)) => i,
            _ => self.suggestion.min(list.len().saturating_sub(1)),
        }
    }

    pub fn move_selection(&mut self, today: NaiveDate, delta: isize) {
        if self.review {
            let n = self.day_suggestions(today).len() as isize;
            if n > 0 {
                self.suggestion = (self.suggestion as isize + delta).clamp(0, n - 1) as usize;
            }
            return;
        }
        let n = self.day_entries(today).len();
        if n == 0 {
            return;
        }
        let i = self.selected as isize + delta;
        self.selected = i.clamp(0, n as isize - 1) as usize;
    }

    /// Whether the running entry grows on screen (the status bar counts its minutes).
    pub fn ticking(&self) -> bool {
        self.running.is_some()
    }

    /// The running entry's seconds at `now`.
    pub fn running_seconds(&self, now: DateTime<Utc>) -> Option<i64> {
        self.running.as_ref().map(|e| e.seconds(now))
    }
}

/// Seconds as `H:MM`.
pub fn hm(seconds: i64) -> String {
    let m = seconds.max(0) / 60;
    format!("{}:{:02}", m / 60, m % 60)
}
