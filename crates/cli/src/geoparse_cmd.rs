//! `sitrep geoparse FILE|-` prints the places a text mentions (JSON or a
//! table); `sitrep eval geoparse --corpus gwn|lgl|wiki` measures the
//! geoparser on a gold standard read in place. Both load the gazetteer from
//! the installed geodata (installing it on first use).

use std::io::Read;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use sitrep_geoparse::eval::{self, Corpus};
use sitrep_geoparse::{Format, Geoparser};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    Json,
    Text,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum InputFormat {
    Plain,
    Markdown,
    Html,
}

#[derive(Debug, Args)]
pub struct GeoparseArgs {
    /// Text file to read (plain, Markdown or HTML), or `-` for standard input.
    pub input: String,
    /// Output: JSON (`{"mentions": [...]}`) or one line per mention.
    #[arg(long, value_enum, default_value = "json")]
    pub format: OutputFormat,
    /// Markup of the input; guessed from the file name, else the content.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// Folder of the installed geodata (default: $SITREP_GEODATA, else the user cache).
    #[arg(long)]
    pub geodata: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(subcommand)]
    pub what: EvalCommand,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Geoparsing: recognition P/R/F1, resolution accuracy@161 km, median
    /// error, AUC, end to end, on GeoWebNews, LGL or WikToR.
    Geoparse(EvalGeoparseArgs),
    /// Report extraction: events against sitrep's own gold set (`--gold`),
    /// ACLED notes against ACLED's coding (`--acled`), MUC-4 perpetrators
    /// (`--muc4`), IndiaPoliceEvents police-action labels (`--ipe`), SATP
    /// attack-type labels (`--satp`), GLOCON protest documents (`--glocon`),
    /// CASE 2021 task 2 sub-event types (`--case2021`, the default when no
    /// corpus is named).
    Extract(EvalExtractArgs),
}

/// Where CASE 2021 task 2 is read from when no corpus is named.
const CASE2021_DEFAULT: &str = "../shared/data/gold/events/case2021-task2-dev.tsv";
/// Where IndiaPoliceEvents is read from when `--ipe` names no file.
const IPE_DEFAULT: &str = "../shared/data/gold/events/indiapoliceevents-sents.csv";
/// Where SATP is read from when `--satp` names no folder.
const SATP_DEFAULT: &str = "../shared/data/gold/events/satp";
/// Where GLOCON's documents are read from when `--glocon` names no file.
const GLOCON_DEFAULT: &str = "../shared/data/gold/events/glocon-sample/Sabinet_R_documents.jsonl";

/// Which split of IndiaPoliceEvents / SATP / GLOCON to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LabelSplit {
    /// IndiaPoliceEvents, GLOCON: the two thirds of sentences or documents
    /// outside the test third; SATP: dev.tsv. Rules may be tuned on it.
    Dev,
    /// IndiaPoliceEvents, GLOCON: the third chosen by a hash of the
    /// sentence or document id; SATP: test.tsv. Run once, at the end.
    Test,
}

