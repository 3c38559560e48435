//! Casualty counts: numbers in digits or words next to a word for killing or
//! wounding ("at least 145 people were killed", "killed 96", "wounding 284
//! others", "the death toll rose to 145"). Counts of attackers ("three
//! gunmen were killed") are kept apart from victims.

use crate::tokens::Token;

/// What a number counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Killed,
    Wounded,
    AttackersKilled,
}

/// One count with its token span (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Casualty {
    pub count: Count,
    pub value: u32,
    pub first: usize,
    pub last: usize,
}

const UNITS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("a dozen", 12),
    ("dozen", 12),
];

const TENS: &[(&str, u32)] = &[
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

fn unit(word: &str) -> Option<u32> {
    UNITS.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

fn tens(word: &str) -> Option<u32> {
    TENS.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

/// A number starting at token `i`: (value, end).
pub fn number_at(tokens: &[Token], i: usize) -> Option<(u32, usize)> {
    let t = tokens.get(i)?;
    let lower = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    if t.text.chars().all(|c| c.is_ascii_digit()) {
        let mut value: u32 = t.text.parse().ok()?;
        let mut end = i + 1;
        // 1,200
        while lower(end) == ","
            && tokens
                .get(end + 1)
                .is_some_and(|n| n.text.len() == 3 && n.text.chars().all(|c| c.is_ascii_digit()))
            && tokens[end].start == tokens[end - 1].end
        {
            let part: u32 = tokens[end + 1].text.parse().ok()?;
            value = value.checked_mul(1000)?.checked_add(part)?;
            end += 2;
        }
        return Some((value, end));
    }
    if let Some(tv) = tens(&t.lower) {
        if lower(i + 1) == "-"
            && let Some(u) = unit(lower(i + 2)).filter(|u| *u < 10)
        {
            return Some((tv + u, i + 3));
        }
        return Some((tv, i + 1));
    }
    if let Some(u) = unit(&t.lower) {
        if lower(i + 1) == "hundred" {
            return Some((u * 100, i + 2));
        }
        return Some((u, i + 1));
    }
    None
}

const KILLED_AFTER: &[&str] = &[
    "killed",
    "dead",
    "died",
    "deaths",
    "fatalities",
    "killing",
    "slain",
    "murdered",
    "lives",
];
const WOUNDED_AFTER: &[&str] = &[
    "wounded", "injured", "hurt", "injuries", "wounding", "injuring",
];
const SKIP_AFTER: &[&str] = &[
    "people",
    "persons",
    "civilians",
    "others",
    "other",
    "more",
    "were",
    "was",
    "have",
    "had",
    "been",
    "are",
    "reportedly",
    "also",
    "being",
    "individuals",
    "worshippers",
    "concertgoers",
    "soldiers",
    "police",
    "policemen",
    "officers",
    "children",
    "women",
    "men",
    "pilgrims",
    "students",
    "visitors",
    "bystanders",
    "mourners",
    "people's",
    "security",
    "personnel",
];
const ATTACKERS: &[&str] = &[
    "attackers",
    "attacker",
    "gunmen",
    "gunman",
    "assailants",
    "assailant",
    "militants",
    "bombers",
    "bomber",
    "perpetrators",
    "insurgents",
    "terrorists",
    "jihadists",
];
const KILL_BEFORE: &[&str] = &["killed", "killing", "kill", "kills", "claimed", "left"];
const WOUND_BEFORE: &[&str] = &[
    "wounded", "wounding", "injured", "injuring", "injures", "wounds",
];
const TOLL_BEFORE: &[&str] = &[
    "rose", "risen", "reached", "climbed", "stood", "stands", "rises", "toll",
];
const SKIP_BEFORE: &[&str] = &[
    "at",
    "least",
    "more",
    "than",
    "over",
    "nearly",
    "some",
    "about",
    "around",
    "almost",
    "to",
    "up",
    "a",
    "total",
    "of",
    "another",
    "further",
    "an",
    "estimated",
    "approximately",
    "roughly",
];

/// Casualty counts in `tokens`; `blocked` marks tokens that belong to dates.
pub fn find_casualties(tokens: &[Token], blocked: &[bool]) -> Vec<Casualty> {
    let mentions_toll = tokens.iter().any(|t| t.lower == "toll");
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if blocked.get(i).copied().unwrap_or(false) {
            i += 1;
            continue;
        }
        let Some((value, end)) = number_at(tokens, i) else {
            i += 1;
            continue;
        };
        let mut found = None;
        // Forward: "145 people were killed", "three attackers died".
        let mut attackers = false;
        let mut k = end;
        while k < tokens.len() && k < end + 6 {
            let w = tokens[k].lower.as_str();
            if ATTACKERS.contains(&w) {
                attackers = true;
            } else if KILLED_AFTER.contains(&w) {
                found = Some(if attackers {
                    Count::AttackersKilled
                } else {
                    Count::Killed
                });
                break;
            } else if WOUNDED_AFTER.contains(&w) {
                if !attackers {
                    found = Some(Count::Wounded);
                }
                break;
            } else if !SKIP_AFTER.contains(&w) {
                break;
            }
            k += 1;
        }
        // Backward: "killed at least 96", "the toll rose to 145".
        if found.is_none() && !attackers {
            let mut k = i;
            while k > 0 {
                k -= 1;
                let w = tokens[k].lower.as_str();
                if KILL_BEFORE.contains(&w) {
                    if w != "claimed" || tokens.get(end).is_some_and(|t| t.lower == "lives") {
                        found = Some(Count::Killed);
                    }
                    break;
                }
                if WOUND_BEFORE.contains(&w) {
                    found = Some(Count::Wounded);
                    break;
                }
                if TOLL_BEFORE.contains(&w) && mentions_toll {
                    found = Some(Count::Killed);
                    break;
                }
                if !SKIP_BEFORE.contains(&w) {
                    break;
                }
            }
        }
        if let Some(count) = found {
            out.push(Casualty {
                count,
                value,
                first: i,
                last: end,
            });
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn counts(text: &str) -> Vec<(Count, u32)> {
        let chars: Vec<char> = text.chars().collect();
        let tokens = tokenize(&chars, 0, chars.len());
        find_casualties(&tokens, &[])
            .into_iter()
            .map(|c| (c.count, c.value))
            .collect()
    }

    #[test]
    fn killed_and_wounded_in_digits_and_words() {
        assert_eq!(
            counts("At least 137 people were killed and more than 500 were wounded."),
            [(Count::Killed, 137), (Count::Wounded, 500)]
        );
        assert_eq!(
            counts("twin bombings killed 96 people and wounded 284 others"),
            [(Count::Killed, 96), (Count::Wounded, 284)]
        );
        assert_eq!(
            counts("the death toll had risen to at least 145"),
            [(Count::Killed, 145)]
        );
        assert_eq!(
            counts("twenty-three civilians died and three gunmen were killed"),
            [(Count::Killed, 23), (Count::AttackersKilled, 3)]
        );
        assert_eq!(counts("injuring 1,200 people"), [(Count::Wounded, 1200)]);
        assert!(counts("two days later the group spoke").is_empty());
    }
}
