//! Reports: after-sales cases turned back into quality, service, goods,
//! money and customer knowledge.
//!
//! Two halves, both pure:
//! - [`Aggregates`]: counts and sums per China business day (UTC+8) and
//!   category, kept up to date by [`Aggregates::record`] after every write of
//!   a case (the snapshot before and after it). A case's contribution is a
//!   function of its snapshot alone, so recording any sequence of snapshots
//!   gives exactly what [`Aggregates::rebuild`] gives from the latest ones.
//!   Their size grows with days × categories, never with the number of cases
//!   (except the per-serial record recurrence needs, bounded by cases per serial).
//! - Queries over them for a [`Period`]: [`quality`], [`service`], [`goods`],
//!   [`money`](money()), [`customers`] and [`summary`]. They return the
//!   wire types the API serves, and each report lists its [`Table`]s for CSV
//!   export ([`Table::to_csv`]).
//!
//! Every query needs a [`Scope`], which only [`Scope::for_actor`] makes, and
//! only for a role allowed [`Action::Reports`] (managers and staff): what a
//! role may not see is never computed for it.

mod aggregates;
mod customers;
mod daily;
mod goods;
mod money;
mod quality;
mod rows;
mod service;
mod sold;
mod summary;
mod table;

pub use aggregates::{Aggregates, RESOLVE_BUCKETS};
pub use customers::{
    briefing, customers, ChannelRow, CustomersReport, RequestRow, Score, ScoreBy, ScoreRow,
    BRIEFING_ROWS,
};
pub use goods::{goods, GoodsReport, InspectionRow, OutstandingRow, ReturnEnding};
pub use money::{money, Awaiting, MoneyFlowRow, MoneyReport, PayoutRow, PendingRow, Total};
pub use quality::{
    quality, BatchCost, FailureRate, FirstTimeFix, Pareto, ParetoBar, PartCount, QualityReport,
    RecurrenceRow,
};
pub use rows::{RowError, RowKey, Section};
pub use service::{
    service, BacklogRow, ResolveTimeRow, ServiceReport, SlaBy, SlaCounts, SlaRow, SlaTrendRow,
    WEEKLY_TREND_DAYS,
};
pub use sold::{
    BatchUnits, SoldUnits, BATCH_COLUMNS, MAX_SOLD_BATCHES, MAX_UNITS_SOLD, UNITS_COLUMNS,
};
pub use summary::{summary, Figure, FigureValue, KeyFigure, Summary};
pub use table::{CsvError, Table};

use serde::{Deserialize, Serialize};

use crate::access::{allowed, Action, Actor};
use crate::money::{Currency, Money, MAX_MINOR};
use crate::time::{Date, Timestamp, CHINA_OFFSET_MINUTES};

/// How many rows a "top" list keeps (top failing parts, most frequent requests).
pub const TOP_N: usize = 20;

/// The days a report covers, both ends included, as China business days.
/// A period whose `to` is before its `from` covers no day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    /// The first day.
    pub from: Date,
    /// The last day.
    pub to: Date,
}

impl Period {
    /// Whether `day` is in the period.
    pub fn contains(self, day: Date) -> bool {
        self.from <= day && day <= self.to
    }

    /// How many days it covers (0 when empty).
    pub fn days(self) -> i32 {
        (self.to.days() - self.from.days() + 1).max(0)
    }

    /// The week, Monday to Sunday, holding `day`.
    pub fn week_of(day: Date) -> Period {
        let from = day.saturating_plus_days(-(day.weekday() as i32));
        Period {
            from,
            to: from.saturating_plus_days(6),
        }
    }

    /// The calendar month holding `day`.
    pub fn month_of(day: Date) -> Period {
        let from = first_of_month(day, 0).unwrap_or(day);
        let to = first_of_month(day, 1).map_or(Date::MAX, |next| next.saturating_plus_days(-1));
        Period { from, to }
    }

