//! `update` without a terminal or a database: keys in, state and effects out.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Europe::Berlin;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::*;
use crate::model::urgency::Links;
use crate::model::{ListedTask, Task};

pub(crate) fn now() -> DateTime<Utc> {
    "2026-11-22T09:30:00Z".parse().expect("valid")
}

/// Attribute words as the app reads them at its prompts (`now` in Berlin).
pub(crate) fn mods(words: &[&str], for_add: bool) -> crate::model::mods::Mods {
    let words: Vec<String> = words.iter().map(|w| (*w).to_string()).collect();
    crate::model::mods::parse_mods(&words, &now().with_timezone(&Berlin), for_add)
        .expect("valid words")
}

pub(crate) fn fixture_tasks() -> Vec<ListedTask> {
    let mk = |id: i64, title: &str, f: &dyn Fn(&mut Task)| {
        let mut t = Task::new(title, now() - Duration::days(id));
        t.id = id;
        t.uuid = uuid::Uuid::from_u128(0x7e3a_0000_0000_4000_8000_0000_0000_0000 + id as u128);
        f(&mut t);
        ListedTask {
            task: t,
            links: Links::default(),
        }
    };
    vec![
        mk(1, "Buy milk", &|t| {
            t.add_tag("errand");
            t.due = Some(now() + Duration::hours(30));
        }),
        mk(2, "Call Ann about the contract", &|t| {
            t.project = Some("work.client-a".into());
            t.priority = Some(Priority::H);
            t.add_tag("phone");
            t.due = Some(now() + Duration::days(5));
        }),
        mk(3, "Late thing", &|t| {
            t.due = Some(now() - Duration::hours(4))
        }),
        mk(4, "Write report", &|t| {
            t.project = Some("work".into());
            t.add_tag("next");
            t.notes = "Numbers from Q3.\nAsk Bob for the chart.".into();
        }),
        mk(5, "Old chore", &|t| t.complete(now())),
    ]
}

pub(crate) fn settings() -> Settings {
    let keymap = Keymap::new(&BTreeMap::new()).expect("default keymap");
    Settings::from_config(&crate::config::Config::default(), keymap)
}

pub(crate) fn state_with(size: (u16, u16)) -> State {
    let mut s = State::new(settings(), &UiState::default(), now(), Berlin, size);
    update(&mut s, Msg::Tasks(fixture_tasks()));
    s
}

