//! The poller end to end against a local HTTP server serving the real feed
//! captures in ../shared/data/feeds: items stored as reports, conditional
//! re-polls answered 304, changed feeds adding only their new items with
//! extracted events, failing feeds raising and clearing the admin alert,
//! private addresses refused without the policy, and GDELT exports imported
//! once per new export.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use chrono::Utc;
use sitrep_api::reports::ReportReader;
use sitrep_extract::Registry;
use sitrep_feeds::{
    DocumentSink, Handled, ItemDocument, PollError, PollResult, Polled, Poller, PollerOptions,
};
use sitrep_fetch::{FetchError, FetchPolicy};
use sitrep_geo::gazetteer::{Gazetteer, Place};
use sitrep_geoparse::Geoparser;
use sitrep_store::{FEED_FAILING, FeedKind, FeedStore, NewFeed, SqliteStore, Store};

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn capture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/feeds")
        .join(name);
    ok(std::fs::read(&path))
}

/// One path the server answers: a body with an ETag, and how many of the
/// next requests fail with 500.
#[derive(Clone)]
struct Route {
    body: Vec<u8>,
    etag: String,
    content_type: &'static str,
    fail_next: u32,
}

/// What the server saw: path, If-None-Match, status answered.
type Log = Vec<(String, Option<String>, u16)>;

#[derive(Default)]
struct State {
    routes: HashMap<String, Route>,
    log: Log,
}

/// A local HTTP/1.1 server (one request per connection) whose routes the test changes.
struct Server {
    base: String,
    state: Arc<Mutex<State>>,
}

impl Server {
    fn start() -> Server {
        let listener = ok(TcpListener::bind("127.0.0.1:0"));
        let base = format!("http://{}", ok(listener.local_addr()));
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(ok(stream.try_clone()));
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                let path = line
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or_default()
                    .to_owned();
                let mut if_none_match = None;
                loop {
                    line.clear();
                    if !reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                        break;
                    }
                    if let Some((k, v)) = line.split_once(':')
                        && k.trim().eq_ignore_ascii_case("if-none-match")
                    {
                        if_none_match = Some(v.trim().to_owned());
                    }
                }
                let response = {
                    let mut state = shared.lock().unwrap_or_else(|p| p.into_inner());
                    let (status, response) = match state.routes.get_mut(&path) {
                        None => (404, head(404, "Not Found", "", &[])),
                        Some(route) if route.fail_next > 0 => {
                            route.fail_next -= 1;
                            (500, head(500, "Internal Server Error", "", b"oops"))
                        }
                        Some(route) if if_none_match.as_deref() == Some(route.etag.as_str()) => (
                            304,
                            head(
                                304,
                                "Not Modified",
                                &format!("ETag: {}\r\n", route.etag),
                                &[],
                            ),
                        ),
                        Some(route) => (
                            200,
                            head(
                                200,
                                "OK",
                                &format!(
                                    "ETag: {}\r\nContent-Type: {}\r\n",
                                    route.etag, route.content_type
                                ),
                                &route.body,
                            ),
                        ),
                    };
                    state.log.push((path, if_none_match, status));
                    response
                };
                let _ = stream.write_all(&response);
            }
        });
        Server { base, state }
    }

    fn set(&self, path: &str, body: Vec<u8>, etag: &str) {
        let content_type = if path.ends_with(".json") {
            "application/geo+json"
        } else {
            "application/rss+xml"
        };
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let fail_next = state.routes.get(path).map_or(0, |r| r.fail_next);
        state.routes.insert(
            path.to_owned(),
            Route {
                body,
                etag: format!("\"{etag}\""),
                content_type,
                fail_next,
            },
        );
    }

    fn fail_next(&self, path: &str, n: u32) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(route) = state.routes.get_mut(path) {
            route.fail_next = n;
        }
    }

    /// The requests seen since the last call.
    fn take_log(&self) -> Log {
        std::mem::take(&mut self.state.lock().unwrap_or_else(|p| p.into_inner()).log)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

fn head(status: u16, reason: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 {status} {reason}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

fn place(id: u32, name: &str, lat: f64, lon: f64, cc: &str, admin1: &str, pop: u64) -> Place {
    Place {
        geonames_id: id,
        name: name.into(),
        ascii_name: name.into(),
        lat,
        lon,
        country: cc.into(),
        admin1_code: admin1.into(),
        feature_code: "PPLA".into(),
        population: pop,
        ..Place::default()
    }
}

/// A gazetteer of a few places, enough for the extractor on the test items.
fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| {
        Gazetteer::build(
            vec![
                place(
                    2331447,
                    "Maiduguri",
                    11.84644,
                    13.16027,
                    "NG",
                    "02",
                    1_112_449,
                ),
                place(1138958, "Kabul", 34.52813, 69.17233, "AF", "13", 3_043_532),
                place(2335204, "Kaduna", 10.52641, 7.43879, "NG", "23", 1_582_102),
            ],
            vec![
                ("NG.02".into(), "Borno".into()),
                ("NG.23".into(), "Kaduna".into()),
                ("AF.13".into(), "Kabul".into()),
            ],
        )
    })
}

