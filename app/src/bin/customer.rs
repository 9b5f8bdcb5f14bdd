//! Entry point of the customer's bundle: mounts
//! [`afterloop_app::customer::CustomerApp`] on `<body>`.

fn main() {
    leptos::mount::mount_to_body(afterloop_app::customer::CustomerApp);
}
