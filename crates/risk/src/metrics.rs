//! Forecast scores for the backtest: ROC AUC (Mann–Whitney, ties count half),
//! Brier score, Spearman rank correlation (Pearson on average ranks), a
//! one-feature logistic calibration fitted by Newton's method, and the paired
//! cluster bootstrap that says whether one forecast beats another.
//!
//! The bootstrap resamples clusters (areas: every step of an area goes in or out
//! together, since an area's pairs are correlated across steps) with
//! replacement. A resample is a weight per pair (how often its cluster was
//! drawn), so the scores take weights ([`Ranked`]): duplicating a pair `w` times
//! and giving it weight `w` give the same AUC, Brier and Spearman (tested). The
//! pairs are sorted once per predictor; each resample then costs O(pairs).

/// Average ranks (1-based), ties sharing the mean of their positions.
pub fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            out[k] = rank;
        }
        i = j + 1;
    }
    out
}

/// Area under the ROC curve of `scores` for `labels`: the chance that a random
/// positive scores above a random negative. `None` without both classes.
pub fn auc(scores: &[f64], labels: &[bool]) -> Option<f64> {
    let positives = labels.iter().filter(|l| **l).count();
    let negatives = labels.len() - positives;
    if positives == 0 || negatives == 0 || scores.len() != labels.len() {
        return None;
    }
    let r = ranks(scores);
    let rank_sum: f64 = r
        .iter()
        .zip(labels)
        .filter(|(_, l)| **l)
        .map(|(r, _)| r)
        .sum();
    let p = positives as f64;
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * negatives as f64))
}

/// Mean squared difference between probabilities and outcomes (lower is better).
pub fn brier(probabilities: &[f64], labels: &[bool]) -> Option<f64> {
    if probabilities.is_empty() || probabilities.len() != labels.len() {
        return None;
    }
    let sum: f64 = probabilities
        .iter()
        .zip(labels)
        .map(|(p, l)| (p - if *l { 1.0 } else { 0.0 }).powi(2))
        .sum();
    Some(sum / probabilities.len() as f64)
}

/// Pearson correlation; `None` when either side is constant.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.len() < 2 {
        return None;
    }
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx).powi(2);
        syy += (b - my).powi(2);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// Spearman's rank correlation.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    pearson(&ranks(x), &ranks(y))
}

/// `P(y) = 1 / (1 + exp(−(a + b·ln(1 + x))))`, fitted by maximum likelihood with a
/// small ridge penalty (so that perfectly separated data still gives finite weights).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Logistic {
    pub a: f64,
    pub b: f64,
}

impl Logistic {
    const RIDGE: f64 = 1e-3;

    fn feature(x: f64) -> f64 {
        x.max(0.0).ln_1p()
    }

    pub fn predict(&self, x: f64) -> f64 {
        1.0 / (1.0 + (-(self.a + self.b * Self::feature(x))).exp())
    }

    /// Fits on `(x, label)` pairs; `None` when there are none.
    pub fn fit(x: &[f64], labels: &[bool]) -> Option<Logistic> {
        if x.is_empty() || x.len() != labels.len() {
            return None;
        }
        let z: Vec<f64> = x.iter().map(|v| Self::feature(*v)).collect();
        let (mut a, mut b) = (0.0, 0.0);
        for _ in 0..100 {
            // Gradient and Hessian of the penalised negative log-likelihood.
            let (mut ga, mut gb) = (Self::RIDGE * a, Self::RIDGE * b);
            let (mut haa, mut hab, mut hbb) = (Self::RIDGE, 0.0, Self::RIDGE);
            for (zi, yi) in z.iter().zip(labels) {
                let p = 1.0 / (1.0 + (-(a + b * zi)).exp());
                let r = p - if *yi { 1.0 } else { 0.0 };
                let w = (p * (1.0 - p)).max(1e-12);
                ga += r;
                gb += r * zi;
                haa += w;
                hab += w * zi;
                hbb += w * zi * zi;
            }
            let det = haa * hbb - hab * hab;
            if det.abs() < 1e-300 {
                break;
            }
            let da = (hbb * ga - hab * gb) / det;
            let db = (haa * gb - hab * ga) / det;
            a -= da;
            b -= db;
            if da.abs() + db.abs() < 1e-10 {
                break;
            }
        }
        (a.is_finite() && b.is_finite()).then_some(Logistic { a, b })
    }
}

