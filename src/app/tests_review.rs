//! Reviewing captured suggestions in the Time pane through `update`: `R` moves the selection
//! onto them, each key sends a typed `Op::Review`, a correction or a split time that does not
//! read stays at its prompt, and the day's confident ones are approved after a question.

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;

use super::tests_time::{day, fixture_time, time_state};
use super::*;
use crate::capture::{AppShare, Classification, Correction, Evidence, Reason, Status, Stored};
use crate::msg::ReviewOp;

fn at(text: &str) -> DateTime<Utc> {
    format!("2026-11-{text}:00Z").parse().expect("RFC 3339")
}

fn apps(list: &[(&str, f64)]) -> Vec<AppShare> {
    list.iter()
        .map(|(app, share)| AppShare {
            app: (*app).into(),
            signals: (share * 100.0) as usize,
            share: *share,
        })
        .collect()
}

/// A suggestion on Friday 20 November (`20T10:00` is 10:00 UTC, 11:00 in Berlin).
fn suggestion(n: u8, (start, end): (&str, &str), project: Option<&str>, confidence: f64) -> Stored {
    let verify = confidence < 0.5;
    Stored {
        row: i64::from(n),
        uuid: Uuid::from_bytes([n; 16]),
        start: at(start),
        end: at(end),
        status: Status::Pending,
        confidence,
        needs_verification: verify,
        classification: Classification {
            project: project.map(Into::into),
            ..Classification::default()
        },
        note: String::new(),
        reasons: if verify {
            vec![
                Reason::MixedUsage {
                    first: "vscode".into(),
                    second: "firefox".into(),
                },
                Reason::NoRuleMatched,
            ]
        } else {
            vec![]
        },
        evidence: Evidence {
            signals: 120,
            apps: if verify {
                apps(&[("vscode", 0.5), ("firefox", 0.5)])
            } else {
                apps(&[("vscode", 0.9), ("firefox", 0.1)])
            },
            titles: vec!["main.rs — tempo".into()],
            commands: vec!["cargo test".into()],
            repositories: vec!["tempo".into()],
        },
        created_at: at("20T17:00"),
        decided_at: None,
        entry_id: None,
        edited: false,
    }
}

