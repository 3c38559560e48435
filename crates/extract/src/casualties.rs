//! Casualty counts: numbers in digits or words next to a word for killing or
//! wounding ("at least 145 people were killed", "killed 96", "wounding 284
//! others", "the death toll rose to 145"). Counts of attackers ("three
//! gunmen were killed") are kept apart from victims.

use crate::tokens::Token;

/// What a number counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Killed,
    Wounded,
    AttackersKilled,
}

/// One count with its token span (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Casualty {
    pub count: Count,
    pub value: u32,
    pub first: usize,
    pub last: usize,
    /// Read from a lone victim ("killing a boy") or the rest of a toll
    /// ("the other three injured"): it fills a missing toll but never
    /// replaces one.
    pub weak: bool,
}

const UNITS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("a dozen", 12),
    ("dozen", 12),
];

const TENS: &[(&str, u32)] = &[
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

fn unit(word: &str) -> Option<u32> {
    UNITS.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

fn tens(word: &str) -> Option<u32> {
    TENS.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

/// The value of an ordinal word: "second" → 2, …, "tenth" → 10.
pub fn ordinal(word: &str) -> Option<u32> {
    const ORDINALS: [&str; 9] = [
        "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    ];
    ORDINALS
        .iter()
        .position(|o| *o == word)
        .map(|k| k as u32 + 2)
}

/// Verbs of killing before "to death": "hacked", "stabbed five people to
/// death", "were beaten to death".
const TO_DEATH: &[&str] = &[
    "hacked",
    "beat",
    "beaten",
    "stabbed",
    "burnt",
    "burned",
    "bludgeoned",
    "clubbed",
    "tortured",
    "strangled",
    "battered",
];

/// A number starting at token `i`: (value, end).
pub fn number_at(tokens: &[Token], i: usize) -> Option<(u32, usize)> {
    let t = tokens.get(i)?;
    let lower = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    if t.text.chars().all(|c| c.is_ascii_digit()) {
        let mut value: u32 = t.text.parse().ok()?;
        let mut end = i + 1;
        // 1,200
        while lower(end) == ","
            && tokens
                .get(end + 1)
                .is_some_and(|n| n.text.len() == 3 && n.text.chars().all(|c| c.is_ascii_digit()))
            && tokens[end].start == tokens[end - 1].end
        {
            let part: u32 = tokens[end + 1].text.parse().ok()?;
            value = value.checked_mul(1000)?.checked_add(part)?;
            end += 2;
        }
        return Some((value, end));
    }
    // "Both were taken to hospital", "killing both occupants" (not "both
    // sides").
    if t.lower == "both"
        && (matches!(lower(i + 1), "were" | "men" | "women")
            || tokens.get(i + 1).is_some_and(|n| {
                counted_noun(n)
                    && n.lower.ends_with('s')
                    && !matches!(
                        n.lower.as_str(),
                        "sides" | "parties" | "countries" | "groups" | "forces" | "governments"
                    )
            }))
    {
        return Some((2, i + 1));
    }
    if let Some(tv) = tens(&t.lower) {
        if lower(i + 1) == "-"
            && let Some(u) = unit(lower(i + 2)).filter(|u| *u < 10)
        {
            return Some((tv + u, i + 3));
        }
        return Some((tv, i + 1));
    }
    if let Some(u) = unit(&t.lower) {
        if lower(i + 1) == "hundred" {
            return Some((u * 100, i + 2));
        }
        return Some((u, i + 1));
    }
    None
}

const KILLED_AFTER: &[&str] = &[
    "killed",
    "dead",
    "died",
    "deaths",
    "fatalities",
    "fatality",
    "killing",
    "slain",
    "murdered",
    "lives",
    // A communiqué's word for enemies killed.
    "neutralised",
    "neutralized",
];
/// Harm told before "and killed" as one deed: "was shot and killed".
const TWO_VERB_HARM: &[&str] = &[
    "shot",
    "stabbed",
    "beaten",
    "hacked",
    "tortured",
    "attacked",
    "abducted",
    "kidnapped",
    "strangled",
    "assaulted",
    "lynched",
    "ambushed",
];
const WOUNDED_AFTER: &[&str] = &[
    "wounded", "injured", "hurt", "injuries", "wounding", "injuring",
];
const SKIP_AFTER: &[&str] = &[
    // "five people who required medical treatment".
    "who",
    "people",
    "persons",
    "civilians",
    "others",
    "other",
    "more",
    "were",
    "was",
    "have",
    "had",
    "been",
    "are",
    "reportedly",
    "also",
    "still",
    "being",
    "individuals",
    "worshippers",
    "concertgoers",
    "soldiers",
    "police",
    "policemen",
    "officers",
    "children",
    "women",
    "men",
    "pilgrims",
    "students",
    "visitors",
    "bystanders",
    "mourners",
    "people's",
    "security",
    "personnel",
    "villagers",
    "youths",
    "criminals",
    "miscreants",
    "farmers",
    "constables",
    "jawans",
];
const ATTACKERS: &[&str] = &[
    "attackers",
    "attacker",
    "gunmen",
    "gunman",
    "assailants",
    "assailant",
    "militants",
    "bombers",
    "bomber",
    "perpetrators",
    "insurgents",
    "terrorists",
    "jihadists",
];
const KILL_BEFORE: &[&str] = &[
    "killed",
    "killing",
    "kill",
    "kills",
    "claimed",
    "left",
    "neutralised",
    "neutralized",
];
const WOUND_BEFORE: &[&str] = &[
    "wounded", "wounding", "injured", "injuring", "injures", "wounds",
];
const TOLL_BEFORE: &[&str] = &[
    "rose", "risen", "reached", "climbed", "stood", "stands", "rises", "toll",
];
const SKIP_BEFORE: &[&str] = &[
    "at",
    "least",
    "more",
    "than",
    "over",
    "nearly",
    "some",
    "about",
    "around",
    "almost",
    "to",
    "up",
    "a",
    "total",
    "of",
    "another",
    "further",
    "an",
    "estimated",
    "approximately",
    "roughly",
];

/// Whether a phrase of killing starts at token `k`: "shot dead", "gunned
/// down", "lynched", "hacked / beaten / stabbed / burnt … to death".
fn killing_phrase(tokens: &[Token], k: usize) -> bool {
    let lower = |j: usize| tokens.get(j).map_or("", |t| t.lower.as_str());
    match lower(k) {
        "shot" => lower(k + 1) == "dead",
        "gunned" => lower(k + 1) == "down",
        "lynched" | "martyred" => true,
        // The communiqués' "12 soldiers fell on the field of honour".
        "fell" => lower(k + 1) == "on" && lower(k + 3) == "field",
        w if TO_DEATH.contains(&w) => lower(k + 1) == "to" && lower(k + 2) == "death",
        _ => false,
    }
}

/// The noun a count counts, beyond those [`SKIP_AFTER`] lists: "nine
/// passengers were killed", "12 miners died": a plain lower-case word, or
/// a people's name in the plural.
fn counted_noun(t: &Token) -> bool {
    // ("Nine gardaí were injured": accents too.)
    (t.lower.chars().count() >= 3 && t.text.chars().all(|c| c.is_lowercase()))
        // "Six Palestinians were injured".
        || (t.text.ends_with('s') && sitrep_geoparse::demonyms::lookup(&t.text).is_some())
}

/// Casualty counts in `tokens`; `blocked` marks tokens that belong to dates.
pub fn find_casualties(tokens: &[Token], blocked: &[bool]) -> Vec<Casualty> {
    let mentions_toll = tokens.iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "toll" | "dead" | "deaths" | "bodies" | "fatalities"
        )
    });
    let lower = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if blocked.get(i).copied().unwrap_or(false) {
            i += 1;
            continue;
        }
        let Some((value, end)) = number_at(tokens, i) else {
            i += 1;
            continue;
        };
        // "a six-year-old boy", "10 years", "M-21": not a count.
        if matches!(
            lower(end),
            "year" | "years" | "month" | "months" | "km" | "kilometres"
        ) || (lower(end) == "-" && matches!(lower(end + 1), "year" | "month" | "day"))
            || (i > 0 && lower(i - 1) == "-")
            // "No one was injured".
            || (i > 0 && lower(i - 1) == "no" && lower(i) == "one")
        {
            i = end;
            continue;
        }
        let mut found = None;
        let mut subset = false;
        let mut a_part = false;
        // Forward: "145 people were killed", "three attackers died", "Five
        // attackers took part: …, three were shot dead" (a bare number,
        // fewer than the attackers counted before it, counts some of them).
        let bare = matches!(lower(end), "were" | "was" | "died");
        let mut attackers = bare
            && (1..i).rev().any(|a| {
                ATTACKERS.contains(&lower(a))
                    && number_at(tokens, a - 1).is_some_and(|(n, e)| e == a && n > value)
            });
        let mut k = end;
        let mut reach = end + 6;
        while k < tokens.len() && k < reach {
            let w = tokens[k].lower.as_str();
            // "Nine other people, among them a candidate and two police
            // officers, were wounded": past the aside to its closing comma.
            // "14 people, five of them civilians, were killed" too.
            let part = || {
                number_at(tokens, k + 1).is_some_and(|(_, e)| {
                    lower(e) == "of" && matches!(lower(e + 1), "them" | "whom")
                })
            };
            // ("45 people, most of them students, were treated".)
            let most = || {
                matches!(
                    lower(k + 1),
                    "most" | "many" | "some" | "all" | "several" | "half"
                ) && lower(k + 2) == "of"
            };
            if w == ","
                && (matches!(lower(k + 1), "among" | "including") || part() || most())
                && let Some(close) = (k + 2..(k + 20).min(tokens.len())).find(|&j| lower(j) == ",")
            {
                reach += close + 1 - k;
                k = close + 1;
                continue;
            }
            // "its teams treated 23 people for injuries", "… for gunshot
            // and rubber-bullet wounds".
            if w == "for"
                && (k + 1..(k + 7).min(tokens.len()))
                    .take_while(|&j| !matches!(lower(j), "," | "." | ";"))
                    .any(|j| matches!(lower(j), "injuries" | "wounds" | "burns"))
                && (i.saturating_sub(4)..i).any(|j| lower(j) == "treated")
            {
                found = Some(Count::Wounded);
                break;
            }
            // "Six personnel of Chhattisgarh's District Reserve Guard were
            // killed": past the force's name.
            if w == "of" && k > end && tokens.get(k + 1).is_some_and(Token::is_capitalised) {
                let mut j = k + 1;
                while tokens.get(j).is_some_and(|t| {
                    t.is_capitalised() || matches!(t.text.as_str(), "'" | "’" | "s" | "-")
                }) && j < k + 9
                {
                    j += 1;
                }
                reach += j - k;
                k = j;
                continue;
            }
            // "1 imam was shot and killed": one deed in two verbs.
            if TWO_VERB_HARM.contains(&w) && lower(k + 1) == "and" {
                k += 2;
                reach += 2;
                continue;
            }
            // "1 Taliban member was killed": past the group's name and
            // the noun it qualifies.
            if k == end && tokens[k].is_capitalised() && tokens.get(k + 1).is_some_and(counted_noun)
            {
                k += 2;
                reach += 1;
                continue;
            }
            // "six civilians had been brought in dead".
            if w == "brought" && lower(k + 1) == "in" {
                k += 2;
                reach += 2;
                continue;
            }
            // "five of our compatriots were martyred"; "one of the drivers
            // was killed", a part of those told (it fills a gap only: "two
            // of the wounded" are not all of them).
            if k == end
                && w == "of"
                && matches!(lower(k + 1), "our" | "their" | "the")
                && tokens.get(k + 2).is_some_and(counted_noun)
            {
                a_part = lower(k + 1) == "the";
                k += 3;
                reach += 3;
                continue;
            }
            // "Fourteen people were injured, nine of them police officers":
            // a part of the count before.
            if k == end && w == "of" && matches!(lower(k + 1), "them" | "whom") {
                a_part = true;
                k += 2;
                continue;
            }
            // "are still being treated in Tizi Ouzou's university hospital":
            // the hospital a few words on, in the same clause; "leaving nine
            // demonstrators needing hospital treatment".
            let needing = matches!(w, "needing" | "needed" | "requiring" | "required");
            if ATTACKERS.contains(&w) {
                attackers = true;
            } else if (needing
                || matches!(
                    w,
                    "taken"
                        | "treated"
                        | "admitted"
                        | "hospitalised"
                        | "hospitalized"
                        | "remain"
                        | "remained"
                ))
                && (k..k + 8).take_while(|&j| lower(j) != ",").any(|j| {
                    matches!(
                        lower(j),
                        "hospital" | "hospitals" | "hospitalised" | "hospitalized"
                    ) || (w == "treated"
                        && lower(j) == "for"
                        && matches!(lower(j + 1), "injuries" | "wounds" | "burns"))
                        || (needing
                            && lower(j) == "treatment"
                            && matches!(lower(j - 1), "medical" | "hospital"))
                })
            {
                if !attackers {
                    found = Some(Count::Wounded);
                    // "Two were taken to the Hospital Escuela" after nine
                    // treated: those of the wounded taken on, a part.
                    subset = w == "taken";
                }
                break;
            } else if KILLED_AFTER.contains(&w) || killing_phrase(tokens, k) {
                found = Some(if attackers {
                    Count::AttackersKilled
                } else {
                    Count::Killed
                });
                break;
            } else if WOUNDED_AFTER.contains(&w) {
                if !attackers {
                    found = Some(Count::Wounded);
                }
                break;
            } else if !(SKIP_AFTER.contains(&w)
                || (k == end && counted_noun(&tokens[k]))

                // "six Malian soldiers were killed".
                || (k == end && tokens[k].is_capitalised() && sitrep_geoparse::demonyms::lookup(&tokens[k].text).is_some()))
            {
                break;
            }
            k += 1;
        }
        // Backward: "killed at least 96", "the toll rose to 145".
        if found.is_none() && !attackers {
            let mut k = i;
            while k > 0 {
                k -= 1;
                let w = tokens[k].lower.as_str();
                // "stabbed five people to death", "shot three men dead".
                let to_death = (end..end + 3).any(|j| {
                    (lower(j) == "to" && lower(j + 1) == "death")
                        || (w == "shot" && lower(j) == "dead")
                });
                if to_death && (w == "shot" || TO_DEATH.contains(&w)) {
                    found = Some(Count::Killed);
                    break;
                }
                // "shot dead eight workers".
                if w == "dead" && k > 0 && lower(k - 1) == "shot" && k + 1 == i {
                    found = Some(Count::Killed);
                    break;
                }
                if KILL_BEFORE.contains(&w) {
                    // "the killing of two students": earlier deaths, not this toll.
                    if w == "killing" && lower(k + 1) == "of" {
                        break;
                    }
                    if w != "claimed" || tokens.get(end).is_some_and(|t| t.lower == "lives") {
                        found = Some(Count::Killed);
                    }
                    break;
                }
                if WOUND_BEFORE.contains(&w) {
                    found = Some(Count::Wounded);
                    break;
                }
                if TOLL_BEFORE.contains(&w) && mentions_toll {
                    found = Some(Count::Killed);
                    break;
                }
                // "lowered the death toll from Wednesday's explosions in
                // Kerman to 84": a toll revised to the number after "to".
                // "… bringing the number of people killed to nine".
                let number_killed = || {
                    let before = &tokens[k.saturating_sub(16)..k];
                    before.iter().any(|t| t.lower == "number")
                        && before
                            .iter()
                            .any(|t| matches!(t.lower.as_str(), "killed" | "dead"))
                };
                if w == "to"
                    && (tokens[k.saturating_sub(16)..k]
                        .iter()
                        .any(|t| t.lower == "toll")
                        || number_killed())
                {
                    found = Some(Count::Killed);
                    break;
                }
                if !SKIP_BEFORE.contains(&w) {
                    break;
                }
            }
        }
        if let Some(count) = found {
            out.push(Casualty {
                count,
                value,
                first: i,
                last: end,
                weak: subset || a_part,
            });
        }
        i = end;
    }
    // "a third man died of his wounds": the toll is now three.
    if let Some(c) = nth_death(tokens) {
        out.push(c);
    }
    if let Some(list) = victim_list(tokens)
        && out
            .iter()
            .filter(|c| c.count == Count::Killed)
            .all(|c| c.value < list.value && c.first >= list.first && c.last <= list.last)
    {
        out.retain(|c| !(c.count == Count::Killed && c.first >= list.first && c.last <= list.last));
        out.push(list);
    }
    if let Some(list) = subject_list(tokens)
        && out
            .iter()
            .filter(|c| c.count == list.count)
            .all(|c| c.value < list.value && c.first >= list.first && c.last <= list.last)
    {
        out.retain(|c| !(c.count == list.count && c.first >= list.first && c.last <= list.last));
        out.push(list);
    }
    if !out.iter().any(|c| c.count == Count::Killed)
        && let Some(one) = single_victim(tokens).or_else(|| pronoun_victim(tokens))
    {
        out.push(one);
    }
    if let Some(named) = named_and_others(tokens) {
        out.retain(|c| !(c.count == Count::Killed && c.value < named.value));
        if !out.iter().any(|c| c.count == Count::Killed) {
            out.push(named);
        }
    }
    if !out.iter().any(|c| c.count == Count::Wounded)
        && let Some(one) = single_wounded(tokens)
    {
        out.push(one);
    }
    // "The other three injured … were in stable condition": the rest of a
    // toll told before, which fills a missing toll but never replaces one.
    for c in &mut out {
        if c.first > 0 && matches!(lower(c.first - 1), "other" | "remaining") {
            c.weak = true;
        }
    }
    out
}

