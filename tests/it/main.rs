//! The integration tests: one binary (each module compiled once, `common` once), driving the
//! real `tempo` binary on temp databases with a pinned clock.

mod common;

mod cal;
mod cal_files;
mod cal_identity;
mod cal_import_atomic;
mod cal_input;
mod cal_reference;
mod cal_roundtrip;
mod cal_series;
mod cal_undo;
mod caldav;
mod caldav_interop;
mod caldav_kinds;
mod caldav_origin;
mod caldav_recovery;
mod caldav_single;
mod caldav_tls;
mod caldav_upload;
mod capture_review;
mod cli;
mod exit_codes;
mod filter_limits;
mod flags;
mod focus;
mod import_annotations;
mod import_taskwarrior;
mod layers;
mod migrations;
mod notify;
mod private_files;
mod read_only;
mod reminders;
mod subscriptions;
mod taskwarrior_fidelity;
mod time_report;
mod time_timewarrior;
mod time_tracking;
mod todotxt_fidelity;
mod tui;
mod tui_review;
mod tui_time;
