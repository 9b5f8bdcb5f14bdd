//! The smallest Leptos CSR app: one reactive button. `cargo xtask bench`
//! builds it exactly as it builds the app and compares their sizes.

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        let count = RwSignal::new(0);
        view! {
            <button on:click=move |_| count.update(|n| *n += 1)>
                "Hello, " {count}
            </button>
        }
    });
}
