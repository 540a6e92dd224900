//! The default key bindings as data: action name → keys, in the form `[keys]` in the config
//! takes. The app's keymap starts from this table and applies the config's overrides; the
//! example config writes it out.

use std::collections::BTreeMap;

/// Every action's default keys, in help order.
pub const DEFAULT_KEYS: &[(&str, &[&str])] = &[
    ("quit", &["q", "ctrl-c"]),
    ("help", &["?"]),
    ("next_pane", &["tab"]),
    ("prev_pane", &["shift-tab"]),
    ("pane_tasks", &["1"]),
    ("pane_focus", &["2"]),
    ("pane_calendar", &["3"]),
    ("pane_time", &["4"]),
    ("zoom", &["z"]),
    ("sync_now", &["S"]),
    ("sync_conflicts", &["C"]),
    ("notifications", &["N"]),
    ("command_line", &[":"]),
    ("suspend", &["ctrl-z"]),
    ("down", &["j", "down"]),
    ("up", &["k", "up"]),
    ("page_down", &["pgdn", "ctrl-d"]),
    ("page_up", &["pgup", "ctrl-u"]),
    ("top", &["g", "home"]),
    ("bottom", &["G", "end"]),
    ("filter", &["/"]),
    ("clear_filter", &["esc"]),
    ("presets", &["v"]),
    ("add", &["a"]),
    ("edit", &["e"]),
    ("edit_notes", &["E"]),
    ("done", &["d"]),
    ("delete", &["x"]),
    ("start_stop", &["s"]),
    ("undo", &["u"]),
    ("cycle_priority", &["p"]),
    ("edit_tags", &["t"]),
    ("detail", &["enter"]),
    ("cycle_sort", &["o"]),
    ("group_by_project", &["P"]),
    ("focus_task", &["f"]),
    ("back", &["esc", "backspace"]),
    ("scroll_down", &["j", "down"]),
    ("scroll_up", &["k", "up"]),
    ("focus_toggle", &["space"]),
    ("focus_interrupt", &["i"]),
    ("focus_interrupt_external", &["I"]),
    ("focus_complete", &["c"]),
    ("focus_abandon", &["x"]),
    ("focus_longer", &["+", "="]),
    ("focus_shorter", &["-"]),
    ("focus_skip_break", &["b"]),
    ("focus_stats", &["v"]),
    ("cal_prev_day", &["h", "left"]),
    ("cal_next_day", &["l", "right"]),
    ("cal_down", &["j", "down"]),
    ("cal_up", &["k", "up"]),
    ("cal_prev_page", &["pgup", "H"]),
    ("cal_next_page", &["pgdn", "L"]),
    ("cal_today", &["t"]),
    ("cal_view", &["v"]),
    ("cal_open", &["enter"]),
    ("cal_back", &["esc"]),
    ("cal_add", &["a"]),
    ("cal_edit", &["e"]),
    ("cal_delete", &["d"]),
    ("cal_block", &["b"]),
    ("time_start", &["s"]),
    ("time_toggle", &["space"]),
    ("time_continue", &["c"]),
    ("time_add", &["a"]),
    ("time_edit", &["e"]),
    ("time_split", &["/"]),
    ("time_delete", &["d"]),
    ("time_undo", &["u"]),
    ("time_down", &["j", "down"]),
    ("time_up", &["k", "up"]),
    ("time_prev", &["h", "left", "pgup"]),
    ("time_next", &["l", "right", "pgdn"]),
    ("time_today", &["t"]),
    ("time_view", &["v"]),
    ("time_report", &["r"]),
    ("time_review", &["R"]),
    ("review_approve", &["y"]),
    ("review_reject", &["n"]),
    ("review_correct", &["m"]),
    ("review_confident", &["Y"]),
];

/// The defaults as `[keys]` entries.
pub fn default_keys() -> BTreeMap<String, Vec<String>> {
    DEFAULT_KEYS
        .iter()
        .map(|(name, keys)| {
            (
                (*name).to_string(),
                keys.iter().map(|k| (*k).to_string()).collect(),
            )
        })
        .collect()
}
