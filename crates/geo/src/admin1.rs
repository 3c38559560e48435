//! Admin-1 boundaries (states, provinces, regions): which first-order region a
//! point lies in, by polygon, and the regions of a country for maps.
//!
//! The point-in-polygon index is [`CountryBoundaries`]' grid, reused as it is:
//! each region is entered under a synthetic code (its position in the region
//! table), so a lookup costs what a country lookup costs and the index code
//! stays in one place. Where two regions overlap (imperfect data along
//! borders), the smaller polygon wins, as for countries.
//!
//! Region names are the data's (Natural Earth's, e.g. `Borno`, `Île-de-France`);
//! [`Admin1Boundaries::find`] matches a name as another source spells it by
//! the gazetteer's name key (case, diacritics and punctuation folded), also
//! without a trailing `State`/`Province`/`Region`/… word.

use std::collections::BTreeMap;

use crate::boundaries::{CountryBoundaries, IndexStats, Polygon, simplify_ring};
use crate::gazetteer::normalise;

/// One region as loaded: its country, name, code and polygons.
#[derive(Debug, Clone, PartialEq)]
pub struct Admin1Region {
    /// ISO 3166-1 alpha-2 of its country.
    pub country: String,
    pub name: String,
    /// A code for it where the data has one (Natural Earth's HASC code, `NG.BO`).
    pub code: Option<String>,
    pub polygons: Vec<Polygon>,
}

/// What a lookup answers about a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admin1Info {
    pub country: String,
    pub name: String,
    pub code: Option<String>,
}

/// One region with its (possibly simplified) polygons.
#[derive(Debug, Clone, PartialEq)]
pub struct Admin1Shape {
    pub info: Admin1Info,
    pub polygons: Vec<Polygon>,
}

/// Admin-1 polygons with a point-in-polygon index. See the module docs.
#[derive(Debug, Clone)]
pub struct Admin1Boundaries {
    regions: Vec<Admin1Info>,
    /// The polygons, keyed by each region's position in `regions` as text.
    index: CountryBoundaries,
    /// Positions in `regions` of each country's regions, by name.
    by_country: BTreeMap<String, Vec<usize>>,
}

/// Grid cell size of the index, in degrees: as for countries. A 0.1° grid
/// answered no faster on Natural Earth's admin-1 (5.6M against 5.4M lookups/s)
/// and took 120 MiB instead of 55.
pub const ADMIN1_CELL_DEG: f64 = 0.25;

/// Trailing words a source may add to or leave off a region's name.
const KIND_WORDS: &[&str] = &[
    "state",
    "province",
    "region",
    "governorate",
    "department",
    "oblast",
    "district",
    "division",
    "prefecture",
    "county",
    "territory",
    "municipality",
    "wilayah",
    "muhafazat",
];

/// A region name's matching key: the gazetteer's key, without a trailing kind
/// word (`Borno State` → `borno`).
pub fn region_key(name: &str) -> String {
    let key = normalise(name);
    for word in KIND_WORDS {
        if let Some(stem) = key.strip_suffix(word)
            && stem.len() >= 3
        {
            return stem.to_owned();
        }
    }
    key
}

