//! The frame around every page: the top bar, the language switch, the
//! not-found page, and words many pages share.

crate::catalogue! {
    /// The top bar.
    pub Shell {
        brand: "Afterloop", "Afterloop 售后";
        sign_out: "Sign out", "退出登录";
        language: "Language", "语言";
        not_found_title: "Page not found", "页面不存在";
        not_found_body: "There is nothing at this address.", "此地址没有内容。";
        home: "Back to the cases", "返回工单列表";
        loading: "Loading…", "加载中…";
        retry: "Try again", "重试";
        chunk_loading: "Opening the page…", "正在打开页面…";
        chunk_failed: "This page could not be loaded: check the connection and try again.", "无法加载此页面：请检查网络连接后重试。";
    }
}
