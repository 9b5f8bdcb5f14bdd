//! Entry point of the back office: its split points (the pages fetched
//! when first shown, [`afterloop_app::chunks`]) and [`afterloop_app::App`]
//! mounted on `<body>`.

use afterloop_app::chunks::{self, BackOffice};
use afterloop_app::split_point;
use futures_util::FutureExt;

split_point!(case_page() => chunks::case_page);
split_point!(admin_page() => chunks::admin_page);
split_point!(rep_home() => chunks::rep_home);
split_point!(intake_form() => chunks::intake_form);

fn main() {
    let chunks = BackOffice {
        case_page: || case_page().boxed_local(),
        admin_page: || admin_page().boxed_local(),
        rep_home: || rep_home().boxed_local(),
        intake_form: || intake_form().boxed_local(),
    };
    leptos::mount::mount_to_body(move || afterloop_app::App(afterloop_app::AppProps { chunks }));
}
