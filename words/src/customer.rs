//! The customer's pages: finding a case, its status, messages, the survey
//! and the new-request form.

use afterloop_domain::case::{Language, RefundStage, RepairStage, ReturnStage, Status};
use afterloop_domain::view::{CustomerProduct, NextStep, PublicVisit};

use crate::format;

crate::catalogue! {
    /// Words of the customer's pages.
    pub CustomerText {
        brand: "Afterloop service", "售后服务";
        find_title: "Where is my repair?", "查询维修进度";
        find_lead: "Enter your case number and the phone number or email you gave us.",
            "请输入工单号，以及您留给我们的电话或邮箱。";
        case_number: "Case number", "工单号";
        case_example: "e.g. AL-1001", "例如 AL-1001";
        contact: "Phone or email", "电话或邮箱";
        find: "Show my case", "查询";
        not_found: "We found no case with that number and contact. Check both and try again.",
            "没有找到与该工单号和联系方式相符的工单，请核对后重试。";
        new_request_link: "Something else? Open a new request", "其他问题？提交新的服务申请";
        loading: "Loading…", "正在加载……";
        link_invalid: "This link opens no case. Check it, or find your case by number.",
            "此链接无法打开工单。请核对链接，或用工单号查询。";
        find_by_number: "Find my case by number", "用工单号查询";
        stage_now: "Now", "当前进度";
        progress: "Progress", "进度";
        next: "What happens next", "下一步";
        by_when: "by", "预计不晚于";
        done_here: "Nothing more to do: this case is finished.", "此工单已办结，无需其他操作。";
        visit: "Technician visit", "技术员上门";
        arrived: "Technician arrived", "技术员到达";
        shipments: "Shipments", "物流";
        track_parcel: "Track", "查询物流";
        carrier: "Carrier", "承运商";
        tracking: "Tracking number", "运单号";
        money: "Refunds and payments", "退款与费用";
        paid_on: "paid on", "付款日期";
        messages: "Messages", "消息";
        no_messages: "No messages yet.", "暂无消息。";
        you: "You", "您";
        us: "Service team", "客服团队";
        reply: "Write to us", "给我们留言";
        reply_placeholder: "Your question or news about the unit…", "您的问题或设备的最新情况……";
        send: "Send", "发送";
        add_photo: "Add a photo", "添加照片";
        sent: "Sent. We will answer here and by message.", "已发送，我们会在此处并通过短信回复您。";
        photo_sent: "Photo sent.", "照片已发送。";
        survey: "How did we do?", "您对本次服务满意吗？";
        survey_lead: "Rate the service from 1 (poor) to 5 (excellent).", "请为本次服务打分：1 分（很差）到 5 分（很好）。";
        comment: "Comment (optional)", "意见（选填）";
        send_rating: "Send rating", "提交评价";
        thanks: "Thank you for your rating", "感谢您的评价";
        choose_score: "Choose a score from 1 to 5.", "请选择 1 到 5 分。";
        request_title: "New service request", "新的服务申请";
        request_lead: "Tell us about the product and the problem. Once you send it, we tell you when we answer.",
            "请告诉我们产品和问题。提交后，我们会告诉您何时答复。";
        what: "What do you need?", "您需要什么服务？";
        product: "Product", "产品";
        model: "Model", "型号";
        serial: "Serial number", "序列号";
        serial_hint: "On the label on the back or side of the unit.", "在设备背面或侧面的铭牌上。";
        purchase_date: "Purchase date", "购买日期";
        price: "Price paid (yuan)", "实付金额（元）";
        description: "What is wrong?", "出现了什么问题？";
        you_contact: "How we reach you", "联系方式";
        name: "Name", "姓名";
        phone: "Phone", "电话";
        email: "Email", "邮箱";
        address: "Address (for a technician visit)", "地址（上门服务用）";
        photos: "Photos of the unit or the fault (optional)", "设备或故障照片（选填）";
        submit: "Send request", "提交申请";
        checking: "Checking the form…", "正在校验……";
        fix_fields: "Please correct the fields marked below.", "请更正下面标出的内容。";
        received: "Request received", "申请已收到";
        your_number: "Your case number is", "您的工单号是";
        keep_link: "Keep this link: it shows your case at any time, without an account.",
            "请保存此链接：无需注册，随时可查看工单进度。";
        open_case: "Open my case", "查看我的工单";
        required_note: "Fields marked * are required.", "带 * 的为必填项。";
        contact_note: "Give a phone number, an email, or both: at least one.", "电话和邮箱至少填写一项。";
        choose_photos: "Choose photos", "选择照片";
        photos_none: "No photo chosen.", "未选择照片。";
        remove_photo: "Remove photo", "移除照片";
        photo_alt: "Photo you chose", "您选择的照片";
        your_link: "Your case link", "您的工单链接";
        copy_link: "Copy link", "复制链接";
        copied: "Copied", "已复制";
        copy_failed: "Could not copy: select the link and copy it by hand.", "无法自动复制，请长按链接手动复制。";
        share_link: "Share", "分享";
        share_title: "My service request", "我的售后申请";
        contact_us_how: "How we contact you", "我们如何联系您";
        visit_past: "Technician visits", "技术员上门记录";
        left_at: "left", "离开";
        send_photo_hint: "Check the photo, then press Send.", "请确认照片后点击“发送”。";
        reply_empty: "Write a message or add a photo first.", "请先填写留言或添加照片。";
        survey_poor: "1 = poor", "1 = 很差";
        survey_excellent: "5 = excellent", "5 = 很好";
        waiting_on_you: "We need something from you", "需要您配合";
        language: "Language", "语言";
        form_needs_script: "Sending this form needs JavaScript.", "提交此表单需要启用 JavaScript。";
        needs_script: "Replying, sending photos, answering a quote and rating the service need JavaScript.",
            "留言、发送照片、答复报价和评价服务需要启用 JavaScript。";
    }
}

