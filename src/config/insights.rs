//! The `[insights]` section: the daily focus goal and how much history a pattern needs.

use serde::{Deserialize, Serialize};

/// The longest window `tempo insights --days` and `insights.days` accept (ten years).
pub const MAX_DAYS: u32 = 3650;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InsightsConfig {
    /// Minutes of focus a day that count toward a streak (0: no goal).
    pub daily_goal_minutes: u32,
    /// An hour, length or energy band needs at least this many sessions to be reported.
    pub min_sessions: u32,
    /// The window of `tempo insights` without `--days`.
    pub days: u32,
}

impl Default for InsightsConfig {
    fn default() -> Self {
        InsightsConfig {
            daily_goal_minutes: 100,
            min_sessions: 5,
            days: 28,
        }
    }
}

impl InsightsConfig {
    pub fn validate(&self) -> Result<(), String> {
        if self.daily_goal_minutes > 1440 {
            return Err("`insights.daily_goal_minutes` must be from 0 to 1440".into());
        }
        if self.min_sessions == 0 {
            return Err("`insights.min_sessions` must be at least 1".into());
        }
        check_days(self.days)
            .map(|_| ())
            .map_err(|e| format!("`insights.days`: {e}"))
    }
}

/// A window of days, as typed.
pub fn check_days(days: u32) -> Result<u32, String> {
    if (1..=MAX_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(format!("a window is 1 to {MAX_DAYS} days, not {days}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_values_name_their_key() {
        assert!(InsightsConfig::default().validate().is_ok());
        for (c, key) in [
            (
                InsightsConfig {
                    min_sessions: 0,
                    ..InsightsConfig::default()
                },
                "insights.min_sessions",
            ),
            (
                InsightsConfig {
                    days: 0,
                    ..InsightsConfig::default()
                },
                "insights.days",
            ),
            (
                InsightsConfig {
                    daily_goal_minutes: 2000,
                    ..InsightsConfig::default()
                },
                "insights.daily_goal_minutes",
            ),
        ] {
            let e = c.validate().expect_err(key);
            assert!(e.contains(key), "{e}");
        }
    }
}
