//! Mention recognition without a trained model: capitalised word sequences are
//! matched against the gazetteer and the demonym table (longest match first),
//! then each match is kept or dropped by its context.
//!
//! Evidence for a place: a locative word before it ("in", "near", "north of",
//! "the city of"), a place-type noun after it ("the Khatlon region"), a
//! qualifier ("Paris, Texas", "Tajikistan's Khatlon"), being a country, an
//! admin-1 region or a demonym, or a large population. Evidence against: a
//! title before it or a speech verb after it (a person), being inside a longer
//! capitalised name, being a frequent word (from a list, or because the text
//! also uses it in lower case), standing first in a sentence. Thresholds on
//! population scale with the evidence. A name kept once with good evidence is
//! kept everywhere in the text (one sense per discourse).

use std::collections::{HashMap, HashSet};

use sitrep_geo::gazetteer::{Candidate, Gazetteer, Kind};

use crate::admin2::Admin2Index;
use crate::demonyms::{self, Hit};
use crate::lexicon::{self, is};
use crate::tokens::{Token, joinable, tokenize};

/// Longest name, in words, looked up.
const MAX_WORDS: usize = 6;

/// Where a span's candidates come from.
#[derive(Debug, Clone)]
pub enum Source {
    Demonym(Hit),
    Gazetteer(Vec<Candidate>),
}

/// A qualifier that narrows a name: the country and, when known, admin-1.
#[derive(Debug, Clone, PartialEq)]
pub struct Qualifier {
    pub country: String,
    pub admin1: Option<String>,
}

/// A name found in the text.
#[derive(Debug, Clone)]
pub struct Span {
    /// Token indices, inclusive.
    pub first: usize,
    pub last: usize,
    /// Character offsets, end exclusive.
    pub start: usize,
    pub end: usize,
    pub surface: String,
    pub source: Source,
    /// Qualifiers read from "X, Y" or "Y's X".
    pub qualifiers: Vec<Qualifier>,
    /// Kept as a place mention.
    pub accepted: bool,
    /// Kept by strong evidence (context or kind), not only by population.
    pub strong: bool,
    /// Dropped for being a person (never revived by propagation).
    pub person: bool,
    /// Names an admin-2 division by its whole name ("Clarke County").
    pub admin2: bool,
    /// Qualifies the name before it ("Virginia" in "McLean, Virginia").
    pub qualifying: bool,
    /// A street, road, river or mountain named by its kind word ("Orchard
    /// St.", "Neches River", "Lake Lanier", "Highway 19"): kept whatever its
    /// context; without gazetteer candidates it is placed in the area the
    /// text is about.
    pub feature: bool,
    /// The most specific division its qualifiers name ("Winder (Las Bela
    /// district, Balochistan)" → Lasbela District): the answer when none of
    /// its candidates lies inside them (see [`crate::qualify`]).
    pub area: Option<crate::resolve::Cand>,
}

impl Span {
    pub fn candidates(&self) -> &[Candidate] {
        match &self.source {
            Source::Gazetteer(c) => c,
            Source::Demonym(_) => &[],
        }
    }

    fn has_kind(&self, kind: Kind) -> bool {
        self.candidates().iter().any(|c| c.kind == kind)
    }

    fn max_place_population(&self) -> u64 {
        self.candidates()
            .iter()
            .filter(|c| c.kind == Kind::Place)
            .map(|c| c.population)
            .max()
            .unwrap_or(0)
    }
}

/// Finds the place mentions of `chars` (all candidate spans, with `accepted`
/// set on the mentions).
pub fn recognise(
    gazetteer: &Gazetteer,
    admin2: Option<&Admin2Index>,
    chars: &[char],
) -> (Vec<Token>, Vec<Span>) {
    let tokens = tokenize(chars);
    let mut spans = find_spans(gazetteer, admin2, &tokens, chars);
    find_features(&tokens, chars, &mut spans);
    link_qualifiers(&tokens, &mut spans);
    let doc = DocFacts::new(&tokens, &spans);
    for span in &mut spans {
        decide(span, &tokens, &doc, chars);
    }
    propagate(&mut spans);
    (tokens, spans)
}

