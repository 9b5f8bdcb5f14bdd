//! The information flow's rules: notes and messages, booking a technician's
//! visit and their check-in and check-out on site, the diagnosis, files
//! attached and the customer's survey.

use super::{
    check_upload, Attachment, AttachmentKind, Diagnosis, Dispatch, GeoPoint, RootCause, Visibility,
};
use crate::access::{Actor, Role};
use crate::case::error::{conflict, forbidden, invalid, optional_text, text};
use crate::case::lifecycle::{refuse_if_closed, scheduling_moves};
use crate::case::{Case, CaseError, CaseKind, Change, RepairStage, Status, CLOCK_SKEW_MS};
use crate::time::{Timestamp, DAY_MS, HOUR_MS, MINUTE_MS};
use crate::{MovementNo, UserId};

/// A visit booked this long after its window ended is refused (a
/// dispatch entered a little late still counts).
pub const DISPATCH_LATE_SLACK_MS: i64 = HOUR_MS;
/// How far ahead a visit may be booked.
pub const DISPATCH_AHEAD_MS: i64 = 366 * DAY_MS;

/// An internal note or a public message.
pub(crate) fn note(t: &str, visibility: Visibility) -> Result<Vec<Change>, CaseError> {
    Ok(vec![Change::NoteAdded {
        text: text("text", t, 4000, true)?,
        visibility,
    }])
}

/// Book `technician` for a repair visit from `from` to `to`; the repair
/// moves on to "visit scheduled" ([`scheduling_moves`]).
pub(crate) fn dispatch(
    case: &Case,
    technician: &UserId,
    from: Timestamp,
    to: Timestamp,
    now: Timestamp,
) -> Result<Vec<Change>, CaseError> {
    refuse_if_closed(case)?;
    if case.kind() != CaseKind::Repair {
        return Err(invalid(
            "technician",
            "repairs_only",
            "Only repairs are dispatched to a technician.",
        ));
    }
    check_window(from, to, now)?;
    let mut changes = vec![Change::Dispatched(Dispatch {
        technician: technician.clone(),
        from,
        to,
    })];
    changes.extend(scheduling_moves(case));
    Ok(changes)
}

/// A booked visit's window: it ends after it starts (15 minutes to 24 hours
/// later), it has not ended more than [`DISPATCH_LATE_SLACK_MS`] ago, and
/// it starts at most [`DISPATCH_AHEAD_MS`] ahead.
fn check_window(from: Timestamp, to: Timestamp, now: Timestamp) -> Result<(), CaseError> {
    if from.millis() > now.millis().saturating_add(DISPATCH_AHEAD_MS) {
        return Err(invalid(
            "from",
            "too_far_ahead",
            "A visit is booked at most a year ahead.",
        ));
    }
    if to.millis() <= from.millis() {
        return Err(invalid(
            "to",
            "before_start",
            "The arrival window must end after it starts.",
        ));
    }
    let span = to.millis().saturating_sub(from.millis());
    if !(15 * MINUTE_MS..=24 * HOUR_MS).contains(&span) {
        return Err(invalid(
            "to",
            "invalid_window",
            "The arrival window must end 15 minutes to 24 hours after it starts.",
        ));
    }
    if to.millis() < now.millis().saturating_sub(DISPATCH_LATE_SLACK_MS) {
        return Err(invalid(
            "to",
            "in_past",
            "The arrival window has already ended.",
        ));
    }
    Ok(())
}

/// The dispatched technician arrives on site at `at`; arriving for a
/// scheduled visit starts the repair.
pub(crate) fn check_in(
    case: &Case,
    actor: &Actor,
    at: Timestamp,
    location: &Option<GeoPoint>,
    now: Timestamp,
) -> Result<Vec<Change>, CaseError> {
    refuse_if_closed(case)?;
    let dispatch = case.dispatch.as_ref().ok_or_else(|| {
        conflict(
            "not_dispatched",
            format!("Case {} has no technician visit booked.", case.id),
        )
    })?;
    if dispatch.technician != actor.user {
        return Err(forbidden(
            "not_your_visit",
            format!(
                "Case {}'s visit is booked for {} now: it may have been reassigned.",
                case.id, dispatch.technician
            ),
        ));
    }
    if case.visits.last().is_some_and(|v| v.checked_out.is_none()) {
        return Err(conflict(
            "already_checked_in",
            "You are already checked in on this case.",
        ));
    }
    let after = case
        .visits
        .last()
        .and_then(|v| v.checked_out)
        .unwrap_or(case.created_at);
    check_visit_time(at, after, now)?;
    check_location(location)?;
    let mut changes = vec![Change::CheckedIn {
        at,
        location: *location,
    }];
    let scheduled = Status::Repair(RepairStage::Scheduled);
    let in_repair = Status::Repair(RepairStage::InRepair);
    if case.status == scheduled && case.hold.is_none() {
        changes.push(Change::Moved {
            from: scheduled,
            to: in_repair,
            note: None,
        });
    }
    Ok(changes)
}

