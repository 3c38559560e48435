//! `sitrep ingest --format report FILE…`: reads analyst reports (plain text,
//! Markdown or HTML), extracts their events and stores each report with its
//! events, linked both ways (see `sitrep_api::reports` for how extracted
//! events become store events). Also builds the extractor `sitrep serve` reads
//! posted reports with.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;
use sitrep_api::reports::{ReportMeta, ReportReader};
use sitrep_extract::Registry;
use sitrep_geoparse::Geoparser;
use sitrep_store::Store;

/// What `sitrep ingest --format report` was asked, beyond the files.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    pub published: Option<NaiveDate>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub geodata: Option<PathBuf>,
}

/// The extractor over the process's shared gazetteer and the built-in actor registry.
pub fn load_reader(geodata: Option<&Path>) -> anyhow::Result<ReportReader<'static>> {
    let (gazetteer, admin2) = crate::geo::gazetteer_with_admin2(geodata)?;
    let registry = Registry::builtin().context("reading the built-in actor registry")?;
    Ok(ReportReader::new(
        Geoparser::new(gazetteer).with_admin2(admin2),
        registry,
    ))
}

pub fn run(data: &Path, files: &[PathBuf], options: &ReportOptions) -> anyhow::Result<()> {
    // Read every file first: one that cannot be read refuses the whole command.
    let mut documents = Vec::with_capacity(files.len());
    for file in files {
        let name = file.to_string_lossy();
        documents.push((
            name.to_string(),
            crate::geoparse_cmd::read_document(&name, None)?,
        ));
    }
    let store = crate::open_store(data)?;
    let reader = load_reader(options.geodata.as_deref())?;
    let meta = ReportMeta {
        title: options.title.clone(),
        published: options.published,
        url: options.url.clone(),
    };
    for (name, (text, format)) in documents {
        let read = reader.read(&text, format, &meta, chrono::Utc::now());
        let write = store
            .put_report(&read.report, &read.events)
            .with_context(|| format!("storing the report {name}"))?;
        println!(
            "{name}: report {} ({}), {}: {} events extracted, {} skipped without a location; \
             events {} inserted, {} updated, {} unchanged",
            read.report.id,
            read.report.title.as_deref().unwrap_or("no title"),
            if write.report_inserted {
                "new"
            } else {
                "already stored"
            },
            read.extracted,
            read.skipped,
            write.events.inserted,
            write.events.updated,
            write.events.unchanged,
        );
    }
    store.build_search_indexes()?;
    Ok(())
}