/// Whether token `k` ends an age, "… 34-year-old": someone of that age.
fn aged(tokens: &[Token], k: usize) -> bool {
    k >= 2 && tokens[k].lower == "old" && tokens[k - 2].lower == "year"
}

/// "killed Hamas deputy political chief Saleh al-Arouri and six other
/// people": one named victim and the others counted, all killed.
fn named_and_others(tokens: &[Token]) -> Option<Casualty> {
    let lower = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    let verb = (0..tokens.len()).find(|&i| matches!(lower(i), "killed" | "killing"))?;
    let and = (verb + 2..(verb + 10).min(tokens.len())).find(|&j| lower(j) == "and")?;
    // The victim's name and title: capitalised words, with a few lower-case
    // title words between ("deputy political chief").
    let named = tokens[verb + 1..and].iter().any(Token::is_capitalised)
        && tokens[verb + 1..and]
            .iter()
            .all(|t| t.is_word() || t.text == "-")
        && number_at(tokens, verb + 1).is_none()
        && !matches!(
            lower(verb + 1),
            "a" | "an" | "the" | "his" | "her" | "their"
        );
    let (n, end) = number_at(tokens, and + 1)?;
    (named && matches!(lower(end), "other" | "others")).then_some(Casualty {
        count: Count::Killed,
        value: n + 1,
        first: verb + 1,
        last: end + 1,
        weak: false,
    })
}

