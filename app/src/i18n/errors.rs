//! Errors in the user's language. The domain and the server describe each
//! fault with a stable code (`FieldError.code`, `ErrorBody.error`) and an
//! English sentence; here each known code (with its field, where the field
//! changes the advice) becomes a phrase in the chosen language, its numbers
//! taken from the error's typed `params` (never read back from the English).
//! A code this module does not know shows the server's own sentence, so
//! nothing is hidden.

use afterloop_domain::access::{Action, Refusal};
use afterloop_domain::case::Language;
use afterloop_domain::flow::info::Visibility;
use afterloop_domain::users::{MAX_PASSWORD, MIN_PASSWORD};
use afterloop_domain::wire::ErrorBody;
use afterloop_domain::{FieldError, Title};

use crate::api::ApiError;
use crate::phrase;

crate::catalogue! {
    /// Faults of one field, by code (and field where it matters).
    pub FieldErrors {
        required: "This field is required.", "此项必填。";
        title_required: "Enter a title that says what the case is about.", "请填写标题，说明工单内容。";
        kind_required: "Choose the kind of case: repair, return or refund.", "请选择工单类型：维修、退货或退款。";
        choice_required: "Choose one of the options.", "请从选项中选择一项。";
        price_required: "Record what the customer paid: refunds can never exceed it.",
            "请填写客户实付金额：退款金额不能超过它。";
        too_long: "This is too long.", "内容过长。";
        control_characters: "Line breaks and control characters are not allowed here.",
            "此处不能包含换行符或控制字符。";
        invalid: "This value is not valid.", "此项的值无效。";
        phone_invalid: "Enter a mobile number such as 138 1234 5678, a landline with its area code such as 010 1234 5678, or an international number starting with + such as +49 30 1234567.",
            "请输入手机号（如 138 1234 5678）、带区号的座机号（如 010 1234 5678），或以 + 开头的国际号码（如 +49 30 1234567）。";
        email_invalid: "Enter an email address such as name@example.com.",
            "请输入有效的邮箱地址，例如 name@example.com。";
        date_invalid: "Enter a date between 1900 and 2200.", "请输入 1900 年至 2200 年之间的有效日期。";
        price_invalid: "Enter the price in yuan, such as 1280.00 (at most two decimals).",
            "请以元为单位填写金额，例如 1280.00（最多两位小数）。";
        user_invalid: "A user name has 2 to 32 characters: a–z, 0–9, dot, dash or underscore (such as li.na).",
            "用户名为 2 到 32 个字符，只能使用小写字母、数字、点、连字符或下划线（例如 li.na）。";
        own_account_disabled: "You cannot disable your own account.", "不能停用自己的账号。";
        own_account_role: "You cannot give up your own manager role; ask another manager.",
            "不能取消自己的经理角色，请让另一位经理操作。";
        unknown: "Choose one of the listed options.", "请从列出的选项中选择。";
        contact_required: "Give a phone number or an email address so we can reach the customer.",
            "请填写电话或邮箱，以便联系客户。";
        negative: "The price paid cannot be negative.", "实付金额不能为负数。";
        out_of_range: "This value is out of range.", "此项的值超出允许范围。";
        spare_parts_only: "Only spare parts carry a cost.", "只有备件可以填写成本。";
        not_positive: "This must be above zero.", "此项必须大于零。";
        wrong_direction: "This kind of unit cannot move that way.", "此类货物不能按该方向流转。";
        wrong_kind: "That stage belongs to another kind of case.", "该阶段不属于此类工单。";
        in_future: "The time is in the future: check the phone's clock.", "时间晚于当前时间，请检查手机时钟。";
        too_early: "The time is before the case was opened or the last check-out.",
            "时间早于工单创建时间或上次签退时间。";
        off_the_globe: "The location is not a point on the globe.", "位置坐标无效。";
        duplicate: "This is listed twice.", "此项重复。";
        file_unreadable: "The file is not a CSV file (in a spreadsheet: save as CSV UTF-8).",
            "该文件不是 CSV 文件（表格软件中请另存为 CSV UTF-8）。";
        missing_columns: "The first line must name a batch column and a units column (batch and units, or 批次 and 销量).",
            "第一行须包含批次列和销量列（批次 与 销量，或 batch 与 units）。";
        file_empty: "The file lists no batch.", "文件中没有批次。";
        invisible: "Enter text with at least one visible character.", "请输入至少包含一个可见字符的内容。";
        bidi_control: "Text direction control characters (such as U+202E) are not allowed.",
            "不能包含文字方向控制字符（如 U+202E）。";
        unknown_user: "There is no such user.", "没有这个用户。";
        user_disabled: "This user is disabled; choose an active one.", "该用户已停用，请选择在职用户。";
        owner_wrong_role: "The owner must be a staff member or a manager.", "负责人必须是售后专员或售后经理。";
        technician_wrong_role: "Choose a technician.", "请选择一名技术员。";
        sales_rep_wrong_role: "This user is not a sales rep.", "该用户不是销售代表。";
        wrong_role: "This user does not have the right role.", "该用户的角色不符合要求。";
        currency_mismatch: "Use the case's currency.", "请使用本工单的币种。";
        before_start: "The window must end after it starts.", "结束时间必须晚于开始时间。";
        invalid_window: "The window must end 15 minutes to 24 hours after it starts.",
            "时间段须在开始后 15 分钟至 24 小时内结束。";
        window_in_past: "The window has already ended.", "该时间段已过去。";
        too_far_ahead: "A visit is booked at most a year ahead.", "上门最多提前一年预约。";
        purchase_in_future: "The purchase date cannot be in the future.", "购买日期不能晚于今天。";
        purchase_too_early: "The purchase date must be 1990 or later.", "购买日期不能早于 1990 年。";
        not_public: "Choose a repair or a return; our staff arrange refunds.",
            "请选择维修或退货；退款由我们的工作人员办理。";
        unknown_field: "This field is not part of the form.", "表单中没有此字段。";
    }
}

