//! Roles and permissions as one pure function: may this actor do this to
//! this case? The worker asks it on every request; the app asks it to show
//! only what a role may do. Rules that depend on amounts (approval limits)
//! live in the money flow; this answers only "may this role try".

use serde::{Deserialize, Serialize};

use crate::case::{Case, Command};
use crate::flow::info::Visibility;
use crate::{CaseId, UserId};

/// What a user is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Works dispatched jobs on site.
    Technician,
    /// Back-office staff: queues, cases, approvals up to a limit.
    Staff,
    /// Staff plus approvals above the limit, reports and administration.
    Manager,
    /// The customer of one case (by its link or number + contact).
    Customer,
    /// Keeps customers; reads their cases.
    SalesRep,
    /// The server itself, recording what it did on its own (messages sent
    /// or given up). No user holds it: it cannot sign in, be granted, or
    /// do anything through [`allowed`].
    System,
}

impl Role {
    /// Every role a user may hold (all but [`Role::System`]).
    pub const ALL: [Role; 5] = [
        Role::Technician,
        Role::Staff,
        Role::Manager,
        Role::Customer,
        Role::SalesRep,
    ];
}

/// Who is acting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The user (customers act as the pseudo-user `customer`).
    pub user: UserId,
    /// Their role.
    pub role: Role,
}

impl Actor {
    /// The name the server's own events are recorded under.
    pub const SYSTEM_NAME: &'static str = "system";

    /// The server itself ([`Role::System`], user `system`).
    pub fn system() -> Actor {
        Actor {
            user: UserId::parse(Self::SYSTEM_NAME).expect("constant"),
            role: Role::System,
        }
    }
}

/// Something an actor may try.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// See the case (public parts).
    Read,
    /// See internal notes, costs and staff names.
    ReadInternal,
    /// Open a new case.
    Open,
    /// Change the case's stage.
    Move,
    /// Add a note with this visibility.
    Note(Visibility),
    /// Change the owner.
    Assign,
    /// Book a technician.
    Dispatch,
    /// Put on hold or resume.
    Hold,
    /// Record the purchase (price paid, date, warranty) from the company's records.
    ConfirmPurchase,
    /// Record or advance goods movements.
    Goods,
    /// Ask for a money entry.
    RequestMoney,
    /// Approve or reject a money entry.
    DecideMoney,
    /// Record a payment.
    PayMoney,
    /// Record the diagnosis.
    Diagnose,
    /// Change the priority.
    Prioritise,
    /// Check in and out on site (the technician working the case).
    Visit,
    /// Attach a photo or signature (a customer: a photo, through their link).
    Attach,
    /// Answer the satisfaction survey.
    Survey,
    /// Offer the customer a charge (a quote).
    Quote,
    /// Accept or decline a quote (the customer, by their link).
    AnswerQuote,
    /// See queues of all cases.
    Queues,
    /// Manage users and read the company's rules (managers).
    Administer,
    /// See the reports (quality, service, goods, money, customers) and export them.
    Reports,
}

impl Role {
    /// The role as a person, in English: "a sales rep".
    pub fn a_person(self) -> &'static str {
        match self {
            Role::Technician => "a technician",
            Role::Staff => "a staff member",
            Role::Manager => "a manager",
            Role::Customer => "a customer",
            Role::SalesRep => "a sales rep",
            Role::System => "the system",
        }
    }
}

impl Action {
    /// What the action does, in English, as "may not …" continues it:
    /// "change the priority".
    pub fn what(self) -> &'static str {
        match self {
            Action::Read => "see anything",
            Action::ReadInternal => "see the internal details",
            Action::Open => "open a case",
            Action::Move => "change the stage",
            Action::Note(Visibility::Internal) => "add an internal note",
            Action::Note(Visibility::Public) => "send the customer a message",
            Action::Assign => "change the owner",
            Action::Dispatch => "dispatch a technician",
            Action::Hold => "put on hold or resume",
            Action::ConfirmPurchase => "confirm the purchase",
            Action::Goods => "record goods movements",
            Action::RequestMoney => "ask for money",
            Action::DecideMoney => "approve or reject money",
            Action::PayMoney => "record a payment",
            Action::Diagnose => "record the diagnosis",
            Action::Prioritise => "change the priority",
            Action::Visit => "check in or out",
            Action::Attach => "attach files",
            Action::Survey => "answer the survey",
            Action::Quote => "offer a quote",
            Action::AnswerQuote => "answer a quote",
            Action::Queues => "see the work lists",
            Action::Administer => "manage users",
            Action::Reports => "see the reports",
        }
    }
}

