//! Joint resolution: every mention of a text is resolved together, so places
//! support each other. Mentions with the same name form one group (one sense
//! per discourse). Each candidate scores a prior (population, kind, exact
//! name) plus the support of the other groups' current choices: same admin-1,
//! same country, nearness to them. Qualifiers ("Paris, Texas") weigh most. The
//! choices start from the priors and are recomputed a few rounds, so a
//! confident mention ("Texas") pulls an ambiguous one ("Paris") to its side.

use std::collections::HashMap;

use crate::recognise::Qualifier;

/// What a candidate is, on the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    Place,
    Admin1,
    /// A second-level division (county, parish, district).
    Admin2,
    Country,
    /// A continent or world region ("Africa", "Middle East").
    Region,
}

impl MentionKind {
    /// The name used in JSON: `place`, `admin1`, `admin2`, `country`, `region`.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Place => "place",
            MentionKind::Admin1 => "admin1",
            MentionKind::Admin2 => "admin2",
            MentionKind::Country => "country",
            MentionKind::Region => "region",
        }
    }
}

/// One candidate referent of a mention.
#[derive(Debug, Clone)]
pub struct Cand {
    pub kind: MentionKind,
    pub id: String,
    pub name: String,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    /// The mention is this candidate's own name (not an alternate name).
    pub exact: bool,
}

/// One mention to resolve.
#[derive(Debug, Clone)]
pub struct Item {
    /// Grouping key (normalised name).
    pub key: String,
    pub candidates: Vec<Cand>,
    pub qualifiers: Vec<Qualifier>,
    /// Found with strong evidence (its vote counts more).
    pub strong: bool,
}

/// Weights of the scoring terms.
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    pub population: f64,
    pub country_kind: f64,
    pub admin1_kind: f64,
    pub exact: f64,
    pub same_admin1: f64,
    pub same_country: f64,
    pub near: f64,
    pub near_km: f64,
    pub qualifier: f64,
    pub major_city: f64,
    pub rounds: usize,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            population: 0.6,
            country_kind: 0.35,
            admin1_kind: 0.05,
            exact: 0.3,
            same_admin1: 0.45,
            same_country: 0.5,
            near: 0.3,
            near_km: 150.0,
            qualifier: 1.0,
            major_city: 0.1,
            rounds: 4,
        }
    }
}

/// Great-circle distance in kilometres.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

fn prior(c: &Cand, w: &Weights) -> f64 {
    // Regions are scored nearly as one size: their population (when the
    // gazetteer has one) says little about how often news names them; it
    // only breaks near-ties between namesakes of middling size ("Sucre":
    // Venezuela's state or Colombia's department). A wider range (up to
    // 3 or 30 million) cost GeoWebNews 0.7 points.
    let population = match (c.population, c.kind) {
        (0, MentionKind::Country) => 10_000_000,
        (0, MentionKind::Admin1) => 1_000_000,
        (p, MentionKind::Admin1) => p.clamp(700_000, 1_500_000),
        (_, MentionKind::Region) => 1_000_000,
        // A division without places of its own has no size to speak for it.
        (0, MentionKind::Admin2) => 0,
        (p, MentionKind::Admin2) => p.clamp(50_000, 300_000),
        (p, _) => p,
    };
    let p = ((population as f64) + 1.0).ln() / 2.0e7f64.ln();
    let mut s = w.population * p.min(1.0).powi(2);
    s += match c.kind {
        MentionKind::Country | MentionKind::Region => w.country_kind,
        MentionKind::Admin1 | MentionKind::Admin2 => w.admin1_kind,
        MentionKind::Place => 0.0,
    };
    if c.exact {
        s += w.exact;
    }
    if c.kind == MentionKind::Place && c.exact && c.population >= 300_000 {
        s += w.major_city;
    }
    s
}