/// A field error in `lang`, by its code; the server's sentence for an unknown code.
pub fn field(e: &FieldError, lang: Language) -> String {
    let t = FieldErrors::get(lang);
    let field = e.field.as_str();
    let phrase = match e.code.as_str() {
        "required" => match field {
            "title" => t.title_required,
            "kind" => t.kind_required,
            "channel" | "priority" | "region" | "role" | "language" => t.choice_required,
            f if f.starts_with("product.price_paid")
                || f.starts_with("product.stated_price")
                || f.starts_with("command.price_paid") =>
            {
                t.price_required
            }
            _ => t.required,
        },
        "too_short" if field == "title" => {
            let min = Title::MIN_CHARS;
            return phrase!(
                lang,
                "The title needs at least {min} characters.",
                "标题至少需要 {min} 个字符。"
            );
        }
        "too_long" => {
            return match (e.params.max, e.params.actual) {
                (Some(max), Some(has)) => phrase!(
                    lang,
                    "At most {max} characters (this has {has}).",
                    "最多 {max} 个字符（当前 {has} 个）。"
                ),
                (Some(max), None) => {
                    phrase!(lang, "At most {max} characters.", "最多 {max} 个字符。")
                }
                (None, _) => t.too_long.to_owned(),
            };
        }
        "control_characters" => t.control_characters,
        "invalid_password" => {
            let (min, max) = (MIN_PASSWORD, MAX_PASSWORD);
            return phrase!(
                lang,
                "A password has {min} to {max} characters.",
                "密码长度为 {min} 到 {max} 个字符。"
            );
        }
        "invalid_user" => t.user_invalid,
        "own_account" if field == "disabled" => t.own_account_disabled,
        "own_account" => t.own_account_role,
        "invalid" => match field {
            "customer.phone" => t.phone_invalid,
            "customer.email" => t.email_invalid,
            "product.purchase_date" => t.date_invalid,
            "customer.sales_rep" => t.user_invalid,
            f if f.starts_with("product.price_paid") || f.starts_with("product.stated_price") => {
                t.price_invalid
            }
            _ => t.invalid,
        },
        "unknown" => t.unknown,
        "contact_required" => t.contact_required,
        "negative" => t.negative,
        "out_of_range" => t.out_of_range,
        "spare_parts_only" => t.spare_parts_only,
        "not_positive" => t.not_positive,
        "wrong_direction" => t.wrong_direction,
        "wrong_kind" => t.wrong_kind,
        "in_future" if field.ends_with("purchase_date") => t.purchase_in_future,
        "too_early" if field.ends_with("purchase_date") => t.purchase_too_early,
        "in_future" => t.in_future,
        "too_early" => t.too_early,
        "invisible" => t.invisible,
        "bidi_control" => t.bidi_control,
        "unknown_user" => t.unknown_user,
        "user_disabled" => t.user_disabled,
        "wrong_role" => match field {
            "command.owner" | "owner" => t.owner_wrong_role,
            "command.technician" | "technician" => t.technician_wrong_role,
            "customer.sales_rep" => t.sales_rep_wrong_role,
            _ => t.wrong_role,
        },
        "currency_mismatch" => t.currency_mismatch,
        "before_start" => t.before_start,
        "invalid_window" => t.invalid_window,
        "in_past" => t.window_in_past,
        "too_far_ahead" => t.too_far_ahead,
        "not_public" => t.not_public,
        "unknown_field" => t.unknown_field,
        "off_the_globe" => t.off_the_globe,
        "duplicate" => t.duplicate,
        "too_large" => {
            return match e.params.max {
                Some(max) => phrase!(lang, "At most {max}.", "最多 {max}。"),
                None => e.message.clone(),
            };
        }
        "unreadable" | "invalid_encoding" if field == "file" => t.file_unreadable,
        "missing_columns" => t.missing_columns,
        "empty" if field == "file" => t.file_empty,
        "invalid_units" => {
            return match e.params.line {
                Some(line) => phrase!(
                    lang,
                    "Line {line}: the units sold must be a whole number.",
                    "第 {line} 行：销量须为整数。"
                ),
                None => e.message.clone(),
            };
        }
        // A refusal about one field (a conflict, a missing entry) has the
        // request's code.
        code => {
            return code_phrase(code, ApiErrors::get(lang))
                .map_or_else(|| e.message.clone(), str::to_owned)
        }
    };
    phrase.to_owned()
}

