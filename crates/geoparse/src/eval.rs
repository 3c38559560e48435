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
    /// WikToR: Wikipedia articles on ambiguous names, only the article's
    /// own name annotated (so no recognition score). With `WikToR.xml` the
    /// article text is the context; `wiki_gold.txt` alone gives the bare
    /// names, which only a population prior can resolve.
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
            Corpus::Wiki => {
                let xml = dir.join("WikToR.xml");
                if xml.is_file() {
                    gold::read_wiktor_xml(&xml)
                } else {
                    gold::read_mentions_file(&dir.join("wiki_gold.txt"))
                }
            }
        }
    }
}

/// Which documents of a corpus to measure: all, or one half by position, so
/// weights can be chosen on one half and checked on the other. The tuning
/// half is the odd-numbered documents (1st, 3rd, … counting from 1), the
/// held-out half the even-numbered ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Split {
    #[default]
    All,
    Tuning,
    HeldOut,
}

impl Split {
    pub fn name(self) -> &'static str {
        match self {
            Split::All => "all documents",
            Split::Tuning => "tuning half (odd-numbered documents)",
            Split::HeldOut => "held-out half (even-numbered documents)",
        }
    }

    /// Whether the document at 0-based `index` belongs to the split.
    pub fn keeps(self, index: usize) -> bool {
        match self {
            Split::All => true,
            Split::Tuning => index.is_multiple_of(2),
            Split::HeldOut => !index.is_multiple_of(2),
        }
    }
}

/// How to run an evaluation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Only the first N documents (before the split).
    pub limit: Option<usize>,
    pub split: Split,
    /// Keep every gold mention's outcome and the recognition misses
    /// ([`Report::outcomes`], [`Report::misses`]).
    pub analyse: bool,
}

/// What a gold mention is, judged from the annotation (LGL's feature code,
/// else the gazetteer entry nearest the gold point among the mention's
/// candidates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GoldClass {
    Country,
    Admin1,
    Place,
    /// No candidate within 161 km and not a country or admin-1 region:
    /// streets, buildings, rivers, small places the gazetteer lacks.
    Other,
}

impl GoldClass {
    pub fn as_str(self) -> &'static str {
        match self {
            GoldClass::Country => "country",
            GoldClass::Admin1 => "admin1",
            GoldClass::Place => "place",
            GoldClass::Other => "other",
        }
    }
}

/// Why a resolution is right or wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cause {
    /// Within 161 km.
    Hit,
    /// The mention had no candidate at all.
    NoCandidate,
    /// A candidate within 161 km existed; another was chosen.
    WrongCandidate,
    /// The answer is a country or admin-1 region containing the gold point,
    /// but its point is more than 161 km from the gold's.
    FarPoint,
    /// No candidate within 161 km, and the answer does not contain the gold
    /// point: the gazetteer lacks the place.
    NoCloseCandidate,
}

impl Cause {
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Hit => "hit",
            Cause::NoCandidate => "no candidate",
            Cause::WrongCandidate => "wrong candidate",
            Cause::FarPoint => "far point",
            Cause::NoCloseCandidate => "no close candidate",
        }
    }
}

/// One gold mention's resolution, for error analysis.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// 0-based position of the document in the corpus.
    pub document: usize,
    pub surface: String,
    pub gold: (f64, f64),
    pub gold_name: Option<String>,
    pub gold_feature: Option<String>,
    pub resolved: Option<Mention>,
    pub error_km: f64,
    /// Distance from the gold point to the nearest candidate.
    pub best_km: Option<f64>,
    pub candidates: usize,
    pub class: GoldClass,
    pub cause: Cause,
}

/// A recognition error: a gold place mention not found with its exact span,
/// or a found mention that is no gold place mention (exact spans).
#[derive(Debug, Clone)]
pub struct Miss {
    pub document: usize,
    /// True for a missed gold mention, false for a spurious one.
    pub missed: bool,
    pub surface: String,
    /// Character offsets.
    pub start: usize,
    pub end: usize,
    /// A found mention overlapping the missed one (or a gold mention
    /// overlapping the spurious one), when there is one.
    pub overlapping: Option<String>,
    /// The sentence around it.
    pub context: String,
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
    pub split: Split,
    /// Every gold mention's outcome, when asked ([`Options::analyse`]).
    pub outcomes: Vec<Outcome>,
    /// Recognition misses, when asked.
    pub misses: Vec<Miss>,
}

