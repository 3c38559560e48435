//! Growing the actor registry from the actor names in the datasets.
//!
//! ACLED writes its actors in a few fixed shapes: `ABBR: Full Name`
//! (`JNIM: Group for Support of Islam and Muslims`), `Full Name (ABBR)`,
//! `Name (Country)` (`Islamic State (Afghanistan)`), `Group - Faction`
//! (`Boko Haram - Wilayat Gharb Ifriqiyyah`) and a period after a state's
//! forces (`Military Forces of Russia (2000-)`). [`propose`] reads those
//! shapes against a [`Registry`] and proposes changes for a person to review:
//!
//! - a dataset name that names an entry (by its abbreviation, its full name,
//!   its name without the country or period, or `Islamic State (Sahel)` as
//!   `Islamic State Sahel Province`) becomes an alias of that entry; a name
//!   whose country qualifier matches the home of one of the entry's
//!   affiliates goes to the affiliate (`Islamic State (Afghanistan)` →
//!   Islamic State Khorasan Province);
//! - a non-state armed group (ACLED interaction code 2 rebel or 3 political
//!   militia, or a name with a jihadist or rebel word when the code is not
//!   known) seen in at least `min_events` events that names nothing becomes
//!   a new entry: kind from its code, home the country of most of its
//!   events, aliases its abbreviation and full name;
//! - generic names (`Unidentified Armed Group (Somalia)`, `Protesters
//!   (Kenya)`, `Military Forces of Mali (2021-)`, ethnic, communal, clan and
//!   vigilante militias, …) never become entries.
//!
//! Pure: the caller reads the datasets (`sitrep actors grow`).

use std::collections::BTreeMap;

use crate::actors::{Actor, Registry};

/// One actor name as a dataset spells it, with what the dataset says of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observed {
    pub name: String,
    /// Events naming it.
    pub events: u64,
    /// Events by ACLED interaction code (1 state … 8 external; 0 unknown).
    pub inter: BTreeMap<u8, u64>,
    /// Events by country (ISO alpha-2).
    pub countries: BTreeMap<String, u64>,
}

impl Observed {
    /// The interaction code most of its events give (0 when none is known).
    pub fn main_inter(&self) -> u8 {
        self.inter
            .iter()
            .filter(|(code, _)| **code != 0)
            .max_by_key(|(code, n)| (**n, std::cmp::Reverse(**code)))
            .map_or(0, |(code, _)| *code)
    }

    /// The country of most of its events.
    pub fn main_country(&self) -> Option<&str> {
        self.countries
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(c, _)| c.as_str())
    }
}

/// A proposed registry change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proposal {
    /// Add `alias` to the entry named `entry`; `via` says what matched.
    Alias {
        entry: String,
        alias: String,
        events: u64,
        via: String,
    },
    /// A new entry.
    Entry { actor: Actor, events: u64 },
}

/// What a dataset name is made of.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Parts {
    /// The name without abbreviation, qualifier or faction.
    base: String,
    abbr: Option<String>,
    /// The full name after `ABBR:`, with its qualifiers.
    full: Option<String>,
    /// The last parenthesised qualifier, when it is not a period.
    qualifier: Option<String>,
    /// `Group - Faction`: the group.
    group: Option<String>,
}

