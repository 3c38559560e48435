//! The five-step scale a score maps to, with each level's written definition and
//! the standard advice that goes with it, and the saturating curve from raw
//! (decayed severity) to a 0–100 score.

/// A risk level. The numbers are the public scale (1 Negligible … 5 Extreme).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Negligible = 1,
    Low = 2,
    Medium = 3,
    High = 4,
    Extreme = 5,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::Negligible,
        Level::Low,
        Level::Medium,
        Level::High,
        Level::Extreme,
    ];

    /// The lowest score of each level: Low from 10, Medium from 30, High from 55,
    /// Extreme from 80.
    pub const THRESHOLDS: [f64; 4] = [10.0, 30.0, 55.0, 80.0];

    pub fn from_score(score: f64) -> Level {
        let above = Self::THRESHOLDS.iter().filter(|t| score >= **t).count();
        Self::ALL[above.min(4)]
    }

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn name(self) -> &'static str {
        match self {
            Level::Negligible => "Negligible",
            Level::Low => "Low",
            Level::Medium => "Medium",
            Level::High => "High",
            Level::Extreme => "Extreme",
        }
    }

    /// What the level means, in words a traveller's manager can act on.
    pub fn definition(self) -> &'static str {
        match self {
            Level::Negligible => {
                "Incidents of this kind are rare and isolated; there is no pattern of \
                 organised or politically motivated violence."
            }
            Level::Low => {
                "Incidents occur now and then but are mostly minor (peaceful protests, \
                 petty crime, isolated violence) and seldom affect visitors."
            }
            Level::Medium => {
                "Incidents are regular and some are lethal; violence or unrest can \
                 disrupt movement and business in parts of the area at short notice."
            }
            Level::High => {
                "Serious violence with fatalities is frequent; armed groups, attacks or \
                 unrest are a direct threat to people in the area."
            }
            Level::Extreme => {
                "Lethal violence is sustained and widespread (open conflict, repeated \
                 mass-casualty attacks); the state may not control the area or keep \
                 services running."
            }
        }
    }

    /// The standard advice for the level.
    pub fn advice(self) -> &'static str {
        match self {
            Level::Negligible => {
                "Normal precautions: follow routine security practice and keep an eye \
                 on local news."
            }
            Level::Low => {
                "Normal precautions with more awareness: stay away from demonstrations, \
                 check local news before moving and keep travel documents at hand."
            }
            Level::Medium => {
                "Increased caution: plan journeys, check in with a contact on a fixed \
                 schedule, avoid known hotspots and crowds, and have a fallback plan."
            }
            Level::High => {
                "Reconsider travel: essential trips only, with a written security plan, \
                 vetted transport and local support, and a tested way out."
            }
            Level::Extreme => {
                "Do not travel. People already there should shelter or leave if that can \
                 be done safely; operations only with specialist security support."
            }
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The saturating curve `score = 100 · (1 − 1/√(1 + raw / scale))`. Violence is
/// heavy-tailed, so each level spans a wider range of raw than the one below it:
/// with the default scale of 25, Low starts at raw ≈ 6, Medium at ≈ 26, High at
/// ≈ 99 and Extreme at ≈ 600; the score approaches 100 without reaching it.
pub fn score_from_raw(raw: f64, scale: f64) -> f64 {
    if raw <= 0.0 || scale <= 0.0 {
        return 0.0;
    }
    100.0 * (1.0 - 1.0 / (1.0 + raw / scale).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_map_to_levels_at_the_thresholds() {
        assert_eq!(Level::from_score(0.0), Level::Negligible);
        assert_eq!(Level::from_score(9.99), Level::Negligible);
        assert_eq!(Level::from_score(10.0), Level::Low);
        assert_eq!(Level::from_score(54.9), Level::Medium);
        assert_eq!(Level::from_score(55.0), Level::High);
        assert_eq!(Level::from_score(100.0), Level::Extreme);
        assert_eq!(Level::Extreme.number(), 5);
    }

    #[test]
    fn the_curve_saturates() {
        assert_eq!(score_from_raw(0.0, 25.0), 0.0);
        // 1 + 75/25 = 4, 1/√4 = 0.5.
        let s = score_from_raw(75.0, 25.0);
        assert!((s - 50.0).abs() < 1e-12, "{s}");
        assert!(score_from_raw(1e12, 25.0) < 100.0);
        assert!(score_from_raw(20.0, 25.0) > score_from_raw(10.0, 25.0));
        // The documented level boundaries.
        for (raw, level) in [
            (5.0, Level::Negligible),
            (7.0, Level::Low),
            (30.0, Level::Medium),
            (110.0, Level::High),
            (650.0, Level::Extreme),
        ] {
            assert_eq!(Level::from_score(score_from_raw(raw, 25.0)), level, "{raw}");
        }
    }
}
