//! The wire format of `GET /api/v1/areas`: country polygons as a GeoJSON
//! FeatureCollection of MultiPolygons with `iso2` and `name` properties, built
//! by hand from `sitrep-geo`'s [`CountryShape`]s (which know no serde), and
//! admin-1 regions ([`admin1_areas`]) with the rating area each one's ratings
//! are filed under ([`admin1_labels`]). Coordinates are rounded to 1e-4°
//! (~11 m), far below the simplification.

use std::collections::HashMap;

use serde::Serialize;
use sitrep_geo::admin1::{Admin1Boundaries, Admin1Shape, region_key};
use sitrep_geo::boundaries::{CountryShape, Polygon, Position};
use sitrep_risk::Incident;
use utoipa::ToSchema;

use crate::ApiError;

/// The administrative level of `GET /api/v1/areas`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaLevel {
    Country,
    Admin1,
}

impl AreaLevel {
    /// Parses `level` (default `country`).
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

fn multipolygon(polygons: &[Polygon]) -> MultiPolygonDto {
    MultiPolygonDto {
        kind: "MultiPolygon".to_owned(),
        coordinates: polygons
            .iter()
            .map(|p| p.rings().map(|r| r.iter().map(round).collect()).collect())
            .collect(),
    }
}

/// A GeoJSON FeatureCollection of admin-1 regions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Admin1CollectionDto {
    /// Always `FeatureCollection`.
    #[serde(rename = "type")]
    pub kind: String,
    pub features: Vec<Admin1FeatureDto>,
}

/// One admin-1 region: a GeoJSON Feature whose id is `CC/Name` (the region's
/// name as the boundary data spells it).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Admin1FeatureDto {
    /// Always `Feature`.
    #[serde(rename = "type")]
    pub kind: String,
    #[schema(example = "NG/Borno")]
    pub id: String,
    pub properties: Admin1PropertiesDto,
    pub geometry: MultiPolygonDto,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Admin1PropertiesDto {
    /// ISO 3166-1 alpha-2 of the region's country.
    pub iso2: String,
    pub country_name: String,
    /// The region's name in the boundary data (Natural Earth).
    #[schema(example = "Borno")]
    pub name: String,
    /// Its HASC code, where the data has one.
    #[schema(example = "NG.BO")]
    pub code: Option<String>,
    /// The rating area whose ratings apply here, `CC/Admin1` as the events
    /// spell it (`GET /api/v1/risk?level=admin1`): the events' region of the
    /// same name, else the region most of the events inside this polygon
    /// name. Null when no event is filed under it.
    #[schema(example = "NG/Borno")]
    pub area: Option<String>,
}

/// A region's feature id: `CC/Name`.
pub fn admin1_id(country: &str, name: &str) -> String {
    format!("{country}/{name}")
}

/// The FeatureCollection of these (already simplified) regions, each with its
/// rating area from `labels` (by feature id).
pub fn admin1_areas(
    shapes: &[Admin1Shape],
    labels: &HashMap<String, String>,
) -> Admin1CollectionDto {
    Admin1CollectionDto {
        kind: "FeatureCollection".to_owned(),
        features: shapes
            .iter()
            .map(|shape| {
                let id = admin1_id(&shape.info.country, &shape.info.name);
                Admin1FeatureDto {
                    kind: "Feature".to_owned(),
                    properties: Admin1PropertiesDto {
                        iso2: shape.info.country.clone(),
                        country_name: crate::risk::country_name(&shape.info.country),
                        name: shape.info.name.clone(),
                        code: shape.info.code.clone(),
                        area: labels.get(&id).cloned(),
                    },
                    id,
                    geometry: multipolygon(&shape.polygons),
                }
            })
            .collect(),
    }
}

