//! Where an incident happened: of the places a sentence names, the one the
//! incident took place at — not an origin ("from Afghanistan"), a qualifier
//! ("near Moscow"), a speaker ("Kabul said") or a word inside an actor's
//! name — refined by the names that qualify it ("Bari (Bari, Puglia)"),
//! by a finer place told nearby, or by the document's dateline and main
//! country when the sentence names none.

use std::collections::{HashMap, HashSet};

use sitrep_geoparse::{Mention, MentionKind};
use sitrep_model::{LocationPrecision, SubEventType};

use crate::cues::Cue;
use crate::perpetrator::in_organisation_name;
use crate::tokens::Token;
use crate::{Extractor, Place};
use crate::{actors, dates, features, generic, possessive_at, tokens};

impl<'g> Extractor<'g> {
    /// The places of the incident whose cue is `cue` in the clause `range`.
    pub(crate) fn select_places(
        &self,
        tokens: &[Token],
        range: (usize, usize),
        mentions: &[&Mention],
        cue: &Cue,
        actor_hits: &[actors::ActorHit],
    ) -> Vec<Chosen> {
        struct Cand {
            first: usize,
            last: usize,
            chosen: Chosen,
            kind: MentionKind,
            qualifier: bool,
            bracket: Option<usize>,
            /// Introduced by "in", "at", "near" and the like.
            locative: bool,
            /// A word of a longer name the gazetteer lacks ("San Pya
            /// village" → "San").
            fragment: bool,
            /// A city named with its subdivision ("Tehran - District 3").
            subdivided: bool,
        }
        impl Cand {
            /// A country's capital the words name ("the Afghan capital").
            pub(crate) fn capital(first: usize, last: usize, chosen: Chosen) -> Cand {
                Cand {
                    first,
                    last,
                    chosen,
                    kind: MentionKind::Place,
                    qualifier: false,
                    bracket: None,
                    locative: true,
                    fragment: false,
                    subdivided: false,
                }
            }
        }
        let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
        let mut cands: Vec<Cand> = Vec::new();
        // The end of the last mention dropped for "from", so the rest of
        // its list goes too ("migrants from Cuba, Haiti and Peru").
        let mut from_end: Option<usize> = None;
        for m in mentions {
            let Some((first, last)) = token_span(tokens, m) else {
                continue;
            };
            if first < range.0
                || last > range.1
                || m.kind == MentionKind::Region
                || !self.trusted(m)
            {
                continue;
            }
            // Inside an actor's name: "Kurdistan Workers' Party", "US
            // military", "Fano militia".
            if actor_hits.iter().any(|h| h.first < last && first < h.last) {
                continue;
            }
            // Part of a hyphenated word: "Port" of "Port-au-Prince", "US" of
            // "US-based". The whole word may be a place the geoparser missed.
            let joined = |a: usize, b: usize| {
                tokens
                    .get(a)
                    .zip(tokens.get(b))
                    .is_some_and(|(x, y)| x.end == y.start)
            };
            let mut whole: Option<(Place, usize, usize)> = None;
            if (lower(last) == "-" && joined(last - 1, last) && joined(last, last + 1))
                || (first >= 2
                    && lower(first - 1) == "-"
                    && joined(first - 2, first - 1)
                    && joined(first - 1, first))
            {
                let mut a = first;
                while a >= 2 && lower(a - 1) == "-" && joined(a - 2, a - 1) && joined(a - 1, a) {
                    a -= 2;
                }
                let mut b = last;
                while lower(b) == "-" && joined(b - 1, b) && joined(b, b + 1) {
                    b += 2;
                }
                let surface: String = tokens[a..b.min(tokens.len())]
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect();
                whole = self
                    .geoparser
                    .candidates_for_text(&surface)
                    .into_iter()
                    .filter(|c| c.exact && c.kind != MentionKind::Region)
                    .max_by_key(|c| c.population)
                    .map(|c| (place_of_cand(c), tokens[a].start, tokens[b - 1].end));
                if whole.is_none() {
                    continue;
                }
            }
            // "Niger's Tillaberi region": the country only says whose — but
            // "South Sudan's capital" is the capital.
            let possessive = m.kind == MentionKind::Country && possessive_at(tokens, last);
            let capital_word = if possessive { last + 2 } else { last };
            if possessive && lower(capital_word) != "capital" {
                continue;
            }
            // The word before, past direction words: "from northern Afghanistan".
            let mut k = first;
            while k > 0 && DIRECTIONS.contains(&lower(k - 1)) {
                k -= 1;
            }
            let prev = if k > 0 { lower(k - 1) } else { "" };
            let raw_prev = if first > 0 { lower(first - 1) } else { "" };
            let next = tokens.get(last);
            let listed_after_from = m.kind == MentionKind::Country
                && from_end.is_some_and(|e| {
                    e < first && (e..first).all(|j| matches!(lower(j), "," | "and" | "or"))
                });
            if not_the_incidents_place(tokens, mentions, m, first, last) {
                continue;
            }
            // "the neighbourhoods of Bello Horizonte, Altagracia and Villa
            // Venezuela in Managua": parts of the city named after them.
            if listed_as_parts(tokens, first)
                && mentions.iter().any(|n| {
                    token_span(tokens, n)
                        .is_some_and(|(f, _)| f > last && f <= last + 12 && lower(f - 1) == "in")
                })
            {
                continue;
            }
            if prev == "from" || listed_after_from {
                if m.kind == MentionKind::Country {
                    from_end = Some(last);
                }
                continue;
            }
            // "the Afghan capital", "South Sudan's capital", "the capital
            // of Guinea-Bissau" → the capital.
            let capital_of = raw_prev == "of" && first >= 2 && lower(first - 2) == "capital";
            if m.kind == MentionKind::Country
                && (lower(capital_word) == "capital" || capital_of)
                && let Some(place) = m.country.as_deref().and_then(|c| self.capital(c))
            {
                let (from, to) = if capital_of {
                    (first - 2, last)
                } else {
                    (first, capital_word + 1)
                };
                let start = if from > 0 && lower(from - 1) == "the" {
                    tokens[from - 1].start
                } else {
                    tokens[from].start
                };
                cands.push(Cand::capital(
                    from,
                    to,
                    Chosen {
                        place,
                        start,
                        end: tokens[to - 1].end,
                    },
                ));
                continue;
            }
            if prev == "from" || (prev == "outside" && m.kind == MentionKind::Country) {
                continue;
            }
            // "Military forces of Russia", "the government of Iraq": an actor.
            if prev == "of"
                && k >= 2
                && matches!(
                    lower(k - 2),
                    "forces"
                        | "army"
                        | "police"
                        | "government"
                        | "ministry"
                        | "president"
                        | "embassy"
                        | "consulate"
                        | "military"
                        | "navy"
                        | "troops"
                        | "republic"
                )
            {
                continue;
            }
            // "the Lesotho High Commission", "Greece's embassy": an institution.
            if matches!(m.kind, MentionKind::Country)
                && next.is_some_and(|t| {
                    matches!(
                        t.lower.as_str(),
                        "high"
                            | "embassy"
                            | "consulate"
                            | "ministry"
                            | "government"
                            | "army"
                            | "airlines"
                            | "navy"
                            | "parliament"
                            | "foreign"
                            | "coast"
                    )
                })
            {
                continue;
            }
            // "on the border with Venezuela": a landmark, not the place.
            if prev == "with" && k >= 2 && matches!(lower(k - 2), "border" | "frontier") {
                continue;
            }
            // An adjective use: "a US drone strike", "German police",
            // "Russian forces shelled …"; a demonym never names the place
            // itself (but "the Afghan capital" did above).
            let demonym = sitrep_geoparse::demonyms::lookup(&m.text).is_some_and(|h| !h.is_name);
            // "Ar Raqqa countryside", "the Idlib province": a word for an
            // area after the name makes it a place, not an adjective.
            let area_after = next.is_some_and(|t| AREA_WORDS.contains(&t.lower.as_str()));
            let modifier = matches!(m.kind, MentionKind::Country | MentionKind::Admin1)
                && (demonym
                    || (!LOCATIVE.contains(&raw_prev)
                        && !area_after
                        && next.is_some_and(|t| t.is_word() && !t.is_capitalised())));
            if modifier {
                continue;
            }
            // "the Phoenix Special Guerrilla Force", "the Ye Ogre Group": a
            // word of an organisation's name the registry lacks.
            if in_organisation_name(tokens, last) {
                continue;
            }
            // "Tehran - District 3", "Rio de Janeiro - North Zone": the name
            // after a spaced dash is a part of the city before it; read
            // abroad ("Zone", Italy), it is a misreading, and the city is
            // the place. A part the gazetteer knows in the city's country
            // ("New York - Manhattan") is the finer place.
            let mut subdivision = false;
            if spaced_dash_before(tokens, first)
                && let Some(city) = cands.last_mut().filter(|c| c.last + 1 == first)
            {
                // A city read as its region ("New York"): a part inside it;
                // a country and a city of its ("SOMALIA - Mogadishu", a
                // brief's heading): the city.
                let coarse = (!matches!(city.kind, MentionKind::Place | MentionKind::Admin2)
                    && city.chosen.place.admin1.is_some()
                    && city.chosen.place.admin1 == m.admin1)
                    || (city.kind == MentionKind::Country
                        && city.chosen.place.country == m.country);
                let near = city.chosen.place.country == m.country
                    && (coarse
                        || sitrep_geoparse::resolve::haversine_km(
                            city.chosen.place.lat,
                            city.chosen.place.lon,
                            m.lat,
                            m.lon,
                        ) <= SUBDIVISION_KM);
                if !near {
                    continue;
                }
                city.subdivided = false;
                subdivision = true;
            }
            // "Kerman, Iran", "Baranivka, Sumy": the region only qualifies
            // the town (and helps resolve it, see `refine_place`).
            if let Some(prev_cand) = cands.last()
                && prev_cand.last + 1 == first
                && lower(prev_cand.last) == ","
                && prev_cand.kind != MentionKind::Country
                && (matches!(m.kind, MentionKind::Country | MentionKind::Admin1)
                    && prev_cand.chosen.place.country == m.country
                    || prev_cand.chosen.place.admin1.as_deref().is_some_and(|a| {
                        sitrep_geo::gazetteer::normalise(a)
                            .starts_with(&sitrep_geo::gazetteer::normalise(&m.text))
                    })
                    || (m.kind == MentionKind::Place
                        && self.geoparser.candidates_for_text(&m.text).iter().any(|c| {
                            c.kind == MentionKind::Admin1
                                && c.country == prev_cand.chosen.place.country
                        })))
            {
                continue;
            }
            // "on the road between Kaya and Dori": one route, placed at its
            // first end, as ACLED does.
            if raw_prev == "and"
                && let Some(prev_cand) = cands.last()
                && prev_cand.last + 1 == first
                && prev_cand.first > 0
                && lower(prev_cand.first - 1) == "between"
            {
                continue;
            }
            // "X (Irumu, Ituri)": names in brackets after a name qualify it;
            // the first is the most specific.
            let bracket = (range.0..first)
                .rev()
                .take_while(|&j| lower(j) != ")")
                .find(|&j| lower(j) == "(")
                .filter(|&j| j > 0 && tokens[j - 1].is_capitalised());
            if let Some(b) = bracket
                && cands.iter().any(|c| c.bracket == Some(b))
            {
                continue;
            }
            // "the Tillaberi region": the region, whatever the gazetteer found.
            let region_word = matches!(
                lower(last),
                "region"
                    | "province"
                    | "state"
                    | "governorate"
                    | "oblast"
                    | "department"
                    | "prefecture"
            );
            let kind = match m.kind {
                MentionKind::Place | MentionKind::Admin2 if region_word => MentionKind::Admin1,
                k => k,
            };
            // "Novopil, Donetsk", "Donetsk region": a name that qualifies an
            // unknown one, or carries a region's kind word, names the region
            // when the town it was read as lies in another country.
            let after_unknown = first >= 2
                && lower(first - 1) == ","
                && tokens[first - 2].is_capitalised()
                && !mentions.iter().any(|o| {
                    token_span(tokens, o).is_some_and(|(a, b)| a <= first - 2 && first - 2 < b)
                });
            let region = if whole.is_none()
                && m.kind == MentionKind::Place
                && (region_word || after_unknown)
            {
                self.region_instead(m)
            } else {
                None
            };
            let fragment = whole.is_none() && self.fragment_of_longer_name(tokens, first, last);
            cands.push(Cand {
                first,
                last,
                chosen: match (whole, region) {
                    (Some((place, start, end)), _) => Chosen { place, start, end },
                    (None, Some(place)) => Chosen {
                        place,
                        start: m.start,
                        end: m.end,
                    },
                    (None, None) => Chosen {
                        place: place_of(m),
                        start: m.start,
                        end: m.end,
                    },
                },
                kind,
                // "in Fairfield, in Sydney's west": the city's part says
                // where the place named before it lies.
                qualifier: matches!(prev, "near" | "outside")
                    || bracket.is_some()
                    || (possessive_at(tokens, last)
                        && matches!(
                            lower(last + 2),
                            "west"
                                | "east"
                                | "north"
                                | "south"
                                | "northwest"
                                | "northeast"
                                | "southwest"
                                | "southeast"
                                | "outskirts"
                                | "suburbs"
                        )),
                bracket,
                locative: matches!(
                    prev,
                    "in" | "at"
                        | "near"
                        | "inside"
                        | "outside"
                        | "across"
                        | "throughout"
                        | "within"
                        | "into"
                        | "on"
                        | "around"
                ),
                fragment,
                // The geoparser may take the dash and the part's first word
                // into the city's mention ("Tehran - District").
                subdivided: subdivision
                    || (first + 1..=last + 1).any(|k| spaced_dash_before(tokens, k)),
            });
            // ACLED's "(coded to X)": X is the place.
            if first >= 2
                && lower(first - 2) == "coded"
                && matches!(lower(first - 1), "to" | "as")
                && let Some(last) = cands.pop()
            {
                cands.clear();
                cands.push(last);
                break;
            }
        }
        // "LEBANON - … a strike in the southern suburbs of the capital":
        // the capital of the one country the clause names.
        let capital_at = (range.0 + 1..range.1).find(|&i| {
            lower(i) == "capital"
                && lower(i - 1) == "the"
                && !tokens
                    .get(i + 1)
                    .is_some_and(|t| t.is_capitalised() || t.lower == "of")
        });
        // Countries named anywhere in the clause, "Ecuador's presidential
        // race" too (looked for only when the clause says "the capital").
        let countries = || {
            let mut found: Vec<&str> = mentions
                .iter()
                .filter(|m| m.kind == MentionKind::Country)
                .filter(|m| {
                    token_span(tokens, m).is_some_and(|(a, b)| a >= range.0 && b <= range.1)
                })
                .filter_map(|m| m.country.as_deref())
                .collect();
            found.dedup();
            found
        };
        if let Some(i) = capital_at
            && cands.iter().all(|c| matches!(c.kind, MentionKind::Country))
            && let [country] = countries().as_slice()
            && let Some(place) = self.capital(country)
        {
            cands = vec![Cand::capital(
                i - 1,
                i + 1,
                Chosen {
                    place,
                    start: tokens[i - 1].start,
                    end: tokens[i].end,
                },
            )];
        }
        // A word of a longer name ("San" of "San Pya village") names some
        // other place; the clause's other places tell where.
        // One name, one sense: "based in Moe Bye at 8 pm" after "in Moe
        // Bye town" is the same fragment.
        let fragment_names: Vec<String> = cands
            .iter()
            .filter(|c| c.fragment)
            .map(|c| c.chosen.place.gazetteer_id.clone())
            .collect();
        for c in &mut cands {
            c.fragment |= fragment_names.contains(&c.chosen.place.gazetteer_id);
        }
        // Only when they disagree: a fragment in the others' country is
        // more likely a shorter spelling of the place ("Rabkavi" for
        // "Rabkavi Banhatti town").
        // So is one in the others' region: "Pyay" of "Pan Tha Pyay
        // village, Lashio township (…, Shan State)" lies in Bago, another
        // region of the country, and goes.
        let same_region = |a: Option<&str>, b: Option<&str>| match (a, b) {
            (Some(a), Some(b)) => same_region_name(a, b),
            _ => true,
        };
        let whole: Vec<Place> = cands
            .iter()
            .filter(|c| !c.fragment)
            .map(|c| c.chosen.place.clone())
            .collect();
        cands.retain(|c| {
            let p = &c.chosen.place;
            !c.fragment
                || whole.is_empty()
                || whole.iter().any(|w| {
                    w.country == p.country
                        && (w.precision == LocationPrecision::Country
                            || same_region(w.admin1.as_deref(), p.admin1.as_deref()))
                })
        });
        // A name before the noun of what it names ("Carnot middle school
        // in Grasse", "the Mercedes plant", "the Progresso neighborhood",
        // "Hamza Brigade") gives way to a place the clause names plainly.
        let names_a_thing = |c: &Cand| {
            tokens
                .get(c.last)
                .is_some_and(|t| NAMED_THINGS.contains(&t.lower.as_str()))
        };
        if cands.iter().any(|c| !names_a_thing(c)) {
            cands.retain(|c| !names_a_thing(c));
        }
        // "In Kherson, … shelled a market in the Dniprovskyi district": a
        // part of a town the sentence names, so not a namesake far off (a
        // district of Kyiv).
        let part_elsewhere = |c: &Cand| {
            matches!(c.kind, MentionKind::Place | MentionKind::Admin2)
                && tokens.get(c.last).is_some_and(|t| {
                    matches!(
                        t.lower.as_str(),
                        "district" | "neighbourhood" | "neighborhood" | "quarter" | "suburb"
                    )
                })
                && mentions.iter().any(|m| {
                    m.kind == MentionKind::Place
                        && m.country == c.chosen.place.country
                        && m.gazetteer_id != c.chosen.place.gazetteer_id
                        && sitrep_geoparse::resolve::haversine_km(
                            m.lat,
                            m.lon,
                            c.chosen.place.lat,
                            c.chosen.place.lon,
                        ) > SUBDIVISION_KM
                })
        };
        cands.retain(|c| !part_elsewhere(c));
        // "protesters against the invasion of Ukraine marched in Athens",
        // "migrants bound to Greece were detained off Datca": a country the
        // clause names other than after "in", "at" or "near" is not where
        // an incident happened that a town of another country names.
        let town_countries: Vec<Option<String>> = cands
            .iter()
            .filter(|c| matches!(c.kind, MentionKind::Place | MentionKind::Admin2))
            .map(|c| c.chosen.place.country.clone())
            .collect();
        // Nor is a country named before the cue, in the subject ("relatives
        // of Kazakhs in China protested … in Almaty"), when a town of
        // another country follows the cue.
        let towns_after: Vec<Option<String>> = cands
            .iter()
            .filter(|c| {
                matches!(c.kind, MentionKind::Place | MentionKind::Admin2) && c.first >= cue.last
            })
            .map(|c| c.chosen.place.country.clone())
            .collect();
        cands.retain(|c| {
            c.kind != MentionKind::Country
                || ((c.locative
                    || town_countries.is_empty()
                    || town_countries.contains(&c.chosen.place.country))
                    && (c.last > cue.first
                        || towns_after.is_empty()
                        || towns_after.contains(&c.chosen.place.country)))
        });
        // "struck the centre of Sumy …, in the deadliest attack in Ukraine
        // this year": a country the clause names beside a town of its own
        // adds nothing; the town is where.
        cands.retain(|c| {
            c.kind != MentionKind::Country || !town_countries.contains(&c.chosen.place.country)
        });
        // "near Moscow" qualifies a place named beside it; alone, "near X"
        // is X.
        let fine = |k: MentionKind| matches!(k, MentionKind::Place | MentionKind::Admin2);
        if cands.iter().any(|c| !c.qualifier && fine(c.kind)) {
            cands.retain(|c| !c.qualifier);
        }
        // Strikes land where they are aimed: "militants in Gaza fired rockets
        // at Sderot".
        let remote = matches!(
            cue.sub,
            SubEventType::ShellingArtilleryMissileAttack | SubEventType::AirDroneStrike
        );
        if remote && cands.iter().any(|c| c.first >= cue.last) {
            cands.retain(|c| c.first >= cue.last);
        }
        let all: Vec<(MentionKind, Option<String>, Option<String>, usize)> = cands
            .iter()
            .enumerate()
            .map(|(i, c)| {
                (
                    c.kind,
                    c.chosen.place.country.clone(),
                    c.chosen.place.admin1.clone(),
                    i,
                )
            })
            .collect();
        // Lists: places joined by commas and "and".
        let mut groups: Vec<Vec<Cand>> = Vec::new();
        for c in cands {
            let joined = groups.last().and_then(|g| g.last()).is_some_and(|p| {
                p.last <= c.first && (p.last..c.first).all(|j| LIST_GLUE.contains(&lower(j)))
            });
            // "on the Sariab Road in Quetta": the second contains the first,
            // not a list; keep the first unless it was resolved abroad.
            let within = groups.last().and_then(|g| g.last()).is_some_and(|p| {
                let gap: Vec<&str> = (p.last..c.first).map(lower).collect();
                gap.contains(&"in") && !gap.iter().any(|w| matches!(*w, "and" | "or" | ","))
            });
            match groups.last_mut() {
                Some(g) if joined && within => {
                    let same = g
                        .last()
                        .is_some_and(|p| p.chosen.place.country == c.chosen.place.country);
                    if !same {
                        g.pop();
                        g.push(c);
                    }
                }
                Some(g) if joined => g.push(c),
                _ => groups.push(vec![c]),
            }
        }
        // "near Tera, in the Tillaberi region": the region qualifies the
        // town listed beside it.
        for g in &mut groups {
            // "near Boni, in the Mopti region" with Boni resolved abroad:
            // the town is misread, the region is not.
            let coarse_countries: Vec<Option<String>> = g
                .iter()
                .filter(|c| !fine(c.kind))
                .map(|c| c.chosen.place.country.clone())
                .collect();
            if !coarse_countries.is_empty() {
                g.retain(|c| !fine(c.kind) || coarse_countries.contains(&c.chosen.place.country));
            }
            let fine_countries: Vec<Option<String>> = g
                .iter()
                .filter(|c| fine(c.kind))
                .map(|c| c.chosen.place.country.clone())
                .collect();
            g.retain(|c| fine(c.kind) || !fine_countries.contains(&c.chosen.place.country));
        }
        let distance = |g: &Vec<Cand>| {
            g.iter()
                .map(|c| {
                    if c.first >= cue.last {
                        (c.first - cue.last, 0)
                    } else if c.last <= cue.first {
                        (cue.first - c.last, 1)
                    } else {
                        (0, 0)
                    }
                })
                .min()
                .unwrap_or((usize::MAX, 1))
        };
        // A city named with its subdivision is where ACLED's notes place
        // the incident ("fans protested at Ararat Sports Complex in Tehran -
        // District 3").
        let best_index = groups
            .iter()
            .enumerate()
            .min_by_key(|(_, g)| (!g.iter().any(|c| c.subdivided), distance(g)))
            .map(|(i, _)| i);
        let Some(best_index) = best_index else {
            return Vec::new();
        };
        // A region or country alone, with a town inside it named in the
        // same clause ("in Konduga … of Borno State", "X (Zhengzhou,
        // Henan)"): the town.
        let best = &groups[best_index];
        if best.len() == 1 && !fine(best[0].kind) {
            let coarse = &best[0].chosen.place;
            let inside = all.iter().find(|(kind, country, admin1, _)| {
                fine(*kind)
                    && *country == coarse.country
                    && (best[0].kind == MentionKind::Country || *admin1 == coarse.admin1)
            });
            if let Some(&(_, _, _, i)) = inside {
                let flat: Vec<&Cand> = groups.iter().flatten().collect();
                if let Some(c) = flat.get(i) {
                    return vec![Chosen {
                        place: c.chosen.place.clone(),
                        start: c.chosen.start,
                        end: c.chosen.end,
                    }];
                }
            }
        }
        groups
            .swap_remove(best_index)
            .into_iter()
            .map(|c| c.chosen)
            .collect()
    }