impl Report {
    /// A Markdown table of the figures.
    pub fn to_table(&self) -> String {
        let split = match self.split {
            Split::All => String::new(),
            s => format!(", {}", s.name()),
        };
        let mut out = format!(
            "{} — {} documents{split}, {:.1} s\n\n| measure | value |\n|---|---|\n",
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

impl Report {
    /// The error analysis: gold mentions by class and cause, then the `worst`
    /// misses of each cause (largest error first), then recognition misses.
    pub fn to_error_analysis(&self, worst: usize) -> String {
        use std::collections::BTreeMap;
        use std::fmt::Write;
        let mut out = String::new();
        let classes = [
            GoldClass::Country,
            GoldClass::Admin1,
            GoldClass::Place,
            GoldClass::Other,
        ];
        let causes = [
            Cause::Hit,
            Cause::WrongCandidate,
            Cause::FarPoint,
            Cause::NoCloseCandidate,
            Cause::NoCandidate,
        ];
        let mut counts: BTreeMap<(GoldClass, Cause), usize> = BTreeMap::new();
        for o in &self.outcomes {
            *counts.entry((o.class, o.cause)).or_default() += 1;
        }
        let _ = writeln!(out, "{} resolution outcomes by gold class\n", self.corpus);
        let _ = write!(out, "| class |");
        for c in causes {
            let _ = write!(out, " {} |", c.as_str());
        }
        let _ = writeln!(out, " total |\n|---|---|---|---|---|---|---|");
        for class in classes {
            let _ = write!(out, "| {} |", class.as_str());
            let mut total = 0;
            for cause in causes {
                let n = counts.get(&(class, cause)).copied().unwrap_or(0);
                total += n;
                let _ = write!(out, " {n} |");
            }
            let _ = writeln!(out, " {total} |");
        }
        for cause in &causes[1..] {
            let mut misses: Vec<&Outcome> =
                self.outcomes.iter().filter(|o| o.cause == *cause).collect();
            if misses.is_empty() || worst == 0 {
                continue;
            }
            misses.sort_by(|a, b| b.error_km.total_cmp(&a.error_km));
            let _ = writeln!(
                out,
                "\n{} — {} ({})\n",
                self.corpus,
                cause.as_str(),
                misses.len()
            );
            for o in misses.iter().take(worst) {
                let answer = match &o.resolved {
                    Some(m) => format!(
                        "{} ({}, {}{}) {:.2},{:.2}",
                        m.name,
                        m.kind.as_str(),
                        m.admin1
                            .as_deref()
                            .map(|a| format!("{a}, "))
                            .unwrap_or_default(),
                        m.country.as_deref().unwrap_or("-"),
                        m.lat,
                        m.lon
                    ),
                    None => "-".to_owned(),
                };
                let _ = writeln!(
                    out,
                    "doc {} {:?} [{}] gold {} {:.2},{:.2}{} → {} err {:.0} km, best {} of {}",
                    o.document,
                    o.surface,
                    o.class.as_str(),
                    o.gold_name.as_deref().unwrap_or("?"),
                    o.gold.0,
                    o.gold.1,
                    o.gold_feature
                        .as_deref()
                        .map(|f| format!(" {f}"))
                        .unwrap_or_default(),
                    answer,
                    o.error_km,
                    o.best_km
                        .map(|k| format!("{k:.0} km"))
                        .unwrap_or("-".into()),
                    o.candidates
                );
            }
        }
        for missed in [true, false] {
            let list: Vec<&Miss> = self.misses.iter().filter(|m| m.missed == missed).collect();
            if list.is_empty() || worst == 0 {
                continue;
            }
            let label = if missed {
                "missed gold mentions"
            } else {
                "spurious mentions"
            };
            let mut by_surface: BTreeMap<&str, usize> = BTreeMap::new();
            for m in &list {
                *by_surface.entry(m.surface.as_str()).or_default() += 1;
            }
            let mut frequent: Vec<(&str, usize)> = by_surface.into_iter().collect();
            frequent.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let _ = writeln!(
                out,
                "\n{} — {label} ({}), most frequent:",
                self.corpus,
                list.len()
            );
            let top: Vec<String> = frequent
                .iter()
                .take(worst * 2)
                .map(|(s, n)| format!("{s} ×{n}"))
                .collect();
            let _ = writeln!(out, "{}\n", top.join(", "));
            for m in list.iter().take(worst) {
                let _ = writeln!(
                    out,
                    "doc {} {:?} {}-{}{} | {}",
                    m.document,
                    m.surface,
                    m.start,
                    m.end,
                    m.overlapping
                        .as_deref()
                        .map(|o| format!(" (overlaps {o:?})"))
                        .unwrap_or_default(),
                    m.context
                );
            }
        }
        out
    }
}

/// The sentence-ish window around `start..end` of `chars`.
fn context_of(chars: &[char], start: usize, end: usize) -> String {
    let from = start.saturating_sub(60);
    let to = (end + 60).min(chars.len());
    let mut s = String::new();
    s.extend(&chars[from..start]);
    s.push('[');
    s.extend(&chars[start..end.min(chars.len())]);
    s.push(']');
    s.extend(&chars[end.min(chars.len())..to]);
    s.replace('\n', " ")
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
    evaluate_with(
        parser,
        corpus,
        documents,
        Options {
            limit,
            ..Options::default()
        },
    )
}

/// The class and cause of one gold mention's outcome.
fn classify(
    parser: &Geoparser<'_>,
    t: &gold::GoldToponym,
    resolved: Option<&Mention>,
    error: Option<f64>,
) -> (GoldClass, Cause, Option<f64>, usize) {
    let gold_point = t.coordinates.unwrap_or_default();
    let candidates = parser.candidates_for_text(&t.surface);
    let best = candidates
        .iter()
        .map(|c| (c, haversine_km(c.lat, c.lon, gold_point.0, gold_point.1)))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    let inside = resolved.is_some_and(|m| contains(parser, m, gold_point));
    let by_feature = t.feature_code.as_deref().map(|f| match f {
        "PCLI" | "PCLD" | "PCLF" | "PCLS" | "PCL" | "TERR" => GoldClass::Country,
        "ADM1" => GoldClass::Admin1,
        f if f.starts_with("PPL") || f.starts_with("ADM") => GoldClass::Place,
        _ => GoldClass::Other,
    });
    let class = by_feature.unwrap_or_else(|| match best {
        Some((c, km)) if km <= ACCURACY_KM => match c.kind {
            MentionKind::Country | MentionKind::Region => GoldClass::Country,
            MentionKind::Admin1 => GoldClass::Admin1,
            _ => GoldClass::Place,
        },
        _ if inside => match resolved.map(|m| m.kind) {
            Some(MentionKind::Country) => GoldClass::Country,
            _ => GoldClass::Admin1,
        },
        _ => GoldClass::Other,
    });
    let cause = match error {
        None => Cause::NoCandidate,
        Some(e) if e <= ACCURACY_KM => Cause::Hit,
        Some(_) if best.is_some_and(|(_, km)| km <= ACCURACY_KM) => Cause::WrongCandidate,
        Some(_) if inside => Cause::FarPoint,
        Some(_) => Cause::NoCloseCandidate,
    };
    (class, cause, best.map(|b| b.1), candidates.len())
}

/// Runs the evaluation as `options` say.
pub fn evaluate_with(
    parser: &Geoparser<'_>,
    corpus: Corpus,
    documents: &[GoldDocument],
    options: Options,
) -> Report {
    let started = Instant::now();
    let limit = options
        .limit
        .unwrap_or(documents.len())
        .min(documents.len());
    let documents: Vec<(usize, &GoldDocument)> = documents[..limit]
        .iter()
        .enumerate()
        .filter(|(i, _)| options.split.keeps(*i))
        .collect();
    let mut report = Report {
        corpus: corpus.name().to_owned(),
        documents: documents.len(),
        split: options.split,
        ..Report::default()
    };
    let mut exact = Prf::default();
    let mut overlap = Prf::default();
    let mut end_to_end = Prf::default();
    for &(index, doc) in &documents {
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
            if options.analyse {
                let error = error_km(m.as_ref(), coordinates);
                let (class, cause, best_km, candidates) = classify(parser, t, m.as_ref(), error);
                report.outcomes.push(Outcome {
                    document: index,
                    surface: t.surface.clone(),
                    gold: coordinates,
                    gold_name: t.gazetteer_name.clone(),
                    gold_feature: t.feature_code.clone(),
                    resolved: m.clone(),
                    error_km: error.unwrap_or(MAX_ERROR_KM),
                    best_km,
                    candidates,
                    class,
                    cause,
                });
            }
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
        // WikToR annotates one name an article: recognition is not scored.
        let Some(text) = doc.text.as_ref().filter(|_| corpus != Corpus::Wiki) else {
            continue;
        };
        let predicted = parser.parse_plain(text);
        let spans: Vec<(usize, usize)> = predicted.iter().map(|m| (m.start, m.end)).collect();
        let gold_places: Vec<(usize, usize)> = doc
            .toponyms
            .iter()
            .filter(|t| t.is_place)
            .map(|t| (t.start, t.end))
            .collect();
        exact.add(match_spans(&gold_places, &spans, true));
        if options.analyse {
            let chars: Vec<char> = text.chars().collect();
            let slice = |a: usize, b: usize| {
                chars[a.min(chars.len())..b.min(chars.len())]
                    .iter()
                    .collect::<String>()
            };
            let mut push = |missed: bool, (a, b): (usize, usize), others: &[(usize, usize)]| {
                if others.contains(&(a, b)) {
                    return;
                }
                let overlapping = others
                    .iter()
                    .find(|(c, d)| *c < b && a < *d)
                    .map(|&(c, d)| slice(c, d));
                report.misses.push(Miss {
                    document: index,
                    missed,
                    surface: slice(a, b),
                    start: a,
                    end: b,
                    overlapping,
                    context: context_of(&chars, a, b),
                });
            };
            for &g in &gold_places {
                push(true, g, &spans);
            }
            for &p in &spans {
                push(false, p, &gold_places);
            }
        }
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
    if corpus != Corpus::Wiki && documents.iter().any(|(_, d)| d.text.is_some()) {
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
    fn splits_halve_the_corpus() {
        let tuning: Vec<usize> = (0..6).filter(|i| Split::Tuning.keeps(*i)).collect();
        let held_out: Vec<usize> = (0..6).filter(|i| Split::HeldOut.keeps(*i)).collect();
        assert_eq!(tuning, [0, 2, 4], "odd-numbered counting from 1");
        assert_eq!(held_out, [1, 3, 5]);
        assert!((0..6).all(|i| Split::All.keeps(i)));
    }

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
