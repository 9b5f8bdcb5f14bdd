//! The sign-in page.

crate::catalogue! {
    /// The sign-in form.
    pub SignIn {
        heading: "Sign in", "登录";
        intro: "Sign in with your Afterloop account to work on cases.",
            "使用 Afterloop 账号登录，处理售后工单。";
        user: "User name", "用户名";
        password: "Password", "密码";
        missing: "Enter your user name and your password.", "请输入用户名和密码。";
        wrong: "The user name or password is wrong.", "用户名或密码错误。";
        submit: "Sign in", "登录";
        submitting: "Signing in…", "正在登录…";
    }
}
