//! The app's `:` line, parsed here where it was typed: its own words (panes, quitting,
//! syncing, the list's filter) act at once; task commands in the CLI's syntax (`:modify 12
//! due:fri`) become a typed `TaskCommand` for the store. A line that does not parse comes
//! back in the prompt with the reason.

use super::{Mode, Pane, Prompt, State, apply_filter, quit, switch_pane};
use chrono::DateTime;
use chrono_tz::Tz;

use crate::model::mods::{Mods, parse_mods};
use crate::model::selector::{Selector, TaskRef};
use crate::msg::{Effect, Op, TaskCommand};

/// Attribute words read with the CLI's parser, here where they were typed.
fn mods(words: &[String], now: &DateTime<Tz>, for_add: bool) -> Result<Mods, String> {
    parse_mods(words, now, for_add).map_err(|e| e.to_string())
}

/// The tasks a command is about (ids, UUID prefixes or a filter), read here where typed.
fn selector(words: &[String], now: &DateTime<Tz>) -> Result<Selector, String> {
    Selector::parse(words, now).map_err(|e| e.to_string())
}

/// Tasks named exactly (ids or UUID prefixes), read here where typed.
fn refs(words: &[String]) -> Result<Vec<TaskRef>, String> {
    TaskRef::parse_all(words).map_err(|e| e.to_string())
}

/// What the `:` line understands, for the help text and the error on an unknown word.
pub const WORDS: &str = "add, modify, done, start, stop, delete, annotate, undo, list FILTER, \
     tasks, focus, cal, time, sync, q";

pub(super) fn run(state: &mut State, mut prompt: Prompt, text: String) -> Vec<Effect> {
    let mut words = text.split_whitespace();
    let first = words.next().unwrap_or_default();
    let rest: Vec<&str> = words.collect();
    match (first, rest.is_empty()) {
        ("list" | "ls", _) => apply_filter(state, rest.join(" "), false),
        ("q" | "quit", true) => quit(state),
        ("tasks", true) => switch_pane(state, Pane::Tasks),
        ("focus", true) => switch_pane(state, Pane::Focus),
        ("cal" | "calendar", true) => switch_pane(state, Pane::Calendar),
        ("time", true) => switch_pane(state, Pane::Time),
        ("sync", true) => vec![Effect::SyncNow],
        _ => match parse(&text, &state.now.with_timezone(&state.tz)) {
            Ok(cmd) => vec![Effect::Run(Op::Task(cmd))],
            Err(e) => {
                prompt.error = Some(e);
                state.mode = Mode::Prompt(prompt);
                vec![Effect::Bell]
            }
        },
    }
}

/// The words without the flags, and whether `--yes`/`-y` was among them (after `--`,
/// nothing is a flag).
fn flags(verb: &str, rest: &[String]) -> Result<(Vec<String>, bool), String> {
    let mut yes = false;
    let mut words = Vec::new();
    let mut flags_end = false;
    for w in rest {
        match w.as_str() {
            "--" if !flags_end => flags_end = true,
            "--yes" | "-y" if !flags_end => yes = true,
            f if !flags_end && f.starts_with("--") => {
                return Err(format!(
                    "`{f}` is not an option of :{verb} (it takes --yes)"
                ));
            }
            _ => words.push(w.clone()),
        }
    }
    Ok((words, yes))
}

