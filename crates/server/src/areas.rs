//! `GET /api/v1/areas`: polygons for maps, as GeoJSON — countries, or the
//! admin-1 regions of one country (or all). The polygons come from the
//! boundaries the server was given (none: 503 `unavailable`), simplified by
//! Douglas–Peucker on the blocking pool at the first request; later requests
//! get the cached countries document, or the cached simplified regions of a
//! country. Each admin-1 region carries the rating area its ratings are filed
//! under (`sitrep_api::areas::admin1_labels`), from the risk model's events.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sitrep_api::areas::{Admin1CollectionDto, admin1_areas, admin1_labels};
use sitrep_api::{AreaCollectionDto, AreaLevel, ErrorDto, country_areas};
use sitrep_geo::admin1::{Admin1Boundaries, Admin1Shape};
use sitrep_geo::boundaries::CountryBoundaries;
use utoipa::IntoParams;

use crate::AppState;
use crate::error::{ApiQuery, HttpError};
use sitrep_api::ApiError;

/// Simplification tolerance of the served polygons, in degrees (~2 km): a
/// world or country map stays faithful, the document stays around a few MB
/// before gzip.
pub const AREA_TOLERANCE_DEG: f64 = 0.02;
/// Simplification of one country's admin-1 regions (~1 km): drawn zoomed in.
pub const ADMIN1_TOLERANCE_DEG: f64 = 0.01;

/// The boundaries and the rendered answers, built once.
#[derive(Default)]
pub(crate) struct Areas {
    boundaries: Option<Arc<CountryBoundaries>>,
    admin1: Option<Arc<Admin1Boundaries>>,
    countries: OnceLock<Bytes>,
    /// Simplified regions per country (`""`: every country).
    regions: Mutex<HashMap<String, Arc<Vec<Admin1Shape>>>>,
}

impl Areas {
    pub(crate) fn new(
        boundaries: Option<Arc<CountryBoundaries>>,
        admin1: Option<Arc<Admin1Boundaries>>,
    ) -> Self {
        Areas {
            boundaries,
            admin1,
            ..Areas::default()
        }
    }

    fn countries_geojson(&self, only: &[String]) -> Result<Bytes, ApiError> {
        let boundaries = self.boundaries.as_ref().ok_or_else(|| {
            ApiError::Unavailable(
                "country boundaries are not loaded on this server (geodata not installed)"
                    .to_owned(),
            )
        })?;
        if !only.is_empty() {
            let shapes: Vec<_> = boundaries
                .simplified(AREA_TOLERANCE_DEG)
                .into_iter()
                .filter(|s| only.contains(&s.iso2))
                .collect();
            return render(&country_areas(&shapes));
        }
        if let Some(bytes) = self.countries.get() {
            return Ok(bytes.clone());
        }
        let shapes = boundaries.simplified(AREA_TOLERANCE_DEG);
        let body = render(&country_areas(&shapes))?;
        Ok(self.countries.get_or_init(|| body).clone())
    }

    /// The simplified regions of `country` (every country with `None`).
    fn regions(&self, country: Option<&str>) -> Result<Arc<Vec<Admin1Shape>>, ApiError> {
        let admin1 = self.admin1.as_ref().ok_or_else(|| {
            ApiError::Unavailable(
                "admin-1 boundaries are not loaded on this server (geodata not installed)"
                    .to_owned(),
            )
        })?;
        let key = country.unwrap_or_default().to_owned();
        if let Some(shapes) = self.lock().get(&key) {
            return Ok(Arc::clone(shapes));
        }
        let tolerance = if country.is_some() {
            ADMIN1_TOLERANCE_DEG
        } else {
            AREA_TOLERANCE_DEG
        };
        let shapes = Arc::new(admin1.simplified(country, tolerance));
        self.lock().insert(key, Arc::clone(&shapes));
        Ok(shapes)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Vec<Admin1Shape>>>> {
        self.regions.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn render(value: &impl serde::Serialize) -> Result<Bytes, ApiError> {
    serde_json::to_vec(value)
        .map(Bytes::from)
        .map_err(|e| ApiError::Internal(format!("rendering areas: {e}")))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AreaParams {
    /// `country` (default) or `admin1`.
    #[param(example = "admin1")]
    level: Option<String>,
    /// One ISO 3166-1 alpha-2 code: only that country, or its admin-1 regions.
    #[param(example = "NG")]
    country: Option<String>,
}

fn country_param(text: Option<&str>) -> Result<Option<String>, ApiError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(cc) if cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_alphabetic()) => {
            Ok(Some(cc.to_ascii_uppercase()))
        }
        Some(other) => Err(ApiError::BadRequest(format!(
            "country: expected one ISO 3166-1 alpha-2 code like NG, got {:?}",
            other.chars().take(40).collect::<String>()
        ))),
    }
}

/// Country or admin-1 polygons as a GeoJSON FeatureCollection.
///
/// `level=country` (default): one MultiPolygon Feature per country (id and `iso2`: ISO
/// 3166-1 alpha-2, `name`), from Natural Earth 1:10m simplified to ~0.02°.
/// `level=admin1`: one Feature per admin-1 region (id `CC/Name`; `iso2`, `country_name`,
/// `name`, HASC `code`, and `area`: the rating area of `GET /api/v1/risk?level=admin1`
/// whose ratings apply there), from Natural Earth 1:10m admin-1, simplified to ~0.01° for
/// one `country` (~0.02° for all). Suits maps, not point-in-polygon tests: borders are
/// simplified one ring at a time, so neighbours may overlap or leave slivers by up to the
/// tolerance.
#[utoipa::path(
    get,
    path = "/api/v1/areas",
    tag = "areas",
    params(AreaParams),
    responses(
        (status = 200, description = "Country or admin-1 polygons", content(
            (AreaCollectionDto = "application/geo+json"),
            (Admin1CollectionDto = "application/geo+json"),
        )),
        (status = 400, description = "Unknown level or malformed country", body = ErrorDto),
        (status = 503, description = "The server has no boundary data for this level (geodata not installed)", body = ErrorDto),
    )
)]
pub(crate) async fn list_areas(
    State(app): State<AppState>,
    ApiQuery(params): ApiQuery<AreaParams>,
) -> Result<Response, HttpError> {
    let level = AreaLevel::parse(params.level.as_deref())?;
    let country = country_param(params.country.as_deref())?;
    let areas = Arc::clone(&app.areas);
    let body = match level {
        AreaLevel::Country => {
            let only: Vec<String> = country.into_iter().collect();
            tokio::task::spawn_blocking(move || areas.countries_geojson(&only))
                .await
                .map_err(|e| ApiError::Internal(format!("areas task failed: {e}")))??
        }
        AreaLevel::Admin1 => {
            // Refuse before loading any event when there are no regions to label.
            if areas.admin1.is_none() {
                areas.regions(None)?;
            }
            let risk = Arc::clone(&app.risk);
            app.run(move |store| {
                let shapes = areas.regions(country.as_deref())?;
                let model = risk.model(store)?;
                let labels = match &areas.admin1 {
                    Some(b) => admin1_labels(b, country.as_deref(), model.incidents()),
                    None => HashMap::new(),
                };
                render(&admin1_areas(&shapes, &labels))
            })
            .await?
        }
    };
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], body).into_response())
}
