//! Units sold per batch (`#sold-units`): the denominators of the failure
//! rate. Everyone who sees reports sees them; managers set one batch at a
//! time (0 removes it), with each field's fault beside it, or import a
//! spreadsheet's CSV file (read on the page by the domain's
//! `SoldUnits::from_csv`, every line at fault listed).

use afterloop_domain::access::Role;
use afterloop_domain::report::{BatchUnits, SoldUnits};
use afterloop_domain::FieldError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::api;
use crate::i18n::reports::Reports;
use crate::i18n::{errors, Lang};
use crate::session::Session;

/// The panel; `changed` runs after a save so the report is read again.
#[component]
pub fn SoldUnitsPanel(changed: Callback<()>) -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Reports::get(lang);
    let manager = session.user().is_some_and(|u| u.role == Role::Manager);
    let list = RwSignal::new(None::<Result<SoldUnits, String>>);
    spawn_local(async move {
        list.set(Some(
            api::sold_units(session)
                .await
                .map_err(|e| errors::api(&e, lang)),
        ));
    });
    let batch = RwSignal::new(String::new());
    let units = RwSignal::new(String::new());
    let faults = RwSignal::new(Vec::<FieldError>::new());
    let note = RwSignal::new(None::<Result<String, String>>);
    let fault = move |suffix: &'static str| {
        move || {
            faults
                .read()
                .iter()
                .filter(|f| f.field.ends_with(suffix))
                .map(|f| errors::field(f, lang))
                .collect::<Vec<_>>()
                .join(" ")
        }
    };
    let file_faults = RwSignal::new(Vec::<String>::new());
    let import = move |ev: leptos::ev::Event| {
        let Some(file) = crate::components::picked_file(&ev) else {
            return;
        };
        note.set(None);
        spawn_local(async move {
            let text = JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            // A batch's fault names the batch: the file has no fields.
            let said = |fields: &[FieldError], sold: Option<&SoldUnits>| {
                fields
                    .iter()
                    .map(|f| {
                        let batch = f
                            .field
                            .strip_prefix("batches[")
                            .and_then(|r| r.split(']').next())
                            .and_then(|i| i.parse::<usize>().ok())
                            .and_then(|i| sold?.batches.get(i));
                        match batch {
                            Some(b) => format!("{}: {}", b.batch, errors::field(f, lang)),
                            None => errors::field(f, lang),
                        }
                    })
                    .collect::<Vec<_>>()
            };
            let sold = match SoldUnits::from_csv(&text) {
                Ok(sold) => sold,
                Err(e) => return file_faults.set(said(&e.fields, None)),
            };
            if let Err(e) = sold.validate() {
                return file_faults.set(said(&e.fields, Some(&sold)));
            }
            file_faults.set(Vec::new());
            match api::set_sold_units(session, &sold).await {
                Ok(all) => {
                    list.set(Some(Ok(all)));
                    note.set(Some(Ok(format!("{} {}", t.imported, sold.batches.len()))));
                    changed.run(());
                }
                Err(e) => {
                    file_faults.set(said(e.fields(), Some(&sold)));
                    note.set(Some(Err(errors::api(&e, lang))));
                }
            }
        });
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        note.set(None);
        let Ok(n) = units.get_untracked().trim().parse::<u32>() else {
            faults.set(vec![FieldError::new(
                "batches[0].units",
                "invalid",
                "Enter a whole number of units.",
            )]);
            return;
        };
        let sold = SoldUnits {
            batches: vec![BatchUnits {
                batch: batch.get_untracked(),
                units: n,
            }],
        };
        if let Err(e) = sold.validate() {
            faults.set(e.fields);
            return;
        }
        faults.set(Vec::new());
        spawn_local(async move {
            match api::set_sold_units(session, &sold).await {
                Ok(all) => {
                    list.set(Some(Ok(all)));
                    batch.set(String::new());
                    units.set(String::new());
                    note.set(Some(Ok(t.saved.to_owned())));
                    changed.run(());
                }
                Err(e) => {
                    faults.set(e.fields().to_vec());
                    note.set(Some(Err(errors::api(&e, lang))));
                }
            }
        });
    };
    view! {
        <section class="panel sold-units" id="sold-units">
            <h3>{t.sold_title}</h3>
            <p class="muted">{t.sold_note}</p>
            {move || list.get().map(|l| match l {
                Ok(s) if s.batches.is_empty() => view! { <p class="muted">{t.sold_none}</p> }.into_any(),
                Ok(s) => view! {
                    <table class="report-table" id="sold-units-table">
                        <thead><tr><th>{t.batch}</th><th class="num">{t.units_sold}</th></tr></thead>
                        <tbody>
                            {s.batches.into_iter().map(|b| view! {
                                <tr data-batch=b.batch.clone()><td>{b.batch.clone()}</td><td class="num">{b.units}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
            })}
            {manager.then(|| view! {
                <form class="sold-form" id="sold-form" on:submit=save novalidate>
                    <div class="field">
                        <label for="sold-batch">{t.batch}</label>
                        <input id="sold-batch" maxlength="64" prop:value=batch
                            on:input=move |e| batch.set(event_target_value(&e))/>
                        <p class="field-error" id="sold-batch-error">{fault(".batch")}</p>
                    </div>
                    <div class="field">
                        <label for="sold-units-input">{t.units_sold}</label>
                        <input id="sold-units-input" inputmode="numeric" prop:value=units
                            on:input=move |e| units.set(event_target_value(&e))/>
                        <p class="field-error" id="sold-units-error">{fault(".units")}</p>
                    </div>
                    <button type="submit" class="secondary" id="sold-save">{t.save}</button>
                    <p class="muted">{t.zero_removes}</p>
                    <div class="field sold-import">
                        <label for="sold-file">{t.import_csv}</label>
                        <input type="file" id="sold-file" accept=".csv,text/csv" on:change=import/>
                        <ul class="field-error" id="sold-file-errors">
                            {move || file_faults.get().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                        </ul>
                    </div>
                    {move || note.get().map(|n| match n {
                        Ok(m) => view! { <p class="form-success" role="status">{m}</p> }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
                    })}
                </form>
            })}
        </section>
    }
}
