//! Dates, times and money for people, by the browser's `Intl` in the chosen
//! language: kept in `afterloop-words`, which the worker's server-rendered
//! pages share (workerd has the same `Intl`).

pub use afterloop_words::format::*;