/// Registry changes the dataset names `observed` suggest, most frequent
/// first: aliases for names that match an entry, new entries for armed
/// groups seen in at least `min_events` events that match none.
pub fn propose(registry: &Registry, observed: &[Observed], min_events: u64) -> Vec<Proposal> {
    let mut out = Vec::new();
    let mut order: Vec<&Observed> = observed.iter().collect();
    order.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.name.cmp(&b.name)));
    let mut new_names: Vec<String> = Vec::new();
    for obs in order {
        let name = obs.name.trim();
        if name.is_empty() || name.contains(" and/or ") {
            continue;
        }
        if let Some((entry, via)) = match_entry(registry, name, obs) {
            let known = entry.name == name || entry.aliases.iter().any(|a| a == name);
            if !known {
                out.push(Proposal::Alias {
                    entry: entry.name.clone(),
                    alias: name.to_owned(),
                    events: obs.events,
                    via,
                });
            }
            continue;
        }
        if obs.events < min_events
            || is_generic(name)
            || is_civic(name)
            || !is_armed_group(name, obs)
        {
            continue;
        }
        let parts = parse(name);
        let kind = match obs.main_inter() {
            3 => "political_militia",
            4 => "identity_militia",
            8 => "external",
            _ => "rebel",
        };
        // `Group - Faction` and `Group (Faction)`: the group is the parent.
        let faction_of = parts.group.as_deref().or(parts
            .qualifier
            .as_ref()
            .filter(|q| country_of(q).is_none())
            .map(|_| parts.base.as_str()));
        let parent = faction_of
            .and_then(|g| find(registry, g))
            .filter(|a| is_group(a))
            .map(|a| a.name.clone());
        // The full name is the entry's name; the abbreviation and the
        // dataset's spelling (which the store's actor goes by) its aliases.
        let canonical = strip_periods(parts.full.as_deref().unwrap_or(name));
        let mut aliases = Vec::new();
        if let Some(abbr) = &parts.abbr
            && abbr.chars().filter(|c| c.is_alphabetic()).count() >= 4
        {
            aliases.push(abbr.clone());
        }
        aliases.push(name.to_owned());
        // An abbreviation or full name another entry already has would
        // take its mentions away: leave it out.
        aliases.retain(|a| *a != canonical && registry.lookup(a).is_none());
        aliases.dedup();
        let key = normalise(name);
        if new_names.contains(&key) {
            continue;
        }
        new_names.push(key);
        out.push(Proposal::Entry {
            actor: Actor {
                name: canonical,
                kind: kind.to_owned(),
                country: obs.main_country().map(str::to_owned),
                parent,
                aliases,
            },
            events: obs.events,
        });
    }
    // An abbreviation two new entries share names neither.
    let mut uses: BTreeMap<String, usize> = BTreeMap::new();
    for p in &out {
        if let Proposal::Entry { actor, .. } = p {
            for a in &actor.aliases {
                *uses.entry(a.clone()).or_default() += 1;
            }
        }
    }
    for p in &mut out {
        if let Proposal::Entry { actor, .. } = p {
            actor.aliases.retain(|a| uses.get(a) == Some(&1));
        }
    }
    out
}