    /// Resolves a chosen place again with what the sentence says about it:
    /// the names in brackets or after a comma right behind it ("Baranivka,
    /// Sumy", "Granada (Andalucia)", "Ndimo (Irumu, Ituri)") should contain
    /// it, and the other places of the sentence share its country more often
    /// than not. The geoparser's own choice wins ties.
    pub(crate) fn refine_place(
        &self,
        chosen: Chosen,
        tokens: &[Token],
        mentions: &[&Mention],
    ) -> Chosen {
        let surface: String = {
            let mut surface = String::new();
            let mut end = None;
            for t in tokens
                .iter()
                .filter(|t| t.start >= chosen.start && t.end <= chosen.end)
            {
                if end.is_some_and(|e| e < t.start) {
                    surface.push(' ');
                }
                surface.push_str(&t.text);
                end = Some(t.end);
            }
            surface
        };
        if surface.is_empty() || chosen.place.gazetteer_id.starts_with("country:") {
            return chosen;
        }
        let Some(after) = tokens.iter().position(|t| t.start >= chosen.end) else {
            return chosen;
        };
        let norm = sitrep_geo::gazetteer::normalise;
        // A bracket repeating the name ("Pama (Pama, Kompienga)", ACLED's
        // town and its namesake district) says nothing about which namesake
        // is meant: its candidates are the name's own, and would vote for
        // whichever country holds most of them (Parma and Palmer, US).
        let hints: Vec<String> = qualifier_names(tokens, after)
            .into_iter()
            .filter(|h| norm(h) != norm(&surface))
            .collect();
        let hint_cands: Vec<Vec<sitrep_geoparse::resolve::Cand>> = hints
            .iter()
            .map(|h| {
                let mut c = self.geoparser.candidates_for_text(h);
                c.extend(self.geoparser.region_candidates(h));
                c
            })
            .collect();
        let context: Vec<&str> = mentions
            .iter()
            .filter(|m| m.end <= chosen.start || m.start >= chosen.end)
            .filter(|m| sitrep_geoparse::demonyms::lookup(&m.text).is_none_or(|h| h.is_name))
            .filter_map(|m| m.country.as_deref())
            .collect();
        if hint_cands.iter().all(Vec::is_empty) && context.is_empty() {
            return chosen;
        }
        let score = |country: Option<&str>, admin1: Option<&str>, id: &str| -> f64 {
            let mut s = 0.0;
            for hc in &hint_cands {
                let best = hc
                    .iter()
                    .map(|h| {
                        let same_country = h.country.as_deref() == country && country.is_some();
                        let admin_match = admin1
                            .zip(h.admin1.as_deref())
                            .is_some_and(|(a, b)| same_region_name(a, b));
                        match h.kind {
                            _ if h.id == id => 0.0,
                            MentionKind::Admin1 if admin_match => 4.0,
                            MentionKind::Place | MentionKind::Admin2 if admin_match => 3.0,
                            MentionKind::Country if same_country => 2.0,
                            _ if same_country => 1.0,
                            _ => 0.0,
                        }
                    })
                    .fold(0.0, f64::max);
                s += best;
            }
            s + context.iter().filter(|c| Some(**c) == country).count() as f64 * 0.5
        };
        let current = score(
            chosen.place.country.as_deref(),
            chosen.place.admin1.as_deref(),
            &chosen.place.gazetteer_id,
        ) + 0.6;
        let candidates = self.geoparser.candidates_for_text(&surface);
        let largest_exact = candidates
            .iter()
            .filter(|c| c.exact && c.kind == MentionKind::Place)
            .map(|c| c.population)
            .max()
            .unwrap_or(0);
        let best = candidates
            .into_iter()
            .filter(|c| !variant_hamlet(c, largest_exact))
            .map(|c| {
                let s = score(c.country.as_deref(), c.admin1.as_deref(), &c.id)
                    + (c.population as f64 + 1.0).ln() / 40.0
                    + if c.exact { 0.2 } else { 0.0 };
                (s, c)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0));
        // A city named like the region it lies in ("Rio de Janeiro") means
        // the city (as in the geoparser's own prior).
        let namesake_region = |c: &sitrep_geoparse::resolve::Cand| {
            c.kind == MentionKind::Admin1
                && chosen.place.precision == LocationPrecision::City
                && c.country == chosen.place.country
                && chosen
                    .place
                    .admin1
                    .as_deref()
                    .is_some_and(|a| norm(a) == norm(&c.name))
        };
        let chosen = match best {
            Some((s, c))
                if s > current && c.id != chosen.place.gazetteer_id && !namesake_region(&c) =>
            {
                Chosen {
                    place: place_of_cand(c),
                    ..chosen
                }
            }
            _ => chosen,
        };
        // "Baranivka, Sumy" where the gazetteer's only Baranivka lies in
        // another region: a smaller place it lacks; the region is right.
        let region = hint_cands.iter().flatten().find(|h| {
            h.kind == MentionKind::Admin1
                && h.country == chosen.place.country
                && chosen
                    .place
                    .admin1
                    .as_deref()
                    .is_some_and(|a| !same_region_name(a, &h.name))
        });
        match region {
            Some(h) if chosen.place.precision != LocationPrecision::Admin1 => Chosen {
                place: place_of_cand(h.clone()),
                ..chosen
            },
            _ => chosen,
        }
    }

