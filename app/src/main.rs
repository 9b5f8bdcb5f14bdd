//! Entry point of the wasm app: mounts [`afterloop_app::App`] on `<body>`.

fn main() {
    leptos::mount::mount_to_body(afterloop_app::App);
}
