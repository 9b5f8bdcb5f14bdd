//! Secondary indexes: the KV keys under `idx/` that make each queue one
//! prefix listing in the right order, never a scan of all cases. Each key's
//! metadata is the row to show, so a queue page costs one KV `list`.
//!
//! | prefix | holds | order |
//! |---|---|---|
//! | `idx/recent/` | every case | newest first |
//! | `idx/stage/{kind}/{stage}/` | cases in that stage | newest first |
//! | `idx/open/` | cases not closed or cancelled | newest first |
//! | `idx/owner/{user}/` | open cases of an owner | newest first |
//! | `idx/rep/{user}/` | open cases of a sales rep's customers | newest first |
//! | `idx/replies/{user}/` | an owner's cases whose customer waits for an answer | longest waiting first |
//! | `idx/tech/{user}/{YYYY-MM-DD}/` | open repairs dispatched to a technician, by visit day (UTC+8) | window start |
//! | `idx/sla/` | open cases with a running SLA clock | next deadline first |
//! | `idx/outstanding/` | defective units authorised, not yet received | oldest first |
//! | `idx/approvals/` | money entries awaiting approval | oldest first |
//! | `idx/serial/{serial}/` | every case of a serial number | newest first |
//! | `idx/phone/{last 11 digits}/` | every case of a phone number | newest first |
//! | `idx/name/{lower-case name}/` | every case of a customer name | newest first |

use std::collections::BTreeMap;

use crate::flow::money::EntryState;
use crate::queue::Queue;
use crate::sla::SlaPolicy;
use crate::time::CHINA_OFFSET_MINUTES;
use crate::wire::{shorten, CaseSummary, DueClock, RowItem};
use crate::Case;

use super::keys::newest_first;

/// The queue an index key belongs to: its path without the ordering
/// segments (`idx/owner/li.na/0123` is in `owner/li.na`), as
/// [`Queue::name`] names it. Serial numbers, phones and names are lookups,
/// not queues: `None`.
pub fn queue_of(key: &str) -> Option<String> {
    let parts: Vec<&str> = key.strip_prefix("idx/")?.split('/').collect();
    let take = Queue::name_depth(parts.first()?)?;
    (parts.len() > take).then(|| parts[..take].join("/"))
}

/// How many index entries a case has in each queue (a case has one entry
/// per queue, except one per outstanding unit or pending money entry).
pub fn queue_counts(entries: &BTreeMap<String, CaseSummary>) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    for key in entries.keys() {
        if let Some(queue) = queue_of(key) {
            *out.entry(queue).or_insert(0) += 1;
        }
    }
    out
}

/// Phone numbers become key segments: digits only, the last 11 (a Chinese
/// mobile number without its country code), so "+86 138 1000 2001" and
/// "13810002001" are one key and a search by the first digits finds both.
pub fn phone_segment(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    digits[digits.len().saturating_sub(11)..].iter().collect()
}

