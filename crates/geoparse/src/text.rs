//! Input text to plain text. Every offset the geoparser reports is a character
//! offset into the plain text this module produces, so HTML and Markdown are
//! reduced first and never parsed again: the caller keeps the plain text (it is
//! in [`crate::Geoparse::text`]) to slice mentions out of it.
//!
//! The HTML reader is a small tolerant tokenizer, not a DOM builder: it drops
//! the content of elements that are not prose (script, style, nav, footer,
//! aside, noscript, template, svg, iframe, form), turns block elements into
//! line breaks, decodes entities and collapses runs of white space. Markdown is
//! reduced line by line (headings, quotes, list markers, fences, tables) and
//! inline (links keep their text, images their alt text, emphasis and code
//! markers go).

/// The markup of an input text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Plain,
    Markdown,
    Html,
}

impl Format {
    /// Guesses the format from a file name's extension (`.html`, `.htm`,
    /// `.md`, `.markdown`); anything else is plain text.
    pub fn from_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xhtml") {
            Format::Html
        } else if lower.ends_with(".md") || lower.ends_with(".markdown") {
            Format::Markdown
        } else {
            Format::Plain
        }
    }

    /// Guesses the format from the content: a document that starts with a tag
    /// or holds `<html`/`<body`/`<p>` is HTML, else plain.
    pub fn sniff(text: &str) -> Format {
        let head: String = text.chars().take(2000).collect::<String>().to_lowercase();
        let trimmed = head.trim_start();
        if trimmed.starts_with("<!doctype html")
            || trimmed.starts_with("<html")
            || head.contains("<body")
            || head.contains("<p>")
            || head.contains("<div")
        {
            Format::Html
        } else {
            Format::Plain
        }
    }
}

/// Reduces `input` in `format` to plain text.
pub fn to_plain(input: &str, format: Format) -> String {
    match format {
        Format::Plain => input.to_owned(),
        Format::Markdown => markdown_to_plain(input),
        Format::Html => html_to_plain(input),
    }
}

/// Elements whose whole content is dropped.
const SKIPPED: &[&str] = &[
    "script", "style", "nav", "footer", "aside", "noscript", "template", "svg", "iframe", "form",
    "head",
];
/// Elements whose content is kept when `head` is skipped.
const KEPT_IN_HEAD: &[&str] = &["title"];
/// Elements that start or end a block: they become line breaks.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "main",
    "blockquote",
    "pre",
    "title",
    "dt",
    "dd",
    "figcaption",
    "hr",
    "body",
];

/// Builds plain text, collapsing white space and block breaks.
struct Out {
    text: String,
    /// A space is owed before the next visible character.
    space: bool,
    /// Line breaks owed before the next visible character (at most 2).
    breaks: usize,
}

impl Out {
    fn new() -> Out {
        Out {
            text: String::new(),
            space: false,
            breaks: 0,
        }
    }

    fn push(&mut self, ch: char) {
        if ch.is_whitespace() {
            self.space = true;
            return;
        }
        if !self.text.is_empty() {
            if self.breaks > 0 {
                for _ in 0..self.breaks {
                    self.text.push('\n');
                }
            } else if self.space {
                self.text.push(' ');
            }
        }
        self.breaks = 0;
        self.space = false;
        self.text.push(ch);
    }

    fn block(&mut self, paragraph: bool) {
        self.breaks = self.breaks.max(if paragraph { 2 } else { 1 });
    }
}

