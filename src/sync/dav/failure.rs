//! What kind of failure a CalDAV error is, decided once: the person's input (exit 2: fix the
//! command), the environment (exit 1: fix the network, the certificate or the server), or
//! something transient (exit 1, and worth retrying by itself later).

use super::DavError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// A wrong URL, user name or password, or a refusal of what was asked.
    Input,
    /// A TLS failure, or a server that answers what no CalDAV server should.
    Environment,
    /// The network or the server, for now.
    Transient,
}

impl DavError {
    pub fn failure(&self) -> Failure {
        match self {
            DavError::Unauthorized
            | DavError::Forbidden(_)
            | DavError::NotFound(_)
            | DavError::BadUrl(_)
            | DavError::CaFile(_) => Failure::Input,
            DavError::Tls { .. }
            | DavError::Foreign(_)
            | DavError::Protocol(_)
            | DavError::TooLarge(_) => Failure::Environment,
            DavError::Unreachable { .. } | DavError::Changed | DavError::InvalidToken => {
                Failure::Transient
            }
            DavError::Status { status, .. } if *status >= 500 || *status == 429 => {
                Failure::Transient
            }
            DavError::Status { .. } => Failure::Input,
        }
    }
}

/// A CalDAV error on an account, kept typed so the exit code follows its `Failure`.
#[derive(Debug, thiserror::Error)]
#[error("account “{account}”: {error}")]
pub struct AccountError {
    pub account: String,
    pub error: DavError,
}

impl AccountError {
    pub fn is_user_error(&self) -> bool {
        self.error.failure() == Failure::Input
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
        assert_eq!(unreachable.failure(), Failure::Transient);
        let tls = DavError::Tls {
            host: "h".into(),
            why: "UnknownIssuer".into(),
        };
        assert_eq!(tls.failure(), Failure::Environment);
        assert_eq!(DavError::Unauthorized.failure(), Failure::Input);
        assert_eq!(DavError::BadUrl("x".into()).failure(), Failure::Input);
        let status = |s| DavError::Status {
            url: "u".into(),
            status: s,
            reason: String::new(),
        };
        assert_eq!(status(503).failure(), Failure::Transient);
        assert_eq!(status(405).failure(), Failure::Input);
    }
}
