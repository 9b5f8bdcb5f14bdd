//! The technician's phone: today's jobs, one job on site, and the outbox.

crate::catalogue! {
    /// The job list.
    pub JobsText {
        title: "My jobs", "我的工单";
        today: "Today", "今天";
        earlier: "Earlier, still open", "之前（仍未完成）";
        later: "Upcoming", "即将上门";
        done: "Done", "已完成";
        on_hold: "On hold", "暂停中";
        none: "No jobs dispatched to you.", "目前没有派给您的工单。";
        loading: "Loading your jobs…", "正在加载工单…";
        offline_copy: "No signal: showing the jobs saved on this phone.", "无网络：显示手机上保存的工单。";
        not_saved: "No signal, and these jobs were never opened on this phone.", "无网络，且此手机上没有保存这些工单。";
        call: "Call", "拨打电话";
        navigate: "Navigate", "导航";
        window: "Visit", "上门时间";
        open_job: "Open job", "打开工单";
    }
}

crate::catalogue! {
    /// One job on site.
    pub JobText {
        back: "← My jobs", "← 我的工单";
        on_site_by: "On site by", "最晚到场";
        loading: "Loading job…", "正在加载工单…";
        unavailable: "This job is not available on this phone.", "此手机上无法打开该工单。";
        address: "Address", "地址";
        no_address: "No address on the case", "工单未填写地址";
        product: "Product", "产品";
        visit: "Visit", "上门";
        check_in: "Check in", "到达签到";
        check_out: "Check out", "离开签退";
        share_location: "Add my location", "附上我的位置";
        checked_in_at: "Checked in", "签到时间";
        checked_out_at: "Checked out", "签退时间";
        on_site: "On site", "在现场";
        note: "Note", "备注";
        note_placeholder: "What you found, what you did…", "发现的问题、所做的处理……";
        internal: "Internal note", "内部备注";
        public: "Message to the customer", "发给客户";
        save_note: "Save note", "保存备注";
        photos: "Photos", "照片";
        add_photos: "Take or add photos", "拍照或添加照片";
        photos_hint: "Shrunk to 1600 px on this phone before sending.", "发送前在手机上压缩到 1600 像素。";
        parts: "Parts used", "使用的备件";
        part: "Part", "备件";
        quantity: "Quantity", "数量";
        part_serial: "Part serial", "备件序列号";
        other_part: "Another part (type it)", "其他备件（手动输入）";
        add_part: "Add part", "添加备件";
        diagnosis: "Diagnosis", "诊断";
        root_cause: "Root cause", "根本原因";
        failed_part: "Failed part", "故障部件";
        resolution: "Resolution", "处理结果";
        save_diagnosis: "Save diagnosis", "保存诊断";
        signature: "Customer's signature", "客户签名";
        sign_here: "Ask the customer to sign in the box.", "请客户在框内签名。";
        clear: "Clear", "清除";
        save_signature: "Save signature", "保存签名";
        empty_signature: "The box is empty: ask the customer to sign first.", "签名框为空，请客户先签名。";
        finish: "Finish", "完成";
        resolve: "Mark resolved", "标记为已解决";
        take_unit: "Take the unit to the workshop", "将设备带回维修站";
        unit_item: "Unit", "设备";
        history: "History", "历史记录";
        previous: "Previous cases of this serial", "此序列号的历史工单";
        no_previous: "No earlier cases of this serial.", "此序列号没有历史工单。";
        kept: "Saved on this phone.", "已保存在手机上。";
        sent_at: "arrived", "送达于";
        hold: "Put on hold", "暂停工单";
        hold_reason: "Why (the customer sees it)", "原因（客户可见）";
        hold_save: "Put on hold", "暂停";
        on_hold: "On hold", "暂停中";
        resume: "Resume work", "恢复工单";
        goods: "Goods movement", "货物流转";
        goods_kind: "What moves", "物品类型";
        goods_direction: "From → to", "从 → 到";
        goods_item: "Item or part number", "物品或备件编号";
        goods_serial: "Serial number", "序列号";
        goods_save: "Record movement", "记录流转";
        photos_preview: "Check the photos before saving them.", "保存前请确认照片。";
        photos_save: "Save photos", "保存照片";
        photos_of: "What the photos show", "照片内容";
        photos_of_job: "The job (no goods movement)", "本工单（不关联货物流转）";
        photos_discard: "Discard", "放弃";
    }
}

crate::catalogue! {
    /// The outbox: what waits to be sent and what was sent.
    pub OutboxText {
        title: "Sending", "发送状态";
        online: "Online", "在线";
        offline: "Offline: everything is kept on this phone and sent when the signal returns.",
            "离线：所有记录都保存在手机上，恢复信号后自动发送。";
        waiting: "Waiting to send", "等待发送";
        sent: "Sent", "已发送";
        refused: "Not accepted", "未被接受";
        nothing: "Nothing recorded on this phone yet.", "此手机上还没有记录。";
        send_now: "Send now", "立即发送";
        sign_in: "Your session has ended: sign in again to send what waits.", "登录已失效：请重新登录以发送待发内容。";
        server: "The server had a problem; sending is retried.", "服务器出错，将自动重试发送。";
    }
}

/// By when a technician must be on site, `left` ms away (negative: passed):
/// "on site within 2 h 5 min", "on site: late by 35 min".
pub fn on_site_in(left: i64, lang: afterloop_domain::case::Language) -> String {
    let s = super::queues::age(left.abs(), lang);
    if left >= 0 {
        crate::phrase!(lang, "on site within {s}", "须在 {s}内到场")
    } else {
        crate::phrase!(lang, "on site: late by {s}", "到场已超时 {s}")
    }
}