/// A refusal of the permission function, by what it names: the role, the
/// action it tried and the case. The API sends it with its 403, so each
/// reader's language can say it ("A sales rep may not change the priority
/// on case AL-1378.") from these values, not from the English sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Refusal {
    /// The role of who tried.
    pub role: Role,
    /// What they tried.
    pub action: Action,
    /// On which case.
    pub case: CaseId,
}

impl Refusal {
    /// The refusal in English: "A sales rep may not change the priority on case AL-1378."
    pub fn sentence(&self) -> String {
        let who = self.role.a_person();
        let mut who_cap = who.to_owned();
        if let Some(first) = who_cap.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        format!(
            "{who_cap} may not {} on case {}.",
            self.action.what(),
            self.case
        )
    }
}

impl Command {
    /// The action this command needs.
    pub fn action(&self) -> Action {
        match self {
            Command::Move { .. } => Action::Move,
            Command::AddNote { visibility, .. } => Action::Note(*visibility),
            Command::Assign { .. } => Action::Assign,
            Command::Dispatch { .. } => Action::Dispatch,
            Command::Hold { .. } | Command::Resume => Action::Hold,
            Command::ConfirmPurchase { .. } => Action::ConfirmPurchase,
            Command::RecordMovement { .. } | Command::AdvanceMovement { .. } => Action::Goods,
            Command::RequestMoney { .. } => Action::RequestMoney,
            Command::ApproveMoney { .. } | Command::RejectMoney { .. } => Action::DecideMoney,
            Command::PayMoney { .. } => Action::PayMoney,
            Command::Diagnose { .. } => Action::Diagnose,
            Command::SetPriority { .. } => Action::Prioritise,
            Command::AnswerSurvey { .. } => Action::Survey,
            Command::Quote { .. } => Action::Quote,
            Command::AnswerQuote { .. } => Action::AnswerQuote,
            Command::CheckIn { .. } | Command::CheckOut { .. } => Action::Visit,
            Command::UsePart { .. } => Action::Goods,
            Command::Attach { .. } => Action::Attach,
        }
    }
}

/// Whether the technician works this case (dispatched to it or owns it).
fn works_on(actor: &Actor, case: &Case) -> bool {
    case.owner == actor.user
        || case
            .dispatch
            .as_ref()
            .is_some_and(|d| d.technician == actor.user)
}

/// May `actor` do `action` to `case` (`None` for actions on no case yet)?
pub fn allowed(actor: &Actor, action: Action, case: Option<&Case>) -> bool {
    use Action::*;
    match actor.role {
        Role::Manager | Role::Staff => match action {
            Survey => actor.role == Role::Staff,
            Administer => actor.role == Role::Manager,
            Visit | AnswerQuote => false,
            _ => true,
        },
        Role::Technician => match action {
            Open => true,
            Queues | Assign | Dispatch | ConfirmPurchase | DecideMoney | PayMoney | Prioritise
            | Survey | Administer | Reports | Quote | AnswerQuote => false,
            Read | ReadInternal | Move | Note(_) | Hold | Goods | RequestMoney | Diagnose
            | Visit | Attach => case.is_some_and(|c| works_on(actor, c)),
        },
        Role::SalesRep => match action {
            Open => true,
            Read | Note(Visibility::Public) => {
                case.is_some_and(|c| c.customer.sales_rep.as_ref() == Some(&actor.user))
            }
            _ => false,
        },
        // The API gives a customer only the case their token or contact
        // details open; here: what they may do with it.
        Role::Customer => matches!(
            action,
            Open | Read | Note(Visibility::Public) | Survey | Attach | AnswerQuote
        ),
        // The server records its own events without a command.
        Role::System => false,
    }
}

