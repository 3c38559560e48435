//! Organisations and keys through the multi-organisation router: every API
//! route needs a key, each key sees only its organisation's store, roles
//! limit what a key may do, browsers sign in with an HttpOnly cookie, and a
//! loopback server with no keys serves its one organisation until the first
//! key is issued. Real SQLite stores and access store in a temporary directory.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use chrono::{Duration, NaiveDate, Utc};
use serde_json::{Value, json};
use sitrep_server::RouterOptions;
use sitrep_server::access::{Organisations, organisations_router};
use sitrep_store::testing::sample_event;
use sitrep_store::{
    AccessStore, NewKey, NewReport, Role, SqliteAccess, SqliteStore, Store, StoreError,
};
use tower::ServiceExt;

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

struct Fixture {
    _dir: tempfile::TempDir,
    access: Arc<SqliteAccess>,
    stores: HashMap<String, Arc<SqliteStore>>,
    app: Router,
}

/// Two organisations, each with one event of its own (Kabul for acme,
/// Lagos for globex) and one report in acme's store.
fn fixture(open_org: Option<&str>) -> Fixture {
    let dir = ok(tempfile::tempdir());
    let access = Arc::new(ok(SqliteAccess::open(dir.path().join("access.db"))));
    let mut stores = HashMap::new();
    let day = NaiveDate::from_ymd_opt(2024, 3, 22).unwrap_or_default();
    for (i, (org, lat, lon, cc)) in [("acme", 34.53, 69.17, "AF"), ("globex", 6.45, 3.39, "NG")]
        .into_iter()
        .enumerate()
    {
        ok(access.add_organisation(org, &format!("{org} Ltd")));
        let store = Arc::new(ok(SqliteStore::open(
            dir.path().join(org).join("sitrep.db"),
        )));
        ok(store.upsert_events(&[sample_event(i as u32 + 1, day, lat, lon, cc)]));
        stores.insert(org.to_owned(), store);
    }
    let report = NewReport {
        id: "abc123".into(),
        title: Some("Acme's confidential briefing".into()),
        published: Some(day),
        url: None,
        text: "Confidential: our staff in Kabul.".into(),
        retrieved_at: Utc::now(),
        submitted_by: None,
    };
    ok(stores["acme"].put_report(&report, &[]));
    let by_slug = stores.clone();
    let app = organisations_router(Organisations {
        access: access.clone(),
        stores: Arc::new(move |slug: &str| {
            by_slug
                .get(slug)
                .map(|s| Arc::clone(s) as Arc<dyn Store>)
                .ok_or_else(|| StoreError::InvalidQuery(format!("no organisation {slug}")).into())
        }),
        open_org: open_org.map(str::to_owned),
        options: RouterOptions::default(),
    });
    Fixture {
        _dir: dir,
        access,
        stores,
        app,
    }
}

