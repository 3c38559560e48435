//! Who did it: the actors a sentence names, their role (perpetrator, victim,
//! arresting force, speaker) and whether they claimed or were blamed for
//! the incident ("claimed", "said it was behind", "blamed", "pledged
//! allegiance"); the plotters of a foiled plot; ACLED-style generic actors
//! where the text names no group ("Rioters (India)").

use std::collections::HashMap;

use sitrep_geoparse::Format;
use sitrep_model::{ActorRole, EventType, Status, SubEventType};

use crate::cues::Cue;
use crate::state::{State, merge_actor};
use crate::tokens::Token;
use crate::{EventActor, Evidence, ExtractedEvent, Extractor, Registry};
use crate::{actors, cues, dates, generic, tokens, wrap};

impl<'g> Extractor<'g> {
    /// The armed group a clause without an incident word tells moving on
    /// its target ("Fighters of the SPLA-IO advanced on the garrison",
    /// "al-Shabaab stormed the base"): a non-state actor before such a
    /// verb.
    pub(crate) fn assailant(&self, tokens: &[Token], hits: &[actors::ActorHit]) -> Option<String> {
        let verb = tokens.iter().position(|t| {
            matches!(
                t.lower.as_str(),
                "advanced" | "stormed" | "overran" | "assaulted" | "besieged"
            )
        })?;
        hits.iter()
            .filter(|h| h.last <= verb)
            .filter_map(|h| self.registry.get(h.actor))
            .find(|a| !matches!(a.kind.as_str(), "state" | "person" | "media"))
            .map(|a| a.name.clone())
    }

    /// Marks the arrests `i` as a plot foiled. Without a group of their
    /// own, the plotters are the armed group the text named last, in this
    /// paragraph or the one before ("a cell of … Islamic State Khorasan
    /// Province has been suppressed. On 20 April five members were
    /// detained").
    pub(crate) fn foil(&self, state: &mut State, i: usize, paragraph: usize) {
        let group = state
            .last_actor
            .filter(|&(_, p)| p + 1 >= paragraph)
            .and_then(|(a, _)| self.registry.get(a));
        let event = &mut state.events[i];
        event.status = Status::Foiled;
        // "four members of a cell of the Islamic State were detained": the
        // group arrested is the group that plotted.
        let named = event
            .actors
            .iter()
            .position(|a| !generic::is_state_force(&a.name));
        if let Some(k) = named
            && event.actors[k].role != ActorRole::Perpetrator
        {
            for a in &mut event.actors {
                if a.role == ActorRole::Perpetrator {
                    a.role = ActorRole::Other;
                }
            }
            event.actors[k].role = ActorRole::Perpetrator;
        }
        if let Some(group) = group
            && named.is_none()
        {
            event
                .actors
                .push(EventActor::perpetrator(group.name.clone()));
        }
    }

    /// The actors of a sentence with their role and claim, relative to the
    /// incident cue at `cue`.
    pub(crate) fn actor_findings(
        &self,
        tokens: &[Token],
        hits: &[actors::ActorHit],
        cue: usize,
        claim: Option<(Claim, usize, usize)>,
        state: &State,
    ) -> Vec<ActorFinding> {
        // "the Farabundo Marti National Liberation Front (FMLN)": the name
        // in brackets repeats the one before it, whose place in the
        // sentence decides the role.
        let repeated = |h: &actors::ActorHit| {
            hits.iter().any(|p| {
                p.actor == h.actor
                    && p.last + 1 == h.first
                    && tokens.get(p.last).is_some_and(|t| t.text == "(")
            })
        };
        let mut spans: Vec<(usize, usize, usize)> = hits
            .iter()
            .filter(|h| !repeated(h))
            .map(|h| (h.first, h.last, h.actor))
            .collect();
        // "the group said it was behind …": the last group named before.
        if let (Some(_), Some((last, _))) = (claim, state.last_actor) {
            let armed = hits.iter().any(|h| {
                self.registry
                    .get(h.actor)
                    .is_some_and(|a| !matches!(a.kind.as_str(), "state" | "person"))
            });
            if !armed
                && let Some(i) = (1..tokens.len()).find(|&i| {
                    tokens[i - 1].lower == "the" && GROUP_WORDS.contains(&tokens[i].lower.as_str())
                })
            {
                spans.push((i - 1, i + 1, last));
            }
        }
        let mut out = Vec::new();
        for (first, last, actor) in spans {
            let Some(entry) = self.registry.get(actor) else {
                continue;
            };
            let (role, claimed) = match claim {
                Some((Claim::Claimed, s, _)) if last <= s || agent_by(tokens, first) => {
                    (ActorRole::Perpetrator, true)
                }
                // "attributed the strike to the Turkish military and said
                // the two men were members of the PKK": who the dead were.
                Some((Claim::Blamed, _, e)) if first >= e && membership_before(tokens, first) => {
                    (ActorRole::Target, false)
                }
                // "attributed the strike to the army, … in its campaign
                // against Fano militias": the blamed, not their target.
                Some((Claim::Blamed, _, e)) if first >= e && !target_after(tokens, first) => {
                    (ActorRole::Perpetrator, false)
                }
                Some((Claim::Blamed, s, _)) if last <= s => (ActorRole::Other, false),
                Some((Claim::Responsible, s, _)) if last <= s => (ActorRole::Perpetrator, false),
                Some((Claim::Allegiance, _, e)) if first >= e => (ActorRole::Perpetrator, false),
                // "ISKP-linked plots", "an IS-inspired attack".
                _ if tokens.get(last).is_some_and(|t| t.text == "-")
                    && tokens.get(last + 1).is_some_and(|t| {
                        matches!(
                            t.lower.as_str(),
                            "linked" | "inspired" | "affiliated" | "directed" | "backed"
                        )
                    }) =>
                {
                    (ActorRole::Perpetrator, false)
                }
                _ if target_after(tokens, first) => (ActorRole::Target, false),
                // "fighting between rival factions of the Sinaloa Cartel",
                // "clashes between al-Shabaab and the army": the side named
                // first is actor 1, as ACLED lists it.
                _ if first > cue && generic::first_side_after_between(tokens, cue, first) => {
                    (ActorRole::Perpetrator, false)
                }
                // "were killed on Wednesday when Maoist rebels blew up
                // their van": the subject of the clause that tells how.
                _ if first > cue && subject_of_how(tokens, cue, first) => {
                    (ActorRole::Perpetrator, false)
                }
                _ if first > cue
                    && (cue..first).any(|j| KILL.contains(&tokens[j].lower.as_str())) =>
                {
                    (ActorRole::Target, false)
                }
                // "the front issued a communique denying that it directed
                // an attack".
                _ if last <= cue
                    && (last..cue).any(|j| {
                        matches!(
                            tokens[j].lower.as_str(),
                            "denied" | "denies" | "deny" | "denying" | "rejected" | "rejects"
                        )
                    }) =>
                {
                    (ActorRole::Other, false)
                }
                _ if speaks_for(tokens, first, last) || tells_of(tokens, last, cue) => {
                    (ActorRole::Other, false)
                }
                _ if last <= cue && passive_subject(tokens, last, cue) => {
                    (ActorRole::Target, false)
                }
                _ if last <= cue || agent_by(tokens, first) => (ActorRole::Perpetrator, false),
                _ => (ActorRole::Other, false),
            };
            out.push(ActorFinding {
                actor: EventActor {
                    name: entry.name.clone(),
                    role,
                    claimed,
                },
                start: tokens[first].start,
                end: tokens[last - 1].end,
                person: entry.kind == "person",
            });
        }
        out
    }

