//! Is an area getting worse? Event counts in the last window (30 or 90 days up to
//! and including the day) against the window before it, judged two ways:
//!
//! - the direction — rising, falling or stable — by an exact conditional binomial
//!   test: given `n = current + previous` events in two windows of equal length,
//!   equal rates mean `current ~ Binomial(n, ½)`; the change is significant when the
//!   two-sided p-value is below 0.05. Twelve events after ten is noise; forty after
//!   ten is not.
//! - the change band, comparable to ACLED's: the percentage change of the count,
//!   large increase above +25 %, moderate increase above +10 %, stable within
//!   ±10 %, moderate decrease below −10 %, large decrease below −25 %.
//!
//! The two can disagree on small counts (3 → 5 events is a large increase but not
//! a significant one); both are shown.

use chrono::{Days, NaiveDate};
use sitrep_model::Category;

use crate::{AreaId, RiskModel};

/// Significance level of the trend test.
pub const ALPHA: f64 = 0.05;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Rising,
    Falling,
    Stable,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Rising => "rising",
            Direction::Falling => "falling",
            Direction::Stable => "stable",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeBand {
    LargeIncrease,
    ModerateIncrease,
    Stable,
    ModerateDecrease,
    LargeDecrease,
}

impl ChangeBand {
    /// The band of a change; with no events before, any events are a large increase.
    pub fn of(current: u64, previous: u64) -> ChangeBand {
        match change_pct(current, previous) {
            None if current > 0 => ChangeBand::LargeIncrease,
            None => ChangeBand::Stable,
            Some(p) if p > 25.0 => ChangeBand::LargeIncrease,
            Some(p) if p > 10.0 => ChangeBand::ModerateIncrease,
            Some(p) if p >= -10.0 => ChangeBand::Stable,
            Some(p) if p >= -25.0 => ChangeBand::ModerateDecrease,
            Some(_) => ChangeBand::LargeDecrease,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ChangeBand::LargeIncrease => "large increase",
            ChangeBand::ModerateIncrease => "moderate increase",
            ChangeBand::Stable => "stable",
            ChangeBand::ModerateDecrease => "moderate decrease",
            ChangeBand::LargeDecrease => "large decrease",
        }
    }
}

fn change_pct(current: u64, previous: u64) -> Option<f64> {
    (previous > 0).then(|| (current as f64 - previous as f64) / previous as f64 * 100.0)
}

/// The trend of one area × category over one window.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    pub window_days: u32,
    /// Events in the window ending on the day.
    pub current: u64,
    /// Events in the window before.
    pub previous: u64,
    pub current_fatalities: u64,
    pub previous_fatalities: u64,
    /// `None` when there were no events before.
    pub change_pct: Option<f64>,
    pub band: ChangeBand,
    pub p_value: f64,
    pub direction: Direction,
}

impl Trend {
    pub fn from_counts(window_days: u32, current: u64, previous: u64) -> Trend {
        let p_value = binomial_rate_test(current, previous);
        let direction = if p_value >= ALPHA || current == previous {
            Direction::Stable
        } else if current > previous {
            Direction::Rising
        } else {
            Direction::Falling
        };
        Trend {
            window_days,
            current,
            previous,
            current_fatalities: 0,
            previous_fatalities: 0,
            change_pct: change_pct(current, previous),
            band: ChangeBand::of(current, previous),
            p_value,
            direction,
        }
    }
}

/// Two-sided p-value of the exact conditional test that two equal-length windows
/// with `a` and `b` events have the same Poisson rate: `P(X ≤ min(a,b))·2` for
/// `X ~ Binomial(a + b, ½)`, capped at 1.
pub fn binomial_rate_test(a: u64, b: u64) -> f64 {
    let n = a + b;
    if n == 0 {
        return 1.0;
    }
    let m = a.min(b);
    // ln C(n, i) built up term by term; the tail summed with log-sum-exp.
    let ln_half_n = n as f64 * 0.5f64.ln();
    let mut ln_c = 0.0f64;
    let mut terms = Vec::with_capacity(usize::try_from(m).unwrap_or(0) + 1);
    for i in 0..=m {
        if i > 0 {
            ln_c += ((n - i + 1) as f64).ln() - (i as f64).ln();
        }
        terms.push(ln_c + ln_half_n);
    }
    let max = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let tail = max.exp() * terms.iter().map(|t| (t - max).exp()).sum::<f64>();
    (2.0 * tail).min(1.0)
}