/// A city and the region named after it ("Kerman" city in Kerman province,
/// "New York" for New York City in New York State, "Gwadar" port in Gwadar
/// district): the name means the city, so the region loses its name bonus.
fn demote_namesake_regions(candidates: &[Cand], scores: &mut [f64], w: &Weights) {
    let key = |c: &Cand| sitrep_geo::gazetteer::normalise(&c.name);
    for (i, c) in candidates.iter().enumerate() {
        if !matches!(c.kind, MentionKind::Admin1 | MentionKind::Admin2) || !c.exact {
            continue;
        }
        let own = (c.kind == MentionKind::Admin2).then(|| key(c));
        let city_inside = candidates.iter().any(|p| {
            p.kind == MentionKind::Place
                && ((p.exact && p.population >= 50_000) || p.population >= 1_000_000)
                && p.country == c.country
                && p.admin1 == c.admin1
                && own.as_ref().is_none_or(|k| key(p) == *k)
        });
        if city_inside {
            scores[i] -= w.exact + w.admin1_kind + 0.1;
        }
    }
}

/// A country named by an alias that is also the exact name of one of its
/// first-level divisions ("England", "Wales" for the United Kingdom): the
/// name means the division.
fn demote_alias_countries(candidates: &[Cand], scores: &mut [f64]) {
    for (i, c) in candidates.iter().enumerate() {
        if c.kind != MentionKind::Country || c.exact {
            continue;
        }
        let division = candidates
            .iter()
            .any(|a| a.kind == MentionKind::Admin1 && a.exact && a.country == c.country);
        if division {
            scores[i] = f64::NEG_INFINITY;
        }
    }
}

/// A division named like a town inside it, the town's municipality
/// ("Cáceres", Antioquia: 5,000 people) counts no larger than the town: the
/// floor that lets divisions of unknown size compete would otherwise rank it
/// above a city of 90,000 of the name elsewhere (Cáceres, Spain).
fn demote_municipalities(candidates: &[Cand], scores: &mut [f64], w: &Weights) {
    let key = |c: &Cand| sitrep_geo::gazetteer::normalise(&c.name);
    for (i, c) in candidates.iter().enumerate() {
        if c.kind != MentionKind::Admin2 {
            continue;
        }
        let town = candidates.iter().find(|p| {
            p.kind == MentionKind::Place
                && p.country == c.country
                && p.admin1 == c.admin1
                && key(p) == key(c)
        });
        if let Some(town) = town {
            let own = prior(c, w);
            let capped = prior(town, w) + w.admin1_kind;
            if capped < own {
                scores[i] -= own - capped;
            }
        }
    }
}

pub(crate) fn fits(c: &Cand, q: &Qualifier) -> bool {
    let same_country = c.country.as_deref() == Some(q.country.as_str());
    match &q.admin1 {
        None => same_country,
        Some(a) => {
            same_country
                && c.admin1.as_deref().is_some_and(|b| {
                    sitrep_geo::gazetteer::normalise(a) == sitrep_geo::gazetteer::normalise(b)
                })
        }
    }
}

/// A group of same-named items.
struct Group {
    candidates: Vec<Cand>,
    qualifiers: Vec<Qualifier>,
    weight: f64,
    choice: usize,
    confidence: f64,
}