/// What happens next, as the customer's page and the request's
/// confirmation say it (a sales rep can show the same words): `hold` is the
/// reason the case waits on the customer, if it does.
pub fn next_text(next: NextStep, hold: Option<&str>, lang: Language) -> String {
    use crate::phrase;
    match next {
        NextStep::Answer { by } => {
            let (day, clock) = (by.day(lang), by.clock());
            phrase!(
                lang,
                "We answer you by {day}, {clock}.",
                "我们将在 {day}{clock} 前答复您。"
            )
        }
        NextStep::AnswerSoon => phrase!(
            lang,
            "We answer you as soon as we can.",
            "我们会尽快答复您。"
        ),
        NextStep::Visit { window } => {
            let w = window.text(lang);
            phrase!(lang, "A technician visits on {w}.", "技术员将于 {w} 上门。")
        }
        NextStep::TechnicianOnSite => {
            phrase!(lang, "The technician is with you now.", "技术员正在现场。")
        }
        NextStep::AnswerQuote { amount } => {
            let amount = format::money(amount, lang);
            phrase!(
                lang,
                "The repair waits for your answer to the quote of {amount}.",
                "维修正在等待您对 {amount} 报价的答复。"
            )
        }
        NextStep::Paused => match hold {
            Some(reason) => phrase!(lang, "The work is paused: {reason}", "工作暂停：{reason}"),
            None => phrase!(lang, "The work is paused for now.", "工作暂时暂停。"),
        },
        NextStep::Review => phrase!(
            lang,
            "We review your request and tell you what comes next.",
            "我们正在审核您的申请，会告诉您下一步安排。"
        ),
        NextStep::Plan => phrase!(
            lang,
            "We are planning the repair and tell you when a technician comes, or where to send the unit.",
            "我们正在安排维修，会通知您技术员上门的时间或寄修地址。"
        ),
        NextStep::SendUnit => phrase!(
            lang,
            "Please send the unit to us; the address is in the messages below.",
            "请将设备寄给我们，地址见下方消息。"
        ),
        NextStep::UnitOnItsWay => phrase!(
            lang,
            "Your unit is on its way to us; we tell you when it arrives.",
            "您的设备正在寄往我们的途中，到达后我们会通知您。"
        ),
        NextStep::Repair => phrase!(
            lang,
            "We are repairing the unit and tell you when it is done.",
            "我们正在维修，完成后会通知您。"
        ),
        NextStep::Inspect => phrase!(
            lang,
            "We inspect the unit and tell you the result.",
            "我们将检测设备并告诉您结果。"
        ),
        NextStep::Settle => phrase!(
            lang,
            "We prepare your exchange or refund.",
            "我们正在为您办理换货或退款。"
        ),
        NextStep::Payment => phrase!(
            lang,
            "Your refund is approved and will be paid soon.",
            "退款已批准，将尽快支付。"
        ),
        NextStep::CheckResult => phrase!(
            lang,
            "Tell us below if anything is still wrong.",
            "如仍有问题，请在下方告诉我们。"
        ),
        NextStep::Rate => phrase!(
            lang,
            "Please rate our service below.",
            "请在下方为本次服务打分。"
        ),
        NextStep::Done => CustomerText::get(lang).done_here.to_owned(),
    }
}