    /// The perpetrators a text names for any incident it tells of, whether
    /// or not the incident has a place: registry actors in the role of
    /// perpetrator of a sentence's incident cue, and state forces named as
    /// its actor. Used to score MUC-4, whose answers are per document.
    pub fn perpetrators(&self, input: &str, format: Format) -> Vec<String> {
        let text = sitrep_geoparse::text::to_plain(input, format);
        let mut chars: Vec<char> = text.chars().collect();
        if wrap::is_hard_wrapped(&chars) {
            wrap::unwrap_lines(&mut chars);
        }
        let country = Self::main_country(&chars.iter().collect::<String>());
        let state = State::default();
        let mut out: Vec<String> = Vec::new();
        for (start, end, _) in tokens::sentences(&chars) {
            let tokens = tokens::tokenize(&chars, start, end);
            // Only violence has a perpetrator: not a truce, a march or an
            // arrest.
            // Nor does a campaign ("the offensive launched by the rebels",
            // "fighting in 11 departments"): it is no one incident.
            let violent: Vec<Cue> = cues::find_cues(&tokens)
                .into_iter()
                .filter(|c| {
                    has_perpetrator(c.sub)
                        && !matches!(
                            tokens[c.first].lower.as_str(),
                            "offensive" | "offensives" | "fighting"
                        )
                })
                .collect();
            let claim = find_claim(&tokens);
            // "… who said they were responsible for the action": a claim of
            // responsibility is about an incident even when it names none.
            let cue = match cues::primary(&violent) {
                Some(cue) => cue.first,
                None => match claim {
                    Some((_, s, _)) if claims_responsibility(&tokens, s) => s,
                    _ => continue,
                },
            };
            let hits: Vec<actors::ActorHit> = self
                .registry
                .find(&tokens)
                .into_iter()
                .filter(|h| {
                    self.registry
                        .get(h.actor)
                        .is_some_and(|a| !matches!(a.kind.as_str(), "media" | "person"))
                        && !country_as_modifier(&tokens, h)
                })
                .collect();
            let mut names: Vec<String> = self
                .actor_findings(&tokens, &hits, cue, claim, &state)
                .into_iter()
                .filter(|f| f.actor.role == ActorRole::Perpetrator)
                .map(|f| f.actor.name)
                .collect();
            // State forces named by role alone ("the armed forces") are the
            // text's own country's when a blame names them.
            if names.is_empty()
                && let Some((name, _, _)) = claimed_state_force(&tokens, claim, country.as_deref())
                    .or_else(|| generic::state_force(&tokens, cue, None))
            {
                names.push(name);
            }
            for n in names {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
        out
    }

    /// The country `text` names most often, by its name ("El Salvador",
    /// one to three words of four letters or more, so no code such as "IN"
    /// or "CAN") or its demonym ("Salvadoran"); ties go to the first in
    /// alphabetical order. The gazetteer is not asked: in text written all
    /// in capitals it finds villages in common words.
    fn main_country(text: &str) -> Option<String> {
        let mut counts: HashMap<&'static str, usize> = HashMap::new();
        let chars: Vec<char> = text.chars().collect();
        let words: Vec<Token> = tokens::tokenize(&chars, 0, chars.len());
        let mut i = 0;
        while i < words.len() {
            let name = (1..=3).rev().find_map(|n| {
                let span = words.get(i..i + n)?;
                if !span.iter().all(|t| t.text.chars().all(char::is_alphabetic)) {
                    return None;
                }
                let joined = span
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                if joined.chars().filter(|c| c.is_alphabetic()).count() < 4 {
                    return None;
                }
                sitrep_geo::countries::country_code(&joined).map(|c| (c, n))
            });
            let demonym = || {
                sitrep_geoparse::demonyms::lookup(&words[i].text).and_then(|hit| match hit.target {
                    sitrep_geoparse::demonyms::Target::Country(c) if !hit.is_name => Some((c, 1)),
                    _ => None,
                })
            };
            match name.or_else(demonym) {
                Some((c, n)) => {
                    *counts.entry(c).or_default() += 1;
                    i += n;
                }
                None => i += 1,
            }
        }
        counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(c, _)| c.to_owned())
    }
}

/// The last words of organisations' names ("Phoenix Special Guerrilla
/// Force").
const ORGANISATION_WORDS: &[&str] = &[
    "force",
    "forces",
    "group",
    "army",
    "front",
    "union",
    "party",
    "committee",
    "movement",
    "alliance",
    "brigade",
    "brigades",
    "militia",
    "battalion",
    "regiment",
    "association",
    "federation",
    "coalition",
    // "Officers of the Liberia National Police".
    "police",
    "guard",
    // "the Kenya Red Cross", "the Syrian Arab Red Crescent".
    "cross",
    "crescent",
];

const KILL: &[&str] = &[
    "killed",
    "killing",
    "kill",
    "kills",
    "assassinated",
    "targeting",
    "against",
];

const GROUP_WORDS: &[&str] = &[
    "group",
    "branch",
    "organisation",
    "organization",
    "network",
    "militants",
];

/// How an actor was tied to an incident by a claim word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Claim {
    Claimed,
    Blamed,
    /// "holds the front responsible for", "the army was responsible for":
    /// the actor before the word did it; nobody claimed it.
    Responsible,
    Allegiance,
}

