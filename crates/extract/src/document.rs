//! The document around the incidents: its title, its publication date, the
//! dateline that opens wire copy ("ALGIERS, March 3 (Wire) -"), headline and
//! summary lines read apart from the body, captions, and live blogs told
//! newest first.

use chrono::NaiveDate;

use crate::dates::{DateKind, DateValue};
use crate::tokens::Token;
use crate::{dates, tokens};

/// How many tokens a wire dateline takes at the start of a sentence:
/// "DAMASCUS, Feb 4 -", "MOGADISHU, Somalia (Reuters) -", "YEREVAN —",
/// "LUCKNOW:" — a place in capitals, then a comma or an agency in brackets
/// with capitalised words and numbers, then a dash or colon. A bare name
/// before the dash must not be a country (`country_at`, given the first
/// token's offset): a brief's "SOMALIA - Mogadishu" or "IRAQ / Baghdad -"
/// heading names the incident's place ([`spaced_dash_before`] reads it).
/// 0 when there is none.
pub(crate) fn dateline_len(tokens: &[Token], country_at: impl Fn(usize) -> bool) -> usize {
    let shouted = |t: &Token| {
        t.is_word()
            && t.text.chars().any(char::is_alphabetic)
            && !t.text.chars().any(char::is_lowercase)
    };
    let dash = |t: &Token| matches!(t.text.as_str(), "-" | "–" | "—" | ":");
    let mut i = 0;
    // ("GANTA/MONROVIA –": filed from two places.)
    while i < tokens.len()
        && (shouted(&tokens[i])
            || (i > 0
                && matches!(tokens[i].text.as_str(), "-" | "." | "'" | "/")
                && tokens
                    .get(i + 1)
                    .is_some_and(|t| shouted(t) && t.start == tokens[i].end)))
    {
        i += 1;
    }
    let letters: usize = tokens[..i].iter().map(|t| t.text.chars().count()).sum();
    // Enough left after it to be a sentence of its own.
    let rest_from = |at: usize| if tokens.len() > at + 5 { at + 1 } else { 0 };
    match tokens.get(i) {
        _ if i == 0 || letters < 3 => 0,
        Some(t) if dash(t) && (t.text == ":" || !country_at(tokens[0].start)) => rest_from(i),
        Some(t) if dash(t) => 0,
        Some(t) if matches!(t.text.as_str(), "," | "(") => {
            while i < tokens.len() && i < 14 {
                let t = &tokens[i];
                if dash(t) {
                    return rest_from(i);
                }
                let fits = matches!(t.text.as_str(), "," | "(" | ")" | ".")
                    || t.is_capitalised()
                    || t.digits().is_some();
                if !fits {
                    return 0;
                }
                i += 1;
            }
            0
        }
        _ => 0,
    }
}

/// The first line of the document, without a site name after " | ".
pub(crate) fn detect_title(chars: &[char]) -> Option<String> {
    let text: String = chars.iter().take(2000).collect();
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.to_lowercase().starts_with("published"))?;
    let title = line.split(" | ").next().unwrap_or(line).trim();
    (!title.is_empty()).then(|| title.to_owned())
}

/// A `Published:`/`Date:` line near the top, else an HTML publication
/// timestamp (`article:published_time`, `datePublished`, `<time datetime>`).
pub(crate) fn detect_published(raw: &str, chars: &[char]) -> Option<NaiveDate> {
    let head: String = chars.iter().take(4000).collect();
    for line in head.lines().take(40) {
        let line = line.trim().trim_start_matches(['*', '_']);
        let lower = line.to_lowercase();
        // "Published: …" opening the line, or after a separator in a
        // byline ("17–23 October 2026 · compiled by the desk · published
        // Saturday 24 October 2026").
        let at = ["published", "date:", "posted", "updated"]
            .iter()
            .filter_map(|p| {
                lower
                    .match_indices(p)
                    .map(|(i, _)| i)
                    .find(|&i| i == 0 || lower[..i].trim_end().ends_with(['·', '|', '•', '—']))
            })
            .min();
        if let Some(at) = at {
            let line = &line[at..];
            let lc: Vec<char> = line.chars().collect();
            let tokens = tokens::tokenize(&lc, 0, lc.len());
            let found = dates::find_dates(&tokens, None)
                .into_iter()
                .find_map(|h| match h.kind {
                    DateKind::Date(Some(DateValue::Day(d))) => Some(d),
                    _ => None,
                });
            if found.is_some() {
                return found;
            }
        }
    }
    // A short line near the top with a full date: "Dushanbe, 9 October
    // 2023" under a press release's heading, "14 September 2022 · 4 min
    // read" under a headline. (The input's own lines too: unwrapping may
    // have run a slug and its date line into one.)
    let raw_lines = if raw.trim_start().starts_with('<') {
        None
    } else {
        Some(raw.lines().take(15))
    };
    for line in head.lines().take(15).chain(raw_lines.into_iter().flatten()) {
        let lc: Vec<char> = line.chars().collect();
        let mut tokens = tokens::tokenize(&lc, 0, lc.len());
        if tokens.iter().filter(|t| t.is_word()).count() > 12 {
            // A wire story's dateline opening a long line ("DUMAGUETE,
            // Philippines, May 20, 2023 (Archipelago Press) - Communist
            // guerrillas …"): the words before its dash.
            let Some(dash) = tokens
                .iter()
                .take(16)
                .position(|t| matches!(t.text.as_str(), "-" | "–" | "—"))
            else {
                continue;
            };
            tokens.truncate(dash);
        }
        let with_year = |h: &dates::DateHit| {
            tokens[h.first..h.last]
                .iter()
                .any(|t| t.digits().is_some_and(|y| y >= 1900))
        };
        if let Some(d) = dates::find_dates(&tokens, None)
            .into_iter()
            .filter(with_year)
            .find_map(|h| match h.kind {
                DateKind::Date(Some(DateValue::Day(d))) => Some(d),
                _ => None,
            })
        {
            return Some(d);
        }
    }
    for key in ["published_time", "datePublished", "datetime="] {
        let Some(at) = raw.find(key) else {
            continue;
        };
        let window: String = raw[at..].chars().take(80).collect();
        let bytes = window.as_bytes();
        for s in 0..bytes.len().saturating_sub(10) {
            if let Some(part) = window.get(s..s + 10)
                && let Ok(d) = NaiveDate::parse_from_str(part, "%Y-%m-%d")
            {
                return Some(d);
            }
        }
    }
    None
}

