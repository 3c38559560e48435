//! Behaviour of the model as a whole on constructed event histories.

use chrono::{Days, NaiveDate};
use sitrep_model::{Category, EventType, Status, SubEventType};

use crate::backtest::{self, Spec};
use crate::{AreaId, AreaLevel, Config, Incident, Level, RiskModel, severity};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A battle in `area` (`CC` or `CC/Admin1`) killing `fatalities`: the other
/// modules' tests build their histories from it too.
pub(crate) fn clash(id: &str, on: NaiveDate, area: &str, fatalities: u32) -> Incident {
    let area = AreaId::parse(area).unwrap();
    Incident {
        id: id.to_string(),
        day: on,
        country: area.country,
        admin1: area.admin1,
        city: None,
        location: None,
        category: Category::ArmedConflict,
        kind: "Battles/Armed clash".into(),
        fatalities: Some(fatalities),
        events: 1,
        severity: severity(
            EventType::Battles,
            Some(SubEventType::ArmedClash),
            Status::Occurred,
            Some(fatalities),
            None,
        ),
    }
}

fn protest(id: &str, on: NaiveDate, area: &str) -> Incident {
    let area = AreaId::parse(area).unwrap();
    Incident {
        id: id.to_string(),
        day: on,
        country: area.country,
        admin1: area.admin1,
        city: None,
        location: None,
        category: Category::CivilUnrest,
        kind: "Protests/Peaceful protest".into(),
        fatalities: Some(0),
        events: 1,
        severity: severity(
            EventType::Protests,
            Some(SubEventType::PeacefulProtest),
            Status::Occurred,
            Some(0),
            None,
        ),
    }
}

fn plus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap()
}

/// A country with a protest a week for a year.
fn quiet_year(country: &str) -> Vec<Incident> {
    let start = day("2024-01-01");
    (0..52)
        .map(|w| {
            protest(
                &format!("p{country}{w}"),
                plus(start, w * 7),
                &format!("{country}/Capital"),
            )
        })
        .collect()
}

#[test]
fn a_burst_of_fatal_events_raises_the_level_and_is_named() {
    let mut incidents = quiet_year("NG");
    let at_before = day("2024-12-31");
    let burst_day = day("2025-01-05");
    // Fifteen deadly clashes in a fortnight, 300 killed.
    for k in 0..15 {
        incidents.push(clash(
            &format!("acled:NGA{k}"),
            plus(burst_day, k),
            "NG/Borno",
            20,
        ));
    }
    let model = RiskModel::new(Config::default(), incidents).unwrap();
    let ng = AreaId::parse("NG").unwrap();
    let before = model.rating(&ng, at_before);
    let after = model.rating(&ng, day("2025-01-20"));
    assert!(before.overall.level <= Level::Low, "{:?}", before.overall);
    assert!(after.overall.level >= Level::High, "{:?}", after.overall);
    assert!(after.category(Some(Category::ArmedConflict)).level >= Level::High);

    let why = model.explain(&ng, None, day("2025-01-20"), 15);
    let named: Vec<&str> = why.events.iter().map(|c| c.event_id.as_str()).collect();
    for k in 0..15 {
        assert!(
            named.contains(&format!("acled:NGA{k}").as_str()),
            "{named:?}"
        );
    }
    assert!((why.total_points() - why.rating.score).abs() < 1e-9);
    let burst: f64 = why.events.iter().map(|c| c.points).sum();
    assert!(
        burst > 0.9 * why.rating.score,
        "{burst} of {}",
        why.rating.score
    );

    // The region explains the same way, and the daily history records the change
    // with the events that caused it.
    let history = model
        .history(
            &AreaId::parse("NG/borno").unwrap(),
            Some(Category::ArmedConflict),
            day("2025-01-01"),
            day("2025-01-31"),
        )
        .unwrap();
    assert_eq!(history.area.to_string(), "NG/Borno");
    assert!(!history.changes.is_empty());
    let first = &history.changes[0];
    assert_eq!(first.day, burst_day);
    assert_eq!(first.entering[0].event_id, "acled:NGA0");
    assert!(first.to > first.from);
}

