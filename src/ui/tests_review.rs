//! Reviewing in the Time pane at 80×24 and 120×40 (fixed clock, Berlin): Friday's
//! suggestions in their lane beside the tracked entry, their list, and while reviewing the
//! selected one's reasons and evidence; the correction prompt.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::render;
use super::theme::Theme;
use crate::app::tests_review::friday;
use crate::app::{State, update};
use crate::msg::Msg;

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
    state.toasts.clear();
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

#[test]
fn suggestions_beside_the_tracked_time() {
    for (w, h) in SIZES {
        let s = friday((w, h));
        let screen = draw(&s);
        assert!(screen.contains("3 pending · R review"), "{screen}");
        insta::assert_snapshot!(format!("review_day_{w}x{h}"), screen);
    }
}

#[test]
fn reviewing_shows_the_selected_suggestions_reasons_and_evidence() {
    for (w, h) in SIZES {
        let mut s = friday((w, h));
        press(&mut s, 'R');
        press(&mut s, 'j');
        let screen = draw(&s);
        assert!(screen.contains("⚠ needs verification"), "{screen}");
        assert!(screen.contains("120 signals: vscode 50%"), "{screen}");
        insta::assert_snapshot!(format!("review_selected_{w}x{h}"), screen);
    }
}

#[test]
fn the_correction_prompt_names_the_suggestion() {
    let mut s = friday((80, 24));
    press(&mut s, 'R');
    press(&mut s, 'm');
    let screen = draw(&s);
    assert!(screen.contains("correct suggestion 01010101"), "{screen}");
    assert!(screen.contains("Enter: approve"), "{screen}");
}
