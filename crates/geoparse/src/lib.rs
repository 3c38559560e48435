//! sitrep's geoparser: finds the places a text mentions and resolves each to a
//! gazetteer entry. There is no trained model in any package sitrep can ship,
//! so recognition is the gazetteer plus rules over context ([`recognise`]), and
//! resolution is a joint scoring of every mention's candidates so the places
//! of one text support each other ([`resolve`]).
//!
//! Input may be plain text, Markdown or HTML ([`text`]); every offset in the
//! output is a character offset into the plain text, which is returned with
//! the mentions. The [`eval`] module measures the parser on the GeoWebNews,
//! LGL and WikToR gold standards.

pub mod admin2;
pub mod demonyms;
pub mod eval;
pub mod gold;
pub mod lexicon;
pub mod qualify;
pub mod recognise;
pub mod resolve;
pub mod text;
pub mod tokens;
mod vicinity;

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use sitrep_geo::gazetteer::{Candidate, Hints, Kind};

pub use admin2::Admin2Index;
pub use resolve::{MentionKind, Weights};
pub use sitrep_geo::gazetteer::Gazetteer;
pub use text::Format;

use demonyms::Target;
use recognise::{Source, Span};
use resolve::{Cand, Item};

/// One resolved place mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    /// The words as they stand in the text.
    pub text: String,
    /// Character offsets into the plain text, end exclusive.
    pub start: usize,
    pub end: usize,
    /// The gazetteer's name of the place.
    pub name: String,
    pub kind: MentionKind,
    /// ISO 3166-1 alpha-2; none for continents.
    pub country: Option<String>,
    /// Name of the first-level division, when known.
    pub admin1: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub gazetteer_id: String,
    /// Confidence of the resolution, 0 to 1.
    pub score: f64,
}

/// The result of geoparsing one document.
#[derive(Debug, Clone, Serialize)]
pub struct Geoparse {
    /// The plain text the offsets refer to.
    #[serde(skip)]
    pub text: String,
    pub mentions: Vec<Mention>,
}

/// The geoparser over one gazetteer.
pub struct Geoparser<'g> {
    gazetteer: &'g Gazetteer,
    admin2: Option<&'g Admin2Index>,
    weights: Weights,
    regions: qualify::Regions,
}

/// A span to resolve, with its candidates.
struct Pending {
    start: usize,
    end: usize,
    surface: String,
    candidates: Vec<Cand>,
    qualifiers: Vec<recognise::Qualifier>,
    strong: bool,
    /// The candidates are only guesses: a place named inside a longer name
    /// ("Nenagh MDC", "Northwestern Memorial Hospital"), or none at all.
    weak: bool,
    /// Where to fall back when no candidate lies in its qualifiers.
    area: Option<Cand>,
}

/// A name the recogniser found that reaches a town only through one of the
/// town's other names, in a country nothing else in the text names, while
/// the text is about another country ("Bule", a village of Ituri the
/// gazetteer lacks, read as Bulle in Switzerland, in a statement that names
/// Ituri, Bunia and Kinshasa): the gazetteer lacks the place meant, and the
/// namesake is no mention, unless the name has a candidate in the text's
/// country.
fn drop_stray_namesakes(pending: &[Pending], choices: &mut [Option<(Cand, f64)>]) {
    // Per country: its mentions, and the distinct referents among them.
    let mut countries: HashMap<&str, (usize, HashSet<&str>)> = HashMap::new();
    // "the Russian embassy in Den Haag against the Russian invasion": a
    // people's adjective says whose more than where; it counts once.
    let mut adjectives: HashSet<&str> = HashSet::new();
    for (p, choice) in pending.iter().zip(choices.iter()) {
        if let Some((c, _)) = choice
            && let Some(cc) = c.country.as_deref()
            && !p.weak
        {
            let adjective = c.kind == MentionKind::Country
                && demonyms::lookup(&p.surface).is_some_and(|h| !h.is_name);
            if adjective && !adjectives.insert(cc) {
                continue;
            }
            let entry = countries.entry(cc).or_default();
            entry.0 += 1;
            entry.1.insert(c.id.as_str());
        }
    }
    let Some(home) = countries
        .iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.0.cmp(a.0)))
        .filter(|(_, (n, _))| *n >= HOME_MENTIONS)
        .map(|(cc, _)| cc.to_string())
    else {
        return;
    };
    let strays: Vec<bool> = choices
        .iter()
        .map(|choice| {
            choice.as_ref().is_some_and(|(c, _)| {
                c.kind == MentionKind::Place
                    && (!c.exact || c.population < STRAY_POPULATION)
                    && c.country.as_deref().is_some_and(|cc| {
                        cc != home && countries.get(cc).is_none_or(|(_, ids)| ids.len() <= 1)
                    })
            })
        })
        .collect();
    for ((choice, stray), p) in choices.iter_mut().zip(strays).zip(pending) {
        if stray {
            // A candidate of its own in the text's country takes its place
            // ("Mambasa", the territory, over Mombasa's other spelling).
            *choice = p
                .candidates
                .iter()
                .find(|c| c.country.as_deref() == Some(home.as_str()))
                .map(|c| (c.clone(), choice.as_ref().map_or(0.0, |(_, s)| s * 0.5)));
        }
    }
}

