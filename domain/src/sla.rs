//! Service-level agreements: the promises a company publishes (first response
//! within an hour, a technician on site within 4 hours, resolution within 5
//! business days), the business calendar they count in, and the arithmetic of
//! SLA clocks — working time, deadlines, pauses and the state of a clock at an
//! instant.
//!
//! All arithmetic walks over working intervals (one per day at most) and pause
//! intervals, never minute by minute; once past every listed holiday and every
//! pause, whole weeks are skipped at once, so the cost is bounded by the number
//! of listed dates and pauses, not by the length of the target.
//!
//! Zones are fixed UTC offsets (China has no daylight saving time).

use serde::{Deserialize, Serialize};

use crate::time::CHINA_OFFSET_MINUTES;
use crate::time::{Date, Timestamp, DAY_MS, MINUTE_MS};
use crate::validation::{FieldError, ValidationError};
use crate::CaseKind;

/// The longest target a policy may set: 60 days, in minutes.
pub const MAX_TARGET_MINUTES: u32 = 60 * 24 * 60;
/// The largest UTC offset accepted, in minutes (±14 h).
pub const MAX_OFFSET_MINUTES: i32 = 14 * 60;

const WEEK_MS: i64 = 7 * DAY_MS;
const MINUTES_PER_DAY: u16 = 24 * 60;

/// How urgent a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Can wait.
    Low,
    /// The usual case.
    Normal,
    /// Needs attention soon.
    High,
    /// Needs attention now.
    Urgent,
}

/// Where the customer is, for on-site targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegionClass {
    /// A provincial capital (省会城市): shorter on-site targets.
    ProvincialCapital,
    /// Anywhere else.
    Other,
}

/// What an SLA clock measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Until the customer first hears back from a person.
    FirstResponse,
    /// Until a technician is on site.
    OnSite,
    /// Until the case is resolved.
    Resolution,
}

impl Metric {
    /// Every metric, in the order a case meets them.
    pub const ALL: [Metric; 3] = [Metric::FirstResponse, Metric::OnSite, Metric::Resolution];
}

/// Business hours in a fixed zone, with holidays and make-up working days.
///
/// A date is a working day when it is listed in `extra_workdays`, or when its
/// weekday is in `workdays`; a date in `holidays` is never a working day (a
/// date in both lists is a holiday; [`SlaPolicy::validate`] reports it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessCalendar {
    /// Minutes east of UTC (480 = UTC+8).
    pub utc_offset_minutes: i32,
    /// Working weekdays, 0 = Monday … 6 = Sunday.
    pub workdays: Vec<u8>,
    /// Opening time, in minutes after local midnight.
    pub open_minute: u16,
    /// Closing time, in minutes after local midnight (`open < close <= 1440`).
    pub close_minute: u16,
    /// Local dates that are not worked.
    #[serde(default)]
    pub holidays: Vec<Date>,
    /// Local dates that are worked even on a weekend (make-up days, 调休).
    #[serde(default)]
    pub extra_workdays: Vec<Date>,
}

impl BusinessCalendar {
    /// China's office week: UTC+8, Monday to Friday, 09:00–18:00, no holidays.
    pub fn china_office() -> BusinessCalendar {
        BusinessCalendar {
            utc_offset_minutes: CHINA_OFFSET_MINUTES,
            workdays: vec![0, 1, 2, 3, 4],
            open_minute: 9 * 60,
            close_minute: 18 * 60,
            holidays: Vec::new(),
            extra_workdays: Vec::new(),
        }
    }

    /// Whether `date` (a local date) is a working day.
    #[must_use]
    pub fn is_working_day(&self, date: Date) -> bool {
        if self.holidays.contains(&date) {
            return false;
        }
        self.extra_workdays.contains(&date)
            || self
                .workdays
                .iter()
                .any(|&w| u32::from(w) == date.weekday())
    }
}

/// When an SLA clock runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Calendar {
    /// Around the clock, every day (7x24).
    Always,
    /// Only in business hours.
    Business(BusinessCalendar),
}

/// A stretch during which the clock stops (the case waits on the customer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pause {
    /// When the pause began.
    pub from: Timestamp,
    /// When it ended; `None` while still paused.
    #[serde(default)]
    pub to: Option<Timestamp>,
}

/// One promise: a metric, which cases it covers and how long it allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// What is measured.
    pub metric: Metric,
    /// The kind of case it covers; `None` = every kind.
    #[serde(default)]
    pub kind: Option<CaseKind>,
    /// The priority it covers; `None` = every priority.
    #[serde(default)]
    pub priority: Option<Priority>,
    /// The region it covers; `None` = every region.
    #[serde(default)]
    pub region: Option<RegionClass>,
    /// The time allowed, in minutes (1 to 60 days).
    pub within_minutes: u32,
    /// Counts only in the policy's business hours; otherwise 7x24.
    #[serde(default)]
    pub business_hours: bool,
}

impl Target {
    /// The time allowed, in milliseconds.
    #[must_use]
    pub fn within_ms(&self) -> i64 {
        i64::from(self.within_minutes) * MINUTE_MS
    }

    /// How many selectors are set (the more, the more specific).
    fn specificity(&self) -> u8 {
        u8::from(self.kind.is_some())
            + u8::from(self.priority.is_some())
            + u8::from(self.region.is_some())
    }

    fn matches(
        &self,
        metric: Metric,
        kind: CaseKind,
        priority: Priority,
        region: RegionClass,
    ) -> bool {
        self.metric == metric
            && self.kind.is_none_or(|k| k == kind)
            && self.priority.is_none_or(|p| p == priority)
            && self.region.is_none_or(|r| r == region)
    }

    fn same_selectors(&self, other: &Target) -> bool {
        self.metric == other.metric
            && self.kind == other.kind
            && self.priority == other.priority
            && self.region == other.region
    }
}

/// A company's SLA: its targets, its business calendar and when to warn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPolicy {
    /// The promises; the most specific match applies (see [`SlaPolicy::target_for`]).
    pub targets: Vec<Target>,
    /// The calendar for targets counted in business hours.
    pub business: BusinessCalendar,
    /// A running clock is at risk when at most this share (in %) of its target remains.
    pub at_risk_percent: u8,
}

impl SlaPolicy {
    /// The default policy for a Chinese after-sales team.
    ///
    /// Business calendar: UTC+8, Monday–Friday 09:00–18:00, no holidays
    /// (add the year's holidays and make-up days). Targets:
    /// - first response: 60 minutes, 7x24, every case;
    /// - on site (repairs): 4 hours 7x24 in a provincial capital, 12 hours 7x24 elsewhere;
    /// - resolution: urgent cases 24 hours 7x24; all others 5 business days
    ///   (45 business hours).
    ///
    /// A clock is at risk when 20% or less of its target remains.
    pub fn default_china() -> SlaPolicy {
        let target = |metric, kind, priority, region, within_minutes, business_hours| Target {
            metric,
            kind,
            priority,
            region,
            within_minutes,
            business_hours,
        };
        let repair = Some(CaseKind::Repair);
        SlaPolicy {
            targets: vec![
                target(Metric::FirstResponse, None, None, None, 60, false),
                target(
                    Metric::OnSite,
                    repair,
                    None,
                    Some(RegionClass::ProvincialCapital),
                    4 * 60,
                    false,
                ),
                target(
                    Metric::OnSite,
                    repair,
                    None,
                    Some(RegionClass::Other),
                    12 * 60,
                    false,
                ),
                target(
                    Metric::Resolution,
                    None,
                    Some(Priority::Urgent),
                    None,
                    24 * 60,
                    false,
                ),
                target(Metric::Resolution, None, None, None, 5 * 9 * 60, true),
            ],
            business: BusinessCalendar::china_office(),
            at_risk_percent: 20,
        }
    }

