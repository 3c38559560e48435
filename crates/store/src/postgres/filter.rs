//! [`EventQuery`] compiled to a SQL `WHERE` clause over `events e`, with every
//! value a bound parameter: the same filters, with the same meaning, as the
//! SQLite backend's in-memory index. Area filters read the GiST index on
//! `point(lon, lat)` and then test the exact box (and, for `near`, the
//! great-circle distance); text search reads the GIN index on `search`.

use ::postgres::types::ToSql;

use crate::StoreError;
use crate::codec::{actor_key, date_from_day};
use crate::query::{BBox, Cursor, EventQuery, admin1_key};

/// Conditions joined by `AND` and the parameters they refer to by number.
#[derive(Default)]
pub(super) struct Where {
    conditions: Vec<String>,
    params: Vec<Box<dyn ToSql + Sync + Send>>,
}

impl Where {
    /// Adds a parameter and returns its placeholder (`$n`).
    pub fn param(&mut self, value: impl ToSql + Sync + Send + 'static) -> String {
        self.params.push(Box::new(value));
        format!("${}", self.params.len())
    }

    pub fn and(&mut self, condition: String) {
        self.conditions.push(condition);
    }

    /// The conditions, `TRUE` when there are none.
    pub fn sql(&self) -> String {
        if self.conditions.is_empty() {
            "TRUE".to_owned()
        } else {
            self.conditions.join(" AND ")
        }
    }

    pub fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params
            .iter()
            .map(|p| p.as_ref() as &(dyn ToSql + Sync))
            .collect()
    }
}

/// The words of a text, as search indexes them: runs of letters and digits,
/// lower-cased (the SQLite backend's FTS5 tokens), each also with its
/// diacritics folded when it has any ("ménaka" and "menaka"), so a search
/// spelt either way finds it, as FTS5's `remove_diacritics` does. Lexemes
/// longer than PostgreSQL accepts are left out.
pub(super) fn search_terms<'a>(parts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut terms: Vec<String> = words(parts)
        .flat_map(|w| {
            let folded = fold(&w);
            std::iter::once(w).chain(folded)
        })
        .collect();
    terms.sort_unstable();
    terms.dedup();
    terms
}

/// Runs of letters and digits, lower-cased, short enough to be lexemes.
fn words<'a>(parts: impl IntoIterator<Item = &'a str>) -> impl Iterator<Item = String> {
    parts
        .into_iter()
        .flat_map(|p| p.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| w.len() < 2046)
}

/// `word` without its diacritics ("ménaka" → "menaka", "łódź" → "lodz"),
/// or `None` when it has none.
fn fold(word: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let mut folded = String::with_capacity(word.len());
    for c in word.nfd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'ł' => folded.push('l'),
            'ø' => folded.push('o'),
            'đ' | 'ð' => folded.push('d'),
            'ı' => folded.push('i'),
            'ß' => folded.push_str("ss"),
            'æ' => folded.push_str("ae"),
            'œ' => folded.push_str("oe"),
            c => folded.push(c),
        }
    }
    (folded != word && !folded.is_empty()).then_some(folded)
}

/// A `tsquery` requiring every word (each quoted as a literal lexeme; a
/// word with diacritics matches its folded form too, and a plain word the
/// folded form of accented ones), or `None` when the text holds no word.
pub(super) fn tsquery(text: &str) -> Option<String> {
    let quote = |t: &str| {
        let mut quoted = String::with_capacity(t.len() + 2);
        quoted.push('\'');
        for c in t.chars() {
            if c == '\'' || c == '\\' {
                quoted.push('\\');
            }
            quoted.push(c);
        }
        quoted.push('\'');
        quoted
    };
    let mut words: Vec<String> = words([text]).collect();
    words.sort_unstable();
    words.dedup();
    (!words.is_empty()).then(|| {
        words
            .iter()
            .map(|w| match fold(w) {
                Some(folded) => format!("({} | {})", quote(w), quote(&folded)),
                None => quote(w),
            })
            .collect::<Vec<_>>()
            .join(" & ")
    })
}

/// The box test of `bbox` (west > east crosses the antimeridian): the GiST
/// index on `point(lon, lat)` narrows, the plain comparisons decide.
fn bbox_condition(w: &mut Where, bbox: &BBox) {
    let south = w.param(bbox.south);
    let north = w.param(bbox.north);
    let west = w.param(bbox.west);
    let east = w.param(bbox.east);
    let boxed = |west: &str, east: &str| {
        format!("point(e.lon, e.lat) <@ box(point({west}, {south}), point({east}, {north}))")
    };
    if bbox.west <= bbox.east {
        w.and(boxed(&west, &east));
        w.and(format!("e.lon >= {west} AND e.lon <= {east}"));
    } else {
        w.and(format!(
            "({} OR {})",
            boxed(&west, "180::float8"),
            boxed("-180::float8", &east)
        ));
        w.and(format!("(e.lon >= {west} OR e.lon <= {east})"));
    }
    w.and(format!("e.lat >= {south} AND e.lat <= {north}"));
}

