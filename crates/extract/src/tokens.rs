//! Words and punctuation with character offsets, and sentences. Every rule of
//! the extractor matches over these tokens rather than over raw strings, so
//! offsets stay character offsets into the plain text throughout.

/// One word (a run of letters and digits) or one punctuation character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Character offsets into the plain text, end exclusive.
    pub start: usize,
    pub end: usize,
    /// As written.
    pub text: String,
    /// Lowercased.
    pub lower: String,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphanumeric)
    }

    /// Starts with an uppercase letter.
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// The integer this token spells with digits (`22`, `22nd`), if any.
    pub fn digits(&self) -> Option<u32> {
        let digits: String = self.text.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() || digits.len() > 9 {
            return None;
        }
        let rest: String = self.lower.chars().skip(digits.len()).collect();
        if !matches!(rest.as_str(), "" | "st" | "nd" | "rd" | "th") {
            return None;
        }
        digits.parse().ok()
    }
}

/// Tokens of `chars[from..to]`.
pub fn tokenize(chars: &[char], from: usize, to: usize) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut i = from;
    while i < to {
        let c = chars[i];
        if c.is_alphanumeric() {
            let start = i;
            while i < to && chars[i].is_alphanumeric() {
                i += 1;
            }
            tokens.push(token(chars, start, i));
        } else {
            if !c.is_whitespace() {
                tokens.push(token(chars, i, i + 1));
            }
            i += 1;
        }
    }
    tokens
}

fn token(chars: &[char], start: usize, end: usize) -> Token {
    let text: String = chars[start..end].iter().collect();
    let lower = text.to_lowercase();
    Token {
        start,
        end,
        text,
        lower,
    }
}

/// Words before a full stop that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "maj", "capt", "sgt", "vs", "approx", "jan",
    "feb", "aug", "sept", "oct", "nov", "dec", "e", "g", "i", "u", "s", "k",
];

/// Sentence spans (character offsets, end exclusive) of `chars`: a line break
/// always ends one; `.`, `!` or `?` ends one when white space and an
/// uppercase letter, digit or quote follow and the word before is not an
/// abbreviation. Each span also carries the index of its paragraph (blocks
/// separated by a blank line).
pub fn sentences(chars: &[char]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut start = 0;
    let mut i = 0;
    let push = |out: &mut Vec<(usize, usize, usize)>, s: usize, e: usize, p: usize| {
        let mut s = s;
        let mut e = e;
        while s < e && chars[s].is_whitespace() {
            s += 1;
        }
        while e > s && chars[e - 1].is_whitespace() {
            e -= 1;
        }
        if e > s {
            out.push((s, e, p));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            push(&mut out, start, i, paragraph);
            let mut j = i;
            let mut breaks = 0;
            while j < chars.len() && chars[j].is_whitespace() {
                if chars[j] == '\n' {
                    breaks += 1;
                }
                j += 1;
            }
            if breaks >= 2 {
                paragraph += 1;
            }
            start = j;
            i = j;
            continue;
        }
        if matches!(c, '.' | '!' | '?') && ends_sentence(chars, i) {
            push(&mut out, start, i + 1, paragraph);
            start = i + 1;
        }
        i += 1;
    }
    push(&mut out, start, chars.len(), paragraph);
    out
}

fn ends_sentence(chars: &[char], i: usize) -> bool {
    let next = chars.get(i + 1);
    if !next.is_some_and(|c| *c == ' ' || *c == '\t') {
        return false;
    }
    let after = chars[i + 1..].iter().find(|c| !c.is_whitespace());
    if !after.is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\'')
    }) {
        return false;
    }
    if chars[i] != '.' {
        return true;
    }
    let mut s = i;
    while s > 0 && chars[s - 1].is_alphabetic() {
        s -= 1;
    }
    let word: String = chars[s..i].iter().collect::<String>().to_lowercase();
    // "at 10 p.m. Saturday", "at 9:40 a.m. GMT": the time goes on.
    let clock = word == "m" && s >= 2 && chars[s - 1] == '.' && matches!(chars[s - 2], 'a' | 'p');
    if clock {
        let next: String = chars[i + 1..]
            .iter()
            .skip_while(|c| c.is_whitespace())
            .take_while(|c| c.is_alphabetic())
            .collect();
        let lower = next.to_lowercase();
        if crate::dates::weekday_named(&lower).is_some()
            || crate::dates::month_number(&lower).is_some()
            || matches!(
                next.as_str(),
                "GMT"
                    | "UTC"
                    | "BST"
                    | "CET"
                    | "CEST"
                    | "EET"
                    | "EEST"
                    | "ET"
                    | "EST"
                    | "EDT"
                    | "CT"
                    | "CST"
                    | "CDT"
                    | "MT"
                    | "MST"
                    | "MDT"
                    | "PT"
                    | "PST"
                    | "PDT"
                    | "IST"
                    | "WAT"
                    | "CAT"
                    | "EAT"
                    | "SAST"
                    | "PKT"
                    | "JST"
                    | "AEST"
                    | "AEDT"
            )
        {
            return false;
        }
    }
    !ABBREVIATIONS.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_on_stops_and_lines_not_abbreviations() {
        let text: Vec<char> = "Title\n\nGen. Smith left. The U.S. envoy said no. 12 died.\nNext at 9 p.m. Sunday. At 10 p.m. Police came."
            .chars()
            .collect();
        let spans: Vec<String> = sentences(&text)
            .iter()
            .map(|&(s, e, _)| text[s..e].iter().collect())
            .collect();
        assert_eq!(
            spans,
            [
                "Title",
                "Gen. Smith left.",
                "The U.S. envoy said no.",
                "12 died.",
                "Next at 9 p.m. Sunday.",
                "At 10 p.m.",
                "Police came."
            ]
        );
        let paragraphs: Vec<usize> = sentences(&text).iter().map(|s| s.2).collect();
        assert_eq!(paragraphs, [0, 1, 1, 1, 1, 1, 1]);
    }

    #[test]
    fn tokens_keep_character_offsets() {
        let text: Vec<char> = "Küche: IS-K, 22nd".chars().collect();
        let tokens = tokenize(&text, 0, text.len());
        let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(words, ["Küche", ":", "IS", "-", "K", ",", "22nd"]);
        assert_eq!((tokens[2].start, tokens[2].end), (7, 9));
        assert_eq!(tokens[6].digits(), Some(22));
    }
}