/// What one sentence says about actors.
pub(crate) struct ActorFinding {
    pub(crate) actor: EventActor,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) person: bool,
}

pub(crate) fn apply_actors(
    event: &mut ExtractedEvent,
    found: &[ActorFinding],
    tokens: &[Token],
    cue: usize,
) {
    for f in found {
        merge_actor(&mut event.actors, f.actor.clone());
        event.evidence.push(Evidence {
            field: "actors",
            start: f.start,
            end: f.end,
        });
        // "a drone strike killed al-Zawahiri": one death the text names.
        let killed = tokens
            .iter()
            .skip(cue)
            .take_while(|t| t.start < f.start)
            .any(|t| matches!(t.lower.as_str(), "killed" | "killing" | "assassinated"));
        if f.person && f.actor.role == ActorRole::Target && killed && event.fatalities.is_none() {
            event.fatalities = Some(1);
            event.evidence.push(Evidence {
                field: "fatalities",
                start: f.start,
                end: f.end,
            });
        }
    }
}

/// The claim word of a sentence: (kind, first token, end token).
pub(crate) fn find_claim(tokens: &[Token]) -> Option<(Claim, usize, usize)> {
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    // "no group has claimed", "denied … any responsibility": no claim.
    let negated = |i: usize| {
        (i.saturating_sub(4)..i).any(|k| matches!(lower(k), "no" | "not" | "never"))
            || (i.saturating_sub(15)..i).any(|k| {
                matches!(
                    lower(k),
                    "denied" | "denies" | "deny" | "denying" | "rejected"
                )
            })
    };
    for i in 0..tokens.len() {
        match lower(i) {
            "claimed" | "claims" | "claiming" | "claim" | "responsibility" if negated(i) => {}
            "claimed" | "claims" | "claiming" | "claim"
                if !matches!(lower(i + 1), "lives" | "the") || lower(i + 2) != "lives" =>
            {
                if lower(i + 1) == "lives" {
                    continue;
                }
                return Some((Claim::Claimed, i, i + 1));
            }
            "responsibility" => return Some((Claim::Claimed, i, i + 1)),
            "behind" if matches!(lower(i.wrapping_sub(1)), "was" | "were") => {
                let start = (i.saturating_sub(3)..i)
                    .find(|&k| lower(k) == "said")
                    .unwrap_or(i);
                return Some((Claim::Claimed, start, i + 1));
            }
            // "said it had fired the rockets", "said one of its fighters
            // carried out the attack", "confirmed that its forces had
            // carried out a drone strike".
            "said" | "says" | "stated" | "confirmed" => {
                // "said in a message carried by its radio station that its
                // fighters had planted the device": the deed after the
                // group's own word.
                let window: Vec<&str> = (i + 1..i + 16).map(lower).collect();
                // ("A US defence official said American forces carried out
                // the strike": a state's forces, named after their own.)
                let own = window.iter().position(|w| {
                    matches!(*w, "it" | "its" | "they" | "their" | "forces" | "troops")
                });
                let act = own.and_then(|o| {
                    window[o + 1..]
                        .iter()
                        .position(|w| {
                            matches!(
                                *w,
                                "fired"
                                    | "carried"
                                    | "launched"
                                    | "detonated"
                                    | "staged"
                                    | "conducted"
                                    | "planted"
                            )
                        })
                        .map(|a| o + 1 + a)
                });
                if let Some(a) = act
                    && a < 15
                {
                    return Some((Claim::Claimed, i, i + 2 + a));
                }
            }
            "blamed" | "blames" | "blame" | "blaming" | "attributed" | "attributing" => {
                return Some((Claim::Blamed, i, i + 1));
            }
            // "holds the FMLN responsible for", "soldiers were responsible
            // for": a verb of being or holding just before, "for" after.
            "responsible"
                if lower(i + 1) == "for"
                    && (i.saturating_sub(4)..i).any(|k| {
                        matches!(
                            lower(k),
                            "is" | "are"
                                | "was"
                                | "were"
                                | "be"
                                | "been"
                                | "held"
                                | "holds"
                                | "hold"
                                | "holding"
                        )
                    }) =>
            {
                return Some((Claim::Responsible, i, i + 1));
            }
            "allegiance" => return Some((Claim::Allegiance, i, i + 1)),
            // "armed men who said they belonged to the Nsiloulou faction".
            "belonged" | "belonging"
                if lower(i + 1) == "to"
                    && (i.saturating_sub(3)..i).any(|k| matches!(lower(k), "said" | "claimed")) =>
            {
                return Some((Claim::Allegiance, i, i + 2));
            }
            _ => {}
        }
    }
    None
}

