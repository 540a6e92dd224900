//! The planner: pure code over the history (no I/O, the clock and the time zone passed in).

pub mod insights;