#[test]
fn decay_lowers_a_quiet_area_but_the_baseline_holds_a_war_zone_up() {
    // Two years of war (a deadly clash every day, some 1,800 killed a year), then silence.
    let start = day("2022-01-01");
    let mut incidents: Vec<Incident> = (0..730)
        .map(|k| clash(&format!("w{k}"), plus(start, k), "SY/Idlib", 5))
        .collect();
    // A country with one bad week and nothing before or after.
    for k in 0..5 {
        incidents.push(clash(
            &format!("q{k}"),
            plus(day("2023-12-20"), k),
            "PT/Lisboa",
            1,
        ));
    }
    let model = RiskModel::new(Config::default(), incidents).unwrap();
    let (sy, pt) = (AreaId::parse("SY").unwrap(), AreaId::parse("PT").unwrap());
    let war_end = day("2023-12-31");
    assert_eq!(model.rating(&sy, war_end).overall.level, Level::Extreme);

    // Two years after both went quiet.
    let quiet = day("2025-12-31");
    let pt_then = model.rating(&pt, war_end).overall;
    let pt_later = model.rating(&pt, quiet).overall;
    assert!(
        pt_later.score < pt_then.score / 3.0,
        "{pt_then:?} → {pt_later:?}"
    );
    assert_eq!(pt_later.level, Level::Negligible);

    let sy_later = model.rating(&sy, quiet).overall;
    assert!(sy_later.level >= Level::Medium, "{sy_later:?}");
    assert!(
        sy_later.baseline > sy_later.own,
        "the baseline carries it: {sy_later:?}"
    );
    // Without the baseline the same year reads far lower.
    let no_baseline = Config {
        baseline_share: 0.0,
        ..Config::default()
    };
    let bare = RiskModel::new(no_baseline, model.incidents().to_vec()).unwrap();
    assert!(bare.rating(&sy, quiet).overall.score < sy_later.score / 2.0);

    // The decline is visible day by day as decay, with no event entering.
    let history = model.history(&pt, None, day("2024-01-01"), quiet).unwrap();
    assert!(
        history
            .days
            .windows(2)
            .all(|w| w[1].score <= w[0].score + 1e-9)
    );
    let drop = history.changes.last().unwrap();
    assert!(drop.entering.is_empty() && drop.decay > 0.0 && drop.to < drop.from);
}

#[test]
fn incremental_history_matches_ratings_from_scratch() {
    let mut incidents = quiet_year("KE");
    for k in 0..30 {
        incidents.push(clash(
            &format!("c{k}"),
            plus(day("2024-03-01"), k * 9),
            "KE/Mandera",
            k as u32 % 4,
        ));
    }
    let model = RiskModel::new(Config::default(), incidents).unwrap();
    for area in ["KE", "KE/Mandera"] {
        let area = AreaId::parse(area).unwrap();
        let history = model
            .history(&area, None, day("2024-02-01"), day("2024-12-31"))
            .unwrap();
        assert_eq!(history.days.len(), 335);
        for d in history.days.iter().step_by(17) {
            let fresh = model.rating(&area, d.day).overall;
            assert!(
                (fresh.score - d.score).abs() < 1e-6,
                "{}: {} vs {}",
                d.day,
                fresh.score,
                d.score
            );
        }
    }
}

#[test]
fn violence_spills_into_nearby_regions_of_the_same_country_only() {
    let on = day("2025-03-01");
    let at = |id: &str, area: &str, loc: (f64, f64), fatalities: u32| Incident {
        location: Some(loc),
        ..clash(id, on, area, fatalities)
    };
    let incidents = vec![
        at("a", "NG/Borno", (11.8, 13.1), 40),
        at("b", "NG/Yobe", (12.0, 11.5), 0),
        at("c", "NG/Lagos", (6.5, 3.4), 0),
        at("d", "CM/Extreme-Nord", (10.6, 14.3), 0),
    ];
    let model = RiskModel::new(Config::default(), incidents).unwrap();
    let yobe = model.rating(&AreaId::parse("NG/Yobe").unwrap(), on).overall;
    assert!(yobe.spill > 0.0);
    assert_eq!(yobe.spill_from[0].0.to_string(), "NG/Borno");
    let lagos = model
        .rating(&AreaId::parse("NG/Lagos").unwrap(), on)
        .overall;
    assert_eq!(lagos.spill, 0.0);
    let cm = model
        .rating(&AreaId::parse("CM/Extreme-Nord").unwrap(), on)
        .overall;
    assert_eq!(cm.spill, 0.0);
    let why = model.explain(&AreaId::parse("NG/Yobe").unwrap(), None, on, 5);
    assert!((why.total_points() - why.rating.score).abs() < 1e-9);
    assert_eq!(why.spill_points.len(), 1);
}

