//! The feed endpoints: every feed with its health (what the poller recorded:
//! last attempt, success and error, consecutive failures, item counts), the
//! admin alerts a failing feed raises, and adding or removing a feed (admin
//! keys only). The poller `sitrep serve` runs picks new feeds up on its next
//! round; the fetch guard refuses private addresses then, as for every feed.

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use sitrep_api::feeds::{AdminAlertDto, AdminAlertListDto, FeedDto, FeedListDto, NewFeedDto};
use sitrep_api::{ApiError, ErrorDto};
use sitrep_store::{Principal, Role};
use utoipa::IntoParams;

use crate::AppState;
use crate::access::require_role;
use crate::error::{ApiQuery, HttpError};

/// Every feed sitrep polls, oldest first, with its health.
#[utoipa::path(
    get,
    path = "/api/v1/feeds",
    tag = "feeds",
    responses(
        (status = 200, description = "Feeds with their health", body = FeedListDto),
        (status = 500, description = "Internal error", body = ErrorDto),
    )
)]
pub(crate) async fn list_feeds(
    State(app): State<AppState>,
) -> Result<Json<FeedListDto>, HttpError> {
    let dto = app
        .run(|store| {
            Ok(FeedListDto {
                feeds: store.feeds()?.iter().map(FeedDto::new).collect(),
            })
        })
        .await?;
    Ok(Json(dto))
}

/// Add a feed to poll (admin keys only): RSS, Atom, GeoJSON or GDELT's
/// lastupdate.txt, guessed from the URL unless `kind` says.
#[utoipa::path(
    post,
    path = "/api/v1/feeds",
    tag = "feeds",
    request_body = NewFeedDto,
    responses(
        (status = 201, description = "The feed, to be polled on the poller's next round", body = FeedDto),
        (status = 400, description = "A bad URL, kind or interval, or a URL already polled", body = ErrorDto),
        (status = 403, description = "Not an admin key", body = ErrorDto),
        (status = 500, description = "Internal error", body = ErrorDto),
    )
)]
pub(crate) async fn add_feed(
    State(app): State<AppState>,
    principal: Option<Extension<Principal>>,
    body: Bytes,
) -> Result<Response, HttpError> {
    require_role(principal.as_ref(), Role::Admin)?;
    let dto: NewFeedDto = crate::json_body(&body)?;
    let new = dto.to_new_feed()?;
    let feed = app.run(move |store| Ok(store.add_feed(&new)?)).await?;
    tracing::info!(feed = feed.id, url = %feed.url, "feed added");
    Ok((StatusCode::CREATED, Json(FeedDto::new(&feed))).into_response())
}

/// Stop polling a feed (admin keys only); its reports and events stay, its
/// open alerts are cleared.
#[utoipa::path(
    delete,
    path = "/api/v1/feeds/{id}",
    tag = "feeds",
    params(("id" = i64, Path, description = "The feed's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not an admin key", body = ErrorDto),
        (status = 404, description = "No such feed", body = ErrorDto),
    )
)]
pub(crate) async fn remove_feed(
    State(app): State<AppState>,
    principal: Option<Extension<Principal>>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, HttpError> {
    require_role(principal.as_ref(), Role::Admin)?;
    let id = crate::path_param("id", id)?;
    app.run(move |store| {
        if store.remove_feed(id)? {
            Ok(StatusCode::NO_CONTENT)
        } else {
            Err(ApiError::NotFound(format!("no feed {id}")))
        }
    })
    .await
    .map_err(HttpError)
}

/// Parameters of `GET /api/v1/alerts/admin`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct AdminAlertParams {
    /// Include cleared alerts too (default false: open alerts only).
    all: Option<bool>,
}