/// "a third man died of his wounds", "a fourth victim has died in hospital":
/// the n-th death, so the toll is n.
fn nth_death(tokens: &[Token]) -> Option<Casualty> {
    let lower = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    (0..tokens.len()).find_map(|i| {
        let n = ordinal(lower(i + 1)).filter(|_| lower(i) == "a")?;
        let died = (i + 2..(i + 6).min(tokens.len())).any(|k| {
            matches!(lower(k), "died" | "succumbed")
                || (lower(k) == "killed" && lower(k - 1) == "was")
        });
        died.then_some(Casualty {
            count: Count::Killed,
            value: n,
            first: i,
            last: i + 2,
            weak: false,
        })
    })
}

/// "… hit a house in Metula, injuring a civilian": one victim wounded, a
/// person named right after a verb of wounding.
fn single_wounded(tokens: &[Token]) -> Option<Casualty> {
    let lower = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    let wounding = |k: usize| matches!(lower(k), "injuring" | "wounding");
    (0..tokens.len()).find_map(|i| {
        // "seriously wounding a 52-year-old property developer".
        let verb = i >= 1
            && (wounding(i - 1) || (i >= 2 && lower(i - 1).ends_with("ly") && wounding(i - 2)));
        let person = |k: usize| PERSON.contains(&lower(k)) || aged(tokens, k);
        let one = matches!(lower(i), "a" | "an" | "one")
            && verb
            && (i + 1..(i + 6).min(tokens.len())).any(person);
        // "two men were shot dead and a third wounded".
        let nth = lower(i) == "a"
            && ordinal(lower(i + 1)).is_some()
            && matches!(lower(i + 2), "wounded" | "injured" | "hurt");
        // "Choi, who was wounded in the neck": one named victim.
        let named = i >= 2
            && lower(i) == "who"
            && lower(i - 1) == ","
            && tokens[i - 2].is_capitalised()
            && lower(i + 1) == "was"
            && matches!(lower(i + 2), "wounded" | "injured" | "stabbed" | "hurt");
        // "a city assembly member was stabbed in the arm": hurt where
        // one lives through it.
        let in_the_limb = matches!(lower(i), "a" | "an")
            && (i + 1..(i + 8).min(tokens.len()))
                .find(|&k| lower(k) == "was")
                .is_some_and(|k| {
                    (i + 1..k).all(|j| tokens[j].is_word() || lower(j) == "-")
                        && matches!(lower(k + 1), "stabbed" | "shot")
                        && lower(k + 2) == "in"
                        && matches!(lower(k + 3), "the" | "his" | "her")
                        && matches!(
                            lower(k + 4),
                            "arm"
                                | "arms"
                                | "leg"
                                | "legs"
                                | "shoulder"
                                | "hand"
                                | "thigh"
                                | "foot"
                                | "knee"
                        )
                });
        // "Two men were beaten to death and another was critically
        // injured".
        let another = lower(i) == "another" && lower(i + 1) == "was" && {
            let verb = if lower(i + 2).ends_with("ly") {
                i + 3
            } else {
                i + 2
            };
            matches!(lower(verb), "injured" | "wounded" | "hurt")
        };
        (one || nth || named || in_the_limb || another).then_some(Casualty {
            count: Count::Wounded,
            value: 1,
            first: i,
            last: i + 2,
            weak: true,
        })
    })
}

