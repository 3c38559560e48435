//! Measures the geoparser on a gold standard, with the figures geoparsing
//! papers report (Gritta et al., "A Pragmatic Guide to Geoparsing Evaluation"):
//!
//! - recognition: precision, recall and F1 of place mentions against the
//!   annotated spans, counting exact spans and (one-to-one) overlapping spans;
//! - resolution given the gold mentions: each gold span is resolved in its
//!   article (the other places the recogniser finds are its context); the
//!   error is the great-circle distance to the gold coordinates, 20,039 km
//!   (half the Earth's circumference) when nothing is found. Reported:
//!   accuracy within 161 km (100 miles), median and mean error, and the AUC
//!   of the sorted log errors (0 is perfect, 1 the worst);
//! - end to end: the share of gold mentions with coordinates that the parser
//!   found (overlapping span) and resolved within 161 km, and the share of
//!   the parser's mentions that are such hits.

use std::path::Path;
use std::time::Instant;

use crate::gold::{self, GoldDocument, GoldError};
use crate::resolve::haversine_km;
use crate::{Geoparser, Mention, MentionKind};

/// Kilometres within which a resolution counts as right.
pub const ACCURACY_KM: f64 = 161.0;
/// The error given to a mention left unresolved.
pub const MAX_ERROR_KM: f64 = 20_039.0;

/// The gold standards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corpus {
    /// GeoWebNews: 200 news articles, fine-grained toponym types.
    Gwn,
    /// LGL: 588 local news articles.
    Lgl,
    /// WikToR: ambiguous names, mentions without text.
    Wiki,
}

impl Corpus {
    pub fn name(self) -> &'static str {
        match self {
            Corpus::Gwn => "GeoWebNews",
            Corpus::Lgl => "LGL",
            Corpus::Wiki => "WikToR",
        }
    }

    /// Reads the corpus from the folder holding the gold files.
    pub fn load(self, dir: &Path) -> Result<Vec<GoldDocument>, GoldError> {
        match self {
            Corpus::Gwn => gold::read_gwn_with_full(dir),
            Corpus::Lgl => gold::read_lgl(&dir.join("lgl.xml")),
            Corpus::Wiki => gold::read_mentions_file(&dir.join("wiki_gold.txt")),
        }
    }
}

/// Precision, recall, F1 with their counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    pub true_positives: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, other: Prf) {
        self.true_positives += other.true_positives;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Resolution errors of a set of mentions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolution {
    /// Error in km per gold mention (unresolved ones at [`MAX_ERROR_KM`]).
    pub errors_km: Vec<f64>,
    pub unresolved: usize,
    /// The same errors, but 0 where the answer is a country or admin-1
    /// region that contains the gold point (gold standards place a country
    /// at GeoNames' point for it, the gazetteer at its population centre).
    pub credited_km: Vec<f64>,
}

impl Resolution {
    pub fn mentions(&self) -> usize {
        self.errors_km.len()
    }
    pub fn accuracy(&self) -> f64 {
        let hits = self.errors_km.iter().filter(|e| **e <= ACCURACY_KM).count();
        ratio(hits, self.errors_km.len())
    }
    pub fn median_km(&self) -> f64 {
        let sorted = self.sorted();
        match sorted.len() {
            0 => 0.0,
            n if n % 2 == 1 => sorted[n / 2],
            n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
        }
    }
    pub fn mean_km(&self) -> f64 {
        if self.errors_km.is_empty() {
            0.0
        } else {
            self.errors_km.iter().sum::<f64>() / self.errors_km.len() as f64
        }
    }
    /// Area under the curve of the sorted errors on a log scale, normalised
    /// to [0, 1] by the largest possible error (trapezoidal rule).
    pub fn auc(&self) -> f64 {
        let logs: Vec<f64> = self.sorted().iter().map(|e| (e + 1.0).ln()).collect();
        let scale = (MAX_ERROR_KM).ln();
        match logs.len() {
            0 => 0.0,
            1 => logs[0] / scale,
            n => {
                let area: f64 = logs.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum();
                area / ((n - 1) as f64 * scale)
            }
        }
    }
    fn sorted(&self) -> Vec<f64> {
        let mut sorted = self.errors_km.clone();
        sorted.sort_by(f64::total_cmp);
        sorted
    }

    /// [`Resolution::accuracy`] over [`Resolution::credited_km`].
    pub fn credited_accuracy(&self) -> f64 {
        let hits = self
            .credited_km
            .iter()
            .filter(|e| **e <= ACCURACY_KM)
            .count();
        ratio(hits, self.credited_km.len())
    }