/// Capitalised spans that name something in the gazetteer or the demonym
/// table, longest match first, left to right.
fn find_spans(
    gazetteer: &Gazetteer,
    admin2: Option<&Admin2Index>,
    tokens: &[Token],
    chars: &[char],
) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !tokens[i].cap
            || tokens[i].text.chars().all(|c| c.is_ascii_digit())
            || tokens[i].text.eq_ignore_ascii_case("the")
            || (tokens[i].text.chars().count() == 1
                && tokens.get(i + 1).is_some_and(|t| t.gap == "-"))
        {
            i += 1;
            continue;
        }
        let mut found = state_abbreviation(gazetteer, tokens, chars, i);
        let mut width = 1;
        while width < MAX_WORDS && i + width < tokens.len() {
            let next = &tokens[i + width];
            if !joinable(&tokens[i + width - 1], &next.gap) {
                break;
            }
            if !next.cap && !is(lexicon::CONNECTORS, &next.text) {
                break;
            }
            width += 1;
        }
        for n in (1..=width).rev().filter(|_| found.is_none()) {
            let last = i + n - 1;
            if !tokens[last].cap {
                continue;
            }
            // A direction word alone is not a name: "North" of "North Africa"
            // joins the name after it instead (see `extend`).
            if n == 1 && width > 1 && is(lexicon::DIRECTIONS, &tokens[i].text) {
                continue;
            }
            let surface: String = chars[tokens[i].start..tokens[last].end].iter().collect();
            // "Gourma province": a division's bare name before its kind word.
            let division_named = || {
                tokens.get(last + 1).is_some_and(|t| {
                    !t.cap
                        && t.gap.trim().is_empty()
                        && matches!(
                            t.lower().as_str(),
                            "province"
                                | "district"
                                | "department"
                                | "county"
                                | "prefecture"
                                | "territory"
                        )
                }) && admin2.is_some_and(|a| a.lookup(&surface).iter().any(|(_, whole)| *whole))
            };
            let source = look_up(gazetteer, admin2, &surface, n)
                .or_else(|| division_named().then(|| Source::Gazetteer(Vec::new())));
            if let Some(source) = source {
                found = Some(Span {
                    first: i,
                    last,
                    start: tokens[i].start,
                    end: tokens[last].end,
                    surface,
                    source,
                    qualifiers: Vec::new(),
                    accepted: false,
                    strong: false,
                    person: false,
                    admin2: false,
                    qualifying: false,
                    feature: false,
                    area: None,
                });
                break;
            }
        }
        if let Some(span) = found.as_mut() {
            drop_institution_state(span, tokens, chars);
            extend(span, tokens, chars);
            // Whole names of several words only: "Lincoln" alone is a person
            // more often than a county.
            span.admin2 = span.last > span.first
                && admin2.is_some_and(|a| a.lookup(&span.surface).iter().any(|(_, whole)| *whole));
        }
        match found {
            Some(span) => {
                i = span.last + 1;
                spans.push(span);
            }
            None => i += 1,
        }
    }
    spans
}

/// Kind words after a name that make it a street, road or natural feature.
/// The abbreviations count only with their full stop.
const FEATURE_SUFFIXES: &[&str] = &[
    "street",
    "road",
    "avenue",
    "boulevard",
    "drive",
    "lane",
    "parkway",
    "pike",
    "highway",
    "trail",
    "river",
    "creek",
    "mountains",
    "canyon",
    "bay",
    "valley",
    "beach",
];
const FEATURE_ABBREVIATIONS: &[&str] = &["st", "rd", "ave", "blvd"];
/// Kind words before a name or number ("Lake Lanier", "Highway 19").
const FEATURE_PREFIXES: &[&str] = &["lake", "mount", "mt", "highway", "interstate", "route"];
/// Words that open a square's name ("Plaça de Catalunya", "Plaza de Mayo",
/// "Piazza Navona", "Place de la République"): a landmark in a town, not
/// the village of that name elsewhere. "Place" counts only before "de",
/// "du" or "des".
const SQUARE_PREFIXES: &[&str] = &[
    "plaza", "plaça", "praça", "piazza", "piazzale", "place", "plac",
];
/// The little words between a square's kind word and its name.
const SQUARE_CONNECTORS: &[&str] = &[
    "de", "del", "della", "di", "la", "do", "da", "dos", "du", "des",
];
/// Words that open Spanish, Portuguese and Italian town names and never name
/// the town alone: "Puerto Jordan" is one town the gazetteer may lack, not
/// "Puerto" (a Chilean village) and Jordan.
const SETTLEMENT_PREFIXES: &[&str] = &[
    "puerto", "porto", "san", "santa", "santo", "são", "sao", "ciudad",
];

/// A word that can be (part of) a street's or feature's own name:
/// capitalised (not all capitals) and no article, preposition, title or
/// speech verb; or an ordinal ("5th").
fn feature_name_word(t: &Token) -> bool {
    let ordinal = t.text.chars().next().is_some_and(|c| c.is_ascii_digit())
        && ["st", "nd", "rd", "th"]
            .iter()
            .any(|s| t.text.to_lowercase().ends_with(s));
    (t.cap && !t.upper || ordinal)
        && !t.text.eq_ignore_ascii_case("the")
        && !is(lexicon::LOCATIVE, &t.text)
        && !is(lexicon::CONNECTORS, &t.text)
        && !is(lexicon::TITLES, &t.text)
        && !is(lexicon::SPEECH, &t.text)
}

