//! Invariants over random signal sequences: suggestions never overlap each other or tracked
//! time, stay inside the signals' span, and do not depend on arrival order or repetition.

use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;

use super::tests::at;
use super::*;

const APPS: [&str; 4] = ["vscode", "firefox", "terminal", "slack"];

fn signal((offset, app, kind, duration): (i64, usize, u8, Option<i64>)) -> Signal {
    let kind = match kind {
        0 => SignalType::Keyboard,
        1 => SignalType::Window,
        2 => SignalType::Command,
        3 => SignalType::Afk,
        _ => SignalType::Other("x".into()),
    };
    let mut s = Signal::new(
        at("08:00") + TimeDelta::seconds(offset),
        APPS[app],
        kind,
        "test",
    );
    s.duration = duration.map(TimeDelta::seconds);
    s.title = Some(format!("t{}", offset % 3));
    s
}

fn signals() -> impl Strategy<Value = Vec<Signal>> {
    let one = (
        0i64..6 * 3600,
        0usize..APPS.len(),
        0u8..5,
        proptest::option::of(0i64..900),
    );
    proptest::collection::vec(one.prop_map(signal), 0..120)
}

fn covered() -> impl Strategy<Value = Vec<Span>> {
    let one = (0i64..7 * 3600, 0i64..3600).prop_map(|(start, len)| {
        let start = at("07:30") + TimeDelta::seconds(start);
        Span::new(start, start + TimeDelta::seconds(len))
    });
    proptest::collection::vec(one, 0..4)
}

fn settings() -> impl Strategy<Value = Settings> {
    (0i64..900, 0i64..1800, 0i64..900, any::<bool>()).prop_map(|(idle, merge, switch, ruled)| {
        Settings {
            idle_threshold: TimeDelta::seconds(idle),
            max_merge_gap: TimeDelta::seconds(merge),
            min_switch: TimeDelta::seconds(switch),
            rules: if ruled {
                vec![Rule {
                    when: Condition {
                        app: Some(Pattern::new("*o*").expect("glob")),
                        ..Condition::default()
                    },
                    then: Classification::default(),
                }]
            } else {
                Vec::new()
            },
            ..Settings::default()
        }
    })
}

fn now() -> DateTime<Utc> {
    at("23:00")
}

fn assert_invariants(signals: &[Signal], covered: &[Span], out: &Outcome) {
    let first = signals.iter().map(|s| s.timestamp).min();
    let last = signals.iter().map(Signal::end).max();
    for pair in out.suggestions.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start, "{pair:?}");
    }
    for s in &out.suggestions {
        assert!(s.span.start < s.span.end);
        assert!(
            Some(s.span.start) >= first && Some(s.span.end) <= last,
            "{s:?}"
        );
        assert!(covered.iter().all(|c| !c.overlaps(&s.span)), "{s:?}");
        assert!((0.0..=1.0).contains(&s.confidence));
    }
}

proptest! {
    #[test]
    fn suggestions_never_overlap_and_stay_inside_the_signals(
        signals in signals(), covered in covered(), settings in settings()
    ) {
        let out = suggest(&signals, &covered, now(), &settings);
        assert_invariants(&signals, &covered, &out);
    }

    #[test]
    fn arrival_order_and_repetition_change_nothing(
        (signals, shuffled) in signals().prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
        covered in covered(),
        settings in settings(),
    ) {
        let out = suggest(&signals, &covered, now(), &settings);
        let mut reversed_covered = covered.clone();
        reversed_covered.reverse();
        let again = suggest(&shuffled, &reversed_covered, now(), &settings);
        prop_assert_eq!(&out, &again);
        let mut doubled = shuffled.clone();
        doubled.extend(signals.iter().cloned());
        let twice = suggest(&doubled, &covered, now(), &settings);
        prop_assert_eq!(&twice.suggestions, &out.suggestions);
    }
}
