//! Entry point of the reports' bundle: its split point (every report but
//! the summary, fetched when first shown, [`afterloop_app::chunks`]) and
//! [`afterloop_app::ReportsApp`] mounted on `<body>`.

use afterloop_app::chunks::{self, Reports};
use afterloop_app::split_point;
use afterloop_domain::report::{Period, ReportName};
use futures_util::FutureExt;

split_point!(report(name: ReportName, period: Period) => chunks::report);

fn main() {
    let chunks = Reports {
        report: |name, period| report(name, period).boxed_local(),
    };
    leptos::mount::mount_to_body(move || {
        afterloop_app::ReportsApp(afterloop_app::ReportsAppProps { chunks })
    });
}
