//! The names people read for domain values (kinds, stages, channels,
//! priorities, roles, movement and money states, SLA clocks…), in English
//! and Simplified Chinese. Each function takes the language; each value's
//! arm holds both names, so a value without a translation does not compile.
//! Wire names stay in the domain crate.

use afterloop_domain::access::Role;
use afterloop_domain::case::{Channel, Language, RefundStage, RepairStage, ReturnStage};
use afterloop_domain::flow::goods::{Direction, MovementKind, MovementState};
use afterloop_domain::flow::info::{AttachmentKind, RootCause, Visibility};
use afterloop_domain::flow::money::{EntryKind, EntryState, MoneyDirection};
use afterloop_domain::sla::{ClockState, Metric, Priority};
use afterloop_domain::{CaseKind, Status, Warranty};

use crate::format;

/// The name in `lang` of an `(English, Chinese)` pair.
const fn pick(lang: Language, (en, zh): (&'static str, &'static str)) -> &'static str {
    match lang {
        Language::En => en,
        Language::ZhCn => zh,
    }
}

/// "Repair", "Return", "Refund".
pub const fn kind(kind: CaseKind, lang: Language) -> &'static str {
    pick(
        lang,
        match kind {
            CaseKind::Repair => ("Repair", "维修"),
            CaseKind::Return => ("Return", "退货"),
            CaseKind::Refund => ("Refund", "退款"),
        },
    )
}

/// A stage of any kind of case: `in_repair` reads "In repair", "维修中".
pub const fn stage(status: Status, lang: Language) -> &'static str {
    pick(
        lang,
        match status {
            Status::Repair(s) => match s {
                RepairStage::New => ("New", "新建"),
                RepairStage::Triaged => ("Triaged", "已分诊"),
                RepairStage::Scheduled => ("Visit scheduled", "已安排上门"),
                RepairStage::AwaitingUnit => ("Awaiting the unit", "等待客户寄修"),
                RepairStage::InRepair => ("In repair", "维修中"),
                RepairStage::Resolved => ("Resolved", "已解决"),
                RepairStage::Closed => ("Closed", "已关闭"),
                RepairStage::Cancelled => ("Cancelled", "已取消"),
            },
            Status::Return(s) => match s {
                ReturnStage::Requested => ("Requested", "已申请"),
                ReturnStage::Authorised => ("Authorised", "已批准退货"),
                ReturnStage::InTransit => ("In transit", "退回运输中"),
                ReturnStage::Received => ("Received", "已收货"),
                ReturnStage::Inspected => ("Inspected", "已检验"),
                ReturnStage::Exchanged => ("Exchanged", "已换货"),
                ReturnStage::Refunded => ("Refunded", "已退款"),
                ReturnStage::Rejected => ("Rejected", "已拒绝"),
                ReturnStage::Closed => ("Closed", "已关闭"),
                ReturnStage::Cancelled => ("Cancelled", "已取消"),
            },
            Status::Refund(s) => match s {
                RefundStage::Requested => ("Requested", "待审批"),
                RefundStage::Approved => ("Approved", "已批准"),
                RefundStage::Rejected => ("Rejected", "已拒绝"),
                RefundStage::Paid => ("Paid", "已付款"),
                RefundStage::Closed => ("Closed", "已关闭"),
            },
        },
    )
}

/// Where a case came from.
pub const fn channel(channel: Channel, lang: Language) -> &'static str {
    pick(
        lang,
        match channel {
            Channel::SalesRep => ("Sales rep", "销售代表"),
            Channel::Hotline => ("Hotline", "客服热线"),
            Channel::Email => ("Email", "电子邮件"),
            Channel::WebForm => ("Web form", "网页表单"),
            Channel::Technician => ("Technician", "技术员"),
        },
    )
}

/// How urgent.
pub const fn priority(priority: Priority, lang: Language) -> &'static str {
    pick(
        lang,
        match priority {
            Priority::Low => ("Low", "低"),
            Priority::Normal => ("Normal", "普通"),
            Priority::High => ("High", "高"),
            Priority::Urgent => ("Urgent", "紧急"),
        },
    )
}

/// What a user is.
pub const fn role(role: Role, lang: Language) -> &'static str {
    pick(
        lang,
        match role {
            Role::Technician => ("technician", "技术员"),
            Role::Staff => ("staff", "售后专员"),
            Role::Manager => ("manager", "售后经理"),
            Role::Customer => ("customer", "客户"),
            Role::SalesRep => ("sales rep", "销售代表"),
            Role::System => ("system", "系统"),
        },
    )
}

/// Warranty status, e.g. "In warranty until Mar 1, 2027", "保修期内（至 2027年3月1日）".
pub fn warranty(warranty: Warranty, lang: Language) -> String {
    match warranty {
        Warranty::InWarranty { until } => {
            let until = format::civil_date(until, lang);
            crate::phrase!(lang, "In warranty until {until}", "保修期内（至 {until}）")
        }
        Warranty::Expired { ended } => {
            let ended = format::civil_date(ended, lang);
            crate::phrase!(
                lang,
                "Out of warranty since {ended}",
                "已过保（{ended} 到期）"
            )
        }
        Warranty::Unknown => {
            pick(lang, ("Unknown (no purchase date)", "未知（无购买日期）")).to_owned()
        }
    }
}

