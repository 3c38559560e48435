//! Gazetteer behaviour on a small hand-made table; the tests against the real
//! GeoNames data live in `sitrep-geodata`.

use super::*;

#[allow(clippy::too_many_arguments)]
fn place(
    id: u32,
    name: &str,
    alts: &[&str],
    lat: f64,
    lon: f64,
    country: &str,
    admin1: &str,
    feature: &str,
    population: u64,
) -> Place {
    Place {
        geonames_id: id,
        name: name.to_owned(),
        ascii_name: name.to_owned(),
        alternate_names: alts.iter().map(|s| (*s).to_owned()).collect(),
        lat,
        lon,
        country: country.to_owned(),
        admin1_code: admin1.to_owned(),
        admin2_code: String::new(),
        feature_code: feature.to_owned(),
        population,
    }
}

fn sample() -> Gazetteer {
    let places = vec![
        place(
            2988507,
            "Paris",
            &["Lutetia"],
            48.85341,
            2.3488,
            "FR",
            "11",
            "PPLC",
            2138551,
        ),
        place(
            4717560,
            "Paris",
            &[],
            33.66094,
            -95.55551,
            "US",
            "TX",
            "PPLA2",
            24782,
        ),
        place(
            4647963,
            "Paris",
            &[],
            36.302,
            -88.32671,
            "US",
            "TN",
            "PPLA2",
            10150,
        ),
        place(
            4699066,
            "Houston",
            &[],
            29.76328,
            -95.36327,
            "US",
            "TX",
            "PPLA2",
            2296224,
        ),
        place(
            542374,
            "Krasnogorsk",
            &["Красногорск"],
            55.82036,
            37.33017,
            "RU",
            "47",
            "PPL",
            92932,
        ),
        place(1, "Georgia", &[], 10.0, 10.0, "NG", "23", "PPL", 800),
        place(
            2,
            "Kaduna",
            &[],
            10.52641,
            7.43879,
            "NG",
            "23",
            "PPLA",
            1582102,
        ),
        place(3, "Zaria", &[], 11.11128, 7.7227, "NG", "23", "PPL", 975153),
        place(
            4,
            "Tbilisi",
            &[],
            41.69411,
            44.83368,
            "GE",
            "TB",
            "PPLC",
            1049498,
        ),
        place(
            5,
            "Suva",
            &[],
            -18.14161,
            178.44149,
            "FJ",
            "C",
            "PPLC",
            77366,
        ),
        place(
            6,
            "Labasa",
            &[],
            -16.41667,
            179.38333,
            "FJ",
            "N",
            "PPLA",
            27949,
        ),
        place(7, "Taveuni", &[], -16.85, -179.98, "FJ", "N", "PPL", 9000),
    ];
    let admin1 = vec![
        ("FR.11".to_owned(), "Île-de-France".to_owned()),
        ("US.TX".to_owned(), "Texas".to_owned()),
        ("US.TN".to_owned(), "Tennessee".to_owned()),
        ("RU.47".to_owned(), "Moscow Oblast".to_owned()),
        ("NG.23".to_owned(), "Kaduna State".to_owned()),
        ("GE.TB".to_owned(), "Tbilisi".to_owned()),
        ("FJ.N".to_owned(), "Northern".to_owned()),
        ("FJ.C".to_owned(), "Central".to_owned()),
        ("XX".to_owned(), "no code".to_owned()),
    ];
    Gazetteer::build(places, admin1)
}

fn ids(candidates: &[Candidate]) -> Vec<&str> {
    candidates.iter().map(|c| c.gazetteer_id.as_str()).collect()
}

#[test]
fn lookup_finds_every_entry_by_any_name() {
    let g = sample();
    assert_eq!(g.len(), 12);
    assert_eq!(
        ids(&g.lookup("PARIS")),
        ["gn:2988507", "gn:4647963", "gn:4717560"]
    );
    assert!(g.lookup("paris").iter().all(|c| c.score == 0.0));
    assert_eq!(ids(&g.lookup("lutetia")), ["gn:2988507"]);
    assert_eq!(ids(&g.lookup("красногорск")), ["gn:542374"]);
    assert_eq!(ids(&g.lookup("Moscow Region")), ["admin1:RU.47"]);
    assert_eq!(ids(&g.lookup("Kaduna")), ["gn:2", "admin1:NG.23"]);
    assert_eq!(ids(&g.lookup("Georgia")), ["gn:1", "country:GE"]);
    assert!(g.lookup("").is_empty());
    assert!(g.lookup("Atlantis").is_empty());
    assert!(g.contains_key("paris"));
    assert!(!g.contains_key("pariss"));
}

