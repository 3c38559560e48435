//! Actors named by kind rather than by name, the way ACLED codes them: the
//! crowd of a protest ("Protesters (Kenya)"), of a riot ("Rioters (India)"),
//! and state forces named by a demonym or by their role alone ("Russian
//! forces", "Kenyan police", "the army" → "Military Forces of Russia",
//! "Police Forces of Kenya", "Military Forces of <the event's country>").
//! The registry's named actors come first; these fill in when it has none.

use sitrep_geoparse::demonyms::{self, Target};
use sitrep_model::{EventType, SubEventType};

use crate::tokens::Token;

const MILITARY: &[&str] = &[
    "force",
    "forces",
    "troops",
    "soldiers",
    "army",
    "military",
    "warplanes",
    "jets",
    "aircraft",
    "navy",
    "gendarmes",
    "gendarmerie",
    "marines",
    "airstrikes",
    "drones",
    "drone",
    "missile",
    "missiles",
    "helicopters",
    "artillery",
];
const POLICE: &[&str] = &["police", "policemen", "gendarmes"];
/// Words between a demonym and the force noun: "Nigerien security forces".
const BETWEEN: &[&str] = &[
    "security",
    "government",
    "special",
    "armed",
    "military",
    "riot",
    "border",
    "federal",
    "state",
    "air",
    "defence",
    "defense",
    "national",
    "counter",
    "-",
    "terrorism",
];

/// Whether `word` (lower case) names armed forces or what they strike
/// with: "troops", "soldier", "drone", "airstrike", "police".
pub fn is_force_word(word: &str) -> bool {
    let singular = word.strip_suffix('s').unwrap_or(word);
    MILITARY.contains(&word)
        || POLICE.contains(&word)
        || MILITARY
            .iter()
            .chain(POLICE)
            .any(|w| w.strip_suffix('s') == Some(singular))
        || matches!(
            word,
            "air" | "naval" | "special" | "strike" | "strikes" | "airstrike" | "marine"
        )
}

/// The country name sitrep writes in generic actor names: ACLED's, so that
/// an extracted "Protesters (Turkey)" is the actor ACLED's own rows name
/// (its names differ from ISO's short names for a few countries).
fn country_name(alpha2: &str) -> Option<&'static str> {
    let acled = match alpha2 {
        "CD" => "Democratic Republic of Congo",
        "CG" => "Republic of Congo",
        "CI" => "Ivory Coast",
        "CV" => "Cape Verde",
        "CW" => "Curacao",
        "CZ" => "Czech Republic",
        "SZ" => "eSwatini",
        "TL" => "East Timor",
        "TR" => "Turkey",
        _ => return sitrep_geo::countries::country(alpha2).map(|c| c.name),
    };
    Some(acled)
}

/// The police of a country, as ACLED names them ("Police Forces of
/// Turkey"): who arrests when the text names nobody.
pub fn police_of(alpha2: &str) -> Option<String> {
    country_name(alpha2).map(|name| format!("Police Forces of {}", with_article(name)))
}

/// "the" before the country names ACLED writes with it ("Military Forces
/// of the United States").
fn with_article(name: &str) -> String {
    const WITH_THE: &[&str] = &[
        "United States",
        "United Kingdom",
        "Democratic Republic of Congo",
        "Central African Republic",
        "Philippines",
        "Netherlands",
        "United Arab Emirates",
    ];
    if WITH_THE.contains(&name) {
        format!("the {name}")
    } else {
        name.to_owned()
    }
}

/// Whether an actor name is one of a state's own forces as
/// [`state_force`] names them ("Police Forces of Kenya", "Military Forces
/// of the United States").
pub fn is_state_force(name: &str) -> bool {
    name.starts_with("Military Forces of") || name.starts_with("Police Forces of")
}

/// The crowd that acts in a protest or riot, named after the event's
/// country.
pub fn crowd(sub: SubEventType, country: Option<&str>) -> Option<String> {
    let name = country.and_then(country_name).unwrap_or("International");
    match sub.event_type() {
        EventType::Protests => Some(format!("Protesters ({name})")),
        EventType::Riots => Some(format!("Rioters ({name})")),
        _ => None,
    }
}

