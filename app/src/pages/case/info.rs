//! The information flow: the customer's words, hold, visit, diagnosis and
//! survey, then the timeline (time, who, what), internal entries tagged.

use afterloop_domain::flow::info::Visibility;
use afterloop_domain::wire::Timeline;
use afterloop_domain::{Case, Change, Event};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::format_time;
use crate::labels;

/// The words of the section.
mod text {
    pub const HEADING: &str = "Information";
    pub const DESCRIPTION: &str = "Customer's description";
    pub const TIMELINE: &str = "Timeline";
    pub const EMPTY: &str = "Nothing on the timeline yet.";
}

/// The section; `children` is the note form, when the user may write one.
#[component]
pub fn InfoFlow(
    case: Case,
    timeline: Result<Timeline, ApiError>,
    /// Whether the reader sees internal details (diagnosis).
    internal: bool,
    children: Children,
) -> impl IntoView {
    let mut facts: Vec<(&'static str, String)> = Vec::new();
    if let Some(h) = &case.hold {
        facts.push((
            "On hold",
            format!("since {}: {}", format_time(h.since), h.reason),
        ));
    }
    if let Some(d) = &case.dispatch {
        facts.push((
            "Visit",
            format!(
                "{} from {} to {}",
                d.technician,
                format_time(d.from),
                format_time(d.to)
            ),
        ));
    }
    if let Some(d) = case.diagnosis.as_ref().filter(|_| internal) {
        let part = d
            .failed_part
            .as_ref()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default();
        facts.push((
            "Diagnosis",
            format!(
                "{}{part}: {}",
                labels::root_cause(d.root_cause),
                d.resolution
            ),
        ));
    }
    if let Some(s) = &case.survey {
        facts.push(("Survey", format!("{}/5 {}", s.score, s.comment)));
    }
    let description = (!case.description.is_empty()).then(|| case.description.clone());

    view! {
        <section class="card flow flow-info" aria-labelledby="flow-info-title">
            <h2 id="flow-info-title">{text::HEADING}</h2>
            {description.map(|d| view! {
                <figure class="description">
                    <figcaption class="muted">{text::DESCRIPTION}</figcaption>
                    <blockquote>{d}</blockquote>
                </figure>
            })}
            {(!facts.is_empty()).then(|| view! {
                <dl class="facts">
                    {facts.into_iter().map(|(t, v)| view! { <dt>{t}</dt> <dd>{v}</dd> }).collect_view()}
                </dl>
            })}
            {children()}
            <h3>{text::TIMELINE}</h3>
            {match timeline {
                Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                Ok(t) if t.events.is_empty() => view! { <p class="muted">{text::EMPTY}</p> }.into_any(),
                Ok(t) => view! {
                    <ol class="timeline">
                        {t.events.into_iter().rev().map(|e| view! { <TimelineEntry event=e/> }).collect_view()}
                    </ol>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn TimelineEntry(event: Event) -> impl IntoView {
    let internal = event.change.visibility() == Visibility::Internal;
    view! {
        <li class="event" class:internal=internal>
            <p class="event-head">
                <time>{format_time(event.at)}</time>
                <span class="who">{format!("{} · {}", event.by, labels::role(event.role))}</span>
                {internal.then(|| view! { <span class="tag tag-internal">{labels::visibility(Visibility::Internal)}</span> })}
            </p>
            <p class="what">{what(&event.change)}</p>
        </li>
    }
}

/// What an event did, in a sentence.
fn what(change: &Change) -> String {
    let suffix =
        |note: &Option<String>| note.as_ref().map(|n| format!(": {n}")).unwrap_or_default();
    match change {
        Change::Opened { case, .. } => format!(
            "Opened the case ({}, via {})",
            labels::kind(case.kind),
            labels::channel(case.channel)
        ),
        Change::Moved { from, to, note } => format!(
            "Moved from {} to {}{}",
            labels::stage(*from),
            labels::stage(*to),
            suffix(note)
        ),
        Change::NoteAdded { text, visibility } => match visibility {
            Visibility::Internal => format!("Note: {text}"),
            Visibility::Public => format!("Message to the customer: {text}"),
        },
        Change::OwnerAssigned { owner } => format!("Assigned to {owner}"),
        Change::Dispatched(d) => format!(
            "Booked {} for {} to {}",
            d.technician,
            format_time(d.from),
            format_time(d.to)
        ),
        Change::Held { reason } => format!("Put on hold: {reason}"),
        Change::Resumed => "Resumed after the hold".to_owned(),
        Change::MovementRecorded(m) => format!(
            "Recorded movement #{}: {} ({}), {}",
            m.id,
            labels::movement_kind(m.kind),
            m.item,
            labels::direction(m.direction)
        ),
        Change::MovementAdvanced {
            movement,
            to,
            carrier,
            tracking,
        } => {
            let via = match (carrier, tracking) {
                (Some(c), Some(t)) => format!(" via {c} ({t})"),
                (Some(c), None) => format!(" via {c}"),
                (None, Some(t)) => format!(" ({t})"),
                (None, None) => String::new(),
            };
            format!(
                "Movement #{movement}: {}{via}",
                labels::movement_state(*to).to_lowercase()
            )
        }
        Change::MoneyRequested(e) => format!(
            "Requested {} #{} of {}: {}",
            labels::entry_kind(e.kind).to_lowercase(),
            e.id,
            e.amount,
            e.reason
        ),
        Change::MoneyApproved { entry } => format!("Approved money entry #{entry}"),
        Change::MoneyRejected { entry, reason } => {
            format!("Rejected money entry #{entry}: {reason}")
        }
        Change::MoneyPaid { entry, reference } if reference.is_empty() => {
            format!("Paid money entry #{entry}")
        }
        Change::MoneyPaid { entry, reference } => {
            format!("Paid money entry #{entry} (ref. {reference})")
        }
        Change::Diagnosed(d) => format!(
            "Diagnosis: {} — {}",
            labels::root_cause(d.root_cause),
            d.resolution
        ),
        Change::PriorityChanged { priority } => {
            format!("Priority set to {}", labels::priority(*priority))
        }
        Change::Attached(a) => format!("Attached {:?} {} ({} bytes)", a.kind, a.name, a.size),
        Change::NotificationsSent { ids } => match ids.len() {
            1 => "Sent 1 notification to the customer".to_owned(),
            n => format!("Sent {n} notifications to the customer"),
        },
        Change::SurveyAnswered { score, comment } => {
            format!("Survey answered: {score}/5 {comment}")
        }
    }
}
