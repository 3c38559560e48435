//! sitrep's domain model: security events, their sources and actors, the ACLED
//! taxonomy that is sitrep's canonical event classification, and the derived risk
//! category. Pure data and rules, no IO and no serialisation format: the wire
//! format lives in `sitrep-api`, the storage format in `sitrep-store`.

mod category;
mod event;
mod taxonomy;

pub use category::{Category, derive_category};
pub use event::{
    Actor, ActorKind, ActorRole, DatePrecision, Event, EventActor, EventDate, EventId, Location,
    LocationPrecision, ParseError, Source, Status,
};
pub use taxonomy::{EventType, SubEventType};