/// The registry entry a dataset name names, and how it matched.
fn match_entry<'a>(
    registry: &'a Registry,
    name: &str,
    obs: &Observed,
) -> Option<(&'a Actor, String)> {
    if let Some(a) = registry.entry(name) {
        return Some((a, "name".into()));
    }
    if let Some(a) = by_normalised(registry, name) {
        return Some((a, "normalised name".into()));
    }
    let parts = parse(name);
    // `Group - Faction` names the faction; without a match for it, the
    // group is not the answer ("Boko Haram - Wilayat Gharb Ifriqiyyah" is
    // ISWAP, not Boko Haram).
    if parts.group.is_some() {
        if parts.base.split_whitespace().count() < 2 {
            return None;
        }
        return find(registry, &parts.base).map(|a| (a, "faction".into()));
    }
    if let Some(abbr) = &parts.abbr {
        let by_abbr = registry.entry(abbr);
        let by_full = parts.full.as_deref().and_then(|f| find(registry, f));
        return match (by_abbr, by_full) {
            (Some(a), Some(b)) if a.name != b.name => None,
            (Some(a), Some(_)) => Some((a, "abbreviation and full name".into())),
            (Some(a), None) => {
                // An abbreviation alone is weak (`JEM` is Jaish-e-Mohammed
                // and the Justice and Equality Movement): the entry must be
                // at home where the events are, or the full name begin with
                // one of its names.
                let full = normalise(parts.full.as_deref().unwrap_or(""));
                let begins = std::iter::once(&a.name)
                    .chain(&a.aliases)
                    .map(|n| normalise(n))
                    .any(|n| n.len() > 5 && full.starts_with(&n));
                let at_home = a.country.is_some() && a.country.as_deref() == obs.main_country();
                (begins || at_home && shares_a_word(a, &full)).then(|| (a, "abbreviation".into()))
            }
            (None, Some(b)) => Some((b, "full name".into())),
            (None, None) => {
                // `KIO/KIA: Kachin Independence Organization/Kachin
                // Independence Army`: every part names the same entry.
                let full = parts.full.as_deref().unwrap_or("");
                let found: Vec<Option<&Actor>> = full
                    .split('/')
                    .filter(|_| full.contains('/'))
                    .map(|p| find(registry, p.trim()))
                    .collect();
                match found.first() {
                    Some(Some(a)) if found.iter().all(|f| f.is_some_and(|f| f.name == a.name)) => {
                        Some((a, "each part of the full name".into()))
                    }
                    _ => None,
                }
            }
        };
    }
    let Some(qualifier) = parts.qualifier.as_deref() else {
        // "Military Forces of Russia (2000-)": the name without its period.
        return (parts.base != name)
            .then(|| find(registry, &parts.base))
            .flatten()
            .map(|a| (a, "name without its period".into()));
    };
    let base = find(registry, &parts.base)?;
    // "Islamic State (Sahel)": the province the qualifier names.
    for shape in [
        "{b} {q}",
        "{b} {q} Province",
        "{b} in {q}",
        "{b} in the {q}",
    ] {
        let candidate = shape.replace("{b}", &parts.base).replace("{q}", qualifier);
        if let Some(a) = find(registry, &candidate) {
            return Some((a, format!("qualifier {qualifier:?}")));
        }
    }
    // "Islamic State (Afghanistan)": the affiliate at home there; else the
    // group itself when the qualifier is a country.
    let country = country_of(qualifier);
    let home = country
        .clone()
        .or_else(|| obs.main_country().map(str::to_owned));
    if let Some(home) = &home {
        let mut at_home = registry
            .affiliates(&base.name)
            .filter(|a| is_group(a) && a.country.as_deref() == Some(home.as_str()));
        if let (Some(a), None) = (at_home.next(), at_home.next()) {
            return Some((a, format!("affiliate at home in {home}")));
        }
    }
    if country.is_some() {
        // A state's or a group's forces in one country are the entry only
        // when the entry is at home there or has no home.
        return match (&base.country, &country) {
            (None, _) => Some((base, "name with a country".into())),
            (Some(h), Some(c)) if h == c => Some((base, "name with its home country".into())),
            _ => None,
        };
    }
    None
}

/// Whether the normalised `full` name has a word of four letters or more in
/// common with one of `actor`'s names (`UPC: Union for Peace in the Central
/// African Republic` has none with the Coalition of Patriots for Change).
fn shares_a_word(actor: &Actor, full: &str) -> bool {
    let words: Vec<&str> = full
        .split(' ')
        .filter(|w| w.len() >= 4 && !matches!(*w, "with" | "from" | "national" | "forces"))
        .collect();
    std::iter::once(&actor.name)
        .chain(&actor.aliases)
        .any(|n| normalise(n).split(' ').any(|w| words.contains(&w)))
}

/// An organisation, not a person or a news agency.
fn is_group(actor: &Actor) -> bool {
    !matches!(actor.kind.as_str(), "person" | "media")
}

/// The entry `name` spells, as written or normalised.
fn find<'a>(registry: &'a Registry, name: &str) -> Option<&'a Actor> {
    registry
        .entry(name)
        .or_else(|| by_normalised(registry, name))
}