fn reader() -> ReportReader<'static> {
    ReportReader::new(Geoparser::new(gazetteer()), ok(Registry::builtin()))
}

fn private_ok() -> FetchPolicy {
    FetchPolicy {
        allow_private: true,
        timeout: Duration::from_secs(10),
        max_bytes: 64 * 1024 * 1024,
    }
}

fn add(store: &SqliteStore, url: &str, kind: FeedKind) -> i64 {
    ok(store.add_feed(&NewFeed {
        url: url.into(),
        name: url
            .rsplit('/')
            .find(|s| !s.is_empty())
            .unwrap_or("feed")
            .into(),
        kind,
        every_secs: 900,
    }))
    .id
}

fn polled(result: &PollResult) -> &Polled {
    match &result.outcome {
        Ok(p) => p,
        Err(e) => panic!("{}: {e}", result.url),
    }
}

fn feed(store: &SqliteStore, id: i64) -> sitrep_store::Feed {
    ok(store.feed(id)).unwrap_or_else(|| panic!("no feed {id}"))
}

#[test]
fn captures_are_stored_once_and_re_polls_are_not_modified() {
    let server = Server::start();
    let captures = [
        ("/gdacs.xml", "gdacs_rss_sample.xml", FeedKind::Rss, 5),
        (
            "/reliefweb.xml",
            "reliefweb_disasters_rss_sample.xml",
            FeedKind::Rss,
            7,
        ),
        (
            "/usgs.json",
            "usgs_all_hour_sample.json",
            FeedKind::GeoJson,
            10,
        ),
        (
            "/gdacs-events.json",
            "gdacs_eventlist_sample.json",
            FeedKind::GeoJson,
            6,
        ),
    ];
    let dir = ok(tempfile::tempdir());
    let store = ok(SqliteStore::open(dir.path().join("sitrep.db")));
    let reader = reader();
    let mut ids = HashMap::new();
    for (path, file, kind, _) in captures {
        server.set(path, capture(file), "v1");
        ids.insert(path, add(&store, &server.url(path), kind));
    }
    let poller = Poller::new(
        &store,
        Some(&reader),
        private_ok(),
        PollerOptions::new(dir.path()),
    );

    let first = ok(poller.poll_due(Utc::now()));
    assert_eq!(first.len(), 4);
    for (path, _, _, items) in captures {
        let result = first
            .iter()
            .find(|r| r.feed_id == ids[path])
            .unwrap_or_else(|| panic!("{path} not polled"));
        let p = polled(result);
        assert!(!p.not_modified);
        assert_eq!((p.items, p.new_items), (items, items), "{path}");
        let f = feed(&store, ids[path]);
        assert_eq!(f.health.items_total, items as u64, "{path}");
        assert_eq!(f.health.items_new_last_poll, items as u64, "{path}");
        assert_eq!(f.health.status(), "ok");
        assert_eq!(f.etag.as_deref(), Some("\"v1\""));
    }
    // Every item became a report (two GDACS captures share no text, so 28).
    let reports = ok(store.reports(100));
    assert_eq!(reports.len(), 28);
    let vanuatu = reports
        .iter()
        .find(|r| {
            r.title
                .as_deref()
                .is_some_and(|t| t.starts_with("Green earthquake (Magnitude 5.8M"))
        })
        .unwrap_or_else(|| panic!("the GDACS item is not stored"));
    assert_eq!(
        vanuatu.url.as_deref(),
        Some("https://www.gdacs.org/report.aspx?eventtype=EQ&eventid=1550772")
    );
    assert_eq!(
        vanuatu.published.map(|d| d.to_string()).as_deref(),
        Some("2026-07-08")
    );
    assert!(vanuatu.text.contains("an earthquake occurred in Vanuatu"));
    let log = server.take_log();
    assert!(
        log.iter()
            .all(|(_, inm, status)| inm.is_none() && *status == 200),
        "{log:?}"
    );

    // Not due yet: nothing is fetched.
    assert!(ok(poller.poll_due(Utc::now())).is_empty());
    assert!(server.take_log().is_empty());

    // Polled again (as `--once` does): If-None-Match, 304, nothing new.
    let again = ok(poller.poll_all(Utc::now()));
    for result in &again {
        assert!(polled(result).not_modified, "{}", result.url);
        let f = feed(&store, result.feed_id);
        assert_eq!(f.health.items_new_last_poll, 0);
        assert!(f.health.items_total > 0);
    }
    let log = server.take_log();
    assert_eq!(log.len(), 4);
    assert!(
        log.iter()
            .all(|(_, inm, status)| inm.as_deref() == Some("\"v1\"") && *status == 304),
        "{log:?}"
    );
    assert_eq!(ok(store.reports(100)).len(), 28);

    // A changed ETag with the same items: fetched, but every item was seen.
    server.set("/usgs.json", capture("usgs_all_hour_sample.json"), "v2");
    let result = ok(poller.poll(&feed(&store, ids["/usgs.json"]), Utc::now()));
    let p = polled(&result);
    assert_eq!((p.items, p.new_items), (10, 0));
    assert_eq!(
        feed(&store, ids["/usgs.json"]).etag.as_deref(),
        Some("\"v2\"")
    );
    assert_eq!(ok(store.reports(100)).len(), 28);
}

