//! Counts by day, with a running roll-up by month, so a report over a long
//! period reads a tally per whole month and a tally per day only at its two
//! ends: a year is about 12 monthly and 30 daily tallies rather than 365.
//!
//! The roll-up is kept in memory only: it is the sum of the days, updated
//! with every change to them, and rebuilt from the days when they are read
//! back (serde and [`Daily::insert`]). The stored form is the days alone.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Period;
use crate::time::Date;

/// A value that can be added and taken away again.
pub(crate) trait Measure: Default {
    /// Adds `other` times `sign` (+1 or -1).
    fn add(&mut self, other: &Self, sign: i64);
    /// Whether it is nothing (the entry is then removed).
    fn is_zero(&self) -> bool;
}

impl Measure for i64 {
    fn add(&mut self, other: &Self, sign: i64) {
        *self += other * sign;
    }
    fn is_zero(&self) -> bool {
        *self == 0
    }
}

/// Values by key; stored as a list of `[key, value]` pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tally<K: Ord, V>(pub(crate) BTreeMap<K, V>);

impl<K: Ord, V> Default for Tally<K, V> {
    fn default() -> Self {
        Tally(BTreeMap::new())
    }
}

impl<K: Ord, V: Measure> Tally<K, V> {
    /// Adds `value` times `sign` under `key`, removing the entry at zero.
    pub(crate) fn add(&mut self, key: K, value: &V, sign: i64) {
        match self.0.entry(key) {
            Entry::Occupied(mut o) => {
                o.get_mut().add(value, sign);
                if o.get().is_zero() {
                    o.remove();
                }
            }
            Entry::Vacant(v) => {
                let mut x = V::default();
                x.add(value, sign);
                if !x.is_zero() {
                    v.insert(x);
                }
            }
        }
    }
}

impl<K: Ord + Serialize, V: Serialize> Serialize for Tally<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter())
    }
}

impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Tally<K, V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let pairs = Vec::<(K, V)>::deserialize(d)?;
        Ok(Tally(pairs.into_iter().collect()))
    }
}

/// Values by day, then by key, rolled up by month as they change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Daily<K: Ord, V = i64> {
    days: BTreeMap<Date, Tally<K, V>>,
    /// By the first day of the month: the sum of its days.
    months: BTreeMap<Date, Tally<K, V>>,
}

/// The first day of `day`'s month.
pub(crate) fn month_of(day: Date) -> Date {
    let (y, m, _) = day.ymd();
    Date::from_ymd(y, m, 1).unwrap_or(day)
}

/// A period cut into its leading days, its whole months and its trailing
/// days (each `None` when empty).
type Pieces = (Option<Period>, Option<Period>, Option<Period>);

fn pieces(period: Period) -> Pieces {
    if period.days() == 0 {
        return (None, None, None);
    }
    let first_whole = if month_of(period.from) == period.from {
        Some(period.from)
    } else {
        month_of(period.from).plus_months(1)
    };
    // The first day of the month after the last whole one (none after the
    // last date: then the period's end closes a whole month or is part of one).
    let after_whole = period.to.plus_days(1).map(month_of);
    let (Some(first_whole), Some(after_whole)) = (first_whole, after_whole) else {
        return (Some(period), None, None);
    };
    if first_whole >= after_whole {
        return (Some(period), None, None);
    }
    let part = |from: Date, to: Date| {
        let p = Period { from, to };
        (p.days() > 0).then_some(p)
    };
    (
        part(period.from, first_whole.saturating_plus_days(-1)),
        part(first_whole, after_whole.saturating_plus_days(-1)),
        part(after_whole, period.to),
    )
}

impl<K: Ord, V> Default for Daily<K, V> {
    fn default() -> Self {
        Daily {
            days: BTreeMap::new(),
            months: BTreeMap::new(),
        }
    }
}

impl<K: Ord + Clone, V: Measure> Daily<K, V> {
    /// Nothing counted.
    pub(crate) fn new() -> Self {
        Daily::default()
    }

    /// Adds `value` times `sign` under `key` on `day`.
    pub(crate) fn add(&mut self, day: Date, key: K, value: &V, sign: i64) {
        add_to(&mut self.months, month_of(day), key.clone(), value, sign);
        add_to(&mut self.days, day, key, value, sign);
    }

    /// Sets a whole day, as read back from storage.
    pub(crate) fn insert(&mut self, day: Date, tally: Tally<K, V>) {
        let month = month_of(day);
        if let Some(old) = self.days.remove(&day) {
            for (k, v) in old.0 {
                add_to(&mut self.months, month, k, &v, -1);
            }
        }
        for (k, v) in &tally.0 {
            add_to(&mut self.months, month, k.clone(), v, 1);
        }
        if !tally.0.is_empty() {
            self.days.insert(day, tally);
        }
    }
}

