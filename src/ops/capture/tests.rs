//! Capture's use cases on a real SQLite file: re-ingest changes nothing, tracked and decided
//! time is never suggested again, exclusions and pauses drop signals at the door, retention,
//! approve/reject/undo, learned rules, activity still open, and a property test that any
//! order of batches keeps suggestions apart from each other and from tracked time.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Europe::Berlin;
use proptest::prelude::*;

use super::*;
use crate::capture::{Condition, Correction, Pattern, Signal, SignalType};
use crate::ops::time::{self as time_ops, EntrySpec};

fn t0() -> DateTime<Utc> {
    "2026-11-23T09:00:00Z".parse().expect("valid")
}

fn min(m: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(m)
}

/// Well after every signal the tests make: nothing is still open.
fn later() -> DateTime<Utc> {
    min(24 * 60)
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("t.sqlite")).expect("open");
    (dir, store)
}

/// One signal a minute for `[from, to)` minutes after `t0`.
fn run(app: &str, from: i64, to: i64) -> Vec<Signal> {
    (from..to)
        .map(|m| Signal::new(min(m), app, SignalType::Keyboard, "keyboard"))
        .collect()
}

fn feed(
    s: &mut Store,
    cfg: &CaptureConfig,
    signals: Vec<Signal>,
    now: DateTime<Utc>,
) -> IngestReport {
    ingest(s, cfg, Batch::new(CaptureSource::Ingest, signals), now).expect("ingest")
}

fn all(s: &Store) -> Vec<Stored> {
    s.capture_suggestions(SuggestionQuery {
        status: None,
        from: None,
        to: None,
    })
    .expect("suggestions")
}

fn spans(s: &Store) -> Vec<(DateTime<Utc>, DateTime<Utc>, Status)> {
    all(s).iter().map(|x| (x.start, x.end, x.status)).collect()
}

#[test]
fn ingesting_the_same_signals_again_changes_nothing() {
    let (_d, mut s) = store();
    let cfg = CaptureConfig::default();
    let first = feed(&mut s, &cfg, run("vscode", 0, 60), later());
    assert_eq!((first.stored, first.suggested), (60, 1));
    let before = all(&s);
    let again = feed(&mut s, &cfg, run("vscode", 0, 60), later());
    assert_eq!(
        (again.stored, again.duplicates, again.suggested),
        (0, 60, 0)
    );
    assert_eq!(all(&s), before);
}

#[test]
fn tracked_time_is_cut_out_of_suggestions() {
    let (_d, mut s) = store();
    let cfg = CaptureConfig::default();
    time_ops::add(
        &mut s,
        &EntrySpec::default(),
        (min(20), min(40)),
        false,
        min(0),
        &Berlin,
    )
    .expect("tracked");
    feed(&mut s, &cfg, run("vscode", 0, 60), later());
    let got = spans(&s);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(
        got.iter().all(|(a, b, _)| *b <= min(20) || *a >= min(40)),
        "{got:?}"
    );
}

#[test]
fn a_rejected_span_is_not_suggested_again_and_approval_makes_an_entry() {
    let (_d, mut s) = store();
    let cfg = CaptureConfig::default();
    feed(&mut s, &cfg, run("vscode", 0, 30), later());
    feed(&mut s, &cfg, run("mail", 60, 90), later());
    let queue = pending(&mut s, &cfg, false, later()).expect("queue");
    assert_eq!(queue.len(), 2);
    reject(&mut s, &[queue[0].short_id()], later()).expect("reject");
    let c = Correction {
        project: Some("inbox".into()),
        ..Correction::default()
    };
    let done = approve(
        &mut s,
        Decided::Ids(&[queue[1].short_id()]),
        &c,
        false,
        later(),
        &Berlin,
    )
    .expect("approve");
    assert_eq!(done[0].entry.source, crate::time::Source::Capture);
    assert_eq!(done[0].entry.attrs.project.as_deref(), Some("inbox"));
    // New signals inside both spans: nothing is suggested over decided time.
    let more = feed(&mut s, &cfg, run("vscode", 5, 35), later());
    assert_eq!(more.suggested, 1, "only the minutes past the rejected span");
    let news: Vec<_> = all(&s)
        .into_iter()
        .filter(|x| x.status == Status::Pending)
        .collect();
    assert!(news[0].start >= queue[0].end, "{news:?}");
    assert!(pending(&mut s, &cfg, false, later()).expect("queue").len() == 1);
}

