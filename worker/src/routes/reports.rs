//! `/api/v1/reports/…`: the reports, read from the aggregates the reports
//! object keeps (never from the cases themselves), for managers and staff.
//!
//! | path | does |
//! |---|---|
//! | `GET reports/{name}?from=&to=` | one report as JSON (`quality`, `service`, `goods`, `money`, `customers`, `summary`) |
//! | `GET reports/{name}?from=&to=&format=csv&table=` | one of its tables as CSV |
//! | `GET`, `PUT reports/sold-units` | units sold per batch (managers set them) |
//! | `POST admin/reports/rebuild` | managers: the aggregates recounted from every stored case |

use afterloop_domain::access::{allowed, Action, Actor};
use afterloop_domain::layout::keys::CASES_PREFIX;
use afterloop_domain::report::{
    CustomersReport, GoodsReport, MoneyReport, Period, QualityReport, ReportName, Scope,
    ServiceReport, SoldUnits, Summary, Table,
};
use afterloop_domain::{Case, Date};
use serde::{Deserialize, Serialize};
use worker::{Env, Request, Response};

use super::body;
use super::cases::session;
use crate::bindings;
use crate::error::AppError;
use crate::objects::{self, protocol};

/// The longest period a report covers, in days (two years and a day).
pub const MAX_PERIOD_DAYS: i32 = 732;
/// Snapshots sent to the reports object per request during a rebuild.
const LOAD_BATCH: usize = 500;

/// The caller, if their role may see reports; 403 otherwise, before
/// anything is computed.
async fn reader(req: &Request, env: &Env) -> Result<Actor, AppError> {
    let actor = session(req, env).await?.actor();
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

/// `GET /api/v1/reports/{name}?from=&to=[&format=csv&table=]`.
pub async fn get(name: &str, req: Request, env: &Env) -> Result<Response, AppError> {
    let report = ReportName::parse(name)
        .ok_or_else(|| AppError::NotFound(format!("There is no report `{name}`.")))?;
    let actor = reader(&req, env).await?;
    let q = query(&req)?;
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

/// `GET /api/v1/reports/sold-units`: units sold per batch (managers and staff).
pub async fn sold_units(req: Request, env: &Env) -> Result<Response, AppError> {
    reader(&req, env).await?;
    let sold = objects::call(env, objects::REPORTS_OBJECT, &protocol::SoldUnitsAsked)
        .await?
    .map_err(AppError::Refused)?;
    Ok(Response::from_json(&sold)?)
}

/// `PUT /api/v1/reports/sold-units`: sets the batches listed (0 removes
/// one), managers only; answers the whole list. The body is JSON, or a
/// spreadsheet's CSV file (`text/csv`, see [`SoldUnits::from_csv`]).
pub async fn set_sold_units(mut req: Request, env: &Env) -> Result<Response, AppError> {
    manager(&req, env).await?;
    let dto: SoldUnits = if body::media_type(&req)? == "text/csv" {
        SoldUnits::from_csv(&body::csv(&mut req).await?)?
    } else {
        body::json(&mut req).await?
    };
    let batches = dto.validate()?;
    let set = protocol::SetSoldUnits { batches };
    let sold = objects::call(env, objects::REPORTS_OBJECT, &set)
        .await?
    .map_err(AppError::Refused)?;
    Ok(Response::from_json(&sold)?)
}

async fn manager(req: &Request, env: &Env) -> Result<Actor, AppError> {
    let actor = session(req, env).await?.actor();
    if !allowed(&actor, Action::Administer, None) {
        return Err(AppError::forbidden("change sold units or rebuild reports"));
    }
    Ok(actor)
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

/// `POST /api/v1/admin/reports/rebuild` (managers): forgets the aggregates
/// and counts every case snapshot in KV again. A one-off for recovery (and
/// for checking the incremental upkeep): it lists and reads every case, so
/// its cost grows with their number, unlike any report request. Writes
/// during it stay counted once: the reports object skips a snapshot whose
/// case a write has counted since the reset.
pub async fn rebuild(req: Request, env: &Env) -> Result<Response, AppError> {
    manager(&req, env).await?;
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
