//! `/api/v1/reports/…`: the reports, read from the aggregates the reports
//! object keeps (never from the cases themselves), for managers and staff.
//!
//! | path | does |
//! |---|---|
//! | `GET reports/{name}?from=&to=` | one report as JSON (`quality`, `service`, `goods`, `money`, `customers`, `summary`) |
//! | `GET reports/{name}?from=&to=&format=csv&table=` | one of its tables as CSV |
//! | `GET`, `PUT reports/sold-units` | units sold per batch (managers set them) |
//! | `POST admin/reports/rebuild` | managers: the aggregates recounted from every stored case |

use afterloop_domain::access::{Action, Actor};
use afterloop_domain::layout::keys::CASES_PREFIX;
use afterloop_domain::report::{
    CustomersReport, GoodsReport, MoneyReport, Period, QualityReport, ReportName, Scope,
    ServiceReport, SoldUnits, Summary, Table,
};
use afterloop_domain::{Case, Date};
use serde::{Deserialize, Serialize};
use worker::{Env, Request, Response};

use super::body;
use super::context::Context;
use crate::bindings;
use crate::error::AppError;
use crate::objects::{self, protocol};

// Types the OpenAPI annotations name.
use crate::openapi::ReportFormat;
use afterloop_domain::wire::ErrorBody;

/// The longest period a report covers, in days (two years and a day).
pub const MAX_PERIOD_DAYS: i32 = 732;
/// Snapshots sent to the reports object per request during a rebuild.
const LOAD_BATCH: usize = 500;

/// The caller, if their role may see reports; 403 otherwise, before
/// anything is computed.
async fn reader(cx: &Context) -> Result<Actor, AppError> {
    let actor = cx.actor().await?;
    if Scope::for_actor(&actor).is_none() {
        return Err(AppError::forbidden("see reports"));
    }
    Ok(actor)
}

/// JSON or one table as CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Format {
    Json,
    Csv { table: String },
}

/// What a report request asks, parsed from its query.
#[derive(Debug)]
struct Query {
    period: Period,
    format: Format,
}

fn date(value: Option<String>, field: &'static str) -> Result<Date, AppError> {
    let value = value.ok_or_else(|| {
        AppError::bad(
            "missing_date",
            format!("`{field}` is required, as YYYY-MM-DD."),
            field,
        )
    })?;
    Date::parse(&value).map_err(|_| {
        AppError::bad(
            "invalid_date",
            format!("`{field}` must be a date as YYYY-MM-DD."),
            field,
        )
    })
}

fn query(req: &Request) -> Result<Query, AppError> {
    let url = req.url()?;
    let (mut from, mut to, mut format, mut table) = (None, None, None, None);
    for (name, value) in url.query_pairs() {
        let value = Some(value.into_owned());
        match name.as_ref() {
            "from" => from = value,
            "to" => to = value,
            "format" => format = value,
            "table" => table = value,
            _ => {}
        }
    }
    let period = Period {
        from: date(from, "from")?,
        to: date(to, "to")?,
    };
    if period.to < period.from {
        return Err(AppError::bad(
            "invalid_period",
            "`to` must not be before `from`.",
            "to",
        ));
    }
    if period.days() > MAX_PERIOD_DAYS {
        return Err(AppError::bad(
            "period_too_long",
            format!("A report covers at most {MAX_PERIOD_DAYS} days."),
            "to",
        ));
    }
    let format = match (format.as_deref(), table) {
        (None | Some("json"), None) => Format::Json,
        (None | Some("json"), Some(_)) => {
            return Err(AppError::bad(
                "table_without_csv",
                "`table` is only for `format=csv`.",
                "table",
            ))
        }
        (Some("csv"), Some(table)) => Format::Csv { table },
        (Some("csv"), None) => {
            return Err(AppError::bad(
                "missing_table",
                "`format=csv` needs `table`: the name of one of the report's tables.",
                "table",
            ))
        }
        (Some(_), _) => {
            return Err(AppError::bad(
                "invalid_format",
                "`format` must be `json` or `csv`.",
                "format",
            ))
        }
    };
    Ok(Query { period, format })
}