/// Streets, roads, rivers and mountains named with their kind word ("Orchard
/// St.", "Wichita Drive", "Neches River", "Lake Lanier", "Highway 19"), and
/// towns named with a settlement word ("Puerto Jordan"). Such a
/// name replaces the place names inside it ("Dublin" of "Dublin Road"); a
/// name the gazetteer holds whole ("Rock Hill", "Red River" the town) stays
/// the gazetteer's.
fn find_features(tokens: &[Token], chars: &[char], spans: &mut Vec<Span>) {
    let mut found: Vec<(usize, usize, usize)> = Vec::new(); // first, last token, end char
    for (k, t) in tokens.iter().enumerate() {
        let word = t.text.as_str();
        let dotted = chars.get(t.end) == Some(&'.');
        let suffix =
            t.cap && (is(FEATURE_SUFFIXES, word) || (dotted && is(FEATURE_ABBREVIATIONS, word)));
        if suffix && k > 0 && !t.sentence_start {
            // Up to three name words before it, in the same run.
            let mut first = k;
            while first > 0
                && k - first < 3
                && feature_name_word(&tokens[first - 1])
                && joinable(&tokens[first - 1], &tokens[first].gap)
                && (first == k || !tokens[first].sentence_start)
            {
                first -= 1;
                if tokens[first].sentence_start {
                    break;
                }
            }
            // "Main Street" needs a name; "the Street" has none.
            let named = first < k;
            // "Wall Street Journal" is no street, "Visit St. Petersburg" no
            // "Visit St.".
            let longer = tokens
                .get(k + 1)
                .is_some_and(|n| n.cap && joinable(t, &n.gap) && !n.gap.contains(','));
            if named && !longer {
                let end = if is(FEATURE_ABBREVIATIONS, word) && dotted {
                    t.end + 1
                } else {
                    t.end
                };
                found.push((first, k, end));
            }
            continue;
        }
        let settlement = t.cap
            && is(SETTLEMENT_PREFIXES, word)
            && !(k > 0 && tokens[k - 1].cap && joinable(&tokens[k - 1], &t.gap));
        if settlement
            && let Some(next) = tokens.get(k + 1)
            && next.cap
            && !next.upper
            && next.gap.trim().is_empty()
            && !next.gap.is_empty()
            && !next.sentence_start
        {
            found.push((k, k + 1, next.end));
            continue;
        }
        if t.cap && is(SQUARE_PREFIXES, word) {
            let mut j = k + 1;
            while j < tokens.len() && j <= k + 2 && is(SQUARE_CONNECTORS, &tokens[j].text) {
                j += 1;
            }
            let connected = j > k + 1;
            if (connected || !word.eq_ignore_ascii_case("place"))
                && let Some(name) = tokens.get(j)
                && name.cap
                && !name.upper
                && !name.sentence_start
                && tokens[k + 1..=j].iter().all(|n| n.gap.trim().is_empty())
            {
                found.push((k, j, name.end));
                continue;
            }
        }
        if t.cap && is(FEATURE_PREFIXES, word) {
            let Some(next) = tokens.get(k + 1) else {
                continue;
            };
            let number = next.text.chars().all(|c| c.is_ascii_digit())
                && !matches!(word.to_lowercase().as_str(), "lake" | "mount" | "mt");
            let name = next.cap && !next.upper && !is(lexicon::COMMON, &next.text);
            let gap_ok = next.gap.trim().is_empty() || (next.gap.trim() == "." && word.len() == 2);
            if (number || name) && gap_ok && !tokens[k + 1].sentence_start {
                found.push((k, k + 1, next.end));
            }
        }
    }
    if found.is_empty() {
        return;
    }
    for (first, last, end) in found {
        let start = tokens[first].start;
        // A gazetteer name over the same words wins, and the kind word is
        // evidence enough for it ("Lake Barcroft" the town).
        if let Some(same) = spans
            .iter_mut()
            .find(|s| s.first == first && s.last == last)
        {
            same.feature = true;
            continue;
        }
        if spans.iter().any(|s| s.first <= first && s.last >= last) {
            continue;
        }
        spans.retain(|s| s.last < first || s.first > last);
        spans.push(Span {
            first,
            last,
            start,
            end,
            surface: chars[start..end].iter().collect(),
            source: Source::Gazetteer(Vec::new()),
            qualifiers: Vec::new(),
            accepted: false,
            strong: false,
            person: false,
            admin2: false,
            qualifying: false,
            feature: true,
            area: None,
        });
    }
    spans.sort_by_key(|s| s.first);
}

