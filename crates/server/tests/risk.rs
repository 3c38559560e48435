//! The risk endpoints end to end: the real ACLED world sample imported into a
//! temporary SQLite store, requests through the router with `oneshot`.

use std::path::Path;
use std::sync::Arc;

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
