//! `GET /api/v1/openapi.json`: the API's OpenAPI 3.1 document, generated
//! from the domain's wire types (their `utoipa::ToSchema` derives and
//! hand-written schemas, made as strict as serde by
//! [`afterloop_domain::openapi::SerdeRules`]).
//!
//! Each operation is described by its handler's `#[utoipa::path]` in
//! [`crate::routes`]; the router's table ([`crate::routes::ROUTES`]) names
//! the handlers, and its macro lists them for the document
//! ([`crate::routes::RoutePaths`]), so a route is documented where it is
//! routed. This module adds what is not a route's: the title, tags, security
//! scheme, the schemas no operation names, and the rules the router applies
//! to every route ([`EdgeRules`]).

use std::borrow::Cow;
use std::sync::OnceLock;

use afterloop_domain::openapi::SerdeRules;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::RefOr;
use utoipa::{Modify, OpenApi, PartialSchema, ToSchema};
use worker::Response;

use crate::error::AppError;
use afterloop_domain::wire::ErrorBody;

use crate::routes::{Context, RoutePaths, MAX_PARAM_BYTES, MAX_QUERY_BYTES};

/// The document's parts that are not routes; [`document`] adds the routes.
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

/// The whole document: [`ApiDoc`] with every route of the router's table,
/// then made as strict as serde and the router ([`SerdeRules`],
/// [`BearerAuth`], [`EdgeRules`]).
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(RoutePaths::openapi());
    let rules: [&dyn Modify; 3] = [&SerdeRules, &BearerAuth, &EdgeRules];
    for rule in rules {
        rule.modify(&mut doc);
    }
    doc
}

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
pub async fn get(_cx: Context) -> Result<Response, AppError> {
    // `GET /api/v1/openapi.json`: the document as JSON (built once per isolate).
    static DOC: OnceLock<String> = OnceLock::new();
    let json = match DOC.get() {
        Some(json) => json,
        None => {
            let json = document().to_json()?;
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
pub(crate) struct Binary;

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
pub(crate) struct Policy;

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
pub(crate) struct DemoUsers {
    /// Users created now.
    created: Vec<String>,
    /// Users that existed already (left as they were).
    existing: Vec<String>,
}

/// A stage name of any kind; it must be a stage of the path's kind.
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub(crate) enum Stage {
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

/// A report's format.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(rename_all = "snake_case")]
pub(crate) enum ReportFormat {
    /// The whole report as JSON.
    Json,
    /// One table as CSV.
    Csv,
}
