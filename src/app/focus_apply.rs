//! The focus pane's actions and what a new timer state from the store does to the app.

use super::*;

pub(super) fn on_focus_action(state: &mut State, action: Action) -> Vec<Effect> {
    let cycle = state.settings.cycle;
    let active = state.focus.state.as_ref().and_then(|s| s.active.clone());
    let need_active = |state: &mut State| {
        state.toast(
            "No focus session is running (space starts one)",
            ToastKind::Error,
        );
        vec![]
    };
    match action {
        Action::FocusToggle => return vec![Effect::Focus(state.focus.toggle(&cycle))],
        Action::FocusInterrupt | Action::FocusInterruptExternal => {
            if active.is_none() {
                return need_active(state);
            }
            prompt(
                state,
                PromptKind::Interruption(action == Action::FocusInterruptExternal),
                "",
            );
        }
        Action::FocusComplete if active.is_some() => return vec![Effect::Focus(FocusOp::Stop)],
        Action::FocusComplete => return need_active(state),
        Action::FocusAbandon => match active {
            Some(a) => {
                state.mode = Mode::Confirm {
                    question: format!("Abandon “{}”? Its time will not count. (y/n)", a.title),
                    effect: Effect::Focus(FocusOp::Abandon),
                };
            }
            None => return need_active(state),
        },
        Action::FocusLonger | Action::FocusShorter if active.is_some() => {
            state.toast(
                "The length is set before starting; this session is under way",
                ToastKind::Error,
            );
        }
        Action::FocusLonger => state.focus.adjust(&cycle, 5),
        Action::FocusShorter => state.focus.adjust(&cycle, -5),
        Action::FocusSkipBreak => return vec![Effect::Focus(FocusOp::Skip)],
        Action::FocusInsights => {
            state.focus.show_insights = !state.focus.show_insights;
            if state.focus.show_insights {
                state.focus.show_stats = false;
                return vec![Effect::Focus(FocusOp::Insights)];
            }
        }
        Action::FocusStats => {
            state.focus.show_stats = !state.focus.show_stats;
            if state.focus.show_stats {
                state.focus.show_insights = false;
                return vec![Effect::Focus(FocusOp::Stats {
                    days: focus::STATS_DAYS,
                })];
            }
        }
        _ => {}
    }
    vec![]
}

/// A fresh report from `Io`: phases that just ended are announced with a toast (and the bell).
pub(super) fn on_focus_state(
    state: &mut State,
    report: crate::model::focus::FocusState,
) -> Vec<Effect> {
    let mut effects = Vec::new();
    for ended in report
        .ended
        .iter()
        .filter(|e| e.status == crate::model::focus::FocusStatus::Completed)
    {
        let next = match &report.active {
            Some(a) => format!("{} started", a.kind.label().to_lowercase()),
            None => format!("next: {}", report.next.label().to_lowercase()),
        };
        state.toast(
            format!("{} “{}” done · {next}", ended.kind.label(), ended.title),
            ToastKind::Info,
        );
        if state.settings.bell {
            effects.push(Effect::Bell);
        }
    }
    if let Some(text) = focus::FocusPane::ended_toast(&report) {
        state.toast(text, ToastKind::Info);
    }
    let changed = state.focus.state.as_ref().map(|s| &s.active) != Some(&report.active);
    let ask = state.settings.energy_checkin && state.mode == Mode::Normal;
    if let Some((session, at_start)) = ask
        .then(|| energy_question(state.focus.state.as_ref(), &report))
        .flatten()
    {
        prompt(state, PromptKind::Energy { session, at_start }, "");
    }
    state.focus.state = Some(report);
    if changed && state.focus.show_stats {
        effects.push(Effect::Focus(FocusOp::Stats {
            days: focus::STATS_DAYS,
        }));
    }
    if changed && state.focus.show_insights {
        effects.push(Effect::Focus(FocusOp::Insights));
    }
    effects
}

/// Which session to ask about, if any: a focus session that just ended (completed or
/// interrupted; an abandoned one does not count), else one that just started. Nothing on the
/// first report after the app opens: a session already running then was not started here.
fn energy_question(
    before: Option<&crate::model::focus::FocusState>,
    report: &crate::model::focus::FocusState,
) -> Option<(uuid::Uuid, bool)> {
    use crate::model::focus::{FocusStatus, Kind};
    let before = before?;
    let counts = |s: &&crate::model::focus::FocusSession| {
        s.kind == Kind::Focus
            && s.ended.is_some()
            && matches!(s.status, FocusStatus::Completed | FocusStatus::Interrupted)
    };
    if let Some(s) = report.ended.iter().chain(&report.acted).find(counts) {
        return Some((s.uuid, false));
    }
    let was = before.active.as_ref().map(|a| a.uuid);
    match &report.active {
        Some(a) if a.kind == Kind::Focus && Some(a.uuid) != was => Some((a.uuid, true)),
        _ => None,
    }
}
