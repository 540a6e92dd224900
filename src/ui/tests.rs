//! Whole-screen snapshots with a fixed clock, zone and fixture data.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::render;
use super::theme::Theme;
use crate::app::tests::{calendar_state, now, state_with};
use crate::app::{State, update};
use crate::msg::Msg;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn draw(state: &State) -> String {
    let (w, h) = state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal
        .draw(|f| render(f, state, &Theme::plain()))
        .expect("draw");
    terminal.backend().to_string()
}

fn press(state: &mut State, c: char) {
    update(
        state,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    );
}

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

#[test]
fn task_pane() {
    for (w, h) in SIZES {
        let mut s = state_with((w, h));
        press(&mut s, 'j');
        insta::assert_snapshot!(format!("tasks_{w}x{h}"), draw(&s));
    }
}

#[test]
fn a_cut_title_ends_in_an_ellipsis() {
    let s = state_with((60, 12));
    let screen = draw(&s);
    let row = screen
        .lines()
        .find(|l| l.contains("Call Ann"))
        .expect("task 2 on screen");
    assert!(row.contains("Call Ann about th…"), "{screen}");
    assert!(!row.contains("contract"), "{screen}");
}

#[test]
fn task_pane_grouped_by_project() {
    let mut s = state_with((80, 24));
    press(&mut s, 'P');
    insta::assert_snapshot!(draw(&s));
}

#[test]
fn detail_view() {
    for (w, h) in SIZES {
        let mut s = state_with((w, h));
        update(
            &mut s,
            Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        );
        let uuid = s.tasks.detail.as_ref().expect("open").uuid;
        update(
            &mut s,
            Msg::History(
                uuid,
                vec![
                    (now(), "add \"Write report\"".into()),
                    (now(), "modify 4".into()),
                ],
                Some("Work (CalDAV account home)".into()),
            ),
        );
        insta::assert_snapshot!(format!("detail_{w}x{h}"), draw(&s));
    }
}

#[test]
fn detail_view_with_a_learned_estimate() {
    use crate::planner::estimate::{Estimate, Factor};
    for (w, h) in SIZES {
        let mut s = state_with((w, h));
        update(
            &mut s,
            Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        );
        let uuid = s.tasks.detail.as_ref().expect("open").uuid;
        let estimate = Estimate {
            minutes: 70.0,
            p10: 40.0,
            p80: 110.0,
            p90: 150.0,
            confidence: 0.4,
            confidence_label: "medium",
            history: 64,
            learned_weight: 0.8,
            rules_minutes: 45.0,
            model_minutes: Some(76.0),
            typical_minutes: Some(50.0),
            factors: vec![
                Factor::new("project api", 1.6),
                Factor::new("your estimates on +bug", 2.1),
            ],
        };
        update(&mut s, Msg::Estimate(uuid, Box::new(estimate)));
        insta::assert_snapshot!(format!("detail_estimate_{w}x{h}"), draw(&s));
    }
}

#[test]
fn help_overlay() {
    for (w, h) in SIZES {
        let mut s = state_with((w, h));
        press(&mut s, '?');
        insta::assert_snapshot!(format!("help_{w}x{h}"), draw(&s));
    }
}

#[test]
fn filter_prompt_with_an_error() {
    let mut s = state_with((80, 24));
    press(&mut s, '/');
    for c in "+next prio:H".chars() {
        press(&mut s, c);
    }
    insta::assert_snapshot!(draw(&s));
}

#[test]
fn the_prompt_cursor_sits_after_wide_characters() {
    let mut s = state_with((80, 24));
    press(&mut s, '/');
    for c in "日本🎉".chars() {
        press(&mut s, c);
    }
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    terminal
        .draw(|f| render(f, &s, &Theme::plain()))
        .expect("draw");
    let screen = terminal.backend().to_string();
    let prompt = "filter / 日本🎉";
    assert!(screen.contains(prompt), "{screen}");
    let typed_end = crate::text::width(prompt);
    let cursor = terminal.get_cursor_position().expect("cursor");
    assert_eq!(usize::from(cursor.x), typed_end, "{screen}");
}

#[test]
fn edit_form() {
    let mut s = state_with((80, 24));
    press(&mut s, 'j');
    press(&mut s, 'e');
    insta::assert_snapshot!(draw(&s));
}

#[test]
fn empty_database_explains_how_to_start() {
    let mut s = state_with((80, 24));
    update(&mut s, Msg::Tasks(vec![]));
    insta::assert_snapshot!(draw(&s));
}

#[test]
fn too_small_says_so() {
    let s = state_with((40, 8));
    insta::assert_snapshot!(draw(&s));
}

mod focus_pane {
    use std::collections::HashMap;

    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::app::Pane;
    use crate::model::focus::{FocusSession, FocusState, Kind, Mode};
    use crate::model::focus_stats::compute;

