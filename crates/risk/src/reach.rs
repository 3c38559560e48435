//! Actor reach: where an actor acts, plots and is disrupted, quarter by quarter,
//! how far from home, and whether its activity abroad is growing while its
//! activity at home falls or holds (the **expansion signal**).
//!
//! An event counts for an actor when the actor is named in it as
//!
//! - perpetrator of an event that occurred — it *acted* there;
//! - perpetrator of a foiled or threatened event, or of disrupted weapons use —
//!   it *plotted* there;
//! - target or other party of an arrest or of disrupted weapons use — it was
//!   *disrupted* there (its members arrested, its attack stopped).
//!
//! Its home country is given, or else the country with most of its events over
//! its whole history. Distances are great-circle distances from the home
//! country's centroid to the centroid of the country of each event abroad
//! (centroids handed in as data; a country without one falls back to the mean
//! of the actor's event coordinates there).
//!
//! The expansion signal compares two windows of equal length `W` (365 days) ending
//! on the day of the assessment: with `a` events abroad in the later window and
//! `b` in the earlier one, equal rates mean `a ~ Binomial(a + b, ½)` given
//! `a + b`; the one-sided p-value is `P(X ≥ a)`. It fires when `p < α` (0.05),
//! `a ≥` a minimum count (5), and activity at home did not rise significantly
//! (the same one-sided test on home counts gives `p ≥ α`). Its evidence is the
//! events abroad in the later window, the four counts and both p-values.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, Days, NaiveDate};
use sitrep_model::{ActorRole, Event, Status, SubEventType};

use crate::RiskError;
use crate::TargetClass;
use crate::incident::{event_admin1, event_point, kind_label};

/// How an actor was involved in an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Involvement {
    Acted,
    Plotted,
    Disrupted,
}

impl Involvement {
    pub fn as_str(self) -> &'static str {
        match self {
            Involvement::Acted => "acted",
            Involvement::Plotted => "plotted",
            Involvement::Disrupted => "disrupted",
        }
    }
}

/// One event of an actor: where, when and how it was involved.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorEvent {
    pub id: String,
    pub day: NaiveDate,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub admin1: Option<String>,
    pub location: Option<(f64, f64)>,
    pub involvement: Involvement,
    /// `Explosions/Remote violence/Suicide bomb`-like description.
    pub kind: String,
    pub fatalities: Option<u32>,
}

fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    norm(a) == norm(b)
}

impl ActorEvent {
    /// The actor's part in `event`, when one of `names` (its name and aliases,
    /// matched case- and space-insensitively) is named in it in a role that
    /// counts; `None` otherwise, or when the event has no country.
    pub fn from_event(event: &Event, names: &[String]) -> Option<ActorEvent> {
        let country = event.location.country.clone()?;
        let named = |role: ActorRole| {
            event
                .actors
                .iter()
                .any(|a| a.role == role && names.iter().any(|n| same_name(n, &a.name)))
        };
        let disruption = matches!(
            event.sub_event_type,
            Some(SubEventType::Arrests | SubEventType::DisruptedWeaponsUse)
        );
        let involvement = if named(ActorRole::Perpetrator) {
            if event.status != Status::Occurred
                || event.sub_event_type == Some(SubEventType::DisruptedWeaponsUse)
            {
                Involvement::Plotted
            } else {
                Involvement::Acted
            }
        } else if disruption && (named(ActorRole::Target) || named(ActorRole::Other)) {
            Involvement::Disrupted
        } else {
            return None;
        };
        Some(ActorEvent {
            id: event.id.0.clone(),
            day: event.date.start,
            country,
            admin1: event_admin1(event),
            location: event_point(event),
            involvement,
            kind: kind_label(event, TargetClass::of(event)),
            fatalities: event.fatalities,
        })
    }
}

/// The settings of the expansion signal.
#[derive(Debug, Clone, PartialEq)]
pub struct ReachConfig {
    /// Length of each of the two compared windows, in days (365).
    pub window_days: u32,
    /// Events abroad the later window needs at least (5).
    pub min_abroad: u64,
    /// Significance level of the one-sided tests (0.05).
    pub alpha: f64,
}

impl Default for ReachConfig {
    fn default() -> Self {
        ReachConfig {
            window_days: 365,
            min_abroad: 5,
            alpha: 0.05,
        }
    }
}

