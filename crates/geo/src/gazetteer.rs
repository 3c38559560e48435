//! The offline gazetteer: GeoNames populated places, admin-1 regions and
//! countries under one name index, with forward geocoding (name → ranked
//! candidates) and reverse lookup (point → nearest place). Pure: it is built from
//! records the caller loaded (`sitrep-geodata` reads the files).
//!
//! Why it is laid out this way: ~200,000 places carry ~1.2 million names and
//! alternate names. Instead of a map from owned strings, the index is one
//! sorted array of 16-byte postings (64-bit hash of the [`normalise`]d name,
//! entry id, match quality); a lookup is one binary search. With ~10⁶ keys the
//! chance that any query's hash collides with a different stored name is about
//! 10⁻¹³, so keys are not stored again. Entries are numbered places first, then
//! admin-1 regions, then countries, so an entry id is a `u32` and the ranking is
//! deterministic (ties fall back to population, then entry id).

mod normalise;
mod spatial;
mod variants;

pub use normalise::normalise;
pub use spatial::{EARTH_RADIUS_KM, haversine_km};

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use spatial::{KdTree, chord2_to_km, unit_vector};

/// What a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Place,
    Admin1,
    Country,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Place => "place",
            Kind::Admin1 => "admin1",
            Kind::Country => "country",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One GeoNames populated place (a row of `cities500`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Place {
    pub geonames_id: u32,
    pub name: String,
    pub ascii_name: String,
    pub alternate_names: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub admin1_code: String,
    pub admin2_code: String,
    /// GeoNames feature code: `PPLC` capital, `PPLA`…`PPLA4` seats of admin
    /// divisions, `PPL` other places, `PPLX` sections of places, …
    pub feature_code: String,
    pub population: u64,
}

/// One first-level administrative division.
#[derive(Debug, Clone, PartialEq)]
pub struct Admin1 {
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// GeoNames admin-1 code within the country (`"47"`, `"TX"`).
    pub code: String,
    pub name: String,
    /// Other spellings it is indexed under ("Moscow Region" for "Moscow Oblast").
    pub variants: Vec<String>,
    /// Population-weighted mean position of its places (their own
    /// country's when it has none).
    pub lat: f64,
    pub lon: f64,
    /// Sum over its places, sections of places (`PPLX`) and historical
    /// places left out.
    pub population: u64,
}

/// One answer of [`Gazetteer::lookup`] or [`Gazetteer::geocode`].
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub kind: Kind,
    /// `gn:524901`, `admin1:RU.48`, `country:RU`.
    pub gazetteer_id: String,
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// The admin-1 region's name, for places (`None` for regions and countries).
    pub admin1: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    /// 0..1, higher is better; 0 from [`Gazetteer::lookup`].
    pub score: f64,
}

/// What else is known about the place meant.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// The country: an alpha-2 or alpha-3 code or any name the country table knows.
    pub country: Option<String>,
    /// The admin-1 region: its name, a variant, or its GeoNames code.
    pub admin1: Option<String>,
    /// Positions of other places in the same text (lat, lon).
    pub near: Vec<(f64, f64)>,
}

/// A country with at least one place.
#[derive(Debug, Clone)]
struct CountryEntry {
    alpha2: &'static str,
    name: &'static str,
    aliases: &'static [&'static str],
    lat: f64,
    lon: f64,
    population: u64,
}

/// Towns of at least this many people are also indexed without their Arabic
/// article ("Jahra" for "Al Jahrā’"); smaller ones would make hundreds of
/// villages namesakes of words and given names.
const ARTICLE_VARIANT_MIN_POPULATION: u64 = 10_000;

/// How a name matched its entry; the better, the lower.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Quality {
    Name = 0,
    Ascii = 1,
    Alternate = 2,
    /// An admin-1 name with its kind word stripped or swapped.
    Variant = 3,
    /// An admin-1 name with a kind word added.
    AddedKind = 4,
}

