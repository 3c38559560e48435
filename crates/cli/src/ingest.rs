//! `sitrep ingest`: imports dataset files into the store and prints the
//! summary; `--format report` reads analyst reports instead ([`crate::report_cmd`]).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use sitrep_ingest::{Format, ImportOptions, Progress};

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Dataset format: acled, ucdp-ged, gdelt or gtd; or `report` for analyst
    /// reports and news (plain text, Markdown or HTML), whose events are extracted.
    #[arg(long, short = 'f', value_parser = parse_format)]
    format: IngestFormat,
    /// Files to import (plain, .gz or .zip); reports may also be http(s) URLs
    /// (private addresses refused unless SITREP_ALLOW_PRIVATE_FETCH=1).
    /// Re-importing a file changes nothing.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// GDELT: also import non-conflict CAMEO root codes (01–12, 16) as "Other".
    #[arg(long)]
    include_all_cameo: bool,
    /// Events per transaction.
    #[arg(long, default_value_t = 10_000)]
    batch_size: usize,
    /// No progress output, only the summary.
    #[arg(long, short)]
    quiet: bool,
    /// Keep countries and admin1 regions exactly as the files give them (by
    /// default, missing ones are filled from the coordinates by reverse geocoding).
    #[arg(long)]
    no_reverse_geocode: bool,
    /// Reports: publication date (YYYY-MM-DD) that relative dates resolve
    /// against; default: the date the document states.
    #[arg(long, value_parser = parse_day)]
    published: Option<NaiveDate>,
    /// Reports: title to store instead of the one read from the document.
    #[arg(long)]
    title: Option<String>,
    /// Reports: where the document came from.
    #[arg(long)]
    url: Option<String>,
    /// Reports: folder of the installed geodata (default: $SITREP_GEODATA, else the user cache).
    #[arg(long)]
    geodata: Option<PathBuf>,
}

/// A dataset format, or analyst reports.
#[derive(Debug, Clone, Copy)]
enum IngestFormat {
    Dataset(Format),
    Report,
}

fn parse_format(text: &str) -> Result<IngestFormat, String> {
    if text.trim().eq_ignore_ascii_case("report") {
        return Ok(IngestFormat::Report);
    }
    text.parse::<Format>()
        .map(IngestFormat::Dataset)
        .map_err(|e| format!("{e} (or `report`)"))
}

fn parse_day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| format!("expected YYYY-MM-DD: {e}"))
}

pub fn run(data: &crate::data::Data, args: IngestArgs) -> anyhow::Result<()> {
    let format = match args.format {
        IngestFormat::Dataset(format) => format,
        IngestFormat::Report => {
            let options = crate::report_cmd::ReportOptions {
                published: args.published,
                title: args.title,
                url: args.url,
                geodata: args.geodata,
            };
            return crate::report_cmd::run(data, &args.files, &options);
        }
    };
    let store = crate::open_store(data)?;
    let progress = if args.quiet {
        Progress::Quiet
    } else if std::io::stderr().is_terminal() {
        Progress::Bar
    } else {
        Progress::Log
    };
    let options = ImportOptions {
        rejects_dir: data.join("rejects"),
        batch_size: args.batch_size.max(1),
        include_all_cameo: args.include_all_cameo,
        progress,
        locator: if args.no_reverse_geocode {
            None
        } else {
            crate::geo::GeoLocator::load_or_warn()
        },
    };
    let summary = sitrep_ingest::import_files(&*store, format, &args.files, &options)
        .with_context(|| {
            format!(
                "importing {} file(s) as {}",
                args.files.len(),
                format.as_str()
            )
        })?;
    // Written, not printed: a closed pipe (`| head`) is an error, not a panic.
    let mut out = std::io::stdout().lock();
    writeln!(out, "{summary}")?;
    let started = std::time::Instant::now();
    let indexed = store.build_search_indexes()?;
    if indexed > 0 {
        writeln!(
            out,
            "  text and actor search indexed for {indexed} events in {:.1} s",
            started.elapsed().as_secs_f64()
        )?;
    }
    Ok(())
}
