//! sitrep's report reader: turns an analyst report, news article or feed item
//! (plain text, Markdown or HTML) into structured events in the ACLED
//! taxonomy, with evidence offsets for every field.
//!
//! No trained model ships in any package sitrep can use, so extraction is
//! rules over three resources: the gazetteer (through `sitrep-geoparse`), the
//! actor registry (`data/actors.tsv`, data users may edit) and small word
//! lists in the modules below. The pipeline, one sentence at a time:
//!
//! 1. drop historical, generic and hypothetical sentences ("between 2014 and
//!    2017", "often", "could", "may", "if");
//! 2. find the clause's incident cue ([`cues`]): type, sub-type and status;
//! 3. find the incident's places: the places of the same clause nearest the
//!    cue, minus origins ("from Afghanistan"), qualifiers ("near Moscow"),
//!    modifiers ("a US drone strike") and containing regions ("Kerman, Iran");
//!    a list of places ("in Austria, Germany and Turkey") gives one event
//!    each; "the Afghan capital" is the country's capital (GeoNames PPLC);
//! 4. date ([`dates`]), casualties ([`casualties`]) and actors with their
//!    role and claim ([`actors`]) from the same clause or sentence;
//! 5. an event at the same place with a compatible type, status and date
//!    merges into the earlier one; a sentence without a place of its own
//!    ("ISKP claimed the attack", "the toll rose to 145") updates the last
//!    event of its paragraph, the latest toll winning.
//!
//! Every offset is a character offset into the plain text of [`Report::text`].

pub mod actors;
pub mod case2021;
pub mod casualties;
pub mod cues;
pub mod dates;
pub mod html;
pub mod tokens;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::{Value, json};
use sitrep_geoparse::{Format, Gazetteer, Geoparser, Mention, MentionKind};
use sitrep_model::{ActorRole, EventType, LocationPrecision, Status, SubEventType};

pub use actors::Registry;
use casualties::Count;
use cues::Cue;
use dates::{DateKind, DateValue};
use tokens::Token;

/// What can go wrong before extraction starts (extraction itself never fails
/// on odd text: it finds fewer events).
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("actor registry line {line}: {reason}")]
    Registry { line: usize, reason: String },
    #[error("gold file line {line}: {reason}")]
    Gold { line: usize, reason: String },
}

/// The place of an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub name: String,
    pub admin1: Option<String>,
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub precision: LocationPrecision,
    pub gazetteer_id: String,
}

/// An actor of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventActor {
    pub name: String,
    pub role: ActorRole,
    pub claimed: bool,
}

/// Where in the plain text a field was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub field: &'static str,
    pub start: usize,
    pub end: usize,
}

/// One extracted event.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractedEvent {
    pub event_type: EventType,
    pub sub_event_type: SubEventType,
    pub status: Status,
    pub date: Option<DateValue>,
    pub location: Place,
    pub fatalities: Option<u32>,
    pub injuries: Option<u32>,
    /// Attackers killed, kept apart from the victims.
    pub attackers_killed: Option<u32>,
    pub actors: Vec<EventActor>,
    pub evidence: Vec<Evidence>,
}

/// The result of reading one document.
#[derive(Debug, Clone)]
pub struct Report {
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    /// The plain text every evidence offset refers to.
    pub text: String,
    pub events: Vec<ExtractedEvent>,
}

impl ExtractedEvent {
    /// The wire shape of issue 4 (`location`, `actors`, `evidence` nested).
    pub fn to_json(&self) -> Value {
        json!({
            "event_type": self.event_type.label(),
            "sub_event_type": self.sub_event_type.label(),
            "status": self.status.as_str(),
            "date": self.date.map(DateValue::render),
            "location": {
                "name": self.location.name,
                "admin1": self.location.admin1,
                "country": self.location.country,
                "lat": (self.location.lat * 10_000.0).round() / 10_000.0,
                "lon": (self.location.lon * 10_000.0).round() / 10_000.0,
                "precision": self.location.precision.as_str(),
            },
            "fatalities": self.fatalities,
            "injuries": self.injuries,
            "attackers_killed": self.attackers_killed,
            "actors": self.actors.iter().map(|a| json!({
                "name": a.name, "role": a.role.as_str(), "claimed": a.claimed,
            })).collect::<Vec<_>>(),
            "evidence": self.evidence.iter().map(|e| json!({
                "field": e.field, "start": e.start, "end": e.end,
            })).collect::<Vec<_>>(),
        })
    }
}