#[test]
fn ratings_list_every_area_highest_first() {
    let mut incidents = quiet_year("FR");
    incidents.push(clash("x", day("2024-06-01"), "ML/Mopti", 30));
    let model = RiskModel::new(Config::default(), incidents).unwrap();
    let ratings = model.ratings(AreaLevel::Country, day("2024-06-02"));
    let order: Vec<String> = ratings.iter().map(|r| r.area.to_string()).collect();
    assert_eq!(order, ["ML", "FR"]);
    let admin1 = model.ratings(AreaLevel::Admin1, day("2024-06-02"));
    assert_eq!(admin1.len(), 2);
    assert!(admin1.iter().any(|r| r.area.to_string() == "FR/Capital"));
}

#[test]
fn trend_rises_on_a_clear_increase_and_holds_on_noise() {
    let base = day("2025-01-01");
    let mut incidents = Vec::new();
    // Previous 30 days: 10 clashes; last 30 days: 40 in MX, 11 in CO.
    for k in 0..10u64 {
        incidents.push(clash(
            &format!("mx-old{k}"),
            plus(base, k * 3),
            "MX/Sinaloa",
            1,
        ));
        incidents.push(clash(
            &format!("co-old{k}"),
            plus(base, k * 3),
            "CO/Cauca",
            1,
        ));
    }
    for k in 0..40u64 {
        incidents.push(clash(
            &format!("mx-new{k}"),
            plus(base, 30 + k * 30 / 40),
            "MX/Sinaloa",
            1,
        ));
    }
    for k in 0..11u64 {
        incidents.push(clash(
            &format!("co-new{k}"),
            plus(base, 30 + k * 2),
            "CO/Cauca",
            1,
        ));
    }
    let model = RiskModel::new(Config::default(), incidents).unwrap();
    let at = plus(base, 59);
    let mx = model.trend(&AreaId::parse("MX").unwrap(), None, at, 30);
    assert_eq!((mx.current, mx.previous), (40, 10));
    assert_eq!(mx.direction, crate::Direction::Rising);
    assert_eq!(mx.band, crate::ChangeBand::LargeIncrease);
    let co = model.trend(
        &AreaId::parse("CO").unwrap(),
        Some(Category::ArmedConflict),
        at,
        30,
    );
    assert_eq!((co.current, co.previous), (11, 10));
    assert_eq!(co.direction, crate::Direction::Stable);
    assert_eq!(co.band, crate::ChangeBand::Stable);
    let all = model.trends(AreaLevel::Country, None, at, 30);
    assert_eq!(all.get(&AreaId::parse("MX").unwrap()), Some(&mx));
}

#[test]
fn backtest_scores_a_persistent_world_and_refuses_too_short_a_range() {
    // Ten countries; the first five fight every week, the rest never.
    let start = day("2024-01-01");
    let mut incidents = Vec::new();
    for c in 0..10u8 {
        let cc = format!("A{}", char::from(b'A' + c));
        for w in 0..40u64 {
            let item = if c < 5 {
                clash(
                    &format!("{cc}{w}"),
                    plus(start, w * 7),
                    &format!("{cc}/X"),
                    2,
                )
            } else {
                protest(&format!("{cc}{w}"), plus(start, w * 7), &format!("{cc}/X"))
            };
            incidents.push(item);
        }
    }
    let spec = Spec {
        horizon_days: 30,
        from: None,
        to: None,
        level: AreaLevel::Country,
        config: Config::default(),
    };
    let report = backtest::run(incidents.clone(), &spec).unwrap();
    assert!(report.steps.len() >= 5);
    assert_eq!(report.areas, 10);
    let overall = &report.streams[0];
    assert_eq!(overall.category, None);
    assert_eq!(overall.model.auc, Some(1.0));
    assert!(overall.model.brier.unwrap() < 0.1);
    let short = Spec {
        to: Some(day("2024-03-01")),
        ..spec
    };
    assert!(backtest::run(incidents, &short).is_err());
}

