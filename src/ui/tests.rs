//! Whole-screen snapshots with a fixed clock, zone and fixture data.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::render;
use super::theme::Theme;
use crate::app::tests::{now, state_with};
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
            ),
        );
        insta::assert_snapshot!(format!("detail_{w}x{h}"), draw(&s));
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
