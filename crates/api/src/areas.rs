//! The wire format of `GET /api/v1/areas`: country polygons as a GeoJSON
//! FeatureCollection of MultiPolygons with `iso2` and `name` properties, built
//! by hand from `sitrep-geo`'s [`CountryShape`]s (which know no serde).
//! Coordinates are rounded to 1e-4° (~11 m), far below the simplification.

use serde::Serialize;
use sitrep_geo::boundaries::{CountryShape, Position};
use utoipa::ToSchema;

use crate::ApiError;

/// The administrative level of `GET /api/v1/areas`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaLevel {
    Country,
    Admin1,
}

impl AreaLevel {
    /// Parses `level` (default `country`). `admin1` parses but is refused by
    /// the server until sitrep has admin-1 boundaries.
    pub fn parse(level: Option<&str>) -> Result<AreaLevel, ApiError> {
        match level.map(str::trim) {
            None | Some("") | Some("country") => Ok(AreaLevel::Country),
            Some("admin1") => Ok(AreaLevel::Admin1),
            Some(other) => Err(ApiError::BadRequest(format!(
                "level: unknown level {other:?} (expected country or admin1)"
            ))),
        }
    }
}

/// A GeoJSON FeatureCollection of areas.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AreaCollectionDto {
    /// Always `FeatureCollection`.
    #[serde(rename = "type")]
    pub kind: String,
    pub features: Vec<AreaFeatureDto>,
}

/// One area: a GeoJSON Feature whose id is the ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AreaFeatureDto {
    /// Always `Feature`.
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub properties: AreaPropertiesDto,
    pub geometry: MultiPolygonDto,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AreaPropertiesDto {
    /// ISO 3166-1 alpha-2 (`XK` for Kosovo).
    pub iso2: String,
    pub name: String,
}

/// A GeoJSON MultiPolygon: polygons of rings of `[lon, lat]` positions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MultiPolygonDto {
    /// Always `MultiPolygon`.
    #[serde(rename = "type")]
    pub kind: String,
    #[schema(value_type = Vec<Vec<Vec<Vec<f64>>>>)]
    pub coordinates: Vec<Vec<Vec<[f64; 2]>>>,
}

fn round(p: &Position) -> [f64; 2] {
    [(p[0] * 1e4).round() / 1e4, (p[1] * 1e4).round() / 1e4]
}

/// The FeatureCollection of these (already simplified) countries, in their order.
pub fn country_areas(shapes: &[CountryShape]) -> AreaCollectionDto {
    AreaCollectionDto {
        kind: "FeatureCollection".to_owned(),
        features: shapes
            .iter()
            .map(|shape| AreaFeatureDto {
                kind: "Feature".to_owned(),
                id: shape.iso2.clone(),
                properties: AreaPropertiesDto {
                    iso2: shape.iso2.clone(),
                    name: shape.name.clone(),
                },
                geometry: MultiPolygonDto {
                    kind: "MultiPolygon".to_owned(),
                    coordinates: shape
                        .polygons
                        .iter()
                        .map(|p| p.rings().map(|r| r.iter().map(round).collect()).collect())
                        .collect(),
                },
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_geo::boundaries::{CountryBoundaries, Polygon};

    #[test]
    fn geojson_of_countries() {
        let square = vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]];
        let b = CountryBoundaries::new(vec![("LS".to_owned(), vec![Polygon::new(square, vec![])])]);
        let json = serde_json::to_value(country_areas(b.countries())).unwrap();
        assert_eq!(json["type"], "FeatureCollection");
        let feature = &json["features"][0];
        assert_eq!(feature["id"], "LS");
        assert_eq!(feature["properties"]["name"], "Lesotho");
        assert_eq!(feature["geometry"]["type"], "MultiPolygon");
        assert_eq!(
            feature["geometry"]["coordinates"][0][0][2],
            serde_json::json!([1.0, 1.0])
        );
        assert_eq!(AreaLevel::parse(None), Ok(AreaLevel::Country));
        assert_eq!(AreaLevel::parse(Some("admin1")), Ok(AreaLevel::Admin1));
        assert!(AreaLevel::parse(Some("city")).is_err());
    }
}
