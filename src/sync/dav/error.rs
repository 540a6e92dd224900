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
    /// The sign-in is gone (a refresh refused as `invalid_grant`): only the person can fix it.
    #[error("sign in again: tempo sync login {0}")]
    SignIn(String),
    /// The authorization server failed or could not be reached; the text holds no token.
    #[error("signing in at {host} failed: {why}")]
    OAuth {
        host: String,
        why: String,
        transient: bool,
    },
    /// 429, or Google's 403 `rateLimitExceeded`: wait at least `retry_after` seconds.
    #[error("{url} asks to slow down (rate limited{})", .retry_after.map(|s| format!("; retry after {s} s")).unwrap_or_default())]
    RateLimited {
        url: String,
        retry_after: Option<u64>,
    },
}

impl Kinded for DavError {
    fn kind(&self) -> ErrorKind {
        match self {
            DavError::Unauthorized
            | DavError::Forbidden(_)
            | DavError::NotFound(_)
            | DavError::BadUrl(_)
            | DavError::CaFile(_)
            | DavError::SignIn(_) => ErrorKind::BadInput,
            DavError::OAuth {
                transient: true, ..
            }
            | DavError::RateLimited { .. } => ErrorKind::Transient,
            DavError::OAuth { .. } => ErrorKind::System,
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

/// What a failure to talk to `host` at all (no HTTP answer) means for the person.
pub(super) fn from_transport(host: String, https: bool, e: ureq::Error) -> DavError {
    let unreachable = |why: String| DavError::Unreachable {
        host: host.clone(),
        why,
    };
    match e {
        ureq::Error::HostNotFound => unreachable("host not found".into()),
        ureq::Error::ConnectionFailed => unreachable("connection refused".into()),
        ureq::Error::Timeout(t) => unreachable(format!("timed out ({t})")),
        // rustls reports a failed handshake as invalid data on the stream.
        ureq::Error::Io(io) if https && io.kind() == std::io::ErrorKind::InvalidData => {
            DavError::Tls {
                host,
                why: io.to_string(),
            }
        }
        ureq::Error::Io(io) => unreachable(io.to_string()),
        ureq::Error::Tls(why) => DavError::Tls {
            host,
            why: why.to_string(),
        },
        ureq::Error::Rustls(r) => DavError::Tls {
            host,
            why: r.to_string(),
        },
        ureq::Error::Protocol(p) => unreachable(format!("the connection broke: {p}")),
        ureq::Error::BodyExceedsLimit(_) => DavError::TooLarge(host),
        other => DavError::Protocol(format!("talking to {host} failed: {other}")),
    }
}

/// 429, or Google's way of saying the same: 403 with `rateLimitExceeded` (or
/// `userRateLimitExceeded`) in the body.
pub(super) fn rate_limited(status: u16, body: &str) -> bool {
    status == 429 || (status == 403 && body.contains("ateLimitExceeded"))
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
        assert_eq!(DavError::SignIn("work".into()).kind(), ErrorKind::BadInput);
    }

    #[test]
    fn googles_403_rate_limit_is_a_rate_limit_and_other_403s_are_not() {
        let google = r#"{"error":{"errors":[{"domain":"usageLimits","reason":"rateLimitExceeded"}],"code":403}}"#;
        assert!(rate_limited(403, google));
        assert!(rate_limited(403, "userRateLimitExceeded"));
        assert!(rate_limited(429, ""));
        assert!(!rate_limited(
            403,
            "<d:error><d:need-privileges/></d:error>"
        ));
        let e = DavError::RateLimited {
            url: "u".into(),
            retry_after: Some(30),
        };
        assert_eq!(e.kind(), ErrorKind::Transient);
        assert!(e.to_string().contains("retry after 30 s"), "{e}");
    }
}
