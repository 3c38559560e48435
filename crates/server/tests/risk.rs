//! The risk endpoints end to end: the real ACLED world sample imported into a
//! temporary SQLite store, requests through the router with `oneshot` —
//! ratings, explanations, histories and changes; areas named in every answer
//! and the place of each contributing event; the admin1 filter on events;
//! city ratings; and the backtest scores computed in the background (`202`
//! while computing).

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::NaiveDate;
use serde_json::Value;
use sitrep_model::Category;
use sitrep_store::{NewOverride, SqliteStore, Store};
use tower::ServiceExt;

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("bad date {y}-{m}-{d}"))
}

/// The store with `world-2022-dev.csv.gz` (about 4,500 events, January–June 2022).
fn world_store(dir: &Path) -> Arc<SqliteStore> {
    let store = Arc::new(ok(SqliteStore::open(dir.join("sitrep.db"))));
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/acled/world-2022-dev.csv.gz");
    let options = sitrep_ingest::ImportOptions {
        rejects_dir: dir.join("rejects"),
        batch_size: 10_000,
        include_all_cameo: false,
        progress: sitrep_ingest::Progress::Quiet,
        locator: None,
    };
    ok(sitrep_ingest::import_files(
        store.as_ref(),
        sitrep_ingest::Format::Acled,
        &[file],
        &options,
    ));
    store
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    let request = ok(Request::get(uri).body(Body::empty()));
    let response = ok(app.clone().oneshot(request).await);
    let status = response.status();
    let body = ok(axum::body::to_bytes(response.into_body(), 64 << 20).await);
    let value = serde_json::from_slice(&body)
        .unwrap_or_else(|e| panic!("{uri}: {e}: not JSON: {}", String::from_utf8_lossy(&body)));
    (status, value)
}

async fn get_ok(app: &Router, uri: &str) -> Value {
    let (status, v) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {v}");
    v
}

