//! Analysts' overrides and population data: the two things the model takes
//! from outside its events, both handed in as plain data so the model stays
//! pure.
//!
//! An [`Override`] sets the level of one area × stream (a category, or the
//! overall rating) by hand, with a written reason, until the day it expires.
//! The computed score is kept beside it; the rating carries the override so
//! every output can show it. When several overrides of one area × stream are in
//! force, the newest wins.
//!
//! [`Populations`] gives country and admin1 populations for
//! [`RiskModel::exposure_factor`](crate::RiskModel).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sitrep_model::Category;

use crate::{AreaId, Level};

/// An analyst's override of one rating.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub id: i64,
    pub area: AreaId,
    /// `None`: the overall rating.
    pub category: Option<Category>,
    pub level: Level,
    pub reason: String,
    pub author: String,
    pub created: DateTime<Utc>,
    /// First day on which it no longer applies; `None`: until expired.
    pub expires: Option<NaiveDate>,
}

impl Override {
    /// Whether it applies to a rating on `day`.
    pub fn is_active_on(&self, day: NaiveDate) -> bool {
        self.expires.is_none_or(|e| day < e)
    }

    /// Whether it is about `area` (admin1 names compared case-insensitively).
    pub fn is_for(&self, area: &AreaId) -> bool {
        let same = |a: &Option<String>, b: &Option<String>| match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => false,
        };
        self.area.country.eq_ignore_ascii_case(&area.country)
            && same(&self.area.admin1, &area.admin1)
            && same(&self.area.city, &area.city)
    }
}

/// Populations of countries and admin1 regions (admin1 names matched
/// case-insensitively, as the events spell them), and the cities of at least
/// [`CITY_POPULATION`] people that city ratings are given for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Populations {
    countries: HashMap<String, u64>,
    admin1: HashMap<(String, String), u64>,
    cities: Vec<City>,
    /// Cities by 1° cell of their position.
    city_cells: HashMap<(i32, i32), Vec<u32>>,
}

/// The smallest city rated on its own.
pub const CITY_POPULATION: u64 = 100_000;

/// A city rated on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct City {
    pub country: String,
    pub admin1: Option<String>,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
}

impl City {
    /// How far from its centre an incident counts for the city: 8 km for
    /// 100,000 people, growing by 6 km per tenfold (14 km at a million, 20 km
    /// at ten million).
    pub fn radius_km(&self) -> f64 {
        8.0 + 6.0
            * (self.population as f64 / CITY_POPULATION as f64)
                .log10()
                .max(0.0)
    }

    pub fn key(&self) -> crate::CityKey {
        crate::CityKey {
            admin1: self.admin1.clone(),
            name: self.name.clone(),
        }
    }
}

fn cell(lat: f64, lon: f64) -> (i32, i32) {
    (lat.floor() as i32, lon.floor() as i32)
}

impl Populations {
    pub fn new() -> Populations {
        Populations::default()
    }

    pub fn insert_country(&mut self, country: &str, population: u64) {
        self.countries
            .insert(country.to_ascii_uppercase(), population);
    }

    /// Adds a name of an admin1 region; a name already given keeps the larger
    /// population (two regions of one country rarely share a name).
    pub fn insert_admin1(&mut self, country: &str, name: &str, population: u64) {
        let key = (country.to_ascii_uppercase(), name.trim().to_lowercase());
        let entry = self.admin1.entry(key).or_insert(0);
        *entry = (*entry).max(population);
    }

    /// Adds a city; below [`CITY_POPULATION`] people it is ignored.
    pub fn insert_city(&mut self, city: City) {
        if city.population < CITY_POPULATION || !(city.lat.is_finite() && city.lon.is_finite()) {
            return;
        }
        let index = self.cities.len() as u32;
        self.city_cells
            .entry(cell(city.lat, city.lon))
            .or_default()
            .push(index);
        self.cities.push(city);
    }

    /// The city an incident at (`lat`, `lon`) in `country` counts for: the
    /// nearest of that country's cities whose [`City::radius_km`] reaches it.
    pub fn city_of(&self, country: &str, lat: f64, lon: f64) -> Option<&City> {
        let (y, x) = cell(lat, lon);
        let mut best: Option<(f64, &City)> = None;
        for dy in -1..=1 {
            for dx in -1..=1 {
                let Some(list) = self.city_cells.get(&(y + dy, x + dx)) else {
                    continue;
                };
                for &i in list {
                    let city = &self.cities[i as usize];
                    if !city.country.eq_ignore_ascii_case(country) {
                        continue;
                    }
                    let km = crate::model::haversine_km(lat, lon, city.lat, city.lon);
                    if km <= city.radius_km() && best.is_none_or(|(b, _)| km < b) {
                        best = Some((km, city));
                    }
                }
            }
        }
        best.map(|(_, city)| city)
    }

    /// The population of an area, when known and non-zero.
    pub fn of(&self, area: &AreaId) -> Option<u64> {
        let country = area.country.to_ascii_uppercase();
        let found = match (&area.city, &area.admin1) {
            (Some(city), admin1) => {
                return self
                    .cities
                    .iter()
                    .find(|c| {
                        c.country == country
                            && c.name.eq_ignore_ascii_case(city)
                            && c.admin1.as_deref().map(str::to_lowercase)
                                == admin1.as_deref().map(str::to_lowercase)
                    })
                    .map(|c| c.population);
            }
            (None, None) => self.countries.get(&country),
            (None, Some(name)) => self.admin1.get(&(country, name.trim().to_lowercase())),
        };
        found.copied().filter(|p| *p > 0)
    }

    pub fn is_empty(&self) -> bool {
        self.countries.is_empty() && self.admin1.is_empty() && self.cities.is_empty()
    }

    /// The city `incident` counts for, by its position.
    pub(crate) fn city_key(&self, incident: &crate::Incident) -> Option<crate::CityKey> {
        let (lat, lon) = incident.location?;
        self.city_of(&incident.country, lat, lon).map(City::key)
    }

    /// Number of cities rated on their own.
    pub fn cities(&self) -> usize {
        self.cities.len()
    }

    /// Number of countries and admin1 names known.
    pub fn len(&self) -> (usize, usize) {
        (self.countries.len(), self.admin1.len())
    }
}