/// The technician checked in leaves the site at `at`.
pub(crate) fn check_out(
    case: &Case,
    actor: &Actor,
    at: Timestamp,
    location: &Option<GeoPoint>,
    now: Timestamp,
) -> Result<Vec<Change>, CaseError> {
    let open = case
        .visits
        .last()
        .filter(|v| v.checked_out.is_none() && v.technician == actor.user)
        .ok_or_else(|| conflict("not_checked_in", "Check in before checking out."))?;
    check_visit_time(at, open.checked_in, now)?;
    check_location(location)?;
    Ok(vec![Change::CheckedOut {
        at,
        location: *location,
    }])
}

/// A time on site: not before `after` (the case's opening or the last
/// check-out) and not in the future beyond a phone's clock skew.
fn check_visit_time(at: Timestamp, after: Timestamp, now: Timestamp) -> Result<(), CaseError> {
    if at.millis() > now.millis() + CLOCK_SKEW_MS {
        return Err(invalid(
            "at",
            "in_future",
            "The time is in the future: check the phone's clock.",
        ));
    }
    if at.millis() < after.millis() {
        return Err(invalid(
            "at",
            "too_early",
            "The time is before the case was opened or the last check-out.",
        ));
    }
    Ok(())
}

fn check_location(location: &Option<GeoPoint>) -> Result<(), CaseError> {
    match location {
        Some(p) if !p.is_valid() => Err(invalid(
            "location",
            "off_the_globe",
            "The location is not a point on the globe.",
        )),
        _ => Ok(()),
    }
}

/// Record the diagnosis and resolution, by `actor` at `now`.
pub(crate) fn diagnose(
    actor: &Actor,
    root_cause: RootCause,
    failed_part: &Option<String>,
    resolution: &str,
    now: Timestamp,
) -> Result<Vec<Change>, CaseError> {
    Ok(vec![Change::Diagnosed(Diagnosis {
        root_cause,
        failed_part: optional_text("failed_part", failed_part, 120)?,
        resolution: text("resolution", resolution, 2000, true)?,
        by: actor.user.clone(),
        at: now,
    })])
}

/// A file the worker already stored under `blob`, as a command describes it.
pub(crate) struct NewAttachment<'a> {
    /// Photo or signature.
    pub kind: AttachmentKind,
    /// File name.
    pub name: &'a str,
    /// Content type.
    pub content_type: &'a str,
    /// Size in bytes.
    pub size: u32,
    /// Where the bytes are.
    pub blob: &'a str,
    /// The goods movement it shows, if it shows one.
    pub movement: Option<MovementNo>,
}

/// Record a file: a customer's is a photo and public, staff's may show a
/// goods movement of the case.
pub(crate) fn attach(
    case: &Case,
    actor: &Actor,
    file: NewAttachment<'_>,
) -> Result<Vec<Change>, CaseError> {
    let NewAttachment {
        kind,
        name,
        content_type,
        size,
        blob,
        movement,
    } = file;
    let name = check_upload(kind, name, content_type, size as usize)?;
    let public = actor.role == Role::Customer;
    if public && kind != AttachmentKind::Photo {
        return Err(invalid(
            "kind",
            "photos_only",
            "A customer sends photos only.",
        ));
    }
    if let Some(n) = movement {
        if public || !case.goods.iter().any(|m| m.id == n.get()) {
            return Err(CaseError::NotFound {
                code: "movement_not_found",
                message: format!("Case {} has no goods movement {n}.", case.id),
                field: Some("movement".to_owned()),
            });
        }
    }
    Ok(vec![Change::Attached(Attachment {
        id: case.attachments.len() as u32 + 1,
        kind,
        name,
        content_type: content_type.to_owned(),
        size,
        blob: blob.to_owned(),
        public,
        movement,
    })])
}

/// The customer's satisfaction answer, once, after closing.
pub(crate) fn answer_survey(
    case: &Case,
    score: u8,
    comment: &str,
) -> Result<Vec<Change>, CaseError> {
    if !case.status.is_terminal() {
        return Err(conflict(
            "not_closed",
            "The survey opens when the case is closed.",
        ));
    }
    if case.survey.is_some() {
        return Err(conflict(
            "already_answered",
            "The survey was already answered.",
        ));
    }
    if !(1..=5).contains(&score) {
        return Err(invalid("score", "out_of_range", "The score is 1 to 5."));
    }
    let comment = match comment.trim() {
        "" => String::new(),
        c => text("comment", c, 2000, true)?,
    };
    Ok(vec![Change::SurveyAnswered { score, comment }])
}