    /// The target for a case: the matching target with the most selectors
    /// set; among equally specific ones, the first listed. `None` when no
    /// target covers the case (no clock runs).
    #[must_use]
    pub fn target_for(
        &self,
        metric: Metric,
        kind: CaseKind,
        priority: Priority,
        region: RegionClass,
    ) -> Option<&Target> {
        let mut best: Option<&Target> = None;
        for t in self
            .targets
            .iter()
            .filter(|t| t.matches(metric, kind, priority, region))
        {
            if best.is_none_or(|b| t.specificity() > b.specificity()) {
                best = Some(t);
            }
        }
        best
    }

    /// The calendar a target counts in.
    #[must_use]
    pub fn calendar_for(&self, target: &Target) -> Calendar {
        if target.business_hours {
            Calendar::Business(self.business.clone())
        } else {
            Calendar::Always
        }
    }

    /// Checks every rule and reports every fault at once.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut fields = Vec::new();
        for (i, t) in self.targets.iter().enumerate() {
            validate_target(i, t, &self.targets[..i], &mut fields);
        }
        let needs_business = self.targets.iter().any(|t| t.business_hours);
        validate_business(&self.business, needs_business, &mut fields);
        if self.at_risk_percent >= 100 {
            fields.push(FieldError::new(
                "at_risk_percent",
                "out_of_range",
                "The at-risk share must be below 100%.",
            ));
        }
        if fields.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { fields })
        }
    }
}

fn validate_target(i: usize, t: &Target, earlier: &[Target], fields: &mut Vec<FieldError>) {
    if t.within_minutes == 0 || t.within_minutes > MAX_TARGET_MINUTES {
        fields.push(FieldError::new(
            &format!("targets[{i}].within_minutes"),
            "out_of_range",
            format!("A target must allow between 1 and {MAX_TARGET_MINUTES} minutes (60 days)."),
        ));
    }
    if let Some(j) = earlier.iter().position(|e| e.same_selectors(t)) {
        fields.push(FieldError::new(
            &format!("targets[{i}]"),
            "shadowed",
            format!("targets[{j}] covers the same cases, so this target never applies."),
        ));
    }
}

fn validate_business(b: &BusinessCalendar, needs_workday: bool, fields: &mut Vec<FieldError>) {
    if b.utc_offset_minutes.abs() > MAX_OFFSET_MINUTES {
        fields.push(FieldError::new(
            "business.utc_offset_minutes",
            "out_of_range",
            "The UTC offset must be within ±14 hours (±840 minutes).",
        ));
    }
    if b.close_minute > MINUTES_PER_DAY {
        fields.push(FieldError::new(
            "business.close_minute",
            "out_of_range",
            "Closing time must be at most 1440 (midnight at the end of the day).",
        ));
    }
    if b.open_minute >= b.close_minute {
        fields.push(FieldError::new(
            "business.open_minute",
            "not_before_close",
            "Opening time must be before closing time.",
        ));
    }
    for (i, &w) in b.workdays.iter().enumerate() {
        let field = format!("business.workdays[{i}]");
        if w > 6 {
            fields.push(FieldError::new(
                &field,
                "out_of_range",
                "A weekday is 0 (Monday) to 6 (Sunday).",
            ));
        } else if b.workdays[..i].contains(&w) {
            fields.push(FieldError::new(
                &field,
                "duplicate",
                "This weekday is listed twice.",
            ));
        }
    }
    if needs_workday && !b.workdays.iter().any(|&w| w <= 6) {
        fields.push(FieldError::new(
            "business.workdays",
            "empty",
            "Targets count in business hours, so at least one weekday must be worked.",
        ));
    }
    for (i, d) in b.holidays.iter().enumerate() {
        if b.holidays[..i].contains(d) {
            let field = format!("business.holidays[{i}]");
            fields.push(FieldError::new(
                &field,
                "duplicate",
                format!("{d} is listed twice."),
            ));
        }
    }
    for (i, d) in b.extra_workdays.iter().enumerate() {
        let field = format!("business.extra_workdays[{i}]");
        if b.holidays.contains(d) {
            let message = format!("{d} is also a holiday; a date is one or the other.");
            fields.push(FieldError::new(&field, "conflicts_with_holiday", message));
        } else if b.extra_workdays[..i].contains(d) {
            fields.push(FieldError::new(
                &field,
                "duplicate",
                format!("{d} is listed twice."),
            ));
        }
    }
}

// ---------------------------------------------------------------------------
// Arithmetic
// ---------------------------------------------------------------------------

/// Working milliseconds in `[from, to)` outside `pauses` (0 when `to <= from`).
#[must_use]
pub fn working_time(calendar: &Calendar, from: Timestamp, to: Timestamp, pauses: &[Pause]) -> i64 {
    Schedule::new(calendar).working_time(from.millis(), to.millis(), &Pauses::merge(pauses))
}

/// The earliest instant at which `target_ms` of working time outside `pauses`
/// has elapsed since `start` (`start` itself when `target_ms <= 0`).
///
/// `None` when the clock stops for good before the target is reached: an
/// open-ended pause (`to: None`), or a calendar with no working time left.
/// Pauses may overlap and come in any order. A deadline that falls exactly at
/// closing time is closing time, not the next opening.
#[must_use]
pub fn deadline(
    calendar: &Calendar,
    start: Timestamp,
    target_ms: i64,
    pauses: &[Pause],
) -> Option<Timestamp> {
    Schedule::new(calendar)
        .deadline(start.millis(), target_ms, &Pauses::merge(pauses))
        .map(Timestamp::from_millis)
}

/// Pauses as sorted, disjoint, non-touching half-open intervals `[from, to)`
/// in milliseconds; an open-ended pause ends at `i64::MAX`.
struct Pauses(Vec<(i64, i64)>);

impl Pauses {
    fn merge(pauses: &[Pause]) -> Pauses {
        let mut spans: Vec<(i64, i64)> = pauses
            .iter()
            .map(|p| (p.from.millis(), p.to.map_or(i64::MAX, Timestamp::millis)))
            .filter(|(from, to)| from < to)
            .collect();
        spans.sort_unstable();
        let mut merged: Vec<(i64, i64)> = Vec::with_capacity(spans.len());
        for (from, to) in spans {
            match merged.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => merged.push((from, to)),
            }
        }
        Pauses(merged)
    }

    /// Whether the clock is stopped at `t`.
    fn covers(&self, t: i64) -> bool {
        let i = self.0.partition_point(|&(_, to)| to <= t);
        self.0.get(i).is_some_and(|&(from, _)| from <= t)
    }

    /// When the first pause at or after `t` begins (`t` itself if paused at
    /// `t`; `i64::MAX` if none).
    fn next_start(&self, t: i64) -> i64 {
        let i = self.0.partition_point(|&(_, to)| to <= t);
        self.0.get(i).map_or(i64::MAX, |&(from, _)| from.max(t))
    }

    /// The pause-free stretch that starts at the first pause-free instant at or
    /// after `t`; `None` if `t` falls in a pause that never ends.
    fn next_free(&self, t: i64) -> Option<(i64, i64)> {
        let mut i = self.0.partition_point(|&(_, to)| to <= t);
        let mut start = t;
        if let Some(&(from, to)) = self.0.get(i) {
            if from <= t {
                if to == i64::MAX {
                    return None;
                }
                start = to;
                i += 1;
            }
        }
        let end = self.0.get(i).map_or(i64::MAX, |&(from, _)| from);
        Some((start, end))
    }
}