    /// How many calendar months the period covers when it is made of whole
    /// ones (it starts on a month's first day and ends on a month's last).
    pub fn whole_months(self) -> Option<i32> {
        let (fy, fm, fd) = self.from.ymd();
        let (ty, tm, _) = self.to.ymd();
        let ends_a_month = Period::month_of(self.to).to == self.to;
        (fd == 1 && ends_a_month && self.to >= self.from)
            .then(|| (ty - fy) * 12 + tm as i32 - fm as i32 + 1)
    }

    /// The period `steps` periods later (earlier when negative): whole
    /// calendar months step by as many calendar months (December after
    /// November, whatever their lengths), any other period by its length
    /// (a Monday-to-Sunday week by a week).
    #[must_use]
    pub fn shifted(self, steps: i32) -> Period {
        if let Some(months) = self.whole_months() {
            let moved = |n: i32| first_of_month(self.from, n);
            if let (Some(from), Some(next)) = (moved(months * steps), moved(months * (steps + 1))) {
                return Period {
                    from,
                    to: next.saturating_plus_days(-1),
                };
            }
        }
        let len = self.days().max(1).saturating_mul(steps);
        Period {
            from: self.from.saturating_plus_days(len),
            to: self.to.saturating_plus_days(len),
        }
    }

    /// The period a report compares this one with: the calendar month(s)
    /// just before whole months (1–31 December against 1–30 November),
    /// otherwise the period of the same length that ends the day before
    /// this one starts.
    #[must_use]
    pub fn previous(self) -> Period {
        self.shifted(-1)
    }
}

/// The first day of the month `months` months after the one holding `day`
/// (before it when negative); `None` outside the dates a case can hold.
fn first_of_month(day: Date, months: i32) -> Option<Date> {
    let (y, m, _) = day.ymd();
    let total = i64::from(y) * 12 + i64::from(m) - 1 + i64::from(months);
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    Date::from_ymd(year, total.rem_euclid(12) as u32 + 1, 1)
}

/// The reports the API serves, by their path name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportName {
    /// [`quality`]: Pareto, failure rates, recurrence, first-time fix, parts.
    Quality,
    /// [`service`]: SLA compliance, time to resolve, backlog.
    Service,
    /// [`goods`]: units not returned, inspection outcomes.
    Goods,
    /// [`money()`]: flows, pending approvals, payout against paid.
    Money,
    /// [`customers`]: channels, satisfaction, frequent requests.
    Customers,
    /// [`summary`]: key figures against the previous period.
    Summary,
}

impl ReportName {
    /// Every report, in menu order.
    pub const ALL: [ReportName; 6] = [
        ReportName::Summary,
        ReportName::Quality,
        ReportName::Service,
        ReportName::Goods,
        ReportName::Money,
        ReportName::Customers,
    ];

    /// The path name (`"quality"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ReportName::Quality => "quality",
            ReportName::Service => "service",
            ReportName::Goods => "goods",
            ReportName::Money => "money",
            ReportName::Customers => "customers",
            ReportName::Summary => "summary",
        }
    }

    /// The report of a path name.
    pub fn parse(name: &str) -> Option<ReportName> {
        ReportName::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

/// Proof that the caller may see reports: only [`Scope::for_actor`] makes
/// one, so a report cannot be computed for a role that may not see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    _private: (),
}

impl Scope {
    /// The scope of `actor`: `Some` for managers and staff, `None` for anyone else.
    pub fn for_actor(actor: &Actor) -> Option<Scope> {
        allowed(actor, Action::Reports, None).then_some(Scope { _private: () })
    }

    /// The scope of a report asked for `actor`'s briefing: what
    /// [`Scope::for_actor`] gives, and for a sales rep the customers report
    /// only, whose frequent requests the worker narrows to her products
    /// ([`customers::briefing`]) before she sees anything of it.
    pub fn for_briefing(actor: &Actor, report: ReportName) -> Option<Scope> {
        Scope::for_actor(actor).or_else(|| {
            (actor.role == crate::access::Role::SalesRep && report == ReportName::Customers)
                .then_some(Scope { _private: () })
        })
    }
}