/// An RSS feed of security incidents, `items` of them (up to 3).
fn incidents_rss(items: usize) -> Vec<u8> {
    let all = [
        (
            "urn:test:1",
            "Gunmen kill 12 in Maiduguri",
            "Tue, 07 May 2024 09:00:00 GMT",
            "<p>Gunmen killed 12 people in an attack on a market in Maiduguri, Borno State, on Monday, 6 May 2024, police said.</p>",
        ),
        (
            "urn:test:2",
            "Bomb blast in Kabul",
            "Wed, 08 May 2024 10:00:00 GMT",
            "<p>A bomb exploded near a mosque in Kabul on Tuesday, 7 May 2024, killing 5 people and wounding 20.</p>",
        ),
        (
            "urn:test:3",
            "Kidnapping in Kaduna",
            "Thu, 09 May 2024 11:00:00 GMT",
            "<p>Armed men abducted 30 students from a school in Kaduna on Wednesday, 8 May 2024.</p>",
        ),
    ];
    let mut xml = String::from(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Incidents</title>\n",
    );
    for (guid, title, date, body) in all.iter().take(items) {
        xml.push_str(&format!(
            "<item><guid isPermaLink=\"false\">{guid}</guid><title>{title}</title>\
             <link>https://news.example.org/{guid}</link><pubDate>{date}</pubDate>\
             <description><![CDATA[{body}]]></description></item>\n"
        ));
    }
    xml.push_str("</channel></rss>\n");
    xml.into_bytes()
}

