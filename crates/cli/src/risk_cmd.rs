//! `sitrep risk` (ratings, `explain`, `history`, analysts' `override`s) and
//! `sitrep backtest`: read events and overrides from the store (or a monthly HDX
//! series from a CSV file) and populations from the gazetteer, hand them to the
//! pure model in `sitrep-risk`, and print what it computes as text or JSON.
//! The JSON is built here by hand: the model's types are not a wire format.
//! Overridden ratings carry `override: {...}` in JSON and a `*` in text.
//! Areas carry their human name (`Borno, Nigeria`) and contributing events
//! their place, read from the store, as the HTTP API gives them.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde_json::{Value, json};
use sitrep_api::risk::{PlaceDto, area_name};
use sitrep_geo::gazetteer::Gazetteer;
use sitrep_model::Category;
use sitrep_risk::backtest::{self, Report, Scores};
use sitrep_risk::{
    AreaId, AreaLevel, AreaRating, City, Config, Explanation, History, Incident, Level, Override,
    Populations, Rating, RiskModel, Trend,
};
use sitrep_store::{NewOverride, Store};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RiskArgs {
    #[command(subcommand)]
    action: Option<RiskAction>,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(Debug, Subcommand)]
enum RiskAction {
    /// Take one rating apart: its top contributing events, baseline and spill-over.
    Explain(ExplainArgs),
    /// An area's daily rating over a date range, with the causes of each level change.
    History(HistoryArgs),
    /// Analysts' overrides: set a level by hand with a written reason, list, expire, delete.
    Override(OverrideArgs),
}

#[derive(Debug, Args)]
struct OverrideArgs {
    #[command(subcommand)]
    action: OverrideAction,
}

#[derive(Debug, Subcommand)]
enum OverrideAction {
    /// Set the level of an area's rating by hand until it expires.
    Add(OverrideAddArgs),
    /// List every override (active and expired) and, with --audit, the audit log.
    List(OverrideListArgs),
    /// End an override from a day on (default today).
    Expire(OverrideEndArgs),
    /// Delete an override (the audit log keeps what it was).
    Delete(OverrideEndArgs),
}

