//! The information flow: the customer's words, hold, visit, diagnosis and
//! survey, the case's photos and signatures, then the timeline (time, who,
//! what), internal entries tagged, messages marked as coming in from the
//! customer or going out to them, and each attached image as a thumbnail.

use afterloop_domain::flow::info::Visibility;
use afterloop_domain::wire::Timeline;
use afterloop_domain::{Case, Event};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::case::{self as text, Info};
use crate::i18n::{errors, format, timeline, Lang};
use crate::labels;

use super::people::Names;
use super::photos::{Thumb, Thumbs};

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
    let names = Names::current();
    let mut facts: Vec<(&'static str, String)> = Vec::new();
    if let Some(h) = &case.hold {
        facts.push((t.on_hold, text::held_since(lang, &time(h.since), &h.reason)));
    }
    if let Some(d) = &case.dispatch {
        let visit = text::visit(lang, &names.name(&d.technician), &time(d.from), &time(d.to));
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
    let visits = visits_made(&case, timeline.as_ref().ok(), lang, &names);
    let description = (!case.description.is_empty()).then(|| case.description.clone());
    let id = case.id;
    let attachments = case.attachments.clone();
    let has_attachments = !attachments.is_empty();

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
            {(!visits.is_empty()).then(|| view! {
                <section class="visits" aria-labelledby="flow-visits-title">
                    <h3 id="flow-visits-title">{t.visits}</h3>
                    <ul class="visit-list">
                        {visits.into_iter().map(|(said, attachments)| view! {
                            <li class="visit-made">
                                <p>{said}</p>
                                {(!attachments.is_empty()).then(|| view! { <Thumbs case=id attachments/> })}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {has_attachments.then(|| view! {
                <section class="photos" aria-labelledby="flow-photos-title">
                    <h3 id="flow-photos-title">{t.photos}</h3>
                    <Thumbs case=id attachments/>
                </section>
            })}
            {children()}
            <h3>{t.timeline}</h3>
            {match timeline {
                Err(e) => view! { <p class="form-error" role="alert">{errors::api(&e, lang)}</p> }.into_any(),
                Ok(tl) if tl.events.is_empty() => view! { <p class="muted">{t.empty}</p> }.into_any(),
                Ok(tl) => view! {
                    <ol class="timeline">
                        {tl.events.into_iter().rev().map(|e| view! { <TimelineEntry case=id event=e/> }).collect_view()}
                    </ol>
                }
                .into_any(),
            }}
        </section>
    }
}

/// Each visit made on site, said in words, with the photos and signatures
/// its technician attached while there (from the timeline: who attached
/// each, and when).
fn visits_made(
    case: &Case,
    timeline: Option<&Timeline>,
    lang: afterloop_domain::case::Language,
    names: &Names,
) -> Vec<(String, Vec<afterloop_domain::flow::info::Attachment>)> {
    let attached: Vec<(&Event, &afterloop_domain::flow::info::Attachment)> = timeline
        .map(|tl| {
            tl.events
                .iter()
                .filter_map(|e| match &e.change {
                    afterloop_domain::Change::Attached(a) => Some((e, a)),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    case.visits
        .iter()
        .map(|v| {
            let left = v.checked_out.map(|at| format::time(at, lang));
            let said = text::visit_made(
                lang,
                &names.name(&v.technician),
                &format::time(v.checked_in, lang),
                left.as_deref(),
            );
            let during = attached
                .iter()
                .filter(|(e, _)| {
                    e.by == v.technician
                        && e.happened_at() >= v.checked_in
                        && v.checked_out.is_none_or(|out| e.happened_at() <= out)
                })
                .map(|(_, a)| (*a).clone())
                .collect();
            (said, during)
        })
        .collect()
}

#[component]
fn TimelineEntry(case: afterloop_domain::CaseId, event: Event) -> impl IntoView {
    let lang = Lang::current();
    let t = Info::get(lang);
    let names = Names::current();
    let internal = event.change.visibility() == Visibility::Internal;
    let direction = timeline::direction(&event.change, event.role);
    let name = names.name(&event.by);
    let who = timeline::who_named(&event.by, &name, event.role, lang);
    let what = timeline::describe_named(&event.change, event.role, &|u| names.name(u), lang);
    let image = match &event.change {
        afterloop_domain::Change::Attached(a) => Some(a.clone()),
        _ => None,
    };
    view! {
        <li
            class="event"
            class:internal=internal
            class:inbound=direction == Some(true)
            class:outbound=direction == Some(false)
        >
            <p class="event-head">
                <time>{format::time(event.happened_at(), lang)}</time>
                <span class="who">{who}</span>
                {internal.then(|| view! {
                    <span class="tag tag-internal">{labels::visibility(Visibility::Internal, lang)}</span>
                })}
                {direction.map(|inbound| if inbound {
                    view! { <span class="tag tag-inbound">"↙ " {t.inbound}</span> }.into_any()
                } else {
                    view! { <span class="tag tag-outbound">"↗ " {t.outbound}</span> }.into_any()
                })}
            </p>
            <p class="what">{what}</p>
            {image.map(|attachment| view! { <Thumb case attachment/> })}
        </li>
    }
}