    /// A town resolved abroad while the rest of its sentence agrees on one
    /// other country ("in Loikaw town (Loikaw district, Kayah State), a
    /// bomb exploded in Daw U Khu Ward", where the gazetteer's only "Daw U"
    /// is in China): the gazetteer lacks the place, so the sentence's most
    /// specific place in that country stands in for it. Countries and
    /// regions the text names are kept; so is a town whose country any other
    /// place of the sentence shares.
    pub(crate) fn home_place(
        &self,
        chosen: Chosen,
        tokens: &[Token],
        mentions: &[&Mention],
    ) -> Chosen {
        if !matches!(
            chosen.place.precision,
            LocationPrecision::City | LocationPrecision::Admin2
        ) {
            return chosen;
        }
        let others: Vec<&&Mention> = mentions
            .iter()
            .filter(|m| {
                (m.end <= chosen.start || m.start >= chosen.end)
                    && m.kind != MentionKind::Region
                    && m.country.is_some()
                    && self.trusted(m)
            })
            .collect();
        let mut votes: HashMap<&str, f64> = HashMap::new();
        for m in &others {
            let adjective = sitrep_geoparse::demonyms::lookup(&m.text).is_some_and(|h| !h.is_name);
            // "Saida town in Ar Raqqa countryside": a region named right
            // after the town says where it lies, as much as two places do.
            let container = matches!(m.kind, MentionKind::Admin1 | MentionKind::Admin2)
                && contains_place(tokens, &chosen, m);
            *votes
                .entry(m.country.as_deref().unwrap_or_default())
                .or_default() += if container {
                2.0
            } else if adjective {
                0.5
            } else {
                1.0
            };
        }
        let own = chosen.place.country.as_deref().unwrap_or_default();
        if votes.get(own).copied().unwrap_or(0.0) > 0.0 {
            return chosen;
        }
        let Some((home, &top)) = votes
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
        else {
            return chosen;
        };
        // A town the gazetteer knows only by another spelling of a name
        // ("Khar" → Haar, Bavaria; "Sindian" → Xindian, Taiwan) is a weaker
        // reading than one it knows by the name itself: one place of another
        // country beside it ("(Bajaur, KPK)") outweighs it.
        let needed = if by_other_spelling(tokens, &chosen) {
            1.0
        } else {
            2.0
        };
        if top < needed {
            return chosen;
        }
        let rank = |k: MentionKind| match k {
            MentionKind::Place | MentionKind::Admin2 => 0,
            MentionKind::Admin1 => 1,
            _ => 2,
        };
        // Only a place or a division stands in: a country the sentence
        // names ("in solidarity with Ukraine") is rarely where a town it
        // names lies, and would lose the town's precision.
        let best = others
            .iter()
            .filter(|m| {
                m.country.as_deref() == Some(*home)
                    && m.kind != MentionKind::Country
                    && sitrep_geoparse::demonyms::lookup(&m.text).is_none_or(|h| h.is_name)
            })
            .min_by_key(|m| (rank(m.kind), m.start.abs_diff(chosen.start)));
        match best {
            Some(m) => Chosen {
                place: place_of(m),
                ..chosen
            },
            None => chosen,
        }
    }

