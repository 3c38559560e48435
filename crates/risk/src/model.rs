//! The rating of an area: decayed event severity per category, a structural
//! baseline from the area's long-run history, and spill-over from neighbouring
//! admin1 regions, mapped to a 0–100 score and a level.
//!
//! For an area `A`, category `c` and day `t`, over incidents `e` in `A` of category
//! `c` dated on or before `t`, with `s_e` the severity and `Δ_e = t − day_e` in days:
//!
//! ```text
//! own(A,c,t)      = Σ s_e · 2^(−Δ_e / H)                    H  = half-life (90 d)
//! history(A,c,t)  = (H / H_L) · Σ s_e · 2^(−Δ_e / H_L)      H_L = baseline half-life (730 d)
//! baseline(A,c,t) = max(0, β · history − own)               β  = baseline share (0.5)
//! spill(A,c,t)    = σ · max over neighbours N of own(N,c,t) σ  = spill fraction (0.15), admin1 only
//! raw             = own + baseline + spill
//! score           = 100 · (1 − 1/√(1 + raw / K))             K  = scale (25)
//! ```
//!
//! `history` is scaled by `H / H_L` so that under a steady event rate it equals
//! `own`: the baseline only tops a score up when the area is quieter than its
//! long-run record, never in steady state. The overall rating sums `own`,
//! `baseline` and `spill` over the six categories before the curve.
//!
//! Neighbours of an admin1 region are the other admin1 regions of the same country
//! whose event centroid lies within `spill_radius_km` (300 km) of its own — a
//! stand-in for shared borders until boundaries are in the store. Centroids are
//! summed in fixed point (`Centroid`), so they do not depend on the order the
//! incidents came in: a model updated incrementally ([`RiskModel::apply`])
//! finds exactly the neighbours a rebuild finds.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sitrep_model::Category;

use crate::{AreaId, AreaLevel, Incident, Level, Override, Populations, RiskError, score_from_raw};

/// The model's parameters; `Config::default()` holds the documented defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Days after which an event counts half (`H`).
    pub half_life_days: f64,
    /// Half-life of the long-run history behind the baseline (`H_L`).
    pub baseline_half_life_days: f64,
    /// Share of the long-run history an area never drops below (`β`).
    pub baseline_share: f64,
    /// Share of the worst neighbour's own score that spills into an admin1 region (`σ`).
    pub spill_fraction: f64,
    /// Centroids closer than this make two admin1 regions neighbours.
    pub spill_radius_km: f64,
    /// Raw value at which the score reaches 29 (`K`; at 3·K it reaches 50).
    pub scale: f64,
    /// Reference population of a country (`P_ref`): countries this populous or
    /// smaller are not damped.
    pub population_ref_country: f64,
    /// Reference population of an admin1 region.
    pub population_ref_admin1: f64,
    /// Damping exponent `γ` of the exposure factor `(P_ref / P)^γ`.
    pub population_exponent: f64,
    /// The exposure factor never goes below this.
    pub population_floor: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            half_life_days: 90.0,
            baseline_half_life_days: 730.0,
            baseline_share: 0.5,
            spill_fraction: 0.15,
            spill_radius_km: 300.0,
            scale: 25.0,
            population_ref_country: 20_000_000.0,
            population_ref_admin1: 2_000_000.0,
            population_exponent: 0.25,
            population_floor: 0.4,
        }
    }
}

