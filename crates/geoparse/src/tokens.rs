//! Words of the plain text with their character offsets, and what the rules
//! need to know about each: capitalisation, sentence starts and the characters
//! between a word and the one before it (so "St. Louis" joins, "Moscow. The"
//! does not, and "Tajikistan's" keeps its possessive in the gap).

/// One word.
#[derive(Debug, Clone)]
pub struct Token {
    /// Character offsets into the text, end exclusive.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// First letter upper case.
    pub cap: bool,
    /// Every letter upper case (and at least two letters).
    pub upper: bool,
    /// First word of a sentence, a line or the text.
    pub sentence_start: bool,
    /// The characters between the previous word and this one.
    pub gap: String,
}

impl Token {
    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "st", "mt", "ft", "mr", "mrs", "ms", "dr", "gov", "sen", "rep", "gen", "col", "lt", "sgt",
    "capt", "prof", "rev", "jr", "sr", "no", "vs", "u.s", "u.k", "inc", "co", "corp", "ltd", "jan",
    "feb", "aug", "sept", "oct", "nov", "dec", "ave", "blvd", "rd",
];

pub fn is_abbreviation(word: &str) -> bool {
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Where a short lower-case particle starting at `from` ends, when it is
/// followed by a hyphen and a capital (`au-P` of Port-au-Prince).
fn particle_end(chars: &[char], from: usize) -> Option<usize> {
    let len = chars[from..]
        .iter()
        .take_while(|c| c.is_lowercase())
        .count();
    let end = from + len;
    let joins = (1..=4).contains(&len)
        && chars.get(end) == Some(&'-')
        && chars.get(end + 1).is_some_and(|c| c.is_uppercase());
    joins.then_some(end)
}

/// Splits `chars` into words.
pub fn tokenize(chars: &[char]) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = 0;
    let mut last_end = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j];
            if c.is_alphanumeric() {
                j += 1;
                continue;
            }
            let next = chars.get(j + 1).copied();
            let next_alnum = next.is_some_and(char::is_alphanumeric);
            if !next_alnum {
                break;
            }
            if is_apostrophe(c) {
                // Possessive 's stays out of the word.
                let after = chars.get(j + 2).copied();
                if matches!(next, Some('s' | 'S')) && !after.is_some_and(char::is_alphanumeric) {
                    break;
                }
                j += 1;
                continue;
            }
            if c == '-' {
                // al-Qamishli and Guinea-Bissau join; Moscow-based splits.
                let so_far: String = chars[start..j].iter().collect();
                let short_lower = so_far.chars().count() <= 3
                    && so_far
                        .chars()
                        .all(|c| c.is_lowercase() || c.is_ascii_digit());
                // "D-Raleigh", "R-Fairfax": a party, then the member's home.
                let party = matches!(so_far.as_str(), "D" | "R" | "I");
                if (next.is_some_and(char::is_uppercase) && !party) || short_lower {
                    j += 1;
                    continue;
                }
                // Port-au-Prince, Aix-en-Provence, Stratford-upon-Avon: a short
                // lower-case particle between two capitalised parts.
                if let Some(after) = particle_end(chars, j + 1) {
                    j = after;
                    continue;
                }
                break;
            }
            if c == '.' {
                // U.S., D.C.: single letters with full stops.
                let seg_len = chars[start..j]
                    .iter()
                    .rev()
                    .take_while(|c| c.is_alphanumeric())
                    .count();
                if seg_len == 1 && next.is_some_and(char::is_uppercase) {
                    j += 1;
                    continue;
                }
            }
            break;
        }
        // A trailing full stop of a dotted abbreviation belongs to it.
        if j < chars.len()
            && chars[j] == '.'
            && chars[start..j].contains(&'.')
            && chars[j - 1].is_alphabetic()
        {
            j += 1;
        }
        let text: String = chars[start..j].iter().collect();
        let gap: String = chars[last_end..start].iter().collect();
        let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
        // "al-Busayrah", "ez-Zor": a romanised Arabic article, then the
        // capitalised name.
        let article_name = text.split_once('-').is_some_and(|(article, name)| {
            (1..=3).contains(&article.chars().count())
                && article.chars().all(char::is_lowercase)
                && name.chars().next().is_some_and(char::is_uppercase)
        });
        let cap = text.chars().next().is_some_and(char::is_uppercase) || article_name;
        let upper = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
        let sentence_start = match tokens.last() {
            None => true,
            Some(prev) => {
                gap.contains('\n')
                    || gap.contains('!')
                    || gap.contains('?')
                    || gap.contains(':') && cap
                    || (gap.contains('.') && !is_abbreviation(&prev.text))
                    || ((gap.contains('"') || gap.contains('“')) && cap)
            }
        };
        tokens.push(Token {
            start,
            end: j,
            text,
            cap,
            upper,
            sentence_start,
            gap,
        });
        last_end = j;
        i = j;
        // Skip a possessive 's: it stays in the next word's gap.
        if j + 1 < chars.len()
            && is_apostrophe(chars[j])
            && matches!(chars[j + 1], 's' | 'S')
            && !chars.get(j + 2).is_some_and(|c| c.is_alphanumeric())
        {
            i = j + 2;
        }
    }
    tokens
}

