//! Tempo: tasks, focus sessions and a calendar over one SQLite file.
//!
//! Layers (see `ARCHITECTURE.md` in the shared docs): `model` is pure; `store` is the only module
//! that knows SQLite; `cli` composes them for the command line.

pub mod app;
pub mod calendar;
pub mod capture;
pub mod cli;
pub mod clock;
pub mod config;
pub mod error;
pub mod fnv;
pub mod ical;
pub mod interop;
pub mod log;
pub mod mcp;
pub mod model;
pub mod msg;
pub mod notify;
pub mod ops;
pub mod planner;
pub mod private_files;
pub mod store;
pub mod sync;
pub mod text;
pub mod time;
pub mod tui;
pub mod ui;
pub mod view_state;
pub mod worker;
