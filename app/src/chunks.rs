//! The pages whose code is a wasm chunk of its own, fetched the first time
//! they are shown, so a bundle's first load carries only the pages it shows
//! first (the sign-in form, the work list, the job list, the summary report).
//!
//! A split point lives in its bundle's entry (`src/main.rs`,
//! `src/bin/field.rs`, `src/bin/reports.rs`), made with [`split_point!`], and reaches the app as
//! a [`Loader`] in [`BackOffice`], [`Field`] or [`Reports`]: the splitter's functions are
//! exported from every binary that defines them, so one defined here would
//! put, say, the job page into the back office's main module. `cargo xtask
//! build` cuts each binary at its split points (wasm-split); code two chunks
//! share goes into a shared chunk, code the first page uses stays in the
//! main module.
//!
//! Leptos's `#[lazy]` aborts the whole app if a chunk fails to load; these
//! use the same splitter (`leptos::wasm_split`) with `fallible`, so a failure
//! comes back as [`ChunkError`] and [`Lazy`] shows it.
//!
//! [`Lazy`]: crate::components::Lazy
//! [`ChunkError`]: crate::components::ChunkError

use afterloop_domain::report::{Period, ReportName};
use futures_util::future::LocalBoxFuture;
use leptos::prelude::*;

use crate::components::Chunk;
use crate::pages;

/// Fetches a chunk (once) and makes its page.
pub type Loader = fn() -> LocalBoxFuture<'static, Chunk>;

/// Fetches the reports' chunk (once) and makes the report `name` for a period.
pub type ReportLoader = fn(ReportName, Period) -> LocalBoxFuture<'static, Chunk>;

/// Makes a split point: `split_point!(name(args) => make)` defines `async
/// fn name(args) -> Chunk` whose body `make(args)` is compiled into the
/// chunk `name` of the binary that invokes it.
#[macro_export]
macro_rules! split_point {
    ($(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty),*) => $make:path) => {
        $(#[$doc])*
        #[::leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $name($($arg: $ty),*) -> $crate::components::Chunk {
            Ok($make($($arg),*))
        }
    };
}

/// The back office's pages that load when first shown.
#[derive(Clone, Copy)]
pub struct BackOffice {
    /// The case page (`/cases/:id`), its forms and flows: [`case_page`].
    pub case_page: Loader,
    /// Administration (`/admin`): [`admin_page`].
    pub admin_page: Loader,
    /// A sales rep's home: [`rep_home`].
    pub rep_home: Loader,
    /// The intake form of the work list's "New case" panel: [`intake_form`].
    pub intake_form: Loader,
}

impl BackOffice {
    /// The loaders given to the app, for the pages under it.
    pub fn expect() -> Self {
        expect_context()
    }
}

/// The field app's pages that load when first shown.
#[derive(Clone, Copy)]
pub struct Field {
    /// The job page (`/jobs/:id`): check-in, recording with the outbox's
    /// photo pipeline, the signature pad: [`job_page`].
    pub job_page: Loader,
}

/// The reports' pages that load when first shown.
#[derive(Clone, Copy)]
pub struct Reports {
    /// Every report but the summary, which a first load shows: [`report`].
    pub report: ReportLoader,
}

/// The case page.
pub fn case_page() -> AnyView {
    view! { <pages::CasePage/> }.into_any()
}

/// Administration: users and the policy.
pub fn admin_page() -> AnyView {
    view! { <pages::AdminPage/> }.into_any()
}

/// A sales rep's home: her customers' cases, quotes and briefing.
pub fn rep_home() -> AnyView {
    view! { <pages::RepHome/> }.into_any()
}

/// The intake form; the work list reloads after each case it opened
/// (through the [`IntakeReloads`] in context).
pub fn intake_form() -> AnyView {
    let reloads = expect_context::<IntakeReloads>().0;
    view! { <crate::components::NewCaseForm on_created=move |_| reloads.update(|n| *n += 1)/> }
        .into_any()
}

/// The work list's reload counter, bumped by the intake form.
#[derive(Clone, Copy)]
pub struct IntakeReloads(pub RwSignal<u32>);

/// The job page.
pub fn job_page() -> AnyView {
    view! { <pages::JobPage/> }.into_any()
}

/// A report for a period: quality, service, goods, money or customers
/// (and the summary, which the first load also holds).
pub fn report(name: ReportName, period: Period) -> AnyView {
    pages::report_view(name, period)
}
