//! `sitrep actor NAME`: an actor's reach — its names from the store, its
//! footprint per quarter (countries and admin1 regions where it acted, plotted
//! or was disrupted), its home country, share abroad, distance from home, and
//! the expansion signal with its evidence — computed by `sitrep-risk` from the
//! store's events, as text or JSON (the API's `ActorReachDto`).

use std::collections::HashMap;
use std::io::Write;

use anyhow::bail;
use chrono::NaiveDate;
use clap::Args;
use sitrep_api::risk::ActorReachDto;
use sitrep_risk::ReachConfig;

#[derive(Debug, Args)]
pub struct ActorArgs {
    /// The actor's canonical name or an alias (case-insensitive).
    name: String,
    /// Its home country (ISO alpha-2); default: the country of most of its events.
    #[arg(long)]
    home: Option<String>,
    /// Day of the assessment (YYYY-MM-DD); default: its last event.
    #[arg(long, value_parser = parse_date)]
    at: Option<NaiveDate>,
    /// Length of each of the two compared windows, in days.
    #[arg(long, default_value_t = 365)]
    window: u32,
    /// `text` or `json`.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
    /// Pool the events of its affiliates in the actor registry (provinces,
    /// wings, and theirs) into its footprint: the whole organisation's reach.
    #[arg(long)]
    with_affiliates: bool,
    /// Without the gazetteer's country centroids (distances then use the mean
    /// coordinates of the actor's events in each country).
    #[arg(long)]
    no_geodata: bool,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("expected a date like 2024-03-01, got {text:?}"))
}

/// Country centroids from the installed gazetteer; empty with a warning when
/// the geodata cannot be had.
fn load_centroids() -> HashMap<String, (f64, f64)> {
    match crate::geo::gazetteer() {
        Ok(g) => sitrep_geo::countries::COUNTRIES
            .iter()
            .filter_map(|c| {
                g.country_centroid(c.alpha2)
                    .map(|(lat, lon, _)| (c.alpha2.to_string(), (lat, lon)))
            })
            .collect(),
        Err(error) => {
            tracing::warn!("distances from the actor's own event coordinates: {error:#}");
            HashMap::new()
        }
    }
}

pub fn run(data: &crate::data::Data, args: ActorArgs) -> anyhow::Result<()> {
    if let Some(h) = &args.home
        && !(h.len() == 2 && h.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        bail!("--home: expected an ISO 3166-1 alpha-2 code like AF, got {h:?}");
    }
    let store = crate::open_store(data)?;
    let config = ReachConfig {
        window_days: args.window,
        ..ReachConfig::default()
    };
    let centroids = if args.no_geodata {
        HashMap::new()
    } else {
        load_centroids()
    };
    let dto = sitrep_api::risk::actor_reach(
        &*store,
        &args.name,
        args.home.as_deref(),
        args.at,
        &config,
        &centroids,
        args.with_affiliates,
    )?;
    let mut out = std::io::stdout().lock();
    if args.format == "json" {
        serde_json::to_writer_pretty(&mut out, &dto)?;
        writeln!(out)?;
    } else {
        write_text(&mut out, &dto)?;
    }
    Ok(())
}