/// Widens a span over a capitalised place-type word after it ("Orange
/// County") and a capitalised direction before a continent, world region or
/// country ("North Africa"); the
/// candidates stay those of the name itself.
fn extend(span: &mut Span, tokens: &[Token], chars: &[char]) {
    if let Some(next) = tokens.get(span.last + 1)
        && next.cap
        && joinable(&tokens[span.last], &next.gap)
        && is(lexicon::NAME_SUFFIXES, &next.text)
        && !names_an_institution(tokens, span.last + 1)
    {
        span.last += 1;
        span.end = next.end;
    }
    if span.first > 0 {
        let prev = &tokens[span.first - 1];
        // Only for continents, world regions and countries: "East Texas" is
        // a part of Texas, annotated as "Texas".
        let wide = match &span.source {
            Source::Demonym(_) => true,
            Source::Gazetteer(c) => c.iter().any(|c| c.kind == Kind::Country),
        };
        if wide
            && prev.cap
            && !prev.upper
            && is(lexicon::DIRECTIONS, &prev.text)
            && joinable(prev, &tokens[span.first].gap)
        {
            span.first -= 1;
            span.start = prev.start;
        }
    }
    span.surface = chars[span.start..span.end].iter().collect();
}

/// A US state matched with "State" after it ("Colorado State" of "Colorado
/// State University", "Mississippi State’s coach"): the university or its
/// team; the place is the state's own name.
fn drop_institution_state(span: &mut Span, tokens: &[Token], chars: &[char]) {
    let n = span.last;
    if n == span.first || !tokens[n].text.eq_ignore_ascii_case("state") {
        return;
    }
    let us_state = matches!(&span.source, Source::Gazetteer(c) if !c.is_empty()
        && c.iter().all(|c| c.kind == Kind::Admin1 && c.country == "US"));
    let institution = tokens.get(n + 1).is_some_and(|t| {
        (t.cap && joinable(&tokens[n], &t.gap)) || matches!(t.gap.as_str(), "'s" | "’s")
    }) || matches!(
        chars.get(tokens[n].end..tokens[n].end + 2),
        Some(['\'' | '’', 's'])
    );
    if us_state && institution {
        span.last -= 1;
        span.end = tokens[span.last].end;
        span.surface = chars[span.start..span.end].iter().collect();
    }
}

/// "State" or "District" that begins an institution's name ("Arizona State
/// University", "U.S. District Court"): it does not join the place name.
fn names_an_institution(tokens: &[Token], suffix: usize) -> bool {
    let word = tokens[suffix].lower();
    (word == "state" || word == "district")
        && tokens
            .get(suffix + 1)
            .is_some_and(|t| t.cap && joinable(&tokens[suffix], &t.gap))
}

/// A US state written the AP way ("Calif.", "N.M.") or, after a comma, as a
/// postal code ("Austin, TX"): a span over the abbreviation and its full stop.
fn state_abbreviation(
    gazetteer: &Gazetteer,
    tokens: &[Token],
    chars: &[char],
    i: usize,
) -> Option<Span> {
    let token = &tokens[i];
    if is(lexicon::TITLES, &token.text) {
        return None;
    }
    let letters = token.text.chars().filter(|c| c.is_alphabetic()).count();
    let dotted = token.text.ends_with('.') || chars.get(token.end) == Some(&'.');
    let after_comma = i > 0 && token.gap.trim() == ",";
    // "44 BC", "500 B.C.": a year, not British Columbia.
    let after_number = i > 0 && tokens[i - 1].text.chars().all(|c| c.is_ascii_digit());
    let (country, region) = match lexicon::us_state(&token.text) {
        // "Bogota, D.C.": a capital district of another country (Bogotá,
        // Distrito Capital); after a comma, D.C. is Washington's only.
        Some("District of Columbia")
            if after_comma && !tokens[i - 1].text.eq_ignore_ascii_case("washington") =>
        {
            return None;
        }
        Some(state) => {
            let plausible = (dotted && (letters >= 3 || token.text.contains('.') || after_comma))
                || (after_comma && token.upper && letters == 2);
            plausible.then_some(("US", state))?
        }
        None => {
            let a = lexicon::region_abbreviation(&token.text, dotted).filter(|_| !after_number)?;
            (a.country, a.region)
        }
    };
    let candidates: Vec<Candidate> = gazetteer
        .lookup(region)
        .into_iter()
        .filter(|c| c.kind == Kind::Admin1 && c.country == country)
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let end = if !token.text.ends_with('.') && chars.get(token.end) == Some(&'.') {
        token.end + 1
    } else {
        token.end
    };
    Some(Span {
        first: i,
        last: i,
        start: token.start,
        end,
        surface: chars[token.start..end].iter().collect(),
        source: Source::Gazetteer(candidates),
        qualifiers: Vec::new(),
        accepted: false,
        strong: false,
        person: false,
        admin2: false,
        qualifying: false,
        feature: false,
        area: None,
    })
}

