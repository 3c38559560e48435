//! The actor registry: canonical names, aliases, parent organisation, home
//! country and kind, read from a tab-separated file that ships in the repo
//! (`data/actors.tsv`) and that users may replace or extend. Mentions are
//! found by token sequence, longest alias first; short aliases written in
//! capitals (`IS`, `US`, `ISKP`) or with a capital inside (`LeT`, also as
//! `LET`) match only as written, so "is", "us" and "let" never do.

use std::collections::HashMap;

use crate::ExtractError;
use crate::tokens::{Token, tokenize};

/// The registry shipped with sitrep.
pub const BUILTIN: &str = include_str!("../data/actors.tsv");

/// One registry entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    /// `terrorist`, `rebel`, `state`, …, `person`, `media`.
    pub kind: String,
    pub country: Option<String>,
    pub parent: Option<String>,
    pub aliases: Vec<String>,
}

struct Alias {
    words: Vec<String>,
    case_sensitive: bool,
    actor: usize,
}

/// Actors with an index from an alias's first word to its aliases.
pub struct Registry {
    actors: Vec<Actor>,
    index: HashMap<String, Vec<Alias>>,
}

/// One actor mention: token span (end exclusive) and the registry entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActorHit {
    pub first: usize,
    pub last: usize,
    pub actor: usize,
}

impl Registry {
    /// The registry shipped with sitrep.
    pub fn builtin() -> Result<Registry, ExtractError> {
        Registry::from_tsv(BUILTIN)
    }

    /// Reads `name \t kind \t country \t parent \t aliases|…`; `#` starts a
    /// comment line and `-` is an empty field.
    pub fn from_tsv(text: &str) -> Result<Registry, ExtractError> {
        let mut actors = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() < 2 || fields[0].trim().is_empty() {
                return Err(ExtractError::Registry {
                    line: n + 1,
                    reason: "expected at least a name and a kind".into(),
                });
            }
            let opt = |i: usize| {
                fields
                    .get(i)
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty() && *s != "-")
                    .map(str::to_owned)
            };
            actors.push(Actor {
                name: fields[0].trim().to_owned(),
                kind: fields[1].trim().to_owned(),
                country: opt(2),
                parent: opt(3),
                aliases: opt(4)
                    .map(|a| a.split('|').map(|s| s.trim().to_owned()).collect())
                    .unwrap_or_default(),
            });
        }
        Ok(Registry::new(actors))
    }

    pub fn new(actors: Vec<Actor>) -> Registry {
        let mut index: HashMap<String, Vec<Alias>> = HashMap::new();
        for (i, actor) in actors.iter().enumerate() {
            let names = std::iter::once(&actor.name).chain(&actor.aliases);
            for name in names {
                let chars: Vec<char> = name.chars().collect();
                let tokens = tokenize(&chars, 0, chars.len());
                let letters: String = name.chars().filter(|c| c.is_alphabetic()).collect();
                // "ISKP", and "LeT" or "JeM" with a capital inside: short
                // aliases that would otherwise be words ("let").
                let case_sensitive = letters.chars().count() <= 5
                    && !letters.is_empty()
                    && (letters.chars().all(char::is_uppercase)
                        || letters.chars().skip(1).any(char::is_uppercase));
                let words: Vec<String> = tokens
                    .iter()
                    .map(|t| {
                        if case_sensitive {
                            t.text.clone()
                        } else {
                            t.lower.clone()
                        }
                    })
                    .collect();
                let Some(first) = tokens.first() else {
                    continue;
                };
                index.entry(first.lower.clone()).or_default().push(Alias {
                    words,
                    case_sensitive,
                    actor: i,
                });
            }
        }
        for aliases in index.values_mut() {
            aliases.sort_by_key(|a| std::cmp::Reverse(a.words.len()));
        }
        Registry { actors, index }
    }

    pub fn get(&self, i: usize) -> Option<&Actor> {
        self.actors.get(i)
    }

    pub fn len(&self) -> usize {
        self.actors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
    }

    /// The entry whose canonical name is `name`.
    pub fn by_name(&self, name: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.name == name)
    }

    /// The entry `name` spells in full: its canonical name or an alias
    /// (`ISKP`, `Wilayat Khorasan`), case as the registry's rules allow.
    pub fn entry(&self, name: &str) -> Option<&Actor> {
        self.by_name(name)
            .or_else(|| self.lookup(name).and_then(|n| self.by_name(n)))
    }

    /// The entries whose parent organisation is `name` (its affiliates,
    /// provinces, wings), in registry order.
    pub fn affiliates<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Actor> + 'a {
        self.actors
            .iter()
            .filter(move |a| a.parent.as_deref() == Some(name))
    }

    /// The canonical name of the actor `name` spells in full (its name or
    /// one of its aliases), if any.
    pub fn lookup(&self, name: &str) -> Option<&str> {
        self.lookup_entry(name).map(|a| a.name.as_str())
    }

    /// The entry [`Registry::lookup`] names.
    pub fn lookup_entry(&self, name: &str) -> Option<&Actor> {
        let chars: Vec<char> = name.chars().collect();
        let tokens = tokenize(&chars, 0, chars.len());
        match self.find(&tokens)[..] {
            [hit] if hit.first == 0 && hit.last == tokens.len() => self.get(hit.actor),
            _ => None,
        }
    }

    /// Actor mentions in `tokens`, left to right, longest first, not overlapping.
    pub fn find(&self, tokens: &[Token]) -> Vec<ActorHit> {
        // In text written all in capitals, "IS" and "US" are words.
        let shouting = tokens
            .iter()
            .filter(|t| t.is_word())
            .all(|t| t.text.chars().all(|c| !c.is_lowercase()))
            && tokens.len() > 3;
        let mut hits = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let found = self.index.get(&tokens[i].lower).and_then(|aliases| {
                aliases.iter().find(|a| {
                    !(shouting
                        && a.case_sensitive
                        && a.words.len() == 1
                        && COMMON_WORDS.contains(&a.words[0].to_lowercase().as_str()))
                        && a.words.iter().enumerate().all(|(k, w)| {
                            tokens.get(i + k).is_some_and(|t| {
                                if a.case_sensitive {
                                    // "LeT" also as "LET", never as "let".
                                    &t.text == w
                                        || (w.chars().any(char::is_lowercase)
                                            && t.text == w.to_uppercase())
                                } else {
                                    &t.lower == w
                                }
                            })
                        })
                        && ends_word(tokens, i + a.words.len())
                })
            });
            // Part of a longer name: "West Papua National Liberation Army"
            // is not the National Liberation Army.
            let inside = i > 0 && !shouting && {
                let prev = &tokens[i - 1];
                prev.is_capitalised()
                    && prev.is_word()
                    && sitrep_geoparse::demonyms::lookup(&prev.text).is_none()
                    && !matches!(prev.lower.as_str(), "the" | "a" | "an")
                    && (i < 2 || !matches!(tokens[i - 2].text.as_str(), "." | ":" | "\n"))
            };
            let found = found.filter(|_| !inside);
            match found {
                Some(a) => {
                    hits.push(ActorHit {
                        first: i,
                        last: i + a.words.len(),
                        actor: a.actor,
                    });
                    i += a.words.len();
                }
                None => i += 1,
            }
        }
        hits
    }
}

