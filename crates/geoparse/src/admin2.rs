//! Second-level divisions (US counties, Louisiana parishes, districts): local
//! news names them constantly ("Laurens County deputies…"), and they are the
//! best context for the towns beside them. The gazetteer indexes places,
//! admin-1 regions and countries only, so this index is built here from the
//! gazetteer's places (their admin-2 codes) and GeoNames' admin-2 code → name
//! table, which the caller loads (`sitrep-geodata` reads `admin2.json`).
//!
//! A division's point is the population-weighted mean of its places; a
//! division without any populated place in the gazetteer is placed at its
//! admin-1 region's point (its name still says which country is meant). Names
//! are indexed whole ("Clarke County") and without their kind word
//! ("Clarke"); the bare form matches less well. A kind word GeoNames writes
//! first ("Province of Northern Samar", "Departamento de Arauca") is not
//! how texts name the division, so the name without it counts as whole.

use std::collections::HashMap;

use sitrep_geo::gazetteer::{Gazetteer, normalise};

/// One admin-2 division.
#[derive(Debug, Clone, PartialEq)]
pub struct Admin2 {
    /// GeoNames code, `US.GA.059`.
    pub code: String,
    pub name: String,
    pub country: String,
    pub admin1: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    /// The gazetteer holds none of its places: its point is its region's.
    pub placeless: bool,
}

/// Kind words stripped to index a division by its bare name.
const KIND_WORDS: &[&str] = &[
    "County",
    "Parish",
    "Borough",
    "District",
    "Municipality",
    "City and Borough",
    "Census Area",
];

/// The admin-2 divisions by name.
/// Kind words GeoNames writes before a division's name ("Province of
/// Northern Samar", "Departamento de Arauca", "Province du Gourma",
/// "Kabupaten Sleman"), the longer of two that share a start first.
const KIND_PREFIXES: &[&str] = &[
    "Province de la ",
    "Province de l'",
    "Province des ",
    "Province du ",
    "Province de ",
    "Province of ",
    "Provincia de ",
    "Provincia di ",
    "Departamento de ",
    "Département de ",
    "Département du ",
    "Municipio de ",
    "Distrito de ",
    "Partido de ",
    "Arrondissement de ",
    "Cercle de ",
    "Daïra de ",
    "Kabupaten ",
];

#[derive(Debug, Clone, Default)]
pub struct Admin2Index {
    divisions: Vec<Admin2>,
    /// Normalised name → (division, whole name matched).
    by_name: HashMap<String, Vec<(usize, bool)>>,
}

impl Admin2Index {
    /// Builds the index from the gazetteer's places and `(code, name)` rows.
    pub fn build(gazetteer: &Gazetteer, names: &[(String, String)]) -> Admin2Index {
        // code → (Σ lat·w, Σ lon·w, Σ w, population, an admin-1 name)
        let mut sums: HashMap<String, (f64, f64, f64, u64, Option<String>)> = HashMap::new();
        for place in gazetteer.places() {
            if place.admin2_code.is_empty() {
                continue;
            }
            let code = format!(
                "{}.{}.{}",
                place.country, place.admin1_code, place.admin2_code
            );
            let w = (place.population as f64).max(1.0);
            let entry = sums.entry(code).or_insert((0.0, 0.0, 0.0, 0, None));
            entry.0 += place.lat * w;
            entry.1 += place.lon * w;
            entry.2 += w;
            entry.3 += place.population;
            if entry.4.is_none() {
                entry.4 = gazetteer.admin1_name(place).map(str::to_owned);
            }
        }
        let mut index = Admin2Index::default();
        for (code, name) in names {
            let mut parts = code.split('.');
            let (country, admin1_code) = (
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
            );
            let (lat, lon, population, admin1, placeless) = match sums.get(code) {
                Some((lat, lon, w, population, admin1)) => {
                    (lat / w, lon / w, *population, admin1.clone(), false)
                }
                // No place of it in the gazetteer: a rural division is
                // still a name in its own country, placed at its region's
                // point.
                None => match gazetteer.admin1(country, admin1_code) {
                    Some(region) => (region.lat, region.lon, 0, Some(region.name.clone()), true),
                    None => continue,
                },
            };
            let id = index.divisions.len();
            index.divisions.push(Admin2 {
                code: code.clone(),
                name: name.clone(),
                country: country.to_owned(),
                admin1,
                lat,
                lon,
                population,
                placeless,
            });
            index
                .by_name
                .entry(normalise(name))
                .or_default()
                .push((id, true));
            // "Northern Samar" is how the text names the Province of
            // Northern Samar: its whole name.
            if let Some(bare) = KIND_PREFIXES
                .iter()
                .find_map(|kind| name.strip_prefix(kind))
                .map(str::trim)
                .filter(|bare| !bare.is_empty())
            {
                index
                    .by_name
                    .entry(normalise(bare))
                    .or_default()
                    .push((id, true));
            }
            for kind in KIND_WORDS {
                if let Some(bare) = name.strip_suffix(kind).map(str::trim)
                    && !bare.is_empty()
                {
                    index
                        .by_name
                        .entry(normalise(bare))
                        .or_default()
                        .push((id, false));
                }
            }
        }
        index
    }

    /// The divisions named `name`, each with whether its whole name matched.
    /// Divisions without places count only when no division with places has
    /// the name ("Cornwall" is the English county).
    pub fn lookup(&self, name: &str) -> Vec<(&Admin2, bool)> {
        let mut found: Vec<(&Admin2, bool)> = self
            .by_name
            .get(&normalise(name))
            .map(|ids| {
                ids.iter()
                    .filter_map(|&(id, whole)| self.divisions.get(id).map(|d| (d, whole)))
                    .collect()
            })
            .unwrap_or_default();
        if found.iter().any(|(d, _)| !d.placeless) {
            found.retain(|(d, _)| !d.placeless);
        }
        found
    }

    pub fn len(&self) -> usize {
        self.divisions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.divisions.is_empty()
    }
}