/// Whether the "by" at `by` names who stopped the attacker, not who
/// attacked: "stabbed five people … before being shot dead by a police
/// inspector".
pub fn attackers_fate(tokens: &[Token], by: usize) -> bool {
    tokens[by.saturating_sub(4)..by]
        .iter()
        .any(|t| t.lower == "being")
        && tokens[by.saturating_sub(6)..by]
            .iter()
            .any(|t| matches!(t.lower.as_str(), "before" | "after" | "until"))
}

/// A state force the sentence names as the actor of the incident whose cue
/// starts at token `cue`: before the cue (the subject) or after "by".
/// Returns the ACLED-style name and the token span (end exclusive).
pub fn state_force(
    tokens: &[Token],
    cue: usize,
    country: Option<&str>,
) -> Option<(String, usize, usize)> {
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    let shouting = tokens.len() > 3
        && tokens
            .iter()
            .all(|t| !t.text.chars().any(char::is_lowercase));
    for i in 0..tokens.len() {
        let word = lower(i);
        // "a soldier manning a checkpoint shot dead a driver": one of them
        // (not "a former soldier").
        // ("a soldier from the Egyptian forces was killed": the victim.)
        let one = matches!(word, "soldier" | "policeman" | "policewoman" | "gendarme")
            && !matches!(lower(i.wrapping_sub(1)), "former" | "ex" | "retired" | "-")
            && !(i + 1..(i + 9).min(tokens.len())).any(|j| matches!(lower(j), "was" | "is"));
        let police = POLICE.contains(&word) || (one && word.starts_with("police"));
        if !police && !MILITARY.contains(&word) && !one {
            continue;
        }
        // The subject before the cue (or the cue itself: "Israeli
        // warplanes"), the agent after "by", or "a police operation".
        // "by the Malian armed forces": the agent, past the article, the
        // demonym and words such as "armed".
        let agent = (1..=4).any(|k| {
            i >= k
                && lower(i - k) == "by"
                && !attackers_fate(tokens, i - k)
                && (k <= 2
                    || tokens[i - k + 1..i].iter().all(|t| {
                        t.lower == "the"
                            || BETWEEN.contains(&t.lower.as_str())
                            || t.is_capitalised()
                    }))
        });
        // "Police officers at the spot where the men were beaten": the
        // place's clause, not theirs.
        let subject = (i <= cue && !(i..cue).any(|j| lower(j) == "where"))
            || agent
            || matches!(
                lower(i + 1),
                "operation" | "raid" | "offensive" | "crackdown"
            )
            // "fighting between the army and the Fano militia".
            || first_side_after_between(tokens, cue, i)
            // "killed in police firing", "a police lathi-charge".
            || (police
                && matches!(
                    lower(i + 1),
                    "firing" | "fire" | "lathicharge" | "lathi" | "action" | "excesses"
                ));
        // "two Pakistani police officers were killed when an attacker
        // drove …": the victims.
        // ("Soldiers killed by roadside bomb": a headline's passive.)
        let victim = (i + 1..i + 4).any(|j| {
            matches!(lower(j), "were" | "was")
                && matches!(
                    lower(j + 1),
                    "killed" | "wounded" | "injured" | "hurt" | "abducted" | "kidnapped"
                )
        }) || (matches!(lower(i + 1), "killed" | "wounded" | "injured" | "hurt")
            && matches!(lower(i + 2), "by" | "in" | "as" | "when"));
        if victim {
            continue;
        }
        // "Police said they were examining a grenade thrown at …", "Police
        // in Gusau confirmed the abduction": who tells of the incident, not
        // who did it.
        // ("Police on Tuesday continued to question a man arrested after
        // …": who investigates it.)
        let speaks = (i + 1..(i + 6).min(tokens.len())).any(|j| {
            matches!(
                lower(j),
                "said"
                    | "say"
                    | "says"
                    | "told"
                    | "reported"
                    | "confirmed"
                    | "stated"
                    | "question"
                    | "questioned"
                    | "questioning"
                    | "interrogating"
                    | "investigating"
            )
        })
            // "According to the army, three civilians were killed".
            || (i.saturating_sub(4)..i)
                .any(|j| lower(j) == "according" && lower(j + 1) == "to");
        // "air force installations", "an army convoy", "police post": a
        // force's thing or people, the target or the scene, not the actor.
        let modifier = matches!(
            lower(i + 1),
            "installations"
                | "installation"
                | "base"
                | "bases"
                | "personnel"
                | "headquarters"
                | "facilities"
                | "facility"
                | "post"
                | "posts"
                | "checkpoint"
                | "checkpoints"
                | "station"
                | "barracks"
                | "camp"
                | "convoy"
                | "vehicle"
                | "vehicles"
                | "pickup"
                | "truck"
                | "trucks"
                | "car"
                | "cars"
                | "van"
                | "vans"
                | "jeep"
                | "patrol"
                // "a telecom tower operated by the Myanmar military owned
                // company".
                | "owned"
                | "run"
                | "company"
        );
        // Where the force's words start, past words such as "security".
        let mut k = i;
        while k > 0 && BETWEEN.contains(&lower(k - 1)) {
            k -= 1;
        }
        // "a strike by an armed drone of the Niger Air Force": whose
        // weapon struck.
        let weapon_of = {
            k >= 4
                && tokens[k - 1].is_capitalised()
                && lower(k - 2) == "the"
                && lower(k - 3) == "of"
                && matches!(
                    lower(k - 4),
                    "drone"
                        | "drones"
                        | "aircraft"
                        | "jet"
                        | "jets"
                        | "warplane"
                        | "warplanes"
                        | "helicopter"
                        | "helicopters"
                )
        };
        if !(subject || weapon_of) || speaks || modifier {
            continue;
        }
        // The demonym before it.
        let before = k.checked_sub(1).and_then(|j| tokens.get(j));
        let named = before
            .filter(|t| t.is_capitalised())
            .and_then(|t| demonyms::lookup(&t.text))
            .and_then(|h| match h.target {
                Target::Country(c) => Some(c),
                _ => None,
            })
            // "the Niger Air Force": the country's own name.
            .or_else(|| {
                before
                    .filter(|t| t.is_capitalised() && t.text.chars().count() >= 4)
                    .filter(|t| t.text.chars().any(char::is_lowercase))
                    .and_then(|t| sitrep_geo::countries::country_code(&t.text))
            });
        // Part of a name: "National Liberation Army", "Rapid Support Forces"
        // (which capitals cannot tell in text written all in capitals).
        if named.is_none()
            && !shouting
            && (tokens[i].is_capitalised() && i > 0 && tokens[i - 1].is_capitalised()
                || before.is_some_and(|t| t.is_capitalised() && t.is_word()))
        {
            continue;
        }
        let first = if named.is_some() { k - 1 } else { k };
        let of = match named {
            Some(c) => c,
            // Unnamed forces: the event's own country's, except where the
            // word is too vague to tell whose ("forces", "aircraft"; "the
            // armed forces" are a country's).
            None if matches!(
                word,
                "force"
                    | "forces"
                    | "aircraft"
                    | "jets"
                    | "drones"
                    | "drone"
                    | "missile"
                    | "missiles"
                    | "warplanes"
                    | "artillery"
            ) && !(word == "forces" && i > 0 && lower(i - 1) == "armed") =>
            {
                continue;
            }
            None => country?,
        };
        let name = if police {
            police_of(of)?
        } else {
            format!("Military Forces of {}", with_article(country_name(of)?))
        };
        return Some((name, first, i + 1));
    }
    None
}

