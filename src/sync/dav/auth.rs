//! HTTP Basic credentials.

use base64::Engine as _;

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
