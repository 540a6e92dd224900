//! The one-line prompts (filter, add, command line, tags, calendar add/edit, blocks, time): keys while
//! one is open, and what submitting it does.

use super::*;
use crate::model::mods::Mods;

pub(super) fn apply_filter(state: &mut State, filter: String, fuzzy: bool) -> Vec<Effect> {
    state.tasks.filter_text = filter;
    state.tasks.fuzzy = fuzzy;
    let (now, tz) = (state.now, state.tz);
    state.tasks.refilter(now, &tz);
    vec![Effect::SaveUiState(state.ui_state())]
}

pub(super) fn prompt(state: &mut State, kind: PromptKind, text: &str) {
    state.mode = Mode::Prompt(Prompt {
        kind,
        input: LineInput::new(text),
        error: None,
        previous: state.tasks.filter_text.clone(),
    });
}

pub(super) fn on_prompt(state: &mut State, mut p: Prompt, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Esc => {
            if p.kind == PromptKind::Filter {
                apply_filter(state, p.previous, false);
            }
            vec![]
        }
        KeyCode::Enter => {
            let typed = p.clone();
            let effects = submit_prompt(state, p);
            if effects.iter().any(|e| matches!(e, Effect::Run(_))) {
                state.in_flight = Some(Prompt {
                    error: None,
                    ..typed
                });
            }
            effects
        }
        KeyCode::Tab if p.kind == PromptKind::Filter => {
            state.tasks.fuzzy = !state.tasks.fuzzy;
            state.mode = Mode::Prompt(p);
            live_filter(state)
        }
        _ => {
            let edit = p.input.handle(&key);
            let is_filter = p.kind == PromptKind::Filter;
            state.mode = Mode::Prompt(p);
            if edit == Edit::Changed && is_filter {
                live_filter(state)
            } else {
                vec![]
            }
        }
    }
}

/// Re-applies the filter prompt's text as it is typed; a parse error shows under the input and
/// leaves the last good result on screen.
pub(super) fn live_filter(state: &mut State) -> Vec<Effect> {
    let Mode::Prompt(p) = &mut state.mode else {
        return vec![];
    };
    state.tasks.filter_text = p.input.text().to_string();
    let (now, tz) = (state.now, state.tz);
    state.tasks.refilter(now, &tz);
    if let Mode::Prompt(p) = &mut state.mode {
        p.error = state.tasks.filter_error.clone();
    }
    vec![]
}

pub(super) fn submit_prompt(state: &mut State, p: Prompt) -> Vec<Effect> {
    let text = p.input.text().trim().to_string();
    match p.kind {
        PromptKind::Filter => match state.tasks.filter_error.clone() {
            Some(e) => keep_open(state, p, e),
            None => vec![Effect::SaveUiState(state.ui_state())],
        },
        PromptKind::Add
        | PromptKind::CalAdd(_)
        | PromptKind::CalEdit { .. }
        | PromptKind::Block { .. }
            if text.is_empty() =>
        {
            vec![]
        }
        PromptKind::Add
        | PromptKind::CalAdd(_)
        | PromptKind::CalEdit { .. }
        | PromptKind::Block { .. } => match intents::parse(&p.kind, &text, state.now, state.tz) {
            Some(Ok(op)) => vec![Effect::Run(op)],
            Some(Err(e)) => keep_open(state, p, e),
            None => vec![],
        },
        PromptKind::TimeAdd | PromptKind::TimeEdit { .. } | PromptKind::TimeSplit { .. }
            if text.is_empty() =>
        {
            vec![]
        }
        PromptKind::TimeStart
        | PromptKind::TimeAdd
        | PromptKind::TimeEdit { .. }
        | PromptKind::TimeSplit { .. } => submit_time_prompt(state, p, &text),
        PromptKind::ReviewCorrect { .. } | PromptKind::ReviewSplit { .. } if text.is_empty() => {
            vec![]
        }
        PromptKind::ReviewCorrect { .. } | PromptKind::ReviewSplit { .. } => {
            review::submit_prompt(state, p, &text)
        }
        PromptKind::Command if text.is_empty() => vec![],
        PromptKind::Command => command_line::run(state, p, text),
        PromptKind::Tags => submit_tags(state, p, &text),
        PromptKind::Interruption(external) => vec![Effect::Focus(FocusOp::Interrupt {
            external,
            note: text,
        })],
        PromptKind::Energy { .. } if text.is_empty() => vec![],
        PromptKind::Energy { session, at_start } => match text.parse::<u8>() {
            Ok(level @ 1..=5) => vec![Effect::Focus(FocusOp::Energy {
                session,
                at_start,
                level,
            })],
            _ => keep_open(
                state,
                p,
                format!("energy is a number from 1 to 5, not “{text}” (empty Enter skips)"),
            ),
        },
    }
}

/// The prompt stays open with its text and the reason it cannot be submitted.
fn keep_open(state: &mut State, mut p: Prompt, error: String) -> Vec<Effect> {
    p.error = Some(error);
    state.mode = Mode::Prompt(p);
    vec![]
}

/// The selected task's tags become `text`'s: the ones added and removed, as one change.
fn submit_tags(state: &mut State, p: Prompt, text: &str) -> Vec<Effect> {
    let Some(t) = selected_task(state) else {
        return vec![];
    };
    let new: Vec<&str> = text.split_whitespace().collect();
    if let Some(bad) = new
        .iter()
        .find_map(|t| crate::model::task::validate_tag(t).err())
    {
        return keep_open(state, p, bad);
    }
    let edit = Mods {
        add_tags: new
            .iter()
            .filter(|n| !t.has_tag(n))
            .map(|n| (*n).to_string())
            .collect(),
        remove_tags: t
            .tags
            .iter()
            .filter(|o| !new.contains(&o.as_str()))
            .cloned()
            .collect(),
        ..Mods::default()
    };
    if edit.is_empty() {
        return vec![];
    }
    vec![Effect::Run(Op::Modify {
        id: t.id,
        edit: Box::new(edit),
    })]
}
