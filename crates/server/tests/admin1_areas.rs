//! `GET /api/v1/areas?level=admin1[&country=CC]` through the router, over small
//! synthetic admin-1 boundaries (so the test needs no geodata) and events whose
//! admin1 names match a region by name or only by where they are.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::NaiveDate;
use serde_json::Value;
use sitrep_geo::admin1::{Admin1Boundaries, Admin1Region};
use sitrep_geo::boundaries::{CountryBoundaries, Polygon};
use sitrep_server::{RouterOptions, router_with_options};
use sitrep_store::{SqliteStore, Store};
use tower::ServiceExt;

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn square(x0: f64, y0: f64, x1: f64, y1: f64) -> Polygon {
    Polygon::new(
        vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]],
        vec![],
    )
}

fn region(cc: &str, name: &str, code: Option<&str>, p: Polygon) -> Admin1Region {
    Admin1Region {
        country: cc.into(),
        name: name.into(),
        code: code.map(str::to_owned),
        polygons: vec![p],
    }
}

/// Nigeria's Borno and Yobe, France's Finistère and Morbihan (events call both
/// "Bretagne"), with events in three of them.
fn app(dir: &tempfile::TempDir) -> (Router, Arc<SqliteStore>) {
    let store = Arc::new(ok(SqliteStore::open(dir.path().join("sitrep.db"))));
    let on = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap_or_default();
    let mut events = Vec::new();
    for (n, lat, lon, cc, admin1) in [
        (1, 11.8, 13.1, "NG", "BORNO"),
        (2, 11.9, 13.2, "NG", "Borno State"),
        (3, 48.2, -4.2, "FR", "Bretagne"),
        (4, 47.8, -2.9, "FR", "Bretagne"),
    ] {
        let mut e = sitrep_store::testing::sample_event(n, on, lat, lon, cc);
        e.location.admin1 = Some(admin1.into());
        events.push(e);
    }
    ok(store.upsert_events(&events));
    let admin1 = Admin1Boundaries::new(vec![
        region("NG", "Borno", Some("NG.BO"), square(11.5, 10.0, 14.7, 13.7)),
        region("NG", "Yobe", Some("NG.YO"), square(9.6, 10.5, 11.5, 13.4)),
        region("FR", "Finistère", None, square(-5.2, 47.7, -3.4, 48.8)),
        region("FR", "Morbihan", None, square(-3.4, 47.3, -2.0, 48.2)),
    ]);
    let countries = CountryBoundaries::new(vec![
        ("NG".to_owned(), vec![square(2.7, 4.2, 14.7, 13.9)]),
        ("FR".to_owned(), vec![square(-5.2, 42.3, 8.3, 51.1)]),
    ]);
    let app = router_with_options(
        store.clone(),
        RouterOptions {
            boundaries: Some(Arc::new(countries)),
            admin1: Some(Arc::new(admin1)),
            ..RouterOptions::default()
        },
    );
    (app, store)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, String, Value) {
    let request = ok(Request::get(uri).body(Body::empty()));
    let response = ok(app.clone().oneshot(request).await);
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = ok(axum::body::to_bytes(response.into_body(), 64 << 20).await);
    (status, content_type, ok(serde_json::from_slice(&body)))
}

fn features(v: &Value) -> Vec<Value> {
    v["features"].as_array().cloned().unwrap_or_default()
}

fn feature<'a>(all: &'a [Value], id: &str) -> &'a Value {
    all.iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {all:?}"))
}

#[tokio::test]
async fn regions_of_a_country_carry_their_rating_area() {
    let dir = ok(tempfile::tempdir());
    let (app, _store) = app(&dir);
    let (status, content_type, v) = get(&app, "/api/v1/areas?level=admin1&country=ng").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(content_type, "application/geo+json");
    assert_eq!(v["type"], "FeatureCollection");
    let ng = features(&v);
    assert_eq!(ng.len(), 2);
    let borno = feature(&ng, "NG/Borno");
    assert_eq!(borno["properties"]["iso2"], "NG");
    assert_eq!(borno["properties"]["country_name"], "Nigeria");
    assert_eq!(borno["properties"]["code"], "NG.BO");
    assert_eq!(borno["geometry"]["type"], "MultiPolygon");
    // Matched by name: the events' most used spelling ("BORNO" and "Borno State" tie on one
    // each; the first in order wins, deterministically).
    let area = borno["properties"]["area"].as_str().unwrap_or_default();
    assert!(area == "NG/BORNO" || area == "NG/Borno State", "{area}");
    assert!(feature(&ng, "NG/Yobe")["properties"]["area"].is_null());

    // Matched by where the events are: both Breton departments carry "Bretagne".
    let (_, _, v) = get(&app, "/api/v1/areas?level=admin1&country=FR").await;
    let fr = features(&v);
    assert_eq!(
        feature(&fr, "FR/Finistère")["properties"]["area"],
        "FR/Bretagne"
    );
    assert_eq!(
        feature(&fr, "FR/Morbihan")["properties"]["area"],
        "FR/Bretagne"
    );

    // Every country's regions at once; a country without regions has none.
    let (_, _, all) = get(&app, "/api/v1/areas?level=admin1").await;
    assert_eq!(features(&all).len(), 4);
    let (status, _, none) = get(&app, "/api/v1/areas?level=admin1&country=DE").await;
    assert_eq!(status, StatusCode::OK);
    assert!(features(&none).is_empty());

    // The rating areas are the ones the risk endpoint rates.
    let (_, _, rated) = get(&app, "/api/v1/risk?level=admin1&country=FR").await;
    assert_eq!(rated["areas"][0]["area"], "FR/Bretagne");
    assert_eq!(rated["areas"][0]["name"], "Bretagne, France");
}

#[tokio::test]
async fn countries_can_be_asked_one_at_a_time_and_bad_countries_are_refused() {
    let dir = ok(tempfile::tempdir());
    let (app, _store) = app(&dir);
    let (status, _, v) = get(&app, "/api/v1/areas?country=FR").await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<Value> = features(&v).iter().map(|f| f["id"].clone()).collect();
    assert_eq!(ids, ["FR"]);
    let (_, _, all) = get(&app, "/api/v1/areas").await;
    assert_eq!(features(&all).len(), 2);
    for bad in ["FRA", "F1", "NG,FR"] {
        let (status, _, v) = get(&app, &format!("/api/v1/areas?level=admin1&country={bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {v}");
        assert!(
            v["error"]["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("country")),
            "{v}"
        );
    }
    let (_, _, doc) = get(&app, "/api/v1/openapi.json").await;
    assert!(doc["components"]["schemas"]["Admin1CollectionDto"].is_object());
    let params = doc["paths"]["/api/v1/areas"]["get"]["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(params.iter().any(|p| p["name"] == "country"), "{params:?}");
}

#[tokio::test]
async fn regions_follow_new_events() {
    let dir = ok(tempfile::tempdir());
    let (app, store) = app(&dir);
    let (_, _, v) = get(&app, "/api/v1/areas?level=admin1&country=NG").await;
    assert!(feature(&features(&v), "NG/Yobe")["properties"]["area"].is_null());
    let on = NaiveDate::from_ymd_opt(2024, 3, 2).unwrap_or_default();
    let mut e = sitrep_store::testing::sample_event(9, on, 12.0, 10.5, "NG");
    e.location.admin1 = Some("Yobe".into());
    ok(store.upsert_events(&[e]));
    let (_, _, v) = get(&app, "/api/v1/areas?level=admin1&country=NG").await;
    assert_eq!(
        feature(&features(&v), "NG/Yobe")["properties"]["area"],
        "NG/Yobe"
    );
}
