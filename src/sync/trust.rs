//! What an account or subscription may connect with, checked before anything is stored:
//! its own CA file (kept as an absolute path) and, for an account, whether its password may
//! go over plain http.

use std::path::Path;

use crate::sync::dav::href::Origin;
use crate::sync::dav::tls;
use crate::sync::{Result, usage};

/// A `--ca-file` made absolute after checking that it holds a certificate.
pub fn ca_file(path: Option<&str>) -> Result<Option<String>> {
    let Some(path) = path else {
        return Ok(None);
    };
    let full = std::fs::canonicalize(path)
        .map_err(|e| usage(format!("cannot read the CA file {path}: {e}")))?;
    tls::read_ca_file(&full).map_err(usage)?;
    Ok(Some(full.display().to_string()))
}

/// Basic auth over plain http to another host sends the password readable to anyone on the
/// way: only with `--allow-http`. `Some(warning)` when allowed, for the person to see once.
pub fn plain_http(url: &str, allow_http: bool) -> Result<Option<String>> {
    let Some(origin) = Origin::of(url) else {
        return Ok(None);
    };
    if origin.is_https() || tls::is_loopback(origin.host()) {
        return Ok(None);
    }
    if !allow_http {
        return Err(usage(format!(
            "{origin} is plain http: the password would cross the network unencrypted; \
             use https, or say --allow-http if you accept that"
        )));
    }
    Ok(Some(format!(
        "the password for {origin} goes over plain http, unencrypted (--allow-http)"
    )))
}

/// A stored CA file as a path for a client.
pub fn path(stored: Option<&String>) -> Option<&Path> {
    stored.map(Path::new)
}