impl Config {
    pub fn validate(&self) -> Result<(), RiskError> {
        let positive = |v: f64| v.is_finite() && v > 0.0;
        let share = |v: f64| v.is_finite() && (0.0..=1.0).contains(&v);
        if !positive(self.half_life_days) || !positive(self.baseline_half_life_days) {
            return Err(RiskError::InvalidConfig(
                "half-lives must be positive numbers of days".into(),
            ));
        }
        if self.baseline_half_life_days < self.half_life_days {
            return Err(RiskError::InvalidConfig(
                "the baseline half-life must not be shorter than the half-life".into(),
            ));
        }
        if !share(self.baseline_share) || !share(self.spill_fraction) {
            return Err(RiskError::InvalidConfig(
                "baseline share and spill fraction must be within 0..1".into(),
            ));
        }
        let radius_ok = self.spill_radius_km.is_finite() && self.spill_radius_km >= 0.0;
        if !(positive(self.scale) && radius_ok) {
            return Err(RiskError::InvalidConfig(
                "scale must be positive and the spill radius not negative".into(),
            ));
        }
        let pop_ok = positive(self.population_ref_country)
            && positive(self.population_ref_admin1)
            && self.population_exponent.is_finite()
            && self.population_exponent >= 0.0
            && positive(self.population_floor)
            && self.population_floor <= 1.0;
        if !pop_ok {
            return Err(RiskError::InvalidConfig(
                "population references must be positive, the exponent not negative and \
                 the floor within (0, 1]"
                    .into(),
            ));
        }
        Ok(())
    }

    /// Per-day decay factor of `own` (`2^(−1/H)`).
    pub(crate) fn daily_decay(&self) -> f64 {
        0.5f64.powf(1.0 / self.half_life_days)
    }

    pub(crate) fn daily_decay_long(&self) -> f64 {
        0.5f64.powf(1.0 / self.baseline_half_life_days)
    }

    pub(crate) fn decay(&self, age_days: f64) -> f64 {
        0.5f64.powf(age_days / self.half_life_days)
    }

    /// The decayed weight of an event in `history`, including the `H / H_L` factor.
    pub(crate) fn decay_long(&self, age_days: f64) -> f64 {
        0.5f64.powf(age_days / self.baseline_half_life_days) * self.half_life_days
            / self.baseline_half_life_days
    }
}

/// One rating: the score, its level and the three parts of its raw value.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    /// 0–100.
    pub score: f64,
    pub level: Level,
    /// `own + baseline + spill`.
    pub raw: f64,
    /// Decayed severity of the area's own events.
    pub own: f64,
    /// Top-up from the long-run history (0 when the area is as active as usual).
    pub baseline: f64,
    /// Spill-over from neighbouring regions.
    pub spill: f64,
    /// Which neighbours spilled how much (raw units).
    pub spill_from: Vec<(AreaId, f64)>,
    /// The level the score gives; differs from `level` when overridden.
    pub computed_level: Level,
    /// The analyst's override in force, which set `level`.
    pub overridden: Option<Override>,
}

impl Rating {
    fn from_parts(own: f64, baseline: f64, spill_from: Vec<(AreaId, f64)>, scale: f64) -> Rating {
        let spill = spill_from.iter().fold(0.0, |sum, (_, v)| sum + v);
        let raw = own + baseline + spill;
        let score = score_from_raw(raw, scale);
        Rating {
            score,
            level: Level::from_score(score),
            raw,
            own,
            baseline,
            spill,
            spill_from,
            computed_level: Level::from_score(score),
            overridden: None,
        }
    }

    fn apply(&mut self, o: &Override) {
        self.level = o.level;
        self.overridden = Some(o.clone());
    }
}

/// Ratings of one area: overall and per category.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaRating {
    pub area: AreaId,
    pub overall: Rating,
    pub categories: Vec<(Category, Rating)>,
}

impl AreaRating {
    pub fn category(&self, category: Option<Category>) -> &Rating {
        category
            .and_then(|c| self.categories.iter().find(|(k, _)| *k == c))
            .map_or(&self.overall, |(_, r)| r)
    }
}

/// Decayed sums of one area per category (index = `Category::code`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Sums {
    pub own: [f64; 6],
    pub history: [f64; 6],
}

/// Ratings over one set of incidents.
#[derive(Debug, Clone)]
pub struct RiskModel {
    pub(crate) config: Config,
    /// Sorted by day, oldest first.
    pub(crate) incidents: Vec<Incident>,
    /// Admin1 region → neighbouring admin1 regions of the same country.
    pub(crate) neighbours: HashMap<AreaId, Vec<AreaId>>,
    /// Admin1 region → the sum of its incidents' positions (for `neighbours`).
    pub(crate) centroids: HashMap<AreaId, Centroid>,
    /// Hash of an incident id → its day, built on the first
    /// [`RiskModel::apply`] to find the incident a change replaces (see `update.rs`).
    pub(crate) id_days: Option<crate::update::IdDays>,
    /// Analysts' overrides, newest first.
    pub(crate) overrides: Vec<Override>,
    pub(crate) populations: Option<Populations>,
}