/// HTML → plain text (see the module documentation).
pub fn html_to_plain(html: &str) -> String {
    let chars: Vec<char> = html.chars().collect();
    let mut out = Out::new();
    let mut i = 0;
    // Name of the skipped element we are inside, with its nesting depth.
    let mut skipping: Option<(String, usize)> = None;
    while i < chars.len() {
        let ch = chars[i];
        if ch == '<' {
            if starts_with(&chars, i, "<!--") {
                i = find(&chars, i + 4, "-->").map_or(chars.len(), |j| j + 3);
                continue;
            }
            if starts_with(&chars, i, "<![CDATA[") {
                let end = find(&chars, i + 9, "]]>").unwrap_or(chars.len());
                if skipping.is_none() {
                    for &c in &chars[i + 9..end] {
                        out.push(c);
                    }
                }
                i = (end + 3).min(chars.len());
                continue;
            }
            let Some(tag) = parse_tag(&chars, i) else {
                if skipping.is_none() {
                    out.push('<');
                }
                i += 1;
                continue;
            };
            i = tag.end;
            if let Some((name, depth)) = skipping.as_mut() {
                if tag.name == *name {
                    if tag.closing {
                        *depth -= 1;
                        if *depth == 0 {
                            skipping = None;
                        }
                    } else if !tag.self_closing {
                        *depth += 1;
                    }
                } else if name == "head"
                    && KEPT_IN_HEAD.contains(&tag.name.as_str())
                    && !tag.closing
                {
                    // Read the title's text, then go on skipping the head.
                    let end = find_ci(&chars, i, "</title").unwrap_or(chars.len());
                    let title: String = chars[i..end].iter().collect();
                    for c in decode_entities(&title).chars() {
                        out.push(c);
                    }
                    out.block(true);
                    i = end;
                }
                continue;
            }
            if tag.name == "script" || tag.name == "style" {
                // Raw text: runs to the closing tag whatever it holds.
                if !tag.closing && !tag.self_closing {
                    let close = format!("</{}", tag.name);
                    i = find_ci(&chars, i, &close).unwrap_or(chars.len());
                }
                continue;
            }
            if SKIPPED.contains(&tag.name.as_str()) {
                if !tag.closing && !tag.self_closing {
                    skipping = Some((tag.name, 1));
                }
                continue;
            }
            if BLOCKS.contains(&tag.name.as_str()) {
                let paragraph = !matches!(tag.name.as_str(), "br" | "li" | "td" | "th" | "tr");
                out.block(paragraph);
            } else if !out.text.is_empty() && matches!(tag.name.as_str(), "img" | "input") {
                out.space = true;
            }
            continue;
        }
        if skipping.is_some() {
            i += 1;
            continue;
        }
        if ch == '&'
            && let Some((decoded, len)) = entity_at(&chars, i)
        {
            out.push(decoded);
            i += len;
            continue;
        }
        out.push(ch);
        i += 1;
    }
    out.text
}

struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    /// Index just past the tag's `>`.
    end: usize,
}

/// Parses the tag starting at `chars[at] == '<'`; `None` when it is not one
/// (a lone `<` in text).
fn parse_tag(chars: &[char], at: usize) -> Option<Tag> {
    let mut i = at + 1;
    let closing = chars.get(i) == Some(&'/');
    if closing {
        i += 1;
    }
    let first = *chars.get(i)?;
    if !(first.is_ascii_alphabetic() || first == '!' || first == '?') {
        return None;
    }
    let start = i;
    while i < chars.len() && (chars[i].is_ascii_alphanumeric() || matches!(chars[i], '-' | ':')) {
        i += 1;
    }
    let name: String = chars[start..i]
        .iter()
        .collect::<String>()
        .to_ascii_lowercase();
    // Skip attributes, respecting quotes.
    let mut quote: Option<char> = None;
    while i < chars.len() {
        let c = chars[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '>' => break,
            None => {}
        }
        i += 1;
    }
    let self_closing = i > 0 && chars.get(i - 1) == Some(&'/');
    Some(Tag {
        name,
        closing,
        self_closing,
        end: (i + 1).min(chars.len()),
    })
}

fn starts_with(chars: &[char], at: usize, pattern: &str) -> bool {
    pattern
        .chars()
        .enumerate()
        .all(|(k, p)| chars.get(at + k) == Some(&p))
}

fn find(chars: &[char], from: usize, pattern: &str) -> Option<usize> {
    (from..chars.len()).find(|&i| starts_with(chars, i, pattern))
}

