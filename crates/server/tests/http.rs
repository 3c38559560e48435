//! The HTTP API end to end: requests through the router (and once over TCP)
//! against a real SQLite store in a temporary directory.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use chrono::NaiveDate;
use serde_json::Value;
use sitrep_model::{ActorKind, Event, EventType, SubEventType};
use sitrep_store::testing::sample_event;
use sitrep_store::{SqliteStore, Store};
use tower::ServiceExt;

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("bad date {y}-{m}-{d}"))
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Arc<SqliteStore>,
    app: Router,
}

fn fixture(events: &[Event]) -> Fixture {
    let dir = ok(tempfile::tempdir());
    let store = Arc::new(ok(SqliteStore::open(dir.path().join("sitrep.db"))));
    ok(store.upsert_events(events));
    let app = sitrep_server::router(store.clone());
    Fixture {
        _dir: dir,
        store,
        app,
    }
}

/// Krasnogorsk and Moscow (RU), Kerman (IR), Kabul (AF): the store suite's four events.
fn four_events() -> Vec<Event> {
    let mut events = vec![
        sample_event(1, day(2024, 3, 22), 55.82, 37.33, "RU"),
        sample_event(2, day(2024, 1, 3), 30.28, 57.08, "IR"),
        sample_event(3, day(2022, 7, 31), 34.53, 69.17, "AF"),
        sample_event(4, day(2024, 3, 23), 55.75, 37.62, "RU"),
    ];
    events[1].event_type = EventType::ExplosionsRemoteViolence;
    events[1].sub_event_type = Some(SubEventType::SuicideBomb);
    events[1].fatalities = Some(96);
    events[2].event_type = EventType::ExplosionsRemoteViolence;
    events[2].sub_event_type = Some(SubEventType::AirDroneStrike);
    events[2].actors[0].name = "Military Forces of the United States".into();
    events[2].actors[0].kind = ActorKind::External;
    events[2].notes = "A drone strike in Kabul killed Ayman al-Zawahiri.".into();
    events[3].event_type = EventType::Protests;
    events[3].sub_event_type = Some(SubEventType::PeacefulProtest);
    events[3].fatalities = None;
    events[3].actors.clear();
    events
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{e}: not JSON: {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(300)])
            )
        })
    }

    fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// Asserts a JSON error with this status and code, and returns its message.
    fn error(&self, status: u16, code: &str) -> String {
        assert_eq!(
            self.status.as_u16(),
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        assert!(self.content_type().starts_with("application/json"));
        let v = self.json();
        assert_eq!(v["error"]["code"], code, "{v}");
        v["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = ok(app.clone().oneshot(request).await);
    let status = response.status();
    let headers = response.headers().clone();
    let body = ok(axum::body::to_bytes(response.into_body(), 64 << 20).await).to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

async fn get(app: &Router, uri: &str) -> Reply {
    send(app, ok(Request::get(uri).body(Body::empty()))).await
}

async fn get_accept(app: &Router, uri: &str, accept: &str) -> Reply {
    let request = ok(Request::get(uri)
        .header(header::ACCEPT, accept)
        .body(Body::empty()));
    send(app, request).await
}

/// Percent-encodes a query value.
fn enc(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn ids(app: &Router, query: &str) -> Vec<String> {
    let reply = get(app, &format!("/api/v1/events?{query}")).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "{query}: {}",
        String::from_utf8_lossy(&reply.body)
    );
    let page = reply.json();
    page["events"]
        .as_array()
        .unwrap_or_else(|| panic!("no events in {page}"))
        .iter()
        .map(|e| e["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn filters_select_the_right_events() {
    let f = fixture(&four_events());
    let app = &f.app;
    let cases: &[(String, &[&str])] = &[
        (String::new(), &["test:4", "test:1", "test:2", "test:3"]),
        ("bbox=37,55,38,56".into(), &["test:4", "test:1"]),
        ("near=55.82,37.33,10".into(), &["test:1"]),
        (
            "from=2024-01-01&to=2024-03-22".into(),
            &["test:1", "test:2"],
        ),
        (
            format!("type={}", enc("explosions/remote violence")),
            &["test:2", "test:3"],
        ),
        (format!("type={}", enc("Protests,Battles")), &["test:4"]),
        (format!("sub_type={}", enc("Suicide bomb")), &["test:2"]),
        ("category=terrorism".into(), &["test:1", "test:2"]),
        ("category=civil_unrest,crime".into(), &["test:4"]),
        (
            "status=occurred".into(),
            &["test:4", "test:1", "test:2", "test:3"],
        ),
        ("status=foiled".into(), &[]),
        ("country=af".into(), &["test:3"]),
        ("country=IR,af".into(), &["test:2", "test:3"]),
        (
            format!("actor={}", enc("military forces of the united states")),
            &["test:3"],
        ),
        (format!("text={}", enc("zawahiri drone")), &["test:3"]),
        ("min_fatalities=50".into(), &["test:2"]),
        ("min_fatalities=0&country=RU".into(), &["test:1"]),
        ("country=RU&limit=1".into(), &["test:4"]),
    ];
    for (query, expected) in cases {
        assert_eq!(ids(app, query).await, *expected, "query {query:?}");
    }
}

#[tokio::test]
async fn cursor_pages_cover_everything_once() {
    let events: Vec<Event> = (1..=95)
        .map(|n| {
            sample_event(
                n,
                day(2024, 1 + n % 3, 1 + n % 5),
                f64::from(n) / 10.0,
                0.0,
                "NG",
            )
        })
        .collect();
    let f = fixture(&events);
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let uri = match &cursor {
            Some(c) => format!("/api/v1/events?limit=10&cursor={}", enc(c)),
            None => "/api/v1/events?limit=10".to_owned(),
        };
        let reply = get(&f.app, &uri).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(
            reply.headers.get("x-total-count").map(|v| v.as_bytes()),
            Some(&b"95"[..])
        );
        let page = reply.json();
        assert_eq!(page["total"], 95);
        for e in page["events"]
            .as_array()
            .unwrap_or_else(|| panic!("{page}"))
        {
            seen.push(e["id"].as_str().unwrap_or_default().to_owned());
        }
        pages += 1;
        match page["next_cursor"].as_str() {
            Some(c) => {
                assert_eq!(
                    reply.headers.get("x-next-cursor").map(|v| v.as_bytes()),
                    Some(c.as_bytes())
                );
                cursor = Some(c.to_owned());
            }
            None => break,
        }
        assert!(pages <= 10, "more pages than events allow");
    }
    assert_eq!(pages, 10);
    assert_eq!(seen.len(), 95);
    assert_eq!(
        seen.iter().collect::<BTreeSet<_>>().len(),
        95,
        "a page repeated an event"
    );
}

#[tokio::test]
async fn geojson_by_format_parameter_and_by_accept_header_agree() {
    let f = fixture(&four_events());
    let by_param = get(&f.app, "/api/v1/events?format=geojson&country=RU").await;
    let by_accept = get_accept(&f.app, "/api/v1/events?country=RU", "application/geo+json").await;
    for reply in [&by_param, &by_accept] {
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.content_type(), "application/geo+json");
    }
    assert_eq!(by_param.body, by_accept.body);
    let v = by_param.json();
    assert_eq!(v["type"], "FeatureCollection");
    assert_eq!(v["total"], 2);
    let features = v["features"].as_array().unwrap_or_else(|| panic!("{v}"));
    assert_eq!(features.len(), 2);
    assert_eq!(features[1]["id"], "test:1");
    assert_eq!(features[1]["geometry"]["type"], "Point");
    assert_eq!(
        features[1]["geometry"]["coordinates"],
        serde_json::json!([37.33, 55.82])
    );
    let props = &features[1]["properties"];
    assert_eq!(props["location"]["name"], "Place 1");
    assert!(props["location"].get("lat").is_none());
    assert_eq!(props["sources"][0]["record_id"], "1");
    assert_eq!(props["event_type"], "Violence against civilians");
    // An explicit format wins over Accept.
    let json = get_accept(&f.app, "/api/v1/events?format=json", "application/geo+json").await;
    assert!(json.content_type().starts_with("application/json"));
    assert!(json.json()["events"].is_array());
}

#[tokio::test]
async fn csv_by_format_parameter_and_by_accept_header() {
    let mut events = four_events();
    events[0].notes = "Gunmen, \"four\" of them,\nopened fire.".into();
    let f = fixture(&events);
    let by_param = get(&f.app, "/api/v1/events?format=csv").await;
    let by_accept = get_accept(&f.app, "/api/v1/events", "text/csv").await;
    for reply in [&by_param, &by_accept] {
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.content_type(), "text/csv; charset=utf-8");
    }
    assert_eq!(by_param.body, by_accept.body);
    let mut reader = csv::Reader::from_reader(by_param.body.as_slice());
    let header: Vec<String> = ok(reader.headers()).iter().map(str::to_owned).collect();
    assert_eq!(header, sitrep_api::CSV_COLUMNS);
    let rows: Vec<csv::StringRecord> = ok(reader.records().collect::<Result<_, _>>());
    assert_eq!(rows.len(), 4);
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let krasnogorsk = rows
        .iter()
        .find(|r| r.get(0) == Some("test:1"))
        .unwrap_or_else(|| panic!("no test:1 row"));
    assert_eq!(
        krasnogorsk.get(col("notes")),
        Some("Gunmen, \"four\" of them,\nopened fire.")
    );
    assert_eq!(
        krasnogorsk.get(col("actors")),
        Some("Islamic State Khorasan Province (perpetrator)")
    );
    assert_eq!(krasnogorsk.get(col("sources")), Some("test:1"));
    assert_eq!(krasnogorsk.get(col("country")), Some("RU"));
}

#[tokio::test]
async fn event_by_id_has_sources_actors_and_history() {
    let events = four_events();
    let f = fixture(&events);
    let mut recoded = events[0].clone();
    recoded.fatalities = Some(145);
    ok(f.store.upsert_events(&[recoded]));

    let reply = get(&f.app, "/api/v1/events/test:1").await;
    assert_eq!(reply.status, StatusCode::OK);
    let e = reply.json();
    assert_eq!(e["id"], "test:1");
    assert_eq!(e["fatalities"], 145);
    assert_eq!(e["category"], "terrorism");
    assert_eq!(e["sources"][0]["dataset"], "test");
    assert_eq!(e["sources"][0]["record_id"], "1");
    assert_eq!(e["sources"][0]["url"], "https://example.org/1");
    assert_eq!(e["actors"][0]["name"], "Islamic State Khorasan Province");
    assert_eq!(e["actors"][0]["role"], "perpetrator");
    assert!(e["actors"][0]["actor_id"].is_i64());
    let history = e["history"].as_array().unwrap_or_else(|| panic!("{e}"));
    assert_eq!(history.len(), 2);
    assert_eq!(history[1]["changes"][0]["field"], "fatalities");
    assert_eq!(history[1]["changes"][0]["new"], "145");

    // Every field of the DTO survives the round trip through HTTP.
    let dto: sitrep_api::EventDetailDto = ok(serde_json::from_value(e));
    assert_eq!(dto.event.location.country.as_deref(), Some("RU"));

    let missing = get(&f.app, "/api/v1/events/test:404").await;
    let message = missing.error(404, "not_found");
    assert!(message.contains("test:404"), "{message}");
}

#[tokio::test]
async fn bad_parameters_are_400_json_naming_the_parameter() {
    let f = fixture(&four_events());
    let cases = [
        ("bbox=1,2,3", "invalid_query", "bbox"),
        ("bbox=0,10,1,5", "invalid_query", "bbox"),
        ("from=22-03-2024", "bad_request", "from"),
        ("to=2024-02-30", "bad_request", "to"),
        ("from=2024-05-01&to=2024-01-01", "invalid_query", "from"),
        ("limit=0", "invalid_query", "limit"),
        ("limit=10001", "invalid_query", "limit"),
        ("limit=ten", "bad_request", "limit"),
        ("min_fatalities=-1", "bad_request", "min_fatalities"),
        ("country=Russia", "bad_request", "country"),
        ("type=Weather", "bad_request", "type"),
        ("category=weather", "bad_request", "category"),
        ("near=55,37", "invalid_query", "near"),
        ("cursor=xyz", "invalid_query", "cursor"),
        ("format=xml", "bad_request", "format"),
    ];
    for (query, code, name) in cases {
        let reply = get(&f.app, &format!("/api/v1/events?{query}")).await;
        let message = reply.error(400, code);
        assert!(message.starts_with(name), "{query}: {message}");
    }
    let agg = get(&f.app, "/api/v1/events/aggregate?by=grid&zoom=21").await;
    assert!(agg.error(400, "invalid_query").starts_with("zoom"));
    let agg = get(&f.app, "/api/v1/events/aggregate?by=year").await;
    assert!(agg.error(400, "bad_request").starts_with("by"));
    let agg = get(&f.app, "/api/v1/events/aggregate?by=month&format=geojson").await;
    assert!(agg.error(400, "bad_request").starts_with("format"));
}

#[tokio::test]
async fn unknown_routes_methods_and_formats_are_json_errors() {
    let f = fixture(&[]);
    get(&f.app, "/api/v1/nothing").await.error(404, "not_found");
    get(&f.app, "/no-such-page").await.error(404, "not_found");
    let post = send(
        &f.app,
        ok(Request::post("/api/v1/events").body(Body::empty())),
    )
    .await;
    post.error(405, "method_not_allowed");
    get_accept(&f.app, "/api/v1/events", "image/png")
        .await
        .error(406, "not_acceptable");
    let big = send(
        &f.app,
        ok(Request::get("/api/v1/events")
            .header(header::CONTENT_LENGTH, "1000000")
            .body(Body::from(vec![b'x'; 1_000_000]))),
    )
    .await;
    big.error(413, "payload_too_large");
}

#[tokio::test]
async fn aggregates_by_grid_and_by_month() {
    let mut events = four_events();
    events[0].fatalities = Some(145);
    let f = fixture(&events);

    let grid = get(&f.app, "/api/v1/events/aggregate?by=grid&zoom=3&cells=1").await;
    assert_eq!(grid.status, StatusCode::OK);
    let v = grid.json();
    assert_eq!(v["by"], "grid");
    assert_eq!(v["zoom"], 3);
    let cells = v["cells"].as_array().unwrap_or_else(|| panic!("{v}"));
    // Kerman and Kabul share a cell at zoom 3; Krasnogorsk and Moscow another.
    assert_eq!(cells.len(), 2, "{v}");
    let moscow = cells
        .iter()
        .find(|c| c["lat"].as_f64().is_some_and(|lat| lat > 50.0))
        .unwrap_or_else(|| panic!("no Moscow cell in {v}"));
    assert_eq!(moscow["events"], 2);
    assert_eq!(moscow["fatalities"], 145);
    assert!((moscow["lat"].as_f64().unwrap_or_default() - 55.785).abs() < 0.01);
    assert_eq!(moscow["bbox"].as_array().map(Vec::len), Some(4));

    let geo = get(
        &f.app,
        "/api/v1/events/aggregate?zoom=3&cells=1&format=geojson",
    )
    .await;
    assert_eq!(geo.status, StatusCode::OK);
    assert_eq!(geo.content_type(), "application/geo+json");
    let g = geo.json();
    assert_eq!(g["type"], "FeatureCollection");
    let features = g["features"].as_array().unwrap_or_else(|| panic!("{g}"));
    assert_eq!(features.len(), 2);
    let point = features
        .iter()
        .find(|p| p["properties"]["fatalities"] == 145)
        .unwrap_or_else(|| panic!("{g}"));
    assert_eq!(point["geometry"]["coordinates"][1], moscow["lat"]);
    let by_accept = get_accept(
        &f.app,
        "/api/v1/events/aggregate?zoom=3&cells=1",
        "application/geo+json",
    )
    .await;
    assert_eq!(by_accept.body, geo.body);

    let months = get(&f.app, "/api/v1/events/aggregate?by=month&from=2024-01-01").await;
    assert_eq!(months.status, StatusCode::OK);
    let m = months.json();
    assert_eq!(m["by"], "month");
    assert_eq!(
        m["buckets"],
        serde_json::json!([
            {"start": "2024-01-01", "events": 1, "fatalities": 96},
            {"start": "2024-03-01", "events": 2, "fatalities": 145},
        ])
    );
    // Time aggregates have no GeoJSON, so a client asking for it gets JSON if it accepts that.
    let months_any = get_accept(
        &f.app,
        "/api/v1/events/aggregate?by=month",
        "application/geo+json, application/json;q=0.5",
    )
    .await;
    assert!(months_any.content_type().starts_with("application/json"));
}

#[tokio::test]
async fn stats_and_health() {
    let f = fixture(&four_events());
    let stats = get(&f.app, "/api/v1/stats").await;
    assert_eq!(stats.status, StatusCode::OK);
    let s = stats.json();
    assert_eq!(s["events"], 4);
    assert_eq!(s["first_date"], "2022-07-31");
    assert_eq!(s["last_date"], "2024-03-23");
    let health = get(&f.app, "/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.json()["status"], "ok");
}

#[tokio::test]
async fn openapi_document_lists_every_path_and_schema() {
    let f = fixture(&[]);
    let reply = get(&f.app, "/api/v1/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.json();
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with('3')));
    let paths: BTreeSet<&str> = doc["paths"]
        .as_object()
        .unwrap_or_else(|| panic!("no paths in {doc}"))
        .keys()
        .map(String::as_str)
        .collect();
    let expected: BTreeSet<&str> = [
        "/api/v1/actors/{name}",
        "/api/v1/areas",
        "/api/v1/events",
        "/api/v1/events/{id}",
        "/api/v1/events/aggregate",
        "/api/v1/risk",
        "/api/v1/risk/changes",
        "/api/v1/risk/scores",
        "/api/v1/risk/{area}/explain",
        "/api/v1/risk/{area}/history",
        "/api/v1/reports",
        "/api/v1/reports/{id}",
        "/api/v1/feeds",
        "/api/v1/alerts/admin",
        "/api/v1/stats",
        "/healthz",
        "/api/v1/openapi.json",
        "/api/v1/feeds/{id}",
        "/api/v1/overrides",
        "/api/v1/overrides/{id}",
        "/api/v1/overrides/{id}/expire",
        "/api/v1/session",
        "/api/v1/keys",
        "/api/v1/keys/{id}",
    ]
    .into_iter()
    .collect();
    assert_eq!(paths, expected);
    let params: BTreeSet<&str> = doc["paths"]["/api/v1/events"]["get"]["parameters"]
        .as_array()
        .unwrap_or_else(|| panic!("no parameters"))
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    for name in [
        "bbox",
        "near",
        "from",
        "to",
        "type",
        "sub_type",
        "category",
        "status",
        "country",
        "actor",
        "text",
        "min_fatalities",
        "limit",
        "cursor",
        "format",
    ] {
        assert!(params.contains(name), "parameter {name} undocumented");
    }
    let agg_params = doc["paths"]["/api/v1/events/aggregate"]["get"]["parameters"].to_string();
    for name in ["\"by\"", "\"zoom\"", "\"cells\""] {
        assert!(agg_params.contains(name), "{name} undocumented");
    }
    let schemas = &doc["components"]["schemas"];
    for name in [
        "EventDto",
        "EventPageDto",
        "EventDetailDto",
        "RevisionDto",
        "AggregateDto",
        "GridCellDto",
        "TimeBucketDto",
        "StatsDto",
        "ErrorDto",
    ] {
        assert!(schemas.get(name).is_some(), "schema {name} missing");
    }
    let event_fields = schemas["EventDto"]["properties"]
        .as_object()
        .map(|p| p.len())
        .unwrap_or_default();
    assert_eq!(event_fields, 15, "EventDto documents every field");
}

#[tokio::test]
async fn sql_metacharacters_in_filters_are_harmless() {
    let f = fixture(&four_events());
    let nasty = "'; DROP TABLE events; --";
    for param in ["text", "actor"] {
        let reply = get(&f.app, &format!("/api/v1/events?{param}={}", enc(nasty))).await;
        assert_eq!(reply.status, StatusCode::OK, "{param}");
        assert_eq!(reply.json()["total"], 0);
    }
    let quoted = get(
        &f.app,
        &format!("/api/v1/events?text={}", enc("\" OR 1=1 -- %_*")),
    )
    .await;
    assert_eq!(quoted.status, StatusCode::OK);
    assert_eq!(quoted.json()["total"], 0);
    assert_eq!(ids(&f.app, "").await.len(), 4, "table intact");
    assert_eq!(ok(f.store.stats()).events, 4);
}

#[tokio::test]
async fn responses_are_gzipped_when_asked() {
    let f = fixture(&four_events());
    let request = ok(Request::get("/api/v1/events")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty()));
    let reply = send(&f.app, request).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply
            .headers
            .get(header::CONTENT_ENCODING)
            .map(|v| v.as_bytes()),
        Some(&b"gzip"[..])
    );
    assert_eq!(reply.body.get(..2), Some(&[0x1f, 0x8b][..]));
}

