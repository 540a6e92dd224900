//! Where an account's password comes from: the environment, a command, or the OS keyring
//! through the Secret Service. Never the database, never a log.

use crate::store::Account;
use crate::sync::{Result, usage};

/// An account's password, from where it says; never the database itself.
pub fn password(account: &Account) -> Result<String> {
    password_from(&account.name, &account.password_from)
}

/// A password from `from`: `env:VAR`, `command:CMD` or `keyring`.
pub fn password_from(account: &str, from: &str) -> Result<String> {
    if let Some(var) = from.strip_prefix("env:") {
        return std::env::var(var).map_err(|_| {
            usage(format!(
                "account “{}”: the environment variable {var} (its password) is not set",
                account
            ))
        });
    }
    if let Some(cmd) = from.strip_prefix("command:") {
        let out = std::process::Command::new("sh")
            .args(["-c", cmd])
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| usage(format!("account “{}”: cannot run `{cmd}`: {e}", account)))?;
        if !out.status.success() {
            return Err(usage(format!(
                "account “{}”: the password command `{cmd}` failed: {}",
                account,
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        let text = String::from_utf8_lossy(&out.stdout);
        return Ok(text.lines().next().unwrap_or_default().to_string());
    }
    if from == "keyring" {
        return keyring_lookup(account);
    }
    Err(usage(format!(
        "account “{}”: unknown password source `{from}`",
        account
    )))
}

/// The OS keyring through the Secret Service (`secret-tool`, from libsecret).
fn keyring_lookup(account: &str) -> Result<String> {
    let out = std::process::Command::new("secret-tool")
        .args(["lookup", "service", "tempo", "account", account])
        .output()
        .map_err(|e| {
            usage(format!(
                "account “{account}”: cannot ask the keyring (secret-tool: {e}); install libsecret-tools or use --password-command"
            ))
        })?;
    if !out.status.success() || out.stdout.is_empty() {
        return Err(usage(format!(
            "account “{account}”: the keyring has no password for it (store one with: secret-tool store --label=tempo service tempo account {account})"
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .trim_end_matches('\n')
        .to_string())
}

/// Stores a password in the OS keyring.
pub fn keyring_store(account: &str, password: &str) -> Result<()> {
    use std::io::Write;
    let mut child = std::process::Command::new("secret-tool")
        .args([
            "store",
            &format!("--label=tempo: {account}"),
            "service",
            "tempo",
            "account",
            account,
        ])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| usage(format!("cannot reach the keyring (secret-tool: {e})")))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(password.as_bytes())?;
    }
    let out = child.wait_with_output()?;
    if !out.status.success() {
        return Err(usage(format!(
            "the keyring refused the password: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(())
}
