//! sitrep's report reader: turns an analyst report, news article or feed item
//! (plain text, Markdown or HTML) into structured events in the ACLED
//! taxonomy, with evidence offsets for every field.
//!
//! No event model ships in any package sitrep can use, so whether and where
//! an incident happened is decided by rules over three resources: the
//! gazetteer (through `sitrep-geoparse`), the actor registry
//! (`data/actors.tsv`, data users may edit) and small word lists in the
//! modules below. A classifier trained at build time from ACLED notes
//! ([`classify`]) retypes an incident only when it is sure. The pipeline,
//! one sentence at a time:
//!
//! 1. drop historical, generic, hypothetical and trend sentences ("between
//!    2014 and 2017", "often", "could attempt", "have surged since July");
//!    heading lines at the top are read apart ([`document`] finds them,
//!    the title, the publication date and the dateline) and only fill in what the
//!    body leaves out;
//! 2. find the clause's incident cue ([`cues`]): type, sub-type and status,
//!    read in context ([`cues::refine`]) and by the classifier; a weak cue
//!    ("killed", "agreed") needs a day, a toll or a strong cue beside it;
//! 3. find the incident's places ([`place`]): the places of the same clause nearest the
//!    cue, minus origins ("from Afghanistan"), qualifiers ("near Moscow",
//!    "(Irumu, Ituri)"), modifiers ("a US drone strike"), words inside actor
//!    names ("Kurdistan Workers' Party") and containing regions ("Kerman,
//!    Iran"), resolved again with the names that qualify them; a list of
//!    places ("in Austria, Germany and Turkey") gives one event each; "the
//!    Afghan capital" is the country's capital (GeoNames PPLC);
//! 4. date ([`dates`]), casualties ([`casualties`]) and actors with their
//!    role and claim ([`perpetrator`] over the registry in [`actors`],
//!    ACLED-style generic actors in [`generic`])
//!    from the same clause or sentence;
//! 5. ([`state`]) an event at the same place with a compatible type, status and date
//!    merges into the earlier one; a sentence without a place of its own
//!    ("ISKP claimed the attack", "the toll rose to 145") updates the events
//!    of the last sentence that made any, the latest toll winning; an
//!    incident after the first that is neither dated, counted nor
//!    attributed is dropped as context.
//!
//! Every offset is a character offset into the plain text of [`Report::text`].

pub mod actors;
pub mod case2021;
pub mod casualties;
pub mod classify;
pub mod corpora;
pub mod cues;
pub mod dates;
pub mod eval;
pub mod features;
pub mod generic;
pub mod grow;
pub mod html;
pub mod labels;
pub mod recase;
pub mod split;
pub mod tokens;
pub mod wrap;

mod document;
mod perpetrator;
mod place;
mod state;

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

use document::{
    caption_line, dateline_len, detect_published, detect_title, is_headline, newest_first,
    opens_scenarios, opens_summary,
};
use perpetrator::{
    add_generic_actors, apply_actors, claimed_state_force, country_as_modifier, find_claim,
    in_organisation_name, members_of_group, plotters_not_police, prefer_children,
    provincial_branch, push_perpetrator, separatists_by_kind,
};
use place::{
    Chosen, country_as_speaker, lone_foreign_guesses_dropped, names_part_of_country,
    not_the_incidents_place, place_of, same_region_name, token_span,
};
use state::{
    State, air_and_ground, merge_actor, merge_coarse_mentions, recent, same_kind, violent,
};

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

impl EventActor {
    /// The incident's attacker, named without a claim.
    fn perpetrator(name: String) -> EventActor {
        EventActor {
            name,
            role: ActorRole::Perpetrator,
            claimed: false,
        }
    }
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
/// Words of a forecast: what follows them has not happened, whatever
/// threat the sentence also reports ("we expect ambushes and abductions to
/// continue, … which separatists have vowed to disrupt").
const FORECAST: &[&str] = &[
    "expect",
    "expects",
    "anticipate",
    "anticipates",
    "forecast",
    "predict",
    "predicts",
];
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

    /// Whether a lower-case name is a country, a first-level region or a
    /// town of at least 10,000 people in the gazetteer (for [`recase`]).
    fn known_place(&self, name: &str) -> bool {
        self.gazetteer
            .lookup(name)
            .iter()
            .any(|c| c.kind != sitrep_geo::gazetteer::Kind::Place || c.population >= 10_000)
    }