/// The gazetteer's candidates for a surface form, or its demonym.
pub fn look_up(
    gazetteer: &Gazetteer,
    admin2: Option<&Admin2Index>,
    surface: &str,
    words: usize,
) -> Option<Source> {
    if let Some(hit) = demonyms::lookup(surface).filter(|_| words <= 3) {
        return Some(Source::Demonym(hit));
    }
    let key = sitrep_geo::gazetteer::normalise(surface);
    if let Some(city) = lexicon::landmark_by_key(&key).and_then(|l| city_of(gazetteer, l)) {
        return Some(Source::Gazetteer(vec![city]));
    }
    if let Some(region) = lexicon::region_spelling(&key).and_then(|r| region_of(gazetteer, r)) {
        return Some(Source::Gazetteer(vec![region]));
    }
    if !gazetteer.contains_key(&key) {
        let division =
            words > 1 && admin2.is_some_and(|a| a.lookup(surface).iter().any(|(_, whole)| *whole));
        return division.then(|| Source::Gazetteer(Vec::new()));
    }
    let mut candidates = gazetteer.lookup(surface);
    if surface.chars().any(char::is_lowercase) {
        candidates.retain(|c| !(c.kind == Kind::Country && named_by_acronym_only(c, &key)));
    }
    if candidates.is_empty() {
        None
    } else {
        Some(Source::Gazetteer(candidates))
    }
}

/// Whether the only name of country `c` that reads `key` is an acronym
/// ("CAR", "DRC", "UAE"): "Car bomb" and "Drc" written so are no country.
fn named_by_acronym_only(c: &Candidate, key: &str) -> bool {
    // Acronyms are short; longer names need no look at the table.
    if key.len() > 5 {
        return false;
    }
    let Some(country) = sitrep_geo::countries::country(&c.country) else {
        return false;
    };
    let names = || std::iter::once(country.name).chain(country.aliases.iter().copied());
    let matching = || names().filter(|n| sitrep_geo::gazetteer::normalise(n) == key);
    matching().next().is_some() && matching().all(|n| n.chars().all(|ch| !ch.is_lowercase()))
}

/// The city a landmark stands for ("Kremlin" → Moscow): its most populous
/// namesake in the landmark's country.
pub fn landmark_city(gazetteer: &Gazetteer, surface: &str) -> Option<Candidate> {
    city_of(gazetteer, lexicon::landmark(surface)?)
}

/// The first-level region `region` of `country` (see
/// [`lexicon::region_spelling`]).
pub fn region_of(gazetteer: &Gazetteer, (country, region): (&str, &str)) -> Option<Candidate> {
    gazetteer
        .lookup(region)
        .into_iter()
        .find(|c| c.kind == Kind::Admin1 && c.country == country)
}

/// The most populous place named `city` in `country`.
fn city_of(gazetteer: &Gazetteer, (city, country): (&str, &str)) -> Option<Candidate> {
    gazetteer
        .lookup(city)
        .into_iter()
        .filter(|c| c.kind == Kind::Place && c.country == country)
        .max_by_key(|c| c.population)
}

/// Countries and admin-1 regions a span names, as qualifiers.
fn qualifiers_of(span: &Span) -> Vec<Qualifier> {
    match &span.source {
        Source::Demonym(Hit {
            target: demonyms::Target::Country(code),
            is_name: true,
        }) => vec![Qualifier {
            country: (*code).to_owned(),
            admin1: None,
        }],
        Source::Gazetteer(candidates) => candidates
            .iter()
            .filter_map(|c| match c.kind {
                Kind::Country => Some(Qualifier {
                    country: c.country.clone(),
                    admin1: None,
                }),
                Kind::Admin1 => Some(Qualifier {
                    country: c.country.clone(),
                    admin1: Some(c.name.clone()),
                }),
                Kind::Place => None,
            })
            .collect(),
        Source::Demonym(_) => Vec::new(),
    }
}

/// "X, Y" and "Y's X": Y qualifies X when Y is a country or admin-1 region.
/// A US state abbreviation after a comma ("Alexandria, La.") qualifies too.
fn link_qualifiers(tokens: &[Token], spans: &mut [Span]) {
    for k in 0..spans.len() {
        let mut found = Vec::new();
        let last = spans[k].last;
        if let Some(next) = spans.get(k + 1) {
            let gap = tokens[next.first].gap.trim();
            if next.first == last + 1 && (gap == "," || gap == "(") {
                found.extend(qualifiers_of(next));
            }
            if !found.is_empty() {
                spans[k + 1].qualifying = true;
            }
        }
        if found.is_empty()
            && let Some(next) = tokens.get(last + 1)
        {
            let comma = next.gap.trim() == ",";
            let dotted = tokens.get(last + 2).is_none_or(|t| t.gap.starts_with('.'));
            let written_as_abbreviation = next.upper || (next.cap && dotted);
            if comma
                && written_as_abbreviation
                && let Some(state) = lexicon::us_state(&next.text)
            {
                found.push(Qualifier {
                    country: "US".to_owned(),
                    admin1: Some(state.to_owned()),
                });
            }
        }
        if k > 0 {
            let prev = &spans[k - 1];
            let gap = tokens[spans[k].first].gap.trim();
            let possessive = matches!(gap, "'s" | "’s" | "'" | "’");
            if prev.last + 1 == spans[k].first && possessive {
                found.extend(qualifiers_of(prev));
            }
        }
        spans[k].qualifiers = found;
    }
}

