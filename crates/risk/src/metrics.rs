//! Forecast scores for the backtest: ROC AUC (Mann–Whitney, ties count half),
//! Brier score, Spearman rank correlation (Pearson on average ranks), and a
//! one-feature logistic calibration fitted by Newton's method.

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

#[cfg(test)]
mod tests {
    use super::*;

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
