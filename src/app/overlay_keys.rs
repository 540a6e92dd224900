//! Keys while an overlay is open: a confirmation, help, the occurrence scope question, the
//! reminder history, sync conflicts and the preset picker. Each puts its overlay back unless
//! the key closes it.

use super::*;
use crate::msg::{ConflictNote, ReminderNote};

pub(super) fn confirm(
    state: &mut State,
    key: KeyEvent,
    question: String,
    effect: Effect,
) -> Vec<Effect> {
    match key.code {
        KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => vec![effect],
        KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => vec![],
        _ => {
            state.mode = Mode::Confirm { question, effect };
            vec![]
        }
    }
}

pub(super) fn help(state: &mut State, key: KeyEvent, scroll: u16) -> Vec<Effect> {
    let k = Key::from_event(&key);
    let close = matches!(key.code, KeyCode::Esc | KeyCode::Char('q'))
        || state.settings.keymap.action(Context::Global, k) == Some(Action::Help);
    if !close {
        let scroll = match key.code {
            KeyCode::Char('j') | KeyCode::Down => scroll.saturating_add(1),
            KeyCode::Char('k') | KeyCode::Up => scroll.saturating_sub(1),
            KeyCode::PageDown => scroll.saturating_add(10),
            KeyCode::PageUp => scroll.saturating_sub(10),
            _ => scroll,
        };
        state.mode = Mode::Help { scroll };
    }
    vec![]
}

/// Which occurrences: `o` this one, `f` this and the following ones, `a` all.
pub(super) fn scope(
    state: &mut State,
    key: KeyEvent,
    delete: bool,
    id: i64,
    at: DateTime<Utc>,
    summary: String,
) -> Vec<Effect> {
    use crate::calendar::Scope;
    use crate::model::dates::When;
    let scope = match key.code {
        KeyCode::Char('o') | KeyCode::Char('1') => Scope::One(When::At(at)),
        KeyCode::Char('f') | KeyCode::Char('2') => Scope::Following(When::At(at)),
        KeyCode::Char('a') | KeyCode::Char('3') => Scope::All,
        KeyCode::Esc | KeyCode::Char('q') => return vec![],
        _ => {
            state.mode = Mode::Scope {
                delete,
                id,
                at,
                summary,
            };
            return vec![];
        }
    };
    if delete {
        vec![Effect::Run(Op::CalDelete { id, scope })]
    } else {
        prompt(state, PromptKind::CalEdit { id, scope }, "");
        vec![]
    }
}

pub(super) fn notifications(
    state: &mut State,
    key: KeyEvent,
    items: Vec<ReminderNote>,
    scroll: u16,
) -> Vec<Effect> {
    let k = Key::from_event(&key);
    let close = matches!(key.code, KeyCode::Esc | KeyCode::Char('q'))
        || state.settings.keymap.action(Context::Global, k) == Some(Action::Notifications);
    if !close {
        let scroll = match key.code {
            KeyCode::Char('j') | KeyCode::Down => scroll.saturating_add(1),
            KeyCode::Char('k') | KeyCode::Up => scroll.saturating_sub(1),
            _ => scroll,
        };
        state.mode = Mode::Notifications { items, scroll };
    }
    vec![]
}

/// `l` keeps this machine's version, `r` the server's.
pub(super) fn conflicts(
    state: &mut State,
    key: KeyEvent,
    items: Vec<ConflictNote>,
    selected: usize,
) -> Vec<Effect> {
    let k = Key::from_event(&key);
    let close = matches!(key.code, KeyCode::Esc | KeyCode::Char('q'))
        || state.settings.keymap.action(Context::Global, k) == Some(Action::Conflicts);
    if close {
        return vec![];
    }
    let last = items.len().saturating_sub(1);
    let chosen = items.get(selected).map(|c| c.id);
    let (selected, effects) = match (key.code, chosen) {
        (KeyCode::Char(c @ ('l' | 'r')), Some(id)) => (
            selected,
            vec![
                Effect::Run(Op::Resolve {
                    id,
                    local: c == 'l',
                }),
                Effect::LoadConflicts,
            ],
        ),
        (KeyCode::Char('j') | KeyCode::Down, _) => ((selected + 1).min(last), vec![]),
        (KeyCode::Char('k') | KeyCode::Up, _) => (selected.saturating_sub(1), vec![]),
        _ => (selected, vec![]),
    };
    state.mode = Mode::Conflicts { items, selected };
    effects
}

pub(super) fn presets(state: &mut State, key: KeyEvent, selected: usize) -> Vec<Effect> {
    let n = state.settings.presets.len();
    match key.code {
        KeyCode::Char('j') | KeyCode::Down if n > 0 => {
            state.mode = Mode::Presets {
                selected: (selected + 1) % n,
            }
        }
        KeyCode::Char('k') | KeyCode::Up if n > 0 => {
            state.mode = Mode::Presets {
                selected: (selected + n - 1) % n,
            }
        }
        KeyCode::Enter => {
            if let Some(p) = state.settings.presets.get(selected).cloned() {
                return apply_filter(state, p.filter, false);
            }
        }
        KeyCode::Char(c) if c.is_ascii_digit() => {
            let i = c.to_digit(10).unwrap_or(0) as usize;
            if let Some(p) = i
                .checked_sub(1)
                .and_then(|i| state.settings.presets.get(i))
                .cloned()
            {
                return apply_filter(state, p.filter, false);
            }
            state.mode = Mode::Presets { selected };
        }
        KeyCode::Esc | KeyCode::Char('q') => {}
        _ => state.mode = Mode::Presets { selected },
    }
    vec![]
}
