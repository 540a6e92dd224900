//! `tempo capture pull git`: the person's commits in local repositories as signals, read
//! incrementally by running the `git` binary (see `interop::git_log` for the pure part).

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Utc};

use super::spool::ingest_with_cursors;
use super::{CaptureSource, IngestReport};
use crate::config::CaptureConfig;
use crate::interop::git_log::{Commit, log_args, parse_log};
use crate::ops::usage;
use crate::store::Store;

/// What a pull read from one repository.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RepoPull {
    /// The repository's top directory, canonical.
    pub path: PathBuf,
    pub repository: String,
    /// Whose commits were taken (an e-mail address).
    pub author: String,
    /// Commits read since the last pull (or `--since`), everyone's.
    pub read: usize,
    /// Of those, the author's: the signals.
    pub commits: usize,
}

/// What `tempo capture pull git` did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GitPull {
    pub repos: Vec<RepoPull>,
    /// The ingest the commits went through; `None` when there were none.
    pub ingest: Option<IngestReport>,
}

/// The key under which a repository's cursor (the newest commit time read) is kept.
fn cursor_key(path: &Path) -> String {
    format!("git:{}", path.display())
}

/// Reads the commits of `repos` (the configured `git_repos` when empty) by the configured
/// identity since each repository's last pull, or since `since` when given, and ingests them.
/// Every repository is checked before anything is stored: one that is not a repository, or
/// has no identity to filter by, is a usage error and nothing changes.
pub fn pull_git(
    store: &mut Store,
    cfg: &CaptureConfig,
    repos: &[PathBuf],
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> super::Result<GitPull> {
    let found = resolve(cfg, repos)?;
    let mut pulls = Vec::new();
    let mut signals = Vec::new();
    let mut cursors = Vec::new();
    for (top, author) in found {
        let key = cursor_key(&top);
        let saved = store
            .capture_state(&key)?
            .and_then(|v| super::parse_instant(&v));
        let commits = log(&top, since.or(saved))?;
        let repository = repository_name(&top);
        let path = top.to_string_lossy().to_string();
        let mine: Vec<&Commit> = commits.iter().filter(|c| c.is_by(&author)).collect();
        signals.extend(mine.iter().map(|c| c.to_signal(&repository, &path)));
        let newest = commits.iter().map(|c| c.committer_time).max();
        if let Some(n) = newest.into_iter().chain(saved).max() {
            cursors.push((key, n.to_rfc3339()));
        }
        pulls.push(RepoPull {
            path: top,
            repository,
            author,
            read: commits.len(),
            commits: mine.len(),
        });
    }
    let ingest = ingest_with_cursors(store, cfg, CaptureSource::Git, signals, cursors, now)?;
    Ok(GitPull {
        repos: pulls,
        ingest,
    })
}

/// Each repository's top directory (once) and whose commits to take there.
fn resolve(cfg: &CaptureConfig, repos: &[PathBuf]) -> super::Result<Vec<(PathBuf, String)>> {
    // Configured paths may start with `~/`; named ones were expanded by the shell.
    let configured: Vec<PathBuf>;
    let repos = if repos.is_empty() {
        configured = cfg
            .git_repos
            .iter()
            .map(|p| crate::config::expand_home(&p.to_string_lossy()))
            .collect();
        &configured[..]
    } else {
        repos
    };
    if repos.is_empty() {
        return Err(usage(
            "no repositories: name them (tempo capture pull git REPO…) or list them in \
             [capture] git_repos",
        ));
    }
    let mut found: Vec<(PathBuf, String)> = Vec::new();
    for repo in repos {
        let top = toplevel(repo)?;
        let author = match &cfg.git_author {
            Some(a) if !a.trim().is_empty() => a.trim().to_string(),
            _ => configured_email(&top)?,
        };
        if !found.iter().any(|(t, _)| t == &top) {
            found.push((top, author));
        }
    }
    Ok(found)
}

/// `git` with the environment variables that would point it at another repository removed.
fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(dir);
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_CEILING_DIRECTORIES",
    ] {
        c.env_remove(var);
    }
    c
}

/// Runs `git`, its standard output on success; `None` when git said no (exit status not 0).
fn run(mut cmd: Command) -> super::Result<Option<String>> {
    let out = cmd.output().map_err(|e| {
        std::io::Error::new(e.kind(), format!("cannot run git (is it installed?): {e}"))
    })?;
    Ok(out
        .status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned()))
}

/// The repository's top directory, canonical; a usage error naming `repo` when it is not one.
fn toplevel(repo: &Path) -> super::Result<PathBuf> {
    let not_a_repo = || usage(format!("not a git repository: {}", repo.display()));
    if !repo.is_dir() {
        return Err(not_a_repo());
    }
    let mut cmd = git(repo);
    cmd.args(["rev-parse", "--show-toplevel"]);
    let top = run(cmd)?.ok_or_else(not_a_repo)?;
    let top = top.trim_end_matches(['\n', '\r']);
    if top.is_empty() {
        return Err(not_a_repo());
    }
    Ok(std::fs::canonicalize(top)?)
}

/// `git config user.email` as the repository sees it (its own config, then the global one).
fn configured_email(top: &Path) -> super::Result<String> {
    let mut cmd = git(top);
    cmd.args(["config", "user.email"]);
    match run(cmd)? {
        Some(email) if !email.trim().is_empty() => Ok(email.trim().to_string()),
        _ => Err(usage(format!(
            "whose commits? {} has no user.email: set [capture] git_author in the config \
             or git config user.email",
            top.display()
        ))),
    }
}

fn log(top: &Path, since: Option<DateTime<Utc>>) -> super::Result<Vec<Commit>> {
    let mut cmd = git(top);
    cmd.args(log_args(since));
    let out = cmd.output().map_err(|e| {
        std::io::Error::new(e.kind(), format!("cannot run git (is it installed?): {e}"))
    })?;
    if !out.status.success() {
        return Err(std::io::Error::other(format!(
            "git log failed in {}: {}",
            top.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
        .into());
    }
    Ok(parse_log(&String::from_utf8_lossy(&out.stdout)))
}

/// The nearest directory at or above `dir` holding `.git` (a directory, or the file a
/// worktree or submodule has), without running git: the spool drain asks this per command.
pub(super) fn repository_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// A repository's name in signals: its directory's name.
pub(super) fn repository_name(top: &Path) -> String {
    top.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| top.to_string_lossy().into_owned())
}
