//! Loads Natural Earth's country polygons (the `world-atlas` package's
//! TopoJSON) into a [`CountryBoundaries`] index keyed by ISO 3166-1 alpha-2.
//!
//! A feature's `id` is its ISO numeric code. Natural Earth leaves it out for
//! areas ISO does not code separately; those are mapped by name where one
//! country administers them, so that a point there still gets the answer a
//! security analyst expects (and ACLED uses):
//!
//! | Natural Earth feature | code | why |
//! |---|---|---|
//! | Kosovo | `XK` | user-assigned code sitrep uses throughout |
//! | Somaliland | `SO` | internationally part of Somalia; ACLED codes it so |
//! | N. Cyprus, Cyprus U.N. Buffer Zone | `CY` | internationally part of Cyprus |
//! | Akrotiri, Dhekelia | `CY` | UK bases on the island; datasets code events there as Cyprus |
//! | USNB Guantanamo Bay | `CU` | leased, on Cuban territory |
//! | Baikonur | `KZ` | leased to Russia, Kazakh territory |
//! | Siachen Glacier | `IN` | held by India (claimed by Pakistan) |
//! | Indian Ocean Ter. | `CX` / `CC` | Christmas Island east of 100°E, Cocos (Keeling) west |
//! | Coral Sea Is. | `AU` | Australian external territory |
//! | Clipperton I. | `FR` | French; ISO has no code for it |
//! | Serranilla Bank, Bajo Nuevo Bank | `CO` | held by Colombia |
//! | Spratly Is., Scarborough Reef | — | contested by several states: no answer beats a wrong one |

use std::path::Path;
use std::str::FromStr;

use sitrep_geo::boundaries::{CountryBoundaries, Polygon};

use crate::install::{BOUNDARIES, GeodataError, package_file};
use crate::topojson;

/// Natural Earth's scales. 1:10m follows borders to within a few hundred
/// metres (the TopoJSON quantisation is 0.0036° × 0.0017°); 1:110m only
/// suits a world map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Resolution {
    /// 1:10 million: what reverse geocoding uses.
    #[default]
    Fine,
    /// 1:50 million.
    Medium,
    /// 1:110 million.
    Coarse,
}

impl Resolution {
    pub const ALL: [Resolution; 3] = [Resolution::Fine, Resolution::Medium, Resolution::Coarse];

    /// `"10m"`, `"50m"` or `"110m"`, as in the file names.
    pub fn as_str(self) -> &'static str {
        match self {
            Resolution::Fine => "10m",
            Resolution::Medium => "50m",
            Resolution::Coarse => "110m",
        }
    }

    /// The file of the `world-atlas` package at this scale.
    pub fn file(self) -> &'static str {
        match self {
            Resolution::Fine => "countries-10m.json",
            Resolution::Medium => "countries-50m.json",
            Resolution::Coarse => "countries-110m.json",
        }
    }
}

impl FromStr for Resolution {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Resolution::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown resolution {s:?} (expected 10m, 50m or 110m)"))
    }
}

impl std::fmt::Display for Resolution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Loads the installed country polygons at `resolution` and indexes them.
pub fn load_country_boundaries(
    dir: &Path,
    resolution: Resolution,
) -> Result<CountryBoundaries, GeodataError> {
    Ok(CountryBoundaries::new(load_country_polygons(
        dir, resolution,
    )?))
}

/// The installed country polygons at `resolution`, as `(alpha-2, polygons)`
/// pairs (a code may occur more than once: Somalia and Somaliland), without
/// building the index.
pub fn load_country_polygons(
    dir: &Path,
    resolution: Resolution,
) -> Result<Vec<(String, Vec<Polygon>)>, GeodataError> {
    let path = package_file(dir, &BOUNDARIES, resolution.file());
    let text = std::fs::read_to_string(&path).map_err(|source| GeodataError::Io {
        path: path.clone(),
        source,
    })?;
    let features = topojson::decode(&text, "countries", &path)?;
    let mut out = Vec::with_capacity(features.len());
    for feature in features {
        if feature.name.as_deref() == Some("Indian Ocean Ter.") {
            // Christmas Island and the Cocos (Keeling) Islands, in one feature.
            let (christmas, cocos): (Vec<Polygon>, Vec<Polygon>) = feature
                .polygons
                .into_iter()
                .partition(|p| p.exterior.first().is_some_and(|v| v[0] > 100.0));
            out.push(("CX".to_owned(), christmas));
            out.push(("CC".to_owned(), cocos));
            continue;
        }
        match feature_country(feature.id.as_deref(), feature.name.as_deref()) {
            Some(code) => out.push((code.to_owned(), feature.polygons)),
            None => tracing::debug!(
                id = feature.id.as_deref().unwrap_or(""),
                name = feature.name.as_deref().unwrap_or(""),
                "boundary feature has no country"
            ),
        }
    }
    Ok(out)
}