/// Resolves every item: the chosen candidate and its confidence in [0, 1].
pub fn resolve(items: &[Item], w: &Weights) -> Vec<Option<(Cand, f64)>> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of = Vec::with_capacity(items.len());
    for item in items {
        let g = *index.entry(item.key.as_str()).or_insert_with(|| {
            groups.push(Group {
                candidates: item.candidates.clone(),
                qualifiers: Vec::new(),
                weight: 0.0,
                choice: 0,
                confidence: 0.0,
            });
            groups.len() - 1
        });
        let group = &mut groups[g];
        for q in &item.qualifiers {
            if !group.qualifiers.contains(q) {
                group.qualifiers.push(q.clone());
            }
        }
        group.weight += if item.strong { 1.0 } else { 0.6 };
        group_of.push(g);
    }
    for group in &mut groups {
        group.weight = group.weight.sqrt();
    }

    let priors: Vec<Vec<f64>> = groups
        .iter()
        .map(|g| {
            g.candidates
                .iter()
                .map(|c| {
                    let mut s = prior(c, w);
                    if !g.qualifiers.is_empty() {
                        s += if g.qualifiers.iter().any(|q| fits(c, q)) {
                            w.qualifier
                        } else {
                            -0.5 * w.qualifier
                        };
                    }
                    s
                })
                .collect::<Vec<f64>>()
        })
        .zip(&groups)
        .map(|(mut scores, g)| {
            demote_namesake_regions(&g.candidates, &mut scores, w);
            demote_alias_countries(&g.candidates, &mut scores);
            demote_municipalities(&g.candidates, &mut scores, w);
            scores
        })
        .collect();
    for (group, scores) in groups.iter_mut().zip(&priors) {
        let (choice, confidence) = best(scores);
        group.choice = choice;
        group.confidence = confidence;
    }

    for _ in 0..w.rounds {
        let chosen: Vec<Option<(&Cand, f64)>> = groups
            .iter()
            .map(|g| {
                g.candidates
                    .get(g.choice)
                    .map(|c| (c, g.weight * (0.3 + 0.7 * g.confidence)))
            })
            .collect();
        let mut next = Vec::with_capacity(groups.len());
        for (gi, group) in groups.iter().enumerate() {
            let scores: Vec<f64> = group
                .candidates
                .iter()
                .zip(&priors[gi])
                .map(|(c, prior)| prior + support(c, gi, &chosen, w))
                .collect();
            next.push(best(&scores));
        }
        for (group, (choice, confidence)) in groups.iter_mut().zip(next) {
            group.choice = choice;
            group.confidence = confidence;
        }
    }

    group_of
        .iter()
        .map(|&g| {
            let group = &groups[g];
            group
                .candidates
                .get(group.choice)
                .map(|c| (c.clone(), group.confidence))
        })
        .collect()
}

/// The support the other groups' choices give candidate `c` of group `gi`.
fn support(c: &Cand, gi: usize, chosen: &[Option<(&Cand, f64)>], w: &Weights) -> f64 {
    let mut total = 0.0;
    let mut country = 0.0;
    let mut admin1 = 0.0;
    let mut near: f64 = 0.0;
    for (hi, other) in chosen.iter().enumerate() {
        let Some((o, weight)) = other else { continue };
        if hi == gi {
            continue;
        }
        total += weight;
        if o.country.is_some() && o.country == c.country {
            country += weight;
            let admin_match = o.admin1.is_some()
                && o.admin1 == c.admin1
                && c.kind != MentionKind::Country
                && o.kind != MentionKind::Country;
            if admin_match {
                admin1 += weight;
            }
        }
        let local = |k: MentionKind| {
            matches!(
                k,
                MentionKind::Place | MentionKind::Admin1 | MentionKind::Admin2
            )
        };
        if local(o.kind) && local(c.kind) {
            let d = haversine_km(c.lat, c.lon, o.lat, o.lon);
            near = near.max((-d / w.near_km).exp() * weight.min(1.0));
        }
    }
    if total <= 0.0 {
        return 0.0;
    }
    w.same_country * country / total + w.same_admin1 * admin1 / total + w.near * near
}

