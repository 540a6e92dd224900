//! What a focus operation did, in words for a confirmation, a toast or a notification. The time
//! named is always the time actually focused (pauses excluded), never the planned length.

use chrono::{DateTime, Duration, Utc};

use super::{FocusSession, FocusStatus, Kind};

/// `7 s`, `12 min`, `1 h 5 min`: a length of time for people (whole seconds under a minute,
/// then whole minutes).
pub fn span(d: Duration) -> String {
    let s = d.num_seconds().max(0);
    match s {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => format!("{} min", s / 60),
        s if s % 3600 < 60 => format!("{} h", s / 3600),
        s => format!("{} h {} min", s / 3600, s % 3600 / 60),
    }
}

/// One line saying what happened to `s` (just stopped, interrupted, paused…), as of `now`.
pub fn outcome(s: &FocusSession, now: DateTime<Utc>) -> String {
    let focused = span(s.elapsed(now));
    let interruptions = match s.interruptions.len() {
        1 => "1 interruption".to_string(),
        n => format!("{n} interruptions"),
    };
    match (s.kind, s.status) {
        (Kind::Focus, FocusStatus::Completed) => {
            format!("Completed “{}” · {focused} focused", s.title)
        }
        (_, FocusStatus::Completed) => format!("{} over after {focused}", s.kind.label()),
        (_, FocusStatus::Interrupted) => format!(
            "Ended “{}” by an interruption · {focused} focused · {interruptions}",
            s.title
        ),
        (k, FocusStatus::Abandoned) if k.is_break() => {
            format!("Ended the {} after {focused}", k.label().to_lowercase())
        }
        (_, FocusStatus::Abandoned) => {
            format!(
                "Abandoned “{}” after {focused} (its time does not count)",
                s.title
            )
        }
        (_, FocusStatus::Paused) => format!("Paused “{}” at {focused}", s.title),
        (_, FocusStatus::Running) => match s.interruptions.last() {
            Some(i) if i.at == now => format!(
                "Logged {} interruption · {interruptions} in this session · the session goes on",
                if i.external { "an external" } else { "an" }
            ),
            _ => format!("Resumed “{}” · {focused} so far", s.title),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::focus::Mode;

    fn at(sec: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::seconds(sec)
    }

    #[test]
    fn spans_read_naturally() {
        assert_eq!(span(Duration::seconds(7)), "7 s");
        assert_eq!(span(Duration::seconds(7 * 60 + 59)), "7 min");
        assert_eq!(span(Duration::minutes(60)), "1 h");
        assert_eq!(span(Duration::minutes(65)), "1 h 5 min");
    }

    #[test]
    fn a_session_stopped_early_names_the_time_focused() {
        let mut s = FocusSession::start(
            "Write".into(),
            None,
            Kind::Focus,
            Mode::Countdown,
            35,
            at(0),
        )
        .expect("start");
        s.complete(at(7)).expect("complete");
        assert_eq!(outcome(&s, at(60)), "Completed “Write” · 7 s focused");
        let mut i = FocusSession::start(
            "Write".into(),
            None,
            Kind::Focus,
            Mode::Countdown,
            35,
            at(0),
        )
        .expect("start");
        i.interrupt(at(120), true, "phone").expect("interrupt");
        assert_eq!(
            outcome(&i, at(120)),
            "Logged an external interruption · 1 interruption in this session · the session goes on"
        );
    }
}
