//! The `[capture]` section: how activity signals become suggested time entries.
//!
//! ```toml
//! [capture]
//! idle_threshold_minutes = 5
//! exclude = [{ app = "keepassxc" }, { title = "*private*" }]
//! [[capture.rules]]
//! repository = "*tempo*"
//! project = "tempo"
//! client = "acme"
//! type = "work"
//! ```

use std::path::PathBuf;

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use crate::capture::{Classification, Condition, MAX_SETTING_MINUTES, Pattern, Rule, Settings};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CaptureConfig {
    /// A gap between signals longer than this ends a block.
    pub idle_threshold_minutes: f64,
    /// Blocks of the same activity at most this far apart merge.
    pub max_merge_idle_minutes: f64,
    /// Another activity lasting this long starts a new suggestion.
    pub min_switch_minutes: f64,
    /// Shorter suggestions are not made.
    pub min_minutes: f64,
    /// Below this confidence (0–1) a suggestion needs verification.
    pub verify_threshold: f64,
    /// Raw signals older than this many days are deleted (0: kept forever).
    pub retention_days: u32,
    /// Signals matching any of these are dropped before they are stored.
    pub exclude: Vec<Condition>,
    /// Classification rules, first match wins (rules learned in review come first).
    pub rules: Vec<RuleConfig>,
    /// Where `capture pull activitywatch` reads from.
    pub activitywatch_url: String,
    /// `tempo daemon` pulls ActivityWatch this often (0: only by hand).
    pub activitywatch_pull_minutes: u32,
    /// Repositories `capture pull git` reads when none are named.
    pub git_repos: Vec<PathBuf>,
    /// Whose commits count (default: each repository's `user.email`).
    pub git_author: Option<String>,
    /// `tempo daemon` serves the local HTTP endpoint (off: it opens no port).
    pub endpoint: bool,
    /// Where it listens: a loopback address only.
    pub endpoint_host: String,
    /// 0: any free port (the daemon prints the one it got).
    pub endpoint_port: u16,
    /// A request body over this is refused (413).
    pub endpoint_max_body_bytes: usize,
    /// More requests than this in a minute are refused (429).
    pub endpoint_requests_per_minute: u32,
    /// The file the shell hook appends to (default: `capture-spool` beside the database).
    pub spool: Option<PathBuf>,
}

impl Default for CaptureConfig {
    fn default() -> Self {
        CaptureConfig {
            idle_threshold_minutes: 5.0,
            max_merge_idle_minutes: 10.0,
            min_switch_minutes: 5.0,
            min_minutes: 1.0,
            verify_threshold: 0.5,
            retention_days: 30,
            exclude: Vec::new(),
            rules: Vec::new(),
            activitywatch_url: "http://127.0.0.1:5600".into(),
            activitywatch_pull_minutes: 0,
            git_repos: Vec::new(),
            git_author: None,
            endpoint: super::endpoint::DEFAULT_ENABLED,
            endpoint_host: super::endpoint::DEFAULT_HOST.into(),
            endpoint_port: super::endpoint::DEFAULT_PORT,
            endpoint_max_body_bytes: super::endpoint::DEFAULT_MAX_BODY_BYTES,
            endpoint_requests_per_minute: super::endpoint::DEFAULT_REQUESTS_PER_MINUTE,
            spool: None,
        }
    }
}

/// One rule as written in the config: the patterns, then what the time is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<Pattern>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Pattern>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cwd: Option<Pattern>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<Pattern>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Pattern>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub activity_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
}

impl RuleConfig {
    pub fn rule(&self) -> Rule {
        Rule {
            when: Condition {
                app: self.app.clone(),
                title: self.title.clone(),
                cwd: self.cwd.clone(),
                repository: self.repository.clone(),
                url: self.url.clone(),
            },
            then: Classification {
                project: self.project.clone(),
                client: self.client.clone(),
                activity_type: self.activity_type.clone(),
                task: self.task.clone(),
            },
        }
    }
}

fn minutes(m: f64) -> TimeDelta {
    TimeDelta::milliseconds((m * 60_000.0).round() as i64)
}

impl CaptureConfig {
    /// The engine's settings: `learned` rules first, then the configured ones.
    pub fn settings(&self, learned: Vec<Rule>) -> Settings {
        let mut rules = learned;
        rules.extend(self.rules.iter().map(RuleConfig::rule));
        Settings {
            idle_threshold: minutes(self.idle_threshold_minutes),
            max_merge_gap: minutes(self.max_merge_idle_minutes),
            min_switch: minutes(self.min_switch_minutes),
            verify_threshold: self.verify_threshold,
            min_duration: minutes(self.min_minutes),
            rules,
            exclusions: self.exclude.clone(),
        }
    }

    pub(super) fn validate(&self) -> Result<(), String> {
        for (key, m) in [
            ("idle_threshold_minutes", self.idle_threshold_minutes),
            ("max_merge_idle_minutes", self.max_merge_idle_minutes),
            ("min_switch_minutes", self.min_switch_minutes),
            ("min_minutes", self.min_minutes),
        ] {
            if !(m > 0.0 && m <= MAX_SETTING_MINUTES) {
                return Err(format!(
                    "`capture.{key}` = {m} must be more than 0 and at most {MAX_SETTING_MINUTES}"
                ));
            }
        }
        super::endpoint::check(
            &self.endpoint_host,
            self.endpoint_max_body_bytes,
            self.endpoint_requests_per_minute,
        )?;
        if !(0.0..=1.0).contains(&self.verify_threshold) {
            return Err(format!(
                "`capture.verify_threshold` = {} must be between 0 and 1",
                self.verify_threshold
            ));
        }
        if let Some(i) = self.exclude.iter().position(Condition::is_empty) {
            return Err(format!(
                "`capture.exclude` entry {} names no pattern (app, title, cwd, repository, url)",
                i + 1
            ));
        }
        for (i, r) in self.rules.iter().enumerate() {
            let rule = r.rule();
            if rule.when.is_empty() {
                return Err(format!(
                    "`capture.rules` rule {} names no pattern (app, title, cwd, repository, url)",
                    i + 1
                ));
            }
            if rule.then == Classification::default() {
                return Err(format!(
                    "`capture.rules` rule {} says nothing (give project, client, type or task)",
                    i + 1
                ));
            }
        }
        Ok(())
    }
}
