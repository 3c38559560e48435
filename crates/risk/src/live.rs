//! Ratings kept up to date as events arrive: the decayed sums (`own`, `history`)
//! of every country and admin1 region at one day, so that a new event costs
//! O(1) — add `s · 2^(−Δ/H)` and `s · (H/H_L) · 2^(−Δ/H_L)` to the sums of its
//! country and its region — plus re-rating those two areas, instead of a pass
//! over every incident. Moving to a later day multiplies every area's sums by
//! the decay of the days in between (O(areas)).
//!
//! Ratings from [`LiveRatings`] equal those of [`RiskModel::ratings`] over the
//! same incidents, up to floating-point rounding.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::Sums;
use crate::{AreaId, AreaLevel, AreaRating, Incident, RiskModel};

/// Per-area decayed sums at one day, over a model's incidents and those added since.
#[derive(Debug, Clone)]
pub struct LiveRatings<'m> {
    model: &'m RiskModel,
    at: NaiveDate,
    countries: HashMap<AreaId, Sums>,
    admin1s: HashMap<AreaId, Sums>,
    cities: HashMap<AreaId, Sums>,
    added: usize,
}

impl RiskModel {
    /// The sums of every area on `at`, ready for incremental updates.
    pub fn live(&self, at: NaiveDate) -> LiveRatings<'_> {
        LiveRatings {
            model: self,
            at,
            countries: self.all_sums(AreaLevel::Country, at),
            admin1s: self.all_sums(AreaLevel::Admin1, at),
            cities: self.all_sums(AreaLevel::City, at),
            added: 0,
        }
    }
}

impl LiveRatings<'_> {
    pub fn at(&self) -> NaiveDate {
        self.at
    }

    /// Incidents added since the sums were built.
    pub fn added(&self) -> usize {
        self.added
    }

    /// Areas with sums at a level.
    pub fn areas(&self, level: AreaLevel) -> usize {
        self.map(level).len()
    }

    fn map(&self, level: AreaLevel) -> &HashMap<AreaId, Sums> {
        match level {
            AreaLevel::Country => &self.countries,
            AreaLevel::Admin1 => &self.admin1s,
            AreaLevel::City => &self.cities,
        }
    }

    /// Adds one incident (a new event, dated on or before [`Self::at`]; one
    /// dated later first moves the sums to its day) and returns the new ratings
    /// of its country and, when it names one, its admin1 region, and the city
    /// it lies in, if any.
    pub fn add(&mut self, incident: &Incident) -> Vec<AreaRating> {
        let mut incident = incident.clone();
        if incident.city.is_none() {
            incident.city = self.model.city_key(&incident);
        }
        let incident = &incident;
        if incident.day > self.at {
            self.advance_to(incident.day);
        }
        let config = &self.model.config;
        let age = (self.at - incident.day).num_days() as f64;
        let k = usize::from(incident.category.code());
        let own = incident.severity * config.decay(age);
        let history = incident.severity * config.decay_long(age);
        self.added += 1;
        let mut out = Vec::with_capacity(3);
        for level in [AreaLevel::Country, AreaLevel::Admin1, AreaLevel::City] {
            let Some(area) = incident.area(level) else {
                continue;
            };
            let map = match level {
                AreaLevel::Country => &mut self.countries,
                AreaLevel::Admin1 => &mut self.admin1s,
                AreaLevel::City => &mut self.cities,
            };
            let sums = map.entry(area.clone()).or_default();
            sums.own[k] += own;
            sums.history[k] += history;
            out.push(self.rating(&area));
        }
        out
    }

    /// Moves every sum forward to `day` (no-op for an earlier day).
    pub fn advance_to(&mut self, day: NaiveDate) {
        if day <= self.at {
            return;
        }
        let days = (day - self.at).num_days();
        let config = &self.model.config;
        let d = config.daily_decay().powf(days as f64);
        let dl = config.daily_decay_long().powf(days as f64);
        let maps = [&mut self.countries, &mut self.admin1s, &mut self.cities];
        for sums in maps.into_iter().flat_map(|m| m.values_mut()) {
            for v in &mut sums.own {
                *v *= d;
            }
            for v in &mut sums.history {
                *v *= dl;
            }
        }
        self.at = day;
    }

    /// The current ratings of one area (zero when it has no events).
    pub fn rating(&self, area: &AreaId) -> AreaRating {
        let map = self.map(area.level());
        let sums = map.get(area).copied().unwrap_or_default();
        let neighbours: Vec<(AreaId, Sums)> = self
            .model
            .neighbours_of(area)
            .iter()
            .map(|n| (n.clone(), map.get(n).copied().unwrap_or_default()))
            .collect();
        self.model.rate(area, &sums, &neighbours, self.at)
    }

    /// The current ratings of every area at a level, highest overall score first.
    pub fn ratings(&self, level: AreaLevel) -> Vec<AreaRating> {
        let mut out: Vec<AreaRating> = self.map(level).keys().map(|a| self.rating(a)).collect();
        out.sort_by(|a, b| {
            b.overall
                .score
                .total_cmp(&a.overall.score)
                .then_with(|| a.area.cmp(&b.area))
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use chrono::Days;

    fn incident(id: &str, day: NaiveDate, area: &str, fatalities: u32) -> Incident {
        crate::tests::clash(id, day, area, fatalities)
    }

    #[test]
    fn incremental_updates_match_a_full_recompute() {
        let start = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
        let at = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
        let areas = ["NG/Borno", "NG/Yobe", "ML/Mopti", "ML"];
        let all: Vec<Incident> = (0..200u64)
            .map(|i| {
                let day = start.checked_add_days(Days::new(i * 7 % 365)).unwrap();
                incident(
                    &format!("e{i}"),
                    day,
                    areas[(i % 4) as usize],
                    (i % 5) as u32,
                )
            })
            .collect();
        let (old, new) = all.split_at(150);
        let model = RiskModel::new(Config::default(), old.to_vec()).unwrap();
        let mut live = model.live(at);
        let mut last = Vec::new();
        for i in new {
            last = live.add(i);
        }
        assert_eq!(live.added(), 50);
        assert!(!last.is_empty());
        let full = RiskModel::new(Config::default(), all.clone()).unwrap();
        for level in [AreaLevel::Country, AreaLevel::Admin1] {
            let want = full.ratings(level, at);
            let have = live.ratings(level);
            assert_eq!(want.len(), have.len());
            for (w, h) in want.iter().zip(&have) {
                assert_eq!(w.area, h.area);
                assert!((w.overall.raw - h.overall.raw).abs() < 1e-9);
            }
        }
        // A later event moves the sums forward first.
        let later = NaiveDate::from_ymd_opt(2024, 2, 1).unwrap();
        live.add(&incident("late", later, "NG/Borno", 10));
        assert_eq!(live.at(), later);
        let mut all = all;
        all.push(incident("late", later, "NG/Borno", 10));
        let full = RiskModel::new(Config::default(), all).unwrap();
        let want = full.rating(&AreaId::parse("NG").unwrap(), later);
        let have = live.rating(&AreaId::parse("NG").unwrap());
        assert!((want.overall.raw - have.overall.raw).abs() < 1e-9);
    }
}
