//! Ridge regression on log-duration, two ways to the same weights: `fit` solves the normal
//! equations once (Cholesky, for a whole history), `Online` folds in one completed task at a
//! time (Sherman–Morrison, for the backtest's replay and incremental retraining).
//!
//! Why ridge on log minutes: durations are heavy-tailed and multiplicative ("bugs take twice as
//! long"), so a linear model in log space reads as factors; the L2 penalty keeps rarely seen
//! features near "no effect" on small, noisy histories; and the sufficient statistics are a
//! 256×256 matrix, so training on 10,000 tasks takes milliseconds and is deterministic.

use super::features::{BIAS, DIM, Entry};

/// The penalty on every weight but the bias: a feature seen a handful of times moves the
/// prediction only part of the way its examples suggest.
const LAMBDA: f64 = 2.0;
/// The bias is (almost) unpenalised: it is the typical task's log duration.
const LAMBDA_BIAS: f64 = 0.01;
/// Leave-one-out residuals are computed for at most this many of the latest tasks.
pub(super) const RESIDUAL_SAMPLE: usize = 300;

fn penalty(i: usize) -> f64 {
    if i == BIAS { LAMBDA_BIAS } else { LAMBDA }
}

pub(super) fn dot(w: &[f64], x: &[Entry]) -> f64 {
    x.iter().map(|&(i, v)| w[i] * v).sum()
}

/// Learned weights and the out-of-sample residuals (log space) that calibrate P10–P90.
#[derive(Debug, Clone)]
pub(super) struct Fitted {
    pub(super) weights: Vec<f64>,
    pub(super) residuals: Vec<f64>,
}

/// Ridge fit of `ys` on `xs`; `None` without data or if the system is not positive definite
/// (it always is with a positive penalty; the check keeps a NaN from reaching a person). The
/// residuals are those of the last `RESIDUAL_SAMPLE` examples. (Training goes through
/// `Learning`; this batch form checks the online one.)
#[cfg(test)]
pub(super) fn fit(xs: &[Vec<Entry>], ys: &[f64]) -> Option<Fitted> {
    if xs.is_empty() {
        return None;
    }
    let mut normal = Normal::new();
    for (x, &y) in xs.iter().zip(ys) {
        normal.add(x, y);
    }
    let from = xs.len().saturating_sub(RESIDUAL_SAMPLE);
    let sample: Vec<(&[Entry], f64)> = xs[from..]
        .iter()
        .zip(&ys[from..])
        .map(|(x, &y)| (x.as_slice(), y))
        .collect();
    normal.fit(&sample)
}

/// The normal equations of the ridge fit, `A w = b` with `A = λI + Σ x xᵀ` and `b = Σ x y`:
/// everything training needs, so a kept `Normal` takes one more task by adding it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Normal {
    pub(super) a: Vec<f64>,
    pub(super) b: Vec<f64>,
}

impl Normal {
    pub(super) fn new() -> Normal {
        let mut a = vec![0.0; DIM * DIM];
        for i in 0..DIM {
            a[i * DIM + i] = penalty(i);
        }
        Normal {
            a,
            b: vec![0.0; DIM],
        }
    }

    pub(super) fn add(&mut self, x: &[Entry], y: f64) {
        for &(i, vi) in x {
            self.b[i] += vi * y;
            for &(j, vj) in x {
                self.a[i * DIM + j] += vi * vj;
            }
        }
    }

    /// The weights, and the leave-one-out residuals of `sample` (examples already added).
    pub(super) fn fit(&self, sample: &[(&[Entry], f64)]) -> Option<Fitted> {
        let l = cholesky(&self.a)?;
        let weights = solve(&l, &self.b);
        let residuals = sample
            .iter()
            .map(|&(x, y)| {
                // The leave-one-out residual of a linear smoother: r / (1 - h), h = xᵀA⁻¹x.
                let z = forward(&l, &dense(x));
                let h: f64 = z.iter().map(|v| v * v).sum();
                (y - dot(&weights, x)) / (1.0 - h).max(0.05)
            })
            .collect();
        Some(Fitted { weights, residuals })
    }
}

fn dense(x: &[Entry]) -> Vec<f64> {
    let mut v = vec![0.0; DIM];
    for &(i, val) in x {
        v[i] += val;
    }
    v
}

/// Lower-triangular `l` with `l lᵀ = a`.
fn cholesky(a: &[f64]) -> Option<Vec<f64>> {
    let mut l = vec![0.0; DIM * DIM];
    for i in 0..DIM {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i * DIM + k] * l[j * DIM + k]).sum();
            if i == j {
                let d = a[i * DIM + i] - s;
                if d <= 0.0 || !d.is_finite() {
                    return None;
                }
                l[i * DIM + i] = d.sqrt();
            } else {
                l[i * DIM + j] = (a[i * DIM + j] - s) / l[j * DIM + j];
            }
        }
    }
    Some(l)
}

/// `l⁻¹ b`.
fn forward(l: &[f64], b: &[f64]) -> Vec<f64> {
    let mut z = vec![0.0; DIM];
    for i in 0..DIM {
        let s: f64 = (0..i).map(|k| l[i * DIM + k] * z[k]).sum();
        z[i] = (b[i] - s) / l[i * DIM + i];
    }
    z
}

/// `(l lᵀ)⁻¹ b`.
fn solve(l: &[f64], b: &[f64]) -> Vec<f64> {
    let z = forward(l, b);
    let mut w = vec![0.0; DIM];
    for i in (0..DIM).rev() {
        let s: f64 = (i + 1..DIM).map(|k| l[k * DIM + i] * w[k]).sum();
        w[i] = (z[i] - s) / l[i * DIM + i];
    }
    w
}

/// The same ridge model kept as the inverse of its normal matrix, so adding a completed task
/// costs O(DIM²) instead of a new solve.
#[derive(Debug, Clone)]
pub(super) struct Online {
    inverse: Vec<f64>,
    b: Vec<f64>,
    pub(super) n: usize,
}

impl Online {
    pub(super) fn new() -> Online {
        let mut inverse = vec![0.0; DIM * DIM];
        for i in 0..DIM {
            inverse[i * DIM + i] = 1.0 / penalty(i);
        }
        Online {
            inverse,
            b: vec![0.0; DIM],
            n: 0,
        }
    }

    /// `A⁻¹ x` for a sparse `x`.
    fn inverse_times(&self, x: &[Entry]) -> Vec<f64> {
        let mut u = vec![0.0; DIM];
        for (r, slot) in u.iter_mut().enumerate() {
            *slot = x.iter().map(|&(i, v)| self.inverse[r * DIM + i] * v).sum();
        }
        u
    }

    /// The prediction `xᵀ A⁻¹ b` (A⁻¹ is symmetric).
    pub(super) fn predict(&self, x: &[Entry]) -> f64 {
        self.inverse_times(x)
            .iter()
            .zip(&self.b)
            .map(|(u, b)| u * b)
            .sum()
    }

    pub(super) fn add(&mut self, x: &[Entry], y: f64) {
        let u = self.inverse_times(x);
        let denom = 1.0 + x.iter().map(|&(i, v)| u[i] * v).sum::<f64>();
        for r in 0..DIM {
            let ur = u[r] / denom;
            if ur == 0.0 {
                continue;
            }
            for (c, uc) in u.iter().enumerate() {
                self.inverse[r * DIM + c] -= ur * uc;
            }
        }
        for &(i, v) in x {
            self.b[i] += v * y;
        }
        self.n += 1;
    }
}