/// A task command in the CLI's words: the verb, then its words; `--yes`/`-y` confirms a change
/// to several tasks, and after `--` nothing is a flag.
pub fn parse(line: &str, now: &DateTime<Tz>) -> Result<TaskCommand, String> {
    let all = crate::text::split_words(line)?;
    let Some((verb, rest)) = all.split_first() else {
        return Err("an empty command".into());
    };
    let (mut words, yes) = flags(verb, rest)?;
    let need = |what: &str| format!(":{verb} needs {what}");
    let no_yes = |cmd: TaskCommand| {
        if yes {
            Err(format!(":{verb} takes no --yes"))
        } else {
            Ok(cmd)
        }
    };
    match verb.as_str() {
        "add" if words.is_empty() => Err(need("a title")),
        "add" => no_yes(TaskCommand::Add(Box::new(mods(&words, now, true)?))),
        "modify" | "mod" if words.len() < 2 => Err(need("a task and what to change")),
        "modify" | "mod" => {
            let target = words.remove(0);
            Ok(TaskCommand::Modify {
                target: selector(&[target], now)?,
                mods: Box::new(mods(&words, now, false)?),
                yes,
            })
        }
        "done" if words.is_empty() => Err(need("a task")),
        "done" => Ok(TaskCommand::Done {
            ids: selector(&words, now)?,
            yes,
        }),
        "delete" | "rm" if words.is_empty() => Err(need("a task")),
        "delete" | "rm" => Ok(TaskCommand::Delete {
            ids: selector(&words, now)?,
            yes,
        }),
        "start" | "stop" if words.is_empty() => Err(need("a task")),
        "start" => no_yes(TaskCommand::Start(refs(&words)?)),
        "stop" => no_yes(TaskCommand::Stop(refs(&words)?)),
        "annotate" if words.len() < 2 => Err(need("a task and a note")),
        "annotate" => {
            let id = TaskRef::parse(&words.remove(0)).map_err(|e| e.to_string())?;
            no_yes(TaskCommand::Annotate { id, text: words })
        }
        "undo" if words.is_empty() => no_yes(TaskCommand::Undo),
        "undo" => Err(":undo takes no words".into()),
        other => Err(format!(
            "`:{other}` is not a `:` command (it takes {WORDS}); run other commands in a shell"
        )),
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::super::tests::state_with;
    use super::super::{Pane, ToastKind, update};
    use crate::model::selector::{Selector, TaskRef};
    use crate::msg::{Effect, Msg, Op, TaskCommand};

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

    fn now() -> chrono::DateTime<chrono_tz::Tz> {
        super::super::tests::now().with_timezone(&chrono_tz::Europe::Berlin)
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
    fn task_commands_go_to_the_store_typed() {
        let mut s = state_with((80, 24));
        let effects = line(&mut s, "modify +next pri:L --yes");
        assert_eq!(
            effects,
            vec![Effect::Run(Op::Task(TaskCommand::Modify {
                target: Selector::parse(&["+next".to_string()], &now()).expect("a filter"),
                mods: Box::new(super::super::tests::mods(&["pri:L"], false)),
                yes: true,
            }))]
        );
        assert_eq!(
            super::parse(r#"annotate 3 "call back" -- --yes"#, &now()),
            Ok(TaskCommand::Annotate {
                id: TaskRef::id(3),
                text: vec!["call back".into(), "--yes".into()],
            })
        );
        assert_eq!(super::parse("undo", &now()), Ok(TaskCommand::Undo));
    }

    #[test]
    fn a_line_that_does_not_parse_comes_back_with_the_reason() {
        let mut s = state_with((80, 24));
        let effects = line(&mut s, "cal add Lunch 12:30");
        assert_eq!(effects, vec![Effect::Bell]);
        let super::Mode::Prompt(p) = &s.mode else {
            panic!("the prompt is back")
        };
        assert_eq!(p.input.text(), "cal add Lunch 12:30");
        assert!(
            p.error
                .as_deref()
                .is_some_and(|e| e.contains("not a `:` command"))
        );
        for (bad, why) in [
            ("modify 3", "needs a task and what to change"),
            ("done", "needs a task"),
            ("add \"oops", "unclosed quote"),
            ("done 3 --force", "not an option of :done"),
            ("start 3 --yes", "takes no --yes"),
            ("add Call Ann due:tomorow", "tomorow"),
            ("modify 3 pri:X", "pri"),
            ("done due:someday", "someday"),
            ("delete 3 0000-", "is not a task id or id list"),
            ("stop +next", "is not a task id or UUID prefix"),
            ("annotate zz call back", "`zz` is not a task id"),
        ] {
            let e = super::parse(bad, &now()).expect_err(bad);
            assert!(e.contains(why), "{bad}: {e}");
        }
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