impl ReachConfig {
    pub fn validate(&self) -> Result<(), RiskError> {
        if self.window_days == 0 || !(self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(RiskError::InvalidConfig(
                "reach: the window must be at least a day and alpha within (0, 1)".into(),
            ));
        }
        Ok(())
    }
}

/// Events in one place.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceCount {
    /// `CC`, or `CC/Admin1` for regions.
    pub place: String,
    pub events: u64,
    pub acted: u64,
    pub plotted: u64,
    pub disrupted: u64,
}

/// An actor's footprint in one calendar quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct QuarterFootprint {
    /// `2023-Q1`.
    pub quarter: String,
    pub start: NaiveDate,
    pub events: u64,
    pub acted: u64,
    pub plotted: u64,
    pub disrupted: u64,
    /// Events outside the home country.
    pub abroad: u64,
    pub abroad_share: f64,
    /// Countries, most events first.
    pub countries: Vec<PlaceCount>,
    /// Admin1 regions, most events first.
    pub admin1s: Vec<PlaceCount>,
    /// Mean and maximum distance of the events abroad from home, in km.
    pub mean_distance_km: Option<f64>,
    pub max_distance_km: Option<f64>,
}

/// The expansion test and its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpansionSignal {
    pub fires: bool,
    /// Why it fires or stays silent, in one sentence.
    pub reason: String,
    pub window_days: u32,
    /// First and last day of the later window (the earlier one ends the day before).
    pub later_from: NaiveDate,
    pub later_to: NaiveDate,
    pub earlier_from: NaiveDate,
    pub abroad_later: u64,
    pub abroad_earlier: u64,
    pub home_later: u64,
    pub home_earlier: u64,
    /// One-sided p-value that activity abroad rose.
    pub p_abroad: f64,
    /// One-sided p-value that activity at home rose.
    pub p_home_rise: f64,
    /// Countries abroad with events in the later window, most events first.
    pub countries_later: Vec<String>,
    /// Those of them without events in the earlier window.
    pub new_countries: Vec<String>,
    /// The events abroad in the later window, oldest first.
    pub evidence: Vec<ActorEvent>,
}

/// An actor's reach over its whole history.
#[derive(Debug, Clone, PartialEq)]
pub struct Reach {
    pub actor: String,
    pub home: Option<String>,
    /// Whether the home country was given rather than found.
    pub home_given: bool,
    pub events: u64,
    pub abroad: u64,
    pub abroad_share: f64,
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
    /// Countries over the whole history, most events first.
    pub countries: Vec<PlaceCount>,
    /// Oldest first.
    pub quarters: Vec<QuarterFootprint>,
    /// `None` when the actor has no events.
    pub signal: Option<ExpansionSignal>,
}

/// One-sided p-value `P(X ≥ a)` for `X ~ Binomial(a + b, ½)`: how likely `a` or
/// more of `a + b` events fall in the later of two equal windows when the rate
/// did not change.
pub fn binomial_upper_tail(a: u64, b: u64) -> f64 {
    let n = a + b;
    if a == 0 {
        return 1.0;
    }
    let ln_half_n = n as f64 * 0.5f64.ln();
    // ln C(n, i) for i = a..=n, built from ln C(n, n) = 0 downwards.
    let mut terms = Vec::with_capacity(usize::try_from(b).unwrap_or(0) + 1);
    let mut ln_c = 0.0f64;
    let mut i = n;
    loop {
        terms.push(ln_c + ln_half_n);
        if i == a {
            break;
        }
        // C(n, i−1) = C(n, i) · i / (n − i + 1)
        ln_c += (i as f64).ln() - ((n - i + 1) as f64).ln();
        i -= 1;
    }
    let max = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let tail = max.exp() * terms.iter().map(|t| (t - max).exp()).sum::<f64>();
    tail.min(1.0)
}

fn quarter_of(day: NaiveDate) -> (i32, u32) {
    (day.year(), (day.month() - 1) / 3 + 1)
}

fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (p1, p2) = (a.0.to_radians(), b.0.to_radians());
    let dp = p2 - p1;
    let dl = (b.1 - a.1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().min(1.0).asin()
}

#[derive(Default)]
struct Tally {
    events: u64,
    by: [u64; 3],
}

