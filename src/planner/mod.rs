//! The planner: pure code (no I/O, the clock passed in) that lays open tasks into free time.
//! The store and the command line around it live in `ops::plan` and `cli::plan`.

pub mod schedule;