/// "The Kyrgyz defence ministry confirmed that its forces had carried out
/// a drone strike": a state's own word, between the verb of telling at
/// `said` and the deed at `deed`, that its forces did it. Returns the
/// forces' name and the span of the demonym.
pub fn own_forces(tokens: &[Token], said: usize, deed: usize) -> Option<(String, usize, usize)> {
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    let own = (said + 1..deed).any(|j| {
        matches!(lower(j), "its" | "their")
            && matches!(
                lower(j + 1),
                "forces" | "troops" | "army" | "military" | "soldiers"
            )
    });
    if !own {
        return None;
    }
    (said.saturating_sub(6)..said).find_map(|j| {
        let country = match demonyms::lookup(&tokens[j].text)?.target {
            Target::Country(c) if tokens[j].is_capitalised() => c,
            _ => return None,
        };
        let speaker = (j + 1..said.min(j + 4)).any(|k| {
            matches!(
                lower(k),
                "defence" | "defense" | "ministry" | "army" | "military" | "government"
            )
        });
        speaker.then(|| {
            country_name(country).map(|name| {
                (
                    format!("Military Forces of {}", with_article(name)),
                    j,
                    j + 1,
                )
            })
        })?
    })
}

/// Verbs whose subject, when it is a country, is that country's armed
/// forces: "Russia struck the centre of Sumy", "Israel bombed".
const STRIKE_VERBS: &[&str] = &[
    "struck", "bombed", "shelled", "launched", "fired", "pounded", "attacked", "targeted",
    "strikes", "bombs", "shells", "launches", "fires", "pounds", "attacks", "targets",
];

