//! The case page: its frame, facts, actions, the three flows and the SLA chips.

use afterloop_domain::case::Language;

use crate::phrase;

crate::catalogue! {
    /// The frame of the case page.
    pub CasePage {
        back: "← All cases", "← 全部工单";
        loading: "Loading case…", "正在加载工单…";
        unavailable: "Case not available", "无法打开此工单";
        on_hold: "On hold", "挂起中";
    }
}

crate::catalogue! {
    /// The facts of a case.
    pub Facts {
        label: "Facts", "工单信息";
        customer: "Customer", "客户";
        phone: "Phone", "电话";
        email: "Email", "邮箱";
        address: "Site address", "现场地址";
        model: "Model", "型号";
        serial: "Serial", "序列号";
        batch: "Batch", "批次";
        purchased: "Purchased", "购买日期";
        price_paid: "Price paid", "实付金额";
        warranty: "Warranty", "保修";
        priority: "Priority", "优先级";
        channel: "Channel", "来源渠道";
        owner: "Owner", "负责人";
        opened: "Opened", "创建时间";
        last_change: "Last change", "最后更新";
    }
}

crate::catalogue! {
    /// Moving the case on.
    pub Actions {
        moves: "Move to", "转到";
        no_moves: "This case is finished; it cannot move on.", "此工单已结束，不能再变更阶段。";
    }
}

crate::catalogue! {
    /// The information flow.
    pub Info {
        heading: "Information", "信息";
        description: "Customer's description", "客户描述";
        on_hold: "On hold", "挂起中";
        visit: "Visit", "上门";
        visits: "Visits on site", "上门记录";
        diagnosis: "Diagnosis", "诊断";
        survey: "Survey", "满意度调查";
        timeline: "Timeline", "处理记录";
        empty: "Nothing on the timeline yet.", "暂无处理记录。";
        photos: "Photos and signatures", "照片与签名";
        inbound: "From the customer", "客户来信";
        outbound: "To the customer", "发给客户";
    }
}

crate::catalogue! {
    /// A photo or signature: its thumbnail and the full view.
    pub Photos {
        close: "Close", "关闭";
        unavailable: "Image not available", "图片无法显示";
        loading: "Loading image…", "正在加载图片…";
    }
}

crate::catalogue! {
    /// The goods flow.
    pub Goods {
        heading: "Goods", "货物";
        empty: "No goods movements.", "暂无货物流转。";
        outstanding: "Outstanding", "待寄回";
        overdue: "Overdue", "逾期未回";
        add_photo: "Add photo", "添加照片";
        uploading: "Uploading photo…", "正在上传照片…";
    }
}

crate::catalogue! {
    /// The money flow.
    pub MoneyFlow {
        heading: "Money", "款项";
        empty: "No money entries.", "暂无款项记录。";
        no_balance: "No price paid recorded, so no balance.", "未记录实付金额，无法计算余额。";
        customer_paid: "Customer paid", "客户实付";
        paid_out: "Paid out", "已付出";
        pending_out: "Pending payouts", "待付款项";
        pending_in: "Pending charges", "待收款项";
    }
}

crate::catalogue! {
    /// A case's SLA clocks.
    pub Sla {
        label: "Service targets", "服务时效";
        /// Before the deadline: "due 23 Nov 2026, 17:41".
        due: "due", "截止";
    }
}

/// Since when a case is on hold, and why.
pub fn held_since(lang: Language, when: &str, reason: &str) -> String {
    phrase!(lang, "since {when}: {reason}", "自 {when} 起：{reason}")
}

/// A booked visit: who, from when to when.
pub fn visit(lang: Language, technician: &str, from: &str, to: &str) -> String {
    phrase!(
        lang,
        "{technician} from {from} to {to}",
        "{technician}，{from} 至 {to}"
    )
}

/// A visit made: who, when they arrived and, once they left, when.
pub fn visit_made(lang: Language, technician: &str, arrived: &str, left: Option<&str>) -> String {
    match left {
        Some(left) => phrase!(
            lang,
            "{technician}, on site {arrived} to {left}",
            "{technician}，{arrived} 至 {left} 在现场"
        ),
        None => phrase!(
            lang,
            "{technician}, on site since {arrived}",
            "{technician}，{arrived} 起在现场"
        ),
    }
}