/// The tables of a report as the reports object answered it.
fn tables(name: ReportName, json: &str) -> Result<Vec<Table>, AppError> {
    Ok(match name {
        ReportName::Quality => serde_json::from_str::<QualityReport>(json)?.tables(),
        ReportName::Service => serde_json::from_str::<ServiceReport>(json)?.tables(),
        ReportName::Goods => serde_json::from_str::<GoodsReport>(json)?.tables(),
        ReportName::Money => serde_json::from_str::<MoneyReport>(json)?.tables(),
        ReportName::Customers => serde_json::from_str::<CustomersReport>(json)?.tables(),
        ReportName::Summary => serde_json::from_str::<Summary>(json)?.tables(),
    })
}

/// One report's route: its handler, documented with the parameters and
/// answers every report shares.
macro_rules! report_route {
    ($(#[doc = $doc:literal])* $handler:ident: $name:ident, $report:ty, $path:literal, $operation:literal, $tables:literal) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            get,
            path = $path,
            tag = "reports",
            operation_id = $operation,
            security(("bearer" = [])),
            params(
                ("from" = Date, Query, description = "The first day (China business day), YYYY-MM-DD."),
                ("to" = Date, Query, description = "The last day, YYYY-MM-DD; at most 732 days after `from`."),
                ("format" = Option<ReportFormat>, Query, description = "`json` (default) or `csv` (one table, with `table`)."),
                ("table" = Option<String>, Query, description = $tables),
            ),
            responses(
                (status = 200, description = "The report, or one of its tables as CSV (with `Content-Disposition`).", content(
                    ($report = "application/json"),
                    (String = "text/csv"),
                )),
                (status = 400, description = "Missing or invalid `from`/`to`, `to` before `from`, a period too long, a bad `format` or `table`.", body = ErrorBody),
                (status = 401, description = "Not signed in.", body = ErrorBody),
                (status = 403, description = "Only managers and staff see reports.", body = ErrorBody),
                (status = 500, description = "Unexpected.", body = ErrorBody),
            )
        )]
        pub async fn $handler(cx: Context) -> Result<Response, AppError> {
            get(ReportName::$name, cx).await
        }
    };
}

report_route! {
    /// Root-cause Pareto per model and batch, failure rate per batch (cases per unit sold), recurrence within 30 and 90 days, first-time fix rate, top failing parts.
    quality: Quality, QualityReport, "/api/v1/reports/quality", "report_quality",
    "With `format=csv`: one of pareto_by_model, pareto_by_batch, failure_rate, batch_costs, recurrence, first_time_fix, top_parts."
}

report_route! {
    /// SLA compliance by kind, region and technician, time to resolve (mean and p90), backlog age.
    service: Service, ServiceReport, "/api/v1/reports/service", "report_service",
    "With `format=csv`: one of sla, sla_trend, time_to_resolve, backlog."
}

report_route! {
    /// Defective units not returned (count, age, value) and inspection outcomes.
    goods: Goods, GoodsReport, "/api/v1/reports/goods", "report_goods",
    "With `format=csv`: one of outstanding_units, inspections."
}

report_route! {
    /// Refunds, credits and charges by type and product, pending approvals and their age, payout against what customers paid.
    money: Money, MoneyReport, "/api/v1/reports/money", "report_money",
    "With `format=csv`: one of money_flows, pending_money, payout_vs_paid."
}

report_route! {
    /// Cases by channel, satisfaction by kind, technician and product, the most frequent requests.
    customers: Customers, CustomersReport, "/api/v1/reports/customers", "report_customers",
    "With `format=csv`: one of cases_by_channel, satisfaction, top_requests."
}

report_route! {
    /// Key figures of the period against the previous one of the same length.
    summary: Summary, Summary, "/api/v1/reports/summary", "report_summary",
    "With `format=csv`: one of summary."
}

