//! The form that opens a case.

crate::catalogue! {
    /// The new-case form.
    pub Intake {
        heading: "Open a case", "新建工单";
        case: "The case", "工单";
        customer: "Customer", "客户";
        product: "Product", "产品";
        kind: "Kind", "类型";
        channel: "Channel", "来源渠道";
        priority: "Priority", "优先级";
        title: "Title", "标题";
        title_example: "e.g. Inverter shows error E07 after storm", "例如：暴雨后逆变器报错 E07";
        name: "Name or company", "姓名或公司";
        phone: "Phone", "电话";
        email: "Email", "邮箱";
        address: "Site address", "上门地址";
        contact_hint: "A phone number or an email address.", "电话和邮箱至少填写一项。";
        model: "Model", "型号";
        serial: "Serial number", "序列号";
        purchase_date: "Purchase date", "购买日期";
        price: "Price paid (CNY)", "实付金额（元）";
        price_hint: "In yuan, e.g. 1280.00. Required for returns and refunds.",
            "以元为单位，例如 1280.00。退货和退款必填。";
        description: "Description", "问题描述";
        description_example: "What the customer reports, in their words.", "客户反映的问题，尽量使用客户原话。";
        fix_fields: "Please correct the fields marked below.", "请修改下方标出的字段。";
        submit: "Open case", "创建工单";
        submitting: "Opening…", "正在创建…";
        choose: "Choose…", "请选择…";
        /// Before the new case's number, as a link: "Case AL-1001 opened."
        opened_before: "Case ", "工单 ";
        /// After the new case's number.
        opened_after: " opened.", " 已创建。";
    }
}
