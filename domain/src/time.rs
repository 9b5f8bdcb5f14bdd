//! Time as the domain sees it: instants passed in from outside (the domain
//! never reads a clock) and civil dates for purchase dates and holidays.
//! Calendar arithmetic uses the proleptic Gregorian calendar (Howard
//! Hinnant's `days_from_civil`), so no date library is needed.
//!
//! A [`Date`] lies between [`Date::MIN`] (1900-01-01) and [`Date::MAX`]
//! (2200-12-31), whichever way it was made: parsed, built from a year, month
//! and day, from a count of days, by adding days or months (checked: `None`
//! past either end), or from an instant (saturating at either end). So every
//! date the domain holds serializes to text that deserializes again: a
//! stored case never carries a date it cannot read back.

use std::fmt;

use serde::{Deserialize, Serialize};

/// UTC+8, the zone of the companies we serve first (China has no daylight saving).
pub const CHINA_OFFSET_MINUTES: i32 = 480;

/// Milliseconds in a minute.
pub const MINUTE_MS: i64 = 60_000;
/// Milliseconds in an hour.
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
/// Milliseconds in a day.
pub const DAY_MS: i64 = 24 * HOUR_MS;

/// Milliseconds since the Unix epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(i64);

impl Timestamp {
    /// An instant from milliseconds since the Unix epoch.
    pub const fn from_millis(ms: i64) -> Timestamp {
        Timestamp(ms)
    }

    /// Milliseconds since the Unix epoch.
    pub const fn millis(self) -> i64 {
        self.0
    }

    /// This instant moved by `ms` milliseconds (saturating).
    #[must_use]
    pub const fn plus_millis(self, ms: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(ms))
    }

    /// The UTC date of this instant shifted by `offset_minutes` (a fixed
    /// zone). Saturating: an instant before 1900 or after 2200 gives
    /// [`Date::MIN`] or [`Date::MAX`] (no instant a case accepts is there).
    pub fn date_at_offset(self, offset_minutes: i32) -> Date {
        let local = self.0.saturating_add(i64::from(offset_minutes) * MINUTE_MS);
        let days = local
            .div_euclid(DAY_MS)
            .clamp(i64::from(Date::MIN.0), i64::from(Date::MAX.0));
        Date(days as i32)
    }
}

/// A civil date (no time, no zone) from [`Date::MIN`] to [`Date::MAX`],
/// stored as days since 1970-01-01. Wire form: `"YYYY-MM-DD"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a date (expected YYYY-MM-DD between 1900 and 2200)")]
pub struct DateError(String);

impl Date {
    /// The earliest year of a date.
    pub const MIN_YEAR: i32 = 1900;
    /// The latest year of a date.
    pub const MAX_YEAR: i32 = 2200;
    /// The earliest date: 1900-01-01.
    pub const MIN: Date = Date(days_from_civil(Self::MIN_YEAR, 1, 1));
    /// The latest date: 2200-12-31.
    pub const MAX: Date = Date(days_from_civil(Self::MAX_YEAR, 12, 31));

    /// The date for a year, month (1-12) and day (1-31), if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(Self::MIN_YEAR..=Self::MAX_YEAR).contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
        {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// Days since 1970-01-01.
    pub const fn days(self) -> i32 {
        self.0
    }

    /// The date `days` days since 1970-01-01, if between [`Date::MIN`] and [`Date::MAX`].
    pub const fn from_days(days: i32) -> Option<Date> {
        if days < Self::MIN.0 || days > Self::MAX.0 {
            None
        } else {
            Some(Date(days))
        }
    }

    /// The date `days` later (earlier when negative); `None` past either end.
    #[must_use]
    pub fn plus_days(self, days: i32) -> Option<Date> {
        Date::from_days(self.0.checked_add(days)?)
    }

    /// The date `days` later (earlier when negative), stopping at
    /// [`Date::MIN`] or [`Date::MAX`].
    #[must_use]
    pub fn saturating_plus_days(self, days: i32) -> Date {
        Date(self.0.saturating_add(days).clamp(Self::MIN.0, Self::MAX.0))
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.0 + 3).rem_euclid(7) as u32
    }