/// Case-insensitive [`find`] for an ASCII pattern.
fn find_ci(chars: &[char], from: usize, pattern: &str) -> Option<usize> {
    let pattern: Vec<char> = pattern.chars().collect();
    (from..chars.len()).find(|&i| {
        pattern
            .iter()
            .enumerate()
            .all(|(k, p)| chars.get(i + k).is_some_and(|c| c.eq_ignore_ascii_case(p)))
    })
}

/// Decodes the entity at `chars[at] == '&'`: the character and the entity's length.
fn entity_at(chars: &[char], at: usize) -> Option<(char, usize)> {
    let end = (at + 1..chars.len().min(at + 12)).find(|&i| chars[i] == ';')?;
    let body: String = chars[at + 1..end].iter().collect();
    let decoded = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code)?
    } else {
        named_entity(&body)?
    };
    Some((decoded, end - at + 1))
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "middot" => '·',
        "bull" => '•',
        "copy" => '©',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "agrave" => 'à',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        "ccedil" => 'ç',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "auml" => 'ä',
        "szlig" => 'ß',
        _ => return None,
    })
}

/// Decodes every entity of a string (used for XML text too).
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '&'
            && let Some((c, len)) = entity_at(&chars, i)
        {
            out.push(c);
            i += len;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Markdown → plain text (see the module documentation).
pub fn markdown_to_plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut in_fence = false;
    let mut lines = markdown.lines().peekable();
    // YAML front matter ("---", "title: …", "date: …", "---"): its title
    // stays as a heading and its date as a "Published:" line; the other
    // keys are the site's.
    if lines.peek().is_some_and(|l| l.trim_end() == "---") {
        lines.next();
        for line in lines.by_ref() {
            if line.trim_end() == "---" {
                break;
            }
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim().trim_matches(['"', '\'']);
            match key.trim().to_ascii_lowercase().as_str() {
                "title" => out.push_str(&format!("{value}\n\n")),
                "date" | "published" => out.push_str(&format!("Published: {value}\n\n")),
                _ => {}
            }
        }
    }
    for line in lines {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || is_rule(trimmed) || is_link_definition(trimmed) || is_table_rule(trimmed) {
            continue;
        }
        let mut body = trimmed;
        loop {
            let before = body;
            body = body.trim_start_matches('>').trim_start();
            body = body.trim_start_matches('#').trim_start();
            body = strip_list_marker(body);
            if body == before {
                break;
            }
        }
        let body = body.trim_end_matches('#').trim_end();
        let inline = markdown_inline(body);
        let inline = if inline.contains('|') {
            inline
                .split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            inline
        };
        out.push_str(&inline);
        out.push('\n');
    }
    // Underline headings ("Title\n=====") leave a line of = or -; is_rule drops "---".
    out.lines()
        .filter(|l| !(l.len() > 2 && l.chars().all(|c| c == '=')))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3
        && (compact.chars().all(|c| c == '-')
            || compact.chars().all(|c| c == '*')
            || compact.chars().all(|c| c == '_'))
}

fn is_table_rule(line: &str) -> bool {
    line.contains('-')
        && line.contains('|')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

fn is_link_definition(line: &str) -> bool {
    line.starts_with('[')
        && line
            .find("]:")
            .is_some_and(|i| !line[..i].contains(']') && i > 1)
}

fn strip_list_marker(line: &str) -> &str {
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return rest.trim_start();
        }
    }
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < 4 {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return rest.trim_start();
        }
    }
    line
}