fn state() -> State {
    state_with((80, 24))
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

fn selected_id(s: &State) -> i64 {
    s.tasks.selected_item().expect("a selection").listed.task.id
}

fn visible_ids(s: &State) -> Vec<i64> {
    s.tasks
        .rows
        .iter()
        .filter_map(|r| match r {
            tasks::RowRef::Task(i) => Some(s.tasks.item(*i).listed.task.id),
            tasks::RowRef::Heading(_) => None,
        })
        .collect()
}

#[test]
fn loads_open_tasks_by_urgency() {
    let s = state();
    assert_eq!(visible_ids(&s), vec![4, 2, 1, 3]);
    assert_eq!(selected_id(&s), 4);
}

#[test]
fn navigation_keys() {
    // (keys, selected id afterwards)
    let cases: &[(&[Msg], i64)] = &[
        (&[ch('j')], 2),
        (&[key(KeyCode::Down), key(KeyCode::Down)], 1),
        (&[ch('j'), ch('k')], 4),
        (&[ch('G')], 3),
        (&[key(KeyCode::End), ch('g')], 4),
        (&[ch('j'), ch('j'), ch('j'), ch('j'), ch('j')], 3),
        (&[ch('k')], 4),
        (&[key(KeyCode::PageDown)], 3),
    ];
    for (keys, want) in cases {
        let mut s = state();
        for k in *keys {
            assert!(
                update(&mut s, k.clone()).is_empty(),
                "navigation has no effects"
            );
        }
        assert_eq!(selected_id(&s), *want, "{keys:?}");
    }
}

#[test]
fn task_actions_become_effects() {
    let cases: &[(char, Effect)] = &[
        ('d', Effect::Run(Op::Done(2))),
        ('s', Effect::Run(Op::StartStop { id: 2, start: true })),
        ('u', Effect::Run(Op::Undo)),
        (
            'p',
            Effect::Run(Op::Modify {
                id: 2,
                edit: Box::new(mods(&["pri:M"], false)),
            }),
        ),
    ];
    for (c, want) in cases {
        let mut s = state();
        update(&mut s, ch('j'));
        assert_eq!(update(&mut s, ch(*c)), vec![want.clone()], "key {c}");
        assert_eq!(s.mode, Mode::Normal);
    }
    let mut s = state();
    update(&mut s, ch('j'));
    let effects = update(&mut s, ch('E'));
    assert!(matches!(&effects[..], [Effect::EditNotes { notes, .. }] if notes.is_empty()));
}

#[test]
fn delete_asks_first() {
    let mut s = state();
    update(&mut s, ch('j'));
    assert!(update(&mut s, ch('x')).is_empty());
    assert!(
        matches!(&s.mode, Mode::Confirm { question, .. } if question.contains("Delete task 2"))
    );
    assert!(update(&mut s, ch('n')).is_empty());
    assert_eq!(s.mode, Mode::Normal);
    update(&mut s, ch('x'));
    assert_eq!(update(&mut s, ch('y')), vec![Effect::Run(Op::Delete(2))]);
}

#[test]
fn add_prompt_sends_the_text() {
    let mut s = state();
    update(&mut s, ch('a'));
    assert!(matches!(&s.mode, Mode::Prompt(p) if p.kind == PromptKind::Add));
    typed(&mut s, "Pay rent due:fri +home");
    assert_eq!(
        update(&mut s, key(KeyCode::Enter)),
        vec![Effect::Run(Op::Add(Box::new(mods(
            &["Pay", "rent", "due:fri", "+home"],
            true
        ))))]
    );
    assert_eq!(s.mode, Mode::Normal);
    // Esc cancels without effects.
    update(&mut s, ch('a'));
    typed(&mut s, "nope");
    assert!(update(&mut s, key(KeyCode::Esc)).is_empty());
    assert_eq!(s.mode, Mode::Normal);
}

#[test]
fn filter_as_you_type_keeps_text_on_error() {
    let mut s = state();
    update(&mut s, ch('/'));
    typed(&mut s, "project:work");
    assert_eq!(visible_ids(&s), vec![4, 2]);
    typed(&mut s, " prio");
    let last_good = visible_ids(&s);
    typed(&mut s, ":H");
    // The bad attribute is reported under the input; the last good result stays.
    let Mode::Prompt(p) = &s.mode else {
        panic!("prompt open")
    };
    assert_eq!(p.input.text(), "project:work prio:H");
    assert!(
        p.error
            .as_deref()
            .is_some_and(|e| e.contains("unknown filter attribute `prio`")),
        "{:?}",
        p.error
    );
    assert_eq!(visible_ids(&s), last_good);
    // Enter refuses to keep a broken filter.
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    assert!(matches!(s.mode, Mode::Prompt(_)));
    for _ in 0..7 {
        update(&mut s, key(KeyCode::Backspace));
    }
    typed(&mut s, " +next");
    assert_eq!(visible_ids(&s), vec![4]);
    let effects = update(&mut s, key(KeyCode::Enter));
    assert!(matches!(&effects[..], [Effect::SaveUiState(u)] if u.filter == "project:work +next"));
    // Esc in the list clears it.
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(visible_ids(&s), vec![4, 2, 1, 3]);
}

#[test]
fn filter_prompt_esc_restores_the_previous_filter() {
    let mut s = state();
    update(&mut s, ch('/'));
    typed(&mut s, "+errand");
    update(&mut s, key(KeyCode::Enter));
    update(&mut s, ch('/'));
    typed(&mut s, " or overdue");
    assert_eq!(visible_ids(&s), vec![1, 3]);
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.tasks.filter_text, "+errand");
    assert_eq!(visible_ids(&s), vec![1]);
}

