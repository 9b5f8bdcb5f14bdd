//! The three flows every case carries: information ([`info`]), goods
//! ([`goods`]) and money ([`money`]). Each holds its entry types and the
//! rules that only concern that flow; the case's `decide` combines them.
//! A [`quote`] is the money flow's offer to the customer, answered on their link.

pub mod goods;
pub mod info;
pub mod money;
pub mod notify;
pub mod quote;