    /// [`Resolution::auc`] over [`Resolution::credited_km`].
    pub fn credited_auc(&self) -> f64 {
        Resolution {
            errors_km: self.credited_km.clone(),
            ..Resolution::default()
        }
        .auc()
    }
}

/// The figures for one corpus.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub corpus: String,
    pub documents: usize,
    pub exact: Option<Prf>,
    pub overlap: Option<Prf>,
    pub resolution: Resolution,
    /// Gold mentions with coordinates found and resolved within 161 km.
    pub end_to_end: Option<Prf>,
    pub seconds: f64,
}

impl Report {
    /// A Markdown table of the figures.
    pub fn to_table(&self) -> String {
        let mut out = format!(
            "{} — {} documents, {:.1} s\n\n| measure | value |\n|---|---|\n",
            self.corpus, self.documents, self.seconds
        );
        let mut row = |k: &str, v: String| out.push_str(&format!("| {k} | {v} |\n"));
        for (label, prf) in [
            ("exact span", self.exact),
            ("overlapping span", self.overlap),
        ] {
            if let Some(p) = prf {
                row(
                    &format!("recognition P / R / F1, {label}"),
                    format!(
                        "{:.3} / {:.3} / {:.3} ({} gold, {} found, {} matched)",
                        p.precision(),
                        p.recall(),
                        p.f1(),
                        p.gold,
                        p.predicted,
                        p.true_positives
                    ),
                );
            }
        }
        let r = &self.resolution;
        row(
            "resolution, gold mentions",
            format!("{} ({} without candidate)", r.mentions(), r.unresolved),
        );
        row("resolution accuracy@161 km", format!("{:.3}", r.accuracy()));
        row("median error km", format!("{:.1}", r.median_km()));
        row("mean error km", format!("{:.0}", r.mean_km()));
        row(
            "accuracy@161 km / AUC, country or admin-1 answer right when it contains the gold point",
            format!("{:.3} / {:.3}", r.credited_accuracy(), r.credited_auc()),
        );
        row(
            "AUC of log error (lower is better)",
            format!("{:.3}", r.auc()),
        );
        if let Some(e) = self.end_to_end {
            row(
                "end to end: found and within 161 km, recall / precision / F1",
                format!(
                    "{:.3} / {:.3} / {:.3} ({} of {} gold)",
                    e.recall(),
                    e.precision(),
                    e.f1(),
                    e.true_positives,
                    e.gold
                ),
            );
        }
        out
    }
}

/// Matches predicted spans to gold spans one to one: exact, or overlapping.
pub fn match_spans(gold: &[(usize, usize)], predicted: &[(usize, usize)], exact: bool) -> Prf {
    let mut used = vec![false; predicted.len()];
    let mut tp = 0;
    for &(gs, ge) in gold {
        let hit = predicted.iter().enumerate().find(|(i, (ps, pe))| {
            !used[*i]
                && if exact {
                    *ps == gs && *pe == ge
                } else {
                    *ps < ge && gs < *pe
                }
        });
        if let Some((i, _)) = hit {
            used[i] = true;
            tp += 1;
        }
    }
    Prf {
        true_positives: tp,
        predicted: predicted.len(),
        gold: gold.len(),
    }
}

/// Whether a country or admin-1 answer contains the gold point, judged by
/// the point's nearest gazetteer place (within 100 km, so open sea is out).
fn contains(parser: &Geoparser<'_>, m: &Mention, (lat, lon): (f64, f64)) -> bool {
    if !matches!(m.kind, MentionKind::Country | MentionKind::Admin1) {
        return false;
    }
    let gazetteer = parser.gazetteer();
    let Some((place, km)) = gazetteer.nearest_place(lat, lon) else {
        return false;
    };
    if km > 100.0 || m.country.as_deref() != Some(place.country.as_str()) {
        return false;
    }
    match m.kind {
        MentionKind::Admin1 => {
            let key = |s: &str| sitrep_geo::gazetteer::normalise(s);
            match (gazetteer.admin1_name(place), m.admin1.as_deref()) {
                (Some(a), Some(b)) => key(a) == key(b),
                _ => false,
            }
        }
        _ => true,
    }
}

fn error_km(resolved: Option<&Mention>, gold: (f64, f64)) -> Option<f64> {
    resolved.map(|m| haversine_km(m.lat, m.lon, gold.0, gold.1))
}