/// A part a named user takes on a case: owning it, going on site, or
/// keeping its customer. One rule for who may take each: an active user
/// of the right role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Duty {
    /// The one owner of a case: staff or a manager.
    Owner,
    /// The technician dispatched to a repair.
    Technician,
    /// The sales rep who keeps the customer.
    SalesRep,
}

impl Duty {
    /// Whether a user of `role` may take this duty.
    pub fn fits(self, role: Role) -> bool {
        match self {
            Duty::Owner => matches!(role, Role::Staff | Role::Manager),
            Duty::Technician => role == Role::Technician,
            Duty::SalesRep => role == Role::SalesRep,
        }
    }

    /// What the duty needs, in words.
    fn needs(self) -> &'static str {
        match self {
            Duty::Owner => "a staff member or a manager",
            Duty::Technician => "a technician",
            Duty::SalesRep => "a sales rep",
        }
    }

    /// Checks the user named in `field` for this duty, given what the
    /// company's records say of them (`None`: no such user; else their
    /// role and whether they are disabled). Unknown, disabled and
    /// wrong-role users are refused with codes `unknown_user`,
    /// `user_disabled` and `wrong_role`.
    pub fn check(
        self,
        field: &str,
        user: &UserId,
        found: Option<(Role, bool)>,
    ) -> Result<(), crate::FieldError> {
        let fault = |code: &str, message: String| Err(crate::FieldError::new(field, code, message));
        match found {
            None => fault(
                "unknown_user",
                format!("There is no user `{user}`; choose {}.", self.needs()),
            ),
            Some((_, true)) => fault(
                "user_disabled",
                format!("`{user}` is disabled; choose {}.", self.needs()),
            ),
            Some((role, false)) if !self.fits(role) => {
                fault("wrong_role", format!("`{user}` is not {}.", self.needs()))
            }
            Some(_) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duties_need_an_active_user_of_the_right_role() {
        let who = UserId::parse("some.one").unwrap();
        let code = |duty: Duty, found| duty.check("owner", &who, found).err().map(|e| e.code);
        assert_eq!(code(Duty::Owner, None).as_deref(), Some("unknown_user"));
        assert_eq!(
            code(Duty::Owner, Some((Role::Staff, true))).as_deref(),
            Some("user_disabled")
        );
        assert_eq!(
            code(Duty::Owner, Some((Role::Technician, false))).as_deref(),
            Some("wrong_role")
        );
        assert_eq!(code(Duty::Owner, Some((Role::Manager, false))), None);
        assert_eq!(
            code(Duty::Technician, Some((Role::Technician, false))),
            None
        );
        assert_eq!(
            code(Duty::Technician, Some((Role::Staff, false))).as_deref(),
            Some("wrong_role")
        );
        assert_eq!(code(Duty::SalesRep, Some((Role::SalesRep, false))), None);
        assert_eq!(
            code(Duty::SalesRep, Some((Role::Customer, false))).as_deref(),
            Some("wrong_role")
        );
    }

    #[test]
    fn a_refusal_names_the_role_the_action_and_the_case() {
        let refusal = Refusal {
            role: Role::SalesRep,
            action: Action::Prioritise,
            case: CaseId::from_sequence(1378).unwrap(),
        };
        assert_eq!(
            refusal.sentence(),
            "A sales rep may not change the priority on case AL-1378."
        );
        let json = serde_json::to_value(refusal).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"role": "sales_rep", "action": "prioritise", "case": "AL-1378"})
        );
    }

    #[test]
    fn only_managers_and_staff_see_reports() {
        for role in Role::ALL {
            let actor = Actor {
                user: UserId::parse("some.one").unwrap(),
                role,
            };
            let expected = matches!(role, Role::Manager | Role::Staff);
            assert_eq!(allowed(&actor, Action::Reports, None), expected, "{role:?}");
        }
    }

    #[test]
    fn the_system_may_do_nothing_a_user_asks() {
        let system = Actor::system();
        assert_eq!(system.user.as_ref(), "system");
        assert!(!Role::ALL.contains(&Role::System));
        for action in [Action::Read, Action::Open, Action::Move, Action::Administer] {
            assert!(!allowed(&system, action, None), "{action:?}");
        }
        assert!(!Duty::Owner.fits(Role::System));
    }
}