#[test]
fn fuzzy_mode_matches_plain_words() {
    let mut s = state();
    update(&mut s, ch('/'));
    update(&mut s, key(KeyCode::Tab));
    assert!(s.tasks.fuzzy);
    typed(&mut s, "cll ann");
    assert_eq!(visible_ids(&s), vec![2]);
    typed(&mut s, "zzz");
    assert!(visible_ids(&s).is_empty());
}

#[test]
fn presets_apply_a_saved_filter() {
    let mut s = state();
    update(&mut s, ch('v'));
    assert_eq!(s.mode, Mode::Presets { selected: 0 });
    let effects = update(&mut s, ch('2')); // Overdue
    assert!(matches!(&effects[..], [Effect::SaveUiState(u)] if u.filter == "overdue"));
    assert_eq!(visible_ids(&s), vec![3]);
    update(&mut s, ch('v'));
    update(&mut s, ch('j'));
    update(&mut s, ch('j'));
    update(&mut s, key(KeyCode::Enter)); // Next
    assert_eq!(visible_ids(&s), vec![4]);
}

#[test]
fn sort_and_grouping_are_saved() {
    let mut s = state();
    let effects = update(&mut s, ch('o'));
    assert!(matches!(&effects[..], [Effect::SaveUiState(u)] if u.sort == tasks::SortMode::Due));
    assert_eq!(visible_ids(&s), vec![3, 1, 2, 4]);
    let effects = update(&mut s, ch('P'));
    assert!(matches!(&effects[..], [Effect::SaveUiState(u)] if u.group));
    assert!(matches!(s.tasks.rows[0], tasks::RowRef::Heading(_)));
    assert_eq!(visible_ids(&s), vec![4, 2, 3, 1]);
    // The selection never rests on a heading.
    update(&mut s, ch('g'));
    assert!(s.tasks.selected_item().is_some());
}

#[test]
fn detail_view_opens_loads_history_and_closes() {
    let mut s = state();
    let effects = update(&mut s, key(KeyCode::Enter));
    let uuid = s.tasks.detail.as_ref().expect("open").uuid;
    assert_eq!(effects, vec![Effect::LoadHistory(uuid)]);
    update(
        &mut s,
        Msg::History(uuid, vec![(now(), "add \"Write report\"".into())], None),
    );
    assert!(s.tasks.detail.as_ref().is_some_and(|d| d.history.is_some()));
    update(&mut s, ch('j'));
    assert_eq!(s.tasks.detail.as_ref().map(|d| d.scroll), Some(1));
    // Task keys act on the task shown.
    assert_eq!(update(&mut s, ch('d')), vec![Effect::Run(Op::Done(4))]);
    update(&mut s, key(KeyCode::Esc));
    assert!(s.tasks.detail.is_none());
}

#[test]
fn edit_form_validates_before_saving() {
    let mut s = state();
    update(&mut s, ch('j'));
    update(&mut s, ch('e'));
    assert!(matches!(s.mode, Mode::Form(_)));
    for _ in 0..4 {
        update(&mut s, key(KeyCode::Tab));
    }
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typed(&mut s, "someday");
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    assert!(
        matches!(&s.mode, Mode::Form(f) if f.error.as_deref().is_some_and(|e| e.contains("someday")))
    );
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typed(&mut s, "fri 9am");
    let effects = update(&mut s, key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Run(Op::Modify {
            id: 2,
            edit: Box::new(mods(&["due:fri 9am"], false)),
        })]
    );
}

#[test]
fn tags_prompt_turns_edits_into_plus_and_minus() {
    let mut s = state();
    update(&mut s, ch('j'));
    update(&mut s, ch('t'));
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typed(&mut s, "work urgent");
    let effects = update(&mut s, key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Run(Op::Modify {
            id: 2,
            edit: Box::new(mods(&["+work", "+urgent", "-phone"], false)),
        })]
    );
}