/// A stage as the customer reads it: what it means for them, not the
/// company's word for it (no "Triaged").
pub fn stage(status: Status, lang: Language) -> &'static str {
    use RefundStage as F;
    use RepairStage as P;
    use ReturnStage as T;
    let (en, zh) = match status {
        Status::Repair(P::New) | Status::Return(T::Requested) | Status::Refund(F::Requested) => {
            ("Request received", "已收到申请")
        }
        Status::Repair(P::Triaged) => ("Being planned", "安排中"),
        Status::Repair(P::Scheduled) => ("Visit booked", "已预约上门"),
        Status::Repair(P::AwaitingUnit) => ("Waiting for your unit", "等待设备寄达"),
        Status::Repair(P::InRepair) => ("Being repaired", "维修中"),
        Status::Repair(P::Resolved) => ("Repaired", "已修好"),
        Status::Return(T::Authorised) => ("Return approved", "退货已批准"),
        Status::Return(T::InTransit) => ("Unit on its way", "设备寄回中"),
        Status::Return(T::Received) => ("Unit received", "已收到设备"),
        Status::Return(T::Inspected) => ("Unit checked", "设备已检测"),
        Status::Return(T::Exchanged) => ("Exchanged", "已换货"),
        Status::Return(T::Refunded) => ("Refunded", "已退款"),
        Status::Return(T::Rejected) | Status::Refund(F::Rejected) => ("Not accepted", "未被接受"),
        Status::Refund(F::Approved) => ("Refund approved", "退款已批准"),
        Status::Refund(F::Paid) => ("Refund paid", "退款已支付"),
        Status::Repair(P::Closed) | Status::Return(T::Closed) | Status::Refund(F::Closed) => {
            ("Finished", "已办结")
        }
        Status::Repair(P::Cancelled) | Status::Return(T::Cancelled) => ("Cancelled", "已取消"),
    };
    match lang {
        Language::En => en,
        Language::ZhCn => zh,
    }
}