/// Friday's suggestions beside its one entry (09:00–11:00 Berlin): two confident pending
/// (11:00 web, 16:00 book), one needing verification (12:30), one approved, one rejected.
pub(crate) fn fixture_suggestions() -> Vec<Stored> {
    let mut web = suggestion(1, ("20T10:00", "20T11:30"), Some("web"), 0.86);
    web.classification.client = Some("acme".into());
    let unsure = suggestion(2, ("20T11:30", "20T12:15"), None, 0.35);
    let mut approved = suggestion(3, ("20T13:00", "20T14:00"), Some("admin"), 0.7);
    approved.status = Status::Approved;
    approved.entry_id = Some(10);
    let mut rejected = suggestion(4, ("20T14:30", "20T15:00"), None, 0.4);
    rejected.status = Status::Rejected;
    let book = suggestion(5, ("20T15:00", "20T16:00"), Some("book"), 0.75);
    vec![web, unsure, approved, rejected, book]
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

fn answer(s: &mut State) {
    while let Some((from, to)) = s.time.requested {
        update(s, fixture_time(from, to));
    }
}

/// The Time pane on Friday 20 November, its suggestions loaded.
pub(crate) fn friday(size: (u16, u16)) -> State {
    let mut s = time_state(size);
    for _ in 0..2 {
        update(&mut s, ch('h'));
        answer(&mut s);
    }
    s
}

fn sent(effects: &[Effect]) -> Option<&ReviewOp> {
    effects.iter().find_map(|e| match e {
        Effect::Run(Op::Review(op)) => Some(op),
        _ => None,
    })
}

fn id(n: u8) -> Uuid {
    Uuid::from_bytes([n; 16])
}

#[test]
fn r_moves_the_selection_between_entries_and_suggestions() {
    let mut s = friday((80, 24));
    assert!(!s.time.review);
    assert_eq!(s.time.day_suggestions(day(22)).len(), 5);
    assert_eq!(s.time.selected_entry(day(22)).map(|e| e.id), Some(6));
    update(&mut s, ch('R'));
    assert!(s.time.review);
    assert_eq!(
        s.time.selected_suggestion(day(22)).map(|g| g.uuid),
        Some(id(1))
    );
    // While reviewing, entry keys find no entry, and j/k walk the suggestions.
    assert_eq!(s.time.selected_entry(day(22)), None);
    update(&mut s, ch('j'));
    update(&mut s, ch('j'));
    assert_eq!(
        s.time.selected_suggestion(day(22)).map(|g| g.uuid),
        Some(id(3))
    );
    let effects = update(&mut s, ch('d'));
    assert!(effects.is_empty());
    assert!(s.toasts.iter().any(|t| t.text.contains("R goes back")));
    update(&mut s, ch('R'));
    assert!(!s.time.review);
    assert_eq!(s.time.selected_entry(day(22)).map(|e| e.id), Some(6));
}

#[test]
fn a_day_without_suggestions_or_another_period_has_nothing_to_review() {
    let mut s = time_state((80, 24));
    update(&mut s, ch('R'));
    assert!(!s.time.review);
    assert!(
        s.toasts
            .iter()
            .any(|t| t.text.contains("No captured suggestion"))
    );
    let mut s = friday((80, 24));
    update(&mut s, ch('v'));
    answer(&mut s);
    update(&mut s, ch('R'));
    assert!(!s.time.review);
    let effects = update(&mut s, ch('Y'));
    assert!(effects.is_empty());
    assert!(matches!(s.mode, Mode::Normal));
}

#[test]
fn approve_and_reject_send_the_selected_suggestion() {
    let mut s = friday((80, 24));
    // Not reviewing: the keys say how to start, and send nothing.
    let effects = update(&mut s, ch('y'));
    assert_eq!(sent(&effects), None);
    assert!(s.toasts.iter().any(|t| t.text.contains("R selects")));
    update(&mut s, ch('R'));
    let effects = update(&mut s, ch('y'));
    assert_eq!(
        sent(&effects),
        Some(&ReviewOp::Approve {
            id: id(1),
            correction: Correction::default()
        })
    );
    update(&mut s, ch('j'));
    let effects = update(&mut s, ch('n'));
    assert_eq!(sent(&effects), Some(&ReviewOp::Reject { id: id(2) }));
    // A decided one is not decided again.
    update(&mut s, ch('j'));
    let effects = update(&mut s, ch('n'));
    assert_eq!(sent(&effects), None);
    assert!(s.toasts.iter().any(|t| t.text.contains("already approved")));
}

#[test]
fn a_correction_is_read_at_its_prompt_then_approves() {
    let mut s = friday((80, 24));
    update(&mut s, ch('R'));
    update(&mut s, ch('j'));
    update(&mut s, ch('m'));
    assert!(
        matches!(&s.mode, Mode::Prompt(p) if p.kind == PromptKind::ReviewCorrect { id: id(2) })
    );
    for c in "project:web start:9".chars() {
        update(&mut s, ch(c));
    }
    let effects = update(&mut s, key(KeyCode::Enter));
    assert_eq!(sent(&effects), None);
    let Mode::Prompt(p) = &s.mode else {
        panic!("the prompt stays open");
    };
    assert!(
        p.error
            .as_deref()
            .is_some_and(|e| e.contains("`start:9` is not a correction")),
        "{:?}",
        p.error
    );
    for _ in 0.." start:9".len() {
        update(&mut s, key(KeyCode::Backspace));
    }
    for c in " client:acme \"note:Planning day\"".chars() {
        update(&mut s, ch(c));
    }
    let effects = update(&mut s, key(KeyCode::Enter));
    let Some(ReviewOp::Approve {
        id: got,
        correction,
    }) = sent(&effects)
    else {
        panic!("an approval: {effects:?}");
    };
    assert_eq!(*got, id(2));
    assert_eq!(correction.project.as_deref(), Some("web"));
    assert_eq!(correction.client.as_deref(), Some("acme"));
    assert_eq!(correction.note.as_deref(), Some("Planning day"));
}

#[test]
fn split_asks_for_a_time_on_the_suggestions_day() {
    let mut s = friday((80, 24));
    update(&mut s, ch('R'));
    update(&mut s, ch('/'));
    assert!(
        matches!(&s.mode, Mode::Prompt(p) if p.kind == PromptKind::ReviewSplit { id: id(1), day: day(20) })
    );
    for c in "noonish".chars() {
        update(&mut s, ch(c));
    }
    let effects = update(&mut s, key(KeyCode::Enter));
    assert_eq!(sent(&effects), None);
    assert!(matches!(&s.mode, Mode::Prompt(p) if p.error.is_some()));
    for _ in 0.."noonish".len() {
        update(&mut s, key(KeyCode::Backspace));
    }
    for c in "11:45".chars() {
        update(&mut s, ch(c));
    }
    let effects = update(&mut s, key(KeyCode::Enter));
    assert_eq!(
        sent(&effects),
        Some(&ReviewOp::Split {
            id: id(1),
            at: at("20T10:45")
        })
    );
}

#[test]
fn the_days_confident_suggestions_are_approved_after_a_question() {
    let mut s = friday((80, 24));
    let effects = update(&mut s, ch('Y'));
    assert!(effects.is_empty());
    let Mode::Confirm { question, effect } = &s.mode else {
        panic!("a question first");
    };
    assert!(
        question.contains("2 confident suggestions of Fri 20 Nov (2:30)"),
        "{question}"
    );
    assert_eq!(
        effect,
        &Effect::Run(Op::Review(ReviewOp::ApproveConfident { day: day(20) }))
    );
    let effects = update(&mut s, ch('y'));
    assert_eq!(
        sent(&effects),
        Some(&ReviewOp::ApproveConfident { day: day(20) })
    );
}

#[test]
fn after_a_decision_the_selection_moves_on_to_the_next_pending_one() {
    let mut s = friday((80, 24));
    update(&mut s, ch('R'));
    let Some(Msg::Time(mut data)) = Some(fixture_time(day(20), day(20))) else {
        panic!("time data");
    };
    data.suggestions[0].status = Status::Approved;
    update(&mut s, Msg::Time(data.clone()));
    assert_eq!(
        s.time.selected_suggestion(day(22)).map(|g| g.uuid),
        Some(id(2))
    );
    // Undone: the same suggestion pending again keeps the selection where it is.
    data.suggestions[0].status = Status::Pending;
    update(&mut s, Msg::Time(data));
    assert_eq!(
        s.time.selected_suggestion(day(22)).map(|g| g.uuid),
        Some(id(2))
    );
}