impl RiskModel {
    /// The trend of `area` (all categories with `None`) over `window_days` ending at `at`.
    pub fn trend(
        &self,
        area: &AreaId,
        category: Option<Category>,
        at: NaiveDate,
        window_days: u32,
    ) -> Trend {
        let area = self.resolve(area);
        let w = u64::from(window_days);
        let start = at.checked_sub_days(Days::new(w)).unwrap_or(at);
        let start_prev = at.checked_sub_days(Days::new(2 * w)).unwrap_or(at);
        let (mut cur, mut prev, mut cur_f, mut prev_f) = (0u64, 0u64, 0u64, 0u64);
        for incident in self.known_at(at) {
            if incident.day <= start_prev
                || !incident.is_in(&area)
                || category.is_some_and(|c| c != incident.category)
            {
                continue;
            }
            let fatalities = u64::from(incident.fatalities.unwrap_or(0));
            if incident.day > start {
                cur += u64::from(incident.events);
                cur_f += fatalities;
            } else {
                prev += u64::from(incident.events);
                prev_f += fatalities;
            }
        }
        let mut trend = Trend::from_counts(window_days, cur, prev);
        trend.current_fatalities = cur_f;
        trend.previous_fatalities = prev_f;
        trend
    }
}

impl RiskModel {
    /// The trends of every area at a level in one pass over the incidents.
    pub fn trends(
        &self,
        level: crate::AreaLevel,
        category: Option<Category>,
        at: NaiveDate,
        window_days: u32,
    ) -> std::collections::HashMap<AreaId, Trend> {
        let w = u64::from(window_days);
        let start = at.checked_sub_days(Days::new(w)).unwrap_or(at);
        let start_prev = at.checked_sub_days(Days::new(2 * w)).unwrap_or(at);
        let first = self.known_at(start_prev).len();
        let mut counts: std::collections::HashMap<AreaId, [u64; 4]> =
            std::collections::HashMap::new();
        for incident in &self.known_at(at)[first..] {
            if category.is_some_and(|c| c != incident.category) {
                continue;
            }
            let Some(area) = incident.area(level) else {
                continue;
            };
            let c = counts.entry(area).or_default();
            let fatalities = u64::from(incident.fatalities.unwrap_or(0));
            let k = if incident.day > start { 0 } else { 2 };
            c[k] += u64::from(incident.events);
            c[k + 1] += fatalities;
        }
        counts
            .into_iter()
            .map(|(area, [cur, cur_f, prev, prev_f])| {
                let mut trend = Trend::from_counts(window_days, cur, prev);
                trend.current_fatalities = cur_f;
                trend.previous_fatalities = prev_f;
                (area, trend)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_test_matches_hand_computed_values() {
        // n = 4, min = 0: 2 · (1/16) = 0.125.
        assert!((binomial_rate_test(4, 0) - 0.125).abs() < 1e-12);
        // n = 10, min = 2: 2 · (1 + 10 + 45) / 1024 = 0.109375.
        assert!((binomial_rate_test(8, 2) - 0.109375).abs() < 1e-12);
        assert_eq!(binomial_rate_test(5, 5), 1.0);
        assert_eq!(binomial_rate_test(0, 0), 1.0);
        // Large counts stay finite and tiny.
        let p = binomial_rate_test(20_000, 10_000);
        assert!(p.is_finite() && p < 1e-100);
    }

    #[test]
    fn clear_increase_rises_noise_stays_stable() {
        let t = Trend::from_counts(30, 40, 10);
        assert_eq!(t.direction, Direction::Rising);
        assert_eq!(t.band, ChangeBand::LargeIncrease);
        let t = Trend::from_counts(30, 12, 10);
        assert_eq!(t.direction, Direction::Stable);
        assert_eq!(t.band, ChangeBand::ModerateIncrease);
        let t = Trend::from_counts(90, 5, 30);
        assert_eq!(t.direction, Direction::Falling);
        assert_eq!(t.band, ChangeBand::LargeDecrease);
        assert_eq!(ChangeBand::of(105, 100), ChangeBand::Stable);
        assert_eq!(ChangeBand::of(85, 100), ChangeBand::ModerateDecrease);
        assert_eq!(ChangeBand::of(3, 0), ChangeBand::LargeIncrease);
    }
}