impl<K: Ord, V> Daily<K, V> {
    /// The days with counts.
    pub(crate) fn days(&self) -> impl Iterator<Item = &Date> {
        self.days.keys()
    }

    /// One day's counts.
    pub(crate) fn get(&self, day: &Date) -> Option<&Tally<K, V>> {
        self.days.get(day)
    }

    /// Every (key, value) counted on a day of `period`, whole months read
    /// from the roll-up. A key appears once per tally read: sum them.
    pub(crate) fn within(&self, period: Period) -> impl Iterator<Item = (&K, &V)> {
        let (head, whole, tail) = pieces(period);
        let days = |p: Option<Period>| {
            p.into_iter()
                .flat_map(move |p| self.days.range(p.from..=p.to))
        };
        let months = whole
            .into_iter()
            .flat_map(move |p| self.months.range(p.from..=p.to));
        days(head)
            .chain(months)
            .chain(days(tail))
            .flat_map(|(_, t)| t.0.iter())
    }

    /// Every (day, key, value), whatever the day.
    pub(crate) fn all(&self) -> impl Iterator<Item = (Date, &K, &V)> {
        self.days
            .iter()
            .flat_map(|(day, t)| t.0.iter().map(move |(k, v)| (*day, k, v)))
    }
}

fn add_to<K: Ord, V: Measure>(
    map: &mut BTreeMap<Date, Tally<K, V>>,
    day: Date,
    key: K,
    value: &V,
    sign: i64,
) {
    let tally = map.entry(day).or_default();
    tally.add(key, value, sign);
    if tally.0.is_empty() {
        map.remove(&day);
    }
}

impl<K: Ord + Serialize, V: Serialize> Serialize for Daily<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.days.serialize(s)
    }
}

impl<'de, K, V> Deserialize<'de> for Daily<K, V>
where
    K: Ord + Clone + Deserialize<'de>,
    V: Measure + Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let days = BTreeMap::<Date, Tally<K, V>>::deserialize(d)?;
        let mut daily = Daily::new();
        for (day, tally) in days {
            daily.insert(day, tally);
        }
        Ok(daily)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn p(from: &str, to: &str) -> Period {
        Period {
            from: d(from),
            to: d(to),
        }
    }

    #[test]
    fn a_period_is_cut_at_whole_months() {
        assert_eq!(
            pieces(p("2026-01-15", "2026-04-10")),
            (
                Some(p("2026-01-15", "2026-01-31")),
                Some(p("2026-02-01", "2026-03-31")),
                Some(p("2026-04-01", "2026-04-10"))
            )
        );
        assert_eq!(
            pieces(p("2026-02-01", "2026-02-28")),
            (None, Some(p("2026-02-01", "2026-02-28")), None)
        );
        assert_eq!(
            pieces(p("2026-02-02", "2026-02-28")),
            (Some(p("2026-02-02", "2026-02-28")), None, None)
        );
        assert_eq!(
            pieces(p("2025-12-31", "2026-01-31")),
            (
                Some(p("2025-12-31", "2025-12-31")),
                Some(p("2026-01-01", "2026-01-31")),
                None
            )
        );
        assert_eq!(pieces(p("2026-03-02", "2026-03-01")), (None, None, None));
    }

    /// The sum over a period equals the sum of the days in it, for every
    /// period over two years of counts, with some taken away again.
    #[test]
    fn rolled_up_sums_equal_the_days() {
        let start = d("2025-01-01").days();
        let mut daily: Daily<u8> = Daily::new();
        let mut plain: BTreeMap<Date, i64> = BTreeMap::new();
        let mut x: u64 = 7;
        for i in 0..3000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            let day = Date::from_days(start + (x >> 33) as i32 % 730).unwrap();
            let sign = if i % 5 == 4 { -1 } else { 1 };
            daily.add(day, (x % 3) as u8, &1, sign);
            *plain.entry(day).or_default() += sign;
        }
        let sum = |period: Period| daily.within(period).map(|(_, v)| *v).sum::<i64>();
        let truth = |period: Period| {
            plain
                .range(period.from..=period.to)
                .map(|(_, v)| *v)
                .sum::<i64>()
        };
        for from in (0..730).step_by(13) {
            for len in [1, 7, 28, 31, 59, 90, 365, 400] {
                let period = Period {
                    from: Date::from_days(start + from).unwrap(),
                    to: Date::from_days(start + from + len - 1).unwrap(),
                };
                assert_eq!(sum(period), truth(period), "{period:?}");
            }
        }
        let json = serde_json::to_string(&daily).unwrap();
        let back: Daily<u8> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, daily, "read back, the roll-up is rebuilt equal");
    }
}
