//! The kinds of failure every layer's error is sorted into, decided where the error is made.
//!
//! Each layer has its own thiserror type (`StoreError`, `DavError`, the `ops` and `sync`
//! errors, …) implementing [`Kinded`]; the CLI turns a kind into an exit code and the sync
//! schedule decides from it whether to retry, each in one place.

/// What a failure means for the person and for the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// What was typed or given is wrong (a date, a filter, an id, a file, a URL, a password):
    /// exit 2, and nothing was changed.
    BadInput,
    /// The environment or the system failed (the disk, the database, a certificate, a server
    /// that speaks no CalDAV): exit 1.
    System,
    /// Worth trying again by itself later (the network, a busy server): exit 1, and the
    /// background sync retries it with backoff.
    Transient,
}

impl ErrorKind {
    /// The process exit code the README promises for this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::BadInput => 2,
            ErrorKind::System | ErrorKind::Transient => 1,
        }
    }

    /// Whether a background job should try again later without being asked.
    pub fn is_transient(self) -> bool {
        self == ErrorKind::Transient
    }
}

/// An error that knows its kind.
pub trait Kinded {
    fn kind(&self) -> ErrorKind;
}

/// A kinded error that can be boxed and sent across threads: how a layer carries an error of
/// a layer whose type it does not name.
pub trait KindedError: Kinded + std::error::Error + Send + Sync + 'static {}

impl<T: Kinded + std::error::Error + Send + Sync + 'static> KindedError for T {}

/// The kind of `err` when its type is one of the library's kinded errors. Rust cannot ask an
/// erased error whether it implements a trait, so the types are named here, once; each one
/// still decides its own kind.
pub fn kind_of(err: &(dyn std::error::Error + 'static)) -> Option<ErrorKind> {
    macro_rules! first_of {
        ($($t:ty),* $(,)?) => {
            $(if let Some(e) = err.downcast_ref::<$t>() {
                return Some(e.kind());
            })*
        };
    }
    first_of!(
        crate::ops::Error,
        crate::ops::UsageError,
        crate::ops::Unconfirmed,
        crate::ops::SyncFailure,
        crate::store::StoreError,
        crate::config::ConfigError,
        crate::clock::ClockError,
        crate::model::dates::DateError,
        crate::model::filter::FilterError,
        crate::model::mods::ModError,
        crate::model::focus::FocusError,
        crate::model::event_text::EventTextError,
        crate::ical::IcalError,
        crate::interop::taskwarrior::TwError,
        crate::time::TimeError,
        crate::capture::IngestError,
        crate::sync::SyncError,
        crate::sync::dav::DavError,
        crate::sync::dav::href::HrefError,
        crate::sync::subscriptions::Unavailable,
        crate::tui::Error,
    );
    None
}

/// The kind of the first kinded error in a chain of causes (outermost first).
pub fn kind_in_chain<'a>(
    chain: impl IntoIterator<Item = &'a (dyn std::error::Error + 'static)>,
) -> Option<ErrorKind> {
    chain.into_iter().find_map(kind_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_map_to_the_readme_exit_codes() {
        assert_eq!(ErrorKind::BadInput.exit_code(), 2);
        assert_eq!(ErrorKind::System.exit_code(), 1);
        assert_eq!(ErrorKind::Transient.exit_code(), 1);
        assert!(ErrorKind::Transient.is_transient());
        assert!(!ErrorKind::System.is_transient());
    }
}
