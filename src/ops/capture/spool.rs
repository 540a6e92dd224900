//! Draining the shell hook's spool (see `interop::shell_hook`) into the capture store.
//!
//! The hooks append to the spool while we read it, and they take no lock (a shell has no
//! cheap one), so the file is never truncated in place: whatever a hook wrote between our read
//! and a truncation would be lost. Instead:
//!
//! 1. The live spool is read from the saved offset (`shell:spool`) to its last whole line; the
//!    signals and the new offset are stored in one transaction. A torn last line (a hook still
//!    writing it) stays for the next drain.
//! 2. When everything was read, the spool is rotated: a new empty file (private, as the hook
//!    never creates one) is renamed over the spool's name, atomically, after the old file was
//!    hard-linked as `<spool>.1`. Every hook that opens the spool after the rename writes to the
//!    new file; one that opened it just before still writes to the old one, now `<spool>.1`.
//! 3. The next drain reads `<spool>.1` from where step 1 stopped (`shell:spool.1`), which picks
//!    up those late lines, and only then removes it: by then (the daemon drains once a minute)
//!    no hook can still be between its open and its write, which take microseconds.
//!
//! Offsets are saved before the rotation and re-reading is harmless (the store ignores a signal
//! it already has), so a crash at any point loses nothing; at worst lines are read twice.

use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{Batch, CaptureSource, IngestReport, ingest};
use crate::capture::Signal;
use crate::config::CaptureConfig;
use crate::interop::shell_hook::{SPOOL_FILE, SpoolRead, parse_spool};
use crate::private_files;
use crate::store::Store;

/// The offset into the live spool read so far.
const CURSOR: &str = "shell:spool";
/// The offset into the rotated spool (`<spool>.1`) read so far.
const ROTATED_CURSOR: &str = "shell:spool.1";
/// The most read in one drain, so a huge spool cannot exhaust memory; the rest is read by the
/// next drains.
const MAX_READ: u64 = 8 << 20;

/// What one drain did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SpoolDrain {
    pub spool: PathBuf,
    /// Commands read (new or already stored).
    pub commands: usize,
    /// Lines not in the hook's format, skipped.
    pub unreadable: usize,
    /// The ingest the commands went through; `None` when there were none.
    pub ingest: Option<IngestReport>,
}

/// Where the hook writes: `[capture] spool` (`~/` is the home directory), or `capture-spool`
/// beside the database.
pub fn spool_path(cfg: &CaptureConfig, db_path: &Path) -> PathBuf {
    match &cfg.spool {
        Some(p) => crate::config::expand_home(&p.to_string_lossy()),
        None => db_path.parent().unwrap_or(Path::new(".")).join(SPOOL_FILE),
    }
}

/// Creates the spool (and its directory) readable by its owner only, unless it exists; an
/// existing one is made private too.
pub fn prepare_spool(spool: &Path) -> std::io::Result<()> {
    if let Some(dir) = spool.parent() {
        private_files::create_dir(dir)?;
    }
    private_files::create_file(spool)?;
    private_files::tighten(spool)?;
    Ok(())
}

fn rotated_path(spool: &Path) -> PathBuf {
    let mut name = spool.as_os_str().to_owned();
    name.push(".1");
    PathBuf::from(name)
}