#[test]
fn a_changed_feed_adds_only_its_new_items_with_their_events() {
    let server = Server::start();
    server.set("/incidents.xml", incidents_rss(2), "a");
    let dir = ok(tempfile::tempdir());
    let store = ok(SqliteStore::open(dir.path().join("sitrep.db")));
    let reader = reader();
    let id = add(&store, &server.url("/incidents.xml"), FeedKind::Rss);
    let poller = Poller::new(
        &store,
        Some(&reader),
        private_ok(),
        PollerOptions::new(dir.path()),
    );

    let first = ok(poller.poll(&feed(&store, id), Utc::now()));
    let p = polled(&first);
    assert_eq!((p.items, p.new_items), (2, 2));
    assert!(p.extracted >= 2, "{p:?}");
    assert!(p.events.inserted >= 2, "{p:?}");
    let events_before = ok(store.stats()).events;

    // The feed gains an item: only that one is read and stored.
    server.set("/incidents.xml", incidents_rss(3), "b");
    let second = ok(poller.poll(&feed(&store, id), Utc::now()));
    let p = polled(&second);
    assert_eq!((p.items, p.new_items), (3, 1));
    assert!(p.events.inserted >= 1, "{p:?}");
    assert_eq!(p.events.updated + p.events.unchanged, 0, "{p:?}");
    let f = feed(&store, id);
    assert_eq!(f.health.items_total, 3);
    assert_eq!(f.health.items_new_last_poll, 1);
    assert!(ok(store.stats()).events > events_before);

    // Each item is a report linked to its events, and back.
    let reports = ok(store.reports(10));
    assert_eq!(reports.len(), 3);
    let kaduna = reports
        .iter()
        .find(|r| r.title.as_deref() == Some("Kidnapping in Kaduna"))
        .unwrap_or_else(|| panic!("no Kaduna report"));
    assert_eq!(
        kaduna.url.as_deref(),
        Some("https://news.example.org/urn:test:3")
    );
    assert_eq!(
        kaduna.published.map(|d| d.to_string()).as_deref(),
        Some("2024-05-09")
    );
    let event_id = kaduna
        .events
        .first()
        .unwrap_or_else(|| panic!("no event from {:?}", kaduna.text));
    let event = ok(store.event(&event_id.0)).unwrap_or_else(|| panic!("no event {event_id:?}"));
    assert_eq!(event.location.country.as_deref(), Some("NG"));
    let linked = ok(store.reports_of_event(&event_id.0));
    assert_eq!(linked.len(), 1);
    assert_eq!(linked[0].id, kaduna.id);
}

#[test]
fn a_feed_failing_three_times_raises_an_alert_that_a_success_clears() {
    let server = Server::start();
    server.set("/flaky.xml", incidents_rss(1), "x");
    server.fail_next("/flaky.xml", 3);
    let dir = ok(tempfile::tempdir());
    let store = ok(SqliteStore::open(dir.path().join("sitrep.db")));
    let reader = reader();
    let id = add(&store, &server.url("/flaky.xml"), FeedKind::Rss);
    let poller = Poller::new(
        &store,
        Some(&reader),
        private_ok(),
        PollerOptions::new(dir.path()),
    );
    for n in 1..=3u32 {
        let result = ok(poller.poll(&feed(&store, id), Utc::now()));
        assert!(
            matches!(
                result.outcome,
                Err(PollError::Fetch(FetchError::Status { status: 500, .. }))
            ),
            "{:?}",
            result.outcome
        );
        assert_eq!(result.consecutive_failures, n);
        assert_eq!(result.alert_raised.is_some(), n == 3);
        let f = feed(&store, id);
        assert_eq!(f.health.consecutive_failures, n);
        assert_eq!(f.health.status(), "failing");
        assert!(
            f.health
                .last_error
                .as_deref()
                .is_some_and(|e| e.contains("HTTP status 500")),
            "{:?}",
            f.health.last_error
        );
    }
    let open = ok(store.admin_alerts(true));
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].kind, FEED_FAILING);
    assert_eq!(open[0].feed_id, Some(id));
    assert!(open[0].message.contains("failed 3 polls in a row"));

    let recovered = ok(poller.poll(&feed(&store, id), Utc::now()));
    assert_eq!(polled(&recovered).new_items, 1);
    assert_eq!(recovered.alerts_cleared.len(), 1);
    assert!(ok(store.admin_alerts(true)).is_empty());
    let f = feed(&store, id);
    assert_eq!(f.health.consecutive_failures, 0);
    assert_eq!(f.health.status(), "ok");
}

