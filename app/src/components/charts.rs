//! Charts drawn as inline SVG (no script library): a Pareto chart (bars
//! with a cumulative line), a trend chart (lines over periods) and a
//! histogram (age buckets). Each scales to its container's width through
//! `viewBox`, prints as vector graphics, and carries a `<title>` and text
//! labels so it reads without colour.

use leptos::prelude::*;

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 44.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;
/// The height of a line of a wrapped label.
const LINE: f64 = 13.0;
/// How far labels too wide for their bar are slanted.
const SLANT_DEGREES: f64 = 60.0;

/// One bar of a Pareto chart: its label, its count, and the cumulative
/// share up to it in percent.
#[derive(Debug, Clone, PartialEq)]
pub struct ParetoPoint {
    /// The category (a root cause's name).
    pub label: String,
    /// Cases.
    pub count: u64,
    /// Cumulative share in percent (0–100).
    pub cumulative_pct: f64,
}

/// A named series of values, one per x label.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The legend's name.
    pub name: String,
    /// The CSS class giving its colour (`series-a`, `series-b`).
    pub class: &'static str,
    /// One value per label.
    pub values: Vec<f64>,
}

fn nice_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    // Four grid steps of 1, 2 or 5 times a power of ten (at least 1).
    let quarter = (max / 4.0).max(1.0);
    let magnitude = 10f64.powf(quarter.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|s| s * magnitude)
        .find(|s| *s >= quarter)
        .unwrap_or(magnitude * 10.0);
    step * 4.0
}

/// The label cut to what fits in `width` user units.
fn short(label: &str, width: f64) -> String {
    let fits = ((width / 6.5) as usize).max(4);
    if label.chars().count() > fits {
        let s: String = label.chars().take(fits - 1).collect();
        format!("{s}…")
    } else {
        label.to_owned()
    }
}

/// How many user units a character takes at the labels' size: Chinese
/// characters are about twice as wide as Latin letters.
fn char_width(c: char) -> f64 {
    if c.is_ascii() {
        6.5
    } else {
        12.0
    }
}

/// How wide `text` is in user units at the labels' size.
fn text_width(text: &str) -> f64 {
    text.chars().map(char_width).sum()
}

/// The label broken into lines of whole words that fit `width` user units
/// (a word wider than that stands on its own line).
fn wrapped(label: &str, width: f64) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in label.split(' ') {
        let joined = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if text_width(&joined) <= width || line.is_empty() {
            line = joined;
        } else {
            out.push(std::mem::replace(&mut line, word.to_owned()));
        }
    }
    out.push(line);
    out
}

/// The labels under the bars, whole: each wrapped by words under its bar
/// when every word fits the bar's slot, else every label on one line
/// slanted down to the left. Returns their text and how much taller the
/// chart must be for them.
fn bar_labels(labels: &[&str], slot: f64, xs: &[f64]) -> (Vec<AnyView>, f64) {
    let room = slot - 4.0;
    let words_fit = labels
        .iter()
        .all(|l| l.split(' ').all(|w| text_width(w) <= room));
    let y = H - BOTTOM + 16.0;
    if words_fit {
        let lines: Vec<Vec<String>> = labels.iter().map(|l| wrapped(l, room)).collect();
        let most = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let views = lines
            .into_iter()
            .zip(xs)
            .map(|(lines, &x)| {
                view! {
                    <text class="chart-label" x=x y=y text-anchor="middle">
                        {lines.into_iter().enumerate().map(|(k, l)| view! {
                            <tspan x=x dy=if k == 0 { 0.0 } else { LINE }>{l}</tspan>
                        }).collect_view()}
                    </text>
                }
                .into_any()
            })
            .collect();
        (views, (most - 1) as f64 * LINE)
    } else {
        let longest = labels.iter().map(|l| text_width(l)).fold(0.0, f64::max);
        let (sin, _) = SLANT_DEGREES.to_radians().sin_cos();
        let views = labels
            .iter()
            .zip(xs)
            .map(|(l, &x)| {
                view! {
                    <text class="chart-label" x=x + 4.0 y=y - 6.0 text-anchor="end"
                        transform=format!("rotate(-{SLANT_DEGREES} {} {})", x + 4.0, y - 6.0)>
                        {(*l).to_owned()}
                    </text>
                }
                .into_any()
            })
            .collect();
        (views, (longest * sin - 16.0).max(0.0))
    }
}

/// Horizontal grid lines with their values on the left axis.
fn grid(max: f64) -> impl IntoView {
    (0..=4)
        .map(|i| {
            let v = max * f64::from(i) / 4.0;
            let y = TOP + (H - TOP - BOTTOM) * (1.0 - f64::from(i) / 4.0);
            view! {
                <line class="chart-grid" x1=LEFT x2=W - RIGHT y1=y y2=y/>
                <text class="chart-axis" x=LEFT - 6.0 y=y + 4.0 text-anchor="end">
                    {format!("{}", (v * 10.0).round() / 10.0)}
                </text>
            }
        })
        .collect_view()
}

