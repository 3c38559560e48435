//! Parses every real dataset file in the shared data folder and checks counts,
//! rejects and field values against rows read by hand in those files.

use std::path::PathBuf;

use chrono::{NaiveDate, Utc};
use sitrep_ingest::{Context, Format, Parsed, parse_file};
use sitrep_model::{
    ActorKind, ActorRole, DatePrecision, Event, EventType, LocationPrecision, Status, SubEventType,
};

fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(path)
}

fn ctx() -> Context {
    Context {
        now: Utc::now(),
        include_all_cameo: false,
    }
}

fn parse(format: Format, path: &str) -> Parsed {
    parse_file(format, &shared(path), &ctx()).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn find<'a>(parsed: &'a Parsed, id: &str) -> &'a Event {
    parsed
        .events
        .iter()
        .find(|e| e.id.0 == id)
        .unwrap_or_else(|| panic!("no event {id}"))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("bad date {y}-{m}-{d}"))
}

fn assert_clean(parsed: &Parsed, read: u64) {
    assert_eq!(parsed.stats.read, read);
    assert!(
        parsed.rejects.is_empty(),
        "unexpected rejects: {:#?}",
        &parsed.rejects[..parsed.rejects.len().min(10)]
    );
    assert_eq!(parsed.events.len() as u64, read);
    let no_country: Vec<&str> = parsed
        .events
        .iter()
        .filter(|e| e.location.country.is_none())
        .map(|e| e.id.0.as_str())
        .take(10)
        .collect();
    assert!(
        no_country.is_empty(),
        "events without a country: {no_country:?}"
    );
}

#[test]
fn acled_current_world_file() {
    let parsed = parse(Format::Acled, "acled/world-2022-dev.csv.gz");
    assert_clean(&parsed, 4_500);
    let e = find(&parsed, "acled:UGA7752");
    assert_eq!(e.event_type, EventType::Riots);
    assert_eq!(e.sub_event_type, Some(SubEventType::MobViolence));
    assert_eq!(e.date.start, day(2022, 2, 23));
    assert_eq!(e.date.precision, DatePrecision::Day);
    assert_eq!(e.location.country.as_deref(), Some("UG"));
    assert_eq!(e.location.name, "Minakulu");
    assert_eq!(e.location.admin1.as_deref(), Some("Northern"));
    assert_eq!(e.location.admin2.as_deref(), Some("Oyam"));
    assert_eq!(e.location.precision, LocationPrecision::Admin2);
    assert_eq!((e.location.lat, e.location.lon), (2.44, 32.3894));
    assert_eq!(e.fatalities, Some(1));
    assert_eq!(e.actors[0].name, "Rioters (Uganda)");
    assert_eq!(e.actors[0].kind, ActorKind::Rioters);
    assert_eq!(e.actors[0].role, ActorRole::Perpetrator);
    assert!(e.actors.iter().any(|a| a.name == "Civilians (Uganda)"
        && a.role == ActorRole::Target
        && a.kind == ActorKind::Civilians));
    assert!(
        e.actors
            .iter()
            .any(|a| a.name == "Vigilante Group (Uganda)" && a.role == ActorRole::Other)
    );
    assert!(
        e.notes
            .starts_with("On 23 February 2022, a group of locals")
    );
    assert_eq!(e.sources[0].name.as_deref(), Some("URN (Uganda)"));
    assert_eq!(e.sources[0].dataset, "acled");
    assert_eq!(e.sources[0].record_id, "UGA7752");
    // Kosovo has ISO numeric 0 in ACLED: the name decides.
    assert!(
        parsed
            .events
            .iter()
            .any(|e| e.location.country.as_deref() == Some("XK"))
    );
}

#[test]
fn acled_current_argentina_file() {
    let parsed = parse(Format::Acled, "acled/argentina-2022.csv");
    assert_clean(&parsed, 326);
    let e = find(&parsed, "acled:ARG10607");
    assert_eq!(e.event_type, EventType::Protests);
    assert_eq!(e.sub_event_type, Some(SubEventType::PeacefulProtest));
    assert_eq!(e.location.country.as_deref(), Some("AR"));
    assert_eq!(e.location.name, "Comodoro Rivadavia");
    assert_eq!(e.fatalities, Some(0));
    let assoc: Vec<&str> = e
        .actors
        .iter()
        .filter(|a| a.role == ActorRole::Other)
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(
        assoc,
        [
            "SISAP: Public Health Union",
            "Health Workers (Argentina)",
            "ATE: Association of State Workers",
            "Labour Group (Argentina)"
        ]
    );
    assert_eq!(
        e.sources[0].name.as_deref(),
        Some("Diario El Chubut; Diario Cronica (Argentina)")
    );
}

