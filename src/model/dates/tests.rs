use super::*;
use chrono_tz::Europe::Berlin;
use proptest::prelude::*;

/// Sunday 2026-11-22 10:30 in Berlin (UTC+1).
fn now() -> DateTime<chrono_tz::Tz> {
    Berlin
        .with_ymd_and_hms(2026, 11, 22, 10, 30, 0)
        .single()
        .expect("valid fixture time")
}

fn day(y: i32, m: u32, d: u32) -> When {
    When::Day(NaiveDate::from_ymd_opt(y, m, d).expect("valid date"))
}

fn at_local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> When {
    When::At(
        Berlin
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .expect("valid time")
            .with_timezone(&Utc),
    )
}

#[test]
fn day_words() {
    let cases = [
        ("today", day(2026, 11, 22)),
        ("Tomorrow", day(2026, 11, 23)),
        ("yesterday", day(2026, 11, 21)),
        ("2026-12-01", day(2026, 12, 1)),
        ("in 3d", day(2026, 11, 25)),
        ("in 3 days", day(2026, 11, 25)),
        ("+2w", day(2026, 12, 6)),
        ("in 1mo", day(2026, 12, 22)),
        ("in 1y", day(2027, 11, 22)),
    ];
    for (input, want) in cases {
        assert_eq!(parse_when(input, &now()), Ok(want), "{input}");
    }
}

#[test]
fn weekdays_from_a_sunday() {
    // Sunday: the coming Friday and next week's Friday are the same day.
    assert_eq!(parse_when("fri", &now()), Ok(day(2026, 11, 27)));
    assert_eq!(parse_when("friday", &now()), Ok(day(2026, 11, 27)));
    assert_eq!(parse_when("next fri", &now()), Ok(day(2026, 11, 27)));
    // A weekday name never means today.
    assert_eq!(parse_when("sun", &now()), Ok(day(2026, 11, 29)));
    assert_eq!(parse_when("mon", &now()), Ok(day(2026, 11, 23)));
}

#[test]
fn weekdays_from_a_monday() {
    let monday = Berlin
        .with_ymd_and_hms(2026, 11, 23, 8, 0, 0)
        .single()
        .expect("valid");
    assert_eq!(parse_when("fri", &monday), Ok(day(2026, 11, 27)));
    assert_eq!(parse_when("next fri", &monday), Ok(day(2026, 12, 4)));
    assert_eq!(parse_when("mon", &monday), Ok(day(2026, 11, 30)));
    assert_eq!(parse_when("next mon", &monday), Ok(day(2026, 11, 30)));
}

#[test]
fn instants() {
    let cases = [
        ("tomorrow 15:00", at_local(2026, 11, 23, 15, 0)),
        ("fri 9am", at_local(2026, 11, 27, 9, 0)),
        ("fri@9:30pm", at_local(2026, 11, 27, 21, 30)),
        ("15:00", at_local(2026, 11, 22, 15, 0)),
        ("noon", at_local(2026, 11, 22, 12, 0)),
        ("2026-12-01 14:30", at_local(2026, 12, 1, 14, 30)),
        ("2026-12-01T14:30", at_local(2026, 12, 1, 14, 30)),
        ("sow", at_local(2026, 11, 16, 0, 0)),
        ("som", at_local(2026, 11, 1, 0, 0)),
    ];
    for (input, want) in cases {
        assert_eq!(parse_when(input, &now()), Ok(want), "{input}");
    }
    let utc = |s: &str| When::At(s.parse::<DateTime<Utc>>().expect("valid"));
    assert_eq!(
        parse_when("2026-12-01T14:30:00Z", &now()),
        Ok(utc("2026-12-01T14:30:00Z"))
    );
    assert_eq!(
        parse_when("2026-12-01T14:30+05:00", &now()),
        Ok(utc("2026-12-01T09:30:00Z"))
    );
    assert_eq!(parse_when("in 2h", &now()), Ok(utc("2026-11-22T11:30:00Z")));
    assert_eq!(
        parse_when("in 30min", &now()),
        Ok(utc("2026-11-22T10:00:00Z"))
    );
    assert_eq!(parse_when("now", &now()), Ok(utc("2026-11-22T09:30:00Z")));
}

