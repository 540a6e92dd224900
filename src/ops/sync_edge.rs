//! Where `ops` meets the sync code (`crate::sync`) without naming it: [`SyncFailure`] carries
//! a sync error through [`super::Error`] with its kind intact (`sync` converts its
//! `SyncError` into one).

use std::fmt;

use crate::error::{ErrorKind, Kinded, KindedError};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::SyncError;
    use crate::sync::dav::DavError;

    fn account(error: DavError) -> SyncError {
        SyncError::dav("home", error)
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
        let tls = super::super::Error::sync(tls);
        assert_eq!(tls.kind(), ErrorKind::System);
        assert_eq!(
            tls.to_string(),
            "account “home”: ".to_string() + &tls_text()
        );
        let typed = SyncFailure::new(crate::sync::subscriptions::Unavailable("down".into()));
        assert_eq!(typed.kind(), ErrorKind::Transient);
        assert_eq!(typed.to_string(), "down");
    }

    fn tls_text() -> String {
        DavError::Tls {
            host: "h".into(),
            why: "UnknownIssuer".into(),
        }
        .to_string()
    }
}
