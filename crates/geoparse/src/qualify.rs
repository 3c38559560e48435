//! Qualifiers written after a name: "Granada (Andalucia)", "Bukumbirwa
//! (Walikale, Nord-Kivu)", "Winder town (Las Bela district, Balochistan)",
//! "Baranivka, Sumy". The names in brackets or after a comma are read against
//! the first-level regions (by their name, their kind-word variants, direction
//! words in French, Spanish or Portuguese read as English — "Nord-Kivu" is
//! North Kivu, "Sud Kivu" South Kivu — and one letter off for long names:
//! "Andalucia" is Andalusia), the second-level divisions and the countries.
//!
//! What they give:
//! - the qualified name's [`Qualifier`]s, so the resolver prefers its
//!   namesake inside them (Granada in Spain over Granada in Colombia);
//! - a mention for a region name the gazetteer only holds in another
//!   spelling ("Nord-Kivu"), and the region as a candidate of a qualifying
//!   name the gazetteer knows as something else ("Andalucia", a Colombian
//!   town);
//! - the area to fall back to when none of the name's candidates lies in
//!   its qualifiers: the gazetteer lacks the village, so the most specific
//!   division the text gives (Lasbela District) is the answer, not a
//!   namesake abroad (Winder, Georgia) — nor, after a comma naming a state
//!   or province, a namesake elsewhere in the same country ("Claremont,
//!   Virginia"), unless the names form a list ("Kano, Kaduna and Zaria");
//!   a qualifying name that is no division but a town of the qualifiers'
//!   country ("Waya (Djenne, Mopti)") is nearer than the region.

use std::collections::HashMap;

use sitrep_geo::gazetteer::{Candidate, Gazetteer, Kind, normalise};

use crate::admin2::Admin2Index;
use crate::recognise::{Qualifier, Source, Span};
use crate::resolve::{Cand, MentionKind};
use crate::tokens::Token;

/// Kind words a qualifier may carry ("Loikaw district", "Kayah State").
const KIND_WORDS: &[&str] = &[
    "state",
    "region",
    "province",
    "governorate",
    "oblast",
    "department",
    "prefecture",
    "district",
    "county",
    "township",
    "municipality",
    "division",
    "territory",
    "commune",
    "parish",
    "zone",
    "area",
    "city",
    "town",
    "village",
    "lga",
    "woreda",
    "tehsil",
    "subcounty",
    "sub",
];

/// Longest qualifier name, in words.
const MAX_WORDS: usize = 5;

/// Direction words of other languages, and English direction adjectives,
/// read as English directions ("North Darfur" is Northern Darfur).
fn direction(word: &str) -> &str {
    match word {
        "nord" | "norte" | "northern" => "north",
        "sud" | "sur" | "sul" | "southern" => "south",
        "est" | "este" | "leste" | "eastern" => "east",
        "ouest" | "oeste" | "western" => "west",
        "nordeste" => "northeast",
        "noroeste" => "northwest",
        "sudeste" | "sureste" => "southeast",
        "sudoeste" | "suroeste" => "southwest",
        "y" | "et" | "und" => "and",
        other => other,
    }
}

fn is_direction(word: &str) -> bool {
    matches!(
        word,
        "north"
            | "south"
            | "east"
            | "west"
            | "northeast"
            | "northwest"
            | "southeast"
            | "southwest"
            | "central"
            | "northern"
            | "southern"
            | "eastern"
            | "western"
    )
}

/// The key a region name is compared by: the gazetteer's [`normalise`]
/// over its words, with foreign direction words in English and, when
/// `bare`, without its kind and direction words.
fn fold(name: &str, bare: bool) -> String {
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-' || c == ',')
        .filter(|w| !w.is_empty())
        .map(direction)
        .collect();
    let kept: Vec<&str> = if bare {
        words
            .iter()
            .copied()
            .filter(|w| !KIND_WORDS.contains(w) && !is_direction(w))
            .collect()
    } else {
        words
    };
    normalise(&kept.join(" "))
}

