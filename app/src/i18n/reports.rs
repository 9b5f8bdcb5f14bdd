//! The reports page (managers and staff): periods, report names, figures,
//! table and column names, chart captions.

use afterloop_domain::case::Language;
use afterloop_domain::report::{AgeBucket, Awaiting, Figure, ReportName, ReturnEnding};
use afterloop_domain::sla::RegionClass;

crate::catalogue! {
    /// The reports page.
    pub Reports {
        title: "Reports", "报表";
        nav: "Reports", "报表";
        only_staff: "Only managers and staff can see reports.", "仅经理和客服可查看报表。";
        period: "Period", "期间";
        week: "Week", "周";
        month: "Month", "月";
        custom: "Custom", "自定义";
        from: "From", "开始";
        to: "To", "结束";
        earlier: "‹ Earlier", "‹ 上一期";
        later: "Later ›", "下一期 ›";
        apply: "Show", "查看";
        print: "Print", "打印";
        csv: "CSV", "CSV";
        download: "Download CSV", "下载 CSV";
        loading: "Loading…", "加载中…";
        nothing: "Nothing in this period.", "本期间无数据。";
        figure: "Figure", "指标";
        this_period: "This period", "本期";
        previous_period: "Previous period", "上期";
        change: "Change", "变化";
        compared_with: "compared with", "对比";
        trend: "Cases opened and resolved, last six periods", "近六期新建与解决的工单";
        opened: "Opened", "新建";
        hours_unit: " h", " 小时";
        no_technician: "No technician", "未派工";
        points_unit: " pp", " 个百分点";
        resolved: "Resolved", "已解决";
        pareto: "Root causes (Pareto)", "根因分布(帕累托)";
        pareto_note: "Bars: cases per root cause; line: cumulative share.", "柱:各根因工单数;折线:累计占比。";
        cumulative: "Cumulative", "累计";
        backlog_ages: "Open cases by age", "未结工单账龄";
        sla_trend: "SLA clocks over time (every clock)", "SLA 时效趋势(全部时效项)";
        sla_breached: "Late or overdue", "超时或逾期";
        outstanding_ages: "Defective units not returned, by age", "未返还的故障件(按账龄)";
        units: "units", "件";
        cases: "cases", "单";
        tables: "Tables", "明细表";
        bad_period: "Choose a start date on or before the end date.", "开始日期不能晚于结束日期。";
        sold_title: "Units sold per batch", "各批次销量";
        sold_note: "The failure rate of a batch is its cases per unit sold.", "批次故障率 = 该批次工单数 ÷ 销量。";
        sold_none: "No units-sold figures yet.", "尚未录入销量。";
        batch: "Batch", "批次";
        units_sold: "Units sold", "销量";
        import_csv: "Import a CSV file (columns batch and units, or 批次 and 销量)",
            "导入 CSV 文件（列：批次、销量）";
        imported: "Batches imported:", "已导入批次：";
        save: "Save", "保存";
        saved: "Saved.", "已保存。";
        zero_removes: "0 removes the batch's figure.", "填 0 即删除该批次的销量。";
    }
}

/// A report's name.
pub fn report(name: ReportName, lang: Language) -> &'static str {
    pick(
        lang,
        match name {
            ReportName::Summary => ("Summary", "概览"),
            ReportName::Quality => ("Quality", "质量"),
            ReportName::Service => ("Service", "服务"),
            ReportName::Goods => ("Goods", "物流"),
            ReportName::Money => ("Money", "资金"),
            ReportName::Customers => ("Customers", "客户"),
        },
    )
}

/// A key figure's name.
pub fn figure(f: Figure, lang: Language) -> &'static str {
    pick(
        lang,
        match f {
            Figure::CasesOpened => ("Cases opened", "新建工单"),
            Figure::CasesResolved => ("Cases resolved", "已解决工单"),
            Figure::FirstResponseCompliance => ("First response on time", "首次响应达标率"),
            Figure::OnSiteCompliance => ("On site on time", "上门达标率"),
            Figure::ResolutionCompliance => ("Resolved on time", "解决达标率"),
            Figure::MeanTimeToResolve => ("Mean time to resolve", "平均解决时长"),
            Figure::P90TimeToResolve => ("Time to resolve, 90th percentile", "解决时长 P90"),
            Figure::FirstTimeFix => ("First-time fix rate", "一次修复率"),
            Figure::RecurrenceWithin30Days => ("Back within 30 days", "30 天内复发率"),
            Figure::RecurrenceWithin90Days => ("Back within 90 days", "90 天内复发率"),
            Figure::Satisfaction => ("Satisfaction (1–5)", "满意度(1–5)"),
            Figure::PaidOut => ("Paid to customers", "支付给客户"),
            Figure::PaidIn => ("Paid by customers", "客户支付"),
        },
    )
}