/// Short aliases that are also English words, ignored in capitals-only text.
const COMMON_WORDS: &[&str] = &[
    "is", "us", "it", "as", "at", "an", "in", "on", "or", "to", "be", "we", "he", "me", "my", "no",
    "so", "do", "if", "of", "by", "up", "am", "aq", "isk", "let", "jem", "kia", "pdf", "saf",
    "ola", "eta", "tak", "asg", "agc", "cpc", "upc", "tdf", "flm",
];

/// An alias must not stop in the middle of a hyphenated name ("IS" in "IS-K").
fn ends_word(tokens: &[Token], end: usize) -> bool {
    match (tokens.get(end), tokens.get(end + 1)) {
        (Some(dash), Some(next)) if dash.text == "-" => {
            !(dash.start == tokens[end - 1].end && next.start == dash.end && next.is_capitalised())
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(registry: &Registry, text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let tokens = tokenize(&chars, 0, chars.len());
        registry
            .find(&tokens)
            .iter()
            .filter_map(|h| registry.get(h.actor).map(|a| a.name.clone()))
            .collect()
    }

    #[test]
    fn entries_are_found_by_alias_and_know_their_affiliates() -> Result<(), ExtractError> {
        let registry = Registry::builtin()?;
        let iskp = registry.entry("ISKP").map(|a| a.name.as_str());
        assert_eq!(iskp, Some("Islamic State Khorasan Province"));
        assert_eq!(
            registry
                .entry("Wilayat Khorasan")
                .and_then(|a| a.parent.as_deref()),
            Some("Islamic State")
        );
        let affiliates: Vec<&str> = registry
            .affiliates("Islamic State")
            .map(|a| a.name.as_str())
            .collect();
        assert!(
            affiliates.contains(&"Islamic State Khorasan Province"),
            "{affiliates:?}"
        );
        assert!(registry.entry("Nobody In Particular").is_none());
        Ok(())
    }

    #[test]
    fn aliases_resolve_to_the_canonical_name() -> Result<(), ExtractError> {
        let registry = Registry::builtin()?;
        assert!(registry.len() >= 40);
        let iskp = "Islamic State Khorasan Province";
        for alias in [
            "ISKP",
            "IS-K",
            "ISIS-K",
            "IS-KP",
            "Wilayat Khorasan",
            "Islamic State - Khorasan Province",
            "Islamic State Khorasan Province",
        ] {
            assert_eq!(
                names(&registry, &format!("{alias} claimed it")),
                [iskp],
                "{alias}"
            );
        }
        assert_eq!(names(&registry, "it is us"), Vec::<String>::new());
        assert_eq!(
            names(&registry, "Let us go, let them talk"),
            Vec::<String>::new()
        );
        assert_eq!(names(&registry, "LeT gunmen fired"), ["Lashkar-e-Taiba"]);
        assert_eq!(names(&registry, "LET gunmen fired"), ["Lashkar-e-Taiba"]);
        assert_eq!(names(&registry, "IS core"), ["Islamic State"]);
        Ok(())
    }

    #[test]
    fn malformed_lines_are_refused() {
        assert!(Registry::from_tsv("OnlyAName\n").is_err());
    }
}
