//! Where `ops` meets the sync code (`ops::caldav`, `ops::sync` and the CalDAV client), which
//! reports `anyhow` errors until it has an error type of its own: the kinds of its typed
//! errors, and [`SyncFailure`], which carries any of its errors through [`super::Error`]
//! with the kind intact. A typed sync error implementing `Kinded` slots in through
//! [`SyncFailure::new`].

use std::fmt;

use crate::caldav::href::HrefError;
use crate::caldav::{AccountError, DavError, Failure};
use crate::error::{ErrorKind, Kinded, KindedError, kind_in_chain};

/// The sync code's result and usage error, in the form it returns today.
pub(crate) type Result<T> = anyhow::Result<T>;

pub(crate) fn usage(msg: impl Into<String>) -> anyhow::Error {
    super::Error::Usage(msg.into()).into()
}

/// An error from the sync code, boxed with its kind.
pub struct SyncFailure(Box<dyn KindedError>);

impl SyncFailure {
    pub fn new(e: impl KindedError) -> SyncFailure {
        SyncFailure(Box::new(e))
    }
}

impl fmt::Debug for SyncFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for SyncFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for SyncFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl Kinded for SyncFailure {
    fn kind(&self) -> ErrorKind {
        self.0.kind()
    }
}

impl From<anyhow::Error> for SyncFailure {
    fn from(e: anyhow::Error) -> SyncFailure {
        SyncFailure::new(Untyped(e))
    }
}

/// An `anyhow` error from the sync code: its kind is the first kind found in its chain.
struct Untyped(anyhow::Error);

impl fmt::Debug for Untyped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Untyped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for Untyped {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl Kinded for Untyped {
    fn kind(&self) -> ErrorKind {
        kind_in_chain(self.0.chain()).unwrap_or(ErrorKind::System)
    }
}

impl Kinded for DavError {
    fn kind(&self) -> ErrorKind {
        match self.failure() {
            Failure::Input => ErrorKind::BadInput,
            Failure::Environment => ErrorKind::System,
            Failure::Transient => ErrorKind::Transient,
        }
    }
}

impl Kinded for AccountError {
    fn kind(&self) -> ErrorKind {
        self.error.kind()
    }
}

impl Kinded for HrefError {
    fn kind(&self) -> ErrorKind {
        match self {
            HrefError::Malformed(_) => ErrorKind::BadInput,
            // The server named a resource elsewhere: nothing the person typed.
            HrefError::Foreign { .. } => ErrorKind::System,
        }
    }
}

/// A source that cannot be fetched now (the network, the server): tried again later.
impl Kinded for super::sync::Unavailable {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Transient
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(error: DavError) -> anyhow::Error {
        AccountError {
            account: "home".into(),
            error,
        }
        .into()
    }

    #[test]
    fn sync_errors_keep_their_kind_through_ops() {
        let refused = super::super::Error::sync(account(DavError::Unauthorized));
        assert_eq!(refused.kind(), ErrorKind::BadInput);
        let down = account(DavError::Unreachable {
            host: "127.0.0.1".into(),
            why: "connection refused".into(),
        });
        assert_eq!(super::super::Error::sync(down).kind(), ErrorKind::Transient);
        let tls = account(DavError::Tls {
            host: "h".into(),
            why: "UnknownIssuer".into(),
        });
        assert_eq!(super::super::Error::sync(tls).kind(), ErrorKind::System);
        let typed = SyncFailure::new(super::super::sync::Unavailable("down".into()));
        assert_eq!(typed.kind(), ErrorKind::Transient);
        assert_eq!(typed.to_string(), "down");
    }

    #[test]
    fn an_unclassified_sync_error_is_the_systems() {
        let e = super::super::Error::sync(anyhow::anyhow!("cancelled"));
        assert_eq!(e.kind(), ErrorKind::System);
        assert_eq!(e.to_string(), "cancelled");
    }
}