/// Runs the evaluation over `documents` (the first `limit` when given).
pub fn evaluate(
    parser: &Geoparser<'_>,
    corpus: Corpus,
    documents: &[GoldDocument],
    limit: Option<usize>,
) -> Report {
    let started = Instant::now();
    let documents = &documents[..limit.unwrap_or(documents.len()).min(documents.len())];
    let mut report = Report {
        corpus: corpus.name().to_owned(),
        documents: documents.len(),
        ..Report::default()
    };
    let mut exact = Prf::default();
    let mut overlap = Prf::default();
    let mut end_to_end = Prf::default();
    for doc in documents {
        let resolvable: Vec<&gold::GoldToponym> = doc
            .toponyms
            .iter()
            .filter(|t| t.coordinates.is_some())
            .collect();
        let resolved: Vec<Option<Mention>> = match &doc.text {
            Some(text) => {
                let spans: Vec<(usize, usize)> =
                    resolvable.iter().map(|t| (t.start, t.end)).collect();
                parser.resolve_spans(text, &spans)
            }
            None => {
                let names: Vec<&str> = resolvable.iter().map(|t| t.surface.as_str()).collect();
                parser.resolve_names(&names)
            }
        };
        for (t, m) in resolvable.iter().zip(&resolved) {
            let Some(coordinates) = t.coordinates else {
                continue;
            };
            match error_km(m.as_ref(), coordinates) {
                Some(e) => {
                    report.resolution.errors_km.push(e);
                    let inside = m.as_ref().is_some_and(|m| contains(parser, m, coordinates));
                    report
                        .resolution
                        .credited_km
                        .push(if inside { 0.0 } else { e });
                }
                None => {
                    report.resolution.errors_km.push(MAX_ERROR_KM);
                    report.resolution.credited_km.push(MAX_ERROR_KM);
                    report.resolution.unresolved += 1;
                }
            }
        }
        let Some(text) = &doc.text else { continue };
        let predicted = parser.parse_plain(text);
        let spans: Vec<(usize, usize)> = predicted.iter().map(|m| (m.start, m.end)).collect();
        let gold_places: Vec<(usize, usize)> = doc
            .toponyms
            .iter()
            .filter(|t| t.is_place)
            .map(|t| (t.start, t.end))
            .collect();
        exact.add(match_spans(&gold_places, &spans, true));
        overlap.add(match_spans(&gold_places, &spans, false));
        // End to end: one-to-one overlap, then the distance.
        let mut used = vec![false; predicted.len()];
        let mut hits = 0;
        for t in &resolvable {
            let Some(coordinates) = t.coordinates else {
                continue;
            };
            let found = predicted.iter().enumerate().find(|(i, m)| {
                !used[*i]
                    && m.start < t.end
                    && t.start < m.end
                    && error_km(Some(m), coordinates).is_some_and(|e| e <= ACCURACY_KM)
            });
            if let Some((i, _)) = found {
                used[i] = true;
                hits += 1;
            }
        }
        end_to_end.add(Prf {
            true_positives: hits,
            predicted: predicted.len(),
            gold: resolvable.len(),
        });
    }
    if documents.iter().any(|d| d.text.is_some()) {
        report.exact = Some(exact);
        report.overlap = Some(overlap);
        report.end_to_end = Some(end_to_end);
    }
    report.seconds = started.elapsed().as_secs_f64();
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_match_exactly_or_by_overlap() {
        let gold = [(0, 5), (10, 20), (30, 35)];
        let predicted = [(0, 5), (12, 20), (40, 45)];
        let e = match_spans(&gold, &predicted, true);
        assert_eq!(e.true_positives, 1);
        let o = match_spans(&gold, &predicted, false);
        assert_eq!(o.true_positives, 2);
        assert!((o.precision() - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn auc_is_zero_when_perfect_and_one_when_worst() {
        let perfect = Resolution {
            errors_km: vec![0.0, 0.0, 0.0],
            unresolved: 0,
            credited_km: vec![],
        };
        assert_eq!(perfect.auc(), 0.0);
        let worst = Resolution {
            errors_km: vec![MAX_ERROR_KM - 1.0; 4],
            unresolved: 4,
            credited_km: vec![],
        };
        assert!((worst.auc() - 1.0).abs() < 1e-9);
        let mixed = Resolution {
            errors_km: vec![0.0, 100.0, 1000.0],
            unresolved: 0,
            credited_km: vec![],
        };
        assert!((mixed.median_km() - 100.0).abs() < 1e-9);
        assert!((mixed.accuracy() - 2.0 / 3.0).abs() < 1e-9);
    }
}