/// Admin alerts, newest first: open ones (a feed that failed its last polls
/// in a row, until it succeeds again), or all with `all=true`.
#[utoipa::path(
    get,
    path = "/api/v1/alerts/admin",
    tag = "feeds",
    params(AdminAlertParams),
    responses(
        (status = 200, description = "Admin alerts", body = AdminAlertListDto),
        (status = 400, description = "A parameter is malformed", body = ErrorDto),
        (status = 500, description = "Internal error", body = ErrorDto),
    )
)]
pub(crate) async fn admin_alerts(
    State(app): State<AppState>,
    ApiQuery(params): ApiQuery<AdminAlertParams>,
) -> Result<Json<AdminAlertListDto>, HttpError> {
    let open_only = !params.all.unwrap_or(false);
    let dto = app
        .run(move |store| {
            Ok(AdminAlertListDto {
                alerts: store
                    .admin_alerts(open_only)?
                    .iter()
                    .map(AdminAlertDto::new)
                    .collect(),
            })
        })
        .await?;
    Ok(Json(dto))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use chrono::Utc;
    use sitrep_store::{FeedKind, FeedStore, NewFeed, SqliteStore};
    use tower::ServiceExt;

    fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
        r.unwrap_or_else(|e| panic!("{e}"))
    }

    async fn get(app: &axum::Router, uri: &str) -> (StatusCode, serde_json::Value) {
        let response = ok(app
            .clone()
            .oneshot(ok(Request::get(uri).body(Body::empty())))
            .await);
        let status = response.status();
        let bytes = ok(axum::body::to_bytes(response.into_body(), 1 << 20).await);
        (status, ok(serde_json::from_slice(&bytes)))
    }

    #[tokio::test]
    async fn feeds_and_admin_alerts_are_listed() {
        let dir = ok(tempfile::tempdir());
        let store = Arc::new(ok(SqliteStore::open(dir.path().join("sitrep.db"))));
        let feed = ok(store.add_feed(&NewFeed {
            url: "https://www.gdacs.org/xml/rss.xml".into(),
            name: "GDACS".into(),
            kind: FeedKind::Rss,
            every_secs: 900,
        }));
        let app = crate::router(store.clone());

        let (status, body) = get(&app, "/api/v1/feeds").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["feeds"][0]["id"], feed.id);
        assert_eq!(body["feeds"][0]["kind"], "rss");
        assert_eq!(body["feeds"][0]["health"]["status"], "pending");
        let (_, body) = get(&app, "/api/v1/alerts/admin").await;
        assert_eq!(body["alerts"], serde_json::json!([]));

        for _ in 0..3 {
            ok(store.record_feed_failure(feed.id, Utc::now(), "HTTP status 500", 3));
        }
        let (_, body) = get(&app, "/api/v1/feeds").await;
        let health = &body["feeds"][0]["health"];
        assert_eq!(health["status"], "failing");
        assert_eq!(health["consecutive_failures"], 3);
        assert_eq!(health["last_error"], "HTTP status 500");
        let (status, body) = get(&app, "/api/v1/alerts/admin").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["alerts"][0]["kind"], "feed_failing");
        assert_eq!(body["alerts"][0]["feed_id"], feed.id);
        assert!(body["alerts"][0]["cleared_at"].is_null());

        ok(store.record_feed_success(
            feed.id,
            &sitrep_store::FeedSuccess {
                at: Utc::now(),
                ..Default::default()
            },
        ));
        let (_, body) = get(&app, "/api/v1/alerts/admin").await;
        assert_eq!(body["alerts"], serde_json::json!([]));
        let (_, body) = get(&app, "/api/v1/alerts/admin?all=true").await;
        assert!(!body["alerts"][0]["cleared_at"].is_null());
        let (status, body) = get(&app, "/api/v1/alerts/admin?open=1").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

        // Both endpoints are in the OpenAPI document.
        let (_, doc) = get(&app, "/api/v1/openapi.json").await;
        assert!(doc["paths"]["/api/v1/feeds"]["get"].is_object());
        assert!(doc["paths"]["/api/v1/alerts/admin"]["get"].is_object());
        assert!(doc["components"]["schemas"]["FeedDto"].is_object());
    }
}
