//! The calendar pane's keys: views, selection, adding, editing and deleting occurrences, blocks.

use super::*;
use crate::app::calendar::View;
use crate::calendar::Scope;
use crate::model::dates::When;
use crate::msg::Op;

fn day(d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, d).expect("valid")
}

#[test]
fn opening_the_pane_loads_the_weeks_around_today() {
    let mut s = state();
    let effects = update(&mut s, key(KeyCode::Char('3')));
    assert_eq!(s.pane, Pane::Calendar);
    assert!(effects.contains(&Effect::LoadAgenda {
        from: chrono::NaiveDate::from_ymd_opt(2026, 10, 19).expect("valid"),
        to: chrono::NaiveDate::from_ymd_opt(2027, 1, 28).expect("valid"),
    }));
    // Asked once: a second key before the answer does not ask again.
    let again = update(&mut s, key(KeyCode::Char('l')));
    assert!(!again.iter().any(|e| matches!(e, Effect::LoadAgenda { .. })));
}

#[test]
fn moving_views_and_today() {
    let mut s = calendar_state((80, 24));
    assert_eq!(s.calendar.cursor, Some(day(23)));
    update(&mut s, key(KeyCode::Char('j')));
    assert_eq!(s.calendar.cursor, Some(day(30)), "month view: a week down");
    update(&mut s, key(KeyCode::Char('t')));
    assert_eq!(s.calendar.cursor, Some(day(22)));
    update(&mut s, key(KeyCode::Char('v')));
    assert_eq!(s.calendar.view, View::Week);
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.calendar.view, View::Day);
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.calendar.view, View::Month);
    // Far away, the pane asks for that month.
    let effects = update(&mut s, key(KeyCode::PageDown));
    let effects2 = update(&mut s, key(KeyCode::PageDown));
    assert!(
        effects
            .iter()
            .chain(&effects2)
            .any(|e| matches!(e, Effect::LoadAgenda { .. }))
    );
}

#[test]
fn agenda_selection_crosses_days() {
    let mut s = calendar_state((80, 24));
    s.calendar.view = View::Agenda;
    // Monday: standup, lunch. Then Tuesday's standup.
    update(&mut s, key(KeyCode::Char('j')));
    assert_eq!(s.calendar.selected, 1);
    update(&mut s, key(KeyCode::Char('j')));
    assert_eq!((s.calendar.cursor, s.calendar.selected), (Some(day(24)), 0));
    update(&mut s, key(KeyCode::Char('k')));
    assert_eq!((s.calendar.cursor, s.calendar.selected), (Some(day(23)), 1));
}

#[test]
fn adding_on_the_selected_day() {
    let mut s = calendar_state((80, 24));
    update(&mut s, key(KeyCode::Char('a')));
    assert!(matches!(&s.mode, Mode::Prompt(p) if p.kind == PromptKind::CalAdd(day(23))));
    update(&mut s, Msg::Paste("Dentist 15:00 45m".into()));
    let effects = update(&mut s, key(KeyCode::Enter));
    let three = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 14, 0, 0).single();
    assert!(matches!(
        &effects[..],
        [Effect::Run(Op::CalAdd(e))]
            if e.title == "Dentist" && e.when == three.map(When::At) && e.minutes == Some(45)
    ));
}

#[test]
fn deleting_a_repeating_event_asks_which_occurrences() {
    let mut s = calendar_state((80, 24));
    let standup = s
        .calendar
        .selected_item(s.today(), &s.tz)
        .expect("standup")
        .occurrence
        .start;
    update(&mut s, key(KeyCode::Char('d')));
    assert!(matches!(
        s.mode,
        Mode::Scope {
            delete: true,
            id: 1,
            ..
        }
    ));
    let effects = update(&mut s, key(KeyCode::Char('o')));
    assert_eq!(
        effects,
        vec![Effect::Run(Op::CalDelete {
            id: 1,
            scope: Scope::One(When::At(standup))
        })]
    );
    // A single event asks yes or no.
    update(&mut s, key(KeyCode::Char('v')));
    update(&mut s, key(KeyCode::Char('j')));
    update(&mut s, key(KeyCode::Char('d')));
    assert!(matches!(&s.mode, Mode::Confirm { question, .. } if question.contains("Lunch")));
}

#[test]
fn editing_this_and_following() {
    let mut s = calendar_state((80, 24));
    update(&mut s, key(KeyCode::Char('e')));
    update(&mut s, key(KeyCode::Char('f')));
    assert!(matches!(
        &s.mode,
        Mode::Prompt(p) if matches!(p.kind, PromptKind::CalEdit { id: 1, scope: Scope::Following(_) })
    ));
    update(&mut s, Msg::Paste("9:00".into()));
    let effects = update(&mut s, key(KeyCode::Enter));
    assert!(matches!(
        &effects[..],
        [Effect::Run(Op::CalEdit { id: 1, edit, .. })] if edit.time_only && edit.title.is_empty()
    ));
}

#[test]
fn blocking_the_selected_task_and_focusing_from_a_block() {
    let mut s = calendar_state((80, 24));
    let task = s.tasks.selected_item().expect("task").listed.task.id;
    update(&mut s, key(KeyCode::Char('b')));
    assert!(matches!(
        &s.mode,
        Mode::Prompt(p) if p.kind == PromptKind::Block { task, day: day(23) }
    ));
    update(&mut s, key(KeyCode::Esc));
    // Wednesday 10:00 is a block for task 1: Enter in the day view focuses on it.
    update(&mut s, key(KeyCode::Char('l')));
    update(&mut s, key(KeyCode::Char('l')));
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.calendar.view, View::Day);
    update(&mut s, key(KeyCode::Char('j')));
    let effects = update(&mut s, key(KeyCode::Enter));
    assert!(effects.contains(&Effect::Focus(FocusOp::Start {
        task: Some(1),
        kind: Kind::Focus,
        minutes: 90
    })));
    assert_eq!(s.pane, Pane::Focus);
    // A future block: the session starts now, for the block's length, and says so.
    assert_eq!(
        s.toasts.last().map(|t| t.text.as_str()),
        Some("The block starts at 10:00 Wed 25 Nov: focusing now for its planned 90 min")
    );
}