/// A town smaller than this, alone in its country, is a stray namesake too.
const STRAY_POPULATION: u64 = 20_000;

/// How many mentions make a country the one a text is about.
const HOME_MENTIONS: usize = 2;

impl<'g> Geoparser<'g> {
    pub fn new(gazetteer: &'g Gazetteer) -> Geoparser<'g> {
        Geoparser {
            gazetteer,
            admin2: None,
            weights: Weights::default(),
            regions: qualify::Regions::build(gazetteer),
        }
    }

    /// The gazetteer it resolves against.
    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gazetteer
    }

    /// Also resolves to second-level divisions (counties) from `index`.
    pub fn with_admin2(mut self, index: &'g Admin2Index) -> Geoparser<'g> {
        self.admin2 = Some(index);
        self
    }

    /// Uses other resolution weights.
    pub fn with_weights(mut self, weights: Weights) -> Geoparser<'g> {
        self.weights = weights;
        self
    }

    /// Geoparses `input` written in `format`.
    pub fn parse(&self, input: &str, format: Format) -> Geoparse {
        let text = text::to_plain(input, format);
        let mentions = self.parse_plain(&text);
        Geoparse { text, mentions }
    }

    /// Geoparses plain text.
    pub fn parse_plain(&self, text: &str) -> Vec<Mention> {
        let chars: Vec<char> = text.chars().collect();
        let spans = self.recognise(&chars);
        let pending: Vec<Pending> = spans
            .iter()
            .filter(|s| s.accepted)
            .map(|s| self.pending(s))
            .collect();
        self.finish(&pending, true).into_iter().flatten().collect()
    }

    /// Resolves given spans of `text` (character offsets), with the places
    /// the recogniser finds elsewhere in the text as context. Used to measure
    /// resolution apart from recognition.
    pub fn resolve_spans(&self, text: &str, spans: &[(usize, usize)]) -> Vec<Option<Mention>> {
        let chars: Vec<char> = text.chars().collect();
        let found = self.recognise(&chars);
        let overlaps = |s: &Span| spans.iter().any(|&(a, b)| s.start < b && a < s.end);
        let mut pending: Vec<Pending> = found
            .iter()
            .filter(|s| s.accepted && !overlaps(s))
            .map(|s| self.pending(s))
            .collect();
        let context = pending.len();
        for &(start, end) in spans {
            let end = end.min(chars.len());
            let start = start.min(end);
            let surface: String = chars[start..end].iter().collect();
            let same = found.iter().find(|s| s.start == start && s.end == end);
            let mut p = match same {
                Some(s) => self.pending(s),
                None => {
                    let (candidates, weak) = self.graded_candidates(&surface);
                    Pending {
                        start,
                        end,
                        candidates,
                        surface,
                        qualifiers: Vec::new(),
                        strong: true,
                        weak,
                        area: None,
                    }
                }
            };
            p.strong = true;
            pending.push(p);
        }
        let mut resolved = self.finish(&pending, false);
        resolved.drain(..context);
        resolved
    }

    /// The recogniser's spans, with the qualifiers behind them read
    /// ([`qualify`]).
    fn recognise(&self, chars: &[char]) -> Vec<Span> {
        let (tokens, mut spans) = recognise::recognise(self.gazetteer, self.admin2, chars);
        qualify::apply(&tokens, chars, &mut spans, &self.regions, self.admin2);
        spans
    }

