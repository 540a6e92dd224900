//! A plain log file: the TUI owns the screen and the daemon may have none, so what happens in
//! the background (deliveries, fallbacks, errors) is written here, a timestamped line each.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

static LOG: OnceLock<Mutex<Option<(PathBuf, std::fs::File)>>> = OnceLock::new();

/// Opens (appends to) `path`; later lines go there. Failing to open is not fatal: lines are
/// then dropped, and the caller hears why once.
pub fn init(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        crate::private_files::create_dir(dir)?;
    }
    // The log names events and calendars: the owner's only, like the database.
    let file = crate::private_files::open_append(path)?;
    let slot = LOG.get_or_init(|| Mutex::new(None));
    if let Ok(mut s) = slot.lock() {
        *s = Some((path.to_path_buf(), file));
    }
    Ok(())
}

/// The log file in use, if any.
pub fn path() -> Option<PathBuf> {
    LOG.get().and_then(|m| {
        m.lock()
            .ok()
            .and_then(|s| s.as_ref().map(|(p, _)| p.clone()))
    })
}

pub fn line(text: &str) {
    let Some(slot) = LOG.get() else { return };
    let Ok(mut s) = slot.lock() else { return };
    if let Some((_, file)) = s.as_mut() {
        let now = crate::clock::wall_local().format("%Y-%m-%d %H:%M:%S%.3f");
        let _ = writeln!(file, "{now} [{}] {text}", std::process::id());
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_log_and_its_directory_are_private() {
        let tmp = tempfile::tempdir().expect("tmp");
        let path = tmp.path().join("data/tempo.log");
        super::init(&path).expect("init");
        let mode = |p: &std::path::Path| {
            std::fs::metadata(p).expect("exists").permissions().mode() & 0o777
        };
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&tmp.path().join("data")), 0o700);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        super::init(&path).expect("init");
        assert_eq!(mode(&path), 0o600, "an existing log is tightened");
    }
}
