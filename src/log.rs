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
        std::fs::create_dir_all(dir)?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
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