/// Facts about the whole text the rules consult.
struct DocFacts {
    /// Words the text uses in lower case.
    lower_words: HashSet<String>,
    /// Words that name a person somewhere in the text.
    person_words: HashSet<String>,
    /// Last words of full names ("Bell" of "Tyrise M. Bell"): used alone
    /// later, they are the person.
    surnames: HashSet<String>,
}

impl DocFacts {
    fn new(tokens: &[Token], spans: &[Span]) -> DocFacts {
        // Tokens inside a multi-word place name ("Victoria Falls"), tokens
        // of any name, and single-word place names (not countries, regions).
        let mut in_name = vec![false; tokens.len()];
        let mut covered = vec![false; tokens.len()];
        let mut starts_span = vec![false; tokens.len()];
        for s in spans {
            for k in s.first..=s.last {
                covered[k] = true;
                in_name[k] |= s.last > s.first;
            }
            // Small places only: "Beijing said" is the government speaking.
            let small_place = s.first == s.last
                && matches!(&s.source, Source::Gazetteer(c) if c.iter().all(|c| c.kind == Kind::Place))
                && s.max_place_population() < 100_000;
            starts_span[s.first] = small_place;
        }
        let lower_words = tokens
            .iter()
            .filter(|t| !t.cap && t.text.chars().any(char::is_alphabetic))
            .map(Token::lower)
            .collect();
        let mut person_words = HashSet::new();
        // Runs of capitalised words: a title before or a speech verb after
        // marks a person; so does "Name Name, 19," (an age).
        let mut i = 0;
        while i < tokens.len() {
            if !tokens[i].cap {
                i += 1;
                continue;
            }
            let mut j = i;
            while j + 1 < tokens.len()
                && tokens[j + 1].cap
                && joinable(&tokens[j], &tokens[j + 1].gap)
                && !(tokens[j + 1].gap == "-" && tokens[j].text.chars().count() == 1)
            {
                j += 1;
            }
            let titled = i > 0 && is(lexicon::TITLES, &tokens[i - 1].text) && !tokens[i].upper;
            let title_inside = is(lexicon::TITLES, &tokens[i].text) && j > i;
            let speaker = tokens
                .get(j + 1)
                .is_some_and(|t| is(lexicon::SPEECH, &t.text) && t.gap.trim().is_empty());
            // Not a dateline's day: "San Salvador, 12 Jan 90".
            let aged = tokens.get(j + 1).is_some_and(|t| {
                t.gap.trim() == ","
                    && t.text.chars().all(|c| c.is_ascii_digit())
                    && !tokens
                        .get(j + 2)
                        .is_some_and(|m| lexicon::is_month(&m.text))
            });
            let run = j - i + 1;
            let from = if title_inside { i + 1 } else { i };
            let named = (2..=4).contains(&run)
                && !in_name[i]
                && is(lexicon::GIVEN_NAMES, &tokens[from].text)
                && tokens[from + 1..=j].iter().all(|t| !t.upper);
            // "Residents of Timbuktu said": the residents speak.
            let governed = i > 0
                && matches!(
                    tokens[i - 1].lower().as_str(),
                    "of" | "in" | "from" | "at" | "near"
                );
            let lone_speaker = run == 1
                && speaker
                && !governed
                && (!covered[i] || starts_span[i])
                && !is(lexicon::COMMON, &tokens[i].text);
            // "Dan Cammish": an unknown capitalised word, then a lone place name.
            let unknown_then_place = run == 2
                && !covered[i]
                && starts_span[i + 1]
                && !tokens[i].upper
                && !is(lexicon::COMMON, &tokens[i].text)
                && !is(lexicon::DIRECTIONS, &tokens[i].text)
                && !is(lexicon::TITLES, &tokens[i].text);
            if titled
                || title_inside
                || named
                || lone_speaker
                || unknown_then_place
                || ((speaker || aged) && (2..=3).contains(&run))
            {
                for t in &tokens[from..=j] {
                    person_words.insert(t.lower());
                }
            }
            i = j + 1;
        }
        let surnames = surnames(tokens, &covered, &in_name, &lower_words);
        DocFacts {
            lower_words,
            person_words,
            surnames,
        }
    }
}

