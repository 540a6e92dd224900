use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn rule(s: &str) -> Rule {
    Rule::parse(s).expect("valid rule")
}

#[test]
fn parses_and_prints_canonical_forms() {
    let cases = [
        ("daily", "1d"),
        ("weekly", "1w"),
        ("biweekly", "2w"),
        ("monthly", "1mo"),
        ("yearly", "1y"),
        ("3d", "3d"),
        ("2w", "2w"),
        ("weekdays", "1d:mon,tue,wed,thu,fri"),
        ("fri,mon,wed", "1w:mon,wed,fri"),
        ("2w:thu,mon", "2w:mon,thu"),
    ];
    for (input, canonical) in cases {
        let r = rule(input);
        assert_eq!(r.to_string(), canonical, "{input}");
        assert_eq!(rule(canonical), r, "round trip of {input}");
    }
}

#[test]
fn rejects_nonsense() {
    for input in [
        "",
        "0d",
        "sometimes",
        "3x",
        "mon,funday",
        "1mo:mon",
        "5000d",
    ] {
        assert!(Rule::parse(input).is_err(), "{input}");
    }
}

#[test]
fn simple_steps() {
    let a = d(2026, 11, 2);
    assert_eq!(rule("daily").next_after(a, a), Some(d(2026, 11, 3)));
    assert_eq!(
        rule("3d").next_after(a, d(2026, 11, 4)),
        Some(d(2026, 11, 5))
    );
    assert_eq!(rule("2w").next_after(a, a), Some(d(2026, 11, 16)));
    // Completed late: the next one is the first occurrence after the one completed.
    assert_eq!(
        rule("weekly").next_after(a, d(2026, 11, 9)),
        Some(d(2026, 11, 16))
    );
}

#[test]
fn month_ends_do_not_drift() {
    let a = d(2026, 1, 31);
    let r = rule("monthly");
    let feb = r.next_after(a, a);
    assert_eq!(feb, Some(d(2026, 2, 28)));
    let mar = r.next_after(a, d(2026, 2, 28));
    assert_eq!(mar, Some(d(2026, 3, 31)));
    // Leap day, yearly.
    let leap = d(2028, 2, 29);
    assert_eq!(rule("yearly").next_after(leap, leap), Some(d(2029, 2, 28)));
    assert_eq!(
        rule("yearly").next_after(leap, d(2031, 2, 28)),
        Some(d(2032, 2, 29))
    );
}

#[test]
fn weekday_lists() {
    let r = rule("weekdays");
    let fri = d(2026, 11, 27);
    assert_eq!(r.next_after(fri, fri), Some(d(2026, 11, 30)));
    let mwf = rule("mon,wed,fri");
    let mon = d(2026, 11, 23);
    assert_eq!(mwf.next_after(mon, mon), Some(d(2026, 11, 25)));
    assert_eq!(mwf.next_after(mon, d(2026, 11, 27)), Some(d(2026, 11, 30)));
    // Every other week on Monday and Thursday.
    let r = rule("2w:mon,thu");
    assert_eq!(r.next_after(mon, mon), Some(d(2026, 11, 26)));
    assert_eq!(r.next_after(mon, d(2026, 11, 26)), Some(d(2026, 12, 7)));
}

#[test]
fn until_ends_the_series() {
    let mut r = rule("weekly");
    r.until = Some(d(2026, 12, 1));
    let a = d(2026, 11, 17);
    assert_eq!(r.next_after(a, a), Some(d(2026, 11, 24)));
    assert_eq!(r.next_after(a, d(2026, 11, 24)), Some(d(2026, 12, 1)));
    assert_eq!(r.next_after(a, d(2026, 12, 1)), None);
}

#[test]
fn instance_identity_is_derived_from_series_and_date() {
    let rec = Recurrence::new_series(rule("daily"), d(2026, 11, 1));
    let a = rec.instance_uuid(d(2026, 11, 2));
    assert_eq!(a, rec.instance_uuid(d(2026, 11, 2)));
    assert_ne!(a, rec.instance_uuid(d(2026, 11, 3)));
}

#[test]
fn month_words_are_months_not_mondays() {
    for input in ["month", "months", "monthly", "mo", "1mo", "P1M"] {
        assert_eq!(rule(input).to_string(), "1mo", "{input}");
    }
    assert_eq!(rule("mon").to_string(), "1w:mon");
    assert_eq!(rule("monday,thurs").to_string(), "1w:mon,thu");
}

#[test]
fn reads_taskwarriors_recurrence_vocabulary() {
    let cases = [
        ("day", "1d"),
        ("week", "1w"),
        ("wk", "1w"),
        ("fortnight", "2w"),
        ("bimonthly", "2mo"),
        ("quarterly", "3mo"),
        ("2q", "6mo"),
        ("semiannual", "6mo"),
        ("year", "1y"),
        ("yr", "1y"),
        ("annual", "1y"),
        ("biannual", "2y"),
        ("biyearly", "2y"),
        ("P1D", "1d"),
        ("P1W", "1w"),
        ("P2W", "2w"),
        ("P3M", "3mo"),
        ("P1Y", "1y"),
    ];
    for (input, canonical) in cases {
        assert_eq!(rule(input).to_string(), canonical, "{input}");
    }
}

#[test]
fn hourly_recurrence_is_refused_clearly() {
    for input in ["hourly", "1h", "12h", "PT12H", "30min"] {
        let err = Rule::parse(input).expect_err(input);
        assert!(err.contains("hourly and shorter"), "{input}: {err}");
    }
    assert!(Rule::parse("moth").is_err());
}