    /// Resolves bare names (no text), each the others' context.
    pub fn resolve_names(&self, names: &[&str]) -> Vec<Option<Mention>> {
        let pending: Vec<Pending> = names
            .iter()
            .map(|n| {
                let (candidates, weak) = self.graded_candidates(n);
                Pending {
                    start: 0,
                    end: n.chars().count(),
                    surface: (*n).to_owned(),
                    candidates,
                    qualifiers: Vec::new(),
                    strong: true,
                    weak,
                    area: None,
                }
            })
            .collect();
        self.finish(&pending, false)
    }

    /// Resolves `pending` together. With `found` (the recogniser's own
    /// mentions, not spans given from outside), a stray namesake is dropped
    /// (see [`drop_stray_namesakes`]).
    fn finish(&self, pending: &[Pending], found: bool) -> Vec<Option<Mention>> {
        let items: Vec<Item> = pending
            .iter()
            .map(|p| Item {
                key: sitrep_geo::gazetteer::normalise(&p.surface),
                candidates: p.candidates.clone(),
                qualifiers: p.qualifiers.clone(),
                strong: p.strong,
            })
            .collect();
        let mut choices = resolve::resolve(&items, &self.weights);
        vicinity::place_weak(pending, &mut choices);
        // Qualified, but no candidate lies inside the qualifiers: the
        // gazetteer lacks the place; the division the text gives is right.
        for (p, choice) in pending.iter().zip(choices.iter_mut()) {
            let Some(area) = &p.area else { continue };
            let outside = match choice {
                _ if p.candidates.is_empty() => true,
                // A city of a million by its own name is the place meant,
                // whatever region the bracket spells ("Brasilia (Distrito
                // Federal)": the gazetteer holds that name for Venezuela's).
                Some((c, _))
                    if c.kind == MentionKind::Place
                        && c.exact
                        && c.population >= qualify::LIST_CITY_POPULATION =>
                {
                    false
                }
                Some((c, _)) => {
                    matches!(c.kind, MentionKind::Place | MentionKind::Admin2)
                        && !p.qualifiers.iter().any(|q| resolve::fits(c, q))
                }
                None => true,
            };
            if outside {
                let score = choice.as_ref().map_or(0.5, |(_, s)| s * 0.5).max(0.3);
                *choice = Some((area.clone(), score));
            }
        }
        if found {
            drop_stray_namesakes(pending, &mut choices);
        }
        choices
            .into_iter()
            .zip(pending)
            .map(|(choice, p)| {
                choice.map(|(c, score)| Mention {
                    text: p.surface.clone(),
                    start: p.start,
                    end: p.end,
                    name: c.name,
                    kind: c.kind,
                    country: c.country,
                    admin1: c.admin1,
                    lat: c.lat,
                    lon: c.lon,
                    gazetteer_id: c.id,
                    score: (score * 100.0).round() / 100.0,
                })
            })
            .collect()
    }

    fn pending(&self, span: &Span) -> Pending {
        let mut candidates = match &span.source {
            Source::Demonym(hit) => self.target_candidates(hit.target),
            Source::Gazetteer(found) => self.convert(&span.surface, found),
        };
        if !matches!(span.source, Source::Demonym(_)) {
            let named = candidates.iter().any(|c| c.exact);
            candidates.extend(self.admin2_candidates(&span.surface, !named));
        }
        Pending {
            start: span.start,
            end: span.end,
            surface: span.surface.clone(),
            qualifiers: span.qualifiers.clone(),
            strong: span.strong,
            weak: candidates.is_empty(),
            candidates,
            area: span.area.clone(),
        }
    }

    /// Candidates for a surface given from outside (a gold span or a bare
    /// name): the demonym table, the gazetteer, then the gazetteer's fuzzier
    /// `geocode`, after trimming a possessive or a leading article.
    pub fn candidates_for_text(&self, surface: &str) -> Vec<Cand> {
        self.graded_candidates(surface).0
    }