/// An entry whose name or an alias equals `name` after normalisation
/// (case, accents, hyphens, apostrophes, a leading "the", "al"/"al-").
fn by_normalised<'a>(registry: &'a Registry, name: &str) -> Option<&'a Actor> {
    let key = normalise(name);
    if key.is_empty() {
        return None;
    }
    let mut found = (0..registry.len())
        .filter_map(|i| registry.get(i))
        .filter(|a| {
            a.kind != "media"
                && std::iter::once(&a.name)
                    .chain(&a.aliases)
                    .any(|n| normalise(n) == key)
        });
    match (found.next(), found.next()) {
        (Some(a), None) => Some(a),
        _ => None,
    }
}

/// Lower case, letters and digits only, words joined by one space, with
/// "the" dropped and "qaida"/"qaeda" spelt alike.
pub fn normalise(name: &str) -> String {
    let folded: String = name
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'Á' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' => 'e',
            'í' | 'ï' | 'î' => 'i',
            'ó' | 'ô' | 'ö' => 'o',
            'ú' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            '\'' | '’' | '`' => '\u{0}',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .filter(|c| *c != '\u{0}')
        .collect::<String>()
        .to_lowercase();
    folded
        .split_whitespace()
        .filter(|w| *w != "the")
        .map(|w| match w {
            "qaida" | "qaeda" => "qaeda",
            w => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits an ACLED name into its parts.
fn parse(name: &str) -> Parts {
    let mut parts = Parts::default();
    let mut rest = name.trim().to_owned();
    // ABBR: Full Name
    if let Some((abbr, full)) = rest.split_once(": ")
        && abbr.split_whitespace().next().is_some_and(is_abbreviation)
    {
        parts.abbr = Some(abbr.trim().to_owned());
        parts.full = Some(full.trim().to_owned());
        rest = full.trim().to_owned();
    }
    // Trailing qualifiers: periods are dropped, the last other one kept.
    while let Some(open) = rest.rfind(" (")
        && rest.ends_with(')')
    {
        let inner = rest[open + 2..rest.len() - 1].trim().to_owned();
        rest = rest[..open].trim().to_owned();
        if is_period(&inner) {
            continue;
        }
        if parts.abbr.is_none()
            && is_abbreviation(&inner)
            && inner.chars().next() == rest.chars().next()
        {
            parts.abbr = Some(inner);
            parts.full = Some(rest.clone());
        } else if parts.qualifier.is_none() {
            parts.qualifier = Some(inner);
        }
    }
    // Group - Faction
    if let Some((group, faction)) = rest.split_once(" - ")
        && !faction.trim().is_empty()
    {
        parts.group = Some(group.trim().to_owned());
        rest = faction.trim().to_owned();
    }
    parts.base = rest;
    parts
}

/// `name` without trailing periods: `AMISOM: … (2007-)` → `AMISOM: …`.
fn strip_periods(name: &str) -> String {
    let mut rest = name.trim();
    while let Some(open) = rest.rfind(" (")
        && rest.ends_with(')')
        && is_period(&rest[open + 2..rest.len() - 1])
    {
        rest = rest[..open].trim_end();
    }
    rest.to_owned()
}

/// `JNIM`, `ADF-NALU`, `SPLA/M-IO`, `CNDD-FDD-Imbonerakure`: capitals first.
fn is_abbreviation(s: &str) -> bool {
    let s = s.trim();
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.iter().filter(|c| c.is_uppercase()).count();
    !s.is_empty()
        && !s.contains(' ')
        && s.chars().next().is_some_and(char::is_uppercase)
        && capitals >= 2
        && s.chars()
            .take_while(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// `2000-`, `2016-2019`, `1993-1996`.
fn is_period(s: &str) -> bool {
    !s.is_empty()
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
}

/// The ISO code of a qualifier that is a country name.
fn country_of(qualifier: &str) -> Option<String> {
    if !qualifier.chars().any(char::is_lowercase) {
        return None;
    }
    sitrep_geo::country_code(qualifier).map(str::to_owned)
}

/// Names of sorts of actors rather than of one actor.
pub fn is_generic(name: &str) -> bool {
    let lower = name.to_lowercase();
    const PREFIXES: &[&str] = &[
        "unidentified",
        "protesters",
        "rioters",
        "civilians",
        "military forces of",
        "police forces of",
        "government of",
        "former military forces",
        "mutiny of",
        "private security forces",
        "prisoners",
        "labour group",
        "labor group",
        "students",
        "women",
        "journalists",
        "health workers",
        "lawyers",
        "teachers",
        "farmers",
        "refugees",
        "sole perpetrator",
        "militia (",
        "opposition rebels",
        "islamist militia",
        "local administrators",
        "muslim group",
        "christian group",
        "sailors",
        "fishers",
        "vigilante",
        "gang",
        "smugglers",
        "pirates",
        "settlers",
    ];
    const INSIDE: &[&str] = &[
        "ethnic militia",
        "communal militia",
        "clan militia",
        "tribal militia",
        "vigilante militia",
        "ethnic group",
        "pro-government",
        "unidentified",
        "(international)",
        "rebels (",
        "separatists (",
        "salafist militia",
        "national police forces",
        "former opposition",
        "and/or",
    ];
    PREFIXES.iter().any(|p| lower.starts_with(p)) || INSIDE.iter().any(|p| lower.contains(p))
}

/// Parties, unions and movements ACLED codes as political militias when
/// their members fight: actors, but not armed groups to put in the registry.
fn is_civic(name: &str) -> bool {
    let lower = format!(" {} ", normalise(name));
    [
        " party ",
        " congress ",
        " league ",
        " union of ",
        " union for ",
        " students ",
        " workers ",
        " farmers ",
        " rebellion ",
        " opposition coalition ",
        " brotherhood ",
        " boys ",
        " national resistance movement ",
        " movement for democratic change ",
        " patriotic front ",
        " people first ",
        " forum for democratic change ",
        " economic freedom fighters ",
        " national union of ",
        " everyone s front ",
        " front of organizations ",
        " territorial liberation movement ",
        " popular front dario ",
        " zero to hero ",
        " children of the liberation struggle ",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Words in the names of armed groups.
const ARMED_WORDS: &[&str] = &[
    "islamic state",
    "qaeda",
    "jihad",
    "mujahid",
    "caliphate",
    "sharia",
    "ansar",
    "shura",
    "liberation",
    "rebel",
    "militia",
    "brigade",
    "battalion",
    "army",
    "forces",
    "force",
    "resistance",
    "defense",
    "defence",
    "revolutionar",
    "units",
    "avengers",
    "jtf",
    "command",
    "operation room",
    "front",
    "sinai",
    "council",
    "asayish",
];

/// A non-state armed group: ACLED code 2 (rebels), or 3 (political
/// militias, which include parties' supporters) with a word armed groups
/// use, or, without a code, such a word.
fn is_armed_group(name: &str, obs: &Observed) -> bool {
    let armed = || {
        let lower = name.to_lowercase();
        ARMED_WORDS.iter().any(|w| lower.contains(w))
    };
    match obs.main_inter() {
        2 => true,
        3 | 0 => armed(),
        _ => false,
    }
}

/// One proposal as a registry line, with a comment saying why.
pub fn render(proposal: &Proposal) -> String {
    match proposal {
        Proposal::Alias {
            entry,
            alias,
            events,
            via,
        } => format!("+alias\t{entry}\t{alias}\t# {events} events, by {via}"),
        Proposal::Entry { actor, events } => format!("+entry\t{}\t# {events} events", line(actor)),
    }
}

/// An entry as a registry line.
pub fn line(actor: &Actor) -> String {
    let dash = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".into());
    let aliases = if actor.aliases.is_empty() {
        "-".to_owned()
    } else {
        actor.aliases.join("|")
    };
    format!(
        "{}\t{}\t{}\t{}\t{}",
        actor.name,
        actor.kind,
        dash(&actor.country),
        dash(&actor.parent),
        aliases
    )
}

/// `registry_text` with the proposals applied: aliases appended to their
/// entries' lines (comments and order kept), new entries at the end under a
/// comment. Proposals already in the text are skipped.
pub fn apply(registry_text: &str, proposals: &[Proposal]) -> String {
    let mut lines: Vec<String> = registry_text.lines().map(str::to_owned).collect();
    let mut added = Vec::new();
    for p in proposals {
        match p {
            Proposal::Alias { entry, alias, .. } => {
                for l in lines.iter_mut() {
                    if l.starts_with('#') {
                        continue;
                    }
                    let mut fields: Vec<String> = l.split('\t').map(str::to_owned).collect();
                    if fields.first().map(|f| f.trim()) != Some(entry.as_str()) {
                        continue;
                    }
                    fields.resize(5.max(fields.len()), "-".into());
                    let present = fields[0] == *alias || fields[4].split('|').any(|a| a == alias);
                    if !present {
                        if fields[4].trim() == "-" || fields[4].trim().is_empty() {
                            fields[4] = alias.clone();
                        } else {
                            fields[4] = format!("{}|{alias}", fields[4]);
                        }
                        *l = fields.join("\t");
                    }
                    break;
                }
            }
            Proposal::Entry { actor, .. } => {
                let exists = lines
                    .iter()
                    .any(|l| !l.starts_with('#') && l.split('\t').next() == Some(&actor.name));
                if !exists {
                    added.push(line(actor));
                }
            }
        }
    }
    if !added.is_empty() {
        lines.push("# Grown from dataset actor names (sitrep actors grow), reviewed.".into());
        lines.extend(added);
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGISTRY: &str = "\
Islamic State\tterrorist\t-\t-\tIS|ISIS|Daesh
Islamic State Khorasan Province\tterrorist\tAF\tIslamic State\tISKP|Wilayat Khorasan
Islamic State West Africa Province\tterrorist\tNG\tIslamic State\tISWAP|Wilayat Gharb Ifriqiyyah
Islamic State Sahel Province\tterrorist\tML\tIslamic State\tISSP|IS Sahel
Islamic State Sinai Province\tterrorist\tEG\tIslamic State\tWilayat Sinai|Sinai Province|State of Sinai
Boko Haram\tterrorist\tNG\t-\tJAS
Allied Democratic Forces\trebel\tUG\tIslamic State Central Africa Province\tADF|ADF-Nalu
Jama'at Nusrat al-Islam wal-Muslimin\tterrorist\tML\tal-Qaeda\tJNIM|Group for the Support of Islam and Muslims
al-Shabaab\tterrorist\tSO\tal-Qaeda\tal-Shabab
Kurdistan Workers' Party\trebel\tTR\t-\tPKK
Military Forces of Russia\tstate\tRU\t-\tRussian forces
Abu Bakr al-Baghdadi\tperson\tIQ\tIslamic State\tBaghdadi
Jaish-e-Mohammed\tterrorist\tPK\t-\tJeM
Kachin Independence Army\trebel\tMM\t-\tKIA|Kachin Independence Organization
Mayi Mayi Militia\tidentity_militia\tCD\t-\tMai-Mai
";

    fn obs(name: &str, events: u64, inter: u8, country: &str) -> Observed {
        Observed {
            name: name.into(),
            events,
            inter: [(inter, events)].into_iter().collect(),
            countries: [(country.to_owned(), events)].into_iter().collect(),
        }
    }

    fn proposals(observed: &[Observed]) -> Vec<Proposal> {
        let registry = Registry::from_tsv(REGISTRY).unwrap();
        propose(&registry, observed, 3)
    }

    fn alias_of(observed: Observed) -> Option<String> {
        match &proposals(&[observed])[..] {
            [Proposal::Alias { entry, .. }] => Some(entry.clone()),
            _ => None,
        }
    }

    #[test]
    fn parses_acled_shapes() {
        let p =
            parse("ADF-NALU: Allied Democratic Forces-National Army for the Liberation of Uganda");
        assert_eq!(p.abbr.as_deref(), Some("ADF-NALU"));
        assert!(p.full.as_deref().unwrap().starts_with("Allied Democratic"));
        let p = parse("AMISOM: African Union Mission in Somalia (2007-) (Kenya)");
        assert_eq!(p.abbr.as_deref(), Some("AMISOM"));
        assert_eq!(p.qualifier.as_deref(), Some("Kenya"));
        assert_eq!(p.base, "African Union Mission in Somalia");
        let p = parse("Islamic State (Afghanistan)");
        assert_eq!(
            (p.base.as_str(), p.qualifier.as_deref()),
            ("Islamic State", Some("Afghanistan"))
        );
        let p = parse("Movement for Democracy (MDJT)");
        assert_eq!(p.abbr.as_deref(), Some("MDJT"));
        assert_eq!(p.full.as_deref(), Some("Movement for Democracy"));
        let p = parse("Military Forces of Russia (2000-)");
        assert_eq!(
            (p.base.as_str(), p.qualifier),
            ("Military Forces of Russia", None)
        );
        let p = parse("Boko Haram - Wilayat Gharb Ifriqiyyah");
        assert_eq!(p.group.as_deref(), Some("Boko Haram"));
        assert_eq!(p.base, "Wilayat Gharb Ifriqiyyah");
    }

    #[test]
    fn acled_spellings_become_aliases() {
        assert_eq!(
            alias_of(obs(
                "JNIM: Group for Support of Islam and Muslims",
                40,
                2,
                "ML"
            ))
            .as_deref(),
            Some("Jama'at Nusrat al-Islam wal-Muslimin")
        );
        assert_eq!(
            alias_of(obs("PKK: Kurdistan Workers Party", 52, 2, "TR")).as_deref(),
            Some("Kurdistan Workers' Party")
        );
        assert_eq!(
            alias_of(obs("Al Shabaab", 490, 2, "SO")).as_deref(),
            Some("al-Shabaab")
        );
        assert_eq!(
            alias_of(obs("Military Forces of Russia (2000-)", 219, 8, "UA")).as_deref(),
            Some("Military Forces of Russia")
        );
        assert_eq!(
            alias_of(obs("Boko Haram - Wilayat Gharb Ifriqiyyah", 222, 2, "NG")).as_deref(),
            Some("Islamic State West Africa Province")
        );
    }

    #[test]
    fn country_and_province_qualifiers_pick_the_affiliate() {
        let to = |name: &str, country: &str| alias_of(obs(name, 30, 2, country));
        assert_eq!(
            to("Islamic State (Afghanistan)", "AF").as_deref(),
            Some("Islamic State Khorasan Province")
        );
        assert_eq!(
            to("Islamic State (West Africa)", "NE").as_deref(),
            Some("Islamic State West Africa Province")
        );
        assert_eq!(
            to("Islamic State (Sahel)", "NE").as_deref(),
            Some("Islamic State Sahel Province")
        );
        assert_eq!(
            to("Islamic State (Egypt)", "EG").as_deref(),
            Some("Islamic State Sinai Province")
        );
        assert_eq!(
            to("Islamic State (Syria)", "SY").as_deref(),
            Some("Islamic State")
        );
        // A province the registry lacks is not the core group.
        assert_eq!(to("Islamic State (Cyrenaica Province)", "LY"), None);
        // Another country's forces are not Russia's.
        assert_eq!(to("Military Forces of Russia (Ukraine)", "UA"), None);
    }

    #[test]
    fn a_lone_abbreviation_needs_the_home_or_the_name() {
        // JEM in Sudan is the Justice and Equality Movement.
        assert_eq!(
            alias_of(obs("JEM: Justice and Equality Movement", 4, 2, "SD")),
            None
        );
        assert_eq!(
            alias_of(obs("JEM: Jaish-e-Muhammad", 4, 2, "PK")).as_deref(),
            Some("Jaish-e-Mohammed")
        );
        assert_eq!(
            alias_of(obs(
                "ADF-NALU: Allied Democratic Forces-National Army for the Liberation of Uganda",
                31,
                2,
                "CD"
            ))
            .as_deref(),
            Some("Allied Democratic Forces")
        );
        assert_eq!(
            alias_of(obs(
                "KIO/KIA: Kachin Independence Organization/Kachin Independence Army",
                3,
                2,
                "MM"
            ))
            .as_deref(),
            Some("Kachin Independence Army")
        );
        // A faction in capitals is not the group's abbreviation.
        assert_eq!(
            alias_of(obs("Mayi Mayi Militia (PARECO)", 5, 3, "CD")),
            None
        );
    }

    #[test]
    fn known_spellings_propose_nothing() {
        assert!(
            proposals(&[obs("ISKP", 10, 2, "AF"), obs("State of Sinai", 31, 3, "EG")]).is_empty()
        );
    }

    #[test]
    fn frequent_unknown_armed_groups_become_entries() {
        let found = proposals(&[
            obs(
                "FDLR: Democratic Forces for the Liberation of Rwanda",
                38,
                2,
                "CD",
            ),
            obs("Giants Brigade", 87, 3, "YE"),
            obs("Tiny Front", 2, 2, "YE"),
            obs("Mayi Mayi Militia (Nyatura)", 20, 3, "CD"),
        ]);
        let entries: Vec<String> = found
            .iter()
            .filter_map(|p| match p {
                Proposal::Entry { actor, .. } => Some(line(actor)),
                _ => None,
            })
            .collect();
        assert_eq!(
            entries,
            vec![
                "Giants Brigade\tpolitical_militia\tYE\t-\t-".to_owned(),
                "Democratic Forces for the Liberation of Rwanda\trebel\tCD\t-\tFDLR|FDLR: \
                 Democratic Forces for the Liberation of Rwanda"
                    .to_owned(),
                "Mayi Mayi Militia (Nyatura)\tpolitical_militia\tCD\tMayi Mayi Militia\t-"
                    .to_owned(),
            ]
        );
    }

    #[test]
    fn generic_names_never_become_entries() {
        for name in [
            "Unidentified Armed Group (Somalia)",
            "Protesters (Kenya)",
            "Rioters (Nigeria)",
            "Civilians (Mali)",
            "Military Forces of Mali (2021-)",
            "Police Forces of Kenya (2013-)",
            "Fulani Ethnic Militia (Nigeria)",
            "Misratah Communal Militia (Libya)",
            "Vigilante Militia (South Africa)",
            "Unidentified Gang (Mexico)",
        ] {
            assert!(proposals(&[obs(name, 100, 3, "NG")]).is_empty(), "{name}");
        }
        // Civilians and rioters are not armed groups whatever their name.
        assert!(proposals(&[obs("Some Association", 100, 7, "NG")]).is_empty());
    }

    #[test]
    fn apply_appends_aliases_and_entries() {
        let proposals = vec![
            Proposal::Alias {
                entry: "Boko Haram".into(),
                alias: "Boko Haram - JAS".into(),
                events: 5,
                via: "test".into(),
            },
            Proposal::Entry {
                actor: Actor {
                    name: "Giants Brigade".into(),
                    kind: "political_militia".into(),
                    country: Some("YE".into()),
                    parent: None,
                    aliases: vec![],
                },
                events: 87,
            },
        ];
        let text = apply("# header\nBoko Haram\tterrorist\tNG\t-\tJAS\n", &proposals);
        assert_eq!(
            text,
            "# header\nBoko Haram\tterrorist\tNG\t-\tJAS|Boko Haram - JAS\n# Grown from dataset \
             actor names (sitrep actors grow), reviewed.\nGiants Brigade\tpolitical_militia\tYE\t-\t-\n"
        );
        // Applying twice changes nothing.
        assert_eq!(apply(&text, &proposals), text);
        assert!(
            Registry::from_tsv(&text)
                .unwrap()
                .entry("Boko Haram - JAS")
                .is_some()
        );
    }
}
