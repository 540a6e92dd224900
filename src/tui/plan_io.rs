//! The planner's side of `Io`: a proposal of the days the calendar shows, and writing the
//! blocks the person kept as planned time blocks (one undo step, like `tempo plan --apply`).

use chrono::{DateTime, NaiveDate, Utc};

use super::io::Io;
use crate::msg::Msg;
use crate::ops;
use crate::ops::plan_days::{Settings, plan_days};
use crate::planner::schedule::{Plan, PlannedBlock};

impl Io {
    fn plan_settings(&self) -> Settings<'_> {
        Settings {
            planner: &self.planner,
            insights: &self.insights,
            urgency: &self.urgency,
        }
    }

    pub(crate) fn plan(&self, first: NaiveDate, last: NaiveDate, now: DateTime<Utc>) -> Vec<Msg> {
        let plan = plan_days(
            &self.store,
            self.plan_settings(),
            (first, last),
            now,
            self.tz,
        )
        .map(|(plan, _)| Box::new(plan))
        .map_err(|e| e.to_string());
        vec![Msg::Plan { first, last, plan }]
    }

    /// Writes `blocks`; the planned blocks a plan of these days would move are replaced.
    pub(crate) fn apply_plan(
        &mut self,
        (first, last): (NaiveDate, NaiveDate),
        blocks: Vec<PlannedBlock>,
        now: DateTime<Utc>,
    ) -> Vec<Msg> {
        let before = self.before_write();
        let written = (|| -> ops::Result<usize> {
            let (proposed, gathered) = plan_days(
                &self.store,
                self.plan_settings(),
                (first, last),
                now,
                self.tz,
            )?;
            let kept = Plan { blocks, ..proposed };
            let calendar = self.calendar.blocks_calendar.clone();
            let applied = ops::plan::apply(
                &mut self.store,
                &kept,
                &gathered.movable,
                &calendar,
                self.tz,
                now,
            )?;
            Ok(applied.written.len())
        })();
        let result = written
            .map(|n| format!("Planned {n} blocks (u in the task list undoes)"))
            .map_err(|e| format!("could not write the plan: {e}"));
        vec![Msg::OpResult(result), self.after_write(before)]
    }
}