    /// Reads `input` written in `format`; `published` overrides the date the
    /// document states.
    pub fn extract(&self, input: &str, format: Format, published: Option<NaiveDate>) -> Report {
        let text = match format {
            Format::Html => sitrep_geoparse::text::to_plain(&html::strip_furniture(input), format),
            _ => sitrep_geoparse::text::to_plain(input, format),
        };
        let mut chars: Vec<char> = text.chars().collect();
        // Lines broken inside sentences: joined, letter for letter ([`wrap`]).
        let wrapped = wrap::is_hard_wrapped(&chars);
        if wrapped {
            wrap::unwrap_lines(&mut chars);
        }
        // All lower case: put back the capitals the rules read, letter for
        // letter ([`recase`]).
        let text = if wrapped || recase::is_case_folded(&chars) {
            if recase::is_case_folded(&chars) {
                recase::recase(&mut chars, |name| self.known_place(name));
            }
            chars.iter().collect()
        } else {
            text
        };
        let published = published.or_else(|| detect_published(input, &chars));
        let title = detect_title(&chars);
        let mentions = lone_foreign_guesses_dropped(self.geoparser.parse_plain(&text), &chars);
        let mut state = State {
            newest_first: newest_first(&text),
            ..State::default()
        };
        let mut headlines = State::default();
        // Key points and a summary paragraph, read apart from the headlines
        // (a key point without a place of its own is not the title's
        // incident told again).
        let mut key_points = State::default();
        let mut body_started = false;
        let mut first_body: Option<usize> = None;
        // Under a heading of scenarios ("Scenarios to July 2026", "2.
        // Contested result (35%)"): what might happen, until a heading of
        // another kind.
        let mut in_scenarios = false;
        // Under a heading of key points ("KEY POINTS", "Highlights"): the
        // incidents the body tells, each in a line like a headline, in one
        // paragraph (its number, once the first line is read).
        let mut in_summary = false;
        let mut summary_paragraph: Option<usize> = None;
        // The span of the latest heading, and whether it heads a section
        // of the body.
        let mut heading: Option<(usize, usize, bool)> = None;
        // Where each live-blog entry starts, and the day it is stamped with.
        let mut stamps: Vec<(usize, NaiveDate)> = Vec::new();
        let sentences = tokens::sentences(&chars);
        for &(start, end, paragraph) in &sentences {
            let mut tokens = tokens::tokenize(&chars, start, end);
            if let Some(day) = published.and_then(|p| dates::entry_day(&tokens, p)) {
                stamps.push((start, day));
            }
            // The day relative dates count from: the one the live blog's
            // entry is stamped with, else the publication's.
            let reference = stamps.last().map(|&(_, day)| day).or(published);
            if in_summary && summary_paragraph.is_some_and(|p| p != paragraph) {
                in_summary = false;
            }
            if is_headline(&chars, start, end, &tokens) && !in_summary {
                in_summary = opens_summary(&tokens);
                summary_paragraph = None;
                in_scenarios = opens_scenarios(&chars[start..end], &tokens);
            } else if in_summary && summary_paragraph.is_none() {
                summary_paragraph = Some(paragraph);
            }
            if in_scenarios || caption_line(&chars, start) {
                continue;
            }
            // "DAMASCUS, Feb 4 -": where and when the story was filed, not
            // where and when the incident happened; its place stays the
            // fallback below.
            let filed = dateline_len(&tokens, |at| {
                mentions
                    .iter()
                    .any(|m| m.start == at && m.kind == MentionKind::Country)
            });
            let told_from = tokens.get(filed).map_or(start, |t| t.start);
            tokens.drain(..filed);
            let here: Vec<&Mention> = mentions
                .iter()
                .filter(|m| m.start >= told_from && m.end <= end)
                .collect();
            let heading_line = is_headline(&chars, start, end, &tokens);
            // ("**Summary:** A long weekend of street violence …": the
            // body's incidents summed up, like key points.)
            let summary_line =
                tokens.len() > 2 && tokens[0].lower == "summary" && tokens[1].text == ":";
            let key_point = in_summary && summary_paragraph.is_some();
            let headline = (!body_started && heading_line) || key_point || summary_line;
            body_started |= !headline && tokens.len() >= 6;
            let target = if key_point || summary_line {
                &mut key_points
            } else if headline {
                &mut headlines
            } else {
                &mut state
            };
            // Found only when a clause needs it.
            let from = start.min(first_body.unwrap_or(start));
            let above = heading;
            let fallback = || {
                (!heading_line || key_point)
                    .then(|| self.fallback_place(&chars, &mentions, (from, end), above))
                    .flatten()
            };
            // A byline ("By our correspondent in Bol") tells where the story
            // was filed.
            if heading_line && tokens.first().is_none_or(|t| t.lower != "by") {
                heading = Some((start, end, body_started && !headline));
            }
            if !headline && first_body.is_none() {
                first_body = Some(start);
            }
            let before = target.events.len();
            self.sentence(&tokens, &here, paragraph, reference, &fallback, target);
            // "LIBREVILLE, Feb 17 - Police in Gabon fired tear gas on …":
            // the country the story's first sentence names is the one its
            // dateline's town is in, and the town is where it happened
            // (not "in northern Gabon", "across Gabon").
            if filed > 0
                && let Some(town) = mentions.iter().find(|m| {
                    m.start >= start
                        && m.end <= told_from
                        && matches!(m.kind, MentionKind::Place | MentionKind::Admin2)
                        && self.trusted(m)
                })
            {
                for e in &mut target.events[before..] {
                    let at = e.evidence.iter_mut().find(|v| v.field == "location");
                    if e.location.precision == LocationPrecision::Country
                        && e.location.country == town.country
                        && let Some(at) = at
                        && !names_part_of_country(&chars, at.start)
                    {
                        e.location = place_of(town);
                        (at.start, at.end) = (town.start, town.end);
                    }
                }
            }
        }
        let sentence_of = |at: usize| sentences.partition_point(|&(s, ..)| s <= at);
        // A headline names the story's main incident: it adds what the body
        // lacks to the body's event in the same country, or stands alone.
        for h in headlines.events.into_iter().chain(key_points.events) {
            // The body's event at the headline's place, else of its kind in
            // its country, else any in its country on a date that fits.
            let same = state
                .events
                .iter()
                .position(|e| e.location.name == h.location.name && same_kind(e, &h))
                .or_else(|| {
                    state
                        .events
                        .iter()
                        .position(|e| e.location.country == h.location.country && same_kind(e, &h))
                });
            // (Not one of another kind far from the headline's own town:
            // "Police use tear gas on protest in Ulaanbaatar" over a riot
            // in Darkhan.)
            let near = |e: &ExtractedEvent| {
                h.location.precision == LocationPrecision::Country
                    || (h.location.precision == LocationPrecision::Admin1
                        && e.location.admin1.as_deref().is_some_and(|a| {
                            same_region_name(
                                a,
                                h.location.admin1.as_deref().unwrap_or(&h.location.name),
                            )
                        }))
                    || sitrep_geoparse::resolve::haversine_km(
                        e.location.lat,
                        e.location.lon,
                        h.location.lat,
                        h.location.lon,
                    ) <= 50.0
            };
            // (Not an arrest for a headline of violence: "Three dead after
            // gunman opens fire" over "the suspect was arrested".)
            let same = same.or_else(|| {
                state.events.iter().position(|e| {
                    e.location.country == h.location.country
                        && (e.event_type != EventType::StrategicDevelopments
                            || h.event_type == EventType::StrategicDevelopments)
                        && near(e)
                        && e.date.zip(h.date).is_none_or(|(a, b)| a.compatible(b))
                })
            });
            match same {
                Some(i) => {
                    let weakly_typed = state.weakly_typed.contains(&i);
                    let e = &mut state.events[i];
                    // "At least 14 killed as fighting flares near Nasir" over
                    // a body that only says "were killed": the headline's
                    // kind.
                    if weakly_typed && h.event_type != e.event_type && same_kind(e, &h) {
                        e.event_type = h.event_type;
                        e.sub_event_type = h.sub_event_type;
                    }
                    // "JNIM claims suicide attack on army camp in Timbuktu"
                    // over a body that placed it only by the story's first
                    // place ("By the newsroom in Bamako").
                    let field = |e: &ExtractedEvent, f: &str| {
                        e.evidence.iter().find(|v| v.field == f).map(|v| v.start)
                    };
                    let placed_by_context = field(e, "location")
                        .zip(field(e, "event_type"))
                        .is_some_and(|(l, t)| sentence_of(l) != sentence_of(t));
                    if placed_by_context
                        && matches!(
                            h.location.precision,
                            LocationPrecision::City | LocationPrecision::Point
                        )
                    {
                        e.location = h.location.clone();
                        e.evidence.retain(|v| v.field != "location");
                        e.evidence
                            .extend(h.evidence.iter().filter(|v| v.field == "location").cloned());
                    }
                    // "Suicide car bomb targets army camp" over a body that
                    // only says "an explosives-laden vehicle" (or only
                    // "14 people were killed in last night's attack").
                    if (e.event_type == h.event_type || e.sub_event_type == SubEventType::Attack)
                        && matches!(
                            h.sub_event_type,
                            SubEventType::SuicideBomb | SubEventType::ChemicalWeapon
                        )
                    {
                        e.event_type = h.event_type;
                        e.sub_event_type = h.sub_event_type;
                    }
                    if e.date.is_none() {
                        e.date = h.date;
                    }
                    if e.fatalities.is_none() {
                        e.fatalities = h.fatalities;
                    }
                    if e.injuries.is_none() {
                        e.injuries = h.injuries;
                    }
                    for a in h.actors {
                        merge_actor(&mut e.actors, a);
                    }
                }
                None => state.events.push(h),
            }
        }
        for e in &mut state.events {
            // "two militants had been killed" by an air strike: its dead,
            // whoever they were.
            if matches!(
                e.sub_event_type,
                SubEventType::AirDroneStrike | SubEventType::ShellingArtilleryMissileAttack
            ) && e.fatalities.is_none()
            {
                e.fatalities = e.attackers_killed.take();
            }
            // Houses set on fire with a man found dead in one: an attack
            // on people, not only on property (ACLED keeps looting and
            // property destruction for incidents nobody died in).
            if e.sub_event_type == SubEventType::LootingPropertyDestruction
                && e.fatalities.is_some_and(|k| k > 0)
            {
                e.sub_event_type = SubEventType::Attack;
                e.event_type = EventType::ViolenceAgainstCivilians;
            }
        }
        merge_coarse_mentions(&mut state.events);
        for e in &mut state.events {
            prefer_children(&mut e.actors, &self.registry);
            plotters_not_police(e);
            provincial_branch(e, &self.registry);
        }
        // An incident after the first that the text neither dates, counts
        // nor attributes is context ("federal forces have recaptured several
        // towns"), not news; the first too when another is dated (a
        // summary's "protests are disrupting road travel" before the
        // incidents it sums up).
        let told = |e: &ExtractedEvent| {
            e.date.is_some()
                || e.fatalities.is_some()
                || e.injuries.is_some()
                || e.status != Status::Occurred
                || e.actors.iter().any(|a| {
                    a.role == ActorRole::Perpetrator
                        && !a.name.starts_with("Protesters")
                        && !a.name.starts_with("Rioters")
                })
        };
        let any_dated = state.events.iter().any(|e| e.date.is_some());
        // (Not one only a practice names: "kidnapping by armed gangs
        // affects the roads around Garoua-Boulai".)
        let a_practice = |e: &ExtractedEvent| {
            e.evidence
                .iter()
                .filter(|v| v.field == "event_type")
                .all(|v| names_a_practice(&chars, v.start, v.end))
        };
        let mut index = 0;
        state.events.retain(|e| {
            index += 1;
            (index == 1 && !any_dated && !a_practice(e)) || told(e)
        });
        // An incident a live blog's entry tells without a date happened on
        // the day the entry is stamped with ("21:15").
        for e in &mut state.events {
            let at = e.evidence.iter().map(|v| v.start).min().unwrap_or(0);
            if e.date.is_none()
                && let Some(&(_, day)) = stamps.iter().rev().find(|(start, _)| *start <= at)
            {
                e.date = Some(DateValue::Day(day));
            }
        }
        // "Imamoglu was detained in a dawn raid": the police arrested.
        for e in &mut state.events {
            if e.sub_event_type == SubEventType::Arrests
                && e.status == Status::Occurred
                && !e.actors.iter().any(|a| a.role == ActorRole::Perpetrator)
                && let Some(police) = e.location.country.as_deref().and_then(generic::police_of)
            {
                e.actors.push(EventActor::perpetrator(police));
            }
        }
        // "the market was the target of a shooting in 2018": background a
        // report mentions, not news it reports.
        if let Some(p) = published {
            state
                .events
                .retain(|e| e.date.is_none_or(|date| recent(date, p)));
        }
        // A text whose every date is long past ("In March 1998 …", "by
        // 2004 …") is history: what it tells without a date is history too.
        if state.old_dates && !state.recent_dates {
            state.events.retain(|e| e.date.is_some());
        }
        Report {
            title,
            published,
            text,
            events: state.events,
        }
    }

