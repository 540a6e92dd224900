//! The `[capture]` keys of `tempo daemon`'s local HTTP endpoint: their defaults and checks.
//! The endpoint only ever listens on a loopback address: anything else in the config is
//! refused, like any bad value, before a command runs.

use std::net::IpAddr;

/// Off unless asked for: a daemon that only delivers reminders opens no port.
pub const DEFAULT_ENABLED: bool = false;
pub const DEFAULT_HOST: &str = "127.0.0.1";
/// Beside ActivityWatch's 5600, taken by nothing common.
pub const DEFAULT_PORT: u16 = 5610;
pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;
/// The largest body limit that may be configured (a bigger declared body is not even read).
pub const MOST_BODY_BYTES: usize = 64 << 20;
pub const LEAST_BODY_BYTES: usize = 1024;
pub const DEFAULT_REQUESTS_PER_MINUTE: u32 = 60;

/// The listening address from `capture.endpoint_host`, which must be a loopback address.
pub fn loopback_host(host: &str) -> Result<IpAddr, String> {
    match host.trim().parse::<IpAddr>() {
        Ok(ip) if ip.is_loopback() => Ok(ip),
        _ => Err(format!(
            "`capture.endpoint_host` = {host:?}: the endpoint listens on this machine only; \
             give a loopback address (127.0.0.1 or ::1)"
        )),
    }
}

/// Checks the endpoint keys; the message names the key.
pub fn check(host: &str, max_body_bytes: usize, requests_per_minute: u32) -> Result<(), String> {
    loopback_host(host)?;
    if !(LEAST_BODY_BYTES..=MOST_BODY_BYTES).contains(&max_body_bytes) {
        return Err(format!(
            "`capture.endpoint_max_body_bytes` must be from {LEAST_BODY_BYTES} to {MOST_BODY_BYTES}"
        ));
    }
    if requests_per_minute == 0 {
        return Err("`capture.endpoint_requests_per_minute` must be at least 1".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_addresses_are_accepted() {
        assert!(loopback_host("127.0.0.1").is_ok());
        assert!(loopback_host("::1").is_ok());
        for bad in [
            "0.0.0.0",
            "192.168.1.10",
            "::",
            "localhost",
            "example.org",
            "",
        ] {
            let e = loopback_host(bad).expect_err(bad);
            assert!(e.contains("capture.endpoint_host"), "{e}");
        }
    }

    #[test]
    fn limits_are_checked_with_their_key() {
        assert!(check(DEFAULT_HOST, DEFAULT_MAX_BODY_BYTES, 60).is_ok());
        let e = check(DEFAULT_HOST, 10, 60).expect_err("tiny");
        assert!(e.contains("endpoint_max_body_bytes"), "{e}");
        let e = check(DEFAULT_HOST, MOST_BODY_BYTES + 1, 60).expect_err("huge");
        assert!(e.contains("endpoint_max_body_bytes"), "{e}");
        let e = check(DEFAULT_HOST, 4096, 0).expect_err("zero");
        assert!(e.contains("endpoint_requests_per_minute"), "{e}");
    }
}
