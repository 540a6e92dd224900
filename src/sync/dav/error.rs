//! `DavError`, and what kind of failure each is, decided once where it is made: the person's
//! input (exit 2: fix the URL, the user name or the password), the system (exit 1: fix the
//! certificate or the server), or something transient (exit 1, and the background sync
//! retries it by itself later).

use super::MAX_MIB;
use crate::error::{ErrorKind, Kinded};

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum DavError {
    #[error("the server refused the user name or password (401 Unauthorized)")]
    Unauthorized,
    #[error("the server refused access to {0} (403 Forbidden)")]
    Forbidden(String),
    #[error("{0} does not exist on the server (404): was it deleted there?")]
    NotFound(String),
    #[error("cannot reach {host}: {why}")]
    Unreachable { host: String, why: String },
    #[error("TLS failure talking to {host}: {why}")]
    Tls { host: String, why: String },
    #[error("the server's copy changed meanwhile (412 Precondition Failed)")]
    Changed,
    #[error("the server no longer accepts the sync token")]
    InvalidToken,
    #[error("{url} answered {status} {reason}")]
    Status {
        url: String,
        status: u16,
        reason: String,
    },
    /// The server named a resource on another origin; nothing was sent there.
    #[error("{0}: refused, the password is only sent to the account's server")]
    Foreign(String),
    #[error(
        "an answer from {0} is larger than {MAX_MIB} MiB, the most Tempo reads in one answer; nothing of it was used"
    )]
    TooLarge(String),
    #[error("{0}")]
    BadUrl(String),
    #[error("{0}")]
    CaFile(String),
    #[error("{0}")]
    Protocol(String),
}

impl Kinded for DavError {
    fn kind(&self) -> ErrorKind {
        match self {
            DavError::Unauthorized
            | DavError::Forbidden(_)
            | DavError::NotFound(_)
            | DavError::BadUrl(_)
            | DavError::CaFile(_) => ErrorKind::BadInput,
            DavError::Tls { .. }
            | DavError::Foreign(_)
            | DavError::Protocol(_)
            | DavError::TooLarge(_) => ErrorKind::System,
            DavError::Unreachable { .. } | DavError::Changed | DavError::InvalidToken => {
                ErrorKind::Transient
            }
            // No WebDAV there at all.
            DavError::Status {
                status: 405 | 501, ..
            } => ErrorKind::System,
            // Busy, locked (a Xandikos mid-write) or failing for now.
            DavError::Status {
                status: 408 | 423 | 429 | 500..,
                ..
            } => ErrorKind::Transient,
            // Anything else is what no CalDAV server should answer a CalDAV client: the
            // server's doing, not the person's typing.
            DavError::Status { .. } => ErrorKind::System,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_classified_once() {
        let unreachable = DavError::Unreachable {
            host: "h".into(),
            why: "connection refused".into(),
        };
        assert_eq!(unreachable.kind(), ErrorKind::Transient);
        let tls = DavError::Tls {
            host: "h".into(),
            why: "UnknownIssuer".into(),
        };
        assert_eq!(tls.kind(), ErrorKind::System);
        assert_eq!(DavError::Unauthorized.kind(), ErrorKind::BadInput);
        assert_eq!(DavError::BadUrl("x".into()).kind(), ErrorKind::BadInput);
        let status = |s| DavError::Status {
            url: "u".into(),
            status: s,
            reason: String::new(),
        };
        assert_eq!(status(503).kind(), ErrorKind::Transient);
        assert_eq!(status(405).kind(), ErrorKind::System);
        assert_eq!(status(429).kind(), ErrorKind::Transient);
        assert_eq!(status(423).kind(), ErrorKind::Transient);
        assert_eq!(status(501).kind(), ErrorKind::System);
        assert_eq!(status(400).kind(), ErrorKind::System);
        assert_eq!(DavError::Changed.kind(), ErrorKind::Transient);
    }
}
