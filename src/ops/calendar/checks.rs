//! Refusals before an event is written: a calendar named that does not exist, a start that
//! has passed only because no day was given, and an occurrence date that a one-off event
//! does not have. Each is a usage error and leaves the database as it was.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{Scope, Target, occurrence};
use crate::model::dates::When;
use crate::model::event_text::EventText;
use crate::ops::{Result, usage};
use crate::store::Store;

/// A `cal:NAME` must name an existing calendar: a typo would otherwise create a new one.
pub(super) fn named_calendar(store: &Store, text: &EventText) -> Result<()> {
    let Some(name) = &text.calendar else {
        return Ok(());
    };
    if store.calendar(name)?.is_some() {
        return Ok(());
    }
    let known: Vec<String> = store.calendars()?.into_iter().map(|c| c.name).collect();
    Err(usage(if known.is_empty() {
        format!(
            "no calendar called “{name}” (there are none yet; create it with tempo cal calendars add {name})"
        )
    } else {
        format!(
            "no calendar called “{name}” (calendars: {}; create one with tempo cal calendars add NAME)",
            known.join(", ")
        )
    }))
}

/// A one-off event typed with a time alone (`Meeting 9:00` at 10:30) would start today in
/// the past; that is almost always a missing day, so it is refused with how to say either.
pub(super) fn not_passed(text: &EventText, tz: Tz, now: DateTime<Utc>) -> Result<()> {
    let Some(When::At(start)) = text.when else {
        return Ok(());
    };
    if !text.time_only || text.rrule.is_some() || start >= now {
        return Ok(());
    }
    let time = start.with_timezone(&tz).format("%H:%M");
    Err(usage(format!(
        "{time} today has passed (it is {}); give the day: today {time} to add it anyway, or tomorrow {time}",
        now.with_timezone(&tz).format("%H:%M")
    )))
}

/// The scope to use on `target`. A one-off event has one occurrence, so `--at`/`--from`
/// must name it (its day, or its exact start) just as they must name one of a series.
pub(super) fn scope_for(target: &Target, scope: Scope, tz: Tz) -> Result<Scope> {
    if target.row.recurring {
        return Ok(scope);
    }
    if let Scope::One(w) | Scope::Following(w) = scope {
        occurrence(&target.object, &target.row, w, tz)?;
    }
    Ok(Scope::All)
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::super::{EventDefaults, add_on};
    use crate::store::Store;

    /// The calendar pane's `a` (a day selected) goes through the same checks as `cal add`.
    #[test]
    fn the_apps_add_on_a_day_refuses_typos_and_unknown_calendars() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(&dir.path().join("tempo.sqlite")).expect("open");
        let tz = chrono_tz::Europe::Berlin;
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 22, 9, 30, 0)
            .single()
            .expect("valid");
        let day = NaiveDate::from_ymd_opt(2026, 11, 25);
        let defaults = EventDefaults::events(&crate::config::Calendar::default());
        let words = |t: &str| vec![t.to_string()];
        for (text, needle) in [
            ("Lunch tomorow 12:30", "tomorow → tomorrow?"),
            ("Lunch 25:00", "`25:00` is not a time"),
            ("Lunch 12:30 cal:nope", "no calendar called “nope”"),
        ] {
            let e = add_on(&mut store, &words(text), day, &defaults, tz, now)
                .expect_err(text)
                .to_string();
            assert!(e.contains(needle), "{text}: {e}");
        }
        assert!(store.calendars().expect("calendars").is_empty());
        // A time alone on the selected day is not "today, passed": the day was chosen.
        let w = add_on(&mut store, &words("Lunch 9:00"), day, &defaults, tz, now).expect("added");
        assert_eq!(w.start.to_rfc3339(), "2026-11-25T08:00:00+00:00");
    }
}
