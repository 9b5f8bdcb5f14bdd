//! The English names people read for domain values (stages, channels,
//! movement and money states, SLA clocks…), in one place so a translation
//! replaces one module. Wire names stay in the domain crate.

use afterloop_domain::access::Role;
use afterloop_domain::case::Channel;
use afterloop_domain::flow::goods::{Direction, MovementKind, MovementState};
use afterloop_domain::flow::info::{RootCause, Visibility};
use afterloop_domain::flow::money::{EntryKind, EntryState, MoneyDirection};
use afterloop_domain::sla::{ClockState, Metric, Priority};
use afterloop_domain::{CaseKind, Status, Warranty};

/// "Repair", "Return", "Refund".
pub const fn kind(kind: CaseKind) -> &'static str {
    match kind {
        CaseKind::Repair => "Repair",
        CaseKind::Return => "Return",
        CaseKind::Refund => "Refund",
    }
}

/// A stage as a sentence-case phrase: `in_repair` reads "In repair".
pub fn stage(status: Status) -> String {
    let name = status.name().replace('_', " ");
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name,
    }
}

/// Where a case came from.
pub const fn channel(channel: Channel) -> &'static str {
    match channel {
        Channel::SalesRep => "Sales rep",
        Channel::Hotline => "Hotline",
        Channel::Email => "Email",
        Channel::WebForm => "Web form",
        Channel::Technician => "Technician",
    }
}

/// How urgent.
pub const fn priority(priority: Priority) -> &'static str {
    match priority {
        Priority::Low => "Low",
        Priority::Normal => "Normal",
        Priority::High => "High",
        Priority::Urgent => "Urgent",
    }
}

/// What a user is.
pub fn role(role: Role) -> &'static str {
    match role {
        Role::Technician => "technician",
        Role::Staff => "staff",
        Role::Manager => "manager",
        Role::Customer => "customer",
        Role::SalesRep => "sales rep",
    }
}

/// Warranty status, e.g. "In warranty until 2027-03-01".
pub fn warranty(warranty: Warranty) -> String {
    match warranty {
        Warranty::InWarranty { until } => format!("In warranty until {until}"),
        Warranty::Expired { ended } => format!("Expired on {ended}"),
        Warranty::Unknown => "Unknown (no purchase date)".to_owned(),
    }
}

/// Who may see an entry.
pub fn visibility(visibility: Visibility) -> &'static str {
    match visibility {
        Visibility::Internal => "Internal",
        Visibility::Public => "Public",
    }
}

/// What moves.
pub fn movement_kind(kind: MovementKind) -> &'static str {
    match kind {
        MovementKind::DefectiveUnit => "Defective unit",
        MovementKind::ReplacementUnit => "Replacement unit",
        MovementKind::RepairedUnit => "Repaired unit",
        MovementKind::SparePart => "Spare part",
    }
}

/// From where to where.
pub fn direction(direction: Direction) -> &'static str {
    match direction {
        Direction::CustomerToCompany => "customer → company",
        Direction::CompanyToCustomer => "company → customer",
        Direction::StockToSite => "stock → site",
    }
}

/// Where a movement stands.
pub fn movement_state(state: MovementState) -> &'static str {
    match state {
        MovementState::Authorised => "Authorised",
        MovementState::Shipped => "Shipped",
        MovementState::Received => "Received",
        MovementState::Inspected => "Inspected",
        MovementState::Consumed => "Consumed",
    }
}

/// What a money entry is for.
pub fn entry_kind(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Refund => "Refund",
        EntryKind::CreditNote => "Credit note",
        EntryKind::PriceDifference => "Price difference",
        EntryKind::RepairCharge => "Repair charge",
    }
}

/// Which way money goes.
pub fn money_direction(direction: MoneyDirection) -> &'static str {
    match direction {
        MoneyDirection::ToCustomer => "to customer",
        MoneyDirection::FromCustomer => "from customer",
    }
}

/// Where a money entry stands.
pub fn entry_state(state: EntryState) -> &'static str {
    match state {
        EntryState::Requested => "Requested",
        EntryState::Approved => "Approved",
        EntryState::Rejected => "Rejected",
        EntryState::Paid => "Paid",
    }
}

/// A class of root cause.
pub fn root_cause(cause: RootCause) -> &'static str {
    match cause {
        RootCause::ComponentFailure => "Component failure",
        RootCause::ManufacturingDefect => "Manufacturing defect",
        RootCause::Firmware => "Firmware",
        RootCause::Installation => "Installation",
        RootCause::Misuse => "Misuse",
        RootCause::TransportDamage => "Transport damage",
        RootCause::Environment => "Environment",
        RootCause::NoFaultFound => "No fault found",
        RootCause::WrongItemOrdered => "Wrong item ordered",
        RootCause::Other => "Other",
    }
}

/// What an SLA clock measures.
pub fn metric(metric: Metric) -> &'static str {
    match metric {
        Metric::FirstResponse => "First response",
        Metric::OnSite => "On site",
        Metric::Resolution => "Resolution",
    }
}

/// An SLA clock's state: the class suffix and the words.
pub fn clock_state(state: ClockState) -> (&'static str, &'static str) {
    match state {
        ClockState::OnTrack { .. } => ("on_track", "On track"),
        ClockState::AtRisk { .. } => ("at_risk", "At risk"),
        ClockState::Breached { .. } => ("breached", "Breached"),
        ClockState::Paused { .. } => ("paused", "Paused"),
        ClockState::Met { on_time: true } => ("met", "Met"),
        ClockState::Met { on_time: false } => ("met", "Met late"),
    }
}