/// The alpha-2 code of a Natural Earth feature: by its numeric `id`, else by
/// the table in the module docs, else by its name.
pub fn feature_country(id: Option<&str>, name: Option<&str>) -> Option<&'static str> {
    if let Some(code) = id
        .and_then(|id| id.trim().parse::<u16>().ok())
        .and_then(sitrep_geo::from_numeric)
    {
        return Some(code);
    }
    let name = name?;
    let by_table = match name {
        "Somaliland" => Some("SO"),
        "N. Cyprus" | "Cyprus U.N. Buffer Zone" | "Akrotiri" | "Dhekelia" => Some("CY"),
        "USNB Guantanamo Bay" => Some("CU"),
        "Baikonur" => Some("KZ"),
        "Siachen Glacier" => Some("IN"),
        "Coral Sea Is." => Some("AU"),
        "Clipperton I." => Some("FR"),
        "Serranilla Bank" | "Bajo Nuevo Bank" => Some("CO"),
        "Spratly Is." | "Scarborough Reef" => return None,
        _ => None,
    };
    by_table.or_else(|| sitrep_geo::country_code(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_without_an_iso_id() {
        assert_eq!(feature_country(Some("250"), Some("France")), Some("FR"));
        assert_eq!(feature_country(Some("004"), None), Some("AF"));
        assert_eq!(feature_country(None, Some("Kosovo")), Some("XK"));
        assert_eq!(feature_country(Some("-99"), Some("Somaliland")), Some("SO"));
        assert_eq!(feature_country(None, Some("N. Cyprus")), Some("CY"));
        assert_eq!(feature_country(None, Some("Spratly Is.")), None);
        assert_eq!(feature_country(None, None), None);
        assert_eq!("50M".parse::<Resolution>(), Ok(Resolution::Medium));
        assert!("1m".parse::<Resolution>().is_err());
    }
}

/// Against the real Natural Earth data (installed on first use). Every
/// expected answer was checked against the data: by the linear scan, by
/// PostGIS over the same polygons (`reverse_bench --probe`) and, for the
/// antimeridian and the enclaves, by reading the decoded rings.
#[cfg(test)]
mod real_data {
    use std::sync::OnceLock;

    use super::*;
    use crate::{default_dir, ensure_installed};

    fn fine() -> &'static CountryBoundaries {
        static FINE: OnceLock<CountryBoundaries> = OnceLock::new();
        FINE.get_or_init(|| {
            let dir = ensure_installed(&default_dir()).unwrap();
            load_country_boundaries(&dir, Resolution::Fine).unwrap()
        })
    }

    /// `(place, lat, lon, expected at 1:10m)`.
    const POINTS: &[(&str, f64, f64, Option<&str>)] = &[
        // El Paso / Ciudad Juárez: at 1:50m El Paso's point is in Mexico.
        ("El Paso", 31.76, -106.49, Some("US")),
        ("Ciudad Juárez", 31.73, -106.45, Some("MX")),
        ("Strasbourg", 48.58, 7.75, Some("FR")),
        ("Kehl", 48.57, 7.82, Some("DE")),
        ("Geneva", 46.20, 6.14, Some("CH")),
        ("Geneva airport", 46.256, 6.108, Some("CH")),
        ("Annemasse", 46.19, 6.24, Some("FR")),
        ("Basel", 47.56, 7.59, Some("CH")),
        ("Saint-Louis", 47.59, 7.56, Some("FR")),
        ("Weil am Rhein", 47.594, 7.62, Some("DE")),
        // Gorizia's centre (45.94, 13.62) lies within the data's quantisation
        // (~300 m) of the border and falls in Slovenia; its west is Italian.
        ("Gorizia west", 45.94, 13.59, Some("IT")),
        ("Nova Gorica", 45.956, 13.648, Some("SI")),
        ("Tijuana", 32.52, -117.04, Some("MX")),
        ("San Ysidro", 32.555, -117.045, Some("US")),
        ("Otay Mesa", 32.54, -117.03, Some("US")),
        ("Sherkhan Bandar", 37.17, 68.60, Some("AF")),
        ("Panji Poyon", 37.24, 68.58, Some("TJ")),
        ("Kabul", 34.53, 69.17, Some("AF")),
        ("Termez", 37.22, 67.28, Some("UZ")),
        ("Moscow", 55.75, 37.62, Some("RU")),
        ("Krasnogorsk", 55.82, 37.33, Some("RU")),
        ("Atlantic", 0.0, -30.0, None),
        ("Gulf of Lion", 43.0, 5.0, None),
        ("Norwegian Sea", 66.0, 0.0, None),
        ("Suva", -18.14, 178.44, Some("FJ")),
        ("Taveuni west of 180", -16.9, 179.96, Some("FJ")),
        ("Taveuni east of 180", -16.8, -179.97, Some("FJ")),
        ("Lau islands", -18.2, -178.8, Some("FJ")),
        ("Chukotka west of 180", 66.0, 175.0, Some("RU")),
        ("Chukotka east of 180", 67.0, -175.0, Some("RU")),
        ("Wrangel Island west", 71.2, 179.5, Some("RU")),
        ("Wrangel Island east", 71.2, -179.5, Some("RU")),
        ("Alaska", 66.0, -150.0, Some("US")),
        ("Greenland", 66.0, -40.0, Some("GL")),
        ("Antarctica", -75.0, 0.0, Some("AQ")),
        ("South Pole", -89.9, 10.0, Some("AQ")),
        ("Maseru", -29.31, 27.48, Some("LS")),
        ("Bloemfontein", -29.12, 26.21, Some("ZA")),
        ("San Marino", 43.94, 12.45, Some("SM")),
        ("Monaco", 43.7384, 7.4246, Some("MC")),
        ("Vaduz", 47.14, 9.52, Some("LI")),
        // The Vatican collapses to a line at 1:10m's quantisation: Italy.
        ("St Peter's", 41.9022, 12.4533, Some("IT")),
        ("Pristina", 42.66, 21.16, Some("XK")),
        ("Hargeisa", 9.56, 44.06, Some("SO")),
        ("North Nicosia", 35.19, 33.36, Some("CY")),
        ("Akrotiri", 34.6, 33.0, Some("CY")),
        ("Guantanamo Bay naval base", 19.9, -75.15, Some("CU")),
        ("Baikonur", 45.6, 63.3, Some("KZ")),
        ("Christmas Island", -10.49, 105.62, Some("CX")),
        ("West Island, Cocos", -12.17, 96.83, Some("CC")),
    ];

    #[test]
    fn border_points_enclaves_holes_and_the_antimeridian() {
        let b = fine();
        let mut wrong = Vec::new();
        for &(place, lat, lon, expected) in POINTS {
            let got = b.country_at(lat, lon);
            let linear = b.country_at_linear(lat, lon);
            if got != expected || linear != expected {
                wrong.push(format!(
                    "{place} ({lat}, {lon}): grid {got:?}, linear {linear:?}, expected {expected:?}"
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn every_feature_maps_to_a_country_but_the_contested_reefs() {
        let dir = ensure_installed(&default_dir()).unwrap();
        let path = crate::package_file(&dir, &BOUNDARIES, Resolution::Fine.file());
        let text = std::fs::read_to_string(&path).unwrap();
        let unmapped: Vec<String> = topojson::decode(&text, "countries", &path)
            .unwrap()
            .into_iter()
            .filter(|f| f.name.as_deref() != Some("Indian Ocean Ter."))
            .filter(|f| feature_country(f.id.as_deref(), f.name.as_deref()).is_none())
            .map(|f| format!("{:?} {:?}", f.id, f.name))
            .collect();
        assert_eq!(
            unmapped,
            [
                "None Some(\"Spratly Is.\")",
                "None Some(\"Scarborough Reef\")"
            ]
        );
        assert!(fine().len() > 230, "{}", fine().len());
    }

    #[test]
    fn the_grid_agrees_with_the_linear_scan_on_random_points() {
        let b = fine();
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..3_000 {
            let (lat, lon) = (next() * 180.0 - 90.0, next() * 360.0 - 180.0);
            assert_eq!(
                b.country_at(lat, lon),
                b.country_at_linear(lat, lon),
                "{lat},{lon}"
            );
        }
    }

    #[test]
    fn simplification_keeps_every_country_and_shrinks_the_data() {
        let b = fine();
        let simple = b.simplified(0.01);
        let vertices = |shapes: &[sitrep_geo::boundaries::CountryShape]| -> usize {
            shapes
                .iter()
                .flat_map(|c| &c.polygons)
                .flat_map(|p| p.rings())
                .map(<[_]>::len)
                .sum()
        };
        assert!(
            simple.len() + 5 >= b.len(),
            "{} of {}",
            simple.len(),
            b.len()
        );
        let (before, after) = (vertices(b.countries()), vertices(&simple));
        assert!(after * 2 < before, "{after} of {before}");
        for code in ["FR", "RU", "LS", "MC", "SM", "XK"] {
            assert!(simple.iter().any(|c| c.iso2 == code), "{code}");
        }
    }

    #[test]
    fn no_edge_wraps_around_the_globe() {
        let dir = ensure_installed(&default_dir()).unwrap();
        for r in Resolution::ALL {
            let b = CountryBoundaries::new(load_country_polygons(&dir, r).unwrap());
            for c in b.countries() {
                for ring in c.polygons.iter().flat_map(|p| p.rings()) {
                    for e in ring.windows(2) {
                        let along_a_pole = e[0][1].abs() == 90.0 && e[0][1] == e[1][1];
                        assert!(
                            along_a_pole || (e[0][0] - e[1][0]).abs() < 180.0,
                            "{r} {}: edge {:?} → {:?}",
                            c.iso2,
                            e[0],
                            e[1]
                        );
                    }
                }
            }
        }
    }
}
