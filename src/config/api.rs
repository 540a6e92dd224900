//! The `[api]` section: the local HTTP API that `tempo serve` runs in the foreground and
//! `tempo daemon` runs when `enabled = true`. It is the same server as the capture endpoint
//! (`[capture] endpoint*`), grown: with `[api] enabled`, the daemon serves every route,
//! capture's included, on the `[api]` address and limits, and the `[capture] endpoint*` keys
//! are not used; without it, `[capture] endpoint = true` still serves the capture routes alone.
//!
//! ```toml
//! [api]
//! enabled = false
//! host = "127.0.0.1"
//! port = 5611
//! max_body_bytes = 1048576
//! requests_per_minute = 600
//! cors_origins = []
//! ```

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::endpoint::{LEAST_BODY_BYTES, MOST_BODY_BYTES};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ApiConfig {
    /// `tempo daemon` serves the API (off: `tempo serve` only).
    pub enabled: bool,
    /// A loopback address only.
    pub host: String,
    /// 0: any free port (the server prints the one it got).
    pub port: u16,
    /// A request body over this is refused (413).
    pub max_body_bytes: usize,
    /// More requests than this in a minute are refused (429).
    pub requests_per_minute: u32,
    /// Browser origins allowed to call the API (`Access-Control-Allow-Origin`); none by default.
    pub cors_origins: Vec<String>,
}

impl Default for ApiConfig {
    fn default() -> Self {
        ApiConfig {
            enabled: false,
            host: "127.0.0.1".into(),
            // Beside the capture endpoint's 5610.
            port: 5611,
            max_body_bytes: 1 << 20,
            // Status bars poll: ten a second is plenty, and still a limit.
            requests_per_minute: 600,
            cors_origins: Vec::new(),
        }
    }
}

impl ApiConfig {
    /// The listening address, which must be a loopback one.
    pub fn loopback_host(&self) -> Result<IpAddr, String> {
        match self.host.trim().parse::<IpAddr>() {
            Ok(ip) if ip.is_loopback() => Ok(ip),
            _ => Err(format!(
                "`api.host` = {:?}: the API listens on this machine only; give a loopback \
                 address (127.0.0.1 or ::1)",
                self.host
            )),
        }
    }

    pub(super) fn validate(&self) -> Result<(), String> {
        self.loopback_host()?;
        if !(LEAST_BODY_BYTES..=MOST_BODY_BYTES).contains(&self.max_body_bytes) {
            return Err(format!(
                "`api.max_body_bytes` must be from {LEAST_BODY_BYTES} to {MOST_BODY_BYTES}"
            ));
        }
        if self.requests_per_minute == 0 {
            return Err("`api.requests_per_minute` must be at least 1".into());
        }
        for origin in &self.cors_origins {
            let ok = (origin.starts_with("http://") || origin.starts_with("https://"))
                && !origin.trim_end_matches('/').contains(['*', ' '])
                && origin.len() > "http://".len();
            if !ok {
                return Err(format!(
                    "`api.cors_origins`: {origin:?} is not an origin (like http://localhost:3000)"
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_hosts_sane_limits_and_real_origins() {
        assert!(ApiConfig::default().validate().is_ok());
        let with = |f: fn(&mut ApiConfig)| {
            let mut c = ApiConfig::default();
            f(&mut c);
            c.validate().expect_err("refused")
        };
        assert!(with(|c| c.host = "0.0.0.0".into()).contains("api.host"));
        assert!(with(|c| c.max_body_bytes = 10).contains("api.max_body_bytes"));
        assert!(with(|c| c.requests_per_minute = 0).contains("api.requests_per_minute"));
        assert!(with(|c| c.cors_origins = vec!["*".into()]).contains("api.cors_origins"));
        let c = ApiConfig {
            cors_origins: vec!["http://localhost:3000".into()],
            ..ApiConfig::default()
        };
        assert!(c.validate().is_ok());
    }
}
