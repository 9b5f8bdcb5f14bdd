//! Dispatching a technician (`form#dispatch-form`): the visit date and the
//! arrival window, typed in China time (UTC+8) and sent as instants, then
//! who: no technician is chosen for the user (the one already booked
//! excepted), and each is listed with their visits on the chosen day.
//! The server moves the repair to "visit scheduled" as it books.

use afterloop_domain::access::Role;
use afterloop_domain::{Case, Command, Date, FieldError, UserId};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::shared::{
    china_date_in, china_time, sender, texts, Field, FormMessage, Input, Outcome, Submit,
};
use super::{user_options, Directory};
use crate::api;
use crate::i18n::case_actions::{booked, with_workload};
use crate::i18n::{format, Lang};
use crate::session::Session;
use std::collections::HashMap;

use super::super::people::Names;

/// How long a technician's count of visits on a day is reused: the form is
/// shown again after every action on the page, and the counts are a list
/// (read from KV, which may lag as long anyway).
const WORKLOAD_MS: f64 = 60_000.0;

/// Visits per (technician, day) as last counted, and when.
type Workloads = HashMap<(String, String), ((usize, bool), f64)>;

thread_local! {
    static WORKLOAD: std::cell::RefCell<Workloads> = std::cell::RefCell::new(HashMap::new());
}

fn workload_kept(name: &str, day: &str) -> Option<(usize, bool)> {
    WORKLOAD.with(|w| {
        w.borrow()
            .get(&(name.to_owned(), day.to_owned()))
            .filter(|(_, at)| js_sys::Date::now() - at < WORKLOAD_MS)
            .map(|(count, _)| *count)
    })
}

fn keep_workload(name: &str, day: &str, count: (usize, bool)) {
    WORKLOAD.with(|w| {
        w.borrow_mut().insert(
            (name.to_owned(), day.to_owned()),
            (count, js_sys::Date::now()),
        )
    });
}

/// The form.
#[component]
pub fn DispatchForm(case: Case, users: Directory, changed: Callback<()>) -> impl IntoView {
    let t = texts();
    let outcome = Outcome::new(&["technician", "date", "from", "to"]);
    let action = sender(case.id, outcome, changed);
    let pending = action.pending();
    let visit = case.dispatch.clone();
    let technician = RwSignal::new(String::new());
    let booked_now = visit.as_ref().map(|d| d.technician.as_ref().to_owned());
    if let Some(name) = &booked_now {
        technician.set(name.clone());
    }
    let date = RwSignal::new(china_date_in(1).to_string());
    let from = RwSignal::new("09:00".to_owned());
    let to = RwSignal::new("12:00".to_owned());
    // Each technician's visits on the chosen day (`None` while counting).
    let session = Session::get();
    let workload = LocalResource::new(move || {
        let day = date.get();
        let names: Vec<String> = users
            .get()
            .and_then(Result::ok)
            .map(|d| {
                d.users
                    .iter()
                    .filter(|u| u.role == Role::Technician)
                    .map(|u| u.name.as_ref().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        async move {
            let mut counts = HashMap::new();
            if Date::parse(&day).is_err() {
                return counts;
            }
            for name in names {
                if let Some(count) = workload_kept(&name, &day) {
                    counts.insert(name, count);
                } else if let Ok(count) = api::visits_on(session, &name, &day, 100).await {
                    keep_workload(&name, &day, count);
                    counts.insert(name, count);
                }
            }
            counts
        }
    });
    let choice = move || {
        let lang = Lang::current();
        let counts = workload.get();
        users
            .get()
            .map(|found| match user_options(found, &[Role::Technician]) {
                Ok(options) => {
                    let mut listed: Vec<(String, String)> = Vec::new();
                    if technician.with_untracked(String::is_empty) {
                        listed.push((String::new(), t.choose_technician.to_owned()));
                    }
                    listed.extend(options.into_iter().map(|(name, label)| {
                        let label = match counts.as_ref().and_then(|c| c.get(&name)) {
                            Some(&(n, more)) => with_workload(lang, &label, n, more),
                            None => label,
                        };
                        (name, label)
                    }));
                    view! {
                        <Field
                            id="act-dispatch-technician"
                            label=t.technician.to_owned()
                            value=technician
                            error=outcome.field("technician")
                            input=Input::Choice(listed)
                        />
                    }
                    .into_any()
                }
                Err(message) => {
                    view! { <p class="form-error" role="alert">{message}</p> }.into_any()
                }
            })
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let t = texts();
        let mut errors = Vec::new();
        let who = UserId::parse(technician.get_untracked().trim())
            .map_err(|_| errors.push(FieldError::new("technician", "invalid", t.choose_user)))
            .ok();
        let day = Date::parse(&date.get_untracked())
            .map_err(|_| errors.push(FieldError::new("date", "invalid", t.date_invalid)))
            .ok();
        let window = day.and_then(|day| {
            let start = china_time(day, "from", &from.get_untracked())
                .map_err(|e| errors.push(e))
                .ok();
            let end = china_time(day, "to", &to.get_untracked())
                .map_err(|e| errors.push(e))
                .ok();
            match (start, end) {
                (Some(s), Some(e)) if e <= s => {
                    errors.push(FieldError::new("to", "order", t.window_order));
                    None
                }
                (Some(s), Some(e)) => Some((s, e)),
                _ => None,
            }
        });
        match (who, window) {
            (Some(technician), Some((from, to))) if errors.is_empty() => {
                outcome.clear();
                WORKLOAD.with(|w| w.borrow_mut().clear());
                action.dispatch(Command::Dispatch {
                    technician,
                    from,
                    to,
                });
            }
            _ => outcome.refuse(errors),
        }
    };
    let now = visit.map(|d| {
        let lang = Lang::current();
        booked(
            lang,
            &Names::current().name(&d.technician),
            &format::time(d.from, lang),
            &format::time(d.to, lang),
        )
    });
    view! {
        <form id="dispatch-form" class="act-form" on:submit=on_submit novalidate>
            <FormMessage outcome/>
            {now.map(|n| view! { <p class="muted small">{n}</p> })}
            <div class="act-row act-window">
                <Field
                    id="act-dispatch-date"
                    label=t.visit_date.to_owned()
                    value=date
                    error=outcome.field("date")
                    input=Input::Line("date")
                />
                <Field
                    id="act-dispatch-from"
                    label=t.window_from.to_owned()
                    value=from
                    error=outcome.field("from")
                    input=Input::Line("time")
                />
                <Field
                    id="act-dispatch-to"
                    label=t.window_to.to_owned()
                    value=to
                    error=outcome.field("to")
                    input=Input::Line("time")
                />
            </div>
            <p class="field-hint">{t.window_hint}</p>
            {choice}
            <Submit id="act-dispatch-submit" label=t.dispatch_submit pending/>
        </form>
    }
}
