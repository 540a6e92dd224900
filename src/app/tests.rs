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
            target: crate::model::selector::Selector::id(3),
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

mod focus_keys;

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

mod calendar_keys;

pub(crate) mod plan_keys;

mod reminders;