    /// A first-level region chosen where the sentence also names a town
    /// or district inside it ("in Pang Sit village of Pindaya township
    /// (…, Shan-South state)", where the gazetteer lacks the village and
    /// the bracket's region stood in): the town is the most specific place
    /// the sentence gives, nearest the region's mention first.
    pub(crate) fn finer_place(&self, chosen: Chosen, mentions: &[&Mention]) -> Chosen {
        if chosen.place.precision != LocationPrecision::Admin1 {
            return chosen;
        }
        let norm = sitrep_geo::gazetteer::normalise;
        let region = norm(chosen.place.admin1.as_deref().unwrap_or(&chosen.place.name));
        let inside = |m: &&&Mention| {
            matches!(m.kind, MentionKind::Place | MentionKind::Admin2)
                && (m.end <= chosen.start || m.start >= chosen.end)
                && m.country == chosen.place.country
                && m.admin1.as_deref().is_some_and(|a| same_region_name(a, &region))
                // The region's namesake city ("Luhansk" in "…, Luhansk
                // region") is the region named again, not a finer place.
                && !region.starts_with(&norm(&m.name))
                && !norm(&m.name).starts_with(&region)
                && self.trusted(m)
                && sitrep_geoparse::demonyms::lookup(&m.text).is_none_or(|h| h.is_name)
        };
        match mentions
            .iter()
            .filter(inside)
            .min_by_key(|m| m.start.abs_diff(chosen.start))
        {
            Some(m) => Chosen {
                place: place_of(m),
                ..chosen
            },
            None => chosen,
        }
    }

    /// The first-level region a mention read as a town abroad may name
    /// instead: one of its name in another country ("Donetsk": a town in
    /// Russia's Rostov oblast, and Ukraine's Donetsk oblast). None when the
    /// town's own country has a region of that name, or none has.
    fn region_instead(&self, m: &Mention) -> Option<Place> {
        let mut found: Vec<sitrep_geoparse::resolve::Cand> = self
            .geoparser
            .candidates_for_text(&m.text)
            .into_iter()
            .filter(|c| c.kind == MentionKind::Admin1)
            .collect();
        found.extend(self.geoparser.region_candidates(&m.text));
        if found.is_empty() || found.iter().any(|c| c.country == m.country) {
            return None;
        }
        found
            .into_iter()
            .max_by_key(|c| c.population)
            .map(place_of_cand)
    }

    /// Whether tokens `first..last` are part of a longer capitalised name
    /// that goes on to a settlement word or a bracket ("San Pya village",
    /// "Moe Bye town (…)", "Jurf Al Nasr area", "Chamkar Mon (Phnom
    /// Penh)"), which the gazetteer does not know as a whole.
    fn fragment_of_longer_name(&self, tokens: &[Token], first: usize, last: usize) -> bool {
        const STOP: &[&str] = &[
            // Kind and facility words name a place by the mention itself.
            "city",
            "town",
            "village",
            "district",
            "province",
            "region",
            "state",
            "township",
            "county",
            "governorate",
            "oblast",
            "municipality",
            "division",
            "camp",
            "airport",
            "air",
            "base",
            "university",
            "hospital",
            "market",
            "road",
            "street",
            "bridge",
            "prison",
            "stadium",
            "square",
            "park",
            "station",
            "mosque",
            "church",
            "school",
            "port",
            "border",
            "highway",
            "river",
            "lake",
            "mountains",
            "valley",
            "forest",
            "high",
            "court",
            "office",
            "offices",
            "hall",
            "house",
            "palace",
            "centre",
            "center",
            "embassy",
            "consulate",
            "headquarters",
            "ministry",
            "police",
            "army",
            "barracks",
            "college",
            "academy",
            "mall",
            "hotel",
            "lga",
            "lgas",
            "zone",
            "north",
            "south",
            "east",
            "west",
            "central",
            "northern",
            "southern",
            "eastern",
            "western",
            "upper",
            "lower",
            "greater",
            "new",
            "old",
        ];
        const SETTLEMENT: &[&str] = &[
            "village",
            "villages",
            "town",
            "area",
            "township",
            "ward",
            "tract",
            "neighbourhood",
            "neighborhood",
            "locality",
            "kebele",
            "hill",
            "quarter",
            "sector",
            "suburb",
            "hamlet",
            "settlement",
        ];
        let name_word = |i: usize| {
            tokens.get(i).is_some_and(|t| {
                t.is_capitalised()
                    && t.is_word()
                    && !STOP.contains(&t.lower.as_str())
                    && !features::MONTHS.contains(&t.lower.as_str())
                    && dates::weekday_named(&t.lower).is_none()
                    && sitrep_geoparse::demonyms::lookup(&t.text).is_none()
            })
        };
        let glued = |a: usize, b: usize| tokens[a].end + 1 == tokens[b].start;
        let mut a = first;
        while a > 1 && name_word(a - 1) && glued(a - 1, a) {
            a -= 1;
        }
        let mut b = last;
        while b < tokens.len() && name_word(b) && glued(b - 1, b) {
            b += 1;
        }
        if (a, b) == (first, last) {
            return false;
        }
        // So do the kind words of towns and districts ("Ranbir Singh Pura
        // city", "Qalat Sukkar district").
        const DIVISION: &[&str] = &["city", "district", "municipality", "tehsil", "county"];
        // ("Cerro Norte, a poor neighbourhood on the western edge of …": a
        // settlement word in the apposition after it.)
        let settlement = |t: &Token| {
            SETTLEMENT.contains(&t.lower.as_str()) || DIVISION.contains(&t.lower.as_str())
        };
        let apposition = tokens.get(b).is_some_and(|t| t.text == ",")
            && tokens
                .get(b + 1)
                .is_some_and(|t| matches!(t.lower.as_str(), "a" | "an" | "the"))
            && tokens[(b + 2).min(tokens.len())..(b + 5).min(tokens.len())]
                .iter()
                .any(settlement);
        let ends_name = apposition
            || tokens
                .get(b)
                .is_some_and(|t| t.text == "(" || settlement(t));
        if !ends_name {
            return false;
        }
        let surface = tokens[a..b]
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        self.gazetteer.lookup(&surface).is_empty()
    }

