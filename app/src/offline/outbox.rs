//! The outbox: everything a technician records on a job is kept on the phone
//! first (IndexedDB, surviving a reload, a closed tab and a restart), each
//! with an event id and the time it was recorded made here (the case keeps
//! that time, not the time it arrives), and sent in the order it was recorded, when
//! the signal allows. The API applies an event id once, so a send repeated
//! after a lost answer changes nothing. An item the server refuses (the case
//! was reassigned, closed meanwhile…) stays on screen with the reason; it is
//! never dropped silently.

use std::time::Duration;

use afterloop_domain::flow::info::AttachmentKind;
use afterloop_domain::wire::ErrorBody;
use afterloop_domain::{CaseId, Command, EventId, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use web_sys::Blob;

use super::idb;
use super::stored::StoredCommand;
use crate::api::{self, Replayed};
use crate::session::Session;

/// How long sent items stay listed on the phone.
const KEEP_SENT_MS: f64 = 7.0 * 24.0 * 3_600_000.0;
/// How often waiting items are retried.
const RETRY_EVERY: Duration = Duration::from_secs(8);

/// What an item sends.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Payload {
    /// A command to the case (`POST …/commands`).
    Command {
        /// The command, in its wire form.
        command: StoredCommand,
    },
    /// A photo or signature (`POST …/attachments`); the bytes are the record's blob.
    Upload {
        /// Photo or signature.
        kind: AttachmentKind,
        /// The file name.
        name: String,
        /// The file's content type.
        content_type: String,
        /// Its size in bytes.
        size: u32,
        /// The goods movement a photo shows (a shipment, a unit taken back).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        movement: Option<afterloop_domain::MovementNo>,
    },
}

impl Payload {
    /// A command to send.
    pub fn command(command: &Command) -> Result<Payload, String> {
        StoredCommand::new(command).map(|command| Payload::Command { command })
    }
}

/// Where an item is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Sending {
    /// Kept on the phone, not yet accepted by the server.
    Waiting,
    /// The server has it (ms since the epoch).
    Sent {
        /// When the server accepted it.
        at: f64,
    },
    /// The server refused it, for the reason given.
    Refused {
        /// When.
        at: f64,
        /// The server's answer.
        error: ErrorBody,
    },
}

/// A [`Payload`] as stored, its fields side by side: read in one pass (a
/// derived internally tagged decoder buffers the item first, and carries
/// a second copy of every decoder below it).
#[derive(Deserialize)]
struct PayloadFields {
    #[serde(rename = "type")]
    kind_of: PayloadKind,
    command: Option<StoredCommand>,
    kind: Option<AttachmentKind>,
    name: Option<String>,
    content_type: Option<String>,
    size: Option<u32>,
    movement: Option<afterloop_domain::MovementNo>,
}

/// The `type` of a stored [`Payload`].
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum PayloadKind {
    Command,
    Upload,
}

impl<'de> Deserialize<'de> for Payload {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let p = PayloadFields::deserialize(d)?;
        let missing = D::Error::missing_field;
        Ok(match p.kind_of {
            PayloadKind::Command => Payload::Command {
                command: p.command.ok_or_else(|| missing("command"))?,
            },
            PayloadKind::Upload => Payload::Upload {
                kind: p.kind.ok_or_else(|| missing("kind"))?,
                name: p.name.ok_or_else(|| missing("name"))?,
                content_type: p.content_type.ok_or_else(|| missing("content_type"))?,
                size: p.size.ok_or_else(|| missing("size"))?,
                movement: p.movement,
            },
        })
    }
}

/// A [`Sending`] as stored, its fields side by side (as [`PayloadFields`]).
#[derive(Deserialize)]
struct SendingFields {
    state: SendingState,
    at: Option<f64>,
    error: Option<ErrorBody>,
}

/// The `state` of a stored [`Sending`].
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum SendingState {
    Waiting,
    Sent,
    Refused,
}

impl<'de> Deserialize<'de> for Sending {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = SendingFields::deserialize(d)?;
        let missing = D::Error::missing_field;
        Ok(match s.state {
            SendingState::Waiting => Sending::Waiting,
            SendingState::Sent => Sending::Sent {
                at: s.at.ok_or_else(|| missing("at"))?,
            },
            SendingState::Refused => Sending::Refused {
                at: s.at.ok_or_else(|| missing("at"))?,
                error: s.error.ok_or_else(|| missing("error"))?,
            },
        })
    }
}

