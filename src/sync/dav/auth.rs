//! What a request carries to prove who sends it: HTTP Basic credentials, or a bearer token
//! that may be renewed (OAuth 2.0) shortly before it expires and once after a 401.

use base64::Engine as _;

use super::DavError;

/// The `Authorization` header of each request, and what to do when the server refuses it.
pub trait Authorize {
    /// The header value for the next request (a bearer close to expiry is renewed first).
    fn authorization(&self) -> Result<String, DavError>;
    /// The server answered 401: renew the credentials if that can help. `true` when the
    /// request is worth sending once more.
    fn refused(&self) -> Result<bool, DavError>;
}

/// Fixed Basic credentials: a 401 means the password is wrong.
pub struct Basic(pub String);

impl Authorize for Basic {
    fn authorization(&self) -> Result<String, DavError> {
        Ok(self.0.clone())
    }
    fn refused(&self) -> Result<bool, DavError> {
        Ok(false)
    }
}

/// The `Authorization` value for HTTP Basic auth.
pub fn basic_auth(user: &str, password: &str) -> String {
    let pair = format!("{user}:{password}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_is_the_rfc_7617_encoding() {
        assert_eq!(
            basic_auth("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(basic_auth("ann", "pä ss"), "Basic YW5uOnDDpCBzcw==");
        assert_eq!(basic_auth("", ""), "Basic Og==");
    }
}