#[test]
fn command_line_runs_or_sets_the_filter() {
    let mut s = state();
    update(&mut s, ch(':'));
    typed(&mut s, "modify 3 due:fri");
    assert_eq!(
        update(&mut s, key(KeyCode::Enter)),
        vec![Effect::Run(Op::Task(crate::msg::TaskCommand::Modify {
            target: "3".into(),
            mods: Box::new(mods(&["due:fri"], false)),
            yes: false,
        }))]
    );
    update(&mut s, ch(':'));
    typed(&mut s, "list +errand");
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(visible_ids(&s), vec![1]);
}

#[test]
fn help_quit_zoom_and_suspend() {
    let mut s = state();
    update(&mut s, ch('?'));
    assert_eq!(s.mode, Mode::Help { scroll: 0 });
    update(&mut s, ch('j'));
    assert_eq!(s.mode, Mode::Help { scroll: 1 });
    update(&mut s, ch('?'));
    assert_eq!(s.mode, Mode::Normal);
    update(&mut s, ch('z'));
    assert!(s.zoomed && s.areas().tabs.is_none());
    let ctrl_z = Msg::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
    assert_eq!(update(&mut s, ctrl_z), vec![Effect::Suspend]);
    let effects = update(&mut s, ch('q'));
    assert!(s.quitting);
    assert!(matches!(
        &effects[..],
        [Effect::SaveUiState(_), Effect::Quit]
    ));
    // A signal quits the same way.
    let mut s = state();
    assert!(matches!(
        &update(&mut s, Msg::Quit)[..],
        [Effect::SaveUiState(_), Effect::Quit]
    ));
}

