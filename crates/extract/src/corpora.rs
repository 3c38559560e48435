//! Readers for the corpora the extractor is measured on, each read in place:
//! sitrep's own gold set (`test_data/gold/{dev,heldout}/`: a document and
//! its JSON answer), ACLED exports whose `notes` column is the text and whose
//! coded columns are the answer, and MUC-4 (`dev.json`/`test.json`: document
//! text with role fillers, of which the perpetrator organisations are
//! scored), IndiaPoliceEvents sentences (`indiapoliceevents-sents.csv`:
//! sentences of Indian news, each with five binary police-action labels)
//! and South Asia Terrorism Portal reports (`satp/{train,dev,test}.tsv`: a
//! report and four binary attack-type labels, no header) and GLOCON's
//! South African Press Association documents (`Sabinet_R_documents.jsonl`:
//! a news article a line, labelled 1 when it reports a protest that happened
//! or is happening). A malformed row of the last three is an error naming
//! the file, the line and the field.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::Value;
use sitrep_geoparse::Format;
use sitrep_model::{EventType, Status, SubEventType};

use crate::ExtractError;
use crate::eval::{self, GoldAnswer, LOCATION_TOLERANCE_KM, Scored};

/// What can go wrong reading a corpus.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Answer { path: PathBuf, source: ExtractError },
    #[error("{path}: {reason}")]
    Format { path: PathBuf, reason: String },
    #[error("{path}, line {line}, field {field}: {reason}")]
    Row {
        path: PathBuf,
        line: u64,
        field: String,
        reason: String,
    },
}

/// A binary label: `0` or `1` (also `0.0`/`1.0`, `true`/`false`).
fn binary(path: &Path, line: u64, field: &str, value: &str) -> Result<bool, CorpusError> {
    match value.trim() {
        "1" | "1.0" | "true" | "True" => Ok(true),
        "0" | "0.0" | "false" | "False" => Ok(false),
        other => Err(CorpusError::Row {
            path: path.to_owned(),
            line,
            field: field.to_owned(),
            reason: format!("expected 0 or 1, found {other:?}"),
        }),
    }
}

/// The police actions IndiaPoliceEvents labels a sentence with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IpeLabels {
    /// Police killed someone.
    pub kill: bool,
    /// Police arrested someone.
    pub arrest: bool,
    /// Police failed to act.
    pub fail: bool,
    /// Police used force or violence.
    pub force: bool,
    /// Police did anything at all.
    pub any_action: bool,
}

/// One IndiaPoliceEvents sentence.
#[derive(Debug, Clone)]
pub struct IpeSentence {
    pub doc_id: String,
    pub sent_id: u32,
    pub text: String,
    pub labels: IpeLabels,
}

/// Whether an IndiaPoliceEvents sentence is in the test third (by a hash
/// of its text; the other two thirds are the dev split rules may be tuned
/// on).
pub fn ipe_is_test(text: &str) -> bool {
    crate::split::is_evaluation(text)
}

/// Reads `indiapoliceevents-sents.csv`: a header naming `doc_id`,
/// `sent_id`, `sent_text`, `KILL`, `ARREST`, `FAIL`, `FORCE` and
/// `ANY_ACTION` (in any order, other columns ignored), then one sentence a
/// row, in document order.
pub fn read_ipe(csv_text: &str, path: &Path) -> Result<Vec<IpeSentence>, CorpusError> {
    let bad = |reason: String| CorpusError::Format {
        path: path.to_owned(),
        reason,
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(csv_text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| bad(e.to_string()))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| bad(format!("line 1: no column {name:?}")))
    };
    let doc = column("doc_id")?;
    let sent = column("sent_id")?;
    let text = column("sent_text")?;
    let names = ["KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION"];
    let mut label_columns = [0usize; 5];
    for (slot, name) in label_columns.iter_mut().zip(names) {
        *slot = column(name)?;
    }
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| match e.position() {
            Some(p) => CorpusError::Row {
                path: path.to_owned(),
                line: p.line(),
                field: "-".to_owned(),
                reason: e.to_string(),
            },
            None => bad(e.to_string()),
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize, name: &str| {
            record.get(i).ok_or_else(|| CorpusError::Row {
                path: path.to_owned(),
                line,
                field: name.to_owned(),
                reason: "missing".to_owned(),
            })
        };
        let doc_id = field(doc, "doc_id")?.trim().to_owned();
        let sent_id = field(sent, "sent_id")?;
        let sent_id = sent_id
            .trim()
            .parse::<u32>()
            .map_err(|_| CorpusError::Row {
                path: path.to_owned(),
                line,
                field: "sent_id".to_owned(),
                reason: format!("expected a whole number, found {sent_id:?}"),
            })?;
        let mut flags = [false; 5];
        for ((flag, &i), name) in flags.iter_mut().zip(&label_columns).zip(names) {
            *flag = binary(path, line, name, field(i, name)?)?;
        }
        let [kill, arrest, fail, force, any_action] = flags;
        out.push(IpeSentence {
            doc_id,
            sent_id,
            text: field(text, "sent_text")?.trim().to_owned(),
            labels: IpeLabels {
                kill,
                arrest,
                fail,
                force,
                any_action,
            },
        });
    }
    Ok(out)
}

