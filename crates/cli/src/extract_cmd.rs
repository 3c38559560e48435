//! `sitrep extract FILE|-` reads a report (plain text, Markdown or HTML) and
//! prints the events it describes, as JSON in the shape of issue 4 or as one
//! line per event. Loads the gazetteer from the installed geodata and the
//! actor registry shipped in `sitrep-extract` (or `--actors FILE`).

use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use sitrep_extract::{Extractor, Registry, Report};
use sitrep_geoparse::Geoparser;

use crate::geoparse_cmd::{InputFormat, read_document};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    Json,
    Text,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Report to read (plain text, Markdown or HTML), or `-` for standard input.
    pub input: String,
    /// Publication date (YYYY-MM-DD) that relative dates resolve against;
    /// default: the date the document states (`Published:` line, HTML meta).
    #[arg(long, value_parser = parse_day)]
    pub published: Option<NaiveDate>,
    /// Output: JSON (`{"title", "published", "events": [...]}`) or one line per event.
    #[arg(long, value_enum, default_value = "json")]
    pub format: OutputFormat,
    /// Markup of the input; guessed from the file name, else the content.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// Actor registry (tab-separated, see crates/extract/data/actors.tsv)
    /// to use instead of the built-in one.
    #[arg(long)]
    pub actors: Option<PathBuf>,
    /// Folder of the installed geodata (default: $SITREP_GEODATA, else the user cache).
    #[arg(long)]
    pub geodata: Option<PathBuf>,
}

fn parse_day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| format!("expected YYYY-MM-DD: {e}"))
}

pub fn run(args: ExtractArgs) -> anyhow::Result<()> {
    let (input, format) = read_document(&args.input, args.input_format)?;
    let registry = match &args.actors {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            Registry::from_tsv(&text).with_context(|| format!("reading {}", path.display()))?
        }
        None => Registry::builtin().context("reading the built-in actor registry")?,
    };
    let (gazetteer, admin2) = crate::geo::gazetteer_with_admin2(args.geodata.as_deref())?;
    let extractor = Extractor::new(Geoparser::new(gazetteer).with_admin2(admin2), registry);
    let report = extractor.extract(&input, format, args.published);
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&report.to_json())?),
        OutputFormat::Text => print_text(&report),
    }
    Ok(())
}

fn print_text(report: &Report) {
    println!(
        "{} ({})",
        report.title.as_deref().unwrap_or("(no title)"),
        report
            .published
            .map_or_else(|| "publication date unknown".to_owned(), |d| d.to_string())
    );
    for e in &report.events {
        let actors: Vec<String> = e
            .actors
            .iter()
            .map(|a| {
                format!(
                    "{} ({}{})",
                    a.name,
                    a.role.as_str(),
                    if a.claimed { ", claimed" } else { "" }
                )
            })
            .collect();
        let count = |n: Option<u32>| n.map_or_else(|| "-".to_owned(), |n| n.to_string());
        println!(
            "{}\t{} / {}\t{}\t{}, {}\tkilled {}\twounded {}\t{}",
            e.date.map_or_else(|| "????".to_owned(), |d| d.render()),
            e.event_type.label(),
            e.sub_event_type.label(),
            e.status.as_str(),
            e.location.name,
            e.location.country.as_deref().unwrap_or("-"),
            count(e.fatalities),
            count(e.injuries),
            actors.join("; ")
        );
    }
}
