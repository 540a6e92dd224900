//! The Time pane's review of captured suggestions: `R` moves the selection between the day's
//! entries and its suggestions; approving, rejecting, correcting (words read here with the
//! CLI's parser) and splitting the selected one, and approving the day's confident ones, each
//! leave as a typed `Op::Review` for `Io`, which reloads the day after.

use super::*;
use crate::capture::{Correction, Status, Stored};
use crate::msg::ReviewOp;
use crate::time::span_words::instant_on;
use time::Period;

pub(super) fn on_action(state: &mut State, action: Action) -> Vec<Effect> {
    let today = state.today();
    if action == Action::TimeReview {
        return toggle(state);
    }
    if action == Action::ReviewConfident {
        return approve_confident(state);
    }
    let Some(s) = state.time.selected_suggestion(today).cloned() else {
        let text = if state.time.review {
            "No suggestion on this day"
        } else {
            "No suggestion selected: R selects the day's suggestions"
        };
        state.toast(text, ToastKind::Error);
        return vec![];
    };
    if s.status != Status::Pending {
        state.toast(
            format!("Suggestion {} is already {}", s.short_id(), s.status),
            ToastKind::Error,
        );
        return vec![];
    }
    match action {
        Action::ReviewApprove => run(ReviewOp::Approve {
            id: s.uuid,
            correction: Correction::default(),
        }),
        Action::ReviewReject => run(ReviewOp::Reject { id: s.uuid }),
        Action::ReviewCorrect => {
            prompt(state, PromptKind::ReviewCorrect { id: s.uuid }, "");
            vec![]
        }
        Action::TimeSplit => {
            let day = s.start.with_timezone(&state.tz).date_naive();
            prompt(state, PromptKind::ReviewSplit { id: s.uuid, day }, "");
            vec![]
        }
        _ => vec![],
    }
}

fn run(op: ReviewOp) -> Vec<Effect> {
    vec![Effect::Run(Op::Review(op))]
}

fn toggle(state: &mut State) -> Vec<Effect> {
    let today = state.today();
    let t = &mut state.time;
    if t.review {
        t.review = false;
        state.toast("Entries", ToastKind::Info);
        return vec![];
    }
    if t.period != Period::Day {
        state.toast(
            "Suggestions are reviewed in the day view (v)",
            ToastKind::Error,
        );
        return vec![];
    }
    let list = t.day_suggestions(today);
    if list.is_empty() {
        state.toast("No captured suggestion on this day", ToastKind::Info);
        return vec![];
    }
    // Start at the first one still waiting for a decision.
    t.suggestion = first_pending(list).unwrap_or(0);
    t.review = true;
    let pending = pending_count(t.day_suggestions(today));
    state.toast(
        format!("Reviewing: {pending} pending · y approve · n reject · m correct · R entries"),
        ToastKind::Info,
    );
    vec![]
}

fn first_pending(list: &[Stored]) -> Option<usize> {
    list.iter().position(|s| s.status == Status::Pending)
}

fn pending_count(list: &[Stored]) -> usize {
    list.iter().filter(|s| s.status == Status::Pending).count()
}

/// Asks before approving the day's confident pending suggestions in one step.
fn approve_confident(state: &mut State) -> Vec<Effect> {
    let today = state.today();
    if state.time.period != Period::Day {
        state.toast(
            "Suggestions are reviewed in the day view (v)",
            ToastKind::Error,
        );
        return vec![];
    }
    let day = state.time.cursor(today);
    let confident: Vec<&Stored> = state
        .time
        .day_suggestions(today)
        .iter()
        .filter(|s| s.status == Status::Pending && !s.needs_verification)
        .collect();
    if confident.is_empty() {
        state.toast(
            "No confident pending suggestion on this day",
            ToastKind::Info,
        );
        return vec![];
    }
    let seconds: i64 = confident
        .iter()
        .map(|s| (s.end - s.start).num_seconds())
        .sum();
    state.mode = Mode::Confirm {
        question: format!(
            "Approve the {} confident suggestion{} of {} ({})?",
            confident.len(),
            if confident.len() == 1 { "" } else { "s" },
            day.format("%a %-d %b"),
            time::hm(seconds)
        ),
        effect: Effect::Run(Op::Review(ReviewOp::ApproveConfident { day })),
    };
    vec![]
}

/// A review prompt's text as an operation; a mistake stays at the prompt and sends nothing.
pub(super) fn submit_prompt(state: &mut State, mut p: Prompt, text: &str) -> Vec<Effect> {
    let parsed = match p.kind {
        PromptKind::ReviewCorrect { id } => correction(text, &state.settings.activities)
            .map(|correction| ReviewOp::Approve { id, correction }),
        PromptKind::ReviewSplit { id, day } => {
            let now = state.now.with_timezone(&state.tz);
            instant_on(text, day, &now)
                .map(|at| ReviewOp::Split { id, at })
                .map_err(|e| e.to_string())
        }
        _ => return vec![],
    };
    match parsed {
        Ok(op) => run(op),
        Err(e) => {
            p.error = Some(e);
            state.mode = Mode::Prompt(p);
            vec![Effect::Bell]
        }
    }
}

/// `project:web client:acme type:work note:…`, every word a correction.
pub(super) fn correction(text: &str, activities: &[String]) -> Result<Correction, String> {
    let words = crate::text::split_words(text)?;
    let (c, rest) = Correction::parse(&words, activities).map_err(|e| e.to_string())?;
    if !rest.is_empty() {
        return Err(format!(
            "`{}` is not a correction; use project: client: type: note:",
            rest.join(" ")
        ));
    }
    if c.is_empty() {
        return Err("nothing to correct; e.g. project:web client:acme type:work".into());
    }
    Ok(c)
}
