//! Words people read, in English and Simplified Chinese, for the app and
//! the worker alike: the worker renders the customer's pages on the server
//! with the same phrases the app then shows, so both say the same thing in
//! the same words.
//!
//! Every phrase is a field of a catalogue struct declared with
//! [`catalogue!`], filled in both languages (a missing translation does
//! not compile); phrases with values are built with [`phrase!`]. [`labels`]
//! names domain values (kinds, stages, states), [`customer`] holds the
//! customer's pages' words, [`format`] writes dates, times and money by
//! `Intl` (the browser's or workerd's, both V8 with ICU). Plain Rust and
//! `js-sys`: no Leptos, no worker.
#![deny(missing_docs)]

pub mod customer;
pub mod format;
pub mod labels;

pub use afterloop_domain::case::Language;

/// Declares a catalogue: a struct with one `&'static str` per phrase and
/// `get(lang)` returning the phrases in that language.
///
/// ```ignore
/// catalogue! {
///     /// The sign-in page.
///     pub SignIn {
///         title: "Sign in", "登录";
///     }
/// }
/// ```
#[macro_export]
macro_rules! catalogue {
    ($(#[$doc:meta])* pub $name:ident { $($(#[$fdoc:meta])* $field:ident: $en:expr, $zh:expr;)* }) => {
        $(#[$doc])*
        #[allow(missing_docs)]
        pub struct $name {
            $( $(#[$fdoc])* pub $field: &'static str, )*
        }

        impl $name {
            /// The phrases in `lang`.
            pub fn get(lang: $crate::Language) -> &'static $name {
                match lang {
                    $crate::Language::En => &$name { $($field: $en,)* },
                    $crate::Language::ZhCn => &$name { $($field: $zh,)* },
                }
            }
        }
    };
}

/// A phrase with values, in both languages: the English and the Chinese
/// format strings, then any arguments (or variables captured by name).
///
/// ```ignore
/// pub fn since(lang: Language, when: &str) -> String {
///     phrase!(lang, "since {when}", "自 {when} 起")
/// }
/// ```
#[macro_export]
macro_rules! phrase {
    ($lang:expr, $en:literal, $zh:literal $(, $arg:expr)* $(,)?) => {
        match $lang {
            $crate::Language::En => format!($en $(, $arg)*),
            $crate::Language::ZhCn => format!($zh $(, $arg)*),
        }
    };
}

/// `zh-CN` or `en`, as HTML and `Intl` want it.
pub const fn code(lang: Language) -> &'static str {
    match lang {
        Language::ZhCn => "zh-CN",
        Language::En => "en",
    }
}

/// The language of a tag such as `zh-CN`, `zh`, `en-GB` (case-insensitive):
/// Chinese for any `zh`, English for any `en`, `None` for anything else.
pub fn parse_tag(tag: &str) -> Option<Language> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    match primary.as_str() {
        "zh" => Some(Language::ZhCn),
        "en" => Some(Language::En),
        _ => None,
    }
}