crate::catalogue! {
    /// Why the server refused a request, by its error code; and failures on the way.
    pub ApiErrors {
        network: "Could not reach the server. Check the connection and try again.",
            "无法连接服务器。请检查网络后重试。";
        unauthorized: "Your session has ended; sign in again.", "登录已失效，请重新登录。";
        forbidden: "Your role may not do this.", "您的角色无权执行此操作。";
        not_found: "This case or page does not exist.", "该工单或页面不存在。";
        invalid_case_id: "This is not a case number (such as AL-1001).", "这不是有效的工单号（例如 AL-1001）。";
        invalid_version: "This page asked for a case version that does not exist; reload the page.", "页面请求的工单版本无效，请刷新页面。";
        validation_failed: "Some of the input is not valid.", "部分输入无效。";
        too_many_requests: "Too many requests; wait a moment and try again.", "请求过于频繁，请稍后再试。";
        internal: "Something went wrong on our side; nothing was changed. Try again.",
            "服务器出错，未做任何更改。请重试。";
        case_closed: "This case is closed; reopen it first.", "此工单已关闭，请先重新打开。";
        illegal_transition: "The case cannot move to that stage from its current stage.",
            "工单不能从当前阶段转到该阶段。";
        on_hold: "The case is on hold, waiting on the customer; resume it first.",
            "工单已挂起（等待客户），请先恢复处理。";
        already_on_hold: "The case is already on hold.", "工单已处于挂起状态。";
        not_on_hold: "The case is not on hold.", "工单未挂起。";
        dispatch_required: "Dispatch a technician with a time window before scheduling.",
            "请先指派技术员并约定上门时间段，再标记为已安排上门。";
        diagnosis_required: "Record the root cause and resolution before resolving: quality counts on it.",
            "请先记录根因和处理结果，再标记为已解决（质量分析依赖这些数据）。";
        unit_outstanding: "A defective unit is still outstanding; record it received first.",
            "故障设备尚未寄回，请先登记收货。";
        replacement_not_shipped: "Ship the replacement unit (a goods movement) before marking the exchange.",
            "请先发出替换设备（登记货物流转），再标记为已换货。";
        refund_not_paid: "Pay the refund (a money entry) before marking the return refunded.",
            "请先支付退款（款项记录），再标记为已退款。";
        money_not_approved: "Approve a payout entry before approving the refund.",
            "请先批准一笔付款，再批准退款。";
        money_not_paid: "Every approved payout must be paid before the refund is paid.",
            "所有已批准的付款都支付后，才能标记退款已付款。";
        exceeds_customer_paid: "Payouts would total more than the customer paid.",
            "付款总额将超过客户实付金额。";
        no_price_paid: "Record what the customer paid before any money entry.",
            "请先记录客户实付金额，再添加款项。";
        charge_under_warranty: "The product is under warranty: repairs are free.",
            "产品在保修期内，维修免费。";
        already_paid: "This entry was already paid; it is never paid twice.", "此款项已支付，不能重复支付。";
        not_approved: "This entry is not approved yet.", "此款项尚未批准。";
        already_decided: "This entry was already approved or rejected.", "此款项已审批。";
        rejected: "This entry was rejected.", "此款项已被驳回。";
        illegal_movement: "The movement cannot go to that state from its current one.",
            "该货物流转不能从当前状态转到该状态。";
        movement_not_found: "There is no such goods movement on this case.", "此工单没有这条货物流转记录。";
        entry_not_found: "There is no such money entry on this case.", "此工单没有这笔款项。";
        not_closed: "The survey opens when the case is closed.", "工单关闭后才能填写满意度调查。";
        already_answered: "The survey was already answered.", "满意度调查已填写。";
        user_exists: "There is already a user with this name.", "该用户名已存在。";
        not_your_case: "This case is no longer yours: it was reassigned to someone else. Ask the back office.",
            "此工单已不再分配给您（可能已改派他人），请联系后台。";
        not_your_visit: "This visit is now booked for another technician.", "此次上门已改派给其他技术员。";
        not_dispatched: "No technician visit is booked on this case.", "此工单尚未安排技术员上门。";
        already_checked_in: "You are already checked in on this case.", "您已在此工单现场签到。";
        not_checked_in: "Check in before checking out.", "请先签到，再签退。";
        reopen_staff_only: "Only staff or a manager may reopen a resolved or closed case.",
            "只有售后专员或经理可以重新打开已解决或已关闭的工单。";
        below_payouts: "The price paid cannot be less than what is already paid out or committed.",
            "实付金额不能低于已支付或已承诺的退款总额。";
        challenge_failed: "This form has expired; reload the page and send it again.",
            "表单已过期，请刷新页面后重新提交。";
        idempotency_conflict: "This submission was already used for other input; submit again.",
            "此次提交已用于其他内容，请重新提交。";
        challenge_required: "Solve the check first: reload the page and sign in again.",
            "请先完成验证：刷新页面后重新登录。";
        conflicts_with_holiday: "This date is also listed as a holiday; a date is one or the other.",
            "该日期同时被列为节假日；一个日期只能是其中之一。";
        content_mismatch: "The file is not the kind of image it claims to be; choose a JPEG, PNG or WebP photo.",
            "文件内容与声明的图片类型不符，请选择 JPEG、PNG 或 WebP 照片。";
        demo_setup_disabled: "Demo setup is switched off on this server.",
            "此服务器已关闭演示数据设置。";
        bootstrap_disabled: "No bootstrap token is set on this server, so no first manager can be created here.",
            "此服务器未设置初始化令牌，不能在此创建首位经理。";
        bootstrap_token_invalid: "This is not the bootstrap token set on this server.",
            "该令牌与此服务器设置的初始化令牌不符。";
        manager_exists: "A manager exists already; managers create every other user in Admin.",
            "已有经理账号；其他用户请由经理在管理页面创建。";
        not_manager: "The first user must be a manager.",
            "首位用户必须是经理。";
        event_id_reused: "This write was already sent with other content; send it again as a new one.",
            "此操作已以其他内容提交过，请重新提交。";
        event_id_taken: "Someone else's write already used this id; send it again as a new one.",
            "该操作编号已被他人使用，请重新提交。";
        invalid_address: "The client's address is not an IP address.",
            "客户端地址不是有效的 IP 地址。";
        invalid_cursor: "The list changed; load it again from the start.",
            "列表已变化，请从头重新加载。";
        invalid_date: "Enter a date as YYYY-MM-DD.",
            "请按 YYYY-MM-DD 格式填写日期。";
        invalid_event_id: "This write has no valid id; send it again.",
            "此操作缺少有效编号，请重新提交。";
        invalid_format: "Choose JSON or CSV.",
            "请选择 JSON 或 CSV 格式。";
        invalid_idempotency_key: "This submission has no valid key; submit again.",
            "此次提交缺少有效标识，请重新提交。";
        invalid_kind: "Choose a kind that exists (a photo or a signature; a repair, return or refund).",
            "请选择有效的类型（照片或签名；维修、退货或退款）。";
        invalid_limit: "Ask for a page of 1 to 100 rows.",
            "每页须为 1 到 100 行。";
        invalid_movement: "Choose one of the case's goods movements.",
            "请选择此工单的一条货物流转记录。";
        invalid_period: "The end date must not be before the start date.",
            "结束日期不能早于开始日期。";
        invalid_query: "Search for 1 to 100 characters.",
            "请输入 1 至 100 个字符进行搜索。";
        invalid_quote: "There is no such quote.",
            "没有这份报价。";
        invalid_recorded_at: "The time it was recorded is not a time; check the phone's clock.",
            "记录时间无效，请检查手机时钟。";
        invalid_serial: "Enter a serial number.",
            "请输入序列号。";
        invalid_stage: "That stage does not belong to this kind of case.",
            "该阶段不属于此类工单。";
        method_not_allowed: "This address does not take that kind of request.",
            "此地址不接受这种请求。";
        missing_date: "Choose a start and an end date.",
            "请选择开始和结束日期。";
        missing_table: "Choose which table to download.",
            "请选择要下载的表格。";
        no_such_quote: "There is no such quote on this case.",
            "此工单没有这份报价。";
        not_a_repair: "Only repair work is quoted; this case is not a repair.",
            "只有维修工作可以报价，此工单不是维修。";
        not_before_close: "The opening time must be before the closing time.",
            "上班时间必须早于下班时间。";
        not_past: "A past write must lie in the past year.",
            "历史记录的时间必须在过去一年内。";
        not_seeding_manager: "Only the demo manager writes the demo company's past.",
            "只有演示经理可以写入演示公司的历史。";
        past_out_of_order: "The case has later events; write its history in order.",
            "该工单已有更晚的记录，请按时间顺序写入历史。";
        payload_too_large: "The file or request is too large.",
            "文件或请求过大。";
        period_too_long: "A report covers at most two years; choose a shorter period.",
            "报表最多覆盖两年，请选择更短的时间段。";
        photos_only: "A customer sends photos only.",
            "客户只能发送照片。";
        quote_answered: "This quote was already answered.",
            "此报价已答复。";
        quote_changed: "The quote changed; read it again before you answer.",
            "报价已变更，请重新查看后再答复。";
        quote_open: "A quote still waits on the customer's answer; wait for it before sending another.",
            "还有一份报价在等待客户答复，请等其答复后再发送新报价。";
        repairs_only: "Only repairs are charged.",
            "只有维修可以收费。";
        reserved_event_id: "This write's id is reserved; send it again as a new one.",
            "此操作编号为系统保留，请重新提交。";
        self_approval: "You asked for this entry; someone else must approve it.",
            "此款项由您申请，须由他人审批。";
        manager_required: "This amount is above the staff limit; a manager must approve it.",
            "金额超出专员审批额度，须由经理审批。";
        size: "The file is empty or too large.",
            "文件为空或过大。";
        table_without_csv: "Choose CSV to download a table.",
            "下载表格请选择 CSV 格式。";
        too_many: "Too many rows at once; send fewer.",
            "一次提交的行数过多，请减少后再提交。";
        unexpected: "Something went wrong on our side; nothing was changed. Try again.",
            "服务器出错，未做任何更改。请重试。";
        unknown_table: "The report has no such table.",
            "该报表没有这个表格。";
        unsupported: "Choose a JPEG, PNG or WebP image (a signature: PNG or WebP).",
            "请选择 JPEG、PNG 或 WebP 图片（签名须为 PNG 或 WebP）。";
        unsupported_media_type: "The request was sent in a form the server does not read.",
            "请求格式无法被服务器读取。";
        shadowed: "Another target covers the same cases, so this one never applies.",
            "另一条时效目标已覆盖相同的工单，此条永远不会生效。";
        use_attachments: "Send files as uploads, not as commands.",
            "文件须通过上传发送，不能作为命令发送。";
    }
}