#[test]
fn ends_of_periods() {
    let end = |y, m, d| {
        When::At(
            Berlin
                .with_ymd_and_hms(y, m, d, 23, 59, 59)
                .single()
                .expect("valid")
                .with_timezone(&Utc),
        )
    };
    assert_eq!(parse_when("eod", &now()), Ok(end(2026, 11, 22)));
    assert_eq!(parse_when("eow", &now()), Ok(end(2026, 11, 22)));
    assert_eq!(parse_when("eom", &now()), Ok(end(2026, 11, 30)));
    assert_eq!(parse_when("eoy", &now()), Ok(end(2026, 12, 31)));
}

#[test]
fn day_bounds_follow_the_zone() {
    let d = day(2026, 11, 27);
    assert_eq!(d.start(&Berlin).to_rfc3339(), "2026-11-26T23:00:00+00:00");
    assert_eq!(d.end(&Berlin).to_rfc3339(), "2026-11-27T22:59:59+00:00");
    // The spring-forward day is 23 hours long.
    let (from, to) = day(2026, 3, 29).span(&Berlin);
    assert_eq!((to - from).num_hours(), 23);
}

#[test]
fn skipped_local_time_moves_forward() {
    let gap = NaiveDate::from_ymd_opt(2026, 3, 29)
        .and_then(|d| d.and_hms_opt(2, 30, 0))
        .expect("valid");
    assert_eq!(
        local_instant(&Berlin, gap).to_rfc3339(),
        "2026-03-29T01:30:00+00:00"
    );
}

#[test]
fn bad_dates_list_the_accepted_forms() {
    for input in [
        "",
        "someday",
        "2026-13-01",
        "fri 25:00",
        "in 3 parsecs",
        "13pm",
        "next blursday",
    ] {
        let err = parse_when(input, &now()).expect_err(input);
        let msg = err.to_string();
        assert!(msg.contains("accepted forms"), "{msg}");
        assert!(msg.contains("tomorrow 15:00"), "{msg}");
    }
}

#[test]
fn relative_times() {
    let now: DateTime<Utc> = "2026-11-22T12:00:00Z".parse().expect("valid");
    let cases = [
        (30, "now"),
        (600, "in 10m"),
        (-3 * 3600, "3h ago"),
        (47 * 3600, "in 47h"),
        (2 * 86_400, "in 2d"),
        (-20 * 86_400, "2w ago"),
        (90 * 86_400, "in 3mo"),
        (800 * 86_400, "in 2y"),
    ];
    for (secs, want) in cases {
        assert_eq!(relative(now + chrono::Duration::seconds(secs), now), want);
    }
}

proptest! {
    #[test]
    fn never_panics(input in "\\PC{0,40}") {
        let _ = parse_when(&input, &now());
    }

    #[test]
    fn never_panics_on_date_like_input(input in "[0-9a-z:@+ -]{0,24}") {
        let _ = parse_when(&input, &now());
    }
}

#[test]
fn typos_of_day_words_get_a_suggestion() {
    assert_eq!(suggestion("tomorow"), Some("tomorrow"));
    assert_eq!(suggestion("Wensday"), Some("wednesday"));
    assert_eq!(suggestion("fridy"), Some("friday"));
    for word in [
        "tomorrow",
        "monkey",
        "moon",
        "sundays",
        "thursday's",
        "meeting",
        "to",
    ] {
        assert_eq!(suggestion(word), None, "{word}");
    }
    let e = parse_when("tomorow 10:00", &now()).expect_err("typo");
    assert!(e.to_string().contains("tomorow → tomorrow?"), "{e}");
}

#[test]
fn since_a_weekday_looks_back_today_included() {
    // The fixture's now is a Sunday.
    assert_eq!(parse_since("mon", &now()), Ok(day(2026, 11, 16)));
    assert_eq!(parse_since("sat", &now()), Ok(day(2026, 11, 21)));
    assert_eq!(parse_since("sunday", &now()), Ok(day(2026, 11, 22)));
    assert_eq!(
        parse_since("Mon 9am", &now()),
        Ok(at_local(2026, 11, 16, 9, 0))
    );
    assert_eq!(
        parse_since("fri@14:00", &now()),
        Ok(at_local(2026, 11, 20, 14, 0))
    );
    // Everything else reads as in `parse_when`.
    assert_eq!(
        parse_since("2026-11-01", &now()),
        parse_when("2026-11-01", &now())
    );
    assert_eq!(
        parse_since("next mon", &now()),
        parse_when("next mon", &now())
    );
    assert!(parse_since("mon 25:00", &now()).is_err());
}
