//! Overlap rules: hand-made cases, and a property over random sequences of operations.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::time::entry::Attrs;

fn at(min: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0)
        .single()
        .expect("valid")
        + Duration::minutes(min)
}

fn entry(id: i64, a: i64, b: Option<i64>) -> Entry {
    Entry {
        id,
        start: at(a),
        end: b.map(at),
        attrs: Attrs::default(),
        source: crate::time::Source::Manual,
    }
}

#[test]
fn a_clash_is_refused_naming_the_neighbour() {
    let existing = vec![entry(1, 0, Some(60))];
    let err = fit(&existing, at(30), Some(at(90)), &[], false, &Utc).expect_err("clash");
    assert!(matches!(err, TimeError::Clash { id: 1, .. }), "{err:?}");
    assert!(err.to_string().contains("08:00–09:00"), "{err}");
}

#[test]
fn touching_spans_do_not_clash() {
    let existing = vec![entry(1, 0, Some(60))];
    assert_eq!(
        fit(&existing, at(60), Some(at(90)), &[], false, &Utc),
        Ok(vec![])
    );
}

#[test]
fn adjust_trims_deletes_and_splits() {
    let existing = vec![
        entry(1, 0, Some(60)),
        entry(2, 70, Some(80)),
        entry(3, 85, Some(200)),
    ];
    let fixes = fit(&existing, at(30), Some(at(100)), &[], true, &Utc).expect("fits");
    assert_eq!(
        fixes,
        vec![
            Fix::Span {
                id: 1,
                start: at(0),
                end: Some(at(30))
            },
            Fix::Delete { id: 2 },
            Fix::Span {
                id: 3,
                start: at(100),
                end: Some(at(200))
            },
        ]
    );
    let around = fit(&existing, at(10), Some(at(20)), &[], true, &Utc).expect("fits");
    assert_eq!(
        around,
        vec![
            Fix::Span {
                id: 1,
                start: at(0),
                end: Some(at(10))
            },
            Fix::Copy {
                id: 1,
                start: at(20),
                end: Some(at(60))
            },
        ]
    );
}

#[test]
fn a_backfill_inside_the_running_entry_splits_it_and_it_keeps_running() {
    let existing = vec![entry(1, 0, None)];
    let fixes = fit(&existing, at(10), Some(at(20)), &[], true, &Utc).expect("fits");
    assert_eq!(
        fixes[1],
        Fix::Copy {
            id: 1,
            start: at(20),
            end: None
        }
    );
}

#[test]
fn starting_stops_the_running_entry() {
    let existing = vec![entry(1, 0, Some(10)), entry(2, 20, None)];
    let fixes = start_at(&existing, at(30), false, &Utc).expect("starts");
    assert_eq!(
        fixes,
        vec![Fix::Span {
            id: 2,
            start: at(20),
            end: Some(at(30))
        }]
    );
    assert!(start_at(&existing, at(15), false, &Utc).is_err());
}

#[test]
fn the_end_must_follow_the_start() {
    let err = fit(&[], at(10), Some(at(10)), &[], false, &Utc).expect_err("empty span");
    assert!(matches!(err, TimeError::EndBeforeStart { .. }));
}

#[derive(Debug, Clone)]
enum Op {
    Add {
        start: i64,
        len: i64,
        adjust: bool,
    },
    Start {
        at: i64,
        adjust: bool,
    },
    Stop {
        at: i64,
    },
    Move {
        pick: usize,
        start: i64,
        adjust: bool,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0i64..600, 1i64..120, any::<bool>()).prop_map(|(start, len, adjust)| Op::Add {
            start,
            len,
            adjust
        }),
        (0i64..600, any::<bool>()).prop_map(|(at, adjust)| Op::Start { at, adjust }),
        (0i64..600).prop_map(|at| Op::Stop { at }),
        (0usize..8, 0i64..600, any::<bool>()).prop_map(|(pick, start, adjust)| Op::Move {
            pick,
            start,
            adjust
        }),
    ]
}

type Span = (DateTime<Utc>, Option<DateTime<Utc>>);

/// The fixes an operation needs, and the span of the entry it adds.
type Plan = Result<(Vec<Fix>, Option<Span>), TimeError>;

/// An edit of an existing entry: make room for its new span, then move it there.
fn moved(entries: &[Entry], e: &Entry, span: Span) -> Plan {
    fit(entries, span.0, span.1, &[e.id], false, &Utc).map(|mut f| {
        f.push(Fix::Span {
            id: e.id,
            start: span.0,
            end: span.1,
        });
        (f, None)
    })
}

/// Plans one operation the way `ops::time` does; `None` when it does not apply.
fn plan(entries: &[Entry], op: &Op) -> Option<Plan> {
    Some(match *op {
        Op::Add { start, len, adjust } => {
            let span = (at(start), Some(at(start + len)));
            fit(entries, span.0, span.1, &[], adjust, &Utc).map(|f| (f, Some(span)))
        }
        Op::Start { at: t, adjust } => {
            start_at(entries, at(t), adjust, &Utc).map(|f| (f, Some((at(t), None))))
        }
        Op::Stop { at: t } => {
            let r = entries.iter().find(|e| e.is_running() && e.start < at(t))?;
            moved(entries, r, (r.start, Some(at(t))))
        }
        Op::Move {
            pick,
            start,
            adjust,
        } => {
            let e = entries.get(pick).filter(|e| !e.is_running())?;
            let end = at(start) + (e.end.unwrap_or(e.start) - e.start);
            fit(entries, at(start), Some(end), &[e.id], adjust, &Utc).map(|mut f| {
                f.push(Fix::Span {
                    id: e.id,
                    start: at(start),
                    end: Some(end),
                });
                (f, None)
            })
        }
    })
}

/// Runs one operation: plan, then apply all or nothing.
fn run(entries: &mut Vec<Entry>, next: &mut i64, op: &Op) {
    let Some(Ok((fixes, new))) = plan(entries, op) else {
        return;
    };
    apply(entries, &fixes, next);
    if let Some((start, end)) = new {
        entries.push(Entry {
            id: *next,
            start,
            end,
            attrs: Attrs::default(),
            source: crate::time::Source::Manual,
        });
        *next += 1;
        entries.sort_by_key(|e| (e.start, e.id));
    }
}

proptest! {
    #[test]
    fn entries_never_overlap_after_any_sequence(ops in prop::collection::vec(op(), 1..40)) {
        let mut entries = Vec::new();
        let mut next = 1;
        for op in &ops {
            run(&mut entries, &mut next, op);
            prop_assert!(entries.iter().filter(|e| e.is_running()).count() <= 1);
            for pair in entries.windows(2) {
                prop_assert!(pair[0].end.is_some_and(|e| e <= pair[1].start), "{:?}", pair);
                prop_assert!(pair[0].end.is_none_or(|e| e > pair[0].start));
            }
        }
    }
}