/// SATP's four labels, in the file's column order (the files have no
/// header; the order was read off the rows: opened fire / exchange of fire,
/// IED / explosion / rocket, abducted / released, set ablaze / torched).
pub const SATP_LABELS: [&str; 4] = ["armed_assault", "bombing", "kidnapping", "other"];

/// One SATP incident report with its four labels ([`SATP_LABELS`]).
#[derive(Debug, Clone)]
pub struct SatpReport {
    pub line: u64,
    pub text: String,
    pub labels: [bool; 4],
}

/// Reads one SATP split: `text \t l1 \t l2 \t l3 \t l4` a line, no
/// header; blank lines are skipped.
pub fn read_satp(tsv: &str, path: &Path) -> Result<Vec<SatpReport>, CorpusError> {
    let mut out = Vec::new();
    for (i, row) in tsv.lines().enumerate() {
        let line = i as u64 + 1;
        if row.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = row.split('\t').collect();
        if fields.len() != 5 {
            return Err(CorpusError::Row {
                path: path.to_owned(),
                line,
                field: "-".to_owned(),
                reason: format!("expected 5 tab-separated fields, found {}", fields.len()),
            });
        }
        if fields[0].trim().is_empty() {
            return Err(CorpusError::Row {
                path: path.to_owned(),
                line,
                field: "text".to_owned(),
                reason: "empty".to_owned(),
            });
        }
        let mut labels = [false; 4];
        for (k, label) in labels.iter_mut().enumerate() {
            *label = binary(path, line, SATP_LABELS[k], fields[k + 1])?;
        }
        out.push(SatpReport {
            line,
            text: fields[0].trim().to_owned(),
            labels,
        });
    }
    Ok(out)
}

/// One GLOCON news document: whether it reports a protest event (`None`
/// for the few labelled 2, which the corpus leaves undecided).
#[derive(Debug, Clone)]
pub struct GloconDocument {
    pub line: u64,
    pub id: String,
    pub text: String,
    pub protest: Option<bool>,
}

/// Whether a GLOCON document is in the test third (by a hash of its id; the
/// other two thirds are the dev split rules may be tuned on).
pub fn glocon_is_test(id: &str) -> bool {
    crate::split::is_evaluation(id)
}

/// Reads GLOCON's document file: one JSON object a line with `id`, `text`
/// and `label` (0, 1 or 2); blank lines are skipped.
pub fn read_glocon(jsonl: &str, path: &Path) -> Result<Vec<GloconDocument>, CorpusError> {
    let mut out = Vec::new();
    for (i, row) in jsonl.lines().enumerate() {
        let line = i as u64 + 1;
        if row.trim().is_empty() {
            continue;
        }
        let error = |field: &str, reason: String| CorpusError::Row {
            path: path.to_owned(),
            line,
            field: field.to_owned(),
            reason,
        };
        let value: Value =
            serde_json::from_str(row).map_err(|e| error("-", format!("not JSON: {e}")))?;
        let text = |field: &str| -> Result<String, CorpusError> {
            match value.get(field) {
                Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
                Some(_) => Err(error(field, "expected a non-empty string".to_owned())),
                None => Err(error(field, "missing".to_owned())),
            }
        };
        let protest = match value.get("label").and_then(Value::as_u64) {
            Some(0) => Some(false),
            Some(1) => Some(true),
            Some(2) => None,
            _ => {
                return Err(error(
                    "label",
                    format!(
                        "expected 0, 1 or 2, found {}",
                        value.get("label").unwrap_or(&Value::Null)
                    ),
                ));
            }
        };
        out.push(GloconDocument {
            line,
            id: text("id")?,
            text: text("text")?,
            protest,
        });
    }
    Ok(out)
}

