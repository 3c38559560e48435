//! Trains the event-type classifier at build time from ACLED notes: each
//! row's `notes` text with its coded `sub_event_type` is one example. Real
//! coded text is the only training data sitrep can use (no event model ships
//! in any package), and ACLED's terms forbid redistributing it, so neither
//! the rows nor weights derived from them are in the repository: the model
//! is rebuilt from the files on the build machine and written to `OUT_DIR`.
//!
//! Sources, in order: `$SITREP_ACLED_TRAINING` (paths separated by `:`), else
//! `../shared/data/acled/{world-2022-dev.csv.gz,argentina-2022.csv}` beside
//! the checkout. Rows of `world-2022-dev` in the evaluation third
//! (`src/split.rs`) are never used, so `sitrep eval extract --acled` measures
//! the model on notes it has not seen. Without any source the model is
//! empty and the extractor types events by its rules alone.
//!
//! The model is multinomial logistic regression over word and word-pair
//! hashes (`src/features.rs`), trained by stochastic gradient descent with
//! a fixed seed, so a build is reproducible. Output format (little endian):
//! `STM1`, u32 label count, labels (u16 length + UTF-8), u32 feature count,
//! sorted u64 feature hashes, then per feature the label weights (f32), then
//! the label biases (f32).

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "src/features.rs"]
mod features;
#[allow(dead_code)]
#[path = "src/split.rs"]
mod split;

const EPOCHS: usize = 12;
const LEARNING_RATE: f32 = 0.2;
const L2: f32 = 1e-5;
const MIN_COUNT: u32 = 2;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/features.rs");
    println!("cargo:rerun-if-changed=src/split.rs");
    println!("cargo:rerun-if-env-changed=SITREP_ACLED_TRAINING");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let sources: Vec<PathBuf> = match std::env::var("SITREP_ACLED_TRAINING") {
        Ok(list) if !list.trim().is_empty() => list.split(':').map(PathBuf::from).collect(),
        _ => ["world-2022-dev.csv.gz", "argentina-2022.csv"]
            .iter()
            .map(|f| manifest.join("../../../shared/data/acled").join(f))
            .collect(),
    };
    let mut examples: Vec<(Vec<u64>, String)> = Vec::new();
    for path in &sources {
        // A path that does not exist would make cargo rerun this every build.
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        match read_rows(path) {
            Ok(rows) => examples.extend(rows),
            Err(e) => println!(
                "cargo:warning=type classifier: skipping {}: {e}",
                path.display()
            ),
        }
    }
    if examples.is_empty() {
        println!(
            "cargo:warning=type classifier: no ACLED notes found, events are typed by rules only"
        );
    }
    let model = train(&examples);
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("type_model.bin");
    if let Err(e) = std::fs::write(&out, model) {
        panic!("writing {}: {e}", out.display());
    }
}

/// (features, sub-event type) of every usable row of one ACLED file.
fn read_rows(path: &Path) -> Result<Vec<(Vec<u64>, String)>, String> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| e.to_string())?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut plain)
            .map_err(|e| e.to_string())?;
        bytes = plain;
    }
    let text = String::from_utf8_lossy(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(str::to_owned)
        .collect();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (Some(id), Some(sub), Some(notes)) = (
        column("event_id_cnty"),
        column("sub_event_type"),
        column("notes"),
    ) else {
        return Err("not the current ACLED format (event_id_cnty, sub_event_type, notes)".into());
    };
    let mut out = Vec::new();
    for record in reader.records() {
        let Ok(record) = record else { continue };
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        if field(notes).is_empty() || field(sub).is_empty() || split::is_evaluation(field(id)) {
            continue;
        }
        out.push((features::features(field(notes)), field(sub).to_owned()));
    }
    Ok(out)
}

/// A small deterministic generator for shuffling.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

fn train(examples: &[(Vec<u64>, String)]) -> Vec<u8> {
    let mut labels: Vec<String> = examples.iter().map(|(_, l)| l.clone()).collect();
    labels.sort();
    labels.dedup();
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for (f, _) in examples {
        for h in f {
            *counts.entry(*h).or_default() += 1;
        }
    }
    let mut vocabulary: Vec<u64> = counts
        .iter()
        .filter(|(_, c)| **c >= MIN_COUNT)
        .map(|(h, _)| *h)
        .collect();
    vocabulary.sort_unstable();
    let index: HashMap<u64, usize> = vocabulary
        .iter()
        .enumerate()
        .map(|(i, h)| (*h, i))
        .collect();
    let k = labels.len();
    let data: Vec<(Vec<usize>, usize)> = examples
        .iter()
        .map(|(f, l)| {
            let x: Vec<usize> = f.iter().filter_map(|h| index.get(h).copied()).collect();
            let y = labels.iter().position(|m| m == l).unwrap_or(0);
            (x, y)
        })
        .collect();
    let mut weights = vec![0f32; vocabulary.len() * k];
    let mut bias = vec![0f32; k];
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Lcg(42);
    let mut p = vec![0f32; k];
    for epoch in 0..EPOCHS {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let lr = LEARNING_RATE / (1.0 + epoch as f32 * 0.5);
        for &n in &order {
            let (x, y) = &data[n];
            p.copy_from_slice(&bias);
            for &f in x {
                for (c, w) in weights[f * k..(f + 1) * k].iter().enumerate() {
                    p[c] += w;
                }
            }
            let max = p.iter().copied().fold(f32::MIN, f32::max);
            let mut sum = 0.0;
            for v in p.iter_mut() {
                *v = (*v - max).exp();
                sum += *v;
            }
            for (c, v) in p.iter_mut().enumerate() {
                *v = *v / sum - if c == *y { 1.0 } else { 0.0 };
            }
            for &f in x {
                for (c, w) in weights[f * k..(f + 1) * k].iter_mut().enumerate() {
                    *w -= lr * (p[c] + L2 * *w);
                }
            }
            for (c, b) in bias.iter_mut().enumerate() {
                *b -= lr * p[c];
            }
        }
    }
    let mut out = Vec::new();
    out.extend_from_slice(b"STM1");
    out.extend_from_slice(&(k as u32).to_le_bytes());
    for l in &labels {
        out.extend_from_slice(&(l.len() as u16).to_le_bytes());
        out.extend_from_slice(l.as_bytes());
    }
    out.extend_from_slice(&(vocabulary.len() as u32).to_le_bytes());
    for h in &vocabulary {
        out.extend_from_slice(&h.to_le_bytes());
    }
    for w in &weights {
        out.extend_from_slice(&w.to_le_bytes());
    }
    for b in &bias {
        out.extend_from_slice(&b.to_le_bytes());
    }
    out
}
