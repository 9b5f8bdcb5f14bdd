//! Everything recorded on a visit, each kept in the outbox first (with the
//! time it was recorded, which the case keeps): a note or customer
//! message, photos (shrunk on the phone and shown before they are saved),
//! parts used, the diagnosis, the customer's signature, any goods movement,
//! a hold with its reason (or resuming), and the finish (unit taken to the
//! workshop, or resolved). A form clears once its item is kept, and "Saved
//! on this phone" shows at the bottom of the screen.

use afterloop_domain::case::{RepairStage, Status};
use afterloop_domain::flow::goods::{Direction, MovementKind, PARTS};
use afterloop_domain::flow::info::{AttachmentKind, RootCause, Visibility};
use afterloop_domain::view::TechCase;
use afterloop_domain::{CaseId, Command};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::{Blob, HtmlInputElement, Url};

use crate::components::SignaturePad;
use crate::i18n::jobs::JobText;
use crate::i18n::Lang;
use crate::labels;
use crate::offline::{photo, Outbox, Payload};

/// The kinds of goods a technician records on site, in the form's order.
const KINDS: [MovementKind; 4] = [
    MovementKind::ReplacementUnit,
    MovementKind::DefectiveUnit,
    MovementKind::RepairedUnit,
    MovementKind::SparePart,
];
/// Which way they move, in the form's order.
const DIRECTIONS: [Direction; 3] = [
    Direction::CompanyToCustomer,
    Direction::CustomerToCompany,
    Direction::StockToSite,
];

/// The part picker's choice for a part not in the catalogue.
const OTHER: &str = "other";

/// Keeps one item and reports how it went in `flash`.
fn keep(
    outbox: Outbox,
    id: CaseId,
    payload: Result<Payload, String>,
    blob: Option<Blob>,
    flash: Flash,
    then: impl FnOnce() + 'static,
) {
    spawn_local(async move {
        let recorded = match payload {
            Ok(payload) => outbox.record(id, payload, blob).await,
            Err(e) => Err(e),
        };
        match recorded {
            Ok(()) => {
                flash.kept();
                then();
            }
            Err(e) => flash.failed(e),
        }
    });
}

/// How long "Saved on this phone" stays on screen.
const FLASH_MS: u64 = 6_000;

/// What the last recording came to, shown at the bottom of the screen
/// (where the technician's thumb is, whichever form they used) until the
/// next one or for a few seconds; an error stays until the next recording.
#[derive(Clone, Copy)]
struct Flash {
    shown: RwSignal<Option<Result<&'static str, String>>>,
    generation: RwSignal<u32>,
    kept: &'static str,
}

impl Flash {
    fn kept(self) {
        self.shown.set(Some(Ok(self.kept)));
        self.generation.update(|g| *g += 1);
        let mine = self.generation.get_untracked();
        let (shown, generation) = (self.shown, self.generation);
        set_timeout(
            move || {
                if generation.get_untracked() == mine {
                    shown.set(None);
                }
            },
            std::time::Duration::from_millis(FLASH_MS),
        );
    }

    fn failed(self, e: String) {
        self.generation.update(|g| *g += 1);
        self.shown.set(Some(Err(e)));
    }
}

fn command(command: Command) -> Result<Payload, String> {
    Payload::command(&command)
}