/// One document of the gold set with its answer.
#[derive(Debug, Clone)]
pub struct GoldDocument {
    /// `dev`, `heldout`, or the folder's name when it has no halves.
    pub half: String,
    pub path: PathBuf,
    pub text: String,
    pub format: Format,
    pub answer: GoldAnswer,
}

/// Reads every document that has an answer file beside it, in `dir/dev`,
/// `dir/heldout` or (when neither exists) `dir` itself, sorted by path.
pub fn read_gold_dir(dir: &Path) -> Result<Vec<GoldDocument>, CorpusError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| CorpusError::Io { path, source }
    };
    let halves: Vec<(String, PathBuf)> = ["dev", "heldout"]
        .iter()
        .map(|h| (h.to_string(), dir.join(h)))
        .filter(|(_, p)| p.is_dir())
        .collect();
    let halves = if halves.is_empty() {
        let name = dir
            .file_name()
            .map_or_else(|| "gold".to_owned(), |n| n.to_string_lossy().into_owned());
        vec![(name, dir.to_owned())]
    } else {
        halves
    };
    let mut out = Vec::new();
    for (half, folder) in halves {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map_err(io(&folder))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("txt" | "md" | "html" | "htm")
                )
            })
            .collect();
        paths.sort();
        for path in paths {
            let answer_path = path.with_extension("json");
            if !answer_path.exists() {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(io(&path))?;
            let json = std::fs::read_to_string(&answer_path).map_err(io(&answer_path))?;
            let answer = eval::parse_answer(&json).map_err(|source| CorpusError::Answer {
                path: answer_path.clone(),
                source,
            })?;
            let format = Format::from_path(&path.to_string_lossy());
            out.push(GoldDocument {
                half: half.clone(),
                path,
                text,
                format,
                answer,
            });
        }
    }
    Ok(out)
}

/// One ACLED row: its notes and its coding as a gold event.
#[derive(Debug, Clone)]
pub struct AcledRow {
    pub event_id: String,
    pub date: NaiveDate,
    pub notes: String,
    pub gold: Scored,
}

/// Whether an ACLED row is in the evaluation third (by a hash of its event
/// id); the other two thirds are what the type classifier learns from at
/// build time (`build.rs`), so the two never overlap.
pub fn acled_is_evaluation(event_id: &str) -> bool {
    crate::split::is_evaluation(event_id)
}

/// Reads an ACLED export (current 31-column format, with `notes`); rows
/// without notes, a date or coordinates are skipped.
pub fn read_acled(csv_text: &str, path: &Path) -> Result<Vec<AcledRow>, CorpusError> {
    let bad = |reason: String| CorpusError::Format {
        path: path.to_owned(),
        reason,
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(csv_text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| bad(e.to_string()))?
        .iter()
        .map(str::to_owned)
        .collect::<Vec<_>>();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| bad(format!("no column {name:?}")))
    };
    let id = column("event_id_cnty")?;
    let date = column("event_date")?;
    let sub = column("sub_event_type")?;
    let actor1 = column("actor1")?;
    let iso = column("iso")?;
    let country = column("country")?;
    let location = column("location")?;
    let lat = column("latitude")?;
    let lon = column("longitude")?;
    let notes = column("notes")?;
    let fatalities = column("fatalities")?;
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| bad(e.to_string()))?;
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let Ok(day) = NaiveDate::parse_from_str(field(date), "%Y-%m-%d") else {
            continue;
        };
        let (Ok(la), Ok(lo)) = (field(lat).parse::<f64>(), field(lon).parse::<f64>()) else {
            continue;
        };
        let Ok(sub_event_type) = SubEventType::parse(field(sub)) else {
            continue;
        };
        if field(notes).is_empty() {
            continue;
        }
        let alpha2 = field(iso)
            .parse::<u16>()
            .ok()
            .and_then(sitrep_geo::countries::from_numeric)
            .or_else(|| sitrep_geo::countries::country_code(field(country)));
        let event_type: EventType = sub_event_type.event_type();
        out.push(AcledRow {
            event_id: field(id).to_owned(),
            date: day,
            notes: field(notes).to_owned(),
            gold: Scored {
                event_type,
                sub_event_type,
                status: Status::Occurred,
                date: Some(crate::dates::DateValue::Day(day)),
                place: field(location).to_owned(),
                country: alpha2.map(str::to_owned),
                lat: la,
                lon: lo,
                tolerance_km: LOCATION_TOLERANCE_KM,
                fatalities: field(fatalities).parse().ok(),
                injuries: None,
                perpetrator: Some(field(actor1).to_owned()).filter(|a| !a.is_empty()),
            },
        });
    }
    Ok(out)
}

