//! The rating's forecast of the next period, as the backtest scores it.
//!
//! A rating is a score for "how dangerous is this area now". To be scored as a
//! forecast it has to say two things about the next period: the probability of
//! a fatal event, and how many deaths to expect. Both are read off the rating
//! and the counts behind it ([`Signals`]) through two small fitted maps:
//!
//! - [`Calibration`]: a ridge-penalised logistic regression (Platt scaling with
//!   several inputs), `P = σ(a + w · x)`, the probability of a fatal event;
//! - [`Blend`]: ridge least squares of `ln(1 + fatalities)` over the pairs that
//!   had a fatal event, `m = b + v · x`, the size of the toll should there be one.
//!
//! The fatality forecast is the hurdle model `E[F] = P · (e^m − 1)` (with
//! `m ≥ ln 2`: a fatal event kills at least one), reported as a point forecast
//! that says "no deaths" below a cut fitted on the same pairs
//! ([`Forecaster::point`]). Most areas × periods see no
//! death, so a plain regression of `ln(1 + F)` over all pairs mostly learns
//! where events happen, not where they kill; the hurdle keeps "whether" and "how
//! many" apart, the way conflict-forecasting models (ViEWS) do.
//!
//! A category's toll map is its own fit shrunk toward one fitted on the fatal
//! pairs of every category together ([`Blend::fit_pooled`], [`shrunk_toll`]):
//! terrorism or crime have a handful of fatal pairs, too few to learn how the
//! toll grows with the signals; the probability stays the category's own.
//!
//! `x` are the features of [`Signals::features`]. The weights of the features
//! that can only mean more violence are kept ≥ 0 ([`MONOTONE`]). Both maps are
//! fitted by the backtest on earlier steps only (those whose outcome period
//! ended before the step being forecast), never on the pairs they are scored
//! on. The ridge penalties are the usual library defaults (scikit-learn's
//! `C = 1` and `alpha = 1`), not tuned. Equations in `docs/risk-model.md` §7.

/// How many features [`Signals::features`] gives.
pub const FEATURES: usize = 6;

/// The features whose weight must not be negative: every one but the trend.
pub const MONOTONE: [bool; FEATURES] = [true, true, true, false, true, true];

/// What the model knows about an area × stream on the day before a step: its
/// rating and the fatality and event counts behind it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Signals {
    /// The rating's raw value, `own + baseline + spill` (the score is a
    /// monotone function of it, the level a step function).
    pub raw: f64,
    /// Fatalities decayed with the rating's half-life: `Σ F_e · 2^(−Δ_e / H)`.
    pub decayed_fatalities: f64,
    /// Fatalities in the period just ended, `[T − h, T)`.
    pub last_fatalities: f64,
    /// Events in `[T − h, T)`.
    pub last_events: f64,
    /// Events in `[T − 2h, T − h)`.
    pub previous_events: f64,
    /// Fatalities per period of the horizon since the first incident known.
    pub mean_fatalities: f64,
    /// Fatalities per period of all categories together (the overall stream's
    /// `mean_fatalities`): where one kind of violence kills, others follow.
    pub area_mean_fatalities: f64,
}

impl Signals {
    /// `ln(1 + raw)`, `ln(1 + decayed fatalities)`, `ln(1 + last period's
    /// fatalities)`, the trend `ln(1 + last period's events) − ln(1 + the
    /// period before's)`, `ln(1 + mean fatalities per period)` and the same
    /// for the area's deaths of every category.
    pub fn features(&self) -> [f64; FEATURES] {
        let l = |v: f64| v.max(0.0).ln_1p();
        [
            l(self.raw),
            l(self.decayed_fatalities),
            l(self.last_fatalities),
            l(self.last_events) - l(self.previous_events),
            l(self.mean_fatalities),
            l(self.area_mean_fatalities),
        ]
    }
}