#[test]
fn acled_legacy_africa_file() {
    let parsed = parse(Format::Acled, "acled/africa-2016-legacy.csv");
    assert_clean(&parsed, 6_831);
    // Riots/Protests by rioters (INTER1 5) became a riot.
    let riot = find(&parsed, "acled:336RTA");
    assert_eq!(riot.event_type, EventType::Riots);
    assert_eq!(
        riot.sub_event_type,
        Some(SubEventType::ViolentDemonstration)
    );
    assert_eq!(riot.location.name, "Soukies");
    assert_eq!(riot.date.start, day(2016, 1, 10));
    let protest = find(&parsed, "acled:1RTA");
    assert_eq!(protest.event_type, EventType::Protests);
    assert_eq!(protest.sub_event_type, Some(SubEventType::PeacefulProtest));
    assert_eq!(protest.date.start, day(2015, 12, 29));
    assert_eq!(protest.location.country.as_deref(), Some("DZ"));
    // Windows-1252 bytes decoded: "Kérouane".
    let accented = find(&parsed, "acled:5423RTA");
    assert_eq!(accented.location.name, "Kérouane");
    // No-break spaces trimmed from names.
    assert_eq!(
        find(&parsed, "acled:6256RTA").location.name,
        "Wad an Natrun"
    );
    // GWNO 490 but named Republic of Congo, at Kinkala: the name wins.
    assert_eq!(
        find(&parsed, "acled:6365RTA").location.country.as_deref(),
        Some("CG")
    );
    let remote = parsed
        .events
        .iter()
        .filter(|e| e.event_type == EventType::ExplosionsRemoteViolence)
        .count();
    assert_eq!(remote, 566);
    assert!(
        parsed
            .events
            .iter()
            .filter(|e| e.event_type == EventType::ExplosionsRemoteViolence)
            .all(|e| e.sub_event_type.is_none())
    );
}

#[test]
fn acled_mideast_variant_file() {
    let parsed = parse(Format::Acled, "acled/mideast-2022-variant.csv");
    assert_clean(&parsed, 985);
    let first = &parsed.events[0];
    assert_eq!(first.date.start, day(2022, 1, 5));
    assert_eq!(first.location.name, "Umm al Khayr");
    assert_eq!(first.location.country.as_deref(), Some("PS"));
    assert_eq!(first.sub_event_type, Some(SubEventType::MobViolence));
    assert!(first.notes.is_empty());
    // Every synthesised id is distinct (18 rows are exact duplicates of others).
    let mut ids: Vec<&str> = parsed.events.iter().map(|e| e.id.0.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 985);
    assert!(ids.iter().any(|id| id.ends_with("-2")));
    // Deterministic: a second parse gives the same ids.
    let again = parse(Format::Acled, "acled/mideast-2022-variant.csv");
    assert!(
        parsed
            .events
            .iter()
            .zip(&again.events)
            .all(|(a, b)| a.id == b.id)
    );
}

#[test]
fn ucdp_ged_sample() {
    let parsed = parse(Format::UcdpGed, "ucdp/ged-sample.csv");
    assert_clean(&parsed, 1_000);
    let e = find(&parsed, "ucdp-ged:300380");
    assert_eq!(e.event_type, EventType::Battles);
    assert_eq!(e.sub_event_type, Some(SubEventType::ArmedClash));
    assert_eq!(e.location.name, "Rami village");
    assert_eq!(e.location.admin1.as_deref(), Some("Idlib governorate"));
    assert_eq!(e.location.admin2.as_deref(), Some("Ariha district"));
    assert_eq!(e.location.country.as_deref(), Some("SY"));
    assert_eq!(e.location.precision, LocationPrecision::Point);
    assert_eq!(e.fatalities, Some(2));
    assert_eq!(e.date.start, day(2013, 1, 3));
    assert_eq!(e.date.end, None);
    assert_eq!(e.actors[0].name, "Government of Syria");
    assert_eq!(e.actors[0].kind, ActorKind::State);
    assert_eq!(e.actors[1].name, "Syrian insurgents");
    assert!(e.notes.contains("Abdul Satar Mustafa Hankosh"));
    // date_prec 3: month precision, start at the first of the month, end kept.
    let month = find(&parsed, "ucdp-ged:21300");
    assert_eq!(month.date.precision, DatePrecision::Month);
    assert_eq!(month.date.start, day(1989, 5, 1));
    assert_eq!(month.date.end, Some(day(1989, 5, 16)));
    assert_eq!(month.location.precision, LocationPrecision::Admin1);
    assert_eq!(month.location.country.as_deref(), Some("AO"));
    // One-sided violence targets civilians.
    let vac = parsed
        .events
        .iter()
        .filter(|e| e.event_type == EventType::ViolenceAgainstCivilians)
        .count();
    assert_eq!(vac, 160);
}

