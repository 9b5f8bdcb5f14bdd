//! Entry point of the customer's bundle: mounts
//! [`afterloop_app::customer::CustomerApp`] on `<body>` in place of the
//! worker's first paint, then marks the page ready (`data-ready`).

fn main() {
    leptos::mount::mount_to_body(afterloop_app::customer::CustomerApp);
    afterloop_app::customer::mark_ready();
}