fn override_of(id: i64, area: &str, level: Level, expires: Option<NaiveDate>) -> crate::Override {
    crate::Override {
        id,
        area: AreaId::parse(area).unwrap(),
        category: Some(Category::ArmedConflict),
        level,
        reason: "field reports ahead of the data".into(),
        author: "analyst".into(),
        created: chrono::DateTime::from_timestamp(1_700_000_000 + id, 0).unwrap(),
        expires,
    }
}

#[test]
fn an_override_wins_until_it_expires() {
    let start = day("2025-01-01");
    let incidents: Vec<Incident> = (0..10)
        .map(|k| clash(&format!("c{k}"), plus(start, k * 3), "NG/Borno", 20))
        .collect();
    let plain = RiskModel::new(Config::default(), incidents.clone()).unwrap();
    let at = day("2025-02-01");
    let computed = plain
        .rating(&AreaId::country("NG"), at)
        .category(Some(Category::ArmedConflict))
        .clone();
    assert!(computed.level >= Level::Medium, "{computed:?}");
    assert!(computed.overridden.is_none());

    let expires = day("2025-03-01");
    let o = override_of(7, "ng", Level::Negligible, Some(expires));
    let model = RiskModel::new(Config::default(), incidents)
        .unwrap()
        .with_overrides(vec![o.clone()]);
    let conflict = Some(Category::ArmedConflict);
    // In force: the analyst's level, the computed score and level kept beside it.
    let r = model.rating(&AreaId::country("NG"), at);
    let rated = r.category(conflict);
    assert_eq!(rated.level, Level::Negligible);
    assert_eq!(rated.computed_level, computed.level);
    assert_eq!(rated.score, computed.score);
    assert_eq!(rated.overridden.as_ref(), Some(&o));
    // Other streams and other areas are untouched.
    assert!(r.overall.overridden.is_none());
    assert!(
        model
            .rating(&AreaId::parse("NG/Borno").unwrap(), at)
            .category(conflict)
            .overridden
            .is_none()
    );
    // The day before expiry it still wins; from the expiry day the computed level is back.
    let last = expires.pred_opt().unwrap();
    let rated = model.rating(&AreaId::country("NG"), last);
    assert_eq!(rated.category(conflict).level, Level::Negligible);
    let after = model.rating(&AreaId::country("NG"), expires);
    assert!(after.category(conflict).overridden.is_none());
    assert_eq!(
        after.category(conflict).level,
        after.category(conflict).computed_level
    );
    // Lists and explanations carry it too.
    let listed = model.ratings(AreaLevel::Country, at);
    assert_eq!(listed[0].category(conflict).level, Level::Negligible);
    let why = model.explain(&AreaId::country("NG"), conflict, at, 3);
    assert_eq!(why.rating.overridden.as_ref().map(|o| o.id), Some(7));
    // The history shows the days it was in force and the level change its expiry caused.
    let h = model
        .history(
            &AreaId::country("NG"),
            conflict,
            day("2025-02-20"),
            day("2025-03-05"),
        )
        .unwrap();
    assert!(
        h.days
            .iter()
            .all(|d| (d.day < expires) == (d.override_id == Some(7)))
    );
    let change = h.changes.iter().find(|c| c.day == expires).unwrap();
    assert_eq!(
        (change.override_before, change.override_after),
        (Some(7), None)
    );
    assert_eq!(change.from, Level::Negligible);
}

#[test]
fn the_newest_override_wins() {
    let incidents = vec![clash("c1", day("2025-01-01"), "NG/Borno", 1)];
    let older = override_of(1, "NG", Level::High, None);
    let newer = override_of(2, "NG", Level::Low, None);
    let model = RiskModel::new(Config::default(), incidents)
        .unwrap()
        .with_overrides(vec![newer, older]);
    let r = model.rating(&AreaId::country("NG"), day("2025-01-02"));
    let rated = r.category(Some(Category::ArmedConflict));
    assert_eq!(
        (rated.level, rated.overridden.as_ref().map(|o| o.id)),
        (Level::Low, Some(2))
    );
}