/// An organisation the registry lacks, named as the subject right before
/// the cue, its acronym in brackets allowed between ("the West Papua
/// National Liberation Army (TPNPB) shot dead …", "the Phoenix Special
/// Guerrilla Force attacked …"): capitalised words, with "of", "for" and
/// "and" inside, ending in an organisation word. Returns (name, first,
/// end).
fn named_organisation(tokens: &[Token], cue: usize) -> Option<(String, usize, usize)> {
    let mut end = cue.min(tokens.len());
    if end >= 3 && tokens[end - 1].text == ")" && tokens[end - 3].text == "(" {
        end -= 3;
    }
    let last = end.checked_sub(1)?;
    // ("the Zimbabwe Republic Police": a state's police, named as such
    // elsewhere.)
    if !ORGANISATION_WORDS.contains(&tokens[last].lower.as_str())
        || !tokens[last].is_capitalised()
        || matches!(tokens[last].lower.as_str(), "police" | "guard")
    {
        return None;
    }
    let mut first = last;
    while first > 0 {
        let t = &tokens[first - 1];
        let glue = matches!(t.lower.as_str(), "of" | "for" | "and");
        if !(t.is_word() && (t.is_capitalised() || glue)) {
            break;
        }
        first -= 1;
    }
    while first < last && !tokens[first].is_capitalised() {
        first += 1;
    }
    // "Army" alone, "Government Forces", "Special Forces" name nobody.
    let distinctive = tokens[first..=last].iter().any(|t| {
        !ORGANISATION_WORDS.contains(&t.lower.as_str())
            && !matches!(
                t.lower.as_str(),
                "of" | "for"
                    | "and"
                    | "security"
                    | "government"
                    | "armed"
                    | "special"
                    | "joint"
                    | "national"
                    | "federal"
                    | "state"
                    | "regular"
            )
    });
    if last == first || !distinctive {
        return None;
    }
    let name = tokens[first..=last]
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    Some((name, first, last + 1))
}

/// Whether the capitalised words from `from` on (at most four, glued by
/// single spaces) end an organisation's name ("… Special Guerrilla Force",
/// "… Group"), so that the place name before them is part of that name.
pub(crate) fn in_organisation_name(tokens: &[Token], from: usize) -> bool {
    let mut at = from;
    while at < tokens.len()
        && at < from + 4
        && tokens[at].is_word()
        && tokens[at].is_capitalised()
        && at > 0
        && tokens[at - 1].end + 1 == tokens[at].start
    {
        if ORGANISATION_WORDS.contains(&tokens[at].lower.as_str()) {
            return true;
        }
        at += 1;
    }
    false
}

/// A foiled plot's perpetrator is the plotter: "Austrian police arrested a
/// man planning an attack for the Islamic State" names the police, who are
/// no perpetrator, and the group, which is, wherever the text puts it.
pub(crate) fn plotters_not_police(event: &mut ExtractedEvent) {
    if event.status != Status::Foiled {
        return;
    }
    let state = |a: &EventActor| generic::is_state_force(&a.name);
    for a in &mut event.actors {
        if a.role == ActorRole::Perpetrator && state(a) {
            a.role = ActorRole::Other;
        }
    }
    if !event
        .actors
        .iter()
        .any(|a| a.role == ActorRole::Perpetrator)
        && let Some(plotter) = event
            .actors
            .iter_mut()
            .find(|a| !state(a) && a.role == ActorRole::Other)
    {
        plotter.role = ActorRole::Perpetrator;
    }
}

/// A group with a province in the incident's country acts there through it,
/// as ACLED codes it: "Islamic State" fighters in Cabo Delgado are the
/// Islamic State Mozambique Province, in Borno the West Africa Province.
pub(crate) fn provincial_branch(event: &mut ExtractedEvent, registry: &Registry) {
    let Some(country) = event.location.country.as_deref() else {
        return;
    };
    for a in &mut event.actors {
        let provinces: Vec<&str> = registry
            .affiliates(&a.name)
            .filter(|p| p.name.ends_with(" Province") && p.country.as_deref() == Some(country))
            .map(|p| p.name.as_str())
            .collect();
        if let [province] = provinces[..] {
            a.name = province.to_owned();
        }
    }
}

