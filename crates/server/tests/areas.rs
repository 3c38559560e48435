//! `GET /api/v1/areas` through the router: with boundaries (a small synthetic
//! set, so the test needs no geodata), without them, and with bad levels.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;
use sitrep_geo::boundaries::{CountryBoundaries, Polygon};
use sitrep_store::SqliteStore;
use tower::ServiceExt;

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn square(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<[f64; 2]> {
    vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
}

fn app(dir: &tempfile::TempDir, with_boundaries: bool) -> Router {
    let store = Arc::new(ok(SqliteStore::open(dir.path().join("sitrep.db"))));
    let boundaries = with_boundaries.then(|| {
        Arc::new(CountryBoundaries::new(vec![
            (
                "ZA".to_owned(),
                vec![Polygon::new(
                    square(16.0, -35.0, 33.0, -22.0),
                    vec![square(27.0, -30.7, 29.5, -28.5)],
                )],
            ),
            (
                "LS".to_owned(),
                vec![Polygon::new(square(27.0, -30.7, 29.5, -28.5), vec![])],
            ),
        ]))
    });
    sitrep_server::router_with(store, boundaries)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, String, Vec<u8>) {
    let request = ok(Request::get(uri).body(Body::empty()));
    let response = ok(app.clone().oneshot(request).await);
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = ok(axum::body::to_bytes(response.into_body(), 64 << 20).await).to_vec();
    (status, content_type, body)
}

fn json(body: &[u8]) -> Value {
    ok(serde_json::from_slice(body))
}

#[tokio::test]
async fn countries_as_geojson_cached() {
    let dir = ok(tempfile::tempdir());
    let app = app(&dir, true);
    let (status, content_type, body) = get(&app, "/api/v1/areas?level=country").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "application/geo+json");
    let v = json(&body);
    assert_eq!(v["type"], "FeatureCollection");
    let features = v["features"].as_array().cloned().unwrap_or_default();
    let ids: Vec<&str> = features.iter().filter_map(|f| f["id"].as_str()).collect();
    assert_eq!(ids, ["LS", "ZA"]);
    let za = &features[1];
    assert_eq!(za["properties"]["name"], "South Africa");
    assert_eq!(za["properties"]["iso2"], "ZA");
    assert_eq!(za["geometry"]["type"], "MultiPolygon");
    assert_eq!(
        za["geometry"]["coordinates"][0].as_array().map(Vec::len),
        Some(2),
        "exterior and Lesotho's hole"
    );
    let (_, _, again) = get(&app, "/api/v1/areas").await;
    assert_eq!(
        again, body,
        "level defaults to country; the answer is cached"
    );
}

#[tokio::test]
async fn admin1_unknown_levels_and_missing_geodata() {
    let dir = ok(tempfile::tempdir());
    let app = app(&dir, true);
    // Admin-1 regions need admin-1 boundaries (tests/admin1_areas.rs has them).
    let (status, _, body) = get(&app, "/api/v1/areas?level=admin1").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let v = json(&body);
    assert_eq!(v["error"]["code"], "unavailable");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("admin-1")),
        "{v}"
    );
    let (status, _, body) = get(&app, "/api/v1/areas?level=city").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json(&body)["error"]["code"], "bad_request");

    let bare = self::app(&dir, false);
    let (status, _, body) = get(&bare, "/api/v1/areas?level=country").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(json(&body)["error"]["code"], "unavailable");
    let (status, _, _) = get(&bare, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_openapi_document_describes_areas() {
    let dir = ok(tempfile::tempdir());
    let (_, _, body) = get(&app(&dir, false), "/api/v1/openapi.json").await;
    let v = json(&body);
    let areas = &v["paths"]["/api/v1/areas"]["get"];
    assert!(areas.is_object(), "{}", v["paths"]);
    assert!(v["components"]["schemas"]["AreaCollectionDto"].is_object());
}
