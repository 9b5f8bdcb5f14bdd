//! Working with no signal. The service worker (`app/sw.js`) keeps the app
//! shell and the last answer of every read; this module keeps the writes:
//!
//! - [`idb`]: the few IndexedDB calls the outbox needs, as futures.
//! - [`outbox`]: everything a technician records, kept on the phone with a
//!   client-made event id and sent in order, once, when the signal returns.
//! - [`photo`]: photos shrunk and compressed on the phone before they are kept.
//! - [`place`]: the phone's position for a check-in, when it will say.
//! - [`stored`]: a recorded command as the outbox keeps and sends it, and
//!   what it shows of one.

pub mod idb;
pub mod outbox;
pub mod photo;
pub mod place;
pub mod stored;

pub use outbox::{Item, Outbox, Payload, Sending, Trouble};
pub use stored::{Gist, StoredCommand};
