//! What each event of a case's timeline did, as a sentence in either language.

use afterloop_domain::access::Role;
use afterloop_domain::case::Language;
use afterloop_domain::flow::info::Visibility;
use afterloop_domain::{Change, UserId};

use super::format;
use crate::{labels, phrase};

/// Whether the server recorded the event itself: its own role, or (events
/// stored before that role existed) the name `system` with the staff role.
fn by_system(by: &UserId, role: Role) -> bool {
    role == Role::System || by.as_ref() == afterloop_domain::access::Actor::SYSTEM_NAME
}

/// Who recorded an event: "li.na · staff"; the server's own events (such
/// as notifications sent) read "System", "系统".
pub fn who(by: &UserId, role: Role, lang: Language) -> String {
    if by_system(by, role) {
        return phrase!(lang, "System", "系统");
    }
    let role = labels::role(role, lang);
    format!("{by} · {role}")
}

/// Who recorded an event, by the name people know them by: "Li Na · staff";
/// a customer is "Customer", the server "System".
pub fn who_named(by: &UserId, name: &str, role: Role, lang: Language) -> String {
    if by_system(by, role) {
        return phrase!(lang, "System", "系统");
    }
    let label = labels::role(role, lang);
    if role == Role::Customer {
        // The customer's link: its handle says nothing more.
        return label.to_owned();
    }
    format!("{name} · {label}")
}

/// Whether an event came in from the customer (their message or photo) or
/// went out to them (a message from the company), for the timeline's
/// marks; `None` for everything else.
pub fn direction(change: &Change, role: Role) -> Option<bool> {
    let from_customer = role == Role::Customer;
    match change {
        Change::NoteAdded {
            visibility: Visibility::Public,
            ..
        } => Some(from_customer),
        Change::Attached(a) if a.public && from_customer => Some(true),
        _ => None,
    }
}

/// What an event did, as the back office reads it: a customer's message
/// is a message from them, and people are named by `name` (their display
/// names). Otherwise as [`describe`].
pub fn describe_named(
    change: &Change,
    role: Role,
    name: &dyn Fn(&UserId) -> String,
    lang: Language,
) -> String {
    let time = |t| format::time(t, lang);
    match change {
        Change::NoteAdded {
            text,
            visibility: Visibility::Public,
        } if role == Role::Customer => phrase!(
            lang,
            "Message from the customer: {text}",
            "客户留言：{text}"
        ),
        Change::Attached(a) if a.public && role == Role::Customer => {
            let (kind, file) = (labels::attachment_kind(a.kind, lang), &a.name);
            let size = size(a.size, lang);
            phrase!(
                lang,
                "The customer sent a {kind}: {file} ({size})",
                "客户发来{kind}：{file}（{size}）"
            )
        }
        Change::Attached(a) => {
            let (kind, file) = (labels::attachment_kind(a.kind, lang), &a.name);
            let size = size(a.size, lang);
            phrase!(
                lang,
                "Attached {kind} {file} ({size})",
                "上传了{kind} {file}（{size}）"
            )
        }
        Change::OwnerAssigned { owner } => {
            let owner = name(owner);
            phrase!(lang, "Assigned to {owner}", "指派给 {owner}")
        }
        Change::Dispatched(d) => {
            let (tech, from, to) = (name(&d.technician), time(d.from), time(d.to));
            phrase!(
                lang,
                "Booked {tech} for {from} to {to}",
                "安排技术员 {tech} 上门：{from} 至 {to}"
            )
        }
        other => describe(other, lang),
    }
}

/// A file's size for people: "29 KB", "1.2 MB". In integers, rounding as
/// `{:.1}` of the `f64` quotient would (halves to even), so that no bundle
/// carries float formatting for it.
fn size(bytes: u32, lang: Language) -> String {
    let _ = lang;
    let b = u64::from(bytes);
    if b >= 1 << 20 {
        let tenths = div_pow2_rounded(b * 10, 20);
        format!("{}.{} MB", tenths / 10, tenths % 10)
    } else if b >= 1 << 10 {
        format!("{} KB", div_pow2_rounded(b, 10))
    } else {
        format!("{bytes} B")
    }
}