#[derive(Debug, Args)]
struct OverrideAddArgs {
    /// The area: a country code (`NG`) or country/admin1 as the events spell it (`NG/Borno`).
    area: String,
    /// The category overridden; default the overall rating.
    #[arg(long, value_name = "C", value_parser = parse_category)]
    category: Option<Category>,
    /// The level: 1 Negligible, 2 Low, 3 Medium, 4 High, 5 Extreme.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=5))]
    level: u8,
    /// The written justification.
    #[arg(long)]
    reason: String,
    /// Who sets it.
    #[arg(long, value_name = "NAME")]
    author: String,
    /// First day it no longer applies (YYYY-MM-DD); default: until expired.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    expires: Option<NaiveDate>,
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

#[derive(Debug, Args)]
struct OverrideListArgs {
    /// Also print the audit log of every create, expire and delete.
    #[arg(long)]
    audit: bool,
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

#[derive(Debug, Args)]
struct OverrideEndArgs {
    /// The override's id (see `sitrep risk override list`).
    id: i64,
    /// Who ends it.
    #[arg(long, value_name = "NAME")]
    author: String,
    /// Expire: the first day it no longer applies; default today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    on: Option<NaiveDate>,
}

#[derive(Debug, Args)]
struct ListArgs {
    /// Rate countries or admin1 regions.
    #[arg(long, default_value = "country", value_parser = parse_level)]
    level: AreaLevel,
    /// Only these countries (ISO 3166-1 alpha-2, comma-separated).
    #[arg(long, value_name = "CC")]
    country: Option<String>,
    /// Rank and show one category (terrorism, armed_conflict, civil_unrest, crime,
    /// kidnap, political); default the overall rating.
    #[arg(long, value_name = "C", value_parser = parse_category)]
    category: Option<Category>,
    /// Rate as of this day (YYYY-MM-DD); default the newest event's day.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    at: Option<NaiveDate>,
    /// Most areas to print, highest first.
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Do not normalise for population (skip loading the gazetteer).
    #[arg(long)]
    no_population: bool,
    /// Output format: text or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

#[derive(Debug, Args)]
struct ExplainArgs {
    /// The area: a country code (`NG`) or country/admin1 (`NG/Borno`).
    area: String,
    #[arg(long, value_name = "C", value_parser = parse_category)]
    category: Option<Category>,
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    at: Option<NaiveDate>,
    /// Events to list one by one; the rest are summed.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Do not normalise for population (skip loading the gazetteer).
    #[arg(long)]
    no_population: bool,
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

#[derive(Debug, Args)]
struct HistoryArgs {
    /// The area: a country code (`NG`) or country/admin1 (`NG/Borno`).
    area: String,
    #[arg(long, value_name = "C", value_parser = parse_category)]
    category: Option<Category>,
    /// First day; default 365 days before `--to`.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    from: Option<NaiveDate>,
    /// Last day; default the newest event's day.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    to: Option<NaiveDate>,
    /// Print every day, not only the level changes.
    #[arg(long)]
    daily: bool,
    /// Do not normalise for population (skip loading the gazetteer).
    #[arg(long)]
    no_population: bool,
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

#[derive(Debug, Args)]
pub struct BacktestArgs {
    /// Length of a period, in days (`30d` or `30`).
    #[arg(long, default_value = "30d", value_parser = parse_horizon)]
    horizon: u32,
    /// First step; default one horizon after the first event.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    from: Option<NaiveDate>,
    /// Last day an outcome period may reach; default the last event's day.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    to: Option<NaiveDate>,
    /// Score countries or admin1 regions.
    #[arg(long, default_value = "country", value_parser = parse_level)]
    level: AreaLevel,
    /// Replay an HDX HAPI monthly conflict-event CSV instead of the store's events.
    #[arg(long, value_name = "FILE")]
    hdx: Option<PathBuf>,
    /// Days between steps (`7d` or `7`); default a week. With --hdx the steps are
    /// the horizon: a monthly row is known only once its month is over.
    #[arg(long, value_name = "DAYS", value_parser = parse_horizon)]
    step: Option<u32>,
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

fn parse_level(text: &str) -> Result<AreaLevel, String> {
    AreaLevel::parse(text).map_err(|e| e.to_string())
}

fn parse_category(text: &str) -> Result<Category, String> {
    Category::parse(text).map_err(|e| e.to_string())
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("expected a date YYYY-MM-DD, got {text:?}"))
}

fn parse_horizon(text: &str) -> Result<u32, String> {
    let digits = text.trim().trim_end_matches(['d', 'D']);
    match digits.parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("expected a number of days like 30d, got {text:?}")),
    }
}

/// Every event in the store (of `countries`, when given, up to `to`) as incidents,
/// paged through `Store::events` 10,000 at a time.
pub fn load_incidents(
    store: &dyn Store,
    countries: &[String],
    to: Option<NaiveDate>,
) -> anyhow::Result<Vec<Incident>> {
    Ok(sitrep_api::risk::load_incidents(store, countries, to)?)
}

/// Country populations (the sum of their places), admin1 populations (the
/// sum of their places, under the region's name and each of its variants), and
/// the cities of 100,000 people or more that get ratings of their own.
pub fn populations_from(gazetteer: &Gazetteer) -> Populations {
    let mut populations = Populations::new();
    for country in sitrep_geo::countries::COUNTRIES {
        if let Some((_, _, population)) = gazetteer.country_centroid(country.alpha2) {
            populations.insert_country(country.alpha2, population);
        }
    }
    for region in gazetteer.admin1s() {
        populations.insert_admin1(&region.country, &region.name, region.population);
        for variant in &region.variants {
            populations.insert_admin1(&region.country, variant, region.population);
        }
    }
    // Cities of 100,000 or more; sections of cities (PPLX) and historical,
    // abandoned or destroyed places are not cities of their own.
    for place in gazetteer.places() {
        let section = matches!(
            place.feature_code.as_str(),
            "PPLX" | "PPLH" | "PPLQ" | "PPLW" | "PPLCH"
        );
        if place.population >= sitrep_risk::CITY_POPULATION && !section {
            populations.insert_city(City {
                country: place.country.clone(),
                admin1: gazetteer.admin1_name(place).map(str::to_owned),
                name: place.name.clone(),
                lat: place.lat,
                lon: place.lon,
                population: place.population,
            });
        }
    }
    populations
}

/// Populations from the installed gazetteer, or `None` with a warning when the
/// geodata cannot be had (ratings are then not normalised for population).
pub fn load_populations() -> Option<Populations> {
    match crate::geo::gazetteer() {
        Ok(gazetteer) => Some(populations_from(gazetteer)),
        Err(error) => {
            tracing::warn!("rating without population normalisation: {error:#}");
            None
        }
    }
}

fn split_countries(text: Option<&str>) -> Vec<String> {
    text.map(|t| {
        t.split(',')
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| !c.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

fn model_for(
    data: &crate::data::Data,
    countries: &[String],
    at: Option<NaiveDate>,
    population: bool,
) -> anyhow::Result<(RiskModel, NaiveDate)> {
    let (model, at, _) = model_and_store(data, countries, at, population)?;
    Ok((model, at))
}

/// [`model_for`], keeping the store open for what else the command reads.
fn model_and_store(
    data: &crate::data::Data,
    countries: &[String],
    at: Option<NaiveDate>,
    population: bool,
) -> anyhow::Result<(RiskModel, NaiveDate, std::sync::Arc<dyn Store>)> {
    let store = crate::open_store(data)?;
    let incidents = load_incidents(&*store, countries, at)?;
    let overrides = sitrep_api::risk::load_overrides(&*store)?;
    let mut model = RiskModel::new(Config::default(), incidents)?.with_overrides(overrides);
    if population && let Some(p) = load_populations() {
        model = model.with_populations(p);
    }
    let at = match (at, model.span()) {
        (Some(at), _) => at,
        (None, Some((_, last))) => last,
        (None, None) if countries.is_empty() => {
            bail!("the store holds no events with a country; import some first")
        }
        (None, None) => bail!("the store holds no events in {}", countries.join(", ")),
    };
    Ok((model, at, store))
}

pub fn run(data: &crate::data::Data, args: RiskArgs) -> anyhow::Result<()> {
    match args.action {
        Some(RiskAction::Explain(a)) => explain(data, a),
        Some(RiskAction::History(a)) => history(data, a),
        Some(RiskAction::Override(a)) => overrides(data, a),
        None => list(data, args.list),
    }
}

fn stream_name(category: Option<Category>) -> &'static str {
    category.map_or("overall", Category::as_str)
}

fn round(x: f64, digits: i32) -> f64 {
    let m = 10f64.powi(digits);
    (x * m).round() / m
}

fn level_json(level: Level) -> Value {
    json!({
        "number": level.number(),
        "name": level.name(),
        "definition": level.definition(),
        "advice": level.advice(),
    })
}

fn override_json(o: &Override) -> Value {
    json!({
        "id": o.id,
        "area": o.area.to_string(),
        "stream": stream_name(o.category),
        "level": o.level.number(),
        "level_name": o.level.name(),
        "reason": o.reason,
        "author": o.author,
        "created": o.created.to_rfc3339(),
        "expires": o.expires.map(|d| d.to_string()),
    })
}

fn rating_json(r: &Rating) -> Value {
    json!({
        "score": round(r.score, 1),
        "level": r.level.number(),
        "level_name": r.level.name(),
        "computed_level": r.computed_level.number(),
        "override": r.overridden.as_ref().map(override_json),
        "raw": round(r.raw, 3),
        "own": round(r.own, 3),
        "baseline": round(r.baseline, 3),
        "spill": round(r.spill, 3),
        "spill_from": r.spill_from.iter().map(|(a, v)| json!({"area": a.to_string(), "raw": round(*v, 3)})).collect::<Vec<_>>(),
    })
}

fn trend_json(t: &Trend) -> Value {
    json!({
        "window_days": t.window_days,
        "events": t.current,
        "events_before": t.previous,
        "fatalities": t.current_fatalities,
        "fatalities_before": t.previous_fatalities,
        "change_pct": t.change_pct.map(|p| round(p, 1)),
        "band": t.band.as_str(),
        "p_value": t.p_value,
        "direction": t.direction.as_str(),
    })
}

fn trend_text(t: Option<&Trend>) -> String {
    match t {
        None => "-".into(),
        Some(t) => {
            let pct = t
                .change_pct
                .map_or("new".to_string(), |p| format!("{p:+.0}%"));
            format!("{} {}", t.direction.as_str(), pct)
        }
    }
}

fn list(data: &crate::data::Data, args: ListArgs) -> anyhow::Result<()> {
    let countries = split_countries(args.country.as_deref());
    let (model, at) = model_for(data, &countries, args.at, !args.no_population)?;
    let mut ratings: Vec<AreaRating> = model.ratings(args.level, at);
    let category = args.category;
    ratings.sort_by(|a, b| {
        b.category(category)
            .score
            .total_cmp(&a.category(category).score)
            .then_with(|| a.area.cmp(&b.area))
    });
    ratings.truncate(args.limit);
    let t30 = model.trends(args.level, category, at, 30);
    let t90 = model.trends(args.level, category, at, 90);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.format == "json" {
        let areas: Vec<Value> = ratings
            .iter()
            .map(|r| {
                let mut categories = serde_json::Map::new();
                for (c, cr) in &r.categories {
                    categories.insert(c.as_str().to_string(), rating_json(cr));
                }
                json!({
                    "area": r.area.to_string(),
                    "name": area_name(&r.area),
                    "stream": stream_name(category),
                    "rating": rating_json(r.category(category)),
                    "overall": rating_json(&r.overall),
                    "categories": categories,
                    "trend_30d": t30.get(&r.area).map(trend_json),
                    "trend_90d": t90.get(&r.area).map(trend_json),
                })
            })
            .collect();
        let levels: Vec<Value> = Level::ALL.iter().map(|l| level_json(*l)).collect();
        serde_json::to_writer_pretty(
            &mut out,
            &json!({"at": at.to_string(), "level": args.level.as_str(), "areas": areas, "levels": levels}),
        )?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} ratings at {at}, {} (score 0-100, level 1-5)",
            args.level.as_str(),
            stream_name(category)
        )?;
        write!(
            out,
            "{:<22} {:<30} {:>6} {:<11}",
            "area", "name", "score", "level"
        )?;
        if category.is_none() {
            for c in Category::ALL {
                write!(out, " {:>6}", &c.as_str()[..c.as_str().len().min(6)])?;
            }
        }
        writeln!(out, "  {:<18} {:<18}", "trend 30d", "trend 90d")?;
        for r in &ratings {
            let main = r.category(category);
            let mark = if main.overridden.is_some() { "*" } else { "" };
            write!(
                out,
                "{:<22} {:<30} {:>6.1} {:<11}",
                r.area.to_string(),
                clip(&area_name(&r.area), 30),
                main.score,
                format!("{} {}{mark}", main.level.number(), main.level.name())
            )?;
            if category.is_none() {
                for (_, cr) in &r.categories {
                    write!(out, " {:>6.1}", cr.score)?;
                }
            }
            writeln!(
                out,
                "  {:<18} {:<18}",
                trend_text(t30.get(&r.area)),
                trend_text(t90.get(&r.area))
            )?;
        }
        let overridden: Vec<&Override> = ratings
            .iter()
            .filter_map(|r| r.category(category).overridden.as_ref())
            .collect();
        if !overridden.is_empty() {
            writeln!(out, "\n* level set by an analyst's override:")?;
            for o in overridden {
                writeln!(out, "  {}", override_text(o))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// `text` cut to `max` characters, with `…` when cut.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn override_text(o: &Override) -> String {
    format!(
        "#{} {} {}: level {} {} by {} on {}{} — {}",
        o.id,
        o.area,
        stream_name(o.category),
        o.level.number(),
        o.level.name(),
        o.author,
        o.created.format("%Y-%m-%d"),
        o.expires
            .map_or(", until expired".to_string(), |e| format!(", until {e}")),
        o.reason
    )
}

fn explain(data: &crate::data::Data, args: ExplainArgs) -> anyhow::Result<()> {
    let area = AreaId::parse(&args.area)?;
    let (model, at, store) = model_and_store(
        data,
        std::slice::from_ref(&area.country),
        args.at,
        !args.no_population,
    )?;
    require_events(&model, &area)?;
    let why = model.explain(&area, args.category, at, args.top);
    let places = places_of(&*store, &why)?;
    let t30 = model.trend(&why.area, args.category, at, 30);
    let t90 = model.trend(&why.area, args.category, at, 90);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.format == "json" {
        serde_json::to_writer_pretty(&mut out, &explanation_json(&why, &places, &t30, &t90))?;
        writeln!(out)?;
    } else {
        write_explanation(&mut out, &why, &places, &[t30, t90])?;
    }
    out.flush()?;
    Ok(())
}

/// Refuses an area no event names (a misspelt admin1 would otherwise rate zero).
fn require_events(model: &RiskModel, area: &AreaId) -> anyhow::Result<()> {
    let area = model.resolve(area);
    if !model.incidents().iter().any(|i| i.is_in(&area)) {
        bail!(
            "no events in the store for {area}; admin1 names are matched as the events spell them"
        );
    }
    Ok(())
}

/// The place of each listed contribution, from its stored event.
fn places_of(store: &dyn Store, why: &Explanation) -> anyhow::Result<Vec<Option<PlaceDto>>> {
    why.events
        .iter()
        .map(|c| Ok(store.event(&c.event_id)?.as_ref().map(PlaceDto::of)))
        .collect()
}

fn explanation_json(
    why: &Explanation,
    places: &[Option<PlaceDto>],
    t30: &Trend,
    t90: &Trend,
) -> Value {
    json!({
        "area": why.area.to_string(),
        "name": area_name(&why.area),
        "stream": stream_name(why.category),
        "at": why.at.to_string(),
        "rating": rating_json(&why.rating),
        "level": level_json(why.rating.level),
        "events": why.events.iter().zip(places.iter().chain(std::iter::repeat(&None))).map(|(c, place)| json!({
            "id": c.event_id,
            "date": c.day.to_string(),
            "type": c.kind,
            "category": c.category.as_str(),
            "fatalities": c.fatalities,
            "severity": round(c.severity, 3),
            "decayed": round(c.decayed, 3),
            "points": round(c.points, 3),
            "place": place,
        })).collect::<Vec<_>>(),
        "other_events": why.other_events,
        "other_points": round(why.other_points, 3),
        "baseline_points": round(why.baseline_points, 3),
        "spill_points": why.spill_points.iter().map(|(a, p)| json!({"area": a.to_string(), "name": area_name(a), "points": round(*p, 3)})).collect::<Vec<_>>(),
        "decayed_away_raw": round(why.decayed_away, 3),
        "total_points": round(why.total_points(), 3),
        "trend_30d": trend_json(t30),
        "trend_90d": trend_json(t90),
    })
}

fn write_explanation(
    out: &mut impl Write,
    why: &Explanation,
    places: &[Option<PlaceDto>],
    trends: &[Trend],
) -> std::io::Result<()> {
    let r = &why.rating;
    writeln!(
        out,
        "{} ({}) {} at {}: {:.1} — level {} {}",
        why.area,
        area_name(&why.area),
        stream_name(why.category),
        why.at,
        r.score,
        r.level.number(),
        r.level.name()
    )?;
    if let Some(o) = &r.overridden {
        writeln!(
            out,
            "  OVERRIDE: the model gives level {} {}; {}",
            r.computed_level.number(),
            r.computed_level.name(),
            override_text(o)
        )?;
    }
    writeln!(out, "  {}", r.level.definition())?;
    writeln!(out, "  advice: {}", r.level.advice())?;
    writeln!(
        out,
        "\n  raw {:.2} = own events {:.2} + baseline {:.2} + spill-over {:.2}; decay has removed {:.2}",
        r.raw, r.own, r.baseline, r.spill, why.decayed_away
    )?;
    writeln!(
        out,
        "\n  {:>7}  {:<10} {:<24} {:<48} {:>5} {:>8}  place",
        "points", "date", "event", "type", "fatal", "decayed"
    )?;
    for (i, c) in why.events.iter().enumerate() {
        let fatal = c.fatalities.map_or("?".to_string(), |f| f.to_string());
        let place = places
            .get(i)
            .and_then(Option::as_ref)
            .map_or_else(|| "?".to_string(), PlaceDto::text);
        writeln!(
            out,
            "  {:>7.2}  {:<10} {:<24} {:<48} {:>5} {:>8.2}  {place}",
            c.points,
            c.day,
            c.event_id,
            format!("{} ({})", c.kind, c.category.as_str()),
            fatal,
            c.decayed
        )?;
    }
    if why.other_events > 0 {
        writeln!(
            out,
            "  {:>7.2}  {} other event(s)",
            why.other_points, why.other_events
        )?;
    }
    if why.baseline_points > 0.0 {
        writeln!(
            out,
            "  {:>7.2}  baseline (long-run history above current activity)",
            why.baseline_points
        )?;
    }
    for (area, p) in &why.spill_points {
        writeln!(
            out,
            "  {p:>7.2}  spill-over from {area} ({})",
            area_name(area)
        )?;
    }
    writeln!(out, "  {:>7.2}  total", why.total_points())?;
    for t in trends {
        writeln!(
            out,
            "\n  trend {}d: {} events (before: {}), {} fatalities (before: {}); {}, {} (p = {:.3})",
            t.window_days,
            t.current,
            t.previous,
            t.current_fatalities,
            t.previous_fatalities,
            t.band.as_str(),
            t.direction.as_str(),
            t.p_value
        )?;
    }
    Ok(())
}

fn history(data: &crate::data::Data, args: HistoryArgs) -> anyhow::Result<()> {
    let area = AreaId::parse(&args.area)?;
    let (model, to) = model_for(
        data,
        std::slice::from_ref(&area.country),
        args.to,
        !args.no_population,
    )?;
    let from = match args.from {
        Some(d) => d,
        None => to
            .checked_sub_days(chrono::Days::new(365))
            .context("date out of range")?,
    };
    require_events(&model, &area)?;
    let h = model.history(&area, args.category, from, to)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.format == "json" {
        serde_json::to_writer_pretty(&mut out, &history_json(&h, args.daily))?;
        writeln!(out)?;
    } else {
        write_history(&mut out, &h, args.daily)?;
    }
    out.flush()?;
    Ok(())
}

fn history_json(h: &History, daily: bool) -> Value {
    let changes: Vec<Value> = h
        .changes
        .iter()
        .map(|c| {
            json!({
                "date": c.day.to_string(),
                "from": c.from.number(),
                "to": c.to.number(),
                "score_before": round(c.score_before, 2),
                "score_after": round(c.score_after, 2),
                "entering": c.entering.iter().map(|e| json!({"id": e.event_id, "type": e.kind, "fatalities": e.fatalities, "raw": round(e.raw, 3)})).collect::<Vec<_>>(),
                "decay_raw": round(c.decay, 4),
                "baseline_change_raw": round(c.baseline_change, 4),
                "spill_change_raw": round(c.spill_change, 4),
                "override_before": c.override_before,
                "override_after": c.override_after,
            })
        })
        .collect();
    let mut value = json!({
        "area": h.area.to_string(),
        "name": area_name(&h.area),
        "stream": stream_name(h.category),
        "changes": changes,
    });
    if daily {
        value["days"] = h
            .days
            .iter()
            .map(|d| json!({"date": d.day.to_string(), "score": round(d.score, 2), "level": d.level.number(), "own": round(d.own, 3), "baseline": round(d.baseline, 3), "spill": round(d.spill, 3), "override_id": d.override_id}))
            .collect();
    }
    value
}

fn write_history(out: &mut impl Write, h: &History, daily: bool) -> std::io::Result<()> {
    let (first, last) = (h.days.first(), h.days.last());
    if let (Some(f), Some(l)) = (first, last) {
        writeln!(
            out,
            "{} ({}) {}: score {:.1} ({}) on {} → {:.1} ({}) on {}; {} level change(s)",
            h.area,
            area_name(&h.area),
            stream_name(h.category),
            f.score,
            f.level.name(),
            f.day,
            l.score,
            l.level.name(),
            l.day,
            h.changes.len()
        )?;
    }
    for c in &h.changes {
        writeln!(
            out,
            "\n{}  {} → {}  ({:.1} → {:.1})",
            c.day,
            c.from.name(),
            c.to.name(),
            c.score_before,
            c.score_after
        )?;
        if c.override_before != c.override_after {
            let id = |o: Option<i64>| o.map_or("none".to_string(), |i| format!("#{i}"));
            writeln!(
                out,
                "    override {} → {} (the analyst's level, not the score, moved)",
                id(c.override_before),
                id(c.override_after)
            )?;
        }
        for e in c.entering.iter().take(10) {
            let fatal = e.fatalities.map_or("?".to_string(), |f| f.to_string());
            writeln!(
                out,
                "    + {:>7.2} raw  {} {} (fatalities {fatal})",
                e.raw, e.event_id, e.kind
            )?;
        }
        if c.entering.len() > 10 {
            writeln!(out, "    + {} more event(s)", c.entering.len() - 10)?;
        }
        writeln!(out, "    - {:>7.3} raw  one day of decay", c.decay)?;
        if c.baseline_change != 0.0 {
            writeln!(out, "    {:+9.3} raw  baseline", c.baseline_change)?;
        }
        if c.spill_change != 0.0 {
            writeln!(out, "    {:+9.3} raw  spill-over", c.spill_change)?;
        }
    }
    if daily {
        writeln!(out)?;
        for d in &h.days {
            writeln!(
                out,
                "{}  {:>5.1}  {}  own {:.2} baseline {:.2} spill {:.2}",
                d.day,
                d.score,
                d.level.number(),
                d.own,
                d.baseline,
                d.spill
            )?;
        }
    }
    Ok(())
}

fn overrides(data: &crate::data::Data, args: OverrideArgs) -> anyhow::Result<()> {
    let store = crate::open_store(data)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.action {
        OverrideAction::Add(a) => {
            let area = AreaId::parse(&a.area)?;
            // Store the admin1 as the events spell it, so that it matches them.
            let area = RiskModel::new(
                Config::default(),
                load_incidents(&*store, std::slice::from_ref(&area.country), None)?,
            )?
            .resolve(&area);
            let created = store.add_override(&NewOverride {
                area: area.to_string(),
                category: a.category,
                level: a.level,
                reason: a.reason,
                author: a.author,
                expires: a.expires,
            })?;
            let o = sitrep_api::risk::model_override(&created)?;
            if a.format == "json" {
                serde_json::to_writer_pretty(&mut out, &override_json(&o))?;
                writeln!(out)?;
            } else {
                writeln!(out, "created override {}", override_text(&o))?;
            }
        }
        OverrideAction::List(a) => {
            let stored = store.overrides()?;
            let list: Vec<Override> = stored
                .iter()
                .map(sitrep_api::risk::model_override)
                .collect::<Result<_, _>>()?;
            let log = if a.audit {
                store.override_audit(None)?
            } else {
                Vec::new()
            };
            let today = chrono::Utc::now().date_naive();
            if a.format == "json" {
                let overrides: Vec<Value> = list
                    .iter()
                    .map(|o| {
                        let mut v = override_json(o);
                        v["active_today"] = json!(o.is_active_on(today));
                        v
                    })
                    .collect();
                let mut value = json!({ "overrides": overrides });
                if a.audit {
                    value["audit"] = log
                        .iter()
                        .map(|l| {
                            json!({
                                "override_id": l.override_id,
                                "action": l.action.as_str(),
                                "by": l.by,
                                "at": l.at.to_rfc3339(),
                                "detail": l.detail,
                            })
                        })
                        .collect();
                }
                serde_json::to_writer_pretty(&mut out, &value)?;
                writeln!(out)?;
            } else {
                if list.is_empty() {
                    writeln!(out, "no overrides")?;
                }
                for o in &list {
                    let state = if o.is_active_on(today) {
                        "active"
                    } else {
                        "expired"
                    };
                    writeln!(out, "{state:<8}{}", override_text(o))?;
                }
                if a.audit {
                    writeln!(out, "\naudit log:")?;
                    for l in &log {
                        writeln!(
                            out,
                            "  {}  #{} {:<6} by {}: {}",
                            l.at.format("%Y-%m-%d %H:%M:%S UTC"),
                            l.override_id,
                            l.action.as_str(),
                            l.by,
                            l.detail
                        )?;
                    }
                }
            }
        }
        OverrideAction::Expire(a) => {
            let on = a.on.unwrap_or_else(|| chrono::Utc::now().date_naive());
            match store.expire_override(a.id, &a.author, on)? {
                Some(o) => writeln!(
                    out,
                    "expired override {}",
                    override_text(&sitrep_api::risk::model_override(&o)?)
                )?,
                None => bail!("no override with id {}", a.id),
            }
        }
        OverrideAction::Delete(a) => {
            if !store.delete_override(a.id, &a.author)? {
                bail!("no override with id {}", a.id);
            }
            writeln!(out, "deleted override #{}", a.id)?;
        }
    }
    out.flush()?;
    Ok(())
}

pub fn run_backtest(data: &crate::data::Data, args: BacktestArgs) -> anyhow::Result<()> {
    let mut from = args.from;
    let (incidents, source) = match &args.hdx {
        Some(path) => {
            let (incidents, months) = load_hdx(path, args.level)?;
            let span = match (months.first(), months.last()) {
                (Some(a), Some(b)) => format!("{a} … {b}"),
                _ => "none".into(),
            };
            eprintln!(
                "{}: {} area-month rows with events, {} month(s): {span}",
                path.display(),
                incidents.len(),
                months.len()
            );
            if months.len() < 3 {
                bail!(
                    "{} holds {} month(s) of data ({span}); a backtest needs at least 3 \
                     consecutive periods (one of history, one to calibrate on, one to score), \
                     so there is nothing to score",
                    path.display(),
                    months.len()
                );
            }
            // Steps start on the 1st of the second month unless told otherwise.
            if from.is_none() {
                from = months
                    .get(1)
                    .and_then(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok());
            }
            (incidents, format!("HDX HAPI {}", path.display()))
        }
        None => {
            let store = crate::open_store(data)?;
            (
                load_incidents(&*store, &[], None)?,
                format!("store {}", data.display()),
            )
        }
    };
    let spec = backtest::Spec {
        horizon_days: args.horizon,
        from,
        to: args.to,
        level: args.level,
        config: Config::default(),
    };
    let step_days = match (&args.hdx, args.step) {
        (Some(_), Some(_)) => bail!("--step does not apply to --hdx: its steps are its months"),
        (Some(_), None) => args.horizon,
        (None, step) => step.unwrap_or(backtest::Options::default().step_days),
    };
    let options = backtest::Options {
        step_days,
        ..backtest::Options::default()
    };
    let report = backtest::run_with(incidents, &spec, &options)
        .with_context(|| format!("backtesting over {source}"))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.format == "json" {
        serde_json::to_writer_pretty(&mut out, &report_json(&report, &source))?;
        writeln!(out)?;
    } else {
        write_report(&mut out, &report, &source)?;
    }
    out.flush()?;
    Ok(())
}

fn scores_json(s: &Scores) -> Value {
    json!({"auc": s.auc, "brier": s.brier, "spearman": s.spearman})
}

fn advantage_json(a: &backtest::Advantage) -> Value {
    let iv = |i: Option<sitrep_risk::metrics::Interval>| {
        i.map(|i| {
            json!({
                "estimate": i.estimate,
                "low": i.low,
                "high": i.high,
                "share_not_positive": i.share_not_positive,
            })
        })
    };
    json!({"auc": iv(a.auc), "brier": iv(a.brier), "spearman": iv(a.spearman)})
}

fn report_json(r: &Report, source: &str) -> Value {
    json!({
        "source": source,
        "horizon_days": r.horizon_days,
        "step_days": r.step_days,
        "level": r.level.as_str(),
        "steps": r.steps.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        "scored_steps": r.scored_steps().len(),
        "areas": r.areas,
        "resamples": r.resamples,
        "streams": r.streams.iter().map(|s| json!({
            "stream": stream_name(s.category),
            "pairs": s.pairs,
            "positives": s.positives,
            "model": scores_json(&s.model),
            "rating": scores_json(&s.rating),
            "persistence": scores_json(&s.persistence),
            "historical_mean": scores_json(&s.historical_mean),
            "vs_persistence": advantage_json(&s.vs_persistence),
            "vs_historical_mean": advantage_json(&s.vs_historical_mean),
        })).collect::<Vec<_>>(),
    })
}

fn write_report(out: &mut impl Write, r: &Report, source: &str) -> std::io::Result<()> {
    write!(out, "backtest over {source}: {r}")
}

/// The HDX HAPI conflict-event series as incidents: one per area × month × event
/// type with events. At country level the `admin_level` 0 rows where a country has
/// them, else its admin2 rows (HAPI gives countries with a humanitarian response
/// plan only admin2 rows); at admin1 level the admin2 rows (summed into their admin1
/// by the model). `political_violence`
/// counts as armed conflict and `demonstration` as civil unrest;
/// `civilian_targeting` is left out because HAPI counts those events within
/// political violence already. Each row is dated the 15th of its month and
/// weighs `w · n · (1 + ln(1 + fatalities / n))` for `n` events (the severity of
/// `n` events sharing the deaths evenly). Returns the months seen, sorted.
fn load_hdx(path: &Path, level: AreaLevel) -> anyhow::Result<(Vec<Incident>, Vec<String>)> {
    if level == AreaLevel::City {
        bail!("the HDX series counts events by country and admin1 only: no city level");
    }
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("opening {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let col = |name: &str| -> anyhow::Result<usize> {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .with_context(|| {
                format!(
                    "{}: no column {name:?}; is this an HDX HAPI conflict-event file?",
                    path.display()
                )
            })
    };
    let (c_loc, c_a1, c_a1code, c_lvl, c_type, c_events, c_fat, c_start) = (
        col("location_code")?,
        col("admin1_name")?,
        col("admin1_code")?,
        col("admin_level")?,
        col("event_type")?,
        col("events")?,
        col("fatalities")?,
        col("reference_period_start")?,
    );
    // (admin level, incident)
    let mut rows: Vec<(bool, Incident)> = Vec::new();
    let mut months: HashMap<String, ()> = HashMap::new();
    for (line, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{} line {}", path.display(), line + 2))?;
        let get = |i: usize| record.get(i).unwrap_or("").trim();
        let Ok(day) = NaiveDate::parse_from_str(get(c_start), "%Y-%m-%d") else {
            continue;
        };
        months.insert(day.format("%Y-%m").to_string(), ());
        // Mid-month, so that 30-day steps starting on the 1st of a month keep each
        // month in its own period for a year and more (they drift by ½ day a month).
        let day = day + chrono::Days::new(14);
        let national = match get(c_lvl) {
            "0" => true,
            "2" => false,
            _ => continue,
        };
        let (category, weight) = match get(c_type) {
            "political_violence" => (Category::ArmedConflict, 2.0),
            "demonstration" => (Category::CivilUnrest, 0.2),
            _ => continue,
        };
        let events: u32 = get(c_events).parse().unwrap_or(0);
        let fatalities: u32 = get(c_fat).parse().unwrap_or(0);
        if events == 0 && fatalities == 0 {
            continue;
        }
        let n = f64::from(events.max(1));
        let admin1 = match level {
            AreaLevel::Country => None,
            AreaLevel::Admin1 | AreaLevel::City if national => continue,
            AreaLevel::Admin1 | AreaLevel::City => {
                let name = if get(c_a1).is_empty() {
                    get(c_a1code)
                } else {
                    get(c_a1)
                };
                Some(name.to_string())
            }
        };
        rows.push((
            national,
            Incident {
                id: format!("hdx:{}:{}:{}:{}", get(c_loc), day, get(c_type), line + 2),
                day,
                country: get(c_loc).to_string(),
                admin1,
                city: None,
                location: None,
                category,
                kind: get(c_type).to_string(),
                fatalities: Some(fatalities),
                events,
                severity: weight * n * (1.0 + (f64::from(fatalities) / n).ln_1p()),
            },
        ));
    }
    let national: std::collections::HashSet<String> = rows
        .iter()
        .filter(|(n, _)| *n)
        .map(|(_, i)| i.country.clone())
        .collect();
    let incidents = rows
        .into_iter()
        .filter(|(n, i)| *n || !national.contains(&i.country))
        .map(|(_, i)| i)
        .collect();
    let mut months: Vec<String> = months.into_keys().collect();
    months.sort();
    Ok((incidents, months))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data")
            .join(path)
    }

    #[test]
    fn real_acled_world_file_rates_war_above_quiet_countries() {
        let dir = tempfile::tempdir().unwrap();
        let store = sitrep_store::SqliteStore::open(dir.path().join("sitrep.db")).unwrap();
        let options = sitrep_ingest::ImportOptions {
            rejects_dir: dir.path().join("rejects"),
            batch_size: 10_000,
            include_all_cameo: false,
            progress: sitrep_ingest::Progress::Quiet,
            locator: None,
        };
        let file = shared("acled/world-2022-dev.csv.gz");
        sitrep_ingest::import_files(&store, sitrep_ingest::Format::Acled, &[file], &options)
            .unwrap();
        let incidents = load_incidents(&store, &[], None).unwrap();
        assert!(incidents.len() > 4_000, "{}", incidents.len());
        let model = RiskModel::new(Config::default(), incidents).unwrap();
        let at = NaiveDate::from_ymd_opt(2022, 6, 30).unwrap();
        let rate = |cc: &str| model.rating(&AreaId::country(cc), at);
        let (ua, mm, de, ar) = (rate("UA"), rate("MM"), rate("DE"), rate("AR"));
        let conflict = Some(Category::ArmedConflict);
        for war in [&ua, &mm] {
            for calm in [&de, &ar] {
                assert!(
                    war.overall.score > calm.overall.score,
                    "{war:?} vs {calm:?}"
                );
            }
            assert!(war.category(conflict).level >= Level::Medium, "{war:?}");
        }
        assert_eq!(de.category(conflict).level, Level::Negligible, "{de:?}");
        let list = model.ratings(AreaLevel::Country, at);
        let top: Vec<String> = list.iter().take(10).map(|r| r.area.to_string()).collect();
        assert!(top.contains(&"UA".to_string()), "{top:?}");
        let why = model.explain(&AreaId::country("UA"), conflict, at, 5);
        assert_eq!(why.events.len(), 5);
        assert!((why.total_points() - why.rating.score).abs() < 1e-6);

        // With the gazetteer's populations: populous countries are damped, small
        // ones are not, and the wars still rate above the quiet countries.
        let populations = load_populations().unwrap_or_else(|| panic!("no geodata"));
        let model = model.with_populations(populations);
        let (us, lu) = (AreaId::country("US"), AreaId::country("LU"));
        let f_us = model.exposure_factor(&us);
        assert!((0.4..0.8).contains(&f_us), "{f_us}");
        assert_eq!(model.exposure_factor(&lu), 1.0);
        let rate = |cc: &str| model.rating(&AreaId::country(cc), at);
        for war in ["UA", "MM"] {
            for calm in ["DE", "AR"] {
                assert!(
                    rate(war).overall.score > rate(calm).overall.score,
                    "{war} {calm}"
                );
            }
        }
        let admin1 = model
            .incidents()
            .iter()
            .filter_map(|i| i.area(AreaLevel::Admin1))
            .find(|a| model.exposure_factor(a) < 1.0);
        assert!(admin1.is_some(), "no admin1 matched a gazetteer population");
        let why = model.explain(&AreaId::country("UA"), conflict, at, 5);
        assert!((why.total_points() - why.rating.score).abs() < 1e-6);
    }

    #[test]
    fn explanations_name_the_area_and_place_each_event() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::open_store(&crate::data::Data::embedded(dir.path())).unwrap();
        let on = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        let mut borno = sitrep_store::testing::sample_event(1, on, 11.85, 13.16, "NG");
        borno.location.name = "Maiduguri".into();
        borno.location.admin1 = Some("Borno".into());
        let mut yobe = sitrep_store::testing::sample_event(2, on, 11.75, 11.96, "NG");
        yobe.location.name = "Damaturu".into();
        yobe.location.admin1 = Some("Yobe".into());
        store.upsert_events(&[borno, yobe]).unwrap();
        let (model, at, store) =
            model_and_store(&crate::data::Data::embedded(dir.path()), &[], None, false).unwrap();
        let area = AreaId::parse("NG/Borno").unwrap();
        let why = model.explain(&area, None, at, 10);
        let places = places_of(&*store, &why).unwrap();
        let t = model.trend(&why.area, None, at, 30);
        let json = explanation_json(&why, &places, &t, &t);
        assert_eq!(json["name"], "Borno, Nigeria");
        assert_eq!(json["events"][0]["place"]["name"], "Maiduguri");
        assert_eq!(json["events"][0]["place"]["admin1"], "Borno");
        assert_eq!(json["events"][0]["place"]["country_name"], "Nigeria");
        assert_eq!(json["spill_points"][0]["name"], "Yobe, Nigeria");
        let mut text = Vec::new();
        write_explanation(&mut text, &why, &places, &[t]).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(
            text.starts_with("NG/Borno (Borno, Nigeria) overall at"),
            "{text}"
        );
        assert!(text.contains("Maiduguri, Borno, Nigeria"), "{text}");
        assert!(
            text.contains("spill-over from NG/Yobe (Yobe, Nigeria)"),
            "{text}"
        );
        let h = model.history(&area, None, at, at).unwrap();
        assert_eq!(history_json(&h, false)["name"], "Borno, Nigeria");
        assert_eq!(clip("Democratic Republic of the Congo", 10), "Democrati…");
    }