/// Inline Markdown: links, images, code spans, emphasis, autolinks, tags.
fn markdown_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '!' if chars.get(i + 1) == Some(&'[') => {
                if let Some((text, next)) = link_at(&chars, i + 1) {
                    out.push_str(&markdown_inline(&text));
                    i = next;
                } else {
                    out.push(c);
                    i += 1;
                }
            }
            '[' => {
                if let Some((text, next)) = link_at(&chars, i) {
                    out.push_str(&markdown_inline(&text));
                    i = next;
                } else {
                    out.push(c);
                    i += 1;
                }
            }
            '`' => i += 1,
            '*' => i += 1,
            '~' if chars.get(i + 1) == Some(&'~') => i += 2,
            '_' => {
                // Emphasis only at word edges: snake_case stays.
                let before = i.checked_sub(1).and_then(|j| chars.get(j));
                let after = chars.get(i + 1);
                let inner = before.is_some_and(|b| b.is_alphanumeric())
                    && after.is_some_and(|a| a.is_alphanumeric());
                if inner {
                    out.push(c);
                }
                i += 1;
            }
            '<' => {
                let close = (i + 1..chars.len()).find(|&j| chars[j] == '>');
                let looks_like_tag = chars
                    .get(i + 1)
                    .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/');
                match close {
                    Some(j) if looks_like_tag => i = j + 1,
                    _ => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// A link `[text](url)`, `[text][ref]` or `[text]` at `chars[at] == '['`: its
/// text and the index after it. Nested brackets in the text are balanced.
fn link_at(chars: &[char], at: usize) -> Option<(String, usize)> {
    let mut depth = 0;
    let mut close = None;
    for (j, &c) in chars.iter().enumerate().skip(at) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(j);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let text: String = chars[at + 1..close].iter().collect();
    let next = match chars.get(close + 1) {
        Some('(') => {
            let mut depth = 0;
            let mut end = None;
            for (j, &c) in chars.iter().enumerate().skip(close + 1) {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(j);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            end? + 1
        }
        Some('[') => (close + 1..chars.len()).find(|&j| chars[j] == ']')? + 1,
        _ => close + 1,
    };
    Some((text, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_keeps_prose_and_drops_chrome() {
        let html = r#"<!DOCTYPE html><html><head><title>Attack in Kerman</title>
<style>p { color: red }</style><script>var x = "<p>Paris</p>";</script></head>
<body><nav><a href="/">Home</a> | <a href="/world">World news from London</a></nav>
<article><h1>Blasts in Kerman</h1><p>Two bombs exploded in <b>Kerman</b>, Iran&#8217;s
southern city &amp; capital of  Kerman province.</p><aside>Read more about Madrid</aside>
<p>Officials in Tehran said&nbsp;so.</p></article><footer>© Example News, Berlin</footer></body></html>"#;
        let text = html_to_plain(html);
        assert_eq!(
            text,
            "Attack in Kerman\n\nBlasts in Kerman\n\nTwo bombs exploded in Kerman, Iran’s southern city & \
             capital of Kerman province.\n\nOfficials in Tehran said so."
        );
    }

    #[test]
    fn markdown_loses_its_markup() {
        let md = "# Rockets over *Khatlon*\n\n> Fire from [Afghan territory](https://example.org/a \"x\")\n\n- item in **Dushanbe**\n1. and `Kulob`\n\n```\ncode Paris\n```\n| a | b |\n|---|---|\n| Bokhtar | Vahdat |\n\n[ref]: https://example.org\n![map of Tajikistan](map.png)";
        assert_eq!(
            markdown_to_plain(md),
            "Rockets over Khatlon\n\nFire from Afghan territory\n\nitem in Dushanbe\nand Kulob\n\na b\nBokhtar Vahdat\n\nmap of Tajikistan"
        );
    }

    #[test]
    fn front_matter_keeps_its_title_and_date() {
        let md = "---\ntitle: \"Clash in Dili\"\nsection: Asia\ndate: 2026-08-09\n---\n\n# Clash in Dili\n\nBody.";
        assert_eq!(
            markdown_to_plain(md),
            "Clash in Dili\n\nPublished: 2026-08-09\n\n\nClash in Dili\n\nBody."
        );
    }

    #[test]
    fn format_is_guessed() {
        assert_eq!(Format::from_path("a/b.HTML"), Format::Html);
        assert_eq!(Format::from_path("notes.md"), Format::Markdown);
        assert_eq!(Format::from_path("x.txt"), Format::Plain);
        assert_eq!(Format::sniff("  <!doctype html><p>x"), Format::Html);
        assert_eq!(Format::sniff("In Paris <3"), Format::Plain);
    }
}