    /// The instant this date starts in a zone `offset_minutes` east of UTC.
    pub fn start_at_offset(self, offset_minutes: i32) -> Timestamp {
        Timestamp(i64::from(self.0) * DAY_MS - i64::from(offset_minutes) * MINUTE_MS)
    }

    /// The same day `months` later, clamped to the month's last day
    /// (2024-01-31 + 1 month = 2024-02-29); `None` after [`Date::MAX`].
    #[must_use]
    pub fn plus_months(self, months: u32) -> Option<Date> {
        let (y, m, d) = self.ymd();
        let total = i64::from(y) * 12 + i64::from(m) - 1 + i64::from(months);
        let ny = i32::try_from(total.div_euclid(12)).ok()?;
        let nm = total.rem_euclid(12) as u32 + 1;
        if ny > Self::MAX_YEAR {
            return None;
        }
        Date::from_ymd(ny, nm, d.min(days_in_month(ny, nm)))
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let err = || DateError(text.to_owned());
        let t = text.trim();
        let b = t.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let num = |s: &str| {
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        let (y, m, d) = (num(&t[0..4]), num(&t[5..7]), num(&t[8..10]));
        match (y, m, d) {
            (Some(y), Some(m), Some(d)) => Date::from_ymd(y as i32, m, d).ok_or_else(err),
            _ => Err(err()),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

const fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

const fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy as i32;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_days() {
        for days in -30_000..80_000 {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
        assert_eq!(Date::parse("2026-11-23").unwrap().weekday(), 0, "a Monday");
    }

    #[test]
    fn parse_rejects_impossible_and_far_dates() {
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "1899-12-31",
            "2201-01-01",
            "26-1-1",
            "2026/01/01",
            "２０２６-01-01",
            "",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert!(Date::parse("2024-02-29").is_ok());
    }

    #[test]
    fn months_clamp_to_the_last_day() {
        let d = Date::parse("2024-01-31").unwrap();
        assert_eq!(d.plus_months(1).unwrap().to_string(), "2024-02-29");
        assert_eq!(d.plus_months(13).unwrap().to_string(), "2025-02-28");
        assert_eq!(
            Date::parse("2025-11-30")
                .unwrap()
                .plus_months(24)
                .unwrap()
                .to_string(),
            "2027-11-30"
        );
    }

    #[test]
    fn arithmetic_never_leaves_the_range() {
        assert_eq!(Date::MIN.to_string(), "1900-01-01");
        assert_eq!(Date::MAX.to_string(), "2200-12-31");
        assert_eq!(Date::parse("2200-12-31"), Ok(Date::MAX));
        assert_eq!(Date::MAX.plus_days(1), None);
        assert_eq!(Date::MIN.plus_days(-1), None);
        assert_eq!(Date::MAX.plus_days(i32::MAX), None);
        assert_eq!(Date::MIN.plus_days(i32::MIN), None);
        assert_eq!(Date::MAX.saturating_plus_days(i32::MAX), Date::MAX);
        assert_eq!(Date::MIN.saturating_plus_days(-40), Date::MIN);
        assert_eq!(Date::from_days(Date::MAX.days() + 1), None);
        assert_eq!(Date::from_days(i32::MIN), None);
        let end = Date::parse("2200-12-31").unwrap();
        assert_eq!(end.plus_months(1), None);
        assert_eq!(Date::MIN.plus_months(u32::MAX), None);
        assert_eq!(
            Date::parse("2200-10-31").unwrap().plus_months(2),
            Some(Date::MAX)
        );
        for ms in [i64::MIN, -1 << 50, 1 << 50, i64::MAX] {
            let d = Timestamp::from_millis(ms).date_at_offset(CHINA_OFFSET_MINUTES);
            assert!(Date::MIN <= d && d <= Date::MAX);
            assert_eq!(Date::parse(&d.to_string()), Ok(d), "round trip");
        }
    }

    #[test]
    fn instants_map_to_local_dates() {
        // 2026-11-23T17:00Z is already 2026-11-24 in China (UTC+8).
        let t = Date::parse("2026-11-23")
            .unwrap()
            .start_at_offset(0)
            .plus_millis(17 * HOUR_MS);
        assert_eq!(t.date_at_offset(480).to_string(), "2026-11-24");
        assert_eq!(t.date_at_offset(0).to_string(), "2026-11-23");
    }
}