#[test]
fn undo_puts_an_approved_suggestion_back_in_the_queue() {
    let (_d, mut s) = store();
    let cfg = CaptureConfig::default();
    feed(&mut s, &cfg, run("vscode", 0, 30), later());
    let id = all(&s)[0].short_id();
    approve(
        &mut s,
        Decided::Ids(&[id]),
        &Correction::default(),
        false,
        later(),
        &Berlin,
    )
    .expect("approve");
    assert_eq!(
        s.time_entries_overlapping(min(0), None)
            .expect("entries")
            .len(),
        1
    );
    s.undo().expect("undo").expect("a step");
    assert_eq!(all(&s)[0].status, Status::Pending);
    assert!(
        s.time_entries_overlapping(min(0), None)
            .expect("entries")
            .is_empty()
    );
}

#[test]
fn approving_over_time_tracked_since_is_refused_and_changes_nothing() {
    let (_d, mut s) = store();
    let cfg = CaptureConfig::default();
    feed(&mut s, &cfg, run("vscode", 0, 30), later());
    time_ops::add(
        &mut s,
        &EntrySpec::default(),
        (min(10), min(20)),
        false,
        later(),
        &Berlin,
    )
    .expect("tracked afterwards");
    let id = all(&s)[0].short_id();
    let err = approve(
        &mut s,
        Decided::Ids(&[id]),
        &Correction::default(),
        false,
        later(),
        &Berlin,
    )
    .expect_err("overlap");
    assert_eq!(
        crate::error::Kinded::kind(&err),
        crate::error::ErrorKind::BadInput,
        "{err}"
    );
    // Approving has no --adjust: the message says what does help.
    let text = err.to_string();
    assert!(!text.contains("--adjust"), "{text}");
    assert!(text.contains("overlaps time entry 1"), "{text}");
    assert!(text.contains("split or edit the suggestion"), "{text}");
    assert_eq!(all(&s)[0].status, Status::Pending);
}

#[test]
fn exclusions_and_pauses_drop_signals_before_they_are_stored() {
    let (_d, mut s) = store();
    let cfg = CaptureConfig {
        exclude: vec![Condition {
            app: Some(Pattern::new("keepass*").expect("pattern")),
            ..Condition::default()
        }],
        ..CaptureConfig::default()
    };
    let r = feed(&mut s, &cfg, run("keepassxc", 0, 10), later());
    assert_eq!((r.excluded, r.stored), (10, 0));
    pause(&mut s, Some(min(120)), min(60)).expect("pause");
    assert!(paused(&s, min(90)).expect("state").is_some());
    let r = feed(&mut s, &cfg, run("vscode", 50, 130), later());
    assert_eq!((r.paused, r.stored), (60, 20));
    assert_eq!(s.capture_signal_stats().expect("stats").0, 20);
}

#[test]
fn retention_deletes_old_raw_signals() {
    let (_d, mut s) = store();
    let cfg = CaptureConfig {
        retention_days: 2,
        ..CaptureConfig::default()
    };
    feed(&mut s, &cfg, run("vscode", 0, 30), later());
    feed(
        &mut s,
        &cfg,
        run("vscode", 4 * 24 * 60, 4 * 24 * 60 + 5),
        min(5 * 24 * 60),
    );
    assert_eq!(s.capture_signal_stats().expect("stats").0, 5);
    assert_eq!(all(&s).len(), 2, "suggestions outlive their signals");
}