/// Who may see an entry.
pub const fn visibility(visibility: Visibility, lang: Language) -> &'static str {
    pick(
        lang,
        match visibility {
            Visibility::Internal => ("Internal", "内部"),
            Visibility::Public => ("Public", "公开"),
        },
    )
}

/// What a file is.
pub const fn attachment_kind(kind: AttachmentKind, lang: Language) -> &'static str {
    pick(
        lang,
        match kind {
            AttachmentKind::Photo => ("photo", "照片"),
            AttachmentKind::Signature => ("signature", "签名"),
        },
    )
}

/// What moves.
pub const fn movement_kind(kind: MovementKind, lang: Language) -> &'static str {
    pick(
        lang,
        match kind {
            MovementKind::DefectiveUnit => ("Defective unit", "故障设备"),
            MovementKind::ReplacementUnit => ("Replacement unit", "替换设备"),
            MovementKind::RepairedUnit => ("Repaired unit", "修复设备"),
            MovementKind::SparePart => ("Spare part", "备件"),
        },
    )
}

/// From where to where.
pub const fn direction(direction: Direction, lang: Language) -> &'static str {
    pick(
        lang,
        match direction {
            Direction::CustomerToCompany => ("customer → company", "客户 → 公司"),
            Direction::CompanyToCustomer => ("company → customer", "公司 → 客户"),
            Direction::StockToSite => ("stock → site", "仓库 → 现场"),
        },
    )
}

/// Where a movement stands.
pub const fn movement_state(state: MovementState, lang: Language) -> &'static str {
    pick(
        lang,
        match state {
            MovementState::Authorised => ("Authorised", "已授权"),
            MovementState::Shipped => ("Shipped", "已发货"),
            MovementState::Received => ("Received", "已收货"),
            MovementState::Inspected => ("Inspected", "已检验"),
            MovementState::Consumed => ("Consumed", "已使用"),
        },
    )
}

/// What a money entry is for.
pub const fn entry_kind(kind: EntryKind, lang: Language) -> &'static str {
    pick(
        lang,
        match kind {
            EntryKind::Refund => ("Refund", "退款"),
            EntryKind::CreditNote => ("Credit note", "贷项通知单"),
            EntryKind::PriceDifference => ("Price difference", "差价"),
            EntryKind::RepairCharge => ("Repair charge", "维修费"),
        },
    )
}

/// Which way money goes.
pub const fn money_direction(direction: MoneyDirection, lang: Language) -> &'static str {
    pick(
        lang,
        match direction {
            MoneyDirection::ToCustomer => ("to customer", "付给客户"),
            MoneyDirection::FromCustomer => ("from customer", "向客户收取"),
        },
    )
}

/// Where a money entry stands.
pub const fn entry_state(state: EntryState, lang: Language) -> &'static str {
    pick(
        lang,
        match state {
            EntryState::Requested => ("Requested", "待审批"),
            EntryState::Approved => ("Approved", "已批准"),
            EntryState::Rejected => ("Rejected", "已驳回"),
            EntryState::Paid => ("Paid", "已付款"),
        },
    )
}

/// A class of root cause.
pub const fn root_cause(cause: RootCause, lang: Language) -> &'static str {
    pick(
        lang,
        match cause {
            RootCause::ComponentFailure => ("Component failure", "元器件故障"),
            RootCause::ManufacturingDefect => ("Manufacturing defect", "制造缺陷"),
            RootCause::Firmware => ("Firmware", "固件问题"),
            RootCause::Installation => ("Installation", "安装问题"),
            RootCause::Misuse => ("Misuse", "使用不当"),
            RootCause::TransportDamage => ("Transport damage", "运输损坏"),
            RootCause::Environment => ("Environment", "环境因素"),
            RootCause::NoFaultFound => ("No fault found", "未发现故障"),
            RootCause::WrongItemOrdered => ("Wrong item ordered", "订错商品"),
            RootCause::Other => ("Other", "其他"),
        },
    )
}

/// What an SLA clock measures.
pub const fn metric(metric: Metric, lang: Language) -> &'static str {
    pick(
        lang,
        match metric {
            Metric::FirstResponse => ("First response", "首次响应"),
            Metric::OnSite => ("On site", "上门到场"),
            Metric::Resolution => ("Resolution", "解决"),
        },
    )
}

/// An SLA clock's state: the class suffix (the same in every language) and the words.
pub const fn clock_state(state: ClockState, lang: Language) -> (&'static str, &'static str) {
    let (class, names) = match state {
        ClockState::OnTrack { .. } => ("on_track", ("On track", "正常")),
        ClockState::AtRisk { .. } => ("at_risk", ("At risk", "即将超时")),
        ClockState::Breached { .. } => ("breached", ("Breached", "已超时")),
        ClockState::Paused { .. } => ("paused", ("Paused", "已暂停")),
        ClockState::Met { on_time: true } => ("met", ("Met", "已按时达成")),
        ClockState::Met { on_time: false } => ("met", ("Met late", "逾期达成")),
    };
    (class, pick(lang, names))
}
