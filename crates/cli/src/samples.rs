//! Finds dataset files in a samples folder and imports them on first run.
//! A file's format is recognised by its name (`acled`, `ucdp`/`ged`, GDELT's
//! `*.export.CSV`, `gtd`/`globalterrorismdb`); the importer then checks its
//! columns, and a file it refuses is logged and left out.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::bail;
use sitrep_ingest::{Format, ImportOptions, Progress};
use sitrep_store::{Store, UpsertCounts};

/// Guesses a dataset format from a file path, or `None` for files that are not datasets.
pub fn guess_format(path: &Path) -> Option<Format> {
    let lower = path.to_string_lossy().to_lowercase();
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let data_file = [".csv", ".csv.gz", ".csv.zip", ".zip", ".gz", ".tsv"]
        .iter()
        .any(|ext| name.ends_with(ext));
    if !data_file || lower.contains("/reference/") {
        return None;
    }
    if name.contains(".export.csv") {
        Some(Format::Gdelt)
    } else if lower.contains("acled") && !lower.contains("hdx") {
        Some(Format::Acled)
    } else if lower.contains("ucdp") || name.starts_with("ged") {
        Some(Format::UcdpGed)
    } else if lower.contains("gtd") || name.contains("globalterrorismdb") {
        Some(Format::Gtd)
    } else {
        None
    }
}

/// Every dataset file under `dir` (two levels deep), sorted by path.
pub fn discover(dir: &Path) -> Vec<(Format, PathBuf)> {
    fn walk(dir: &Path, depth: u8, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && depth > 0 {
                walk(&path, depth - 1, out);
            } else if path.is_file() {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, 2, &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|p| guess_format(&p).map(|f| (f, p)))
        .collect()
}

pub fn import_samples(
    store: &dyn Store,
    data: &Path,
    samples: &Path,
    locator: Option<std::sync::Arc<dyn sitrep_ingest::Locator>>,
) -> anyhow::Result<()> {
    let files = discover(samples);
    if files.is_empty() {
        bail!(
            "no dataset files found in the samples folder {} (set --samples or SITREP_SAMPLES; \
             files are recognised by names containing acled, ucdp, gtd or GDELT's .export.CSV)",
            samples.display()
        );
    }
    let progress = if std::io::stderr().is_terminal() {
        Progress::Bar
    } else {
        Progress::Log
    };
    let mut total = UpsertCounts::default();
    for (format, path) in files {
        let options = ImportOptions {
            rejects_dir: data.join("rejects"),
            batch_size: 10_000,
            include_all_cameo: false,
            progress,
            locator: locator.clone(),
        };
        match sitrep_ingest::import_files(store, format, std::slice::from_ref(&path), &options) {
            Ok(summary) => {
                tracing::info!(file = %path.display(), format = format.as_str(), "{summary}");
                total += UpsertCounts {
                    inserted: summary.inserted,
                    updated: summary.updated,
                    unchanged: summary.unchanged,
                    merged: summary.merged,
                };
            }
            Err(error) => tracing::warn!(file = %path.display(), "skipped: {error}"),
        }
    }
    tracing::info!(
        inserted = total.inserted,
        merged = total.merged,
        updated = total.updated,
        "sample import done"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_guessed_from_names() {
        let g = |p: &str| guess_format(Path::new(p));
        assert_eq!(g("data/acled/world-2022-dev.csv.gz"), Some(Format::Acled));
        assert_eq!(g("data/acled/reference/acled_event_categories.csv"), None);
        assert_eq!(g("data/ucdp/ged-sample.csv"), Some(Format::UcdpGed));
        assert_eq!(
            g("data/gdelt/20191024143000.export.CSV"),
            Some(Format::Gdelt)
        );
        assert_eq!(g("data/gdelt/mentions-sample.csv"), None);
        assert_eq!(g("data/hdx/hdx_hapi_conflict_event_global_2025.csv"), None);
        assert_eq!(
            g("downloads/globalterrorismdb_0522dist.csv"),
            Some(Format::Gtd)
        );
        assert_eq!(g("data/acled/readme.txt"), None);
    }

    #[test]
    fn the_shared_samples_folder_yields_every_dataset() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
        let found = discover(&dir);
        let count = |f: Format| found.iter().filter(|(g, _)| *g == f).count();
        assert_eq!(count(Format::Acled), 4, "{found:?}");
        assert_eq!(count(Format::UcdpGed), 1, "{found:?}");
        assert_eq!(count(Format::Gdelt), 1, "{found:?}");
    }
}