/// Solves `A x = b` for a symmetric positive definite `A` (`n × n`, row-major)
/// by Cholesky; `None` when `A` is not positive definite.
fn solve_spd(a: &[f64], b: &[f64]) -> Option<Vec<f64>> {
    let n = b.len();
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let mut sum = a[i * n + j];
            for k in 0..j {
                sum -= l[i * n + k] * l[j * n + k];
            }
            if i == j {
                if sum <= 0.0 || !sum.is_finite() {
                    return None;
                }
                l[i * n + i] = sum.sqrt();
            } else {
                l[i * n + j] = sum / l[j * n + j];
            }
        }
    }
    let mut y = vec![0.0; n];
    for i in 0..n {
        let mut sum = b[i];
        for k in 0..i {
            sum -= l[i * n + k] * y[k];
        }
        y[i] = sum / l[i * n + i];
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let mut sum = y[i];
        for k in i + 1..n {
            sum -= l[k * n + i] * x[k];
        }
        x[i] = sum / l[i * n + i];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

fn sigmoid(t: f64) -> f64 {
    1.0 / (1.0 + (-t).exp())
}

/// Fits with the features of `active` only (the others weigh 0), then drops
/// the most negative weight among the `monotone` features and fits again, until
/// no such weight is negative. A feature that can only mean more violence
/// (severity, deaths) thus never lowers a forecast, and features that say the
/// same thing (collinear sums) do not cancel each other out with weights of
/// opposite signs.
fn fit_monotone<const N: usize>(
    monotone: &[bool; N],
    mut fit: impl FnMut(&[bool; N]) -> Option<Vec<f64>>,
) -> Option<Vec<f64>> {
    let mut active = [true; N];
    loop {
        let weights = fit(&active)?;
        let worst = (0..N)
            .filter(|&j| monotone[j] && active[j] && weights[j] < 0.0)
            .min_by(|&a, &b| weights[a].total_cmp(&weights[b]));
        match worst {
            Some(j) => active[j] = false,
            None => return Some(weights),
        }
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// `P(event) = σ(a + w · x)`, fitted by penalised maximum likelihood:
///
/// ```text
/// minimise  −Σ_i [y_i ln p_i + (1 − y_i) ln(1 − p_i)] + (λ/2)·|w|²
/// ```
///
/// with `λ` = [`Calibration::RIDGE`] on the weights (the intercept is free), by
/// Newton's method with step halving, and the weights of `monotone` features
/// kept ≥ 0 (a negative one is dropped and the rest refitted). Training labels
/// of one class only give the constant `(k + ½) / (n + 1)` for `k` positives of
/// `n`.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    pub intercept: f64,
    pub weights: Vec<f64>,
}

impl Calibration {
    /// `λ`: scikit-learn's default `C = 1` for logistic regression.
    pub const RIDGE: f64 = 1.0;

    /// Fits on `rows` and their labels; `None` without rows.
    pub fn fit<const N: usize>(
        rows: &[[f64; N]],
        labels: &[bool],
        ridge: f64,
        monotone: &[bool; N],
    ) -> Option<Self> {
        if rows.is_empty() || rows.len() != labels.len() {
            return None;
        }
        let positives = labels.iter().filter(|l| **l).count();
        if positives == 0 || positives == labels.len() {
            // One class only: nothing to weigh; the smoothed rate
            // (k + ½) / (n + 1) rather than a probability of exactly 0 or 1.
            let rate = (positives as f64 + 0.5) / (labels.len() as f64 + 1.0);
            return Some(Calibration {
                intercept: (rate / (1.0 - rate)).ln(),
                weights: vec![0.0; N],
            });
        }
        let mut intercept = 0.0;
        let weights = fit_monotone(monotone, |active| {
            let (a, w) = logistic(rows, labels, ridge, active)?;
            intercept = a;
            Some(w)
        })?;
        Some(Calibration { intercept, weights })
    }

    /// The calibrated probability of `row`.
    pub fn probability(&self, row: &[f64]) -> f64 {
        sigmoid(self.intercept + dot(&self.weights, row))
    }
}

/// Ridge logistic regression on the `active` features: `(a, w)`.
fn logistic<const N: usize>(
    rows: &[[f64; N]],
    labels: &[bool],
    ridge: f64,
    active: &[bool; N],
) -> Option<(f64, Vec<f64>)> {
    let columns: Vec<usize> = (0..N).filter(|&j| active[j]).collect();
    let d = columns.len() + 1;
    // Design rows [1, x_active].
    let mut x = vec![0.0; rows.len() * d];
    for (row, out) in rows.iter().zip(x.chunks_mut(d)) {
        out[0] = 1.0;
        for (o, &j) in out[1..].iter_mut().zip(&columns) {
            *o = row[j];
        }
    }
    let y: Vec<f64> = labels.iter().map(|l| if *l { 1.0 } else { 0.0 }).collect();
    // A vanishing penalty on the intercept keeps the Hessian positive definite.
    let penalty = |j: usize| if j == 0 { 1e-9 } else { ridge.max(1e-9) };
    let loss = |theta: &[f64]| -> f64 {
        let mut total = 0.0;
        for (xi, yi) in x.chunks(d).zip(&y) {
            let t = dot(xi, theta);
            // ln(1 + e^t) − y·t, computed without overflow.
            total += t.max(0.0) + (-t.abs()).exp().ln_1p() - yi * t;
        }
        total
            + theta
                .iter()
                .enumerate()
                .map(|(j, v)| penalty(j) / 2.0 * v * v)
                .sum::<f64>()
    };
    let mut theta = vec![0.0; d];
    let mut current = loss(&theta);
    for _ in 0..100 {
        let mut grad: Vec<f64> = (0..d).map(|j| penalty(j) * theta[j]).collect();
        let mut hess = vec![0.0; d * d];
        for j in 0..d {
            hess[j * d + j] = penalty(j);
        }
        for (xi, yi) in x.chunks(d).zip(&y) {
            let p = sigmoid(dot(xi, &theta));
            let w = (p * (1.0 - p)).max(1e-12);
            for j in 0..d {
                grad[j] += (p - yi) * xi[j];
                for k in 0..=j {
                    hess[j * d + k] += w * xi[j] * xi[k];
                }
            }
        }
        for j in 0..d {
            for k in j + 1..d {
                hess[j * d + k] = hess[k * d + j];
            }
        }
        let step = solve_spd(&hess, &grad)?;
        let mut scale = 1.0;
        let mut accepted = false;
        while scale > 1e-6 {
            let trial: Vec<f64> = theta
                .iter()
                .zip(&step)
                .map(|(t, s)| t - scale * s)
                .collect();
            let l = loss(&trial);
            if l <= current + 1e-12 {
                theta = trial;
                current = l;
                accepted = true;
                break;
            }
            scale /= 2.0;
        }
        let size: f64 = step.iter().map(|s| (scale * s).abs()).sum();
        if !accepted || size < 1e-9 {
            break;
        }
    }
    if !theta.iter().all(|v| v.is_finite()) {
        return None;
    }
    let mut weights = vec![0.0; N];
    for (k, &j) in columns.iter().enumerate() {
        weights[j] = theta[k + 1];
    }
    Some((theta[0], weights))
}

/// `m = b + v · x`, fitted by ridge least squares:
///
/// ```text
/// minimise  Σ_i (y_i − b − v · x_i)² + λ·|v|²
///   ⇒  v = (X̃ᵀX̃ + λI)⁻¹ X̃ᵀ(y − ȳ),  b = ȳ − v · x̄     (X̃: X centred on x̄)
/// ```
///
/// with `λ` = [`Blend::RIDGE`] (the intercept is free) and the weights of
/// `monotone` features kept ≥ 0 as in [`Calibration`].
#[derive(Debug, Clone, PartialEq)]
pub struct Blend {
    pub intercept: f64,
    pub weights: Vec<f64>,
}

impl Blend {
    /// `λ`: scikit-learn's default `alpha = 1` for ridge regression.
    pub const RIDGE: f64 = 1.0;

    /// Fits on `rows` and their targets; `None` without rows.
    pub fn fit<const N: usize>(
        rows: &[[f64; N]],
        targets: &[f64],
        ridge: f64,
        monotone: &[bool; N],
    ) -> Option<Self> {
        if rows.is_empty() || rows.len() != targets.len() {
            return None;
        }
        let n = rows.len() as f64;
        let mut mean = [0.0; N];
        for row in rows {
            for (m, v) in mean.iter_mut().zip(row) {
                *m += v / n;
            }
        }
        let y_mean = targets.iter().sum::<f64>() / n;
        let weights = fit_monotone(monotone, |active| {
            let columns: Vec<usize> = (0..N).filter(|&j| active[j]).collect();
            let d = columns.len();
            let mut w = vec![0.0; N];
            if d == 0 {
                return Some(w);
            }
            let mut xtx = vec![0.0; d * d];
            let mut xty = vec![0.0; d];
            for (row, y) in rows.iter().zip(targets) {
                for (a, &j) in columns.iter().enumerate() {
                    let xj = row[j] - mean[j];
                    xty[a] += xj * (y - y_mean);
                    for (b, &k) in columns.iter().enumerate() {
                        xtx[a * d + b] += xj * (row[k] - mean[k]);
                    }
                }
            }
            for a in 0..d {
                xtx[a * d + a] += ridge.max(1e-9);
            }
            let solved = solve_spd(&xtx, &xty)?;
            for (a, &j) in columns.iter().enumerate() {
                w[j] = solved[a];
            }
            Some(w)
        })?;
        let intercept = y_mean - dot(&weights, &mean);
        intercept
            .is_finite()
            .then_some(Blend { intercept, weights })
    }

    /// One map fitted on the rows of several groups together, e.g. the fatal
    /// pairs of every category: a category with a handful of fatal pairs of its
    /// own learns how the toll grows with the signals from all of them. `None`
    /// without rows.
    pub fn fit_pooled<const N: usize>(
        groups: &[(&[[f64; N]], &[f64])],
        ridge: f64,
        monotone: &[bool; N],
    ) -> Option<Self> {
        let rows: Vec<[f64; N]> = groups.iter().flat_map(|(r, _)| r.iter().copied()).collect();
        let targets: Vec<f64> = groups.iter().flat_map(|(_, t)| t.iter().copied()).collect();
        Self::fit(&rows, &targets, ridge, monotone)
    }

    /// `w · self + (1 − w) · other`, intercept and weights alike (`w` clamped
    /// to `[0, 1]`): the prediction is the same mixture of the two predictions,
    /// and weights kept ≥ 0 in both stay ≥ 0.
    pub fn mix(&self, other: &Blend, w: f64) -> Blend {
        let w = w.clamp(0.0, 1.0);
        Blend {
            intercept: w * self.intercept + (1.0 - w) * other.intercept,
            weights: self
                .weights
                .iter()
                .zip(&other.weights)
                .map(|(a, b)| w * a + (1.0 - w) * b)
                .collect(),
        }
    }

    pub fn predict(&self, row: &[f64]) -> f64 {
        self.intercept + dot(&self.weights, row)
    }
}

/// How many fatal pairs of its own a category needs for its own toll map to
/// weigh as much as the pooled one ([`shrunk_toll`]): ten per coefficient of
/// the map (six weights and the intercept). Set before any run, not tuned.
pub const SHRINK_PAIRS: f64 = 10.0 * (FEATURES as f64 + 1.0);

/// A category's toll map: its own fit on its `pairs` fatal pairs, shrunk toward
/// the map fitted on the fatal pairs of every category, `w · own + (1 − w) ·
/// pooled` with `w = n / (n + n₀)`, `n₀` = [`SHRINK_PAIRS`]. A category with a
/// handful of fatal pairs takes the pooled map's shape, one with hundreds
/// keeps its own. Either alone when the other could not be fitted.
pub fn shrunk_toll(own: Option<Blend>, pairs: usize, pooled: Option<Blend>) -> Option<Blend> {
    match (own, pooled) {
        (Some(own), Some(pooled)) => {
            let n = pairs as f64;
            Some(own.mix(&pooled, n / (n + SHRINK_PAIRS)))
        }
        (own, pooled) => own.or(pooled),
    }
}

/// The forecast of one area × stream for the next period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Forecast {
    /// `P`: probability of at least one fatal event.
    pub fatal: f64,
    /// `m`: `ln(1 + fatalities)` should there be a fatal event (≥ ln 2).
    pub log_toll_if_fatal: f64,
}

impl Forecast {
    /// Fatalities expected: `P · (e^m − 1)`.
    pub fn fatalities(&self) -> f64 {
        self.fatal * self.log_toll_if_fatal.exp_m1()
    }
}

/// The two maps from [`Signals`] to a [`Forecast`], fitted together, and the
/// cut below which the point forecast says "no deaths".
#[derive(Debug, Clone, PartialEq)]
pub struct Forecaster {
    pub calibration: Calibration,
    /// Fitted on the fatal pairs only; `None` when the training pairs hold none
    /// (the toll is then one death).
    pub toll: Option<Blend>,
    /// Expected fatalities up to this are forecast as none ([`Forecaster::point`]).
    pub no_deaths_below: f64,
}

/// The quantiles of the training pairs' expected fatalities tried as the cut
/// of [`Forecaster::point`] (0 keeps every expectation as it is).
const CUT_QUANTILES: [f64; 26] = [
    0.0, 0.5, 0.52, 0.54, 0.56, 0.58, 0.6, 0.62, 0.64, 0.66, 0.68, 0.7, 0.72, 0.74, 0.76, 0.78,
    0.8, 0.82, 0.84, 0.86, 0.88, 0.9, 0.92, 0.94, 0.96, 0.98,
];

impl Forecaster {
    /// Fits on training pairs: the signals of each, whether a fatal event
    /// followed, and the fatalities that followed. `None` without pairs.
    pub fn fit(signals: &[Signals], fatal: &[bool], fatalities: &[f64]) -> Option<Forecaster> {
        let (rows, tolls) = Self::fit_tolls(signals, fatal, fatalities);
        let toll = Blend::fit(&rows, &tolls, Blend::RIDGE, &MONOTONE);
        Self::fit_with_toll(signals, fatal, fatalities, toll)
    }

    /// What the toll map is fitted on: the features of the pairs that had a
    /// fatal event and their `ln(1 + fatalities)` (at least `ln 2`).
    pub fn fit_tolls(
        signals: &[Signals],
        fatal: &[bool],
        fatalities: &[f64],
    ) -> (Vec<[f64; FEATURES]>, Vec<f64>) {
        signals
            .iter()
            .zip(fatal.iter().zip(fatalities))
            .filter(|(_, (f, _))| **f)
            .map(|(s, (_, d))| (s.features(), d.max(1.0).ln_1p()))
            .unzip()
    }

    /// As [`Forecaster::fit`], with a toll map fitted elsewhere (e.g. on the
    /// fatal pairs of every category, [`Blend::fit_pooled`]): the probability
    /// and the cut are fitted on these pairs, the cut with the given toll.
    pub fn fit_with_toll(
        signals: &[Signals],
        fatal: &[bool],
        fatalities: &[f64],
        toll: Option<Blend>,
    ) -> Option<Forecaster> {
        if signals.len() != fatal.len() || signals.len() != fatalities.len() {
            return None;
        }
        let rows: Vec<[f64; FEATURES]> = signals.iter().map(Signals::features).collect();
        let mut fitted = Forecaster {
            calibration: Calibration::fit(&rows, fatal, Calibration::RIDGE, &MONOTONE)?,
            toll,
            no_deaths_below: 0.0,
        };
        let expected: Vec<f64> = signals
            .iter()
            .map(|s| fitted.forecast(s).fatalities())
            .collect();
        fitted.no_deaths_below = best_cut(&expected, fatalities);
        Some(fitted)
    }

    pub fn forecast(&self, signals: &Signals) -> Forecast {
        let row = signals.features();
        let toll = self.toll.as_ref().map_or(0.0, |b| b.predict(&row));
        Forecast {
            fatal: self.calibration.probability(&row),
            log_toll_if_fatal: toll.max(std::f64::consts::LN_2),
        }
    }

    /// The point forecast of next-period fatalities: the expectation, or 0
    /// when it is at most [`Forecaster::no_deaths_below`]. Areas are ranked by it.
    ///
    /// Every area has some small chance of a death, so the expectation is
    /// never 0 and orders hundreds of quiet areas by noise. Saying "none
    /// expected" below a cut ties them, as a count forecast would, and leaves
    /// the ranking to the areas where the model expects deaths.
    pub fn point(&self, forecast: &Forecast) -> f64 {
        let expected = forecast.fatalities();
        if expected <= self.no_deaths_below {
            0.0
        } else {
            expected
        }
    }
}

/// The cut, among [`CUT_QUANTILES`] of the training expectations, whose point
/// forecasts rank the training pairs best by Spearman's ρ with what followed
/// (the smallest on a tie; 0 when no cut gives a ρ).
fn best_cut(expected: &[f64], fatalities: &[f64]) -> f64 {
    let mut sorted = expected.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut best: Option<(f64, f64)> = None;
    for q in CUT_QUANTILES {
        let Some(&cut) = sorted.get(((sorted.len() as f64 - 1.0) * q).round() as usize) else {
            continue;
        };
        let cut = if q == 0.0 { 0.0 } else { cut };
        let points: Vec<f64> = expected
            .iter()
            .map(|&e| if e <= cut { 0.0 } else { e })
            .collect();
        if let Some(rho) = crate::metrics::spearman(&points, fatalities)
            && best.is_none_or(|(_, b)| rho > b + 1e-12)
        {
            best = Some((cut, rho));
        }
    }
    best.map_or(0.0, |(cut, _)| cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_solves_a_small_system() {
        // [[4, 2], [2, 3]] x = [2, 5] → x = [−0.5, 2].
        let x = solve_spd(&[4.0, 2.0, 2.0, 3.0], &[2.0, 5.0]).unwrap();
        assert!((x[0] + 0.5).abs() < 1e-12 && (x[1] - 2.0).abs() < 1e-12);
        assert_eq!(solve_spd(&[1.0, 2.0, 2.0, 1.0], &[1.0, 1.0]), None);
    }

    #[test]
    fn calibration_matches_the_frequencies_it_was_fitted_on() {
        // Two groups: x = 0 is fatal 1 time in 10, x = 1 is fatal 8 times in 10.
        // With one binary feature and a light ridge the fit reproduces both rates
        // closely (λ = 1 against 100 rows of each pulls them a little towards
        // each other: about 0.13 and 0.78).
        let mut rows = Vec::new();
        let mut labels = Vec::new();
        for i in 0..100 {
            rows.push([0.0]);
            labels.push(i % 10 == 0);
            rows.push([1.0]);
            labels.push(i % 10 < 8);
        }
        let fit = Calibration::fit(&rows, &labels, Calibration::RIDGE, &[true]).unwrap();
        let (low, high) = (fit.probability(&[0.0]), fit.probability(&[1.0]));
        assert!((low - 0.1).abs() < 0.04, "{low}");
        assert!((high - 0.8).abs() < 0.04, "{high}");
        assert!(fit.weights[0] > 0.0);
        // The ridge shrinks: a much stronger one moves both towards the mean 0.45.
        let strong = Calibration::fit(&rows, &labels, 1000.0, &[true]).unwrap();
        assert!(strong.probability(&[0.0]) > low + 0.05);
        assert!(strong.probability(&[1.0]) < high - 0.05);
    }

    #[test]
    fn calibration_stays_finite_on_separable_or_one_class_data() {
        let rows = [[0.0], [0.0], [5.0], [6.0]];
        let fit = Calibration::fit(&rows, &[false, false, true, true], 1.0, &[true]).unwrap();
        assert!(fit.probability(&[0.0]) < 0.3 && fit.probability(&[6.0]) > 0.7);
        assert!(fit.weights[0].is_finite());
        let none = Calibration::fit(&rows, &[false; 4], 1.0, &[true]).unwrap();
        assert!((none.probability(&[6.0]) - 0.1).abs() < 1e-12);
        let all = Calibration::fit(&rows, &[true; 4], 1.0, &[true]).unwrap();
        assert!((all.probability(&[0.0]) - 0.9).abs() < 1e-12);
        assert_eq!(Calibration::fit::<1>(&[], &[], 1.0, &[true]), None);
    }

    #[test]
    fn a_monotone_weight_is_never_negative() {
        // The label falls with x: unconstrained, the weight is negative; kept
        // monotone, the feature is dropped and only the base rate remains.
        let rows: Vec<[f64; 1]> = (0..40).map(|i| [f64::from(i % 8)]).collect();
        let labels: Vec<bool> = rows.iter().map(|r| r[0] < 3.0).collect();
        let free = Calibration::fit(&rows, &labels, 1.0, &[false]).unwrap();
        assert!(free.weights[0] < -0.5, "{free:?}");
        let kept = Calibration::fit(&rows, &labels, 1.0, &[true]).unwrap();
        assert_eq!(kept.weights[0], 0.0);
        assert!((kept.probability(&[0.0]) - 15.0 / 40.0).abs() < 1e-6);
        let targets: Vec<f64> = rows.iter().map(|r| 7.0 - r[0]).collect();
        assert!(Blend::fit(&rows, &targets, 1.0, &[false]).unwrap().weights[0] < -0.9);
        let flat = Blend::fit(&rows, &targets, 1.0, &[true]).unwrap();
        assert_eq!(flat.weights[0], 0.0);
        assert!((flat.intercept - 3.5).abs() < 1e-9, "{flat:?}");
        // Two collinear signals, one of them only noise on top: with the
        // constraint neither weighs negatively.
        let rows: Vec<[f64; 2]> = (0..60)
            .map(|i| {
                let a = f64::from(i % 6);
                [a, a + if i % 3 == 0 { 2.0 } else { 0.0 }]
            })
            .collect();
        let targets: Vec<f64> = rows.iter().map(|r| r[0]).collect();
        let blend = Blend::fit(&rows, &targets, 1.0, &[true, true]).unwrap();
        assert!(blend.weights.iter().all(|w| *w >= 0.0), "{blend:?}");
        assert!(blend.weights[0] > 0.5);
    }

    #[test]
    fn the_blend_weighs_the_informative_feature() {
        // y = 1 + 2·a exactly, b is unrelated: b's weight stays near 0, and the
        // light ridge (λ = 1 against 50 rows) shrinks the fit by a few per cent.
        let rows: Vec<[f64; 2]> = (0..50)
            .map(|i| [f64::from(i % 7), f64::from((i * 13) % 5)])
            .collect();
        let y: Vec<f64> = rows.iter().map(|r| 1.0 + 2.0 * r[0]).collect();
        let fit = Blend::fit(&rows, &y, Blend::RIDGE, &[true, true]).unwrap();
        for (row, want) in rows.iter().zip(&y) {
            assert!((fit.predict(row) - want).abs() < 0.25, "{row:?}");
        }
        assert!(fit.weights[1].abs() < 0.05 * fit.weights[0].abs());
        assert!((fit.intercept - 1.0).abs() < 0.25);
    }

    #[test]
    fn the_forecaster_learns_that_recent_deaths_predict_deaths() {
        // Areas whose last period was deadly stay deadly, with tolls that grow
        // with last period's; quiet ones stay quiet. The rating is the same for
        // all, so only the fatality signals can tell them apart.
        let mut signals = Vec::new();
        let (mut fatal, mut fatalities) = (Vec::new(), Vec::new());
        for i in 0..40 {
            let deadly = i % 2 == 0;
            let toll = if deadly { 2.0 + f64::from(i) } else { 0.0 };
            signals.push(Signals {
                raw: 20.0,
                last_fatalities: toll,
                mean_fatalities: 0.0,
                decayed_fatalities: toll * 1.5,
                last_events: 5.0,
                previous_events: 5.0,
                area_mean_fatalities: 0.0,
            });
            fatal.push(deadly);
            fatalities.push(toll);
        }
        let f = Forecaster::fit(&signals, &fatal, &fatalities).unwrap();
        let like = |toll: f64| Signals {
            raw: 20.0,
            last_fatalities: toll,
            mean_fatalities: 0.0,
            decayed_fatalities: toll * 1.5,
            last_events: 5.0,
            previous_events: 5.0,
            area_mean_fatalities: 0.0,
        };
        let (hot, warm, cold) = (
            f.forecast(&like(30.0)),
            f.forecast(&like(4.0)),
            f.forecast(&like(0.0)),
        );
        assert!(hot.fatal > 0.8 && cold.fatal < 0.2, "{hot:?} {cold:?}");
        // The toll if fatal follows last period's, and the expectation ranks
        // hot > warm > cold.
        assert!(
            hot.log_toll_if_fatal > warm.log_toll_if_fatal + 1.0,
            "{hot:?} {warm:?}"
        );
        assert!(hot.fatalities() > 15.0, "{hot:?}");
        assert!(warm.fatalities() > cold.fatalities() && cold.fatalities() < 0.5);
        // Without any fatal pair to learn a toll from, a fatal event kills one.
        let none = Forecaster::fit(&signals, &[false; 40], &[0.0; 40]).unwrap();
        assert_eq!(none.toll, None);
        let any = none.forecast(&like(30.0));
        assert!((any.log_toll_if_fatal - std::f64::consts::LN_2).abs() < 1e-12);
    }

    #[test]
    fn features_are_logs_and_the_trend_is_a_log_ratio() {
        let s = Signals {
            raw: 1.0,
            decayed_fatalities: 7.0,
            last_fatalities: 0.0,
            mean_fatalities: 3.0,
            last_events: 3.0,
            previous_events: 1.0,
            area_mean_fatalities: 15.0,
        };
        let f = s.features();
        let ln = f64::ln;
        assert!((f[0] - ln(2.0)).abs() < 1e-12);
        assert!((f[1] - ln(8.0)).abs() < 1e-12);
        assert_eq!(f[2], 0.0);
        assert!((f[3] - ln(2.0)).abs() < 1e-12);
        assert!((f[4] - ln(4.0)).abs() < 1e-12);
        assert!((f[5] - ln(16.0)).abs() < 1e-12);
    }

    #[test]
    fn a_category_learns_from_the_areas_deaths_of_every_kind() {
        // No area has a terrorism record of its own; terrorism follows where
        // other violence kills. Only the area's all-category mean can tell.
        let mut signals = Vec::new();
        let (mut fatal, mut fatalities) = (Vec::new(), Vec::new());
        for i in 0..60 {
            let violent = i % 3 == 0;
            signals.push(Signals {
                area_mean_fatalities: if violent { 10.0 + f64::from(i) } else { 0.5 },
                ..Signals::default()
            });
            fatal.push(violent);
            fatalities.push(if violent { 3.0 } else { 0.0 });
        }
        let f = Forecaster::fit(&signals, &fatal, &fatalities).unwrap();
        let at = |mean: f64| {
            f.forecast(&Signals {
                area_mean_fatalities: mean,
                ..Signals::default()
            })
        };
        let (war, calm) = (at(40.0), at(0.5));
        assert!(war.fatal > 0.8 && calm.fatal < 0.2, "{war:?} {calm:?}");
    }

    #[test]
    fn the_cut_ties_quiet_areas_that_only_noise_sets_apart() {
        // 90 quiet areas with tiny expectations in an order unrelated to what
        // follows (nothing), then 10 deadly ones in the right order. Ranking
        // the expectations as they are spreads the quiet ones over 90 ranks;
        // the cut ties them at 0 and lifts Spearman's ρ.
        let mut expected: Vec<f64> = (0..90)
            .map(|i| 0.01 + f64::from((i * 37) % 90) / 1e4)
            .collect();
        let mut fatalities = vec![0.0; 90];
        for i in 0..10 {
            expected.push(1.0 + f64::from(i));
            fatalities.push(2.0 + f64::from(i));
        }
        let cut = best_cut(&expected, &fatalities);
        assert!((0.0189..1.0).contains(&cut), "{cut}");
        let points: Vec<f64> = expected
            .iter()
            .map(|&e| if e <= cut { 0.0 } else { e })
            .collect();
        let (with, without) = (
            crate::metrics::spearman(&points, &fatalities).unwrap(),
            crate::metrics::spearman(&expected, &fatalities).unwrap(),
        );
        assert!(with > 0.99 && with > without + 0.2, "{with} {without}");
        // When the smallest expectations do come first in what follows, no cut
        // is better than ranking them all.
        let rising: Vec<f64> = (0..100).map(|i| f64::from(i) / 10.0).collect();
        assert_eq!(best_cut(&rising, &rising), 0.0);
        assert_eq!(best_cut(&[], &[]), 0.0);
    }

    /// Fatal pairs whose toll is `2 + last period's deaths`, the rest of the
    /// signals alike: how the toll grows with the signals.
    fn rising_tolls(n: u32) -> (Vec<[f64; FEATURES]>, Vec<f64>) {
        let signals: Vec<Signals> = (0..n)
            .map(|i| Signals {
                raw: 10.0,
                last_fatalities: f64::from(i % 20),
                ..Signals::default()
            })
            .collect();
        let fatalities: Vec<f64> = signals.iter().map(|s| 2.0 + s.last_fatalities).collect();
        Forecaster::fit_tolls(&signals, &vec![true; signals.len()], &fatalities)
    }

    #[test]
    fn a_pooled_toll_orders_a_category_with_few_fatal_pairs() {
        // The category's own record: 40 pairs, two of them fatal with the same
        // toll, so its own toll map is flat. Another category's 60 fatal pairs
        // show the toll growing with last period's deaths.
        let own: Vec<Signals> = (0..40)
            .map(|i| Signals {
                raw: 10.0,
                last_fatalities: f64::from(i % 8),
                ..Signals::default()
            })
            .collect();
        let fatal: Vec<bool> = (0..40).map(|i| i == 5 || i == 30).collect();
        let fatalities: Vec<f64> = fatal.iter().map(|f| if *f { 4.0 } else { 0.0 }).collect();
        let alone = Forecaster::fit(&own, &fatal, &fatalities).unwrap();
        let (own_rows, own_tolls) = Forecaster::fit_tolls(&own, &fatal, &fatalities);
        assert_eq!(own_rows.len(), 2);
        assert!((own_tolls[0] - 5f64.ln()).abs() < 1e-12);
        let (other_rows, other_tolls) = rising_tolls(60);
        let pooled = Blend::fit_pooled(
            &[(&own_rows, &own_tolls), (&other_rows, &other_tolls)],
            Blend::RIDGE,
            &MONOTONE,
        );
        let shared = Forecaster::fit_with_toll(&own, &fatal, &fatalities, pooled).unwrap();
        let like = |last: f64| Signals {
            raw: 10.0,
            last_fatalities: last,
            ..Signals::default()
        };
        let toll = |f: &Forecaster, last: f64| f.forecast(&like(last)).log_toll_if_fatal;
        // Alone, a fatal event kills as many anywhere; pooled, more where more died.
        assert!((toll(&alone, 15.0) - toll(&alone, 0.0)).abs() < 1e-9);
        assert!(toll(&shared, 15.0) > toll(&shared, 0.0) + 1.0);
        // The probability is still the category's own.
        assert_eq!(shared.calibration, alone.calibration);
    }

    #[test]
    fn the_pooled_fit_is_the_fit_on_every_group_and_a_mix_is_linear() {
        let (a_rows, a_tolls) = rising_tolls(30);
        let flat_rows: Vec<[f64; FEATURES]> = a_rows.iter().take(10).copied().collect();
        let flat_tolls = vec![1.0; 10];
        let pooled = Blend::fit_pooled(
            &[(&a_rows, &a_tolls), (&flat_rows, &flat_tolls)],
            1.0,
            &MONOTONE,
        )
        .unwrap();
        let rows: Vec<[f64; FEATURES]> = a_rows.iter().chain(&flat_rows).copied().collect();
        let tolls: Vec<f64> = a_tolls.iter().chain(&flat_tolls).copied().collect();
        assert_eq!(pooled, Blend::fit(&rows, &tolls, 1.0, &MONOTONE).unwrap());
        assert_ne!(
            pooled,
            Blend::fit(&a_rows, &a_tolls, 1.0, &MONOTONE).unwrap()
        );
        assert_eq!(Blend::fit_pooled::<1>(&[(&[], &[])], 1.0, &[true]), None);
        // The mixture's prediction is the mixture of the predictions.
        let flat = Blend::fit(&flat_rows, &flat_tolls, 1.0, &MONOTONE).unwrap();
        let row = a_rows[7];
        let mixed = pooled.mix(&flat, 0.25).predict(&row);
        let want = 0.25 * pooled.predict(&row) + 0.75 * flat.predict(&row);
        assert!((mixed - want).abs() < 1e-12);
        assert_eq!(pooled.mix(&flat, 1.0), pooled);
        assert_eq!(pooled.mix(&flat, 0.0), flat);
    }

    #[test]
    fn a_category_keeps_its_own_toll_the_more_fatal_pairs_it_has() {
        let own = Blend {
            intercept: 1.0,
            weights: vec![0.0; FEATURES],
        };
        let pooled = Blend {
            intercept: 3.0,
            weights: vec![0.5; FEATURES],
        };
        let at = |pairs: usize| {
            shrunk_toll(Some(own.clone()), pairs, Some(pooled.clone()))
                .unwrap()
                .intercept
        };
        // n₀ own pairs weigh as much as the pool: halfway.
        assert!((at(SHRINK_PAIRS as usize) - 2.0).abs() < 1e-12);
        assert!(at(3) > 2.9 && at(3000) < 1.05, "{} {}", at(3), at(3000));
        assert!(at(10) > at(100));
        assert_eq!(shrunk_toll(None, 0, Some(pooled.clone())), Some(pooled));
        assert_eq!(shrunk_toll(Some(own.clone()), 5, None), Some(own));
    }

    #[test]
    fn the_point_forecast_says_none_below_the_cut() {
        let f = Forecaster {
            calibration: Calibration {
                intercept: 0.0,
                weights: vec![0.0; FEATURES],
            },
            toll: None,
            no_deaths_below: 0.4,
        };
        // P = ½, toll 1 death: E[F] = 0.5, above the cut.
        let at_half = f.forecast(&Signals::default());
        assert!((f.point(&at_half) - 0.5).abs() < 1e-12);
        let unlikely = Forecast {
            fatal: 0.3,
            log_toll_if_fatal: std::f64::consts::LN_2,
        };
        assert_eq!(f.point(&unlikely), 0.0);
    }
}
