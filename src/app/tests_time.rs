//! The Time pane's keys through `update`: what each sends (typed `Op::Track` intents, loads),
//! and that a prompt that does not parse stays open with its error and sends nothing.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Berlin;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::tests::state_with;
use super::*;
use crate::msg::{TimeData, TimeOp};
use crate::time::billing::{Billing, ClientInfo, ProjectInfo};
use crate::time::report::{GroupBy, ReportInput, WorkWeek, compute, range_bounds};
use crate::time::{Attrs, Entry, Rounding, Source};
use crate::view_state::Period;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("RFC 3339")
}

pub(crate) fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("valid")
}

/// An entry in November 2026 (`16T08:00` is 16 November, 08:00 UTC).
fn entry(id: i64, start: &str, end: Option<&str>, project: &str, f: &dyn Fn(&mut Attrs)) -> Entry {
    let at = |t: &str| at(&format!("2026-11-{t}:00Z"));
    let mut attrs = Attrs {
        project: Some(project.into()),
        ..Attrs::default()
    };
    f(&mut attrs);
    Entry {
        id,
        start: at(start),
        end: end.map(at),
        attrs,
        source: Source::Manual,
    }
}

fn no_bill(a: &mut Attrs) {
    a.billable = false;
}

fn acme(a: &mut Attrs) {
    a.client = Some("acme".into());
}

/// A week of entries up to Sunday 22 November (today), the last one running since 09:50.
pub(crate) fn fixture_entries() -> Vec<Entry> {
    let mut all = week_entries();
    all.extend(today_entries());
    all
}

fn week_entries() -> Vec<Entry> {
    vec![
        entry(1, "16T08:00", Some("16T11:30"), "web", &|a| {
            acme(a);
            a.tags = vec!["dev".into()];
        }),
        entry(2, "16T12:30", Some("16T15:00"), "admin", &no_bill),
        entry(3, "17T08:00", Some("17T12:00"), "web", &acme),
        entry(4, "18T09:00", Some("18T10:00"), "book", &no_bill),
        entry(5, "19T08:00", Some("19T14:00"), "web", &acme),
        entry(6, "20T08:00", Some("20T10:00"), "admin", &no_bill),
    ]
}

fn today_entries() -> Vec<Entry> {
    vec![
        entry(7, "22T07:00", Some("22T07:45"), "admin", &|a| {
            no_bill(a);
            a.note = "Inbox".into();
        }),
        entry(8, "22T07:50", Some("22T08:40"), "web", &|a| {
            acme(a);
            a.tags = vec!["call".into()];
            a.activity = Some("meeting".into());
            a.note = "Kick-off".into();
        }),
        entry(9, "22T08:50", None, "web", &|a| {
            acme(a);
            a.note = "Landing page".into();
        }),
    ]
}

/// What `Io` answers to `Effect::LoadTime { from, to }` over the fixture (acme bills 90 EUR/h).
pub(crate) fn fixture_time(from: NaiveDate, to: NaiveDate) -> Msg {
    let (a, b) = range_bounds(&Berlin, from, to);
    let all = fixture_entries();
    let entries: Vec<Entry> = all
        .iter()
        .filter(|e| e.start < b && e.end.is_none_or(|end| end > a))
        .cloned()
        .collect();
    let billing = Billing::new(
        vec![ClientInfo {
            id: 1,
            name: "acme".into(),
            rate: Some(9000),
            currency: Some("EUR".into()),
            rounding: Rounding::NONE,
        }],
        vec![ProjectInfo {
            id: 1,
            project: "web".into(),
            client: Some("acme".into()),
            rate: None,
            currency: None,
        }],
    );
    let report = compute(&ReportInput {
        entries: &entries,
        from,
        to,
        now: super::tests::now(),
        tz: &Berlin,
        billing: &billing,
        by: &[GroupBy::Project],
        tasks: &HashMap::new(),
        work: WorkWeek::default(),
    })
    .expect("the fixture reports");
    let running = all.iter().find(|e| e.end.is_none()).cloned();
    Msg::Time(Box::new(TimeData {
        from,
        to,
        entries,
        running,
        report,
        suggestions: super::tests_review::fixture_suggestions()
            .into_iter()
            .filter(|g| g.start < b && g.end > a)
            .collect(),
    }))
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        update(s, ch(c));
    }
}

