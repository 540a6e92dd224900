//! A proportion with its uncertainty: the Wilson score interval, which stays inside 0..1 and
//! stays honest on the small samples a person's own history gives (a 3-of-3 hour is not "100%").

use serde::Serialize;

/// z for a 90% two-sided interval: wide enough to keep a lucky hour from topping the list,
/// narrow enough that a few weeks of sessions say something.
const Z: f64 = 1.645;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rate {
    /// How many tried.
    pub n: u32,
    /// How many succeeded.
    pub k: u32,
    pub rate: f64,
    /// Lower and upper bound of the 90% Wilson interval.
    pub low: f64,
    pub high: f64,
}

impl Rate {
    pub fn new(k: u32, n: u32) -> Rate {
        if n == 0 {
            return Rate {
                n,
                k,
                rate: 0.0,
                low: 0.0,
                high: 1.0,
            };
        }
        let nf = f64::from(n);
        let p = f64::from(k) / nf;
        let z2 = Z * Z;
        let centre = (p + z2 / (2.0 * nf)) / (1.0 + z2 / nf);
        let half = Z * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt() / (1.0 + z2 / nf);
        Rate {
            n,
            k,
            rate: p,
            low: (centre - half).max(0.0),
            high: (centre + half).min(1.0),
        }
    }

    /// Counts `(successes, tries)` from an iterator of outcomes.
    pub fn of(outcomes: impl IntoIterator<Item = bool>) -> Rate {
        let (k, n) = outcomes
            .into_iter()
            .fold((0, 0), |(k, n), ok| (k + u32::from(ok), n + 1));
        Rate::new(k, n)
    }

    /// `80% (62–91%, n=10)`.
    pub fn text(&self) -> String {
        format!(
            "{:.0}% ({:.0}–{:.0}%, n={})",
            self.rate * 100.0,
            self.low * 100.0,
            self.high * 100.0,
            self.n
        )
    }
}

/// Arithmetic mean (0 for nothing).
pub fn mean(values: impl IntoIterator<Item = f64>) -> f64 {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    if n == 0 { 0.0 } else { sum / f64::from(n) }
}

/// The median (0 for nothing).
pub fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}
