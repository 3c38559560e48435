//! `sitrep ingest --format report FILE|URL…`: reads analyst reports (plain
//! text, Markdown or HTML, from files or fetched web pages), extracts their events and stores each report with its
//! events, linked both ways (see `sitrep_api::reports` for how extracted
//! events become store events). Also builds the extractor `sitrep serve` reads
//! posted reports with.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use chrono::NaiveDate;
use sitrep_api::reports::{ReportMeta, ReportReader};
use sitrep_extract::Registry;
use sitrep_geoparse::{Format, Geoparser};

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

/// Reads a web page through the guarded fetcher (private addresses refused
/// unless `SITREP_ALLOW_PRIVATE_FETCH=1`): UTF-8, else Windows-1252.
fn fetch_document(url: &str) -> anyhow::Result<(String, Format)> {
    let policy = crate::gdelt::policy_from_env(Duration::from_secs(30));
    let body = sitrep_fetch::get(url, &policy)?;
    let text = match String::from_utf8(body) {
        Ok(text) => text,
        Err(e) => encoding_rs::WINDOWS_1252
            .decode(e.as_bytes())
            .0
            .into_owned(),
    };
    let format = Format::sniff(&text);
    Ok((text, format))
}

fn is_url(input: &str) -> bool {
    input.starts_with("http://") || input.starts_with("https://")
}

pub fn run(
    data: &crate::data::Data,
    inputs: &[PathBuf],
    options: &ReportOptions,
) -> anyhow::Result<()> {
    // Read every document first: one that cannot be read refuses the whole command.
    let mut documents = Vec::with_capacity(inputs.len());
    for input in inputs {
        let name = input.to_string_lossy().into_owned();
        let document = if is_url(&name) {
            fetch_document(&name)?
        } else {
            crate::geoparse_cmd::read_document(&name, None)?
        };
        documents.push((name, document));
    }
    let store = crate::open_store(data)?;
    let reader = load_reader(options.geodata.as_deref())?;
    for (name, (text, format)) in documents {
        let meta = ReportMeta {
            title: options.title.clone(),
            published: options.published,
            url: options
                .url
                .clone()
                .or_else(|| is_url(&name).then(|| name.clone())),
        };
        let mut read = reader.read(&text, format, &meta, chrono::Utc::now());
        read.report.submitted_by = Some(crate::access_cmd::cli_author());
        let write = store
            .put_report(&read.report, &read.events)
            .with_context(|| format!("storing the report {name}"))?;
        println!(
            "{name}: report {} ({}), {}: {} events extracted, {} skipped without a location; \
             events {} inserted, {} merged into events from other sources, {} updated, \
             {} unchanged",
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
            write.events.merged,
            write.events.updated,
            write.events.unchanged,
        );
    }
    store.build_search_indexes()?;
    Ok(())
}
