//! The focus pane's keys: starting, pausing, interruptions, the phase ends.

use super::*;
use crate::model::focus::{self, FocusSession, FocusState, Kind};
use crate::msg::FocusOp;

fn running(minutes_ago: i64) -> FocusSession {
    FocusSession::start(
        "Write report".into(),
        None,
        Kind::Focus,
        focus::Mode::Countdown,
        25,
        now() - Duration::minutes(minutes_ago),
    )
    .expect("valid")
}

fn focus_state(active: Option<FocusSession>, next: Kind) -> FocusState {
    FocusState {
        active,
        next,
        done_in_cycle: 1,
        ended: Vec::new(),
        task: None,
        acted: None,
    }
}

fn on_focus_pane(active: Option<FocusSession>) -> State {
    let mut s = state();
    update(&mut s, ch('2'));
    update(
        &mut s,
        Msg::Focus(Box::new(focus_state(active, Kind::Focus))),
    );
    s
}

#[test]
fn space_starts_pauses_and_resumes() {
    let mut s = on_focus_pane(None);
    assert_eq!(s.context(), Context::Focus);
    assert_eq!(
        update(&mut s, ch(' ')),
        vec![Effect::Focus(FocusOp::Start {
            task: None,
            kind: Kind::Focus,
            minutes: 25
        })]
    );
    let mut s = on_focus_pane(Some(running(5)));
    assert_eq!(update(&mut s, ch(' ')), vec![Effect::Focus(FocusOp::Pause)]);
    let mut paused = running(5);
    paused.pause(now()).expect("pause");
    let mut s = on_focus_pane(Some(paused));
    assert_eq!(
        update(&mut s, ch(' ')),
        vec![Effect::Focus(FocusOp::Resume)]
    );
}

#[test]
fn length_adjusts_only_before_starting() {
    let mut s = on_focus_pane(None);
    update(&mut s, ch('+'));
    update(&mut s, ch('+'));
    update(&mut s, ch('-'));
    assert_eq!(
        update(&mut s, ch(' ')),
        vec![Effect::Focus(FocusOp::Start {
            task: None,
            kind: Kind::Focus,
            minutes: 30
        })]
    );
    for _ in 0..50 {
        update(&mut s, ch('-'));
    }
    assert_eq!(s.focus.adjusted_minutes, Some(1));
    let mut s = on_focus_pane(Some(running(1)));
    update(&mut s, ch('+'));
    assert_eq!(s.focus.adjusted_minutes, None);
    assert!(s.toasts.last().is_some_and(|t| t.kind == ToastKind::Error));
}

#[test]
fn interruptions_complete_abandon_skip_stats() {
    let mut s = on_focus_pane(Some(running(5)));
    update(&mut s, ch('I'));
    assert!(matches!(&s.mode, Mode::Prompt(p) if p.kind == PromptKind::Interruption(true)));
    typed(&mut s, "phone");
    assert_eq!(
        update(&mut s, key(KeyCode::Enter)),
        vec![Effect::Focus(FocusOp::Interrupt {
            external: true,
            note: "phone".into()
        })]
    );
    assert_eq!(update(&mut s, ch('c')), vec![Effect::Focus(FocusOp::Stop)]);
    assert!(update(&mut s, ch('x')).is_empty());
    assert_eq!(
        update(&mut s, ch('y')),
        vec![Effect::Focus(FocusOp::Abandon)]
    );
    assert_eq!(update(&mut s, ch('b')), vec![Effect::Focus(FocusOp::Skip)]);
    assert_eq!(
        update(&mut s, ch('v')),
        vec![Effect::Focus(FocusOp::Stats { days: 7 })]
    );
    assert!(s.focus.show_stats);
    // Without a session, the session keys explain instead of acting.
    let mut idle = on_focus_pane(None);
    assert!(update(&mut idle, ch('c')).is_empty());
    assert!(update(&mut idle, ch('i')).is_empty());
    assert_eq!(idle.toasts.len(), 2);
}

#[test]
fn f_on_a_task_starts_a_session_for_it() {
    let mut s = state();
    update(&mut s, ch('j'));
    let effects = update(&mut s, ch('f'));
    assert_eq!(
        effects[0],
        Effect::Focus(FocusOp::Start {
            task: Some(2),
            kind: Kind::Focus,
            minutes: 25
        })
    );
    assert_eq!(s.pane, Pane::Focus);
}

#[test]
fn the_clock_ticks_only_while_running_and_settles_at_the_end() {
    let s = on_focus_pane(Some(running(5)));
    assert_eq!(s.next_deadline(), Some(now() + Duration::seconds(1)));
    let mut paused = running(5);
    paused.pause(now()).expect("pause");
    assert_eq!(on_focus_pane(Some(paused)).next_deadline(), None);
    assert_eq!(on_focus_pane(None).next_deadline(), None);
    let mut s = on_focus_pane(Some(running(5)));
    assert!(update(&mut s, Msg::Clock(now() + Duration::minutes(19))).is_empty());
    assert_eq!(
        update(&mut s, Msg::Clock(now() + Duration::minutes(20))),
        vec![Effect::Focus(FocusOp::Refresh)]
    );
}

