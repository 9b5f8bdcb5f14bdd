//! A page whose code is a chunk of its own (see [`crate::chunks`]), fetched
//! the first time it is shown: a short loading line in the reader's
//! language meanwhile, and a readable error with a retry if the chunk cannot
//! be fetched (offline with nothing cached), never a blank page.

use std::future::Future;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use send_wrapper::SendWrapper;

use crate::i18n::shell::Shell;
use crate::i18n::Lang;

/// A chunk that could not be fetched or instantiated (the browser's
/// console has the detail).
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("a part of the app could not be loaded")]
pub struct ChunkError;

impl From<SplitLoaderError> for ChunkError {
    fn from(_: SplitLoaderError) -> Self {
        ChunkError
    }
}

/// What a split point answers: the view its chunk made, or why the chunk
/// did not load.
pub type Chunk = Result<AnyView, ChunkError>;

/// Shows the view `load` makes once its chunk is in; a failed load can be
/// tried again (the loader keeps no failure).
#[component]
pub fn Lazy<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Chunk> + 'static,
{
    let text = Shell::get(Lang::current());
    let attempt = RwSignal::new(0u32);
    let load = StoredValue::new(load);
    view! {
        <Suspense fallback=move || view! {
            <p class="muted chunk-loading" role="status">{text.chunk_loading}</p>
        }>
            {move || {
                attempt.track();
                let future = SendWrapper::new(load.with_value(|load| load()));
                Suspend::new(async move {
                    match future.await {
                        Ok(view) => view,
                        Err(_) => view! {
                            <div class="chunk-failed" role="alert">
                                <p class="form-error">{text.chunk_failed}</p>
                                <button type="button" class="secondary"
                                    on:click=move |_| attempt.update(|n| *n += 1)>
                                    {text.retry}
                                </button>
                            </div>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
