//! Hard-wrapped text. Wire copy and old archives (MUC-4's FBIS reports)
//! break every line near 70 characters, in the middle of sentences, while
//! the sentence reader ends a sentence at every line break. For such a
//! text this turns the line breaks inside a paragraph into spaces, one
//! character for one, so every offset stays the same; a blank line still
//! ends a paragraph.

/// Lines this long or shorter are what wrapping leaves.
const WRAP_WIDTH: usize = 100;

/// Whether the text is hard-wrapped: at least five lines followed by
/// another line of the same paragraph, at least 80 % of the lines no longer
/// than [`WRAP_WIDTH`], and at least half of those inner lines ending
/// without a full stop, question or exclamation mark or colon.
pub fn is_hard_wrapped(chars: &[char]) -> bool {
    let lines: Vec<&[char]> = chars.split(|c| *c == '\n').collect();
    let blank = |l: &[char]| l.iter().all(|c| c.is_whitespace());
    let filled: Vec<&[char]> = lines.iter().copied().filter(|l| !blank(l)).collect();
    let inner: Vec<&[char]> = lines
        .windows(2)
        .filter(|w| !blank(w[0]) && !blank(w[1]))
        .map(|w| w[0])
        .collect();
    if inner.len() < 5 {
        return false;
    }
    let short = filled.iter().filter(|l| l.len() <= WRAP_WIDTH).count();
    let open = inner
        .iter()
        .filter(|l| {
            l.iter()
                .rev()
                .find(|c| !c.is_whitespace())
                .is_none_or(|c| !matches!(c, '.' | '!' | '?' | ':'))
        })
        .count();
    short * 5 >= filled.len() * 4 && open * 2 >= inner.len()
}

/// Replaces each line break between two non-blank lines with a space.
pub fn unwrap_lines(chars: &mut [char]) {
    let mut line_start = 0;
    for i in 0..chars.len() {
        if chars[i] != '\n' {
            continue;
        }
        let previous_filled = chars[line_start..i].iter().any(|c| !c.is_whitespace());
        let next_end = chars[i + 1..]
            .iter()
            .position(|c| *c == '\n')
            .map_or(chars.len(), |p| i + 1 + p);
        let next_filled = chars[i + 1..next_end].iter().any(|c| !c.is_whitespace());
        line_start = i + 1;
        if previous_filled && next_filled {
            chars[i] = ' ';
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_join_and_paragraphs_stay() {
        let text = "REBELS OF THE FRONT BLEW UP A BRIDGE NEAR THE\n\
                    RIVER YESTERDAY, THE ARMY SAID, AND TWO GUARDS WERE\n\
                    WOUNDED IN THE BLAST.\n\n   THE ROAD TO THE NORTH WAS CLOSED\n\
                    FOR SIX HOURS WHILE ENGINEERS CHECKED THE\n\
                    REMAINING SPANS AND THE\nPOLICE SEARCHED THE\nHILLS.";
        let mut chars: Vec<char> = text.chars().collect();
        assert!(is_hard_wrapped(&chars));
        unwrap_lines(&mut chars);
        let joined: String = chars.iter().collect();
        assert_eq!(joined.chars().count(), text.chars().count());
        assert!(joined.contains("NEAR THE RIVER YESTERDAY"));
        assert!(joined.contains("BLAST.\n\n   THE ROAD"));
    }

    #[test]
    fn ordinary_text_is_not_wrapped() {
        let text = "Gunmen attacked a bus.\nTwo people died.\nThe army sent troops.\n\
                    Roads were shut.\nSchools closed.\nThe governor spoke.";
        let chars: Vec<char> = text.chars().collect();
        assert!(!is_hard_wrapped(&chars));
        assert!(!is_hard_wrapped(
            &"one line only".chars().collect::<Vec<_>>()
        ));
    }
}
