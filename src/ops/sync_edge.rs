//! Where `ops` meets the sync code (`crate::sync`), whose errors travel in an `anyhow` chain:
//! [`SyncFailure`], which carries any of its errors through [`super::Error`]
//! with the kind intact. A typed sync error implementing `Kinded` slots in through
//! [`SyncFailure::new`].

use std::fmt;

use crate::error::{ErrorKind, Kinded, KindedError, kind_in_chain};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::SyncError;
    use crate::sync::dav::DavError;

    fn account(error: DavError) -> anyhow::Error {
        SyncError::dav("home", error).into()
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
        let typed = SyncFailure::new(crate::sync::subscriptions::Unavailable("down".into()));
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
