//! Other tools' formats ⇄ tasks (pure: text in, tasks out). The caller does the I/O and writes
//! through the store. The one exception is `activitywatch`, which also reads a running
//! aw-server over HTTP (its conversion is pure all the same).

pub mod activitywatch;
pub mod git_log;
pub mod shell_hook;
pub mod taskwarrior;
pub mod timewarrior;
pub mod todotxt;
mod todotxt_write;
pub mod tw_export;
pub mod tw_fields;
