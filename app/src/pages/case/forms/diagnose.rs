//! The diagnosis (`form#diagnose-form`): the root cause quality counts,
//! the failed part and what was done. A recorded diagnosis fills the form,
//! so correcting it is a small edit.

use afterloop_domain::flow::info::RootCause;
use afterloop_domain::{Case, Command, FieldError};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::shared::{
    optional, required, sender, texts, Field, FormMessage, Input, Outcome, Submit,
};
use crate::i18n::Lang;
use crate::labels;

/// Every root cause with its wire name, in the order the select lists them.
const CAUSES: [(RootCause, &str); 10] = [
    (RootCause::ComponentFailure, "component_failure"),
    (RootCause::ManufacturingDefect, "manufacturing_defect"),
    (RootCause::Firmware, "firmware"),
    (RootCause::Installation, "installation"),
    (RootCause::Misuse, "misuse"),
    (RootCause::TransportDamage, "transport_damage"),
    (RootCause::Environment, "environment"),
    (RootCause::NoFaultFound, "no_fault_found"),
    (RootCause::WrongItemOrdered, "wrong_item_ordered"),
    (RootCause::Other, "other"),
];

/// The form.
#[component]
pub fn DiagnoseForm(case: Case, changed: Callback<()>) -> impl IntoView {
    let t = texts();
    let outcome = Outcome::new(&["root_cause", "failed_part", "resolution"]);
    let action = sender(case.id, outcome, changed);
    let pending = action.pending();
    let known = case.diagnosis.clone();
    let wire = |c: RootCause| CAUSES.iter().find(|(x, _)| *x == c).map_or("", |(_, n)| n);
    let cause = RwSignal::new(known.as_ref().map_or("", |d| wire(d.root_cause)).to_owned());
    let part = RwSignal::new(
        known
            .as_ref()
            .and_then(|d| d.failed_part.clone())
            .unwrap_or_default(),
    );
    let resolution = RwSignal::new(known.map(|d| d.resolution).unwrap_or_default());
    let mut options = vec![("", t.choose)];
    let lang = Lang::current();
    options.extend(
        CAUSES
            .iter()
            .map(|&(c, name)| (name, labels::root_cause(c, lang))),
    );
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut errors = Vec::new();
        let chosen = cause.get_untracked();
        let root_cause = CAUSES.iter().find(|(_, n)| *n == chosen).map(|(c, _)| *c);
        if root_cause.is_none() {
            errors.push(FieldError::new(
                "root_cause",
                "required",
                texts().choose_cause,
            ));
        }
        let text = required("resolution", resolution)
            .map_err(|e| errors.push(e))
            .ok();
        match (root_cause, text) {
            (Some(root_cause), Some(resolution)) => {
                outcome.clear();
                action.dispatch(Command::Diagnose {
                    root_cause,
                    failed_part: optional(part),
                    resolution,
                });
            }
            _ => outcome.refuse(errors),
        }
    };
    view! {
        <form id="diagnose-form" class="act-form" on:submit=on_submit novalidate>
            <FormMessage outcome/>
            <div class="act-row">
                <Field
                    id="act-diagnose-cause"
                    label=t.root_cause.to_owned()
                    value=cause
                    error=outcome.field("root_cause")
                    input=Input::fixed(&options)
                />
                <Field
                    id="act-diagnose-part"
                    label=t.failed_part.to_owned()
                    value=part
                    error=outcome.field("failed_part")
                    input=Input::Line("text")
                />
            </div>
            <Field
                id="act-diagnose-resolution"
                label=t.resolution.to_owned()
                value=resolution
                error=outcome.field("resolution")
                input=Input::Lines
            />
            <Submit id="act-diagnose-submit" label=t.diagnose_submit pending/>
        </form>
    }
}