    /// Reads one sentence's incidents into `state`. `fallback` finds, when
    /// a clause needs it, the place for an incident the sentence tells
    /// without one, and where the section's heading names its place, if it
    /// comes from one (which may place the first incident of its section,
    /// not only the first of the text).
    fn sentence<'m>(
        &self,
        tokens: &[Token],
        mentions: &[&Mention],
        paragraph: usize,
        published: Option<NaiveDate>,
        fallback: &dyn Fn() -> Option<(&'m Mention, Option<usize>)>,
        state: &mut State,
    ) {
        state.sentence += 1;
        let actor_hits: Vec<actors::ActorHit> = self
            .registry
            .find(tokens)
            .into_iter()
            .filter(|h| {
                self.registry
                    .get(h.actor)
                    .is_some_and(|a| a.kind != "media")
                    && !country_as_modifier(tokens, h)
            })
            .collect();
        let date_hits = dates::find_dates(tokens, published);
        for h in &date_hits {
            match (h.kind, published) {
                (DateKind::Date(Some(v)), Some(p)) if recent(v, p) => state.recent_dates = true,
                (DateKind::Date(Some(_)) | DateKind::Historical, Some(_)) => state.old_dates = true,
                _ => {}
            }
        }
        // A sentence without a date of its own, after one more than two
        // years old in its paragraph or the one before, is in that time
        // ("The shadow of January 2022" — "That month, a rise in prices
        // brought people into the streets. The unrest turned violent…").
        let own_date = date_hits.iter().rev().find_map(|h| match h.kind {
            DateKind::Date(Some(v)) => Some(v),
            _ => None,
        });
        let in_the_past = match own_date {
            Some(value) => {
                state.named_date = Some((paragraph, value));
                false
            }
            None => state.named_date.is_some_and(|(p, value)| {
                p + 1 >= paragraph && published.is_some_and(|d| !recent(value, d))
            }),
        };
        let cues = cues::find_cues(tokens);
        let threatened = cues.iter().any(|c| c.status == Status::Threatened);
        let historical = in_the_past || date_hits.iter().any(|h| h.kind == DateKind::Historical);
        // A modal before the incident's cue makes it hypothetical ("the
        // group could attempt an attack", "if the truce fails, rockets …");
        // one after it does not ("a bill that would raise taxes").
        let modals: Vec<usize> = tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| HYPOTHETICAL.contains(&t.lower.as_str()) && t.text != "May")
            .map(|(i, _)| i)
            .collect();
        let conditional = tokens
            .iter()
            .any(|t| matches!(t.lower.as_str(), "if" | "unless"));
        let hypothetical_at = |cue: usize| conditional || modals.iter().any(|&m| m < cue);
        // "we expect attacks", and "retaliatory attacks on US bases are
        // likely within days": the cue as the subject of a prediction, no
        // other incident between.
        let predicted_after = |cue: usize| {
            (cue + 1..tokens.len()).any(|j| {
                matches!(
                    tokens[j].lower.as_str(),
                    "likely" | "expected" | "possible" | "probable" | "imminent"
                ) && matches!(
                    tokens[j - 1].lower.as_str(),
                    "is" | "are" | "remain" | "remains" | "seem" | "seems" | "appear" | "appears"
                ) && !cues.iter().any(|c| c.first > cue && c.first < j)
            })
        };
        // "Opposition groups called for another rally on Wednesday": a
        // protest asked for, not held.
        // So is "separatists who have been enforcing a boycott of state
        // schools": a standing order, not a protest held.
        // ("called for a march", "called a general strike for Monday".)
        let called_for = |cue: usize| {
            (cue.saturating_sub(5)..cue).any(|i| {
                matches!(tokens[i].lower.as_str(), "called" | "calls" | "call")
                    && (tokens.get(i + 1).is_some_and(|t| t.lower == "for")
                        || tokens[i + 1..cue].iter().all(|t| {
                            matches!(
                                t.lower.as_str(),
                                "a" | "an"
                                    | "the"
                                    | "general"
                                    | "nationwide"
                                    | "national"
                                    | "new"
                                    | "another"
                                    | "indefinite"
                            )
                        }))
                    || matches!(
                        tokens[i].lower.as_str(),
                        "urged" | "urges" | "enforcing" | "enforce" | "enforced"
                    )
            })
        };
        let forecast_at = |cue: usize| {
            tokens[..cue]
                .iter()
                .any(|t| FORECAST.contains(&t.lower.as_str()))
                || predicted_after(cue)
                // "the threat of militant attacks on police remains
                // severe": a danger, not an incident; nor is "evidence of
                // kidnapping for ransom" among indicators to watch.
                || (cue.saturating_sub(4)..cue).any(|i| {
                    matches!(
                        tokens[i].lower.as_str(),
                        "threat"
                            | "threats"
                            | "risk"
                            | "risks"
                            | "danger"
                            | "possibility"
                            | "likelihood"
                            | "evidence"
                            | "signs"
                    ) && tokens[i + 1].lower == "of"
                })
                // "Our weekly digest of political violence and unrest
                // across the region": what the publication covers.
                || (cue.saturating_sub(5)..cue).any(|i| {
                    matches!(
                        tokens[i].lower.as_str(),
                        "digest" | "roundup" | "overview" | "coverage" | "newsletter"
                    ) && tokens[i + 1..cue].iter().any(|t| t.lower == "of")
                })
                // "unions are threatening to join the protests next week":
                // not yet.
                || (cue.saturating_sub(8)..(cue + 6).min(tokens.len())).any(|j| {
                    tokens[j].lower == "tomorrow"
                        || (tokens[j].lower == "next"
                            && tokens
                                .get(j + 1)
                                .is_some_and(|t| matches!(t.lower.as_str(), "week" | "month")))
                })
                // "the handling of any unsanctioned rallies": none in
                // particular.
                || tokens[cue.saturating_sub(2)..cue]
                    .iter()
                    .any(|t| t.lower == "any")
                || (called_for(cue)
                    && cues
                        .iter()
                        .any(|c| c.first == cue && c.sub.event_type() == EventType::Protests))
        };
        // "has been under bombardment since the spring": a state of
        // affairs, not an incident, unless a date pins it down.
        let dated = date_hits
            .iter()
            .any(|h| matches!(h.kind, DateKind::Date(Some(_))));
        let dated_to_the_day = date_hits
            .iter()
            .any(|h| matches!(h.kind, DateKind::Date(Some(DateValue::Day(_)))));
        let generic = tokens.iter().enumerate().any(|(i, t)| {
            GENERIC.contains(&t.lower.as_str())
                // "attacks on Chinese-funded projects continue to worry
                // Beijing": a state of affairs, unless a day pins it down.
                || (!dated_to_the_day
                    && matches!(t.lower.as_str(), "continue" | "continues")
                    && tokens.get(i + 1).is_some_and(|n| n.lower == "to"))
                // "in several past cycles", "in previous elections", unless a
                // date pins the sentence down.
                || (!dated
                    && matches!(t.lower.as_str(), "past" | "previous")
                    && i > 0
                    && matches!(tokens[i - 1].lower.as_str(), "in" | "during" | "several")
                    && tokens.get(i + 1).is_some_and(|n| {
                        matches!(
                            n.lower.as_str(),
                            "cycles" | "elections" | "campaigns" | "decades" | "years"
                        )
                    }))
                || (t.lower == "long"
                    && i > 0
                    && matches!(tokens[i - 1].lower.as_str(), "has" | "have" | "had"))
                // "the conflict has killed more than 6,000 people": its
                // whole toll, not an incident's.
                || (matches!(
                    t.lower.as_str(),
                    "conflict" | "war" | "insurgency" | "violence" | "fighting"
                ) && tokens.get(i + 1).is_some_and(|n| matches!(n.lower.as_str(), "has" | "have"))
                    && tokens.get(i + 2).is_some_and(|n| n.lower == "killed"))
                // "consistent with a steady tempo of IS-linked arrests": a
                // rate, unless a date pins the sentence down.
                || (!dated
                    && matches!(t.lower.as_str(), "tempo" | "pattern" | "trend" | "cadence")
                    && tokens.get(i + 1).is_some_and(|n| n.lower == "of"))
                // "the growing number of large-scale attacks": a trend.
                || (matches!(
                    t.lower.as_str(),
                    "growing" | "rising" | "increasing" | "mounting"
                ) && tokens.get(i + 1).is_some_and(|n| n.lower == "number")
                    && tokens.get(i + 2).is_some_and(|n| n.lower == "of"))
                // (Not in a relative clause: "separatist fighters who have
                // been enforcing a boycott".)
                || (!dated
                    && matches!(t.lower.as_str(), "has" | "have")
                    && !tokens[i.saturating_sub(1)..i]
                        .iter()
                        .any(|t| matches!(t.lower.as_str(), "who" | "which" | "that"))
                    && {
                        // "have mostly contended with kidnapping …".
                        let adverb = tokens.get(i + 1).is_some_and(|n| n.lower.ends_with("ly"));
                        // (Not "23 people have been treated for injuries":
                        // victims counted.)
                        let counted = tokens.get(i + 2 + usize::from(adverb)).is_some_and(|n| {
                            matches!(
                                n.lower.as_str(),
                                "treated"
                                    | "killed"
                                    | "injured"
                                    | "wounded"
                                    | "hurt"
                                    | "hospitalised"
                                    | "hospitalized"
                                    | "admitted"
                            )
                        });
                        !counted
                            && tokens.get(i + 1 + usize::from(adverb)).is_some_and(|n| {
                            matches!(
                                n.lower.as_str(),
                                "been"
                                    | "seen"
                                    | "faced"
                                    | "suffered"
                                    | "witnessed"
                                    | "experienced"
                                    | "contended"
                                    | "grappled"
                                    | "endured"
                            )
                        })
                    })
        });
        // "Kidnappings have surged since July", "has seen attacks since
        // 2017": a trend, not an incident.
        let perfect = (0..tokens.len().saturating_sub(1)).any(|i| {
            matches!(tokens[i].lower.as_str(), "has" | "have")
                && tokens[i + 1].is_word()
                && !tokens[i.saturating_sub(2)..i]
                    .iter()
                    .any(|t| matches!(t.lower.as_str(), "that" | "which" | "who"))
        });
        let within = |i: usize, spans: &[&str]| {
            tokens[i + 1..(i + 4).min(tokens.len())]
                .iter()
                .any(|n| spans.contains(&n.lower.as_str()))
        };
        // "... since 2017", "for weeks"; "has become deadlier over the past
        // decade" (but "have foiled plots over the past two years" are
        // incidents of unknown date).
        let changed = tokens
            .iter()
            .any(|t| CHANGE_VERBS.contains(&t.lower.as_str()));
        let lasting = tokens.iter().enumerate().any(|(i, t)| {
            t.lower == "since"
                // "has stepped up drone attacks this year".
                || (changed
                    && t.lower == "this"
                    && tokens
                        .get(i + 1)
                        .is_some_and(|n| matches!(n.lower.as_str(), "year" | "month")))
                || (matches!(t.lower.as_str(), "for" | "recent")
                    && within(
                        i,
                        &["decade", "decades", "years", "months", "weeks", "days"],
                    ))
                || (changed
                    && matches!(t.lower.as_str(), "past" | "last")
                    && within(i, &["decade", "decades", "years", "months", "year"]))
        });
        let trend = perfect && lasting;
        let skip = historical || generic || trend;
        if !skip {
            let blocked: Vec<bool> = (0..tokens.len())
                .map(|i| date_hits.iter().any(|h| h.first <= i && i < h.last))
                .collect();
            let mut casualties = casualties::find_casualties(tokens, &blocked);
            // "Earlier, officials had said four were dead", "the governor's
            // office had spoken of six dead": a superseded toll.
            let told_before = tokens.windows(2).any(|w| {
                w[0].lower == "had"
                    && matches!(
                        w[1].lower.as_str(),
                        "spoken" | "said" | "put" | "given" | "reported" | "announced" | "cited"
                    )
            });
            // "Seven people died at the scene": those who died first, a
            // part of the toll told before.
            let at_the_scene = tokens.windows(3).any(|w| {
                matches!(
                    [
                        w[0].lower.as_str(),
                        w[1].lower.as_str(),
                        w[2].lower.as_str()
                    ],
                    ["at", "the", "scene"] | ["on", "the", "spot"]
                )
            });
            if told_before
                || at_the_scene
                || tokens.iter().any(|t| {
                    matches!(
                        t.lower.as_str(),
                        "earlier" | "initially" | "originally" | "first"
                    )
                })
            {
                for c in &mut casualties {
                    c.weak = true;
                }
            }
            let claim = find_claim(tokens);
            // Clauses: split at semicolons, and before "in response to" /
            // "in retaliation for", which tell of another incident.
            let mut bounds = vec![0];
            // "condemns the arrest of 27 activists in Harare last Sunday and
            // the abduction of a union leader in Chitungwiza on Tuesday": two
            // incidents of two kinds, each with its own words.
            // So are "… blocked main roads in San Pedro Sula on Monday, and
            // police used tear gas … in the Honduran capital": after a comma,
            // each part naming its own place.
            let placed = |a: usize, b: usize| {
                mentions
                    .iter()
                    .any(|m| token_span(tokens, m).is_some_and(|(f, _)| f >= a && f < b))
            };
            let another_kind = |i: usize| {
                let article = tokens
                    .get(i + 1)
                    .is_some_and(|n| matches!(n.lower.as_str(), "the" | "a" | "an"));
                let comma =
                    i > 0 && tokens[i - 1].text == "," && placed(0, i) && placed(i, tokens.len());
                let reach = if comma { i + 1..=i + 6 } else { i + 2..=i + 3 };
                (article || comma)
                    && cues.iter().any(|c| {
                        reach.contains(&c.first)
                            && cues.iter().any(|b| b.first < i && b.sub != c.sub)
                    })
            };
            let kind_splits: Vec<usize> = (0..tokens.len())
                .filter(|&i| tokens[i].lower == "and" && another_kind(i))
                .map(|i| i + 1)
                .collect();
            // After a comma, each part is typed by its own words (the
            // tear gas in Tegucigalpa is not San Pedro Sula's).
            let comma_splits: Vec<usize> = kind_splits
                .iter()
                .copied()
                .filter(|&b| b >= 2 && tokens[b - 2].text == ",")
                .collect();
            bounds.extend(tokens.iter().enumerate().filter_map(|(i, t)| {
                if (kind_splits.contains(&(i + 1)) && t.lower == "and") || t.text == ";" {
                    Some(i + 1)
                } else if t.lower == "in"
                    && tokens
                        .get(i + 1)
                        .is_some_and(|n| matches!(n.lower.as_str(), "response" | "retaliation"))
                {
                    Some(i)
                } else {
                    None
                }
            }));
            bounds.push(tokens.len());
            for w in bounds.windows(2) {
                let (from, to) = (w[0], w[1]);
                let in_clause = |a: usize| a >= from && a < to;
                // "Police in Gusau confirmed the abduction", "the second car
                // bombing in three days": the incident told before, not one
                // of its own.
                let clause_cues: Vec<Cue> = cues
                    .iter()
                    .filter(|c| {
                        in_clause(c.first)
                            && (!refers_back(tokens, c.first) || state.recent_is_empty(paragraph))
                            && (!describes_told(tokens, c.first) || state.events.is_empty())
                    })
                    .copied()
                    .collect();
                // "The attack took place at around 8:30 p.m. on Sunday": when
                // the incident told happened, said again. It corrects a day
                // read from a later death ("died in hospital on Monday").
                if let Some(c) = cues
                    .iter()
                    .find(|c| in_clause(c.first) && retells_when(tokens, c.first))
                    && let Some((_, i)) = state.last
                    && let Some((Some(DateValue::Day(day)), s, e)) =
                        pick_date(&date_hits, tokens, c.first, (from, to), &cues)
                    && let Some(event) = state.events.get_mut(i)
                    && event.event_type == c.sub.event_type()
                    && event.date.is_none_or(|d| {
                        matches!(d, DateValue::Day(told) if told > day && (told - day).num_days() <= 3)
                    })
                {
                    event.date = Some(DateValue::Day(day));
                    event.evidence.retain(|v| v.field != "date");
                    event.evidence.push(Evidence {
                        field: "date",
                        start: tokens[s].start,
                        end: tokens[e - 1].end,
                    });
                }
                let clause_casualties: Vec<casualties::Casualty> = casualties
                    .iter()
                    .filter(|c| in_clause(c.first))
                    .copied()
                    .collect();
                // A weak cue ("agreed", "killed", "gathered") makes an event
                // only with something that says an incident happened: a day,
                // a toll, a strong cue in the sentence.
                let supported = cues.iter().any(|c| c.strong)
                    || !clause_casualties.is_empty()
                    || date_hits.iter().any(|h| {
                        dates::pins_a_day_or_week(tokens, h)
                            && !tokens[h.first.saturating_sub(2)..h.first]
                                .iter()
                                .any(|t| matches!(t.lower.as_str(), "said" | "says" | "told"))
                    });
                let cue = cues::primary(&clause_cues)
                    .filter(|c| (threatened || !hypothetical_at(c.first)) && !forecast_at(c.first))
                    .filter(|c| c.strong || supported || !state.recent_is_empty(paragraph));
                // "the cell was preparing a suicide attack on a mosque": the
                // plot of the arrests told before, which it makes foiled.
                // ("… preparing to commit a terrorist act … using an
                // improvised explosive device": the device is the plot's.)
                let (cue, plotted) = match cue {
                    Some(c)
                        if clause_cues
                            .iter()
                            .any(|k| k.first <= c.first && plotted_at(tokens, k.first)) =>
                    {
                        let recent = state.recent(paragraph);
                        let arrests: Vec<usize> = recent
                            .into_iter()
                            .filter(|&i| state.events[i].sub_event_type == SubEventType::Arrests)
                            .collect();
                        for &i in &arrests {
                            self.foil(state, i, paragraph);
                        }
                        if arrests.is_empty() {
                            (Some(c), false)
                        } else {
                            (None, true)
                        }
                    }
                    other => (other, false),
                };
                if plotted {
                    continue;
                }
                let anchor = cue.map_or(from, |c| c.first);
                let clause_hits: Vec<actors::ActorHit> = actor_hits
                    .iter()
                    .filter(|h| in_clause(h.first))
                    .copied()
                    .collect();
                let found = self.actor_findings(tokens, &clause_hits, anchor, claim, state);
                let mut places: Vec<Chosen> = match cue {
                    Some(c) => self
                        .select_places(tokens, (from, to), mentions, &c, &actor_hits)
                        .into_iter()
                        .map(|chosen| self.refine_place(chosen, tokens, mentions))
                        .map(|chosen| self.home_place(chosen, tokens, mentions))
                        .map(|chosen| self.finer_place(chosen, mentions))
                        .collect(),
                    None => Vec::new(),
                };
                // Places the clause names as places: not demonyms, not
                // words inside an actor's name ("Kurdistan Workers' Party").
                let clause_places: Vec<&&Mention> = mentions
                    .iter()
                    .filter(|m| {
                        self.trusted(m)
                            && sitrep_geoparse::demonyms::lookup(&m.text).is_none_or(|h| h.is_name)
                            && token_span(tokens, m).is_some_and(|(a, b)| {
                                in_clause(a)
                                    && !(actor_hits.iter().any(|h| h.first < b && a < h.last)
                                        || not_the_incidents_place(tokens, mentions, m, a, b)
                                        // "According to the Rwanda Defence
                                        // Force", "The Kenya Red Cross said".
                                        || in_organisation_name(tokens, b)
                                        || country_as_speaker(tokens, m, b))
                            })
                    })
                    .collect();
                let mut clause_has_places = !clause_places.is_empty();
                let mut provisional = false;
                if places.is_empty() && !clause_has_places && cue.is_some() {
                    let fallback = fallback();
                    // The first incident told, or the first of a new section.
                    let fresh = state.events.is_empty()
                        || fallback.is_some_and(|(_, section)| {
                            section.is_some_and(|at| {
                                state
                                    .events
                                    .iter()
                                    .all(|e| e.evidence.iter().all(|v| v.start < at))
                            })
                        });
                    let fallback = fallback.map(|(m, _)| m);
                    if fresh {
                        // Names the geoparser did not take: those in brackets
                        // after a name ("Bukumbirwa (Walikale, North Kivu)"),
                        // the most specific one it knows; then a name after
                        // "in", "at" or "near" that the gazetteer spells so ("in
                        // Nice", "in Deir ez Zor"). They come before a place
                        // only a later sentence names ("… an agreement with the
                        // US"), not before one an earlier sentence gave.
                        let own = || {
                            self.bracketed_place(tokens, (from, to))
                                .or_else(|| self.locative_name(tokens, (from, to)))
                        };
                        let later = |m: &Mention| tokens.last().is_some_and(|t| m.start >= t.end);
                        let found = match fallback {
                            Some(m) if later(m) => own().or_else(|| {
                                Some(Chosen {
                                    place: place_of(m),
                                    start: m.start,
                                    end: m.end,
                                })
                            }),
                            Some(m) => {
                                provisional = tokens.first().is_some_and(|t| m.end <= t.start);
                                Some(Chosen {
                                    place: place_of(m),
                                    start: m.start,
                                    end: m.end,
                                })
                            }
                            None => own(),
                        };
                        if let Some(chosen) = found {
                            places.push(chosen);
                            clause_has_places = true;
                        }
                    } else if let Some(c) = cue
                        && let Some(e) = state.last_recent(paragraph)
                        && let Some(at) = e.evidence.iter().find(|v| v.field == "location")
                    {
                        // A new incident where the last one was: "Imamoglu
                        // was detained in a dawn raid on Wednesday" after
                        // Thursday's protest (an arrest on another day);
                        // "Within an hour of the stabbing … some threw bricks
                        // at officers" (a crowd's riot after an attack; after
                        // "youths clashed", the rioters are the clash's).
                        let arrest_another_day = c.sub == SubEventType::Arrests
                            && clause_casualties.is_empty()
                            && e.sub_event_type != SubEventType::Arrests
                            && matches!(
                                (pick_date(&date_hits, tokens, c.first, (from, to), &cues), e.date),
                                (Some((Some(DateValue::Day(day)), ..)), Some(d))
                                    if d != DateValue::Day(day)
                            );
                        let riot_after_attack = c.sub.event_type() == EventType::Riots
                            && e.event_type == EventType::ViolenceAgainstCivilians;
                        // "On Monday evening several hundred residents
                        // marched peacefully to the police station" after
                        // the killings: the neighbourhood's own protest.
                        let protest_after_violence = c.sub.event_type() == EventType::Protests
                            && c.strong
                            && matches!(
                                pick_date(&date_hits, tokens, c.first, (from, to), &cues),
                                Some((Some(DateValue::Day(_)), ..))
                            )
                            && violent(e.event_type);
                        // "Last Wednesday a grenade was thrown into a yard
                        // in the city", "also on the Southside": a new
                        // incident of its own day in the town just told of.
                        let same_town = c.strong
                            && matches!(
                                pick_date(&date_hits, tokens, c.first, (from, to), &cues),
                                Some((Some(DateValue::Day(_)), ..))
                            )
                            && names_the_same_town(&tokens[from..to.min(tokens.len())]);
                        if arrest_another_day
                            || riot_after_attack
                            || protest_after_violence
                            || same_town
                        {
                            places.push(Chosen {
                                place: e.location.clone(),
                                start: at.start,
                                end: at.end,
                            });
                            clause_has_places = true;
                        }
                    }
                }
                // "… abducted while travelling in the Pool department", then
                // "Our team was stopped … about 20 kilometres north of
                // Kinkala": the town of the region told says where.
                if cue.is_none()
                    && let [m] = clause_places.as_slice()
                    && matches!(m.kind, MentionKind::Place | MentionKind::Admin2)
                    && token_span(tokens, m).is_some_and(|(a, _)| {
                        a == 0 || !matches!(tokens[a - 1].lower.as_str(), "to" | "from" | "towards")
                    })
                    && let Some((p, i)) = state.last
                    && p + 1 >= paragraph
                    && let Some(e) = state.events.get_mut(i)
                    && e.location.precision == LocationPrecision::Admin1
                    && e.location.country == m.country
                    && m.admin1.as_deref().is_some_and(|a| {
                        same_region_name(
                            a,
                            e.location.admin1.as_deref().unwrap_or(&e.location.name),
                        )
                    })
                {
                    e.location = place_of(m);
                    e.evidence.retain(|v| v.field != "location");
                    e.evidence.push(Evidence {
                        field: "location",
                        start: m.start,
                        end: m.end,
                    });
                }
                // "Fighters of the SPLA-IO … advanced on the garrison from
                // the east": the group that moved on the place attacked.
                let advancing = cue
                    .is_none()
                    .then(|| self.assailant(tokens, &clause_hits))
                    .flatten();
                match cue {
                    // "We see a moderate likelihood of such protests in the
                    // first quarter of 2027": a time still to come.
                    Some(c)
                        if c.status == Status::Occurred
                            && pick_date(&date_hits, tokens, c.first, (from, to), &cues)
                                .and_then(|(v, ..)| v)
                                .zip(published)
                                .is_some_and(|(v, p)| v.after(p)) => {}
                    Some(c) if !places.is_empty() => {
                        let date = pick_date(&date_hits, tokens, c.first, (from, to), &cues);
                        let sub = if c.status == Status::Occurred {
                            // Two incidents of two kinds: each typed by its
                            // own words.
                            let (words, c) =
                                if comma_splits.contains(&from) || comma_splits.contains(&to) {
                                    let shifted = Cue {
                                        first: c.first - from,
                                        last: c.last - from,
                                        ..c
                                    };
                                    (&tokens[from..to], shifted)
                                } else {
                                    (tokens, c)
                                };
                            classify::decide(words, c.first, cues::refine(words, &c))
                        } else {
                            c.sub
                        };
                        for chosen in &places {
                            let mut event = ExtractedEvent {
                                event_type: sub.event_type(),
                                sub_event_type: sub,
                                status: c.status,
                                date: match date {
                                    Some((v, _, _)) => v,
                                    // No date at all: the story's, as told so far.
                                    None if date_hits.is_empty() => {
                                        // "… also clashed in the Al-Abdiyah
                                        // district": the same day as the
                                        // incident before (but "has also
                                        // claimed rocket fire" dates nothing).
                                        let also =
                                            c.first > 0 && tokens[c.first - 1].lower == "also";
                                        let similar =
                                            also || tokens.iter().any(|t| {
                                                matches!(t.lower.as_str(), "similar" | "similarly")
                                            }) || same_day_as_before(tokens);
                                        match state.last_in(paragraph) {
                                            Some(e) => e.date,
                                            // The date of the incident told
                                            // before when the words say so;
                                            // else, or when it has none ("Both
                                            // defendants were detained … on
                                            // the same day" after searches "On
                                            // 10 November"), the paragraph's:
                                            // "Last week, armed men attacked
                                            // homes in Kinigi. Three civilians
                                            // were killed".
                                            None => similar
                                                .then(|| state.last_date(paragraph))
                                                .flatten()
                                                .or_else(|| {
                                                    state
                                                        .named_date
                                                        .filter(|&(p, _)| p == paragraph)
                                                        .map(|(_, v)| v)
                                                }),
                                        }
                                    }
                                    None => None,
                                },
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
                            // "Israeli settlers hurled stones at passing
                            // cars": rioters ACLED names after their home
                            // ("Rioters (Israel)"), not after the place.
                            let home = event
                                .actors
                                .iter()
                                .filter(|a| a.role == ActorRole::Perpetrator)
                                .filter_map(|a| self.registry.by_name(&a.name))
                                .find(|r| r.kind == "identity_militia")
                                .and_then(|r| r.country.clone());
                            add_generic_actors(
                                &self.registry,
                                &mut event,
                                tokens,
                                c.first,
                                home.as_deref(),
                            );
                            // "members of the same cell placed the explosive
                            // device": the group of the cell told before.
                            if !event
                                .actors
                                .iter()
                                .any(|a| a.role == ActorRole::Perpetrator)
                                && tokens.windows(2).any(|w| {
                                    w[0].lower == "same"
                                        && matches!(
                                            w[1].lower.as_str(),
                                            "cell" | "group" | "network"
                                        )
                                })
                                && let Some(group) =
                                    state.last_actor.and_then(|(a, _)| self.registry.get(a))
                            {
                                event
                                    .actors
                                    .push(EventActor::perpetrator(group.name.clone()));
                            }
                            state.add(event, paragraph, !c.strong);
                            if provisional {
                                state.provisional = Some(state.events.len() - 1);
                            }
                        }
                    }
                    // A claim or a blame with no incident of its own is about
                    // the incident told before, whatever places it names ("the
                    // minister blamed the ELN, which is strong along the border
                    // with Venezuela").
                    // ("… the Manzini government hospital said it had
                    // treated 17 people": the place of the incident told.)
                    // ("… and was planning to strike a shopping centre in
                    // the Jordanian capital": the target of the plot told.)
                    _ if ((!clause_has_places
                        || (cue.is_none()
                            && cues::tells_of_plot(tokens)
                            && state
                                .last_recent(paragraph)
                                .is_some_and(|e| e.sub_event_type == SubEventType::Arrests))
                        || (cue.is_none()
                            && !clause_casualties.is_empty()
                            && clause_places.iter().all(|m| {
                                state
                                    .last_recent(paragraph)
                                    .is_some_and(|e| e.location.gazetteer_id == m.gazetteer_id)
                            })))
                        && (cue.is_some()
                            || !clause_casualties.is_empty()
                            || claim.is_some()
                            || cues::tells_of_plot(tokens)
                            || tells_of_impact(&tokens[from..to])
                            || police_moved_in(&tokens[from..to], state, paragraph)
                            || crowd_turned(&tokens[from..to], state, paragraph)))
                        || (cue.is_none()
                            && (claim.is_some()
                                || members_of_group(tokens, &clause_hits, state, paragraph)
                                || advancing.is_some())) =>
                    {
                        let date = pick_date(&date_hits, tokens, anchor, (from, to), &cues);
                        let mut recent = state.recent(paragraph);
                        // "nine were killed in the market bombing" after a
                        // drone strike told: the bombing told before it.
                        if let Some(c) = cue
                            && !recent.is_empty()
                            && recent
                                .iter()
                                .all(|&i| air_and_ground(state.events[i].sub_event_type, c.sub))
                            && let Some(i) = state.events.iter().rposition(|e| {
                                e.event_type == c.sub.event_type()
                                    && !air_and_ground(e.sub_event_type, c.sub)
                            })
                        {
                            recent = vec![i];
                        }
                        let single = recent.len() == 1;
                        // In a live blog told newest first, a toll further
                        // down is an older one: it fills only a gap.
                        let mut counts = clause_casualties.clone();
                        if state.newest_first {
                            counts.iter_mut().for_each(|c| c.weak = true);
                        }
                        for i in recent {
                            let Some(event) = state.events.get_mut(i) else {
                                continue;
                            };
                            // ("Jordanian army kills four smugglers in border
                            // clash" after an arrest: another incident's dead.)
                            let violence_of_its_own = cue.is_some_and(|c| {
                                c.sub.event_type() != EventType::StrategicDevelopments
                            }) && event.event_type
                                == EventType::StrategicDevelopments;
                            // ("… and a soldier was shot dead in one such
                            // ambush in 2024": an earlier incident's dead.)
                            let earlier = matches!(
                                (date, event.date),
                                (Some((Some(d), ..)), Some(e)) if d.before(e)
                            );
                            if single && !violence_of_its_own && !earlier {
                                apply_casualties(event, tokens, &counts);
                            }
                            if event.event_type == EventType::Protests
                                && cues::crowd_violence(tokens)
                            {
                                turn_to_riot(event, tokens);
                            } else if event.sub_event_type == SubEventType::PeacefulProtest
                                && let Some(response) = cues::police_response(tokens)
                            {
                                event.sub_event_type = response;
                            }
                            // "The members of the cell were preparing to carry
                            // out an attack": the arrests told before foiled it.
                            let foiled = event.sub_event_type == SubEventType::Arrests
                                && event.status == Status::Occurred
                                && cues::tells_of_plot(tokens);
                            if foiled {
                                event.status = Status::Foiled;
                            }
                            // "… saying two of its members detonated explosive
                            // belts": the explosions were suicide bombings.
                            if let Some(c) = cue
                                && c.sub == SubEventType::SuicideBomb
                                && event.event_type == EventType::ExplosionsRemoteViolence
                            {
                                event.sub_event_type = c.sub;
                            }
                            apply_actors(event, &found, tokens, anchor);
                            if let Some(name) = &advancing
                                && !event
                                    .actors
                                    .iter()
                                    .any(|a| a.role == ActorRole::Perpetrator)
                            {
                                for a in &mut event.actors {
                                    if &a.name == name {
                                        a.role = ActorRole::Perpetrator;
                                    }
                                }
                            }
                            // "Local officials attributed the strike to the
                            // Ethiopian National Defence Force".
                            if !event
                                .actors
                                .iter()
                                .any(|a| a.role == ActorRole::Perpetrator)
                                && let Some(force) = claimed_state_force(
                                    tokens,
                                    claim,
                                    event.location.country.as_deref(),
                                )
                                .or_else(|| {
                                    separatists_by_kind(
                                        &self.registry,
                                        tokens,
                                        claim,
                                        anchor,
                                        event.location.country.as_deref(),
                                    )
                                })
                            {
                                push_perpetrator(event, tokens, force);
                            }
                            if let (None, Some((Some(d), s, e))) = (event.date, date) {
                                event.date = Some(d);
                                event.evidence.push(Evidence {
                                    field: "date",
                                    start: tokens[s].start,
                                    end: tokens[e - 1].end,
                                });
                            }
                            if foiled {
                                self.foil(state, i, paragraph);
                            }
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
                state.last_actor = Some((h.actor, paragraph));
            }
        }
    }
}

fn apply_casualties(event: &mut ExtractedEvent, tokens: &[Token], found: &[casualties::Casualty]) {
    for c in found {
        let (slot, field) = match c.count {
            Count::Killed => (&mut event.fatalities, "fatalities"),
            Count::Wounded => (&mut event.injuries, "injuries"),
            Count::AttackersKilled => (&mut event.attackers_killed, "attackers_killed"),
        };
        if c.weak && slot.is_some() {
            continue;
        }
        *slot = Some(c.value);
        event.evidence.retain(|e| e.field != field);
        event.evidence.push(Evidence {
            field,
            start: tokens[c.first].start,
            end: tokens[c.last - 1].end,
        });
    }
}

/// The date nearest the cue: in the clause, else in the sentence. Returns
/// (value, first token, end token); a vague span gives no value.
fn pick_date(
    hits: &[dates::DateHit],
    tokens: &[Token],
    cue: usize,
    clause: (usize, usize),
    others: &[Cue],
) -> Option<(Option<DateValue>, usize, usize)> {
    // "officials said on Thursday", "told reporters on Saturday", "the ELN
    // on Monday claimed": when it was said, not when it happened.
    let telling = |t: &Token| {
        matches!(
            t.lower.as_str(),
            "said"
                | "says"
                | "told"
                | "reported"
                | "announced"
                | "confirmed"
                | "stated"
                | "claimed"
                // "Police on Tuesday continued to question a man arrested
                // after …": the inquiry's day.
                | "continued"
        )
    };
    // ("claimed responsibility for Sunday's suicide attack": the day of
    // the incident, in the possessive.)
    let reported = |h: &dates::DateHit| {
        !possessive_at(tokens, h.last)
            && (tokens[h.first.saturating_sub(3)..h.first]
                .iter()
                .any(telling)
                || tokens.get(h.last).is_some_and(telling))
    };
    // "relatives of two hunters who were killed in 2020 staged a rally":
    // a date right after another incident's cue dates that incident.
    // Only a cue of another kind of incident: "a suicide bombing on Friday"
    // is one incident.
    let own_type = others
        .iter()
        .find(|c| c.first == cue)
        .map(|c| c.sub.event_type());
    let governed = |h: &dates::DateHit| {
        let mut j = h.first;
        if j > 0 && matches!(tokens[j - 1].lower.as_str(), "in" | "on" | "of" | "during") {
            j -= 1;
        }
        // Only a year or a month ("killed in 2020"): "killed on Thursday
        // when the bomb went off" dates the bombing too.
        let coarse = matches!(
            h.kind,
            DateKind::Date(Some(DateValue::Year(_) | DateValue::Month(..)))
        );
        coarse
            && own_type.is_some_and(|own| {
                others
                    .iter()
                    .any(|c| c.last == j && c.first != cue && c.sub.event_type() != own)
            })
    };
    // "The death toll from the bombing rose to seven on Saturday": when
    // the toll grew, not when the bombing happened.
    let revised = |h: &dates::DateHit| {
        tokens[h.first.saturating_sub(5)..h.first].iter().any(|t| {
            matches!(
                t.lower.as_str(),
                "rose" | "risen" | "climbed" | "jumped" | "increased"
            )
        })
    };
    // "family members of a student who went missing 2 years ago staged a
    // sit-in on 2 January": a span counted back dates another happening
    // when the sentence names a date of its own.
    let ago = |h: &dates::DateHit| tokens[h.last - 1].lower == "ago";
    let dated = hits
        .iter()
        .any(|h| !ago(h) && matches!(h.kind, DateKind::Date(Some(_))));
    let hits: Vec<dates::DateHit> = hits
        .iter()
        .filter(|h| !(reported(h) || governed(h) || revised(h) || (dated && ago(h))))
        .copied()
        .collect();
    let hits = &hits[..];
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

/// Verbs of a trend: what "has become deadlier over the past decade".
const CHANGE_VERBS: &[&str] = &[
    "become",
    "grown",
    "risen",
    "increased",
    "surged",
    "declined",
    "fallen",
    "dropped",
    "doubled",
    "tripled",
    "worsened",
    "intensified",
    "stepped",
    "expanded",
    "escalated",
    "spread",
];

/// Whether the cue at chars `start..end` names a practice, not an
/// incident: an "-ing" noun with no article, possessive, number, auxiliary
/// or conjunction before it ("kidnapping by armed gangs", "Kidnapping for
/// ransom is a growing concern"; not "the kidnapping", "were kidnapping",
/// "arrested while protesting").
fn names_a_practice(chars: &[char], start: usize, end: usize) -> bool {
    let word: String = chars[start..end].iter().collect::<String>().to_lowercase();
    if !word.ends_with("ing") || word.contains(' ') {
        return false;
    }
    let before = tokens::tokenize(chars, start.saturating_sub(30), start);
    !before.last().is_some_and(|t| {
        t.digits().is_some()
            || casualties::number_at(std::slice::from_ref(t), 0).is_some()
            || matches!(
                t.lower.as_str(),
                "a" | "an"
                    | "the"
                    | "this"
                    | "that"
                    | "its"
                    | "their"
                    | "his"
                    | "her"
                    | "s"
                    | "was"
                    | "were"
                    | "is"
                    | "are"
                    | "been"
                    | "be"
                    | "of"
                    | "while"
                    | "after"
                    | "before"
                    | "when"
                    | "by"
                    | "for"
                    | "since"
                    | "without"
            )
    })
}

/// Whether a possessive "'s" starts at token `at` (the tokeniser splits
/// "Sydney's" into "Sydney", "'", "s").
fn possessive_at(tokens: &[Token], at: usize) -> bool {
    tokens
        .get(at)
        .is_some_and(|t| matches!(t.text.as_str(), "'" | "’"))
        && tokens.get(at + 1).is_some_and(|t| t.lower == "s")
}

/// "was preparing a suicide attack", "were planning an attack": a cue at
/// `cue` that a plan word governs.
fn plotted_at(tokens: &[Token], cue: usize) -> bool {
    let plan = |t: &Token| {
        matches!(
            t.lower.as_str(),
            "preparing" | "planning" | "plotting" | "plotted" | "planned"
        )
    };
    // "were preparing to carry out a terrorist act": the plan word before
    // its infinitive, no clause break between.
    let before_infinitive = (cue.saturating_sub(8)..cue).any(|j| {
        plan(&tokens[j])
            && tokens.get(j + 1).is_some_and(|t| t.lower == "to")
            && !tokens[j..cue]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "," | "and" | ";" | "but"))
    });
    before_infinitive || tokens[cue.saturating_sub(3)..cue].iter().any(plan)
}

/// "confirmed the abduction", "condemned this attack": a cue at `cue` that
/// names, as the object of a verb of telling or judging, an incident
/// already told.
fn refers_back(tokens: &[Token], cue: usize) -> bool {
    // ("an investigation into the killing in Masaya".)
    let object = cue >= 2
        && matches!(tokens[cue - 1].lower.as_str(), "the" | "this" | "that")
        && (matches!(
            tokens[cue - 2].lower.as_str(),
            "confirmed" | "condemned" | "denounced" | "reported" | "described" | "investigating"
        ) || (tokens[cue - 2].lower == "into"
            && cue >= 3
            && matches!(
                tokens[cue - 3].lower.as_str(),
                "investigation" | "inquiry" | "probe" | "enquiry"
            )))
        // "called the attack \"a cowardly act\"": the incident told, named.
        || (cue >= 2
            && tokens[cue - 1].lower == "the"
            && matches!(tokens[cue - 2].lower.as_str(), "called" | "branded" | "termed")
            && tokens.get(cue + 1).is_some_and(|t| {
                matches!(t.lower.as_str(), "a" | "an" | "\"" | "“" | "'" | "‘")
            }));
    // "— the fourth fatal shooting in the Brussels region since New Year":
    // the incident told, counted in a series.
    let counted = (cue.saturating_sub(3)..cue).any(|j| {
        j > 0
            && tokens[j - 1].lower == "the"
            && (casualties::ordinal(&tokens[j].lower).is_some() || tokens[j].lower == "latest")
    });
    // "The bombing came two days after gunmen … shot dead a rubber
    // tapper": the incident told, set beside another.
    let set_beside = tokens[cue + 1..(cue + 3).min(tokens.len())]
        .iter()
        .any(|t| matches!(t.lower.as_str(), "came" | "comes" | "followed" | "follows"));
    object || counted || set_beside
}

/// "investigators were satisfied the attack was religiously motivated",
/// "no evidence that Friday's attack was linked to them": a cue at `cue`
/// that describes an incident told, however far back.
fn describes_told(tokens: &[Token], cue: usize) -> bool {
    retells_when(tokens, cue) || {
        definite_at(tokens, cue)
            && tokens
                .get(cue + 1)
                .is_some_and(|t| matches!(t.lower.as_str(), "was" | "is" | "are" | "were"))
            && tokens.get(cue + 2).is_some_and(|t| {
                t.lower.ends_with("ly")
                    || matches!(
                        t.lower.as_str(),
                        "motivated" | "linked" | "connected" | "related" | "an" | "a"
                    )
                    // "The protests are the largest youth-led mobilisation
                    // in a decade".
                    || (t.lower == "the"
                        && tokens.get(cue + 3).is_some_and(|n| {
                            n.lower.ends_with("est")
                                || matches!(
                                    n.lower.as_str(),
                                    "latest" | "worst" | "first" | "second" | "third"
                                )
                        }))
            })
    }
}

/// "The attack took place at around 8:30 p.m. on Sunday", "Friday's
/// shooting happened": the incident told, placed in time again.
fn retells_when(tokens: &[Token], cue: usize) -> bool {
    definite_at(tokens, cue)
        && match tokens.get(cue + 1).map(|t| t.lower.as_str()) {
            Some("took") => tokens.get(cue + 2).is_some_and(|t| t.lower == "place"),
            Some(w) => matches!(w, "happened" | "occurred" | "unfolded"),
            None => false,
        }
}

/// "the attack", "Friday's attack": a cue at `cue` with a definite article
/// or a weekday's possessive before it.
fn definite_at(tokens: &[Token], cue: usize) -> bool {
    cue >= 1
        && (tokens[cue - 1].lower == "the"
            || (cue >= 3
                && possessive_at(tokens, cue - 2)
                && dates::weekday_named(&tokens[cue - 3].lower).is_some()))
}

/// Whether a clause places its incident by pointing back at the town just
/// told of: "in the city", "near the town", "also on the Southside".
fn names_the_same_town(tokens: &[Token]) -> bool {
    tokens.windows(3).any(|w| {
        matches!(w[0].lower.as_str(), "in" | "on" | "at" | "near" | "outside")
            && w[1].lower == "the"
            && matches!(
                w[2].lower.as_str(),
                "city" | "town" | "capital" | "village" | "neighbourhood" | "neighborhood"
            )
    }) || tokens.windows(3).any(|w| {
        w[0].lower == "also"
            && matches!(w[1].lower.as_str(), "in" | "on" | "at")
            && w[2].lower == "the"
    })
}

/// "Groups of masked young men began hurling Molotov cocktails at the
/// building": a clause that tells how the protest told before turned.
fn crowd_turned(tokens: &[Token], state: &State, paragraph: usize) -> bool {
    state
        .last_recent(paragraph)
        .is_some_and(|e| e.event_type == EventType::Protests)
        && cues::crowd_violence(tokens)
}

/// "Police moved in after about an hour, dispersing the crowd": a clause
/// that tells how the protest told before was met.
fn police_moved_in(tokens: &[Token], state: &State, paragraph: usize) -> bool {
    state
        .last_recent(paragraph)
        .is_some_and(|e| e.sub_event_type == SubEventType::PeacefulProtest)
        && cues::police_response(tokens).is_some()
}

/// "The devices struck the base early on Sunday": a clause that tells of
/// the impact of what the sentence before called an attack, and may date
/// it.
fn tells_of_impact(tokens: &[Token]) -> bool {
    tokens.iter().any(|t| {
        generic::is_strike_verb(&t.text)
            || matches!(
                t.lower.as_str(),
                "hit" | "hitting" | "exploded" | "detonated"
            )
    })
}

/// "Hours later", "minutes later", "later that day", "the same day": the
/// sentence's incident falls on the day of the one told before it.
fn same_day_as_before(tokens: &[Token]) -> bool {
    tokens.windows(2).any(|w| {
        matches!(
            (w[0].lower.as_str(), w[1].lower.as_str()),
            ("hours" | "minutes" | "moments", "later") | ("same", "day")
        )
    }) || tokens
        .windows(3)
        .any(|w| w[0].lower == "later" && w[1].lower == "that" && w[2].lower == "day")
}

/// A demonstration a later sentence shows turning violent ("groups of
/// protesters smashed shop windows") is a riot, its crowd rioters.
fn turn_to_riot(event: &mut ExtractedEvent, tokens: &[Token]) {
    let protesters = generic::crowd(event.sub_event_type, event.location.country.as_deref());
    event.sub_event_type = SubEventType::ViolentDemonstration;
    event.event_type = EventType::Riots;
    let rioters = generic::crowd(event.sub_event_type, event.location.country.as_deref());
    for a in &mut event.actors {
        if Some(&a.name) == protesters.as_ref()
            && let Some(name) = &rioters
        {
            a.name = name.clone();
        }
    }
    if let (Some(first), Some(last)) = (tokens.first(), tokens.last()) {
        event.evidence.push(Evidence {
            field: "event_type",
            start: first.start,
            end: last.end,
        });
    }
}

#[cfg(test)]
/// Helpers the modules' unit tests share.
mod test_support {
    use super::*;

    pub(crate) fn words(text: &str) -> Vec<Token> {
        let chars: Vec<char> = text.chars().collect();
        tokens::tokenize(&chars, 0, chars.len())
    }

    pub(crate) fn at(tokens: &[Token], word: &str) -> usize {
        tokens
            .iter()
            .position(|t| t.text == word)
            .unwrap_or(usize::MAX)
    }

    pub(crate) fn cand(name: &str, population: u64, exact: bool) -> sitrep_geoparse::resolve::Cand {
        sitrep_geoparse::resolve::Cand {
            kind: MentionKind::Place,
            id: format!("gn:{name}"),
            name: name.to_owned(),
            country: None,
            admin1: None,
            lat: 0.0,
            lon: 0.0,
            population,
            exact,
        }
    }
}