#[test]
fn mouse_selects_and_scrolls() {
    let mut s = state();
    let click = |row| {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 10,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // Row 0 is the tab bar, row 1 the header, tasks start at row 2.
    update(&mut s, click(4));
    assert_eq!(selected_id(&s), 1);
    update(&mut s, click(20)); // below the last task: nothing changes
    assert_eq!(selected_id(&s), 1);
    let wheel = |kind| {
        Msg::Mouse(MouseEvent {
            kind,
            column: 0,
            row: 5,
            modifiers: KeyModifiers::NONE,
        })
    };
    update(&mut s, wheel(MouseEventKind::ScrollUp));
    assert_eq!(selected_id(&s), 4);
    update(&mut s, wheel(MouseEventKind::ScrollDown));
    assert_eq!(selected_id(&s), 3);
}

#[test]
fn reload_keeps_the_selection_and_toasts_expire() {
    let mut s = state();
    update(&mut s, ch('j'));
    update(&mut s, ch('j'));
    assert_eq!(selected_id(&s), 1);
    let mut tasks = fixture_tasks();
    tasks[0].task.priority = Some(Priority::H); // Buy milk moves up
    update(&mut s, Msg::Tasks(tasks));
    assert_eq!(selected_id(&s), 1);
    assert_eq!(visible_ids(&s), vec![4, 1, 2, 3]);
    update(&mut s, Msg::OpResult(Err("boom".into())));
    assert_eq!(s.toasts.len(), 1);
    let deadline = s.next_deadline().expect("toast deadline");
    update(&mut s, Msg::Clock(deadline));
    assert!(s.toasts.is_empty() && s.next_deadline().is_none());
    // Another process's change asks for a reload.
    assert_eq!(update(&mut s, Msg::DataChanged), vec![Effect::Reload]);
}

#[test]
fn paging_keeps_the_selection_on_screen() {
    let mut s = state_with((80, 10));
    let many: Vec<ListedTask> = (1..=100)
        .map(|id| {
            let mut t = Task::new(format!("task {id}"), now());
            t.id = id;
            ListedTask {
                task: t,
                links: Links::default(),
            }
        })
        .collect();
    update(&mut s, Msg::Tasks(many));
    let height = s.areas().list_height();
    for _ in 0..30 {
        update(&mut s, ch('j'));
        assert!(s.tasks.selected >= s.tasks.offset && s.tasks.selected < s.tasks.offset + height);
    }
    update(&mut s, ch('G'));
    assert_eq!(s.tasks.offset, 100 - height);
}

mod focus_keys {
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
}

/// A week of events around the fixture's "now" (Sunday 22 November 2026, Berlin): a repeating
/// standup, an overlapping lunch, a meeting with a place, a two-day conference, a time block
/// for task 1 and task 1's due time, expanded by the real pipeline.
pub(crate) fn fixture_agenda(from: chrono::NaiveDate, to: chrono::NaiveDate) -> Msg {
    use crate::calendar::{AgendaItem, ItemKind, mark_overlaps};
    use crate::model::dates::local_instant;
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n\
        BEGIN:VEVENT\r\nUID:standup\r\nSUMMARY:Standup\r\nLOCATION:Room 4\r\nDTSTART;TZID=Europe/Berlin:20261123T093000\r\nDTEND;TZID=Europe/Berlin:20261123T094500\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:lunch\r\nSUMMARY:Lunch with Ann\r\nDTSTART;TZID=Europe/Berlin:20261123T094000\r\nDTEND;TZID=Europe/Berlin:20261123T103000\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:review\r\nSUMMARY:Quarterly review\r\nLOCATION:Main St\r\nDTSTART;TZID=Europe/Berlin:20261124T140000\r\nDTEND;TZID=Europe/Berlin:20261124T153000\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:conf\r\nSUMMARY:RustConf\r\nDTSTART;VALUE=DATE:20261126\r\nDTEND;VALUE=DATE:20261128\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:block\r\nSUMMARY:Renew passport\r\nDTSTART;TZID=Europe/Berlin:20261125T100000\r\nDTEND;TZID=Europe/Berlin:20261125T113000\r\nEND:VEVENT\r\n\
        END:VCALENDAR\r\n";
    let at = |d: chrono::NaiveDate| local_instant(&Berlin, d.and_time(chrono::NaiveTime::MIN));
    let e = crate::ical::expand(ics, at(from), at(to), Berlin, 1000).expect("fixture");
    let mut items: Vec<AgendaItem> = e
        .occurrences
        .into_iter()
        .map(|o| AgendaItem {
            kind: ItemKind::Event,
            id: match o.uid.as_str() {
                "standup" => 1,
                "lunch" => 2,
                "review" => 3,
                "conf" => 4,
                _ => 5,
            },
            calendar: if o.uid == "conf" { "travel" } else { "work" }.into(),
            colour: String::new(),
            read_only: false,
            reminders: vec![600],
            task: (o.uid == "block").then(|| {
                uuid::Uuid::from_u128(0x7e3a_0000_0000_4000_8000_0000_0000_0000 + 1).to_string()
            }),
            overlaps: 0,
            occurrence: o,
        })
        .collect();
    let due = local_instant(
        &Berlin,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 24)
            .expect("valid")
            .and_hms_opt(17, 0, 0)
            .expect("valid"),
    );
    if at(from) <= due && due < at(to) {
        items.push(AgendaItem {
            kind: ItemKind::Due,
            id: 1,
            calendar: String::new(),
            colour: String::new(),
            read_only: false,
            reminders: vec![],
            task: None,
            overlaps: 0,
            occurrence: crate::model::occurrence::Occurrence {
                uid: "task-1".into(),
                summary: "Renew passport".into(),
                location: None,
                start: due,
                end: due,
                all_day: false,
                recurring: false,
                part: 0,
            },
        });
    }
    items.sort_by_key(|i| i.occurrence.start);
    mark_overlaps(&mut items);
    Msg::Agenda { from, to, items }
}

/// The calendar pane with the fixture agenda loaded, Monday 23 November selected.
pub(crate) fn calendar_state(size: (u16, u16)) -> State {
    let mut s = state_with(size);
    let effects = update(&mut s, key(KeyCode::Char('3')));
    let (from, to) = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadAgenda { from, to } => Some((*from, *to)),
            _ => None,
        })
        .expect("the pane asks for its agenda");
    update(&mut s, fixture_agenda(from, to));
    update(&mut s, key(KeyCode::Char('l')));
    s
}

mod calendar_keys {
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
        let three =
            chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 14, 0, 0).single();
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
}

mod reminders {
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
}