/// A report over `?from=&to=`, as JSON or (`&format=csv&table=`) one table as CSV.
async fn get(report: ReportName, cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    let actor = reader(&cx).await?;
    let q = query(&cx.req)?;
    let ask = protocol::ReportAsked {
        actor,
        report,
        period: q.period,
        as_of: crate::now(),
    };
    let json = objects::call_json(env, objects::REPORTS_OBJECT, &ask)
        .await?
        .map_err(AppError::Refused)?;
    let Format::Csv { table } = q.format else {
        // The object's JSON goes out as it came: no parsing on the way.
        let mut resp = Response::ok(json)?;
        resp.headers_mut().set("Content-Type", "application/json")?;
        return Ok(resp);
    };
    let all = tables(report, &json)?;
    let names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
    let Some(found) = all.iter().find(|t| t.name == table) else {
        return Err(AppError::bad(
            "unknown_table",
            format!(
                "The {} report has no table `{table}`; it has: {}.",
                report.as_str(),
                names.join(", ")
            ),
            "table",
        ));
    };
    let mut resp = Response::from_bytes(found.to_csv().into_bytes())?;
    let headers = resp.headers_mut();
    headers.set("Content-Type", "text/csv; charset=utf-8")?;
    headers.set(
        "Content-Disposition",
        &format!(
            "attachment; filename=\"{}-{}-{}-{}.csv\"",
            report.as_str(),
            found.name,
            q.period.from,
            q.period.to
        ),
    )?;
    Ok(resp)
}

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
pub async fn sold_units(cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    reader(&cx).await?;
    let sold = objects::call(env, objects::REPORTS_OBJECT, &protocol::SoldUnitsAsked)
        .await?
        .map_err(AppError::Refused)?;
    Ok(Response::from_json(&sold)?)
}

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
pub async fn set_sold_units(mut cx: Context) -> Result<Response, AppError> {
    // Sets the batches listed (0 removes
    // one), managers only; answers the whole list. The body is JSON, or a
    // spreadsheet's CSV file (`text/csv`, see [`SoldUnits::from_csv`]).
    let env = &cx.env;
    manager(&cx).await?;
    let dto: SoldUnits = if body::media_type(&cx.req)? == "text/csv" {
        SoldUnits::from_csv(&body::csv(&mut cx.req).await?)?
    } else {
        body::json(&mut cx.req).await?
    };
    let batches = dto.validate()?;
    let set = protocol::SetSoldUnits { batches };
    let sold = objects::call(env, objects::REPORTS_OBJECT, &set)
        .await?
        .map_err(AppError::Refused)?;
    Ok(Response::from_json(&sold)?)
}

/// The caller, if a manager (who changes sold units and rebuilds reports).
async fn manager(cx: &Context) -> Result<Actor, AppError> {
    cx.actor_allowed(Action::Administer, "change sold units or rebuild reports")
        .await
}

/// The answer of a rebuild.
#[derive(Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Rebuilt {
    /// Case snapshots read from KV.
    pub cases: u64,
    /// Counted from those snapshots.
    pub recorded: u64,
    /// Skipped: a write during the rebuild had counted them already.
    pub skipped: u64,
}

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
pub async fn rebuild(cx: Context) -> Result<Response, AppError> {
    // Forgets the aggregates
    // and counts every case snapshot in KV again. A one-off for recovery (and
    // for checking the incremental upkeep): it lists and reads every case, so
    // its cost grows with their number, unlike any report request. Writes
    // during it stay counted once: the reports object skips a snapshot whose
    // case a write has counted since the reset.
    let env = &cx.env;
    manager(&cx).await?;
    objects::call(env, objects::REPORTS_OBJECT, &protocol::Reset)
        .await?
        .map_err(AppError::Refused)?;
    let kv = env.kv(bindings::KV)?;
    let mut out = Rebuilt::default();
    let mut batch: Vec<Case> = Vec::with_capacity(LOAD_BATCH);
    let mut cursor = None;
    loop {
        let mut list = kv.list().prefix(CASES_PREFIX.to_owned()).limit(1000);
        if let Some(c) = cursor.take() {
            list = list.cursor(c);
        }
        let page = list.execute().await?;
        let names: Vec<String> = page.keys.into_iter().map(|k| k.name).collect();
        for chunk in names.chunks(100) {
            let mut got = kv.get_bulk(chunk).json::<Case>().await?;
            for name in chunk {
                if let Some(Some(case)) = got.remove(name) {
                    out.cases += 1;
                    batch.push(case);
                }
            }
            if batch.len() >= LOAD_BATCH {
                load(env, &mut batch, &mut out).await?;
            }
        }
        if page.list_complete || page.cursor.is_none() {
            break;
        }
        cursor = page.cursor;
    }
    load(env, &mut batch, &mut out).await?;
    Ok(Response::from_json(&out)?)
}

async fn load(env: &Env, batch: &mut Vec<Case>, out: &mut Rebuilt) -> Result<(), AppError> {
    if batch.is_empty() {
        return Ok(());
    }
    let load = protocol::Load {
        cases: std::mem::take(batch),
    };
    let loaded = objects::call(env, objects::REPORTS_OBJECT, &load)
        .await?
        .map_err(AppError::Refused)?;
    out.recorded += loaded.recorded;
    out.skipped += loaded.skipped;
    Ok(())
}
