//! Development loop without the CLI: scores the extractor on the gold set's
//! dev half (`gold`, `--heldout` adds the held-out half), ACLED notes (`acled`:
//! the evaluation third, `--train` the other two thirds, for error
//! analysis), MUC-4 dev (`muc`, `--heldout` for test), CASE 2021 (`case`,
//! `caseerr` lists the misses of the tuning half), the classifier alone on
//! ACLED notes (`model`); `news` prints what it extracts from the GeoWebNews
//! and LGL articles (no event gold: for reading false alarms), `plain FILE…`
//! one document, `cands NAME…` gazetteer candidates, `probe` classifier
//! probabilities of stdin lines, `geo` the geoparser's mentions of stdin lines, `glocon` the
//! GLOCON dev documents read wrong, `perp` the cue,
//! registry actors and perpetrators of each sentence of stdin. `-v` prints gold and predicted
//! events (for `muc`, each dev document's perpetrators beside its gold).
//! `cargo run --release -p sitrep-extract --example eval_all -- [MODE] [-v]`

use std::io::Read;
use std::path::PathBuf;

use sitrep_extract::corpora;
use sitrep_extract::eval::Scored;
use sitrep_extract::{Extractor, Registry};
use sitrep_geoparse::{Admin2Index, Geoparser};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let what = args.first().map_or("all", String::as_str);
    let verbose = args.iter().any(|a| a == "-v");
    let heldout = args.iter().any(|a| a == "--heldout");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../../../shared/data");
    let dir = sitrep_geodata::ensure_installed(&sitrep_geodata::default_dir())?;
    let gazetteer = sitrep_geodata::load_gazetteer(&dir)?;
    let names = sitrep_geodata::places::read_admin2_names(&dir)?;
    let admin2 = Admin2Index::build(&gazetteer, &names);
    let extractor = Extractor::new(
        Geoparser::new(&gazetteer).with_admin2(&admin2),
        Registry::builtin()?,
    );
    if matches!(what, "gold" | "all") {
        let docs = corpora::read_gold_dir(&root.join("test_data/gold"))?;
        let docs: Vec<_> = docs
            .into_iter()
            .filter(|d| heldout || d.half == "dev")
            .collect();
        for (half, s) in corpora::evaluate_gold(&extractor, &docs) {
            println!("{}", sitrep_extract::eval::to_table(&half, &s));
        }
        if verbose {
            for d in &docs {
                let r = extractor.extract(&d.text, d.format, d.answer.published);
                println!("== {}", d.path.display());
                for g in &d.answer.events {
                    println!("  gold {}", line(g));
                }
                for e in &r.events {
                    println!("  got  {}", line(&Scored::from_extracted(e)));
                }
            }
        }
    }
    if matches!(what, "acled" | "all") {
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(
            shared.join("acled/world-2022-dev.csv.gz"),
        )?)
        .read_to_string(&mut text)?;
        let rows: Vec<_> = corpora::read_acled(&text, "acled".as_ref())?
            .into_iter()
            .filter(|r| {
                corpora::acled_is_evaluation(&r.event_id) != args.iter().any(|a| a == "--train")
            })
            .collect();
        let started = std::time::Instant::now();
        let s = corpora::evaluate_acled(&extractor, &rows);
        println!("{}", sitrep_extract::eval::acled_table("ACLED notes", &s));
        println!("{:.1} s", started.elapsed().as_secs_f64());
        if verbose {
            for row in &rows {
                let p = corpora::acled_prediction(&extractor, row);
                println!("== {} {}", row.event_id, row.notes);
                println!("  gold {}", line(&row.gold));
                match p {
                    Some(p) => println!("  got  {}", line(&p)),
                    None => {
                        let chars: Vec<char> = row.notes.chars().collect();
                        let tokens = sitrep_extract::tokens::tokenize(&chars, 0, chars.len());
                        let cues = sitrep_extract::cues::find_cues(&tokens);
                        let geoparser = Geoparser::new(&gazetteer).with_admin2(&admin2);
                        let m = geoparser.parse_plain(&row.notes);
                        println!(
                            "  got  nothing; cues {:?}; places {:?}",
                            cues.iter()
                                .map(|c| tokens[c.first].text.clone())
                                .collect::<Vec<_>>(),
                            m.iter()
                                .map(|m| format!("{}:{}", m.text, m.kind.as_str()))
                                .collect::<Vec<_>>()
                        );
                    }
                }
            }
        }
    }
    if what == "model" {
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(
            shared.join("acled/world-2022-dev.csv.gz"),
        )?)
        .read_to_string(&mut text)?;
        let rows: Vec<_> = corpora::read_acled(&text, "acled".as_ref())?
            .into_iter()
            .filter(|r| corpora::acled_is_evaluation(&r.event_id))
            .collect();
        let model = sitrep_extract::classify::model().ok_or("no model")?;
        let (mut sub, mut typ) = (0, 0);
        for r in &rows {
            if let Some((s, _)) = model.predict(&r.notes) {
                sub += usize::from(s == r.gold.sub_event_type);
                typ += usize::from(s.event_type() == r.gold.event_type);
            }
        }
        println!(
            "model alone on {} ACLED evaluation notes ({} features): type {:.3} sub-type {:.3}",
            rows.len(),
            model.len(),
            typ as f64 / rows.len() as f64,
            sub as f64 / rows.len() as f64
        );
    }
    if what == "plain" {
        for path in &args[1..] {
            if path.starts_with('-') {
                continue;
            }
            let text = std::fs::read_to_string(path)?;
            let r = extractor.extract(&text, sitrep_geoparse::Format::from_path(path), None);
            println!("{:?} {:?}\n{}", r.title, r.published, r.text);
            for e in &r.events {
                println!("  got  {}", line(&Scored::from_extracted(e)));
                for v in &e.evidence {
                    println!("      {} {:?}", v.field, r.slice(v.start, v.end));
                }
            }
        }
    }
    if what == "news" {
        let dir = shared.join("gold/geoparsing");
        let mut docs = sitrep_geoparse::gold::read_gwn_with_full(&dir)?;
        docs.extend(sitrep_geoparse::gold::read_lgl(&dir.join("lgl.xml"))?);
        let mut total = 0;
        for d in &docs {
            let Some(text) = &d.text else { continue };
            let r = extractor.extract(text, sitrep_geoparse::Format::Plain, None);
            if r.events.is_empty() {
                continue;
            }
            println!("== {} ({} chars)", d.id, text.chars().count());
            for e in &r.events {
                total += 1;
                println!("  got  {}", line(&Scored::from_extracted(e)));
                if let Some(v) = e.evidence.iter().find(|v| v.field == "event_type") {
                    let s = v.start.saturating_sub(120);
                    println!("      …{}…", r.slice(s, v.end + 120).replace('\n', " "));
                }
            }
        }
        println!("{} documents, {total} events", docs.len());
    }
    if what == "cands" {
        let geoparser = Geoparser::new(&gazetteer).with_admin2(&admin2);
        for name in &args[1..] {
            for c in geoparser.candidates_for_text(name) {
                println!(
                    "{name}: {:?} {} {:?} {:?} pop={} exact={} {}",
                    c.kind, c.name, c.country, c.admin1, c.population, c.exact, c.id
                );
            }
        }
    }
    if what == "perp" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        let mut chars: Vec<char> = text.chars().collect();
        if sitrep_extract::wrap::is_hard_wrapped(&chars) {
            sitrep_extract::wrap::unwrap_lines(&mut chars);
        }
        for (start, end, _) in sitrep_extract::tokens::sentences(&chars) {
            let tokens = sitrep_extract::tokens::tokenize(&chars, start, end);
            let sentence: String = chars[start..end].iter().collect();
            let cue = sitrep_extract::cues::primary(&sitrep_extract::cues::find_cues(&tokens));
            let hits: Vec<String> = extractor
                .registry()
                .find(&tokens)
                .iter()
                .filter_map(|h| extractor.registry().get(h.actor).map(|a| a.name.clone()))
                .collect();
            println!("{sentence}");
            println!(
                "   cue {:?} hits {hits:?} → {:?}",
                cue.map(|c| (tokens[c.first].text.clone(), c.sub.label())),
                extractor.perpetrators(&sentence, sitrep_geoparse::Format::Plain)
            );
        }
    }
    if what == "geo" {
        let geoparser = Geoparser::new(&gazetteer).with_admin2(&admin2);
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        for line in text.lines() {
            println!("{line}");
            for m in geoparser.parse_plain(line) {
                println!(
                    "   {:?} → {} {} {:?} {:?} ({:.2},{:.2}) {}",
                    m.text,
                    m.kind.as_str(),
                    m.name,
                    m.country,
                    m.admin1,
                    m.lat,
                    m.lon,
                    m.score
                );
            }
        }
    }
    if what == "probe" {
        let model = sitrep_extract::classify::model().ok_or("no model")?;
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        for line in text.lines() {
            let p = model.probabilities(&sitrep_extract::features::features(line));
            println!("{line}\n   {:?}", &p[..3]);
        }
    }
    if what == "caseerr" {
        let tsv = std::fs::read_to_string(shared.join("gold/events/case2021-task2-dev.tsv"))?;
        for (n, line) in tsv.lines().skip(1).enumerate() {
            if n % 2 == 1 {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 3 {
                continue;
            }
            let got = sitrep_extract::case2021::classify(f[1]);
            let gold = sitrep_extract::case2021::case_label(f[2].trim())
                .map_or_else(|| f[2].trim().to_owned(), |s| s.label().to_owned());
            if gold != got {
                println!("{gold} | got {got}\n   {}", f[1]);
            }
        }
    }
    if matches!(what, "muc" | "all") {
        let file = if heldout { "test.json" } else { "dev.json" };
        let path = shared.join("gold/events/muc4").join(file);
        let docs = corpora::read_muc4(&std::fs::read_to_string(&path)?, &path)?;
        let c = corpora::evaluate_muc4(&extractor, &docs);
        println!(
            "MUC-4 {file} perpetrator organisations: P {:.3} R {:.3} F1 {:.3} ({} gold, {} predicted, {} matched)",
            c.precision(),
            c.recall(),
            c.f1(),
            c.gold,
            c.predicted,
            c.matched
        );
        // Per-document listing for error analysis, on the tuning file only.
        if verbose && !heldout {
            for d in &docs {
                let names = extractor.perpetrators(&d.text, sitrep_geoparse::Format::Plain);
                if names.is_empty() && d.perpetrator_organisations.is_empty() {
                    continue;
                }
                println!("== {}", d.id);
                println!("  gold {:?}", d.perpetrator_organisations);
                println!("  got  {names:?}");
            }
        }
    }
    if what == "glocon" {
        // The dev split's misses and false alarms, with what was extracted.
        let path = shared.join("gold/events/glocon-sample/Sabinet_R_documents.jsonl");
        let docs = corpora::read_glocon(&std::fs::read_to_string(&path)?, &path)?;
        for d in docs.iter().filter(|d| !corpora::glocon_is_test(&d.id)) {
            let Some(gold) = d.protest else { continue };
            let r = extractor.extract(&d.text, sitrep_geoparse::Format::Plain, None);
            let predicted = r.events.iter().any(sitrep_extract::labels::glocon_label);
            if gold != predicted {
                println!("== {} gold {gold} predicted {predicted}", d.id);
                println!("{}", d.text.chars().take(700).collect::<String>());
                for e in &r.events {
                    println!("  got  {}", line(&Scored::from_extracted(e)));
                    for ev in e.evidence.iter().filter(|ev| ev.field == "event_type") {
                        let cue: String = r
                            .text
                            .chars()
                            .skip(ev.start)
                            .take(ev.end - ev.start)
                            .collect();
                        println!("      cue {cue:?}");
                    }
                }
            }
        }
    }
    if matches!(what, "case" | "all") {
        let tsv = std::fs::read_to_string(shared.join("gold/events/case2021-task2-dev.tsv"))?;
        let s = sitrep_extract::case2021::evaluate(&tsv)?;
        println!("{s:#?}");
    }
    Ok(())
}

fn line(e: &Scored) -> String {
    format!(
        "{} / {} [{}] {} @ {} {:?} ({:.2},{:.2}) k={:?} i={:?} by {:?}",
        e.event_type.label(),
        e.sub_event_type.label(),
        e.status.as_str(),
        e.date.map_or_else(|| "-".to_owned(), |d| d.render()),
        e.place,
        e.country,
        e.lat,
        e.lon,
        e.fatalities,
        e.injuries,
        e.perpetrator
    )
}
