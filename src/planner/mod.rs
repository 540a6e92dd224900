//! The planner: pure code (no I/O, the clock and the time zone passed in) over the tasks, the
//! calendar and the history. `estimate` predicts how long a task will take from the tasks completed
//! before it; `schedule` lays open tasks into free time; `insights` reads
//! patterns from the history. The store and the command line around them live in `ops` and
//! `cli`.

pub mod estimate;
pub mod insights;
pub mod schedule;
