//! The storage layout as pure functions: every KV key the product writes and
//! the queue index entries a case should have. The worker writes with them;
//! the bench's case generator writes the very same keys.

pub mod index;
pub mod keys;