/// A refusal of the permission function in `lang`, from the role, action
/// and case it names: "A sales rep may not change the priority on case
/// AL-1378.", "销售代表无权在工单 AL-1378 上修改优先级。".
pub fn refusal(r: &Refusal, lang: Language) -> String {
    match lang {
        Language::En => r.sentence(),
        Language::ZhCn => {
            let role = crate::labels::role(r.role, lang);
            let case = r.case;
            let action = match r.action {
                Action::Read => "查看任何内容",
                Action::ReadInternal => "查看内部信息",
                Action::Open => "新建工单",
                Action::Move => "更改阶段",
                Action::Note(Visibility::Internal) => "添加内部备注",
                Action::Note(Visibility::Public) => "给客户发消息",
                Action::Assign => "更改负责人",
                Action::Dispatch => "派工",
                Action::Hold => "挂起或恢复处理",
                Action::ConfirmPurchase => "确认购买信息",
                Action::Goods => "登记货物流转",
                Action::RequestMoney => "申请款项",
                Action::DecideMoney => "审批款项",
                Action::PayMoney => "登记付款",
                Action::Diagnose => "记录诊断",
                Action::Prioritise => "修改优先级",
                Action::Visit => "签到或签退",
                Action::Attach => "上传附件",
                Action::Survey => "填写满意度调查",
                Action::Quote => "报价",
                Action::AnswerQuote => "答复报价",
                Action::Queues => "查看工作列表",
                Action::Administer => "管理用户",
                Action::Reports => "查看报表",
            };
            format!("{role}无权在工单 {case} 上{action}。")
        }
    }
}

