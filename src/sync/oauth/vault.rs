//! Where a refresh token is kept: the OS keyring (Secret Service, through `secret-tool`, the
//! token on its standard input, never in its arguments), or where there is none a file
//! readable by its owner only, beside the database. Never the database itself.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::sync::{Result, usage};

pub const KEYRING: &str = "keyring";
pub const FILE: &str = "file";

/// Where a token went, and the warning to show once when it is a file.
pub struct Saved {
    pub store: &'static str,
    pub warning: Option<String>,
}

/// The keyring attributes of an account's refresh token: the database is one of them, so two
/// databases (a test's, say) never share a token.
fn attributes(account: &str, db: &Path) -> Vec<String> {
    [
        "service",
        "tempo-oauth",
        "account",
        account,
        "database",
        &db.display().to_string(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// The file holding an account's refresh token when there is no keyring.
pub fn file_for(account: &str, db: &Path) -> PathBuf {
    let mut dir = db.as_os_str().to_owned();
    dir.push(".oauth");
    let name = percent_encoding::utf8_percent_encode(account, percent_encoding::NON_ALPHANUMERIC);
    PathBuf::from(dir).join(name.to_string())
}

/// Keeps `token` in the keyring when one answers, else in a 0600 file.
pub fn save(account: &str, db: &Path, token: &str) -> Result<Saved> {
    if keyring_store(account, db, token).is_ok() {
        let _ = std::fs::remove_file(file_for(account, db));
        return Ok(Saved {
            store: KEYRING,
            warning: None,
        });
    }
    let path = file_for(account, db);
    let existed = path.exists();
    write_file(&path, token)?;
    Ok(Saved {
        store: FILE,
        warning: (!existed).then(|| {
            format!(
                "no OS keyring answered; the sign-in of “{account}” is kept in {} (readable by you only)",
                path.display()
            )
        }),
    })
}

/// Replaces the token where it is kept now (a rotated refresh token).
pub fn replace(account: &str, db: &Path, store: &str, token: &str) -> Result<()> {
    if store == KEYRING {
        return keyring_store(account, db, token);
    }
    write_file(&file_for(account, db), token)
}

/// The refresh token of `account`, if one is kept.
pub fn load(account: &str, db: &Path, store: &str) -> Option<String> {
    if store == KEYRING {
        let out = Command::new("secret-tool")
            .arg("lookup")
            .args(attributes(account, db))
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        let t = String::from_utf8_lossy(&out.stdout).trim().to_string();
        return (out.status.success() && !t.is_empty()).then_some(t);
    }
    let t = std::fs::read_to_string(file_for(account, db)).ok()?;
    let t = t.trim().to_string();
    (!t.is_empty()).then_some(t)
}

/// Forgets the token wherever it is (the account was removed).
pub fn forget(account: &str, db: &Path) {
    let _ = std::fs::remove_file(file_for(account, db));
    let _ = Command::new("secret-tool")
        .arg("clear")
        .args(attributes(account, db))
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

fn keyring_store(account: &str, db: &Path, token: &str) -> Result<()> {
    let mut child = Command::new("secret-tool")
        .arg("store")
        .arg(format!("--label=tempo: {account} (OAuth)"))
        .args(attributes(account, db))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(token.as_bytes())?;
    }
    if !child.wait()?.success() {
        return Err(usage("the keyring refused the sign-in"));
    }
    Ok(())
}

/// Written to a temporary 0600 file and renamed into place: never readable by others, never
/// half written.
fn write_file(path: &Path, token: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        crate::private_files::create_dir(dir)?;
    }
    let tmp = path.with_extension("tmp");
    let _ = std::fs::remove_file(&tmp);
    crate::private_files::create_file(&tmp)?;
    std::fs::write(&tmp, token)?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_keyring_the_token_goes_to_a_private_file_with_one_warning() {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("t.sqlite");
        // No session bus here, so secret-tool (if installed) cannot answer.
        let first = save("work/1", &db, "rt-1").expect("saved");
        if first.store == KEYRING {
            forget("work/1", &db);
            return;
        }
        assert!(first.warning.is_some());
        let again = save("work/1", &db, "rt-2").expect("saved");
        assert!(again.warning.is_none(), "the warning is shown once");
        assert_eq!(load("work/1", &db, FILE).as_deref(), Some("rt-2"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(file_for("work/1", &db))
                .expect("file")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        forget("work/1", &db);
        assert_eq!(load("work/1", &db, FILE), None);
    }
}
