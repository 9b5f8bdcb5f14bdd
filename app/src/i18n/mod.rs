//! Languages: Simplified Chinese and English, as one typed catalogue.
//!
//! Every word a page shows comes from a catalogue struct declared with
//! [`catalogue!`]: one field per phrase, filled in both languages, so a
//! missing translation does not compile. Each area of the app keeps its own
//! struct (in its own module here), and reads it with `Texts::get(lang)`.
//! Phrases with values are small functions of those modules built with
//! [`phrase!`], which also takes both languages. Names of domain values
//! (stages, channels…) are in [`crate::labels`]; validation and API errors
//! are translated by their stable codes in [`errors`]. Dates, times and
//! money are formatted by the browser's `Intl` for the chosen language
//! ([`format`]).
//!
//! The language is the user's choice (kept in `localStorage`), else the
//! browser's. Switching re-renders the routed page, so every label changes.

pub mod admin;
pub mod case;
pub mod case_actions;
pub mod cases;
pub mod customer;
pub mod errors;
pub mod format;
pub mod hints;
pub mod intake;
pub mod jobs;
pub mod queues;
pub mod rep;
pub mod reports;
pub mod shell;
pub mod signin;
pub mod timeline;

use afterloop_domain::case::Language;
use leptos::prelude::*;

const STORAGE_KEY: &str = "afterloop.lang";

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
            pub fn get(lang: afterloop_domain::case::Language) -> &'static $name {
                match lang {
                    afterloop_domain::case::Language::En => &$name { $($field: $en,)* },
                    afterloop_domain::case::Language::ZhCn => &$name { $($field: $zh,)* },
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
            afterloop_domain::case::Language::En => format!($en $(, $arg)*),
            afterloop_domain::case::Language::ZhCn => format!($zh $(, $arg)*),
        }
    };
}

/// The chosen language, shared through the app's context.
#[derive(Clone, Copy)]
pub struct Lang(RwSignal<Language>);

impl Lang {
    /// Puts the language in context: the stored choice, else the browser's.
    pub fn provide() -> Lang {
        let lang = Lang(RwSignal::new(stored().unwrap_or_else(browser)));
        set_document_lang(lang.0.get_untracked());
        provide_context(lang);
        lang
    }

    /// The language in context (English if none was provided).
    pub fn current() -> Language {
        use_context::<Lang>().map_or(Language::En, |l| l.0.get_untracked())
    }

    /// The language, tracked: a view reading it re-renders on a switch.
    pub fn get(self) -> Language {
        self.0.get()
    }

    /// Switches language and remembers the choice.
    pub fn set(self, lang: Language) {
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, code(lang));
        }
        set_document_lang(lang);
        self.0.set(lang);
    }

    /// Shows a page in `lang` unless the user chose a language on this
    /// device (a customer's link opens in the language of their request);
    /// not remembered, so it stays the page's default, not a choice.
    pub fn default_to(self, lang: Language) {
        if stored().is_none() && self.0.get_untracked() != lang {
            set_document_lang(lang);
            self.0.set(lang);
        }
    }

    /// The `Lang` in context.
    pub fn expect() -> Lang {
        use_context::<Lang>().expect("Lang::provide runs in App")
    }
}

/// `zh-CN` or `en`, as HTML and `Intl` want it.
pub const fn code(lang: Language) -> &'static str {
    match lang {
        Language::ZhCn => "zh-CN",
        Language::En => "en",
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn stored() -> Option<Language> {
    match storage()?.get_item(STORAGE_KEY).ok()??.as_str() {
        "zh-CN" => Some(Language::ZhCn),
        "en" => Some(Language::En),
        _ => None,
    }
}

fn browser() -> Language {
    let lang = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if lang.starts_with("zh") {
        Language::ZhCn
    } else {
        Language::En
    }
}

fn set_document_lang(lang: Language) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", code(lang));
    }
}
