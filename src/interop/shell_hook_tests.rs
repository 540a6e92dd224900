//! The spool parser and the scripts' quoting.

use super::*;

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).expect("in range")
}

#[test]
fn whole_lines_become_entries_with_escapes_undone() {
    let spool = b"1\t1795000000000\t1795000002500\t0\tbash\t/home/a/my\\tdir\tgrep -r 'a\\\\b' .\n\
                  1\t1795000010000\t1795000010100\t1\tzsh\t/tmp\tfor i in 1 2; do\\n  echo $i\\ndone\n";
    let read = parse_spool(spool);
    assert_eq!(read.consumed, spool.len());
    assert_eq!(read.unreadable, 0);
    assert_eq!(read.entries.len(), 2);
    let first = &read.entries[0];
    assert_eq!(first.start, at(1_795_000_000_000));
    assert_eq!(first.end, at(1_795_000_002_500));
    assert_eq!(first.shell, "bash");
    assert_eq!(first.cwd, "/home/a/my\tdir");
    assert_eq!(first.command, r"grep -r 'a\b' .");
    let second = &read.entries[1];
    assert_eq!(second.status, 1);
    assert_eq!(second.command, "for i in 1 2; do\n  echo $i\ndone");
}

#[test]
fn a_torn_last_line_is_left_for_next_time() {
    let whole = "1\t1795000000000\t1795000001000\t0\tbash\t/tmp\tls\n";
    let spool = format!("{whole}1\t1795000005000\t17950");
    let read = parse_spool(spool.as_bytes());
    assert_eq!(read.entries.len(), 1);
    assert_eq!(read.consumed, whole.len());
    assert_eq!(parse_spool(b"1\t17950000").consumed, 0);
}

#[test]
fn bad_lines_are_counted_and_skipped() {
    let spool = "2\t1\t2\t0\tbash\t/\tls\n\
                 1\tnot-a-time\t2\t0\tbash\t/\tls\n\
                 1\t1795000000000\t1795000001000\t0\tbash\t/tmp\n\
                 1\t1795000000000\t1795000001000\t0\tbash\t/tmp\t   \n\
                 \n\
                 1\t1795000000000\t1795000001000\t0\tfish\t/tmp\tmake\n";
    let read = parse_spool(spool.as_bytes());
    assert_eq!(read.unreadable, 4);
    assert_eq!(read.entries.len(), 1);
    assert_eq!(read.entries[0].command, "make");
}

#[test]
fn an_entry_is_a_command_signal_lasting_as_long_as_it_ran() {
    let read = parse_spool(b"1\t1795000000000\t1795000061500\t2\tzsh\t/src/app\tcargo test\n");
    let s = read.entries[0].to_signal(Some("app".into()));
    assert_eq!(s.kind, SignalType::Command);
    assert_eq!(s.app, "zsh");
    assert_eq!(s.source_type, "shell");
    assert_eq!(s.title.as_deref(), Some("cargo test"));
    assert_eq!(s.cwd.as_deref(), Some("/src/app"));
    assert_eq!(s.repository.as_deref(), Some("app"));
    assert_eq!(s.duration, Some(TimeDelta::milliseconds(61_500)));
    // A clock that stepped back while the command ran gives no duration, not a negative one.
    let back = parse_spool(b"1\t1795000000000\t1794000000000\t0\tbash\t/\tls\n");
    assert_eq!(back.entries[0].to_signal(None).duration, None);
}

#[test]
fn the_spool_path_is_quoted_for_each_shell() {
    let odd = Path::new("/data/it's a \\dir/capture-spool");
    assert!(
        script(Shell::Bash, odd).contains(r"__tempo_spool='/data/it'\''s a \dir/capture-spool'")
    );
    assert!(
        script(Shell::Zsh, odd).contains(r"__tempo_spool='/data/it'\''s a \dir/capture-spool'")
    );
    assert!(
        script(Shell::Fish, odd).contains(r"__tempo_spool '/data/it\'s a \\dir/capture-spool'")
    );
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        assert!(!script(shell, odd).contains("@SPOOL@"));
    }
}
