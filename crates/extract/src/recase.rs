//! Capitals back for case-folded text. Some corpora and feeds deliver news
//! all in lower case ("police shot dead two men in bareilly on monday"),
//! and the geoparser, the date reader and the sentence rules all lean on
//! capitals. For such a text (almost no capital letters) this puts back
//! the capitals that matter, letter for letter so every offset stays the
//! same: the first word of a sentence or line, weekdays, month names next
//! to a number ("march 10", "10 may"), a dateline ("lucknow:") and a place
//! the gazetteer knows after "in", "at", "near", "from", "of" or before
//! "district", "city", "town", "village" (one or two words: "new delhi").

use crate::dates::{month_number, weekday_named};

/// Whether the text is case-folded: at least 40 letters, under 0.5 % of
/// them capitals.
pub fn is_case_folded(chars: &[char]) -> bool {
    let letters = chars.iter().filter(|c| c.is_alphabetic()).count();
    let upper = chars.iter().filter(|c| c.is_uppercase()).count();
    letters >= 40 && upper * 200 < letters
}

/// Words before a place name.
const BEFORE_PLACE: &[&str] = &["in", "at", "near", "from", "of"];
/// Words after a place name.
const AFTER_PLACE: &[&str] = &["district", "city", "town", "village", "tehsil", "taluk"];
/// Words never inside a two-word place name.
const FUNCTION: &[&str] = &[
    "the", "and", "his", "her", "their", "its", "our", "this", "that", "which", "police",
    "custody", "court", "jail", "for", "with", "was", "were", "are", "has", "had", "have",
];
/// Words that follow "in"/"of" in news and that the gazetteer also knows
/// as some village: never a place in case-folded text.
const NOT_PLACES: &[&str] = &[
    "police",
    "custody",
    "court",
    "jail",
    "prison",
    "hospital",
    "connection",
    "charge",
    "case",
    "cases",
    "order",
    "protest",
    "support",
    "power",
    "office",
    "force",
    "forces",
    "march",
    "may",
    "government",
    "state",
    "public",
    "people",
    "time",
    "home",
    "house",
    "front",
    "area",
    "areas",
    "addition",
    "view",
    "light",
    "place",
    "touch",
    "favour",
    "turn",
    "fact",
    "all",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "your",
    "which",
    "what",
    "whom",
    "some",
    "any",
    "each",
    "every",
    "such",
    "other",
    "both",
    "many",
    "most",
    "more",
    "much",
    "few",
    "several",
    "no",
    "not",
    "it",
    "them",
    "him",
    "us",
    "me",
    "you",
    "he",
    "she",
    "they",
    "we",
    "i",
    "over",
    "under",
    "after",
    "before",
    "between",
    "about",
    "around",
    "into",
    "on",
    "by",
    "with",
    "for",
    "to",
    "as",
    "up",
    "out",
    "off",
    "down",
    "party",
    "city",
    "town",
    "village",
    "district",
    "station",
    "post",
    "camp",
    "jungle",
    "forest",
    "forests",
    "field",
    "market",
    "temple",
    "school",
    "college",
    "university",
    "road",
    "highway",
    "train",
    "bus",
    "car",
    "view",
    "way",
    "line",
    "lines",
    "border",
    "centre",
    "center",
    "north",
    "south",
    "east",
    "west",
    "central",
    "union",
    "congress",
    "army",
    "school",
    "bank",
    "post",
    "station",
    "general",
    "national",
    "local",
    "last",
    "next",
    "first",
    "second",
    "third",
    "new",
    "old",
    "mob",
    "crowd",
    "violence",
    "riots",
    "clash",
    "clashes",
    "firing",
    "search",
    "hunt",
    "action",
    "encounter",
    "operation",
    "raid",
    "raids",
    "arrest",
    "arrests",
    "murder",
    "death",
    "deaths",
    "life",
    "lives",
    "age",
    "years",
    "year",
    "months",
    "month",
    "days",
    "day",
    "week",
    "weeks",
    "night",
    "morning",
    "evening",
    "afternoon",
    "hours",
    "minutes",
];