#[tokio::test]
async fn serve_answers_over_tcp_and_shuts_down() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let dir = ok(tempfile::tempdir());
    let store = Arc::new(ok(SqliteStore::open(dir.path().join("sitrep.db"))));
    ok(store.upsert_events(&four_events()));
    let listener = ok(tokio::net::TcpListener::bind("127.0.0.1:0").await);
    let addr = ok(listener.local_addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(sitrep_server::serve_listener(store, listener, async {
        let _ = stopped.await;
    }));

    let request = |path: &str| {
        format!(
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\nConnection: close\r\n\r\n"
        )
    };
    for (path, status, needle) in [
        ("/healthz", "200", "\"ok\""),
        ("/api/v1/events?country=AF", "200", "test:3"),
        ("/api/v1/events?bbox=nope", "400", "invalid_query"),
    ] {
        let mut stream = ok(tokio::net::TcpStream::connect(addr).await);
        ok(stream.write_all(request(path).as_bytes()).await);
        let mut response = String::new();
        ok(stream.read_to_string(&mut response).await);
        let status_line = response.lines().next().unwrap_or_default();
        assert!(
            status_line.starts_with(&format!("HTTP/1.1 {status}")),
            "{path}: {status_line}"
        );
        assert!(response.contains(needle), "{path}: {response}");
    }

    let _ = stop.send(());
    let finished = tokio::time::timeout(std::time::Duration::from_secs(10), server).await;
    ok(ok(ok(finished)));
}