/// The rating area of each region (by feature id) of `country` (every country
/// with `None`), from the events' admin1 names: a region whose name matches
/// an admin1 name of its country's events (case, accents, punctuation and a
/// trailing `State`/`Province`/… ignored) takes that name's most used
/// spelling; any other region takes the admin1 name most of the events
/// located inside it give. Boundary data and event sources often divide a
/// country differently (French regions against departments, Italian regions
/// against provinces): then several polygons carry one rating area.
pub fn admin1_labels(
    boundaries: &Admin1Boundaries,
    country: Option<&str>,
    incidents: &[Incident],
) -> HashMap<String, String> {
    // Spellings of each admin1 name key per country, with their counts; and,
    // per region, the events' admin1 spellings located inside it.
    let mut spellings: HashMap<(&str, String), HashMap<&str, u64>> = HashMap::new();
    let mut votes: HashMap<String, HashMap<&str, u64>> = HashMap::new();
    for incident in incidents {
        if country.is_some_and(|cc| !cc.eq_ignore_ascii_case(&incident.country)) {
            continue;
        }
        let Some(admin1) = incident.admin1.as_deref() else {
            continue;
        };
        *spellings
            .entry((incident.country.as_str(), region_key(admin1)))
            .or_default()
            .entry(admin1)
            .or_default() += 1;
        if let Some((lat, lon)) = incident.location
            && let Some(region) = boundaries.region_in(&incident.country, lat, lon)
        {
            *votes
                .entry(admin1_id(&region.country, &region.name))
                .or_default()
                .entry(admin1)
                .or_default() += 1;
        }
    }
    let most = |counts: &HashMap<&str, u64>| -> Option<String> {
        counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(s, _)| (*s).to_owned())
    };
    let mut labels = HashMap::new();
    for ((cc, _), counts) in &spellings {
        let Some(spelling) = most(counts) else {
            continue;
        };
        if let Some(region) = boundaries.find(cc, &spelling) {
            labels.insert(
                admin1_id(&region.country, &region.name),
                admin1_id(cc, &spelling),
            );
        }
    }
    for (id, counts) in &votes {
        if labels.contains_key(id) {
            continue;
        }
        let cc = id.split('/').next().unwrap_or_default();
        if let Some(spelling) = most(counts) {
            labels.insert(id.clone(), admin1_id(cc, &spelling));
        }
    }
    labels
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
                geometry: multipolygon(&shape.polygons),
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

    fn incident(n: u32, admin1: &str, lat: f64, lon: f64) -> Incident {
        Incident {
            id: format!("t:{n}"),
            day: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default(),
            country: "FR".into(),
            admin1: Some(admin1.into()),
            city: None,
            location: Some((lat, lon)),
            category: sitrep_model::Category::CivilUnrest,
            kind: "Protests".into(),
            fatalities: None,
            events: 1,
            severity: 0.1,
        }
    }

    #[test]
    fn regions_take_the_events_names_by_name_else_by_where_they_are() {
        use sitrep_geo::admin1::Admin1Region;
        let region = |name: &str, x0: f64| Admin1Region {
            country: "FR".into(),
            name: name.into(),
            code: None,
            polygons: vec![Polygon::new(
                vec![
                    [x0, 47.0],
                    [x0 + 1.0, 47.0],
                    [x0 + 1.0, 48.0],
                    [x0, 48.0],
                    [x0, 47.0],
                ],
                vec![],
            )],
        };
        let b = Admin1Boundaries::new(vec![
            region("Finistère", -5.0),
            region("Morbihan", -4.0),
            region("Île-de-France", 2.0),
            region("Empty", 5.0),
        ]);
        let incidents = vec![
            incident(1, "Ile-de-France", 47.5, 2.5),
            incident(2, "ILE-DE-FRANCE", 47.5, 2.5),
            incident(3, "Ile-de-France", 47.5, 2.5),
            incident(4, "Bretagne", 47.5, -4.5),
            incident(5, "Bretagne", 47.5, -3.5),
            incident(6, "Pays de la Loire", 47.5, -3.5),
            incident(7, "Bretagne", 47.5, -3.5),
        ];
        let labels = admin1_labels(&b, Some("FR"), &incidents);
        assert_eq!(
            labels.get("FR/Île-de-France").map(String::as_str),
            Some("FR/Ile-de-France")
        );
        assert_eq!(
            labels.get("FR/Finistère").map(String::as_str),
            Some("FR/Bretagne")
        );
        assert_eq!(
            labels.get("FR/Morbihan").map(String::as_str),
            Some("FR/Bretagne")
        );
        assert_eq!(labels.get("FR/Empty"), None);
        assert!(admin1_labels(&b, Some("NG"), &incidents).is_empty());
        let fc = admin1_areas(&b.simplified(Some("FR"), 0.001), &labels);
        let json = serde_json::to_value(&fc).unwrap();
        let f = &json["features"][0];
        assert_eq!(f["id"], "FR/Empty");
        assert_eq!(f["properties"]["area"], serde_json::Value::Null);
        assert_eq!(f["properties"]["country_name"], "France");
        assert_eq!(json["features"][1]["properties"]["area"], "FR/Bretagne");
    }
}
