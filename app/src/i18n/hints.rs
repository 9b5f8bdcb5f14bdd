//! Hints the intake form gives while it is being filled in: warranty status
//! from the purchase date, and open cases for the same serial number.

use afterloop_domain::case::Language;

crate::catalogue! {
    /// Intake hints.
    pub Hints {
        warranty: "Warranty", "保修状态";
        warranty_unknown: "Give the purchase date to see the warranty.", "填写购买日期后显示保修状态。";
        duplicates: "Open cases for this serial number", "该序列号已有未结工单";
        duplicate_warning: "Check before opening another one.", "新建前请先确认是否重复。";
        no_duplicates: "No open case for this serial number.", "该序列号没有未结工单。";
    }
}

/// "2 open cases" / "2 个未结工单".
pub fn open_count(n: usize, lang: Language) -> String {
    match lang {
        Language::En if n == 1 => "1 open case".to_owned(),
        Language::En => format!("{n} open cases"),
        Language::ZhCn => format!("{n} 个未结工单"),
    }
}
