//! Entry point of the technician's bundle: mounts [`afterloop_app::FieldApp`] on `<body>`.

fn main() {
    leptos::mount::mount_to_body(afterloop_app::FieldApp);
}
