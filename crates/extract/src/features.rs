//! The features the type classifier sees in a text: lower-cased words and
//! pairs of adjacent words, each as a 64-bit FNV-1a hash (no strings are
//! built at run time). Numbers become one token, month names and ACLED's
//! `[size=…]` tail are dropped, so a note's date and crowd size do not
//! teach the model anything. Shared with `build.rs`, which trains on the
//! same features; it uses nothing but `std`.

/// The months' names, lower-cased.
pub const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const SEED: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

fn mix(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(PRIME);
    }
    hash
}

/// The words of `text`, lower-cased, as the classifier reads them.
pub fn words(text: &str) -> Vec<String> {
    let text = match text.find("[size=") {
        Some(at) => &text[..at],
        None => text,
    };
    let mut out = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<String>| {
        if word.is_empty() {
            return;
        }
        if word.chars().all(|c| c.is_ascii_digit()) {
            out.push("0".to_owned());
        } else if !MONTHS.contains(&word.as_str()) {
            out.push(std::mem::take(word));
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if c == '\'' || c == '’' {
            // "Houthi's" → "houthi", "s" dropped below as too short.
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out.retain(|w| w.len() > 1 || w == "0");
    out
}

/// The feature hashes of `text`: every word and every pair of adjacent
/// words, sorted and deduplicated.
pub fn features(text: &str) -> Vec<u64> {
    let words = words(text);
    let mut out = Vec::with_capacity(words.len() * 2);
    for (i, w) in words.iter().enumerate() {
        out.push(mix(mix(SEED, b"u:"), w.as_bytes()));
        if let Some(next) = words.get(i + 1) {
            let h = mix(mix(mix(SEED, b"b:"), w.as_bytes()), b" ");
            out.push(mix(h, next.as_bytes()));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}