    /// The first name in brackets after a capitalised word of the clause
    /// that the gazetteer knows, as a place (see [`qualifier_names`]).
    pub(crate) fn bracketed_place(
        &self,
        tokens: &[Token],
        clause: (usize, usize),
    ) -> Option<Chosen> {
        let end = clause.1.min(tokens.len());
        // "People Power Party (PPP)": an acronym in brackets is no place;
        // the next bracket may hold one.
        let acronym = |name: &str| {
            name.len() <= 6
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        };
        (clause.0 + 1..end)
            .filter(|&i| tokens[i].text == "(" && tokens[i - 1].is_capitalised())
            .find_map(|open| self.bracketed_names_place(tokens, open, &acronym))
    }

    /// The first of the names in the brackets opening at `open` that the
    /// gazetteer knows, as a place (see [`Self::bracketed_place`]).
    fn bracketed_names_place(
        &self,
        tokens: &[Token],
        open: usize,
        acronym: &dyn Fn(&str) -> bool,
    ) -> Option<Chosen> {
        let names = qualifier_names(tokens, open);
        names.iter().filter(|n| !acronym(n)).find_map(|name| {
            let mut found = self.geoparser.candidates_for_text(name);
            if found.is_empty() {
                found = self.geoparser.region_candidates(name);
            }
            let best = found
                .into_iter()
                .filter(|c| c.kind != MentionKind::Region)
                .max_by_key(|c| (c.exact, c.population))?;
            let start = tokens.iter().position(|t| t.start >= tokens[open].end)?;
            Some(Chosen {
                place: place_of_cand(best),
                start: tokens[start].start,
                end: tokens[start].end,
            })
        })
    }

    /// The first name of the clause introduced by "in", "at", "near" (and
    /// the like) that the gazetteer holds under exactly that spelling,
    /// though the geoparser passed it by: common words ("in Nice", "in
    /// Split") and names with lower-case particles ("in Deir ez Zor"). The
    /// name runs over capitalised words and the particles between them.
    pub(crate) fn locative_name(&self, tokens: &[Token], clause: (usize, usize)) -> Option<Chosen> {
        let end = clause.1.min(tokens.len());
        let glued = |a: usize, b: usize| tokens[a].end + 1 == tokens[b].start;
        let name_word = |t: &Token| {
            t.is_word()
                && t.is_capitalised()
                && !features::MONTHS.contains(&t.lower.as_str())
                && dates::weekday_named(&t.lower).is_none()
        };
        for start in clause.0 + 1..end {
            // "the countryside of Deir ez Zor", "the village of X".
            let of_area = tokens[start - 1].lower == "of"
                && start >= 2
                && (AREA_WORDS.contains(&tokens[start - 2].lower.as_str())
                    || matches!(
                        tokens[start - 2].lower.as_str(),
                        "village" | "town" | "city" | "countryside"
                    ));
            if !(of_area
                || matches!(
                    tokens[start - 1].lower.as_str(),
                    "in" | "at" | "near" | "around" | "outside"
                ))
                || !name_word(&tokens[start])
            {
                continue;
            }
            let mut last = start + 1;
            while last < end && glued(last - 1, last) {
                if name_word(&tokens[last]) {
                    last += 1;
                } else if NAME_PARTICLES.contains(&tokens[last].text.as_str())
                    && last + 1 < end
                    && glued(last, last + 1)
                    && name_word(&tokens[last + 1])
                {
                    last += 2;
                } else {
                    break;
                }
            }
            let surface = tokens[start..last]
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            // The whole name, not a word of it ("Bab Silo" is not Silo).
            let norm = sitrep_geo::gazetteer::normalise;
            let named: Vec<String> = self
                .gazetteer
                .lookup(&surface)
                .iter()
                .map(|c| c.gazetteer_id.clone())
                .collect();
            let best = self
                .geoparser
                .candidates_for_text(&surface)
                .into_iter()
                .filter(|c| {
                    c.exact
                        && c.kind != MentionKind::Region
                        && (norm(&c.name) == norm(&surface) || named.contains(&c.id))
                })
                .max_by_key(|c| c.population);
            if let Some(c) = best {
                return Some(Chosen {
                    place: place_of_cand(c),
                    start: tokens[start].start,
                    end: tokens[last - 1].end,
                });
            }
        }
        None
    }

    /// Whether a mention names its place by one of the gazetteer's names for
    /// it, rather than by a near spelling the geoparser guessed ("Boni" →
    /// Bonn, "Bostan" → Boston) or a fragment ("Al", "Ar").
    pub(crate) fn trusted(&self, m: &Mention) -> bool {
        if m.kind != MentionKind::Place {
            return true;
        }
        // "Tehran - District": the geoparser may run a city's mention into
        // the name of its part; the city's own name is what to check.
        let city = m.text.split(" - ").next().unwrap_or(&m.text);
        let letters = city.chars().filter(|c| c.is_alphabetic()).count();
        if letters <= 2 {
            return false;
        }
        let norm = sitrep_geo::gazetteer::normalise;
        [m.text.as_str(), city].iter().any(|text| {
            norm(text) == norm(&m.name)
                || self
                    .gazetteer
                    .lookup(text)
                    .iter()
                    .any(|c| c.gazetteer_id == m.gazetteer_id)
        })
    }

