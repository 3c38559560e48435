//! The import pipeline against the real SQLite store: idempotent re-imports,
//! updates with history, rejects files, and all-or-nothing format checks.

use std::path::{Path, PathBuf};

use sitrep_ingest::{Format, ImportOptions, IngestError, Progress, import_files};
use sitrep_store::{SqliteStore, Store};

fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(path)
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("test_data")
        .join(name)
}

fn open_store(dir: &Path) -> SqliteStore {
    SqliteStore::open(dir.join("sitrep.db")).unwrap_or_else(|e| panic!("open store: {e}"))
}

#[test]
fn reimporting_is_unchanged_and_a_recoded_row_is_one_update() -> Result<(), IngestError> {
    let dir = tempfile::tempdir().map_err(|source| IngestError::Read {
        file: "tempdir".into(),
        source,
    })?;
    let store = open_store(dir.path());
    let mut options = ImportOptions::new(dir.path().join("rejects"));
    options.batch_size = 100;
    let original = shared("acled/argentina-2022.csv");

    let first = import_files(
        &store,
        Format::Acled,
        std::slice::from_ref(&original),
        &options,
    )?;
    assert_eq!(
        (first.read, first.inserted, first.updated, first.unchanged),
        (326, 326, 0, 0)
    );
    assert_eq!(first.rejected, 0);
    assert!(first.rejects_files.is_empty());
    let text = first.to_string();
    assert!(text.contains("326 inserted"), "{text}");

    let second = import_files(
        &store,
        Format::Acled,
        std::slice::from_ref(&original),
        &options,
    )?;
    assert_eq!(
        (second.inserted, second.updated, second.unchanged),
        (0, 0, 326)
    );

    // The same file with ARG10607's fatalities re-coded from 0 to 3.
    let content = std::fs::read_to_string(&original).unwrap_or_else(|e| panic!("{e}"));
    let modified: Vec<String> = content
        .lines()
        .map(|line| {
            if line.starts_with("ARG10607,") {
                line.replace("\",0,,1657041386", "\",3,,1657041386")
            } else {
                line.to_owned()
            }
        })
        .collect();
    assert_ne!(modified.join("\n"), content.trim_end());
    let copy = dir.path().join("argentina-recoded.csv");
    std::fs::write(&copy, modified.join("\n")).unwrap_or_else(|e| panic!("{e}"));
    let third = import_files(&store, Format::Acled, &[copy], &options)?;
    assert_eq!(
        (third.inserted, third.updated, third.unchanged),
        (0, 1, 325)
    );
    let event = store
        .event("acled:ARG10607")?
        .unwrap_or_else(|| panic!("event missing"));
    assert_eq!(event.fatalities, Some(3));
    let history = store.history("acled:ARG10607")?;
    assert_eq!(history.len(), 2, "{history:?}");
    let change = history[1]
        .changes
        .iter()
        .find(|c| c.field.contains("fatalities"))
        .unwrap_or_else(|| panic!("no fatalities change in {history:?}"));
    assert_eq!((change.old.as_str(), change.new.as_str()), ("0", "3"));
    Ok(())
}

#[test]
fn rejects_are_written_beside_and_good_rows_imported() -> Result<(), IngestError> {
    let dir = tempfile::tempdir().map_err(|source| IngestError::Read {
        file: "tempdir".into(),
        source,
    })?;
    let store = open_store(dir.path());
    let mut options = ImportOptions::new(dir.path().join("rejects"));
    options.progress = Progress::Log;
    let summary = import_files(
        &store,
        Format::Acled,
        &[fixture("acled-bad-rows.csv")],
        &options,
    )?;
    assert_eq!(
        (summary.read, summary.inserted, summary.rejected),
        (6, 2, 4)
    );
    let rejects_file = dir.path().join("rejects/acled-bad-rows.csv.rejects.csv");
    assert_eq!(summary.rejects_files, std::slice::from_ref(&rejects_file));
    let text = std::fs::read_to_string(&rejects_file).unwrap_or_else(|e| panic!("{e}"));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "file,line,field,reason");
    assert_eq!(lines.len(), 5, "{text}");
    assert!(lines[1].contains(",3,event_date,"), "{text}");
    assert!(
        lines[2].contains(",4,latitude,latitude/longitude missing or out of range"),
        "{text}"
    );
    assert!(summary.to_string().contains("rejects: "));
    Ok(())
}

#[test]
fn a_wrong_file_among_good_ones_writes_nothing() -> Result<(), IngestError> {
    let dir = tempfile::tempdir().map_err(|source| IngestError::Read {
        file: "tempdir".into(),
        source,
    })?;
    let store = open_store(dir.path());
    let options = ImportOptions::new(dir.path().join("rejects"));
    let files = [
        shared("acled/argentina-2022.csv"),
        shared("acled/mideast-2022-variant.csv"),
        shared("ucdp/ged-sample.csv"),
    ];
    match import_files(&store, Format::Acled, &files, &options) {
        Err(IngestError::WrongFormat { file, reason }) => {
            assert!(file.ends_with("ged-sample.csv"));
            assert!(reason.contains("missing columns"), "{reason}");
        }
        other => panic!("expected WrongFormat, got {other:?}"),
    }
    assert_eq!(store.stats()?.events, 0);
    Ok(())
}

#[test]
fn every_format_imports_into_the_store() -> Result<(), IngestError> {
    let dir = tempfile::tempdir().map_err(|source| IngestError::Read {
        file: "tempdir".into(),
        source,
    })?;
    let store = open_store(dir.path());
    let mut options = ImportOptions::new(dir.path().join("rejects"));
    // Exercise the progress bar (hidden when stderr is not a terminal).
    options.progress = Progress::Bar;
    let ucdp = import_files(
        &store,
        Format::UcdpGed,
        &[shared("ucdp/ged-sample.csv")],
        &options,
    )?;
    assert_eq!(ucdp.inserted, 1_000);
    let gdelt = import_files(
        &store,
        Format::Gdelt,
        &[shared("gdelt/20191024143000.export.CSV")],
        &options,
    )?;
    assert_eq!(gdelt.read, 2_111);
    assert_eq!(gdelt.inserted + gdelt.skipped, 2_111);
    assert_eq!(
        gdelt.skip_reasons.get("no ActionGeo coordinates"),
        Some(&12)
    );
    let gtd = import_files(&store, Format::Gtd, &[fixture("gtd-sample.csv")], &options)?;
    assert_eq!((gtd.inserted, gtd.rejected), (13, 1));
    let legacy = import_files(
        &store,
        Format::Acled,
        &[shared("acled/africa-2016-legacy.csv")],
        &options,
    )?;
    assert_eq!(
        (legacy.inserted + legacy.merged, legacy.rejected),
        (6_831, 0)
    );
    // ACLED's row 2236RTA (Kismayo, 2016-02-14) is UCDP's event 228034: one
    // event with both sources, not two.
    assert_eq!(legacy.merged, 1);
    assert_eq!(
        store.stats()?.events,
        1_000 + gdelt.inserted + 13 + legacy.inserted
    );
    Ok(())
}