/// The recording forms of one job.
#[component]
pub fn Recorder(case: TechCase) -> impl IntoView {
    let lang = Lang::current();
    let t = JobText::get(lang);
    let id = case.id;
    // Taken here: handlers and tasks below run outside the component's owner.
    let outbox = Outbox::get();
    let flash = Flash {
        shown: RwSignal::new(None),
        generation: RwSignal::new(0),
        kept: t.kept,
    };

    // Note.
    let note = RwSignal::new(String::new());
    let note_error = RwSignal::new(false);
    let save_note = move |visibility: Visibility| {
        let text = note.get_untracked();
        if text.trim().is_empty() {
            note_error.set(true);
            return;
        }
        note_error.set(false);
        keep(
            outbox,
            id,
            command(Command::AddNote { text, visibility }),
            None,
            flash,
            move || note.set(String::new()),
        );
    };

    // Photos: shrunk on the phone, shown, then saved (or discarded).
    let photos_busy = RwSignal::new(false);
    // The goods movement the photos show, if any (`""`: the job itself).
    let photo_movement = RwSignal::new(String::new());
    let movements: Vec<(u32, String)> = case
        .goods
        .iter()
        .map(|m| {
            let what = format!(
                "#{} {} · {}",
                m.id,
                labels::movement_kind(m.kind, lang),
                labels::direction(m.direction, lang)
            );
            (m.id, what)
        })
        .collect();
    let photo_count = StoredValue::new(case.attachments.len());
    let pending = StoredValue::new_local(Vec::<(Blob, String)>::new());
    let previews = RwSignal::new(Vec::<String>::new());
    let clear_previews = move || {
        for url in previews.get_untracked() {
            let _ = Url::revoke_object_url(&url);
        }
        previews.set(Vec::new());
        pending.set_value(Vec::new());
    };
    let pick_photos = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(files) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        input.set_value("");
        photos_busy.set(true);
        spawn_local(async move {
            for file in files {
                match photo::shrink(&file).await {
                    Ok(jpeg) => {
                        if let Ok(url) = Url::create_object_url_with_blob(&jpeg) {
                            // The name it was picked with is kept as evidence.
                            pending.update_value(|p| p.push((jpeg, file.name())));
                            previews.update(|p| p.push(url));
                        }
                    }
                    Err(e) => flash.failed(e),
                }
            }
            photos_busy.set(false);
        });
    };
    let save_photos = move |_| {
        let blobs = pending.get_value();
        let movement = photo_movement
            .get_untracked()
            .parse::<u32>()
            .ok()
            .map(afterloop_domain::MovementNo::new);
        clear_previews();
        spawn_local(async move {
            for (jpeg, picked) in blobs {
                photo_count.update_value(|n| *n += 1);
                let fallback = format!("photo-{}.jpg", photo_count.get_value());
                let name = afterloop_domain::flow::info::upload_name(&picked, &fallback);
                let payload = Payload::Upload {
                    kind: AttachmentKind::Photo,
                    name,
                    content_type: "image/jpeg".into(),
                    size: jpeg.size() as u32,
                    movement,
                };
                match outbox.record(id, payload, Some(jpeg)).await {
                    Ok(()) => flash.kept(),
                    Err(e) => flash.failed(e),
                }
            }
        });
    };

    // Parts.
    let part = RwSignal::new(String::new());
    let other_part = RwSignal::new(String::new());
    let quantity = RwSignal::new("1".to_owned());
    let part_serial = RwSignal::new(String::new());
    let part_error = RwSignal::new(None::<&'static str>);
    let add_part = move |_| {
        let picked = part.get_untracked();
        let item = if picked == OTHER {
            other_part.get_untracked()
        } else {
            picked
        }
        .trim()
        .to_owned();
        let n = quantity
            .get_untracked()
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=10_000).contains(n));
        let (Some(n), false) = (n, item.is_empty()) else {
            part_error.set(Some(if item.is_empty() { "part" } else { "quantity" }));
            return;
        };
        part_error.set(None);
        let serial = Some(part_serial.get_untracked().trim().to_owned()).filter(|s| !s.is_empty());
        let cmd = Command::UsePart {
            item,
            serial,
            quantity: Some(n),
        };
        keep(outbox, id, command(cmd), None, flash, move || {
            part.set(String::new());
            other_part.set(String::new());
            quantity.set("1".into());
            part_serial.set(String::new());
        });
    };

    // Diagnosis.
    let cause = RwSignal::new(String::new());
    let failed = RwSignal::new(String::new());
    let resolution = RwSignal::new(String::new());
    let diag_error = RwSignal::new(false);
    let save_diagnosis = move |_| {
        let root = cause
            .get_untracked()
            .parse::<usize>()
            .ok()
            .and_then(|i| RootCause::ALL.get(i).copied());
        let text = resolution.get_untracked();
        let (Some(root_cause), false) = (root, text.trim().is_empty()) else {
            diag_error.set(true);
            return;
        };
        diag_error.set(false);
        let failed_part = Some(failed.get_untracked().trim().to_owned()).filter(|s| !s.is_empty());
        let cmd = Command::Diagnose {
            root_cause,
            failed_part,
            resolution: text,
        };
        keep(outbox, id, command(cmd), None, flash, move || {
            cause.set(String::new());
            failed.set(String::new());
            resolution.set(String::new());
        });
    };

    // Signature.
    let on_signature = Callback::new(move |png: Blob| {
        let payload = Payload::Upload {
            kind: AttachmentKind::Signature,
            name: "signature.png".into(),
            content_type: "image/png".into(),
            size: png.size() as u32,
            movement: None,
        };
        keep(outbox, id, Ok(payload), Some(png), flash, || {});
    });

    // Finish.
    let model = case.product.model.clone();
    let serial = case.product.serial.clone();
    let take_unit = move |_| {
        let cmd = Command::RecordMovement {
            kind: MovementKind::DefectiveUnit,
            direction: Direction::CustomerToCompany,
            item: model.clone(),
            serial: serial.clone(),
            quantity: Some(1),
            carrier: None,
            tracking: None,
            order_ref: None,
            cost: None,
        };
        keep(outbox, id, command(cmd), None, flash, || {});
    };
    let resolve = move |_| {
        let cmd = Command::Move {
            to: Status::Repair(RepairStage::Resolved),
            note: None,
        };
        keep(outbox, id, command(cmd), None, flash, || {});
    };

    // On hold (waiting on the customer), or resumed.
    let held = case.hold.as_ref().map(|h| h.reason.clone());
    let hold_reason = RwSignal::new(String::new());
    let hold_error = RwSignal::new(false);
    let put_on_hold = move |_| {
        let reason = hold_reason.get_untracked();
        if reason.trim().is_empty() {
            hold_error.set(true);
            return;
        }
        hold_error.set(false);
        keep(
            outbox,
            id,
            command(Command::Hold { reason }),
            None,
            flash,
            move || hold_reason.set(String::new()),
        );
    };
    let resume = move |_| keep(outbox, id, command(Command::Resume), None, flash, || {});

    // Any goods movement (a unit swapped, a part brought from stock…).
    let goods_kind = RwSignal::new(0usize);
    let goods_direction = RwSignal::new(0usize);
    let goods_item = RwSignal::new(case.product.model.clone());
    let goods_serial = RwSignal::new(String::new());
    let goods_qty = RwSignal::new("1".to_owned());
    let goods_error = RwSignal::new(None::<&'static str>);
    let record_goods = move |_| {
        let item = goods_item.get_untracked().trim().to_owned();
        let n = goods_qty
            .get_untracked()
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=10_000).contains(n));
        let (Some(n), false) = (n, item.is_empty()) else {
            goods_error.set(Some(if item.is_empty() { "item" } else { "quantity" }));
            return;
        };
        goods_error.set(None);
        let cmd = Command::RecordMovement {
            kind: KINDS[goods_kind.get_untracked().min(KINDS.len() - 1)],
            direction: DIRECTIONS[goods_direction.get_untracked().min(DIRECTIONS.len() - 1)],
            item,
            serial: Some(goods_serial.get_untracked().trim().to_owned()).filter(|s| !s.is_empty()),
            quantity: Some(n),
            carrier: None,
            tracking: None,
            order_ref: None,
            cost: None,
        };
        keep(outbox, id, command(cmd), None, flash, move || {
            goods_serial.set(String::new());
            goods_qty.set("1".into());
        });
    };

    let flash_view = move || {
        flash.shown.get().map(|f| match f {
            Ok(text) => view! { <p class="flash ok toast" id="job-flash" role="status">{text}</p> }
                .into_any(),
            Err(e) => {
                view! { <p class="form-error toast" id="job-flash" role="alert">{e}</p> }.into_any()
            }
        })
    };
    let required = crate::i18n::errors::FieldErrors::get(lang).required;

    view! {
        <section class="card job-record">
            {flash_view}
            <h2>{t.note}</h2>
            <textarea id="job-note" rows="3" placeholder=t.note_placeholder
                prop:value=note on:input=move |e| note.set(event_target_value(&e))></textarea>
            {move || note_error.get().then(|| view! { <p class="field-error" role="alert">{required}</p> })}
            <div class="actions">
                <button type="button" class="secondary" id="job-note-internal"
                    on:click=move |_| save_note(Visibility::Internal)>{t.internal}</button>
                <button type="button" class="secondary" id="job-note-public"
                    on:click=move |_| save_note(Visibility::Public)>{t.public}</button>
            </div>

            <h2>{t.photos}</h2>
            <label class="big file-button" for="job-photos">{t.add_photos}</label>
            <input type="file" id="job-photos" class="visually-hidden" accept="image/*"
                capture="environment" multiple on:change=pick_photos/>
            <p class="hint">{t.photos_hint}</p>
            {move || photos_busy.get().then(|| view! { <p class="muted" id="photos-busy">"…"</p> })}
            {move || {
                let urls = previews.get();
                (!urls.is_empty()).then(|| view! {
                    <div class="photo-preview" id="photo-preview">
                        <p class="hint">{t.photos_preview}</p>
                        {(!movements.is_empty()).then(|| view! {
                            <label for="job-photos-movement">{t.photos_of}</label>
                            <select id="job-photos-movement" prop:value=photo_movement
                                on:change=move |e| photo_movement.set(event_target_value(&e))>
                                <option value="">{t.photos_of_job}</option>
                                {movements.clone().into_iter().map(|(n, what)| view! {
                                    <option value=n.to_string()>{what}</option>
                                }).collect_view()}
                            </select>
                        })}
                        <ul class="thumbs">
                            {urls.into_iter().map(|u| view! { <li><img src=u alt=t.photos/></li> }).collect_view()}
                        </ul>
                        <div class="actions">
                            <button type="button" class="secondary" id="job-photos-discard"
                                on:click=move |_| clear_previews()>{t.photos_discard}</button>
                            <button type="button" id="job-photos-save" on:click=save_photos>{t.photos_save}</button>
                        </div>
                    </div>
                })
            }}

            <h2>{t.parts}</h2>
            <label for="job-part">{t.part}</label>
            <select id="job-part" prop:value=part on:change=move |e| part.set(event_target_value(&e))>
                <option value="">"—"</option>
                {PARTS.iter().map(|p| {
                    let name = if lang == afterloop_domain::case::Language::En { p.name_en } else { p.name_zh };
                    view! { <option value=p.number>{format!("{} · {name}", p.number)}</option> }
                }).collect_view()}
                <option value=OTHER>{t.other_part}</option>
            </select>
            {move || (part.get() == OTHER).then(|| view! {
                <label for="job-part-other">{t.other_part}</label>
                <input id="job-part-other" prop:value=other_part
                    on:input=move |e| other_part.set(event_target_value(&e))/>
            })}
            {move || (part_error.get() == Some("part")).then(|| view! { <p class="field-error" role="alert">{required}</p> })}
            <div class="field-row">
                <div>
                    <label for="job-part-qty">{t.quantity}</label>
                    <input id="job-part-qty" type="number" inputmode="numeric" min="1" max="10000"
                        prop:value=quantity on:input=move |e| quantity.set(event_target_value(&e))/>
                    {move || (part_error.get() == Some("quantity")).then(|| view! {
                        <p class="field-error" role="alert">{crate::i18n::errors::FieldErrors::get(lang).out_of_range}</p>
                    })}
                </div>
                <div>
                    <label for="job-part-serial">{t.part_serial}</label>
                    <input id="job-part-serial" prop:value=part_serial
                        on:input=move |e| part_serial.set(event_target_value(&e))/>
                </div>
            </div>
            <button type="button" class="secondary" id="job-part-add" on:click=add_part>{t.add_part}</button>

            <h2>{t.diagnosis}</h2>
            <label for="job-cause">{t.root_cause}</label>
            <select id="job-cause" prop:value=cause on:change=move |e| cause.set(event_target_value(&e))>
                <option value="">"—"</option>
                {RootCause::ALL.into_iter().enumerate().map(|(i, c)| view! {
                    <option value=i.to_string()>{labels::root_cause(c, lang)}</option>
                }).collect_view()}
            </select>
            <label for="job-failed-part">{t.failed_part}</label>
            <input id="job-failed-part" prop:value=failed on:input=move |e| failed.set(event_target_value(&e))/>
            <label for="job-resolution">{t.resolution}</label>
            <textarea id="job-resolution" rows="2" prop:value=resolution
                on:input=move |e| resolution.set(event_target_value(&e))></textarea>
            {move || diag_error.get().then(|| view! { <p class="field-error" role="alert">{required}</p> })}
            <button type="button" class="secondary" id="job-diagnose" on:click=save_diagnosis>{t.save_diagnosis}</button>

            <h2>{t.signature}</h2>
            <SignaturePad on_save=on_signature/>

            <h2>{t.goods}</h2>
            <div class="field-row">
                <div>
                    <label for="job-goods-kind">{t.goods_kind}</label>
                    <select id="job-goods-kind" on:change=move |e| goods_kind.set(event_target_value(&e).parse().unwrap_or(0))>
                        {KINDS.iter().enumerate().map(|(i, k)| view! {
                            <option value=i.to_string() selected=i == 0>{labels::movement_kind(*k, lang)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="job-goods-direction">{t.goods_direction}</label>
                    <select id="job-goods-direction" on:change=move |e| goods_direction.set(event_target_value(&e).parse().unwrap_or(0))>
                        {DIRECTIONS.iter().enumerate().map(|(i, d)| view! {
                            <option value=i.to_string() selected=i == 0>{labels::direction(*d, lang)}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <label for="job-goods-item">{t.goods_item}</label>
            <input id="job-goods-item" prop:value=goods_item on:input=move |e| goods_item.set(event_target_value(&e))/>
            {move || (goods_error.get() == Some("item")).then(|| view! { <p class="field-error" role="alert">{required}</p> })}
            <div class="field-row">
                <div>
                    <label for="job-goods-serial">{t.goods_serial}</label>
                    <input id="job-goods-serial" prop:value=goods_serial on:input=move |e| goods_serial.set(event_target_value(&e))/>
                </div>
                <div>
                    <label for="job-goods-qty">{t.quantity}</label>
                    <input id="job-goods-qty" type="number" inputmode="numeric" min="1" max="10000"
                        prop:value=goods_qty on:input=move |e| goods_qty.set(event_target_value(&e))/>
                    {move || (goods_error.get() == Some("quantity")).then(|| view! {
                        <p class="field-error" role="alert">{crate::i18n::errors::FieldErrors::get(lang).out_of_range}</p>
                    })}
                </div>
            </div>
            <button type="button" class="secondary" id="job-goods-add" on:click=record_goods>{t.goods_save}</button>

            <h2>{t.hold}</h2>
            {match held {
                Some(reason) => view! {
                    <p class="tag job-hold" id="job-on-hold">{t.on_hold}": "{reason}</p>
                    <button type="button" class="secondary" id="job-resume" on:click=resume>{t.resume}</button>
                }.into_any(),
                None => view! {
                    <label for="job-hold-reason">{t.hold_reason}</label>
                    <input id="job-hold-reason" prop:value=hold_reason
                        on:input=move |e| hold_reason.set(event_target_value(&e))/>
                    {move || hold_error.get().then(|| view! { <p class="field-error" role="alert">{required}</p> })}
                    <button type="button" class="secondary" id="job-hold" on:click=put_on_hold>{t.hold_save}</button>
                }.into_any(),
            }}

            <h2>{t.finish}</h2>
            <div class="actions">
                <button type="button" class="secondary" id="job-take-unit" on:click=take_unit>{t.take_unit}</button>
                <button type="button" id="job-resolve" on:click=resolve>{t.resolve}</button>
            </div>
        </section>
    }
}
