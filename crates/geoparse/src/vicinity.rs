//! Mentions the gazetteer cannot place: a street, a building, a river, a
//! facility ("Third Presbyterian Church", "Meydan Racecourse", "Nenagh MDC").
//! They come from outside (a gold span, an analyst's highlight), where their
//! only candidates, if any, are places named inside them ("Nenagh", or "MDC",
//! an airport code of Manado), mere guesses; or from the recogniser, which
//! finds streets and rivers by their kind word ("Orchard St.", "Neches River")
//! without any gazetteer entry.
//!
//! Such a mention is almost always in the area the text is about, so it is
//! placed at the document's focus — the local place the text names most
//! (nearest to the mention on a tie) in the country it names most, else its
//! most named region or country — unless its own guess is a country or region
//! ("European Central Bank", "Bank of England") or lies near one of the
//! text's own places. The answer keeps the focus's name and gazetteer id, with
//! a low score.

use std::collections::HashMap;

use crate::Pending;
use crate::resolve::{Cand, MentionKind, haversine_km};

/// A guess this close to a place the text names agrees with the text.
const AGREES_KM: f64 = 100.0;
/// The share of the focus's confidence a placed mention gets.
const SCORE: f64 = 0.3;

fn local(kind: MentionKind) -> bool {
    matches!(kind, MentionKind::Place | MentionKind::Admin2)
}

/// Places each weak or unresolved mention of `pending` (see the module docs).
pub(crate) fn place_weak(pending: &[Pending], choices: &mut [Option<(Cand, f64)>]) {
    if !pending
        .iter()
        .zip(choices.iter())
        .any(|(p, c)| p.weak || c.is_none())
    {
        return;
    }
    // The text's own places: the resolved mentions that are not guesses.
    let known: Vec<(usize, &Cand, f64)> = pending
        .iter()
        .zip(choices.iter())
        .filter(|(p, _)| !p.weak)
        .filter_map(|(p, c)| c.as_ref().map(|(c, s)| (p.start, c, *s)))
        .collect();
    if known.is_empty() {
        return;
    }
    // The country the text is about: the one its places and countries
    // name most.
    let mut countries: HashMap<&str, usize> = HashMap::new();
    for (_, c, _) in &known {
        if let Some(cc) = c.country.as_deref() {
            *countries.entry(cc).or_default() += 1;
        }
    }
    let home = countries
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(cc, _)| cc);
    let focus = |at: usize, wanted: &dyn Fn(MentionKind) -> bool| -> Option<(Cand, f64)> {
        let mut counts: HashMap<&str, (usize, usize, &Cand, f64)> = HashMap::new();
        for &(start, c, s) in known
            .iter()
            .filter(|(_, c, _)| wanted(c.kind) && (home.is_none() || c.country.as_deref() == home))
        {
            let entry = counts.entry(c.id.as_str()).or_insert((0, usize::MAX, c, s));
            entry.0 += 1;
            entry.1 = entry.1.min(start.abs_diff(at));
        }
        counts
            .into_values()
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|(_, _, c, s)| (c.clone(), s))
    };
    let mut placed = Vec::new();
    for (i, p) in pending.iter().enumerate() {
        let choice = choices[i].as_ref();
        if !p.weak && choice.is_some() {
            continue;
        }
        // A country, region or continent inside the name holds the
        // answer's area ("European Central Bank", "Bank of England").
        let broad = choice.is_some_and(|(c, _)| !local(c.kind));
        let agrees = broad
            || choice.is_some_and(|(c, _)| {
                known.iter().any(|(_, k, _)| {
                    (local(k.kind)
                        && local(c.kind)
                        && haversine_km(c.lat, c.lon, k.lat, k.lon) <= AGREES_KM)
                        || (k.id == c.id)
                })
            });
        if agrees {
            continue;
        }
        let found = focus(p.start, &local)
            .or_else(|| focus(p.start, &|k| k == MentionKind::Admin1))
            .or_else(|| focus(p.start, &|k| k == MentionKind::Country));
        if let Some((c, s)) = found {
            placed.push((i, c, s * SCORE));
        }
    }
    for (i, c, s) in placed {
        choices[i] = Some((c, s));
    }
}