/// An age bucket: "0–2 days", "0–2 天".
pub fn age(bucket: AgeBucket, lang: Language) -> &'static str {
    pick(
        lang,
        match bucket {
            AgeBucket::Days0To2 => ("0–2 days", "0–2 天"),
            AgeBucket::Days3To7 => ("3–7 days", "3–7 天"),
            AgeBucket::Days8To14 => ("8–14 days", "8–14 天"),
            AgeBucket::Days15To30 => ("15–30 days", "15–30 天"),
            AgeBucket::Over30Days => ("Over 30 days", "30 天以上"),
        },
    )
}

/// A region class (a row of the SLA table grouped by region).
pub fn region(region: RegionClass, lang: Language) -> &'static str {
    pick(
        lang,
        match region {
            RegionClass::ProvincialCapital => ("Provincial capital", "省会城市"),
            RegionClass::Other => ("Elsewhere", "其他地区"),
        },
    )
}

/// What pending money waits for.
pub fn awaiting(awaiting: Awaiting, lang: Language) -> &'static str {
    pick(
        lang,
        match awaiting {
            Awaiting::Approval => ("Approval", "待审批"),
            Awaiting::Payment => ("Payment", "待支付"),
        },
    )
}

/// How a return ended.
pub fn ending(ending: ReturnEnding, lang: Language) -> &'static str {
    pick(
        lang,
        match ending {
            ReturnEnding::Exchanged => ("Exchanged", "已换货"),
            ReturnEnding::Refunded => ("Refunded", "已退款"),
            ReturnEnding::Rejected => ("Rejected", "已拒绝"),
            ReturnEnding::Pending => ("Not decided", "未定"),
        },
    )
}

/// The row of a table over every kind.
pub fn all_kinds(lang: Language) -> &'static str {
    pick(lang, ("All kinds", "全部类型"))
}

/// A summary figure's unit, by its CSV name.
pub fn unit(name: &str, lang: Language) -> &str {
    let pair = match name {
        "cases" => ("cases", "单"),
        "percent" => ("%", "%"),
        "hours" => ("hours", "小时"),
        "score" => ("score 1–5", "分(1–5)"),
        _ => return name,
    };
    pick(lang, pair)
}

/// A table's title, by its CSV name.
pub fn table(name: &str, lang: Language) -> &str {
    let pair = match name {
        "pareto_by_model" => ("Root causes by model", "各型号根因"),
        "pareto_by_batch" => ("Root causes by batch", "各批次根因"),
        "failure_rate" => ("Failure rate by batch", "各批次故障率"),
        "recurrence" => ("Recurrence", "复发"),
        "first_time_fix" => ("First-time fix", "一次修复"),
        "top_parts" => ("Top failing parts", "高频故障部件"),
        "sla_trend" => ("SLA over time", "SLA 趋势"),
        "batch_costs" => ("What each batch cost", "各批次售后成本"),
        "sla" => ("SLA compliance", "SLA 达标"),
        "time_to_resolve" => ("Time to resolve", "解决时长"),
        "backlog" => ("Backlog age", "积压账龄"),
        "outstanding_units" => ("Units not returned", "未返还故障件"),
        "inspections" => ("Inspection outcomes", "检验结果"),
        "money_flows" => ("Refunds, credits and charges", "退款、折让与收费"),
        "pending_money" => ("Pending approvals and payments", "待审批与待支付"),
        "payout_vs_paid" => ("Payout against paid", "赔付与客户支付"),
        "cases_by_channel" => ("Cases by channel", "各渠道工单"),
        "satisfaction" => ("Satisfaction", "满意度"),
        "top_requests" => (
            "Most frequent requests (training list)",
            "高频诉求(培训清单)",
        ),
        "summary" => ("Key figures", "关键指标"),
        _ => return name,
    };
    pick(lang, pair)
}