/// "killing an officer and four conscripts", "shot dead a farmer and his
/// son": the victims listed after a verb of killing, added up (at least two
/// items).
fn victim_list(tokens: &[Token]) -> Option<Casualty> {
    let lower = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    let start = (0..tokens.len()).find(|&i| {
        matches!(lower(i), "killing" | "killed" | "murdering" | "murdered")
            || (lower(i) == "dead" && i > 0 && lower(i - 1) == "shot")
    })?;
    let (total, items, last) = list_at(tokens, start + 1, false);
    (items >= 2).then_some(Casualty {
        count: Count::Killed,
        value: total,
        first: start + 1,
        last,
        weak: false,
    })
}

/// "A security guard at the office and two police officers were injured":
/// the victims listed as the subject of a passive verb of harm, added up
/// (at least two items, the list ending at the verb).
fn subject_list(tokens: &[Token]) -> Option<Casualty> {
    let lower = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    let harm = (1..tokens.len()).find(|&i| {
        matches!(lower(i - 1), "were" | "was" | "been")
            && matches!(lower(i), "injured" | "wounded" | "hurt" | "killed")
    })?;
    // "nine soldiers and five civilians had been killed".
    let verb = if lower(harm - 1) == "been"
        && harm >= 2
        && matches!(lower(harm - 2), "had" | "have" | "has")
    {
        harm - 2
    } else {
        harm - 1
    };
    let count = if lower(harm) == "killed" {
        Count::Killed
    } else {
        Count::Wounded
    };
    // "four soldiers and 15 assailants were killed": attackers are counted
    // apart.
    let attackers = |a: usize, b: usize| {
        tokens[a..b]
            .iter()
            .any(|t| ATTACKERS.contains(&t.lower.as_str()))
    };
    (0..verb).find_map(|first| {
        let (value, items, last) = list_at(tokens, first, true);
        (items >= 2 && last == verb && !attackers(first, last)).then_some(Casualty {
            count,
            value,
            first,
            last,
            weak: false,
        })
    })
}

