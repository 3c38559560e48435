//! Page furniture that `sitrep-geoparse`'s HTML reader keeps because it is
//! marked only by a class or id: cookie and consent banners, newsletter boxes,
//! share bars, related-article lists, tickers of other stories' headlines and
//! comment threads. Such elements are
//! removed, with their content, before the page is reduced to plain text.

/// Words in a `class` or `id` that mark an element as furniture.
const FURNITURE: &[&str] = &[
    "cookie",
    "consent",
    "gdpr",
    "newsletter",
    "subscribe",
    "share",
    "social",
    "related",
    "comments",
    "advert",
    "promo",
    "breadcrumb",
    "menu",
    "sidebar",
    "banner",
    "ticker",
    "trending",
    "most-read",
];

/// `html` without the elements whose class or id names furniture.
pub fn strip_furniture(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    while let Some(rel) = lower[i..].find('<') {
        let at = i + rel;
        out.push_str(&html[i..at]);
        let Some(close) = lower[at..].find('>').map(|c| at + c) else {
            out.push_str(&html[at..]);
            return out;
        };
        let tag = &lower[at + 1..close];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !name.is_empty()
            && is_furniture(tag)
            && !tag.ends_with('/')
            && let Some(end) = matching_close(&lower, close + 1, &name)
        {
            i = end;
            continue;
        }
        out.push_str(&html[at..=close]);
        i = close + 1;
    }
    out.push_str(&html[i..]);
    out
}

fn is_furniture(tag: &str) -> bool {
    ["class=", "id="].iter().any(|attr| {
        tag.match_indices(attr).any(|(k, _)| {
            let value: String = tag[k + attr.len()..]
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| *c != '"' && *c != '\'' && *c != '>')
                .collect();
            FURNITURE.iter().any(|w| value.contains(w))
        })
    })
}

/// The byte offset just past the tag closing the `name` element opened
/// before `from`, counting nested elements of the same name.
fn matching_close(lower: &str, from: usize, name: &str) -> Option<usize> {
    let open = format!("<{name}");
    let close = format!("</{name}");
    let mut depth = 1;
    let mut i = from;
    loop {
        let next_open = lower[i..].find(&open).map(|k| i + k);
        let next_close = lower[i..].find(&close).map(|k| i + k)?;
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                i = o + open.len();
            }
            _ => {
                depth -= 1;
                let end = lower[next_close..].find('>').map(|k| next_close + k + 1)?;
                if depth == 0 {
                    return Some(end);
                }
                i = end;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_goes_with_its_content() {
        let html = r#"<p>Keep</p><div class="cookie-banner"><div>We use cookies</div></div><p id="x">Also</p><ul class="related-links"><li>Old news</li></ul><div class="news-ticker">Six killed in Kano</div>"#;
        assert_eq!(strip_furniture(html), r#"<p>Keep</p><p id="x">Also</p>"#);
    }
}