#[test]
fn populous_areas_are_damped_mildly_and_small_ones_not_at_all() {
    let start = day("2025-01-01");
    let mut incidents = Vec::new();
    for (cc, n) in [("IN", 40), ("LU", 40), ("XX", 40)] {
        for k in 0..n {
            incidents.push(clash(
                &format!("{cc}{k}"),
                plus(start, k),
                &format!("{cc}/A"),
                5,
            ));
        }
    }
    let mut populations = crate::Populations::new();
    populations.insert_country("IN", 1_000_000_000);
    populations.insert_country("LU", 600_000);
    populations.insert_admin1("IN", "a", 20_000_000);
    let plain = RiskModel::new(Config::default(), incidents.clone()).unwrap();
    let model = RiskModel::new(Config::default(), incidents)
        .unwrap()
        .with_populations(populations);
    let (india, lux, unknown) = (
        AreaId::country("IN"),
        AreaId::country("LU"),
        AreaId::country("XX"),
    );
    // (20M / 1000M)^0.25 = 0.376, floored at 0.4; small and unknown: 1.
    assert!((model.exposure_factor(&india) - 0.4).abs() < 1e-12);
    assert_eq!(model.exposure_factor(&lux), 1.0);
    assert_eq!(model.exposure_factor(&unknown), 1.0);
    // Admin1 against its own reference, the name matched case-insensitively.
    let a = AreaId::parse("IN/A").unwrap();
    let f = model.exposure_factor(&a);
    assert!((f - 0.1f64.powf(0.25)).abs() < 1e-12, "{f}");
    let at = day("2025-02-15");
    let (damped, same) = (model.rating(&india, at), plain.rating(&india, at));
    assert!(damped.overall.score < same.overall.score);
    assert!((damped.overall.own - 0.4 * same.overall.own).abs() < 1e-9);
    assert_eq!(model.rating(&lux, at), plain.rating(&lux, at));
    // Explanations still add up under the factor.
    let why = model.explain(&india, None, at, 5);
    assert!((why.total_points() - why.rating.score).abs() < 1e-6);
    // And the incremental history agrees with ratings from scratch.
    let h = model.history(&india, None, day("2025-02-01"), at).unwrap();
    let last = h.days.last().unwrap();
    assert!((last.score - damped.overall.score).abs() < 1e-6);
}

#[test]
fn cities_of_100k_are_rated_from_the_incidents_around_them() {
    let city = |name: &str, lat: f64, lon: f64, population: u64| crate::City {
        country: "NG".into(),
        admin1: Some("Borno".into()),
        name: name.into(),
        lat,
        lon,
        population,
    };
    let mut populations = crate::Populations::new();
    populations.insert_city(city("Maiduguri", 11.846, 13.157, 1_100_000));
    populations.insert_city(city("Bama", 11.522, 13.689, 60_000)); // too small
    assert_eq!(populations.cities(), 1);
    let start = day("2024-01-01");
    let placed = |id: &str, k: u64, (lat, lon): (f64, f64)| Incident {
        location: Some((lat, lon)),
        ..clash(id, plus(start, k), "NG/Borno", 4)
    };
    let mut incidents: Vec<Incident> = (0..20)
        .map(|k| placed(&format!("in{k}"), k, (11.85 + 0.01 * (k % 3) as f64, 13.16)))
        .collect();
    // 60 km away (near Bama): the region's, not the city's.
    incidents.extend((0..10).map(|k| placed(&format!("out{k}"), k, (11.52, 13.69))));
    let model = RiskModel::new(Config::default(), incidents)
        .unwrap()
        .with_populations(populations);
    let at = day("2024-01-25");
    let cities = model.ratings(AreaLevel::City, at);
    assert_eq!(cities.len(), 1);
    let area = &cities[0].area;
    assert_eq!(area.to_string(), "NG/Borno/Maiduguri");
    assert!(cities[0].overall.score > 0.0);
    // Its explanation names only the incidents inside its radius.
    let why = model.explain(area, None, at, 50);
    assert!(!why.events.is_empty());
    assert!(why.events.iter().all(|c| c.event_id.starts_with("in")));
    // The region holds all thirty; the parsed id finds the same city.
    assert_eq!(
        model
            .rating(&AreaId::parse("ng/borno/maiduguri").unwrap(), at)
            .overall
            .score,
        cities[0].overall.score
    );
    // A new incident in the city moves its rating incrementally.
    let mut live = model.live(at);
    let updated = live.add(&placed("late", 24, (11.846, 13.157)));
    assert_eq!(updated.len(), 3, "country, region and city are re-rated");
    assert!(updated[2].overall.score > cities[0].overall.score);
}