#[derive(Debug, Args)]
pub struct EvalExtractArgs {
    /// sitrep's gold set: a folder with `dev/` and `heldout/` halves (or one
    /// half) of documents with JSON answers beside them, e.g.
    /// crates/extract/test_data/gold. Prints event P/R/F1 and per-field
    /// accuracy for each half.
    #[arg(long, value_name = "DIR")]
    pub gold: Option<PathBuf>,
    /// An ACLED export (current format, `.csv` or `.csv.gz`): each row's
    /// notes are extracted with the row's date as publication date and
    /// scored against its type, country, date, place (50 km), fatalities
    /// and actor 1.
    #[arg(long, value_name = "FILE")]
    pub acled: Option<PathBuf>,
    /// With `--acled`: score every row, not only the third the type
    /// classifier was not trained on.
    #[arg(long)]
    pub all_rows: bool,
    /// MUC-4: a folder holding `dev.json` and `test.json`, or one such file;
    /// scores perpetrator organisations (entity P/R/F1).
    #[arg(long, value_name = "DIR")]
    pub muc4: Option<PathBuf>,
    /// The CASE 2021 task 2 gold file (TSV: id, snippet, label); sub-event
    /// type accuracy and weighted F1 (best published weighted F1 0.839).
    #[arg(long, env = "SITREP_GOLD_CASE2021", value_name = "FILE")]
    pub case2021: Option<PathBuf>,
    /// IndiaPoliceEvents sentences (CSV; default
    /// ../shared/data/gold/events/indiapoliceevents-sents.csv): each
    /// document is extracted whole and its events read as the KILL, ARREST,
    /// FORCE and ANY_ACTION labels of the sentences they are in (P/R/F1 per
    /// label, on `--split`).
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = IPE_DEFAULT)]
    pub ipe: Option<PathBuf>,
    /// South Asia Terrorism Portal reports: a folder with dev.tsv and
    /// test.tsv (default ../shared/data/gold/events/satp); each report's
    /// events read as armed assault, bombing, kidnapping and other (P/R/F1
    /// per label, on `--split`).
    #[arg(long, value_name = "DIR", num_args = 0..=1, default_missing_value = SATP_DEFAULT)]
    pub satp: Option<PathBuf>,
    /// GLOCON news documents (JSON lines with id, text and label; default
    /// ../shared/data/gold/events/glocon-sample/Sabinet_R_documents.jsonl):
    /// a document is predicted to report a contentious event (GLOCON's label
    /// 1: protests, strikes, riots, political violence) when any of its
    /// events is a protest, riot or bombing that happened, or a battle or
    /// attack by a non-state perpetrator (P/R/F1, on `--split`).
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = GLOCON_DEFAULT)]
    pub glocon: Option<PathBuf>,
    /// With `--ipe` / `--satp` / `--glocon`: the split to score.
    #[arg(long, value_enum, default_value = "dev")]
    pub split: LabelSplit,
    /// Folder of the installed geodata (default: $SITREP_GEODATA, else the user cache).
    #[arg(long)]
    pub geodata: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CorpusArg {
    Gwn,
    Lgl,
    Wiki,
    All,
}

#[derive(Debug, Args)]
pub struct EvalGeoparseArgs {
    /// Gold standard to measure on.
    #[arg(long, value_enum)]
    pub corpus: CorpusArg,
    /// Only the first N documents.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Folder holding GWN.xml, gwn_full.txt, lgl.xml and wiki_gold.txt (or
    /// WikToR.xml, whose article text then serves as context).
    #[arg(
        long,
        env = "SITREP_GOLD_GEOPARSING",
        default_value = "../shared/data/gold/geoparsing"
    )]
    pub gold: PathBuf,
    /// Folder of the installed geodata (default: $SITREP_GEODATA, else the user cache).
    #[arg(long)]
    pub geodata: Option<PathBuf>,
    /// Which documents: all, the tuning half (odd-numbered, counting from 1)
    /// or the held-out half (even-numbered).
    #[arg(long, value_enum, default_value = "all")]
    pub split: SplitArg,
    /// Also print an error analysis: outcomes by gold class and cause, and
    /// the N worst misses of each kind.
    #[arg(long, value_name = "N")]
    pub errors: Option<usize>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SplitArg {
    All,
    Tuning,
    HeldOut,
}

/// Reads a document from a file or `-` (standard input) and decides its
/// format: as asked, else from the file name, else from its content.
pub fn read_document(input: &str, asked: Option<InputFormat>) -> anyhow::Result<(String, Format)> {
    let text = if input == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading standard input")?;
        text
    } else {
        std::fs::read_to_string(input).with_context(|| format!("reading {input}"))?
    };
    let format = match asked {
        Some(InputFormat::Plain) => Format::Plain,
        Some(InputFormat::Markdown) => Format::Markdown,
        Some(InputFormat::Html) => Format::Html,
        None if input != "-" && Format::from_path(input) != Format::Plain => {
            Format::from_path(input)
        }
        None => Format::sniff(&text),
    };
    Ok((text, format))
}

