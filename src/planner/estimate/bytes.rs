//! A trained estimator as bytes, so it can be kept between runs: training reads every
//! completed task, while an estimate needs only the weights and the residuals (a few KB).
//! The format is little-endian: a tag, the history size, the weights, the residuals. Bytes from
//! another format version, or damaged ones, read as `None` and the caller retrains.

use super::Estimator;
use super::features::DIM;
use super::model::Fitted;

/// Changes whenever the features, the model or this layout change, so an old kept model is
/// never read as a new one.
const TAG: &[u8; 8] = b"TEMPOE01";

impl Estimator {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32 + 8 * (DIM + 300));
        out.extend_from_slice(TAG);
        out.extend_from_slice(&(self.n as u64).to_le_bytes());
        match &self.fitted {
            None => out.push(0),
            Some(f) => {
                out.push(1);
                out.extend_from_slice(&(f.residuals.len() as u64).to_le_bytes());
                for v in f.weights.iter().chain(&f.residuals) {
                    out.extend_from_slice(&v.to_le_bytes());
                }
            }
        }
        out
    }

    /// The estimator `to_bytes` wrote, with today's `min_data_points` (it is not learned).
    pub fn from_bytes(bytes: &[u8], min_data_points: u32) -> Option<Estimator> {
        let mut r = Reader(bytes);
        if r.take(TAG.len())? != TAG {
            return None;
        }
        let n = usize::try_from(r.u64()?).ok()?;
        let fitted = match r.take(1)?[0] {
            0 => None,
            1 => {
                let residuals = usize::try_from(r.u64()?).ok()?;
                let weights = r.floats(DIM)?;
                let residuals = r.floats(residuals)?;
                Some(Fitted { weights, residuals })
            }
            _ => return None,
        };
        if !r.0.is_empty() || (fitted.is_none() && n > 0) {
            return None;
        }
        Some(Estimator {
            fitted,
            n,
            min_data_points,
        })
    }
}

pub(super) struct Reader<'a>(pub(super) &'a [u8]);

impl<'a> Reader<'a> {
    pub(super) fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        if self.0.len() < len {
            return None;
        }
        let (head, rest) = self.0.split_at(len);
        self.0 = rest;
        Some(head)
    }

    pub(super) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    pub(super) fn floats(&mut self, count: usize) -> Option<Vec<f64>> {
        let bytes = self.take(count.checked_mul(8)?)?;
        let v: Vec<f64> = bytes
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
            .collect();
        v.iter().all(|x| x.is_finite()).then_some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::super::synth::history;
    use super::*;

    #[test]
    fn a_kept_estimator_estimates_exactly_as_the_trained_one() {
        let h = history(200, 7);
        let trained = Estimator::train(&h, 50);
        let kept = Estimator::from_bytes(&trained.to_bytes(), 50).expect("reads back");
        for c in h.iter().take(40) {
            assert_eq!(trained.estimate(&c.task), kept.estimate(&c.task));
        }
        let empty = Estimator::train(&[], 50);
        let kept = Estimator::from_bytes(&empty.to_bytes(), 50).expect("empty reads back");
        assert_eq!(kept.history(), 0);
        assert_eq!(
            kept.estimate(&h[0].task),
            empty.estimate(&h[0].task),
            "no history: the rules alone, the same either way"
        );
    }

    #[test]
    fn damaged_or_foreign_bytes_are_not_a_model() {
        let bytes = Estimator::train(&history(80, 3), 50).to_bytes();
        assert!(Estimator::from_bytes(&bytes[..bytes.len() - 1], 50).is_none());
        assert!(Estimator::from_bytes(&[bytes.as_slice(), &[0]].concat(), 50).is_none());
        let mut other = bytes.clone();
        other[7] = b'9';
        assert!(Estimator::from_bytes(&other, 50).is_none());
        let mut nan = bytes;
        let at = nan.len() - 8;
        nan[at..].copy_from_slice(&f64::NAN.to_le_bytes());
        assert!(Estimator::from_bytes(&nan, 50).is_none());
        assert!(Estimator::from_bytes(b"", 50).is_none());
    }
}