impl Report {
    pub fn to_json(&self) -> Value {
        json!({
            "title": self.title,
            "published": self.published.map(|d| d.format("%Y-%m-%d").to_string()),
            "events": self.events.iter().map(ExtractedEvent::to_json).collect::<Vec<_>>(),
        })
    }

    /// The words of the plain text between two character offsets.
    pub fn slice(&self, start: usize, end: usize) -> String {
        self.text
            .chars()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect()
    }
}

/// The extractor over one gazetteer and one actor registry.
pub struct Extractor<'g> {
    geoparser: Geoparser<'g>,
    gazetteer: &'g Gazetteer,
    registry: Registry,
    /// Country (alpha-2) → index of its capital in the gazetteer's places.
    capitals: HashMap<String, usize>,
}

const HYPOTHETICAL: &[&str] = &["could", "might", "would", "should", "if", "unless", "may"];
const GENERIC: &[&str] = &[
    "often",
    "frequently",
    "regularly",
    "routinely",
    "typically",
    "usually",
    "generally",
    "tend",
    "tends",
];
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
enum Claim {
    Claimed,
    Blamed,
    Allegiance,
}

/// A place chosen for an incident, with the span that named it.
struct Chosen {
    place: Place,
    start: usize,
    end: usize,
}

/// What one sentence says about actors.
struct ActorFinding {
    actor: EventActor,
    start: usize,
    end: usize,
    person: bool,
}