async fn get_error(app: &Router, uri: &str, status: u16, code: &str) -> String {
    let (got, v) = get(app, uri).await;
    assert_eq!(got.as_u16(), status, "{uri}: {v}");
    assert_eq!(v["error"]["code"], code, "{uri}: {v}");
    v["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn areas(v: &Value) -> &Vec<Value> {
    v["areas"]
        .as_array()
        .unwrap_or_else(|| panic!("no areas in {v}"))
}

#[tokio::test]
async fn ratings_explanations_histories_and_changes_over_the_real_world_file() {
    let dir = ok(tempfile::tempdir());
    let store = world_store(dir.path());
    let app = sitrep_server::router(store.clone());

    // Country ratings: wars above quiet countries, trends and levels alongside.
    let list = get_ok(&app, "/api/v1/risk?level=country&at=2022-06-30&limit=500").await;
    assert_eq!(list["at"], "2022-06-30");
    assert_eq!(list["levels"].as_array().map(Vec::len), Some(5));
    let rated = areas(&list);
    assert!(rated.len() > 50, "{}", rated.len());
    assert_eq!(list["total"].as_u64(), Some(rated.len() as u64));
    let position = |cc: &str| rated.iter().position(|a| a["area"] == cc);
    let (ua, de) = (position("UA"), position("DE"));
    assert!(ua.is_some_and(|p| p < 10), "{ua:?}");
    assert!(ua < de || de.is_none());
    let first = &rated[0];
    assert!(first["override"].is_null() && first["rating"]["override"].is_null());
    assert!(first["trend_30d"]["direction"].is_string(), "{first}");
    assert!((1..=5).contains(&first["rating"]["level"].as_u64().unwrap_or(0)));
    assert_eq!(first["area_level"], "country");
    assert_eq!(first["categories"].as_object().map(|m| m.len()), Some(6));
    // Sorted by the stream's score.
    let scores: Vec<f64> = rated
        .iter()
        .map(|a| a["rating"]["score"].as_f64().unwrap_or(-1.0))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));

    // Admin1 regions of one country, one category.
    let ua1 = get_ok(
        &app,
        "/api/v1/risk?level=admin1&country=ua&category=armed_conflict&at=2022-06-30",
    )
    .await;
    assert_eq!(ua1["stream"], "armed_conflict");
    let regions = areas(&ua1);
    assert!(!regions.is_empty());
    assert!(regions.iter().all(|a| {
        a["area"].as_str().is_some_and(|s| s.starts_with("UA/")) && a["area_level"] == "admin1"
    }));
    let region = regions[0]["area"].as_str().unwrap_or_default().to_owned();

    // Explanations add up to the score; an admin1 region by its encoded slash.
    let why = get_ok(
        &app,
        "/api/v1/risk/UA/explain?category=armed_conflict&at=2022-06-30&top=5",
    )
    .await;
    assert_eq!(why["events"].as_array().map(Vec::len), Some(5));
    let (total, score) = (
        why["total_points"].as_f64().unwrap_or(0.0),
        why["rating"]["score"].as_f64().unwrap_or(-1.0),
    );
    assert!((total - score).abs() < 0.1, "{total} vs {score}");
    assert!(
        why["events"][0]["id"]
            .as_str()
            .is_some_and(|id| id.starts_with("acled:"))
    );
    assert!(why["events"][0]["points"].as_f64().unwrap_or(0.0) > 0.0);
    assert!(why["level"]["advice"].is_string());
    let encoded = region.replace('/', "%2F").replace(' ', "%20");
    let why1 = get_ok(
        &app,
        &format!("/api/v1/risk/{encoded}/explain?at=2022-06-30"),
    )
    .await;
    assert_eq!(why1["area"], region.as_str());

    // The daily series: one entry per day, inclusive.
    let history = get_ok(
        &app,
        "/api/v1/risk/UA/history?category=armed_conflict&from=2022-05-01&to=2022-06-30",
    )
    .await;
    let days = history["days"].as_array().map(Vec::len);
    assert_eq!(days, Some(61));
    assert_eq!(history["days"][0]["day"], "2022-05-01");

    // Changes since the start of the war: areas whose level moved or trend turned.
    let changes = get_ok(&app, "/api/v1/risk/changes?since=2022-02-01&at=2022-06-30").await;
    let changed = areas(&changes);
    assert!(!changed.is_empty());
    assert!(
        changed
            .iter()
            .all(|c| c["level_changed"] == true || c["trend_turned"] == true)
    );
    let ua_change = changed
        .iter()
        .find(|c| c["area"] == "UA")
        .unwrap_or_else(|| panic!("UA did not change: {changes}"));
    assert!(ua_change["level_after"].as_u64() > ua_change["level_before"].as_u64());

    // Errors are JSON from the ApiError table, naming the parameter.
    let m = get_error(&app, "/api/v1/risk?level=town", 400, "bad_request").await;
    assert!(m.starts_with("level"), "{m}");
    let m = get_error(&app, "/api/v1/risk?category=weather", 400, "bad_request").await;
    assert!(m.starts_with("category"), "{m}");
    get_error(&app, "/api/v1/risk?at=2022-02-30", 400, "bad_request").await;
    get_error(&app, "/api/v1/risk/Nigeria/explain", 400, "bad_request").await;
    get_error(&app, "/api/v1/risk/ZZ/explain", 404, "not_found").await;
    get_error(
        &app,
        "/api/v1/risk/UA/history?from=2022-06-30&to=2022-05-01",
        400,
        "invalid_query",
    )
    .await;
    get_error(
        &app,
        "/api/v1/risk/changes?since=2022-06-30&at=2022-06-30",
        400,
        "invalid_query",
    )
    .await;

    // An analyst's override wins until it expires, and shows as `override`.
    let computed = rated[position("UA").unwrap_or(0)]["rating"]["level"].clone();
    let created = ok(store.add_override(&NewOverride {
        area: "UA".into(),
        category: None,
        level: 1,
        reason: "test: a ceasefire the data does not show yet".into(),
        author: "analyst".into(),
        expires: Some(day(2022, 7, 1)),
    }));
    let ua_at = |v: &Value| -> Value {
        areas(v)
            .iter()
            .find(|a| a["area"] == "UA")
            .cloned()
            .unwrap_or_else(|| panic!("no UA in {v}"))
    };
    let list = get_ok(&app, "/api/v1/risk?at=2022-06-30&country=UA").await;
    let ua = ua_at(&list);
    assert_eq!(ua["rating"]["level"], 1);
    assert_eq!(ua["rating"]["computed_level"], computed);
    assert_eq!(ua["rating"]["override"]["id"], created.id);
    assert_eq!(ua["rating"]["override"]["author"], "analyst");
    let why = get_ok(&app, "/api/v1/risk/UA/explain?at=2022-06-30").await;
    assert_eq!(why["rating"]["override"]["id"], created.id);
    let list = get_ok(&app, "/api/v1/risk?at=2022-07-01&country=UA").await;
    let ua = ua_at(&list);
    assert!(ua["rating"]["override"].is_null());
    assert_eq!(ua["rating"]["level"], ua["rating"]["computed_level"]);
    // Category ratings are untouched by an overall override.
    assert!(ua["categories"][Category::ArmedConflict.as_str()]["override"].is_null());

    // Documented in the OpenAPI document.
    let doc = get_ok(&app, "/api/v1/openapi.json").await;
    for path in [
        "/api/v1/risk",
        "/api/v1/risk/{area}/explain",
        "/api/v1/risk/{area}/history",
        "/api/v1/risk/changes",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} undocumented");
    }
    assert!(doc["components"]["schemas"]["RatingDto"]["properties"]["override"].is_object());
}