/// One thing recorded on a job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// Its place in the outbox (IndexedDB key), in recording order.
    #[serde(skip)]
    pub seq: u32,
    /// Who recorded it: only their session sends it.
    pub user: UserId,
    /// The case it is for.
    pub case: CaseId,
    /// The id that makes it apply once.
    pub event_id: EventId,
    /// When it was recorded on the phone (ms since the epoch).
    pub recorded_at: f64,
    /// What it sends.
    pub payload: Payload,
    /// Where it is.
    pub sending: Sending,
}

/// What one attempt to send an item came to.
enum Attempt {
    Sent,
    Refused(ErrorBody),
    /// No answer: no signal.
    Unreachable,
    /// A server fault or an expired session: try again later.
    Later(Trouble),
}

/// Why items wait although the phone may have a signal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// The phone's storage refused (the sentence says how).
    Storage(String),
    /// The session ended: sending resumes after signing in again.
    SignIn,
    /// The server answered with a fault; sending is retried.
    Server,
}

/// The outbox, shared through the context; cheap to copy into closures.
#[derive(Debug, Clone, Copy)]
pub struct Outbox {
    items: RwSignal<Vec<Item>>,
    online: RwSignal<bool>,
    busy: RwSignal<bool>,
    trouble: RwSignal<Option<Trouble>>,
    sent: RwSignal<u32>,
    session: Session,
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn navigator_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

impl Outbox {
    /// Loads the outbox kept on this phone, starts sending, and makes it
    /// available to every component below the caller.
    pub fn provide(session: Session) -> Outbox {
        let outbox = Outbox {
            items: RwSignal::new(Vec::new()),
            online: RwSignal::new(navigator_online()),
            busy: RwSignal::new(false),
            trouble: RwSignal::new(None),
            sent: RwSignal::new(0),
            session,
        };
        provide_context(outbox);
        spawn_local(async move {
            outbox.load().await;
            outbox.flush();
        });
        let _ = window_event_listener(leptos::ev::online, move |_| {
            outbox.online.set(true);
            outbox.flush();
        });
        let _ = window_event_listener(leptos::ev::offline, move |_| outbox.online.set(false));
        set_interval(move || outbox.flush(), RETRY_EVERY);
        // Sign-in after a session expired: send what waited.
        Effect::new(move |_| {
            if session.is_signed_in() {
                outbox.flush();
            }
        });
        outbox
    }

    /// The outbox from the context.
    pub fn get() -> Outbox {
        expect_context::<Outbox>()
    }

    /// Whether the phone says it has a network.
    pub fn online(&self) -> bool {
        self.online.get()
    }

    /// Why sending is stuck, if it is.
    pub fn trouble(&self) -> Option<Trouble> {
        self.trouble.get()
    }

    /// Changes each time the server accepts an item: pages showing a case
    /// read it again.
    pub fn sent_count(&self) -> u32 {
        self.sent.get()
    }

    /// The items of `case`, oldest first (all cases when `None`).
    pub fn items(&self, case: Option<CaseId>) -> Vec<Item> {
        self.items.with(|items| {
            items
                .iter()
                .filter(|i| case.is_none_or(|c| i.case == c))
                .cloned()
                .collect()
        })
    }

    /// How many items wait to be sent.
    pub fn waiting(&self) -> usize {
        self.items.with(|items| {
            items
                .iter()
                .filter(|i| i.sending == Sending::Waiting)
                .count()
        })
    }

    async fn load(&self) {
        let result = async {
            let db = idb::open().await?;
            let records = idb::all(&db).await?;
            let mut items = Vec::new();
            let mut stale = Vec::new();
            for r in records {
                let Ok(mut item) = serde_json::from_str::<Item>(&r.json) else {
                    continue;
                };
                item.seq = r.seq;
                match item.sending {
                    Sending::Sent { at } if now() - at > KEEP_SENT_MS => stale.push(r.seq),
                    _ => items.push(item),
                }
            }
            if !stale.is_empty() {
                idb::delete(&db, &stale).await?;
            }
            Ok::<_, String>(items)
        }
        .await;
        match result {
            Ok(items) => self.items.set(items),
            Err(e) => self.trouble.set(Some(Trouble::Storage(e))),
        }
    }

