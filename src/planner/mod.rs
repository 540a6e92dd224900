//! The planner: pure code (no I/O, the clock passed in) that learns from history and plans.
//! `estimate` predicts how long a task will take from the tasks completed before it.

pub mod estimate;
