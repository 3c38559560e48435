//! The geoparsing evaluation on every corpus, split into the tuning half and
//! the held-out half (see [`sitrep_geoparse::eval::Split`]): one line of the
//! headline figures per corpus and split, the quick check while tuning.
//!
//! ```sh
//! cargo run --release -p sitrep-geoparse --example eval_split [GOLD_DIR]
//! ```
//!
//! `SITREP_WEIGHTS="major_city=0.3,near=0.4"` overrides resolution weights
//! (the fields of [`sitrep_geoparse::Weights`]), to try values on the tuning
//! half before changing the defaults.

use std::path::PathBuf;

use sitrep_geoparse::eval::{self, Corpus, Options, Split};
use sitrep_geoparse::{Admin2Index, Geoparser, Weights};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let gold = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data/gold/geoparsing"));
    let dir = sitrep_geodata::ensure_installed(&sitrep_geodata::default_dir())?;
    let gazetteer = sitrep_geodata::load_gazetteer(&dir)?;
    let names = sitrep_geodata::places::read_admin2_names(&dir)?;
    let admin2 = Admin2Index::build(&gazetteer, &names);
    let mut weights = Weights::default();
    for pair in std::env::var("SITREP_WEIGHTS")
        .unwrap_or_default()
        .split(',')
    {
        let Some((name, value)) = pair.split_once('=') else {
            continue;
        };
        let value: f64 = value.trim().parse()?;
        let field = match name.trim() {
            "population" => &mut weights.population,
            "country_kind" => &mut weights.country_kind,
            "admin1_kind" => &mut weights.admin1_kind,
            "exact" => &mut weights.exact,
            "same_admin1" => &mut weights.same_admin1,
            "same_country" => &mut weights.same_country,
            "near" => &mut weights.near,
            "near_km" => &mut weights.near_km,
            "qualifier" => &mut weights.qualifier,
            "major_city" => &mut weights.major_city,
            other => return Err(format!("no weight {other}").into()),
        };
        *field = value;
    }
    let parser = Geoparser::new(&gazetteer)
        .with_admin2(&admin2)
        .with_weights(weights);
    println!(
        "| corpus | split | docs | recognition P / R / F1 (exact) | resolution acc@161 | end to end recall |"
    );
    println!("|---|---|---|---|---|---|");
    for corpus in [Corpus::Gwn, Corpus::Lgl, Corpus::Wiki] {
        let documents = corpus.load(&gold)?;
        for split in [Split::All, Split::Tuning, Split::HeldOut] {
            let options = Options {
                split,
                ..Options::default()
            };
            let r = eval::evaluate_with(&parser, corpus, &documents, options);
            let recognition = r
                .exact
                .map(|p| format!("{:.3} / {:.3} / {:.3}", p.precision(), p.recall(), p.f1()))
                .unwrap_or_else(|| "–".into());
            let e2e = r
                .end_to_end
                .map(|e| format!("{:.3}", e.recall()))
                .unwrap_or_else(|| "–".into());
            let split = match split {
                Split::All => "all",
                Split::Tuning => "tuning",
                Split::HeldOut => "held-out",
            };
            println!(
                "| {} | {split} | {} | {recognition} | {:.3} | {e2e} |",
                r.corpus,
                r.documents,
                r.resolution.accuracy()
            );
        }
    }
    Ok(())
}