/// A part of a whole (`part` of `whole` cases), kept as two integers; the
/// app computes the percentage for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Share {
    /// How many have the property.
    pub part: u64,
    /// Out of how many.
    pub whole: u64,
}

impl Share {
    /// `part` of `whole`.
    pub const fn new(part: u64, whole: u64) -> Share {
        Share { part, whole }
    }

    /// The share in percent, for display; `None` when the whole is zero.
    pub fn percent(self) -> Option<f64> {
        (self.whole > 0).then(|| self.part as f64 * 100.0 / self.whole as f64)
    }

    /// The percentage with one decimal (`"12.5"`), empty when undefined: the CSV form.
    pub fn cell(self) -> String {
        self.percent()
            .map_or_else(String::new, |p| format!("{p:.1}"))
    }
}

/// How long something has waited, in whole China business days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgeBucket {
    /// 0 to 2 days.
    Days0To2,
    /// 3 to 7 days.
    Days3To7,
    /// 8 to 14 days.
    Days8To14,
    /// 15 to 30 days.
    Days15To30,
    /// More than 30 days.
    Over30Days,
}

impl AgeBucket {
    /// Every bucket, youngest first.
    pub const ALL: [AgeBucket; 5] = [
        AgeBucket::Days0To2,
        AgeBucket::Days3To7,
        AgeBucket::Days8To14,
        AgeBucket::Days15To30,
        AgeBucket::Over30Days,
    ];

    /// The bucket of something that started on `since` and is seen on `today`.
    pub fn of(since: Date, today: Date) -> AgeBucket {
        match today.days() - since.days() {
            ..=2 => AgeBucket::Days0To2,
            3..=7 => AgeBucket::Days3To7,
            8..=14 => AgeBucket::Days8To14,
            15..=30 => AgeBucket::Days15To30,
            _ => AgeBucket::Over30Days,
        }
    }

    /// The wire name (`"days3_to7"`), used in CSV too.
    pub fn as_str(self) -> &'static str {
        match self {
            AgeBucket::Days0To2 => "days0_to2",
            AgeBucket::Days3To7 => "days3_to7",
            AgeBucket::Days8To14 => "days8_to14",
            AgeBucket::Days15To30 => "days15_to30",
            AgeBucket::Over30Days => "over30_days",
        }
    }
}

/// The China business day of an instant: the day every bucket uses.
pub fn day_of(at: Timestamp) -> Date {
    at.date_at_offset(CHINA_OFFSET_MINUTES)
}

/// Money from a summed number of minor units, clamped to the accepted range
/// (sums that large cannot come from real cases).
pub(crate) fn money_of(minor: i64, currency: Currency) -> Money {
    Money::new(minor.clamp(-MAX_MINOR, MAX_MINOR), currency).expect("clamped into range")
}

