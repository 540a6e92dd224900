//! `tempo focus status --watch [--format text|json|waybar]`: one line per change, and one a
//! second while a timer runs, for status bars (waybar's `exec` with JSON, polybar and
//! i3blocks' tail scripts, tmux). It reads the state once a second from the database, as the
//! API's stream does, and prints a line only when it differs from the last one; it ends
//! quietly at the first write after its reader has gone (a closed pipe).

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::ValueEnum;
use serde_json::{Value, json};

use super::context::Context;
use crate::model::focus::view::{line, state_json};
use crate::model::focus::{FocusState, FocusStatus};
use crate::store::Store;
use crate::worker::live::{Live, moving_part};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum WatchFormat {
    /// The status line, as `tempo focus status` prints it
    #[default]
    Text,
    /// `tempo focus status --json`, on one line
    Json,
    /// waybar's custom module JSON: text, tooltip, class, percentage
    Waybar,
}

pub(super) fn watch(ctx: &Context, format: WatchFormat) -> anyhow::Result<ExitCode> {
    let every = ctx.config.focus.long_break_every;
    let mut live = Live::new(
        Store::open(&ctx.db_path)?,
        ctx.clock.clone(),
        ctx.config.focus.cycle(),
        every,
    );
    let mut out = std::io::stdout().lock();
    let mut last: Option<Value> = None;
    loop {
        let (state, now) = live.focus_state()?;
        let (key, text) = render(format, &state, now, every);
        if last.as_ref() != Some(&key) {
            writeln!(out, "{text}")?;
            out.flush()?;
            last = Some(key);
        }
        // A second of real time: the timer's display moves once a second.
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
}

/// What decides whether a line is new, and the line.
fn render(
    format: WatchFormat,
    state: &FocusState,
    now: DateTime<Utc>,
    every: u32,
) -> (Value, String) {
    let text = line(state, now, every);
    match format {
        WatchFormat::Text => (json!(text), text),
        WatchFormat::Json => {
            let v = state_json(state, now, every);
            (moving_part(&v), v.to_string())
        }
        WatchFormat::Waybar => {
            let v = waybar(state, now, text);
            (v.clone(), v.to_string())
        }
    }
}

fn waybar(state: &FocusState, now: DateTime<Utc>, tooltip: String) -> Value {
    let Some(s) = &state.active else {
        return json!({"text": "", "tooltip": tooltip, "class": "idle", "percentage": 0});
    };
    let class = match s.status {
        FocusStatus::Paused => "paused",
        _ => "running",
    };
    let planned = i64::from(s.planned_minutes.max(1)) * 60;
    let elapsed = s.elapsed(now).num_seconds();
    let shown = s.remaining(now).unwrap_or_else(|| s.elapsed(now));
    let percentage = (elapsed * 100 / planned).clamp(0, 100);
    json!({
        "text": crate::model::focus::clock(shown),
        "tooltip": tooltip,
        "class": class,
        "alt": s.kind.as_str(),
        "percentage": percentage,
    })
}
