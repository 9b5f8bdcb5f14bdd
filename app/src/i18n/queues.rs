//! The work list's controls: search, counts, paging, sorting, the SLA
//! countdown and the technicians' visit days.

use afterloop_domain::case::Language;

use crate::phrase;

crate::catalogue! {
    /// The work list.
    pub Queues {
        search: "Search cases", "搜索工单";
        search_placeholder: "Case number, serial, phone or customer", "工单号、序列号、电话或客户名称";
        search_button: "Search", "搜索";
        clear: "Clear", "清除";
        results: "Search results", "搜索结果";
        no_results: "No case matches.", "没有匹配的工单。";
        load_more: "Load more", "加载更多";
        as_of: "As of", "截至";
        may_lag: "changes of the last minute may not show here yet; a case page is always current.", "最近一分钟的更改可能尚未在此显示；工单页面始终是最新的。";
        sort: "Sort", "排序";
        sort_list: "List order", "列表顺序";
        sort_newest: "Newest first", "最新优先";
        sort_oldest: "Oldest first", "最早优先";
        sort_priority: "Priority", "优先级";
        visits: "Visits", "上门";
        visits_heading: "Scheduled visits", "上门安排";
        technician: "Technician", "技术员";
        day: "Day", "日期";
        stage: "Stage", "阶段";
        by_stage: "By stage", "按阶段";
        kind: "Kind", "类型";
        breached: "Breached", "已超时";
        at_risk: "At risk", "即将超时";
        col_case: "Case", "工单";
        col_stage: "Stage", "阶段";
        col_priority: "Priority", "优先级";
        col_sla: "SLA due", "时限";
        col_owner: "Owner", "负责人";
        col_customer: "Customer", "客户";
        col_age: "Age", "已开";
        col_amount: "Amount", "金额";
        col_payee: "Payee", "收款方";
        col_waiting: "Waiting", "等待";
        col_item: "Item", "物品";
        customer_pays: "Customer pays us", "客户付款给我们";
        no_clock: "—", "—";
        sort_by: "Sort by this column", "按此列排序";
        new_case: "New case", "新建工单";
        close: "Close", "关闭";
        intake_heading: "Open a case", "新建工单";
    }
}

/// How old a case is: "3 d 4 h".
pub fn age(ms: i64, lang: Language) -> String {
    span(ms, lang)
}

fn span(ms: i64, lang: Language) -> String {
    let minutes = (ms.abs() / 60_000).max(1);
    let (d, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    match lang {
        Language::En if d > 0 => format!("{d} d {h} h"),
        Language::En if h > 0 => format!("{h} h {m} min"),
        Language::En => format!("{m} min"),
        Language::ZhCn if d > 0 => format!("{d} 天 {h} 小时"),
        Language::ZhCn if h > 0 => format!("{h} 小时 {m} 分钟"),
        Language::ZhCn => format!("{m} 分钟"),
    }
}

/// A deadline `left` ms away (negative: passed): "due in 2 h 5 min",
/// "overdue by 35 min".
pub fn countdown(left: i64, lang: Language) -> String {
    let s = span(left, lang);
    if left >= 0 {
        phrase!(lang, "due in {s}", "剩余 {s}")
    } else {
        phrase!(lang, "overdue by {s}", "超出 {s}")
    }
}

/// How long a row has waited: "waiting 3 d 4 h".
pub fn waiting(ms: i64, lang: Language) -> String {
    let s = span(ms, lang);
    phrase!(lang, "waiting {s}", "已等待 {s}")
}
