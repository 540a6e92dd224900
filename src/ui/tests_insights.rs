//! The insights view of the focus pane at 80×24 and 160×48: a hand-made history with a clear
//! best hour, a recommended length, interruptions, energy check-ins and a goal streak.

use chrono::{NaiveDate, NaiveDateTime};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::render;
use super::theme::Theme;
use crate::app::tests::state_with;
use crate::app::{Pane, State, update};
use crate::msg::{Effect, FocusOp, Msg};
use crate::planner::insights::{Input, Options, SessionFact, compute};

fn draw(state: &State) -> String {
    let (w, h) = state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal
        .draw(|f| render(f, state, &Theme::plain()))
        .expect("draw");
    terminal.backend().to_string()
}

fn press(state: &mut State, c: char) -> Vec<Effect> {
    update(
        state,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    )
}

fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day)
        .and_then(|d| d.and_hms_opt(hour, minute, 0))
        .expect("valid")
}

/// Mornings at 09:00 complete at energy 4; afternoons at 15:00 mostly do not, at energy 2,
/// and are interrupted.
fn history() -> Input {
    let mut sessions = Vec::new();
    for day in 9..=21 {
        sessions.push(SessionFact {
            start: at(day, 9, 0),
            planned_minutes: 25,
            focus_minutes: 25.0,
            completed: true,
            score: 10.0,
            interruptions: Vec::new(),
            energy_start: Some(4),
            energy_end: Some(4),
        });
        let completed = day % 4 == 0;
        sessions.push(SessionFact {
            start: at(day, 15, 0),
            planned_minutes: 50,
            focus_minutes: if completed { 50.0 } else { 20.0 },
            completed,
            score: if completed { 9.0 } else { 3.0 },
            interruptions: vec![(at(day, 15, 10), day % 2 == 0)],
            energy_start: Some(2),
            energy_end: Some(1),
        });
    }
    Input {
        sessions,
        ..Input::default()
    }
}

fn with_insights(size: (u16, u16)) -> State {
    let mut s = state_with(size);
    s.pane = Pane::Focus;
    let effects = press(&mut s, 'p');
    assert_eq!(effects, vec![Effect::Focus(FocusOp::Insights)]);
    assert!(s.focus.show_insights);
    let opts = Options {
        today: NaiveDate::from_ymd_opt(2026, 11, 22).expect("valid"),
        days: 28,
        min_sessions: 5,
        daily_goal_minutes: 45,
    };
    update(&mut s, Msg::Insights(Box::new(compute(&history(), &opts))));
    s
}

#[test]
fn the_insights_view() {
    for (w, h) in [(80, 24), (160, 48)] {
        let s = with_insights((w, h));
        let screen = draw(&s);
        assert!(screen.contains("Your best focus hour:"), "{screen}");
        assert!(screen.contains("← recommended"), "{screen}");
        insta::assert_snapshot!(format!("focus_insights_{w}x{h}"), screen);
    }
}

#[test]
fn the_key_toggles_between_the_timer_statistics_and_insights() {
    let mut s = with_insights((80, 24));
    press(&mut s, 'v');
    assert!(s.focus.show_stats && !s.focus.show_insights);
    press(&mut s, 'p');
    assert!(s.focus.show_insights && !s.focus.show_stats);
    assert!(press(&mut s, 'p').is_empty());
    assert!(!s.focus.show_insights);
    assert!(!draw(&s).contains("Insights ·"));
}
