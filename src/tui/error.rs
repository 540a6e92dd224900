//! Why the full-screen app could not start or had to stop, each with its kind.

use std::path::PathBuf;

use crate::error::{ErrorKind, Kinded};
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("opening {}", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: StoreError,
    },
    /// A key binding or a theme colour in the config that cannot be used.
    #[error("{0}")]
    Settings(String),
    #[error("starting the full-screen terminal")]
    Terminal(#[source] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Drawing, reading the terminal or starting a thread failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl Kinded for Error {
    fn kind(&self) -> ErrorKind {
        match self {
            Error::Open { source, .. } => source.kind(),
            Error::Store(e) => e.kind(),
            Error::Settings(_) => ErrorKind::BadInput,
            Error::Terminal(_) | Error::Io(_) => ErrorKind::System,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(Error::Settings("x".into()).kind(), ErrorKind::BadInput);
        let io = || std::io::Error::other("gone");
        assert_eq!(Error::Terminal(io()).kind(), ErrorKind::System);
        let open = Error::Open {
            path: "/x".into(),
            source: StoreError::NotFound("1".into()),
        };
        assert_eq!(open.kind(), ErrorKind::BadInput);
    }
}
