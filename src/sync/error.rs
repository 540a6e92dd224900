//! `SyncError`: what stopped a sync (or an account, subscription or conflict command), with
//! its kind decided where it was made — the CalDAV client sorts its own errors
//! (`dav::DavError`), a subscription source that cannot be reached now is `Unavailable`, and
//! what the person gave is bad input. The CLI turns the kind into an exit code and the
//! schedule decides from it whether to retry, pause or wait.

use crate::error::{ErrorKind, Kinded};
use crate::store::StoreError;
use crate::sync::dav::DavError;
use crate::sync::subscriptions::Unavailable;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The server, or reaching it, failed for this account.
    #[error("account “{account}”: {error}")]
    Dav { account: String, error: DavError },
    /// What the person gave cannot be used: an account or subscription name, a password
    /// source, a URL, a CA file, a conflict's id.
    #[error("{0}")]
    BadInput(String),
    /// A subscription's source cannot be fetched now (the network, the server).
    #[error(transparent)]
    Unavailable(#[from] Unavailable),
    /// The subscription was added; its first refresh failed (the cause follows in the chain).
    #[error(
        "subscribed “{calendar}”, but its first refresh failed; it is tried again at the next \
         sync"
    )]
    FirstRefresh {
        calendar: String,
        #[source]
        source: Box<SyncError>,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Talking to a helper program (the keyring's `secret-tool`) failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl SyncError {
    /// The account's OAuth sign-in is gone: "sign in again".
    pub fn needs_sign_in(&self) -> bool {
        matches!(
            self,
            SyncError::Dav {
                error: DavError::SignIn(_),
                ..
            }
        )
    }

    /// Seconds the server asked to wait (`Retry-After` on a rate limit).
    pub fn retry_after(&self) -> Option<i64> {
        match self {
            SyncError::Dav {
                error: DavError::RateLimited { retry_after, .. },
                ..
            } => retry_after.map(|s| i64::try_from(s).unwrap_or(i64::MAX)),
            _ => None,
        }
    }

    pub fn dav(account: &str, error: DavError) -> SyncError {
        SyncError::Dav {
            account: account.to_string(),
            error,
        }
    }
}

impl Kinded for SyncError {
    fn kind(&self) -> ErrorKind {
        match self {
            SyncError::Dav { error, .. } => error.kind(),
            SyncError::BadInput(_) => ErrorKind::BadInput,
            SyncError::Unavailable(e) => e.kind(),
            SyncError::FirstRefresh { source, .. } => source.kind(),
            SyncError::Store(e) => e.kind(),
            SyncError::Io(_) => ErrorKind::System,
        }
    }
}

/// `ops` carries a sync error (a conflict settled from the app, say) without naming this
/// module: boxed with its kind.
impl From<SyncError> for crate::ops::SyncFailure {
    fn from(e: SyncError) -> crate::ops::SyncFailure {
        crate::ops::SyncFailure::new(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sync_error_has_the_kind_of_its_cause() {
        let e = SyncError::dav("work", DavError::Unauthorized);
        assert_eq!(e.kind(), ErrorKind::BadInput);
        let unreachable = DavError::Unreachable {
            host: "h".into(),
            why: "connection refused".into(),
        };
        assert_eq!(
            SyncError::dav("work", unreachable).kind(),
            ErrorKind::Transient
        );
        assert_eq!(
            crate::sync::usage("no such account").kind(),
            ErrorKind::BadInput
        );
        let disk = SyncError::from(std::io::Error::other("disk full"));
        assert_eq!(disk.kind(), ErrorKind::System);
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        );
        assert_eq!(
            SyncError::from(StoreError::Sqlite(busy)).kind(),
            ErrorKind::Transient
        );
    }

    #[test]
    fn a_failed_first_refresh_keeps_its_causes_kind_and_message() {
        let e = SyncError::FirstRefresh {
            calendar: "Holidays".into(),
            source: Box::new(Unavailable("cannot reach h: timed out".into()).into()),
        };
        assert_eq!(e.kind(), ErrorKind::Transient);
        // The command line prints the error, then each cause on a line of its own.
        let mut chain = vec![e.to_string()];
        let mut cause = std::error::Error::source(&e);
        while let Some(c) = cause {
            chain.push(c.to_string());
            cause = c.source();
        }
        assert_eq!(
            chain,
            [
                "subscribed “Holidays”, but its first refresh failed; it is tried again at the \
                 next sync",
                "cannot reach h: timed out",
            ]
        );
    }
}