    #[test]
    fn override_commands_store_list_and_expire() {
        let dir = tempfile::tempdir().unwrap();
        let data = &crate::data::Data::embedded(dir.path());
        let store = crate::open_store(data).unwrap();
        let on = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        let mut event = sitrep_store::testing::sample_event(1, on, 11.8, 13.1, "NG");
        event.location.admin1 = Some("Borno".into());
        store.upsert_events(&[event]).unwrap();
        drop(store);
        let add = OverrideAddArgs {
            area: "ng/borno".into(),
            category: Some(Category::Terrorism),
            level: 5,
            reason: "campaign announced".into(),
            author: "analyst".into(),
            expires: NaiveDate::from_ymd_opt(2024, 4, 1),
            format: "json".into(),
        };
        overrides(
            data,
            OverrideArgs {
                action: OverrideAction::Add(add),
            },
        )
        .unwrap();
        let store = crate::open_store(data).unwrap();
        let stored = store.overrides().unwrap();
        assert_eq!(stored.len(), 1);
        // Stored as the events spell the region.
        assert_eq!(stored[0].area, "NG/Borno");
        // The model applies it until it expires.
        let (model, at) = model_for(data, &[], None, false).unwrap();
        let terror = Some(Category::Terrorism);
        let area = AreaId::parse("NG/Borno").unwrap();
        let rated = model.rating(&area, at);
        assert_eq!(rated.category(terror).level, Level::Extreme);
        let later = NaiveDate::from_ymd_opt(2024, 4, 1).unwrap();
        assert!(
            model
                .rating(&area, later)
                .category(terror)
                .overridden
                .is_none()
        );
        let json = rating_json(rated.category(terror));
        assert_eq!(json["override"]["author"], "analyst");
        assert_eq!(json["level"], 5);
        drop(store);
        overrides(
            data,
            OverrideArgs {
                action: OverrideAction::Expire(OverrideEndArgs {
                    id: stored[0].id,
                    author: "lead".into(),
                    on: Some(on),
                }),
            },
        )
        .unwrap();
        let (model, at) = model_for(data, &[], None, false).unwrap();
        assert!(
            model
                .rating(&area, at)
                .category(terror)
                .overridden
                .is_none()
        );
        let store = crate::open_store(data).unwrap();
        let log = store.override_audit(None).unwrap();
        assert_eq!(log.len(), 2);
        assert_eq!(log[1].by, "lead");
    }

