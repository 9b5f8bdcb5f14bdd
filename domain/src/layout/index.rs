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
use crate::sla::SlaPolicy;
use crate::time::CHINA_OFFSET_MINUTES;
use crate::wire::{shorten, CaseSummary, DueClock, RowEntry};
use crate::Case;

use super::keys::newest_first;

/// The index prefix of a queue.
pub fn prefix(queue: &str) -> String {
    format!("idx/{queue}/")
}

/// The queue an index key belongs to: its path without the ordering
/// segments (`idx/owner/li.na/0123` is in `owner/li.na`). Serial numbers are
/// a lookup, not a queue: `None`.
pub fn queue_of(key: &str) -> Option<String> {
    let parts: Vec<&str> = key.strip_prefix("idx/")?.split('/').collect();
    let take = match parts.first()? {
        &"recent" | &"open" | &"sla" | &"outstanding" | &"approvals" => 1,
        &"owner" | &"replies" | &"rep" => 2,
        &"stage" | &"tech" => 3,
        _ => return None,
    };
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

/// Every index key a case should have now, with its row.
pub fn entries(case: &Case, policy: &SlaPolicy) -> BTreeMap<String, CaseSummary> {
    let mut out = BTreeMap::new();
    let mut summary = CaseSummary::of(case);
    summary.sla = DueClock::next(case, policy);
    let order = newest_first(case.id);
    let open = !case.status.is_terminal();
    out.insert(format!("idx/recent/{order}"), summary.clone());
    out.insert(
        format!("idx/stage/{}/{}/{order}", case.kind(), case.status.name()),
        summary.clone(),
    );
    if let Some(serial) = case.product.serial.as_deref().map(serial_segment) {
        if !serial.is_empty() {
            out.insert(format!("idx/serial/{serial}/{order}"), summary.clone());
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
        out.insert(
            format!(
                "idx/replies/{}/{:013}/{}",
                case.owner,
                since.millis().max(0),
                case.id
            ),
            row,
        );
    }
    if !open {
        return out;
    }
    out.insert(format!("idx/open/{order}"), summary.clone());
    out.insert(format!("idx/owner/{}/{order}", case.owner), summary.clone());
    if let Some(rep) = &case.customer.sales_rep {
        out.insert(format!("idx/rep/{rep}/{order}"), summary.clone());
    }
    if let Some(d) = &case.dispatch {
        let day = d.from.date_at_offset(CHINA_OFFSET_MINUTES);
        out.insert(
            format!(
                "idx/tech/{}/{day}/{:013}/{}",
                d.technician,
                d.from.millis().max(0),
                case.id
            ),
            summary.clone(),
        );
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
        out.insert(
            format!("idx/sla/{:013}/{}", deadline.millis().max(0), case.id),
            row,
        );
    }
    for m in case.goods.iter().filter(|m| m.is_outstanding()) {
        let mut row = summary.clone();
        // Shortened: the row (KV metadata) holds at most 1024 bytes.
        row.detail = Some(format!("movement {}: {}", m.id, shorten(&m.item, 40)));
        row.since = Some(m.since());
        out.insert(
            format!(
                "idx/outstanding/{:013}/{}/{}",
                m.since().millis().max(0),
                case.id,
                m.id
            ),
            row,
        );
    }
    for e in case
        .money
        .iter()
        .filter(|e| e.state == EntryState::Requested)
    {
        let mut row = summary.clone();
        row.detail = Some(format!("entry {}: {:?}", e.id, e.kind).to_lowercase());
        row.entry = Some(RowEntry {
            id: e.id,
            kind: e.kind,
            direction: e.direction,
        });
        row.amount = Some(e.amount);
        row.since = Some(e.requested.at);
        out.insert(
            format!(
                "idx/approvals/{:013}/{}/{}",
                e.requested.at.millis().max(0),
                case.id,
                e.id
            ),
            row,
        );
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
