//! `sitrep where LAT LON`: reverse geocoding. The country comes from the
//! Natural Earth polygons (exact point-in-polygon, so a point in Kehl is in
//! Germany even though Strasbourg is the nearest city); the nearest populated
//! place comes from the GeoNames gazetteer and is labelled when it lies in
//! another country. The admin-1 region (state, province) comes from Natural
//! Earth's admin-1 polygons, preferring a region of the country found. The
//! geodata is installed on first use.

use std::time::Instant;

use anyhow::Context;
use clap::{Args, ValueEnum};
use serde::Serialize;
use sitrep_geodata::Resolution;

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct WhereArgs {
    /// Latitude in degrees (-90..90).
    #[arg(allow_hyphen_values = true)]
    pub lat: f64,
    /// Longitude in degrees (-180..180).
    #[arg(allow_hyphen_values = true)]
    pub lon: f64,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Natural Earth scale of the country polygons: 10m, 50m or 110m.
    #[arg(long, default_value = "10m", value_parser = parse_resolution)]
    pub resolution: Resolution,
    /// Skip the nearest place (the gazetteer takes a moment to load).
    #[arg(long)]
    pub no_place: bool,
    /// Skip the admin-1 region (its polygons take a moment to load).
    #[arg(long)]
    pub no_admin1: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

fn parse_resolution(text: &str) -> Result<Resolution, String> {
    text.parse()
}

#[derive(Debug, Serialize)]
struct Answer {
    lat: f64,
    lon: f64,
    /// `null` at sea (or on the contested reefs).
    country: Option<CountryOut>,
    /// The admin-1 region by polygon; `null` outside any (or with `--no-admin1`).
    admin1: Option<Admin1Out>,
    nearest_place: Option<PlaceOut>,
    resolution: String,
}

#[derive(Debug, Serialize)]
struct CountryOut {
    iso2: String,
    name: String,
}

#[derive(Debug, Serialize)]
struct Admin1Out {
    name: String,
    /// Natural Earth's HASC code (`NG.BO`), when it has one.
    code: Option<String>,
    country: String,
}

#[derive(Debug, Serialize)]
struct PlaceOut {
    name: String,
    admin1: Option<String>,
    country: String,
    lat: f64,
    lon: f64,
    population: u64,
    distance_km: f64,
    geonames_id: u32,
}

pub fn run(args: WhereArgs) -> anyhow::Result<()> {
    if !(-90.0..=90.0).contains(&args.lat) || !(-180.0..=180.0).contains(&args.lon) {
        anyhow::bail!("{},{} is not on the globe", args.lat, args.lon);
    }
    let dir = sitrep_geodata::default_dir();
    let dir = sitrep_geodata::ensure_installed(&dir)
        .with_context(|| format!("installing geodata into {}", dir.display()))?;
    let t = Instant::now();
    let boundaries = sitrep_geodata::load_country_boundaries(&dir, args.resolution)
        .context("loading country boundaries")?;
    tracing::debug!(ms = t.elapsed().as_millis() as u64, "boundaries loaded");
    let country = boundaries.country_at(args.lat, args.lon).map(|iso2| {
        let name = boundaries
            .get(iso2)
            .map_or_else(|| iso2.to_owned(), |c| c.name.clone());
        CountryOut {
            iso2: iso2.to_owned(),
            name,
        }
    });
    let admin1 = if args.no_admin1 {
        None
    } else {
        let t = Instant::now();
        let regions =
            sitrep_geodata::load_admin1_boundaries(&dir).context("loading admin-1 boundaries")?;
        tracing::debug!(
            ms = t.elapsed().as_millis() as u64,
            "admin-1 boundaries loaded"
        );
        let found = match &country {
            Some(c) => regions.region_in(&c.iso2, args.lat, args.lon),
            None => regions.region_at(args.lat, args.lon),
        };
        found.map(|r| Admin1Out {
            name: r.name.clone(),
            code: r.code.clone(),
            country: r.country.clone(),
        })
    };
    let nearest_place = if args.no_place {
        None
    } else {
        let t = Instant::now();
        let gazetteer = sitrep_geodata::load_gazetteer(&dir).context("loading the gazetteer")?;
        tracing::debug!(ms = t.elapsed().as_millis() as u64, "gazetteer loaded");
        gazetteer
            .nearest_place(args.lat, args.lon)
            .map(|(place, km)| PlaceOut {
                name: place.name.clone(),
                admin1: gazetteer.admin1_name(place).map(str::to_owned),
                country: place.country.clone(),
                lat: place.lat,
                lon: place.lon,
                population: place.population,
                distance_km: (km * 100.0).round() / 100.0,
                geonames_id: place.geonames_id,
            })
    };
    let answer = Answer {
        lat: args.lat,
        lon: args.lon,
        country,
        admin1,
        nearest_place,
        resolution: args.resolution.to_string(),
    };
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&answer)?),
        Format::Text => print!("{}", text(&answer)),
    }
    Ok(())
}

fn text(a: &Answer) -> String {
    let mut out = match &a.country {
        Some(c) => format!("{}, {}: {} ({})\n", a.lat, a.lon, c.name, c.iso2),
        None => format!("{}, {}: in no country (at sea?)\n", a.lat, a.lon),
    };
    if let Some(r) = &a.admin1 {
        let code = r
            .code
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        out += &format!("admin1: {}{code}, {}\n", r.name, r.country);
    }
    if let Some(p) = &a.nearest_place {
        let region = p
            .admin1
            .as_deref()
            .map(|r| format!(", {r}"))
            .unwrap_or_default();
        let elsewhere = match &a.country {
            Some(c) if c.iso2 != p.country => " (in another country)",
            _ => "",
        };
        out += &format!(
            "nearest place: {}{region}, {} — {:.1} km{elsewhere}\n",
            p.name, p.country, p.distance_km
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_flags_a_nearest_place_across_the_border() {
        let answer = Answer {
            lat: 48.57,
            lon: 7.82,
            country: Some(CountryOut {
                iso2: "DE".into(),
                name: "Germany".into(),
            }),
            admin1: Some(Admin1Out {
                name: "Baden-Württemberg".into(),
                code: Some("DE.BW".into()),
                country: "DE".into(),
            }),
            nearest_place: Some(PlaceOut {
                name: "Strasbourg".into(),
                admin1: Some("Grand Est".into()),
                country: "FR".into(),
                lat: 48.58,
                lon: 7.75,
                population: 274_845,
                distance_km: 5.3,
                geonames_id: 2_973_783,
            }),
            resolution: "10m".into(),
        };
        assert_eq!(
            text(&answer),
            "48.57, 7.82: Germany (DE)\nadmin1: Baden-Württemberg (DE.BW), DE\nnearest place: Strasbourg, Grand Est, FR — 5.3 km (in another country)\n"
        );
    }
}
