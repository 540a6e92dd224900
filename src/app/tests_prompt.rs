//! A prompt whose operation fails comes back with its text and the whole error; long
//! messages wrap instead of being cut at the screen's edge.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::tests::state_with;
use super::{Mode, ToastKind, update};
use crate::msg::{Effect, Msg, Op};

fn key(s: &mut super::State, code: KeyCode) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typed(s: &mut super::State, text: &str) {
    for c in text.chars() {
        key(s, KeyCode::Char(c));
    }
}

#[test]
fn a_mistake_is_shown_at_the_prompt_and_no_operation_is_sent() {
    let mut s = state_with((80, 24));
    key(&mut s, KeyCode::Char('a'));
    typed(&mut s, "Call Ann due:tomorow");
    let effects = key(&mut s, KeyCode::Enter);
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Run(_))),
        "{effects:?}"
    );
    let Mode::Prompt(p) = &s.mode else {
        panic!("the prompt stays: {:?}", s.mode)
    };
    assert_eq!(p.input.text(), "Call Ann due:tomorow");
    assert!(
        p.error.as_deref().is_some_and(|e| e.contains("tomorow")),
        "{:?}",
        p.error
    );
    assert!(s.in_flight.is_none());
    // Fixed, it is sent as typed attributes.
    for _ in 0.."tomorow".len() {
        key(&mut s, KeyCode::Backspace);
    }
    typed(&mut s, "tomorrow");
    let effects = key(&mut s, KeyCode::Enter);
    assert!(
        matches!(&effects[..], [Effect::Run(Op::Add(m))] if m.due.is_some()),
        "{effects:?}"
    );
    assert_eq!(s.mode, Mode::Normal);
}

#[test]
fn a_failed_add_reopens_the_prompt_with_the_text_and_the_error() {
    let mut s = state_with((80, 24));
    key(&mut s, KeyCode::Char('a'));
    typed(&mut s, "Call Ann depends:99");
    let effects = key(&mut s, KeyCode::Enter);
    assert!(
        matches!(&effects[..], [Effect::Run(Op::Add(_))]),
        "{effects:?}"
    );
    assert_eq!(s.mode, Mode::Normal);
    let error = "no task matches `99`";
    update(&mut s, Msg::Ran(Err(error.into())));
    let Mode::Prompt(p) = &s.mode else {
        panic!("the prompt is back: {:?}", s.mode)
    };
    assert_eq!(p.input.text(), "Call Ann depends:99");
    assert_eq!(p.error.as_deref(), Some(error));
    // Fixed and sent again, it closes for good.
    for _ in 0.."depends:99".len() {
        key(&mut s, KeyCode::Backspace);
    }
    typed(&mut s, "due:tomorrow");
    key(&mut s, KeyCode::Enter);
    update(&mut s, Msg::Ran(Ok("Created task 6".into())));
    assert_eq!(s.mode, Mode::Normal);
    assert!(s.in_flight.is_none());
}

#[test]
fn a_failure_that_no_prompt_waits_for_is_a_toast() {
    let mut s = state_with((80, 24));
    update(&mut s, Msg::Ran(Err("task 9 does not exist".into())));
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(s.toasts.last().map(|t| t.kind), Some(ToastKind::Error));
}

#[test]
fn long_errors_take_the_lines_they_need() {
    let mut s = state_with((80, 24));
    key(&mut s, KeyCode::Char('a'));
    typed(&mut s, "x");
    key(&mut s, KeyCode::Enter);
    let long = "word ".repeat(40);
    update(&mut s, Msg::Ran(Err(long.clone())));
    let areas = s.areas();
    let prompt = areas.prompt.expect("a prompt");
    assert_eq!(
        prompt.height,
        1 + 3,
        "200 columns of error over 80: three lines"
    );
    assert_eq!(areas.pane.height + prompt.height + 2, 24);
    key(&mut s, KeyCode::Esc);
    update(&mut s, Msg::OpResult(Err(long)));
    assert_eq!(s.areas().status.map(|r| r.height), Some(3));
}
