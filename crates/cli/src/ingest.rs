//! `sitrep ingest`: imports dataset files into the store and prints the summary.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use sitrep_ingest::{Format, ImportOptions, Progress};

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Dataset format: acled, ucdp-ged, gdelt or gtd.
    #[arg(long, short = 'f', value_parser = parse_format)]
    format: Format,
    /// Files to import (plain, .gz or .zip). Re-importing a file changes nothing.
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
}

fn parse_format(text: &str) -> Result<Format, String> {
    text.parse::<Format>().map_err(|e| e.to_string())
}

pub fn run(data: &Path, args: IngestArgs) -> anyhow::Result<()> {
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
    let summary = sitrep_ingest::import_files(&store, args.format, &args.files, &options)
        .with_context(|| {
            format!(
                "importing {} file(s) as {}",
                args.files.len(),
                args.format.as_str()
            )
        })?;
    println!("{summary}");
    let started = std::time::Instant::now();
    let indexed = store.build_search_indexes()?;
    if indexed > 0 {
        println!(
            "  text and actor search indexed for {indexed} events in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