/// The people listed from token `i` ("an officer and four conscripts"):
/// their total, the number of items and where the list ends. Each item is
/// a count ("a", "one", "four", "his") and up to eight words of its own;
/// `phrases` lets an item run on through "at" and "of" ("a guard at the
/// office").
fn list_at(tokens: &[Token], mut i: usize, phrases: bool) -> (u32, usize, usize) {
    let lower = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    let mut total = 0u32;
    let mut items = 0;
    let mut possessive = false;
    loop {
        let count = match lower(i) {
            "his" | "her" | "their" => {
                possessive = true;
                Some((1, i + 1))
            }
            "a" | "an" | "one" => Some((1, i + 1)),
            // "his wife and teenage son": the possessive counts each.
            _ if possessive && items > 0 && lower(i - 1) == "and" => {
                number_at(tokens, i).or(Some((1, i)))
            }
            _ => number_at(tokens, i),
        };
        let Some((n, mut j)) = count else { break };
        // "14 people, five of them civilians": a part of the item before.
        if items > 0 && lower(j) == "of" && matches!(lower(j + 1), "them" | "whom") {
            break;
        }
        // The victim's words, no verb of their own: up to eight, for "a
        // senior commander of the Harakat al-Nujaba militia".
        let mut words = 0;
        while words < 9
            && tokens.get(j).is_some_and(|t| {
                (t.is_word() || t.text == "-")
                    && (phrases && matches!(t.lower.as_str(), "at" | "of")
                        || !matches!(
                            t.lower.as_str(),
                            "and"
                                | "in"
                                | "on"
                                | "at"
                                | "when"
                                | "as"
                                | "who"
                                | "after"
                                | "were"
                                | "was"
                                | "died"
                                | "had"
                                | "have"
                                | "has"
                        ))
                    && number_at(tokens, j)
                        .is_none_or(|_| tokens.get(j + 1).is_some_and(|n| n.text == "-"))
            })
        {
            j += 1;
            words += 1;
        }
        if words == 0 {
            break;
        }
        total = total.saturating_add(n);
        items += 1;
        i = j;
        match lower(i) {
            "," if lower(i + 1) == "and" => i += 2,
            "," | "and" => i += 1,
            _ => break,
        }
    }
    (total, items, i)
}

/// People one may count as one victim.
const PERSON: &[&str] = &[
    "passer",
    "passerby",
    "bystander",
    "pedestrian",
    "shopkeeper",
    "guard",
    "man",
    "woman",
    "boy",
    "girl",
    "child",
    "teenager",
    "student",
    "teacher",
    "officer",
    "soldier",
    "policeman",
    "civilian",
    "farmer",
    "trader",
    "merchant",
    "journalist",
    "official",
    "leader",
    "commander",
    "chief",
    "priest",
    "imam",
    "pastor",
    "driver",
    "worker",
    "resident",
    "villager",
    "person",
    "pupil",
    "doctor",
    "nurse",
    "engineer",
    "contractor",
    "activist",
    "politician",
    "councillor",
    "judge",
    "lawyer",
    "businessman",
    "herder",
    "candidate",
    "cleric",
    "reporter",
    "photographer",
    "lawmaker",
    "senator",
    "governor",
    "prosecutor",
    "tourist",
    "pilgrim",
    "passenger",
    "shepherd",
    "fisherman",
    "member",
    "mayor",
    "trafficker",
    "suspect",
    "vendor",
    "dealer",
    "youth",
    "councilman",
    "councilor",
    "elder",
    "chairman",
];
const DEATH: &[&str] = &[
    "killed",
    "killing",
    "died",
    "dead",
    "murdered",
    "assassinated",
];

/// "killing him", "killed her": one victim the sentence named before, told
/// by a pronoun.
fn pronoun_victim(tokens: &[Token]) -> Option<Casualty> {
    let lower = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    (1..tokens.len())
        .find(|&k| {
            matches!(lower(k), "him" | "her") && matches!(lower(k - 1), "killing" | "killed")
        })
        .map(|k| Casualty {
            count: Count::Killed,
            value: 1,
            first: k,
            last: k + 1,
            weak: true,
        })
}