#[test]
fn a_learned_rule_classifies_the_next_ingest() {
    let (_d, mut s) = store();
    let cfg = CaptureConfig::default();
    feed(&mut s, &cfg, run("vscode", 0, 30), later());
    let id = all(&s)[0].short_id();
    let c = Correction {
        project: Some("tempo".into()),
        ..Correction::default()
    };
    let done = approve(&mut s, Decided::Ids(&[id]), &c, true, later(), &Berlin).expect("approve");
    assert!(done[0].learned.is_some());
    feed(
        &mut s,
        &cfg,
        run("vscode", 120, 150),
        later() + Duration::hours(3),
    );
    let next = pending(&mut s, &cfg, false, later() + Duration::hours(3)).expect("queue");
    assert_eq!(next[0].classification.project.as_deref(), Some("tempo"));
}

#[test]
fn activity_still_going_on_waits_until_it_ends() {
    let (_d, mut s) = store();
    let cfg = CaptureConfig::default();
    let r = feed(&mut s, &cfg, run("vscode", 0, 30), min(31));
    assert_eq!(r.suggested, 0, "it may go on");
    feed(&mut s, &cfg, run("vscode", 30, 45), min(46));
    let q = pending(&mut s, &cfg, false, min(120)).expect("queue");
    assert_eq!(q.len(), 1);
    assert_eq!((q[0].start, q[0].end), (min(0), min(44)));
}

#[test]
fn a_block_fed_in_two_halves_is_one_suggestion() {
    let (_d, mut s) = store();
    let cfg = CaptureConfig::default();
    feed(&mut s, &cfg, run("vscode", 0, 30), later());
    feed(&mut s, &cfg, run("vscode", 30, 60), later());
    let q = pending(&mut s, &cfg, false, later()).expect("queue");
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!((q[0].start, q[0].end), (min(0), min(59)));
}

#[test]
fn a_reshaped_suggestion_survives_new_signals() {
    let (_d, mut s) = store();
    let cfg = CaptureConfig::default();
    feed(&mut s, &cfg, run("vscode", 0, 60), later());
    let id = all(&s)[0].short_id();
    split(&mut s, &id, min(30), later()).expect("split");
    edit_span(&mut s, &id, Some(min(5)), None, later()).expect("edit");
    feed(&mut s, &cfg, run("vscode", 61, 70), later());
    let got = spans(&s);
    assert_eq!(
        got,
        vec![
            (min(0), min(5), Status::Rejected),
            (min(5), min(30), Status::Pending),
            (min(30), min(59), Status::Pending),
            (min(59), min(69), Status::Pending),
        ],
        "the trimmed minutes stay out; the halves stay as they were; the new minutes are new"
    );
}

fn batches() -> impl Strategy<Value = Vec<(i64, i64, u8)>> {
    prop::collection::vec((0i64..600, 1i64..90, 0u8..3), 1..6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn suggestions_never_overlap_each_other_or_tracked_time(
        runs in batches(),
        tracked in (0i64..600, 5i64..60),
    ) {
        let (_d, mut s) = store();
        let cfg = CaptureConfig::default();
        let (a, len) = tracked;
        time_ops::add(&mut s, &EntrySpec::default(), (min(a), min(a + len)), false, min(0), &Berlin)
            .expect("tracked");
        for (i, (from, len, app)) in runs.iter().enumerate() {
            let app = ["vscode", "firefox", "mail"][*app as usize];
            feed(&mut s, &cfg, run(app, *from, from + len), min(from + len + (i as i64 % 2) * 600));
        }
        pending(&mut s, &cfg, false, later()).expect("queue");
        let mut got = spans(&s);
        got.sort();
        for w in got.windows(2) {
            prop_assert!(w[0].1 <= w[1].0, "{:?} overlaps {:?}", w[0], w[1]);
        }
        for (x, y, _) in &got {
            prop_assert!(*y <= min(a) || *x >= min(a + len), "{:?} over tracked", (x, y));
        }
    }
}