/// A calendar prepared for arithmetic.
enum Schedule {
    Always,
    Business(Hours),
}

/// Business hours in milliseconds and days, with sorted date lists.
struct Hours {
    offset_ms: i64,
    /// Bit `w` set when weekday `w` (0 = Monday) is worked.
    weekdays: u8,
    open_ms: i64,
    close_ms: i64,
    /// Sorted local days (days since 1970-01-01).
    holidays: Vec<i64>,
    /// Sorted local days.
    extra_workdays: Vec<i64>,
    /// Working milliseconds in any 7 consecutive days without a listed date.
    week_ms: i64,
}

impl Schedule {
    fn new(calendar: &Calendar) -> Schedule {
        match calendar {
            Calendar::Always => Schedule::Always,
            Calendar::Business(b) => Schedule::Business(Hours::new(b)),
        }
    }

    /// The first working stretch at or after `t` that is also outside pauses:
    /// `(start, end)` with `t <= start < end`.
    fn next_segment(&self, mut t: i64, pauses: &Pauses) -> Option<(i64, i64)> {
        loop {
            let (ws, we) = match self {
                Schedule::Always => (t, i64::MAX),
                Schedule::Business(h) => h.next_open(t)?,
            };
            let (fs, fe) = pauses.next_free(t)?;
            let (start, end) = (ws.max(fs), we.min(fe));
            if start < end {
                return Some((start, end));
            }
            if start <= t {
                return None; // No progress possible: the end of time.
            }
            t = start;
        }
    }

    /// How many whole weeks from `t` on hold exactly a regular week's working
    /// time (no listed date, no pause), with the calendar; `None` for 7x24.
    fn regular_weeks(&self, t: i64, pauses: &Pauses) -> Option<(&Hours, i64)> {
        match self {
            Schedule::Always => None,
            Schedule::Business(h) => {
                let quiet = h.next_listed_midnight(t).min(pauses.next_start(t));
                Some((h, quiet.saturating_sub(t).max(0) / WEEK_MS))
            }
        }
    }

    fn working_time(&self, from: i64, to: i64, pauses: &Pauses) -> i64 {
        let (mut t, mut total) = (from, 0_i64);
        while t < to {
            if let Some((h, quiet_weeks)) = self.regular_weeks(t, pauses) {
                let weeks = quiet_weeks.min(to.saturating_sub(t) / WEEK_MS);
                total = total.saturating_add(weeks * h.week_ms);
                t += weeks * WEEK_MS;
            }
            let Some((start, end)) = self.next_segment(t, pauses) else {
                break;
            };
            if start >= to {
                break;
            }
            total = total.saturating_add(end.min(to).saturating_sub(start));
            t = end;
        }
        total
    }

    fn deadline(&self, start: i64, target_ms: i64, pauses: &Pauses) -> Option<i64> {
        if target_ms <= 0 {
            return Some(start);
        }
        let (mut t, mut remaining) = (start, target_ms);
        loop {
            if let Some((h, quiet_weeks)) = self.regular_weeks(t, pauses) {
                if h.week_ms > 0 {
                    // Keep some remainder so the end lands inside a working stretch.
                    let weeks = quiet_weeks.min((remaining - 1) / h.week_ms);
                    t += weeks * WEEK_MS;
                    remaining -= weeks * h.week_ms;
                }
            }
            let (seg_start, seg_end) = self.next_segment(t, pauses)?;
            // Saturating: an instant near either end of time shows as that end.
            let length = seg_end.saturating_sub(seg_start);
            if remaining <= length {
                return Some(seg_start.saturating_add(remaining));
            }
            remaining -= length;
            t = seg_end;
        }
    }
}

impl Hours {
    fn new(b: &BusinessCalendar) -> Hours {
        let days = |dates: &[Date]| {
            let mut v: Vec<i64> = dates.iter().map(|d| i64::from(d.days())).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let weekdays = b
            .workdays
            .iter()
            .filter(|&&w| w <= 6)
            .fold(0_u8, |mask, &w| mask | (1 << w));
        let close = b.close_minute.min(MINUTES_PER_DAY);
        let open = b.open_minute.min(close);
        let (holidays, extra_workdays) = (days(&b.holidays), days(&b.extra_workdays));
        let open_ms = i64::from(open) * MINUTE_MS;
        let close_ms = i64::from(close) * MINUTE_MS;
        Hours {
            offset_ms: i64::from(b.utc_offset_minutes) * MINUTE_MS,
            weekdays,
            open_ms,
            close_ms,
            holidays,
            extra_workdays,
            week_ms: i64::from(weekdays.count_ones()) * (close_ms - open_ms),
        }
    }

    fn local_day(&self, t: i64) -> i64 {
        t.saturating_add(self.offset_ms).div_euclid(DAY_MS)
    }

    fn is_working_day(&self, day: i64) -> bool {
        if self.holidays.binary_search(&day).is_ok() {
            return false;
        }
        let weekday = (day + 3).rem_euclid(7); // 1970-01-01 was a Thursday.
        self.extra_workdays.binary_search(&day).is_ok() || self.weekdays & (1 << weekday) != 0
    }

    /// The instant local `day` begins; `None` past the representable range.
    fn midnight(&self, day: i64) -> Option<i64> {
        day.checked_mul(DAY_MS)?.checked_sub(self.offset_ms)
    }

    /// The working hours of `day` as instants; `None` past the representable range.
    fn hours_of(&self, day: i64) -> Option<(i64, i64)> {
        let midnight = self.midnight(day)?;
        Some((
            midnight.checked_add(self.open_ms)?,
            midnight.checked_add(self.close_ms)?,
        ))
    }

    /// The first listed date (holiday or make-up day) on or after the local
    /// day of `t`, as the instant it begins; `i64::MAX` if none.
    fn next_listed_midnight(&self, t: i64) -> i64 {
        let day = self.local_day(t);
        let next = |days: &[i64]| days.get(days.partition_point(|&d| d < day)).copied();
        let first = match (next(&self.holidays), next(&self.extra_workdays)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        first.and_then(|d| self.midnight(d)).unwrap_or(i64::MAX)
    }

    /// The first day on or after `day` that may be a working day.
    fn next_candidate(&self, day: i64) -> Option<i64> {
        if self.weekdays != 0 {
            return Some(day);
        }
        let i = self.extra_workdays.partition_point(|&d| d < day);
        self.extra_workdays.get(i).copied()
    }

    /// The business hours containing `t` (from `t`) or the next ones after it;
    /// `None` when no working day ever comes again.
    ///
    /// Steps a day at a time only through holidays (a working weekday comes
    /// within a week otherwise), so the cost is bounded by the holiday list.
    fn next_open(&self, t: i64) -> Option<(i64, i64)> {
        if self.open_ms >= self.close_ms {
            return None;
        }
        let mut day = self.next_candidate(self.local_day(t).max(i64::MIN / DAY_MS + 2))?;
        loop {
            if self.is_working_day(day) {
                let (open, close) = self.hours_of(day)?;
                if close > t {
                    return Some((open.max(t), close));
                }
            }
            day = self.next_candidate(day.checked_add(1)?)?;
        }
    }
}

// ---------------------------------------------------------------------------
// Clocks
// ---------------------------------------------------------------------------

/// One running SLA measurement on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    /// What it measures.
    pub metric: Metric,
    /// When it started.
    pub started: Timestamp,
    /// The working time allowed, in milliseconds.
    pub target_ms: i64,
    /// Counts in the policy's business hours; otherwise 7x24.
    pub business_hours: bool,
    /// When it stood still (waiting on the customer).
    #[serde(default)]
    pub pauses: Vec<Pause>,
    /// When the promise was kept (response sent, technician arrived, case resolved).
    #[serde(default)]
    pub met_at: Option<Timestamp>,
}

/// Where a clock stands at an instant. Times are working milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ClockState {
    /// Running, with more than the at-risk share of the target left.
    OnTrack {
        /// Working time left.
        remaining_ms: i64,
    },
    /// Running, with at most the at-risk share left (possibly none, outside
    /// business hours right after the deadline: meeting it before the next
    /// opening still counts as on time).
    AtRisk {
        /// Working time left.
        remaining_ms: i64,
    },
    /// More working time than the target has elapsed (even if paused now).
    Breached {
        /// Working time past the target.
        overdue_ms: i64,
    },
    /// Stopped, waiting on the customer, not breached.
    Paused {
        /// Working time left.
        remaining_ms: i64,
    },
    /// The promise was kept.
    Met {
        /// Whether the working time up to meeting it was within the target.
        on_time: bool,
    },
}

