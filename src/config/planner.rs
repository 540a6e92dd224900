//! The `[planner]` section: how the estimator and the day planner behave.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PlannerConfig {
    /// Below this many completed tasks with recorded time, estimates blend the documented rules
    /// with the learned model, the model weighted `min(n / min_data_points, 0.8)`.
    pub min_data_points: u32,
}

impl Default for PlannerConfig {
    fn default() -> Self {
        PlannerConfig {
            min_data_points: 50,
        }
    }
}