    /// The place of an incident a sentence ending at char `end` tells
    /// without one, and where the section heading names its place when it
    /// comes from one: the place of a
    /// section's heading in the body ("UNITED KINGDOM - Sunderland"); else
    /// the first place the body names from char `from`, if named by the end
    /// of the sentence; else the place of the heading just above; else the
    /// body's first place, named later. A country is narrowed by the city
    /// right after it ("SOMALIA - Mogadishu").
    pub(crate) fn fallback_place<'m>(
        &self,
        chars: &[char],
        mentions: &'m [Mention],
        (from, end): (usize, usize),
        heading: Option<(usize, usize, bool)>,
    ) -> Option<(&'m Mention, Option<usize>)> {
        // "Russia struck the centre of Sumy": who struck.
        let strikes = |m: &Mention| {
            m.kind == MentionKind::Country
                && word_after(chars, m.end).is_some_and(|w| generic::is_strike_verb(&w))
        };
        let weapon = |m: &Mention| {
            word_after(chars, m.end)
                .is_some_and(|w| WEAPON_WORDS.contains(&w.to_lowercase().as_str()))
        };
        let fitting = |m: &&Mention| {
            m.kind != MentionKind::Region
                && self.trusted(m)
                && !weapon(m)
                && !aside_at(chars, m.start)
                && !names_a_firm(chars, m.end)
                && !self.inside_actor_name(chars, m)
                && !strikes(m)
                && sitrep_geoparse::demonyms::lookup(&m.text).is_none_or(|h| h.is_name)
        };
        let in_heading = |m: &&Mention| {
            heading.is_some_and(|(a, b, _)| a <= m.start && m.end <= b) && fitting(m)
        };
        let section = heading
            .is_some_and(|(.., in_body)| in_body)
            .then(|| mentions.iter().find(in_heading))
            .flatten();
        let (m, section) = match section {
            Some(m) => (m, true),
            None => {
                let body_first = mentions.iter().find(|m| m.start >= from && fitting(m));
                let m = body_first
                    .filter(|m| m.start < end)
                    .or_else(|| mentions.iter().find(in_heading))
                    .or(body_first)?;
                (m, false)
            }
        };
        let city = mentions.iter().find(|n| {
            m.kind == MentionKind::Country
                && !matches!(n.kind, MentionKind::Country | MentionKind::Region)
                && n.country == m.country
                && n.start > m.end
                && n.start <= m.end + 3
                && chars[m.end..n.start]
                    .iter()
                    .all(|c| matches!(c, ' ' | '-' | '/' | ':' | '–'))
                && fitting(n)
        });
        // A country found ahead ("Somalia's health ministry") gives way to
        // a town of it the text named before ("… beach restaurant in
        // Mogadishu"): the story's place, not a country's institution.
        let named_before = || {
            mentions.iter().rev().find(|n| {
                m.kind == MentionKind::Country
                    && m.start >= from
                    && n.end <= from
                    && matches!(n.kind, MentionKind::Place | MentionKind::Admin2)
                    && n.country == m.country
                    && fitting(n)
            })
        };
        // "## Spain" then "**Barcelona.** Several thousand tenants gathered
        // …": the section's country gives way to the last town of it named
        // under the heading.
        let under_heading = || {
            mentions.iter().rev().find(|n| {
                section
                    && m.kind == MentionKind::Country
                    && n.start >= m.end
                    && n.end <= end
                    && matches!(n.kind, MentionKind::Place | MentionKind::Admin2)
                    && n.country == m.country
                    && fitting(n)
            })
        };
        // (The section's own place, not a town named under it, tells
        // whether an incident comes first in the section.)
        Some((
            city.or_else(named_before)
                .or_else(under_heading)
                .unwrap_or(m),
            section.then_some(m.start),
        ))
    }

    /// Whether mention `m` is part of a longer actor's name ("Boko" of
    /// "Boko Haram"): the few words around it are enough to tell.
    fn inside_actor_name(&self, chars: &[char], m: &Mention) -> bool {
        let from = m.start.saturating_sub(40);
        let to = (m.end + 40).min(chars.len());
        let tokens = tokens::tokenize(chars, from, to);
        self.registry.find(&tokens).iter().any(|h| {
            let (a, b) = (tokens[h.first].start, tokens[h.last - 1].end);
            a <= m.start && m.end <= b && b - a > m.end - m.start
        })
    }

    /// The capital of `country` (GeoNames PPLC).
    pub(crate) fn capital(&self, country: &str) -> Option<Place> {
        let p = self.gazetteer.places().get(*self.capitals.get(country)?)?;
        Some(Place {
            name: p.name.clone(),
            admin1: self.gazetteer.admin1_name(p).map(str::to_owned),
            country: Some(p.country.clone()),
            lat: p.lat,
            lon: p.lon,
            precision: LocationPrecision::City,
            gazetteer_id: format!("gn:{}", p.geonames_id),
        })
    }
}

const DIRECTIONS: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "-",
    "the",
    "restive",
];

const LOCATIVE: &[&str] = &[
    "in",
    "into",
    "at",
    "on",
    "near",
    "across",
    "to",
    "from",
    "outside",
    "inside",
    "around",
    "throughout",
    "within",
    ",",
    "and",
    "or",
    "of",
];

const LIST_GLUE: &[&str] = &[
    ",", "and", "or", "the", "into", "in", "to", "as", "well", "both", "also",
];

/// Words for an area that a place name can stand before as a noun
/// ("Ar Raqqa countryside", "Idlib province").
const AREA_WORDS: &[&str] = &[
    "countryside",
    "province",
    "governorate",
    "region",
    "district",
    "area",
    "outskirts",
    "desert",
    "suburbs",
    "department",
    "prefecture",
    "county",
    "state",
    "oblast",
];

/// How far from its city a part of it named after a dash may lie ("New
/// York - Manhattan"); a namesake farther off is another place.
const SUBDIVISION_KM: f64 = 30.0;

/// Words after "X - Y" that make it a road between two places ("the Sucre
/// - Oruro highway"), not a city and its part.
const ROUTE_WORDS: &[&str] = &[
    "road", "highway", "motorway", "axis", "route", "railway", "line", "border", "corridor",
];

/// Lower-case words inside place names ("Deir ez Zor", "Rio de Janeiro").
const NAME_PARTICLES: &[&str] = &[
    "al", "el", "ez", "ed", "es", "ad", "ar", "as", "ash", "an", "de", "del", "da", "do", "dos",
    "das", "di", "du", "des", "la", "le", "les", "van", "von",
];

/// Weapons that carry a place's name ("Grad missiles").
const WEAPON_WORDS: &[&str] = &[
    "missile",
    "missiles",
    "rocket",
    "rockets",
    "launcher",
    "launchers",
    "mlrs",
    "cocktail",
    "cocktails",
];

/// A place chosen for an incident, with the span that named it.
pub(crate) struct Chosen {
    pub(crate) place: Place,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// Whether the region `region` is named right after the chosen place as
/// the area it lies in: only kind words, "in", "of" and commas between
/// ("Saida town in Ar Raqqa countryside", "Nejapa, San Salvador").
fn contains_place(tokens: &[Token], chosen: &Chosen, region: &Mention) -> bool {
    if region.start < chosen.end {
        return false;
    }
    let mut between: Vec<&Token> = tokens
        .iter()
        .filter(|t| t.start >= chosen.end && t.end <= region.start)
        .collect();
    // "in Ar Raqqa": a word of the region's name the geoparser left out.
    if between
        .last()
        .is_some_and(|t| t.is_capitalised() && t.end + 1 == region.start)
    {
        between.pop();
    }
    between.len() <= 4
        && between.iter().all(|t| {
            matches!(
                t.lower.as_str(),
                "," | "in" | "of" | "the" | "town" | "village" | "city" | "area" | "district"
            )
        })
}

/// Whether the token at `at` follows a dash with a space on each side that
/// itself follows a capitalised word: the second half of "Tehran - District
/// 3" (ACLED writes a city's subdivision so), not of "Port-au-Prince".
pub(crate) fn spaced_dash_before(tokens: &[Token], at: usize) -> bool {
    let spaced = at >= 2
        && at < tokens.len()
        && matches!(tokens[at - 1].text.as_str(), "-" | "–")
        && tokens[at - 2].end < tokens[at - 1].start
        && tokens[at - 1].end < tokens[at].start
        && tokens[at - 2].is_capitalised()
        // "MONROE - Federal officials said …": a dateline, not a city's
        // part.
        && !(tokens[at - 2].text.chars().count() > 2
            && tokens[at - 2].text.chars().all(|c| !c.is_lowercase()))
        && tokens[at].is_capitalised();
    if !spaced {
        return false;
    }
    let after = (at..tokens.len())
        .find(|&i| !tokens[i].is_capitalised() || !tokens[i].is_word())
        .and_then(|i| tokens.get(i));
    !after.is_some_and(|t| ROUTE_WORDS.contains(&t.lower.as_str()))
}

/// Whether the place named at token `first` is only where victims were
/// taken ("taken to hospital in Yerevan", "evacuated to Kabul"; but a
/// protest "at the Regional Hospital in Tozeur" is there), whose flag was
/// waved ("the flags of Georgia and the European Union"), across whose
/// border something came ("the border with Pakistan") or where it was told
/// ("at a press briefing in N'Djamena").
fn not_where_it_happened(tokens: &[Token], first: usize) -> bool {
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    if first < 2 {
        return false;
    }
    match lower(first - 1) {
        // "a press briefing in N'Djamena", "the police directorate in
        // Mitrovica": where it was told.
        // "An army spokesman in Juba said …": where the speaker sits.
        "in" if matches!(
            lower(first - 2),
            "briefing"
                | "conference"
                | "directorate"
                | "spokesman"
                | "spokeswoman"
                | "spokesperson"
        ) =>
        {
            true
        }
        // "accused Baku of trying to seize territory": the government.
        _ if matches!(lower(first - 1), "accused" | "blamed" | "urged" | "warned") => true,
        // "has died in hospital in Sisaket city from wounds".
        // "Another 39 were being treated in hospitals in Sousse".
        "in" if matches!(tokens[first - 2].text.as_str(), "hospital" | "hospitals") => {
            tokens[first.saturating_sub(8)..first - 2].iter().any(|t| {
                matches!(
                    t.lower.as_str(),
                    "to" | "died" | "dies" | "treated" | "admitted"
                )
            })
        }
        // "are still being treated in Tizi Ouzou's university hospital":
        // the town's hospital, where the wounded lie.
        "in" | "at" => {
            let mut end = first;
            while tokens.get(end).is_some_and(Token::is_capitalised) {
                end += 1;
            }
            tokens[first.saturating_sub(5)..first - 1].iter().any(|t| {
                matches!(
                    t.lower.as_str(),
                    "treated" | "admitted" | "taken" | "died" | "rushed" | "hospitalised"
                )
            }) && tokens[end..(end + 4).min(tokens.len())]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "hospital" | "hospitals" | "clinic"))
        }
        "to" => matches!(
            lower(first - 2),
            "taken" | "rushed" | "evacuated" | "airlifted" | "flown" | "transferred" | "road"
        ),
        // "the road to the state capital Malakal was unsafe".
        "capital" => tokens[first.saturating_sub(5)..first - 1]
            .windows(2)
            .any(|w| w[0].lower == "road" && w[1].lower == "to"),
        "of" => matches!(lower(first - 2), "flag" | "flags"),
        // "smuggled across the border with Pakistan": where things came from.
        "with" => matches!(lower(first - 2), "border" | "frontier"),
        // "among them traders from Algeria": where people came from (but
        // "marched from Leiston to Sizewell" is the march's way).
        // "when reinforcements arrived from Bouna": where they came from.
        "from" => {
            let people = lower(first - 2);
            matches!(
                people,
                "arrived" | "came" | "sent" | "dispatched" | "deployed"
            ) || tokens[first - 2].is_word()
                && !tokens[first - 2].is_capitalised()
                && people.ends_with('s')
                && !people.ends_with("ss")
                && !matches!(
                    people,
                    "kilometres" | "kilometers" | "miles" | "metres" | "meters"
                )
        }
        _ => false,
    }
}

