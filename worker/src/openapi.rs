//! `GET /api/v1/openapi.json`: the API's OpenAPI 3.1 document, generated
//! from the domain's wire types (their `utoipa::ToSchema` derives and
//! hand-written schemas, made as strict as serde by
//! [`afterloop_domain::openapi::SerdeRules`]).
//!
//! Each route is described here by a documentation-only function named like
//! its handler in [`crate::routes`] (in a module named like the handler's),
//! so the handlers stay free of annotations. A route added to the router's
//! `match` must be added here too.

use std::borrow::Cow;
use std::sync::OnceLock;

use afterloop_domain::openapi::SerdeRules;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::RefOr;
use utoipa::{Modify, OpenApi, PartialSchema, ToSchema};
use worker::Response;

use crate::error::AppError;
use crate::routes::{MAX_PARAM_BYTES, MAX_QUERY_BYTES};

/// The document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Afterloop API",
        description = "Afterloop's after-sales case API: JSON under `/api/v1`.\n\n\
            Every error answers with `ErrorBody`. A documented path answers `HEAD` like \
            `GET` without a body where it takes `GET`, and `OPTIONS` with 204 and an `Allow` \
            header; called with another method it answers 405 (`method_not_allowed`) with \
            `Allow`. A path parameter longer than 128 bytes or a query value longer than \
            1024 answers 400 (`too_long`, naming it). Every 429 carries `Retry-After` \
            (seconds). Staff endpoints take `Authorization: Bearer <token>` from \
            `POST /api/v1/auth/login`; customer endpoints (`/public`, `/track`) need no account.",
    ),
    paths(
        health::get,
        openapi_json::get,
        auth::login,
        auth::logout,
        auth::me,
        setup::demo_users,
        setup::history,
        setup::first_manager,
        setup::history_batch,
        cases::list,
        cases::create,
        cases::get,
        cases::events,
        cases::history,
        jobs::bundle,
        cases::command,
        attachments::upload,
        attachments::download,
        queues::list,
        queues::list_stage,
        queues::list_owner,
        queues::list_tech,
        queues::list_tech_jobs,
        queues::list_serial,
        queues::list_rep,
        queues::counts,
        queues::search,
        admin::users,
        admin::create_user,
        admin::change_user,
        admin::policy,
        admin::directory,
        reports::quality,
        reports::service,
        reports::goods,
        reports::money,
        reports::customers,
        reports::summary,
        reports::sold_units,
        reports::set_sold_units,
        reports::rebuild,
        track::new_request,
        track::lookup,
        track::get,
        track::message,
        track::challenge,
        track::upload,
        track::download,
        track::survey,
        track::answer_quote,
    ),
    components(schemas(
        DemoUsers,
        afterloop_domain::queue::QueueTab,
        Stage,
        Binary,
        Policy,
        afterloop_domain::view::TechCaseView,
        afterloop_domain::view::RepCaseView,
        afterloop_domain::wire::TechCommandResult,
        afterloop_domain::wire::RepCommandResult,
        afterloop_domain::wire::PublicTimeline,
    )),
    modifiers(&SerdeRules, &BearerAuth, &EdgeRules),
    tags(
        (name = "meta", description = "Health and this document."),
        (name = "auth", description = "Sign in, sign out, who am I."),
        (name = "cases", description = "Cases, their timelines, commands and files."),
        (name = "queues", description = "Work lists, paged."),
        (name = "admin", description = "Users and the rules in force (managers)."),
        (name = "reports", description = "Quality, service, goods, money and customer reports over a period (managers and staff), from aggregates kept as cases are written."),
        (name = "customers", description = "Customers without an account: requests and case links."),
    )
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`: the document as JSON (built once per isolate).
pub fn get() -> Result<Response, AppError> {
    static DOC: OnceLock<String> = OnceLock::new();
    let json = match DOC.get() {
        Some(json) => json,
        None => {
            let json = ApiDoc::openapi().to_json()?;
            DOC.get_or_init(|| json)
        }
    };
    let mut resp = Response::from_bytes(json.as_bytes().to_vec())?;
    resp.headers_mut()
        .set("Content-Type", "application/json; charset=utf-8")?;
    Ok(resp)
}

/// The name of the bearer security scheme.
const BEARER: &str = "bearer";

/// Adds the bearer scheme staff endpoints require.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("64 hex characters")
                    .description(Some(
                        "`Authorization: Bearer <token>`: the 64 hex characters \
                         `POST /api/v1/auth/login` answers with.",
                    ))
                    .build(),
            ),
        );
    }
}

/// What the router does for every route, written into each operation:
/// path parameters of at most `MAX_PARAM_BYTES`, query values of at most
/// `MAX_QUERY_BYTES` (both 400 `too_long` beyond), and `Retry-After` on 429.
struct EdgeRules;

impl Modify for EdgeRules {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        use utoipa::openapi::{Header, ResponseBuilder};
        for item in openapi.paths.paths.values_mut() {
            for op in [&mut item.get, &mut item.post, &mut item.put]
                .into_iter()
                .flatten()
            {
                let mut bounded = false;
                for param in op.parameters.iter_mut().flatten() {
                    let max = match param.parameter_in {
                        ParameterIn::Path => MAX_PARAM_BYTES,
                        ParameterIn::Query => MAX_QUERY_BYTES,
                        _ => continue,
                    };
                    bounded = true;
                    if let Some(RefOr::T(Schema::Object(object))) = &mut param.schema {
                        if object.schema_type == SchemaType::new(Type::String)
                            && object.max_length.is_none()
                        {
                            object.max_length = Some(max);
                        }
                    }
                }
                let responses = &mut op.responses.responses;
                if bounded && !responses.contains_key("400") {
                    responses.insert(
                        "400".to_owned(),
                        RefOr::T(
                            ResponseBuilder::new()
                                .description(format!(
                                    "A path parameter over {MAX_PARAM_BYTES} bytes or a query value over {MAX_QUERY_BYTES} (`too_long`)."
                                ))
                                .content(
                                    "application/json",
                                    utoipa::openapi::ContentBuilder::new()
                                        .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name("ErrorBody"))))
                                        .build(),
                                )
                                .build(),
                        ),
                    );
                }
                if let Some(RefOr::T(too_many)) = responses.get_mut("429") {
                    too_many.headers.insert(
                        "Retry-After".to_owned(),
                        Header::builder()
                            .schema(
                                ObjectBuilder::new()
                                    .schema_type(SchemaType::new(Type::Integer))
                                    .minimum(Some(1)),
                            )
                            .description(Some("Seconds until the limit lets the client in again."))
                            .build(),
                    );
                }
            }
        }
    }
}

/// A raw file body (`image/jpeg`, `image/png`, `image/webp`).
struct Binary;

impl PartialSchema for Binary {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .description(Some("The file's bytes."))
            .into()
    }
}

impl ToSchema for Binary {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Binary")
    }
}

/// `GET /api/v1/admin/policy`'s answer (`wire::PolicyView`): an object with
/// `sla`, `approval`, `intake_owner` and `root_causes`.
struct Policy;

impl PartialSchema for Policy {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::Object))
            .property(
                "sla",
                ObjectBuilder::new().schema_type(SchemaType::new(Type::Object)),
            )
            .property(
                "approval",
                ObjectBuilder::new().schema_type(SchemaType::new(Type::Object)),
            )
            .property(
                "intake_owner",
                ObjectBuilder::new().schema_type(SchemaType::new(Type::String)),
            )
            .property(
                "root_causes",
                utoipa::openapi::schema::ArrayBuilder::new()
                    .items(ObjectBuilder::new().schema_type(SchemaType::new(Type::String))),
            )
            .required("sla")
            .required("approval")
            .required("intake_owner")
            .required("root_causes")
            .description(Some("The rules in force."))
            .into()
    }
}

impl ToSchema for Policy {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Policy")
    }
}

/// Answer of `POST /api/v1/setup/demo-users` (`routes::setup`'s `Seeded`).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct DemoUsers {
    /// Users created now.
    created: Vec<String>,
    /// Users that existed already (left as they were).
    existing: Vec<String>,
}

/// A stage name of any kind; it must be a stage of the path's kind.
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
enum Stage {
    /// Repair.
    New,
    /// Repair.
    Triaged,
    /// Repair.
    Scheduled,
    /// Repair.
    AwaitingUnit,
    /// Repair.
    InRepair,
    /// Repair.
    Resolved,
    /// Repair, return, refund.
    Closed,
    /// Repair, return.
    Cancelled,
    /// Return, refund.
    Requested,
    /// Return.
    Authorised,
    /// Return.
    InTransit,
    /// Return.
    Received,
    /// Return.
    Inspected,
    /// Return.
    Exchanged,
    /// Return.
    Refunded,
    /// Return, refund.
    Rejected,
    /// Refund.
    Approved,
    /// Refund.
    Paid,
}

// The documentation-only functions: one per route, never called.

mod health {
    use afterloop_domain::wire::{ErrorBody, Health};

    /// The worker answers and its KV binding is reachable.
    #[utoipa::path(
        get,
        path = "/api/v1/health",
        tag = "meta",
        operation_id = "health",
        responses(
            (status = 200, description = "Up.", body = Health),
            (status = 500, description = "KV unreachable.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn get() {}
}

mod openapi_json {
    use afterloop_domain::wire::ErrorBody;

    /// This document.
    #[utoipa::path(
        get,
        path = "/api/v1/openapi.json",
        tag = "meta",
        operation_id = "openapi",
        responses(
            (status = 200, description = "The OpenAPI document.", body = Object, content_type = "application/json"),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn get() {}
}

mod auth {
    use afterloop_domain::wire::{ErrorBody, LoginRequest, LoginResponse, UserInfo};

    /// Signs in: checks the password and opens a session (12 hours unless the
    /// deployment sets `SESSION_TTL_SECONDS`; `expires_at` says until when).
    /// Password checks are limited: 10 a quarter hour per user name and
    /// client address (then 429 for that pair), and beyond 20 a quarter hour
    /// per user name from all addresses a sign-in must carry a solved
    /// challenge from `GET /api/v1/public/challenge` (400 `challenge_required`
    /// without one).
    #[utoipa::path(
        post,
        path = "/api/v1/auth/login",
        tag = "auth",
        operation_id = "login",
        params(
            ("X-Challenge" = Option<String>, Header, description = "From `GET /api/v1/public/challenge`, when a sign-in needs one."),
            ("X-Challenge-Nonce" = Option<String>, Header, description = "The nonce that solves it."),
        ),
        request_body = LoginRequest,
        responses(
            (status = 200, description = "Signed in.", body = LoginResponse),
            (status = 400, description = "Malformed JSON; or many sign-ins as this user failed lately and the request carries no solved challenge (`challenge_required`), or a challenge expired, used or unsolved (`challenge_failed`).", body = ErrorBody),
            (status = 401, description = "Wrong user name or password.", body = ErrorBody),
            (status = 429, description = "Too many failed sign-ins as this user from this address.", body = ErrorBody),
            (status = 413, description = "Body over 64 KiB.", body = ErrorBody),
            (status = 415, description = "Body not `application/json`.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn login() {}

    /// Signs out: ends the bearer token's session; 204 also when there is none.
    #[utoipa::path(
        post,
        path = "/api/v1/auth/logout",
        tag = "auth",
        operation_id = "logout",
        security((), ("bearer" = [])),
        responses(
            (status = 204, description = "Signed out."),
            (status = 401, description = "An `Authorization` header that is not `Bearer <64 hex>`.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn logout() {}

    /// The signed-in user.
    #[utoipa::path(
        get,
        path = "/api/v1/auth/me",
        tag = "auth",
        operation_id = "me",
        security(("bearer" = [])),
        responses(
            (status = 200, description = "Who is signed in.", body = UserInfo),
            (status = 401, description = "Not signed in, or the session ended.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn me() {}
}

mod setup {
    use afterloop_domain::wire::{
        CommandResult, ErrorBody, PastBatch, PastBatchResult, PastWrites,
    };

    use super::DemoUsers;

    /// Creates the missing demo users (only where `DEMO_SETUP = "enabled"`: local development).
    #[utoipa::path(
        post,
        path = "/api/v1/setup/demo-users",
        tag = "meta",
        operation_id = "setup_demo_users",
        responses(
            (status = 200, description = "Seeded (idempotent).", body = DemoUsers),
            (status = 403, description = "Demo setup is disabled on this server (`demo_setup_disabled`).", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn demo_users() {}

    /// Writes part of one case's past in the demo company: its intake (or
    /// the case) and commands, each by a demo user at a past time, through
    /// the case object's rules (only where `DEMO_SETUP = "enabled"`, and
    /// only for the seeding manager).
    #[utoipa::path(
        post,
        path = "/api/v1/setup/history",
        tag = "meta",
        operation_id = "setup_history",
        security(("bearer" = [])),
        request_body = PastWrites,
        responses(
            (status = 200, description = "Applied (the events added; none on a replay).", body = CommandResult),
            (status = 201, description = "The case was opened, and the commands applied.", body = CommandResult),
            (status = 400, description = "Unreadable body.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Demo setup is disabled (`demo_setup_disabled`), or not the seeding manager (`not_seeding_manager`), or the actor's role may not.", body = ErrorBody),
            (status = 404, description = "No such case.", body = ErrorBody),
            (status = 409, description = "The case's state forbids it, or it has later events (`past_out_of_order`).", body = ErrorBody),
            (status = 413, description = "Body too large.", body = ErrorBody),
            (status = 415, description = "Body not `application/json`.", body = ErrorBody),
            (status = 422, description = "A rule refused it (fields named).", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn history() {}

    /// Creates the first manager of a real deployment: only where the
    /// secret `BOOTSTRAP_TOKEN` is set, with that token in
    /// `X-Bootstrap-Token`, and only while no manager exists.
    #[utoipa::path(
        post,
        path = "/api/v1/setup/first-manager",
        tag = "meta",
        operation_id = "setup_first_manager",
        params(
            ("X-Bootstrap-Token" = String, Header, description = "The secret `BOOTSTRAP_TOKEN` set on the server."),
        ),
        request_body = afterloop_domain::wire::NewUserRequest,
        responses(
            (status = 201, description = "Created: the first manager.", body = afterloop_domain::wire::AdminUser),
            (status = 400, description = "Bad body.", body = ErrorBody),
            (status = 401, description = "No `X-Bootstrap-Token`.", body = ErrorBody),
            (status = 403, description = "No token is set on this server (`bootstrap_disabled`), or it is another one (`bootstrap_token_invalid`).", body = ErrorBody),
            (status = 409, description = "A manager exists already (`manager_exists`), or the name is taken.", body = ErrorBody),
            (status = 413, description = "Body too large.", body = ErrorBody),
            (status = 415, description = "Body not `application/json`.", body = ErrorBody),
            (status = 422, description = "Fields at fault (`role` must be `manager`).", body = ErrorBody),
            (status = 429, description = "Too many requests from this address.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn first_manager() {}

    /// Writes the pasts of several cases of the demo company in one
    /// request: the cases to open are opened in the order sent, then each
    /// case's commands written (only where `DEMO_SETUP = "enabled"`, and
    /// only for the seeding manager).
    #[utoipa::path(
        post,
        path = "/api/v1/setup/history/batch",
        tag = "meta",
        operation_id = "setup_history_batch",
        security(("bearer" = [])),
        request_body = PastBatch,
        responses(
            (status = 200, description = "Written: per case, whether it was opened and how many events were added (none on a replay).", body = PastBatchResult),
            (status = 400, description = "Unreadable body.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Demo setup is disabled (`demo_setup_disabled`), or not the seeding manager (`not_seeding_manager`), or the actor's role may not.", body = ErrorBody),
            (status = 404, description = "No such case.", body = ErrorBody),
            (status = 409, description = "A case's state forbids it, or it has later events (`past_out_of_order`).", body = ErrorBody),
            (status = 413, description = "Body too large.", body = ErrorBody),
            (status = 415, description = "Body not `application/json`.", body = ErrorBody),
            (status = 422, description = "A rule refused it (fields named, `cases[i].…`).", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn history_batch() {}
}

mod cases {
    use afterloop_domain::wire::{
        CasePage, CaseView, CommandRequest, CommandResult, CreateCaseRequest, ErrorBody, Timeline,
    };
    use afterloop_domain::CaseId;

    /// Every case, newest first (the `recent` queue).
    #[utoipa::path(
        get,
        path = "/api/v1/cases",
        tag = "cases",
        operation_id = "list_cases",
        security(("bearer" = [])),
        params(
            ("limit" = Option<u8>, Query, minimum = 1, maximum = 100, description = "Rows per page (default 20)."),
            ("cursor" = Option<String>, Query, description = "The `cursor` of the previous page."),
        ),
        responses(
            (status = 200, description = "One page.", body = CasePage),
            (status = 400, description = "Invalid `limit`.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "The role may not list every case.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn list() {}

    /// Staff intake: opens a case. With an `Idempotency-Key`, a retried
    /// request answers 200 with the case the first one opened.
    #[utoipa::path(
        post,
        path = "/api/v1/cases",
        tag = "cases",
        operation_id = "create_case",
        security(("bearer" = [])),
        params(
            ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,128}$",
                description = "1-128 visible ASCII characters; a retry with the same key opens no second case."),
        ),
        request_body = CreateCaseRequest,
        responses(
            (status = 201, description = "Opened.", body = CaseView,
                headers(("Location" = String, description = "`/api/v1/cases/{id}`"))),
            (status = 200, description = "Opened before under this `Idempotency-Key`.", body = CaseView,
                headers(("Location" = String, description = "`/api/v1/cases/{id}`"))),
            (status = 400, description = "Malformed JSON or `Idempotency-Key`.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "The role may not open cases.", body = ErrorBody),
            (status = 409, description = "Conflicts with stored state.", body = ErrorBody),
            (status = 413, description = "Body over 64 KiB.", body = ErrorBody),
            (status = 415, description = "Body not `application/json`.", body = ErrorBody),
            (status = 422, description = "Fields break the intake rules; see `fields`.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn create() {}

    /// The case with its balance and SLA clocks, as the reader may see it:
    /// staff and managers a `CaseView`, a technician a `TechCaseView`, a
    /// sales rep a `RepCaseView` (each an allow-list of fields).
    #[utoipa::path(
        get,
        path = "/api/v1/cases/{id}",
        tag = "cases",
        operation_id = "get_case",
        security(("bearer" = [])),
        params(
            ("id" = CaseId, Path, description = "The case number."),
            ("version" = Option<u32>, Query, description = "The newest version of the case the reader was shown (a command's answer, an earlier read): the answer is never older (read from the case's object when KV's copy lags). 400 `invalid_version` unless a whole number."),
        ),
        responses(
            (status = 200, description = "The case.", body = CaseView),
            (status = 400, description = "Not a case number, or `version` not a version.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "The role may not see this case.", body = ErrorBody),
            (status = 404, description = "No such case.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn get() {}

    /// The timeline: every event for staff (`Timeline`), the work for a
    /// technician (`Timeline`), messages and photos for a sales rep
    /// (`PublicTimeline`).
    #[utoipa::path(
        get,
        path = "/api/v1/cases/{id}/events",
        tag = "cases",
        operation_id = "case_events",
        security(("bearer" = [])),
        params(
            ("id" = CaseId, Path, description = "The case number."),
            ("version" = Option<u32>, Query, description = "The newest version of the case the reader was shown (a command's answer, an earlier read): the answer is never older (read from the case's object when KV's copy lags). 400 `invalid_version` unless a whole number."),
        ),
        responses(
            (status = 200, description = "The timeline.", body = Timeline),
            (status = 400, description = "Not a case number, or `version` not a version.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "The role may not see this case.", body = ErrorBody),
            (status = 404, description = "No such case.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn events() {}

    /// The other cases of the same serial number, newest first (previous
    /// repairs); for roles that see the case's internals.
    #[utoipa::path(
        get,
        path = "/api/v1/cases/{id}/history",
        tag = "cases",
        operation_id = "case_history",
        security(("bearer" = [])),
        params(("id" = CaseId, Path, description = "The case number.")),
        responses(
            (status = 200, description = "The serial's other cases (empty without a serial).", body = CasePage),
            (status = 400, description = "Not a case number.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "The role may not see this case's internals.", body = ErrorBody),
            (status = 404, description = "No such case.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn history() {}

    /// One command, applied once per `event_id`: the same actor sending the
    /// same command again gets `applied: false` with the events it appended
    /// then; an `event_id` of another write or another actor is 409. The
    /// answer is the sender's view (`CommandResult` for staff,
    /// `TechCommandResult` for a technician, `RepCommandResult` for a sales rep).
    #[utoipa::path(
        post,
        path = "/api/v1/cases/{id}/commands",
        tag = "cases",
        operation_id = "case_command",
        security(("bearer" = [])),
        params(("id" = CaseId, Path, description = "The case number.")),
        request_body = CommandRequest,
        responses(
            (status = 200, description = "Applied, or replayed.", body = CommandResult),
            (status = 400, description = "Not a case number, or malformed JSON.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "The role may not do this (or not for this amount).", body = ErrorBody),
            (status = 404, description = "No such case, movement or entry.", body = ErrorBody),
            (status = 409, description = "Not allowed in the case's state (e.g. `illegal_transition`), or the `event_id` belongs to another write (`event_id_taken`, `event_id_reused`).", body = ErrorBody),
            (status = 413, description = "Body over 64 KiB.", body = ErrorBody),
            (status = 415, description = "Body not `application/json`.", body = ErrorBody),
            (status = 422, description = "Fields break the rules; see `fields`.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn command() {}
}

mod jobs {
    use afterloop_domain::wire::{ErrorBody, JobsBundle};

    /// What a technician's phone keeps to work with no signal, in one
    /// answer: each open job dispatched to the signed-in technician (never
    /// a closed or cancelled one), in the technician's view, with the
    /// timeline a technician may see and the serial's earlier cases.
    #[utoipa::path(
        get,
        path = "/api/v1/jobs",
        tag = "cases",
        operation_id = "technician_jobs",
        security(("bearer" = [])),
        responses(
            (status = 200, description = "The technician's open jobs.", body = JobsBundle),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Not a technician.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn bundle() {}
}

mod attachments {
    use afterloop_domain::flow::info::AttachmentKind;
    use afterloop_domain::wire::{CommandResult, ErrorBody};
    use afterloop_domain::{CaseId, EventId};

    use super::Binary;

    /// Uploads a photo or signature as the raw body and records it on the
    /// case (photos at most 2 MiB, signatures 256 KiB and PNG or WebP only).
    /// The bytes must be the declared image type; they are stored once under
    /// their SHA-256 and never replaced (another file under a used
    /// `event_id` is 409).
    #[utoipa::path(
        post,
        path = "/api/v1/cases/{id}/attachments",
        tag = "cases",
        operation_id = "upload_attachment",
        security(("bearer" = [])),
        params(
            ("id" = CaseId, Path, description = "The case number."),
            ("kind" = AttachmentKind, Query, description = "`photo` or `signature`."),
            ("name" = String, Query, min_length = 1, max_length = 100, description = "The file name (no path)."),
            ("event_id" = EventId, Query, description = "The client's id for this write (idempotency)."),
            ("recorded_at" = Option<i64>, Query, description = "When the sender recorded it (ms since the epoch, their clock), if it is sent later: kept on its event; not before the case opened nor more than 5 minutes ahead (422 `recorded_at`)."),
            ("movement" = Option<u32>, Query, minimum = 1, description = "The goods movement the photo shows (a shipment, a unit received): its number within the case (404 `movement_not_found` for none)."),
        ),
        request_body(
            description = "The file's bytes.",
            content(
                (Binary = "image/jpeg"),
                (Binary = "image/png"),
                (Binary = "image/webp"),
            )
        ),
        responses(
            (status = 200, description = "Recorded, or replayed.", body = CommandResult),
            (status = 400, description = "Invalid case number, `kind`, `event_id`, `recorded_at` or `movement`.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "The role may not attach files here.", body = ErrorBody),
            (status = 404, description = "No such case, or no such goods movement (`movement_not_found`).", body = ErrorBody),
            (status = 409, description = "Not allowed in the case's state, or the `event_id` belongs to another write.", body = ErrorBody),
            (status = 413, description = "Larger than the kind allows.", body = ErrorBody),
            (status = 422, description = "Bad name, content type or size, or bytes that are not the declared type; see `fields`.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn upload() {}

    /// An attachment's bytes, for roles that see a case's internals.
    #[utoipa::path(
        get,
        path = "/api/v1/cases/{id}/attachments/{n}",
        tag = "cases",
        operation_id = "download_attachment",
        security(("bearer" = [])),
        params(
            ("id" = CaseId, Path, description = "The case number."),
            ("n" = u32, Path, minimum = 1, description = "The attachment's number within the case."),
        ),
        responses(
            (status = 200, description = "The file, with its content type, `ETag` (its hash) and `Cache-Control: private, no-cache`.", content(
                (Binary = "image/jpeg"),
                (Binary = "image/png"),
                (Binary = "image/webp"),
            )),
            (status = 304, description = "Unchanged: `If-None-Match` named its `ETag`."),
            (status = 400, description = "Not a case number.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "The role may not see this case's files.", body = ErrorBody),
            (status = 404, description = "No such case or attachment.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn download() {}
}

mod queues {
    use afterloop_domain::wire::{CasePage, ErrorBody};
    use afterloop_domain::{CaseKind, Date, UserId};

    use super::Stage;
    use afterloop_domain::queue::QueueTab;

    /// A work list: `recent`, `open`, `sla`, `outstanding`, `approvals`
    /// (staff and managers), or `mine`, `replies` (anyone signed in).
    #[utoipa::path(
        get,
        path = "/api/v1/queues/{queue}",
        tag = "queues",
        operation_id = "queue",
        security(("bearer" = [])),
        params(
            ("queue" = QueueTab, Path, description = "The queue."),
            ("limit" = Option<u8>, Query, minimum = 1, maximum = 100, description = "Rows per page (default 20)."),
            ("cursor" = Option<String>, Query, description = "The `cursor` of the previous page."),
        ),
        responses(
            (status = 200, description = "One page.", body = CasePage),
            (status = 400, description = "Invalid `limit`.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "The role may not see this queue.", body = ErrorBody),
            (status = 404, description = "No such queue.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn list() {}

    /// How many entries each queue the caller may see holds, kept as cases
    /// are written: `recent`, `open`, `sla`, `outstanding`, `approvals`,
    /// `mine`, `owner/{user}`, `stage/{kind}/{stage}`, `tech/{user}/{day}`.
    #[utoipa::path(
        get,
        path = "/api/v1/queues/counts",
        tag = "queues",
        operation_id = "queue_counts",
        security(("bearer" = [])),
        responses(
            (status = 200, description = "Entries per queue.", body = afterloop_domain::wire::QueueCounts),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn counts() {}

    /// Cases by number, or by the start of a serial number, phone number or
    /// customer name (staff and managers).
    #[utoipa::path(
        get,
        path = "/api/v1/search",
        tag = "queues",
        operation_id = "search",
        security(("bearer" = [])),
        params(
            ("q" = String, Query, description = "1 to 100 characters: `AL-1001`, `1001`, a serial, phone or name start."),
            ("limit" = Option<u8>, Query, minimum = 1, maximum = 100, description = "Rows (default 20)."),
        ),
        responses(
            (status = 200, description = "Matching cases, newest first.", body = CasePage),
            (status = 400, description = "No or too long `q`, or invalid `limit`.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "The role may not search.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn search() {}

    /// Cases in one stage of a kind (e.g. `stage/repair/new`).
    #[utoipa::path(
        get,
        path = "/api/v1/queues/stage/{kind}/{stage}",
        tag = "queues",
        operation_id = "queue_stage",
        security(("bearer" = [])),
        params(
            ("kind" = CaseKind, Path, description = "The kind of case."),
            ("stage" = Stage, Path, description = "A stage of that kind."),
            ("limit" = Option<u8>, Query, minimum = 1, maximum = 100, description = "Rows per page (default 20)."),
            ("cursor" = Option<String>, Query, description = "The `cursor` of the previous page."),
        ),
        responses(
            (status = 200, description = "One page.", body = CasePage),
            (status = 400, description = "Invalid kind, stage of that kind, or `limit`.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "The role may not see this queue.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn list_stage() {}

    /// The open cases of one owner.
    #[utoipa::path(
        get,
        path = "/api/v1/queues/owner/{user}",
        tag = "queues",
        operation_id = "queue_owner",
        security(("bearer" = [])),
        params(
            ("user" = UserId, Path, description = "The owner."),
            ("limit" = Option<u8>, Query, minimum = 1, maximum = 100, description = "Rows per page (default 20)."),
            ("cursor" = Option<String>, Query, description = "The `cursor` of the previous page."),
        ),
        responses(
            (status = 200, description = "One page.", body = CasePage),
            (status = 400, description = "Invalid user name or `limit`.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "The role may not see this queue.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn list_owner() {}

    /// A technician's visits on one day (staff, managers, or that technician).
    #[utoipa::path(
        get,
        path = "/api/v1/queues/tech/{user}/{day}",
        tag = "queues",
        operation_id = "queue_tech",
        security(("bearer" = [])),
        params(
            ("user" = UserId, Path, description = "The technician."),
            ("day" = Date, Path, description = "The day, `YYYY-MM-DD`."),
            ("limit" = Option<u8>, Query, minimum = 1, maximum = 100, description = "Rows per page (default 20)."),
            ("cursor" = Option<String>, Query, description = "The `cursor` of the previous page."),
        ),
        responses(
            (status = 200, description = "One page.", body = CasePage),
            (status = 400, description = "Invalid user name, date or `limit`.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Another technician's visits.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn list_tech() {}

    /// A technician's open jobs on every day, by day and window start
    /// (staff, managers, or that technician).
    #[utoipa::path(
        get,
        path = "/api/v1/queues/tech/{user}",
        tag = "queues",
        operation_id = "queue_tech_jobs",
        security(("bearer" = [])),
        params(
            ("user" = UserId, Path, description = "The technician."),
            ("limit" = Option<u8>, Query, minimum = 1, maximum = 100, description = "Rows per page (default 20)."),
            ("cursor" = Option<String>, Query, description = "The `cursor` of the previous page."),
        ),
        responses(
            (status = 200, description = "One page.", body = CasePage),
            (status = 400, description = "Invalid user name or `limit`.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Another technician's jobs.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn list_tech_jobs() {}

    /// A sales rep's customers' open cases, newest first, each as the
    /// rep's row (stage, what the customer was last told, what happens
    /// next, what waits on the customer or on her), with the frequent
    /// problems of their models on the first page (the rep herself, staff
    /// and managers).
    #[utoipa::path(
        get,
        path = "/api/v1/queues/rep/{user}",
        tag = "queues",
        operation_id = "queue_rep",
        security(("bearer" = [])),
        params(
            ("user" = UserId, Path, description = "The sales rep."),
            ("limit" = Option<u8>, Query, minimum = 1, maximum = 100, description = "Rows per page (default 20)."),
            ("cursor" = Option<String>, Query, description = "The `cursor` of the previous page."),
        ),
        responses(
            (status = 200, description = "One page.", body = afterloop_domain::wire::RepPage),
            (status = 400, description = "Invalid user name, `limit` or `cursor`.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Another sales rep's customers.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn list_rep() {}

    /// Every case of one serial number.
    #[utoipa::path(
        get,
        path = "/api/v1/queues/serial/{serial}",
        tag = "queues",
        operation_id = "queue_serial",
        security(("bearer" = [])),
        params(
            ("serial" = String, Path, min_length = 1, description = "The serial number."),
            ("limit" = Option<u8>, Query, minimum = 1, maximum = 100, description = "Rows per page (default 20)."),
            ("cursor" = Option<String>, Query, description = "The `cursor` of the previous page."),
        ),
        responses(
            (status = 200, description = "One page.", body = CasePage),
            (status = 400, description = "No serial left after cleaning, or one over 64 characters (`invalid_serial`); invalid `limit`.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "The role may not see this queue.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn list_serial() {}
}

mod track {
    use afterloop_domain::wire::{
        Challenge, CustomerWrite, ErrorBody, NewRequestReceipt, PublicRequest, TrackLookup,
        TrackToken, TrackView,
    };

    /// A fresh single-use challenge for the public request form, and for a
    /// sign-in that needs one: find a nonce whose SHA-256 of
    /// `"{challenge}:{nonce}"` starts with `difficulty` zero bits.
    /// Rate-limited per client address.
    #[utoipa::path(
        get,
        path = "/api/v1/public/challenge",
        tag = "customers",
        operation_id = "public_challenge",
        responses(
            (status = 200, description = "A challenge, valid for `expires_in` seconds.", body = Challenge),
            (status = 429, description = "Too many requests from this address this minute.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn challenge() {}

    /// A photo from the customer (raw body, JPEG, PNG or WebP, at most 2 MiB):
    /// on the case's timeline for the customer and the company, and in the
    /// owner's replies queue.
    #[utoipa::path(
        post,
        path = "/api/v1/track/{token}/attachments",
        tag = "customers",
        operation_id = "track_upload",
        params(
            ("token" = String, Path, description = "The token of the customer's link."),
            ("name" = String, Query, description = "The file name."),
            ("event_id" = String, Query, description = "The client's id for this write (a retry applies once)."),
        ),
        request_body(content = Vec<u8>, content_type = "image/jpeg"),
        responses(
            (status = 200, description = "Added, or replayed.", body = TrackView),
            (status = 400, description = "Bad event id.", body = ErrorBody),
            (status = 404, description = "The link opens no case.", body = ErrorBody),
            (status = 413, description = "Over 2 MiB.", body = ErrorBody),
            (status = 422, description = "Bad name or content type; see `fields`.", body = ErrorBody),
            (status = 429, description = "Too many requests from this address this minute.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn upload() {}

    /// A photo the customer sent.
    #[utoipa::path(
        get,
        path = "/api/v1/track/{token}/attachments/{n}",
        tag = "customers",
        operation_id = "track_download",
        params(
            ("token" = String, Path, description = "The token of the customer's link."),
            ("n" = u32, Path, description = "The attachment's number."),
        ),
        responses(
            (status = 200, description = "The file, with `ETag` (its hash) and `Cache-Control: private, no-cache`.", content_type = "image/jpeg"),
            (status = 304, description = "Unchanged: `If-None-Match` named its `ETag`."),
            (status = 404, description = "No such link, or no such photo from the customer.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn download() {}

    /// A customer's new request (the public web form), with a solved
    /// challenge: only what a customer can know (repair or return, title,
    /// description, contact, model, serial, purchase date, order reference
    /// and the price they state). Any other field is refused (400, naming
    /// it); the stated price and purchase date are recorded as the
    /// customer's statement until staff confirm the purchase.
    /// Rate-limited per client address.
    #[utoipa::path(
        post,
        path = "/api/v1/public/requests",
        tag = "customers",
        operation_id = "new_request",
        params(
            ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,128}$",
                description = "1-128 visible ASCII characters, scoped to the challenge: a retry with the same key, challenge and nonce opens no second case (answers 200), also once the challenge is spent."),
            ("X-Challenge" = String, Header, description = "From `GET /api/v1/public/challenge`."),
            ("X-Challenge-Nonce" = String, Header, description = "The nonce that solves it."),
        ),
        request_body = PublicRequest,
        responses(
            (status = 201, description = "Opened.", body = NewRequestReceipt),
            (status = 200, description = "Opened before under this `Idempotency-Key`.", body = NewRequestReceipt),
            (status = 400, description = "Malformed JSON, a field the form does not have (`fields` names it), an invalid `Idempotency-Key`, or the challenge missing, expired, used or unsolved (`challenge_failed`).", body = ErrorBody),
            (status = 409, description = "Conflicts with stored state.", body = ErrorBody),
            (status = 413, description = "Body over 64 KiB.", body = ErrorBody),
            (status = 415, description = "Body not `application/json`.", body = ErrorBody),
            (status = 422, description = "Fields break the intake rules; see `fields`.", body = ErrorBody),
            (status = 429, description = "Too many requests from this address this minute.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn new_request() {}

    /// Finds a case by its number plus the phone or email on it; answers
    /// the token of its link. Rate-limited per client address.
    #[utoipa::path(
        post,
        path = "/api/v1/track/lookup",
        tag = "customers",
        operation_id = "track_lookup",
        request_body = TrackLookup,
        responses(
            (status = 200, description = "Found.", body = TrackToken),
            (status = 400, description = "Malformed JSON.", body = ErrorBody),
            (status = 404, description = "No case matches that number and contact.", body = ErrorBody),
            (status = 413, description = "Body over 64 KiB.", body = ErrorBody),
            (status = 415, description = "Body not `application/json`.", body = ErrorBody),
            (status = 429, description = "Too many requests from this address this minute.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn lookup() {}

    /// The case's public view and public timeline.
    #[utoipa::path(
        get,
        path = "/api/v1/track/{token}",
        tag = "customers",
        operation_id = "track_get",
        params(
            ("token" = String, Path, description = "The token of the customer's link."),
            ("version" = Option<u32>, Query, description = "The newest version of the case the reader was shown (a command's answer, an earlier read): the answer is never older (read from the case's object when KV's copy lags). 400 `invalid_version` unless a whole number."),
        ),
        responses(
            (status = 200, description = "The public view.", body = TrackView),
            (status = 400, description = "`version` not a version.", body = ErrorBody),
            (status = 404, description = "The link opens no case.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn get() {}

    /// A public message from the customer (`text`; `score` is ignored).
    #[utoipa::path(
        post,
        path = "/api/v1/track/{token}/messages",
        tag = "customers",
        operation_id = "track_message",
        params(("token" = String, Path, description = "The token of the customer's link.")),
        request_body = CustomerWrite,
        responses(
            (status = 200, description = "Added, or replayed.", body = TrackView),
            (status = 400, description = "Malformed JSON.", body = ErrorBody),
            (status = 403, description = "Customers may not do this.", body = ErrorBody),
            (status = 404, description = "The link opens no case.", body = ErrorBody),
            (status = 409, description = "Not allowed in the case's state.", body = ErrorBody),
            (status = 413, description = "Body over 64 KiB.", body = ErrorBody),
            (status = 415, description = "Body not `application/json`.", body = ErrorBody),
            (status = 422, description = "Empty or too long; see `fields`.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn message() {}

    /// The satisfaction answer after closing (`score` 1-5, `text` the comment).
    #[utoipa::path(
        post,
        path = "/api/v1/track/{token}/survey",
        tag = "customers",
        operation_id = "track_survey",
        params(("token" = String, Path, description = "The token of the customer's link.")),
        request_body = CustomerWrite,
        responses(
            (status = 200, description = "Recorded, or replayed.", body = TrackView),
            (status = 400, description = "Malformed JSON.", body = ErrorBody),
            (status = 403, description = "Customers may not do this.", body = ErrorBody),
            (status = 404, description = "The link opens no case.", body = ErrorBody),
            (status = 409, description = "Not closed yet, or answered already.", body = ErrorBody),
            (status = 413, description = "Body over 64 KiB.", body = ErrorBody),
            (status = 415, description = "Body not `application/json`.", body = ErrorBody),
            (status = 422, description = "Score not 1-5, or comment too long; see `fields`.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn survey() {}

    /// The customer accepts or declines a quote, with the amount they saw
    /// (the repair waits while a quote is open).
    #[utoipa::path(
        post,
        path = "/api/v1/track/{token}/quotes/{n}",
        tag = "customers",
        operation_id = "track_answer_quote",
        params(
            ("token" = String, Path, description = "The token of the customer's link."),
            ("n" = u32, Path, description = "The quote's number."),
        ),
        request_body = afterloop_domain::wire::QuoteAnswer,
        responses(
            (status = 200, description = "Recorded, or replayed.", body = TrackView),
            (status = 400, description = "Malformed JSON, or a quote number that is not one.", body = ErrorBody),
            (status = 404, description = "The link opens no case, or the case has no such quote.", body = ErrorBody),
            (status = 409, description = "Answered already, the amount is not the quote's, the case is closed, or the event id is taken.", body = ErrorBody),
            (status = 413, description = "Body over 64 KiB.", body = ErrorBody),
            (status = 415, description = "Body not `application/json`.", body = ErrorBody),
            (status = 422, description = "The amount is in another currency; see `fields`.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn answer_quote() {}
}

mod admin {
    use afterloop_domain::wire::{
        AdminUser, ErrorBody, NewUserRequest, UserChange, UserDirectory, UserList,
    };

    use super::Policy;

    /// Every user, by name (managers).
    #[utoipa::path(
        get,
        path = "/api/v1/admin/users",
        tag = "admin",
        operation_id = "admin_users",
        security(("bearer" = [])),
        responses(
            (status = 200, description = "The users.", body = UserList),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Not a manager.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn users() {}

    /// A new user (managers).
    #[utoipa::path(
        post,
        path = "/api/v1/admin/users",
        tag = "admin",
        operation_id = "admin_create_user",
        security(("bearer" = [])),
        request_body = NewUserRequest,
        responses(
            (status = 201, description = "Created.", body = AdminUser),
            (status = 400, description = "Bad body.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Not a manager.", body = ErrorBody),
            (status = 409, description = "The name is taken.", body = ErrorBody),
            (status = 413, description = "Body too large.", body = ErrorBody),
            (status = 415, description = "Not JSON.", body = ErrorBody),
            (status = 422, description = "Fields at fault.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn create_user() {}

    /// Changes a user: name shown, role, language, password, disabled (managers;
    /// not their own role or account).
    #[utoipa::path(
        post,
        path = "/api/v1/admin/users/{name}",
        tag = "admin",
        operation_id = "admin_change_user",
        security(("bearer" = [])),
        params(("name" = String, Path, description = "The user's login name.")),
        request_body = UserChange,
        responses(
            (status = 200, description = "Changed.", body = AdminUser),
            (status = 400, description = "Bad body or name.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Not a manager.", body = ErrorBody),
            (status = 404, description = "No such user.", body = ErrorBody),
            (status = 413, description = "Body too large.", body = ErrorBody),
            (status = 415, description = "Not JSON.", body = ErrorBody),
            (status = 422, description = "Fields at fault.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn change_user() {}

    /// The rules in force: SLA targets and calendar, approval limits, intake
    /// owner, root-cause taxonomy (managers).
    #[utoipa::path(
        get,
        path = "/api/v1/admin/policy",
        tag = "admin",
        operation_id = "admin_policy",
        security(("bearer" = [])),
        responses(
            (status = 200, description = "The rules.", body = Policy),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Not a manager.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn policy() {}

    /// The active users, by name, for choosing an owner or a technician
    /// (staff and managers).
    #[utoipa::path(
        get,
        path = "/api/v1/users",
        tag = "admin",
        operation_id = "users_directory",
        security(("bearer" = [])),
        responses(
            (status = 200, description = "The active users.", body = UserDirectory),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Neither staff nor a manager.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn directory() {}
}

mod reports {
    use afterloop_domain::report::{
        CustomersReport, GoodsReport, MoneyReport, QualityReport, ServiceReport, SoldUnits, Summary,
    };
    use afterloop_domain::wire::ErrorBody;
    use afterloop_domain::Date;

    use super::ReportFormat;
    use crate::routes::reports::Rebuilt;

    /// Root-cause Pareto per model and batch, failure rate per batch (cases per unit sold), recurrence within 30 and 90 days, first-time fix rate, top failing parts.
    #[utoipa::path(
        get,
        path = "/api/v1/reports/quality",
        tag = "reports",
        operation_id = "report_quality",
        security(("bearer" = [])),
        params(
            ("from" = Date, Query, description = "The first day (China business day), YYYY-MM-DD."),
            ("to" = Date, Query, description = "The last day, YYYY-MM-DD; at most 732 days after `from`."),
            ("format" = Option<ReportFormat>, Query, description = "`json` (default) or `csv` (one table, with `table`)."),
            ("table" = Option<String>, Query, description = "With `format=csv`: one of pareto_by_model, pareto_by_batch, failure_rate, batch_costs, recurrence, first_time_fix, top_parts."),
        ),
        responses(
            (status = 200, description = "The report, or one of its tables as CSV (with `Content-Disposition`).", content(
                (QualityReport = "application/json"),
                (String = "text/csv"),
            )),
            (status = 400, description = "Missing or invalid `from`/`to`, `to` before `from`, a period too long, a bad `format` or `table`.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Only managers and staff see reports.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn quality() {}

    /// SLA compliance by kind, region and technician, time to resolve (mean and p90), backlog age.
    #[utoipa::path(
        get,
        path = "/api/v1/reports/service",
        tag = "reports",
        operation_id = "report_service",
        security(("bearer" = [])),
        params(
            ("from" = Date, Query, description = "The first day (China business day), YYYY-MM-DD."),
            ("to" = Date, Query, description = "The last day, YYYY-MM-DD; at most 732 days after `from`."),
            ("format" = Option<ReportFormat>, Query, description = "`json` (default) or `csv` (one table, with `table`)."),
            ("table" = Option<String>, Query, description = "With `format=csv`: one of sla, sla_trend, time_to_resolve, backlog."),
        ),
        responses(
            (status = 200, description = "The report, or one of its tables as CSV (with `Content-Disposition`).", content(
                (ServiceReport = "application/json"),
                (String = "text/csv"),
            )),
            (status = 400, description = "Missing or invalid `from`/`to`, `to` before `from`, a period too long, a bad `format` or `table`.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Only managers and staff see reports.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn service() {}

    /// Defective units not returned (count, age, value) and inspection outcomes.
    #[utoipa::path(
        get,
        path = "/api/v1/reports/goods",
        tag = "reports",
        operation_id = "report_goods",
        security(("bearer" = [])),
        params(
            ("from" = Date, Query, description = "The first day (China business day), YYYY-MM-DD."),
            ("to" = Date, Query, description = "The last day, YYYY-MM-DD; at most 732 days after `from`."),
            ("format" = Option<ReportFormat>, Query, description = "`json` (default) or `csv` (one table, with `table`)."),
            ("table" = Option<String>, Query, description = "With `format=csv`: one of outstanding_units, inspections."),
        ),
        responses(
            (status = 200, description = "The report, or one of its tables as CSV (with `Content-Disposition`).", content(
                (GoodsReport = "application/json"),
                (String = "text/csv"),
            )),
            (status = 400, description = "Missing or invalid `from`/`to`, `to` before `from`, a period too long, a bad `format` or `table`.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Only managers and staff see reports.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn goods() {}

    /// Refunds, credits and charges by type and product, pending approvals and their age, payout against what customers paid.
    #[utoipa::path(
        get,
        path = "/api/v1/reports/money",
        tag = "reports",
        operation_id = "report_money",
        security(("bearer" = [])),
        params(
            ("from" = Date, Query, description = "The first day (China business day), YYYY-MM-DD."),
            ("to" = Date, Query, description = "The last day, YYYY-MM-DD; at most 732 days after `from`."),
            ("format" = Option<ReportFormat>, Query, description = "`json` (default) or `csv` (one table, with `table`)."),
            ("table" = Option<String>, Query, description = "With `format=csv`: one of money_flows, pending_money, payout_vs_paid."),
        ),
        responses(
            (status = 200, description = "The report, or one of its tables as CSV (with `Content-Disposition`).", content(
                (MoneyReport = "application/json"),
                (String = "text/csv"),
            )),
            (status = 400, description = "Missing or invalid `from`/`to`, `to` before `from`, a period too long, a bad `format` or `table`.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Only managers and staff see reports.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn money() {}

    /// Cases by channel, satisfaction by kind, technician and product, the most frequent requests.
    #[utoipa::path(
        get,
        path = "/api/v1/reports/customers",
        tag = "reports",
        operation_id = "report_customers",
        security(("bearer" = [])),
        params(
            ("from" = Date, Query, description = "The first day (China business day), YYYY-MM-DD."),
            ("to" = Date, Query, description = "The last day, YYYY-MM-DD; at most 732 days after `from`."),
            ("format" = Option<ReportFormat>, Query, description = "`json` (default) or `csv` (one table, with `table`)."),
            ("table" = Option<String>, Query, description = "With `format=csv`: one of cases_by_channel, satisfaction, top_requests."),
        ),
        responses(
            (status = 200, description = "The report, or one of its tables as CSV (with `Content-Disposition`).", content(
                (CustomersReport = "application/json"),
                (String = "text/csv"),
            )),
            (status = 400, description = "Missing or invalid `from`/`to`, `to` before `from`, a period too long, a bad `format` or `table`.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Only managers and staff see reports.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn customers() {}

    /// Key figures of the period against the previous one of the same length.
    #[utoipa::path(
        get,
        path = "/api/v1/reports/summary",
        tag = "reports",
        operation_id = "report_summary",
        security(("bearer" = [])),
        params(
            ("from" = Date, Query, description = "The first day (China business day), YYYY-MM-DD."),
            ("to" = Date, Query, description = "The last day, YYYY-MM-DD; at most 732 days after `from`."),
            ("format" = Option<ReportFormat>, Query, description = "`json` (default) or `csv` (one table, with `table`)."),
            ("table" = Option<String>, Query, description = "With `format=csv`: one of summary."),
        ),
        responses(
            (status = 200, description = "The report, or one of its tables as CSV (with `Content-Disposition`).", content(
                (Summary = "application/json"),
                (String = "text/csv"),
            )),
            (status = 400, description = "Missing or invalid `from`/`to`, `to` before `from`, a period too long, a bad `format` or `table`.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Only managers and staff see reports.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn summary() {}

    /// Units sold per batch: the failure rate's denominator.
    #[utoipa::path(
        get,
        path = "/api/v1/reports/sold-units",
        tag = "reports",
        operation_id = "sold_units",
        security(("bearer" = [])),
        responses(
            (status = 200, description = "Every batch with a figure.", body = SoldUnits),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Only managers and staff see reports.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn sold_units() {}

    /// Sets units sold for the batches listed (0 removes a batch's figure;
    /// others stay). Managers only.
    #[utoipa::path(
        put,
        path = "/api/v1/reports/sold-units",
        tag = "reports",
        operation_id = "set_sold_units",
        security(("bearer" = [])),
        request_body(
            description = "The batches as JSON, or a spreadsheet's CSV file: a first line naming a batch column (batch, 批次) and a units column (units, units_sold, 销量), then a batch per line.",
            content(
                (SoldUnits = "application/json"),
                (String = "text/csv"),
            )
        ),
        responses(
            (status = 200, description = "Every batch with a figure, after the change.", body = SoldUnits),
            (status = 400, description = "Malformed JSON, or CSV that is not UTF-8.", body = ErrorBody),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Only managers set sold units.", body = ErrorBody),
            (status = 413, description = "Body too large.", body = ErrorBody),
            (status = 415, description = "Neither JSON nor CSV.", body = ErrorBody),
            (status = 422, description = "A batch missing, too long or listed twice, units too large, too many batches; in a CSV file, a missing column or a line whose units are not a whole number (field `file`): every fault at once.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn set_sold_units() {}

    /// Forgets the report aggregates and counts every stored case again
    /// (recovery, or after a change of SLA policy). A one-off that reads
    /// every case snapshot in KV; report requests never do. Managers only.
    #[utoipa::path(
        post,
        path = "/api/v1/admin/reports/rebuild",
        tag = "reports",
        operation_id = "rebuild_reports",
        security(("bearer" = [])),
        responses(
            (status = 200, description = "How many snapshots were read and counted.", body = Rebuilt),
            (status = 401, description = "Not signed in.", body = ErrorBody),
            (status = 403, description = "Only managers rebuild reports.", body = ErrorBody),
            (status = 500, description = "Unexpected.", body = ErrorBody),
        )
    )]
    #[allow(dead_code)]
    pub fn rebuild() {}
}

/// A report's format.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(rename_all = "snake_case")]
enum ReportFormat {
    /// The whole report as JSON.
    Json,
    /// One table as CSV.
    Csv,
}
