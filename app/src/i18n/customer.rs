//! The customer's pages: finding a case, its status, messages, the survey
//! and the new-request form.

use afterloop_domain::case::{Language, RefundStage, RepairStage, ReturnStage, Status};

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
        request_lead: "Tell us about the product and the problem. We answer within one working day.",
            "请告诉我们产品和问题，我们会在一个工作日内回复。";
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
