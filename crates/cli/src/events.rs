//! `sitrep events`, `sitrep event` and `sitrep stats`: queries over the store,
//! printed in the API's wire formats (JSON, GeoJSON, CSV) so the CLI and the
//! HTTP API agree byte for byte on what an event looks like.

use std::io::Write;

use anyhow::{Context, bail};
use clap::Args;
use sitrep_api::{EventDetailDto, EventFilterParams, EventPageDto, Format, StatsDto};
use sitrep_store::{EventQuery, query::MAX_LIMIT};

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Bounding box W,S,E,N in degrees.
    #[arg(long, value_name = "W,S,E,N", allow_hyphen_values = true)]
    bbox: Option<String>,
    /// Within KM kilometres of a point.
    #[arg(long, value_name = "LAT,LON,KM", allow_hyphen_values = true)]
    near: Option<String>,
    /// First day, inclusive (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Last day, inclusive (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// ACLED event types, comma-separated (e.g. "Explosions/Remote violence").
    #[arg(long = "type", value_name = "T")]
    event_type: Option<String>,
    /// ACLED sub-event types, comma-separated (e.g. "Suicide bomb").
    #[arg(long, value_name = "S")]
    sub_type: Option<String>,
    /// Risk categories: terrorism, armed_conflict, civil_unrest, crime, kidnap, political.
    #[arg(long, value_name = "C")]
    category: Option<String>,
    /// Statuses: occurred, foiled, threatened.
    #[arg(long)]
    status: Option<String>,
    /// ISO 3166-1 alpha-2 country codes, comma-separated.
    #[arg(long, value_name = "CC")]
    country: Option<String>,
    /// An admin1 region (state, province) as the events spell it, case-insensitive;
    /// needs --country.
    #[arg(long, value_name = "NAME")]
    admin1: Option<String>,
    /// An actor's name or alias (case-insensitive).
    #[arg(long, value_name = "NAME")]
    actor: Option<String>,
    /// Words that must all occur in the notes, place or actor names.
    #[arg(long, value_name = "WORDS")]
    text: Option<String>,
    /// Only events with at least N known fatalities (unknown never matches).
    #[arg(long, value_name = "N")]
    min_fatalities: Option<u32>,
    /// Most events to print (newest first).
    #[arg(long, default_value_t = 100)]
    limit: usize,
    /// Output format: json, csv or geojson.
    #[arg(long, default_value = "json", value_parser = parse_format)]
    format: Format,
}

fn parse_format(text: &str) -> Result<Format, String> {
    Format::parse(text).map_err(|e| e.to_string())
}

#[derive(Debug, Args)]
pub struct EventArgs {
    /// The event id, e.g. `acled:UGA7752`.
    id: String,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Output format: text or json.
    #[arg(long, default_value = "text")]
    format: String,
}

impl EventsArgs {
    fn query(&self) -> anyhow::Result<EventQuery> {
        if self.limit == 0 {
            bail!("--limit must be at least 1");
        }
        let params = EventFilterParams {
            bbox: self.bbox.clone(),
            near: self.near.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            event_type: self.event_type.clone(),
            sub_type: self.sub_type.clone(),
            category: self.category.clone(),
            status: self.status.clone(),
            country: self.country.clone(),
            admin1: self.admin1.clone(),
            actor: self.actor.clone(),
            text: self.text.clone(),
            min_fatalities: self.min_fatalities,
            limit: Some(self.limit.min(MAX_LIMIT)),
            cursor: None,
            format: None,
        };
        Ok(params.to_query()?)
    }
}

pub fn run(data: &crate::data::Data, args: EventsArgs) -> anyhow::Result<()> {
    let store = crate::open_store(data)?;
    let mut query = args.query()?;
    // Page through the store until `--limit` events are gathered.
    let mut events = Vec::new();
    let mut total = 0;
    let mut next_cursor = None;
    while events.len() < args.limit {
        query.limit = (args.limit - events.len()).min(MAX_LIMIT);
        let page = store.events(&query)?;
        total = page.total;
        events.extend(page.events);
        next_cursor = page.next_cursor;
        match next_cursor {
            Some(cursor) => query.cursor = Some(cursor),
            None => break,
        }
    }
    let page = sitrep_store::EventPage {
        events,
        total,
        next_cursor,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &EventPageDto::from(&page))?;
            writeln!(out)?;
        }
        Format::Geojson => sitrep_api::write_page_geojson(&mut out, &page)?,
        Format::Csv => sitrep_api::write_events_csv(&mut out, &page.events)?,
    }
    out.flush()?;
    Ok(())
}

pub fn show(data: &crate::data::Data, args: EventArgs) -> anyhow::Result<()> {
    let store = crate::open_store(data)?;
    let event = store
        .event(&args.id)?
        .with_context(|| format!("no event with id {:?}", args.id))?;
    let history = store.history(&args.id)?;
    let provenance = store.provenance(&args.id)?;
    println!(
        "{}",
        serde_json::to_string_pretty(&EventDetailDto::new(&event, &history, &provenance))?
    );
    Ok(())
}

pub fn stats(data: &crate::data::Data, args: StatsArgs) -> anyhow::Result<()> {
    let store = crate::open_store(data)?;
    // One query so the figures include a ready (sorted) index.
    store.events(&EventQuery {
        limit: 1,
        ..Default::default()
    })?;
    let stats = StatsDto::from(&store.stats()?);
    let (rss, peak) = process_memory_mib();
    match args.format.as_str() {
        "json" => println!(
            "{}",
            serde_json::json!({
                "store": stats,
                "process": {"rss_mib": rss, "peak_rss_mib": peak},
            })
        ),
        "text" => {
            println!("store:      {}", data.display());
            println!("events:     {}", stats.events);
            println!("actors:     {}", stats.actors);
            println!("sources:    {}", stats.sources);
            if let (Some(a), Some(b)) = (stats.first_date, stats.last_date) {
                println!("dates:      {a} to {b}");
            }
            println!("memory:     {rss:.0} MiB resident, {peak:.0} MiB peak");
        }
        other => bail!("--format: expected text or json, got {other:?}"),
    }
    Ok(())
}

/// Current and peak resident memory of this process, from /proc (0 where unavailable).
fn process_memory_mib() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        events: EventsArgs,
    }

    fn query(args: &[&str]) -> anyhow::Result<EventQuery> {
        let cli = Cli::try_parse_from(std::iter::once("events").chain(args.iter().copied()))?;
        cli.events.query()
    }

    #[test]
    fn admin1_goes_into_the_query_with_its_country() {
        let q =
            query(&["--country", "ng", "--admin1", " Borno "]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(q.countries, ["NG"]);
        assert_eq!(q.admin1.as_deref(), Some("Borno"));
        let e = query(&["--admin1", "Borno"]).err().map(|e| e.to_string());
        assert!(
            e.as_deref().is_some_and(|m| m.starts_with("admin1")),
            "{e:?}"
        );
    }
}