/// Answers the load the pane waits for, as `Io` would.
fn answer(s: &mut State) {
    while let Some((from, to)) = s.time.requested {
        update(s, fixture_time(from, to));
    }
}

/// The Time pane on today with its entries loaded (entry 7 selected).
pub(crate) fn time_state(size: (u16, u16)) -> State {
    let mut s = state_with(size);
    update(&mut s, ch('4'));
    answer(&mut s);
    s
}

fn ran(effects: &[Effect]) -> Option<&TimeOp> {
    effects.iter().find_map(|e| match e {
        Effect::Run(Op::Track(op)) => Some(op),
        _ => None,
    })
}

fn submit(s: &mut State, open: char, text: &str) -> Vec<Effect> {
    update(s, ch(open));
    typed(s, text);
    update(s, key(KeyCode::Enter))
}

#[test]
fn the_pane_loads_today_and_the_running_entry() {
    let mut s = state_with((80, 24));
    // Tasks arriving (start-up, every change) load the running entry for the status bar.
    let effects = update(&mut s, Msg::Tasks(super::tests::fixture_tasks()));
    assert!(effects.contains(&Effect::LoadTime {
        from: day(22),
        to: day(22)
    }));
    let effects = update(&mut s, ch('4'));
    assert_eq!(s.pane, Pane::Time);
    assert!(effects.contains(&Effect::SaveUiState(s.ui_state())));
    answer(&mut s);
    assert_eq!(s.time.running.as_ref().map(|e| e.id), Some(9));
    let ids: Vec<i64> = s.time.day_entries(day(22)).iter().map(|e| e.id).collect();
    assert_eq!(ids, vec![7, 8, 9]);
    // The running tracker wakes the app at its next minute (started 08:50, now 09:30).
    assert_eq!(s.next_deadline(), Some(at("2026-11-22T09:31:00Z")));
}

#[test]
fn start_sends_the_parsed_words() {
    let mut s = time_state((80, 24));
    let effects = submit(&mut s, 's', "12 project:web +call Landing page");
    let Some(TimeOp::Start(spec)) = ran(&effects) else {
        panic!("a start: {effects:?}");
    };
    assert_eq!(spec.task, Some(crate::model::selector::TaskRef::id(12)));
    assert_eq!(spec.edit.project, Some(Some("web".into())));
    assert_eq!(spec.edit.add_tags, vec!["call".to_string()]);
    assert_eq!(spec.edit.note.as_deref(), Some("Landing page"));
    assert!(
        s.in_flight.is_some(),
        "an ops error comes back to the prompt"
    );
}

#[test]
fn space_stops_the_running_entry_else_continues_the_selected_one() {
    let mut s = time_state((80, 24));
    assert_eq!(ran(&update(&mut s, ch(' '))), Some(&TimeOp::Stop));
    s.time.running = None;
    update(&mut s, ch('j'));
    assert_eq!(
        ran(&update(&mut s, ch(' '))),
        Some(&TimeOp::Continue(Some(8)))
    );
    assert_eq!(
        ran(&update(&mut s, ch('c'))),
        Some(&TimeOp::Continue(Some(8)))
    );
}

#[test]
fn backfill_reads_the_cli_span_words() {
    let mut s = time_state((80, 24));
    let effects = submit(&mut s, 'a', "yesterday 14:00 for 45m project:web");
    let Some(TimeOp::Add { spec, span }) = ran(&effects) else {
        panic!("a backfill: {effects:?}");
    };
    assert_eq!(
        *span,
        (at("2026-11-21T13:00:00Z"), at("2026-11-21T13:45:00Z"))
    );
    assert_eq!(spec.edit.project, Some(Some("web".into())));
}

#[test]
fn a_prompt_that_does_not_parse_stays_open_and_sends_nothing() {
    let mut s = time_state((80, 24));
    for (open, text, says) in [
        ('a', "soon project:web", "cannot read a time span"),
        ('e', "start:later", "cannot read `later`"),
        ('e', "colour:red", "unknown attribute"),
        ('/', "tomorrowish", ""),
        ('s', "billable:maybe", "billable"),
        ('s', "0 Reviewing", "`0` is not a task id or id list"),
        ('e', "task:zz", "`zz` is not a task id or UUID prefix"),
    ] {
        let effects = submit(&mut s, open, text);
        assert!(ran(&effects).is_none(), "{text}: {effects:?}");
        let Mode::Prompt(p) = &s.mode else {
            panic!("{text}: the prompt stays open");
        };
        assert_eq!(p.input.text(), text);
        let error = p.error.clone().unwrap_or_default();
        assert!(!error.is_empty() && error.contains(says), "{text}: {error}");
        update(&mut s, key(KeyCode::Esc));
    }
}