/// What a row of the SLA or satisfaction table is grouped by (its `by` cell).
pub fn grouped_by(raw: &str, lang: Language) -> &str {
    match raw {
        "all" => pick(lang, ("All cases", "全部")),
        "region" => pick(lang, ("Region", "区域")),
        "technician" => pick(lang, ("Technician", "工程师")),
        other => column(other, lang),
    }
}

/// A column's heading, by its CSV name.
pub fn column(name: &str, lang: Language) -> &str {
    let pair = match name {
        "model" => ("Model", "型号"),
        "batch" => ("Batch", "批次"),
        "root_cause" => ("Root cause", "根因"),
        "cases" => ("Cases", "工单数"),
        "share_pct" => ("Share %", "占比 %"),
        "cumulative_pct" => ("Cumulative %", "累计 %"),
        "units_sold" => ("Units sold", "销量"),
        "rate_pct" => ("Rate %", "比率 %"),
        "resolved" => ("Resolved", "已解决"),
        "within_30_days" => ("Back ≤ 30 d", "30 天内复发"),
        "within_30_days_pct" => ("≤ 30 d %", "30 天 %"),
        "within_90_days" => ("Back ≤ 90 d", "90 天内复发"),
        "within_90_days_pct" => ("≤ 90 d %", "90 天 %"),
        "resolved_repairs" => ("Resolved repairs", "已解决维修"),
        "first_time_fixes" => ("First-time fixes", "一次修复"),
        "part" => ("Part", "部件"),
        "metric" => ("Clock", "时效项"),
        "by" => ("By", "维度"),
        "value" => ("Value", "值"),
        "on_time" => ("On time", "达标"),
        "late" => ("Late", "超时完成"),
        "overdue" => ("Overdue", "已逾期"),
        "due_ahead" => ("Due ahead", "即将到期"),
        "from" => ("From", "开始"),
        "to" => ("To", "结束"),
        "compliance_pct" => ("Compliance %", "达标率 %"),
        "kind" => ("Kind", "类型"),
        "mean_hours" => ("Mean h", "平均小时"),
        "p90_hours" => ("P90 h", "P90 小时"),
        "age" => ("Age", "账龄"),
        "units" => ("Units", "件数"),
        "currency" => ("Currency", "币种"),
        "ending" => ("Outcome", "结果"),
        "direction" => ("Direction", "方向"),
        "requested_entries" => ("Requested", "申请数"),
        "requested_amount" => ("Requested amount", "申请金额"),
        "approved_entries" => ("Approved", "批准数"),
        "approved_amount" => ("Approved amount", "批准金额"),
        "rejected_entries" => ("Rejected", "驳回数"),
        "rejected_amount" => ("Rejected amount", "驳回金额"),
        "paid_entries" => ("Paid", "支付数"),
        "paid_amount" => ("Paid amount", "支付金额"),
        "awaiting" => ("Awaiting", "等待"),
        "entries" => ("Entries", "笔数"),
        "amount" => ("Amount", "金额"),
        "cases_with_payout" => ("With payout", "有赔付"),
        "customer_paid" => ("Customers paid", "客户支付"),
        "paid_out" => ("Paid out", "赔付"),
        "payouts" => ("Payouts", "赔付笔数"),
        "charged" => ("Charged", "收费"),
        "net" => ("Net cost", "净成本"),
        "payout_pct" => ("Payout %", "赔付 %"),
        "channel" => ("Channel", "渠道"),
        "answers" => ("Answers", "回复数"),
        "mean" => ("Mean", "平均"),
        "score_1" => ("1", "1"),
        "score_2" => ("2", "2"),
        "score_3" => ("3", "3"),
        "score_4" => ("4", "4"),
        "score_5" => ("5", "5"),
        "figure" => ("Figure", "指标"),
        "unit" => ("Unit", "单位"),
        "current" => ("This period", "本期"),
        "previous" => ("Previous period", "上期"),
        _ => return name,
    };
    pick(lang, pair)
}

fn pick(lang: Language, (en, zh): (&'static str, &'static str)) -> &'static str {
    match lang {
        Language::En => en,
        Language::ZhCn => zh,
    }
}