#[test]
fn geocode_ranks_with_population_and_hints() {
    let g = sample();
    let none = Hints::default();
    let paris = g.geocode("Paris", &none);
    assert_eq!(ids(&paris), ["gn:2988507", "gn:4717560", "gn:4647963"]);
    assert!(paris.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(paris.iter().all(|c| (0.0..=1.0).contains(&c.score)));
    assert_eq!(paris[0].admin1.as_deref(), Some("Île-de-France"));

    let us = Hints {
        country: Some("US".into()),
        ..Hints::default()
    };
    assert_eq!(g.geocode("Paris", &us)[0].gazetteer_id, "gn:4717560");
    let by_name = Hints {
        country: Some("United States".into()),
        ..Hints::default()
    };
    assert_eq!(g.geocode("Paris", &by_name)[0].gazetteer_id, "gn:4717560");

    let tennessee = Hints {
        admin1: Some("Tennessee".into()),
        ..Hints::default()
    };
    assert_eq!(g.geocode("Paris", &tennessee)[0].gazetteer_id, "gn:4647963");
    let tn_code = Hints {
        admin1: Some("US.TN".into()),
        ..Hints::default()
    };
    assert_eq!(g.geocode("Paris", &tn_code)[0].gazetteer_id, "gn:4647963");

    let near_memphis = Hints {
        near: vec![(35.15, -90.05)],
        ..Hints::default()
    };
    assert_eq!(
        g.geocode("Paris", &near_memphis)[0].gazetteer_id,
        "gn:4647963"
    );
    // "Name, Region" and "Name, Country" queries.
    assert_eq!(
        g.geocode("Paris, Texas", &none)[0].gazetteer_id,
        "gn:4717560"
    );
    assert_eq!(g.geocode("Paris, USA", &none)[0].gazetteer_id, "gn:4717560");
    assert_eq!(g.geocode_top("Paris", &none, 1).len(), 1);
}

#[test]
fn countries_and_regions_beat_villages_of_the_same_name() {
    let g = sample();
    let none = Hints::default();
    let georgia = g.geocode("Georgia", &none);
    assert_eq!(georgia[0].gazetteer_id, "country:GE");
    assert_eq!(georgia[0].kind, Kind::Country);
    let near_kaduna = Hints {
        near: vec![(10.5, 7.4)],
        ..Hints::default()
    };
    // The village wins when the text is about Kaduna.
    assert_eq!(g.geocode("Georgia", &near_kaduna)[0].gazetteer_id, "gn:1");
    let kaduna = g.geocode("Kaduna State", &none);
    assert_eq!(ids(&kaduna), ["admin1:NG.23"]);
    // The city of a region's name wins over the region.
    assert_eq!(g.geocode("Kaduna", &none)[0].gazetteer_id, "gn:2");
}

#[test]
fn regions_and_countries_get_population_weighted_centroids() {
    let g = sample();
    let kaduna = g.admin1("NG", "23").unwrap_or_else(|| panic!("no NG.23"));
    assert_eq!(kaduna.population, 1582102 + 975153 + 800);
    assert!(kaduna.lat > 10.52 && kaduna.lat < 11.11, "{}", kaduna.lat);
    assert!(kaduna.variants.iter().any(|v| v == "Kaduna"));
    // Fiji's Northern division straddles the antimeridian.
    let northern = g.admin1("FJ", "N").unwrap_or_else(|| panic!("no FJ.N"));
    assert!(northern.lon.abs() > 179.0, "{}", northern.lon);
    assert!(g.admin1("XX", "").is_none());
    let (lat, lon, population) = g.country_centroid("GE").unwrap_or_else(|| panic!("no GE"));
    assert!((lat - 41.69411).abs() < 1e-6 && (lon - 44.83368).abs() < 1e-6);
    assert_eq!(population, 1049498);
    // Countries without places are not candidates.
    assert!(g.lookup("France").len() == 1 && g.lookup("Spain").is_empty());
}

#[test]
fn reverse_and_id_lookups() {
    let g = sample();
    let (p, km) = g
        .nearest_place(48.86, 2.35)
        .unwrap_or_else(|| panic!("none"));
    assert_eq!(p.geonames_id, 2988507);
    assert!(km < 1.0, "{km}");
    let (p, _) = g
        .nearest_place(-16.8, 179.99)
        .unwrap_or_else(|| panic!("none"));
    assert_eq!(p.name, "Taveuni");
    assert!(g.nearest_place(f64::NAN, 0.0).is_none());
    assert!(Gazetteer::default().nearest_place(0.0, 0.0).is_none());
    let p = g.place(542374).unwrap_or_else(|| panic!("none"));
    assert_eq!(g.admin1_name(p), Some("Moscow Oblast"));
    assert!(g.place(999).is_none());
}

#[test]
fn kind_displays_as_its_name() {
    assert_eq!(Kind::Place.to_string(), "place");
    assert_eq!(Kind::Admin1.as_str(), "admin1");
    assert_eq!(format!("{}", Kind::Country), "country");
}