/// Bars by count, largest first, with the cumulative share as a line on a
/// 0–100 % right axis.
#[component]
pub fn ParetoChart(
    /// Accessible title.
    title: String,
    /// The bars, in Pareto order.
    points: Vec<ParetoPoint>,
) -> impl IntoView {
    let n = points.len().max(1) as f64;
    let max = nice_max(points.iter().map(|p| p.count as f64).fold(0.0, f64::max));
    let plot_h = H - TOP - BOTTOM;
    let slot = (W - LEFT - RIGHT) / n;
    let centres: Vec<f64> = (0..points.len())
        .map(|i| LEFT + slot * (i as f64 + 0.5))
        .collect();
    let names: Vec<&str> = points.iter().map(|p| p.label.as_str()).collect();
    let (label_views, extra) = bar_labels(&names, slot, &centres);
    let bar_w = slot * 0.6;
    let y_of = |v: f64| TOP + plot_h * (1.0 - v / max);
    let y_pct = |p: f64| TOP + plot_h * (1.0 - p / 100.0);
    let line: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                "{:.1},{:.1}",
                LEFT + slot * (i as f64 + 0.5),
                y_pct(p.cumulative_pct)
            )
        })
        .collect();
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x = LEFT + slot * i as f64 + (slot - bar_w) / 2.0;
            let y = y_of(p.count as f64);
            let cx = LEFT + slot * (i as f64 + 0.5);
            view! {
                <rect class="chart-bar" x=x y=y width=bar_w height=(TOP + plot_h - y).max(0.0)>
                    <title>{format!("{}: {}", p.label, p.count)}</title>
                </rect>
                <text class="chart-value" x=cx y=y - 4.0 text-anchor="middle">{p.count}</text>
                <circle class="chart-dot" cx=cx cy=y_pct(p.cumulative_pct) r="3"/>
            }
        })
        .collect_view();
    let right_axis = (0..=4)
        .map(|i| {
            let p = f64::from(i) * 25.0;
            view! {
                <text class="chart-axis" x=W - RIGHT + 6.0 y=y_pct(p) + 4.0>{format!("{p}%")}</text>
            }
        })
        .collect_view();
    let label = title.clone();
    view! {
        <svg class="chart chart-pareto" viewBox=format!("0 0 {W} {}", H + extra) role="img" aria-label=label>
            <title>{title}</title>
            {grid(max)}
            {bars}
            {label_views}
            <polyline class="chart-line" points=line.join(" ")/>
            {right_axis}
        </svg>
    }
}

/// Lines over labelled periods (oldest first), with a legend.
#[component]
pub fn TrendChart(
    /// Accessible title.
    title: String,
    /// One label per x position.
    labels: Vec<String>,
    /// The lines.
    series: Vec<Series>,
) -> impl IntoView {
    let n = labels.len().max(2) as f64;
    let max = nice_max(
        series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .fold(0.0, f64::max),
    );
    let plot_h = H - TOP - BOTTOM;
    // A single period stands in the middle rather than against the axis.
    let single = labels.len() == 1;
    let x_of = move |i: usize| {
        if single {
            LEFT + (W - LEFT - RIGHT) / 2.0
        } else {
            LEFT + (W - LEFT - RIGHT) * i as f64 / (n - 1.0)
        }
    };
    let y_of = move |v: f64| TOP + plot_h * (1.0 - v / max);
    let lines = series
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let points: Vec<String> = s
                .values
                .iter()
                .enumerate()
                .map(|(i, v)| format!("{:.1},{:.1}", x_of(i), y_of(*v)))
                .collect();
            let dots = s
                .values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    view! {
                        <circle class=format!("chart-dot {}", s.class) cx=x_of(i) cy=y_of(*v) r="3">
                            <title>{format!("{}: {v}", s.name)}</title>
                        </circle>
                    }
                })
                .collect_view();
            let ly = TOP + 4.0;
            let lx = W - RIGHT - 120.0 * (k as f64 + 1.0);
            view! {
                <polyline class=format!("chart-line {}", s.class) points=points.join(" ")/>
                {dots}
                <rect class=format!("chart-key {}", s.class) x=lx y=ly - 9.0 width="12" height="12"/>
                <text class="chart-label" x=lx + 18.0 y=ly + 1.0>{s.name.clone()}</text>
            }
        })
        .collect_view();
    let ticks = labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            view! {
                <text class="chart-label" x=x_of(i) y=H - BOTTOM + 16.0 text-anchor="middle">{l.clone()}</text>
            }
        })
        .collect_view();
    let label = title.clone();
    view! {
        <svg class="chart chart-trend" viewBox=format!("0 0 {W} {H}") role="img" aria-label=label>
            <title>{title}</title>
            {grid(max)}
            {ticks}
            {lines}
        </svg>
    }
}

/// Vertical bars, one per bucket, in the order given.
#[component]
pub fn Histogram(
    /// Accessible title.
    title: String,
    /// (bucket label, value).
    buckets: Vec<(String, f64)>,
) -> impl IntoView {
    let n = buckets.len().max(1) as f64;
    let max = nice_max(buckets.iter().map(|b| b.1).fold(0.0, f64::max));
    let plot_h = H - TOP - BOTTOM;
    let slot = (W - LEFT - RIGHT) / n;
    let bars = buckets
        .iter()
        .enumerate()
        .map(|(i, (label, v))| {
            let y = TOP + plot_h * (1.0 - v / max);
            let cx = LEFT + slot * (i as f64 + 0.5);
            view! {
                <rect class="chart-bar chart-hist" x=LEFT + slot * i as f64 + 2.0 y=y width=(slot - 4.0).max(1.0) height=(TOP + plot_h - y).max(0.0)>
                    <title>{format!("{label}: {v}")}</title>
                </rect>
                <text class="chart-value" x=cx y=y - 4.0 text-anchor="middle">{v.to_string()}</text>
                <text class="chart-label" x=cx y=H - BOTTOM + 16.0 text-anchor="middle">{short(label, slot)}</text>
            }
        })
        .collect_view();
    let label = title.clone();
    view! {
        <svg class="chart chart-histogram" viewBox=format!("0 0 {W} {H}") role="img" aria-label=label>
            <title>{title}</title>
            {grid(max)}
            {bars}
        </svg>
    }
}
