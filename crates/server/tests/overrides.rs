//! Analysts' overrides over HTTP, through the organisations router `sitrep
//! serve` runs: an analyst key sets, ends and deletes them and is their
//! author in the audit log; a viewer key may only read them; bad input is
//! refused with the field named; each organisation sees only its own; and a
//! new override is in force in the ratings at once.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use chrono::{Duration, NaiveDate, Utc};
use serde_json::{Value, json};
use sitrep_server::RouterOptions;
use sitrep_server::access::{Organisations, organisations_router};
use sitrep_store::testing::sample_event;
use sitrep_store::{AccessStore, NewKey, Role, SqliteAccess, SqliteStore, Store, StoreError};
use tower::ServiceExt;

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

struct Fixture {
    _dir: tempfile::TempDir,
    app: Router,
    keys: HashMap<(&'static str, Role), String>,
}

/// Two organisations, each with a few Nigerian events in region "Region",
/// and a viewer and an analyst key each.
fn fixture() -> Fixture {
    let dir = ok(tempfile::tempdir());
    let access = Arc::new(ok(SqliteAccess::open(dir.path().join("access.db"))));
    let mut stores = HashMap::new();
    let mut keys = HashMap::new();
    let day = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap_or_default();
    for org in ["acme", "globex"] {
        ok(access.add_organisation(org, org));
        let store = Arc::new(ok(SqliteStore::open(
            dir.path().join(org).join("sitrep.db"),
        )));
        let events: Vec<_> = (1..=5)
            .map(|i| sample_event(i, day + Duration::days(i64::from(i)), 11.8, 13.1, "NG"))
            .collect();
        ok(store.upsert_events(&events));
        stores.insert(org.to_owned(), store);
        for role in [Role::Viewer, Role::Analyst] {
            let issued = ok(access.issue_key(&NewKey {
                org: org.into(),
                role,
                label: format!("{org} {role}"),
                expires: None,
                issued_by: "test setup".into(),
            }));
            keys.insert((org, role), issued.token);
        }
    }
    let app = organisations_router(Organisations {
        access,
        stores: Arc::new(move |slug: &str| {
            stores
                .get(slug)
                .map(|s| Arc::clone(s) as Arc<dyn Store>)
                .ok_or_else(|| StoreError::InvalidQuery(format!("no organisation {slug}")).into())
        }),
        open_org: None,
        options: RouterOptions::default(),
    });
    Fixture {
        _dir: dir,
        app,
        keys,
    }
}

impl Fixture {
    async fn call(
        &self,
        key: (&'static str, Role),
        method: &str,
        uri: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {}", self.keys[&key]));
        let body = match body {
            Some(v) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        let response = ok(self.app.clone().oneshot(ok(request.body(body))).await);
        let status = response.status().as_u16();
        let bytes = ok(axum::body::to_bytes(response.into_body(), 16 << 20).await);
        let value = if bytes.is_empty() {
            Value::Null
        } else {
            ok(serde_json::from_slice(&bytes))
        };
        (status, value)
    }
}

const ANALYST: (&str, Role) = ("acme", Role::Analyst);
const VIEWER: (&str, Role) = ("acme", Role::Viewer);

fn nigeria(list: &Value) -> Value {
    list["areas"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["area"] == "NG").cloned())
        .unwrap_or_else(|| panic!("NG not rated: {list}"))
}

#[tokio::test]
async fn an_analyst_sets_ends_and_deletes_overrides_as_the_author() {
    let f = fixture();
    let (status, created) = f
        .call(
            ANALYST,
            "POST",
            "/api/v1/overrides",
            Some(json!({
                "area": "NG", "level": 5, "author": "Mallory",
                "reason": "Coordinated attacks expected around the elections",
            })),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let author = created["author"].as_str().unwrap_or_default();
    assert!(author.starts_with("acme analyst (key "), "{created}");
    assert_eq!(created["stream"], "overall");
    // In force at once, for viewers too.
    let (_, list) = f.call(VIEWER, "GET", "/api/v1/risk", None).await;
    let ng = nigeria(&list);
    assert_eq!(ng["rating"]["level"], 5, "{ng}");
    assert_eq!(ng["rating"]["override"]["id"], created["id"]);

    // A region, spelt as the events spell it whatever the case, per category.
    let (status, region) = f
        .call(
            ANALYST,
            "POST",
            "/api/v1/overrides",
            Some(
                json!({"area": "ng/REGION", "category": "kidnap", "level": 4,
                        "reason": "Kidnappings on the main road",
                        "expires": (Utc::now().date_naive() + Duration::days(30)).to_string()}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{region}");
    assert_eq!(region["area"], "NG/Region");
    assert_eq!(region["stream"], "kidnap");

    // Ended today: listed as inactive, no longer in force from today (the
    // store's latest rating, in 2024, still carries it: it applied then).
    let id = created["id"].as_i64().unwrap_or_default();
    let (status, ended) = f
        .call(
            ANALYST,
            "POST",
            &format!("/api/v1/overrides/{id}/expire"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{ended}");
    let today = Utc::now().date_naive().to_string();
    assert_eq!(ended["expires"], today);
    let (_, list) = f
        .call(VIEWER, "GET", &format!("/api/v1/risk?at={today}"), None)
        .await;
    assert!(nigeria(&list)["rating"]["override"].is_null());
    let (_, list) = f.call(VIEWER, "GET", "/api/v1/risk", None).await;
    assert_eq!(nigeria(&list)["rating"]["override"]["id"], created["id"]);
    let (status, all) = f.call(VIEWER, "GET", "/api/v1/overrides", None).await;
    assert_eq!(status, 200);
    let states: Vec<(i64, bool)> = all["overrides"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|o| (o["id"].as_i64().unwrap_or(-1), o["active"] == true))
                .collect()
        })
        .unwrap_or_default();
    let region_id = region["id"].as_i64().unwrap_or_default();
    assert_eq!(states, vec![(region_id, true), (id, false)]);

    // Deleted: gone, and the audit log names the key for every step.
    let uri = format!("/api/v1/overrides/{id}");
    assert_eq!(f.call(ANALYST, "DELETE", &uri, None).await.0, 204);
    assert_eq!(f.call(ANALYST, "DELETE", &uri, None).await.0, 404);
    let (_, all) = f.call(VIEWER, "GET", "/api/v1/overrides", None).await;
    let log: Vec<(String, String)> = all["audit"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|l| l["override_id"].as_i64() == Some(id))
                .map(|l| {
                    (
                        l["action"].as_str().unwrap_or_default().to_owned(),
                        l["by"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let actions: Vec<&str> = log.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(actions, ["create", "expire", "delete"]);
    assert!(log.iter().all(|(_, by)| by == author), "{log:?}");
    assert!(!all.to_string().contains("Mallory"));
}

#[tokio::test]
async fn viewers_cannot_change_overrides() {
    let f = fixture();
    let body = json!({"area": "NG", "level": 5, "reason": "x"});
    let (status, error) = f
        .call(VIEWER, "POST", "/api/v1/overrides", Some(body))
        .await;
    assert_eq!(status, 403, "{error}");
    assert_eq!(
        f.call(VIEWER, "POST", "/api/v1/overrides/1/expire", None)
            .await
            .0,
        403
    );
    assert_eq!(
        f.call(VIEWER, "DELETE", "/api/v1/overrides/1", None)
            .await
            .0,
        403
    );
}

#[tokio::test]
async fn bad_overrides_are_refused_with_the_field_named() {
    let f = fixture();
    let past = (Utc::now().date_naive() - Duration::days(1)).to_string();
    for (body, status, field) in [
        (
            json!({"area": "NG", "level": 0, "reason": "r"}),
            400,
            "level",
        ),
        (
            json!({"area": "NG", "level": 6, "reason": "r"}),
            400,
            "level",
        ),
        (
            json!({"area": "NG", "level": 3, "reason": "  "}),
            400,
            "reason",
        ),
        (
            json!({"area": "NG", "level": 3, "reason": "r", "expires": past}),
            400,
            "expires",
        ),
        (
            json!({"area": "XX", "level": 3, "reason": "r"}),
            400,
            "area",
        ),
        (
            json!({"area": "NG", "level": 3, "reason": "r", "category": "weather"}),
            400,
            "category",
        ),
        (
            json!({"area": "NG/Atlantis", "level": 3, "reason": "r"}),
            404,
            "Atlantis",
        ),
        (json!({"level": 3, "reason": "r"}), 400, "area"),
    ] {
        let (got, error) = f
            .call(ANALYST, "POST", "/api/v1/overrides", Some(body.clone()))
            .await;
        assert_eq!(got, status, "{body}: {error}");
        let message = error["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(field), "{body}: {message}");
    }
    let (status, _) = f
        .call(ANALYST, "POST", "/api/v1/overrides/999/expire", None)
        .await;
    assert_eq!(status, 404);
    let (_, all) = f.call(VIEWER, "GET", "/api/v1/overrides", None).await;
    assert_eq!(all["overrides"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn each_organisation_sees_only_its_own_overrides() {
    let f = fixture();
    let (status, _) = f
        .call(
            ANALYST,
            "POST",
            "/api/v1/overrides",
            Some(json!({"area": "NG", "level": 5, "reason": "acme's own assessment"})),
        )
        .await;
    assert_eq!(status, 201);
    let theirs = ("globex", Role::Viewer);
    let (_, all) = f.call(theirs, "GET", "/api/v1/overrides", None).await;
    assert_eq!(all["overrides"].as_array().map(Vec::len), Some(0), "{all}");
    assert_eq!(all["audit"].as_array().map(Vec::len), Some(0), "{all}");
    let (_, list) = f.call(theirs, "GET", "/api/v1/risk", None).await;
    assert!(nigeria(&list)["rating"]["override"].is_null());
    // Nor can they end it.
    let (status, _) = f
        .call(
            ("globex", Role::Analyst),
            "POST",
            "/api/v1/overrides/1/expire",
            None,
        )
        .await;
    assert_eq!(status, 404);
}