#[test]
fn edit_split_and_delete_act_on_the_selected_entry() {
    let mut s = time_state((80, 24));
    update(&mut s, ch('j'));
    let effects = submit(&mut s, 'e', "start:8:45 end:9:30 project:site -call");
    let Some(TimeOp::Edit { id: 8, change }) = ran(&effects) else {
        panic!("an edit of entry 8: {effects:?}");
    };
    assert_eq!(change.start, Some(at("2026-11-22T07:45:00Z")));
    assert_eq!(change.end, Some(at("2026-11-22T08:30:00Z")));
    assert_eq!(change.edit.project, Some(Some("site".into())));
    assert_eq!(change.edit.remove_tags, vec!["call".to_string()]);
    s.mode = Mode::Normal;
    let effects = submit(&mut s, '/', "9:15");
    assert_eq!(
        ran(&effects),
        Some(&TimeOp::Split {
            id: 8,
            at: at("2026-11-22T08:15:00Z")
        })
    );
    s.mode = Mode::Normal;
    assert!(update(&mut s, ch('d')).is_empty(), "delete asks first");
    assert!(matches!(s.mode, Mode::Confirm { .. }));
    assert_eq!(ran(&update(&mut s, ch('y'))), Some(&TimeOp::Delete(8)));
}

#[test]
fn periods_move_and_switch_with_loads() {
    let mut s = time_state((80, 24));
    let effects = update(&mut s, ch('v'));
    assert_eq!(s.time.period, time::Period::Week);
    assert!(effects.contains(&Effect::LoadTime {
        from: day(16),
        to: day(22)
    }));
    assert!(effects.contains(&Effect::SaveUiState(s.ui_state())));
    assert_eq!(s.ui_state().time_view, Period::Week);
    answer(&mut s);
    let effects = update(&mut s, ch('h'));
    assert_eq!(
        effects,
        vec![Effect::LoadTime {
            from: day(9),
            to: day(15)
        }]
    );
    assert!(update(&mut s, ch('t')).is_empty(), "this week is loaded");
    // Editing needs an entry of the day view.
    assert!(update(&mut s, ch('e')).is_empty());
    assert!(matches!(s.mode, Mode::Normal));
    update(&mut s, ch('v'));
    assert_eq!(s.time.range(day(22)), (day(1), day(30)));
    update(&mut s, ch('r'));
    assert!(s.time.report_view);
    assert_eq!(update(&mut s, ch('u')), vec![Effect::Run(Op::Undo)]);
}

#[test]
fn the_saved_view_comes_back() {
    let saved = UiState {
        pane: Pane::Time,
        time_view: Period::Month,
        ..UiState::default()
    };
    let s = State::new(
        super::tests::settings(),
        &saved,
        super::tests::now(),
        Berlin,
        (80, 24),
    );
    assert_eq!(s.pane, Pane::Time);
    assert_eq!(s.time.period, time::Period::Month);
    assert_eq!(s.context(), keymap::Context::Time);
}

#[test]
fn an_added_entry_is_selected_after_the_reload() {
    let mut s = time_state((80, 24));
    update(&mut s, ch('j'));
    update(&mut s, ch('j'));
    let Msg::Time(mut data) = fixture_time(day(22), day(22)) else {
        panic!("time data");
    };
    // A backfill before the others gets the highest id.
    let mut early = data.entries[0].clone();
    early.id = 10;
    early.start = at("2026-11-22T05:00:00Z");
    early.end = Some(at("2026-11-22T06:00:00Z"));
    data.entries.insert(0, early);
    update(&mut s, Msg::Time(data));
    assert_eq!(s.time.selected_entry(day(22)).map(|e| e.id), Some(10));
}

#[test]
fn the_pane_is_on_the_command_line_and_in_help() {
    let mut s = state_with((80, 24));
    update(&mut s, ch(':'));
    typed(&mut s, "time");
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.pane, Pane::Time);
    let rows = s.settings.keymap.help_rows();
    assert!(
        rows.iter()
            .any(|(c, k, _)| *c == keymap::Context::Time && k == "/"),
        "{rows:?}"
    );
}
