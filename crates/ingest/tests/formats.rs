//! Wrong-format refusal, rejects of bad rows, compressed inputs, and fuzzing of
//! every parser entry with arbitrary bytes and CSV-ish rows (no panics).

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Utc;
use proptest::prelude::*;
use sitrep_ingest::{Context, Format, IngestError, check_file, parse_file, parse_reader};
use sitrep_model::{DatePrecision, EventType};

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

fn ctx() -> Context {
    Context {
        now: Utc::now(),
        include_all_cameo: false,
    }
}

fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path
}

fn wrong_format_reason(format: Format, path: &Path) -> String {
    match check_file(format, path) {
        Err(IngestError::WrongFormat { reason, .. }) => reason,
        other => panic!("{}: expected WrongFormat, got {other:?}", path.display()),
    }
}

#[test]
fn refuses_files_of_the_wrong_format() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let empty = write_temp(dir.path(), "empty.csv", b"");
    let blank = write_temp(dir.path(), "blank.csv", b"\n\n  \n");
    let binary = write_temp(
        dir.path(),
        "binary.csv",
        &[0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0],
    );
    for format in [Format::Acled, Format::UcdpGed, Format::Gdelt, Format::Gtd] {
        assert!(wrong_format_reason(format, &empty).contains("empty"));
        assert!(wrong_format_reason(format, &blank).contains("empty"));
        assert!(wrong_format_reason(format, &binary).contains("binary"));
    }
    let acled_as_ucdp = wrong_format_reason(Format::UcdpGed, &shared("acled/argentina-2022.csv"));
    assert!(
        acled_as_ucdp.contains("missing columns id, type_of_violence, side_a, side_b"),
        "{acled_as_ucdp}"
    );
    let gdelt_as_acled =
        wrong_format_reason(Format::Acled, &shared("gdelt/20191024143000.export.CSV"));
    assert!(
        gdelt_as_acled.contains("not an ACLED file: missing columns"),
        "{gdelt_as_acled}"
    );
    let acled_as_gdelt = wrong_format_reason(Format::Gdelt, &shared("acled/argentina-2022.csv"));
    assert!(
        acled_as_gdelt.contains("61 tab-separated columns"),
        "{acled_as_gdelt}"
    );
    let ucdp_as_gtd = wrong_format_reason(Format::Gtd, &shared("ucdp/ged-sample.csv"));
    assert!(ucdp_as_gtd.contains("eventid"), "{ucdp_as_gtd}");
    // A GDELT-like file with a header row is refused too.
    let mut header = vec!["GLOBALEVENTID", "SQLDATE"];
    header.resize(61, "X");
    let with_header = write_temp(dir.path(), "hdr.tsv", header.join("\t").as_bytes());
    assert!(wrong_format_reason(Format::Gdelt, &with_header).contains("header"));
}

#[test]
fn bad_rows_become_rejects_naming_line_and_field() {
    let parsed = parse_file(Format::Acled, &fixture("acled-bad-rows.csv"), &ctx())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed.stats.read, 6);
    let got: Vec<(u64, &str)> = parsed
        .rejects
        .iter()
        .map(|r| (r.line, r.field.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (3, "event_date"),
            (4, "latitude"),
            (5, "event_type"),
            (8, "fatalities")
        ],
        "{:#?}",
        parsed.rejects
    );
    assert!(parsed.rejects[2].reason.contains("Alien invasion"));
    let ids: Vec<&str> = parsed.events.iter().map(|e| e.id.0.as_str()).collect();
    assert_eq!(ids, ["acled:TST1", "acled:TST5"]);
    let clash = &parsed.events[1];
    assert_eq!(clash.event_type, EventType::Battles);
    assert_eq!(clash.date.precision, DatePrecision::Week);
    assert_eq!(clash.fatalities, None);
    assert!(clash.notes.contains("two lines"));
    assert_eq!(parsed.events[0].tags, ["crowd size=about 200"]);
}

#[test]
fn reads_gzip_and_zip_inputs() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let plain = std::fs::read(shared("acled/argentina-2022.csv")).unwrap_or_else(|e| panic!("{e}"));

    let gz_path = dir.path().join("argentina.csv.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&plain).unwrap_or_else(|e| panic!("{e}"));
    let gz_bytes = gz.finish().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&gz_path, gz_bytes).unwrap_or_else(|e| panic!("{e}"));
    let parsed = parse_file(Format::Acled, &gz_path, &ctx()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed.events.len(), 326);

    let zip_path = dir.path().join("two.zip");
    let file = std::fs::File::create(&zip_path).unwrap_or_else(|e| panic!("{e}"));
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    for name in ["a.csv", "b.csv"] {
        zip.start_file(name, options)
            .unwrap_or_else(|e| panic!("{e}"));
        zip.write_all(&plain).unwrap_or_else(|e| panic!("{e}"));
    }
    zip.finish().unwrap_or_else(|e| panic!("{e}"));
    let parsed = parse_file(Format::Acled, &zip_path, &ctx()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed.stats.read, 652);

    // A byte-order mark before the header is dropped.
    let mut bom = vec![0xef, 0xbb, 0xbf];
    bom.extend_from_slice(&plain);
    let parsed = parse_reader(Format::Acled, "bom.csv", bom.as_slice(), &ctx())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed.events.len(), 326);
}

