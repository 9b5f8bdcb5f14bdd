//! The information flow: the customer's words, hold, visit, diagnosis and
//! survey, then the timeline (time, who, what), internal entries tagged.

use afterloop_domain::flow::info::Visibility;
use afterloop_domain::wire::Timeline;
use afterloop_domain::{Case, Event};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::case::{self as text, Info};
use crate::i18n::{errors, format, timeline, Lang};
use crate::labels;

/// The section; `children` is the note form, when the user may write one.
#[component]
pub fn InfoFlow(
    case: Case,
    timeline: Result<Timeline, ApiError>,
    /// Whether the reader sees internal details (diagnosis).
    internal: bool,
    children: Children,
) -> impl IntoView {
    let lang = Lang::current();
    let t = Info::get(lang);
    let time = |at| format::time(at, lang);
    let mut facts: Vec<(&'static str, String)> = Vec::new();
    if let Some(h) = &case.hold {
        facts.push((t.on_hold, text::held_since(lang, &time(h.since), &h.reason)));
    }
    if let Some(d) = &case.dispatch {
        let visit = text::visit(lang, d.technician.as_ref(), &time(d.from), &time(d.to));
        facts.push((t.visit, visit));
    }
    if let Some(d) = case.diagnosis.as_ref().filter(|_| internal) {
        let cause = labels::root_cause(d.root_cause, lang);
        let diagnosis = text::diagnosis(lang, cause, d.failed_part.as_deref(), &d.resolution);
        facts.push((t.diagnosis, diagnosis));
    }
    if let Some(s) = &case.survey {
        facts.push((t.survey, text::survey(lang, s.score, &s.comment)));
    }
    let description = (!case.description.is_empty()).then(|| case.description.clone());

    view! {
        <section class="card flow flow-info" aria-labelledby="flow-info-title">
            <h2 id="flow-info-title">{t.heading}</h2>
            {description.map(|d| view! {
                <figure class="description">
                    <figcaption class="muted">{t.description}</figcaption>
                    <blockquote>{d}</blockquote>
                </figure>
            })}
            {(!facts.is_empty()).then(|| view! {
                <dl class="facts">
                    {facts.into_iter().map(|(term, v)| view! { <dt>{term}</dt> <dd>{v}</dd> }).collect_view()}
                </dl>
            })}
            {children()}
            <h3>{t.timeline}</h3>
            {match timeline {
                Err(e) => view! { <p class="form-error" role="alert">{errors::api(&e, lang)}</p> }.into_any(),
                Ok(tl) if tl.events.is_empty() => view! { <p class="muted">{t.empty}</p> }.into_any(),
                Ok(tl) => view! {
                    <ol class="timeline">
                        {tl.events.into_iter().rev().map(|e| view! { <TimelineEntry event=e/> }).collect_view()}
                    </ol>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn TimelineEntry(event: Event) -> impl IntoView {
    let lang = Lang::current();
    let internal = event.change.visibility() == Visibility::Internal;
    view! {
        <li class="event" class:internal=internal>
            <p class="event-head">
                <time>{format::time(event.happened_at(), lang)}</time>
                <span class="who">{timeline::who(&event.by, event.role, lang)}</span>
                {internal.then(|| view! {
                    <span class="tag tag-internal">{labels::visibility(Visibility::Internal, lang)}</span>
                })}
            </p>
            <p class="what">{timeline::describe(&event.change, lang)}</p>
        </li>
    }
}
