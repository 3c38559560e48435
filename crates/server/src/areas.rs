//! `GET /api/v1/areas`: country polygons for maps, as GeoJSON. The polygons
//! come from the boundaries the server was given (none: 503 `unavailable`),
//! simplified by Douglas–Peucker and rendered once, on the blocking pool, at
//! the first request; later requests get the cached bytes.

use std::sync::{Arc, OnceLock};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sitrep_api::{AreaCollectionDto, AreaLevel, ErrorDto, country_areas};
use sitrep_geo::boundaries::CountryBoundaries;
use utoipa::IntoParams;

use crate::AppState;
use crate::error::{ApiQuery, HttpError};
use sitrep_api::ApiError;

/// Simplification tolerance of the served polygons, in degrees (~2 km): a
/// world or country map stays faithful, the document stays around a few MB
/// before gzip.
pub const AREA_TOLERANCE_DEG: f64 = 0.02;

/// The boundaries and the rendered answer, built once.
pub(crate) struct Areas {
    boundaries: Arc<CountryBoundaries>,
    countries: OnceLock<Bytes>,
}

impl Areas {
    pub(crate) fn new(boundaries: Arc<CountryBoundaries>) -> Self {
        Areas {
            boundaries,
            countries: OnceLock::new(),
        }
    }

    fn countries_geojson(&self) -> Result<Bytes, ApiError> {
        if let Some(bytes) = self.countries.get() {
            return Ok(bytes.clone());
        }
        let shapes = self.boundaries.simplified(AREA_TOLERANCE_DEG);
        let body = serde_json::to_vec(&country_areas(&shapes))
            .map_err(|e| ApiError::Internal(format!("rendering areas: {e}")))?;
        Ok(self.countries.get_or_init(|| Bytes::from(body)).clone())
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AreaParams {
    /// `country` (default). `admin1` is not available yet.
    #[param(example = "country")]
    level: Option<String>,
}

/// Country polygons as a GeoJSON FeatureCollection.
///
/// One MultiPolygon Feature per country (id and `iso2`: ISO 3166-1 alpha-2,
/// `name`), from Natural Earth 1:10m simplified to ~0.02°. Suits maps, not
/// point-in-polygon tests: borders are simplified one ring at a time, so
/// neighbours may overlap or leave slivers by up to the tolerance.
#[utoipa::path(
    get,
    path = "/api/v1/areas",
    tag = "areas",
    params(AreaParams),
    responses(
        (status = 200, description = "Country polygons", content(
            (AreaCollectionDto = "application/geo+json"),
        )),
        (status = 400, description = "Unknown level, or `admin1`, which is not available yet", body = ErrorDto),
        (status = 503, description = "The server has no boundary data (run `sitrep geodata install`-style setup)", body = ErrorDto),
    )
)]
pub(crate) async fn list_areas(
    State(app): State<AppState>,
    ApiQuery(params): ApiQuery<AreaParams>,
) -> Result<Response, HttpError> {
    match AreaLevel::parse(params.level.as_deref())? {
        AreaLevel::Country => {}
        AreaLevel::Admin1 => {
            return Err(ApiError::InvalidQuery(
                "level: admin1 areas are not available yet (sitrep has no admin-1 boundaries); use level=country"
                    .to_owned(),
            )
            .into());
        }
    }
    let Some(areas) = app.areas.clone() else {
        return Err(ApiError::Unavailable(
            "country boundaries are not loaded on this server (geodata not installed)".to_owned(),
        )
        .into());
    };
    let body = tokio::task::spawn_blocking(move || areas.countries_geojson())
        .await
        .map_err(|e| ApiError::Internal(format!("areas task failed: {e}")))??;
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], body).into_response())
}