const ACLED_HEADER: &str = "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,iso,country,admin1,admin2,location,latitude,longitude,geo_precision,source,notes,fatalities,tags";
const LEGACY_HEADER: &str = "GWNO,EVENT_ID_CNTY,EVENT_DATE,TIME_PRECISION,EVENT_TYPE,ACTOR1,ALLY_ACTOR_1,INTER1,ACTOR2,ALLY_ACTOR_2,INTER2,COUNTRY,ADMIN1,LOCATION,LATITUDE,LONGITUDE,GEO_PRECISION,SOURCE,NOTES,FATALITIES";
const VARIANT_HEADER: &str = "EVENT_DATE,YEAR,EVENT_TYPE,SUB_EVENT_TYPE,ACTOR1,ASSOC_ACTOR_1,INTER1,ACTOR2,ASSOC_ACTOR_2,INTER2,COUNTRY,LOCATION,LATITUDE,LONGITUDE,SOURCE,FATALITIES";
const UCDP_HEADER: &str = "id,type_of_violence,side_a,side_b,where_prec,where_coordinates,adm_1,adm_2,latitude,longitude,country,country_id,date_prec,date_start,date_end,best,source_headline,source_article";
const GTD_HEADER: &str = "eventid,iyear,imonth,iday,country_txt,provstate,city,latitude,longitude,attacktype1_txt,targtype1_txt,weaptype1_txt,gname,nkill,nwound,suicide,summary";

/// Plausible field values, mixed with garbage, so rows get past the first checks.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("1".to_owned()),
        Just("3".to_owned()),
        Just("19".to_owned()),
        Just("1831".to_owned()),
        Just("2022-01-05".to_owned()),
        Just("05/01/2016".to_owned()),
        Just("05-Jan-22".to_owned()),
        Just("20191024".to_owned()),
        Just("Battles".to_owned()),
        Just("Riots/Protests".to_owned()),
        Just("Armed clash".to_owned()),
        Just("Bombing/Explosion".to_owned()),
        Just("Iran".to_owned()),
        Just("-91.5".to_owned()),
        Just("35.2".to_owned()),
        Just("NaN".to_owned()),
        Just("\"quoted, \"\"field\"\"\"".to_owned()),
        "[ -~]{0,12}",
        "\\PC{0,8}",
    ]
}

fn csv_rows(header: &str, sep: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let header = header.to_owned();
    prop::collection::vec(prop::collection::vec(field(), 0..70), 0..6).prop_map(move |rows| {
        let mut text = header.clone();
        for row in rows {
            text.push('\n');
            text.push_str(&row.join(sep));
        }
        text.into_bytes()
    })
}

/// A valid first GDELT row (61 columns), so the rows after it reach the parser.
fn gdelt_first_row() -> String {
    let mut cols = vec![""; 61];
    cols[0] = "881990839";
    cols[1] = "20191024";
    cols[26] = "190";
    cols[28] = "19";
    cols[53] = "GM";
    cols[56] = "52.5";
    cols[57] = "13.4";
    cols.join("\t")
}

fn no_panic(format: Format, bytes: &[u8]) {
    // Errors are fine; panics are not (proptest reports them as failures).
    if let Ok(parsed) = parse_reader(format, "fuzz.csv", bytes, &ctx()) {
        assert_eq!(
            parsed.stats.read,
            parsed.stats.events + parsed.stats.rejected + parsed.stats.skipped
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for format in [Format::Acled, Format::UcdpGed, Format::Gdelt, Format::Gtd] {
            no_panic(format, &bytes);
        }
    }

    #[test]
    fn acled_rows_never_panic(
        current in csv_rows(ACLED_HEADER, ","),
        legacy in csv_rows(LEGACY_HEADER, ","),
        variant in csv_rows(VARIANT_HEADER, ","),
    ) {
        no_panic(Format::Acled, &current);
        no_panic(Format::Acled, &legacy);
        no_panic(Format::Acled, &variant);
    }

    #[test]
    fn ucdp_and_gtd_rows_never_panic(
        ucdp in csv_rows(UCDP_HEADER, ","),
        gtd in csv_rows(GTD_HEADER, ","),
    ) {
        no_panic(Format::UcdpGed, &ucdp);
        no_panic(Format::Gtd, &gtd);
    }

    #[test]
    fn gdelt_rows_never_panic(rows in csv_rows(&gdelt_first_row(), "\t")) {
        no_panic(Format::Gdelt, &rows);
    }
}
