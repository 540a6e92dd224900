//! The planner in the calendar pane: `P` asks for the shown days' plan, `x` drops a proposed
//! block, `r` plans again, Enter writes what is left, Esc hides it.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::app::calendar::View;
use crate::planner::schedule::{Plan, PlannedBlock};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("valid")
}

fn block(id: i64, title: &str, (h0, m0): (u32, u32), (h1, m1): (u32, u32)) -> PlannedBlock {
    // Berlin is UTC+1 in November.
    let at = |h: u32, m: u32| {
        Utc.with_ymd_and_hms(2026, 11, 23, h - 1, m, 0)
            .single()
            .expect("valid")
    };
    PlannedBlock {
        task: uuid::Uuid::from_u128(id as u128),
        id,
        title: title.into(),
        start: at(h0, m0),
        end: at(h1, m1),
        part: 1,
        parts: 1,
    }
}

/// A plan of Monday 23 November: three blocks around the fixture's standup and lunch.
pub(crate) fn monday_plan() -> Plan {
    let blocks = vec![
        block(1, "Write the report", (10, 0), (11, 30)),
        block(2, "Review pull requests", (14, 0), (15, 0)),
        block(3, "Call the bank", (15, 15), (15, 45)),
    ];
    Plan {
        from: blocks[0].start,
        to: blocks[2].end,
        free_minutes: 360,
        blocks,
        tasks: Vec::new(),
    }
}

/// The calendar on Monday's day view with the plan shown.
pub(crate) fn planned_state(size: (u16, u16), view: View) -> State {
    let mut s = calendar_state(size);
    s.calendar.view = view;
    let (first, last) = match view {
        View::Week => (day(23), day(29)),
        _ => (day(23), day(23)),
    };
    let effects = update(&mut s, ch('P'));
    assert_eq!(effects, vec![Effect::Plan { first, last }]);
    update(
        &mut s,
        Msg::Plan {
            first,
            last,
            plan: Ok(Box::new(monday_plan())),
        },
    );
    s
}

#[test]
fn p_shows_the_plan_of_the_shown_day_and_enter_writes_it() {
    let mut s = planned_state((80, 24), View::Day);
    let p = s.calendar.proposal.as_ref().expect("shown");
    assert_eq!(p.blocks.len(), 3);
    // j selects the next proposed block, x drops it.
    update(&mut s, ch('j'));
    update(&mut s, ch('x'));
    let titles: Vec<_> = s
        .calendar
        .proposal
        .as_ref()
        .expect("shown")
        .blocks
        .iter()
        .map(|b| b.title.as_str())
        .collect();
    assert_eq!(titles, ["Write the report", "Call the bank"]);
    let effects = update(&mut s, key(KeyCode::Enter));
    let Some(Effect::ApplyPlan {
        first,
        last,
        blocks,
    }) = effects.first()
    else {
        panic!("Enter writes the plan: {effects:?}");
    };
    assert_eq!((*first, *last), (day(23), day(23)));
    assert_eq!(blocks.len(), 2);
    assert!(s.calendar.proposal.is_none(), "written, the ghosts go");
    assert_eq!(
        s.calendar.view,
        View::Day,
        "Enter did not open anything else"
    );
}

#[test]
fn away_from_its_days_the_plan_is_unseen_and_enter_is_the_calendars_again() {
    let mut s = planned_state((80, 24), View::Day);
    update(&mut s, ch('l'));
    assert_eq!(s.calendar.cursor, Some(day(24)));
    assert_eq!(update(&mut s, ch('x')), vec![]);
    assert_eq!(
        s.calendar.proposal.as_ref().map(|p| p.blocks.len()),
        Some(3)
    );
    let effects = update(&mut s, key(KeyCode::Enter));
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::ApplyPlan { .. })),
        "{effects:?}"
    );
    // Back on Monday it shows again, and P hides it.
    update(&mut s, ch('h'));
    assert!(s.calendar.shown_proposal(day(22)).is_some());
    update(&mut s, ch('P'));
    assert!(s.calendar.proposal.is_none());
}

#[test]
fn r_plans_again_esc_hides_and_the_month_view_says_where_to_plan() {
    let mut s = planned_state((80, 24), View::Week);
    assert_eq!(
        update(&mut s, ch('r')),
        vec![Effect::Plan {
            first: day(23),
            last: day(29)
        }]
    );
    // While it loads, Enter does not write a half-known plan.
    assert_eq!(update(&mut s, key(KeyCode::Enter)), vec![]);
    update(&mut s, key(KeyCode::Esc));
    assert!(s.calendar.proposal.is_none());
    assert_eq!(s.calendar.view, View::Week, "Esc hid the plan only");
    s.calendar.view = View::Month;
    assert_eq!(update(&mut s, ch('P')), vec![]);
    assert!(s.toasts.iter().any(|t| t.text.contains("day or week view")));
    // A plan that cannot be made says why.
    s.calendar.view = View::Day;
    update(&mut s, ch('P'));
    update(
        &mut s,
        Msg::Plan {
            first: day(23),
            last: day(23),
            plan: Err("work_hours: bad".into()),
        },
    );
    assert!(s.calendar.proposal.is_none());
    assert!(s.toasts.iter().any(|t| t.text.contains("work_hours")));
}
