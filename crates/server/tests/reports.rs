//! `POST /api/v1/reports` end to end over the real gazetteer (installed from
//! the pinned geodata packages on first use): the analyst report of
//! `crates/extract/test_data` is posted, its Krasnogorsk event found by text
//! and by country, and the event and report linked both ways; posting it
//! again changes nothing.

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use sitrep_api::reports::ReportReader;
use sitrep_extract::Registry;
use sitrep_geoparse::{Admin2Index, Gazetteer, Geoparser};
use sitrep_server::{RouterOptions, router_with_options};
use sitrep_store::SqliteStore;
use tower::ServiceExt;

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn geodata() -> &'static (Gazetteer, Admin2Index) {
    static GEODATA: OnceLock<(Gazetteer, Admin2Index)> = OnceLock::new();
    GEODATA.get_or_init(|| {
        let dir = ok(sitrep_geodata::ensure_installed(
            &sitrep_geodata::default_dir(),
        ));
        let gazetteer = ok(sitrep_geodata::load_gazetteer(&dir));
        let names = ok(sitrep_geodata::places::read_admin2_names(&dir));
        let admin2 = Admin2Index::build(&gazetteer, &names);
        (gazetteer, admin2)
    })
}

async fn call(app: &Router, request: Request<Body>) -> (StatusCode, serde_json::Value) {
    let response = ok(app.clone().oneshot(request).await);
    let status = response.status();
    let bytes = ok(axum::body::to_bytes(response.into_body(), 64 << 20).await);
    let value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&bytes)));
    (status, value)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, serde_json::Value) {
    call(app, ok(Request::get(uri).body(Body::empty()))).await
}

async fn post(app: &Router, body: &serde_json::Value) -> (StatusCode, serde_json::Value) {
    let request = Request::post("/api/v1/reports")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()));
    call(app, ok(request)).await
}

fn enc(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn posted_report_stores_its_events_linked_both_ways() {
    let (gazetteer, admin2) = geodata();
    let reader = ReportReader::new(
        Geoparser::new(gazetteer).with_admin2(admin2),
        ok(Registry::builtin()),
    );
    let dir = ok(tempfile::tempdir());
    let store = Arc::new(ok(SqliteStore::open(dir.path().join("sitrep.db"))));
    let app = router_with_options(
        store,
        RouterOptions {
            reader: Some(Arc::new(reader)),
            ..RouterOptions::default()
        },
    );
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../extract/test_data/iskp_report.txt"
    );
    let text = ok(std::fs::read_to_string(path));
    let body = serde_json::json!({
        "text": text, "published": "2024-04-15", "url": "https://example.org/iskp",
    });

    let (status, first) = post(&app, &body).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["created"], true);
    let report_id = first["report"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(report_id.len(), 32);
    let stored = first["inserted"].as_u64().unwrap_or_default();
    assert!(stored >= 5, "{first}");

    // The Krasnogorsk event, found by text and by country.
    let (status, page) = get(&app, "/api/v1/events?text=Krasnogorsk").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let event = &page["events"][0];
    assert_eq!(event["location"]["name"], "Krasnogorsk", "{page}");
    assert_eq!(event["location"]["country"], "RU");
    assert_eq!(event["date"]["start"], "2024-03-22");
    assert_eq!(event["fatalities"], 145);
    assert_eq!(event["sources"][0]["dataset"], "report");
    assert_eq!(event["sources"][0]["url"], "https://example.org/iskp");
    assert!(event["tags"].to_string().contains("extracted"));
    let event_id = event["id"].as_str().unwrap_or_default().to_owned();
    assert!(event_id.starts_with(&format!("report:{report_id}#")));
    let (_, by_country) = get(&app, "/api/v1/events?country=RU").await;
    assert!(by_country.to_string().contains(&event_id));

    // Event → report, and report → event.
    let (status, of_event) = get(&app, &format!("/api/v1/reports?event={}", enc(&event_id))).await;
    assert_eq!(status, StatusCode::OK, "{of_event}");
    assert_eq!(of_event["reports"][0]["id"], report_id.as_str());
    let (status, report) = get(&app, &format!("/api/v1/reports/{report_id}")).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert!(report["events"].to_string().contains(&event_id));
    assert_eq!(report["published"], "2024-04-15");
    assert!(
        report["text"]
            .as_str()
            .unwrap_or_default()
            .contains("Crocus City Hall")
    );
    let (_, list) = get(&app, "/api/v1/reports").await;
    assert_eq!(list["reports"].as_array().map(Vec::len), Some(1));
    assert!(list["reports"][0].get("text").is_none());

    // Posting it again changes nothing.
    let (status, again) = post(&app, &body).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["created"], false);
    assert_eq!(again["inserted"], 0);
    assert_eq!(again["updated"], 0);
    assert_eq!(again["unchanged"].as_u64(), Some(stored));

    // Errors: unknown report, bad body, empty text.
    let (status, _) = get(&app, "/api/v1/reports/0000").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, err) = post(&app, &serde_json::json!({"txt": "x"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    let (status, _) = post(&app, &serde_json::json!({"text": "  "})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn reports_need_the_extractor_and_accept_large_bodies() {
    let dir = ok(tempfile::tempdir());
    let store = Arc::new(ok(SqliteStore::open(dir.path().join("sitrep.db"))));
    let app = router_with_options(store, RouterOptions::default());
    // 1 MiB of text is over the general 64 KiB limit but within the report route's.
    let body = serde_json::json!({"text": "word ".repeat(200_000)});
    let (status, err) = post(&app, &body).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{err}");
    let body = serde_json::json!({"text": "word ".repeat(500_000)});
    let (status, err) = post(&app, &body).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{err}");
}