/// The filters of `query` (not its cursor or limit); the query must be valid.
pub(super) fn filter(query: &EventQuery) -> Where {
    let mut w = Where::default();
    // As the SQLite index: the box given, else the box around the circle.
    if let Some(bbox) = query.bbox.or(query.near.map(|n| n.bbox())) {
        bbox_condition(&mut w, &bbox);
    }
    if let Some(near) = query.near {
        let lat = w.param(near.lat);
        let lon = w.param(near.lon);
        let km = w.param(near.km);
        // `query::haversine_km`, term for term.
        w.and(format!(
            "2.0 * 6371.0088 * asin(least(1.0::float8, sqrt(\
             power(sin((radians(e.lat) - radians({lat})) / 2.0), 2) \
             + cos(radians({lat})) * cos(radians(e.lat)) \
             * power(sin(radians(e.lon - {lon}) / 2.0), 2)))) <= {km}"
        ));
    }
    if let Some(from) = query.from {
        let p = w.param(from);
        w.and(format!("e.date_start >= {p}"));
    }
    if let Some(to) = query.to {
        let p = w.param(to);
        w.and(format!("e.date_start <= {p}"));
    }
    let codes = |codes: &mut dyn Iterator<Item = u8>| codes.map(i16::from).collect::<Vec<i16>>();
    if !query.event_types.is_empty() {
        let p = w.param(codes(&mut query.event_types.iter().map(|t| t.code())));
        w.and(format!("e.event_type = ANY({p})"));
    }
    if !query.sub_event_types.is_empty() {
        let p = w.param(codes(&mut query.sub_event_types.iter().map(|t| t.code())));
        w.and(format!("e.sub_event_type = ANY({p})"));
    }
    if !query.categories.is_empty() {
        let p = w.param(codes(&mut query.categories.iter().map(|t| t.code())));
        w.and(format!("e.category = ANY({p})"));
    }
    if !query.statuses.is_empty() {
        let p = w.param(codes(&mut query.statuses.iter().map(|t| t.code())));
        w.and(format!("e.status = ANY({p})"));
    }
    if !query.countries.is_empty() {
        let p = w.param(query.countries.clone());
        w.and(format!("e.country = ANY({p})"));
    }
    if let Some(admin1) = &query.admin1 {
        let p = w.param(admin1_key(admin1));
        w.and(format!("e.admin1_key = {p}"));
    }
    if let Some(actor) = &query.actor {
        let p = w.param(actor_key(actor));
        w.and(format!(
            "e.seq IN (SELECT ea.event_seq FROM actor_names n \
             JOIN event_actors ea ON ea.actor_id = n.actor_id WHERE n.name_key = {p})"
        ));
    }
    if let Some(text) = &query.text {
        match tsquery(text) {
            Some(q) => {
                let p = w.param(q);
                w.and(format!("e.search @@ {p}::text::tsquery"));
            }
            None => w.and("FALSE".to_owned()),
        }
    }
    if let Some(min) = query.min_fatalities {
        let p = w.param(i64::from(min));
        w.and(format!("e.fatalities >= {p}"));
    }
    w
}

/// Adds "after `cursor`" (newest first: an earlier date, or the same date
/// and a lower seq) to `w`.
pub(super) fn after_cursor(w: &mut Where, cursor: &Cursor) -> Result<(), StoreError> {
    let day = date_from_day(cursor.day).map_err(|_| {
        StoreError::InvalidQuery(format!(
            "cursor {:?} is not one this server issued",
            cursor.encode()
        ))
    })?;
    let d = w.param(day);
    let s = w.param(i64::from(cursor.seq));
    w.and(format!("(e.date_start, e.seq) < ({d}::date, {s}::bigint)"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_lowercase_words() {
        assert_eq!(
            search_terms(["Ayman al-Zawahiri", "KABUL, kabul"]),
            ["al", "ayman", "kabul", "zawahiri"]
        );
        assert!(search_terms([" -- '; "]).is_empty());
    }

    #[test]
    fn tsquery_quotes_every_term() {
        assert_eq!(
            tsquery("Zawahiri drone").as_deref(),
            Some("'drone' & 'zawahiri'")
        );
        assert_eq!(
            tsquery("'; DROP TABLE events; --").as_deref(),
            Some("'drop' & 'events' & 'table'")
        );
        assert_eq!(tsquery("!&|():*"), None);
    }

    #[test]
    fn diacritics_are_indexed_both_ways() {
        assert_eq!(
            search_terms(["Attaque à Ménaka"]),
            ["a", "attaque", "menaka", "ménaka", "à"]
        );
        assert_eq!(search_terms(["Łódź"]), ["lodz", "łódź"]);
        assert_eq!(tsquery("Ménaka").as_deref(), Some("('ménaka' | 'menaka')"));
        assert_eq!(tsquery("menaka").as_deref(), Some("'menaka'"));
    }
}
