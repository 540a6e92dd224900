//! Finding an issuer's endpoints: RFC 8414 (`/.well-known/oauth-authorization-server`),
//! else OpenID Connect Discovery (`/.well-known/openid-configuration`).

use super::http::{self, text};
use crate::sync::dav::DavError;

/// The endpoints Tempo uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub token: String,
    pub device: Option<String>,
    pub authorization: Option<String>,
}

/// Where the metadata of `issuer` may be, in the order tried. RFC 8414 puts the well-known
/// part before the issuer's path; OpenID Connect appends it.
pub fn metadata_urls(issuer: &str) -> Vec<String> {
    let issuer = issuer.trim_end_matches('/');
    let (origin, path) = match issuer.split_once("://") {
        Some((scheme, rest)) => match rest.find('/') {
            Some(i) => (format!("{scheme}://{}", &rest[..i]), &rest[i..]),
            None => (issuer.to_string(), ""),
        },
        None => (issuer.to_string(), ""),
    };
    vec![
        format!("{origin}/.well-known/oauth-authorization-server{path}"),
        format!("{issuer}/.well-known/openid-configuration"),
    ]
}

/// The endpoints from an issuer's metadata document, which must name that issuer.
pub fn endpoints(issuer: &str, doc: &serde_json::Value) -> Result<Endpoints, DavError> {
    let named = text(doc, "issuer").unwrap_or_default();
    if named.trim_end_matches('/') != issuer.trim_end_matches('/') {
        return Err(http::failed(
            issuer,
            format!("its metadata names another issuer ({named})"),
            false,
        ));
    }
    let token = text(doc, "token_endpoint")
        .ok_or_else(|| http::failed(issuer, "its metadata has no token_endpoint", false))?;
    Ok(Endpoints {
        token,
        device: text(doc, "device_authorization_endpoint"),
        authorization: text(doc, "authorization_endpoint"),
    })
}

/// Fetches the metadata of `issuer` and reads its endpoints.
pub fn discover(agent: &ureq::Agent, issuer: &str) -> Result<Endpoints, DavError> {
    for url in metadata_urls(issuer) {
        if let Some(doc) = http::get_json(agent, &url)? {
            return endpoints(issuer, &doc);
        }
    }
    Err(http::failed(
        issuer,
        "no OAuth metadata there (RFC 8414 nor OpenID Connect discovery); is it the issuer URL?",
        false,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_is_looked_for_where_both_rfcs_put_it() {
        assert_eq!(
            metadata_urls("https://auth.example/tenant1/"),
            [
                "https://auth.example/.well-known/oauth-authorization-server/tenant1",
                "https://auth.example/tenant1/.well-known/openid-configuration",
            ]
        );
        assert_eq!(
            metadata_urls("https://accounts.google.com"),
            [
                "https://accounts.google.com/.well-known/oauth-authorization-server",
                "https://accounts.google.com/.well-known/openid-configuration",
            ]
        );
    }

    #[test]
    fn metadata_must_name_the_issuer_asked_for() {
        let doc = serde_json::json!({
            "issuer": "https://auth.example",
            "token_endpoint": "https://auth.example/token",
            "device_authorization_endpoint": "https://auth.example/device/auth",
        });
        let e = endpoints("https://auth.example/", &doc).expect("endpoints");
        assert_eq!(e.token, "https://auth.example/token");
        assert_eq!(
            e.device.as_deref(),
            Some("https://auth.example/device/auth")
        );
        assert_eq!(e.authorization, None);
        let err = endpoints("https://other.example", &doc).expect_err("mismatch");
        assert!(err.to_string().contains("another issuer"), "{err}");
    }
}
