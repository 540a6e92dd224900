//! Automatic capture, the pure part: activity signals in, suggested time entries out.
//!
//! Nothing here reads the clock, a file or the database: "now", the signals and the time
//! already tracked are arguments, so the same input always gives the same suggestions.
//!
//! This first part is the signal model and the JSON ingest format.

mod ingest;
mod signal;

pub use ingest::{
    IngestError, IngestRequest, MAX_SETTING_MINUTES, MAX_SIGNAL_DURATION_SECS, minutes,
    parse_ingest,
};
pub use signal::{Signal, SignalType, Span};

#[cfg(test)]
mod tests_ingest;