#[tokio::test]
async fn an_empty_store_has_nothing_to_rate() {
    let dir = ok(tempfile::tempdir());
    let store = Arc::new(ok(SqliteStore::open(dir.path().join("sitrep.db"))));
    let app = sitrep_server::router(store);
    get_error(&app, "/api/v1/risk", 404, "not_found").await;
    get_error(&app, "/api/v1/risk/changes", 404, "not_found").await;
}

/// With populations that list cities, `level=city` rates each city of
/// 100,000+ from the events within its radius, and explains it.
#[tokio::test]
async fn cities_are_rated_from_the_events_around_them() {
    let dir = ok(tempfile::tempdir());
    let store = world_store(dir.path());
    let mut populations = sitrep_risk::Populations::new();
    populations.insert_city(sitrep_risk::City {
        country: "UA".into(),
        admin1: Some("Kharkiv".into()),
        name: "Kharkiv".into(),
        lat: 49.98,
        lon: 36.25,
        population: 1_430_000,
    });
    let app = sitrep_server::router_with_options(
        store,
        sitrep_server::RouterOptions {
            populations: Some(Arc::new(populations)),
            ..Default::default()
        },
    );
    let list = get_ok(&app, "/api/v1/risk?level=city&at=2022-06-30").await;
    assert_eq!(list["level"], "city");
    let areas = list["areas"].as_array().cloned().unwrap_or_default();
    assert_eq!(areas.len(), 1, "{list}");
    assert_eq!(areas[0]["area"], "UA/Kharkiv/Kharkiv");
    assert_eq!(areas[0]["name"], "Kharkiv, Kharkiv, Ukraine");
    let why = get_ok(
        &app,
        "/api/v1/risk/UA%2FKharkiv%2FKharkiv/explain?at=2022-06-30",
    )
    .await;
    let events = why["events"].as_array().cloned().unwrap_or_default();
    assert!(!events.is_empty(), "{why}");
    assert!(
        events.iter().all(|e| e["place"]["country"] == "UA"),
        "{why}"
    );
}

fn list<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("no {key} in {v}"))
}

