//! Which certificate authorities a connection trusts: the platform's store (read the way
//! OpenSSL does, so `SSL_CERT_FILE` and `SSL_CERT_DIR` are honoured), and besides it, per
//! account or subscription, a CA file of its own for a self-hosted server with a private CA.

use std::path::Path;

use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};

/// The certificates in a PEM file, or what is wrong with it.
pub fn read_ca_file(path: &Path) -> Result<Vec<Certificate<'static>>, String> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the CA file {shown}: {e}"))?;
    let certs: Vec<Certificate<'static>> = ureq::tls::parse_pem(&bytes)
        .filter_map(|item| match item {
            Ok(PemItem::Certificate(c)) => Some(c),
            _ => None,
        })
        .collect();
    if certs.is_empty() {
        return Err(format!(
            "the CA file {shown} holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
        ));
    }
    Ok(certs)
}

/// TLS settings trusting the platform's store and `ca_file`.
pub fn config(ca_file: Option<&Path>) -> Result<TlsConfig, String> {
    // Unreadable entries of the system store are skipped, as every other program does.
    let mut roots: Vec<Certificate<'static>> = rustls_native_certs::load_native_certs()
        .certs
        .iter()
        .map(|c| Certificate::from_der(c.as_ref()).to_owned())
        .collect();
    if let Some(path) = ca_file {
        roots.extend(read_ca_file(path)?);
    }
    let roots = if roots.is_empty() {
        // No store on this system at all: the roots built in.
        RootCerts::WebPki
    } else {
        RootCerts::new_with_certs(&roots)
    };
    Ok(TlsConfig::builder().root_certs(roots).build())
}

/// A host Basic auth may reach over plain http without anyone else on the way.
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ca_file_without_certificates_is_named() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, "not a certificate").expect("write");
        let e = read_ca_file(&path).expect_err("no certificate");
        assert!(e.contains("holds no PEM certificate"), "{e}");
        let e = read_ca_file(&dir.path().join("missing.pem")).expect_err("missing");
        assert!(e.contains("cannot read the CA file"), "{e}");
    }

    #[test]
    fn loopback_hosts() {
        for h in ["localhost", "127.0.0.1", "127.3.4.5", "[::1]"] {
            assert!(is_loopback(h), "{h}");
        }
        for h in ["dav.example.org", "192.168.1.2", "10.0.0.1"] {
            assert!(!is_loopback(h), "{h}");
        }
    }
}
