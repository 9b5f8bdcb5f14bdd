//! Customers and channels: where cases come from, how satisfied customers
//! are, and what they ask for most (a training list).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::aggregates::Aggregates;
use super::{name, opt_name, Period, Scope, Table, TOP_N};
use crate::case::{CaseKind, Channel};
use crate::flow::info::RootCause;
use crate::UserId;

/// The customers and channels report for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomersReport {
    /// The days covered.
    pub period: Period,
    /// Cases opened in the period per channel and kind.
    pub by_channel: Vec<ChannelRow>,
    /// Survey answers given in the period: overall, by kind, technician and model.
    pub satisfaction: Vec<ScoreRow>,
    /// The most frequent requests of the cases opened in the period (at most
    /// [`TOP_N`]): kind, model and root cause, most cases first.
    pub top_requests: Vec<RequestRow>,
}

/// Cases from one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelRow {
    /// Where they came from.
    pub channel: Channel,
    /// Their kind.
    pub kind: CaseKind,
    /// How many.
    pub cases: u64,
}

/// What a satisfaction row groups by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScoreBy {
    /// Every answer.
    All,
    /// Cases of a kind.
    Kind(CaseKind),
    /// Cases dispatched to a technician.
    Technician(UserId),
    /// Cases dispatched to nobody.
    NoTechnician,
    /// Cases about a product model.
    Model(String),
}

/// Survey scores (1 to 5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Score {
    /// Answers.
    pub answers: u64,
    /// Mean score, for display; `None` without answers.
    pub mean: Option<f64>,
    /// Answers per score: index 0 is score 1, index 4 score 5.
    pub distribution: Vec<u64>,
}

/// Satisfaction of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreRow {
    /// The group.
    pub by: ScoreBy,
    /// Its scores.
    pub score: Score,
}

/// A frequent request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestRow {
    /// Repair, return or refund.
    pub kind: CaseKind,
    /// The product model.
    pub model: String,
    /// The root cause found (`None`: not diagnosed).
    pub root_cause: Option<RootCause>,
    /// Cases.
    pub cases: u64,
}

/// The customers and channels report over `period`.
pub fn customers(_scope: &Scope, agg: &Aggregates, period: Period) -> CustomersReport {
    let mut channels: BTreeMap<(Channel, CaseKind), u64> = BTreeMap::new();
    let mut requests: BTreeMap<(CaseKind, &str, Option<RootCause>), u64> = BTreeMap::new();
    for (k, &n) in agg.cases.within(period) {
        let n = n.max(0) as u64;
        *channels.entry((k.channel, k.kind)).or_default() += n;
        *requests
            .entry((k.kind, &k.model, k.root_cause))
            .or_default() += n;
    }
    let by_channel = channels
        .into_iter()
        .map(|((channel, kind), cases)| ChannelRow {
            channel,
            kind,
            cases,
        })
        .collect();
    let mut top_requests: Vec<RequestRow> = requests
        .into_iter()
        .map(|((kind, model, root_cause), cases)| RequestRow {
            kind,
            model: model.to_owned(),
            root_cause,
            cases,
        })
        .collect();
    top_requests.sort_by_key(|r| std::cmp::Reverse(r.cases));
    top_requests.truncate(TOP_N);

    let mut scores: BTreeMap<ScoreBy, [u64; 5]> = BTreeMap::new();
    for (k, &n) in agg.surveys.within(period) {
        let Some(i) = usize::from(k.score).checked_sub(1).filter(|i| *i < 5) else {
            continue;
        };
        let tech = k
            .technician
            .clone()
            .map_or(ScoreBy::NoTechnician, ScoreBy::Technician);
        for by in [
            ScoreBy::All,
            ScoreBy::Kind(k.kind),
            tech,
            ScoreBy::Model(k.model.clone()),
        ] {
            scores.entry(by).or_default()[i] += n.max(0) as u64;
        }
    }
    let satisfaction = scores
        .into_iter()
        .map(|(by, dist)| {
            let answers: u64 = dist.iter().sum();
            let points: u64 = dist.iter().zip(1..).map(|(n, s)| n * s).sum();
            ScoreRow {
                by,
                score: Score {
                    answers,
                    mean: (answers > 0).then(|| points as f64 / answers as f64),
                    distribution: dist.to_vec(),
                },
            }
        })
        .collect();

    CustomersReport {
        period,
        by_channel,
        satisfaction,
        top_requests,
    }
}

impl ScoreBy {
    fn cells(&self) -> [String; 2] {
        match self {
            ScoreBy::All => ["all".into(), String::new()],
            ScoreBy::Kind(k) => ["kind".into(), name(k)],
            ScoreBy::Technician(t) => ["technician".into(), t.to_string()],
            ScoreBy::NoTechnician => ["technician".into(), String::new()],
            ScoreBy::Model(m) => ["model".into(), m.clone()],
        }
    }
}

impl CustomersReport {
    /// Every table of the report, for CSV export.
    pub fn tables(&self) -> Vec<Table> {
        let mut channels = Table::new("cases_by_channel", &["channel", "kind", "cases"]);
        for r in &self.by_channel {
            channels.push(vec![
                r.channel.as_str().to_owned(),
                r.kind.as_str().to_owned(),
                r.cases.to_string(),
            ]);
        }
        let mut sat = Table::new(
            "satisfaction",
            &[
                "by", "value", "answers", "mean", "score_1", "score_2", "score_3", "score_4",
                "score_5",
            ],
        );
        for r in &self.satisfaction {
            let [by, value] = r.by.cells();
            let mut row = vec![
                by,
                value,
                r.score.answers.to_string(),
                r.score.mean.map(|m| format!("{m:.2}")).unwrap_or_default(),
            ];
            row.extend(r.score.distribution.iter().map(u64::to_string));
            sat.push(row);
        }
        let mut req = Table::new("top_requests", &["kind", "model", "root_cause", "cases"]);
        for r in &self.top_requests {
            req.push(vec![
                r.kind.as_str().to_owned(),
                r.model.clone(),
                opt_name(&r.root_cause),
                r.cases.to_string(),
            ]);
        }
        vec![channels, sat, req]
    }
}

/// How many frequent problems a sales rep's briefing lists.
pub const BRIEFING_ROWS: usize = 5;

/// A sales rep's briefing: the report's most frequent requests about the
/// `models` her customers own, most cases first, at most [`BRIEFING_ROWS`].
pub fn briefing(report: &CustomersReport, models: &[&str]) -> Vec<RequestRow> {
    report
        .top_requests
        .iter()
        .filter(|r| models.contains(&r.model.as_str()))
        .take(BRIEFING_ROWS)
        .cloned()
        .collect()
}