impl<'g> Extractor<'g> {
    pub fn new(geoparser: Geoparser<'g>, registry: Registry) -> Extractor<'g> {
        let gazetteer = geoparser.gazetteer();
        let mut capitals: HashMap<String, usize> = HashMap::new();
        for (i, p) in gazetteer.places().iter().enumerate() {
            if p.feature_code != "PPLC" {
                continue;
            }
            let better = capitals
                .get(&p.country)
                .and_then(|&j| gazetteer.places().get(j))
                .is_none_or(|q| q.population < p.population);
            if better {
                capitals.insert(p.country.clone(), i);
            }
        }
        Extractor {
            geoparser,
            gazetteer,
            registry,
            capitals,
        }
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Reads `input` written in `format`; `published` overrides the date the
    /// document states.
    pub fn extract(&self, input: &str, format: Format, published: Option<NaiveDate>) -> Report {
        let text = match format {
            Format::Html => sitrep_geoparse::text::to_plain(&html::strip_furniture(input), format),
            _ => sitrep_geoparse::text::to_plain(input, format),
        };
        let chars: Vec<char> = text.chars().collect();
        let published = published.or_else(|| detect_published(input, &chars));
        let title = detect_title(&chars);
        let mentions = self.geoparser.parse_plain(&text);
        let mut state = State::default();
        for (start, end, paragraph) in tokens::sentences(&chars) {
            let tokens = tokens::tokenize(&chars, start, end);
            let here: Vec<&Mention> = mentions
                .iter()
                .filter(|m| m.start >= start && m.end <= end)
                .collect();
            self.sentence(&tokens, &here, paragraph, published, &mut state);
        }
        Report {
            title,
            published,
            text,
            events: state.events,
        }
    }

    fn sentence(
        &self,
        tokens: &[Token],
        mentions: &[&Mention],
        paragraph: usize,
        published: Option<NaiveDate>,
        state: &mut State,
    ) {
        let actor_hits: Vec<actors::ActorHit> = self
            .registry
            .find(tokens)
            .into_iter()
            .filter(|h| {
                self.registry
                    .get(h.actor)
                    .is_some_and(|a| a.kind != "media")
            })
            .collect();
        let date_hits = dates::find_dates(tokens, published);
        let cues = cues::find_cues(tokens);
        let threatened = cues.iter().any(|c| c.status == Status::Threatened);
        let historical = date_hits.iter().any(|h| h.kind == DateKind::Historical);
        let hypothetical = tokens
            .iter()
            .any(|t| HYPOTHETICAL.contains(&t.lower.as_str()) && (t.text != "May"));
        let generic = tokens.iter().enumerate().any(|(i, t)| {
            GENERIC.contains(&t.lower.as_str())
                || (t.lower == "long"
                    && i > 0
                    && matches!(tokens[i - 1].lower.as_str(), "has" | "have" | "had"))
        });
        let skip = historical || generic || (hypothetical && !threatened);
        if !skip {
            let blocked: Vec<bool> = (0..tokens.len())
                .map(|i| date_hits.iter().any(|h| h.first <= i && i < h.last))
                .collect();
            let casualties = casualties::find_casualties(tokens, &blocked);
            let claim = find_claim(tokens);
            // Clauses: split at semicolons.
            let mut bounds = vec![0];
            bounds.extend(
                tokens
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.text == ";")
                    .map(|(i, _)| i + 1),
            );
            bounds.push(tokens.len());
            for w in bounds.windows(2) {
                let (from, to) = (w[0], w[1]);
                let in_clause = |a: usize| a >= from && a < to;
                let clause_cues: Vec<Cue> = cues
                    .iter()
                    .filter(|c| in_clause(c.first))
                    .copied()
                    .collect();
                let clause_casualties: Vec<casualties::Casualty> = casualties
                    .iter()
                    .filter(|c| in_clause(c.first))
                    .copied()
                    .collect();
                let cue = cues::primary(&clause_cues);
                let anchor = cue.map_or(from, |c| c.first);
                let found = self.actor_findings(tokens, &actor_hits, anchor, claim, state);
                let places = match cue {
                    Some(c) => self.select_places(tokens, (from, to), mentions, &c),
                    None => Vec::new(),
                };
                let clause_has_places = mentions
                    .iter()
                    .any(|m| token_span(tokens, m).is_some_and(|(a, _)| in_clause(a)));
                match cue {
                    Some(c) if !places.is_empty() => {
                        let date = pick_date(&date_hits, c.first, (from, to));
                        for chosen in &places {
                            let mut event = ExtractedEvent {
                                event_type: c.sub.event_type(),
                                sub_event_type: c.sub,
                                status: c.status,
                                date: date.and_then(|(v, _, _)| v),
                                location: chosen.place.clone(),
                                fatalities: None,
                                injuries: None,
                                attackers_killed: None,
                                actors: Vec::new(),
                                evidence: vec![
                                    Evidence {
                                        field: "event_type",
                                        start: tokens[c.first].start,
                                        end: tokens[c.last - 1].end,
                                    },
                                    Evidence {
                                        field: "location",
                                        start: chosen.start,
                                        end: chosen.end,
                                    },
                                ],
                            };
                            if c.status != Status::Occurred {
                                event.evidence.push(Evidence {
                                    field: "status",
                                    start: tokens[c.first].start,
                                    end: tokens[c.last - 1].end,
                                });
                            }
                            if let Some((Some(_), s, e)) = date {
                                event.evidence.push(Evidence {
                                    field: "date",
                                    start: tokens[s].start,
                                    end: tokens[e - 1].end,
                                });
                            }
                            if places.len() == 1 {
                                apply_casualties(&mut event, tokens, &clause_casualties);
                            }
                            apply_actors(&mut event, &found, tokens, c.first);
                            state.add(event, paragraph);
                        }
                    }
                    _ if !clause_has_places
                        && (cue.is_some() || !clause_casualties.is_empty() || claim.is_some()) =>
                    {
                        if let Some(event) = state.last_in(paragraph) {
                            apply_casualties(event, tokens, &clause_casualties);
                            apply_actors(event, &found, tokens, anchor);
                        }
                    }
                    _ => {}
                }
            }
        }
        // Remember the last armed group named, for "the group" in a later claim.
        for h in &actor_hits {
            if let Some(a) = self.registry.get(h.actor)
                && !matches!(a.kind.as_str(), "state" | "person" | "media")
            {
                state.last_actor = Some(h.actor);
            }
        }
    }

    /// The actors of a sentence with their role and claim, relative to the
    /// incident cue at `cue`.
    fn actor_findings(
        &self,
        tokens: &[Token],
        hits: &[actors::ActorHit],
        cue: usize,
        claim: Option<(Claim, usize, usize)>,
        state: &State,
    ) -> Vec<ActorFinding> {
        let mut spans: Vec<(usize, usize, usize)> =
            hits.iter().map(|h| (h.first, h.last, h.actor)).collect();
        // "the group said it was behind …": the last group named before.
        if let (Some(_), Some(last)) = (claim, state.last_actor) {
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
            let before = |k: usize, words: &[&str]| {
                (first.saturating_sub(k)..first).any(|j| words.contains(&tokens[j].lower.as_str()))
            };
            let (role, claimed) = match claim {
                Some((Claim::Claimed, s, _)) if last <= s || before(2, &["by"]) => {
                    (ActorRole::Perpetrator, true)
                }
                Some((Claim::Blamed, _, e)) if first >= e => (ActorRole::Perpetrator, false),
                Some((Claim::Blamed, s, _)) if last <= s => (ActorRole::Other, false),
                Some((Claim::Allegiance, _, e)) if first >= e => (ActorRole::Perpetrator, false),
                // "ISKP-linked plots", "an IS-inspired attack".
                _ if tokens.get(last).is_some_and(|t| t.text == "-")
                    && tokens.get(last + 1).is_some_and(|t| {
                        matches!(
                            t.lower.as_str(),
                            "linked" | "inspired" | "affiliated" | "directed" | "led" | "backed"
                        )
                    }) =>
                {
                    (ActorRole::Perpetrator, false)
                }
                _ if before(3, &["against", "targeting", "on", "at"]) => (ActorRole::Target, false),
                _ if first > cue
                    && (cue..first).any(|j| KILL.contains(&tokens[j].lower.as_str())) =>
                {
                    (ActorRole::Target, false)
                }
                _ if last <= cue || before(2, &["by"]) => (ActorRole::Perpetrator, false),
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

    /// The places of the incident whose cue is `cue` in the clause `range`.
    fn select_places(
        &self,
        tokens: &[Token],
        range: (usize, usize),
        mentions: &[&Mention],
        cue: &Cue,
    ) -> Vec<Chosen> {
        struct Cand {
            first: usize,
            last: usize,
            chosen: Chosen,
            kind: MentionKind,
            qualifier: bool,
        }
        let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
        let mut cands: Vec<Cand> = Vec::new();
        for m in mentions {
            let Some((first, last)) = token_span(tokens, m) else {
                continue;
            };
            if first < range.0 || last > range.1 || m.kind == MentionKind::Region {
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
            // "the Afghan capital" → Kabul.
            if m.kind == MentionKind::Country
                && lower(last) == "capital"
                && let Some(place) = m.country.as_deref().and_then(|c| self.capital(c))
            {
                let start = if raw_prev == "the" {
                    tokens[first - 1].start
                } else {
                    m.start
                };
                cands.push(Cand {
                    first,
                    last: last + 1,
                    chosen: Chosen {
                        place,
                        start,
                        end: tokens[last].end,
                    },
                    kind: MentionKind::Place,
                    qualifier: false,
                });
                continue;
            }
            if prev == "from" || (prev == "outside" && m.kind == MentionKind::Country) {
                continue;
            }
            // An adjective use: "a US drone strike", "German police".
            let modifier = m.kind == MentionKind::Country
                && !LOCATIVE.contains(&raw_prev)
                && next.is_some_and(|t| t.is_word() && !t.is_capitalised());
            if modifier {
                continue;
            }
            // "Kerman, Iran": the country only qualifies the town.
            if let Some(prev_cand) = cands.last()
                && prev_cand.last + 1 == first
                && lower(prev_cand.last) == ","
                && matches!(m.kind, MentionKind::Country | MentionKind::Admin1)
                && prev_cand.chosen.place.country == m.country
                && prev_cand.kind != MentionKind::Country
            {
                continue;
            }
            cands.push(Cand {
                first,
                last,
                chosen: Chosen {
                    place: place_of(m),
                    start: m.start,
                    end: m.end,
                },
                kind: m.kind,
                qualifier: matches!(prev, "near" | "outside"),
            });
        }
        if cands.iter().any(|c| !c.qualifier) {
            cands.retain(|c| !c.qualifier);
        }
        // Lists: places joined by commas and "and".
        let mut groups: Vec<Vec<Cand>> = Vec::new();
        for c in cands {
            let joined = groups.last().and_then(|g| g.last()).is_some_and(|p| {
                p.last <= c.first && (p.last..c.first).all(|j| LIST_GLUE.contains(&lower(j)))
            });
            match groups.last_mut() {
                Some(g) if joined => g.push(c),
                _ => groups.push(vec![c]),
            }
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
        let best = groups.into_iter().min_by_key(|g| distance(g));
        best.map(|g| g.into_iter().map(|c| c.chosen).collect())
            .unwrap_or_default()
    }

    /// The capital of `country` (GeoNames PPLC).
    fn capital(&self, country: &str) -> Option<Place> {
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

#[derive(Default)]
struct State {
    events: Vec<ExtractedEvent>,
    /// (paragraph, index) of the event last created or updated.
    last: Option<(usize, usize)>,
    last_actor: Option<usize>,
}

impl State {
    fn last_in(&mut self, paragraph: usize) -> Option<&mut ExtractedEvent> {
        match self.last {
            Some((p, i)) if p == paragraph => self.events.get_mut(i),
            _ => None,
        }
    }

    /// Adds `event`, or merges it into an earlier one of the same incident.
    fn add(&mut self, event: ExtractedEvent, paragraph: usize) {
        let same = self.events.iter().position(|e| {
            e.location.gazetteer_id == event.location.gazetteer_id
                && e.event_type == event.event_type
                && e.status == event.status
                && match (e.date, event.date) {
                    (Some(a), Some(b)) => a.compatible(b),
                    _ => true,
                }
        });
        match same {
            Some(i) => {
                let e = &mut self.events[i];
                if event
                    .date
                    .is_some_and(|d| e.date.is_none_or(|o| d.render().len() > o.render().len()))
                {
                    e.date = event.date;
                }
                if event.fatalities.is_some() {
                    e.fatalities = event.fatalities;
                }
                if event.injuries.is_some() {
                    e.injuries = event.injuries;
                }
                for a in event.actors {
                    merge_actor(&mut e.actors, a);
                }
                e.evidence.extend(event.evidence);
                self.last = Some((paragraph, i));
            }
            None => {
                self.events.push(event);
                self.last = Some((paragraph, self.events.len() - 1));
            }
        }
    }
}

fn merge_actor(actors: &mut Vec<EventActor>, actor: EventActor) {
    match actors.iter_mut().find(|a| a.name == actor.name) {
        Some(a) => {
            a.claimed |= actor.claimed;
            if a.role == ActorRole::Other || actor.claimed {
                a.role = actor.role;
            }
        }
        None => actors.push(actor),
    }
}

fn apply_casualties(event: &mut ExtractedEvent, tokens: &[Token], found: &[casualties::Casualty]) {
    for c in found {
        let (slot, field) = match c.count {
            Count::Killed => (&mut event.fatalities, "fatalities"),
            Count::Wounded => (&mut event.injuries, "injuries"),
            Count::AttackersKilled => (&mut event.attackers_killed, "attackers_killed"),
        };
        *slot = Some(c.value);
        event.evidence.retain(|e| e.field != field);
        event.evidence.push(Evidence {
            field,
            start: tokens[c.first].start,
            end: tokens[c.last - 1].end,
        });
    }
}

fn apply_actors(event: &mut ExtractedEvent, found: &[ActorFinding], tokens: &[Token], cue: usize) {
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
fn find_claim(tokens: &[Token]) -> Option<(Claim, usize, usize)> {
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    for i in 0..tokens.len() {
        match lower(i) {
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
            "blamed" | "blames" | "attributed" => return Some((Claim::Blamed, i, i + 1)),
            "allegiance" => return Some((Claim::Allegiance, i, i + 1)),
            _ => {}
        }
    }
    None
}

/// The date nearest the cue: in the clause, else in the sentence. Returns
/// (value, first token, end token); a vague span gives no value.
fn pick_date(
    hits: &[dates::DateHit],
    cue: usize,
    clause: (usize, usize),
) -> Option<(Option<DateValue>, usize, usize)> {
    let dist = |h: &&dates::DateHit| h.first.abs_diff(cue);
    let in_clause = hits
        .iter()
        .filter(|h| h.first >= clause.0 && h.last <= clause.1)
        .min_by_key(dist);
    let hit = in_clause.or_else(|| hits.iter().min_by_key(dist))?;
    match hit.kind {
        DateKind::Date(v) => Some((v, hit.first, hit.last)),
        _ => Some((None, hit.first, hit.last)),
    }
}

/// The tokens a mention covers (end exclusive).
fn token_span(tokens: &[Token], m: &Mention) -> Option<(usize, usize)> {
    let first = tokens.iter().position(|t| t.start >= m.start)?;
    let last = tokens.iter().rposition(|t| t.end <= m.end)? + 1;
    (last > first).then_some((first, last))
}

fn place_of(m: &Mention) -> Place {
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

/// The first line of the document, without a site name after " | ".
fn detect_title(chars: &[char]) -> Option<String> {
    let text: String = chars.iter().take(2000).collect();
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.to_lowercase().starts_with("published"))?;
    let title = line.split(" | ").next().unwrap_or(line).trim();
    (!title.is_empty()).then(|| title.to_owned())
}

/// A `Published:`/`Date:` line near the top, else an HTML publication
/// timestamp (`article:published_time`, `datePublished`, `<time datetime>`).
fn detect_published(raw: &str, chars: &[char]) -> Option<NaiveDate> {
    let head: String = chars.iter().take(4000).collect();
    for line in head.lines().take(40) {
        let lower = line.trim().to_lowercase();
        if ["published", "date:", "posted", "updated"]
            .iter()
            .any(|p| lower.starts_with(p))
        {
            let lc: Vec<char> = line.chars().collect();
            let tokens = tokens::tokenize(&lc, 0, lc.len());
            let found = dates::find_dates(&tokens, None)
                .into_iter()
                .find_map(|h| match h.kind {
                    DateKind::Date(Some(DateValue::Day(d))) => Some(d),
                    _ => None,
                });
            if found.is_some() {
                return found;
            }
        }
    }
    for key in ["published_time", "datePublished", "datetime="] {
        let Some(at) = raw.find(key) else {
            continue;
        };
        let window: String = raw[at..].chars().take(80).collect();
        let bytes = window.as_bytes();
        for s in 0..bytes.len().saturating_sub(10) {
            if let Some(part) = window.get(s..s + 10)
                && let Ok(d) = NaiveDate::parse_from_str(part, "%Y-%m-%d")
            {
                return Some(d);
            }
        }
    }
    None
}
