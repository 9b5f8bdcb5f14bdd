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
//! | `idx/tech/{user}/{YYYY-MM-DD}/` | open repairs dispatched to a technician, by visit day (UTC+8) | window start |
//! | `idx/sla/` | open cases with a running SLA clock | next deadline first |
//! | `idx/outstanding/` | defective units authorised, not yet received | oldest first |
//! | `idx/approval/` | money entries awaiting approval | oldest first |
//! | `idx/serial/{serial}/` | every case of a serial number | newest first |

use std::collections::BTreeMap;

use crate::flow::money::EntryState;
use crate::sla::SlaPolicy;
use crate::time::CHINA_OFFSET_MINUTES;
use crate::wire::CaseSummary;
use crate::Case;

use super::keys::newest_first;

/// The index prefix of a queue.
pub fn prefix(queue: &str) -> String {
    format!("idx/{queue}/")
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
    let summary = CaseSummary::of(case);
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
    if !open {
        return out;
    }
    out.insert(format!("idx/open/{order}"), summary.clone());
    out.insert(format!("idx/owner/{}/{order}", case.owner), summary.clone());
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
        row.detail = Some(format!("movement {}: {}", m.id, m.item));
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
        row.amount = Some(e.amount);
        row.since = Some(e.requested.at);
        out.insert(
            format!(
                "idx/approval/{:013}/{}/{}",
                e.requested.at.millis().max(0),
                case.id,
                e.id
            ),
            row,
        );
    }
    out
}
