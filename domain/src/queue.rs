//! The work lists ("queues") as one type: each one's API path
//! (`/api/v1/queues/{path}`), its parser with who may see it, its KV index
//! prefix and the name its count is kept under. The worker serves and counts
//! them, the app asks for them and the OpenAPI document lists them from here,
//! so adding a queue is one variant here (plus its index rule in
//! [`crate::layout::index::entries`] if it has rows of its own).
//!
//! | path | index name (count key) | who |
//! |---|---|---|
//! | `recent`, `open`, `sla`, `outstanding`, `approvals` | the same | staff, managers |
//! | `mine` | `owner/{caller}` | anyone signed in |
//! | `replies` | `replies/{caller}` | anyone signed in |
//! | `stage/{kind}/{stage}` | the same | staff, managers |
//! | `owner/{user}` | the same | staff, managers |
//! | `tech/{user}`, `tech/{user}/{YYYY-MM-DD}` | the same | staff, managers, that technician |
//! | `serial/{serial}` | the same (serial as a key segment) | staff, managers |
//! | `rep/{user}` | the same | staff, managers, that sales rep |

use std::collections::BTreeMap;

use crate::access::{allowed, Action, Actor, Role};
use crate::layout::index::serial_segment;
use crate::{CaseKind, Date, Status, UserId};

/// The longest serial number a queue takes (its index key holds the serial).
pub const MAX_SERIAL: usize = 64;

/// A work list: one KV index prefix listed in order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Queue {
    /// Every case, newest first.
    Recent,
    /// Cases not closed or cancelled, newest first.
    Open,
    /// Open cases by next SLA deadline.
    Sla,
    /// Defective units authorised, not yet received, oldest first.
    Outstanding,
    /// Money entries awaiting approval, oldest first.
    Approvals,
    /// The caller's open cases.
    Mine,
    /// The caller's cases whose customer waits for an answer, longest first.
    Replies,
    /// Cases in one stage of a kind (the status carries its kind).
    Stage(Status),
    /// The open cases of one owner.
    Owner(UserId),
    /// A technician's open jobs, by visit day and window; one day's visits
    /// (China time) with `day`.
    Tech {
        /// The technician.
        user: UserId,
        /// Only the visits of this day.
        day: Option<Date>,
    },
    /// Every case of a serial number (as a key segment: [`serial_segment`]).
    Serial(String),
    /// A sales rep's customers' open cases.
    Rep(UserId),
}

/// Why a queue path is refused: each maps to one HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueueError {
    /// No such queue (404).
    #[error("No queue `{0}`.")]
    NotFound(String),
    /// The caller may not see it (403).
    #[error("You may not see this queue.")]
    Forbidden,
    /// The kind of `stage/{kind}/…` is not one (400, field `kind`).
    #[error("{0}")]
    InvalidKind(String),
    /// The stage is not one of the kind's (400, field `stage`).
    #[error("`{stage}` is not a stage of a {kind}.")]
    InvalidStage {
        /// The kind.
        kind: CaseKind,
        /// The stage asked for.
        stage: String,
    },
    /// Not a user name (400, field `user`).
    #[error("{0}")]
    InvalidUser(String),
    /// Not a `YYYY-MM-DD` day (400, field `day`).
    #[error("{0}")]
    InvalidDate(String),
    /// An empty or too long serial number (400, field `serial`).
    #[error("Give a serial number of 1 to {MAX_SERIAL} characters.")]
    InvalidSerial,
}

impl QueueError {
    /// The error code of a 400 answer and its field; `None` for a 403 or 404.
    pub fn code_and_field(&self) -> Option<(&'static str, &'static str)> {
        match self {
            QueueError::NotFound(_) | QueueError::Forbidden => None,
            QueueError::InvalidKind(_) => Some(("invalid_kind", "kind")),
            QueueError::InvalidStage { .. } => Some(("invalid_stage", "stage")),
            QueueError::InvalidUser(_) => Some(("invalid_user", "user")),
            QueueError::InvalidDate(_) => Some(("invalid_date", "day")),
            QueueError::InvalidSerial => Some(("invalid_serial", "serial")),
        }
    }
}

fn user(text: &str) -> Result<UserId, QueueError> {
    UserId::parse(text).map_err(QueueError::InvalidUser)
}

impl Queue {
    /// The lists named by one path segment, in the order the app's tabs show them.
    pub const TABS: [Queue; 7] = [
        Queue::Recent,
        Queue::Open,
        Queue::Sla,
        Queue::Outstanding,
        Queue::Approvals,
        Queue::Mine,
        Queue::Replies,
    ];

