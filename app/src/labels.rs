//! The names people read for domain values (kinds, stages, channels,
//! priorities, roles, movement and money states, SLA clocks…), in English
//! and Simplified Chinese: kept in `afterloop-words`, which the worker's
//! server-rendered pages share.

pub use afterloop_words::labels::*;