impl RiskModel {
    pub fn new(config: Config, mut incidents: Vec<Incident>) -> Result<RiskModel, RiskError> {
        config.validate()?;
        incidents.sort_by(incident_order);
        let centroids = centroids(&incidents);
        let neighbours = find_neighbours(&centroids, config.spill_radius_km, None);
        Ok(RiskModel {
            config,
            incidents,
            neighbours,
            centroids,
            id_days: None,
            overrides: Vec::new(),
            populations: None,
        })
    }

    /// The model with analysts' overrides applied to its ratings.
    pub fn with_overrides(mut self, overrides: Vec<Override>) -> RiskModel {
        self.set_overrides(overrides);
        self
    }

    /// Replaces the analysts' overrides applied to the ratings.
    pub fn set_overrides(&mut self, mut overrides: Vec<Override>) {
        overrides.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
        self.overrides = overrides;
    }

    /// The model with populations for the exposure factor, and the cities
    /// they list for city ratings: each incident with a position counts for
    /// the city it lies in ([`Populations::city_of`]).
    pub fn with_populations(mut self, populations: Populations) -> RiskModel {
        for incident in &mut self.incidents {
            incident.city = populations.city_key(incident);
        }
        self.populations = Some(populations);
        self
    }

    /// The city `incident` counts for, from the model's populations.
    pub(crate) fn city_key(&self, incident: &Incident) -> Option<crate::CityKey> {
        self.populations.as_ref()?.city_key(incident)
    }

    pub fn overrides(&self) -> &[Override] {
        &self.overrides
    }

    /// The override in force for `area` × `category` (overall with `None`) on `at`.
    pub fn override_for(
        &self,
        area: &AreaId,
        category: Option<Category>,
        at: NaiveDate,
    ) -> Option<&Override> {
        self.overrides
            .iter()
            .find(|o| o.category == category && o.is_active_on(at) && o.is_for(area))
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn incidents(&self) -> &[Incident] {
        &self.incidents
    }

    /// The first and last day of the incidents.
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((self.incidents.first()?.day, self.incidents.last()?.day))
    }

    /// Incidents dated on or before `at`.
    pub(crate) fn known_at(&self, at: NaiveDate) -> &[Incident] {
        let end = self.incidents.partition_point(|i| i.day <= at);
        &self.incidents[..end]
    }

    /// The area as the events spell it (`NG/borno` → `NG/Borno`), or as given.
    pub fn resolve(&self, area: &AreaId) -> AreaId {
        if area.city.is_some() {
            return self
                .incidents
                .iter()
                .find(|i| i.is_in(area))
                .and_then(|i| i.area(AreaLevel::City))
                .unwrap_or_else(|| area.clone());
        }
        let Some(want) = &area.admin1 else {
            return area.clone();
        };
        self.incidents
            .iter()
            .find(|i| {
                i.country == area.country
                    && i.admin1
                        .as_ref()
                        .is_some_and(|a| a.eq_ignore_ascii_case(want))
            })
            .and_then(|i| i.area(AreaLevel::Admin1))
            .unwrap_or_else(|| area.clone())
    }

    pub(crate) fn neighbours_of(&self, area: &AreaId) -> &[AreaId] {
        self.neighbours.get(area).map_or(&[], Vec::as_slice)
    }