#[test]
fn private_addresses_are_refused_unless_the_policy_allows_them() {
    let server = Server::start();
    server.set("/gdacs.xml", capture("gdacs_rss_sample.xml"), "v1");
    let dir = ok(tempfile::tempdir());
    let store = ok(SqliteStore::open(dir.path().join("sitrep.db")));
    let reader = reader();
    let id = add(&store, &server.url("/gdacs.xml"), FeedKind::Rss);
    let strict = Poller::new(
        &store,
        Some(&reader),
        FetchPolicy {
            timeout: Duration::from_secs(5),
            ..FetchPolicy::default()
        },
        PollerOptions::new(dir.path()),
    );
    let result = ok(strict.poll(&feed(&store, id), Utc::now()));
    assert!(
        matches!(
            result.outcome,
            Err(PollError::Fetch(FetchError::Refused { .. }))
        ),
        "{:?}",
        result.outcome
    );
    assert!(server.take_log().is_empty(), "the server was reached");
    let f = feed(&store, id);
    assert!(
        f.health
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("loopback")),
        "{:?}",
        f.health.last_error
    );
    assert!(ok(store.reports(10)).is_empty());
}

#[test]
fn malformed_feeds_and_missing_extractors_are_recorded_failures() {
    let server = Server::start();
    let mut broken = capture("gdacs_rss_sample.xml");
    broken.truncate(4000);
    server.set("/broken.xml", broken, "b");
    server.set("/fine.xml", incidents_rss(1), "f");
    let dir = ok(tempfile::tempdir());
    let store = ok(SqliteStore::open(dir.path().join("sitrep.db")));
    let broken_id = add(&store, &server.url("/broken.xml"), FeedKind::Rss);
    let fine_id = add(&store, &server.url("/fine.xml"), FeedKind::Rss);
    let poller = Poller::new(&store, None, private_ok(), PollerOptions::new(dir.path()));
    let result = ok(poller.poll(&feed(&store, broken_id), Utc::now()));
    let Err(PollError::Parse(e)) = &result.outcome else {
        panic!("{:?}", result.outcome);
    };
    assert!(e.to_string().contains("/broken.xml: at line"), "{e}");
    let result = ok(poller.poll(&feed(&store, fine_id), Utc::now()));
    assert!(
        matches!(result.outcome, Err(PollError::NoReader { .. })),
        "{:?}",
        result.outcome
    );
    // Nothing was marked seen: a poller with the extractor stores the item.
    let reader = reader();
    let poller = Poller::new(
        &store,
        Some(&reader),
        private_ok(),
        PollerOptions::new(dir.path()),
    );
    let result = ok(poller.poll(&feed(&store, fine_id), Utc::now()));
    assert_eq!(polled(&result).new_items, 1);
}

/// A sink standing in for a queue: records documents, or fails while `down`.
#[derive(Default)]
struct QueueLike {
    taken: Mutex<Vec<ItemDocument>>,
    down: Mutex<bool>,
}

impl DocumentSink for QueueLike {
    fn accept(
        &self,
        doc: &ItemDocument,
        _now: chrono::DateTime<Utc>,
    ) -> Result<Handled, PollError> {
        if self.down.lock().map(|d| *d).unwrap_or(true) {
            return Err(PollError::Queue {
                feed: doc.feed_url.clone(),
                guid: doc.guid.clone(),
                error: "no responders".into(),
            });
        }
        if let Ok(mut taken) = self.taken.lock() {
            taken.push(doc.clone());
        }
        Ok(Handled::Queued)
    }
}

#[test]
fn a_sink_takes_new_items_instead_of_the_extractor() {
    let server = Server::start();
    server.set("/incidents.xml", incidents_rss(2), "a");
    let dir = ok(tempfile::tempdir());
    let store = ok(SqliteStore::open(dir.path().join("sitrep.db")));
    let id = add(&store, &server.url("/incidents.xml"), FeedKind::Rss);
    let sink = QueueLike::default();
    // No extractor needed: the sink takes the documents.
    let poller =
        Poller::new(&store, None, private_ok(), PollerOptions::new(dir.path())).with_sink(&sink);

    // A sink that fails fails the poll, and nothing is marked seen.
    if let Ok(mut down) = sink.down.lock() {
        *down = true;
    }
    let failed = ok(poller.poll(&feed(&store, id), Utc::now()));
    let Err(e @ PollError::Queue { .. }) = &failed.outcome else {
        panic!("{:?}", failed.outcome);
    };
    assert!(e.to_string().contains("no responders"), "{e}");
    assert_eq!(feed(&store, id).health.consecutive_failures, 1);

    if let Ok(mut down) = sink.down.lock() {
        *down = false;
    }
    let result = ok(poller.poll(&feed(&store, id), Utc::now()));
    let p = polled(&result);
    assert_eq!((p.items, p.new_items, p.queued), (2, 2, 2));
    assert_eq!(p.extracted, 0);
    assert!(p.to_string().contains("2 new (2 queued)"), "{p}");
    let taken = sink.taken.lock().map(|t| t.clone()).unwrap_or_default();
    assert_eq!(taken.len(), 2);
    assert!(
        taken
            .iter()
            .all(|d| d.feed_id == id && d.html.starts_with("<article>"))
    );
    // Queued, not stored: no report, but the items are seen and the feed healthy.
    assert!(ok(store.reports(10)).is_empty());
    let guids: Vec<String> = taken.iter().map(|d| d.guid.clone()).collect();
    assert_eq!(ok(store.seen_items(id, &guids)).len(), 2);
    let f = feed(&store, id);
    assert_eq!(f.health.consecutive_failures, 0);
    assert_eq!(f.health.items_total, 2);
    // The next poll is answered 304 and hands over nothing.
    let again = ok(poller.poll(&feed(&store, id), Utc::now()));
    assert!(polled(&again).not_modified);
    assert_eq!(sink.taken.lock().map(|t| t.len()).unwrap_or_default(), 2);
}

