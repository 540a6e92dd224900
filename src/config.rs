//! One typed `Config`: defaults, the TOML file (XDG config dir or `--config`), and where the
//! database lives. `config.example.toml` at the repo root is the documented default; a test
//! proves the two are equal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::format::{Item, StrftimeItems};
use serde::{Deserialize, Serialize};

use crate::model::urgency::UrgencyCoefficients;

mod api;
mod capture;
pub mod endpoint;
pub mod insights;
pub mod keys;
mod planner;
mod presets;
mod time;

pub use api::ApiConfig;
pub use capture::{CaptureConfig, RuleConfig};
pub use insights::InsightsConfig;
pub use planner::PlannerConfig;
pub use time::TimeConfig;

/// How many commands `undo` can go back by default.
pub const DEFAULT_UNDO_LEVELS: usize = 100;

/// The documented default configuration, embedded so `tempo config default` can print it.
pub const EXAMPLE: &str = include_str!("../config.example.toml");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub general: General,
    pub display: Display,
    pub list: List,
    pub urgency: UrgencyCoefficients,
    pub focus: Focus,
    pub calendar: Calendar,
    pub notify: Notify,
    pub tui: Tui,
    pub time: TimeConfig,
    pub capture: CaptureConfig,
    pub planner: PlannerConfig,
    pub api: ApiConfig,
    pub insights: InsightsConfig,
    pub theme: ThemeConfig,
    /// Action name → keys; see the key table in README.md.
    pub keys: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Focus {
    pub focus_minutes: u32,
    pub short_break_minutes: u32,
    pub long_break_minutes: u32,
    /// A long break after this many completed focus sessions (0: never).
    pub long_break_every: u32,
    pub auto_start_breaks: bool,
    pub auto_start_focus: bool,
    /// Ring the terminal bell when a phase ends in the TUI.
    pub bell: bool,
    /// In the app, ask for an energy check-in (1–5, Enter skips) when a focus session starts
    /// and ends; the insights relate it to how sessions go.
    pub energy_checkin: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Calendar {
    /// Where `cal add` puts events that name no calendar.
    pub default_calendar: String,
    /// Where time blocks for tasks go.
    pub blocks_calendar: String,
    /// Length of an event typed without one.
    pub event_minutes: u32,
    /// Reminders for events without their own (minutes before the start).
    pub reminder_minutes: Vec<u32>,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar {
            default_calendar: "personal".into(),
            blocks_calendar: "blocks".into(),
            event_minutes: 60,
            reminder_minutes: vec![10],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Notify {
    /// Desktop notifications; `false` keeps to the terminal bell and the TUI's toasts.
    pub desktop: bool,
    pub focus: bool,
    pub events: bool,
    pub tasks_due: bool,
    /// Also remind this many minutes before a task is due (0: only at the due time).
    pub task_lead_minutes: u32,
    /// A summary of the day's agenda at this local time (`08:00`); empty: none.
    pub agenda_time: String,
    /// `22:00-07:00`: only focus and break ends get through; empty: none.
    pub quiet_hours: String,
    /// A reminder missed (Tempo closed, machine asleep) still fires this late; older ones are
    /// listed as missed.
    pub grace_minutes: u32,
    /// Per calendar: reminders (minutes before) for its events without their own alarms.
    pub calendar_reminders: BTreeMap<String, Vec<u32>>,
}

impl Default for Notify {
    fn default() -> Self {
        Notify {
            desktop: true,
            focus: true,
            events: true,
            tasks_due: true,
            task_lead_minutes: 0,
            agenda_time: String::new(),
            quiet_hours: String::new(),
            grace_minutes: 30,
            calendar_reminders: BTreeMap::new(),
        }
    }
}

impl Default for Focus {
    fn default() -> Self {
        Focus {
            focus_minutes: 25,
            short_break_minutes: 5,
            long_break_minutes: 15,
            long_break_every: 4,
            auto_start_breaks: false,
            auto_start_focus: false,
            bell: true,
            energy_checkin: false,
        }
    }
}

impl Focus {
    pub fn cycle(&self) -> crate::model::focus::Cycle {
        crate::model::focus::Cycle {
            focus_minutes: self.focus_minutes,
            short_break_minutes: self.short_break_minutes,
            long_break_minutes: self.long_break_minutes,
            long_break_every: self.long_break_every,
            auto_start_breaks: self.auto_start_breaks,
            auto_start_focus: self.auto_start_focus,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresetConfig {
    pub name: String,
    pub filter: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Tui {
    /// Saved filters, offered by the presets list (`v`).
    pub presets: Vec<PresetConfig>,
}

impl Default for Tui {
    fn default() -> Self {
        let p = |name: &str, filter: &str| PresetConfig {
            name: name.into(),
            filter: filter.into(),
        };
        Tui {
            presets: vec![
                p("Today", "due.before:eod"),
                p("Overdue", "overdue"),
                p("Next", "+next"),
                p("Started", "active"),
                p("Waiting", "status:waiting"),
                p("Done", "status:done"),
                p("All open", ""),
            ],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Palette {
    #[default]
    #[serde(rename = "auto")]
    Auto,
    #[serde(rename = "16")]
    Ansi16,
    #[serde(rename = "truecolor")]
    Truecolor,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct ThemeConfig {
    pub palette: Palette,
    /// Role → colour overrides.
    pub colors: BTreeMap<String, String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            general: General::default(),
            display: Display::default(),
            list: List::default(),
            urgency: UrgencyCoefficients::default(),
            focus: Focus::default(),
            calendar: Calendar::default(),
            notify: Notify::default(),
            tui: Tui::default(),
            time: TimeConfig::default(),
            capture: CaptureConfig::default(),
            planner: PlannerConfig::default(),
            api: ApiConfig::default(),
            insights: InsightsConfig::default(),
            theme: ThemeConfig::default(),
            keys: keys::default_keys(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct General {
    /// Database file; empty means the platform data directory.
    pub database: String,
    pub undo_levels: usize,
    /// How much goes to the log file; `TEMPO_LOG_LEVEL` wins.
    pub log_level: LogLevel,
}

impl Default for General {
    fn default() -> Self {
        General {
            database: String::new(),
            undo_levels: DEFAULT_UNDO_LEVELS,
            log_level: LogLevel::default(),
        }
    }
}

/// The most detailed kind of line the log file gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Error,
    Warn,
    #[default]
    Info,
    Debug,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Display {
    pub color: ColorChoice,
    pub date_format: String,
    pub time_format: String,
}

impl Default for Display {
    fn default() -> Self {
        Display {
            color: ColorChoice::Auto,
            date_format: "%Y-%m-%d".into(),
            time_format: "%H:%M".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct List {
    /// Rows `tempo list` prints when `--limit` is not given; 0 means all.
    pub limit: usize,
    /// Sort keys, comma-separated, `-` for descending.
    pub sort: String,
}

impl Default for List {
    fn default() -> Self {
        List {
            limit: 0,
            sort: "-urgency".into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid config file {path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// A config file is the person's input: a missing `--config` file or a bad key is fixed in
/// the command or the file.
impl crate::error::Kinded for ConfigError {
    fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::BadInput
    }
}

impl Config {
    /// Loads `explicit` (which must exist) or the default config file (which may be absent).
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        Config::load_with(explicit, |_| Ok(()))
    }

    /// Like `load`, then runs `check`: the layers that build on this data (the keymap, the
    /// theme) refuse what they cannot use, and the error names the file like any other.
    pub fn load_with(
        explicit: Option<&Path>,
        check: impl Fn(&Config) -> Result<(), String>,
    ) -> Result<Config, ConfigError> {
        let (path, required) = match explicit {
            Some(p) => (p.to_path_buf(), true),
            None => match default_config_path() {
                Some(p) => (p, false),
                None => return Ok(Config::default()),
            },
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text)
                .and_then(|config| check(&config).map(|()| config))
                .map_err(|message| ConfigError::Invalid { path, message }),
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {
                Ok(Config::default())
            }
            Err(source) => Err(ConfigError::Read { path, source }),
        }
    }

    /// Parses and checks a config text; errors name the key and line.
    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config =
            toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())?;
        // Parsed once more as a tree only to name the key: NaN compares false with
        // everything, so a range check on the typed value would let it through.
        if let Ok(tree) = toml::from_str::<toml::Table>(text) {
            reject_non_finite(&tree, "")?;
        }
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), String> {
        for (key, fmt) in [
            ("display.date_format", &self.display.date_format),
            ("display.time_format", &self.display.time_format),
        ] {
            if StrftimeItems::new(fmt).any(|i| matches!(i, Item::Error)) || fmt.is_empty() {
                return Err(format!("`{key}` = {fmt:?} is not a valid strftime format"));
            }
        }
        if self.general.undo_levels == 0 {
            return Err("`general.undo_levels` must be at least 1".into());
        }
        for (key, minutes) in [
            ("focus.focus_minutes", self.focus.focus_minutes),
            ("focus.short_break_minutes", self.focus.short_break_minutes),
            ("focus.long_break_minutes", self.focus.long_break_minutes),
        ] {
            crate::model::focus::check_minutes(minutes).map_err(|e| format!("`{key}`: {e}"))?;
        }
        presets::check(&self.tui.presets)?;
        self.capture.validate()?;
        self.planner.rules()?;
        self.api.validate()?;
        self.insights.validate()?;
        if !self.notify.quiet_hours.is_empty() {
            crate::model::reminder::QuietHours::parse(&self.notify.quiet_hours)
                .map_err(|e| format!("`notify.quiet_hours`: {e}"))?;
        }
        if !self.notify.agenda_time.is_empty()
            && chrono::NaiveTime::parse_from_str(&self.notify.agenda_time, "%H:%M").is_err()
        {
            return Err(format!(
                "`notify.agenda_time` = {:?} is not a time (write it like 08:00)",
                self.notify.agenda_time
            ));
        }
        if self.calendar.event_minutes == 0 || self.calendar.event_minutes > 10_080 {
            return Err("`calendar.event_minutes` must be from 1 to 10080".into());
        }
        if self.urgency.age_max_days < 0.0 {
            return Err("`urgency.age_max_days` must not be negative".into());
        }
        Ok(())
    }

    /// The database path: `--db`/`TEMPO_DB` (given as `flag`), then the config, then the
    /// platform data directory.
    pub fn database_path(&self, flag: Option<&Path>) -> Option<PathBuf> {
        if let Some(p) = flag {
            return Some(p.to_path_buf());
        }
        if !self.general.database.is_empty() {
            return Some(expand_home(&self.general.database));
        }
        default_database_path()
    }
}

/// Refuses `nan` and `inf` anywhere: TOML allows them, but no setting means them.
fn reject_non_finite(table: &toml::Table, prefix: &str) -> Result<(), String> {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Float(f) if !f.is_finite() => {
                return Err(format!(
                    "`{path}` = {f} is not a number (give a finite number)"
                ));
            }
            toml::Value::Table(t) => reject_non_finite(t, &path)?,
            toml::Value::Array(items) => {
                for item in items {
                    let mut one = toml::Table::new();
                    one.insert(path.clone(), item.clone());
                    reject_non_finite(&one, "")?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The log file: `TEMPO_LOG`, else `tempo.log` beside the database.
pub fn log_path(database: &Path) -> PathBuf {
    match std::env::var_os("TEMPO_LOG") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => database.with_file_name("tempo.log"),
    }
}

/// The local zone as an IANA zone, so DST rules apply: `TZ` first, then the system's setting.
pub fn local_zone() -> chrono_tz::Tz {
    let from_env = std::env::var("TZ")
        .ok()
        .map(|s| s.trim_start_matches(':').to_string());
    from_env
        .or_else(|| iana_time_zone::get_timezone().ok())
        .and_then(|name| name.parse::<chrono_tz::Tz>().ok())
        .unwrap_or(chrono_tz::Tz::UTC)
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "tempo")
}

pub fn default_config_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

pub fn default_database_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.data_dir().join("tempo.sqlite"))
}

pub(crate) fn expand_home(p: &str) -> PathBuf {
    match (p.strip_prefix("~/"), directories::BaseDirs::new()) {
        (Some(rest), Some(base)) => base.home_dir().join(rest),
        _ => PathBuf::from(p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_is_the_default() {
        assert_eq!(Config::parse(EXAMPLE), Ok(Config::default()));
        // Every key is written out: the example and the serialised default have the same tree.
        let example: toml::Value = toml::from_str(EXAMPLE).expect("example parses");
        let default = toml::Value::try_from(Config::default()).expect("serialises");
        assert_eq!(example, default);
    }

    #[test]
    fn unknown_keys_are_named_with_their_line() {
        let err = Config::parse("[display]\ncolour = \"never\"\n").expect_err("unknown key");
        assert!(err.contains("colour"), "{err}");
        assert!(err.contains("line 2"), "{err}");
        let err = Config::parse("[urgency]\ndue = 1.0\nblokced = 2.0\n").expect_err("unknown key");
        assert!(err.contains("blokced") && err.contains("line 3"), "{err}");
    }

    #[test]
    fn bad_values_are_named() {
        let err = Config::parse("[display]\ncolor = \"sometimes\"\n").expect_err("bad value");
        assert!(err.contains("sometimes") && err.contains("line 2"), "{err}");
        let err = Config::parse("[display]\ndate_format = \"%Q\"\n").expect_err("bad format");
        assert!(err.contains("display.date_format"), "{err}");
        let err = Config::parse("[list]\nlimit = -3\n").expect_err("negative");
        assert!(err.contains("limit") || err.contains("line 2"), "{err}");
    }

    #[test]
    fn nan_and_infinity_are_refused_with_the_key() {
        for v in ["nan", "inf", "-inf", "+nan"] {
            let err = Config::parse(&format!("[urgency]\ndue = {v}\n")).expect_err(v);
            assert!(err.contains("urgency.due"), "{v}: {err}");
        }
        let err = Config::parse("[urgency.tag]\nurgent = inf\n").expect_err("inf");
        assert!(err.contains("urgency.tag.urgent"), "{err}");
    }

    #[test]
    fn partial_files_keep_other_defaults() {
        let c = Config::parse("[urgency.tag]\nurgent = 4.0\n").expect("valid");
        assert_eq!(c.urgency.tag.get("urgent"), Some(&4.0));
        assert_eq!(c.urgency.due, 12.0);
        assert_eq!(c.display, Display::default());
    }
}
