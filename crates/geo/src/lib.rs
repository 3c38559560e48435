//! sitrep's geography. Pure data and lookups, no IO: today the country table
//! ([`countries`]) that every importer uses to turn the many ways datasets name
//! or code a country into one ISO 3166-1 alpha-2 code; later the gazetteer.

pub mod boundaries;
pub mod countries;
pub mod gazetteer;

pub use countries::{Country, country, country_code, from_fips, from_gw, from_numeric};