/// The wire name of a serde unit variant (`RootCause::NoFaultFound` → `"no_fault_found"`).
pub(crate) fn name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// An optional value's CSV cell: its wire name, or empty.
pub(crate) fn opt_name<T: Serialize>(value: &Option<T>) -> String {
    value.as_ref().map(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role;
    use crate::UserId;

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn periods_include_both_ends_and_the_previous_has_the_same_length() {
        let p = Period {
            from: date("2026-11-01"),
            to: date("2026-11-30"),
        };
        assert_eq!(p.days(), 30);
        assert!(p.contains(date("2026-11-01")) && p.contains(date("2026-11-30")));
        assert!(!p.contains(date("2026-12-01")));
        let custom = Period {
            from: date("2026-11-02"),
            to: date("2026-12-01"),
        };
        let prev = custom.previous();
        assert_eq!(
            (prev.from, prev.to),
            (date("2026-10-03"), date("2026-11-01"))
        );
        let empty = Period {
            from: date("2026-11-02"),
            to: date("2026-11-01"),
        };
        assert_eq!(empty.days(), 0);
        assert!(!empty.contains(date("2026-11-01")));
    }

    fn period(from: &str, to: &str) -> Period {
        Period {
            from: date(from),
            to: date(to),
        }
    }

    #[test]
    fn a_month_is_compared_with_the_calendar_month_before_it() {
        // December (31 days) against November (30), not 31 October – 30 November.
        let december = Period::month_of(date("2026-12-02"));
        assert_eq!(december, period("2026-12-01", "2026-12-31"));
        assert_eq!(december.previous(), period("2026-11-01", "2026-11-30"));
        // March against February, in a leap year and not.
        assert_eq!(
            Period::month_of(date("2028-03-31")).previous(),
            period("2028-02-01", "2028-02-29")
        );
        assert_eq!(
            period("2027-03-01", "2027-03-31").previous(),
            period("2027-02-01", "2027-02-28")
        );
        // January against the December of the year before.
        assert_eq!(
            period("2027-01-01", "2027-01-31").previous(),
            period("2026-12-01", "2026-12-31")
        );
        // A quarter against the quarter before.
        assert_eq!(
            period("2026-10-01", "2026-12-31").previous(),
            period("2026-07-01", "2026-09-30")
        );
        // Stepping forward goes by calendar months too.
        assert_eq!(period("2026-11-01", "2026-11-30").shifted(1), december);
        assert_eq!(december.shifted(-5), period("2026-07-01", "2026-07-31"));
        assert_eq!(period("2026-12-01", "2026-12-31").whole_months(), Some(1));
        assert_eq!(period("2026-12-02", "2026-12-31").whole_months(), None);
        assert_eq!(period("2026-12-01", "2026-12-30").whole_months(), None);
    }

    #[test]
    fn a_week_or_other_days_are_compared_with_as_many_days_before() {
        let week = Period::week_of(date("2026-12-02"));
        assert_eq!(week, period("2026-11-30", "2026-12-06"));
        assert_eq!(week.previous(), period("2026-11-23", "2026-11-29"));
        assert_eq!(week.shifted(2), period("2026-12-14", "2026-12-20"));
        // Ten days that happen to straddle two months.
        assert_eq!(
            period("2026-11-25", "2026-12-04").previous(),
            period("2026-11-15", "2026-11-24")
        );
        // At the first date a case can hold, the previous period saturates.
        let first = Period::month_of(Date::MIN);
        assert_eq!(first.previous().to, Date::MIN);
    }

    #[test]
    fn age_buckets_have_inclusive_edges() {
        let d = date("2026-11-01");
        let at = |n: i32| AgeBucket::of(d, d.plus_days(n).unwrap());
        assert_eq!(
            [0, 2, 3, 7, 8, 14, 15, 30, 31].map(at),
            [
                AgeBucket::Days0To2,
                AgeBucket::Days0To2,
                AgeBucket::Days3To7,
                AgeBucket::Days3To7,
                AgeBucket::Days8To14,
                AgeBucket::Days8To14,
                AgeBucket::Days15To30,
                AgeBucket::Days15To30,
                AgeBucket::Over30Days,
            ]
        );
        for b in AgeBucket::ALL {
            assert_eq!(name(&b), b.as_str());
        }
    }

    #[test]
    fn a_scope_is_given_to_managers_and_staff_only() {
        for role in Role::ALL {
            let actor = Actor {
                user: UserId::parse("some.one").unwrap(),
                role,
            };
            assert_eq!(
                Scope::for_actor(&actor).is_some(),
                matches!(role, Role::Manager | Role::Staff),
                "{role:?}"
            );
        }
    }

    #[test]
    fn shares_show_one_decimal_and_nothing_for_an_empty_whole() {
        assert_eq!(Share::new(1, 8).cell(), "12.5");
        assert_eq!(Share::new(0, 0).cell(), "");
        assert_eq!(
            Share::new(2, 3).percent().map(|p| (p * 10.0).round()),
            Some(667.0)
        );
    }
}
