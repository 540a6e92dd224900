//! The app's own words on the `:` line: panes, quitting, syncing and the list's filter. Task
//! commands in the CLI's syntax (`:modify 12 due:fri`) go on to the store as an `Op::Command`.

use super::{Pane, State, apply_filter, quit, switch_pane};
use crate::msg::{Effect, Op};

/// What the `:` line understands, for the help text and the error on an unknown word.
pub const WORDS: &str = "add, modify, done, start, stop, delete, annotate, undo, list FILTER, \
     tasks, focus, cal, sync, q";

pub(super) fn run(state: &mut State, text: String) -> Vec<Effect> {
    let mut words = text.split_whitespace();
    let first = words.next().unwrap_or_default();
    let rest: Vec<&str> = words.collect();
    match (first, rest.is_empty()) {
        ("list" | "ls", _) => apply_filter(state, rest.join(" "), false),
        ("q" | "quit", true) => quit(state),
        ("tasks", true) => switch_pane(state, Pane::Tasks),
        ("focus", true) => switch_pane(state, Pane::Focus),
        ("cal" | "calendar", true) => switch_pane(state, Pane::Calendar),
        ("sync", true) => vec![Effect::SyncNow],
        _ => vec![Effect::Run(Op::Command(text))],
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::super::tests::state_with;
    use super::super::{Pane, ToastKind, update};
    use crate::msg::{Effect, Msg};

    fn key(s: &mut super::State, code: KeyCode) -> Vec<Effect> {
        update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    fn line(s: &mut super::State, text: &str) -> Vec<Effect> {
        key(s, KeyCode::Char(':'));
        for c in text.chars() {
            key(s, KeyCode::Char(c));
        }
        key(s, KeyCode::Enter)
    }

    #[test]
    fn panes_sync_and_quit_are_words_of_the_line() {
        let mut s = state_with((80, 24));
        line(&mut s, "cal");
        assert_eq!(s.pane, Pane::Calendar);
        line(&mut s, "focus");
        assert_eq!(s.pane, Pane::Focus);
        line(&mut s, "tasks");
        assert_eq!(s.pane, Pane::Tasks);
        assert_eq!(line(&mut s, "sync"), vec![Effect::SyncNow]);
        assert!(!s.quitting);
        line(&mut s, "q");
        assert!(s.quitting);
    }

    #[test]
    fn task_commands_still_go_to_the_store() {
        let mut s = state_with((80, 24));
        let effects = line(&mut s, "modify 2 pri:L");
        assert!(
            effects.iter().any(
                |e| matches!(e, Effect::Run(crate::msg::Op::Command(t)) if t == "modify 2 pri:L")
            ),
            "{effects:?}"
        );
    }

    #[test]
    fn a_pane_switch_drops_the_last_panes_messages_but_not_errors() {
        let mut s = state_with((80, 24));
        s.toast("Week view", ToastKind::Info);
        s.toast("cannot write the log", ToastKind::Error);
        line(&mut s, "cal");
        let left: Vec<&str> = s.toasts.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(left, vec!["cannot write the log"]);
    }
}