/// Whether `word` is a verb of [`STRIKE_VERBS`] (any case).
pub fn is_strike_verb(word: &str) -> bool {
    STRIKE_VERBS.contains(&word.to_lowercase().as_str())
}

/// A country named as the subject of a strike before the cue at token
/// `cue` ("Russia struck …", "the United States launched …"): its armed
/// forces, with the token span of the country's name (end exclusive).
pub fn striking_state(tokens: &[Token], cue: usize) -> Option<(String, usize, usize)> {
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    (1..=cue.min(tokens.len().saturating_sub(1))).find_map(|verb| {
        if !STRIKE_VERBS.contains(&lower(verb)) || lower(verb + 1) == "by" {
            return None;
        }
        [2, 1].into_iter().find_map(|n| {
            let first = verb.checked_sub(n)?;
            state_forces(&tokens[first..verb]).map(|name| (name, first, verb))
        })
    })
}

/// A state named by its own name at token `at` ("blamed Israel", "blamed
/// the United States"): its armed forces, with the name's span.
pub fn named_state(tokens: &[Token], at: usize) -> Option<(String, usize, usize)> {
    let first = if tokens.get(at).is_some_and(|t| t.lower == "the") {
        at + 1
    } else {
        at
    };
    [2, 1].into_iter().find_map(|n| {
        state_forces(tokens.get(first..first + n)?).map(|name| (name, first, first + n))
    })
}

/// The armed forces of the state `words` name by its own name, capitalised
/// words that are the name itself: not a code ("IS" is no Iceland), not a
/// territory ("Militants in the Gaza Strip fired").
fn state_forces(words: &[Token]) -> Option<String> {
    if !words.iter().all(|t| t.is_capitalised() && t.is_word()) {
        return None;
    }
    let text: Vec<&str> = words.iter().map(|t| t.text.as_str()).collect();
    let text = text.join(" ");
    let name = country_name(sitrep_geo::countries::country_code(&text)?)?;
    (name == text).then(|| format!("Military Forces of {}", with_article(name)))
}