/// Values with their ascending order computed once, for weighted scores over
/// many resamples of the same pairs.
#[derive(Debug, Clone)]
pub struct Ranked {
    values: Vec<f64>,
    order: Vec<usize>,
}

impl Ranked {
    pub fn new(values: Vec<f64>) -> Ranked {
        let mut order: Vec<usize> = (0..values.len()).collect();
        order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
        Ranked { values, order }
    }

    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Calls `group` with the indices of each run of tied values, ascending.
    fn tie_groups(&self, mut group: impl FnMut(&[usize])) {
        let mut i = 0;
        while i < self.order.len() {
            let mut j = i + 1;
            while j < self.order.len() && self.values[self.order[j]] == self.values[self.order[i]] {
                j += 1;
            }
            group(&self.order[i..j]);
            i = j;
        }
    }

    /// Average ranks when pair `k` stands for `weights[k]` copies: the copies of a
    /// tie group of total weight `W_g` after `W_b` below hold positions
    /// `W_b + 1 … W_b + W_g`, so each gets `W_b + (W_g + 1) / 2`.
    pub fn weighted_ranks(&self, weights: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; self.values.len()];
        let mut below = 0.0;
        self.tie_groups(|g| {
            let w: f64 = g.iter().map(|&k| weights[k]).sum();
            let rank = below + (w + 1.0) / 2.0;
            for &k in g {
                out[k] = rank;
            }
            below += w;
        });
        out
    }

    /// ROC AUC with weights: `Σ_g P_g · (N_below + N_g / 2) / (P · N)` over tie
    /// groups `g` ascending, `P_g`/`N_g` the weight of positives/negatives in `g`.
    pub fn weighted_auc(&self, labels: &[bool], weights: &[f64]) -> Option<f64> {
        if labels.len() != self.values.len() || weights.len() != self.values.len() {
            return None;
        }
        let (mut numerator, mut negatives_below, mut positives) = (0.0, 0.0, 0.0);
        self.tie_groups(|g| {
            let (mut p, mut n) = (0.0, 0.0);
            for &k in g {
                if labels[k] {
                    p += weights[k];
                } else {
                    n += weights[k];
                }
            }
            numerator += p * (negatives_below + n / 2.0);
            negatives_below += n;
            positives += p;
        });
        let negatives = negatives_below;
        (positives > 0.0 && negatives > 0.0).then(|| numerator / (positives * negatives))
    }
}

/// Pearson correlation with weights; `None` when either side is constant.
pub fn weighted_pearson(x: &[f64], y: &[f64], weights: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.len() != weights.len() {
        return None;
    }
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return None;
    }
    let mx = x.iter().zip(weights).map(|(a, w)| a * w).sum::<f64>() / total;
    let my = y.iter().zip(weights).map(|(b, w)| b * w).sum::<f64>() / total;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for ((a, b), w) in x.iter().zip(y).zip(weights) {
        sxy += w * (a - mx) * (b - my);
        sxx += w * (a - mx).powi(2);
        syy += w * (b - my).powi(2);
    }
    // Relative guard: rounding leaves a tiny variance on constant data.
    let tiny = 1e-12 * total;
    (sxx > tiny && syy > tiny).then(|| sxy / (sxx * syy).sqrt())
}

/// Spearman's rank correlation with weights (Pearson on weighted average ranks).
pub fn weighted_spearman(x: &Ranked, y: &Ranked, weights: &[f64]) -> Option<f64> {
    weighted_pearson(
        &x.weighted_ranks(weights),
        &y.weighted_ranks(weights),
        weights,
    )
}

/// The Brier score with weights.
pub fn weighted_brier(probabilities: &[f64], labels: &[bool], weights: &[f64]) -> Option<f64> {
    if probabilities.len() != labels.len() || probabilities.len() != weights.len() {
        return None;
    }
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return None;
    }
    let sum: f64 = probabilities
        .iter()
        .zip(labels)
        .zip(weights)
        .map(|((p, l), w)| w * (p - if *l { 1.0 } else { 0.0 }).powi(2))
        .sum();
    Some(sum / total)
}

/// SplitMix64: a small, seeded, reproducible generator (the bootstrap must give
/// the same interval on every run).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`), by the multiply-shift map.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

/// A point estimate with a two-sided 95 % percentile bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub estimate: f64,
    pub low: f64,
    pub high: f64,
    /// Share of resamples in which the statistic was ≤ 0 (a one-sided bootstrap
    /// p-value for "the statistic is positive").
    pub share_not_positive: f64,
}

