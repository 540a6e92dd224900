//! What a handler answers: a status and a JSON body, or an error in the one shape every
//! route uses, `{"error": {"code": "...", "kind": "...", "message": "..."}}` (`code` is the
//! API's documented name; `kind`, the same word, stays for the capture endpoint's first callers).

use serde_json::{Value, json};

use crate::error::{ErrorKind, Kinded};

#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    pub fn ok(body: Value) -> Reply {
        Reply::status(200, body)
    }

    pub fn status(status: u16, body: Value) -> Reply {
        Reply {
            status,
            body,
            headers: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &'static str, value: String) -> Reply {
        self.headers.push((name, value));
        self
    }
}

/// A failed request: its HTTP status, a stable machine-readable kind and a message for people.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct ApiError {
    pub status: u16,
    pub kind: &'static str,
    pub message: String,
    pub headers: Vec<(&'static str, String)>,
}

impl ApiError {
    fn new(status: u16, kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            kind,
            message: message.into(),
            headers: Vec::new(),
        }
    }

    pub fn bad_input(message: impl Into<String>) -> ApiError {
        ApiError::new(400, "bad_input", message)
    }

    pub fn unauthorized() -> ApiError {
        let mut e = ApiError::new(
            401,
            "unauthorized",
            "missing or wrong bearer token (`tempo api token` prints it)",
        );
        e.headers.push(("WWW-Authenticate", "Bearer".into()));
        e
    }

    /// A `Host` header that names no loopback host: a page elsewhere reaching the API through
    /// a name rebound to 127.0.0.1 (DNS rebinding).
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(403, "forbidden", message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(404, "not_found", message)
    }

    pub fn method_not_allowed(method: &str, allowed: &[&str]) -> ApiError {
        let mut e = ApiError::new(
            405,
            "method_not_allowed",
            format!(
                "{method} is not allowed here (allowed: {})",
                allowed.join(", ")
            ),
        );
        e.headers.push(("Allow", allowed.join(", ")));
        e
    }

    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError::new(409, "conflict", message)
    }

    pub fn too_large(limit: usize) -> ApiError {
        ApiError::new(
            413,
            "too_large",
            format!("the request body is over the limit of {limit} bytes"),
        )
    }

    pub fn rate_limited(retry_after_secs: u64) -> ApiError {
        let mut e = ApiError::new(
            429,
            "rate_limited",
            format!("too many requests; try again in {retry_after_secs} s"),
        );
        e.headers
            .push(("Retry-After", retry_after_secs.to_string()));
        e
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(500, "internal", message)
    }

    /// An error of the library's own layers: bad input is the caller's to fix (400), anything
    /// else is this side's failure (500).
    pub fn from_kinded<E: Kinded + std::fmt::Display>(e: &E) -> ApiError {
        match e.kind() {
            ErrorKind::BadInput => ApiError::bad_input(e.to_string()),
            ErrorKind::System | ErrorKind::Transient => ApiError::internal(e.to_string()),
        }
    }

    /// An operation's error: a task that is not there is 404, the rest by kind.
    pub fn from_op(e: &crate::ops::Error) -> ApiError {
        match e {
            crate::ops::Error::Store(crate::store::StoreError::NotFound(_)) => {
                ApiError::not_found(e.to_string())
            }
            _ => ApiError::from_kinded(e),
        }
    }

    pub fn into_reply(self) -> Reply {
        Reply {
            status: self.status,
            body: json!({"error": {"code": self.kind, "kind": self.kind, "message": self.message}}),
            headers: self.headers,
        }
    }
}
