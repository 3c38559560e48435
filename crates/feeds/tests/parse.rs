//! The parser on the real feed captures in ../shared/data/feeds (GDACS RSS
//! and event list, ReliefWeb RSS, USGS GeoJSON), and fuzzed: truncated,
//! corrupted and random documents give an error naming the feed, never a panic.

use std::path::PathBuf;

use proptest::prelude::*;
use sitrep_feeds::{Format, ParsedFeed, Position, parse};

fn capture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/feeds")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parsed(name: &str) -> ParsedFeed {
    parse(name, &capture(name)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn gdacs_rss() {
    // Starts with a UTF-8 BOM; items carry geo:Point and georss:point.
    let feed = parsed("gdacs_rss_sample.xml");
    assert_eq!(feed.format, Format::Rss);
    assert_eq!(feed.title.as_deref(), Some("GDACS RSS information"));
    assert_eq!(feed.items.len(), 5);
    let first = &feed.items[0];
    assert_eq!(first.guid, "EQ1550772");
    assert!(
        first
            .title
            .as_deref()
            .is_some_and(|t| t.starts_with("Green earthquake (Magnitude 5.8M")),
        "{first:?}"
    );
    assert_eq!(
        first.link.as_deref(),
        Some("https://www.gdacs.org/report.aspx?eventtype=EQ&eventid=1550772")
    );
    assert_eq!(
        first.published.map(|p| p.to_rfc3339()).as_deref(),
        Some("2026-07-08T10:10:52+00:00")
    );
    assert_eq!(first.point, Some((-20.2559, 168.8353)));
    assert!(
        first
            .body
            .as_deref()
            .is_some_and(|b| b.contains("an earthquake occurred in Vanuatu"))
    );
    let guids: std::collections::HashSet<_> = feed.items.iter().map(|i| &i.guid).collect();
    assert_eq!(guids.len(), feed.items.len(), "guids are unique");
    assert!(feed.items.iter().all(|i| i.point.is_some()));
}

#[test]
fn reliefweb_rss() {
    let feed = parsed("reliefweb_disasters_rss_sample.xml");
    assert_eq!(feed.format, Format::Rss);
    assert_eq!(feed.items.len(), 7);
    let first = &feed.items[0];
    assert_eq!(
        first.guid,
        "https://reliefweb.int/disaster/fl-2026-000106-geo"
    );
    assert_eq!(first.title.as_deref(), Some("Georgia: Floods - Jun 2026"));
    assert_eq!(
        first.published.map(|p| p.to_rfc3339()).as_deref(),
        Some("2026-06-27T00:00:00+00:00")
    );
    // The description is escaped HTML in the XML: HTML once parsed.
    let body = first.body.as_deref().unwrap_or_default();
    assert!(first.body_is_html);
    assert!(
        body.contains("<p>On 27–29 June 2026, heavy and persistent rainfall"),
        "{body}"
    );
    assert_eq!(first.point, None);
}

#[test]
fn usgs_geojson() {
    let feed = parsed("usgs_all_hour_sample.json");
    assert_eq!(feed.format, Format::GeoJson);
    assert_eq!(
        feed.title.as_deref(),
        Some("USGS All Earthquakes, Past Hour")
    );
    assert_eq!(feed.items.len(), 10);
    let first = &feed.items[0];
    assert_eq!(first.guid, "aka2026njuhqp");
    assert_eq!(
        first.title.as_deref(),
        Some("M 1.7 - 32 km SE of Kasilof, Alaska")
    );
    assert_eq!(
        first.link.as_deref(),
        Some("https://earthquake.usgs.gov/earthquakes/eventpage/aka2026njuhqp")
    );
    assert_eq!(
        first.published.map(|p| p.to_rfc3339()).as_deref(),
        Some("2026-07-08T07:05:20.752+00:00")
    );
    assert_eq!(first.point, Some((60.152, -150.829)));
    assert_eq!(first.body.as_deref(), Some("32 km SE of Kasilof, Alaska"));
    assert!(!first.body_is_html);
}

#[test]
fn gdacs_event_list() {
    let feed = parsed("gdacs_eventlist_sample.json");
    assert_eq!(feed.format, Format::GeoJson);
    assert_eq!(feed.items.len(), 6);
    let first = &feed.items[0];
    // No feature id: the GDACS event type and id, as in GDACS's RSS guids.
    assert_eq!(first.guid, "TC1001279");
    assert_eq!(first.title.as_deref(), Some("Tropical Cyclone BAVI-26"));
    assert_eq!(
        first.link.as_deref(),
        Some("https://www.gdacs.org/report.aspx?eventid=1001279&episodeid=30&eventtype=TC")
    );
    assert_eq!(
        first.published.map(|p| p.to_rfc3339()).as_deref(),
        Some("2026-07-01T00:00:00+00:00")
    );
    assert_eq!(first.point, Some((16.9, 133.0)));
    assert!(
        first
            .body
            .as_deref()
            .is_some_and(|b| b.starts_with("Red Tropical Cyclone BAVI-26 in Guam"))
    );
    // The earthquake is the same event as the RSS capture's first item.
    assert!(feed.items.iter().any(|i| i.guid == "EQ1550772"));
}

#[test]
fn a_truncated_capture_names_feed_and_position() {
    let mut rss = capture("reliefweb_disasters_rss_sample.xml");
    rss.truncate(3000);
    let err = parse("https://reliefweb.int/disasters/rss.xml", &rss)
        .err()
        .unwrap_or_else(|| panic!("a truncated feed parsed"));
    let msg = err.to_string();
    assert!(
        msg.starts_with("https://reliefweb.int/disasters/rss.xml: at line "),
        "{msg}"
    );
    assert!(matches!(err.position, Some(Position::Text { .. })));
    let mut json = capture("usgs_all_hour_sample.json");
    json.truncate(2000);
    let err = parse("usgs", &json)
        .err()
        .unwrap_or_else(|| panic!("a truncated feed parsed"));
    assert!(matches!(err.position, Some(Position::Text { .. })), "{err}");
}

const CAPTURES: [&str; 4] = [
    "gdacs_rss_sample.xml",
    "reliefweb_disasters_rss_sample.xml",
    "usgs_all_hour_sample.json",
    "gdacs_eventlist_sample.json",
];

fn check(bytes: &[u8]) {
    // Whatever comes in, the parser returns; an error names the feed.
    if let Err(e) = parse("fuzzed-feed", bytes) {
        assert_eq!(e.feed, "fuzzed-feed");
        assert!(e.to_string().starts_with("fuzzed-feed: "), "{e}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn corrupted_captures_never_panic(
        which in 0..CAPTURES.len(),
        cut in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
    ) {
        let mut bytes = capture(CAPTURES[which]);
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        check(&bytes);
        let len = cut.index(bytes.len() + 1);
        check(&bytes[..len]);
    }

    #[test]
    fn random_markup_never_panics(text in "(<[a-z:]{0,8}( [a-z:]{1,6}=\"[^\"]{0,6}\")?/?>|</[a-z:]{0,8}>|&[a-z#0-9]{0,6};|[a-z ]{0,6}|\\{|\\}|\\[|\\]|\"[a-z]{0,4}\"|:|,|-?[0-9]{1,4}(\\.[0-9]{1,3})?){0,40}") {
        check(text.as_bytes());
        check(format!("<rss><channel><item>{text}</item></channel></rss>").as_bytes());
        check(format!("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>{text}</entry></feed>").as_bytes());
        check(format!("{{\"type\":\"FeatureCollection\",\"features\":[{text}]}}").as_bytes());
    }
}
