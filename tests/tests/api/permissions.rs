//! Who may do what, through the API: each role against the endpoints it
//! must be refused, and the ones it must be allowed. The full matrix is
//! generated from the domain's one permission function, `access::allowed`.

use std::fmt::Write as _;

use afterloop_domain::access::{allowed, Action, Actor, Role};
use afterloop_domain::flow::goods::Direction;
use afterloop_domain::flow::info::{RootCause, Visibility};
use afterloop_domain::flow::money::EntryKind;
use afterloop_domain::sla::Priority;
use afterloop_domain::wire::{CommandRequest, Timeline, UserInfo};
use afterloop_domain::{Case, CaseId, Command, EventId, RepairStage, UserId};
use afterloop_tests::client::{expect_error, TestApp, User};
use afterloop_tests::now;
use afterloop_tests::steps::{dispatch, pay, repair_to, request_money, Movement};
use afterloop_tests::{intake, spawn_app, unique, Who};
use reqwest::{Response, StatusCode};

#[tokio::test]
async fn queues_are_for_staff_and_managers_and_technicians_see_their_own() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let manager = app.sign_in(Who::Manager).await;
    let tech = app.sign_in(Who::Tech).await;
    let rep = app.sign_in(Who::SalesRep).await;

    for queue in [
        "recent",
        "open",
        "sla",
        "outstanding",
        "approvals",
        "stage/repair/new",
        "owner/li.na",
        "serial/SN2409B00042",
    ] {
        let path = format!("/api/v1/queues/{queue}");
        assert_eq!(staff.get(&path).await.status(), 200, "staff {queue}");
        assert_eq!(manager.get(&path).await.status(), 200, "manager {queue}");
        expect_error(tech.get(&path).await, StatusCode::FORBIDDEN, "forbidden").await;
        expect_error(rep.get(&path).await, StatusCode::FORBIDDEN, "forbidden").await;
    }
    assert_eq!(tech.get("/api/v1/queues/mine").await.status(), 200);
    assert_eq!(
        tech.get("/api/v1/queues/tech/wu.gang/2026-11-23")
            .await
            .status(),
        200
    );
    expect_error(
        tech.get("/api/v1/queues/tech/sun.hao/2026-11-23").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // A path parameter is read as the client encoded it: their own name
    // percent-encoded is still theirs, another's still another's.
    assert_eq!(
        tech.get("/api/v1/queues/tech/wu%2Egang/2026-11-23")
            .await
            .status(),
        200
    );
    expect_error(
        tech.get("/api/v1/queues/tech/sun%2Ehao/2026-11-23").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    expect_error(
        staff.get("/api/v1/queues/stage/repair/flying").await,
        StatusCode::BAD_REQUEST,
        "invalid_stage",
    )
    .await;
}

#[tokio::test]
async fn a_technician_works_only_the_cases_dispatched_to_them() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let tech = app.sign_in(Who::Tech).await;
    let other = app.sign_in(Who::Tech2).await;
    let id = staff.open("repair", &unique("Dispatch scope")).await;
    let path = format!("/api/v1/cases/{id}");

    expect_error(tech.get(&path).await, StatusCode::FORBIDDEN, "forbidden").await;
    staff.ok(id, repair_to(RepairStage::Triaged)).await;
    // A window that has not ended: dispatching into the past is refused.
    let now = now();
    staff
        .ok(
            id,
            Command::Dispatch {
                technician: UserId::parse("wu.gang").unwrap(),
                from: now,
                to: now.plus_millis(7_200_000),
            },
        )
        .await;

    assert_eq!(tech.get(&path).await.status(), 200, "dispatched: may read");
    tech.ok(
        id,
        Command::AddNote {
            text: "On my way".into(),
            visibility: Visibility::Public,
        },
    )
    .await;
    expect_error(other.get(&path).await, StatusCode::FORBIDDEN, "forbidden").await;
    let assign = tech
        .command(
            id,
            Command::Assign {
                owner: UserId::parse("wu.gang").unwrap(),
            },
        )
        .await;
    expect_error(assign, StatusCode::FORBIDDEN, "forbidden").await;
    let cancel = tech.command(id, repair_to(RepairStage::Cancelled)).await;
    expect_error(cancel, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn money_above_the_staff_limit_needs_a_manager_and_never_the_requester() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let staff2 = app.sign_in(Who::Staff2).await;
    let manager = app.sign_in(Who::Manager).await;
    let id = staff.open("refund", &unique("Large refund")).await;
    staff
        .ok(
            id,
            request_money(EntryKind::Refund, 500_000, "Full refund of the battery"),
        )
        .await;

    expect_error(
        staff.command(id, Command::ApproveMoney { entry: 1 }).await,
        StatusCode::FORBIDDEN,
        "self_approval",
    )
    .await;
    expect_error(
        staff2.command(id, Command::ApproveMoney { entry: 1 }).await,
        StatusCode::FORBIDDEN,
        "manager_required",
    )
    .await;
    manager.ok(id, Command::ApproveMoney { entry: 1 }).await;
}

#[tokio::test]
async fn a_sales_rep_reads_only_their_customers_cases() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let rep = app.sign_in(Who::SalesRep).await;
    let mut body = afterloop_tests::intake("repair", &unique("Rep's customer"));
    body["customer"]["sales_rep"] = "emma.sales".into();
    let theirs: serde_json::Value = staff.create_case(&body, None).await.json().await.unwrap();
    let other = staff.open("repair", &unique("Not the rep's")).await;

    let read = rep
        .get(&format!("/api/v1/cases/{}", theirs["id"].as_str().unwrap()))
        .await;
    assert_eq!(read.status(), 200);
    let view: serde_json::Value = read.json().await.unwrap();
    // Their own view: the customer they keep and who owns the case, never
    // the customer's link nor anything internal.
    assert_eq!(view["customer"]["name"], body["customer"]["name"]);
    assert_eq!(view["owner"], "li.na");
    for private in [
        "public_token",
        "outbox",
        "diagnosis",
        "attachments",
        "pauses",
    ] {
        assert!(view.get(private).is_none(), "a sales rep reads `{private}`");
    }
    expect_error(
        rep.get(&format!("/api/v1/cases/{other}")).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

/// The permission matrix, generated: every role that can sign in × every
/// staff endpoint × a case of their own or not. What each cell must answer
/// comes from `access::allowed` with the same actor and the case as it
/// stands (folded from its timeline) just before the request:
/// allowed → anything but 401/403 (the case's rules may still refuse with
/// 409 or 422: the permission check passed); not allowed → 403 `forbidden`;
/// signed out → 401 `unauthorized`, everywhere.
#[tokio::test]
async fn the_permission_matrix_holds_for_every_endpoint_and_role() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let manager = app.sign_in(Who::Manager).await;
    let endpoints = endpoints();

    let mut columns: Vec<Column> = Vec::new();
    for (label, who) in ROLES {
        let user = app.sign_in(who).await;
        let me: UserInfo = user.get("/api/v1/auth/me").await.json().await.unwrap();
        let actor = Actor {
            user: me.name,
            role: me.role,
        };
        // Fresh cases per role: one role's commands never change what another may do.
        for own in [true, false] {
            let id = matrix_case(&staff, own).await;
            let mut cells = Vec::new();
            for endpoint in &endpoints {
                let case = case_as_manager(&manager, id).await;
                let expect = if endpoint.rule.allows(&actor, &case) {
                    Expect::Allowed
                } else {
                    Expect::Forbidden
                };
                let resp = endpoint.call(&app, Some(&user), id, &case).await;
                cells.push(Cell::of(expect, resp).await);
            }
            columns.push(Column {
                role: label,
                case: if own { "own" } else { "other" },
                cells,
            });
        }
    }
    let id = matrix_case(&staff, true).await;
    let case = case_as_manager(&manager, id).await;
    let mut cells = Vec::new();
    for endpoint in &endpoints {
        let resp = endpoint.call(&app, None, id, &case).await;
        cells.push(Cell::of(Expect::SignedOut, resp).await);
    }
    columns.push(Column {
        role: "signed out",
        case: "",
        cells,
    });

    let wrong = columns
        .iter()
        .flat_map(|c| &c.cells)
        .filter(|c| !c.holds())
        .count();
    assert_eq!(
        wrong,
        0,
        "{wrong} cells are wrong\n{}",
        table(&endpoints, &columns)
    );
}

/// The roles that sign in (customers use links, see `customers.rs`). "Own"
/// cases are dispatched to wu.gang and belong to a customer of emma.sales.
const ROLES: [(&str, Who); 5] = [
    ("staff", Who::Staff),
    ("manager", Who::Manager),
    ("dispatched tech", Who::Tech),
    ("other tech", Who::Tech2),
    ("sales rep", Who::SalesRep),
];

/// The technician an "own" case is dispatched to.
const TECHNICIAN: &str = "wu.gang";

/// Every queue under `/api/v1/queues/` (worker/src/routes/queues.rs).
const QUEUES: [&str; 12] = [
    "recent",
    "open",
    "sla",
    "outstanding",
    "approvals",
    "stage/repair/new",
    "owner/li.na",
    "serial/SN2409B00042",
    "mine",
    "replies",
    "tech/wu.gang/2026-11-23",
    "tech/sun.hao/2026-11-23",
];

/// The rule the worker applies to `GET /api/v1/queues/{queue}`: the one
/// place this test mirrors worker/src/routes/queues.rs.
fn queue_rule(queue: &'static str) -> Rule {
    match queue.split('/').collect::<Vec<_>>()[..] {
        ["mine"] | ["replies"] => Rule::SignedIn,
        ["tech", user, _day] => Rule::QueuesOrTechnician(user),
        _ => Rule::Anywhere(Action::Queues),
    }
}

/// Every action, in the order the matrix lists them.
const ACTIONS: [Action; 19] = [
    Action::Read,
    Action::ReadInternal,
    Action::Open,
    Action::Queues,
    Action::Move,
    Action::Note(Visibility::Internal),
    Action::Note(Visibility::Public),
    Action::Assign,
    Action::Dispatch,
    Action::Hold,
    Action::ConfirmPurchase,
    Action::Goods,
    Action::RequestMoney,
    Action::DecideMoney,
    Action::PayMoney,
    Action::Diagnose,
    Action::Prioritise,
    Action::Survey,
    Action::Visit,
];

/// A command that needs `action` (per `Command::action`), on a case owned by
/// `owner`; `None` for actions no command needs. Exhaustive: a new action
/// fails to compile here until it gets its command (add it to [`ACTIONS`] too).
fn representative(action: Action, owner: &UserId) -> Option<(&'static str, Command)> {
    let window = now().plus_millis(3_600_000);
    Some(match action {
        Action::Read
        | Action::ReadInternal
        | Action::Open
        | Action::Queues
        | Action::Reports
        // Files go through their own endpoint (attachments.rs tests it).
        | Action::Attach
        // Quotes need an out-of-warranty repair; who may quote and answer
        // is held by `rep_quotes.rs` and the domain's engine tests.
        | Action::Quote
        | Action::AnswerQuote
        | Action::Administer => return None,
        // A stage a technician may move to: refused only by the permission function.
        Action::Move => (
            "move",
            repair_to(RepairStage::InRepair),
        ),
        Action::Note(Visibility::Internal) => (
            "note internal",
            Command::AddNote {
                text: "Checked the inverter's log.".into(),
                visibility: Visibility::Internal,
            },
        ),
        Action::Note(Visibility::Public) => (
            "note public",
            Command::AddNote {
                text: "We are on it.".into(),
                visibility: Visibility::Public,
            },
        ),
        // To the current owner: changes nothing another cell depends on.
        Action::Assign => (
            "assign",
            Command::Assign {
                owner: owner.clone(),
            },
        ),
        Action::Dispatch => (
            "dispatch",
            dispatch(TECHNICIAN, window, 1),
        ),
        Action::Hold => (
            "hold",
            Command::Hold {
                reason: "Waiting for the customer's photos.".into(),
            },
        ),
        // As the case has it: confirms the record, changes nothing.
        Action::ConfirmPurchase => (
            "confirm purchase",
            Command::ConfirmPurchase {
                purchase_date: None,
                price_paid: None,
                warranty_months: None,
            },
        ),
        Action::Goods => (
            "goods",
            Movement::spare_part(Direction::StockToSite, "IGBT-40A", None).into(),
        ),
        Action::RequestMoney => (
            "request money",
            request_money(EntryKind::CreditNote, 5_000, "Goodwill for the wait"),
        ),
        // Rejecting, not approving: approval adds amount rules that answer
        // 403 too (`self_approval`, `manager_required`), see the test above.
        Action::DecideMoney => (
            "decide money",
            Command::RejectMoney {
                entry: 1,
                reason: "Not needed after all".into(),
            },
        ),
        Action::PayMoney => (
            "pay money",
            pay(1, "BANK-0001"),
        ),
        Action::Diagnose => (
            "diagnose",
            Command::Diagnose {
                root_cause: RootCause::ComponentFailure,
                failed_part: Some("IGBT module".into()),
                resolution: "Replaced the IGBT module.".into(),
            },
        ),
        Action::Prioritise => (
            "prioritise",
            Command::SetPriority {
                priority: Priority::High,
            },
        ),
        Action::Survey => (
            "survey",
            Command::AnswerSurvey {
                score: 5,
                comment: String::new(),
            },
        ),
        Action::Visit => (
            "check in",
            Command::CheckIn {
                at: now(),
                location: None,
            },
        ),
    })
}

/// What the worker asks before it serves an endpoint.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// `allowed(actor, action, Some(case))`.
    OnCase(Action),
    /// `allowed(actor, action, None)`.
    Anywhere(Action),
    /// Nothing beyond being signed in.
    SignedIn,
    /// Every queue (`Action::Queues`), or this technician themselves.
    QueuesOrTechnician(&'static str),
}

impl Rule {
    fn allows(self, actor: &Actor, case: &Case) -> bool {
        match self {
            Rule::OnCase(action) => allowed(actor, action, Some(case)),
            Rule::Anywhere(action) => allowed(actor, action, None),
            Rule::SignedIn => true,
            Rule::QueuesOrTechnician(user) => {
                allowed(actor, Action::Queues, None)
                    || (actor.role == Role::Technician && actor.user.as_ref() == user)
            }
        }
    }
}

/// How an endpoint is called.
enum Call {
    /// `GET` this path (`{case}` is the case's path).
    Get(&'static str),
    /// `POST /api/v1/cases/{id}/commands` with the action's representative.
    Command(Action),
}

struct Endpoint {
    what: String,
    rule: Rule,
    call: Call,
}

/// Reads, then every queue, then one command per action.
fn endpoints() -> Vec<Endpoint> {
    let mut all = vec![
        Endpoint {
            what: "list cases".into(),
            // `GET /api/v1/cases` is the `recent` queue.
            rule: queue_rule("recent"),
            call: Call::Get("/api/v1/cases"),
        },
        Endpoint {
            what: "read case".into(),
            rule: Rule::OnCase(Action::Read),
            call: Call::Get("{case}"),
        },
        Endpoint {
            what: "timeline".into(),
            rule: Rule::OnCase(Action::Read),
            call: Call::Get("{case}/events"),
        },
    ];
    for queue in QUEUES {
        all.push(Endpoint {
            what: format!("queue {queue}"),
            rule: queue_rule(queue),
            call: Call::Get(queue),
        });
    }
    let owner = UserId::parse("li.na").unwrap();
    for action in ACTIONS {
        if let Some((what, command)) = representative(action, &owner) {
            assert_eq!(
                command.action(),
                action,
                "the command for {what} needs {action:?}"
            );
            all.push(Endpoint {
                what: what.into(),
                rule: Rule::OnCase(action),
                call: Call::Command(action),
            });
        }
    }
    all
}

impl Endpoint {
    /// Calls the endpoint for case `id` (as it stands: `case`), as `user` or signed out.
    async fn call(&self, app: &TestApp, user: Option<&User>, id: CaseId, case: &Case) -> Response {
        match self.call {
            Call::Get(path) => {
                let path = if path.starts_with('/') {
                    path.to_owned()
                } else if path.starts_with("{case}") {
                    path.replace("{case}", &format!("/api/v1/cases/{id}"))
                } else {
                    format!("/api/v1/queues/{path}")
                };
                match user {
                    Some(user) => user.get(&path).await,
                    None => app.get(&path).await,
                }
            }
            Call::Command(action) => {
                let (_, command) = representative(action, &case.owner).expect("a command action");
                match user {
                    Some(user) => user.command(id, command).await,
                    None => {
                        let body = CommandRequest {
                            event_id: EventId::parse(&unique("anon").replace(' ', "-")).unwrap(),
                            command,
                            recorded_at: None,
                        };
                        let body = serde_json::to_value(body).unwrap();
                        app.post(&format!("/api/v1/cases/{id}/commands"), &body)
                            .await
                    }
                }
            }
        }
    }
}

/// A case for the matrix, opened by staff: triaged, with one money entry
/// requested; "own" ones are also dispatched to wu.gang and belong to a
/// customer of emma.sales.
async fn matrix_case(staff: &User, own: bool) -> CaseId {
    let mut body = intake("repair", &unique("Matrix"));
    if own {
        body["customer"]["sales_rep"] = "emma.sales".into();
    }
    let id = staff.open_with(&body).await;
    staff.ok(id, repair_to(RepairStage::Triaged)).await;
    let owner = UserId::parse("li.na").unwrap();
    if own {
        let (_, dispatch) = representative(Action::Dispatch, &owner).unwrap();
        staff.ok(id, dispatch).await;
    }
    let (_, request) = representative(Action::RequestMoney, &owner).unwrap();
    staff.ok(id, request).await;
    id
}

/// The case exactly as stored: its whole timeline (as a manager reads it) folded.
async fn case_as_manager(manager: &User, id: CaseId) -> Case {
    let resp = manager.get(&format!("/api/v1/cases/{id}/events")).await;
    assert_eq!(resp.status(), 200, "timeline of {id}");
    let timeline: Timeline = resp.json().await.unwrap();
    Case::replay(&timeline.events).expect("the timeline folds into the case")
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// Past the permission check: anything but 401 and 403.
    Allowed,
    /// 403 `forbidden`.
    Forbidden,
    /// 401 `unauthorized`.
    SignedOut,
}

struct Cell {
    expect: Expect,
    status: u16,
    error: String,
}

impl Cell {
    async fn of(expect: Expect, resp: Response) -> Cell {
        let status = resp.status().as_u16();
        let body: serde_json::Value = resp.json().await.unwrap_or_default();
        Cell {
            expect,
            status,
            error: body["error"].as_str().unwrap_or_default().to_owned(),
        }
    }

    fn holds(&self) -> bool {
        match self.expect {
            Expect::Allowed => self.status != 401 && self.status != 403,
            // A technician's command on a case that is not theirs names the
            // likely cause (reassigned) with a code of its own.
            Expect::Forbidden => {
                self.status == 403 && matches!(self.error.as_str(), "forbidden" | "not_your_case")
            }
            Expect::SignedOut => self.status == 401 && self.error == "unauthorized",
        }
    }

    /// `+200`, `-403`, `·401`; a wrong cell is marked `✗` and shows its error code.
    fn show(&self) -> String {
        let sign = match self.expect {
            Expect::Allowed => '+',
            Expect::Forbidden => '-',
            Expect::SignedOut => '·',
        };
        if self.holds() {
            format!("{sign}{}", self.status)
        } else {
            format!("{sign}{}✗{}", self.status, self.error)
        }
    }
}

struct Column {
    role: &'static str,
    case: &'static str,
    cells: Vec<Cell>,
}

/// The whole matrix, one line per endpoint and one column per role and case.
fn table(endpoints: &[Endpoint], columns: &[Column]) -> String {
    let first = endpoints.iter().map(|e| e.what.len()).max().unwrap_or(0);
    let mut widths: Vec<usize> = columns
        .iter()
        .map(|c| {
            c.cells
                .iter()
                .map(|cell| cell.show().chars().count())
                .chain([c.case.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    // A role's name spans its columns; widen the last one if it is longer.
    let mut groups: Vec<(&str, std::ops::Range<usize>)> = Vec::new();
    for (i, column) in columns.iter().enumerate() {
        match groups.last_mut() {
            Some((role, range)) if *role == column.role => range.end = i + 1,
            _ => groups.push((column.role, i..i + 1)),
        }
    }
    for (role, range) in &groups {
        let span: usize = widths[range.clone()].iter().sum::<usize>() + 2 * (range.len() - 1);
        if role.len() > span {
            widths[range.end - 1] += role.len() - span;
        }
    }
    let mut out = String::from(
        "+ allowed: not 401/403; - refused: 403 forbidden; · signed out: 401 unauthorized; ✗ wrong\n",
    );
    let _ = write!(out, "{:first$}", "");
    for (role, range) in &groups {
        let span: usize = widths[range.clone()].iter().sum::<usize>() + 2 * (range.len() - 1);
        let _ = write!(out, "  {role:span$}");
    }
    let _ = write!(out, "\n{:first$}", "");
    for (column, w) in columns.iter().zip(&widths) {
        let _ = write!(out, "  {:w$}", column.case);
    }
    out.push('\n');
    for (row, endpoint) in endpoints.iter().enumerate() {
        let _ = write!(out, "{:first$}", endpoint.what);
        for (column, w) in columns.iter().zip(&widths) {
            let _ = write!(out, "  {:w$}", column.cells[row].show());
        }
        out.push('\n');
    }
    out
}