/// Whether the name at token `first` is the first side of "between X and
/// Y" or "pitted X against Y" right after the cue at `cue`: the opening word
/// at most five words before it, and no "and" or "against" in between.
pub fn first_side_after_between(tokens: &[Token], cue: usize, first: usize) -> bool {
    let Some(opening) = (cue..first)
        .rev()
        .take(6)
        .find(|&j| matches!(tokens[j].lower.as_str(), "between" | "pitted"))
    else {
        return false;
    };
    // "fighting broke out between …", "clashes erupted between …".
    let told = |t: &Token| {
        matches!(
            t.lower.as_str(),
            "broke" | "out" | "erupted" | "took" | "place" | "ensued" | "occurred"
        )
    };
    (opening <= cue + 2 || tokens[cue + 1..opening].iter().all(told))
        && !tokens[opening..first]
            .iter()
            .any(|t| matches!(t.lower.as_str(), "and" | "against"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{at, words};
    use crate::tokens::tokenize;

    fn force(text: &str, cue: &str) -> Option<String> {
        let chars: Vec<char> = text.chars().collect();
        let tokens = tokenize(&chars, 0, chars.len());
        let at = tokens.iter().position(|t| t.lower == cue).unwrap();
        state_force(&tokens, at, Some("IN")).map(|(name, _, _)| name)
    }

    #[test]
    fn the_agent_after_by_may_carry_its_demonym_and_kind() {
        assert_eq!(
            force(
                "a drone operated by the Malian armed forces struck the market",
                "drone"
            )
            .as_deref(),
            Some("Military Forces of Mali")
        );
    }

    #[test]
    fn the_first_side_of_fighting_that_broke_out_between_two() {
        let t = words("Fighting broke out between the military and the rebels.");
        assert!(first_side_after_between(
            &t,
            at(&t, "Fighting"),
            at(&t, "military")
        ));
        assert!(!first_side_after_between(
            &t,
            at(&t, "Fighting"),
            at(&t, "rebels")
        ));
    }

    #[test]
    fn one_soldier_who_kills_is_the_army_and_one_killed_is_not() {
        assert_eq!(
            force("a soldier manning a checkpoint shot dead a driver", "shot").as_deref(),
            Some("Military Forces of India")
        );
        assert_eq!(
            force("a soldier from the army was killed by militants", "killed"),
            None
        );
        assert_eq!(force("a former soldier shot dead a driver", "shot"), None);
    }

    #[test]
    fn a_country_that_strikes_is_its_armed_forces() {
        let strike = |text: &str, cue: &str| {
            let chars: Vec<char> = text.chars().collect();
            let tokens = tokenize(&chars, 0, chars.len());
            let at = tokens.iter().position(|t| t.lower == cue).unwrap();
            striking_state(&tokens, at).map(|(name, _, _)| name)
        };
        assert_eq!(
            strike(
                "Russia struck the centre of Sumy with two missiles.",
                "missiles"
            )
            .as_deref(),
            Some("Military Forces of Russia")
        );
        assert_eq!(
            strike(
                "The United States launched an air strike on Jilib.",
                "strike"
            )
            .as_deref(),
            Some("Military Forces of the United States")
        );
        // Struck by: the country is the target; a city is no state.
        assert_eq!(
            strike("Ukraine struck by missiles overnight.", "missiles"),
            None
        );
        assert_eq!(strike("Sumy struck by two missiles.", "missiles"), None);
        assert_eq!(
            strike("Militants in the Gaza Strip fired rockets.", "rockets"),
            None
        );
        assert_eq!(
            strike("Police said Kharkiv was shelled overnight.", "shelled"),
            None
        );
    }

    #[test]
    fn generic_names_follow_acled() {
        assert_eq!(
            crowd(SubEventType::PeacefulProtest, Some("TR")).as_deref(),
            Some("Protesters (Turkey)")
        );
        let chars: Vec<char> = "American troops raided the compound.".chars().collect();
        let tokens = tokenize(&chars, 0, chars.len());
        let at = tokens.iter().position(|t| t.lower == "raided").unwrap();
        assert_eq!(
            state_force(&tokens, at, Some("SO"))
                .map(|(n, _, _)| n)
                .as_deref(),
            Some("Military Forces of the United States")
        );
    }

    #[test]
    fn force_words_include_singulars() {
        for w in ["troops", "soldier", "drone", "airstrike", "police", "army"] {
            assert!(is_force_word(w), "{w}");
        }
        for w in ["president", "state", "embassy", "citizens"] {
            assert!(!is_force_word(w), "{w}");
        }
    }

    #[test]
    fn the_first_side_of_a_clash_between_two_is_the_actor() {
        assert_eq!(
            force(
                "Fighting between the army and Maoist rebels broke out.",
                "fighting"
            )
            .as_deref(),
            Some("Military Forces of India")
        );
        assert_eq!(
            force(
                "Fighting between Maoist rebels and the army broke out.",
                "fighting"
            ),
            None
        );
    }

    #[test]
    fn artillery_is_a_force_when_its_country_is_named() {
        assert_eq!(
            force("Azerbaijani artillery shelled Jermuk overnight.", "shelled").as_deref(),
            Some("Military Forces of Azerbaijan")
        );
        assert_eq!(
            force("Artillery shelled Jermuk overnight.", "shelled"),
            None
        );
    }

    #[test]
    fn a_forces_things_are_no_actor() {
        assert_eq!(
            force(
                "Guatemalan air force installations were hit by two bombs.",
                "bombs"
            ),
            None
        );
        assert_eq!(
            force(
                "An Indian army convoy was ambushed near the border.",
                "ambushed"
            ),
            None
        );
    }

    #[test]
    fn police_firing_names_the_police_as_the_agent() {
        assert_eq!(
            force("Three people died in police firing at the market.", "died").as_deref(),
            Some("Police Forces of India")
        );
        assert_eq!(
            force(
                "A boy was hurt in a police lathi charge on the crowd.",
                "hurt"
            )
            .as_deref(),
            Some("Police Forces of India")
        );
        // Police after the cue, with no sign they acted: not the agent.
        assert_eq!(
            force("Two men were killed, the police said.", "killed"),
            None
        );
    }

    #[test]
    fn police_who_tell_of_an_attack_did_not_do_it() {
        assert_eq!(
            force(
                "Police said they were examining a grenade thrown at a police post in Batala.",
                "grenade"
            ),
            None
        );
        assert_eq!(
            force("Police fired on the crowd in Batala, killing two.", "fired"),
            Some("Police Forces of India".into())
        );
    }
}
