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
        self.area.country.eq_ignore_ascii_case(&area.country)
            && match (&self.area.admin1, &area.admin1) {
                (None, None) => true,
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => false,
            }
    }
}

/// Populations of countries and admin1 regions (admin1 names matched
/// case-insensitively, as the events spell them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Populations {
    countries: HashMap<String, u64>,
    admin1: HashMap<(String, String), u64>,
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

    /// The population of an area, when known and non-zero.
    pub fn of(&self, area: &AreaId) -> Option<u64> {
        let country = area.country.to_ascii_uppercase();
        let found = match &area.admin1 {
            None => self.countries.get(&country),
            Some(name) => self.admin1.get(&(country, name.trim().to_lowercase())),
        };
        found.copied().filter(|p| *p > 0)
    }

    pub fn is_empty(&self) -> bool {
        self.countries.is_empty() && self.admin1.is_empty()
    }

    /// Number of countries and admin1 names known.
    pub fn len(&self) -> (usize, usize) {
        (self.countries.len(), self.admin1.len())
    }
}
