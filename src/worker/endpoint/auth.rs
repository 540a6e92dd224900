//! The endpoint's bearer token: made once, kept in a file only its owner can read, compared
//! in constant time. Whoever can read the file may use the endpoint, so the token is never
//! written to the log, an error message or the daemon's output; `tempo capture token` is the
//! one way to print it.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The token file's name, beside the database (as the log is).
pub const TOKEN_FILE: &str = "api-token";

/// A secret that does not print itself.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// The text to put after `Bearer ` (for `tempo capture token` only).
    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// Whether `given` is this token, in time that does not depend on where they differ.
    pub fn matches(&self, given: &str) -> bool {
        constant_time_eq(self.0.as_bytes(), given.as_bytes())
    }

    /// Whether an `Authorization` header value carries this token as a bearer token.
    pub fn authorizes(&self, header: Option<&str>) -> bool {
        let Some(value) = header else {
            return false;
        };
        let value = value.trim();
        match value.split_once(' ') {
            Some((scheme, given)) if scheme.eq_ignore_ascii_case("bearer") => {
                self.matches(given.trim())
            }
            _ => false,
        }
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

/// The token file for the database at `db`.
pub fn token_path(db: &Path) -> PathBuf {
    db.with_file_name(TOKEN_FILE)
}

/// The token in `path`, made (64 hex digits) and written 0600 when the file is absent
/// or empty. A file that others could read is tightened to 0600 first.
pub fn load_or_create(path: &Path) -> io::Result<Token> {
    crate::private_files::tighten(path)?;
    let empty = match read(path)? {
        Some(Some(token)) => return Ok(token),
        Some(None) => true,
        None => false,
    };
    if let Some(dir) = path.parent() {
        crate::private_files::create_dir(dir)?;
    }
    let token = Token(fresh());
    // Written whole to a private file of its own first, so a reader never sees half a token
    // and the file is never readable by others, whatever the umask.
    let tmp = path.with_extension(format!("{}.tmp", uuid::Uuid::new_v4().simple()));
    crate::private_files::create_file(&tmp)?;
    let written = write_token(&tmp, &token).and_then(|()| {
        if empty {
            return std::fs::rename(&tmp, path);
        }
        // Linked, not renamed, into place: when `tempo daemon` and `tempo capture token` make
        // one at the same moment, the second finds the first's and uses it, so both agree.
        let linked = std::fs::hard_link(&tmp, path);
        let _ = std::fs::remove_file(&tmp);
        linked
    });
    let _ = std::fs::remove_file(&tmp);
    match written {
        Ok(()) => Ok(token),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => match read(path)? {
            Some(Some(theirs)) => Ok(theirs),
            _ => Err(e),
        },
        Err(e) => Err(e),
    }
}

/// A new token in `path`, replacing the old one at once (renamed into place, 0600): the old
/// one stops working on the running server's next request.
pub fn rotate(path: &Path) -> io::Result<Token> {
    if let Some(dir) = path.parent() {
        crate::private_files::create_dir(dir)?;
    }
    let token = Token(fresh());
    let tmp = path.with_extension(format!("{}.tmp", uuid::Uuid::new_v4().simple()));
    crate::private_files::create_file(&tmp)?;
    let written = write_token(&tmp, &token).and_then(|()| std::fs::rename(&tmp, path));
    let _ = std::fs::remove_file(&tmp);
    written.map(|()| token)
}

/// The server's token, read again when its file changes (`tempo api token --rotate`).
#[derive(Debug)]
pub(super) struct TokenWatch {
    path: PathBuf,
    token: Token,
    stamp: Option<(std::time::SystemTime, u64)>,
}

impl TokenWatch {
    pub(super) fn new(path: PathBuf, token: Token) -> TokenWatch {
        let stamp = stamp(&path);
        TokenWatch { path, token, stamp }
    }

    /// Whether `header` carries the current token. A file that cannot be read keeps the
    /// token in hand (a rotation in progress is not a reason to lock everyone out).
    pub(super) fn authorizes(&mut self, header: Option<&str>) -> bool {
        let now = stamp(&self.path);
        if now != self.stamp {
            if let Ok(Some(Some(token))) = read(&self.path) {
                self.token = token;
                self.stamp = now;
            }
        }
        self.token.authorizes(header)
    }
}

/// What tells a replaced file from the one read: a rotation renames a new file into place, so
/// its inode differs even when the clock's resolution hides the new modification time.
fn stamp(path: &Path) -> Option<(std::time::SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let id = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let id = meta.len();
    Some((meta.modified().ok()?, id))
}

/// The token in `path`: `None` when there is no file, `Some(None)` when it is empty.
fn read(path: &Path) -> io::Result<Option<Option<Token>>> {
    match std::fs::read_to_string(path) {
        Ok(text) if text.trim().is_empty() => Ok(Some(None)),
        Ok(text) => Ok(Some(Some(Token(text.trim().to_string())))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn write_token(path: &Path, token: &Token) -> io::Result<()> {
    let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
    f.write_all(token.0.as_bytes())?;
    f.write_all(b"\n")?;
    f.sync_all()
}

/// 244 random bits from the system's source: two v4 UUIDs, far beyond guessing.
fn fresh() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// Equal when same length and every byte equal; the loop always runs over the whole of `a`
/// so the time taken says nothing about the first difference. (The length is not secret: every
/// token is 64 characters.)
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = u8::from(a.len() != b.len());
    for (i, x) in a.iter().enumerate() {
        diff |= x ^ b.get(i).copied().unwrap_or(!x);
    }
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_whole_tokens_only() {
        let t = Token("abc123".into());
        assert!(t.matches("abc123"));
        for wrong in ["", "abc12", "abc1234", "abc124", "ABC123", "xbc123"] {
            assert!(!t.matches(wrong), "{wrong}");
        }
    }

    #[test]
    fn reads_the_bearer_scheme_only() {
        let t = Token("s3cret".into());
        assert!(t.authorizes(Some("Bearer s3cret")));
        assert!(t.authorizes(Some("bearer  s3cret ")));
        assert!(!t.authorizes(None));
        assert!(!t.authorizes(Some("s3cret")));
        assert!(!t.authorizes(Some("Basic s3cret")));
        assert!(!t.authorizes(Some("Bearer wrong")));
        assert!(!format!("{t:?}").contains("s3cret"));
    }

    #[cfg(unix)]
    #[test]
    fn made_once_private_and_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("dir");
        let path = token_path(&dir.path().join("tempo.sqlite"));
        let first = load_or_create(&path).expect("made");
        assert_eq!(first.reveal().len(), 64);
        let mode = std::fs::metadata(&path).expect("file").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(load_or_create(&path).expect("read"), first);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        assert_eq!(load_or_create(&path).expect("read"), first);
        let others: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
        assert_eq!(others.len(), 1, "no temporary file is left: {others:?}");
        let mode = std::fs::metadata(&path).expect("file").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[cfg(test)]
mod race_tests {
    use super::*;

    #[test]
    fn a_rotated_token_replaces_the_old_one_on_the_next_request() {
        let dir = tempfile::tempdir().expect("dir");
        let path = token_path(&dir.path().join("tempo.sqlite"));
        let old = load_or_create(&path).expect("token");
        let mut watch = TokenWatch::new(path.clone(), old.clone());
        assert!(watch.authorizes(Some(&format!("Bearer {}", old.reveal()))));
        let new = rotate(&path).expect("rotated");
        assert_ne!(new, old);
        assert!(!watch.authorizes(Some(&format!("Bearer {}", old.reveal()))));
        assert!(watch.authorizes(Some(&format!("Bearer {}", new.reveal()))));
        assert_eq!(load_or_create(&path).expect("kept"), new);
    }

    /// Two makers at once (the daemon and `tempo capture token`) end with one token.
    #[test]
    fn makers_at_the_same_moment_agree() {
        let dir = tempfile::tempdir().expect("dir");
        let path = token_path(&dir.path().join("tempo.sqlite"));
        let tokens: Vec<Token> = std::thread::scope(|s| {
            let makers: Vec<_> = (0..8)
                .map(|_| s.spawn(|| load_or_create(&path).expect("token")))
                .collect();
            makers
                .into_iter()
                .map(|m| m.join().expect("joined"))
                .collect()
        });
        let on_disk = load_or_create(&path).expect("token");
        assert!(tokens.iter().all(|t| *t == on_disk));
    }

    #[test]
    fn an_emptied_file_gets_a_new_token() {
        let dir = tempfile::tempdir().expect("dir");
        let path = token_path(&dir.path().join("tempo.sqlite"));
        let first = load_or_create(&path).expect("token");
        std::fs::write(&path, "").expect("emptied");
        let second = load_or_create(&path).expect("token");
        assert_ne!(first, second);
        assert_eq!(load_or_create(&path).expect("token"), second);
    }
}
