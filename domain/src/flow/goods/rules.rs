//! The goods flow's rules: recording a movement (its direction fits its
//! kind, only spare parts carry a cost, in the case's currency), advancing
//! it through its small lifecycle, and a part used on site.

use super::{Direction, Movement, MovementKind, MovementState};
use crate::case::error::{conflict_at, optional_text, text};
use crate::case::lifecycle::refuse_if_closed;
use crate::case::{Case, CaseError, Change, Policy};
use crate::flow::money::rules::in_case_currency;
use crate::money::Money;
use crate::time::Timestamp;
use crate::validation::{FieldError, ValidationError};

/// A movement as a command describes it.
pub(crate) struct NewMovement<'a> {
    /// What moves.
    pub kind: MovementKind,
    /// From where to where.
    pub direction: Direction,
    /// Item or part number.
    pub item: &'a str,
    /// Serial number.
    pub serial: &'a Option<String>,
    /// How many (1 if absent).
    pub quantity: Option<u32>,
    /// Carrier.
    pub carrier: &'a Option<String>,
    /// Tracking number.
    pub tracking: &'a Option<String>,
    /// Order reference.
    pub order_ref: &'a Option<String>,
    /// Cost of spare parts.
    pub cost: Option<Money>,
}

/// Record a goods movement; it starts authorised. Every field at fault is
/// reported at once.
pub(crate) fn record(
    case: &Case,
    new: NewMovement<'_>,
    now: Timestamp,
    policy: &Policy,
) -> Result<Vec<Change>, CaseError> {
    refuse_if_closed(case)?;
    let NewMovement {
        kind,
        direction,
        item,
        serial,
        quantity,
        carrier,
        tracking,
        order_ref,
        cost,
    } = new;
    let mut errors = Vec::new();
    let mut keep = |r: Result<Option<String>, CaseError>| match r {
        Ok(v) => v,
        Err(CaseError::Invalid(v)) => {
            errors.extend(v.fields);
            None
        }
        Err(_) => None,
    };
    let item = keep(text("item", item, 120, false).map(Some));
    let serial = keep(optional_text("serial", serial, 64));
    let carrier = keep(optional_text("carrier", carrier, 60));
    let tracking = keep(optional_text("tracking", tracking, 60));
    let order_ref = keep(optional_text("order_ref", order_ref, 64));
    let quantity = quantity.unwrap_or(1);
    if !(1..=10_000).contains(&quantity) {
        errors.push(FieldError::new(
            "quantity",
            "out_of_range",
            "The quantity must be 1 to 10000.",
        ));
    }
    if let Some(c) = cost {
        if kind != MovementKind::SparePart {
            errors.push(FieldError::new(
                "cost",
                "spare_parts_only",
                "Only spare parts carry a cost.",
            ));
        } else if !c.is_positive() {
            errors.push(FieldError::new(
                "cost.minor",
                "not_positive",
                "A cost must be above zero.",
            ));
        } else if let Err(CaseError::Invalid(v)) = in_case_currency(case, policy, "cost", c) {
            errors.extend(v.fields);
        }
    }
    let direction_ok = match kind {
        MovementKind::DefectiveUnit => direction == Direction::CustomerToCompany,
        MovementKind::ReplacementUnit | MovementKind::RepairedUnit => {
            direction == Direction::CompanyToCustomer
        }
        MovementKind::SparePart => direction != Direction::CustomerToCompany,
    };
    if !direction_ok {
        errors.push(FieldError::new(
            "direction",
            "wrong_direction",
            format!("A {kind:?} cannot move {direction:?}.").to_lowercase(),
        ));
    }
    if !errors.is_empty() {
        return Err(CaseError::Invalid(ValidationError { fields: errors }));
    }
    Ok(vec![Change::MovementRecorded(Movement {
        id: case.goods.len() as u32 + 1,
        kind,
        direction,
        item: item.unwrap_or_default(),
        serial,
        quantity,
        carrier,
        tracking,
        order_ref,
        cost,
        state: MovementState::Authorised,
        history: vec![(MovementState::Authorised, now)],
    })])
}

/// Advance movement `movement` to `to` (shipped, received, inspected, consumed).
pub(crate) fn advance(
    case: &Case,
    movement: u32,
    to: MovementState,
    carrier: &Option<String>,
    tracking: &Option<String>,
) -> Result<Vec<Change>, CaseError> {
    let m = case
        .goods
        .iter()
        .find(|m| m.id == movement)
        .ok_or_else(|| CaseError::NotFound {
            code: "movement_not_found",
            message: format!("Case {} has no movement {movement}.", case.id),
            field: Some("movement".to_owned()),
        })?;
    if m.state == to {
        return Ok(vec![]);
    }
    let next = m.state.next(m.kind);
    if !next.contains(&to) {
        return Err(conflict_at(
            "to",
            "illegal_movement",
            format!(
                "Movement {movement} is {:?}; it can go to: {:?}.",
                m.state, next
            )
            .to_lowercase(),
        ));
    }
    Ok(vec![Change::MovementAdvanced {
        movement,
        to,
        carrier: optional_text("carrier", carrier, 60)?,
        tracking: optional_text("tracking", tracking, 60)?,
    }])
}

/// A spare part used on site: a movement from stock, consumed at once.
pub(crate) fn use_part(
    case: &Case,
    item: &str,
    serial: &Option<String>,
    quantity: Option<u32>,
    now: Timestamp,
    policy: &Policy,
) -> Result<Vec<Change>, CaseError> {
    let part = NewMovement {
        kind: MovementKind::SparePart,
        direction: Direction::StockToSite,
        item,
        serial,
        quantity,
        carrier: &None,
        tracking: &None,
        order_ref: &None,
        cost: None,
    };
    let mut changes = record(case, part, now, policy)?;
    for change in &mut changes {
        if let Change::MovementRecorded(m) = change {
            m.state = MovementState::Consumed;
            m.history.push((MovementState::Consumed, now));
        }
    }
    Ok(changes)
}