pub fn run(args: GeoparseArgs) -> anyhow::Result<()> {
    let (input, format) = read_document(&args.input, args.input_format)?;
    let (gazetteer, admin2) = crate::geo::gazetteer_with_admin2(args.geodata.as_deref())?;
    let parsed = Geoparser::new(gazetteer)
        .with_admin2(admin2)
        .parse(&input, format);
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&parsed)?),
        OutputFormat::Text => {
            for m in &parsed.mentions {
                println!(
                    "{}-{}\t{}\t{} ({}, {}{})\t{:.4},{:.4}\t{}\t{:.2}",
                    m.start,
                    m.end,
                    m.text,
                    m.name,
                    m.kind.as_str(),
                    m.admin1
                        .as_deref()
                        .map(|a| format!("{a}, "))
                        .unwrap_or_default(),
                    m.country.as_deref().unwrap_or("-"),
                    m.lat,
                    m.lon,
                    m.gazetteer_id,
                    m.score
                );
            }
        }
    }
    Ok(())
}

pub fn eval(args: EvalArgs) -> anyhow::Result<()> {
    let args = match args.what {
        EvalCommand::Geoparse(args) => args,
        EvalCommand::Extract(args) => return eval_extract(&args),
    };
    let corpora: &[Corpus] = match args.corpus {
        CorpusArg::Gwn => &[Corpus::Gwn],
        CorpusArg::Lgl => &[Corpus::Lgl],
        CorpusArg::Wiki => &[Corpus::Wiki],
        CorpusArg::All => &[Corpus::Gwn, Corpus::Lgl, Corpus::Wiki],
    };
    let (gazetteer, admin2) = crate::geo::gazetteer_with_admin2(args.geodata.as_deref())?;
    let parser = Geoparser::new(gazetteer).with_admin2(admin2);
    for corpus in corpora {
        let documents = corpus
            .load(&args.gold)
            .with_context(|| format!("reading the {} gold standard", corpus.name()))?;
        let options = eval::Options {
            limit: args.limit,
            split: match args.split {
                SplitArg::All => eval::Split::All,
                SplitArg::Tuning => eval::Split::Tuning,
                SplitArg::HeldOut => eval::Split::HeldOut,
            },
            analyse: args.errors.is_some(),
        };
        let report = eval::evaluate_with(&parser, *corpus, &documents, options);
        println!("{}", report.to_table());
        if let Some(worst) = args.errors {
            println!("{}", report.to_error_analysis(worst));
        }
    }
    Ok(())
}

fn eval_extract(args: &EvalExtractArgs) -> anyhow::Result<()> {
    let needs_extractor = args.gold.is_some()
        || args.acled.is_some()
        || args.muc4.is_some()
        || args.ipe.is_some()
        || args.satp.is_some()
        || args.glocon.is_some();
    let named = needs_extractor;
    let case2021 = match &args.case2021 {
        Some(path) => Some(path.clone()),
        None if !named => Some(PathBuf::from(CASE2021_DEFAULT)),
        None => None,
    };
    if needs_extractor {
        let (gazetteer, admin2) = crate::geo::gazetteer_with_admin2(args.geodata.as_deref())?;
        let registry =
            sitrep_extract::Registry::builtin().context("reading the built-in actor registry")?;
        let extractor =
            sitrep_extract::Extractor::new(Geoparser::new(gazetteer).with_admin2(admin2), registry);
        if let Some(dir) = &args.gold {
            eval_gold(&extractor, dir)?;
        }
        if let Some(path) = &args.acled {
            eval_acled(&extractor, path, args.all_rows)?;
        }
        if let Some(path) = &args.muc4 {
            eval_muc4(&extractor, path)?;
        }
        if let Some(path) = &args.ipe {
            eval_ipe(&extractor, path, args.split)?;
        }
        if let Some(path) = &args.satp {
            eval_satp(&extractor, path, args.split)?;
        }
        if let Some(path) = &args.glocon {
            eval_glocon(&extractor, path, args.split)?;
        }
    }
    if let Some(path) = case2021 {
        eval_case2021(&path)?;
    }
    Ok(())
}

