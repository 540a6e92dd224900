//! `SyncError`: what stopped a sync of an account, with its kind decided where it was made
//! (the CalDAV client sorts its own errors: `dav::DavError`). The CLI turns the kind into an
//! exit code and the schedule decides from it whether to retry, pause or wait.

use crate::error::{ErrorKind, Kinded};
use crate::sync::dav::DavError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The server, or reaching it, failed for this account.
    #[error("account “{account}”: {error}")]
    Dav { account: String, error: DavError },
}

impl SyncError {
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
        }
    }
}

/// The kind of whatever stopped a sync: a `SyncError` or `DavError` says it; what the person
/// gave (a password source, an account name) is bad input; anything else (the database, the
/// disk) is the system's.
pub fn kind_of(err: &anyhow::Error) -> ErrorKind {
    for e in err.chain() {
        if let Some(s) = e.downcast_ref::<SyncError>() {
            return s.kind();
        }
        if let Some(d) = e.downcast_ref::<DavError>() {
            return d.kind();
        }
    }
    crate::error::kind_in_chain(err.chain()).unwrap_or(ErrorKind::System)
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
        let e: anyhow::Error = SyncError::dav("work", unreachable).into();
        assert_eq!(kind_of(&e), ErrorKind::Transient);
        assert_eq!(
            kind_of(&crate::sync::usage("no such account")),
            ErrorKind::BadInput
        );
        assert_eq!(kind_of(&anyhow::anyhow!("disk full")), ErrorKind::System);
    }
}
