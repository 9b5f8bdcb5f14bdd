//! The goods flow's actions: recording a movement (`form#movement-form`)
//! and, on each movement, one button per state it may go to next
//! (`button.advance[data-movement=N][data-to=state]`).

use afterloop_domain::flow::goods::{Direction, Movement, MovementKind, MovementState};
use afterloop_domain::flow::info::upload_name;
use afterloop_domain::{CaseId, Command, MovementNo};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::i18n::case_actions::advance_group;
use crate::i18n::Lang;
use crate::labels;

use super::shared::{
    optional, required, sender, texts, Field, FormMessage, Input, Outcome, Submit,
};

const KINDS: [(MovementKind, &str); 4] = [
    (MovementKind::DefectiveUnit, "defective_unit"),
    (MovementKind::ReplacementUnit, "replacement_unit"),
    (MovementKind::RepairedUnit, "repaired_unit"),
    (MovementKind::SparePart, "spare_part"),
];

fn direction_name(d: Direction) -> &'static str {
    match d {
        Direction::CustomerToCompany => "customer_to_company",
        Direction::CompanyToCustomer => "company_to_customer",
        Direction::StockToSite => "stock_to_site",
    }
}

/// The ways a kind of goods may move (the engine refuses the others).
fn directions(kind: MovementKind) -> &'static [Direction] {
    match kind {
        MovementKind::DefectiveUnit => &[Direction::CustomerToCompany],
        MovementKind::ReplacementUnit | MovementKind::RepairedUnit => {
            &[Direction::CompanyToCustomer]
        }
        MovementKind::SparePart => &[Direction::StockToSite, Direction::CompanyToCustomer],
    }
}

fn state_name(s: MovementState) -> &'static str {
    match s {
        MovementState::Authorised => "authorised",
        MovementState::Shipped => "shipped",
        MovementState::Received => "received",
        MovementState::Inspected => "inspected",
        MovementState::Consumed => "consumed",
    }
}

/// The form that records a movement.
#[component]
pub fn MovementForm(id: CaseId, changed: Callback<()>) -> impl IntoView {
    let t = texts();
    let lang = Lang::current();
    let outcome = Outcome::new(&["kind", "direction", "item", "serial", "carrier", "tracking"]);
    let action = sender(id, outcome, changed);
    let pending = action.pending();
    let kind = RwSignal::new(KINDS[0].0);
    let direction = RwSignal::new(directions(KINDS[0].0)[0]);
    let item = RwSignal::new(String::new());
    let serial = RwSignal::new(String::new());
    let carrier = RwSignal::new(String::new());
    let tracking = RwSignal::new(String::new());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match required("item", item) {
            Ok(item) => {
                outcome.clear();
                action.dispatch(Command::RecordMovement {
                    kind: kind.get_untracked(),
                    direction: direction.get_untracked(),
                    item,
                    serial: optional(serial),
                    quantity: None,
                    carrier: optional(carrier),
                    tracking: optional(tracking),
                    order_ref: None,
                    cost: None,
                });
            }
            Err(e) => outcome.refuse(vec![e]),
        }
    };
    let kind_error = outcome.field("kind");
    let direction_error = outcome.field("direction");
    view! {
        <form id="movement-form" class="act-form" on:submit=on_submit novalidate>
            <FormMessage outcome/>
            // One above the other: "customer → company" needs the width.
            <div class="act-row act-stack">
                <div class="field" class:invalid=move || kind_error.with(Option::is_some)>
                    <label for="act-movement-kind">{t.movement_kind}</label>
                    <select
                        id="act-movement-kind"
                        aria-describedby="act-movement-kind-error"
                        on:change:target=move |ev| {
                            let value = ev.target().value();
                            if let Some((k, _)) = KINDS.iter().find(|(_, n)| *n == value) {
                                kind.set(*k);
                                direction.set(directions(*k)[0]);
                            }
                        }
                    >
                        {KINDS
                            .into_iter()
                            .map(|(k, name)| view! {
                                <option value=name prop:selected=move || kind.get() == k>{labels::movement_kind(k, lang)}</option>
                            })
                            .collect_view()}
                    </select>
                    <p class="field-error" id="act-movement-kind-error">{move || kind_error.get()}</p>
                </div>
                <div class="field" class:invalid=move || direction_error.with(Option::is_some)>
                    <label for="act-movement-direction">{t.movement_direction}</label>
                    <select
                        id="act-movement-direction"
                        aria-describedby="act-movement-direction-error"
                        on:change:target=move |ev| {
                            let value = ev.target().value();
                            if let Some(d) = directions(kind.get_untracked())
                                .iter()
                                .find(|d| direction_name(**d) == value)
                            {
                                direction.set(*d);
                            }
                        }
                    >
                        {move || {
                            directions(kind.get())
                                .iter()
                                .map(|&d| view! {
                                    <option value=direction_name(d) prop:selected=move || direction.get() == d>
                                        {labels::direction(d, lang)}
                                    </option>
                                })
                                .collect_view()
                        }}
                    </select>
                    <p class="field-error" id="act-movement-direction-error">{move || direction_error.get()}</p>
                </div>
            </div>
            <div class="act-row">
                <Field id="act-movement-item" label=t.movement_item.to_owned() value=item
                    error=outcome.field("item") input=Input::Line("text")/>
                <Field id="act-movement-serial" label=t.movement_serial.to_owned() value=serial
                    error=outcome.field("serial") input=Input::Line("text")/>
            </div>
            <div class="act-row">
                <Field id="act-movement-carrier" label=t.movement_carrier.to_owned() value=carrier
                    error=outcome.field("carrier") input=Input::Line("text")/>
                <Field id="act-movement-tracking" label=t.movement_tracking.to_owned() value=tracking
                    error=outcome.field("tracking") input=Input::Line("text")/>
            </div>
            <Submit id="act-movement-submit" label=t.movement_submit pending/>
        </form>
    }
}

