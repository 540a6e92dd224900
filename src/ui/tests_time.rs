//! The Time pane at 80×24 and 160×48 with the fixture week (fixed clock, Berlin): the day
//! with its running entry, the week's stacked bars, the report; and the running tracker in
//! another pane's status bar.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::render;
use super::theme::Theme;
use crate::app::tests_time::{fixture_time, time_state};
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
    while let Some((from, to)) = state.time.requested {
        update(state, fixture_time(from, to));
    }
    // The view's name is a toast; the snapshots show the key hints.
    state.toasts.clear();
}

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

#[test]
fn time_day_with_a_running_entry() {
    for (w, h) in SIZES {
        let mut s = time_state((w, h));
        press(&mut s, 'j');
        insta::assert_snapshot!(format!("time_day_{w}x{h}"), draw(&s));
    }
}

#[test]
fn time_week() {
    for (w, h) in SIZES {
        let mut s = time_state((w, h));
        press(&mut s, 'v');
        insta::assert_snapshot!(format!("time_week_{w}x{h}"), draw(&s));
    }
}

#[test]
fn time_month_and_report() {
    let mut s = time_state((80, 24));
    press(&mut s, 'v');
    press(&mut s, 'v');
    insta::assert_snapshot!("time_month_80x24", draw(&s));
    press(&mut s, 'r');
    insta::assert_snapshot!("time_report_80x24", draw(&s));
}

#[test]
fn the_running_entry_grows_with_the_clock() {
    let mut s = time_state((80, 24));
    let before = draw(&s);
    assert!(before.contains("⏱ 0:40 web"), "{before}");
    let later = s.now + chrono::Duration::minutes(61);
    update(&mut s, Msg::Clock(later));
    let after = draw(&s);
    assert!(after.contains("⏱ 1:41 web"), "{after}");
    let row = after
        .lines()
        .find(|l| l.contains("09:50–now"))
        .expect("the running entry is listed");
    assert!(row.contains("1:41"), "{after}");
}

#[test]
fn the_running_tracker_shows_in_every_pane() {
    let mut s = time_state((80, 24));
    for pane in ['1', '2', '3'] {
        press(&mut s, pane);
        let screen = draw(&s);
        let status = screen.lines().last().unwrap_or_default();
        assert!(status.contains("⏱ 0:40 web"), "pane {pane}:\n{screen}");
    }
}

#[test]
fn a_backfill_that_does_not_parse_shows_why_at_its_prompt() {
    let mut s = time_state((80, 24));
    press(&mut s, 'a');
    for c in "soon".chars() {
        press(&mut s, c);
    }
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let screen = draw(&s);
    assert!(screen.contains("backfill soon"), "{screen}");
    assert!(
        screen.contains("cannot read a time span in `soon`"),
        "{screen}"
    );
}