/// The mentions without those the geoparser only guessed (a score under
/// one half) in a country no other place named is in, in a text whose
/// places lie mostly in one country: "Chinatown" in a story on Honiara is
/// Honiara's, not San Francisco's. So too such a town whose name is, each
/// time, only the first word of a longer one ("Cerro" of "Cerro Norte", a
/// Montevideo neighbourhood, is no Havana municipality).
pub(crate) fn lone_foreign_guesses_dropped(mentions: Vec<Mention>, chars: &[char]) -> Vec<Mention> {
    // Places and regions of a country, not its name or its people's: "in
    // Heidelberg in solidarity with Ukrainians" is no story of Ukraine.
    let mut places: HashMap<&Option<String>, Vec<&str>> = HashMap::new();
    for n in mentions.iter().filter(|n| n.kind != MentionKind::Country) {
        places.entry(&n.country).or_default().push(&n.gazetteer_id);
    }
    let named = |country: &Option<String>| places.get(country).map_or(0, Vec::len);
    // (Named three times at least: a short note naming two countries once
    // each has none.)
    let home = mentions
        .iter()
        .filter(|m| m.country.is_some())
        .max_by_key(|m| named(&m.country))
        .filter(|m| named(&m.country) >= 3)
        .map(|m| m.country.clone());
    let starts: HashSet<usize> = mentions.iter().map(|m| m.start).collect();
    let starts_longer_name = |m: &Mention| {
        word_after(chars, m.end).is_some_and(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && !starts.contains(&(m.end + 1))
        })
    };
    let lone: Vec<bool> = mentions
        .iter()
        .map(|m| {
            m.kind == MentionKind::Place
                && home.as_ref().is_some_and(|h| *h != m.country)
                && places
                    .get(&m.country)
                    .is_none_or(|ids| ids.iter().all(|id| *id == m.gazetteer_id))
                && (m.score < 0.5
                    || mentions
                        .iter()
                        .filter(|n| n.gazetteer_id == m.gazetteer_id)
                        .all(starts_longer_name))
        })
        .collect();
    mentions
        .into_iter()
        .zip(lone)
        .filter(|(_, lone)| !lone)
        .map(|(m, _)| m)
        .collect()
}

/// Whether mention `m` at tokens `first..end` names a place in words that
/// say it is not where the incident was: where victims were taken or
/// people came from ([`not_where_it_happened`]), a landmark or building
/// named after a town ([`landmark_spelled_like_a_town`]), a capital that
/// stands for its government ([`speaks_as_government`]).
pub(crate) fn not_the_incidents_place(
    tokens: &[Token],
    mentions: &[&Mention],
    m: &Mention,
    first: usize,
    end: usize,
) -> bool {
    not_where_it_happened(tokens, first)
        // "Grad missiles", "Molotov cocktails": a weapon named after a place.
        || tokens
            .get(end)
            .is_some_and(|t| WEAPON_WORDS.contains(&t.lower.as_str()))
        || landmark_spelled_like_a_town(tokens, mentions, m, first, end)
        || (m.kind == MentionKind::Place && speaks_as_government(tokens, end))
}

/// Whether country `m`, named before token `end`, only says whose source
/// told the incident: "…, Algeria's defence ministry said".
pub(crate) fn country_as_speaker(tokens: &[Token], m: &Mention, end: usize) -> bool {
    m.kind == MentionKind::Country
        && possessive_at(tokens, end)
        && tokens[end + 2..(end + 7).min(tokens.len())]
            .iter()
            .any(|t| {
                matches!(
                    t.lower.as_str(),
                    "said" | "says" | "told" | "announced" | "reported" | "confirmed"
                )
            })
}

/// Whether the town named before token `end` stands for its country's
/// government, the subject of a verb of judging: "a Yazidi force Ankara
/// considers an affiliate of the PKK", "Moscow denied".
fn speaks_as_government(tokens: &[Token], end: usize) -> bool {
    tokens.get(end).is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "considers"
                | "considered"
                | "regards"
                | "accuses"
                | "accused"
                | "denies"
                | "denied"
                | "insists"
                | "insisted"
                | "warns"
                | "warned"
                | "blames"
                | "blamed"
                | "condemned"
                | "condemns"
        )
    })
}

/// Whether the name at token `first` is in a list of a city's parts: "the
/// neighbourhoods of Bello Horizonte, Altagracia and …", "the districts of
/// …".
fn listed_as_parts(tokens: &[Token], first: usize) -> bool {
    let mut j = first;
    while j > 0
        && (tokens[j - 1].is_capitalised()
            || matches!(tokens[j - 1].text.as_str(), "," | "and" | "-"))
    {
        j -= 1;
    }
    j >= 2
        && tokens[j - 1].lower == "of"
        && matches!(
            tokens[j - 2].lower.as_str(),
            "neighbourhoods"
                | "neighborhoods"
                | "neighbourhood"
                | "neighborhood"
                | "districts"
                | "suburbs"
                | "quarters"
                | "barrios"
                | "sectors"
                | "wards"
                | "townships"
        )
}

/// "Beyazıt Square", "the Aqueduct of Valens" (the mention `m` at tokens
/// `first..end`): a landmark named like a town the gazetteer knows only by
/// another spelling (Doğubayazıt, Valencia), not that town.
fn landmark_spelled_like_a_town(
    tokens: &[Token],
    mentions: &[&Mention],
    m: &Mention,
    first: usize,
    end: usize,
) -> bool {
    let thing = |t: &Token| NAMED_THINGS.contains(&t.lower.as_str());
    // ("the Moreno and San Martin squares": past the other name.)
    let mut at = end;
    if tokens.get(at).is_some_and(|t| t.lower == "and") {
        at += 1;
        while tokens.get(at).is_some_and(Token::is_capitalised) {
            at += 1;
        }
    }
    let thing_after = tokens.get(at).is_some_and(thing);
    // "Bologna Centrale station": the second word of a station's name
    // after the city it is in, whatever town shares it.
    let after_a_place = first >= 1
        && tokens[first - 1].end + 1 == tokens[first].start
        && mentions.iter().any(|n| n.end == tokens[first - 1].end);
    // "the Sindh House in Islamabad": a building named after a region, in
    // another place.
    let named_building_elsewhere = at == end
        && tokens
            .get(end)
            .is_some_and(|t| t.is_capitalised() && thing(t))
        && tokens.get(end + 1).is_some_and(|t| t.lower == "in")
        && tokens
            .get(end + 2)
            .is_some_and(|t| mentions.iter().any(|n| n.start == t.start));
    if (after_a_place && thing_after) || named_building_elsewhere {
        return true;
    }
    let thing_of = first >= 2
        && tokens[first - 1].lower == "of"
        && tokens[first - 2].is_capitalised()
        && thing(&tokens[first - 2]);
    matches!(m.kind, MentionKind::Place | MentionKind::Admin2)
        && (thing_after || thing_of)
        && sitrep_geo::gazetteer::normalise(&m.text) != sitrep_geo::gazetteer::normalise(&m.name)
}

/// [`not_where_it_happened`] for a name starting at char `at` of the whole
/// text (the fallback place is chosen among all mentions, not a sentence's
/// tokens): the few words before it decide.
fn aside_at(chars: &[char], at: usize) -> bool {
    let tokens = tokens::tokenize(chars, at.saturating_sub(60), (at + 1).min(chars.len()));
    tokens
        .iter()
        .position(|t| t.start == at)
        .is_some_and(|first| not_where_it_happened(&tokens, first))
}

/// Whether the words before a country's name at char `at` make it a part
/// or the whole of the country ("northern Gabon", "parts of Gabon", "across
/// Gabon"), not the country standing for a place in it.
pub(crate) fn names_part_of_country(chars: &[char], at: usize) -> bool {
    let from = at.saturating_sub(30);
    tokens::tokenize(chars, from, at)
        .iter()
        .rev()
        .take(3)
        .any(|t| {
            (DIRECTIONS.contains(&t.lower.as_str()) && !matches!(t.lower.as_str(), "-" | "the"))
                || matches!(
                    t.lower.as_str(),
                    "across" | "throughout" | "parts" | "part" | "all" | "over" | "nationwide"
                )
        })
}

/// The tokens a mention covers (end exclusive).
pub(crate) fn token_span(tokens: &[Token], m: &Mention) -> Option<(usize, usize)> {
    let first = tokens.iter().position(|t| t.start >= m.start)?;
    let last = tokens.iter().rposition(|t| t.end <= m.end)? + 1;
    (last > first).then_some((first, last))
}