/// The buttons that advance one movement, one per state it may go to next.
#[component]
pub fn AdvanceButtons(id: CaseId, movement: Movement, changed: Callback<()>) -> impl IntoView {
    let t = texts();
    let next = movement.state.next(movement.kind);
    if next.is_empty() {
        return ().into_any();
    }
    let outcome = Outcome::new(&[]);
    let action = sender(id, outcome, changed);
    let pending = action.pending();
    let n = movement.id;
    view! {
        <div class="act-advance" role="group" aria-label=advance_group(Lang::current(), n)>
            <FormMessage outcome/>
            {next
                .iter()
                .map(|&to| view! {
                    <button
                        type="button"
                        class="secondary advance"
                        data-movement=n
                        data-to=state_name(to)
                        disabled=move || pending.get()
                        on:click=move |_| {
                            outcome.clear();
                            action.dispatch(Command::AdvanceMovement {
                                movement: n,
                                to,
                                carrier: None,
                                tracking: None,
                            });
                        }
                    >
                        {t.advance(to)}
                    </button>
                })
                .collect_view()}
        </div>
    }
    .into_any()
}

/// A photo of one movement (a shipment's label, a unit as it arrived):
/// picked, made a JPEG of at most the phone's size, and uploaded naming the
/// movement, under the picked file's name.
#[component]
pub fn MovementPhoto(id: CaseId, movement: MovementNo, changed: Callback<()>) -> impl IntoView {
    let lang = Lang::current();
    let t = crate::i18n::case::Goods::get(lang);
    let session = crate::session::Session::get();
    let outcome = Outcome::new(&[]);
    let busy = RwSignal::new(false);
    let input_id = format!("movement-photo-{movement}");
    let pick = move |ev: leptos::ev::Event| {
        let Some(file) = crate::components::picked_file(&ev) else {
            return;
        };
        busy.set(true);
        outcome.clear();
        leptos::task::spawn_local(async move {
            let stem = file.name();
            let stem = stem
                .rsplit_once('.')
                .map_or(stem.as_str(), |(s, _)| s)
                .trim()
                .to_owned();
            let name = upload_name(&format!("{stem}.jpg"), "photo.jpg");
            let sent = match crate::offline::photo::shrink(&file).await {
                Ok(jpeg) => {
                    api::upload_photo(session, id, &name, "image/jpeg", jpeg, Some(movement)).await
                }
                Err(e) => Err(ApiError::local("unreadable_image", e)),
            };
            busy.set(false);
            match sent {
                Ok(_) => changed.run(()),
                Err(e) => outcome.fail(&e),
            }
        });
    };
    view! {
        <div class="act-photo">
            <label class="button secondary file-button" for=input_id.clone()>
                {move || if busy.get() { t.uploading } else { t.add_photo }}
            </label>
            <input type="file" id=input_id class="visually-hidden movement-photo" accept="image/*"
                data-movement=movement.get() disabled=move || busy.get() on:change=pick/>
            <FormMessage outcome/>
        </div>
    }
}
