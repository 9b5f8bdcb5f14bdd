//! The case page's action forms: assigning, priority, holds, notes, the
//! technician's visit, the diagnosis, goods movements and money entries.
//! Names of domain values come from [`crate::labels`] and most error codes
//! from [`super::errors`]; here are the forms' own words and the few
//! refusals only these forms meet (approving one's own request, a staff
//! limit, an arrival window).

use afterloop_domain::case::Language;
use afterloop_domain::flow::goods::MovementState;

use crate::phrase;

crate::catalogue! {
    /// The action forms of the case page.
    pub CaseActions {
        sending: "Sending…", "提交中…";
        fix_fields: "Please correct the fields marked below.", "请更正下面标出的字段。";
        choose: "Choose…", "请选择…";
        choose_technician: "Choose a technician…", "请选择技术员…";
        workload_loading: "counting visits…", "正在统计上门…";

        assign_title: "Assign owner", "指派负责人";
        assign_owner: "New owner", "新负责人";
        assign_submit: "Assign", "指派";

        priority_title: "Priority", "优先级";

        purchase_title: "Confirm the purchase", "核实购买信息";
        purchase_stated: "The customer stated a price of", "客户自述的价格：";
        purchase_price: "Price paid (yuan)", "实付金额（元）";
        purchase_date: "Purchase date", "购买日期";
        purchase_months: "Warranty (months)", "保修期（月）";
        purchase_submit: "Confirm", "确认";

        hold_title: "Put on hold", "挂起";
        hold_reason: "Reason (the customer sees it)", "原因（客户可见）";
        hold_submit: "Put on hold", "挂起";
        resume: "Resume", "恢复处理";

        note_label: "Note or message", "备注或消息";
        note_hint: "An internal note stays with staff; a message to the customer is visible to them.",
            "内部备注仅员工可见；发给客户的消息客户可以看到。";
        note_internal: "Save internal note", "保存内部备注";
        note_public: "Send to customer", "发送给客户";

        dispatch_title: "Dispatch a technician", "派工";
        technician: "Technician", "技术员";
        visit_date: "Visit date", "上门日期";
        window_from: "From", "开始";
        window_to: "To", "结束";
        window_hint: "China time (UTC+8).", "北京时间（UTC+8）。";
        dispatch_submit: "Dispatch", "派工";

        diagnose_title: "Diagnosis", "诊断";
        root_cause: "Root cause", "根因";
        failed_part: "Failed part (optional)", "故障部件（可选）";
        resolution: "Resolution: what was done", "处理结果：做了什么";
        diagnose_submit: "Save diagnosis", "保存诊断";

        movement_title: "Record a goods movement", "登记货物流转";
        movement_kind: "What moves", "货物类型";
        movement_direction: "From → to", "流向";
        movement_item: "Item or part number", "物品或部件编号";
        movement_serial: "Serial (optional)", "序列号（可选）";
        movement_carrier: "Carrier (optional)", "承运商（可选）";
        movement_tracking: "Tracking no. (optional)", "运单号（可选）";
        movement_submit: "Record movement", "登记";
        advance_authorised: "Mark authorised", "标记为已授权";
        advance_shipped: "Mark shipped", "标记为已发货";
        advance_received: "Mark received", "标记为已收货";
        advance_inspected: "Mark inspected", "标记为已检验";
        advance_consumed: "Mark consumed", "标记为已使用";

        money_title: "Request money", "申请款项";
        money_kind: "Kind", "类型";
        money_direction: "Which way", "方向";
        money_amount_hint: "e.g. 3000.00, at most two decimals", "例如 3000.00，最多两位小数";
        money_reason: "Reason", "原因";
        money_submit: "Request", "提交申请";

        approve: "Approve", "批准";
        reject_toggle: "Reject…", "驳回…";
        reject_reason: "Why reject", "驳回原因";
        reject: "Reject", "驳回";
        pay_reference: "Payment reference", "付款凭证号";
        pay: "Mark paid", "标记已付款";
        own_request: "You requested it; another approver must decide.",
            "这是您提交的申请，须由其他审批人决定。";
        confirm_approve_title: "Approve this payment?", "确认批准这笔款项？";
        confirm_pay_title: "Mark this payment as paid?", "确认标记为已付款？";
        confirm_amount: "Amount", "金额";
        confirm_payee: "Payee", "收款方";
        confirm_kind: "For", "款项";
        confirm_reference: "Payment reference", "付款凭证号";
        confirm_cancel: "Cancel", "取消";
        confirm_approve: "Yes, approve", "确认批准";
        confirm_pay: "Yes, mark paid", "确认已付款";
        payee_company: "the company (charged to the customer)", "本公司（向客户收取）";
        manager_required: "Above the staff approval limit; a manager must approve.",
            "超出员工审批额度，须由经理审批。";

        choose_user: "Choose a user.", "请选择用户。";
        choose_cause: "Choose the root cause.", "请选择根因。";
        date_invalid: "Choose a date.", "请选择日期。";
        time_invalid: "Enter a time such as 09:30.", "请输入时间，例如 09:30。";
        window_order: "The window must end after it starts.", "结束时间须晚于开始时间。";
        window_invalid: "The window must end 15 minutes to 24 hours after it starts.",
            "时间段须在开始后 15 分钟至 24 小时内结束。";
        amount_invalid: "Enter an amount such as 3000.00 (at most two decimals).",
            "请输入金额，例如 3000.00（最多两位小数）。";
        currency_mismatch: "Use the currency the customer paid in.", "请使用客户付款的币种。";
        repairs_only: "Only repairs allow this.", "只有维修工单可以这样做。";
    }
}