/// A diagnosis: the root cause, the failed part if known, and the resolution.
pub fn diagnosis(lang: Language, cause: &str, part: Option<&str>, resolution: &str) -> String {
    match part {
        Some(part) => phrase!(
            lang,
            "{cause} ({part}): {resolution}",
            "{cause}（{part}）：{resolution}"
        ),
        None => phrase!(lang, "{cause}: {resolution}", "{cause}：{resolution}"),
    }
}

/// A survey answer: "4/5 Quick and friendly".
pub fn survey(lang: Language, score: u8, comment: &str) -> String {
    phrase!(lang, "{score}/5 {comment}", "{score}/5 分 {comment}")
}

/// The label of a thumbnail's button: "Open photo fault.jpg full size".
pub fn open_image(lang: Language, kind: &str, name: &str) -> String {
    phrase!(
        lang,
        "Open {kind} {name} full size",
        "查看{kind} {name} 大图"
    )
}

/// An outstanding unit not yet late: expected since it was authorised.
pub fn expected_since(lang: Language, when: &str) -> String {
    phrase!(
        lang,
        "Expected back (authorised {when})",
        "等待寄回（{when} 批准退回）"
    )
}

/// How long an outstanding unit has been awaited.
pub fn awaited_since(lang: Language, when: &str, days: i64) -> String {
    if days < 1 {
        phrase!(
            lang,
            "Awaited since {when} (under a day)",
            "自 {when} 起等待（不到一天）"
        )
    } else if days == 1 {
        phrase!(
            lang,
            "Awaited since {when} (1 day)",
            "自 {when} 起等待（1 天）"
        )
    } else {
        phrase!(
            lang,
            "Awaited since {when} ({days} days)",
            "自 {when} 起等待（{days} 天）"
        )
    }
}

/// A movement's serial number.
pub fn serial(lang: Language, serial: &str) -> String {
    phrase!(lang, "S/N {serial}", "序列号 {serial}")
}

/// A movement's order reference.
pub fn order(lang: Language, order: &str) -> String {
    phrase!(lang, "order {order}", "订单 {order}")
}

/// A movement's carrier.
pub fn carrier(lang: Language, carrier: &str) -> String {
    phrase!(lang, "via {carrier}", "承运商 {carrier}")
}

/// A movement's tracking number.
pub fn tracking(lang: Language, tracking: &str) -> String {
    phrase!(lang, "tracking {tracking}", "运单号 {tracking}")
}

/// A spare part's cost.
pub fn cost(lang: Language, cost: &str) -> String {
    phrase!(lang, "cost {cost}", "成本 {cost}")
}

/// A step of a money entry, by whom and when.
#[derive(Debug, Clone, Copy)]
pub enum Step {
    /// Asked for.
    Requested,
    /// Approved.
    Approved,
    /// Refused.
    Rejected,
    /// Paid.
    Paid,
}

/// "Requested by li.na, 23 Nov 2026, 17:41", "li.na 于 2026年11月23日 17:41 申请".
pub fn step(lang: Language, step: Step, by: &str, when: &str) -> String {
    match step {
        Step::Requested => phrase!(lang, "Requested by {by}, {when}", "{by} 于 {when} 申请"),
        Step::Approved => phrase!(lang, "Approved by {by}, {when}", "{by} 于 {when} 批准"),
        Step::Rejected => phrase!(lang, "Rejected by {by}, {when}", "{by} 于 {when} 驳回"),
        Step::Paid => phrase!(lang, "Paid by {by}, {when}", "{by} 于 {when} 付款"),
    }
}

/// Why a money entry was rejected.
pub fn rejection(lang: Language, reason: &str) -> String {
    phrase!(lang, "Reason: {reason}", "原因：{reason}")
}

/// A payment's reference.
pub fn reference(lang: Language, reference: &str) -> String {
    phrase!(lang, "Reference {reference}", "付款凭证号 {reference}")
}
