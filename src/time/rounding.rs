//! Billing rounding: time is rounded up to a step (6, 15 or 30 minutes, say), either each
//! entry on its own or each day's total per client. Written as `none`, `15m` or `15m/day`.

use serde::Serialize;

use super::TimeError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum RoundingScope {
    #[default]
    Entry,
    Day,
}

/// `step_minutes == 0` means no rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
pub struct Rounding {
    pub step_minutes: u32,
    pub scope: RoundingScope,
}

impl Rounding {
    pub const NONE: Rounding = Rounding {
        step_minutes: 0,
        scope: RoundingScope::Entry,
    };

    /// `none`, `15m`, `15` (minutes), `15m/day`, `6m/entry`; steps from 1 to 60 minutes.
    pub fn parse(text: &str) -> Result<Rounding, TimeError> {
        let text = text.trim().to_ascii_lowercase();
        if text.is_empty() || text == "none" || text == "0" {
            return Ok(Rounding::NONE);
        }
        let (step, scope) = match text.split_once('/') {
            Some((s, "day")) => (s, RoundingScope::Day),
            Some((s, "entry")) => (s, RoundingScope::Entry),
            Some(_) => return Err(bad(&text)),
            None => (text.as_str(), RoundingScope::Entry),
        };
        let digits = step
            .strip_suffix("min")
            .or(step.strip_suffix('m'))
            .unwrap_or(step);
        match digits.parse::<u32>() {
            Ok(m) if (1..=60).contains(&m) => Ok(Rounding {
                step_minutes: m,
                scope,
            }),
            _ => Err(bad(&text)),
        }
    }

    /// Seconds rounded up to the step.
    pub fn round(self, seconds: i64) -> i64 {
        let step = i64::from(self.step_minutes) * 60;
        if step == 0 || seconds <= 0 {
            return seconds.max(0);
        }
        (seconds + step - 1) / step * step
    }
}

impl std::fmt::Display for Rounding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.step_minutes, self.scope) {
            (0, _) => write!(f, "none"),
            (m, RoundingScope::Entry) => write!(f, "{m}m"),
            (m, RoundingScope::Day) => write!(f, "{m}m/day"),
        }
    }
}

fn bad(text: &str) -> TimeError {
    TimeError::Invalid(format!(
        "cannot read `{text}` as a rounding rule (use none, 6m, 15m, 30m, or 15m/day to round \
         each day's total)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_goes_up_to_the_step() {
        let r = Rounding::parse("15m").expect("valid");
        assert_eq!(r.round(1), 900);
        assert_eq!(r.round(900), 900);
        assert_eq!(r.round(901), 1800);
        assert_eq!(r.round(0), 0);
        assert_eq!(Rounding::parse("6").expect("valid").round(61), 360);
        assert_eq!(Rounding::NONE.round(61), 61);
    }

    #[test]
    fn rules_read_and_print_back() {
        for text in ["none", "6m", "15m", "30m/day"] {
            assert_eq!(Rounding::parse(text).expect(text).to_string(), text);
        }
        assert_eq!(
            Rounding::parse("15m/day").expect("valid").scope,
            RoundingScope::Day
        );
        for bad in ["15x", "90m", "15m/week", "-5"] {
            assert!(Rounding::parse(bad).is_err(), "{bad}");
        }
    }
}