/// "killing a six-year-old boy", "a 15-year-old girl has died", "shot dead
/// a local official": one victim, named without a number.
fn single_victim(tokens: &[Token]) -> Option<Casualty> {
    let lower = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    for (i, t) in tokens.iter().enumerate() {
        // "The man was beaten and stabbed to death": a victim the text
        // introduced before, opening the sentence.
        let the_victim = i == 0
            && t.lower == "the"
            && tokens
                .get(2)
                .is_some_and(|n| matches!(n.lower.as_str(), "was" | "died"))
            && !tokens.iter().any(|t| t.lower == "by");
        if !matches!(t.lower.as_str(), "a" | "an" | "one") && !the_victim {
            continue;
        }
        // "shot dead a 46-year-old rubber tapper": right after the killing,
        // whoever the words name (the last word before a clause goes on).
        let shot_dead_a = i >= 2 && lower(i - 1) == "dead" && lower(i - 2) == "shot";
        let named_after_killing = || {
            let end = (i + 1..(i + 8).min(tokens.len()))
                .find(|&k| {
                    matches!(
                        lower(k),
                        "," | "as" | "in" | "on" | "at" | "and" | "who" | "while" | "near" | "."
                    )
                })
                .unwrap_or((i + 8).min(tokens.len()));
            (end > i + 1 && tokens[end - 1].is_word() && !tokens[end - 1].is_capitalised())
                .then_some(end - 1)
        };
        // ("A 34-year-old train conductor died": someone of an age.)
        let Some(noun) = (i + 1..(i + 9).min(tokens.len()))
            .find(|&k| PERSON.contains(&lower(k)))
            .or_else(|| (i + 1..(i + 6).min(tokens.len())).find(|&k| aged(tokens, k)))
            .or_else(|| shot_dead_a.then(named_after_killing).flatten())
        else {
            continue;
        };
        // ("A hospital official said six had died": who told it.)
        if matches!(lower(noun + 1), "said" | "says" | "told") {
            continue;
        }
        // Only words, hyphens and number-words of an age between.
        if (i + 1..noun).any(|k| {
            matches!(lower(k), "," | "and" | "or" | "of" | "in")
                || (tokens[k].digits().is_some() && lower(k + 1) != "-")
        }) {
            continue;
        }
        let before = (i.saturating_sub(3)..i).any(|k| DEATH.contains(&lower(k)))
            || (i >= 1 && lower(i - 1) == "dead" && lower(i.wrapping_sub(2)) == "shot");
        // "a farmer died", "an anti-corruption candidate in Ecuador's
        // presidential race was shot dead".
        // ("A 19-year-old apprentice, Elvin José R., was killed": past the
        // name in apposition.)
        let mut from = noun + 1;
        while lower(from) != "," && from < (noun + 4).min(tokens.len()) {
            from += 1;
        }
        if lower(from) == ","
            && let Some(close) = (from + 1..(from + 6).min(tokens.len())).find(|&j| lower(j) == ",")
            && (from + 1..close).all(|j| tokens[j].is_capitalised() || lower(j) == ".")
        {
            from = close + 1;
        } else {
            from = noun + 1;
        }
        // "a soldier manning a checkpoint shot dead a driver": the one
        // named did the killing, the victim follows the verb.
        let active = |k: usize| {
            lower(k) != "died"
                && (matches!(lower(k + 1), "a" | "an" | "the" | "his" | "her" | "their")
                    || number_at(tokens, k + 1).is_some())
                && !(from..k).any(|j| matches!(lower(j), "was" | "were" | "is" | "are" | "been"))
        };
        // ("was shot and killed": one deed told in two verbs.)
        let two_verbs =
            |j: usize| lower(j) == "and" && TWO_VERB_HARM.contains(&lower(j.wrapping_sub(1)));
        let after = (from..(noun + 12).min(tokens.len())).any(|k| {
            matches!(lower(k), "died" | "killed" | "dead")
                && !active(k)
                && !(from..k).any(|j| {
                    matches!(
                        lower(j),
                        "," | "and" | "who" | "after" | "which" | "that" | "when" | "while" | ";"
                    ) && !two_verbs(j)
                })
        });
        let killed = the_victim && (noun + 1..tokens.len()).any(|k| killing_phrase(tokens, k));
        if killed || (!the_victim && (before || after)) {
            return Some(Casualty {
                count: Count::Killed,
                value: 1,
                first: i,
                last: noun + 1,
                weak: true,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::words;
    use crate::tokens::tokenize;

    fn counts(text: &str) -> Vec<(Count, u32)> {
        let chars: Vec<char> = text.chars().collect();
        let tokens = tokenize(&chars, 0, chars.len());
        find_casualties(&tokens, &[])
            .into_iter()
            .map(|c| (c.count, c.value))
            .collect()
    }

    #[test]
    fn a_victim_killed_as_him_counts_one() {
        assert_eq!(
            counts("Gunmen attacked the prayer leader, killing him."),
            vec![(Count::Killed, 1)]
        );
        assert_eq!(counts("He said the attackers fled."), vec![]);
    }

    #[test]
    fn shot_and_killed_is_one_deed() {
        assert_eq!(
            counts("A man was shot and killed in the market by two armed men."),
            vec![(Count::Killed, 1)]
        );
        assert_eq!(
            counts("A drug trafficker was shot and killed by unknown individuals."),
            vec![(Count::Killed, 1)]
        );
        assert_eq!(
            counts("1 imam was shot and killed by unknown gunmen."),
            vec![(Count::Killed, 1)]
        );
        assert_eq!(
            counts("2 Taliban members were killed by unidentified men."),
            vec![(Count::Killed, 2)]
        );
        assert_eq!(
            counts("The man was attacked. 1 fatality."),
            vec![(Count::Killed, 1)]
        );
    }

    #[test]
    fn the_rest_of_a_toll_does_not_replace_it() {
        let found = find_casualties(
            &words("The other three injured were in stable condition."),
            &[],
        );
        assert!(
            matches!(found.as_slice(), [c] if c.count == Count::Wounded && c.value == 3 && c.weak),
            "{found:?}"
        );
    }

    #[test]
    fn the_one_who_shot_dead_is_no_victim() {
        let tokens = words("A soldier manning a checkpoint shot dead a taxi driver.");
        let found = find_casualties(&tokens, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(tokens[found[0].first].lower, "a");
        assert_eq!(tokens[found[0].first + 1].lower, "taxi");
    }

    #[test]
    fn another_was_critically_injured() {
        assert_eq!(
            counts("Two men were beaten to death and another was critically injured by a mob."),
            vec![(Count::Killed, 2), (Count::Wounded, 1)]
        );
    }

    #[test]
    fn both_and_one_of() {
        assert_eq!(
            counts("A drone struck a pickup, killing both occupants."),
            vec![(Count::Killed, 2)]
        );
        assert_eq!(counts("Both sides were killed off."), vec![]);
        assert_eq!(
            counts("One of the drivers was killed."),
            vec![(Count::Killed, 1)]
        );
        assert_eq!(
            counts("Fourteen people were injured, nine of them police officers."),
            vec![(Count::Wounded, 14)]
        );
    }

    #[test]
    fn left_needing_treatment() {
        assert_eq!(
            counts("Police charged, leaving at least nine marchers needing hospital treatment."),
            vec![(Count::Wounded, 9)]
        );
        assert_eq!(
            counts("The blast left four people requiring medical treatment."),
            vec![(Count::Wounded, 4)]
        );
        assert_eq!(counts("Four tenants are requiring a lawyer."), vec![]);
        assert_eq!(
            counts("At least five people who required medical treatment for blows."),
            vec![(Count::Wounded, 5)]
        );
        assert_eq!(
            counts("Two other people remain in hospital with gunshot wounds."),
            vec![(Count::Wounded, 2)]
        );
    }

    #[test]
    fn stabbed_in_the_arm_and_both_taken_to_hospital() {
        assert_eq!(
            counts("A city assembly member was stabbed in the arm by a man."),
            vec![(Count::Wounded, 1)]
        );
        assert_eq!(
            counts("Both were taken to hospital."),
            vec![(Count::Wounded, 2)]
        );
    }

    #[test]
    fn brought_in_dead_as_a_hospital_official_said() {
        assert_eq!(
            counts("A hospital official said at least six civilians had been brought in dead."),
            vec![(Count::Killed, 6)]
        );
    }

    #[test]
    fn a_named_victim_and_others() {
        assert_eq!(
            counts(
                "The strike killed Hamas deputy political chief Saleh al-Arouri and six other people."
            ),
            vec![(Count::Killed, 7)]
        );
    }

    #[test]
    fn shot_dead_eight() {
        assert_eq!(
            counts("Rebels shot dead eight workers who were repairing a tower."),
            vec![(Count::Killed, 8)]
        );
    }

    #[test]
    fn personnel_of_a_named_force() {
        assert_eq!(
            counts(
                "Six personnel of Chhattisgarh's District Reserve Guard were killed and two injured."
            ),
            vec![(Count::Killed, 6), (Count::Wounded, 2)]
        );
    }

    #[test]
    fn someone_of_an_age_died_before_the_wounded_were_listed() {
        assert_eq!(
            counts("A 19-year-old carpentry apprentice, Elvin José R., was killed."),
            vec![(Count::Killed, 1)]
        );
        assert_eq!(
            counts("A 34-year-old train conductor died and two passengers were wounded."),
            vec![(Count::Wounded, 2), (Count::Killed, 1)]
        );
    }

    #[test]
    fn shot_dead_a_victim_of_any_trade() {
        assert_eq!(
            counts("Gunmen shot dead a 46-year-old rubber tapper as he rode to work."),
            vec![(Count::Killed, 1)]
        );
    }

    #[test]
    fn treated_injuring_a_civilian_and_the_number_killed_rising() {
        assert_eq!(
            counts("Its teams treated 23 people for injuries."),
            vec![(Count::Wounded, 23)]
        );
        assert_eq!(
            counts(
                "Officials said 45 people, most of them students, were treated in hospital for injuries."
            ),
            vec![(Count::Wounded, 45)]
        );
        assert_eq!(
            counts(
                "The hospital said it had treated at least 17 people for gunshot and rubber-bullet wounds."
            ),
            vec![(Count::Wounded, 17)]
        );
        assert_eq!(
            counts(
                "Eleven people, among them a grocer, are still being treated in Tizi Ouzou's university hospital."
            ),
            vec![(Count::Wounded, 11)]
        );
        assert_eq!(
            counts("A missile hit a house in Metula, injuring a civilian."),
            vec![(Count::Wounded, 1)]
        );
        assert_eq!(
            counts(
                "A bomb exploded under a car, seriously wounding a 52-year-old property developer."
            ),
            [(Count::Wounded, 1)]
        );
        assert_eq!(
            counts("Two men were shot dead and a third wounded as they sat in a car."),
            [(Count::Killed, 2), (Count::Wounded, 1)]
        );
        assert_eq!(
            counts("Choi, who was wounded in the neck, was taken to hospital."),
            [(Count::Wounded, 1)]
        );
        assert_eq!(
            counts("Two more victims died, bringing the number of people killed to nine."),
            vec![(Count::Killed, 9)]
        );
        assert_eq!(
            counts("A car bomb blew up, killing a passer-by."),
            vec![(Count::Killed, 1)]
        );
        assert_eq!(
            counts("Five of our compatriots were martyred."),
            vec![(Count::Killed, 5)]
        );
    }

    #[test]
    fn a_part_of_the_victims_is_not_added_and_had_been_killed_lists() {
        assert_eq!(
            counts("At least 14 people, five of them civilians, were killed on Saturday."),
            vec![(Count::Killed, 14)]
        );
        assert_eq!(
            counts(
                "The official said nine soldiers and five civilians had been killed and about 20 people wounded."
            ),
            vec![(Count::Wounded, 20), (Count::Killed, 14)]
        );
    }

    #[test]
    fn nobody_hurt_counts_nobody_and_a_possessive_counts_each() {
        assert_eq!(counts("No one was injured during the detentions."), vec![]);
        assert_eq!(
            counts(
                "The man was beaten and stabbed to death; his wife and teenage son were injured."
            ),
            vec![(Count::Wounded, 2), (Count::Killed, 1)]
        );
        // A man killed by the police is no victim the sentence opens with.
        assert_eq!(counts("The man was shot dead by police."), vec![]);
    }

    #[test]
    fn killing_phrases_after_the_count() {
        assert_eq!(
            counts("three criminals were shot dead near the river"),
            [(Count::Killed, 3)]
        );
        assert_eq!(
            counts("two youths were gunned down outside a shop"),
            [(Count::Killed, 2)]
        );
        assert_eq!(
            counts("four villagers were hacked to death with axes"),
            [(Count::Killed, 4)]
        );
        assert_eq!(counts("Nine gardaí were injured"), [(Count::Wounded, 9)]);
        // The n-th death: the toll is n.
        assert_eq!(
            counts("Gendarmes opened fire, killing two people; a third man died of his wounds."),
            [(Count::Killed, 2), (Count::Killed, 3)]
        );
        assert_eq!(
            counts("A third person has died in hospital from wounds sustained in the strike."),
            [(Count::Killed, 3)]
        );
        assert_eq!(counts("a second attack followed on Friday"), []);
        // The count after its verb: "stabbed five people to death".
        assert_eq!(
            counts("a man stabbed five people to death and wounded eight"),
            [(Count::Killed, 5), (Count::Wounded, 8)]
        );
        assert_eq!(counts("gunmen shot three men dead"), [(Count::Killed, 3)]);
        assert_eq!(
            counts("two men were lynched by a mob"),
            [(Count::Killed, 2)]
        );
        assert_eq!(
            counts("12 soldiers fell on the field of honour and 8 others were wounded"),
            [(Count::Killed, 12), (Count::Wounded, 8)]
        );
        assert_eq!(
            counts("three policemen were martyred in the ambush"),
            [(Count::Killed, 3)]
        );
        // "shot" alone is not a death.
        assert_eq!(counts("two men were shot in the leg"), []);
    }

    #[test]
    fn killed_and_wounded_in_digits_and_words() {
        assert_eq!(
            counts("At least 137 people were killed and more than 500 were wounded."),
            [(Count::Killed, 137), (Count::Wounded, 500)]
        );
        assert_eq!(
            counts("twin bombings killed 96 people and wounded 284 others"),
            [(Count::Killed, 96), (Count::Wounded, 284)]
        );
        assert_eq!(
            counts("the death toll had risen to at least 145"),
            [(Count::Killed, 145)]
        );
        assert_eq!(
            counts("twenty-three civilians died and three gunmen were killed"),
            [(Count::Killed, 23), (Count::AttackersKilled, 3)]
        );
        assert_eq!(counts("injuring 1,200 people"), [(Count::Wounded, 1200)]);
        assert_eq!(
            counts("nine passengers were killed and 14 injured"),
            [(Count::Killed, 9), (Count::Wounded, 14)]
        );
        assert!(counts("five houses were destroyed").is_empty());
        assert!(counts("two days later the group spoke").is_empty());
        assert_eq!(
            counts("rockets hit a house, killing a six-year-old boy"),
            [(Count::Killed, 1)]
        );
        assert_eq!(
            counts("A 15-year-old girl has died after being stabbed"),
            [(Count::Killed, 1)]
        );
        assert_eq!(
            counts("Another 23 people were taken to hospital with injuries."),
            [(Count::Wounded, 23)]
        );
        assert!(counts("over the killing of two students").is_empty());
        assert_eq!(
            counts("struck an army vehicle, killing an officer and four conscripts"),
            [(Count::Killed, 5)]
        );
        assert_eq!(
            counts("Gunmen shot dead a farmer and his son in their orchard"),
            [(Count::Killed, 2)]
        );
        assert_eq!(
            counts(
                "32 people were killed. Five attackers took part: one detonated his vest, three \
                 were shot dead and one was captured."
            ),
            [(Count::Killed, 32), (Count::AttackersKilled, 3)]
        );
        // Not counted before: the victims.
        assert_eq!(
            counts("Gunmen stormed the village and 12 were killed."),
            [(Count::Killed, 12)]
        );
        assert_eq!(
            counts("killing a senior commander of the Harakat al-Nujaba militia and an aide"),
            [(Count::Killed, 2)]
        );
        assert_eq!(
            counts("By Sunday morning the number of dead had reached 16, with 43 people injured."),
            [(Count::Killed, 16), (Count::Wounded, 43)]
        );
        // Listed as the subject of the harm.
        assert_eq!(
            counts("A security guard at the office and two police officers were injured."),
            [(Count::Wounded, 3)]
        );
        assert!(
            !counts("Four soldiers and 15 assailants were killed.").contains(&(Count::Killed, 19))
        );
    }

    #[test]
    fn a_toll_revised_to_a_number_far_from_the_word_toll_counts() {
        assert_eq!(
            counts(
                "The ministry lowered the death toll from Monday's bombing near the shrine in \
                 Quetta to 41, from 52 announced earlier."
            ),
            vec![(Count::Killed, 41)]
        );
    }

    #[test]
    fn a_lone_victim_named_with_a_long_description_counts_once() {
        assert_eq!(
            counts(
                "An opposition candidate in the country's mayoral race was shot dead outside a \
                 school on Wednesday."
            ),
            vec![(Count::Killed, 1)]
        );
    }

    #[test]
    fn an_aside_naming_some_victims_does_not_hide_the_count() {
        assert_eq!(
            counts(
                "Nine other people, among them a candidate for the assembly and two police \
                 officers, were wounded when the gunmen opened fire."
            ),
            vec![(Count::Wounded, 9)]
        );
    }
}