/// Drops an actor whose child organisation is also named ("Islamic State"
/// beside "Islamic State Khorasan Province").
pub(crate) fn prefer_children(actors: &mut Vec<EventActor>, registry: &Registry) {
    let parents: Vec<String> = actors
        .iter()
        .filter_map(|a| registry.by_name(&a.name).and_then(|e| e.parent.clone()))
        .collect();
    actors.retain(|a| !parents.contains(&a.name));
}

/// "the detained persons were members of a cell in contact with … the
/// Islamic State Khorasan Province": after an arrest, a sentence that ties
/// those held to a group names the group behind their plot.
pub(crate) fn members_of_group(
    tokens: &[Token],
    hits: &[actors::ActorHit],
    state: &State,
    paragraph: usize,
) -> bool {
    !hits.is_empty()
        && state
            .last_recent(paragraph)
            .is_some_and(|e| e.sub_event_type == SubEventType::Arrests)
        && tokens.iter().any(|t| {
            matches!(
                t.lower.as_str(),
                "members" | "member" | "cell" | "affiliated" | "linked" | "loyal" | "behalf"
            )
        })
}

/// "were members of the PKK", "was a member of al-Shabaab": an actor at
/// `first` that says whose people someone was.
fn membership_before(tokens: &[Token], first: usize) -> bool {
    let mut k = first;
    if k > 0 && tokens[k - 1].lower == "the" {
        k -= 1;
    }
    k >= 3
        && tokens[k - 1].lower == "of"
        && matches!(tokens[k - 2].lower.as_str(), "member" | "members")
        && matches!(
            tokens[k - 3].lower.as_str(),
            "were" | "was" | "a" | "are" | "is"
        )
}

/// The actors ACLED names by kind: the crowd of a protest or riot (which
/// is the actor 1 of such events, whoever else is named), else the state
/// force the sentence blames or names as the actor when the registry named
/// none.
pub(crate) fn add_generic_actors(
    registry: &Registry,
    event: &mut ExtractedEvent,
    tokens: &[Token],
    cue: usize,
    crowd_home: Option<&str>,
) {
    let country = event.location.country.clone();
    if let Some(crowd) = generic::crowd(event.sub_event_type, crowd_home.or(country.as_deref())) {
        for a in &mut event.actors {
            if a.role == ActorRole::Perpetrator {
                a.role = ActorRole::Other;
            }
        }
        event.actors.insert(0, EventActor::perpetrator(crowd));
        return;
    }
    // A foiled plot's perpetrator is the plotter, not the police.
    if event.status != Status::Occurred
        || event
            .actors
            .iter()
            .any(|a| a.role == ActorRole::Perpetrator)
    {
        return;
    }
    let claim = find_claim(tokens);
    let found = claimed_state_force(tokens, claim, country.as_deref())
        .or_else(|| separatists_by_kind(registry, tokens, claim, cue, country.as_deref()))
        .or_else(|| generic::state_force(tokens, cue, country.as_deref()))
        .or_else(|| generic::striking_state(tokens, cue))
        .or_else(|| named_organisation(tokens, cue));
    if let Some(found) = found {
        push_perpetrator(event, tokens, found);
    }
}

/// Adds the actor named by tokens `first..last` as the perpetrator.
pub(crate) fn push_perpetrator(
    event: &mut ExtractedEvent,
    tokens: &[Token],
    (name, first, last): (String, usize, usize),
) {
    event.actors.push(EventActor {
        name,
        role: ActorRole::Perpetrator,
        claimed: false,
    });
    event.evidence.push(Evidence {
        field: "actors",
        start: tokens[first].start,
        end: tokens[last - 1].end,
    });
}

/// What speaks for a group rather than acts: its papers, broadcasts and
/// spokesmen.
const SPEECH_NOUNS: &[&str] = &[
    "document",
    "documents",
    "communique",
    "communiques",
    "communiqué",
    "statement",
    "statements",
    "report",
    "reports",
    "radio",
    "station",
    "broadcast",
    "letter",
    "letters",
    "spokesman",
    "spokesmen",
    "spokeswoman",
    "spokesperson",
    "proposal",
    "mouthpiece",
    "newspaper",
    "website",
    "negotiators",
    "delegation",
];

/// "the FMLN communique on the incidents", "a spokesman of the URNG": the
/// actor spanning `first..last` only names whose paper or voice the
/// sentence quotes, so the verb is not its deed.
fn speaks_for(tokens: &[Token], first: usize, last: usize) -> bool {
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    if SPEECH_NOUNS.contains(&lower(last)) {
        return true;
    }
    let mut k = first;
    if k > 0 && matches!(lower(k - 1), "the" | "a" | "an") {
        k -= 1;
    }
    k >= 2 && matches!(lower(k - 1), "of" | "for") && SPEECH_NOUNS.contains(&lower(k - 2))
}

/// "the Syrian Democratic Forces say a Turkish drone struck one of their
/// vehicles": the actor ending at `last` tells of the incident at `cue`
/// after it — unless of its own deed ("Islamic State said … that one of its
/// soldiers had carried out the attack").
fn tells_of(tokens: &[Token], last: usize, cue: usize) -> bool {
    last < cue
        && matches!(
            tokens[last].lower.as_str(),
            "say" | "says" | "said" | "told" | "stated"
        )
        && !tokens[last..cue]
            .iter()
            .any(|t| matches!(t.lower.as_str(), "its" | "their" | "our" | "it" | "they"))
}

