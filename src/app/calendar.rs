//! The calendar pane's state: which view, which day is selected, which of its items, and the
//! agenda loaded for the days around it.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use crate::calendar::{AgendaItem, ItemKind};
use crate::model::dates::local_instant;
pub use crate::view_state::View;

/// How many days after the selected one the agenda view lists.
pub const AGENDA_DAYS: u64 = 31;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct CalendarPane {
    pub view: View,
    /// The selected day; `None` until the pane is first shown (then today).
    pub cursor: Option<NaiveDate>,
    /// The selected item among the selected day's items.
    pub selected: usize,
    /// The loaded agenda, by start.
    pub items: Vec<AgendaItem>,
    /// The days `[from, to)` the items cover.
    pub loaded: Option<(NaiveDate, NaiveDate)>,
    /// The window last asked for, so a scroll does not ask twice.
    pub requested: Option<(NaiveDate, NaiveDate)>,
    /// The planner's proposal shown as ghost blocks (`P`).
    pub proposal: Option<super::calendar_plan::Proposal>,
}

/// The Monday on or before `d`.
pub fn week_start(d: NaiveDate) -> NaiveDate {
    d - Days::new(u64::from(d.weekday().num_days_from_monday()))
}

/// The first day of the six-week grid showing `d`'s month.
pub fn month_grid_start(d: NaiveDate) -> NaiveDate {
    week_start(d.with_day(1).unwrap_or(d))
}

impl CalendarPane {
    pub fn cursor(&self, today: NaiveDate) -> NaiveDate {
        self.cursor.unwrap_or(today)
    }

    /// The days every view around `cursor` needs: the month grid and the agenda's month.
    pub fn window(cursor: NaiveDate) -> (NaiveDate, NaiveDate) {
        let from = month_grid_start(cursor).min(week_start(cursor));
        let to =
            (month_grid_start(cursor) + Days::new(42)).max(cursor + Days::new(AGENDA_DAYS + 1));
        (from, to)
    }

    /// The window to load, if what is loaded (or asked for) does not cover `cursor`'s: a
    /// week more before and five after, so moving about rarely waits for a load.
    pub fn needs(&self, cursor: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let (from, to) = CalendarPane::window(cursor);
        let covers =
            |w: Option<(NaiveDate, NaiveDate)>| w.is_some_and(|(f, t)| f <= from && to <= t);
        (!covers(self.loaded) && !covers(self.requested))
            .then(|| (from - Days::new(7), to + Days::new(35)))
    }

    /// Indices of the items on local day `day`: events overlapping it, tasks due on it.
    pub fn day_items(&self, day: NaiveDate, tz: &Tz) -> Vec<usize> {
        let start = local_instant(tz, day.and_time(NaiveTime::MIN));
        let end = local_instant(tz, (day + Days::new(1)).and_time(NaiveTime::MIN));
        on_day(&self.items, start, end)
    }

    /// The selected item, if the selected day has any.
    pub fn selected_item(&self, today: NaiveDate, tz: &Tz) -> Option<&AgendaItem> {
        let day = self.day_items(self.cursor(today), tz);
        day.get(self.selected.min(day.len().saturating_sub(1)))
            .map(|&i| &self.items[i])
    }

    pub fn move_days(&mut self, today: NaiveDate, days: i64) {
        let c = self.cursor(today);
        let moved = if days >= 0 {
            c.checked_add_days(Days::new(days.unsigned_abs()))
        } else {
            c.checked_sub_days(Days::new(days.unsigned_abs()))
        };
        self.cursor = Some(moved.unwrap_or(c));
        self.selected = 0;
    }

    pub fn move_months(&mut self, today: NaiveDate, months: i32) {
        let c = self.cursor(today);
        let moved = if months >= 0 {
            c.checked_add_months(Months::new(months.unsigned_abs()))
        } else {
            c.checked_sub_months(Months::new(months.unsigned_abs()))
        };
        self.cursor = Some(moved.unwrap_or(c));
        self.selected = 0;
    }

    /// The next (`+1`) or previous (`-1`) item; in the agenda view this crosses into the next
    /// day that has items (within the loaded days).
    pub fn move_item(&mut self, today: NaiveDate, tz: &Tz, delta: i64) {
        let day = self.cursor(today);
        let n = self.day_items(day, tz).len();
        let next = self.selected as i64 + delta;
        if (0..n as i64).contains(&next) {
            self.selected = next as usize;
            return;
        }
        if self.view != View::Agenda {
            return;
        }
        let Some((from, to)) = self.loaded else {
            return;
        };
        let mut d = day;
        loop {
            d = if delta > 0 {
                d + Days::new(1)
            } else {
                match d.pred_opt() {
                    Some(p) => p,
                    None => return,
                }
            };
            if d < from || d >= to {
                return;
            }
            let k = self.day_items(d, tz).len();
            if k > 0 {
                self.cursor = Some(d);
                self.selected = if delta > 0 { 0 } else { k - 1 };
                return;
            }
        }
    }
}

/// Items overlapping `[start, end)`; a zero-length item (a due time) counts where it is.
pub fn on_day(items: &[AgendaItem], start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<usize> {
    (0..items.len())
        .filter(|&i| {
            let o = &items[i].occurrence;
            o.start < end && (o.end > start || (o.start == o.end && o.start >= start))
        })
        .collect()
}

/// A short label for an item in the month grid: `09:30 Standup`, `◆ Report` for a due task.
pub fn short_label(item: &AgendaItem, tz: &Tz) -> String {
    let o = &item.occurrence;
    match item.kind {
        ItemKind::Due => format!("◆ {}", o.summary),
        ItemKind::Scheduled => format!("◇ {}", o.summary),
        ItemKind::Event if o.all_day => o.summary.clone(),
        ItemKind::Event => format!(
            "{} {}",
            o.start.with_timezone(tz).format("%H:%M"),
            o.summary
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid")
    }

    #[test]
    fn the_window_covers_the_month_grid_and_the_agenda() {
        let (from, to) = CalendarPane::window(d(2026, 11, 22));
        assert_eq!(from, d(2026, 10, 26));
        assert_eq!(to, d(2026, 12, 24));
        let mut p = CalendarPane {
            loaded: Some((from, to)),
            ..CalendarPane::default()
        };
        assert_eq!(
            p.needs(d(2026, 11, 23)),
            Some((d(2026, 10, 19), d(2027, 1, 29)))
        );
        p.loaded = Some((d(2026, 10, 1), d(2027, 1, 31)));
        assert_eq!(p.needs(d(2026, 11, 23)), None);
    }

    #[test]
    fn views_cycle_and_days_move() {
        assert_eq!(View::Agenda.next(), View::Month);
        let mut p = CalendarPane::default();
        let today = d(2026, 1, 31);
        p.move_months(today, 1);
        assert_eq!(p.cursor, Some(d(2026, 2, 28)));
        p.move_days(today, -30);
        assert_eq!(p.cursor, Some(d(2026, 1, 29)));
    }
}