/// What a stage means for the customer, in one sentence.
pub fn explain(status: Status, lang: Language) -> &'static str {
    use RefundStage as F;
    use RepairStage as P;
    use ReturnStage as T;
    let (en, zh) = match status {
        Status::Repair(P::New) => (
            "We have your request and will look at it shortly.",
            "我们已收到您的申请，将尽快处理。",
        ),
        Status::Repair(P::Triaged) => (
            "We have reviewed the problem and are planning the repair.",
            "我们已了解问题，正在安排维修。",
        ),
        Status::Repair(P::Scheduled) => (
            "A technician visit is booked; see the time below.",
            "已安排技术员上门，时间见下方。",
        ),
        Status::Repair(P::AwaitingUnit) => (
            "We are waiting for the unit to reach our workshop.",
            "我们正在等待设备送达维修站。",
        ),
        Status::Repair(P::InRepair) => ("Your unit is being repaired.", "您的设备正在维修中。"),
        Status::Repair(P::Resolved) => (
            "The repair is done. We will close the case once you are satisfied.",
            "维修已完成，确认无误后我们将关闭工单。",
        ),
        Status::Repair(P::Closed) => (
            "The repair is finished and the case is closed.",
            "维修已完成，工单已关闭。",
        ),
        Status::Repair(P::Cancelled) => ("This request was cancelled.", "此申请已取消。"),
        Status::Return(T::Requested) => (
            "We have your return request and will review it shortly.",
            "我们已收到您的退货申请，将尽快审核。",
        ),
        Status::Return(T::Authorised) => (
            "Your return is approved: please send the unit back.",
            "退货已批准，请将设备寄回。",
        ),
        Status::Return(T::InTransit) => ("The unit is on its way to us.", "设备正在寄回途中。"),
        Status::Return(T::Received) => (
            "We have received the unit and will inspect it.",
            "我们已收到设备，将进行检测。",
        ),
        Status::Return(T::Inspected) => (
            "The unit is inspected; the exchange or refund comes next.",
            "设备已检测完毕，接下来办理换货或退款。",
        ),
        Status::Return(T::Exchanged) => {
            ("Your replacement unit is on its way.", "换货设备已发出。")
        }
        Status::Return(T::Refunded) => ("Your refund is paid.", "退款已支付。"),
        Status::Return(T::Rejected) => (
            "We could not accept this return; see the messages below.",
            "此次退货未被接受，详见下方消息。",
        ),
        Status::Return(T::Closed) => (
            "The return is finished and the case is closed.",
            "退货已办结，工单已关闭。",
        ),
        Status::Return(T::Cancelled) => ("This return was cancelled.", "此退货已取消。"),
        Status::Refund(F::Requested) => (
            "We have your refund request and will review it shortly.",
            "我们已收到您的退款申请，将尽快审核。",
        ),
        Status::Refund(F::Approved) => (
            "Your refund is approved and will be paid soon.",
            "退款已批准，将尽快支付。",
        ),
        Status::Refund(F::Rejected) => (
            "We could not accept this refund; see the messages below.",
            "此次退款未被接受，详见下方消息。",
        ),
        Status::Refund(F::Paid) => ("Your refund is paid.", "退款已支付。"),
        Status::Refund(F::Closed) => (
            "The refund is finished and the case is closed.",
            "退款已办结，工单已关闭。",
        ),
    };
    match lang {
        Language::En => en,
        Language::ZhCn => zh,
    }
}

/// The product as the customer's page names it: "Product: X-200 · Serial
/// number: SN-1".
pub fn product_line(product: &CustomerProduct, lang: Language) -> String {
    use crate::phrase;
    let t = CustomerText::get(lang);
    let (label, model) = (t.product, &product.model);
    match &product.serial {
        Some(serial) => {
            let serial_label = t.serial;
            phrase!(
                lang,
                "{label}: {model} · {serial_label}: {serial}",
                "{label}：{model} · {serial_label}：{serial}"
            )
        }
        None => phrase!(lang, "{label}: {model}", "{label}：{model}"),
    }
}

/// Where a milestone of the journey stands for the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    /// Passed (or the last one, reached and final).
    Done,
    /// Where the case is now.
    Current,
    /// Still ahead.
    Todo,
}

impl StepState {
    /// The class and `data-state` the page gives it.
    pub const fn as_str(self) -> &'static str {
        match self {
            StepState::Done => "done",
            StepState::Current => "current",
            StepState::Todo => "todo",
        }
    }
}

/// The milestones of the branch the case took, each with where it stands.
pub fn journey(status: Status) -> Vec<(Status, StepState)> {
    let steps = status.journey();
    let at = steps.iter().position(|s| *s == status).unwrap_or(0);
    let last = steps.len().saturating_sub(1);
    steps
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let state = if i < at || (i == at && i == last && status.is_terminal()) {
                StepState::Done
            } else if i == at {
                StepState::Current
            } else {
                StepState::Todo
            };
            (s, state)
        })
        .collect()
}

/// The technician's visits, one line each: "Technician arrived: … · left: …".
pub fn visit_lines(visits: &[PublicVisit], lang: Language) -> Vec<String> {
    let t = CustomerText::get(lang);
    visits
        .iter()
        .map(|v| {
            let arrived = format::time(v.checked_in, lang);
            match v.checked_out {
                Some(out) => format!(
                    "{}: {arrived} · {}: {}",
                    t.arrived,
                    t.left_at,
                    format::time(out, lang)
                ),
                None => format!("{}: {arrived}", t.arrived),
            }
        })
        .collect()
}

/// The address of a parcel's tracking page for its number.
pub fn tracking_url(number: &str) -> String {
    format!(
        "https://www.kuaidi100.com/chaxun?nu={}",
        String::from(js_sys::encode_uri_component(number))
    )
}
