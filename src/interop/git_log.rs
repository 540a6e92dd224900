//! `git log` as capture signals, the pure part: the arguments to run it with, its output
//! parsed, and which commits are the person's. Running `git` is the caller's (`ops::capture`).

use chrono::{DateTime, Utc};

use crate::capture::{Signal, SignalType};

/// `source_type` and `app` of commit signals.
pub const SOURCE_TYPE: &str = "git";

/// Field and record separators in the format asked of `git log` (ASCII unit and record
/// separators: they do not occur in an e-mail address, a number or a one-line subject).
const FIELD: char = '\u{1f}';
const RECORD: char = '\u{1e}';

/// One commit as `git log` listed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    pub author_email: String,
    pub author_time: DateTime<Utc>,
    pub committer_time: DateTime<Utc>,
    pub subject: String,
}

/// Arguments for `git -C REPO …`: the commits of every local branch, committed at or after
/// `since` (git's `--since` is inclusive and compares commit times), without merges (they
/// record joining work, not doing it). Settings that would change the output are overridden.
pub fn log_args(since: Option<DateTime<Utc>>) -> Vec<String> {
    let mut args = vec![
        "-c".to_string(),
        "log.showSignature=false".to_string(),
        "log".to_string(),
        "--branches".to_string(),
        "--no-merges".to_string(),
        "--no-color".to_string(),
        "--no-decorate".to_string(),
        format!("--format=%H{FIELD}%ae{FIELD}%at{FIELD}%ct{FIELD}%s{RECORD}"),
    ];
    if let Some(t) = since {
        args.push(format!("--since=@{}", t.timestamp()));
    }
    args
}

/// Reads what `git log` printed with [`log_args`]. A record that does not parse (it cannot,
/// from git itself) is skipped rather than failing the pull.
pub fn parse_log(out: &str) -> Vec<Commit> {
    out.split(RECORD)
        .filter_map(|record| {
            let record = record.trim_start_matches(['\n', '\r']);
            let mut f = record.splitn(5, FIELD);
            let hash = f.next()?.trim().to_string();
            let author_email = f.next()?.trim().to_string();
            let author_time = seconds(f.next()?)?;
            let committer_time = seconds(f.next()?)?;
            let subject = f.next()?.trim().to_string();
            (!hash.is_empty()).then_some(Commit {
                hash,
                author_email,
                author_time,
                committer_time,
                subject,
            })
        })
        .collect()
}

fn seconds(field: &str) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(field.trim().parse().ok()?, 0)
}

impl Commit {
    /// Whether the person identified by `email` wrote this commit (e-mail addresses compare
    /// case-insensitively, as mail systems treat them in practice).
    pub fn is_by(&self, email: &str) -> bool {
        self.author_email.eq_ignore_ascii_case(email.trim())
    }

    /// The commit as a signal at the time it was written (the author time: a rebase or an
    /// amend later does not move the work), titled with its subject.
    pub fn to_signal(&self, repository: &str, repo_path: &str) -> Signal {
        let mut s = Signal::new(
            self.author_time,
            SOURCE_TYPE,
            SignalType::Commit,
            SOURCE_TYPE,
        );
        s.title = Some(self.subject.clone());
        s.repository = Some(repository.to_string());
        s.cwd = Some(repo_path.to_string());
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_read_and_a_broken_one_skipped() {
        let out = "aaa\u{1f}Ann@Example.org\u{1f}1795255200\u{1f}1795341600\u{1f}Fix the parser\u{1e}\n\
                   bbb\u{1f}bo@example.org\u{1f}x\u{1f}1\u{1f}broken\u{1e}\n\
                   ccc\u{1f}bo@example.org\u{1f}1795000000\u{1f}1795000000\u{1f}\u{1e}\n";
        let commits = parse_log(out);
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[0].hash, "aaa");
        assert_eq!(commits[0].author_time.timestamp(), 1_795_255_200);
        assert_eq!(commits[0].committer_time.timestamp(), 1_795_341_600);
        assert!(commits[0].is_by("ann@example.org"));
        assert!(!commits[1].is_by("ann@example.org"));
        let s = commits[0].to_signal("tempo", "/src/tempo");
        assert_eq!(s.kind, SignalType::Commit);
        assert_eq!((s.app.as_str(), s.source_type.as_str()), ("git", "git"));
        assert_eq!(s.timestamp.timestamp(), 1_795_255_200);
        assert_eq!(s.title.as_deref(), Some("Fix the parser"));
        assert_eq!(s.repository.as_deref(), Some("tempo"));
        assert_eq!(s.cwd.as_deref(), Some("/src/tempo"));
    }

    #[test]
    fn since_is_passed_as_a_unix_time() {
        let t = DateTime::from_timestamp(1_795_255_200, 0).expect("in range");
        assert!(log_args(Some(t)).contains(&"--since=@1795255200".to_string()));
        assert!(!log_args(None).iter().any(|a| a.starts_with("--since")));
    }
}
