//! Durations typed by people: `45m`, `1h30m`, `2h`, `90` (minutes), `1.5h`.

/// Parses a duration into whole minutes (1 to 100,000).
pub fn parse_minutes(input: &str) -> Result<u32, String> {
    let err =
        || format!("cannot read `{input}` as a duration (use e.g. 45m, 1h30m, 2h, 1.5h or 90)");
    let text = input.trim().to_ascii_lowercase();
    if text.is_empty() {
        return Err(err());
    }
    if let Ok(n) = text.parse::<u32>() {
        return check(n).ok_or_else(err);
    }
    let mut total = 0.0_f64;
    let mut number = String::new();
    let mut chars = text.chars().peekable();
    let mut saw_unit = false;
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || c == '.' {
            number.push(c);
            continue;
        }
        let mut unit = c.to_string();
        while let Some(&n) = chars.peek() {
            if n.is_ascii_alphabetic() {
                unit.push(n);
                chars.next();
            } else {
                break;
            }
        }
        let value: f64 = number.parse().map_err(|_| err())?;
        number.clear();
        let factor = match unit.as_str() {
            "m" | "min" | "mins" | "minute" | "minutes" => 1.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 60.0,
            "d" | "day" | "days" => 1440.0,
            _ => return Err(err()),
        };
        total += value * factor;
        saw_unit = true;
    }
    if !number.is_empty() || !saw_unit || !total.is_finite() || total > 100_000.0 {
        return Err(err());
    }
    check(total.round() as u32).ok_or_else(err)
}

fn check(n: u32) -> Option<u32> {
    (1..=100_000).contains(&n).then_some(n)
}

/// `45m`, `1h30m`, `2h`.
pub fn format_minutes(m: u32) -> String {
    match (m / 60, m % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_common_forms() {
        for (input, want) in [
            ("45m", 45),
            ("1h30m", 90),
            ("2h", 120),
            ("1.5h", 90),
            ("90", 90),
            ("1d", 1440),
        ] {
            assert_eq!(parse_minutes(input), Ok(want), "{input}");
        }
        for bad in ["", "0", "abc", "5x", "h", "1h30", "-5m", "999999h"] {
            assert!(parse_minutes(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn formats_back() {
        for m in [5, 45, 60, 90, 125] {
            assert_eq!(parse_minutes(&format_minutes(m)), Ok(m));
        }
    }
}
