//! The kept expansions against expanding every event from its text: after any sequence of
//! writes (adds, edits and deletes of one occurrence, the following ones or a whole series,
//! imports, undo) and agendas that fill and widen the horizons, every window reads the same.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;

use super::agenda::{Expansions, agenda_from};
use super::{EventDefaults, Scope};
use crate::model::dates::When;
use crate::store::Store;

const BERLIN: Tz = chrono_tz::Europe::Berlin;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 16, 8, 0, 0)
        .single()
        .expect("valid")
}

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 16).expect("valid") + Days::new(n)
}

fn midnight(d: NaiveDate, tz: Tz) -> DateTime<Utc> {
    crate::model::dates::local_instant(&tz, d.and_time(NaiveTime::MIN))
}

/// Weekly with an EXDATE and an override, open daily in another zone, a counted all-day
/// series, an all-day one-off and a timed one-off.
const CALENDAR: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n\
BEGIN:VEVENT\r\nUID:weekly\r\nSUMMARY:Weekly\r\nDTSTART;TZID=Europe/Berlin:20261102T090000\r\n\
DTEND;TZID=Europe/Berlin:20261102T100000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,TH\r\n\
EXDATE;TZID=Europe/Berlin:20261119T090000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:weekly\r\nSUMMARY:Weekly (moved)\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261123T090000\r\n\
DTSTART;TZID=Europe/Berlin:20261123T150000\r\nDTEND;TZID=Europe/Berlin:20261123T160000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:daily\r\nSUMMARY:Daily\r\nLOCATION:Desk\r\nDTSTART;TZID=America/New_York:20261001T230000\r\n\
DURATION:PT3H\r\nRRULE:FREQ=DAILY;INTERVAL=3\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:days\r\nSUMMARY:Days\r\nDTSTART;VALUE=DATE:20261110\r\nDTEND;VALUE=DATE:20261112\r\n\
RRULE:FREQ=MONTHLY;COUNT=6\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:holiday\r\nSUMMARY:Holiday\r\nDTSTART;VALUE=DATE:20261225\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:once\r\nSUMMARY:Once\r\nDTSTART:20261120T120000Z\r\nDTEND:20261120T130000Z\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

#[derive(Debug, Clone)]
enum Op {
    /// An agenda (through the kept expansions) of `days` from day `from`, in Berlin or UTC.
    Agenda {
        from: u64,
        days: u64,
        utc: bool,
    },
    Add(usize),
    Edit {
        event: i64,
        scope: u8,
        on: u64,
        words: usize,
    },
    Delete {
        event: i64,
        scope: u8,
        on: u64,
    },
    /// The calendar again, with one summary changed.
    Reimport(bool),
    Undo,
}

const ADDS: [&str; 3] = [
    "Standup 2026-11-17 9:30 15m every weekday",
    "Review 2026-11-20 14:00-15:30 every 2 weeks",
    "Trip 2026-12-01",
];
const EDITS: [&str; 3] = ["10:00", "45m Longer", "Renamed"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..400u64, 1..120u64, any::<bool>())
            .prop_map(|(from, days, utc)| Op::Agenda { from, days, utc }),
        1 => (0..ADDS.len()).prop_map(Op::Add),
        2 => (1..9i64, 0..3u8, 0..40u64, 0..EDITS.len())
            .prop_map(|(event, scope, on, words)| Op::Edit { event, scope, on, words }),
        1 => (1..9i64, 0..3u8, 0..40u64).prop_map(|(event, scope, on)| Op::Delete { event, scope, on }),
        1 => any::<bool>().prop_map(Op::Reimport),
        1 => Just(Op::Undo),
    ]
}

fn scope(n: u8, on: u64) -> Scope {
    match n {
        0 => Scope::All,
        1 => Scope::One(When::Day(day(on))),
        _ => Scope::Following(When::Day(day(on))),
    }
}

fn apply(store: &mut Store, op: &Op) {
    let defaults = EventDefaults {
        calendar: "home".into(),
        minutes: 60,
    };
    let words = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
    // Edits of occurrences that do not exist are refused; what matters is what was written.
    let _ = match op {
        Op::Agenda { from, days, utc } => {
            let tz = if *utc { Tz::UTC } else { BERLIN };
            let from = day(*from);
            agenda_from(
                store,
                midnight(from, tz),
                midnight(from + Days::new(*days), tz),
                tz,
                false,
                Expansions::Kept,
            )
            .map(drop)
        }
        Op::Add(n) => super::add(store, &words(ADDS[*n]), &defaults, BERLIN, now()).map(drop),
        Op::Edit {
            event,
            scope: s,
            on,
            words: w,
        } => super::edit(
            store,
            &event.to_string(),
            &words(EDITS[*w]),
            scope(*s, *on),
            BERLIN,
            now(),
        )
        .map(drop),
        Op::Delete {
            event,
            scope: s,
            on,
        } => super::delete(store, &event.to_string(), scope(*s, *on), BERLIN, now()).map(drop),
        Op::Reimport(changed) => {
            let text = if *changed {
                CALENDAR.replace("SUMMARY:Daily", "SUMMARY:Daily (new)")
            } else {
                CALENDAR.to_string()
            };
            super::import(store, &text, "home", "file", BERLIN, now()).map(drop)
        }
        Op::Undo => crate::ops::undo(store).map(drop),
    };
}

/// Every window of the checks reads the same through the kept expansions as fresh.
fn same_everywhere(store: &Store) -> Result<(), TestCaseError> {
    for (from, days, tz) in [
        (0, 1, BERLIN),
        (0, 30, BERLIN),
        (3, 365, BERLIN),
        (40, 9, Tz::UTC),
    ] {
        let (a, b) = (midnight(day(from), tz), midnight(day(from + days), tz));
        let kept = agenda_from(store, a, b, tz, false, Expansions::Kept).expect("kept");
        let fresh = agenda_from(store, a, b, tz, false, Expansions::Fresh).expect("fresh");
        prop_assert_eq!(kept, fresh, "{} days from {} in {}", days, from, tz);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn kept_expansions_equal_fresh_ones_after_any_writes(ops in prop::collection::vec(op(), 1..12)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join("t.sqlite")).expect("open");
        super::import(&mut store, CALENDAR, "home", "file", BERLIN, now()).expect("import");
        same_everywhere(&store)?;
        for op in &ops {
            apply(&mut store, op);
            same_everywhere(&store)?;
        }
    }
}

#[test]
fn an_agenda_keeps_expansions_and_a_second_one_reads_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("t.sqlite")).expect("open");
    super::import(&mut store, CALENDAR, "home", "file", BERLIN, now()).expect("import");
    let (a, b) = (midnight(day(0), BERLIN), midnight(day(30), BERLIN));
    let first = agenda_from(&store, a, b, BERLIN, false, Expansions::Kept).expect("first");
    let kept: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM event_expansions", [], |r| r.get(0))
        .expect("count");
    // The three series; the one-offs are outside the window or need no text.
    assert_eq!(kept, 3);
    let second = agenda_from(&store, a, b, BERLIN, false, Expansions::Kept).expect("second");
    assert_eq!(first, second);
}