    /// [`Geoparser::candidates_for_text`], and whether they are only
    /// guesses (found inside the name, or none).
    fn graded_candidates(&self, surface: &str) -> (Vec<Cand>, bool) {
        let trimmed = surface
            .trim()
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .trim_end_matches(['.', ',', '\'', '’']);
        let trimmed = trimmed
            .strip_prefix("the ")
            .or_else(|| trimmed.strip_prefix("The "))
            .unwrap_or(trimmed);
        if let Some(state) = lexicon::us_state(surface.trim()).filter(|_| {
            let s = surface.trim();
            s.ends_with('.') || s.chars().all(|c| c.is_ascii_uppercase() || c == '.')
        }) {
            let found: Vec<Candidate> = self
                .gazetteer
                .lookup(state)
                .into_iter()
                .filter(|c| c.kind == Kind::Admin1 && c.country == "US")
                .collect();
            if !found.is_empty() {
                return (self.convert(state, &found), false);
            }
        }
        if let Some(a) = lexicon::region_abbreviation(surface, false) {
            let found: Vec<Candidate> = self
                .gazetteer
                .lookup(a.region)
                .into_iter()
                .filter(|c| c.kind == Kind::Admin1 && c.country == a.country)
                .collect();
            if !found.is_empty() {
                return (self.convert(a.region, &found), false);
            }
        }
        if let Some(city) = recognise::landmark_city(self.gazetteer, trimmed) {
            return (self.convert(&city.name.clone(), &[city]), false);
        }
        if let Some(region) = lexicon::region_spelling(&sitrep_geo::gazetteer::normalise(trimmed))
            .and_then(|r| recognise::region_of(self.gazetteer, r))
        {
            return (self.convert(&region.name.clone(), &[region]), false);
        }
        if let Some(hit) = demonyms::lookup(trimmed) {
            let found = self.target_candidates(hit.target);
            if !found.is_empty() {
                return (found, false);
            }
        }
        let found = self.gazetteer.lookup(trimmed);
        let mut all = self.convert(trimmed, &found);
        let named = all.iter().any(|c| c.exact);
        all.extend(self.admin2_candidates(trimmed, !named));
        if !all.is_empty() {
            return (all, false);
        }
        // A plural demonym or a name with a place-type word: try without.
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        if let [head @ .., last] = words.as_slice()
            && !head.is_empty()
            && (lexicon::is(lexicon::PLACE_TYPES, last) || lexicon::is(lexicon::COMMON, last))
        {
            let head = head.join(" ");
            let found = self.gazetteer.lookup(&head);
            if !found.is_empty() {
                return (self.convert(&head, &found), false);
            }
        }
        let found = self.gazetteer.geocode(trimmed, &Hints::default());
        if !found.is_empty() {
            return (self.convert(trimmed, &found), false);
        }
        (self.inner_candidates(trimmed), true)
    }

    /// Candidates for a name that is not a place itself but holds one: an
    /// organisation, building or event named after its place ("Bank of
    /// Japan", "Delhi High Court", "Liverpool FC"), or a demonym the table
    /// lacks ("Dagestani"). The longest capitalised run of words that names a
    /// place wins; among equally long runs, the last (the head of "X of Y").
    fn inner_candidates(&self, surface: &str) -> Vec<Cand> {
        let words: Vec<&str> = surface
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .collect();
        let n = words.len();
        for len in (1..n).rev() {
            for start in (0..=n - len).rev() {
                let run = &words[start..start + len];
                let capitalised = run.iter().all(|w| {
                    w.chars().next().is_some_and(char::is_uppercase)
                        && !lexicon::is(lexicon::COMMON, w)
                        && !lexicon::is(lexicon::PLACE_TYPES, w)
                });
                if !capitalised || (len == 1 && run[0].chars().count() < 3) {
                    continue;
                }
                let name = run.join(" ");
                if let Some(hit) = demonyms::lookup(&name) {
                    let found = self.target_candidates(hit.target);
                    if !found.is_empty() {
                        return found;
                    }
                }
                let found = self.gazetteer.lookup(&name);
                if !found.is_empty() {
                    return self.convert(&name, &found);
                }
            }
        }
        if n == 1 {
            // A demonym: "Dagestani" → "Dagestan", "Czechs" → "Czech".
            let word = words[0];
            let stems: Vec<String> = [
                word.strip_suffix('s').map(str::to_owned),
                word.strip_suffix('i').map(str::to_owned),
                word.strip_suffix("ian").map(|w| format!("{w}ia")),
                word.strip_suffix('n').map(str::to_owned),
            ]
            .into_iter()
            .flatten()
            .collect();
            for stem in stems {
                if stem.chars().count() < 4 {
                    continue;
                }
                if let Some(hit) = demonyms::lookup(&stem) {
                    let found = self.target_candidates(hit.target);
                    if !found.is_empty() {
                        return found;
                    }
                }
                let found: Vec<Candidate> = self
                    .gazetteer
                    .lookup(&stem)
                    .into_iter()
                    .filter(|c| c.kind != Kind::Place)
                    .collect();
                if !found.is_empty() {
                    return self.convert(&stem, &found);
                }
            }
        }
        Vec::new()
    }