    /// Population normalisation: the factor on `own` and `history` of an area,
    /// `clamp((P_ref / P)^γ, floor, 1)` for area population `P` (`P_ref` per
    /// level). Areas no more populous than `P_ref`, and areas of unknown
    /// population, count as is; more populous ones are damped mildly, so that a
    /// large country does not reach Extreme on the volume of its incidents
    /// alone. See docs/risk-model.md.
    pub fn exposure_factor(&self, area: &AreaId) -> f64 {
        let Some(population) = self.populations.as_ref().and_then(|p| p.of(area)) else {
            return 1.0;
        };
        let reference = match area.level() {
            AreaLevel::Country => self.config.population_ref_country,
            AreaLevel::Admin1 | AreaLevel::City => self.config.population_ref_admin1,
        };
        (reference / population as f64)
            .powf(self.config.population_exponent)
            .clamp(self.config.population_floor, 1.0)
    }

    fn add(&self, sums: &mut Sums, incident: &Incident, at: NaiveDate) {
        let age = (at - incident.day).num_days() as f64;
        let k = usize::from(incident.category.code());
        sums.own[k] += incident.severity * self.config.decay(age);
        sums.history[k] += incident.severity * self.config.decay_long(age);
    }

    /// Decayed sums of every area at a level.
    pub(crate) fn all_sums(&self, level: AreaLevel, at: NaiveDate) -> HashMap<AreaId, Sums> {
        let mut map: HashMap<AreaId, Sums> = HashMap::new();
        for incident in self.known_at(at) {
            if let Some(area) = incident.area(level) {
                self.add(map.entry(area).or_default(), incident, at);
            }
        }
        map
    }

    pub(crate) fn area_sums(&self, area: &AreaId, at: NaiveDate) -> Sums {
        let mut sums = Sums::default();
        for incident in self.known_at(at).iter().filter(|i| i.is_in(area)) {
            self.add(&mut sums, incident, at);
        }
        sums
    }

    /// Rates one area from its sums and its neighbours' `own` sums.
    pub(crate) fn rate(
        &self,
        area: &AreaId,
        sums: &Sums,
        neighbours: &[(AreaId, Sums)],
        at: NaiveDate,
    ) -> AreaRating {
        let factor = self.exposure_factor(area);
        let (beta, sigma) = (self.config.baseline_share, self.config.spill_fraction);
        let mut categories = Vec::with_capacity(6);
        let (mut own_all, mut base_all) = (0.0, 0.0);
        let mut spill_all: HashMap<AreaId, f64> = HashMap::new();
        for category in Category::ALL {
            let k = usize::from(category.code());
            let own = sums.own[k] * factor;
            let baseline = (beta * sums.history[k] * factor - own).max(0.0);
            let worst = neighbours
                .iter()
                .map(|(n, s)| (n, s.own[k] * self.exposure_factor(n)))
                .filter(|(_, v)| *v > 0.0)
                .max_by(|a, b| a.1.total_cmp(&b.1));
            let spill_from: Vec<(AreaId, f64)> = worst
                .filter(|_| sigma > 0.0)
                .map(|(n, v)| (n.clone(), sigma * v))
                .into_iter()
                .collect();
            for (n, v) in &spill_from {
                *spill_all.entry(n.clone()).or_default() += v;
            }
            own_all += own;
            base_all += baseline;
            let mut rating = Rating::from_parts(own, baseline, spill_from, self.config.scale);
            if let Some(o) = self.override_for(area, Some(category), at) {
                rating.apply(o);
            }
            categories.push((category, rating));
        }
        let mut spill_all: Vec<(AreaId, f64)> = spill_all.into_iter().collect();
        spill_all.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut overall = Rating::from_parts(own_all, base_all, spill_all, self.config.scale);
        if let Some(o) = self.override_for(area, None, at) {
            overall.apply(o);
        }
        AreaRating {
            area: area.clone(),
            overall,
            categories,
        }
    }

    /// Ratings of every area at a level that has events on or before `at`,
    /// highest overall score first.
    pub fn ratings(&self, level: AreaLevel, at: NaiveDate) -> Vec<AreaRating> {
        let sums = self.all_sums(level, at);
        let mut out: Vec<AreaRating> = sums
            .iter()
            .map(|(area, s)| {
                let neighbours: Vec<(AreaId, Sums)> = self
                    .neighbours_of(area)
                    .iter()
                    .map(|n| (n.clone(), sums.get(n).copied().unwrap_or_default()))
                    .collect();
                self.rate(area, s, &neighbours, at)
            })
            .collect();
        out.sort_by(|a, b| {
            b.overall
                .score
                .total_cmp(&a.overall.score)
                .then_with(|| a.area.cmp(&b.area))
        });
        out
    }

