//! The planner's proposal in the calendar's day and week views at 80×24 and 160×48: ghost
//! blocks beside the fixture's events, the selected one in the footer.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::render;
use super::theme::Theme;
use crate::app::State;
use crate::app::calendar::View;
use crate::app::tests::plan_keys::planned_state;

fn draw(state: &State) -> String {
    let (w, h) = state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal
        .draw(|f| render(f, state, &Theme::plain()))
        .expect("draw");
    terminal.backend().to_string()
}

#[test]
fn planner_overlay() {
    for (w, h) in [(80, 24), (160, 48)] {
        for view in [View::Day, View::Week] {
            let s = planned_state((w, h), view);
            let screen = draw(&s);
            assert!(screen.contains("Enter accept"), "{screen}");
            let name = format!("planner_{}_{w}x{h}", view.name().to_lowercase());
            insta::assert_snapshot!(name, screen);
        }
    }
}
