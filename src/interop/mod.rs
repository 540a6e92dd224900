//! Other tools' formats ⇄ tasks (pure: text in, tasks out). The caller does the I/O and writes
//! through the store.

pub mod git_log;
pub mod shell_hook;
pub mod taskwarrior;
pub mod timewarrior;
pub mod todotxt;
mod todotxt_write;
pub mod tw_export;
pub mod tw_fields;