    /// The ratings of one area at `at` (zero when it has no events).
    pub fn rating(&self, area: &AreaId, at: NaiveDate) -> AreaRating {
        let area = self.resolve(area);
        let sums = self.area_sums(&area, at);
        let neighbours: Vec<(AreaId, Sums)> = self
            .neighbours_of(&area)
            .iter()
            .map(|n| (n.clone(), self.area_sums(n, at)))
            .collect();
        self.rate(&area, &sums, &neighbours, at)
    }
}

/// The order of a model's incidents: by day, then id.
pub(crate) fn incident_order(a: &Incident, b: &Incident) -> std::cmp::Ordering {
    a.day.cmp(&b.day).then_with(|| a.id.cmp(&b.id))
}

/// Units of a degree in a [`Centroid`]'s sums (a nanodegree, 0.1 mm).
const CENTROID_UNITS: f64 = 1e9;

/// The positions of an admin1 region's incidents, summed in fixed point so
/// that adding and removing incidents in any order gives the same sums.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Centroid {
    lat: i128,
    lon: i128,
    n: i64,
}

impl Centroid {
    fn units(degrees: f64) -> i128 {
        (degrees * CENTROID_UNITS).round() as i128
    }

    /// Adds (`sign` 1) or removes (`sign` −1) one position.
    pub(crate) fn add(&mut self, (lat, lon): (f64, f64), sign: i8) {
        self.lat += i128::from(sign) * Self::units(lat);
        self.lon += i128::from(sign) * Self::units(lon);
        self.n += i64::from(sign);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.n <= 0
    }

    fn mean(&self) -> Option<(f64, f64)> {
        (self.n > 0).then(|| {
            let n = self.n as f64;
            (
                self.lat as f64 / n / CENTROID_UNITS,
                self.lon as f64 / n / CENTROID_UNITS,
            )
        })
    }
}

/// The admin1 region and position an incident adds to the centroids.
pub(crate) fn centroid_key(incident: &Incident) -> Option<(AreaId, (f64, f64))> {
    Some((incident.area(AreaLevel::Admin1)?, incident.location?))
}

/// The position sums of every admin1 region with placed incidents.
fn centroids(incidents: &[Incident]) -> HashMap<AreaId, Centroid> {
    let mut sums: HashMap<AreaId, Centroid> = HashMap::new();
    for (area, point) in incidents.iter().filter_map(centroid_key) {
        sums.entry(area).or_default().add(point, 1);
    }
    sums
}

/// Admin1 neighbours by event centroid distance, within one country; of the
/// regions of `only` these countries when given.
pub(crate) fn find_neighbours(
    centroids: &HashMap<AreaId, Centroid>,
    radius_km: f64,
    only: Option<&HashSet<String>>,
) -> HashMap<AreaId, Vec<AreaId>> {
    let mut by_country: HashMap<&str, Vec<(&AreaId, f64, f64)>> = HashMap::new();
    for (area, centroid) in centroids {
        if only.is_some_and(|o| !o.contains(&area.country)) {
            continue;
        }
        if let Some((lat, lon)) = centroid.mean() {
            by_country
                .entry(area.country.as_str())
                .or_default()
                .push((area, lat, lon));
        }
    }
    let mut out: HashMap<AreaId, Vec<AreaId>> = HashMap::new();
    for regions in by_country.values() {
        for (a, alat, alon) in regions {
            let mut near: Vec<AreaId> = regions
                .iter()
                .filter(|(b, blat, blon)| {
                    b != a && haversine_km(*alat, *alon, *blat, *blon) <= radius_km
                })
                .map(|(b, _, _)| (*b).clone())
                .collect();
            if !near.is_empty() {
                near.sort();
                out.insert((*a).clone(), near);
            }
        }
    }
    out
}

pub(crate) fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}