fn eval_gold(
    extractor: &sitrep_extract::Extractor<'_>,
    dir: &std::path::Path,
) -> anyhow::Result<()> {
    use sitrep_extract::{corpora, eval};
    let documents = corpora::read_gold_dir(dir)
        .with_context(|| format!("reading the gold set in {}", dir.display()))?;
    anyhow::ensure!(
        !documents.is_empty(),
        "no documents with answer files in {}",
        dir.display()
    );
    println!("sitrep gold set — {}", dir.display());
    println!();
    for (half, scores) in corpora::evaluate_gold(extractor, &documents) {
        println!("{}", eval::to_table(&half, &scores));
    }
    println!(
        "An event matches a gold event in the same country with a compatible date, within {} km, \
         best first; fields are scored over matched pairs (location within the gold tolerance, \
         default {} km; unknown and zero casualties count as the same answer).",
        eval::MATCH_RADIUS_KM,
        eval::LOCATION_TOLERANCE_KM
    );
    Ok(())
}

fn eval_acled(
    extractor: &sitrep_extract::Extractor<'_>,
    path: &std::path::Path,
    all_rows: bool,
) -> anyhow::Result<()> {
    use sitrep_extract::{corpora, eval};
    let mut bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut plain = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut plain)
            .with_context(|| format!("decompressing {}", path.display()))?;
        bytes = plain;
    }
    let text = String::from_utf8_lossy(&bytes);
    let rows = corpora::read_acled(&text, path)?;
    let total = rows.len();
    let rows: Vec<corpora::AcledRow> = rows
        .into_iter()
        .filter(|r| all_rows || corpora::acled_is_evaluation(&r.event_id))
        .collect();
    let started = std::time::Instant::now();
    let scores = corpora::evaluate_acled(extractor, &rows);
    let seconds = started.elapsed().as_secs_f64();
    let which = if all_rows {
        "all rows".to_owned()
    } else {
        format!("the evaluation third, {} of {total} rows", rows.len())
    };
    println!("ACLED notes — {} ({which})", path.display());
    println!();
    println!("{}", eval::acled_table("ACLED notes", &scores));
    println!(
        "{} notes in {seconds:.2} s; type classifier: {}",
        rows.len(),
        match sitrep_extract::classify::model() {
            Some(m) => format!(
                "{} features, trained at build time on the other two thirds",
                m.len()
            ),
            None => "none (built without ACLED notes), rules only".to_owned(),
        }
    );
    println!();
    Ok(())
}