    /// Keeps `payload` for `case` on the phone (with `blob`, the file of an
    /// upload) and starts sending. Errors only when the phone cannot store it.
    pub async fn record(
        &self,
        case: CaseId,
        payload: Payload,
        blob: Option<Blob>,
    ) -> Result<(), String> {
        let user = self
            .session
            .user()
            .map(|u| u.name)
            .ok_or_else(|| "Sign in to record work.".to_owned())?;
        let event_id = EventId::parse(&crate::api::new_idempotency_key())
            .map_err(|e| format!("No event id could be made ({e})."))?;
        let mut item = Item {
            seq: 0,
            user,
            case,
            event_id,
            recorded_at: now(),
            payload,
            sending: Sending::Waiting,
        };
        let json = serde_json::to_string(&item).map_err(|e| e.to_string())?;
        let db = idb::open().await?;
        item.seq = idb::add(&db, &json, blob.as_ref()).await?;
        self.items.update(|items| items.push(item));
        self.flush();
        Ok(())
    }

    /// Sends what waits, in order, unless a send is already under way.
    pub fn flush(&self) {
        if self.busy.get_untracked() || self.session.token().is_none() {
            return;
        }
        let me = self.session.user().map(|u| u.name);
        let has_waiting = self.items.with_untracked(|items| {
            items
                .iter()
                .any(|i| i.sending == Sending::Waiting && Some(&i.user) == me.as_ref())
        });
        if !has_waiting {
            return;
        }
        self.busy.set(true);
        let outbox = *self;
        spawn_local(async move {
            if let Err(e) = outbox.send_waiting().await {
                outbox.trouble.set(Some(Trouble::Storage(e)));
            }
            outbox.busy.set(false);
        });
    }

    async fn send_waiting(&self) -> Result<(), String> {
        let db = idb::open().await?;
        let records = idb::all(&db).await?;
        let me = self.session.user().map(|u| u.name);
        for record in records {
            let Ok(mut item) = serde_json::from_str::<Item>(&record.json) else {
                continue;
            };
            item.seq = record.seq;
            if item.sending != Sending::Waiting || Some(&item.user) != me.as_ref() {
                continue;
            }
            let Some(token) = self.session.token() else {
                return Ok(());
            };
            match attempt(&item, record.blob.as_ref(), &token).await {
                Attempt::Unreachable => {
                    self.online.set(false);
                    return Ok(());
                }
                Attempt::Later(why) => {
                    self.online.set(true);
                    self.trouble.set(Some(why));
                    return Ok(());
                }
                Attempt::Sent => item.sending = Sending::Sent { at: now() },
                Attempt::Refused(error) => item.sending = Sending::Refused { at: now(), error },
            }
            self.online.set(true);
            self.trouble.set(None);
            let json = serde_json::to_string(&item).map_err(|e| e.to_string())?;
            idb::update(&db, item.seq, &json, true).await?;
            self.items.update(|items| {
                if let Some(i) = items.iter_mut().find(|i| i.seq == item.seq) {
                    *i = item.clone();
                }
            });
            self.sent.update(|n| *n += 1);
        }
        Ok(())
    }
}

/// One attempt to send `item`.
async fn attempt(item: &Item, blob: Option<&Blob>, token: &str) -> Attempt {
    let recorded_at = item.recorded_at as i64;
    let replayed = match &item.payload {
        Payload::Command { command } => {
            api::replay_command(
                token,
                item.case,
                &item.event_id,
                command.json(),
                recorded_at,
            )
            .await
        }
        Payload::Upload {
            kind,
            name,
            content_type,
            movement,
            ..
        } => {
            let Some(blob) = blob else {
                return Attempt::Refused(ErrorBody::new(
                    "file_missing",
                    "The file is no longer on this phone.",
                ));
            };
            let upload = api::Upload {
                kind: *kind,
                name,
                content_type,
                movement: *movement,
            };
            api::replay_upload(
                token,
                item.case,
                &item.event_id,
                recorded_at,
                upload,
                blob.clone(),
            )
            .await
        }
    };
    match replayed {
        Replayed::Accepted(answer) => {
            // The job page shows the answer as it is (`crate::fresh`).
            if let Some(json) = answer {
                crate::fresh::job_answer_json(&json);
            }
            Attempt::Sent
        }
        Replayed::Unreachable => Attempt::Unreachable,
        Replayed::Later(401) => Attempt::Later(Trouble::SignIn),
        Replayed::Later(_) => Attempt::Later(Trouble::Server),
        Replayed::Refused(error) => Attempt::Refused(error),
    }
}