impl Interval {
    /// Whether the whole interval lies above zero.
    pub fn is_positive(&self) -> bool {
        self.low > 0.0
    }
}

/// The paired cluster bootstrap of `k` statistics of the same pairs.
///
/// `clusters[i]` is pair `i`'s cluster (`0..n_clusters`). Each of `resamples`
/// rounds draws `n_clusters` clusters with replacement and calls `statistics`
/// with the weight of every pair (how many times its cluster was drawn);
/// `statistics(&[1.0; n])` gives the estimates. Returns per statistic its
/// estimate and the 2.5 and 97.5 percentiles over the resamples where it was
/// defined; `None` where the estimate is undefined or no resample defined it.
pub fn cluster_bootstrap(
    clusters: &[usize],
    n_clusters: usize,
    resamples: usize,
    seed: u64,
    k: usize,
    mut statistics: impl FnMut(&[f64]) -> Vec<Option<f64>>,
) -> Vec<Option<Interval>> {
    let estimates = statistics(&vec![1.0; clusters.len()]);
    let mut draws: Vec<Vec<f64>> = vec![Vec::with_capacity(resamples); k];
    if n_clusters > 0 {
        let mut rng = SplitMix64::new(seed);
        let mut counts = vec![0.0; n_clusters];
        let mut weights = vec![0.0; clusters.len()];
        for _ in 0..resamples {
            counts.iter_mut().for_each(|c| *c = 0.0);
            for _ in 0..n_clusters {
                counts[rng.below(n_clusters)] += 1.0;
            }
            for (w, c) in weights.iter_mut().zip(clusters) {
                *w = counts[*c];
            }
            for (d, v) in draws.iter_mut().zip(statistics(&weights)) {
                if let Some(v) = v.filter(|v| v.is_finite()) {
                    d.push(v);
                }
            }
        }
    }
    (0..k)
        .map(|i| {
            let estimate = estimates.get(i).copied().flatten()?;
            let d = &mut draws[i];
            if d.is_empty() {
                return None;
            }
            d.sort_by(f64::total_cmp);
            let at = |q: f64| d[((q * (d.len() - 1) as f64).round() as usize).min(d.len() - 1)];
            Some(Interval {
                estimate,
                low: at(0.025),
                high: at(0.975),
                share_not_positive: d.iter().filter(|v| **v <= 0.0).count() as f64 / d.len() as f64,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expands pair `k` into `weights[k]` copies.
    fn expand<T: Copy>(values: &[T], weights: &[usize]) -> Vec<T> {
        values
            .iter()
            .zip(weights)
            .flat_map(|(v, w)| std::iter::repeat_n(*v, *w))
            .collect()
    }

    #[test]
    fn weighted_scores_equal_scores_of_duplicated_pairs() {
        let x = [0.0, 0.0, 1.0, 2.0, 2.0, 5.0, 3.0, 0.5];
        let y = [0.0, 1.0, 0.0, 4.0, 2.0, 9.0, 0.0, 0.0];
        let labels: Vec<bool> = y.iter().map(|v| *v > 0.0).collect();
        let p = [0.1, 0.2, 0.3, 0.8, 0.6, 0.9, 0.4, 0.1];
        let counts = [1usize, 3, 0, 2, 1, 1, 4, 2];
        let w: Vec<f64> = counts.iter().map(|c| *c as f64).collect();
        let (xr, yr) = (Ranked::new(x.to_vec()), Ranked::new(y.to_vec()));
        let (ex, ey, el, ep) = (
            expand(&x, &counts),
            expand(&y, &counts),
            expand(&labels, &counts),
            expand(&p, &counts),
        );
        let close = |a: Option<f64>, b: Option<f64>| (a.unwrap() - b.unwrap()).abs() < 1e-12;
        assert!(close(xr.weighted_auc(&labels, &w), auc(&ex, &el)));
        assert!(close(weighted_spearman(&xr, &yr, &w), spearman(&ex, &ey)));
        assert!(close(weighted_brier(&p, &labels, &w), brier(&ep, &el)));
        // Unit weights are the plain scores.
        let ones = vec![1.0; x.len()];
        assert!(close(xr.weighted_auc(&labels, &ones), auc(&x, &labels)));
        assert!(close(weighted_spearman(&xr, &yr, &ones), spearman(&x, &y)));
        // A side that is constant under the weights has no correlation.
        let only_zero_x = [1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        assert_eq!(weighted_spearman(&xr, &yr, &only_zero_x), None);
    }

    #[test]
    fn the_bootstrap_separates_a_real_difference_from_noise() {
        // 60 clusters of 5 pairs. `good` ranks the outcome perfectly, `noise` is
        // unrelated to it, `twin` is `good` plus a tiny jitter.
        let mut rng = SplitMix64::new(7);
        let n = 300;
        let clusters: Vec<usize> = (0..n).map(|i| i / 5).collect();
        let labels: Vec<bool> = (0..n).map(|_| rng.below(3) == 0).collect();
        let good: Vec<f64> = labels
            .iter()
            .map(|l| if *l { 1.0 } else { 0.0 } + rng.below(1000) as f64 / 2000.0)
            .collect();
        let noise: Vec<f64> = (0..n).map(|_| rng.below(1000) as f64).collect();
        let twin: Vec<f64> = good
            .iter()
            .map(|v| v + rng.below(10) as f64 * 1e-6)
            .collect();
        let (good, noise, twin) = (Ranked::new(good), Ranked::new(noise), Ranked::new(twin));
        let out = cluster_bootstrap(&clusters, 60, 500, 1, 2, |w| {
            let g = good.weighted_auc(&labels, w);
            let d = |o: Option<f64>| Some(g? - o?);
            vec![
                d(noise.weighted_auc(&labels, w)),
                d(twin.weighted_auc(&labels, w)),
            ]
        });
        let vs_noise = out[0].unwrap();
        assert!(
            vs_noise.estimate > 0.3 && vs_noise.is_positive(),
            "{vs_noise:?}"
        );
        assert!(vs_noise.share_not_positive < 0.01);
        let vs_twin = out[1].unwrap();
        assert!(!vs_twin.is_positive(), "{vs_twin:?}");
        assert!(vs_twin.low <= vs_twin.estimate && vs_twin.estimate <= vs_twin.high);
        // Same seed, same interval.
        let again = cluster_bootstrap(&clusters, 60, 500, 1, 2, |w| {
            let g = good.weighted_auc(&labels, w);
            vec![
                Some(g.unwrap() - noise.weighted_auc(&labels, w).unwrap()),
                None,
            ]
        });
        assert_eq!(again[0], Some(vs_noise));
        assert_eq!(again[1], None);
    }

    #[test]
    fn ranks_average_ties() {
        assert_eq!(ranks(&[10.0, 20.0, 20.0, 5.0]), vec![2.0, 3.5, 3.5, 1.0]);
    }

    #[test]
    fn auc_by_hand() {
        // Positives 0.9, 0.4; negatives 0.5, 0.1. Pairs: (0.9>0.5) (0.9>0.1)
        // (0.4<0.5) (0.4>0.1) → 3 of 4.
        let auc = auc(&[0.9, 0.4, 0.5, 0.1], &[true, true, false, false]);
        assert_eq!(auc, Some(0.75));
        // A tie between a positive and a negative counts half: (1 + 0.5) / 2.
        assert_eq!(
            super::auc(&[1.0, 0.5, 0.5], &[true, true, false]),
            Some(0.75)
        );
        assert_eq!(super::auc(&[1.0, 2.0], &[true, true]), None);
    }

    #[test]
    fn brier_by_hand() {
        // (0.2² + 0.4² + 0.1²) / 3 = 0.07.
        let b = brier(&[0.8, 0.4, 0.1], &[true, false, false]).unwrap();
        assert!((b - 0.07).abs() < 1e-12);
    }

    #[test]
    fn spearman_by_hand() {
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]), Some(1.0));
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]), Some(-1.0));
        // d = (0, 1, −1, 0): 1 − 6·2 / (4·15) = 0.8.
        let rho = spearman(&[1.0, 2.0, 3.0, 4.0], &[1.0, 3.0, 2.0, 4.0]).unwrap();
        assert!((rho - 0.8).abs() < 1e-12);
        assert_eq!(spearman(&[1.0, 1.0], &[1.0, 2.0]), None);
    }

    #[test]
    fn logistic_learns_a_rising_probability() {
        let x = [0.0, 0.0, 0.0, 1.0, 5.0, 10.0, 20.0, 50.0, 0.0, 30.0];
        let y = [
            false, false, false, false, true, false, true, true, false, true,
        ];
        let fit = Logistic::fit(&x, &y).unwrap();
        assert!(fit.b > 0.0);
        assert!(fit.predict(0.0) < 0.2 && fit.predict(50.0) > 0.8);
    }
}
