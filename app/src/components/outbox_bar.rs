//! What waits to be sent and what was sent (`#outbox`): the connection
//! state, any reason sending is stuck, and each item recorded on this phone
//! in words, with its state. Refused items show the server's reason.

use afterloop_domain::case::Language;
use afterloop_domain::flow::info::AttachmentKind;
use afterloop_domain::CaseId;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::jobs::OutboxText;
use crate::i18n::{errors, format, Lang};
use crate::labels;
use crate::offline::{Gist, Item, Outbox, Payload, Sending, Trouble};
use crate::phrase;

/// The bar; `case` narrows the list to one case.
#[component]
pub fn OutboxBar(case: Option<CaseId>) -> impl IntoView {
    let outbox = Outbox::get();
    let lang = Lang::current();
    let t = OutboxText::get(lang);
    let status = move || {
        if outbox.online() {
            view! { <span class="net net-online" id="net-state" data-online="true">{t.online}</span> }
        } else {
            view! { <span class="net net-offline" id="net-state" data-online="false">{t.offline}</span> }
        }
    };
    let trouble = move || {
        outbox.trouble().map(|tr| {
            let text = match tr {
                Trouble::SignIn => t.sign_in.to_owned(),
                Trouble::Server => t.server.to_owned(),
                Trouble::Storage(s) => s,
            };
            view! { <p class="form-error" role="alert">{text}</p> }
        })
    };
    // What waits or was refused, newest first, in full; what was sent
    // folded away below, so the box never cuts an item off.
    let items = move || {
        let mut items = outbox.items(case);
        items.reverse();
        items
    };
    let open_items = move || {
        items()
            .into_iter()
            .filter(|i| !matches!(i.sending, Sending::Sent { .. }))
            .collect::<Vec<_>>()
    };
    let sent_items = move || {
        items()
            .into_iter()
            .filter(|i| matches!(i.sending, Sending::Sent { .. }))
            .collect::<Vec<_>>()
    };
    view! {
        <section class="card outbox" id="outbox">
            <header class="outbox-head">
                <h2>{t.title}</h2>
                {status}
                <span class="outbox-count" id="outbox-waiting" data-count=move || outbox.waiting().to_string()>
                    {move || format!("{}: {}", t.waiting, outbox.waiting())}
                </span>
                <button type="button" class="secondary" id="outbox-send" on:click=move |_| outbox.flush()>
                    {t.send_now}
                </button>
            </header>
            {trouble}
            <ul class="outbox-items">
                {move || {
                    let items = open_items();
                    if items.is_empty() && sent_items().is_empty() {
                        return view! { <li class="muted">{t.nothing}</li> }.into_any();
                    }
                    items.into_iter().map(|i| view! { <OutboxRow item=i lang/> }).collect_view().into_any()
                }}
            </ul>
            {move || {
                let sent = sent_items();
                (!sent.is_empty()).then(|| {
                    let n = sent.len();
                    view! {
                        <details class="outbox-sent" id="outbox-sent">
                            <summary>{format!("{} ({n})", t.sent)}</summary>
                            <ul class="outbox-items">
                                {sent.into_iter().map(|i| view! { <OutboxRow item=i lang/> }).collect_view()}
                            </ul>
                        </details>
                    }
                })
            }}
        </section>
    }
}

#[component]
fn OutboxRow(item: Item, lang: Language) -> impl IntoView {
    let t = OutboxText::get(lang);
    let (state, label, reason) = match &item.sending {
        Sending::Waiting => ("waiting", t.waiting, None),
        Sending::Sent { .. } => ("sent", t.sent, None),
        Sending::Refused { error, .. } => (
            "refused",
            t.refused,
            Some(errors::api(&ApiError::Rejected(error.clone()), lang)),
        ),
    };
    let when = format::time(
        afterloop_domain::Timestamp::from_millis(item.recorded_at as i64),
        lang,
    );
    view! {
        <li class=format!("outbox-item {state}") data-state=state data-event=item.event_id.to_string()>
            <span class="outbox-state">{label}</span>
            <span class="outbox-what">{describe(&item, lang)}</span>
            <span class="outbox-meta">{format!("{} · {when}", item.case)}</span>
            {reason.map(|r| view! { <span class="outbox-reason" role="alert">{r}</span> })}
        </li>
    }
}

/// An item in words: "Note: replaced the fan", "Photo photo-2.jpg (214 KB)".
pub fn describe(item: &Item, lang: Language) -> String {
    match &item.payload {
        Payload::Upload {
            kind, name, size, ..
        } => {
            let kb = size.div_ceil(1024);
            match kind {
                AttachmentKind::Photo => {
                    phrase!(lang, "Photo {name} ({kb} KB)", "照片 {name}（{kb} KB）")
                }
                AttachmentKind::Signature => {
                    phrase!(
                        lang,
                        "Customer's signature ({kb} KB)",
                        "客户签名（{kb} KB）"
                    )
                }
            }
        }
        Payload::Command { command } => match command.gist() {
            Gist::AddNote { text } => phrase!(lang, "Note: {text}", "备注：{text}"),
            Gist::CheckIn { at } => {
                let at = format::time(at, lang);
                phrase!(lang, "Checked in at {at}", "{at} 签到")
            }
            Gist::CheckOut { at } => {
                let at = format::time(at, lang);
                phrase!(lang, "Checked out at {at}", "{at} 签退")
            }
            Gist::UsePart {
                item,
                quantity,
                serial,
            } => {
                let n = quantity.unwrap_or(1);
                let serial = serial
                    .as_deref()
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default();
                phrase!(
                    lang,
                    "Part used: {item} × {n}{serial}",
                    "使用备件：{item} × {n}{serial}"
                )
            }
            Gist::Diagnose {
                root_cause,
                resolution,
            } => {
                let cause = labels::root_cause(root_cause, lang);
                phrase!(
                    lang,
                    "Diagnosis: {cause}, {resolution}",
                    "诊断：{cause}，{resolution}"
                )
            }
            Gist::Move { to } => {
                let to = labels::stage(to, lang);
                phrase!(lang, "Move to {to}", "转到「{to}」")
            }
            Gist::RecordMovement {
                kind,
                direction,
                item,
                quantity,
            } => {
                let what = labels::movement_kind(kind, lang);
                let way = labels::direction(direction, lang);
                let n = quantity.unwrap_or(1);
                phrase!(
                    lang,
                    "{what}: {item} × {n}, {way}",
                    "{what}：{item} × {n}，{way}"
                )
            }
            Gist::Hold { reason } => phrase!(lang, "On hold: {reason}", "暂停：{reason}"),
            Gist::Resume => phrase!(lang, "Work resumed", "恢复工单"),
            Gist::Other => phrase!(lang, "A change to the case", "工单变更"),
        },
    }
}