    /// The first-level regions `name` may mean, spelling variants included
    /// ("Nord-Kivu" → North Kivu, "Andalucia" → Andalusia; see [`qualify`]).
    pub fn region_candidates(&self, name: &str) -> Vec<Cand> {
        self.regions.lookup(name).into_iter().cloned().collect()
    }

    /// Admin-2 divisions named `surface`, as candidates. A division without
    /// places of its own (placed at its region's point) is one only when
    /// `placeless` allows: when no place or region bears the name itself, so
    /// that "Mambasa" can mean the territory rather than Mombasa's alternate
    /// name, at no cost where a town of the name exists.
    fn admin2_candidates(&self, surface: &str, placeless: bool) -> Vec<Cand> {
        let Some(index) = self.admin2 else {
            return Vec::new();
        };
        index
            .lookup(surface)
            .into_iter()
            .filter(|(d, _)| placeless || !d.placeless)
            // Without places of its own, a division's name is all the
            // evidence for it: no bonus for matching it whole.
            .map(|(d, whole)| Cand {
                kind: MentionKind::Admin2,
                id: format!("admin2:{}", d.code),
                name: d.name.clone(),
                country: Some(d.country.clone()),
                admin1: d.admin1.clone(),
                lat: d.lat,
                lon: d.lon,
                population: d.population,
                exact: whole && !d.placeless,
            })
            .collect()
    }

    fn convert(&self, surface: &str, found: &[Candidate]) -> Vec<Cand> {
        let key = sitrep_geo::gazetteer::normalise(surface);
        found
            .iter()
            .map(|c| Cand {
                kind: match c.kind {
                    Kind::Place => MentionKind::Place,
                    Kind::Admin1 => MentionKind::Admin1,
                    Kind::Country => MentionKind::Country,
                },
                id: c.gazetteer_id.clone(),
                exact: sitrep_geo::gazetteer::normalise(&c.name) == key,
                name: c.name.clone(),
                country: Some(c.country.clone()),
                admin1: match c.kind {
                    Kind::Admin1 => Some(c.name.clone()),
                    _ => c.admin1.clone(),
                },
                lat: c.lat,
                lon: c.lon,
                population: c.population,
            })
            .collect()
    }

    /// The gazetteer entry a demonym points at.
    fn target_candidates(&self, target: Target) -> Vec<Cand> {
        match target {
            Target::Country(code) => {
                let Some(country) = sitrep_geo::country(code) else {
                    return Vec::new();
                };
                let found: Vec<Candidate> = self
                    .gazetteer
                    .lookup(country.name)
                    .into_iter()
                    .filter(|c| c.kind == Kind::Country && c.country == code)
                    .take(1)
                    .collect();
                let mut out = self.convert(country.name, &found);
                for c in &mut out {
                    c.exact = true;
                }
                out
            }
            Target::Subregion { name, country } => {
                let mut found: Vec<Candidate> = self
                    .gazetteer
                    .lookup(name)
                    .into_iter()
                    .filter(|c| c.country == country)
                    .collect();
                found.sort_by_key(|c| match c.kind {
                    Kind::Admin1 => 0,
                    Kind::Country => 1,
                    Kind::Place => 2,
                });
                found.truncate(1);
                self.convert(name, &found)
            }
            Target::Region(i) => demonyms::REGIONS
                .get(i)
                .map(|r| Cand {
                    kind: MentionKind::Region,
                    id: format!("region:{}", sitrep_geo::gazetteer::normalise(r.name)),
                    name: r.name.to_owned(),
                    country: None,
                    admin1: None,
                    lat: r.lat,
                    lon: r.lon,
                    population: 0,
                    exact: true,
                })
                .into_iter()
                .collect(),
        }
    }
}
