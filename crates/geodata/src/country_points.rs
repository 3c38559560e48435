//! Where a country is placed as a point. A text that names a country means the
//! whole country, so any point is a convention; the one geoparsing gold
//! standards use is GeoNames' point for the country feature, which no
//! registry package ships. Two conventions sitrep can get:
//!
//! - the label point of the country's Natural Earth boundary (the centroid of
//!   its mainland, [`sitrep_geo::boundaries::CountryShape::label_point`]);
//! - the CIA World Factbook's "geographic coordinates" (`latlng` in npm
//!   `world-countries`), whole or half degrees that GeoNames copies for most
//!   countries (China 35° N 105° E, Russia 60° N 100° E).
//!
//! GeoNames departs from the Factbook for some large countries (the United
//! States at the centre of the contiguous states, 39.76° N 98.5° W; India
//! 22° N 79° E), where the label point is close to it. Halfway between the two
//! is within 161 km of GeoNames' point more often than either alone (measured
//! on the GeoWebNews and LGL gold: 904 and 801 of their 966 and 830 country
//! mentions, against 764 / 686 for the label point and 694 / 653 for the
//! Factbook's), so sitrep uses the midpoint, when it lies inside the country;
//! else the label point.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sitrep_geo::boundaries::CountryShape;

use crate::install::{COUNTRY_POINTS, GeodataError, package_file};

/// `(lat, lon)` in degrees.
pub type LatLon = (f64, f64);

/// The `world-countries` table, as installed.
pub fn country_points_path(dir: &Path) -> PathBuf {
    package_file(dir, &COUNTRY_POINTS, "dist/countries.json")
}

/// Reads the reference point of every country: alpha-2 → `(lat, lon)`.
pub fn read_country_points(dir: &Path) -> Result<HashMap<String, LatLon>, GeodataError> {
    let path = country_points_path(dir);
    let text = std::fs::read_to_string(&path).map_err(|source| GeodataError::Io {
        path: path.clone(),
        source,
    })?;
    let rows = parse_country_points(&text).map_err(|reason| GeodataError::Format {
        path: path.clone(),
        reason,
    })?;
    Ok(rows.into_iter().collect())
}

/// One row of `countries.json` (the fields sitrep reads).
#[derive(serde::Deserialize)]
struct Row {
    cca2: String,
    #[serde(default)]
    latlng: Vec<f64>,
}

/// Parses `[{"cca2": "RU", "latlng": [60, 100], …}, …]`; rows without a
/// valid point are skipped.
pub fn parse_country_points(text: &str) -> Result<Vec<(String, LatLon)>, String> {
    let rows: Vec<Row> =
        serde_json::from_str(text).map_err(|e| format!("line {}: {e}", e.line()))?;
    Ok(rows
        .into_iter()
        .filter_map(|r| match r.latlng.as_slice() {
            [lat, lon] if lat.abs() <= 90.0 && lon.abs() <= 180.0 && r.cca2.len() == 2 => {
                Some((r.cca2.to_ascii_uppercase(), (*lat, *lon)))
            }
            _ => None,
        })
        .collect())
}

/// Halfway between `a` and `b` (`(lat, lon)`), across the antimeridian when
/// that is the short way.
pub fn midpoint(a: LatLon, b: LatLon) -> LatLon {
    let mut lon_b = b.1;
    if lon_b - a.1 > 180.0 {
        lon_b -= 360.0;
    } else if a.1 - lon_b > 180.0 {
        lon_b += 360.0;
    }
    let mut lon = (a.1 + lon_b) / 2.0;
    if lon > 180.0 {
        lon -= 360.0;
    } else if lon < -180.0 {
        lon += 360.0;
    }
    ((a.0 + b.0) / 2.0, lon)
}

/// The point sitrep gives a country with boundary `shape` and Factbook point
/// `reference`: see the module docs.
pub fn country_point(shape: &CountryShape, reference: Option<LatLon>) -> Option<LatLon> {
    let label = shape.label_point()?;
    let Some(reference) = reference else {
        return Some(label);
    };
    let (lat, lon) = midpoint(label, reference);
    let inside = shape.polygons.iter().any(|p| p.contains(lon, lat));
    Some(if inside { (lat, lon) } else { label })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_world_countries_table() {
        let text = r#"[{"cca2":"ru","latlng":[60,100],"name":{"common":"Russia"}},
            {"cca2":"AQ","latlng":[]},{"cca2":"XX","latlng":[95,0]},{"cca2":"FJ","latlng":[-18,175]}]"#;
        let rows = parse_country_points(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            rows,
            [
                ("RU".to_owned(), (60.0, 100.0)),
                ("FJ".to_owned(), (-18.0, 175.0))
            ]
        );
        let error = parse_country_points("[{\"cca2\": 1}]")
            .err()
            .unwrap_or_default();
        assert!(error.starts_with("line 1"), "{error}");
    }

    #[test]
    fn midpoints_take_the_short_way_round() {
        assert_eq!(midpoint((10.0, 20.0), (20.0, 40.0)), (15.0, 30.0));
        let (lat, lon) = midpoint((-17.0, 179.0), (-19.0, -179.0));
        assert_eq!(lat, -18.0);
        assert!((lon.abs() - 180.0).abs() < 1e-9, "{lon}");
        let (_, lon) = midpoint((0.0, -178.0), (0.0, 176.0));
        assert!((lon - 179.0).abs() < 1e-9, "{lon}");
    }
}