/// The last words of runs that read as a person's full name: two to four
/// capitalised words starting with a given name or holding a middle initial,
/// the last one not part of a longer place name, and a word before it that
/// is no place, no common word and no word the text also writes in lower case.
fn surnames(
    tokens: &[Token],
    covered: &[bool],
    in_name: &[bool],
    lower_words: &HashSet<String>,
) -> HashSet<String> {
    let initial = |t: &Token| t.text.chars().count() == 1 && t.cap;
    let mut out = HashSet::new();
    let mut i = 0;
    while i < tokens.len() {
        if !tokens[i].cap {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < tokens.len()
            && tokens[j + 1].cap
            && (joinable(&tokens[j], &tokens[j + 1].gap)
                || (initial(&tokens[j]) && tokens[j + 1].gap.trim() == "."))
            && !tokens[j + 1].gap.contains('-')
        {
            j += 1;
        }
        let run = j - i + 1;
        let last = &tokens[j];
        let plain = |t: &Token| {
            let w = t.lower();
            !t.upper
                && !lower_words.contains(&w)
                && !is(lexicon::COMMON, &w)
                && !is(lexicon::DIRECTIONS, &w)
                && !is(lexicon::TITLES, &w)
                && !is(lexicon::PLACE_TYPES, &w)
                && !is(lexicon::CONNECTORS, &w)
        };
        let given = (i..j).any(|k| !covered[k] && !initial(&tokens[k]) && plain(&tokens[k]))
            && (is(lexicon::GIVEN_NAMES, &tokens[i].text) || (i..j).any(|k| initial(&tokens[k])));
        if (2..=4).contains(&run) && given && !in_name[j] && plain(last) {
            out.insert(last.lower());
        }
        i = j + 1;
    }
    out
}

fn word_before(tokens: &[Token], at: usize, back: usize) -> Option<&Token> {
    // Only words in the same clause: a full stop or newline ends the look-back.
    let mut index = at;
    for _ in 0..back {
        let t = tokens.get(index)?;
        if t.sentence_start || t.gap.contains([',', ';', '(', ')']) {
            return None;
        }
        index = index.checked_sub(1)?;
    }
    tokens.get(index)
}

/// Sets `accepted`, `strong` and `person` on one span.
fn decide(span: &mut Span, tokens: &[Token], doc: &DocFacts, chars: &[char]) {
    if span.feature {
        span.accepted = true;
        span.strong = true;
        return;
    }
    let first = &tokens[span.first];
    let lower = span.surface.to_lowercase();
    let single = span.first == span.last;

    // Phrases that hold a place name but are not places ("Islamic State").
    let rest: String = chars[span.start..chars.len().min(span.start + 40)]
        .iter()
        .collect::<String>()
        .to_lowercase();
    if lexicon::NOT_PLACES
        .iter()
        .any(|p| rest.starts_with(p) && p.len() >= lower.len())
    {
        return;
    }

    let prev = word_before(tokens, span.first, 1);
    let prev2 = word_before(tokens, span.first, 2);
    let next = tokens.get(span.last + 1);

    // "Colonia San Benito", "Colonia 20 de Julio": the Spanish word for a city's
    // quarter before the quarter's name, not Colonia, Uruguay.
    // So is the name after it ("San Benito"): a quarter the gazetteer may
    // hold namesakes of, but never the quarter itself.
    let quarter_word = |t: Option<&Token>| t.is_some_and(|t| is(lexicon::QUARTER_WORDS, &t.text));
    let names_quarter =
        |t: &Token| (t.cap || t.text.starts_with(|c: char| c.is_ascii_digit())) && t.gap == " ";
    if (single && quarter_word(Some(first)) && next.is_some_and(names_quarter))
        || (span.first > 0 && first.gap == " " && quarter_word(tokens.get(span.first - 1)))
    {
        return;
    }
    // "the Southside of Belize City", "also on the Southside": a side of
    // the town told of, not Southside, Alabama.
    if single && is(lexicon::TOWN_SIDES, &first.text) {
        return;
    }
    let next_word = next
        .filter(|t| t.gap.trim().is_empty() || t.gap.trim() == "-")
        .map(Token::lower);

    let titled = prev.is_some_and(|p| is(lexicon::TITLES, &p.text) && p.cap);
    let speaker = next_word.as_deref().is_some_and(|w| is(lexicon::SPEECH, w));
    let person = titled
        || (single && doc.person_words.contains(&lower))
        || (span.last > span.first
            && tokens[span.first..=span.last]
                .iter()
                .all(|t| doc.person_words.contains(&t.lower())));

    let prev_lower = prev.map(Token::lower);
    let locative = prev_lower
        .as_deref()
        .is_some_and(|w| is(lexicon::LOCATIVE, w))
        || (prev_lower.as_deref() == Some("of")
            && prev2.is_some_and(|p| {
                is(lexicon::LOCATIVE_OF, &p.text)
                    || is(lexicon::PLACE_TYPES, &p.text)
                    || is(lexicon::TOWN_SIDES, &p.text)
            }));
    // "Rep. Ken Cuccinelli, R-Fairfax": a party and the member's home.
    let party = span.first > 0
        && first.gap == "-"
        && matches!(tokens[span.first - 1].text.as_str(), "D" | "R" | "I");
    let locative = locative || party || span.qualifying;
    let typed = next_word.as_deref().is_some_and(|w| {
        is(lexicon::PLACE_TYPES, w) || is(lexicon::PLACE_MODIFIED, w) || w == "based" || w == "born"
    });
    let qualified = !span.qualifiers.is_empty();
    let strong_context = locative || typed || qualified;

    let common_listed = single && is(lexicon::COMMON, &lower);
    let used_lower = single && doc.lower_words.contains(&lower);
    let capitalised_neighbour = |t: Option<&Token>| t.is_some_and(|t| t.cap && !t.upper);
    let of_name = span.first >= 2
        && is(&["of", "de", "for"], &tokens[span.first - 1].text)
        && tokens[span.first - 2].cap
        && !is(lexicon::LOCATIVE_OF, &tokens[span.first - 2].text)
        && !is(lexicon::TOWN_SIDES, &tokens[span.first - 2].text)
        && !is(lexicon::PLACE_TYPES, &tokens[span.first - 2].text)
        && !tokens[span.first - 1].sentence_start;
    let embedded = of_name
        || (!first.sentence_start
            && span.first > 0
            && capitalised_neighbour(tokens.get(span.first - 1))
            && joinable(&tokens[span.first - 1], &first.gap)
            && !tokens[span.first - 1]
                .text
                .chars()
                .all(|c| c.is_ascii_digit()))
        || (capitalised_neighbour(next)
            && next.is_some_and(|n| joinable(&tokens[span.last], &n.gap))
            && !next.is_some_and(|n| is(lexicon::PLACE_TYPES, &n.text)));
    let letters = span.surface.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = span.surface.chars().filter(|c| c.is_uppercase()).count();
    let acronym = single && capitals >= 2 && letters <= 4 && capitals * 2 >= letters;
    if letters <= 1 {
        return;
    }
    // A short word that is only an abbreviation's alias of a place counts
    // when written as one: "LA" is Los Angeles, "La" of "La Niña" is not.
    let short_alias = single
        && letters <= 3
        && !first.upper
        && matches!(&span.source, Source::Gazetteer(c) if !c.is_empty() && c.iter().all(|c| {
            sitrep_geo::gazetteer::normalise(&c.name) != sitrep_geo::gazetteer::normalise(&span.surface)
        }));
    if short_alias && lexicon::us_state(&span.surface).is_none() {
        return;
    }
    let given_name = single && is(lexicon::GIVEN_NAMES, &lower);

    let (accepted, strong) = match &span.source {
        Source::Demonym(hit) => {
            // "Polish" and "Turkey" the words aside, demonyms are places; a
            // lower-case use elsewhere does not count against them.
            let ok = !(titled || (hit.is_name && speaker && single && used_lower));
            (ok, ok)
        }
        Source::Gazetteer(_) => {
            let country = span.has_kind(Kind::Country);
            let admin1 = span.has_kind(Kind::Admin1) || span.admin2;
            let population = span.max_place_population();
            let abbreviated = match lexicon::us_state(&span.surface) {
                Some(_) => Some("US"),
                None => lexicon::region_abbreviation(&span.surface, true).map(|a| a.country),
            };
            let state_abbreviation = abbreviated.is_some_and(|country| {
                span.candidates()
                    .iter()
                    .all(|c| c.kind == Kind::Admin1 && c.country == country)
            });
            if state_abbreviation {
                (true, true)
            } else if (person && !country)
                || (single
                    && !country
                    && !admin1
                    && !strong_context
                    && doc.surnames.contains(&lower))
            {
                span.person = true;
                (false, false)
            } else if !country
                && ((given_name && !locative) || (acronym && !(admin1 && strong_context)))
            {
                // A first name alone, or an acronym ("NATO", "BA").
                (false, false)
            } else if country {
                (!common_listed || strong_context, true)
            } else if admin1 && !common_listed && !speaker {
                let ok = !used_lower || strong_context;
                (ok && (strong_context || !acronym), ok)
            } else if speaker || common_listed || (acronym && !strong_context) {
                (false, false)
            } else if strong_context {
                let ok = !used_lower || population >= 1_000;
                (ok, ok)
            } else if used_lower {
                (false, false)
            } else {
                let threshold = if embedded {
                    150_000
                } else if first.sentence_start {
                    50_000
                } else {
                    10_000
                };
                (population >= threshold, false)
            }
        }
    };
    span.accepted = accepted;
    span.strong = strong;
}

/// One sense per discourse: a name kept with good evidence somewhere is kept
/// everywhere, unless a rule saw a person there.
fn propagate(spans: &mut [Span]) {
    let mut kept: HashMap<String, bool> = HashMap::new();
    for span in spans.iter().filter(|s| s.accepted && s.strong) {
        kept.insert(sitrep_geo::gazetteer::normalise(&span.surface), true);
    }
    for span in spans.iter_mut() {
        if !span.accepted
            && !span.person
            && kept.contains_key(&sitrep_geo::gazetteer::normalise(&span.surface))
        {
            span.accepted = true;
        }
    }
}