impl CaseActions {
    /// The button that advances a movement to `s`.
    pub fn advance(&self, s: MovementState) -> &'static str {
        match s {
            MovementState::Authorised => self.advance_authorised,
            MovementState::Shipped => self.advance_shipped,
            MovementState::Received => self.advance_received,
            MovementState::Inspected => self.advance_inspected,
            MovementState::Consumed => self.advance_consumed,
        }
    }

    /// A field error only these forms meet, by its code.
    pub fn field_error(&self, code: &str) -> Option<&'static str> {
        Some(match code {
            "invalid_window" => self.window_invalid,
            "currency_mismatch" => self.currency_mismatch,
            "repairs_only" => self.repairs_only,
            _ => return None,
        })
    }

    /// A refusal only these forms meet, by its code.
    pub fn error(&self, code: &str) -> Option<&'static str> {
        Some(match code {
            "self_approval" => self.own_request,
            "manager_required" => self.manager_required,
            _ => return None,
        })
    }
}

/// Who owns the case now.
pub fn owner_now(lang: Language, owner: &str) -> String {
    phrase!(lang, "Now: {owner}", "当前：{owner}")
}

/// Why and since when the case is on hold.
pub fn held(lang: Language, since: &str, reason: &str) -> String {
    phrase!(
        lang,
        "On hold since {since}: {reason}",
        "自 {since} 起挂起：{reason}"
    )
}

/// The visit already booked.
pub fn booked(lang: Language, technician: &str, from: &str, to: &str) -> String {
    phrase!(
        lang,
        "Booked: {technician}, {from} – {to}",
        "已派工：{technician}，{from} – {to}"
    )
}

/// The buttons that advance movement `n`.
pub fn advance_group(lang: Language, n: u32) -> String {
    phrase!(lang, "Advance movement #{n}", "推进货物流转 #{n}")
}

/// The amount's label, with its currency.
pub fn amount(lang: Language, currency: &str) -> String {
    phrase!(lang, "Amount ({currency})", "金额（{currency}）")
}

/// Why staff may not approve an amount: above their limit.
pub fn above_limit(lang: Language, limit: &str) -> String {
    phrase!(
        lang,
        "Above your approval limit of {limit}; a manager must approve.",
        "超出您的审批额度 {limit}，须由经理审批。"
    )
}

/// Why staff may not approve an amount: no limit in its currency.
pub fn no_limit(lang: Language, currency: &str) -> String {
    phrase!(
        lang,
        "Staff may not approve {currency} entries; a manager must approve.",
        "员工不能审批 {currency} 款项，须由经理审批。"
    )
}

/// The move that takes a closed case back to work.
pub fn reopen(lang: Language, stage: &str) -> String {
    phrase!(lang, "Reopen → {stage}", "重新打开 → {stage}")
}

/// A technician in the dispatch picker with their visits on the chosen day:
/// "Wu Gang (wu.gang) · 3 visits that day".
pub fn with_workload(lang: Language, who: &str, visits: usize, more: bool) -> String {
    let plus = if more { "+" } else { "" };
    match visits {
        0 => phrase!(lang, "{who} · free that day", "{who} · 当天无上门"),
        1 => phrase!(lang, "{who} · 1 visit that day", "{who} · 当天 1 次上门"),
        n => phrase!(
            lang,
            "{who} · {n}{plus} visits that day",
            "{who} · 当天 {n}{plus} 次上门"
        ),
    }
}

/// The payee of a payout: the customer, by name.
pub fn payee_customer(lang: Language, name: &str) -> String {
    phrase!(lang, "{name} (the customer)", "{name}（客户）")
}
