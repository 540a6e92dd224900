//! The planner in the calendar pane: `P` asks for a proposal of the shown day or week, shown
//! as ghost blocks beside the events; `x` drops the selected proposed block, `r` plans again,
//! Enter writes what is left as planned time blocks, and Esc (or `P` again) hides it.

use chrono::{Days, NaiveDate};

use super::*;
use crate::planner::schedule::{Plan, PlannedBlock};

/// A plan on screen, not yet written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Proposal {
    /// The local days planned, both included.
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// The proposed blocks still in the proposal, by start.
    pub blocks: Vec<PlannedBlock>,
    /// The selected block (`x` drops it).
    pub selected: usize,
    /// Tasks the plan could not fit, with the reason, for the footer.
    pub unplaced: Vec<String>,
    /// Waiting for the plan to arrive.
    pub loading: bool,
}

impl Proposal {
    pub fn selected_block(&self) -> Option<&PlannedBlock> {
        self.blocks
            .get(self.selected.min(self.blocks.len().saturating_sub(1)))
    }
}

impl CalendarPane {
    /// The proposal while the view shows the days it plans: moving elsewhere (another day,
    /// the month) leaves it unseen, and then Enter, Esc and `j`/`k` are the calendar's again.
    pub fn shown_proposal(&self, today: NaiveDate) -> Option<&Proposal> {
        let p = self.proposal.as_ref()?;
        let c = self.cursor(today);
        let on_screen = matches!(self.view, View::Day | View::Week);
        (on_screen && (p.first..=p.last).contains(&c)).then_some(p)
    }
}

/// The days `P` plans: the shown day, or the shown week.
fn shown_days(state: &State) -> Option<(NaiveDate, NaiveDate)> {
    let cursor = state.calendar.cursor(state.today());
    match state.calendar.view {
        View::Day => Some((cursor, cursor)),
        View::Week => {
            let s = calendar::week_start(cursor);
            Some((s, s + Days::new(6)))
        }
        View::Month | View::Agenda => None,
    }
}

/// Whether a proposal is on screen (Enter, Esc, j/k act on it then).
pub(super) fn showing(state: &State) -> bool {
    state.calendar.shown_proposal(state.today()).is_some()
}

/// Asks for a plan of the shown days.
fn request(state: &mut State) -> Vec<Effect> {
    let Some((first, last)) = shown_days(state) else {
        state.toast(
            "Plan in the day or week view (v changes the view)",
            ToastKind::Error,
        );
        return vec![];
    };
    state.calendar.proposal = Some(Proposal {
        first,
        last,
        loading: true,
        ..Proposal::default()
    });
    vec![Effect::Plan { first, last }]
}

pub(super) fn on_plan_action(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::CalPlan if showing(state) => state.calendar.proposal = None,
        Action::CalPlan | Action::CalPlanReplan => return request(state),
        Action::CalPlanDrop => drop_selected(state),
        _ => {}
    }
    vec![]
}

/// The keys that act on a shown proposal instead of the calendar.
pub(super) fn on_proposal_key(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(p) = &mut state.calendar.proposal else {
        return vec![];
    };
    match action {
        Action::CalDown => p.selected = (p.selected + 1).min(p.blocks.len().saturating_sub(1)),
        Action::CalUp => p.selected = p.selected.saturating_sub(1),
        Action::CalBack => state.calendar.proposal = None,
        Action::CalOpen => return accept(state),
        _ => {}
    }
    vec![]
}

fn drop_selected(state: &mut State) {
    let shown = showing(state);
    let Some(p) = state.calendar.proposal.as_mut().filter(|_| shown) else {
        state.toast("No plan shown (P plans the shown days)", ToastKind::Error);
        return;
    };
    if p.blocks.is_empty() {
        return;
    }
    let i = p.selected.min(p.blocks.len() - 1);
    let gone = p.blocks.remove(i);
    p.selected = i.min(p.blocks.len().saturating_sub(1));
    state.toast(
        format!("Dropped “{}” from the plan", gone.title),
        ToastKind::Info,
    );
}

/// Writes the blocks left in the proposal as planned time blocks.
fn accept(state: &mut State) -> Vec<Effect> {
    let Some(p) = state.calendar.proposal.take() else {
        return vec![];
    };
    if p.loading {
        state.calendar.proposal = Some(p);
        return vec![];
    }
    if p.blocks.is_empty() {
        state.toast("Nothing left to plan", ToastKind::Info);
        return vec![];
    }
    vec![Effect::ApplyPlan {
        first: p.first,
        last: p.last,
        blocks: p.blocks,
    }]
}

/// A plan arrived: it is shown if it is still the one asked for.
pub(super) fn on_plan(
    state: &mut State,
    first: NaiveDate,
    last: NaiveDate,
    plan: Result<Box<Plan>, String>,
) -> Vec<Effect> {
    let Some(p) = &mut state.calendar.proposal else {
        return vec![];
    };
    if (p.first, p.last) != (first, last) {
        return vec![];
    }
    match plan {
        Ok(plan) => {
            p.loading = false;
            p.selected = 0;
            p.unplaced = plan
                .unplaced()
                .map(|o| format!("{}: {}", o.title, o.unplaced.as_deref().unwrap_or("")))
                .collect();
            p.blocks = plan.blocks;
            if p.blocks.is_empty() {
                state.toast("Nothing to plan in these days", ToastKind::Info);
            }
            vec![]
        }
        Err(e) => {
            state.calendar.proposal = None;
            state.toast(format!("could not plan: {e}"), ToastKind::Error);
            vec![Effect::Bell]
        }
    }
}