    fn session(kind: Kind, minutes_ago: i64) -> FocusSession {
        let mut s = FocusSession::start(
            "Write report".into(),
            None,
            kind,
            Mode::Countdown,
            25,
            now() - Duration::minutes(minutes_ago),
        )
        .expect("valid");
        s.interrupt(now() - Duration::minutes(2), true, "phone")
            .expect("log");
        s
    }

    fn with(size: (u16, u16), active: Option<FocusSession>, next: Kind) -> State {
        let mut s = state_with(size);
        s.pane = Pane::Focus;
        let task = active
            .as_ref()
            .filter(|a| a.kind == Kind::Focus)
            .map(|_| (4, "Write report".to_string(), Some("work".to_string())));
        update(
            &mut s,
            Msg::Focus(Box::new(FocusState {
                active,
                next,
                done_in_cycle: 2,
                ended: Vec::new(),
                task,
                acted: None,
            })),
        );
        s
    }

    #[test]
    fn running() {
        for (w, h) in SIZES {
            let s = with((w, h), Some(session(Kind::Focus, 7)), Kind::Focus);
            insta::assert_snapshot!(format!("focus_running_{w}x{h}"), draw(&s));
        }
    }

    #[test]
    fn paused() {
        for (w, h) in SIZES {
            let mut a = session(Kind::Focus, 12);
            a.pause(now() - Duration::minutes(3)).expect("pause");
            let s = with((w, h), Some(a), Kind::Focus);
            insta::assert_snapshot!(format!("focus_paused_{w}x{h}"), draw(&s));
        }
    }

    #[test]
    fn break_running_and_idle() {
        for (w, h) in SIZES {
            let mut b = FocusSession::start(
                "Short break".into(),
                None,
                Kind::ShortBreak,
                Mode::Countdown,
                5,
                now() - Duration::seconds(90),
            )
            .expect("valid");
            b.notes.clear();
            let s = with((w, h), Some(b), Kind::Focus);
            insta::assert_snapshot!(format!("focus_break_{w}x{h}"), draw(&s));
        }
        let s = with((80, 24), None, Kind::LongBreak);
        insta::assert_snapshot!("focus_idle_long_break_due", draw(&s));
    }

    #[test]
    fn stats_view() {
        for (w, h) in SIZES {
            let mut s = with((w, h), None, Kind::Focus);
            s.focus.show_stats = true;
            let mut sessions = Vec::new();
            for (day, minutes) in [(0, 50), (1, 25), (3, 75), (5, 100)] {
                let mut f = FocusSession::start(
                    "x".into(),
                    None,
                    Kind::Focus,
                    Mode::Countdown,
                    minutes,
                    now() - Duration::days(day) - Duration::hours(3),
                )
                .expect("valid");
                assert!(f.settle(now()));
                sessions.push(f);
            }
            let local = chrono_tz::Europe::Berlin.from_utc_datetime(&now().naive_utc());
            let stats = compute(&sessions, &HashMap::new(), &local, 7);
            update(&mut s, Msg::FocusStats(Box::new(stats)));
            insta::assert_snapshot!(format!("focus_stats_{w}x{h}"), draw(&s));
        }
    }
}

#[test]
fn calendar_views() {
    use crate::app::calendar::View;
    for (w, h) in SIZES {
        for view in View::ALL {
            let mut s = calendar_state((w, h));
            s.calendar.view = view;
            // Select the second item of Monday (the overlapping lunch).
            if view != View::Month {
                press(&mut s, 'j');
            }
            let name = format!("calendar_{}_{w}x{h}", view.name().to_lowercase());
            insta::assert_snapshot!(name, draw(&s));
        }
    }
}

#[test]
fn calendar_asks_which_occurrences() {
    let mut s = calendar_state((80, 24));
    press(&mut s, 'd');
    insta::assert_snapshot!(draw(&s));
}

#[test]
fn reminder_history() {
    let mut s = state_with((80, 24));
    let at = now();
    update(
        &mut s,
        Msg::ReminderHistory(vec![
            crate::msg::ReminderNote {
                at,
                summary: "Focus session done".into(),
                body: "Write report · 25 min · time for a break".into(),
                how: crate::model::reminder::Outcome::Desktop,
                focus: true,
            },
            crate::msg::ReminderNote {
                at: at - chrono::Duration::hours(2),
                summary: "Standup".into(),
                body: "in 10 min · 09:30–09:45".into(),
                how: crate::model::reminder::Outcome::Missed,
                focus: false,
            },
        ]),
    );
    insta::assert_snapshot!(draw(&s));
}

#[test]
fn detail_view_lists_custom_fields() {
    let mut tasks = crate::app::tests::fixture_tasks();
    for l in &mut tasks {
        l.task.fields.insert("client".into(), "acme\ncorp".into());
    }
    let mut s = State::new(
        crate::app::tests::settings(),
        &crate::msg::UiState::default(),
        now(),
        chrono_tz::Europe::Berlin,
        (80, 24),
    );
    update(&mut s, Msg::Tasks(tasks));
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let screen = draw(&s);
    assert!(screen.contains("acme↵corp"), "{screen}");
}