/// Whether `a` and `b` are at most one edit apart (insertion, deletion or
/// substitution of one letter).
fn one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if prefix == long.len() {
        return true;
    }
    if short.len() == long.len() {
        short[prefix + 1..] == long[prefix + 1..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

/// Keys this long or longer may match one letter off.
const FUZZY_LEN: usize = 7;

/// Abbreviations that name a region only as a qualifier ("Kolkata (WB)"):
/// in running text they are words. The others are
/// [`crate::lexicon::REGION_ABBREVIATIONS`].
const QUALIFIER_ABBREVIATIONS: &[(&str, &str, &str)] =
    &[("WB", "IN", "West Bengal"), ("UP", "IN", "Uttar Pradesh")];

/// The first-level regions by folded name.
#[derive(Debug, Clone, Default)]
pub struct Regions {
    regions: Vec<Cand>,
    exact: HashMap<String, Vec<usize>>,
    /// Keys without kind and direction words.
    bare: HashMap<String, Vec<usize>>,
    /// Long keys by length, for the one-letter-off match.
    by_len: HashMap<usize, Vec<(Vec<char>, usize)>>,
}

impl Regions {
    pub fn build(gazetteer: &Gazetteer) -> Regions {
        let mut out = Regions::default();
        for a in gazetteer.admin1s() {
            let id = out.regions.len();
            out.regions.push(Cand {
                kind: MentionKind::Admin1,
                id: format!("admin1:{}.{}", a.country, a.code),
                name: a.name.clone(),
                country: Some(a.country.clone()),
                admin1: Some(a.name.clone()),
                lat: a.lat,
                lon: a.lon,
                population: a.population,
                exact: true,
            });
            for name in std::iter::once(&a.name).chain(&a.variants) {
                let key = fold(name, false);
                if key.is_empty() {
                    continue;
                }
                push_unique(out.exact.entry(key.clone()).or_default(), id);
                let bare = fold(name, true);
                if !bare.is_empty() {
                    push_unique(out.bare.entry(bare).or_default(), id);
                }
                let chars: Vec<char> = key.chars().collect();
                if chars.len() >= FUZZY_LEN {
                    let list = out.by_len.entry(chars.len()).or_default();
                    if !list.iter().any(|(k, i)| *i == id && *k == chars) {
                        list.push((chars, id));
                    }
                }
            }
        }
        out
    }

    /// The regions `name` may mean: by its folded name, else without its
    /// kind and direction words ("Shan-North" → Shan), else one letter off;
    /// a few capitalised abbreviations the press of their countries uses
    /// ("KPK", "WB") by the region they stand for.
    pub fn lookup(&self, name: &str) -> Vec<&Cand> {
        let abbreviation = QUALIFIER_ABBREVIATIONS
            .iter()
            .find(|(a, _, _)| *a == name.trim())
            .map(|&(_, country, full)| (country, full))
            .or_else(|| {
                crate::lexicon::region_abbreviation(name, false).map(|a| (a.country, a.region))
            });
        let abbreviation =
            abbreviation.or_else(|| crate::lexicon::region_spelling(&normalise(name)));
        if let Some((country, full)) = abbreviation {
            return self
                .lookup(full)
                .into_iter()
                .filter(|c| c.country.as_deref() == Some(country))
                .collect();
        }
        let key = fold(name, false);
        if key.is_empty() {
            return Vec::new();
        }
        let ids = self
            .exact
            .get(&key)
            .or_else(|| self.bare.get(&fold(name, true)))
            .cloned()
            .unwrap_or_else(|| {
                let chars: Vec<char> = key.chars().collect();
                if chars.len() < FUZZY_LEN {
                    return Vec::new();
                }
                let mut ids = Vec::new();
                for len in chars.len() - 1..=chars.len() + 1 {
                    for (k, id) in self.by_len.get(&len).into_iter().flatten() {
                        if one_edit(k, &chars) {
                            push_unique(&mut ids, *id);
                        }
                    }
                }
                ids
            });
        ids.iter().filter_map(|&i| self.regions.get(i)).collect()
    }

    pub fn len(&self) -> usize {
        self.regions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }
}

fn push_unique(list: &mut Vec<usize>, id: usize) {
    if !list.contains(&id) {
        list.push(id);
    }
}

/// One name of a qualifier list: token range (inclusive) and its text.
struct Name {
    first: usize,
    last: usize,
    text: String,
}

/// Kind words between a name and its qualifiers ("Winder town (…)").
const BETWEEN: &[&str] = &[
    "town",
    "village",
    "city",
    "district",
    "area",
    "camp",
    "township",
    "county",
    "commune",
    "municipality",
    "locality",
    "neighbourhood",
    "neighborhood",
    "hill",
    "region",
    "province",
    "department",
    "governorate",
];

/// The names in brackets, in an appositive ("X, a town in Y") or after a
/// comma right behind token `last` (past one kind word: "Loikaw town (…)");
/// `bracket_only` for a name the gazetteer lacks: brackets and appositives
/// only. A possessive reads on ("Niger's Tahoua region"). The flag says
/// whether the names surely contain the place (brackets, appositives).
fn names_after(
    tokens: &[Token],
    chars: &[char],
    last: usize,
    bracket_only: bool,
) -> (Vec<Name>, bool) {
    let mut at = last + 1;
    let appositive = appositive_container(tokens, at);
    if let Some(start) = appositive {
        at = start;
    } else if tokens
        .get(at)
        .is_some_and(|t| !t.cap && t.gap.trim().is_empty() && BETWEEN.contains(&t.lower().as_str()))
    {
        at += 1;
    }
    let Some(next) = tokens.get(at) else {
        return (Vec::new(), false);
    };
    let gap = next.gap.trim();
    let bracket = gap == "(" || appositive.is_some();
    if !bracket && (gap != "," || bracket_only) {
        return (Vec::new(), false);
    }
    let mut out = Vec::new();
    let mut k = at;
    while k < tokens.len() && out.len() < 4 {
        let t = &tokens[k];
        if !t.cap || t.text.chars().all(|c| c.is_ascii_digit()) {
            break;
        }
        let first = k;
        let mut end = k;
        while end + 1 < tokens.len() && end + 1 - first < MAX_WORDS {
            let n = &tokens[end + 1];
            let glued = n.gap.chars().all(|c| c == ' ') || n.gap.trim() == "-";
            let word_ok = n.cap || KIND_WORDS.contains(&n.text.to_lowercase().as_str());
            if !glued || n.gap.is_empty() || !word_ok {
                break;
            }
            end += 1;
        }
        out.push(Name {
            first,
            last: end,
            text: chars[tokens[first].start..tokens[end].end].iter().collect(),
        });
        let Some(after) = tokens.get(end + 1) else {
            break;
        };
        if (bracket && after.gap.trim() == ",")
            || (matches!(after.gap.trim(), "'s" | "’s") && after.cap)
        {
            k = end + 1;
            continue;
        }
        // "a village in Bajaur district in Khyber Pakhtunkhwa".
        if appositive.is_some()
            && after.gap.trim().is_empty()
            && matches!(after.lower().as_str(), "in" | "of")
            && let Some(start) = container_name(tokens, end + 2, false)
        {
            k = start;
            continue;
        }
        // "X, Y" reads one name; "(A, B, C)" up to the bracket.
        break;
    }
    (out, bracket)
}

/// Kind words that describe a place in an appositive only ("X, the capital
/// of Y", "X, a small gold-mining settlement in Y"), beside [`BETWEEN`].
const APPOSITIVE_KINDS: &[&str] = &[
    "capital",
    "seat",
    "headquarters",
    "hub",
    "settlement",
    "hamlet",
    "suburb",
];

/// "X, a town in Y", "X is a village in Y", "X, a small market town of Y",
/// "X, the main town of Y", "X, in the department of Y", "X, in Y": the
/// token where Y begins. Such a phrase says where X lies as plainly as
/// brackets do. At most two describing words before the kind word. Not a
/// bare "X, in Y": "in Zürich, in São Paulo" is a list.
fn appositive_container(tokens: &[Token], at: usize) -> Option<usize> {
    let first = tokens.get(at)?;
    let after_comma = first.gap.trim() == ",";
    let mut k = match first.lower().as_str() {
        "a" | "an" | "the" if after_comma => at + 1,
        "in" if after_comma => return container_name(tokens, at + 1, true),
        "is" | "was" if first.gap.trim().is_empty() => {
            let article = tokens.get(at + 1)?;
            matches!(article.lower().as_str(), "a" | "an" | "the").then_some(at + 2)?
        }
        _ => return None,
    };
    let mut described = 0;
    loop {
        let word = tokens.get(k)?;
        if word.cap || !word.gap.trim().is_empty() {
            return None;
        }
        let lower = word.lower();
        if BETWEEN.contains(&lower.as_str()) || APPOSITIVE_KINDS.contains(&lower.as_str()) {
            break;
        }
        described += 1;
        if described > 2 {
            return None;
        }
        k += 1;
    }
    let preposition = tokens.get(k + 1)?;
    if !matches!(preposition.lower().as_str(), "in" | "of") || !preposition.gap.trim().is_empty() {
        return None;
    }
    container_name(tokens, k + 2, false)
}

/// Where the container's name begins at token `at`: past "the" ("a town in
/// the Tahoua region") and, with `kind_of`, past the kind word and "of" that
/// must follow ("X, in the department of Arauca").
fn container_name(tokens: &[Token], at: usize, kind_of: bool) -> Option<usize> {
    let mut name = at;
    if tokens.get(name).is_some_and(|t| t.lower() == "the") {
        name += 1;
    }
    if kind_of {
        let kind = tokens.get(name)?;
        let of = tokens.get(name + 1)?;
        if kind.cap || !BETWEEN.contains(&kind.lower().as_str()) || of.lower() != "of" {
            return None;
        }
        name += 2;
    }
    let token = tokens.get(name)?;
    (token.cap && token.gap.trim().is_empty()).then_some(name)
}

/// What one qualifier name can mean: regions, divisions (as their region)
/// and countries, each as a qualifier with the most specific area it names.
fn meanings(name: &str, regions: &Regions, admin2: Option<&Admin2Index>) -> Vec<(Qualifier, Cand)> {
    let mut out: Vec<(Qualifier, Cand)> = Vec::new();
    if let Some(code) = sitrep_geo::countries::country_code(name) {
        out.push((
            Qualifier {
                country: code.to_owned(),
                admin1: None,
            },
            Cand {
                kind: MentionKind::Country,
                id: format!("country:{code}"),
                name: name.to_owned(),
                country: Some(code.to_owned()),
                admin1: None,
                lat: 0.0,
                lon: 0.0,
                population: 0,
                exact: true,
            },
        ));
        return out;
    }
    for r in regions.lookup(name) {
        out.push((
            Qualifier {
                country: r.country.clone().unwrap_or_default(),
                admin1: r.admin1.clone(),
            },
            r.clone(),
        ));
    }
    if let Some(index) = admin2 {
        // A division without places of its own is a meaning only when no
        // region or country has the name, and one abroad never is when a
        // region has it ("Virginia" is the state, whatever else GeoNames
        // calls so: a municipality of Honduras too).
        let mut found = index.lookup(name);
        found.retain(|(d, _)| {
            out.is_empty()
                || (!d.placeless
                    && out
                        .iter()
                        .any(|(q, _)| q.country.as_str() == d.country.as_str()))
        });
        let whole: Vec<_> = found.iter().filter(|(_, w)| *w).collect();
        let usable: Vec<_> = if !whole.is_empty() {
            whole
        } else if found.len() <= 3 && out.is_empty() {
            found.iter().collect()
        } else {
            Vec::new()
        };
        for (d, whole) in usable {
            out.push((
                Qualifier {
                    country: d.country.clone(),
                    admin1: d.admin1.clone(),
                },
                Cand {
                    kind: MentionKind::Admin2,
                    id: format!("admin2:{}", d.code),
                    name: d.name.clone(),
                    country: Some(d.country.clone()),
                    admin1: d.admin1.clone(),
                    lat: d.lat,
                    lon: d.lon,
                    population: d.population,
                    exact: *whole,
                },
            ));
        }
    }
    out
}

/// A qualifying name that is no division the gazetteer holds but a town
/// of the qualifiers' country (and region, when they name one): "Tondo
/// Erkokoni (Koro, Mopti)", "Lomani (Djugu, Ituri)", where Koro and Djugu
/// are districts named after their chief town. The town is the most
/// specific area the text gives — nearer than the region. Only a town the
/// text names by its own name; the largest if several fit.
fn town_named(spans: &[Span], name: &Name, country: &str, admin1s: &[String]) -> Option<Cand> {
    let span = spans
        .iter()
        .find(|s| s.first == name.first && s.last == name.last)?;
    let key = normalise(&name.text);
    span.candidates()
        .iter()
        .filter(|c| {
            c.kind == Kind::Place
                && c.country == country
                && normalise(&c.name) == key
                && (admin1s.is_empty()
                    || c.admin1
                        .as_deref()
                        .is_some_and(|a| admin1s.contains(&normalise(a))))
        })
        .max_by_key(|c| c.population)
        .map(|c| Cand {
            kind: MentionKind::Place,
            id: c.gazetteer_id.clone(),
            name: c.name.clone(),
            country: Some(c.country.clone()),
            admin1: c.admin1.clone(),
            lat: c.lat,
            lon: c.lon,
            population: c.population,
            exact: true,
        })
}

fn admin1_candidate(c: &Cand) -> Candidate {
    Candidate {
        kind: Kind::Admin1,
        gazetteer_id: c.id.clone(),
        name: c.name.clone(),
        country: c.country.clone().unwrap_or_default(),
        admin1: None,
        lat: c.lat,
        lon: c.lon,
        population: c.population,
        score: 0.0,
    }
}

/// Reads the qualifiers behind every span (see the module docs): sets
/// `qualifiers` and `area` on the qualified spans, adds region mentions the
/// gazetteer spells otherwise, and region candidates to qualifying names.
pub(crate) fn apply(
    tokens: &[Token],
    chars: &[char],
    spans: &mut Vec<Span>,
    regions: &Regions,
    admin2: Option<&Admin2Index>,
) {
    let mut added: Vec<Span> = Vec::new();
    // Qualified names: the accepted spans, and capitalised names the
    // gazetteer lacks right before a bracket ("Bukumbirwa (…)").
    let mut targets: Vec<(Option<usize>, usize, usize)> = Vec::new();
    for (k, s) in spans.iter().enumerate() {
        if s.accepted || s.feature {
            targets.push((Some(k), s.first, s.last));
        }
    }
    for i in 0..tokens.len() {
        let t = &tokens[i];
        let opens = tokens.get(i + 1).is_some_and(|n| n.gap.trim() == "(")
            || appositive_container(tokens, i + 1).is_some()
            || (tokens
                .get(i + 1)
                .is_some_and(|n| !n.cap && BETWEEN.contains(&n.lower().as_str()))
                && tokens.get(i + 2).is_some_and(|n| n.gap.trim() == "("));
        if !t.cap || t.upper || !opens || spans.iter().any(|s| s.first <= i && i <= s.last) {
            continue;
        }
        let mut first = i;
        while first > i.saturating_sub(3)
            && first > 0
            && !tokens[first].sentence_start
            && tokens[first - 1].cap
            && !tokens[first - 1].upper
            && tokens[first].gap.chars().all(|c| c == ' ')
            && !tokens[first].gap.is_empty()
            && !spans.iter().any(|s| s.first < first && first - 1 <= s.last)
        {
            first -= 1;
        }
        if tokens[first].sentence_start || t.text.chars().count() < 3 {
            continue;
        }
        targets.push((None, first, i));
    }
    for (index, first, last) in targets {
        let (names, bracket) = names_after(tokens, chars, last, index.is_none());
        if names.is_empty() {
            continue;
        }
        let found: Vec<Vec<(Qualifier, Cand)>> = names
            .iter()
            .map(|n| meanings(&n.text, regions, admin2))
            .collect();
        // The countries most names agree on.
        let mut votes: HashMap<&str, usize> = HashMap::new();
        for f in &found {
            let mut seen: Vec<&str> = f.iter().map(|(q, _)| q.country.as_str()).collect();
            seen.sort_unstable();
            seen.dedup();
            for c in seen {
                *votes.entry(c).or_default() += 1;
            }
        }
        let Some(&top) = votes.values().max() else {
            continue;
        };
        let countries: Vec<&str> = votes
            .iter()
            .filter(|(_, v)| **v == top)
            .map(|(c, _)| *c)
            .collect();
        if countries.len() > 1 && top == 1 && found.iter().flatten().count() > 3 {
            continue;
        }
        let keep = |q: &Qualifier| countries.contains(&q.country.as_str());
        // The regions the names give, for [`town_named`].
        let admin1s: Vec<String> = found
            .iter()
            .flatten()
            .filter(|(q, _)| keep(q))
            .filter_map(|(q, _)| q.admin1.as_deref().map(normalise))
            .collect();
        let mut qualifiers: Vec<Qualifier> = Vec::new();
        let mut area: Option<Cand> = None;
        for (n, f) in names.iter().zip(&found) {
            let fitting: Vec<&(Qualifier, Cand)> = f.iter().filter(|(q, _)| keep(q)).collect();
            for (q, _) in &fitting {
                if !qualifiers.contains(q) {
                    qualifiers.push(q.clone());
                }
            }
            // The first name that names one area is the most specific: a
            // division if only one fits, else a region.
            if area.is_none() && countries.len() == 1 {
                let of = |kind: MentionKind| -> Vec<&Cand> {
                    fitting
                        .iter()
                        .map(|(_, c)| c)
                        .filter(|c| c.kind == kind)
                        .collect()
                };
                let (divisions, regions) = (of(MentionKind::Admin2), of(MentionKind::Admin1));
                if divisions.len() == 1 {
                    area = Some(divisions[0].clone());
                } else if divisions.is_empty() && regions.len() == 1 {
                    area = Some(regions[0].clone());
                } else if divisions.is_empty() && regions.is_empty() {
                    area = town_named(spans, n, countries[0], &admin1s);
                }
            }
            // The name itself as a region mention.
            let region: Option<&Cand> = fitting
                .iter()
                .map(|(_, c)| c)
                .find(|c| c.kind == MentionKind::Admin1);
            let Some(region) = region else { continue };
            match spans
                .iter_mut()
                .find(|s| s.first <= n.last && n.first <= s.last)
            {
                Some(s) => {
                    if let Source::Gazetteer(c) = &mut s.source
                        && s.first == n.first
                        && !c.iter().any(|c| c.gazetteer_id == region.id)
                    {
                        c.push(admin1_candidate(region));
                        s.accepted = true;
                        s.qualifying = true;
                    }
                }
                None => {
                    if added.iter().any(|s| s.first == n.first) {
                        continue;
                    }
                    added.push(new_span(
                        tokens,
                        n.first,
                        n.last,
                        n.text.clone(),
                        vec![admin1_candidate(region)],
                    ));
                }
            }
        }
        if qualifiers.is_empty() {
            continue;
        }
        let list_follows = names
            .last()
            .is_some_and(|n| continues_list(tokens, spans, first, n.last));
        match index {
            Some(k) => {
                let span = &mut spans[k];
                // "Kano, Kaduna" may be a list: after a comma, fall back
                // only from a namesake in another country, or from namesakes
                // all outside the state or province the comma gives
                // ("Claremont, Virginia"; see [`outside_region`]).
                let abroad = || {
                    span.candidates().iter().all(|c| {
                        area.as_ref()
                            .is_none_or(|a| a.country.as_deref() != Some(c.country.as_str()))
                    })
                };
                if bracket
                    || abroad()
                    || (!list_follows && outside_region(span.candidates(), &qualifiers))
                {
                    span.area = area;
                }
                if span.qualifiers.is_empty() {
                    span.qualifiers = qualifiers;
                }
            }
            None => {
                let Some(area) = area else { continue };
                let text: String = chars[tokens[first].start..tokens[last].end]
                    .iter()
                    .collect();
                let mut span = new_span(tokens, first, last, text, Vec::new());
                span.qualifying = false;
                span.qualifiers = qualifiers;
                span.area = Some(area);
                added.push(span);
            }
        }
    }
    if !added.is_empty() {
        spans.extend(added);
        spans.sort_by_key(|s| s.first);
    }
}

/// Cities this large named first in "X, Y" are themselves the place meant
/// (and "Lagos, Ibadan" a list), whatever Y is.
pub(crate) const LIST_CITY_POPULATION: u64 = 1_000_000;

/// "X, Y" where Y names a first-level region (a state, a province) and every
/// namesake of X the gazetteer holds is a town outside it: the gazetteer
/// lacks this X. Not when X is itself a region or country, or a city of a
/// million ("Kano, Kaduna", "Lagos, Ibadan" are lists).
fn outside_region(candidates: &[Candidate], qualifiers: &[Qualifier]) -> bool {
    let regions: Vec<(&str, String)> = qualifiers
        .iter()
        .filter_map(|q| Some((q.country.as_str(), normalise(q.admin1.as_deref()?))))
        .collect();
    if regions.is_empty() || candidates.is_empty() {
        return false;
    }
    candidates.iter().all(|c| {
        c.kind == Kind::Place
            && c.population < LIST_CITY_POPULATION
            && !regions.iter().any(|(country, region)| {
                *country == c.country.as_str()
                    && c.admin1.as_deref().is_some_and(|a| normalise(a) == *region)
            })
    })
}

/// Whether "X, Y" (X from token `first`, Y ending at token `last`) is part
/// of a list of places rather than a place and its region: "Miami, West Palm
/// Beach, New York, and Detroit", "Kano, Kaduna and Zaria", "Copenhagen,
/// Hamburg, Brasov". A capitalised name before X after a comma, or one
/// after Y after a comma or "and", makes a list; a country after Y ("…, Ohio,
/// United States") does not.
fn continues_list(tokens: &[Token], spans: &[Span], first: usize, last: usize) -> bool {
    let before = first
        .checked_sub(1)
        .and_then(|i| tokens.get(i))
        .is_some_and(|b| b.cap && tokens[first].gap.trim() == ",");
    if before {
        return true;
    }
    let Some(next) = tokens.get(last + 1) else {
        return false;
    };
    let country_at = |i: usize| {
        spans
            .iter()
            .any(|s| s.first == i && s.candidates().iter().any(|c| c.kind == Kind::Country))
    };
    let word = next.lower();
    if !next.cap && matches!(next.gap.trim(), "" | ",") && (word == "and" || word == "or") {
        return tokens.get(last + 2).is_some_and(|t| t.cap);
    }
    next.gap.trim() == "," && next.cap && !country_at(last + 1)
}

fn new_span(
    tokens: &[Token],
    first: usize,
    last: usize,
    surface: String,
    candidates: Vec<Candidate>,
) -> Span {
    Span {
        first,
        last,
        start: tokens[first].start,
        end: tokens[last].end,
        surface,
        source: Source::Gazetteer(candidates),
        qualifiers: Vec::new(),
        accepted: true,
        strong: true,
        person: false,
        admin2: false,
        qualifying: true,
        feature: false,
        area: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_letter_off() {
        let c = |s: &str| s.chars().collect::<Vec<char>>();
        assert!(one_edit(&c("andalucia"), &c("andalusia")));
        assert!(one_edit(&c("kivu"), &c("kivus")));
        assert!(one_edit(&c("abc"), &c("abc")));
        assert!(!one_edit(&c("andalucia"), &c("andalusie a")));
        assert!(!one_edit(&c("kano"), &c("kogi")));
    }

    #[test]
    fn direction_adjectives_fold_to_directions() {
        assert_eq!(fold("North Darfur", false), fold("Northern Darfur", false));
        assert_ne!(fold("North Darfur", false), fold("Western Darfur", false));
    }

    #[test]
    fn foreign_direction_words_fold_to_english() {
        assert_eq!(fold("Nord-Kivu", false), fold("North Kivu", false));
        assert_eq!(fold("Sud Ouest", false), fold("South West", false));
        assert_eq!(fold("Shan-North", true), "shan");
        assert_eq!(fold("Kayah State", true), "kayah");
    }
}