fn eval_muc4(
    extractor: &sitrep_extract::Extractor<'_>,
    path: &std::path::Path,
) -> anyhow::Result<()> {
    use sitrep_extract::corpora;
    let files: Vec<PathBuf> = if path.is_dir() {
        ["dev.json", "test.json"]
            .iter()
            .map(|f| path.join(f))
            .filter(|p| p.exists())
            .collect()
    } else {
        vec![path.to_owned()]
    };
    anyhow::ensure!(
        !files.is_empty(),
        "no dev.json or test.json in {}",
        path.display()
    );
    println!("MUC-4 perpetrator organisations — {}", path.display());
    println!();
    println!("| file | documents | gold | predicted | matched | precision | recall | F1 |");
    println!("|---|---|---|---|---|---|---|---|");
    for file in files {
        let json = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        let documents = corpora::read_muc4(&json, &file)?;
        let c = corpora::evaluate_muc4(extractor, &documents);
        println!(
            "| {} | {} | {} | {} | {} | {:.3} | {:.3} | {:.3} |",
            file.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            documents.len(),
            c.gold,
            c.predicted,
            c.matched,
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
    println!();
    Ok(())
}

/// A corpus file's text, or an error naming it.
fn read_text(path: &std::path::Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// One labelled corpus's scores: its heading, the per-label table and a
/// note under it.
fn print_labels(heading: &str, scores: &sitrep_extract::labels::LabelScores, note: &str) {
    println!("{heading}");
    println!();
    print!("{}", scores.to_table());
    println!();
    if !note.is_empty() {
        println!("{note}");
        println!();
    }
}

fn split_name(split: LabelSplit) -> &'static str {
    match split {
        LabelSplit::Dev => "dev",
        LabelSplit::Test => "test",
    }
}

fn eval_ipe(
    extractor: &sitrep_extract::Extractor<'_>,
    path: &std::path::Path,
    split: LabelSplit,
) -> anyhow::Result<()> {
    use sitrep_extract::{corpora, labels};
    let sentences = corpora::read_ipe(&read_text(path)?, path)?;
    let want_test = split == LabelSplit::Test;
    let started = std::time::Instant::now();
    let scores = labels::evaluate_ipe(extractor, &sentences, |s| {
        corpora::ipe_is_test(&s.text) == want_test
    });
    let heading = format!(
        "IndiaPoliceEvents sentences — {} ({} split: {} of {} sentences)",
        path.display(),
        split_name(split),
        scores.items,
        sentences.len()
    );
    let note = format!(
        "FAIL (police failed to act) has no ACLED counterpart and is not scored; {:.1} s",
        started.elapsed().as_secs_f64()
    );
    print_labels(&heading, &scores, &note);
    Ok(())
}

fn eval_satp(
    extractor: &sitrep_extract::Extractor<'_>,
    path: &std::path::Path,
    split: LabelSplit,
) -> anyhow::Result<()> {
    use sitrep_extract::{corpora, labels};
    let file = if path.is_dir() {
        path.join(format!("{}.tsv", split_name(split)))
    } else {
        path.to_owned()
    };
    let reports = corpora::read_satp(&read_text(&file)?, &file)?;
    let scores = labels::evaluate_satp(extractor, &reports);
    let heading = format!(
        "SATP incident reports — {} ({} reports)",
        file.display(),
        reports.len()
    );
    print_labels(&heading, &scores, "");
    Ok(())
}

fn eval_glocon(
    extractor: &sitrep_extract::Extractor<'_>,
    path: &std::path::Path,
    split: LabelSplit,
) -> anyhow::Result<()> {
    use sitrep_extract::{corpora, labels};
    let documents = corpora::read_glocon(&read_text(path)?, path)?;
    let want_test = split == LabelSplit::Test;
    let started = std::time::Instant::now();
    let scores = labels::evaluate_glocon(extractor, &documents, |d| {
        corpora::glocon_is_test(&d.id) == want_test
    });
    let heading = format!(
        "GLOCON news documents — {} ({} split: {} of {} documents with a decided label)",
        path.display(),
        split_name(split),
        scores.items,
        documents.iter().filter(|d| d.protest.is_some()).count()
    );
    let note = format!(
        "protest: a protest, riot or bombing, or a battle or attack by a non-state perpetrator, \
         that happened; {:.1} s",
        started.elapsed().as_secs_f64()
    );
    print_labels(&heading, &scores, &note);
    Ok(())
}

fn eval_case2021(path: &std::path::Path) -> anyhow::Result<()> {
    let tsv = read_text(path)?;
    let scores = sitrep_extract::case2021::evaluate(&tsv)
        .with_context(|| format!("scoring {}", path.display()))?;
    println!("CASE 2021 task 2 — {}", path.display());
    println!();
    println!("| rows | accuracy | weighted F1 |");
    println!("|---|---|---|");
    println!(
        "| ACLED sub-event types ({}) | {:.3} | {:.3} |",
        scores.acled_rows, scores.acled_accuracy, scores.acled_weighted_f1
    );
    println!(
        "| all labels ({}) | {:.3} | {:.3} |",
        scores.rows, scores.accuracy, scores.weighted_f1
    );
    println!();
    println!(
        "weighted F1, all labels: {:.3} on the rows at even positions (the rules were tuned \
         on them), {:.3} on the rows at odd positions (not looked at)",
        scores.tuned_weighted_f1, scores.untuned_weighted_f1
    );
    println!(
        "{} snippets had no incident cue; best published weighted F1: 0.839",
        scores.unpredicted
    );
    Ok(())
}