impl Clock {
    /// A clock for `target`, starting at `started`, not paused, not met.
    #[must_use]
    pub fn for_target(target: &Target, started: Timestamp) -> Clock {
        Clock {
            metric: target.metric,
            started,
            target_ms: target.within_ms(),
            business_hours: target.business_hours,
            pauses: Vec::new(),
            met_at: None,
        }
    }

    /// The calendar this clock counts in under `policy`.
    fn calendar(&self, policy: &SlaPolicy) -> Calendar {
        if self.business_hours {
            Calendar::Business(policy.business.clone())
        } else {
            Calendar::Always
        }
    }

    /// Working time elapsed from the start until `at`.
    #[must_use]
    pub fn elapsed_at(&self, at: Timestamp, policy: &SlaPolicy) -> i64 {
        working_time(&self.calendar(policy), self.started, at, &self.pauses)
    }

    /// When the target runs out; `None` while an open-ended pause stops the clock.
    #[must_use]
    pub fn deadline(&self, policy: &SlaPolicy) -> Option<Timestamp> {
        deadline(
            &self.calendar(policy),
            self.started,
            self.target_ms,
            &self.pauses,
        )
    }

    /// When the clock turns at risk (the policy's share of the target left,
    /// as [`Clock::state_at`] counts it); `None` while an open-ended pause
    /// stops it.
    #[must_use]
    pub fn at_risk_from(&self, policy: &SlaPolicy) -> Option<Timestamp> {
        let margin = self.target_ms * i64::from(policy.at_risk_percent) / 100;
        deadline(
            &self.calendar(policy),
            self.started,
            self.target_ms - margin,
            &self.pauses,
        )
    }

    /// Whether the clock is paused now (a pause without an end).
    #[must_use]
    pub fn is_paused(&self) -> bool {
        self.pauses.iter().any(|p| p.to.is_none())
    }

    /// Stops the clock at `at`; does nothing if it is already paused.
    pub fn pause(&mut self, at: Timestamp) {
        if !self.is_paused() {
            self.pauses.push(Pause { from: at, to: None });
        }
    }

    /// Restarts the clock at `at` (never before the pause began); does nothing
    /// if it is not paused.
    pub fn resume(&mut self, at: Timestamp) {
        for p in self.pauses.iter_mut().filter(|p| p.to.is_none()) {
            p.to = Some(at.max(p.from));
        }
    }

