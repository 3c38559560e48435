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
    /// Event classification: ACLED sub-event types of the CASE 2021 task 2
    /// snippets (accuracy and weighted F1; best published weighted F1 0.839).
    Extract(EvalExtractArgs),
}

#[derive(Debug, Args)]
pub struct EvalExtractArgs {
    /// The CASE 2021 task 2 gold file (TSV: id, snippet, label).
    #[arg(
        long,
        env = "SITREP_GOLD_CASE2021",
        default_value = "../shared/data/gold/events/case2021-task2-dev.tsv"
    )]
    pub gold: PathBuf,
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
    /// Folder holding GWN.xml, gwn_full.txt, lgl.xml and wiki_gold.txt.
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
    let tsv = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let scores = sitrep_extract::case2021::evaluate(&tsv)
        .with_context(|| format!("scoring {}", args.gold.display()))?;
    println!("CASE 2021 task 2 — {}", args.gold.display());
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
        "{} snippets had no incident cue; best published weighted F1: 0.839",
        scores.unpredicted
    );
    Ok(())
}