fn export_zip() -> Vec<u8> {
    let csv = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/gdelt/20191024143000.export.CSV");
    let csv = ok(std::fs::read(&csv));
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    ok(zip.start_file(
        "20191024143000.export.CSV",
        zip::write::SimpleFileOptions::default(),
    ));
    ok(zip.write_all(&csv));
    ok(zip.finish());
    out.into_inner()
}

#[test]
fn gdelt_feeds_import_each_new_export_once() {
    let server = Server::start();
    let zip = export_zip();
    server.set("/gdeltv2/20191024143000.export.CSV.zip", zip.clone(), "z");
    let list = format!(
        "{} 0123456789abcdef {}\n1 0123 {}\n",
        zip.len(),
        server.url("/gdeltv2/20191024143000.export.CSV.zip"),
        server.url("/gdeltv2/20191024143000.mentions.CSV.zip"),
    );
    server.set("/gdeltv2/lastupdate.txt", list.clone().into_bytes(), "l1");
    let dir = ok(tempfile::tempdir());
    let store = ok(SqliteStore::open(dir.path().join("sitrep.db")));
    // Given as the folder: the poller reads lastupdate.txt in it.
    let id = add(&store, &server.url("/gdeltv2/"), FeedKind::Gdelt);
    let poller = Poller::new(&store, None, private_ok(), PollerOptions::new(dir.path()));

    let first = ok(poller.poll(&feed(&store, id), Utc::now()));
    let p = polled(&first);
    assert_eq!(p.new_items, 1);
    assert!(p.events.inserted > 300, "{p:?}");
    assert!(ok(store.stats()).events > 300);
    assert!(
        dir.path()
            .join("downloads/20191024143000.export.CSV.zip")
            .is_file()
    );
    let f = feed(&store, id);
    assert_eq!(f.cursor.as_deref(), Some("20191024143000.export.CSV.zip"));
    assert_eq!(f.health.items_total, 1);
    server.take_log();

    // lastupdate.txt unchanged: 304, the zip is not fetched.
    let again = ok(poller.poll(&feed(&store, id), Utc::now()));
    assert!(polled(&again).not_modified);
    let log = server.take_log();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].2, 304);

    // Rewritten with the same export: read, but nothing imported.
    server.set("/gdeltv2/lastupdate.txt", list.into_bytes(), "l2");
    let same = ok(poller.poll(&feed(&store, id), Utc::now()));
    assert_eq!(polled(&same).new_items, 0);
    let log = server.take_log();
    assert!(
        log.iter()
            .all(|(path, _, _)| path == "/gdeltv2/lastupdate.txt"),
        "{log:?}"
    );
    assert_eq!(feed(&store, id).health.items_total, 1);

    // A list without an events export is a failure.
    server.set("/gdeltv2/lastupdate.txt", b"nothing\n".to_vec(), "l3");
    let bad = ok(poller.poll(&feed(&store, id), Utc::now()));
    assert!(
        matches!(bad.outcome, Err(PollError::Gdelt { .. })),
        "{:?}",
        bad.outcome
    );
}