#[test]
fn gdelt_export() {
    let parsed = parse(Format::Gdelt, "gdelt/20191024143000.export.CSV");
    assert_eq!(parsed.stats.read, 2_111);
    assert!(parsed.rejects.is_empty(), "{:?}", parsed.rejects);
    let imported = parsed.events.len() as u64;
    assert_eq!(imported + parsed.stats.skipped, 2_111);
    // Roots 13, 14, 15, 17, 18, 19 and 20: 369 rows, 12 of them without a place.
    assert_eq!(imported, 357);
    assert_eq!(
        parsed
            .stats
            .skip_reasons
            .get(sitrep_ingest::gdelt::SKIP_NO_PLACE),
        Some(&12)
    );
    assert_eq!(
        parsed
            .stats
            .skip_reasons
            .get(sitrep_ingest::gdelt::SKIP_NOT_CONFLICT),
        Some(&1_742)
    );
    // An arrest (CAMEO 173) located in FIPS "RS": Russia, at country precision.
    let arrest = find(&parsed, "gdelt:881991222");
    assert_eq!(arrest.sub_event_type, Some(SubEventType::Arrests));
    assert_eq!(arrest.location.country.as_deref(), Some("RU"));
    assert_eq!(arrest.location.precision, LocationPrecision::Country);
    assert_eq!(arrest.location.admin1, None);
    let e = find(&parsed, "gdelt:881990960");
    assert_eq!(e.event_type, EventType::Battles);
    assert_eq!(e.sub_event_type, Some(SubEventType::ArmedClash));
    assert_eq!(e.location.country.as_deref(), Some("SY"));
    assert_eq!(e.location.precision, LocationPrecision::City);
    assert!(e.has_tag("cameo:190"));
    assert!(
        e.sources[0]
            .url
            .as_deref()
            .is_some_and(|u| u.starts_with("http"))
    );
    let berlin = find(&parsed, "gdelt:881990839");
    assert_eq!(berlin.location.country.as_deref(), Some("DE"));
    assert_eq!(berlin.location.admin1.as_deref(), Some("GM16"));
    assert_eq!(berlin.date.start, day(2018, 10, 24));
    let threat = parsed
        .events
        .iter()
        .find(|e| e.tags.iter().any(|t| t.starts_with("cameo:13")))
        .unwrap_or_else(|| panic!("no threat row"));
    assert_eq!(threat.status, Status::Threatened);
    // FIPS RS is Russia, not Serbia.
    assert!(
        parsed
            .events
            .iter()
            .filter(|e| e.location.country.as_deref() == Some("RU"))
            .count()
            > 0
    );
}

#[test]
fn gtd_fixture() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test_data/gtd-sample.csv");
    let parsed = parse_file(Format::Gtd, &path, &ctx()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed.stats.read, 14);
    assert_eq!(parsed.rejects.len(), 1, "{:?}", parsed.rejects);
    assert_eq!(parsed.rejects[0].field, "latitude");
    assert_eq!(parsed.rejects[0].line, 14);
    let bomb = find(&parsed, "gtd:201401150001");
    assert_eq!(bomb.sub_event_type, Some(SubEventType::SuicideBomb));
    assert!(bomb.has_tag("terrorism") && bomb.has_tag("suicide"));
    assert!(bomb.has_tag("target:private citizens & property"));
    assert_eq!(bomb.fatalities, Some(7));
    assert_eq!(bomb.injuries, Some(22));
    assert_eq!(bomb.actors[0].kind, ActorKind::Terrorist);
    let month = find(&parsed, "gtd:201403000002");
    assert_eq!(month.date.precision, DatePrecision::Month);
    assert_eq!(month.date.start, day(2014, 3, 1));
    let year = find(&parsed, "gtd:201400000003");
    assert_eq!(year.date.precision, DatePrecision::Year);
    assert_eq!(year.date.start, day(2014, 1, 1));
    assert_eq!(year.fatalities, None);
    assert_eq!(year.actors[0].kind, ActorKind::Unknown);
    let kidnap = find(&parsed, "gtd:201405120004");
    assert_eq!(
        kidnap.sub_event_type,
        Some(SubEventType::AbductionForcedDisappearance)
    );
    assert_eq!(kidnap.category(), sitrep_model::Category::Kidnap);
    assert!(parsed.events.iter().all(|e| e.location.country.is_some()));
}
