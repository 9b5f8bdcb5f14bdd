//! Entry point of the technician's bundle: its split point (the job page,
//! fetched when first shown, [`afterloop_app::chunks`]) and
//! [`afterloop_app::FieldApp`] mounted on `<body>`.

use afterloop_app::chunks::{self, Field};
use afterloop_app::split_point;
use futures_util::FutureExt;

split_point!(job_page() => chunks::job_page);

fn main() {
    let chunks = Field {
        job_page: || job_page().boxed_local(),
    };
    leptos::mount::mount_to_body(move || {
        afterloop_app::FieldApp(afterloop_app::FieldAppProps { chunks })
    });
}
