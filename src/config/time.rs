//! The `[time]` section: time tracking.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TimeConfig {
    /// `tempo start`/`tempo stop` on a task also start/stop tracking time on it.
    pub track_task_start: bool,
    /// The activity types `type:` accepts (empty: any word).
    pub activities: Vec<String>,
    /// Timewarrior import: a tag with this prefix names the project (`project:web`).
    pub timew_project_prefix: String,
    /// Timewarrior import: without a prefixed tag, the first tag that names a project Tempo
    /// already knows (from tasks, time entries or clients) is the project.
    pub timew_known_projects: bool,
}

impl Default for TimeConfig {
    fn default() -> Self {
        TimeConfig {
            track_task_start: true,
            activities: ["work", "meeting", "research", "admin"]
                .map(String::from)
                .to_vec(),
            timew_project_prefix: "project:".into(),
            timew_known_projects: true,
        }
    }
}