pub(crate) fn place_of(m: &Mention) -> Place {
    Place {
        name: m.name.clone(),
        admin1: m.admin1.clone(),
        country: m.country.clone(),
        lat: m.lat,
        lon: m.lon,
        precision: match m.kind {
            MentionKind::Place => LocationPrecision::City,
            MentionKind::Admin2 => LocationPrecision::Admin2,
            MentionKind::Admin1 => LocationPrecision::Admin1,
            MentionKind::Country | MentionKind::Region => LocationPrecision::Country,
        },
        gazetteer_id: m.gazetteer_id.clone(),
    }
}

/// Whether the words after char `end` make the name before it a firm's or
/// an outlet's ("Cordillera Advisory", "the Moscow Times", "Kenya
/// Airways"), not a place.
fn names_a_firm(chars: &[char], end: usize) -> bool {
    const FIRM_WORDS: &[&str] = &[
        "advisory",
        "consulting",
        "consultancy",
        "insights",
        "partners",
        "associates",
        "ltd",
        "limited",
        "inc",
        "holdings",
        "capital",
        "media",
        "times",
        "herald",
        "tribune",
        "observer",
        "gazette",
        "airways",
        "airlines",
        "red",
    ];
    word_after(chars, end).is_some_and(|word| {
        word.chars().next().is_some_and(char::is_uppercase)
            && FIRM_WORDS.contains(&word.to_lowercase().as_str())
    })
}

/// The word right after char `end`, one space away.
fn word_after(chars: &[char], end: usize) -> Option<String> {
    let rest = &chars[end.min(chars.len())..];
    let gap = rest.iter().take_while(|c| **c == ' ').count();
    let word: String = rest[gap..]
        .iter()
        .take_while(|c| c.is_alphabetic())
        .collect();
    (gap == 1 && !word.is_empty()).then_some(word)
}

/// Words that name a kind of division after a place name ("Monywa district").
const DIVISION_WORDS: &[&str] = &[
    "region",
    "province",
    "state",
    "district",
    "county",
    "township",
    "municipality",
    "governorate",
    "oblast",
    "department",
    "prefecture",
    "territory",
    "sub",
    "-",
    "lga",
    "city",
    "town",
    "village",
];

/// Whether two spellings name the same region: equal once normalised, or
/// one the start of the other ("Shan" and "Shan State", "Sumy" and "Sumy
/// Oblast").
pub(crate) fn same_region_name(a: &str, b: &str) -> bool {
    let (a, b) = (
        sitrep_geo::gazetteer::normalise(a),
        sitrep_geo::gazetteer::normalise(b),
    );
    a == b || a.starts_with(&b) || b.starts_with(&a)
}

/// Whether the gazetteer entry chosen for the words at `chosen` bears
/// another name than those words (found by one of its alternate names:
/// "Khar" for Haar), diacritics and case aside.
fn by_other_spelling(tokens: &[Token], chosen: &Chosen) -> bool {
    let norm = sitrep_geo::gazetteer::normalise;
    let surface: Vec<&str> = tokens
        .iter()
        .filter(|t| t.start >= chosen.start && t.end <= chosen.end && t.is_word())
        .map(|t| t.text.as_str())
        .collect();
    // ("the Djiboutian capital": a capital the words name, no spelling.)
    !surface.is_empty()
        && !surface.iter().any(|w| w.eq_ignore_ascii_case("capital"))
        && norm(&surface.join(" ")) != norm(&chosen.place.name)
}

/// Nouns after a name that make it the name of a thing, not of where an
/// incident happened ("Carnot middle school", "the Mercedes plant").
const NAMED_THINGS: &[&str] = &[
    "middle",
    "station",
    "airport",
    "house",
    "squares",
    "school",
    "plant",
    "factory",
    "brigade",
    "brigades",
    "war",
    "neighborhood",
    "neighbourhood",
    "gate",
    "company",
    "church",
    "cathedral",
    "mosque",
    "temple",
    "hospital",
    "hotel",
    "stadium",
    "university",
    "college",
    "catholic",
    "square",
    "aqueduct",
    "palace",
    "tomb",
    "shrine",
    "basilica",
    "fortress",
    "monastery",
];

/// A small place found by one of its alternate names while a town at least
/// ten times its size (`largest_exact`) bears the name itself ("Kaluga": the
/// city of 340,000, and Kaluha, a Ukrainian village of 900 GeoNames also
/// spells so). Votes of the text's other places ("… invasion of Ukraine")
/// must not move the name to it.
fn variant_hamlet(c: &sitrep_geoparse::resolve::Cand, largest_exact: u64) -> bool {
    c.kind == MentionKind::Place && !c.exact && largest_exact >= 10 * c.population.max(1_000)
}

/// The names right after a place that qualify it: those in the brackets
/// that follow ("(Irumu, Ituri)"), or up to two after commas ("Sumy,
/// Ukraine"), each a run of capitalised words without division words.
fn qualifier_names(tokens: &[Token], at: usize) -> Vec<String> {
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    let run = |mut i: usize| -> (String, usize) {
        let mut words: Vec<&str> = Vec::new();
        while let Some(t) = tokens.get(i) {
            let joiner = t.text == "-" && tokens.get(i + 1).is_some_and(Token::is_capitalised);
            if !(t.is_capitalised()
                || joiner
                || (t.is_word()
                    && !words.is_empty()
                    && matches!(
                        t.lower.as_str(),
                        "de" | "del" | "al" | "el" | "ash" | "as" | "ad"
                    )))
            {
                break;
            }
            words.push(&t.text);
            i += 1;
        }
        while words
            .last()
            .is_some_and(|w| DIVISION_WORDS.contains(&w.to_lowercase().as_str()))
        {
            words.pop();
        }
        let mut name = String::new();
        for w in words {
            if !name.is_empty() && w != "-" && !name.ends_with('-') {
                name.push(' ');
            }
            name.push_str(w);
        }
        // Skip the division words after the run ("Sagaing region").
        while tokens
            .get(i)
            .is_some_and(|t| DIVISION_WORDS.contains(&t.lower.as_str()))
        {
            i += 1;
        }
        (name, i)
    };
    let mut out = Vec::new();
    match lower(at) {
        "(" => {
            let mut i = at + 1;
            while i < tokens.len() && out.len() < 4 {
                let (name, next) = run(i);
                if !name.is_empty() {
                    out.push(name);
                }
                i = next;
                match lower(i) {
                    "," => i += 1,
                    _ => break,
                }
            }
        }
        "," => {
            let mut i = at + 1;
            while out.len() < 2 {
                // "BOGOTA, Aug 22 -": a dateline's date, not a region.
                if tokens
                    .get(i)
                    .is_some_and(|t| sitrep_geoparse::lexicon::is_month(&t.text))
                {
                    break;
                }
                let (name, next) = run(i);
                if name.is_empty() {
                    break;
                }
                out.push(name);
                if lower(next) != "," {
                    break;
                }
                i = next + 1;
            }
        }
        _ => {}
    }
    out
}

fn place_of_cand(c: sitrep_geoparse::resolve::Cand) -> Place {
    Place {
        name: c.name,
        admin1: c.admin1,
        country: c.country,
        lat: c.lat,
        lon: c.lon,
        precision: match c.kind {
            MentionKind::Place => LocationPrecision::City,
            MentionKind::Admin2 => LocationPrecision::Admin2,
            MentionKind::Admin1 => LocationPrecision::Admin1,
            MentionKind::Country | MentionKind::Region => LocationPrecision::Country,
        },
        gazetteer_id: c.id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{at, cand, words};

    #[test]
    fn a_country_named_whole_or_in_part() {
        let part = |text: &str| {
            let chars: Vec<char> = text.chars().collect();
            names_part_of_country(&chars, text.rfind("Gabon").unwrap_or(0))
        };
        assert!(part("Gunmen struck in northern Gabon"));
        assert!(part("Protests spread across Gabon"));
        assert!(!part("Police in Gabon"));
    }

    #[test]
    fn a_hamlet_of_another_spelling_is_no_rival_of_a_city() {
        assert!(variant_hamlet(&cand("Kaluha", 949, false), 340_851));
        // Found by its own name, or as large as a tenth of the city: kept.
        assert!(!variant_hamlet(&cand("Kaluga", 949, true), 340_851));
        assert!(!variant_hamlet(&cand("Baneh", 104_799, false), 611));
    }

    #[test]
    fn a_place_found_by_an_alternate_name_is_read_by_another_spelling() {
        let t = words("Clashes broke out in Khar tehsil.");
        let khar = &t[at(&t, "Khar")];
        let chosen = |name: &str| Chosen {
            place: Place {
                name: name.to_owned(),
                admin1: None,
                country: None,
                lat: 0.0,
                lon: 0.0,
                precision: LocationPrecision::City,
                gazetteer_id: String::new(),
            },
            start: khar.start,
            end: khar.end,
        };
        assert!(by_other_spelling(&t, &chosen("Haar")));
        assert!(!by_other_spelling(&t, &chosen("Khār")));
    }

    #[test]
    fn a_capital_that_judges_is_its_government() {
        let tokens = words("a Yazidi force Ankara considers an affiliate of the PKK");
        assert!(speaks_as_government(&tokens, at(&tokens, "Ankara") + 1));
        let tokens = words("a drone hit a vehicle near Sinjar on Tuesday");
        assert!(!speaks_as_government(&tokens, at(&tokens, "Sinjar") + 1));
    }
}