fn write_text(out: &mut impl Write, r: &ActorReachDto) -> std::io::Result<()> {
    write!(out, "{}", r.name)?;
    if let Some(kind) = &r.kind {
        write!(out, " ({kind})")?;
    }
    writeln!(out)?;
    if !r.aliases.is_empty() {
        writeln!(out, "  aliases: {}", r.aliases.join("; "))?;
    }
    if let Some(parent) = &r.parent {
        writeln!(out, "  part of: {parent}")?;
    }
    if !r.affiliates.is_empty() {
        writeln!(out, "  affiliates: {}", r.affiliates.join("; "))?;
    }
    if !r.pooled.is_empty() {
        let pooled: Vec<String> = r
            .pooled
            .iter()
            .map(|p| format!("{} ({} events)", p.name, p.events))
            .collect();
        writeln!(out, "  pooled with: {}", pooled.join("; "))?;
    }
    let span = match (r.first_date, r.last_date) {
        (Some(a), Some(b)) => format!("{a} – {b}"),
        _ => "-".into(),
    };
    writeln!(
        out,
        "  home: {}{}   events: {} ({span})   abroad: {} ({:.0} %)",
        r.home.as_deref().unwrap_or("-"),
        if r.home_given { " (given)" } else { "" },
        r.events,
        r.abroad,
        r.abroad_share * 100.0
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<8} {:>6} {:>6} {:>7} {:>9} {:>6} {:>9} {:>9}  countries",
        "quarter", "events", "acted", "plotted", "disrupted", "abroad", "mean km", "max km"
    )?;
    for q in &r.quarters {
        let km = |d: Option<f64>| d.map_or("-".to_string(), |d| format!("{d:.0}"));
        let countries: Vec<String> = q
            .countries
            .iter()
            .map(|c| format!("{} {}", c.place, c.events))
            .collect();
        writeln!(
            out,
            "{:<8} {:>6} {:>6} {:>7} {:>9} {:>6} {:>9} {:>9}  {}",
            q.quarter,
            q.events,
            q.acted,
            q.plotted,
            q.disrupted,
            q.abroad,
            km(q.mean_distance_km),
            km(q.max_distance_km),
            countries.join(", ")
        )?;
    }
    writeln!(out)?;
    let Some(s) = &r.signal else {
        return Ok(());
    };
    writeln!(
        out,
        "expansion signal: {} — {}",
        if s.fires { "YES" } else { "no" },
        s.reason
    )?;
    writeln!(
        out,
        "  windows: {} – {} vs {} – {} ({} days each); abroad {} → {} (p = {:.4}), home {} → {} \
         (p rise = {:.4})",
        s.earlier_from,
        s.later_from.pred_opt().unwrap_or(s.later_from),
        s.later_from,
        s.later_to,
        s.window_days,
        s.abroad_earlier,
        s.abroad_later,
        s.p_abroad,
        s.home_earlier,
        s.home_later,
        s.p_home_rise
    )?;
    if !s.new_countries.is_empty() {
        writeln!(out, "  new countries: {}", s.new_countries.join(", "))?;
    }
    if s.fires {
        writeln!(out, "  evidence (events abroad in the later window):")?;
        for e in &s.evidence {
            writeln!(
                out,
                "    {}  {} {:<24} {:<9} {:<40} {}",
                e.date,
                e.country,
                e.admin1.as_deref().unwrap_or("-"),
                e.involvement,
                e.kind,
                e.id
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_api::risk::actor_reach;
    use sitrep_model::{ActorRole, Status, SubEventType};
    use sitrep_store::testing::sample_event;

    #[test]
    fn reach_from_the_store_fires_on_iskp_like_events() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::open_store(&crate::data::Data::embedded(dir.path())).unwrap();
        let mut events = Vec::new();
        let mut n = 0u32;
        let mut add = |year: i32, count: u32, cc: &str, lat: f64, lon: f64| {
            for i in 0..count {
                n += 1;
                let day = NaiveDate::from_ymd_opt(year, 1 + i % 12, 1 + i % 27).unwrap();
                events.push(sample_event(n, day, lat, lon, cc));
            }
        };
        add(2022, 60, "AF", 34.5, 69.2);
        add(2023, 25, "AF", 34.5, 69.2);
        add(2023, 3, "IR", 30.3, 57.1);
        add(2023, 3, "RU", 55.8, 37.6);
        add(2023, 2, "TR", 41.0, 29.0);
        add(2023, 2, "DE", 50.9, 6.9);
        add(2023, 1, "AT", 48.2, 16.4);
        // A foiled plot in Austria and an arrest in Tajikistan.
        let mut plot = sample_event(
            900,
            NaiveDate::from_ymd_opt(2023, 12, 1).unwrap(),
            48.2,
            16.4,
            "AT",
        );
        plot.status = Status::Foiled;
        let mut arrest = sample_event(
            901,
            NaiveDate::from_ymd_opt(2023, 11, 1).unwrap(),
            38.6,
            68.8,
            "TJ",
        );
        arrest.sub_event_type = Some(SubEventType::Arrests);
        arrest.event_type = sitrep_model::EventType::StrategicDevelopments;
        arrest.actors[0].role = ActorRole::Target;
        events.push(plot);
        events.push(arrest);
        store.upsert_events(&events).unwrap();
        let at = NaiveDate::from_ymd_opt(2023, 12, 31);
        let dto = actor_reach(
            &*store,
            "islamic state khorasan province",
            None,
            at,
            &ReachConfig::default(),
            &HashMap::new(),
            false,
        )
        .unwrap();
        assert_eq!(dto.home.as_deref(), Some("AF"));
        assert_eq!(dto.events, 98);
        let s = dto.signal.as_ref().unwrap();
        assert!(s.fires, "{}", s.reason);
        assert_eq!(s.abroad_later, 13);
        assert!(
            s.evidence
                .iter()
                .any(|e| e.involvement == "plotted" && e.country == "AT")
        );
        assert!(
            s.evidence
                .iter()
                .any(|e| e.involvement == "disrupted" && e.country == "TJ")
        );
        let mut text = Vec::new();
        write_text(&mut text, &dto).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(text.contains("expansion signal: YES"), "{text}");
        assert!(text.contains("2023-Q4"), "{text}");
        assert!(
            actor_reach(
                &*store,
                "Nobody",
                None,
                None,
                &ReachConfig::default(),
                &HashMap::new(),
                false,
            )
            .is_err()
        );
    }

    #[test]
    fn an_organisation_pools_its_affiliates_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::open_store(&crate::data::Data::embedded(dir.path())).unwrap();
        let day = |m: u32| NaiveDate::from_ymd_opt(2023, m, 10).unwrap();
        let mut events = Vec::new();
        let mut by = |n: u32, actor: &str, cc: &str, lat: f64, lon: f64| {
            let mut e = sample_event(n, day(1 + n % 12), lat, lon, cc);
            e.actors[0].name = actor.into();
            events.push(e);
        };
        for n in 0..4 {
            by(n, "Islamic State", "SY", 35.0, 38.5);
        }
        for n in 10..16 {
            by(n, "Islamic State Khorasan Province", "AF", 34.5, 69.2);
        }
        for n in 20..23 {
            by(n, "ISWAP", "NG", 11.8, 13.1);
        }
        // A joint claim counts once.
        let mut joint = sample_event(30, day(6), 34.4, 70.4, "AF");
        joint.actors[0].name = "Islamic State".into();
        let mut second = joint.actors[0].clone();
        second.name = "ISKP".into();
        joint.actors.push(second);
        events.push(joint);
        store.upsert_events(&events).unwrap();
        let reach = |pool: bool| {
            actor_reach(
                &*store,
                "ISIS",
                None,
                None,
                &ReachConfig::default(),
                &HashMap::new(),
                pool,
            )
            .unwrap()
        };
        let alone = reach(false);
        assert_eq!(alone.name, "Islamic State");
        assert_eq!(alone.events, 5);
        assert!(alone.pooled.is_empty());
        assert!(
            alone
                .affiliates
                .iter()
                .any(|a| a == "Islamic State Khorasan Province")
        );

        let whole = reach(true);
        assert_eq!(whole.events, 5 + 6 + 3, "{whole:?}");
        let brought = |name: &str| {
            whole
                .pooled
                .iter()
                .find(|p| p.name == name)
                .map(|p| p.events)
        };
        assert_eq!(brought("Islamic State Khorasan Province"), Some(6));
        assert_eq!(brought("Islamic State West Africa Province"), Some(3));
        assert_eq!(brought("Islamic State Somalia Province"), Some(0));
        let countries: Vec<&str> = whole.countries.iter().map(|c| c.place.as_str()).collect();
        for cc in ["SY", "AF", "NG"] {
            assert!(countries.contains(&cc), "{countries:?}");
        }
        let mut text = Vec::new();
        write_text(&mut text, &whole).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(
            text.contains("pooled with: ")
                && text.contains("Islamic State Khorasan Province (6 events)"),
            "{text}"
        );
    }
}
