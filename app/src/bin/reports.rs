//! Entry point of the reports' bundle: mounts [`afterloop_app::ReportsApp`] on `<body>`.

fn main() {
    leptos::mount::mount_to_body(afterloop_app::ReportsApp);
}