    /// The index names whose every queue `GET /queues/counts` gives staff
    /// and managers (`owner/…`, `stage/…`, `tech/…`).
    const COUNTED_FAMILIES: [&'static str; 3] = ["owner/", "stage/", "tech/"];

    /// The path under `/api/v1/queues/` (`sla`, `stage/repair/new`,
    /// `tech/wu.gang/2026-11-23`).
    pub fn path(&self) -> String {
        match self {
            Queue::Recent => "recent".into(),
            Queue::Open => "open".into(),
            Queue::Sla => "sla".into(),
            Queue::Outstanding => "outstanding".into(),
            Queue::Approvals => "approvals".into(),
            Queue::Mine => "mine".into(),
            Queue::Replies => "replies".into(),
            Queue::Stage(s) => format!("stage/{}/{}", s.kind(), s.name()),
            Queue::Owner(u) => format!("owner/{u}"),
            Queue::Tech { user, day: None } => format!("tech/{user}"),
            Queue::Tech {
                user,
                day: Some(day),
            } => format!("tech/{user}/{day}"),
            Queue::Serial(s) => format!("serial/{s}"),
            Queue::Rep(u) => format!("rep/{u}"),
        }
    }

    /// The queue `segments` (the path after `/queues/`) name, if `actor`
    /// may see it. Arguments are checked only once the caller may see the
    /// family (a technician asking for `stage/…` is refused, not corrected),
    /// except a technician's and a sales rep's name, which decide who may.
    pub fn parse(segments: &[&str], actor: &Actor) -> Result<Queue, QueueError> {
        let everything = allowed(actor, Action::Queues, None);
        let own = |role: Role, u: &UserId| actor.role == role && actor.user == *u;
        let staff_only = matches!(
            segments,
            ["recent" | "open" | "sla" | "outstanding" | "approvals"]
                | ["stage", _, _]
                | ["owner", _]
                | ["serial", _]
        );
        if staff_only && !everything {
            return Err(QueueError::Forbidden);
        }
        match segments {
            ["recent"] => Ok(Queue::Recent),
            ["open"] => Ok(Queue::Open),
            ["sla"] => Ok(Queue::Sla),
            ["outstanding"] => Ok(Queue::Outstanding),
            ["approvals"] => Ok(Queue::Approvals),
            ["mine"] => Ok(Queue::Mine),
            ["replies"] => Ok(Queue::Replies),
            ["stage", kind, stage] => {
                let kind = CaseKind::parse(kind).map_err(|e| QueueError::InvalidKind(e.message))?;
                Status::parse(kind, stage).map(Queue::Stage).ok_or_else(|| {
                    QueueError::InvalidStage {
                        kind,
                        stage: (*stage).to_owned(),
                    }
                })
            }
            ["owner", u] => Ok(Queue::Owner(user(u)?)),
            ["tech", u, rest @ ..] if rest.len() <= 1 => {
                let u = user(u)?;
                if !(everything || own(Role::Technician, &u)) {
                    return Err(QueueError::Forbidden);
                }
                let day = match rest {
                    [day] => {
                        Some(Date::parse(day).map_err(|e| QueueError::InvalidDate(e.to_string()))?)
                    }
                    _ => None,
                };
                Ok(Queue::Tech { user: u, day })
            }
            ["serial", serial] => {
                let seg = serial_segment(serial);
                if seg.is_empty() || seg.len() > MAX_SERIAL {
                    return Err(QueueError::InvalidSerial);
                }
                Ok(Queue::Serial(seg))
            }
            ["rep", u] => {
                let u = user(u)?;
                if !(everything || own(Role::SalesRep, &u)) {
                    return Err(QueueError::Forbidden);
                }
                Ok(Queue::Rep(u))
            }
            _ => Err(QueueError::NotFound(segments.join("/"))),
        }
    }

    /// The index name for `caller` (`mine` is `owner/{caller}`, `replies`
    /// `replies/{caller}`): the index keys' path without `idx/` and the
    /// ordering segments, and the name its count is kept under.
    pub fn name(&self, caller: &UserId) -> String {
        match self {
            Queue::Mine => Queue::Owner(caller.clone()).path(),
            Queue::Replies => format!("replies/{caller}"),
            other => other.path(),
        }
    }

    /// The KV index prefix of the queue for `caller` (`idx/owner/li.na/`).
    pub fn prefix(&self, caller: &UserId) -> String {
        format!("idx/{}/", self.name(caller))
    }

    /// How many segments of an index key after `idx/` name its queue, by
    /// the first (`idx/owner/li.na/0123` is in `owner/li.na`); `None` for
    /// index keys that are lookups, not queues (serial, phone, name).
    pub fn name_depth(family: &str) -> Option<usize> {
        match family {
            "recent" | "open" | "sla" | "outstanding" | "approvals" => Some(1),
            "owner" | "replies" | "rep" => Some(2),
            "stage" | "tech" => Some(3),
            _ => None,
        }
    }

    /// What `GET /queues/counts` gives `actor`: the queue names, and the
    /// name prefixes whose every queue it gives. Everyone gets their own
    /// `owner/` and `replies/`; staff and managers every shared queue and
    /// every owner's, stage's and technician day's; a technician their own
    /// days; a sales rep her customers' queue.
    pub fn counted(actor: &Actor) -> (Vec<String>, Vec<String>) {
        let me = &actor.user;
        let mut names = vec![Queue::Mine.name(me), Queue::Replies.name(me)];
        let mut prefixes = Vec::new();
        if allowed(actor, Action::Queues, None) {
            names.extend(
                [
                    Queue::Recent,
                    Queue::Open,
                    Queue::Sla,
                    Queue::Outstanding,
                    Queue::Approvals,
                ]
                .iter()
                .map(|q| q.name(me)),
            );
            prefixes.extend(Queue::COUNTED_FAMILIES.map(String::from));
        } else if actor.role == Role::Technician {
            prefixes.push(format!("tech/{me}/"));
        } else if actor.role == Role::SalesRep {
            names.push(Queue::Rep(me.clone()).name(me));
        }
        (names, prefixes)
    }

    /// Gives the caller's own counts their paths (`mine`, `replies`) as
    /// well; a caller who may not see every queue keeps only those.
    pub fn alias_counts(actor: &Actor, counts: &mut BTreeMap<String, u64>) {
        let everything = allowed(actor, Action::Queues, None);
        for alias in [Queue::Mine, Queue::Replies] {
            let own = alias.name(&actor.user);
            if let Some(n) = counts.get(&own).copied() {
                counts.insert(alias.path(), n);
            }
            if !everything {
                counts.remove(&own);
            }
        }
    }
}

/// The `{queue}` of `GET /api/v1/queues/{queue}` in the API document: a
/// string enum of [`Queue::TABS`]' paths, so the document lists every one.
#[cfg(feature = "openapi")]
pub struct QueueTab;

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for QueueTab {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .description(Some("A work list named by one path segment."))
            .enum_values(Some(Queue::TABS.iter().map(Queue::path)))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for QueueTab {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("Queue")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, name: &str) -> Actor {
        Actor {
            user: UserId::parse(name).unwrap(),
            role,
        }
    }

    #[test]
    fn every_queue_reads_back_from_its_path() {
        let staff = actor(Role::Staff, "li.na");
        let u = || UserId::parse("wu.gang").unwrap();
        let mut queues = Queue::TABS.to_vec();
        queues.extend([
            Queue::Stage(Status::initial(CaseKind::Repair)),
            Queue::Owner(u()),
            Queue::Tech {
                user: u(),
                day: None,
            },
            Queue::Tech {
                user: u(),
                day: Some(Date::parse("2026-11-23").unwrap()),
            },
            Queue::Serial("SN-1".into()),
            Queue::Rep(u()),
        ]);
        for q in queues {
            let path = q.path();
            let segments: Vec<&str> = path.split('/').collect();
            assert_eq!(Queue::parse(&segments, &staff), Ok(q.clone()), "{path}");
            let name = q.name(&staff.user);
            let family = name.split('/').next().unwrap();
            if !matches!(q, Queue::Serial(_) | Queue::Tech { day: None, .. }) {
                assert_eq!(Queue::name_depth(family), Some(name.split('/').count()));
            }
        }
    }

    #[test]
    fn who_may_see_a_queue() {
        let tech = actor(Role::Technician, "wu.gang");
        assert_eq!(Queue::parse(&["mine"], &tech), Ok(Queue::Mine));
        assert_eq!(
            Queue::parse(&["stage", "nope", "x"], &tech),
            Err(QueueError::Forbidden)
        );
        assert_eq!(
            Queue::parse(&["tech", "li.na"], &tech),
            Err(QueueError::Forbidden)
        );
        assert!(Queue::parse(&["tech", "wu.gang", "2026-11-23"], &tech).is_ok());
        assert_eq!(
            Queue::parse(&["nope"], &tech),
            Err(QueueError::NotFound("nope".into()))
        );
        let staff = actor(Role::Staff, "li.na");
        assert!(matches!(
            Queue::parse(&["stage", "repair", "nope"], &staff),
            Err(QueueError::InvalidStage { .. })
        ));
        assert_eq!(
            Queue::parse(&["serial", "//"], &staff),
            Err(QueueError::InvalidSerial)
        );
    }

    #[test]
    fn own_counts_read_as_mine_and_replies() {
        let tech = actor(Role::Technician, "wu.gang");
        let (names, prefixes) = Queue::counted(&tech);
        assert_eq!(names, ["owner/wu.gang", "replies/wu.gang"]);
        assert_eq!(prefixes, ["tech/wu.gang/"]);
        let mut counts: BTreeMap<String, u64> = names.into_iter().map(|n| (n, 2)).collect();
        Queue::alias_counts(&tech, &mut counts);
        assert_eq!(counts.keys().collect::<Vec<_>>(), ["mine", "replies"]);
    }
}
