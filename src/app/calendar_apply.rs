//! The calendar pane's actions: moving the cursor and views, adding, editing and deleting
//! events (with the occurrence scope), blocks, and loading the agenda around the cursor.

use super::*;

/// Asks for the agenda around the selected day when it is not loaded yet.
pub(super) fn load_agenda(state: &mut State) -> Vec<Effect> {
    let cursor = state.calendar.cursor(state.today());
    match state.calendar.needs(cursor) {
        Some((from, to)) => {
            state.calendar.requested = Some((from, to));
            vec![Effect::LoadAgenda { from, to }]
        }
        None => vec![],
    }
}

pub(super) fn on_calendar_action(state: &mut State, action: Action) -> Vec<Effect> {
    let on_proposal = matches!(
        action,
        Action::CalDown | Action::CalUp | Action::CalBack | Action::CalOpen
    );
    if on_proposal && super::calendar_plan::showing(state) {
        return super::calendar_plan::on_proposal_key(state, action);
    }
    let (today, tz) = (state.today(), state.tz);
    let cal = &mut state.calendar;
    let cursor = cal.cursor(today);
    match action {
        Action::CalPrevDay => cal.move_days(today, -1),
        Action::CalNextDay => cal.move_days(today, 1),
        Action::CalDown if cal.view == View::Month => cal.move_days(today, 7),
        Action::CalUp if cal.view == View::Month => cal.move_days(today, -7),
        Action::CalDown => cal.move_item(today, &tz, 1),
        Action::CalUp => cal.move_item(today, &tz, -1),
        Action::CalPrevPage | Action::CalNextPage => {
            let sign = if action == Action::CalNextPage { 1 } else { -1 };
            match cal.view {
                View::Month => cal.move_months(today, sign),
                View::Week | View::Agenda => cal.move_days(today, 7 * i64::from(sign)),
                View::Day => cal.move_days(today, i64::from(sign)),
            }
        }
        Action::CalToday => {
            cal.cursor = Some(today);
            cal.selected = 0;
        }
        Action::CalView => {
            cal.view = cal.view.next();
            let shown = format!("{} view", cal.view.name());
            state.toast(shown, ToastKind::Info);
            let mut effects = vec![Effect::SaveUiState(state.ui_state())];
            effects.extend(load_agenda(state));
            return effects;
        }
        Action::CalBack if cal.view != View::Month => {
            cal.view = View::Month;
            return vec![Effect::SaveUiState(state.ui_state())];
        }
        Action::CalBack => {}
        Action::CalOpen if cal.view != View::Day => {
            cal.view = View::Day;
            return vec![Effect::SaveUiState(state.ui_state())];
        }
        Action::CalOpen => return open_item(state),
        Action::CalAdd => {
            prompt(state, PromptKind::CalAdd(cursor), "");
        }
        Action::CalEdit | Action::CalDelete => change_event(state, action == Action::CalDelete),
        Action::CalBlock => block_prompt(state, cursor),
        _ => {}
    }
    load_agenda(state)
}

/// Edit or delete the selected event: a repeating one asks which occurrences first, a single
/// delete asks yes or no. Tasks and read-only events are refused with the reason.
fn change_event(state: &mut State, delete: bool) {
    let (today, tz) = (state.today(), state.tz);
    let Some(item) = state.calendar.selected_item(today, &tz).cloned() else {
        state.toast("No event on this day", ToastKind::Error);
        return;
    };
    if item.kind != crate::calendar::ItemKind::Event {
        state.toast(
            "That is a task; change it in the task list",
            ToastKind::Error,
        );
        return;
    }
    if item.read_only {
        let o = &item.occurrence;
        let why = format!("“{}” is read-only ({})", o.summary, item.calendar);
        state.toast(why, ToastKind::Error);
        return;
    }
    let (id, summary) = (item.id, item.occurrence.summary.clone());
    let all = crate::calendar::Scope::All;
    if item.occurrence.recurring {
        let at = item.occurrence.start;
        state.mode = Mode::Scope {
            delete,
            id,
            at,
            summary,
        };
    } else if delete {
        state.mode = Mode::Confirm {
            question: format!("Delete “{summary}”?"),
            effect: Effect::Run(Op::CalDelete { id, scope: all }),
        };
    } else {
        prompt(state, PromptKind::CalEdit { id, scope: all }, "");
    }
}

/// A time block on the selected day for the task selected in the task list.
fn block_prompt(state: &mut State, day: NaiveDate) {
    let Some(task) = state.tasks.selected_item().map(|i| i.listed.task.id) else {
        state.toast("Select a task in the task list first", ToastKind::Error);
        return;
    };
    prompt(state, PromptKind::Block { task, day }, "");
}

/// Enter on an item in the day view: a time block starts a focus session on its task (see
/// `ops::calendar::block_session`); other items show what they are.
pub(super) fn open_item(state: &mut State) -> Vec<Effect> {
    let (today, tz) = (state.today(), state.tz);
    let Some(item) = state.calendar.selected_item(today, &tz).cloned() else {
        return vec![];
    };
    let task = item
        .task
        .as_deref()
        .and_then(|u| uuid::Uuid::parse_str(u).ok())
        .and_then(|u| state.tasks.item_by_uuid(&u).map(|i| i.listed.task.id));
    if let (Some(id), crate::calendar::ItemKind::Event) = (task, item.kind) {
        let o = &item.occurrence;
        let (minutes, text) = crate::ops::calendar::block_session(o.start, o.end, state.now, &tz);
        state.toast(text, ToastKind::Info);
        state.pane = Pane::Focus;
        return vec![
            Effect::Focus(FocusOp::Start {
                task: Some(id),
                kind: Kind::Focus,
                minutes,
            }),
            Effect::SaveUiState(state.ui_state()),
        ];
    }
    let o = &item.occurrence;
    let place = o
        .location
        .as_deref()
        .map(|l| format!(" @ {l}"))
        .unwrap_or_default();
    let text = format!("{}{place} · {}", o.summary, item.calendar);
    state.toast(text, ToastKind::Info);
    vec![]
}
