//! The home page: the work lists of cases.

use afterloop_domain::case::Language;

use afterloop_domain::wire::RowItem;

use crate::api::Queue;
use crate::{labels, phrase};

crate::catalogue! {
    /// The work list beside the new-case form.
    pub Cases {
        lists: "Work lists", "工作列表";
        loading: "Loading cases…", "正在加载工单…";
        empty_recent: "No cases yet. Open the first one with the form.",
            "还没有工单。请用表单创建第一个工单。";
        empty: "Nothing in this list right now.", "此列表目前没有内容。";
        more: "Showing the first cases of this list.", "仅显示此列表的前若干条工单。";
        on_hold: "On hold", "挂起中";
    }
}

/// A tab's label and its heading ([`Queue::TABS`]); the queues named with
/// arguments (a stage, a technician's day) are headed by what they name.
pub fn queue(queue: &Queue, lang: Language) -> Option<(&'static str, &'static str)> {
    Some(match (queue, lang) {
        (Queue::Recent, Language::En) => ("Newest", "Newest cases"),
        (Queue::Recent, Language::ZhCn) => ("最新", "最新工单"),
        (Queue::Open, Language::En) => ("Open", "Open cases"),
        (Queue::Open, Language::ZhCn) => ("未结", "未结工单"),
        (Queue::Sla, Language::En) => ("SLA", "Next SLA deadlines"),
        (Queue::Sla, Language::ZhCn) => ("时效", "即将到期的服务时效"),
        (Queue::Outstanding, Language::En) => ("Outstanding", "Units still to come back"),
        (Queue::Outstanding, Language::ZhCn) => ("待寄回", "尚未寄回的设备"),
        (Queue::Approvals, Language::En) => ("Approvals", "Money awaiting approval"),
        (Queue::Approvals, Language::ZhCn) => ("审批", "待审批款项"),
        (Queue::Mine, Language::En) => ("Mine", "My open cases"),
        (Queue::Mine, Language::ZhCn) => ("我的", "我的未结工单"),
        (Queue::Replies, Language::En) => ("Replies", "Customers waiting for my answer"),
        (Queue::Replies, Language::ZhCn) => ("待回复", "等待我回复的客户"),
        (
            Queue::Stage(_)
            | Queue::Owner(_)
            | Queue::Tech { .. }
            | Queue::Serial(_)
            | Queue::Rep(_),
            _,
        ) => return None,
    })
}

/// What a queue row is about, in `lang`: "Movement #2: Inverter",
/// "Entry #1: Refund".
pub fn row_item(item: &RowItem, lang: Language) -> String {
    match item {
        RowItem::Movement { id, item, .. } => movement_detail(lang, *id, item),
        RowItem::Entry { id, kind, .. } => entry_detail(lang, *id, labels::entry_kind(*kind, lang)),
    }
}

/// How long a queue row has waited: "since 23 Nov 2026, 17:41".
pub fn since(lang: Language, when: &str) -> String {
    phrase!(lang, "since {when}", "自 {when} 起")
}

/// A movement a queue row is about: "movement 2: Inverter".
pub fn movement_detail(lang: Language, id: u32, item: &str) -> String {
    phrase!(lang, "Movement #{id}: {item}", "物流 #{id}：{item}")
}

/// A money entry a queue row is about: "entry 1: Refund".
pub fn entry_detail(lang: Language, id: u32, kind: &str) -> String {
    phrase!(lang, "Entry #{id}: {kind}", "款项 #{id}：{kind}")
}