/// Reads what the hook wrote since the last drain and ingests it (see the module doc).
pub fn drain_spool(
    store: &mut Store,
    cfg: &CaptureConfig,
    spool: &Path,
    now: DateTime<Utc>,
) -> super::Result<SpoolDrain> {
    prepare_spool(spool)?;
    let rotated = rotated_path(spool);
    let mut drain = SpoolDrain {
        spool: spool.to_path_buf(),
        ..SpoolDrain::default()
    };
    let mut entries = Vec::new();
    let had_rotated = rotated.exists();
    if had_rotated {
        let from = offset(store, ROTATED_CURSOR)?;
        // A torn line left in the rotated file has no writer any more: it is dropped, and
        // counted with the unreadable ones.
        let (read, _, chunk) = read_from(&rotated, from)?;
        drain.unreadable += read.unreadable + usize::from((read.consumed as u64) < chunk);
        entries.extend(read.entries);
    }
    let from = offset(store, CURSOR)?;
    let (read, start, chunk) = read_from(spool, from)?;
    let end = start + read.consumed as u64;
    let everything = read.consumed as u64 == chunk && end > 0 && chunk < MAX_READ;
    drain.unreadable += read.unreadable;
    entries.extend(read.entries);
    drain.commands = entries.len();

    let mut repos = RepoCache::default();
    let signals: Vec<Signal> = entries
        .iter()
        .map(|e| e.to_signal(repos.name_of(&e.cwd)))
        .collect();
    let cursors = vec![
        (CURSOR.to_string(), end.to_string()),
        (ROTATED_CURSOR.to_string(), "0".to_string()),
    ];
    drain.ingest = ingest_with_cursors(store, cfg, CaptureSource::Shell, signals, cursors, now)?;
    if had_rotated {
        remove_if_present(&rotated)?;
    }
    if everything {
        rotate(store, spool, &rotated, end, now)?;
    }
    Ok(drain)
}

/// Ingests `signals` with `cursors` saved in the same transaction; with no signals only the
/// cursors that changed are saved (an empty ingest would only add a record).
pub(super) fn ingest_with_cursors(
    store: &mut Store,
    cfg: &CaptureConfig,
    source: CaptureSource,
    signals: Vec<Signal>,
    cursors: Vec<(String, String)>,
    now: DateTime<Utc>,
) -> super::Result<Option<IngestReport>> {
    if signals.is_empty() {
        save_cursors(store, &cursors, now)?;
        return Ok(None);
    }
    let batch = Batch {
        cursors,
        ..Batch::new(source, signals)
    };
    Ok(Some(ingest(store, cfg, batch, now)?))
}

/// A saved offset; none yet is the start.
fn offset(store: &Store, key: &str) -> super::Result<u64> {
    Ok(store
        .capture_state(key)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

fn save_cursors(
    store: &mut Store,
    cursors: &[(String, String)],
    now: DateTime<Utc>,
) -> super::Result<()> {
    let changed = cursors
        .iter()
        .map(|(k, v)| Ok(store.capture_state(k)?.as_deref() != Some(v.as_str())))
        .collect::<super::Result<Vec<bool>>>()?;
    if changed.contains(&true) {
        store.edit("capture: cursors", now, |tx| {
            for (k, v) in cursors {
                tx.set_capture_state(k, v)?;
            }
            Ok::<_, crate::ops::Error>(())
        })?;
    }
    Ok(())
}

/// The whole lines of `path` from `from` on (from the start when the file is shorter than
/// `from`: it was replaced), with the offset actually read from and the bytes read.
fn read_from(path: &Path, from: u64) -> super::Result<(SpoolRead, u64, u64)> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((SpoolRead::default(), 0, 0));
        }
        Err(e) => return Err(e.into()),
    };
    let len = file.metadata()?.len();
    let start = if from > len { 0 } else { from };
    file.seek(SeekFrom::Start(start))?;
    let mut bytes = Vec::new();
    file.take(MAX_READ).read_to_end(&mut bytes)?;
    let mut read = parse_spool(&bytes);
    if read.consumed == 0 && bytes.len() as u64 == MAX_READ {
        // One "line" longer than everything we read at once is not the hook's: skip it.
        read.consumed = bytes.len();
        read.unreadable += 1;
    }
    Ok((read, start, bytes.len() as u64))
}

/// Step 2 of the module doc: the offsets first (so a crash mid-way only re-reads), then the
/// hard link and the atomic rename.
fn rotate(
    store: &mut Store,
    spool: &Path,
    rotated: &Path,
    read_up_to: u64,
    now: DateTime<Utc>,
) -> super::Result<()> {
    let cursors = [
        (CURSOR.to_string(), "0".to_string()),
        (ROTATED_CURSOR.to_string(), read_up_to.to_string()),
    ];
    save_cursors(store, &cursors, now)?;
    let mut fresh_name = spool.as_os_str().to_owned();
    fresh_name.push(".new");
    let fresh = PathBuf::from(fresh_name);
    remove_if_present(&fresh)?;
    private_files::create_file(&fresh)?;
    match std::fs::hard_link(spool, rotated) {
        Ok(()) => {}
        // Another drain rotated it a moment ago: its file stands, and both read up to here.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            remove_if_present(&fresh)?;
            return Ok(());
        }
        // A file system without hard links: a plain rename, leaving an instant without a spool
        // in which a hook skips its line rather than create a file with the shell's umask.
        Err(_) => std::fs::rename(spool, rotated)?,
    }
    std::fs::rename(&fresh, spool)?;
    Ok(())
}

fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Repository names by directory, so a drain walks up from each directory once.
#[derive(Default)]
struct RepoCache(HashMap<String, Option<String>>);

impl RepoCache {
    fn name_of(&mut self, cwd: &str) -> Option<String> {
        if cwd.is_empty() {
            return None;
        }
        self.0
            .entry(cwd.to_string())
            .or_insert_with(|| {
                super::git::repository_root(Path::new(cwd))
                    .map(|root| super::git::repository_name(&root))
            })
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spool_sits_beside_the_database_unless_configured() {
        let cfg = CaptureConfig::default();
        let db = Path::new("/data/tempo/tempo.sqlite");
        assert_eq!(spool_path(&cfg, db), Path::new("/data/tempo/capture-spool"));
        let set = CaptureConfig {
            spool: Some(PathBuf::from("/var/spool/mine")),
            ..CaptureConfig::default()
        };
        assert_eq!(spool_path(&set, db), Path::new("/var/spool/mine"));
        assert_eq!(
            rotated_path(Path::new("/d/capture-spool")),
            Path::new("/d/capture-spool.1")
        );
    }

    #[test]
    fn a_torn_line_left_in_the_rotated_spool_is_dropped_and_counted() {
        use std::io::Write;
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(&dir.path().join("t.sqlite")).expect("open");
        let cfg = CaptureConfig::default();
        let now = DateTime::parse_from_rfc3339("2026-11-22T09:30:00Z")
            .expect("instant")
            .with_timezone(&Utc);
        let spool = dir.path().join(SPOOL_FILE);
        prepare_spool(&spool).expect("spool");
        let line = |cmd: &str| format!("1\t1795338000000\t1795338001000\t0\tbash\t/\t{cmd}\n");
        let mut hook = std::fs::OpenOptions::new()
            .append(true)
            .open(&spool)
            .expect("open");
        write!(hook, "{}", line("make")).expect("write");
        let first = drain_spool(&mut store, &cfg, &spool, now).expect("drain");
        assert_eq!((first.commands, first.unreadable), (1, 0));
        assert!(rotated_path(&spool).exists(), "read whole, so rotated");
        // The hook's descriptor still points at the rotated file; its writer dies mid-line.
        write!(hook, "1\t17953380").expect("write");
        let second = drain_spool(&mut store, &cfg, &spool, now).expect("drain");
        assert_eq!((second.commands, second.unreadable), (0, 1));
        assert!(!rotated_path(&spool).exists());
        std::fs::write(&spool, line("make test")).expect("write");
        let third = drain_spool(&mut store, &cfg, &spool, now).expect("drain");
        assert_eq!((third.commands, third.unreadable), (1, 0));
    }

    #[test]
    fn a_command_s_repository_is_the_nearest_directory_with_a_git_entry() {
        let dir = tempfile::tempdir().expect("temp dir");
        let outer = dir.path().join("outer");
        let inner = outer.join("vendor/inner");
        std::fs::create_dir_all(outer.join(".git")).expect("mkdir");
        std::fs::create_dir_all(inner.join("src")).expect("mkdir");
        // A worktree or submodule has a `.git` file.
        std::fs::write(inner.join(".git"), "gitdir: ../../.git/modules/inner").expect("write");
        let mut cache = RepoCache::default();
        let deep = inner.join("src");
        assert_eq!(
            cache.name_of(deep.to_str().expect("utf-8")).as_deref(),
            Some("inner")
        );
        let vendor = outer.join("vendor");
        assert_eq!(
            cache.name_of(vendor.to_str().expect("utf-8")).as_deref(),
            Some("outer")
        );
        assert_eq!(cache.name_of(""), None);
        assert_eq!(
            cache.name_of(dir.path().to_str().expect("utf-8")),
            None,
            "outside any repository"
        );
    }
}