/// The best index and a softmax confidence for it.
fn best(scores: &[f64]) -> (usize, f64) {
    let mut top = 0;
    for (i, s) in scores.iter().enumerate() {
        if *s > scores[top] {
            top = i;
        }
    }
    let Some(&max) = scores.get(top) else {
        return (0, 0.0);
    };
    let temperature = 0.12;
    let sum: f64 = scores.iter().map(|s| ((s - max) / temperature).exp()).sum();
    (top, if sum > 0.0 { 1.0 / sum } else { 0.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(name: &str, country: &str, admin1: &str, lat: f64, lon: f64, pop: u64) -> Cand {
        Cand {
            kind: MentionKind::Place,
            id: format!("{name}-{country}"),
            name: name.to_owned(),
            country: Some(country.to_owned()),
            admin1: Some(admin1.to_owned()),
            lat,
            lon,
            population: pop,
            exact: true,
        }
    }

    #[test]
    fn a_small_municipality_does_not_outrank_a_city_of_its_name() {
        let mut municipality = cand("Cáceres", "CO", "Antioquia", 7.6, -75.3, 4_987);
        municipality.kind = MentionKind::Admin2;
        let town = cand("Cáceres", "CO", "Antioquia", 7.6, -75.3, 4_987);
        let city = cand("Cáceres", "ES", "Extremadura", 39.5, -6.4, 93_131);
        let item = Item {
            key: "caceres".into(),
            candidates: vec![municipality, town, city],
            qualifiers: vec![],
            strong: true,
        };
        let out = resolve(&[item], &Weights::default());
        assert_eq!(
            out[0].as_ref().and_then(|c| c.0.country.as_deref()),
            Some("ES")
        );
    }

    #[test]
    fn an_alias_of_a_country_that_names_its_division_means_the_division() {
        let mut uk = cand("United Kingdom", "GB", "", 54.0, -2.0, 66_000_000);
        uk.kind = MentionKind::Country;
        uk.admin1 = None;
        uk.exact = false;
        let mut england = cand("England", "GB", "England", 52.5, -1.5, 0);
        england.kind = MentionKind::Admin1;
        let item = Item {
            key: "england".into(),
            candidates: vec![uk, england],
            qualifiers: vec![],
            strong: true,
        };
        let out = resolve(&[item], &Weights::default());
        assert_eq!(out[0].as_ref().map(|c| c.0.kind), Some(MentionKind::Admin1));
    }

    #[test]
    fn the_larger_of_namesake_regions_wins_alone_and_context_still_decides() {
        let region = |country: &str, pop: u64| {
            let mut c = cand("Sucre", country, "Sucre", 9.0, -70.0, pop);
            c.kind = MentionKind::Admin1;
            c
        };
        let sucre = Item {
            key: "sucre".into(),
            candidates: vec![region("CO", 700_000), region("VE", 1_200_000)],
            qualifiers: vec![],
            strong: true,
        };
        let alone = resolve(std::slice::from_ref(&sucre), &Weights::default());
        assert_eq!(
            alone[0].as_ref().map(|c| c.0.country.clone()),
            Some(Some("VE".into()))
        );
        let sincelejo = Item {
            key: "sincelejo".into(),
            candidates: vec![cand("Sincelejo", "CO", "Sucre", 9.3, -75.4, 260_000)],
            qualifiers: vec![],
            strong: true,
        };
        let out = resolve(&[sincelejo, sucre], &Weights::default());
        assert_eq!(
            out[1].as_ref().map(|c| c.0.country.clone()),
            Some(Some("CO".into()))
        );
    }

    #[test]
    fn context_outweighs_population() {
        let paris = Item {
            key: "paris".into(),
            candidates: vec![
                cand("Paris", "FR", "Île-de-France", 48.85, 2.35, 2_100_000),
                cand("Paris", "US", "Texas", 33.66, -95.56, 25_000),
            ],
            qualifiers: vec![],
            strong: true,
        };
        let alone = resolve(std::slice::from_ref(&paris), &Weights::default());
        assert_eq!(
            alone[0].as_ref().map(|c| c.0.country.clone()),
            Some(Some("FR".into()))
        );
        let mut texas = cand("Texas", "US", "Texas", 31.25, -99.25, 0);
        texas.kind = MentionKind::Admin1;
        let items = [
            Item {
                key: "texas".into(),
                candidates: vec![texas],
                qualifiers: vec![],
                strong: true,
            },
            paris.clone(),
            Item {
                key: "dallas".into(),
                candidates: vec![cand("Dallas", "US", "Texas", 32.78, -96.8, 1_300_000)],
                qualifiers: vec![],
                strong: true,
            },
        ];
        let out = resolve(&items, &Weights::default());
        assert_eq!(
            out[1].as_ref().map(|c| c.0.country.clone()),
            Some(Some("US".into()))
        );
        assert!(haversine_km(48.85, 2.35, 51.5, -0.12) > 330.0);
    }
}