impl Admin1Boundaries {
    /// Indexes `regions`; regions without polygons are kept out.
    pub fn new(regions: Vec<Admin1Region>) -> Self {
        let mut infos = Vec::new();
        let mut keyed = Vec::new();
        for region in regions {
            if region.polygons.iter().all(|p| p.exterior.len() < 4) {
                continue;
            }
            keyed.push((infos.len().to_string(), region.polygons));
            infos.push(Admin1Info {
                country: region.country.trim().to_ascii_uppercase(),
                name: region.name,
                code: region.code,
            });
        }
        let mut by_country: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, info) in infos.iter().enumerate() {
            by_country.entry(info.country.clone()).or_default().push(i);
        }
        for list in by_country.values_mut() {
            list.sort_by(|a, b| infos[*a].name.cmp(&infos[*b].name));
        }
        Admin1Boundaries {
            regions: infos,
            index: CountryBoundaries::with_cell_size(keyed, ADMIN1_CELL_DEG),
            by_country,
        }
    }

    fn position(code: &str) -> Option<usize> {
        code.parse().ok()
    }

    /// The region whose polygon contains the point, in any country.
    pub fn region_at(&self, lat: f64, lon: f64) -> Option<&Admin1Info> {
        let code = self.index.country_at(lat, lon)?;
        self.regions.get(Self::position(code)?)
    }

    /// [`region_at`](Self::region_at) without the grid: every polygon in turn
    /// (see [`CountryBoundaries::country_at_linear`]); the reference for tests
    /// and benchmarks.
    pub fn region_at_linear(&self, lat: f64, lon: f64) -> Option<&Admin1Info> {
        let code = self.index.country_at_linear(lat, lon)?;
        self.regions.get(Self::position(code)?)
    }

    /// The region of `country` that contains the point: the indexed answer
    /// when it is in that country, else that country's regions one by one (a
    /// point on a border simplified differently in the country layer). `None`
    /// when none of them contains it.
    pub fn region_in(&self, country: &str, lat: f64, lon: f64) -> Option<&Admin1Info> {
        let country = country.trim().to_ascii_uppercase();
        if let Some(found) = self.region_at(lat, lon)
            && found.country == country
        {
            return Some(found);
        }
        let lon = if (-180.0..=180.0).contains(&lon) {
            lon
        } else {
            (lon + 180.0).rem_euclid(360.0) - 180.0
        };
        self.by_country
            .get(&country)?
            .iter()
            .find(|&&i| {
                self.polygons(i).iter().any(|p| {
                    let b = p.bbox();
                    lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3] && p.contains(lon, lat)
                })
            })
            .map(|&i| &self.regions[i])
    }

    fn polygons(&self, i: usize) -> &[Polygon] {
        self.index
            .get(&i.to_string())
            .map_or(&[], |shape| shape.polygons.as_slice())
    }

    /// The region of `country` named `name` as another source spells it (see
    /// the module docs), or `None`.
    pub fn find(&self, country: &str, name: &str) -> Option<&Admin1Info> {
        let key = region_key(name);
        if key.is_empty() {
            return None;
        }
        self.by_country
            .get(&country.trim().to_ascii_uppercase())?
            .iter()
            .map(|&i| &self.regions[i])
            .find(|r| region_key(&r.name) == key)
    }

    /// Every region of `country` (all regions with `None`), by country then name.
    pub fn regions(&self, country: Option<&str>) -> Vec<&Admin1Info> {
        self.positions(country)
            .into_iter()
            .map(|i| &self.regions[i])
            .collect()
    }

    fn positions(&self, country: Option<&str>) -> Vec<usize> {
        match country {
            Some(cc) => self
                .by_country
                .get(&cc.trim().to_ascii_uppercase())
                .cloned()
                .unwrap_or_default(),
            None => self.by_country.values().flatten().copied().collect(),
        }
    }

    /// The countries that have regions, in code order.
    pub fn countries(&self) -> impl Iterator<Item = &str> {
        self.by_country.keys().map(String::as_str)
    }

    /// The regions of `country` (all with `None`) with their rings simplified
    /// by Douglas–Peucker to within `tolerance_deg` (see
    /// [`CountryBoundaries::simplified`]: for drawing, not for lookups).
    pub fn simplified(&self, country: Option<&str>, tolerance_deg: f64) -> Vec<Admin1Shape> {
        self.positions(country)
            .into_iter()
            .map(|i| Admin1Shape {
                info: self.regions[i].clone(),
                polygons: self
                    .polygons(i)
                    .iter()
                    .filter_map(|p| {
                        let exterior = simplify_ring(&p.exterior, tolerance_deg)?;
                        let holes = p
                            .holes
                            .iter()
                            .filter_map(|h| simplify_ring(h, tolerance_deg))
                            .collect();
                        Some(Polygon::new(exterior, holes))
                    })
                    .collect(),
            })
            .filter(|shape| !shape.polygons.is_empty())
            .collect()
    }

    /// Regions indexed.
    pub fn len(&self) -> usize {
        self.regions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// Figures about the index (`countries` counts regions here).
    pub fn stats(&self) -> IndexStats {
        self.index.stats()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: f64, y0: f64, x1: f64, y1: f64) -> Polygon {
        Polygon::new(
            vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]],
            vec![],
        )
    }

    fn region(cc: &str, name: &str, p: Polygon) -> Admin1Region {
        Admin1Region {
            country: cc.into(),
            name: name.into(),
            code: None,
            polygons: vec![p],
        }
    }

    #[test]
    fn points_find_their_region_and_names_match_loosely() {
        let b = Admin1Boundaries::new(vec![
            region("NG", "Borno", square(11.5, 10.0, 14.7, 13.7)),
            region("NG", "Yobe", square(9.6, 10.5, 11.5, 13.4)),
            region("CM", "Extrême-Nord", square(13.0, 10.0, 15.7, 13.0)),
            region("NG", "Empty", Polygon::new(vec![], vec![])),
        ]);
        assert_eq!(b.len(), 3);
        assert_eq!(
            b.region_at(11.85, 12.5).map(|r| r.name.as_str()),
            Some("Borno")
        );
        assert_eq!(
            b.region_at(12.0, 10.0).map(|r| r.name.as_str()),
            Some("Yobe")
        );
        assert_eq!(b.region_at(0.0, 0.0), None);
        for (lat, lon) in [(11.85, 12.5), (12.0, 10.0), (12.0, 14.0), (0.0, 0.0)] {
            assert_eq!(b.region_at(lat, lon), b.region_at_linear(lat, lon));
        }
        // Overlap: the smaller polygon wins; asked within a country, that country's region.
        assert_eq!(
            b.region_at(12.0, 14.0).map(|r| r.country.as_str()),
            Some("CM")
        );
        assert_eq!(
            b.region_in("ng", 12.0, 14.0).map(|r| r.name.as_str()),
            Some("Borno")
        );
        assert_eq!(b.region_in("NG", 12.5, 15.5), None);
        assert_eq!(
            b.find("NG", "BORNO STATE").map(|r| r.name.as_str()),
            Some("Borno")
        );
        assert_eq!(
            b.find("CM", "Extreme Nord").map(|r| r.name.as_str()),
            Some("Extrême-Nord")
        );
        assert_eq!(b.find("NG", "Lagos"), None);
        assert_eq!(
            b.regions(Some("NG"))
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>(),
            ["Borno", "Yobe"]
        );
        assert_eq!(b.countries().collect::<Vec<_>>(), ["CM", "NG"]);
        let shapes = b.simplified(Some("NG"), 0.01);
        assert_eq!(shapes.len(), 2);
        assert_eq!(shapes[0].polygons[0].exterior.len(), 5);
    }

    #[test]
    fn region_keys_drop_kind_words_but_not_whole_names() {
        assert_eq!(region_key("Borno State"), "borno");
        assert_eq!(region_key("Kyiv Oblast"), region_key("kyiv"));
        assert_eq!(region_key("State"), "state");
        assert_eq!(region_key("Al Anbar Governorate"), "alanbar");
    }
}