/// Whether the gap before a word lets it join the previous word in one name
/// ("New York", "St. Louis", "Guinea - Bissau" does not).
pub fn joinable(prev: &Token, gap: &str) -> bool {
    if gap.is_empty() || gap.contains('\n') {
        return false;
    }
    if gap.chars().all(|c| c == ' ' || c == '\u{a0}') {
        return true;
    }
    let trimmed = gap.trim();
    (trimmed == "." && is_abbreviation(&prev.text)) || trimmed == "-"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particles_join_hyphenated_names() {
        let words = |text: &str| -> Vec<String> {
            let chars: Vec<char> = text.chars().collect();
            tokenize(&chars).into_iter().map(|t| t.text).collect()
        };
        assert_eq!(
            words("in Port-au-Prince on"),
            ["in", "Port-au-Prince", "on"]
        );
        assert_eq!(words("Aix-en-Provence"), ["Aix-en-Provence"]);
        assert_eq!(words("Stratford-upon-Avon"), ["Stratford-upon-Avon"]);
        // A lower-case word after a hyphen that no capital follows stays apart.
        assert_eq!(words("Moscow-based firm"), ["Moscow", "based", "firm"]);
    }

    #[test]
    fn a_romanised_article_before_a_capital_starts_a_name() {
        let chars: Vec<char> = "near al-Busayrah in Deir ez-Zor, al-qaeda"
            .chars()
            .collect();
        let caps: Vec<(String, bool)> = tokenize(&chars)
            .into_iter()
            .map(|t| (t.text, t.cap))
            .collect();
        let cap = |w: &str| caps.iter().find(|(t, _)| t == w).map(|(_, c)| *c);
        assert_eq!(cap("al-Busayrah"), Some(true));
        assert_eq!(cap("ez-Zor"), Some(true));
        assert_eq!(cap("al-qaeda"), Some(false));
        assert_eq!(cap("near"), Some(false));
    }

    #[test]
    fn words_offsets_and_sentences() {
        let text = "Gunmen hit Tajikistan's Khatlon region. The U.S. said al-Qamishli, St. Louis and Moscow-based.";
        let chars: Vec<char> = text.chars().collect();
        let tokens = tokenize(&chars);
        let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            words,
            [
                "Gunmen",
                "hit",
                "Tajikistan",
                "Khatlon",
                "region",
                "The",
                "U.S.",
                "said",
                "al-Qamishli",
                "St",
                "Louis",
                "and",
                "Moscow",
                "based"
            ]
        );
        let t = &tokens[3];
        assert_eq!(t.gap, "'s ");
        let slice: String = chars[t.start..t.end].iter().collect();
        assert_eq!(slice, "Khatlon");
        assert!(tokens[5].sentence_start);
        assert!(!tokens[7].sentence_start, "U.S. does not end the sentence");
        assert!(!tokens[10].sentence_start);
        assert!(joinable(&tokens[9], &tokens[10].gap));
        assert!(tokens[6].upper);
    }
}