#[tokio::test]
async fn areas_are_named_and_contributions_placed() {
    let dir = ok(tempfile::tempdir());
    let app = sitrep_server::router(world_store(dir.path()));

    let countries = get_ok(&app, "/api/v1/risk?at=2022-06-30&limit=500").await;
    let areas = list(&countries, "areas");
    let ua = areas
        .iter()
        .find(|a| a["area"] == "UA")
        .unwrap_or_else(|| panic!("no UA in {countries}"));
    assert_eq!(ua["name"], "Ukraine");
    assert!(
        areas.iter().all(|a| a["name"]
            .as_str()
            .is_some_and(|n| !n.is_empty() && n != a["area"])),
        "every rated country has a name from the country table"
    );

    let regions = get_ok(&app, "/api/v1/risk?level=admin1&country=UA&at=2022-06-30").await;
    for r in list(&regions, "areas") {
        let area = r["area"].as_str().unwrap_or_default();
        let admin1 = area.strip_prefix("UA/").unwrap_or_else(|| panic!("{area}"));
        assert_eq!(r["name"], format!("{admin1}, Ukraine"));
    }

    let why = get_ok(&app, "/api/v1/risk/UA/explain?at=2022-06-30&top=8").await;
    assert_eq!(why["name"], "Ukraine");
    let events = list(&why, "events");
    assert_eq!(events.len(), 8);
    for c in events {
        let place = &c["place"];
        assert!(place["name"].as_str().is_some_and(|n| !n.is_empty()), "{c}");
        assert_eq!(place["country"], "UA", "{c}");
        assert_eq!(place["country_name"], "Ukraine", "{c}");
        assert!(place["admin1"].is_string(), "ACLED names the region: {c}");
    }

    // The first contribution's region, explained: a region's name and its spill-over sources.
    let admin1 = events[0]["place"]["admin1"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let encoded = format!("UA%2F{}", admin1.replace(' ', "%20"));
    let why1 = get_ok(
        &app,
        &format!("/api/v1/risk/{encoded}/explain?at=2022-06-30"),
    )
    .await;
    assert_eq!(why1["name"], format!("{admin1}, Ukraine"));
    for s in list(&why1, "spill_points") {
        let area = s["area"].as_str().unwrap_or_default();
        assert_eq!(
            s["name"],
            format!("{}, Ukraine", area.trim_start_matches("UA/"))
        );
    }

    let history = get_ok(
        &app,
        &format!("/api/v1/risk/{encoded}/history?from=2022-06-01&to=2022-06-30"),
    )
    .await;
    assert_eq!(history["name"], format!("{admin1}, Ukraine"));

    let changes = get_ok(&app, "/api/v1/risk/changes?since=2022-02-01&at=2022-06-30").await;
    let changed = list(&changes, "areas");
    assert!(!changed.is_empty());
    assert!(
        changed
            .iter()
            .all(|c| c["name"].as_str().is_some_and(|n| !n.is_empty()))
    );
    assert_eq!(
        changed
            .iter()
            .find(|c| c["area"] == "UA")
            .map(|c| &c["name"]),
        Some(&Value::from("Ukraine"))
    );
}

#[tokio::test]
async fn events_filter_by_admin1_with_their_country() {
    let dir = ok(tempfile::tempdir());
    let store = world_store(dir.path());
    let app = sitrep_server::router(store.clone());

    // Every Ukrainian event, counted per admin1 region by hand.
    let all = ok(store.events(&sitrep_store::EventQuery {
        countries: vec!["UA".into()],
        limit: 10_000,
        ..Default::default()
    }));
    let in_region = |name: &str| {
        all.events
            .iter()
            .filter(|e| {
                e.location
                    .admin1
                    .as_deref()
                    .is_some_and(|a| a.eq_ignore_ascii_case(name))
            })
            .count() as u64
    };
    let donetsk = in_region("Donetsk");
    assert!(donetsk > 10, "{donetsk}");

    let page = get_ok(&app, "/api/v1/events?country=UA&admin1=donetsk&limit=5").await;
    assert_eq!(page["total"].as_u64(), Some(donetsk));
    assert_eq!(list(&page, "events").len(), 5);
    assert!(
        list(&page, "events")
            .iter()
            .all(|e| e["location"]["admin1"] == "Donetsk")
    );
    // The next page continues the same filter.
    let cursor = page["next_cursor"].as_str().unwrap_or_default().to_owned();
    let next = get_ok(
        &app,
        &format!("/api/v1/events?country=UA&admin1=Donetsk&limit=5&cursor={cursor}"),
    )
    .await;
    assert_eq!(next["total"].as_u64(), Some(donetsk));
    // Aggregates and CSV take it too.
    let months = get_ok(
        &app,
        "/api/v1/events/aggregate?by=month&country=UA&admin1=Donetsk",
    )
    .await;
    let counted: u64 = list(&months, "buckets")
        .iter()
        .map(|b| b["events"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(counted, donetsk);

    let (status, v) = get(&app, "/api/v1/events?admin1=Donetsk").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("admin1")),
        "{v}"
    );
    let none = get_ok(&app, "/api/v1/events?country=UA&admin1=Atlantis").await;
    assert_eq!(none["total"], 0);
    // A region of another country by the same name is not mixed in.
    let other = get_ok(&app, "/api/v1/events?country=RU&admin1=Donetsk").await;
    assert_eq!(other["total"], 0);

    let doc = get_ok(&app, "/api/v1/openapi.json").await;
    let params = doc["paths"]["/api/v1/events"]["get"]["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(params.iter().any(|p| p["name"] == "admin1"), "{params:?}");
}

/// Polls `/api/v1/risk/scores` until it answers 200.
async fn scores_when_ready(app: &Router) -> Value {
    let started = Instant::now();
    loop {
        let (status, v) = get(app, "/api/v1/risk/scores").await;
        match status {
            StatusCode::OK => {
                assert_eq!(v["status"], "ready", "{v}");
                assert_eq!(v["stale"], false, "{v}");
                return v;
            }
            StatusCode::ACCEPTED => assert_eq!(v["status"], "computing", "{v}"),
            other => panic!("{other}: {v}"),
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the scores never became ready: {v}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn backtest_scores_are_computed_in_the_background() {
    let dir = ok(tempfile::tempdir());
    let store = world_store(dir.path());
    let app = sitrep_server::router(store.clone());

    // Computing never blocks other requests.
    get_ok(&app, "/healthz").await;
    let scores = scores_when_ready(&app).await;
    let events = ok(store.stats()).events;
    assert_eq!(scores["events"].as_u64(), Some(events));
    assert_eq!(scores["last_date"], "2022-06-30");
    assert!(scores["computed_at"].is_string());
    let levels = list(&scores, "levels");
    assert_eq!(
        levels
            .iter()
            .map(|l| l["level"].clone())
            .collect::<Vec<_>>(),
        ["country", "admin1"]
    );
    let country = &levels[0];
    assert!(country["error"].is_null(), "{country}");
    assert_eq!(country["horizon_days"], 30);
    assert!(
        country["scored_steps"].as_u64().unwrap_or(0) >= 3,
        "{country}"
    );
    let streams = list(country, "streams");
    assert_eq!(streams.len(), 7);
    let overall = &streams[0];
    assert_eq!(overall["stream"], "overall");
    assert!(overall["pairs"].as_u64().unwrap_or(0) > 100, "{overall}");
    for predictor in ["model", "persistence", "historical_mean"] {
        let auc = overall[predictor]["auc"].as_f64().unwrap_or(-1.0);
        assert!((0.0..=1.0).contains(&auc), "{predictor}: {overall}");
        let brier = overall[predictor]["brier"].as_f64().unwrap_or(-1.0);
        assert!((0.0..=1.0).contains(&brier), "{predictor}: {overall}");
    }
    // The ratings rank areas by the chance of a fatal event better than chance.
    assert!(
        overall["model"]["auc"].as_f64().unwrap_or(0.0) > 0.7,
        "{overall}"
    );

    // A new event: the old scores are served as stale while new ones compute.
    let mut event = sitrep_store::testing::sample_event(
        900_001,
        NaiveDate::from_ymd_opt(2022, 6, 30).unwrap_or_default(),
        50.45,
        30.52,
        "UA",
    );
    event.sources[0].dataset = "scores-test".into();
    event.id = sitrep_model::EventId::for_source("scores-test", "900001");
    ok(store.upsert_events(&[event]));
    let (status, v) = get(&app, "/api/v1/risk/scores").await;
    if status == StatusCode::ACCEPTED {
        assert_eq!(v["status"], "computing");
        assert_eq!(v["stale"], true, "{v}");
        assert_eq!(v["events"].as_u64(), Some(events), "{v}");
    }
    let again = scores_when_ready(&app).await;
    assert_eq!(again["events"].as_u64(), Some(events + 1));

    let doc = get_ok(&app, "/api/v1/openapi.json").await;
    assert!(doc["paths"]["/api/v1/risk/scores"]["get"].is_object());
    assert!(doc["components"]["schemas"]["RiskScoresDto"].is_object());
    assert!(doc["components"]["schemas"]["PlaceDto"].is_object());
}

#[tokio::test]
async fn an_empty_store_scores_nothing_and_says_why() {
    let dir = ok(tempfile::tempdir());
    let store = Arc::new(ok(SqliteStore::open(dir.path().join("sitrep.db"))));
    let app = sitrep_server::router(store);
    let scores = scores_when_ready(&app).await;
    assert_eq!(scores["events"], 0);
    for level in list(&scores, "levels") {
        assert!(
            level["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{level}"
        );
        assert!(list(level, "streams").is_empty());
    }
}

/// `text` percent-encoded for a path segment (every byte but ASCII letters and digits).
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The rating of `area` in a listing, if listed.
fn listed<'a>(list: &'a Value, area: &str) -> Option<&'a Value> {
    areas(list).iter().find(|a| a["area"] == area)
}

#[tokio::test]
async fn a_burst_of_events_raises_the_ratings_incrementally() {
    use sitrep_model::{EventDate, EventId, EventType, Source, Status, SubEventType};
    let dir = ok(tempfile::tempdir());
    let store = world_store(dir.path());
    let app = sitrep_server::router(store.clone());
    let list_uri = "/api/v1/risk?level=admin1&at=2022-06-30&limit=10000";
    // The first request loads every event.
    let before = get_ok(&app, list_uri).await;
    // The quietest region the events name (level 1), and one of its events.
    let quiet = areas(&before)
        .iter()
        .rev()
        .find(|a| a["rating"]["level"] == 1 && a["area"].as_str().is_some_and(|s| s.len() > 3))
        .unwrap_or_else(|| panic!("no quiet region"));
    let area = quiet["area"].as_str().unwrap_or_default().to_owned();
    let (cc, admin1) = area.split_once('/').unwrap_or_else(|| panic!("{area}"));
    let query = sitrep_store::EventQuery {
        countries: vec![cc.to_owned()],
        admin1: Some(admin1.to_owned()),
        limit: 1,
        ..sitrep_store::EventQuery::default()
    };
    let template = ok(store.events(&query))
        .events
        .pop()
        .unwrap_or_else(|| panic!("no event in {area}"));

    // A burst: 20 deadly clashes in the last ten days of June (as records of
    // the one dataset stored, so none merges into another), plus a re-code of
    // the region's event with a higher toll.
    let burst: Vec<sitrep_model::Event> = (0..20u32)
        .map(|i| {
            let mut e = template.clone();
            let record_id = format!("BURST{i}");
            e.id = EventId::for_source("acled", &record_id);
            e.sources = vec![Source {
                dataset: "acled".into(),
                record_id,
                url: None,
                name: None,
                retrieved_at: template.first_seen,
            }];
            e.event_type = EventType::Battles;
            e.sub_event_type = Some(SubEventType::ArmedClash);
            e.status = Status::Occurred;
            e.date = EventDate::day(day(2022, 6, 20 + i % 10));
            e.fatalities = Some(30);
            e.actors.clear();
            e
        })
        .collect();
    let watermark = ok(store.watermark());
    let counts = ok(store.upsert_events(&burst));
    assert_eq!(counts.inserted, 20);
    let mut recoded = template.clone();
    recoded.fatalities = Some(template.fatalities.unwrap_or(0) + 100);
    assert_eq!(
        ok(store.upsert_events(std::slice::from_ref(&recoded))).updated,
        1
    );
    assert_eq!(ok(store.changes_since(watermark, 100)).events.len(), 21);

    let after = get_ok(&app, list_uri).await;
    let level = |list: &Value| listed(list, &area).and_then(|a| a["rating"]["level"].as_u64());
    assert_eq!(level(&before), Some(1));
    assert!(level(&after).is_some_and(|l| l >= 3), "{area}: {after}");
    let why = get_ok(
        &app,
        &format!(
            "/api/v1/risk/{}/explain?at=2022-06-30&top=40",
            encode(&area)
        ),
    )
    .await;
    let named: Vec<&str> = list(&why, "events")
        .iter()
        .filter_map(|e| e["id"].as_str())
        .collect();
    for e in burst.iter().chain([&recoded]) {
        assert!(
            named.contains(&e.id.0.as_str()),
            "{} not in {named:?}",
            e.id
        );
    }
    let toll = list(&why, "events")
        .iter()
        .find(|e| e["id"] == recoded.id.0.as_str())
        .and_then(|e| e["fatalities"].as_u64());
    assert_eq!(toll, recoded.fatalities.map(u64::from));

    // A fresh server over the same store (every event loaded) answers the same.
    let fresh = sitrep_server::router(store.clone());
    for uri in [
        list_uri.to_owned(),
        "/api/v1/risk?level=country&at=2022-06-30&limit=10000".to_owned(),
        format!(
            "/api/v1/risk/{}/explain?at=2022-06-30&top=40",
            encode(&area)
        ),
        format!("/api/v1/risk/{cc}/history?from=2022-05-01&to=2022-06-30"),
        "/api/v1/risk/changes?level=admin1&at=2022-06-30".to_owned(),
    ] {
        assert_eq!(
            get_ok(&app, &uri).await,
            get_ok(&fresh, &uri).await,
            "{uri}"
        );
    }
}