#[test]
fn a_phase_end_toasts_and_rings() {
    let mut s = on_focus_pane(Some(running(24)));
    let mut done = running(25);
    assert!(done.settle(now()));
    let report = FocusState {
        ended: vec![done],
        ..focus_state(None, Kind::ShortBreak)
    };
    assert_eq!(
        update(&mut s, Msg::Focus(Box::new(report))),
        vec![Effect::Bell]
    );
    let toast = s.toasts.last().expect("toast");
    assert!(
        toast
            .text
            .contains("Focus “Write report” done · next: short break"),
        "{}",
        toast.text
    );
}

#[test]
fn stopping_early_toasts_the_time_focused() {
    let mut s = on_focus_pane(Some(running(1)));
    let mut stopped = running(0);
    stopped
        .complete(now() + chrono::Duration::seconds(7))
        .expect("stop");
    let report = FocusState {
        acted: Some(stopped),
        ..focus_state(None, Kind::ShortBreak)
    };
    update(&mut s, Msg::Focus(Box::new(report)));
    let toast = s.toasts.last().expect("toast");
    assert_eq!(toast.text, "Completed “Write report” · 7 s focused");
}

#[test]
fn tab_and_number_keys_switch_panes_and_are_saved() {
    let mut s = state();
    let effects = update(&mut s, key(KeyCode::Tab));
    assert_eq!(s.pane, Pane::Focus);
    assert!(matches!(&effects[..], [Effect::SaveUiState(u)] if u.pane == Pane::Focus));
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
    );
    assert_eq!(s.pane, Pane::Tasks);
    update(&mut s, ch('2'));
    update(&mut s, ch('1'));
    assert_eq!(s.pane, Pane::Tasks);
    let click = Msg::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 19,
        row: 0,
        modifiers: KeyModifiers::NONE,
    });
    update(&mut s, click);
    assert_eq!(s.pane, Pane::Focus);
}

fn energy_prompt(s: &State) -> Option<PromptKind> {
    match &s.mode {
        Mode::Prompt(p) if matches!(p.kind, PromptKind::Energy { .. }) => Some(p.kind),
        _ => None,
    }
}

#[test]
fn with_the_check_in_on_a_start_and_an_end_ask_for_energy() {
    let mut s = on_focus_pane(None);
    s.settings.energy_checkin = true;
    let started = running(0);
    let report = focus_state(Some(started.clone()), Kind::Focus);
    assert_eq!(update(&mut s, Msg::Focus(Box::new(report.clone()))), vec![]);
    assert_eq!(
        energy_prompt(&s),
        Some(PromptKind::Energy {
            session: started.uuid,
            at_start: true
        })
    );
    // Out of range: the prompt stays with the reason; a good answer records it.
    update(&mut s, ch('7'));
    assert_eq!(update(&mut s, key(KeyCode::Enter)), vec![]);
    let Mode::Prompt(p) = &s.mode else {
        panic!("the prompt stays open")
    };
    assert!(p.error.as_deref().unwrap_or("").contains("1 to 5"), "{p:?}");
    update(&mut s, key(KeyCode::Backspace));
    update(&mut s, ch('4'));
    assert_eq!(
        update(&mut s, key(KeyCode::Enter)),
        vec![Effect::Focus(FocusOp::Energy {
            session: started.uuid,
            at_start: true,
            level: 4
        })]
    );
    assert_eq!(s.mode, Mode::Normal);
    // The same session again (a tick): no second question.
    update(&mut s, Msg::Focus(Box::new(report)));
    assert_eq!(energy_prompt(&s), None);

    // It ends: asked again, about the end; an empty answer skips.
    let mut stopped = started.clone();
    stopped.complete(now()).expect("stop");
    let ended = FocusState {
        acted: Some(stopped),
        ..focus_state(None, Kind::ShortBreak)
    };
    update(&mut s, Msg::Focus(Box::new(ended)));
    assert_eq!(
        energy_prompt(&s),
        Some(PromptKind::Energy {
            session: started.uuid,
            at_start: false
        })
    );
    assert_eq!(update(&mut s, key(KeyCode::Enter)), vec![]);
    assert_eq!(s.mode, Mode::Normal);
}

#[test]
fn no_energy_question_when_off_on_opening_or_for_breaks() {
    // Off (the default).
    let mut s = on_focus_pane(None);
    update(
        &mut s,
        Msg::Focus(Box::new(focus_state(Some(running(0)), Kind::Focus))),
    );
    assert_eq!(energy_prompt(&s), None);
    // On, but the session was already running when the app opened.
    let mut s = state();
    s.settings.energy_checkin = true;
    update(&mut s, ch('2'));
    update(
        &mut s,
        Msg::Focus(Box::new(focus_state(Some(running(3)), Kind::Focus))),
    );
    assert_eq!(energy_prompt(&s), None);
    // On, and a break starts.
    let mut s = on_focus_pane(None);
    s.settings.energy_checkin = true;
    let brk = FocusSession::start(
        "Short break".into(),
        None,
        Kind::ShortBreak,
        focus::Mode::Countdown,
        5,
        now(),
    )
    .expect("valid");
    update(
        &mut s,
        Msg::Focus(Box::new(focus_state(Some(brk), Kind::ShortBreak))),
    );
    assert_eq!(energy_prompt(&s), None);
}
