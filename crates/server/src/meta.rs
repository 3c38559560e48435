//! Endpoints about the service rather than events: liveness, store figures
//! and the OpenAPI document.

use axum::Json;
use axum::extract::State;
use sitrep_api::{ErrorDto, HealthDto, StatsDto};
use utoipa::OpenApi;

use crate::AppState;
use crate::error::HttpError;
use crate::openapi::ApiDoc;

/// Liveness: the process answers HTTP. Does not touch the store.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "meta",
    responses((status = 200, description = "The server is up", body = HealthDto))
)]
pub(crate) async fn healthz() -> Json<HealthDto> {
    Json(HealthDto {
        status: "ok".to_owned(),
    })
}

/// Counts of events, actors and sources, and the span of event dates.
#[utoipa::path(
    get,
    path = "/api/v1/stats",
    tag = "meta",
    responses(
        (status = 200, description = "Store figures", body = StatsDto),
        (status = 500, description = "Internal error", body = ErrorDto),
    )
)]
pub(crate) async fn stats(
    axum::extract::State(app): State<AppState>,
) -> Result<Json<StatsDto>, HttpError> {
    let stats = app.run(|store| Ok(StatsDto::from(&store.stats()?))).await?;
    Ok(Json(stats))
}

/// This API's OpenAPI document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI document", body = serde_json::Value))
)]
pub(crate) async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