/// Whether the line holding char `at` is a photo's caption ("Police
/// officers at the spot where the men were beaten. Photo: Courier"): what a
/// picture shows, told again in the story.
pub(crate) fn caption_line(chars: &[char], at: usize) -> bool {
    let from = chars[..at]
        .iter()
        .rposition(|c| *c == '\n')
        .map_or(0, |p| p + 1);
    let to = chars[at..]
        .iter()
        .position(|c| *c == '\n')
        .map_or(chars.len(), |p| at + p);
    let line: String = chars[from..to].iter().collect();
    [
        "Photo:",
        "Photograph:",
        "Photo credit",
        "(Photo",
        "Pictured:",
    ]
    .iter()
    .any(|mark| line.contains(mark))
}

/// A heading line: the whole line, no closing stop, at most 20 words.
pub(crate) fn is_headline(chars: &[char], start: usize, end: usize, tokens: &[Token]) -> bool {
    // ("4. SCENARIOS": past the section's number.)
    let mut at = start;
    while at > 0 && chars[at - 1] == ' ' {
        at -= 1;
    }
    if at > 0 && matches!(chars[at - 1], '.' | ')') {
        let mut digits = at - 1;
        while digits > 0 && chars[digits - 1].is_ascii_digit() {
            digits -= 1;
        }
        if digits < at - 1 {
            at = digits;
        }
    }
    let line_start = at == 0 || chars[..at].iter().rev().find(|c| **c != ' ') == Some(&'\n');
    let line_end = chars[end..]
        .iter()
        .find(|c| **c != ' ')
        .is_none_or(|c| *c == '\n');
    // (A quote closes a line only after a stop: '… he said."', not
    // 'Scenario B — "Brittle standoff"'.)
    let closed = match chars[..end] {
        [.., before, '"' | '”'] => matches!(before, '.' | '!' | '?' | ','),
        [.., last] => matches!(last, '.' | '!' | '?' | ':' | ';'),
        [] => false,
    };
    line_start && line_end && !closed && tokens.iter().filter(|t| t.is_word()).count() <= 20
}

/// Whether a heading opens scenarios: it names them, or gives an outcome
/// its probability ("2. Contested result (35%)").
pub(crate) fn opens_scenarios(line: &[char], tokens: &[Token]) -> bool {
    tokens
        .iter()
        .any(|t| matches!(t.lower.as_str(), "scenario" | "scenarios"))
        || line.windows(2).any(|w| w == ['%', ')'])
}

/// Whether a heading opens a summary of the body: "KEY POINTS",
/// "Highlights", "In brief".
pub(crate) fn opens_summary(tokens: &[Token]) -> bool {
    let words: Vec<&str> = tokens.iter().map(|t| t.lower.as_str()).collect();
    // ("This week in brief", "Summary of the day", "Top lines".)
    words.len() <= 6
        && (words.windows(2).any(|w| {
            matches!(
                w,
                ["key", "points" | "developments"]
                    | ["in", "brief"]
                    | ["at", "a"]
                    | ["top", "lines" | "stories" | "headlines"]
            )
        }) || words.iter().any(|w| matches!(*w, "highlights" | "summary")))
}

/// Whether `text` is a live blog with its newest update first: at least
/// three lines that are only a time ("Sat 08:15", "22:30 EAT"), mostly
/// each earlier than the one before.
pub(crate) fn newest_first(text: &str) -> bool {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let stamp = |line: &str| -> Option<u32> {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() || words.len() > 3 {
            return None;
        }
        let (day, time) = match DAYS
            .iter()
            .position(|d| words[0].to_lowercase().starts_with(d))
        {
            Some(d) => (d as u32, *words.get(1)?),
            None => (0, words[0]),
        };
        let (h, m) = time.split_once(':')?;
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
        (h < 24 && m < 60 && m.to_string().len() <= 2).then_some(day * 1440 + h * 60 + m)
    };
    let stamps: Vec<u32> = text.lines().filter_map(|l| stamp(l.trim())).collect();
    let falling = stamps.windows(2).filter(|w| w[1] < w[0]).count();
    stamps.len() >= 3 && falling * 2 > stamps.len() - 1
}
