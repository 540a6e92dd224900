//! The `[planner]` section: when `tempo plan` may lay work, and how.

use chrono::Weekday;
use serde::{Deserialize, Serialize};

use crate::planner::schedule::{WorkRules, parse_clock};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PlannerConfig {
    /// Working hours, local time: `09:00-17:00`.
    pub work_hours: String,
    /// Working days: `mon-fri`, `mon,wed,fri`, `sun-thu`.
    pub work_days: String,
    /// Free minutes kept between a planned block and any event or block next to it.
    pub buffer_minutes: u32,
    /// No planned block is shorter, unless it finishes its task.
    pub min_block_minutes: u32,
    /// A daily break kept free: `12:00-13:00`, or empty for none.
    pub lunch: String,
    /// Most hours of time blocks (kept and planned) in one day.
    pub daily_cap_hours: f64,
    /// Tasks with one of these tags, or in one of these projects, are deep work.
    pub deep_work_tags: Vec<String>,
    pub deep_work_projects: Vec<String>,
    /// A task estimated at this many minutes or more is deep work too (0: length never is).
    pub deep_work_minutes: u32,
    /// Below this many completed tasks with recorded time, estimates blend the documented rules
    /// with the learned model, the model weighted `min(n / min_data_points, 0.8)`.
    pub min_data_points: u32,
}

impl Default for PlannerConfig {
    fn default() -> Self {
        PlannerConfig {
            work_hours: "09:00-17:00".into(),
            work_days: "mon-fri".into(),
            buffer_minutes: 10,
            min_block_minutes: 25,
            lunch: "12:00-13:00".into(),
            daily_cap_hours: 6.0,
            deep_work_tags: vec!["deep".into()],
            deep_work_projects: Vec::new(),
            deep_work_minutes: 120,
            min_data_points: 50,
        }
    }
}

impl PlannerConfig {
    /// The rules the scheduler works by, or what is wrong with a key.
    pub fn rules(&self) -> Result<WorkRules, String> {
        let (day_start, day_end) = span(&self.work_hours).ok_or_else(|| {
            format!(
                "`planner.work_hours` = {:?} is not like 09:00-17:00",
                self.work_hours
            )
        })?;
        let lunch = if self.lunch.trim().is_empty() {
            None
        } else {
            Some(span(&self.lunch).ok_or_else(|| {
                format!(
                    "`planner.lunch` = {:?} is not like 12:00-13:00 (or empty)",
                    self.lunch
                )
            })?)
        };
        if !(self.daily_cap_hours.is_finite() && (0.0..=24.0).contains(&self.daily_cap_hours)) {
            return Err("`planner.daily_cap_hours` must be from 0 to 24".into());
        }
        if self.min_block_minutes > 480 || self.buffer_minutes > 240 {
            return Err(
                "`planner.min_block_minutes` must be at most 480 and `planner.buffer_minutes` at most 240"
                    .into(),
            );
        }
        Ok(WorkRules {
            day_start,
            day_end,
            days: days(&self.work_days)?,
            lunch,
            buffer_minutes: self.buffer_minutes,
            min_block_minutes: self.min_block_minutes,
            daily_cap_minutes: (self.daily_cap_hours * 60.0).round() as u32,
            deep_tags: self.deep_work_tags.clone(),
            deep_projects: self.deep_work_projects.clone(),
            deep_minutes: self.deep_work_minutes,
            best_hours: Vec::new(),
        })
    }
}

/// `HH:MM-HH:MM` with the end after the start.
fn span(text: &str) -> Option<(u32, u32)> {
    let (a, b) = text.split_once('-')?;
    let (a, b) = (parse_clock(a)?, parse_clock(b)?);
    (a < b).then_some((a, b))
}

fn weekday(text: &str) -> Option<Weekday> {
    let t = text.trim().to_ascii_lowercase();
    (t.len() >= 2).then(|| t.parse::<Weekday>().ok()).flatten()
}

/// `mon-fri`, `mon,wed,fri`, `fri-mon` (a range may wrap past Sunday).
fn days(text: &str) -> Result<[bool; 7], String> {
    let bad = || format!("`planner.work_days` = {text:?} is not like mon-fri or mon,wed,fri");
    let mut out = [false; 7];
    for part in text.split(',') {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (weekday(a).ok_or_else(bad)?, weekday(b).ok_or_else(bad)?),
            None => {
                let d = weekday(part).ok_or_else(bad)?;
                (d, d)
            }
        };
        let mut d = a;
        loop {
            out[d.num_days_from_monday() as usize] = true;
            if d == b {
                break;
            }
            d = d.succ();
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_rules_are_weekdays_nine_to_five_with_lunch() {
        let r = PlannerConfig::default().rules().expect("valid");
        assert_eq!((r.day_start, r.day_end), (540, 1020));
        assert_eq!(r.days, [true, true, true, true, true, false, false]);
        assert_eq!(r.lunch, Some((720, 780)));
        assert_eq!(r.daily_cap_minutes, 360);
    }

    #[test]
    fn days_ranges_lists_and_wrapping() {
        assert_eq!(
            days("fri-mon"),
            Ok([true, false, false, false, true, true, true])
        );
        assert_eq!(
            days("mon,wed, fri"),
            Ok([true, false, true, false, true, false, false])
        );
        assert!(days("mon-funday").is_err());
    }

    #[test]
    fn bad_keys_are_named() {
        let c = PlannerConfig {
            work_hours: "17:00-09:00".into(),
            ..PlannerConfig::default()
        };
        assert!(
            c.rules()
                .expect_err("backwards")
                .contains("planner.work_hours")
        );
        let c = PlannerConfig {
            lunch: String::new(),
            work_hours: "00:00-24:00".into(),
            ..PlannerConfig::default()
        };
        let r = c.rules().expect("valid");
        assert_eq!((r.day_start, r.day_end, r.lunch), (0, 1440, None));
    }
}
