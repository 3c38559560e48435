//! Spelling variants of admin-1 names. GeoNames writes one English name per
//! region, sometimes with its kind ("Moscow Oblast", "Kaduna State", "Khatlon
//! Province"), sometimes without ("Khyber Pakhtunkhwa"); texts write it the other
//! way or with another kind ("Moscow Region", "Kaduna", "Khatlon Region"). The
//! variants are the name without its kind word plus the base with each kind word
//! that is used interchangeably with it.
//!
//! Towns of the Arab world: GeoNames spells them with the article ("Al Jahrā’",
//! "Ar Ramādī", "Ash Shiḩr"); English texts mostly drop it ("Jahra", "Ramadi").

/// Kind words, each with the kind words texts swap for it.
const FAMILIES: &[(&str, &[&str])] = &[
    ("Oblast", &["Oblast", "Region", "Province"]),
    ("Oblast'", &["Oblast", "Region", "Province"]),
    ("Kray", &["Krai", "Kray", "Territory", "Region"]),
    ("Krai", &["Krai", "Kray", "Territory", "Region"]),
    ("Province", &["Province", "Region"]),
    ("Region", &["Region", "Province", "Oblast"]),
    ("State", &["State"]),
    ("Governorate", &["Governorate", "Province"]),
    ("Prefecture", &["Prefecture"]),
    ("District", &["District"]),
    ("Department", &["Department"]),
    ("Territory", &["Territory"]),
    ("County", &["County"]),
    ("Division", &["Division", "Region"]),
    ("Municipality", &["Municipality"]),
];

/// Kind words added to a name that has none ("Sindh" → "Sindh Province").
const BARE: &[&str] = &["Province", "Region", "State"];

/// Prefixes that name the kind before the place ("Republic of Dagestan").
const PREFIXES: &[&str] = &["Republic of ", "Province of ", "State of "];

/// The variants of an admin-1 name, the name itself excluded, without
/// duplicates, in a fixed order.
pub(crate) fn admin1_variants(name: &str) -> Vec<String> {
    admin1_variants_marked(name)
        .into_iter()
        .map(|(v, _)| v)
        .collect()
}

/// [`admin1_variants`], each marked `true` when it adds a kind word to a name
/// that had none ("Sindh Province"): a weaker match than a swapped or stripped
/// one, so "Moscow Region" means "Moscow Oblast" rather than the city region
/// "Moscow".
pub(crate) fn admin1_variants_marked(name: &str) -> Vec<(String, bool)> {
    let name = name.trim();
    let mut out: Vec<(String, bool)> = Vec::new();
    let push = |v: String, added: bool, out: &mut Vec<(String, bool)>| {
        if !v.is_empty() && v != name && !out.iter().any(|(o, _)| *o == v) {
            out.push((v, added));
        }
    };
    let (base, swaps, added): (&str, &[&str], bool) = match strip_kind(name) {
        Some((base, swaps)) => (base, swaps, false),
        None => match PREFIXES
            .iter()
            .find_map(|p| strip_prefix_ci(name, p).map(|rest| (rest, *p)))
        {
            Some((base, "Republic of ")) => (base, &["Republic"], false),
            Some((base, _)) => (base, BARE, false),
            None => (name, BARE, true),
        },
    };
    push(base.to_owned(), false, &mut out);
    for kind in swaps {
        push(format!("{base} {kind}"), added, &mut out);
    }
    out
}

/// The name without a trailing kind word, and that word's family.
fn strip_kind(name: &str) -> Option<(&str, &'static [&'static str])> {
    let (base, last) = name.rsplit_once([' ', '-'])?;
    let base = base.trim_end();
    if base.is_empty() {
        return None;
    }
    FAMILIES
        .iter()
        .find(|(kind, _)| kind.eq_ignore_ascii_case(last))
        .map(|(_, swaps)| (base, *swaps))
}

fn strip_prefix_ci<'a>(name: &'a str, prefix: &str) -> Option<&'a str> {
    let head = name.get(..prefix.len())?;
    let rest = name.get(prefix.len()..)?;
    (head.eq_ignore_ascii_case(prefix) && !rest.trim().is_empty()).then_some(rest.trim())
}

/// Countries whose place names GeoNames writes with the Arabic article.
const ARABIC_ARTICLE_COUNTRIES: &[&str] = &[
    "AE", "BH", "DZ", "EG", "EH", "IQ", "JO", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA", "SA",
    "SD", "SY", "TN", "YE",
];

/// The article as GeoNames romanises it, assimilated to the next consonant
/// ("Ar Ramādī", "As Suwaydā’", "Ash Shiḩr", "Az Zarqā’").
const ARABIC_ARTICLES: &[&str] = &[
    "Al ", "Al-", "El ", "El-", "Ad ", "Adh ", "Ar ", "As ", "Ash ", "At ", "Ath ", "Az ", "An ",
    "Ed ", "Er ", "Es ", "Et ", "Ez ", "En ",
];

/// A place name of `country` without its leading Arabic article, when the
/// rest is a word of at least four letters ("Al Jahrā’" → "Jahrā’"); `None`
/// for other countries and other names.
pub(crate) fn without_arabic_article<'a>(name: &'a str, country: &str) -> Option<&'a str> {
    if !ARABIC_ARTICLE_COUNTRIES.contains(&country) {
        return None;
    }
    let rest = ARABIC_ARTICLES
        .iter()
        .find_map(|a| name.strip_prefix(a))?
        .trim();
    (rest.chars().filter(|c| c.is_alphabetic()).count() >= 4
        && rest.starts_with(|c: char| c.is_uppercase()))
    .then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::{admin1_variants, without_arabic_article};

    #[test]
    fn arab_towns_are_also_named_without_the_article() {
        assert_eq!(without_arabic_article("Al Jahrā’", "KW"), Some("Jahrā’"));
        assert_eq!(without_arabic_article("Ar Ramādī", "IQ"), Some("Ramādī"));
        assert_eq!(without_arabic_article("Ash Shiḩr", "YE"), Some("Shiḩr"));
        // Not in an Arabic-speaking country, or too short a rest.
        assert_eq!(without_arabic_article("El Paso", "US"), None);
        assert_eq!(without_arabic_article("Al Ain", "AE"), None);
        assert_eq!(without_arabic_article("Alexandria", "EG"), None);
    }

    #[test]
    fn strips_and_swaps_kind_words() {
        let v = admin1_variants("Moscow Oblast");
        assert_eq!(v, ["Moscow", "Moscow Region", "Moscow Province"]);
        assert_eq!(admin1_variants("Kaduna State"), ["Kaduna"]);
        assert_eq!(
            admin1_variants("Khatlon Province"),
            ["Khatlon", "Khatlon Region"]
        );
        assert_eq!(
            admin1_variants("Khyber Pakhtunkhwa"),
            [
                "Khyber Pakhtunkhwa Province",
                "Khyber Pakhtunkhwa Region",
                "Khyber Pakhtunkhwa State"
            ]
        );
        assert_eq!(
            admin1_variants("Krasnodar Krai"),
            [
                "Krasnodar",
                "Krasnodar Kray",
                "Krasnodar Territory",
                "Krasnodar Region"
            ]
        );
        assert_eq!(
            admin1_variants("Republic of Dagestan"),
            ["Dagestan", "Dagestan Republic"]
        );
        assert!(admin1_variants("Region").iter().all(|v| !v.is_empty()));
    }
}
