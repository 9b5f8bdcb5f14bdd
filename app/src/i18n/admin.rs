//! The administration page (managers): users and roles, the SLA policy,
//! approval limits and the root-cause taxonomy.

use afterloop_domain::case::Language;

crate::catalogue! {
    /// The administration page.
    pub Admin {
        title: "Administration", "系统管理";
        nav: "Admin", "管理";
        users: "Users and roles", "用户与角色";
        name: "User name", "用户名";
        display_name: "Name shown", "显示名称";
        role: "Role", "角色";
        language: "Language", "语言";
        status: "Status", "状态";
        active: "Active", "正常";
        disabled: "Disabled", "已停用";
        disable: "Disable", "停用";
        enable: "Enable", "启用";
        you: "you", "本人";
        add_user: "Add a user", "新增用户";
        password: "First password (10+ characters)", "初始密码(至少 10 位)";
        create: "Create user", "创建用户";
        creating: "Creating…", "创建中…";
        created: "User created.", "用户已创建。";
        saved: "Saved.", "已保存。";
        sla: "Service levels (SLA)", "服务时效(SLA)";
        metric: "Clock", "时效项";
        applies_to: "Applies to", "适用于";
        within: "Within", "时限";
        counted: "Counted in", "计时方式";
        business_hours: "business hours", "工作时间";
        all_hours: "7x24", "7x24 小时";
        any: "any", "全部";
        region_capital: "provincial capital", "省会城市";
        region_other: "elsewhere", "其他地区";
        holidays: "holidays", "个节假日";
        calendar: "Business calendar", "工作日历";
        at_risk: "At risk when this share of the time is left", "剩余时间低于此比例时预警";
        approvals: "Approval limits", "审批额度";
        staff_limit: "Staff may approve up to", "客服可独立审批至";
        intake_owner: "New public requests go to", "客户自助提交的工单分派给";
        taxonomy: "Root-cause taxonomy", "根因分类";
        code: "Code", "代码";
        label: "Label", "名称";
        managers_only: "Only managers can see this page.", "仅经理可查看此页面。";
    }
}

/// "4 h" / "4 小时", "30 min" / "30 分钟", "2 d" / "2 天".
pub fn duration(minutes: u32, lang: Language) -> String {
    let (n, unit_en, unit_zh) = if minutes.is_multiple_of(1440) {
        (minutes / 1440, "d", "天")
    } else if minutes.is_multiple_of(60) {
        (minutes / 60, "h", "小时")
    } else {
        (minutes, "min", "分钟")
    };
    match lang {
        Language::En => format!("{n} {unit_en}"),
        Language::ZhCn => format!("{n} {unit_zh}"),
    }
}

/// "Mon Tue Wed Thu Fri 09:00–18:00 (UTC+8)"; `workdays` count from 0 = Monday.
pub fn business_week(
    workdays: &[u8],
    open: u16,
    close: u16,
    offset: i32,
    lang: Language,
) -> String {
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    let names = match lang {
        Language::En => EN,
        Language::ZhCn => ZH,
    };
    let days: Vec<&str> = workdays
        .iter()
        .filter_map(|d| names.get(usize::from(*d)).copied())
        .collect();
    format!(
        "{} {:02}:{:02}–{:02}:{:02} (UTC{:+})",
        days.join(" "),
        open / 60,
        open % 60,
        close / 60,
        close % 60,
        offset / 60
    )
}
