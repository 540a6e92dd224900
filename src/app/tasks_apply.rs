//! The task pane's actions on the selected task, the edit form's keys, and the mouse.

use super::*;

pub(super) fn selected_task(state: &State) -> Option<crate::model::Task> {
    match &state.tasks.detail {
        Some(d) => state
            .tasks
            .item_by_uuid(&d.uuid)
            .map(|i| i.listed.task.clone()),
        None => state.tasks.selected_item().map(|i| i.listed.task.clone()),
    }
}

pub(super) fn on_task_action(
    state: &mut State,
    action: Action,
    t: crate::model::Task,
) -> Vec<Effect> {
    match action {
        Action::Edit => state.mode = Mode::Form(EditForm::new(&t, &state.tz)),
        Action::EditNotes => {
            return vec![Effect::EditNotes {
                uuid: t.uuid,
                notes: t.notes,
            }];
        }
        Action::Done => return vec![Effect::Run(Op::Done(t.id))],
        Action::Delete => {
            state.mode = Mode::Confirm {
                question: format!(
                    "Delete task {} “{}”? (y/n — undo brings it back)",
                    t.id, t.title
                ),
                effect: Effect::Run(Op::Delete(t.id)),
            };
        }
        Action::StartStop => {
            return vec![Effect::Run(Op::StartStop {
                id: t.id,
                start: t.status != Status::Started,
            })];
        }
        Action::CyclePriority => return vec![cycle_priority(&t)],
        Action::EditTags => prompt(state, PromptKind::Tags, &t.tags.join(" ")),
        Action::Detail => {
            state.tasks.detail = Some(Detail {
                uuid: t.uuid,
                scroll: 0,
                history: None,
                source: None,
                estimate: None,
            });
            return vec![Effect::LoadHistory(t.uuid)];
        }
        Action::FocusTask => return focus_on(state, t.id),
        _ => {}
    }
    vec![]
}

/// H → M → L → none → H.
fn cycle_priority(t: &crate::model::Task) -> Effect {
    let edit = crate::model::mods::Mods {
        priority: Some(Priority::cycle(t.priority)),
        ..Default::default()
    };
    Effect::Run(Op::Modify {
        id: t.id,
        edit: Box::new(edit),
    })
}

/// A focus session on the task, for the minutes set on the focus pane (else the default),
/// shown on the focus pane.
fn focus_on(state: &mut State, task: i64) -> Vec<Effect> {
    let minutes = state
        .focus
        .adjusted_minutes
        .take()
        .unwrap_or(state.settings.cycle.focus_minutes);
    state.pane = Pane::Focus;
    vec![
        Effect::Focus(FocusOp::Start {
            task: Some(task),
            kind: Kind::Focus,
            minutes,
        }),
        Effect::SaveUiState(state.ui_state()),
    ]
}

pub(super) fn on_form(state: &mut State, mut f: EditForm, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Esc => return vec![],
        KeyCode::Tab | KeyCode::Down => f.move_focus(1),
        KeyCode::BackTab | KeyCode::Up => f.move_focus(-1),
        KeyCode::Enter => {
            let now = state.now.with_timezone(&state.tz);
            match f.to_op(&now) {
                Ok(Some(op)) => return vec![Effect::Run(op)],
                Ok(None) => return vec![],
                Err(e) => f.error = Some(e),
            }
        }
        _ => {
            if f.focused().handle(&key) == Edit::Changed {
                f.error = None;
            }
        }
    }
    state.mode = Mode::Form(f);
    vec![]
}

pub(super) fn on_mouse(state: &mut State, m: MouseEvent) -> Vec<Effect> {
    if !matches!(state.mode, Mode::Normal) || state.tasks.detail.is_some() {
        return vec![];
    }
    let areas = state.areas();
    match m.kind {
        MouseEventKind::ScrollDown => state.tasks.move_by(3),
        MouseEventKind::ScrollUp => state.tasks.move_by(-3),
        MouseEventKind::Down(MouseButton::Left) => {
            if areas.tabs.is_some_and(|t| m.row == t.y) {
                if let Some(pane) = layout::tab_at(m.column) {
                    return switch_pane(state, pane);
                }
                return vec![];
            }
            if state.pane != Pane::Tasks {
                return vec![];
            }
            let body_top = areas.pane.y + 1;
            if m.row >= body_top && m.row < areas.pane.y + areas.pane.height {
                let row = state.tasks.offset + usize::from(m.row - body_top);
                if matches!(state.tasks.rows.get(row), Some(tasks::RowRef::Task(_))) {
                    state.tasks.selected = row;
                }
            }
        }
        _ => {}
    }
    vec![]
}
