//! The sales rep's home and the quotes a customer answers: words for her
//! customers' cases, what they were told and what comes next, what waits
//! on whom, the briefing, and the quote's accept and decline.

use afterloop_domain::case::Language;
use afterloop_domain::flow::notify::Topic;

use crate::phrase;

crate::catalogue! {
    /// The sales rep's home.
    pub RepText {
        heading: "My customers' cases", "我的客户工单";
        lead: "Open cases of the customers you look after, as they see them.",
            "您负责的客户的未结工单，与客户看到的一致。";
        loading: "Loading your customers' cases…", "正在加载您客户的工单……";
        empty: "None of your customers has an open case.", "您的客户目前没有未结工单。";
        col_case: "Case", "工单";
        col_customer: "Customer", "客户";
        col_stage: "Stage", "阶段";
        col_told: "Last told", "最近通知";
        col_next: "What happens next", "下一步";
        col_waits: "Waiting on", "等待";
        told_none: "Nothing yet", "尚无通知";
        sending: "being sent", "发送中";
        not_delivered: "not delivered, gave up at", "未送达，停止重试于";
        done: "Finished", "已办结";
        by_when: "by", "不晚于";
        visit: "Technician visit", "技术员上门";
        paused: "Paused", "暂停";
        waits_you: "Us: the customer wrote", "我方：客户来信待回复";
        waits_nobody: "—", "—";
        quote_waiting: "Quote to accept", "待确认报价";
        quotes_heading: "Quotes waiting on your customers", "等待客户确认的报价";
        quotes_lead: "A word from you often helps the customer decide.",
            "您的一句话常能帮助客户做决定。";
        no_quotes: "No quote waits on your customers.", "目前没有等待客户确认的报价。";
        briefing_heading: "Frequent problems of your customers' products",
            "您客户产品的常见问题";
        briefing_lead: "From the last year's most frequent requests.", "取自近一年最常见的服务请求。";
        no_briefing: "No frequent problem recorded for these products.", "这些产品暂无常见问题记录。";
        not_diagnosed: "not diagnosed yet", "尚未诊断";
        new_case: "Open a case for a customer", "为客户新建工单";
        load_more: "Load more", "加载更多";
    }
}

crate::catalogue! {
    /// A quote, on the customer's page and the rep's.
    pub QuoteText {
        heading: "Your approval is needed", "需要您确认";
        lead: "This repair is not covered by the warranty. We go on once you accept the cost.",
            "此次维修不在保修范围内。您确认费用后我们再继续维修。";
        work: "Work", "维修内容";
        amount: "Cost", "费用";
        accept: "Accept and go on", "接受并继续维修";
        decline: "Decline", "拒绝";
        accepted: "You accepted this quote", "您已接受此报价";
        declined: "You declined this quote", "您已拒绝此报价";
        sending: "Sending…", "正在提交……";
        answered_accept: "Thank you: the repair goes on.", "谢谢，我们将继续维修。";
        staff_heading: "Quote the customer (out of warranty)", "向客户报价（保修外）";
        staff_send: "Send the quote to the customer", "发送报价给客户";
        staff_list: "Quotes", "报价";
        staff_open: "Waiting for the customer's answer", "等待客户答复";
        staff_accepted: "Accepted by the customer", "客户已接受";
        staff_declined: "Declined by the customer", "客户已拒绝";
        answered_decline: "Noted: we will not do this work. We will contact you about what happens next.",
            "已记录：我们不会进行此项维修，稍后会与您联系后续安排。";
    }
}

/// What a notification told the customer, in the rep's words.
pub fn topic(topic: Topic, lang: Language) -> String {
    match topic {
        Topic::Received => phrase!(lang, "Request received", "已受理申请"),
        Topic::Scheduled => phrase!(lang, "Visit booked", "已安排上门"),
        Topic::Shipped => phrase!(lang, "Goods shipped", "货品已发出"),
        Topic::Resolved => phrase!(lang, "Resolved", "问题已解决"),
        Topic::RefundPaid => phrase!(lang, "Refund paid", "退款已支付"),
        Topic::Survey => phrase!(lang, "Closed; survey asked", "已结案，邀请评价"),
    }
}

/// "Quote 1 · ¥800.00 since 2 Dec".
pub fn quote_line(lang: Language, n: u32, amount: &str, since: &str) -> String {
    phrase!(
        lang,
        "Quote {n} · {amount} · since {since}",
        "报价 {n} · {amount} · 自 {since}"
    )
}

/// "3 cases".
pub fn cases(lang: Language, n: u64) -> String {
    match n {
        1 => phrase!(lang, "1 case", "1 个工单"),
        n => phrase!(lang, "{n} cases", "{n} 个工单"),
    }
}

/// How the customer answered a quote, with when (`None` while it is open),
/// as staff and the rep read it.
pub fn answer(state: afterloop_domain::flow::quote::QuoteState, lang: Language) -> Option<String> {
    use afterloop_domain::flow::quote::QuoteState;
    let q = QuoteText::get(lang);
    match state {
        QuoteState::Open => None,
        QuoteState::Accepted { at } => Some(format!(
            "{} · {}",
            q.staff_accepted,
            super::format::time(at, lang)
        )),
        QuoteState::Declined { at } => Some(format!(
            "{} · {}",
            q.staff_declined,
            super::format::time(at, lang)
        )),
    }
}