/// "US soldiers were attacked", "the rebels have been repelled by the
/// army": the actor ending at `last` is the subject of a passive verb
/// before or at the cue, so it suffered the incident ("were killed" only
/// counts the dead, on either side). A comma or a
/// relative or time word ends the subject's clause first ("ISKP, which was
/// founded in 2015, attacked …"), and past a comma only the cue itself
/// counts as the verb; "was believed to" reports, it is no passive of the
/// incident.
fn passive_subject(tokens: &[Token], last: usize, cue: usize) -> bool {
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    let mut comma = false;
    for j in last..=cue.min(last + 12) {
        match lower(j) {
            ";" | "which" | "who" | "that" | "when" | "after" | "while" => return false,
            "," => comma = true,
            // Past a comma only the incident's own verb: "a leader of the
            // Contras, was gunned down".
            "was" | "were" | "been" | "being" | "is" | "are" if comma && j + 1 != cue => {}
            "was" | "were" | "been" | "being" | "is" | "are" => {
                let verb = lower(j + 1);
                // A toll ("two rebels were killed") leaves the side of a
                // clash an actor of it: only verbs of being attacked count.
                let participle = (verb.ends_with("ed")
                    || matches!(verb, "hit" | "struck" | "beaten" | "taken" | "caught"))
                    && !matches!(
                        verb,
                        "killed"
                            | "wounded"
                            | "injured"
                            | "believed"
                            | "reported"
                            | "said"
                            | "thought"
                            | "suspected"
                            | "alleged"
                            | "accused"
                            | "blamed"
                            | "expected"
                            | "involved"
                            | "based"
                            | "linked"
                            | "backed"
                            | "armed"
                            | "called"
                            | "named"
                            | "led"
                    );
                if participle {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// The state force a blame names: "blames officers of the armed forces
/// for", "blamed the army" (within eight words after the word), or "hold
/// the government and the army responsible for" (before it). Returns what
/// [`generic::state_force`] returns, the span within `tokens`.
pub(crate) fn claimed_state_force(
    tokens: &[Token],
    claim: Option<(Claim, usize, usize)>,
    country: Option<&str>,
) -> Option<(String, usize, usize)> {
    match claim? {
        (Claim::Responsible, s, _) => {
            let from = s.saturating_sub(10);
            let before = tokens.get(from..s)?;
            generic::state_force(before, before.len(), country)
                .map(|(name, a, b)| (name, a + from, b + from))
        }
        // "The Kyrgyz defence ministry confirmed that its forces had
        // carried out …", "A US defence official said American forces
        // carried out the strike".
        (Claim::Claimed, s, e) => generic::own_forces(tokens, s, e).or_else(|| {
            let between = tokens.get(s + 1..e)?;
            generic::state_force(between, between.len(), None)
                .map(|(name, a, b)| (name, a + s + 1, b + s + 1))
        }),
        // "Lebanese officials and Hamas blamed Israel".
        (Claim::Blamed, _, e) => {
            let end = (e + 8).min(tokens.len());
            let after = tokens.get(e..end)?;
            generic::state_force(after, after.len(), country)
                .map(|(name, a, b)| (name, a + e, b + e))
                .or_else(|| generic::named_state(tokens, e))
        }
        _ => None,
    }
}

/// "The governor blamed separatist fighters", "Armed separatists abducted
/// eleven pupils": the country's one separatist group the registry knows
/// ("Ambazonian Separatists" in Cameroon), named by its kind, as the ones
/// blamed or as the subject just before the cue at `cue`. Returns (name,
/// first, end) of the word.
pub(crate) fn separatists_by_kind(
    registry: &Registry,
    tokens: &[Token],
    claim: Option<(Claim, usize, usize)>,
    cue: usize,
    country: Option<&str>,
) -> Option<(String, usize, usize)> {
    let words = match claim {
        Some((Claim::Blamed, _, e)) => e..(e + 4).min(tokens.len()),
        _ => cue.saturating_sub(4)..cue.min(tokens.len()),
    };
    let at = words
        .into_iter()
        .find(|&i| matches!(tokens[i].lower.as_str(), "separatist" | "separatists"))?;
    let mut groups = (0..registry.len())
        .filter_map(|i| registry.get(i))
        .filter(|a| a.kind == "rebel" && a.country.as_deref() == country)
        .filter(|a| {
            std::iter::once(&a.name)
                .chain(&a.aliases)
                .any(|n| n.to_lowercase().contains("separatist"))
        });
    match (groups.next(), groups.next()) {
        (Some(group), None) => Some((group.name.clone(), at, at + 1)),
        _ => None,
    }
}

/// Whether the claim word at `at` speaks of responsibility or credit
/// ("claimed responsibility", "were responsible for", "claimed credit"),
/// not a bare "claims that".
fn claims_responsibility(tokens: &[Token], at: usize) -> bool {
    tokens.iter().skip(at).take(3).any(|t| {
        matches!(
            t.lower.as_str(),
            "responsibility" | "responsible" | "credit"
        )
    })
}

/// Whether an incident of this kind is done by someone to someone: fighting,
/// explosions, violence against civilians, riots, looting and arson.
fn has_perpetrator(sub: SubEventType) -> bool {
    matches!(
        sub.event_type(),
        EventType::Battles
            | EventType::ExplosionsRemoteViolence
            | EventType::ViolenceAgainstCivilians
            | EventType::Riots
    ) || sub == SubEventType::LootingPropertyDestruction
}

/// "U.S. State Department", "US President": a registry hit that spells
/// only a country ("US", "U.S." for the US military) qualifies the name
/// after it, which names no armed force, so it is not that actor ("the US
/// struck" still is).
pub(crate) fn country_as_modifier(tokens: &[Token], hit: &actors::ActorHit) -> bool {
    let letters: String = tokens[hit.first..hit.last]
        .iter()
        .flat_map(|t| t.text.chars())
        .filter(|c| c.is_alphabetic())
        .collect();
    sitrep_geo::countries::country_code(&letters).is_some()
        && tokens
            .get(hit.last)
            .is_some_and(|t| t.is_capitalised() && !generic::is_force_word(&t.lower))
}

/// "an attack on the FMLN", "fighting against ISKP": the actor at `first`
/// follows a word that marks a target, within three tokens. "At 0640 an
/// FMLN unit attacked" and "on 12 May ISKP bombed" name a time, not a
/// target: a number between the word and the actor rules it out, and so
/// do a day's name and a comma ("On Sunday, ELN fighters ambushed").
fn target_after(tokens: &[Token], first: usize) -> bool {
    (first.saturating_sub(3)..first)
        .rev()
        .find(|&j| {
            matches!(
                tokens[j].lower.as_str(),
                "against" | "targeting" | "on" | "at"
            )
        })
        .is_some_and(|j| {
            // "on 3 May", "on Wednesday when Maoist rebels …": a time, and
            // a clause of its own.
            !tokens[j + 1..first].iter().any(|t| {
                t.text.chars().any(|c| c.is_ascii_digit())
                    || matches!(t.lower.as_str(), "when" | "after" | "as" | "while" | ",")
                    || dates::weekday_named(&t.lower).is_some()
            })
        })
}

/// Whether the actor at token `first` opens a clause after the cue at
/// `cue` that tells how the incident came about: "… were killed when
/// Maoist rebels blew up their van", "… died after the army shelled".
fn subject_of_how(tokens: &[Token], cue: usize, first: usize) -> bool {
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    // Past "about 30 members of the": who, of the group, did it.
    let mut k = first;
    while k > cue + 1
        && first - k < 7
        && (tokens[k - 1].digits().is_some()
            || matches!(
                lower(k - 1),
                "the"
                    | "a"
                    | "an"
                    | "about"
                    | "some"
                    | "around"
                    | "nearly"
                    | "dozens"
                    | "hundreds"
                    | "members"
                    | "fighters"
                    | "militants"
                    | "gunmen"
                    | "suspected"
                    | "of"
            ))
    {
        k -= 1;
    }
    k > cue + 1 && matches!(lower(k - 1), "when" | "after" | "as")
}

/// "kidnapped by guerrillas of the ELN", "shot by a group of terrorists
/// from the FAL": the "by" of a passive whose agent is members of the actor
/// at `first`. Between them only words, the last "of" or "from" (and
/// "the"); no other preposition, conjunction or punctuation.
fn agent_member_by(tokens: &[Token], first: usize) -> Option<usize> {
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    let mut k = first;
    // "of the so-called Islamic State in the Greater Sahara".
    if k >= 3 && matches!(lower(k - 3), "so" | "self") && lower(k - 2) == "-" {
        k -= 3;
    }
    if k > 0 && matches!(lower(k - 1), "the" | "a" | "an") {
        k -= 1;
    }
    if k == 0 || !matches!(lower(k - 1), "of" | "from") {
        return None;
    }
    (k.saturating_sub(9)..k - 1).rev().find(|&j| {
        lower(j) == "by"
            && tokens[j + 1..k - 1].iter().all(|t| {
                (t.is_word() || t.text == "-")
                    && !matches!(
                        t.lower.as_str(),
                        "in" | "at"
                            | "on"
                            | "during"
                            | "with"
                            | "for"
                            | "to"
                            | "and"
                            | "or"
                            | "after"
                            | "near"
                            | "against"
                            | "into"
                            | "by"
                            | "who"
                            | "which"
                    )
            })
    })
}

/// "killed by ISKP", "claimed by the group": the actor at `first` is the
/// agent of a passive; "used by the US-led coalition" is not an agent.
fn agent_by(tokens: &[Token], first: usize) -> bool {
    let at = (first.saturating_sub(2)..first)
        .rev()
        .find(|&j| tokens[j].lower == "by")
        .or_else(|| agent_member_by(tokens, first));
    at.is_some_and(|j| {
        j == 0
            || !matches!(
                tokens[j - 1].lower.as_str(),
                "used"
                    | "led"
                    | "backed"
                    | "supported"
                    | "owned"
                    | "operated"
                    | "run"
                    | "hosted"
                    | "funded"
                    | "organised"
                    | "organized"
                    | "called"
                    | "followed"
                    | "held"
                    | "controlled"
                    | "governed"
                    | "founded"
                    | "formed"
                    // "the offensive by the FMLN": the campaign's agent,
                    // not the incident's.
                    | "offensive"
                    | "campaign"
            ) && !generic::attackers_fate(tokens, j)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{at, words};

    #[test]
    fn a_time_before_the_actor_is_no_target() {
        let t = words("AT 0515 A FRONT UNIT ATTACKED THE BARRACKS.");
        assert!(!target_after(&t, at(&t, "FRONT")));
        let t = words("The rebels launched an attack on the Front near the river.");
        assert!(target_after(&t, at(&t, "Front")));
        let t = words("On Sunday, ELN fighters ambushed a patrol.");
        assert!(!target_after(&t, at(&t, "ELN")));
    }

    #[test]
    fn a_country_before_a_title_is_no_force() {
        let t = words("The U.S. Embassy condemned the bombing.");
        let hit = actors::ActorHit {
            first: 1,
            last: at(&t, "Embassy"),
            actor: 0,
        };
        assert!(country_as_modifier(&t, &hit));
        let t = words("U.S. troops fired on the convoy.");
        let hit = actors::ActorHit {
            first: 0,
            last: at(&t, "troops"),
            actor: 0,
        };
        assert!(!country_as_modifier(&t, &hit));
    }

    #[test]
    fn the_subject_of_a_passive_attack_suffered_it() {
        let t = words("THE FRONT PATROL WAS AMBUSHED NEAR THE BRIDGE.");
        assert!(passive_subject(&t, at(&t, "PATROL"), at(&t, "AMBUSHED")));
        let t = words("A leader of the Front, was gunned down at his home.");
        assert!(passive_subject(&t, at(&t, ","), at(&t, "gunned")));
        // A relative clause, a toll or a report is no passive of the deed.
        let t = words("The Front, which was founded in 1980, attacked the post.");
        assert!(!passive_subject(&t, 2, at(&t, "attacked")));
        let t = words("Two Front fighters were killed in the clash.");
        assert!(!passive_subject(&t, 2, at(&t, "clash")));
        let t = words("The Front was believed to have attacked the post.");
        assert!(!passive_subject(&t, 2, at(&t, "attacked")));
    }

    #[test]
    fn papers_and_spokesmen_speak_for_a_group() {
        let t = words("THE FRONT COMMUNIQUE DESCRIBED THE AMBUSH.");
        assert!(speaks_for(&t, 1, 2));
        let t = words("A spokesman for the Front said the ambush failed.");
        assert!(speaks_for(&t, 4, 5));
        let t = words("Front fighters ambushed a patrol.");
        assert!(!speaks_for(&t, 0, 1));
    }

    #[test]
    fn members_of_a_group_after_by_are_its_agents() {
        let t = words("TWO ENGINEERS WERE KIDNAPPED BY REBELS OF THE FRONT ON MONDAY.");
        assert!(agent_by(&t, at(&t, "FRONT")));
        let t = words("Two engineers were kidnapped by a cell of the Front.");
        assert!(agent_by(&t, at(&t, "Front")));
        let t = words(
            "A unit was attacked by several hundred armed terrorists of the so-called Front.",
        );
        assert!(agent_by(&t, at(&t, "Front")));
        // "by" governs another phrase: "in" comes between.
        let t = words("He was hit by a car in an area of the Front.");
        assert!(!agent_by(&t, at(&t, "Front")));
        // The agent of a campaign, not of the incident.
        let t = words("Homes were bombed during the offensive by the Front.");
        assert!(!agent_by(&t, at(&t, "Front")));
    }

    #[test]
    fn responsibility_is_held_claimed_or_denied() {
        let t = words("The minister holds the Front responsible for the bombing.");
        assert!(matches!(
            find_claim(&t),
            Some((Claim::Responsible, s, _)) if s == at(&t, "responsible")
        ));
        assert!(claims_responsibility(&t, at(&t, "responsible")));
        let t = words("No group has claimed responsibility for the blast.");
        assert!(find_claim(&t).is_none());
        let t = words("The Front denied in a call to a radio station any responsibility.");
        assert!(find_claim(&t).is_none());
        let t = words("The Front claims that the army shelled the town.");
        assert!(!claims_responsibility(&t, at(&t, "claims")));
        let t = words("Two soldiers were killed, the army said, blaming the Front.");
        assert!(matches!(find_claim(&t), Some((Claim::Blamed, s, _)) if s == at(&t, "blaming")));
    }

    #[test]
    fn a_blame_names_the_state_force() {
        let t = words("A LETTER BLAMES OFFICERS OF THE ARMED FORCES FOR THE MURDER.");
        let claim = find_claim(&t);
        assert_eq!(
            claimed_state_force(&t, claim, Some("SV")).map(|f| f.0),
            Some("Military Forces of El Salvador".to_owned())
        );
        let t = words("WE HOLD THE ARMY RESPONSIBLE FOR THE ATTACK.");
        assert_eq!(
            claimed_state_force(&t, find_claim(&t), Some("GT")).map(|f| f.0),
            Some("Military Forces of Guatemala".to_owned())
        );
    }

    #[test]
    fn the_main_country_counts_names_and_demonyms() {
        let text = "SALVADORAN TROOPS ENTERED THE TOWN. THE SALVADORAN PRESIDENT \
                    SPOKE IN EL SALVADOR, AND A GUEST FROM MEXICO LEFT.";
        assert_eq!(Extractor::main_country(text).as_deref(), Some("SV"));
        assert_eq!(Extractor::main_country("IN AND CAN ARE NO COUNTRIES"), None);
    }

    #[test]
    fn only_violence_has_a_perpetrator() {
        assert!(has_perpetrator(SubEventType::Attack));
        assert!(has_perpetrator(SubEventType::LootingPropertyDestruction));
        assert!(!has_perpetrator(SubEventType::Agreement));
        assert!(!has_perpetrator(SubEventType::PeacefulProtest));
    }
}