impl Tally {
    fn add(&mut self, involvement: Involvement) {
        self.events += 1;
        self.by[involvement as usize] += 1;
    }
}

fn place_counts(map: HashMap<String, Tally>) -> Vec<PlaceCount> {
    let mut out: Vec<PlaceCount> = map
        .into_iter()
        .map(|(place, t)| PlaceCount {
            place,
            events: t.events,
            acted: t.by[0],
            plotted: t.by[1],
            disrupted: t.by[2],
        })
        .collect();
    out.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.place.cmp(&b.place)));
    out
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The reach of `actor` over its `events`: footprint per quarter, home, share
/// abroad, distances, and the expansion signal assessed on `at` (default: the
/// last event's day). `home` overrides the home country found from the events;
/// `centroids` maps ISO alpha-2 codes to (lat, lon).
pub fn reach(
    actor: &str,
    events: &[ActorEvent],
    home: Option<&str>,
    centroids: &HashMap<String, (f64, f64)>,
    at: Option<NaiveDate>,
    config: &ReachConfig,
) -> Result<Reach, RiskError> {
    config.validate()?;
    let mut events: Vec<&ActorEvent> = events.iter().collect();
    events.sort_by(|a, b| a.day.cmp(&b.day).then_with(|| a.id.cmp(&b.id)));

    let mut by_country: HashMap<String, Tally> = HashMap::new();
    let mut coords: HashMap<&str, (f64, f64, f64)> = HashMap::new();
    for e in &events {
        by_country
            .entry(e.country.clone())
            .or_default()
            .add(e.involvement);
        if let Some((lat, lon)) = e.location {
            let c = coords.entry(e.country.as_str()).or_default();
            c.0 += lat;
            c.1 += lon;
            c.2 += 1.0;
        }
    }
    let countries = place_counts(by_country);
    let home_given = home.is_some();
    let home: Option<String> = match home {
        Some(h) => Some(h.trim().to_ascii_uppercase()),
        None => countries.first().map(|c| c.place.clone()),
    };
    let centroid = |cc: &str| -> Option<(f64, f64)> {
        centroids.get(cc).copied().or_else(|| {
            coords
                .get(cc)
                .filter(|c| c.2 > 0.0)
                .map(|c| (c.0 / c.2, c.1 / c.2))
        })
    };
    let home_centroid = home.as_deref().and_then(centroid);
    let is_abroad = |e: &ActorEvent| home.as_deref().is_some_and(|h| h != e.country);

    // Quarters.
    #[derive(Default)]
    struct Q {
        tally: Tally,
        abroad: u64,
        countries: HashMap<String, Tally>,
        admin1s: HashMap<String, Tally>,
        distances: Vec<f64>,
    }
    let mut quarters: BTreeMap<(i32, u32), Q> = BTreeMap::new();
    let mut abroad_total = 0u64;
    for e in &events {
        let q = quarters.entry(quarter_of(e.day)).or_default();
        q.tally.add(e.involvement);
        q.countries
            .entry(e.country.clone())
            .or_default()
            .add(e.involvement);
        if let Some(a) = &e.admin1 {
            q.admin1s
                .entry(format!("{}/{}", e.country, a))
                .or_default()
                .add(e.involvement);
        }
        if is_abroad(e) {
            q.abroad += 1;
            abroad_total += 1;
            if let (Some(h), Some(c)) = (home_centroid, centroid(&e.country)) {
                q.distances.push(haversine_km(h, c));
            }
        }
    }
    let quarters: Vec<QuarterFootprint> = quarters
        .into_iter()
        .filter_map(|((year, q), v)| {
            let start = NaiveDate::from_ymd_opt(year, (q - 1) * 3 + 1, 1)?;
            let n = v.distances.len();
            Some(QuarterFootprint {
                quarter: format!("{year}-Q{q}"),
                start,
                events: v.tally.events,
                acted: v.tally.by[0],
                plotted: v.tally.by[1],
                disrupted: v.tally.by[2],
                abroad: v.abroad,
                abroad_share: share(v.abroad, v.tally.events),
                countries: place_counts(v.countries),
                admin1s: place_counts(v.admin1s),
                mean_distance_km: (n > 0).then(|| v.distances.iter().sum::<f64>() / n as f64),
                max_distance_km: v.distances.iter().copied().reduce(f64::max),
            })
        })
        .collect();

    let first_day = events.first().map(|e| e.day);
    let last_day = events.last().map(|e| e.day);
    let signal = match at.or(last_day) {
        Some(at) if !events.is_empty() => {
            Some(expansion(&events, home.as_deref(), at, config, &is_abroad))
        }
        _ => None,
    };
    Ok(Reach {
        actor: actor.to_string(),
        home,
        home_given,
        events: events.len() as u64,
        abroad: abroad_total,
        abroad_share: share(abroad_total, events.len() as u64),
        first_day,
        last_day,
        countries,
        quarters,
        signal,
    })
}