/// One MUC-4 document with its perpetrator organisations, each a list of
/// the strings that name it.
#[derive(Debug, Clone)]
pub struct Muc4Document {
    pub id: String,
    pub text: String,
    pub perpetrator_organisations: Vec<Vec<String>>,
}

/// Reads a MUC-4 file in the `{id: {"doc": text, "roles": {...}}}` shape.
pub fn read_muc4(json: &str, path: &Path) -> Result<Vec<Muc4Document>, CorpusError> {
    let bad = |reason: String| CorpusError::Format {
        path: path.to_owned(),
        reason,
    };
    let root: Value = serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
    let map = root
        .as_object()
        .ok_or_else(|| bad("expected an object of documents".into()))?;
    let mut out = Vec::new();
    for (id, doc) in map {
        let text = doc
            .get("doc")
            .and_then(Value::as_str)
            .ok_or_else(|| bad(format!("{id}: no \"doc\"")))?;
        let entities = doc
            .get("roles")
            .and_then(|r| r.get("perp_organization_id"))
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(Value::as_array)
                    .map(|names| {
                        names
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect::<Vec<_>>()
                    })
                    .filter(|names| !names.is_empty())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        out.push(Muc4Document {
            id: id.clone(),
            text: text.to_owned(),
            perpetrator_organisations: entities,
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// Extracts every gold document and scores it; one [`eval::Scores`] per
/// half, in the order the halves first appear.
pub fn evaluate_gold(
    extractor: &crate::Extractor<'_>,
    documents: &[GoldDocument],
) -> Vec<(String, eval::Scores)> {
    let mut out: Vec<(String, eval::Scores)> = Vec::new();
    for doc in documents {
        let report = extractor.extract(&doc.text, doc.format, doc.answer.published);
        let predicted: Vec<Scored> = report.events.iter().map(Scored::from_extracted).collect();
        let at = match out.iter().position(|(h, _)| *h == doc.half) {
            Some(i) => i,
            None => {
                out.push((doc.half.clone(), eval::Scores::default()));
                out.len() - 1
            }
        };
        eval::score_document(
            &mut out[at].1,
            &doc.answer.events,
            &predicted,
            Some(extractor.registry()),
        );
    }
    out
}

/// The event an ACLED row's notes yield, as scored: the first one, with
/// attackers killed added to the fatalities (ACLED counts everyone).
pub fn acled_prediction(extractor: &crate::Extractor<'_>, row: &AcledRow) -> Option<Scored> {
    let report = extractor.extract(&row.notes, Format::Plain, Some(row.date));
    report.events.first().map(|e| {
        let mut s = Scored::from_extracted(e);
        if let Some(a) = e.attackers_killed {
            s.fatalities = Some(s.fatalities.unwrap_or(0) + a);
        }
        s
    })
}

/// Scores ACLED rows.
pub fn evaluate_acled(extractor: &crate::Extractor<'_>, rows: &[AcledRow]) -> eval::AcledScores {
    let mut scores = eval::AcledScores::default();
    for row in rows {
        let predicted = acled_prediction(extractor, row);
        eval::score_acled_row(
            &mut scores,
            &row.gold,
            predicted.as_ref(),
            Some(extractor.registry()),
        );
    }
    scores
}

/// Scores MUC-4 perpetrator organisations: the distinct perpetrators each
/// document names for its incidents ([`crate::Extractor::perpetrators`]).
pub fn evaluate_muc4(
    extractor: &crate::Extractor<'_>,
    documents: &[Muc4Document],
) -> eval::EntityCounts {
    let mut counts = eval::EntityCounts::default();
    for doc in documents {
        let names = extractor.perpetrators(&doc.text, Format::Plain);
        eval::score_entities(
            &mut counts,
            &doc.perpetrator_organisations,
            &names,
            Some(extractor.registry()),
        );
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(name: &str) -> (String, PathBuf) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("test_data/labelled")
            .join(name);
        (std::fs::read_to_string(&path).unwrap(), path)
    }

    #[test]
    fn reads_ipe_sentences_with_their_labels() {
        let (text, path) = data("ipe_sample.csv");
        let rows = read_ipe(&text, &path).unwrap();
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[0].text, "This story is from June 3, 2015");
        assert_eq!((rows[2].doc_id.as_str(), rows[2].sent_id), ("7", 2));
        assert!(rows[2].labels.arrest && rows[2].labels.any_action && !rows[2].labels.kill);
        let l = rows[4].labels;
        assert!(l.kill && l.force && l.any_action && !l.fail && !l.arrest);
    }

    #[test]
    fn ipe_errors_name_file_line_and_field() {
        let (text, path) = data("ipe_bad_label.csv");
        let e = read_ipe(&text, &path).unwrap_err().to_string();
        assert!(e.contains("ipe_bad_label.csv"), "{e}");
        assert!(
            e.contains("line 3") && e.contains("ARREST") && e.contains("\"yes\""),
            "{e}"
        );
        let (text, path) = data("ipe_no_column.csv");
        let e = read_ipe(&text, &path).unwrap_err().to_string();
        assert!(
            e.contains("ipe_no_column.csv") && e.contains("\"FORCE\""),
            "{e}"
        );
    }

    #[test]
    fn ipe_split_is_a_stable_third() {
        let test = (0..3000)
            .filter(|i| ipe_is_test(&format!("sentence {i}")))
            .count();
        assert!((900..1100).contains(&test), "{test}");
        assert_eq!(
            ipe_is_test("a fixed sentence."),
            ipe_is_test("a fixed sentence.")
        );
    }

    #[test]
    fn reads_satp_reports() {
        let (text, path) = data("satp_sample.tsv");
        let rows = read_satp(&text, &path).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].labels, [true, false, false, false]);
        assert_eq!(rows[2].labels, [false, false, true, true]);
        assert_eq!(rows[2].line, 4, "the blank line still counts");
        assert!(rows[1].text.starts_with("A pressure bomb"));
    }

    #[test]
    fn reads_glocon_documents() {
        let (text, path) = data("glocon_sample.jsonl");
        let docs = read_glocon(&text, &path).unwrap();
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].protest, Some(true));
        assert_eq!(docs[1].protest, Some(false));
        assert_eq!((docs[2].protest, docs[2].line), (None, 4));
        assert!(docs[0].text.contains("Durban"));
    }

    #[test]
    fn glocon_errors_name_file_line_and_field() {
        let (text, path) = data("glocon_bad_label.jsonl");
        let e = read_glocon(&text, &path).unwrap_err().to_string();
        assert!(
            e.contains("glocon_bad_label.jsonl") && e.contains("line 2") && e.contains("label"),
            "{e}"
        );
        let (text, path) = data("glocon_no_text.jsonl");
        let e = read_glocon(&text, &path).unwrap_err().to_string();
        assert!(e.contains("line 1") && e.contains("field text"), "{e}");
    }

    #[test]
    fn satp_errors_name_file_line_and_field() {
        let (text, path) = data("satp_bad_fields.tsv");
        let e = read_satp(&text, &path).unwrap_err().to_string();
        assert!(
            e.contains("satp_bad_fields.tsv") && e.contains("line 2"),
            "{e}"
        );
        assert!(e.contains("found 4"), "{e}");
        let (text, path) = data("satp_bad_label.tsv");
        let e = read_satp(&text, &path).unwrap_err().to_string();
        assert!(
            e.contains("line 2") && e.contains("bombing") && e.contains("\"2\""),
            "{e}"
        );
    }
}