impl Fixture {
    fn key(&self, org: &str, role: Role) -> String {
        let new = NewKey {
            org: org.into(),
            role,
            label: format!("{org} {role}"),
            expires: None,
            issued_by: "test setup".into(),
        };
        ok(self.access.issue_key(&new)).token
    }
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: not JSON: {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn expect(&self, status: u16) -> &Self {
        assert_eq!(self.status.as_u16(), status, "{}", self.text());
        self
    }

    fn error_code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

async fn send(
    app: &Router,
    method: &str,
    uri: &str,
    auth: Option<(&str, &str)>,
    body: Option<Value>,
) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some((name, value)) = auth {
        request = request.header(name, value);
    }
    let body = match body {
        Some(v) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    let response = ok(app.clone().oneshot(ok(request.body(body))).await);
    let status = response.status();
    let headers = response.headers().clone();
    let body = ok(axum::body::to_bytes(response.into_body(), 16 << 20).await).to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

async fn get(app: &Router, uri: &str, token: Option<&str>) -> Reply {
    let auth = token.map(|t| format!("Bearer {t}"));
    send(
        app,
        "GET",
        uri,
        auth.as_deref().map(|a| ("authorization", a)),
        None,
    )
    .await
}

fn event_ids(reply: &Reply) -> Vec<String> {
    reply.json()["events"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn every_api_route_needs_a_valid_key_but_health_docs_and_ui_do_not() {
    let f = fixture(None);
    let _key = f.key("acme", Role::Viewer);
    for uri in [
        "/api/v1/events",
        "/api/v1/risk",
        "/api/v1/reports",
        "/api/v1/feeds",
        "/api/v1/stats",
        "/api/v1/session",
        "/api/v1/keys",
        "/api/v1/no-such-route",
    ] {
        let reply = get(&f.app, uri, None).await;
        reply.expect(401);
        assert_eq!(reply.error_code(), "unauthorized", "{uri}");
        assert!(
            reply
                .headers
                .get(header::WWW_AUTHENTICATE)
                .is_some_and(|v| v.to_str().unwrap_or_default().starts_with("Bearer")),
            "{uri}"
        );
    }
    get(&f.app, "/healthz", None).await.expect(200);
    get(&f.app, "/api/v1/openapi.json", None).await.expect(200);
    get(&f.app, "/", None).await.expect(200);
    // Keys that are not keys, or not this server's.
    let forged = format!("sitrep_{}", "0".repeat(64));
    for bad in ["nonsense", "sitrep_", forged.as_str(), "' OR 1=1 --"] {
        get(&f.app, "/api/v1/events", Some(bad)).await.expect(401);
    }
    let basic = send(
        &f.app,
        "GET",
        "/api/v1/events",
        Some(("authorization", "Basic YWRtaW46YWRtaW4=")),
        None,
    )
    .await;
    basic.expect(401);
}

#[tokio::test]
async fn each_key_sees_only_its_organisations_data() {
    let f = fixture(None);
    let acme = f.key("acme", Role::Viewer);
    let globex = f.key("globex", Role::Viewer);
    let mine = get(&f.app, "/api/v1/events", Some(&acme)).await;
    mine.expect(200);
    let theirs = get(&f.app, "/api/v1/events", Some(&globex)).await;
    theirs.expect(200);
    let (mine, theirs) = (event_ids(&mine), event_ids(&theirs));
    assert_eq!(mine.len(), 1);
    assert_eq!(theirs.len(), 1);
    assert_ne!(mine, theirs);
    // Another organisation's event and report are not found, not forbidden:
    // their existence is not disclosed.
    let acme_event = format!("/api/v1/events/{}", mine[0]);
    get(&f.app, &acme_event, Some(&acme)).await.expect(200);
    get(&f.app, &acme_event, Some(&globex)).await.expect(404);
    get(&f.app, "/api/v1/reports/abc123", Some(&acme))
        .await
        .expect(200);
    let leaked = get(&f.app, "/api/v1/reports/abc123", Some(&globex)).await;
    leaked.expect(404);
    let listed = get(&f.app, "/api/v1/reports", Some(&globex)).await;
    assert!(!listed.expect(200).text().contains("confidential"));
    // Stats count each organisation's own store.
    let stats = get(&f.app, "/api/v1/stats", Some(&globex)).await;
    assert_eq!(stats.expect(200).json()["events"], 1);
    assert_eq!(ok(f.stores["globex"].stats()).events, 1);
}

#[tokio::test]
async fn roles_limit_what_a_key_may_do() {
    let f = fixture(None);
    let viewer = f.key("acme", Role::Viewer);
    let analyst = f.key("acme", Role::Analyst);
    let report = json!({"text": "Gunmen attacked a market in Kabul on Friday."});
    let post = |token: String| {
        let (app, report) = (f.app.clone(), report.clone());
        async move {
            let auth = format!("Bearer {token}");
            send(
                &app,
                "POST",
                "/api/v1/reports",
                Some(("authorization", auth.as_str())),
                Some(report),
            )
            .await
        }
    };
    let refused = post(viewer.clone()).await;
    refused.expect(403);
    assert_eq!(refused.error_code(), "forbidden");
    assert!(refused.text().contains("analyst"), "{}", refused.text());
    // The analyst reaches the organisation's API (which has no extractor here: 503).
    post(analyst.clone()).await.expect(503);
    // Keys are for admins only.
    get(&f.app, "/api/v1/keys", Some(&viewer)).await.expect(403);
    get(&f.app, "/api/v1/keys", Some(&analyst))
        .await
        .expect(403);
}

#[tokio::test]
async fn admins_issue_list_and_revoke_their_organisations_keys_only() {
    let f = fixture(None);
    let admin = f.key("acme", Role::Admin);
    let other_admin = f.key("globex", Role::Admin);
    let auth = format!("Bearer {admin}");
    let issued = send(
        &f.app,
        "POST",
        "/api/v1/keys",
        Some(("authorization", auth.as_str())),
        Some(json!({"role": "viewer", "label": "ops wall screen"})),
    )
    .await;
    let issued = issued.expect(201).json();
    let token = issued["token"].as_str().unwrap_or_default().to_owned();
    assert!(token.starts_with("sitrep_"), "{issued}");
    assert_eq!(issued["key"]["org"], "acme");
    let session = get(&f.app, "/api/v1/session", Some(&token)).await;
    let session = session.expect(200).json();
    assert_eq!(
        (session["org"].as_str(), session["role"].as_str()),
        (Some("acme"), Some("viewer"))
    );
    assert_eq!(session["org_name"], "acme Ltd");
    // The list shows acme's keys, never a token.
    let list = get(&f.app, "/api/v1/keys", Some(&admin)).await;
    let text = list.expect(200).text();
    assert!(!text.contains(&token) && !text.contains(&admin), "{text}");
    let orgs: Vec<Value> = list.json()["keys"]
        .as_array()
        .map(|a| a.iter().map(|k| k["org"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(orgs, vec![json!("acme"), json!("acme")]);
    // Bad roles and past expiries are refused.
    for body in [
        json!({"role": "root", "label": "x"}),
        json!({"role": "viewer", "label": " "}),
        json!({"role": "viewer", "label": "x", "expires": "2001-01-01T00:00:00Z"}),
    ] {
        let reply = send(
            &f.app,
            "POST",
            "/api/v1/keys",
            Some(("authorization", auth.as_str())),
            Some(body),
        )
        .await;
        assert_eq!(reply.status.as_u16() / 100, 4, "{}", reply.text());
    }
    // Globex's admin cannot revoke acme's key (not found), acme's can.
    let id = issued["key"]["id"].as_i64().unwrap_or_default();
    let uri = format!("/api/v1/keys/{id}");
    let other_auth = format!("Bearer {other_admin}");
    send(
        &f.app,
        "DELETE",
        &uri,
        Some(("authorization", other_auth.as_str())),
        None,
    )
    .await
    .expect(404);
    get(&f.app, "/api/v1/events", Some(&token))
        .await
        .expect(200);
    send(
        &f.app,
        "DELETE",
        &uri,
        Some(("authorization", auth.as_str())),
        None,
    )
    .await
    .expect(204);
    get(&f.app, "/api/v1/events", Some(&token))
        .await
        .expect(401);
    // Who issued and who revoked it are on record.
    let listed = get(&f.app, "/api/v1/keys", Some(&admin)).await.json();
    let record = listed["keys"]
        .as_array()
        .and_then(|a| a.iter().find(|k| k["id"].as_i64() == Some(id)).cloned())
        .unwrap_or_default();
    let by = |field: &str| record[field].as_str().unwrap_or_default().to_owned();
    assert!(by("issued_by").starts_with("acme admin (key "), "{record}");
    assert_eq!(by("issued_by"), by("revoked_by"), "{record}");
    send(
        &f.app,
        "DELETE",
        &uri,
        Some(("authorization", auth.as_str())),
        None,
    )
    .await
    .expect(404);
}

#[tokio::test]
async fn expired_keys_are_refused() {
    let f = fixture(None);
    let soon = NewKey {
        org: "acme".into(),
        role: Role::Viewer,
        label: "contractor".into(),
        expires: Some(Utc::now() - Duration::seconds(1)),
        issued_by: "test setup".into(),
    };
    let token = ok(f.access.issue_key(&soon)).token;
    get(&f.app, "/api/v1/events", Some(&token))
        .await
        .expect(401);
}

#[tokio::test]
async fn browsers_sign_in_with_an_http_only_same_site_cookie() {
    let f = fixture(None);
    let key = f.key("acme", Role::Analyst);
    let signed_in = send(
        &f.app,
        "POST",
        "/api/v1/session",
        None,
        Some(json!({ "key": key })),
    )
    .await;
    signed_in.expect(200);
    let cookie = signed_in
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    for attribute in ["sitrep_key=", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    assert_eq!(
        signed_in
            .headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    // Behind a TLS-terminating proxy the cookie is Secure.
    let request = Request::post("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-forwarded-proto", "https")
        .body(Body::from(json!({ "key": key }).to_string()));
    let response = ok(f.app.clone().oneshot(ok(request)).await);
    let secure = response
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(secure.contains("; Secure"), "{secure}");
    let pair = cookie.split(';').next().unwrap_or_default().to_owned();
    let with_cookie = send(
        &f.app,
        "GET",
        "/api/v1/events",
        Some(("cookie", pair.as_str())),
        None,
    )
    .await;
    assert_eq!(event_ids(with_cookie.expect(200)).len(), 1);
    // A wrong key sets no cookie.
    let refused = send(
        &f.app,
        "POST",
        "/api/v1/session",
        None,
        Some(json!({"key": "sitrep_nope"})),
    )
    .await;
    refused.expect(401);
    assert!(refused.headers.get(header::SET_COOKIE).is_none());
    // Signing out clears the cookie.
    let out = send(&f.app, "DELETE", "/api/v1/session", None, None).await;
    out.expect(204);
    let cleared = out
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
}

#[tokio::test]
async fn a_loopback_server_without_keys_is_open_until_the_first_key() {
    let f = fixture(Some("acme"));
    let open = get(&f.app, "/api/v1/session", None).await;
    let open = open.expect(200).json();
    assert_eq!(open["open"], true);
    assert_eq!(open["org"], "acme");
    assert_eq!(
        event_ids(&get(&f.app, "/api/v1/events", None).await).len(),
        1
    );
    // A wrong key is still refused, even while open.
    get(&f.app, "/api/v1/events", Some("sitrep_nope"))
        .await
        .expect(401);
    // The local user issues the first key (as the UI's Access view does):
    // from then on, a key is needed.
    let first = send(
        &f.app,
        "POST",
        "/api/v1/keys",
        None,
        Some(json!({"role": "admin", "label": "first admin"})),
    )
    .await;
    let first = first.expect(201).json();
    assert_eq!(first["key"]["org"], "acme");
    get(&f.app, "/api/v1/events", None).await.expect(401);
    let token = first["token"].as_str().unwrap_or_default();
    get(&f.app, "/api/v1/events", Some(token)).await.expect(200);
    let key = f.key("globex", Role::Viewer);
    get(&f.app, "/api/v1/events", Some(&key)).await.expect(200);
    // Without an open organisation, no keys means nobody gets in.
    let closed = fixture(None);
    get(&closed.app, "/api/v1/events", None).await.expect(401);
}

#[tokio::test]
async fn admins_add_and_remove_feeds_and_others_only_read_them() {
    let f = fixture(None);
    let admin = format!("Bearer {}", f.key("acme", Role::Admin));
    let analyst = format!("Bearer {}", f.key("acme", Role::Analyst));
    let theirs = f.key("globex", Role::Viewer);
    let post = |auth: String, body: Value| {
        let app = f.app.clone();
        async move {
            send(
                &app,
                "POST",
                "/api/v1/feeds",
                Some(("authorization", auth.as_str())),
                Some(body),
            )
            .await
        }
    };
    let gdacs = json!({"url": "https://www.gdacs.org/xml/rss.xml"});
    let refused = post(analyst.clone(), gdacs.clone()).await;
    refused.expect(403);
    assert!(refused.text().contains("admin"), "{}", refused.text());
    let added = post(admin.clone(), gdacs.clone()).await;
    let feed = added.expect(201).json();
    assert_eq!(
        (&feed["kind"], &feed["name"], &feed["every_secs"]),
        (&json!("rss"), &json!("www.gdacs.org"), &json!(900))
    );
    for (body, field) in [
        (gdacs.clone(), "already"),
        (json!({"url": "ftp://example.org/feed"}), "http"),
        (
            json!({"url": "https://example.org/f", "kind": "xml"}),
            "kind",
        ),
        (
            json!({"url": "https://example.org/f", "every_secs": 5}),
            "interval",
        ),
    ] {
        let reply = post(admin.clone(), body.clone()).await;
        reply.expect(400);
        assert!(reply.text().contains(field), "{body}: {}", reply.text());
    }
    // Acme's viewers see it; globex's do not.
    let listed = get(&f.app, "/api/v1/feeds", Some(&f.key("acme", Role::Viewer))).await;
    assert!(listed.expect(200).text().contains("gdacs"));
    let other = get(&f.app, "/api/v1/feeds", Some(&theirs)).await;
    assert!(!other.expect(200).text().contains("gdacs"));
    let uri = format!("/api/v1/feeds/{}", feed["id"]);
    let delete = |auth: String| {
        let (app, uri) = (f.app.clone(), uri.clone());
        async move {
            send(
                &app,
                "DELETE",
                &uri,
                Some(("authorization", auth.as_str())),
                None,
            )
            .await
        }
    };
    delete(analyst).await.expect(403);
    delete(admin.clone()).await.expect(204);
    delete(admin).await.expect(404);
}