fn expansion(
    events: &[&ActorEvent],
    home: Option<&str>,
    at: NaiveDate,
    config: &ReachConfig,
    is_abroad: &dyn Fn(&ActorEvent) -> bool,
) -> ExpansionSignal {
    let w = u64::from(config.window_days);
    let later_start = at.checked_sub_days(Days::new(w)).unwrap_or(NaiveDate::MIN);
    let earlier_start = at
        .checked_sub_days(Days::new(2 * w))
        .unwrap_or(NaiveDate::MIN);
    let (mut al, mut ae, mut hl, mut he) = (0u64, 0u64, 0u64, 0u64);
    let mut later_countries: HashMap<String, u64> = HashMap::new();
    let mut earlier_countries: BTreeSet<&str> = BTreeSet::new();
    let mut evidence = Vec::new();
    for e in events {
        if e.day <= earlier_start || e.day > at {
            continue;
        }
        let later = e.day > later_start;
        match (is_abroad(e), later) {
            (true, true) => {
                al += 1;
                *later_countries.entry(e.country.clone()).or_default() += 1;
                evidence.push((*e).clone());
            }
            (true, false) => {
                ae += 1;
                earlier_countries.insert(e.country.as_str());
            }
            (false, true) => hl += 1,
            (false, false) => he += 1,
        }
    }
    let p_abroad = binomial_upper_tail(al, ae);
    let p_home_rise = binomial_upper_tail(hl, he);
    let mut countries_later: Vec<(String, u64)> = later_countries.into_iter().collect();
    countries_later.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let new_countries: Vec<String> = countries_later
        .iter()
        .filter(|(c, _)| !earlier_countries.contains(c.as_str()))
        .map(|(c, _)| c.clone())
        .collect();
    let alpha = config.alpha;
    let (fires, reason) = if home.is_none() {
        (false, "no home country".to_string())
    } else if al < config.min_abroad {
        (
            false,
            format!(
                "{al} events abroad in the later window, fewer than the {} needed",
                config.min_abroad
            ),
        )
    } else if p_abroad >= alpha {
        (
            false,
            format!("activity abroad {ae} → {al} is no significant rise (p = {p_abroad:.3})"),
        )
    } else if p_home_rise < alpha {
        (
            false,
            format!(
                "activity abroad rose {ae} → {al} (p = {p_abroad:.3}) but so did activity at \
                 home {he} → {hl} (p = {p_home_rise:.3}): growth, not expansion"
            ),
        )
    } else {
        (
            true,
            format!(
                "activity abroad rose {ae} → {al} (one-sided p = {p_abroad:.4}) in {} countries \
                 while activity at home went {he} → {hl}",
                countries_later.len()
            ),
        )
    };
    ExpansionSignal {
        fires,
        reason,
        window_days: config.window_days,
        later_from: later_start.succ_opt().unwrap_or(later_start),
        later_to: at,
        earlier_from: earlier_start.succ_opt().unwrap_or(earlier_start),
        abroad_later: al,
        abroad_earlier: ae,
        home_later: hl,
        home_earlier: he,
        p_abroad,
        p_home_rise,
        countries_later: countries_later.into_iter().map(|(c, _)| c).collect(),
        new_countries,
        evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_model::{
        ActorKind, DatePrecision, EventActor, EventDate, EventId, EventType, Location,
        LocationPrecision,
    };

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn ev(id: &str, on: NaiveDate, country: &str, involvement: Involvement) -> ActorEvent {
        ActorEvent {
            id: id.to_string(),
            day: on,
            country: country.to_string(),
            admin1: Some(format!("{country}-region")),
            location: None,
            involvement,
            kind: "Explosions/Remote violence/Suicide bomb".into(),
            fatalities: Some(1),
        }
    }

    /// `n` events spread evenly over `year` in `country`.
    fn spread(
        out: &mut Vec<ActorEvent>,
        year: i32,
        country: &str,
        n: u64,
        involvement: Involvement,
    ) {
        let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        for i in 0..n {
            let on = start
                .checked_add_days(Days::new(i * 360 / n.max(1)))
                .unwrap();
            out.push(ev(
                &format!("{country}{year}-{i}"),
                on,
                country,
                involvement,
            ));
        }
    }

    fn centroids() -> HashMap<String, (f64, f64)> {
        [
            ("AF", (33.9, 67.7)),
            ("IR", (32.4, 53.7)),
            ("RU", (61.5, 105.3)),
            ("TJ", (38.9, 71.3)),
            ("UZ", (41.4, 64.6)),
            ("TR", (39.0, 35.2)),
            ("DE", (51.2, 10.5)),
            ("AT", (47.5, 14.6)),
            ("PK", (30.4, 69.3)),
        ]
        .into_iter()
        .map(|(c, p)| (c.to_string(), p))
        .collect()
    }

    fn at() -> Option<NaiveDate> {
        Some(day("2023-12-31"))
    }

    #[test]
    fn expansion_fires_on_an_iskp_like_history() {
        let mut events = Vec::new();
        spread(&mut events, 2022, "AF", 80, Involvement::Acted);
        spread(&mut events, 2023, "AF", 35, Involvement::Acted);
        spread(&mut events, 2022, "PK", 2, Involvement::Acted);
        spread(&mut events, 2023, "IR", 3, Involvement::Acted);
        spread(&mut events, 2023, "RU", 2, Involvement::Plotted);
        spread(&mut events, 2023, "TJ", 2, Involvement::Disrupted);
        spread(&mut events, 2023, "UZ", 1, Involvement::Plotted);
        spread(&mut events, 2023, "TR", 2, Involvement::Acted);
        spread(&mut events, 2023, "DE", 2, Involvement::Plotted);
        spread(&mut events, 2023, "AT", 1, Involvement::Plotted);
        let r = reach(
            "ISKP",
            &events,
            None,
            &centroids(),
            at(),
            &ReachConfig::default(),
        )
        .unwrap();
        assert_eq!(r.home.as_deref(), Some("AF"));
        let s = r.signal.as_ref().unwrap();
        assert!(s.fires, "{}", s.reason);
        assert_eq!((s.abroad_earlier, s.abroad_later), (2, 13));
        assert_eq!((s.home_earlier, s.home_later), (80, 35));
        assert!(s.p_abroad < 0.01, "{}", s.p_abroad);
        assert_eq!(s.evidence.len(), 13);
        assert!(s.evidence.iter().all(|e| e.country != "AF"));
        assert_eq!(s.new_countries.len(), 7);
        assert!(s.new_countries.contains(&"DE".to_string()));
        // Quarterly footprint: 2023 quarters reach abroad, far (Germany ~4,300 km).
        let q = r.quarters.iter().filter(|q| q.start.year() == 2023);
        let max = q.filter_map(|q| q.max_distance_km).fold(0.0, f64::max);
        assert!(max > 4_000.0 && max < 6_500.0, "{max}");
        assert_eq!(r.quarters.len(), 8);
        assert!(r.quarters[0].countries[0].place == "AF");
    }

    #[test]
    fn silent_on_a_purely_local_actor() {
        let mut events = Vec::new();
        spread(&mut events, 2022, "AF", 50, Involvement::Acted);
        spread(&mut events, 2023, "AF", 30, Involvement::Acted);
        let r = reach(
            "Local",
            &events,
            None,
            &centroids(),
            at(),
            &ReachConfig::default(),
        )
        .unwrap();
        let s = r.signal.unwrap();
        assert!(!s.fires);
        assert_eq!(r.abroad, 0);
        assert!(r.quarters.iter().all(|q| q.max_distance_km.is_none()));
    }

    #[test]
    fn silent_when_growth_is_only_at_home() {
        let mut events = Vec::new();
        spread(&mut events, 2022, "AF", 20, Involvement::Acted);
        spread(&mut events, 2023, "AF", 90, Involvement::Acted);
        spread(&mut events, 2022, "PK", 4, Involvement::Acted);
        spread(&mut events, 2023, "PK", 5, Involvement::Acted);
        let r = reach(
            "Grower",
            &events,
            None,
            &centroids(),
            at(),
            &ReachConfig::default(),
        )
        .unwrap();
        let s = r.signal.unwrap();
        assert!(!s.fires, "{}", s.reason);
        // And when both grow, it is growth, not expansion.
        spread(&mut events, 2023, "IR", 20, Involvement::Acted);
        let r = reach(
            "Grower",
            &events,
            None,
            &centroids(),
            at(),
            &ReachConfig::default(),
        )
        .unwrap();
        let s = r.signal.unwrap();
        assert!(!s.fires && s.p_abroad < 0.05, "{}", s.reason);
    }

    #[test]
    fn few_events_abroad_do_not_fire() {
        let mut events = Vec::new();
        spread(&mut events, 2022, "AF", 30, Involvement::Acted);
        spread(&mut events, 2023, "AF", 20, Involvement::Acted);
        spread(&mut events, 2023, "IR", 4, Involvement::Acted);
        let r = reach(
            "Small",
            &events,
            None,
            &centroids(),
            at(),
            &ReachConfig::default(),
        )
        .unwrap();
        assert!(!r.signal.unwrap().fires);
    }

    #[test]
    fn upper_tail_matches_hand_computed_values() {
        // n = 4, a = 4: 1/16.
        assert!((binomial_upper_tail(4, 0) - 0.0625).abs() < 1e-12);
        // n = 10, a = 8: (45 + 10 + 1) / 1024.
        assert!((binomial_upper_tail(8, 2) - 56.0 / 1024.0).abs() < 1e-12);
        assert_eq!(binomial_upper_tail(0, 5), 1.0);
        assert!((binomial_upper_tail(5, 5) - 638.0 / 1024.0).abs() < 1e-12);
        assert!(binomial_upper_tail(20_000, 10_000) < 1e-100);
    }

    #[test]
    fn involvement_from_events() {
        let base = Event {
            id: EventId("t:1".into()),
            event_type: EventType::ExplosionsRemoteViolence,
            sub_event_type: Some(SubEventType::SuicideBomb),
            status: Status::Occurred,
            date: EventDate {
                start: day("2023-03-01"),
                precision: DatePrecision::Day,
                end: None,
            },
            location: Location {
                name: "Kerman".into(),
                country: Some("IR".into()),
                admin1: Some("Kerman".into()),
                admin2: None,
                lat: 30.28,
                lon: 57.08,
                precision: LocationPrecision::Point,
            },
            fatalities: Some(90),
            injuries: None,
            actors: vec![EventActor {
                actor_id: None,
                name: "Islamic State Khorasan  Province".into(),
                kind: ActorKind::Rebel,
                role: ActorRole::Perpetrator,
                claimed: true,
            }],
            notes: String::new(),
            tags: vec![],
            sources: vec![],
            first_seen: chrono::DateTime::UNIX_EPOCH,
            updated: chrono::DateTime::UNIX_EPOCH,
        };
        let names = vec!["ISKP".to_string(), "islamic state khorasan province".into()];
        let e = ActorEvent::from_event(&base, &names).unwrap();
        assert_eq!(e.involvement, Involvement::Acted);
        let mut foiled = base.clone();
        foiled.status = Status::Foiled;
        assert_eq!(
            ActorEvent::from_event(&foiled, &names).unwrap().involvement,
            Involvement::Plotted
        );
        let mut arrest = base.clone();
        arrest.event_type = EventType::StrategicDevelopments;
        arrest.sub_event_type = Some(SubEventType::Arrests);
        arrest.actors[0].role = ActorRole::Target;
        assert_eq!(
            ActorEvent::from_event(&arrest, &names).unwrap().involvement,
            Involvement::Disrupted
        );
        let mut victim = base.clone();
        victim.actors[0].role = ActorRole::Target;
        assert!(ActorEvent::from_event(&victim, &names).is_none());
        assert!(ActorEvent::from_event(&base, &["Taliban".to_string()]).is_none());
    }
}
