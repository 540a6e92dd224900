//! Reminders as the app receives them: bells, toasts and the history.

use super::*;
use crate::msg::ReminderNote;

fn note(how: Outcome) -> Msg {
    Msg::Reminder(ReminderNote {
        at: now(),
        summary: "Due: Pay rent".into(),
        body: "task 3 · due 10:30\nmore".into(),
        how,
        focus: false,
    })
}

#[test]
fn a_fired_reminder_is_a_toast_and_the_bell_when_there_is_no_desktop() {
    let mut s = state();
    assert_eq!(update(&mut s, note(Outcome::Desktop)), vec![]);
    assert_eq!(
        s.toasts.last().map(|t| t.text.as_str()),
        Some("🔔 Due: Pay rent — task 3 · due 10:30")
    );
    assert_eq!(update(&mut s, note(Outcome::Bell)), vec![Effect::Bell]);
    update(&mut s, note(Outcome::Missed));
    assert_eq!(s.toasts.last().map(|t| t.kind), Some(ToastKind::Error));
    // A focus end: the focus pane has its own toast and bell.
    let n = s.toasts.len();
    let focus_end = Msg::Reminder(ReminderNote {
        at: now(),
        summary: "Focus session done".into(),
        body: String::new(),
        how: Outcome::Bell,
        focus: true,
    });
    assert_eq!(update(&mut s, focus_end), vec![]);
    assert_eq!(s.toasts.len(), n);
}

#[test]
fn n_opens_the_history() {
    let mut s = state();
    assert_eq!(
        update(&mut s, key(KeyCode::Char('N'))),
        vec![Effect::LoadReminderHistory]
    );
    update(&mut s, Msg::ReminderHistory(vec![]));
    assert!(matches!(s.mode, Mode::Notifications { .. }));
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.mode, Mode::Normal);
}
