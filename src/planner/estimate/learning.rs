//! What training has seen, kept so a completed task is learned by adding it rather than by
//! reading the whole history again: the normal equations (a 256×256 matrix and a vector), how
//! many tasks went in, and the latest tasks (by completion) whose out-of-sample errors set the
//! P10–P90 range. Adding tasks one by one and training on them all at once give the same model.

use super::features::{DIM, Entry, features};
use super::model::{Normal, RESIDUAL_SAMPLE};
use super::{Completed, Estimator, usable};

/// One of the latest completed tasks: when, its features, its log minutes.
#[derive(Debug, Clone, PartialEq)]
struct Sampled {
    done: i64,
    x: Vec<Entry>,
    y: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Learning {
    normal: Normal,
    n: usize,
    /// The latest `RESIDUAL_SAMPLE` tasks, oldest first.
    sample: Vec<Sampled>,
}

impl Default for Learning {
    fn default() -> Self {
        Learning::new()
    }
}

impl Learning {
    pub fn new() -> Learning {
        Learning {
            normal: Normal::new(),
            n: 0,
            sample: Vec::new(),
        }
    }

    /// Everything in `history`, in the order the tasks were completed.
    pub fn from_history(history: &[Completed]) -> Learning {
        let mut order: Vec<&Completed> = history.iter().collect();
        order.sort_by_key(|c| c.done);
        let mut l = Learning::new();
        for c in order {
            l.add(c);
        }
        l
    }

    /// Learns one more completed task (one without usable time is skipped).
    pub fn add(&mut self, c: &Completed) {
        if !usable(c) {
            return;
        }
        let x = features(&c.task).entries;
        let y = c.actual_minutes.ln();
        self.normal.add(&x, y);
        self.n += 1;
        let done = c.done.timestamp();
        // After every task completed at or before it, so ties keep the order they came in.
        let at = self.sample.partition_point(|s| s.done <= done);
        self.sample.insert(at, Sampled { done, x, y });
        if self.sample.len() > RESIDUAL_SAMPLE {
            self.sample.remove(0);
        }
    }

    pub fn history(&self) -> usize {
        self.n
    }

    pub fn estimator(&self, min_data_points: u32) -> Estimator {
        let sample: Vec<(&[Entry], f64)> =
            self.sample.iter().map(|s| (s.x.as_slice(), s.y)).collect();
        Estimator {
            fitted: if self.n == 0 {
                None
            } else {
                self.normal.fit(&sample)
            },
            n: self.n,
            min_data_points,
        }
    }

    /// Little-endian: a tag, n, A, b, then the sample (done, y, entry count, entries).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 * (DIM * DIM + DIM) + 64 * self.sample.len() + 32);
        out.extend_from_slice(TAG);
        out.extend_from_slice(&(self.n as u64).to_le_bytes());
        for v in self.normal.a.iter().chain(&self.normal.b) {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&(self.sample.len() as u64).to_le_bytes());
        for s in &self.sample {
            out.extend_from_slice(&s.done.to_le_bytes());
            out.extend_from_slice(&s.y.to_le_bytes());
            out.extend_from_slice(&(s.x.len() as u64).to_le_bytes());
            for &(i, v) in &s.x {
                out.extend_from_slice(&(i as u64).to_le_bytes());
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Learning> {
        let mut r = super::bytes::Reader(bytes);
        if r.take(TAG.len())? != TAG {
            return None;
        }
        let n = usize::try_from(r.u64()?).ok()?;
        let a = r.floats(DIM * DIM)?;
        let b = r.floats(DIM)?;
        let count = usize::try_from(r.u64()?).ok()?;
        if count > RESIDUAL_SAMPLE || count > n {
            return None;
        }
        let mut sample = Vec::with_capacity(count);
        for _ in 0..count {
            let done = i64::from_le_bytes(r.take(8)?.try_into().ok()?);
            let y = r.floats(1)?[0];
            let len = usize::try_from(r.u64()?).ok()?;
            let mut x = Vec::with_capacity(len.min(DIM));
            for _ in 0..len {
                let i = usize::try_from(r.u64()?).ok().filter(|i| *i < DIM)?;
                x.push((i, r.floats(1)?[0]));
            }
            sample.push(Sampled { done, x, y });
        }
        if !r.0.is_empty() {
            return None;
        }
        Some(Learning {
            normal: Normal { a, b },
            n,
            sample,
        })
    }
}

const TAG: &[u8; 8] = b"TEMPOL01";

#[cfg(test)]
mod tests {
    use super::super::synth::history;
    use super::*;

    #[test]
    fn adding_tasks_one_by_one_is_training_on_them_all() {
        let h = history(400, 11);
        let (first, rest) = h.split_at(350);
        let mut kept = Learning::from_history(first);
        kept = Learning::from_bytes(&kept.to_bytes()).expect("reads back");
        for c in rest {
            kept.add(c);
        }
        let all = Learning::from_history(&h);
        assert_eq!(kept, all);
        let (a, b) = (kept.estimator(50), Estimator::train(&h, 50));
        for c in h.iter().take(20) {
            assert_eq!(a.estimate(&c.task), b.estimate(&c.task));
        }
    }

    #[test]
    fn damaged_learning_is_not_read() {
        let bytes = Learning::from_history(&history(40, 2)).to_bytes();
        assert!(Learning::from_bytes(&bytes[..bytes.len() - 3]).is_none());
        assert!(Learning::from_bytes(&[bytes.as_slice(), &[1]].concat()).is_none());
        assert!(Learning::from_bytes(b"TEMPOE01").is_none());
        assert_eq!(
            Learning::from_bytes(&Learning::new().to_bytes()),
            Some(Learning::new())
        );
    }
}
