//! sitrep's geography. Pure data and lookups, no IO: the country table
//! ([`countries`]) that every importer uses to turn the many ways datasets name
//! or code a country into one ISO 3166-1 alpha-2 code, the gazetteer, country
//! boundaries and admin-1 boundaries ([`admin1`]).

pub mod admin1;
pub mod boundaries;
pub mod countries;
pub mod gazetteer;

pub use countries::{Country, country, country_code, from_fips, from_gw, from_numeric};