/// Puts back the capitals of a case-folded text in place; `place` says
/// whether a lower-case name (one or two words) is a place worth a capital.
pub fn recase(chars: &mut [char], place: impl Fn(&str) -> bool) {
    // Words: (start, end) of runs of letters, digits, hyphens, apostrophes.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_alphanumeric() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric()
                    || (matches!(chars[i], '-' | '\'')
                        && chars.get(i + 1).is_some_and(|c| c.is_alphanumeric())))
            {
                i += 1;
            }
            words.push((start, i));
        } else {
            i += 1;
        }
    }
    let text = |(a, b): (usize, usize), chars: &[char]| chars[a..b].iter().collect::<String>();
    let lower: Vec<String> = words.iter().map(|&w| text(w, chars)).collect();
    let is_number = |k: usize| {
        lower
            .get(k)
            .is_some_and(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
    };
    let mut capital = vec![false; words.len()];
    for (k, &(start, end)) in words.iter().enumerate() {
        let w = lower[k].as_str();
        // The first word of a sentence or line.
        let before = chars[..start]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '(' | '“' | '‘'));
        let line_start = chars[..start]
            .iter()
            .rev()
            .take_while(|c| !c.is_alphanumeric())
            .any(|&c| c == '\n');
        if before.is_none_or(|c| matches!(c, '.' | '!' | '?')) || line_start {
            capital[k] = true;
        }
        if weekday_named(w).is_some()
            || (month_number(w).is_some() && (is_number(k + 1) || (k > 0 && is_number(k - 1))))
        {
            capital[k] = true;
        }
        // A dateline: "lucknow:".
        if chars.get(end) == Some(&':') && !NOT_PLACES.contains(&w) && place(w) {
            capital[k] = true;
        }
    }
    // Places, two words before one.
    let mut k = 0;
    while k < words.len() {
        let context_before = k > 0 && BEFORE_PLACE.contains(&lower[k - 1].as_str());
        let mut taken = 0;
        for n in [2usize, 1] {
            if k + n > words.len() {
                continue;
            }
            let parts = &lower[k..k + n];
            // One word: not a common word; two: no function word inside.
            let common = |p: &String| {
                p.len() < 3
                    || if n == 1 {
                        NOT_PLACES.contains(&p.as_str())
                    } else {
                        FUNCTION.contains(&p.as_str())
                    }
            };
            if parts.iter().any(common) {
                continue;
            }
            let after = lower
                .get(k + n)
                .is_some_and(|a| AFTER_PLACE.contains(&a.as_str()));
            if (context_before || after) && place(&parts.join(" ")) {
                taken = n;
                break;
            }
        }
        for c in capital.iter_mut().skip(k).take(taken) {
            *c = true;
        }
        k += taken.max(1);
    }
    for (k, &(start, _)) in words.iter().enumerate() {
        if capital[k] && chars[start].is_ascii_lowercase() {
            chars[start] = chars[start].to_ascii_uppercase();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, places: &[&str]) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        recase(&mut chars, |w| places.contains(&w));
        chars.into_iter().collect()
    }

    #[test]
    fn detects_case_folded_text() {
        let folded: Vec<char> = "the district collector met the villagers on tuesday and \
                                 promised water"
            .chars()
            .collect();
        assert!(is_case_folded(&folded));
        let normal: Vec<char> = "The district collector met the villagers on Tuesday and \
                                 promised water"
            .chars()
            .collect();
        assert!(!is_case_folded(&normal));
        assert!(!is_case_folded(&"short".chars().collect::<Vec<_>>()));
    }

    #[test]
    fn restores_sentence_starts_days_months_and_places() {
        let out = run(
            "2002 kanpur: two youths were picked up near new town on sunday. \
             on march 4 the court in kanpur heard them; the may fair is off.",
            &["kanpur", "new town", "new"],
        );
        assert_eq!(
            out,
            "2002 Kanpur: two youths were picked up near New Town on Sunday. \
             On March 4 the court in Kanpur heard them; the may fair is off."
        );
    }

    #[test]
    fn common_words_after_in_stay_lower_case() {
        let out = run(
            "he died in police custody in gaya district.",
            &["police", "gaya", "custody"],
        );
        assert_eq!(out, "He died in police custody in Gaya district.");
    }
}
