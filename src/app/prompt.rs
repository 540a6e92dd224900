//! The one-line prompts (filter, add, command line, tags, calendar add/edit, blocks, time): keys while
//! one is open, and what submitting it does.

use super::*;

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

pub(super) fn submit_prompt(state: &mut State, mut p: Prompt) -> Vec<Effect> {
    let text = p.input.text().trim().to_string();
    match p.kind {
        PromptKind::Filter => {
            if let Some(e) = &state.tasks.filter_error {
                p.error = Some(e.clone());
                state.mode = Mode::Prompt(p);
                return vec![];
            }
            vec![Effect::SaveUiState(state.ui_state())]
        }
        PromptKind::Add if text.is_empty() => vec![],
        PromptKind::Add => vec![Effect::Run(Op::Add(text))],
        PromptKind::CalAdd(_) | PromptKind::CalEdit { .. } | PromptKind::Block { .. }
            if text.is_empty() =>
        {
            vec![]
        }
        PromptKind::CalAdd(day) => vec![Effect::Run(Op::CalAdd { text, day })],
        PromptKind::CalEdit { id, scope } => vec![Effect::Run(Op::CalEdit { id, scope, text })],
        PromptKind::Block { task, day } => vec![Effect::Run(Op::Block { task, text, day })],
        PromptKind::TimeAdd | PromptKind::TimeEdit { .. } | PromptKind::TimeSplit { .. }
            if text.is_empty() =>
        {
            vec![]
        }
        PromptKind::TimeStart
        | PromptKind::TimeAdd
        | PromptKind::TimeEdit { .. }
        | PromptKind::TimeSplit { .. } => submit_time_prompt(state, p, &text),
        PromptKind::Command if text.is_empty() => vec![],
        PromptKind::Command => command_line::run(state, p, text),
        PromptKind::Tags => {
            let Some(t) = selected_task(state) else {
                return vec![];
            };
            let new: Vec<&str> = text.split_whitespace().collect();
            if let Some(bad) = new
                .iter()
                .find_map(|t| crate::model::task::validate_tag(t).err())
            {
                p.error = Some(bad);
                state.mode = Mode::Prompt(p);
                return vec![];
            }
            let mut words: Vec<String> = new
                .iter()
                .filter(|n| !t.has_tag(n))
                .map(|n| format!("+{n}"))
                .collect();
            words.extend(
                t.tags
                    .iter()
                    .filter(|o| !new.contains(&o.as_str()))
                    .map(|o| format!("-{o}")),
            );
            if words.is_empty() {
                return vec![];
            }
            vec![Effect::Run(Op::Modify {
                target: t.id.to_string(),
                words,
                title: None,
            })]
        }
        PromptKind::Interruption(external) => vec![Effect::Focus(FocusOp::Interrupt {
            external,
            note: text,
        })],
    }
}