/// Customer names become key segments: lower case, one space between
/// words, no `/`, at most 40 characters, so a search by the first letters
/// (or characters: "张") finds them.
pub fn name_segment(name: &str) -> String {
    name.to_lowercase()
        .replace('/', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(40)
        .collect()
}

/// Serial numbers become key segments: only `[A-Za-z0-9-_.]`, upper-cased.
pub fn serial_segment(serial: &str) -> String {
    serial
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect::<String>()
        .to_ascii_uppercase()
}

/// The index prefixes a search for `q` lists: the start of a serial number,
/// of a phone number (when `q` is mostly digits, at least four) and of a
/// customer name.
pub fn search_prefixes(q: &str) -> Vec<String> {
    let mut prefixes = Vec::new();
    let serial = serial_segment(q);
    if !serial.is_empty() {
        prefixes.push(format!("idx/serial/{serial}"));
    }
    let digits = q.chars().filter(char::is_ascii_digit).count();
    if digits >= 4 && digits * 2 >= q.chars().count() {
        prefixes.push(format!("idx/phone/{}", phone_segment(q)));
    }
    let name = name_segment(q);
    if !name.is_empty() {
        prefixes.push(format!("idx/name/{name}"));
    }
    prefixes
}

/// Every index key a case should have now, with its row. Each queue's key
/// is its [`Queue::prefix`] (as the case's owner would list it: `mine` and
/// `replies` are the owner's) and then its ordering segments.
pub fn entries(case: &Case, policy: &SlaPolicy) -> BTreeMap<String, CaseSummary> {
    let mut out = BTreeMap::new();
    let mut summary = CaseSummary::of(case);
    summary.sla = DueClock::next(case, policy);
    let owner = &case.owner;
    let key = |queue: Queue, order: &str| format!("{}{order}", queue.prefix(owner));
    let order = newest_first(case.id);
    let open = !case.status.is_terminal();
    out.insert(key(Queue::Recent, &order), summary.clone());
    out.insert(key(Queue::Stage(case.status), &order), summary.clone());
    if let Some(serial) = case.product.serial.as_deref().map(serial_segment) {
        if !serial.is_empty() {
            out.insert(key(Queue::Serial(serial), &order), summary.clone());
        }
    }
    let phone = case
        .customer
        .phone
        .as_deref()
        .map(phone_segment)
        .unwrap_or_default();
    if phone.len() >= 4 {
        out.insert(format!("idx/phone/{phone}/{order}"), summary.clone());
    }
    let name = name_segment(&case.customer.name);
    if !name.is_empty() {
        out.insert(format!("idx/name/{name}/{order}"), summary.clone());
    }
    // A customer who writes on a closed case waits for an answer too.
    if let Some(since) = case.customer_waiting_since {
        let mut row = summary.clone();
        row.since = Some(since);
        let order = format!("{:013}/{}", since.millis().max(0), case.id);
        out.insert(key(Queue::Replies, &order), row);
    }
    if !open {
        return out;
    }
    out.insert(key(Queue::Open, &order), summary.clone());
    out.insert(key(Queue::Owner(owner.clone()), &order), summary.clone());
    if let Some(rep) = &case.customer.sales_rep {
        out.insert(key(Queue::Rep(rep.clone()), &order), summary.clone());
    }
    if let Some(d) = &case.dispatch {
        let queue = Queue::Tech {
            user: d.technician.clone(),
            day: Some(d.from.date_at_offset(CHINA_OFFSET_MINUTES)),
        };
        let order = format!("{:013}/{}", d.from.millis().max(0), case.id);
        out.insert(key(queue, &order), summary.clone());
    }
    let next_deadline = case
        .clocks(policy)
        .iter()
        .filter(|c| c.met_at.is_none())
        .filter_map(|c| c.deadline(policy))
        .min();
    if let Some(deadline) = next_deadline {
        let mut row = summary.clone();
        row.since = Some(deadline);
        let order = format!("{:013}/{}", deadline.millis().max(0), case.id);
        out.insert(key(Queue::Sla, &order), row);
    }
    for m in case.goods.iter().filter(|m| m.is_outstanding()) {
        let mut row = summary.clone();
        row.item = Some(RowItem::Movement {
            id: m.id,
            kind: m.kind,
            // Shortened: the row (KV metadata) holds at most 1024 bytes.
            item: shorten(&m.item, 40),
        });
        row.since = Some(m.since());
        let order = format!("{:013}/{}/{}", m.since().millis().max(0), case.id, m.id);
        out.insert(key(Queue::Outstanding, &order), row);
    }
    for e in case
        .money
        .iter()
        .filter(|e| e.state == EntryState::Requested)
    {
        let mut row = summary.clone();
        row.item = Some(RowItem::Entry {
            id: e.id,
            kind: e.kind,
            direction: e.direction,
        });
        row.amount = Some(e.amount);
        row.since = Some(e.requested.at);
        let order = format!(
            "{:013}/{}/{}",
            e.requested.at.millis().max(0),
            case.id,
            e.id
        );
        out.insert(key(Queue::Approvals, &order), row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::queue_of;

    #[test]
    fn index_keys_name_their_queue() {
        let cases = [
            ("idx/recent/4294966294", Some("recent")),
            ("idx/open/4294966294", Some("open")),
            ("idx/owner/li.na/4294966294", Some("owner/li.na")),
            ("idx/rep/emma.sales/4294966294", Some("rep/emma.sales")),
            ("idx/stage/repair/new/4294966294", Some("stage/repair/new")),
            (
                "idx/tech/wu.gang/2026-11-23/1795000000000/AL-1001",
                Some("tech/wu.gang/2026-11-23"),
            ),
            ("idx/sla/1795000000000/AL-1001", Some("sla")),
            ("idx/approvals/1795000000000/AL-1001/m1", Some("approvals")),
            (
                "idx/outstanding/1795000000000/AL-1001/g1",
                Some("outstanding"),
            ),
            ("idx/serial/SN1/4294966294", None),
            ("idx/owner/li.na", None),
            ("case/AL-1001", None),
        ];
        for (key, queue) in cases {
            assert_eq!(queue_of(key).as_deref(), queue, "{key}");
        }
    }
}