impl Quality {
    fn from_u8(q: u8) -> Quality {
        match q {
            0 => Quality::Name,
            1 => Quality::Ascii,
            2 => Quality::Alternate,
            3 => Quality::Variant,
            _ => Quality::AddedKind,
        }
    }

    fn weight(self) -> f64 {
        match self {
            Quality::Name => 1.0,
            Quality::Ascii => 0.95,
            Quality::Alternate => 0.85,
            Quality::Variant => 0.8,
            Quality::AddedKind => 0.65,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Posting {
    hash: u64,
    entry: u32,
    quality: u8,
}

/// An entry id resolved to the table it indexes.
#[derive(Debug, Clone, Copy)]
enum Entry {
    Place(usize),
    Admin1(usize),
    Country(usize),
}

const NO_ADMIN1: u32 = u32::MAX;

/// The gazetteer. Build it once ([`Gazetteer::build`]); every lookup borrows it.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    /// Sorted by GeoNames id.
    places: Vec<Place>,
    /// Index into `admin1s` of each place's region, or `NO_ADMIN1`.
    place_admin1: Vec<u32>,
    /// Sorted by (country, code).
    admin1s: Vec<Admin1>,
    countries: Vec<CountryEntry>,
    /// Sorted by (hash, entry); one posting per (name key, entry).
    postings: Vec<Posting>,
    tree: KdTree,
}

/// The 64-bit key of a normalised name: FNV-1a, then a finaliser that spreads
/// its bits (FNV alone clusters short keys). Fixed, so it is stable across runs.
fn key_hash(key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Sums the unit vectors of a region's places (unweighted: the middle of the
/// region rather than of its population), for centroids that survive the antimeridian.
#[derive(Debug, Clone, Copy, Default)]
struct Centroid {
    v: [f64; 3],
    weight: f64,
    population: u64,
    count: usize,
}

impl Centroid {
    fn add(&mut self, place: &Place) {
        let w = 1.0_f64;
        let u = unit_vector(place.lat, place.lon);
        for (acc, x) in self.v.iter_mut().zip(u) {
            *acc += w * x;
        }
        self.weight += w;
        self.count += 1;
        if counts_population(&place.feature_code) {
            self.population += place.population;
        }
    }

    fn lat_lon(&self) -> Option<(f64, f64)> {
        let [x, y, z] = self.v;
        let norm = (x * x + y * y + z * z).sqrt();
        if self.count == 0 || norm < 1e-12 {
            return None;
        }
        let lat = (z / norm).clamp(-1.0, 1.0).asin().to_degrees();
        let lon = y.atan2(x).to_degrees();
        Some((lat, lon))
    }
}

/// Sections and historical, abandoned or destroyed places do not add to the
/// population of their region or country (they double-count or are gone).
fn counts_population(feature_code: &str) -> bool {
    !matches!(feature_code, "PPLX" | "PPLH" | "PPLQ" | "PPLW" | "PPLCH")
}

/// How much a feature code says "this is a place people mean" (0..1).
fn feature_weight(feature_code: &str, population: u64) -> f64 {
    let base = match feature_code {
        "PPLC" => 1.0,
        "PPLA" | "PPLG" => 0.9,
        "PPLA2" => 0.7,
        "PPLA3" => 0.6,
        "PPLA4" | "PPLA5" | "PPL" => 0.55,
        "PPLS" | "PPLL" | "PPLF" | "PPLR" | "STLMT" => 0.45,
        "PPLCH" => 0.35,
        "PPLX" => 0.2,
        "PPLH" | "PPLQ" | "PPLW" => 0.1,
        _ => 0.4,
    };
    // A city of a million is a major place whatever its administrative role.
    if population >= 1_000_000 {
        f64::max(base, 0.9)
    } else {
        base
    }
}

/// Weights of the three intrinsic terms of a score; they sum to 1.
const W_MATCH: f64 = 0.30;
const W_POPULATION: f64 = 0.45;
const W_FEATURE: f64 = 0.25;
/// Population at which the population prior saturates.
const POPULATION_SATURATION: f64 = 30_000_000.0;
/// A region's population counts as a tenth: it sums its towns, while a city of
/// the same name is what a text usually means.
const ADMIN1_POPULATION_DISCOUNT: u64 = 10;
const ADMIN1_FEATURE: f64 = 0.8;
const COUNTRY_FEATURE: f64 = 1.0;
/// Factors for a candidate outside the hinted country or region.
const OTHER_COUNTRY: f64 = 0.3;
const OTHER_ADMIN1: f64 = 0.6;
/// Proximity: factor `NEAR_FLOOR + (1 - NEAR_FLOOR) · e^(-d / NEAR_SCALE_KM)`.
const NEAR_FLOOR: f64 = 0.35;
const NEAR_SCALE_KM: f64 = 400.0;
/// Proximity term for a candidate in the same country as a `near` point.
const NEAR_SAME_COUNTRY: f64 = 0.5;

fn population_prior(population: u64) -> f64 {
    ((population as f64).ln_1p() / POPULATION_SATURATION.ln_1p()).min(1.0)
}

/// Hints resolved against the gazetteer once per query.
struct Resolved {
    country: Option<String>,
    /// Admin-1 indices the admin-1 hint names; `None` when there is no hint or
    /// it names nothing known (an unknown hint is ignored, not held against all).
    admin1: Option<HashSet<usize>>,
    near: Vec<NearPoint>,
}

struct NearPoint {
    lat: f64,
    lon: f64,
    /// Country and region of the place nearest to the point.
    country: Option<String>,
    admin1: Option<usize>,
}

impl Gazetteer {
    /// Builds the gazetteer from places and admin-1 names (`("RU.48",
    /// "Moscow")`, GeoNames' `CC.CODE` keys). Countries come from the country
    /// table; a country or region is positioned at the unweighted
    /// mean of its places, and countries without places are left out.
    pub fn build(mut places: Vec<Place>, admin1_names: Vec<(String, String)>) -> Gazetteer {
        places.sort_by_key(|p| p.geonames_id);
        places.dedup_by_key(|p| p.geonames_id);

        let mut admin1_keys: Vec<(String, String, String)> = admin1_names
            .into_iter()
            .filter_map(|(key, name)| {
                let (country, code) = key.split_once('.')?;
                let name = name.trim();
                (!country.is_empty() && !code.is_empty() && !name.is_empty()).then(|| {
                    (
                        country.to_ascii_uppercase(),
                        code.to_owned(),
                        name.to_owned(),
                    )
                })
            })
            .collect();
        admin1_keys.sort();
        admin1_keys.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);

        let find_admin1 = |country: &str, code: &str| {
            admin1_keys
                .binary_search_by(|(c, k, _)| (c.as_str(), k.as_str()).cmp(&(country, code)))
                .ok()
        };
        let place_admin1: Vec<u32> = places
            .iter()
            .map(|p| {
                find_admin1(&p.country, &p.admin1_code)
                    .and_then(|i| u32::try_from(i).ok())
                    .unwrap_or(NO_ADMIN1)
            })
            .collect();

        let mut region_sums = vec![Centroid::default(); admin1_keys.len()];
        let mut country_sums: BTreeMap<&str, Centroid> = BTreeMap::new();
        for (place, admin1) in places.iter().zip(&place_admin1) {
            if let Some(sum) = region_sums.get_mut(*admin1 as usize) {
                sum.add(place);
            }
            country_sums
                .entry(place.country.as_str())
                .or_default()
                .add(place);
        }

        let countries: Vec<CountryEntry> = crate::countries::COUNTRIES
            .iter()
            .filter_map(|c| {
                let sum = country_sums.get(c.alpha2)?;
                let (lat, lon) = sum.lat_lon()?;
                Some(CountryEntry {
                    alpha2: c.alpha2,
                    name: c.name,
                    aliases: c.aliases,
                    lat,
                    lon,
                    population: sum.population,
                })
            })
            .collect();

        let admin1s: Vec<Admin1> = admin1_keys
            .into_iter()
            .zip(&region_sums)
            .map(|((country, code, name), sum)| {
                let (lat, lon) = sum
                    .lat_lon()
                    .or_else(|| {
                        countries
                            .iter()
                            .find(|c| c.alpha2 == country)
                            .map(|c| (c.lat, c.lon))
                    })
                    .unwrap_or((f64::NAN, f64::NAN));
                Admin1 {
                    variants: variants::admin1_variants(&name),
                    country,
                    code,
                    name,
                    lat,
                    lon,
                    population: sum.population,
                }
            })
            .collect();

        let mut gazetteer = Gazetteer {
            places,
            place_admin1,
            admin1s,
            countries,
            postings: Vec::new(),
            tree: KdTree::default(),
        };
        gazetteer.index_names();
        gazetteer.tree = KdTree::build(
            gazetteer
                .places
                .iter()
                .enumerate()
                .filter(|(_, p)| p.lat.is_finite() && p.lon.is_finite())
                .filter_map(|(i, p)| Some((unit_vector(p.lat, p.lon), u32::try_from(i).ok()?)))
                .collect(),
        );
        gazetteer
    }

    fn index_names(&mut self) {
        let mut postings = Vec::with_capacity(self.places.len() * 6);
        let mut add = |name: &str, entry: usize, quality: Quality| {
            let key = normalise(name);
            if key.is_empty() {
                return;
            }
            if let Ok(entry) = u32::try_from(entry) {
                postings.push(Posting {
                    hash: key_hash(&key),
                    entry,
                    quality: quality as u8,
                });
            }
        };
        for (i, place) in self.places.iter().enumerate() {
            add(&place.name, i, Quality::Name);
            if place.ascii_name != place.name {
                add(&place.ascii_name, i, Quality::Ascii);
            }
            for alt in &place.alternate_names {
                add(alt, i, Quality::Alternate);
            }
            if place.population >= ARTICLE_VARIANT_MIN_POPULATION
                && let Some(bare) = variants::without_arabic_article(&place.name, &place.country)
            {
                add(bare, i, Quality::Variant);
            }
        }
        let admin1_base = self.places.len();
        for (i, admin1) in self.admin1s.iter().enumerate() {
            if !admin1.lat.is_finite() {
                continue;
            }
            add(&admin1.name, admin1_base + i, Quality::Name);
            for (variant, added) in variants::admin1_variants_marked(&admin1.name) {
                let quality = if added {
                    Quality::AddedKind
                } else {
                    Quality::Variant
                };
                add(&variant, admin1_base + i, quality);
            }
        }
        let country_base = admin1_base + self.admin1s.len();
        for (i, country) in self.countries.iter().enumerate() {
            add(country.name, country_base + i, Quality::Name);
            for alias in country.aliases {
                add(alias, country_base + i, Quality::Alternate);
            }
        }
        postings.sort_unstable_by_key(|p| (p.hash, p.entry, p.quality));
        postings.dedup_by_key(|p| (p.hash, p.entry));
        postings.shrink_to_fit();
        self.postings = postings;
    }

    fn entry(&self, entry: u32) -> Option<Entry> {
        let e = entry as usize;
        let admin1_base = self.places.len();
        let country_base = admin1_base + self.admin1s.len();
        if e < admin1_base {
            Some(Entry::Place(e))
        } else if e < country_base {
            Some(Entry::Admin1(e - admin1_base))
        } else if e - country_base < self.countries.len() {
            Some(Entry::Country(e - country_base))
        } else {
            None
        }
    }

    /// The postings of one normalised key.
    fn postings_of(&self, key: &str) -> &[Posting] {
        if key.is_empty() {
            return &[];
        }
        let hash = key_hash(key);
        let start = self.postings.partition_point(|p| p.hash < hash);
        let len = self.postings[start..].partition_point(|p| p.hash == hash);
        &self.postings[start..start + len]
    }

    /// Every entry one of whose names equals `name` after [`normalise`],
    /// unranked (score 0), places first by GeoNames id, then regions, then
    /// countries.
    pub fn lookup(&self, name: &str) -> Vec<Candidate> {
        self.lookup_key(&normalise(name))
    }

    /// [`Gazetteer::lookup`] for a key that is already [`normalise`]d.
    pub fn lookup_key(&self, key: &str) -> Vec<Candidate> {
        self.postings_of(key)
            .iter()
            .filter_map(|p| self.candidate(p.entry, 0.0))
            .collect()
    }

    /// Whether any entry is named `key` (a [`normalise`]d name). Cheap: one
    /// binary search, no allocation.
    pub fn contains_key(&self, key: &str) -> bool {
        !self.postings_of(key).is_empty()
    }

    /// Candidates for `query`, best first, scored 0..1 by match quality,
    /// population, feature code and kind, and by the hints. A query of the
    /// form `"Paris, Texas"` or `"Tripoli, Lebanon"` that matches nothing whole
    /// is read as a name with a region or country hint.
    pub fn geocode(&self, query: &str, hints: &Hints) -> Vec<Candidate> {
        self.geocode_top(query, hints, usize::MAX)
    }

    /// [`Gazetteer::geocode`], keeping the best `limit` candidates.
    pub fn geocode_top(&self, query: &str, hints: &Hints, limit: usize) -> Vec<Candidate> {
        let key = normalise(query);
        let postings = self.postings_of(&key);
        if !postings.is_empty() || !query.contains(',') {
            return self.rank(postings, hints, limit);
        }
        let mut parts = query.split(',').map(str::trim);
        let head = parts.next().unwrap_or_default();
        let mut hints = hints.clone();
        for qualifier in parts.filter(|q| !q.is_empty()) {
            if hints.country.is_none() && crate::countries::country_code(qualifier).is_some() {
                hints.country = Some(qualifier.to_owned());
            } else if hints.admin1.is_none() {
                hints.admin1 = Some(qualifier.to_owned());
            }
        }
        self.rank(self.postings_of(&normalise(head)), &hints, limit)
    }

    fn rank(&self, postings: &[Posting], hints: &Hints, limit: usize) -> Vec<Candidate> {
        if postings.is_empty() || limit == 0 {
            return Vec::new();
        }
        let resolved = self.resolve(hints);
        let mut scored: Vec<(f64, u64, u32)> = postings
            .iter()
            .filter_map(|p| {
                let (score, population) = self.score(p, &resolved)?;
                Some((score, population, p.entry))
            })
            .collect();
        scored.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        scored.truncate(limit);
        scored
            .into_iter()
            .filter_map(|(score, _, entry)| self.candidate(entry, score))
            .collect()
    }

    fn resolve(&self, hints: &Hints) -> Resolved {
        let country = hints.country.as_deref().map(str::trim).and_then(|c| {
            (!c.is_empty()).then(|| {
                crate::countries::country_code(c)
                    .map(str::to_owned)
                    .unwrap_or_else(|| c.to_ascii_uppercase())
            })
        });
        let admin1 = hints.admin1.as_deref().and_then(|hint| {
            let hint = hint.trim();
            let admin1_base = self.places.len();
            let mut set: HashSet<usize> = self
                .postings_of(&normalise(hint))
                .iter()
                .filter_map(|p| (p.entry as usize).checked_sub(admin1_base))
                .filter(|i| *i < self.admin1s.len())
                .collect();
            // A code: "TX", "47", or "US.TX".
            let (code_country, code) = match hint.split_once('.') {
                Some((c, k)) => (Some(c.to_ascii_uppercase()), k),
                None => (None, hint),
            };
            for (i, a) in self.admin1s.iter().enumerate() {
                let country_ok = code_country
                    .as_deref()
                    .or(country.as_deref())
                    .is_none_or(|c| c == a.country);
                if country_ok && a.code.eq_ignore_ascii_case(code) {
                    set.insert(i);
                }
            }
            (!set.is_empty()).then_some(set)
        });
        let near = hints
            .near
            .iter()
            .filter(|(lat, lon)| lat.is_finite() && lon.is_finite())
            .map(|&(lat, lon)| {
                let nearest = self
                    .tree
                    .nearest(&unit_vector(lat, lon))
                    .map(|(i, _)| i as usize);
                NearPoint {
                    lat,
                    lon,
                    country: nearest.and_then(|i| Some(self.places.get(i)?.country.clone())),
                    admin1: nearest.and_then(|i| self.admin1_index(i)),
                }
            })
            .collect();
        Resolved {
            country,
            admin1,
            near,
        }
    }

    fn admin1_index(&self, place: usize) -> Option<usize> {
        let a = *self.place_admin1.get(place)?;
        (a != NO_ADMIN1).then_some(a as usize)
    }

    /// The score of one posting under the hints, and the population used to
    /// break ties.
    fn score(&self, posting: &Posting, hints: &Resolved) -> Option<(f64, u64)> {
        let quality = Quality::from_u8(posting.quality);
        let (kind, country, admin1, lat, lon, population, feature) =
            match self.entry(posting.entry)? {
                Entry::Place(i) => {
                    let p = self.places.get(i)?;
                    (
                        Kind::Place,
                        p.country.as_str(),
                        self.admin1_index(i),
                        p.lat,
                        p.lon,
                        p.population,
                        feature_weight(&p.feature_code, p.population),
                    )
                }
                Entry::Admin1(i) => {
                    let a = self.admin1s.get(i)?;
                    (
                        Kind::Admin1,
                        a.country.as_str(),
                        Some(i),
                        a.lat,
                        a.lon,
                        a.population / ADMIN1_POPULATION_DISCOUNT,
                        ADMIN1_FEATURE,
                    )
                }
                Entry::Country(i) => {
                    let c = self.countries.get(i)?;
                    (
                        Kind::Country,
                        c.alpha2,
                        None,
                        c.lat,
                        c.lon,
                        c.population,
                        COUNTRY_FEATURE,
                    )
                }
            };
        let mut score = W_MATCH * quality.weight()
            + W_POPULATION * population_prior(population)
            + W_FEATURE * feature;
        if let Some(hint) = &hints.country
            && hint != country
        {
            score *= OTHER_COUNTRY;
        }
        if let Some(set) = &hints.admin1
            && kind != Kind::Country
            && !admin1.is_some_and(|a| set.contains(&a))
        {
            score *= OTHER_ADMIN1;
        }
        if !hints.near.is_empty() {
            let closeness = hints
                .near
                .iter()
                .map(|n| {
                    let inside = match kind {
                        Kind::Country => n.country.as_deref() == Some(country),
                        Kind::Admin1 => n.admin1.is_some() && n.admin1 == admin1,
                        Kind::Place => false,
                    };
                    if inside {
                        return 1.0;
                    }
                    let decay = (-haversine_km(lat, lon, n.lat, n.lon) / NEAR_SCALE_KM).exp();
                    if n.country.as_deref() == Some(country) {
                        decay.max(NEAR_SAME_COUNTRY)
                    } else {
                        decay
                    }
                })
                .fold(0.0, f64::max);
            score *= NEAR_FLOOR + (1.0 - NEAR_FLOOR) * closeness;
        }
        let tie_population = match kind {
            Kind::Admin1 => population * ADMIN1_POPULATION_DISCOUNT,
            _ => population,
        };
        Some((score.clamp(0.0, 1.0), tie_population))
    }

    fn candidate(&self, entry: u32, score: f64) -> Option<Candidate> {
        Some(match self.entry(entry)? {
            Entry::Place(i) => {
                let p = self.places.get(i)?;
                Candidate {
                    kind: Kind::Place,
                    gazetteer_id: format!("gn:{}", p.geonames_id),
                    name: p.name.clone(),
                    country: p.country.clone(),
                    admin1: self
                        .admin1_index(i)
                        .and_then(|a| Some(self.admin1s.get(a)?.name.clone())),
                    lat: p.lat,
                    lon: p.lon,
                    population: p.population,
                    score,
                }
            }
            Entry::Admin1(i) => {
                let a = self.admin1s.get(i)?;
                Candidate {
                    kind: Kind::Admin1,
                    gazetteer_id: format!("admin1:{}.{}", a.country, a.code),
                    name: a.name.clone(),
                    country: a.country.clone(),
                    admin1: None,
                    lat: a.lat,
                    lon: a.lon,
                    population: a.population,
                    score,
                }
            }
            Entry::Country(i) => {
                let c = self.countries.get(i)?;
                Candidate {
                    kind: Kind::Country,
                    gazetteer_id: format!("country:{}", c.alpha2),
                    name: c.name.to_owned(),
                    country: c.alpha2.to_owned(),
                    admin1: None,
                    lat: c.lat,
                    lon: c.lon,
                    population: c.population,
                    score,
                }
            }
        })
    }

    /// The place nearest to a point, and its distance in km.
    pub fn nearest_place(&self, lat: f64, lon: f64) -> Option<(&Place, f64)> {
        if !lat.is_finite() || !lon.is_finite() {
            return None;
        }
        let (i, d2) = self.tree.nearest(&unit_vector(lat, lon))?;
        let place = self.places.get(i as usize)?;
        Some((place, chord2_to_km(d2)))
    }

    /// The place with a GeoNames id.
    pub fn place(&self, geonames_id: u32) -> Option<&Place> {
        let i = self
            .places
            .binary_search_by_key(&geonames_id, |p| p.geonames_id)
            .ok()?;
        self.places.get(i)
    }

    /// The admin-1 region with a GeoNames code (`("RU", "47")`).
    pub fn admin1(&self, country: &str, code: &str) -> Option<&Admin1> {
        let i = self
            .admin1s
            .binary_search_by(|a| (a.country.as_str(), a.code.as_str()).cmp(&(country, code)))
            .ok()?;
        self.admin1s.get(i)
    }

    /// The name of a place's admin-1 region.
    pub fn admin1_name(&self, place: &Place) -> Option<&str> {
        self.admin1(&place.country, &place.admin1_code)
            .map(|a| a.name.as_str())
    }

    /// The number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Every place, by GeoNames id.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// Every admin-1 region, by country and code.
    pub fn admin1s(&self) -> &[Admin1] {
        &self.admin1s
    }

    /// The number of distinct (name key, entry) pairs indexed.
    pub fn name_count(&self) -> usize {
        self.postings.len()
    }

    /// Moves countries to better positions than the mean of their places, e.g.
    /// the label points of their boundaries; `point` answers `(lat, lon)` or
    /// `None` to keep the current position.
    pub fn set_country_points(&mut self, point: impl Fn(&str) -> Option<(f64, f64)>) {
        for c in &mut self.countries {
            if let Some((lat, lon)) = point(c.alpha2) {
                c.lat = lat;
                c.lon = lon;
            }
        }
    }

    /// Moves admin-1 regions to the point `point(country, name)` gives them
    /// (the centre of their boundary), where it gives one; the others stay at
    /// the mean position of their places.
    pub fn set_admin1_points(&mut self, point: impl Fn(&str, &str) -> Option<(f64, f64)>) {
        for a in &mut self.admin1s {
            if let Some((lat, lon)) = point(&a.country, &a.name) {
                a.lat = lat;
                a.lon = lon;
            }
        }
    }

    /// The position and population the gazetteer gives a country (`"RU"`):
    /// the mean position of its places (unless moved with
    /// [`Gazetteer::set_country_points`]) and their summed population.
    pub fn country_centroid(&self, alpha2: &str) -> Option<(f64, f64, u64)> {
        self.countries
            .iter()
            .find(|c| c.alpha2.eq_ignore_ascii_case(alpha2))
            .map(|c| (c.lat, c.lon, c.population))
    }
}

#[cfg(test)]
mod tests;
