//! A plan of whole local days with the person's settings: the working rules from `[planner]`,
//! the best focus hours the history shows, and the store's tasks and calendar. The command
//! line and the app both plan through here, so they propose the same blocks.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use serde_json::{Value, json};

use super::plan::{self, Applied, Gathered, Window};
use super::{Result, usage};
use crate::config::{InsightsConfig, PlannerConfig};
use crate::model::Task;
use crate::model::dates::{When, local_instant, parse_when};
use crate::model::urgency::UrgencyCoefficients;
use crate::planner::estimate::Estimator;
use crate::planner::insights::Slot;
use crate::planner::schedule::{Estimate, Plan, own_estimate};
use crate::store::Store;

/// The settings a plan is made with.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    pub planner: &'a PlannerConfig,
    pub insights: &'a InsightsConfig,
    pub urgency: &'a UrgencyCoefficients,
}

/// How many of the best focus hours deep work is aimed at.
const BEST_HOURS: usize = 6;

/// The plan of the local days `first..=last`, with what it was made from.
pub fn plan_days(
    store: &Store,
    settings: Settings<'_>,
    (first, last): (NaiveDate, NaiveDate),
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<(Plan, Gathered)> {
    let mut rules = settings.planner.rules().map_err(usage)?;
    let history =
        super::insights::insights(store, settings.insights, settings.insights.days, now, tz)?;
    rules.best_hours = best_hours(&history.best_hours_of_week, &history.best_hours_of_day);
    let midnight = |d: NaiveDate| local_instant(&tz, d.and_time(NaiveTime::MIN));
    let w = Window {
        from: midnight(first),
        to: midnight(last + Days::new(1)),
        now,
        tz,
        rules: &rules,
        urgency: settings.urgency,
    };
    let learned = super::plan_estimate::trained(store, settings.planner.min_data_points, now)?;
    let gathered = if learned.history() == 0 {
        plan::gather(store, &w, &own_estimate)?
    } else {
        plan::gather(store, &w, &|t| learned_estimate(&learned, t))?
    };
    Ok((plan::propose(&w, &gathered), gathered))
}

/// The local days a range word names (`today` when none, `tomorrow`, `week`: today and the
/// next 6 days, a day, or `FROM..TO`): at most 31 days, not all over. The command line, the
/// API and the assistant tool read a range the same way.
pub fn window(range: Option<&str>, now: DateTime<Tz>) -> Result<(NaiveDate, NaiveDate)> {
    let tz = now.timezone();
    let today = now.date_naive();
    let day = |text: &str| -> Result<NaiveDate> {
        match parse_when(text, &now) {
            Ok(When::Day(d)) => Ok(d),
            Ok(When::At(t)) => Ok(t.with_timezone(&tz).date_naive()),
            Err(e) => Err(usage(format!(
                "cannot plan “{text}”: {e} (try today, tomorrow, week, fri, 2026-12-01 or mon..fri)"
            ))),
        }
    };
    let (first, last) = match range.map(str::trim) {
        None | Some("today") => (today, today),
        Some("week") => (today, today + Days::new(6)),
        Some(text) => match text.split_once("..") {
            Some((a, b)) => (day(a)?, day(b)?),
            None => {
                let d = day(text)?;
                (d, d)
            }
        },
    };
    if last < first {
        return Err(usage(format!(
            "the range ends ({last}) before it starts ({first})"
        )));
    }
    if (last - first).num_days() > 30 {
        return Err(usage("plan at most 31 days at a time"));
    }
    if last < today {
        return Err(usage(format!("{last} is over; plan today or later")));
    }
    Ok((first, last))
}

/// Minutes of the plan's blocks together.
pub fn planned_minutes(plan: &Plan) -> i64 {
    plan.blocks
        .iter()
        .map(|b| (b.end - b.start).num_minutes())
        .sum()
}

/// A plan as `tempo plan --json` prints it (and the API and the assistant tool answer it).
pub fn plan_json(plan: &Plan, applied: Option<&Applied>) -> Value {
    json!({
        "from": plan.from,
        "to": plan.to,
        "free_minutes": plan.free_minutes,
        "planned_minutes": planned_minutes(plan),
        "blocks": plan.blocks,
        "unplaced": plan.unplaced().collect::<Vec<_>>(),
        "applied": applied,
    })
}

/// A task's duration in a plan once there is history: the learned estimate's median and P80
/// (the plan reserves the P80). Without history the person's own `est:` is used as it is: the
/// rules' guesses (×1.3, 45 minutes) would only pad a plan no data backs.
fn learned_estimate(learned: &Estimator, t: &Task) -> Estimate {
    let e = learned.estimate(&super::plan_estimate::task_info(t));
    let minutes = |m: f64| (m.round() as u32).max(1);
    Estimate {
        p50: minutes(e.minutes),
        p80: minutes(e.p80).max(minutes(e.minutes)),
    }
}

/// The best focus hours `tempo insights` found, as (weekday, hour): hours of the week first,
/// then hours of any day (one for each weekday).
fn best_hours(week: &[Slot], day: &[Slot]) -> Vec<(Weekday, u32)> {
    let weekday = |n: u32| Weekday::try_from(u8::try_from(n).ok()?).ok();
    let mut out: Vec<(Weekday, u32)> = Vec::new();
    for s in week.iter().chain(day).take(BEST_HOURS) {
        match weekday(s.weekday) {
            Some(d) => out.push((d, s.hour)),
            None => out.extend((0..7).filter_map(weekday).map(|d| (d, s.hour))),
        }
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::insights::Rate;

    fn slot(weekday: u32, hour: u32) -> Slot {
        Slot {
            label: String::new(),
            weekday,
            hour,
            completion: Rate::new(5, 5),
            mean_score: 0.0,
        }
    }

    #[test]
    fn best_hours_of_the_week_come_first_and_an_hour_of_any_day_covers_every_day() {
        let got = best_hours(&[slot(1, 9)], &[slot(7, 14)]);
        assert_eq!(got.len(), 8);
        assert_eq!(got[0], (Weekday::Tue, 9));
        assert!(got.contains(&(Weekday::Sun, 14)) && got.contains(&(Weekday::Mon, 14)));
    }
}