    /// The clock's state at `now`.
    ///
    /// Met once `met_at` is set. Otherwise breached when more working time
    /// than the target has elapsed; else paused if a pause covers `now`; else
    /// at risk when `remaining * 100 <= target * at_risk_percent`; else on track.
    #[must_use]
    pub fn state_at(&self, now: Timestamp, policy: &SlaPolicy) -> ClockState {
        if let Some(met_at) = self.met_at {
            let on_time = self.elapsed_at(met_at, policy) <= self.target_ms;
            return ClockState::Met { on_time };
        }
        let elapsed = self.elapsed_at(now, policy);
        if elapsed > self.target_ms {
            return ClockState::Breached {
                overdue_ms: elapsed - self.target_ms,
            };
        }
        let remaining_ms = self.target_ms - elapsed;
        if Pauses::merge(&self.pauses).covers(now.millis()) {
            return ClockState::Paused { remaining_ms };
        }
        let margin = i128::from(self.target_ms) * i128::from(policy.at_risk_percent);
        if i128::from(remaining_ms) * 100 <= margin {
            ClockState::AtRisk { remaining_ms }
        } else {
            ClockState::OnTrack { remaining_ms }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::HOUR_MS;

    const MIN: i64 = MINUTE_MS;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    /// A local time in China: `at("2026-11-23", 9, 30)`. 2026-11-23 is a Monday.
    fn at(day: &str, hour: i64, minute: i64) -> Timestamp {
        date(day)
            .start_at_offset(CHINA_OFFSET_MINUTES)
            .plus_millis(hour * HOUR_MS + minute * MIN)
    }

    fn china() -> Calendar {
        Calendar::Business(BusinessCalendar::china_office())
    }

    fn china_with(holidays: &[&str], extra: &[&str]) -> Calendar {
        Calendar::Business(BusinessCalendar {
            holidays: holidays.iter().map(|d| date(d)).collect(),
            extra_workdays: extra.iter().map(|d| date(d)).collect(),
            ..BusinessCalendar::china_office()
        })
    }

    fn pause(from: Timestamp, to: Timestamp) -> Pause {
        Pause { from, to: Some(to) }
    }

    fn clock(started: Timestamp, target_ms: i64, business_hours: bool) -> Clock {
        Clock {
            metric: Metric::FirstResponse,
            started,
            target_ms,
            business_hours,
            pauses: Vec::new(),
            met_at: None,
        }
    }

    // --- 7x24 -------------------------------------------------------------

    #[test]
    fn always_deadline_is_start_plus_target_day_or_night() {
        let start = at("2026-11-28", 23, 30); // Saturday night
        let due = deadline(&Calendar::Always, start, 60 * MIN, &[]);
        assert_eq!(due, Some(at("2026-11-29", 0, 30)));
        assert_eq!(
            working_time(&Calendar::Always, start, at("2026-11-29", 0, 30), &[]),
            60 * MIN
        );
    }

    #[test]
    fn zero_target_is_due_at_start_and_reversed_range_has_no_working_time() {
        let start = at("2026-11-28", 3, 0);
        assert_eq!(deadline(&china(), start, 0, &[]), Some(start));
        assert_eq!(
            working_time(
                &china(),
                at("2026-11-24", 12, 0),
                at("2026-11-23", 12, 0),
                &[]
            ),
            0
        );
    }

    // --- Business hours ---------------------------------------------------

    #[test]
    fn start_before_opening_counts_from_opening() {
        let due = deadline(&china(), at("2026-11-23", 7, 0), 60 * MIN, &[]);
        assert_eq!(due, Some(at("2026-11-23", 10, 0)));
    }

    #[test]
    fn start_during_hours_counts_at_once() {
        let due = deadline(&china(), at("2026-11-23", 10, 30), 2 * HOUR_MS, &[]);
        assert_eq!(due, Some(at("2026-11-23", 12, 30)));
    }

    #[test]
    fn start_after_closing_rolls_to_next_morning() {
        let due = deadline(&china(), at("2026-11-23", 19, 0), 60 * MIN, &[]);
        assert_eq!(due, Some(at("2026-11-24", 10, 0)));
    }

    #[test]
    fn target_spilling_over_closing_continues_next_morning() {
        let due = deadline(&china(), at("2026-11-23", 17, 30), 60 * MIN, &[]);
        assert_eq!(due, Some(at("2026-11-24", 9, 30)));
    }

    #[test]
    fn friday_evening_rolls_to_monday() {
        let due = deadline(&china(), at("2026-11-27", 17, 30), 60 * MIN, &[]);
        assert_eq!(due, Some(at("2026-11-30", 9, 30)));
        let weekend_start = deadline(&china(), at("2026-11-28", 11, 0), 60 * MIN, &[]);
        assert_eq!(weekend_start, Some(at("2026-11-30", 10, 0)));
    }

    #[test]
    fn holidays_are_skipped_whether_started_before_or_on_them() {
        let cal = china_with(&["2026-11-25"], &[]); // Wednesday off
        let due = deadline(&cal, at("2026-11-24", 17, 0), 2 * HOUR_MS, &[]);
        assert_eq!(due, Some(at("2026-11-26", 10, 0)));
        let on_holiday = deadline(&cal, at("2026-11-25", 10, 0), 60 * MIN, &[]);
        assert_eq!(on_holiday, Some(at("2026-11-26", 10, 0)));
    }

    #[test]
    fn long_holiday_runs_are_skipped() {
        // Golden week style: Thu 2026-10-01 .. Wed 2026-10-07 off, Sat 10-10 made up.
        let holidays: Vec<String> = (1..=7).map(|d| format!("2026-10-{d:02}")).collect();
        let refs: Vec<&str> = holidays.iter().map(String::as_str).collect();
        let cal = china_with(&refs, &["2026-10-10"]);
        let due = deadline(&cal, at("2026-09-30", 17, 0), 2 * HOUR_MS, &[]);
        assert_eq!(due, Some(at("2026-10-08", 10, 0)));
        // 9 h Thu 10-08 + 9 h Fri 10-09 + 1 h on the make-up Saturday.
        let due = deadline(&cal, at("2026-10-08", 9, 0), 19 * HOUR_MS, &[]);
        assert_eq!(due, Some(at("2026-10-10", 10, 0)));
    }

    #[test]
    fn make_up_workday_on_a_weekend_is_worked() {
        let cal = china_with(&[], &["2026-11-28"]); // Saturday worked
        let due = deadline(&cal, at("2026-11-27", 17, 30), 60 * MIN, &[]);
        assert_eq!(due, Some(at("2026-11-28", 9, 30)));
        let on_make_up_day = deadline(&cal, at("2026-11-28", 8, 0), 60 * MIN, &[]);
        assert_eq!(on_make_up_day, Some(at("2026-11-28", 10, 0)));
    }

    #[test]
    fn deadline_exactly_at_closing_is_closing_time() {
        let due = deadline(&china(), at("2026-11-23", 17, 0), 60 * MIN, &[]);
        assert_eq!(due, Some(at("2026-11-23", 18, 0)));
        let full_day = deadline(&china(), at("2026-11-23", 6, 0), 9 * HOUR_MS, &[]);
        assert_eq!(full_day, Some(at("2026-11-23", 18, 0)));
        let friday = deadline(&china(), at("2026-11-27", 9, 0), 9 * HOUR_MS, &[]);
        assert_eq!(friday, Some(at("2026-11-27", 18, 0)));
    }

    #[test]
    fn multi_day_targets_count_whole_business_days() {
        let five_days = 45 * HOUR_MS;
        assert_eq!(
            deadline(&china(), at("2026-11-23", 9, 0), five_days, &[]),
            Some(at("2026-11-27", 18, 0))
        );
        assert_eq!(
            deadline(&china(), at("2026-11-23", 12, 0), five_days, &[]),
            Some(at("2026-11-30", 12, 0))
        );
        // 60 days of business hours = 160 working days = 32 weeks exactly.
        let sixty_days = i64::from(MAX_TARGET_MINUTES) * MIN;
        assert_eq!(
            deadline(&china(), at("2026-11-23", 9, 0), sixty_days, &[]),
            Some(at("2026-11-23", 18, 0).plus_millis((31 * 7 + 4) * DAY_MS))
        );
    }

    #[test]
    fn round_the_clock_business_days_join_at_midnight() {
        let cal = Calendar::Business(BusinessCalendar {
            open_minute: 0,
            close_minute: 1440,
            ..BusinessCalendar::china_office()
        });
        let due = deadline(&cal, at("2026-11-27", 23, 0), 2 * HOUR_MS, &[]);
        assert_eq!(due, Some(at("2026-11-30", 1, 0)));
        let midnight = deadline(&cal, at("2026-11-23", 23, 0), HOUR_MS, &[]);
        assert_eq!(midnight, Some(at("2026-11-24", 0, 0)));
    }

    #[test]
    fn utc_plus_8_dates_start_at_16_00_utc() {
        // 2026-11-23T17:00Z is Tuesday 01:00 in China; Tuesday is a holiday here.
        let instant = date("2026-11-23")
            .start_at_offset(0)
            .plus_millis(17 * HOUR_MS);
        assert_eq!(
            instant.date_at_offset(CHINA_OFFSET_MINUTES),
            date("2026-11-24")
        );
        let cal = china_with(&["2026-11-24"], &[]);
        assert_eq!(
            deadline(&cal, instant, 60 * MIN, &[]),
            Some(at("2026-11-25", 10, 0))
        );
        // Monday 09:30Z is 17:30 local: 30 min left today, 30 min on Wednesday.
        let late_monday = date("2026-11-23")
            .start_at_offset(0)
            .plus_millis(9 * HOUR_MS + 30 * MIN);
        assert_eq!(
            deadline(&cal, late_monday, 60 * MIN, &[]),
            Some(at("2026-11-25", 9, 30))
        );
    }

    #[test]
    fn negative_offsets_use_their_own_local_days() {
        // New York winter (UTC-5), 08:00–17:00: Friday 16:30 local + 1 h = Monday 08:30.
        let cal = Calendar::Business(BusinessCalendar {
            utc_offset_minutes: -300,
            open_minute: 8 * 60,
            close_minute: 17 * 60,
            ..BusinessCalendar::china_office()
        });
        let local = |d: &str, h: i64, m: i64| {
            date(d)
                .start_at_offset(-300)
                .plus_millis(h * HOUR_MS + m * MIN)
        };
        let due = deadline(&cal, local("2026-11-27", 16, 30), HOUR_MS, &[]);
        assert_eq!(due, Some(local("2026-11-30", 8, 30)));
    }

    #[test]
    fn calendar_without_working_days_never_reaches_a_deadline() {
        let cal = Calendar::Business(BusinessCalendar {
            workdays: vec![],
            ..BusinessCalendar::china_office()
        });
        assert_eq!(deadline(&cal, at("2026-11-23", 9, 0), MIN, &[]), None);
        assert_eq!(
            working_time(&cal, at("2026-11-23", 0, 0), at("2027-11-23", 0, 0), &[]),
            0
        );
        // Only a make-up day: its hours count, then nothing.
        let one_day = Calendar::Business(BusinessCalendar {
            workdays: vec![],
            extra_workdays: vec![date("2026-11-28")],
            ..BusinessCalendar::china_office()
        });
        assert_eq!(
            deadline(&one_day, at("2026-11-23", 9, 0), HOUR_MS, &[]),
            Some(at("2026-11-28", 10, 0))
        );
        assert_eq!(
            deadline(&one_day, at("2026-11-23", 9, 0), 10 * HOUR_MS, &[]),
            None
        );
    }

    #[test]
    fn extreme_inputs_terminate_without_overflow() {
        let cal = china_with(&["2026-11-25"], &["2026-11-28"]);
        let start = at("2026-11-23", 9, 0);
        assert_eq!(deadline(&cal, start, i64::MAX, &[]), None);
        assert_eq!(deadline(&Calendar::Always, start, i64::MAX, &[]), None);
        let lo = Timestamp::from_millis(i64::MIN);
        let hi = Timestamp::from_millis(i64::MAX);
        assert!(working_time(&cal, lo, hi, &[]) > 0);
        assert_eq!(
            working_time(&Calendar::Always, start, hi, &[]),
            i64::MAX - start.millis()
        );
        let nonsense = Calendar::Business(BusinessCalendar {
            utc_offset_minutes: i32::MAX,
            workdays: vec![9, 200],
            open_minute: 2000,
            close_minute: 3000,
            ..BusinessCalendar::china_office()
        });
        assert_eq!(deadline(&nonsense, start, HOUR_MS, &[]), None);
        assert_eq!(working_time(&nonsense, lo, hi, &[]), 0);
    }

    // --- Pauses -----------------------------------------------------------

    #[test]
    fn pause_inside_hours_extends_the_deadline() {
        let pauses = [pause(at("2026-11-23", 10, 0), at("2026-11-23", 10, 30))];
        let due = deadline(&china(), at("2026-11-23", 9, 0), 2 * HOUR_MS, &pauses);
        assert_eq!(due, Some(at("2026-11-23", 11, 30)));
    }

    #[test]
    fn pause_spanning_closing_and_overnight_only_costs_working_time() {
        // 8 h on Monday, paused from 17:00 until Tuesday 10:00, then 2 h more.
        let pauses = [pause(at("2026-11-23", 17, 0), at("2026-11-24", 10, 0))];
        let due = deadline(&china(), at("2026-11-23", 9, 0), 10 * HOUR_MS, &pauses);
        assert_eq!(due, Some(at("2026-11-24", 12, 0)));
        // Paused only outside hours: no effect.
        let night = [pause(at("2026-11-23", 18, 30), at("2026-11-24", 8, 0))];
        let due = deadline(&china(), at("2026-11-23", 9, 0), 10 * HOUR_MS, &night);
        assert_eq!(due, Some(at("2026-11-24", 10, 0)));
    }

    #[test]
    fn open_ended_pause_gives_no_deadline_and_a_paused_state() {
        let policy = SlaPolicy::default_china();
        let mut c = clock(at("2026-11-23", 9, 0), 60 * MIN, false);
        c.pause(at("2026-11-23", 9, 20));
        assert_eq!(c.deadline(&policy), None);
        assert_eq!(
            c.state_at(at("2026-11-24", 9, 0), &policy),
            ClockState::Paused {
                remaining_ms: 40 * MIN
            }
        );
        // The target was reached before the pause: the deadline stands.
        let done = [Pause {
            from: at("2026-11-23", 11, 0),
            to: None,
        }];
        let due = deadline(&Calendar::Always, at("2026-11-23", 9, 0), HOUR_MS, &done);
        assert_eq!(due, Some(at("2026-11-23", 10, 0)));
    }

    #[test]
    fn overlapping_and_unsorted_pauses_are_merged() {
        let start = at("2026-11-23", 9, 0);
        let messy = [
            pause(at("2026-11-23", 10, 0), at("2026-11-23", 11, 0)),
            pause(at("2026-11-23", 9, 30), at("2026-11-23", 10, 30)),
            pause(at("2026-11-23", 10, 45), at("2026-11-23", 10, 50)),
            pause(at("2026-11-23", 11, 0), at("2026-11-23", 11, 15)), // touching
        ];
        let clean = [pause(at("2026-11-23", 9, 30), at("2026-11-23", 11, 15))];
        for cal in [Calendar::Always, china()] {
            let due = deadline(&cal, start, 2 * HOUR_MS, &messy);
            assert_eq!(due, Some(at("2026-11-23", 12, 45)));
            assert_eq!(due, deadline(&cal, start, 2 * HOUR_MS, &clean));
            let end = at("2026-11-23", 13, 0);
            assert_eq!(
                working_time(&cal, start, end, &messy),
                2 * HOUR_MS + 15 * MIN
            );
        }
    }

    #[test]
    fn pause_before_start_is_ignored_and_one_across_start_delays_it() {
        let start = at("2026-11-23", 10, 0);
        let before = [pause(at("2026-11-23", 8, 0), at("2026-11-23", 9, 30))];
        assert_eq!(
            deadline(&china(), start, HOUR_MS, &before),
            Some(at("2026-11-23", 11, 0))
        );
        let across = [pause(at("2026-11-23", 9, 30), at("2026-11-23", 10, 30))];
        assert_eq!(
            deadline(&china(), start, HOUR_MS, &across),
            Some(at("2026-11-23", 11, 30))
        );
        let empty_and_inverted = [
            pause(at("2026-11-23", 10, 15), at("2026-11-23", 10, 15)),
            pause(at("2026-11-23", 10, 30), at("2026-11-23", 10, 20)),
        ];
        assert_eq!(
            deadline(&china(), start, HOUR_MS, &empty_and_inverted),
            Some(at("2026-11-23", 11, 0))
        );
    }

    #[test]
    fn pause_and_resume_are_idempotent() {
        let mut c = clock(at("2026-11-23", 9, 0), HOUR_MS, false);
        c.resume(at("2026-11-23", 9, 5)); // not paused: ignored
        assert!(c.pauses.is_empty());
        c.pause(at("2026-11-23", 9, 10));
        c.pause(at("2026-11-23", 9, 20)); // already paused: ignored
        assert!(c.is_paused());
        c.resume(at("2026-11-23", 9, 40));
        c.resume(at("2026-11-23", 9, 50)); // not paused: ignored
        assert_eq!(
            c.pauses,
            vec![pause(at("2026-11-23", 9, 10), at("2026-11-23", 9, 40))]
        );
        let policy = SlaPolicy::default_china();
        assert_eq!(c.deadline(&policy), Some(at("2026-11-23", 10, 30)));
    }

    // --- Clock states -----------------------------------------------------

    #[test]
    fn at_risk_starts_exactly_at_the_margin() {
        let policy = SlaPolicy::default_china(); // 20%
        let start = at("2026-11-23", 9, 0);
        let c = clock(start, 100 * MIN, false);
        assert_eq!(
            c.state_at(start, &policy),
            ClockState::OnTrack {
                remaining_ms: 100 * MIN
            }
        );
        let margin = start.plus_millis(80 * MIN);
        assert_eq!(
            c.state_at(margin.plus_millis(-1), &policy),
            ClockState::OnTrack {
                remaining_ms: 20 * MIN + 1
            }
        );
        assert_eq!(
            c.state_at(margin, &policy),
            ClockState::AtRisk {
                remaining_ms: 20 * MIN
            }
        );
        let due = start.plus_millis(100 * MIN);
        assert_eq!(
            c.state_at(due, &policy),
            ClockState::AtRisk { remaining_ms: 0 }
        );
    }

    #[test]
    fn breached_reports_overdue_working_time() {
        let policy = SlaPolicy::default_china();
        let c = clock(at("2026-11-23", 17, 0), HOUR_MS, true);
        assert_eq!(c.deadline(&policy), Some(at("2026-11-23", 18, 0)));
        // After closing nothing more is lost: still answerable on time.
        assert_eq!(
            c.state_at(at("2026-11-23", 20, 0), &policy),
            ClockState::AtRisk { remaining_ms: 0 }
        );
        assert_eq!(
            c.state_at(at("2026-11-24", 9, 30), &policy),
            ClockState::Breached {
                overdue_ms: 30 * MIN
            }
        );
        let mut paused = c.clone();
        paused.pause(at("2026-11-24", 9, 45));
        assert_eq!(
            paused.state_at(at("2026-11-25", 12, 0), &policy),
            ClockState::Breached {
                overdue_ms: 45 * MIN
            }
        );
    }

    #[test]
    fn met_on_time_and_late() {
        let policy = SlaPolicy::default_china();
        let mut c = clock(at("2026-11-23", 17, 0), HOUR_MS, true);
        c.met_at = Some(at("2026-11-23", 18, 0));
        assert_eq!(
            c.state_at(at("2026-12-30", 0, 0), &policy),
            ClockState::Met { on_time: true }
        );
        c.met_at = Some(at("2026-11-24", 8, 59)); // before Tuesday's opening
        assert_eq!(
            c.state_at(at("2026-12-30", 0, 0), &policy),
            ClockState::Met { on_time: true }
        );
        c.met_at = Some(at("2026-11-24", 9, 1));
        assert_eq!(
            c.state_at(at("2026-12-30", 0, 0), &policy),
            ClockState::Met { on_time: false }
        );
    }

    #[test]
    fn clock_for_target_uses_its_minutes_and_calendar() {
        let policy = SlaPolicy::default_china();
        let target = policy
            .target_for(
                Metric::Resolution,
                CaseKind::Return,
                Priority::Normal,
                RegionClass::Other,
            )
            .unwrap();
        let c = Clock::for_target(target, at("2026-11-23", 12, 0));
        assert_eq!((c.target_ms, c.business_hours), (45 * HOUR_MS, true));
        assert_eq!(c.deadline(&policy), Some(at("2026-11-30", 12, 0)));
    }

    // --- Inverse property -------------------------------------------------

    #[test]
    fn working_time_and_deadline_are_inverses() {
        let calendars = [
            Calendar::Always,
            china(),
            china_with(&["2026-11-25", "2026-11-26", "2026-12-01"], &["2026-11-29"]),
            Calendar::Business(BusinessCalendar {
                utc_offset_minutes: -300,
                workdays: vec![5, 6, 0],
                open_minute: 0,
                close_minute: 1440,
                ..BusinessCalendar::china_office()
            }),
        ];
        let pauses = [
            pause(at("2026-11-24", 11, 0), at("2026-11-24", 13, 0)),
            pause(at("2026-11-24", 12, 0), at("2026-11-25", 10, 0)),
            pause(at("2026-11-30", 17, 30), at("2026-12-01", 9, 15)),
        ];
        let targets = [
            1,
            MIN,
            59 * MIN,
            9 * HOUR_MS,
            9 * HOUR_MS + 1,
            45 * HOUR_MS,
            200 * HOUR_MS,
        ];
        let first = at("2026-11-22", 0, 0);
        for cal in &calendars {
            for p in [&pauses[..], &[]] {
                for step in 0..120 {
                    let start = first.plus_millis(step * 113 * MIN);
                    for &t in &targets {
                        let due = deadline(cal, start, t, p).unwrap();
                        assert_eq!(working_time(cal, start, due, p), t, "start {start:?} t {t}");
                        let just_before = working_time(cal, start, due.plus_millis(-1), p);
                        assert_eq!(just_before, t - 1, "deadline is the earliest instant");
                    }
                }
            }
        }
    }

    #[test]
    fn working_time_counts_weeks_and_holidays() {
        let cal = china_with(&["2026-11-25"], &["2026-11-28"]);
        // Mon 00:00 .. next Mon 00:00: 5 weekdays - 1 holiday + 1 make-up = 5 days.
        assert_eq!(
            working_time(&cal, at("2026-11-23", 0, 0), at("2026-11-30", 0, 0), &[]),
            45 * HOUR_MS
        );
        // A year later, plain weeks: 52 weeks of 45 h, skipped a week at a time.
        let from = at("2027-01-04", 0, 0);
        assert_eq!(
            working_time(&cal, from, from.plus_millis(52 * 7 * DAY_MS), &[]),
            52 * 45 * HOUR_MS
        );
    }

    /// Minute-by-minute reference: is minute `m` (ms, minute-aligned) counted?
    fn counted_by_brute_force(cal: &BusinessCalendar, pauses: &[Pause], m: Timestamp) -> bool {
        let local = m.millis() + i64::from(cal.utc_offset_minutes) * MIN;
        let minute_of_day = local.rem_euclid(DAY_MS) / MIN;
        let in_hours =
            (i64::from(cal.open_minute)..i64::from(cal.close_minute)).contains(&minute_of_day);
        let paused = pauses
            .iter()
            .any(|p| p.from <= m && p.to.is_none_or(|to| m < to));
        in_hours && cal.is_working_day(m.date_at_offset(cal.utc_offset_minutes)) && !paused
    }

    #[test]
    fn interval_arithmetic_matches_a_minute_by_minute_reference() {
        let cal = BusinessCalendar {
            holidays: vec![date("2026-11-25"), date("2026-11-30")],
            extra_workdays: vec![date("2026-11-29")],
            open_minute: 8 * 60 + 30,
            close_minute: 17 * 60 + 45,
            ..BusinessCalendar::china_office()
        };
        let pauses = [
            pause(at("2026-11-24", 16, 0), at("2026-11-26", 11, 7)),
            pause(at("2026-11-26", 11, 0), at("2026-11-26", 12, 0)),
            pause(at("2026-11-29", 7, 0), at("2026-11-29", 9, 1)),
        ];
        let base = at("2026-11-22", 0, 0);
        let minutes = 16 * 24 * 60;
        let mut prefix = vec![0_i64; minutes + 1]; // counted minutes before minute i
        for i in 0..minutes {
            let m = base.plus_millis(i as i64 * MIN);
            prefix[i + 1] = prefix[i] + i64::from(counted_by_brute_force(&cal, &pauses, m));
        }
        let calendar = Calendar::Business(cal);
        let instant = |i: usize| base.plus_millis(i as i64 * MIN);
        for from in (0..minutes).step_by(173) {
            for to in (from..=minutes).step_by(359) {
                let expected = (prefix[to] - prefix[from]) * MIN;
                assert_eq!(
                    working_time(&calendar, instant(from), instant(to), &pauses),
                    expected
                );
            }
            for t in [1, 7, 60, 555, 556, 1200, 2400] {
                let reference = (from..=minutes).find(|&i| prefix[i] - prefix[from] == t);
                let due = deadline(&calendar, instant(from), t * MIN, &pauses);
                match reference {
                    Some(i) => assert_eq!(due, Some(instant(i)), "from minute {from}, {t} min"),
                    None => assert!(due > Some(instant(minutes)), "beyond the reference window"),
                }
            }
        }
    }

    #[test]
    fn long_holiday_lists_and_many_pauses_stay_fast() {
        // Every Wednesday off for 20 years, 400 short pauses, a 60-day business target.
        let first_wednesday = date("2026-11-25").days();
        let holidays = (0..20 * 52)
            .map(|w| Date::from_days(first_wednesday + 7 * w).unwrap())
            .collect();
        let cal = Calendar::Business(BusinessCalendar {
            holidays,
            ..BusinessCalendar::china_office()
        });
        let start = at("2026-11-23", 9, 0);
        let pauses: Vec<Pause> = (0..400)
            .map(|i| {
                let from = start.plus_millis(i * 7 * HOUR_MS + 13 * MIN);
                pause(from, from.plus_millis(2 * HOUR_MS))
            })
            .collect();
        let target = i64::from(MAX_TARGET_MINUTES) * MIN;
        for p in [&pauses[..], &[]] {
            let due = deadline(&cal, start, target, p).unwrap();
            assert_eq!(working_time(&cal, start, due, p), target);
            assert!(due < at("2028-01-01", 0, 0));
        }
        let year = working_time(&cal, start, start.plus_millis(20 * 365 * DAY_MS), &pauses);
        assert!(year > 0);
    }

    // --- Policy -----------------------------------------------------------

    #[test]
    fn target_for_picks_the_most_specific_match() {
        let policy = SlaPolicy::default_china();
        let find = |m, k, p, r| {
            policy
                .target_for(m, k, p, r)
                .map(|t| (t.within_minutes, t.business_hours))
        };
        use CaseKind::*;
        use RegionClass::*;
        assert_eq!(
            find(Metric::FirstResponse, Refund, Priority::Low, Other),
            Some((60, false))
        );
        assert_eq!(
            find(Metric::OnSite, Repair, Priority::Normal, ProvincialCapital),
            Some((240, false))
        );
        assert_eq!(
            find(Metric::OnSite, Repair, Priority::Urgent, Other),
            Some((720, false))
        );
        assert_eq!(find(Metric::OnSite, Return, Priority::Normal, Other), None);
        assert_eq!(
            find(Metric::Resolution, Repair, Priority::Urgent, Other),
            Some((1440, false))
        );
        assert_eq!(
            find(Metric::Resolution, Refund, Priority::High, Other),
            Some((2700, true))
        );

        // Ties go to the first listed; more selectors win regardless of order.
        let t = |kind, priority, within_minutes| Target {
            metric: Metric::FirstResponse,
            kind,
            priority,
            region: None,
            within_minutes,
            business_hours: false,
        };
        let custom = SlaPolicy {
            targets: vec![
                t(None, None, 1),
                t(Some(Repair), None, 2),
                t(None, Some(Priority::High), 3),
                t(Some(Repair), Some(Priority::Urgent), 4),
            ],
            ..SlaPolicy::default_china()
        };
        let pick = |k, p| {
            custom
                .target_for(Metric::FirstResponse, k, p, Other)
                .map(|t| t.within_minutes)
        };
        assert_eq!(pick(Repair, Priority::High), Some(2));
        assert_eq!(pick(Return, Priority::High), Some(3));
        assert_eq!(pick(Repair, Priority::Urgent), Some(4));
        assert_eq!(pick(Refund, Priority::Low), Some(1));
    }

    #[test]
    fn default_policy_is_valid() {
        assert_eq!(SlaPolicy::default_china().validate(), Ok(()));
    }

    #[test]
    fn validate_reports_every_field_at_once() {
        let mut policy = SlaPolicy::default_china();
        policy.targets[0].within_minutes = 0;
        policy.targets[2].within_minutes = MAX_TARGET_MINUTES + 1;
        policy.targets.push(policy.targets[1]);
        policy.business = BusinessCalendar {
            utc_offset_minutes: 15 * 60,
            workdays: vec![7, 9],
            open_minute: 18 * 60,
            close_minute: 1441,
            holidays: vec![date("2026-10-01"), date("2026-10-01")],
            extra_workdays: vec![date("2026-10-01"), date("2026-10-10"), date("2026-10-10")],
        };
        policy.at_risk_percent = 100;
        let fields: Vec<(String, String)> = policy
            .validate()
            .unwrap_err()
            .fields
            .into_iter()
            .map(|f| (f.field, f.code))
            .collect();
        let expected = [
            ("targets[0].within_minutes", "out_of_range"),
            ("targets[2].within_minutes", "out_of_range"),
            ("targets[5]", "shadowed"),
            ("business.utc_offset_minutes", "out_of_range"),
            ("business.close_minute", "out_of_range"),
            ("business.workdays[0]", "out_of_range"),
            ("business.workdays[1]", "out_of_range"),
            ("business.workdays", "empty"),
            ("business.holidays[1]", "duplicate"),
            ("business.extra_workdays[0]", "conflicts_with_holiday"),
            ("business.extra_workdays[2]", "duplicate"),
            ("at_risk_percent", "out_of_range"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(f, c)| (f.to_string(), c.to_string()))
            .collect();
        assert_eq!(fields, expected);

        let mut other = SlaPolicy::default_china();
        other.business.workdays = vec![0, 1, 1];
        other.business.open_minute = 18 * 60;
        other.business.close_minute = 9 * 60;
        let fields: Vec<String> = other
            .validate()
            .unwrap_err()
            .fields
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(fields, ["business.open_minute", "business.workdays[2]"]);
    }

    #[test]
    fn empty_workdays_are_fine_when_no_target_uses_business_hours() {
        let mut policy = SlaPolicy::default_china();
        policy.targets.retain(|t| !t.business_hours);
        policy.business.workdays.clear();
        assert_eq!(policy.validate(), Ok(()));
    }

    #[test]
    fn wire_forms_are_snake_case() {
        let policy = SlaPolicy::default_china();
        let json = serde_json::to_string(&policy).unwrap();
        assert!(json.contains("\"first_response\"") && json.contains("\"provincial_capital\""));
        let back: SlaPolicy = serde_json::from_str(&json).unwrap();
        assert_eq!(back, policy);
        let state = serde_json::to_value(ClockState::AtRisk { remaining_ms: 5 }).unwrap();
        assert_eq!(
            state,
            serde_json::json!({"state": "at_risk", "remaining_ms": 5})
        );
        let cal = serde_json::to_value(Calendar::Always).unwrap();
        assert_eq!(cal, serde_json::json!("always"));
        let pause: Pause = serde_json::from_str(r#"{"from": 5}"#).unwrap();
        assert_eq!(
            pause,
            Pause {
                from: Timestamp::from_millis(5),
                to: None
            }
        );
    }
}