/// `n / 2^shift` rounded to the nearest integer, halves to even.
fn div_pow2_rounded(n: u64, shift: u32) -> u64 {
    let (quotient, rest, half) = (n >> shift, n & ((1 << shift) - 1), 1 << (shift - 1));
    quotient + u64::from(rest > half || (rest == half && quotient % 2 == 1))
}

/// What an event did: "Moved from Requested to Authorised", "将阶段从「已申请」改为「已批准退货」".
pub fn describe(change: &Change, lang: Language) -> String {
    let time = |t| format::time(t, lang);
    let note_suffix = |note: &Option<String>| match note {
        Some(n) => phrase!(lang, ": {n}", "：{n}"),
        None => String::new(),
    };
    match change {
        Change::Opened { case, .. } => {
            let kind = labels::kind(case.kind, lang);
            let channel = labels::channel(case.channel, lang);
            phrase!(
                lang,
                "Opened the case ({kind}, via {channel})",
                "创建了工单（{kind}，来源：{channel}）"
            )
        }
        Change::Moved { from, to, note } => {
            let (from, to) = (labels::stage(*from, lang), labels::stage(*to, lang));
            let note = note_suffix(note);
            phrase!(
                lang,
                "Moved from {from} to {to}{note}",
                "将阶段从「{from}」改为「{to}」{note}"
            )
        }
        Change::NoteAdded { text, visibility } => match visibility {
            Visibility::Internal => phrase!(lang, "Note: {text}", "内部备注：{text}"),
            Visibility::Public => phrase!(
                lang,
                "Message to the customer: {text}",
                "给客户的消息：{text}"
            ),
        },
        Change::OwnerAssigned { owner } => phrase!(lang, "Assigned to {owner}", "指派给 {owner}"),
        Change::Dispatched(d) => {
            let (tech, from, to) = (&d.technician, time(d.from), time(d.to));
            phrase!(
                lang,
                "Booked {tech} for {from} to {to}",
                "安排技术员 {tech} 上门：{from} 至 {to}"
            )
        }
        Change::PurchaseConfirmed {
            price_paid,
            warranty,
            ..
        } => {
            let price = price_paid.map_or_else(
                || phrase!(lang, "no price", "无价格"),
                |p| format::money(p, lang),
            );
            let warranty = labels::warranty(*warranty, lang);
            phrase!(
                lang,
                "Confirmed the purchase: {price}; {warranty}",
                "核实购买信息：{price}；{warranty}"
            )
        }
        Change::Held { reason } => {
            phrase!(lang, "Put on hold: {reason}", "挂起（等待客户）：{reason}")
        }
        Change::Resumed => phrase!(lang, "Resumed after the hold", "解除挂起，继续处理"),
        Change::MovementRecorded(m) => {
            let (id, item) = (m.id, &m.item);
            let kind = labels::movement_kind(m.kind, lang);
            let direction = labels::direction(m.direction, lang);
            phrase!(
                lang,
                "Recorded movement #{id}: {kind} ({item}), {direction}",
                "登记货物流转 #{id}：{kind}（{item}），{direction}"
            )
        }
        Change::MovementAdvanced {
            movement,
            to,
            carrier,
            tracking,
        } => {
            let via = match (carrier, tracking) {
                (Some(c), Some(t)) => phrase!(lang, " via {c} ({t})", "，承运商 {c}（运单号 {t}）"),
                (Some(c), None) => phrase!(lang, " via {c}", "，承运商 {c}"),
                (None, Some(t)) => phrase!(lang, " ({t})", "（运单号 {t}）"),
                (None, None) => String::new(),
            };
            let state = labels::movement_state(*to, lang);
            phrase!(
                lang,
                "Movement #{movement}: {state}{via}",
                "货物流转 #{movement}：{state}{via}"
            )
        }
        Change::MoneyRequested(e) => {
            let (id, reason) = (e.id, &e.reason);
            let kind = labels::entry_kind(e.kind, lang);
            let amount = format::money(e.amount, lang);
            phrase!(
                lang,
                "Requested {kind} #{id} of {amount}: {reason}",
                "申请{kind} #{id}，金额 {amount}：{reason}"
            )
        }
        Change::MoneyApproved { entry } => {
            phrase!(lang, "Approved money entry #{entry}", "批准款项 #{entry}")
        }
        Change::MoneyRejected { entry, reason } => {
            phrase!(
                lang,
                "Rejected money entry #{entry}: {reason}",
                "驳回款项 #{entry}：{reason}"
            )
        }
        Change::MoneyPaid { entry, reference } if reference.is_empty() => {
            phrase!(lang, "Paid money entry #{entry}", "已支付款项 #{entry}")
        }
        Change::MoneyPaid { entry, reference } => phrase!(
            lang,
            "Paid money entry #{entry} (ref. {reference})",
            "已支付款项 #{entry}（付款凭证号 {reference}）"
        ),
        Change::Diagnosed(d) => {
            let (cause, resolution) = (labels::root_cause(d.root_cause, lang), &d.resolution);
            phrase!(
                lang,
                "Diagnosis: {cause} — {resolution}",
                "诊断：{cause}——{resolution}"
            )
        }
        Change::PriorityChanged { priority } => {
            let priority = labels::priority(*priority, lang);
            phrase!(
                lang,
                "Priority set to {priority}",
                "优先级改为「{priority}」"
            )
        }
        Change::Attached(a) => {
            let (kind, name, size) = (labels::attachment_kind(a.kind, lang), &a.name, a.size);
            phrase!(
                lang,
                "Attached {kind} {name} ({size} bytes)",
                "上传了{kind} {name}（{size} 字节）"
            )
        }
        Change::NotificationsSent { ids } => match ids.len() {
            1 => phrase!(
                lang,
                "Sent 1 notification to the customer",
                "已向客户发送 1 条通知"
            ),
            n => phrase!(
                lang,
                "Sent {n} notifications to the customer",
                "已向客户发送 {n} 条通知"
            ),
        },
        Change::NotificationsGaveUp { ids, attempts } => match ids.len() {
            1 => phrase!(
                lang,
                "Not delivered: 1 notification failed {attempts} attempts; no more retries",
                "未送达：1 条通知 {attempts} 次发送均失败，不再重试"
            ),
            n => phrase!(
                lang,
                "Not delivered: {n} notifications failed {attempts} attempts each; no more retries",
                "未送达：{n} 条通知各 {attempts} 次发送均失败，不再重试"
            ),
        },
        Change::CheckedIn { at, location } => {
            let (at, place) = (time(*at), located(location.is_some(), lang));
            phrase!(
                lang,
                "Checked in on site at {at}{place}",
                "{at} 到达现场签到{place}"
            )
        }
        Change::CheckedOut { at, location } => {
            let (at, place) = (time(*at), located(location.is_some(), lang));
            phrase!(
                lang,
                "Checked out at {at}{place}",
                "{at} 离开现场签退{place}"
            )
        }
        Change::Quoted(q) => {
            let (amount, work, n) = (format::money(q.amount, lang), &q.work, q.id);
            phrase!(
                lang,
                "Quote {n} to the customer: {amount} for {work}",
                "向客户报价 {n}：{amount}，用于{work}"
            )
        }
        Change::QuoteAnswered { quote, decision } => match decision {
            afterloop_domain::flow::quote::Decision::Accept => phrase!(
                lang,
                "The customer accepted quote {quote}",
                "客户接受了报价 {quote}"
            ),
            afterloop_domain::flow::quote::Decision::Decline => phrase!(
                lang,
                "The customer declined quote {quote}",
                "客户拒绝了报价 {quote}"
            ),
        },
        Change::SurveyAnswered { score, comment } => phrase!(
            lang,
            "Survey answered: {score}/5 {comment}",
            "客户完成满意度调查：{score}/5 分 {comment}"
        ),
    }
}

/// " (location recorded)" when a check-in or out carried the phone's position.
fn located(yes: bool, lang: Language) -> String {
    if yes {
        phrase!(lang, " (location recorded)", "（已记录位置）")
    } else {
        String::new()
    }
}