    #[test]
    fn hdx_file_loads_and_says_how_many_months_it_has() {
        let (incidents, months) = load_hdx(
            &shared("hdx/hdx_hapi_conflict_event_global_2025.csv"),
            AreaLevel::Country,
        )
        .unwrap();
        assert!(!months.is_empty());
        assert!(
            incidents
                .iter()
                .any(|i| i.country == "NGA" && i.category == Category::ArmedConflict)
        );
        let (admin1, _) = load_hdx(
            &shared("hdx/hdx_hapi_conflict_event_global_2025.csv"),
            AreaLevel::Admin1,
        )
        .unwrap();
        assert!(admin1.iter().all(|i| i.admin1.is_some()));
    }

    #[test]
    fn a_multi_month_hdx_series_backtests() {
        // Four countries over six months: two fight every month, two stay calm.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hdx.csv");
        let mut text = String::from(
            "\u{feff}location_code,has_hrp,in_gho,provider_admin1_name,provider_admin2_name,admin1_code,\
             admin1_name,admin2_code,admin2_name,admin_level,event_type,events,fatalities,\
             reference_period_start,reference_period_end,dataset_hdx_id,resource_hdx_id,warning,error\n",
        );
        for month in 1..=6 {
            for (cc, events, fatalities) in
                [("AAA", 20, 30), ("BBB", 8, 5), ("CCC", 2, 0), ("DDD", 0, 0)]
            {
                text.push_str(&format!(
                    "{cc},N,N,,,,,,,0,political_violence,{events},{fatalities},2025-{month:02}-01,2025-{month:02}-28,x,y,,\n"
                ));
            }
        }
        std::fs::write(&path, text).unwrap();
        let (incidents, months) = load_hdx(&path, AreaLevel::Country).unwrap();
        assert_eq!(months.len(), 6);
        assert_eq!(incidents.len(), 18);
        let spec = backtest::Spec {
            horizon_days: 30,
            from: NaiveDate::from_ymd_opt(2025, 2, 1),
            to: None,
            level: AreaLevel::Country,
            config: Config::default(),
        };
        let report = backtest::run(incidents, &spec).unwrap();
        assert_eq!(report.areas, 3);
        // Calendar months in 30-day steps from 1 February: each period holds one month.
        assert_eq!(report.steps[0].to_string(), "2025-02-01");
        assert!(report.steps.len() >= 4, "{:?}", report.steps);
        assert_eq!(report.streams[0].model.auc, Some(1.0));
    }

    #[test]
    fn horizons_parse() {
        assert_eq!(parse_horizon("30d"), Ok(30));
        assert_eq!(parse_horizon("90"), Ok(90));
        assert!(parse_horizon("0d").is_err());
        assert!(parse_horizon("month").is_err());
    }
}