/// The sentence for an error body: a refusal by what it names, its field
/// errors when it has any, else its code.
fn rejected(body: &ErrorBody, lang: Language) -> String {
    let t = ApiErrors::get(lang);
    if let Some(r) = &body.refusal {
        return refusal(r, lang);
    }
    match body.error.as_str() {
        "validation_failed" | "malformed_json" if !body.fields.is_empty() => body
            .fields
            .iter()
            .map(|e| field(e, lang))
            .collect::<Vec<_>>()
            .join(" "),
        code => code_phrase(code, t).map_or_else(|| body.message.clone(), str::to_owned),
    }
}

/// The phrase of a request's error code, if this module knows it.
fn code_phrase(code: &str, t: &'static ApiErrors) -> Option<&'static str> {
    Some(match code {
        "unauthorized" => t.unauthorized,
        "forbidden" => t.forbidden,
        "not_found" => t.not_found,
        "invalid_case_id" => t.invalid_case_id,
        "invalid_version" => t.invalid_version,
        "validation_failed" => t.validation_failed,
        "too_many_requests" => t.too_many_requests,
        "internal" => t.internal,
        "case_closed" => t.case_closed,
        "illegal_transition" => t.illegal_transition,
        "on_hold" => t.on_hold,
        "already_on_hold" => t.already_on_hold,
        "not_on_hold" => t.not_on_hold,
        "dispatch_required" => t.dispatch_required,
        "diagnosis_required" => t.diagnosis_required,
        "unit_outstanding" => t.unit_outstanding,
        "replacement_not_shipped" => t.replacement_not_shipped,
        "refund_not_paid" => t.refund_not_paid,
        "money_not_approved" => t.money_not_approved,
        "money_not_paid" => t.money_not_paid,
        "exceeds_customer_paid" => t.exceeds_customer_paid,
        "no_price_paid" => t.no_price_paid,
        "charge_under_warranty" => t.charge_under_warranty,
        "already_paid" => t.already_paid,
        "not_approved" => t.not_approved,
        "already_decided" => t.already_decided,
        "rejected" => t.rejected,
        "idempotency_conflict" => t.idempotency_conflict,
        "user_exists" => t.user_exists,
        "illegal_movement" => t.illegal_movement,
        "movement_not_found" => t.movement_not_found,
        "entry_not_found" => t.entry_not_found,
        "not_closed" => t.not_closed,
        "already_answered" => t.already_answered,
        "not_your_case" => t.not_your_case,
        "not_your_visit" => t.not_your_visit,
        "not_dispatched" => t.not_dispatched,
        "already_checked_in" => t.already_checked_in,
        "not_checked_in" => t.not_checked_in,
        "reopen_staff_only" => t.reopen_staff_only,
        "below_payouts" => t.below_payouts,
        "challenge_failed" => t.challenge_failed,
        "challenge_required" => t.challenge_required,
        "conflicts_with_holiday" => t.conflicts_with_holiday,
        "content_mismatch" => t.content_mismatch,
        "demo_setup_disabled" => t.demo_setup_disabled,
        "bootstrap_disabled" => t.bootstrap_disabled,
        "bootstrap_token_invalid" => t.bootstrap_token_invalid,
        "manager_exists" => t.manager_exists,
        "not_manager" => t.not_manager,
        "event_id_reused" => t.event_id_reused,
        "event_id_taken" => t.event_id_taken,
        "invalid_address" => t.invalid_address,
        "invalid_cursor" => t.invalid_cursor,
        "invalid_date" => t.invalid_date,
        "invalid_event_id" => t.invalid_event_id,
        "invalid_format" => t.invalid_format,
        "invalid_idempotency_key" => t.invalid_idempotency_key,
        "invalid_kind" => t.invalid_kind,
        "invalid_limit" => t.invalid_limit,
        "invalid_movement" => t.invalid_movement,
        "invalid_period" => t.invalid_period,
        "invalid_query" => t.invalid_query,
        "invalid_quote" => t.invalid_quote,
        "invalid_recorded_at" => t.invalid_recorded_at,
        "invalid_serial" => t.invalid_serial,
        "invalid_stage" => t.invalid_stage,
        "method_not_allowed" => t.method_not_allowed,
        "missing_date" => t.missing_date,
        "missing_table" => t.missing_table,
        "no_such_quote" => t.no_such_quote,
        "not_a_repair" => t.not_a_repair,
        "not_before_close" => t.not_before_close,
        "not_past" => t.not_past,
        "not_seeding_manager" => t.not_seeding_manager,
        "past_out_of_order" => t.past_out_of_order,
        "payload_too_large" => t.payload_too_large,
        "period_too_long" => t.period_too_long,
        "photos_only" => t.photos_only,
        "quote_answered" => t.quote_answered,
        "quote_changed" => t.quote_changed,
        "quote_open" => t.quote_open,
        "repairs_only" => t.repairs_only,
        "reserved_event_id" => t.reserved_event_id,
        "self_approval" => t.self_approval,
        "manager_required" => t.manager_required,
        "size" => t.size,
        "table_without_csv" => t.table_without_csv,
        "too_many" => t.too_many,
        "unexpected" => t.unexpected,
        "unknown_table" => t.unknown_table,
        "unsupported" => t.unsupported,
        "unsupported_media_type" => t.unsupported_media_type,
        "shadowed" => t.shadowed,
        "use_attachments" => t.use_attachments,
        _ => return None,
    })
}

/// An API error in `lang`.
pub fn api(e: &ApiError, lang: Language) -> String {
    match e {
        ApiError::Rejected(body) => rejected(body, lang),
        ApiError::TooMany { retry_after_secs } => {
            let wait = wait(*retry_after_secs, lang);
            phrase!(
                lang,
                "Too many attempts; try again in {wait}.",
                "尝试次数过多，请{wait}后再试。"
            )
        }
        ApiError::Network => ApiErrors::get(lang).network.to_owned(),
        ApiError::Unreadable(detail) => phrase!(
            lang,
            "The server sent an answer this page cannot read ({detail}).",
            "服务器返回了此页面无法读取的内容（{detail}）。"
        ),
    }
}

/// A wait in words: seconds up to two minutes, then whole minutes.
fn wait(secs: u64, lang: Language) -> String {
    match lang {
        Language::En => afterloop_domain::limits::wait_text(secs),
        Language::ZhCn if secs < 120 => format!("{} 秒", secs.max(1)),
        Language::ZhCn => format!("{} 分钟", secs.div_ceil(60)),
    }
}

/// An error caught by an error boundary: an [`ApiError`] in `lang`, anything else as it reads.
pub fn caught(e: &leptos::error::Error, lang: Language) -> String {
    match e.downcast_ref::<ApiError>() {
        Some(e) => api(e, lang),
        None => e.to_string(),
    }
}
